//! The demo district's child growth: a profile and 3–7 kader for every Posyandu, about
//! 15,000 children under five spread over the 158 desa, and their monthly weighings from
//! December 2022 to December 2024 (the December 2022 month only gives January 2023 its N/T),
//! with length/height taken in the February and August weighing months (bulan timbang).
//!
//! Every child follows a growth trajectory: a length/height-for-age z-score around its desa's
//! mean (so stunting differs between desa), falling in the first two years as it does in
//! Indonesia, slowly improving over the calendar; a weight-for-length z-score that wanders from
//! month to month (so some weighings are T). Lengths and weights are read off the WHO tables at
//! those z-scores, measured with a little error, rounded to 0.1 and scored by the WHO engine
//! like any kader entry; a few typing slips are left in for the re-check flags.
//!
//! In 2023 only some Posyandu had a length board (antropometri kit); the others receive theirs
//! between October 2023 and February 2024, so length/height coverage rises in 2024. Which
//! Posyandu had one in 2023 is chosen so that the district's count of stunted children in
//! February 2023 comes close to the published 740; then a few lengths measured within 0.3 SD
//! of −2 (about a centimetre) are moved across the line until February 2023 reads exactly 740
//! and August 2023 exactly 679 (seed 004).
//!
//! Deterministic: a seeded generator, everything in region-code order. [`Size::Small`] (the
//! Posyandu of Puskesmas Sarolangun, about 150 children, no calibration) is what the tests
//! load with every demo; [`Size::Full`] is what `lintas demo` and `serve --demo` load.

use crate::{App, AppError, Result};
use chrono::{Datelike, Months, NaiveDate};
use domain::access::Area;
use domain::audit::AuditEvent;
use domain::nutrition::{ChildInput, MAX_AGE_DAYS, Measured, MeasurementInput, MeasurementSource, Sex2};
use domain::org::{OrgInput, OrgKind};
use domain::person::{Nik, PersonInput, PositionInput, PositionKind};
use domain::region::RegionCode;
use domain::region::RegionKind;
use growth::Sex;
use growth::tables::{AgeTable, LengthTable, age_row, length_row};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::collections::{HashMap, HashSet};
use std::time::Instant;
use store::Tx;
use store::nutrition::{NewMeasurement, Profile, Scope};
use store::org::OrgFilter;

/// How much of the district gets children and measurements.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Size {
    /// The 16 Posyandu of Puskesmas Sarolangun (`PKM-SRL-03`, the kader login's) with about
    /// 150 children; no calibration. Quick: loaded with every demo in the tests.
    Small,
    /// Every Posyandu of the district, about 15,000 children, calibrated to the published
    /// stunting counts.
    Full,
}

impl Size {
    fn children(self) -> usize {
        match self {
            Size::Small => 150,
            Size::Full => 15_000,
        }
    }
}

/// The district's published counts of stunted children (seed 004): (year, month, count).
pub const PUBLISHED: [(i32, u32, i64); 2] = [(2023, 2, 740), (2023, 8, 679)];

const DISTRICT: &str = super::district::DISTRICT;
const SMALL_PUSKESMAS: &str = "PKM-SRL-03";
/// The kader login's Posyandu: a profile there means the nutrition demo is loaded.
const MARKER: &str = "POSY-1503031001";
/// Months of data: December 2022 to December 2024.
const MONTHS: usize = 25;
const BY: &str = "demo";

/// HAZ of a two-year-old in an average desa before its own deviation.
const HAZ_BASE: f64 = -1.3;
/// HAZ gained per calendar year (programmes at work).
const HAZ_TREND: f64 = 0.08;

/// The oldest demo child's earliest birth date.
fn first_birth() -> NaiveDate {
    date(2018, 2, 1)
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

/// First day of data month `i` (0 = December 2022).
fn month(i: usize) -> NaiveDate {
    date(2022, 12, 1)
        .checked_add_months(Months::new(i as u32))
        .unwrap_or_default()
}

fn month_index(y: i32, m: u32) -> usize {
    ((y - 2022) * 12 + m as i32 - 12).max(0) as usize
}

pub(super) fn gauss(rng: &mut StdRng) -> f64 {
    let u1: f64 = rng.random::<f64>().max(1e-12);
    let u2: f64 = rng.random();
    (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
}

fn pick<'a>(rng: &mut StdRng, list: &[&'a str]) -> &'a str {
    list.get(rng.random_range(0..list.len())).copied().unwrap_or("")
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

pub(super) fn seed_of(s: &str) -> u64 {
    // FNV-1a: stable across runs and platforms.
    s.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

fn growth_sex(s: Sex2) -> Sex {
    match s {
        Sex2::L => Sex::Male,
        Sex2::P => Sex::Female,
    }
}

const BOYS: &[&str] = &[
    "Muhammad", "Ahmad", "Rizky", "Alif", "Fajar", "Raffi", "Daffa", "Arkan", "Farel", "Rafa", "Azka", "Zidan",
    "Fathan", "Abizar", "Gibran", "Ibrahim", "Yusuf", "Hafiz", "Bima", "Raka", "Dimas", "Aditya", "Arya", "Satria",
    "Akbar", "Fikri", "Ilham", "Haikal", "Zaki", "Naufal", "Adam", "Rayyan", "Bagas", "Rasya", "Umar", "Arsyad",
    "Faris", "Reza", "Kenzie", "Athar",
];
const BOYS2: &[&str] = &[
    "Pratama",
    "Ramadhan",
    "Saputra",
    "Alfarizi",
    "Akbar",
    "Maulana",
    "Hidayat",
    "Firmansyah",
    "Nugraha",
    "Wijaya",
    "Putra",
    "Al Fatih",
    "Rizki",
    "Kurniawan",
    "Syahputra",
    "Ardiansyah",
    "Setiawan",
    "Hakim",
    "Fadillah",
    "Aditama",
];
const GIRLS: &[&str] = &[
    "Aisyah",
    "Nayla",
    "Zahra",
    "Khanza",
    "Azzahra",
    "Salsabila",
    "Nadhira",
    "Alya",
    "Keisha",
    "Shafa",
    "Aqila",
    "Syifa",
    "Adinda",
    "Nabila",
    "Putri",
    "Annisa",
    "Naura",
    "Kirana",
    "Zaskia",
    "Arsyila",
    "Humaira",
    "Fatimah",
    "Alesha",
    "Safira",
    "Anindya",
    "Kayla",
    "Hafsah",
    "Rania",
    "Almira",
    "Dinda",
    "Maryam",
    "Naila",
    "Zivana",
    "Talita",
    "Sabrina",
    "Tiara",
    "Raisa",
    "Hana",
    "Sheza",
    "Queensha",
];
const GIRLS2: &[&str] = &[
    "Putri",
    "Azzahra",
    "Ramadhani",
    "Aulia",
    "Safitri",
    "Lestari",
    "Rahmawati",
    "Maharani",
    "Amelia",
    "Anggraini",
    "Khairunnisa",
    "Zahira",
    "Nur Aini",
    "Salsabila",
    "Puspita",
    "Wulandari",
    "Humaira",
    "Az Zahra",
    "Febriani",
    "Oktaviani",
];
const WOMEN: &[&str] = &[
    "Siti",
    "Nur",
    "Sri",
    "Dewi",
    "Rina",
    "Yuli",
    "Eka",
    "Lia",
    "Fitri",
    "Ratna",
    "Rahmi",
    "Yanti",
    "Erni",
    "Susi",
    "Wati",
    "Lena",
    "Ani",
    "Mega",
    "Intan",
    "Desi",
    "Nurul",
    "Novi",
    "Indah",
    "Linda",
    "Fitria",
    "Rosmawati",
    "Hasanah",
    "Marlina",
    "Yusnani",
    "Herawati",
    "Elvi",
    "Juwita",
    "Sumarni",
    "Suryani",
    "Tuti",
    "Dwi",
    "Nia",
    "Rika",
    "Leni",
    "Vivi",
];
const WOMEN2: &[&str] = &[
    "Aminah",
    "Rahmawati",
    "Handayani",
    "Wahyuni",
    "Susanti",
    "Lestari",
    "Yulianti",
    "Purnamasari",
    "Anggraini",
    "Hasanah",
    "Maryani",
    "Kurniasih",
    "Safitri",
    "Marlina",
    "Oktaviani",
    "Puspitasari",
    "Ningsih",
    "Sari",
    "Astuti",
    "Wulandari",
    "Fitriani",
    "Novita",
    "Herlina",
    "Yusnita",
    "Zulaikha",
];
const STREETS: &[&str] = &[
    "Jl. Lintas Sumatera",
    "Jl. Jenderal Sudirman",
    "Jl. Pahlawan",
    "Jl. Kartini",
    "Jl. Merdeka",
    "Jl. Pemuda",
    "Jl. Gajah Mada",
    "Jl. Diponegoro",
    "Jl. Lingkar Selatan",
    "Jl. Sultan Thaha",
    "Jl. Batang Hari",
    "Jl. Kolonel Abunjani",
];
const ROMAN: &[&str] = &["I", "II", "III", "IV", "V", "VI", "VII"];

fn child_name(rng: &mut StdRng, sex: Sex2) -> String {
    let (a, b) = match sex {
        Sex2::L => (BOYS, BOYS2),
        Sex2::P => (GIRLS, GIRLS2),
    };
    let r: f64 = rng.random();
    let first = pick(rng, a);
    if r < 0.1 {
        first.to_string()
    } else if r < 0.75 || first == "Muhammad" && r < 0.8 {
        let second = pick(rng, if first == "Muhammad" { BOYS } else { b });
        if second == first {
            first.to_string()
        } else {
            format!("{first} {second}")
        }
    } else {
        let second = pick(rng, a);
        let third = pick(rng, b);
        if second == first {
            format!("{first} {third}")
        } else {
            format!("{first} {second} {third}")
        }
    }
}

fn woman_name(rng: &mut StdRng) -> String {
    let first = pick(rng, WOMEN);
    if rng.random::<f64>() < 0.12 {
        first.to_string()
    } else {
        format!("{first} {}", pick(rng, WOMEN2))
    }
}

/// A Posyandu of the demo with the desa it serves and what was drawn for it.
struct Place {
    org_id: i64,
    desa: String,
    desa_name: String,
    kelurahan: bool,
    /// The first six NIK digits of the kecamatan (`150303`).
    kec: String,
    /// Share of the district's children.
    size: f64,
    /// The desa's deviation of mean HAZ.
    haz: f64,
    /// The desa's mean WHZ.
    whz: f64,
    /// Share of the Posyandu's children weighed in a month.
    coverage: f64,
    kia: f64,
    day: u32,
    held: [bool; MONTHS],
    /// The first month (index) with a length board; 0: before 2023.
    kit_from: usize,
    rts: u32,
}

/// How the kecamatan differ: the remote upstream ones (Batang Asai, Limun, Cermin Nan Gedang)
/// fare worse, the district town better.
pub(super) fn kecamatan_haz(kec_code: &str) -> f64 {
    match kec_code.rsplit('.').next().unwrap_or("") {
        "01" => -0.25,
        "02" => -0.2,
        "03" => 0.25,
        "05" => -0.05,
        "06" => -0.05,
        "07" => -0.1,
        "08" => 0.05,
        "09" => 0.1,
        "10" => -0.15,
        _ => 0.0,
    }
}

/// The generator a desa's place is drawn from; its first draw is the desa's size.
fn place_rng(desa: &str) -> StdRng {
    StdRng::seed_from_u64(seed_of(desa) ^ 0x5052_4f46)
}

fn draw_size(rng: &mut StdRng, kelurahan: bool) -> f64 {
    (0.45 * gauss(rng)).exp() * if kelurahan { 1.8 } else { 1.0 }
}

/// A desa's size: the weight its share of the district's children is drawn with (about 1;
/// a kelurahan about 1.8 times a desa). The coverage demo derives populations from it, so
/// that a desa with more children has more people.
pub(super) fn desa_size(desa: &str, kelurahan: bool) -> f64 {
    draw_size(&mut place_rng(desa), kelurahan)
}

fn draw_place(p: &mut Place) {
    let mut rng = place_rng(&p.desa);
    let kec_code: String = p.desa.split('.').take(3).collect::<Vec<_>>().join(".");
    p.size = draw_size(&mut rng, p.kelurahan);
    p.haz = (kecamatan_haz(&kec_code) + 0.22 * gauss(&mut rng)).clamp(-0.7, 0.7);
    p.whz = -0.5 + 0.15 * gauss(&mut rng);
    p.coverage = if rng.random::<f64>() < 0.06 {
        rng.random_range(0.38..0.5)
    } else {
        (0.9 + 0.05 * gauss(&mut rng)).clamp(0.72, 0.98)
    };
    p.kia = if p.kelurahan { 0.93 } else { 0.84 } + 0.04 * gauss(&mut rng);
    p.day = rng.random_range(3..=26);
    p.rts = if p.kelurahan {
        rng.random_range(8..=20)
    } else {
        rng.random_range(4..=12)
    };
    p.held = [true; MONTHS];
    let skips = match rng.random::<f64>() {
        r if r < 0.8 => 0,
        r if r < 0.92 => rng.random_range(1..=3),
        _ => rng.random_range(5..=7),
    };
    // The same months are missed in both years (harvest, Ramadan, the rainy season's floods);
    // never the weighing months.
    let mut missed = HashSet::new();
    while missed.len() < skips {
        let m = rng.random_range(1..=12u32);
        if m != 2 && m != 8 {
            missed.insert(m);
        }
    }
    for (i, h) in p.held.iter_mut().enumerate() {
        *h = !missed.contains(&month(i).month());
    }
    p.kit_from = rng.random_range(month_index(2023, 10)..=month_index(2024, 2));
}

struct Kid {
    place: usize,
    sex: Sex2,
    birth: NaiveDate,
    /// Own HAZ deviation and its drift per year of age.
    u: f64,
    slope: f64,
    /// Own WHZ deviation.
    v: f64,
    attend: f64,
    input: ChildInput,
    id: i64,
}

impl Kid {
    /// HAZ of the trajectory on `on`.
    fn haz(&self, p: &Place, on: NaiveDate) -> f64 {
        let age_m = (on - self.birth).num_days() as f64 / 30.4375;
        let young = 0.7 * (1.0 - age_m / 24.0).max(0.0);
        let since = (on - date(2023, 1, 1)).num_days() as f64 / 365.25;
        HAZ_BASE + p.haz + young + HAZ_TREND * since + self.u + self.slope * age_m / 12.0
    }
}

/// One weighing as planned, before the length board decides whether a length is kept.
struct Visit {
    kid: usize,
    month: usize,
    on: NaiveDate,
    weight: f64,
    height: f64,
    wants_length: bool,
    muac: Option<f64>,
}

/// A scored measurement.
struct Scored {
    kid: usize,
    month: usize,
    input: Measured,
}

fn nik(prefix: &str, birth: NaiveDate, female: bool, serial: u32) -> String {
    format!(
        "{prefix}{:02}{:02}{:02}{:04}",
        birth.day() + if female { 40 } else { 0 },
        birth.month(),
        birth.year() % 100,
        serial % 10_000
    )
}

struct Family {
    mother: String,
    mother_nik: Option<String>,
    kk: String,
    rt: u32,
    address: String,
    last_birth: NaiveDate,
}

/// Children of every place, `n` in all, shared out by the places' sizes.
fn draw_children(places: &[Place], n: usize) -> Vec<Kid> {
    let total: f64 = places.iter().map(|p| p.size).sum();
    // Largest remainder, so the total is exactly `n`.
    let exact: Vec<f64> = places.iter().map(|p| p.size / total.max(1e-9) * n as f64).collect();
    let mut counts: Vec<usize> = exact.iter().map(|x| x.floor() as usize).collect();
    let mut order: Vec<usize> = (0..places.len()).collect();
    order.sort_by(|&a, &b| {
        let fa = exact[a] - exact[a].floor();
        let fb = exact[b] - exact[b].floor();
        fb.total_cmp(&fa).then(a.cmp(&b))
    });
    let short = n.saturating_sub(counts.iter().sum());
    for &i in order.iter().take(short) {
        counts[i] += 1;
    }
    let first_birth = first_birth();
    let span = (date(2024, 12, 20) - first_birth).num_days();
    let mut serials: HashMap<String, u32> = HashMap::new();
    let mut kk_seen: HashSet<String> = HashSet::new();
    let mut kids = Vec::with_capacity(n);
    for (pi, p) in places.iter().enumerate() {
        let mut rng = StdRng::seed_from_u64(seed_of(&p.desa) ^ 0x4b49_4453);
        let mut births: Vec<NaiveDate> = (0..counts[pi])
            .map(|_| first_birth + chrono::Duration::days(rng.random_range(0..=span)))
            .collect();
        births.sort();
        let mut families: Vec<Family> = Vec::new();
        for birth in births {
            let sex = if rng.random::<f64>() < 0.51 { Sex2::L } else { Sex2::P };
            let sibling = (rng.random::<f64>() < 0.15)
                .then(|| {
                    let earlier: Vec<usize> = (0..families.len())
                        .filter(|&f| (birth - families[f].last_birth).num_days() > 600)
                        .collect();
                    (!earlier.is_empty()).then(|| earlier[rng.random_range(0..earlier.len())])
                })
                .flatten();
            let fam = match sibling {
                Some(f) => f,
                None => {
                    let mother_birth = birth
                        - chrono::Duration::days(rng.random_range(17 * 365..42 * 365))
                        - chrono::Duration::days(rng.random_range(0..365));
                    let mother_nik = (rng.random::<f64>() < 0.78).then(|| {
                        let s = serials.entry(format!("{}{}", p.kec, mother_birth)).or_insert(0);
                        *s += 1;
                        nik(&p.kec, mother_birth, true, *s)
                    });
                    let mut kk;
                    loop {
                        let issued = date(2012, 1, 1)
                            + chrono::Duration::days(
                                rng.random_range(0..=(birth - date(2012, 1, 1)).num_days().max(1)),
                            );
                        kk = nik(&p.kec, issued, false, rng.random_range(1..10_000));
                        if kk_seen.insert(kk.clone()) {
                            break;
                        }
                    }
                    let rt = rng.random_range(1..=p.rts);
                    let address = if p.kelurahan {
                        format!("{} No. {}", pick(&mut rng, STREETS), rng.random_range(1..=180))
                    } else {
                        format!("Dusun {}", ROMAN[((rt - 1) / 3) as usize % ROMAN.len()])
                    };
                    families.push(Family {
                        mother: woman_name(&mut rng),
                        mother_nik,
                        kk,
                        rt,
                        address,
                        last_birth: birth,
                    });
                    families.len() - 1
                }
            };
            families[fam].last_birth = birth;
            let f = &families[fam];
            let u = 0.92 * gauss(&mut rng);
            let has_kia = rng.random::<f64>() < p.kia;
            // Infants of the last months often have no NIK yet.
            let nik_p = if birth >= date(2024, 9, 1) { 0.45 } else { 0.83 };
            let child_nik = (rng.random::<f64>() < nik_p).then(|| {
                let s = serials.entry(format!("{}{}{:?}", p.kec, birth, sex)).or_insert(0);
                *s += 1;
                nik(&p.kec, birth, sex == Sex2::P, *s)
            });
            let gsex = growth_sex(sex);
            let haz0 = HAZ_BASE + p.haz + 0.7 + u + 0.3 * gauss(&mut rng);
            let (birth_weight, birth_length) = if has_kia && rng.random::<f64>() < 0.9 {
                let w = age_row(AgeTable::Wfa, gsex, 0)
                    .map(|r| r.value_at_restricted((-0.35 + 0.9 * gauss(&mut rng)).clamp(-3.5, 3.0)))
                    .map(|w| (w * 20.0).round() / 20.0);
                let l = age_row(AgeTable::Lhfa, gsex, 0)
                    .map(|r| r.value_at(haz0.clamp(-3.5, 3.0)))
                    .map(|l| (l * 2.0).round() / 2.0);
                (w, l)
            } else {
                (None, None)
            };
            let attend = match rng.random::<f64>() {
                r if r < 0.72 => 1.06,
                r if r < 0.92 => 0.85,
                _ => 0.5,
            };
            kids.push(Kid {
                place: pi,
                sex,
                birth,
                u,
                slope: 0.12 * gauss(&mut rng),
                v: 0.85 * gauss(&mut rng) + 0.1 * u,
                attend,
                input: ChildInput {
                    name: child_name(&mut rng, sex),
                    sex,
                    birth_date: birth,
                    nik: child_nik,
                    birth_weight,
                    birth_length,
                    mother_name: Some(f.mother.clone()),
                    mother_nik: f.mother_nik.clone(),
                    kk_number: Some(f.kk.clone()),
                    posyandu_id: p.org_id,
                    rt: Some(format!("{:03}", f.rt)),
                    rw: p.kelurahan.then(|| format!("{:03}", (f.rt - 1) / 4 + 1)),
                    address: Some(f.address.clone()),
                    has_kia,
                    as_of: None,
                },
                id: 0,
            });
        }
    }
    kids
}

/// The weighings of every child, month by month.
fn draw_visits(places: &[Place], kids: &[Kid]) -> Vec<Visit> {
    let mut out = Vec::new();
    for (ki, k) in kids.iter().enumerate() {
        let p = &places[k.place];
        let mut rng = StdRng::seed_from_u64(seed_of(&format!("{}-{ki}", p.desa)) ^ 0x5649_5349);
        let gsex = growth_sex(k.sex);
        let mut wander = 0.21 * gauss(&mut rng);
        // Those born before the data begin were weighed before.
        let mut seen = k.birth < month(0);
        for i in 0..MONTHS {
            wander = 0.7 * wander + 0.15 * gauss(&mut rng);
            let r_attend: f64 = rng.random();
            let r_sweep: f64 = rng.random();
            let r_len: f64 = rng.random();
            let r_muac: f64 = rng.random();
            let r_typo: f64 = rng.random();
            let sweep_day = rng.random_range(2..=8u32);
            let (e_h, e_w, e_m) = (gauss(&mut rng), gauss(&mut rng), gauss(&mut rng));
            if !p.held[i] {
                continue;
            }
            let m0 = month(i);
            let weighing_month = matches!(m0.month(), 2 | 8);
            let mut on = m0.with_day(p.day).unwrap_or(m0);
            let age = (on - k.birth).num_days();
            if age > MAX_AGE_DAYS {
                break;
            }
            let age_factor = match age {
                a if a < 0 => 0.0,
                a if a < 30 => 0.6,
                a if a < 365 => 1.04,
                a if a < 1096 => 1.0,
                _ => 0.88,
            };
            let mut p_attend = (p.coverage * k.attend * age_factor).min(0.98);
            if weighing_month && r_attend >= p_attend && r_sweep < 0.4 {
                // Bulan timbang: kader visit the homes of those who did not come.
                on += chrono::Duration::days(i64::from(sweep_day));
                on = on.min(domain::nutrition::month_end(m0));
                p_attend = 1.0;
            }
            let age = (on - k.birth).num_days();
            if r_attend >= p_attend || !(0..=MAX_AGE_DAYS).contains(&age) {
                continue;
            }
            let Some(lhfa) = age_row(AgeTable::Lhfa, gsex, age as u32) else {
                continue;
            };
            let haz = k.haz(p, on).clamp(-5.0, 4.0);
            let true_h = lhfa.value_at(haz);
            let whz = (p.whz + k.v + wander).clamp(-4.5, 4.0);
            let table = if age < 731 { LengthTable::Wfl } else { LengthTable::Wfh };
            let weight = match length_row(table, gsex, (true_h * 10.0).round() as i64) {
                Some(r) => r.value_at_restricted(whz),
                None => age_row(AgeTable::Wfa, gsex, age as u32)
                    .map(|r| r.value_at_restricted(0.5 * haz + 0.5 * whz))
                    .unwrap_or(3.0),
            };
            let mut weight = round1(weight + 0.05 * e_w).max(0.6);
            let mut height = round1(true_h + 0.3 * e_h);
            let wants_length = if weighing_month {
                r_len < 0.96
            } else if !seen {
                r_len < 0.7
            } else {
                r_len < 0.06
            };
            // A few slips of the pen, left for the re-check flags.
            if r_typo < 0.0015 {
                height = round1(height + if r_typo < 0.00075 { -10.0 } else { 10.0 });
            } else if r_typo < 0.0025 && weight < 30.0 {
                weight = round1(weight + 10.0);
            }
            let muac = (weighing_month && age >= 183 && r_muac < 0.5)
                .then(|| age_row(AgeTable::Acfa, gsex, age as u32))
                .flatten()
                .map(|r| round1(r.value_at_restricted((0.7 * whz + 0.2 * haz + 0.5 * e_m).clamp(-4.0, 4.0))))
                .filter(|m| (5.0..=35.0).contains(m));
            seen = true;
            out.push(Visit {
                kid: ki,
                month: i,
                on,
                weight,
                height,
                wants_length,
                muac,
            });
        }
    }
    out
}

fn score(k: &Kid, on: NaiveDate, weight: Option<f64>, height: Option<f64>, muac: Option<f64>) -> Option<Measured> {
    // Read to the tenth, as a kader reads the scale and the board.
    let tenth = |v: Option<f64>| v.map(|x| format!("{x:.1}").parse::<f64>().unwrap_or(x));
    MeasurementInput {
        weight: tenth(weight),
        height: tenth(height),
        muac: tenth(muac),
        ..MeasurementInput::on(on)
    }
    .check(k.birth, on)
    .and_then(|m| m.score(k.birth, k.sex))
    .ok()
}

fn score_visit(k: &Kid, v: &Visit, with_length: bool) -> Option<Measured> {
    let height = (with_length && v.wants_length).then_some(v.height);
    score(k, v.on, Some(v.weight), height, v.muac).or_else(|| score(k, v.on, Some(v.weight), None, None))
}

/// Chooses the Posyandu that had a length board before 2023 (`kit_from = 0`): those of
/// `first` (the district town), then the others in a drawn order, as long as the district's
/// February 2023 count of stunted children gets closer to `target`.
fn choose_kits(places: &mut [Place], kids: &[Kid], visits: &[Visit], first: &str, target: i64) {
    let feb = month_index(2023, 2);
    let mut stunted = vec![0i64; places.len()];
    for v in visits.iter().filter(|v| v.month == feb && v.wants_length) {
        let k = &kids[v.kid];
        if score_visit(k, v, true).is_some_and(|m| m.scores.stunted()) {
            stunted[k.place] += 1;
        }
    }
    let mut rng = StdRng::seed_from_u64(0x4b49_5453);
    let mut order: Vec<(u64, usize)> = (0..places.len())
        .map(|i| {
            let town = places[i].desa.starts_with(first);
            (if town { 0 } else { 1 + rng.random_range(0..u64::MAX / 2) }, i)
        })
        .collect();
    order.sort();
    let mut sum = 0;
    for (_, i) in order {
        let town = places[i].desa.starts_with(first);
        if town || (sum + stunted[i] - target).abs() < (sum - target).abs() {
            places[i].kit_from = 0;
            sum += stunted[i];
        }
    }
}

/// Moves lengths measured near −2 SD in month `mi` across the line until exactly `target`
/// children are stunted that month; returns how many were moved.
fn calibrate(kids: &[Kid], rows: &mut [Scored], mi: usize, target: i64) -> Result<usize> {
    let mut count = rows
        .iter()
        .filter(|r| r.month == mi && r.input.scores.stunted())
        .count() as i64;
    let lower = count > target;
    let mut cands: Vec<(f64, usize)> = rows
        .iter()
        .enumerate()
        .filter(|(_, r)| {
            r.month == mi && r.input.height.is_some() && !r.input.scores.haz_flag && r.input.scores.stunted() == lower
        })
        .filter_map(|(i, r)| r.input.scores.haz.map(|z| (z, i)))
        .filter(|(z, _)| {
            if lower {
                (-2.3..-2.0).contains(z)
            } else {
                (-2.0..=-1.7).contains(z)
            }
        })
        .collect();
    cands.sort_by(|a, b| (a.0 + 2.0).abs().total_cmp(&(b.0 + 2.0).abs()).then(a.1.cmp(&b.1)));
    let mut moved = 0;
    for (_, i) in cands {
        if count == target {
            break;
        }
        let r = &rows[i];
        let k = &kids[r.kid];
        let Some(lhfa) = age_row(AgeTable::Lhfa, growth_sex(k.sex), r.input.age_days as u32) else {
            continue;
        };
        let h = if lower {
            (lhfa.value_at(-1.97) * 10.0).ceil() / 10.0
        } else {
            (lhfa.value_at(-2.03) * 10.0).floor() / 10.0
        };
        let Some(new) = score(k, r.input.measured_on, r.input.weight, Some(h), r.input.muac) else {
            continue;
        };
        if new.scores.stunted() != r.input.scores.stunted() && !new.scores.haz_flag {
            count += if new.scores.stunted() { 1 } else { -1 };
            rows[i].input = new;
            moved += 1;
        }
    }
    if count != target {
        return Err(AppError::Internal(format!(
            "demo nutrition: {} stunted in {} after calibration, {target} wanted",
            count,
            month(mi)
        )));
    }
    Ok(moved)
}

fn region_code(s: &str) -> Result<RegionCode> {
    RegionCode::parse(s).map_err(|e| AppError::Internal(format!("demo region {s}: {e}")))
}

/// The Posyandu of the chosen Puskesmas, one per desa of their wilayah kerja (added where a
/// desa has none).
async fn places(tx: &mut Tx, size: Size) -> Result<Vec<Place>> {
    let puskesmas = store::org::all(
        tx,
        &Area::All,
        &OrgFilter {
            kind: Some(domain::org::OrgKind::Puskesmas),
            within: Some(DISTRICT.into()),
            limit: 1000,
            ..Default::default()
        },
    )
    .await?;
    let posyandu = store::org::all(
        tx,
        &Area::All,
        &OrgFilter {
            kind: Some(domain::org::OrgKind::Posyandu),
            within: Some(DISTRICT.into()),
            limit: 1000,
            ..Default::default()
        },
    )
    .await?;
    let mut by_desa: HashMap<String, i64> = HashMap::new();
    let mut sorted = posyandu;
    sorted.sort_by(|a, b| a.code.cmp(&b.code));
    for o in sorted {
        by_desa.entry(o.region_code.clone()).or_insert(o.id);
    }
    let mut out = Vec::new();
    for pkm in puskesmas {
        let pkm_code = pkm.code.clone().unwrap_or_default();
        if size == Size::Small && pkm_code != SMALL_PUSKESMAS {
            continue;
        }
        let wk = store::org::wilayah_kerja(tx, pkm.id).await?;
        let codes: Vec<String> = wk.iter().map(|w| w.desa_code.clone()).collect();
        let regions = store::region::get_many(tx, &codes).await?;
        for w in wk {
            let dn = w.desa_code.replace('.', "");
            let org_id = match by_desa.get(&w.desa_code) {
                Some(id) => *id,
                None => {
                    let mut code = format!("POSY-{dn}");
                    if store::org::get_by_code(tx, &code).await?.is_some() {
                        code = format!("POSY-{dn}-2");
                    }
                    let id = store::org::insert(
                        tx,
                        &OrgInput {
                            code: Some(code.clone()),
                            parent_id: Some(pkm.id),
                            ..OrgInput::new(
                                format!("Posyandu {}", w.desa_name),
                                OrgKind::Posyandu,
                                region_code(&w.desa_code)?,
                            )
                        },
                    )
                    .await?;
                    by_desa.insert(w.desa_code.clone(), id);
                    id
                }
            };
            let kelurahan = regions
                .iter()
                .any(|r| r.code == w.desa_code && r.kind == RegionKind::Kelurahan);
            let mut p = Place {
                org_id,
                kec: dn.get(..6).unwrap_or("150300").to_string(),
                desa: w.desa_code,
                desa_name: w.desa_name,
                kelurahan,
                size: 1.0,
                haz: 0.0,
                whz: 0.0,
                coverage: 0.8,
                kia: 0.85,
                day: 10,
                held: [true; MONTHS],
                kit_from: 0,
                rts: 6,
            };
            draw_place(&mut p);
            out.push(p);
        }
    }
    out.sort_by(|a, b| a.desa.cmp(&b.desa));
    Ok(out)
}

/// A profile and 3–7 kader (those of the district load count) for every place.
async fn profiles_and_kader(tx: &mut Tx, places: &[Place]) -> Result<usize> {
    let mut added = 0;
    let mut serial = 1u32;
    for p in places {
        let mut rng = StdRng::seed_from_u64(seed_of(&p.desa) ^ 0x4b41_4445);
        let mut services = vec!["kesehatan_gizi"];
        for (s, share) in [
            ("pendidikan_bkb_paud", 0.6),
            ("ekonomi_keluarga", 0.3),
            ("ketahanan_pangan", 0.35),
            ("kesejahteraan_sosial", 0.25),
        ] {
            if rng.random::<f64>() < share {
                services.push(s);
            }
        }
        let rt = rng.random_range(1..=p.rts);
        let address = if p.kelurahan {
            format!("{} No. {}", pick(&mut rng, STREETS), rng.random_range(1..=120))
        } else {
            match rng.random_range(0..3) {
                0 => format!("Balai Desa {}", p.desa_name),
                1 => format!(
                    "Gedung Posyandu, Dusun {}",
                    ROMAN[((rt - 1) / 3) as usize % ROMAN.len()]
                ),
                _ => format!("Rumah Kader, Dusun {}", ROMAN[((rt - 1) / 3) as usize % ROMAN.len()]),
            }
        };
        store::nutrition::save_profile(
            tx,
            &Profile {
                org_id: p.org_id,
                address: Some(address),
                rt: Some(format!("{rt:03}")),
                rw: p.kelurahan.then(|| format!("{:03}", (rt - 1) / 4 + 1)),
                schedule_day: Some(i64::from(p.day)),
                services: services.join(","),
                dana_sehat: (rng.random::<f64>() < 0.3).then(|| f64::from(rng.random_range(15..=85u32))),
            },
        )
        .await?;
        let have = store::person::positions_at(tx, p.org_id)
            .await?
            .iter()
            .filter(|s| s.kind == domain::person::PositionKind::Kader && s.ended_on.is_none())
            .count();
        let want: usize = match rng.random::<f64>() {
            r if r < 0.12 => 3,
            r if r < 0.28 => 4,
            r if r < 0.6 => 5,
            r if r < 0.84 => 6,
            _ => 7,
        };
        // Some Posyandu lost a kader in 2024 (moved away, took up work).
        let left = rng.random::<f64>() < 0.15;
        for i in 0..want.saturating_sub(have) + usize::from(left) {
            let birth = date(1968, 1, 1) + chrono::Duration::days(rng.random_range(0..(32 * 365)));
            let person = store::person::insert(
                tx,
                &PersonInput {
                    name: woman_name(&mut rng),
                    phone: (rng.random::<f64>() < 0.6)
                        .then(|| format!("08{}", rng.random_range(1_100_000_000u64..1_399_999_999))),
                    email: None,
                    nik: Nik::parse(&nik(&p.kec, birth, true, serial)).ok(),
                    nik_masked: false,
                },
            )
            .await?;
            serial += 1;
            let started = date(2012, 1, 1) + chrono::Duration::days(rng.random_range(0..(11 * 365)));
            store::person::insert_position(
                tx,
                person,
                &PositionInput {
                    org_id: p.org_id,
                    kind: PositionKind::Kader,
                    title: Some(if i == 0 && have == 0 { "Ketua Kader" } else { "Kader" }.to_string()),
                    started_on: Some(started),
                    ended_on: (left && i == 0).then(|| date(2024, rng.random_range(3..=10), rng.random_range(1..=28))),
                },
            )
            .await?;
            added += 1;
        }
    }
    Ok(added)
}

/// What the nutrition demo holds once loaded.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    pub posyandu: usize,
    pub kader_added: usize,
    pub children: usize,
    pub measurements: usize,
    /// Lengths moved across −2 SD to meet the published counts.
    pub calibrated: usize,
}

/// Loads the child-growth demo unless it is there. `progress` hears each step.
pub async fn load(app: &App, size: Size, progress: &(dyn Fn(&str) + Send + Sync)) -> Result<Option<Summary>> {
    let started = Instant::now();
    let say = |what: String| {
        progress(&format!(
            "child growth: {what} ({:.1} s)",
            started.elapsed().as_secs_f64()
        ))
    };
    let mut tx = app.store.write().await?;
    let Some(marker) = store::org::get_by_code(&mut tx, MARKER).await? else {
        return Ok(None);
    };
    if store::nutrition::profile(&mut tx, marker.id).await?.is_some() {
        return Ok(None);
    }
    let mut places = places(&mut tx, size).await?;
    let kader_added = profiles_and_kader(&mut tx, &places).await?;
    let mut kids = draw_children(&places, size.children());
    let visits = draw_visits(&places, &kids);
    if size == Size::Full {
        choose_kits(&mut places, &kids, &visits, "15.03.03.", PUBLISHED[0].2);
    } else {
        for p in &mut places {
            p.kit_from = 0;
        }
    }
    for k in &mut kids {
        k.id = store::nutrition::insert_child(&mut tx, &k.input, &places[k.place].desa, BY).await?;
    }
    say(format!(
        "{} Posyandu, {} kader added, {} children registered",
        places.len(),
        kader_added,
        kids.len()
    ));
    let mut rows: Vec<Scored> = visits
        .iter()
        .filter_map(|v| {
            let k = &kids[v.kid];
            score_visit(k, v, v.month >= places[k.place].kit_from).map(|input| Scored {
                kid: v.kid,
                month: v.month,
                input,
            })
        })
        .collect();
    let mut calibrated = 0;
    if size == Size::Full {
        for (y, m, target) in PUBLISHED {
            calibrated += calibrate(&kids, &mut rows, month_index(y, m), target)?;
        }
    }
    let new: Vec<NewMeasurement> = rows
        .into_iter()
        .map(|r| {
            let k = &kids[r.kid];
            NewMeasurement {
                child_id: k.id,
                posyandu_id: places[k.place].org_id,
                desa_code: places[k.place].desa.clone(),
                input: r.input,
            }
        })
        .collect();
    for (i, chunk) in new.chunks(50_000).enumerate() {
        store::nutrition::insert_measurements(&mut tx, chunk, MeasurementSource::Demo, BY).await?;
        if new.len() > 50_000 {
            say(format!(
                "{} of {} measurements stored",
                (i * 50_000 + chunk.len()),
                new.len()
            ));
        }
    }
    if new.len() <= 50_000 {
        say(format!("{} measurements stored", new.len()));
    }
    // Tallies as every later write keeps them: from the first child's birth month to today
    // (S counts a registered child before any weighing, and after the demo's last one).
    let from: Vec<(i64, NaiveDate)> = places.iter().map(|p| (p.org_id, first_birth())).collect();
    crate::nutrition::refresh(&mut tx, &from, app.clock().now().date_naive()).await?;
    for p in &places {
        crate::posyandu::keep_years(&mut tx, p.org_id, app.clock().today_in(&p.desa)).await?;
    }
    say(format!("{} monthly tallies computed", places.len() * MONTHS));
    if size == Size::Full {
        for (y, m, target) in PUBLISHED {
            let got = store::nutrition::tallies(&mut tx, &Scope::Region(DISTRICT.into()), date(y, m, 1), "all")
                .await?
                .into_iter()
                .next()
                .map(|t| t.1.stunted)
                .unwrap_or(0);
            if got != target {
                return Err(AppError::Internal(format!(
                    "demo nutrition: the district counts {got} stunted in {y}-{m:02}, {target} wanted"
                )));
            }
        }
    }
    let summary = Summary {
        posyandu: places.len(),
        kader_added,
        children: kids.len(),
        measurements: new.len(),
        calibrated,
    };
    crate::audit::record(
        &mut tx,
        None,
        crate::audit::Entry::new(
            AuditEvent::DemoCreated,
            DISTRICT,
            format!(
                "demo child growth loaded: {} children, {} measurements at {} Posyandu",
                summary.children, summary.measurements, summary.posyandu
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

    fn place(desa: &str) -> Place {
        let mut p = Place {
            org_id: 1,
            desa: desa.into(),
            desa_name: "Contoh".into(),
            kelurahan: false,
            kec: desa.replace('.', "").get(..6).unwrap_or("").into(),
            size: 1.0,
            haz: 0.0,
            whz: 0.0,
            coverage: 0.8,
            kia: 0.85,
            day: 10,
            held: [true; MONTHS],
            kit_from: 0,
            rts: 6,
        };
        draw_place(&mut p);
        p.kit_from = 0;
        p
    }

    #[test]
    fn children_are_plausible_and_calibration_hits_the_count() {
        let places = vec![place("15.03.01.2001"), place("15.03.03.1001")];
        let kids = draw_children(&places, 400);
        assert_eq!(kids.len(), 400);
        let niks: HashSet<_> = kids.iter().filter_map(|k| k.input.nik.clone()).collect();
        assert_eq!(
            niks.len(),
            kids.iter().filter(|k| k.input.nik.is_some()).count(),
            "NIK unique"
        );
        assert!(niks.iter().all(|n| n.len() == 16 && n.starts_with("1503")));
        let visits = draw_visits(&places, &kids);
        let mut rows: Vec<Scored> = visits
            .iter()
            .filter_map(|v| {
                score_visit(&kids[v.kid], v, true).map(|input| Scored {
                    kid: v.kid,
                    month: v.month,
                    input,
                })
            })
            .collect();
        let feb = month_index(2023, 2);
        let before = rows
            .iter()
            .filter(|r| r.month == feb && r.input.scores.stunted())
            .count() as i64;
        let measured = rows
            .iter()
            .filter(|r| r.month == feb && r.input.scores.haz.is_some())
            .count() as i64;
        assert!(measured > 150, "{measured}");
        for target in [before + 3, before - 3] {
            calibrate(&kids, &mut rows, feb, target).unwrap_or_else(|e| panic!("{e}"));
            let after = rows
                .iter()
                .filter(|r| r.month == feb && r.input.scores.stunted())
                .count() as i64;
            assert_eq!(after, target);
        }
    }
}
