//! Typed inputs: sex, age, position, oedema and the measurement newtypes.
//!
//! Owns: what a valid input is. Every constructor and `parse` rejects values
//! that cannot describe a real child (NaN, infinities, negative or zero
//! weight, a height of 800 cm, a measurement before birth) with an
//! [`InputError`] that says why, so the z-score code never sees them and can
//! promise that no NaN leaks out.
//!
//! The bounds are deliberately wide: a weight typed ten times too large (a
//! common data-entry error) still parses, and gets a *flagged* z-score, which
//! is how WHO's software reports it. Only values no child could have are
//! errors.
//!
//! Parsing vocabulary is bilingual because the files come from Indonesian
//! posyandu registers. Beware one trap: in the **sex** column `L` means
//! *laki-laki* (male) and `P` *perempuan* (female), while in the **position**
//! column `L` means recumbent length. The two parsers are separate for that
//! reason.

use std::fmt;

/// Why an input value was rejected.
#[derive(Debug, Clone, PartialEq)]
pub enum InputError {
    /// A required value was empty.
    Empty,
    /// The text is not a decimal number.
    NotANumber(String),
    /// NaN or an infinity.
    NotFinite,
    /// A number outside the range a child's measurement can take.
    OutOfRange {
        /// What was measured, e.g. "weight".
        quantity: &'static str,
        /// The rejected value.
        value: f64,
        /// Smallest accepted value (inclusive unless `min_exclusive`).
        min: f64,
        /// `true` when `min` itself is rejected (weights must be > 0).
        min_exclusive: bool,
        /// Largest accepted value, inclusive.
        max: f64,
        /// Unit for the message, e.g. "kg".
        unit: &'static str,
    },
    /// Not one of the sex codes (M/F, L/P, 1/2, male/female, laki-laki/perempuan).
    UnknownSex(String),
    /// Not one of the position codes (L/H, telentang/berdiri, …).
    UnknownPosition(String),
    /// Not one of the oedema codes (y/n, ya/tidak, 1/0, true/false).
    UnknownOedema(String),
    /// A date that does not exist (31 April, 29 February 2023, month 13).
    InvalidDate {
        /// Year as given.
        year: i32,
        /// Month as given.
        month: u32,
        /// Day as given.
        day: u32,
    },
    /// Text that is not laid out as a date.
    DateFormat(String),
    /// The measurement date is before the birth date.
    MeasuredBeforeBirth {
        /// How many days before birth.
        days_before: i64,
    },
    /// An age beyond any child's (probably a mistyped birth year).
    AgeTooLarge {
        /// The age in days.
        days: i64,
    },
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Empty => f.write_str("missing value"),
            Self::NotANumber(t) => write!(f, "'{t}' is not a number"),
            Self::NotFinite => f.write_str("not a finite number"),
            Self::OutOfRange {
                quantity,
                value,
                min,
                min_exclusive,
                max,
                unit,
            } => {
                let lower = if *min_exclusive {
                    format!("more than {min} {unit}")
                } else {
                    format!("at least {min} {unit}")
                };
                write!(
                    f,
                    "{quantity} {value} {unit} is impossible: it must be {lower} and at most {max} {unit}"
                )
            }
            Self::UnknownSex(t) => write!(
                f,
                "'{t}' is not a sex code (use M/F, L/P for laki-laki/perempuan, or 1/2)"
            ),
            Self::UnknownPosition(t) => write!(
                f,
                "'{t}' is not a measurement position (use L for recumbent length, H for standing height, or leave empty)"
            ),
            Self::UnknownOedema(t) => {
                write!(f, "'{t}' is not an oedema code (use y/n, ya/tidak, 1/0)")
            }
            Self::InvalidDate { year, month, day } => {
                write!(f, "{year:04}-{month:02}-{day:02} is not a calendar date")
            }
            Self::DateFormat(t) => write!(f, "'{t}' is not a date (use YYYY-MM-DD, DD/MM/YYYY or DD-MM-YYYY)"),
            Self::MeasuredBeforeBirth { days_before } => {
                write!(f, "measurement is {days_before} day(s) before birth")
            }
            Self::AgeTooLarge { days } => write!(
                f,
                "age of {days} days (over 100 years) is impossible; check the birth date"
            ),
        }
    }
}

impl std::error::Error for InputError {}

/// Parses a decimal number the way Indonesian spreadsheets write it: `12.5`
/// or `12,5` (a single comma and no dot is a decimal comma). Surrounding
/// spaces are ignored. NaN and infinities are rejected.
///
/// ```
/// use lintas_growth::parse_decimal;
/// assert_eq!(parse_decimal(" 12,5 ").unwrap(), 12.5);
/// assert_eq!(parse_decimal("12.5").unwrap(), 12.5);
/// assert!(parse_decimal("NaN").is_err());
/// assert!(parse_decimal("1,234.5").is_err());
/// ```
pub fn parse_decimal(text: &str) -> Result<f64, InputError> {
    let t = text.trim();
    if t.is_empty() {
        return Err(InputError::Empty);
    }
    let bytes = t.as_bytes();
    let parsed = match bytes.iter().position(|&b| b == b',') {
        None => t.parse::<f64>(),
        Some(comma) => {
            // Exactly one comma and no dot: a decimal comma. Swap it in a stack
            // buffer so the hot path never allocates.
            let mut buf = [0u8; 40];
            let ok =
                bytes.len() <= buf.len() && !bytes.contains(&b'.') && bytes.iter().filter(|&&b| b == b',').count() == 1;
            if !ok {
                return Err(InputError::NotANumber(t.to_string()));
            }
            buf[..bytes.len()].copy_from_slice(bytes);
            buf[comma] = b'.';
            std::str::from_utf8(&buf[..bytes.len()])
                .map_err(|_| InputError::NotANumber(t.to_string()))?
                .parse::<f64>()
        }
    };
    let v = parsed.map_err(|_| InputError::NotANumber(t.to_string()))?;
    if !v.is_finite() {
        return Err(InputError::NotFinite);
    }
    Ok(v)
}

/// The child's sex, which picks the WHO table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Sex {
    /// Boys (WHO `M`, code 1; Indonesian *laki-laki*, `L`).
    Male,
    /// Girls (WHO `F`, code 2; Indonesian *perempuan*, `P`).
    Female,
}

const MALE_CODES: &[&str] = &[
    "m",
    "male",
    "1",
    "l",
    "lk",
    "laki-laki",
    "laki laki",
    "lakilaki",
    "laki",
    "boy",
];
const FEMALE_CODES: &[&str] = &["f", "female", "2", "p", "pr", "perempuan", "girl", "w", "wanita"];

impl Sex {
    /// Parses a sex code, case-insensitively: `M`/`F`, `1`/`2`, `male`/`female`,
    /// and Indonesian `L`/`P`, `laki-laki`/`perempuan`.
    ///
    /// In this column **`L` is male** (*laki-laki*), not "length".
    ///
    /// ```
    /// use lintas_growth::Sex;
    /// assert_eq!(Sex::parse("L").unwrap(), Sex::Male);
    /// assert_eq!(Sex::parse("Perempuan").unwrap(), Sex::Female);
    /// assert!(Sex::parse("x").is_err());
    /// ```
    pub fn parse(text: &str) -> Result<Self, InputError> {
        let t = text.trim();
        if t.is_empty() {
            Err(InputError::Empty)
        } else if MALE_CODES.iter().any(|c| t.eq_ignore_ascii_case(c)) {
            Ok(Self::Male)
        } else if FEMALE_CODES.iter().any(|c| t.eq_ignore_ascii_case(c)) {
            Ok(Self::Female)
        } else {
            Err(InputError::UnknownSex(t.to_string()))
        }
    }

    /// WHO's one-letter code, `M` or `F`.
    pub fn code(self) -> &'static str {
        match self {
            Self::Male => "M",
            Self::Female => "F",
        }
    }
}

/// How length/height was measured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Position {
    /// Lying down: recumbent length (`L`, *telentang*, PB).
    Recumbent,
    /// Standing height (`H`, *berdiri*, TB).
    Standing,
    /// Not recorded: no 0.7 cm adjustment is made.
    #[default]
    Unknown,
}

const RECUMBENT_CODES: &[&str] = &["l", "length", "recumbent", "telentang", "terlentang", "berbaring", "pb"];
const STANDING_CODES: &[&str] = &["h", "height", "standing", "berdiri", "tb"];

impl Position {
    /// Parses a position code, case-insensitively. Empty means unknown.
    ///
    /// ```
    /// use lintas_growth::Position;
    /// assert_eq!(Position::parse("L").unwrap(), Position::Recumbent);
    /// assert_eq!(Position::parse("berdiri").unwrap(), Position::Standing);
    /// assert_eq!(Position::parse("").unwrap(), Position::Unknown);
    /// ```
    pub fn parse(text: &str) -> Result<Self, InputError> {
        let t = text.trim();
        if t.is_empty() {
            Ok(Self::Unknown)
        } else if RECUMBENT_CODES.iter().any(|c| t.eq_ignore_ascii_case(c)) {
            Ok(Self::Recumbent)
        } else if STANDING_CODES.iter().any(|c| t.eq_ignore_ascii_case(c)) {
            Ok(Self::Standing)
        } else {
            Err(InputError::UnknownPosition(t.to_string()))
        }
    }
}

/// Bilateral pitting oedema, which makes weight meaningless for z-scores.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Oedema {
    /// No oedema (the default when not recorded, as in WHO anthro).
    #[default]
    No,
    /// Oedema present: WAZ, WHZ and BAZ are not computed.
    Yes,
}

const OEDEMA_YES: &[&str] = &["y", "yes", "ya", "1", "true"];
// "2" is WHO anthro's code for "no".
const OEDEMA_NO: &[&str] = &["n", "no", "tidak", "tdk", "0", "2", "false"];

impl Oedema {
    /// Parses an oedema code, case-insensitively. Empty means no oedema.
    ///
    /// ```
    /// use lintas_growth::Oedema;
    /// assert_eq!(Oedema::parse("ya").unwrap(), Oedema::Yes);
    /// assert_eq!(Oedema::parse("").unwrap(), Oedema::No);
    /// ```
    pub fn parse(text: &str) -> Result<Self, InputError> {
        let t = text.trim();
        if t.is_empty() || OEDEMA_NO.iter().any(|c| t.eq_ignore_ascii_case(c)) {
            Ok(Self::No)
        } else if OEDEMA_YES.iter().any(|c| t.eq_ignore_ascii_case(c)) {
            Ok(Self::Yes)
        } else {
            Err(InputError::UnknownOedema(t.to_string()))
        }
    }

    /// `true` for [`Oedema::Yes`].
    pub fn is_present(self) -> bool {
        self == Self::Yes
    }
}

/// Age in completed days since birth: `measure_date − birth_date`.
///
/// Any non-negative age up to 100 years is a valid *input*; z-scores exist
/// only for days 0–1826 (under 60 months), and older children simply get none.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct AgeDays(u32);

impl AgeDays {
    /// The last day with z-scores: 1826 days is 59.99 months; WHO anthro
    /// requires `age_days / 30.4375 < 60`.
    pub const LAST_WITH_ZSCORES: u32 = 1826;
    /// 100 years: anything older is a typing error, not a child.
    pub const MAX: u32 = 36_525;

    /// An age from a day count; negative means the measurement is before birth.
    pub fn new(days: i64) -> Result<Self, InputError> {
        if days < 0 {
            Err(InputError::MeasuredBeforeBirth {
                days_before: days.saturating_neg(),
            })
        } else if days > i64::from(Self::MAX) {
            Err(InputError::AgeTooLarge { days })
        } else {
            // In range 0..=MAX, so it fits.
            Ok(Self(days as u32))
        }
    }

    /// The age on `measured` of a child born on `birth`.
    ///
    /// ```
    /// use lintas_growth::{AgeDays, CivilDate};
    /// let birth = CivilDate::new(2020, 2, 29).unwrap();
    /// let measured = CivilDate::new(2022, 3, 1).unwrap();
    /// assert_eq!(AgeDays::between(birth, measured).unwrap().days(), 731);
    /// assert!(AgeDays::between(measured, birth).is_err());
    /// ```
    pub fn between(birth: crate::CivilDate, measured: crate::CivilDate) -> Result<Self, InputError> {
        Self::new(birth.days_until(measured))
    }

    /// Parses a whole number of days.
    pub fn parse(text: &str) -> Result<Self, InputError> {
        let t = text.trim();
        if t.is_empty() {
            return Err(InputError::Empty);
        }
        let days: i64 = t.parse().map_err(|_| InputError::NotANumber(t.to_string()))?;
        Self::new(days)
    }

    /// The number of days.
    pub fn days(self) -> u32 {
        self.0
    }

    /// Age in months as WHO computes it: days / 30.4375.
    pub fn months(self) -> f64 {
        f64::from(self.0) / 30.4375
    }

    /// `true` for days 0–1826, the ages with z-scores.
    pub fn has_zscores(self) -> bool {
        self.0 <= Self::LAST_WITH_ZSCORES
    }
}

macro_rules! measurement {
    (
        $(#[$doc:meta])*
        $name:ident, $quantity:literal, $unit:literal, $min:expr, $min_exclusive:expr, $max:expr
    ) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
        pub struct $name(f64);

        impl $name {
            /// Smallest accepted value (see `MIN_EXCLUSIVE`).
            pub const MIN: f64 = $min;
            /// Whether `MIN` itself is rejected.
            pub const MIN_EXCLUSIVE: bool = $min_exclusive;
            /// Largest accepted value, inclusive.
            pub const MAX: f64 = $max;

            /// Checks a value: finite and within the bounds.
            pub fn new(value: f64) -> Result<Self, InputError> {
                if !value.is_finite() {
                    return Err(InputError::NotFinite);
                }
                let above_min = if Self::MIN_EXCLUSIVE {
                    value > Self::MIN
                } else {
                    value >= Self::MIN
                };
                if above_min && value <= Self::MAX {
                    Ok(Self(value))
                } else {
                    Err(InputError::OutOfRange {
                        quantity: $quantity,
                        value,
                        min: Self::MIN,
                        min_exclusive: Self::MIN_EXCLUSIVE,
                        max: Self::MAX,
                        unit: $unit,
                    })
                }
            }

            /// Parses a decimal (`.` or a decimal comma) and checks it.
            pub fn parse(text: &str) -> Result<Self, InputError> {
                Self::new(parse_decimal(text)?)
            }

            /// Parses an optional value: empty text is `None` (not measured).
            pub fn parse_optional(text: &str) -> Result<Option<Self>, InputError> {
                if text.trim().is_empty() {
                    Ok(None)
                } else {
                    Self::parse(text).map(Some)
                }
            }

            /// The value in its unit.
            pub fn get(self) -> f64 {
                self.0
            }
        }
    };
}

measurement!(
    /// Body weight in kilograms: more than 0 and at most 500.
    ///
    /// 500 kg is far beyond any child, yet leaves room for a weight typed ten
    /// times too large, which WHO flags rather than rejects.
    ///
    /// ```
    /// use lintas_growth::WeightKg;
    /// assert_eq!(WeightKg::parse("12,5").unwrap().get(), 12.5);
    /// assert!(WeightKg::parse("-3").is_err());
    /// assert!(WeightKg::parse("0").is_err());
    /// ```
    WeightKg, "weight", "kg", 0.0, true, 500.0
);
measurement!(
    /// Length or height in centimetres as measured: 10 to 300.
    ///
    /// Below 10 cm is most often a height entered in metres; above 300 cm no
    /// human has been.
    ///
    /// ```
    /// use lintas_growth::LengthCm;
    /// assert!(LengthCm::parse("800").is_err());
    /// assert!(LengthCm::parse("0.85").is_err());
    /// assert_eq!(LengthCm::parse("85").unwrap().get(), 85.0);
    /// ```
    LengthCm, "length/height", "cm", 10.0, false, 300.0
);
measurement!(
    /// Head circumference in centimetres: 10 to 100.
    HeadCircumferenceCm, "head circumference", "cm", 10.0, false, 100.0
);
measurement!(
    /// Mid-upper arm circumference (MUAC, *LiLA*) in centimetres: 3 to 60.
    MuacCm, "arm circumference", "cm", 3.0, false, 60.0
);

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn decimals() {
        assert_eq!(parse_decimal("3").unwrap(), 3.0);
        assert_eq!(parse_decimal("-0,25").unwrap(), -0.25);
        assert_eq!(parse_decimal("inf"), Err(InputError::NotFinite));
        assert_eq!(parse_decimal("  "), Err(InputError::Empty));
        assert!(matches!(parse_decimal("1,2,3"), Err(InputError::NotANumber(_))));
        assert!(matches!(parse_decimal("12kg"), Err(InputError::NotANumber(_))));
        let long = format!("1,{}", "0".repeat(60));
        assert!(parse_decimal(&long).is_err());
    }

    #[test]
    fn sex_codes() {
        for m in ["M", "m", "1", "L", "laki-laki", "Laki-Laki", "male", " lk "] {
            assert_eq!(Sex::parse(m).unwrap(), Sex::Male, "{m}");
        }
        for f in ["F", "2", "P", "perempuan", "Female", "PR"] {
            assert_eq!(Sex::parse(f).unwrap(), Sex::Female, "{f}");
        }
        assert_eq!(Sex::parse(""), Err(InputError::Empty));
        assert_eq!(Sex::parse("H"), Err(InputError::UnknownSex("H".into())));
    }

    #[test]
    fn positions_and_oedema() {
        assert_eq!(Position::parse("h").unwrap(), Position::Standing);
        assert_eq!(Position::parse("Telentang").unwrap(), Position::Recumbent);
        assert!(Position::parse("x").is_err());
        for y in ["y", "Y", "ya", "1", "true", "TRUE", "yes"] {
            assert_eq!(Oedema::parse(y).unwrap(), Oedema::Yes);
        }
        for n in ["n", "", "tidak", "0", "false", "2"] {
            assert_eq!(Oedema::parse(n).unwrap(), Oedema::No);
        }
        assert!(Oedema::parse("maybe").is_err());
    }

    #[test]
    fn measurement_bounds_and_messages() {
        assert!(WeightKg::new(f64::NAN).is_err());
        assert!(WeightKg::new(f64::INFINITY).is_err());
        assert!(WeightKg::new(0.01).is_ok());
        assert!(WeightKg::new(500.0).is_ok());
        assert!(WeightKg::new(500.1).is_err());
        let msg = WeightKg::parse("-3").unwrap_err().to_string();
        assert!(msg.contains("weight -3 kg is impossible"), "{msg}");
        assert!(msg.contains("more than 0 kg"), "{msg}");
        let msg = LengthCm::parse("800").unwrap_err().to_string();
        assert!(msg.contains("at most 300 cm"), "{msg}");
        assert_eq!(WeightKg::parse_optional(" ").unwrap(), None);
    }

    #[test]
    fn ages() {
        assert_eq!(AgeDays::parse("1826").unwrap().days(), 1826);
        assert!(AgeDays::parse("1826").unwrap().has_zscores());
        assert!(!AgeDays::parse("1827").unwrap().has_zscores());
        let e = AgeDays::new(-3).unwrap_err();
        assert_eq!(e.to_string(), "measurement is 3 day(s) before birth");
        assert!(AgeDays::parse("12.5").is_err());
        assert!(AgeDays::new(40_000).is_err());
    }
}
