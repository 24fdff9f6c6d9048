//! What the district scorecard counts beyond the nutrition tallies and the PWS: Lokmin held
//! per host Puskesmas, and the actions of their meetings that fell due in a period. One
//! query each, for every Puskesmas at once.

use crate::Result;
use crate::Tx;
use crate::sql::{self, Sql};
use chrono::{DateTime, NaiveDate, Utc};

/// Lokmin (bulanan and tribulanan) held from `from` to `to` (both included), per host:
/// (host organisation id, count). Hosts without one are left out.
pub async fn lokmin_held(tx: &mut Tx, hosts: &[i64], from: NaiveDate, to: NaiveDate) -> Result<Vec<(i64, i64)>> {
    #[derive(sqlx::FromRow)]
    struct Row {
        host_org_id: i64,
        n: i64,
    }
    if hosts.is_empty() {
        return Ok(Vec::new());
    }
    let mut q = Sql::new(
        "SELECT m.host_org_id, CAST(COUNT(*) AS BIGINT) AS n FROM meetings m \
         WHERE m.status = 'held' AND m.kind IN ('lokmin_bulanan', 'lokmin_tribulanan') AND m.held_on >= ",
    );
    q.date(from)
        .push(" AND m.held_on <= ")
        .date(to)
        .push(" AND m.host_org_id IN ");
    q.int_list(hosts).push(" GROUP BY m.host_org_id");
    Ok(sql::fetch_all::<Row>(tx, q)
        .await?
        .into_iter()
        .map(|r| (r.host_org_id, r.n))
        .collect())
}

/// An action of a host's meeting due in the period (cancelled ones are left out).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct DueAction {
    pub host_org_id: i64,
    /// The meeting's region (its local time zone decides the day an action was closed).
    pub region_code: String,
    pub due_on: NaiveDate,
    #[sqlx(try_from = "crate::decode::Checked<domain::action::ActionStatus>")]
    pub status: domain::action::ActionStatus,
    pub closed_at: Option<DateTime<Utc>>,
}

/// The actions of meetings hosted by `hosts` due from `from` to `to` (both included).
pub async fn due_actions(tx: &mut Tx, hosts: &[i64], from: NaiveDate, to: NaiveDate) -> Result<Vec<DueAction>> {
    if hosts.is_empty() {
        return Ok(Vec::new());
    }
    let mut q = Sql::new(
        "SELECT m.host_org_id, m.region_code, a.due_on, a.status, a.closed_at FROM actions a \
         JOIN meetings m ON m.id = a.meeting_id WHERE a.status <> 'cancelled' AND a.due_on >= ",
    );
    q.date(from)
        .push(" AND a.due_on <= ")
        .date(to)
        .push(" AND m.host_org_id IN ");
    q.int_list(hosts);
    sql::fetch_all::<DueAction>(tx, q).await
}
