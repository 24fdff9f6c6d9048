//! Puskesmas plans (RUK and RPK/POA): one per Puskesmas, year and kind; their activities in
//! order, each with the programmes and the organisations of other sectors that take part, the
//! months scheduled (a 12-bit mask) and, for an RPK, what happened in each month.

use crate::sql::{self, Sql};
use crate::{Result, Tx, now, on_tx};
use chrono::{DateTime, Utc};
use domain::coverage::Program;
use domain::plan::{ActivityInput, Fund, MonthStatus, Months, PlanKind, PlanStatus};
use serde::Serialize;
use std::collections::HashMap;

/// A plan as stored.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct PlanRow {
    pub id: i64,
    pub puskesmas_id: i64,
    pub year: i64,
    #[sqlx(try_from = "crate::decode::Checked<PlanKind>")]
    pub kind: PlanKind,
    #[sqlx(try_from = "crate::decode::Checked<PlanStatus>")]
    pub status: PlanStatus,
    pub updated_by: Option<String>,
    pub updated_at: DateTime<Utc>,
}

const PLAN: &str = "SELECT id, puskesmas_id, year, kind, status, updated_by, updated_at FROM plans";

/// The plans of `puskesmas` (of `year` only, when given), newest year first, RUK before RPK.
pub async fn plans(tx: &mut Tx, puskesmas: &[i64], year: Option<i32>) -> Result<Vec<PlanRow>> {
    if puskesmas.is_empty() {
        return Ok(Vec::new());
    }
    let mut q = Sql::new(PLAN);
    q.push(" WHERE puskesmas_id IN ").int_list(puskesmas);
    if let Some(y) = year {
        q.push(" AND year = ").int(i64::from(y));
    }
    q.push(" ORDER BY puskesmas_id, year DESC, kind DESC");
    sql::fetch_all(tx, q).await
}

/// One plan by id.
pub async fn plan(tx: &mut Tx, id: i64) -> Result<Option<PlanRow>> {
    let mut q = Sql::new(PLAN);
    q.push(" WHERE id = ").int(id);
    Ok(sql::fetch_all(tx, q).await?.into_iter().next())
}

/// The plan of a Puskesmas for a year and kind.
pub async fn plan_of(tx: &mut Tx, puskesmas: i64, year: i32, kind: PlanKind) -> Result<Option<PlanRow>> {
    let mut q = Sql::new(PLAN);
    q.push(" WHERE puskesmas_id = ").int(puskesmas);
    q.push(" AND year = ").int(i64::from(year));
    q.push(" AND kind = ").text(kind.as_str());
    Ok(sql::fetch_all(tx, q).await?.into_iter().next())
}

/// Creates a plan; its id. A second plan of the same Puskesmas, year and kind is
/// `Conflict("plans.puskesmas_id")`.
pub async fn create_plan(
    tx: &mut Tx,
    puskesmas: i64,
    year: i32,
    kind: PlanKind,
    status: PlanStatus,
    by: &str,
) -> Result<i64> {
    let t = now();
    let id: i64 = on_tx!(tx, c => sqlx::query_scalar(
        "INSERT INTO plans (puskesmas_id, year, kind, status, updated_by, updated_at) VALUES ($1, $2, $3, $4, $5, $6) \
         RETURNING id",
    )
    .bind(puskesmas)
    .bind(i64::from(year))
    .bind(kind.as_str())
    .bind(status.as_str())
    .bind(by)
    .bind(t)
    .fetch_one(c)
    .await?);
    Ok(id)
}

/// Sets a plan's status (and marks it updated).
pub async fn set_status(tx: &mut Tx, id: i64, status: PlanStatus, by: &str) -> Result<()> {
    let t = now();
    on_tx!(tx, c => sqlx::query("UPDATE plans SET status = $1, updated_by = $2, updated_at = $3 WHERE id = $4")
        .bind(status.as_str())
        .bind(by)
        .bind(t)
        .bind(id)
        .execute(c)
        .await?
        .rows_affected());
    Ok(())
}

/// Marks a plan updated (a change to its activities).
pub async fn touch(tx: &mut Tx, id: i64, by: &str) -> Result<()> {
    let t = now();
    on_tx!(tx, c => sqlx::query("UPDATE plans SET updated_by = $1, updated_at = $2 WHERE id = $3")
        .bind(by)
        .bind(t)
        .bind(id)
        .execute(c)
        .await?
        .rows_affected());
    Ok(())
}

// --- activities -------------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
struct ActivityRow {
    id: i64,
    plan_id: i64,
    position: i64,
    #[sqlx(try_from = "crate::decode::CheckedOpt<Program>")]
    program: Option<Program>,
    cluster: Option<i64>,
    kegiatan: String,
    tujuan: String,
    sasaran: String,
    target: Option<f64>,
    volume: Option<f64>,
    unit: String,
    months: i64,
    budget: Option<i64>,
    #[sqlx(try_from = "crate::decode::CheckedOpt<Fund>")]
    fund: Option<Fund>,
    indicator_code: Option<String>,
}

/// What was recorded for one month of an activity.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct MonthRow {
    pub activity_id: i64,
    pub month: i64,
    #[sqlx(try_from = "crate::decode::Checked<MonthStatus>")]
    pub status: MonthStatus,
    pub moved_to: Option<i64>,
    pub reason: Option<String>,
}

/// A partner organisation of an activity.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PartnerOrg {
    pub id: i64,
    pub name: String,
}

/// An activity with everything that hangs off it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Activity {
    pub id: i64,
    pub plan_id: i64,
    pub position: i64,
    pub program: Option<Program>,
    pub cluster: Option<u8>,
    pub kegiatan: String,
    pub tujuan: String,
    pub sasaran: String,
    pub target: Option<f64>,
    pub volume: Option<f64>,
    pub unit: String,
    pub partner_programs: Vec<Program>,
    pub partner_orgs: Vec<PartnerOrg>,
    pub months: Months,
    pub budget: Option<i64>,
    pub fund: Option<Fund>,
    pub indicator_code: Option<String>,
    /// What was recorded per month, by month.
    pub recorded: Vec<MonthRow>,
}

impl Activity {
    /// The activity as an input (what an edit form starts from, what a copy carries).
    pub fn input(&self) -> ActivityInput {
        ActivityInput {
            program: self.program,
            cluster: self.cluster,
            kegiatan: self.kegiatan.clone(),
            tujuan: self.tujuan.clone(),
            sasaran: self.sasaran.clone(),
            target: self.target,
            volume: self.volume,
            unit: self.unit.clone(),
            partner_programs: self.partner_programs.clone(),
            partner_orgs: self.partner_orgs.iter().map(|o| o.id).collect(),
            months: self.months.list(),
            budget: self.budget,
            fund: self.fund,
            indicator_code: self.indicator_code.clone(),
        }
    }
}

const ACTIVITY: &str = "SELECT id, plan_id, position, program, cluster, kegiatan, tujuan, sasaran, target, volume, unit, \
    months, budget, fund, indicator_code FROM plan_activities";

async fn complete(tx: &mut Tx, rows: Vec<ActivityRow>) -> Result<Vec<Activity>> {
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    #[derive(sqlx::FromRow)]
    struct Prog {
        activity_id: i64,
        #[sqlx(try_from = "crate::decode::Checked<Program>")]
        program: Program,
    }
    #[derive(sqlx::FromRow)]
    struct OrgOf {
        activity_id: i64,
        org_id: i64,
        name: String,
    }
    let mut programs: HashMap<i64, Vec<Program>> = HashMap::new();
    let mut orgs: HashMap<i64, Vec<PartnerOrg>> = HashMap::new();
    let mut months: HashMap<i64, Vec<MonthRow>> = HashMap::new();
    for chunk in ids.chunks(2000) {
        let mut q = Sql::new("SELECT activity_id, program FROM plan_activity_programs WHERE activity_id IN ");
        q.int_list(chunk);
        for p in sql::fetch_all::<Prog>(tx, q).await? {
            programs.entry(p.activity_id).or_default().push(p.program);
        }
        let mut q = Sql::new(
            "SELECT p.activity_id, p.org_id, o.name FROM plan_activity_orgs p JOIN organizations o ON o.id = p.org_id \
             WHERE p.activity_id IN ",
        );
        q.int_list(chunk);
        q.push(" ORDER BY o.name, o.id");
        for o in sql::fetch_all::<OrgOf>(tx, q).await? {
            orgs.entry(o.activity_id).or_default().push(PartnerOrg {
                id: o.org_id,
                name: o.name,
            });
        }
        let mut q =
            Sql::new("SELECT activity_id, month, status, moved_to, reason FROM plan_months WHERE activity_id IN ");
        q.int_list(chunk);
        q.push(" ORDER BY activity_id, month");
        for m in sql::fetch_all::<MonthRow>(tx, q).await? {
            months.entry(m.activity_id).or_default().push(m);
        }
    }
    Ok(rows
        .into_iter()
        .map(|r| {
            let mut partner_programs = programs.remove(&r.id).unwrap_or_default();
            partner_programs.sort_by_key(|p| Program::ALL.iter().position(|x| x == p));
            Activity {
                partner_programs,
                partner_orgs: orgs.remove(&r.id).unwrap_or_default(),
                recorded: months.remove(&r.id).unwrap_or_default(),
                id: r.id,
                plan_id: r.plan_id,
                position: r.position,
                program: r.program,
                cluster: r.cluster.and_then(|c| u8::try_from(c).ok()),
                kegiatan: r.kegiatan,
                tujuan: r.tujuan,
                sasaran: r.sasaran,
                target: r.target,
                volume: r.volume,
                unit: r.unit,
                months: Months::from_mask(r.months).unwrap_or_default(),
                budget: r.budget,
                fund: r.fund,
                indicator_code: r.indicator_code,
            }
        })
        .collect())
}

/// The activities of `plans`, by plan and position.
pub async fn activities(tx: &mut Tx, plans: &[i64]) -> Result<Vec<Activity>> {
    if plans.is_empty() {
        return Ok(Vec::new());
    }
    let mut q = Sql::new(ACTIVITY);
    q.push(" WHERE plan_id IN ").int_list(plans);
    q.push(" ORDER BY plan_id, position, id");
    let rows = sql::fetch_all::<ActivityRow>(tx, q).await?;
    complete(tx, rows).await
}

/// One activity by id.
pub async fn activity(tx: &mut Tx, id: i64) -> Result<Option<Activity>> {
    let mut q = Sql::new(ACTIVITY);
    q.push(" WHERE id = ").int(id);
    let rows = sql::fetch_all::<ActivityRow>(tx, q).await?;
    Ok(complete(tx, rows).await?.into_iter().next())
}

async fn put_partners(tx: &mut Tx, id: i64, a: &ActivityInput) -> Result<()> {
    on_tx!(tx, c => sqlx::query("DELETE FROM plan_activity_programs WHERE activity_id = $1")
        .bind(id)
        .execute(&mut *c)
        .await?
        .rows_affected());
    on_tx!(tx, c => sqlx::query("DELETE FROM plan_activity_orgs WHERE activity_id = $1")
        .bind(id)
        .execute(&mut *c)
        .await?
        .rows_affected());
    if !a.partner_programs.is_empty() {
        let mut q = Sql::new("INSERT INTO plan_activity_programs (activity_id, program) VALUES ");
        for (i, p) in a.partner_programs.iter().enumerate() {
            q.push(if i > 0 { ", (" } else { "(" });
            q.int(id).push(", ").text(p.as_str()).push(")");
        }
        sql::execute(tx, q).await?;
    }
    if !a.partner_orgs.is_empty() {
        let mut q = Sql::new("INSERT INTO plan_activity_orgs (activity_id, org_id) VALUES ");
        for (i, o) in a.partner_orgs.iter().enumerate() {
            q.push(if i > 0 { ", (" } else { "(" });
            q.int(id).push(", ").int(*o).push(")");
        }
        sql::execute(tx, q).await?;
    }
    Ok(())
}

/// Adds an activity at the end of a plan (or at `position`); its id.
pub async fn insert_activity(
    tx: &mut Tx,
    plan_id: i64,
    position: Option<i64>,
    a: &ActivityInput,
    by: &str,
) -> Result<i64> {
    let position = match position {
        Some(p) => p,
        None => {
            let mut q = Sql::new("SELECT COALESCE(MAX(position), 0) + 1 FROM plan_activities WHERE plan_id = ");
            q.int(plan_id);
            sql::fetch_scalar_i64(tx, q).await?
        }
    };
    let t = now();
    let id: i64 = on_tx!(tx, c => sqlx::query_scalar(
        "INSERT INTO plan_activities (plan_id, position, program, cluster, kegiatan, tujuan, sasaran, target, volume, \
         unit, months, budget, fund, indicator_code, updated_by, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) RETURNING id",
    )
    .bind(plan_id)
    .bind(position)
    .bind(a.program.map(|p| p.as_str()))
    .bind(a.cluster.map(i64::from))
    .bind(&a.kegiatan)
    .bind(&a.tujuan)
    .bind(&a.sasaran)
    .bind(a.target)
    .bind(a.volume)
    .bind(&a.unit)
    .bind(i64::from(Months::of(&a.months).0))
    .bind(a.budget)
    .bind(a.fund.map(|f| f.as_str()))
    .bind(&a.indicator_code)
    .bind(by)
    .bind(t)
    .fetch_one(c)
    .await?);
    put_partners(tx, id, a).await?;
    Ok(id)
}

/// Replaces an activity's fields and partners (its position and month records stay).
pub async fn update_activity(tx: &mut Tx, id: i64, a: &ActivityInput, by: &str) -> Result<()> {
    let t = now();
    on_tx!(tx, c => sqlx::query(
        "UPDATE plan_activities SET program = $1, cluster = $2, kegiatan = $3, tujuan = $4, sasaran = $5, target = $6, \
         volume = $7, unit = $8, months = $9, budget = $10, fund = $11, indicator_code = $12, updated_by = $13, \
         updated_at = $14 WHERE id = $15",
    )
    .bind(a.program.map(|p| p.as_str()))
    .bind(a.cluster.map(i64::from))
    .bind(&a.kegiatan)
    .bind(&a.tujuan)
    .bind(&a.sasaran)
    .bind(a.target)
    .bind(a.volume)
    .bind(&a.unit)
    .bind(i64::from(Months::of(&a.months).0))
    .bind(a.budget)
    .bind(a.fund.map(|f| f.as_str()))
    .bind(&a.indicator_code)
    .bind(by)
    .bind(t)
    .bind(id)
    .execute(c)
    .await?
    .rows_affected());
    put_partners(tx, id, a).await
}

/// Sets an activity's position.
pub async fn set_position(tx: &mut Tx, id: i64, position: i64) -> Result<()> {
    on_tx!(tx, c => sqlx::query("UPDATE plan_activities SET position = $1 WHERE id = $2")
        .bind(position)
        .bind(id)
        .execute(c)
        .await?
        .rows_affected());
    Ok(())
}

/// Removes an activity with its partners and month records; whether there was one.
pub async fn delete_activity(tx: &mut Tx, id: i64) -> Result<bool> {
    // Children first: a foreign key's cascade is not relied on.
    for table in ["plan_months", "plan_activity_programs", "plan_activity_orgs"] {
        let mut q = Sql::new(&format!("DELETE FROM {table} WHERE activity_id = "));
        q.int(id);
        sql::execute(tx, q).await?;
    }
    let n = on_tx!(tx, c => sqlx::query("DELETE FROM plan_activities WHERE id = $1")
        .bind(id)
        .execute(c)
        .await?
        .rows_affected());
    Ok(n > 0)
}

/// Records what happened in months (replacing what was recorded for the same activity and
/// month).
pub async fn put_months(tx: &mut Tx, rows: &[MonthRow], by: &str) -> Result<()> {
    let t = now();
    for chunk in rows.chunks(500) {
        let mut q = Sql::new(
            "INSERT INTO plan_months (activity_id, month, status, moved_to, reason, updated_by, updated_at) VALUES ",
        );
        for (i, r) in chunk.iter().enumerate() {
            q.push(if i > 0 { ", (" } else { "(" });
            q.int(r.activity_id)
                .push(", ")
                .int(r.month)
                .push(", ")
                .text(r.status.as_str());
            match r.moved_to {
                Some(m) => q.push(", ").int(m),
                None => q.push(", NULL"),
            };
            q.push(", ").opt_text(r.reason.clone()).push(", ").text(by);
            q.push(", ").timestamp(t).push(")");
        }
        q.push(
            " ON CONFLICT (activity_id, month) DO UPDATE SET status = excluded.status, moved_to = excluded.moved_to, \
             reason = excluded.reason, updated_by = excluded.updated_by, updated_at = excluded.updated_at",
        );
        sql::execute(tx, q).await?;
    }
    Ok(())
}

/// Clears what was recorded for an activity's month; whether there was something.
pub async fn clear_month(tx: &mut Tx, activity_id: i64, month: i64) -> Result<bool> {
    let n = on_tx!(tx, c => sqlx::query("DELETE FROM plan_months WHERE activity_id = $1 AND month = $2")
        .bind(activity_id)
        .bind(month)
        .execute(c)
        .await?
        .rows_affected());
    Ok(n > 0)
}
