//! Action pages: one action with its history and the progress form, "our commitments" for
//! partners, overdue actions by sector, and the shortage register.

use super::{Errs, render, render_status, split_invalid};
use crate::AppState;
use crate::ctx::{Ctx, SignedIn};
use crate::error::PageError;
use crate::form::{CsrfForm, CsrfMultipart};
use app::action::ActionView;
use app::action::SectorGroup;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use domain::action::ActionStatus;
use domain::problem::ProblemCategory;
use serde::Deserialize;
use store::problem::Shortage;

#[derive(Template)]
#[template(path = "actions/show.html")]
struct ShowPage {
    title: String,
    ctx: Ctx,
    v: ActionView,
    statuses: &'static [ActionStatus],
    errs: Errs,
    effect: Option<EffectChart>,
    /// "Kirim lewat WhatsApp" to the owner (for the host of the action's meeting).
    wa: Option<app::notice::WaLink>,
}

/// The effect section of an action raised from the PWS: two monthly lines (the desa, the
/// comparison desa) as SVG points, the start marked, and the figures formatted.
struct EffectChart {
    indicator: String,
    desa: String,
    start: String,
    treated: String,
    comparison: String,
    start_x: i64,
    first: String,
    last: String,
    ymax: String,
    before: String,
    after: String,
    comparison_before: String,
    comparison_after: String,
    did: String,
    comparison_desa: String,
    rows: Vec<(String, String, String)>,
}

const EFFECT_W: f64 = 560.0;
const EFFECT_H: f64 = 180.0;

fn effect_chart(lang: crate::i18n::Lang, e: app::effect::EffectView) -> EffectChart {
    use crate::format::{month_label, pct, signed};
    let n = e.months.len().max(2) as f64 - 1.0;
    let ymax = e
        .treated
        .iter()
        .chain(e.comparison.iter())
        .flatten()
        .fold(1.0_f64, |m, v| m.max(*v))
        * 1.1;
    let x = |i: usize| (i as f64 / n * EFFECT_W).round() as i64;
    let points = |v: &[Option<f64>]| {
        v.iter()
            .enumerate()
            .filter_map(|(i, p)| p.map(|p| format!("{},{}", x(i), (EFFECT_H - p / ymax * EFFECT_H).round() as i64)))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let start_i = e.months.iter().position(|m| *m >= e.start).unwrap_or(0);
    EffectChart {
        indicator: format!(
            "{} {}",
            e.indicator.code,
            match lang {
                crate::i18n::Lang::Id => &e.indicator.name_id,
                crate::i18n::Lang::En => &e.indicator.name_en,
            }
        ),
        desa: e.desa_name.clone(),
        start: month_label(lang, e.start),
        treated: points(&e.treated),
        comparison: points(&e.comparison),
        start_x: x(start_i),
        first: e.months.first().map(|m| month_label(lang, *m)).unwrap_or_default(),
        last: e.months.last().map(|m| month_label(lang, *m)).unwrap_or_default(),
        ymax: pct(lang, Some(ymax)),
        before: pct(lang, e.effect.before),
        after: pct(lang, e.effect.after),
        comparison_before: pct(lang, e.effect.comparison_before),
        comparison_after: pct(lang, e.effect.comparison_after),
        did: e.effect.did.map_or_else(
            || "—".into(),
            |d| format!("{} {}", signed(lang, d, 1), crate::i18n::text(lang, "effect.points")),
        ),
        comparison_desa: e.comparison_desa.join(", "),
        rows: e
            .months
            .iter()
            .enumerate()
            .map(|(i, m)| {
                (
                    month_label(lang, *m),
                    pct(lang, e.treated[i]),
                    pct(lang, e.comparison[i]),
                )
            })
            .collect(),
    }
}

async fn show_page(st: &AppState, s: &SignedIn, id: i64, errs: Errs) -> Result<Response, PageError> {
    let v = app::action::get(&st.app, &s.actor, id).await?;
    let effect = app::effect::of_action(&st.app, &s.actor, id)
        .await?
        .map(|e| effect_chart(s.visitor.lang, e));
    let wa = if v.is_host && v.action.status.is_open() {
        app::notice::action_link(&st.app, &s.actor, id, s.visitor.lang).await?
    } else {
        None
    };
    let ctx = Ctx::new(&s.visitor);
    let status = errs.status();
    Ok(render_status(
        status,
        &ShowPage {
            title: v.action.what.clone(),
            ctx,
            v,
            statuses: ActionStatus::ALL,
            errs,
            effect,
            wa,
        },
    ))
}

pub async fn show(State(st): State<AppState>, s: SignedIn, Path(id): Path<i64>) -> Result<Response, PageError> {
    show_page(&st, &s, id, Errs::none()).await
}

pub async fn post_update(
    State(st): State<AppState>,
    s: SignedIn,
    Path(id): Path<i64>,
    mp: CsrfMultipart,
) -> Result<Response, PageError> {
    let note = mp.get("note").to_string();
    let mut f = crate::form::Reader::new();
    let status = f.opt_word("status", mp.get("status"), domain::action::ActionStatus::parse);
    let posted = match f.finish(status, Ok) {
        Ok(status) => app::action::post_update(&st.app, &s.actor, id, &note, status, mp.file).await,
        Err(inv) => Err(inv.into()),
    };
    match posted {
        Ok(()) => Ok(Redirect::to(&format!("/actions/{id}")).into_response()),
        Err(e) => show_page(&st, &s, id, Errs::new(s.visitor.lang, split_invalid(e)?)).await,
    }
}

/// The host's answer to a "done": confirm it, or reopen it with a note. Posted from the action
/// page or from the review of a later meeting (`back_meeting`: back to that meeting's review).
#[derive(Deserialize, Default)]
pub struct HostAnswer {
    #[serde(default)]
    note: String,
    #[serde(default)]
    back_meeting: String,
}

async fn after_host_answer(
    st: &AppState,
    s: &SignedIn,
    id: i64,
    f: &HostAnswer,
    r: app::Result<()>,
) -> Result<Response, PageError> {
    match r {
        Ok(()) => Ok(match f.back_meeting.trim().parse::<i64>() {
            Ok(m) => Redirect::to(&format!("/meetings/{m}#review-action-{id}")),
            Err(_) => Redirect::to(&format!("/actions/{id}")),
        }
        .into_response()),
        Err(e) => show_page(st, s, id, Errs::new(s.visitor.lang, split_invalid(e)?)).await,
    }
}

/// POST /actions/{id}/confirm: the host accepts the owner's "done".
pub async fn confirm(
    State(st): State<AppState>,
    s: SignedIn,
    Path(id): Path<i64>,
    CsrfForm(f): CsrfForm<HostAnswer>,
) -> Result<Response, PageError> {
    let r = app::action::confirm(&st.app, &s.actor, id).await;
    after_host_answer(&st, &s, id, &f, r).await
}

/// POST /actions/{id}/reopen: the host sends a "done" back to in progress.
pub async fn reopen(
    State(st): State<AppState>,
    s: SignedIn,
    Path(id): Path<i64>,
    CsrfForm(f): CsrfForm<HostAnswer>,
) -> Result<Response, PageError> {
    let r = app::action::reopen(&st.app, &s.actor, id, &f.note).await;
    after_host_answer(&st, &s, id, &f, r).await
}

#[derive(Template)]
#[template(path = "actions/commitments.html")]
struct CommitmentsPage {
    title: String,
    ctx: Ctx,
    rows: Vec<ActionView>,
}

pub async fn commitments(State(st): State<AppState>, s: SignedIn) -> Result<Response, PageError> {
    let rows = app::action::commitments(&st.app, &s.actor).await?;
    let ctx = Ctx::new(&s.visitor);
    Ok(render(&CommitmentsPage {
        title: ctx.t("commitments.title").into(),
        ctx,
        rows,
    }))
}

/// Per sector (in the order of `groups`): organisations and actions; and the sum of both.
fn sector_totals(groups: &[SectorGroup]) -> (Vec<(usize, usize)>, (usize, usize)) {
    let totals: Vec<(usize, usize)> = groups
        .iter()
        .map(|g| (g.orgs.len(), g.orgs.iter().map(|(_, l)| l.len()).sum()))
        .collect();
    let total = totals.iter().fold((0, 0), |a, t| (a.0 + t.0, a.1 + t.1));
    (totals, total)
}

#[derive(Template)]
#[template(path = "actions/overdue.html")]
struct OverduePage {
    title: String,
    ctx: Ctx,
    /// The ids' prefix in `actions/by_sector.html`.
    key: &'static str,
    count_label: String,
    groups: Vec<SectorGroup>,
    /// Per sector (in the order of `groups`): organisations and actions overdue.
    totals: Vec<(usize, usize)>,
    /// Every overdue action and the organisations that owe them.
    total: (usize, usize),
}

/// The overdue actions by sector: the totals first (what a Bupati reads), then each sector's
/// organisations folded, their actions inside.
pub async fn overdue(State(st): State<AppState>, s: SignedIn) -> Result<Response, PageError> {
    let groups = app::action::overdue_by_sector(&st.app, &s.actor).await?;
    let (totals, total) = sector_totals(&groups);
    let ctx = Ctx::new(&s.visitor);
    Ok(render(&OverduePage {
        title: ctx.t("overdue.title").into(),
        count_label: ctx.t("overdue.actions").into(),
        key: "overdue",
        ctx,
        groups,
        totals,
        total,
    }))
}

#[derive(Deserialize, Default)]
pub struct DueQuery {
    #[serde(default)]
    month: String,
}

#[derive(Template)]
#[template(path = "actions/due.html")]
struct DuePage {
    title: String,
    ctx: Ctx,
    key: &'static str,
    count_label: String,
    /// The month shown, as the picker takes it (`2026-12`), or as typed when it is wrong.
    month: String,
    month_label: String,
    errs: Errs,
    groups: Vec<SectorGroup>,
    totals: Vec<(usize, usize)>,
    total: (usize, usize),
}

/// The open actions due in a month (this month unless `?month=` says), every sector's in the
/// account's area, grouped as on /overdue: what the Puskesmas and its partners still have to
/// finish before the month ends.
pub async fn due(State(st): State<AppState>, s: SignedIn, Query(q): Query<DueQuery>) -> Result<Response, PageError> {
    let lang = s.visitor.lang;
    let ctx = Ctx::new(&s.visitor);
    let (month, groups, errs) = match super::nutrition::parse_month(&q.month) {
        Ok(m) => {
            let (m, groups) = app::action::due_by_sector(&st.app, &s.actor, m).await?;
            (Some(m), groups, Errs::none())
        }
        Err(code) => (None, Vec::new(), Errs::new(lang, domain::Invalid::one("month", code))),
    };
    let (totals, total) = sector_totals(&groups);
    let page = DuePage {
        title: ctx.t("due.title").into(),
        count_label: ctx.t("due.actions").into(),
        key: "due",
        month: month.map_or(q.month.clone(), |m| m.format("%Y-%m").to_string()),
        month_label: month.map(|m| crate::format::month_label(lang, m)).unwrap_or_default(),
        errs,
        ctx,
        groups,
        totals,
        total,
    };
    Ok(render_status(page.errs.status(), &page))
}

#[derive(Deserialize, Default)]
pub struct ShortageQuery {
    #[serde(default)]
    category: String,
    #[serde(default)]
    within: String,
}

#[derive(Template)]
#[template(path = "actions/shortages.html")]
struct ShortagesPage {
    title: String,
    ctx: Ctx,
    categories: Vec<ProblemCategory>,
    category: String,
    within: String,
    rows: Vec<Shortage>,
    totals: Vec<(String, usize, i64)>,
    error: Option<String>,
}

pub async fn shortages(
    State(st): State<AppState>,
    s: SignedIn,
    Query(q): Query<ShortageQuery>,
) -> Result<Response, PageError> {
    let ctx = Ctx::new(&s.visitor);
    let (rows, error) = match app::problem::shortages(&st.app, &s.actor, Some(&q.category), Some(q.within.trim())).await
    {
        Ok(r) => (r, None),
        Err(e) => {
            let inv = split_invalid(e)?;
            (Vec::new(), inv.0.first().map(|f| ctx.t(f.code).to_string()))
        }
    };
    let mut totals: Vec<(String, usize, i64)> = Vec::new();
    for r in &rows {
        match totals.iter_mut().find(|t| t.0 == r.category.as_str()) {
            Some(t) => {
                t.1 += 1;
                t.2 += r.quantity.unwrap_or(0);
            }
            None => totals.push((r.category.to_string(), 1, r.quantity.unwrap_or(0))),
        }
    }
    let categories = ProblemCategory::ALL
        .iter()
        .copied()
        .filter(|c| c.is_shortage())
        .collect();
    Ok(render(&ShortagesPage {
        title: ctx.t("shortages.title").into(),
        ctx,
        categories,
        category: q.category,
        within: q.within,
        rows,
        totals,
        error,
    }))
}
