//! By-name exports of children: the follow-up list (for the field teams that visit them) and
//! the register of a Posyandu or an area, as files or a printable list.
//!
//! An export is a by-name read like the lists it copies: only the roles that work with
//! children by name, inside their area (partners and viewers are refused), and every export
//! leaves an audit row with its count and whether the NIK was in full — never a name. The
//! NIK, the child's and the mother's, is masked in every export unless a role that may see it
//! (admin, dinkes) asks for it in full; from anyone else the request is ignored.

use crate::followup::{FollowupFilter, FollowupRow};
use crate::nutrition::reads_names;
use crate::{App, AppError, Result};
use chrono::NaiveDate;
use domain::Invalid;
use domain::access::Actor;
use domain::action::{ActionStatus, is_overdue};
use domain::audit::AuditEvent;
use serde::Serialize;
use std::collections::HashMap;
use store::children::RegisterFilter;
use store::nutrition::{Child, StoredMeasurement};

/// The most children one register export holds; a wider one asks for a narrower filter.
pub const MAX_ROWS: usize = 50_000;

/// What an export is written as (recorded in the audit row).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Format {
    Csv,
    Xlsx,
    Print,
}

impl Format {
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Xlsx => "xlsx",
            Format::Print => "print",
        }
    }
}

/// Whether the actor may ask for the NIK in full in an export.
pub fn may_show_full_nik(actor: &Actor) -> bool {
    domain::access::sees_nik(actor)
}

/// The NIK as an export shows it: in full only when asked for and allowed.
fn exported_nik(full: bool, nik: &Option<String>) -> Option<String> {
    nik.as_ref()
        .map(|n| if full { n.clone() } else { domain::person::mask_nik(n) })
}

/// "1 child", "3 children" (audit summaries).
fn count_of(n: usize) -> String {
    if n == 1 {
        "1 child".into()
    } else {
        format!("{n} children")
    }
}

fn mask(full: bool, c: &mut Child) {
    c.nik = exported_nik(full, &c.nik);
    c.mother_nik = exported_nik(full, &c.mother_nik);
}

/// The coordination action that follows a child up, as an export shows it.
#[derive(Debug, Clone, Serialize)]
pub struct Assigned {
    pub action_id: i64,
    /// The owner organisation.
    pub owner: String,
    /// The person responsible, when one was named.
    pub responsible: Option<String>,
    pub status: ActionStatus,
    pub due_on: Option<NaiveDate>,
    pub overdue: bool,
}

/// One child of the follow-up export.
#[derive(Debug, Clone, Serialize)]
pub struct FollowupLine {
    pub row: FollowupRow,
    /// The latest open follow-up action, else the latest one; none when never assigned.
    pub assigned: Option<Assigned>,
}

#[derive(Debug, Clone, Serialize)]
pub struct FollowupExport {
    pub lines: Vec<FollowupLine>,
    /// Whether the NIK is in full (else masked).
    pub full_nik: bool,
    /// The reader's local date (ages are counted to it).
    pub today: NaiveDate,
}

/// The follow-up list of the actor's area as an export. Audited.
pub async fn followup(
    app: &App,
    actor: &Actor,
    f: &FollowupFilter,
    format: Format,
    want_full_nik: bool,
) -> Result<FollowupExport> {
    if !reads_names(actor) {
        return Err(AppError::Forbidden);
    }
    let full = want_full_nik && may_show_full_nik(actor);
    let mut tx = app.store.read().await?;
    let rows = crate::followup::find(&mut tx, actor, app.clock().today_for(actor), f, None)
        .await?
        .rows;
    let ids: Vec<i64> = rows.iter().map(|r| r.child.id).collect();
    // Each child's actions, oldest first.
    let mut assignments: HashMap<i64, Vec<store::followup::Assignment>> = HashMap::new();
    for a in store::followup::assignments(&mut tx, &ids).await? {
        assignments.entry(a.child_id).or_default().push(a);
    }
    let open = |a: &store::followup::Assignment| a.status.is_open();
    let clock = app.clock();
    let lines: Vec<FollowupLine> = rows
        .into_iter()
        .map(|mut row| {
            mask(full, &mut row.child);
            let mine = assignments.remove(&row.child.id).unwrap_or_default();
            let pick = mine.iter().rev().find(|a| open(a)).or(mine.last()).map(|a| Assigned {
                action_id: a.action_id,
                owner: a.owner_name.clone(),
                responsible: a.responsible.clone().filter(|r| !r.trim().is_empty()),
                status: a.status,
                due_on: a.due_on,
                overdue: is_overdue(a.status, a.due_on, clock.today_in(&a.region_code)),
            });
            FollowupLine { row, assigned: pick }
        })
        .collect();
    // The read is over; the names leave only once it is recorded (a short write).
    drop(tx);
    let mut tx = app.store.write().await?;
    crate::audit::write(
        &mut tx,
        actor,
        crate::audit::Entry::new(
            AuditEvent::ChildListExported,
            "",
            format!(
                "follow-up list exported as {} ({}, NIK {}): {}",
                format.as_str(),
                count_of(lines.len()),
                if full { "in full" } else { "masked" },
                crate::followup::describe(f)
            ),
        )
        .after(Some(serde_json::json!({
            "list": "followup",
            "format": format.as_str(),
            "count": lines.len(),
            "nik": if full { "full" } else { "masked" },
            "reason": f.reason.map(|r| r.as_str()),
            "posyandu_id": f.posyandu_id,
        }))),
    )
    .await?;
    tx.commit().await?;
    Ok(FollowupExport {
        lines,
        full_nik: full,
        today: app.clock().today_for(actor),
    })
}

/// One child of the register.
#[derive(Debug, Clone, Serialize)]
pub struct RegisterLine {
    pub child: Child,
    pub latest: Option<StoredMeasurement>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RegisterExport {
    pub lines: Vec<RegisterLine>,
    pub full_nik: bool,
    pub today: NaiveDate,
}

/// The children of the actor's area matching `f` (the children list's filters: name words,
/// Posyandu), by Posyandu and name, with their latest measurement. Audited.
pub async fn register(
    app: &App,
    actor: &Actor,
    f: &RegisterFilter,
    format: Format,
    want_full_nik: bool,
) -> Result<RegisterExport> {
    if !reads_names(actor) {
        return Err(AppError::Forbidden);
    }
    let full = want_full_nik && may_show_full_nik(actor);
    let f = RegisterFilter {
        q: f.q.clone().filter(|s| !s.trim().is_empty()),
        posyandu_id: f.posyandu_id,
    };
    let mut tx = app.store.read().await?;
    let children = store::children::register(&mut tx, &actor.area, &f, MAX_ROWS as i64 + 1).await?;
    if children.len() > MAX_ROWS {
        let mut inv = Invalid::new();
        inv.add_detail("posyandu", "export.too_many", MAX_ROWS.to_string());
        return Err(inv.into());
    }
    // In the register's order: by Posyandu, name and birth date.
    let lines: Vec<RegisterLine> = children
        .into_iter()
        .map(|(mut child, latest)| {
            mask(full, &mut child);
            RegisterLine { latest, child }
        })
        .collect();
    // The read is over; the names leave only once it is recorded (a short write).
    drop(tx);
    let mut tx = app.store.write().await?;
    crate::audit::write(
        &mut tx,
        actor,
        crate::audit::Entry::new(
            AuditEvent::ChildListExported,
            "",
            format!(
                "children register exported as {} ({}, NIK {}): {}{}",
                format.as_str(),
                count_of(lines.len()),
                if full { "in full" } else { "masked" },
                f.posyandu_id
                    .map(|p| format!("posyandu #{p}"))
                    .unwrap_or_else(|| "area".into()),
                if f.q.is_some() { ", name search" } else { "" }
            ),
        )
        .after(Some(serde_json::json!({
            "list": "register",
            "format": format.as_str(),
            "count": lines.len(),
            "nik": if full { "full" } else { "masked" },
            "posyandu_id": f.posyandu_id,
        }))),
    )
    .await?;
    tx.commit().await?;
    Ok(RegisterExport {
        lines,
        full_nik: full,
        today: app.clock().today_for(actor),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_nik_is_masked_unless_asked_in_full() {
        let nik = Some("1503035105250007".to_string());
        assert_eq!(exported_nik(false, &nik).as_deref(), Some("1503••••••••0007"));
        assert_eq!(exported_nik(true, &nik).as_deref(), Some("1503035105250007"));
        assert_eq!(exported_nik(false, &None), None);
    }
}
