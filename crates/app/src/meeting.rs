//! Forums and meetings: schedules, invitations, agenda and minutes, attendance, agreements
//! reached, attached documents, and the review of previous actions that opens the next
//! meeting of the same forum (computed, never copied).

use crate::action::ActionView;
use crate::guard::{load, load_org, may_edit};
use crate::org::json;
use crate::problem::ProblemView;
use crate::{App, AppError, Result};
use chrono::{Datelike, NaiveDate};
use domain::Invalid;
use domain::access::{Act, Actor, Target, can};
use domain::action::ActionStatus;
use domain::audit::AuditEvent;
use domain::meeting::{AttendeeInput, ForumInput, MeetingInput, MeetingStatus, parse_attendance_lines, schedule};
use domain::meeting::{OrgRole, Rsvp};
use domain::org::Sector;
use serde::Serialize;
use store::action::FileInfo;
use store::meeting::{AgendaItem, AgreementReached, Attendee, Forum, ForumMember, Meeting, MeetingFilter, MeetingOrg};
use store::org::Org;

/// Title of the agenda item that opens a meeting whose forum has earlier meetings, in the
/// language of the records (`i18n::RECORD_LANG`): it is stored, and every reader sees it.
pub fn review_item() -> &'static str {
    domain::i18n::text(domain::i18n::RECORD_LANG, "meetings.review_item")
}

fn write_org(actor: &Actor, o: &Org) -> Result<()> {
    Ok(can(
        actor,
        Act::Write,
        Target::Org {
            id: o.id,
            region: &o.region_code,
        },
    )?)
}

// --- forums ------------------------------------------------------------------------------

pub async fn forums(app: &App, actor: &Actor) -> Result<Vec<Forum>> {
    let mut tx = app.store.read().await?;
    Ok(store::meeting::list_forums(&mut tx, &actor.area).await?)
}

pub async fn create_forum(app: &App, actor: &Actor, input: &ForumInput) -> Result<i64> {
    let mut tx = app.store.write().await?;
    let org = load_org(&mut tx, actor, input.org_id, "org_id").await?;
    write_org(actor, &org)?;
    let f = input.clone().check()?;
    let id = store::meeting::insert_forum(&mut tx, &f).await?;
    crate::audit::write(
        &mut tx,
        actor,
        crate::audit::Entry::new(
            AuditEvent::ForumCreated,
            id,
            format!("forum {} of {}", f.name, org.name),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

async fn load_forum(tx: &mut store::Tx, actor: &Actor, id: i64) -> Result<Forum> {
    let f = store::meeting::get_forum(tx, id).await?.ok_or(AppError::NotFound)?;
    can(
        actor,
        Act::Read,
        Target::Org {
            id: f.org_id,
            region: &f.org_region_code,
        },
    )?;
    Ok(f)
}

pub async fn forum(app: &App, actor: &Actor, id: i64) -> Result<(Forum, Vec<Meeting>)> {
    let mut tx = app.store.read().await?;
    let f = load_forum(&mut tx, actor, id).await?;
    let meetings = store::meeting::all(
        &mut tx,
        &domain::access::Area::All,
        &MeetingFilter {
            forum_id: Some(id),
            limit: 500,
            ..Default::default()
        },
    )
    .await?;
    Ok((f, meetings))
}

/// The standing members of a forum (organisations every scheduled meeting invites), and
/// whether the actor may change them and schedule the forum (writes for its organisation).
pub async fn forum_members(app: &App, actor: &Actor, id: i64) -> Result<(Vec<ForumMember>, bool)> {
    let mut tx = app.store.read().await?;
    let f = load_forum(&mut tx, actor, id).await?;
    let editable = can(
        actor,
        Act::Write,
        Target::Org {
            id: f.org_id,
            region: &f.org_region_code,
        },
    )
    .is_ok();
    Ok((store::meeting::forum_members(&mut tx, id).await?, editable))
}

/// Sets the standing members of a forum (writers of its organisation): organisations the
/// actor can see, and whether every desa of the host's wilayah kerja is invited too (resolved
/// each time a schedule is made). Meetings already made are not changed.
pub async fn set_forum_members(app: &App, actor: &Actor, id: i64, org_ids: &[i64], all_desa: bool) -> Result<()> {
    let mut tx = app.store.write().await?;
    let f = load_forum(&mut tx, actor, id).await?;
    let host = load_org(&mut tx, actor, f.org_id, "org_id").await?;
    write_org(actor, &host)?;
    let mut ids: Vec<i64> = Vec::new();
    for o in org_ids {
        let org = load_org(&mut tx, actor, *o, "org_ids").await?;
        if org.id != host.id && !ids.contains(&org.id) {
            ids.push(org.id);
        }
    }
    let before = store::meeting::forum_members(&mut tx, id).await?;
    store::meeting::set_forum_members(&mut tx, id, &ids, all_desa).await?;
    crate::audit::write(
        &mut tx,
        actor,
        crate::audit::Entry::new(
            AuditEvent::ForumMembersUpdated,
            id,
            format!(
                "{}: {} standing members{}",
                f.name,
                ids.len(),
                if all_desa {
                    " and every desa of the wilayah kerja"
                } else {
                    ""
                }
            ),
        )
        .before(Some(serde_json::json!({
            "org_ids": before.iter().map(|m| m.org_id).collect::<Vec<_>>(),
            "all_desa": f.all_desa
        })))
        .after(Some(serde_json::json!({"org_ids": ids, "all_desa": all_desa}))),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The organisations a scheduled meeting of the forum invites: its standing members and, when
/// the forum asks for it, the village governments of the host's wilayah kerja (as they are
/// today). The host itself is not among them.
async fn standing_invitees(tx: &mut store::Tx, f: &Forum, host: &Org) -> Result<Vec<i64>> {
    let mut ids: Vec<i64> = store::meeting::forum_members(tx, f.id)
        .await?
        .into_iter()
        .map(|m| m.org_id)
        .collect();
    if f.all_desa {
        for v in crate::org::villages_of(tx, host).await? {
            if !ids.contains(&v.id) {
                ids.push(v.id);
            }
        }
    }
    ids.retain(|i| *i != host.id);
    Ok(ids)
}

/// Creates the meetings of `year` for a forum on the `nth` `weekday` of each of its months
/// (Lokmin bulanan: every month; tribulanan: Feb, May, Aug, Nov). Dates that already have a
/// meeting of the forum are skipped, so running it twice adds nothing. Returns the new ids.
pub async fn generate_schedule(
    app: &App,
    actor: &Actor,
    forum_id: i64,
    year: i32,
    weekday: chrono::Weekday,
    nth: u32,
    months: Option<Vec<u32>>,
) -> Result<Vec<i64>> {
    if !(2000..=2100).contains(&year) {
        return Err(Invalid::one("year", "date.range").into());
    }
    let mut tx = app.store.write().await?;
    let f = load_forum(&mut tx, actor, forum_id).await?;
    let host = load_org(&mut tx, actor, f.org_id, "org_id").await?;
    write_org(actor, &host)?;
    let kind = f.kind;
    let months = months.unwrap_or_else(|| kind.default_months().to_vec());
    if months.is_empty() || months.iter().any(|m| !(1..=12).contains(m)) {
        return Err(Invalid::one("months", "schedule.months").into());
    }
    let existing = store::meeting::all(
        &mut tx,
        &domain::access::Area::All,
        &MeetingFilter {
            forum_id: Some(forum_id),
            limit: 1000,
            ..Default::default()
        },
    )
    .await?;
    let invitees = standing_invitees(&mut tx, &f, &host).await?;
    let mut ids = Vec::new();
    let dates = schedule(year, &months, weekday, nth);
    let first_date = dates.first().copied();
    for d in dates {
        if existing
            .iter()
            .any(|m| m.held_on.year() == d.year() && m.held_on.month() == d.month())
        {
            continue;
        }
        let input = domain::meeting::MeetingInput {
            title: format!(
                "{} — {}",
                f.name,
                domain::i18n::month_year(domain::i18n::RECORD_LANG, d.month(), year)
            ),
            kind,
            forum_id: Some(forum_id),
            host_org_id: f.org_id,
            level: f.level,
            held_on: d,
            start_time: Some("09:00".into()),
            place: Some(host.name.clone()),
            chair: None,
            first_of_year: kind.has_penggalangan() && Some(d) == first_date,
        };
        let id = store::meeting::insert(&mut tx, &input, &host.region_code, MeetingStatus::Scheduled).await?;
        add_review_item_if_needed(&mut tx, id, Some(forum_id), d).await?;
        crate::proposal::add_agenda_item(&mut tx, id, kind, &host, d).await?;
        for o in &invitees {
            store::meeting::set_org(&mut tx, id, *o, OrgRole::Invited).await?;
        }
        ids.push(id);
    }
    crate::audit::write(
        &mut tx,
        actor,
        crate::audit::Entry::new(
            AuditEvent::ForumScheduleCreated,
            forum_id,
            format!(
                "{} meetings scheduled for {year} in {}, each inviting {} organisations",
                ids.len(),
                f.name,
                invitees.len()
            ),
        )
        .after(Some(
            serde_json::json!({"meeting_ids": ids, "invited_org_ids": invitees}),
        )),
    )
    .await?;
    tx.commit().await?;
    Ok(ids)
}

/// `generate_schedule` as the API (and any script) asks for it: a working day given as
/// `mon`…`fri` and which of its occurrences in the month (1–5; 5 means the last), checked
/// here so every caller refuses the same input with the same field codes.
pub async fn schedule_year(
    app: &App,
    actor: &Actor,
    forum_id: i64,
    year: i32,
    weekday: &str,
    nth: u32,
    months: Option<Vec<u32>>,
) -> Result<Vec<i64>> {
    use chrono::Weekday;
    let mut inv = Invalid::new();
    let day = match weekday.trim().to_ascii_lowercase().as_str() {
        "mon" => Some(Weekday::Mon),
        "tue" => Some(Weekday::Tue),
        "wed" => Some(Weekday::Wed),
        "thu" => Some(Weekday::Thu),
        "fri" => Some(Weekday::Fri),
        _ => {
            inv.add("weekday", "choice.unknown");
            None
        }
    };
    if !(1..=5).contains(&nth) {
        inv.add("nth", "choice.unknown");
    }
    inv.into_result()?;
    let day = day.ok_or_else(|| AppError::Internal("weekday".into()))?;
    generate_schedule(app, actor, forum_id, year, day, nth, months).await
}

async fn add_review_item_if_needed(
    tx: &mut store::Tx,
    meeting_id: i64,
    forum_id: Option<i64>,
    held_on: NaiveDate,
) -> Result<()> {
    if let Some(f) = forum_id
        && !store::meeting::earlier_in_forum(tx, f, held_on, meeting_id)
            .await?
            .is_empty()
    {
        store::meeting::insert_agenda_item(tx, meeting_id, review_item()).await?;
    }
    Ok(())
}

// --- meetings ----------------------------------------------------------------------------

pub async fn list(app: &App, actor: &Actor, f: &MeetingFilter) -> Result<(Vec<Meeting>, i64)> {
    let mut tx = app.store.read().await?;
    Ok(store::meeting::list(&mut tx, &actor.area, f).await?)
}

async fn check_forum(tx: &mut store::Tx, actor: &Actor, input: &domain::meeting::MeetingInput) -> Result<()> {
    if let Some(fid) = input.forum_id {
        let f = store::meeting::get_forum(tx, fid).await?;
        match f {
            Some(f)
                if can(
                    actor,
                    Act::Read,
                    Target::Org {
                        id: f.org_id,
                        region: &f.org_region_code,
                    },
                )
                .is_ok() => {}
            _ => return Err(Invalid::one("forum_id", "forum.unknown").into()),
        }
    }
    Ok(())
}

/// Creates a meeting (one-off, or of a forum). When the forum has earlier meetings, the
/// agenda opens with the review of previous actions.
pub async fn create(app: &App, actor: &Actor, input: &MeetingInput, invited: &[i64]) -> Result<i64> {
    let mut tx = app.store.write().await?;
    let host = load_org(&mut tx, actor, input.host_org_id, "host_org_id").await?;
    write_org(actor, &host)?;
    let input = input.clone().check()?;
    check_forum(&mut tx, actor, &input).await?;
    let id = store::meeting::insert(&mut tx, &input, &host.region_code, MeetingStatus::Scheduled).await?;
    add_review_item_if_needed(&mut tx, id, input.forum_id, input.held_on).await?;
    crate::proposal::add_agenda_item(&mut tx, id, input.kind, &host, input.held_on).await?;
    let mut orgs = Vec::new();
    for o in invited {
        let org = load_org(&mut tx, actor, *o, "invited").await?;
        store::meeting::set_org(&mut tx, id, org.id, OrgRole::Invited).await?;
        orgs.push(org.id);
    }
    let queued = crate::notice::mail_invitations(app, &mut tx, id, &orgs).await?;
    crate::audit::write(
        &mut tx,
        actor,
        crate::audit::Entry::new(
            AuditEvent::MeetingCreated,
            id,
            format!("meeting {} on {}", input.title, input.held_on),
        )
        .after(Some(json(&meeting_json(&input)))),
    )
    .await?;
    tx.commit().await?;
    crate::notice::mail_sent(app, queued);
    Ok(id)
}

fn meeting_json(m: &domain::meeting::MeetingInput) -> serde_json::Value {
    serde_json::json!({"title": m.title, "kind": m.kind.as_str(), "forum_id": m.forum_id, "host_org_id": m.host_org_id,
        "level": m.level.as_str(), "held_on": m.held_on, "start_time": m.start_time, "place": m.place, "chair": m.chair,
        "first_of_year": m.first_of_year})
}

pub async fn update(app: &App, actor: &Actor, id: i64, input: &MeetingInput) -> Result<()> {
    let mut tx = app.store.write().await?;
    let before = load(&mut tx, actor, id, true).await?;
    let host = load_org(&mut tx, actor, input.host_org_id, "host_org_id").await?;
    write_org(actor, &host)?;
    let input = input.clone().check()?;
    store::meeting::update(&mut tx, id, &input, &host.region_code).await?;
    crate::audit::write(
        &mut tx,
        actor,
        crate::audit::Entry::new(AuditEvent::MeetingUpdated, id, format!("meeting {}", input.title))
            .before(Some(json(&before)))
            .after(Some(meeting_json(&input))),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

pub async fn set_status(app: &App, actor: &Actor, id: i64, s: MeetingStatus) -> Result<()> {
    let mut tx = app.store.write().await?;
    let before = load(&mut tx, actor, id, true).await?;
    store::meeting::set_status(&mut tx, id, s).await?;
    crate::audit::write(
        &mut tx,
        actor,
        crate::audit::Entry::new(
            AuditEvent::MeetingUpdated,
            id,
            format!("status {} → {}", before.status, s),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Invites organisations (`role` = invited or co-host), or removes them (`None`).
pub async fn set_orgs(app: &App, actor: &Actor, id: i64, org_ids: &[i64], role: Option<OrgRole>) -> Result<()> {
    if role.is_some_and(|r| !r.is_guest()) {
        return Err(Invalid::one("role", "choice.unknown").into());
    }
    let mut tx = app.store.write().await?;
    load(&mut tx, actor, id, true).await?;
    let before: Vec<i64> = store::meeting::orgs(&mut tx, id)
        .await?
        .iter()
        .filter(|o| o.role.is_guest())
        .map(|o| o.org_id)
        .collect();
    let mut newly = Vec::new();
    for o in org_ids {
        let org = load_org(&mut tx, actor, *o, "org_id").await?;
        match role {
            None => store::meeting::remove_org(&mut tx, id, org.id).await?,
            Some(role) => {
                store::meeting::set_org(&mut tx, id, org.id, role).await?;
                if !before.contains(&org.id) && !newly.contains(&org.id) {
                    newly.push(org.id);
                }
            }
        }
    }
    let queued = crate::notice::mail_invitations(app, &mut tx, id, &newly).await?;
    crate::audit::write(
        &mut tx,
        actor,
        crate::audit::Entry::new(
            AuditEvent::MeetingOrgsUpdated,
            id,
            format!(
                "{} organisations set to {}",
                org_ids.len(),
                role.map_or("none", OrgRole::as_str)
            ),
        )
        .after(Some(json(&org_ids))),
    )
    .await?;
    tx.commit().await?;
    crate::notice::mail_sent(app, queued);
    Ok(())
}

/// An invited organisation answers the invitation (RSVP is optional); the account must
/// answer for it ([`domain::access::answers_for`]).
pub async fn rsvp(app: &App, actor: &Actor, id: i64, org_id: i64, answer: Rsvp) -> Result<()> {
    let mut tx = app.store.write().await?;
    load(&mut tx, actor, id, false).await?;
    let org = load_org(&mut tx, actor, org_id, "org_id").await?;
    write_org(actor, &org)?;
    if !domain::access::answers_for(actor, org_id) {
        return Err(AppError::Forbidden);
    }
    store::meeting::set_rsvp(&mut tx, id, org_id, answer).await?;
    crate::audit::write(
        &mut tx,
        actor,
        crate::audit::Entry::new(
            AuditEvent::MeetingRsvpUpdated,
            id,
            format!("{} answered {answer}", org.name),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

pub async fn add_agenda_item(app: &App, actor: &Actor, id: i64, title: &str) -> Result<i64> {
    let title = domain::error::required_text(title, 300).map_err(|c| Invalid::one("title", c))?;
    let mut tx = app.store.write().await?;
    load(&mut tx, actor, id, true).await?;
    let item = store::meeting::insert_agenda_item(&mut tx, id, &title).await?;
    crate::audit::write(
        &mut tx,
        actor,
        crate::audit::Entry::new(AuditEvent::AgendaItemCreated, item, format!("agenda: {title}")),
    )
    .await?;
    tx.commit().await?;
    Ok(item)
}

/// Records the minutes of an agenda item: findings and decisions.
pub async fn set_minutes(
    app: &App,
    actor: &Actor,
    id: i64,
    item_id: i64,
    findings: &str,
    decisions: &str,
) -> Result<()> {
    let mut tx = app.store.write().await?;
    load(&mut tx, actor, id, true).await?;
    let mut inv = Invalid::new();
    let f = inv.check("findings", domain::error::optional_text(findings, 10_000));
    let d = inv.check("decisions", domain::error::optional_text(decisions, 10_000));
    inv.into_result()?;
    let items = store::meeting::agenda(&mut tx, id).await?;
    let before = items
        .iter()
        .find(|i| i.id == item_id)
        .ok_or(AppError::NotFound)?
        .clone();
    let (f, d) = (f.flatten(), d.flatten());
    store::meeting::update_minutes(&mut tx, item_id, f.as_deref(), d.as_deref()).await?;
    crate::audit::write(
        &mut tx,
        actor,
        crate::audit::Entry::new(
            AuditEvent::MinutesUpdated,
            item_id,
            format!("minutes of \"{}\"", before.title),
        )
        .before(Some(json(&before)))
        .after(Some(serde_json::json!({"findings": f, "decisions": d}))),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// An organisation an attendance line may count for, with what the preview shows of it.
#[derive(Debug, Clone, Serialize)]
pub struct OrgChoice {
    pub id: i64,
    pub name: String,
    /// Where it is, to tell two of one name apart: "Kantor Camat Air Hitam" for a desa,
    /// the region's name otherwise.
    pub place: String,
    pub sector: Sector,
    pub in_meeting: bool,
    #[serde(skip)]
    candidate: domain::meeting::OrgCandidate,
}

/// The organisations of the meeting (first) and those registered in the actor's area.
async fn org_choices(tx: &mut store::Tx, actor: &Actor, orgs: &[MeetingOrg]) -> Result<Vec<OrgChoice>> {
    let visible = store::org::all(
        tx,
        &actor.area,
        &store::org::OrgFilter {
            limit: 2000,
            ..Default::default()
        },
    )
    .await?;
    let mut out: Vec<OrgChoice> = Vec::new();
    for o in orgs {
        let place = visible
            .iter()
            .find(|v| v.id == o.org_id)
            .map(place_of)
            .unwrap_or_default();
        out.push(OrgChoice {
            id: o.org_id,
            name: o.name.clone(),
            place,
            sector: o.sector,
            in_meeting: true,
            candidate: domain::meeting::OrgCandidate {
                id: o.org_id,
                name: o.name.clone(),
                kind: o.kind,
                region_code: o.region_code.clone(),
                in_meeting: true,
            },
        });
    }
    for o in visible.iter().filter(|o| o.active) {
        if out.iter().any(|c| c.id == o.id) {
            continue;
        }
        out.push(OrgChoice {
            id: o.id,
            name: o.name.clone(),
            place: place_of(o),
            sector: o.sector,
            in_meeting: false,
            candidate: domain::meeting::OrgCandidate {
                id: o.id,
                name: o.name.clone(),
                kind: o.kind,
                region_code: o.region_code.clone(),
                in_meeting: false,
            },
        });
    }
    Ok(out)
}

fn place_of(o: &Org) -> String {
    match (o.kind, &o.parent_name, &o.region_name) {
        (domain::org::OrgKind::VillageGovernment, Some(p), _) => p.clone(),
        (_, _, Some(r)) => r.clone(),
        (_, Some(p), None) => p.clone(),
        _ => o.region_code.clone(),
    }
}

/// One quick-attendance line as the preview shows it: the organisation it will count for,
/// or the choices when the line is ambiguous.
#[derive(Debug, Clone)]
pub struct LinePreview {
    pub line: domain::meeting::AttendanceLine,
    /// What the line will be recorded under unless the user chooses otherwise; `None` when
    /// the user must choose.
    pub choice: Option<domain::meeting::LineChoice>,
    /// The organisations that fit an ambiguous line equally.
    pub ambiguous: Vec<OrgChoice>,
}

/// The quick attendance read but not stored: every line with its match, the meeting's
/// organisations to choose from instead.
#[derive(Debug, Clone)]
pub struct AttendancePreview {
    pub lines: Vec<LinePreview>,
    pub meeting_orgs: Vec<OrgChoice>,
    /// The names of the organisations the lines matched (by id), for the labels.
    pub matched: Vec<OrgChoice>,
}

impl AttendancePreview {
    pub fn name_of(&self, id: i64) -> Option<&OrgChoice> {
        self.matched.iter().chain(self.meeting_orgs.iter()).find(|c| c.id == id)
    }
}

fn default_choice(m: &domain::meeting::OrgMatch) -> Option<domain::meeting::LineChoice> {
    use domain::meeting::{LineChoice, OrgMatch};
    match m {
        OrgMatch::Org(id) => Some(LineChoice::Org(*id)),
        OrgMatch::Personal(p) => Some(LineChoice::Personal(*p)),
        OrgMatch::Unknown => Some(LineChoice::AsTyped),
        OrgMatch::Ambiguous(_) => None,
    }
}

/// Reads the quick attendance and shows, line by line, the organisation each will be counted
/// for (`domain::meeting::match_org`), without storing anything.
pub async fn preview_attendance(app: &App, actor: &Actor, id: i64, text: &str) -> Result<AttendancePreview> {
    let mut tx = app.store.read().await?;
    let m = load(&mut tx, actor, id, true).await?;
    let orgs = store::meeting::orgs(&mut tx, id).await?;
    let parsed = parse_attendance_lines(text)?;
    let choices = org_choices(&mut tx, actor, &orgs).await?;
    let candidates: Vec<domain::meeting::OrgCandidate> = choices.iter().map(|c| c.candidate.clone()).collect();
    let mut lines = Vec::new();
    let mut matched: Vec<OrgChoice> = Vec::new();
    for line in parsed {
        let found = domain::meeting::match_org(&line.org, &candidates, &m.region_code);
        let ambiguous: Vec<OrgChoice> = match &found {
            domain::meeting::OrgMatch::Ambiguous(ids) => ids
                .iter()
                .filter_map(|i| choices.iter().find(|c| c.id == *i).cloned())
                .collect(),
            _ => Vec::new(),
        };
        if let domain::meeting::OrgMatch::Org(o) = found
            && let Some(c) = choices.iter().find(|c| c.id == o)
            && !matched.iter().any(|x| x.id == o)
        {
            matched.push(c.clone());
        }
        for c in &ambiguous {
            if !matched.iter().any(|x| x.id == c.id) {
                matched.push(c.clone());
            }
        }
        lines.push(LinePreview {
            choice: default_choice(&found),
            line,
            ambiguous,
        });
    }
    Ok(AttendancePreview {
        lines,
        meeting_orgs: choices.into_iter().filter(|c| c.in_meeting).collect(),
        matched,
    })
}

/// Records attendees: known people or walk-ins (single form), or many at once, one per line
/// (`name; organisation; position`). Each line's organisation is matched among the meeting's
/// and the registered ones (`domain::meeting::match_org`) unless `choices` holds the user's
/// answer for that line (by line number, from the preview); a line that stays ambiguous is
/// refused, naming it. All or nothing. Changing the attendance of a held meeting is audited
/// like any other write.
pub async fn add_attendees(
    app: &App,
    actor: &Actor,
    id: i64,
    single: Option<&AttendeeInput>,
    lines: Option<&str>,
    choices: &[(usize, domain::meeting::LineChoice)],
) -> Result<usize> {
    use domain::meeting::LineChoice;
    let mut tx = app.store.write().await?;
    let m = load(&mut tx, actor, id, true).await?;
    let orgs = store::meeting::orgs(&mut tx, id).await?;
    let mut rows = Vec::new();
    if let Some(f) = single {
        let a = f.clone().check()?;
        let (name, org_name, sector) = resolve(&mut tx, actor, &a).await?;
        rows.push((domain::meeting::AttendeeInput { name, ..a }, org_name, sector));
    }
    if let Some(text) = lines {
        let parsed = parse_attendance_lines(text)?;
        let known = org_choices(&mut tx, actor, &orgs).await?;
        let candidates: Vec<domain::meeting::OrgCandidate> = known.iter().map(|c| c.candidate.clone()).collect();
        let mut inv = Invalid::new();
        for l in parsed {
            let chosen = match choices.iter().find(|(n, _)| *n == l.line) {
                Some((_, c)) => Some(*c),
                None => default_choice(&domain::meeting::match_org(&l.org, &candidates, &m.region_code)),
            };
            let (org_id, org_name, sector) = match chosen {
                None => {
                    inv.add_detail(
                        "lines",
                        "attendance.ambiguous",
                        format!("{}: {}; {}", l.line, l.name, l.org),
                    );
                    continue;
                }
                // Only an organisation the actor may see (the meeting's, or of its area).
                Some(LineChoice::Org(o)) => match known.iter().find(|c| c.id == o) {
                    Some(c) => (Some(c.id), c.name.clone(), c.sector),
                    None => {
                        inv.add_detail("lines", "org.unknown", format!("{}: {}; {}", l.line, l.name, l.org));
                        continue;
                    }
                },
                Some(LineChoice::Personal(p)) => (None, p.label().to_string(), Sector::Personal),
                Some(LineChoice::AsTyped) => (None, l.org.clone(), Sector::Other),
            };
            rows.push((
                domain::meeting::AttendeeInput {
                    person_id: None,
                    name: l.name,
                    org_id,
                    org_name: Some(org_name.clone()),
                    position: l.position,
                },
                org_name,
                sector,
            ));
        }
        inv.into_result()?;
    }
    if rows.is_empty() {
        return Err(Invalid::one("name", "required").into());
    }
    store::meeting::insert_attendees(&mut tx, id, &rows).await?;
    let mut walk_ins: Vec<i64> = Vec::new();
    for (a, _, _) in &rows {
        if let Some(o) = a.org_id
            && !orgs.iter().any(|x| x.org_id == o)
            && !walk_ins.contains(&o)
        {
            store::meeting::set_org(&mut tx, id, o, OrgRole::WalkIn).await?;
            walk_ins.push(o);
        }
    }
    let names: Vec<serde_json::Value> = rows
        .iter()
        .map(|r| serde_json::json!({"name": r.0.name, "org": r.1, "org_id": r.0.org_id}))
        .collect();
    crate::audit::write(
        &mut tx,
        actor,
        crate::audit::Entry::new(
            AuditEvent::AttendanceCreated,
            id,
            format!("{} attendees recorded for {} ({})", rows.len(), m.title, m.status),
        )
        .after(Some(json(&names))),
    )
    .await?;
    tx.commit().await?;
    Ok(rows.len())
}

/// Fills in name, organisation name and sector of an attendee from the records.
async fn resolve(
    tx: &mut store::Tx,
    actor: &Actor,
    a: &domain::meeting::AttendeeInput,
) -> Result<(String, String, Sector)> {
    let mut name = a.name.clone();
    if let Some(pid) = a.person_id {
        // A person outside the actor's area reads as unknown: their name is not filled in,
        // and the answer does not tell that they exist.
        let p = match store::person::get(tx, pid).await? {
            Some(p) if store::person::visible(tx, &actor.area, pid).await? => p,
            _ => return Err(Invalid::one("person_id", "person.unknown").into()),
        };
        if name.is_empty() {
            name = p.name;
        }
    }
    match a.org_id {
        Some(oid) => {
            let o = load_org(tx, actor, oid, "org_id").await?;
            Ok((name, o.name, o.sector))
        }
        None => Ok((name, a.org_name.clone().unwrap_or_default(), Sector::Other)),
    }
}

pub async fn remove_attendee(app: &App, actor: &Actor, id: i64, attendee_id: i64) -> Result<()> {
    let mut tx = app.store.write().await?;
    let m = load(&mut tx, actor, id, true).await?;
    let before = store::meeting::delete_attendee(&mut tx, id, attendee_id)
        .await?
        .ok_or(AppError::NotFound)?;
    crate::audit::write(
        &mut tx,
        actor,
        crate::audit::Entry::new(
            AuditEvent::AttendanceDeleted,
            attendee_id,
            format!(
                "{} removed from the attendance of {} ({})",
                before.name, m.title, m.status
            ),
        )
        .before(Some(json(&before))),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Records an agreement reached (kesepakatan) and the organisations that signed it.
pub async fn add_agreement(app: &App, actor: &Actor, id: i64, text: &str, org_ids: &[i64]) -> Result<i64> {
    let text = domain::error::required_text(text, 4000).map_err(|c| Invalid::one("text", c))?;
    let mut tx = app.store.write().await?;
    load(&mut tx, actor, id, true).await?;
    for o in org_ids {
        load_org(&mut tx, actor, *o, "org_ids").await?;
    }
    let aid = store::meeting::insert_agreement(&mut tx, id, &text, org_ids).await?;
    crate::audit::write(
        &mut tx,
        actor,
        crate::audit::Entry::new(AuditEvent::AgreementReachedCreated, aid, format!("kesepakatan: {text}"))
            .after(Some(json(&org_ids))),
    )
    .await?;
    tx.commit().await?;
    Ok(aid)
}

/// Counts of attendees by a key (organisation or sector), largest first.
#[derive(Debug, Clone, Serialize)]
pub struct Count {
    pub key: String,
    pub n: usize,
}

fn counts_by(rows: &[Attendee], key: impl Fn(&Attendee) -> String) -> Vec<Count> {
    let mut m: Vec<Count> = Vec::new();
    for r in rows {
        let k = key(r);
        match m.iter_mut().find(|c| c.key == k) {
            Some(c) => c.n += 1,
            None => m.push(Count { key: k, n: 1 }),
        }
    }
    m.sort_by(|a, b| b.n.cmp(&a.n).then(a.key.cmp(&b.key)));
    m
}

/// Everything the meeting page, the printable pages and `GET /meetings/{id}` show.
#[derive(Debug, Clone, Serialize)]
pub struct MeetingView {
    pub meeting: Meeting,
    pub editable: bool,
    pub orgs: Vec<MeetingOrg>,
    pub absent: Vec<MeetingOrg>,
    pub agenda: Vec<AgendaItem>,
    pub attendance: Vec<Attendee>,
    pub by_org: Vec<Count>,
    pub by_sector: Vec<Count>,
    pub problems: Vec<ProblemView>,
    pub actions: Vec<ActionView>,
    /// The actions of earlier meetings of the same forum, per meeting (newest first), in
    /// their current state: finished since the previous meeting (or not yet confirmed), still
    /// open (overdue first), dropped since the previous meeting.
    pub review: Vec<ReviewGroup>,
    pub agreements: Vec<(AgreementReached, Vec<String>)>,
    pub files: Vec<FileInfo>,
    /// People invited by name.
    pub people: Vec<store::meeting::InvitedPerson>,
}

/// The actions of one earlier meeting in the review of a later one.
#[derive(Debug, Clone, Serialize)]
pub struct ReviewGroup {
    pub meeting_id: i64,
    pub title: String,
    pub held_on: NaiveDate,
    /// Done since the previous meeting of the forum, or done and not yet confirmed by the host.
    pub finished: Vec<ActionView>,
    /// Planned or in progress, overdue first.
    pub open: Vec<ActionView>,
    /// Cancelled since the previous meeting.
    pub dropped: Vec<ActionView>,
}

/// The review that opens a meeting of a forum: the actions of its earlier meetings still
/// open, finished or dropped since the previous one, grouped by the meeting that agreed them.
async fn review(tx: &mut store::Tx, clock: crate::Clock, actor: &Actor, m: &Meeting) -> Result<Vec<ReviewGroup>> {
    let Some(forum) = m.forum_id else {
        return Ok(Vec::new());
    };
    let Some(previous) = store::meeting::earlier_in_forum(tx, forum, m.held_on, m.id)
        .await?
        .into_iter()
        .next()
    else {
        return Ok(Vec::new());
    };
    let previous = store::meeting::get(tx, previous).await?.ok_or(AppError::NotFound)?;
    // The start of the previous meeting's day in the meeting's own time zone.
    let since = previous.held_on.and_time(chrono::NaiveTime::MIN).and_utc()
        - chrono::Duration::hours(i64::from(domain::action::utc_offset_hours(&m.region_code)));
    let list = store::action::list(
        tx,
        &domain::access::Area::All,
        &store::action::ActionFilter {
            forum_before: Some((forum, m.held_on, m.id)),
            review_since: Some(since),
            ..Default::default()
        },
    )
    .await?;
    let mut groups: Vec<ReviewGroup> = Vec::new();
    for v in crate::action::views(tx, clock, actor, list).await? {
        let a = &v.action;
        let i = match groups.iter().position(|g| g.meeting_id == a.meeting_id) {
            Some(i) => i,
            None => {
                groups.push(ReviewGroup {
                    meeting_id: a.meeting_id,
                    title: a.meeting_title.clone(),
                    held_on: a.meeting_held_on,
                    finished: Vec::new(),
                    open: Vec::new(),
                    dropped: Vec::new(),
                });
                groups.len() - 1
            }
        };
        let g = &mut groups[i];
        match a.status {
            ActionStatus::Done => g.finished.push(v),
            ActionStatus::Cancelled => g.dropped.push(v),
            ActionStatus::Planned | ActionStatus::InProgress => g.open.push(v),
        }
    }
    for g in &mut groups {
        // Stable: within each kind, the list's order (due date) stays.
        g.open.sort_by_key(|v| std::cmp::Reverse(v.overdue));
    }
    groups.sort_by(|a, b| b.held_on.cmp(&a.held_on).then(b.meeting_id.cmp(&a.meeting_id)));
    Ok(groups)
}

/// A meeting's agenda (what a home page shows of the next Lokmin), without the rest of its
/// page.
pub async fn agenda(app: &App, actor: &Actor, id: i64) -> Result<Vec<AgendaItem>> {
    let mut tx = app.store.read().await?;
    load(&mut tx, actor, id, false).await?;
    Ok(store::meeting::agenda(&mut tx, id).await?)
}

/// The actor's organisation's answer to each of `meetings` it may see (`None`: not
/// answered, or not invited), in order: a partner's home page.
pub async fn answers(app: &App, actor: &Actor, meetings: &[i64]) -> Result<Vec<Option<Rsvp>>> {
    let mut tx = app.store.read().await?;
    let mut out = Vec::with_capacity(meetings.len());
    for id in meetings {
        if load(&mut tx, actor, *id, false).await.is_err() {
            out.push(None);
            continue;
        }
        let orgs = store::meeting::orgs(&mut tx, *id).await?;
        out.push(
            orgs.iter()
                .find(|o| domain::access::answers_for(actor, o.org_id))
                .and_then(|o| o.rsvp),
        );
    }
    Ok(out)
}

pub async fn view(app: &App, actor: &Actor, id: i64) -> Result<MeetingView> {
    let mut tx = app.store.read().await?;
    let meeting = load(&mut tx, actor, id, false).await?;
    let editable = may_edit(&mut tx, actor, &meeting).await?;
    let orgs = store::meeting::orgs(&mut tx, id).await?;
    let absent = orgs
        .iter()
        .filter(|o| o.role.is_guest() && o.present == 0)
        .cloned()
        .collect();
    let agenda = store::meeting::agenda(&mut tx, id).await?;
    let attendance = store::meeting::attendance(&mut tx, id).await?;
    // People who came for themselves are counted by sector, not as organisations.
    let of_orgs: Vec<Attendee> = attendance
        .iter()
        .filter(|a| a.sector != Sector::Personal)
        .cloned()
        .collect();
    let by_org = counts_by(&of_orgs, |a| a.org_name.clone());
    let by_sector = counts_by(&attendance, |a| a.sector.to_string());
    let problems = crate::problem::views(&mut tx, id).await?;
    let actions = store::action::list(
        &mut tx,
        &domain::access::Area::All,
        &store::action::ActionFilter {
            meeting_id: Some(id),
            ..Default::default()
        },
    )
    .await?;
    let actions = crate::action::views(&mut tx, app.clock(), actor, actions).await?;
    let review = review(&mut tx, app.clock(), actor, &meeting).await?;
    let sigs = store::meeting::agreement_signatories(&mut tx, id).await?;
    let agreements = store::meeting::agreements(&mut tx, id)
        .await?
        .into_iter()
        .map(|a| {
            let names = sigs.iter().filter(|s| s.0 == a.id).map(|s| s.2.clone()).collect();
            (a, names)
        })
        .collect();
    let files = store::action::meeting_files(&mut tx, id).await?;
    let people = store::meeting::invited_people(&mut tx, id).await?;
    Ok(MeetingView {
        people,
        meeting,
        editable,
        orgs,
        absent,
        agenda,
        attendance,
        by_org,
        by_sector,
        problems,
        actions,
        review,
        agreements,
        files,
    })
}

/// Who signs a meeting's documents for one organisation: the person who attended for it
/// (with the position written on the attendance list), else its current head as recorded in
/// its positions; neither when nothing is recorded.
#[derive(Debug, Clone, Serialize)]
pub struct Signer {
    pub org_id: i64,
    pub org_name: String,
    pub name: Option<String>,
    /// The position as written on the attendance list or given with the recorded position.
    pub title: Option<String>,
    /// The kind of the recorded position (`head`, `camat`, …) when the signer comes from the
    /// positions and no title was given.
    pub kind: Option<domain::person::PositionKind>,
}

/// The signers of a meeting's documents: the host (its head, for letters sent in its name)
/// and every organisation that signed one of its agreements (by sector and name). Readable by
/// whoever reads the meeting.
pub struct Signers {
    /// The host's code (for a letter number), when it has one.
    pub host_code: Option<String>,
    /// The host's head from its positions (the attendance list does not decide who signs an
    /// invitation sent before the meeting).
    pub host: Signer,
    /// The organisations that signed the meeting's agreements.
    pub parties: Vec<Signer>,
}

/// The kinds of position that lead an organisation, in the order they are preferred.
const HEAD_KINDS: [domain::person::PositionKind; 6] = {
    use domain::person::PositionKind::*;
    [Head, Camat, KepalaDesa, Kapolsek, Danramil, Chair]
};

async fn head_of(tx: &mut store::Tx, org_id: i64, org_name: &str) -> Result<Signer> {
    let positions = store::person::positions_at(tx, org_id).await?;
    let head = HEAD_KINDS
        .iter()
        .find_map(|k| positions.iter().find(|p| p.kind == *k && p.ended_on.is_none()));
    Ok(Signer {
        org_id,
        org_name: org_name.to_string(),
        name: head.map(|p| p.person_name.clone()),
        title: head.and_then(|p| p.title.clone()),
        kind: head.filter(|p| p.title.is_none()).map(|p| p.kind),
    })
}

pub async fn signers(app: &App, actor: &Actor, id: i64) -> Result<Signers> {
    let mut tx = app.store.read().await?;
    let meeting = load(&mut tx, actor, id, false).await?;
    let host_code = store::org::get(&mut tx, meeting.host_org_id)
        .await?
        .and_then(|o| o.code);
    let host = head_of(&mut tx, meeting.host_org_id, &meeting.host_name).await?;
    let attendance = store::meeting::attendance(&mut tx, id).await?;
    let mut parties: Vec<Signer> = Vec::new();
    for (_, org_id, org_name) in store::meeting::agreement_signatories(&mut tx, id).await? {
        if parties.iter().any(|p| p.org_id == org_id) {
            continue;
        }
        // Whoever attended for the organisation signs; one with a position written first.
        let present = attendance
            .iter()
            .filter(|a| a.org_id == Some(org_id))
            .min_by_key(|a| a.position.is_none());
        parties.push(match present {
            Some(a) => Signer {
                org_id,
                org_name,
                name: Some(a.name.clone()),
                title: a.position.clone(),
                kind: None,
            },
            None => head_of(&mut tx, org_id, &org_name).await?,
        });
    }
    Ok(Signers {
        host_code,
        host,
        parties,
    })
}

/// Upcoming meetings of the actor's area seen on day `from`: later ones, and that day's
/// meetings not held yet (one held today is past).
pub async fn upcoming(app: &App, actor: &Actor, from: NaiveDate, limit: i64) -> Result<Vec<Meeting>> {
    let mut tx = app.store.read().await?;
    Ok(store::meeting::all(
        &mut tx,
        &actor.area,
        &MeetingFilter {
            side: Some((store::meeting::Side::Upcoming, from)),
            limit,
            ..Default::default()
        },
    )
    .await?)
}

/// Invites people by name (e.g. the kepala desa, the Bhabinkamtibmas of a desa). Each must be
/// a person the actor can see.
pub async fn invite_people(app: &App, actor: &Actor, id: i64, person_ids: &[i64]) -> Result<()> {
    let mut tx = app.store.write().await?;
    let m = load(&mut tx, actor, id, true).await?;
    let mut names = Vec::new();
    for p in person_ids {
        let person = store::person::get(&mut tx, *p)
            .await?
            .ok_or_else(|| Invalid::one("person_ids", "person.unknown"))?;
        if !store::person::visible(&mut tx, &actor.area, *p).await? {
            return Err(Invalid::one("person_ids", "person.unknown").into());
        }
        store::meeting::invite_person(&mut tx, id, *p).await?;
        names.push(person.name);
    }
    crate::audit::write(
        &mut tx,
        actor,
        crate::audit::Entry::new(
            AuditEvent::MeetingPeopleUpdated,
            id,
            format!("{} people invited to {}", names.len(), m.title),
        )
        .after(Some(json(&names))),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// People who hold a position in the meeting's organisations: the candidates to invite by name.
pub async fn people_to_invite(app: &App, actor: &Actor, id: i64) -> Result<Vec<(i64, String, String)>> {
    let mut tx = app.store.read().await?;
    load(&mut tx, actor, id, true).await?;
    let orgs: Vec<i64> = store::meeting::orgs(&mut tx, id)
        .await?
        .into_iter()
        .map(|o| o.org_id)
        .collect();
    let invited: Vec<i64> = store::meeting::invited_people(&mut tx, id)
        .await?
        .into_iter()
        .map(|p| p.person_id)
        .collect();
    Ok(store::person::current_holders(&mut tx, &orgs)
        .await?
        .into_iter()
        .filter(|p| !invited.contains(&p.0))
        .collect())
}
