//! Civil (proleptic Gregorian) dates and whole-day differences.
//!
//! Owns: turning a birth date and a measurement date into completed days, the
//! age WHO's tables are indexed by. Written here rather than borrowed from a
//! date crate so the growth engine stays std-only; the arithmetic is Howard
//! Hinnant's `days_from_civil`, exact for every date in years 1–9999.

use crate::InputError;

/// A calendar date (proleptic Gregorian), validated on construction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CivilDate {
    year: i32,
    month: u8,
    day: u8,
}

impl CivilDate {
    /// A date from its parts; rejects 31 April, 29 February outside leap years,
    /// and years outside 1–9999.
    ///
    /// ```
    /// use lintas_growth::CivilDate;
    /// assert!(CivilDate::new(2024, 2, 29).is_ok());
    /// assert!(CivilDate::new(2023, 2, 29).is_err());
    /// ```
    pub fn new(year: i32, month: u32, day: u32) -> Result<Self, InputError> {
        let valid =
            (1..=9999).contains(&year) && (1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month);
        if !valid {
            return Err(InputError::InvalidDate { year, month, day });
        }
        // Both fit: month ≤ 12 and day ≤ 31 were checked above.
        Ok(Self {
            year,
            month: month as u8,
            day: day as u8,
        })
    }

    /// Parses `YYYY-MM-DD` (ISO 8601, the only form the library accepts; file
    /// formats with other layouts are the caller's business).
    pub fn parse_iso(text: &str) -> Result<Self, InputError> {
        let t = text.trim();
        let b = t.as_bytes();
        let bad = || InputError::DateFormat(t.to_string());
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return Err(bad());
        }
        let num = |r: std::ops::Range<usize>| -> Result<u32, InputError> {
            b[r].iter().try_fold(0u32, |acc, &c| {
                if c.is_ascii_digit() {
                    Ok(acc * 10 + u32::from(c - b'0'))
                } else {
                    Err(bad())
                }
            })
        };
        let year = num(0..4)?;
        Self::new(year as i32, num(5..7)?, num(8..10)?)
    }

    /// Year.
    pub fn year(self) -> i32 {
        self.year
    }
    /// Month, 1–12.
    pub fn month(self) -> u32 {
        u32::from(self.month)
    }
    /// Day of the month, 1–31.
    pub fn day(self) -> u32 {
        u32::from(self.day)
    }

    /// Days since 1970-01-01 (negative before).
    pub fn days_since_epoch(self) -> i64 {
        // Hinnant: shift the year to start in March so the leap day is last.
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let m = i64::from(self.month);
        let d = i64::from(self.day);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let mp = (m + 9) % 12;
        let doy = (153 * mp + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// Whole days from `self` to `later` (negative if `later` is earlier).
    pub fn days_until(self, later: CivilDate) -> i64 {
        later.days_since_epoch() - self.days_since_epoch()
    }
}

impl std::fmt::Display for CivilDate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn epoch_and_known_days() {
        assert_eq!(CivilDate::new(1970, 1, 1).unwrap().days_since_epoch(), 0);
        assert_eq!(CivilDate::new(2000, 3, 1).unwrap().days_since_epoch(), 11_017);
        assert_eq!(CivilDate::new(1969, 12, 31).unwrap().days_since_epoch(), -1);
        assert_eq!(CivilDate::new(9999, 12, 31).unwrap().days_since_epoch(), 2_932_896);
        assert_eq!(CivilDate::new(1, 1, 1).unwrap().days_since_epoch(), -719_162);
    }

    #[test]
    fn consecutive_days_are_one_apart() {
        let mut prev = CivilDate::new(1899, 1, 1).unwrap().days_since_epoch();
        for year in 1899..2101 {
            for month in 1..=12 {
                for day in 1..=days_in_month(year, month) {
                    let d = CivilDate::new(year, month, day).unwrap().days_since_epoch();
                    if (year, month, day) != (1899, 1, 1) {
                        assert_eq!(d, prev + 1, "{year}-{month}-{day}");
                    }
                    prev = d;
                }
            }
        }
    }

    #[test]
    fn leap_birth_ages() {
        let birth = CivilDate::parse_iso("2020-02-29").unwrap();
        assert_eq!(birth.days_until(CivilDate::parse_iso("2022-02-28").unwrap()), 730);
        assert_eq!(birth.days_until(CivilDate::parse_iso("2022-03-01").unwrap()), 731);
    }

    #[test]
    fn rejects_bad_dates() {
        assert!(CivilDate::new(2023, 4, 31).is_err());
        assert!(CivilDate::new(1900, 2, 29).is_err());
        assert!(CivilDate::new(2000, 2, 29).is_ok());
        assert!(CivilDate::new(2023, 13, 1).is_err());
        assert!(CivilDate::new(2023, 1, 0).is_err());
        assert!(CivilDate::parse_iso("2023-1-01").is_err());
        assert!(CivilDate::parse_iso("2023-01-0x").is_err());
        assert_eq!(CivilDate::parse_iso(" 2023-01-05 ").unwrap().to_string(), "2023-01-05");
    }
}
