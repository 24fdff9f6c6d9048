//! PKP (Penilaian Kinerja Puskesmas) pages: `/coverage/pkp` — a Puskesmas's assessment of a
//! year (the coverage worksheet, the management checklist, the way to the Dinkes and back),
//! or, for district readers without a Puskesmas asked, the district's ranking; the review
//! form of the Dinkes; the A4 print and the XLSX of the worksheet; the ranking as CSV.

use super::entry::{indicator_name, messages, puskesmas_of, row_error};
use super::targets::year_of;
use super::{count, figure};
use crate::AppState;
use crate::ctx::{Ctx, SignedIn};
use crate::error::PageError;
use crate::form::CsrfForm;
use crate::format::num;
use crate::i18n::{Lang, fill, text};
use crate::pages::{Errs, download, render, render_status, split_invalid};
use app::AppError;
use app::pkp::{Counted, PkpInput, PkpView, Ranking, Review, ScoreInput, Then};
use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Datelike;
use domain::Invalid;
use domain::pkp::{PkpGroup, PkpStatus, RowNotes, SCORES};
use interop::table::{Cell, Sheet};
use serde::Deserialize;
use std::collections::HashMap;

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

#[derive(Deserialize, Default)]
pub struct PkpQuery {
    #[serde(default)]
    pub puskesmas: String,
    /// Default: last year (the year a PKP is made for).
    #[serde(default)]
    pub year: String,
    /// What just happened: `saved`, `submitted`, `verified`, `returned`.
    #[serde(default)]
    pub done: String,
}

/// The year asked for, else the one before the current (the year a PKP assesses).
fn pkp_year(st: &AppState, s: &SignedIn, asked: &str) -> Result<i32, PageError> {
    if asked.trim().is_empty() {
        return Ok(st.app.clock().today_for(&s.actor).year() - 1);
    }
    year_of(st, s, asked)
}

fn pct(lang: Lang, v: Option<f64>) -> String {
    v.map_or_else(|| "—".into(), |v| format!("{}%", num(lang, v, 1)))
}

fn score_text(lang: Lang, v: Option<f64>) -> String {
    v.map_or_else(|| "—".into(), |v| num(lang, v, 2))
}

/// `I — Baik` and its class word.
fn group(ctx: &Ctx, g: Option<PkpGroup>) -> (String, &'static str) {
    match g {
        Some(g) => (format!("{} — {}", g.roman(), ctx.tk("pkp_group", g)), g.as_str()),
        None => ("—".into(), "none"),
    }
}

// --- the assessment -------------------------------------------------------------------------------

struct Hint {
    href: String,
    title: String,
    actions: String,
}

struct Line {
    code: String,
    name: String,
    target: String,
    unit: &'static str,
    sasaran: String,
    target_sasaran: String,
    riil: String,
    realisasi: String,
    percent: String,
    short: bool,
    masalah: String,
    penyebab: String,
    rtl: String,
    m_error: Option<String>,
    hints: Vec<Hint>,
}

struct Block {
    label: String,
    mean: String,
    lines: Vec<Line>,
}

struct Choice {
    value: u8,
    words: String,
    checked: bool,
}

struct Item {
    code: String,
    text: String,
    criteria: Vec<Choice>,
    /// What Lintas counted (the text), when it scores the item.
    counted: Option<String>,
    meetings: Vec<(i64, String)>,
    self_score: String,
    verified_score: String,
    /// The score the review form starts from.
    review_default: u8,
    evidence: String,
    error: Option<String>,
}

struct Variable {
    label: String,
    mean: String,
    items: Vec<Item>,
}

struct Step {
    what: String,
    by: String,
    at: String,
    feedback: String,
}

#[derive(Template)]
#[template(path = "coverage/pkp.html")]
struct PkpPage {
    title: String,
    ctx: Ctx,
    pkm_id: i64,
    pkm_name: String,
    year: i32,
    status: &'static str,
    live: bool,
    through_note: String,
    coverage: String,
    coverage_group: (String, &'static str),
    management: String,
    management_group: (String, &'static str),
    feedback: Option<String>,
    blocks: Vec<Block>,
    variables: Vec<Variable>,
    steps: Vec<Step>,
    can_edit: bool,
    can_review: bool,
    review_feedback: String,
    review_error: Option<String>,
    notice: Option<String>,
    summary: Vec<(String, String)>,
    general: Vec<String>,
}

/// The worksheet blocks and checklist variables of a view, with what was posted and the
/// errors on it (`m.{code}`, `s.{item}`, …) and their summary lines.
fn assemble(
    ctx: &Ctx,
    v: &PkpView,
    form: Option<&HashMap<String, String>>,
    errs: &Errs,
) -> (Vec<Block>, Vec<Variable>, Vec<(String, String)>) {
    let lang = ctx.lang;
    let posted = |name: &str| form.and_then(|f| f.get(name)).cloned();
    let mut summary = Vec::new();
    let mut blocks = Vec::new();
    for p in &v.programs {
        let mut lines = Vec::new();
        for l in &p.lines {
            let code = l.indicator.code.clone();
            let name = indicator_name(lang, &l.indicator);
            let m_field = format!("m.{code}");
            let m_error = errs.on(&m_field);
            for f in ["m", "p", "r"] {
                if let Some(e) = errs.on(&format!("{f}.{code}")) {
                    summary.push((format!("{f}.{code}"), format!("{code} {name}: {e}")));
                }
            }
            // A masalah not written yet starts from the problems the Lokmin raised.
            let first_raised = l.raised.first();
            lines.push(Line {
                target: l.target.map_or_else(|| "—".into(), |t| num(lang, t, 1)),
                unit: app::coverage::unit_suffix(l.indicator.unit),
                sasaran: count(lang, l.sasaran),
                target_sasaran: l.target_sasaran.map_or_else(|| "—".into(), |t| num(lang, t, 1)),
                riil: count(lang, l.riil),
                realisasi: figure(lang, l.realisasi, l.indicator.unit),
                percent: pct(lang, l.percent),
                short: l.short(),
                masalah: posted(&m_field).unwrap_or_else(|| {
                    if l.masalah.is_empty() && v.can_edit {
                        first_raised.map(|r| r.title.clone()).unwrap_or_default()
                    } else {
                        l.masalah.clone()
                    }
                }),
                penyebab: posted(&format!("p.{code}")).unwrap_or_else(|| l.penyebab.clone()),
                rtl: posted(&format!("r.{code}")).unwrap_or_else(|| {
                    if l.rtl.is_empty() && v.can_edit {
                        first_raised.and_then(|r| r.actions.clone()).unwrap_or_default()
                    } else {
                        l.rtl.clone()
                    }
                }),
                m_error,
                hints: l
                    .raised
                    .iter()
                    .map(|r| Hint {
                        href: format!("/meetings/{}#problem-{}", r.meeting_id, r.problem_id),
                        title: r.title.clone(),
                        actions: r.actions.clone().unwrap_or_default(),
                    })
                    .collect(),
                code,
                name,
            });
        }
        blocks.push(Block {
            label: ctx.tk("cov_program", p.program),
            mean: pct(lang, p.mean),
            lines,
        });
    }
    let mut variables = Vec::new();
    for b in &v.variables {
        let mut items = Vec::new();
        for i in &b.items {
            let code = i.item.code.to_string();
            let field = format!("s.{code}");
            let error = errs.on(&field);
            if let Some(e) = &error {
                let t = if lang == Lang::Id {
                    i.item.text_id
                } else {
                    i.item.text_en
                };
                summary.push((field.clone(), format!("{code} {t}: {e}")));
            }
            let chosen = posted(&field)
                .and_then(|s| s.trim().parse::<u8>().ok())
                .or(i.self_score);
            let crit = if lang == Lang::Id {
                i.item.criteria_id
            } else {
                i.item.criteria_en
            };
            let (counted, meetings) = match &i.counted {
                Some(Counted::Lokmin { held, meetings, .. }) => (
                    Some(fill(lang, "pkp.counted_lokmin", &[("n", &held.to_string())])),
                    meetings
                        .iter()
                        .map(|m| (m.id, format!("{} ({})", m.title, m.held_on.format("%d/%m/%Y"))))
                        .collect(),
                ),
                Some(Counted::PreviousPkp { status }) => (
                    Some(fill(
                        lang,
                        "pkp.counted_previous",
                        &[("status", &ctx.tk("pkp_status", status))],
                    )),
                    Vec::new(),
                ),
                None => (None, Vec::new()),
            };
            items.push(Item {
                text: (if lang == Lang::Id {
                    i.item.text_id
                } else {
                    i.item.text_en
                })
                .to_string(),
                criteria: SCORES
                    .iter()
                    .zip(crit)
                    .map(|(s, w)| Choice {
                        value: *s,
                        words: w.to_string(),
                        checked: chosen == Some(*s),
                    })
                    .collect(),
                counted,
                meetings,
                self_score: i.self_score.map_or_else(|| "—".into(), |s| s.to_string()),
                verified_score: i.verified_score.map_or_else(|| "—".into(), |s| s.to_string()),
                review_default: i.verified_score.or(i.self_score).unwrap_or(0),
                evidence: posted(&format!("e.{code}")).unwrap_or_else(|| i.evidence.clone()),
                error,
                code,
            });
        }
        variables.push(Variable {
            label: ctx.tk("pkp_var", b.variable),
            mean: score_text(lang, b.mean),
            items,
        });
    }
    (blocks, variables, summary)
}

fn through_note(lang: Lang, through: u32) -> String {
    if through == 12 {
        text(lang, "pkp.through_year").to_string()
    } else {
        fill(
            lang,
            "pkp.through_month",
            &[("month", crate::i18n::month_name(lang, through))],
        )
    }
}

/// The page of a view, with what was posted and its errors.
fn pkp_page(
    ctx: Ctx,
    v: &PkpView,
    form: Option<&HashMap<String, String>>,
    inv: Invalid,
    general: Vec<String>,
    notice: Option<String>,
) -> Response {
    let lang = ctx.lang;
    let errs = Errs::new(lang, inv);
    let posted = |name: &str| form.and_then(|f| f.get(name)).cloned();
    let (blocks, variables, mut summary) = assemble(&ctx, v, form, &errs);
    let review_error = errs.on("feedback");
    if let Some(e) = &review_error {
        summary.push(("feedback".into(), format!("{}: {e}", text(lang, "pkp.feedback"))));
    }
    let steps = v
        .steps
        .iter()
        .map(|s| Step {
            what: ctx.tk("pkp_step", s.status),
            by: s.by_username.clone().unwrap_or_default(),
            at: s.at.format("%d/%m/%Y %H:%M").to_string(),
            feedback: s.feedback.clone().unwrap_or_default(),
        })
        .collect();
    let status = if errs.any() || !general.is_empty() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    render_status(
        status,
        &PkpPage {
            title: format!("{} {} — {}", ctx.t("pkp.title"), v.year, v.puskesmas.name),
            pkm_id: v.puskesmas.id,
            pkm_name: v.puskesmas.name.clone(),
            year: v.year,
            status: v.status.as_str(),
            live: v.live,
            through_note: through_note(lang, v.through),
            coverage: pct(lang, v.coverage),
            coverage_group: group(&ctx, v.coverage_group),
            management: score_text(lang, v.management),
            management_group: group(&ctx, v.management_group),
            feedback: v.assessment.as_ref().and_then(|a| a.feedback.clone()),
            blocks,
            variables,
            steps,
            can_edit: v.can_edit,
            can_review: v.can_review,
            review_feedback: posted("feedback").unwrap_or_default(),
            review_error,
            notice,
            summary,
            general,
            ctx,
        },
    )
}

/// GET /coverage/pkp: a Puskesmas's assessment; without one asked, the district's ranking.
pub async fn show(State(st): State<AppState>, s: SignedIn, Query(q): Query<PkpQuery>) -> Result<Response, PageError> {
    let year = pkp_year(&st, &s, &q.year)?;
    let Some(pkm) = puskesmas_of(&s, &q.puskesmas) else {
        let r = app::pkp::ranking(&st.app, &s.actor, year).await?;
        return Ok(ranking_page(Ctx::new(&s.visitor), &r));
    };
    let v = app::pkp::view(&st.app, &s.actor, pkm, year).await?;
    let lang = s.visitor.lang;
    let notice = match q.done.trim() {
        d @ ("saved" | "submitted" | "verified" | "returned") => Some(text(lang, &format!("pkp.done.{d}")).to_string()),
        _ => None,
    };
    Ok(pkp_page(
        Ctx::new(&s.visitor),
        &v,
        None,
        Invalid::new(),
        Vec::new(),
        notice,
    ))
}

/// POST /coverage/pkp: saves the self-assessment; `then=submit` also sends it.
pub async fn save(
    State(st): State<AppState>,
    s: SignedIn,
    Query(q): Query<PkpQuery>,
    CsrfForm(form): CsrfForm<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let pkm = puskesmas_of(&s, &q.puskesmas).ok_or(AppError::NotFound)?;
    let year = pkp_year(&st, &s, &q.year)?;
    let v = app::pkp::view(&st.app, &s.actor, pkm, year).await?;
    let get = |k: &str| form.get(k).cloned().unwrap_or_default();
    let codes: Vec<String> = v.lines().map(|l| l.indicator.code.clone()).collect();
    let rows = codes
        .iter()
        .map(|c| RowNotes {
            indicator_code: c.clone(),
            masalah: get(&format!("m.{c}")),
            penyebab: get(&format!("p.{c}")),
            rtl: get(&format!("r.{c}")),
        })
        .collect();
    let items: Vec<String> = v.items().map(|i| i.item.code.to_string()).collect();
    let scores = v
        .items()
        .map(|i| ScoreInput {
            item_code: i.item.code.to_string(),
            score: if i.counted.is_some() {
                String::new()
            } else {
                get(&format!("s.{}", i.item.code))
            },
            evidence: get(&format!("e.{}", i.item.code)),
        })
        .collect();
    let then = if get("then") == "submit" {
        Then::Submit
    } else {
        Then::Keep
    };
    match app::pkp::save(&st.app, &s.actor, pkm, year, PkpInput { rows, scores }, then).await {
        Ok(_) => {
            let done = if then == Then::Submit { "submitted" } else { "saved" };
            Ok(Redirect::to(&format!("/coverage/pkp?puskesmas={pkm}&year={year}&done={done}")).into_response())
        }
        Err(e) => {
            let inv = split_invalid(e)?;
            let mut mapped = Invalid::new();
            let mut general = Invalid::new();
            for e in inv.0 {
                let to = if let Some((i, f)) = row_error(&e.field, "rows") {
                    codes.get(i).map(|c| format!("{}.{c}", &f[..1]))
                } else if let Some((j, f)) = row_error(&e.field, "scores") {
                    items
                        .get(j)
                        .map(|c| format!("{}.{c}", if f == "evidence" { "e" } else { "s" }))
                } else {
                    None
                };
                match to {
                    Some(f) => mapped.add(f, e.code),
                    None => general.0.push(e),
                }
            }
            let lang = s.visitor.lang;
            Ok(pkp_page(
                Ctx::new(&s.visitor),
                &v,
                Some(&form),
                mapped,
                messages(lang, &general),
                None,
            ))
        }
    }
}

/// POST /coverage/pkp/review: the Dinkes verifies (`decision=verify`, its scores `v.{item}`)
/// or returns (`decision=return`, feedback required).
pub async fn review(
    State(st): State<AppState>,
    s: SignedIn,
    Query(q): Query<PkpQuery>,
    CsrfForm(form): CsrfForm<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let pkm = puskesmas_of(&s, &q.puskesmas).ok_or(AppError::NotFound)?;
    let year = pkp_year(&st, &s, &q.year)?;
    let get = |k: &str| form.get(k).cloned().unwrap_or_default();
    let feedback = get("feedback");
    let (decision, done) = if get("decision") == "return" {
        (Review::Return { feedback }, "returned")
    } else {
        let scores = domain::pkp::MANAGEMENT
            .iter()
            .filter_map(|i| {
                form.get(&format!("v.{}", i.code))
                    .map(|v| (i.code.to_string(), v.clone()))
            })
            .collect();
        (Review::Verify { scores, feedback }, "verified")
    };
    match app::pkp::review(&st.app, &s.actor, pkm, year, decision).await {
        Ok(_) => Ok(Redirect::to(&format!("/coverage/pkp?puskesmas={pkm}&year={year}&done={done}")).into_response()),
        Err(e) => {
            let inv = split_invalid(e)?;
            let v = app::pkp::view(&st.app, &s.actor, pkm, year).await?;
            let (named, rest): (Vec<_>, Vec<_>) = inv.0.into_iter().partition(|e| e.field == "feedback");
            let lang = s.visitor.lang;
            Ok(pkp_page(
                Ctx::new(&s.visitor),
                &v,
                Some(&form),
                Invalid(named),
                messages(lang, &Invalid(rest)),
                None,
            ))
        }
    }
}

// --- print and XLSX ---------------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "coverage/pkp_print.html")]
struct PkpPrint {
    title: String,
    ctx: Ctx,
    pkm_id: i64,
    pkm_name: String,
    year: i32,
    status: &'static str,
    through_note: String,
    coverage: String,
    coverage_group: (String, &'static str),
    management: String,
    management_group: (String, &'static str),
    blocks: Vec<Block>,
    variables: Vec<Variable>,
    printed_on: String,
}

/// GET /coverage/pkp/print: the worksheet and the checklist on A4.
pub async fn print(State(st): State<AppState>, s: SignedIn, Query(q): Query<PkpQuery>) -> Result<Response, PageError> {
    let pkm = puskesmas_of(&s, &q.puskesmas).ok_or(AppError::NotFound)?;
    let year = pkp_year(&st, &s, &q.year)?;
    let mut v = app::pkp::view(&st.app, &s.actor, pkm, year).await?;
    // The print shows what is saved, not suggestions.
    v.can_edit = false;
    let ctx = Ctx::new(&s.visitor);
    let (blocks, variables, _) = assemble(&ctx, &v, None, &Errs::none());
    Ok(render(&PkpPrint {
        title: format!("{} {} — {}", ctx.t("pkp.title"), v.year, v.puskesmas.name),
        pkm_id: v.puskesmas.id,
        pkm_name: v.puskesmas.name.clone(),
        year: v.year,
        status: v.status.as_str(),
        through_note: through_note(ctx.lang, v.through),
        coverage: pct(ctx.lang, v.coverage),
        coverage_group: group(&ctx, v.coverage_group),
        management: score_text(ctx.lang, v.management),
        management_group: group(&ctx, v.management_group),
        blocks,
        variables,
        printed_on: st.app.clock().today_for(&s.actor).format("%d/%m/%Y").to_string(),
        ctx,
    }))
}

fn internal(e: impl std::fmt::Display) -> PageError {
    AppError::Internal(e.to_string()).into()
}

/// GET /coverage/pkp.xlsx: the worksheet and the checklist as a workbook.
pub async fn xlsx(State(st): State<AppState>, s: SignedIn, Query(q): Query<PkpQuery>) -> Result<Response, PageError> {
    let pkm = puskesmas_of(&s, &q.puskesmas).ok_or(AppError::NotFound)?;
    let year = pkp_year(&st, &s, &q.year)?;
    let v = app::pkp::view(&st.app, &s.actor, pkm, year).await?;
    let lang = s.visitor.lang;
    let t = |k: &str| text(lang, k).to_string();
    let headers: Vec<String> = [
        "pkp.col.code",
        "pkp.col.indicator",
        "pkp.col.program",
        "pkp.col.target",
        "pkp.col.unit",
        "pkp.col.sasaran",
        "pkp.col.target_sasaran",
        "pkp.col.riil",
        "pkp.col.realisasi",
        "pkp.col.percent",
        "pkp.col.masalah",
        "pkp.col.penyebab",
        "pkp.col.rtl",
    ]
    .iter()
    .map(|k| t(k))
    .collect();
    let ctx = Ctx::new(&s.visitor);
    let mut rows: Vec<Vec<Cell>> = v
        .lines()
        .map(|l| {
            vec![
                Cell::Text(l.indicator.code.clone()),
                Cell::Text(indicator_name(lang, &l.indicator)),
                Cell::Text(ctx.tk("cov_program", l.indicator.program)),
                Cell::number(l.target, 1),
                Cell::Text(app::coverage::unit_suffix(l.indicator.unit).to_string()),
                Cell::count(l.sasaran),
                Cell::number(l.target_sasaran, 1),
                Cell::count(l.riil),
                Cell::number(l.realisasi, 1),
                Cell::number(l.percent, 1),
                Cell::Text(l.masalah.clone()),
                Cell::Text(l.penyebab.clone()),
                Cell::Text(l.rtl.clone()),
            ]
        })
        .collect();
    rows.push(Vec::new());
    for b in &v.variables {
        for i in &b.items {
            let mut r = vec![
                Cell::Text(i.item.code.to_string()),
                Cell::Text(
                    (if lang == Lang::Id {
                        i.item.text_id
                    } else {
                        i.item.text_en
                    })
                    .to_string(),
                ),
                Cell::Text(ctx.tk("pkp_var", b.variable)),
            ];
            r.push(Cell::number(i.self_score.map(f64::from), 0));
            r.push(Cell::Text(t("pkp.col.self_score")));
            r.push(Cell::number(i.verified_score.map(f64::from), 0));
            r.push(Cell::Text(t("pkp.col.verified_score")));
            r.push(Cell::Empty);
            r.push(Cell::Empty);
            r.push(Cell::Empty);
            r.push(Cell::Text(i.evidence.clone()));
            rows.push(r);
        }
    }
    let sheet = Sheet {
        name: format!("PKP {}", v.year),
        title: format!("{} {} — {}", t("pkp.title"), v.year, v.puskesmas.name),
        subtitle: format!(
            "{}: {} ({}) · {}: {} ({}) · {}",
            t("pkp.coverage"),
            pct(lang, v.coverage),
            group(&ctx, v.coverage_group).0,
            t("pkp.management"),
            score_text(lang, v.management),
            group(&ctx, v.management_group).0,
            ctx.tk("pkp_status", v.status),
        ),
        headers,
        widths: vec![8.0, 36.0, 18.0, 9.0, 6.0, 11.0, 11.0, 10.0, 10.0, 9.0, 30.0, 30.0, 30.0],
        rows,
        notes: vec![t("pkp.note.formula"), t("pkp.note.lower"), t("pkp.note.groups")],
    };
    let bytes = interop::table::to_xlsx(&sheet).map_err(internal)?;
    Ok(download(
        XLSX,
        &format!("pkp-{}-{}.xlsx", v.year, v.puskesmas.id),
        bytes,
    ))
}

// --- the ranking ------------------------------------------------------------------------------------

struct RankRow {
    rank: String,
    id: i64,
    name: String,
    status: String,
    status_word: &'static str,
    coverage: String,
    coverage_group: (String, &'static str),
    management: String,
    management_group: (String, &'static str),
}

#[derive(Template)]
#[template(path = "coverage/pkp_ranking.html")]
struct RankingPage {
    title: String,
    ctx: Ctx,
    year: i32,
    rows: Vec<RankRow>,
    counts: Vec<(String, usize)>,
}

fn rank_rows(ctx: &Ctx, r: &Ranking) -> Vec<RankRow> {
    let lang = ctx.lang;
    r.lines
        .iter()
        .map(|l| RankRow {
            rank: l.rank.map_or_else(|| "—".into(), |n| n.to_string()),
            id: l.puskesmas.id,
            name: l.puskesmas.name.clone(),
            status: l
                .status
                .map_or_else(|| ctx.t("pkp.not_started").to_string(), |s| ctx.tk("pkp_status", s)),
            status_word: l.status.map_or("none", PkpStatus::as_str),
            coverage: pct(lang, l.coverage),
            coverage_group: group(ctx, l.coverage_group),
            management: score_text(lang, l.management),
            management_group: group(ctx, l.management_group),
        })
        .collect()
}

fn ranking_page(ctx: Ctx, r: &Ranking) -> Response {
    let rows = rank_rows(&ctx, r);
    let counts = [
        None,
        Some(PkpStatus::Draft),
        Some(PkpStatus::Submitted),
        Some(PkpStatus::Returned),
        Some(PkpStatus::Verified),
    ]
    .into_iter()
    .map(|st| {
        let label = st.map_or_else(|| ctx.t("pkp.not_started").to_string(), |s| ctx.tk("pkp_status", s));
        (label, r.lines.iter().filter(|l| l.status == st).count())
    })
    .collect();
    render(&RankingPage {
        title: format!("{} {}", ctx.t("pkp.ranking.title"), r.year),
        year: r.year,
        rows,
        counts,
        ctx,
    })
}

/// GET /coverage/pkp/ranking.csv: the district's ranking.
pub async fn ranking_csv(
    State(st): State<AppState>,
    s: SignedIn,
    Query(q): Query<PkpQuery>,
) -> Result<Response, PageError> {
    let year = pkp_year(&st, &s, &q.year)?;
    let r = app::pkp::ranking(&st.app, &s.actor, year).await?;
    let ctx = Ctx::new(&s.visitor);
    let lang = ctx.lang;
    let headers: Vec<String> = [
        "pkp.col.rank",
        "pkp.col.puskesmas",
        "pkp.col.status",
        "pkp.coverage",
        "pkp.col.coverage_group",
        "pkp.management",
        "pkp.col.management_group",
    ]
    .iter()
    .map(|k| text(lang, k).to_string())
    .collect();
    let rows: Vec<Vec<Cell>> = r
        .lines
        .iter()
        .map(|l| {
            vec![
                Cell::number(l.rank.map(|n| n as f64), 0),
                Cell::Text(l.puskesmas.name.clone()),
                Cell::Text(
                    l.status
                        .map_or_else(|| ctx.t("pkp.not_started").to_string(), |s| ctx.tk("pkp_status", s)),
                ),
                Cell::number(l.coverage, 1),
                Cell::Text(l.coverage_group.map(|g| g.roman().to_string()).unwrap_or_default()),
                Cell::number(l.management, 2),
                Cell::Text(l.management_group.map(|g| g.roman().to_string()).unwrap_or_default()),
            ]
        })
        .collect();
    let bytes = interop::table::to_csv(&headers, &rows).map_err(internal)?;
    Ok(download(
        "text/csv; charset=utf-8",
        &format!("pkp-ranking-{year}.csv"),
        bytes,
    ))
}
