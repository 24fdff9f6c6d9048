//! Notices: what concerns the account's organisation — an invitation to a meeting still to
//! come, an action newly assigned to it, due within a week, overdue, and, for the hosts of a
//! meeting, a partner's "done" to confirm — derived by one query scoped by the account (its
//! organisation, its area, its local today). Only read marks are stored, per account. Also:
//! the WhatsApp links of invitations and actions, and the e-mails queued when an SMTP server
//! is configured (see [`crate::mail`]).

use crate::{App, AppError, Result};
use domain::Invalid;
use domain::access::{self, Actor};
use domain::audit::AuditEvent;
use domain::i18n::{Lang, RECORD_LANG};
use domain::notice::{ASSIGNED_DAYS, ActionText, InvitationText, NoticeKind, wa_link, wa_number};
use serde::Serialize;
use store::notice::{Notice, Scope};

/// Whose notices: none for an account without an organisation (an administrator).
fn scope(app: &App, actor: &Actor) -> Option<Scope> {
    let org_id = actor.org_id?;
    Some(Scope {
        user_id: actor.user_id,
        org_id,
        today: app.clock().today_for(actor),
        assigned_since: app.clock().now() - chrono::Duration::days(ASSIGNED_DAYS),
        // Confirming a "done" is for those who write for the host (viewers only read).
        confirms: access::writes_at_all(actor),
    })
}

/// The account's notices: unread first, then the most urgent (overdue, a "done" to confirm,
/// due soon, invitations, newly assigned), then by date.
pub async fn list(app: &App, actor: &Actor) -> Result<Vec<Notice>> {
    let Some(s) = scope(app, actor) else {
        return Ok(Vec::new());
    };
    let mut tx = app.store.read().await?;
    let mut v = store::notice::list(&mut tx, &actor.area, &s).await?;
    v.sort_by(|a, b| {
        (a.is_read, a.kind.urgency(), a.on_date.is_none(), a.on_date, a.entity_id).cmp(&(
            b.is_read,
            b.kind.urgency(),
            b.on_date.is_none(),
            b.on_date,
            b.entity_id,
        ))
    });
    Ok(v)
}

/// How many notices the account has not read (the page header's count): one query, in the
/// read transaction of the session ([`crate::auth::session_actor`]).
pub(crate) async fn unread(tx: &mut store::Tx, app: &App, actor: &Actor) -> Result<i64> {
    let Some(s) = scope(app, actor) else {
        return Ok(0);
    };
    Ok(store::notice::unread(tx, &actor.area, &s).await?)
}

/// Marks one notice (`Some((kind, id))`) or all the account's notices read. A notice that
/// is not the account's — another organisation's action, a meeting it is not invited to,
/// an id that names nothing — is not found, and nothing is stored.
pub async fn mark_read(app: &App, actor: &Actor, one: Option<(NoticeKind, i64)>) -> Result<u64> {
    let Some(s) = scope(app, actor) else {
        return match one {
            Some(_) => Err(AppError::NotFound),
            None => Ok(0),
        };
    };
    let mut tx = app.store.write().await?;
    let current = store::notice::list(&mut tx, &actor.area, &s).await?;
    let items: Vec<(NoticeKind, i64)> = match one {
        Some((k, id)) => {
            if !current.iter().any(|n| n.kind == k && n.entity_id == id) {
                return Err(AppError::NotFound);
            }
            vec![(k, id)]
        }
        None => current
            .iter()
            .filter(|n| n.is_read == 0)
            .map(|n| (n.kind, n.entity_id))
            .collect(),
    };
    if items.is_empty() {
        return Ok(0);
    }
    let n = store::notice::mark_read(&mut tx, actor.user_id, &items).await?;
    crate::audit::write(
        &mut tx,
        actor,
        crate::audit::Entry::new(
            AuditEvent::NoticesRead,
            actor.user_id,
            match one {
                Some((k, id)) => format!("notice {k} {id} read"),
                None => format!("{} notices read", items.len()),
            },
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(n)
}

/// Reads a notice reference typed by a visitor: a kind and a positive id.
pub fn parse_ref(kind: &str, id: &str) -> std::result::Result<(NoticeKind, i64), Invalid> {
    let mut inv = Invalid::new();
    let k = inv.check("kind", NoticeKind::parse(kind));
    let id = inv.check(
        "id",
        id.trim().parse::<i64>().ok().filter(|i| *i > 0).ok_or("notice.id"),
    );
    match (k, id) {
        (Some(k), Some(id)) if inv.is_empty() => Ok((k, id)),
        _ => Err(inv),
    }
}

/// A "Kirim lewat WhatsApp" link: the `wa.me` address with the message, and to whom it goes
/// (a person's or the organisation's name), or `None` when no mobile number is known (the
/// sender picks the contact in WhatsApp).
#[derive(Debug, Clone, Serialize)]
pub struct WaLink {
    pub href: String,
    pub to: Option<String>,
}

/// The number to write to for each organisation: an office-holder's mobile number (the head
/// first), else the organisation's own if it is a mobile number. (org id, name, number).
async fn numbers(tx: &mut store::Tx, org_ids: &[i64], today: chrono::NaiveDate) -> Result<Vec<(i64, String, String)>> {
    let mut contacts = store::notice::contacts(tx, org_ids, today).await?;
    contacts.sort_by_key(|c| (c.org_id, !c.position.leads()));
    let phones = store::notice::org_phones(tx, org_ids).await?;
    let mut out = Vec::new();
    for org in org_ids {
        let person = contacts
            .iter()
            .filter(|c| c.org_id == *org)
            .find_map(|c| c.phone.as_deref().and_then(wa_number).map(|n| (c.name.clone(), n)));
        let office = || {
            phones
                .iter()
                .filter(|p| p.0 == *org)
                .find_map(|p| wa_number(&p.1).map(|n| (String::new(), n)))
        };
        if let Some((name, n)) = person.or_else(office) {
            out.push((*org, name, n));
        }
    }
    Ok(out)
}

fn zone(region: &str) -> &'static str {
    match domain::action::utc_offset_hours(region) {
        8 => "WITA",
        9 => "WIT",
        _ => "WIB",
    }
}

fn invitation_text<'a>(m: &'a store::meeting::Meeting, org: &'a str, link: Option<&'a str>) -> InvitationText<'a> {
    InvitationText {
        org,
        title: &m.title,
        host: &m.host_name,
        held_on: m.held_on,
        start_time: m.start_time.as_deref(),
        zone: zone(&m.region_code),
        place: m.place.as_deref(),
        link,
    }
}

/// The WhatsApp link of each invited organisation of a meeting the actor hosts (none for
/// others: it is the host who invites), in `lang`: (org id, link).
pub async fn invitation_links(app: &App, actor: &Actor, meeting_id: i64, lang: Lang) -> Result<Vec<(i64, WaLink)>> {
    let mut tx = app.store.read().await?;
    let m = crate::guard::load(&mut tx, actor, meeting_id, false).await?;
    if !crate::guard::may_edit(&mut tx, actor, &m).await? {
        return Ok(Vec::new());
    }
    let orgs: Vec<store::meeting::MeetingOrg> = store::meeting::orgs(&mut tx, meeting_id)
        .await?
        .into_iter()
        .filter(|o| o.role.is_guest())
        .collect();
    let ids: Vec<i64> = orgs.iter().map(|o| o.org_id).collect();
    let nums = numbers(&mut tx, &ids, app.clock().today_in(&m.region_code)).await?;
    let link = app.link(&format!("/meetings/{meeting_id}"));
    Ok(orgs
        .iter()
        .map(|o| {
            let n = nums.iter().find(|n| n.0 == o.org_id);
            let text = invitation_text(&m, &o.name, link.as_deref()).message(lang);
            let to = n.map(|n| {
                if n.1.is_empty() {
                    o.name.clone()
                } else {
                    format!("{} ({})", n.1, o.name)
                }
            });
            (
                o.org_id,
                WaLink {
                    href: wa_link(n.map(|n| n.2.as_str()), &text),
                    to,
                },
            )
        })
        .collect())
}

/// The WhatsApp link of an action to its owner, for the host of its meeting (`None` for
/// others).
pub async fn action_link(app: &App, actor: &Actor, action_id: i64, lang: Lang) -> Result<Option<WaLink>> {
    let mut tx = app.store.read().await?;
    let a = crate::action::load_action(&mut tx, actor, action_id).await?;
    let Some(m) = store::meeting::get(&mut tx, a.meeting_id).await? else {
        return Ok(None);
    };
    if !crate::guard::may_edit(&mut tx, actor, &m).await? {
        return Ok(None);
    }
    let nums = numbers(&mut tx, &[a.owner_org_id], app.clock().today_in(&m.region_code)).await?;
    let link = app.link(&format!("/actions/{action_id}"));
    let text = action_text(&a, link.as_deref()).message(lang);
    let n = nums.first();
    Ok(Some(WaLink {
        href: wa_link(n.map(|n| n.2.as_str()), &text),
        to: n.map(|n| {
            if n.1.is_empty() {
                a.owner_name.clone()
            } else {
                format!("{} ({})", n.1, a.owner_name)
            }
        }),
    }))
}

/// The e-mail addresses of those who act for `org_id` today (office-holders with an address).
async fn addresses(tx: &mut store::Tx, org_id: i64, today: chrono::NaiveDate) -> Result<Vec<String>> {
    let mut out: Vec<String> = Vec::new();
    for c in store::notice::contacts(tx, &[org_id], today).await? {
        if let Some(e) = c.email
            && !out.iter().any(|o| o.eq_ignore_ascii_case(&e))
        {
            out.push(e);
        }
    }
    Ok(out)
}

/// Queues the invitation e-mails of `org_ids` to meeting `meeting_id` (in the caller's
/// transaction), when e-mail is on and the meeting is still to come. Returns whether
/// anything was queued.
pub(crate) async fn mail_invitations(app: &App, tx: &mut store::Tx, meeting_id: i64, org_ids: &[i64]) -> Result<bool> {
    if app.mailer().is_none() || org_ids.is_empty() {
        return Ok(false);
    }
    let Some(m) = store::meeting::get(tx, meeting_id).await? else {
        return Ok(false);
    };
    let today = app.clock().today_in(&m.region_code);
    // A meeting recorded after the fact invites nobody any more.
    if m.held_on < today || m.status != domain::meeting::MeetingStatus::Scheduled {
        return Ok(false);
    }
    let link = app.link(&format!("/meetings/{meeting_id}"));
    let mut queued = false;
    for org_id in org_ids {
        let Some(org) = store::org::get(tx, *org_id).await? else {
            continue;
        };
        let text = invitation_text(&m, &org.name, link.as_deref());
        let (subject, body) = (text.subject(RECORD_LANG), text.message(RECORD_LANG));
        for to in addresses(tx, *org_id, today).await? {
            store::notice::queue(tx, &to, &subject, &body, NoticeKind::Invited, meeting_id).await?;
            queued = true;
        }
    }
    Ok(queued)
}

/// The words about action `a` that a message to its owner carries.
fn action_text<'a>(a: &'a store::action::Action, link: Option<&'a str>) -> ActionText<'a> {
    ActionText {
        org: &a.owner_name,
        what: &a.what,
        meeting: &a.meeting_title,
        due_on: a.due_on,
        link,
    }
}

/// Queues the e-mails of a newly assigned action to its owner (in the caller's
/// transaction), when e-mail is on. Returns whether anything was queued.
pub(crate) async fn mail_action(app: &App, tx: &mut store::Tx, action_id: i64) -> Result<bool> {
    if app.mailer().is_none() {
        return Ok(false);
    }
    let Some(a) = store::action::get(tx, action_id).await? else {
        return Ok(false);
    };
    let link = app.link(&format!("/actions/{action_id}"));
    let text = action_text(&a, link.as_deref());
    let (subject, body) = (text.subject(RECORD_LANG), text.message(RECORD_LANG));
    let mut queued = false;
    for to in addresses(tx, a.owner_org_id, app.clock().today_in(&a.meeting_region_code)).await? {
        store::notice::queue(tx, &to, &subject, &body, NoticeKind::Assigned, action_id).await?;
        queued = true;
    }
    Ok(queued)
}

/// After the queuing transaction committed: wake the sender.
pub(crate) fn mail_sent(app: &App, queued: bool) {
    if queued && let Some(m) = app.mailer() {
        m.wake();
    }
}

/// The latest e-mails of the outbox (for the administrator and the tests).
pub async fn outbox(app: &App, actor: &Actor) -> Result<Vec<store::notice::Mail>> {
    if !access::administers(actor) {
        return Err(AppError::Forbidden);
    }
    let mut tx = app.store.read().await?;
    Ok(store::notice::outbox(&mut tx, 200).await?)
}
