//! The district scorecard's rules: how its rows are grouped, the period its counts cover and
//! the one it compares with, each column's target and direction, how a cell is judged against
//! its target and which way its trend points. Pure arithmetic; the figures come from the
//! nutrition tallies, the meetings and actions, and the PWS (`app::scorecard`).

use crate::coverage::{Direction, PwsStatus};
use crate::enums::str_enum;
use crate::meeting::ForumKind;
use chrono::{Datelike, Months, NaiveDate};
use serde::Serialize;

str_enum! {
    /// What a row is.
    By {
        Puskesmas = "puskesmas",
        Kecamatan = "kecamatan",
        Desa = "desa",
    }
}

str_enum! {
    /// How far back the counted figures (Lokmin held, actions closed on time) reach from the
    /// month, and how far back the comparison lies.
    Period {
        Month = "month",
        Quarter = "quarter",
        Semester = "semester",
        Year = "year",
    }
}

impl Period {
    pub fn months(self) -> u32 {
        match self {
            Period::Month => 1,
            Period::Quarter => 3,
            Period::Semester => 6,
            Period::Year => 12,
        }
    }

    /// The first month of the period that ends with `month`.
    pub fn start(self, month: NaiveDate) -> NaiveDate {
        month
            .checked_sub_months(Months::new(self.months() - 1))
            .unwrap_or(month)
    }

    /// The month the previous period ends with (February for an August semester).
    pub fn previous(self, month: NaiveDate) -> NaiveDate {
        month.checked_sub_months(Months::new(self.months())).unwrap_or(month)
    }
}

/// The national RPJMN 2020–2024 target for wasting prevalence, in percent.
pub const WASTING_TARGET: f64 = 7.0;
/// The share of due actions that should be closed by their due date (a house target).
pub const ON_TIME_TARGET: f64 = 80.0;
/// Lokmin held against the schedule.
pub const LOKMIN_TARGET: f64 = 100.0;
/// The coverage indicators the scorecard shows beside the nutrition figures (their PWS status
/// at the month): antenatal care K4, complete basic immunisation, vitamin A.
pub const COVERAGE: [&str; 3] = ["K4", "IDL", "VITA"];

/// How a cell stands against its target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Status {
    /// On or past the target.
    Met,
    /// Short of it, but close (within a tenth for higher-is-better, a quarter over a ceiling).
    Near,
    /// Far from it.
    Off,
    /// A figure without a target (shown, not judged).
    Unjudged,
    /// No figure.
    Empty,
}

impl Status {
    /// The word of the stylesheet class and the text table (`scorecard.status.*`).
    pub fn word(self) -> &'static str {
        match self {
            Status::Met => "met",
            Status::Near => "near",
            Status::Off => "off",
            Status::Unjudged => "unjudged",
            Status::Empty => "empty",
        }
    }

    /// The symbol printed beside the value, so the status never rests on colour alone.
    pub fn symbol(self) -> &'static str {
        match self {
            Status::Met => "✓",
            Status::Near => "!",
            Status::Off => "✗",
            Status::Unjudged | Status::Empty => "",
        }
    }
}

/// Judges `value` against `target` in the column's direction.
pub fn judge(value: Option<f64>, target: Option<f64>, direction: Direction) -> Status {
    let Some(v) = value else { return Status::Empty };
    let Some(t) = target else { return Status::Unjudged };
    match direction {
        Direction::Higher if v >= t => Status::Met,
        Direction::Higher if v >= t * 0.9 => Status::Near,
        Direction::Higher => Status::Off,
        Direction::Lower if v <= t => Status::Met,
        Direction::Lower if v <= t * 1.25 => Status::Near,
        Direction::Lower => Status::Off,
    }
}

/// A PWS status as a scorecard status: Baik meets the target; Kurang (above it but falling)
/// and Cukup (below it but rising) are near; Jelek is off.
pub fn of_pws(s: Option<PwsStatus>) -> Status {
    match s {
        Some(PwsStatus::Baik) => Status::Met,
        Some(PwsStatus::Kurang) | Some(PwsStatus::Cukup) => Status::Near,
        Some(PwsStatus::Jelek) => Status::Off,
        None => Status::Empty,
    }
}

/// Which way a figure moved since the previous period, and whether that is for the better.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Trend {
    Better,
    Same,
    Worse,
}

impl Trend {
    pub fn word(self) -> &'static str {
        match self {
            Trend::Better => "better",
            Trend::Same => "same",
            Trend::Worse => "worse",
        }
    }
}

/// The trend from `before` to `now`: a change under a tenth of a point is no change.
pub fn trend(now: Option<f64>, before: Option<f64>, direction: Direction) -> Option<Trend> {
    let (n, b) = (now?, before?);
    let d = n - b;
    if d.abs() < 0.1 {
        return Some(Trend::Same);
    }
    let up_is_better = direction == Direction::Higher;
    Some(if (d > 0.0) == up_is_better {
        Trend::Better
    } else {
        Trend::Worse
    })
}

/// The arrow of a change (up, down, level), drawn beside the trend's word.
pub fn arrow(now: Option<f64>, before: Option<f64>) -> &'static str {
    match (now, before) {
        (Some(n), Some(b)) if (n - b).abs() < 0.1 => "▶",
        (Some(n), Some(b)) if n > b => "▲",
        (Some(_), Some(_)) => "▼",
        _ => "",
    }
}

/// How many Lokmin the schedule asks of one Puskesmas from `from` to `to` (first days of
/// months, both included), not counting months after `today`'s: a bulanan every month and a
/// tribulanan in its months.
pub fn lokmin_expected(from: NaiveDate, to: NaiveDate, today: NaiveDate) -> i64 {
    let mut n = 0;
    let mut m = from;
    let last = to.min(NaiveDate::from_ymd_opt(today.year(), today.month(), 1).unwrap_or(today));
    while m <= last {
        for k in [ForumKind::LokminBulanan, ForumKind::LokminTribulanan] {
            if k.default_months().contains(&m.month()) {
                n += 1;
            }
        }
        m = match m.checked_add_months(Months::new(1)) {
            Some(x) => x,
            None => break,
        };
    }
    n
}

/// Whether an action closed at the local date `closed_on` (if closed and done) met `due_on`.
pub fn closed_on_time(done: bool, closed_on: Option<NaiveDate>, due_on: NaiveDate) -> bool {
    done && closed_on.is_some_and(|c| c <= due_on)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, 1).unwrap_or_default()
    }

    #[test]
    fn periods_reach_back_and_compare() {
        assert_eq!(Period::Semester.start(d(2024, 8)), d(2024, 3));
        assert_eq!(Period::Semester.previous(d(2024, 8)), d(2024, 2));
        assert_eq!(Period::Month.start(d(2024, 8)), d(2024, 8));
        assert_eq!(Period::Year.previous(d(2024, 8)), d(2023, 8));
        assert_eq!(Period::parse("weekly"), Err("choice.unknown"));
    }

    #[test]
    fn cells_are_judged_in_their_direction() {
        assert_eq!(judge(Some(13.9), Some(14.0), Direction::Lower), Status::Met);
        assert_eq!(judge(Some(17.0), Some(14.0), Direction::Lower), Status::Near);
        assert_eq!(judge(Some(21.0), Some(14.0), Direction::Lower), Status::Off);
        assert_eq!(judge(Some(75.0), Some(80.0), Direction::Higher), Status::Near);
        assert_eq!(judge(Some(60.0), Some(80.0), Direction::Higher), Status::Off);
        assert_eq!(judge(Some(6.0), None, Direction::Lower), Status::Unjudged);
        assert_eq!(judge(None, Some(1.0), Direction::Lower), Status::Empty);
        assert_eq!(of_pws(Some(PwsStatus::Jelek)), Status::Off);
        assert!(!Status::Off.symbol().is_empty());
    }

    #[test]
    fn trends_know_better_from_worse() {
        assert_eq!(trend(Some(18.0), Some(20.0), Direction::Lower), Some(Trend::Better));
        assert_eq!(trend(Some(18.0), Some(20.0), Direction::Higher), Some(Trend::Worse));
        assert_eq!(trend(Some(18.0), Some(18.05), Direction::Higher), Some(Trend::Same));
        assert_eq!(trend(Some(18.0), None, Direction::Higher), None);
        assert_eq!(arrow(Some(18.0), Some(20.0)), "▼");
    }

    #[test]
    fn the_schedule_counts_months_until_today() {
        // March to August: six bulanan, tribulanan in May and August.
        assert_eq!(lokmin_expected(d(2024, 3), d(2024, 8), d(2024, 12)), 8);
        assert_eq!(lokmin_expected(d(2024, 3), d(2024, 8), d(2024, 4)), 2);
        let due = NaiveDate::from_ymd_opt(2024, 5, 10).unwrap_or_default();
        assert!(closed_on_time(true, Some(due), due));
        assert!(!closed_on_time(true, due.succ_opt(), due));
        assert!(!closed_on_time(false, Some(due), due));
    }
}
