//! Cooperation agreements (MOU/PKS and derived juklak/juknis/addendum): registry, lifecycle,
//! obligations fulfilled by coordination actions, linked meetings, documents, batches of the
//! same agreement with many village governments, expiry and renewal.
//!
//! Visibility: the parties (and the accounts whose area contains a party, e.g. the Dinkes over
//! its Puskesmas) see an agreement; everybody signed in sees it when it is public. MOUs and
//! kesepakatan bersama are public by default, the others private by default; the box on the
//! form decides. Any account that may write for a party may edit the agreement and move it
//! through its lifecycle; every change is audited in the same transaction.

use crate::action::ActionView;
use crate::action::{create_in, load_action, views};
use crate::files::{Upload, store_file};
use crate::guard::load as load_meeting;
use crate::org::json;
use crate::{App, AppError, Result};
use chrono::NaiveDate;
use domain::Invalid;
use domain::access::{Act, Actor, Area, Target, area_contains, can};
use domain::action::ActionInput;
use domain::agreement::{
    AgreementInput, AgreementKind, AgreementStatus, BatchInput, DocumentKind, MeetingRole, PartyInput, PartySigning,
    ScopeItem, batch_number, check_stage, expiring, renewal_term,
};
use domain::audit::AuditEvent;
use domain::meeting::{OrgRole, Rsvp};
use serde::Serialize;
use store::agreement::{
    Agreement, AgreementFile, AgreementFilter, LinkedMeeting, Obligation, Origin, Party, StatusFilter, Transition,
};

/// Days ahead that count as "expiring".
pub const EXPIRY_DAYS: i64 = 90;

/// One agreement as lists show it.
#[derive(Debug, Clone, Serialize)]
pub struct AgreementRow {
    pub agreement: Agreement,
    /// Derived: an active agreement past its end is expired.
    pub status: AgreementStatus,
    pub parties: Vec<Party>,
    pub scope: Vec<ScopeItem>,
    /// Active and ending within [`EXPIRY_DAYS`].
    pub expiring: bool,
    /// Days until the end (negative once past), for agreements with an end date.
    pub days_left: Option<i64>,
}

impl AgreementRow {
    pub fn party_names(&self) -> String {
        self.parties
            .iter()
            .map(|p| p.org_name.as_str())
            .collect::<Vec<_>>()
            .join("; ")
    }
}

fn status_of(a: &Agreement, today: NaiveDate) -> AgreementStatus {
    a.status.effective(a.end_on, today)
}

async fn rows(tx: &mut store::Tx, list: Vec<Agreement>, today: NaiveDate) -> Result<Vec<AgreementRow>> {
    let ids: Vec<i64> = list.iter().map(|a| a.id).collect();
    let parties = store::agreement::parties(tx, &ids).await?;
    let scopes = store::agreement::scopes(tx, &ids).await?;
    Ok(rows_of(list, &parties, &scopes, today))
}

/// [`rows`] from parties and scopes already read (of these agreements and maybe others).
fn rows_of(list: Vec<Agreement>, parties: &[Party], scopes: &[(i64, String)], today: NaiveDate) -> Vec<AgreementRow> {
    list.into_iter()
        .map(|a| {
            let stored = a.status;
            AgreementRow {
                status: status_of(&a, today),
                parties: parties.iter().filter(|p| p.agreement_id == a.id).cloned().collect(),
                scope: scopes
                    .iter()
                    .filter(|s| s.0 == a.id)
                    .filter_map(|s| ScopeItem::parse(&s.1).ok())
                    .collect(),
                expiring: expiring(stored, a.end_on, today, EXPIRY_DAYS),
                days_left: a.end_on.map(|e| (e - today).num_days()),
                agreement: a,
            }
        })
        .collect()
}

/// The register's filters as the pages and the API take them.
#[derive(Debug, Clone, Default)]
pub struct Find {
    pub party_org_id: Option<i64>,
    pub sector: Option<String>,
    pub scope: Option<String>,
    pub kind: Option<String>,
    pub status: Option<String>,
    pub region_code: Option<String>,
    pub year: Option<i32>,
    pub text: Option<String>,
    pub page: i64,
    pub per_page: i64,
}

pub async fn list(app: &App, actor: &Actor, f: &Find) -> Result<(Vec<AgreementRow>, i64)> {
    let mut inv = Invalid::new();
    let status = match f.status.as_deref() {
        None | Some("") => None,
        Some("expiring") => Some(StatusFilter::ExpiringWithin(EXPIRY_DAYS)),
        Some("expired_unrenewed") => Some(StatusFilter::ExpiredUnrenewed),
        Some(s) => inv
            .check("status", AgreementStatus::parse(s))
            .map(|s| StatusFilter::Is(s.as_str())),
    };
    if let Some(s) = f.scope.as_deref() {
        inv.check("scope", ScopeItem::parse(s));
    }
    if let Some(k) = f.kind.as_deref() {
        inv.check("kind", AgreementKind::parse(k));
    }
    if let Some(s) = f.sector.as_deref() {
        inv.check("sector", domain::org::Sector::parse(s));
    }
    inv.into_result()?;
    let today = app.clock().today_for(actor);
    let mut tx = app.store.read().await?;
    let per_page = if f.per_page <= 0 { 50 } else { f.per_page };
    let (list, total) = store::agreement::list(
        &mut tx,
        &actor.area,
        &AgreementFilter {
            party_under: f.party_org_id,
            sector: f.sector.clone(),
            scope: f.scope.clone(),
            kind: f.kind.clone(),
            status,
            region_code: f.region_code.clone(),
            year: f.year,
            text: f.text.clone(),
            parent_id: None,
            today,
            limit: per_page,
            offset: (f.page.max(1) - 1) * per_page,
        },
    )
    .await?;
    Ok((rows(&mut tx, list, today).await?, total))
}

/// Everything the agreement page, its printable summary and `GET /api/agreements/{id}` show.
#[derive(Debug, Clone, Serialize)]
pub struct AgreementView {
    pub row: AgreementRow,
    pub obligations: Vec<ObligationView>,
    pub meetings: Vec<LinkedMeeting>,
    pub files: Vec<AgreementFile>,
    pub transitions: Vec<Transition>,
    /// Derived documents (juklak, juknis, PKS, addendum) under this agreement.
    pub children: Vec<AgreementRow>,
    pub renewed_from: Option<(i64, String)>,
    pub renewed_by: Option<(i64, String)>,
    pub can_edit: bool,
    /// Statuses the agreement may move to now (renewal has its own step).
    pub next: Vec<AgreementStatus>,
    pub can_renew: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct ObligationView {
    pub obligation: Obligation,
    pub actions: Vec<ActionView>,
    /// Open actions of the obligation's party (and organisations under it) that could be
    /// linked. Empty for readers who cannot edit.
    pub candidates: Vec<ActionCandidate>,
    /// The meetings a new action for it may be filed under: those the actor hosts to which the
    /// obligation's organisation was invited (id, title, date, host), newest first. Empty for
    /// readers who cannot edit.
    pub meetings: Vec<(i64, String, NaiveDate, String)>,
}

/// An action that could fulfil an obligation, with what tells two of one title apart.
#[derive(Debug, Clone, Serialize)]
pub struct ActionCandidate {
    pub id: i64,
    pub what: String,
    pub owner_name: String,
    pub meeting_title: String,
    pub held_on: NaiveDate,
    pub due_on: Option<NaiveDate>,
}

/// Meetings the actor may edit that `org_id` takes part in (invited, co-host, host or walked
/// in), newest first: where an action owned by it may be agreed.
async fn meetings_with(
    tx: &mut store::Tx,
    actor: &Actor,
    org_id: i64,
) -> Result<Vec<(i64, String, NaiveDate, String)>> {
    let list = store::meeting::all(
        tx,
        &actor.area,
        &store::meeting::MeetingFilter {
            org_id: Some(org_id),
            limit: 200,
            newest_first: true,
            ..Default::default()
        },
    )
    .await?;
    let mut out = Vec::new();
    for m in list {
        if crate::guard::may_edit(tx, actor, &m).await? {
            out.push((m.id, m.title, m.held_on, m.host_name));
        }
    }
    Ok(out)
}

fn writes_org(actor: &Actor, id: i64, region: &str) -> bool {
    can(actor, Act::Write, Target::Org { id, region }).is_ok()
}

fn may_edit(actor: &Actor, a: &Agreement, parties: &[Party]) -> bool {
    writes_org(actor, a.owner_org_id, &a.owner_region_code)
        || parties.iter().any(|p| writes_org(actor, p.org_id, &p.region_code))
}

async fn load(tx: &mut store::Tx, actor: &Actor, id: i64) -> Result<Agreement> {
    let a = store::agreement::get(tx, id).await?.ok_or(AppError::NotFound)?;
    if !store::agreement::visible(tx, &actor.area, id).await? {
        // A private agreement of others is not confirmed to exist.
        return Err(AppError::NotFound);
    }
    Ok(a)
}

/// Loads for writing: visible and one of the actor's organisations is a party (or the
/// registering organisation).
async fn load_for_edit(tx: &mut store::Tx, actor: &Actor, id: i64) -> Result<(Agreement, Vec<Party>)> {
    let a = load(tx, actor, id).await?;
    let parties = store::agreement::parties(tx, &[id]).await?;
    if !may_edit(actor, &a, &parties) {
        return Err(AppError::Forbidden);
    }
    Ok((a, parties))
}

pub async fn get(app: &App, actor: &Actor, id: i64) -> Result<AgreementView> {
    let today = app.clock().today_for(actor);
    let mut tx = app.store.read().await?;
    let a = load(&mut tx, actor, id).await?;
    let row = rows(&mut tx, vec![a], today)
        .await?
        .into_iter()
        .next()
        .ok_or(AppError::NotFound)?;
    let a = &row.agreement;
    let can_edit = may_edit(actor, a, &row.parties);
    let links = store::agreement::obligation_actions(&mut tx, id).await?;
    let mut obligations = Vec::new();
    for o in store::agreement::obligations(&mut tx, id).await? {
        let mut actions = Vec::new();
        for (_, aid) in links.iter().filter(|l| l.0 == o.id) {
            // Actions the reader may not see are left out, not revealed.
            if let Ok(act) = load_action(&mut tx, actor, *aid).await {
                actions.push(act);
            }
        }
        let candidates = if can_edit {
            let owners = store::org::subtree_ids(&mut tx, o.org_id).await?;
            store::action::list(
                &mut tx,
                &actor.area,
                &store::action::ActionFilter {
                    owner_org_ids: Some(owners),
                    open_only: true,
                    ..Default::default()
                },
            )
            .await?
            .into_iter()
            .filter(|x| !actions.iter().any(|a| a.id == x.id))
            .map(|x| ActionCandidate {
                id: x.id,
                what: x.what,
                owner_name: x.owner_name,
                meeting_title: x.meeting_title,
                held_on: x.meeting_held_on,
                due_on: x.due_on,
            })
            .collect()
        } else {
            Vec::new()
        };
        let meetings = if can_edit {
            meetings_with(&mut tx, actor, o.org_id).await?
        } else {
            Vec::new()
        };
        obligations.push(ObligationView {
            actions: views(&mut tx, app.clock(), actor, actions).await?,
            obligation: o,
            candidates,
            meetings,
        });
    }
    let children = store::agreement::all(
        &mut tx,
        &actor.area,
        &AgreementFilter {
            parent_id: Some(id),
            today,
            limit: 500,
            ..Default::default()
        },
    )
    .await?;
    let children = rows(&mut tx, children, today).await?;
    let title_of = async |tx: &mut store::Tx, other: Option<i64>| -> Result<Option<(i64, String)>> {
        match other {
            Some(o) if store::agreement::visible(tx, &actor.area, o).await? => {
                Ok(store::agreement::get(tx, o).await?.map(|x| (x.id, x.title)))
            }
            _ => Ok(None),
        }
    };
    let renewed_from = title_of(&mut tx, a.renewed_from_id).await?;
    let renewed_by = title_of(&mut tx, a.renewed_by_id).await?;
    let next: Vec<AgreementStatus> = if can_edit {
        AgreementStatus::ALL
            .iter()
            .copied()
            .filter(|s| *s != AgreementStatus::Renewed && row.status.can_become(*s))
            .collect()
    } else {
        Vec::new()
    };
    let can_renew = can_edit && row.status.can_become(AgreementStatus::Renewed) && a.renewed_by_id.is_none();
    Ok(AgreementView {
        obligations,
        meetings: store::agreement::meetings(&mut tx, id).await?,
        files: store::agreement::files(&mut tx, id).await?,
        transitions: store::agreement::transitions(&mut tx, id).await?,
        children,
        renewed_from,
        renewed_by,
        can_edit,
        next,
        can_renew,
        row,
    })
}

/// Checks the references of a validated form: parties exist, the actor writes for one of
/// them, the parent is readable and not the agreement itself or below it.
async fn check_refs(tx: &mut store::Tx, actor: &Actor, a: &AgreementInput, id: Option<i64>) -> Result<store::org::Org> {
    let mut mine = None;
    for (i, p) in a.parties.iter().enumerate() {
        match store::org::get(tx, p.org_id).await? {
            Some(o) => {
                if mine.is_none() && writes_org(actor, o.id, &o.region_code) {
                    mine = Some(o);
                }
            }
            None => {
                let mut inv = Invalid::new();
                inv.add_detail("parties", "org.unknown", (i + 1).to_string());
                return Err(inv.into());
            }
        }
    }
    let Some(owner) = mine else {
        return Err(Invalid::one("parties", "agreement.not_a_party").into());
    };
    if let Some(p) = a.parent_id {
        if !store::agreement::visible(tx, &actor.area, p).await? || Some(p) == id {
            return Err(Invalid::one("parent_id", "agreement.parent_unknown").into());
        }
        // No cycles: walk up from the parent.
        let mut up = Some(p);
        let mut steps = 0;
        while let Some(x) = up {
            if Some(x) == id || steps > 50 {
                return Err(Invalid::one("parent_id", "agreement.parent_cycle").into());
            }
            up = store::agreement::get(tx, x).await?.and_then(|g| g.parent_id);
            steps += 1;
        }
    }
    Ok(owner)
}

fn input_json(a: &AgreementInput) -> serde_json::Value {
    serde_json::json!({
        "kind": a.kind.as_str(), "title": a.title, "status": a.status.as_str(), "parent_id": a.parent_id,
        "legal_basis": a.legal_basis, "purpose": a.purpose, "summary": a.summary, "start_on": a.start_on,
        "end_on": a.end_on, "is_public": a.is_public,
        "scope": a.scope.iter().map(|s| s.as_str()).collect::<Vec<_>>(),
        "parties": a.parties.iter().map(|p| serde_json::json!({
            "org_id": p.org_id, "doc_number": p.doc_number, "signatory": p.signatory,
            "signatory_position": p.signatory_position, "signed_on": p.signed_on, "financing": p.financing,
        })).collect::<Vec<_>>(),
    })
}

struct NewAgreement<'a> {
    batch_id: Option<&'a str>,
    renewed_from_id: Option<i64>,
    meeting: Option<(i64, MeetingRole)>,
}

async fn insert_in(
    tx: &mut store::Tx,
    actor: &Actor,
    today: NaiveDate,
    a: &AgreementInput,
    n: &NewAgreement<'_>,
) -> Result<i64> {
    let owner = check_refs(tx, actor, a, None).await?;
    let id = store::agreement::insert(
        tx,
        a,
        &Origin {
            owner_org_id: owner.id,
            region_code: &owner.region_code,
            created_by: &actor.username,
            batch_id: n.batch_id,
            renewed_from_id: n.renewed_from_id,
            status_on: today,
        },
    )
    .await?;
    // The first history line: registered in this status.
    store::agreement::set_status(tx, id, None, a.status, today, None, &actor.username).await?;
    if let Some((m, role)) = n.meeting {
        load_meeting(tx, actor, m, false).await?;
        store::agreement::link_meeting(tx, id, m, role).await?;
    }
    crate::audit::write(
        tx,
        actor,
        crate::audit::Entry::new(
            AuditEvent::AgreementCreated,
            id,
            format!("{} {}: {}", a.kind.as_str(), a.status.as_str(), a.title),
        )
        .after(Some(input_json(a))),
    )
    .await?;
    Ok(id)
}

/// Registers an agreement; `meeting` links the meeting it was started from.
pub async fn create(app: &App, actor: &Actor, input: &AgreementInput, meeting: Option<i64>) -> Result<i64> {
    let a = input.clone().check()?;
    let mut tx = app.store.write().await?;
    let id = insert_in(
        &mut tx,
        actor,
        app.clock().today_for(actor),
        &a,
        &NewAgreement {
            batch_id: None,
            renewed_from_id: None,
            meeting: meeting.map(|m| (m, MeetingRole::Discussed)),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// The checks of entering (or staying in) `status` with these parties' signing details.
fn stage(
    status: AgreementStatus,
    start: Option<NaiveDate>,
    end: Option<NaiveDate>,
    parties: impl Iterator<Item = (Option<String>, Option<NaiveDate>)>,
) -> Result<()> {
    let signing: Vec<PartySigning> = parties
        .map(|(signatory, signed_on)| PartySigning { signatory, signed_on })
        .collect();
    let mut inv = Invalid::new();
    for (f, c) in check_stage(status, start, end, &signing) {
        inv.add(f, c);
    }
    Ok(inv.into_result()?)
}

/// Edits what the form holds; the status moves only through [`transition`]. The agreement
/// must still satisfy its current stage (a signed agreement keeps every signature).
pub async fn update(app: &App, actor: &Actor, id: i64, input: &AgreementInput) -> Result<()> {
    let mut tx = app.store.write().await?;
    let (before, _) = load_for_edit(&mut tx, actor, id).await?;
    let stored = before.status;
    // The input's own rules as a draft; the stored status's rules below.
    let mut a = AgreementInput {
        status: AgreementStatus::Draft,
        ..input.clone()
    }
    .check()?;
    a.status = stored;
    stage(
        stored,
        a.start_on,
        a.end_on,
        a.parties.iter().map(|p| (p.signatory.clone(), p.signed_on)),
    )?;
    check_refs(&mut tx, actor, &a, Some(id)).await?;
    let before_json = json(&before);
    store::agreement::update(&mut tx, id, &a).await?;
    if store::agreement::orphan_obligations(&mut tx, id).await? > 0 {
        return Err(Invalid::one("parties", "agreement.party_has_obligations").into());
    }
    crate::audit::write(
        &mut tx,
        actor,
        crate::audit::Entry::new(AuditEvent::AgreementUpdated, id, format!("agreement: {}", a.title))
            .before(Some(before_json))
            .after(Some(input_json(&a))),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Moves an agreement to `to` on `on` (default today; not in the future). Renewal is its
/// own step ([`renew`]) because it creates the new agreement.
/// A party's signing details given with the move to a signed stage.
#[derive(Debug, Clone, PartialEq)]
pub struct Signing {
    pub org_id: i64,
    pub doc_number: Option<String>,
    pub signatory: Option<String>,
    pub signatory_position: Option<String>,
    pub signed_on: Option<NaiveDate>,
}

/// What comes with a move besides its status and date.
#[derive(Debug, Clone, Default)]
pub struct Move<'a> {
    pub note: Option<&'a str>,
    /// The parties' signatures, entered in the same form as the move to "signed" (stored
    /// only when the move needs them).
    pub signing: &'a [Signing],
    /// The user was warned that "active" comes before the term starts, and confirms.
    pub before_term_confirmed: bool,
}

pub async fn transition(
    app: &App,
    actor: &Actor,
    id: i64,
    to: AgreementStatus,
    on: Option<NaiveDate>,
    note: Option<&str>,
) -> Result<()> {
    transition_with(
        app,
        actor,
        id,
        to,
        on,
        &Move {
            note,
            before_term_confirmed: true,
            ..Default::default()
        },
    )
    .await
}

/// Moves an agreement like [`transition`], storing the parties' signing details given with
/// a move to a signed stage in the same transaction (all or nothing), and refusing "active"
/// before the term starts unless the user confirmed it (`agreement.active_before_term`).
pub async fn transition_with(
    app: &App,
    actor: &Actor,
    id: i64,
    to: AgreementStatus,
    on: Option<NaiveDate>,
    mv: &Move<'_>,
) -> Result<()> {
    let note = mv.note;
    if to == AgreementStatus::Renewed {
        return Err(Invalid::one("status", "agreement.renew_step").into());
    }
    let note = domain::error::optional_text(note.unwrap_or(""), 2000).map_err(|c| Invalid::one("note", c))?;
    let today = app.clock().today_for(actor);
    let on = on.unwrap_or(today);
    if on > today {
        return Err(Invalid::one("on_date", "date.future").into());
    }
    let mut tx = app.store.write().await?;
    let (a, mut parties) = load_for_edit(&mut tx, actor, id).await?;
    let from = status_of(&a, today);
    if !from.can_become(to) {
        return Err(Invalid::one("status", "agreement.transition").into());
    }
    if to == AgreementStatus::Active
        && !mv.before_term_confirmed
        && let Some(start) = a.start_on
        && on < start
    {
        return Err(Invalid::one("on_date", "agreement.active_before_term").into());
    }
    let mut signed: Vec<serde_json::Value> = Vec::new();
    if to.requires_signatures() && !mv.signing.is_empty() {
        let mut inv = Invalid::new();
        for sgn in mv.signing {
            let Some(p) = parties.iter_mut().find(|p| p.org_id == sgn.org_id) else {
                inv.add("parties", "agreement.not_a_party_org");
                continue;
            };
            let doc = inv.check(
                "party_doc_number",
                domain::error::optional_text(sgn.doc_number.as_deref().unwrap_or(""), 200),
            );
            let who = inv.check(
                "party_signatory",
                domain::error::optional_text(sgn.signatory.as_deref().unwrap_or(""), 200),
            );
            let pos = inv.check(
                "party_signatory_position",
                domain::error::optional_text(sgn.signatory_position.as_deref().unwrap_or(""), 200),
            );
            if sgn.signed_on.is_some_and(|d| d > today) {
                inv.add("party_signed_on", "date.future");
            }
            if let (Some(doc), Some(who), Some(pos)) = (doc, who, pos) {
                p.doc_number = doc;
                p.signatory = who;
                p.signatory_position = pos;
                p.signed_on = sgn.signed_on;
                signed.push(serde_json::json!({
                    "org_id": p.org_id, "signatory": p.signatory, "signed_on": p.signed_on, "doc_number": p.doc_number,
                }));
            }
        }
        inv.into_result()?;
        for p in &parties {
            store::agreement::set_signing(
                &mut tx,
                id,
                p.org_id,
                p.doc_number.as_deref(),
                p.signatory.as_deref(),
                p.signatory_position.as_deref(),
                p.signed_on,
            )
            .await?;
        }
    }
    stage(
        to,
        a.start_on,
        a.end_on,
        parties.iter().map(|p| (p.signatory.clone(), p.signed_on)),
    )?;
    store::agreement::set_status(&mut tx, id, Some(from), to, on, note.as_deref(), &actor.username).await?;
    crate::audit::write(
        &mut tx,
        actor,
        crate::audit::Entry::new(
            AuditEvent::AgreementUpdated,
            id,
            format!("{}: {from} → {to} ({on})", a.title),
        )
        .before(Some(serde_json::json!({"status": from.as_str()})))
        .after(Some(
            serde_json::json!({"status": to.as_str(), "on": on, "note": note, "signing": signed}),
        )),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Renews an active or expired agreement: a new draft with the same kind, parties (without
/// their numbers and signatures), scope and obligations, for a term of the same length
/// starting the day after the old one ends; the old one becomes "renewed".
pub async fn renew(app: &App, actor: &Actor, id: i64) -> Result<i64> {
    let today = app.clock().today_for(actor);
    let mut tx = app.store.write().await?;
    let (old, parties) = load_for_edit(&mut tx, actor, id).await?;
    let from = status_of(&old, today);
    if !from.can_become(AgreementStatus::Renewed) || old.renewed_by_id.is_some() {
        return Err(Invalid::one("status", "agreement.transition").into());
    }
    let scope: Vec<ScopeItem> = store::agreement::scopes(&mut tx, &[id])
        .await?
        .into_iter()
        .filter_map(|s| ScopeItem::parse(&s.1).ok())
        .collect();
    let (start_on, end_on) = renewal_term(old.start_on, old.end_on);
    let input = AgreementInput {
        kind: old.kind,
        title: old.title.clone(),
        status: AgreementStatus::Draft,
        parent_id: old.parent_id,
        legal_basis: old.legal_basis.clone(),
        purpose: old.purpose.clone(),
        summary: old.summary.clone(),
        start_on,
        end_on,
        is_public: old.is_public,
        scope,
        parties: parties
            .iter()
            .map(|p| PartyInput {
                org_id: p.org_id,
                doc_number: None,
                signatory: None,
                signatory_position: p.signatory_position.clone(),
                signed_on: None,
                financing: p.financing.clone(),
            })
            .collect(),
    };
    let new_id = insert_in(
        &mut tx,
        actor,
        app.clock().today_for(actor),
        &input,
        &NewAgreement {
            batch_id: None,
            renewed_from_id: Some(id),
            meeting: None,
        },
    )
    .await?;
    for o in store::agreement::obligations(&mut tx, id).await? {
        store::agreement::insert_obligation(&mut tx, new_id, o.org_id, &o.text).await?;
    }
    store::agreement::set_status(
        &mut tx,
        id,
        Some(from),
        AgreementStatus::Renewed,
        today,
        Some(&format!("#{new_id}")),
        &actor.username,
    )
    .await?;
    crate::audit::write(
        &mut tx,
        actor,
        crate::audit::Entry::new(
            AuditEvent::AgreementUpdated,
            id,
            format!("{}: {from} → renewed by #{new_id}", old.title),
        )
        .before(Some(serde_json::json!({"status": from.as_str()})))
        .after(Some(serde_json::json!({"status": "renewed", "renewed_by": new_id}))),
    )
    .await?;
    tx.commit().await?;
    Ok(new_id)
}

/// Adds an obligation of one party.
pub async fn add_obligation(app: &App, actor: &Actor, id: i64, org_id: i64, text: &str) -> Result<i64> {
    let mut tx = app.store.write().await?;
    let (a, parties) = load_for_edit(&mut tx, actor, id).await?;
    let text = domain::error::required_text(text, 500).map_err(|c| Invalid::one("text", c))?;
    if !parties.iter().any(|p| p.org_id == org_id) {
        return Err(Invalid::one("org_id", "agreement.not_a_party_org").into());
    }
    let oid = store::agreement::insert_obligation(&mut tx, id, org_id, &text).await?;
    crate::audit::write(
        &mut tx,
        actor,
        crate::audit::Entry::new(
            AuditEvent::AgreementObligationCreated,
            oid,
            format!("{}: {text}", a.title),
        )
        .after(Some(
            serde_json::json!({"agreement_id": id, "org_id": org_id, "text": text}),
        )),
    )
    .await?;
    tx.commit().await?;
    Ok(oid)
}

async fn load_obligation(tx: &mut store::Tx, actor: &Actor, id: i64) -> Result<(Obligation, Agreement)> {
    let o = store::agreement::get_obligation(tx, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let (a, _) = load_for_edit(tx, actor, o.agreement_id).await?;
    Ok((o, a))
}

pub async fn remove_obligation(app: &App, actor: &Actor, id: i64) -> Result<i64> {
    let mut tx = app.store.write().await?;
    let (o, a) = load_obligation(&mut tx, actor, id).await?;
    store::agreement::delete_obligation(&mut tx, id).await?;
    crate::audit::write(
        &mut tx,
        actor,
        crate::audit::Entry::new(
            AuditEvent::AgreementObligationDeleted,
            id,
            format!("{}: {}", a.title, o.text),
        )
        .before(Some(json(&o))),
    )
    .await?;
    tx.commit().await?;
    Ok(a.id)
}

/// Links an existing action owned by the obligation's party (or an organisation under it).
pub async fn link_action(app: &App, actor: &Actor, obligation_id: i64, action_id: i64) -> Result<i64> {
    let mut tx = app.store.write().await?;
    let (o, a) = load_obligation(&mut tx, actor, obligation_id).await?;
    let act = load_action(&mut tx, actor, action_id)
        .await
        .map_err(|_| Invalid::one("action_id", "agreement.action_unknown"))?;
    let owners = store::org::subtree_ids(&mut tx, o.org_id).await?;
    if !owners.contains(&act.owner_org_id) {
        return Err(Invalid::one("action_id", "agreement.action_owner").into());
    }
    store::agreement::link_action(&mut tx, obligation_id, action_id).await?;
    crate::audit::write(
        &mut tx,
        actor,
        crate::audit::Entry::new(
            AuditEvent::ObligationActionCreated,
            format!("{obligation_id}:{action_id}"),
            format!("{}: {} ← {}", a.title, o.text, act.what),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(a.id)
}

pub async fn unlink_action(app: &App, actor: &Actor, obligation_id: i64, action_id: i64) -> Result<i64> {
    let mut tx = app.store.write().await?;
    let (o, a) = load_obligation(&mut tx, actor, obligation_id).await?;
    store::agreement::unlink_action(&mut tx, obligation_id, action_id).await?;
    crate::audit::write(
        &mut tx,
        actor,
        crate::audit::Entry::new(
            AuditEvent::ObligationActionDeleted,
            format!("{obligation_id}:{action_id}"),
            format!("{}: {}", a.title, o.text),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(a.id)
}

/// Creates a new action for an obligation, owned by the obligation's party (whatever
/// `input.owner_org_id` says), agreed at `meeting_id` — a meeting the actor hosts and to which
/// the party was invited (an action is never filed under a meeting its owner did not attend);
/// it is linked to the agreement as an evaluation meeting if it was not linked yet. An empty
/// `what` is the obligation's text.
pub async fn create_action(
    app: &App,
    actor: &Actor,
    obligation_id: i64,
    meeting_id: Option<i64>,
    input: &ActionInput,
) -> Result<(i64, i64)> {
    let meeting_id = meeting_id.ok_or_else(|| Invalid::one("meeting_id", "agreement.meeting_required"))?;
    let mut tx = app.store.write().await?;
    let (o, a) = load_obligation(&mut tx, actor, obligation_id).await?;
    let mut input = input.clone();
    input.owner_org_id = o.org_id;
    if input.what.trim().is_empty() {
        input.what = o.text.clone();
    }
    load_meeting(&mut tx, actor, meeting_id, true)
        .await
        .map_err(|e| match e {
            AppError::Forbidden | AppError::NotFound => Invalid::one("meeting_id", "agreement.meeting_host").into(),
            other => other,
        })?;
    if !store::meeting::orgs(&mut tx, meeting_id)
        .await?
        .iter()
        .any(|m| m.org_id == o.org_id)
    {
        return Err(Invalid::one("meeting_id", "agreement.meeting_not_invited").into());
    }
    let linked = store::agreement::meetings(&mut tx, a.id).await?;
    let action_id = create_in(&mut tx, actor, meeting_id, &input)
        .await
        .map_err(|e| match e {
            AppError::Forbidden | AppError::NotFound => Invalid::one("meeting_id", "agreement.meeting_host").into(),
            other => other,
        })?;
    if !linked.iter().any(|m| m.meeting_id == meeting_id) {
        store::agreement::link_meeting(&mut tx, a.id, meeting_id, MeetingRole::Evaluated).await?;
    }
    store::agreement::link_action(&mut tx, obligation_id, action_id).await?;
    let queued = crate::notice::mail_action(app, &mut tx, action_id).await?;
    crate::audit::write(
        &mut tx,
        actor,
        crate::audit::Entry::new(
            AuditEvent::ObligationActionCreated,
            format!("{obligation_id}:{action_id}"),
            format!("{}: {} ← new action", a.title, o.text),
        ),
    )
    .await?;
    tx.commit().await?;
    crate::notice::mail_sent(app, queued);
    Ok((a.id, action_id))
}

/// Links a meeting (readable by the actor) where the agreement was explored, discussed,
/// signed or evaluated.
pub async fn link_meeting(app: &App, actor: &Actor, id: i64, m: i64, role: MeetingRole) -> Result<()> {
    let mut tx = app.store.write().await?;
    let (a, _) = load_for_edit(&mut tx, actor, id).await?;
    let meeting = load_meeting(&mut tx, actor, m, false)
        .await
        .map_err(|_| Invalid::one("meeting_id", "agreement.meeting_unknown"))?;
    store::agreement::link_meeting(&mut tx, id, m, role).await?;
    crate::audit::write(
        &mut tx,
        actor,
        crate::audit::Entry::new(
            AuditEvent::AgreementMeetingCreated,
            format!("{id}:{m}"),
            format!("{} ↔ {} ({role})", a.title, meeting.title),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

pub async fn unlink_meeting(app: &App, actor: &Actor, id: i64, meeting_id: i64) -> Result<()> {
    let mut tx = app.store.write().await?;
    let (a, _) = load_for_edit(&mut tx, actor, id).await?;
    store::agreement::unlink_meeting(&mut tx, id, meeting_id).await?;
    crate::audit::write(
        &mut tx,
        actor,
        crate::audit::Entry::new(
            AuditEvent::AgreementMeetingDeleted,
            format!("{id}:{meeting_id}"),
            format!("{}: meeting #{meeting_id} unlinked", a.title),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Attaches a document (the signed scan, a draft): type sniffed from its bytes, 10 MB at
/// most, stored under a safe name.
pub async fn attach(app: &App, actor: &Actor, id: i64, kind: DocumentKind, up: Upload) -> Result<i64> {
    let mut tx = app.store.write().await?;
    let (a, _) = load_for_edit(&mut tx, actor, id).await?;
    let fid = store_file(&mut tx, actor, &up, "file").await?;
    store::agreement::attach_file(&mut tx, id, fid, kind).await?;
    crate::audit::write(
        &mut tx,
        actor,
        crate::audit::Entry::new(
            AuditEvent::AgreementFileCreated,
            fid,
            format!("{}: {} ({kind})", a.title, crate::files::safe_filename(&up.filename)),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(fid)
}

/// What the "new agreement" form starts from when opened from a meeting: its title and the
/// organisations that took part (invited or present).
#[derive(Debug, Clone, Serialize)]
pub struct MeetingDraft {
    pub meeting_id: i64,
    pub meeting_title: String,
    /// Every organisation that took part, host first.
    pub org_ids: Vec<i64>,
    /// The host and co-hosts.
    pub host_ids: Vec<i64>,
}

impl MeetingDraft {
    /// The party rows to start with: everybody for a small meeting, the hosts alone for a
    /// large one (the others are offered first in each party list).
    pub fn prefill(&self) -> &[i64] {
        if self.org_ids.len() <= 6 {
            &self.org_ids
        } else {
            &self.host_ids
        }
    }
}

pub async fn draft_from_meeting(app: &App, actor: &Actor, meeting_id: i64) -> Result<MeetingDraft> {
    let mut tx = app.store.read().await?;
    let m = load_meeting(&mut tx, actor, meeting_id, false).await?;
    let mut orgs = store::meeting::orgs(&mut tx, meeting_id).await?;
    orgs.sort_by_key(|o| match o.role {
        OrgRole::Host => 0,
        OrgRole::CoHost => 1,
        OrgRole::Invited | OrgRole::WalkIn => 2,
    });
    let host_ids = orgs.iter().filter(|o| o.role.hosts()).map(|o| o.org_id).collect();
    // Invited organisations that declined are not participants.
    let mut org_ids: Vec<i64> = orgs
        .into_iter()
        .filter(|o| o.role != OrgRole::Invited || o.present > 0 || o.rsvp != Some(Rsvp::No))
        .map(|o| o.org_id)
        .collect();
    for a in store::meeting::attendance(&mut tx, meeting_id).await? {
        if let Some(o) = a.org_id
            && !org_ids.contains(&o)
        {
            org_ids.push(o);
        }
    }
    Ok(MeetingDraft {
        meeting_id,
        meeting_title: m.title,
        org_ids,
        host_ids,
    })
}

/// Agreements linked to a meeting (for the meeting page).
pub async fn of_meeting(app: &App, actor: &Actor, meeting_id: i64) -> Result<Vec<AgreementRow>> {
    let today = app.clock().today_for(actor);
    let mut tx = app.store.read().await?;
    let list = store::agreement::of_meeting(&mut tx, &actor.area, meeting_id).await?;
    rows(&mut tx, list, today).await
}

/// The village governments a host may sign with in a batch: desa organisations in the
/// host's wilayah kerja (a Puskesmas) or in its region.
pub async fn batch_villages(app: &App, actor: &Actor, host_org_id: i64) -> Result<Vec<store::org::Org>> {
    let mut tx = app.store.read().await?;
    let host = store::org::get(&mut tx, host_org_id).await?.ok_or(AppError::NotFound)?;
    if !writes_org(actor, host.id, &host.region_code) {
        return Err(AppError::Forbidden);
    }
    crate::org::villages_of(&mut tx, &host).await
}

/// Creates the same agreement between a host and each ticked village in one transaction:
/// one agreement per village (sharing a batch id) or one multi-party agreement. Returns the
/// new ids.
pub async fn batch(app: &App, actor: &Actor, input: &BatchInput) -> Result<Vec<i64>> {
    let mut tx = app.store.write().await?;
    let host = store::org::get(&mut tx, input.host_org_id)
        .await?
        .ok_or_else(|| Invalid::one("host_org_id", "org.unknown"))?;
    if !writes_org(actor, host.id, &host.region_code) {
        return Err(AppError::Forbidden);
    }
    let input = input.clone().check()?;
    let per_village = input.per_village;
    // The host's number follows the same pattern: `{n}` is the agreement's sequence.
    let host_party = |n: usize, code: &str| PartyInput {
        org_id: host.id,
        doc_number: input.host_doc_number.as_deref().map(|d| batch_number(d, n, code)),
        signatory: input.host_signatory.clone(),
        signatory_position: input.host_signatory_position.clone(),
        signed_on: None,
        financing: None,
    };
    let mut village_parties = Vec::new();
    for (n, village) in input.villages.iter().enumerate() {
        let v = store::org::get(&mut tx, village.org_id)
            .await?
            .ok_or_else(|| Invalid::one("villages", "org.unknown"))?;
        let doc = village.doc_number.clone().or_else(|| {
            input
                .number_pattern
                .as_deref()
                .map(|p| batch_number(p, n + 1, &v.region_code))
        });
        village_parties.push((
            v.region_code.clone(),
            PartyInput {
                org_id: v.id,
                doc_number: doc,
                signatory: village.signatory.clone(),
                signatory_position: Some("Kepala Desa".into()),
                signed_on: None,
                financing: None,
            },
        ));
    }
    let mut template = input.agreement(Vec::new());
    let batch_id = format!("{}-{}", host.id, chrono::Utc::now().timestamp_millis());
    let mut ids = Vec::new();
    let groups: Vec<Vec<(String, PartyInput)>> = if per_village {
        village_parties.into_iter().map(|v| vec![v]).collect()
    } else {
        vec![village_parties]
    };
    for (n, group) in groups.into_iter().enumerate() {
        let code = if per_village { group[0].0.clone() } else { String::new() };
        let host_p = host_party(n + 1, &code);
        template.parties = std::iter::once(host_p).chain(group.into_iter().map(|g| g.1)).collect();
        let id = insert_in(
            &mut tx,
            actor,
            app.clock().today_for(actor),
            &template,
            &NewAgreement {
                batch_id: Some(&batch_id),
                renewed_from_id: None,
                meeting: None,
            },
        )
        .await?;
        ids.push(id);
    }
    tx.commit().await?;
    Ok(ids)
}

/// The expiry lists of an organisation (and the organisations under it), or of the
/// actor's whole area.
#[derive(Debug, Clone, Serialize)]
pub struct Expiry {
    pub expiring: Vec<AgreementRow>,
    pub expired: Vec<AgreementRow>,
}

pub async fn expiry(app: &App, actor: &Actor, org_id: Option<i64>) -> Result<Expiry> {
    let today = app.clock().today_for(actor);
    let mut tx = app.store.read().await?;
    let mut lists = Vec::new();
    for s in [
        StatusFilter::ExpiringWithin(EXPIRY_DAYS),
        StatusFilter::ExpiredUnrenewed,
    ] {
        let f = AgreementFilter {
            party_under: org_id,
            status: Some(s),
            today,
            limit: 1000,
            ..Default::default()
        };
        lists.push(store::agreement::all(&mut tx, &actor.area, &f).await?);
    }
    // The parties and scopes of both lists in one read each: they filter (below) and fill
    // the rows.
    let ids: Vec<i64> = lists.iter().flatten().map(|a| a.id).collect();
    let parties = store::agreement::parties(&mut tx, &ids).await?;
    let scopes = store::agreement::scopes(&mut tx, &ids).await?;
    // Public agreements of others are not this reader's to renew.
    let renewable = |a: &Agreement| {
        matches!(actor.area, Area::All)
            || area_contains(&actor.area, a.owner_org_id, &a.owner_region_code)
            || parties
                .iter()
                .any(|p| p.agreement_id == a.id && area_contains(&actor.area, p.org_id, &p.region_code))
    };
    let mut out = lists
        .into_iter()
        .map(|list| {
            let list: Vec<Agreement> = list.into_iter().filter(|a| renewable(a)).collect();
            rows_of(list, &parties, &scopes, today)
        })
        .collect::<Vec<_>>();
    let expired = out.pop().unwrap_or_default();
    let expiring = out.pop().unwrap_or_default();
    Ok(Expiry { expiring, expired })
}

/// The home-page warning of a party's users: agreements of the account's organisation (and
/// below) that end within 90 days, or have expired without renewal.
pub async fn warnings(app: &App, actor: &Actor) -> Result<Expiry> {
    match actor.org_id {
        Some(o) => expiry(app, actor, Some(o)).await,
        None => Ok(Expiry {
            expiring: Vec::new(),
            expired: Vec::new(),
        }),
    }
}

/// Every agreement matching `f` (no paging), for the CSV/XLSX export.
pub async fn export(app: &App, actor: &Actor, f: &Find) -> Result<Vec<AgreementRow>> {
    let mut f = f.clone();
    f.page = 1;
    f.per_page = 5000;
    Ok(list(app, actor, &f).await?.0)
}
