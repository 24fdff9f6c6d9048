//! Agreements (MOU/PKS and derived documents), their parties, scope items, obligations and the
//! actions that fulfil them, linked meetings, attached documents and status history.

use crate::sql::{self, Sql};
use crate::{Result, StoreError, Tx, now, on_tx};
use chrono::{DateTime, NaiveDate, Utc};
use domain::access::Area;
use domain::agreement::{AgreementInput, AgreementStatus, DocumentKind, MeetingRole, PartyInput};
use serde::Serialize;

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Agreement {
    pub id: i64,
    #[sqlx(try_from = "crate::decode::Checked<domain::agreement::AgreementKind>")]
    pub kind: domain::agreement::AgreementKind,
    pub title: String,
    /// As stored; what people see is derived (`AgreementStatus::effective`).
    #[sqlx(try_from = "crate::decode::Checked<domain::agreement::AgreementStatus>")]
    pub status: domain::agreement::AgreementStatus,
    pub status_on: NaiveDate,
    pub parent_id: Option<i64>,
    pub parent_title: Option<String>,
    pub renewed_from_id: Option<i64>,
    pub renewed_by_id: Option<i64>,
    pub owner_org_id: i64,
    pub owner_name: String,
    pub owner_region_code: String,
    pub region_code: String,
    pub legal_basis: Option<String>,
    pub purpose: Option<String>,
    pub summary: Option<String>,
    pub start_on: Option<NaiveDate>,
    pub end_on: Option<NaiveDate>,
    pub is_public: bool,
    pub batch_id: Option<String>,
    pub created_by: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

const SELECT: &str = "SELECT a.id, a.kind, a.title, a.status, a.status_on, a.parent_id, pa.title AS parent_title, \
    a.renewed_from_id, (SELECT MIN(r.id) FROM agreements r WHERE r.renewed_from_id = a.id) AS renewed_by_id, \
    a.owner_org_id, ow.name AS owner_name, ow.region_code AS owner_region_code, a.region_code, a.legal_basis, a.purpose, \
    a.summary, a.start_on, a.end_on, a.is_public, a.batch_id, a.created_by, a.created_at, a.updated_at \
    FROM agreements a JOIN organizations ow ON ow.id = a.owner_org_id LEFT JOIN agreements pa ON pa.id = a.parent_id";

/// The derived statuses a list can be filtered by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusFilter {
    /// Stored status, except `active`/`expired` which follow the end date.
    Is(&'static str),
    /// Active and ending within this many days of `today`.
    ExpiringWithin(i64),
    /// Expired (stored or derived) and not renewed.
    ExpiredUnrenewed,
}

#[derive(Debug, Clone, Default)]
pub struct AgreementFilter {
    /// A party that is this organisation or one under it (at any depth).
    pub party_under: Option<i64>,
    pub sector: Option<String>,
    pub scope: Option<String>,
    pub kind: Option<String>,
    pub status: Option<StatusFilter>,
    /// Some party located in this region or below it.
    pub region_code: Option<String>,
    /// In force at some time during this year.
    pub year: Option<i32>,
    /// Every word must appear in the title or the summary (case-insensitive).
    pub text: Option<String>,
    pub parent_id: Option<i64>,
    /// "Today" in the reader's region, for derived statuses.
    pub today: NaiveDate,
    pub limit: i64,
    pub offset: i64,
}

/// Readable in `area`: public agreements, and those with a party (or the registering
/// organisation) inside the area.
fn push_visible(q: &mut Sql, area: &Area) {
    if matches!(area, Area::All) {
        q.push("1 = 1");
        return;
    }
    q.push("(a.is_public = TRUE OR ");
    q.area(area, "ow.id", "ow.region_code");
    q.push(" OR EXISTS (SELECT 1 FROM agreement_parties vp JOIN organizations vo ON vo.id = vp.org_id WHERE vp.agreement_id = a.id AND ");
    q.area(area, "vo.id", "vo.region_code");
    q.push("))");
}

fn push_where(q: &mut Sql, area: &Area, f: &AgreementFilter) {
    q.push(" WHERE ");
    push_visible(q, area);
    if let Some(root) = f.party_under {
        // The subtree in the query, not as a list of ids: a district's Dinkes has hundreds of
        // organisations under it, and on PostgreSQL such a list made every header's agreement
        // warning a statement planned afresh (1–5 ms, four a district home).
        q.push(" AND EXISTS (SELECT 1 FROM agreement_parties fp WHERE fp.agreement_id = a.id AND fp.org_id IN ");
        crate::org::push_subtree(q, root);
        q.push(")");
    }
    if let Some(s) = &f.sector {
        q.push(" AND EXISTS (SELECT 1 FROM agreement_parties fp JOIN organizations fo ON fo.id = fp.org_id WHERE fp.agreement_id = a.id AND fo.sector = ")
            .text(s.clone())
            .push(")");
    }
    if let Some(r) = &f.region_code {
        q.push(" AND EXISTS (SELECT 1 FROM agreement_parties fp JOIN organizations fo ON fo.id = fp.org_id WHERE fp.agreement_id = a.id AND (fo.region_code = ")
            .text(r.clone())
            .push(" OR fo.region_code LIKE ")
            .text(format!("{r}.%"))
            .push("))");
    }
    if let Some(s) = &f.scope {
        q.push(" AND EXISTS (SELECT 1 FROM agreement_scopes fs WHERE fs.agreement_id = a.id AND fs.item = ")
            .text(s.clone())
            .push(")");
    }
    if let Some(k) = &f.kind {
        q.push(" AND a.kind = ").text(k.clone());
    }
    if let Some(p) = f.parent_id {
        q.push(" AND a.parent_id = ").int(p);
    }
    if let Some(y) = f.year {
        let first = NaiveDate::from_ymd_opt(y, 1, 1).unwrap_or(f.today);
        let last = NaiveDate::from_ymd_opt(y, 12, 31).unwrap_or(f.today);
        q.push(" AND (a.start_on IS NULL OR a.start_on <= ").date(last);
        q.push(") AND (a.end_on IS NULL OR a.end_on >= ").date(first);
        q.push(") AND (a.start_on IS NOT NULL OR a.end_on IS NOT NULL)");
    }
    if let Some(t) = &f.text {
        for w in t.split_whitespace().take(8) {
            let pat = format!("%{}%", w.to_lowercase().replace(['%', '_'], ""));
            q.push(" AND (LOWER(a.title) LIKE ").text(pat.clone());
            q.push(" OR LOWER(COALESCE(a.summary, '')) LIKE ").text(pat).push(")");
        }
    }
    match f.status {
        None => {}
        Some(StatusFilter::Is("active")) => {
            q.push(" AND a.status = 'active' AND (a.end_on IS NULL OR a.end_on >= ")
                .date(f.today)
                .push(")");
        }
        Some(StatusFilter::Is("expired")) | Some(StatusFilter::ExpiredUnrenewed) => {
            q.push(" AND (a.status = 'expired' OR (a.status = 'active' AND a.end_on < ")
                .date(f.today)
                .push("))");
        }
        Some(StatusFilter::Is(s)) => {
            q.push(" AND a.status = ").text(s);
        }
        Some(StatusFilter::ExpiringWithin(days)) => {
            q.push(" AND a.status = 'active' AND a.end_on >= ").date(f.today);
            q.push(" AND a.end_on <= ").date(f.today + chrono::Duration::days(days));
        }
    }
    if f.status == Some(StatusFilter::ExpiredUnrenewed) {
        q.push(" AND NOT EXISTS (SELECT 1 FROM agreements rn WHERE rn.renewed_from_id = a.id)");
    }
}

/// Agreements readable in `area` matching `f`, with the total before paging.
/// A page of the agreements `f` asks for in `area`, with how many there are in all.
pub async fn list(tx: &mut Tx, area: &Area, f: &AgreementFilter) -> Result<(Vec<Agreement>, i64)> {
    let mut c = Sql::new("SELECT COUNT(*) FROM agreements a JOIN organizations ow ON ow.id = a.owner_org_id");
    push_where(&mut c, area, f);
    let total = sql::fetch_scalar_i64(tx, c).await?;
    Ok((all(tx, area, f).await?, total))
}

/// The agreements `f` asks for in `area` (at most `f.limit`, 5,000), without the pager's
/// count.
pub async fn all(tx: &mut Tx, area: &Area, f: &AgreementFilter) -> Result<Vec<Agreement>> {
    let mut q = Sql::new(SELECT);
    push_where(&mut q, area, f);
    q.push(" ORDER BY CASE WHEN a.end_on IS NULL THEN 1 ELSE 0 END, a.end_on, a.id LIMIT ")
        .int(f.limit.clamp(1, 5000))
        .push(" OFFSET ")
        .int(f.offset.max(0));
    sql::fetch_all(tx, q).await
}

pub async fn get(tx: &mut Tx, id: i64) -> Result<Option<Agreement>> {
    let mut q = Sql::new(SELECT);
    q.push(" WHERE a.id = ").int(id);
    Ok(sql::fetch_all(tx, q).await?.into_iter().next())
}

/// Whether the agreement is readable in `area`.
pub async fn visible(tx: &mut Tx, area: &Area, id: i64) -> Result<bool> {
    let mut q =
        Sql::new("SELECT COUNT(*) FROM agreements a JOIN organizations ow ON ow.id = a.owner_org_id WHERE a.id = ");
    q.int(id).push(" AND ");
    push_visible(&mut q, area);
    Ok(sql::fetch_scalar_i64(tx, q).await? > 0)
}

/// Where a new agreement comes from.
pub struct Origin<'a> {
    pub owner_org_id: i64,
    pub region_code: &'a str,
    pub created_by: &'a str,
    pub batch_id: Option<&'a str>,
    pub renewed_from_id: Option<i64>,
    pub status_on: NaiveDate,
}

pub async fn insert(tx: &mut Tx, a: &AgreementInput, o: &Origin<'_>) -> Result<i64> {
    let t = now();
    let id: i64 = on_tx!(tx, c => sqlx::query_scalar(
        "INSERT INTO agreements (kind, title, status, status_on, parent_id, renewed_from_id, owner_org_id, region_code, \
         legal_basis, purpose, summary, start_on, end_on, is_public, batch_id, created_by, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $17) RETURNING id",
    )
    .bind(a.kind.as_str())
    .bind(&a.title)
    .bind(a.status.as_str())
    .bind(o.status_on)
    .bind(a.parent_id)
    .bind(o.renewed_from_id)
    .bind(o.owner_org_id)
    .bind(o.region_code)
    .bind(&a.legal_basis)
    .bind(&a.purpose)
    .bind(&a.summary)
    .bind(a.start_on)
    .bind(a.end_on)
    .bind(a.is_public)
    .bind(o.batch_id)
    .bind(o.created_by)
    .bind(t)
    .fetch_one(c)
    .await?);
    set_parties(tx, id, &a.parties).await?;
    set_scope(tx, id, &a.scope).await?;
    Ok(id)
}

/// Rewrites what the form holds (not the status, which moves through transitions).
pub async fn update(tx: &mut Tx, id: i64, a: &AgreementInput) -> Result<()> {
    let n = on_tx!(tx, c => sqlx::query(
        "UPDATE agreements SET kind = $1, title = $2, parent_id = $3, legal_basis = $4, purpose = $5, summary = $6, \
         start_on = $7, end_on = $8, is_public = $9, updated_at = $10 WHERE id = $11",
    )
    .bind(a.kind.as_str())
    .bind(&a.title)
    .bind(a.parent_id)
    .bind(&a.legal_basis)
    .bind(&a.purpose)
    .bind(&a.summary)
    .bind(a.start_on)
    .bind(a.end_on)
    .bind(a.is_public)
    .bind(now())
    .bind(id)
    .execute(c)
    .await?
    .rows_affected());
    if n == 0 {
        return Err(StoreError::NotFound);
    }
    set_parties(tx, id, &a.parties).await?;
    set_scope(tx, id, &a.scope).await
}

async fn set_parties(tx: &mut Tx, id: i64, parties: &[PartyInput]) -> Result<()> {
    let keep: Vec<i64> = parties.iter().map(|p| p.org_id).collect();
    let mut q = Sql::new("DELETE FROM agreement_parties WHERE agreement_id = ");
    q.int(id).push(" AND org_id NOT IN ").int_list(&keep);
    sql::execute(tx, q).await?;
    for (i, p) in parties.iter().enumerate() {
        on_tx!(tx, c => sqlx::query(
            "INSERT INTO agreement_parties (agreement_id, org_id, position, doc_number, signatory, signatory_position, signed_on, financing) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (agreement_id, org_id) DO UPDATE SET position = $3, doc_number = $4, \
             signatory = $5, signatory_position = $6, signed_on = $7, financing = $8",
        )
        .bind(id)
        .bind(p.org_id)
        .bind(i as i64 + 1)
        .bind(&p.doc_number)
        .bind(&p.signatory)
        .bind(&p.signatory_position)
        .bind(p.signed_on)
        .bind(&p.financing)
        .execute(c)
        .await?
        .rows_affected());
    }
    Ok(())
}

/// Sets one party's signing details (number, signatory, signing date).
pub async fn set_signing(
    tx: &mut Tx,
    agreement_id: i64,
    org_id: i64,
    doc_number: Option<&str>,
    signatory: Option<&str>,
    signatory_position: Option<&str>,
    signed_on: Option<NaiveDate>,
) -> Result<()> {
    on_tx!(tx, c => sqlx::query(
        "UPDATE agreement_parties SET doc_number = $1, signatory = $2, signatory_position = $3, signed_on = $4 \
         WHERE agreement_id = $5 AND org_id = $6",
    )
    .bind(doc_number)
    .bind(signatory)
    .bind(signatory_position)
    .bind(signed_on)
    .bind(agreement_id)
    .bind(org_id)
    .execute(c)
    .await?
    .rows_affected());
    Ok(())
}

async fn set_scope(tx: &mut Tx, id: i64, items: &[domain::agreement::ScopeItem]) -> Result<()> {
    on_tx!(tx, c => sqlx::query("DELETE FROM agreement_scopes WHERE agreement_id = $1").bind(id).execute(c).await?.rows_affected());
    for s in items {
        on_tx!(tx, c => sqlx::query("INSERT INTO agreement_scopes (agreement_id, item) VALUES ($1, $2)")
            .bind(id)
            .bind(s.as_str())
            .execute(c)
            .await?
            .rows_affected());
    }
    Ok(())
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Party {
    pub agreement_id: i64,
    pub org_id: i64,
    pub org_name: String,
    #[sqlx(try_from = "crate::decode::Checked<domain::org::OrgKind>")]
    pub org_kind: domain::org::OrgKind,
    #[sqlx(try_from = "crate::decode::Checked<domain::org::Sector>")]
    pub sector: domain::org::Sector,
    pub region_code: String,
    pub position: i64,
    pub doc_number: Option<String>,
    pub signatory: Option<String>,
    pub signatory_position: Option<String>,
    pub signed_on: Option<NaiveDate>,
    pub financing: Option<String>,
}

/// Parties of `ids`, in their order on each agreement.
pub async fn parties(tx: &mut Tx, ids: &[i64]) -> Result<Vec<Party>> {
    let mut q = Sql::new(
        "SELECT p.agreement_id, p.org_id, o.name AS org_name, o.kind AS org_kind, o.sector, o.region_code, p.position, \
         p.doc_number, p.signatory, p.signatory_position, p.signed_on, p.financing \
         FROM agreement_parties p JOIN organizations o ON o.id = p.org_id WHERE p.agreement_id IN ",
    );
    q.int_list(ids).push(" ORDER BY p.agreement_id, p.position");
    sql::fetch_all(tx, q).await
}

/// (agreement id, scope item) of `ids`.
pub async fn scopes(tx: &mut Tx, ids: &[i64]) -> Result<Vec<(i64, String)>> {
    let mut q = Sql::new("SELECT agreement_id AS a, item AS i FROM agreement_scopes WHERE agreement_id IN ");
    q.int_list(ids).push(" ORDER BY agreement_id, item");
    #[derive(sqlx::FromRow)]
    struct Row {
        a: i64,
        i: String,
    }
    Ok(sql::fetch_all::<Row>(tx, q)
        .await?
        .into_iter()
        .map(|r| (r.a, r.i))
        .collect())
}

/// Moves the stored status and records the dated transition.
pub async fn set_status(
    tx: &mut Tx,
    id: i64,
    from: Option<AgreementStatus>,
    to: AgreementStatus,
    on: NaiveDate,
    note: Option<&str>,
    username: &str,
) -> Result<()> {
    let t = now();
    on_tx!(tx, c => sqlx::query("UPDATE agreements SET status = $1, status_on = $2, updated_at = $3 WHERE id = $4")
        .bind(to.as_str())
        .bind(on)
        .bind(t)
        .bind(id)
        .execute(c)
        .await?
        .rows_affected());
    on_tx!(tx, c => sqlx::query(
        "INSERT INTO agreement_transitions (agreement_id, status_from, status_to, on_date, note, username, at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(id)
    .bind(from.map(AgreementStatus::as_str))
    .bind(to.as_str())
    .bind(on)
    .bind(note)
    .bind(username)
    .bind(t)
    .execute(c)
    .await?
    .rows_affected());
    Ok(())
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Transition {
    pub id: i64,
    #[sqlx(try_from = "crate::decode::CheckedOpt<domain::agreement::AgreementStatus>")]
    pub status_from: Option<domain::agreement::AgreementStatus>,
    #[sqlx(try_from = "crate::decode::Checked<domain::agreement::AgreementStatus>")]
    pub status_to: domain::agreement::AgreementStatus,
    pub on_date: NaiveDate,
    pub note: Option<String>,
    pub username: Option<String>,
    pub at: DateTime<Utc>,
}

pub async fn transitions(tx: &mut Tx, id: i64) -> Result<Vec<Transition>> {
    on_tx!(tx, c => Ok(sqlx::query_as(
        "SELECT id, status_from, status_to, on_date, note, username, at FROM agreement_transitions WHERE agreement_id = $1 ORDER BY at, id",
    )
    .bind(id)
    .fetch_all(c)
    .await?))
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Obligation {
    pub id: i64,
    pub agreement_id: i64,
    pub org_id: i64,
    pub org_name: String,
    pub text: String,
}

pub async fn obligations(tx: &mut Tx, agreement_id: i64) -> Result<Vec<Obligation>> {
    on_tx!(tx, c => Ok(sqlx::query_as(
        "SELECT b.id, b.agreement_id, b.org_id, o.name AS org_name, b.text FROM agreement_obligations b \
         JOIN organizations o ON o.id = b.org_id JOIN agreement_parties p ON p.agreement_id = b.agreement_id AND p.org_id = b.org_id \
         WHERE b.agreement_id = $1 ORDER BY p.position, b.id",
    )
    .bind(agreement_id)
    .fetch_all(c)
    .await?))
}

pub async fn get_obligation(tx: &mut Tx, id: i64) -> Result<Option<Obligation>> {
    on_tx!(tx, c => Ok(sqlx::query_as(
        "SELECT b.id, b.agreement_id, b.org_id, o.name AS org_name, b.text FROM agreement_obligations b \
         JOIN organizations o ON o.id = b.org_id WHERE b.id = $1",
    )
    .bind(id)
    .fetch_optional(c)
    .await?))
}

pub async fn insert_obligation(tx: &mut Tx, agreement_id: i64, org_id: i64, text: &str) -> Result<i64> {
    on_tx!(tx, c => Ok(sqlx::query_scalar(
        "INSERT INTO agreement_obligations (agreement_id, org_id, text, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(agreement_id)
    .bind(org_id)
    .bind(text)
    .bind(now())
    .fetch_one(c)
    .await?))
}

pub async fn delete_obligation(tx: &mut Tx, id: i64) -> Result<()> {
    on_tx!(tx, c => sqlx::query("DELETE FROM agreement_obligations WHERE id = $1").bind(id).execute(c).await?.rows_affected());
    Ok(())
}

/// Obligations whose organisation is no longer a party (after an edit of the parties).
pub async fn orphan_obligations(tx: &mut Tx, agreement_id: i64) -> Result<i64> {
    on_tx!(tx, c => Ok(sqlx::query_scalar(
        "SELECT COUNT(*) FROM agreement_obligations b WHERE b.agreement_id = $1 AND NOT EXISTS \
         (SELECT 1 FROM agreement_parties p WHERE p.agreement_id = b.agreement_id AND p.org_id = b.org_id)",
    )
    .bind(agreement_id)
    .fetch_one(c)
    .await?))
}

/// Links an action to an obligation; linking twice changes nothing.
pub async fn link_action(tx: &mut Tx, obligation_id: i64, action_id: i64) -> Result<()> {
    on_tx!(tx, c => sqlx::query("INSERT INTO obligation_actions (obligation_id, action_id) VALUES ($1, $2) ON CONFLICT DO NOTHING")
        .bind(obligation_id)
        .bind(action_id)
        .execute(c)
        .await?
        .rows_affected());
    Ok(())
}

pub async fn unlink_action(tx: &mut Tx, obligation_id: i64, action_id: i64) -> Result<()> {
    on_tx!(tx, c => sqlx::query("DELETE FROM obligation_actions WHERE obligation_id = $1 AND action_id = $2")
        .bind(obligation_id)
        .bind(action_id)
        .execute(c)
        .await?
        .rows_affected());
    Ok(())
}

/// (obligation id, action id) for the obligations of an agreement.
pub async fn obligation_actions(tx: &mut Tx, agreement_id: i64) -> Result<Vec<(i64, i64)>> {
    #[derive(sqlx::FromRow)]
    struct Row {
        o: i64,
        a: i64,
    }
    let rows: Vec<Row> = on_tx!(tx, c => sqlx::query_as(
        "SELECT x.obligation_id AS o, x.action_id AS a FROM obligation_actions x JOIN agreement_obligations b ON b.id = x.obligation_id \
         WHERE b.agreement_id = $1 ORDER BY x.obligation_id, x.action_id",
    )
    .bind(agreement_id)
    .fetch_all(c)
    .await?);
    Ok(rows.into_iter().map(|r| (r.o, r.a)).collect())
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct LinkedMeeting {
    pub agreement_id: i64,
    pub meeting_id: i64,
    pub title: String,
    pub held_on: NaiveDate,
    pub host_org_id: i64,
    pub host_name: String,
    #[sqlx(try_from = "crate::decode::Checked<domain::agreement::MeetingRole>")]
    pub role: domain::agreement::MeetingRole,
}

pub async fn link_meeting(tx: &mut Tx, agreement_id: i64, meeting_id: i64, role: MeetingRole) -> Result<()> {
    on_tx!(tx, c => sqlx::query(
        "INSERT INTO agreement_meetings (agreement_id, meeting_id, role) VALUES ($1, $2, $3) \
         ON CONFLICT (agreement_id, meeting_id) DO UPDATE SET role = $3",
    )
    .bind(agreement_id)
    .bind(meeting_id)
    .bind(role.as_str())
    .execute(c)
    .await?
    .rows_affected());
    Ok(())
}

pub async fn unlink_meeting(tx: &mut Tx, agreement_id: i64, meeting_id: i64) -> Result<()> {
    on_tx!(tx, c => sqlx::query("DELETE FROM agreement_meetings WHERE agreement_id = $1 AND meeting_id = $2")
        .bind(agreement_id)
        .bind(meeting_id)
        .execute(c)
        .await?
        .rows_affected());
    Ok(())
}

const LINKED: &str = "SELECT am.agreement_id, am.meeting_id, m.title, m.held_on, m.host_org_id, h.name AS host_name, am.role \
    FROM agreement_meetings am JOIN meetings m ON m.id = am.meeting_id JOIN organizations h ON h.id = m.host_org_id";

pub async fn meetings(tx: &mut Tx, agreement_id: i64) -> Result<Vec<LinkedMeeting>> {
    let mut q = Sql::new(LINKED);
    q.push(" WHERE am.agreement_id = ")
        .int(agreement_id)
        .push(" ORDER BY m.held_on, m.id");
    sql::fetch_all(tx, q).await
}

/// Agreements linked to a meeting and readable in `area`.
pub async fn of_meeting(tx: &mut Tx, area: &Area, meeting_id: i64) -> Result<Vec<Agreement>> {
    let mut q = Sql::new(SELECT);
    q.push(" WHERE a.id IN (SELECT agreement_id FROM agreement_meetings WHERE meeting_id = ")
        .int(meeting_id)
        .push(") AND ");
    push_visible(&mut q, area);
    q.push(" ORDER BY a.id");
    sql::fetch_all(tx, q).await
}

pub async fn attach_file(tx: &mut Tx, agreement_id: i64, file_id: i64, kind: DocumentKind) -> Result<()> {
    on_tx!(tx, c => sqlx::query("INSERT INTO agreement_files (agreement_id, file_id, kind) VALUES ($1, $2, $3)")
        .bind(agreement_id)
        .bind(file_id)
        .bind(kind.as_str())
        .execute(c)
        .await?
        .rows_affected());
    Ok(())
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct AgreementFile {
    pub id: i64,
    pub filename: String,
    pub content_type: String,
    pub size: i64,
    #[sqlx(try_from = "crate::decode::Checked<domain::agreement::DocumentKind>")]
    pub kind: domain::agreement::DocumentKind,
    pub uploaded_by: Option<String>,
    pub created_at: DateTime<Utc>,
}

pub async fn files(tx: &mut Tx, agreement_id: i64) -> Result<Vec<AgreementFile>> {
    on_tx!(tx, c => Ok(sqlx::query_as(
        "SELECT f.id, f.filename, f.content_type, f.size, af.kind, f.uploaded_by, f.created_at FROM files f \
         JOIN agreement_files af ON af.file_id = f.id WHERE af.agreement_id = $1 ORDER BY f.id",
    )
    .bind(agreement_id)
    .fetch_all(c)
    .await?))
}

/// The agreement a stored file belongs to, if any.
pub async fn file_agreement(tx: &mut Tx, file_id: i64) -> Result<Option<i64>> {
    on_tx!(tx, c => Ok(sqlx::query_scalar("SELECT agreement_id FROM agreement_files WHERE file_id = $1")
        .bind(file_id)
        .fetch_optional(c)
        .await?))
}
