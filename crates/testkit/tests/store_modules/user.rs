//! store::user: accounts, sessions and API tokens.

use super::common::{text, world};
use chrono::{Duration, Utc};
use lintas_testkit::{TestDb, both};
use store::StoreError;
use store::user::NewUser;

both!(accounts_are_unique_by_username, async |db: &TestDb| {
    let (_app, f) = world(db).await;
    let mut tx = db.store.write().await.unwrap();
    let before = store::user::count(&mut tx).await.unwrap();
    assert_eq!(before, 7, "the fixture's logins");
    let new = NewUser {
        username: "kader2",
        display_name: "Kader Kedua",
        password_hash: "x",
        role: "kader",
        org_id: Some(f.posyandu_bernai),
        person_id: None,
        active: true,
    };
    let id = store::user::insert(&mut tx, &new).await.unwrap();
    tx.commit().await.unwrap();
    let mut tx = db.store.write().await.unwrap();
    let err = store::user::insert(&mut tx, &new).await.unwrap_err();
    assert!(matches!(err, StoreError::Conflict("users.username")), "{err:?}");
    drop(tx);
    let mut tx = db.store.write().await.unwrap();
    let u = store::user::get(&mut tx, id).await.unwrap().unwrap();
    assert_eq!(
        (u.username.as_str(), text(&u.role).as_str(), u.org_id),
        ("kader2", "kader", Some(f.posyandu_bernai))
    );
    store::user::update(
        &mut tx,
        id,
        &NewUser {
            display_name: "Kader Bernai",
            active: false,
            ..new
        },
    )
    .await
    .unwrap();
    let u = store::user::get_by_username(&mut tx, "kader2").await.unwrap().unwrap();
    assert_eq!((u.display_name.as_str(), u.active), ("Kader Bernai", false));
    let names: Vec<String> = store::user::list(&mut tx)
        .await
        .unwrap()
        .into_iter()
        .map(|u| u.username)
        .collect();
    assert_eq!(names.len(), 8);
    assert!(names.contains(&"kader2".to_string()));
});

both!(sessions_and_tokens, async |db: &TestDb| {
    let (_app, f) = world(db).await;
    let admin = f.users[0];
    let kader = f.users[4];
    let mut tx = db.store.write().await.unwrap();
    store::user::insert_session(&mut tx, "s-live", admin, Utc::now() + Duration::hours(1))
        .await
        .unwrap();
    store::user::insert_session(&mut tx, "s-old", admin, Utc::now() - Duration::hours(1))
        .await
        .unwrap();
    store::user::insert_session(&mut tx, "s-kader", kader, Utc::now() + Duration::hours(1))
        .await
        .unwrap();
    assert_eq!(
        store::user::session_user(&mut tx, "s-live")
            .await
            .unwrap()
            .map(|u| u.id),
        Some(admin)
    );
    assert!(
        store::user::session_user(&mut tx, "s-old").await.unwrap().is_none(),
        "expired"
    );
    assert!(store::user::delete_expired_sessions(&mut tx).await.unwrap() >= 1);
    store::user::insert_session(&mut tx, "s-second", admin, Utc::now() + Duration::hours(1))
        .await
        .unwrap();
    assert_eq!(
        store::user::delete_other_sessions(&mut tx, admin, "s-live")
            .await
            .unwrap(),
        1
    );
    assert!(store::user::session_user(&mut tx, "s-second").await.unwrap().is_none());
    store::user::delete_session(&mut tx, "s-live").await.unwrap();
    assert!(store::user::session_user(&mut tx, "s-live").await.unwrap().is_none());
    assert!(
        store::user::session_user(&mut tx, "s-kader").await.unwrap().is_some(),
        "others untouched"
    );

    let t1 = store::user::insert_token(&mut tx, admin, "skrip", "h1", Utc::now() + Duration::days(30))
        .await
        .unwrap();
    let t2 = store::user::insert_token(&mut tx, admin, "laporan", "h2", Utc::now() + Duration::days(30))
        .await
        .unwrap();
    let mine: Vec<i64> = store::user::tokens_of(&mut tx, admin)
        .await
        .unwrap()
        .iter()
        .map(|t| t.id)
        .collect();
    assert_eq!(mine, vec![t2, t1], "newest first");
    assert_eq!(
        store::user::token_user(&mut tx, "h1").await.unwrap().map(|(u, _)| u.id),
        Some(admin)
    );
    assert!(
        !store::user::revoke_token(&mut tx, kader, t1).await.unwrap(),
        "not the kader's token"
    );
    assert!(store::user::revoke_token(&mut tx, admin, t1).await.unwrap());
    let tokens = store::user::tokens_of(&mut tx, admin).await.unwrap();
    let live: Vec<i64> = tokens.iter().filter(|t| t.live(Utc::now())).map(|t| t.id).collect();
    assert_eq!(live, vec![t2]);
    assert_eq!(store::user::revoke_tokens_of(&mut tx, admin).await.unwrap(), 1);
    tx.commit().await.unwrap();
    let mut tx = db.store.write().await.unwrap();
    let err = store::user::insert_token(&mut tx, kader, "dup", "h1", Utc::now() + Duration::days(1))
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Conflict("api_tokens.token_hash")), "{err:?}");
});
