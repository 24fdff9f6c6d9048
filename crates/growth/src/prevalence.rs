//! Prevalence of a group (stunting, wasting, …) with a 95% confidence interval.
//!
//! Owns: who counts in the numerator and the denominator, and the interval.
//!
//! **Counting, as WHO's `anthro_prevalence` does:**
//! * a child counts only with a z-score for the indicator that is **not
//!   flagged** (flagged values are treated as measurement errors, missing);
//! * cut-offs apply to the z rounded to 2 decimals and are strict: stunting is
//!   `HAZ < −2`, overweight `WHZ > +2` (so −2.00 is not stunted);
//! * a child with **oedema** (aged 0–1826 days) counts for weight-for-age,
//!   weight-for-length/height and BMI-for-age as if z were −3.1: always in the
//!   denominator, and in the numerator of every "below" group (oedema is
//!   severe acute malnutrition whatever the scale says).
//!
//! **Interval: Wilson score, 95%.** Lintas reports prevalence per *desa* and
//! per posyandu, where a denominator of 30 and a count of 0–3 are ordinary.
//! The textbook Wald interval `p ± 1.96·√(p(1−p)/n)` breaks exactly there: it
//! collapses to [0, 0] when no child is stunted and goes below 0% for small
//! counts. Wilson's interval never leaves [0, 100], is never zero-width, keeps
//! close to its nominal 95% coverage for small `n` and `p` near 0, and needs
//! only a square root (Clopper–Pearson would need beta quantiles and is
//! conservative). WHO's own software uses a survey-design (clustered) logit
//! interval, which needs the sampling design; for a census of a posyandu's
//! children there is no design, and Wilson is the standard choice.

use crate::{Indicator, Oedema, Zscores};

/// z for a two-sided 95% interval: the 0.975 quantile of N(0, 1).
const Z95: f64 = 1.959_963_984_540_054;

/// The z WHO substitutes for children with oedema in weight-based prevalence.
const OEDEMA_HUNDREDTHS: i64 = -310;

/// A prevalence group: one indicator, below or above an SD cut-off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Group {
    /// The indicator the cut-off applies to.
    pub indicator: Indicator,
    /// Cut-off in whole SD, e.g. −2.
    pub sd: i8,
    /// `true` for `z > sd`, `false` for `z < sd`.
    pub above: bool,
}

impl Group {
    /// Stunting: HAZ < −2 (*pendek* and *sangat pendek*).
    pub const STUNTING: Group = Group::below(Indicator::Haz, -2);
    /// Severe stunting: HAZ < −3.
    pub const SEVERE_STUNTING: Group = Group::below(Indicator::Haz, -3);
    /// Wasting: WHZ < −2 (*gizi kurang* and *gizi buruk*).
    pub const WASTING: Group = Group::below(Indicator::Whz, -2);
    /// Severe wasting: WHZ < −3 (*gizi buruk*).
    pub const SEVERE_WASTING: Group = Group::below(Indicator::Whz, -3);
    /// Underweight: WAZ < −2.
    pub const UNDERWEIGHT: Group = Group::below(Indicator::Waz, -2);
    /// Severe underweight: WAZ < −3.
    pub const SEVERE_UNDERWEIGHT: Group = Group::below(Indicator::Waz, -3);
    /// Overweight: WHZ > +2 (*gizi lebih* and *obesitas*).
    pub const OVERWEIGHT: Group = Group::above(Indicator::Whz, 2);
    /// Obesity: WHZ > +3.
    pub const OBESITY: Group = Group::above(Indicator::Whz, 3);

    /// `indicator < sd`.
    pub const fn below(indicator: Indicator, sd: i8) -> Self {
        Self {
            indicator,
            sd,
            above: false,
        }
    }

    /// `indicator > sd`.
    pub const fn above(indicator: Indicator, sd: i8) -> Self {
        Self {
            indicator,
            sd,
            above: true,
        }
    }

    /// Whether a rounded z (in hundredths) is in the group.
    fn contains(self, hundredths: i64) -> bool {
        let cut = i64::from(self.sd) * 100;
        if self.above { hundredths > cut } else { hundredths < cut }
    }

    /// How one child counts: `None` if left out, `Some(in_group)` otherwise.
    pub fn classify(self, child: &Zscores) -> Option<bool> {
        if self.indicator.uses_weight() && child.oedema == Oedema::Yes && child.age.has_zscores() {
            return Some(self.contains(OEDEMA_HUNDREDTHS));
        }
        let z = child.get(self.indicator)?.plausible()?;
        Some(self.contains(z.hundredths()))
    }
}

/// A count out of a denominator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Prevalence {
    /// Children in the group.
    pub count: u64,
    /// Children counted (with an unflagged z-score, or oedema for weight
    /// indicators).
    pub denominator: u64,
}

/// A confidence interval in percent.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Interval {
    /// Lower bound, 0–100.
    pub lower: f64,
    /// Upper bound, 0–100.
    pub upper: f64,
}

impl Prevalence {
    /// Counts `group` among `children`.
    ///
    /// ```
    /// use lintas_growth::*;
    /// let kids: Vec<Zscores> = [(78.0, 700), (85.0, 700), (60.0, 700)]
    ///     .iter()
    ///     .map(|&(cm, days)| {
    ///         compute(&Measurement {
    ///             length: Some(LengthCm::new(cm).unwrap()),
    ///             position: Position::Recumbent,
    ///             ..Measurement::new(Sex::Female, AgeDays::new(days).unwrap())
    ///         })
    ///     })
    ///     .collect();
    /// let p = Prevalence::of(Group::STUNTING, &kids);
    /// assert_eq!((p.count, p.denominator), (1, 2)); // 60 cm is flagged: HAZ < −6
    /// ```
    pub fn of<'a>(group: Group, children: impl IntoIterator<Item = &'a Zscores>) -> Self {
        let mut p = Self::default();
        for child in children {
            p.add(group, child);
        }
        p
    }

    /// Adds one child (for streaming tallies).
    pub fn add(&mut self, group: Group, child: &Zscores) {
        if let Some(in_group) = group.classify(child) {
            self.denominator += 1;
            self.count += u64::from(in_group);
        }
    }

    /// `count / denominator` in percent; `None` for an empty denominator.
    pub fn percent(&self) -> Option<f64> {
        (self.denominator > 0).then(|| 100.0 * self.count as f64 / self.denominator as f64)
    }

    /// Wilson score 95% interval in percent; `None` for an empty denominator.
    ///
    /// ```
    /// use lintas_growth::Prevalence;
    /// let ci = Prevalence { count: 0, denominator: 30 }.ci95().unwrap();
    /// assert_eq!(ci.lower, 0.0);
    /// assert!((ci.upper - 11.35).abs() < 0.01);
    /// ```
    pub fn ci95(&self) -> Option<Interval> {
        wilson(self.count, self.denominator, Z95)
    }
}

/// Wilson score interval for `count` successes out of `n`, at normal
/// quantile `z`, in percent. `None` when `n == 0` or `count > n`.
pub fn wilson(count: u64, n: u64, z: f64) -> Option<Interval> {
    if n == 0 || count > n {
        return None;
    }
    let n = n as f64;
    let p = count as f64 / n;
    let z2 = z * z;
    let denom = 1.0 + z2 / n;
    let centre = (p + z2 / (2.0 * n)) / denom;
    let half = z * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt() / denom;
    // Clamp away rounding noise (e.g. −1e−17 at count 0).
    Some(Interval {
        lower: (100.0 * (centre - half)).clamp(0.0, 100.0),
        upper: (100.0 * (centre + half)).clamp(0.0, 100.0),
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::{AgeDays, Score, Z};

    fn child(haz: Option<f64>, flagged: bool, whz: Option<f64>, oedema: Oedema) -> Zscores {
        let s = |v: Option<f64>| {
            v.map(|v| Score {
                z: Z::new(v).unwrap(),
                flagged,
            })
        };
        Zscores {
            age: AgeDays::new(400).unwrap(),
            clenhei: None,
            flag_c9mo: false,
            oedema,
            haz: s(haz),
            waz: None,
            whz: s(whz),
            baz: None,
            hcz: None,
            muacz: None,
        }
    }

    #[test]
    fn counts_strictly_and_skips_flagged_and_missing() {
        let kids = [
            child(Some(-2.0), false, None, Oedema::No),   // not stunted
            child(Some(-2.01), false, None, Oedema::No),  // stunted
            child(Some(-2.004), false, None, Oedema::No), // rounds to −2.00
            child(Some(-6.5), true, None, Oedema::No),    // flagged: out
            child(None, false, None, Oedema::No),         // missing: out
        ];
        let p = Prevalence::of(Group::STUNTING, &kids);
        assert_eq!((p.count, p.denominator), (1, 3));
    }

    #[test]
    fn oedema_counts_as_severe_for_weight_indicators() {
        let kids = [
            child(Some(-1.0), false, None, Oedema::Yes),
            child(Some(-1.0), false, Some(0.5), Oedema::No),
        ];
        let p = Prevalence::of(Group::SEVERE_WASTING, &kids);
        assert_eq!((p.count, p.denominator), (1, 2));
        let p = Prevalence::of(Group::OVERWEIGHT, &kids);
        assert_eq!((p.count, p.denominator), (0, 2));
        // Height is not weight: oedema changes nothing for stunting.
        let p = Prevalence::of(Group::STUNTING, &kids);
        assert_eq!((p.count, p.denominator), (0, 2));
    }

    #[test]
    fn wilson_known_values() {
        // Newcombe (1998), Stat Med 17:857, table I: 81/263 → 0.2553–0.3662.
        let ci = wilson(81, 263, Z95).unwrap();
        assert!((ci.lower - 25.53).abs() < 0.005, "{ci:?}");
        assert!((ci.upper - 36.62).abs() < 0.005, "{ci:?}");
        // Newcombe: 15/148 → 0.0624–0.1605; 0/20 → 0.0000–0.1611.
        let ci = wilson(15, 148, Z95).unwrap();
        assert!((ci.lower - 6.24).abs() < 0.005 && (ci.upper - 16.05).abs() < 0.005);
        let ci = wilson(0, 20, Z95).unwrap();
        assert!(ci.lower == 0.0 && (ci.upper - 16.11).abs() < 0.005);
        let all = wilson(12, 12, Z95).unwrap();
        assert_eq!(all.upper, 100.0);
        assert!(all.lower > 70.0 && all.lower < 80.0);
        assert!(wilson(0, 0, Z95).is_none());
        assert!(wilson(3, 2, Z95).is_none());
        assert_eq!(Prevalence::default().percent(), None);
        let p = Prevalence {
            count: 3,
            denominator: 40,
        };
        assert_eq!(p.percent(), Some(7.5));
        let ci = p.ci95().unwrap();
        assert!(ci.lower > 0.0 && ci.lower < 7.5 && ci.upper > 7.5);
    }
}
