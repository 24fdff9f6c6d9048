//! Puskesmas plans (RUK and RPK/POA): the plans of a Puskesmas (`/coverage/plans`), one plan
//! with its activities as a Gantt and the activity form (`/plans/{id}`), what happened in a
//! month of an RPK (`/plans/{id}/months`), copying an RUK into the RPK of its year, and
//! "results vs plan" for a month (`/coverage/plan-results`, with CSV, XLSX and an A4 print).

use super::{self as cov, entry};
use crate::AppState;
use crate::ctx::{Ctx, SignedIn};
use crate::error::PageError;
use crate::form::CsrfForm;
use crate::form::plan::ActivityForm;
use crate::format::{num, pct};
use crate::i18n::{Lang, fill, month_name, text};
use crate::pages::{Errs, download, query, render, render_status, split_invalid};
use app::AppError;
use app::plan::{PlanView, ResultsView, Upaya};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Datelike;
use domain::Invalid;
use domain::coverage::{Program, YEARS};
use domain::plan::{Fund, MonthInput, MonthStatus, PlanKind, PlanStatus};
use interop::table::{Cell, Sheet};
use serde::Deserialize;
use std::collections::HashMap;
use store::plan::Activity;

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// An upaya's label: the programme's name, or "Klaster n".
pub fn upaya_label(lang: Lang, u: Upaya) -> String {
    match u.program() {
        Some(p) => text(lang, &format!("cov_program.{p}")).to_string(),
        None => match u {
            Upaya::Cluster(c) => fill(lang, "plan.cluster_n", &[("n", &c.to_string())]),
            Upaya::Program(_) => String::new(),
        },
    }
}

/// A month's short name (three letters).
fn short_month(lang: Lang, m: u32) -> String {
    month_name(lang, m).chars().take(3).collect()
}

/// Rupiah with thousands dots (`1.500.000`).
pub fn rupiah(v: i64) -> String {
    let s = v.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    if v < 0 { format!("-{out}") } else { out }
}

fn year_of(st: &AppState, s: &SignedIn, asked: &str) -> Result<i32, PageError> {
    match asked.trim() {
        "" => Ok(st.app.clock().today_for(&s.actor).year()),
        t => match t.parse::<i32>() {
            Ok(y) if YEARS.contains(&y) => Ok(y),
            _ => Err(AppError::from(Invalid::one("year", "year.range")).into()),
        },
    }
}

// --- the plans of a Puskesmas -------------------------------------------------------------------

#[derive(Deserialize, Default)]
pub struct ListQuery {
    #[serde(default)]
    pub puskesmas: String,
    #[serde(default)]
    pub year: String,
}

struct PlanItem {
    id: i64,
    kind: PlanKind,
    year: i64,
    status: PlanStatus,
    activities: usize,
    budget: String,
}

#[derive(Template)]
#[template(path = "plan/index.html")]
struct ListPage {
    title: String,
    ctx: Ctx,
    pkm_id: i64,
    pkm_name: String,
    plans: Vec<PlanItem>,
    can_edit: bool,
    kinds: &'static [PlanKind],
    form_year: String,
    form_kind: String,
    errs: Errs,
}

async fn list_page(
    st: &AppState,
    s: &SignedIn,
    pkm: i64,
    year: i32,
    form: Option<&NewPlanForm>,
    errs: Errs,
) -> Result<Response, PageError> {
    let v = app::plan::list(&st.app, &s.actor, pkm, None).await?;
    let ctx = Ctx::new(&s.visitor);
    let plans = v
        .plans
        .into_iter()
        .map(|l| PlanItem {
            id: l.plan.id,
            kind: l.plan.kind,
            year: l.plan.year,
            status: l.plan.status,
            activities: l.activities,
            budget: rupiah(l.budget),
        })
        .collect();
    Ok(render_status(
        errs.status(),
        &ListPage {
            title: format!("{} — {}", ctx.t("plan.title"), v.puskesmas.name),
            pkm_id: v.puskesmas.id,
            pkm_name: v.puskesmas.name,
            plans,
            can_edit: v.can_edit,
            kinds: PlanKind::ALL,
            form_year: form.map_or_else(|| year.to_string(), |f| f.year.clone()),
            form_kind: form.map_or_else(|| "rpk".into(), |f| f.kind.clone()),
            errs,
            ctx,
        },
    ))
}

/// GET /coverage/plans: the plans of a Puskesmas, and a form to start one.
pub async fn index(State(st): State<AppState>, s: SignedIn, Query(q): Query<ListQuery>) -> Result<Response, PageError> {
    let Some(pkm) = entry::puskesmas_of(&s, &q.puskesmas) else {
        return entry::picker(&st, &s, "plan.title", "/coverage/plans", "").await;
    };
    let year = year_of(&st, &s, &q.year)?;
    list_page(&st, &s, pkm, year, None, Errs::none()).await
}

#[derive(Deserialize, Default)]
pub struct NewPlanForm {
    #[serde(default)]
    year: String,
    #[serde(default)]
    kind: String,
}

/// POST /coverage/plans: starts a plan (a draft) of the year and kind chosen.
pub async fn create(
    State(st): State<AppState>,
    s: SignedIn,
    Query(q): Query<ListQuery>,
    CsrfForm(f): CsrfForm<NewPlanForm>,
) -> Result<Response, PageError> {
    let pkm = entry::puskesmas_of(&s, &q.puskesmas).ok_or(AppError::NotFound)?;
    let mut r = crate::form::Reader::new();
    let kind = r.word("kind", &f.kind, PlanKind::parse, PlanKind::Rpk);
    let year = match f.year.trim().parse::<i32>() {
        Ok(y) => y,
        Err(_) => {
            r.add("year", "number.format");
            0
        }
    };
    let res = match r.finish((), Ok) {
        Ok(()) => app::plan::create(&st.app, &s.actor, pkm, year, kind).await,
        Err(inv) => {
            // The access rule first: a visitor who may not write learns nothing of the form.
            app::plan::list(&st.app, &s.actor, pkm, None).await.and_then(|v| {
                if v.can_edit {
                    Err(inv.into())
                } else {
                    Err(AppError::Forbidden)
                }
            })
        }
    };
    match res {
        Ok(id) => Ok(Redirect::to(&format!("/plans/{id}")).into_response()),
        Err(e) => {
            let inv = split_invalid(e)?;
            let this = st.app.clock().today_for(&s.actor).year();
            list_page(&st, &s, pkm, this, Some(&f), Errs::new(s.visitor.lang, inv)).await
        }
    }
}

// --- one plan: the Gantt and the activity form -------------------------------------------------

/// One month cell of the Gantt.
struct Cell12 {
    scheduled: bool,
    /// `done`, `not_done`, `moved`, or empty.
    status: &'static str,
    /// `▲` when moved into this month.
    moved_in: bool,
}

struct ActRow {
    id: i64,
    no: usize,
    upaya: String,
    kegiatan: String,
    tujuan: String,
    sasaran: String,
    target: String,
    volume: String,
    partners: String,
    cells: Vec<Cell12>,
    budget: String,
    fund: String,
    indicator: String,
}

struct PlanHead {
    id: i64,
    kind: PlanKind,
    year: i64,
    status: PlanStatus,
    pkm_id: i64,
    pkm_name: String,
}

#[derive(Template)]
#[template(path = "plan/show.html")]
struct ShowPage {
    title: String,
    ctx: Ctx,
    p: PlanHead,
    rows: Vec<ActRow>,
    total_budget: String,
    can_edit: bool,
    is_rpk: bool,
    form: ActivityForm,
    /// The activity being edited, when the form edits one.
    editing: Option<i64>,
    errs: Errs,
    upaya_options: Vec<(String, String, bool)>,
    cluster_options: Vec<(u8, bool)>,
    partner_program_options: Vec<(String, String, bool)>,
    fund_options: Vec<(String, String, bool)>,
    month_options: Vec<(u32, String, bool)>,
    short_months: Vec<String>,
    partners: Vec<(i64, String, bool)>,
    indicator_options: Vec<(String, String, bool)>,
    rpk_id: Option<i64>,
    notice: Option<String>,
    statuses: &'static [PlanStatus],
}

fn head(v: &PlanView) -> PlanHead {
    PlanHead {
        id: v.plan.id,
        kind: v.plan.kind,
        year: v.plan.year,
        status: v.plan.status,
        pkm_id: v.puskesmas.id,
        pkm_name: v.puskesmas.name.clone(),
    }
}

fn act_row(lang: Lang, no: usize, a: &Activity) -> ActRow {
    let mut partners: Vec<String> = a
        .partner_programs
        .iter()
        .map(|p| text(lang, &format!("cov_program.{p}")).to_string())
        .collect();
    partners.extend(a.partner_orgs.iter().map(|o| o.name.clone()));
    let cells = (1..=12)
        .map(|m| {
            let rec = a.recorded.iter().find(|r| r.month == i64::from(m));
            let moved_in = !a.months.has(m)
                && a.recorded
                    .iter()
                    .any(|r| r.moved_to == Some(i64::from(m)) && r.month != i64::from(m));
            Cell12 {
                scheduled: a.months.has(m),
                status: rec.map_or("", |r| r.status.as_str()),
                moved_in,
            }
        })
        .collect();
    ActRow {
        id: a.id,
        no,
        upaya: upaya_label(lang, Upaya::of(a)),
        kegiatan: a.kegiatan.clone(),
        tujuan: a.tujuan.clone(),
        sasaran: a.sasaran.clone(),
        target: a.target.map(|t| format!("{}%", num(lang, t, 1))).unwrap_or_default(),
        volume: a
            .volume
            .map(|v| format!("{} {}", num(lang, v, if v.fract() == 0.0 { 0 } else { 2 }), a.unit))
            .unwrap_or_default(),
        partners: partners.join(", "),
        cells,
        budget: a.budget.map(rupiah).unwrap_or_default(),
        fund: a
            .fund
            .map(|f| text(lang, &format!("plan.fund.{f}")).to_string())
            .unwrap_or_default(),
        indicator: a.indicator_code.clone().unwrap_or_default(),
    }
}

async fn show_page(
    st: &AppState,
    s: &SignedIn,
    v: PlanView,
    form: ActivityForm,
    editing: Option<i64>,
    errs: Errs,
    notice: Option<String>,
) -> Result<Response, PageError> {
    let ctx = Ctx::new(&s.visitor);
    let lang = ctx.lang;
    let rows: Vec<ActRow> = v
        .activities
        .iter()
        .enumerate()
        .map(|(i, a)| act_row(lang, i + 1, a))
        .collect();
    let total: i64 = v.activities.iter().filter_map(|a| a.budget).sum();
    let partners = if v.can_edit {
        let mut list: Vec<(i64, String)> = app::org::choices(&st.app, &s.actor)
            .await?
            .into_iter()
            .filter(|o| o.sector != domain::org::Sector::Health)
            .map(|o| (o.id, o.name))
            .collect();
        // A partner already named stays choosable even when out of the list.
        for a in &v.activities {
            for o in &a.partner_orgs {
                if !list.iter().any(|l| l.0 == o.id) {
                    list.push((o.id, o.name.clone()));
                }
            }
        }
        list.sort_by(|a, b| a.1.cmp(&b.1));
        list
    } else {
        Vec::new()
    };
    let title = format!(
        "{} {} — {}",
        ctx.tk("plan.kind", v.plan.kind),
        v.plan.year,
        v.puskesmas.name
    );
    Ok(render_status(
        errs.status(),
        &ShowPage {
            p: head(&v),
            rows,
            total_budget: rupiah(total),
            can_edit: v.can_edit,
            is_rpk: v.plan.kind == PlanKind::Rpk,
            editing,
            errs,
            upaya_options: Program::ALL
                .iter()
                .map(|p| (p.to_string(), ctx.tk("cov_program", p), form.program == p.as_str()))
                .collect(),
            cluster_options: (1..=5u8).map(|c| (c, form.cluster.trim() == c.to_string())).collect(),
            partner_program_options: Program::ALL
                .iter()
                .map(|p| {
                    (
                        p.to_string(),
                        ctx.tk("cov_program", p),
                        form.partner_programs.iter().any(|x| x == p.as_str()),
                    )
                })
                .collect(),
            fund_options: Fund::ALL
                .iter()
                .map(|f| (f.to_string(), ctx.tk("plan.fund", f), form.fund == f.as_str()))
                .collect(),
            month_options: (1..=12)
                .map(|m| {
                    (
                        m,
                        month_name(lang, m).to_string(),
                        form.months.iter().any(|x| x.trim() == m.to_string()),
                    )
                })
                .collect(),
            short_months: (1..=12).map(|m| short_month(lang, m)).collect(),
            partners: partners
                .into_iter()
                .map(|(id, name)| {
                    let sel = form.partner_orgs.iter().any(|x| x.trim() == id.to_string());
                    (id, name, sel)
                })
                .collect(),
            indicator_options: v
                .indicators
                .iter()
                .map(|i| {
                    (
                        i.code.clone(),
                        format!("{} — {}", i.code, cov::name(lang, i)),
                        form.indicator_code.trim().eq_ignore_ascii_case(&i.code),
                    )
                })
                .collect(),
            rpk_id: v.rpk_id,
            notice,
            statuses: PlanStatus::ALL,
            form,
            title,
            ctx,
        },
    ))
}

#[derive(Deserialize, Default)]
pub struct ShowQuery {
    /// `copied` after a copy (with `n`), `saved` after a change.
    #[serde(default)]
    pub done: String,
    #[serde(default)]
    pub n: String,
}

fn notice(lang: Lang, q: &ShowQuery) -> Option<String> {
    match q.done.as_str() {
        "copied" => Some(fill(lang, "plan.copied", &[("n", q.n.trim())])),
        "saved" => Some(text(lang, "plan.saved").to_string()),
        "deleted" => Some(text(lang, "plan.deleted").to_string()),
        _ => None,
    }
}

/// GET /plans/{id}: the plan's activities as a Gantt, and the form to add one.
pub async fn show(
    State(st): State<AppState>,
    s: SignedIn,
    Path(id): Path<i64>,
    Query(q): Query<ShowQuery>,
) -> Result<Response, PageError> {
    let v = app::plan::view(&st.app, &s.actor, id).await?;
    let n = notice(s.visitor.lang, &q);
    show_page(&st, &s, v, ActivityForm::default(), None, Errs::none(), n).await
}

/// GET /plans/{id}/activities/{activity}: the plan with that activity in the form.
pub async fn edit(
    State(st): State<AppState>,
    s: SignedIn,
    Path((id, activity)): Path<(i64, i64)>,
) -> Result<Response, PageError> {
    let v = app::plan::view(&st.app, &s.actor, id).await?;
    let a = v
        .activities
        .iter()
        .find(|a| a.id == activity)
        .ok_or(AppError::NotFound)?;
    let form = ActivityForm::of(&a.input());
    show_page(&st, &s, v, form, Some(activity), Errs::none(), None).await
}

/// After a write of the activity form: back to the plan, or the form again with its errors
/// (422, what was typed kept).
async fn after_activity(
    st: &AppState,
    s: &SignedIn,
    id: i64,
    r: app::Result<()>,
    form: ActivityForm,
    editing: Option<i64>,
) -> Result<Response, PageError> {
    match r {
        Ok(()) => Ok(Redirect::to(&format!("/plans/{id}?done=saved#activities")).into_response()),
        Err(e) => {
            let inv = split_invalid(e)?;
            let v = app::plan::view(&st.app, &s.actor, id).await?;
            show_page(st, s, v, form, editing, Errs::new(s.visitor.lang, inv), None).await
        }
    }
}

/// The plan's kind for reading a form, after the write check (a visitor who may not write
/// gets the refusal, not a judgement of the form).
async fn writable_kind(st: &AppState, s: &SignedIn, id: i64) -> Result<PlanKind, PageError> {
    let v = app::plan::view(&st.app, &s.actor, id).await?;
    if !v.can_edit {
        return Err(AppError::Forbidden.into());
    }
    Ok(v.plan.kind)
}

/// POST /plans/{id}/activities: adds an activity.
pub async fn add(
    State(st): State<AppState>,
    s: SignedIn,
    Path(id): Path<i64>,
    CsrfForm(f): CsrfForm<ActivityForm>,
) -> Result<Response, PageError> {
    let kind = writable_kind(&st, &s, id).await?;
    let r = match f.input(kind) {
        Ok(a) => app::plan::add_activity(&st.app, &s.actor, id, a).await.map(|_| ()),
        Err(inv) => Err(inv.into()),
    };
    after_activity(&st, &s, id, r, f, None).await
}

/// POST /plans/{id}/activities/{activity}: changes an activity.
pub async fn update(
    State(st): State<AppState>,
    s: SignedIn,
    Path((id, activity)): Path<(i64, i64)>,
    CsrfForm(f): CsrfForm<ActivityForm>,
) -> Result<Response, PageError> {
    let kind = writable_kind(&st, &s, id).await?;
    let r = match f.input(kind) {
        Ok(a) => app::plan::update_activity(&st.app, &s.actor, id, activity, a).await,
        Err(inv) => Err(inv.into()),
    };
    after_activity(&st, &s, id, r, f, Some(activity)).await
}

/// POST /plans/{id}/activities/{activity}/delete: removes an activity.
pub async fn delete(
    State(st): State<AppState>,
    s: SignedIn,
    Path((id, activity)): Path<(i64, i64)>,
    CsrfForm(_f): CsrfForm<HashMap<String, String>>,
) -> Result<Response, PageError> {
    app::plan::delete_activity(&st.app, &s.actor, id, activity).await?;
    Ok(Redirect::to(&format!("/plans/{id}?done=deleted#activities")).into_response())
}

#[derive(Deserialize, Default)]
pub struct StatusForm {
    #[serde(default)]
    status: String,
}

/// POST /plans/{id}/status: draft or final.
pub async fn set_status(
    State(st): State<AppState>,
    s: SignedIn,
    Path(id): Path<i64>,
    CsrfForm(f): CsrfForm<StatusForm>,
) -> Result<Response, PageError> {
    let r = match PlanStatus::parse(&f.status) {
        Ok(status) => app::plan::set_status(&st.app, &s.actor, id, status).await,
        Err(code) => {
            writable_kind(&st, &s, id).await?;
            Err(Invalid::one("status", code).into())
        }
    };
    match r {
        Ok(()) => Ok(Redirect::to(&format!("/plans/{id}?done=saved")).into_response()),
        Err(e) => {
            let inv = split_invalid(e)?;
            let v = app::plan::view(&st.app, &s.actor, id).await?;
            show_page(
                &st,
                &s,
                v,
                ActivityForm::default(),
                None,
                Errs::new(s.visitor.lang, inv),
                None,
            )
            .await
        }
    }
}

/// POST /plans/{id}/copy: copies an RUK's activities into the RPK of its year.
pub async fn copy(
    State(st): State<AppState>,
    s: SignedIn,
    Path(id): Path<i64>,
    CsrfForm(_f): CsrfForm<HashMap<String, String>>,
) -> Result<Response, PageError> {
    match app::plan::copy_to_rpk(&st.app, &s.actor, id).await {
        Ok((rpk, n)) => Ok(Redirect::to(&format!("/plans/{rpk}?done=copied&n={n}")).into_response()),
        Err(e) => {
            let inv = split_invalid(e)?;
            let v = app::plan::view(&st.app, &s.actor, id).await?;
            show_page(
                &st,
                &s,
                v,
                ActivityForm::default(),
                None,
                Errs::new(s.visitor.lang, inv),
                None,
            )
            .await
        }
    }
}

// --- the months of an RPK -------------------------------------------------------------------

#[derive(Deserialize, Default)]
pub struct MonthQuery {
    #[serde(default)]
    pub month: String,
    #[serde(default)]
    pub saved: String,
}

struct MonthLine {
    id: i64,
    upaya: String,
    kegiatan: String,
    moved_in: bool,
    status: String,
    moved_to: String,
    reason: String,
    error: Option<String>,
}

#[derive(Template)]
#[template(path = "plan/months.html")]
struct MonthsPage {
    title: String,
    ctx: Ctx,
    p: PlanHead,
    month: u32,
    month_label: String,
    month_options: Vec<(u32, String, bool)>,
    lines: Vec<MonthLine>,
    can_edit: bool,
    /// The month has not begun: nothing may be marked yet.
    future: bool,
    statuses: &'static [MonthStatus],
    move_options: Vec<(u32, String)>,
    general: Vec<String>,
    notice: Option<String>,
}

/// The month a months page opens at: the one asked for, else the last one open.
fn month_of(asked: &str, v: &PlanView) -> Result<u32, PageError> {
    match asked.trim() {
        "" => Ok(v.open_through.clamp(1, 12)),
        t => match t.parse::<u32>() {
            Ok(m) if (1..=12).contains(&m) => Ok(m),
            _ => Err(AppError::from(Invalid::one("month", "coverage.month_range")).into()),
        },
    }
}

fn months_page(
    ctx: Ctx,
    v: &PlanView,
    month: u32,
    posted: Option<&HashMap<String, String>>,
    errs: &HashMap<i64, String>,
    general: Vec<String>,
    notice: Option<String>,
) -> Response {
    let lang = ctx.lang;
    let get = |k: String| posted.and_then(|f| f.get(&k)).cloned();
    let mut lines = Vec::new();
    for a in &v.activities {
        let moved_in = !a.months.has(month)
            && a.recorded
                .iter()
                .any(|r| r.moved_to == Some(i64::from(month)) && r.month != i64::from(month));
        if !a.months.has(month) && !moved_in {
            continue;
        }
        let rec = a.recorded.iter().find(|r| r.month == i64::from(month));
        lines.push(MonthLine {
            id: a.id,
            upaya: upaya_label(lang, Upaya::of(a)),
            kegiatan: a.kegiatan.clone(),
            moved_in,
            status: get(format!("s.{}", a.id)).unwrap_or_else(|| rec.map(|r| r.status.to_string()).unwrap_or_default()),
            moved_to: get(format!("to.{}", a.id))
                .unwrap_or_else(|| rec.and_then(|r| r.moved_to).map(|m| m.to_string()).unwrap_or_default()),
            reason: get(format!("r.{}", a.id))
                .unwrap_or_else(|| rec.and_then(|r| r.reason.clone()).unwrap_or_default()),
            error: errs.get(&a.id).cloned(),
        });
    }
    let status = if errs.is_empty() && general.is_empty() {
        axum::http::StatusCode::OK
    } else {
        axum::http::StatusCode::UNPROCESSABLE_ENTITY
    };
    render_status(
        status,
        &MonthsPage {
            title: format!(
                "{} — {} {} {}",
                ctx.t("plan.months_title"),
                ctx.tk("plan.kind", v.plan.kind),
                v.plan.year,
                v.puskesmas.name
            ),
            p: head(v),
            month,
            month_label: format!("{} {}", month_name(lang, month), v.plan.year),
            month_options: (1..=12)
                .map(|m| (m, month_name(lang, m).to_string(), m == month))
                .collect(),
            lines,
            can_edit: v.can_edit,
            future: month > v.open_through,
            statuses: MonthStatus::ALL,
            move_options: (1..=12)
                .filter(|m| *m != month)
                .map(|m| (m, month_name(lang, m).to_string()))
                .collect(),
            general,
            notice,
            ctx,
        },
    )
}

/// GET /plans/{id}/months: what happened to each activity due in a month of an RPK.
pub async fn months(
    State(st): State<AppState>,
    s: SignedIn,
    Path(id): Path<i64>,
    Query(q): Query<MonthQuery>,
) -> Result<Response, PageError> {
    let v = app::plan::view(&st.app, &s.actor, id).await?;
    if v.plan.kind != PlanKind::Rpk {
        return Ok(Redirect::to(&format!("/plans/{id}")).into_response());
    }
    let month = month_of(&q.month, &v)?;
    let lang = s.visitor.lang;
    let notice = match q.saved.trim() {
        "" => None,
        n => Some(fill(lang, "plan.months_saved", &[("n", n)])),
    };
    Ok(months_page(
        Ctx::new(&s.visitor),
        &v,
        month,
        None,
        &HashMap::new(),
        Vec::new(),
        notice,
    ))
}

/// POST /plans/{id}/months?month=: records the month's statuses, all or none (a blank status
/// clears what was recorded).
pub async fn save_months(
    State(st): State<AppState>,
    s: SignedIn,
    Path(id): Path<i64>,
    Query(q): Query<MonthQuery>,
    CsrfForm(form): CsrfForm<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let v = app::plan::view(&st.app, &s.actor, id).await?;
    if !v.can_edit {
        return Err(AppError::Forbidden.into());
    }
    let month = month_of(&q.month, &v)?;
    let lang = s.visitor.lang;
    let mut rows = Vec::new();
    let mut row_ids = Vec::new();
    let mut cleared = Vec::new();
    let mut own: HashMap<i64, String> = HashMap::new();
    for a in &v.activities {
        let Some(raw) = form.get(&format!("s.{}", a.id)) else {
            continue;
        };
        let stored = a.recorded.iter().find(|r| r.month == i64::from(month));
        if raw.trim().is_empty() {
            if stored.is_some() {
                cleared.push((a.id, month));
            }
            continue;
        }
        let status = match MonthStatus::parse(raw) {
            Ok(s) => s,
            Err(code) => {
                own.insert(a.id, text(lang, code).to_string());
                continue;
            }
        };
        let moved_to = match form.get(&format!("to.{}", a.id)).map(|t| t.trim()).unwrap_or("") {
            "" => None,
            t => match t.parse::<u32>() {
                Ok(m) => Some(m),
                Err(_) => {
                    own.insert(a.id, text(lang, "coverage.month_range").to_string());
                    continue;
                }
            },
        };
        let reason = form.get(&format!("r.{}", a.id)).cloned();
        let input = MonthInput {
            activity_id: a.id,
            month,
            status,
            moved_to,
            reason,
        };
        let unchanged = stored.is_some_and(|r| {
            r.status == status
                && r.moved_to == moved_to.filter(|_| status == MonthStatus::Moved).map(i64::from)
                && r.reason.as_deref().unwrap_or("") == input.reason.as_deref().unwrap_or("").trim()
        });
        if !unchanged {
            rows.push(input);
            row_ids.push(a.id);
        }
    }
    if !own.is_empty() {
        return Ok(months_page(
            Ctx::new(&s.visitor),
            &v,
            month,
            Some(&form),
            &own,
            Vec::new(),
            None,
        ));
    }
    match app::plan::save_months(&st.app, &s.actor, id, rows, &cleared).await {
        Ok(n) => Ok(Redirect::to(&format!("/plans/{id}/months?month={month}&saved={n}")).into_response()),
        Err(e) => {
            let inv = split_invalid(e)?;
            let mut errs: HashMap<i64, String> = HashMap::new();
            let mut general = Vec::new();
            for e in &inv.0 {
                match entry::row_error(&e.field, "rows").and_then(|(i, _)| row_ids.get(i)) {
                    Some(a) => {
                        let msg = text(lang, e.code).to_string();
                        errs.entry(*a)
                            .and_modify(|m| {
                                m.push_str(" · ");
                                m.push_str(&msg);
                            })
                            .or_insert(msg);
                    }
                    None => general.push(text(lang, e.code).to_string()),
                }
            }
            Ok(months_page(
                Ctx::new(&s.visitor),
                &v,
                month,
                Some(&form),
                &errs,
                general,
                None,
            ))
        }
    }
}

// --- results vs plan ----------------------------------------------------------------------------

#[derive(Deserialize, Default)]
pub struct ResultsQuery {
    #[serde(default)]
    pub puskesmas: String,
    #[serde(default)]
    pub year: String,
    #[serde(default)]
    pub month: String,
}

struct TallyRow {
    label: String,
    planned: usize,
    done: usize,
    not_done: usize,
    moved: usize,
    pending: usize,
    percent: String,
    to_date_planned: usize,
    to_date_done: usize,
    to_date_percent: String,
}

struct DueRow {
    upaya: String,
    kegiatan: String,
    /// `done`, `not_done`, `moved` or `none`.
    status: &'static str,
    moved_to: String,
    reason: String,
    moved_in: bool,
}

struct IndRow {
    code: String,
    name: String,
    kegiatan: String,
    cumulative: String,
    target: String,
    annual: String,
    status: &'static str,
    link: String,
}

/// The results as the page, the print and the exports show them.
struct Shown {
    pkm_id: i64,
    pkm_name: String,
    year: i32,
    month: u32,
    month_label: String,
    plan_id: Option<i64>,
    total: TallyRow,
    upaya: Vec<TallyRow>,
    due: Vec<DueRow>,
    indicators: Vec<IndRow>,
    query: String,
}

fn tally_row(lang: Lang, label: String, m: domain::plan::Tally, ytd: domain::plan::Tally) -> TallyRow {
    TallyRow {
        label,
        planned: m.planned,
        done: m.done,
        not_done: m.not_done,
        moved: m.moved,
        pending: m.pending,
        percent: pct(lang, m.percent_done()),
        to_date_planned: ytd.planned,
        to_date_done: ytd.done,
        to_date_percent: pct(lang, ytd.percent_done()),
    }
}

fn shown(lang: Lang, v: ResultsView) -> Shown {
    let query = format!("puskesmas={}&year={}&month={}", v.puskesmas.id, v.year, v.month);
    Shown {
        total: tally_row(
            lang,
            text(lang, "plan.results.total").to_string(),
            v.month_tally,
            v.to_date,
        ),
        upaya: v
            .by_upaya
            .iter()
            .map(|u| tally_row(lang, upaya_label(lang, u.upaya), u.month, u.to_date))
            .collect(),
        due: v
            .due
            .iter()
            .map(|d| DueRow {
                upaya: upaya_label(lang, d.upaya),
                kegiatan: d.activity.kegiatan.clone(),
                status: d.status.map_or("none", MonthStatus::as_str),
                moved_to: d.moved_to.map(|m| month_name(lang, m).to_string()).unwrap_or_default(),
                reason: d.reason.clone().unwrap_or_default(),
                moved_in: d.moved_in,
            })
            .collect(),
        indicators: v
            .indicators
            .iter()
            .map(|i| IndRow {
                code: i.indicator.code.clone(),
                name: cov::name(lang, &i.indicator).to_string(),
                kegiatan: i.kegiatan.join("; "),
                cumulative: cov::figure(lang, i.figure, i.indicator.unit),
                target: cov::figure(
                    lang,
                    i.at.filter(|_| i.annual_target.is_some()).map(|m| m.target),
                    i.indicator.unit,
                ),
                annual: cov::figure(lang, i.annual_target, i.indicator.unit),
                status: cov::status_word(i.at.and_then(|m| m.status)),
                link: format!(
                    "/coverage/pws?indicator={}&year={}&month={}&puskesmas={}",
                    i.indicator.code, v.year, v.month, v.puskesmas.id
                ),
            })
            .collect(),
        pkm_id: v.puskesmas.id,
        pkm_name: v.puskesmas.name,
        year: v.year,
        month: v.month,
        month_label: format!("{} {}", month_name(lang, v.month), v.year),
        plan_id: v.plan.map(|p| p.id),
        query,
    }
}

async fn resolve(st: &AppState, s: &SignedIn, q: &ResultsQuery) -> Result<Option<Shown>, PageError> {
    let Some(pkm) = entry::puskesmas_of(s, &q.puskesmas) else {
        return Ok(None);
    };
    let today = st.app.clock().today_for(&s.actor);
    let (year, month) = cov::year_month(&q.year, &q.month, today).map_err(|inv| PageError::App(inv.into()))?;
    let v = app::plan::results(&st.app, &s.actor, pkm, year, month).await?;
    Ok(Some(shown(s.visitor.lang, v)))
}

#[derive(Template)]
#[template(path = "plan/results.html")]
struct ResultsPage {
    title: String,
    ctx: Ctx,
    r: Shown,
    month_options: Vec<(u32, &'static str, bool)>,
}

/// GET /coverage/plan-results: activities planned vs done in a month, and the linked
/// indicators against their target.
pub async fn results(
    State(st): State<AppState>,
    s: SignedIn,
    Query(q): Query<ResultsQuery>,
) -> Result<Response, PageError> {
    let Some(r) = resolve(&st, &s, &q).await? else {
        let rest = query(&[("year", q.year.trim()), ("month", q.month.trim())]);
        return entry::picker(&st, &s, "plan.results.title", "/coverage/plan-results", &rest).await;
    };
    let ctx = Ctx::new(&s.visitor);
    Ok(render(&ResultsPage {
        title: format!("{} — {} · {}", ctx.t("plan.results.title"), r.pkm_name, r.month_label),
        month_options: cov::month_options(ctx.lang, r.month),
        r,
        ctx,
    }))
}

fn export_headers(lang: Lang) -> Vec<String> {
    [
        "plan.col.kind",
        "plan.col.upaya",
        "plan.col.kegiatan",
        "plan.col.status",
        "plan.col.moved_to",
        "plan.col.reason",
        "plan.col.cumulative",
        "plan.col.cumulative_target",
        "plan.col.pws_status",
    ]
    .iter()
    .map(|k| text(lang, k).to_string())
    .collect()
}

fn export_rows(lang: Lang, r: &Shown) -> Vec<Vec<Cell>> {
    let mut rows = Vec::new();
    for d in &r.due {
        rows.push(vec![
            Cell::Text(text(lang, "plan.col.activity").to_string()),
            Cell::Text(d.upaya.clone()),
            Cell::Text(d.kegiatan.clone()),
            Cell::Text(text(lang, &format!("plan.month_status.{}", d.status)).to_string()),
            Cell::Text(d.moved_to.clone()),
            Cell::Text(d.reason.clone()),
            Cell::Empty,
            Cell::Empty,
            Cell::Empty,
        ]);
    }
    for i in &r.indicators {
        rows.push(vec![
            Cell::Text(text(lang, "plan.col.indicator").to_string()),
            Cell::Text(i.code.clone()),
            Cell::Text(i.name.clone()),
            Cell::Empty,
            Cell::Empty,
            Cell::Text(i.kegiatan.clone()),
            Cell::Text(i.cumulative.clone()),
            Cell::Text(i.target.clone()),
            Cell::Text(text(lang, &format!("coverage.status.{}", i.status)).to_string()),
        ]);
    }
    rows
}

fn export_notes(lang: Lang, r: &Shown) -> Vec<String> {
    let t = &r.total;
    vec![fill(
        lang,
        "plan.results.summary",
        &[
            ("planned", &t.planned.to_string()),
            ("done", &t.done.to_string()),
            ("not_done", &t.not_done.to_string()),
            ("moved", &t.moved.to_string()),
            ("pending", &t.pending.to_string()),
            ("ytd_planned", &t.to_date_planned.to_string()),
            ("ytd_done", &t.to_date_done.to_string()),
        ],
    )]
}

fn file_name(r: &Shown, ext: &str) -> String {
    format!("rpk-hasil-pkm-{}-{}-{:02}.{ext}", r.pkm_id, r.year, r.month)
}

async fn resolved(st: &AppState, s: &SignedIn, q: &ResultsQuery) -> Result<Shown, PageError> {
    resolve(st, s, q).await?.ok_or(PageError::App(AppError::NotFound))
}

/// GET /coverage/plan-results.csv
pub async fn results_csv(
    State(st): State<AppState>,
    s: SignedIn,
    Query(q): Query<ResultsQuery>,
) -> Result<Response, PageError> {
    let r = resolved(&st, &s, &q).await?;
    let lang = s.visitor.lang;
    let bytes = interop::table::to_csv(&export_headers(lang), &export_rows(lang, &r))
        .map_err(|e| PageError::App(AppError::Internal(e.to_string())))?;
    Ok(download("text/csv; charset=utf-8", &file_name(&r, "csv"), bytes))
}

/// GET /coverage/plan-results.xlsx
pub async fn results_xlsx(
    State(st): State<AppState>,
    s: SignedIn,
    Query(q): Query<ResultsQuery>,
) -> Result<Response, PageError> {
    let r = resolved(&st, &s, &q).await?;
    let lang = s.visitor.lang;
    let sheet = Sheet {
        name: format!("RPK {}-{:02}", r.year, r.month),
        title: format!("{} — {}", text(lang, "plan.results.title"), r.pkm_name),
        subtitle: r.month_label.clone(),
        headers: export_headers(lang),
        widths: vec![12.0, 22.0, 40.0, 14.0, 14.0, 36.0, 12.0, 12.0, 12.0],
        rows: export_rows(lang, &r),
        notes: export_notes(lang, &r),
    };
    let bytes = interop::table::to_xlsx(&sheet).map_err(|e| PageError::App(AppError::Internal(e.to_string())))?;
    Ok(download(XLSX, &file_name(&r, "xlsx"), bytes))
}

#[derive(Template)]
#[template(path = "plan/results_print.html")]
struct ResultsPrint {
    title: String,
    ctx: Ctx,
    r: Shown,
    printed_on: String,
}

/// GET /coverage/plan-results/print: the results on A4.
pub async fn results_print(
    State(st): State<AppState>,
    s: SignedIn,
    Query(q): Query<ResultsQuery>,
) -> Result<Response, PageError> {
    let r = resolved(&st, &s, &q).await?;
    let ctx = Ctx::new(&s.visitor);
    Ok(render(&ResultsPrint {
        title: format!("{} · {} · {}", ctx.t("plan.results.title"), r.pkm_name, r.month_label),
        printed_on: st.app.clock().today_for(&s.actor).format("%d/%m/%Y").to_string(),
        r,
        ctx,
    }))
}
