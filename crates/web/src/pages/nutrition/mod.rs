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
mod sync;

pub use child::*;
pub use children::*;
pub use export::*;
pub use followup::*;
pub use measurement::*;
pub use report::*;
pub use sync::*;

use super::{Errs, download, render, render_status, split_invalid};
use crate::AppState;
use crate::chart::{Bars, Growth};
use crate::ctx::{Ctx, SignedIn};
use crate::error::PageError;
use crate::form::CsrfForm;
use crate::form::followup::AssignForm;
use crate::form::nutrition::{ChildForm, MeasurementForm};
use crate::format::{age_label, category, csv_decimal, month_label, num, pct, signed};
use crate::i18n::Lang;
use app::children::Format;
use app::followup::{AssignChoices, ChildFollowups, FollowupFilter, FollowupRow, Reason};
use app::nutrition::{ChildView, MeasurementRow, Registration, Report, Where};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{Datelike, NaiveDate};
use domain::Invalid;
use domain::access::Home;
use domain::access::{Area, area_contains};
use domain::nutrition::{Indicator, Tally, Trend, completed_months, kbm_grams};
use interop::children::{ChildLine, Column};
use serde::Deserialize;
use store::children::RegisterFilter;
use store::nutrition::Child;
use store::org::{Org, OrgFilter};

pub(crate) fn parse_month(s: &str) -> Result<Option<NaiveDate>, &'static str> {
    let t = s.trim();
    if t.is_empty() {
        return Ok(None);
    }
    let full = if t.len() == 7 { format!("{t}-01") } else { t.to_string() };
    NaiveDate::parse_from_str(&full, "%Y-%m-%d")
        .map(|d| Some(domain::nutrition::month_of(d)))
        .map_err(|_| "month.format")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_parse_from_the_picker() {
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
