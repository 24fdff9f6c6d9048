//! The monthly entry grid of a Puskesmas (`/coverage/entry`): the indicators typed in as rows
//! grouped by programme, the desa of its wilayah kerja as columns (one desa at a time on a
//! phone), a small second input for the monthly denominator where the indicator has no
//! sasaran, the figures Lintas derives from its nutrition data shown beside, read-only, and
//! the month's report status (first entered, deadline, on time or late).
//!
//! A post sends every cell; only the cells that differ from what is stored become changes (a
//! blank cell that had a figure is a clear), all saved or none. A cell that does not read as a
//! number is sent as NaN, so the use case refuses the whole post and every other cell's rule
//! errors are shown with it.
//!
//! Also here, shared with the targets and sasaran pages: which Puskesmas a page is about, the
//! Puskesmas picker, numbers typed in a cell, and where a use case's `rows[i]` error goes.

use crate::AppState;
use crate::ctx::{Ctx, SignedIn};
use crate::error::PageError;
use crate::form::CsrfForm;
use crate::format::{month_label, num, pct, typed};
use crate::i18n::{Lang, fill, text};
use crate::pages::{Errs, query, render_status, split_invalid};
use app::AppError;
use app::coverage::{CellKey, GridView, PwsQuery};
use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{Datelike, Months, NaiveDate};
use domain::Invalid;
use domain::access::{Home, home};
use domain::coverage::{AchievementInput, AchievementSource, Program, first_of_month};
use domain::org::OrgKind;
use serde::Deserialize;
use std::collections::HashMap;
use store::coverage::IndicatorRow;
use store::org::OrgFilter;

// --- shared with the targets and sasaran pages ---------------------------------------------------

/// The Puskesmas a coverage page is about: the one asked for, else a Puskesmas account's own
/// (`None`: the visitor picks one).
pub(super) fn puskesmas_of(s: &SignedIn, asked: &str) -> Option<i64> {
    match asked.trim().parse::<i64>() {
        Ok(id) => Some(id),
        Err(_) => match home(&s.actor) {
            Home::Puskesmas(id) => Some(id),
            _ => None,
        },
    }
}

/// The Puskesmas of the visitor's area, by name.
pub(super) async fn puskesmas_choices(st: &AppState, s: &SignedIn) -> Result<Vec<(i64, String)>, PageError> {
    let filter = OrgFilter {
        kind: Some(OrgKind::Puskesmas),
        limit: 1000,
        ..OrgFilter::default()
    };
    let (list, _) = app::org::list(&st.app, &s.actor, &filter).await?;
    let mut out: Vec<(i64, String)> = list.into_iter().map(|o| (o.id, o.name)).collect();
    out.sort_by(|a, b| a.1.cmp(&b.1));
    Ok(out)
}

#[derive(Template)]
#[template(path = "coverage/entry_picker.html")]
struct PickerPage {
    title: String,
    ctx: Ctx,
    /// (link, Puskesmas name).
    items: Vec<(String, String)>,
}

/// The page of a coverage path asked without a Puskesmas by an account that has none of its
/// own: the Puskesmas of its area to pick from. `rest` is the rest of the query (`month=…`).
pub(super) async fn picker(
    st: &AppState,
    s: &SignedIn,
    title_key: &'static str,
    path: &str,
    rest: &str,
) -> Result<Response, PageError> {
    let ctx = Ctx::new(&s.visitor);
    let items = puskesmas_choices(st, s)
        .await?
        .into_iter()
        .map(|(id, name)| {
            let href = if rest.is_empty() {
                format!("{path}?puskesmas={id}")
            } else {
                format!("{path}?puskesmas={id}&{rest}")
            };
            (href, name)
        })
        .collect();
    Ok(render_status(
        StatusCode::OK,
        &PickerPage {
            title: ctx.t(title_key).to_string(),
            ctx,
            items,
        },
    ))
}

/// A number typed in a cell, with a point or a decimal comma; empty is `None`.
pub(super) fn cell_number(s: &str) -> Result<Option<f64>, &'static str> {
    domain::nutrition::decimal(s)
}

/// A use case's row error `rows[3].numerator` read as (3, "numerator") for the list `rows`.
pub(super) fn row_error<'a>(field: &'a str, list: &str) -> Option<(usize, &'a str)> {
    let rest = field.strip_prefix(list)?.strip_prefix('[')?;
    let (i, rest) = rest.split_once(']')?;
    Some((i.parse().ok()?, rest.strip_prefix('.').unwrap_or(rest)))
}

/// The indicator's name in the visitor's language.
pub(super) fn indicator_name(lang: Lang, r: &IndicatorRow) -> String {
    match lang {
        Lang::Id => r.name_id.clone(),
        Lang::En => r.name_en.clone(),
    }
}

/// The catalogue rows ordered by programme (their order within one kept), each programme
/// once with its label: (label, rows).
pub(super) fn by_programme<'a>(ctx: &Ctx, rows: &'a [IndicatorRow]) -> Vec<(String, Vec<&'a IndicatorRow>)> {
    let mut out: Vec<(String, Vec<&IndicatorRow>)> = Vec::new();
    for p in Program::ALL {
        let in_p: Vec<&IndicatorRow> = rows.iter().filter(|r| r.program == *p).collect();
        if !in_p.is_empty() {
            out.push((ctx.tk("cov_program", p), in_p));
        }
    }
    out
}

/// Messages of errors that name no field on the page.
pub(super) fn messages(lang: Lang, inv: &Invalid) -> Vec<String> {
    inv.0.iter().map(|e| text(lang, e.code).to_string()).collect()
}

/// `5/6/2024` as the other pages write dates.
pub(super) fn day(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

// --- the entry grid ---------------------------------------------------------------------------

#[derive(Deserialize, Default)]
pub struct EntryQuery {
    #[serde(default)]
    pub puskesmas: String,
    /// `YYYY-MM`; the previous month when empty.
    #[serde(default)]
    pub month: String,
    /// The desa shown on a phone.
    #[serde(default)]
    pub desa: String,
    /// How many figures the last post saved.
    #[serde(default)]
    pub saved: String,
}

/// The month asked for, else the previous month (the one due by the 5th of this one).
fn month_of(st: &AppState, s: &SignedIn, asked: &str) -> Result<NaiveDate, PageError> {
    let t = asked.trim();
    if t.is_empty() {
        let this = first_of_month(st.app.clock().today_for(&s.actor));
        return Ok(this.checked_sub_months(Months::new(1)).unwrap_or(this));
    }
    NaiveDate::parse_from_str(&format!("{t}-01"), "%Y-%m-%d")
        .map_err(|_| PageError::App(Invalid::one("month", "date.format").into()))
}

fn month_value(m: NaiveDate) -> String {
    format!("{:04}-{:02}", m.year(), m.month())
}

/// One desa column.
struct DesaCol {
    code: String,
    name: String,
    /// Hidden on a phone (another desa is shown).
    other: bool,
}

/// One cell of a typed indicator.
struct Cell {
    desa: String,
    desa_name: String,
    /// `v.{code}.{desa}`: the numerator (or the count).
    name: String,
    /// `d.{code}.{desa}`: the monthly denominator.
    den_name: String,
    value: String,
    den: String,
    error: Option<String>,
    bad_value: bool,
    bad_den: bool,
    other: bool,
}

struct Line {
    code: String,
    name: String,
    /// Has a monthly denominator (no sasaran).
    monthly: bool,
    cells: Vec<Cell>,
}

struct Group {
    label: String,
    lines: Vec<Line>,
}

/// A derived indicator's row: its figure per desa.
struct DerivedLine {
    code: String,
    name: String,
    /// (hidden on a phone, desa name, text).
    cells: Vec<(bool, String, String)>,
}

/// The month's report status.
struct Status {
    deadline: String,
    first: Option<String>,
    /// `on_time`, `late`, `missing`, `overdue` (missing after the deadline) or `future`.
    state: &'static str,
}

#[derive(Template)]
#[template(path = "coverage/entry.html")]
struct EntryPage {
    title: String,
    ctx: Ctx,
    pkm_id: i64,
    pkm_name: String,
    choices: Vec<(i64, String)>,
    month_value: String,
    month_label: String,
    prev_href: String,
    prev_label: String,
    next_href: String,
    next_label: String,
    action: String,
    shown: String,
    desa: Vec<DesaCol>,
    groups: Vec<Group>,
    derived: Vec<DerivedLine>,
    editable: bool,
    can_edit: bool,
    future: bool,
    status: Status,
    notice: Option<String>,
    /// (input id, text) of each bad cell, in grid order.
    summary: Vec<(String, String)>,
    general: Vec<String>,
    year: i32,
}

impl EntryPage {
    fn cols(&self) -> usize {
        self.desa.len() + 1
    }
}

fn entry_href(pkm: i64, month: NaiveDate, desa: &str) -> String {
    let m = month_value(month);
    let q = query(&[("month", &m), ("desa", desa)]);
    format!("/coverage/entry?puskesmas={pkm}&{q}")
}

/// The figures of the derived indicators at the grid's month, per desa: `D/S` as `12/20 ·
/// 60,0%`.
async fn derived_lines(
    st: &AppState,
    s: &SignedIn,
    grid: &GridView,
    cols: &[DesaCol],
) -> Result<Vec<DerivedLine>, PageError> {
    let lang = s.visitor.lang;
    let mut out = Vec::new();
    for ind in &grid.derived {
        let mut by_desa: HashMap<String, String> = HashMap::new();
        if !grid.future {
            let q = PwsQuery {
                indicator: ind.code.clone(),
                year: grid.month.year(),
                month: grid.month.month(),
                puskesmas_id: Some(grid.puskesmas.id),
            };
            let v = app::coverage::pws_view(&st.app, &s.actor, &q).await?;
            for l in &v.lines {
                if let Some(m) = l.at(q.month)
                    && let Some(a) = m.achieved
                {
                    let den = m
                        .denominator
                        .map(|d| format!("/{}", num(lang, d, 0)))
                        .unwrap_or_default();
                    by_desa.insert(
                        l.key.clone(),
                        format!("{}{den} · {}", num(lang, a, 0), pct(lang, m.own)),
                    );
                }
            }
        }
        out.push(DerivedLine {
            code: ind.code.clone(),
            name: indicator_name(lang, ind),
            cells: cols
                .iter()
                .map(|c| {
                    (
                        c.other,
                        c.name.clone(),
                        by_desa.remove(&c.code).unwrap_or_else(|| "—".into()),
                    )
                })
                .collect(),
        });
    }
    Ok(out)
}

/// What a page shows of a post: the typed values, the errors by field, the notice.
#[derive(Default)]
struct Shown<'a> {
    form: Option<&'a HashMap<String, String>>,
    errs: Invalid,
    general: Vec<String>,
    notice: Option<String>,
}

async fn entry_page(
    st: &AppState,
    s: &SignedIn,
    grid: GridView,
    desa_asked: &str,
    shown: Shown<'_>,
) -> Result<Response, PageError> {
    let lang = s.visitor.lang;
    let ctx = Ctx::new(&s.visitor);
    let errs = Errs::new(lang, shown.errs.clone());
    let first = grid.desa.first().map(|d| d.desa_code.clone()).unwrap_or_default();
    let shown_desa = if grid.desa.iter().any(|d| d.desa_code == desa_asked) {
        desa_asked.to_string()
    } else {
        first
    };
    let cols: Vec<DesaCol> = grid
        .desa
        .iter()
        .map(|d| DesaCol {
            code: d.desa_code.clone(),
            name: d.desa_name.clone(),
            other: d.desa_code != shown_desa,
        })
        .collect();
    let posted = |name: &str| shown.form.and_then(|f| f.get(name)).cloned();
    let mut summary = Vec::new();
    let mut groups = Vec::new();
    for (label, inds) in by_programme(&ctx, &grid.indicators) {
        let mut lines = Vec::new();
        for ind in inds {
            let monthly = ind.sasaran.is_none();
            let name = indicator_name(lang, ind);
            let mut cells = Vec::new();
            for (d, col) in grid.desa.iter().zip(&cols) {
                let vf = format!("v.{}.{}", ind.code, d.desa_code);
                let df = format!("d.{}.{}", ind.code, d.desa_code);
                let stored = grid.value(&ind.code, &d.desa_code);
                let value = posted(&vf)
                    .or_else(|| stored.map(|(n, _)| typed(lang, n)))
                    .unwrap_or_default();
                let den = posted(&df)
                    .or_else(|| stored.and_then(|(_, d)| d).map(|d| typed(lang, d)))
                    .unwrap_or_default();
                let (ev, ed) = (errs.on(&vf), errs.on(&df));
                for (field, e) in [(&vf, &ev), (&df, &ed)] {
                    if let Some(e) = e {
                        summary.push((field.clone(), format!("{} — {} {}: {e}", d.desa_name, ind.code, name)));
                    }
                }
                let error = match (&ev, &ed) {
                    (Some(a), Some(b)) => Some(format!("{a} · {b}")),
                    (Some(a), None) | (None, Some(a)) => Some(a.clone()),
                    (None, None) => None,
                };
                cells.push(Cell {
                    desa: d.desa_code.clone(),
                    desa_name: d.desa_name.clone(),
                    name: vf,
                    den_name: df,
                    value,
                    den,
                    bad_value: ev.is_some(),
                    bad_den: ed.is_some(),
                    error,
                    other: col.other,
                });
            }
            lines.push(Line {
                code: ind.code.clone(),
                name,
                monthly,
                cells,
            });
        }
        groups.push(Group { label, lines });
    }
    let derived = derived_lines(st, s, &grid, &cols).await?;
    let today = st.app.clock().today_in(&grid.puskesmas.region_code);
    let status = Status {
        deadline: day(grid.deadline),
        first: grid
            .report
            .as_ref()
            .map(|r| day(domain::action::local_today(&grid.puskesmas.region_code, r.first_at))),
        state: match &grid.report {
            _ if grid.future => "future",
            Some(r) if domain::action::local_today(&grid.puskesmas.region_code, r.first_at) <= grid.deadline => {
                "on_time"
            }
            Some(_) => "late",
            None if today > grid.deadline => "overdue",
            None => "missing",
        },
    };
    let prev = grid.month.checked_sub_months(Months::new(1)).unwrap_or(grid.month);
    let next = app::coverage::next_month(grid.month);
    let pkm = grid.puskesmas.id;
    let choices = puskesmas_choices(st, s).await?;
    let status_code = if shown.errs.is_empty() && shown.general.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    Ok(render_status(
        status_code,
        &EntryPage {
            title: format!("{} — {}", ctx.t("cov_entry.title"), grid.puskesmas.name),
            pkm_id: pkm,
            pkm_name: grid.puskesmas.name.clone(),
            choices,
            month_value: month_value(grid.month),
            month_label: month_label(lang, grid.month),
            prev_href: entry_href(pkm, prev, &shown_desa),
            prev_label: month_label(lang, prev),
            next_href: entry_href(pkm, next, &shown_desa),
            next_label: month_label(lang, next),
            action: entry_href(pkm, grid.month, &shown_desa),
            shown: shown_desa,
            desa: cols,
            groups,
            derived,
            editable: grid.can_edit && (!grid.future || shown.form.is_some()),
            can_edit: grid.can_edit,
            future: grid.future,
            status,
            notice: shown.notice,
            summary,
            general: shown.general,
            year: grid.month.year(),
            ctx,
        },
    ))
}

pub async fn show(State(st): State<AppState>, s: SignedIn, Query(q): Query<EntryQuery>) -> Result<Response, PageError> {
    let Some(pkm) = puskesmas_of(&s, &q.puskesmas) else {
        let rest = query(&[("month", q.month.trim())]);
        return picker(&st, &s, "cov_entry.title", "/coverage/entry", &rest).await;
    };
    let month = month_of(&st, &s, &q.month)?;
    let grid = app::coverage::grid(&st.app, &s.actor, pkm, month).await?;
    let lang = s.visitor.lang;
    let notice = match q.saved.trim() {
        "" => None,
        "0" => Some(text(lang, "cov_entry.unchanged").to_string()),
        n => Some(fill(lang, "cov_entry.saved", &[("n", n)])),
    };
    entry_page(
        &st,
        &s,
        grid,
        &q.desa,
        Shown {
            notice,
            ..Shown::default()
        },
    )
    .await
}

/// The changes a post makes to the grid: rows to store and cells to clear, each with the
/// field names of its inputs, and the cells that could not be read.
#[derive(Default)]
struct Changes {
    rows: Vec<AchievementInput>,
    /// (value field, denominator field) of each row.
    row_fields: Vec<(String, String)>,
    cleared: Vec<CellKey>,
    cleared_fields: Vec<String>,
    /// Cells that do not read (sent as NaN so the use case refuses the whole post).
    own: Invalid,
}

fn changes(grid: &GridView, form: &HashMap<String, String>) -> Changes {
    let mut c = Changes::default();
    for ind in &grid.indicators {
        let monthly = ind.sasaran.is_none();
        for d in &grid.desa {
            let vf = format!("v.{}.{}", ind.code, d.desa_code);
            let df = format!("d.{}.{}", ind.code, d.desa_code);
            let raw_v = form.get(&vf);
            let raw_d = if monthly { form.get(&df) } else { None };
            if raw_v.is_none() && raw_d.is_none() {
                continue;
            }
            let stored = grid.value(&ind.code, &d.desa_code);
            let mut own = Invalid::new();
            let numerator = own.check(&vf, cell_number(raw_v.map(String::as_str).unwrap_or("")));
            let denominator = own.check(&df, cell_number(raw_d.map(String::as_str).unwrap_or("")));
            let (numerator, denominator) = match (numerator, denominator) {
                (Some(None), Some(None)) => {
                    if stored.is_some() {
                        c.cleared.push((ind.code.clone(), d.desa_code.clone(), grid.month));
                        c.cleared_fields.push(vf);
                    }
                    continue;
                }
                (Some(None), Some(Some(_)) | None) => {
                    own.add(&vf, "required");
                    (f64::NAN, None)
                }
                (n, den) => (n.flatten().unwrap_or(f64::NAN), den.flatten()),
            };
            if own.is_empty() && stored == Some((numerator, denominator)) {
                continue;
            }
            // A denominator that does not read: sent as NaN too, so its own error is kept.
            let denominator = if own.code_for(&df).is_some() {
                Some(f64::NAN)
            } else {
                denominator
            };
            c.own.merge(own);
            c.rows.push(AchievementInput {
                indicator_code: ind.code.clone(),
                desa_code: d.desa_code.clone(),
                month: grid.month,
                numerator,
                denominator,
            });
            c.row_fields.push((vf, df));
        }
    }
    c
}

pub async fn save(
    State(st): State<AppState>,
    s: SignedIn,
    Query(q): Query<EntryQuery>,
    CsrfForm(form): CsrfForm<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let pkm = puskesmas_of(&s, &q.puskesmas).ok_or(AppError::NotFound)?;
    let month = month_of(&st, &s, &q.month)?;
    let grid = app::coverage::grid(&st.app, &s.actor, pkm, month).await?;
    let c = changes(&grid, &form);
    let back = |n: usize| {
        let href = entry_href(pkm, grid.month, &q.desa);
        Redirect::to(&format!("{href}&saved={n}")).into_response()
    };
    if c.rows.is_empty() && c.cleared.is_empty() {
        if !grid.can_edit {
            return Err(AppError::Forbidden.into());
        }
        return Ok(back(0));
    }
    let saved =
        app::coverage::save_achievements(&st.app, &s.actor, pkm, c.rows, &c.cleared, AchievementSource::Entered).await;
    match saved {
        Ok(n) => Ok(back(n)),
        Err(e) => {
            let inv = split_invalid(e)?;
            let mut errs = c.own;
            let mut general = Invalid::new();
            let mut mapped = Invalid::new();
            for e in inv.0 {
                let field = if let Some((i, f)) = row_error(&e.field, "rows")
                    && let Some((vf, df)) = c.row_fields.get(i)
                {
                    Some(if f == "denominator" { df.clone() } else { vf.clone() })
                } else if let Some((i, _)) = row_error(&e.field, "cleared") {
                    c.cleared_fields.get(i).cloned()
                } else {
                    None
                };
                match field {
                    Some(f) => mapped.add(f, e.code),
                    None => general.0.push(e),
                }
            }
            errs.merge(mapped);
            let lang = s.visitor.lang;
            entry_page(
                &st,
                &s,
                grid,
                &q.desa,
                Shown {
                    form: Some(&form),
                    errs,
                    general: messages(lang, &general),
                    notice: None,
                },
            )
            .await
        }
    }
}

/// A problem of an imported file, as one line: "Baris 5, kolom numerator: …" or the
/// file's own problem with its detail.
fn import_messages(lang: Lang, inv: &Invalid) -> Vec<String> {
    inv.0
        .iter()
        .map(|e| {
            let message = text(lang, e.code);
            let detail = e.detail.as_deref().map(|d| format!(" ({d})")).unwrap_or_default();
            match e.field.split_once('.') {
                Some((line, column)) if line.chars().all(|c| c.is_ascii_digit()) => {
                    fill(
                        lang,
                        "cov_import.row",
                        &[("line", line), ("column", column), ("message", message)],
                    ) + &detail
                }
                _ => format!("{message}{detail}"),
            }
        })
        .collect()
}

/// Imports the monthly achievements of the Puskesmas from a CSV or XLSX file (all rows or
/// none), then back to the grid with the count, or the grid with every problem by line.
pub async fn import(
    State(st): State<AppState>,
    s: SignedIn,
    Query(q): Query<EntryQuery>,
    mp: crate::form::CsrfMultipart,
) -> Result<Response, PageError> {
    let pkm = puskesmas_of(&s, &q.puskesmas).ok_or(AppError::NotFound)?;
    let month = month_of(&st, &s, &q.month)?;
    let Some(file) = mp.file else {
        let grid = app::coverage::grid(&st.app, &s.actor, pkm, month).await?;
        let general = vec![text(s.visitor.lang, "cov_import.no_file").to_string()];
        let shown = Shown {
            general,
            ..Shown::default()
        };
        return entry_page(&st, &s, grid, &q.desa, shown).await.map(unprocessable);
    };
    match app::coverage::import_achievements(&st.app, &s.actor, pkm, file.data).await {
        Ok(n) => {
            let href = entry_href(pkm, month, &q.desa);
            Ok(Redirect::to(&format!("{href}&saved={n}")).into_response())
        }
        Err(e) => {
            let inv = split_invalid(e)?;
            let grid = app::coverage::grid(&st.app, &s.actor, pkm, month).await?;
            let shown = Shown {
                general: import_messages(s.visitor.lang, &inv),
                ..Shown::default()
            };
            entry_page(&st, &s, grid, &q.desa, shown).await.map(unprocessable)
        }
    }
}

fn unprocessable(mut r: Response) -> Response {
    *r.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
    r
}
