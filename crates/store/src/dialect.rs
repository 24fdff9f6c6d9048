//! The one place that knows SQLite from PostgreSQL: bulk loading, schema introspection and
//! backups. Everything else in the store is one query body for both.

use crate::{Result, StoreError, Tx};
use sqlx::{PgPool, Row, SqlitePool};
use std::path::Path;

pub(crate) enum PoolRef<'a> {
    Sqlite(&'a SqlitePool),
    Postgres(&'a PgPool),
}

/// One row of a bulk region load.
pub struct RegionRow {
    pub code: String,
    pub parent_code: Option<String>,
    pub level: i16,
    pub kind: &'static str,
    pub name: String,
    pub name_key: String,
    pub postal_code: Option<String>,
}

/// Inserts many regions fast: multi-row `INSERT` batches on SQLite (its parameter limit is
/// 32,766), one `UNNEST` of arrays on PostgreSQL.
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
        PoolRef::Postgres(p) => sqlx::query(
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
        PoolRef::Postgres(p) => {
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
        PoolRef::Postgres(p) => {
            let opts = p.connect_options();
            let mut cmd = tokio::process::Command::new("pg_dump");
            cmd.arg("--format=custom")
                .arg("--no-owner")
                .arg("--file")
                .arg(dest)
                .arg("--host")
                .arg(opts.get_host())
                .arg("--port")
                .arg(opts.get_port().to_string())
                .arg("--username")
                .arg(opts.get_username());
            if let Some(db) = opts.get_database() {
                cmd.arg("--dbname").arg(db);
            }
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

#[cfg(test)]
mod tests {
    use super::sqlite_placeholders;

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
