//! The demo district's year of coordination, on both databases.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use lintas_testkit::{TestDb, both};

both!(demo_loads_once_and_quickly, async |db: &TestDb| {
    let app = db.app().await;
    let t = std::time::Instant::now();
    assert!(app::demo::load(&app).await.unwrap());
    eprintln!("demo load on {:?}: {:?}", db.store.backend(), t.elapsed());
    assert!(!app::demo::load(&app).await.unwrap(), "a second load changes nothing");
});
