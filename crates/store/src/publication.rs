//! Public figures: each district's publication settings (migration 0016) and the monthly
//! tallies of a province by desa that the public pages are computed from.

use crate::nutrition::{TALLY_COLUMNS, tally_from};
use crate::sql::{self, Sql};
use crate::{Result, StoreError, Tx, now, on_tx};
use chrono::{DateTime, NaiveDate, Utc};
use domain::nutrition::Tally;
use domain::publication::{Settings, Thresholds};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct SettingsRow {
    pub district_code: String,
    pub stunting: bool,
    pub wasting: bool,
    pub underweight: bool,
    pub min_measured: i64,
    pub min_cases: i64,
    pub updated_by: Option<String>,
    pub updated_at: DateTime<Utc>,
}

impl SettingsRow {
    fn settings(&self, indicators: Vec<String>) -> Settings {
        Settings {
            stunting: self.stunting,
            wasting: self.wasting,
            underweight: self.underweight,
            thresholds: Thresholds {
                min_measured: self.min_measured,
                min_cases: self.min_cases,
            },
            indicators,
        }
    }
}

/// The stored settings of the districts whose code starts with `prefix` (a province `15`, or
/// one district `15.03`), with their published indicators; districts without a row are absent
/// (they publish the defaults).
pub async fn settings(tx: &mut Tx, prefix: &str) -> Result<Vec<(String, Settings)>> {
    let like = format!("{prefix}%");
    let rows: Vec<SettingsRow> = on_tx!(tx, c => sqlx::query_as(
        "SELECT district_code, stunting, wasting, underweight, min_measured, min_cases, updated_by, updated_at \
         FROM publication_settings WHERE district_code LIKE $1 ORDER BY district_code",
    )
    .bind(&like)
    .fetch_all(c)
    .await?);
    let indicators: Vec<(String, String)> = on_tx!(tx, c => sqlx::query_as(
        "SELECT district_code, indicator_code FROM publication_indicators WHERE district_code LIKE $1 \
         ORDER BY district_code, indicator_code",
    )
    .bind(&like)
    .fetch_all(c)
    .await?);
    Ok(rows
        .into_iter()
        .map(|r| {
            let mine = indicators
                .iter()
                .filter(|(d, _)| *d == r.district_code)
                .map(|(_, i)| i.clone())
                .collect();
            (r.district_code.clone(), r.settings(mine))
        })
        .collect())
}

/// Stores a district's settings (replacing its published indicators).
pub async fn save(tx: &mut Tx, district: &str, s: &Settings, by: &str) -> Result<()> {
    let t = now();
    on_tx!(tx, c => sqlx::query(
        "INSERT INTO publication_settings \
         (district_code, stunting, wasting, underweight, min_measured, min_cases, updated_by, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
         ON CONFLICT (district_code) DO UPDATE SET stunting = excluded.stunting, wasting = excluded.wasting, \
         underweight = excluded.underweight, min_measured = excluded.min_measured, \
         min_cases = excluded.min_cases, updated_by = excluded.updated_by, updated_at = excluded.updated_at",
    )
    .bind(district)
    .bind(s.stunting)
    .bind(s.wasting)
    .bind(s.underweight)
    .bind(s.thresholds.min_measured)
    .bind(s.thresholds.min_cases)
    .bind(by)
    .bind(t)
    .execute(c)
    .await?
    .rows_affected());
    on_tx!(tx, c => sqlx::query("DELETE FROM publication_indicators WHERE district_code = $1")
        .bind(district)
        .execute(c)
        .await?
        .rows_affected());
    for code in &s.indicators {
        on_tx!(tx, c => sqlx::query(
            "INSERT INTO publication_indicators (district_code, indicator_code) VALUES ($1, $2)",
        )
        .bind(district)
        .bind(code)
        .execute(c)
        .await?
        .rows_affected());
    }
    Ok(())
}

/// The tallies of every desa of `province` per month from `from` to `to` (first days, both
/// included): (month, desa code, tally), by month then desa. One query for the whole tree a
/// public page is cut from.
pub async fn desa_months(
    tx: &mut Tx,
    province: &str,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<(NaiveDate, String, Tally)>> {
    let sums: Vec<String> = TALLY_COLUMNS
        .iter()
        .map(|c| format!("CAST(COALESCE(SUM(n.{c}), 0) AS BIGINT) AS {c}"))
        .collect();
    let mut q = Sql::new(&format!(
        "SELECT CAST(n.month AS TEXT) || '|' || n.desa_code AS k, {} FROM nutrition_months n WHERE n.month >= ",
        sums.join(", ")
    ));
    q.date(from)
        .push(" AND n.month <= ")
        .date(to)
        .push(" AND n.desa_code LIKE ")
        .text(format!("{province}.%"));
    q.push(" GROUP BY n.month, n.desa_code ORDER BY n.month, n.desa_code");
    let rows = sql::fetch_rows(tx, q).await?;
    rows.into_iter()
        .map(|(k, vals)| {
            let (m, desa) = k.split_once('|').unwrap_or((&k, ""));
            let day = m.get(..10).unwrap_or(m);
            NaiveDate::parse_from_str(day, "%Y-%m-%d")
                .map(|m| (m, desa.to_string(), tally_from(&vals)))
                .map_err(|_| StoreError::Corrupt {
                    column: "nutrition_months.month".into(),
                    kind: "date",
                    value: k.clone(),
                })
        })
        .collect()
}

/// The districts (`PP.KK`) with any tally, for the public index.
pub async fn districts_with_data(tx: &mut Tx) -> Result<Vec<String>> {
    sql::fetch_texts(
        tx,
        Sql::new("SELECT DISTINCT SUBSTR(desa_code, 1, 5) FROM nutrition_months WHERE measured > 0 ORDER BY 1"),
    )
    .await
}
