//! The Posyandu registry: the profile a Posyandu keeps (address, RT/RW, the day of the month
//! it opens, the integrated services it offers, dana sehat), who counts as an active kader in
//! a year, the stratum inputs of a year from its monthly weighings, and which declared values
//! (services, dana sehat) judge a year — so that changing this year's services never rewrites
//! an earlier year's stratum. Pure: the store keeps what is decided here.
//!
//! The stratum rule itself is [`crate::nutrition::stratum`].

use crate::enums::str_enum;
use crate::error::{Invalid, optional_text};
use crate::nutrition::{Stratum, StratumInputs, stratum};
use chrono::{Datelike, NaiveDate};
use serde::Serialize;

str_enum! {
    /// The integrated basic social services a Posyandu may offer ("holistik integratif",
    /// Permendagri 19/2011): health and nutrition is the core; the others are the additional
    /// programmes (program tambahan) of the stratum.
    Service {
        KesehatanGizi = "kesehatan_gizi",
        PendidikanBkbPaud = "pendidikan_bkb_paud",
        EkonomiKeluarga = "ekonomi_keluarga",
        KetahananPangan = "ketahanan_pangan",
        KesejahteraanSosial = "kesejahteraan_sosial",
    }
}

impl Service {
    /// Whether the service is an additional programme (everything but health and nutrition).
    pub fn is_extra(self) -> bool {
        self != Service::KesehatanGizi
    }
}

/// The services of a stored comma-separated list, in the canonical order; unknown codes are
/// left out.
pub fn parse_services(s: &str) -> Vec<Service> {
    let codes: Vec<&str> = s.split(',').map(str::trim).collect();
    Service::ALL
        .iter()
        .copied()
        .filter(|x| codes.contains(&x.as_str()))
        .collect()
}

/// The stored form of a set of services: codes in the canonical order, comma-separated.
pub fn services_text(services: &[Service]) -> String {
    Service::ALL
        .iter()
        .filter(|x| services.contains(x))
        .map(|x| x.as_str())
        .collect::<Vec<_>>()
        .join(",")
}

/// Whether any of `services` is an additional programme.
pub fn has_extra(services: &[Service]) -> bool {
    services.iter().any(|s| s.is_extra())
}

/// A Posyandu's profile, typed, checked by [`ProfileInput::check`].
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ProfileInput {
    pub address: Option<String>,
    pub rt: Option<String>,
    pub rw: Option<String>,
    pub schedule_day: Option<u32>,
    pub services: Vec<Service>,
    pub dana_sehat: Option<f64>,
}

/// RT/RW: up to three digits, stored zero-padded (`3` → `003`).
pub fn rt_rw(s: &str) -> Result<Option<String>, &'static str> {
    let t = s.trim();
    if t.is_empty() {
        return Ok(None);
    }
    let digits = t.trim_start_matches('0');
    if digits.len() > 3 || !t.chars().all(|c| c.is_ascii_digit()) {
        return Err("rt_rw.format");
    }
    Ok(Some(format!("{digits:0>3}")))
}

impl ProfileInput {
    /// The profile rules: an address of reasonable length, RT/RW of up to three digits, an
    /// opening day from 1 to 31, a dana sehat share from 0 to 100 percent. Returns it
    /// normalised: text trimmed (empty is `None`), RT/RW zero-padded, services once each in
    /// the canonical order.
    pub fn check(self) -> Result<ProfileInput, Invalid> {
        let mut inv = Invalid::new();
        let address = inv.check("address", optional_text(self.address.as_deref().unwrap_or(""), 500));
        let rt = inv.check("rt", rt_rw(self.rt.as_deref().unwrap_or("")));
        let rw = inv.check("rw", rt_rw(self.rw.as_deref().unwrap_or("")));
        if self.schedule_day.is_some_and(|d| !(1..=31).contains(&d)) {
            inv.add("schedule_day", "posyandu.schedule_day_range");
        }
        if self.dana_sehat.is_some_and(|v| !(0.0..=100.0).contains(&v)) {
            inv.add("dana_sehat", "posyandu.dana_sehat_range");
        }
        match (address, rt, rw) {
            (Some(address), Some(rt), Some(rw)) if inv.is_empty() => Ok(ProfileInput {
                address,
                rt,
                rw,
                services: parse_services(&services_text(&self.services)),
                ..self
            }),
            _ => Err(inv),
        }
    }
}

/// A kader position held at a Posyandu (one person may hold several over time).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KaderTerm {
    pub person_id: i64,
    pub started_on: Option<NaiveDate>,
    pub ended_on: Option<NaiveDate>,
}

/// The days of `year` that have passed on `today`: the whole year when it is over, January 1
/// to today in the current year, nothing for a year still to come.
pub fn year_span(year: i32, today: NaiveDate) -> Option<(NaiveDate, NaiveDate)> {
    let first = NaiveDate::from_ymd_opt(year, 1, 1)?;
    let last = NaiveDate::from_ymd_opt(year, 12, 31)?.min(today);
    (first <= last).then_some((first, last))
}

/// Active kader in a year: the people holding a kader position at the Posyandu on at least
/// one day of the year that has passed (a position overlaps it when it started on or before
/// that span's last day — or has no start date — and did not end before January 1). A person
/// is counted once however many positions they held.
pub fn active_kader(terms: &[KaderTerm], year: i32, today: NaiveDate) -> u32 {
    let Some((first, last)) = year_span(year, today) else {
        return 0;
    };
    let mut people: Vec<i64> = terms
        .iter()
        .filter(|t| t.started_on.is_none_or(|s| s <= last) && t.ended_on.is_none_or(|e| e >= first))
        .map(|t| t.person_id)
        .collect();
    people.sort_unstable();
    people.dedup();
    people.len() as u32
}

/// Whether a kader position is held on `day`.
pub fn holds_on(t: &KaderTerm, day: NaiveDate) -> bool {
    t.started_on.is_none_or(|s| s <= day) && t.ended_on.is_none_or(|e| e >= day)
}

/// The next session of a Posyandu held on day `day` of every month, from `today` on: today
/// when it is that day, else the next date with that day — on the month's last day when the
/// month is shorter (a Posyandu "on the 31st" meets on 30 April and 29 February).
pub fn next_session(day: u32, today: NaiveDate) -> Option<NaiveDate> {
    if !(1..=31).contains(&day) {
        return None;
    }
    let first = NaiveDate::from_ymd_opt(today.year(), today.month(), 1)?;
    (0..2).find_map(|ahead| {
        let month = first.checked_add_months(chrono::Months::new(ahead))?;
        let last = crate::nutrition::month_end(month).day();
        let on = NaiveDate::from_ymd_opt(month.year(), month.month(), day.min(last))?;
        (on >= today).then_some(on)
    })
}

/// One month of a Posyandu's tally as the stratum reads it: S (children 0–59 months) and D
/// (weighed).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MonthCount {
    pub month: NaiveDate,
    pub s: i64,
    pub d: i64,
}

/// Weighing sessions of `year` (months with at least one child weighed) and the coverage:
/// the mean D/S of those months, in percent (months with no child registered are left out
/// of the mean).
pub fn sessions_and_coverage(months: &[MonthCount], year: i32) -> (u32, Option<f64>) {
    let held: Vec<&MonthCount> = months.iter().filter(|m| m.month.year() == year && m.d > 0).collect();
    let ratios: Vec<f64> = held
        .iter()
        .filter(|m| m.s > 0)
        .map(|m| m.d as f64 * 100.0 / m.s as f64)
        .collect();
    let mean = (!ratios.is_empty()).then(|| ratios.iter().sum::<f64>() / ratios.len() as f64);
    (held.len() as u32, mean)
}

/// Years with at least one weighing session.
pub fn weighing_years(months: &[MonthCount]) -> Vec<i32> {
    let mut years: Vec<i32> = months.iter().filter(|m| m.d > 0).map(|m| m.month.year()).collect();
    years.sort_unstable();
    years.dedup();
    years
}

/// What a Posyandu declares rather than what its records show: the services it offers and
/// its dana sehat share.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Declared {
    pub services: Vec<Service>,
    pub dana_sehat: Option<f64>,
}

/// The declared values a year is judged with. The current year takes the profile's. An
/// earlier year keeps those recorded for it; an earlier year without a record takes those of
/// the nearest later year that has one (the values in force before that later change), else
/// the profile's. So editing the profile changes the current year only.
pub fn declared_for(year: i32, current_year: i32, recorded: &[(i32, Declared)], profile: &Declared) -> Declared {
    if year >= current_year {
        return profile.clone();
    }
    if let Some((_, d)) = recorded.iter().find(|(y, _)| *y == year) {
        return d.clone();
    }
    recorded
        .iter()
        .filter(|(y, _)| *y > year && *y < current_year)
        .min_by_key(|(y, _)| *y)
        .map(|(_, d)| d.clone())
        .unwrap_or_else(|| profile.clone())
}

/// The stratum of one year with everything it was computed from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct YearStratum {
    pub year: i32,
    pub declared: Declared,
    pub inputs: StratumInputs,
    pub stratum: Stratum,
}

/// The stratum of `year` from its monthly counts, kader terms and declared values.
pub fn year_stratum(
    year: i32,
    today: NaiveDate,
    months: &[MonthCount],
    kader: &[KaderTerm],
    declared: Declared,
) -> YearStratum {
    let (sessions, coverage) = sessions_and_coverage(months, year);
    let inputs = StratumInputs {
        sessions,
        active_kader: active_kader(kader, year, today),
        coverage,
        extra_programs: has_extra(&declared.services),
        dana_sehat: declared.dana_sehat,
    };
    YearStratum {
        year,
        stratum: stratum(&inputs),
        declared,
        inputs,
    }
}

/// Thresholds of the stratum rule (Telaah Kemandirian Posyandu).
pub const MIN_SESSIONS: u32 = 8;
pub const MIN_KADER: u32 = 5;
pub const MIN_COVERAGE: f64 = 50.0;
pub const MIN_DANA_SEHAT: f64 = 50.0;

/// One condition of the rule and whether the year meets it, for showing the rule beside its
/// inputs. `key` names the condition (`sessions`, `kader`, `coverage`, `extra`, `dana_sehat`).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Criterion {
    pub key: &'static str,
    pub met: bool,
    /// The lowest stratum that needs it.
    pub needed_for: Stratum,
}

/// The conditions of the rule in the order they are applied.
pub fn criteria(i: &StratumInputs) -> [Criterion; 5] {
    [
        Criterion {
            key: "sessions",
            met: i.sessions >= MIN_SESSIONS,
            needed_for: Stratum::Madya,
        },
        Criterion {
            key: "kader",
            met: i.active_kader >= MIN_KADER,
            needed_for: Stratum::Madya,
        },
        Criterion {
            key: "coverage",
            met: i.coverage.is_some_and(|c| c >= MIN_COVERAGE),
            needed_for: Stratum::Purnama,
        },
        Criterion {
            key: "extra",
            met: i.extra_programs,
            needed_for: Stratum::Purnama,
        },
        Criterion {
            key: "dana_sehat",
            met: i.dana_sehat.is_some_and(|d| d >= MIN_DANA_SEHAT),
            needed_for: Stratum::Mandiri,
        },
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
    }

    fn term(person_id: i64, started_on: Option<NaiveDate>, ended_on: Option<NaiveDate>) -> KaderTerm {
        KaderTerm {
            person_id,
            started_on,
            ended_on,
        }
    }

    #[test]
    fn active_kader_are_positions_overlapping_the_year() {
        let today = d(2025, 6, 15);
        let terms = [
            term(1, Some(d(2019, 1, 1)), None),
            // Left in March 2024: active in 2024, not in 2025.
            term(2, Some(d(2021, 1, 1)), Some(d(2024, 3, 31))),
            // Started in November 2024.
            term(3, Some(d(2024, 11, 15)), None),
            // Left on the last day of 2023.
            term(4, Some(d(2018, 1, 1)), Some(d(2023, 12, 31))),
            // No start date recorded: held since before the records.
            term(5, None, None),
            // The same person again, a second term in 2024: counted once.
            term(1, Some(d(2024, 2, 1)), Some(d(2024, 5, 1))),
            // Starts after today: not (yet) active this year.
            term(6, Some(d(2025, 9, 1)), None),
        ];
        assert_eq!(active_kader(&terms, 2024, today), 4, "1, 2, 3, 5");
        assert_eq!(active_kader(&terms, 2023, today), 4, "1, 2, 4, 5");
        assert_eq!(active_kader(&terms, 2025, today), 3, "1, 3, 5 — not 6 before September");
        assert_eq!(active_kader(&terms, 2025, d(2025, 9, 1)), 4, "6 from its first day");
        assert_eq!(active_kader(&terms, 2026, today), 0, "a year to come has none");
        assert!(holds_on(&terms[1], d(2024, 3, 31)) && !holds_on(&terms[1], d(2024, 4, 1)));
    }

    #[test]
    fn sessions_and_coverage_of_a_year() {
        let m = |mo: u32, s: i64, dd: i64| MonthCount {
            month: d(2024, mo, 1),
            s,
            d: dd,
        };
        // January–April 2 of 2 weighed, May–September 1 of 2, October–December none.
        let mut months: Vec<MonthCount> = (1..=4).map(|mo| m(mo, 2, 2)).collect();
        months.extend((5..=9).map(|mo| m(mo, 2, 1)));
        months.extend((10..=12).map(|mo| m(mo, 2, 0)));
        months.push(MonthCount {
            month: d(2023, 12, 1),
            s: 2,
            d: 1,
        });
        let (sessions, coverage) = sessions_and_coverage(&months, 2024);
        assert_eq!(sessions, 9);
        // (4 × 100% + 5 × 50%) / 9
        assert!((coverage.unwrap_or(0.0) - 650.0 / 9.0).abs() < 1e-9, "{coverage:?}");
        assert_eq!(sessions_and_coverage(&months, 2022), (0, None));
        assert_eq!(weighing_years(&months), vec![2023, 2024]);
        // A month with weighings but no child registered counts as a session, not in D/S.
        let odd = [MonthCount {
            month: d(2024, 1, 1),
            s: 0,
            d: 3,
        }];
        assert_eq!(sessions_and_coverage(&odd, 2024), (1, None));
    }

    #[test]
    fn the_inputs_decide_the_stratum() {
        let months: Vec<MonthCount> = (1..=8)
            .map(|mo| MonthCount {
                month: d(2024, mo, 1),
                s: 10,
                d: 6,
            })
            .collect();
        let kader: Vec<KaderTerm> = (1..=5).map(|p| term(p, Some(d(2020, 1, 1)), None)).collect();
        let today = d(2025, 1, 10);
        let declared = |services: &[Service], dana: Option<f64>| Declared {
            services: services.to_vec(),
            dana_sehat: dana,
        };
        let y = year_stratum(2024, today, &months, &kader, declared(&[Service::KesehatanGizi], None));
        assert_eq!((y.inputs.sessions, y.inputs.active_kader), (8, 5));
        assert_eq!(y.inputs.coverage, Some(60.0));
        assert!(!y.inputs.extra_programs);
        assert_eq!(y.stratum, Stratum::Madya, "no additional programme");
        let bkb = [Service::KesehatanGizi, Service::PendidikanBkbPaud];
        assert_eq!(
            year_stratum(2024, today, &months, &kader, declared(&bkb, Some(49.9))).stratum,
            Stratum::Purnama
        );
        assert_eq!(
            year_stratum(2024, today, &months, &kader, declared(&bkb, Some(50.0))).stratum,
            Stratum::Mandiri
        );
        assert_eq!(
            year_stratum(2024, today, &months[..7], &kader, declared(&bkb, Some(80.0))).stratum,
            Stratum::Pratama,
            "seven sessions"
        );
        assert_eq!(
            year_stratum(2024, today, &months, &kader[..4], declared(&bkb, Some(80.0))).stratum,
            Stratum::Pratama,
            "four kader"
        );
        let c = criteria(&y.inputs);
        assert_eq!(
            c.iter().map(|c| (c.key, c.met)).collect::<Vec<_>>(),
            vec![
                ("sessions", true),
                ("kader", true),
                ("coverage", true),
                ("extra", false),
                ("dana_sehat", false)
            ]
        );
    }

    #[test]
    fn an_earlier_year_keeps_its_declared_values() {
        let profile = Declared {
            services: vec![Service::KesehatanGizi],
            dana_sehat: None,
        };
        let old = Declared {
            services: vec![Service::KesehatanGizi, Service::KetahananPangan],
            dana_sehat: Some(60.0),
        };
        let older = Declared {
            services: vec![Service::KesehatanGizi, Service::EkonomiKeluarga],
            dana_sehat: None,
        };
        let recorded = vec![(2022, older.clone()), (2024, old.clone()), (2026, profile.clone())];
        assert_eq!(declared_for(2026, 2026, &recorded, &profile), profile);
        assert_eq!(declared_for(2024, 2026, &recorded, &profile), old, "its own record");
        assert_eq!(declared_for(2023, 2026, &recorded, &profile), old, "the next record");
        assert_eq!(
            declared_for(2025, 2026, &recorded, &profile),
            profile,
            "none later: profile"
        );
        assert_eq!(declared_for(2021, 2026, &recorded, &profile), older);
    }

    #[test]
    fn the_profile_is_checked_and_normalised() {
        let p = ProfileInput {
            address: Some(" Balai Desa ".into()),
            rt: Some("3".into()),
            rw: Some("12".into()),
            schedule_day: Some(32),
            services: vec![
                Service::PendidikanBkbPaud,
                Service::KesehatanGizi,
                Service::KesehatanGizi,
            ],
            dana_sehat: Some(45.5),
        };
        let e = p.clone().check().err().unwrap_or_default();
        assert_eq!(e.code_for("schedule_day"), Some("posyandu.schedule_day_range"));
        for bad in [0, 32] {
            let e = ProfileInput {
                schedule_day: Some(bad),
                ..p.clone()
            }
            .check()
            .err();
            assert_eq!(
                e.and_then(|e| e.code_for("schedule_day")),
                Some("posyandu.schedule_day_range")
            );
        }
        let ok = ProfileInput {
            schedule_day: Some(31),
            ..p.clone()
        }
        .check()
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(ok.schedule_day, Some(31));
        assert_eq!(ok.address.as_deref(), Some("Balai Desa"));
        assert_eq!(ok.rt.as_deref(), Some("003"));
        assert_eq!(ok.rw.as_deref(), Some("012"));
        assert_eq!(ok.dana_sehat, Some(45.5));
        assert_eq!(services_text(&ok.services), "kesehatan_gizi,pendidikan_bkb_paud");
        let e = ProfileInput {
            schedule_day: Some(10),
            dana_sehat: Some(120.0),
            rt: Some("1234".into()),
            ..p
        }
        .check()
        .err()
        .unwrap_or_default();
        assert_eq!(e.code_for("dana_sehat"), Some("posyandu.dana_sehat_range"));
        assert_eq!(e.code_for("rt"), Some("rt_rw.format"));
        assert_eq!(
            parse_services("ketahanan_pangan, kesehatan_gizi,unknown"),
            vec![Service::KesehatanGizi, Service::KetahananPangan]
        );
    }

    #[test]
    fn the_next_session_is_on_its_day_or_the_months_last() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default();
        assert_eq!(next_session(10, d(2024, 5, 6)), Some(d(2024, 5, 10)));
        assert_eq!(next_session(10, d(2024, 5, 10)), Some(d(2024, 5, 10)), "today");
        assert_eq!(next_session(10, d(2024, 5, 11)), Some(d(2024, 6, 10)));
        assert_eq!(next_session(31, d(2024, 2, 3)), Some(d(2024, 2, 29)));
        assert_eq!(next_session(31, d(2024, 4, 30)), Some(d(2024, 4, 30)));
        assert_eq!(next_session(5, d(2024, 12, 20)), Some(d(2025, 1, 5)));
        assert_eq!(next_session(0, d(2024, 5, 6)), None);
        assert_eq!(next_session(32, d(2024, 5, 6)), None);
    }
}
