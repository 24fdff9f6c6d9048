//! Follow-up of children: the recent measurements the follow-up lists are judged on, the
//! link between a child and the coordination actions about it, and the latest month with
//! figures for a place (the report's default month).

use crate::nutrition::{Scope, StoredMeasurement};
use crate::sql::{self, Sql};
use crate::{Result, Tx, now, on_tx};
use chrono::NaiveDate;
use domain::access::Area;
use domain::action::ActionStatus;
use domain::nutrition::Reason;

/// Which measurements a follow-up list looks at.
#[derive(Debug, Clone, Copy)]
pub struct Window {
    /// Measurements on or after this day.
    pub since: NaiveDate,
    /// Children born after this day (under five).
    pub born_after: NaiveDate,
    /// At most this many measurements per child (the latest).
    pub per_child: i64,
}

/// The latest measurements of every child in `area` not merged away (see [`Window`]),
/// optionally of one Posyandu only; ordered by child, then date. One window query, so a
/// district's list needs no query per child.
pub async fn recent_measurements(
    tx: &mut Tx,
    area: &Area,
    posyandu_id: Option<i64>,
    window: &Window,
) -> Result<Vec<StoredMeasurement>> {
    // `t.*`: the columns of `measurements` as they are (read by name), plus the rank.
    let mut q = Sql::new(
        "SELECT t.* FROM (SELECT m.*, ROW_NUMBER() OVER (PARTITION BY m.child_id ORDER BY m.measured_on DESC) AS rn \
         FROM measurements m JOIN children c ON c.id = m.child_id WHERE c.merged_into IS NULL AND ",
    );
    q.area(area, "c.posyandu_id", "c.desa_code");
    if let Some(p) = posyandu_id {
        q.push(" AND c.posyandu_id = ").int(p);
    }
    q.push(" AND c.birth_date > ").date(window.born_after);
    q.push(" AND m.measured_on >= ").date(window.since);
    q.push(") t WHERE t.rn <= ").int(window.per_child.clamp(1, 24));
    q.push(" ORDER BY t.child_id, t.measured_on");
    sql::fetch_all(tx, q).await
}

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
