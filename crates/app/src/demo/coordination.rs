//! The demo district's year of coordination (2023) and what is scheduled next: monthly Lokmin
//! of three Puskesmas, their quarterly cross-sector Lokmin with the camat, Koramil, Polsek,
//! the education office and every village government, the Pokjanal Posyandu Rakor set by a
//! Bupati decree, and the district health Rakor of 19 October 2023 chaired by the acting
//! Bupati with 155 participants, where shortages were raised and the stunting count
//! (740 in February, 679 in August 2023) was published. Actions are in every state and some
//! are overdue. Names of people are invented; everything is deterministic.

use crate::{AppError, Result};
use chrono::NaiveDate;
use domain::action::{ActionInput, ActionStatus, BudgetSource};
use domain::meeting::{AttendeeInput, ForumInput, ForumKind, MeetingInput, MeetingLevel, MeetingStatus};
use domain::problem::{PriorityMethod, ProblemCategory, ProblemInput};
use store::Tx;
use store::org::{Org, OrgFilter};

fn d(y: i32, m: u32, day: u32) -> Result<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, day).ok_or_else(|| AppError::Internal(format!("demo date {y}-{m}-{day}")))
}

async fn org(tx: &mut Tx, code: &str) -> Result<Org> {
    store::org::get_by_code(tx, code)
        .await?
        .ok_or_else(|| AppError::Internal(format!("demo organisation {code} missing")))
}

/// A deterministic stream of numbers (no randomness that differs between runs).
struct Seq(u64);
impl Seq {
    fn next(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % n.max(1)
    }
}

const FIRST: &[&str] = &[
    "Andi", "Sari", "Yudi", "Lina", "Rizal", "Nia", "Hendri", "Eka", "Fajar", "Desi", "Imam", "Tuti", "Wahyu", "Ratih",
    "Bayu", "Mira",
];
const LAST: &[&str] = &[
    "Putra",
    "Lestari",
    "Hasibuan",
    "Wulandari",
    "Siregar",
    "Marpaung",
    "Saputri",
    "Nugroho",
    "Ramadhan",
    "Oktaviani",
    "Setiawan",
    "Purba",
];

fn name(seq: &mut Seq) -> String {
    format!(
        "{} {}",
        FIRST[seq.next(FIRST.len() as u64) as usize],
        LAST[seq.next(LAST.len() as u64) as usize]
    )
}

struct Ctx {
    seq: Seq,
}

async fn meeting(tx: &mut Tx, m: MeetingInput, region: &str, status: MeetingStatus) -> Result<i64> {
    Ok(store::meeting::insert(tx, &m, region, status).await?)
}

fn attendee(name: String, o: &Org, position: &str) -> (AttendeeInput, String, domain::org::Sector) {
    (
        AttendeeInput {
            person_id: None,
            name,
            org_id: Some(o.id),
            org_name: Some(o.name.clone()),
            position: Some(position.to_string()),
        },
        o.name.clone(),
        o.sector,
    )
}

/// Holders of current positions in `o` (name, title), for attendance lists.
async fn holders(tx: &mut Tx, o: &Org) -> Result<Vec<(String, String)>> {
    Ok(store::person::positions_at(tx, o.id)
        .await?
        .into_iter()
        .filter(|p| p.ended_on.is_none())
        .map(|p| (p.person_name, p.title.unwrap_or_else(|| p.kind.to_string())))
        .collect())
}

#[allow(clippy::too_many_arguments)]
async fn problem(
    tx: &mut Tx,
    c: &mut Ctx,
    meeting_id: i64,
    title: &str,
    cat: ProblemCategory,
    by: Option<i64>,
    region: Option<&str>,
    qty: Option<i64>,
    raters: &[&str],
) -> Result<i64> {
    let id = store::problem::insert(
        tx,
        meeting_id,
        &ProblemInput {
            title: title.to_string(),
            description: None,
            category: cat,
            raised_by_org_id: by,
            raised_by: None,
            region_code: region.map(str::to_string),
            indicator: None,
            quantity: qty,
        },
    )
    .await?;
    for r in raters {
        let s = vec![
            (3 + c.seq.next(3)) as f64,
            (2 + c.seq.next(4)) as f64,
            (2 + c.seq.next(4)) as f64,
        ];
        let m = PriorityMethod::Usg;
        let scores = m.check(&s).map_err(|e| AppError::Internal(e.into()))?;
        store::problem::insert_score(
            tx,
            id,
            m,
            r,
            &serde_json::to_string(&s).unwrap_or_default(),
            m.total(&scores),
        )
        .await?;
    }
    Ok(id)
}

/// Adds an action and walks it to `status` with a dated history.
#[allow(clippy::too_many_arguments)]
async fn action(
    tx: &mut Tx,
    meeting_id: i64,
    problem_id: Option<i64>,
    what: &str,
    owner: &Org,
    responsible: Option<String>,
    due: NaiveDate,
    budget: BudgetSource,
    status: ActionStatus,
    note: Option<&str>,
) -> Result<i64> {
    let id = store::action::insert(
        tx,
        meeting_id,
        &ActionInput {
            what: what.to_string(),
            problem_id,
            owner_org_id: owner.id,
            responsible,
            supporting_org_ids: Vec::new(),
            target: None,
            due_on: Some(due),
            budget_source: budget,
            private_note: None,
        },
    )
    .await?;
    store::action::insert_update(
        tx,
        &store::action::NewUpdate {
            action_id: id,
            username: "demo",
            org_id: None,
            status_from: None,
            status_to: Some(ActionStatus::Planned),
            note: None,
            file_id: None,
        },
    )
    .await?;
    if status != ActionStatus::Planned {
        if status == ActionStatus::Done || status == ActionStatus::InProgress {
            store::action::insert_update(
                tx,
                &store::action::NewUpdate {
                    action_id: id,
                    username: "demo",
                    org_id: Some(owner.id),
                    status_from: Some(ActionStatus::Planned),
                    status_to: Some(ActionStatus::InProgress),
                    note: Some("Kegiatan dimulai."),
                    file_id: None,
                },
            )
            .await?;
        }
        if status == ActionStatus::Done || status == ActionStatus::Cancelled {
            let from = if status == ActionStatus::Done {
                ActionStatus::InProgress
            } else {
                ActionStatus::Planned
            };
            store::action::insert_update(
                tx,
                &store::action::NewUpdate {
                    action_id: id,
                    username: "demo",
                    org_id: Some(owner.id),
                    status_from: Some(from),
                    status_to: Some(status),
                    note,
                    file_id: None,
                },
            )
            .await?;
        }
        store::action::set_status(tx, id, status, Some("demo")).await?;
    }
    Ok(id)
}

const STATES: [ActionStatus; 4] = [
    ActionStatus::Done,
    ActionStatus::InProgress,
    ActionStatus::Planned,
    ActionStatus::Cancelled,
];

/// Loads the coordination demo inside the district demo's transaction.
pub async fn load(tx: &mut Tx) -> Result<()> {
    let mut c = Ctx { seq: Seq(2023) };
    let dinkes = org(tx, "DINKES-SRL").await?;
    let pemkab = org(tx, "PEMKAB-SRL").await?;
    let disdik = org(tx, "DISDIK-SRL").await?;

    for (n, kec) in [("03", "15.03.03"), ("01", "15.03.01"), ("06", "15.03.06")] {
        let pkm = org(tx, &format!("PKM-SRL-{n}")).await?;
        let camat = org(tx, &format!("CAMAT-SRL-{n}")).await?;
        let polsek = org(tx, &format!("POLSEK-SRL-{n}")).await?;
        let koramil = org(tx, &format!("KORAMIL-SRL-{n}")).await?;
        let villages = store::org::all(
            tx,
            &domain::access::Area::All,
            &OrgFilter {
                within: Some(kec.into()),
                kind: Some(domain::org::OrgKind::VillageGovernment),
                limit: 100,
                ..Default::default()
            },
        )
        .await?;
        let staff = holders(tx, &pkm).await?;

        // Monthly Lokmin (lintas program), 2023, plus what is scheduled from December 2026.
        let bulanan = store::meeting::insert_forum(
            tx,
            &ForumInput {
                name: format!("Lokmin Bulanan {}", pkm.name),
                kind: ForumKind::LokminBulanan,
                org_id: pkm.id,
                level: MeetingLevel::Kecamatan,
            },
        )
        .await?;
        let months: Vec<(i32, u32, MeetingStatus)> = (1..=12)
            .map(|m| (2023, m, MeetingStatus::Held))
            .chain([
                (2026, 12, MeetingStatus::Scheduled),
                (2027, 1, MeetingStatus::Scheduled),
                (2027, 2, MeetingStatus::Scheduled),
            ])
            .collect();
        for (i, (y, m, status)) in months.iter().enumerate() {
            let date = domain::meeting::nth_weekday(*y, *m, chrono::Weekday::Mon, 1)
                .ok_or_else(|| AppError::Internal("date".into()))?;
            let id = meeting(
                tx,
                MeetingInput {
                    title: format!(
                        "Lokmin Bulanan {} — {}",
                        pkm.name,
                        domain::i18n::month_year(domain::i18n::RECORD_LANG, *m, *y)
                    ),
                    kind: ForumKind::LokminBulanan,
                    forum_id: Some(bulanan),
                    host_org_id: pkm.id,
                    level: MeetingLevel::Kecamatan,
                    held_on: date,
                    start_time: Some("08:30".into()),
                    place: Some(format!("Aula {}", pkm.name)),
                    chair: Some(format!("Kepala {}", pkm.name)),
                    first_of_year: *m == 1,
                },
                &pkm.region_code,
                *status,
            )
            .await?;
            if i > 0 {
                store::meeting::insert_agenda_item(tx, id, crate::meeting::review_item()).await?;
            }
            if *status != MeetingStatus::Held {
                continue;
            }
            let a = store::meeting::insert_agenda_item(tx, id, "Evaluasi PWS dan capaian program bulan lalu").await?;
            store::meeting::update_minutes(
                tx,
                a,
                Some("Cakupan imunisasi dasar dan K4 di bawah target kumulatif di beberapa desa."),
                Some("Desa merah dikunjungi bidan desa bersama kader; laporan SIP dilengkapi sebelum tanggal 5."),
            )
            .await?;
            store::meeting::insert_agenda_item(tx, id, "Rencana kerja bulan berikutnya").await?;
            let mut rows = Vec::new();
            for (nm, title) in staff.iter().take(14 + (i % 5)) {
                rows.push(attendee(nm.clone(), &pkm, title));
            }
            for _ in 0..(4 + c.seq.next(6)) {
                rows.push(attendee(name(&mut c.seq), &pkm, "Staf Puskesmas"));
            }
            store::meeting::insert_attendees(tx, id, &rows).await?;
            let v = &villages[(i * 3) % villages.len().max(1)];
            let desa_name = v.region_name.clone().unwrap_or_default();
            let p = problem(
                tx,
                &mut c,
                id,
                &format!("Cakupan imunisasi dasar lengkap rendah di {desa_name}"),
                ProblemCategory::Participation,
                Some(pkm.id),
                Some(&v.region_code),
                None,
                &["Kepala Puskesmas", "Koordinator imunisasi"],
            )
            .await?;
            let st = STATES[i % 4];
            let due = date + chrono::Duration::days(25);
            action(
                tx,
                id,
                Some(p),
                &format!("Kunjungan rumah balita belum imunisasi di {desa_name}"),
                &pkm,
                staff.get(i % staff.len().max(1)).map(|s| s.0.clone()),
                due,
                BudgetSource::Bok,
                st,
                Some("Seluruh balita sasaran telah dikunjungi."),
            )
            .await?;
            if i % 3 == 0 {
                let p = problem(
                    tx,
                    &mut c,
                    id,
                    "Laporan SIP Posyandu terlambat masuk",
                    ProblemCategory::Data,
                    Some(pkm.id),
                    None,
                    None,
                    &["Kepala Puskesmas"],
                )
                .await?;
                action(
                    tx,
                    id,
                    Some(p),
                    "Pendampingan kader mengisi SIP dan rekap SKDN",
                    v,
                    None,
                    due + chrono::Duration::days(30),
                    BudgetSource::DanaDesa,
                    STATES[(i + 1) % 4],
                    None,
                )
                .await?;
            }
        }

        // Quarterly cross-sector Lokmin in February, May, August and November 2023.
        let tribulanan = store::meeting::insert_forum(
            tx,
            &ForumInput {
                name: format!(
                    "Lokmin Tribulanan Lintas Sektor Kecamatan {}",
                    camat.region_name.clone().unwrap_or_default()
                ),
                kind: ForumKind::LokminTribulanan,
                org_id: pkm.id,
                level: MeetingLevel::Kecamatan,
            },
        )
        .await?;
        // Standing members: what "Buat jadwal setahun" invites every quarter.
        store::meeting::set_forum_members(tx, tribulanan, &[camat.id, polsek.id, koramil.id, disdik.id], true).await?;
        let camat_people = holders(tx, &camat).await?;
        let polsek_people = holders(tx, &polsek).await?;
        let koramil_people = holders(tx, &koramil).await?;
        for (q, m) in [2u32, 5, 8, 11].iter().enumerate() {
            let date = domain::meeting::nth_weekday(2023, *m, chrono::Weekday::Tue, 2)
                .ok_or_else(|| AppError::Internal("date".into()))?;
            let id = meeting(
                tx,
                MeetingInput {
                    title: format!(
                        "Lokakarya Mini Tribulanan Lintas Sektor — {}",
                        domain::i18n::month_year(domain::i18n::RECORD_LANG, *m, 2023)
                    ),
                    kind: ForumKind::LokminTribulanan,
                    forum_id: Some(tribulanan),
                    host_org_id: pkm.id,
                    level: MeetingLevel::Kecamatan,
                    held_on: date,
                    start_time: Some("09:00".into()),
                    place: Some(format!(
                        "Aula Kantor Camat {}",
                        camat.region_name.clone().unwrap_or_default()
                    )),
                    chair: camat_people.first().map(|p| format!("{} (Camat)", p.0)),
                    first_of_year: q == 0,
                },
                &pkm.region_code,
                MeetingStatus::Held,
            )
            .await?;
            if q > 0 {
                store::meeting::insert_agenda_item(tx, id, crate::meeting::review_item()).await?;
            }
            store::meeting::set_org(tx, id, camat.id, domain::meeting::OrgRole::CoHost).await?;
            for o in [&polsek, &koramil, &disdik] {
                store::meeting::set_org(tx, id, o.id, domain::meeting::OrgRole::Invited).await?;
            }
            for v in &villages {
                store::meeting::set_org(tx, id, v.id, domain::meeting::OrgRole::Invited).await?;
            }
            let a =
                store::meeting::insert_agenda_item(tx, id, "Capaian program triwulan lalu dan dukungan lintas sektor")
                    .await?;
            store::meeting::update_minutes(
                tx,
                a,
                Some("D/S Posyandu 61%, di bawah target 80%; dua desa belum memiliki kader aktif lima orang."),
                Some("Setiap sektor menyusun rencana kegiatan dan menandatangani kesepakatan."),
            )
            .await?;
            let mut rows = Vec::new();
            for (nm, t) in staff.iter().take(6) {
                rows.push(attendee(nm.clone(), &pkm, t));
            }
            for (nm, t) in camat_people.iter().take(1) {
                rows.push(attendee(nm.clone(), &camat, t));
            }
            for (nm, t) in polsek_people.iter().take(2) {
                rows.push(attendee(nm.clone(), &polsek, t));
            }
            for (nm, t) in koramil_people.iter().take(2) {
                rows.push(attendee(nm.clone(), &koramil, t));
            }
            rows.push(attendee(name(&mut c.seq), &disdik, "Pengawas sekolah"));
            // Most village heads come; one or two are absent each quarter.
            for (k, v) in villages.iter().enumerate() {
                if (k + q) % 7 != 3 {
                    let head = holders(tx, v)
                        .await?
                        .into_iter()
                        .next()
                        .unwrap_or_else(|| (name(&mut c.seq), "Kepala Desa".into()));
                    rows.push(attendee(head.0, v, &head.1));
                }
            }
            store::meeting::insert_attendees(tx, id, &rows).await?;
            let v = &villages[(q * 2 + 1) % villages.len().max(1)];
            let desa = v.region_name.clone().unwrap_or_default();
            let p1 = problem(
                tx,
                &mut c,
                id,
                &format!("Kunjungan balita ke Posyandu (D/S) rendah di {desa}"),
                ProblemCategory::Participation,
                Some(v.id),
                Some(&v.region_code),
                None,
                &["Kepala Puskesmas", "Camat", "Kapolsek"],
            )
            .await?;
            store::problem::insert_cause(
                tx,
                p1,
                domain::problem::CauseCategory::People,
                "Orang tua bekerja di kebun pada hari Posyandu",
            )
            .await?;
            store::problem::insert_cause(
                tx,
                p1,
                domain::problem::CauseCategory::Method,
                "Jadwal Posyandu tidak diumumkan ulang",
            )
            .await?;
            let p2 = problem(
                tx,
                &mut c,
                id,
                "Tim imunisasi mendapat penolakan di dusun terpencil",
                ProblemCategory::Access,
                Some(pkm.id),
                Some(&v.region_code),
                None,
                &["Kepala Puskesmas", "Danramil"],
            )
            .await?;
            let due = date + chrono::Duration::days(60);
            // Earlier quarters' actions stay open in part, so later meetings review them.
            let (s1, s2, s3) = match q {
                0 => (ActionStatus::Done, ActionStatus::InProgress, ActionStatus::Planned),
                1 => (ActionStatus::InProgress, ActionStatus::Cancelled, ActionStatus::Planned),
                2 => (ActionStatus::Done, ActionStatus::Planned, ActionStatus::InProgress),
                _ => (ActionStatus::Planned, ActionStatus::Planned, ActionStatus::Planned),
            };
            action(
                tx,
                id,
                Some(p2),
                "Pendampingan tim imunisasi oleh Bhabinkamtibmas ke dusun terpencil",
                &polsek,
                polsek_people.get(1).map(|p| p.0.clone()),
                due,
                BudgetSource::None,
                s1,
                Some("Tim didampingi di tiga dusun; tidak ada penolakan."),
            )
            .await?;
            action(
                tx,
                id,
                Some(p1),
                "Babinsa mengajak keluarga balita datang ke Posyandu",
                &koramil,
                koramil_people.get(1).map(|p| p.0.clone()),
                due,
                BudgetSource::None,
                s2,
                None,
            )
            .await?;
            action(
                tx,
                id,
                Some(p1),
                &format!("Insentif kader dan PMT Posyandu {desa} dari Dana Desa"),
                v,
                None,
                due + chrono::Duration::days(30),
                BudgetSource::DanaDesa,
                s3,
                None,
            )
            .await?;
            let sig: Vec<i64> = [pkm.id, camat.id, polsek.id, koramil.id]
                .into_iter()
                .chain(villages.iter().map(|v| v.id))
                .collect();
            store::meeting::insert_agreement(
                tx,
                id,
                "Setiap desa memastikan Posyandu buka sesuai jadwal dan mengumumkannya melalui masjid dan grup warga.",
                &sig,
            )
            .await?;
            store::meeting::insert_agreement(
                tx,
                id,
                "Polsek dan Koramil mendampingi kegiatan imunisasi di dusun yang menolak.",
                &[pkm.id, polsek.id, koramil.id],
            )
            .await?;
        }
    }

    // Rakor Pokjanal Posyandu of the district.
    let dpmd = org(tx, "DPMD-SRL").await?;
    let pkk = org(tx, "PKK-SRL").await?;
    let p2kb = org(tx, "P2KB-SRL").await?;
    let dinsos = org(tx, "DINSOS-SRL").await?;
    let bappeda = org(tx, "BAPPEDA-SRL").await?;
    let pokjanal = store::meeting::insert_forum(
        tx,
        &ForumInput {
            name: "Rakor Pokjanal Posyandu Kabupaten Sarolangun".into(),
            kind: ForumKind::RakorPokjanal,
            org_id: dinkes.id,
            level: MeetingLevel::District,
        },
    )
    .await?;
    let date = d(2023, 10, 5)?;
    let id = meeting(
        tx,
        MeetingInput {
            title: "Rapat Koordinasi Pokjanal Posyandu 2023".into(),
            kind: ForumKind::RakorPokjanal,
            forum_id: Some(pokjanal),
            host_org_id: dinkes.id,
            level: MeetingLevel::District,
            held_on: date,
            start_time: Some("09:00".into()),
            place: Some("Aula Dinas Kesehatan Kabupaten Sarolangun".into()),
            chair: Some("Sekretaris Dinas Kesehatan".into()),
            first_of_year: false,
        },
        &dinkes.region_code,
        MeetingStatus::Held,
    )
    .await?;
    store::meeting::set_forum_members(
        tx,
        pokjanal,
        &[dpmd.id, pkk.id, p2kb.id, disdik.id, dinsos.id, bappeda.id],
        false,
    )
    .await?;
    store::meeting::set_org(tx, id, dpmd.id, domain::meeting::OrgRole::CoHost).await?;
    for o in [&pkk, &p2kb, &disdik, &dinsos, &bappeda] {
        store::meeting::set_org(tx, id, o.id, domain::meeting::OrgRole::Invited).await?;
    }
    let a = store::meeting::insert_agenda_item(tx, id, "Penetapan Tim Pokjanal Posyandu").await?;
    store::meeting::update_minutes(
        tx,
        a,
        Some("Tim Pokjanal Posyandu kabupaten ditetapkan dengan Keputusan Bupati Sarolangun Nomor 412/Kep.DPMD/2023."),
        Some("DPMD menjadi sekretariat; rapat dua kali setahun."),
    )
    .await?;
    let a = store::meeting::insert_agenda_item(tx, id, "Posyandu holistik integratif").await?;
    store::meeting::update_minutes(tx, a, None, Some("Layanan kesehatan dan gizi, PAUD/BKB, ekonomi keluarga, ketahanan pangan dan kesejahteraan sosial dipadukan di Posyandu.")).await?;
    let mut rows = Vec::new();
    for (o, n) in [
        (&dinkes, 8),
        (&dpmd, 6),
        (&pkk, 5),
        (&p2kb, 4),
        (&disdik, 3),
        (&dinsos, 2),
        (&bappeda, 2),
    ] {
        for _ in 0..n {
            rows.push(attendee(name(&mut c.seq), o, "Anggota Pokjanal"));
        }
    }
    store::meeting::insert_attendees(tx, id, &rows).await?;
    store::meeting::insert_agreement(
        tx,
        id,
        "Pokjanal menyusun rencana aksi lintas sektor Posyandu holistik integratif 2024.",
        &[dinkes.id, dpmd.id, pkk.id, p2kb.id, disdik.id, dinsos.id],
    )
    .await?;
    let plan = [
        (
            &dpmd,
            "Pembinaan kelembagaan Posyandu sebagai LKD di seluruh desa",
            BudgetSource::Apbd,
            ActionStatus::InProgress,
        ),
        (
            &pkk,
            "Pelatihan kader Posyandu tentang pemantauan pertumbuhan",
            BudgetSource::Apbd,
            ActionStatus::Done,
        ),
        (
            &p2kb,
            "Integrasi BKB dengan hari buka Posyandu",
            BudgetSource::Apbn,
            ActionStatus::Planned,
        ),
        (
            &disdik,
            "PAUD bergabung dengan layanan Posyandu di 20 desa",
            BudgetSource::Apbd,
            ActionStatus::Planned,
        ),
        (
            &dinsos,
            "Pendataan keluarga miskin dengan balita gizi kurang",
            BudgetSource::Apbd,
            ActionStatus::Cancelled,
        ),
    ];
    for (o, what, b, st) in plan {
        action(tx, id, None, what, o, None, d(2024, 3, 31)?, b, st, None).await?;
    }

    // The district health Rakor of 19 October 2023 (seed 004).
    let rakor_forum = store::meeting::insert_forum(
        tx,
        &ForumInput {
            name: "Rapat Koordinasi Bidang Kesehatan Kabupaten Sarolangun".into(),
            kind: ForumKind::RakorKesehatan,
            org_id: dinkes.id,
            level: MeetingLevel::District,
        },
    )
    .await?;
    let id = meeting(
        tx,
        MeetingInput {
            title: "Rapat Koordinasi Bidang Kesehatan Kabupaten Sarolangun 2023".into(),
            kind: ForumKind::RakorKesehatan,
            forum_id: Some(rakor_forum),
            host_org_id: dinkes.id,
            level: MeetingLevel::District,
            held_on: d(2023, 10, 19)?,
            start_time: Some("08:30".into()),
            place: Some("Aula Kantor Bupati Sarolangun".into()),
            chair: Some("Pj Bupati Bachril Bakri".into()),
            first_of_year: false,
        },
        &dinkes.region_code,
        MeetingStatus::Held,
    )
    .await?;
    store::meeting::set_org(tx, id, pemkab.id, domain::meeting::OrgRole::CoHost).await?;
    let mut invited: Vec<Org> = Vec::new();
    for code in [
        "RSUD-SRL",
        "AKDESI-SRL",
        "IDI-SRL",
        "BPJS-SRL",
        "IBI-SRL",
        "PERSAGI-SRL",
        "HAKLI-SRL",
        "PPNI-SRL",
        "DPMD-SRL",
        "P2KB-SRL",
        "DISDIK-SRL",
        "DINSOS-SRL",
        "BAPPEDA-SRL",
    ] {
        invited.push(org(tx, code).await?);
    }
    for n in 1..=11 {
        invited.push(org(tx, &format!("CAMAT-SRL-{n:02}")).await?);
        invited.push(org(tx, &format!("PKM-SRL-{n:02}")).await?);
    }
    for o in &invited {
        store::meeting::set_org(tx, id, o.id, domain::meeting::OrgRole::Invited).await?;
    }
    let mut members: Vec<i64> = vec![pemkab.id];
    members.extend(invited.iter().map(|o| o.id));
    store::meeting::set_forum_members(tx, rakor_forum, &members, false).await?;
    let a = store::meeting::insert_agenda_item(tx, id, "Evaluasi pelaksanaan program kesehatan 2023").await?;
    store::meeting::update_minutes(
        tx,
        a,
        Some("Peserta menyampaikan kekurangan sarana prasarana, SDM dan peralatan."),
        Some("Masukan menjadi bahan perumusan kebijakan; Dinas Kesehatan dan Direktur RSUD menindaklanjuti."),
    )
    .await?;
    let a = store::meeting::insert_agenda_item(tx, id, "Publikasi data stunting Kabupaten Sarolangun").await?;
    store::meeting::update_minutes(
        tx,
        a,
        Some("Jumlah balita stunting turun dari 740 kasus pada Februari 2023 menjadi 679 kasus pada Agustus 2023."),
        Some("Data stunting per desa dipublikasikan (aksi konvergensi 7)."),
    )
    .await?;
    // 155 participants: officials of the host and co-host, then the invited organisations.
    let mut rows = vec![
        attendee("Bachril Bakri".into(), &pemkab, "Penjabat Bupati"),
        attendee("Dedy Hendry".into(), &pemkab, "Plh Sekretaris Daerah"),
        attendee("Bambang Hermanto".into(), &dinkes, "Kepala Dinas Kesehatan"),
    ];
    let mut k = 0usize;
    while rows.len() < 155 {
        let o = &invited[k % invited.len()];
        let title = match o.kind.as_str() {
            "puskesmas" => "Kepala Puskesmas",
            "kecamatan_office" => "Camat",
            "hospital" => "Direktur/Staf RSUD",
            "professional_body" => "Pengurus",
            _ => "Kepala/Perwakilan",
        };
        rows.push(attendee(name(&mut c.seq), o, title));
        k += 1;
        if k.is_multiple_of(6) && rows.len() < 155 {
            rows.push(attendee(name(&mut c.seq), &dinkes, "Staf Dinas Kesehatan"));
        }
    }
    store::meeting::insert_attendees(tx, id, &rows).await?;
    let rsud = org(tx, "RSUD-SRL").await?;
    let pkm1 = org(tx, "PKM-SRL-01").await?;
    let pkm7 = org(tx, "PKM-SRL-07").await?;
    let shortages = [
        (
            "Kekurangan dokter spesialis anak di RSUD",
            ProblemCategory::Staff,
            &rsud,
            None,
            Some(2),
        ),
        (
            "Kekurangan bidan di Puskesmas Batang Asai",
            ProblemCategory::Staff,
            &pkm1,
            Some("15.03.01"),
            Some(3),
        ),
        (
            "Ambulans Puskesmas Batang Asai rusak",
            ProblemCategory::Equipment,
            &pkm1,
            Some("15.03.01"),
            Some(1),
        ),
        (
            "Alat antropometri Posyandu tidak standar",
            ProblemCategory::Equipment,
            &dinkes,
            None,
            Some(40),
        ),
        (
            "Gedung Pustu rusak berat di Kecamatan Air Hitam",
            ProblemCategory::Facilities,
            &pkm7,
            Some("15.03.07"),
            Some(2),
        ),
        (
            "Jaringan listrik dan air bersih Puskesmas tidak stabil",
            ProblemCategory::Facilities,
            &pkm7,
            Some("15.03.07"),
            None,
        ),
    ];
    for (i, (title, cat, by, region, qty)) in shortages.iter().enumerate() {
        let p = problem(tx, &mut c, id, title, *cat, Some(by.id), *region, *qty, &[]).await?;
        if i % 2 == 0 {
            let owner = if *cat == ProblemCategory::Staff { &dinkes } else { by };
            action(
                tx,
                id,
                Some(p),
                &format!("Tindak lanjut: {title}"),
                owner,
                None,
                d(2024, 6, 30)?,
                BudgetSource::Apbd,
                STATES[(i / 2 + 1) % 4],
                None,
            )
            .await?;
        }
    }
    Ok(())
}
