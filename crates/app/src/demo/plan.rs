//! The demo district's plans: for each Puskesmas of the coverage demo an **RPK 2023** (final)
//! and an **RUK 2024** (draft), twelve activities each from one list of common Puskesmas
//! activities (KIA-KB, imunisasi, gizi, P2P, promkes, kesling, manajemen; several linked to a
//! catalogue indicator), with the programmes inside the Puskesmas that take part and a few
//! organisations of other sectors of its kecamatan (camat, Polsek, Koramil, schools, desa
//! offices …). Every scheduled month of the RPK 2023 (the year is over on the demo's today)
//! is recorded: mostly done, about one in ten not done and one in fifteen moved to the next
//! month, each with a reason; a moved month is then done where it went.
//!
//! Deterministic: each Puskesmas's draws are seeded by its code. A few hundred rows: loads in
//! a fraction of a second.

use super::nutrition::{Size, seed_of};
use crate::{App, Result};
use domain::access::Area;
use domain::audit::AuditEvent;
use domain::coverage::Program;
use domain::org::{OrgKind, Sector};
use domain::plan::{ActivityInput, Fund, MonthStatus, PlanKind, PlanStatus};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::time::Instant;
use store::org::{Org, OrgFilter};
use store::plan::MonthRow;

const DISTRICT: &str = super::district::DISTRICT;
const SMALL_PUSKESMAS: &str = "PKM-SRL-03";
const BY: &str = "demo";
/// The RPK's year; the RUK is for the year after.
pub const RPK_YEAR: i32 = 2023;

/// One activity of the list: upaya, klaster, kegiatan, tujuan, sasaran, target, volume and
/// unit, programmes taking part, months, budget, source, indicator, other sectors taking part
/// (how many).
type Template = (
    Program,
    u8,
    &'static str,
    &'static str,
    &'static str,
    f64,
    f64,
    &'static str,
    &'static [Program],
    &'static [u32],
    i64,
    Fund,
    Option<&'static str>,
    usize,
);

const ALL_YEAR: &[u32] = &[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];

const ACTIVITIES: [Template; 12] = [
    (
        Program::KiaKb,
        2,
        "Kelas ibu hamil",
        "Meningkatkan pengetahuan ibu hamil tentang tanda bahaya kehamilan",
        "Ibu hamil",
        100.0,
        12.0,
        "kali",
        &[Program::Gizi, Program::Promkes],
        ALL_YEAR,
        6_000_000,
        Fund::Bok,
        Some("K4"),
        0,
    ),
    (
        Program::KiaKb,
        2,
        "Sweeping K1 ibu hamil ke rumah",
        "Menemukan ibu hamil yang belum diperiksa",
        "Ibu hamil",
        95.0,
        4.0,
        "kali",
        &[Program::Promkes],
        &[3, 6, 9, 12],
        4_000_000,
        Fund::Bok,
        Some("K1"),
        1,
    ),
    (
        Program::Imunisasi,
        2,
        "Sweeping imunisasi dasar lengkap",
        "Melengkapi imunisasi bayi yang tertinggal",
        "Bayi 0–11 bulan",
        90.0,
        4.0,
        "kali",
        &[Program::KiaKb],
        &[2, 5, 8, 11],
        3_500_000,
        Fund::Bok,
        Some("IDL"),
        2,
    ),
    (
        Program::Imunisasi,
        2,
        "Bulan Imunisasi Anak Sekolah (BIAS)",
        "Imunisasi lanjutan anak sekolah dasar",
        "Anak kelas 1, 2 dan 5 SD",
        95.0,
        2.0,
        "kali",
        &[Program::Promkes],
        &[8, 11],
        2_500_000,
        Fund::Bok,
        Some("BIAS"),
        2,
    ),
    (
        Program::Gizi,
        2,
        "Pemberian vitamin A balita",
        "Mencegah kekurangan vitamin A",
        "Balita 6–59 bulan",
        90.0,
        2.0,
        "kali",
        &[Program::KiaKb],
        &[2, 8],
        1_500_000,
        Fund::Bok,
        Some("VITA"),
        1,
    ),
    (
        Program::Gizi,
        2,
        "Pendampingan penimbangan di Posyandu",
        "Meningkatkan balita yang ditimbang (D/S)",
        "Balita",
        85.0,
        12.0,
        "bulan",
        &[Program::KiaKb, Program::Promkes],
        ALL_YEAR,
        9_000_000,
        Fund::DanaDesa,
        Some("DS"),
        2,
    ),
    (
        Program::Gizi,
        3,
        "Pemberian tablet tambah darah remaja putri",
        "Mencegah anemia remaja putri",
        "Remaja putri SMP/SMA",
        80.0,
        4.0,
        "kali",
        &[Program::Promkes],
        &[1, 4, 7, 10],
        2_000_000,
        Fund::Apbd,
        None,
        1,
    ),
    (
        Program::P2p,
        4,
        "Penemuan kasus TB (ketuk pintu)",
        "Menemukan terduga TB di masyarakat",
        "Terduga TB",
        100.0,
        4.0,
        "kali",
        &[Program::Promkes, Program::Perkesmas],
        &[3, 6, 9, 12],
        3_000_000,
        Fund::Apbd,
        Some("SPM-11"),
        1,
    ),
    (
        Program::P2p,
        3,
        "Posbindu PTM: skrining hipertensi dan DM",
        "Menemukan dan memantau hipertensi dan DM",
        "Usia 15 tahun ke atas",
        70.0,
        6.0,
        "kali",
        &[Program::Gizi],
        &[2, 4, 6, 8, 10, 12],
        4_500_000,
        Fund::JknKapitasi,
        Some("SPM-08"),
        1,
    ),
    (
        Program::Promkes,
        5,
        "Penyuluhan PHBS rumah tangga",
        "Meningkatkan rumah tangga ber-PHBS",
        "Rumah tangga",
        70.0,
        2.0,
        "kali",
        &[Program::Kesling],
        &[4, 10],
        1_200_000,
        Fund::DanaDesa,
        None,
        2,
    ),
    (
        Program::Kesling,
        5,
        "Inspeksi sanitasi tempat-tempat umum",
        "Tempat umum memenuhi syarat kesehatan",
        "Sekolah, pasar, tempat ibadah",
        75.0,
        2.0,
        "kali",
        &[Program::Promkes],
        &[5, 11],
        1_000_000,
        Fund::Apbd,
        None,
        1,
    ),
    (
        Program::Manajemen,
        1,
        "Lokakarya mini lintas sektor",
        "Menggalang dukungan lintas sektor",
        "Camat, lintas sektor, kepala desa",
        100.0,
        4.0,
        "kali",
        &[],
        &[2, 5, 8, 11],
        4_000_000,
        Fund::JknKapitasi,
        None,
        3,
    ),
];

const NOT_DONE: [&str; 4] = [
    "Dana BOK belum cair",
    "Petugas mengikuti pelatihan di kabupaten",
    "Jalan ke desa terputus banjir",
    "Sasaran tidak hadir (musim panen)",
];
const MOVED: [&str; 3] = [
    "Bertepatan dengan kegiatan kecamatan",
    "Menunggu logistik dari Dinkes",
    "Hujan deras, dijadwalkan ulang",
];

/// The organisations of other sectors in the Puskesmas's kecamatan, by name.
async fn partners(tx: &mut store::Tx, pkm: &Org) -> Result<Vec<i64>> {
    let kecamatan: String = pkm.region_code.split('.').take(3).collect::<Vec<_>>().join(".");
    let list = store::org::all(
        tx,
        &Area::All,
        &OrgFilter {
            within: Some(kecamatan),
            limit: 200,
            ..Default::default()
        },
    )
    .await?;
    let mut out: Vec<&Org> = list
        .iter()
        .filter(|o| o.sector != Sector::Health && o.kind != OrgKind::Posyandu)
        .collect();
    out.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(out.into_iter().map(|o| o.id).collect())
}

fn activities(rng: &mut StdRng, orgs: &[i64], ruk: bool) -> Vec<ActivityInput> {
    ACTIVITIES
        .iter()
        .map(|a| {
            let mut partner_orgs: Vec<i64> = Vec::new();
            if !orgs.is_empty() {
                for _ in 0..a.13 {
                    let o = orgs[rng.random_range(0..orgs.len())];
                    if !partner_orgs.contains(&o) {
                        partner_orgs.push(o);
                    }
                }
            }
            // Budgets vary a little by Puskesmas; an RUK asks about a tenth more.
            let factor = rng.random_range(0.8..1.2) * if ruk { 1.1 } else { 1.0 };
            let budget = ((a.10 as f64 * factor) / 50_000.0).round() as i64 * 50_000;
            ActivityInput {
                program: Some(a.0),
                cluster: Some(a.1),
                kegiatan: a.2.into(),
                tujuan: a.3.into(),
                sasaran: a.4.into(),
                target: Some(a.5),
                volume: Some(a.6),
                unit: a.7.into(),
                partner_programs: a.8.to_vec(),
                partner_orgs,
                months: a.9.to_vec(),
                budget: Some(budget),
                fund: Some(a.11),
                indicator_code: a.12.map(String::from),
            }
        })
        .collect()
}

/// What happened in each scheduled month of one activity: mostly done; some not done; some
/// moved to the next month (December's to nowhere: not done) and done there.
fn months_of(rng: &mut StdRng, activity_id: i64, months: &[u32]) -> Vec<MonthRow> {
    let mut out: Vec<MonthRow> = Vec::new();
    for &m in months {
        if out.iter().any(|r| r.month == i64::from(m)) {
            continue;
        }
        let p: f64 = rng.random();
        let row = |status, moved_to: Option<u32>, reason: Option<&str>| MonthRow {
            activity_id,
            month: i64::from(m),
            status,
            moved_to: moved_to.map(i64::from),
            reason: reason.map(String::from),
        };
        if p < 0.10 || (p < 0.17 && m == 12) {
            out.push(row(
                MonthStatus::NotDone,
                None,
                Some(NOT_DONE[rng.random_range(0..NOT_DONE.len())]),
            ));
        } else if p < 0.17 && !months.contains(&(m + 1)) {
            out.push(row(
                MonthStatus::Moved,
                Some(m + 1),
                Some(MOVED[rng.random_range(0..MOVED.len())]),
            ));
            out.push(MonthRow {
                activity_id,
                month: i64::from(m + 1),
                status: MonthStatus::Done,
                moved_to: None,
                reason: None,
            });
        } else {
            out.push(row(MonthStatus::Done, None, None));
        }
    }
    out
}

/// Loads the demo plans unless they are there; how many activities were written.
pub async fn load(app: &App, size: Size, progress: &(dyn Fn(&str) + Send + Sync)) -> Result<Option<usize>> {
    let started = Instant::now();
    let mut tx = app.store.write().await?;
    let mut list = store::org::all(
        &mut tx,
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
    let Some(first) = list.first() else {
        return Ok(None);
    };
    if store::plan::plan_of(&mut tx, first.id, RPK_YEAR, PlanKind::Rpk)
        .await?
        .is_some()
    {
        return Ok(None);
    }
    let mut n = 0;
    let mut month_rows = Vec::new();
    for pkm in &list {
        let mut rng = StdRng::seed_from_u64(seed_of(&format!("plan {}", pkm.code.as_deref().unwrap_or_default())));
        let orgs = partners(&mut tx, pkm).await?;
        let rpk = store::plan::create_plan(&mut tx, pkm.id, RPK_YEAR, PlanKind::Rpk, PlanStatus::Final, BY).await?;
        for (i, a) in activities(&mut rng, &orgs, false).iter().enumerate() {
            let id = store::plan::insert_activity(&mut tx, rpk, Some(i as i64 + 1), a, BY).await?;
            month_rows.extend(months_of(&mut rng, id, &a.months));
            n += 1;
        }
        let ruk = store::plan::create_plan(&mut tx, pkm.id, RPK_YEAR + 1, PlanKind::Ruk, PlanStatus::Draft, BY).await?;
        for (i, a) in activities(&mut rng, &orgs, true).iter().enumerate() {
            store::plan::insert_activity(&mut tx, ruk, Some(i as i64 + 1), a, BY).await?;
            n += 1;
        }
    }
    store::plan::put_months(&mut tx, &month_rows, BY).await?;
    crate::audit::record(
        &mut tx,
        None,
        crate::audit::Entry::new(
            AuditEvent::DemoCreated,
            DISTRICT,
            format!(
                "demo plans loaded: RPK {RPK_YEAR} and RUK {} of {} Puskesmas, {n} activities, {} month records",
                RPK_YEAR + 1,
                list.len(),
                month_rows.len()
            ),
        ),
    )
    .await?;
    tx.commit().await?;
    progress(&format!(
        "plans: {n} activities of {} Puskesmas, {} month records ({:.1} s)",
        list.len(),
        month_rows.len(),
        started.elapsed().as_secs_f64()
    ));
    Ok(Some(n))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_template_is_a_valid_activity() {
        let mut rng = StdRng::seed_from_u64(1);
        for a in activities(&mut rng, &[1, 2, 3], false) {
            let k = a.kegiatan.clone();
            assert!(a.check(PlanKind::Rpk).is_ok(), "{k}");
        }
    }

    #[test]
    fn every_month_is_recorded_once_with_a_reason_where_needed() {
        let mut rng = StdRng::seed_from_u64(7);
        for _ in 0..200 {
            let rows = months_of(&mut rng, 1, &[2, 4, 6, 8, 10, 12]);
            let mut seen: Vec<i64> = rows.iter().map(|r| r.month).collect();
            seen.dedup();
            assert_eq!(seen.len(), rows.len(), "{rows:?}");
            for r in &rows {
                match r.status {
                    MonthStatus::Done => assert!(r.reason.is_none()),
                    MonthStatus::NotDone => assert!(r.reason.is_some()),
                    MonthStatus::Moved => {
                        assert!(r.reason.is_some() && r.moved_to == Some(r.month + 1));
                        assert!(
                            rows.iter()
                                .any(|x| x.month == r.month + 1 && x.status == MonthStatus::Done)
                        );
                    }
                }
            }
        }
    }
}
