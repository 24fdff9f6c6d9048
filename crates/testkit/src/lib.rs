//! Test support. Every test gets its own database: a copy of a migrated, region-loaded
//! SQLite template file, or a PostgreSQL database cloned from a template database
//! (`CREATE DATABASE … TEMPLATE …`), so loading the 91,599 regions happens once per test
//! binary and backend, not once per test.
//!
//! PostgreSQL comes from `LINTAS_TEST_POSTGRES_URL` (default
//! `postgres://postgres@127.0.0.1:5432/postgres`; the role needs CREATEDB). When it cannot be
//! reached, PostgreSQL tests are skipped with a message — except under `CI=true`, where that
//! is a failure.
#![allow(clippy::unwrap_used, clippy::expect_used)]

pub mod browser;
pub mod coverage;
pub mod fixture;
pub mod html;
pub mod http;
pub mod smtp;

pub use http::{TestApp, org_id};

/// An organisation to create in a test: `code` may be empty, `region` is a Kemendagri code.
pub fn org_input(
    name: &str,
    code: &str,
    kind: domain::org::OrgKind,
    parent: Option<i64>,
    region: &str,
) -> domain::org::OrgInput {
    domain::org::OrgInput {
        code: (!code.is_empty()).then(|| code.to_string()),
        parent_id: parent,
        ..domain::org::OrgInput::new(
            name,
            kind,
            domain::region::RegionCode::parse(region).unwrap_or_else(|e| panic!("region {region}: {e}")),
        )
    }
}

/// The 5 KB workbook of the security review: headers A1…G1 and one cell at XFD1048576 (the
/// last row and column), which once made the import ask for 512 GiB.
pub fn xfd_bomb() -> Vec<u8> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (c, h) in ["Nama", "JK", "Tgl Lahir", "Posyandu", "Tgl Ukur", "BB", "TB"]
        .iter()
        .enumerate()
    {
        ws.write_string(0, c as u16, *h).expect("header");
    }
    ws.write_number(1_048_575, 16_383, 1.0).expect("far cell");
    wb.save_to_buffer().expect("workbook")
}

use sqlx::Connection;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU32, Ordering};
use store::{Backend, Store};
use tokio::sync::OnceCell;

pub const PG_ENV: &str = "LINTAS_TEST_POSTGRES_URL";
const PG_DEFAULT: &str = "postgres://postgres@127.0.0.1:5432/postgres";

pub fn in_ci() -> bool {
    std::env::var("CI").map(|v| v == "true" || v == "1").unwrap_or(false)
}

fn pg_base() -> String {
    std::env::var(PG_ENV).unwrap_or_else(|_| PG_DEFAULT.to_string())
}

fn with_db(url: &str, db: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, format!("?{q}")),
        None => (url, String::new()),
    };
    let head = match base.rfind('/') {
        Some(i) if base[..i].contains("://") && base[..i].len() > base.find("://").unwrap_or(0) + 2 => &base[..i],
        _ => base,
    };
    format!("{head}/{db}{query}")
}

/// A database for one test; dropped with the test (SQLite files go with their temp dir).
pub struct TestDb {
    pub store: Store,
    pub url: String,
    _dir: Option<tempfile::TempDir>,
    pg_name: Option<String>,
}

static SQLITE_TEMPLATE: OnceCell<PathBuf> = OnceCell::const_new();
static PG_TEMPLATE: OnceCell<Option<String>> = OnceCell::const_new();
static COUNTER: AtomicU32 = AtomicU32::new(0);

async fn sqlite_template() -> &'static PathBuf {
    SQLITE_TEMPLATE
        .get_or_init(|| async {
            let dir = tempfile::Builder::new()
                .prefix("lintas-tpl")
                .tempdir()
                .expect("temp dir")
                .keep();
            let path = dir.join("template.db");
            let store = Store::connect_sqlite(&path).await.expect("template sqlite");
            app::App::open(store.clone()).await.expect("migrate template");
            store.close().await;
            path
        })
        .await
}

async fn pg_admin() -> Result<sqlx::PgConnection, String> {
    sqlx::PgConnection::connect(&pg_base()).await.map_err(|e| e.to_string())
}

fn pid_alive(pid: &str) -> bool {
    std::path::Path::new(&format!("/proc/{pid}")).exists()
}

async fn pg_template() -> Option<&'static String> {
    PG_TEMPLATE
        .get_or_init(|| async {
            let mut admin = match pg_admin().await {
                Ok(c) => c,
                Err(e) => {
                    if in_ci() {
                        panic!(
                            "PostgreSQL is required in CI but {PG_ENV} ({}) cannot be reached: {e}",
                            pg_base()
                        );
                    }
                    eprintln!(
                        "note: PostgreSQL tests skipped: {} cannot be reached ({e}); set {PG_ENV}",
                        pg_base()
                    );
                    return None;
                }
            };
            // Remove databases left by earlier test processes that are gone.
            let names: Vec<String> =
                sqlx::query_scalar("SELECT datname::text FROM pg_database WHERE datname LIKE 'lintas\\_t%'")
                    .fetch_all(&mut admin)
                    .await
                    .unwrap_or_default();
            for n in names {
                let pid = n.split('_').nth(2).unwrap_or("");
                if !pid_alive(pid) {
                    let _ = sqlx::query(sqlx::AssertSqlSafe(format!(
                        "DROP DATABASE IF EXISTS \"{n}\" WITH (FORCE)"
                    )))
                    .execute(&mut admin)
                    .await;
                }
            }
            let name = format!("lintas_tpl_{}", std::process::id());
            sqlx::query(sqlx::AssertSqlSafe(format!(
                "DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"
            )))
            .execute(&mut admin)
            .await
            .expect("drop old template");
            sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE \"{name}\"")))
                .execute(&mut admin)
                .await
                .expect("create template database");
            let store = Store::connect(&with_db(&pg_base(), &name))
                .await
                .expect("connect template");
            app::App::open(store.clone()).await.expect("migrate template");
            store.close().await;
            Some(name)
        })
        .await
        .as_ref()
}

impl TestDb {
    pub async fn sqlite() -> TestDb {
        let tpl = sqlite_template().await;
        let dir = tempfile::Builder::new()
            .prefix("lintas-test")
            .tempdir()
            .expect("temp dir");
        let path = dir.path().join("lintas.db");
        std::fs::copy(tpl, &path).expect("copy template");
        let store = Store::connect_sqlite(&path).await.expect("open sqlite");
        TestDb {
            store,
            url: format!("sqlite:{}", path.display()),
            _dir: Some(dir),
            pg_name: None,
        }
    }

    /// `None` when PostgreSQL is unavailable outside CI (the test is then skipped).
    pub async fn postgres() -> Option<TestDb> {
        let tpl = pg_template().await?;
        let name = format!(
            "lintas_t_{}_{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::SeqCst)
        );
        let mut admin = pg_admin().await.expect("admin connection");
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "CREATE DATABASE \"{name}\" TEMPLATE \"{tpl}\""
        )))
        .execute(&mut admin)
        .await
        .expect("clone template database");
        let url = with_db(&pg_base(), &name);
        let store = Store::connect(&url).await.expect("open postgres");
        Some(TestDb {
            store,
            url,
            _dir: None,
            pg_name: Some(name),
        })
    }

    pub async fn new(backend: Backend) -> Option<TestDb> {
        match backend {
            Backend::Sqlite => Some(Self::sqlite().await),
            Backend::Postgres => Self::postgres().await,
        }
    }

    /// An `App` on this database (already migrated and loaded).
    pub async fn app(&self) -> app::App {
        app::App::open(self.store.clone()).await.expect("open app")
    }

    /// Drops the PostgreSQL database (SQLite files go with the temp dir).
    pub async fn cleanup(self) {
        self.store.close().await;
        if let Some(name) = self.pg_name
            && let Ok(mut admin) = pg_admin().await
        {
            let _ = sqlx::query(sqlx::AssertSqlSafe(format!(
                "DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"
            )))
            .execute(&mut admin)
            .await;
        }
    }
}

/// Runs a test body once per backend: `both!(name, async |db: &TestDb| { … })` makes
/// `name::sqlite` and `name::postgres`.
#[macro_export]
macro_rules! both {
    ($name:ident, $body:expr) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                let db = $crate::TestDb::sqlite().await;
                ($body)(&db).await;
                db.cleanup().await;
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                let Some(db) = $crate::TestDb::postgres().await else {
                    return;
                };
                ($body)(&db).await;
                db.cleanup().await;
            }
        }
    };
}
