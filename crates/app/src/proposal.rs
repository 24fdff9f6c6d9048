//! What a Lokmin gets from coverage monitoring: the PWS summary of the month before it (per
//! indicator: the Puskesmas's figure and how many desa are in each status, Jelek first) and
//! the **proposed problems** — every (indicator, desa) that is Jelek (Cukup too, when the
//! setting says so), not already a problem of this meeting, not under an open action and not
//! dismissed here. The host accepts a proposal into a problem linked to the indicator and the
//! desa with its numbers written in, or dismisses it with a reason.

use crate::audit::Entry;
use crate::coverage::{PwsLine, Reads, codes_in_force};
use crate::guard::load;
use crate::{App, Result};
use chrono::{Datelike, Months, NaiveDate};
use domain::Invalid;
use domain::access::{Act, Actor, Target, can};
use domain::audit::AuditEvent;
use domain::coverage::{PwsMonth, PwsStatus, Unit, first_of_month};
use domain::i18n::{RECORD_LANG, fill, month_year};
use domain::meeting::ForumKind;
use domain::org::OrgKind;
use domain::problem::{ProblemCategory, ProblemInput};
use serde::Serialize;
use std::collections::HashSet;
use store::coverage::{Dismissal, IndicatorRow, LinkedProblem};
use store::meeting::Meeting;
use store::org::Org;

/// The setting: propose Cukup desa (below the target but rising) as well as Jelek ones.
pub const PROPOSE_CUKUP: &str = "coverage_propose_cukup";

/// The month a Lokmin reviews: the last complete month before it is held.
pub fn review_period(held_on: NaiveDate) -> NaiveDate {
    first_of_month(held_on) - Months::new(1)
}

/// The month a Lokmin of `kind` reviews: a tribulanan the last quarter that ended before it
/// (read at the quarter's last month: the cumulative figures cover the quarter), a bulanan the
/// month before it.
pub fn review_period_of(kind: ForumKind, held_on: NaiveDate) -> NaiveDate {
    if kind != ForumKind::LokminTribulanan {
        return review_period(held_on);
    }
    match (held_on.month() - 1) / 3 * 3 {
        0 => NaiveDate::from_ymd_opt(held_on.year() - 1, 12, 1),
        m => NaiveDate::from_ymd_opt(held_on.year(), m, 1),
    }
    .unwrap_or(held_on)
}

/// The quarter (1–4) a month ends, for a tribulanan's title.
pub fn quarter_of(month: NaiveDate) -> u32 {
    (month.month() - 1) / 3 + 1
}

/// Opens a new Lokmin's agenda with "Capaian program {month} (PWS)" when its host is a
/// Puskesmas that has reported figures for the month under review (the meeting page shows
/// the figures and the proposals beside it).
pub(crate) async fn add_agenda_item(
    tx: &mut store::Tx,
    meeting_id: i64,
    kind: ForumKind,
    host: &Org,
    held_on: NaiveDate,
) -> Result<()> {
    if !matches!(kind, ForumKind::LokminBulanan | ForumKind::LokminTribulanan) || host.kind != OrgKind::Puskesmas {
        return Ok(());
    }
    let period = review_period_of(kind, held_on);
    if store::coverage::reports(tx, &[host.id], period, period)
        .await?
        .is_empty()
    {
        return Ok(());
    }
    let title = if kind == ForumKind::LokminTribulanan {
        fill(
            RECORD_LANG,
            "proposal.agenda_item_quarter",
            &[
                ("quarter", &quarter_of(period).to_string()),
                ("year", &period.year().to_string()),
            ],
        )
    } else {
        fill(
            RECORD_LANG,
            "proposal.agenda_item",
            &[("month", &month_year(RECORD_LANG, period.month(), period.year()))],
        )
    };
    store::meeting::insert_agenda_item(tx, meeting_id, &title).await?;
    Ok(())
}

/// One indicator of the summary.
#[derive(Debug, Clone, Serialize)]
pub struct IndicatorSummary {
    pub indicator: IndicatorRow,
    /// The Puskesmas's whole at the period.
    pub total: PwsMonth,
    pub target: Option<f64>,
    /// Desa per status at the period: Baik, Kurang, Cukup, Jelek.
    pub counts: [usize; 4],
    /// Names of the Jelek desa.
    pub jelek: Vec<String>,
}

/// One proposed problem.
#[derive(Debug, Clone, Serialize)]
pub struct Proposal {
    pub indicator: IndicatorRow,
    pub desa_code: String,
    pub desa_name: String,
    pub at: PwsMonth,
    pub previous: Option<PwsMonth>,
    pub target: Option<f64>,
    /// How far the desa is from the (cumulative) target, in percentage points on the wrong
    /// side: what orders the proposals.
    pub gap: f64,
}

/// Coverage as a meeting sees it.
#[derive(Debug, Clone, Serialize)]
pub struct MeetingCoverage {
    pub puskesmas: Org,
    pub period: NaiveDate,
    /// Indicators with figures at the period, those with Jelek desa first.
    pub summary: Vec<IndicatorSummary>,
    /// Jelek first, then Cukup; within each the furthest from the target first.
    pub proposals: Vec<Proposal>,
    pub dismissed: Vec<Dismissal>,
    /// Problems of this meeting raised from the PWS.
    pub accepted: Vec<LinkedProblem>,
    /// The actor may accept and dismiss (edits the meeting).
    pub can_edit: bool,
    /// A tribulanan: the quarter reviewed (1–4), and what the other sectors committed for
    /// the desa of the wilayah kerja (open, or finished since the quarter began).
    pub quarter: Option<u32>,
    pub commitments: Vec<store::coverage::SectorAction>,
}

/// The Puskesmas a Lokmin is about: its host (or co-host) Puskesmas.
async fn host_puskesmas(tx: &mut store::Tx, m: &Meeting) -> Result<Option<Org>> {
    if !matches!(m.kind, ForumKind::LokminBulanan | ForumKind::LokminTribulanan) {
        return Ok(None);
    }
    for o in store::meeting::orgs(tx, m.id).await? {
        if o.role.hosts()
            && let Some(org) = store::org::get(tx, o.org_id).await?
            && org.kind == OrgKind::Puskesmas
        {
            return Ok(Some(org));
        }
    }
    Ok(None)
}

fn status_index(s: PwsStatus) -> usize {
    match s {
        PwsStatus::Baik => 0,
        PwsStatus::Kurang => 1,
        PwsStatus::Cukup => 2,
        PwsStatus::Jelek => 3,
    }
}

struct Computed {
    puskesmas: Org,
    period: NaiveDate,
    summary: Vec<IndicatorSummary>,
    proposals: Vec<Proposal>,
    dismissed: Vec<Dismissal>,
    accepted: Vec<LinkedProblem>,
}

/// Everything about the meeting's coverage, for a reader of the meeting who also reads the
/// Puskesmas's figures; `None` for other meetings and other readers.
async fn compute_for(tx: &mut store::Tx, actor: &Actor, m: &Meeting) -> Result<Option<Computed>> {
    let Some(org) = host_puskesmas(tx, m).await? else {
        return Ok(None);
    };
    let target = Target::Org {
        id: org.id,
        region: &org.region_code,
    };
    if can(actor, Act::Read, target).is_err() {
        return Ok(None);
    }
    let period = review_period_of(m.kind, m.held_on);
    let (year, month) = (period.year(), period.month());
    let tetap = crate::coverage::settings_of(tx).await?.tetap;
    let cukup_too = store::setting::get(tx, PROPOSE_CUKUP).await?.as_deref() == Some("true");
    let desa = store::org::wilayah_kerja(tx, org.id).await?;
    let units: Vec<(String, String, i64, Vec<store::org::WkDesa>)> = desa
        .iter()
        .map(|d| (d.desa_code.clone(), d.desa_name.clone(), org.id, vec![d.clone()]))
        .collect();
    let codes: Vec<String> = desa.iter().map(|d| d.desa_code.clone()).collect();
    let all = store::coverage::indicators(tx).await?;
    let open: HashSet<(String, String)> = store::coverage::under_open_action(tx, &codes)
        .await?
        .into_iter()
        .collect();
    let accepted = store::coverage::linked_problems(tx, m.id).await?;
    let dismissed = store::coverage::dismissals(tx, m.id).await?;
    let taken: HashSet<(String, String)> = accepted
        .iter()
        .map(|p| (p.indicator_code.clone(), p.desa_code.clone()))
        .chain(
            dismissed
                .iter()
                .map(|d| (d.indicator_code.clone(), d.desa_code.clone())),
        )
        .chain(open)
        .collect();
    let mut summary = Vec::new();
    let mut proposals = Vec::new();
    let inds: Vec<&IndicatorRow> = codes_in_force(&all, period)
        .into_iter()
        .filter(|r| r.unit != Unit::Count)
        .collect();
    let reads = Reads::load(tx, &inds, &codes, &[org.id], year, month).await?;
    for ind in inds {
        let (lines, total) = reads.compute(ind, &units, tetap, Some(org.id), org.name.clone());
        let Some(at) = total.at(month).copied() else {
            continue;
        };
        if at.achieved.is_none() && at.cumulative.is_none() {
            continue;
        }
        let mut counts = [0usize; 4];
        let mut jelek = Vec::new();
        for l in &lines {
            let Some(here) = l.at(month) else { continue };
            let Some(st) = here.status else { continue };
            counts[status_index(st)] += 1;
            if st == PwsStatus::Jelek {
                jelek.push(l.name.clone());
            }
            let wanted = st == PwsStatus::Jelek || (cukup_too && st == PwsStatus::Cukup);
            if wanted && !taken.contains(&(ind.code.clone(), l.key.clone())) {
                proposals.push(proposal(ind, l, month));
            }
        }
        summary.push(IndicatorSummary {
            indicator: ind.clone(),
            total: at,
            target: total.target,
            counts,
            jelek,
        });
    }
    summary.sort_by(|a, b| {
        b.counts[3]
            .cmp(&a.counts[3])
            .then(a.indicator.code.cmp(&b.indicator.code))
    });
    proposals.sort_by_key(|p| {
        (
            p.at.status != Some(PwsStatus::Jelek),
            p.indicator.code.clone(),
            p.desa_name.clone(),
        )
    });
    Ok(Some(Computed {
        puskesmas: org,
        period,
        summary,
        proposals,
        dismissed,
        accepted,
    }))
}

fn proposal(ind: &IndicatorRow, l: &PwsLine, month: u32) -> Proposal {
    let at = l.months[month as usize - 1];
    let figure = if ind.sasaran.is_some() { at.cumulative } else { at.own };
    let gap = figure.map_or(0.0, |f| match ind.direction {
        domain::coverage::Direction::Higher => at.target - f,
        domain::coverage::Direction::Lower => f - at.target,
    });
    Proposal {
        gap,
        indicator: ind.clone(),
        desa_code: l.key.clone(),
        desa_name: l.name.clone(),
        at: l.months[month as usize - 1],
        previous: month.checked_sub(2).and_then(|i| l.months.get(i as usize)).copied(),
        target: l.target,
    }
}

/// The meeting's coverage summary and proposals (see the module), or `None` when the meeting
/// is not a Lokmin of a Puskesmas or the actor does not read that Puskesmas's figures.
pub async fn for_meeting(app: &App, actor: &Actor, meeting_id: i64) -> Result<Option<MeetingCoverage>> {
    let mut tx = app.store.read().await?;
    let m = load(&mut tx, actor, meeting_id, false).await?;
    let can_edit = crate::guard::may_edit(&mut tx, actor, &m).await?;
    let Some(c) = compute_for(&mut tx, actor, &m).await? else {
        return Ok(None);
    };
    let tribulanan = m.kind == ForumKind::LokminTribulanan;
    let commitments = if tribulanan {
        let desa: Vec<String> = store::org::wilayah_kerja(&mut tx, c.puskesmas.id)
            .await?
            .into_iter()
            .map(|d| d.desa_code)
            .collect();
        let began = (c.period - Months::new(2))
            .and_hms_opt(0, 0, 0)
            .unwrap_or_default()
            .and_utc();
        store::coverage::sector_actions(&mut tx, &desa, began).await?
    } else {
        Vec::new()
    };
    Ok(Some(MeetingCoverage {
        quarter: tribulanan.then(|| quarter_of(c.period)),
        commitments,
        puskesmas: c.puskesmas,
        period: c.period,
        summary: c.summary,
        proposals: c.proposals,
        dismissed: c.dismissed,
        accepted: c.accepted,
        can_edit,
    }))
}

fn pct(v: Option<f64>) -> String {
    v.map_or_else(|| "–".into(), |v| format!("{v:.1}").replace('.', ","))
}

/// The proposal of (indicator, desa) at this meeting, checked still proposed.
async fn proposed(
    tx: &mut store::Tx,
    actor: &Actor,
    m: &Meeting,
    code: &str,
    desa: &str,
) -> Result<(Proposal, NaiveDate)> {
    let Some(c) = compute_for(tx, actor, m).await? else {
        return Err(Invalid::one("proposal", "proposal.gone").into());
    };
    let code = code.trim().to_ascii_uppercase();
    c.proposals
        .into_iter()
        .find(|p| p.indicator.code == code && p.desa_code == desa.trim())
        .map(|p| (p, c.period))
        .ok_or_else(|| Invalid::one("proposal", "proposal.gone").into())
}

/// Accepts a proposal: a problem of the meeting ("cakupan program rendah") for the desa,
/// linked to the indicator and the month, its numbers written in. The meeting's editors
/// only; audited. The problem's id.
pub async fn accept(app: &App, actor: &Actor, meeting_id: i64, code: &str, desa: &str) -> Result<i64> {
    let mut tx = app.store.write().await?;
    let m = load(&mut tx, actor, meeting_id, true).await?;
    let (p, period) = proposed(&mut tx, actor, &m, code, desa).await?;
    let month = month_year(RECORD_LANG, period.month(), period.year());
    let status_key = format!("pws.status.{}", p.at.status.map_or("", |s| s.as_str()));
    let status = domain::i18n::text(RECORD_LANG, &status_key);
    let title = fill(
        RECORD_LANG,
        "proposal.problem_title",
        &[
            ("indicator", &p.indicator.name_id),
            ("desa", &p.desa_name),
            ("status", status),
        ],
    );
    let description = fill(
        RECORD_LANG,
        "proposal.problem_text",
        &[
            ("month", &month),
            ("cumulative", &pct(p.at.cumulative)),
            ("target", &pct(Some(p.at.target))),
            ("own", &pct(p.at.own)),
            ("previous", &pct(p.previous.and_then(|x| x.own))),
            ("code", &p.indicator.code),
        ],
    );
    let input = ProblemInput {
        title,
        description: Some(description),
        category: ProblemCategory::Coverage,
        raised_by_org_id: None,
        raised_by: None,
        region_code: Some(p.desa_code.clone()),
        indicator: Some(p.indicator.code.clone()),
        quantity: None,
    }
    .check()?;
    let id = store::problem::insert(&mut tx, meeting_id, &input).await?;
    store::coverage::link_problem(&mut tx, id, &p.indicator.code, period).await?;
    crate::audit::write(
        &mut tx,
        actor,
        Entry::new(
            AuditEvent::ProblemCreated,
            id,
            format!(
                "problem from the PWS: {} {} ({})",
                p.indicator.code,
                p.desa_name,
                period.format("%Y-%m")
            ),
        )
        .after(Some(serde_json::json!({
            "title": input.title, "indicator": p.indicator.code, "desa": p.desa_code,
            "period": period, "cumulative": p.at.cumulative, "target": p.at.target,
        }))),
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Dismisses a proposal with a reason (1–500 characters); the meeting's editors only;
/// audited. It is not proposed again at this meeting.
pub async fn dismiss(app: &App, actor: &Actor, meeting_id: i64, code: &str, desa: &str, reason: &str) -> Result<()> {
    let mut tx = app.store.write().await?;
    let m = load(&mut tx, actor, meeting_id, true).await?;
    let reason = domain::error::required_text(reason, 500).map_err(|c| Invalid::one("reason", c))?;
    let (p, period) = proposed(&mut tx, actor, &m, code, desa).await?;
    let d = Dismissal {
        meeting_id,
        indicator_code: p.indicator.code.clone(),
        desa_code: p.desa_code.clone(),
        period,
        reason,
        dismissed_by: Some(actor.username.clone()),
        dismissed_at: app.clock().now(),
    };
    store::coverage::dismiss(&mut tx, &d).await?;
    crate::audit::write(
        &mut tx,
        actor,
        Entry::new(
            AuditEvent::ProposalDismissed,
            meeting_id,
            format!(
                "PWS proposal {} {} dismissed: {}",
                p.indicator.code, p.desa_name, d.reason
            ),
        )
        .after(Some(serde_json::json!(d))),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
