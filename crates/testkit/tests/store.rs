//! Store conformance: every test runs on SQLite and on PostgreSQL.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use lintas_testkit::{TestDb, both};
use store::Backend;

both!(region_tree_has_the_kemendagri_2025_counts, async |db: &TestDb| {
    let mut tx = db.store.read().await.unwrap();
    let c = store::region::count_by_level(&mut tx).await.unwrap();
    assert_eq!(c, [38, 514, 7285, 83762]);
    let e = store::region::latest_edition(&mut tx).await.unwrap().unwrap();
    assert!(e.decree.contains("300.2.2-2138/2025"));
    assert_eq!(e.villages, 83762);
    drop(tx);
    // `/regions` shows the counts the load recorded with its edition: the same numbers.
    let (counts, edition) = app::region::summary(&db.store).await.unwrap();
    assert_eq!(counts, c);
    assert_eq!(edition.map(|e| e.decree), Some(e.decree));
});

both!(
    region_search_forgives_case_spaces_and_punctuation,
    async |db: &TestDb| {
        let mut tx = db.store.read().await.unwrap();
        for q in ["pangkalpinang", "PANGKAL  pinang", "pangkal-pinang"] {
            let hits = store::region::search(&mut tx, &domain::region::RegionQuery::parse(q), None, None, 10)
                .await
                .unwrap();
            assert_eq!(hits.first().map(|r| r.code.as_str()), Some("19.71"), "{q}");
        }
        let by_code = store::region::search(
            &mut tx,
            &domain::region::RegionQuery::parse("1503012001"),
            None,
            None,
            5,
        )
        .await
        .unwrap();
        assert_eq!(by_code[0].name, "Tambak Ratu");
        let metachars = store::region::search(
            &mut tx,
            &domain::region::RegionQuery::parse("%' OR 1=1 --"),
            None,
            None,
            5,
        )
        .await
        .unwrap();
        assert!(metachars.is_empty(), "metacharacters are not patterns: {metachars:?}");
        // A lone `%` or `_` is not a wildcard either.
        for q in ["%", "_", "%%"] {
            let hits = store::region::search(&mut tx, &domain::region::RegionQuery::parse(q), None, None, 5)
                .await
                .unwrap();
            assert!(hits.is_empty(), "{q} matched {hits:?}");
        }
    }
);

both!(
    duplicate_org_code_is_a_named_conflict_and_nothing_is_stored,
    async |db: &TestDb| {
        let input = lintas_testkit::org_input(
            "Puskesmas Uji",
            "PKM-UJI",
            domain::org::OrgKind::Puskesmas,
            None,
            "15.03.01",
        );
        let mut tx = db.store.write().await.unwrap();
        store::org::insert(&mut tx, &input).await.unwrap();
        tx.commit().await.unwrap();
        let mut tx = db.store.write().await.unwrap();
        let err = store::org::insert(&mut tx, &input).await.unwrap_err();
        assert!(
            matches!(err, store::StoreError::Conflict("organizations.code")),
            "{err:?}"
        );
        drop(tx);
        let mut tx = db.store.read().await.unwrap();
        let (orgs, n) = store::org::list(
            &mut tx,
            &domain::access::Area::All,
            &store::org::OrgFilter {
                q: Some("uji".into()),
                limit: 10,
                ..Default::default()
            },
        )
        .await
        .unwrap();
        assert_eq!((n, orgs.len()), (1, 1));
    }
);

both!(a_desa_belongs_to_one_wilayah_kerja, async |db: &TestDb| {
    let mut tx = db.store.write().await.unwrap();
    let mk = |code: &str| {
        lintas_testkit::org_input(
            &format!("Puskesmas {code}"),
            code,
            domain::org::OrgKind::Puskesmas,
            None,
            "15.03.01",
        )
    };
    let a = store::org::insert(&mut tx, &mk("A")).await.unwrap();
    let b = store::org::insert(&mut tx, &mk("B")).await.unwrap();
    store::org::set_wilayah_kerja(&mut tx, a, &["15.03.01.2001".into()])
        .await
        .unwrap();
    let err = store::org::set_wilayah_kerja(&mut tx, b, &["15.03.01.2001".into()])
        .await
        .unwrap_err();
    assert!(
        matches!(err, store::StoreError::Conflict("wilayah_kerja.desa_code")),
        "{err:?}"
    );
});

both!(audit_rows_filter_by_entity_and_date, async |db: &TestDb| {
    let mut tx = db.store.write().await.unwrap();
    for i in 0..3 {
        store::audit::insert(
            &mut tx,
            store::audit::NewAudit {
                user_id: None,
                username: Some("tester"),
                action: "create",
                entity: if i == 0 { "person" } else { "organization" },
                entity_id: Some(i.to_string()),
                summary: format!("row {i}"),
                before: None,
                after: Some(serde_json::json!({"i": i})),
            },
        )
        .await
        .unwrap();
    }
    tx.commit().await.unwrap();
    let mut tx = db.store.read().await.unwrap();
    let today = chrono::Utc::now().date_naive();
    let f = store::audit::AuditFilter {
        entity: Some("organization".into()),
        from: Some(today),
        to: Some(today),
        limit: 10,
        ..Default::default()
    };
    let (rows, n) = store::audit::list(&mut tx, &f).await.unwrap();
    assert_eq!((n, rows.len()), (2, 2));
    assert!(rows.iter().all(|r| r.entity == "organization"), "{rows:?}");
    let f = store::audit::AuditFilter {
        from: today.succ_opt(),
        limit: 10,
        ..Default::default()
    };
    assert_eq!(store::audit::list(&mut tx, &f).await.unwrap().1, 0);
});

/// Both migration trees have the same files and produce the same tables, columns, type
/// families, nullability and indexes.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn schema_parity_between_sqlite_and_postgres() {
    assert_eq!(
        store::migration_names(Backend::Sqlite),
        store::migration_names(Backend::Postgres)
    );
    let lite = TestDb::sqlite().await;
    let Some(pg) = TestDb::postgres().await else { return };
    let a = lite.store.describe_schema().await.unwrap();
    let b = pg.store.describe_schema().await.unwrap();
    let only_a: Vec<_> = a.iter().filter(|c| !b.contains(c)).collect();
    let only_b: Vec<_> = b.iter().filter(|c| !a.contains(c)).collect();
    assert!(
        only_a.is_empty() && only_b.is_empty(),
        "sqlite only: {only_a:#?}\npostgres only: {only_b:#?}"
    );
    assert_eq!(
        lite.store.describe_indexes().await.unwrap(),
        pg.store.describe_indexes().await.unwrap()
    );
    lite.cleanup().await;
    pg.cleanup().await;
}

both!(
    an_unknown_stored_enum_value_is_an_error_naming_table_column_and_value,
    async |db: &TestDb| {
        let input = lintas_testkit::org_input("Puskesmas Rusak", "", domain::org::OrgKind::Puskesmas, None, "15.03.01");
        let mut tx = db.store.write().await.unwrap();
        let id = store::org::insert(&mut tx, &input).await.unwrap();
        assert_eq!(
            store::org::get(&mut tx, id).await.unwrap().map(|o| o.kind),
            Some(domain::org::OrgKind::Puskesmas)
        );
        // A value this version does not know (a corrupt row, or one written by a newer Lintas).
        store::on_tx!(&mut tx, c => sqlx::query("UPDATE organizations SET kind = 'spaceship' WHERE id = $1")
            .bind(id)
            .execute(c)
            .await
            .unwrap()
            .rows_affected());
        let err = store::org::get(&mut tx, id).await.unwrap_err();
        assert!(
            matches!(&err, store::StoreError::Corrupt { column, kind: "OrgKind", value }
                if column == "organizations.kind" && value == "spaceship"),
            "{err:?}"
        );
        assert_eq!(
            err.to_string(),
            "stored value \"spaceship\" in organizations.kind is not a OrgKind"
        );
        // Lists fail the same way rather than showing the row as another kind.
        let listed = store::org::list(
            &mut tx,
            &domain::access::Area::All,
            &store::org::OrgFilter {
                limit: 10,
                ..Default::default()
            },
        )
        .await;
        assert!(matches!(listed, Err(store::StoreError::Corrupt { .. })), "{listed:?}");
    }
);
