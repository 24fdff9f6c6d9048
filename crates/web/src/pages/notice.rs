//! Notices: the account's list (`/notices`: unread first, then the most urgent, each linking
//! to its meeting or action) and marking one or all read (`POST /notices/read`).

use super::{Errs, render_status, split_invalid};
use crate::AppState;
use crate::ctx::{Ctx, SignedIn};
use crate::error::PageError;
use crate::form::CsrfForm;
use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use store::notice::Notice;

/// A notice as listed: what it is about, where it leads, and its date as the page writes it.
pub struct Row {
    pub n: Notice,
    pub href: String,
    pub date: String,
}

#[derive(Template)]
#[template(path = "notices/index.html")]
struct IndexPage {
    title: String,
    ctx: Ctx,
    rows: Vec<Row>,
    unread: usize,
    has_org: bool,
    errs: Errs,
}

fn rows(list: Vec<Notice>) -> Vec<Row> {
    list.into_iter()
        .map(|n| {
            let href = if n.kind.is_meeting() {
                format!("/meetings/{}", n.entity_id)
            } else {
                format!("/actions/{}", n.entity_id)
            };
            let date = match n.on_date {
                Some(d) if n.kind.is_meeting() => match &n.start_time {
                    Some(t) => format!("{} {t} {}", d.format("%d/%m/%Y"), crate::format::zone(&n.region_code)),
                    None => d.format("%d/%m/%Y").to_string(),
                },
                Some(d) => d.format("%d/%m/%Y").to_string(),
                None => String::new(),
            };
            Row { n, href, date }
        })
        .collect()
}

async fn page(st: &AppState, s: &SignedIn, ctx: Ctx, errs: Errs) -> Result<Response, PageError> {
    let list = app::notice::list(&st.app, &s.actor).await?;
    let unread = list.iter().filter(|n| n.is_read == 0).count();
    Ok(render_status(
        errs.status(),
        &IndexPage {
            title: ctx.t("notices.title").into(),
            has_org: s.actor.org_id.is_some(),
            ctx,
            rows: rows(list),
            unread,
            errs,
        },
    ))
}

pub async fn index(State(st): State<AppState>, s: SignedIn) -> Result<Response, PageError> {
    let ctx = Ctx::new(&s.visitor);
    page(&st, &s, ctx, Errs::none()).await
}

/// Which notice to mark read: a kind and an id, or neither for all of them.
#[derive(Deserialize, Default)]
pub struct ReadForm {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    id: String,
    /// Where to go afterwards: the notice's own page (`open`), else the list.
    #[serde(default)]
    open: String,
}

/// POST /notices/read
pub async fn read(
    State(st): State<AppState>,
    s: SignedIn,
    CsrfForm(f): CsrfForm<ReadForm>,
) -> Result<Response, PageError> {
    let one = if f.kind.trim().is_empty() && f.id.trim().is_empty() {
        None
    } else {
        match app::notice::parse_ref(&f.kind, &f.id) {
            Ok(r) => Some(r),
            Err(inv) => {
                let ctx = Ctx::new(&s.visitor);
                return page(&st, &s, ctx, Errs::new(s.visitor.lang, inv)).await;
            }
        }
    };
    match app::notice::mark_read(&st.app, &s.actor, one).await {
        Ok(_) => {
            let to = match one {
                Some((k, id)) if !f.open.is_empty() => {
                    if k.is_meeting() {
                        format!("/meetings/{id}")
                    } else {
                        format!("/actions/{id}")
                    }
                }
                _ => "/notices".to_string(),
            };
            Ok(Redirect::to(&to).into_response())
        }
        Err(e) => {
            let inv = split_invalid(e)?;
            let ctx = Ctx::new(&s.visitor);
            page(&st, &s, ctx, Errs::new(s.visitor.lang, inv)).await
        }
    }
}
