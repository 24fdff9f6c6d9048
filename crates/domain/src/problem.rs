//! Problems and obstacles raised at a meeting (masalah/hambatan), their root causes
//! (fishbone categories) and prioritisation worksheets: USG, CARL and Hanlon with several
//! raters, averaged and ranked.

use crate::enums::str_enum;
use crate::error::{Invalid, optional_text, required_text};
use serde::{Deserialize, Serialize};

str_enum! {
    ProblemCategory {
        Facilities = "facilities",
        Staff = "staff",
        Equipment = "equipment",
        Medicines = "medicines",
        Budget = "budget",
        Data = "data",
        Participation = "participation",
        Access = "access",
        Regulation = "regulation",
        /// A programme's coverage below its target (raised from the PWS).
        Coverage = "coverage",
        Other = "other",
    }
}

impl ProblemCategory {
    /// Shortage categories roll up into the shortage register.
    pub fn is_shortage(self) -> bool {
        matches!(
            self,
            ProblemCategory::Facilities
                | ProblemCategory::Staff
                | ProblemCategory::Equipment
                | ProblemCategory::Medicines
        )
    }
}

str_enum! {
    /// Ishikawa (fishbone) categories of a root cause.
    CauseCategory {
        People = "people",
        Method = "method",
        Materials = "materials",
        Money = "money",
        Machines = "machines",
        Environment = "environment",
    }
}

str_enum! {
    PriorityMethod {
        Usg = "usg",
        Carl = "carl",
        Hanlon = "hanlon",
    }
}

/// One rater's scores. USG: U, S, G each 1–5, total U+S+G. CARL: C, A, R, L each 1–5,
/// total C×A×R×L. Hanlon: A magnitude 0–10, B seriousness 0–20, C effectiveness 0–10 and
/// PEARL (five 0/1 answers), total (A+B)×C × P×E×A×R×L.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Scores(pub Vec<f64>);

impl PriorityMethod {
    /// Names and ranges of the criteria, in order.
    pub fn criteria(self) -> &'static [(&'static str, f64, f64)] {
        match self {
            PriorityMethod::Usg => &[("U", 1.0, 5.0), ("S", 1.0, 5.0), ("G", 1.0, 5.0)],
            PriorityMethod::Carl => &[("C", 1.0, 5.0), ("A", 1.0, 5.0), ("R", 1.0, 5.0), ("L", 1.0, 5.0)],
            PriorityMethod::Hanlon => &[
                ("A", 0.0, 10.0),
                ("B", 0.0, 20.0),
                ("C", 0.0, 10.0),
                ("P", 0.0, 1.0),
                ("E", 0.0, 1.0),
                ("Ac", 0.0, 1.0),
                ("R", 0.0, 1.0),
                ("L", 0.0, 1.0),
            ],
        }
    }

    /// Validates one rater's scores (PEARL answers must be 0 or 1).
    pub fn check(self, scores: &[f64]) -> Result<Scores, &'static str> {
        let crit = self.criteria();
        if scores.len() != crit.len() {
            return Err("priority.count");
        }
        for (i, (v, (_, lo, hi))) in scores.iter().zip(crit).enumerate() {
            if !v.is_finite() || v < lo || v > hi {
                return Err("priority.range");
            }
            if self == PriorityMethod::Hanlon && i >= 3 && *v != 0.0 && *v != 1.0 {
                return Err("priority.pearl");
            }
        }
        Ok(Scores(scores.to_vec()))
    }

    /// The total of one rater's scores.
    pub fn total(self, s: &Scores) -> f64 {
        let v = &s.0;
        match self {
            PriorityMethod::Usg => v.iter().sum(),
            PriorityMethod::Carl => v.iter().product(),
            PriorityMethod::Hanlon => {
                let get = |i: usize| v.get(i).copied().unwrap_or(0.0);
                let npd = (get(0) + get(1)) * get(2);
                npd * v.iter().skip(3).product::<f64>()
            }
        }
    }

    /// Mean of the raters' totals (each rater scores independently; the mean of totals, not
    /// the total of means, is what the worksheets in use compute).
    pub fn mean_total(self, raters: &[Scores]) -> Option<f64> {
        if raters.is_empty() {
            return None;
        }
        Some(raters.iter().map(|s| self.total(s)).sum::<f64>() / raters.len() as f64)
    }
}

/// Ranks by descending score (1 = highest priority); ties share a rank.
pub fn rank(scores: &[f64]) -> Vec<usize> {
    scores
        .iter()
        .map(|s| 1 + scores.iter().filter(|o| *o > s).count())
        .collect()
}

#[derive(Debug, Clone, PartialEq)]
pub struct ProblemInput {
    pub title: String,
    pub description: Option<String>,
    pub category: ProblemCategory,
    pub raised_by_org_id: Option<i64>,
    pub raised_by: Option<String>,
    /// Kemendagri code of the desa or region it concerns.
    pub region_code: Option<String>,
    pub indicator: Option<String>,
    /// How many are lacking, for shortages (e.g. 3 midwives).
    pub quantity: Option<i64>,
}

fn opt_text(s: &Option<String>, max: usize) -> Result<Option<String>, &'static str> {
    optional_text(s.as_deref().unwrap_or_default(), max)
}

impl ProblemInput {
    /// The problem rules: a title, texts within their lengths, a well-formed region code and
    /// a quantity of 1–100000. Returns the input normalised (text trimmed, empty text `None`,
    /// the region code in its canonical form).
    pub fn check(self) -> Result<ProblemInput, Invalid> {
        let mut inv = Invalid::new();
        let title = inv.check("title", required_text(&self.title, 300));
        let description = inv.check("description", opt_text(&self.description, 4000));
        let raised_by = inv.check("raised_by", opt_text(&self.raised_by, 200));
        let region_code = inv.check(
            "region_code",
            match self.region_code.as_deref().map(str::trim) {
                None | Some("") => Ok(None),
                Some(s) => crate::region::RegionCode::parse(s).map(|c| Some(c.to_string())),
            },
        );
        let indicator = inv.check("indicator", opt_text(&self.indicator, 200));
        if self.quantity.is_some_and(|n| !(1..=100_000).contains(&n)) {
            inv.add("quantity", "quantity.range");
        }
        match (title, description, raised_by, region_code, indicator) {
            (Some(title), Some(description), Some(raised_by), Some(region_code), Some(indicator)) if inv.is_empty() => {
                Ok(ProblemInput {
                    title,
                    description,
                    raised_by,
                    region_code,
                    indicator,
                    ..self
                })
            }
            _ => Err(inv),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usg_sums_carl_multiplies_hanlon_gates_on_pearl() {
        let usg = PriorityMethod::Usg
            .check(&[5.0, 4.0, 3.0])
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(PriorityMethod::Usg.total(&usg), 12.0);
        let carl = PriorityMethod::Carl
            .check(&[2.0, 3.0, 4.0, 5.0])
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(PriorityMethod::Carl.total(&carl), 120.0);
        let h = PriorityMethod::Hanlon
            .check(&[8.0, 15.0, 6.0, 1.0, 1.0, 1.0, 1.0, 1.0])
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(PriorityMethod::Hanlon.total(&h), 138.0);
        let h0 = PriorityMethod::Hanlon
            .check(&[8.0, 15.0, 6.0, 1.0, 0.0, 1.0, 1.0, 1.0])
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            PriorityMethod::Hanlon.total(&h0),
            0.0,
            "one PEARL no makes the problem not feasible"
        );
    }

    #[test]
    fn scores_out_of_range_are_refused() {
        assert_eq!(PriorityMethod::Usg.check(&[6.0, 1.0, 1.0]), Err("priority.range"));
        assert_eq!(PriorityMethod::Usg.check(&[1.0, 1.0]), Err("priority.count"));
        assert_eq!(
            PriorityMethod::Hanlon.check(&[1.0, 1.0, 1.0, 0.5, 1.0, 1.0, 1.0, 1.0]),
            Err("priority.pearl")
        );
        assert_eq!(PriorityMethod::Usg.check(&[f64::NAN, 1.0, 1.0]), Err("priority.range"));
    }

    fn input() -> ProblemInput {
        ProblemInput {
            title: " Kekurangan bidan ".into(),
            description: Some(" ".into()),
            category: ProblemCategory::Staff,
            raised_by_org_id: Some(4),
            raised_by: None,
            region_code: Some(" 15.03.03.2001 ".into()),
            indicator: None,
            quantity: Some(3),
        }
    }

    #[test]
    fn a_checked_problem_is_normalised() {
        let Ok(p) = input().check() else { panic!("valid") };
        assert_eq!(p.title, "Kekurangan bidan");
        assert_eq!(p.description, None);
        assert_eq!(p.region_code.as_deref(), Some("15.03.03.2001"));
    }

    #[test]
    fn every_problem_rule_names_its_field() {
        let bad = ProblemInput {
            title: "".into(),
            raised_by: Some("r".repeat(201)),
            region_code: Some("15.3".into()),
            quantity: Some(0),
            ..input()
        };
        let Err(e) = bad.check() else { panic!("invalid") };
        let got: Vec<_> = e.0.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(got, ["title", "raised_by", "region_code", "quantity"]);
        assert_eq!(e.code_for("quantity"), Some("quantity.range"));
        assert!(
            ProblemInput {
                quantity: Some(100_001),
                ..input()
            }
            .check()
            .is_err()
        );
    }

    #[test]
    fn raters_are_averaged_and_ties_share_a_rank() {
        let m = PriorityMethod::Usg;
        let a = m.check(&[5.0, 5.0, 5.0]).unwrap_or_else(|e| panic!("{e}"));
        let b = m.check(&[3.0, 3.0, 3.0]).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(m.mean_total(&[a, b]), Some(12.0));
        assert_eq!(rank(&[12.0, 15.0, 12.0, 3.0]), vec![2, 1, 2, 4]);
    }
}
