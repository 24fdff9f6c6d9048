//! store::org: the list's area filter and order, updates, conflicts, the tree, wilayah kerja.

use super::common::{area, ids, world};
use domain::access::Area;
use lintas_testkit::{TestDb, both};
use store::StoreError;
use store::org::OrgFilter;

fn all() -> OrgFilter {
    OrgFilter {
        limit: 1000,
        ..Default::default()
    }
}

both!(list_keeps_to_the_area_in_region_and_name_order, async |db: &TestDb| {
    let (app, f) = world(db).await;
    let pkm_area = area(&app, "puskesmas").await;
    let mut tx = db.store.read().await.unwrap();
    let (rows, n) = store::org::list(&mut tx, &pkm_area, &all()).await.unwrap();
    assert_eq!(n as usize, rows.len());
    let got = ids(&rows, |o| o.id);
    for mine in [f.pkm, f.posyandu, f.posyandu_bernai, f.desa_bernai, f.camat, f.polsek] {
        assert!(got.contains(&mine), "{mine} in reach: {got:?}");
    }
    for other in [f.pkm_kota, f.posyandu_kota, f.dinkes, f.pemkab] {
        assert!(!got.contains(&other), "{other} out of reach: {got:?}");
    }
    let keys: Vec<(String, String)> = rows.iter().map(|o| (o.region_code.clone(), o.name.clone())).collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted, "ordered by region, then name");
    // `all` is the same rows without the pager's count.
    let bare = store::org::all(&mut tx, &pkm_area, &all()).await.unwrap();
    assert_eq!(ids(&bare, |o| o.id), ids(&rows, |o| o.id));

    // A kader reads its Posyandu only; an account without an organisation nothing.
    let (rows, n) = store::org::list(&mut tx, &area(&app, "kader").await, &all())
        .await
        .unwrap();
    assert_eq!((n, ids(&rows, |o| o.id)), (1, vec![f.posyandu]));
    assert_eq!(store::org::list(&mut tx, &Area::Nothing, &all()).await.unwrap().1, 0);

    // Filters: kind, within, parent, name words; paging keeps the total.
    let (rows, _) = store::org::list(
        &mut tx,
        &Area::All,
        &OrgFilter {
            kind: Some(domain::org::OrgKind::Posyandu),
            parent_id: Some(f.pkm),
            limit: 10,
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let mut got = ids(&rows, |o| o.id);
    got.sort();
    assert_eq!(got, vec![f.posyandu, f.posyandu_bernai]);
    let (rows, n) = store::org::list(
        &mut tx,
        &Area::All,
        &OrgFilter {
            q: Some("sarolangun KOTA".into()),
            limit: 1,
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert_eq!((n, ids(&rows, |o| o.id)), (1, vec![f.pkm_kota]));
    let (rows, n) = store::org::list(
        &mut tx,
        &Area::All,
        &OrgFilter {
            within: Some(lintas_testkit::fixture::BERNAI.into()),
            limit: 1,
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert_eq!((n, rows.len()), (2, 1), "desa government and Posyandu, one page of one");
});

both!(
    update_round_trips_and_a_taken_code_is_a_named_conflict,
    async |db: &TestDb| {
        let (_app, f) = world(db).await;
        let form = |code: &str| domain::org::OrgInput {
            address: Some("Jl. Baru 1".into()),
            ..lintas_testkit::org_input(
                "Puskesmas Sarolangun Kota Baru",
                code,
                domain::org::OrgKind::Puskesmas,
                Some(f.dinkes),
                "15.03.03",
            )
        };
        let mut tx = db.store.write().await.unwrap();
        store::org::update(&mut tx, f.pkm_kota, &form("PKM-SRL-03K"))
            .await
            .unwrap();
        tx.commit().await.unwrap();
        // A failed statement ends a PostgreSQL transaction: each conflict gets its own.
        let mut tx = db.store.write().await.unwrap();
        let err = store::org::update(&mut tx, f.pkm_kota, &form("PKM-SRL-03"))
            .await
            .unwrap_err();
        assert!(matches!(err, StoreError::Conflict("organizations.code")), "{err:?}");
        drop(tx);
        let mut tx = db.store.read().await.unwrap();
        let o = store::org::get(&mut tx, f.pkm_kota).await.unwrap().unwrap();
        assert_eq!(
            (
                o.name.as_str(),
                o.code.as_deref(),
                o.address.as_deref(),
                o.parent_name.as_deref()
            ),
            (
                "Puskesmas Sarolangun Kota Baru",
                Some("PKM-SRL-03K"),
                Some("Jl. Baru 1"),
                Some("Dinas Kesehatan Kabupaten Sarolangun")
            )
        );
        assert_eq!(o.region_name.as_deref(), Some("Sarolangun"));
        assert!(store::org::get(&mut tx, -1).await.unwrap().is_none());
        assert!(store::org::get_by_code(&mut tx, "NO-SUCH").await.unwrap().is_none());
        drop(tx);

        // A parent that does not exist is a foreign-key conflict.
        let mut tx = db.store.write().await.unwrap();
        let mut bad = form("PKM-X");
        bad.parent_id = Some(i64::MAX);
        let err = store::org::insert(&mut tx, &bad).await.unwrap_err();
        assert!(matches!(err, StoreError::Conflict("foreign_key")), "{err:?}");
    }
);

both!(identifiers_are_unique_per_system, async |db: &TestDb| {
    let (_app, f) = world(db).await;
    let with_id = |code: &str, value: &str| {
        let mut o = lintas_testkit::org_input(
            &format!("Klinik {code}"),
            code,
            domain::org::OrgKind::Hospital,
            None,
            "15.03.03",
        );
        o.identifiers.push(domain::org::ExternalId {
            system: "satusehat".into(),
            value: value.into(),
        });
        o
    };
    let mut tx = db.store.write().await.unwrap();
    let a = store::org::insert(&mut tx, &with_id("K-1", "100")).await.unwrap();
    assert_eq!(store::org::identifiers(&mut tx, a).await.unwrap().len(), 1);
    tx.commit().await.unwrap();
    let mut tx = db.store.write().await.unwrap();
    let err = store::org::insert(&mut tx, &with_id("K-2", "100")).await.unwrap_err();
    assert!(matches!(err, StoreError::Conflict("org_identifiers.value")), "{err:?}");
    let _ = f;
});

both!(tree_and_wilayah_kerja, async |db: &TestDb| {
    let (_app, f) = world(db).await;
    let mut tx = db.store.write().await.unwrap();
    let mut sub = store::org::subtree_ids(&mut tx, f.pkm).await.unwrap();
    sub.sort();
    let mut want = vec![f.pkm, f.posyandu, f.posyandu_bernai];
    want.sort();
    assert_eq!(sub, want);
    let up = store::org::ancestor_ids(&mut tx, f.posyandu).await.unwrap();
    for a in [f.pkm, f.dinkes, f.pemkab] {
        assert!(up.contains(&a), "{a} above the Posyandu: {up:?}");
    }
    assert!(!up.contains(&f.pkm_kota));

    let wk: Vec<String> = store::org::wilayah_kerja(&mut tx, f.pkm)
        .await
        .unwrap()
        .into_iter()
        .map(|d| d.desa_code)
        .collect();
    assert_eq!(wk.len(), 2);
    assert!(wk.contains(&lintas_testkit::fixture::BERNAI.to_string()));
    let owners = store::org::wilayah_kerja_owners(&mut tx, &[lintas_testkit::fixture::SUKASARI.into()])
        .await
        .unwrap();
    assert_eq!(owners.len(), 1);
    assert_eq!(
        (owners[0].1, owners[0].2.as_str()),
        (f.pkm_kota, "Puskesmas Sarolangun Kota")
    );

    // Health facilities of the kecamatan, as the Puskesmas area computes its `foreign`.
    let found = store::org::health_facilities_in(&mut tx, &["15.03.03".into()], &["puskesmas"])
        .await
        .unwrap();
    assert!(found.contains(&f.pkm) && found.contains(&f.pkm_kota), "{found:?}");

    // Taking a desa another Puskesmas holds is the named conflict.
    let err = store::org::set_wilayah_kerja(&mut tx, f.pkm, &[lintas_testkit::fixture::SUKASARI.into()])
        .await
        .unwrap_err();
    assert!(
        matches!(err, StoreError::Conflict("wilayah_kerja.desa_code")),
        "{err:?}"
    );
});

both!(count_by_sector_counts_the_area, async |db: &TestDb| {
    let (app, f) = world(db).await;
    let mut tx = db.store.read().await.unwrap();
    let kader = store::org::count_by_sector(&mut tx, &area(&app, "kader").await)
        .await
        .unwrap();
    assert_eq!(kader, vec![("health".to_string(), 1)]);
    let all: i64 = store::org::count_by_sector(&mut tx, &Area::All)
        .await
        .unwrap()
        .iter()
        .map(|(_, n)| n)
        .sum();
    assert_eq!(all, 16, "every fixture organisation");
    let _ = f;
});
