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
            to: today.pred_opt(),
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
async fn invite_candidates(st: &AppState, s: &SignedIn, host_region: Option<&str>) -> Result<Vec<Org>, PageError> {
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

#[derive(Template)]
#[template(path = "meetings/show.html")]
struct ShowPage {
    title: String,
    ctx: Ctx,
    v: MeetingView,
    errs: Errs,
    action_form: ActionForm,
    owner_choices: Vec<(i64, String)>,
    invite: Vec<Org>,
    /// People who may be invited by name.
    people_to_invite: Vec<(i64, String, String)>,
    /// Invited organisations the visitor may answer for (RSVP).
    rsvp: Vec<store::meeting::MeetingOrg>,
    problem_categories: &'static [ProblemCategory],
    cause_categories: &'static [CauseCategory],
    budget_sources: &'static [BudgetSource],
    /// Cooperation agreements linked to this meeting.
    cooperation: Vec<app::agreement::AgreementRow>,
}

async fn show_page(
    st: &AppState,
    s: &SignedIn,
    id: i64,
    errs: Errs,
    action_form: ActionForm,
) -> Result<Response, PageError> {
    let v = app::meeting::view(&st.app, &s.actor, id).await?;
    let (owner_choices, invite) = if v.editable {
        // The owner may be any organisation the host works with: the meeting's own first,
        // then the others the account can see.
        let mut choices: Vec<(i64, String)> = v.orgs.iter().map(|o| (o.org_id, o.name.clone())).collect();
        for o in app::org::choices(&st.app, &s.actor).await? {
            if !choices.iter().any(|c| c.0 == o.id) && o.kind != domain::org::OrgKind::Posyandu {
                choices.push((o.id, o.name));
            }
        }
        let mut invite = invite_candidates(st, s, Some(&v.meeting.region_code)).await?;
        invite.retain(|o| !v.orgs.iter().any(|m| m.org_id == o.id));
        (choices, invite)
    } else {
        (Vec::new(), Vec::new())
    };
    let people_to_invite = if v.editable {
        app::meeting::people_to_invite(&st.app, &s.actor, id).await?
    } else {
        Vec::new()
    };
    let rsvp = v
        .orgs
        .iter()
        .filter(|o| o.role.is_guest())
        .filter(|o| domain::access::answers_for(&s.actor, o.org_id))
        .cloned()
        .collect();
    let cooperation = app::agreement::of_meeting(&st.app, &s.actor, id).await?;
    let ctx = Ctx::new(&s.visitor);
    let status = errs.status();
    Ok(render_status(
        status,
        &ShowPage {
            cooperation,
            rsvp,
            people_to_invite,
            title: v.meeting.title.clone(),
            ctx,
            v,
            errs,
            action_form,
            owner_choices,
            invite,
            problem_categories: ProblemCategory::ALL,
            cause_categories: CauseCategory::ALL,
            budget_sources: BudgetSource::ALL,
        },
    ))
}

pub async fn show(State(st): State<AppState>, s: SignedIn, Path(id): Path<i64>) -> Result<Response, PageError> {
    show_page(&st, &s, id, Errs::none(), ActionForm::default()).await
}

/// After a write on the meeting page: back to the section, or the page again with the errors.
async fn after(
    st: &AppState,
    s: &SignedIn,
    id: i64,
    r: app::Result<impl Sized>,
    anchor: &str,
) -> Result<Response, PageError> {
    match r {
        Ok(_) => Ok(Redirect::to(&format!("/meetings/{id}#{anchor}")).into_response()),
        Err(e) => {
            show_page(
                st,
                s,
                id,
                Errs::new(s.visitor.lang, split_invalid(e)?),
                ActionForm::default(),
            )
            .await
        }
    }
}

#[derive(Deserialize)]
pub struct StatusForm {
    #[serde(default)]
    status: String,
}

pub async fn set_status(
    State(st): State<AppState>,
    s: SignedIn,
    Path(id): Path<i64>,
    CsrfForm(f): CsrfForm<StatusForm>,
) -> Result<Response, PageError> {
    let r = match domain::meeting::MeetingStatus::parse(&f.status) {
        Ok(status) => app::meeting::set_status(&st.app, &s.actor, id, status).await,
        Err(code) => Err(domain::Invalid::one("status", code).into()),
    };
    after(&st, &s, id, r, "").await
}

#[derive(Deserialize, Default)]
pub struct OrgsForm {
    #[serde(default)]
    org_ids: Vec<String>,
    #[serde(default)]
    role: String,
}

pub async fn set_orgs(
    State(st): State<AppState>,
    s: SignedIn,
    Path(id): Path<i64>,
    CsrfForm(f): CsrfForm<OrgsForm>,
) -> Result<Response, PageError> {
    let ids: Vec<i64> = f.org_ids.iter().filter_map(|i| i.parse().ok()).collect();
    let r = match domain::meeting::parse_invitation(&f.role) {
        Ok(role) => app::meeting::set_orgs(&st.app, &s.actor, id, &ids, role).await,
        Err(code) => Err(domain::Invalid::one("role", code).into()),
    };
    after(&st, &s, id, r, "orgs").await
}

#[derive(Deserialize, Default)]
pub struct RsvpForm {
    #[serde(default)]
    org_id: String,
    #[serde(default)]
    answer: String,
}

pub async fn rsvp(
    State(st): State<AppState>,
    s: SignedIn,
    Path(id): Path<i64>,
    CsrfForm(f): CsrfForm<RsvpForm>,
) -> Result<Response, PageError> {
    let org = f.org_id.trim().parse::<i64>().map_err(|_| app::AppError::NotFound)?;
    let r = match domain::meeting::Rsvp::parse(&f.answer) {
        Ok(answer) => app::meeting::rsvp(&st.app, &s.actor, id, org, answer).await,
        Err(code) => Err(domain::Invalid::one("rsvp", code).into()),
    };
    after(&st, &s, id, r, "").await
}

#[derive(Deserialize, Default)]
pub struct PeopleForm {
    #[serde(default)]
    person_ids: Vec<String>,
}

pub async fn invite_people(
    State(st): State<AppState>,
    s: SignedIn,
    Path(id): Path<i64>,
    CsrfForm(f): CsrfForm<PeopleForm>,
) -> Result<Response, PageError> {
    let ids: Vec<i64> = f.person_ids.iter().filter_map(|i| i.parse().ok()).collect();
    let r = app::meeting::invite_people(&st.app, &s.actor, id, &ids).await;
    after(&st, &s, id, r, "orgs").await
}

#[derive(Deserialize)]
pub struct AgendaForm {
    #[serde(default)]
    title: String,
}

pub async fn add_agenda(
    State(st): State<AppState>,
    s: SignedIn,
    Path(id): Path<i64>,
    CsrfForm(f): CsrfForm<AgendaForm>,
) -> Result<Response, PageError> {
    let r = app::meeting::add_agenda_item(&st.app, &s.actor, id, &f.title).await;
    after(&st, &s, id, r, "agenda").await
}

#[derive(Deserialize)]
pub struct MinutesForm {
    #[serde(default)]
    findings: String,
    #[serde(default)]
    decisions: String,
}

pub async fn set_minutes(
    State(st): State<AppState>,
    s: SignedIn,
    Path((id, item)): Path<(i64, i64)>,
    CsrfForm(f): CsrfForm<MinutesForm>,
) -> Result<Response, PageError> {
    let r = app::meeting::set_minutes(&st.app, &s.actor, id, item, &f.findings, &f.decisions).await;
    after(&st, &s, id, r, "agenda").await
}

#[derive(Deserialize, Default)]
pub struct AttendancePost {
    #[serde(default)]
    lines: String,
    #[serde(flatten)]
    single: AttendeeForm,
}

pub async fn add_attendance(
    State(st): State<AppState>,
    s: SignedIn,
    Path(id): Path<i64>,
    CsrfForm(f): CsrfForm<AttendancePost>,
) -> Result<Response, PageError> {
    let lines = Some(f.lines.as_str()).filter(|l| !l.trim().is_empty());
    let r = match f.single.is_filled().then(|| f.single.input()).transpose() {
        Ok(single) => app::meeting::add_attendees(&st.app, &s.actor, id, single.as_ref(), lines).await,
        Err(inv) => Err(inv.into()),
    };
    after(&st, &s, id, r, "attendance").await
}

pub async fn remove_attendance(
    State(st): State<AppState>,
    s: SignedIn,
    Path((id, a)): Path<(i64, i64)>,
    CsrfForm(_): CsrfForm<super::session::Empty>,
) -> Result<Response, PageError> {
    let r = app::meeting::remove_attendee(&st.app, &s.actor, id, a).await;
    after(&st, &s, id, r, "attendance").await
}

pub async fn add_problem(
    State(st): State<AppState>,
    s: SignedIn,
    Path(id): Path<i64>,
    CsrfForm(f): CsrfForm<ProblemForm>,
) -> Result<Response, PageError> {
    let r = match f.input() {
        Ok(input) => app::problem::add(&st.app, &s.actor, id, &input).await,
        Err(inv) => Err(inv.into()),
    };
    after(&st, &s, id, r, "problems").await
}

#[derive(Deserialize, Default)]
pub struct CauseForm {
    #[serde(default)]
    category: String,
    #[serde(default)]
    text: String,
}

/// The meeting a problem belongs to (the use cases check the actor's rights on it).
async fn meeting_of_problem(st: &AppState, problem_id: i64) -> Result<i64, PageError> {
    Ok(app::problem::meeting_of(&st.app, problem_id).await?)
}

pub async fn add_cause(
    State(st): State<AppState>,
    s: SignedIn,
    Path(pid): Path<i64>,
    CsrfForm(f): CsrfForm<CauseForm>,
) -> Result<Response, PageError> {
    let mid = meeting_of_problem(&st, pid).await?;
    let r = app::problem::add_cause(&st.app, &s.actor, pid, &f.category, &f.text).await;
    after(&st, &s, mid, r, &format!("problem-{pid}")).await
}

#[derive(Deserialize, Default)]
pub struct ScoreForm {
    #[serde(default)]
    method: String,
    #[serde(default)]
    rater: String,
    #[serde(default)]
    s: Vec<String>,
}

pub async fn add_score(
    State(st): State<AppState>,
    s: SignedIn,
    Path(pid): Path<i64>,
    CsrfForm(f): CsrfForm<ScoreForm>,
) -> Result<Response, PageError> {
    let mid = meeting_of_problem(&st, pid).await?;
    let scores: Result<Vec<f64>, _> = f.s.iter().map(|x| x.trim().replace(',', ".").parse::<f64>()).collect();
    let r = match scores {
        Ok(v) => app::problem::add_score(&st.app, &s.actor, pid, &f.method, &f.rater, &v).await,
        Err(_) => Err(domain::Invalid::one("scores", "priority.range").into()),
    };
    after(&st, &s, mid, r, &format!("problem-{pid}")).await
}

pub async fn add_action(
    State(st): State<AppState>,
    s: SignedIn,
    Path(id): Path<i64>,
    CsrfForm(f): CsrfForm<ActionForm>,
) -> Result<Response, PageError> {
    let created = match f.input() {
        Ok(input) => app::action::create(&st.app, &s.actor, id, &input).await,
        Err(inv) => Err(inv.into()),
    };
    match created {
        Ok(_) => Ok(Redirect::to(&format!("/meetings/{id}#actions")).into_response()),
        Err(e) => show_page(&st, &s, id, Errs::new(s.visitor.lang, split_invalid(e)?), f).await,
    }
}

#[derive(Deserialize, Default)]
pub struct AgreementForm {
    #[serde(default)]
    text: String,
    #[serde(default)]
    org_ids: Vec<String>,
}

pub async fn add_agreement(
    State(st): State<AppState>,
    s: SignedIn,
    Path(id): Path<i64>,
    CsrfForm(f): CsrfForm<AgreementForm>,
) -> Result<Response, PageError> {
    let ids: Vec<i64> = f.org_ids.iter().filter_map(|i| i.parse().ok()).collect();
    let r = app::meeting::add_agreement(&st.app, &s.actor, id, &f.text, &ids).await;
    after(&st, &s, id, r, "agreements").await
}

pub async fn upload(
    State(st): State<AppState>,
    s: SignedIn,
    Path(id): Path<i64>,
    mp: CsrfMultipart,
) -> Result<Response, PageError> {
    let r = match mp.file {
        Some(f) => app::action::attach(&st.app, &s.actor, id, f).await,
        None => Err(domain::Invalid::one("file", "file.empty").into()),
    };
    after(&st, &s, id, r, "documents").await
}

/// Serves a stored file as an attachment with its detected type; never rendered inline.
pub async fn file(State(st): State<AppState>, s: SignedIn, Path(id): Path<i64>) -> Result<Response, PageError> {
    let f = app::action::file(&st.app, &s.actor, id).await?;
    let disposition = format!("attachment; filename=\"{}\"", f.filename.replace(['"', '\\'], "_"));
    Ok((
        [
            (header::CONTENT_TYPE, f.content_type),
            (header::CONTENT_DISPOSITION, disposition),
            (header::CACHE_CONTROL, "private, no-store".to_string()),
        ],
        f.data,
    )
        .into_response())
}

// --- printable documents ----------------------------------------------------------------

/// "Senin, 6 Mei 2024" / "Monday, 6 May 2024".
fn day_date(lang: Lang, d: chrono::NaiveDate) -> String {
    format!(
        "{}, {} {}",
        i18n::day_name(lang, d.weekday().number_from_monday()),
        d.day(),
        i18n::month_year(lang, d.month(), d.year())
    )
}

fn place_date(lang: Lang, v: &MeetingView) -> String {
    let place = v.meeting.place.clone().unwrap_or_default();
    let d = v.meeting.held_on;
    let date = format!("{} {}", d.day(), i18n::month_year(lang, d.month(), d.year()));
    if place.is_empty() {
        date
    } else {
        format!("{place}, {date}")
    }
}

fn tz(region: &str) -> &'static str {
    match domain::action::utc_offset_hours(region) {
        8 => "WITA",
        9 => "WIT",
        _ => "WIB",
    }
}

#[derive(Template)]
#[template(path = "meetings/attendance_print.html")]
struct AttendancePrint {
    title: String,
    ctx: Ctx,
    v: MeetingView,
    day_date: String,
    place_date: String,
    tz: &'static str,
    blank_rows: Vec<usize>,
}

pub async fn attendance_print(
    State(st): State<AppState>,
    s: SignedIn,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let v = app::meeting::view(&st.app, &s.actor, id).await?;
    let n = v.attendance.len();
    // Room for walk-ins who sign on paper: at least ten blank lines, filling the page.
    let blanks = (n + 10).max(20);
    let ctx = Ctx::new(&s.visitor);
    Ok(render(&AttendancePrint {
        title: format!("{} — {}", ctx.t("attendance.title"), v.meeting.title),
        day_date: day_date(ctx.lang, v.meeting.held_on),
        place_date: place_date(ctx.lang, &v),
        tz: tz(&v.meeting.region_code),
        blank_rows: (n + 1..=blanks).collect(),
        ctx,
        v,
    }))
}

fn rtl_rows(ctx: &Ctx, v: &MeetingView) -> Vec<interop::rtl::RtlRow> {
    v.actions
        .iter()
        .map(|a| {
            let problem = v.problems.iter().find(|p| Some(p.problem.id) == a.action.problem_id);
            interop::rtl::RtlRow {
                problem: problem.map(|p| p.problem.title.clone()).unwrap_or_default(),
                cause: problem
                    .map(|p| p.causes.iter().map(|c| c.text.clone()).collect::<Vec<_>>().join("; "))
                    .unwrap_or_default(),
                activity: a.action.what.clone(),
                owner: match &a.action.responsible {
                    Some(r) => format!("{} ({r})", a.action.owner_name),
                    None => a.action.owner_name.clone(),
                },
                target: a.action.target.clone().unwrap_or_default(),
                due_on: a.action.due_on,
                budget_source: ctx.tk("budget", a.action.budget_source),
                status: if a.overdue {
                    format!("{} ({})", ctx.tk("astatus", a.action.status), ctx.t("actions.overdue"))
                } else {
                    ctx.tk("astatus", a.action.status)
                },
            }
        })
        .collect()
}

#[derive(Template)]
#[template(path = "meetings/rtl.html")]
struct RtlPage {
    title: String,
    ctx: Ctx,
    v: MeetingView,
    day_date: String,
    place_date: String,
    headers: [&'static str; 9],
    rows: Vec<interop::rtl::RtlRow>,
}

pub async fn rtl(State(st): State<AppState>, s: SignedIn, Path(id): Path<i64>) -> Result<Response, PageError> {
    let v = app::meeting::view(&st.app, &s.actor, id).await?;
    let ctx = Ctx::new(&s.visitor);
    let rows = rtl_rows(&ctx, &v);
    Ok(render(&RtlPage {
        title: format!("RTL — {}", v.meeting.title),
        day_date: day_date(ctx.lang, v.meeting.held_on),
        place_date: place_date(ctx.lang, &v),
        headers: interop::rtl::headers(ctx.lang),
        rows,
        ctx,
        v,
    }))
}

fn download_name(v: &MeetingView, ext: &str) -> String {
    format!("RTL-{}-{}.{ext}", v.meeting.held_on, v.meeting.id)
}

pub async fn rtl_csv(State(st): State<AppState>, s: SignedIn, Path(id): Path<i64>) -> Result<Response, PageError> {
    let v = app::meeting::view(&st.app, &s.actor, id).await?;
    let ctx = Ctx::new(&s.visitor);
    let bytes =
        interop::rtl::to_csv(ctx.lang, &rtl_rows(&ctx, &v)).map_err(|e| app::AppError::Internal(e.to_string()))?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{}\"", download_name(&v, "csv")),
            ),
        ],
        bytes,
    )
        .into_response())
}

pub async fn rtl_xlsx(State(st): State<AppState>, s: SignedIn, Path(id): Path<i64>) -> Result<Response, PageError> {
    let v = app::meeting::view(&st.app, &s.actor, id).await?;
    let ctx = Ctx::new(&s.visitor);
    let subtitle = format!("{} · {}", v.meeting.host_name, day_date(ctx.lang, v.meeting.held_on));
    let bytes = interop::rtl::to_xlsx(
        ctx.lang,
        &format!("{} — {}", ctx.t("rtl.sheet_title"), v.meeting.title),
        &subtitle,
        &rtl_rows(&ctx, &v),
    )
    .map_err(|e| app::AppError::Internal(e.to_string()))?;
    Ok((
        [
            (
                header::CONTENT_TYPE,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_string(),
            ),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{}\"", download_name(&v, "xlsx")),
            ),
        ],
        bytes,
    )
        .into_response())
}

#[derive(Template)]
#[template(path = "meetings/berita_acara.html")]
struct BeritaAcara {
    title: String,
    ctx: Ctx,
    v: MeetingView,
    intro: String,
    place_date: String,
    signatories: Vec<String>,
}

pub async fn berita_acara(State(st): State<AppState>, s: SignedIn, Path(id): Path<i64>) -> Result<Response, PageError> {
    let v = app::meeting::view(&st.app, &s.actor, id).await?;
    let mut signatories: Vec<String> = Vec::new();
    for (_, names) in &v.agreements {
        for n in names {
            if !signatories.contains(n) {
                signatories.push(n.clone());
            }
        }
    }
    if signatories.is_empty() {
        signatories.push(v.meeting.host_name.clone());
    }
    let ctx = Ctx::new(&s.visitor);
    let intro = i18n::fill(
        ctx.lang,
        "berita.intro",
        &[
            ("day", &day_date(ctx.lang, v.meeting.held_on)),
            ("place", v.meeting.place.as_deref().unwrap_or(&v.meeting.host_name)),
            ("forum", &ctx.tk("forum", v.meeting.kind)),
            ("people", &v.attendance.len().to_string()),
            ("orgs", &v.by_org.len().to_string()),
        ],
    );
    Ok(render(&BeritaAcara {
        title: format!("{} — {}", ctx.t("berita.short"), v.meeting.title),
        intro,
        place_date: place_date(ctx.lang, &v),
        signatories,
        ctx,
        v,
    }))
}
