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

#[derive(Debug, Clone, Default, Deserialize)]
pub struct ProblemForm {
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub category: String,
    #[serde(default)]
    pub raised_by_org_id: String,
    #[serde(default)]
    pub raised_by: String,
    #[serde(default)]
    pub region_code: String,
    #[serde(default)]
    pub indicator: String,
    #[serde(default)]
    pub quantity: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ProblemInput {
    pub title: String,
    pub description: Option<String>,
    pub category: ProblemCategory,
    pub raised_by_org_id: Option<i64>,
    pub raised_by: Option<String>,
    pub region_code: Option<String>,
    pub indicator: Option<String>,
    /// How many are lacking, for shortages (e.g. 3 midwives).
    pub quantity: Option<i64>,
}

impl ProblemForm {
    pub fn validate(&self) -> Result<ProblemInput, Invalid> {
        let mut inv = Invalid::new();
        let title = inv.check("title", required_text(&self.title, 300));
        let description = inv.check("description", optional_text(&self.description, 4000));
        let category = inv.check(
            "category",
            if self.category.trim().is_empty() {
                Ok(ProblemCategory::Other)
            } else {
                ProblemCategory::parse(&self.category)
            },
        );
        let raised_by_org_id = inv.check(
            "raised_by_org_id",
            match self.raised_by_org_id.trim() {
                "" => Ok(None),
                s => s.parse().map(Some).map_err(|_| "number.format"),
            },
        );
        let raised_by = inv.check("raised_by", optional_text(&self.raised_by, 200));
        let region_code = inv.check(
            "region_code",
            match self.region_code.trim() {
                "" => Ok(None),
                s => crate::region::RegionCode::parse(s).map(|c| Some(c.to_string())),
            },
        );
        let indicator = inv.check("indicator", optional_text(&self.indicator, 200));
        let quantity = inv.check(
            "quantity",
            match self.quantity.trim() {
                "" => Ok(None),
                s => match s.parse::<i64>() {
                    Ok(n) if (1..=100_000).contains(&n) => Ok(Some(n)),
                    _ => Err("quantity.range"),
                },
            },
        );
        match (
            title,
            description,
            category,
            raised_by_org_id,
            raised_by,
            region_code,
            indicator,
            quantity,
        ) {
            (
                Some(title),
                Some(description),
                Some(category),
                Some(raised_by_org_id),
                Some(raised_by),
                Some(region_code),
                Some(indicator),
                Some(quantity),
            ) if inv.is_empty() => Ok(ProblemInput {
                title,
                description,
                category,
                raised_by_org_id,
                raised_by,
                region_code,
                indicator,
                quantity,
            }),
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

    #[test]
    fn raters_are_averaged_and_ties_share_a_rank() {
        let m = PriorityMethod::Usg;
        let a = m.check(&[5.0, 5.0, 5.0]).unwrap_or_else(|e| panic!("{e}"));
        let b = m.check(&[3.0, 3.0, 3.0]).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(m.mean_total(&[a, b]), Some(12.0));
        assert_eq!(rank(&[12.0, 15.0, 12.0, 3.0]), vec![2, 1, 2, 4]);
    }
}
