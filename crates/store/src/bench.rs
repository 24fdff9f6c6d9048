//! Generated national-scale data for `lintas bench rollup` and `lintas bench coverage
//! --national` (PostgreSQL only: the scale where Lintas runs on PostgreSQL, not SQLite), and
//! the district `lintas bench coverage` generates on either database. Every row is marked so a
//! benchmark database is not mistaken for a real one: Posyandu and Puskesmas codes start with
//! `BENCH-`, children, measurements, sasaran and achievements are created by `bench`.

use crate::{Result, StoreError, Tx};
use chrono::NaiveDate;

const NEEDS_PG: &str = "generated national-scale data needs PostgreSQL";

/// Adds one generated Posyandu to every desa of `province_prefix` ("" for all of Indonesia)
/// that has none yet, and returns how many the database holds.
pub async fn posyandu(tx: &mut Tx, province_prefix: &str) -> Result<i64> {
    let Tx::Postgres(t) = tx else {
        return Err(StoreError::Unsupported(NEEDS_PG));
    };
    sqlx::query(
        "INSERT INTO organizations (code, name, name_key, kind, sector, region_code, created_at, updated_at) \
         SELECT 'BENCH-' || r.code, 'Posyandu ' || r.name, lower('posyandu ' || r.name), 'posyandu', 'health', r.code, \
         now(), now() FROM regions r WHERE r.level = 4 AND r.code LIKE $1 || '%' \
         ON CONFLICT (code) DO NOTHING",
    )
    .bind(province_prefix)
    .execute(&mut **t)
    .await?;
    Ok(
        sqlx::query_scalar("SELECT COUNT(*) FROM organizations WHERE code LIKE 'BENCH-%'")
            .fetch_one(&mut **t)
            .await?,
    )
}

/// Registers `per_posyandu` generated children at every generated Posyandu, born so that they
/// are under five for the `months` months from `first`; returns how many were added.
pub async fn children(tx: &mut Tx, per_posyandu: i64, first: NaiveDate) -> Result<u64> {
    let Tx::Postgres(t) = tx else {
        return Err(StoreError::Unsupported(NEEDS_PG));
    };
    sqlx::query("SELECT setseed(0.42)").execute(&mut **t).await?;
    Ok(sqlx::query(
        "INSERT INTO children (name, name_key, sex, birth_date, posyandu_id, desa_code, has_kia, created_by, \
         created_at, updated_at) \
         SELECT 'Anak ' || o.id || '-' || g, 'anak ' || o.id || '-' || g, \
         CASE WHEN random() < 0.5 THEN 'L' ELSE 'P' END, $2::date - (30 + floor(random() * 1000))::int, \
         o.id, o.region_code, random() < 0.8, 'bench', now(), now() \
         FROM organizations o CROSS JOIN generate_series(1, $1) g WHERE o.code LIKE 'BENCH-%' \
         AND NOT EXISTS (SELECT 1 FROM children c WHERE c.posyandu_id = o.id)",
    )
    .bind(per_posyandu)
    .bind(first)
    .execute(&mut **t)
    .await?
    .rows_affected())
}

/// One monthly measurement of every generated child in the month `month` (weights growing,
/// length-for-age z-scores spread so that about one child in five is stunted); returns how
/// many were added.
pub async fn measurements(tx: &mut Tx, month: NaiveDate) -> Result<u64> {
    let Tx::Postgres(t) = tx else {
        return Err(StoreError::Unsupported(NEEDS_PG));
    };
    Ok(sqlx::query(
        "INSERT INTO measurements (child_id, posyandu_id, desa_code, measured_on, month, age_days, weight, height, \
         position, oedema, haz, waz, whz, haz_flag, waz_flag, whz_flag, source, created_by, created_at, updated_at) \
         SELECT c.id, c.posyandu_id, c.desa_code, d.on, $1::date, d.on - c.birth_date, \
         round((3.3 + 9 * ln(1 + (d.on - c.birth_date) / 182.6) + random() * 0.4)::numeric, 1)::float8, \
         round((50 + 25 * ln(1 + (d.on - c.birth_date) / 121.75) + random() * 2)::numeric, 1)::float8, 'H', FALSE, \
         round(((random() + random() + random() - 1.5) * 2 - 0.9)::numeric, 2)::float8, \
         round(((random() + random() + random() - 1.5) * 2 - 0.7)::numeric, 2)::float8, \
         round(((random() + random() + random() - 1.5) * 2 - 0.3)::numeric, 2)::float8, \
         FALSE, FALSE, FALSE, 'bench', 'bench', now(), now() \
         FROM children c CROSS JOIN LATERAL (SELECT ($1::date + (c.id % 20)::int) AS on) d \
         WHERE c.created_by = 'bench' AND c.birth_date <= d.on",
    )
    .bind(month)
    .execute(&mut **t)
    .await?
    .rows_affected())
}

/// The generated Posyandu, by id.
pub async fn posyandu_ids(tx: &mut Tx) -> Result<Vec<i64>> {
    let q = crate::sql::Sql::new("SELECT id FROM organizations WHERE code LIKE 'BENCH-%' ORDER BY id");
    crate::sql::fetch_ints(tx, q).await
}

/// The stunted count of every province in `month`, counted from the measurements themselves
/// (the latest of each child in the month) instead of the monthly tallies: the baseline the
/// tallies are measured against.
pub async fn stunted_from_measurements(tx: &mut Tx, month: NaiveDate) -> Result<Vec<(String, i64)>> {
    let Tx::Postgres(t) = tx else {
        return Err(StoreError::Unsupported(NEEDS_PG));
    };
    let rows: Vec<(String, i64)> = sqlx::query_as(
        "SELECT SUBSTR(m.desa_code, 1, 2), COUNT(*) FILTER (WHERE m.haz < -2 AND NOT m.haz_flag) \
         FROM measurements m WHERE m.month = $1 AND m.measured_on = (SELECT MAX(x.measured_on) FROM measurements x \
         WHERE x.child_id = m.child_id AND x.month = $1) GROUP BY 1 ORDER BY 1",
    )
    .bind(month)
    .fetch_all(&mut **t)
    .await?;
    Ok(rows)
}

/// Refreshes PostgreSQL's statistics after a bulk load (autovacuum would, later).
pub async fn analyze(tx: &mut Tx) -> Result<()> {
    let Tx::Postgres(t) = tx else {
        return Err(StoreError::Unsupported(NEEDS_PG));
    };
    for table in ["children", "measurements", "nutrition_months"] {
        sqlx::query(sqlx::AssertSqlSafe(format!("ANALYZE {table}")))
            .execute(&mut **t)
            .await?;
    }
    Ok(())
}

// --- coverage monitoring (`lintas bench coverage`) ---------------------------------------------

/// The first kabupaten/kota (by code) with at least `desa` desa, and its first `desa` desa by
/// code: the generated district of the coverage benchmark (either database).
pub async fn coverage_district(tx: &mut Tx, desa: i64) -> Result<Option<(String, Vec<String>)>> {
    let kab: Option<String> = crate::on_tx!(tx, c => sqlx::query_scalar(
        "SELECT SUBSTR(code, 1, 5) FROM regions WHERE level = 4 GROUP BY SUBSTR(code, 1, 5) \
         HAVING COUNT(*) >= $1 ORDER BY 1 LIMIT 1",
    )
    .bind(desa)
    .fetch_optional(c)
    .await?);
    let Some(kab) = kab else { return Ok(None) };
    let codes: Vec<String> = crate::on_tx!(tx, c => sqlx::query_scalar(
        "SELECT code FROM regions WHERE level = 4 AND code LIKE $1 ORDER BY code LIMIT $2",
    )
    .bind(format!("{kab}.%"))
    .bind(desa)
    .fetch_all(c)
    .await?);
    Ok(Some((kab, codes)))
}

/// National scale, generated in SQL (PostgreSQL): one Puskesmas per kecamatan (coded
/// `BENCH-PKM-` and the kecamatan's code), and every desa's sasaran of `year` for the kinds of
/// the SPM services (10 to 209 people each); returns how many desa have them.
pub async fn coverage_national_base(tx: &mut Tx, year: i32) -> Result<i64> {
    let Tx::Postgres(t) = tx else {
        return Err(StoreError::Unsupported(NEEDS_PG));
    };
    sqlx::query(
        "INSERT INTO organizations (code, name, name_key, kind, sector, region_code, created_at, updated_at) \
         SELECT 'BENCH-PKM-' || r.code, 'Puskesmas ' || r.name, lower('puskesmas ' || r.name), 'puskesmas', \
         'health', r.code, now(), now() FROM regions r WHERE r.level = 3 ON CONFLICT (code) DO NOTHING",
    )
    .execute(&mut **t)
    .await?;
    sqlx::query("SELECT setseed(0.13)").execute(&mut **t).await?;
    sqlx::query(
        "INSERT INTO sasaran (desa_code, year, kind, value, source, updated_by, updated_at) \
         SELECT r.code, $1, k.kind, (10 + floor(random() * 200))::float8, 'entered', 'bench', now() \
         FROM regions r CROSS JOIN (SELECT DISTINCT sasaran AS kind FROM indicators \
         WHERE spm IS NOT NULL AND sasaran IS NOT NULL) k WHERE r.level = 4 \
         ON CONFLICT (desa_code, year, kind) DO NOTHING",
    )
    .bind(i64::from(year))
    .execute(&mut **t)
    .await?;
    Ok(
        sqlx::query_scalar("SELECT COUNT(DISTINCT desa_code) FROM sasaran WHERE year = $1")
            .bind(i64::from(year))
            .fetch_one(&mut **t)
            .await?,
    )
}

/// One month of achievements of every SPM service in every desa that has its sasaran
/// (about a twelfth of it, give or take), recorded for its kecamatan's generated Puskesmas;
/// returns how many were added.
pub async fn coverage_national_month(tx: &mut Tx, month: NaiveDate) -> Result<u64> {
    let Tx::Postgres(t) = tx else {
        return Err(StoreError::Unsupported(NEEDS_PG));
    };
    Ok(sqlx::query(
        "INSERT INTO achievements (indicator_code, desa_code, month, numerator, denominator, puskesmas_id, source, \
         updated_by, updated_at) \
         SELECT i.code, s.desa_code, $1::date, floor(s.value / 12 * (0.5 + random() * 0.6))::float8, NULL, o.id, \
         'entered', 'bench', now() \
         FROM (SELECT DISTINCT code, sasaran FROM indicators WHERE spm IS NOT NULL AND sasaran IS NOT NULL) i \
         JOIN sasaran s ON s.kind = i.sasaran AND s.year = $2 \
         JOIN organizations o ON o.code = 'BENCH-PKM-' || SUBSTR(s.desa_code, 1, 8) \
         ON CONFLICT (indicator_code, desa_code, month) DO NOTHING",
    )
    .bind(month)
    .bind(i64::from(chrono::Datelike::year(&month)))
    .execute(&mut **t)
    .await?
    .rows_affected())
}

/// Refreshes PostgreSQL's statistics of the coverage tables after a bulk load.
pub async fn analyze_coverage(tx: &mut Tx) -> Result<()> {
    let Tx::Postgres(t) = tx else {
        return Err(StoreError::Unsupported(NEEDS_PG));
    };
    for table in [
        "achievements",
        "achievement_kecamatan_months",
        "achievement_puskesmas_months",
        "sasaran",
        "organizations",
    ] {
        sqlx::query(sqlx::AssertSqlSafe(format!("ANALYZE {table}")))
            .execute(&mut **t)
            .await?;
    }
    Ok(())
}
