//! WHO Child Growth Standards (2006) for Lintas: z-scores, flags,
//! Indonesian nutritional status categories and prevalence.
//!
//! This crate is the reference implementation of the growth rules: std only,
//! no IO, no allocation on the hot path, no `unsafe`. It reproduces WHO's R
//! package `anthro` 1.1.0 to the second decimal (and to ~1e-12 unrounded) on
//! the public test vectors in `fixtures/who-growth/test-vectors.csv`.
//!
//! | module | owns |
//! |---|---|
//! | [`measure`] | typed, validated inputs: [`Sex`], [`AgeDays`], [`Position`], [`Oedema`], [`WeightKg`], [`LengthCm`], [`HeadCircumferenceCm`], [`MuacCm`] |
//! | [`date`] | [`CivilDate`] and whole-day ages from birth and measurement dates |
//! | [`tables`] | the WHO LMS tables, compiled in by `build.rs` from `data/who-growth/` |
//! | [`lms`] | the LMS formulas ([`Lms`]): plain and restricted z, inverses |
//! | [`zscore`] | WHO's rules: [`compute`] turns a [`Measurement`] into [`Zscores`] |
//! | [`classify`] | Permenkes 2/2020 categories: [`HazCategory`], [`WazCategory`], [`WhzCategory`] |
//! | [`prevalence`] | [`Prevalence`] of a [`Group`] with a Wilson 95% interval |
//!
//! ```
//! use lintas_growth::*;
//!
//! let birth = CivilDate::parse_iso("2022-01-19")?;
//! let visit = CivilDate::parse_iso("2024-01-18")?;
//! let child = Measurement {
//!     weight: Some(WeightKg::parse("11,5")?),
//!     length: Some(LengthCm::parse("85")?),
//!     position: Position::parse("L")?,
//!     ..Measurement::new(Sex::parse("L")?, AgeDays::between(birth, visit)?)
//! };
//! let z = compute(&child);
//! let haz = z.haz.expect("a length and an age in range give HAZ");
//! assert_eq!(haz.z.rounded(), -0.91);
//! assert!(!haz.flagged);
//! assert_eq!(HazCategory::of(z.haz).map(HazCategory::indonesian), Some("normal"));
//! # Ok::<(), InputError>(())
//! ```

pub mod classify;
pub mod date;
pub mod lms;
pub mod measure;
pub mod prevalence;
pub mod tables;
pub mod zscore;

pub use classify::{HazCategory, WazCategory, WhzCategory};
pub use date::CivilDate;
pub use lms::Lms;
pub use measure::{
    AgeDays, HeadCircumferenceCm, InputError, LengthCm, MuacCm, Oedema, Position, Sex, WeightKg, parse_decimal,
};
pub use prevalence::{Group, Interval, Prevalence, wilson};
pub use zscore::{Indicator, Measurement, Score, Z, Zscores, compute};
