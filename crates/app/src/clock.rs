//! The one clock of the use cases and pages: the current instant, and today's date in a
//! region's own time zone (WIB, WITA or WIT, by `domain::action::utc_offset_hours`). The
//! `App` holds one — the system clock unless a test fixes it with `App::with_clock`.

use chrono::{DateTime, NaiveDate, Utc};
use domain::access::{Actor, Area};

/// The system clock, or a fixed instant for tests.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Clock {
    #[default]
    System,
    Fixed(DateTime<Utc>),
}

impl Clock {
    /// A clock that always answers `at`.
    pub fn fixed(at: DateTime<Utc>) -> Self {
        Self::Fixed(at)
    }

    /// The current instant (UTC).
    pub fn now(&self) -> DateTime<Utc> {
        match self {
            Self::System => Utc::now(),
            Self::Fixed(at) => *at,
        }
    }

    /// Today's date in the region with this Kemendagri code (any level; the province decides).
    pub fn today_in(&self, region_code: &str) -> NaiveDate {
        domain::action::local_today(region_code, self.now())
    }

    /// Today in the actor's own region, for "upcoming" and "past" lists, ages and due dates.
    /// An account without a region (admin) gets WIB.
    pub fn today_for(&self, actor: &Actor) -> NaiveDate {
        let region = match &actor.area {
            Area::Region(code) => code.to_string(),
            Area::WilayahKerja { desa, .. } => desa.first().cloned().unwrap_or_default(),
            _ => String::new(),
        };
        self.today_in(&region)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or_else(|| panic!("{y}-{m}-{day}"))
    }

    #[test]
    fn fixed_clock_dates_each_zone_at_the_day_boundary() {
        // 16:30 UTC: 23:30 WIB, 00:30 WITA, 01:30 WIT.
        let c = Clock::fixed(Utc.with_ymd_and_hms(2024, 5, 1, 16, 30, 0).unwrap());
        assert_eq!(c.now(), Utc.with_ymd_and_hms(2024, 5, 1, 16, 30, 0).unwrap());
        assert_eq!(c.today_in("15.03"), d(2024, 5, 1), "Jambi, WIB");
        assert_eq!(c.today_in("73.71"), d(2024, 5, 2), "Makassar, WITA");
        assert_eq!(c.today_in("91.01"), d(2024, 5, 2), "Papua, WIT");
        // 14:59 UTC: 21:59 WIB, 22:59 WITA, 23:59 WIT — all still the 1st.
        let c = Clock::fixed(Utc.with_ymd_and_hms(2024, 5, 1, 14, 59, 0).unwrap());
        assert_eq!(c.today_in("15.03"), d(2024, 5, 1));
        assert_eq!(c.today_in("73.71"), d(2024, 5, 1));
        assert_eq!(c.today_in("91.01"), d(2024, 5, 1));
        // 15:00 UTC: midnight WIT.
        let c = Clock::fixed(Utc.with_ymd_and_hms(2024, 5, 1, 15, 0, 0).unwrap());
        assert_eq!(c.today_in("91.01"), d(2024, 5, 2));
        assert_eq!(c.today_in("73.71"), d(2024, 5, 1));
        // 17:00 UTC: midnight WIB.
        let c = Clock::fixed(Utc.with_ymd_and_hms(2024, 5, 1, 17, 0, 0).unwrap());
        assert_eq!(c.today_in("15.03.03"), d(2024, 5, 2));
    }

    #[test]
    fn an_actor_is_dated_by_its_region() {
        let c = Clock::fixed(Utc.with_ymd_and_hms(2024, 5, 1, 16, 30, 0).unwrap());
        let at = |code: &str| Actor {
            user_id: 1,
            username: "u".into(),
            display_name: "U".into(),
            role: domain::user::Role::Viewer,
            org_id: Some(1),
            area: Area::Region(domain::region::RegionCode::parse(code).unwrap_or_else(|e| panic!("{e}"))),
        };
        assert_eq!(c.today_for(&at("73.71")), d(2024, 5, 2));
        assert_eq!(c.today_for(&at("15.03")), d(2024, 5, 1));
    }
}
