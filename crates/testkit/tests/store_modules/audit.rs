//! store::audit: every filter narrows the log, the total counts before paging, newest first.

use super::common::world;
use lintas_testkit::{TestDb, both};
use store::audit::{AuditFilter, NewAudit};

fn all() -> AuditFilter {
    AuditFilter {
        limit: 500,
        ..Default::default()
    }
}

both!(audit_filters_page_and_order, async |db: &TestDb| {
    let (_app, f) = world(db).await;
    let mut tx = db.store.write().await.unwrap();
    for (user, action, entity_id) in [
        ("auditor-a", "create", "1"),
        ("auditor-a", "update", "1"),
        ("auditor-b", "update", "2"),
        ("auditor-b", "delete", "1"),
    ] {
        store::audit::insert(
            &mut tx,
            NewAudit {
                user_id: None,
                username: Some(user),
                action,
                entity: "uji",
                entity_id: Some(entity_id.into()),
                summary: format!("{action} uji {entity_id}"),
                before: None,
                after: Some(serde_json::json!({"id": entity_id})),
            },
        )
        .await
        .unwrap();
    }
    tx.commit().await.unwrap();
    let mut tx = db.store.read().await.unwrap();
    let list = |f: AuditFilter| AuditFilter {
        entity: Some("uji".into()),
        ..f
    };
    let (rows, n) = store::audit::list(&mut tx, &list(all())).await.unwrap();
    let got: Vec<&str> = rows.iter().map(|r| r.summary.as_str()).collect();
    assert_eq!(
        (got, n),
        (vec!["delete uji 1", "update uji 2", "update uji 1", "create uji 1"], 4),
        "newest first"
    );
    assert_eq!(rows[3].after_json.as_deref(), Some(r#"{"id":"1"}"#));
    assert_eq!(rows[3].before_json, None);
    let count = |rows: (Vec<store::audit::AuditEntry>, i64)| (rows.0.len() as i64, rows.1);
    let by = |u: &str| AuditFilter {
        username: Some(u.into()),
        ..all()
    };
    assert_eq!(
        count(store::audit::list(&mut tx, &list(by("auditor-a"))).await.unwrap()),
        (2, 2)
    );
    let update = AuditFilter {
        action: Some("update".into()),
        ..all()
    };
    assert_eq!(count(store::audit::list(&mut tx, &list(update)).await.unwrap()), (2, 2));
    let one = AuditFilter {
        entity_id: Some("1".into()),
        ..all()
    };
    assert_eq!(count(store::audit::list(&mut tx, &list(one)).await.unwrap()), (3, 3));
    // Paging keeps the total.
    let page = AuditFilter {
        limit: 1,
        offset: 1,
        ..all()
    };
    let (rows, n) = store::audit::list(&mut tx, &list(page)).await.unwrap();
    assert_eq!((rows.len(), rows[0].summary.as_str(), n), (1, "update uji 2", 4));
    // Dates are whole days, both ends included.
    let today = chrono::Utc::now().date_naive();
    let day = |from: Option<chrono::NaiveDate>, to: Option<chrono::NaiveDate>| AuditFilter { from, to, ..all() };
    let next = today.succ_opt().unwrap();
    let prev = today.pred_opt().unwrap();
    assert_eq!(
        store::audit::list(&mut tx, &list(day(Some(today), Some(today))))
            .await
            .unwrap()
            .1,
        4
    );
    assert_eq!(
        store::audit::list(&mut tx, &list(day(Some(next), None)))
            .await
            .unwrap()
            .1,
        0
    );
    assert_eq!(
        store::audit::list(&mut tx, &list(day(None, Some(prev))))
            .await
            .unwrap()
            .1,
        0
    );
    // The fixture's own records: one creation per organisation, each by the admin.
    let orgs = AuditFilter {
        entity: Some("organization".into()),
        action: Some("create".into()),
        ..all()
    };
    let (rows, n) = store::audit::list(&mut tx, &orgs).await.unwrap();
    assert_eq!(n, 16);
    assert!(rows.iter().all(|r| r.username.as_deref() == Some("admin")), "{rows:?}");
    assert!(rows.iter().any(|r| r.entity_id == Some(f.rsud.to_string())));
});
