//! The Kemendagri region tree: bulk load, lookup, children, forgiving search.

use crate::{Result, Tx, on_tx};
use chrono::{DateTime, Utc};
use domain::region::RegionQuery;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct Region {
    pub code: String,
    pub parent_code: Option<String>,
    pub level: i16,
    #[sqlx(try_from = "crate::decode::Checked<domain::region::RegionKind>")]
    pub kind: domain::region::RegionKind,
    pub name: String,
    pub postal_code: Option<String>,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Edition {
    pub decree: String,
    pub source: String,
    pub provinces: i64,
    pub regencies: i64,
    pub districts: i64,
    pub villages: i64,
    pub loaded_at: DateTime<Utc>,
}

const COLS: &str = "code, parent_code, level, kind, name, postal_code";

/// Number of regions at levels 1–4.
pub async fn count_by_level(tx: &mut Tx) -> Result<[i64; 4]> {
    let rows: Vec<(i16, i64)> = on_tx!(tx, c => sqlx::query_as(
        "SELECT level, COUNT(*) FROM regions GROUP BY level ORDER BY level",
    )
    .fetch_all(c)
    .await?);
    let mut out = [0; 4];
    for (level, n) in rows {
        if let Some(slot) = usize::try_from(level)
            .ok()
            .and_then(|l| l.checked_sub(1))
            .and_then(|i| out.get_mut(i))
        {
            *slot = n;
        }
    }
    Ok(out)
}

pub async fn insert_edition(tx: &mut Tx, e: &Edition) -> Result<()> {
    on_tx!(tx, c => sqlx::query(
        "INSERT INTO region_editions (decree, source, provinces, regencies, districts, villages, loaded_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(&e.decree)
    .bind(&e.source)
    .bind(e.provinces)
    .bind(e.regencies)
    .bind(e.districts)
    .bind(e.villages)
    .bind(e.loaded_at)
    .execute(c)
    .await?
    .rows_affected());
    Ok(())
}

pub async fn latest_edition(tx: &mut Tx) -> Result<Option<Edition>> {
    on_tx!(tx, c => Ok(sqlx::query_as(
        "SELECT decree, source, provinces, regencies, districts, villages, loaded_at \
         FROM region_editions ORDER BY id DESC LIMIT 1",
    )
    .fetch_optional(c)
    .await?))
}

pub async fn get(tx: &mut Tx, code: &str) -> Result<Option<Region>> {
    let sql = sqlx::AssertSqlSafe(format!("SELECT {COLS} FROM regions WHERE code = $1"));
    on_tx!(tx, c => Ok(sqlx::query_as(sql).bind(code).fetch_optional(c).await?))
}

/// Regions whose codes are in `codes` (e.g. the ancestors of a search hit), any order.
pub async fn get_many(tx: &mut Tx, codes: &[String]) -> Result<Vec<Region>> {
    if codes.is_empty() {
        return Ok(Vec::new());
    }
    let placeholders: Vec<String> = (1..=codes.len()).map(|i| format!("${i}")).collect();
    let sql = format!("SELECT {COLS} FROM regions WHERE code IN ({})", placeholders.join(","));
    on_tx!(tx, c => {
        let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql));
        for code in codes {
            q = q.bind(code);
        }
        Ok(q.fetch_all(c).await?)
    })
}

/// Direct children of `parent` (provinces when `None`), by code.
pub async fn children(tx: &mut Tx, parent: Option<&str>) -> Result<Vec<Region>> {
    match parent {
        Some(p) => {
            let sql = sqlx::AssertSqlSafe(format!(
                "SELECT {COLS} FROM regions WHERE parent_code = $1 ORDER BY code"
            ));
            on_tx!(tx, c => Ok(sqlx::query_as(sql).bind(p).fetch_all(c).await?))
        }
        None => {
            let sql = sqlx::AssertSqlSafe(format!("SELECT {COLS} FROM regions WHERE level = 1 ORDER BY code"));
            on_tx!(tx, c => Ok(sqlx::query_as(sql).fetch_all(c).await?))
        }
    }
}

/// Searches by code prefix or by name key (letters and digits only, so no LIKE metacharacter
/// can reach the pattern). Names that start with the query rank first, then higher levels.
pub async fn search(
    tx: &mut Tx,
    q: &RegionQuery,
    level: Option<i16>,
    within: Option<&str>,
    limit: i64,
) -> Result<Vec<Region>> {
    let (cond, arg) = match q {
        RegionQuery::Empty => return Ok(Vec::new()),
        RegionQuery::CodePrefix(p) => ("code LIKE $1", format!("{p}%")),
        RegionQuery::Name(k) => ("name_key LIKE $1", format!("%{k}%")),
    };
    let starts = match q {
        RegionQuery::Name(k) => format!("{k}%"),
        _ => String::new(),
    };
    let sql = sqlx::AssertSqlSafe(format!(
        "SELECT {COLS} FROM regions WHERE {cond} AND ($2 IS NULL OR level = $2) \
         AND ($3 IS NULL OR code = $3 OR code LIKE $4) \
         ORDER BY CASE WHEN name_key = $5 THEN 0 WHEN name_key LIKE $6 THEN 1 ELSE 2 END, level, code LIMIT $7"
    ));
    let exact = match q {
        RegionQuery::Name(k) => k.clone(),
        _ => String::new(),
    };
    let within_like = within.map(|w| format!("{w}.%"));
    on_tx!(tx, c => Ok(sqlx::query_as(sql)
        .bind(arg)
        .bind(level)
        .bind(within)
        .bind(within_like)
        .bind(exact)
        .bind(starts)
        .bind(limit)
        .fetch_all(c)
        .await?))
}
