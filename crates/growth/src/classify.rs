//! Nutritional status categories of Permenkes RI No. 2 Tahun 2020
//! (Standar Antropometri Anak), with English names.
//!
//! Owns: the cut-offs and their boundaries. Categories are judged on the z
//! rounded to 2 decimals (the value printed on the KMS card and in reports),
//! held as integer hundredths so a boundary is never a float comparison.
//!
//! Boundary rule, read from the regulation's wording "−3 SD sd < −2 SD" and
//! "> +1 SD sd +2 SD": a category's **lower** cut-off below the median is
//! inclusive (z = −2.00 is normal, z = −3.00 is stunted, not severely), and
//! above the median the **upper** category starts strictly above the cut-off
//! (z = +1.00 is normal, +1.01 at risk of overweight; +3.00 is still normal
//! height). This is the same convention as WHO's prevalence (`z < −2`,
//! `z > +2`), so a child counted as stunted is exactly a child classified
//! *pendek* or *sangat pendek*.
//!
//! A flagged z-score gets no category: WHO treats it as a probable
//! measurement error, not a diagnosis.

use crate::{Score, Z};

/// The rounded z of a score that is present and not flagged.
fn plausible_hundredths(score: Option<Score>) -> Option<i64> {
    score.and_then(Score::plausible).map(Z::hundredths)
}

/// Length/height-for-age (PB/U, TB/U).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HazCategory {
    /// *Sangat pendek*: z < −3.
    SeverelyStunted,
    /// *Pendek*: −3 ≤ z < −2.
    Stunted,
    /// *Normal*: −2 ≤ z ≤ +3.
    Normal,
    /// *Tinggi*: z > +3.
    Tall,
}

impl HazCategory {
    /// The category of a rounded z.
    pub fn of_z(z: Z) -> Self {
        Self::from_hundredths(z.hundredths())
    }

    fn from_hundredths(hundredths: i64) -> Self {
        match hundredths {
            h if h < -300 => Self::SeverelyStunted,
            h if h < -200 => Self::Stunted,
            h if h <= 300 => Self::Normal,
            _ => Self::Tall,
        }
    }

    /// The category of a score, or `None` when absent or flagged.
    ///
    /// ```
    /// use lintas_growth::{HazCategory, Score, Z};
    /// let s = Score { z: Z::new(-2.004).unwrap(), flagged: false };
    /// assert_eq!(HazCategory::of(Some(s)), Some(HazCategory::Normal));
    /// ```
    pub fn of(score: Option<Score>) -> Option<Self> {
        plausible_hundredths(score).map(Self::from_hundredths)
    }

    /// Name in Permenkes 2/2020.
    pub fn indonesian(self) -> &'static str {
        match self {
            Self::SeverelyStunted => "sangat pendek",
            Self::Stunted => "pendek",
            Self::Normal => "normal",
            Self::Tall => "tinggi",
        }
    }

    /// English name.
    pub fn english(self) -> &'static str {
        match self {
            Self::SeverelyStunted => "severely stunted",
            Self::Stunted => "stunted",
            Self::Normal => "normal",
            Self::Tall => "tall",
        }
    }
}

/// Weight-for-age (BB/U).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum WazCategory {
    /// *Berat badan sangat kurang*: z < −3.
    SeverelyUnderweight,
    /// *Berat badan kurang*: −3 ≤ z < −2.
    Underweight,
    /// *Berat badan normal*: −2 ≤ z ≤ +1.
    Normal,
    /// *Risiko berat badan lebih*: z > +1.
    RiskOfOverweight,
}

impl WazCategory {
    /// The category of a rounded z.
    pub fn of_z(z: Z) -> Self {
        Self::from_hundredths(z.hundredths())
    }

    fn from_hundredths(hundredths: i64) -> Self {
        match hundredths {
            h if h < -300 => Self::SeverelyUnderweight,
            h if h < -200 => Self::Underweight,
            h if h <= 100 => Self::Normal,
            _ => Self::RiskOfOverweight,
        }
    }

    /// The category of a score, or `None` when absent or flagged.
    pub fn of(score: Option<Score>) -> Option<Self> {
        plausible_hundredths(score).map(Self::from_hundredths)
    }

    /// Name in Permenkes 2/2020.
    pub fn indonesian(self) -> &'static str {
        match self {
            Self::SeverelyUnderweight => "berat badan sangat kurang",
            Self::Underweight => "berat badan kurang",
            Self::Normal => "berat badan normal",
            Self::RiskOfOverweight => "risiko berat badan lebih",
        }
    }

    /// English name.
    pub fn english(self) -> &'static str {
        match self {
            Self::SeverelyUnderweight => "severely underweight",
            Self::Underweight => "underweight",
            Self::Normal => "normal",
            Self::RiskOfOverweight => "risk of overweight",
        }
    }
}

/// Weight-for-length/height (BB/PB, BB/TB); Permenkes uses the same
/// categories for BMI-for-age (IMT/U) of children 0–60 months.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum WhzCategory {
    /// *Gizi buruk*: z < −3.
    SeverelyWasted,
    /// *Gizi kurang*: −3 ≤ z < −2.
    Wasted,
    /// *Normal* (Permenkes: "gizi baik (normal)"): −2 ≤ z ≤ +1.
    Normal,
    /// *Berisiko gizi lebih*: +1 < z ≤ +2.
    RiskOfOverweight,
    /// *Gizi lebih*: +2 < z ≤ +3.
    Overweight,
    /// *Obesitas*: z > +3.
    Obese,
}

impl WhzCategory {
    /// The category of a rounded z.
    pub fn of_z(z: Z) -> Self {
        Self::from_hundredths(z.hundredths())
    }

    fn from_hundredths(hundredths: i64) -> Self {
        match hundredths {
            h if h < -300 => Self::SeverelyWasted,
            h if h < -200 => Self::Wasted,
            h if h <= 100 => Self::Normal,
            h if h <= 200 => Self::RiskOfOverweight,
            h if h <= 300 => Self::Overweight,
            _ => Self::Obese,
        }
    }

    /// The category of a score, or `None` when absent or flagged.
    pub fn of(score: Option<Score>) -> Option<Self> {
        plausible_hundredths(score).map(Self::from_hundredths)
    }

    /// Name in Permenkes 2/2020.
    pub fn indonesian(self) -> &'static str {
        match self {
            Self::SeverelyWasted => "gizi buruk",
            Self::Wasted => "gizi kurang",
            Self::Normal => "normal",
            Self::RiskOfOverweight => "berisiko gizi lebih",
            Self::Overweight => "gizi lebih",
            Self::Obese => "obesitas",
        }
    }

    /// English name.
    pub fn english(self) -> &'static str {
        match self {
            Self::SeverelyWasted => "severely wasted",
            Self::Wasted => "wasted",
            Self::Normal => "normal",
            Self::RiskOfOverweight => "possible risk of overweight",
            Self::Overweight => "overweight",
            Self::Obese => "obese",
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn z(v: f64) -> Z {
        Z::new(v).unwrap()
    }

    #[test]
    fn haz_boundaries() {
        let cases = [
            (-3.01, HazCategory::SeverelyStunted),
            (-3.0, HazCategory::Stunted),
            (-3.004, HazCategory::Stunted),   // rounds to −3.00
            (-2.005_1, HazCategory::Stunted), // rounds to −2.01
            (-2.0, HazCategory::Normal),
            (3.0, HazCategory::Normal),
            (3.01, HazCategory::Tall),
        ];
        for (v, want) in cases {
            assert_eq!(HazCategory::of_z(z(v)), want, "{v}");
        }
    }

    #[test]
    fn whz_boundaries() {
        let cases = [
            (-3.01, WhzCategory::SeverelyWasted),
            (-3.0, WhzCategory::Wasted),
            (-2.0, WhzCategory::Normal),
            (1.0, WhzCategory::Normal),
            (1.01, WhzCategory::RiskOfOverweight),
            (2.0, WhzCategory::RiskOfOverweight),
            (2.01, WhzCategory::Overweight),
            (3.0, WhzCategory::Overweight),
            (3.01, WhzCategory::Obese),
        ];
        for (v, want) in cases {
            assert_eq!(WhzCategory::of_z(z(v)), want, "{v}");
        }
    }

    #[test]
    fn waz_boundaries() {
        assert_eq!(WazCategory::of_z(z(-3.01)), WazCategory::SeverelyUnderweight);
        assert_eq!(WazCategory::of_z(z(-2.01)), WazCategory::Underweight);
        assert_eq!(WazCategory::of_z(z(1.0)), WazCategory::Normal);
        assert_eq!(WazCategory::of_z(z(1.01)), WazCategory::RiskOfOverweight);
    }

    #[test]
    fn flagged_has_no_category() {
        let s = Score {
            z: z(-6.5),
            flagged: true,
        };
        assert_eq!(HazCategory::of(Some(s)), None);
        assert_eq!(HazCategory::of(None), None);
    }
}
