//! Follow-up of children who need it: the lists by name and address (stunted, weight not
//! gained twice in a row, below the red line, or a measurement to re-check), restricted to
//! the roles that work with children by name inside their area and audited on every read;
//! and the assignment of a child's follow-up as a coordination action owned by a bidan's
//! Puskesmas or Pustu, a kader's Posyandu, a Babinsa's Koramil or a Bhabinkamtibmas' Polsek.
//!
//! The action is visible to everyone who sees the meeting, so its text never names the child:
//! the name and address go in the private note (host and owner only), and the link between
//! child and action is kept in `child_followups`, read only through the child.

use crate::action::ActionView;
use crate::nutrition::{Where, reads_names, shown_nik};
use crate::{App, AppError, Result};
use chrono::NaiveDate;
use domain::Invalid;
use domain::access::{Act, Actor, Target, area_contains, can};
use domain::action::{ActionInput, BudgetSource};
use domain::audit::AuditEvent;
use domain::nutrition::{Trend, fold_name, month_of, previous_month, trend};
use domain::org::OrgKind;
use serde::Serialize;
use std::collections::HashMap;
use store::meeting::{Meeting, MeetingFilter};
use store::nutrition::{Child, ChildFilter, Scope, StoredMeasurement};
use store::org::{Org, OrgFilter};

pub use domain::nutrition::Reason;

/// The words of a reason used in an action's text (never the child's name), in the records'
/// language.
fn action_words(r: Reason) -> String {
    domain::i18n::text(domain::i18n::RECORD_LANG, &format!("followup.rec.{}", r.as_str())).to_string()
}

/// Measurements per child read to judge the list: enough for the last three monthly
/// weighings and the latest length.
const RECENT: i64 = 8;

/// Months before the latest month with data that a follow-up list looks at.
const LOOK_BACK_MONTHS: u32 = 11;

/// Why a child with these measurements (oldest first) needs follow-up.
pub fn reasons(ms: &[StoredMeasurement]) -> Vec<Reason> {
    let mut out = Vec::new();
    let Some(latest) = ms.last() else {
        return out;
    };
    // Monthly weighings often have no length: the latest length decides stunting.
    if ms
        .iter()
        .rev()
        .find(|m| m.haz.is_some())
        .is_some_and(|m| m.scores().stunted())
    {
        out.push(Reason::Stunted);
    }
    if twice_t(ms) {
        out.push(Reason::TwiceT);
    }
    if ms
        .iter()
        .rev()
        .find(|m| m.weight.is_some())
        .is_some_and(|m| m.scores().bgm())
    {
        out.push(Reason::Bgm);
    }
    if latest.scores().flagged() {
        out.push(Reason::Flagged);
    }
    out
}

/// The last two monthly weighings (consecutive months) both T against the month before.
pub fn twice_t(ms: &[StoredMeasurement]) -> bool {
    // The last weighing of each month, oldest first.
    let mut months: Vec<&StoredMeasurement> = Vec::new();
    for m in ms.iter().filter(|m| m.weight.is_some()) {
        match months.last_mut() {
            Some(last) if last.month == m.month => *last = m,
            _ => months.push(m),
        }
    }
    let n = months.len();
    if n < 3 {
        return false;
    }
    let (a, b, c) = (months[n - 3], months[n - 2], months[n - 1]);
    if previous_month(c.month) != b.month || previous_month(b.month) != a.month {
        return false;
    }
    let t = |m: &StoredMeasurement, prev: &StoredMeasurement| {
        trend(m.weight.unwrap_or(0.0), m.age_days, prev.weight, true) == Trend::T
    };
    t(b, a) && t(c, b)
}

/// One child of a follow-up list.
#[derive(Debug, Clone, Serialize)]
pub struct FollowupRow {
    pub child: Child,
    pub latest: StoredMeasurement,
    /// The latest measurement with a length/height (stunting is judged on it; monthly
    /// weighings often have none).
    pub length: Option<StoredMeasurement>,
    pub reasons: Vec<Reason>,
    /// Follow-up actions still open.
    pub open_actions: i64,
}

impl FollowupRow {
    pub fn has(&self, r: &Reason) -> bool {
        self.reasons.contains(r)
    }
}

#[derive(Debug, Clone, Default)]
pub struct FollowupFilter {
    pub posyandu_id: Option<i64>,
    pub reason: Option<Reason>,
}

/// Children who need follow-up in the actor's area, by name and address, the `page` (rows
/// `offset..offset + limit`, all when `None`) of a list of `total`. Audited.
pub async fn list(app: &App, actor: &Actor, f: &FollowupFilter, page: Option<Page>) -> Result<Listing> {
    if !reads_names(actor) {
        return Err(AppError::Forbidden);
    }
    let mut listing = {
        let mut tx = app.store.read().await?;
        find(&mut tx, actor, app.clock().today_for(actor), f, page).await?
    };
    for r in &mut listing.rows {
        r.child.nik = shown_nik(actor, &r.child.nik);
        r.child.mother_nik = shown_nik(actor, &r.child.mother_nik);
    }
    // The names are shown only once the read is recorded.
    let mut tx = app.store.write().await?;
    crate::audit::write(
        &mut tx,
        actor,
        crate::audit::Entry::new(
            AuditEvent::ChildListRead,
            "",
            format!(
                "follow-up list ({} of {}): {}",
                listing.rows.len(),
                listing.total,
                describe(f)
            ),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(listing)
}

/// A part of a list: rows `offset..offset + limit`.
#[derive(Debug, Clone, Copy)]
pub struct Page {
    pub offset: usize,
    pub limit: usize,
}

/// Rows of a follow-up list and how many the whole list holds.
#[derive(Debug, Clone, Default)]
pub struct Listing {
    pub rows: Vec<FollowupRow>,
    pub total: usize,
}

/// How many children the follow-up list holds for the actor (the number the list shows),
/// without reading them out: no names leave, so no audit row.
pub async fn count(app: &App, actor: &Actor, f: &FollowupFilter) -> Result<usize> {
    if !reads_names(actor) {
        return Err(AppError::Forbidden);
    }
    let mut tx = app.store.read().await?;
    let filter = list_filter(&mut tx, app.clock().today_for(actor), f).await?;
    let n = store::followup::count_listed(&mut tx, &actor.area, &filter).await?;
    Ok(usize::try_from(n).unwrap_or(0))
}

/// The filter in an audit summary (never a name).
pub(crate) fn describe(f: &FollowupFilter) -> String {
    format!(
        "{}{}",
        f.reason.map(|r| r.as_str()).unwrap_or("all"),
        f.posyandu_id.map(|p| format!(", posyandu #{p}")).unwrap_or_default()
    )
}

/// What the follow-up list of the actor's area holds: a year back from the latest month with
/// data (recent enough to act on), children under five, the asked Posyandu and reason.
async fn list_filter(tx: &mut store::Tx, today: NaiveDate, f: &FollowupFilter) -> Result<store::followup::ListFilter> {
    let latest = store::followup::latest_month_anywhere(tx)
        .await?
        .unwrap_or(month_of(today));
    Ok(store::followup::ListFilter {
        posyandu_id: f.posyandu_id,
        reason: f.reason,
        since: latest
            .checked_sub_months(chrono::Months::new(LOOK_BACK_MONTHS))
            .unwrap_or(latest),
        born_after: today - chrono::Duration::days(domain::nutrition::MAX_AGE_DAYS),
    })
}

/// The follow-up list of the actor's area (or its `page`), NIK as stored (the caller shows or
/// masks it), by Posyandu, RT and name. Neither checks the role nor audits: the callers do.
pub(crate) async fn find(
    tx: &mut store::Tx,
    actor: &Actor,
    today: NaiveDate,
    f: &FollowupFilter,
    page: Option<Page>,
) -> Result<Listing> {
    let filter = list_filter(tx, today, f).await?;
    let (chosen, total) = match page {
        Some(p) => {
            let offset = i64::try_from(p.offset).unwrap_or(i64::MAX);
            let limit = i64::try_from(p.limit).unwrap_or(i64::MAX);
            let (chosen, total) = store::followup::listed_page(tx, &actor.area, &filter, offset, limit).await?;
            (chosen, usize::try_from(total).unwrap_or(0))
        }
        None => {
            let all = store::followup::listed(tx, &actor.area, &filter).await?;
            let n = all.len();
            (all, n)
        }
    };
    let ids: Vec<i64> = chosen.iter().map(|x| x.child_id).collect();
    let mut children: HashMap<i64, Child> = HashMap::with_capacity(ids.len());
    for chunk in ids.chunks(1000) {
        let found = store::nutrition::children(
            tx,
            &actor.area,
            &ChildFilter {
                ids: Some(chunk.to_vec()),
                limit: 5000,
                ..Default::default()
            },
        )
        .await?;
        children.extend(found.into_iter().map(|c| (c.id, c)));
    }
    let mut recent: HashMap<i64, Vec<StoredMeasurement>> = HashMap::new();
    // A line shows the latest measurement and the latest length among the last RECENT.
    for m in store::followup::latest_and_length(tx, &ids, RECENT).await? {
        recent.entry(m.child_id).or_default().push(m);
    }
    let open: HashMap<i64, i64> = store::followup::open_counts(tx, &ids).await?.into_iter().collect();
    let mut rows: Vec<FollowupRow> = Vec::with_capacity(chosen.len());
    for l in chosen {
        let (Some(child), Some(ms)) = (children.remove(&l.child_id), recent.remove(&l.child_id)) else {
            continue;
        };
        let Some(latest) = ms.last().cloned() else {
            continue;
        };
        rows.push(FollowupRow {
            open_actions: open.get(&l.child_id).copied().unwrap_or(0),
            length: ms.iter().rev().find(|m| m.height.is_some()).cloned(),
            reasons: l.reasons.split(',').filter_map(|r| Reason::parse(r).ok()).collect(),
            child,
            latest,
        });
    }
    Ok(Listing { rows, total })
}

/// Judges again why each of `child_ids` needs follow-up, from its latest measurements, and
/// stores it: called in the transaction of every write that changes measurements.
pub(crate) async fn restate(tx: &mut store::Tx, child_ids: &[i64]) -> Result<()> {
    let ms = store::followup::recent_of(tx, child_ids, RECENT).await?;
    let states: Vec<store::followup::ChildState> = ms
        .chunk_by(|a, b| a.child_id == b.child_id)
        .filter_map(|child| {
            Some(store::followup::ChildState {
                child_id: child.first()?.child_id,
                reasons: reasons(child),
                latest_on: child.last()?.measured_on,
            })
        })
        .collect();
    store::followup::replace_states(tx, child_ids, &states).await?;
    Ok(())
}

/// The setting that marks the stored states as to be judged again (set by the migration that
/// added them).
const STATES_STALE: &str = "child_states";

/// Judges every measured child's follow-up state once after the migration that added them,
/// 2,000 children per transaction; an interrupted run goes on at the next start.
pub async fn ensure_states(store: &store::Store) -> Result<()> {
    {
        let mut tx = store.read().await?;
        if store::setting::get(&mut tx, STATES_STALE).await?.is_none() {
            return Ok(());
        }
    }
    let mut after = 0;
    loop {
        let mut tx = store.write().await?;
        let ids = store::followup::measured_children(&mut tx, after, 2000).await?;
        let Some(last) = ids.last().copied() else {
            store::setting::delete(&mut tx, STATES_STALE).await?;
            tx.commit().await?;
            return Ok(());
        };
        restate(&mut tx, &ids).await?;
        tx.commit().await?;
        after = last;
    }
}

/// A child the actor may read by name (404 otherwise, like every personal record).
async fn readable_child(tx: &mut store::Tx, actor: &Actor, id: i64) -> Result<Child> {
    let c = store::nutrition::get_child(tx, id).await?.ok_or(AppError::NotFound)?;
    if !reads_names(actor) || !area_contains(&actor.area, c.posyandu_id, &c.desa_code) {
        return Err(AppError::NotFound);
    }
    Ok(c)
}

/// Who may own a child's follow-up.
#[derive(Debug, Clone, Serialize)]
pub struct Owner {
    pub org: Org,
    /// `bidan`, `kader`, `babinsa` or `bhabinkamtibmas`.
    pub role: &'static str,
    /// (person id, name, title) of the current holders of that role, those of the child's
    /// desa first.
    pub people: Vec<(i64, String, String)>,
}

/// What the assignment form offers for a child.
#[derive(Debug, Clone, Serialize)]
pub struct AssignChoices {
    /// Meetings the actor may add actions to, newest first.
    pub meetings: Vec<Meeting>,
    pub default_meeting: Option<i64>,
    pub owners: Vec<Owner>,
    /// Why the child needs follow-up now (from its recent measurements).
    pub reasons: Vec<Reason>,
    /// The action's text proposed (no name).
    pub what: String,
    pub due_on: NaiveDate,
}

fn owner_role(kind: OrgKind) -> Option<(&'static str, &'static str)> {
    match kind {
        OrgKind::Puskesmas | OrgKind::Pustu => Some(("bidan", "bidan_desa")),
        OrgKind::Posyandu => Some(("kader", "kader")),
        OrgKind::Koramil => Some(("babinsa", "babinsa")),
        OrgKind::Polsek => Some(("bhabinkamtibmas", "bhabinkamtibmas")),
        _ => None,
    }
}

fn kecamatan_of(desa: &str) -> String {
    desa.split('.').take(3).collect::<Vec<_>>().join(".")
}

async fn owners(tx: &mut store::Tx, c: &Child) -> Result<Vec<Owner>> {
    let mut orgs: Vec<Org> = Vec::new();
    if let Some(p) = store::org::get(tx, c.posyandu_id).await? {
        orgs.push(p);
    }
    // The Puskesmas whose wilayah kerja holds the desa (else the Posyandu's parent).
    let pkm = match store::org::wilayah_kerja_owners(tx, std::slice::from_ref(&c.desa_code))
        .await?
        .first()
    {
        Some((_, id, _)) => Some(*id),
        None => orgs.first().and_then(|p| p.parent_id),
    };
    if let Some(id) = pkm
        && let Some(o) = store::org::get(tx, id).await?
    {
        orgs.push(o);
    }
    let kec = kecamatan_of(&c.desa_code);
    for kind in [OrgKind::Pustu, OrgKind::Koramil, OrgKind::Polsek] {
        let list = store::org::all(
            tx,
            &domain::access::Area::All,
            &OrgFilter {
                kind: Some(kind),
                within: Some(kec.clone()),
                limit: 50,
                ..Default::default()
            },
        )
        .await?;
        orgs.extend(
            list.into_iter()
                .filter(|o| kind != OrgKind::Pustu || o.parent_id == pkm),
        );
    }
    let desa_name = c.desa_name.clone().unwrap_or_default();
    let mut out = Vec::new();
    for org in orgs {
        let Some((role, position)) = owner_role(org.kind) else {
            continue;
        };
        let mut people: Vec<(i64, String, String)> = store::person::positions_at(tx, org.id)
            .await?
            .into_iter()
            .filter(|p| p.ended_on.is_none() && p.kind == position)
            .map(|p| (p.person_id, p.person_name, p.title.unwrap_or_default()))
            .collect();
        // The child's own desa first (a Polsek has a Bhabinkamtibmas per desa).
        people.sort_by_key(|p| desa_name.is_empty() || !p.2.contains(&desa_name));
        out.push(Owner { org, role, people });
    }
    Ok(out)
}

fn default_what(c: &Child, reason: Option<Reason>) -> String {
    let reason = action_words(reason.unwrap_or(Reason::Stunted));
    let mut s = domain::i18n::fill(domain::i18n::RECORD_LANG, "followup.rec.what", &[("reason", &reason)]);
    if let Some(d) = &c.desa_name {
        s.push_str(&format!(" — Desa {d}"));
    }
    if let Some(rt) = &c.rt {
        s.push_str(&format!(" RT {rt}"));
    }
    s
}

/// Meetings the actor may add an action to (its organisations host them), newest first, and
/// the default: the most recent one its organisation hosts, held on or before today.
async fn hosted_meetings(tx: &mut store::Tx, actor: &Actor, today: NaiveDate) -> Result<(Vec<Meeting>, Option<i64>)> {
    let list = store::meeting::all(
        tx,
        &actor.area,
        &MeetingFilter {
            limit: 200,
            newest_first: true,
            ..Default::default()
        },
    )
    .await?;
    // Hosted by an organisation the actor writes for (a meeting's region is its host's).
    let out: Vec<Meeting> = list
        .into_iter()
        .filter(|m| {
            can(
                actor,
                Act::Write,
                Target::Org {
                    id: m.host_org_id,
                    region: &m.region_code,
                },
            )
            .is_ok()
        })
        .collect();
    let own = |m: &&Meeting| Some(m.host_org_id) == actor.org_id;
    let default = out
        .iter()
        .filter(own)
        .find(|m| m.held_on <= today)
        .or_else(|| out.iter().find(own))
        .or_else(|| out.iter().find(|m| m.held_on <= today))
        .or(out.first())
        .map(|m| m.id);
    Ok((out, default))
}

/// The choices of the assignment form for a child the actor may write for.
pub async fn assign_choices(app: &App, actor: &Actor, child_id: i64) -> Result<AssignChoices> {
    let mut tx = app.store.read().await?;
    let c = readable_child(&mut tx, actor, child_id).await?;
    let ms = store::nutrition::measurements(&mut tx, child_id).await?;
    let reasons = reasons(&ms);
    let (meetings, default_meeting) = hosted_meetings(&mut tx, actor, app.clock().today_for(actor)).await?;
    let owners = owners(&mut tx, &c).await?;
    Ok(AssignChoices {
        meetings,
        default_meeting,
        owners,
        what: default_what(&c, reasons.first().copied()),
        reasons,
        due_on: app.clock().today_for(actor) + chrono::Duration::days(30),
    })
}

/// A child's follow-up to assign, typed: what the assignment form gives, checked by
/// [`AssignInput::check`].
#[derive(Debug, Clone, PartialEq)]
pub struct AssignInput {
    /// The meeting the action is added to (one the actor's organisation hosts).
    pub meeting_id: i64,
    /// The organisation that owns the action (one of [`AssignChoices::owners`]).
    pub owner_org_id: i64,
    /// The person responsible there, if one is named.
    pub person_id: Option<i64>,
    /// The action's text; empty: proposed from the reason and the child's place.
    pub what: String,
    pub due_on: Option<NaiveDate>,
    /// `None`: the first reason the child's measurements give.
    pub reason: Option<Reason>,
    /// Added to the private note.
    pub note: String,
}

impl AssignInput {
    /// Returns the input normalised (text trimmed). The rules that need the child and its
    /// owners (the action never names the child, the owner is one of the child's) are checked
    /// by [`assign`].
    pub fn check(self) -> std::result::Result<AssignInput, Invalid> {
        Ok(AssignInput {
            what: self.what.trim().to_string(),
            note: self.note.trim().to_string(),
            ..self
        })
    }
}

/// Whether `what` names the child: the whole folded name, or any word of it of four letters
/// or more standing as a word.
pub fn names_child(what: &str, child_name: &str) -> bool {
    let w = format!(" {} ", fold_name(what));
    let n = fold_name(child_name);
    if n.is_empty() {
        return false;
    }
    w.contains(&format!(" {n} "))
        || n.split(' ')
            .any(|p| p.chars().count() >= 4 && w.contains(&format!(" {p} ")))
}

fn private_note(c: &Child, posyandu: &str, note: &str) -> String {
    use domain::i18n::{RECORD_LANG, fill};
    let mut s = fill(
        RECORD_LANG,
        "followup.rec.child",
        &[
            ("name", &c.name),
            ("sex", c.sex.as_str()),
            ("born", &c.birth_date.format("%d/%m/%Y").to_string()),
        ],
    );
    if let Some(m) = &c.mother_name {
        s.push_str(&format!(
            "; {}",
            fill(RECORD_LANG, "followup.rec.mother", &[("name", m)])
        ));
    }
    let mut addr: Vec<String> = Vec::new();
    if let Some(a) = &c.address {
        addr.push(a.clone());
    }
    match (&c.rt, &c.rw) {
        (Some(rt), Some(rw)) => addr.push(format!("RT {rt}/RW {rw}")),
        (Some(rt), None) => addr.push(format!("RT {rt}")),
        (None, Some(rw)) => addr.push(format!("RW {rw}")),
        _ => {}
    }
    if let Some(d) = &c.desa_name {
        addr.push(format!("Desa {d}"));
    }
    if !addr.is_empty() {
        let address = addr.join(", ");
        s.push_str(&format!(
            "; {}",
            fill(RECORD_LANG, "followup.rec.address", &[("address", &address)])
        ));
    }
    s.push_str(&format!("; {posyandu}."));
    let note = note.trim();
    if !note.is_empty() {
        s.push_str(&format!(
            " {}",
            fill(RECORD_LANG, "followup.rec.note", &[("note", note)])
        ));
    }
    s
}

/// Assigns a child's follow-up: a coordination action at a meeting the actor hosts, owned by
/// the chosen organisation (and person), its text without the child's name, the name and
/// address in the private note, linked to the child. Returns the action's id.
pub async fn assign(app: &App, actor: &Actor, child_id: i64, input: &AssignInput) -> Result<i64> {
    let mut tx = app.store.write().await?;
    let c = readable_child(&mut tx, actor, child_id).await?;
    let p = store::org::get(&mut tx, c.posyandu_id)
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
    let input = input.clone().check()?;
    let owners = owners(&mut tx, &c).await?;
    let owner = owners
        .iter()
        .find(|o| o.org.id == input.owner_org_id)
        .ok_or_else(|| Invalid::one("owner", "followup.owner_kind"))?;
    let responsible = match input.person_id {
        Some(pid) => {
            let (_, name, title) = owner
                .people
                .iter()
                .find(|x| x.0 == pid)
                .ok_or_else(|| Invalid::one("owner", "person.unknown"))?;
            if title.is_empty() {
                name.clone()
            } else {
                format!("{name} ({title})")
            }
        }
        None => String::new(),
    };
    let reason = match input.reason {
        Some(r) => Some(r),
        None => reasons(&store::nutrition::measurements(&mut tx, c.id).await?)
            .first()
            .copied(),
    };
    let what = if input.what.is_empty() {
        default_what(&c, reason)
    } else {
        input.what.clone()
    };
    if names_child(&what, &c.name) {
        return Err(Invalid::one("what", "followup.name_in_what").into());
    }
    let action = ActionInput {
        what,
        problem_id: None,
        owner_org_id: owner.org.id,
        responsible: Some(responsible),
        supporting_org_ids: Vec::new(),
        target: Some(format!("1 balita — {}", p.name)),
        due_on: input.due_on,
        budget_source: BudgetSource::None,
        private_note: Some(private_note(&c, &p.name, &input.note)),
    };
    let action_id = crate::action::create_in(&mut tx, actor, input.meeting_id, &action)
        .await
        .map_err(|e| match e {
            AppError::Forbidden | AppError::NotFound => Invalid::one("meeting_id", "followup.meeting_host").into(),
            other => other,
        })?;
    store::followup::link(&mut tx, action_id, c.id, reason, &actor.username).await?;
    let reason = reason.map_or("other", Reason::as_str);
    crate::audit::write(
        &mut tx,
        actor,
        crate::audit::Entry::new(
            AuditEvent::ChildFollowupCreated,
            c.id,
            format!(
                "follow-up of child #{} ({reason}) assigned to {}: action #{action_id}",
                c.id, owner.org.name
            ),
        )
        .after(Some(
            serde_json::json!({"action_id": action_id, "owner_org_id": owner.org.id, "reason": reason}),
        )),
    )
    .await?;
    tx.commit().await?;
    Ok(action_id)
}

/// A child's follow-up actions, open ones first (as the child's page shows them).
#[derive(Debug, Clone, Default, Serialize)]
pub struct ChildFollowups {
    pub open: Vec<ActionView>,
    pub closed: Vec<ActionView>,
}

pub async fn of_child(app: &App, actor: &Actor, child_id: i64) -> Result<ChildFollowups> {
    let mut tx = app.store.read().await?;
    readable_child(&mut tx, actor, child_id).await?;
    let mut actions = Vec::new();
    for id in store::followup::actions_of_child(&mut tx, child_id).await? {
        if let Some(a) = store::action::get(&mut tx, id).await? {
            actions.push(a);
        }
    }
    let views = crate::action::views(&mut tx, app.clock(), actor, actions).await?;
    let (open, closed) = views.into_iter().partition(|v| v.action.status.is_open());
    Ok(ChildFollowups { open, closed })
}

/// The latest month with children measured at a place (the report's default month).
pub async fn latest_month(app: &App, place: &Where) -> Result<Option<NaiveDate>> {
    let mut tx = app.store.read().await?;
    let scope = match place {
        Where::Region(code) => Scope::Region(code.clone()),
        Where::Posyandu(id) => Scope::Posyandu(vec![*id]),
        Where::Puskesmas(id) => Scope::Desa(
            store::org::wilayah_kerja(&mut tx, *id)
                .await?
                .into_iter()
                .map(|w| w.desa_code)
                .collect(),
        ),
    };
    Ok(store::followup::latest_month(&mut tx, &scope).await?.map(month_of))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(month: u32, day: u32, age: i64, weight: f64) -> StoredMeasurement {
        let d = NaiveDate::from_ymd_opt(2024, month, day).unwrap_or_default();
        StoredMeasurement {
            id: 0,
            child_id: 1,
            posyandu_id: 1,
            measured_on: d,
            month: month_of(d),
            age_days: age,
            weight: Some(weight),
            height: None,
            position: None,
            oedema: false,
            muac: None,
            head: None,
            haz: None,
            waz: Some(-1.0),
            whz: None,
            bmiz: None,
            haz_flag: false,
            waz_flag: false,
            whz_flag: false,
            source: domain::nutrition::MeasurementSource::Form,
            created_by: None,
        }
    }

    #[test]
    fn two_t_in_consecutive_months() {
        // 2 years old: KBM 200 g.
        let t_t = [m(3, 10, 730, 11.0), m(4, 10, 761, 11.1), m(5, 10, 791, 11.2)];
        assert!(twice_t(&t_t));
        let t_n = [m(3, 10, 730, 11.0), m(4, 10, 761, 11.1), m(5, 10, 791, 11.4)];
        assert!(!twice_t(&t_n));
        // A month without weighing breaks the run.
        let gap = [m(2, 10, 700, 11.0), m(3, 10, 730, 11.0), m(5, 10, 791, 11.1)];
        assert!(!twice_t(&gap));
        // Two weighings in a month: the last one counts.
        let twice_in_may = [
            m(3, 10, 730, 11.0),
            m(4, 10, 761, 11.1),
            m(5, 2, 783, 11.5),
            m(5, 28, 809, 11.2),
        ];
        assert!(twice_t(&twice_in_may));
        assert_eq!(reasons(&t_t), vec![Reason::TwiceT]);
    }

    #[test]
    fn the_name_stays_out_of_the_action() {
        assert!(names_child("Pendampingan Aisyah Putri — Desa X", "Aisyah Putri"));
        assert!(names_child("Kunjungan rumah aisyah", "Aisyah Putri"));
        assert!(!names_child(
            "Pendampingan balita stunting — Desa Sarolangun RT 003",
            "Aisyah Putri"
        ));
        assert!(!names_child("Pendampingan", "Ani"));
    }
}
