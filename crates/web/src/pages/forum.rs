//! Forum pages: the recurring meetings of an organisation and their yearly schedule.

use super::{Errs, render_status, split_invalid};
use crate::AppState;
use crate::ctx::{Ctx, SignedIn};
use crate::error::PageError;
use crate::form::CsrfForm;
use crate::form::meeting::ForumForm;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Datelike;
use domain::meeting::ForumKind;
use serde::Deserialize;
use store::meeting::{Forum, ForumMember, Meeting};
use store::org::Org;

#[derive(Template)]
#[template(path = "forums/index.html")]
struct IndexPage {
    title: String,
    ctx: Ctx,
    forums: Vec<Forum>,
    kinds: &'static [ForumKind],
    orgs: Vec<Org>,
    errs: Errs,
}

async fn index_page(st: &AppState, s: &SignedIn, errs: Errs) -> Result<Response, PageError> {
    let forums = app::meeting::forums(&st.app, &s.actor).await?;
    let orgs = app::org::choices(&st.app, &s.actor)
        .await?
        .into_iter()
        .filter(|o| o.kind != domain::org::OrgKind::Posyandu)
        .collect();
    let ctx = Ctx::new(&s.visitor);
    let status = errs.status();
    Ok(render_status(
        status,
        &IndexPage {
            title: ctx.t("forums.title").into(),
            ctx,
            forums,
            kinds: ForumKind::ALL,
            orgs,
            errs,
        },
    ))
}

pub async fn index(State(st): State<AppState>, s: SignedIn) -> Result<Response, PageError> {
    index_page(&st, &s, Errs::none()).await
}

pub async fn create(
    State(st): State<AppState>,
    s: SignedIn,
    CsrfForm(f): CsrfForm<ForumForm>,
) -> Result<Response, PageError> {
    let created = match f.input() {
        Ok(input) => app::meeting::create_forum(&st.app, &s.actor, &input).await,
        Err(inv) => Err(inv.into()),
    };
    match created {
        Ok(id) => Ok(Redirect::to(&format!("/forums/{id}")).into_response()),
        Err(e) => index_page(&st, &s, Errs::new(s.visitor.lang, split_invalid(e)?)).await,
    }
}

#[derive(Template)]
#[template(path = "forums/show.html")]
struct ShowPage {
    title: String,
    ctx: Ctx,
    forum: Forum,
    meetings: Vec<Meeting>,
    /// Standing members, and whether the visitor may change them.
    members: Vec<ForumMember>,
    editable: bool,
    /// Organisations that may become members (the host's kecamatan), members left out.
    candidates: Vec<Org>,
    year: i32,
    weekdays: Vec<(&'static str, &'static str)>,
    errs: Errs,
}

async fn show_page(st: &AppState, s: &SignedIn, id: i64, errs: Errs) -> Result<Response, PageError> {
    let (forum, meetings) = app::meeting::forum(&st.app, &s.actor, id).await?;
    let (members, editable) = app::meeting::forum_members(&st.app, &s.actor, id).await?;
    let candidates = if editable {
        let mut c = super::meeting::invite_candidates(st, s, Some(&forum.org_region_code)).await?;
        c.retain(|o| o.id != forum.org_id && !members.iter().any(|m| m.org_id == o.id));
        c
    } else {
        Vec::new()
    };
    let ctx = Ctx::new(&s.visitor);
    let weekdays = vec![
        ("mon", "Senin"),
        ("tue", "Selasa"),
        ("wed", "Rabu"),
        ("thu", "Kamis"),
        ("fri", "Jumat"),
    ];
    let status = errs.status();
    let year = st.app.clock().today_for(&s.actor).year();
    Ok(render_status(
        status,
        &ShowPage {
            title: forum.name.clone(),
            ctx,
            forum,
            meetings,
            members,
            editable,
            candidates,
            year,
            weekdays,
            errs,
        },
    ))
}

pub async fn show(State(st): State<AppState>, s: SignedIn, Path(id): Path<i64>) -> Result<Response, PageError> {
    show_page(&st, &s, id, Errs::none()).await
}

#[derive(Deserialize, Default)]
pub struct ScheduleForm {
    #[serde(default)]
    year: String,
    #[serde(default)]
    weekday: String,
    #[serde(default)]
    nth: String,
}

pub async fn schedule(
    State(st): State<AppState>,
    s: SignedIn,
    Path(id): Path<i64>,
    CsrfForm(f): CsrfForm<ScheduleForm>,
) -> Result<Response, PageError> {
    let year = f.year.trim().parse::<i32>().unwrap_or(0);
    let weekday = f.weekday.parse::<chrono::Weekday>().unwrap_or(chrono::Weekday::Tue);
    let nth = f.nth.trim().parse::<u32>().unwrap_or(2).clamp(1, 5);
    match app::meeting::generate_schedule(&st.app, &s.actor, id, year, weekday, nth, None).await {
        Ok(_) => Ok(Redirect::to(&format!("/forums/{id}")).into_response()),
        Err(e) => show_page(&st, &s, id, Errs::new(s.visitor.lang, split_invalid(e)?)).await,
    }
}

#[derive(Deserialize, Default)]
pub struct MembersForm {
    #[serde(default)]
    org_ids: Vec<String>,
    #[serde(default)]
    all_desa: String,
}

/// POST /forums/{id}/members: the standing members (the ticked organisations) and whether
/// every desa of the wilayah kerja is invited.
pub async fn members(
    State(st): State<AppState>,
    s: SignedIn,
    Path(id): Path<i64>,
    CsrfForm(f): CsrfForm<MembersForm>,
) -> Result<Response, PageError> {
    let ids: Result<Vec<i64>, _> = f.org_ids.iter().map(|i| i.trim().parse::<i64>()).collect();
    let r = match ids {
        Ok(ids) => app::meeting::set_forum_members(&st.app, &s.actor, id, &ids, !f.all_desa.is_empty()).await,
        Err(_) => Err(domain::Invalid::one("org_ids", "org.unknown").into()),
    };
    match r {
        Ok(()) => Ok(Redirect::to(&format!("/forums/{id}#members")).into_response()),
        Err(e) => show_page(&st, &s, id, Errs::new(s.visitor.lang, split_invalid(e)?)).await,
    }
}
