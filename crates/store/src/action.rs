//! Actions (RTL), their supporting organisations and progress updates; stored files.

use crate::sql::{self, Sql};
use crate::{Result, StoreError, Tx, now, on_tx};
use chrono::{DateTime, NaiveDate, Utc};
use domain::access::Area;
use domain::action::{ActionInput, ActionStatus};
use serde::Serialize;

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Action {
    pub id: i64,
    pub meeting_id: i64,
    pub meeting_title: String,
    pub meeting_held_on: NaiveDate,
    pub meeting_region_code: String,
    pub forum_id: Option<i64>,
    pub host_org_id: i64,
    pub problem_id: Option<i64>,
    pub problem_title: Option<String>,
    pub what: String,
    pub owner_org_id: i64,
    pub owner_name: String,
    #[sqlx(try_from = "crate::decode::Checked<domain::org::Sector>")]
    pub owner_sector: domain::org::Sector,
    pub owner_region_code: String,
    pub responsible: Option<String>,
    pub target: Option<String>,
    pub due_on: Option<NaiveDate>,
    #[sqlx(try_from = "crate::decode::Checked<domain::action::BudgetSource>")]
    pub budget_source: domain::action::BudgetSource,
    #[sqlx(try_from = "crate::decode::Checked<domain::action::ActionStatus>")]
    pub status: domain::action::ActionStatus,
    pub private_note: Option<String>,
    pub closed_at: Option<DateTime<Utc>>,
    pub closed_by: Option<String>,
    /// When the host of the action's meeting accepted a "done" (a partner's "done" is a claim
    /// until then); cleared whenever the status changes.
    pub confirmed_at: Option<DateTime<Utc>>,
    pub confirmed_by: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

const SELECT: &str = "SELECT a.id, a.meeting_id, m.title AS meeting_title, m.held_on AS meeting_held_on, \
    m.region_code AS meeting_region_code, m.forum_id, m.host_org_id, a.problem_id, p.title AS problem_title, a.what, \
    a.owner_org_id, o.name AS owner_name, o.sector AS owner_sector, o.region_code AS owner_region_code, a.responsible, \
    a.target, a.due_on, a.budget_source, a.status, a.private_note, a.closed_at, a.closed_by, a.confirmed_at, a.confirmed_by, a.created_at, \
    a.updated_at FROM actions a JOIN meetings m ON m.id = a.meeting_id JOIN organizations o ON o.id = a.owner_org_id \
    LEFT JOIN problems p ON p.id = a.problem_id";

#[derive(Debug, Clone, Default)]
pub struct ActionFilter {
    pub meeting_id: Option<i64>,
    /// Meetings of this forum held before `before`.
    pub forum_before: Option<(i64, NaiveDate, i64)>,
    pub owner_org_ids: Option<Vec<i64>>,
    pub open_only: bool,
    /// Open and due before this date.
    pub overdue_on: Option<NaiveDate>,
    /// Open and due on a day of this range (both ends included).
    pub due_within: Option<(NaiveDate, NaiveDate)>,
    /// The review of a meeting: open, closed at or after this instant (finished or dropped
    /// since the previous meeting of the forum), or done and not yet confirmed by the host.
    pub review_since: Option<DateTime<Utc>>,
}

/// Actions visible in `area`: their meeting is visible, or their owner is in the writable
/// part of the area (a Puskesmas does not read, through a kecamatan partner it may invite,
/// the actions agreed in another Puskesmas's meetings).
pub async fn list(tx: &mut Tx, area: &Area, f: &ActionFilter) -> Result<Vec<Action>> {
    let mut q = Sql::new(SELECT);
    q.push(" WHERE (");
    crate::meeting::push_visible(&mut q, area);
    q.push(" OR ");
    q.area(&area.writable(), "o.id", "o.region_code");
    q.push(")");
    if let Some(m) = f.meeting_id {
        q.push(" AND a.meeting_id = ").int(m);
    }
    if let Some((forum, date, exclude)) = f.forum_before {
        q.push(" AND m.forum_id = ").int(forum);
        q.push(" AND m.id <> ").int(exclude);
        q.push(" AND m.held_on <= ").date(date);
    }
    if let Some(ids) = &f.owner_org_ids {
        q.push(" AND a.owner_org_id IN ").int_list(ids);
    }
    if f.open_only || f.overdue_on.is_some() || f.due_within.is_some() {
        q.push(" AND a.status IN ('planned', 'in_progress')");
    }
    if let Some(d) = f.overdue_on {
        q.push(" AND a.due_on < ").date(d);
    }
    if let Some((from, to)) = f.due_within {
        q.push(" AND a.due_on >= ").date(from);
        q.push(" AND a.due_on <= ").date(to);
    }
    if let Some(t) = f.review_since {
        q.push(" AND (a.status IN ('planned', 'in_progress') OR (a.status = 'done' AND a.confirmed_at IS NULL) OR a.closed_at >= ")
            .timestamp(t)
            .push(")");
    }
    q.push(" ORDER BY CASE WHEN a.due_on IS NULL THEN 1 ELSE 0 END, a.due_on, a.id");
    sql::fetch_all(tx, q).await
}

pub async fn get(tx: &mut Tx, id: i64) -> Result<Option<Action>> {
    let mut q = Sql::new(SELECT);
    q.push(" WHERE a.id = ").int(id);
    Ok(sql::fetch_all(tx, q).await?.into_iter().next())
}

pub async fn insert(tx: &mut Tx, meeting_id: i64, a: &ActionInput) -> Result<i64> {
    let t = now();
    let id: i64 = on_tx!(tx, c => sqlx::query_scalar(
        "INSERT INTO actions (meeting_id, problem_id, what, owner_org_id, responsible, target, due_on, budget_source, status, \
         private_note, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'planned', $9, $10, $10) RETURNING id",
    )
    .bind(meeting_id)
    .bind(a.problem_id)
    .bind(&a.what)
    .bind(a.owner_org_id)
    .bind(&a.responsible)
    .bind(&a.target)
    .bind(a.due_on)
    .bind(a.budget_source.as_str())
    .bind(&a.private_note)
    .bind(t)
    .fetch_one(c)
    .await?);
    set_supporters(tx, id, &a.supporting_org_ids).await?;
    Ok(id)
}

pub async fn update(tx: &mut Tx, id: i64, a: &ActionInput) -> Result<()> {
    let n = on_tx!(tx, c => sqlx::query(
        "UPDATE actions SET problem_id = $1, what = $2, owner_org_id = $3, responsible = $4, target = $5, due_on = $6, \
         budget_source = $7, private_note = $8, updated_at = $9 WHERE id = $10",
    )
    .bind(a.problem_id)
    .bind(&a.what)
    .bind(a.owner_org_id)
    .bind(&a.responsible)
    .bind(&a.target)
    .bind(a.due_on)
    .bind(a.budget_source.as_str())
    .bind(&a.private_note)
    .bind(now())
    .bind(id)
    .execute(c)
    .await?
    .rows_affected());
    if n == 0 {
        return Err(StoreError::NotFound);
    }
    set_supporters(tx, id, &a.supporting_org_ids).await
}

async fn set_supporters(tx: &mut Tx, id: i64, orgs: &[i64]) -> Result<()> {
    on_tx!(tx, c => sqlx::query("DELETE FROM action_supporters WHERE action_id = $1").bind(id).execute(c).await?.rows_affected());
    for o in orgs {
        on_tx!(tx, c => sqlx::query("INSERT INTO action_supporters (action_id, org_id) VALUES ($1, $2) ON CONFLICT DO NOTHING")
            .bind(id)
            .bind(o)
            .execute(c)
            .await?
            .rows_affected());
    }
    Ok(())
}

/// (action id, org id, org name) of the supporters of `action_ids`.
pub async fn supporters(tx: &mut Tx, action_ids: &[i64]) -> Result<Vec<(i64, i64, String)>> {
    let mut q = Sql::new(
        "SELECT s.action_id AS a, s.org_id AS o, g.name AS n FROM action_supporters s JOIN organizations g ON g.id = s.org_id WHERE s.action_id IN ",
    );
    q.int_list(action_ids).push(" ORDER BY g.name");
    #[derive(sqlx::FromRow)]
    struct Row {
        a: i64,
        o: i64,
        n: String,
    }
    Ok(sql::fetch_all::<Row>(tx, q)
        .await?
        .into_iter()
        .map(|r| (r.a, r.o, r.n))
        .collect())
}

/// Sets the status; `closed_by` is recorded when the action becomes done or cancelled and
/// cleared when it is reopened. A host's confirmation is cleared by any change of status.
pub async fn set_status(tx: &mut Tx, id: i64, status: ActionStatus, closed_by: Option<&str>) -> Result<()> {
    let closing = !status.is_open();
    let t = now();
    on_tx!(tx, c => sqlx::query(
        "UPDATE actions SET status = $1, closed_at = $2, closed_by = $3, confirmed_at = NULL, confirmed_by = NULL, \
         updated_at = $4 WHERE id = $5",
    )
    .bind(status.as_str())
    .bind(if closing { Some(t) } else { None })
    .bind(if closing { closed_by } else { None })
    .bind(t)
    .bind(id)
    .execute(c)
    .await?
    .rows_affected());
    Ok(())
}

/// Records that the host accepted the action's "done" (`by` the account's username), if it is
/// still a done not yet confirmed: false when another request confirmed or changed it first
/// (the row's lock makes the second of two concurrent confirmations find nothing to do).
pub async fn confirm(tx: &mut Tx, id: i64, by: &str) -> Result<bool> {
    let t = now();
    let n = on_tx!(tx, c => sqlx::query(
        "UPDATE actions SET confirmed_at = $1, confirmed_by = $2, updated_at = $1 \
         WHERE id = $3 AND status = $4 AND confirmed_at IS NULL",
    )
    .bind(t)
    .bind(by)
    .bind(id)
    .bind(ActionStatus::Done.as_str())
    .execute(c)
    .await?
    .rows_affected());
    Ok(n == 1)
}

/// Sends a "done" back to in progress (closure and confirmation cleared), if it is still
/// done: false when another request changed it first.
pub async fn reopen(tx: &mut Tx, id: i64) -> Result<bool> {
    let t = now();
    let n = on_tx!(tx, c => sqlx::query(
        "UPDATE actions SET status = $1, closed_at = NULL, closed_by = NULL, confirmed_at = NULL, \
         confirmed_by = NULL, updated_at = $2 WHERE id = $3 AND status = $4",
    )
    .bind(ActionStatus::InProgress.as_str())
    .bind(t)
    .bind(id)
    .bind(ActionStatus::Done.as_str())
    .execute(c)
    .await?
    .rows_affected());
    Ok(n == 1)
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Update {
    pub id: i64,
    pub action_id: i64,
    pub at: DateTime<Utc>,
    pub username: Option<String>,
    pub org_name: Option<String>,
    #[sqlx(try_from = "crate::decode::CheckedOpt<domain::action::ActionStatus>")]
    pub status_from: Option<domain::action::ActionStatus>,
    #[sqlx(try_from = "crate::decode::CheckedOpt<domain::action::ActionStatus>")]
    pub status_to: Option<domain::action::ActionStatus>,
    pub note: Option<String>,
    pub file_id: Option<i64>,
    pub filename: Option<String>,
}

pub async fn updates(tx: &mut Tx, action_ids: &[i64]) -> Result<Vec<Update>> {
    let mut q = Sql::new(
        "SELECT u.id, u.action_id, u.at, u.username, o.name AS org_name, u.status_from, u.status_to, u.note, u.file_id, \
         f.filename FROM action_updates u LEFT JOIN organizations o ON o.id = u.org_id LEFT JOIN files f ON f.id = u.file_id \
         WHERE u.action_id IN ",
    );
    q.int_list(action_ids).push(" ORDER BY u.action_id, u.at, u.id");
    sql::fetch_all(tx, q).await
}

pub struct NewUpdate<'a> {
    pub action_id: i64,
    pub username: &'a str,
    pub org_id: Option<i64>,
    pub status_from: Option<ActionStatus>,
    pub status_to: Option<ActionStatus>,
    pub note: Option<&'a str>,
    pub file_id: Option<i64>,
}

pub async fn insert_update(tx: &mut Tx, u: &NewUpdate<'_>) -> Result<i64> {
    on_tx!(tx, c => Ok(sqlx::query_scalar(
        "INSERT INTO action_updates (action_id, at, username, org_id, status_from, status_to, note, file_id) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(u.action_id)
    .bind(now())
    .bind(u.username)
    .bind(u.org_id)
    .bind(u.status_from.map(ActionStatus::as_str))
    .bind(u.status_to.map(ActionStatus::as_str))
    .bind(u.note)
    .bind(u.file_id)
    .fetch_one(c)
    .await?))
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct StoredFile {
    pub id: i64,
    pub filename: String,
    pub content_type: String,
    pub size: i64,
    pub sha256: String,
    #[serde(skip)]
    pub data: Vec<u8>,
}

pub async fn insert_file(
    tx: &mut Tx,
    filename: &str,
    content_type: &str,
    sha256: &str,
    data: &[u8],
    by: &str,
) -> Result<i64> {
    on_tx!(tx, c => Ok(sqlx::query_scalar(
        "INSERT INTO files (filename, content_type, size, sha256, data, uploaded_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(filename)
    .bind(content_type)
    .bind(data.len() as i64)
    .bind(sha256)
    .bind(data)
    .bind(by)
    .bind(now())
    .fetch_one(c)
    .await?))
}

pub async fn get_file(tx: &mut Tx, id: i64) -> Result<Option<StoredFile>> {
    on_tx!(tx, c => Ok(sqlx::query_as("SELECT id, filename, content_type, size, sha256, data FROM files WHERE id = $1")
        .bind(id)
        .fetch_optional(c)
        .await?))
}

/// Where a file is used: (meeting id, action id) — for the permission check on download.
pub async fn file_owner(tx: &mut Tx, file_id: i64) -> Result<(Option<i64>, Option<i64>)> {
    let m: Option<i64> = on_tx!(tx, c => sqlx::query_scalar("SELECT meeting_id FROM meeting_files WHERE file_id = $1")
        .bind(file_id)
        .fetch_optional(c)
        .await?);
    let a: Option<i64> = on_tx!(tx, c => sqlx::query_scalar("SELECT action_id FROM action_updates WHERE file_id = $1")
        .bind(file_id)
        .fetch_optional(c)
        .await?);
    Ok((m, a))
}

pub async fn attach_to_meeting(tx: &mut Tx, meeting_id: i64, file_id: i64) -> Result<()> {
    on_tx!(tx, c => sqlx::query("INSERT INTO meeting_files (meeting_id, file_id) VALUES ($1, $2)")
        .bind(meeting_id)
        .bind(file_id)
        .execute(c)
        .await?
        .rows_affected());
    Ok(())
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct FileInfo {
    pub id: i64,
    pub filename: String,
    pub content_type: String,
    pub size: i64,
}

pub async fn meeting_files(tx: &mut Tx, meeting_id: i64) -> Result<Vec<FileInfo>> {
    on_tx!(tx, c => Ok(sqlx::query_as(
        "SELECT f.id, f.filename, f.content_type, f.size FROM files f JOIN meeting_files mf ON mf.file_id = f.id WHERE mf.meeting_id = $1 ORDER BY f.id",
    )
    .bind(meeting_id)
    .fetch_all(c)
    .await?))
}
