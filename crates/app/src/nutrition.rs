//! Child growth: children registered at a Posyandu, measurements scored by the WHO engine,
//! and the monthly tally (SKDN, stunting, wasting, underweight) of each Posyandu kept current
//! in the same transaction as every write — the figures are live, no batch job.
//!
//! Names, NIK and addresses of children are read only by the roles that work with them
//! (admin, dinkes, puskesmas, kader) inside their area; partners and viewers see the
//! aggregates. NIK is masked except for admin and dinkes. Every by-name read of a list is
//! audited.

use crate::{App, AppError, Result};
use chrono::NaiveDate;
use domain::Invalid;
use domain::access::{Act, Actor, Area, Target, area_contains, can};
use domain::audit::AuditEvent;
use domain::nutrition::{
    ChildInput, Measured, MeasurementInput, MeasurementSource, Scores, Tally, Trend, Visit, VisitorRule, child_months,
    home_at, month_of, months_between, previous_month, registered_in, same_child, trend,
};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};
use store::nutrition::{Child, MonthTally, Place, Scope, StoredMeasurement};
use store::org::Org;

/// The setting that says where a child weighed away from its Posyandu counts (see
/// `domain::nutrition::VisitorRule`).
pub const VISITOR_RULE: &str = "nutrition_visitor_rule";

/// Where children weighed away from home count (the installation's setting).
pub async fn visitor_rule(app: &App) -> Result<VisitorRule> {
    let mut tx = app.store.read().await?;
    Ok(VisitorRule::parse(
        store::setting::get(&mut tx, VISITOR_RULE).await?.as_deref(),
    ))
}

/// Changes where children weighed away from home count, and rebuilds every monthly tally
/// under the new rule in the same transaction (administrators only; audited).
pub async fn set_visitor_rule(app: &App, actor: &Actor, rule: VisitorRule) -> Result<()> {
    can(actor, Act::Write, Target::Admin)?;
    let mut tx = app.store.write().await?;
    let before = VisitorRule::parse(store::setting::get(&mut tx, VISITOR_RULE).await?.as_deref());
    store::setting::set(&mut tx, VISITOR_RULE, rule.as_str()).await?;
    let all = store::nutrition::first_months(&mut tx).await?;
    refresh(&mut tx, &all, app.clock().today_for(actor)).await?;
    crate::audit::write(
        &mut tx,
        actor,
        crate::audit::Entry::new(
            AuditEvent::SettingUpdated,
            VISITOR_RULE,
            format!(
                "children weighed away from home count {}; {} Posyandu recounted",
                rule.as_str(),
                all.len()
            ),
        )
        .before(Some(serde_json::json!(before.as_str())))
        .after(Some(serde_json::json!(rule.as_str()))),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Whether the role works with children by name ([`domain::access::works_with_children`]).
pub fn reads_names(actor: &Actor) -> bool {
    domain::access::works_with_children(actor)
}

async fn posyandu(tx: &mut store::Tx, id: i64, field: &str) -> Result<Org> {
    match store::org::get(tx, id).await? {
        Some(o) if o.kind == domain::org::OrgKind::Posyandu => Ok(o),
        _ => Err(Invalid::one(field, "posyandu.unknown").into()),
    }
}

fn write_posyandu(actor: &Actor, p: &Org) -> Result<()> {
    Ok(can(
        actor,
        Act::Write,
        Target::Org {
            id: p.id,
            region: &p.region_code,
        },
    )?)
}

/// Loads a child the actor may read by name (404 otherwise: personal data does not confirm
/// that it exists).
pub(crate) async fn load_child(tx: &mut store::Tx, actor: &Actor, id: i64) -> Result<Child> {
    let c = store::nutrition::get_child(tx, id).await?.ok_or(AppError::NotFound)?;
    if !reads_names(actor) || !area_contains(&actor.area, c.posyandu_id, &c.desa_code) {
        return Err(AppError::NotFound);
    }
    Ok(c)
}

/// A child that may still be written to (not merged into another record).
async fn load_active_child(tx: &mut store::Tx, actor: &Actor, id: i64) -> Result<Child> {
    let c = load_child(tx, actor, id).await?;
    if c.merged_into.is_some() {
        return Err(Invalid::one("child", "child.merged").into());
    }
    Ok(c)
}

/// NIK as the actor may see it.
pub fn shown_nik(actor: &Actor, nik: &Option<String>) -> Option<String> {
    nik.as_ref().map(|n| {
        if domain::access::sees_nik(actor) {
            n.clone()
        } else {
            domain::person::mask_nik(n)
        }
    })
}

/// The outcome of registering a child.
#[derive(Debug, Clone, Serialize)]
pub enum Registration {
    Created(i64),
    /// Children already registered in the actor's area that look like the same child;
    /// register again with `confirm_new` to add anyway, or merge.
    Duplicates(Vec<Child>),
    /// The NIK belongs to a child registered in another area. Nothing about that child is
    /// told (not its Posyandu, birth date or name): it is moved here by the Puskesmas or
    /// Dinkes of its area, or weighed here as a visitor. The lookup is audited.
    NikElsewhere,
}

pub async fn register_child(app: &App, actor: &Actor, input: &ChildInput, confirm_new: bool) -> Result<Registration> {
    let mut tx = app.store.write().await?;
    let r = register_in(&mut tx, app.clock().today_for(actor), actor, input, confirm_new).await?;
    // Possible duplicates store nothing; a NIK found elsewhere keeps its audit row.
    if !matches!(r, Registration::Duplicates(_)) {
        tx.commit().await?;
    }
    Ok(r)
}

/// [`register_child`] in the caller's transaction (which the caller commits, or drops when
/// the answer is `Duplicates`): what an entry sent from a phone runs with its idempotency key
/// (`crate::sync`). `today` is the actor's local date.
pub(crate) async fn register_in(
    tx: &mut store::Tx,
    today: NaiveDate,
    actor: &Actor,
    input: &ChildInput,
    confirm_new: bool,
) -> Result<Registration> {
    let p = posyandu(tx, input.posyandu_id, "posyandu_id").await?;
    write_posyandu(actor, &p)?;
    let c = input.clone().check(today)?;
    let (mine, elsewhere): (Vec<Child>, Vec<Child>) = store::nutrition::possible_duplicates(tx, &c, None)
        .await?
        .into_iter()
        .partition(|d| reads_names(actor) && area_contains(&actor.area, d.posyandu_id, &d.desa_code));
    if c.nik.is_some() && elsewhere.iter().any(|d| d.nik == c.nik) {
        crate::audit::write(
            tx,
            actor,
            crate::audit::Entry::new(
                AuditEvent::ChildLookedUp,
                "",
                format!(
                    "registration at {} refused: NIK {} is registered in another area",
                    p.name,
                    c.nik.as_deref().map(domain::person::mask_nik).unwrap_or_default()
                ),
            ),
        )
        .await?;
        return Ok(Registration::NikElsewhere);
    }
    // Children of other areas who merely share a name and birth date stay unmentioned.
    let dups: Vec<Child> = mine
        .into_iter()
        .filter(|d| {
            same_child(
                (&c.nik, &c.name, c.birth_date, &c.mother_name),
                (&d.nik, &d.name, d.birth_date, &d.mother_name),
            ) || (c.mother_name.is_none() || d.mother_name.is_none())
        })
        .collect();
    let same_nik = dups.iter().any(|d| d.nik.is_some() && d.nik == c.nik);
    if !dups.is_empty() && (!confirm_new || same_nik) {
        return Ok(Registration::Duplicates(dups));
    }
    let id = store::nutrition::insert_child(tx, &c, &p.region_code, &actor.username).await?;
    refresh(tx, &[(p.id, c.birth_date)], today).await?;
    crate::audit::write(
        tx,
        actor,
        crate::audit::Entry::new(AuditEvent::ChildCreated, id, format!("child registered at {}", p.name))
            .after(Some(child_json(&c))),
    )
    .await?;
    Ok(Registration::Created(id))
}

/// The audit trail keeps who changed what, without the NIK in clear.
fn child_json(c: &ChildInput) -> serde_json::Value {
    serde_json::json!({
        "name": c.name, "sex": c.sex.as_str(), "birth_date": c.birth_date,
        "nik": c.nik.as_deref().map(domain::person::mask_nik),
        "mother_name": c.mother_name, "posyandu_id": c.posyandu_id, "rt": c.rt, "rw": c.rw, "has_kia": c.has_kia,
    })
}

pub async fn update_child(app: &App, actor: &Actor, id: i64, input: &ChildInput) -> Result<()> {
    let mut tx = app.store.write().await?;
    let before = load_child(&mut tx, actor, id).await?;
    let old_p = posyandu(&mut tx, before.posyandu_id, "posyandu_id").await?;
    write_posyandu(actor, &old_p)?;
    let p = posyandu(&mut tx, input.posyandu_id, "posyandu_id").await?;
    write_posyandu(actor, &p)?;
    // A NIK shown masked comes back masked: it means "unchanged".
    let masked = |n: &Option<String>| n.as_deref().is_some_and(domain::person::is_masked_nik);
    let mut c = input.clone();
    if masked(&c.nik) {
        c.nik = before.nik.clone();
    }
    if masked(&c.mother_nik) {
        c.mother_nik = before.mother_nik.clone();
    }
    if masked(&c.kk_number) {
        c.kk_number = before.kk_number.clone();
    }
    let c = c.check(app.clock().today_for(actor))?;
    store::nutrition::update_child(&mut tx, id, &c, &p.region_code).await?;
    let born = before.birth_date.min(c.birth_date);
    refresh(&mut tx, &[(old_p.id, born), (p.id, born)], app.clock().today_for(actor)).await?;
    crate::audit::write(
        &mut tx,
        actor,
        crate::audit::Entry::new(
            AuditEvent::ChildUpdated,
            id,
            format!("child record updated ({})", p.name),
        )
        .before(Some(
            serde_json::json!({"posyandu_id": before.posyandu_id, "birth_date": before.birth_date}),
        ))
        .after(Some(child_json(&c))),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Merges a duplicate registration into the record that stays.
pub async fn merge(app: &App, actor: &Actor, from: i64, into: i64) -> Result<()> {
    if from == into {
        return Err(Invalid::one("into", "child.merge_self").into());
    }
    let mut tx = app.store.write().await?;
    let a = load_active_child(&mut tx, actor, from).await?;
    let b = load_active_child(&mut tx, actor, into).await?;
    for c in [&a, &b] {
        let p = posyandu(&mut tx, c.posyandu_id, "posyandu_id").await?;
        write_posyandu(actor, &p)?;
    }
    let mut touched = store::nutrition::merge(&mut tx, from, into).await?;
    touched.push((a.posyandu_id, a.birth_date));
    // The measurements taken over now count where the remaining record lives.
    touched.push((b.posyandu_id, a.birth_date.min(b.birth_date)));
    refresh(&mut tx, &touched, app.clock().today_for(actor)).await?;
    crate::audit::write(
        &mut tx,
        actor,
        crate::audit::Entry::new(
            AuditEvent::ChildUpdated,
            from,
            format!("child #{from} merged into #{into}"),
        )
        .after(Some(serde_json::json!({"merged_into": into}))),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The (Posyandu, month) pairs whose tallies a change to `child` from `month` on may touch:
/// where it was measured since, where it is registered, and both ends of its moves.
async fn touched_by(tx: &mut store::Tx, child: &Child, month: NaiveDate) -> Result<Vec<(i64, NaiveDate)>> {
    let mut touched: Vec<(i64, NaiveDate)> = store::nutrition::months_of_child(tx, child.id)
        .await?
        .into_iter()
        .filter(|(_, m)| *m >= month)
        .collect();
    touched.push((child.posyandu_id, month));
    for m in store::nutrition::moves_of(tx, &[child.id]).await? {
        touched.push((m.from_posyandu_id, month));
        touched.push((m.to_posyandu_id, month));
    }
    Ok(touched)
}

/// Whether the actor may move children of Posyandu `p` away for good: the Puskesmas, the
/// Dinas Kesehatan and administrators who write for the source Posyandu (a kader records
/// weighings; where a child lives is decided above it).
pub fn may_move(actor: &Actor, p: &Org) -> bool {
    domain::access::may_move_children(actor) && write_posyandu(actor, p).is_ok()
}

/// Moves a child for good to another Posyandu (`to`), anywhere: from today its S, D and
/// status count there, its history stays as it was (earlier months keep counting where the
/// child lived then), and the account that moved it no longer reads it unless the new
/// Posyandu is in its area too. Audited.
pub async fn move_child(app: &App, actor: &Actor, id: i64, to: i64, reason: &str) -> Result<()> {
    let reason = domain::error::optional_text(reason, 500).map_err(|c| Invalid::one("reason", c))?;
    let today = app.clock().today_for(actor);
    let mut tx = app.store.write().await?;
    let c = load_active_child(&mut tx, actor, id).await?;
    let from = posyandu(&mut tx, c.posyandu_id, "posyandu_id").await?;
    if !may_move(actor, &from) {
        return Err(AppError::Forbidden);
    }
    let target = posyandu(&mut tx, to, "to").await?;
    if target.id == from.id {
        return Err(Invalid::one("to", "child.move_same").into());
    }
    let month = month_of(today);
    let mut touched = touched_by(&mut tx, &c, month).await?;
    touched.push((target.id, month));
    store::nutrition::insert_move(
        &mut tx,
        &store::nutrition::NewMove {
            child: id,
            from: from.id,
            to: target.id,
            to_desa: &target.region_code,
            on: today,
            reason: reason.as_deref(),
            by: &actor.username,
        },
    )
    .await?;
    refresh(&mut tx, &touched, today).await?;
    crate::audit::write(
        &mut tx,
        actor,
        crate::audit::Entry::new(
            AuditEvent::ChildMoved,
            id,
            format!("child #{id} moved from {} to {}", from.name, target.name),
        )
        .before(Some(
            serde_json::json!({"posyandu_id": from.id, "desa_code": c.desa_code}),
        ))
        .after(Some(
            serde_json::json!({"posyandu_id": target.id, "desa_code": target.region_code, "reason": reason}),
        )),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The Posyandu a child may be moved to from its page: those of its kabupaten (names of
/// Posyandu are not personal data). Others are named by code.
pub async fn move_targets(app: &App, actor: &Actor, id: i64) -> Result<Vec<Org>> {
    let mut tx = app.store.read().await?;
    let c = load_child(&mut tx, actor, id).await?;
    let kabupaten = c.desa_code.get(..5).unwrap_or(&c.desa_code).to_string();
    let area = match domain::region::RegionCode::parse(&kabupaten) {
        Ok(code) => Area::Region(code),
        Err(_) => Area::Nothing,
    };
    let mut list = store::org::all(
        &mut tx,
        &area,
        &store::org::OrgFilter {
            kind: Some(domain::org::OrgKind::Posyandu),
            limit: 5000,
            ..Default::default()
        },
    )
    .await?;
    list.sort_by(|a, b| (&a.region_name, &a.name).cmp(&(&b.region_name, &b.name)));
    Ok(list)
}

/// The Posyandu a move form names: its id from the list, or a code typed for one elsewhere.
pub async fn move_target(app: &App, id: &str, code: &str) -> Result<i64> {
    if !code.is_empty() {
        let mut tx = app.store.read().await?;
        return match store::org::get_by_code(&mut tx, &code.to_ascii_uppercase()).await? {
            Some(o) if o.kind == domain::org::OrgKind::Posyandu => Ok(o.id),
            _ => Err(Invalid::one("to", "posyandu.unknown").into()),
        };
    }
    id.parse().map_err(|_| Invalid::one("to", "required").into())
}

/// One measurement as the child's page shows it.
#[derive(Debug, Clone, Serialize)]
pub struct MeasurementRow {
    pub m: StoredMeasurement,
    pub trend: Option<Trend>,
    /// Kenaikan (grams) since the last weighing in the previous month, if any.
    pub gain_g: Option<i64>,
    /// Taken away from the child's Posyandu of that month ("luar wilayah"): where.
    pub away_at: Option<String>,
}

impl MeasurementRow {
    pub fn scores(&self) -> Scores {
        self.m.scores()
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct ChildView {
    pub child: Child,
    /// The NIK as the reader may see it.
    pub nik: Option<String>,
    pub mother_nik: Option<String>,
    pub rows: Vec<MeasurementRow>,
    pub can_write: bool,
    /// The reader may move the child for good to another Posyandu.
    pub can_move: bool,
    /// Moves for good, oldest first.
    pub moves: Vec<store::nutrition::Move>,
    pub age_days: i64,
}

impl ChildView {
    pub fn latest(&self) -> Option<&MeasurementRow> {
        self.rows.last()
    }
}

/// N/T of each weighing in a child's history (oldest first).
pub(crate) fn with_trends(ms: Vec<StoredMeasurement>) -> Vec<MeasurementRow> {
    let mut out: Vec<MeasurementRow> = Vec::with_capacity(ms.len());
    for m in ms {
        let prev = out
            .iter()
            .rev()
            .find(|r| r.m.weight.is_some() && r.m.month < m.month)
            .map(|r| (r.m.month, r.m.weight.unwrap_or(0.0)));
        let last_month = prev.filter(|(mo, _)| *mo == domain::nutrition::previous_month(m.month));
        let t = m
            .weight
            .map(|w| trend(w, m.age_days, last_month.map(|p| p.1), prev.is_some()));
        let gain_g = match (m.weight, last_month) {
            (Some(w), Some((_, p))) => Some(((w - p) * 1000.0).round() as i64),
            _ => None,
        };
        out.push(MeasurementRow {
            m,
            trend: t,
            gain_g,
            away_at: None,
        });
    }
    out
}

/// The birth date of a child the actor may read (the measurement form checks ages with it).
pub async fn birth_date(app: &App, actor: &Actor, id: i64) -> Result<NaiveDate> {
    let mut tx = app.store.read().await?;
    Ok(load_child(&mut tx, actor, id).await?.birth_date)
}

pub async fn child(app: &App, actor: &Actor, id: i64) -> Result<ChildView> {
    let mut tx = app.store.read().await?;
    let mut c = load_child(&mut tx, actor, id).await?;
    // The family card number identifies a household as the NIK identifies a person: masked
    // for the roles that see the NIK masked.
    c.kk_number = shown_nik(actor, &c.kk_number);
    let p = posyandu(&mut tx, c.posyandu_id, "posyandu_id").await?;
    let mut rows = with_trends(store::nutrition::measurements(&mut tx, id).await?);
    let moves = store::nutrition::moves_of(&mut tx, &[id]).await?;
    let history: Vec<(NaiveDate, i64, i64)> = moves
        .iter()
        .map(|m| (m.moved_on, m.from_posyandu_id, m.to_posyandu_id))
        .collect();
    let away: Vec<i64> = rows
        .iter()
        .filter(|r| r.m.posyandu_id != home_at(c.posyandu_id, &history, r.m.month))
        .map(|r| r.m.posyandu_id)
        .collect();
    let names: HashMap<i64, String> = store::nutrition::posyandu_places(&mut tx, &away)
        .await?
        .into_iter()
        .map(|p| (p.id, p.name))
        .collect();
    for r in &mut rows {
        if r.m.posyandu_id != home_at(c.posyandu_id, &history, r.m.month) {
            r.away_at = Some(names.get(&r.m.posyandu_id).cloned().unwrap_or_default());
        }
    }
    Ok(ChildView {
        nik: shown_nik(actor, &c.nik),
        mother_nik: shown_nik(actor, &c.mother_nik),
        can_write: write_posyandu(actor, &p).is_ok(),
        can_move: may_move(actor, &p) && c.merged_into.is_none(),
        moves,
        age_days: (app.clock().today_for(actor) - c.birth_date).num_days(),
        child: c,
        rows,
    })
}

/// Children by name for the measurement form's search (the reader's area), audited.
pub async fn search(app: &App, actor: &Actor, q: &str, posyandu_id: Option<i64>) -> Result<Vec<Child>> {
    if !reads_names(actor) {
        return Err(AppError::Forbidden);
    }
    let mut tx = app.store.write().await?;
    let mut list = store::nutrition::children(
        &mut tx,
        &actor.area,
        &store::nutrition::ChildFilter {
            q: Some(q.to_string()).filter(|s| !s.trim().is_empty()),
            posyandu_id,
            ids: None,
            limit: 200,
        },
    )
    .await?;
    for c in &mut list {
        c.nik = shown_nik(actor, &c.nik);
        c.mother_nik = shown_nik(actor, &c.mother_nik);
        c.kk_number = shown_nik(actor, &c.kk_number);
    }
    // The count and whether a name was searched, never the name typed: the audit trail
    // should not become a second register of children's names.
    crate::audit::write(
        &mut tx,
        actor,
        crate::audit::Entry::new(
            AuditEvent::ChildListRead,
            "",
            format!(
                "children listed ({}){}",
                list.len(),
                if q.trim().is_empty() { "" } else { ", name search" }
            ),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(list)
}

/// What the kader sees at once after saving a measurement.
#[derive(Debug, Clone, Serialize)]
pub struct Recorded {
    pub id: i64,
    pub input: Measured,
    pub trend: Option<Trend>,
    pub gain_g: Option<i64>,
    /// Minimum gain for the age, grams.
    pub kbm_g: u32,
}

/// Records a measurement of a child at its Posyandu: checked, scored, stored, and the
/// tallies of that month and later ones (whose N/T looks back at it) rebuilt in the same
/// transaction. A second measurement the same day replaces the first.
pub async fn record(app: &App, actor: &Actor, child_id: i64, input: &MeasurementInput) -> Result<Recorded> {
    let mut tx = app.store.write().await?;
    let r = record_in(&mut tx, app.clock().today_for(actor), actor, child_id, input).await?;
    tx.commit().await?;
    Ok(r)
}

/// [`record`] in the caller's transaction (which the caller commits): what an entry sent from
/// a phone runs with its idempotency key (`crate::sync`). `today` is the actor's local date.
pub(crate) async fn record_in(
    tx: &mut store::Tx,
    today: NaiveDate,
    actor: &Actor,
    child_id: i64,
    input: &MeasurementInput,
) -> Result<Recorded> {
    let c = load_active_child(tx, actor, child_id).await?;
    let p = posyandu(tx, c.posyandu_id, "posyandu_id").await?;
    write_posyandu(actor, &p)?;
    let input = input.clone().check(c.birth_date, today)?.score(c.birth_date, c.sex)?;
    let month = month_of(input.measured_on);
    // Where the child was measured from this month on (before this write: a same-day
    // measurement taken elsewhere moves here), and where it lives.
    let touched = touched_by(tx, &c, month).await?;
    let (id, changed) = store::nutrition::upsert_measurement(
        tx,
        child_id,
        &input,
        &Place {
            posyandu_id: p.id,
            desa_code: &p.region_code,
            source: MeasurementSource::Form,
            by: &actor.username,
        },
    )
    .await?;
    if changed {
        // This month and later ones: their N/T looks back at it, and a first weighing turns
        // later months' B into O, wherever the child was weighed since.
        refresh(tx, &touched, today).await?;
        crate::audit::write(
            tx,
            actor,
            crate::audit::Entry::new(
                AuditEvent::MeasurementCreated,
                id,
                format!("measurement of child #{child_id} on {}", input.measured_on),
            )
            .after(Some(serde_json::json!({
                "weight": input.weight, "height": input.height, "position": input.position,
                "oedema": input.oedema, "muac": input.muac, "head": input.head,
            }))),
        )
        .await?;
    }
    let prev = store::nutrition::last_weight_before(tx, child_id, month).await?;
    let last_month = prev.filter(|(d, _)| month_of(*d) == domain::nutrition::previous_month(month));
    Ok(Recorded {
        id,
        trend: input
            .weight
            .map(|w| trend(w, input.age_days, last_month.map(|p| p.1), prev.is_some())),
        gain_g: match (input.weight, last_month) {
            (Some(w), Some((_, p))) => Some(((w - p) * 1000.0).round() as i64),
            _ => None,
        },
        kbm_g: domain::nutrition::kbm_grams(domain::nutrition::completed_months(input.age_days)),
        input,
    })
}

/// Rebuilds the monthly tallies of each `(Posyandu, month)` from that month to the month of
/// `to`, in the caller's transaction: S and K from the registered children, the rest from the
/// latest measurement of each child in each month (see `domain::nutrition::child_months`).
/// One read of the measurements and children concerned and one bulk write, however many
/// Posyandu and months — an import of a whole district costs a few statements, a kader's
/// weighing a few milliseconds.
pub(crate) async fn refresh(tx: &mut store::Tx, changes: &[(i64, NaiveDate)], to: NaiveDate) -> Result<()> {
    let mut from: BTreeMap<i64, NaiveDate> = BTreeMap::new();
    for (p, m) in changes {
        let m = month_of(*m);
        from.entry(*p).and_modify(|f| *f = (*f).min(m)).or_insert(m);
    }
    let Some(first) = from.values().min().copied() else {
        return Ok(());
    };
    let to = month_of(to);
    let ids: Vec<i64> = from.keys().copied().collect();
    // Writers of the same Posyandu recount one after the other, each seeing the rows of the
    // one before (PostgreSQL).
    store::nutrition::take_turns(tx, &ids).await?;
    let desa: HashMap<i64, String> = store::nutrition::posyandu_places(tx, &ids)
        .await?
        .into_iter()
        .map(|p| (p.id, p.region_code))
        .collect();
    let mut tallies: HashMap<(i64, NaiveDate), Tally> = HashMap::new();
    for (p, f) in &from {
        for m in months_between(*f, to) {
            tallies.insert((*p, m), Tally::default());
        }
    }
    let registered = store::nutrition::registrations(tx, &ids, first).await?;
    let (visits, weighed_before) = store::nutrition::visits_since(tx, &ids, previous_month(first)).await?;
    // Every child whose measurements changed has one in these months: judge its follow-up
    // again, in this same transaction.
    let mut weighed: Vec<i64> = visits.iter().map(|v| v.child_id).collect();
    weighed.dedup();
    crate::followup::restate(tx, &weighed).await?;
    // Moves for good decide where a child belonged each month.
    let mut children: Vec<i64> = registered
        .iter()
        .map(|r| r.id)
        .chain(visits.iter().map(|v| v.child_id))
        .collect();
    children.sort_unstable();
    children.dedup();
    let mut moves: HashMap<i64, Vec<(NaiveDate, i64, i64)>> = HashMap::new();
    for m in store::nutrition::moves_of(tx, &children).await? {
        moves
            .entry(m.child_id)
            .or_default()
            .push((m.moved_on, m.from_posyandu_id, m.to_posyandu_id));
    }
    let moves_of = |child: i64| moves.get(&child).map(Vec::as_slice).unwrap_or(&[]);
    for r in &registered {
        for m in months_between(first.max(month_of(r.birth_date)), to) {
            if !registered_in(r.birth_date, m) {
                break;
            }
            let home = home_at(r.posyandu_id, moves_of(r.id), m);
            if let Some(t) = tallies.get_mut(&(home, m)) {
                t.s += 1;
                t.k += i64::from(r.has_kia);
            }
        }
    }
    let rule = VisitorRule::parse(store::setting::get(tx, VISITOR_RULE).await?.as_deref());
    let weighed_before: HashSet<i64> = weighed_before.into_iter().collect();
    for child in visits.chunk_by(|a, b| a.child_id == b.child_id) {
        let first_row = &child[0];
        let v: Vec<Visit> = child.iter().map(|r| r.visit()).collect();
        for (p, m, row) in child_months(&v, weighed_before.contains(&first_row.child_id)) {
            let home = home_at(first_row.home_id, moves_of(first_row.child_id), m);
            if p == home {
                if let Some(t) = tallies.get_mut(&(p, m)) {
                    t.add(&row);
                }
                continue;
            }
            // Weighed away from home ("luar wilayah").
            if let Some(t) = tallies.get_mut(&(p, m)) {
                t.visitors += 1;
            }
            match rule {
                VisitorRule::AtHome => {
                    if let Some(t) = tallies.get_mut(&(home, m)) {
                        t.add(&row);
                    }
                }
                VisitorRule::WhereWeighed => {
                    let kia = i64::from(first_row.has_kia);
                    let registered = registered_in(first_row.birth_date, m);
                    if let Some(t) = tallies.get_mut(&(p, m)) {
                        t.add(&row);
                        if registered {
                            t.s += 1;
                            t.k += kia;
                        }
                    }
                    if registered && let Some(t) = tallies.get_mut(&(home, m)) {
                        t.s -= 1;
                        t.k -= kia;
                    }
                }
            }
        }
    }
    let mut rows: Vec<MonthTally> = tallies
        .into_iter()
        .map(|((p, m), tally)| MonthTally {
            posyandu_id: p,
            month: m,
            desa_code: desa.get(&p).cloned().unwrap_or_default(),
            tally,
        })
        .collect();
    // By month first: a month's rows then lie together on disk, and a rollup of one month
    // reads a few pages instead of every page of the table (measured on PostgreSQL: 63,000
    // pages for one month of 84,000 Posyandu when written Posyandu by Posyandu).
    rows.sort_by_key(|r| (r.month, r.posyandu_id));
    let from: Vec<(i64, NaiveDate)> = from.into_iter().collect();
    store::nutrition::replace_months(tx, &from, &rows).await?;
    Ok(())
}

/// Rebuilds the monthly tallies of `posyandu` from `from` to `to`, a few hundred Posyandu per
/// transaction, calling `progress(done, total)` after each: maintenance after a bulk load
/// (the benchmark's generated data); everyday writes keep the tallies current themselves.
pub async fn rebuild_tallies(
    app: &App,
    posyandu: &[i64],
    from: NaiveDate,
    to: NaiveDate,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<()> {
    let mut done = 0;
    for chunk in posyandu.chunks(500) {
        let mut tx = app.store.write().await?;
        let changes: Vec<(i64, NaiveDate)> = chunk.iter().map(|p| (*p, from)).collect();
        refresh(&mut tx, &changes, to).await?;
        tx.commit().await?;
        done += chunk.len();
        progress(done, posyandu.len());
    }
    Ok(())
}

/// What `lintas check` found.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Check {
    /// Storage problems reported by the database.
    pub integrity: Vec<String>,
    /// Tallies that differ from a recount from scratch: (Posyandu|month, stored, recounted).
    pub tallies: Vec<(String, Tally, Tally)>,
    pub tallies_compared: usize,
    /// Coverage rollup rows that differ from a recount of the achievements.
    pub rollups: Vec<String>,
    pub children: i64,
    pub measurements: i64,
}

impl Check {
    pub fn ok(&self) -> bool {
        self.integrity.is_empty() && self.tallies.is_empty() && self.rollups.is_empty()
    }
}

/// Checks the database: its storage, that the coverage rollups equal a recount of the
/// achievements, and that every stored monthly tally equals a recount from scratch (recounted inside a transaction that is then rolled back, so the check
/// changes nothing). Used after a crash and by the crash test.
pub async fn check(app: &App) -> Result<Check> {
    let mut out = Check::default();
    {
        let mut tx = app.store.read().await?;
        out.integrity = store::dialect::integrity_problems(&mut tx).await?;
        out.rollups = store::coverage::rollup_drift(&mut tx).await?;
    }
    let mut tx = app.store.write().await?;
    out.children = store::nutrition::count_children(&mut tx).await?;
    out.measurements = store::nutrition::count_measurements(&mut tx).await?;
    let kept: HashMap<String, Tally> = store::nutrition::all_tallies(&mut tx).await?.into_iter().collect();
    let starts = store::nutrition::tally_starts(&mut tx).await?;
    refresh(&mut tx, &starts, app.clock().now().date_naive()).await?;
    let recounted: HashMap<String, Tally> = store::nutrition::all_tallies(&mut tx).await?.into_iter().collect();
    drop(tx); // rolled back: the check writes nothing
    let mut keys: Vec<&String> = kept.keys().chain(recounted.keys()).collect();
    keys.sort();
    keys.dedup();
    out.tallies_compared = keys.len();
    for k in keys {
        let a = kept.get(k).copied().unwrap_or_default();
        let b = recounted.get(k).copied().unwrap_or_default();
        if a != b {
            out.tallies.push((k.clone(), a, b));
        }
    }
    Ok(out)
}

/// A place the figures are asked for.
#[derive(Debug, Clone, PartialEq)]
pub enum Where {
    /// A region code (district, kecamatan or desa).
    Region(String),
    /// A Puskesmas (its wilayah kerja).
    Puskesmas(i64),
    /// One Posyandu.
    Posyandu(i64),
}

/// One line of a breakdown.
#[derive(Debug, Clone, Serialize)]
pub struct Line {
    pub key: String,
    pub name: String,
    /// Where the line leads (its own report).
    pub link: Option<String>,
    pub tally: Tally,
}

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub title: String,
    pub month: NaiveDate,
    pub total: Tally,
    pub lines: Vec<Line>,
    /// The same place in the comparison month (e.g. February for August).
    pub compare: Option<(NaiveDate, Tally)>,
    /// The place's tally per month, oldest first, over the [`TREND_MONTHS`] months up to the
    /// latest month with data (or up to the report's month when that is later or the latest
    /// is too far on to include it); every month of the window is present, zero when empty.
    pub trend: Vec<(NaiveDate, Tally)>,
}

/// The month a place's report opens on and the month it compares with, when none is asked:
/// see [`domain::nutrition::default_months`]. None without any data.
pub async fn default_months(app: &App, place: &Where) -> Result<Option<(NaiveDate, Option<NaiveDate>)>> {
    let mut tx = app.store.read().await?;
    let (scope, _, _) = place_scope(&mut tx, place).await?;
    let Some(latest) = store::followup::latest_month(&mut tx, &scope).await? else {
        return Ok(None);
    };
    // Three years back is enough to find two bulan penimbangan.
    let from = month_of(latest)
        .checked_sub_months(chrono::Months::new(35))
        .unwrap_or(latest);
    let with_data = store::nutrition::months_measured(&mut tx, &scope, from, latest).await?;
    Ok(domain::nutrition::default_months(&with_data))
}

fn region_link(code: &str, month: NaiveDate) -> String {
    format!("/nutrition?region={code}&month={}", month.format("%Y-%m"))
}

/// Where a place's tallies are summed, its title and how its breakdown is grouped.
async fn place_scope(tx: &mut store::Tx, place: &Where) -> Result<(Scope, String, &'static str)> {
    Ok(match place {
        Where::Region(code) => {
            let r = store::region::get(tx, code)
                .await?
                .ok_or_else(|| Invalid::one("region", "region.unknown"))?;
            let group = if r.level >= 4 { "posyandu" } else { "desa" };
            (Scope::Region(r.code.clone()), r.name, group)
        }
        Where::Puskesmas(id) => {
            let o = store::org::get(tx, *id).await?.ok_or(AppError::NotFound)?;
            let wk: Vec<String> = store::org::wilayah_kerja(tx, *id)
                .await?
                .into_iter()
                .map(|w| w.desa_code)
                .collect();
            (Scope::Desa(wk), o.name, "desa")
        }
        Where::Posyandu(id) => {
            let o = posyandu(tx, *id, "posyandu").await?;
            (Scope::Posyandu(vec![*id]), o.name, "all")
        }
    })
}

/// How many months the trend of a report shows.
pub const TREND_MONTHS: u32 = 24;

/// The figures of a place and month with their breakdown one level down (district →
/// kecamatan → desa → Posyandu) and the monthly trend. Aggregates: readable by every
/// signed-in account.
pub async fn report(app: &App, place: &Where, month: NaiveDate, compare: Option<NaiveDate>) -> Result<Report> {
    let month = month_of(month);
    let mut tx = app.store.read().await?;
    let (scope, title, group) = place_scope(&mut tx, place).await?;
    let total = total_at(&mut tx, &scope, month).await?;
    let latest = store::followup::latest_month(&mut tx, &scope).await?.map(month_of);
    let window = chrono::Months::new(TREND_MONTHS - 1);
    let end = match latest {
        Some(l) if l > month && month.checked_add_months(window).is_some_and(|m| m >= l) => l,
        _ => month,
    };
    let start = end.checked_sub_months(window).unwrap_or(end);
    let stored = store::nutrition::monthly(&mut tx, &scope, start, end).await?;
    let trend = months_between(start, end)
        .map(|m| {
            let t = stored.iter().find(|s| s.0 == m).map(|s| s.1).unwrap_or_default();
            (m, t)
        })
        .collect();
    let compare = match compare {
        Some(c) => Some((month_of(c), total_at(&mut tx, &scope, month_of(c)).await?)),
        None => None,
    };
    let mut lines: Vec<Line> = Vec::new();
    if group == "posyandu" {
        let tallies = store::nutrition::tallies(&mut tx, &scope, month, "posyandu").await?;
        let ids: Vec<i64> = tallies.iter().filter_map(|(k, _)| k.parse().ok()).collect();
        let names: HashMap<i64, String> = store::nutrition::posyandu_places(&mut tx, &ids)
            .await?
            .into_iter()
            .map(|p| (p.id, p.name))
            .collect();
        for (k, t) in tallies {
            let id: i64 = k.parse().unwrap_or(0);
            lines.push(Line {
                link: Some(format!("/nutrition?posyandu={id}&month={}", month.format("%Y-%m"))),
                name: names.get(&id).cloned().unwrap_or_else(|| k.clone()),
                key: k,
                tally: t,
            });
        }
    } else if group == "desa" {
        // One level down: a province by kabupaten, a kabupaten by kecamatan, a kecamatan
        // (or a Puskesmas' wilayah kerja) by desa.
        let by = match &scope {
            Scope::Region(c) => match c.split('.').count() {
                1 => "kabupaten",
                2 => "kecamatan",
                _ => "desa",
            },
            _ => "desa",
        };
        let grouped = store::nutrition::tallies(&mut tx, &scope, month, by).await?;
        let codes: Vec<String> = grouped.iter().map(|g| g.0.clone()).collect();
        let names = store::region::get_many(&mut tx, &codes).await?;
        for (code, t) in grouped {
            let name = names
                .iter()
                .find(|r| r.code == code)
                .map(|r| r.name.clone())
                .unwrap_or_else(|| code.clone());
            lines.push(Line {
                link: Some(region_link(&code, month)),
                key: code,
                name,
                tally: t,
            });
        }
    }
    Ok(Report {
        title,
        month,
        total,
        lines,
        compare,
        trend,
    })
}

/// A place's whole tally in `month`.
async fn total_at(tx: &mut store::Tx, scope: &Scope, month: NaiveDate) -> Result<Tally> {
    Ok(store::nutrition::tallies(tx, scope, month, "all")
        .await?
        .into_iter()
        .next()
        .map(|x| x.1)
        .unwrap_or_default())
}

/// The report's whole figures alone — the place's tally in `month` and in `compare` — for a
/// page that shows them without the breakdown and the trend (the district home).
pub async fn totals(
    app: &App,
    place: &Where,
    month: NaiveDate,
    compare: Option<NaiveDate>,
) -> Result<(Tally, Option<(NaiveDate, Tally)>)> {
    let mut tx = app.store.read().await?;
    let (scope, _, _) = place_scope(&mut tx, place).await?;
    let total = total_at(&mut tx, &scope, month_of(month)).await?;
    let compare = match compare {
        Some(c) => Some((month_of(c), total_at(&mut tx, &scope, month_of(c)).await?)),
        None => None,
    };
    Ok((total, compare))
}

/// The Posyandu of a Puskesmas's subtree in the actor's area with no child measured in
/// `month` (by name), read from the same tallies as the report.
pub async fn unreported(app: &App, actor: &Actor, puskesmas_id: i64, month: NaiveDate) -> Result<Vec<Org>> {
    let mut tx = app.store.read().await?;
    let list = posyandu_in_area(&mut tx, actor).await?;
    let own = store::org::subtree_ids(&mut tx, puskesmas_id).await?;
    let list: Vec<Org> = list.into_iter().filter(|o| own.contains(&o.id)).collect();
    let ids: Vec<i64> = list.iter().map(|o| o.id).collect();
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let reported: Vec<String> = store::nutrition::tallies(&mut tx, &Scope::Posyandu(ids), month_of(month), "posyandu")
        .await?
        .into_iter()
        .filter(|(_, t)| t.measured > 0)
        .map(|(k, _)| k)
        .collect();
    let mut out: Vec<Org> = list
        .into_iter()
        .filter(|o| !reported.contains(&o.id.to_string()))
        .collect();
    out.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(out)
}

/// The Posyandu of the actor's area (at most 1,000).
async fn posyandu_in_area(tx: &mut store::Tx, actor: &Actor) -> Result<Vec<Org>> {
    let filter = store::org::OrgFilter {
        kind: Some(domain::org::OrgKind::Posyandu),
        limit: 1000,
        ..Default::default()
    };
    Ok(store::org::all(tx, &actor.area, &filter).await?)
}

/// Posyandu the actor can record for (kader: its own; others: those in their area).
pub async fn posyandu_choices(app: &App, actor: &Actor) -> Result<Vec<Org>> {
    let mut tx = app.store.read().await?;
    let list = posyandu_in_area(&mut tx, actor).await?;
    Ok(list.into_iter().filter(|o| write_posyandu(actor, o).is_ok()).collect())
}
