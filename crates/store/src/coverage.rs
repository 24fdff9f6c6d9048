//! Coverage monitoring: the indicator catalogue in versions, the sasaran of each desa and
//! year (and the ratios that derive them from the population), each Puskesmas's yearly
//! targets with the district's lock, the monthly achievements of each desa, the nutrition
//! tallies summed per desa and month for the derived indicators, and when each Puskesmas
//! reported each month.

use crate::sql::{self, Col, Sql};
use crate::{Result, Tx, now, on_tx};
use chrono::{DateTime, NaiveDate, Utc};
use domain::coverage::{
    AchievementSource, Derived, Direction, IndicatorDef, Program, SasaranKind, SasaranSource, Unit,
};
use serde::Serialize;

// --- the catalogue ----------------------------------------------------------------------------

/// One indicator version as stored.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct IndicatorRow {
    pub id: i64,
    pub code: String,
    pub version: String,
    pub name_id: String,
    pub name_en: String,
    #[sqlx(try_from = "crate::decode::Checked<Program>")]
    pub program: Program,
    pub cluster: i64,
    pub spm: Option<i64>,
    pub numerator: String,
    pub denominator: String,
    #[sqlx(try_from = "crate::decode::Checked<Unit>")]
    pub unit: Unit,
    #[sqlx(try_from = "crate::decode::Checked<Direction>")]
    pub direction: Direction,
    #[sqlx(try_from = "crate::decode::CheckedOpt<SasaranKind>")]
    pub sasaran: Option<SasaranKind>,
    pub target: Option<f64>,
    #[sqlx(try_from = "crate::decode::CheckedOpt<Derived>")]
    pub derived: Option<Derived>,
    pub legal_basis: String,
    pub valid_from: NaiveDate,
    pub valid_to: Option<NaiveDate>,
}

impl IndicatorRow {
    /// The definition this row stores.
    pub fn def(&self) -> IndicatorDef {
        IndicatorDef {
            code: self.code.clone(),
            version: self.version.clone(),
            name_id: self.name_id.clone(),
            name_en: self.name_en.clone(),
            program: self.program,
            cluster: u8::try_from(self.cluster).unwrap_or(0),
            spm: self.spm.and_then(|n| u8::try_from(n).ok()),
            numerator: self.numerator.clone(),
            denominator: self.denominator.clone(),
            unit: self.unit,
            direction: self.direction,
            sasaran: self.sasaran,
            target: self.target,
            derived: self.derived,
            legal_basis: self.legal_basis.clone(),
            valid_from: self.valid_from,
            valid_to: self.valid_to,
        }
    }
}

const INDICATOR: &str = "SELECT id, code, version, name_id, name_en, program, cluster, spm, numerator, denominator, \
    unit, direction, sasaran, target, derived, legal_basis, valid_from, valid_to FROM indicators";

/// Every version of every indicator, by code and then oldest first.
pub async fn indicators(tx: &mut Tx) -> Result<Vec<IndicatorRow>> {
    let mut q = Sql::new(INDICATOR);
    q.push(" ORDER BY code, valid_from, version");
    sql::fetch_all(tx, q).await
}

/// One indicator version by id.
pub async fn indicator(tx: &mut Tx, id: i64) -> Result<Option<IndicatorRow>> {
    let mut q = Sql::new(INDICATOR);
    q.push(" WHERE id = ").int(id);
    Ok(sql::fetch_all(tx, q).await?.into_iter().next())
}

/// Inserts or replaces the version (code, version) of an indicator; its id, and whether it
/// was new.
pub async fn put_indicator(tx: &mut Tx, d: &IndicatorDef) -> Result<(i64, bool)> {
    on_tx!(tx, c => sqlx::query("INSERT INTO indicator_codes (code) VALUES ($1) ON CONFLICT (code) DO NOTHING")
        .bind(&d.code)
        .execute(&mut *c)
        .await?
        .rows_affected());
    let existing: Option<i64> = on_tx!(tx, c => sqlx::query_scalar("SELECT id FROM indicators WHERE code = $1 AND version = $2")
        .bind(&d.code)
        .bind(&d.version)
        .fetch_optional(c)
        .await?);
    let t = now();
    let id: i64 = on_tx!(tx, c => sqlx::query_scalar(
        "INSERT INTO indicators (code, version, name_id, name_en, program, cluster, spm, numerator, denominator, unit, \
         direction, sasaran, target, derived, legal_basis, valid_from, valid_to, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18) \
         ON CONFLICT (code, version) DO UPDATE SET name_id = excluded.name_id, name_en = excluded.name_en, \
         program = excluded.program, cluster = excluded.cluster, spm = excluded.spm, numerator = excluded.numerator, \
         denominator = excluded.denominator, unit = excluded.unit, direction = excluded.direction, \
         sasaran = excluded.sasaran, target = excluded.target, derived = excluded.derived, \
         legal_basis = excluded.legal_basis, valid_from = excluded.valid_from, valid_to = excluded.valid_to, \
         updated_at = excluded.updated_at RETURNING id",
    )
    .bind(&d.code)
    .bind(&d.version)
    .bind(&d.name_id)
    .bind(&d.name_en)
    .bind(d.program.as_str())
    .bind(i64::from(d.cluster))
    .bind(d.spm.map(i64::from))
    .bind(&d.numerator)
    .bind(&d.denominator)
    .bind(d.unit.as_str())
    .bind(d.direction.as_str())
    .bind(d.sasaran.map(|s| s.as_str()))
    .bind(d.target)
    .bind(d.derived.map(|s| s.as_str()))
    .bind(&d.legal_basis)
    .bind(d.valid_from)
    .bind(d.valid_to)
    .bind(t)
    .fetch_one(c)
    .await?);
    Ok((id, existing.is_none()))
}

// --- sasaran ----------------------------------------------------------------------------------

/// One desa's sasaran of one kind in a year.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct SasaranRow {
    pub desa_code: String,
    pub year: i64,
    #[sqlx(try_from = "crate::decode::Checked<SasaranKind>")]
    pub kind: SasaranKind,
    pub value: f64,
    #[sqlx(try_from = "crate::decode::Checked<SasaranSource>")]
    pub source: SasaranSource,
}

/// The sasaran of `desa` in `year` (every kind recorded).
pub async fn sasaran(tx: &mut Tx, desa: &[String], year: i32) -> Result<Vec<SasaranRow>> {
    let mut out = Vec::new();
    for chunk in desa.chunks(5000) {
        let mut q = Sql::new("SELECT desa_code, year, kind, value, source FROM sasaran WHERE year = ");
        q.int(i64::from(year)).push(" AND desa_code IN ").text_list(chunk);
        q.push(" ORDER BY desa_code, kind");
        out.extend(sql::fetch_all::<SasaranRow>(tx, q).await?);
    }
    Ok(out)
}

/// Stores sasaran figures (replacing those of the same desa, year and kind).
pub async fn put_sasaran(tx: &mut Tx, rows: &[SasaranRow], by: &str) -> Result<()> {
    let t = now();
    for chunk in rows.chunks(crate::nutrition::bulk_rows(tx)) {
        let mut q =
            Sql::new("INSERT INTO sasaran (desa_code, year, kind, value, source, updated_by, updated_at) VALUES ");
        for (i, r) in chunk.iter().enumerate() {
            q.push(if i > 0 { ", (" } else { "(" });
            q.text(r.desa_code.clone())
                .push(", ")
                .int(r.year)
                .push(", ")
                .text(r.kind.as_str());
            q.push(", ").real(Some(r.value)).push(", ").text(r.source.as_str());
            q.push(", ").text(by).push(", ").timestamp(t).push(")");
        }
        q.push(
            " ON CONFLICT (desa_code, year, kind) DO UPDATE SET value = excluded.value, source = excluded.source, \
             updated_by = excluded.updated_by, updated_at = excluded.updated_at",
        );
        sql::execute(tx, q).await?;
    }
    Ok(())
}

/// The ratio that derives a sasaran kind from the population, and where it comes from.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct RatioRow {
    #[sqlx(try_from = "crate::decode::Checked<SasaranKind>")]
    pub kind: SasaranKind,
    pub ratio: f64,
    pub basis: String,
}

pub async fn ratios(tx: &mut Tx) -> Result<Vec<RatioRow>> {
    on_tx!(tx, c => Ok(sqlx::query_as("SELECT kind, ratio, basis FROM sasaran_ratios ORDER BY kind")
        .fetch_all(c)
        .await?))
}

/// Sets a kind's ratio; the ratio it had before.
pub async fn put_ratio(tx: &mut Tx, r: &RatioRow) -> Result<Option<f64>> {
    let before: Option<f64> = on_tx!(tx, c => sqlx::query_scalar("SELECT ratio FROM sasaran_ratios WHERE kind = $1")
        .bind(r.kind.as_str())
        .fetch_optional(&mut *c)
        .await?);
    let t = now();
    on_tx!(tx, c => sqlx::query(
        "INSERT INTO sasaran_ratios (kind, ratio, basis, updated_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (kind) DO UPDATE SET ratio = excluded.ratio, basis = excluded.basis, updated_at = excluded.updated_at",
    )
    .bind(r.kind.as_str())
    .bind(r.ratio)
    .bind(&r.basis)
    .bind(t)
    .execute(c)
    .await?
    .rows_affected());
    Ok(before)
}

// --- targets and the lock ---------------------------------------------------------------------

/// A Puskesmas's target for an indicator in a year.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct TargetRow {
    pub puskesmas_id: i64,
    pub year: i64,
    pub indicator_code: String,
    pub target: f64,
}

/// The targets of `puskesmas` in `year`.
pub async fn targets(tx: &mut Tx, puskesmas: &[i64], year: i32) -> Result<Vec<TargetRow>> {
    let mut q = Sql::new("SELECT puskesmas_id, year, indicator_code, target FROM coverage_targets WHERE year = ");
    q.int(i64::from(year)).push(" AND puskesmas_id IN ").int_list(puskesmas);
    q.push(" ORDER BY puskesmas_id, indicator_code");
    sql::fetch_all(tx, q).await
}

/// Sets a target; the one it replaced.
pub async fn put_target(tx: &mut Tx, r: &TargetRow, by: &str) -> Result<Option<f64>> {
    let before: Option<f64> = on_tx!(tx, c => sqlx::query_scalar(
        "SELECT target FROM coverage_targets WHERE puskesmas_id = $1 AND year = $2 AND indicator_code = $3",
    )
    .bind(r.puskesmas_id)
    .bind(r.year)
    .bind(&r.indicator_code)
    .fetch_optional(&mut *c)
    .await?);
    let t = now();
    on_tx!(tx, c => sqlx::query(
        "INSERT INTO coverage_targets (puskesmas_id, year, indicator_code, target, updated_by, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (puskesmas_id, year, indicator_code) DO UPDATE SET \
         target = excluded.target, updated_by = excluded.updated_by, updated_at = excluded.updated_at",
    )
    .bind(r.puskesmas_id)
    .bind(r.year)
    .bind(&r.indicator_code)
    .bind(r.target)
    .bind(by)
    .bind(t)
    .execute(c)
    .await?
    .rows_affected());
    Ok(before)
}

/// A district's year whose targets are approved and locked.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct LockRow {
    pub region_code: String,
    pub year: i64,
    pub locked_by: Option<String>,
    pub locked_at: DateTime<Utc>,
}

/// The lock of `year` on the district `region_code`, if any.
pub async fn lock(tx: &mut Tx, region_code: &str, year: i32) -> Result<Option<LockRow>> {
    on_tx!(tx, c => Ok(sqlx::query_as(
        "SELECT region_code, year, locked_by, locked_at FROM target_locks WHERE region_code = $1 AND year = $2",
    )
    .bind(region_code)
    .bind(i64::from(year))
    .fetch_optional(c)
    .await?))
}

/// Locks (`true`) or unlocks a district's year; whether anything changed.
pub async fn set_lock(tx: &mut Tx, region_code: &str, year: i32, locked: bool, by: &str) -> Result<bool> {
    let n = if locked {
        let t = now();
        on_tx!(tx, c => sqlx::query(
            "INSERT INTO target_locks (region_code, year, locked_by, locked_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (region_code, year) DO NOTHING",
        )
        .bind(region_code)
        .bind(i64::from(year))
        .bind(by)
        .bind(t)
        .execute(c)
        .await?
        .rows_affected())
    } else {
        on_tx!(tx, c => sqlx::query("DELETE FROM target_locks WHERE region_code = $1 AND year = $2")
            .bind(region_code)
            .bind(i64::from(year))
            .execute(c)
            .await?
            .rows_affected())
    };
    Ok(n > 0)
}

// --- achievements -----------------------------------------------------------------------------

/// One month's achievement of a desa for an indicator.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct AchievementRow {
    pub indicator_code: String,
    pub desa_code: String,
    /// The first day of the month.
    pub month: NaiveDate,
    pub numerator: f64,
    pub denominator: Option<f64>,
    pub puskesmas_id: i64,
    #[sqlx(try_from = "crate::decode::Checked<AchievementSource>")]
    pub source: AchievementSource,
}

/// The achievements of `desa` for `codes` (every indicator when empty) in the months `from`
/// to `to` (first days, inclusive), by indicator, desa and month.
pub async fn achievements(
    tx: &mut Tx,
    desa: &[String],
    codes: &[String],
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<AchievementRow>> {
    let mut out = Vec::new();
    for chunk in desa.chunks(2000) {
        let mut q = Sql::new(
            "SELECT indicator_code, desa_code, month, numerator, denominator, puskesmas_id, source FROM achievements \
             WHERE desa_code IN ",
        );
        q.text_list(chunk);
        if !codes.is_empty() {
            q.push(" AND indicator_code IN ").text_list(codes);
        }
        q.push(" AND month >= ").date(from).push(" AND month <= ").date(to);
        q.push(" ORDER BY indicator_code, desa_code, month");
        out.extend(sql::fetch_all::<AchievementRow>(tx, q).await?);
    }
    Ok(out)
}

/// Stores achievements (replacing those of the same indicator, desa and month).
pub async fn put_achievements(tx: &mut Tx, rows: &[AchievementRow], by: &str) -> Result<()> {
    if rows.is_empty() {
        return Ok(());
    }
    crate::dialect::take_turns(tx, ROLLUP_TURN).await?;
    let t = now();
    for chunk in rows.chunks(crate::nutrition::bulk_rows(tx)) {
        let mut q = Sql::new(
            "INSERT INTO achievements (indicator_code, desa_code, month, numerator, denominator, puskesmas_id, source, \
             updated_by, updated_at) VALUES ",
        );
        for (i, r) in chunk.iter().enumerate() {
            q.push(if i > 0 { ", (" } else { "(" });
            q.text(r.indicator_code.clone()).push(", ").text(r.desa_code.clone());
            q.push(", ").date(r.month).push(", ").real(Some(r.numerator));
            q.push(", ").real(r.denominator).push(", ").int(r.puskesmas_id);
            q.push(", ").text(r.source.as_str()).push(", ").text(by);
            q.push(", ").timestamp(t).push(")");
        }
        q.push(
            " ON CONFLICT (indicator_code, desa_code, month) DO UPDATE SET numerator = excluded.numerator, \
             denominator = excluded.denominator, puskesmas_id = excluded.puskesmas_id, source = excluded.source, \
             updated_by = excluded.updated_by, updated_at = excluded.updated_at",
        );
        sql::execute(tx, q).await?;
    }
    let mut desa: Vec<String> = rows.iter().map(|r| r.desa_code.clone()).collect();
    let mut codes: Vec<String> = rows.iter().map(|r| r.indicator_code.clone()).collect();
    let from = rows.iter().map(|r| r.month).min().unwrap_or_default();
    let to = rows.iter().map(|r| r.month).max().unwrap_or_default();
    desa.sort_unstable();
    desa.dedup();
    codes.sort_unstable();
    codes.dedup();
    refresh_rollups(tx, &desa, &codes, from, to).await
}

/// Removes the achievement of (indicator, desa, month); whether there was one.
pub async fn delete_achievement(tx: &mut Tx, code: &str, desa: &str, month: NaiveDate) -> Result<bool> {
    crate::dialect::take_turns(tx, ROLLUP_TURN).await?;
    let n = on_tx!(tx, c => sqlx::query(
        "DELETE FROM achievements WHERE indicator_code = $1 AND desa_code = $2 AND month = $3",
    )
    .bind(code)
    .bind(desa)
    .bind(month)
    .execute(c)
    .await?
    .rows_affected());
    if n > 0 {
        refresh_rollups(tx, &[desa.to_string()], &[code.to_string()], month, month).await?;
    }
    Ok(n > 0)
}

// --- the rollups kept on write ---------------------------------------------------------------

/// What writers of achievements and of wilayah kerja take turns on (PostgreSQL; see
/// `dialect::take_turns`).
const ROLLUP_TURN: &str = "lintas.coverage.rollup";

/// Recomputes from the achievements the rollup rows of every kecamatan and every Puskesmas
/// that holds one of `desa`, for `codes` in the months `from` to `to`: the box is deleted and
/// summed again, so rows that lost their last achievement go too.
async fn refresh_rollups(tx: &mut Tx, desa: &[String], codes: &[String], from: NaiveDate, to: NaiveDate) -> Result<()> {
    let mut kecamatan = Vec::new();
    let mut puskesmas = Vec::new();
    for chunk in desa.chunks(2000) {
        let mut q = Sql::new("SELECT DISTINCT parent_code FROM regions WHERE parent_code IS NOT NULL AND code IN ");
        q.text_list(chunk);
        kecamatan.extend(sql::fetch_texts(tx, q).await?);
        let mut q = Sql::new("SELECT DISTINCT puskesmas_id FROM wilayah_kerja WHERE desa_code IN ");
        q.text_list(chunk);
        puskesmas.extend(sql::fetch_ints(tx, q).await?);
    }
    kecamatan.sort_unstable();
    kecamatan.dedup();
    puskesmas.sort_unstable();
    puskesmas.dedup();
    for chunk in kecamatan.chunks(1000) {
        let mut q = Sql::new("DELETE FROM achievement_kecamatan_months WHERE indicator_code IN ");
        q.text_list(codes)
            .push(" AND month >= ")
            .date(from)
            .push(" AND month <= ")
            .date(to);
        q.push(" AND kecamatan_code IN ").text_list(chunk);
        sql::execute(tx, q).await?;
        let mut q = Sql::new(
            "INSERT INTO achievement_kecamatan_months (indicator_code, month, kecamatan_code, numerator, denominator) \
             SELECT a.indicator_code, a.month, r.parent_code, SUM(a.numerator), SUM(a.denominator) \
             FROM regions r CROSS JOIN achievements a WHERE a.desa_code = r.code AND r.parent_code IN ",
        );
        q.text_list(chunk).push(" AND a.indicator_code IN ").text_list(codes);
        q.push(" AND a.month >= ").date(from).push(" AND a.month <= ").date(to);
        q.push(" GROUP BY a.indicator_code, a.month, r.parent_code");
        sql::execute(tx, q).await?;
    }
    for chunk in puskesmas.chunks(1000) {
        let mut q = Sql::new("DELETE FROM achievement_puskesmas_months WHERE indicator_code IN ");
        q.text_list(codes)
            .push(" AND month >= ")
            .date(from)
            .push(" AND month <= ")
            .date(to);
        q.push(" AND puskesmas_id IN ").int_list(chunk);
        sql::execute(tx, q).await?;
        let mut q = Sql::new(
            "INSERT INTO achievement_puskesmas_months (puskesmas_id, indicator_code, month, numerator, denominator) \
             SELECT w.puskesmas_id, a.indicator_code, a.month, SUM(a.numerator), SUM(a.denominator) \
             FROM wilayah_kerja w CROSS JOIN achievements a WHERE a.desa_code = w.desa_code AND w.puskesmas_id IN ",
        );
        q.int_list(chunk).push(" AND a.indicator_code IN ").text_list(codes);
        q.push(" AND a.month >= ").date(from).push(" AND a.month <= ").date(to);
        q.push(" GROUP BY w.puskesmas_id, a.indicator_code, a.month");
        sql::execute(tx, q).await?;
    }
    Ok(())
}

/// Before a Puskesmas's wilayah kerja is redrawn: achievement writers wait until the redraw
/// commits (see `dialect::take_turns`).
pub(crate) async fn before_redraw(tx: &mut Tx) -> Result<()> {
    crate::dialect::take_turns(tx, ROLLUP_TURN).await
}

/// After a Puskesmas's wilayah kerja was redrawn: its rollup rows summed again over its desa
/// as they now are.
pub(crate) async fn after_redraw(tx: &mut Tx, puskesmas_id: i64) -> Result<()> {
    on_tx!(tx, c => sqlx::query("DELETE FROM achievement_puskesmas_months WHERE puskesmas_id = $1")
        .bind(puskesmas_id)
        .execute(c)
        .await?
        .rows_affected());
    on_tx!(tx, c => sqlx::query(
        "INSERT INTO achievement_puskesmas_months (puskesmas_id, indicator_code, month, numerator, denominator) \
         SELECT w.puskesmas_id, a.indicator_code, a.month, SUM(a.numerator), SUM(a.denominator) \
         FROM wilayah_kerja w CROSS JOIN achievements a WHERE a.desa_code = w.desa_code AND w.puskesmas_id = $1 \
         GROUP BY w.puskesmas_id, a.indicator_code, a.month",
    )
    .bind(puskesmas_id)
    .execute(c)
    .await?
    .rows_affected());
    Ok(())
}

/// Rebuilds both rollups from the achievements (after a bulk load that wrote the achievements
/// directly, as `store::bench` does).
pub async fn rebuild_rollups(tx: &mut Tx) -> Result<()> {
    crate::dialect::take_turns(tx, ROLLUP_TURN).await?;
    for q in [
        "DELETE FROM achievement_kecamatan_months",
        "DELETE FROM achievement_puskesmas_months",
        "INSERT INTO achievement_kecamatan_months (indicator_code, month, kecamatan_code, numerator, denominator) \
         SELECT a.indicator_code, a.month, r.parent_code, SUM(a.numerator), SUM(a.denominator) \
         FROM achievements a JOIN regions r ON r.code = a.desa_code WHERE r.parent_code IS NOT NULL \
         GROUP BY a.indicator_code, a.month, r.parent_code",
        "INSERT INTO achievement_puskesmas_months (puskesmas_id, indicator_code, month, numerator, denominator) \
         SELECT w.puskesmas_id, a.indicator_code, a.month, SUM(a.numerator), SUM(a.denominator) \
         FROM wilayah_kerja w JOIN achievements a ON a.desa_code = w.desa_code \
         GROUP BY w.puskesmas_id, a.indicator_code, a.month",
    ] {
        on_tx!(tx, c => sqlx::query(q).execute(c).await?.rows_affected());
    }
    Ok(())
}

/// The rollup rows that differ from a recount of the achievements (kept, missing or extra),
/// described one per line — empty when the rollups are right. For the tests and `lintas check`.
pub async fn rollup_drift(tx: &mut Tx) -> Result<Vec<String>> {
    #[derive(sqlx::FromRow)]
    struct Row {
        unit: String,
        indicator_code: String,
        month: NaiveDate,
        numerator: f64,
        denominator: Option<f64>,
    }
    let kept_k = "SELECT kecamatan_code AS unit, indicator_code, month, numerator, denominator \
                  FROM achievement_kecamatan_months ORDER BY 1, 2, 3";
    let count_k = "SELECT r.parent_code AS unit, a.indicator_code, a.month, \
                   CAST(SUM(a.numerator) AS DOUBLE PRECISION) AS numerator, \
                   CAST(SUM(a.denominator) AS DOUBLE PRECISION) AS denominator \
                   FROM achievements a JOIN regions r ON r.code = a.desa_code WHERE r.parent_code IS NOT NULL \
                   GROUP BY r.parent_code, a.indicator_code, a.month ORDER BY 1, 2, 3";
    let kept_p = "SELECT CAST(puskesmas_id AS TEXT) AS unit, indicator_code, month, numerator, denominator \
                  FROM achievement_puskesmas_months ORDER BY 1, 2, 3";
    let count_p = "SELECT CAST(w.puskesmas_id AS TEXT) AS unit, a.indicator_code, a.month, \
                   CAST(SUM(a.numerator) AS DOUBLE PRECISION) AS numerator, \
                   CAST(SUM(a.denominator) AS DOUBLE PRECISION) AS denominator \
                   FROM wilayah_kerja w JOIN achievements a ON a.desa_code = w.desa_code \
                   GROUP BY w.puskesmas_id, a.indicator_code, a.month ORDER BY 1, 2, 3";
    type Key = (String, String, NaiveDate);
    let mut out = Vec::new();
    for (what, kept, count) in [("kecamatan", kept_k, count_k), ("puskesmas", kept_p, count_p)] {
        let read = |rows: Vec<Row>| -> std::collections::BTreeMap<Key, (f64, Option<f64>)> {
            rows.into_iter()
                .map(|r| ((r.unit, r.indicator_code, r.month), (r.numerator, r.denominator)))
                .collect()
        };
        let kept = read(sql::fetch_all::<Row>(tx, Sql::new(kept)).await?);
        let count = read(sql::fetch_all::<Row>(tx, Sql::new(count)).await?);
        let near = |a: f64, b: f64| (a - b).abs() <= 1e-6 * a.abs().max(b.abs()).max(1.0);
        for (k, v) in &count {
            match kept.get(k) {
                Some(got)
                    if near(got.0, v.0)
                        && match (got.1, v.1) {
                            (Some(a), Some(b)) => near(a, b),
                            (a, b) => a.is_none() && b.is_none(),
                        } => {}
                got => out.push(format!("{what} {} {} {}: kept {got:?}, recount {v:?}", k.0, k.1, k.2)),
            }
        }
        for k in kept.keys().filter(|k| !count.contains_key(*k)) {
            out.push(format!("{what} {} {} {}: kept, no achievement", k.0, k.1, k.2));
        }
    }
    Ok(out)
}

/// The nutrition figures of a desa in a month, summed over its Posyandu: what the derived
/// indicators (D/S, N/D, BGM/D, stunting) are computed from.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct DesaTally {
    pub s: i64,
    pub d: i64,
    pub n: i64,
    pub bgm: i64,
    /// Children measured for length or height, and those stunted among them.
    pub haz_n: i64,
    pub stunted: i64,
}

/// The tallies of `desa` in the months `from` to `to`, per desa and month.
pub async fn desa_tallies(
    tx: &mut Tx,
    desa: &[String],
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<(String, NaiveDate, DesaTally)>> {
    #[derive(sqlx::FromRow)]
    struct Sums {
        desa_code: String,
        month: NaiveDate,
        s: i64,
        d: i64,
        n: i64,
        bgm: i64,
        haz_n: i64,
        stunted: i64,
    }
    let mut out = Vec::new();
    for chunk in desa.chunks(2000) {
        let mut q = Sql::new(
            "SELECT desa_code, month, CAST(SUM(s) AS BIGINT) AS s, CAST(SUM(d) AS BIGINT) AS d, \
             CAST(SUM(n) AS BIGINT) AS n, CAST(SUM(bgm) AS BIGINT) AS bgm, CAST(SUM(haz_n) AS BIGINT) AS haz_n, \
             CAST(SUM(stunted) AS BIGINT) AS stunted FROM nutrition_months WHERE desa_code IN ",
        );
        q.text_list(chunk);
        q.push(" AND month >= ").date(from).push(" AND month <= ").date(to);
        q.push(" GROUP BY desa_code, month ORDER BY desa_code, month");
        out.extend(sql::fetch_all::<Sums>(tx, q).await?.into_iter().map(|r| {
            (
                r.desa_code,
                r.month,
                DesaTally {
                    s: r.s,
                    d: r.d,
                    n: r.n,
                    bgm: r.bgm,
                    haz_n: r.haz_n,
                    stunted: r.stunted,
                },
            )
        }));
    }
    Ok(out)
}

// --- reports ----------------------------------------------------------------------------------

/// When a Puskesmas first and last entered figures for a month.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct ReportRow {
    pub puskesmas_id: i64,
    pub month: NaiveDate,
    pub first_at: DateTime<Utc>,
    pub last_at: DateTime<Utc>,
}

/// Records that `puskesmas` entered figures for `month` now.
pub async fn touch_report(tx: &mut Tx, puskesmas: i64, month: NaiveDate) -> Result<()> {
    let t = now();
    on_tx!(tx, c => sqlx::query(
        "INSERT INTO coverage_reports (puskesmas_id, month, first_at, last_at) VALUES ($1, $2, $3, $3) \
         ON CONFLICT (puskesmas_id, month) DO UPDATE SET last_at = excluded.last_at",
    )
    .bind(puskesmas)
    .bind(month)
    .bind(t)
    .execute(c)
    .await?
    .rows_affected());
    Ok(())
}

/// Records that `puskesmas` reported `month` at `at` (a backfill keeps the time it is given).
pub async fn put_report(tx: &mut Tx, puskesmas: i64, month: NaiveDate, at: DateTime<Utc>) -> Result<()> {
    on_tx!(tx, c => sqlx::query(
        "INSERT INTO coverage_reports (puskesmas_id, month, first_at, last_at) VALUES ($1, $2, $3, $3) \
         ON CONFLICT (puskesmas_id, month) DO NOTHING",
    )
    .bind(puskesmas)
    .bind(month)
    .bind(at)
    .execute(c)
    .await?
    .rows_affected());
    Ok(())
}

/// The reports of `puskesmas` for the months `from` to `to`.
pub async fn reports(tx: &mut Tx, puskesmas: &[i64], from: NaiveDate, to: NaiveDate) -> Result<Vec<ReportRow>> {
    let mut q = Sql::new("SELECT puskesmas_id, month, first_at, last_at FROM coverage_reports WHERE puskesmas_id IN ");
    q.int_list(puskesmas);
    q.push(" AND month >= ").date(from).push(" AND month <= ").date(to);
    q.push(" ORDER BY puskesmas_id, month");
    sql::fetch_all(tx, q).await
}

// --- the Lokmin's proposals -------------------------------------------------------------------

/// Marks a problem as raised from the PWS of `code` read at `period`.
pub async fn link_problem(tx: &mut Tx, problem_id: i64, code: &str, period: NaiveDate) -> Result<()> {
    on_tx!(tx, c => sqlx::query("UPDATE problems SET indicator_code = $1, period = $2 WHERE id = $3")
        .bind(code)
        .bind(period)
        .bind(problem_id)
        .execute(c)
        .await?
        .rows_affected());
    Ok(())
}

/// A problem linked to an indicator and a desa.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct LinkedProblem {
    pub problem_id: i64,
    pub meeting_id: i64,
    pub indicator_code: String,
    pub desa_code: String,
    pub period: Option<NaiveDate>,
    pub title: String,
}

/// The problems of `meeting_id` raised from the PWS.
pub async fn linked_problems(tx: &mut Tx, meeting_id: i64) -> Result<Vec<LinkedProblem>> {
    on_tx!(tx, c => Ok(sqlx::query_as(
        "SELECT id AS problem_id, meeting_id, indicator_code, region_code AS desa_code, period, title FROM problems \
         WHERE meeting_id = $1 AND indicator_code IS NOT NULL AND region_code IS NOT NULL ORDER BY id",
    )
    .bind(meeting_id)
    .fetch_all(c)
    .await?))
}

/// The (indicator, desa) pairs of `desa` under an open action (planned or in progress) of a
/// problem raised from the PWS.
pub async fn under_open_action(tx: &mut Tx, desa: &[String]) -> Result<Vec<(String, String)>> {
    #[derive(sqlx::FromRow)]
    struct Pair {
        indicator_code: String,
        region_code: String,
    }
    let mut out = Vec::new();
    for chunk in desa.chunks(2000) {
        let mut q = Sql::new(
            "SELECT DISTINCT p.indicator_code, p.region_code FROM actions a JOIN problems p ON p.id = a.problem_id \
             WHERE p.indicator_code IS NOT NULL AND a.status IN ('planned', 'in_progress') AND p.region_code IN ",
        );
        q.text_list(chunk);
        out.extend(
            sql::fetch_all::<Pair>(tx, q)
                .await?
                .into_iter()
                .map(|p| (p.indicator_code, p.region_code)),
        );
    }
    Ok(out)
}

/// A proposal the host dismissed.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct Dismissal {
    pub meeting_id: i64,
    pub indicator_code: String,
    pub desa_code: String,
    pub period: NaiveDate,
    pub reason: String,
    pub dismissed_by: Option<String>,
    pub dismissed_at: DateTime<Utc>,
}

pub async fn dismissals(tx: &mut Tx, meeting_id: i64) -> Result<Vec<Dismissal>> {
    on_tx!(tx, c => Ok(sqlx::query_as(
        "SELECT meeting_id, indicator_code, desa_code, period, reason, dismissed_by, dismissed_at FROM pws_dismissals \
         WHERE meeting_id = $1 ORDER BY indicator_code, desa_code",
    )
    .bind(meeting_id)
    .fetch_all(c)
    .await?))
}

/// Records a dismissal (replacing an earlier one of the same proposal at this meeting).
pub async fn dismiss(tx: &mut Tx, d: &Dismissal) -> Result<()> {
    on_tx!(tx, c => sqlx::query(
        "INSERT INTO pws_dismissals (meeting_id, indicator_code, desa_code, period, reason, dismissed_by, dismissed_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (meeting_id, indicator_code, desa_code) DO UPDATE SET \
         period = excluded.period, reason = excluded.reason, dismissed_by = excluded.dismissed_by, \
         dismissed_at = excluded.dismissed_at",
    )
    .bind(d.meeting_id)
    .bind(&d.indicator_code)
    .bind(&d.desa_code)
    .bind(d.period)
    .bind(&d.reason)
    .bind(&d.dismissed_by)
    .bind(d.dismissed_at)
    .execute(c)
    .await?
    .rows_affected());
    Ok(())
}

/// The problem behind an action, when it was raised from the PWS: (indicator, desa, month).
pub async fn action_link(tx: &mut Tx, action_id: i64) -> Result<Option<(String, String, NaiveDate)>> {
    #[derive(sqlx::FromRow)]
    struct Link {
        indicator_code: String,
        region_code: String,
        period: NaiveDate,
    }
    let row: Option<Link> = on_tx!(tx, c => sqlx::query_as(
        "SELECT p.indicator_code, p.region_code, p.period FROM actions a JOIN problems p ON p.id = a.problem_id \
         WHERE a.id = $1 AND p.indicator_code IS NOT NULL AND p.region_code IS NOT NULL AND p.period IS NOT NULL",
    )
    .bind(action_id)
    .fetch_optional(c)
    .await?);
    Ok(row.map(|l| (l.indicator_code, l.region_code, l.period)))
}

/// The desa among `desa` with any action (open or closed) on a problem raised from the PWS of
/// `code`.
pub async fn desa_with_actions(tx: &mut Tx, desa: &[String], code: &str) -> Result<Vec<String>> {
    #[derive(sqlx::FromRow)]
    struct D {
        region_code: String,
    }
    let mut q = Sql::new(
        "SELECT DISTINCT p.region_code FROM actions a JOIN problems p ON p.id = a.problem_id WHERE p.indicator_code = ",
    );
    q.text(code).push(" AND p.region_code IN ").text_list(desa);
    Ok(sql::fetch_all::<D>(tx, q)
        .await?
        .into_iter()
        .map(|d| d.region_code)
        .collect())
}

/// How many achievements are stored per indicator code (every desa and month), by code.
pub async fn achievement_counts(tx: &mut Tx) -> Result<Vec<(String, i64)>> {
    on_tx!(tx, c => Ok(sqlx::query_as(
        "SELECT indicator_code, COUNT(*) AS n FROM achievements GROUP BY indicator_code ORDER BY indicator_code",
    )
    .fetch_all(c)
    .await?))
}

/// Locks a district's year as locked at `at` (a backfill keeps the time it is given); whether
/// it was open.
pub async fn put_lock(tx: &mut Tx, region_code: &str, year: i32, by: &str, at: DateTime<Utc>) -> Result<bool> {
    let n = on_tx!(tx, c => sqlx::query(
        "INSERT INTO target_locks (region_code, year, locked_by, locked_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (region_code, year) DO NOTHING",
    )
    .bind(region_code)
    .bind(i64::from(year))
    .bind(by)
    .bind(at)
    .execute(c)
    .await?
    .rows_affected());
    Ok(n > 0)
}

/// An action on a problem raised from the PWS at a meeting a Puskesmas hosted.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct PwsAction {
    pub action_id: i64,
    pub what: String,
    pub owner_name: String,
    pub status: String,
    pub due_on: Option<NaiveDate>,
    pub closed_at: Option<DateTime<Utc>>,
    pub indicator_code: String,
    pub desa_code: String,
    pub meeting_id: i64,
    pub held_on: NaiveDate,
}

/// The actions on problems raised from the PWS at the meetings `host` hosted between `from`
/// and `to`, by meeting date.
pub async fn pws_actions(tx: &mut Tx, host: i64, from: NaiveDate, to: NaiveDate) -> Result<Vec<PwsAction>> {
    let mut q = Sql::new(
        "SELECT a.id AS action_id, a.what, o.name AS owner_name, a.status, a.due_on, a.closed_at, p.indicator_code, \
         p.region_code AS desa_code, m.id AS meeting_id, m.held_on FROM actions a JOIN problems p ON p.id = a.problem_id \
         JOIN meetings m ON m.id = a.meeting_id JOIN organizations o ON o.id = a.owner_org_id \
         WHERE p.indicator_code IS NOT NULL AND p.region_code IS NOT NULL AND m.host_org_id = ",
    );
    q.int(host)
        .push(" AND m.held_on >= ")
        .date(from)
        .push(" AND m.held_on <= ")
        .date(to)
        .push(" ORDER BY m.held_on, a.id");
    sql::fetch_all(tx, q).await
}

/// An action owned by an organisation of another sector than health, for a desa.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct SectorAction {
    pub action_id: i64,
    pub what: String,
    pub owner_name: String,
    #[sqlx(try_from = "crate::decode::Checked<domain::org::Sector>")]
    pub owner_sector: domain::org::Sector,
    pub status: String,
    pub due_on: Option<NaiveDate>,
    /// The desa: the problem's, else the owner's.
    pub desa_code: String,
    pub desa_name: Option<String>,
    pub meeting_id: i64,
}

/// What other sectors committed for `desa`: actions owned by organisations outside health,
/// on a problem of one of the desa or owned by an organisation located in one, open or
/// finished since `since`; by sector, then due date.
pub async fn sector_actions(tx: &mut Tx, desa: &[String], since: DateTime<Utc>) -> Result<Vec<SectorAction>> {
    if desa.is_empty() {
        return Ok(Vec::new());
    }
    let mut q = Sql::new(
        "SELECT a.id AS action_id, a.what, o.name AS owner_name, o.sector AS owner_sector, a.status, a.due_on, \
         COALESCE(p.region_code, o.region_code) AS desa_code, r.name AS desa_name, a.meeting_id FROM actions a \
         JOIN organizations o ON o.id = a.owner_org_id LEFT JOIN problems p ON p.id = a.problem_id \
         LEFT JOIN regions r ON r.code = COALESCE(p.region_code, o.region_code) WHERE o.sector <> 'health' AND (p.region_code IN ",
    );
    q.text_list(desa).push(" OR o.region_code IN ").text_list(desa);
    q.push(") AND (a.status IN ('planned', 'in_progress') OR (a.status = 'done' AND a.closed_at >= ")
        .timestamp(since)
        .push("))");
    q.push(" ORDER BY o.sector, a.due_on, a.id");
    sql::fetch_all(tx, q).await
}

// --- regions at any scale ---------------------------------------------------------------------

/// The achievements of `codes` summed over every desa whose Kemendagri code starts with
/// `prefix` (`""`: all of Indonesia, `"15"` a province, `"15.03"` a district) in the months
/// `from` to `to`: (indicator code, Σ numerator, Σ monthly denominator). The SPM report of a
/// whole region in one set-based query, whatever the number of desa.
pub async fn region_sums(
    tx: &mut Tx,
    prefix: &str,
    codes: &[String],
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<(String, f64, Option<f64>)>> {
    #[derive(sqlx::FromRow)]
    struct Sum {
        indicator_code: String,
        numerator: f64,
        denominator: Option<f64>,
    }
    // A province, district or kecamatan reads the kecamatan rollup; a single desa (three
    // dots in its code) its achievements.
    let (table, column) = if prefix.matches('.').count() <= 2 {
        ("achievement_kecamatan_months", "kecamatan_code")
    } else {
        ("achievements", "desa_code")
    };
    let mut q = Sql::new(&format!(
        "SELECT indicator_code, CAST(SUM(numerator) AS DOUBLE PRECISION) AS numerator, \
         CAST(SUM(denominator) AS DOUBLE PRECISION) AS denominator FROM {table} WHERE indicator_code IN "
    ));
    q.text_list(codes);
    q.push(" AND month >= ").date(from).push(" AND month <= ").date(to);
    if !prefix.is_empty() {
        q.push(&format!(" AND ({column} = ")).text(prefix);
        q.push(&format!(" OR {column} LIKE "))
            .text(format!("{prefix}.%"))
            .push(")");
    }
    q.push(" GROUP BY indicator_code ORDER BY indicator_code");
    Ok(sql::fetch_all::<Sum>(tx, q)
        .await?
        .into_iter()
        .map(|s| (s.indicator_code, s.numerator, s.denominator))
        .collect())
}

/// The sasaran of `year` summed per kind over every desa whose code starts with `prefix`
/// (`""`: all of Indonesia).
pub async fn region_sasaran(tx: &mut Tx, prefix: &str, year: i32) -> Result<Vec<(SasaranKind, f64)>> {
    #[derive(sqlx::FromRow)]
    struct Sum {
        #[sqlx(try_from = "crate::decode::Checked<SasaranKind>")]
        kind: SasaranKind,
        value: f64,
    }
    let mut q = Sql::new("SELECT kind, CAST(SUM(value) AS DOUBLE PRECISION) AS value FROM sasaran WHERE year = ");
    q.int(i64::from(year));
    if !prefix.is_empty() {
        q.push(" AND desa_code LIKE ").text(format!("{prefix}.%"));
    }
    q.push(" GROUP BY kind ORDER BY kind");
    Ok(sql::fetch_all::<Sum>(tx, q)
        .await?
        .into_iter()
        .map(|s| (s.kind, s.value))
        .collect())
}

// --- set-based reads of several Puskesmas (district views) ----------------------------------

/// The sasaran of `kinds` of `desa` in `year`, in no order.
pub async fn sasaran_of_kinds(
    tx: &mut Tx,
    desa: &[String],
    year: i32,
    kinds: &[SasaranKind],
) -> Result<Vec<SasaranRow>> {
    let mut out = Vec::new();
    if kinds.is_empty() {
        return Ok(out);
    }
    let kinds: Vec<String> = kinds.iter().map(|k| k.as_str().to_string()).collect();
    // A district's desa × kinds is hundreds of rows: read as one JSON document (in no order).
    type Json = (
        String,
        i64,
        crate::decode::Checked<SasaranKind>,
        f64,
        crate::decode::Checked<SasaranSource>,
    );
    for chunk in desa.chunks(5000) {
        let mut q = Sql::new("SELECT desa_code, year, kind, value, source FROM sasaran WHERE year = ");
        q.int(i64::from(year)).push(" AND kind IN ").text_list(&kinds);
        q.push(" AND desa_code IN ").text_list(chunk);
        let cols = [
            Col::Plain("desa_code"),
            Col::Plain("year"),
            Col::Plain("kind"),
            Col::Real("value"),
            Col::Plain("source"),
        ];
        let rows: Vec<Json> = sql::fetch_json(tx, q, &cols, "", "sasaran").await?;
        out.extend(
            rows.into_iter()
                .map(|(desa_code, year, kind, value, source)| SasaranRow {
                    desa_code,
                    year,
                    kind: kind.into(),
                    value,
                    source: source.into(),
                }),
        );
    }
    Ok(out)
}

/// The targets of `puskesmas` for one indicator in `year`.
pub async fn targets_for(tx: &mut Tx, puskesmas: &[i64], year: i32, code: &str) -> Result<Vec<TargetRow>> {
    let mut q = Sql::new("SELECT puskesmas_id, year, indicator_code, target FROM coverage_targets WHERE year = ");
    q.int(i64::from(year)).push(" AND indicator_code = ").text(code);
    q.push(" AND puskesmas_id IN ").int_list(puskesmas);
    q.push(" ORDER BY puskesmas_id");
    sql::fetch_all(tx, q).await
}

/// The achievements of `codes` summed per Puskesmas over the desa of its wilayah kerja, in the
/// months `from` to `to`: (Puskesmas id, indicator code, Σ numerator, Σ monthly denominator).
/// One grouped query for a whole district instead of one row per desa. `CROSS JOIN` keeps
/// SQLite (which has no statistics) driving from the wilayah kerja to the achievements'
/// primary key instead of reading every month of the indicators; PostgreSQL plans it as
/// any join.
pub async fn puskesmas_sums(
    tx: &mut Tx,
    puskesmas: &[i64],
    codes: &[String],
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<(i64, String, f64, Option<f64>)>> {
    #[derive(sqlx::FromRow)]
    struct Sum {
        puskesmas_id: i64,
        indicator_code: String,
        numerator: f64,
        denominator: Option<f64>,
    }
    if puskesmas.is_empty() || codes.is_empty() {
        return Ok(Vec::new());
    }
    let mut q = Sql::new(
        "SELECT puskesmas_id, indicator_code, CAST(SUM(numerator) AS DOUBLE PRECISION) AS numerator, \
         CAST(SUM(denominator) AS DOUBLE PRECISION) AS denominator FROM achievement_puskesmas_months \
         WHERE puskesmas_id IN ",
    );
    q.int_list(puskesmas).push(" AND indicator_code IN ").text_list(codes);
    q.push(" AND month >= ").date(from).push(" AND month <= ").date(to);
    q.push(" GROUP BY puskesmas_id, indicator_code ORDER BY puskesmas_id, indicator_code");
    Ok(sql::fetch_all::<Sum>(tx, q)
        .await?
        .into_iter()
        .map(|s| (s.puskesmas_id, s.indicator_code, s.numerator, s.denominator))
        .collect())
}

/// The sasaran of `year` summed per Puskesmas (over the desa of its wilayah kerja) and kind,
/// for `kinds` only.
pub async fn puskesmas_sasaran(
    tx: &mut Tx,
    puskesmas: &[i64],
    year: i32,
    kinds: &[SasaranKind],
) -> Result<Vec<(i64, SasaranKind, f64)>> {
    #[derive(sqlx::FromRow)]
    struct Sum {
        puskesmas_id: i64,
        #[sqlx(try_from = "crate::decode::Checked<SasaranKind>")]
        kind: SasaranKind,
        value: f64,
    }
    if puskesmas.is_empty() || kinds.is_empty() {
        return Ok(Vec::new());
    }
    let kinds: Vec<String> = kinds.iter().map(|k| k.as_str().to_string()).collect();
    let mut q = Sql::new(
        "SELECT w.puskesmas_id, s.kind, CAST(SUM(s.value) AS DOUBLE PRECISION) AS value FROM wilayah_kerja w \
         CROSS JOIN sasaran s WHERE s.desa_code = w.desa_code AND w.puskesmas_id IN ",
    );
    q.int_list(puskesmas).push(" AND s.year = ").int(i64::from(year));
    q.push(" AND s.kind IN ").text_list(&kinds);
    q.push(" GROUP BY w.puskesmas_id, s.kind ORDER BY w.puskesmas_id, s.kind");
    Ok(sql::fetch_all::<Sum>(tx, q)
        .await?
        .into_iter()
        .map(|s| (s.puskesmas_id, s.kind, s.value))
        .collect())
}

/// The achievements of `codes` (indicators) of each of `desa` in the months `from` to `to`:
/// (indicator, desa code, month, numerator, monthly denominator), in no particular order
/// (the callers fold them by key; a sort of a district's 6,000 rows cost 3 ms). Only what a PWS counts, for the pages that read a year of a district's desa (about
/// 2,000 rows an indicator), read through `sql::fetch_json`.
pub async fn desa_monthly(
    tx: &mut Tx,
    desa: &[String],
    codes: &[String],
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<(String, String, NaiveDate, f64, Option<f64>)>> {
    let mut out = Vec::new();
    if codes.is_empty() {
        return Ok(out);
    }
    for chunk in desa.chunks(2000) {
        let mut q = Sql::new(
            "SELECT indicator_code, desa_code, month, numerator, denominator FROM achievements WHERE indicator_code IN ",
        );
        q.text_list(codes).push(" AND desa_code IN ").text_list(chunk);
        q.push(" AND month >= ").date(from).push(" AND month <= ").date(to);
        out.extend(
            sql::fetch_json(
                tx,
                q,
                &[
                    Col::Plain("indicator_code"),
                    Col::Plain("desa_code"),
                    Col::Plain("month"),
                    Col::Real("numerator"),
                    Col::Real("denominator"),
                ],
                "",
                "achievements",
            )
            .await?,
        );
    }
    Ok(out)
}

/// The achievements of one indicator summed per Puskesmas (over the desa of its wilayah kerja)
/// and month, in the months `from` to `to`: (Puskesmas id, month, Σ numerator, Σ monthly
/// denominator) — a district's PWS in a few hundred rows instead of one per desa and month.
pub async fn puskesmas_monthly(
    tx: &mut Tx,
    puskesmas: &[i64],
    code: &str,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<(i64, NaiveDate, f64, Option<f64>)>> {
    #[derive(sqlx::FromRow)]
    struct Sum {
        puskesmas_id: i64,
        month: NaiveDate,
        numerator: f64,
        denominator: Option<f64>,
    }
    if puskesmas.is_empty() {
        return Ok(Vec::new());
    }
    let mut q = Sql::new(
        "SELECT puskesmas_id, month, numerator, denominator FROM achievement_puskesmas_months \
         WHERE indicator_code = ",
    );
    q.text(code).push(" AND puskesmas_id IN ").int_list(puskesmas);
    q.push(" AND month >= ").date(from).push(" AND month <= ").date(to);
    q.push(" ORDER BY puskesmas_id, month");
    Ok(sql::fetch_all::<Sum>(tx, q)
        .await?
        .into_iter()
        .map(|s| (s.puskesmas_id, s.month, s.numerator, s.denominator))
        .collect())
}
