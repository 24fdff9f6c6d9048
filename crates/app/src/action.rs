//! Actions (RTL): agreed at a meeting, owned by an organisation of any sector, updated by
//! that organisation, closed, and carried to the next meeting of the same forum by query.
//! A partner sees its organisation's commitments; private notes stay with the host and owner.

use crate::files::{Upload, store_file};
use crate::guard::{load, may_edit};
use crate::org::json;
use crate::{App, AppError, Clock, Result};
use chrono::NaiveDate;
use domain::Invalid;
use domain::access::{Act, Actor, Area, Target, can};
use domain::action::{ActionInput, ActionStatus, is_overdue};
use domain::audit::AuditEvent;
use serde::Serialize;
use store::action::{Action, ActionFilter, NewUpdate, Update};

/// An action with its supporters and status history.
#[derive(Debug, Clone, Serialize)]
pub struct ActionView {
    pub action: Action,
    pub supporters: Vec<String>,
    pub updates: Vec<Update>,
    pub overdue: bool,
    /// Private notes are shown only to the host's and the owner's writers.
    pub show_private: bool,
    pub can_update: bool,
    /// Whether the actor may edit the action's meeting (its host): the one who confirms or
    /// reopens a "done".
    pub is_host: bool,
}

impl ActionView {
    /// The latest progress report: the last update with a note or an evidence file.
    pub fn last_report(&self) -> Option<&Update> {
        self.updates
            .iter()
            .rev()
            .find(|u| u.note.is_some() || u.file_id.is_some())
    }
    /// A "done" the host has not accepted yet.
    pub fn awaits_confirmation(&self) -> bool {
        self.action.status == ActionStatus::Done && self.action.confirmed_at.is_none()
    }
}

fn writes(actor: &Actor, org_id: i64, region: &str) -> bool {
    can(actor, Act::Write, Target::Org { id: org_id, region }).is_ok()
}

/// Actions with supporters, history, and "overdue" judged on the local date of each
/// action's meeting region.
pub(crate) async fn views(
    tx: &mut store::Tx,
    clock: Clock,
    actor: &Actor,
    actions: Vec<Action>,
) -> Result<Vec<ActionView>> {
    let ids: Vec<i64> = actions.iter().map(|a| a.id).collect();
    let sup = store::action::supporters(tx, &ids).await?;
    let ups = store::action::updates(tx, &ids).await?;
    let meetings: Vec<i64> = actions.iter().map(|a| a.meeting_id).collect();
    let hosted = crate::guard::editable(tx, actor, &meetings).await?;
    let mut out = Vec::with_capacity(actions.len());
    for mut a in actions {
        let owner = writes(actor, a.owner_org_id, &a.owner_region_code);
        let host = hosted.contains(&a.meeting_id);
        let show_private = owner || host;
        if !show_private {
            a.private_note = None;
        }
        let status = a.status;
        out.push(ActionView {
            supporters: sup.iter().filter(|s| s.0 == a.id).map(|s| s.2.clone()).collect(),
            updates: ups.iter().filter(|u| u.action_id == a.id).cloned().collect(),
            overdue: is_overdue(status, a.due_on, clock.today_in(&a.meeting_region_code)),
            show_private,
            can_update: owner || host,
            is_host: host,
            action: a,
        });
    }
    Ok(out)
}

/// Adds an action to a meeting. Its owner must be an existing organisation; it cannot be due
/// before the meeting.
pub async fn create(app: &App, actor: &Actor, meeting_id: i64, input: &ActionInput) -> Result<i64> {
    let mut tx = app.store.write().await?;
    let id = create_in(&mut tx, actor, meeting_id, input).await?;
    let queued = crate::notice::mail_action(app, &mut tx, id).await?;
    tx.commit().await?;
    crate::notice::mail_sent(app, queued);
    Ok(id)
}

/// [`create`] inside the caller's transaction.
pub(crate) async fn create_in(tx: &mut store::Tx, actor: &Actor, meeting_id: i64, input: &ActionInput) -> Result<i64> {
    let m = load(tx, actor, meeting_id, true).await?;
    let a = input.clone().check(m.held_on)?;
    check_refs(tx, meeting_id, &a).await?;
    let id = store::action::insert(tx, meeting_id, &a).await?;
    store::action::insert_update(
        tx,
        &NewUpdate {
            action_id: id,
            username: &actor.username,
            org_id: actor.org_id,
            status_from: None,
            status_to: Some(ActionStatus::Planned),
            note: None,
            file_id: None,
        },
    )
    .await?;
    crate::audit::write(
        tx,
        actor,
        crate::audit::Entry::new(AuditEvent::ActionCreated, id, format!("action: {}", a.what))
            .after(Some(action_json(&a))),
    )
    .await?;
    Ok(id)
}

fn action_json(a: &domain::action::ActionInput) -> serde_json::Value {
    serde_json::json!({"what": a.what, "problem_id": a.problem_id, "owner_org_id": a.owner_org_id, "responsible": a.responsible,
        "supporting_org_ids": a.supporting_org_ids, "target": a.target, "due_on": a.due_on, "budget_source": a.budget_source.as_str()})
}

async fn check_refs(tx: &mut store::Tx, meeting_id: i64, a: &domain::action::ActionInput) -> Result<()> {
    // The owner may be any organisation that exists (a partner outside the host's area too),
    // so existence, not visibility, is checked here.
    if store::org::get(tx, a.owner_org_id).await?.is_none() {
        return Err(Invalid::one("owner_org_id", "org.unknown").into());
    }
    for o in &a.supporting_org_ids {
        if store::org::get(tx, *o).await?.is_none() {
            return Err(Invalid::one("supporting_org_ids", "org.unknown").into());
        }
    }
    if let Some(p) = a.problem_id {
        match store::problem::get(tx, p).await? {
            Some(p) if p.meeting_id == meeting_id => {}
            _ => return Err(Invalid::one("problem_id", "problem.unknown").into()),
        }
    }
    Ok(())
}

pub(crate) async fn load_action(tx: &mut store::Tx, actor: &Actor, id: i64) -> Result<Action> {
    let a = store::action::get(tx, id).await?.ok_or(AppError::NotFound)?;
    let owner_visible = domain::access::area_contains(&actor.area.writable(), a.owner_org_id, &a.owner_region_code);
    if !owner_visible && !store::meeting::visible(tx, &actor.area, a.meeting_id).await? {
        return Err(AppError::Forbidden);
    }
    Ok(a)
}

pub async fn get(app: &App, actor: &Actor, id: i64) -> Result<ActionView> {
    let mut tx = app.store.read().await?;
    let a = load_action(&mut tx, actor, id).await?;
    views(&mut tx, app.clock(), actor, vec![a])
        .await?
        .into_iter()
        .next()
        .ok_or(AppError::NotFound)
}

/// Edits what was agreed (host side only).
pub async fn update(app: &App, actor: &Actor, id: i64, input: &ActionInput) -> Result<()> {
    let mut tx = app.store.write().await?;
    let before = load_action(&mut tx, actor, id).await?;
    let m = load(&mut tx, actor, before.meeting_id, true).await?;
    let a = input.clone().check(m.held_on)?;
    check_refs(&mut tx, m.id, &a).await?;
    store::action::update(&mut tx, id, &a).await?;
    // Given to another organisation: newly assigned to it.
    let queued = before.owner_org_id != a.owner_org_id && crate::notice::mail_action(app, &mut tx, id).await?;
    crate::audit::write(
        &mut tx,
        actor,
        crate::audit::Entry::new(AuditEvent::ActionUpdated, id, format!("action: {}", a.what))
            .before(Some(json(&before)))
            .after(Some(action_json(&a))),
    )
    .await?;
    tx.commit().await?;
    crate::notice::mail_sent(app, queued);
    Ok(())
}

/// Posts progress on an action: a note, optionally a new status and an evidence file. The
/// owner organisation's writers and the meeting host may do this. Closing records who and
/// when; closing an already closed action again changes nothing (idempotent).
pub async fn post_update(
    app: &App,
    actor: &Actor,
    id: i64,
    note: &str,
    to: Option<ActionStatus>,
    file: Option<Upload>,
) -> Result<()> {
    let mut tx = app.store.write().await?;
    let a = load_action(&mut tx, actor, id).await?;
    let host = match store::meeting::get(&mut tx, a.meeting_id).await? {
        Some(m) => may_edit(&mut tx, actor, &m).await?,
        None => false,
    };
    if !(host || writes(actor, a.owner_org_id, &a.owner_region_code)) {
        return Err(AppError::Forbidden);
    }
    let note = domain::error::optional_text(note, 4000).map_err(|c| Invalid::one("note", c))?;
    let from = a.status;
    let to = to.filter(|t| *t != from);
    if note.is_none() && to.is_none() && file.is_none() {
        // Nothing new: closing twice, or an empty form.
        return Ok(());
    }
    if let Some(t) = to
        && !from.can_become(t)
    {
        return Err(Invalid::one("status", "action.transition").into());
    }
    let file_id = match &file {
        Some(f) => Some(store_file(&mut tx, actor, f, "file").await?),
        None => None,
    };
    if let Some(t) = to {
        store::action::set_status(&mut tx, id, t, Some(&actor.username)).await?;
        // The host's own "done" needs nobody else's acceptance.
        if host && t == ActionStatus::Done {
            store::action::confirm(&mut tx, id, &actor.username).await?;
        }
    }
    store::action::insert_update(
        &mut tx,
        &NewUpdate {
            action_id: id,
            username: &actor.username,
            org_id: actor.org_id,
            status_from: to.map(|_| from),
            status_to: to,
            note: note.as_deref(),
            file_id,
        },
    )
    .await?;
    crate::audit::write(
        &mut tx,
        actor,
        crate::audit::Entry::new(
            AuditEvent::ActionUpdated,
            id,
            match to {
                Some(t) => format!("{}: {from} → {t}", a.what),
                None => format!("{}: progress noted", a.what),
            },
        )
        .before(Some(serde_json::json!({"status": from.as_str()})))
        .after(Some(
            serde_json::json!({"status": to.unwrap_or(from).as_str(), "note": note, "file_id": file_id}),
        )),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Loads an action for its host: the actor must edit the action's meeting.
async fn load_for_host(tx: &mut store::Tx, actor: &Actor, id: i64) -> Result<Action> {
    let a = load_action(tx, actor, id).await?;
    let host = match store::meeting::get(tx, a.meeting_id).await? {
        Some(m) => may_edit(tx, actor, &m).await?,
        None => false,
    };
    if !host {
        return Err(AppError::Forbidden);
    }
    Ok(a)
}

/// The host accepts an owner's "done" (a partner's "done" is a claim until then). Only the
/// writers of the action's meeting host may; confirming again changes nothing.
pub async fn confirm(app: &App, actor: &Actor, id: i64) -> Result<()> {
    let mut tx = app.store.write().await?;
    let a = load_for_host(&mut tx, actor, id).await?;
    if a.status != ActionStatus::Done {
        return Err(Invalid::one("status", "action.confirm_not_done").into());
    }
    if a.confirmed_at.is_some() {
        return Ok(());
    }
    if !store::action::confirm(&mut tx, id, &actor.username).await? {
        // Another request got there first: confirmed (nothing to do) or changed (say so).
        let now = load_for_host(&mut tx, actor, id).await?;
        return match now.status {
            ActionStatus::Done => Ok(()),
            _ => Err(Invalid::one("status", "action.confirm_not_done").into()),
        };
    }
    crate::audit::write(
        &mut tx,
        actor,
        crate::audit::Entry::new(AuditEvent::ActionConfirmed, id, format!("{}: done confirmed", a.what))
            .before(Some(
                serde_json::json!({"status": a.status.as_str(), "closed_by": a.closed_by}),
            ))
            .after(Some(serde_json::json!({"confirmed_by": actor.username}))),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The host sends a "done" back to in progress, with a note saying what is missing (kept in
/// the action's history, which the owner reads).
pub async fn reopen(app: &App, actor: &Actor, id: i64, note: &str) -> Result<()> {
    let mut tx = app.store.write().await?;
    let a = load_for_host(&mut tx, actor, id).await?;
    let note = domain::error::optional_text(note, 4000).map_err(|c| Invalid::one("note", c))?;
    if a.status != ActionStatus::Done {
        return Err(Invalid::one("status", "action.reopen_not_done").into());
    }
    if !store::action::reopen(&mut tx, id).await? {
        // Reopened (or changed) by a request that came first.
        return Err(Invalid::one("status", "action.reopen_not_done").into());
    }
    store::action::insert_update(
        &mut tx,
        &NewUpdate {
            action_id: id,
            username: &actor.username,
            org_id: actor.org_id,
            status_from: Some(ActionStatus::Done),
            status_to: Some(ActionStatus::InProgress),
            note: note.as_deref(),
            file_id: None,
        },
    )
    .await?;
    crate::audit::write(
        &mut tx,
        actor,
        crate::audit::Entry::new(
            AuditEvent::ActionReopened,
            id,
            format!("{}: done → in_progress", a.what),
        )
        .before(Some(
            serde_json::json!({"status": a.status.as_str(), "closed_by": a.closed_by, "confirmed_by": a.confirmed_by}),
        ))
        .after(Some(
            serde_json::json!({"status": ActionStatus::InProgress.as_str(), "note": note}),
        )),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Open actions owned by the actor's organisation (and its subtree), overdue first.
pub async fn commitments(app: &App, actor: &Actor) -> Result<Vec<ActionView>> {
    let mut tx = app.store.read().await?;
    let owners = match (&actor.area, actor.org_id) {
        (Area::All, _) => None,
        (_, Some(org)) => Some(store::org::subtree_ids(&mut tx, org).await?),
        (_, None) => Some(Vec::new()),
    };
    let list = store::action::list(
        &mut tx,
        &actor.area,
        &ActionFilter {
            owner_org_ids: owners,
            open_only: true,
            ..Default::default()
        },
    )
    .await?;
    let mut v = views(&mut tx, app.clock(), actor, list).await?;
    v.sort_by(|a, b| b.overdue.cmp(&a.overdue).then(a.action.due_on.cmp(&b.action.due_on)));
    Ok(v)
}

/// Open actions in the actor's area (overdue, or due in one month), grouped by sector and
/// organisation.
#[derive(Debug, Serialize)]
pub struct SectorGroup {
    pub sector: domain::org::Sector,
    pub orgs: Vec<(String, Vec<ActionView>)>,
}

/// The overdue actions in the actor's area, every sector's (`/overdue`).
pub async fn overdue_by_sector(app: &App, actor: &Actor) -> Result<Vec<SectorGroup>> {
    let mut tx = app.store.read().await?;
    // The widest zone (WIB) is the latest "today"; per-action local dates decide below.
    let tomorrow = app.clock().now().date_naive() + chrono::Duration::days(1);
    let list = store::action::list(
        &mut tx,
        &actor.area,
        &ActionFilter {
            overdue_on: Some(tomorrow),
            ..Default::default()
        },
    )
    .await?;
    let list: Vec<Action> = list
        .into_iter()
        .filter(|a| is_overdue(a.status, a.due_on, app.clock().today_in(&a.meeting_region_code)))
        .collect();
    let views = views(&mut tx, app.clock(), actor, list).await?;
    Ok(by_sector(views))
}

/// The open actions in the actor's area due in `month` (this month in the actor's region when
/// none), every sector's (`/due`): what the wilayah kerja and its partners still have to
/// finish. Returns the month read (its first day) with them.
pub async fn due_by_sector(
    app: &App,
    actor: &Actor,
    month: Option<NaiveDate>,
) -> Result<(NaiveDate, Vec<SectorGroup>)> {
    let month = domain::nutrition::month_of(month.unwrap_or_else(|| app.clock().today_for(actor)));
    let mut tx = app.store.read().await?;
    let list = store::action::list(
        &mut tx,
        &actor.area,
        &ActionFilter {
            due_within: Some((month, domain::nutrition::month_end(month))),
            ..Default::default()
        },
    )
    .await?;
    let views = views(&mut tx, app.clock(), actor, list).await?;
    Ok((month, by_sector(views)))
}

/// Groups actions by their owner's sector (in the sectors' order) and organisation (the one
/// with most actions first).
fn by_sector(views: Vec<ActionView>) -> Vec<SectorGroup> {
    let mut groups: Vec<SectorGroup> = Vec::new();
    for v in views {
        let sector = v.action.owner_sector;
        let org = v.action.owner_name.clone();
        let g = match groups.iter_mut().position(|g| g.sector == sector) {
            Some(i) => &mut groups[i],
            None => {
                groups.push(SectorGroup {
                    sector,
                    orgs: Vec::new(),
                });
                let n = groups.len() - 1;
                &mut groups[n]
            }
        };
        match g.orgs.iter_mut().find(|o| o.0 == org) {
            Some(o) => o.1.push(v),
            None => g.orgs.push((org, vec![v])),
        }
    }
    for g in &mut groups {
        g.orgs.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then(a.0.cmp(&b.0)));
    }
    groups.sort_by(|a, b| a.sector.as_str().cmp(b.sector.as_str()));
    groups
}

/// A stored file, if the actor may see the meeting, action or agreement it belongs to.
pub async fn file(app: &App, actor: &Actor, id: i64) -> Result<store::action::StoredFile> {
    let mut tx = app.store.read().await?;
    let (meeting, action) = store::action::file_owner(&mut tx, id).await?;
    let ok = match (meeting, action) {
        (Some(m), _) => store::meeting::visible(&mut tx, &actor.area, m).await?,
        (None, Some(a)) => load_action(&mut tx, actor, a).await.is_ok(),
        _ => match store::agreement::file_agreement(&mut tx, id).await? {
            Some(ag) => store::agreement::visible(&mut tx, &actor.area, ag).await?,
            None => false,
        },
    };
    if !ok {
        return Err(AppError::NotFound);
    }
    store::action::get_file(&mut tx, id).await?.ok_or(AppError::NotFound)
}

/// Attaches a document to a meeting.
pub async fn attach(app: &App, actor: &Actor, meeting_id: i64, up: Upload) -> Result<i64> {
    let mut tx = app.store.write().await?;
    load(&mut tx, actor, meeting_id, true).await?;
    let fid = store_file(&mut tx, actor, &up, "file").await?;
    store::action::attach_to_meeting(&mut tx, meeting_id, fid).await?;
    crate::audit::write(
        &mut tx,
        actor,
        crate::audit::Entry::new(
            AuditEvent::MeetingFileCreated,
            fid,
            format!("document {} attached", crate::files::safe_filename(&up.filename)),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(fid)
}
