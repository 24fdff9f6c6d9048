//! The form for a version of an indicator of the coverage catalogue: every field of an
//! [`IndicatorDef`] as typed, read with [`Reader`] and checked by `IndicatorDef::check`.

use super::Reader;
use domain::Invalid;
use domain::coverage::{Derived, Direction, IndicatorDef, Program, SasaranKind, Unit, parse_count};
use domain::i18n::Lang;
use store::coverage::IndicatorRow;

/// The indicator form as posted.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct IndicatorForm {
    #[serde(default)]
    pub code: String,
    #[serde(default)]
    pub version: String,
    #[serde(default)]
    pub name_id: String,
    #[serde(default)]
    pub name_en: String,
    #[serde(default)]
    pub program: String,
    /// ILP klaster 1–5.
    #[serde(default)]
    pub cluster: String,
    /// SPM service number 1–12, empty when the indicator is none.
    #[serde(default)]
    pub spm: String,
    #[serde(default)]
    pub numerator: String,
    #[serde(default)]
    pub denominator: String,
    #[serde(default)]
    pub unit: String,
    #[serde(default)]
    pub direction: String,
    /// A sasaran kind, empty for a denominator counted each month.
    #[serde(default)]
    pub sasaran: String,
    /// The default annual target, empty for none (`95`, `95,5`).
    #[serde(default)]
    pub target: String,
    /// A derived figure, empty when typed in.
    #[serde(default)]
    pub derived: String,
    #[serde(default)]
    pub legal_basis: String,
    #[serde(default)]
    pub valid_from: String,
    #[serde(default)]
    pub valid_to: String,
    /// The indicator the form was filled in from (a new version of it), for its title.
    #[serde(default)]
    pub base: String,
}

/// A small whole number in a range: empty is `required` (or `None` when optional), anything
/// else outside the range is `code`.
fn small(s: &str, range: std::ops::RangeInclusive<u8>, code: &'static str) -> Result<Option<u8>, &'static str> {
    match s.trim() {
        "" => Ok(None),
        t => match t.parse::<u8>() {
            Ok(n) if range.contains(&n) => Ok(Some(n)),
            _ => Err(code),
        },
    }
}

impl IndicatorForm {
    /// The typed definition, checked; every format and rule error at once.
    pub fn input(&self) -> Result<IndicatorDef, Invalid> {
        let mut rd = Reader::new();
        let program = rd.word("program", &self.program, Program::parse, Program::Gizi);
        let unit = rd.word("unit", &self.unit, Unit::parse, Unit::Percent);
        let direction = rd.word("direction", &self.direction, Direction::parse, Direction::Higher);
        let sasaran = rd.opt_word("sasaran", &self.sasaran, SasaranKind::parse);
        let derived = rd.opt_word("derived", &self.derived, Derived::parse);
        let cluster = match small(&self.cluster, 1..=5, "indicator.cluster") {
            Ok(Some(n)) => n,
            Ok(None) => {
                rd.add("cluster", "required");
                1
            }
            Err(code) => {
                rd.add("cluster", code);
                1
            }
        };
        let spm = small(&self.spm, 1..=12, "indicator.spm").unwrap_or_else(|code| {
            rd.add("spm", code);
            None
        });
        let target = match self.target.trim().trim_end_matches('%').trim() {
            "" => None,
            t => parse_count(t).map(Some).unwrap_or_else(|_| {
                rd.add("target", "indicator.target");
                None
            }),
        };
        let valid_from = rd.date("valid_from", &self.valid_from);
        let valid_to = rd.opt_date("valid_to", &self.valid_to);
        rd.finish(
            IndicatorDef {
                code: self.code.clone(),
                version: self.version.clone(),
                name_id: self.name_id.clone(),
                name_en: self.name_en.clone(),
                program,
                cluster,
                spm,
                numerator: self.numerator.clone(),
                denominator: self.denominator.clone(),
                unit,
                direction,
                sasaran,
                target,
                derived,
                legal_basis: self.legal_basis.clone(),
                valid_from,
                valid_to,
            },
            IndicatorDef::check,
        )
    }

    /// The form of a new version of `r`: every field as stored, but the version's name and
    /// validity left to fill in.
    pub fn of(r: &IndicatorRow, lang: Lang) -> Self {
        IndicatorForm {
            code: r.code.clone(),
            version: String::new(),
            name_id: r.name_id.clone(),
            name_en: r.name_en.clone(),
            program: r.program.to_string(),
            cluster: r.cluster.to_string(),
            spm: r.spm.map(|n| n.to_string()).unwrap_or_default(),
            numerator: r.numerator.clone(),
            denominator: r.denominator.clone(),
            unit: r.unit.to_string(),
            direction: r.direction.to_string(),
            sasaran: r.sasaran.map(|s| s.to_string()).unwrap_or_default(),
            target: r.target.map(|t| crate::format::typed(lang, t)).unwrap_or_default(),
            derived: r.derived.map(|d| d.to_string()).unwrap_or_default(),
            legal_basis: r.legal_basis.clone(),
            valid_from: String::new(),
            valid_to: String::new(),
            base: r.code.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> IndicatorForm {
        IndicatorForm {
            code: "spm-01".into(),
            version: "PMK-6-2024".into(),
            name_id: "Pelayanan kesehatan ibu hamil".into(),
            name_en: "Antenatal care".into(),
            program: "kia_kb".into(),
            cluster: "2".into(),
            spm: "1".into(),
            numerator: "Ibu hamil dilayani sesuai standar".into(),
            denominator: "Estimasi ibu hamil".into(),
            unit: "percent".into(),
            direction: "higher".into(),
            sasaran: "bumil".into(),
            target: "100".into(),
            derived: String::new(),
            legal_basis: "Permenkes 6/2024".into(),
            valid_from: "2025-01-01".into(),
            valid_to: String::new(),
            base: String::new(),
        }
    }

    #[test]
    fn a_typed_version_reads_and_bad_fields_are_each_named() {
        let d = form().input().unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            (d.code.as_str(), d.version.as_str(), d.spm),
            ("SPM-01", "pmk-6-2024", Some(1))
        );
        assert_eq!(
            (d.sasaran, d.target, d.derived),
            (Some(SasaranKind::Bumil), Some(100.0), None)
        );
        let bad = IndicatorForm {
            cluster: "7".into(),
            spm: "x".into(),
            program: "lain".into(),
            target: "banyak".into(),
            valid_from: "31/02/2025".into(),
            valid_to: "2020-01-01".into(),
            name_en: " ".into(),
            ..form()
        };
        let e = bad.input().err().unwrap_or_default();
        for (field, code) in [
            ("program", "choice.unknown"),
            ("cluster", "indicator.cluster"),
            ("spm", "indicator.spm"),
            ("target", "indicator.target"),
            ("valid_from", "date.format"),
            ("name_en", "required"),
        ] {
            assert_eq!(e.code_for(field), Some(code), "{field}: {e}");
        }
        let e = IndicatorForm {
            target: "95,5".into(),
            valid_to: "2024-12-31".into(),
            ..form()
        }
        .input()
        .err()
        .unwrap_or_default();
        assert_eq!(e.code_for("valid_to"), Some("date.end_before_start"));
    }
}
