//! Child growth pages: the stunting and SKDN report of a place and month (with its breakdown,
//! a bar chart, the printable version and CSV), children by name (search, registration with
//! duplicate detection, the child's page with its growth chart and history, edit, merge),
//! the kader's fast measurement form, the follow-up list with the assignment of a child's
//! follow-up as a coordination action, and the by-name exports (the follow-up list as
//! CSV/XLSX/print, the children register as CSV/XLSX; NIK masked unless asked for in full
//! by a role that may see it).

mod child;
mod children;
mod export;
mod followup;
mod measurement;
mod report;

pub use child::*;
pub use children::*;
pub use export::*;
pub use followup::*;
pub use measurement::*;
pub use report::*;

use super::{Errs, render, render_status, split_invalid};
use crate::AppState;
use crate::ctx::{Ctx, SignedIn};
use crate::error::PageError;
use crate::form::CsrfForm;
use crate::i18n::Lang;
use app::children::Format;
use app::followup::{AssignChoices, AssignForm, ChildFollowups, FollowupFilter, FollowupRow, Reason};
use app::nutrition::{ChildView, MeasurementRow, Registration, Report, Where};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{Datelike, NaiveDate};
use domain::Invalid;
use domain::access::Home;
use domain::access::{Area, area_contains};
use domain::nutrition::{ChildForm, MeasurementForm, Tally, Trend, completed_months, kbm_grams};
use interop::children::{ChildLine, Column};
use serde::Deserialize;
use store::children::RegisterFilter;
use store::nutrition::Child;
use store::org::{Org, OrgFilter};

// --- formatting ----------------------------------------------------------------------------

/// A number with `digits` decimals, with a decimal comma in Bahasa Indonesia and a real
/// minus sign.
fn num(lang: Lang, v: f64, digits: usize) -> String {
    let s = format!("{v:.digits$}");
    let s = if lang == Lang::Id { s.replace('.', ",") } else { s };
    match s.strip_prefix('-') {
        Some(rest) if rest.chars().any(|c| c.is_ascii_digit() && c != '0') => format!("−{rest}"),
        Some(rest) => rest.to_string(),
        None => s,
    }
}

fn pct(lang: Lang, v: Option<f64>) -> String {
    v.map(|v| format!("{}%", num(lang, v, 1))).unwrap_or_else(|| "—".into())
}

fn month_label(lang: Lang, m: NaiveDate) -> String {
    match lang {
        Lang::Id => app::meeting::month_name_id(m.month(), m.year()),
        Lang::En => m.format("%B %Y").to_string(),
    }
}

/// "2 th 3 bl" / "2 y 3 mo".
fn age_label(lang: Lang, days: i64) -> String {
    let months = completed_months(days);
    let (y, m) = (months / 12, months % 12);
    match (lang, y) {
        (Lang::Id, 0) => format!("{m} bl"),
        (Lang::Id, _) => format!("{y} th {m} bl"),
        (Lang::En, 0) => format!("{m} mo"),
        (Lang::En, _) => format!("{y} y {m} mo"),
    }
}

/// A Permenkes category in Indonesian (with the English name in English).
fn category(lang: Lang, id: &str, en: &str) -> String {
    match lang {
        Lang::Id => id.to_string(),
        Lang::En => format!("{id} ({en})"),
    }
}

fn parse_month(s: &str) -> Result<Option<NaiveDate>, &'static str> {
    let t = s.trim();
    if t.is_empty() {
        return Ok(None);
    }
    let full = if t.len() == 7 { format!("{t}-01") } else { t.to_string() };
    NaiveDate::parse_from_str(&full, "%Y-%m-%d")
        .map(|d| Some(domain::nutrition::month_of(d)))
        .map_err(|_| "date.format")
}

fn download(ct: &str, name: &str, bytes: Vec<u8>) -> Response {
    (
        [
            (header::CONTENT_TYPE, ct.to_string()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")),
        ],
        bytes,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_the_indonesian_way() {
        assert_eq!(num(Lang::Id, -2.456, 2), "−2,46");
        assert_eq!(num(Lang::En, 18.44, 1), "18.4");
        assert_eq!(num(Lang::Id, -0.001, 1), "0,0");
        assert_eq!(pct(Lang::Id, None), "—");
        assert_eq!(age_label(Lang::Id, 800), "2 th 2 bl");
        assert_eq!(parse_month("2023-08"), Ok(NaiveDate::from_ymd_opt(2023, 8, 1)));
        assert!(parse_month("Agustus").is_err());
    }

    #[test]
    fn every_export_column_has_a_label() {
        for c in Column::ALL {
            let key = format!("export.col.{}", c.key());
            assert!(crate::i18n::has(&key), "{key}");
        }
        assert!(wants_full_nik("full") && !wants_full_nik("") && !wants_full_nik("1"));
    }
}
