//! People and their positions in organisations over time.

use crate::sql::{self, Sql};
use crate::{Result, StoreError, Tx, now, on_tx};
use chrono::{DateTime, NaiveDate, Utc};
use domain::access::Area;
use domain::person::{PersonInput, PositionInput};
use domain::region::name_key;
use serde::Serialize;

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Person {
    pub id: i64,
    pub name: String,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub nik: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Position {
    pub id: i64,
    pub person_id: i64,
    pub person_name: String,
    pub org_id: i64,
    pub org_name: String,
    pub org_region_code: String,
    #[sqlx(try_from = "crate::decode::Checked<domain::person::PositionKind>")]
    pub kind: domain::person::PositionKind,
    pub title: Option<String>,
    pub started_on: Option<NaiveDate>,
    pub ended_on: Option<NaiveDate>,
}

const PERSON: &str = "SELECT p.id, p.name, p.phone, p.email, p.nik, p.created_at, p.updated_at FROM people p";
const POSITION: &str = "SELECT s.id, s.person_id, p.name AS person_name, s.org_id, o.name AS org_name, \
    o.region_code AS org_region_code, s.kind, s.title, s.started_on, s.ended_on FROM positions s \
    JOIN people p ON p.id = s.person_id JOIN organizations o ON o.id = s.org_id";

/// `p` holds (or held) a position in an organisation inside `area`, as one person's check:
/// a correlated `EXISTS`.
fn push_visible(q: &mut Sql, area: &Area) {
    push_positioned(
        q,
        area,
        "EXISTS (SELECT 1 FROM positions s JOIN organizations o ON o.id = s.org_id WHERE s.person_id = p.id AND ",
    );
}

/// [`push_visible`] for a list: the people with a position in `area` gathered once
/// (`p.id IN (…)`), where the correlated `EXISTS`, asked of every person, read an
/// organisation's positions again for each (a Polsek's `/people`: 1,527 people × its 17
/// positions, 7–9 ms on SQLite, against 0.2 ms).
fn push_visible_list(q: &mut Sql, area: &Area) {
    push_positioned(
        q,
        area,
        "p.id IN (SELECT s.person_id FROM positions s JOIN organizations o ON o.id = s.org_id WHERE ",
    );
}

/// `opening` (a subquery over positions `s` and organisations `o`, left open after its
/// `WHERE`), then `area`'s test on `o`; nothing to test for the whole installation.
fn push_positioned(q: &mut Sql, area: &Area, opening: &str) {
    if matches!(area, Area::All) {
        q.push("1 = 1");
        return;
    }
    q.push(opening);
    q.area(area, "o.id", "o.region_code").push(")");
}

#[derive(Debug, Clone, Default)]
pub struct PersonFilter {
    pub q: Option<String>,
    pub org_id: Option<i64>,
    pub limit: i64,
    pub offset: i64,
}

fn person_where(q: &mut Sql, area: &Area, f: &PersonFilter) {
    q.push(" WHERE ");
    push_visible_list(q, area);
    if let Some(k) = f.q.as_deref().map(name_key).filter(|k| !k.is_empty()) {
        q.push(" AND p.name_key LIKE ").text(format!("%{k}%"));
    }
    if let Some(o) = f.org_id {
        q.push(" AND EXISTS (SELECT 1 FROM positions x WHERE x.person_id = p.id AND x.org_id = ")
            .int(o)
            .push(")");
    }
}

pub async fn list(tx: &mut Tx, area: &Area, f: &PersonFilter) -> Result<(Vec<Person>, i64)> {
    let mut c = Sql::new("SELECT COUNT(*) FROM people p");
    person_where(&mut c, area, f);
    let total = sql::fetch_scalar_i64(tx, c).await?;
    let mut q = Sql::new(PERSON);
    person_where(&mut q, area, f);
    q.push(" ORDER BY p.name, p.id LIMIT ")
        .int(f.limit.clamp(1, 1000))
        .push(" OFFSET ")
        .int(f.offset.max(0));
    Ok((sql::fetch_all(tx, q).await?, total))
}

pub async fn get(tx: &mut Tx, id: i64) -> Result<Option<Person>> {
    let mut q = Sql::new(PERSON);
    q.push(" WHERE p.id = ").int(id);
    Ok(sql::fetch_all(tx, q).await?.into_iter().next())
}

/// Whether `id` is visible in `area`.
pub async fn visible(tx: &mut Tx, area: &Area, id: i64) -> Result<bool> {
    let mut q = Sql::new("SELECT COUNT(*) FROM people p WHERE p.id = ");
    q.int(id).push(" AND ");
    push_visible(&mut q, area);
    Ok(sql::fetch_scalar_i64(tx, q).await? > 0)
}

pub async fn insert(tx: &mut Tx, p: &PersonInput) -> Result<i64> {
    let t = now();
    on_tx!(tx, c => Ok(sqlx::query_scalar(
        "INSERT INTO people (name, name_key, phone, email, nik, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id",
    )
    .bind(&p.name)
    .bind(name_key(&p.name))
    .bind(&p.phone)
    .bind(&p.email)
    .bind(p.nik.as_ref().map(|n| n.as_str()))
    .bind(t)
    .fetch_one(c)
    .await?))
}

pub async fn update(tx: &mut Tx, id: i64, p: &PersonInput) -> Result<()> {
    let n = on_tx!(tx, c => sqlx::query(
        "UPDATE people SET name = $1, name_key = $2, phone = $3, email = $4, nik = $5, updated_at = $6 WHERE id = $7",
    )
    .bind(&p.name)
    .bind(name_key(&p.name))
    .bind(&p.phone)
    .bind(&p.email)
    .bind(p.nik.as_ref().map(|n| n.as_str()))
    .bind(now())
    .bind(id)
    .execute(c)
    .await?
    .rows_affected());
    if n == 0 { Err(StoreError::NotFound) } else { Ok(()) }
}

pub async fn positions_of(tx: &mut Tx, person_ids: &[i64]) -> Result<Vec<Position>> {
    let mut q = Sql::new(POSITION);
    q.push(" WHERE s.person_id IN ").int_list(person_ids);
    q.push(" ORDER BY s.person_id, s.ended_on IS NOT NULL, s.started_on DESC, s.id DESC");
    sql::fetch_all(tx, q).await
}

/// Positions held in `org_id` (current first).
pub async fn positions_at(tx: &mut Tx, org_id: i64) -> Result<Vec<Position>> {
    let mut q = Sql::new(POSITION);
    q.push(" WHERE s.org_id = ").int(org_id);
    q.push(" ORDER BY s.ended_on IS NOT NULL, s.kind, p.name");
    sql::fetch_all(tx, q).await
}

pub async fn get_position(tx: &mut Tx, id: i64) -> Result<Option<Position>> {
    let mut q = Sql::new(POSITION);
    q.push(" WHERE s.id = ").int(id);
    Ok(sql::fetch_all(tx, q).await?.into_iter().next())
}

pub async fn insert_position(tx: &mut Tx, person_id: i64, p: &PositionInput) -> Result<i64> {
    on_tx!(tx, c => Ok(sqlx::query_scalar(
        "INSERT INTO positions (person_id, org_id, kind, title, started_on, ended_on, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(person_id)
    .bind(p.org_id)
    .bind(p.kind.as_str())
    .bind(&p.title)
    .bind(p.started_on)
    .bind(p.ended_on)
    .bind(now())
    .fetch_one(c)
    .await?))
}

pub async fn end_position(tx: &mut Tx, id: i64, ended_on: NaiveDate) -> Result<()> {
    on_tx!(tx, c => sqlx::query("UPDATE positions SET ended_on = $1 WHERE id = $2").bind(ended_on).bind(id).execute(c).await?.rows_affected());
    Ok(())
}

/// (person id, name, organisation name) of everyone holding a current position in `org_ids`.
pub async fn current_holders(tx: &mut Tx, org_ids: &[i64]) -> Result<Vec<(i64, String, String)>> {
    let mut q = Sql::new(
        "SELECT p.id AS i, p.name AS n, o.name AS o FROM positions s JOIN people p ON p.id = s.person_id \
         JOIN organizations o ON o.id = s.org_id WHERE s.ended_on IS NULL AND s.org_id IN ",
    );
    q.int_list(org_ids).push(" ORDER BY o.name, p.name");
    #[derive(sqlx::FromRow)]
    struct Row {
        i: i64,
        n: String,
        o: String,
    }
    Ok(sql::fetch_all::<Row>(tx, q)
        .await?
        .into_iter()
        .map(|r| (r.i, r.n, r.o))
        .collect())
}
