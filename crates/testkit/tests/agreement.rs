//! Agreements through HTTP on both databases, on the small fixture district: registration
//! with bad input, lifecycle transitions allowed and refused, visibility of private and public
//! agreements, derived expiry and renewal, obligations fulfilled by actions, attachments,
//! batches with village governments, the register's filters and exports, the home-page
//! warnings of expiring and expired agreements, and the JSON API. What the fixture lacks (the
//! Dinas Pendidikan, BPJS Kesehatan, more village governments, a Rakor with actions, the
//! agreements of the register) each test makes through the use cases.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::{Months, NaiveDate};
use domain::action::{ActionInput, BudgetSource};
use domain::agreement::{AgreementInput, AgreementKind, AgreementStatus, PartyInput, ScopeItem};
use domain::meeting::{ForumKind, MeetingInput, MeetingLevel, MeetingStatus};
use domain::org::OrgKind;
use domain::region::RegionKind;
use lintas_testkit::fixture::{BATANG_ASAI_DESA, BERNAI, DUSUN_SAROLANGUN, KECAMATAN};
use lintas_testkit::http::{Api, Client, Page};
use lintas_testkit::org_id;
use lintas_testkit::{TestApp, both_fixture};

fn today() -> chrono::NaiveDate {
    domain::action::local_today("15.03", chrono::Utc::now())
}

fn days(n: i64) -> String {
    (today() + chrono::Duration::days(n)).to_string()
}

/// `months` before `end`, plus a day: the start of a term of that many months ending on `end`.
fn term_start(end: NaiveDate, months: u32) -> NaiveDate {
    let Some(start) = end.checked_sub_months(Months::new(months)) else {
        panic!("{end} - {months} months")
    };
    start + chrono::Duration::days(1)
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_else(|| panic!("date {y}-{m}-{d}"))
}

/// An organisation the fixture lacks, registered by the admin.
async fn add_org(t: &TestApp, name: &str, code: &str, kind: OrgKind, parent: Option<i64>, region: &str) -> i64 {
    let admin = t.actor("admin").await;
    app::org::create(
        &t.app,
        &admin,
        &lintas_testkit::org_input(name, code, kind, parent, region),
    )
    .await
    .unwrap_or_else(|e| panic!("{name}: {e:?}"))
}

/// The Dinas Pendidikan (`DISDIK-SRL`), a district office that is no party of the police MOU.
async fn disdik(t: &TestApp) -> i64 {
    add_org(
        t,
        "Dinas Pendidikan Kabupaten Sarolangun",
        "DISDIK-SRL",
        OrgKind::Education,
        None,
        "15.03",
    )
    .await
}

/// BPJS Kesehatan of the district (`BPJS-SRL`).
async fn bpjs(t: &TestApp) -> i64 {
    add_org(
        t,
        "BPJS Kesehatan Kabupaten Sarolangun",
        "BPJS-SRL",
        OrgKind::Bpjs,
        None,
        "15.03",
    )
    .await
}

/// An agreement in force from `start` to `end`, every party signed on `start`, public as its
/// kind is by default; registered through the use case by `who`.
#[allow(clippy::too_many_arguments)]
async fn in_force(
    t: &TestApp,
    who: &str,
    kind: AgreementKind,
    title: &str,
    parent: Option<i64>,
    (start, end): (NaiveDate, NaiveDate),
    scope: &[ScopeItem],
    parties: &[(i64, &str)],
) -> i64 {
    let input = AgreementInput {
        kind,
        title: title.into(),
        status: AgreementStatus::Active,
        parent_id: parent,
        legal_basis: None,
        purpose: None,
        summary: None,
        start_on: Some(start),
        end_on: Some(end),
        is_public: matches!(
            kind,
            AgreementKind::Mou | AgreementKind::KesepakatanBersama | AgreementKind::Juklak | AgreementKind::Juknis
        ),
        scope: scope.to_vec(),
        parties: parties
            .iter()
            .map(|(org_id, signatory)| PartyInput {
                org_id: *org_id,
                doc_number: None,
                signatory: Some(signatory.to_string()),
                signatory_position: None,
                signed_on: Some(start),
                financing: None,
            })
            .collect(),
    };
    let by = t.actor(who).await;
    app::agreement::create(&t.app, &by, &input, None)
        .await
        .unwrap_or_else(|e| panic!("{title}: {e:?}"))
}

/// A private PKS of Dinkes with BPJS Kesehatan on JKN data and referrals: three years that
/// end in 45 days, so it is in the 90-day expiry list.
async fn jkn(t: &TestApp, bpjs: i64) -> i64 {
    let end = today() + chrono::Duration::days(45);
    let start = term_start(end, 36);
    in_force(
        t,
        "dinkes",
        AgreementKind::Pks,
        "Pemanfaatan Data Kepesertaan JKN dan Penguatan Sistem Rujukan Berjenjang",
        None,
        (start, end),
        &[ScopeItem::BerbagiData, ScopeItem::Rujukan],
        &[
            (t.fx().dinkes, "Kepala Dinas Kesehatan"),
            (bpjs, "Kepala BPJS Kesehatan"),
        ],
    )
    .await
}

/// The agreements of the register (as the demo has them): the public MOU of Dinkes with the
/// Polres (security among its scope, in force until 2028) with its juklak and juknis and an
/// obligation of the police; the JKN PKS with BPJS Kesehatan ending in 45 days; and a private
/// PKS of Puskesmas Sarolangun with the Koramil (defence, in kecamatan Sarolangun) on Babinsa
/// support that ended 30 days ago and was not renewed (stored as active). None was in force in
/// 2020. Returns the MOU.
async fn register_of_agreements(t: &TestApp) -> i64 {
    let fx = t.fx().clone();
    let until = date(2028, 11, 19);
    let mou = in_force(
        t,
        "dinkes",
        AgreementKind::Mou,
        "Dukungan Polres Sarolangun dalam Pelayanan Kesehatan Masyarakat",
        None,
        (date(2023, 11, 20), until),
        &[ScopeItem::Advokasi, ScopeItem::Edukasi, ScopeItem::Pengamanan],
        &[
            (fx.dinkes, "Kepala Dinas Kesehatan"),
            (fx.polres, "Kapolres Sarolangun"),
        ],
    )
    .await;
    for (kind, title) in [
        (
            AgreementKind::Juklak,
            "Petunjuk Pelaksanaan Pengamanan Tim Imunisasi oleh Jajaran Polres Sarolangun",
        ),
        (
            AgreementKind::Juknis,
            "Petunjuk Teknis Bhabinkamtibmas sebagai Penyuluh Kesehatan di Desa",
        ),
    ] {
        in_force(
            t,
            "dinkes",
            kind,
            title,
            Some(mou),
            (date(2024, 2, 5), until),
            &[ScopeItem::Pengamanan],
            &[
                (fx.dinkes, "Kepala Dinas Kesehatan"),
                (fx.polres, "Kapolres Sarolangun"),
            ],
        )
        .await;
    }
    let dinkes = t.actor("dinkes").await;
    app::agreement::add_obligation(
        &t.app,
        &dinkes,
        mou,
        fx.polres,
        "Pengawalan dan pengamanan tim imunisasi di daerah sulit",
    )
    .await
    .unwrap_or_else(|e| panic!("obligation: {e:?}"));
    let bpjs = bpjs(t).await;
    jkn(t, bpjs).await;
    let end = today() - chrono::Duration::days(30);
    let start = term_start(end, 24);
    in_force(
        t,
        "puskesmas",
        AgreementKind::Pks,
        "Dukungan Babinsa untuk Posyandu dan Percepatan Penurunan Stunting",
        None,
        (start, end),
        &[ScopeItem::Pendampingan, ScopeItem::Komunikasi],
        &[
            (fx.pkm, "Kepala Puskesmas Sarolangun"),
            (fx.koramil, "Danramil Sarolangun"),
        ],
    )
    .await;
    mou
}

/// The district health Rakor Dinkes held on 19 October 2023 (the police invited), with two
/// open actions agreed there: one of the Polsek (under the Polres), one of Dinkes itself.
async fn rakor_with_actions(t: &TestApp) -> i64 {
    let fx = t.fx().clone();
    let dinkes = t.actor("dinkes").await;
    let held_on = date(2023, 10, 19);
    let input = MeetingInput {
        title: "Rapat Koordinasi Bidang Kesehatan".into(),
        kind: ForumKind::RakorKesehatan,
        forum_id: None,
        host_org_id: fx.dinkes,
        level: MeetingLevel::District,
        held_on,
        start_time: Some("09:00".into()),
        place: Some("Aula Dinas Kesehatan".into()),
        chair: None,
        first_of_year: false,
    };
    let rakor = app::meeting::create(&t.app, &dinkes, &input, &[fx.polres])
        .await
        .unwrap_or_else(|e| panic!("rakor: {e:?}"));
    app::meeting::set_status(&t.app, &dinkes, rakor, MeetingStatus::Held)
        .await
        .unwrap_or_else(|e| panic!("rakor held: {e:?}"));
    for (what, owner) in [
        ("Pendampingan tim imunisasi oleh Bhabinkamtibmas", fx.polsek),
        ("Pelatihan promosi kesehatan bagi Bhabinkamtibmas", fx.dinkes),
    ] {
        let action = ActionInput {
            what: what.into(),
            problem_id: None,
            owner_org_id: owner,
            responsible: None,
            supporting_org_ids: Vec::new(),
            target: None,
            due_on: Some(date(2024, 3, 31)),
            budget_source: BudgetSource::None,
            private_note: None,
        };
        app::action::create(&t.app, &dinkes, rakor, &action)
            .await
            .unwrap_or_else(|e| panic!("{what}: {e:?}"));
    }
    rakor
}

/// Village governments for a batch of Puskesmas Sarolangun: its wilayah kerja grows by two
/// desa of kecamatan Sarolangun, each given its government beside the fixture's Bernai, and a
/// village government in kecamatan Batang Asai stays outside it. Returns the ids of the three
/// inside, in ascending order.
async fn villages(t: &TestApp) -> Vec<i64> {
    let fx = t.fx().clone();
    let desa: Vec<String> = {
        let Ok(mut tx) = t.app.store.read().await else {
            panic!("read")
        };
        store::region::children(&mut tx, Some(KECAMATAN))
            .await
            .unwrap_or_else(|e| panic!("desa of {KECAMATAN}: {e:?}"))
            .into_iter()
            .filter(|r| r.kind == RegionKind::Desa && r.code != BERNAI)
            .take(2)
            .map(|r| r.code)
            .collect()
    };
    assert_eq!(desa.len(), 2, "two more desa in kecamatan Sarolangun");
    let admin = t.actor("admin").await;
    let mut wk: Vec<String> = vec![DUSUN_SAROLANGUN.into(), BERNAI.into()];
    wk.extend(desa.iter().cloned());
    app::org::set_wilayah_kerja(&t.app, &admin, fx.pkm, &wk)
        .await
        .unwrap_or_else(|e| panic!("wilayah kerja: {e:?}"));
    let mut ids = vec![fx.desa_bernai];
    for code in &desa {
        let digits = code.replace('.', "");
        ids.push(
            add_org(
                t,
                &format!("Pemerintah Desa {digits}"),
                &format!("DESA-{digits}"),
                OrgKind::VillageGovernment,
                Some(fx.camat),
                code,
            )
            .await,
        );
    }
    let far = BATANG_ASAI_DESA[0];
    add_org(
        t,
        "Pemerintah Desa Tambak Ratu",
        &format!("DESA-{}", far.replace('.', "")),
        OrgKind::VillageGovernment,
        None,
        far,
    )
    .await;
    ids.sort();
    ids
}

/// Every agreement in the database, whatever the reader.
async fn count(t: &TestApp) -> i64 {
    let mut tx = t.app.store.read().await.unwrap();
    store::agreement::list(
        &mut tx,
        &domain::access::Area::All,
        &store::agreement::AgreementFilter {
            today: today(),
            limit: 1,
            ..Default::default()
        },
    )
    .await
    .unwrap()
    .1
}

async fn audit_rows(t: &TestApp, entity: &str, id: i64) -> Vec<String> {
    let mut tx = t.app.store.read().await.unwrap();
    store::audit::list(
        &mut tx,
        &store::audit::AuditFilter {
            entity: Some(entity.into()),
            entity_id: Some(id.to_string()),
            limit: 100,
            ..Default::default()
        },
    )
    .await
    .unwrap()
    .0
    .into_iter()
    .map(|e| e.summary)
    .collect()
}

fn id_in(location: &str) -> i64 {
    location
        .trim_start_matches("/agreements/")
        .split(['/', '#', '?'])
        .next()
        .unwrap()
        .parse()
        .unwrap()
}

/// An agreement between Dinkes and the police (and `extra` fields).
async fn register(c: &Client, t: &TestApp, extra: &[(&str, &str)]) -> Page {
    let dinkes = org_id(t, "DINKES-SRL").await.to_string();
    let polres = org_id(t, "POLRES-SRL").await.to_string();
    let mut fields: Vec<(&str, &str)> = vec![
        ("party_org_id", &dinkes),
        ("party_doc_number", "440/77/DINKES/2025"),
        ("party_signatory", ""),
        ("party_signatory_position", "Kepala Dinas Kesehatan"),
        ("party_signed_on", ""),
        ("party_financing", "APBD"),
        ("party_org_id", &polres),
        ("party_doc_number", ""),
        ("party_signatory", ""),
        ("party_signatory_position", "Kapolres"),
        ("party_signed_on", ""),
        ("party_financing", ""),
        // An empty party row, as the form always sends one.
        ("party_org_id", ""),
        ("party_doc_number", ""),
        ("party_signatory", ""),
        ("party_signatory_position", ""),
        ("party_signed_on", ""),
        ("party_financing", ""),
        ("scope", "advokasi"),
        ("scope", "pengamanan"),
        (
            "summary",
            "Pengawalan tim imunisasi dan Bhabinkamtibmas sebagai penyuluh kesehatan.",
        ),
    ];
    fields.extend_from_slice(extra);
    c.post_form("/agreements/new", "/agreements", &fields).await
}

both_fixture!(lifecycle_moves_only_where_it_makes_sense, async |t: &TestApp| {
    let c = t.signed_in("dinkes").await;
    let before = count(t).await;

    // Bad input: one party, the end before the start — named, and nothing stored.
    let p = c
        .post_form(
            "/agreements/new",
            "/agreements",
            &[
                ("kind", "mou"),
                ("title", "Kerja sama tanpa mitra"),
                ("party_org_id", &org_id(t, "DINKES-SRL").await.to_string()),
                ("start_on", "2025-06-01"),
                ("end_on", "2025-01-01"),
            ],
        )
        .await;
    assert_eq!(p.status, 422, "{}", p.body);
    assert!(
        p.body.contains("Sedikitnya dua pihak") || p.body.contains("dua pihak"),
        "{}",
        p.body
    );
    assert!(p.body.contains("Kerja sama tanpa mitra"), "the typed title is kept");
    assert_eq!(count(t).await, before, "nothing stored");

    // A draft MOU between Dinkes and the police.
    let p = register(
        &c,
        t,
        &[
            ("kind", "mou"),
            ("title", "Dukungan pengamanan imunisasi"),
            ("status", "draft"),
            ("is_public", "on"),
            ("start_on", &days(-10)),
            ("end_on", &days(365 * 3)),
        ],
    )
    .await;
    assert_eq!(p.status, 303, "{}", p.body);
    let id = id_in(&p.location.unwrap());
    let page = c.get(&format!("/agreements/{id}")).await;
    assert!(page.body.contains("Draf") && page.body.contains("Polres Sarolangun"));
    assert!(page.body.contains("Advokasi") && page.body.contains("Dukungan pengamanan kegiatan kesehatan"));

    let status = |to: &'static str| {
        let c = &c;
        async move {
            c.post_form(
                &format!("/agreements/{id}"),
                &format!("/agreements/{id}/status"),
                &[("status", to), ("on_date", ""), ("note", "")],
            )
            .await
        }
    };
    // No activation without signing.
    let p = status("active").await;
    assert_eq!(p.status, 422);
    assert!(p.body.contains("Perpindahan status ini tidak diperbolehkan"));
    assert_eq!(status("discussion").await.status, 303);
    assert_eq!(status("draft").await.status, 303, "a draft may be reopened");
    assert_eq!(status("discussion").await.status, 303);
    assert_eq!(status("agreed").await.status, 303);
    // Signing needs every party's signatory and date.
    let p = status("signed").await;
    assert_eq!(p.status, 422);
    assert!(p.body.contains("Setiap pihak perlu penanda tangan"), "{}", p.body);
    // A future date is refused.
    let p = c
        .post_form(
            &format!("/agreements/{id}"),
            &format!("/agreements/{id}/status"),
            &[("status", "terminated"), ("on_date", &days(3))],
        )
        .await;
    assert_eq!(p.status, 422);

    // Fill in the signatures, then sign and activate.
    let dinkes = org_id(t, "DINKES-SRL").await.to_string();
    let polres = org_id(t, "POLRES-SRL").await.to_string();
    let signed_on = days(-10);
    let p = c
        .post_form(
            &format!("/agreements/{id}/edit"),
            &format!("/agreements/{id}"),
            &[
                ("kind", "mou"),
                ("title", "Dukungan pengamanan imunisasi"),
                ("is_public", "on"),
                ("start_on", &days(-10)),
                ("end_on", &days(365 * 3)),
                ("scope", "advokasi"),
                ("scope", "pengamanan"),
                ("party_org_id", &dinkes),
                ("party_signatory", "dr. Bambang"),
                ("party_signed_on", &signed_on),
                ("party_org_id", &polres),
                ("party_signatory", "AKBP Fauzi"),
                ("party_signed_on", &signed_on),
            ],
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    assert_eq!(status("signed").await.status, 303);
    // A signed agreement keeps its signatures: removing one is refused.
    let p = c
        .post_form(
            &format!("/agreements/{id}/edit"),
            &format!("/agreements/{id}"),
            &[
                ("kind", "mou"),
                ("title", "Dukungan pengamanan imunisasi"),
                ("start_on", &days(-10)),
                ("end_on", &days(365 * 3)),
                ("party_org_id", &dinkes),
                ("party_signatory", ""),
                ("party_signed_on", ""),
                ("party_org_id", &polres),
                ("party_signatory", "AKBP Fauzi"),
                ("party_signed_on", &signed_on),
            ],
        )
        .await;
    assert_eq!(p.status, 422, "{}", p.body);
    assert_eq!(status("active").await.status, 303);
    // Renewal is its own step; a signed agreement is not a draft again.
    let p = status("renewed").await;
    assert_eq!(p.status, 422);
    assert!(p.body.contains("Perpanjang"));
    assert_eq!(status("draft").await.status, 422);

    let page = c.get(&format!("/agreements/{id}")).await;
    assert!(page.body.contains("id=\"agreement-status\">Berlaku"), "{}", page.body);
    let history = page.body.split("id=\"history\"").nth(1).unwrap();
    assert_eq!(history.matches("<li>").count(), 7, "{history}");
    let audit = audit_rows(t, "agreement", id).await;
    assert!(audit.iter().any(|s| s.contains("agreed → signed")), "{audit:?}");
    assert!(audit.iter().any(|s| s.contains("signed → active")), "{audit:?}");

    // A partner sees the public MOU but cannot move it.
    let polsek = t.signed_in("polsek").await;
    let p = polsek.get(&format!("/agreements/{id}")).await;
    assert_eq!(p.status, 200);
    assert!(!p.body.contains(&format!("action=\"/agreements/{id}/status\"")));
    let p = polsek
        .post_form(
            &format!("/agreements/{id}"),
            &format!("/agreements/{id}/status"),
            &[("status", "terminated")],
        )
        .await;
    assert_eq!(p.status, 403);
    // Ended early by its parties.
    assert_eq!(status("terminated").await.status, 303);
    assert_eq!(status("active").await.status, 422, "terminated is final");
});

both_fixture!(private_agreements_stay_with_their_parties, async |t: &TestApp| {
    let c = t.signed_in("dinkes").await;
    let p = register(
        &c,
        t,
        &[
            ("kind", "pks"),
            ("title", "PKS rahasia pengamanan"),
            ("start_on", "2025-01-01"),
            ("end_on", "2027-12-31"),
        ],
    )
    .await;
    assert_eq!(p.status, 303, "{}", p.body);
    let id = id_in(&p.location.unwrap());
    let path = format!("/agreements/{id}");
    // Private by default for a PKS: the party's district office and leaders see it, a
    // partner that is not a party and a kader do not — not even that it exists.
    assert!(c.get(&path).await.body.contains("Hanya para pihak"));
    assert_eq!(t.signed_in("bupati").await.get(&path).await.status, 200);
    for user in ["polsek", "kader"] {
        let u = t.signed_in(user).await;
        assert_eq!(u.get(&path).await.status, 404, "{user}");
        assert!(
            !u.get("/agreements?q=rahasia").await.body.contains("PKS rahasia"),
            "{user}"
        );
    }
    // A public MOU is visible to everybody signed in.
    let p = register(&c, t, &[("kind", "mou"), ("title", "MOU terbuka"), ("is_public", "on")]).await;
    let mou = id_in(&p.location.unwrap());
    assert_eq!(
        t.signed_in("kader")
            .await
            .get(&format!("/agreements/{mou}"))
            .await
            .status,
        200
    );
    // Someone who is not a party cannot register an agreement in others' names.
    let polsek = t.signed_in("polsek").await;
    let before = count(t).await;
    let p = register(&polsek, t, &[("kind", "pks"), ("title", "Atas nama orang lain")]).await;
    assert_eq!(p.status, 422);
    assert!(p.body.contains("Salah satu pihak harus organisasi Anda"), "{}", p.body);
    assert_eq!(count(t).await, before);
});

both_fixture!(
    an_active_agreement_past_its_end_is_expired_and_can_be_renewed,
    async |t: &TestApp| {
        let c = t.signed_in("dinkes").await;
        let dinkes = org_id(t, "DINKES-SRL").await.to_string();
        let disdik = disdik(t).await.to_string();
        let start = days(-730);
        let end = days(-1);
        let p = c
            .post_form(
                "/agreements/new",
                "/agreements",
                &[
                    ("kind", "pks"),
                    ("title", "PKS penjaringan kesehatan sekolah lama"),
                    ("status", "active"),
                    ("start_on", &start),
                    ("end_on", &end),
                    ("party_org_id", &dinkes),
                    ("party_signatory", "Kepala Dinas Kesehatan"),
                    ("party_signed_on", &start),
                    ("party_org_id", &disdik),
                    ("party_signatory", "Kepala Dinas Pendidikan"),
                    ("party_signed_on", &start),
                ],
            )
            .await;
        assert_eq!(p.status, 303, "{}", p.body);
        let id = id_in(&p.location.unwrap());
        // Stored as active, shown as expired: no job ran.
        let page = c.get(&format!("/agreements/{id}")).await;
        assert!(page.body.contains("id=\"agreement-status\">Berakhir"), "{}", page.body);
        let list = c.get("/agreements/expiring").await.body;
        let expired = list.split("id=\"expired\"").nth(1).unwrap();
        assert!(expired.contains("PKS penjaringan kesehatan sekolah lama"));
        assert!(
            c.get("/").await.body.contains("PKS penjaringan kesehatan sekolah lama"),
            "home warning"
        );

        // Renewal: a linked draft of the same length starting the day after; the old one is
        // renewed and leaves the "expired without renewal" list.
        let p = c
            .post_form(&format!("/agreements/{id}"), &format!("/agreements/{id}/renew"), &[])
            .await;
        assert_eq!(p.status, 303, "{}", p.body);
        let new_id = id_in(&p.location.unwrap());
        assert_ne!(new_id, id);
        let page = c.get(&format!("/agreements/{new_id}")).await.body;
        assert!(page.contains("Perpanjangan dari") && page.contains(&format!("/agreements/{id}")));
        assert!(
            page.contains(&(today()).format("%d/%m/%Y").to_string()),
            "starts the day after the old end"
        );
        assert!(page.contains("id=\"agreement-status\">Draf"));
        let old = c.get(&format!("/agreements/{id}")).await.body;
        assert!(old.contains("id=\"agreement-status\">Diperpanjang") && old.contains("id=\"renewed-by\""));
        let list = c.get("/agreements/expiring").await.body;
        assert!(
            !list
                .split("id=\"expired\"")
                .nth(1)
                .unwrap()
                .contains("PKS penjaringan kesehatan sekolah lama")
        );
        // Renewing twice is refused.
        let p = c
            .post_form(&format!("/agreements/{id}"), &format!("/agreements/{id}/renew"), &[])
            .await;
        assert_eq!(p.status, 422);
    }
);

both_fixture!(
    obligations_are_fulfilled_by_actions_of_their_party,
    async |t: &TestApp| {
        let c = t.signed_in("dinkes").await;
        // Start the draft from the Rakor of 19 October 2023 that Dinkes hosted.
        let rakor = rakor_with_actions(t).await;
        let form = c.get(&format!("/agreements/new?meeting_id={rakor}")).await;
        assert_eq!(form.status, 200);
        assert!(
            form.body
                .contains(&format!("action=\"/agreements?meeting_id={rakor}\""))
        );
        let p = register(&c, t, &[("kind", "mou"), ("title", "MOU dari Rakor")]).await;
        let plain = id_in(&p.location.unwrap());
        let dinkes = org_id(t, "DINKES-SRL").await.to_string();
        let polres_id = org_id(t, "POLRES-SRL").await;
        let polres = polres_id.to_string();
        let p = c
            .post_raw(
                &format!("/agreements?meeting_id={rakor}"),
                &form.csrf(),
                &[
                    ("kind", "mou"),
                    ("title", "MOU Dinkes dan Polres dari Rakor"),
                    ("party_org_id", &dinkes),
                    ("party_org_id", &polres),
                ],
            )
            .await;
        assert_eq!(p.status, 303, "{}", p.body);
        let id = id_in(&p.location.unwrap());
        let meeting_page = c.get(&format!("/meetings/{rakor}")).await.body;
        assert!(
            meeting_page.contains("MOU Dinkes dan Polres dari Rakor"),
            "listed on the meeting"
        );
        assert!(!meeting_page.contains(&format!("/agreements/{plain}\"")));

        // An obligation of a non-party is refused; the police's obligation is added.
        let disdik = disdik(t).await.to_string();
        let page = format!("/agreements/{id}");
        let p = c
            .post_form(
                &page,
                &format!("/agreements/{id}/obligations"),
                &[("org_id", &disdik), ("text", "x")],
            )
            .await;
        assert_eq!(p.status, 422);
        let p = c
            .post_form(
                &page,
                &format!("/agreements/{id}/obligations"),
                &[
                    ("org_id", &polres),
                    ("text", "Pengawalan tim imunisasi di daerah sulit"),
                ],
            )
            .await;
        assert_eq!(p.status, 303, "{}", p.body);
        let body = c.get(&page).await.body;
        let ob: i64 = body
            .split("id=\"obligation-")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap()
            .parse()
            .unwrap();

        // An action belongs to a meeting its owner was invited to: a Dinkes meeting without
        // the Polres is not offered, and posting it anyway is refused on the field, storing
        // nothing.
        let internal = {
            let dinkes_actor = t.actor("dinkes").await;
            let input = MeetingInput {
                title: "Rapat internal Dinkes tanpa Polres".into(),
                kind: ForumKind::Other,
                forum_id: None,
                host_org_id: t.fx().dinkes,
                level: MeetingLevel::District,
                held_on: date(2023, 11, 2),
                start_time: None,
                place: None,
                chair: None,
                first_of_year: false,
            };
            app::meeting::create(&t.app, &dinkes_actor, &input, &[]).await.unwrap()
        };
        let rakor_s = rakor.to_string();
        let agreement_s = id.to_string();
        let body = c.get(&page).await.body;
        let picker = body
            .split(&format!("id=\"obligation-{ob}\""))
            .nth(1)
            .unwrap()
            .split("</select>")
            .next()
            .unwrap();
        assert!(picker.contains(&format!("<option value=\"{rakor}\">")), "{picker}");
        assert!(!picker.contains(&format!("<option value=\"{internal}\">")), "{picker}");
        assert!(!picker.contains("Rapat internal Dinkes tanpa Polres"));
        let p = c
            .post_form(
                &page,
                &format!("/obligations/{ob}/actions/new"),
                &[
                    ("agreement_id", &agreement_s),
                    ("meeting_id", &internal.to_string()),
                    ("what", "Pengawalan yang salah tempat"),
                ],
            )
            .await;
        assert_eq!(p.status, 422, "{}", p.body);
        assert!(p.body.contains("tidak diundang ke pertemuan ini"), "{}", p.body);
        let mut tx = t.app.store.read().await.unwrap();
        assert!(
            store::agreement::obligation_actions(&mut tx, id)
                .await
                .unwrap()
                .is_empty()
        );
        let stray = store::action::list(
            &mut tx,
            &domain::access::Area::All,
            &store::action::ActionFilter {
                meeting_id: Some(internal),
                ..Default::default()
            },
        )
        .await
        .unwrap();
        assert!(stray.is_empty(), "nothing filed under the meeting");
        drop(tx);
        // Through the API the same rule, the same field.
        let api = Api::new(t, Some(t.token("dinkes").await));
        let (s, e) = api
            .send(
                reqwest::Method::POST,
                &format!("/api/v1/obligations/{ob}/actions/new"),
                &serde_json::json!({"meeting_id": internal, "what": "Lewat API", "owner_org_id": 0}),
            )
            .await;
        assert_eq!(s, 422, "{e}");
        assert!(e.to_string().contains("meeting_id"), "{e}");

        // A new action for it, owned by the police, agreed at the Rakor.
        let p = c
            .post_form(
                &page,
                &format!("/obligations/{ob}/actions/new"),
                &[
                    ("agreement_id", &agreement_s),
                    ("meeting_id", &rakor_s),
                    ("what", "Pengawalan tim imunisasi ke Dusun Sungai Lalang"),
                    ("due_on", "2023-12-15"),
                    ("budget_source", "apbd"),
                ],
            )
            .await;
        assert_eq!(p.status, 303, "{}", p.body);
        let body = c.get(&page).await.body;
        let section = body.split(&format!("id=\"obligation-{ob}\"")).nth(1).unwrap();
        assert!(section.contains("Pengawalan tim imunisasi ke Dusun Sungai Lalang"));
        assert!(section.contains("Polres Sarolangun"));
        let mut tx = t.app.store.read().await.unwrap();
        let links = store::agreement::obligation_actions(&mut tx, id).await.unwrap();
        assert_eq!(links.len(), 1);
        let action = store::action::get(&mut tx, links[0].1).await.unwrap().unwrap();
        drop(tx);
        assert_eq!(action.owner_org_id, polres_id, "owned by the obligation's party");
        // An existing open action of a Polsek (under the Polres) is offered and can be linked,
        // then unlinked.
        let body = c.get(&page).await.body;
        let section = body.split(&format!("id=\"obligation-{ob}\"")).nth(1).unwrap();
        let offered: i64 = section
            .split("name=\"action_id\"><option value=\"")
            .nth(1)
            .expect("candidates offered")
            .split('"')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        let p = c
            .post_form(
                &page,
                &format!("/obligations/{ob}/actions"),
                &[("agreement_id", &agreement_s), ("action_id", &offered.to_string())],
            )
            .await;
        assert_eq!(p.status, 303, "{}", p.body);
        let mut tx = t.app.store.read().await.unwrap();
        assert_eq!(
            store::agreement::obligation_actions(&mut tx, id).await.unwrap().len(),
            2
        );
        drop(tx);
        let p = c
            .post_form(
                &page,
                &format!("/obligations/{ob}/actions/{offered}/unlink"),
                &[("agreement_id", &agreement_s)],
            )
            .await;
        assert_eq!(p.status, 303);
        let mut tx = t.app.store.read().await.unwrap();
        assert_eq!(
            store::agreement::obligation_actions(&mut tx, id).await.unwrap().len(),
            1
        );
        drop(tx);
        // Linking an action owned by someone else is refused.
        let other = {
            let mut tx = t.app.store.read().await.unwrap();
            let dinkes_id = org_id(t, "DINKES-SRL").await;
            store::action::list(
                &mut tx,
                &domain::access::Area::All,
                &store::action::ActionFilter {
                    owner_org_ids: Some(vec![dinkes_id]),
                    ..Default::default()
                },
            )
            .await
            .unwrap()[0]
                .id
        };
        let p = c
            .post_form(
                &page,
                &format!("/obligations/{ob}/actions"),
                &[("agreement_id", &agreement_s), ("action_id", &other.to_string())],
            )
            .await;
        assert_eq!(p.status, 422);
        assert!(p.body.contains("Tindak lanjut harus dimiliki pihak"), "{}", p.body);
        // Someone who is not a party cannot add actions to its obligations (the agreement is
        // private, so for them it is not there at all).
        let polsek = t.signed_in("polsek").await;
        let p = polsek
            .post_form(
                "/agreements",
                &format!("/obligations/{ob}/actions/new"),
                &[("agreement_id", &agreement_s), ("meeting_id", &rakor_s)],
            )
            .await;
        assert_eq!(p.status, 404);
    }
);

both_fixture!(documents_are_checked_and_served_as_attachments, async |t: &TestApp| {
    let c = t.signed_in("dinkes").await;
    let p = register(&c, t, &[("kind", "pks"), ("title", "PKS dengan naskah")]).await;
    let id = id_in(&p.location.unwrap());
    let page = format!("/agreements/{id}");
    let files = format!("/agreements/{id}/files");
    let pdf = b"%PDF-1.4\n% naskah bertanda tangan\n".to_vec();
    let p = c
        .post_multipart(&page, &files, &[("kind", "signed")], (&pdf, "../../etc/naskah PKS.pdf"))
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    let body = c.get(&page).await.body;
    assert!(body.contains("naskah PKS.pdf") && body.contains("Naskah bertanda tangan"));
    let fid: i64 = body
        .split("href=\"/files/")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let r = c.http.get(t.url(&format!("/files/{fid}"))).send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["content-type"], "application/pdf");
    assert_eq!(
        r.headers()["content-disposition"],
        "attachment; filename=\"naskah PKS.pdf\""
    );
    assert_eq!(r.bytes().await.unwrap().to_vec(), pdf);
    // Not a party of this private PKS: the file is not there for them.
    let polsek = t.signed_in("polsek").await;
    assert_eq!(polsek.get(&format!("/files/{fid}")).await.status, 404);
    // A program disguised as a PDF, and a file over 10 MB, are refused; nothing is kept.
    let p = c
        .post_multipart(
            &page,
            &files,
            &[("kind", "draft")],
            (b"MZ\x90\x00 not a pdf", "naskah.pdf"),
        )
        .await;
    assert_eq!(p.status, 422);
    assert!(p.body.contains("Jenis berkas"), "{}", p.body);
    let mut big = b"%PDF-1.4\n".to_vec();
    big.resize(10 * 1024 * 1024 + 1, b'x');
    let p = c
        .post_multipart(&page, &files, &[("kind", "draft")], (&big, "besar.pdf"))
        .await;
    assert_eq!(p.status, 422);
    let body = c.get(&page).await.body;
    assert_eq!(body.matches("href=\"/files/").count(), 1);
    // Only its parties may attach.
    let p = t.signed_in("polsek").await;
    let r = p
        .post_multipart("/agreements", &files, &[("kind", "draft")], (&pdf, "x.pdf"))
        .await;
    assert_eq!(r.status, 404, "private: not even there");
});

both_fixture!(a_puskesmas_signs_with_its_villages_in_one_step, async |t: &TestApp| {
    let c = t.signed_in("puskesmas").await;
    let pkm = org_id(t, "PKM-SRL-03").await.to_string();
    let inside = villages(t).await;
    let form = c.get("/agreements/batch").await;
    assert_eq!(form.status, 200);
    // Village governments of the wilayah kerja are offered, and only those.
    let villages: Vec<String> = form
        .body
        .split("name=\"village_org_id\" value=\"")
        .skip(1)
        .map(|s| s.split('"').next().unwrap().to_string())
        .collect();
    let mut offered: Vec<i64> = villages
        .iter()
        .map(|v| v.parse().unwrap_or_else(|e| panic!("village id {v}: {e}")))
        .collect();
    offered.sort();
    assert_eq!(offered, inside, "the wilayah kerja's three, not Batang Asai's");
    let before = count(t).await;
    let mut fields: Vec<(&str, &str)> = vec![
        ("host_org_id", &pkm),
        ("kind", "pks"),
        ("title", "PKS Posyandu Cemerlang"),
        ("mode", "per_village"),
        ("start_on", "2025-01-01"),
        ("end_on", "2027-12-31"),
        ("scope", "pendampingan"),
        ("host_doc_number", "441/{n}/PKM-03/2025"),
        ("host_signatory_position", "Kepala Puskesmas"),
        ("number_pattern", "141/{n}/{kode}/2025"),
    ];
    for v in villages.iter().take(3) {
        fields.push(("village_org_id", v));
        fields.push(("village_doc_number", ""));
        fields.push(("village_signatory", ""));
        fields.push(("village_pick", v));
    }
    // Own number for the first village.
    fields[11] = ("village_doc_number", "141/KHUSUS/2025");
    let p = c.post_form("/agreements/batch", "/agreements/batch", &fields).await;
    assert_eq!(p.status, 303, "{}", p.body);
    assert_eq!(count(t).await, before + 3, "one per village");
    let list = c.get(&format!("/agreements?party={pkm}&q=Cemerlang")).await.body;
    assert_eq!(list.matches("PKS Posyandu Cemerlang").count(), 3, "{list}");
    let csv = c.get(&format!("/agreements.csv?party={pkm}&q=Cemerlang")).await.body;
    assert!(csv.contains("141/KHUSUS/2025"), "{csv}");
    assert!(
        csv.contains("441/2/PKM-03/2025") && csv.contains("141/2/15.03."),
        "{csv}"
    );

    // One multi-party agreement with the same villages.
    let mut multi = fields.clone();
    multi[3] = ("mode", "multi_party");
    multi[2] = ("title", "Kesepakatan bersama desa siaga");
    let p = c.post_form("/agreements/batch", "/agreements/batch", &multi).await;
    assert_eq!(p.status, 303, "{}", p.body);
    assert_eq!(count(t).await, before + 4);
    let id = id_in(&p.location.unwrap());
    let page = c.get(&format!("/agreements/{id}")).await.body;
    let parties = page
        .split("id=\"parties\"")
        .nth(1)
        .unwrap()
        .split("</section>")
        .next()
        .unwrap();
    assert_eq!(
        parties.matches("href=\"/organizations/").count(),
        4,
        "Puskesmas and three villages"
    );

    // All or nothing: an unknown village leaves nothing behind; no village is an error.
    let mut bad = fields.clone();
    bad.push(("village_org_id", "999999"));
    bad.push(("village_doc_number", ""));
    bad.push(("village_signatory", ""));
    bad.push(("village_pick", "999999"));
    let p = c.post_form("/agreements/batch", "/agreements/batch", &bad).await;
    assert_eq!(p.status, 422, "{}", p.body);
    let none: Vec<(&str, &str)> = fields.iter().filter(|f| f.0 != "village_pick").cloned().collect();
    let p = c.post_form("/agreements/batch", "/agreements/batch", &none).await;
    assert_eq!(p.status, 422);
    assert!(p.body.contains("Pilih sedikitnya satu desa"));
    assert_eq!(count(t).await, before + 4);
});

both_fixture!(the_register_filters_and_exports, async |t: &TestApp| {
    let mou = register_of_agreements(t).await;
    let c = t.signed_in("dinkes").await;
    let all = c.get("/agreements").await.body;
    assert!(all.contains("Dukungan Polres Sarolangun"), "the MOU");
    let security = c.get("/agreements?scope=pengamanan").await.body;
    assert!(security.contains("Dukungan Polres Sarolangun"));
    assert!(!security.contains("Pemanfaatan Data Kepesertaan JKN"));
    let bpjs = org_id(t, "BPJS-SRL").await;
    let by_party = c.get(&format!("/agreements?party={bpjs}")).await.body;
    assert!(by_party.contains("Pemanfaatan Data Kepesertaan JKN") && !by_party.contains("Dukungan Polres"));
    let by_sector = c.get("/agreements?sector=defence").await.body;
    assert!(by_sector.contains("Babinsa"), "Koramil is defence");
    let text = c.get("/agreements?q=JKN+rujukan").await.body;
    assert!(text.contains("Pemanfaatan Data Kepesertaan JKN") && !text.contains("Dukungan Polres"));
    let expiring = c.get("/agreements?status=expiring").await.body;
    assert!(expiring.contains("Pemanfaatan Data Kepesertaan JKN") && !expiring.contains("Dukungan Polres"));
    let expired = c.get("/agreements?status=expired").await.body;
    assert!(expired.contains("Babinsa"));
    let year = c.get("/agreements?year=2020").await.body;
    assert!(year.contains("id=\"agreements-total\">0<"), "nothing in force in 2020");
    let region = c.get("/agreements?region=15.03.03").await.body;
    assert!(region.contains("Babinsa") && !region.contains("Pemanfaatan Data Kepesertaan JKN"));
    let bad = c.get("/agreements?status=lost").await;
    assert_eq!(bad.status, 422);

    let r = c
        .http
        .get(t.url("/agreements.csv?scope=pengamanan"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers()["content-type"], "text/csv; charset=utf-8");
    let csv = r.text().await.unwrap();
    assert!(csv.starts_with("\u{feff}No,ID,Jenis,Judul,Para pihak"));
    assert!(csv.contains("Dukungan Polres Sarolangun") && !csv.contains("JKN"));
    let r = c.http.get(t.url("/agreements.xlsx")).send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert!(r.bytes().await.unwrap().starts_with(b"PK\x03\x04"));
    let print = c.get(&format!("/agreements/{mou}/print")).await;
    assert_eq!(print.status, 200);
    assert!(print.body.contains("RINGKASAN KERJA SAMA") && print.body.contains("print.css"));
});

both_fixture!(
    expiring_and_expired_agreements_warn_their_parties,
    async |t: &TestApp| {
        let mou = register_of_agreements(t).await;
        // Dinkes is a party of the BPJS PKS that ends in 45 days; the Puskesmas of the expired
        // Koramil PKS; the police partner of neither.
        let home = t.signed_in("dinkes").await.get("/").await.body;
        assert!(home.contains("id=\"agreement-warning\"") && home.contains("Pemanfaatan Data Kepesertaan JKN"));
        let home = t.signed_in("puskesmas").await.get("/").await.body;
        assert!(home.contains("Babinsa"), "expired without renewal");
        let home = t.signed_in("polsek").await.get("/").await.body;
        assert!(!home.contains("id=\"agreement-warning\""));
        let page = t
            .signed_in("dinkes")
            .await
            .get(&format!("/agreements/{mou}"))
            .await
            .body;
        assert!(page.contains("Petunjuk Pelaksanaan (Juklak)") && page.contains("Petunjuk Teknis (Juknis)"));
        assert!(page.contains("Pengawalan dan pengamanan tim imunisasi"));
    }
);

both_fixture!(the_api_keeps_the_same_rules, async |t: &TestApp| {
    let api = Api::new(t, Some(t.token("dinkes").await));
    let dinkes = org_id(t, "DINKES-SRL").await;
    let bpjs = bpjs(t).await;
    let expiring = jkn(t, bpjs).await;
    let (s, v) = api.get("/api/v1/agreements?status=expiring").await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(v["total"].as_i64(), Some(1), "{v}");
    assert_eq!(v["items"][0]["id"].as_i64(), Some(expiring), "{v}");
    assert_eq!(v["items"][0]["expiring"], true);
    let body = serde_json::json!({
        "kind": "pks", "title": "PKS skrining TB bersama BPJS",
        "start_on": "2025-01-01", "end_on": "2024-01-01",
        "scope": ["berbagi_data"],
        "parties": [{"org_id": dinkes}, {"org_id": bpjs}],
    });
    let (s, v) = api.send(reqwest::Method::POST, "/api/v1/agreements", &body).await;
    assert_eq!(s, 422, "{v}");
    let mut body = body;
    body["end_on"] = "2026-12-31".into();
    let (s, v) = api.send(reqwest::Method::POST, "/api/v1/agreements", &body).await;
    assert_eq!(s, 201, "{v}");
    let id = v["id"].as_i64().unwrap();
    let (s, v) = api
        .send(
            reqwest::Method::POST,
            &format!("/api/v1/agreements/{id}/status"),
            &serde_json::json!({"status": "signed"}),
        )
        .await;
    assert_eq!(s, 422, "draft → signed skips talks: {v}");
    let (s, _) = api
        .send(
            reqwest::Method::POST,
            &format!("/api/v1/agreements/{id}/status"),
            &serde_json::json!({"status": "discussion", "on_date": "2025-01-02"}),
        )
        .await;
    assert_eq!(s, 204);
    let (s, v) = api
        .send(
            reqwest::Method::POST,
            &format!("/api/v1/agreements/{id}/obligations"),
            &serde_json::json!({"org_id": bpjs, "text": "Berbagi data peserta JKN bulanan"}),
        )
        .await;
    assert_eq!(s, 201, "{v}");
    let (s, v) = api.get(&format!("/api/v1/agreements/{id}")).await;
    assert_eq!(s, 200);
    assert_eq!(v["agreement"]["status"], "discussion");
    assert_eq!(v["agreement"]["is_public"], false, "a PKS is private by default");
    assert_eq!(v["obligations"][0]["org_name"], "BPJS Kesehatan Kabupaten Sarolangun");
    assert_eq!(v["history"].as_array().unwrap().len(), 2);
    // A partner cannot read it.
    let partner = Api::new(t, Some(t.token("polsek").await));
    assert_eq!(partner.get(&format!("/api/v1/agreements/{id}")).await.0, 404);
    let (s, v) = api.get("/api/v1/openapi.json").await;
    assert_eq!(s, 200);
    assert!(v["paths"]["/api/v1/agreements/{id}/status"].is_object());
});

both_fixture!(
    signing_happens_in_the_transition_form_and_early_activation_is_warned,
    async |t: &TestApp| {
        let c = t.signed_in("dinkes").await;
        // A draft whose term starts in a month.
        let p = register(
            &c,
            t,
            &[
                ("kind", "mou"),
                ("title", "Dukungan Polres untuk posyandu"),
                ("status", "agreed"),
                ("start_on", &days(30)),
                ("end_on", &days(30 + 365 * 2)),
            ],
        )
        .await;
        assert_eq!(p.status, 303, "{}", p.body);
        let id = id_in(&p.location.unwrap());
        let page = format!("/agreements/{id}");
        let dinkes = org_id(t, "DINKES-SRL").await.to_string();
        let polres = org_id(t, "POLRES-SRL").await.to_string();
        // The move to "signed" offers every party's signing fields.
        let body = c.get(&page).await.body;
        assert!(body.contains("id=\"signing\""), "{body}");
        assert_eq!(body.matches("name=\"party_signatory\"").count(), 2);

        // One signature missing: refused, nothing stored, what was typed stays.
        let signed_on = days(-1);
        let p = c
            .post_form(
                &page,
                &format!("{page}/status"),
                &[
                    ("status", "signed"),
                    ("party_org_id", &dinkes),
                    ("party_signatory", "dr. Bambang Hermanto"),
                    ("party_signatory_position", "Kepala Dinas Kesehatan"),
                    ("party_signed_on", &signed_on),
                    ("party_doc_number", "440/12/DINKES/2025"),
                    ("party_org_id", &polres),
                    ("party_signatory", ""),
                    ("party_signatory_position", ""),
                    ("party_signed_on", ""),
                    ("party_doc_number", ""),
                ],
            )
            .await;
        assert_eq!(p.status, 422, "{}", p.body);
        assert!(p.body.contains("Setiap pihak perlu penanda tangan"));
        assert!(
            p.body.contains("value=\"dr. Bambang Hermanto\""),
            "the typed signatory stays"
        );
        let stored = c.get(&page).await.body;
        assert!(!stored.contains("dr. Bambang Hermanto") && stored.contains("id=\"agreement-status\">Disepakati"));

        // Both signed in the same form as the move: no "Ubah" first.
        let p = c
            .post_form(
                &page,
                &format!("{page}/status"),
                &[
                    ("status", "signed"),
                    ("party_org_id", &dinkes),
                    ("party_signatory", "dr. Bambang Hermanto"),
                    ("party_signatory_position", "Kepala Dinas Kesehatan"),
                    ("party_signed_on", &signed_on),
                    ("party_doc_number", "440/12/DINKES/2025"),
                    ("party_org_id", &polres),
                    ("party_signatory", "AKBP Fauzi Siregar"),
                    ("party_signatory_position", "Kapolres Sarolangun"),
                    ("party_signed_on", &signed_on),
                    ("party_doc_number", "B/45/2025"),
                ],
            )
            .await;
        assert_eq!(p.status, 303, "{}", p.body);
        let body = c.get(&page).await.body;
        assert!(body.contains("id=\"agreement-status\">Ditandatangani"));
        assert!(body.contains("AKBP Fauzi Siregar") && body.contains("B/45/2025"));
        let audit = audit_rows(t, "agreement", id).await;
        assert!(audit.iter().any(|s| s.contains("agreed → signed")), "{audit:?}");

        // "Berlaku" before the term starts: warned, and stored only when confirmed.
        let p = c
            .post_form(&page, &format!("{page}/status"), &[("status", "active")])
            .await;
        assert_eq!(p.status, 422, "{}", p.body);
        assert!(p.body.contains("Masa berlaku kerja sama ini belum mulai"), "{}", p.body);
        assert!(p.body.contains("id=\"before-term\""));
        assert!(
            c.get(&page)
                .await
                .body
                .contains("id=\"agreement-status\">Ditandatangani")
        );
        let p = c
            .post_form(
                &page,
                &format!("{page}/status"),
                &[("status", "active"), ("before_term", "on")],
            )
            .await;
        assert_eq!(p.status, 303, "{}", p.body);
        let body = c.get(&page).await.body;
        assert!(body.contains("id=\"agreement-status\">Berlaku"));
        assert!(body.contains("id=\"before-term-warning\""), "the page keeps saying so");

        // Another district's office cannot sign for this agreement's parties.
        let other = t.signed_in("puskesmas").await;
        let p = other
            .post_form("/agreements", &format!("{page}/status"), &[("status", "terminated")])
            .await;
        assert!(p.status == 403 || p.status == 404, "{}", p.status);
    }
);

both_fixture!(long_party_lists_are_searched, async |t: &TestApp| {
    use lintas_testkit::html::options;
    // Enough organisations for a long list, two of them of one name in two kecamatan.
    let camat = org_id(t, "CAMAT-SRL-03").await;
    add_org(
        t,
        "Pemerintah Desa Desa Baru",
        "DESA-1503032024",
        OrgKind::VillageGovernment,
        Some(camat),
        "15.03.03.2024",
    )
    .await;
    let air_hitam = add_org(
        t,
        "Kantor Camat Air Hitam",
        "CAMAT-SRL-07",
        OrgKind::KecamatanOffice,
        None,
        "15.03.07",
    )
    .await;
    add_org(
        t,
        "Pemerintah Desa Desa Baru",
        "DESA-1503072003",
        OrgKind::VillageGovernment,
        Some(air_hitam),
        "15.03.07.2003",
    )
    .await;
    for i in 1..=40 {
        add_org(
            t,
            &format!("SD Negeri {i} Sarolangun"),
            &format!("SDN-{i:02}"),
            OrgKind::School,
            None,
            "15.03.03.1001",
        )
        .await;
    }
    let c = t.signed_in("dinkes").await;
    let form = c.get("/agreements/new").await.body;
    assert!(form.contains("id=\"party-search\""), "a search, not a long list");
    assert!(!form.contains("SD Negeri 17 Sarolangun"));
    // The search is the form sent back to itself (GET): what was typed stays.
    let dinkes = org_id(t, "DINKES-SRL").await.to_string();
    let p = c
        .get(&format!(
            "/agreements/new?kind=mou&title=MOU+desa&party_org_id={dinkes}&party_org_id=&party_q=desa+baru"
        ))
        .await;
    assert_eq!(p.status, 200);
    assert!(p.body.contains("value=\"MOU desa\""));
    let labels: Vec<String> = options(&p.body).into_iter().map(|o| o.1).collect();
    assert!(
        labels.contains(&"Pemerintah Desa Desa Baru — Kantor Camat Sarolangun".to_string()),
        "{labels:?}"
    );
    assert!(
        labels.contains(&"Pemerintah Desa Desa Baru — Kantor Camat Air Hitam".to_string()),
        "{labels:?}"
    );
    assert!(
        labels.iter().any(|l| l.starts_with("Dinas Kesehatan")),
        "the chosen party stays"
    );
    assert!(!labels.iter().any(|l| l.contains("SD Negeri")), "{labels:?}");
});
