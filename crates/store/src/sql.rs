//! A tiny builder for the few queries whose shape depends on input (filters, `IN` lists):
//! the text gets `$n` placeholders in order and the values are bound in the same order, so
//! user input never reaches the SQL text.

use crate::{Result, Tx};
use domain::access::Area;
use sqlx::postgres::PgRow;
use sqlx::sqlite::SqliteRow;

#[derive(Debug, Clone)]
pub(crate) enum Arg {
    Text(String),
    Int(i64),
    Date(chrono::NaiveDate),
    Real(Option<f64>),
    OptText(Option<String>),
    Bool(bool),
    /// A point in time, bound as a timestamp on PostgreSQL.
    Timestamp(chrono::DateTime<chrono::Utc>),
}

#[derive(Debug, Default)]
pub(crate) struct Sql {
    pub text: String,
    pub args: Vec<Arg>,
    /// The query holds an `IN` list longer than [`LONG_LIST`]; see [`Sql::persistent`].
    pub long_list: bool,
}

/// An `IN` list longer than this makes the statement a one-shot one on PostgreSQL.
pub(crate) const LONG_LIST: usize = 64;

impl Sql {
    pub fn new(s: &str) -> Self {
        Self {
            text: s.to_string(),
            args: Vec::new(),
            long_list: false,
        }
    }
    /// Whether the driver keeps the statement prepared on the connection. Not for a query with
    /// a long `IN` list: PostgreSQL plans a kept statement generically after five runs, and a
    /// generic plan tests `x IN ($2, …, $159)` as a chain of comparisons per row (measured: a
    /// year of 158 desa's achievements, 1,878 rows, 9 ms generic, 3 ms planned for the values,
    /// where the list becomes a hashed constant array); and every list length is another text,
    /// which would push the statements used on every page out of the connection's cache.
    pub fn persistent(&self) -> bool {
        !self.long_list
    }
    pub fn push(&mut self, s: &str) -> &mut Self {
        self.text.push_str(s);
        self
    }
    /// Appends a placeholder for `a`.
    pub fn arg(&mut self, a: Arg) -> &mut Self {
        self.args.push(a);
        let n = self.args.len();
        self.text.push_str(&format!("${n}"));
        self
    }
    pub fn text(&mut self, s: impl Into<String>) -> &mut Self {
        self.arg(Arg::Text(s.into()))
    }
    pub fn int(&mut self, i: i64) -> &mut Self {
        self.arg(Arg::Int(i))
    }
    pub fn date(&mut self, d: chrono::NaiveDate) -> &mut Self {
        self.arg(Arg::Date(d))
    }
    pub fn real(&mut self, v: Option<f64>) -> &mut Self {
        self.arg(Arg::Real(v))
    }
    pub fn opt_text(&mut self, v: Option<String>) -> &mut Self {
        self.arg(Arg::OptText(v))
    }
    pub fn timestamp(&mut self, t: chrono::DateTime<chrono::Utc>) -> &mut Self {
        self.arg(Arg::Timestamp(t))
    }
    /// `(…, …)` list of text placeholders; `(NULL)` when empty so `IN` matches nothing.
    pub fn text_list(&mut self, items: &[String]) -> &mut Self {
        self.long_list |= items.len() > LONG_LIST;
        self.push("(");
        if items.is_empty() {
            self.push("NULL");
        }
        for (i, s) in items.iter().enumerate() {
            if i > 0 {
                self.push(",");
            }
            self.text(s.clone());
        }
        self.push(")")
    }
    pub fn int_list(&mut self, items: &[i64]) -> &mut Self {
        self.long_list |= items.len() > LONG_LIST;
        self.push("(");
        if items.is_empty() {
            self.push("NULL");
        }
        for (i, v) in items.iter().enumerate() {
            if i > 0 {
                self.push(",");
            }
            self.int(*v);
        }
        self.push(")")
    }

    /// Appends a condition restricting rows to `area`, given the row's organisation id column
    /// and region code column.
    pub fn area(&mut self, area: &Area, id_col: &str, region_col: &str) -> &mut Self {
        match area {
            Area::All => self.push("1 = 1"),
            Area::Nothing => self.push("1 = 0"),
            Area::Region(code) => {
                self.push(&format!("({region_col} = "));
                self.text(code.as_str());
                self.push(&format!(" OR {region_col} LIKE "));
                self.text(format!("{code}.%"));
                self.push(")")
            }
            Area::WilayahKerja {
                desa,
                kecamatan,
                orgs,
                foreign,
            } => {
                let mut regions = desa.clone();
                regions.extend(kecamatan.iter().cloned());
                self.push(&format!("(({id_col} IN "));
                self.int_list(orgs);
                self.push(&format!(" OR {region_col} IN "));
                self.text_list(&regions);
                self.push(")");
                if !foreign.is_empty() {
                    self.push(&format!(" AND {id_col} NOT IN "));
                    self.int_list(foreign);
                }
                self.push(")")
            }
            Area::Orgs(ids) => {
                self.push(&format!("{id_col} IN "));
                self.int_list(ids)
            }
        }
    }
}

macro_rules! bind_args {
    ($q:expr, $args:expr) => {{
        let mut q = $q;
        for a in $args {
            q = match a {
                $crate::sql::Arg::Text(s) => q.bind(s),
                $crate::sql::Arg::Int(i) => q.bind(i),
                $crate::sql::Arg::Date(d) => q.bind(d),
                $crate::sql::Arg::Real(v) => q.bind(v),
                $crate::sql::Arg::OptText(v) => q.bind(v),
                $crate::sql::Arg::Bool(v) => q.bind(v),
                $crate::sql::Arg::Timestamp(v) => q.bind(v),
            };
        }
        q
    }};
}

pub(crate) async fn fetch_all<T>(tx: &mut Tx, sql: Sql) -> Result<Vec<T>>
where
    T: for<'r> sqlx::FromRow<'r, SqliteRow> + for<'r> sqlx::FromRow<'r, PgRow> + Send + Unpin,
{
    let persistent = sql.persistent();
    let Sql { text, args, .. } = sql;
    let text = match tx {
        Tx::Sqlite(_) => crate::dialect::sqlite_placeholders(text, args.len()),
        Tx::Postgres(_) => text,
    };
    Ok(match tx {
        Tx::Sqlite(t) => {
            bind_args!(sqlx::query_as::<_, T>(sqlx::AssertSqlSafe(text)), args)
                .fetch_all(&mut **t)
                .await?
        }
        Tx::Postgres(t) => {
            bind_args!(sqlx::query_as::<_, T>(sqlx::AssertSqlSafe(text)), args)
                .persistent(persistent)
                .fetch_all(&mut **t)
                .await?
        }
    })
}

/// A column of a read as one JSON document ([`fetch_json`]): a real is written exactly.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Col<'a> {
    Plain(&'a str),
    Real(&'a str),
    /// The columns of a left-joined row as one nested array, each named with the prefix
    /// (`m_id` for `Plain("id")` under `"m_"`), or null when the first is NULL (no row joined).
    Maybe(&'a str, &'a [Col<'a>]),
}

impl Col<'_> {
    /// The select-list names of `cols` in order, nested groups flattened with their prefixes.
    pub(crate) fn names(cols: &[Col<'_>], prefix: &str, out: &mut Vec<String>) {
        for c in cols {
            match c {
                Col::Plain(n) | Col::Real(n) => out.push(format!("{prefix}{n}")),
                Col::Maybe(p, inner) => Col::names(inner, &format!("{prefix}{p}"), out),
            }
        }
    }
}

/// Every row of `sql` as `T`, which deserialises from the array of `cols` (a tuple, or a struct
/// with its fields in that order; `sql` may select more columns), ordered by `order` (none
/// when empty): for reads of thousands of rows. `what` names the read in the error when a row
/// does not decode.
///
/// On SQLite the engine builds one JSON document ([`crate::dialect::json_rows`]): a row handed
/// from the driver costs more than SQLite's own read of it. On PostgreSQL the rows are read as
/// they are and each is turned into the same array here: there the driver's binary rows are
/// cheap, while building JSON is not (5,634 achievements: 2.2 ms to read, 7.2 ms more for
/// `json_build_array`; `string_agg` or `json_agg` of the row were no better).
pub(crate) async fn fetch_json<T>(tx: &mut Tx, sql: Sql, cols: &[Col<'_>], order: &str, what: &str) -> Result<Vec<T>>
where
    T: serde::de::DeserializeOwned,
{
    let corrupt = |e: String| crate::StoreError::Corrupt {
        column: what.to_string(),
        kind: "row",
        value: e,
    };
    if let Tx::Postgres(t) = tx {
        let persistent = sql.persistent();
        let Sql { text, args, .. } = sql;
        // The columns by name, in the order `pg_json_row` reads them by place.
        let mut names = Vec::new();
        Col::names(cols, "", &mut names);
        let list = names.iter().map(|n| format!("j.{n}")).collect::<Vec<_>>().join(", ");
        let keys = order_by(order).map(|k| format!(" ORDER BY {k}")).unwrap_or_default();
        let text = format!("SELECT {list} FROM ({text}) j{keys}");
        let rows = bind_args!(sqlx::query(sqlx::AssertSqlSafe(text)), args)
            .persistent(persistent)
            .fetch_all(&mut **t)
            .await?;
        return rows
            .iter()
            .map(|r| {
                let v = pg_json_row(r, cols, &mut 0)
                    .map(serde_json::Value::Array)
                    .map_err(|e| corrupt(e.to_string()))?;
                serde_json::from_value(v).map_err(|e| corrupt(e.to_string()))
            })
            .collect();
    }
    let q = crate::dialect::json_rows(sql, cols, order);
    let doc = fetch_texts(tx, q).await?.into_iter().next().unwrap_or_default();
    if doc.is_empty() {
        return Ok(Vec::new());
    }
    serde_json::from_str(&doc).map_err(|e| corrupt(e.to_string()))
}

/// `j.a, j.b` of an `order` of `a, b` (column names of the store's own, never input); `None`
/// when empty.
pub(crate) fn order_by(order: &str) -> Option<String> {
    (!order.trim().is_empty()).then(|| {
        order
            .split(',')
            .map(|c| format!("j.{}", c.trim()))
            .collect::<Vec<_>>()
            .join(", ")
    })
}

/// One PostgreSQL row as the JSON array SQLite's document holds for it: texts, integers,
/// dates as ISO text, timestamps as RFC 3339 text, reals exact (binary), NULL as null, a
/// [`Col::Maybe`] as a nested array or null; `i` is the next column's place in the row.
fn pg_json_row(r: &PgRow, cols: &[Col<'_>], i: &mut usize) -> std::result::Result<Vec<serde_json::Value>, sqlx::Error> {
    use serde_json::Value;
    use sqlx::{Column, Row, TypeInfo};
    let mut out = Vec::with_capacity(cols.len());
    for col in cols {
        if let Col::Maybe(_, inner) = col {
            let group = pg_json_row(r, inner, i)?;
            let joined = group.first().is_some_and(|v| !v.is_null());
            out.push(if joined { Value::Array(group) } else { Value::Null });
            continue;
        }
        let at = *i;
        *i += 1;
        let i = at;
        let real = |v: Option<f64>| {
            v.and_then(serde_json::Number::from_f64)
                .map_or(Value::Null, Value::Number)
        };
        let v = match col {
            Col::Maybe(..) => Value::Null,
            Col::Real(_) => real(r.try_get::<Option<f64>, _>(i)?),
            Col::Plain(_) => match r.column(i).type_info().name() {
                "TEXT" | "VARCHAR" | "BPCHAR" | "NAME" => {
                    r.try_get::<Option<String>, _>(i)?.map_or(Value::Null, Value::String)
                }
                "INT8" => r.try_get::<Option<i64>, _>(i)?.map_or(Value::Null, Value::from),
                "INT4" => r.try_get::<Option<i32>, _>(i)?.map_or(Value::Null, Value::from),
                "INT2" => r.try_get::<Option<i16>, _>(i)?.map_or(Value::Null, Value::from),
                "BOOL" => r.try_get::<Option<bool>, _>(i)?.map_or(Value::Null, Value::Bool),
                "FLOAT8" => real(r.try_get::<Option<f64>, _>(i)?),
                "DATE" => r
                    .try_get::<Option<chrono::NaiveDate>, _>(i)?
                    .map_or(Value::Null, |d| Value::String(d.format("%Y-%m-%d").to_string())),
                "TIMESTAMPTZ" => r
                    .try_get::<Option<chrono::DateTime<chrono::Utc>>, _>(i)?
                    .map_or(Value::Null, |t| Value::String(t.to_rfc3339())),
                other => {
                    return Err(sqlx::Error::ColumnDecode {
                        index: r.column(i).name().to_string(),
                        source: format!("type {other} is not read as JSON").into(),
                    });
                }
            },
        };
        out.push(v);
    }
    Ok(out)
}

/// The one integer a query returns (a count).
pub(crate) async fn fetch_scalar_i64(tx: &mut Tx, sql: Sql) -> Result<i64> {
    fetch_ints(tx, sql)
        .await?
        .first()
        .copied()
        .ok_or(crate::StoreError::NotFound)
}

pub(crate) async fn execute(tx: &mut Tx, sql: Sql) -> Result<u64> {
    let persistent = sql.persistent();
    let Sql { text, args, .. } = sql;
    let text = match tx {
        Tx::Sqlite(_) => crate::dialect::sqlite_placeholders(text, args.len()),
        Tx::Postgres(_) => text,
    };
    Ok(match tx {
        Tx::Sqlite(t) => bind_args!(sqlx::query(sqlx::AssertSqlSafe(text)), args)
            .execute(&mut **t)
            .await?
            .rows_affected(),
        Tx::Postgres(t) => bind_args!(sqlx::query(sqlx::AssertSqlSafe(text)), args)
            .persistent(persistent)
            .execute(&mut **t)
            .await?
            .rows_affected(),
    })
}

/// The first column of every row, an integer.
pub(crate) async fn fetch_ints(tx: &mut Tx, sql: Sql) -> Result<Vec<i64>> {
    fetch_column::<i64>(tx, sql).await
}

/// The first column of every row, a text.
pub(crate) async fn fetch_texts(tx: &mut Tx, sql: Sql) -> Result<Vec<String>> {
    fetch_column::<String>(tx, sql).await
}

async fn fetch_column<T>(tx: &mut Tx, sql: Sql) -> Result<Vec<T>>
where
    T: for<'r> sqlx::Decode<'r, sqlx::Sqlite>
        + sqlx::Type<sqlx::Sqlite>
        + for<'r> sqlx::Decode<'r, sqlx::Postgres>
        + sqlx::Type<sqlx::Postgres>
        + Send
        + Unpin,
{
    let persistent = sql.persistent();
    let Sql { text, args, .. } = sql;
    let text = match tx {
        Tx::Sqlite(_) => crate::dialect::sqlite_placeholders(text, args.len()),
        Tx::Postgres(_) => text,
    };
    Ok(match tx {
        Tx::Sqlite(t) => {
            bind_args!(sqlx::query_scalar::<_, T>(sqlx::AssertSqlSafe(text)), args)
                .fetch_all(&mut **t)
                .await?
        }
        Tx::Postgres(t) => {
            bind_args!(sqlx::query_scalar::<_, T>(sqlx::AssertSqlSafe(text)), args)
                .persistent(persistent)
                .fetch_all(&mut **t)
                .await?
        }
    })
}

/// Rows of a text key followed by integer columns (sums), for grouped tallies. A column that
/// does not decode as an integer is an error, not a zero.
pub(crate) async fn fetch_rows(tx: &mut Tx, sql: Sql) -> Result<Vec<(String, Vec<i64>)>> {
    use sqlx::Row;
    let persistent = sql.persistent();
    let Sql { text, args, .. } = sql;
    let text = match tx {
        Tx::Sqlite(_) => crate::dialect::sqlite_placeholders(text, args.len()),
        Tx::Postgres(_) => text,
    };
    let out: std::result::Result<Vec<(String, Vec<i64>)>, sqlx::Error> = match tx {
        Tx::Sqlite(t) => bind_args!(sqlx::query(sqlx::AssertSqlSafe(text)), args)
            .fetch_all(&mut **t)
            .await?
            .iter()
            .map(|r| {
                let key: String = r.try_get(0)?;
                let vals = (1..r.len())
                    .map(|i| r.try_get::<i64, _>(i))
                    .collect::<std::result::Result<_, _>>()?;
                Ok((key, vals))
            })
            .collect(),
        Tx::Postgres(t) => bind_args!(sqlx::query(sqlx::AssertSqlSafe(text)), args)
            .persistent(persistent)
            .fetch_all(&mut **t)
            .await?
            .iter()
            .map(|r| {
                let key: String = r.try_get(0)?;
                let vals = (1..r.len())
                    .map(|i| r.try_get::<i64, _>(i))
                    .collect::<std::result::Result<_, _>>()?;
                Ok((key, vals))
            })
            .collect(),
    };
    Ok(out?)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::{Col, LONG_LIST, Sql, fetch_json};

    #[test]
    fn a_long_in_list_makes_a_one_shot_statement() {
        let short: Vec<i64> = (0..LONG_LIST as i64).collect();
        let long: Vec<String> = (0..=LONG_LIST).map(|i| i.to_string()).collect();
        let mut q = Sql::new("SELECT 1 WHERE 1 IN ");
        q.int_list(&short);
        assert!(q.persistent(), "a list of {LONG_LIST} stays a kept statement");
        q.push(" AND '1' IN ").text_list(&long);
        assert!(!q.persistent(), "a list of {} does not", LONG_LIST + 1);
        assert_eq!(q.args.len(), 2 * LONG_LIST + 1);
    }

    /// PostgreSQL's rows through `fetch_json` (`pg_json_row`), for the column types no store
    /// read passes yet: small integers, booleans and NULLs come back as SQLite's document would
    /// hold them, and a type it does not know (NUMERIC) fails the read, naming the column.
    /// Needs the test PostgreSQL (`LINTAS_TEST_POSTGRES_URL`); in CI its absence fails.
    #[tokio::test]
    async fn postgres_rows_become_the_same_arrays() {
        let url = std::env::var("LINTAS_TEST_POSTGRES_URL")
            .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".to_string());
        let store = match crate::Store::connect(&url).await {
            Ok(s) => s,
            Err(e) => {
                let ci = std::env::var("CI").is_ok_and(|v| v == "true" || v == "1");
                assert!(!ci, "PostgreSQL is required in CI but {url} cannot be reached: {e}");
                eprintln!("note: skipped, {url} cannot be reached: {e}");
                return;
            }
        };
        let mut tx = store.read().await.unwrap();
        let q = Sql::new(
            "SELECT CAST(-2 AS SMALLINT) AS a, TRUE AS b, CAST(NULL AS BOOLEAN) AS c, CAST(NULL AS SMALLINT) AS d, \
             CAST(7 AS INTEGER) AS e, 'x' AS f",
        );
        let cols = ["a", "b", "c", "d", "e", "f"].map(Col::Plain);
        type Probe = (i16, bool, Option<bool>, Option<i16>, i32, String);
        let got: Vec<Probe> = fetch_json(&mut tx, q, &cols, "", "probe").await.unwrap();
        assert_eq!(got, [(-2, true, None, None, 7, "x".to_string())]);
        let q = Sql::new("SELECT CAST(1.5 AS NUMERIC) AS amount");
        let err = fetch_json::<(f64,)>(&mut tx, q, &[Col::Plain("amount")], "", "probe")
            .await
            .unwrap_err()
            .to_string();
        assert!(err.contains("NUMERIC") && err.contains("amount"), "{err}");
        drop(tx);
        store.close().await;
    }
}
