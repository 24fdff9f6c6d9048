//! The z-score engine: one child's measurement in, six z-scores and flags out.
//!
//! Owns: the rules of WHO's R package `anthro` 1.1.0 (`anthro_zscores`), as
//! listed in `data/who-growth/README.md` ("Rules in brief"):
//!
//! 1. Z-scores only for ages 0–1826 days (`days / 30.4375 < 60`).
//! 2. A standing height below 9 months (`days / 30.4375 < 9`, i.e. day ≤ 273)
//!    is implausible: the position is treated as unknown and `flag_c9mo` set.
//!    Then `clenhei` = height + 0.7 cm if standing before day 731, − 0.7 cm if
//!    lying from day 731, unchanged if the position is unknown.
//! 3. HAZ and head circumference use the plain LMS z; WAZ, WHZ, BAZ and MUAC
//!    the restricted one (see [`crate::lms`]).
//! 4. WHZ uses weight-for-length below day 731 (45–110 cm) and
//!    weight-for-height from day 731 (65–120 cm), with L, M and S interpolated
//!    between 0.1 cm rows; outside its table there is no value and no fallback
//!    to the other table.
//! 5. Oedema: no WAZ, WHZ or BAZ.
//! 6. BMI = weight / (clenhei/100)², with no length range check.
//! 7. Flags are judged on the z rounded to 2 decimals: HAZ |z| > 6; WAZ
//!    z < −6 or z > 5; WHZ, BAZ, head and MUAC |z| > 5.
//!
//! [`compute`] does no allocation and no search: every table row is found by
//! index. Measurements arrive as validated newtypes and every z is checked
//! finite before it is wrapped in [`Z`], so no NaN or infinity leaves.

use crate::tables::{AgeTable, LengthTable, age_row, length_row};
use crate::{AgeDays, HeadCircumferenceCm, LengthCm, Lms, MuacCm, Oedema, Position, Sex, WeightKg};

/// Last day (inclusive) at which a standing height is implausible: WHO tests
/// `days / 30.4375 < 9`, true up to day 273 (8.97 months).
pub const C9MO_LAST_DAY: u32 = 273;

/// First day measured on the height basis: 24 months.
pub const HEIGHT_BASIS_FIRST_DAY: u32 = 731;

/// First day of the arm circumference table (3 months).
pub const MUAC_FIRST_DAY: u32 = 91;

/// `x` rounded to the nearest integer, halves away from zero: the same as
/// `x.round() as i64`, but without a libm call on CPUs where `round` is not an
/// instruction (baseline x86-64), which matters when formatting millions of
/// values. Exact for |x| < 2⁵³ because `x − trunc(x)` is exact; saturates
/// beyond `i64`.
///
/// ```
/// use lintas_growth::zscore::round_half_away;
/// assert_eq!(round_half_away(-123.5), -124);
/// assert_eq!(round_half_away(0.49999999999999994), 0);
/// assert_eq!(round_half_away(2.5), 3);
/// ```
#[inline]
pub fn round_half_away(x: f64) -> i64 {
    let t = x as i64; // truncates toward zero, saturating; NaN → 0
    let frac = x - t as f64;
    if frac >= 0.5 {
        t.saturating_add(1)
    } else if frac <= -0.5 {
        t.saturating_sub(1)
    } else {
        t
    }
}

/// A finite z-score, unrounded.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
pub struct Z(f64);

impl Z {
    /// Wraps a finite value; `None` for NaN or an infinity.
    #[inline]
    pub fn new(z: f64) -> Option<Z> {
        z.is_finite().then_some(Z(z))
    }

    /// The unrounded z.
    #[inline]
    pub fn raw(self) -> f64 {
        self.0
    }

    /// The z in hundredths, rounded half away from zero: the 2-decimal value
    /// WHO reports, as an integer (−1.234 → −123). Flags and categories are
    /// judged on it, so they never depend on float comparisons like
    /// `6.0000000001 > 6`.
    #[inline]
    pub fn hundredths(self) -> i64 {
        round_half_away(self.0 * 100.0)
    }

    /// The z rounded to 2 decimals, as WHO reports it.
    #[inline]
    pub fn rounded(self) -> f64 {
        self.hundredths() as f64 / 100.0
    }
}

/// A z-score with its WHO implausibility flag.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Score {
    /// The z-score.
    pub z: Z,
    /// `true` when WHO considers the rounded z biologically implausible.
    /// Flagged scores get no category and are left out of prevalence.
    pub flagged: bool,
}

impl Score {
    /// The z if it is not flagged.
    pub fn plausible(self) -> Option<Z> {
        (!self.flagged).then_some(self.z)
    }
}

/// The anthropometric indicators.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Indicator {
    /// Length/height-for-age (HAZ, LAZ).
    Haz,
    /// Weight-for-age (WAZ).
    Waz,
    /// Weight-for-length/height (WHZ, WLZ).
    Whz,
    /// BMI-for-age (BAZ).
    Baz,
    /// Head circumference-for-age.
    Hcz,
    /// Mid-upper arm circumference-for-age.
    Muacz,
}

impl Indicator {
    /// All indicators, in output order.
    pub const ALL: [Indicator; 6] = [Self::Haz, Self::Waz, Self::Whz, Self::Baz, Self::Hcz, Self::Muacz];

    /// `true` for the indicators built on weight, which oedema invalidates.
    pub fn uses_weight(self) -> bool {
        matches!(self, Self::Waz | Self::Whz | Self::Baz)
    }

    /// Whether a rounded z (in hundredths) is flagged for this indicator.
    #[inline]
    pub fn is_flagged(self, hundredths: i64) -> bool {
        match self {
            Self::Haz => !(-600..=600).contains(&hundredths),
            Self::Waz => !(-600..=500).contains(&hundredths),
            Self::Whz | Self::Baz | Self::Hcz | Self::Muacz => !(-500..=500).contains(&hundredths),
        }
    }

    /// Short lower-case name used in column headers: `haz`, `waz`, ….
    pub fn name(self) -> &'static str {
        match self {
            Self::Haz => "haz",
            Self::Waz => "waz",
            Self::Whz => "whz",
            Self::Baz => "baz",
            Self::Hcz => "hcz",
            Self::Muacz => "muacz",
        }
    }
}

/// One child's measurement: the input of [`compute`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Measurement {
    /// Sex.
    pub sex: Sex,
    /// Age in completed days.
    pub age: AgeDays,
    /// Weight, if measured.
    pub weight: Option<WeightKg>,
    /// Length or height as measured (before the 0.7 cm rule), if measured.
    pub length: Option<LengthCm>,
    /// How the length/height was measured.
    pub position: Position,
    /// Bilateral pitting oedema.
    pub oedema: Oedema,
    /// Head circumference, if measured.
    pub head: Option<HeadCircumferenceCm>,
    /// Mid-upper arm circumference, if measured.
    pub muac: Option<MuacCm>,
}

impl Measurement {
    /// A measurement with nothing measured yet: fill the fields you have.
    ///
    /// ```
    /// use lintas_growth::*;
    /// let m = Measurement {
    ///     weight: Some(WeightKg::new(11.5)?),
    ///     length: Some(LengthCm::new(85.0)?),
    ///     position: Position::Recumbent,
    ///     ..Measurement::new(Sex::Male, AgeDays::new(729)?)
    /// };
    /// let z = compute(&m);
    /// assert_eq!(z.haz.unwrap().z.rounded(), -0.91);
    /// assert_eq!(z.whz.unwrap().z.rounded(), 0.0);
    /// # Ok::<(), InputError>(())
    /// ```
    pub fn new(sex: Sex, age: AgeDays) -> Self {
        Self {
            sex,
            age,
            weight: None,
            length: None,
            position: Position::Unknown,
            oedema: Oedema::No,
            head: None,
            muac: None,
        }
    }
}

/// Everything [`compute`] derives for one child.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Zscores {
    /// The age the scores are for.
    pub age: AgeDays,
    /// Length/height after the 0.7 cm rule (WHO's `clenhei`); `None` when no
    /// length was measured. Given for every age, even without z-scores.
    pub clenhei: Option<f64>,
    /// A standing height recorded below 9 months, so no 0.7 cm adjustment
    /// was made (WHO's `c9mo_flag`).
    pub flag_c9mo: bool,
    /// Oedema as recorded; prevalence counts it as severe for weight
    /// indicators.
    pub oedema: Oedema,
    /// Length/height-for-age.
    pub haz: Option<Score>,
    /// Weight-for-age.
    pub waz: Option<Score>,
    /// Weight-for-length (below 731 days) or weight-for-height (from 731).
    pub whz: Option<Score>,
    /// BMI-for-age.
    pub baz: Option<Score>,
    /// Head circumference-for-age.
    pub hcz: Option<Score>,
    /// Arm circumference-for-age (from 91 days).
    pub muacz: Option<Score>,
}

impl Zscores {
    /// The score for one indicator.
    pub fn get(&self, indicator: Indicator) -> Option<Score> {
        match indicator {
            Indicator::Haz => self.haz,
            Indicator::Waz => self.waz,
            Indicator::Whz => self.whz,
            Indicator::Baz => self.baz,
            Indicator::Hcz => self.hcz,
            Indicator::Muacz => self.muacz,
        }
    }
}

#[inline]
fn score(indicator: Indicator, z: f64) -> Option<Score> {
    let z = Z::new(z)?;
    Some(Score {
        z,
        flagged: indicator.is_flagged(z.hundredths()),
    })
}

/// Computes every z-score the measurement allows, with WHO's flags.
///
/// Allocation-free and branch-light: about 4 `powf` calls per child for
/// HAZ, WAZ, WHZ and BAZ.
#[inline]
pub fn compute(m: &Measurement) -> Zscores {
    let days = m.age.days();
    let flag_c9mo = m.position == Position::Standing && days <= C9MO_LAST_DAY;
    let position = if flag_c9mo { Position::Unknown } else { m.position };
    let height_basis = days >= HEIGHT_BASIS_FIRST_DAY;
    let clenhei = m.length.map(|h| {
        let h = h.get();
        match position {
            Position::Standing if !height_basis => h + 0.7,
            Position::Recumbent if height_basis => h - 0.7,
            _ => h,
        }
    });
    let mut out = Zscores {
        age: m.age,
        clenhei,
        flag_c9mo,
        oedema: m.oedema,
        haz: None,
        waz: None,
        whz: None,
        baz: None,
        hcz: None,
        muacz: None,
    };
    if !m.age.has_zscores() {
        return out;
    }
    let sex = m.sex;
    // Weight-based scores need a weight and no oedema.
    let weight = match m.oedema {
        Oedema::No => m.weight.map(WeightKg::get),
        Oedema::Yes => None,
    };

    if let Some(c) = clenhei {
        // WHO sets a measure ≤ 0 to NA; possible only for tiny heights − 0.7.
        if c > 0.0 {
            out.haz = age_row(AgeTable::Lhfa, sex, days).and_then(|r| score(Indicator::Haz, r.z(c)));
        }
        if let Some(w) = weight {
            out.whz = whz(sex, height_basis, c, w);
            let metres = c / 100.0;
            let bmi = w / (metres * metres);
            if bmi > 0.0 {
                out.baz = age_row(AgeTable::Bfa, sex, days).and_then(|r| score(Indicator::Baz, r.z_restricted(bmi)));
            }
        }
    }
    if let Some(w) = weight {
        out.waz = age_row(AgeTable::Wfa, sex, days).and_then(|r| score(Indicator::Waz, r.z_restricted(w)));
    }
    if let Some(hc) = m.head {
        out.hcz = age_row(AgeTable::Hcfa, sex, days).and_then(|r| score(Indicator::Hcz, r.z(hc.get())));
    }
    if let Some(ac) = m.muac {
        // The table starts at day 91, so younger children get no row.
        out.muacz = age_row(AgeTable::Acfa, sex, days).and_then(|r| score(Indicator::Muacz, r.z_restricted(ac.get())));
    }
    out
}

/// Weight-for-length/height at `clenhei` cm, interpolated exactly as
/// WHO's `anthro_zscore_weight_for_lenhei`:
/// `low = trunc(c·10)/10`, `upp = trunc(c·10 + 1)/10`, `diff = (c − low)/0.1`,
/// and each of L, M, S is `X_low + diff·(X_upp − X_low)` when `diff > 0`.
#[inline]
fn whz(sex: Sex, height_basis: bool, clenhei: f64, weight: f64) -> Option<Score> {
    let (table, lo, hi) = if height_basis {
        (LengthTable::Wfh, 65.0, 120.0)
    } else {
        (LengthTable::Wfl, 45.0, 110.0)
    };
    if !(lo..=hi).contains(&clenhei) {
        return None;
    }
    // `as i64` truncates toward zero like R's `trunc` (clenhei is positive
    // here), without the libm call `f64::trunc` costs on baseline x86-64.
    let tenths = (clenhei * 10.0) as i64;
    let low = tenths as f64 / 10.0;
    let diff = (clenhei - low) / 0.1;
    let low_row = length_row(table, sex, tenths)?;
    let lms = if diff > 0.0 {
        // WHO computes the upper key separately; keep its arithmetic.
        let up_row = length_row(table, sex, (clenhei * 10.0 + 1.0) as i64)?;
        Lms::interpolate(low_row, up_row, diff)
    } else {
        *low_row
    };
    score(Indicator::Whz, lms.z_restricted(weight))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn day_thresholds_match_whos_month_tests() {
        for d in 0..3000u32 {
            let months = f64::from(d) / 30.4375;
            assert_eq!(months < 9.0, d <= C9MO_LAST_DAY, "{d}");
            assert_eq!(months < 60.0, d <= AgeDays::LAST_WITH_ZSCORES, "{d}");
        }
    }

    #[test]
    fn round_half_away_matches_std_round() {
        let mut x = -1000.0f64;
        while x < 1000.0 {
            for v in [x, x + 0.5, x - 0.5, x + 0.499_999_999_999, x + 0.500_000_000_001] {
                assert_eq!(round_half_away(v), v.round() as i64, "{v}");
            }
            x += 0.37;
        }
        for v in [0.0, -0.0, 0.5, -0.5, 1e300, -1e300, 4_503_599_627_370_497.0] {
            assert_eq!(round_half_away(v), v.round() as i64, "{v}");
        }
        assert_eq!(round_half_away(f64::NAN), 0);
    }

    #[test]
    fn hundredths_round_half_away_from_zero() {
        assert_eq!(Z::new(-1.234).unwrap().hundredths(), -123);
        assert_eq!(Z::new(6.004).unwrap().hundredths(), 600);
        assert_eq!(Z::new(-0.004).unwrap().hundredths(), 0);
        assert_eq!(Z::new(2.5).unwrap().rounded(), 2.5);
        assert!(Z::new(f64::NAN).is_none());
    }

    #[test]
    fn flags_on_rounded_z() {
        assert!(!Indicator::Haz.is_flagged(600));
        assert!(Indicator::Haz.is_flagged(601));
        assert!(!Indicator::Waz.is_flagged(-600));
        assert!(Indicator::Waz.is_flagged(501));
        assert!(!Indicator::Whz.is_flagged(-500));
        assert!(Indicator::Whz.is_flagged(-501));
    }

    fn child(sex: Sex, days: i64, w: f64, h: f64, pos: Position) -> Measurement {
        Measurement {
            weight: Some(WeightKg::new(w).unwrap()),
            length: Some(LengthCm::new(h).unwrap()),
            position: pos,
            ..Measurement::new(sex, AgeDays::new(days).unwrap())
        }
    }

    #[test]
    fn oedema_removes_weight_scores_only() {
        let mut m = child(Sex::Female, 400, 7.2, 70.1, Position::Recumbent);
        m.oedema = Oedema::Yes;
        let z = compute(&m);
        assert_eq!(z.haz.unwrap().z.rounded(), -2.0);
        assert!(z.waz.is_none() && z.whz.is_none() && z.baz.is_none());
    }

    #[test]
    fn standing_under_nine_months_is_not_adjusted() {
        let z = compute(&child(Sex::Female, 273, 7.0, 65.0, Position::Standing));
        assert!(z.flag_c9mo);
        assert_eq!(z.clenhei, Some(65.0));
        let z = compute(&child(Sex::Female, 274, 7.0, 65.0, Position::Standing));
        assert!(!z.flag_c9mo);
        assert_eq!(z.clenhei, Some(65.0 + 0.7));
    }

    #[test]
    fn no_scores_after_1826_days_but_clenhei_stays() {
        let z = compute(&child(Sex::Male, 1827, 18.3, 110.0, Position::Standing));
        assert_eq!(z.clenhei, Some(110.0));
        assert!(z.haz.is_none() && z.waz.is_none() && z.whz.is_none() && z.baz.is_none());
    }

    #[test]
    fn whz_has_no_fallback_between_tables() {
        // 44.9 cm lying at 20 days: below the weight-for-length table.
        let z = compute(&child(Sex::Male, 20, 2.1, 44.9, Position::Recumbent));
        assert!(z.whz.is_none());
        assert!(z.baz.is_some());
        // 64.9 cm standing at 900 days: below weight-for-height, although
        // weight-for-length covers it.
        let z = compute(&child(Sex::Male, 900, 6.8, 64.9, Position::Standing));
        assert!(z.whz.is_none());
    }

    #[test]
    fn head_and_muac() {
        let mut m = Measurement::new(Sex::Male, AgeDays::new(90).unwrap());
        m.head = Some(HeadCircumferenceCm::new(40.5).unwrap());
        m.muac = Some(MuacCm::new(13.5).unwrap());
        let z = compute(&m);
        assert!(z.hcz.is_some());
        assert!(z.muacz.is_none(), "arm circumference starts at day 91");
        m.age = AgeDays::new(91).unwrap();
        let z = compute(&m);
        let muac = z.muacz.unwrap();
        assert!(muac.z.raw().abs() < 0.1 && !muac.flagged);
    }
}
