//! The SPM report (Standar Pelayanan Minimal bidang kesehatan): the twelve services with the
//! people served (numerator), the target population (denominator), the achievement and the
//! 100 % target, for a Puskesmas or for the district (its whole and each Puskesmas), for a
//! year or January to a month — as a page, CSV, XLSX and an A4 print. The figures are
//! `app::coverage::spm`'s: counts summed over the desa, then divided, never a mean of
//! percentages; who may read them is decided there (as for `/api/v1/spm`).

use super::{count, figure, month_options, name, year_month};
use crate::AppState;
use crate::ctx::{Ctx, SignedIn};
use crate::error::PageError;
use crate::i18n::{Lang, fill, month_name, text};
use crate::pages::{Errs, download, query, render, render_status, split_invalid};
use app::coverage::{SpmLine, SpmView};
use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use domain::Invalid;
use domain::access::Home;
use domain::coverage::{Direction, Unit};
use interop::table::{Cell, Sheet};
use serde::Deserialize;

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// The query of the SPM page and its exports.
#[derive(Deserialize, Default, Clone)]
pub struct SpmParams {
    #[serde(default)]
    pub year: String,
    /// Figures January to this month, 1–12 (12: the year).
    #[serde(default)]
    pub through: String,
    /// A Puskesmas id, `all` for every Puskesmas of the reader's area, or empty for the
    /// reader's own place (a Puskesmas account its Puskesmas, others the district).
    #[serde(default)]
    pub puskesmas: String,
}

/// What the query asks for: (year, through, Puskesmas); the fields that do not read are named.
fn asked(st: &AppState, s: &SignedIn, p: &SpmParams) -> Result<(i32, u32, Option<i64>), Invalid> {
    let today = st.app.clock().today_for(&s.actor);
    let mut inv = Invalid::new();
    let (year, through) = match year_month(&p.year, &p.through, today) {
        Ok(ym) => ym,
        Err(e) => {
            // The reader's field is `through`, not `month`.
            for f in e.0 {
                let field = if f.field == "month" {
                    "through".to_string()
                } else {
                    f.field
                };
                inv.add(field, f.code);
            }
            super::last_complete_month(today)
        }
    };
    let puskesmas = match p.puskesmas.trim() {
        "" => match domain::access::home(&s.actor) {
            Home::Puskesmas(id) => Some(id),
            _ => None,
        },
        "all" => None,
        v => inv
            .check("puskesmas", v.parse::<i64>().map(Some).map_err(|_| "number.format"))
            .flatten(),
    };
    inv.into_result().map(|()| (year, through, puskesmas))
}

/// Whether a figure reaches its target: `met`, `below`, or `none` without one of the two.
fn state(direction: Direction, capaian: Option<f64>, target: Option<f64>) -> &'static str {
    match (capaian, target) {
        (Some(c), Some(t))
            if (direction == Direction::Higher && c >= t) || (direction == Direction::Lower && c <= t) =>
        {
            "met"
        }
        (Some(_), Some(_)) => "below",
        _ => "none",
    }
}

/// One service as the page and the print show it.
pub(super) struct Line {
    no: String,
    code: String,
    name: String,
    /// The sasaran kind the denominator counts.
    sasaran: String,
    numerator: String,
    denominator: String,
    capaian: String,
    target: String,
    target_to_date: String,
    state: &'static str,
}

fn line(lang: Lang, l: &SpmLine) -> Line {
    let ind = &l.indicator;
    Line {
        no: ind.spm.map(|n| n.to_string()).unwrap_or_default(),
        code: ind.code.clone(),
        name: name(lang, ind).to_string(),
        sasaran: match ind.sasaran {
            Some(k) => text(lang, &format!("coverage.sasaran_kind.{k}")).to_string(),
            None => text(lang, "coverage.def.monthly_denominator").to_string(),
        },
        numerator: count(lang, Some(l.numerator)),
        denominator: count(lang, l.denominator),
        capaian: figure(lang, l.capaian, Unit::Percent),
        target: figure(lang, ind.target, Unit::Percent),
        target_to_date: figure(lang, l.target_to_date, Unit::Percent),
        state: state(ind.direction, l.capaian, l.target_to_date),
    }
}

/// A Puskesmas's achievement of one service in the district's table.
pub(super) struct MatrixCell {
    capaian: String,
    /// numerator / denominator.
    counts: String,
    state: &'static str,
}

pub(super) struct MatrixRow {
    id: i64,
    name: String,
    /// The Puskesmas's own report.
    link: String,
    cells: Vec<MatrixCell>,
}

/// The SPM report ready for the page and the print.
pub(super) struct Shown {
    place: String,
    period: String,
    district: bool,
    /// January to a month before December: compared with the target to date.
    ytd: bool,
    lines: Vec<Line>,
    /// (service number, code) of the columns of the district's table.
    services: Vec<(String, String)>,
    matrix: Vec<MatrixRow>,
    /// The query string of this report, for the export and print links.
    query: String,
}

fn place(lang: Lang, v: &SpmView) -> String {
    match &v.puskesmas {
        Some(o) => o.name.clone(),
        None => text(lang, "cov_spm.whole_district").to_string(),
    }
}

fn period(lang: Lang, v: &SpmView) -> String {
    let year = v.year.to_string();
    if v.through >= 12 {
        fill(lang, "cov_spm.period_year", &[("year", &year)])
    } else {
        fill(
            lang,
            "cov_spm.period_ytd",
            &[("month", month_name(lang, v.through)), ("year", &year)],
        )
    }
}

fn shown(lang: Lang, v: &SpmView) -> Shown {
    let base = |place: &str| {
        query(&[
            ("year", &v.year.to_string()),
            ("through", &v.through.to_string()),
            ("puskesmas", place),
        ])
    };
    let place_q = v.puskesmas.as_ref().map_or("all".to_string(), |o| o.id.to_string());
    Shown {
        place: place(lang, v),
        period: period(lang, v),
        district: v.puskesmas.is_none(),
        ytd: v.through < 12,
        lines: v.lines.iter().map(|l| line(lang, l)).collect(),
        services: v
            .lines
            .iter()
            .map(|l| {
                (
                    l.indicator.spm.map(|n| n.to_string()).unwrap_or_default(),
                    l.indicator.code.clone(),
                )
            })
            .collect(),
        matrix: v
            .by_puskesmas
            .iter()
            .map(|(o, lines)| MatrixRow {
                id: o.id,
                name: o.name.clone(),
                link: format!("/coverage/spm?{}", base(&o.id.to_string())),
                cells: lines
                    .iter()
                    .map(|l| MatrixCell {
                        capaian: figure(lang, l.capaian, Unit::Percent),
                        counts: format!("{} / {}", count(lang, Some(l.numerator)), count(lang, l.denominator)),
                        state: state(l.indicator.direction, l.capaian, l.target_to_date),
                    })
                    .collect(),
            })
            .collect(),
        query: base(&place_q),
    }
}

/// The report asked for, or the reader's errors.
async fn resolve(st: &AppState, s: &SignedIn, p: &SpmParams) -> Result<Result<SpmView, Invalid>, PageError> {
    let (year, through, puskesmas) = match asked(st, s, p) {
        Ok(a) => a,
        Err(inv) => return Ok(Err(inv)),
    };
    match app::coverage::spm(&st.app, &s.actor, year, through, puskesmas).await {
        Ok(v) => Ok(Ok(v)),
        Err(e) => Ok(Err(split_invalid(e)?)),
    }
}

#[derive(Template)]
#[template(path = "coverage/spm.html")]
struct SpmPage {
    title: String,
    ctx: Ctx,
    errs: Errs,
    year: String,
    months: Vec<(u32, &'static str, bool)>,
    /// (value, label, selected) of the Puskesmas picker.
    places: Vec<(String, String, bool)>,
    show: Option<Shown>,
}

/// GET /coverage/spm: the SPM report of a Puskesmas or of the district.
pub async fn page(State(st): State<AppState>, s: SignedIn, Query(p): Query<SpmParams>) -> Result<Response, PageError> {
    let lang = s.visitor.lang;
    let ctx = Ctx::new(&s.visitor);
    match resolve(&st, &s, &p).await? {
        Ok(v) => {
            let show = shown(lang, &v);
            let page = SpmPage {
                title: format!("{} · {} · {}", ctx.t("cov_spm.title"), show.place, show.period),
                year: v.year.to_string(),
                months: month_options(lang, v.through),
                places: super::pws::places(&st, &s, v.puskesmas.as_ref().map(|o| o.id)).await?,
                errs: Errs::none(),
                show: Some(show),
                ctx,
            };
            Ok(render(&page))
        }
        Err(inv) => {
            // The form again, as asked, with what is wrong.
            let today = st.app.clock().today_for(&s.actor);
            let (dy, dm) = super::last_complete_month(today);
            let through: u32 = p
                .through
                .trim()
                .parse()
                .ok()
                .filter(|m| (1..=12).contains(m))
                .unwrap_or(dm);
            let page = SpmPage {
                title: ctx.t("cov_spm.title").to_string(),
                year: if p.year.trim().is_empty() {
                    dy.to_string()
                } else {
                    p.year.trim().to_string()
                },
                months: month_options(lang, through),
                places: super::pws::places(&st, &s, p.puskesmas.trim().parse().ok()).await?,
                errs: Errs::new(lang, inv),
                show: None,
                ctx,
            };
            Ok(render_status(StatusCode::UNPROCESSABLE_ENTITY, &page))
        }
    }
}

// --- exports and print ------------------------------------------------------------------------

fn internal(e: impl std::fmt::Display) -> PageError {
    PageError::App(app::AppError::Internal(e.to_string()))
}

async fn resolved(st: &AppState, s: &SignedIn, p: &SpmParams) -> Result<SpmView, PageError> {
    resolve(st, s, p).await?.map_err(|inv| PageError::App(inv.into()))
}

/// The column headers of the exports, in `lang`.
fn headers(lang: Lang) -> Vec<String> {
    [
        "cov_spm.col.place",
        "cov_spm.col.no",
        "coverage.col.code",
        "cov_spm.col.service",
        "cov_spm.col.numerator",
        "cov_spm.col.denominator",
        "cov_spm.col.capaian",
        "cov_spm.col.target",
        "cov_spm.col.target_to_date",
        "cov_spm.col.status",
    ]
    .iter()
    .map(|k| text(lang, k).to_string())
    .collect()
}

/// One row per service and place: the whole first, then (district) each Puskesmas.
fn cells(lang: Lang, v: &SpmView) -> Vec<Vec<Cell>> {
    let whole = place(lang, v);
    let mut parts: Vec<(&str, &[SpmLine])> = vec![(whole.as_str(), v.lines.as_slice())];
    parts.extend(v.by_puskesmas.iter().map(|(o, l)| (o.name.as_str(), l.as_slice())));
    parts
        .into_iter()
        .flat_map(|(place, lines)| {
            lines.iter().map(move |l| {
                let ind = &l.indicator;
                vec![
                    Cell::Text(place.to_string()),
                    Cell::count(ind.spm.map(|n| n as f64)),
                    Cell::Text(ind.code.clone()),
                    Cell::Text(name(lang, ind).to_string()),
                    Cell::count(Some(l.numerator)),
                    Cell::count(l.denominator),
                    Cell::number(l.capaian, 1),
                    Cell::number(ind.target, 1),
                    Cell::number(l.target_to_date, 1),
                    match state(ind.direction, l.capaian, l.target_to_date) {
                        "met" => Cell::Text(text(lang, "cov_spm.met").to_string()),
                        "below" => Cell::Text(text(lang, "cov_spm.below").to_string()),
                        _ => Cell::Empty,
                    },
                ]
            })
        })
        .collect()
}

fn file_name(v: &SpmView, ext: &str) -> String {
    let place = v
        .puskesmas
        .as_ref()
        .map_or("kabupaten".to_string(), |o| format!("pkm-{}", o.id));
    format!("spm-{place}-{}-{:02}.{ext}", v.year, v.through)
}

/// GET /coverage/spm.csv: one row per service (and Puskesmas in the district's report).
pub async fn csv(State(st): State<AppState>, s: SignedIn, Query(p): Query<SpmParams>) -> Result<Response, PageError> {
    let v = resolved(&st, &s, &p).await?;
    let lang = s.visitor.lang;
    let bytes = interop::table::to_csv(&headers(lang), &cells(lang, &v)).map_err(internal)?;
    Ok(download("text/csv; charset=utf-8", &file_name(&v, "csv"), bytes))
}

/// GET /coverage/spm.xlsx: the same rows as a workbook, with its title and notes.
pub async fn xlsx(State(st): State<AppState>, s: SignedIn, Query(p): Query<SpmParams>) -> Result<Response, PageError> {
    let v = resolved(&st, &s, &p).await?;
    let lang = s.visitor.lang;
    let mut notes = vec![text(lang, "cov_spm.summed_note").to_string()];
    if v.through < 12 {
        notes.push(text(lang, "cov_spm.ytd_note").to_string());
    }
    let sheet = Sheet {
        name: format!("SPM {}", v.year),
        title: text(lang, "cov_spm.print_title").to_string(),
        subtitle: format!("{} · {}", place(lang, &v), period(lang, &v)),
        headers: headers(lang),
        widths: vec![28.0, 6.0, 10.0, 44.0, 12.0, 12.0, 10.0, 10.0, 12.0, 14.0],
        rows: cells(lang, &v),
        notes,
    };
    let bytes = interop::table::to_xlsx(&sheet).map_err(internal)?;
    Ok(download(XLSX, &file_name(&v, "xlsx"), bytes))
}

#[derive(Template)]
#[template(path = "coverage/spm_print.html")]
struct SpmPrint {
    title: String,
    ctx: Ctx,
    show: Shown,
    printed_on: String,
}

/// GET /coverage/spm/print: the report on A4 (landscape for the district's table).
pub async fn print(State(st): State<AppState>, s: SignedIn, Query(p): Query<SpmParams>) -> Result<Response, PageError> {
    let v = resolved(&st, &s, &p).await?;
    let ctx = Ctx::new(&s.visitor);
    let show = shown(s.visitor.lang, &v);
    Ok(render(&SpmPrint {
        title: format!("{} · {} · {}", ctx.t("cov_spm.title"), show.place, show.period),
        printed_on: st.app.clock().today_for(&s.actor).format("%d/%m/%Y").to_string(),
        show,
        ctx,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_service_meets_its_target_on_the_right_side() {
        assert_eq!(state(Direction::Higher, Some(100.0), Some(100.0)), "met");
        assert_eq!(state(Direction::Higher, Some(74.9), Some(75.0)), "below");
        assert_eq!(state(Direction::Lower, Some(12.0), Some(14.0)), "met");
        assert_eq!(state(Direction::Higher, None, Some(75.0)), "none");
        assert_eq!(state(Direction::Higher, Some(5.0), None), "none");
    }
}
