//! The WHO 2006 LMS tables, compiled into the binary.
//!
//! Owns: the static arrays and the index arithmetic that finds a row. The
//! arrays are generated at build time by `build.rs` from
//! `data/who-growth/*.csv` (copied verbatim from WHO's R package `anthro`
//! 1.1.0; see `data/who-growth/README.md` for source and attribution). There is
//! no parsing, allocation or locking at run time: a lookup is `TABLE[sex][i]`.
//!
//! Age tables have one row per completed day; weight-for-length/height tables
//! one row per 0.1 cm, so the row for `x` cm is `round(x·10) − first`.

use crate::{Lms, Sex};

/// The generated statics. WHO's numbers are kept exactly as published, so
/// clippy's literal lints (e.g. −0.3183 "looks like" 1/π) do not apply.
#[allow(clippy::approx_constant, clippy::excessive_precision, clippy::unreadable_literal)]
mod generated {
    use crate::Lms;
    include!(concat!(env!("OUT_DIR"), "/tables.rs"));
}
use generated::*;

/// The age-indexed tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AgeTable {
    /// Length/height-for-age.
    Lhfa,
    /// Weight-for-age.
    Wfa,
    /// BMI-for-age.
    Bfa,
    /// Head circumference-for-age.
    Hcfa,
    /// Arm circumference-for-age (starts at day 91).
    Acfa,
}

/// The length/height-indexed tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LengthTable {
    /// Weight-for-length, 45–110 cm, used below 731 days.
    Wfl,
    /// Weight-for-height, 65–120 cm, used from 731 days.
    Wfh,
}

#[inline]
fn sex_index(sex: Sex) -> usize {
    match sex {
        Sex::Male => 0,
        Sex::Female => 1,
    }
}

/// The row for `sex` at `age_days`, or `None` outside the table.
///
/// ```
/// use lintas_growth::tables::{age_row, AgeTable};
/// use lintas_growth::Sex;
/// let row = age_row(AgeTable::Lhfa, Sex::Male, 0).unwrap();
/// assert_eq!(row.m, 49.8842);
/// assert!(age_row(AgeTable::Acfa, Sex::Male, 90).is_none());
/// ```
#[inline]
pub fn age_row(table: AgeTable, sex: Sex, age_days: u32) -> Option<&'static Lms> {
    let sex = sex_index(sex);
    let (rows, first): (&'static [Lms], u32) = match table {
        AgeTable::Lhfa => (&LHFA[sex], LHFA_FIRST),
        AgeTable::Wfa => (&WFA[sex], WFA_FIRST),
        AgeTable::Bfa => (&BFA[sex], BFA_FIRST),
        AgeTable::Hcfa => (&HCFA[sex], HCFA_FIRST),
        AgeTable::Acfa => (&ACFA[sex], ACFA_FIRST),
    };
    rows.get(age_days.checked_sub(first)? as usize)
}

/// The row for `sex` at `tenths` tenths of a centimetre (e.g. 652 for 65.2 cm),
/// or `None` outside the table.
#[inline]
pub fn length_row(table: LengthTable, sex: Sex, tenths: i64) -> Option<&'static Lms> {
    let (rows, first): (&'static [Lms], u32) = match table {
        LengthTable::Wfl => (&WFL[sex_index(sex)], WFL_FIRST),
        LengthTable::Wfh => (&WFH[sex_index(sex)], WFH_FIRST),
    };
    let i = usize::try_from(tenths.checked_sub(i64::from(first))?).ok()?;
    rows.get(i)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    /// Every generated constant equals the CSV text it came from, parsed the
    /// ordinary way. Guards the build script and its `{:?}` round trip.
    #[test]
    fn statics_equal_the_csv_files() {
        let files: [(&str, &[[Lms; 1827]; 2], u32); 4] = [
            (include_str!("../../../data/who-growth/lhfa.csv"), &LHFA, 0),
            (include_str!("../../../data/who-growth/wfa.csv"), &WFA, 0),
            (include_str!("../../../data/who-growth/bfa.csv"), &BFA, 0),
            (include_str!("../../../data/who-growth/hcfa.csv"), &HCFA, 0),
        ];
        for (text, rows, first) in files {
            check(text, &[&rows[0][..], &rows[1][..]], first, false);
        }
        check(
            include_str!("../../../data/who-growth/acfa.csv"),
            &[&ACFA[0][..], &ACFA[1][..]],
            91,
            false,
        );
        check(
            include_str!("../../../data/who-growth/wfl.csv"),
            &[&WFL[0][..], &WFL[1][..]],
            450,
            true,
        );
        check(
            include_str!("../../../data/who-growth/wfh.csv"),
            &[&WFH[0][..], &WFH[1][..]],
            650,
            true,
        );
    }

    fn check(text: &str, rows: &[&[Lms]; 2], first: u32, tenths: bool) {
        let mut n = 0;
        for line in text.lines().skip(1) {
            let f: Vec<&str> = line.split(',').collect();
            let sex = usize::from(f[0] == "F");
            let key = if tenths {
                (f[1].parse::<f64>().unwrap() * 10.0).round() as u32
            } else {
                f[1].parse::<u32>().unwrap()
            };
            let row = rows[sex][(key - first) as usize];
            let want = Lms::new(f[2].parse().unwrap(), f[3].parse().unwrap(), f[4].parse().unwrap());
            assert_eq!(row, want, "{line}");
            n += 1;
        }
        assert_eq!(n, rows[0].len() + rows[1].len());
    }

    #[test]
    fn lookups_by_index() {
        assert_eq!(age_row(AgeTable::Wfa, Sex::Female, 1826).unwrap().m, 18.2179);
        assert!(age_row(AgeTable::Wfa, Sex::Female, 1827).is_none());
        assert_eq!(age_row(AgeTable::Acfa, Sex::Male, 91).unwrap().m, 13.4779);
        assert_eq!(length_row(LengthTable::Wfl, Sex::Male, 450).unwrap().m, 2.441);
        assert!(length_row(LengthTable::Wfl, Sex::Male, 449).is_none());
        assert!(length_row(LengthTable::Wfh, Sex::Male, 1201).is_none());
        assert_eq!(length_row(LengthTable::Wfh, Sex::Male, 650).unwrap().m, 7.4327);
    }
}
