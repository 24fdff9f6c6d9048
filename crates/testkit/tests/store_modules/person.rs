//! store::person: people are visible through their positions; NIK is unique.

use super::common::{area, ids, world};
use domain::person::{Nik, PersonInput, PositionInput, PositionKind};
use lintas_testkit::{TestDb, both};
use store::StoreError;
use store::person::PersonFilter;

fn person(name: &str, nik: Option<&str>) -> PersonInput {
    PersonInput {
        name: name.into(),
        phone: None,
        email: None,
        nik: nik.map(|n| Nik::parse(n).unwrap()),
        nik_masked: false,
    }
}

fn position(org_id: i64, on: &str) -> PositionInput {
    PositionInput {
        org_id,
        kind: PositionKind::Kader,
        title: Some("Kader".into()),
        started_on: Some(on.parse().unwrap()),
        ended_on: None,
    }
}

both!(people_are_seen_through_their_positions, async |db: &TestDb| {
    let (app, f) = world(db).await;
    let mut tx = db.store.write().await.unwrap();
    let ani = store::person::insert(&mut tx, &person("Ani Kader Dusun", Some("1503034101900001")))
        .await
        .unwrap();
    store::person::insert_position(&mut tx, ani, &position(f.posyandu, "2024-01-02"))
        .await
        .unwrap();
    let budi = store::person::insert(&mut tx, &person("Budi Kader Kota", None))
        .await
        .unwrap();
    let kota_pos = store::person::insert_position(&mut tx, budi, &position(f.posyandu_kota, "2024-01-02"))
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let mut tx = db.store.write().await.unwrap();
    let err = store::person::insert(&mut tx, &person("Ani Lagi", Some("1503034101900001")))
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Conflict("people.nik")), "{err:?}");
    drop(tx);

    let mut tx = db.store.read().await.unwrap();
    let pkm = area(&app, "puskesmas").await;
    let filter = PersonFilter {
        q: Some("kader".into()),
        limit: 50,
        ..Default::default()
    };
    let (rows, n) = store::person::list(&mut tx, &pkm, &filter).await.unwrap();
    assert_eq!(
        (n, ids(&rows, |p| p.id)),
        (1, vec![ani]),
        "the other Puskesmas's kader is not shown"
    );
    assert!(store::person::visible(&mut tx, &pkm, ani).await.unwrap());
    assert!(!store::person::visible(&mut tx, &pkm, budi).await.unwrap());
    let kota = area(&app, "puskesmas-kota").await;
    assert!(store::person::visible(&mut tx, &kota, budi).await.unwrap());
    // The list reads the same rule as the one person's check.
    let (rows, n) = store::person::list(&mut tx, &kota, &filter).await.unwrap();
    assert_eq!((n, ids(&rows, |p| p.id)), (1, vec![budi]));
    // Ordered by name for an area that sees both.
    let (rows, _) = store::person::list(&mut tx, &domain::access::Area::All, &filter)
        .await
        .unwrap();
    assert_eq!(ids(&rows, |p| p.id), vec![ani, budi]);
    let (rows, _) = store::person::list(
        &mut tx,
        &domain::access::Area::All,
        &PersonFilter {
            org_id: Some(f.posyandu_kota),
            limit: 50,
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(ids(&rows, |p| p.id), vec![budi]);
    let got = store::person::get(&mut tx, ani).await.unwrap().unwrap();
    assert_eq!(
        (got.name.as_str(), got.nik.as_deref()),
        ("Ani Kader Dusun", Some("1503034101900001"))
    );
    drop(tx);

    // An ended position keeps the person visible (they held it) and sorts after current ones.
    let mut tx = db.store.write().await.unwrap();
    store::person::end_position(&mut tx, kota_pos, "2024-06-30".parse().unwrap())
        .await
        .unwrap();
    store::person::insert_position(&mut tx, budi, &position(f.posyandu_bernai, "2024-07-01"))
        .await
        .unwrap();
    let held = store::person::positions_of(&mut tx, &[budi]).await.unwrap();
    assert_eq!(held.len(), 2);
    assert_eq!((held[0].org_id, held[0].ended_on), (f.posyandu_bernai, None));
    assert_eq!(held[1].ended_on, Some("2024-06-30".parse().unwrap()));
    assert!(store::person::visible(&mut tx, &kota, budi).await.unwrap());
    let holders = store::person::current_holders(&mut tx, &[f.posyandu_kota, f.posyandu_bernai])
        .await
        .unwrap();
    assert_eq!(holders.len(), 1, "only the current position: {holders:?}");
    assert_eq!((holders[0].0, holders[0].2.as_str()), (budi, "Posyandu Bernai"));
});

both!(update_round_trips, async |db: &TestDb| {
    let (_app, _f) = world(db).await;
    let mut tx = db.store.write().await.unwrap();
    let id = store::person::insert(&mut tx, &person("Citra", None)).await.unwrap();
    let mut p = person("Citra Dewi", Some("1503034101900002"));
    p.phone = Some("081234567890".into());
    store::person::update(&mut tx, id, &p).await.unwrap();
    let got = store::person::get(&mut tx, id).await.unwrap().unwrap();
    assert_eq!(
        (got.name.as_str(), got.phone.as_deref(), got.nik.as_deref()),
        ("Citra Dewi", Some("081234567890"), Some("1503034101900002"))
    );
    assert!(store::person::get(&mut tx, -1).await.unwrap().is_none());
});
