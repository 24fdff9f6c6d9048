//! Meeting pages: list, create, edit, the meeting page with its sections, printable
//! attendance list, RTL matrix (page, CSV, XLSX) and berita acara.

use super::{Errs, Pager, render, render_status, split_invalid};
use crate::AppState;
use crate::ctx::{Ctx, SignedIn};
use crate::error::PageError;
use crate::form::action::ActionForm;
use crate::form::meeting::{AttendeeForm, MeetingForm};
use crate::form::problem::ProblemForm;
use crate::form::{CsrfForm, CsrfMultipart};
use crate::i18n::{self, Lang};
use app::meeting::MeetingView;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Datelike;
use domain::action::BudgetSource;
use domain::meeting::{ForumKind, MeetingLevel};
use domain::problem::{CauseCategory, ProblemCategory};
use serde::Deserialize;
use store::meeting::{Forum, Meeting, MeetingFilter};
use store::org::{Org, OrgFilter};

mod plan;
mod print;
mod pws;
mod show;

pub use print::*;
pub use pws::{accept_proposal, dismiss_proposal};
pub use show::*;

#[derive(Template)]
#[template(path = "meetings/index.html")]
struct IndexPage {
    title: String,
    ctx: Ctx,
    upcoming: Vec<Meeting>,
    past: Vec<Meeting>,
    pager: Pager,
}

#[derive(Deserialize, Default)]
pub struct ListQuery {
    #[serde(default)]
    page: Option<i64>,
}

pub async fn index(State(st): State<AppState>, s: SignedIn, Query(q): Query<ListQuery>) -> Result<Response, PageError> {
    let today = st.app.clock().today_for(&s.actor);
    let upcoming = app::meeting::upcoming(&st.app, &s.actor, today, 20).await?;
    let page = q.page.unwrap_or(1).max(1);
    let (past, total) = app::meeting::list(
        &st.app,
        &s.actor,
        &MeetingFilter {
            side: Some((store::meeting::Side::Past, today)),
            limit: Pager::PER_PAGE,
            offset: Pager::offset(page),
            newest_first: true,
            ..Default::default()
        },
    )
    .await?;
    let ctx = Ctx::new(&s.visitor);
    Ok(render(&IndexPage {
        title: ctx.t("meetings.title").into(),
        ctx,
        upcoming,
        past,
        pager: Pager::new(page, total, String::new()),
    }))
}

#[derive(Template)]
#[template(path = "meetings/form.html")]
struct FormPage {
    title: String,
    ctx: Ctx,
    action: String,
    cancel: String,
    form: MeetingForm,
    errs: Errs,
    kinds: &'static [ForumKind],
    levels: &'static [MeetingLevel],
    forums: Vec<Forum>,
    orgs: Vec<Org>,
    invite: Vec<Org>,
}

pub(crate) async fn writable_orgs(st: &AppState, s: &SignedIn) -> Result<Vec<Org>, PageError> {
    Ok(app::org::choices(&st.app, &s.actor)
        .await?
        .into_iter()
        .filter(|o| {
            domain::access::can(
                &s.actor,
                domain::access::Act::Write,
                domain::access::Target::Org {
                    id: o.id,
                    region: &o.region_code,
                },
            )
            .is_ok()
        })
        .collect())
}

/// Organisations worth inviting: those in the host's kecamatan (or district), any sector.
pub(super) async fn invite_candidates(
    st: &AppState,
    s: &SignedIn,
    host_region: Option<&str>,
) -> Result<Vec<Org>, PageError> {
    let within = host_region.map(|r| r.split('.').take(3).collect::<Vec<_>>().join("."));
    let f = OrgFilter {
        within,
        limit: 400,
        ..Default::default()
    };
    let mut orgs = app::org::list(&st.app, &s.actor, &f).await?.0;
    orgs.retain(|o| o.kind != domain::org::OrgKind::Posyandu);
    orgs.sort_by(|a, b| a.sector.as_str().cmp(b.sector.as_str()).then(a.name.cmp(&b.name)));
    Ok(orgs)
}

async fn form_page(
    st: &AppState,
    s: &SignedIn,
    id: Option<i64>,
    form: MeetingForm,
    errs: Errs,
) -> Result<Response, PageError> {
    let ctx = Ctx::new(&s.visitor);
    let orgs = writable_orgs(st, s).await?;
    let forums = app::meeting::forums(&st.app, &s.actor).await?;
    let host_region = orgs
        .iter()
        .find(|o| o.id.to_string() == form.host_org_id)
        .map(|o| o.region_code.clone());
    let invite = if id.is_none() {
        invite_candidates(
            st,
            s,
            host_region.as_deref().or(orgs.first().map(|o| o.region_code.as_str())),
        )
        .await?
    } else {
        Vec::new()
    };
    let (title, action, cancel) = super::form_target(&ctx, id, "/meetings", "meetings.new", "meetings.edit");
    let status = errs.status();
    Ok(render_status(
        status,
        &FormPage {
            title,
            ctx,
            action,
            cancel,
            form,
            errs,
            kinds: ForumKind::ALL,
            levels: MeetingLevel::ALL,
            forums,
            orgs,
            invite,
        },
    ))
}

#[derive(Deserialize, Default)]
pub struct NewQuery {
    #[serde(default)]
    forum_id: String,
    #[serde(default)]
    host_org_id: String,
    #[serde(default)]
    kind: String,
}

pub async fn new(State(st): State<AppState>, s: SignedIn, Query(q): Query<NewQuery>) -> Result<Response, PageError> {
    // A read-only account is told at once, not after filling the form in.
    if !domain::access::writes_at_all(&s.actor) {
        return Err(app::AppError::Forbidden.into());
    }
    let host = if q.host_org_id.is_empty() {
        s.actor.org_id.map(|o| o.to_string()).unwrap_or_default()
    } else {
        q.host_org_id
    };
    let form = MeetingForm {
        forum_id: q.forum_id,
        host_org_id: host,
        kind: q.kind,
        held_on: st.app.clock().today_for(&s.actor).to_string(),
        start_time: "09:00".into(),
        ..Default::default()
    };
    form_page(&st, &s, None, form, Errs::none()).await
}

#[derive(Deserialize, Default)]
pub struct MeetingPost {
    #[serde(flatten)]
    form: MeetingForm,
    #[serde(default)]
    invited: Vec<String>,
}

pub async fn create(
    State(st): State<AppState>,
    s: SignedIn,
    CsrfForm(p): CsrfForm<MeetingPost>,
) -> Result<Response, PageError> {
    let invited: Vec<i64> = p.invited.iter().filter_map(|i| i.parse().ok()).collect();
    let created = match p.form.input() {
        Ok(input) => app::meeting::create(&st.app, &s.actor, &input, &invited).await,
        Err(inv) => Err(inv.into()),
    };
    match created {
        Ok(id) => Ok(Redirect::to(&format!("/meetings/{id}")).into_response()),
        Err(e) => form_page(&st, &s, None, p.form, Errs::new(s.visitor.lang, split_invalid(e)?)).await,
    }
}

pub async fn edit(State(st): State<AppState>, s: SignedIn, Path(id): Path<i64>) -> Result<Response, PageError> {
    let v = app::meeting::view(&st.app, &s.actor, id).await?;
    if !v.editable {
        return Err(app::AppError::Forbidden.into());
    }
    form_page(&st, &s, Some(id), MeetingForm::of(&v.meeting), Errs::none()).await
}

pub async fn update(
    State(st): State<AppState>,
    s: SignedIn,
    Path(id): Path<i64>,
    CsrfForm(p): CsrfForm<MeetingPost>,
) -> Result<Response, PageError> {
    let updated = match p.form.input() {
        Ok(input) => app::meeting::update(&st.app, &s.actor, id, &input).await,
        Err(inv) => Err(inv.into()),
    };
    match updated {
        Ok(()) => Ok(Redirect::to(&format!("/meetings/{id}")).into_response()),
        Err(e) => form_page(&st, &s, Some(id), p.form, Errs::new(s.visitor.lang, split_invalid(e)?)).await,
    }
}
