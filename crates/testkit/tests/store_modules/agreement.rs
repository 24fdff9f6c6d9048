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
    let (rows, n) = store::agreement::list(&mut tx, &Area::All, &filter()).await.unwrap();
    assert_eq!((rows.len(), n), (2, 2));
    // Filters: by party, by the region of a party, by words.
    let by_party = AgreementFilter {
        party_org_ids: Some(vec![f.rsud]),
        ..filter()
    };
    let (rows, _) = store::agreement::list(&mut tx, &Area::All, &by_party).await.unwrap();
    assert_eq!(ids(&rows, |r| r.id), vec![other]);
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
