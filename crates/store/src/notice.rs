//! Notices: one query derives what concerns an organisation's account from the meetings and
//! actions (nothing is copied); `notice_reads` keeps what each account has read, and
//! `mail_outbox` the e-mails waiting to be sent.

use crate::sql::{self, Sql};
use crate::{Result, Tx, now, on_tx};
use chrono::{DateTime, NaiveDate, Utc};
use domain::access::Area;
use domain::notice::{MailStatus, NoticeKind};
use serde::Serialize;

/// Whose notices: the account, its organisation, its local today, since when an assigned
/// action is "new", and whether it confirms a "done" for its organisation's meetings.
#[derive(Debug, Clone)]
pub struct Scope {
    pub user_id: i64,
    pub org_id: i64,
    pub today: NaiveDate,
    pub assigned_since: DateTime<Utc>,
    pub confirms: bool,
}

/// One notice: its kind, the meeting's or action's id, what it says, its date (the meeting's
/// day, the action's due date), the meeting, and whether the account has read it.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Notice {
    #[sqlx(try_from = "crate::decode::Checked<domain::notice::NoticeKind>")]
    pub kind: NoticeKind,
    pub entity_id: i64,
    pub title: String,
    pub on_date: Option<NaiveDate>,
    pub meeting_id: i64,
    pub meeting_title: String,
    pub host_name: String,
    pub region_code: String,
    pub start_time: Option<String>,
    pub place: Option<String>,
    pub is_read: i64,
}

const OPEN: &str = "a.status IN ('planned', 'in_progress')";

/// `EXISTS (…)` for a branch: a read mark of this kind and id (for a "done" to confirm, one
/// made after the action was closed: a "done" reopened and done again is new).
fn push_read(q: &mut Sql, s: &Scope, kind: NoticeKind, id_col: &str, after: Option<&str>) {
    q.push("EXISTS (SELECT 1 FROM notice_reads r WHERE r.user_id = ")
        .int(s.user_id)
        .push(" AND r.kind = ")
        .text(kind.as_str())
        .push(&format!(" AND r.entity_id = {id_col}"));
    if let Some(col) = after {
        q.push(&format!(" AND ({col} IS NULL OR r.read_at >= {col})"));
    }
    q.push(")");
}

/// What the notices' query gives: the notices themselves, or how many are unread.
#[derive(Clone, Copy, PartialEq)]
enum Shape {
    List,
    Unread,
}

/// A branch's `SELECT … FROM <from> WHERE`, for the rows of one kind: listed, each with its
/// meeting (`m`, joined on `meeting_col`), the host's name and whether it was read; counted,
/// only the unread rows, without what the count does not need.
#[allow(clippy::too_many_arguments)]
fn push_branch(
    q: &mut Sql,
    shape: Shape,
    s: &Scope,
    kind: NoticeKind,
    from: &str,
    meeting_col: &str,
    cols: &str,
    id_col: &str,
    after: Option<&str>,
) {
    match shape {
        Shape::List => {
            q.push("SELECT ").text(kind.as_str()).push(&format!(" AS kind, {cols}, m.id AS meeting_id, m.title AS meeting_title, h.name AS host_name, m.region_code AS region_code, m.start_time AS start_time, m.place AS place, CAST(CASE WHEN "));
            push_read(q, s, kind, id_col, after);
            q.push(&format!(
                " THEN 1 ELSE 0 END AS BIGINT) AS is_read FROM {from} JOIN meetings m ON m.id = {meeting_col} JOIN organizations h ON h.id = m.host_org_id WHERE "
            ));
        }
        Shape::Unread => {
            q.push(&format!("SELECT 1 AS one FROM {from} WHERE NOT "));
            push_read(q, s, kind, id_col, after);
            q.push(" AND ");
        }
    }
}

/// `(EXISTS (SELECT 1 FROM own WHERE own.id = <org>) OR `: the test that settles every branch
/// when the account's organisation is in the writable part of its area, which is the usual
/// case. Each branch's rows involve that organisation: invited to the meeting, hosting it, or
/// owning the action. A meeting with the organisation among its parties is visible when the
/// organisation is writable ([`crate::meeting::push_visible`]), and an action it owns is read
/// through its owner. So the branch's own test (`vis`, `own`) after this `OR` only runs when
/// the organisation is outside its area, and `vis` (every meeting of the area tested for
/// visibility: 0.27 ms of a Puskesmas's 0.31 ms per branch on the demo) is not built.
fn push_org_writable(q: &mut Sql, s: &Scope) {
    q.push("(EXISTS (SELECT 1 FROM own WHERE own.id = ")
        .int(s.org_id)
        .push(") OR ");
}

/// One branch over the actions `a`, limited to those the area reads (their meeting is visible,
/// or their owner is in the writable part of the area: the `vis` and `own` of
/// [`push_notices`]).
fn push_action_branch(q: &mut Sql, shape: Shape, s: &Scope, kind: NoticeKind, after: Option<&str>) {
    push_branch(
        q,
        shape,
        s,
        kind,
        "actions a",
        "a.meeting_id",
        "a.id AS entity_id, a.what AS title, a.due_on AS on_date",
        "a.id",
        after,
    );
    push_org_writable(q, s);
    q.push("a.meeting_id IN (SELECT id FROM vis) OR a.owner_org_id IN (SELECT id FROM own)) AND ");
}

/// The notices of `s` as one query: `WITH` the meetings the area reads (`vis`) and the
/// organisations it writes for (`own`), each written once, then `select` over every notice as
/// `n` (a `UNION ALL` of one branch per kind; an action is in at most one of assigned, due soon
/// and overdue); the caller goes on after `n`. Counted (the page header's badge), a branch
/// reads only what decides whether a notice is unread. With the area's test repeated in every
/// branch and every branch joined for the list, PostgreSQL spent 8.5 ms planning the count a
/// Puskesmas's page header asks for (300 parameters), for 1.5 ms of work.
fn push_notices(q: &mut Sql, shape: Shape, area: &Area, s: &Scope, select: &str) {
    q.push("WITH vis AS (SELECT m.id FROM meetings m WHERE ");
    crate::meeting::push_visible(q, area);
    q.push("), own AS (SELECT o.id FROM organizations o WHERE ");
    q.area(&area.writable(), "o.id", "o.region_code");
    q.push(") ");
    q.push(select);
    q.push(" FROM (");
    let soon = s.today + chrono::Duration::days(domain::notice::DUE_SOON_DAYS);
    // Invitations (as guest or co-host) to meetings still to come.
    let (from, meeting_col) = match shape {
        Shape::List => ("meeting_orgs i", "i.meeting_id"),
        Shape::Unread => ("meeting_orgs i JOIN meetings m ON m.id = i.meeting_id", ""),
    };
    push_branch(
        q,
        shape,
        s,
        NoticeKind::Invited,
        from,
        meeting_col,
        "m.id AS entity_id, m.title AS title, m.held_on AS on_date",
        "m.id",
        None,
    );
    q.push("i.org_id = ")
        .int(s.org_id)
        .push(" AND i.role IN ('invited', 'co_host') AND m.status = 'scheduled' AND m.held_on >= ")
        .date(s.today)
        .push(" AND ");
    push_org_writable(q, s);
    q.push("m.id IN (SELECT id FROM vis))");

    q.push(" UNION ALL ");
    push_action_branch(q, shape, s, NoticeKind::Assigned, None);
    q.push("a.owner_org_id = ").int(s.org_id);
    q.push(&format!(" AND {OPEN} AND a.created_at >= "))
        .timestamp(s.assigned_since);
    q.push(" AND (a.due_on IS NULL OR a.due_on > ").date(soon).push(")");
    // Not when the owner hosts the meeting: it gave the action to itself.
    q.push(" AND NOT EXISTS (SELECT 1 FROM meeting_orgs ha WHERE ha.meeting_id = a.meeting_id AND ha.org_id = a.owner_org_id AND ha.role IN ('host', 'co_host'))");

    q.push(" UNION ALL ");
    push_action_branch(q, shape, s, NoticeKind::DueSoon, None);
    q.push("a.owner_org_id = ").int(s.org_id);
    q.push(&format!(" AND {OPEN} AND a.due_on >= ")).date(s.today);
    q.push(" AND a.due_on <= ").date(soon);

    q.push(" UNION ALL ");
    push_action_branch(q, shape, s, NoticeKind::Overdue, None);
    q.push("a.owner_org_id = ").int(s.org_id);
    q.push(&format!(" AND {OPEN} AND a.due_on < ")).date(s.today);

    if s.confirms {
        q.push(" UNION ALL ");
        push_action_branch(q, shape, s, NoticeKind::Confirm, Some("a.closed_at"));
        q.push("a.status = 'done' AND a.confirmed_at IS NULL AND EXISTS (SELECT 1 FROM meeting_orgs ho WHERE ho.meeting_id = a.meeting_id AND ho.role IN ('host', 'co_host') AND ho.org_id = ")
            .int(s.org_id)
            .push(")");
    }
    q.push(") n");
}

/// At most this many notices are listed (the most urgent: the caller sorts).
pub const LIMIT: i64 = 500;

pub async fn list(tx: &mut Tx, area: &Area, s: &Scope) -> Result<Vec<Notice>> {
    let mut q = Sql::new("");
    push_notices(
        &mut q,
        Shape::List,
        area,
        s,
        "SELECT n.kind, n.entity_id, n.title, n.on_date, n.meeting_id, n.meeting_title, n.host_name, n.region_code, n.start_time, n.place, n.is_read",
    );
    q.push(" ORDER BY n.is_read, n.on_date, n.entity_id LIMIT ").int(LIMIT);
    sql::fetch_all(tx, q).await
}

/// How many notices of `s` are unread: one query, for the page header.
pub async fn unread(tx: &mut Tx, area: &Area, s: &Scope) -> Result<i64> {
    let mut q = Sql::new("");
    push_notices(&mut q, Shape::Unread, area, s, "SELECT COUNT(*)");
    sql::fetch_scalar_i64(tx, q).await
}

/// Marks notices read for `user_id` (again: the time moves on). Returns how many were marked.
pub async fn mark_read(tx: &mut Tx, user_id: i64, items: &[(NoticeKind, i64)]) -> Result<u64> {
    if items.is_empty() {
        return Ok(0);
    }
    let t = now();
    let mut n = 0;
    for chunk in items.chunks(200) {
        let mut q = Sql::new("INSERT INTO notice_reads (user_id, kind, entity_id, read_at) VALUES ");
        for (i, (k, id)) in chunk.iter().enumerate() {
            if i > 0 {
                q.push(", ");
            }
            q.push("(")
                .int(user_id)
                .push(", ")
                .text(k.as_str())
                .push(", ")
                .int(*id)
                .push(", ")
                .timestamp(t)
                .push(")");
        }
        q.push(" ON CONFLICT (user_id, kind, entity_id) DO UPDATE SET read_at = excluded.read_at");
        n += sql::execute(tx, q).await?;
    }
    Ok(n)
}

/// Someone who acts for an organisation (an office-holder today), with how to reach them.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Contact {
    pub org_id: i64,
    pub person_id: i64,
    pub name: String,
    #[sqlx(try_from = "crate::decode::Checked<domain::person::PositionKind>")]
    pub position: domain::person::PositionKind,
    pub phone: Option<String>,
    pub email: Option<String>,
}

/// The office-holders on `today` of `org_ids`, heads first.
pub async fn contacts(tx: &mut Tx, org_ids: &[i64], today: NaiveDate) -> Result<Vec<Contact>> {
    if org_ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut q = Sql::new(
        "SELECT p.org_id, pe.id AS person_id, pe.name, p.kind AS position, pe.phone, pe.email FROM positions p \
         JOIN people pe ON pe.id = p.person_id WHERE p.org_id IN ",
    );
    q.int_list(org_ids)
        .push(" AND (p.started_on IS NULL OR p.started_on <= ")
        .date(today)
        .push(") AND (p.ended_on IS NULL OR p.ended_on >= ")
        .date(today)
        .push(") ORDER BY p.org_id, p.id");
    sql::fetch_all(tx, q).await
}

/// The phone of each of `org_ids` that has one: (org id, phone).
pub async fn org_phones(tx: &mut Tx, org_ids: &[i64]) -> Result<Vec<(i64, String)>> {
    if org_ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut q = Sql::new("SELECT id, phone FROM organizations WHERE phone IS NOT NULL AND id IN ");
    q.int_list(org_ids);
    #[derive(sqlx::FromRow)]
    struct Row {
        id: i64,
        phone: String,
    }
    Ok(sql::fetch_all::<Row>(tx, q)
        .await?
        .into_iter()
        .map(|r| (r.id, r.phone))
        .collect())
}

/// An e-mail in the outbox.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Mail {
    pub id: i64,
    pub to_addr: String,
    pub subject: String,
    pub body: String,
    #[sqlx(try_from = "crate::decode::Checked<domain::notice::NoticeKind>")]
    pub kind: NoticeKind,
    pub entity_id: i64,
    #[sqlx(try_from = "crate::decode::Checked<domain::notice::MailStatus>")]
    pub status: MailStatus,
    pub attempts: i64,
    pub next_attempt_at: DateTime<Utc>,
    pub last_error: Option<String>,
    pub created_at: DateTime<Utc>,
    pub sent_at: Option<DateTime<Utc>>,
}

const MAIL: &str = "SELECT id, to_addr, subject, body, kind, entity_id, status, attempts, next_attempt_at, last_error, created_at, sent_at FROM mail_outbox";

/// Puts an e-mail in the outbox (in the caller's transaction: it is sent only if the change
/// it tells of commits).
pub async fn queue(tx: &mut Tx, to: &str, subject: &str, body: &str, kind: NoticeKind, entity_id: i64) -> Result<i64> {
    let t = now();
    on_tx!(tx, c => Ok(sqlx::query_scalar(
        "INSERT INTO mail_outbox (to_addr, subject, body, kind, entity_id, status, attempts, next_attempt_at, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, 0, $7, $7) RETURNING id",
    )
    .bind(to)
    .bind(subject)
    .bind(body)
    .bind(kind.as_str())
    .bind(entity_id)
    .bind(MailStatus::Pending.as_str())
    .bind(t)
    .fetch_one(c)
    .await?))
}

/// Pending e-mails whose time to try has come, oldest first.
pub async fn due_mail(tx: &mut Tx, at: DateTime<Utc>, limit: i64) -> Result<Vec<Mail>> {
    let mut q = Sql::new(MAIL);
    q.push(" WHERE status = ")
        .text(MailStatus::Pending.as_str())
        .push(" AND next_attempt_at <= ")
        .timestamp(at)
        .push(" ORDER BY next_attempt_at, id LIMIT ")
        .int(limit);
    sql::fetch_all(tx, q).await
}

/// The latest e-mails of the outbox (newest first).
pub async fn outbox(tx: &mut Tx, limit: i64) -> Result<Vec<Mail>> {
    let mut q = Sql::new(MAIL);
    q.push(" ORDER BY id DESC LIMIT ").int(limit);
    sql::fetch_all(tx, q).await
}

pub async fn mark_sent(tx: &mut Tx, id: i64) -> Result<()> {
    let t = now();
    on_tx!(tx, c => sqlx::query("UPDATE mail_outbox SET status = $1, sent_at = $2, attempts = attempts + 1, last_error = NULL WHERE id = $3 AND status = $4")
        .bind(MailStatus::Sent.as_str())
        .bind(t)
        .bind(id)
        .bind(MailStatus::Pending.as_str())
        .execute(c)
        .await?
        .rows_affected());
    Ok(())
}

/// A failed try: the error kept, the next try at `next` — or, with `give_up`, failed for good.
pub async fn mark_failed(tx: &mut Tx, id: i64, error: &str, next: DateTime<Utc>, give_up: bool) -> Result<()> {
    let status = if give_up {
        MailStatus::Failed
    } else {
        MailStatus::Pending
    };
    let error: String = error.chars().take(1000).collect();
    on_tx!(tx, c => sqlx::query("UPDATE mail_outbox SET status = $1, attempts = attempts + 1, last_error = $2, next_attempt_at = $3 WHERE id = $4 AND status = $5")
        .bind(status.as_str())
        .bind(error)
        .bind(next)
        .bind(id)
        .bind(MailStatus::Pending.as_str())
        .execute(c)
        .await?
        .rows_affected());
    Ok(())
}
