//! Completeness and timeliness of the monthly reports: which Puskesmas of the reader's area
//! reported which month of a year, and whether by the deadline (the `N`-th of the next
//! month, a setting).

use crate::AppState;
use crate::ctx::{Ctx, SignedIn};
use crate::error::PageError;
use crate::i18n::{fill, month_name};
use crate::pages::{Errs, render, render_status, split_invalid};
use app::coverage::CompletenessView;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use chrono::Datelike;
use domain::Invalid;
use domain::coverage::YEARS;
use serde::Deserialize;

#[derive(Deserialize, Default)]
pub struct CompletenessParams {
    #[serde(default)]
    pub year: String,
}

/// One month of one Puskesmas.
struct MonthCell {
    /// `ok` (on time), `late`, `missing` (due, not reported) or `open` (not due yet).
    state: &'static str,
    /// What the cell says: the day figures were first entered, when late.
    text: String,
    /// The same in words, for screen readers and the tooltip.
    words: String,
}

struct Line {
    id: i64,
    name: String,
    cells: Vec<MonthCell>,
    reported: usize,
    on_time: usize,
}

#[derive(Template)]
#[template(path = "coverage/completeness.html")]
struct CompletenessPage {
    title: String,
    ctx: Ctx,
    errs: Errs,
    year: String,
    /// (short, full) month names.
    months: Vec<(String, &'static str)>,
    v: Option<CompletenessView>,
    lines: Vec<Line>,
    deadline: String,
}

fn lines(ctx: &Ctx, v: &CompletenessView) -> Vec<Line> {
    let lang = ctx.lang;
    v.lines
        .iter()
        .map(|l| {
            let cells: Vec<MonthCell> = l
                .months
                .iter()
                .enumerate()
                .map(|(i, m)| {
                    let month = i as u32 + 1;
                    let full = month_name(lang, month);
                    match m {
                        Some((day, true)) => MonthCell {
                            state: "ok",
                            text: "✓".into(),
                            words: fill(
                                lang,
                                "coverage.completeness.on_time_on",
                                &[("month", full), ("date", &day.format("%d/%m/%Y").to_string())],
                            ),
                        },
                        Some((day, false)) => MonthCell {
                            state: "late",
                            text: format!("{} {}", ctx.t("coverage.completeness.late"), day.format("%d/%m/%Y")),
                            words: fill(
                                lang,
                                "coverage.completeness.late_on",
                                &[("month", full), ("date", &day.format("%d/%m/%Y").to_string())],
                            ),
                        },
                        None if month <= v.due => MonthCell {
                            state: "missing",
                            text: ctx.t("coverage.completeness.missing").to_string(),
                            words: fill(lang, "coverage.completeness.missing_in", &[("month", full)]),
                        },
                        None => MonthCell {
                            state: "open",
                            text: "—".into(),
                            words: fill(lang, "coverage.completeness.open_in", &[("month", full)]),
                        },
                    }
                })
                .collect();
            Line {
                id: l.puskesmas.id,
                name: l.puskesmas.name.clone(),
                reported: l.months.iter().filter(|m| m.is_some()).count(),
                on_time: l.months.iter().filter(|m| m.is_some_and(|(_, ok)| ok)).count(),
                cells,
            }
        })
        .collect()
}

/// GET /coverage/completeness?year=: the reports of each Puskesmas over a year.
pub async fn page(
    State(st): State<AppState>,
    s: SignedIn,
    Query(p): Query<CompletenessParams>,
) -> Result<Response, PageError> {
    let ctx = Ctx::new(&s.visitor);
    let lang = ctx.lang;
    let this_year = st.app.clock().today_for(&s.actor).year();
    let year = match p.year.trim() {
        "" => Ok(this_year),
        y => match y.parse::<i32>() {
            Ok(y) if YEARS.contains(&y) => Ok(y),
            Ok(_) => Err(Invalid::one("year", "year.range")),
            Err(_) => Err(Invalid::one("year", "number.format")),
        },
    };
    let result = match year {
        Ok(y) => app::coverage::completeness(&st.app, &s.actor, y)
            .await
            .map_err(split_invalid),
        Err(inv) => Err(Ok(inv)),
    };
    let months = (1..=12)
        .map(|m| {
            let full = month_name(lang, m);
            (full.chars().take(3).collect::<String>(), full)
        })
        .collect();
    match result {
        Ok(v) => Ok(render(&CompletenessPage {
            title: format!("{} {}", ctx.t("coverage.completeness.title"), v.year),
            errs: Errs::none(),
            year: v.year.to_string(),
            months,
            lines: lines(&ctx, &v),
            deadline: fill(
                lang,
                "coverage.completeness.deadline",
                &[("day", &v.deadline_day.to_string())],
            ),
            v: Some(v),
            ctx,
        })),
        Err(Ok(inv)) => Ok(render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &CompletenessPage {
                title: ctx.t("coverage.completeness.title").to_string(),
                errs: Errs::new(lang, inv),
                year: p.year.trim().to_string(),
                months,
                lines: Vec::new(),
                deadline: String::new(),
                v: None,
                ctx,
            },
        )),
        Err(Err(e)) => Err(e),
    }
}
