//! The demo district's cooperation agreements (seeds 000 and 002): the MOU of the health
//! office with the Polres, explored and discussed at the district health Rakor of 19 October
//! 2023, signed in November 2023, with its juklak and juknis and the police's obligations met
//! by Polsek and Polres actions; the Puskesmas Sarolangun's PKS with each village government
//! of its wilayah kerja (nine signed, one still in draft); a kesepakatan bersama on school
//! health with Dinas Pendidikan; a PKS with BPJS Kesehatan that is always about to expire and
//! one with the Koramil that has always just expired without renewal (both dated from the
//! day the demo is loaded); and a nota kesepakatan with the PKK still in draft. Names of
//! people come from the positions of the district demo; everything else is deterministic.

use crate::{AppError, Result};
use AgreementStatus::*;
use chrono::{Duration, Months, NaiveDate};
use domain::action::{ActionInput, ActionStatus, BudgetSource};
use domain::agreement::{
    AgreementInput, AgreementKind, AgreementStatus, MeetingRole, PartyInput, PartySigning, ScopeItem, check_stage,
};
use domain::meeting::ForumKind;
use store::Tx;
use store::agreement::Origin;
use store::org::Org;

fn d(y: i32, m: u32, day: u32) -> Result<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, day).ok_or_else(|| AppError::Internal(format!("demo date {y}-{m}-{day}")))
}

fn months_before(date: NaiveDate, months: u32) -> Result<NaiveDate> {
    date.checked_sub_months(Months::new(months))
        .ok_or_else(|| AppError::Internal(format!("demo date {date} - {months} months")))
}

async fn org(tx: &mut Tx, code: &str) -> Result<Org> {
    store::org::get_by_code(tx, code)
        .await?
        .ok_or_else(|| AppError::Internal(format!("demo organisation {code} missing")))
}

/// The current head of `o` (the person who signs for it), falling back to `title`.
async fn head(tx: &mut Tx, o: &Org, title: &str) -> Result<String> {
    let current: Vec<store::person::Position> = store::person::positions_at(tx, o.id)
        .await?
        .into_iter()
        .filter(|p| p.ended_on.is_none())
        .collect();
    let heads = ["head", "kepala_desa", "camat", "kapolsek", "danramil"];
    Ok(current
        .iter()
        .find(|p| heads.contains(&p.kind.as_str()))
        .or(current.first())
        .map(|p| p.person_name.clone())
        .unwrap_or_else(|| title.to_string()))
}

/// A party that signed on `signed_on` (or has not signed yet).
fn party(o: &Org, doc: &str, signatory: &str, position: &str, signed_on: Option<NaiveDate>) -> PartyInput {
    PartyInput {
        org_id: o.id,
        doc_number: Some(doc.to_string()),
        signatory: Some(signatory.to_string()),
        signatory_position: Some(position.to_string()),
        signed_on,
        financing: None,
    }
}

fn financed(mut p: PartyInput, financing: &str) -> PartyInput {
    p.financing = Some(financing.to_string());
    p
}

/// Registers `a` (owned by `owner`) in the first status of `history` and walks it through the
/// rest, each step dated; checks the stage rules and transitions as the app would.
async fn add(
    tx: &mut Tx,
    a: &AgreementInput,
    owner: &Org,
    batch_id: Option<&str>,
    history: &[(AgreementStatus, NaiveDate, Option<&str>)],
) -> Result<i64> {
    let Some(&(first, first_on, first_note)) = history.first() else {
        return Err(AppError::Internal(format!("demo agreement {} has no history", a.title)));
    };
    let last = history.last().map(|h| h.0).unwrap_or(first);
    let signing: Vec<PartySigning> = a
        .parties
        .iter()
        .map(|p| PartySigning {
            signatory: p.signatory.clone(),
            signed_on: p.signed_on,
        })
        .collect();
    let problems = check_stage(last, a.start_on, a.end_on, &signing);
    if !problems.is_empty() || (a.kind.needs_parent() && a.parent_id.is_none()) {
        return Err(AppError::Internal(format!("demo agreement {}: {problems:?}", a.title)));
    }
    let mut input = a.clone();
    input.status = first;
    let id = store::agreement::insert(
        tx,
        &input,
        &Origin {
            owner_org_id: owner.id,
            region_code: &owner.region_code,
            created_by: "demo",
            batch_id,
            renewed_from_id: None,
            status_on: first_on,
        },
    )
    .await?;
    store::agreement::set_status(tx, id, None, first, first_on, first_note, "demo").await?;
    let mut from = first;
    for &(to, on, note) in &history[1..] {
        if !from.can_become(to) {
            return Err(AppError::Internal(format!("demo agreement {}: {from} → {to}", a.title)));
        }
        store::agreement::set_status(tx, id, Some(from), to, on, note, "demo").await?;
        from = to;
    }
    Ok(id)
}

/// The usual road of a negotiated agreement: drafted, discussed, agreed, signed and in force
/// from the day it is signed.
fn negotiated<'a>(
    draft: NaiveDate,
    discussion: NaiveDate,
    agreed: NaiveDate,
    signed: NaiveDate,
) -> Vec<(AgreementStatus, NaiveDate, Option<&'a str>)> {
    vec![
        (Draft, draft, None),
        (Discussion, discussion, None),
        (Agreed, agreed, None),
        (Signed, signed, None),
        (Active, signed, None),
    ]
}

/// Adds an action agreed at `meeting_id` and walks it to `status` with a dated history (as
/// the coordination demo does).
#[allow(clippy::too_many_arguments)]
async fn action(
    tx: &mut Tx,
    meeting_id: i64,
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
            problem_id: None,
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
    let mut steps: Vec<(Option<ActionStatus>, ActionStatus, Option<&str>)> = vec![(None, ActionStatus::Planned, None)];
    if status == ActionStatus::InProgress || status == ActionStatus::Done {
        steps.push((
            Some(ActionStatus::Planned),
            ActionStatus::InProgress,
            Some("Kegiatan dimulai."),
        ));
    }
    if status == ActionStatus::Done {
        steps.push((Some(ActionStatus::InProgress), ActionStatus::Done, note));
    }
    for (from, to, note) in steps {
        store::action::insert_update(
            tx,
            &store::action::NewUpdate {
                action_id: id,
                username: "demo",
                org_id: from.map(|_| owner.id),
                status_from: from,
                status_to: Some(to),
                note,
                file_id: None,
            },
        )
        .await?;
    }
    if status != ActionStatus::Planned {
        store::action::set_status(tx, id, status, Some("demo")).await?;
    }
    Ok(id)
}

/// Actions of the coordination demo owned by `owner`, agreed at meetings held from `from`,
/// whose text starts with `what`.
async fn actions_of(tx: &mut Tx, owner: &Org, what: &str, from: NaiveDate) -> Result<Vec<i64>> {
    Ok(store::action::list(
        tx,
        &domain::access::Area::All,
        &store::action::ActionFilter {
            owner_org_ids: Some(vec![owner.id]),
            ..Default::default()
        },
    )
    .await?
    .into_iter()
    .filter(|a| a.what.starts_with(what) && a.meeting_held_on >= from)
    .map(|a| a.id)
    .collect())
}

/// The meeting of `kind` held on `on` (from the coordination demo).
async fn meeting_on(tx: &mut Tx, kind: ForumKind, on: NaiveDate) -> Result<i64> {
    store::meeting::all(
        tx,
        &domain::access::Area::All,
        &store::meeting::MeetingFilter {
            kind: Some(kind.as_str().into()),
            from: Some(on),
            to: Some(on),
            limit: 1,
            ..Default::default()
        },
    )
    .await?
    .first()
    .map(|m| m.id)
    .ok_or_else(|| AppError::Internal(format!("demo meeting {kind} of {on} missing")))
}

/// Loads the agreements demo inside the district demo's transaction (after coordination,
/// whose meetings and actions it links).
pub async fn load(tx: &mut Tx, today: NaiveDate) -> Result<()> {
    let dinkes = org(tx, "DINKES-SRL").await?;
    let polres = org(tx, "POLRES-SRL").await?;
    let disdik = org(tx, "DISDIK-SRL").await?;
    let bpjs = org(tx, "BPJS-SRL").await?;
    let pkk = org(tx, "PKK-SRL").await?;
    let pkm = org(tx, "PKM-SRL-03").await?;
    let koramil = org(tx, "KORAMIL-SRL-03").await?;
    let kadinkes = head(tx, &dinkes, "Kepala Dinas Kesehatan").await?;
    let kapolres = head(tx, &polres, "Kapolres Sarolangun").await?;
    let kapus = head(tx, &pkm, "Kepala Puskesmas").await?;
    let rakor = meeting_on(tx, ForumKind::RakorKesehatan, d(2023, 10, 19)?).await?;
    let pokjanal = meeting_on(tx, ForumKind::RakorPokjanal, d(2023, 10, 5)?).await?;

    // 1. The MOU with the Polres (seed 000): explored in the summer of 2023, its draft
    // discussed at the Rakor of 19 October 2023, signed on 20 November 2023 for five years.
    let signed = d(2023, 11, 20)?;
    let mou = AgreementInput {
        kind: AgreementKind::Mou,
        title: "Dukungan Polres Sarolangun dalam Pelayanan Kesehatan Masyarakat".into(),
        status: Active,
        parent_id: None,
        legal_basis: Some(
            "Undang-Undang Nomor 17 Tahun 2023 tentang Kesehatan; Undang-Undang Nomor 2 Tahun 2002 tentang \
             Kepolisian Negara Republik Indonesia; Peraturan Menteri Dalam Negeri Nomor 22 Tahun 2020 tentang \
             Tata Cara Kerja Sama Daerah."
                .into(),
        ),
        purpose: Some(
            "Meningkatkan cakupan imunisasi dan pelayanan kesehatan masyarakat melalui dukungan pengamanan dan \
             penyuluhan oleh jajaran Polres Sarolangun."
                .into(),
        ),
        summary: Some(
            "Ruang lingkup: advokasi, komunikasi, informasi dan edukasi (KIE) kesehatan, serta dukungan \
             pengamanan kegiatan kesehatan. Polres dan Polsek mendampingi tim imunisasi di dusun yang sulit \
             dijangkau atau menolak; Bhabinkamtibmas menjadi penyuluh kesehatan di desa binaannya."
                .into(),
        ),
        start_on: Some(signed),
        end_on: Some(d(2028, 11, 19)?),
        is_public: true,
        scope: vec![
            ScopeItem::Advokasi,
            ScopeItem::Komunikasi,
            ScopeItem::Informasi,
            ScopeItem::Edukasi,
            ScopeItem::Pengamanan,
        ],
        parties: vec![
            financed(
                party(
                    &dinkes,
                    "440/123/DINKES/2023",
                    &kadinkes,
                    "Kepala Dinas Kesehatan",
                    Some(signed),
                ),
                "APBD Dinas Kesehatan (materi KIE, pelatihan)",
            ),
            financed(
                party(
                    &polres,
                    "B/45/XI/2023/Res Srl",
                    &kapolres,
                    "Kapolres Sarolangun",
                    Some(signed),
                ),
                "DIPA Polres Sarolangun",
            ),
        ],
    };
    let mou_id = add(
        tx,
        &mou,
        &dinkes,
        None,
        &[
            (
                Exploration,
                d(2023, 8, 14)?,
                Some("Penjajakan: penolakan imunisasi di dusun terpencil dibahas dengan Kasat Binmas."),
            ),
            (
                Draft,
                d(2023, 9, 18)?,
                Some("Draf disusun bagian hukum Setda bersama Dinas Kesehatan."),
            ),
            (
                Discussion,
                d(2023, 10, 19)?,
                Some("Draf dibahas pada Rakor Bidang Kesehatan."),
            ),
            (Agreed, d(2023, 11, 6)?, Some("Naskah final disepakati kedua pihak.")),
            (Signed, signed, None),
            (Active, signed, None),
        ],
    )
    .await?;
    // The police were at the Rakor where the draft was discussed.
    store::meeting::set_org(tx, rakor, polres.id, domain::meeting::OrgRole::Invited).await?;
    store::agreement::link_meeting(tx, mou_id, rakor, MeetingRole::Discussed).await?;

    let escort = store::agreement::insert_obligation(
        tx,
        mou_id,
        polres.id,
        "Pengawalan dan pengamanan tim imunisasi di daerah sulit",
    )
    .await?;
    let kie = store::agreement::insert_obligation(
        tx,
        mou_id,
        polres.id,
        "Bhabinkamtibmas ikut menyampaikan pesan kesehatan (KIE) di desa",
    )
    .await?;
    let training = store::agreement::insert_obligation(
        tx,
        mou_id,
        dinkes.id,
        "Melatih Bhabinkamtibmas tentang promosi kesehatan",
    )
    .await?;
    store::agreement::insert_obligation(tx, mou_id, dinkes.id, "Menyediakan materi KIE").await?;
    // The Polsek (under the Polres) escorts agreed at the November 2023 cross-sector Lokmin.
    for n in ["03", "01", "06"] {
        let polsek = org(tx, &format!("POLSEK-SRL-{n}")).await?;
        for a in actions_of(
            tx,
            &polsek,
            "Pendampingan tim imunisasi oleh Bhabinkamtibmas",
            d(2023, 11, 1)?,
        )
        .await?
        {
            store::agreement::link_action(tx, escort, a).await?;
        }
    }
    let a = action(
        tx,
        rakor,
        "Pengawalan tim imunisasi ke dusun terpencil di Kecamatan Batang Asai dan Limun",
        &polres,
        Some("Kasat Samapta".into()),
        d(2024, 3, 31)?,
        BudgetSource::None,
        ActionStatus::Done,
        Some("Tim imunisasi dikawal di tujuh dusun; tidak ada penolakan."),
    )
    .await?;
    store::agreement::link_action(tx, escort, a).await?;
    let a = action(
        tx,
        rakor,
        "Bhabinkamtibmas menyampaikan pesan imunisasi dan jadwal Posyandu saat sambang desa",
        &polres,
        Some("Kasat Binmas".into()),
        d(2024, 12, 31)?,
        BudgetSource::None,
        ActionStatus::InProgress,
        None,
    )
    .await?;
    store::agreement::link_action(tx, kie, a).await?;
    let a = action(
        tx,
        rakor,
        "Pelatihan promosi kesehatan bagi Bhabinkamtibmas se-Kabupaten Sarolangun",
        &dinkes,
        Some("Kepala Bidang Kesehatan Masyarakat".into()),
        d(2024, 5, 31)?,
        BudgetSource::Apbd,
        ActionStatus::Done,
        Some("62 Bhabinkamtibmas dilatih dalam dua angkatan."),
    )
    .await?;
    store::agreement::link_action(tx, training, a).await?;

    // Its juklak and juknis, signed in February 2024 and in force as long as the MOU.
    let derived = [
        (
            AgreementKind::Juklak,
            "Petunjuk Pelaksanaan Pengamanan dan Pendampingan Tim Imunisasi oleh Jajaran Polres Sarolangun",
            "440/31/DINKES/2024",
            "B/12/II/2024/Res Srl",
            vec![ScopeItem::Pengamanan],
        ),
        (
            AgreementKind::Juknis,
            "Petunjuk Teknis Bhabinkamtibmas sebagai Penyuluh Kesehatan di Desa",
            "440/32/DINKES/2024",
            "B/13/II/2024/Res Srl",
            vec![ScopeItem::Komunikasi, ScopeItem::Informasi, ScopeItem::Edukasi],
        ),
    ];
    let signed = d(2024, 2, 5)?;
    for (kind, title, ours, theirs, scope) in derived {
        let a = AgreementInput {
            kind,
            title: title.into(),
            status: Active,
            parent_id: Some(mou_id),
            legal_basis: Some(
                "Nota Kesepahaman Dinas Kesehatan dan Polres Sarolangun Nomor 440/123/DINKES/2023.".into(),
            ),
            purpose: None,
            summary: None,
            start_on: Some(signed),
            end_on: Some(d(2028, 11, 19)?),
            is_public: true,
            scope,
            parties: vec![
                party(&dinkes, ours, &kadinkes, "Kepala Dinas Kesehatan", Some(signed)),
                party(&polres, theirs, &kapolres, "Kapolres Sarolangun", Some(signed)),
            ],
        };
        add(
            tx,
            &a,
            &dinkes,
            None,
            &negotiated(d(2024, 1, 8)?, d(2024, 1, 22)?, d(2024, 1, 29)?, signed),
        )
        .await?;
    }

    // 2. The Puskesmas Sarolangun with each village government of its wilayah kerja (seed
    // 002): one PKS per desa (kelurahan have no Dana Desa), sharing a batch; nine kepala desa
    // signed on 15 January 2024, the tenth village's council has not approved it yet.
    let wk = store::org::wilayah_kerja(tx, pkm.id).await?;
    let codes: Vec<String> = wk.iter().map(|w| w.desa_code.clone()).collect();
    let desa: Vec<store::region::Region> = store::region::get_many(tx, &codes)
        .await?
        .into_iter()
        .filter(|r| r.kind == "desa")
        .collect();
    let signed = d(2024, 1, 15)?;
    for (i, r) in desa.iter().enumerate() {
        let n = i + 1;
        let gov = org(tx, &format!("DESA-{}", r.code.replace('.', ""))).await?;
        let kades = head(tx, &gov, "Kepala Desa").await?;
        let done = n <= 9;
        let on = done.then_some(signed);
        let a = AgreementInput {
            kind: AgreementKind::Pks,
            title: "Kerja sama Penurunan Stunting dan Pemberdayaan Posyandu".into(),
            status: if done { Active } else { Draft },
            parent_id: None,
            legal_basis: Some(
                "Peraturan Presiden Nomor 72 Tahun 2021 tentang Percepatan Penurunan Stunting; Peraturan Menteri \
                 Desa PDTT tentang prioritas penggunaan Dana Desa."
                    .into(),
            ),
            purpose: Some(format!(
                "Menurunkan stunting dan menghidupkan Posyandu di Desa {} bersama {}.",
                r.name, pkm.name
            )),
            summary: Some(
                "Puskesmas mendampingi kader dan bidan desa; desa menganggarkan PMT lokal dan insentif kader dari \
                 Dana Desa; kedua pihak berbagi data sasaran dan hasil penimbangan setiap bulan."
                    .into(),
            ),
            start_on: Some(signed),
            end_on: Some(d(2028, 12, 31)?),
            is_public: false,
            scope: vec![ScopeItem::Pendampingan, ScopeItem::Pendanaan, ScopeItem::BerbagiData],
            parties: vec![
                financed(
                    party(
                        &pkm,
                        &format!("441/{n}/PKM-03/2024"),
                        &kapus,
                        "Kepala Puskesmas Sarolangun",
                        on,
                    ),
                    "BOK Puskesmas",
                ),
                financed(
                    party(
                        &gov,
                        &format!("141/{n}/{}/2024", r.name.to_uppercase().replace(' ', "-")),
                        &kades,
                        "Kepala Desa",
                        on,
                    ),
                    "Dana Desa (PMT lokal dan insentif kader Posyandu)",
                ),
            ],
        };
        let history = if done {
            negotiated(d(2023, 11, 27)?, d(2023, 12, 11)?, d(2024, 1, 8)?, signed)
        } else {
            vec![(
                Draft,
                d(2023, 11, 27)?,
                Some("Menunggu persetujuan BPD atas alokasi Dana Desa."),
            )]
        };
        let id = add(tx, &a, &pkm, Some("demo-pkm03-2024"), &history).await?;
        store::agreement::insert_obligation(
            tx,
            id,
            pkm.id,
            "Mendampingi kader Posyandu dalam penimbangan dan konseling gizi setiap bulan",
        )
        .await?;
        let fund = store::agreement::insert_obligation(
            tx,
            id,
            gov.id,
            "Menganggarkan PMT lokal dan insentif kader Posyandu dari Dana Desa",
        )
        .await?;
        if done {
            for a in actions_of(tx, &gov, "Insentif kader dan PMT Posyandu", d(2023, 11, 1)?).await? {
                store::agreement::link_action(tx, fund, a).await?;
            }
        }
    }

    // 3. School health with Dinas Pendidikan: a kesepakatan bersama, public.
    let kadisdik = head(tx, &disdik, "Kepala Dinas Pendidikan").await?;
    let signed = d(2024, 7, 15)?;
    let uks = AgreementInput {
        kind: AgreementKind::KesepakatanBersama,
        title: "Pembinaan Usaha Kesehatan Sekolah (UKS) dan Penjaringan Kesehatan Peserta Didik".into(),
        status: Active,
        parent_id: None,
        legal_basis: Some(
            "Peraturan Bersama Empat Menteri tentang Pembinaan dan Pengembangan Usaha Kesehatan Sekolah/Madrasah."
                .into(),
        ),
        purpose: Some("Setiap peserta didik SD dan SMP diperiksa kesehatannya pada awal tahun ajaran.".into()),
        summary: Some(
            "Puskesmas melakukan penjaringan kesehatan dan pemeriksaan berkala di sekolah; Dinas Pendidikan \
             menjadwalkan kegiatan dan membina guru UKS; hasil penjaringan dibagikan ke sekolah."
                .into(),
        ),
        start_on: Some(signed),
        end_on: Some(d(2029, 7, 14)?),
        is_public: true,
        scope: vec![
            ScopeItem::Edukasi,
            ScopeItem::Pelatihan,
            ScopeItem::Pendampingan,
            ScopeItem::BerbagiData,
        ],
        parties: vec![
            party(
                &dinkes,
                "440/288/DINKES/2024",
                &kadinkes,
                "Kepala Dinas Kesehatan",
                Some(signed),
            ),
            party(
                &disdik,
                "420/517/DISDIK/2024",
                &kadisdik,
                "Kepala Dinas Pendidikan",
                Some(signed),
            ),
        ],
    };
    let uks_id = add(
        tx,
        &uks,
        &dinkes,
        None,
        &negotiated(d(2024, 5, 6)?, d(2024, 6, 3)?, d(2024, 6, 24)?, signed),
    )
    .await?;
    store::agreement::insert_obligation(
        tx,
        uks_id,
        dinkes.id,
        "Puskesmas melaksanakan penjaringan kesehatan peserta didik baru dan melaporkan hasilnya ke sekolah",
    )
    .await?;
    store::agreement::insert_obligation(
        tx,
        uks_id,
        disdik.id,
        "Menjadwalkan penjaringan kesehatan di setiap SD dan SMP pada awal tahun ajaran",
    )
    .await?;
    store::agreement::insert_obligation(tx, uks_id, disdik.id, "Melatih guru pembina UKS bersama Puskesmas").await?;

    // 4. JKN data and referrals with BPJS Kesehatan: a three-year PKS that ends 45 days after
    // the demo is loaded, so it is always in the 90-day expiry list.
    let end = today + Duration::days(45);
    let start = months_before(end, 36)? + Duration::days(1);
    let kabpjs = head(tx, &bpjs, "Kepala BPJS Kesehatan").await?;
    let jkn = AgreementInput {
        kind: AgreementKind::Pks,
        title: "Pemanfaatan Data Kepesertaan JKN dan Penguatan Sistem Rujukan Berjenjang".into(),
        status: Active,
        parent_id: None,
        legal_basis: Some(
            "Peraturan Presiden Nomor 82 Tahun 2018 tentang Jaminan Kesehatan beserta perubahannya.".into(),
        ),
        purpose: Some(
            "Data kepesertaan JKN per desa dipakai untuk menjangkau sasaran, dan rujukan dari Puskesmas \
             mengikuti sistem rujukan berjenjang."
                .into(),
        ),
        summary: Some(
            "BPJS Kesehatan berbagi data kepesertaan dan rujukan per FKTP setiap triwulan; Dinas Kesehatan \
             memantau rasio rujukan non-spesialistik Puskesmas."
                .into(),
        ),
        start_on: Some(start),
        end_on: Some(end),
        is_public: false,
        scope: vec![ScopeItem::BerbagiData, ScopeItem::Rujukan],
        parties: vec![
            party(
                &dinkes,
                &format!("440/140/DINKES/{}", start.format("%Y")),
                &kadinkes,
                "Kepala Dinas Kesehatan",
                Some(start),
            ),
            party(
                &bpjs,
                &format!("77/KTR/0210/{}", start.format("%m%y")),
                &kabpjs,
                "Kepala BPJS Kesehatan Kabupaten Sarolangun",
                Some(start),
            ),
        ],
    };
    let jkn_id = add(
        tx,
        &jkn,
        &dinkes,
        None,
        &[
            (
                Agreed,
                start - Duration::days(21),
                Some("Naskah disepakati dalam rapat koordinasi JKN."),
            ),
            (Signed, start, None),
            (Active, start, None),
        ],
    )
    .await?;
    store::agreement::insert_obligation(
        tx,
        jkn_id,
        bpjs.id,
        "Berbagi data kepesertaan JKN per desa dan data rujukan per Puskesmas setiap triwulan",
    )
    .await?;
    store::agreement::insert_obligation(
        tx,
        jkn_id,
        dinkes.id,
        "Memantau rasio rujukan non-spesialistik Puskesmas dan menindaklanjuti yang melebihi batas",
    )
    .await?;

    // 5. Babinsa support for the Posyandu with the Koramil: a two-year PKS that ended 30 days
    // before the demo is loaded and was not renewed, stored as active, so it is expired by
    // derivation; nobody recorded any action on its obligations.
    let end = today - Duration::days(30);
    let start = months_before(end, 24)? + Duration::days(1);
    let danramil = head(tx, &koramil, "Danramil").await?;
    let babinsa = AgreementInput {
        kind: AgreementKind::Pks,
        title: "Dukungan Babinsa untuk Posyandu dan Percepatan Penurunan Stunting".into(),
        status: Active,
        parent_id: None,
        legal_basis: Some("Peraturan Presiden Nomor 72 Tahun 2021 tentang Percepatan Penurunan Stunting.".into()),
        purpose: Some("Babinsa membantu menggerakkan keluarga balita ke Posyandu dan mendampingi kader.".into()),
        summary: Some(
            "Babinsa hadir pada hari buka Posyandu, mengajak keluarga balita yang tidak datang, dan ikut \
             mendampingi pemberian makanan tambahan bagi balita gizi kurang."
                .into(),
        ),
        start_on: Some(start),
        end_on: Some(end),
        is_public: false,
        scope: vec![ScopeItem::Pendampingan, ScopeItem::Komunikasi, ScopeItem::Edukasi],
        parties: vec![
            party(
                &pkm,
                &format!("441/58/PKM-03/{}", start.format("%Y")),
                &kapus,
                "Kepala Puskesmas Sarolangun",
                Some(start),
            ),
            party(
                &koramil,
                &format!("B/21/{}/Ramil 420-03", start.format("%Y")),
                &danramil,
                "Danramil Sarolangun",
                Some(start),
            ),
        ],
    };
    let babinsa_id = add(
        tx,
        &babinsa,
        &pkm,
        None,
        &negotiated(
            start - Duration::days(35),
            start - Duration::days(21),
            start - Duration::days(14),
            start,
        ),
    )
    .await?;
    store::agreement::insert_obligation(
        tx,
        babinsa_id,
        koramil.id,
        "Babinsa hadir pada hari buka Posyandu dan mengajak keluarga balita yang tidak datang",
    )
    .await?;
    store::agreement::insert_obligation(
        tx,
        babinsa_id,
        pkm.id,
        "Memberikan data balita tidak hadir dan balita gizi kurang per desa kepada Babinsa setiap bulan",
    )
    .await?;

    // 6. The PKK: explored at the Pokjanal Rakor of October 2023, in draft since three weeks.
    let ketua_pkk = head(tx, &pkk, "Ketua TP-PKK").await?;
    let pmt = AgreementInput {
        kind: AgreementKind::NotaKesepakatan,
        title: "Gerakan Posyandu Aktif dan Pemberian Makanan Tambahan Berbahan Pangan Lokal".into(),
        status: Draft,
        parent_id: None,
        legal_basis: None,
        purpose: Some("Kader PKK menggerakkan Posyandu aktif dan memasak PMT lokal bersama ibu balita.".into()),
        summary: None,
        start_on: None,
        end_on: None,
        is_public: false,
        scope: vec![ScopeItem::Edukasi, ScopeItem::Pelatihan, ScopeItem::Pendampingan],
        parties: vec![
            PartyInput {
                org_id: dinkes.id,
                doc_number: None,
                signatory: Some(kadinkes.clone()),
                signatory_position: Some("Kepala Dinas Kesehatan".into()),
                signed_on: None,
                financing: None,
            },
            PartyInput {
                org_id: pkk.id,
                doc_number: None,
                signatory: Some(ketua_pkk),
                signatory_position: Some("Ketua TP-PKK Kabupaten Sarolangun".into()),
                signed_on: None,
                financing: None,
            },
        ],
    };
    let pmt_id = add(
        tx,
        &pmt,
        &dinkes,
        None,
        &[
            (
                Exploration,
                d(2023, 10, 5)?,
                Some("Diusulkan pada Rakor Pokjanal Posyandu."),
            ),
            (
                Draft,
                today - Duration::days(21),
                Some("Draf pertama disusun Bidang Kesehatan Masyarakat."),
            ),
        ],
    )
    .await?;
    store::agreement::link_meeting(tx, pmt_id, pokjanal, MeetingRole::Explored).await?;
    Ok(())
}
