#![doc = include_str!("../README.md")]

pub mod action;
pub mod agreement;
pub mod audit;
pub mod bench;
pub mod children;
pub mod coverage;
pub mod decode;
pub mod dialect;
pub mod error;
pub mod followup;
pub mod meeting;
pub mod notice;
pub mod nutrition;
pub mod org;
pub mod person;
pub mod pkp;
pub mod plan;
pub mod posyandu;
pub mod problem;
pub mod publication;
pub mod region;
pub mod scorecard;
pub mod setting;
mod sql;
pub mod sync;
pub mod user;

pub use error::StoreError;

use sqlx::migrate::{Migration, MigrationType, Migrator};
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{PgPool, Postgres, SqlSafeStr, Sqlite, SqlitePool, Transaction};
use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// Which database engine a store runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

#[derive(Clone, Debug)]
enum Pool {
    Sqlite(SqlitePool),
    /// The pool and the connection settings the PostgreSQL client tools (`pg_dump`) get
    /// through their environment, never on a command line.
    Postgres(PgPool, std::sync::Arc<dialect::LibpqEnv>),
}

/// A handle on the database; cheap to clone.
#[derive(Clone, Debug)]
pub struct Store {
    pool: Pool,
}

/// An open transaction on either backend. Every store function takes one, so a use case
/// writes its record and its audit row atomically.
pub enum Tx {
    Sqlite(Transaction<'static, Sqlite>),
    Postgres(Transaction<'static, Postgres>),
}

/// Runs `$body` with `$c` bound to the transaction's connection, once per backend. The body
/// is written once and type-checked for both.
#[macro_export]
macro_rules! on_tx {
    ($tx:expr, $c:ident => $body:expr) => {
        match $tx {
            $crate::Tx::Sqlite(t) => {
                let $c = &mut **t;
                $body
            }
            $crate::Tx::Postgres(t) => {
                let $c = &mut **t;
                $body
            }
        }
    };
}

impl Tx {
    pub async fn commit(self) -> Result<()> {
        match self {
            Tx::Sqlite(t) => t.commit().await?,
            Tx::Postgres(t) => t.commit().await?,
        }
        Ok(())
    }
    pub fn backend(&self) -> Backend {
        match self {
            Tx::Sqlite(_) => Backend::Sqlite,
            Tx::Postgres(_) => Backend::Postgres,
        }
    }
}

/// The migrations of each backend: the same names, one SQL file per backend.
macro_rules! migrations {
    ($dir:literal) => {
        &[
            (
                1,
                "foundation",
                include_str!(concat!("../migrations/", $dir, "/0001_foundation.sql")),
            ),
            (
                2,
                "coordination",
                include_str!(concat!("../migrations/", $dir, "/0002_coordination.sql")),
            ),
            (
                3,
                "meeting_people",
                include_str!(concat!("../migrations/", $dir, "/0003_meeting_people.sql")),
            ),
            (
                4,
                "agreements",
                include_str!(concat!("../migrations/", $dir, "/0004_agreements.sql")),
            ),
            (
                5,
                "nutrition",
                include_str!(concat!("../migrations/", $dir, "/0005_nutrition.sql")),
            ),
            (
                6,
                "followup",
                include_str!(concat!("../migrations/", $dir, "/0006_followup.sql")),
            ),
            (
                7,
                "posyandu_years",
                include_str!(concat!("../migrations/", $dir, "/0007_posyandu_years.sql")),
            ),
            (
                8,
                "security",
                include_str!(concat!("../migrations/", $dir, "/0008_security.sql")),
            ),
            (
                9,
                "coverage",
                include_str!(concat!("../migrations/", $dir, "/0009_coverage.sql")),
            ),
            (
                10,
                "pkp",
                include_str!(concat!("../migrations/", $dir, "/0010_pkp.sql")),
            ),
            (
                11,
                "plans",
                include_str!(concat!("../migrations/", $dir, "/0011_plans.sql")),
            ),
            (
                12,
                "coverage_rollup",
                include_str!(concat!("../migrations/", $dir, "/0012_coverage_rollup.sql")),
            ),
            (
                13,
                "sync",
                include_str!(concat!("../migrations/", $dir, "/0013_sync.sql")),
            ),
            (
                14,
                "coordination_loop",
                include_str!(concat!("../migrations/", $dir, "/0014_coordination_loop.sql")),
            ),
            (
                15,
                "notices",
                include_str!(concat!("../migrations/", $dir, "/0015_notices.sql")),
            ),
            (
                16,
                "publication",
                include_str!(concat!("../migrations/", $dir, "/0016_publication.sql")),
            ),
            (
                17,
                "child_states",
                include_str!(concat!("../migrations/", $dir, "/0017_child_states.sql")),
            ),
            (
                18,
                "measured_months",
                include_str!(concat!("../migrations/", $dir, "/0018_measured_months.sql")),
            ),
            (
                19,
                "children_by_name",
                include_str!(concat!("../migrations/", $dir, "/0019_children_by_name.sql")),
            ),
        ]
    };
}
const SQLITE_MIGRATIONS: &[(i64, &str, &str)] = migrations!("sqlite");
const POSTGRES_MIGRATIONS: &[(i64, &str, &str)] = migrations!("postgres");

fn migrator(set: &'static [(i64, &'static str, &'static str)]) -> Migrator {
    Migrator::with_migrations(
        set.iter()
            .map(|(v, name, sql)| Migration::new(*v, (*name).into(), MigrationType::Simple, sql.into_sql_str(), false))
            .collect(),
    )
}

/// Names of the migrations of each backend, in order (the parity test compares them).
pub fn migration_names(backend: Backend) -> Vec<&'static str> {
    let set = match backend {
        Backend::Sqlite => SQLITE_MIGRATIONS,
        Backend::Postgres => POSTGRES_MIGRATIONS,
    };
    set.iter().map(|m| m.1).collect()
}

impl Store {
    /// Opens `url`: `postgres://…` / `postgresql://…`, or `sqlite:PATH` / a plain file path
    /// (created if missing, WAL mode, foreign keys on).
    pub async fn connect(url: &str) -> Result<Self> {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            let opts = PgConnectOptions::from_str(url)?.application_name("lintas");
            let env = dialect::libpq_env(url)?;
            let mut store = Self::connect_pg(opts).await?;
            if let Pool::Postgres(_, e) = &mut store.pool {
                *e = std::sync::Arc::new(env);
            }
            Ok(store)
        } else {
            let path = url
                .strip_prefix("sqlite://")
                .or_else(|| url.strip_prefix("sqlite:"))
                .unwrap_or(url);
            Self::connect_sqlite(Path::new(path)).await
        }
    }

    pub async fn connect_sqlite(path: &Path) -> Result<Self> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| StoreError::Io(e.to_string()))?;
        }
        let opts = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true)
            .foreign_keys(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .busy_timeout(Duration::from_secs(10))
            // 8 MB of pages per connection: the operating system caches the file for all of
            // them; 20 MB each let the server grow past 500 MB under load, and 2 MB each made
            // the average page 40 % slower (BENCHMARKS.md, "Fifth round").
            .pragma("cache_size", "-8000");
        // No ping on every acquire (the pool's default): a connection in this process cannot
        // hang up, and the ping was one more trip to the connection's thread per transaction.
        // It also keeps a cancelled acquire from dropping the connection (sqlx's `acquire`).
        let pool = SqlitePoolOptions::new()
            .max_connections(sqlite_connections())
            .test_before_acquire(false)
            .connect_with(opts)
            .await?;
        Ok(Self {
            pool: Pool::Sqlite(pool),
        })
    }

    pub async fn connect_pg(opts: PgConnectOptions) -> Result<Self> {
        let env = dialect::LibpqEnv::of_options(&opts);
        let pool = PgPoolOptions::new()
            .max_connections(16)
            .acquire_timeout(Duration::from_secs(10))
            .connect_with(opts)
            .await?;
        Ok(Self {
            pool: Pool::Postgres(pool, std::sync::Arc::new(env)),
        })
    }

    pub fn backend(&self) -> Backend {
        match self.pool {
            Pool::Sqlite(_) => Backend::Sqlite,
            Pool::Postgres(..) => Backend::Postgres,
        }
    }

    /// Applies pending migrations of this backend's tree.
    pub async fn migrate(&self) -> Result<()> {
        match &self.pool {
            Pool::Sqlite(p) => migrator(SQLITE_MIGRATIONS).run(p).await?,
            Pool::Postgres(p, _) => migrator(POSTGRES_MIGRATIONS).run(p).await?,
        }
        Ok(())
    }

    /// A transaction that will write. On SQLite it takes the write lock up front
    /// (`BEGIN IMMEDIATE`), so two writers queue on the busy timeout instead of failing.
    pub async fn write(&self) -> Result<Tx> {
        Ok(match &self.pool {
            Pool::Sqlite(p) => Tx::Sqlite(p.begin_with("BEGIN IMMEDIATE").await?),
            Pool::Postgres(p, _) => Tx::Postgres(p.begin().await?),
        })
    }

    /// A transaction for reading: one consistent view for a page or an export.
    pub async fn read(&self) -> Result<Tx> {
        Ok(match &self.pool {
            Pool::Sqlite(p) => Tx::Sqlite(p.begin().await?),
            Pool::Postgres(p, _) => {
                Tx::Postgres(p.begin_with("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY").await?)
            }
        })
    }

    /// Brings the query planner's statistics up to date after a bulk load (PostgreSQL's
    /// `ANALYZE`; SQLite keeps none unless asked, and its plans here do not need them).
    pub async fn refresh_statistics(&self) -> Result<()> {
        dialect::refresh_statistics(&self.pool_ref()).await
    }

    /// `SELECT 1`: the database answers.
    pub async fn ping(&self) -> Result<()> {
        match &self.pool {
            Pool::Sqlite(p) => sqlx::query("SELECT 1").execute(p).await?.rows_affected(),
            Pool::Postgres(p, _) => sqlx::query("SELECT 1").execute(p).await?.rows_affected(),
        };
        Ok(())
    }

    pub async fn close(&self) {
        match &self.pool {
            Pool::Sqlite(p) => p.close().await,
            Pool::Postgres(p, _) => p.close().await,
        }
    }

    /// Writes a consistent snapshot of the whole database to `dest` while the server runs.
    pub async fn backup(&self, dest: &Path) -> Result<()> {
        dialect::backup(&self.pool_ref(), dest).await
    }

    fn pool_ref(&self) -> dialect::PoolRef<'_> {
        match &self.pool {
            Pool::Sqlite(p) => dialect::PoolRef::Sqlite(p),
            Pool::Postgres(p, e) => dialect::PoolRef::Postgres(p, e),
        }
    }

    /// Column descriptions of every table, for the schema-parity test.
    pub async fn describe_schema(&self) -> Result<Vec<dialect::ColumnInfo>> {
        dialect::describe_schema(&self.pool_ref()).await
    }

    /// Index descriptions (table, index name, columns), for the schema-parity test.
    pub async fn describe_indexes(&self) -> Result<Vec<(String, String)>> {
        dialect::describe_indexes(&self.pool_ref()).await
    }
}

/// Current time, truncated to microseconds so both backends store the same value.
pub fn now() -> chrono::DateTime<chrono::Utc> {
    let n = chrono::Utc::now();
    chrono::DateTime::from_timestamp_micros(n.timestamp_micros()).unwrap_or(n)
}

/// Connections of the SQLite pool: one a core, and one more so that a long read (a register
/// export) does not hold up the pages, at least three and at most eight. SQLite's work here is
/// CPU-bound on a file the operating system caches, so more connections than that add no speed:
/// on two cores, eight connections measured slower than three (more threads switching) and each
/// keeps its own 8 MB page cache (BENCHMARKS.md, "Fifth round").
fn sqlite_connections() -> u32 {
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    u32::try_from(cores + 1).unwrap_or(8).clamp(3, 8)
}

#[cfg(test)]
mod tests {
    /// Every SQL file in each migration tree is registered, in order, with the same names.
    #[test]
    fn every_migration_file_is_registered() {
        for (dir, backend) in [
            ("sqlite", super::Backend::Sqlite),
            ("postgres", super::Backend::Postgres),
        ] {
            let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("migrations")
                .join(dir);
            let mut files: Vec<String> = std::fs::read_dir(&path)
                .map(|d| {
                    d.filter_map(|e| e.ok())
                        .map(|e| e.file_name().to_string_lossy().into_owned())
                        .collect()
                })
                .unwrap_or_default();
            files.sort();
            let set = match backend {
                super::Backend::Sqlite => super::SQLITE_MIGRATIONS,
                super::Backend::Postgres => super::POSTGRES_MIGRATIONS,
            };
            // Numbered by their version (a number may be held for a migration of another
            // branch), in order.
            let registered: Vec<String> = set.iter().map(|(v, n, _)| format!("{v:04}_{n}.sql")).collect();
            assert!(set.windows(2).all(|w| w[0].0 < w[1].0), "{dir}: versions in order");
            assert_eq!(files, registered, "{dir}");
        }
    }
}
