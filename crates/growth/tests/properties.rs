//! Property tests: monotonicity, LMS inverses, and no panic on any input.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use lintas_growth::tables::{AgeTable, LengthTable, age_row, length_row};
use lintas_growth::*;
use proptest::prelude::*;

fn sex() -> impl Strategy<Value = Sex> {
    prop_oneof![Just(Sex::Male), Just(Sex::Female)]
}

fn position() -> impl Strategy<Value = Position> {
    prop_oneof![
        Just(Position::Recumbent),
        Just(Position::Standing),
        Just(Position::Unknown)
    ]
}

/// Any f64 at all, weighted towards the awkward ones.
fn any_f64() -> impl Strategy<Value = f64> {
    prop_oneof![
        Just(f64::NAN),
        Just(f64::INFINITY),
        Just(f64::NEG_INFINITY),
        Just(0.0),
        Just(-0.0),
        Just(f64::MIN_POSITIVE),
        Just(f64::MAX),
        any::<f64>(),
        -10.0..600.0f64,
    ]
}

fn z_of(m: &Measurement, ind: Indicator) -> Option<f64> {
    compute(m).get(ind).map(|s| s.z.raw())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// More length means a higher HAZ; more weight a higher WAZ, WHZ and BAZ.
    #[test]
    fn z_increases_with_the_measurement(
        sex in sex(),
        days in 0i64..=1826,
        pos in position(),
        len in 40.0..125.0f64,
        w in 1.0..40.0f64,
        dl in 0.01..20.0f64,
        dw in 0.01..10.0f64,
    ) {
        let base = Measurement {
            weight: Some(WeightKg::new(w).unwrap()),
            length: Some(LengthCm::new(len).unwrap()),
            position: pos,
            ..Measurement::new(sex, AgeDays::new(days).unwrap())
        };
        let longer = Measurement { length: Some(LengthCm::new(len + dl).unwrap()), ..base };
        let heavier = Measurement { weight: Some(WeightKg::new(w + dw).unwrap()), ..base };

        let (a, b) = (z_of(&base, Indicator::Haz).unwrap(), z_of(&longer, Indicator::Haz).unwrap());
        prop_assert!(b > a, "HAZ {a} -> {b}");
        for ind in [Indicator::Waz, Indicator::Whz, Indicator::Baz] {
            match (z_of(&base, ind), z_of(&heavier, ind)) {
                (Some(a), Some(b)) => prop_assert!(b > a, "{ind:?} {a} -> {b}"),
                (None, None) => prop_assert_eq!(ind, Indicator::Whz), // length outside table
                other => prop_assert!(false, "{ind:?} appeared/disappeared: {other:?}"),
            }
        }
    }

    /// The inverse of the LMS transform returns the measurement, on every
    /// age table row, for plain and restricted z from −7 to +7.
    #[test]
    fn lms_inverse_round_trips(
        sex in sex(),
        days in 0u32..=1826,
        tenths in 450i64..=1200,
        z in -7.0..7.0f64,
    ) {
        for table in [AgeTable::Lhfa, AgeTable::Wfa, AgeTable::Bfa, AgeTable::Hcfa, AgeTable::Acfa] {
            let Some(row) = age_row(table, sex, days) else { continue };
            let y = row.value_at_restricted(z);
            prop_assert!(y > 0.0);
            prop_assert!((row.z_restricted(y) - z).abs() < 1e-9, "{table:?} restricted");
            prop_assert!((row.value_at_restricted(row.z_restricted(y)) - y).abs() < 1e-9 * y.max(1.0));
            let y = row.value_at(z);
            if y.is_finite() {
                prop_assert!((row.z(y) - z).abs() < 1e-9, "{table:?} plain");
            }
        }
        for table in [LengthTable::Wfl, LengthTable::Wfh] {
            let Some(row) = length_row(table, sex, tenths) else { continue };
            let y = row.value_at_restricted(z);
            prop_assert!((row.z_restricted(y) - z).abs() < 1e-9, "{table:?}");
        }
    }

    /// Through the whole engine: the weight at a given WAZ gives that WAZ.
    #[test]
    fn weight_at_z_gives_z(sex in sex(), days in 0u32..=1826, z in -6.5..5.5f64) {
        let row = age_row(AgeTable::Wfa, sex, days).unwrap();
        let w = row.value_at_restricted(z);
        let m = Measurement {
            weight: Some(WeightKg::new(w).unwrap()),
            ..Measurement::new(sex, AgeDays::new(i64::from(days)).unwrap())
        };
        let got = compute(&m).waz.unwrap().z.raw();
        prop_assert!((got - z).abs() < 1e-9);
    }

    /// Nothing panics and nothing non-finite comes out, whatever goes in.
    #[test]
    fn no_panic_and_no_nan_on_any_input(
        sex in sex(),
        days in any::<i64>(),
        small_days in -5i64..2000,
        w in any_f64(),
        h in any_f64(),
        hc in any_f64(),
        ac in any_f64(),
        pos in position(),
        oedema in any::<bool>(),
    ) {
        for d in [days, small_days] {
            let Ok(age) = AgeDays::new(d) else { continue };
            let m = Measurement {
                weight: WeightKg::new(w).ok(),
                length: LengthCm::new(h).ok(),
                head: HeadCircumferenceCm::new(hc).ok(),
                muac: MuacCm::new(ac).ok(),
                position: pos,
                oedema: if oedema { Oedema::Yes } else { Oedema::No },
                ..Measurement::new(sex, age)
            };
            let z = compute(&m);
            for ind in Indicator::ALL {
                if let Some(s) = z.get(ind) {
                    prop_assert!(s.z.raw().is_finite());
                    prop_assert!(s.z.rounded().is_finite());
                    let _ = (HazCategory::of(Some(s)), WazCategory::of(Some(s)), WhzCategory::of(Some(s)));
                }
            }
            if let Some(c) = z.clenhei {
                prop_assert!(c.is_finite());
            }
            let _ = Prevalence::of(Group::STUNTING, [&z]).ci95();
        }
    }

    /// Parsers reject or accept; they never panic.
    #[test]
    fn parsers_never_panic(text in any::<String>(), num in any::<f64>()) {
        let _ = parse_decimal(&text);
        let _ = Sex::parse(&text);
        let _ = Position::parse(&text);
        let _ = Oedema::parse(&text);
        let _ = AgeDays::parse(&text);
        let _ = CivilDate::parse_iso(&text);
        let _ = WeightKg::parse(&text);
        let _ = LengthCm::parse(&num.to_string());
        if let Ok(v) = parse_decimal(&text) {
            prop_assert!(v.is_finite());
        }
    }

    #[test]
    fn wilson_stays_in_bounds(n in 1u64..100_000, k in 0u64..100_000) {
        let count = k % (n + 1);
        let ci = wilson(count, n, 1.959_963_984_540_054).unwrap();
        let p = 100.0 * count as f64 / n as f64;
        prop_assert!(0.0 <= ci.lower && ci.lower <= p + 1e-9);
        prop_assert!(p - 1e-9 <= ci.upper && ci.upper <= 100.0);
    }
}
