//! Puskesmas plans: the RUK (proposals for a year) and the RPK/POA (a year's plan by month),
//! their activities, what happened in each scheduled month of an RPK, "results vs plan" for
//! a month, and what a Lokmin of the Puskesmas sees of its RPK.
//!
//! Who may do what, as for the Puskesmas's coverage figures: a plan is read by whoever reads
//! its Puskesmas (its own accounts, Dinkes and viewers of the district, admin) and written by
//! whoever writes it (its own accounts, Dinkes, admin). A partner organisation named in an
//! activity reads nothing of the plan: its commitments reach it as Lokmin actions, which it
//! already sees. Every write is one transaction with its audit row; a refused write (errors
//! named by field, or `rows[i].field` for a batch) stores nothing.

use crate::audit::Entry;
use crate::coverage::{in_force, judged};
use crate::{App, AppError, Result};
use chrono::{Datelike, Months as ChronoMonths, NaiveDate};
use domain::Invalid;
use domain::access::{Act, Actor, Target, can};
use domain::audit::AuditEvent;
use domain::coverage::{Program, PwsMonth, YEARS, first_of_month};
use domain::meeting::ForumKind;
use domain::org::OrgKind;
use domain::plan::{ActivityInput, MonthInput, MonthStatus, PlanKind, PlanStatus, Schedule, Tally, tally};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};
use store::coverage::IndicatorRow;
use store::org::{Org, WkDesa};
use store::plan::{Activity, MonthRow, PlanRow};

// --- access -------------------------------------------------------------------------------------

fn target(org: &Org) -> Target<'_> {
    Target::Org {
        id: org.id,
        region: &org.region_code,
    }
}

/// A Puskesmas the actor may `act` on.
async fn puskesmas(tx: &mut store::Tx, actor: &Actor, id: i64, act: Act) -> Result<Org> {
    let org = store::org::get(tx, id).await?.ok_or(AppError::NotFound)?;
    if org.kind != OrgKind::Puskesmas {
        return Err(AppError::NotFound);
    }
    can(actor, act, target(&org))?;
    Ok(org)
}

/// A plan and its Puskesmas, the actor allowed to `act` on them.
async fn load(tx: &mut store::Tx, actor: &Actor, plan_id: i64, act: Act) -> Result<(PlanRow, Org)> {
    let plan = store::plan::plan(tx, plan_id).await?.ok_or(AppError::NotFound)?;
    let org = puskesmas(tx, actor, plan.puskesmas_id, act).await?;
    Ok((plan, org))
}

fn writes(actor: &Actor, org: &Org) -> bool {
    can(actor, Act::Write, target(org)).is_ok()
}

fn check_year(year: i32) -> Result<()> {
    if YEARS.contains(&year) {
        Ok(())
    } else {
        Err(Invalid::one("year", "year.range").into())
    }
}

// --- lists and one plan -------------------------------------------------------------------------

/// One plan of a list, with how many activities it has.
#[derive(Debug, Clone, Serialize)]
pub struct PlanLine {
    pub plan: PlanRow,
    pub activities: usize,
    pub budget: i64,
}

/// The plans of a Puskesmas.
#[derive(Debug, Clone, Serialize)]
pub struct PlansView {
    pub puskesmas: Org,
    pub plans: Vec<PlanLine>,
    pub can_edit: bool,
}

/// The plans of a Puskesmas (of `year` only, when given), newest first.
pub async fn list(app: &App, actor: &Actor, puskesmas_id: i64, year: Option<i32>) -> Result<PlansView> {
    let mut tx = app.store.read().await?;
    let org = puskesmas(&mut tx, actor, puskesmas_id, Act::Read).await?;
    let plans = store::plan::plans(&mut tx, &[org.id], year).await?;
    let ids: Vec<i64> = plans.iter().map(|p| p.id).collect();
    let acts = store::plan::activities(&mut tx, &ids).await?;
    let plans = plans
        .into_iter()
        .map(|p| {
            let mine = acts.iter().filter(|a| a.plan_id == p.id);
            PlanLine {
                activities: mine.clone().count(),
                budget: mine.filter_map(|a| a.budget).sum(),
                plan: p,
            }
        })
        .collect();
    Ok(PlansView {
        can_edit: writes(actor, &org),
        puskesmas: org,
        plans,
    })
}

/// A plan with its activities.
#[derive(Debug, Clone, Serialize)]
pub struct PlanView {
    pub puskesmas: Org,
    pub plan: PlanRow,
    pub activities: Vec<Activity>,
    pub can_edit: bool,
    /// The indicators in force in the plan's year, for the activity form.
    pub indicators: Vec<IndicatorRow>,
    /// For an RUK: the RPK of the same year, when there is one (what a copy adds to).
    pub rpk_id: Option<i64>,
    /// The last month of the plan's year that has ended (or begun) for the Puskesmas: months
    /// after it cannot be marked yet. 0 before the year, 12 after it.
    pub open_through: u32,
}

/// The last month of `year` whose status may be recorded on `today`: the current month
/// included (an activity done early in the month is recorded then).
pub fn open_through(year: i32, today: NaiveDate) -> u32 {
    match today.year().cmp(&year) {
        std::cmp::Ordering::Less => 0,
        std::cmp::Ordering::Equal => today.month(),
        std::cmp::Ordering::Greater => 12,
    }
}

async fn view_in(tx: &mut store::Tx, app: &App, actor: &Actor, plan: PlanRow, org: Org) -> Result<PlanView> {
    let activities = store::plan::activities(tx, &[plan.id]).await?;
    let year = i32::try_from(plan.year).unwrap_or_default();
    let all = store::coverage::indicators(tx).await?;
    let day = NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or_default();
    let indicators = crate::coverage::codes_in_force(&all, day)
        .into_iter()
        .cloned()
        .collect();
    let rpk_id = match plan.kind {
        PlanKind::Ruk => store::plan::plan_of(tx, org.id, year, PlanKind::Rpk)
            .await?
            .map(|p| p.id),
        PlanKind::Rpk => None,
    };
    Ok(PlanView {
        can_edit: writes(actor, &org),
        open_through: open_through(year, app.clock().today_in(&org.region_code)),
        puskesmas: org,
        plan,
        activities,
        indicators,
        rpk_id,
    })
}

/// One plan by id, for readers of its Puskesmas.
pub async fn view(app: &App, actor: &Actor, plan_id: i64) -> Result<PlanView> {
    let mut tx = app.store.read().await?;
    let (plan, org) = load(&mut tx, actor, plan_id, Act::Read).await?;
    view_in(&mut tx, app, actor, plan, org).await
}

/// The plan of a Puskesmas for a year and kind (not found when there is none).
pub async fn view_of(app: &App, actor: &Actor, puskesmas_id: i64, year: i32, kind: PlanKind) -> Result<PlanView> {
    let mut tx = app.store.read().await?;
    let org = puskesmas(&mut tx, actor, puskesmas_id, Act::Read).await?;
    let plan = store::plan::plan_of(&mut tx, org.id, year, kind)
        .await?
        .ok_or(AppError::NotFound)?;
    view_in(&mut tx, app, actor, plan, org).await
}

// --- writes -------------------------------------------------------------------------------------

/// Creates an empty plan of a Puskesmas (a draft); its id. One per year and kind.
pub async fn create(app: &App, actor: &Actor, puskesmas_id: i64, year: i32, kind: PlanKind) -> Result<i64> {
    let mut tx = app.store.write().await?;
    let org = puskesmas(&mut tx, actor, puskesmas_id, Act::Write).await?;
    check_year(year)?;
    if store::plan::plan_of(&mut tx, org.id, year, kind).await?.is_some() {
        return Err(Invalid::one("kind", "plan.exists").into());
    }
    let id = store::plan::create_plan(&mut tx, org.id, year, kind, PlanStatus::Draft, &actor.username).await?;
    crate::audit::write(
        &mut tx,
        actor,
        Entry::new(
            AuditEvent::PlanCreated,
            id,
            format!("{} {year} of {} created", kind.as_str().to_uppercase(), org.name),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Sets a plan's status (draft or final); audited.
pub async fn set_status(app: &App, actor: &Actor, plan_id: i64, status: PlanStatus) -> Result<()> {
    let mut tx = app.store.write().await?;
    let (plan, org) = load(&mut tx, actor, plan_id, Act::Write).await?;
    if plan.status == status {
        return Ok(());
    }
    store::plan::set_status(&mut tx, plan.id, status, &actor.username).await?;
    crate::audit::write(
        &mut tx,
        actor,
        Entry::new(
            AuditEvent::PlanUpdated,
            plan.id,
            format!(
                "{} {} of {}: {}",
                plan.kind.as_str().to_uppercase(),
                plan.year,
                org.name,
                status
            ),
        )
        .before(Some(serde_json::json!({"status": plan.status})))
        .after(Some(serde_json::json!({"status": status}))),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Checks an activity against its rules and the stored data: the partner organisations exist
/// and are in the actor's reach, the indicator is in the catalogue. Errors under `prefix`
/// (`""` or `rows[3].`).
async fn check_activity(
    tx: &mut store::Tx,
    actor: &Actor,
    kind: PlanKind,
    codes: &HashSet<String>,
    a: ActivityInput,
    prefix: &str,
    inv: &mut Invalid,
) -> Result<Option<ActivityInput>> {
    let mut own = Invalid::new();
    for o in &a.partner_orgs {
        let ok = match store::org::get(tx, *o).await? {
            Some(org) => can(actor, Act::Read, target(&org)).is_ok(),
            None => false,
        };
        if !ok {
            own.add("partner_orgs", "org.unknown");
            break;
        }
    }
    if let Some(c) = &a.indicator_code {
        let c = c.trim().to_ascii_uppercase();
        if !c.is_empty() && !codes.contains(&c) {
            own.add("indicator_code", "indicator.unknown");
        }
    }
    let checked = match a.check(kind) {
        Ok(a) => Some(a),
        Err(e) => {
            own.merge(e);
            None
        }
    };
    if own.is_empty() {
        return Ok(checked);
    }
    for f in own.0 {
        inv.add(format!("{prefix}{}", f.field), f.code);
    }
    Ok(None)
}

async fn indicator_codes(tx: &mut store::Tx) -> Result<HashSet<String>> {
    Ok(store::coverage::indicators(tx)
        .await?
        .into_iter()
        .map(|r| r.code)
        .collect())
}

fn activity_json(a: &ActivityInput) -> serde_json::Value {
    serde_json::to_value(a).unwrap_or_default()
}

/// Adds an activity at the end of a plan; its id. Audited.
pub async fn add_activity(app: &App, actor: &Actor, plan_id: i64, input: ActivityInput) -> Result<i64> {
    let mut tx = app.store.write().await?;
    let (plan, org) = load(&mut tx, actor, plan_id, Act::Write).await?;
    let codes = indicator_codes(&mut tx).await?;
    let mut inv = Invalid::new();
    let a = check_activity(&mut tx, actor, plan.kind, &codes, input, "", &mut inv).await?;
    inv.into_result()?;
    let Some(a) = a else {
        return Err(AppError::Internal("activity checked without a result".into()));
    };
    let id = store::plan::insert_activity(&mut tx, plan.id, None, &a, &actor.username).await?;
    store::plan::touch(&mut tx, plan.id, &actor.username).await?;
    crate::audit::write(
        &mut tx,
        actor,
        Entry::new(
            AuditEvent::PlanActivityCreated,
            id,
            format!("activity \"{}\" added to plan {} of {}", a.kegiatan, plan.id, org.name),
        )
        .after(Some(activity_json(&a))),
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// The activity `activity_id` of the plan (not found when it belongs to another plan).
async fn activity_of(tx: &mut store::Tx, plan: &PlanRow, activity_id: i64) -> Result<Activity> {
    match store::plan::activity(tx, activity_id).await? {
        Some(a) if a.plan_id == plan.id => Ok(a),
        _ => Err(AppError::NotFound),
    }
}

/// Changes an activity (its month records stay); audited with the activity before.
pub async fn update_activity(
    app: &App,
    actor: &Actor,
    plan_id: i64,
    activity_id: i64,
    input: ActivityInput,
) -> Result<()> {
    let mut tx = app.store.write().await?;
    let (plan, org) = load(&mut tx, actor, plan_id, Act::Write).await?;
    let before = activity_of(&mut tx, &plan, activity_id).await?;
    let codes = indicator_codes(&mut tx).await?;
    let mut inv = Invalid::new();
    let a = check_activity(&mut tx, actor, plan.kind, &codes, input, "", &mut inv).await?;
    inv.into_result()?;
    let Some(a) = a else {
        return Err(AppError::Internal("activity checked without a result".into()));
    };
    store::plan::update_activity(&mut tx, activity_id, &a, &actor.username).await?;
    store::plan::touch(&mut tx, plan.id, &actor.username).await?;
    crate::audit::write(
        &mut tx,
        actor,
        Entry::new(
            AuditEvent::PlanActivityUpdated,
            activity_id,
            format!(
                "activity \"{}\" of plan {} of {} changed",
                a.kegiatan, plan.id, org.name
            ),
        )
        .before(Some(activity_json(&before.input())))
        .after(Some(activity_json(&a))),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Removes an activity with its month records; audited with what it was.
pub async fn delete_activity(app: &App, actor: &Actor, plan_id: i64, activity_id: i64) -> Result<()> {
    let mut tx = app.store.write().await?;
    let (plan, org) = load(&mut tx, actor, plan_id, Act::Write).await?;
    let before = activity_of(&mut tx, &plan, activity_id).await?;
    store::plan::delete_activity(&mut tx, activity_id).await?;
    store::plan::touch(&mut tx, plan.id, &actor.username).await?;
    crate::audit::write(
        &mut tx,
        actor,
        Entry::new(
            AuditEvent::PlanActivityDeleted,
            activity_id,
            format!(
                "activity \"{}\" of plan {} of {} removed",
                before.kegiatan, plan.id, org.name
            ),
        )
        .before(Some(
            serde_json::json!({"activity": activity_json(&before.input()), "months": before.recorded}),
        )),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Replaces the activities of the plan of a Puskesmas for `year` and `kind` (created when
/// missing), all or none: a row with an `id` changes that activity of the plan, a row without
/// one adds an activity, an activity not named is removed (with its month records); the order
/// of the rows is the plan's order. Errors are named `rows[i].field`. Audited with the rows
/// before. The plan's id.
pub async fn save_activities(
    app: &App,
    actor: &Actor,
    puskesmas_id: i64,
    year: i32,
    kind: PlanKind,
    status: Option<PlanStatus>,
    rows: Vec<(Option<i64>, ActivityInput)>,
) -> Result<i64> {
    let mut tx = app.store.write().await?;
    let org = puskesmas(&mut tx, actor, puskesmas_id, Act::Write).await?;
    check_year(year)?;
    let existing = store::plan::plan_of(&mut tx, org.id, year, kind).await?;
    let before = match &existing {
        Some(p) => store::plan::activities(&mut tx, &[p.id]).await?,
        None => Vec::new(),
    };
    let codes = indicator_codes(&mut tx).await?;
    let mut inv = Invalid::new();
    let mut checked = Vec::new();
    let mut seen = HashSet::new();
    for (i, (id, a)) in rows.into_iter().enumerate() {
        if let Some(id) = id
            && (!before.iter().any(|b| b.id == id) || !seen.insert(id))
        {
            inv.add(format!("rows[{i}].id"), "plan.activity_unknown");
        }
        if let Some(a) = check_activity(&mut tx, actor, kind, &codes, a, &format!("rows[{i}]."), &mut inv).await? {
            checked.push((id, a));
        }
    }
    inv.into_result()?;
    let plan_id = match &existing {
        Some(p) => {
            if let Some(s) = status
                && s != p.status
            {
                store::plan::set_status(&mut tx, p.id, s, &actor.username).await?;
            }
            store::plan::touch(&mut tx, p.id, &actor.username).await?;
            p.id
        }
        None => {
            store::plan::create_plan(
                &mut tx,
                org.id,
                year,
                kind,
                status.unwrap_or(PlanStatus::Draft),
                &actor.username,
            )
            .await?
        }
    };
    for b in &before {
        if !checked.iter().any(|(id, _)| *id == Some(b.id)) {
            store::plan::delete_activity(&mut tx, b.id).await?;
        }
    }
    for (pos, (id, a)) in checked.iter().enumerate() {
        let position = pos as i64 + 1;
        match id {
            Some(id) => {
                store::plan::update_activity(&mut tx, *id, a, &actor.username).await?;
                store::plan::set_position(&mut tx, *id, position).await?;
            }
            None => {
                store::plan::insert_activity(&mut tx, plan_id, Some(position), a, &actor.username).await?;
            }
        }
    }
    let before_json: Vec<serde_json::Value> = before.iter().map(|b| activity_json(&b.input())).collect();
    let after_json: Vec<serde_json::Value> = checked.iter().map(|(_, a)| activity_json(a)).collect();
    crate::audit::write(
        &mut tx,
        actor,
        Entry::new(
            AuditEvent::PlanActivitiesSaved,
            plan_id,
            format!(
                "{} {year} of {}: {} activities saved",
                kind.as_str().to_uppercase(),
                org.name,
                checked.len()
            ),
        )
        .before(Some(serde_json::json!(before_json)))
        .after(Some(serde_json::json!(after_json))),
    )
    .await?;
    tx.commit().await?;
    Ok(plan_id)
}

/// Records what happened in months of an RPK's activities, all or none, and clears the
/// records of `cleared` (activity, month). Each row: an activity of this plan, a month it is
/// due in (scheduled, or moved to by another record), not after the current month, a reason
/// for not done and moved (errors named `rows[i].field`). Audited with the records before.
/// How many records were written or cleared.
pub async fn save_months(
    app: &App,
    actor: &Actor,
    plan_id: i64,
    rows: Vec<MonthInput>,
    cleared: &[(i64, u32)],
) -> Result<usize> {
    let mut tx = app.store.write().await?;
    let (plan, org) = load(&mut tx, actor, plan_id, Act::Write).await?;
    if plan.kind != PlanKind::Rpk {
        return Err(Invalid::one("plan", "plan.not_rpk").into());
    }
    let year = i32::try_from(plan.year).unwrap_or_default();
    let through = open_through(year, app.clock().today_in(&org.region_code));
    let acts = store::plan::activities(&mut tx, &[plan.id]).await?;
    let by_id: HashMap<i64, &Activity> = acts.iter().map(|a| (a.id, a)).collect();
    let mut inv = Invalid::new();
    let mut checked: Vec<MonthInput> = Vec::new();
    for (i, r) in rows.into_iter().enumerate() {
        let Some(a) = by_id.get(&r.activity_id) else {
            inv.add(format!("rows[{i}].activity_id"), "plan.activity_unknown");
            continue;
        };
        match r.check() {
            Ok(r) => {
                // Due: scheduled, moved to by a stored record of another month, or by a row
                // of this batch.
                let moved_in = a
                    .recorded
                    .iter()
                    .any(|x| x.moved_to == Some(i64::from(r.month)) && x.month != i64::from(r.month));
                if !a.months.has(r.month) && !moved_in {
                    inv.add(format!("rows[{i}].month"), "plan.month_not_scheduled");
                } else if r.month > through {
                    inv.add(format!("rows[{i}].month"), "plan.month_future");
                } else if checked
                    .iter()
                    .any(|c| c.activity_id == r.activity_id && c.month == r.month)
                {
                    inv.add(format!("rows[{i}].month"), "coverage.duplicate");
                } else {
                    checked.push(r);
                }
            }
            Err(e) => {
                for f in e.0 {
                    inv.add(format!("rows[{i}].{}", f.field), f.code);
                }
            }
        }
    }
    inv.into_result()?;
    let before: Vec<&MonthRow> = acts
        .iter()
        .flat_map(|a| a.recorded.iter())
        .filter(|m| {
            checked
                .iter()
                .any(|c| c.activity_id == m.activity_id && i64::from(c.month) == m.month)
                || cleared
                    .iter()
                    .any(|(a, mo)| *a == m.activity_id && i64::from(*mo) == m.month)
        })
        .collect();
    let rows: Vec<MonthRow> = checked
        .iter()
        .map(|c| MonthRow {
            activity_id: c.activity_id,
            month: i64::from(c.month),
            status: c.status,
            moved_to: c.moved_to.map(i64::from),
            reason: c.reason.clone(),
        })
        .collect();
    store::plan::put_months(&mut tx, &rows, &actor.username).await?;
    let mut n = rows.len();
    for (a, m) in cleared {
        if by_id.contains_key(a)
            && !checked.iter().any(|c| c.activity_id == *a && c.month == *m)
            && store::plan::clear_month(&mut tx, *a, i64::from(*m)).await?
        {
            n += 1;
        }
    }
    if n == 0 {
        return Ok(0);
    }
    store::plan::touch(&mut tx, plan.id, &actor.username).await?;
    crate::audit::write(
        &mut tx,
        actor,
        Entry::new(
            AuditEvent::PlanMonthsSaved,
            plan.id,
            format!("RPK {} of {}: {n} month records saved", plan.year, org.name),
        )
        .before(Some(serde_json::json!(before)))
        .after(Some(serde_json::json!(rows))),
    )
    .await?;
    tx.commit().await?;
    Ok(n)
}

/// Copies the activities of an RUK into the RPK of the same year (created as a draft when
/// missing, added after what it has): every field carried over, the months as planned (an RUK
/// row without months is scheduled over the whole year, to be narrowed). Audited. The RPK's
/// id and how many activities were copied.
pub async fn copy_to_rpk(app: &App, actor: &Actor, ruk_id: i64) -> Result<(i64, usize)> {
    let mut tx = app.store.write().await?;
    let (ruk, org) = load(&mut tx, actor, ruk_id, Act::Write).await?;
    if ruk.kind != PlanKind::Ruk {
        return Err(Invalid::one("plan", "plan.not_ruk").into());
    }
    let year = i32::try_from(ruk.year).unwrap_or_default();
    let acts = store::plan::activities(&mut tx, &[ruk.id]).await?;
    if acts.is_empty() {
        return Err(Invalid::one("plan", "plan.nothing_to_copy").into());
    }
    let rpk = match store::plan::plan_of(&mut tx, org.id, year, PlanKind::Rpk).await? {
        Some(p) => p.id,
        None => {
            store::plan::create_plan(&mut tx, org.id, year, PlanKind::Rpk, PlanStatus::Draft, &actor.username).await?
        }
    };
    for a in &acts {
        let mut input = a.input();
        if input.months.is_empty() {
            input.months = (1..=12).collect();
        }
        store::plan::insert_activity(&mut tx, rpk, None, &input, &actor.username).await?;
    }
    store::plan::touch(&mut tx, rpk, &actor.username).await?;
    crate::audit::write(
        &mut tx,
        actor,
        Entry::new(
            AuditEvent::PlanCopied,
            rpk,
            format!(
                "{} activities of RUK {year} of {} copied into RPK {year}",
                acts.len(),
                org.name
            ),
        )
        .before(Some(serde_json::json!({"ruk": ruk.id})))
        .after(Some(serde_json::json!({"rpk": rpk, "activities": acts.len()}))),
    )
    .await?;
    tx.commit().await?;
    Ok((rpk, acts.len()))
}

// --- results vs plan ----------------------------------------------------------------------------

/// How an activity is grouped: by its upaya, else its klaster.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Upaya {
    Program(usize),
    Cluster(u8),
}

impl Upaya {
    pub fn of(a: &Activity) -> Upaya {
        match (a.program, a.cluster) {
            (Some(p), _) => Upaya::Program(Program::ALL.iter().position(|x| *x == p).unwrap_or(0)),
            (None, c) => Upaya::Cluster(c.unwrap_or(0)),
        }
    }

    /// The programme, when grouped by one.
    pub fn program(self) -> Option<Program> {
        match self {
            Upaya::Program(i) => Program::ALL.get(i).copied(),
            Upaya::Cluster(_) => None,
        }
    }
}

fn schedule(a: &Activity) -> Schedule {
    Schedule {
        months: a.months,
        recorded: a
            .recorded
            .iter()
            .map(|r| {
                (
                    u32::try_from(r.month).unwrap_or(0),
                    r.status,
                    r.moved_to.and_then(|m| u32::try_from(m).ok()),
                )
            })
            .collect(),
    }
}

/// One upaya's counts.
#[derive(Debug, Clone, Serialize)]
pub struct UpayaLine {
    pub upaya: Upaya,
    pub month: Tally,
    pub to_date: Tally,
}

/// One activity due in the month, with what was recorded.
#[derive(Debug, Clone, Serialize)]
pub struct DueLine {
    pub activity: Activity,
    pub upaya: Upaya,
    pub status: Option<MonthStatus>,
    pub moved_to: Option<u32>,
    pub reason: Option<String>,
    /// Due this month because it was moved here from another month.
    pub moved_in: bool,
}

/// A linked indicator at the month, for the Puskesmas as a whole.
#[derive(Debug, Clone, Serialize)]
pub struct IndicatorLine {
    pub indicator: IndicatorRow,
    /// The kegiatan linked to it.
    pub kegiatan: Vec<String>,
    pub at: Option<PwsMonth>,
    /// The figure judged (cumulative against a sasaran, the month's rate otherwise).
    pub figure: Option<f64>,
    /// The annual target in force (the Puskesmas's own, else the catalogue's).
    pub annual_target: Option<f64>,
}

/// "Results vs plan" for a Puskesmas, a year and a month.
#[derive(Debug, Clone, Serialize)]
pub struct ResultsView {
    pub puskesmas: Org,
    pub year: i32,
    pub month: u32,
    /// The RPK of the year, when there is one.
    pub plan: Option<PlanRow>,
    pub month_tally: Tally,
    /// January to the month.
    pub to_date: Tally,
    pub by_upaya: Vec<UpayaLine>,
    pub due: Vec<DueLine>,
    pub indicators: Vec<IndicatorLine>,
}

fn due_lines(acts: &[Activity], m: u32) -> Vec<DueLine> {
    let mut out = Vec::new();
    for a in acts {
        let s = schedule(a);
        if !s.due().has(m) {
            continue;
        }
        let rec = a.recorded.iter().find(|r| r.month == i64::from(m));
        out.push(DueLine {
            upaya: Upaya::of(a),
            status: rec.map(|r| r.status),
            moved_to: rec.and_then(|r| r.moved_to).and_then(|x| u32::try_from(x).ok()),
            reason: rec.and_then(|r| r.reason.clone()),
            moved_in: !a.months.has(m),
            activity: a.clone(),
        });
    }
    out.sort_by_key(|d| (d.upaya, d.activity.position, d.activity.id));
    out
}

/// Activities planned against done in `month` of `year` (and January to it), per upaya and
/// listed, and the linked indicators against their target for the Puskesmas as a whole (the
/// PWS of the coverage pages). Read by readers of the Puskesmas.
pub async fn results(app: &App, actor: &Actor, puskesmas_id: i64, year: i32, month: u32) -> Result<ResultsView> {
    check_year(year)?;
    if !(1..=12).contains(&month) {
        return Err(Invalid::one("month", "coverage.month_range").into());
    }
    let mut tx = app.store.read().await?;
    let org = puskesmas(&mut tx, actor, puskesmas_id, Act::Read).await?;
    let plan = store::plan::plan_of(&mut tx, org.id, year, PlanKind::Rpk).await?;
    let acts = match &plan {
        Some(p) => store::plan::activities(&mut tx, &[p.id]).await?,
        None => Vec::new(),
    };
    let schedules: Vec<(Upaya, Schedule)> = acts.iter().map(|a| (Upaya::of(a), schedule(a))).collect();
    let month_tally = tally(schedules.iter().map(|s| &s.1), month, month);
    let to_date = tally(schedules.iter().map(|s| &s.1), 1, month);
    let mut groups: BTreeMap<Upaya, Vec<&Schedule>> = BTreeMap::new();
    for (u, s) in &schedules {
        groups.entry(*u).or_default().push(s);
    }
    let by_upaya = groups
        .into_iter()
        .map(|(upaya, s)| UpayaLine {
            upaya,
            month: tally(s.iter().copied(), month, month),
            to_date: tally(s.iter().copied(), 1, month),
        })
        .collect();
    // The linked indicators, each once, in the order of the activities.
    let mut linked: Vec<(String, Vec<String>)> = Vec::new();
    for a in &acts {
        if let Some(c) = &a.indicator_code {
            match linked.iter_mut().find(|l| &l.0 == c) {
                Some(l) => l.1.push(a.kegiatan.clone()),
                None => linked.push((c.clone(), vec![a.kegiatan.clone()])),
            }
        }
    }
    let mut indicators = Vec::new();
    if !linked.is_empty() {
        let all = store::coverage::indicators(&mut tx).await?;
        let day = NaiveDate::from_ymd_opt(year, month, 1).unwrap_or_default();
        let tetap = crate::coverage::settings_of(&mut tx).await?.tetap;
        let desa: Vec<WkDesa> = store::org::wilayah_kerja(&mut tx, org.id).await?;
        let codes: Vec<String> = desa.iter().map(|d| d.desa_code.clone()).collect();
        let units = vec![(org.id.to_string(), org.name.clone(), org.id, desa)];
        // Every linked indicator's PWS from one read each of achievements, sasaran, targets.
        let inds: Vec<(IndicatorRow, Vec<String>)> = linked
            .into_iter()
            .filter_map(|(code, kegiatan)| in_force(&all, &code, day).cloned().map(|i| (i, kegiatan)))
            .collect();
        let refs: Vec<&IndicatorRow> = inds.iter().map(|(i, _)| i).collect();
        let reads = crate::coverage::Reads::load(&mut tx, &refs, &codes, &[org.id], year, month).await?;
        for (ind, kegiatan) in inds {
            let (_, total) = reads.compute(&ind, &units, tetap, Some(org.id), org.name.clone());
            let at = total.at(month).copied();
            indicators.push(IndicatorLine {
                figure: at.as_ref().and_then(|m| judged(&ind, m)),
                annual_target: total.target,
                indicator: ind,
                kegiatan,
                at,
            });
        }
    }
    Ok(ResultsView {
        due: due_lines(&acts, month),
        puskesmas: org,
        year,
        month,
        plan,
        month_tally,
        to_date,
        by_upaya,
        indicators,
    })
}

// --- the Lokmin ---------------------------------------------------------------------------------

/// One activity due in a month under review, with what was recorded.
#[derive(Debug, Clone, Serialize)]
pub struct MeetingPlanLine {
    /// The first day of the month.
    pub month: NaiveDate,
    pub plan_id: i64,
    pub due: DueLine,
}

/// What a Lokmin of a Puskesmas sees of its RPK: the activities due in the months under
/// review (the month before the meeting; for a tribulanan the three months before it) with
/// their status and reason, and the counts.
#[derive(Debug, Clone, Serialize)]
pub struct MeetingPlan {
    pub puskesmas: Org,
    /// The months under review, first days, oldest first.
    pub months: Vec<NaiveDate>,
    /// The RPK of each year the months fall in, (year, id), when there is one.
    pub plans: Vec<(i32, i64)>,
    pub lines: Vec<MeetingPlanLine>,
    pub tally: Tally,
}

/// The months a Lokmin held on `held_on` reviews: the month before it; for a tribulanan the
/// last calendar quarter that ended before it (a February meeting reviews October to
/// December), as its PWS section does.
pub fn review_months(kind: ForumKind, held_on: NaiveDate) -> Vec<NaiveDate> {
    let last = crate::proposal::review_period_of(kind, held_on);
    let n = if kind == ForumKind::LokminTribulanan { 3 } else { 1 };
    (0..n)
        .rev()
        .map(|i| first_of_month(last) - ChronoMonths::new(i))
        .collect()
}

/// The meeting's RPK section (see [`MeetingPlan`]), or `None` when the meeting is not a
/// Lokmin hosted by a Puskesmas or the actor does not read that Puskesmas.
pub async fn for_meeting(app: &App, actor: &Actor, meeting_id: i64) -> Result<Option<MeetingPlan>> {
    let mut tx = app.store.read().await?;
    let m = crate::guard::load(&mut tx, actor, meeting_id, false).await?;
    if !matches!(m.kind, ForumKind::LokminBulanan | ForumKind::LokminTribulanan) {
        return Ok(None);
    }
    let mut host = None;
    for o in store::meeting::orgs(&mut tx, m.id).await? {
        if o.role.hosts()
            && let Some(org) = store::org::get(&mut tx, o.org_id).await?
            && org.kind == OrgKind::Puskesmas
        {
            host = Some(org);
            break;
        }
    }
    let Some(org) = host else {
        return Ok(None);
    };
    if can(actor, Act::Read, target(&org)).is_err() {
        return Ok(None);
    }
    let months = review_months(m.kind, m.held_on);
    let mut plans = Vec::new();
    let mut acts_of: HashMap<i32, Vec<Activity>> = HashMap::new();
    for y in months
        .iter()
        .map(|d| d.year())
        .collect::<std::collections::BTreeSet<_>>()
    {
        if let Some(p) = store::plan::plan_of(&mut tx, org.id, y, PlanKind::Rpk).await? {
            plans.push((y, p.id));
            acts_of.insert(y, store::plan::activities(&mut tx, &[p.id]).await?);
        }
    }
    let mut lines = Vec::new();
    let mut total = Tally::default();
    for d in &months {
        let Some(acts) = acts_of.get(&d.year()) else {
            continue;
        };
        let scheds: Vec<Schedule> = acts.iter().map(schedule).collect();
        total.add(tally(scheds.iter(), d.month(), d.month()));
        for due in due_lines(acts, d.month()) {
            lines.push(MeetingPlanLine {
                month: *d,
                plan_id: due.activity.plan_id,
                due,
            });
        }
    }
    Ok(Some(MeetingPlan {
        puskesmas: org,
        months,
        plans,
        lines,
        tally: total,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
    }

    #[test]
    fn a_tribulanan_reviews_the_last_quarter_before_it() {
        assert_eq!(review_months(ForumKind::LokminBulanan, d(2023, 5, 8)), [d(2023, 4, 1)]);
        assert_eq!(
            review_months(ForumKind::LokminTribulanan, d(2023, 2, 14)),
            [d(2022, 10, 1), d(2022, 11, 1), d(2022, 12, 1)]
        );
        assert_eq!(
            review_months(ForumKind::LokminTribulanan, d(2023, 8, 8)),
            [d(2023, 4, 1), d(2023, 5, 1), d(2023, 6, 1)]
        );
    }

    #[test]
    fn the_open_months_follow_today() {
        assert_eq!(open_through(2024, d(2023, 12, 31)), 0);
        assert_eq!(open_through(2024, d(2024, 3, 2)), 3);
        assert_eq!(open_through(2024, d(2025, 1, 1)), 12);
    }
}
