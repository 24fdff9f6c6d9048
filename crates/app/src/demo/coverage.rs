//! The demo district's coverage monitoring, 2023 and 2024: the sasaran of every desa, each
//! Puskesmas's targets (2023 approved and locked by Dinkes, 2024 still open), the monthly
//! achievements of every typed indicator at every desa, and when each Puskesmas reported each
//! month.
//!
//! - **Sasaran.** A desa's population follows its size in the child-growth demo (a desa with
//!   more children has more people; 600–4,000 in 2023, about 1.2 % more in 2024), entered as
//!   `penduduk`; every other kind is derived from it with the shipped ratios, the way
//!   [`crate::coverage::derive_sasaran`] does.
//! - **Targets.** The SK target kinerja of the non-SPM indicators (the SPM ones keep the
//!   catalogue's 100 %) with a small variation per Puskesmas and indicator; the derived
//!   indicators too (D/S, N/D; BGM/D and stunting as ceilings). Dinkes approved and locked
//!   2023 on 6 February 2023.
//! - **Achievements.** Every typed indicator (the 12 SPM services, the KIA, immunisation and
//!   nutrition ones; never D/S, N/D, BGM/D or stunting, which come from the nutrition tallies)
//!   at every desa and month: a year's count is the sasaran times the desa's coverage that
//!   year (the indicator's level, the desa's and its kecamatan's performance, a little noise),
//!   spread over the months with noise — or over the rounds of vitamin A (February, August)
//!   and BIAS (August, November), which have rows in their months only. The KIA chain holds
//!   (K1 ≥ K4 ≥ K6, KN1 ≥ KN lengkap; SPM 1–3 follow K4, persalinan di fasyankes and KN
//!   lengkap). ASI eksklusif has a monthly denominator: the infants under six months recorded,
//!   about half the bayi sasaran. In the transmigration desa of [`CROWDED`] the
//!   mother-and-child counts pass 100 % of the sasaran (flagged). The desa of [`JELEK_2023`]
//!   fall behind on K4 and IDL in 2023 (well below target, falling through the second half:
//!   Jelek) and are above target in 2024.
//! - **Reports.** Each Puskesmas's month, mostly entered by the 5th of the next month (WIB), a
//!   few late (December more often, [`OFTEN_LATE`] often); [`MISSING`] never reported two
//!   months of 2024, and has no figures for them.
//!
//! Deterministic: generators seeded by desa, Puskesmas and indicator, so a desa's figures are
//! the same in the small and the full demo. [`Size::Small`] loads the desa of Puskesmas
//! Sarolangun only.

use super::nutrition::{Size, desa_size, gauss, kecamatan_haz, seed_of};
use crate::{App, AppError, Result};
use chrono::{DateTime, Months, NaiveDate, Utc};
use domain::access::Area;
use domain::audit::AuditEvent;
use domain::coverage::{AchievementSource, SasaranKind, SasaranSource, report_deadline};
use domain::org::OrgKind;
use domain::region::RegionKind;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::collections::{HashMap, HashSet};
use std::time::Instant;
use store::Tx;
use store::coverage::{AchievementRow, SasaranRow, TargetRow};
use store::org::{Org, OrgFilter};

const DISTRICT: &str = super::district::DISTRICT;
const SMALL_PUSKESMAS: &str = "PKM-SRL-03";
const BY: &str = "demo";
/// The Dinkes login that approved (locked) the 2023 targets.
const APPROVER: &str = "dinkes";
/// The years of the demo; the first is locked.
pub const YEARS: [i32; 2] = [2023, 2024];

/// Desa clearly Jelek on K4 and IDL in 2023 (well below target, falling in the second half)
/// that are above target in 2024; Tinting is Puskesmas Sarolangun's.
pub const JELEK_2023: [&str; 6] = [
    "15.03.01.2007",
    "15.03.02.2011",
    "15.03.03.2005",
    "15.03.06.2003",
    "15.03.08.2006",
    "15.03.10.2003",
];
/// Transmigration desa of Singkut (Siliwangi, Argo Sari) with more births than the ratios
/// estimate: their mother-and-child coverage passes 100 % (the sasaran is underestimated).
pub const CROWDED: [&str; 2] = ["15.03.09.2008", "15.03.09.2012"];
/// The indicators the desa of [`JELEK_2023`] fall behind on.
const JELEK_CODES: [&str; 2] = ["K4", "IDL"];
/// The Puskesmas that never reported two months of 2024 (Air Hitam, while its data officer
/// changed), and those months.
pub const MISSING: (&str, i32, [u32; 2]) = ("PKM-SRL-07", 2024, [6, 7]);
/// The Puskesmas that often reports late (Cermin Nan Gedang).
pub const OFTEN_LATE: &str = "PKM-SRL-10";

/// How a year's count is spread over the months.
#[derive(Clone, Copy)]
enum Season {
    /// Every month alike (with noise).
    Flat,
    /// Every month, most at the start of the school year (skrining anak sekolah).
    School,
    /// Only in these months, with these shares (vitamin A and BIAS rounds with sweeping).
    Rounds(&'static [(u32, f64)]),
}

const SCHOOL: [f64; 12] = [0.4, 0.4, 0.4, 0.4, 0.3, 0.2, 0.8, 2.5, 2.5, 1.5, 0.6, 0.3];
const VITA_ROUNDS: &[(u32, f64)] = &[(2, 0.45), (3, 0.05), (8, 0.45), (9, 0.05)];
const BIAS_ROUNDS: &[(u32, f64)] = &[(8, 0.55), (9, 0.05), (11, 0.4)];

/// A typed indicator: its code, the district's coverage level in 2023 and 2024 (a fraction of
/// the sasaran; for ASI eksklusif the monthly rate; none for SPM 1–3, which follow
/// [`FOLLOWS`]), and its season.
const TYPED: &[(&str, [f64; 2], Season)] = &[
    ("SPM-01", [0.0, 0.0], Season::Flat),
    ("SPM-02", [0.0, 0.0], Season::Flat),
    ("SPM-03", [0.0, 0.0], Season::Flat),
    ("SPM-04", [0.72, 0.78], Season::Flat),
    ("SPM-05", [0.80, 0.86], Season::School),
    ("SPM-06", [0.48, 0.60], Season::Flat),
    ("SPM-07", [0.58, 0.66], Season::Flat),
    ("SPM-08", [0.40, 0.50], Season::Flat),
    ("SPM-09", [0.55, 0.63], Season::Flat),
    ("SPM-10", [0.72, 0.80], Season::Flat),
    ("SPM-11", [0.50, 0.62], Season::Flat),
    ("SPM-12", [0.62, 0.72], Season::Flat),
    ("K1", [0.95, 0.97], Season::Flat),
    ("K4", [0.90, 0.92], Season::Flat),
    ("K6", [0.74, 0.81], Season::Flat),
    ("PF", [0.89, 0.91], Season::Flat),
    ("KF", [0.84, 0.87], Season::Flat),
    ("KN1", [0.94, 0.96], Season::Flat),
    ("KNL", [0.89, 0.91], Season::Flat),
    ("IDL", [0.89, 0.91], Season::Flat),
    ("BIAS", [0.93, 0.95], Season::Rounds(BIAS_ROUNDS)),
    ("VITA", [0.87, 0.89], Season::Rounds(VITA_ROUNDS)),
    ("TTD", [0.83, 0.86], Season::Flat),
    ("ASIX", [0.58, 0.62], Season::Flat),
];

/// SPM services whose count follows another indicator's: (SPM, followed).
const FOLLOWS: [(&str, &str); 3] = [("SPM-01", "K4"), ("SPM-02", "PF"), ("SPM-03", "KNL")];
/// Pairs where the first count is never above the second in a year: (smaller, larger).
const CHAIN: [(&str, &str); 3] = [("K4", "K1"), ("K6", "K4"), ("KNL", "KN1")];

/// The district's SK targets of 2023 and 2024 (percent); BGM/D and stunting are ceilings.
const TARGETS: &[(&str, [f64; 2])] = &[
    ("K1", [95.0, 95.0]),
    ("K4", [90.0, 90.0]),
    ("K6", [75.0, 80.0]),
    ("PF", [90.0, 92.0]),
    ("KF", [85.0, 88.0]),
    ("KN1", [95.0, 95.0]),
    ("KNL", [90.0, 92.0]),
    ("IDL", [90.0, 92.0]),
    ("BIAS", [95.0, 95.0]),
    ("VITA", [90.0, 90.0]),
    ("TTD", [85.0, 88.0]),
    ("ASIX", [60.0, 60.0]),
    ("DS", [80.0, 80.0]),
    ("ND", [70.0, 70.0]),
    ("BGMD", [2.0, 2.0]),
    ("STUNT", [18.0, 14.0]),
];

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

fn rng_of(parts: &[&str], salt: u64) -> StdRng {
    StdRng::seed_from_u64(seed_of(&parts.join("/")) ^ salt)
}

/// `total` shared out over the months by `weights`, exactly (largest remainder, earlier
/// months first on ties).
fn split(total: i64, weights: &[f64; 12]) -> [i64; 12] {
    let mut out = [0i64; 12];
    let sum: f64 = weights.iter().sum();
    if total <= 0 || sum <= 0.0 {
        return out;
    }
    let exact: Vec<f64> = weights.iter().map(|w| total as f64 * w / sum).collect();
    for (o, e) in out.iter_mut().zip(&exact) {
        *o = e.floor() as i64;
    }
    let mut order: Vec<usize> = (0..12).collect();
    order.sort_by(|&a, &b| {
        let fa = exact[a] - exact[a].floor();
        let fb = exact[b] - exact[b].floor();
        fb.total_cmp(&fa).then(a.cmp(&b))
    });
    let short = (total - out.iter().sum::<i64>()).max(0) as usize;
    for &i in order.iter().take(short) {
        out[i] += 1;
    }
    out
}

/// Moves one unit out of the fullest month of the first half (the latest of equals, so the
/// year still starts well); whether there was one.
fn take_from_first_half(c: &mut [i64; 12]) -> bool {
    match (0..6).max_by_key(|&i| (c[i], i)) {
        Some(i) if c[i] > 0 => {
            c[i] -= 1;
            true
        }
        _ => false,
    }
}

/// A Jelek year: the second half never rising and September clearly below August.
fn fall_behind(c: &mut [i64; 12]) {
    c[6..].sort_unstable_by(|a, b| b.cmp(a));
    if c[8] < c[7] {
        return;
    }
    if take_from_first_half(c) {
        c[7] += 1;
        if c[6] < c[7] && take_from_first_half(c) {
            c[6] += 1;
        }
    } else if c[8] > 0 {
        c[8] -= 1;
        c[7] += 1;
    }
}

/// A coverage level moved by a desa's performance: on the logit scale, so that a good desa
/// nears 100 % without passing it and a poor one falls most where the level is middling.
fn shifted(level: f64, by: f64) -> f64 {
    let l = level.clamp(0.01, 0.99);
    1.0 / (1.0 + (-((l / (1.0 - l)).ln() + 8.0 * by)).exp())
}

/// Whether the desa's births outrun the sasaran ratios (the transmigration desa of
/// [`CROWDED`]): the mother-and-child counts there pass 100 %.
fn crowded(desa: &str, kind: SasaranKind) -> bool {
    CROWDED.contains(&desa)
        && matches!(
            kind,
            SasaranKind::Bumil | SasaranKind::Bulin | SasaranKind::BayiBaruLahir | SasaranKind::Bayi
        )
}

/// A desa of the demo with its Puskesmas and what was drawn for it.
struct Desa {
    code: String,
    puskesmas_id: i64,
    /// Population per year of [`YEARS`].
    penduduk: [f64; 2],
    /// The desa's performance beside its kecamatan's (a fraction, about ±5 %).
    perf: f64,
}

fn draw_desa(code: &str, kelurahan: bool, puskesmas: &Org) -> Desa {
    let mut rng = rng_of(&[code], 0x434f_5645);
    let pop = (1270.0 * desa_size(code, kelurahan)).round().clamp(600.0, 4000.0);
    let growth = 0.012 + 0.004 * gauss(&mut rng);
    let kec: String = code.split('.').take(3).collect::<Vec<_>>().join(".");
    Desa {
        code: code.to_string(),
        puskesmas_id: puskesmas.id,
        penduduk: [pop, (pop * (1.0 + growth)).round()],
        perf: 0.2 * kecamatan_haz(&kec) + 0.05 * gauss(&mut rng),
    }
}

/// The Puskesmas of the chosen size, by code, with their desa.
async fn puskesmas_and_desa(tx: &mut Tx, size: Size) -> Result<(Vec<Org>, Vec<Desa>)> {
    let mut list = store::org::all(
        tx,
        &Area::All,
        &OrgFilter {
            kind: Some(OrgKind::Puskesmas),
            within: Some(DISTRICT.into()),
            limit: 1000,
            ..Default::default()
        },
    )
    .await?;
    list.retain(|o| size == Size::Full || o.code.as_deref() == Some(SMALL_PUSKESMAS));
    list.sort_by(|a, b| a.code.cmp(&b.code));
    let mut desa = Vec::new();
    for p in &list {
        let wk = store::org::wilayah_kerja(tx, p.id).await?;
        let codes: Vec<String> = wk.iter().map(|w| w.desa_code.clone()).collect();
        let kelurahan: HashSet<String> = store::region::get_many(tx, &codes)
            .await?
            .into_iter()
            .filter(|r| r.kind == RegionKind::Kelurahan)
            .map(|r| r.code)
            .collect();
        for c in codes {
            desa.push(draw_desa(&c, kelurahan.contains(&c), p));
        }
    }
    desa.sort_by(|a, b| a.code.cmp(&b.code));
    Ok((list, desa))
}

/// Penduduk entered and every kind with a ratio derived from it, per desa and year.
fn sasaran(desa: &[Desa], ratios: &[store::coverage::RatioRow]) -> Vec<SasaranRow> {
    let mut out = Vec::new();
    for (yi, year) in YEARS.iter().enumerate() {
        let entered: Vec<SasaranRow> = desa
            .iter()
            .map(|d| SasaranRow {
                desa_code: d.code.clone(),
                year: i64::from(*year),
                kind: SasaranKind::Penduduk,
                value: d.penduduk[yi],
                source: SasaranSource::Entered,
            })
            .collect();
        let derived = crate::coverage::derived_sasaran(&entered, ratios);
        out.extend(entered);
        out.extend(derived.into_iter().map(|(desa_code, kind, value)| SasaranRow {
            desa_code,
            year: i64::from(*year),
            kind,
            value,
            source: SasaranSource::Derived,
        }));
    }
    out
}

/// The targets of every Puskesmas and year: the district's, moved a little per Puskesmas
/// and indicator (the same move both years).
fn targets(puskesmas: &[Org]) -> Vec<TargetRow> {
    let mut out = Vec::new();
    for p in puskesmas {
        let code = p.code.clone().unwrap_or_default();
        for (ind, base) in TARGETS {
            let mut rng = rng_of(&[&code, ind], 0x5441_5247);
            let ceiling = matches!(*ind, "BGMD" | "STUNT");
            let shift = if ceiling {
                [-0.5, 0.0, 0.0, 0.5][rng.random_range(0..4)] * if *ind == "STUNT" { 2.0 } else { 1.0 }
            } else {
                [-5.0, -3.0, -2.0, 0.0, 0.0, 0.0, 2.0][rng.random_range(0..7)]
            };
            for (yi, year) in YEARS.iter().enumerate() {
                out.push(TargetRow {
                    puskesmas_id: p.id,
                    year: i64::from(*year),
                    indicator_code: (*ind).to_string(),
                    target: (base[yi] + shift).clamp(0.5, 100.0),
                });
            }
        }
    }
    out
}

/// The monthly achievements of every desa and typed indicator; `skip` holds the (Puskesmas
/// id, month) never reported.
fn achievements(
    desa: &[Desa],
    sasaran: &[SasaranRow],
    targets: &[TargetRow],
    skip: &HashSet<(i64, NaiveDate)>,
) -> Vec<AchievementRow> {
    let sas: HashMap<(&str, i64, SasaranKind), f64> = sasaran
        .iter()
        .map(|s| ((s.desa_code.as_str(), s.year, s.kind), s.value))
        .collect();
    let target: HashMap<(i64, i64, &str), f64> = targets
        .iter()
        .map(|t| ((t.puskesmas_id, t.year, t.indicator_code.as_str()), t.target / 100.0))
        .collect();
    let jelek: HashSet<&str> = JELEK_2023.into_iter().collect();
    let kind_of = |code: &str| -> Option<SasaranKind> {
        Some(match code {
            "SPM-01" | "K1" | "K4" | "K6" | "TTD" => SasaranKind::Bumil,
            "SPM-02" | "PF" | "KF" => SasaranKind::Bulin,
            "SPM-03" | "KN1" | "KNL" => SasaranKind::BayiBaruLahir,
            "SPM-04" | "VITA" => SasaranKind::Balita,
            "SPM-05" => SasaranKind::UsiaPendidikanDasar,
            "SPM-06" => SasaranKind::UsiaProduktif,
            "SPM-07" => SasaranKind::Lansia,
            "SPM-08" => SasaranKind::Hipertensi,
            "SPM-09" => SasaranKind::DiabetesMelitus,
            "SPM-10" => SasaranKind::OdgjBerat,
            "SPM-11" => SasaranKind::TerdugaTb,
            "SPM-12" => SasaranKind::RisikoHiv,
            "IDL" => SasaranKind::Bayi,
            "BIAS" => SasaranKind::AnakSd,
            _ => return None,
        })
    };
    let mut out = Vec::new();
    for d in desa {
        for (yi, year) in YEARS.iter().enumerate() {
            let y = i64::from(*year);
            let behind = |code: &str| jelek.contains(d.code.as_str()) && JELEK_CODES.contains(&code);
            // The year's counts of the indicators against a sasaran.
            let mut annual: HashMap<&str, i64> = HashMap::new();
            for (code, level, _) in TYPED {
                let Some(kind) = kind_of(code) else { continue };
                let s = sas.get(&(d.code.as_str(), y, kind)).copied().unwrap_or(0.0);
                let mut rng = rng_of(&[&d.code, code, &year.to_string()], 0x414e_4e55);
                let mut c = shifted(level[yi], d.perf + 0.04 * gauss(&mut rng));
                if crowded(&d.code, kind) {
                    c *= 1.15;
                }
                if behind(code) {
                    let t = target.get(&(d.puskesmas_id, y, *code)).copied().unwrap_or(0.9);
                    c = if yi == 0 {
                        t * (0.62 + 0.03 * gauss(&mut rng))
                    } else {
                        (t + 0.08).min(1.0)
                    };
                }
                annual.insert(code, (s * c).round() as i64);
            }
            let of = |a: &HashMap<&str, i64>, code: &str| a.get(code).copied().unwrap_or(0);
            for (small, large) in CHAIN {
                let (a, b) = (of(&annual, small), of(&annual, large));
                if behind(small) {
                    annual.insert(large, a.max(b));
                } else {
                    annual.insert(small, a.min(b));
                }
            }
            for (spm, followed) in FOLLOWS {
                let mut rng = rng_of(&[&d.code, spm, &year.to_string()], 0x464f_4c4c);
                let share: f64 = rng.random_range(0.94..=1.0);
                annual.insert(spm, (of(&annual, followed) as f64 * share).round() as i64);
            }
            for (code, level, season) in TYPED {
                let mut rng = rng_of(&[&d.code, code, &year.to_string()], 0x4d4f_4e54);
                let mut weights = [0.0f64; 12];
                let mut stored = [true; 12];
                for (m, w) in weights.iter_mut().enumerate() {
                    let noise = (1.0 + 0.2 * gauss(&mut rng)).max(0.3);
                    *w = match season {
                        Season::Flat => noise,
                        Season::School => SCHOOL[m] * noise,
                        Season::Rounds(r) => {
                            let share = r.iter().find(|x| x.0 as usize == m + 1).map(|x| x.1);
                            stored[m] = share.is_some();
                            share.unwrap_or(0.0) * noise
                        }
                    };
                }
                let behind = behind(code);
                if behind {
                    // 2023 front-loaded and sliding; 2024 steady.
                    weights = if yi == 0 {
                        [1.25, 1.25, 1.25, 1.25, 1.25, 1.25, 1.0, 0.85, 0.7, 0.6, 0.5, 0.45]
                    } else {
                        [1.0; 12]
                    };
                }
                let months: Vec<(f64, Option<f64>)> = match annual.get(code) {
                    Some(n) => {
                        let mut counts = split(*n, &weights);
                        if behind && yi == 0 {
                            fall_behind(&mut counts);
                        }
                        counts.iter().map(|c| (*c as f64, None)).collect()
                    }
                    // ASI eksklusif: of the infants under six months recorded.
                    None => {
                        let bayi = sas
                            .get(&(d.code.as_str(), y, SasaranKind::Bayi))
                            .copied()
                            .unwrap_or(0.0);
                        let rate = shifted(level[yi], d.perf + 0.05 * gauss(&mut rng));
                        (0..12)
                            .map(|_| {
                                let den = (bayi / 2.0 * (1.0 + 0.12 * gauss(&mut rng))).round().max(1.0);
                                let num = (den * rate * (1.0 + 0.1 * gauss(&mut rng))).round().clamp(0.0, den);
                                (num, Some(den))
                            })
                            .collect()
                    }
                };
                for (m, (num, den)) in months.into_iter().enumerate() {
                    let month = date(*year, m as u32 + 1, 1);
                    if !stored[m] || skip.contains(&(d.puskesmas_id, month)) {
                        continue;
                    }
                    out.push(AchievementRow {
                        indicator_code: (*code).to_string(),
                        desa_code: d.code.clone(),
                        month,
                        numerator: num,
                        denominator: den,
                        puskesmas_id: d.puskesmas_id,
                        source: AchievementSource::Entered,
                    });
                }
            }
        }
    }
    out
}

/// When each Puskesmas first entered each month (UTC), but the months never reported.
fn reports(puskesmas: &[Org], skip: &HashSet<(i64, NaiveDate)>) -> Vec<(i64, NaiveDate, DateTime<Utc>)> {
    let offset = domain::action::utc_offset_hours(DISTRICT);
    let mut out = Vec::new();
    for p in puskesmas {
        let code = p.code.clone().unwrap_or_default();
        for year in YEARS {
            for m in 1..=12 {
                let month = date(year, m, 1);
                if skip.contains(&(p.id, month)) {
                    continue;
                }
                let mut rng = rng_of(&[&code, &month.to_string()], 0x5245_5054);
                let late_odds = match (code.as_str(), m) {
                    (OFTEN_LATE, _) => 0.4,
                    (_, 12) => 0.25,
                    _ => 0.05,
                };
                let due = report_deadline(month, crate::coverage::DEFAULT_DEADLINE_DAY);
                let day = if rng.random::<f64>() < late_odds {
                    due + chrono::Duration::days(rng.random_range(1..=12))
                } else {
                    month + Months::new(1) + chrono::Duration::days(rng.random_range(0..=4))
                };
                let local = day.and_hms_opt(rng.random_range(8..=15), rng.random_range(0..60), 0);
                let Some(local) = local else { continue };
                let at = (local - chrono::Duration::hours(i64::from(offset))).and_utc();
                out.push((p.id, month, at));
            }
        }
    }
    out
}

/// When Dinkes approved the 2023 targets (the SK target kinerja): Monday 6 February 2023,
/// 10:00 WIB.
fn approved_at() -> DateTime<Utc> {
    let offset = i64::from(domain::action::utc_offset_hours(DISTRICT));
    (date(YEARS[0], 2, 6).and_hms_opt(10, 0, 0).unwrap_or_default() - chrono::Duration::hours(offset)).and_utc()
}

/// What the coverage demo holds once loaded.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    pub puskesmas: usize,
    pub desa: usize,
    pub sasaran: usize,
    pub targets: usize,
    pub achievements: usize,
    pub reports: usize,
}

/// Loads the coverage demo unless it is there (the district's 2023 lock marks it). `progress`
/// hears each step.
pub async fn load(app: &App, size: Size, progress: &(dyn Fn(&str) + Send + Sync)) -> Result<Option<Summary>> {
    let started = Instant::now();
    let say = |what: String| progress(&format!("coverage: {what} ({:.1} s)", started.elapsed().as_secs_f64()));
    let mut tx = app.store.write().await?;
    if store::org::get_by_code(&mut tx, "DINKES-SRL").await?.is_none()
        || store::coverage::lock(&mut tx, DISTRICT, YEARS[0]).await?.is_some()
    {
        return Ok(None);
    }
    let (puskesmas, desa) = puskesmas_and_desa(&mut tx, size).await?;
    if puskesmas.is_empty() {
        return Ok(None);
    }
    let ratios = store::coverage::ratios(&mut tx).await?;
    if ratios.is_empty() {
        return Err(AppError::Internal("demo coverage: no sasaran ratios".into()));
    }
    let sasaran = sasaran(&desa, &ratios);
    store::coverage::put_sasaran(&mut tx, &sasaran, BY).await?;
    let targets = targets(&puskesmas);
    for t in &targets {
        store::coverage::put_target(&mut tx, t, BY).await?;
    }
    store::coverage::put_lock(&mut tx, DISTRICT, YEARS[0], APPROVER, approved_at()).await?;
    say(format!(
        "{} sasaran figures of {} desa, {} targets of {} Puskesmas",
        sasaran.len(),
        desa.len(),
        targets.len(),
        puskesmas.len()
    ));
    let skip: HashSet<(i64, NaiveDate)> = puskesmas
        .iter()
        .filter(|p| p.code.as_deref() == Some(MISSING.0))
        .flat_map(|p| MISSING.2.map(|m| (p.id, date(MISSING.1, m, 1))))
        .collect();
    let rows = achievements(&desa, &sasaran, &targets, &skip);
    say(format!("{} monthly achievements drawn", rows.len()));
    store::coverage::put_achievements(&mut tx, &rows, BY).await?;
    let reports = reports(&puskesmas, &skip);
    for (p, m, at) in &reports {
        store::coverage::put_report(&mut tx, *p, *m, *at).await?;
    }
    say(format!(
        "{} monthly achievements, {} reports stored",
        rows.len(),
        reports.len()
    ));
    let summary = Summary {
        puskesmas: puskesmas.len(),
        desa: desa.len(),
        sasaran: sasaran.len(),
        targets: targets.len(),
        achievements: rows.len(),
        reports: reports.len(),
    };
    crate::audit::record(
        &mut tx,
        None,
        crate::audit::Entry::new(
            AuditEvent::DemoCreated,
            DISTRICT,
            format!(
                "demo coverage loaded: {} achievements at {} desa, {} sasaran figures, {} targets of {} Puskesmas \
                 ({} locked), {} reports",
                summary.achievements,
                summary.desa,
                summary.sasaran,
                summary.targets,
                summary.puskesmas,
                YEARS[0],
                summary.reports
            ),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(Some(summary))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_is_exact_and_follows_the_weights() {
        let c = split(25, &[1.0; 12]);
        assert_eq!(c.iter().sum::<i64>(), 25);
        assert_eq!(c, [3, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2]);
        let c = split(10, &[0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0]);
        assert_eq!(c.iter().sum::<i64>(), 10);
        assert_eq!((c[1], c[7]), (5, 5));
        assert_eq!(split(0, &[1.0; 12]), [0; 12]);
    }

    #[test]
    fn falling_behind_slides_through_the_second_half() {
        for n in 0..40 {
            let w = [1.25, 1.25, 1.25, 1.25, 1.25, 1.25, 1.0, 0.85, 0.7, 0.6, 0.5, 0.45];
            let mut c = split(n, &w);
            fall_behind(&mut c);
            assert_eq!(c.iter().sum::<i64>(), n);
            if n > 0 {
                assert!(c[8] < c[7], "{n}: {c:?}");
            }
            if n >= 3 {
                assert!(c[6..].windows(2).all(|p| p[0] >= p[1]), "{n}: {c:?}");
            }
        }
    }
}
