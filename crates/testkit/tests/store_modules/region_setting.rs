//! store::region (lookups and order) and store::setting (key/value round-trips).

use lintas_testkit::{TestDb, both};

both!(regions_by_code_and_children_in_code_order, async |db: &TestDb| {
    let mut tx = db.store.read().await.unwrap();
    let r = store::region::get(&mut tx, "15.03.03").await.unwrap().unwrap();
    assert_eq!(r.name, "Sarolangun");
    assert!(store::region::get(&mut tx, "99.99").await.unwrap().is_none());
    let desa = store::region::children(&mut tx, Some("15.03.03")).await.unwrap();
    assert_eq!(desa.len(), 16);
    assert_eq!(desa[0].code, "15.03.03.1001");
    assert!(desa.windows(2).all(|w| w[0].code < w[1].code), "ordered by code");
    let provinces = store::region::children(&mut tx, None).await.unwrap();
    assert_eq!(provinces.len(), 38);
    let many = store::region::get_many(&mut tx, &["15.03.03.2002".into(), "15.03".into(), "nope".into()])
        .await
        .unwrap();
    let mut names: Vec<&str> = many.iter().map(|r| r.name.as_str()).collect();
    names.sort();
    assert_eq!(names, vec!["Bernai", "Kabupaten Sarolangun"]);
});

both!(settings_round_trip, async |db: &TestDb| {
    let mut tx = db.store.write().await.unwrap();
    assert_eq!(store::setting::get(&mut tx, "test.key").await.unwrap(), None);
    store::setting::set(&mut tx, "test.key", "satu").await.unwrap();
    store::setting::set(&mut tx, "test.key", "dua").await.unwrap();
    assert_eq!(
        store::setting::get(&mut tx, "test.key").await.unwrap().as_deref(),
        Some("dua")
    );
    tx.commit().await.unwrap();
    let mut tx = db.store.write().await.unwrap();
    assert_eq!(
        store::setting::get(&mut tx, "test.key").await.unwrap().as_deref(),
        Some("dua")
    );
    store::setting::delete(&mut tx, "test.key").await.unwrap();
    store::setting::delete(&mut tx, "test.key").await.unwrap();
    assert_eq!(store::setting::get(&mut tx, "test.key").await.unwrap(), None);
});
