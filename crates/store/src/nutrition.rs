//! Posyandu profiles, children, measurements and the monthly tally of each Posyandu.

use crate::decode::{Checked, Flag};
use crate::sql::{self, Arg, Col, Sql};
use crate::{Result, StoreError, Tx, now, on_tx};
use chrono::{DateTime, NaiveDate, Utc};
use domain::access::Area;
use domain::nutrition::{
    ChildInput, LengthPosition, Measured, MeasurementSource, Scores, Sex2, Tally, Visit, fold_name,
};
use serde::Serialize;

// --- Posyandu ------------------------------------------------------------------------------

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Profile {
    pub org_id: i64,
    pub address: Option<String>,
    pub rt: Option<String>,
    pub rw: Option<String>,
    pub schedule_day: Option<i64>,
    /// Comma-separated service codes.
    pub services: String,
    pub dana_sehat: Option<f64>,
}

pub async fn profile(tx: &mut Tx, org_id: i64) -> Result<Option<Profile>> {
    on_tx!(tx, c => Ok(sqlx::query_as(
        "SELECT org_id, address, rt, rw, schedule_day, services, dana_sehat FROM posyandu_profiles WHERE org_id = $1",
    )
    .bind(org_id)
    .fetch_optional(c)
    .await?))
}

pub async fn save_profile(tx: &mut Tx, p: &Profile) -> Result<()> {
    on_tx!(tx, c => sqlx::query(
        "INSERT INTO posyandu_profiles (org_id, address, rt, rw, schedule_day, services, dana_sehat, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (org_id) DO UPDATE SET address = $2, rt = $3, rw = $4, \
         schedule_day = $5, services = $6, dana_sehat = $7, updated_at = $8",
    )
    .bind(p.org_id)
    .bind(&p.address)
    .bind(&p.rt)
    .bind(&p.rw)
    .bind(p.schedule_day)
    .bind(&p.services)
    .bind(p.dana_sehat)
    .bind(now())
    .execute(c)
    .await?
    .rows_affected());
    Ok(())
}

// --- children ------------------------------------------------------------------------------

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Child {
    pub id: i64,
    pub nik: Option<String>,
    pub name: String,
    #[sqlx(try_from = "crate::decode::Checked<domain::nutrition::Sex2>")]
    pub sex: Sex2,
    pub birth_date: NaiveDate,
    pub birth_weight: Option<f64>,
    pub birth_length: Option<f64>,
    pub mother_name: Option<String>,
    pub mother_nik: Option<String>,
    pub kk_number: Option<String>,
    pub posyandu_id: i64,
    pub posyandu_name: String,
    pub desa_code: String,
    pub desa_name: Option<String>,
    pub rt: Option<String>,
    pub rw: Option<String>,
    pub address: Option<String>,
    pub has_kia: bool,
    pub merged_into: Option<i64>,
    pub created_at: DateTime<Utc>,
}

pub(crate) const CHILD: &str = "SELECT c.id, c.nik, c.name, c.sex, c.birth_date, c.birth_weight, c.birth_length, c.mother_name, \
    c.mother_nik, c.kk_number, c.posyandu_id, p.name AS posyandu_name, c.desa_code, r.name AS desa_name, c.rt, c.rw, \
    c.address, c.has_kia, c.merged_into, c.created_at FROM children c JOIN organizations p ON p.id = c.posyandu_id \
    LEFT JOIN regions r ON r.code = c.desa_code";

pub async fn get_child(tx: &mut Tx, id: i64) -> Result<Option<Child>> {
    let mut q = Sql::new(CHILD);
    q.push(" WHERE c.id = ").int(id);
    Ok(sql::fetch_all(tx, q).await?.into_iter().next())
}

#[derive(Debug, Clone, Default)]
pub struct ChildFilter {
    /// Words of the child's or mother's name.
    pub q: Option<String>,
    pub posyandu_id: Option<i64>,
    pub ids: Option<Vec<i64>>,
    pub limit: i64,
}

/// Children (not merged away) in `area`, by name.
pub async fn children(tx: &mut Tx, area: &Area, f: &ChildFilter) -> Result<Vec<Child>> {
    let mut q = Sql::new(CHILD);
    q.push(" WHERE c.merged_into IS NULL AND ");
    q.area(area, "c.posyandu_id", "c.desa_code");
    if let Some(p) = f.posyandu_id {
        q.push(" AND c.posyandu_id = ").int(p);
    }
    if let Some(ids) = &f.ids {
        q.push(" AND c.id IN ").int_list(ids);
    }
    if let Some(t) = &f.q {
        for w in fold_name(t).split_whitespace().take(5) {
            let pat = format!("%{w}%");
            q.push(" AND (c.name_key LIKE ").text(pat.clone());
            q.push(" OR COALESCE(c.mother_key, '') LIKE ").text(pat).push(")");
        }
    }
    q.push(" ORDER BY c.name, c.birth_date LIMIT ")
        .int(f.limit.clamp(1, 5000));
    sql::fetch_all(tx, q).await
}

/// Registered children that may be the same child: the same NIK, or the same folded name
/// and birth date (the caller compares mothers).
pub async fn possible_duplicates(tx: &mut Tx, c: &ChildInput, except: Option<i64>) -> Result<Vec<Child>> {
    let mut q = Sql::new(CHILD);
    q.push(" WHERE c.merged_into IS NULL AND (");
    match &c.nik {
        Some(n) => q.push("c.nik = ").text(n.clone()).push(" OR "),
        None => &mut q,
    };
    q.push("(c.name_key = ").text(fold_name(&c.name));
    q.push(" AND c.birth_date = ").date(c.birth_date).push("))");
    if let Some(id) = except {
        q.push(" AND c.id <> ").int(id);
    }
    sql::fetch_all(tx, q).await
}

/// The stored columns of a child record and their values, for INSERT and UPDATE alike.
fn child_columns(c: &ChildInput, desa_code: &str) -> Vec<(&'static str, Arg)> {
    let text = |v: &Option<String>| Arg::OptText(v.clone());
    vec![
        ("nik", text(&c.nik)),
        ("name", Arg::Text(c.name.clone())),
        ("name_key", Arg::Text(fold_name(&c.name))),
        ("sex", Arg::Text(c.sex.as_str().into())),
        ("birth_date", Arg::Date(c.birth_date)),
        ("birth_weight", Arg::Real(c.birth_weight)),
        ("birth_length", Arg::Real(c.birth_length)),
        ("mother_name", text(&c.mother_name)),
        ("mother_key", Arg::OptText(c.mother_name.as_deref().map(fold_name))),
        ("mother_nik", text(&c.mother_nik)),
        ("kk_number", text(&c.kk_number)),
        ("posyandu_id", Arg::Int(c.posyandu_id)),
        ("desa_code", Arg::Text(desa_code.into())),
        ("rt", text(&c.rt)),
        ("rw", text(&c.rw)),
        ("address", text(&c.address)),
        ("has_kia", Arg::Bool(c.has_kia)),
    ]
}

pub async fn insert_child(tx: &mut Tx, c: &ChildInput, desa_code: &str, by: &str) -> Result<i64> {
    let t = now();
    let mut cols = child_columns(c, desa_code);
    cols.push(("created_by", Arg::Text(by.into())));
    cols.push(("created_at", Arg::Timestamp(t)));
    cols.push(("updated_at", Arg::Timestamp(t)));
    let names: Vec<&str> = cols.iter().map(|(n, _)| *n).collect();
    let mut q = Sql::new(&format!("INSERT INTO children ({}) VALUES (", names.join(", ")));
    for (i, (_, v)) in cols.into_iter().enumerate() {
        q.push(if i == 0 { "" } else { ", " }).arg(v);
    }
    q.push(") RETURNING id");
    sql::fetch_scalar_i64(tx, q).await
}

pub async fn update_child(tx: &mut Tx, id: i64, c: &ChildInput, desa_code: &str) -> Result<()> {
    let mut cols = child_columns(c, desa_code);
    cols.push(("updated_at", Arg::Timestamp(now())));
    let mut q = Sql::new("UPDATE children SET ");
    for (i, (name, v)) in cols.into_iter().enumerate() {
        q.push(if i == 0 { "" } else { ", " }).push(name).push(" = ").arg(v);
    }
    q.push(" WHERE id = ").int(id);
    if sql::execute(tx, q).await? == 0 {
        return Err(StoreError::NotFound);
    }
    Ok(())
}

/// Moves the measurements of `from` to `into` (a day both have keeps `into`'s) and marks
/// `from` merged. Returns the (Posyandu, month) pairs whose tallies change.
pub async fn merge(tx: &mut Tx, from: i64, into: i64) -> Result<Vec<(i64, NaiveDate)>> {
    let mut touched = months_of_child(tx, from).await?;
    touched.extend(months_of_child(tx, into).await?);
    on_tx!(tx, c => sqlx::query(
        "DELETE FROM measurements WHERE child_id = $1 AND measured_on IN (SELECT measured_on FROM measurements WHERE child_id = $2)",
    )
    .bind(from)
    .bind(into)
    .execute(c)
    .await?
    .rows_affected());
    on_tx!(tx, c => sqlx::query("UPDATE measurements SET child_id = $1 WHERE child_id = $2")
        .bind(into)
        .bind(from)
        .execute(c)
        .await?
        .rows_affected());
    on_tx!(tx, c => sqlx::query("UPDATE children SET merged_into = $1, nik = NULL, updated_at = $2 WHERE id = $3")
        .bind(into)
        .bind(now())
        .bind(from)
        .execute(c)
        .await?
        .rows_affected());
    Ok(touched)
}

/// The (Posyandu, month) pairs in which a child was measured.
pub async fn months_of_child(tx: &mut Tx, child: i64) -> Result<Vec<(i64, NaiveDate)>> {
    #[derive(sqlx::FromRow)]
    struct Row {
        posyandu_id: i64,
        month: NaiveDate,
    }
    let rows: Vec<Row> = on_tx!(tx, c => sqlx::query_as(
        "SELECT DISTINCT posyandu_id, month FROM measurements WHERE child_id = $1",
    )
    .bind(child)
    .fetch_all(c)
    .await?);
    Ok(rows.into_iter().map(|r| (r.posyandu_id, r.month)).collect())
}

// --- measurements --------------------------------------------------------------------------

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct StoredMeasurement {
    pub id: i64,
    pub child_id: i64,
    pub posyandu_id: i64,
    pub measured_on: NaiveDate,
    pub month: NaiveDate,
    pub age_days: i64,
    pub weight: Option<f64>,
    pub height: Option<f64>,
    #[sqlx(try_from = "crate::decode::CheckedOpt<domain::nutrition::LengthPosition>")]
    pub position: Option<LengthPosition>,
    pub oedema: bool,
    pub muac: Option<f64>,
    pub head: Option<f64>,
    pub haz: Option<f64>,
    pub waz: Option<f64>,
    pub whz: Option<f64>,
    pub bmiz: Option<f64>,
    pub haz_flag: bool,
    pub waz_flag: bool,
    pub whz_flag: bool,
    #[sqlx(try_from = "crate::decode::Checked<domain::nutrition::MeasurementSource>")]
    pub source: MeasurementSource,
    pub created_by: Option<String>,
}

/// [`StoredMeasurement`]'s columns in order, for reads of many through `sql::fetch_json`
/// (reals marked, to come back to the last bit).
pub(crate) const MEASUREMENT_COLS: [Col<'static>; 21] = [
    Col::Plain("id"),
    Col::Plain("child_id"),
    Col::Plain("posyandu_id"),
    Col::Plain("measured_on"),
    Col::Plain("month"),
    Col::Plain("age_days"),
    Col::Real("weight"),
    Col::Real("height"),
    Col::Plain("position"),
    Col::Plain("oedema"),
    Col::Real("muac"),
    Col::Real("head"),
    Col::Real("haz"),
    Col::Real("waz"),
    Col::Real("whz"),
    Col::Real("bmiz"),
    Col::Plain("haz_flag"),
    Col::Plain("waz_flag"),
    Col::Plain("whz_flag"),
    Col::Plain("source"),
    Col::Plain("created_by"),
];

/// A measurement as read through `sql::fetch_json` (the array of [`MEASUREMENT_COLS`]).
#[derive(serde::Deserialize)]
pub(crate) struct MeasurementRow {
    id: i64,
    child_id: i64,
    posyandu_id: i64,
    measured_on: NaiveDate,
    month: NaiveDate,
    age_days: i64,
    weight: Option<f64>,
    height: Option<f64>,
    position: Option<Checked<LengthPosition>>,
    oedema: Flag,
    muac: Option<f64>,
    head: Option<f64>,
    haz: Option<f64>,
    waz: Option<f64>,
    whz: Option<f64>,
    bmiz: Option<f64>,
    haz_flag: Flag,
    waz_flag: Flag,
    whz_flag: Flag,
    source: Checked<MeasurementSource>,
    created_by: Option<String>,
}

impl From<MeasurementRow> for StoredMeasurement {
    fn from(r: MeasurementRow) -> Self {
        StoredMeasurement {
            id: r.id,
            child_id: r.child_id,
            posyandu_id: r.posyandu_id,
            measured_on: r.measured_on,
            month: r.month,
            age_days: r.age_days,
            weight: r.weight,
            height: r.height,
            position: r.position.map(Into::into),
            oedema: r.oedema.0,
            muac: r.muac,
            head: r.head,
            haz: r.haz,
            waz: r.waz,
            whz: r.whz,
            bmiz: r.bmiz,
            haz_flag: r.haz_flag.0,
            waz_flag: r.waz_flag.0,
            whz_flag: r.whz_flag.0,
            source: r.source.into(),
            created_by: r.created_by,
        }
    }
}

impl StoredMeasurement {
    pub fn scores(&self) -> Scores {
        Scores {
            haz: self.haz,
            waz: self.waz,
            whz: self.whz,
            bmiz: self.bmiz,
            haz_flag: self.haz_flag,
            waz_flag: self.waz_flag,
            whz_flag: self.whz_flag,
        }
    }
}

const MEASUREMENT: &str = "SELECT id, child_id, posyandu_id, measured_on, month, age_days, weight, height, position, \
    oedema, muac, head, haz, waz, whz, bmiz, haz_flag, waz_flag, whz_flag, source, created_by FROM measurements";

/// A child's measurements, oldest first.
pub async fn measurements(tx: &mut Tx, child_id: i64) -> Result<Vec<StoredMeasurement>> {
    let mut q = Sql::new(MEASUREMENT);
    q.push(" WHERE child_id = ").int(child_id).push(" ORDER BY measured_on");
    sql::fetch_all(tx, q).await
}

/// The latest `per_child` measurements on or before `until` of each child registered at
/// `posyandu` (not merged away) born after `born_after`, by child and date: what a Posyandu
/// day's list and its summary judge every child on (weighed this month, last month, last
/// weight, T twice, the latest length). One window query over the children's index and the
/// measurements' (child, day) index, however many children.
pub async fn recent_at_posyandu(
    tx: &mut Tx,
    posyandu: i64,
    born_after: NaiveDate,
    until: NaiveDate,
    per_child: i64,
) -> Result<Vec<StoredMeasurement>> {
    // `t.*`: the columns of `measurements` as they are (read by name), plus the rank.
    let mut q = Sql::new(
        "SELECT t.* FROM (SELECT m.*, ROW_NUMBER() OVER (PARTITION BY m.child_id ORDER BY m.measured_on DESC) AS rn \
         FROM measurements m JOIN children c ON c.id = m.child_id WHERE c.merged_into IS NULL AND c.posyandu_id = ",
    );
    q.int(posyandu)
        .push(" AND c.birth_date > ")
        .date(born_after)
        .push(" AND m.measured_on <= ")
        .date(until);
    q.push(") t WHERE t.rn <= ").int(per_child.clamp(1, 24));
    q.push(" ORDER BY t.child_id, t.measured_on");
    sql::fetch_all(tx, q).await
}

/// Where a measurement was taken and by whom.
pub struct Place<'a> {
    pub posyandu_id: i64,
    pub desa_code: &'a str,
    pub source: MeasurementSource,
    pub by: &'a str,
}

/// Stores a measurement; a second one of the same child on the same day replaces the first
/// (so re-importing a file changes nothing). Returns the id and whether anything changed.
pub async fn upsert_measurement(tx: &mut Tx, child_id: i64, m: &Measured, p: &Place<'_>) -> Result<(i64, bool)> {
    #[derive(sqlx::FromRow)]
    struct Old {
        id: i64,
        weight: Option<f64>,
        height: Option<f64>,
        #[sqlx(try_from = "crate::decode::CheckedOpt<domain::nutrition::LengthPosition>")]
        position: Option<LengthPosition>,
        oedema: bool,
        muac: Option<f64>,
        head: Option<f64>,
        posyandu_id: i64,
    }
    let old: Option<Old> = on_tx!(tx, c => sqlx::query_as(
        "SELECT id, weight, height, position, oedema, muac, head, posyandu_id FROM measurements \
         WHERE child_id = $1 AND measured_on = $2",
    )
    .bind(child_id)
    .bind(m.measured_on)
    .fetch_optional(c)
    .await?);
    let t = now();
    let s = &m.scores;
    if let Some(o) = old {
        let same = o.weight == m.weight
            && o.height == m.height
            && o.position == m.position
            && o.oedema == m.oedema
            && o.muac == m.muac
            && o.head == m.head
            && o.posyandu_id == p.posyandu_id;
        if same {
            return Ok((o.id, false));
        }
        on_tx!(tx, c => sqlx::query(
            "UPDATE measurements SET posyandu_id = $1, desa_code = $2, weight = $3, height = $4, position = $5, oedema = $6, \
             muac = $7, head = $8, haz = $9, waz = $10, whz = $11, bmiz = $12, haz_flag = $13, waz_flag = $14, whz_flag = $15, \
             source = $16, updated_at = $17 WHERE id = $18",
        )
        .bind(p.posyandu_id)
        .bind(p.desa_code)
        .bind(m.weight)
        .bind(m.height)
        .bind(m.position.map(LengthPosition::as_str))
        .bind(m.oedema)
        .bind(m.muac)
        .bind(m.head)
        .bind(s.haz)
        .bind(s.waz)
        .bind(s.whz)
        .bind(s.bmiz)
        .bind(s.haz_flag)
        .bind(s.waz_flag)
        .bind(s.whz_flag)
        .bind(p.source.as_str())
        .bind(t)
        .bind(o.id)
        .execute(c)
        .await?
        .rows_affected());
        return Ok((o.id, true));
    }
    let id: i64 = on_tx!(tx, c => sqlx::query_scalar(
        "INSERT INTO measurements (child_id, posyandu_id, desa_code, measured_on, month, age_days, weight, height, position, \
         oedema, muac, head, haz, waz, whz, bmiz, haz_flag, waz_flag, whz_flag, source, created_by, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $22) \
         RETURNING id",
    )
    .bind(child_id)
    .bind(p.posyandu_id)
    .bind(p.desa_code)
    .bind(m.measured_on)
    .bind(domain::nutrition::month_of(m.measured_on))
    .bind(m.age_days)
    .bind(m.weight)
    .bind(m.height)
    .bind(m.position.map(LengthPosition::as_str))
    .bind(m.oedema)
    .bind(m.muac)
    .bind(m.head)
    .bind(s.haz)
    .bind(s.waz)
    .bind(s.whz)
    .bind(s.bmiz)
    .bind(s.haz_flag)
    .bind(s.waz_flag)
    .bind(s.whz_flag)
    .bind(p.source.as_str())
    .bind(p.by)
    .bind(t)
    .fetch_one(c)
    .await?);
    Ok((id, true))
}

/// The last weight of a child before `before` (date and kg).
pub async fn last_weight_before(tx: &mut Tx, child_id: i64, before: NaiveDate) -> Result<Option<(NaiveDate, f64)>> {
    #[derive(sqlx::FromRow)]
    struct Row {
        measured_on: NaiveDate,
        weight: f64,
    }
    let r: Option<Row> = on_tx!(tx, c => sqlx::query_as(
        "SELECT measured_on, weight FROM measurements WHERE child_id = $1 AND weight IS NOT NULL AND measured_on < $2 \
         ORDER BY measured_on DESC LIMIT 1",
    )
    .bind(child_id)
    .bind(before)
    .fetch_optional(c)
    .await?);
    Ok(r.map(|r| (r.measured_on, r.weight)))
}

// --- monthly tally -------------------------------------------------------------------------

/// A measurement as the monthly tally reads it, with its child: where the child is
/// registered now, its birth date and KIA book (for S/K when a visitor is counted where
/// weighed).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct VisitRow {
    pub child_id: i64,
    pub home_id: i64,
    pub birth_date: NaiveDate,
    pub has_kia: bool,
    pub posyandu_id: i64,
    pub measured_on: NaiveDate,
    pub age_days: i64,
    pub weight: Option<f64>,
    pub haz: Option<f64>,
    pub waz: Option<f64>,
    pub whz: Option<f64>,
    pub haz_flag: bool,
    pub waz_flag: bool,
    pub whz_flag: bool,
}

impl VisitRow {
    pub fn visit(&self) -> Visit {
        Visit {
            posyandu_id: self.posyandu_id,
            measured_on: self.measured_on,
            age_days: self.age_days,
            weight: self.weight,
            scores: Scores {
                haz: self.haz,
                waz: self.waz,
                whz: self.whz,
                bmiz: None,
                haz_flag: self.haz_flag,
                waz_flag: self.waz_flag,
                whz_flag: self.whz_flag,
            },
        }
    }
}

/// The children whose months since `since` may count at `posyandu`: those measured there,
/// those registered there, and those who moved from or to there. All their measurements
/// since then (wherever taken), by child and date, and which of them were weighed before
/// `since`. The children are looked up first and their measurements then fetched by child,
/// through the (child, day) index: as one `IN (subquery)` PostgreSQL misjudged how many rows
/// the children have and scanned the whole table.
pub async fn visits_since(tx: &mut Tx, posyandu: &[i64], since: NaiveDate) -> Result<(Vec<VisitRow>, Vec<i64>)> {
    let mut children: Vec<i64> = Vec::new();
    for chunk in posyandu.chunks(5000) {
        let mut q = Sql::new("SELECT DISTINCT child_id FROM measurements WHERE posyandu_id IN ");
        q.int_list(chunk).push(" AND measured_on >= ").date(since);
        children.extend(sql::fetch_ints(tx, q).await?);
        let mut q = Sql::new("SELECT id FROM children WHERE merged_into IS NULL AND posyandu_id IN ");
        q.int_list(chunk);
        children.extend(sql::fetch_ints(tx, q).await?);
        children.extend(moved_children(tx, chunk).await?);
    }
    children.sort_unstable();
    children.dedup();
    let mut rows: Vec<VisitRow> = Vec::new();
    let mut before: Vec<i64> = Vec::new();
    for chunk in children.chunks(5000) {
        let mut q = Sql::new(
            "SELECT m.child_id, c.posyandu_id AS home_id, c.birth_date, c.has_kia, m.posyandu_id, m.measured_on, \
             m.age_days, m.weight, m.haz, m.waz, m.whz, m.haz_flag, m.waz_flag, m.whz_flag \
             FROM measurements m JOIN children c ON c.id = m.child_id WHERE m.child_id IN ",
        );
        q.int_list(chunk).push(" AND m.measured_on >= ").date(since);
        q.push(" ORDER BY m.child_id, m.measured_on");
        rows.extend(sql::fetch_all::<VisitRow>(tx, q).await?);
        let mut q = Sql::new("SELECT DISTINCT child_id FROM measurements WHERE weight IS NOT NULL AND child_id IN ");
        q.int_list(chunk).push(" AND measured_on < ").date(since);
        before.extend(sql::fetch_ints(tx, q).await?);
    }
    Ok((rows, before))
}

/// A registered child (not merged away) as S and K count it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Registered {
    pub id: i64,
    pub posyandu_id: i64,
    pub birth_date: NaiveDate,
    pub has_kia: bool,
}

/// The children registered at `posyandu` (now, or before or after a move) who are under
/// five some time from `from` on.
pub async fn registrations(tx: &mut Tx, posyandu: &[i64], from: NaiveDate) -> Result<Vec<Registered>> {
    let born_after = from.checked_sub_months(chrono::Months::new(61)).unwrap_or(from);
    let mut out: Vec<Registered> = Vec::new();
    for chunk in posyandu.chunks(5000) {
        let mut q = Sql::new(
            "SELECT id, posyandu_id, birth_date, has_kia FROM children WHERE merged_into IS NULL AND (posyandu_id IN ",
        );
        q.int_list(chunk)
            .push(" OR id IN (SELECT child_id FROM child_moves WHERE from_posyandu_id IN ")
            .int_list(chunk)
            .push(" OR to_posyandu_id IN ")
            .int_list(chunk)
            .push(")) AND birth_date > ")
            .date(born_after);
        out.extend(sql::fetch_all::<Registered>(tx, q).await?);
    }
    out.sort_by_key(|r| r.id);
    out.dedup_by_key(|r| r.id);
    Ok(out)
}

/// Every stored tally, keyed `"posyandu|YYYY-MM-DD"` (for the consistency check).
pub async fn all_tallies(tx: &mut Tx) -> Result<Vec<(String, Tally)>> {
    let cols = TALLY_COLUMNS.join(", ");
    let q = Sql::new(&format!(
        "SELECT CAST(posyandu_id AS TEXT) || '|' || CAST(month AS TEXT) AS k, {cols} FROM nutrition_months ORDER BY 1"
    ));
    Ok(sql::fetch_rows(tx, q)
        .await?
        .into_iter()
        .map(|(k, v)| (k, tally_from(&v)))
        .collect())
}

/// Every Posyandu that has a tally, a measurement or a registered child, with the first
/// month any of them concerns (a recount from scratch starts there).
pub async fn tally_starts(tx: &mut Tx) -> Result<Vec<(i64, NaiveDate)>> {
    #[derive(sqlx::FromRow)]
    struct Row {
        posyandu_id: i64,
        first: NaiveDate,
    }
    let rows: Vec<Row> = on_tx!(tx, c => sqlx::query_as(
        "SELECT posyandu_id, MIN(m) AS first FROM (\
           SELECT posyandu_id, month AS m FROM nutrition_months \
           UNION ALL SELECT posyandu_id, month FROM measurements \
           UNION ALL SELECT posyandu_id, birth_date FROM children WHERE merged_into IS NULL \
           UNION ALL SELECT from_posyandu_id, moved_on FROM child_moves \
           UNION ALL SELECT to_posyandu_id, moved_on FROM child_moves) x \
         GROUP BY posyandu_id ORDER BY posyandu_id",
    )
    .fetch_all(c)
    .await?);
    Ok(rows.into_iter().map(|r| (r.posyandu_id, r.first)).collect())
}

/// Every Posyandu with a tally, with its first month (a full recount starts there).
pub async fn first_months(tx: &mut Tx) -> Result<Vec<(i64, NaiveDate)>> {
    #[derive(sqlx::FromRow)]
    struct Row {
        posyandu_id: i64,
        first: NaiveDate,
    }
    let rows: Vec<Row> = on_tx!(tx, c => sqlx::query_as(
        "SELECT posyandu_id, MIN(month) AS first FROM nutrition_months GROUP BY posyandu_id ORDER BY posyandu_id",
    )
    .fetch_all(c)
    .await?);
    Ok(rows.into_iter().map(|r| (r.posyandu_id, r.first)).collect())
}

// --- moves ---------------------------------------------------------------------------------

/// A child's move for good from one Posyandu to another.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Move {
    pub id: i64,
    pub child_id: i64,
    pub from_posyandu_id: i64,
    pub from_name: String,
    pub to_posyandu_id: i64,
    pub to_name: String,
    pub moved_on: NaiveDate,
    pub reason: Option<String>,
    pub moved_by: Option<String>,
}

/// Children with a move from or to one of `posyandu`.
async fn moved_children(tx: &mut Tx, posyandu: &[i64]) -> Result<Vec<i64>> {
    let mut q = Sql::new("SELECT DISTINCT child_id FROM child_moves WHERE from_posyandu_id IN ");
    q.int_list(posyandu).push(" OR to_posyandu_id IN ").int_list(posyandu);
    sql::fetch_ints(tx, q).await
}

/// The moves of `children`, by child and date (oldest first).
pub async fn moves_of(tx: &mut Tx, children: &[i64]) -> Result<Vec<Move>> {
    let mut out = Vec::new();
    for chunk in children.chunks(5000) {
        let mut q = Sql::new(
            "SELECT v.id, v.child_id, v.from_posyandu_id, f.name AS from_name, v.to_posyandu_id, t.name AS to_name, \
             v.moved_on, v.reason, v.moved_by FROM child_moves v JOIN organizations f ON f.id = v.from_posyandu_id \
             JOIN organizations t ON t.id = v.to_posyandu_id WHERE v.child_id IN ",
        );
        q.int_list(chunk).push(" ORDER BY v.child_id, v.moved_on, v.id");
        out.extend(sql::fetch_all::<Move>(tx, q).await?);
    }
    Ok(out)
}

/// A move to record.
pub struct NewMove<'a> {
    pub child: i64,
    pub from: i64,
    pub to: i64,
    /// The desa of the new Posyandu (the child's registered place).
    pub to_desa: &'a str,
    pub on: NaiveDate,
    pub reason: Option<&'a str>,
    pub by: &'a str,
}

/// Records a move and registers the child at its new Posyandu (and desa).
pub async fn insert_move(tx: &mut Tx, m: &NewMove<'_>) -> Result<i64> {
    let NewMove {
        child,
        from,
        to,
        to_desa,
        on,
        reason,
        by,
    } = *m;
    let t = now();
    let id: i64 = on_tx!(tx, c => sqlx::query_scalar(
        "INSERT INTO child_moves (child_id, from_posyandu_id, to_posyandu_id, moved_on, reason, moved_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(child)
    .bind(from)
    .bind(to)
    .bind(on)
    .bind(reason)
    .bind(by)
    .bind(t)
    .fetch_one(c)
    .await?);
    on_tx!(tx, c => sqlx::query("UPDATE children SET posyandu_id = $1, desa_code = $2, updated_at = $3 WHERE id = $4")
        .bind(to)
        .bind(to_desa)
        .bind(t)
        .bind(child)
        .execute(c)
        .await?
        .rows_affected());
    Ok(id)
}

/// A Posyandu's name and desa.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PosyanduPlace {
    pub id: i64,
    pub name: String,
    pub region_code: String,
}

/// The name and desa of each Posyandu.
pub async fn posyandu_places(tx: &mut Tx, posyandu: &[i64]) -> Result<Vec<PosyanduPlace>> {
    let mut out = Vec::with_capacity(posyandu.len());
    for chunk in posyandu.chunks(5000) {
        let mut q = Sql::new("SELECT id, name, region_code FROM organizations WHERE id IN ");
        q.int_list(chunk);
        out.extend(sql::fetch_all::<PosyanduPlace>(tx, q).await?);
    }
    Ok(out)
}

pub(crate) const TALLY_COLUMNS: [&str; 21] = [
    "s",
    "k",
    "d",
    "n",
    "t",
    "o",
    "b",
    "bgm",
    "haz_n",
    "stunted",
    "severely_stunted",
    "whz_n",
    "wasted",
    "severely_wasted",
    "overweight",
    "waz_n",
    "underweight",
    "severely_underweight",
    "measured",
    "flagged",
    "visitors",
];

fn tally_values(t: &Tally) -> [i64; 21] {
    [
        t.s,
        t.k,
        t.d,
        t.n,
        t.t,
        t.o,
        t.b,
        t.bgm,
        t.haz_n,
        t.stunted,
        t.severely_stunted,
        t.whz_n,
        t.wasted,
        t.severely_wasted,
        t.overweight,
        t.waz_n,
        t.underweight,
        t.severely_underweight,
        t.measured,
        t.flagged,
        t.visitors,
    ]
}

pub(crate) fn tally_from(v: &[i64]) -> Tally {
    let g = |i: usize| v.get(i).copied().unwrap_or(0);
    Tally {
        s: g(0),
        k: g(1),
        d: g(2),
        n: g(3),
        t: g(4),
        o: g(5),
        b: g(6),
        bgm: g(7),
        haz_n: g(8),
        stunted: g(9),
        severely_stunted: g(10),
        whz_n: g(11),
        wasted: g(12),
        severely_wasted: g(13),
        overweight: g(14),
        waz_n: g(15),
        underweight: g(16),
        severely_underweight: g(17),
        measured: g(18),
        flagged: g(19),
        visitors: g(20),
    }
}

/// One Posyandu's tally of one month, to store.
#[derive(Debug, Clone)]
pub struct MonthTally {
    pub posyandu_id: i64,
    pub month: NaiveDate,
    pub desa_code: String,
    pub tally: Tally,
}

/// The advisory-lock keys of the tallies: this base, and `base + 1 + id` per Posyandu.
const TALLY_TURNS: i64 = 0x4e55_5452_0000_0000;

/// Makes the writers of these Posyandu's tallies take turns until the end of the transaction,
/// before their recount reads anything: on PostgreSQL two weighings at one Posyandu committed
/// at once would otherwise each recount without the other's row (one lost from the month's
/// D, or a clash on the rewritten rows). Nothing on SQLite, whose writers take turns already.
/// More than 64 Posyandu (an import, a rebuild) wait for every writer instead.
pub async fn take_turns(tx: &mut Tx, posyandu: &[i64]) -> Result<()> {
    crate::dialect::take_turns_on(tx, TALLY_TURNS, posyandu, 64).await
}

/// Replaces the stored tallies of each `(Posyandu, first month)` from that month on with
/// `rows`.
pub async fn replace_months(tx: &mut Tx, from: &[(i64, NaiveDate)], rows: &[MonthTally]) -> Result<()> {
    let mut by_month: std::collections::BTreeMap<NaiveDate, Vec<i64>> = Default::default();
    for (p, m) in from {
        by_month.entry(*m).or_default().push(*p);
    }
    for (m, ids) in by_month {
        for chunk in ids.chunks(1000) {
            let mut q = Sql::new("DELETE FROM nutrition_months WHERE posyandu_id IN ");
            q.int_list(chunk).push(" AND month >= ").date(m);
            sql::execute(tx, q).await?;
        }
    }
    let cols = TALLY_COLUMNS.join(", ");
    let t = now();
    for chunk in rows.chunks(bulk_rows(tx)) {
        let mut q = Sql::new(&format!(
            "INSERT INTO nutrition_months (posyandu_id, month, desa_code, {cols}, updated_at) VALUES "
        ));
        for (i, r) in chunk.iter().enumerate() {
            q.push(if i == 0 { "(" } else { ", (" });
            q.int(r.posyandu_id)
                .push(", ")
                .date(r.month)
                .push(", ")
                .text(r.desa_code.clone());
            for v in tally_values(&r.tally) {
                q.push(", ").int(v);
            }
            q.push(", ").timestamp(t).push(")");
        }
        sql::execute(tx, q).await?;
    }
    Ok(())
}

/// Where a tally is summed.
#[derive(Debug, Clone)]
pub enum Scope {
    /// Every Posyandu (the national rollup).
    All,
    /// A region and everything below it (district, kecamatan, desa).
    Region(String),
    /// These desa (a Puskesmas' wilayah kerja).
    Desa(Vec<String>),
    /// These Posyandu.
    Posyandu(Vec<i64>),
}

pub(crate) fn push_scope(q: &mut Sql, s: &Scope) {
    match s {
        Scope::All => {
            q.push("1 = 1");
        }
        Scope::Region(code) => {
            q.push("(n.desa_code = ").text(code.clone());
            q.push(" OR n.desa_code LIKE ").text(format!("{code}.%")).push(")");
        }
        Scope::Desa(codes) => {
            q.push("n.desa_code IN ").text_list(codes);
        }
        Scope::Posyandu(ids) => {
            q.push("n.posyandu_id IN ").int_list(ids);
        }
    }
}

/// The tallies of a month summed per `group` key: `desa` (desa code), `kecamatan`,
/// `kabupaten` or `province` (the code's first parts), `posyandu` (org id as text) or `all`
/// (one row, key "").
pub async fn tallies(tx: &mut Tx, scope: &Scope, month: NaiveDate, group: &str) -> Result<Vec<(String, Tally)>> {
    // Kemendagri codes have fixed widths: 11.01.01.2001.
    let key = match group {
        "desa" => "n.desa_code",
        "kecamatan" => "SUBSTR(n.desa_code, 1, 8)",
        "kabupaten" => "SUBSTR(n.desa_code, 1, 5)",
        "province" => "SUBSTR(n.desa_code, 1, 2)",
        "posyandu" => "CAST(n.posyandu_id AS TEXT)",
        _ => "''",
    };
    let sums: Vec<String> = TALLY_COLUMNS
        .iter()
        .map(|c| format!("CAST(COALESCE(SUM(n.{c}), 0) AS BIGINT) AS {c}"))
        .collect();
    let mut q = Sql::new(&format!(
        "SELECT {key} AS k, {} FROM nutrition_months n WHERE n.month = ",
        sums.join(", ")
    ));
    q.date(month).push(" AND ");
    push_scope(&mut q, scope);
    if key != "''" {
        q.push(&format!(" GROUP BY {key} ORDER BY 1"));
    }
    let rows = sql::fetch_rows(tx, q).await?;
    Ok(rows.into_iter().map(|(k, vals)| (k, tally_from(&vals))).collect())
}

/// The months from `from` to `to` in which the place had any child measured, oldest first,
/// for choosing a report's months: read from the index of measured months alone
/// (`nutrition_months_measured_idx`; a count is never negative, so a month whose rows sum to
/// more than none has a row with some).
pub async fn months_measured(tx: &mut Tx, scope: &Scope, from: NaiveDate, to: NaiveDate) -> Result<Vec<NaiveDate>> {
    let mut q = Sql::new("SELECT CAST(n.month AS TEXT) FROM nutrition_months n WHERE n.measured > 0 AND n.month >= ");
    q.date(from).push(" AND n.month <= ").date(to).push(" AND ");
    push_scope(&mut q, scope);
    q.push(" GROUP BY n.month ORDER BY n.month");
    sql::fetch_texts(tx, q)
        .await?
        .into_iter()
        .map(|k| month_key(&k))
        .collect()
}

/// A month read as text (`CAST(month AS TEXT)`: a date, or a timestamp on SQLite).
fn month_key(k: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(k.get(..10).unwrap_or(k), "%Y-%m-%d").map_err(|_| StoreError::Corrupt {
        column: "nutrition_months.month".into(),
        kind: "date",
        value: k.to_string(),
    })
}

/// The tallies of `scope` summed per month from `from` to `to` (first days, both included),
/// oldest first; months without a stored row are left out.
pub async fn monthly(tx: &mut Tx, scope: &Scope, from: NaiveDate, to: NaiveDate) -> Result<Vec<(NaiveDate, Tally)>> {
    let sums: Vec<String> = TALLY_COLUMNS
        .iter()
        .map(|c| format!("CAST(COALESCE(SUM(n.{c}), 0) AS BIGINT) AS {c}"))
        .collect();
    let mut q = Sql::new(&format!(
        "SELECT CAST(n.month AS TEXT) AS k, {} FROM nutrition_months n WHERE n.month >= ",
        sums.join(", ")
    ));
    q.date(from).push(" AND n.month <= ").date(to).push(" AND ");
    push_scope(&mut q, scope);
    q.push(" GROUP BY n.month ORDER BY n.month");
    let rows = sql::fetch_rows(tx, q).await?;
    rows.into_iter()
        .map(|(k, vals)| month_key(&k).map(|m| (m, tally_from(&vals))))
        .collect()
}

// --- bulk ----------------------------------------------------------------------------------

/// A measurement to insert in bulk (import, demo).
#[derive(Debug, Clone)]
pub struct NewMeasurement {
    pub child_id: i64,
    pub posyandu_id: i64,
    pub desa_code: String,
    pub input: Measured,
}

/// Rows per multi-row INSERT. SQLite binds the builder's anonymous `?` placeholders by
/// position (see `dialect::sqlite_placeholders`; with `$n` names a statement's binding cost
/// grew with its parameters and 16 rows was the best size); PostgreSQL gains from larger
/// statements still.
pub(crate) fn bulk_rows(tx: &Tx) -> usize {
    match tx.backend() {
        crate::Backend::Sqlite => 100,
        crate::Backend::Postgres => 500,
    }
}

/// Inserts measurements in multi-row statements. The (child, day) pairs must be new — the
/// caller has taken out those already stored (see [`existing`]).
pub async fn insert_measurements(
    tx: &mut Tx,
    rows: &[NewMeasurement],
    source: MeasurementSource,
    by: &str,
) -> Result<()> {
    let t = now();
    let per = bulk_rows(tx);
    for chunk in rows.chunks(per) {
        let mut q = Sql::new(
            "INSERT INTO measurements (child_id, posyandu_id, desa_code, measured_on, month, age_days, weight, height, \
             position, oedema, muac, head, haz, waz, whz, bmiz, haz_flag, waz_flag, whz_flag, source, created_by, \
             created_at, updated_at) VALUES ",
        );
        for (i, r) in chunk.iter().enumerate() {
            let m = &r.input;
            let s = &m.scores;
            if i > 0 {
                q.push(", ");
            }
            q.push("(")
                .int(r.child_id)
                .push(", ")
                .int(r.posyandu_id)
                .push(", ")
                .text(r.desa_code.clone());
            q.push(", ")
                .date(m.measured_on)
                .push(", ")
                .date(domain::nutrition::month_of(m.measured_on));
            q.push(", ").int(m.age_days);
            for v in [m.weight, m.height] {
                q.push(", ").real(v);
            }
            q.push(", ").opt_text(m.position.map(|p| p.as_str().to_string()));
            q.push(if m.oedema { ", TRUE" } else { ", FALSE" });
            for v in [m.muac, m.head, s.haz, s.waz, s.whz, s.bmiz] {
                q.push(", ").real(v);
            }
            for f in [s.haz_flag, s.waz_flag, s.whz_flag] {
                q.push(if f { ", TRUE" } else { ", FALSE" });
            }
            q.push(", ").text(source.as_str()).push(", ").text(by);
            q.push(", ").timestamp(t).push(", ").timestamp(t).push(")");
        }
        sql::execute(tx, q).await?;
    }
    Ok(())
}

/// The (child, day) pairs of `children` already measured, with what was stored, so an
/// import can skip identical rows and replace changed ones.
pub async fn existing(tx: &mut Tx, child_ids: &[i64]) -> Result<Vec<StoredMeasurement>> {
    let mut out = Vec::new();
    for chunk in child_ids.chunks(5000) {
        let mut q = Sql::new(MEASUREMENT);
        q.push(" WHERE child_id IN ").int_list(chunk);
        out.extend(sql::fetch_all::<StoredMeasurement>(tx, q).await?);
    }
    Ok(out)
}

/// Children registered (not merged away).
pub async fn count_children(tx: &mut Tx) -> Result<i64> {
    sql::fetch_scalar_i64(tx, Sql::new("SELECT COUNT(*) FROM children WHERE merged_into IS NULL")).await
}

/// Measurements stored (for benchmarks and the admin's overview).
pub async fn count_measurements(tx: &mut Tx) -> Result<i64> {
    sql::fetch_scalar_i64(tx, Sql::new("SELECT COUNT(*) FROM measurements")).await
}

/// The identifying keys of registered children (not merged away): those at `posyandu` and
/// those with one of `niks`, for matching the rows of an import in memory.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ChildKey {
    pub id: i64,
    pub nik: Option<String>,
    pub name_key: String,
    pub birth_date: NaiveDate,
    pub mother_key: Option<String>,
    #[sqlx(try_from = "crate::decode::Checked<domain::nutrition::Sex2>")]
    pub sex: Sex2,
    /// Where the child is registered (the import decides from it whether the importer may
    /// read the child, and whether a row is a visit away from home).
    pub posyandu_id: i64,
    pub desa_code: String,
}

pub async fn child_keys(tx: &mut Tx, posyandu: &[i64], niks: &[String]) -> Result<Vec<ChildKey>> {
    const COLS: &str = "SELECT id, nik, name_key, birth_date, mother_key, sex, posyandu_id, desa_code FROM children \
                        WHERE merged_into IS NULL AND ";
    let mut out: Vec<ChildKey> = Vec::new();
    for chunk in posyandu.chunks(2000) {
        let mut q = Sql::new(COLS);
        q.push("posyandu_id IN ").int_list(chunk);
        out.extend(sql::fetch_all::<ChildKey>(tx, q).await?);
    }
    let mut have: std::collections::HashSet<i64> = out.iter().map(|k| k.id).collect();
    for chunk in niks.chunks(2000) {
        let mut q = Sql::new(COLS);
        q.push("nik IN ").text_list(chunk);
        for k in sql::fetch_all::<ChildKey>(tx, q).await? {
            if have.insert(k.id) {
                out.push(k);
            }
        }
    }
    Ok(out)
}
