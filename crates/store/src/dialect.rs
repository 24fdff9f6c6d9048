//! The one place that knows SQLite from PostgreSQL: bulk loading, schema introspection and
//! backups. Everything else in the store is one query body for both.

use crate::{Result, StoreError, Tx};
use sqlx::{PgPool, Row, SqlitePool};
use std::path::Path;

pub(crate) enum PoolRef<'a> {
    Sqlite(&'a SqlitePool),
    Postgres(&'a PgPool, &'a LibpqEnv),
}

/// The connection settings of a PostgreSQL URL as the environment of the client tools
/// (`PGHOST`, `PGPORT`, `PGUSER`, `PGPASSWORD`, `PGDATABASE`, `PGSSLMODE` …): a password on a
/// command line is readable by every user of the machine (`ps`), the environment is not.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LibpqEnv(pub Vec<(&'static str, String)>);

impl LibpqEnv {
    /// From connection options (no password: they do not give it back; `PGPASSWORD` or
    /// `~/.pgpass` of the caller then apply as usual).
    pub(crate) fn of_options(o: &sqlx::postgres::PgConnectOptions) -> LibpqEnv {
        let mut v = vec![
            ("PGHOST", o.get_host().to_string()),
            ("PGPORT", o.get_port().to_string()),
            ("PGUSER", o.get_username().to_string()),
        ];
        if let Some(db) = o.get_database() {
            v.push(("PGDATABASE", db.to_string()));
        }
        LibpqEnv(v)
    }

    /// Sets the variables on `cmd` and tells the tool never to prompt for a password.
    pub fn apply(&self, cmd: &mut tokio::process::Command) {
        for (k, v) in &self.0 {
            cmd.env(k, v);
        }
        cmd.arg("--no-password");
    }
}

/// Reads a `postgres://user:password@host:port/db?sslmode=…` URL into the libpq environment
/// variables; percent-escapes are decoded, and the query parameters libpq knows (`sslmode`,
/// `sslrootcert`, `sslcert`, `sslkey`, `options`, `application_name`, `host`, `port`, `user`,
/// `password`, `dbname`) are kept.
pub fn libpq_env(url: &str) -> Result<LibpqEnv> {
    let u = url::Url::parse(url).map_err(|e| StoreError::Io(format!("database URL: {e}")))?;
    let decode = |s: &str| percent_encoding::percent_decode_str(s).decode_utf8_lossy().into_owned();
    let mut v: Vec<(&'static str, String)> = Vec::new();
    let mut set = |k: &'static str, val: String| {
        v.retain(|(x, _)| *x != k);
        if !val.is_empty() {
            v.push((k, val));
        }
    };
    if let Some(h) = u.host_str() {
        set("PGHOST", h.trim_start_matches('[').trim_end_matches(']').to_string());
    }
    if let Some(p) = u.port() {
        set("PGPORT", p.to_string());
    }
    set("PGUSER", decode(u.username()));
    if let Some(p) = u.password() {
        set("PGPASSWORD", decode(p));
    }
    set("PGDATABASE", decode(u.path().trim_start_matches('/')));
    for (k, val) in u.query_pairs() {
        let var = match k.as_ref() {
            "sslmode" | "ssl-mode" => "PGSSLMODE",
            "sslrootcert" | "ssl-root-cert" => "PGSSLROOTCERT",
            "sslcert" | "ssl-cert" => "PGSSLCERT",
            "sslkey" | "ssl-key" => "PGSSLKEY",
            "options" => "PGOPTIONS",
            "application_name" => "PGAPPNAME",
            "host" => "PGHOST",
            "port" => "PGPORT",
            "user" => "PGUSER",
            "password" => "PGPASSWORD",
            "dbname" => "PGDATABASE",
            _ => continue,
        };
        set(var, val.into_owned());
    }
    Ok(LibpqEnv(v))
}

/// One row of a bulk region load.
pub struct RegionRow {
    pub code: String,
    pub parent_code: Option<String>,
    pub level: i16,
    pub kind: domain::region::RegionKind,
    pub name: String,
    pub name_key: String,
    pub postal_code: Option<String>,
}

/// Inserts many regions fast: one statement reading the rows from a JSON array
/// (`json_each`) on SQLite, one `UNNEST` of arrays on PostgreSQL.
pub async fn insert_regions(tx: &mut Tx, rows: &[RegionRow]) -> Result<()> {
    match tx {
        Tx::Sqlite(t) => {
            // One statement: SQLite reads the rows from a JSON array in C, far faster than
            // binding tens of thousands of parameters.
            let rows_json = serde_json::Value::Array(
                rows.iter()
                    .map(|r| {
                        serde_json::json!([
                            r.code,
                            r.parent_code,
                            r.level,
                            r.kind,
                            r.name,
                            r.name_key,
                            r.postal_code
                        ])
                    })
                    .collect(),
            )
            .to_string();
            sqlx::query(
                "INSERT INTO regions (code, parent_code, level, kind, name, name_key, postal_code) \
                 SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, value ->> 5, value ->> 6 \
                 FROM json_each($1)",
            )
            .bind(rows_json)
            .execute(&mut **t)
            .await?;
        }
        Tx::Postgres(t) => {
            let col = |f: fn(&RegionRow) -> Option<String>| rows.iter().map(f).collect::<Vec<_>>();
            sqlx::query(
                "INSERT INTO regions (code, parent_code, level, kind, name, name_key, postal_code) \
                 SELECT * FROM UNNEST($1::text[], $2::text[], $3::int2[], $4::text[], $5::text[], $6::text[], $7::text[])",
            )
            .bind(rows.iter().map(|r| r.code.clone()).collect::<Vec<_>>())
            .bind(col(|r| r.parent_code.clone()))
            .bind(rows.iter().map(|r| r.level).collect::<Vec<_>>())
            .bind(rows.iter().map(|r| r.kind.to_string()).collect::<Vec<_>>())
            .bind(rows.iter().map(|r| r.name.clone()).collect::<Vec<_>>())
            .bind(rows.iter().map(|r| r.name_key.clone()).collect::<Vec<_>>())
            .bind(col(|r| r.postal_code.clone()))
            .execute(&mut **t)
            .await?;
        }
    }
    Ok(())
}

/// What is wrong with the database's storage, if anything: SQLite's own `integrity_check`
/// and `foreign_key_check`; on PostgreSQL (which checks its pages and foreign keys itself) a
/// full read of every table, and `amcheck` of every index when that extension is installed.
pub async fn integrity_problems(tx: &mut Tx) -> Result<Vec<String>> {
    let mut out = Vec::new();
    match tx {
        Tx::Sqlite(t) => {
            let rows: Vec<String> = sqlx::query_scalar("PRAGMA integrity_check").fetch_all(&mut **t).await?;
            out.extend(rows.into_iter().filter(|r| r != "ok"));
            let fk = sqlx::query("PRAGMA foreign_key_check").fetch_all(&mut **t).await?;
            for r in fk {
                let table: String = r.try_get(0)?;
                let rowid: Option<i64> = r.try_get(1)?;
                let parent: String = r.try_get(2)?;
                out.push(format!("{table} row {rowid:?} refers to a missing {parent}"));
            }
        }
        Tx::Postgres(t) => {
            let tables: Vec<String> = sqlx::query_scalar(
                "SELECT table_name::text FROM information_schema.tables WHERE table_schema = current_schema() \
                 AND table_type = 'BASE TABLE' ORDER BY 1",
            )
            .fetch_all(&mut **t)
            .await?;
            for table in tables {
                // Names come from the catalogue, quoted.
                let sql = format!("SELECT COUNT(*) FROM \"{}\"", table.replace('"', "\"\""));
                if let Err(e) = sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(sql))
                    .fetch_one(&mut **t)
                    .await
                {
                    out.push(format!("{table}: {e}"));
                }
            }
            let amcheck: Option<i32> = sqlx::query_scalar("SELECT 1 FROM pg_extension WHERE extname = 'amcheck'")
                .fetch_optional(&mut **t)
                .await?;
            if amcheck.is_some()
                && let Err(e) = sqlx::query(
                    "SELECT bt_index_check(c.oid) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid \
                     JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_am a ON a.oid = c.relam \
                     WHERE n.nspname = current_schema() AND a.amname = 'btree'",
                )
                .execute(&mut **t)
                .await
            {
                out.push(format!("amcheck: {e}"));
            }
        }
    }
    Ok(out)
}

/// A column as the schema-parity test sees it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct ColumnInfo {
    pub table: String,
    pub column: String,
    /// Type family: `integer`, `text`, `bool`, `date`, `timestamp`, `real`, `blob`.
    pub family: &'static str,
    pub nullable: bool,
}

fn family(t: &str) -> &'static str {
    let t = t.to_ascii_lowercase();
    if t.contains("int") {
        "integer"
    } else if t.contains("bool") {
        "bool"
    } else if t.starts_with("timestamp") || t == "datetime" {
        "timestamp"
    } else if t == "date" {
        "date"
    } else if t.contains("char") || t == "text" {
        "text"
    } else if t.contains("real") || t.contains("double") || t.contains("numeric") || t.contains("float") {
        "real"
    } else if t.contains("blob") || t == "bytea" {
        "blob"
    } else {
        "other"
    }
}

pub(crate) async fn describe_schema(pool: &PoolRef<'_>) -> Result<Vec<ColumnInfo>> {
    let rows: Vec<(String, String, String, bool)> = match pool {
        PoolRef::Sqlite(p) => sqlx::query(
            "SELECT m.name, c.name, c.type, c.\"notnull\" OR c.pk FROM sqlite_master m \
             JOIN pragma_table_info(m.name) c WHERE m.type = 'table' \
             AND m.name NOT LIKE 'sqlite_%' AND m.name NOT LIKE '_sqlx%'",
        )
        .fetch_all(*p)
        .await?
        .into_iter()
        .map(|r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?, r.try_get::<bool, _>(3)?)))
        .collect::<Result<_, sqlx::Error>>()?,
        PoolRef::Postgres(p, _) => sqlx::query(
            "SELECT table_name::text, column_name::text, data_type::text, is_nullable = 'NO' \
             FROM information_schema.columns WHERE table_schema = current_schema() \
             AND table_name NOT LIKE '_sqlx%'",
        )
        .fetch_all(*p)
        .await?
        .into_iter()
        .map(|r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?, r.try_get::<bool, _>(3)?)))
        .collect::<Result<_, sqlx::Error>>()?,
    };
    let mut out: Vec<ColumnInfo> = rows
        .into_iter()
        .map(|(table, column, ty, not_null)| ColumnInfo {
            table,
            column,
            family: family(&ty),
            nullable: !not_null,
        })
        .collect();
    out.sort();
    Ok(out)
}

pub(crate) async fn describe_indexes(pool: &PoolRef<'_>) -> Result<Vec<(String, String)>> {
    let mut rows: Vec<(String, String)> = match pool {
        PoolRef::Sqlite(p) => {
            sqlx::query_as("SELECT tbl_name, name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL")
                .fetch_all(*p)
                .await?
        }
        PoolRef::Postgres(p, _) => {
            sqlx::query_as(
                "SELECT tablename::text, indexname::text FROM pg_indexes WHERE schemaname = current_schema() \
             AND indexname NOT LIKE '%\\_pkey' AND indexname NOT LIKE '%\\_key'",
            )
            .fetch_all(*p)
            .await?
        }
    };
    rows.sort();
    Ok(rows)
}

/// SQLite: `VACUUM INTO` writes a consistent copy while others read and write.
/// PostgreSQL: `pg_dump --format=custom` of the current database (a consistent snapshot).
pub(crate) async fn backup(pool: &PoolRef<'_>, dest: &Path) -> Result<()> {
    if dest.exists() {
        return Err(StoreError::Io(format!("{} exists already", dest.display())));
    }
    let dest_s = dest
        .to_str()
        .ok_or_else(|| StoreError::Io("backup path is not UTF-8".into()))?;
    match pool {
        PoolRef::Sqlite(p) => {
            sqlx::query("VACUUM INTO $1").bind(dest_s).execute(*p).await?;
        }
        PoolRef::Postgres(_, env) => {
            let mut cmd = tokio::process::Command::new("pg_dump");
            cmd.arg("--format=custom").arg("--no-owner").arg("--file").arg(dest);
            env.apply(&mut cmd);
            let out = cmd
                .output()
                .await
                .map_err(|e| StoreError::Io(format!("pg_dump: {e}")))?;
            if !out.status.success() {
                return Err(StoreError::Io(format!(
                    "pg_dump failed: {}",
                    String::from_utf8_lossy(&out.stderr)
                )));
            }
        }
    }
    Ok(())
}

/// Makes writers of one kind of data take turns until the end of the transaction: a
/// PostgreSQL advisory lock keyed by `name`'s hash (later statements of the transaction then
/// see what the writer before committed); nothing on SQLite, whose write transactions
/// (`BEGIN IMMEDIATE`) already take turns. For rollups recomputed from their source inside
/// the writing transaction, where two overlapping writers would otherwise each sum without
/// the other's rows.
pub(crate) async fn take_turns(tx: &mut Tx, name: &str) -> Result<()> {
    if let Tx::Postgres(t) = tx {
        sqlx::query("SELECT pg_advisory_xact_lock(hashtext($1))")
            .bind(name)
            .execute(&mut **t)
            .await?;
    }
    Ok(())
}

/// Makes writers of the same items take turns until the end of the transaction (PostgreSQL;
/// SQLite's writers already take turns): each item's key (`base + id`) is locked in order,
/// under the shared lock of `base` itself — or, for more than `one_by_one` items, `base` alone
/// is locked exclusively, which waits for every writer of any item and keeps them waiting (so
/// a rebuild of thousands of items takes one lock, not thousands).
pub(crate) async fn take_turns_on(tx: &mut Tx, base: i64, ids: &[i64], one_by_one: usize) -> Result<()> {
    let Tx::Postgres(t) = tx else {
        return Ok(());
    };
    if ids.len() > one_by_one {
        sqlx::query("SELECT pg_advisory_xact_lock($1)")
            .bind(base)
            .execute(&mut **t)
            .await?;
        return Ok(());
    }
    sqlx::query("SELECT pg_advisory_xact_lock_shared($1)")
        .bind(base)
        .execute(&mut **t)
        .await?;
    let mut ids = ids.to_vec();
    ids.sort_unstable();
    ids.dedup();
    for id in ids {
        sqlx::query("SELECT pg_advisory_xact_lock($1)")
            .bind(base.wrapping_add(id).wrapping_add(1))
            .execute(&mut **t)
            .await?;
    }
    Ok(())
}

/// The text of a built query for SQLite: its `$1 … $n` placeholders, written once each and in
/// order by the builder, become anonymous `?`. SQLite binds `$n` by looking each name up in
/// the statement — a cost that grows with the parameters of a statement (a 16-row insert spent
/// a fifth of an import there) — while `?` binds by position. Text whose placeholders are not
/// exactly `$1 … $n` in order is left as it is.
pub(crate) fn sqlite_placeholders(text: String, n: usize) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut next = 1usize;
    let mut i = 0;
    let mut last = 0;
    while i < bytes.len() {
        if bytes[i] == b'$' {
            let digits = bytes[i + 1..].iter().take_while(|b| b.is_ascii_digit()).count();
            if digits > 0 {
                let k: usize = text[i + 1..i + 1 + digits].parse().unwrap_or(0);
                if k != next {
                    return text;
                }
                out.push_str(&text[last..i]);
                out.push('?');
                next += 1;
                i += 1 + digits;
                last = i;
                continue;
            }
        }
        i += 1;
    }
    if next != n + 1 {
        return text;
    }
    out.push_str(&text[last..]);
    out
}

/// The database's size on disk in bytes: SQLite's pages, PostgreSQL's `pg_database_size`.
pub async fn database_size(tx: &mut crate::Tx) -> Result<i64> {
    Ok(match tx {
        crate::Tx::Sqlite(c) => {
            sqlx::query_scalar::<_, i64>("SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()")
                .fetch_one(&mut **c)
                .await?
        }
        crate::Tx::Postgres(c) => {
            sqlx::query_scalar::<_, i64>("SELECT pg_database_size(current_database())")
                .fetch_one(&mut **c)
                .await?
        }
    })
}

/// The join that adds each child's (`c`) latest measurement as `m` (NULLs when it has none),
/// through the (child, day) index once a child: on SQLite the row of its latest day
/// (`MAX`, one a day by the unique index), on PostgreSQL `LATERAL … LIMIT 1`.
pub(crate) fn latest_measurement_join(tx: &Tx) -> &'static str {
    match tx.backend() {
        crate::Backend::Sqlite => {
            " LEFT JOIN measurements m ON m.child_id = c.id AND m.measured_on = \
             (SELECT MAX(x.measured_on) FROM measurements x WHERE x.child_id = c.id)"
        }
        crate::Backend::Postgres => {
            " LEFT JOIN LATERAL (SELECT x.* FROM measurements x WHERE x.child_id = c.id \
             ORDER BY x.measured_on DESC LIMIT 1) m ON TRUE"
        }
    }
}

/// The latest `n` measurements (whole rows) of each child in `child_ids`, in no order (the
/// caller orders them), in each engine's fastest shape (measured on the demo):
/// - SQLite: each child's `n`th latest day through the (child, day) index, looked up once a
///   child, then its rows from that day (15,000 children's latest: 21 ms in the engine, where
///   a lookup once a measurement took 80 ms); a window over the whole rows took 80 ms.
/// - PostgreSQL: each child's latest `n` rows through the same index (`LATERAL … LIMIT n`;
///   2.5 ms for 1,000 children's latest), where a window over their rows took 19–24 ms and a
///   correlated lookup once a row 220 ms.
pub(crate) fn latest_measurements(tx: &Tx, child_ids: &[i64], n: i64) -> crate::sql::Sql {
    use crate::sql::Sql;
    let n = n.clamp(1, 24);
    match tx.backend() {
        crate::Backend::Sqlite => {
            let mut q = Sql::new(
                "SELECT m.* FROM (SELECT c.id AS child_id, (SELECT x.measured_on FROM measurements x \
                 WHERE x.child_id = c.id ORDER BY x.measured_on DESC LIMIT 1 OFFSET ",
            );
            q.int(n - 1)
                .push(") AS since FROM children c WHERE c.id IN ")
                .int_list(child_ids)
                .push(
                    ") k JOIN measurements m ON m.child_id = k.child_id AND m.measured_on >= COALESCE(k.since, '0001-01-01')",
                );
            q
        }
        crate::Backend::Postgres => {
            let mut q = Sql::new(
                "SELECT m.* FROM children c CROSS JOIN LATERAL (SELECT x.* FROM measurements x \
                 WHERE x.child_id = c.id ORDER BY x.measured_on DESC LIMIT ",
            );
            q.int(n).push(") m WHERE c.id IN ").int_list(child_ids);
            q
        }
    }
}

/// Each child's latest measurement and its latest with a length among its latest `window`
/// (rows of `measurements`, in no order; [`crate::followup::latest_and_length`] keeps those
/// two of what it reads):
/// - SQLite: the two days looked up once a child through the (child, day) index, then their
///   rows: 1,600 children in 8 ms in the engine, 2,722 rows where the latest eight were 11,378.
/// - PostgreSQL: the latest `window` rows ([`latest_measurements`]; 1,600 children in 5–8 ms).
///   The same two lookups took 950 ms there (the planner ran them once a measurement), and a
///   `LATERAL` union of the two 14–23 ms.
pub(crate) fn latest_and_length(tx: &Tx, child_ids: &[i64], window: i64) -> crate::sql::Sql {
    use crate::sql::Sql;
    if tx.backend() == crate::Backend::Postgres {
        return latest_measurements(tx, child_ids, window);
    }
    let mut q = Sql::new(
        "SELECT m.* FROM (SELECT c.id AS child_id, \
         (SELECT MAX(x.measured_on) FROM measurements x WHERE x.child_id = c.id) AS latest, \
         (SELECT MAX(x.measured_on) FROM measurements x WHERE x.child_id = c.id AND x.height IS NOT NULL \
         AND x.measured_on >= COALESCE((SELECT y.measured_on FROM measurements y WHERE y.child_id = c.id \
         ORDER BY y.measured_on DESC LIMIT 1 OFFSET ",
    );
    q.int(window.clamp(1, 24) - 1)
        .push("), '0001-01-01')) AS length_on FROM children c WHERE c.id IN ")
        .int_list(child_ids)
        .push(
            ") k JOIN measurements m ON m.child_id = k.child_id \
             AND (m.measured_on = k.latest OR m.measured_on = k.length_on)",
        );
    q
}

/// Every row of `inner` as one JSON document on SQLite: `[[c1, c2, …], …]` ordered by `order`
/// (none when empty), built by the engine (`json_group_array`) and sent as one text. A row
/// handed from the driver costs about 1.5 µs on SQLite (each crosses from the connection's
/// thread to the runtime): 1,900 achievements took 3.7 ms as rows, where SQLite reads them in
/// 0.9 ms. `cols` and `order` name the columns of `inner`'s select list: texts, integers,
/// dates (ISO text), timestamps (as sqlx writes them: RFC 3339 text) and reals. Reals come
/// back to the last bit: SQLite's JSON writes 15 digits, so a real column is written with 17
/// (`%!.17g`) and passed through as that number. PostgreSQL builds JSON slowly and is read row by row instead
/// ([`crate::sql::fetch_json`]).
pub(crate) fn json_rows(inner: crate::sql::Sql, cols: &[crate::sql::Col], order: &str) -> crate::sql::Sql {
    let list = json_values(cols, "");
    let order = crate::sql::order_by(order)
        .map(|k| format!(" ORDER BY {k}"))
        .unwrap_or_default();
    // The head has no placeholders: the inner query's stay numbered as they are.
    let crate::sql::Sql { text, args, long_list } = inner;
    crate::sql::Sql {
        text: format!("SELECT json_group_array(json_array({list}){order}) FROM ({text}) j"),
        args,
        long_list,
    }
}

/// The JSON values of `cols` (named with `prefix`) for [`json_rows`]' arrays: a
/// [`crate::sql::Col::Maybe`] as a nested array, or null when its first column is NULL.
fn json_values(cols: &[crate::sql::Col], prefix: &str) -> String {
    use crate::sql::Col;
    cols.iter()
        .map(|c| match c {
            // A whole number as an integer (most counts are); any other with 17 digits.
            Col::Real(c) => format!(
                "CASE WHEN j.{prefix}{c} IS NULL THEN NULL WHEN j.{prefix}{c} = CAST(j.{prefix}{c} AS INTEGER) \
                 THEN CAST(j.{prefix}{c} AS INTEGER) ELSE json(printf('%!.17g', j.{prefix}{c})) END"
            ),
            Col::Plain(c) => format!("j.{prefix}{c}"),
            Col::Maybe(p, inner) => {
                let prefix = format!("{prefix}{p}");
                let mut names = Vec::new();
                Col::names(inner, &prefix, &mut names);
                let first = names.first().cloned().unwrap_or_default();
                format!(
                    "CASE WHEN j.{first} IS NULL THEN NULL ELSE json_array({}) END",
                    json_values(inner, &prefix)
                )
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The collation clause that orders texts by their bytes, as Rust compares strings: SQLite's
/// default (`BINARY`) already does; PostgreSQL's database collation (e.g. `en_US.UTF-8`) would
/// not, so `COLLATE "C"`.
pub(crate) fn byte_order(tx: &Tx) -> &'static str {
    match tx.backend() {
        crate::Backend::Sqlite => "",
        crate::Backend::Postgres => " COLLATE \"C\"",
    }
}

/// `ANALYZE` on PostgreSQL; nothing on SQLite (see [`crate::Store::refresh_statistics`]).
pub(crate) async fn refresh_statistics(pool: &PoolRef<'_>) -> Result<()> {
    if let PoolRef::Postgres(p, _) = pool {
        sqlx::query("ANALYZE").execute(*p).await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::{libpq_env, sqlite_placeholders};

    #[test]
    fn client_tools_get_the_password_through_the_environment() {
        let env = libpq_env("postgres://lintas:p%40ss%2Fw0rd@db.internal:6432/lintas_prod?sslmode=verify-full&sslrootcert=%2Fetc%2Fca.pem&connect_timeout=5")
            .unwrap_or_default();
        let get = |k: &str| env.0.iter().find(|(x, _)| *x == k).map(|(_, v)| v.as_str());
        assert_eq!(get("PGPASSWORD"), Some("p@ss/w0rd"));
        assert_eq!(get("PGUSER"), Some("lintas"));
        assert_eq!(get("PGHOST"), Some("db.internal"));
        assert_eq!(get("PGPORT"), Some("6432"));
        assert_eq!(get("PGDATABASE"), Some("lintas_prod"));
        assert_eq!(get("PGSSLMODE"), Some("verify-full"));
        assert_eq!(get("PGSSLROOTCERT"), Some("/etc/ca.pem"));
        let mut cmd = tokio::process::Command::new("pg_dump");
        env.apply(&mut cmd);
        let args: Vec<String> = cmd
            .as_std()
            .get_args()
            .map(|a| a.to_string_lossy().into_owned())
            .collect();
        assert_eq!(args, ["--no-password"], "nothing of the connection on the command line");
    }

    #[test]
    fn ordered_placeholders_become_anonymous() {
        assert_eq!(
            sqlite_placeholders("SELECT $1, $2 WHERE x = $3".into(), 3),
            "SELECT ?, ? WHERE x = ?"
        );
        assert_eq!(sqlite_placeholders("SELECT $2, $1".into(), 2), "SELECT $2, $1");
        assert_eq!(sqlite_placeholders("SELECT $1, $1".into(), 1), "SELECT $1, $1");
        assert_eq!(sqlite_placeholders("SELECT $1".into(), 2), "SELECT $1");
        assert_eq!(sqlite_placeholders("SELECT 1".into(), 0), "SELECT 1");
    }
}
