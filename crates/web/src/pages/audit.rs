//! The audit log browser (administrators only).

use super::{Pager, query, render};
use crate::AppState;
use crate::ctx::{Ctx, SignedIn};
use crate::error::PageError;
use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use serde::Deserialize;
use store::audit::{AuditEntry, AuditFilter};

#[derive(Deserialize, Default)]
pub struct AuditQuery {
    #[serde(default)]
    pub entity: String,
    #[serde(default)]
    pub username: String,
    #[serde(default)]
    pub action: String,
    #[serde(default)]
    pub from: String,
    #[serde(default)]
    pub to: String,
    #[serde(default)]
    pub page: Option<i64>,
}

impl AuditQuery {
    pub fn filter(&self, limit: i64, offset: i64) -> AuditFilter {
        let opt = |s: &str| Some(s.trim().to_string()).filter(|s| !s.is_empty());
        AuditFilter {
            entity: opt(&self.entity),
            entity_id: None,
            username: opt(&self.username).map(|u| u.to_ascii_lowercase()),
            action: opt(&self.action),
            from: domain::person::parse_date(&self.from).ok().flatten(),
            to: domain::person::parse_date(&self.to).ok().flatten(),
            limit,
            offset,
        }
    }
}

#[derive(Template)]
#[template(path = "audit/index.html")]
struct IndexPage {
    title: String,
    ctx: Ctx,
    f: AuditQuery,
    entries: Vec<AuditEntry>,
    total: i64,
    pager: Pager,
}

pub async fn index(
    State(st): State<AppState>,
    s: SignedIn,
    Query(f): Query<AuditQuery>,
) -> Result<Response, PageError> {
    let page = f.page.unwrap_or(1).max(1);
    let (entries, total) = app::audit::list(&st.app, &s.actor, &f.filter(Pager::PER_PAGE, Pager::offset(page))).await?;
    let pager = Pager::new(
        page,
        total,
        query(&[
            ("entity", &f.entity),
            ("username", &f.username),
            ("action", &f.action),
            ("from", &f.from),
            ("to", &f.to),
        ]),
    );
    let ctx = Ctx::new(&s.visitor);
    Ok(render(&IndexPage {
        title: ctx.t("audit.title").into(),
        ctx,
        f,
        entries,
        total,
        pager,
    }))
}
