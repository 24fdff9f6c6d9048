//! Follow-up of children: why each child needs follow-up (judged from its latest
//! measurements on every write, read by the lists), the link between a child and the
//! coordination actions about it, and the latest month with figures for a place (the
//! report's default month).

use crate::nutrition::{Scope, StoredMeasurement};
use crate::sql::{self, Sql};
use crate::{Result, Tx, now, on_tx};
use chrono::NaiveDate;
use domain::access::Area;
use domain::action::ActionStatus;
use domain::nutrition::Reason;

/// Links a coordination action to the child it follows up, with the reason it was assigned
/// for (stored as `other` when none applied).
pub async fn link(tx: &mut Tx, action_id: i64, child_id: i64, reason: Option<Reason>, by: &str) -> Result<()> {
    on_tx!(tx, c => sqlx::query(
        "INSERT INTO child_followups (action_id, child_id, reason, created_by, created_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(action_id)
    .bind(child_id)
    .bind(reason.map_or("other", Reason::as_str))
    .bind(by)
    .bind(now())
    .execute(c)
    .await?
    .rows_affected());
    Ok(())
}

/// The actions that follow up a child (and the registrations merged into it), oldest first.
pub async fn actions_of_child(tx: &mut Tx, child_id: i64) -> Result<Vec<i64>> {
    on_tx!(tx, c => Ok(sqlx::query_scalar(
        "SELECT f.action_id FROM child_followups f WHERE f.child_id = $1 \
         OR f.child_id IN (SELECT x.id FROM children x WHERE x.merged_into = $1) ORDER BY f.action_id",
    )
    .bind(child_id)
    .fetch_all(c)
    .await?))
}

/// Open follow-up actions per child, for the children in `child_ids` that have any.
pub async fn open_counts(tx: &mut Tx, child_ids: &[i64]) -> Result<Vec<(i64, i64)>> {
    #[derive(sqlx::FromRow)]
    struct Row {
        child_id: i64,
        n: i64,
    }
    let mut out = Vec::new();
    for chunk in child_ids.chunks(1000) {
        let mut q = Sql::new(
            "SELECT f.child_id, CAST(COUNT(*) AS BIGINT) AS n FROM child_followups f JOIN actions a ON a.id = f.action_id \
             WHERE a.status IN ('planned', 'in_progress') AND f.child_id IN ",
        );
        q.int_list(chunk).push(" GROUP BY f.child_id");
        out.extend(
            sql::fetch_all::<Row>(tx, q)
                .await?
                .into_iter()
                .map(|r| (r.child_id, r.n)),
        );
    }
    Ok(out)
}

/// A coordination action that follows up a child, as the by-name exports show it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Assignment {
    pub child_id: i64,
    pub action_id: i64,
    pub owner_name: String,
    pub responsible: Option<String>,
    #[sqlx(try_from = "crate::decode::Checked<domain::action::ActionStatus>")]
    pub status: ActionStatus,
    pub due_on: Option<NaiveDate>,
    /// The meeting's region: "overdue" is judged on its local date.
    pub region_code: String,
}

/// The follow-up actions of the children in `child_ids`, by child, oldest first.
pub async fn assignments(tx: &mut Tx, child_ids: &[i64]) -> Result<Vec<Assignment>> {
    let mut out = Vec::new();
    for chunk in child_ids.chunks(1000) {
        let mut q = Sql::new(
            "SELECT f.child_id, a.id AS action_id, o.name AS owner_name, a.responsible, a.status, a.due_on, \
             m.region_code FROM child_followups f JOIN actions a ON a.id = f.action_id \
             JOIN organizations o ON o.id = a.owner_org_id JOIN meetings m ON m.id = a.meeting_id WHERE f.child_id IN ",
        );
        q.int_list(chunk).push(" ORDER BY f.child_id, a.id");
        out.extend(sql::fetch_all::<Assignment>(tx, q).await?);
    }
    Ok(out)
}

/// The latest month with any child measured anywhere.
pub async fn latest_month_anywhere(tx: &mut Tx) -> Result<Option<NaiveDate>> {
    #[derive(sqlx::FromRow)]
    struct Row {
        month: NaiveDate,
    }
    let q = Sql::new("SELECT n.month FROM nutrition_months n WHERE n.measured > 0 ORDER BY n.month DESC LIMIT 1");
    Ok(sql::fetch_all::<Row>(tx, q).await?.into_iter().next().map(|r| r.month))
}

/// The latest month with any child measured in `scope`.
pub async fn latest_month(tx: &mut Tx, scope: &Scope) -> Result<Option<NaiveDate>> {
    #[derive(sqlx::FromRow)]
    struct Row {
        month: NaiveDate,
    }
    let mut q = Sql::new("SELECT n.month FROM nutrition_months n WHERE n.measured > 0 AND ");
    crate::nutrition::push_scope(&mut q, scope);
    q.push(" ORDER BY n.month DESC LIMIT 1");
    Ok(sql::fetch_all::<Row>(tx, q).await?.into_iter().next().map(|r| r.month))
}

// --- why each child needs follow-up (`child_states`) -----------------------------------------

/// The latest `per_child` measurements of each child in `child_ids` (merged or not), ordered
/// by child, then date: what a child's follow-up reasons are judged on.
pub async fn recent_of(tx: &mut Tx, child_ids: &[i64], per_child: i64) -> Result<Vec<StoredMeasurement>> {
    let mut out = Vec::new();
    for chunk in child_ids.chunks(1000) {
        let q = crate::dialect::latest_measurements(tx, chunk, per_child);
        out.extend(by_child(tx, q).await?);
    }
    Ok(out)
}

/// The measurements `q` selects (whole rows), read as one JSON document, by child and date.
async fn by_child(tx: &mut Tx, q: Sql) -> Result<Vec<StoredMeasurement>> {
    let rows: Vec<crate::nutrition::MeasurementRow> = sql::fetch_json(
        tx,
        q,
        &crate::nutrition::MEASUREMENT_COLS,
        "child_id, measured_on",
        "measurements",
    )
    .await?;
    Ok(rows.into_iter().map(StoredMeasurement::from).collect())
}

/// What a line of the follow-up list shows of each child in `child_ids`: its latest
/// measurement and, among its latest `window`, the latest with a length (the same row when the
/// latest has one); ordered by child, then date, as [`recent_of`] — whose last row and last
/// row with a length these are. On SQLite the two are picked in the query
/// ([`crate::dialect::latest_and_length`]): the district's list of 1,598 children read 11,549
/// measurements through the driver for 2,722.
pub async fn latest_and_length(tx: &mut Tx, child_ids: &[i64], window: i64) -> Result<Vec<StoredMeasurement>> {
    let mut out: Vec<StoredMeasurement> = Vec::new();
    for chunk in child_ids.chunks(1000) {
        let q = crate::dialect::latest_and_length(tx, chunk, window);
        let rows = by_child(tx, q).await?;
        for child in rows.chunk_by(|a, b| a.child_id == b.child_id) {
            let latest = child.last();
            let length = child.iter().rev().find(|m| m.height.is_some());
            if let Some(l) = length.filter(|l| latest.is_some_and(|m| m.id != l.id)) {
                out.push(l.clone());
            }
            out.extend(latest.cloned());
        }
    }
    Ok(out)
}

/// Why a child needs follow-up, as judged from its latest measurements.
#[derive(Debug, Clone, PartialEq)]
pub struct ChildState {
    pub child_id: i64,
    /// Empty when the child needs none.
    pub reasons: Vec<Reason>,
    /// The day of its latest measurement.
    pub latest_on: NaiveDate,
}

/// Replaces the stored states of `child_ids` with `states` (children without measurements
/// have none).
pub async fn replace_states(tx: &mut Tx, child_ids: &[i64], states: &[ChildState]) -> Result<()> {
    for chunk in child_ids.chunks(1000) {
        let mut q = Sql::new("DELETE FROM child_states WHERE child_id IN ");
        q.int_list(chunk);
        sql::execute(tx, q).await?;
    }
    for chunk in states.chunks(crate::nutrition::bulk_rows(tx)) {
        let mut q = Sql::new("INSERT INTO child_states (child_id, reasons, latest_on) VALUES ");
        for (i, s) in chunk.iter().enumerate() {
            q.push(if i == 0 { "(" } else { ", (" });
            let reasons: Vec<&str> = s.reasons.iter().map(|r| r.as_str()).collect();
            q.int(s.child_id)
                .push(", ")
                .text(reasons.join(","))
                .push(", ")
                .date(s.latest_on)
                .push(")");
        }
        sql::execute(tx, q).await?;
    }
    Ok(())
}

/// Up to `limit` children with measurements, by id, after `after`: the pages of a rebuild of
/// every child's state.
pub async fn measured_children(tx: &mut Tx, after: i64, limit: i64) -> Result<Vec<i64>> {
    let mut q = Sql::new("SELECT c.id FROM children c WHERE c.id > ");
    q.int(after)
        .push(" AND EXISTS (SELECT 1 FROM measurements m WHERE m.child_id = c.id) ORDER BY c.id LIMIT ")
        .int(limit.max(1));
    sql::fetch_ints(tx, q).await
}

/// A child on a follow-up list, with what the list is sorted by.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Listed {
    pub child_id: i64,
    /// Comma-separated reasons (see [`ChildState::reasons`]).
    pub reasons: String,
    pub posyandu_name: String,
    pub rt: Option<String>,
    pub name: String,
}

/// What a follow-up list selects.
#[derive(Debug, Clone)]
pub struct ListFilter {
    pub posyandu_id: Option<i64>,
    pub reason: Option<Reason>,
    /// Children measured on or after this day.
    pub since: NaiveDate,
    /// Children born after this day (under five).
    pub born_after: NaiveDate,
}

/// `FROM … WHERE …` of the children of `area` (not merged away) that need follow-up, from
/// their stored states.
fn push_listed(q: &mut Sql, area: &Area, f: &ListFilter) {
    q.push(
        " FROM child_states s JOIN children c ON c.id = s.child_id JOIN organizations o ON o.id = c.posyandu_id \
         WHERE s.reasons <> '' AND c.merged_into IS NULL AND ",
    );
    q.area(area, "c.posyandu_id", "c.desa_code");
    if let Some(p) = f.posyandu_id {
        q.push(" AND c.posyandu_id = ").int(p);
    }
    if let Some(r) = f.reason {
        q.push(" AND (',' || s.reasons || ',') LIKE ")
            .text(format!("%,{},%", r.as_str()));
    }
    q.push(" AND s.latest_on >= ").date(f.since);
    q.push(" AND c.birth_date > ").date(f.born_after);
}

/// The children of `area` that need follow-up (see [`push_listed`]), one row per child, by
/// Posyandu, RT (none first), name and id in byte order on both engines: the whole list (a
/// page of it with its count: [`listed_page`]).
pub async fn listed(tx: &mut Tx, area: &Area, f: &ListFilter) -> Result<Vec<Listed>> {
    let mut q = Sql::new(LISTED);
    push_listed(&mut q, area, f);
    push_listed_order(tx, &mut q);
    sql::fetch_all(tx, q).await
}

const LISTED: &str = "SELECT s.child_id, s.reasons, o.name AS posyandu_name, c.rt, c.name";

/// By Posyandu, RT (none first), name and id, in byte order on both engines.
fn push_listed_order(tx: &Tx, q: &mut Sql) {
    let bytes = crate::dialect::byte_order(tx);
    q.push(&format!(
        " ORDER BY o.name{bytes}, c.rt{bytes} NULLS FIRST, c.name{bytes}, s.child_id"
    ));
}

/// A page of [`listed`] (`offset`, `limit`) with how many children the whole list has, in one
/// statement: the list is sorted whole before the page is cut, and the count rides on each
/// row (`COUNT(*) OVER ()`). A page past the end has no row to carry it; it is counted then.
pub async fn listed_page(
    tx: &mut Tx,
    area: &Area,
    f: &ListFilter,
    offset: i64,
    limit: i64,
) -> Result<(Vec<Listed>, i64)> {
    #[derive(sqlx::FromRow)]
    struct Row {
        #[sqlx(flatten)]
        listed: Listed,
        total: i64,
    }
    let mut q = Sql::new(LISTED);
    q.push(", CAST(COUNT(*) OVER () AS BIGINT) AS total");
    push_listed(&mut q, area, f);
    push_listed_order(tx, &mut q);
    q.push(" LIMIT ").int(limit).push(" OFFSET ").int(offset);
    let rows: Vec<Row> = sql::fetch_all(tx, q).await?;
    let total = match rows.first() {
        Some(r) => r.total,
        None if offset > 0 => count_listed(tx, area, f).await?,
        None => 0,
    };
    Ok((rows.into_iter().map(|r| r.listed).collect(), total))
}

/// How many children [`listed`] gives.
pub async fn count_listed(tx: &mut Tx, area: &Area, f: &ListFilter) -> Result<i64> {
    let mut q = Sql::new("SELECT COUNT(*)");
    push_listed(&mut q, area, f);
    sql::fetch_scalar_i64(tx, q).await
}
