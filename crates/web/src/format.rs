//! How the pages write numbers, percentages, months and ages: a decimal comma and a real
//! minus sign in Bahasa Indonesia, a point in English. Exports (CSV, XLSX) do not use these:
//! they write decimals with a point ([`csv_decimal`]) so spreadsheet programs read numbers.

use crate::i18n::Lang;
use chrono::{Datelike, NaiveDate};
use domain::nutrition::completed_months;

/// A number with `digits` decimals, with a decimal comma in Bahasa Indonesia and a real
/// minus sign (none when the rounded value is zero). A half rounds away from zero (86,25 →
/// 86,3), as people and spreadsheets round.
pub fn num(lang: Lang, v: f64, digits: usize) -> String {
    let v = interop::table::half_up(v, digits);
    let s = format!("{v:.digits$}");
    let s = if lang == Lang::Id { s.replace('.', ",") } else { s };
    match s.strip_prefix('-') {
        Some(rest) if rest.chars().any(|c| c.is_ascii_digit() && c != '0') => format!("−{rest}"),
        Some(rest) => rest.to_string(),
        None => s,
    }
}

/// A percentage with one decimal, or a dash when there is none.
pub fn pct(lang: Lang, v: Option<f64>) -> String {
    v.map(|v| format!("{}%", num(lang, v, 1))).unwrap_or_else(|| "—".into())
}

/// A change: [`num`] with a plus sign when positive.
pub fn signed(lang: Lang, v: f64, digits: usize) -> String {
    if v > 0.0 {
        format!("+{}", num(lang, v, digits))
    } else {
        num(lang, v, digits)
    }
}

/// A decimal as typed back into a form: the shortest exact digits, with a decimal comma in
/// Bahasa Indonesia.
pub fn typed(lang: Lang, v: f64) -> String {
    match lang {
        Lang::Id => format!("{v}").replace('.', ","),
        Lang::En => format!("{v}"),
    }
}

/// A decimal in an export: one decimal with a point, empty when there is none.
pub fn csv_decimal(v: Option<f64>) -> String {
    v.map(|v| format!("{v:.1}")).unwrap_or_default()
}

/// The Indonesian time zone of a region: WIB, WITA or WIT.
pub fn zone(region: &str) -> &'static str {
    match domain::action::utc_offset_hours(region) {
        8 => "WITA",
        9 => "WIT",
        _ => "WIB",
    }
}

/// A moment as its region reads it: "05/03/2024 09:15 WIB".
pub fn local_time(t: chrono::DateTime<chrono::Utc>, region: &str) -> String {
    let local = t.naive_utc() + chrono::Duration::hours(i64::from(domain::action::utc_offset_hours(region)));
    format!("{} {}", local.format("%d/%m/%Y %H:%M"), zone(region))
}

/// "Agustus 2023" / "August 2023".
pub fn month_label(lang: Lang, m: NaiveDate) -> String {
    crate::i18n::month_year(lang, m.month(), m.year())
}

/// "2 th 3 bl" / "2 y 3 mo".
pub fn age_label(lang: Lang, days: i64) -> String {
    let months = completed_months(days);
    let (y, m) = (months / 12, months % 12);
    let (y, m) = (y.to_string(), m.to_string());
    match y.as_str() {
        "0" => crate::i18n::fill(lang, "age.months", &[("m", &m)]),
        _ => crate::i18n::fill(lang, "age.years_months", &[("y", &y), ("m", &m)]),
    }
}

/// A Permenkes category in Indonesian (with the English name in English).
pub fn category(lang: Lang, id: &str, en: &str) -> String {
    match lang {
        Lang::Id => id.to_string(),
        Lang::En => format!("{id} ({en})"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_the_indonesian_way() {
        assert_eq!(num(Lang::Id, -2.456, 2), "−2,46");
        assert_eq!(num(Lang::En, 18.44, 1), "18.4");
        assert_eq!(num(Lang::Id, 86.25, 1), "86,3", "a half rounds up");
        assert_eq!(num(Lang::Id, -0.001, 1), "0,0");
        assert_eq!(signed(Lang::Id, 1.26, 1), "+1,3");
        assert_eq!(signed(Lang::Id, -3.0, 0), "−3");
        assert_eq!(typed(Lang::Id, 12.5), "12,5");
        assert_eq!(typed(Lang::En, 12.5), "12.5");
        assert_eq!(csv_decimal(Some(-2.46)), "-2.5");
        assert_eq!(csv_decimal(None), "");
        assert_eq!(age_label(Lang::Id, 800), "2 th 2 bl");
        assert_eq!(age_label(Lang::En, 100), "3 mo");
        assert_eq!(category(Lang::En, "pendek", "stunted"), "pendek (stunted)");
    }

    #[test]
    fn percentages_read_the_indonesian_way() {
        assert_eq!(pct(Lang::Id, Some(650.0 / 9.0)), "72,2%");
        assert_eq!(pct(Lang::En, Some(50.0)), "50.0%");
        assert_eq!(pct(Lang::Id, None), "—");
    }
}
