//! Region browser and forgiving search.

use crate::AppState;
use crate::ctx::{Ctx, SignedIn};
use crate::error::PageError;
use app::region::RegionView;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use serde::Deserialize;
use store::org::{Org, OrgFilter};
use store::region::Region;

#[derive(Template)]
#[template(path = "regions/index.html")]
struct IndexPage {
    title: String,
    ctx: Ctx,
    q: String,
    level: String,
    levels: Vec<(String, &'static str)>,
    searched: bool,
    hits: Vec<RegionView>,
    top: Vec<Region>,
    /// Provinces, regencies, kecamatan and desa loaded, and the decree they come from.
    counts: [i64; 4],
    edition: Option<String>,
}

#[derive(Deserialize, Default)]
pub struct SearchQuery {
    #[serde(default)]
    q: String,
    #[serde(default)]
    level: String,
}

pub async fn index(
    State(st): State<AppState>,
    s: SignedIn,
    Query(q): Query<SearchQuery>,
) -> Result<Response, PageError> {
    let level = q.level.parse::<i16>().ok().filter(|l| (1..=4).contains(l));
    let searched = !q.q.trim().is_empty();
    let hits = if searched {
        app::region::search(&st.app.store, &s.actor, &q.q, level, None, 100).await?
    } else {
        Vec::new()
    };
    let top = if searched {
        Vec::new()
    } else {
        app::region::children(&st.app.store, &s.actor, None).await?
    };
    let (counts, edition) = app::region::summary(&st.app.store).await?;
    let edition = edition.map(|e| e.decree);
    let ctx = Ctx::new(&s.visitor);
    let levels = vec![
        ("1".to_string(), "level.province"),
        ("2".to_string(), "level.regency"),
        ("3".to_string(), "level.district"),
        ("4".to_string(), "level.village"),
    ];
    Ok(super::render(&IndexPage {
        title: ctx.t("regions.title").into(),
        ctx,
        q: q.q,
        level: q.level,
        levels,
        searched,
        hits,
        top,
        counts,
        edition,
    }))
}

#[derive(Template)]
#[template(path = "regions/show.html")]
struct ShowPage {
    title: String,
    ctx: Ctx,
    view: RegionView,
    children: Vec<Region>,
    orgs: Vec<Org>,
}

pub async fn show(State(st): State<AppState>, s: SignedIn, Path(code): Path<String>) -> Result<Response, PageError> {
    let view = app::region::get(&st.app.store, &s.actor, &code)
        .await
        .map_err(|e| match e {
            app::AppError::Invalid(_) => PageError::App(app::AppError::NotFound),
            other => other.into(),
        })?;
    let children = app::region::children(&st.app.store, &s.actor, Some(&view.region.code)).await?;
    let orgs = if view.region.level >= 3 {
        let f = OrgFilter {
            within: Some(view.region.code.clone()),
            limit: 200,
            ..Default::default()
        };
        app::org::list(&st.app, &s.actor, &f).await?.0
    } else {
        Vec::new()
    };
    let ctx = Ctx::new(&s.visitor);
    Ok(super::render(&ShowPage {
        title: view.region.name.clone(),
        ctx,
        view,
        children,
        orgs,
    }))
}
