//! What every module's tests share: the fixture world and the readers' areas.

use domain::access::Area;
use lintas_testkit::TestDb;
use lintas_testkit::fixture::{self, Fixture};

/// An app on `db` with the fixture district loaded.
pub async fn world(db: &TestDb) -> (app::App, Fixture) {
    let app = db.app().await;
    let f = fixture::load(&app).await;
    (app, f)
}

/// The area of the fixture login `username`.
pub async fn area(app: &app::App, username: &str) -> Area {
    fixture::actor(app, username).await.area
}

/// The text of an enum-like column, whatever its Rust type (`String` now, typed enums later).
pub fn text<T: ToString>(v: &T) -> String {
    v.to_string()
}

/// Ids of `rows`, by `id`.
pub fn ids<T>(rows: &[T], id: impl Fn(&T) -> i64) -> Vec<i64> {
    rows.iter().map(id).collect()
}
