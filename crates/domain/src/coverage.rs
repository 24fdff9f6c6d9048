//! Coverage monitoring rules: PWS (Pemantauan Wilayah Setempat) per indicator, desa and month,
//! SPM capaian (the PKP scores are in [`crate::pkp`]). Pure arithmetic on counts;
//! where the counts come from (typed, imported, derived from the nutrition tallies) is the
//! app's business.
//!
//! Sources (see shared/domain.md §1.4–1.5): the PWS-KIA exercise (cumulative target
//! `m × annual ÷ 12`, status from position and month-on-month trend).
//! How an unchanged month counts is not settled in the sources: it is [`TetapRule`], a setting
//! with the common practice as its default.

use crate::enums::str_enum;
use crate::error::{Invalid, optional_text, required_text};
use chrono::NaiveDate;

/// Coverage in percent: `count ÷ sasaran × 100`; `None` without a sasaran.
pub fn percent(count: f64, sasaran: f64) -> Option<f64> {
    (sasaran > 0.0).then(|| count / sasaran * 100.0)
}

/// The cumulative target at month `m` (1–12) of an annual target in percent: `m × annual ÷ 12`
/// (80 % a year is 6.67 % a month, 60 % by September).
pub fn cumulative_target(annual: f64, m: u32) -> f64 {
    f64::from(m.min(12)) * annual / 12.0
}

str_enum! {
    /// Where a desa stands against the (cumulative) target.
    Position {
        /// At or above the target ("di atas"); for a lower-is-better indicator (BGM/D,
        /// stunting) at or below its ceiling — on the good side.
        Above = "above",
        /// On the wrong side of it ("di bawah").
        Below = "below",
    }
}

str_enum! {
    /// This month's own coverage against last month's own coverage (a cumulative series
    /// never falls, so it cannot carry the trend).
    Trend {
        Up = "up",
        Down = "down",
        Same = "same",
    }
}

str_enum! {
    /// The PWS status of a desa in a month.
    PwsStatus {
        /// At or above the target and rising.
        Baik = "baik",
        /// At or above the target and falling.
        Kurang = "kurang",
        /// Below the target and rising.
        Cukup = "cukup",
        /// Below the target and falling.
        Jelek = "jelek",
    }
}

str_enum! {
    /// How a month with the same own coverage as the last counts (unconfirmed in the sources;
    /// a setting).
    #[derive(Default)]
    TetapRule {
        /// The common practice: as rising when at or above the target, as falling below it
        /// (the desa keeps the status its position suggests).
        #[default]
        ByPosition = "by_position",
        /// Always as rising.
        AsUp = "as_up",
        /// Always as falling.
        AsDown = "as_down",
    }
}

impl PwsStatus {
    /// The status from the position and the trend (for a lower-is-better indicator, the
    /// trend of improvement: a falling rate counts as `Up`); `None` without a trend (a January with no
    /// December recorded shows its position only).
    pub fn of(position: Position, trend: Option<Trend>, rule: TetapRule) -> Option<PwsStatus> {
        let up = match trend? {
            Trend::Up => true,
            Trend::Down => false,
            Trend::Same => match rule {
                TetapRule::ByPosition => position == Position::Above,
                TetapRule::AsUp => true,
                TetapRule::AsDown => false,
            },
        };
        Some(match (position, up) {
            (Position::Above, true) => PwsStatus::Baik,
            (Position::Above, false) => PwsStatus::Kurang,
            (Position::Below, true) => PwsStatus::Cukup,
            (Position::Below, false) => PwsStatus::Jelek,
        })
    }
}

/// Compares two coverages in percent, equal to the hundredth (what a page shows).
pub fn trend(this: f64, last: f64) -> Trend {
    let (a, b) = ((this * 100.0).round(), (last * 100.0).round());
    if a > b {
        Trend::Up
    } else if a < b {
        Trend::Down
    } else {
        Trend::Same
    }
}

/// One desa's PWS figures for one month.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct PwsMonth {
    /// 1–12.
    pub month: u32,
    /// This month's achievement (the numerator count), when reported.
    pub achieved: Option<f64>,
    /// This month's denominator when it is a monthly count (D for N/D); `None` against a
    /// sasaran.
    pub denominator: Option<f64>,
    /// This month's own coverage in percent.
    pub own: Option<f64>,
    /// Against a sasaran: Σ achievements January..month ÷ sasaran × 100. Against a monthly
    /// denominator: Σ numerators ÷ Σ denominators of the months reported so far.
    pub cumulative: Option<f64>,
    /// Against a sasaran `month × annual target ÷ 12`; against a monthly denominator the
    /// annual target itself (a rate every month should reach).
    pub target: f64,
    pub position: Option<Position>,
    pub trend: Option<Trend>,
    pub status: Option<PwsStatus>,
    /// Cumulative coverage above 100 % of a sasaran: the sasaran is probably underestimated.
    pub over_100: bool,
}

/// What an indicator's monthly counts are divided by.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Denominator {
    /// The year's target population of the desa: coverage accumulates over the year.
    Sasaran(f64),
    /// A count of each month (`[m-1]`), e.g. D for N/D: a rate judged month by month.
    Monthly([Option<f64>; 12]),
}

/// A year of PWS for one desa and indicator: `achieved[m-1]` is the count of month `m` (`None`
/// when not reported), `annual_target` in percent (a lower-is-better indicator's target is a
/// ceiling), `last_december` the previous year's December (numerator, and denominator when
/// monthly) when recorded, for January's trend. A month without a report has no own
/// coverage and no trend; the cumulative figure carries on.
pub fn pws(
    achieved: &[Option<f64>; 12],
    denominator: &Denominator,
    annual_target: f64,
    direction: Direction,
    last_december: Option<(f64, Option<f64>)>,
    rule: TetapRule,
) -> Vec<PwsMonth> {
    let ratio = |num: f64, den: Option<f64>| match denominator {
        Denominator::Sasaran(s) => percent(num, *s),
        Denominator::Monthly(_) => den.and_then(|d| percent(num, d)),
    };
    let (mut sum, mut sum_den, mut any) = (0.0, 0.0, false);
    let mut last_own = last_december.and_then(|(n, d)| ratio(n, d));
    let mut out = Vec::with_capacity(12);
    for (i, a) in achieved.iter().enumerate() {
        let month = i as u32 + 1;
        let den = match denominator {
            Denominator::Sasaran(_) => None,
            Denominator::Monthly(d) => d[i],
        };
        let own = a.and_then(|a| ratio(a, den));
        if let (Some(a), true) = (a, own.is_some() || matches!(denominator, Denominator::Sasaran(_))) {
            sum += a;
            sum_den += den.unwrap_or(0.0);
            any = true;
        }
        let (cumulative, target, judged) = match denominator {
            Denominator::Sasaran(s) => {
                let c = if any { percent(sum, *s) } else { None };
                (c, cumulative_target(annual_target, month), c)
            }
            Denominator::Monthly(_) => (if any { percent(sum, sum_den) } else { None }, annual_target, own),
        };
        let position = judged.map(|v| {
            let meets = match direction {
                Direction::Higher => v >= target,
                Direction::Lower => v <= target,
            };
            if meets { Position::Above } else { Position::Below }
        });
        let trend = match (own, last_own) {
            (Some(o), Some(l)) => Some(trend(o, l)),
            _ => None,
        };
        let improving = trend.map(|t| match (direction, t) {
            (_, Trend::Same) => Trend::Same,
            (Direction::Higher, t) => t,
            (Direction::Lower, Trend::Up) => Trend::Down,
            (Direction::Lower, Trend::Down) => Trend::Up,
        });
        let status = position.and_then(|p| PwsStatus::of(p, improving, rule));
        out.push(PwsMonth {
            month,
            achieved: *a,
            denominator: den,
            own,
            cumulative,
            target,
            position,
            trend,
            status,
            over_100: matches!(denominator, Denominator::Sasaran(_)) && cumulative.is_some_and(|c| c > 100.0),
        });
        last_own = own;
    }
    out
}

/// [`pws`] against a sasaran for a higher-is-better indicator.
pub fn pws_year(
    achieved: &[Option<f64>; 12],
    sasaran: f64,
    annual_target: f64,
    last_december: Option<f64>,
    rule: TetapRule,
) -> Vec<PwsMonth> {
    pws(
        achieved,
        &Denominator::Sasaran(sasaran),
        annual_target,
        Direction::Higher,
        last_december.map(|d| (d, None)),
        rule,
    )
}

/// What an action did to its desa's coverage, as far as a comparison can tell: the mean of
/// the monthly own coverage before and after the action started, in the desa and in
/// comparable desa (same Puskesmas, same status when the problem was raised, no such action),
/// and the difference in differences `(after − before) − (comparison after − comparison
/// before)`. An association, not proof: other things changed too.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Effect {
    pub before: Option<f64>,
    pub after: Option<f64>,
    pub comparison_before: Option<f64>,
    pub comparison_after: Option<f64>,
    pub did: Option<f64>,
}

/// [`Effect`] of two monthly series aligned on the same months, the action starting at
/// index `start` (months before it are "before").
pub fn effect(treated: &[Option<f64>], comparison: &[Option<f64>], start: usize) -> Effect {
    let split = |v: &[Option<f64>]| {
        let cut = start.min(v.len());
        (mean(v[..cut].iter().copied()), mean(v[cut..].iter().copied()))
    };
    let (before, after) = split(treated);
    let (comparison_before, comparison_after) = split(comparison);
    let did = match (before, after, comparison_before, comparison_after) {
        (Some(b), Some(a), Some(cb), Some(ca)) => Some((a - b) - (ca - cb)),
        _ => None,
    };
    Effect {
        before,
        after,
        comparison_before,
        comparison_after,
        did,
    }
}

/// The mean of the values that exist (a variable from its sub-variables, a programme from its
/// variables); `None` when none does.
pub fn mean<I: IntoIterator<Item = Option<f64>>>(values: I) -> Option<f64> {
    let (sum, n) = values
        .into_iter()
        .flatten()
        .fold((0.0, 0u32), |(s, n), v| (s + v, n + 1));
    (n > 0).then(|| sum / f64::from(n))
}

/// SPM capaian: the numerators and denominators of the places summed first, then divided —
/// never a mean of percentages.
pub fn capaian<I: IntoIterator<Item = (f64, f64)>>(counts: I) -> Option<f64> {
    let (num, den) = counts.into_iter().fold((0.0, 0.0), |(n, d), (a, b)| (n + a, d + b));
    percent(num, den)
}

// --- the indicator catalogue ----------------------------------------------------------------

str_enum! {
    /// How an indicator's value reads.
    Unit {
        /// Numerator ÷ denominator × 100.
        Percent = "percent",
        /// Numerator ÷ denominator × 1,000.
        PerThousand = "per_1000",
        /// A count.
        Count = "count",
    }
}

str_enum! {
    /// Which way is better.
    Direction {
        Higher = "higher",
        Lower = "lower",
    }
}

str_enum! {
    /// The UKM esensial programme (or the management side) an indicator belongs to.
    Program {
        KiaKb = "kia_kb",
        Gizi = "gizi",
        Imunisasi = "imunisasi",
        P2p = "p2p",
        Promkes = "promkes",
        Kesling = "kesling",
        Perkesmas = "perkesmas",
        Ukp = "ukp",
        Manajemen = "manajemen",
    }
}

str_enum! {
    /// The target population (sasaran) an indicator's denominator is drawn from, estimated per
    /// desa and year.
    SasaranKind {
        /// The whole population of the desa: what the other kinds are derived from with a
        /// ratio when they are not counted.
        Penduduk = "penduduk",
        Bumil = "bumil",
        Bulin = "bulin",
        BayiBaruLahir = "bayi_baru_lahir",
        Bayi = "bayi",
        Baduta = "baduta",
        Balita = "balita",
        UsiaPendidikanDasar = "usia_pendidikan_dasar",
        AnakSd = "anak_sd",
        UsiaProduktif = "usia_produktif",
        Lansia = "lansia",
        Hipertensi = "estimasi_hipertensi",
        DiabetesMelitus = "estimasi_dm",
        OdgjBerat = "estimasi_odgj_berat",
        TerdugaTb = "terduga_tb",
        RisikoHiv = "risiko_hiv",
    }
}

str_enum! {
    /// A figure Lintas computes from its own nutrition records, shown as derived and never
    /// typed twice.
    Derived {
        /// D/S from the monthly tallies.
        DS = "d_s",
        /// N/D.
        ND = "n_d",
        /// BGM/D.
        BgmD = "bgm_d",
        /// Stunted ÷ measured for length or height.
        Stunting = "stunting",
    }
}

str_enum! {
    /// Where a sasaran figure came from.
    SasaranSource {
        Entered = "entered",
        Imported = "imported",
        /// The population of the desa times the kind's ratio.
        Derived = "derived",
    }
}

str_enum! {
    /// Where a monthly achievement came from.
    AchievementSource {
        Entered = "entered",
        Imported = "imported",
    }
}

/// The first and last year Lintas accepts coverage figures for.
pub const YEARS: std::ops::RangeInclusive<i32> = 2000..=2100;

/// The largest count or sasaran accepted (a desa is not bigger than this).
pub const MAX_COUNT: f64 = 10_000_000.0;

fn count(v: f64) -> Result<f64, &'static str> {
    if !v.is_finite() {
        Err("number.format")
    } else if v < 0.0 {
        Err("number.negative")
    } else if v > MAX_COUNT {
        Err("number.too_large")
    } else {
        Ok(v)
    }
}

/// One sasaran figure: a desa's target population of one kind in one year.
#[derive(Debug, Clone, PartialEq, serde::Deserialize, serde::Serialize)]
pub struct SasaranInput {
    pub desa_code: String,
    pub year: i32,
    pub kind: SasaranKind,
    pub value: f64,
}

impl SasaranInput {
    /// A year Lintas knows and a count from 0 to [`MAX_COUNT`].
    pub fn check(self) -> Result<SasaranInput, Invalid> {
        let mut inv = Invalid::new();
        if !YEARS.contains(&self.year) {
            inv.add("year", "year.range");
        }
        inv.check("value", count(self.value));
        inv.into_result().map(|()| SasaranInput {
            desa_code: self.desa_code.trim().to_string(),
            ..self
        })
    }
}

/// One month's achievement of a desa for an indicator: the numerator count, and the monthly
/// denominator when the indicator has no sasaran (ASI eksklusif: the infants recorded).
#[derive(Debug, Clone, PartialEq, serde::Deserialize, serde::Serialize)]
pub struct AchievementInput {
    pub indicator_code: String,
    pub desa_code: String,
    /// Any day of the month; stored as its first day.
    pub month: NaiveDate,
    pub numerator: f64,
    #[serde(default)]
    pub denominator: Option<f64>,
}

impl AchievementInput {
    /// Counts from 0 to [`MAX_COUNT`]; the month as its first day; for a percentage with a
    /// monthly denominator, a numerator not above it.
    pub fn check(self, unit: Unit) -> Result<AchievementInput, Invalid> {
        let mut inv = Invalid::new();
        let numerator = inv.check("numerator", count(self.numerator));
        let denominator = self.denominator.and_then(|d| inv.check("denominator", count(d)));
        if let (Some(n), Some(d), Unit::Percent) = (numerator, denominator, unit)
            && n > d
        {
            inv.add("numerator", "achievement.above_denominator");
        }
        inv.into_result().map(|()| AchievementInput {
            indicator_code: self.indicator_code.trim().to_ascii_uppercase(),
            desa_code: self.desa_code.trim().to_string(),
            month: first_of_month(self.month),
            ..self
        })
    }
}

/// Reads a month written `2024-03`, `03/2024`, `2024-03-17` or `2024-03-01T…` (a spreadsheet's
/// date); its first day. `date.format` otherwise.
pub fn parse_month(s: &str) -> Result<NaiveDate, &'static str> {
    let t = s.trim();
    let t = t.split(['T', ' ']).next().unwrap_or(t);
    let day = if let Some((m, y)) = t.split_once('/') {
        format!("{y}-{m:0>2}-01")
    } else if t.len() == 7 {
        format!("{t}-01")
    } else {
        t.to_string()
    };
    NaiveDate::parse_from_str(&day, "%Y-%m-%d")
        .map(first_of_month)
        .map_err(|_| "date.format")
}

/// Reads a count as people write it: `12`, `12,5`, `1.234,5` and `1.234` (Indonesian: the dot
/// groups thousands), `1,234.5`; `12.5` is twelve and a half.
pub fn parse_count(s: &str) -> Result<f64, &'static str> {
    let t = s.trim().replace([' ', '\u{a0}'], "");
    let normal = match (t.rfind('.'), t.rfind(',')) {
        (Some(d), Some(c)) if c > d => t.replace('.', "").replace(',', "."),
        (Some(_), Some(_)) => t.replace(',', ""),
        (None, Some(_)) => t.replace(',', "."),
        (Some(_), None) if t.split('.').skip(1).all(|g| g.len() == 3) => t.replace('.', ""),
        _ => t,
    };
    normal.parse::<f64>().map_err(|_| "number.format").and_then(count)
}

/// The first day of `day`'s month.
pub fn first_of_month(day: NaiveDate) -> NaiveDate {
    use chrono::Datelike;
    day.with_day(1).unwrap_or(day)
}

/// A Puskesmas's yearly target for one indicator (the SK target kinerja), in the indicator's
/// unit.
#[derive(Debug, Clone, PartialEq, serde::Deserialize, serde::Serialize)]
pub struct TargetInput {
    pub indicator_code: String,
    pub target: f64,
}

impl TargetInput {
    /// From 0 to 100 for a percentage, not negative otherwise.
    pub fn check(self, unit: Unit) -> Result<TargetInput, Invalid> {
        let ok = self.target.is_finite() && self.target >= 0.0 && (unit != Unit::Percent || self.target <= 100.0);
        if ok {
            Ok(TargetInput {
                indicator_code: self.indicator_code.trim().to_ascii_uppercase(),
                ..self
            })
        } else {
            Err(Invalid::one("target", "indicator.target"))
        }
    }
}

/// The day by which a month's report is due: the `day`-th of the next month (the common
/// practice is the 5th; a setting).
pub fn report_deadline(month: NaiveDate, day: u32) -> NaiveDate {
    use chrono::Months;
    let next = first_of_month(month) + Months::new(1);
    let last = (next + Months::new(1))
        .pred_opt()
        .map_or(28, |d| chrono::Datelike::day(&d));
    chrono::Datelike::with_day(&next, day.clamp(1, last)).unwrap_or(next)
}

/// One indicator of the catalogue, in one version (the regulation it follows).
#[derive(Debug, Clone, PartialEq)]
pub struct IndicatorDef {
    /// Short stable code, e.g. `SPM-01`, `K1`, `DS`.
    pub code: String,
    /// The regulation or edition this definition follows, e.g. `pmk-4-2019`.
    pub version: String,
    pub name_id: String,
    pub name_en: String,
    pub program: Program,
    /// ILP klaster 1–5 (1 manajemen, 2 ibu dan anak, 3 usia dewasa dan lansia, 4 penyakit
    /// menular, 5 lintas klaster).
    pub cluster: u8,
    /// The SPM service number (1–12) when the indicator is one of them.
    pub spm: Option<u8>,
    pub numerator: String,
    pub denominator: String,
    pub unit: Unit,
    pub direction: Direction,
    /// The sasaran of the denominator; `None` when the denominator is itself a monthly count
    /// (D for N/D, children measured for stunting).
    pub sasaran: Option<SasaranKind>,
    /// Default annual target in percent (the SK target kinerja sets each Puskesmas's own).
    pub target: Option<f64>,
    /// Computed from Lintas's nutrition records instead of entered.
    pub derived: Option<Derived>,
    pub legal_basis: String,
    pub valid_from: NaiveDate,
    pub valid_to: Option<NaiveDate>,
}

impl IndicatorDef {
    /// A definition's own rules: a well-formed code and version, names and definitions, a
    /// klaster 1–5, an SPM number 1–12, a target 0–100 for a percentage, a validity that does
    /// not end before it starts.
    pub fn check(self) -> Result<IndicatorDef, Invalid> {
        let mut inv = Invalid::new();
        let code_ok = |s: &str, max: usize| {
            !s.is_empty()
                && s.len() <= max
                && s.chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '/'))
        };
        let code = self.code.trim().to_ascii_uppercase();
        if !code_ok(&code, 30) {
            inv.add("code", "indicator.code");
        }
        let version = self.version.trim().to_ascii_lowercase();
        if !code_ok(&version, 40) {
            inv.add("version", "indicator.version");
        }
        let name_id = inv.check("name_id", required_text(&self.name_id, 200));
        let name_en = inv.check("name_en", required_text(&self.name_en, 200));
        let numerator = inv.check("numerator", required_text(&self.numerator, 1000));
        let denominator = inv.check("denominator", required_text(&self.denominator, 1000));
        let legal_basis = inv.check("legal_basis", optional_text(&self.legal_basis, 300));
        if !(1..=5).contains(&self.cluster) {
            inv.add("cluster", "indicator.cluster");
        }
        if self.spm.is_some_and(|n| !(1..=12).contains(&n)) {
            inv.add("spm", "indicator.spm");
        }
        if let Some(t) = self.target
            && (!t.is_finite() || t < 0.0 || (self.unit == Unit::Percent && t > 100.0))
        {
            inv.add("target", "indicator.target");
        }
        if self.valid_to.is_some_and(|to| to < self.valid_from) {
            inv.add("valid_to", "date.end_before_start");
        }
        match (name_id, name_en, numerator, denominator, legal_basis) {
            (Some(name_id), Some(name_en), Some(numerator), Some(denominator), Some(legal_basis)) if inv.is_empty() => {
                Ok(IndicatorDef {
                    code,
                    version,
                    name_id,
                    name_en,
                    numerator,
                    denominator,
                    legal_basis: legal_basis.unwrap_or_default(),
                    ..self
                })
            }
            _ => Err(inv),
        }
    }

    /// Whether this version applies on `day`.
    pub fn valid_on(&self, day: NaiveDate) -> bool {
        self.valid_from <= day && self.valid_to.is_none_or(|to| day <= to)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: Option<f64>, b: f64) -> bool {
        a.is_some_and(|a| (a - b).abs() < 0.005)
    }

    #[test]
    fn the_k1_exercise_september_target_is_sixty_percent() {
        // K1 80 % a year → 6.67 % a month → 9 × 6.67 % ≈ 60 % by September [S6].
        assert!((cumulative_target(80.0, 9) - 60.0).abs() < 1e-9);
        assert!((cumulative_target(80.0, 1) - 6.666_666).abs() < 1e-5);
        assert!(
            (cumulative_target(80.0, 14) - 80.0).abs() < 1e-9,
            "no month past December"
        );
    }

    #[test]
    fn desa_melati_above_target_and_falling_is_kurang() {
        // 120 pregnant women; 10 K1 visits a month to August, 8 in September: cumulative
        // 88/120 = 73.3 % ≥ 60 %, own coverage 6.67 % < 8.33 % → above and falling.
        let mut a = [None; 12];
        for m in a.iter_mut().take(8) {
            *m = Some(10.0);
        }
        a[8] = Some(8.0);
        let year = pws_year(&a, 120.0, 80.0, None, TetapRule::default());
        let sept = year[8];
        assert!(close(sept.cumulative, 73.33), "{sept:?}");
        assert!(close(Some(sept.target), 60.0));
        assert_eq!(
            (sept.position, sept.trend, sept.status),
            (Some(Position::Above), Some(Trend::Down), Some(PwsStatus::Kurang))
        );
        // January has no December here: position only.
        assert_eq!((year[0].position, year[0].status), (Some(Position::Above), None));
        // February to August: the same own coverage each month, above the target → Baik.
        assert_eq!(year[4].trend, Some(Trend::Same));
        assert_eq!(year[4].status, Some(PwsStatus::Baik));
        // October unreported: cumulative carries on, no own coverage, no status.
        assert!(close(year[9].cumulative, 73.33));
        assert_eq!((year[9].own, year[9].trend, year[9].status), (None, None, None));
    }

    #[test]
    fn a_month_depends_on_the_months_before_it_only() {
        // The scorecard, a plan's results and a Lokmin's proposals read achievements only up
        // to the month they show (`coverage::Reads::load`): every month up to it must come out
        // the same whatever the later months hold, on either denominator and direction.
        let a: [Option<f64>; 12] = [3.0, 7.5, 2.0, 9.0, 4.0, 1.0, 8.0, 6.5, 5.0, 2.5, 7.0, 3.5].map(Some);
        let dens: [Option<f64>; 12] = [10.0, 12.0, 9.0, 11.0, 10.0, 8.0, 12.0, 13.0, 9.0, 10.0, 11.0, 12.0].map(Some);
        for denominator in [Denominator::Sasaran(60.0), Denominator::Monthly(dens)] {
            for direction in [Direction::Higher, Direction::Lower] {
                let year = |a: &[Option<f64>; 12]| {
                    pws(
                        a,
                        &denominator,
                        70.0,
                        direction,
                        Some((4.0, Some(10.0))),
                        TetapRule::default(),
                    )
                };
                let whole = year(&a);
                for through in 1..=12 {
                    let mut cut = a;
                    for m in cut.iter_mut().skip(through) {
                        *m = None;
                    }
                    let part = year(&cut);
                    assert_eq!(part[..through], whole[..through], "through {through}, {direction:?}");
                }
            }
        }
    }

    #[test]
    fn the_four_statuses_and_the_unchanged_month() {
        use Position::*;
        use PwsStatus::*;
        use Trend::*;
        let r = TetapRule::ByPosition;
        assert_eq!(PwsStatus::of(Above, Some(Up), r), Some(Baik));
        assert_eq!(PwsStatus::of(Above, Some(Down), r), Some(Kurang));
        assert_eq!(PwsStatus::of(Below, Some(Up), r), Some(Cukup));
        assert_eq!(PwsStatus::of(Below, Some(Down), r), Some(Jelek));
        assert_eq!(PwsStatus::of(Above, Some(Same), r), Some(Baik));
        assert_eq!(PwsStatus::of(Below, Some(Same), r), Some(Jelek));
        assert_eq!(PwsStatus::of(Below, Some(Same), TetapRule::AsUp), Some(Cukup));
        assert_eq!(PwsStatus::of(Above, Some(Same), TetapRule::AsDown), Some(Kurang));
        assert_eq!(PwsStatus::of(Above, None, r), None);
    }

    #[test]
    fn january_compares_with_last_december_and_a_low_desa_is_jelek() {
        let mut a = [None; 12];
        a[0] = Some(1.0);
        let year = pws_year(&a, 100.0, 90.0, Some(3.0), TetapRule::default());
        // 1 % < 7.5 % cumulative target; 1 % own < 3 % last December.
        assert_eq!(year[0].status, Some(PwsStatus::Jelek));
        assert!(!year[0].over_100);
        let over = pws_year(&[Some(150.0); 12], 100.0, 90.0, None, TetapRule::default());
        assert!(over[0].over_100, "sasaran underestimated: accepted and flagged");
    }

    #[test]
    fn a_monthly_rate_is_judged_each_month_and_a_ceiling_reads_the_other_way() {
        // D/S against 80 %: 30/50, then 45/50 → below and rising (Cukup), then above and rising.
        let mut num = [None; 12];
        let mut den = [None; 12];
        for (i, (n, d)) in [(40.0, 50.0), (30.0, 50.0), (45.0, 50.0)].into_iter().enumerate() {
            num[i] = Some(n);
            den[i] = Some(d);
        }
        let y = pws(
            &num,
            &Denominator::Monthly(den),
            80.0,
            Direction::Higher,
            None,
            TetapRule::default(),
        );
        assert!(close(y[1].own, 60.0) && close(Some(y[1].target), 80.0));
        assert_eq!(
            (y[1].position, y[1].status),
            (Some(Position::Below), Some(PwsStatus::Jelek))
        );
        assert_eq!(y[2].status, Some(PwsStatus::Baik));
        // Year to date: 115/150.
        assert!(close(y[2].cumulative, 76.67));
        assert!(!y[2].over_100);
        // Stunting with a 14 % ceiling: 20 % falling to 15 % is below the mark but improving
        // (Cukup); 12 % rising to 13 % is within it but worsening (Kurang).
        let mut num = [None; 12];
        let mut den = [None; 12];
        for (i, (n, d)) in [(20.0, 100.0), (15.0, 100.0), (12.0, 100.0), (13.0, 100.0)]
            .into_iter()
            .enumerate()
        {
            num[i] = Some(n);
            den[i] = Some(d);
        }
        let y = pws(
            &num,
            &Denominator::Monthly(den),
            14.0,
            Direction::Lower,
            None,
            TetapRule::default(),
        );
        assert_eq!(y[1].trend, Some(Trend::Down), "the arrow shows the figure itself");
        assert_eq!(y[1].status, Some(PwsStatus::Cukup));
        assert_eq!(y[2].status, Some(PwsStatus::Baik));
        assert_eq!(y[3].status, Some(PwsStatus::Kurang));
        // A month with a count but no denominator is not judged and does not count.
        let mut num = [None; 12];
        num[0] = Some(5.0);
        let y = pws(
            &num,
            &Denominator::Monthly([None; 12]),
            80.0,
            Direction::Higher,
            None,
            TetapRule::default(),
        );
        assert_eq!((y[0].own, y[0].cumulative, y[0].status), (None, None, None));
    }

    #[test]
    fn inputs_name_bad_counts_and_the_deadline_is_the_fifth() {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default();
        let a = AchievementInput {
            indicator_code: " k1 ".into(),
            desa_code: "15.03.01.2001".into(),
            month: day(2024, 3, 17),
            numerator: 12.0,
            denominator: None,
        }
        .check(Unit::Percent)
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((a.indicator_code.as_str(), a.month), ("K1", day(2024, 3, 1)));
        let bad = AchievementInput {
            numerator: 12.0,
            denominator: Some(10.0),
            ..a.clone()
        };
        let e = bad.check(Unit::Percent).err().unwrap_or_default();
        assert_eq!(e.code_for("numerator"), Some("achievement.above_denominator"));
        let neg = AchievementInput {
            numerator: -1.0,
            denominator: Some(f64::NAN),
            ..a
        };
        let e = neg.check(Unit::Percent).err().unwrap_or_default();
        assert_eq!(
            (e.code_for("numerator"), e.code_for("denominator")),
            (Some("number.negative"), Some("number.format"))
        );
        let s = SasaranInput {
            desa_code: "x".into(),
            year: 1999,
            kind: SasaranKind::Bumil,
            value: 2e7,
        };
        let e = s.check().err().unwrap_or_default();
        assert_eq!(
            (e.code_for("year"), e.code_for("value")),
            (Some("year.range"), Some("number.too_large"))
        );
        assert!(
            TargetInput {
                indicator_code: "k1".into(),
                target: 101.0
            }
            .check(Unit::Percent)
            .is_err()
        );
        assert_eq!(parse_month("2024-03"), Ok(day(2024, 3, 1)));
        assert_eq!(parse_month(" 3/2024 "), Ok(day(2024, 3, 1)));
        assert_eq!(parse_month("2024-03-17T00:00:00"), Ok(day(2024, 3, 1)));
        assert_eq!(parse_month("Maret"), Err("date.format"));
        assert_eq!(parse_count("1.234,5"), Ok(1234.5));
        assert_eq!(parse_count("1,234.5"), Ok(1234.5));
        assert_eq!(parse_count("12,5"), Ok(12.5));
        assert_eq!(parse_count("1.234"), Ok(1234.0));
        assert_eq!(parse_count("12.5"), Ok(12.5));
        assert_eq!(parse_count("-3"), Err("number.negative"));
        assert_eq!(parse_count("dua"), Err("number.format"));
        assert_eq!(report_deadline(day(2024, 1, 1), 5), day(2024, 2, 5));
        assert_eq!(report_deadline(day(2024, 12, 1), 5), day(2025, 1, 5));
        assert_eq!(
            report_deadline(day(2024, 1, 1), 31),
            day(2024, 2, 29),
            "clamped to the month"
        );
    }

    #[test]
    fn difference_in_differences_by_hand() {
        // The desa rises from 4 to 8 (+4), the comparison from 4 to 5 (+1): +3 attributed.
        let t = [Some(4.0), Some(4.0), None, Some(7.0), Some(9.0)];
        let c = [Some(3.0), Some(5.0), Some(4.0), Some(5.0), Some(5.0)];
        let e = effect(&t, &c, 3);
        assert_eq!(
            (e.before, e.after, e.comparison_before, e.comparison_after),
            (Some(4.0), Some(8.0), Some(4.0), Some(5.0))
        );
        assert!(close(e.did, 3.0));
        assert_eq!(effect(&t, &[None; 5], 3).did, None, "no comparison, no figure");
        assert_eq!(effect(&t, &c, 0).before, None);
    }

    #[test]
    fn capaian_sums_counts_before_dividing() {
        // Two desa: 9/10 and 1/90. The mean of percentages would be 45.6 %; the capaian is 10 %.
        assert!(close(capaian([(9.0, 10.0), (1.0, 90.0)]), 10.0));
        assert_eq!(capaian(Vec::<(f64, f64)>::new()), None);
    }

    fn def() -> IndicatorDef {
        IndicatorDef {
            code: " k1 ".into(),
            version: "PMK-4-2019".into(),
            name_id: "Kunjungan pertama ibu hamil (K1)".into(),
            name_en: "First antenatal visit (K1)".into(),
            program: Program::KiaKb,
            cluster: 2,
            spm: None,
            numerator: "Ibu hamil yang mendapat pelayanan antenatal pertama".into(),
            denominator: "Sasaran ibu hamil".into(),
            unit: Unit::Percent,
            direction: Direction::Higher,
            sasaran: Some(SasaranKind::Bumil),
            target: Some(100.0),
            derived: None,
            legal_basis: "".into(),
            valid_from: NaiveDate::from_ymd_opt(2019, 1, 1).unwrap_or_default(),
            valid_to: None,
        }
    }

    #[test]
    fn a_definition_is_normalised_and_its_rules_name_fields() {
        let d = def().check().unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((d.code.as_str(), d.version.as_str()), ("K1", "pmk-4-2019"));
        assert!(d.valid_on(NaiveDate::from_ymd_opt(2024, 5, 1).unwrap_or_default()));
        let bad = IndicatorDef {
            code: "K 1".into(),
            cluster: 6,
            spm: Some(13),
            target: Some(120.0),
            name_en: " ".into(),
            valid_to: NaiveDate::from_ymd_opt(2018, 1, 1),
            ..def()
        };
        let e = bad.check().err().unwrap_or_default();
        let got: Vec<_> = e.0.iter().map(|f| (f.field.as_str(), f.code)).collect();
        assert_eq!(
            got,
            [
                ("code", "indicator.code"),
                ("name_en", "required"),
                ("cluster", "indicator.cluster"),
                ("spm", "indicator.spm"),
                ("target", "indicator.target"),
                ("valid_to", "date.end_before_start")
            ]
        );
    }
}
