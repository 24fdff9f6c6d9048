//! The Posyandu registry: Posyandu with their desa, Puskesmas and profile for the list, what
//! the stratum of a year is computed from (monthly S and D, kader terms), and the yearly
//! records (`posyandu_years`). Profiles themselves are [`crate::nutrition::profile`] and
//! [`crate::nutrition::save_profile`].

use crate::nutrition::Profile;
use crate::sql::{self, Sql};
use crate::{Result, Tx, now, on_tx};
use chrono::{DateTime, NaiveDate, Utc};
use domain::access::Area;
use domain::posyandu::{KaderTerm, MonthCount};
use domain::region::name_key;
use serde::Serialize;

/// One Posyandu of the list, with its place and profile.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Row {
    pub id: i64,
    pub code: Option<String>,
    pub name: String,
    pub region_code: String,
    pub desa_name: Option<String>,
    pub kecamatan_name: Option<String>,
    /// The Puskesmas whose wilayah kerja holds the desa (else the parent Puskesmas).
    pub puskesmas_id: Option<i64>,
    pub puskesmas_name: Option<String>,
    pub has_profile: bool,
    pub address: Option<String>,
    pub rt: Option<String>,
    pub rw: Option<String>,
    pub schedule_day: Option<i64>,
    pub services: Option<String>,
    pub dana_sehat: Option<f64>,
}

const ROW: &str = "SELECT o.id, o.code, o.name, o.region_code, d.name AS desa_name, k.name AS kecamatan_name, \
    COALESCE(wp.id, pp.id) AS puskesmas_id, COALESCE(wp.name, pp.name) AS puskesmas_name, \
    CASE WHEN pr.org_id IS NULL THEN FALSE ELSE TRUE END AS has_profile, \
    pr.address, pr.rt, pr.rw, pr.schedule_day, pr.services, pr.dana_sehat \
    FROM organizations o \
    LEFT JOIN regions d ON d.code = o.region_code \
    LEFT JOIN regions k ON k.code = d.parent_code \
    LEFT JOIN wilayah_kerja w ON w.desa_code = o.region_code \
    LEFT JOIN organizations wp ON wp.id = w.puskesmas_id \
    LEFT JOIN organizations pp ON pp.id = o.parent_id AND pp.kind = 'puskesmas' \
    LEFT JOIN posyandu_profiles pr ON pr.org_id = o.id";

/// Filters of the Posyandu list; the reader's area is always applied.
#[derive(Debug, Clone, Default)]
pub struct PosyanduFilter {
    /// Words of the name or the code.
    pub q: Option<String>,
    /// In this desa (region code).
    pub desa: Option<String>,
    /// In this Puskesmas' wilayah kerja, or under it.
    pub puskesmas_id: Option<i64>,
    pub limit: i64,
    pub offset: i64,
}

fn where_clause(q: &mut Sql, area: &Area, f: &PosyanduFilter) {
    q.push(" WHERE o.kind = 'posyandu' AND ");
    q.area(area, "o.id", "o.region_code");
    if let Some(k) = f.q.as_deref().map(name_key).filter(|k| !k.is_empty()) {
        q.push(" AND (o.name_key LIKE ").text(format!("%{k}%"));
        q.push(" OR LOWER(o.code) LIKE ").text(format!("%{k}%")).push(")");
    }
    if let Some(d) = &f.desa {
        q.push(" AND o.region_code = ").text(d.clone());
    }
    if let Some(p) = f.puskesmas_id {
        q.push(" AND (o.region_code IN (SELECT x.desa_code FROM wilayah_kerja x WHERE x.puskesmas_id = ")
            .int(p)
            .push(") OR o.parent_id = ")
            .int(p)
            .push(")");
    }
}

/// One page of the Posyandu in `area` matching `f` (by region code and name), and the total.
pub async fn list(tx: &mut Tx, area: &Area, f: &PosyanduFilter) -> Result<(Vec<Row>, i64)> {
    let mut count = Sql::new("SELECT COUNT(*) FROM organizations o");
    where_clause(&mut count, area, f);
    let total = sql::fetch_scalar_i64(tx, count).await?;
    let mut q = Sql::new(ROW);
    where_clause(&mut q, area, f);
    q.push(" ORDER BY o.region_code, o.name, o.id LIMIT ")
        .int(f.limit.clamp(1, 10_000))
        .push(" OFFSET ")
        .int(f.offset.max(0));
    Ok((sql::fetch_all(tx, q).await?, total))
}

/// One Posyandu with its place and profile (whatever the reader's area: the caller checks).
pub async fn get(tx: &mut Tx, id: i64) -> Result<Option<Row>> {
    let mut q = Sql::new(ROW);
    q.push(" WHERE o.kind = 'posyandu' AND o.id = ").int(id);
    Ok(sql::fetch_all(tx, q).await?.into_iter().next())
}

/// The desa (code, name) that have a Posyandu in `area`, for the list's filter.
pub async fn desa_options(tx: &mut Tx, area: &Area) -> Result<Vec<(String, String)>> {
    #[derive(sqlx::FromRow)]
    struct Opt {
        code: String,
        name: String,
    }
    let mut q = Sql::new(
        "SELECT DISTINCT d.code, d.name FROM organizations o JOIN regions d ON d.code = o.region_code \
         WHERE o.kind = 'posyandu' AND ",
    );
    q.area(area, "o.id", "o.region_code")
        .push(" ORDER BY d.code LIMIT 2000");
    Ok(sql::fetch_all::<Opt>(tx, q)
        .await?
        .into_iter()
        .map(|o| (o.code, o.name))
        .collect())
}

/// The profiles of `org_ids` (those that have one).
pub async fn profiles(tx: &mut Tx, org_ids: &[i64]) -> Result<Vec<Profile>> {
    let mut q = Sql::new(
        "SELECT org_id, address, rt, rw, schedule_day, services, dana_sehat FROM posyandu_profiles WHERE org_id IN ",
    );
    q.int_list(org_ids);
    sql::fetch_all(tx, q).await
}

/// S and D of the months with a weighing (D > 0) of `org_ids`, between `from` and `to`
/// (first days of months, inclusive) when given.
pub async fn month_counts(
    tx: &mut Tx,
    org_ids: &[i64],
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> Result<Vec<(i64, MonthCount)>> {
    #[derive(sqlx::FromRow)]
    struct M {
        posyandu_id: i64,
        month: NaiveDate,
        s: i64,
        d: i64,
    }
    let mut q = Sql::new("SELECT posyandu_id, month, s, d FROM nutrition_months WHERE d > 0 AND posyandu_id IN ");
    q.int_list(org_ids);
    if let Some(f) = from {
        q.push(" AND month >= ").date(f);
    }
    if let Some(t) = to {
        q.push(" AND month <= ").date(t);
    }
    q.push(" ORDER BY posyandu_id, month");
    Ok(sql::fetch_all::<M>(tx, q)
        .await?
        .into_iter()
        .map(|m| {
            (
                m.posyandu_id,
                MonthCount {
                    month: m.month,
                    s: m.s,
                    d: m.d,
                },
            )
        })
        .collect())
}

/// The kader positions (past and present) held at `org_ids`.
pub async fn kader_terms(tx: &mut Tx, org_ids: &[i64]) -> Result<Vec<(i64, KaderTerm)>> {
    #[derive(sqlx::FromRow)]
    struct T {
        org_id: i64,
        person_id: i64,
        started_on: Option<NaiveDate>,
        ended_on: Option<NaiveDate>,
    }
    let mut q =
        Sql::new("SELECT org_id, person_id, started_on, ended_on FROM positions WHERE kind = 'kader' AND org_id IN ");
    q.int_list(org_ids).push(" ORDER BY org_id, person_id");
    Ok(sql::fetch_all::<T>(tx, q)
        .await?
        .into_iter()
        .map(|t| {
            (
                t.org_id,
                KaderTerm {
                    person_id: t.person_id,
                    started_on: t.started_on,
                    ended_on: t.ended_on,
                },
            )
        })
        .collect())
}

/// The stored record of one Posyandu and year.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct YearRecord {
    pub org_id: i64,
    pub year: i64,
    /// Comma-separated service codes, as declared for that year.
    pub services: String,
    pub dana_sehat: Option<f64>,
    pub sessions: i64,
    pub active_kader: i64,
    pub coverage: Option<f64>,
    #[sqlx(try_from = "crate::decode::Checked<domain::nutrition::Stratum>")]
    pub stratum: domain::nutrition::Stratum,
    pub updated_at: DateTime<Utc>,
}

/// The yearly records of a Posyandu, oldest first.
pub async fn years(tx: &mut Tx, org_id: i64) -> Result<Vec<YearRecord>> {
    on_tx!(tx, c => Ok(sqlx::query_as(
        "SELECT org_id, year, services, dana_sehat, sessions, active_kader, coverage, stratum, updated_at \
         FROM posyandu_years WHERE org_id = $1 ORDER BY year",
    )
    .bind(org_id)
    .fetch_all(c)
    .await?))
}

/// The yearly records of `org_ids` from `from_year` on.
pub async fn years_of(tx: &mut Tx, org_ids: &[i64], from_year: i64) -> Result<Vec<YearRecord>> {
    let mut q = Sql::new(
        "SELECT org_id, year, services, dana_sehat, sessions, active_kader, coverage, stratum, updated_at \
         FROM posyandu_years WHERE year >= ",
    );
    q.int(from_year).push(" AND org_id IN ").int_list(org_ids);
    q.push(" ORDER BY org_id, year");
    sql::fetch_all(tx, q).await
}

/// Writes the record of a Posyandu and year (its `updated_at` becomes now).
pub async fn save_year(tx: &mut Tx, r: &YearRecord) -> Result<()> {
    on_tx!(tx, c => sqlx::query(
        "INSERT INTO posyandu_years (org_id, year, services, dana_sehat, sessions, active_kader, coverage, stratum, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (org_id, year) DO UPDATE SET services = $3, \
         dana_sehat = $4, sessions = $5, active_kader = $6, coverage = $7, stratum = $8, updated_at = $9",
    )
    .bind(r.org_id)
    .bind(r.year)
    .bind(&r.services)
    .bind(r.dana_sehat)
    .bind(r.sessions)
    .bind(r.active_kader)
    .bind(r.coverage)
    .bind(r.stratum.as_str())
    .bind(now())
    .execute(c)
    .await?
    .rows_affected());
    Ok(())
}
