//! store::agreement: an agreement is visible when public, or through its owner or a party in
//! the reader's area; parties keep their order, statuses move through dated transitions, and
//! obligations belong to parties.

use super::common::{area, ids, world};
use chrono::NaiveDate;
use domain::access::Area;
use domain::agreement::AgreementStatus;
use lintas_testkit::fixture::{BATANG_ASAI, KECAMATAN};
use lintas_testkit::{TestDb, both};
use store::StoreError;
use store::agreement::{AgreementFilter, Origin};

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn party(org_id: i64) -> domain::agreement::PartyInput {
    domain::agreement::PartyInput {
        org_id,
        doc_number: None,
        signatory: None,
        signatory_position: None,
        signed_on: None,
        financing: None,
    }
}

fn input(title: &str, parties: &[i64], scope: &[&str]) -> domain::agreement::AgreementInput {
    domain::agreement::AgreementInput {
        kind: domain::agreement::AgreementKind::Pks,
        title: title.into(),
        status: AgreementStatus::Draft,
        parent_id: None,
        legal_basis: None,
        purpose: None,
        summary: Some(format!("Ringkasan {title}")),
        start_on: Some(day("2024-01-01")),
        end_on: Some(day("2026-12-31")),
        is_public: false,
        scope: scope
            .iter()
            .map(|s| domain::agreement::ScopeItem::parse(s).unwrap())
            .collect(),
        parties: parties.iter().map(|p| party(*p)).collect(),
    }
    .check()
    .unwrap()
}

async fn insert(db: &TestDb, title: &str, owner: i64, region: &str, parties: &[i64]) -> i64 {
    let mut tx = db.store.write().await.unwrap();
    let id = store::agreement::insert(
        &mut tx,
        &input(title, parties, &["pengamanan", "berbagi_data"]),
        &Origin {
            owner_org_id: owner,
            region_code: region,
            created_by: "admin",
            batch_id: None,
            renewed_from_id: None,
            status_on: day("2024-01-01"),
        },
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    id
}

fn filter() -> AgreementFilter {
    AgreementFilter {
        today: day("2025-06-01"),
        limit: 100,
        ..Default::default()
    }
}

both!(agreements_keep_to_owner_and_parties, async |db: &TestDb| {
    let (app, f) = world(db).await;
    let own = insert(db, "PKS Puskesmas–Polsek", f.pkm, KECAMATAN, &[f.pkm, f.polsek]).await;
    let other = insert(
        db,
        "PKS Batang Asai–RSUD",
        f.pkm_batang_asai,
        BATANG_ASAI,
        &[f.pkm_batang_asai, f.rsud],
    )
    .await;

    let mut tx = db.store.read().await.unwrap();
    let a = store::agreement::get(&mut tx, own).await.unwrap().expect("stored");
    assert_eq!(
        (a.title.as_str(), a.status, a.owner_org_id, a.region_code.as_str()),
        ("PKS Puskesmas–Polsek", AgreementStatus::Draft, f.pkm, KECAMATAN)
    );
    assert_eq!(
        (a.start_on, a.end_on),
        (Some(day("2024-01-01")), Some(day("2026-12-31")))
    );
    assert_eq!(a.summary.as_deref(), Some("Ringkasan PKS Puskesmas–Polsek"));
    assert!(store::agreement::get(&mut tx, 999_999).await.unwrap().is_none());

    // The Puskesmas reads its own agreement only; the Polsek reads it as a party.
    let pkm = area(&app, "puskesmas").await;
    let (rows, n) = store::agreement::list(&mut tx, &pkm, &filter()).await.unwrap();
    assert_eq!((ids(&rows, |r| r.id), n), (vec![own], 1));
    assert!(store::agreement::visible(&mut tx, &pkm, own).await.unwrap());
    assert!(!store::agreement::visible(&mut tx, &pkm, other).await.unwrap());
    let polsek = area(&app, "polsek").await;
    let (rows, _) = store::agreement::list(&mut tx, &polsek, &filter()).await.unwrap();
    assert_eq!(ids(&rows, |r| r.id), vec![own]);
    // `all`: the same rows without the pager's count.
    let bare = store::agreement::all(&mut tx, &polsek, &filter()).await.unwrap();
    assert_eq!(ids(&bare, |r| r.id), vec![own]);
    let (rows, n) = store::agreement::list(&mut tx, &Area::All, &filter()).await.unwrap();
    assert_eq!((rows.len(), n), (2, 2));
    // Filters: by party, by the region of a party, by words.
    let by_party = AgreementFilter {
        party_under: Some(f.rsud),
        ..filter()
    };
    let (rows, _) = store::agreement::list(&mut tx, &Area::All, &by_party).await.unwrap();
    assert_eq!(ids(&rows, |r| r.id), vec![other]);
    // A party under the organisation counts: Dinkes is above both Puskesmas; a Posyandu is
    // above neither agreement's parties.
    let under = |org| AgreementFilter {
        party_under: Some(org),
        ..filter()
    };
    let (rows, n) = store::agreement::list(&mut tx, &Area::All, &under(f.dinkes))
        .await
        .unwrap();
    let mut found = ids(&rows, |r| r.id);
    found.sort_unstable();
    assert_eq!((found, n), (vec![own.min(other), own.max(other)], 2));
    let (rows, n) = store::agreement::list(&mut tx, &Area::All, &under(f.posyandu))
        .await
        .unwrap();
    assert_eq!((rows.len(), n), (0, 0));
    let by_region = AgreementFilter {
        region_code: Some(KECAMATAN.into()),
        ..filter()
    };
    let (rows, _) = store::agreement::list(&mut tx, &Area::All, &by_region).await.unwrap();
    assert_eq!(ids(&rows, |r| r.id), vec![own]);
    let by_text = AgreementFilter {
        text: Some("rsud batang".into()),
        ..filter()
    };
    let (rows, _) = store::agreement::list(&mut tx, &Area::All, &by_text).await.unwrap();
    assert_eq!(ids(&rows, |r| r.id), vec![other]);

    // Parties in their order, per agreement; scope items sorted.
    let parties = store::agreement::parties(&mut tx, &[own, other]).await.unwrap();
    let got: Vec<(i64, i64)> = parties.iter().map(|p| (p.agreement_id, p.org_id)).collect();
    assert_eq!(
        got,
        vec![
            (own, f.pkm),
            (own, f.polsek),
            (other, f.pkm_batang_asai),
            (other, f.rsud)
        ]
    );
    assert_eq!(parties[1].org_name, "Polsek Sarolangun");
    let scopes = store::agreement::scopes(&mut tx, &[own]).await.unwrap();
    assert_eq!(
        scopes,
        vec![(own, "berbagi_data".to_string()), (own, "pengamanan".to_string())]
    );
});

both!(statuses_move_through_dated_transitions, async |db: &TestDb| {
    let (_app, f) = world(db).await;
    let id = insert(db, "PKS Puskesmas–Polsek", f.pkm, KECAMATAN, &[f.pkm, f.polsek]).await;
    let mut tx = db.store.write().await.unwrap();
    store::agreement::set_status(
        &mut tx,
        id,
        None,
        AgreementStatus::Draft,
        day("2024-01-01"),
        None,
        "admin",
    )
    .await
    .unwrap();
    store::agreement::set_status(
        &mut tx,
        id,
        Some(AgreementStatus::Draft),
        AgreementStatus::Signed,
        day("2024-02-01"),
        Some("ditandatangani"),
        "dinkes",
    )
    .await
    .unwrap();
    store::agreement::set_status(
        &mut tx,
        id,
        Some(AgreementStatus::Signed),
        AgreementStatus::Active,
        day("2024-03-01"),
        None,
        "dinkes",
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let mut tx = db.store.read().await.unwrap();
    let a = store::agreement::get(&mut tx, id).await.unwrap().unwrap();
    assert_eq!((a.status, a.status_on), (AgreementStatus::Active, day("2024-03-01")));
    let moves: Vec<_> = store::agreement::transitions(&mut tx, id)
        .await
        .unwrap()
        .into_iter()
        .map(|t| (t.status_from, t.status_to, t.on_date, t.note, t.username))
        .collect();
    assert_eq!(
        moves,
        vec![
            (
                None,
                AgreementStatus::Draft,
                day("2024-01-01"),
                None,
                Some("admin".into())
            ),
            (
                Some(AgreementStatus::Draft),
                AgreementStatus::Signed,
                day("2024-02-01"),
                Some("ditandatangani".into()),
                Some("dinkes".into())
            ),
            (
                Some(AgreementStatus::Signed),
                AgreementStatus::Active,
                day("2024-03-01"),
                None,
                Some("dinkes".into())
            ),
        ]
    );
    // The status filter reads the stored status against "today".
    let active = AgreementFilter {
        status: Some(store::agreement::StatusFilter::Is("active")),
        ..filter()
    };
    let (rows, _) = store::agreement::list(&mut tx, &Area::All, &active).await.unwrap();
    assert_eq!(ids(&rows, |r| r.id), vec![id]);
    let later = AgreementFilter {
        today: day("2027-01-01"),
        ..active
    };
    let (rows, _) = store::agreement::list(&mut tx, &Area::All, &later).await.unwrap();
    assert!(rows.is_empty(), "past its end it is no longer active");
});

both!(obligations_belong_to_parties, async |db: &TestDb| {
    let (_app, f) = world(db).await;
    let id = insert(db, "PKS Puskesmas–Polsek", f.pkm, KECAMATAN, &[f.pkm, f.polsek]).await;
    let mut tx = db.store.write().await.unwrap();
    // Inserted out of party order; read back in it.
    let by_polsek = store::agreement::insert_obligation(&mut tx, id, f.polsek, "Pengamanan posyandu")
        .await
        .unwrap();
    let by_pkm = store::agreement::insert_obligation(&mut tx, id, f.pkm, "Data balita")
        .await
        .unwrap();
    let stray = store::agreement::insert_obligation(&mut tx, id, f.rsud, "Rujukan")
        .await
        .unwrap();
    let got: Vec<(i64, i64, String)> = store::agreement::obligations(&mut tx, id)
        .await
        .unwrap()
        .into_iter()
        .map(|o| (o.id, o.org_id, o.text))
        .collect();
    assert_eq!(
        got,
        vec![
            (by_pkm, f.pkm, "Data balita".to_string()),
            (by_polsek, f.polsek, "Pengamanan posyandu".to_string())
        ],
        "a non-party's obligation is not listed"
    );
    assert_eq!(store::agreement::orphan_obligations(&mut tx, id).await.unwrap(), 1);
    let o = store::agreement::get_obligation(&mut tx, stray).await.unwrap().unwrap();
    assert_eq!((o.agreement_id, o.org_id), (id, f.rsud));
    store::agreement::delete_obligation(&mut tx, stray).await.unwrap();
    assert_eq!(store::agreement::orphan_obligations(&mut tx, id).await.unwrap(), 0);
    assert!(
        store::agreement::get_obligation(&mut tx, stray)
            .await
            .unwrap()
            .is_none()
    );
    tx.commit().await.unwrap();
    // An obligation of no agreement is refused by name.
    let mut tx = db.store.write().await.unwrap();
    let err = store::agreement::insert_obligation(&mut tx, 999_999, f.pkm, "Tanpa kesepakatan")
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Conflict("foreign_key")), "{err:?}");
});

both!(update_rewrites_the_form_not_the_status, async |db: &TestDb| {
    let (_app, f) = world(db).await;
    let own = insert(db, "PKS Puskesmas–Polsek", f.pkm, KECAMATAN, &[f.pkm, f.polsek]).await;
    let other = insert(
        db,
        "PKS Batang Asai–RSUD",
        f.pkm_batang_asai,
        BATANG_ASAI,
        &[f.pkm_batang_asai, f.rsud],
    )
    .await;
    let mut changed = input("MOU Kecamatan Sehat", &[f.pkm, f.polsek], &["rujukan"]);
    changed.kind = domain::agreement::AgreementKind::Mou;
    changed.status = AgreementStatus::Signed;
    changed.legal_basis = Some("Perbup 12/2023".into());
    changed.summary = None;
    changed.start_on = Some(day("2024-07-01"));
    changed.end_on = Some(day("2029-06-30"));
    changed.is_public = true;
    changed.parties = vec![
        domain::agreement::PartyInput {
            signatory: Some("Kapolsek".into()),
            signed_on: Some(day("2024-07-01")),
            doc_number: Some("B/12/VII/2024".into()),
            ..party(f.polsek)
        },
        party(f.pkm),
        party(f.camat),
    ];
    let mut tx = db.store.write().await.unwrap();
    store::agreement::update(&mut tx, own, &changed).await.unwrap();
    tx.commit().await.unwrap();

    let mut tx = db.store.read().await.unwrap();
    let a = store::agreement::get(&mut tx, own).await.unwrap().unwrap();
    assert_eq!(
        (a.kind, a.title.as_str(), a.legal_basis.as_deref(), a.summary.as_deref()),
        (
            domain::agreement::AgreementKind::Mou,
            "MOU Kecamatan Sehat",
            Some("Perbup 12/2023"),
            None
        )
    );
    assert_eq!(
        (a.start_on, a.end_on, a.is_public),
        (Some(day("2024-07-01")), Some(day("2029-06-30")), true)
    );
    assert_eq!(
        (a.status, a.owner_org_id),
        (AgreementStatus::Draft, f.pkm),
        "the status moves only through transitions, the owner stays"
    );
    // The parties in their new order, the new one added, the signing details kept.
    let got: Vec<_> = store::agreement::parties(&mut tx, &[own])
        .await
        .unwrap()
        .into_iter()
        .map(|p| (p.org_id, p.position, p.signatory, p.signed_on, p.doc_number))
        .collect();
    assert_eq!(
        got,
        vec![
            (
                f.polsek,
                1,
                Some("Kapolsek".to_string()),
                Some(day("2024-07-01")),
                Some("B/12/VII/2024".to_string())
            ),
            (f.pkm, 2, None, None, None),
            (f.camat, 3, None, None, None)
        ]
    );
    assert_eq!(
        store::agreement::scopes(&mut tx, &[own]).await.unwrap(),
        vec![(own, "rujukan".to_string())]
    );
    // Another agreement is untouched.
    let b = store::agreement::get(&mut tx, other).await.unwrap().unwrap();
    assert_eq!(b.title, "PKS Batang Asai–RSUD");
    let theirs: Vec<i64> = ids(&store::agreement::parties(&mut tx, &[other]).await.unwrap(), |p| {
        p.org_id
    });
    assert_eq!(theirs, vec![f.pkm_batang_asai, f.rsud]);
    assert_eq!(store::agreement::scopes(&mut tx, &[other]).await.unwrap().len(), 2);
    drop(tx);

    // A party left out is removed; an agreement that does not exist is not found.
    let mut tx = db.store.write().await.unwrap();
    changed.parties = vec![party(f.pkm), party(f.camat)];
    store::agreement::update(&mut tx, own, &changed).await.unwrap();
    let left: Vec<(i64, i64)> = store::agreement::parties(&mut tx, &[own])
        .await
        .unwrap()
        .into_iter()
        .map(|p| (p.org_id, p.position))
        .collect();
    assert_eq!(left, vec![(f.pkm, 1), (f.camat, 2)]);
    let err = store::agreement::update(&mut tx, 999_999, &changed).await.unwrap_err();
    assert!(matches!(err, StoreError::NotFound), "{err:?}");
});

async fn meeting(db: &TestDb, title: &str, host: i64, on: &str) -> i64 {
    let m = domain::meeting::MeetingInput {
        title: title.into(),
        kind: domain::meeting::ForumKind::AgreementTalks,
        forum_id: None,
        host_org_id: host,
        level: domain::meeting::MeetingLevel::Kecamatan,
        held_on: day(on),
        start_time: None,
        place: None,
        chair: None,
        first_of_year: false,
    };
    let mut tx = db.store.write().await.unwrap();
    let id = store::meeting::insert(&mut tx, &m, KECAMATAN, domain::meeting::MeetingStatus::Held)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    id
}

both!(meetings_link_once_with_their_latest_role, async |db: &TestDb| {
    use domain::agreement::MeetingRole;
    let (app, f) = world(db).await;
    let own = insert(db, "PKS Puskesmas–Polsek", f.pkm, KECAMATAN, &[f.pkm, f.polsek]).await;
    let other = insert(
        db,
        "PKS Batang Asai–RSUD",
        f.pkm_batang_asai,
        BATANG_ASAI,
        &[f.pkm_batang_asai, f.rsud],
    )
    .await;
    let talks = meeting(db, "Pembahasan PKS", f.pkm, "2024-03-05").await;
    let signing = meeting(db, "Penandatanganan PKS", f.pkm, "2024-02-01").await;
    let unrelated = meeting(db, "Lokmin", f.pkm, "2024-04-01").await;
    let mut tx = db.store.write().await.unwrap();
    store::agreement::link_meeting(&mut tx, own, talks, MeetingRole::Explored)
        .await
        .unwrap();
    // Linking again changes the role, not the number of links.
    store::agreement::link_meeting(&mut tx, own, talks, MeetingRole::Discussed)
        .await
        .unwrap();
    store::agreement::link_meeting(&mut tx, own, signing, MeetingRole::Signed)
        .await
        .unwrap();
    store::agreement::link_meeting(&mut tx, other, talks, MeetingRole::Evaluated)
        .await
        .unwrap();
    tx.commit().await.unwrap();

    let mut tx = db.store.read().await.unwrap();
    let linked: Vec<_> = store::agreement::meetings(&mut tx, own)
        .await
        .unwrap()
        .into_iter()
        .map(|m| (m.agreement_id, m.meeting_id, m.title, m.held_on, m.host_org_id, m.role))
        .collect();
    assert_eq!(
        linked,
        vec![
            (
                own,
                signing,
                "Penandatanganan PKS".to_string(),
                day("2024-02-01"),
                f.pkm,
                MeetingRole::Signed
            ),
            (
                own,
                talks,
                "Pembahasan PKS".to_string(),
                day("2024-03-05"),
                f.pkm,
                MeetingRole::Discussed
            )
        ],
        "in the order the meetings were held"
    );
    // A meeting's agreements, as far as the reader may see them.
    let all = store::agreement::of_meeting(&mut tx, &Area::All, talks).await.unwrap();
    assert_eq!(ids(&all, |a| a.id), vec![own, other]);
    let pkm = area(&app, "puskesmas").await;
    let seen = store::agreement::of_meeting(&mut tx, &pkm, talks).await.unwrap();
    assert_eq!(ids(&seen, |a| a.id), vec![own]);
    let polsek = area(&app, "polsek").await;
    let seen = store::agreement::of_meeting(&mut tx, &polsek, signing).await.unwrap();
    assert_eq!(ids(&seen, |a| a.id), vec![own], "a party sees it too");
    assert!(
        store::agreement::of_meeting(&mut tx, &Area::All, unrelated)
            .await
            .unwrap()
            .is_empty()
    );
    drop(tx);

    let mut tx = db.store.write().await.unwrap();
    store::agreement::unlink_meeting(&mut tx, own, talks).await.unwrap();
    let left = store::agreement::meetings(&mut tx, own).await.unwrap();
    assert_eq!(ids(&left, |m| m.meeting_id), vec![signing]);
    let still = store::agreement::of_meeting(&mut tx, &Area::All, talks).await.unwrap();
    assert_eq!(ids(&still, |a| a.id), vec![other], "only that link goes");
});

both!(documents_are_attached_with_their_kind, async |db: &TestDb| {
    use domain::agreement::DocumentKind;
    let (_app, f) = world(db).await;
    let own = insert(db, "PKS Puskesmas–Polsek", f.pkm, KECAMATAN, &[f.pkm, f.polsek]).await;
    let other = insert(
        db,
        "PKS Batang Asai–RSUD",
        f.pkm_batang_asai,
        BATANG_ASAI,
        &[f.pkm_batang_asai, f.rsud],
    )
    .await;
    let mut tx = db.store.write().await.unwrap();
    let draft = store::action::insert_file(
        &mut tx,
        "draf.pdf",
        "application/pdf",
        "aa11",
        b"%PDF-draf",
        "puskesmas",
    )
    .await
    .unwrap();
    let signed = store::action::insert_file(
        &mut tx,
        "pks-ttd.pdf",
        "application/pdf",
        "bb22",
        b"%PDF-ditandatangani",
        "dinkes",
    )
    .await
    .unwrap();
    let theirs = store::action::insert_file(&mut tx, "lain.pdf", "application/pdf", "cc33", b"%PDF", "admin")
        .await
        .unwrap();
    let loose = store::action::insert_file(&mut tx, "lepas.pdf", "application/pdf", "dd44", b"%PDF", "admin")
        .await
        .unwrap();
    store::agreement::attach_file(&mut tx, own, signed, DocumentKind::Signed)
        .await
        .unwrap();
    store::agreement::attach_file(&mut tx, own, draft, DocumentKind::Draft)
        .await
        .unwrap();
    store::agreement::attach_file(&mut tx, other, theirs, DocumentKind::Other)
        .await
        .unwrap();
    tx.commit().await.unwrap();

    let mut tx = db.store.read().await.unwrap();
    let got: Vec<_> = store::agreement::files(&mut tx, own)
        .await
        .unwrap()
        .into_iter()
        .map(|d| (d.id, d.filename, d.content_type, d.size, d.kind, d.uploaded_by))
        .collect();
    assert_eq!(
        got,
        vec![
            (
                draft,
                "draf.pdf".to_string(),
                "application/pdf".to_string(),
                9,
                DocumentKind::Draft,
                Some("puskesmas".to_string())
            ),
            (
                signed,
                "pks-ttd.pdf".to_string(),
                "application/pdf".to_string(),
                19,
                DocumentKind::Signed,
                Some("dinkes".to_string())
            )
        ],
        "an agreement's own documents, oldest file first"
    );
    let their_files = store::agreement::files(&mut tx, other).await.unwrap();
    assert_eq!(
        their_files.iter().map(|d| (d.id, d.kind)).collect::<Vec<_>>(),
        vec![(theirs, DocumentKind::Other)]
    );
    assert_eq!(
        store::agreement::file_agreement(&mut tx, signed).await.unwrap(),
        Some(own)
    );
    assert_eq!(
        store::agreement::file_agreement(&mut tx, theirs).await.unwrap(),
        Some(other)
    );
    assert_eq!(store::agreement::file_agreement(&mut tx, loose).await.unwrap(), None);
    drop(tx);
    // A document of no agreement is refused by name.
    let mut tx = db.store.write().await.unwrap();
    let err = store::agreement::attach_file(&mut tx, 999_999, loose, DocumentKind::Other)
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Conflict("foreign_key")), "{err:?}");
});
