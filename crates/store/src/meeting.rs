//! Forums, meetings, invitations, agenda and minutes, attendance, agreements reached.

use crate::sql::{self, Sql};
use crate::{Result, StoreError, Tx, now, on_tx};
use chrono::{DateTime, NaiveDate, Utc};
use domain::access::Area;
use domain::meeting::{AttendeeInput, ForumInput, MeetingInput, MeetingStatus, OrgRole, Rsvp};
use serde::Serialize;

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Forum {
    pub id: i64,
    pub org_id: i64,
    pub org_name: String,
    pub org_region_code: String,
    #[sqlx(try_from = "crate::decode::Checked<domain::meeting::ForumKind>")]
    pub kind: domain::meeting::ForumKind,
    pub name: String,
    #[sqlx(try_from = "crate::decode::Checked<domain::meeting::MeetingLevel>")]
    pub level: domain::meeting::MeetingLevel,
    pub active: bool,
    /// Every scheduled meeting invites every desa of the host's wilayah kerja.
    pub all_desa: bool,
}

const FORUM: &str = "SELECT f.id, f.org_id, o.name AS org_name, o.region_code AS org_region_code, f.kind, f.name, \
    f.level, f.active, f.all_desa FROM forums f JOIN organizations o ON o.id = f.org_id";

pub async fn insert_forum(tx: &mut Tx, f: &ForumInput) -> Result<i64> {
    on_tx!(tx, c => Ok(sqlx::query_scalar(
        "INSERT INTO forums (org_id, kind, name, level, active, created_at) VALUES ($1, $2, $3, $4, TRUE, $5) RETURNING id",
    )
    .bind(f.org_id)
    .bind(f.kind.as_str())
    .bind(&f.name)
    .bind(f.level.as_str())
    .bind(now())
    .fetch_one(c)
    .await?))
}

pub async fn get_forum(tx: &mut Tx, id: i64) -> Result<Option<Forum>> {
    let mut q = Sql::new(FORUM);
    q.push(" WHERE f.id = ").int(id);
    Ok(sql::fetch_all(tx, q).await?.into_iter().next())
}

pub async fn list_forums(tx: &mut Tx, area: &Area) -> Result<Vec<Forum>> {
    let mut q = Sql::new(FORUM);
    q.push(" WHERE ")
        .area(area, "o.id", "o.region_code")
        .push(" ORDER BY o.name, f.name");
    sql::fetch_all(tx, q).await
}

/// A standing member of a forum: an organisation every scheduled meeting invites.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct ForumMember {
    pub org_id: i64,
    pub name: String,
    #[sqlx(try_from = "crate::decode::Checked<domain::org::Sector>")]
    pub sector: domain::org::Sector,
    pub region_code: String,
}

pub async fn forum_members(tx: &mut Tx, forum_id: i64) -> Result<Vec<ForumMember>> {
    on_tx!(tx, c => Ok(sqlx::query_as(
        "SELECT m.org_id, o.name, o.sector, o.region_code FROM forum_members m JOIN organizations o ON o.id = m.org_id \
         WHERE m.forum_id = $1 ORDER BY o.sector, o.name",
    )
    .bind(forum_id)
    .fetch_all(c)
    .await?))
}

/// Replaces the standing members of a forum and its "every desa of the wilayah kerja" choice.
pub async fn set_forum_members(tx: &mut Tx, forum_id: i64, org_ids: &[i64], all_desa: bool) -> Result<()> {
    on_tx!(tx, c => sqlx::query("DELETE FROM forum_members WHERE forum_id = $1").bind(forum_id).execute(c).await?.rows_affected());
    for o in org_ids {
        on_tx!(tx, c => sqlx::query("INSERT INTO forum_members (forum_id, org_id) VALUES ($1, $2) ON CONFLICT DO NOTHING")
            .bind(forum_id)
            .bind(o)
            .execute(c)
            .await?
            .rows_affected());
    }
    on_tx!(tx, c => sqlx::query("UPDATE forums SET all_desa = $1 WHERE id = $2")
        .bind(all_desa)
        .bind(forum_id)
        .execute(c)
        .await?
        .rows_affected());
    Ok(())
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Meeting {
    pub id: i64,
    pub forum_id: Option<i64>,
    pub forum_name: Option<String>,
    #[sqlx(try_from = "crate::decode::Checked<domain::meeting::ForumKind>")]
    pub kind: domain::meeting::ForumKind,
    pub title: String,
    #[sqlx(try_from = "crate::decode::Checked<domain::meeting::MeetingLevel>")]
    pub level: domain::meeting::MeetingLevel,
    pub host_org_id: i64,
    pub host_name: String,
    pub region_code: String,
    pub held_on: NaiveDate,
    pub start_time: Option<String>,
    pub place: Option<String>,
    pub chair: Option<String>,
    pub first_of_year: bool,
    #[sqlx(try_from = "crate::decode::Checked<domain::meeting::MeetingStatus>")]
    pub status: domain::meeting::MeetingStatus,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

const MEETING: &str = "SELECT m.id, m.forum_id, f.name AS forum_name, m.kind, m.title, m.level, m.host_org_id, \
    h.name AS host_name, m.region_code, m.held_on, m.start_time, m.place, m.chair, m.first_of_year, m.status, \
    m.created_at, m.updated_at FROM meetings m JOIN organizations h ON h.id = m.host_org_id \
    LEFT JOIN forums f ON f.id = m.forum_id";

/// A meeting is visible when its host (or a co-host) is in `area`, or any invited organisation is in the
/// area's writable part (a Puskesmas does not see another Puskesmas's meetings because both
/// invite the same camat).
pub(crate) fn push_visible(q: &mut Sql, area: &Area) {
    if matches!(area, Area::All) {
        q.push("1 = 1");
        return;
    }
    q.push("EXISTS (SELECT 1 FROM meeting_orgs mo JOIN organizations vo ON vo.id = mo.org_id WHERE mo.meeting_id = m.id AND ((mo.role IN ('host', 'co_host') AND ");
    q.area(area, "vo.id", "vo.region_code").push(") OR ");
    q.area(&area.writable(), "vo.id", "vo.region_code").push("))");
}

#[derive(Debug, Clone, Default)]
pub struct MeetingFilter {
    pub forum_id: Option<i64>,
    pub org_id: Option<i64>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub kind: Option<String>,
    /// Which side of `today` (the meeting's own date and whether it was held): upcoming is
    /// later than today or today and not held yet; past is earlier, or today and held.
    pub side: Option<(Side, NaiveDate)>,
    pub limit: i64,
    pub offset: i64,
    pub newest_first: bool,
}

/// Upcoming or past meetings, seen on a given day (`MeetingFilter::side`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Upcoming,
    Past,
}

fn meeting_where(q: &mut Sql, area: &Area, f: &MeetingFilter) {
    q.push(" WHERE ");
    push_visible(q, area);
    if let Some(id) = f.forum_id {
        q.push(" AND m.forum_id = ").int(id);
    }
    if let Some(id) = f.org_id {
        q.push(" AND EXISTS (SELECT 1 FROM meeting_orgs x WHERE x.meeting_id = m.id AND x.org_id = ")
            .int(id)
            .push(")");
    }
    if let Some(d) = f.from {
        q.push(" AND m.held_on >= ").date(d);
    }
    if let Some(d) = f.to {
        q.push(" AND m.held_on <= ").date(d);
    }
    if let Some(k) = &f.kind {
        q.push(" AND m.kind = ").text(k.clone());
    }
    if let Some((side, today)) = f.side {
        let (later, held) = match side {
            Side::Upcoming => (" AND (m.held_on > ", " AND m.status <> 'held'))"),
            Side::Past => (" AND (m.held_on < ", " AND m.status = 'held'))"),
        };
        q.push(later)
            .date(today)
            .push(" OR (m.held_on = ")
            .date(today)
            .push(held);
    }
}

/// A page of the meetings `f` asks for in `area`, with how many there are in all.
pub async fn list(tx: &mut Tx, area: &Area, f: &MeetingFilter) -> Result<(Vec<Meeting>, i64)> {
    let mut c = Sql::new("SELECT COUNT(*) FROM meetings m");
    meeting_where(&mut c, area, f);
    let total = sql::fetch_scalar_i64(tx, c).await?;
    Ok((all(tx, area, f).await?, total))
}

/// The meetings `f` asks for in `area` (at most `f.limit`, 1,000), without the pager's count.
pub async fn all(tx: &mut Tx, area: &Area, f: &MeetingFilter) -> Result<Vec<Meeting>> {
    let mut q = Sql::new(MEETING);
    meeting_where(&mut q, area, f);
    q.push(if f.newest_first {
        " ORDER BY m.held_on DESC, m.id DESC"
    } else {
        " ORDER BY m.held_on, m.id"
    });
    q.push(" LIMIT ")
        .int(f.limit.clamp(1, 1000))
        .push(" OFFSET ")
        .int(f.offset.max(0));
    sql::fetch_all(tx, q).await
}

pub async fn get(tx: &mut Tx, id: i64) -> Result<Option<Meeting>> {
    let mut q = Sql::new(MEETING);
    q.push(" WHERE m.id = ").int(id);
    Ok(sql::fetch_all(tx, q).await?.into_iter().next())
}

pub async fn visible(tx: &mut Tx, area: &Area, id: i64) -> Result<bool> {
    let mut q = Sql::new("SELECT COUNT(*) FROM meetings m WHERE m.id = ");
    q.int(id).push(" AND ");
    push_visible(&mut q, area);
    Ok(sql::fetch_scalar_i64(tx, q).await? > 0)
}

pub async fn insert(tx: &mut Tx, m: &MeetingInput, region_code: &str, status: MeetingStatus) -> Result<i64> {
    let t = now();
    let id: i64 = on_tx!(tx, c => sqlx::query_scalar(
        "INSERT INTO meetings (forum_id, kind, title, level, host_org_id, region_code, held_on, start_time, place, chair, \
         first_of_year, status, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13) RETURNING id",
    )
    .bind(m.forum_id)
    .bind(m.kind.as_str())
    .bind(&m.title)
    .bind(m.level.as_str())
    .bind(m.host_org_id)
    .bind(region_code)
    .bind(m.held_on)
    .bind(&m.start_time)
    .bind(&m.place)
    .bind(&m.chair)
    .bind(m.first_of_year)
    .bind(status.as_str())
    .bind(t)
    .fetch_one(c)
    .await?);
    set_org(tx, id, m.host_org_id, OrgRole::Host).await?;
    Ok(id)
}

pub async fn update(tx: &mut Tx, id: i64, m: &MeetingInput, region_code: &str) -> Result<()> {
    let n = on_tx!(tx, c => sqlx::query(
        "UPDATE meetings SET kind = $1, title = $2, level = $3, host_org_id = $4, region_code = $5, held_on = $6, \
         start_time = $7, place = $8, chair = $9, first_of_year = $10, updated_at = $11 WHERE id = $12",
    )
    .bind(m.kind.as_str())
    .bind(&m.title)
    .bind(m.level.as_str())
    .bind(m.host_org_id)
    .bind(region_code)
    .bind(m.held_on)
    .bind(&m.start_time)
    .bind(&m.place)
    .bind(&m.chair)
    .bind(m.first_of_year)
    .bind(now())
    .bind(id)
    .execute(c)
    .await?
    .rows_affected());
    if n == 0 {
        return Err(StoreError::NotFound);
    }
    on_tx!(tx, c => sqlx::query("DELETE FROM meeting_orgs WHERE meeting_id = $1 AND role = 'host'").bind(id).execute(c).await?.rows_affected());
    set_org(tx, id, m.host_org_id, OrgRole::Host).await
}

pub async fn set_status(tx: &mut Tx, id: i64, status: MeetingStatus) -> Result<()> {
    on_tx!(tx, c => sqlx::query("UPDATE meetings SET status = $1, updated_at = $2 WHERE id = $3")
        .bind(status.as_str())
        .bind(now())
        .bind(id)
        .execute(c)
        .await?
        .rows_affected());
    Ok(())
}

/// Adds (or changes the role of) an organisation of a meeting: host, co_host or invited.
pub async fn set_org(tx: &mut Tx, meeting_id: i64, org_id: i64, role: OrgRole) -> Result<()> {
    on_tx!(tx, c => sqlx::query(
        "INSERT INTO meeting_orgs (meeting_id, org_id, role) VALUES ($1, $2, $3) \
         ON CONFLICT (meeting_id, org_id) DO UPDATE SET role = CASE WHEN meeting_orgs.role = 'host' THEN 'host' ELSE excluded.role END",
    )
    .bind(meeting_id)
    .bind(org_id)
    .bind(role.as_str())
    .execute(c)
    .await?
    .rows_affected());
    Ok(())
}

pub async fn remove_org(tx: &mut Tx, meeting_id: i64, org_id: i64) -> Result<()> {
    on_tx!(tx, c => sqlx::query("DELETE FROM meeting_orgs WHERE meeting_id = $1 AND org_id = $2 AND role <> 'host'")
        .bind(meeting_id)
        .bind(org_id)
        .execute(c)
        .await?
        .rows_affected());
    Ok(())
}

pub async fn set_rsvp(tx: &mut Tx, meeting_id: i64, org_id: i64, rsvp: Rsvp) -> Result<()> {
    on_tx!(tx, c => sqlx::query("UPDATE meeting_orgs SET rsvp = $1 WHERE meeting_id = $2 AND org_id = $3")
        .bind(rsvp.as_str())
        .bind(meeting_id)
        .bind(org_id)
        .execute(c)
        .await?
        .rows_affected());
    Ok(())
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct MeetingOrg {
    pub org_id: i64,
    pub name: String,
    #[sqlx(try_from = "crate::decode::Checked<domain::org::Sector>")]
    pub sector: domain::org::Sector,
    #[sqlx(try_from = "crate::decode::Checked<domain::org::OrgKind>")]
    pub kind: domain::org::OrgKind,
    #[sqlx(try_from = "crate::decode::Checked<domain::meeting::OrgRole>")]
    pub role: domain::meeting::OrgRole,
    #[sqlx(try_from = "crate::decode::CheckedOpt<domain::meeting::Rsvp>")]
    pub rsvp: Option<domain::meeting::Rsvp>,
    pub region_code: String,
    /// People of this organisation recorded as present.
    pub present: i64,
}

/// The host and co-host organisations of each of `meeting_ids`: (meeting id, organisation
/// id, its region code), for deciding who may edit many meetings at once.
pub async fn hosts_of(tx: &mut Tx, meeting_ids: &[i64]) -> Result<Vec<(i64, i64, String)>> {
    #[derive(sqlx::FromRow)]
    struct Row {
        meeting_id: i64,
        org_id: i64,
        region_code: String,
    }
    let mut out = Vec::new();
    for chunk in meeting_ids.chunks(1000) {
        let mut q = Sql::new(
            "SELECT mo.meeting_id, mo.org_id, o.region_code FROM meeting_orgs mo JOIN organizations o ON o.id = mo.org_id \
             WHERE mo.role IN ('host', 'co_host') AND mo.meeting_id IN ",
        );
        q.int_list(chunk).push(" ORDER BY mo.meeting_id, mo.org_id");
        out.extend(
            sql::fetch_all::<Row>(tx, q)
                .await?
                .into_iter()
                .map(|r| (r.meeting_id, r.org_id, r.region_code)),
        );
    }
    Ok(out)
}

pub async fn orgs(tx: &mut Tx, meeting_id: i64) -> Result<Vec<MeetingOrg>> {
    on_tx!(tx, c => Ok(sqlx::query_as(
        "SELECT mo.org_id, o.name, o.sector, o.kind, mo.role, mo.rsvp, o.region_code, \
         (SELECT COUNT(*) FROM attendance a WHERE a.meeting_id = mo.meeting_id AND a.org_id = mo.org_id) AS present \
         FROM meeting_orgs mo JOIN organizations o ON o.id = mo.org_id WHERE mo.meeting_id = $1 \
         ORDER BY CASE mo.role WHEN 'host' THEN 0 WHEN 'co_host' THEN 1 ELSE 2 END, o.sector, o.name",
    )
    .bind(meeting_id)
    .fetch_all(c)
    .await?))
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct AgendaItem {
    pub id: i64,
    pub meeting_id: i64,
    pub position: i64,
    pub title: String,
    pub findings: Option<String>,
    pub decisions: Option<String>,
}

pub async fn agenda(tx: &mut Tx, meeting_id: i64) -> Result<Vec<AgendaItem>> {
    on_tx!(tx, c => Ok(sqlx::query_as(
        "SELECT id, meeting_id, position, title, findings, decisions FROM agenda_items WHERE meeting_id = $1 ORDER BY position, id",
    )
    .bind(meeting_id)
    .fetch_all(c)
    .await?))
}

pub async fn insert_agenda_item(tx: &mut Tx, meeting_id: i64, title: &str) -> Result<i64> {
    on_tx!(tx, c => Ok(sqlx::query_scalar(
        "INSERT INTO agenda_items (meeting_id, position, title) \
         VALUES ($1, (SELECT COALESCE(MAX(position), 0) + 1 FROM agenda_items WHERE meeting_id = $1), $2) RETURNING id",
    )
    .bind(meeting_id)
    .bind(title)
    .fetch_one(c)
    .await?))
}

pub async fn update_minutes(tx: &mut Tx, item_id: i64, findings: Option<&str>, decisions: Option<&str>) -> Result<()> {
    on_tx!(tx, c => sqlx::query("UPDATE agenda_items SET findings = $1, decisions = $2 WHERE id = $3")
        .bind(findings)
        .bind(decisions)
        .bind(item_id)
        .execute(c)
        .await?
        .rows_affected());
    Ok(())
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Attendee {
    pub id: i64,
    pub meeting_id: i64,
    pub person_id: Option<i64>,
    pub name: String,
    pub org_id: Option<i64>,
    pub org_name: String,
    #[sqlx(try_from = "crate::decode::Checked<domain::org::Sector>")]
    pub sector: domain::org::Sector,
    pub position: Option<String>,
}

pub async fn attendance(tx: &mut Tx, meeting_id: i64) -> Result<Vec<Attendee>> {
    on_tx!(tx, c => Ok(sqlx::query_as(
        "SELECT id, meeting_id, person_id, name, org_id, org_name, sector, position FROM attendance \
         WHERE meeting_id = $1 ORDER BY sector, org_name, name, id",
    )
    .bind(meeting_id)
    .fetch_all(c)
    .await?))
}

/// Records attendees; `sector` and `org_name` are resolved by the caller.
pub async fn insert_attendees(
    tx: &mut Tx,
    meeting_id: i64,
    rows: &[(AttendeeInput, String, domain::org::Sector)],
) -> Result<()> {
    for (a, org_name, sector) in rows {
        on_tx!(tx, c => sqlx::query(
            "INSERT INTO attendance (meeting_id, person_id, name, org_id, org_name, sector, position, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(meeting_id)
        .bind(a.person_id)
        .bind(&a.name)
        .bind(a.org_id)
        .bind(org_name)
        .bind(sector.as_str())
        .bind(&a.position)
        .bind(now())
        .execute(c)
        .await?
        .rows_affected());
    }
    Ok(())
}

pub async fn delete_attendee(tx: &mut Tx, meeting_id: i64, id: i64) -> Result<Option<Attendee>> {
    let before: Option<Attendee> = on_tx!(tx, c => sqlx::query_as(
        "SELECT id, meeting_id, person_id, name, org_id, org_name, sector, position FROM attendance WHERE id = $1 AND meeting_id = $2",
    )
    .bind(id)
    .bind(meeting_id)
    .fetch_optional(c)
    .await?);
    on_tx!(tx, c => sqlx::query("DELETE FROM attendance WHERE id = $1 AND meeting_id = $2").bind(id).bind(meeting_id).execute(c).await?.rows_affected());
    Ok(before)
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct AgreementReached {
    pub id: i64,
    pub meeting_id: i64,
    pub position: i64,
    pub text: String,
}

pub async fn agreements(tx: &mut Tx, meeting_id: i64) -> Result<Vec<AgreementReached>> {
    on_tx!(tx, c => Ok(sqlx::query_as(
        "SELECT id, meeting_id, position, text FROM agreements_reached WHERE meeting_id = $1 ORDER BY position, id",
    )
    .bind(meeting_id)
    .fetch_all(c)
    .await?))
}

pub async fn agreement_signatories(tx: &mut Tx, meeting_id: i64) -> Result<Vec<(i64, i64, String)>> {
    on_tx!(tx, c => Ok(sqlx::query_as(
        "SELECT s.agreement_id, s.org_id, o.name FROM agreement_signatories s JOIN agreements_reached a ON a.id = s.agreement_id \
         JOIN organizations o ON o.id = s.org_id WHERE a.meeting_id = $1 ORDER BY o.sector, o.name",
    )
    .bind(meeting_id)
    .fetch_all(c)
    .await?))
}

pub async fn insert_agreement(tx: &mut Tx, meeting_id: i64, text: &str, org_ids: &[i64]) -> Result<i64> {
    let id: i64 = on_tx!(tx, c => sqlx::query_scalar(
        "INSERT INTO agreements_reached (meeting_id, position, text, created_at) \
         VALUES ($1, (SELECT COALESCE(MAX(position), 0) + 1 FROM agreements_reached WHERE meeting_id = $1), $2, $3) RETURNING id",
    )
    .bind(meeting_id)
    .bind(text)
    .bind(now())
    .fetch_one(c)
    .await?);
    for o in org_ids {
        on_tx!(tx, c => sqlx::query("INSERT INTO agreement_signatories (agreement_id, org_id) VALUES ($1, $2) ON CONFLICT DO NOTHING")
            .bind(id)
            .bind(o)
            .execute(c)
            .await?
            .rows_affected());
    }
    Ok(id)
}

/// The previous meetings of a forum (before `held_on`), newest first.
pub async fn earlier_in_forum(tx: &mut Tx, forum_id: i64, held_on: NaiveDate, exclude: i64) -> Result<Vec<i64>> {
    on_tx!(tx, c => Ok(sqlx::query_scalar(
        "SELECT id FROM meetings WHERE forum_id = $1 AND (held_on < $2 OR (held_on = $2 AND id < $3)) AND id <> $3 ORDER BY held_on DESC, id DESC",
    )
    .bind(forum_id)
    .bind(held_on)
    .bind(exclude)
    .fetch_all(c)
    .await?))
}

/// A person invited by name, with the organisation of their current position and whether
/// they signed the attendance.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct InvitedPerson {
    pub person_id: i64,
    pub name: String,
    pub org_name: Option<String>,
    #[sqlx(try_from = "crate::decode::CheckedOpt<domain::meeting::Rsvp>")]
    pub rsvp: Option<domain::meeting::Rsvp>,
    pub present: i64,
}

pub async fn invite_person(tx: &mut Tx, meeting_id: i64, person_id: i64) -> Result<()> {
    on_tx!(tx, c => sqlx::query("INSERT INTO meeting_people (meeting_id, person_id) VALUES ($1, $2) ON CONFLICT DO NOTHING")
        .bind(meeting_id)
        .bind(person_id)
        .execute(c)
        .await?
        .rows_affected());
    Ok(())
}

pub async fn invited_people(tx: &mut Tx, meeting_id: i64) -> Result<Vec<InvitedPerson>> {
    on_tx!(tx, c => Ok(sqlx::query_as(
        "SELECT mp.person_id, p.name, \
         (SELECT o.name FROM positions s JOIN organizations o ON o.id = s.org_id WHERE s.person_id = p.id AND s.ended_on IS NULL ORDER BY s.id LIMIT 1) AS org_name, \
         mp.rsvp, (SELECT COUNT(*) FROM attendance a WHERE a.meeting_id = mp.meeting_id AND (a.person_id = mp.person_id OR a.name = p.name)) AS present \
         FROM meeting_people mp JOIN people p ON p.id = mp.person_id WHERE mp.meeting_id = $1 ORDER BY p.name",
    )
    .bind(meeting_id)
    .fetch_all(c)
    .await?))
}
