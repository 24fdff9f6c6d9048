//! Child growth at the Posyandu: children, measurements checked and scored with the WHO
//! engine (`lintas-growth`), N/T against the previous month with the minimum weight gain
//! (KBM), the monthly SKDN tally of a Posyandu with stunting, wasting and underweight counts,
//! and the Posyandu stratum. Pure: the store persists what is decided here.

use crate::enums::str_enum;
use crate::error::{Invalid, optional_text, required_text};
use crate::person::Nik;
use chrono::{Datelike, NaiveDate};
use growth::{
    AgeDays, CivilDate, HazCategory, HeadCircumferenceCm, LengthCm, Measurement, MuacCm, Oedema, Position, Sex,
    WazCategory, WeightKg, WhzCategory, Zscores, compute,
};
use serde::{Deserialize, Serialize};

/// Oldest age (days) a child is followed at the Posyandu for growth: 59 months 29 days
/// (WHO's z-scores stop at 1826 days; the balita denominator is 0–59 months).
pub const MAX_AGE_DAYS: i64 = 1826;

/// Minimum weight gain (kenaikan berat badan minimal, KBM) in grams for a child whose age at
/// the weighing is `months` completed months, from the KMS/Buku KIA table (Kemenkes, Pedoman
/// Pemantauan Pertumbuhan): 800 g at 1 month, 900 g at 2, 800 g at 3, 600 g at 4, 500 g at 5,
/// 400 g at 6–7, 300 g at 8–10, 200 g from 11 months on.
pub fn kbm_grams(months: u32) -> u32 {
    match months {
        0 | 1 => 800,
        2 => 900,
        3 => 800,
        4 => 600,
        5 => 500,
        6 | 7 => 400,
        8..=10 => 300,
        _ => 200,
    }
}

/// Completed months of an age in days (WHO: 30.4375 days a month).
pub fn completed_months(age_days: i64) -> u32 {
    (age_days.max(0) as f64 / 30.4375).floor() as u32
}

str_enum! {
    /// The weighing outcome of SKDN: naik (N), tidak naik (T), not weighed last month (O),
    /// first weighing (B, baru).
    Trend {
        N = "N",
        T = "T",
        O = "O",
        B = "B",
    }
}

/// N/T of a weighing: against last month's weight when there is one (gain ≥ KBM is N),
/// otherwise O (weighed before, not last month) or B (first weighing).
pub fn trend(weight_kg: f64, age_days: i64, last_month_kg: Option<f64>, weighed_before: bool) -> Trend {
    match last_month_kg {
        Some(prev) => {
            let gain_g = ((weight_kg - prev) * 1000.0).round();
            if gain_g >= f64::from(kbm_grams(completed_months(age_days))) {
                Trend::N
            } else {
                Trend::T
            }
        }
        None if weighed_before => Trend::O,
        None => Trend::B,
    }
}

/// The first day of the month of `d`.
pub fn month_of(d: NaiveDate) -> NaiveDate {
    NaiveDate::from_ymd_opt(d.year(), d.month(), 1).unwrap_or(d)
}

/// The national stunting target (RPJMN 2020–2024), in percent: a prevalence above it is
/// over the target.
pub const STUNTING_TARGET: f64 = 14.0;

/// Whether `month` is a bulan penimbangan: February and August, when every Posyandu measures
/// length/height as well as weight (the months the published stunting figures come from).
pub fn is_weighing_month(month: NaiveDate) -> bool {
    matches!(month.month(), 2 | 8)
}

/// The months a report opens on when none is asked, from the months with children measured
/// (any order): the last bulan penimbangan among them, compared with the bulan penimbangan
/// with data before it; without any bulan penimbangan, the latest month and no comparison.
pub fn default_months(with_data: &[NaiveDate]) -> Option<(NaiveDate, Option<NaiveDate>)> {
    let mut months: Vec<NaiveDate> = with_data.iter().map(|m| month_of(*m)).collect();
    months.sort_unstable_by(|a, b| b.cmp(a));
    months.dedup();
    let mut weighing = months.iter().copied().filter(|m| is_weighing_month(*m));
    match weighing.next() {
        Some(m) => Some((m, weighing.next())),
        None => months.first().map(|m| (*m, None)),
    }
}

/// The first day of the month before `month`.
pub fn previous_month(month: NaiveDate) -> NaiveDate {
    month_of(month - chrono::Duration::days(1))
}

/// The last day of the month that starts at `month`.
pub fn month_end(month: NaiveDate) -> NaiveDate {
    month
        .checked_add_months(chrono::Months::new(1))
        .map(|d| d - chrono::Duration::days(1))
        .unwrap_or(month)
}

str_enum! {
    /// A child's sex as registered: L (laki-laki) or P (perempuan).
    Sex2 {
        L = "L",
        P = "P",
    }
}

impl Sex2 {
    /// Reads a sex as people write it on forms and in e-PPGBM files: `L`/`P`, `M`/`F`, `1`/`2`,
    /// `laki-laki`/`perempuan` (any case); empty is `required`, anything else `sex.unknown`.
    pub fn read(s: &str) -> Result<Sex2, &'static str> {
        match s.trim().to_ascii_uppercase().as_str() {
            "" => Err("required"),
            "L" | "M" | "1" | "LAKI-LAKI" => Ok(Sex2::L),
            "P" | "F" | "2" | "PEREMPUAN" => Ok(Sex2::P),
            _ => Err("sex.unknown"),
        }
    }
}

str_enum! {
    /// How a length/height was measured: lying (L, panjang badan) or standing (H, tinggi badan).
    LengthPosition {
        Lying = "L",
        Standing = "H",
    }
}

impl LengthPosition {
    /// Reads a position as written on forms and in files: `L`, `PB`, `telentang`, `berbaring`
    /// (lying) or `H`, `TB`, `berdiri` (standing), any case; anything else `position.unknown`.
    pub fn read(s: &str) -> Result<LengthPosition, &'static str> {
        match s.trim().to_ascii_uppercase().as_str() {
            "L" | "PB" | "TELENTANG" | "BERBARING" => Ok(LengthPosition::Lying),
            "H" | "TB" | "BERDIRI" => Ok(LengthPosition::Standing),
            _ => Err("position.unknown"),
        }
    }

    /// The position WHO assumes at an age: lying under 24 months (731 days), standing after.
    pub fn by_age(age_days: i64) -> LengthPosition {
        if age_days < 731 {
            LengthPosition::Lying
        } else {
            LengthPosition::Standing
        }
    }
}

str_enum! {
    /// Where a stored measurement came from: the measurement form, a file import, the demo
    /// district, or `lintas bench`'s generated data.
    MeasurementSource {
        Form = "form",
        Import = "import",
        Demo = "demo",
        Bench = "bench",
    }
}

str_enum! {
    /// Why a child needs follow-up (and why a follow-up was assigned).
    Reason {
        /// The latest length/height-for-age is pendek or sangat pendek.
        Stunted = "stunted",
        /// The last two monthly weighings were both T (tidak naik).
        TwiceT = "t2",
        /// The latest weight is below the red line (BGM).
        Bgm = "bgm",
        /// The latest measurement has an implausible score to re-check.
        Flagged = "flagged",
    }
}

/// A yes of a form's checkbox or of a file's cell: `on`, `true`, `1`, `ya`, `y`, `yes` (any case).
pub fn yes(s: &str) -> bool {
    matches!(
        s.trim().to_ascii_lowercase().as_str(),
        "on" | "true" | "1" | "ya" | "y" | "yes"
    )
}

/// A child's registration, typed: what a form, a file row or a test gives, checked by
/// [`ChildInput::check`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChildInput {
    pub name: String,
    pub sex: Sex2,
    pub birth_date: NaiveDate,
    pub nik: Option<String>,
    /// Kilograms (grams are read as grams by the check: 3200 is 3.2 kg).
    pub birth_weight: Option<f64>,
    pub birth_length: Option<f64>,
    pub mother_name: Option<String>,
    pub mother_nik: Option<String>,
    pub kk_number: Option<String>,
    pub posyandu_id: i64,
    pub rt: Option<String>,
    pub rw: Option<String>,
    pub address: Option<String>,
    /// The child has a KIA book/KMS.
    pub has_kia: bool,
    /// The date the registration is for when entering past records (e.g. the first weighing
    /// in the KMS book); `None` means today. The child must be under five then.
    pub as_of: Option<NaiveDate>,
}

/// Parses a decimal typed with a point or a decimal comma.
pub fn decimal(s: &str) -> Result<Option<f64>, &'static str> {
    let t = s.trim();
    if t.is_empty() {
        return Ok(None);
    }
    growth::parse_decimal(t).map(Some).map_err(|_| "number.format")
}

fn rt_rw(s: &str) -> Result<Option<String>, &'static str> {
    let t = s.trim().trim_start_matches('0');
    if s.trim().is_empty() {
        return Ok(None);
    }
    if t.len() > 3 || !t.chars().all(|c| c.is_ascii_digit()) {
        return Err("rt_rw.format");
    }
    Ok(Some(format!("{:0>3}", t)))
}

/// An optional NIK-shaped number (16 digits): trimmed, empty is `None`.
fn opt_nik(s: &Option<String>) -> Result<Option<String>, &'static str> {
    match s.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(t) => Nik::parse(t).map(|n| Some(n.as_str().to_string())),
    }
}

/// An optional text: trimmed, empty is `None`.
fn opt_text(s: &Option<String>, max: usize) -> Result<Option<String>, &'static str> {
    optional_text(s.as_deref().unwrap_or(""), max)
}

impl ChildInput {
    /// A child with only what is required; every other field empty.
    pub fn new(name: &str, sex: Sex2, birth_date: NaiveDate, posyandu_id: i64) -> Self {
        ChildInput {
            name: name.to_string(),
            sex,
            birth_date,
            nik: None,
            birth_weight: None,
            birth_length: None,
            mother_name: None,
            mother_nik: None,
            kk_number: None,
            posyandu_id,
            rt: None,
            rw: None,
            address: None,
            has_kia: false,
            as_of: None,
        }
    }

    /// The registration rules; `today` is the local date (a birth date cannot be after it,
    /// and a child registered for growth monitoring is under five on the `as_of` date).
    /// Returns the input normalised: text trimmed (empty is `None`), NIK and KK as digits,
    /// RT/RW zero-padded, a birth weight typed in grams in kilograms, `as_of` a real date.
    pub fn check(self, today: NaiveDate) -> Result<ChildInput, Invalid> {
        let mut inv = Invalid::new();
        let as_of = match self.as_of {
            Some(d) if d > today => {
                inv.add("as_of", "date.future");
                today
            }
            Some(d) => d,
            None => today,
        };
        let name = inv.check("name", required_text(&self.name, 200));
        if self.birth_date > today {
            inv.add("birth_date", "date.future");
        } else if (as_of - self.birth_date).num_days() > MAX_AGE_DAYS {
            inv.add("birth_date", "child.too_old");
        }
        let nik = inv.check("nik", opt_nik(&self.nik));
        let mother_nik = inv.check("mother_nik", opt_nik(&self.mother_nik));
        let kk_number = inv.check("kk_number", opt_nik(&self.kk_number).map_err(|_| "kk.format"));
        let birth_weight = inv.check(
            "birth_weight",
            match self.birth_weight {
                Some(g) if g > 100.0 && g <= 6000.0 => Ok(Some(g / 1000.0)),
                Some(w) if !(0.3..=6.0).contains(&w) => Err("birth_weight.range"),
                w => Ok(w),
            },
        );
        let birth_length = inv.check(
            "birth_length",
            match self.birth_length {
                Some(l) if !(20.0..=65.0).contains(&l) => Err("birth_length.range"),
                l => Ok(l),
            },
        );
        let mother_name = inv.check("mother_name", opt_text(&self.mother_name, 200));
        let rt = inv.check("rt", rt_rw(self.rt.as_deref().unwrap_or("")));
        let rw = inv.check("rw", rt_rw(self.rw.as_deref().unwrap_or("")));
        let address = inv.check("address", opt_text(&self.address, 500));
        match (
            name,
            nik,
            mother_nik,
            kk_number,
            birth_weight,
            birth_length,
            mother_name,
            rt,
            rw,
            address,
        ) {
            (
                Some(name),
                Some(nik),
                Some(mother_nik),
                Some(kk_number),
                Some(birth_weight),
                Some(birth_length),
                Some(mother_name),
                Some(rt),
                Some(rw),
                Some(address),
            ) if inv.is_empty() => Ok(ChildInput {
                name,
                nik,
                birth_weight,
                birth_length,
                mother_name,
                mother_nik,
                kk_number,
                rt,
                rw,
                address,
                as_of: Some(as_of),
                ..self
            }),
            _ => Err(inv),
        }
    }
}

pub use crate::text::fold_name;

/// Whether two registrations are the same child: the same NIK, or the same name, birth date
/// and mother's name (folded).
pub fn same_child(
    a: (&Option<String>, &str, NaiveDate, &Option<String>),
    b: (&Option<String>, &str, NaiveDate, &Option<String>),
) -> bool {
    if let (Some(x), Some(y)) = (a.0, b.0) {
        return x == y;
    }
    fold_name(a.1) == fold_name(b.1)
        && a.2 == b.2
        && matches!((a.3, b.3), (Some(x), Some(y)) if fold_name(x) == fold_name(y))
}

/// A measurement, typed: what a form, a file row or a test gives, checked by
/// [`MeasurementInput::check`] and scored by [`MeasurementInput::score`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MeasurementInput {
    pub measured_on: NaiveDate,
    /// Kilograms.
    pub weight: Option<f64>,
    /// Centimetres.
    pub height: Option<f64>,
    /// `None`: by age (lying under 24 months), when a length/height is given.
    pub position: Option<LengthPosition>,
    /// Bilateral pitting oedema.
    pub oedema: bool,
    pub muac: Option<f64>,
    pub head: Option<f64>,
}

/// A checked measurement with its age and scores: what the store keeps.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Measured {
    pub measured_on: NaiveDate,
    pub age_days: i64,
    pub weight: Option<f64>,
    pub height: Option<f64>,
    pub position: Option<LengthPosition>,
    pub oedema: bool,
    pub muac: Option<f64>,
    pub head: Option<f64>,
    pub scores: Scores,
}

/// The three indicators a measurement is classified on, in the order pages show them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Indicator {
    /// Length/height-for-age.
    Haz,
    /// Weight-for-age.
    Waz,
    /// Weight-for-length/height.
    Whz,
}

impl Indicator {
    pub const ALL: [Indicator; 3] = [Indicator::Haz, Indicator::Waz, Indicator::Whz];

    /// The short name on KMS cards and reports: `TB/U`, `BB/U`, `BB/TB`.
    pub fn short(self) -> &'static str {
        match self {
            Indicator::Haz => "TB/U",
            Indicator::Waz => "BB/U",
            Indicator::Whz => "BB/TB",
        }
    }
}

/// What the WHO engine says, kept with the measurement.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub struct Scores {
    pub haz: Option<f64>,
    pub waz: Option<f64>,
    pub whz: Option<f64>,
    pub bmiz: Option<f64>,
    pub haz_flag: bool,
    pub waz_flag: bool,
    pub whz_flag: bool,
}

impl Scores {
    fn of(z: &Zscores) -> Self {
        let v = |s: Option<growth::Score>| s.map(|s| s.z.rounded());
        let f = |s: Option<growth::Score>| s.is_some_and(|s| s.flagged);
        Scores {
            haz: v(z.haz),
            waz: v(z.waz),
            whz: v(z.whz),
            bmiz: v(z.baz),
            haz_flag: f(z.haz),
            waz_flag: f(z.waz),
            whz_flag: f(z.whz),
        }
    }
    fn z(v: Option<f64>, flagged: bool) -> Option<growth::Z> {
        if flagged { None } else { v.and_then(growth::Z::new) }
    }
    /// TB/U category unless flagged.
    pub fn haz_category(&self) -> Option<HazCategory> {
        Self::z(self.haz, self.haz_flag).map(HazCategory::of_z)
    }
    pub fn waz_category(&self) -> Option<WazCategory> {
        Self::z(self.waz, self.waz_flag).map(WazCategory::of_z)
    }
    pub fn whz_category(&self) -> Option<WhzCategory> {
        Self::z(self.whz, self.whz_flag).map(WhzCategory::of_z)
    }
    /// Whether the score of `i` is implausible (to re-check).
    pub fn flag(&self, i: Indicator) -> bool {
        match i {
            Indicator::Haz => self.haz_flag,
            Indicator::Waz => self.waz_flag,
            Indicator::Whz => self.whz_flag,
        }
    }
    /// The Permenkes category of `i` unless flagged, as (Indonesian, English) names.
    pub fn category_names(&self, i: Indicator) -> Option<(&'static str, &'static str)> {
        match i {
            Indicator::Haz => self.haz_category().map(|c| (c.indonesian(), c.english())),
            Indicator::Waz => self.waz_category().map(|c| (c.indonesian(), c.english())),
            Indicator::Whz => self.whz_category().map(|c| (c.indonesian(), c.english())),
        }
    }
    pub fn stunted(&self) -> bool {
        matches!(
            self.haz_category(),
            Some(HazCategory::Stunted | HazCategory::SeverelyStunted)
        )
    }
    pub fn flagged(&self) -> bool {
        self.haz_flag || self.waz_flag || self.whz_flag
    }
    /// Below the red line of the KMS (bawah garis merah): weight-for-age below −3 SD.
    pub fn bgm(&self) -> bool {
        Self::z(self.waz, self.waz_flag).is_some_and(|z| z.hundredths() < -300)
    }
}

fn civil(d: NaiveDate) -> Option<CivilDate> {
    CivilDate::new(d.year(), d.month(), d.day()).ok()
}

impl MeasurementInput {
    /// A measurement on `measured_on` with nothing measured yet.
    pub fn on(measured_on: NaiveDate) -> Self {
        MeasurementInput {
            measured_on,
            weight: None,
            height: None,
            position: None,
            oedema: false,
            muac: None,
            head: None,
        }
    }

    /// The measurement rules for a child born on `birth`, on or before `today`: grams typed
    /// for kilograms and metres for centimetres are named, every value within its range, a
    /// weight or a length at least. Returns it with the position set (by age when not given).
    pub fn check(self, birth: NaiveDate, today: NaiveDate) -> Result<MeasurementInput, Invalid> {
        let mut inv = Invalid::new();
        let age_days = (self.measured_on - birth).num_days();
        if self.measured_on > today {
            inv.add("measured_on", "date.future");
        } else if age_days < 0 {
            inv.add("measured_on", "measurement.before_birth");
        } else if age_days > MAX_AGE_DAYS {
            inv.add("measured_on", "child.too_old");
        }
        inv.check(
            "weight",
            match self.weight {
                Some(w) if w >= 500.0 => Err("weight.grams"),
                Some(w) if !(0.5..=60.0).contains(&w) => Err("weight.range"),
                _ => Ok(()),
            },
        );
        inv.check(
            "height",
            match self.height {
                Some(h) if h > 0.3 && h < 1.4 => Err("height.metres"),
                Some(h) if !(35.0..=140.0).contains(&h) => Err("height.range"),
                _ => Ok(()),
            },
        );
        inv.check(
            "muac",
            match self.muac {
                Some(m) if !(5.0..=35.0).contains(&m) => Err("muac.range"),
                _ => Ok(()),
            },
        );
        inv.check(
            "head",
            match self.head {
                Some(m) if !(20.0..=65.0).contains(&m) => Err("head.range"),
                _ => Ok(()),
            },
        );
        if self.weight.is_none() && self.height.is_none() && inv.is_empty() {
            inv.add("weight", "measurement.empty");
        }
        inv.into_result()?;
        Ok(MeasurementInput {
            position: self.position.or(self.height.map(|_| LengthPosition::by_age(age_days))),
            ..self
        })
    }

    /// Scores a checked measurement of a child born on `birth` of `sex` with the WHO engine.
    pub fn score(self, birth: NaiveDate, sex: Sex2) -> Result<Measured, Invalid> {
        let age_days = (self.measured_on - birth).num_days();
        let (Some(_), Some(_)) = (civil(birth), civil(self.measured_on)) else {
            return Err(Invalid::one("measured_on", "date.range"));
        };
        let m = Measurement {
            weight: self.weight.and_then(|w| WeightKg::new(w).ok()),
            length: self.height.and_then(|h| LengthCm::new(h).ok()),
            position: match self.position {
                Some(LengthPosition::Lying) => Position::Recumbent,
                Some(LengthPosition::Standing) => Position::Standing,
                None => Position::Unknown,
            },
            oedema: if self.oedema { Oedema::Yes } else { Oedema::No },
            head: self.head.and_then(|h| HeadCircumferenceCm::new(h).ok()),
            muac: self.muac.and_then(|m| MuacCm::new(m).ok()),
            ..Measurement::new(
                match sex {
                    Sex2::L => Sex::Male,
                    Sex2::P => Sex::Female,
                },
                AgeDays::new(age_days).map_err(|_| Invalid::one("measured_on", "child.too_old"))?,
            )
        };
        Ok(Measured {
            measured_on: self.measured_on,
            age_days,
            weight: self.weight,
            height: self.height,
            position: self.position,
            oedema: self.oedema,
            muac: self.muac,
            head: self.head,
            scores: Scores::of(&compute(&m)),
        })
    }
}

impl Scores {
    /// Weight-for-length/height below −2 SD (gizi kurang or gizi buruk), unless flagged.
    pub fn wasted(&self) -> bool {
        matches!(
            self.whz_category(),
            Some(WhzCategory::Wasted | WhzCategory::SeverelyWasted)
        )
    }
}

/// Why a child weighed at a Posyandu session goes on from the scales: to counselling at meja 4
/// (weight not gained, T), or referred to the health worker of meja 5 and the Puskesmas (T two
/// months in a row, below the red line, stunted or wasted) — the Buku KIA's "rujuk" rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Concern {
    /// Weight not gained this month (tidak naik).
    T,
    /// Not gained two months in a row (2T).
    TwiceT,
    /// Below the red line (BGM): weight-for-age below −3 SD.
    Bgm,
    /// Length/height-for-age below −2 SD.
    Stunted,
    /// Weight-for-length/height below −2 SD.
    Wasted,
}

impl Concern {
    /// The word of its text keys (`day.concern.{key}`).
    pub fn key(self) -> &'static str {
        match self {
            Concern::T => "t",
            Concern::TwiceT => "t2",
            Concern::Bgm => "bgm",
            Concern::Stunted => "stunted",
            Concern::Wasted => "wasted",
        }
    }

    /// Whether it calls for a referral (rujuk), not counselling alone.
    pub fn refer(self) -> bool {
        self != Concern::T
    }
}

/// The concerns of a child's month: `trend` of its weighing this month, whether that is the
/// second T in a row, the month's scores, and whether its latest length shows stunting. A 2T
/// is named once (not also as T).
pub fn concerns(trend: Option<Trend>, twice_t: bool, month: &Scores, stunted: bool) -> Vec<Concern> {
    let mut out = Vec::new();
    if twice_t {
        out.push(Concern::TwiceT);
    } else if trend == Some(Trend::T) {
        out.push(Concern::T);
    }
    if month.bgm() {
        out.push(Concern::Bgm);
    }
    if stunted {
        out.push(Concern::Stunted);
    }
    if month.wasted() {
        out.push(Concern::Wasted);
    }
    out
}

/// The WHO weight-for-age curve of `sex` at z-score `z`: (age in days, kg) every `step` days
/// from birth to `to_days` (the last day included), as the KMS draws its lines.
pub fn weight_for_age_curve(sex: Sex2, z: f64, to_days: i64, step: i64) -> Vec<(i64, f64)> {
    let sex = match sex {
        Sex2::L => Sex::Male,
        Sex2::P => Sex::Female,
    };
    let to = to_days.clamp(0, MAX_AGE_DAYS);
    let mut days: Vec<i64> = (0..=to).step_by(step.max(1) as usize).collect();
    if days.last() != Some(&to) {
        days.push(to);
    }
    days.into_iter()
        .filter_map(|d| {
            let row = growth::tables::age_row(growth::tables::AgeTable::Wfa, sex, u32::try_from(d).ok()?)?;
            let v = row.value_at_restricted(z);
            v.is_finite().then_some((d, v))
        })
        .collect()
}

/// One child's latest measurement of a month, as the monthly tally needs it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MonthRow {
    pub weighed: bool,
    pub trend: Option<Trend>,
    pub scores: Scores,
}

/// A stored measurement as the monthly tally reads it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Visit {
    pub posyandu_id: i64,
    pub measured_on: NaiveDate,
    pub age_days: i64,
    pub weight: Option<f64>,
    pub scores: Scores,
}

/// What one child adds to the monthly tallies: for every month with a measurement, the
/// latest measurement of that month decides the Posyandu and the row, and its N/T/O/B looks
/// at the child's last weighing before the month. `visits` are the child's measurements,
/// oldest first; `weighed_before` tells whether the child was weighed before the first of them.
pub fn child_months(visits: &[Visit], weighed_before: bool) -> Vec<(i64, NaiveDate, MonthRow)> {
    let mut out = Vec::new();
    let mut last: Option<(NaiveDate, f64)> = None;
    for group in visits.chunk_by(|a, b| month_of(a.measured_on) == month_of(b.measured_on)) {
        let Some(v) = group.last() else { continue };
        let month = month_of(v.measured_on);
        let last_month = last
            .filter(|(d, _)| month_of(*d) == previous_month(month))
            .map(|(_, w)| w);
        let before = weighed_before || last.is_some();
        out.push((
            v.posyandu_id,
            month,
            MonthRow {
                weighed: v.weight.is_some(),
                trend: v.weight.map(|w| trend(w, v.age_days, last_month, before)),
                scores: v.scores,
            },
        ));
        if let Some(x) = group.iter().rev().find(|x| x.weight.is_some()) {
            last = Some((x.measured_on, x.weight.unwrap_or_default()));
        }
    }
    out
}

/// Where a child weighed at another Posyandu than its own ("luar wilayah") counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum VisitorRule {
    /// In S, D, N/T and the nutrition status of its own Posyandu; the Posyandu that weighed it
    /// shows it apart (the default: D/S then measures how a Posyandu reaches its own children).
    AtHome,
    /// In S, D, N/T and the nutrition status of the Posyandu that weighed it that month (and
    /// out of its own Posyandu's S that month), as some districts report.
    WhereWeighed,
}

impl VisitorRule {
    /// The setting's stored value.
    pub fn parse(s: Option<&str>) -> VisitorRule {
        match s {
            Some("where_weighed") => VisitorRule::WhereWeighed,
            _ => VisitorRule::AtHome,
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            VisitorRule::AtHome => "at_home",
            VisitorRule::WhereWeighed => "where_weighed",
        }
    }
}

/// A child's moves for good from one Posyandu to another: (date, from, to), oldest first.
pub type Moves = [(NaiveDate, i64, i64)];

/// The Posyandu a child belonged to in `month`, given where it is registered now and its
/// moves: a move counts from the month it was made.
pub fn home_at(current: i64, moves: &Moves, month: NaiveDate) -> i64 {
    match moves.iter().rev().find(|(on, _, _)| month_of(*on) <= month) {
        Some((_, _, to)) => *to,
        None => moves.first().map(|(_, from, _)| *from).unwrap_or(current),
    }
}

/// Whether a child born on `birth` counts in S of `month`: aged 0–59 months at the month's end.
pub fn registered_in(birth: NaiveDate, month: NaiveDate) -> bool {
    let end = month_end(month);
    let born_after = end.checked_sub_months(chrono::Months::new(60)).unwrap_or(end);
    birth > born_after && birth <= end
}

/// The months (first days) from the month of `from` to the month of `to`, both included.
pub fn months_between(from: NaiveDate, to: NaiveDate) -> impl Iterator<Item = NaiveDate> {
    let to = month_of(to);
    std::iter::successors(Some(month_of(from)), |m| m.checked_add_months(chrono::Months::new(1)))
        .take_while(move |m| *m <= to)
}

/// The SKDN and nutrition-status counts of one Posyandu (or any place) and month.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tally {
    /// Children 0–59 months registered.
    pub s: i64,
    /// Of S, with a KIA book/KMS.
    pub k: i64,
    /// Weighed this month.
    pub d: i64,
    pub n: i64,
    pub t: i64,
    pub o: i64,
    pub b: i64,
    /// Below the red line (WAZ < −3).
    pub bgm: i64,
    /// Children measured with a plausible length/height-for-age (the stunting denominator).
    pub haz_n: i64,
    pub stunted: i64,
    pub severely_stunted: i64,
    pub whz_n: i64,
    pub wasted: i64,
    pub severely_wasted: i64,
    pub overweight: i64,
    pub waz_n: i64,
    pub underweight: i64,
    pub severely_underweight: i64,
    /// Children measured at all this month (weight or length).
    pub measured: i64,
    /// Measurements with an implausible score (to re-check).
    pub flagged: i64,
    /// Children registered at another Posyandu who were weighed here ("luar wilayah"): shown
    /// apart, and counted in D/S where they live unless the installation counts them where
    /// weighed (see [`VisitorRule`]).
    #[serde(default)]
    pub visitors: i64,
}

impl Tally {
    /// Adds one child's month.
    pub fn add(&mut self, r: &MonthRow) {
        self.measured += 1;
        if r.weighed {
            self.d += 1;
            match r.trend {
                Some(Trend::N) => self.n += 1,
                Some(Trend::T) => self.t += 1,
                Some(Trend::O) => self.o += 1,
                Some(Trend::B) => self.b += 1,
                None => {}
            }
            if r.scores.bgm() {
                self.bgm += 1;
            }
        }
        if r.scores.flagged() {
            self.flagged += 1;
        }
        if let Some(c) = r.scores.haz_category() {
            self.haz_n += 1;
            match c {
                HazCategory::Stunted => self.stunted += 1,
                HazCategory::SeverelyStunted => {
                    self.stunted += 1;
                    self.severely_stunted += 1
                }
                _ => {}
            }
        }
        if let Some(c) = r.scores.whz_category() {
            self.whz_n += 1;
            match c {
                WhzCategory::Wasted => self.wasted += 1,
                WhzCategory::SeverelyWasted => {
                    self.wasted += 1;
                    self.severely_wasted += 1
                }
                WhzCategory::Overweight | WhzCategory::Obese => self.overweight += 1,
                _ => {}
            }
        }
        if let Some(c) = r.scores.waz_category() {
            self.waz_n += 1;
            match c {
                WazCategory::Underweight => self.underweight += 1,
                WazCategory::SeverelyUnderweight => {
                    self.underweight += 1;
                    self.severely_underweight += 1
                }
                _ => {}
            }
        }
    }

    /// Sums tallies of several places.
    pub fn plus(mut self, o: &Tally) -> Tally {
        self.s += o.s;
        self.k += o.k;
        self.d += o.d;
        self.n += o.n;
        self.t += o.t;
        self.o += o.o;
        self.b += o.b;
        self.bgm += o.bgm;
        self.haz_n += o.haz_n;
        self.stunted += o.stunted;
        self.severely_stunted += o.severely_stunted;
        self.whz_n += o.whz_n;
        self.wasted += o.wasted;
        self.severely_wasted += o.severely_wasted;
        self.overweight += o.overweight;
        self.waz_n += o.waz_n;
        self.underweight += o.underweight;
        self.severely_underweight += o.severely_underweight;
        self.measured += o.measured;
        self.flagged += o.flagged;
        self.visitors += o.visitors;
        self
    }

    /// A ratio in percent, `None` when the denominator is zero.
    pub fn percent(num: i64, den: i64) -> Option<f64> {
        (den > 0).then(|| num as f64 * 100.0 / den as f64)
    }

    /// Prevalence with its Wilson 95% interval, in percent.
    pub fn prevalence(num: i64, den: i64) -> Option<(f64, f64, f64)> {
        let p = growth::Prevalence {
            count: u64::try_from(num).ok()?,
            denominator: u64::try_from(den).ok()?,
        };
        let ci = p.ci95()?;
        Some((p.percent()?, ci.lower, ci.upper))
    }
}

str_enum! {
    /// Strata of Posyandu development (Telaah Kemandirian Posyandu, Kemenkes 2011).
    Stratum {
        Pratama = "pratama",
        Madya = "madya",
        Purnama = "purnama",
        Mandiri = "mandiri",
    }
}

/// The inputs the stratum is computed from, shown beside it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct StratumInputs {
    /// Months of the year with at least one weighing.
    pub sessions: u32,
    /// Kader holding the position in the year.
    pub active_kader: u32,
    /// Mean D/S over the months with a session, percent (Lintas holds D/S of the five main
    /// programmes' coverage; KIA, KB and immunisation coverage are not recorded here).
    pub coverage: Option<f64>,
    /// Runs additional programmes (BKB/PAUD, family economy, food security, social welfare).
    pub extra_programs: bool,
    /// Share of households in a dana sehat scheme, percent, if recorded.
    pub dana_sehat: Option<f64>,
}

/// The stratum: fewer than 8 weighings a year or fewer than 5 active kader is pratama;
/// coverage below 50% madya; with additional programmes purnama, and mandiri when at least
/// half the households join a dana sehat.
pub fn stratum(i: &StratumInputs) -> Stratum {
    if i.sessions < 8 || i.active_kader < 5 {
        Stratum::Pratama
    } else if i.coverage.is_none_or(|c| c < 50.0) || !i.extra_programs {
        Stratum::Madya
    } else if i.dana_sehat.is_some_and(|d| d >= 50.0) {
        Stratum::Mandiri
    } else {
        Stratum::Purnama
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
    }

    #[test]
    fn reports_open_on_the_last_bulan_penimbangan_with_data() {
        assert!(is_weighing_month(d(2023, 2, 1)) && is_weighing_month(d(2023, 8, 31)));
        assert!(!is_weighing_month(d(2023, 12, 1)));
        let data = [
            d(2024, 12, 1),
            d(2023, 2, 1),
            d(2024, 8, 1),
            d(2024, 9, 1),
            d(2023, 8, 1),
        ];
        assert_eq!(default_months(&data), Some((d(2024, 8, 1), Some(d(2023, 8, 1)))));
        // February compares with the August before it.
        assert_eq!(
            default_months(&[d(2024, 2, 1), d(2023, 8, 1), d(2024, 3, 1)]),
            Some((d(2024, 2, 1), Some(d(2023, 8, 1))))
        );
        assert_eq!(default_months(&[d(2024, 2, 1)]), Some((d(2024, 2, 1), None)));
        // No bulan penimbangan: the latest month, nothing to compare.
        assert_eq!(
            default_months(&[d(2024, 3, 1), d(2024, 5, 1)]),
            Some((d(2024, 5, 1), None))
        );
        assert_eq!(default_months(&[]), None);
    }

    #[test]
    fn n_needs_the_minimum_gain_for_the_age() {
        // 3 months: KBM 800 g.
        assert_eq!(trend(6.3, 100, Some(5.5), true), Trend::N);
        assert_eq!(trend(6.2, 100, Some(5.5), true), Trend::T);
        // 2 years: KBM 200 g.
        assert_eq!(trend(11.2, 740, Some(11.0), true), Trend::N);
        assert_eq!(trend(11.1, 740, Some(11.0), true), Trend::T);
        assert_eq!(trend(11.1, 740, None, true), Trend::O);
        assert_eq!(trend(11.1, 740, None, false), Trend::B);
        assert_eq!(kbm_grams(completed_months(61)), 900);
    }

    fn visit(p: i64, on: NaiveDate, birth: NaiveDate, weight: Option<f64>) -> Visit {
        Visit {
            posyandu_id: p,
            measured_on: on,
            age_days: (on - birth).num_days(),
            weight,
            scores: Scores::default(),
        }
    }

    #[test]
    fn a_child_adds_one_row_a_month_from_its_latest_measurement() {
        let birth = d(2023, 1, 10);
        let v = [
            visit(1, d(2023, 5, 3), birth, Some(6.0)),
            // Two in June: the later one counts, at the Posyandu it was taken.
            visit(1, d(2023, 6, 2), birth, Some(6.1)),
            visit(2, d(2023, 6, 20), birth, Some(6.5)),
            // July: only a length, not weighed.
            visit(2, d(2023, 7, 20), birth, None),
            // August: last weighing was June, not July → O.
            visit(2, d(2023, 8, 20), birth, Some(7.0)),
            visit(2, d(2023, 9, 20), birth, Some(7.1)),
        ];
        let rows = child_months(&v, false);
        let got: Vec<(i64, u32, bool, Option<Trend>)> = rows
            .iter()
            .map(|(p, m, r)| (*p, m.month(), r.weighed, r.trend))
            .collect();
        assert_eq!(
            got,
            vec![
                (1, 5, true, Some(Trend::B)),
                // 6.5 − 6.0 = 500 g at 5 months (KBM 500 g) → N.
                (2, 6, true, Some(Trend::N)),
                (2, 7, false, None),
                (2, 8, true, Some(Trend::O)),
                // 100 g at 8 months (KBM 300 g) → T.
                (2, 9, true, Some(Trend::T)),
            ]
        );
        // Weighed before the window: the first row is O, not B.
        assert_eq!(child_months(&v[..1], true)[0].2.trend, Some(Trend::O));
    }

    #[test]
    fn s_counts_children_aged_0_to_59_months_at_the_month_end() {
        let m = d(2024, 2, 1);
        assert!(registered_in(d(2024, 2, 29), m));
        assert!(!registered_in(d(2024, 3, 1), m));
        assert!(registered_in(d(2019, 3, 1), m));
        assert!(!registered_in(d(2019, 2, 28), m));
        let months: Vec<NaiveDate> = months_between(d(2023, 11, 20), d(2024, 2, 3)).collect();
        assert_eq!(
            months,
            vec![d(2023, 11, 1), d(2023, 12, 1), d(2024, 1, 1), d(2024, 2, 1)]
        );
        assert_eq!(months_between(d(2024, 3, 1), d(2024, 2, 1)).count(), 0);
    }

    #[test]
    fn months_and_their_ends() {
        assert_eq!(month_of(d(2023, 2, 17)), d(2023, 2, 1));
        assert_eq!(previous_month(d(2023, 3, 1)), d(2023, 2, 1));
        assert_eq!(month_end(d(2024, 2, 1)), d(2024, 2, 29));
    }

    #[test]
    fn a_measurement_names_grams_and_metres() {
        let today = d(2024, 3, 1);
        let birth = d(2022, 3, 1);
        let m = MeasurementInput {
            weight: Some(9800.0),
            height: Some(0.82),
            ..MeasurementInput::on(d(2024, 2, 20))
        };
        let e = m.clone().check(birth, today).err().unwrap_or_default();
        assert_eq!(e.code_for("weight"), Some("weight.grams"));
        assert_eq!(e.code_for("height"), Some("height.metres"));
        let ok = MeasurementInput {
            weight: Some(9.8),
            height: Some(79.0),
            ..m.clone()
        }
        .check(birth, today)
        .and_then(|m| m.score(birth, Sex2::L))
        .unwrap_or_else(|e| panic!("{e}"));
        // 23 months: lying by default; 79 cm at 2 years is stunted for a boy.
        assert_eq!(ok.position, Some(LengthPosition::Lying));
        assert!(ok.scores.stunted(), "{:?}", ok.scores);
        let future = MeasurementInput {
            measured_on: d(2024, 3, 2),
            ..m.clone()
        };
        assert_eq!(
            future.check(birth, today).err().and_then(|e| e.code_for("measured_on")),
            Some("date.future")
        );
        let empty = MeasurementInput::on(d(2024, 2, 20)).check(birth, today).err();
        assert_eq!(empty.and_then(|e| e.code_for("weight")), Some("measurement.empty"));
        let before = MeasurementInput {
            weight: Some(3.0),
            ..MeasurementInput::on(d(2022, 2, 1))
        };
        assert_eq!(
            before.check(birth, today).err().and_then(|e| e.code_for("measured_on")),
            Some("measurement.before_birth")
        );
    }

    #[test]
    fn words_of_forms_and_files_are_read() {
        assert_eq!(Sex2::read(" laki-laki "), Ok(Sex2::L));
        assert_eq!(Sex2::read("2"), Ok(Sex2::P));
        assert_eq!(Sex2::read(""), Err("required"));
        assert_eq!(Sex2::read("X"), Err("sex.unknown"));
        assert_eq!(LengthPosition::read("berdiri"), Ok(LengthPosition::Standing));
        assert_eq!(LengthPosition::read("pb"), Ok(LengthPosition::Lying));
        assert_eq!(LengthPosition::read("duduk"), Err("position.unknown"));
        assert!(yes("Ya") && yes("on") && !yes("") && !yes("tidak"));
    }

    #[test]
    fn categories_are_named_per_indicator_unless_flagged() {
        let s = Scores {
            haz: Some(-2.5),
            waz: Some(-7.0),
            waz_flag: true,
            whz: Some(0.1),
            ..Default::default()
        };
        let shorts: Vec<&str> = Indicator::ALL.into_iter().map(Indicator::short).collect();
        assert_eq!(shorts, ["TB/U", "BB/U", "BB/TB"]);
        assert_eq!(s.category_names(Indicator::Haz), Some(("pendek", "stunted")));
        assert_eq!(s.category_names(Indicator::Waz), None);
        assert!(s.flag(Indicator::Waz) && !s.flag(Indicator::Haz));
        assert_eq!(s.category_names(Indicator::Whz).map(|c| c.0), Some("normal"));
    }

    #[test]
    fn the_tally_counts_skdn_and_status() {
        let mut t = Tally::default();
        let stunted = Scores {
            haz: Some(-2.5),
            waz: Some(-3.2),
            whz: Some(-1.0),
            ..Default::default()
        };
        let flagged = Scores {
            haz: Some(-7.0),
            haz_flag: true,
            waz: Some(-1.0),
            ..Default::default()
        };
        t.add(&MonthRow {
            weighed: true,
            trend: Some(Trend::T),
            scores: stunted,
        });
        t.add(&MonthRow {
            weighed: true,
            trend: Some(Trend::B),
            scores: flagged,
        });
        assert_eq!((t.d, t.t, t.b, t.bgm), (2, 1, 1, 1));
        assert_eq!(
            (t.haz_n, t.stunted, t.severely_stunted),
            (1, 1, 0),
            "flagged HAZ left out"
        );
        assert_eq!((t.waz_n, t.underweight, t.severely_underweight), (2, 1, 1));
        assert_eq!(t.flagged, 1);
        let (p, lo, hi) = Tally::prevalence(1, 4).unwrap_or_default();
        assert!((p - 25.0).abs() < 1e-9 && lo < p && hi > p);
    }

    #[test]
    fn strata() {
        let i = StratumInputs {
            sessions: 12,
            active_kader: 5,
            coverage: Some(60.0),
            extra_programs: true,
            dana_sehat: None,
        };
        assert_eq!(stratum(&i), Stratum::Purnama);
        assert_eq!(stratum(&StratumInputs { sessions: 7, ..i }), Stratum::Pratama);
        assert_eq!(stratum(&StratumInputs { active_kader: 4, ..i }), Stratum::Pratama);
        assert_eq!(
            stratum(&StratumInputs {
                coverage: Some(49.0),
                ..i
            }),
            Stratum::Madya
        );
        assert_eq!(
            stratum(&StratumInputs {
                dana_sehat: Some(50.0),
                ..i
            }),
            Stratum::Mandiri
        );
    }

    #[test]
    fn duplicates_by_nik_or_name_birth_and_mother() {
        let b = d(2023, 5, 1);
        let nik = Some("1503031205230001".to_string());
        let mother = Some("Siti Aminah".to_string());
        assert!(same_child((&nik, "A", b, &None), (&nik, "B", b, &None)));
        assert!(same_child(
            (&None, "Muhammad  Rizki", b, &mother),
            (&None, "muhammad rizki", b, &Some("SITI AMINAH".into()))
        ));
        assert!(!same_child((&None, "Rizki", b, &mother), (&None, "Rizki", b, &None)));
    }

    #[test]
    fn a_child_is_checked_and_normalised() {
        let c = ChildInput {
            nik: Some("123".into()),
            birth_weight: Some(3200.0),
            ..ChildInput::new("Aisyah", Sex2::P, d(2019, 1, 1), 5)
        };
        let e = c.clone().check(d(2024, 6, 1)).err().unwrap_or_default();
        assert_eq!(e.code_for("birth_date"), Some("child.too_old"));
        assert_eq!(e.code_for("nik"), Some("nik.length"));
        let ok = ChildInput {
            name: " Aisyah ".into(),
            birth_date: d(2023, 1, 1),
            nik: Some(" ".into()),
            rt: Some("3".into()),
            mother_name: Some("".into()),
            ..c.clone()
        }
        .check(d(2024, 6, 1))
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(ok.birth_weight, Some(3.2), "grams read as grams");
        assert_eq!(ok.rt.as_deref(), Some("003"));
        assert_eq!((ok.name.as_str(), ok.nik, ok.mother_name), ("Aisyah", None, None));
        assert_eq!(ok.as_of, Some(d(2024, 6, 1)));
        // Past records: the child was under five on the day they are for.
        let past = ChildInput {
            as_of: Some(d(2023, 12, 1)),
            ..ChildInput::new("Rina", Sex2::P, d(2019, 1, 1), 5)
        };
        assert!(past.check(d(2024, 6, 1)).is_ok());
        let later = ChildInput {
            as_of: Some(d(2024, 6, 2)),
            ..ChildInput::new("Rina", Sex2::P, d(2023, 1, 1), 5)
        };
        assert_eq!(
            later.check(d(2024, 6, 1)).err().and_then(|e| e.code_for("as_of")),
            Some("date.future")
        );
    }

    #[test]
    fn a_move_counts_from_its_month() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default();
        let moves = [(d(2024, 3, 15), 1, 2), (d(2024, 7, 2), 2, 3)];
        assert_eq!(home_at(3, &moves, d(2024, 2, 1)), 1);
        assert_eq!(home_at(3, &moves, d(2024, 3, 1)), 2);
        assert_eq!(home_at(3, &moves, d(2024, 6, 1)), 2);
        assert_eq!(home_at(3, &moves, d(2024, 7, 1)), 3);
        assert_eq!(home_at(9, &[], d(2024, 7, 1)), 9);
        assert_eq!(VisitorRule::parse(Some("where_weighed")), VisitorRule::WhereWeighed);
        assert_eq!(VisitorRule::parse(None), VisitorRule::AtHome);
    }

    #[test]
    fn concerns_name_2t_once_and_refer_all_but_a_single_t() {
        let z = |haz: f64, waz: f64, whz: f64| Scores {
            haz: Some(haz),
            waz: Some(waz),
            whz: Some(whz),
            ..Scores::default()
        };
        assert_eq!(concerns(Some(Trend::N), false, &z(0.0, 0.0, 0.0), false), vec![]);
        assert_eq!(
            concerns(Some(Trend::T), false, &z(0.0, 0.0, 0.0), false),
            vec![Concern::T]
        );
        assert_eq!(
            concerns(Some(Trend::T), true, &z(-2.5, -3.2, -2.1), true),
            vec![Concern::TwiceT, Concern::Bgm, Concern::Stunted, Concern::Wasted]
        );
        assert!(!Concern::T.refer() && Concern::TwiceT.refer() && Concern::Wasted.refer());
        // A flagged score says nothing.
        let flagged = Scores {
            whz_flag: true,
            ..z(0.0, 0.0, -6.0)
        };
        assert!(!flagged.wasted());
    }

    #[test]
    fn weight_for_age_lines_follow_the_who_medians() {
        let median = weight_for_age_curve(Sex2::L, 0.0, 1826, 30);
        // WHO weight-for-age, boys: median 3.3464 kg at birth, 19.4 kg or so at 5 years.
        assert!((median[0].1 - 3.3464).abs() < 1e-4, "{:?}", median[0]);
        assert_eq!(median.last().map(|p| p.0), Some(1826));
        assert!((18.0..21.0).contains(&median.last().map(|p| p.1).unwrap_or_default()));
        let girls_low = weight_for_age_curve(Sex2::P, -3.0, 365, 30);
        let girls_mid = weight_for_age_curve(Sex2::P, 0.0, 365, 30);
        assert!(girls_low.iter().zip(&girls_mid).all(|(a, b)| a.1 < b.1 && a.0 == b.0));
        assert_eq!(girls_low.len(), 14, "every 30 days and the last day");
    }
}
