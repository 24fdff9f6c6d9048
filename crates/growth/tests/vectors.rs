//! The 300 public WHO test vectors (`fixtures/who-growth/test-vectors.csv`,
//! produced with WHO's R package `anthro` 1.1.0): every row must match — z at
//! 2 decimals, raw z within 1e-6, flags and `flag_c9mo` exactly, `age_days`
//! and `clenhei`, and emptiness.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use lintas_growth::{AgeDays, CivilDate, LengthCm, Measurement, Oedema, Position, Score, Sex, WeightKg, compute};

const VECTORS: &str = include_str!("../../../fixtures/who-growth/test-vectors.csv");

struct Row<'a> {
    fields: Vec<&'a str>,
    header: &'a [&'a str],
}

impl<'a> Row<'a> {
    fn get(&self, name: &str) -> &'a str {
        let i = self
            .header
            .iter()
            .position(|h| *h == name)
            .unwrap_or_else(|| panic!("no column {name}"));
        self.fields[i]
    }
    fn opt_f64(&self, name: &str) -> Option<f64> {
        let v = self.get(name);
        (!v.is_empty()).then(|| v.parse().unwrap())
    }
}

fn check_score(id: &str, name: &str, row: &Row, got: Option<Score>, failures: &mut Vec<String>) {
    let want = row.opt_f64(name);
    let want_raw = row.opt_f64(&format!("{name}_raw"));
    let want_flag = row.get(&format!("flag_{name}"));
    match (got, want) {
        (None, None) => {
            if !want_flag.is_empty() {
                failures.push(format!("{id} {name}: flag {want_flag} without z"));
            }
        }
        (Some(s), Some(w)) => {
            let want_h = (w * 100.0).round() as i64;
            if s.z.hundredths() != want_h {
                failures.push(format!("{id} {name}: got {:.2}, want {w:.2}", s.z.rounded()));
            }
            if (s.z.rounded() - w).abs() >= 0.005 {
                failures.push(format!("{id} {name}: rounded {} vs {w}", s.z.rounded()));
            }
            let raw = want_raw.expect("raw column present when z is");
            if (s.z.raw() - raw).abs() > 1e-6 {
                failures.push(format!("{id} {name}: raw {} vs {raw}", s.z.raw()));
            }
            let flag = if s.flagged { "1" } else { "0" };
            if flag != want_flag {
                failures.push(format!("{id} {name}: flag {flag} vs {want_flag}"));
            }
        }
        (got, want) => failures.push(format!("{id} {name}: got {got:?}, want {want:?}")),
    }
}

#[test]
fn all_300_vectors_match_who_anthro() {
    let mut lines = VECTORS.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let mut failures = Vec::new();
    let mut n = 0;
    for line in lines.filter(|l| !l.trim().is_empty()) {
        let row = Row {
            fields: line.split(',').collect(),
            header: &header,
        };
        assert_eq!(row.fields.len(), header.len(), "{line}");
        let id = row.get("id");
        let birth = CivilDate::parse_iso(row.get("birth_date")).unwrap();
        let visit = CivilDate::parse_iso(row.get("measure_date")).unwrap();
        let age = AgeDays::between(birth, visit).unwrap();
        let m = Measurement {
            weight: WeightKg::parse_optional(row.get("weight_kg")).unwrap(),
            length: LengthCm::parse_optional(row.get("height_cm")).unwrap(),
            position: Position::parse(row.get("measured")).unwrap(),
            oedema: Oedema::parse(row.get("oedema")).unwrap(),
            ..Measurement::new(Sex::parse(row.get("sex")).unwrap(), age)
        };
        let z = compute(&m);

        let want_age: u32 = row.get("age_days").parse().unwrap();
        if z.age.days() != want_age {
            failures.push(format!("{id} age_days {} vs {want_age}", z.age.days()));
        }
        match (z.clenhei, row.opt_f64("clenhei")) {
            (None, None) => {}
            (Some(c), Some(w)) if (c - w).abs() < 0.005 => {}
            (got, want) => failures.push(format!("{id} clenhei {got:?} vs {want:?}")),
        }
        let c9mo = if z.flag_c9mo { "1" } else { "0" };
        if c9mo != row.get("flag_c9mo") {
            failures.push(format!("{id} flag_c9mo {c9mo}"));
        }
        check_score(id, "haz", &row, z.haz, &mut failures);
        check_score(id, "waz", &row, z.waz, &mut failures);
        check_score(id, "whz", &row, z.whz, &mut failures);
        check_score(id, "baz", &row, z.baz, &mut failures);
        n += 1;
    }
    assert_eq!(n, 300);
    assert!(
        failures.is_empty(),
        "{} mismatches:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
