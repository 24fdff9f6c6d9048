//! Entries a kader made on the phone without a connection (issue 14), applied exactly once
//! when the phone sends them: a weighing (through [`crate::nutrition::record`]'s rules) or a
//! registration (through [`crate::nutrition::register_child`]'s), each under the idempotency
//! key the phone chose. The key is claimed and the record written in one transaction, so a
//! replay — the same key again, fifty times in one request or from two requests at once —
//! stores nothing more and answers the first result, kept with the key.
//!
//! Each entry gets its own answer: stored (with the result in words, made by the caller
//! inside the transaction so a replay answers the same words), refused (an [`AppError`]:
//! the validation messages, nothing stored, the key still free), or a decision the kader
//! makes ([`Decision`]: the child was merged into another record meanwhile; the registration
//! looks like a child already registered). A key sent again by another account, or with
//! another body, is refused (`sync.key_reused`).
//!
//! The phone's copy of the Posyandu's list comes from [`offline_list`].

use crate::nutrition::{MeasurementRow, Registration, load_child, reads_names, shown_nik};
use crate::{App, AppError, Result};
use chrono::NaiveDate;
use domain::Invalid;
use domain::access::{Act, Actor, Target, area_contains, can};
use domain::audit::AuditEvent;
use domain::nutrition::{ChildInput, LengthPosition, MeasurementInput, Sex2, month_of};
use domain::sync::SyncKind;
use serde::Serialize;
use store::nutrition::Child;

/// One entry as the phone made it, read into typed input.
#[derive(Debug, Clone, Copy)]
pub enum Entry<'a> {
    /// A measurement of a registered child.
    Measurement { child_id: i64, input: &'a MeasurementInput },
    /// A registration; `confirm_new` registers it although children like it are registered
    /// (the kader's "register anyway").
    Child { input: &'a ChildInput, confirm_new: bool },
}

impl Entry<'_> {
    pub fn kind(&self) -> SyncKind {
        match self {
            Entry::Measurement { .. } => SyncKind::Measurement,
            Entry::Child { .. } => SyncKind::Child,
        }
    }
}

/// What a stored entry wrote, for the caller to put in words before the transaction commits.
pub enum Done<'a> {
    /// The measurement as the child's page shows it (with its N/T), and the child.
    /// `concerns`: what it calls for (counselling or rujuk), as the result screen judges it.
    Measurement {
        child: &'a Child,
        row: &'a MeasurementRow,
        concerns: &'a [domain::nutrition::Concern],
    },
    /// The new child's id and its registration as checked.
    Child { id: i64, input: &'a ChildInput },
}

/// The answer for one entry that was not refused.
#[derive(Debug, Clone)]
pub enum Outcome {
    /// Stored: the result as first answered. `replay` when an earlier request had stored it
    /// (nothing was written now).
    Stored { result: serde_json::Value, replay: bool },
    /// Nothing stored: the kader decides.
    Decide(Decision),
}

/// What the kader is asked to decide.
#[derive(Debug, Clone)]
pub enum Decision {
    /// The child was merged into another record after the phone copied the list: apply the
    /// measurement to `into` (the record that stays), or discard it.
    Merged { child: Box<Child>, into: Box<Child> },
    /// The registration looks like children already registered in the kader's area (NIK
    /// masked as the kader sees it): register anyway (unless one has the same NIK), or
    /// discard.
    Duplicates {
        children: Vec<Child>,
        may_register_anyway: bool,
    },
}

/// The digest an entry's body is kept as: a key sent again must come with the same body.
pub fn body_hash(body: &str) -> String {
    crate::auth::sha256_hex(body)
}

/// The refusal of a key already used by another account or for another body.
fn key_reused() -> AppError {
    Invalid::one("key", "sync.key_reused").into()
}

/// The earlier answer under `key`, if the entry was stored before (a replay): checked
/// against who sends it and what. Lets a replay answer without reading its body again (the
/// child it names may have been merged since).
pub async fn replayed(
    app: &App,
    actor: &Actor,
    key: &str,
    kind: SyncKind,
    body_hash: &str,
) -> Result<Option<serde_json::Value>> {
    let mut tx = app.store.read().await?;
    match store::sync::get(&mut tx, key).await? {
        Some(prior) => prior_answer(actor, kind, body_hash, &prior).map(Some),
        None => Ok(None),
    }
}

fn prior_answer(
    actor: &Actor,
    kind: SyncKind,
    body_hash: &str,
    prior: &store::sync::Applied,
) -> Result<serde_json::Value> {
    if prior.user_id != actor.user_id || prior.kind != kind || prior.body_hash != body_hash {
        return Err(key_reused());
    }
    serde_json::from_str(&prior.result).map_err(|e| AppError::Internal(format!("stored sync result: {e}")))
}

/// Applies one entry under `key` (checked with [`domain::sync::check_key`]) in one
/// transaction with its key; `words` makes the result the phone shows (and a replay gets
/// again). Refusals are errors: nothing is stored and the key stays free.
pub async fn apply(
    app: &App,
    actor: &Actor,
    key: &str,
    body_hash: &str,
    entry: Entry<'_>,
    words: impl FnOnce(&Done) -> serde_json::Value,
) -> Result<Outcome> {
    domain::sync::check_key(key).map_err(|c| Invalid::one("key", c))?;
    if !reads_names(actor) {
        return Err(AppError::Forbidden);
    }
    let today = app.clock().today_for(actor);
    let kind = entry.kind();
    let mut tx = app.store.write().await?;
    if !store::sync::claim(&mut tx, key, actor.user_id, kind, body_hash).await? {
        // Stored by an earlier request (on PostgreSQL, one that held the key until it
        // committed): its answer, nothing written now.
        let prior = store::sync::get(&mut tx, key)
            .await?
            .ok_or_else(|| AppError::Internal("claimed key vanished".into()))?;
        let result = prior_answer(actor, kind, body_hash, &prior)?;
        return Ok(Outcome::Stored { result, replay: true });
    }
    let (record_id, result) = match entry {
        Entry::Measurement { child_id, input } => {
            let child = load_child(&mut tx, actor, child_id).await?;
            if child.merged_into.is_some() {
                // Dropping the transaction gives the key back.
                return Ok(Outcome::Decide(merged(&mut tx, actor, child).await?));
            }
            let recorded = crate::nutrition::record_in(&mut tx, today, actor, child_id, input).await?;
            let all = store::nutrition::measurements(&mut tx, child_id).await?;
            let at = all
                .iter()
                .position(|m| m.id == recorded.id)
                .ok_or_else(|| AppError::Internal("recorded measurement not found".into()))?;
            let concerns = crate::day::concerns_at(&child, &all, at);
            let rows = crate::nutrition::with_trends(all);
            let row = &rows[at];
            (
                recorded.id,
                words(&Done::Measurement {
                    child: &child,
                    row,
                    concerns: &concerns,
                }),
            )
        }
        Entry::Child { input, confirm_new } => {
            match crate::nutrition::register_in(&mut tx, today, actor, input, confirm_new).await? {
                Registration::Created(id) => {
                    let checked = input.clone().check(today)?;
                    (id, words(&Done::Child { id, input: &checked }))
                }
                Registration::Duplicates(mut children) => {
                    let nik = input.clone().check(today)?.nik;
                    let same_nik = nik.is_some() && children.iter().any(|d| d.nik == nik);
                    for c in &mut children {
                        c.nik = shown_nik(actor, &c.nik);
                        c.mother_nik = shown_nik(actor, &c.mother_nik);
                        c.kk_number = shown_nik(actor, &c.kk_number);
                    }
                    return Ok(Outcome::Decide(Decision::Duplicates {
                        children,
                        may_register_anyway: !same_nik,
                    }));
                }
                Registration::NikElsewhere => {
                    // The lookup's audit row stays; the key is given back.
                    store::sync::release(&mut tx, key).await?;
                    tx.commit().await?;
                    return Err(Invalid::one("nik", "children.nik_elsewhere").into());
                }
            }
        }
    };
    store::sync::finish(&mut tx, key, record_id, &result.to_string()).await?;
    tx.commit().await?;
    Ok(Outcome::Stored { result, replay: false })
}

/// The record a merged child now lives on, if the actor may read it (else the measurement is
/// refused as for any merged child).
async fn merged(tx: &mut store::Tx, actor: &Actor, child: Child) -> Result<Decision> {
    let mut into = child.clone();
    for _ in 0..20 {
        match into.merged_into {
            Some(next) => {
                into = store::nutrition::get_child(tx, next)
                    .await?
                    .ok_or_else(|| AppError::Internal(format!("merged into missing child #{next}")))?
            }
            None => break,
        }
    }
    if into.merged_into.is_some()
        || !reads_names(actor)
        || !area_contains(&actor.area, into.posyandu_id, &into.desa_code)
    {
        return Err(Invalid::one("child", "child.merged").into());
    }
    into.nik = shown_nik(actor, &into.nik);
    Ok(Decision::Merged {
        child: Box::new(child),
        into: Box::new(into),
    })
}

/// The child a registration sent earlier under `key` created (a newborn registered and
/// weighed on the phone before either was sent): the same account's stored registration only.
pub async fn registered_child(app: &App, actor: &Actor, key: &str) -> Result<i64> {
    let mut tx = app.store.read().await?;
    match store::sync::get(&mut tx, key).await? {
        Some(a) if a.user_id == actor.user_id && a.kind == SyncKind::Child => a
            .record_id
            .ok_or_else(|| Invalid::one("child_key", "sync.child_pending").into()),
        Some(_) => Err(key_reused()),
        None => Err(Invalid::one("child_key", "sync.child_pending").into()),
    }
}

/// A child as the phone keeps it for a Posyandu day without a connection.
#[derive(Debug, Clone, Serialize)]
pub struct OfflineChild {
    pub id: i64,
    pub name: String,
    pub sex: Sex2,
    pub birth_date: NaiveDate,
    /// As the account sees it ([`shown_nik`]: masked for a kader).
    pub nik: Option<String>,
    pub mother: Option<String>,
    pub rt: Option<String>,
    pub rw: Option<String>,
    pub last: Option<LastMeasurement>,
}

/// A child's latest measurement.
#[derive(Debug, Clone, Serialize)]
pub struct LastMeasurement {
    pub date: NaiveDate,
    pub weight: Option<f64>,
    pub height: Option<f64>,
    pub position: Option<LengthPosition>,
}

/// The Posyandu's list for the phone.
#[derive(Debug, Clone, Serialize)]
pub struct OfflineList {
    pub posyandu_id: i64,
    pub posyandu_name: String,
    /// The account's local date when the list was read.
    pub today: NaiveDate,
    pub children: Vec<OfflineChild>,
}

/// The children under five registered at Posyandu `posyandu_id` (not merged away), in the
/// day list's register order, with their latest measurement: for accounts that record there (a kader: its own Posyandu
/// only), the NIK as they may see it. Audited as a by-name read (the count, never a name).
pub async fn offline_list(app: &App, actor: &Actor, posyandu_id: i64) -> Result<OfflineList> {
    if !reads_names(actor) {
        return Err(AppError::Forbidden);
    }
    let today = app.clock().today_for(actor);
    let mut tx = app.store.write().await?;
    let p = store::posyandu::get(&mut tx, posyandu_id)
        .await?
        .ok_or(AppError::NotFound)?;
    can(
        actor,
        Act::Write,
        Target::Org {
            id: p.id,
            region: &p.region_code,
        },
    )?;
    // The day's list of this month, in the same register order as the day page.
    let (rows, _, _) = crate::day::list(&mut tx, actor, &p, month_of(today), today).await?;
    let list: Vec<OfflineChild> = rows
        .into_iter()
        .map(|r| OfflineChild {
            last: r.latest.map(|m| LastMeasurement {
                date: m.measured_on,
                weight: m.weight,
                height: m.height,
                position: m.position,
            }),
            nik: shown_nik(actor, &r.child.nik),
            id: r.child.id,
            name: r.child.name,
            sex: r.child.sex,
            birth_date: r.child.birth_date,
            mother: r.child.mother_name,
            rt: r.child.rt,
            rw: r.child.rw,
        })
        .collect();
    crate::audit::write(
        &mut tx,
        actor,
        crate::audit::Entry::new(
            AuditEvent::ChildListRead,
            "",
            format!("children listed for offline work at {} ({})", p.name, list.len()),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(OfflineList {
        posyandu_id: p.id,
        posyandu_name: p.name,
        today,
        children: list,
    })
}
