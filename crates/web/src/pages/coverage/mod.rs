//! Coverage monitoring pages (issue 13). Read pages: the PWS of an indicator per desa or per
//! Puskesmas with its chart, CSV/XLSX and print, and every indicator of one desa (`pws`);
//! which Puskesmas reported which month (`completeness`); the SPM report (`spm`); the
//! indicator catalogue (`indicators`, where approvers add versions); the PWS follow-ups of a
//! Puskesmas and whether they worked (`effects`). Write pages: the monthly entry grid
//! (`entry`), a Puskesmas's targets with the district's lock (`targets`), the sasaran with its
//! derivation (`sasaran`); the PKP and the district's ranking (`pkp`); the RUK and RPK plans
//! (`plan`). Shared here: how an indicator, a figure, a status and a trend read, and the
//! year and month a page is asked for.

pub mod completeness;
pub mod effects;
pub mod entry;
pub mod indicators;
pub mod pkp;
pub mod plan;
pub mod pws;
pub mod sasaran;
pub mod spm;
pub mod targets;

use crate::format::num;
use crate::i18n::Lang;
use chrono::{Datelike, NaiveDate};
use domain::Invalid;
use domain::coverage::{Program, PwsStatus, Trend, Unit, YEARS};
use store::coverage::IndicatorRow;

/// The indicator's name in the reader's language.
pub fn name(lang: Lang, ind: &IndicatorRow) -> &str {
    match lang {
        Lang::Id => &ind.name_id,
        Lang::En => &ind.name_en,
    }
}

/// Indicators in the order pages list them: by programme (in the order the catalogue
/// declares the programmes), then by code.
pub fn by_programme(v: &mut [IndicatorRow]) {
    let rank = |p: Program| Program::ALL.iter().position(|x| *x == p).unwrap_or(usize::MAX);
    v.sort_by(|a, b| rank(a.program).cmp(&rank(b.program)).then_with(|| a.code.cmp(&b.code)));
}

/// A figure in the indicator's unit with one decimal (`73,3%`, `2,5‰`, `12`); a dash when
/// there is none.
pub fn figure(lang: Lang, v: Option<f64>, unit: Unit) -> String {
    match v {
        Some(v) if unit == Unit::Count => count(lang, Some(v)),
        Some(v) => format!("{}{}", num(lang, v, 1), app::coverage::unit_suffix(unit)),
        None => "—".into(),
    }
}

/// A count: whole numbers without decimals; a dash when there is none.
pub fn count(lang: Lang, v: Option<f64>) -> String {
    match v {
        Some(v) if v.fract() == 0.0 => num(lang, v, 0),
        Some(v) => num(lang, v, 2),
        None => "—".into(),
    }
}

/// A status as the pages spell it in class names and text keys (`coverage.status.*`):
/// `baik` … `jelek`, or `none` before there is one (no report, no trend yet, no target).
pub fn status_word(s: Option<PwsStatus>) -> &'static str {
    s.map_or("none", PwsStatus::as_str)
}

/// The arrow of a trend and its words (`coverage.trend.*`): ▲ naik, ▼ turun, = tetap.
pub fn trend(t: Option<Trend>) -> (&'static str, &'static str) {
    match t {
        Some(Trend::Up) => ("▲", "up"),
        Some(Trend::Down) => ("▼", "down"),
        Some(Trend::Same) => ("=", "same"),
        None => ("", "none"),
    }
}

/// The last month that has ended on `today`: (year, month).
pub fn last_complete_month(today: NaiveDate) -> (i32, u32) {
    match today.month() {
        1 => (today.year() - 1, 12),
        m => (today.year(), m - 1),
    }
}

/// The year and month a page is asked for (`year`, `month` 1–12), each defaulting to the last
/// month that has ended on `today` (a past year opens at December, a later one at January);
/// the fields that do not read are named.
pub fn year_month(year: &str, month: &str, today: NaiveDate) -> Result<(i32, u32), Invalid> {
    let (dy, dm) = last_complete_month(today);
    let mut inv = Invalid::new();
    let year = match year.trim() {
        "" => Some(dy),
        y => match y.parse::<i32>() {
            Ok(y) if YEARS.contains(&y) => Some(y),
            Ok(_) => inv.check("year", Err("year.range")),
            Err(_) => inv.check("year", Err("number.format")),
        },
    };
    let month = match month.trim() {
        "" => year.map(|y| match y.cmp(&dy) {
            std::cmp::Ordering::Equal => dm,
            std::cmp::Ordering::Less => 12,
            std::cmp::Ordering::Greater => 1,
        }),
        m => match m.parse::<u32>() {
            Ok(m) if (1..=12).contains(&m) => Some(m),
            _ => inv.check("month", Err("coverage.month_range")),
        },
    };
    inv.into_result()?;
    Ok((year.unwrap_or(dy), month.unwrap_or(dm)))
}

/// (value, label, selected) of the twelve months of a picker.
pub fn month_options(lang: Lang, selected: u32) -> Vec<(u32, &'static str, bool)> {
    (1..=12)
        .map(|m| (m, crate::i18n::month_name(lang, m), m == selected))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
    }

    #[test]
    fn a_page_opens_at_the_last_month_that_has_ended() {
        assert_eq!(year_month("", "", d(2024, 10, 3)), Ok((2024, 9)));
        assert_eq!(year_month("", "", d(2025, 1, 20)), Ok((2024, 12)));
        assert_eq!(year_month("2023", "", d(2024, 10, 3)), Ok((2023, 12)));
        assert_eq!(year_month("2025", "", d(2024, 10, 3)), Ok((2025, 1)));
        assert_eq!(year_month(" 2024 ", "3", d(2024, 10, 3)), Ok((2024, 3)));
        let e = year_month("abc", "13", d(2024, 10, 3)).err().unwrap_or_default();
        assert_eq!(
            (e.code_for("year"), e.code_for("month")),
            (Some("number.format"), Some("coverage.month_range"))
        );
        let e = year_month("1999", "", d(2024, 10, 3)).err().unwrap_or_default();
        assert_eq!(e.code_for("year"), Some("year.range"));
    }

    #[test]
    fn figures_read_the_indonesian_way() {
        assert_eq!(figure(Lang::Id, Some(73.333), Unit::Percent), "73,3%");
        assert_eq!(figure(Lang::En, Some(2.5), Unit::PerThousand), "2.5‰");
        assert_eq!(figure(Lang::Id, None, Unit::Percent), "—");
        assert_eq!(count(Lang::Id, Some(120.0)), "120");
        assert_eq!(count(Lang::Id, Some(2.5)), "2,50");
        assert_eq!(trend(Some(Trend::Down)), ("▼", "down"));
        assert_eq!(status_word(Some(PwsStatus::Jelek)), "jelek");
        assert_eq!(status_word(None), "none");
    }
}
