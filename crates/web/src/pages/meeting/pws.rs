//! The meeting page's coverage section (a Lokmin of a Puskesmas): the PWS summary of the
//! month under review and the proposed problems, accepted or dismissed with a reason.

use super::*;
use crate::format::pct;
use app::proposal::MeetingCoverage;
use domain::coverage::{PwsMonth, PwsStatus};

/// One indicator of the summary, formatted.
pub(super) struct SummaryRow {
    pub code: String,
    pub name: String,
    pub cumulative: String,
    pub target: String,
    pub status: Option<PwsStatus>,
    pub counts: [usize; 4],
    pub jelek: String,
    pub link: String,
}

/// One proposal, formatted.
pub(super) struct ProposalRow {
    pub code: String,
    pub name: String,
    pub desa_code: String,
    pub desa_name: String,
    pub cumulative: String,
    pub target: String,
    pub own: String,
    pub previous: String,
    pub status: Option<PwsStatus>,
}

/// Proposals shown at once; the rest wait behind "show all".
pub(super) const SHOWN: usize = 10;

/// What another sector committed for a desa, formatted (a tribulanan).
pub(super) struct CommitmentRow {
    pub id: i64,
    pub what: String,
    pub owner: String,
    pub sector: String,
    pub desa: String,
    pub status: String,
    pub due: String,
}

/// The section as the page shows it.
pub(super) struct PwsSection {
    /// The month reviewed, or for a tribulanan its quarter.
    pub month: String,
    pub tribulanan: bool,
    pub commitments: Vec<CommitmentRow>,
    pub puskesmas: String,
    pub pws_link: String,
    pub summary: Vec<SummaryRow>,
    pub proposals: Vec<ProposalRow>,
    /// The proposals beyond the first [`SHOWN`], behind "show all".
    pub more: Vec<ProposalRow>,
    pub dismissed: Vec<(String, String, String)>,
    pub accepted: Vec<(i64, String)>,
    pub can_edit: bool,
}

fn figure(m: &PwsMonth, monthly: bool) -> Option<f64> {
    if monthly { m.own } else { m.cumulative }
}

pub(super) async fn section(st: &AppState, s: &SignedIn, id: i64) -> Result<Option<PwsSection>, PageError> {
    let Some(c) = app::proposal::for_meeting(&st.app, &s.actor, id).await? else {
        return Ok(None);
    };
    let lang = s.visitor.lang;
    let MeetingCoverage {
        puskesmas,
        period,
        summary,
        proposals,
        dismissed,
        accepted,
        can_edit,
        quarter,
        commitments,
    } = c;
    let query = |code: &str| {
        format!(
            "/coverage/pws?indicator={code}&year={}&month={}&puskesmas={}",
            period.year(),
            period.month(),
            puskesmas.id
        )
    };
    let name = |r: &store::coverage::IndicatorRow| match lang {
        Lang::Id => r.name_id.clone(),
        Lang::En => r.name_en.clone(),
    };
    let summary = summary
        .into_iter()
        .map(|x| {
            let monthly = x.indicator.sasaran.is_none();
            SummaryRow {
                link: query(&x.indicator.code),
                code: x.indicator.code.clone(),
                name: name(&x.indicator),
                cumulative: pct(lang, figure(&x.total, monthly)),
                target: pct(lang, x.target.map(|_| x.total.target)),
                status: x.total.status,
                counts: x.counts,
                jelek: x.jelek.join(", "),
            }
        })
        .collect();
    let mut proposals: Vec<ProposalRow> = proposals
        .into_iter()
        .map(|p| {
            let monthly = p.indicator.sasaran.is_none();
            ProposalRow {
                code: p.indicator.code.clone(),
                name: name(&p.indicator),
                desa_code: p.desa_code,
                desa_name: p.desa_name,
                cumulative: pct(lang, figure(&p.at, monthly)),
                target: pct(lang, Some(p.at.target)),
                own: pct(lang, p.at.own),
                previous: pct(lang, p.previous.and_then(|x| x.own)),
                status: p.at.status,
            }
        })
        .collect();
    let more = proposals.split_off(SHOWN.min(proposals.len()));
    let month_label = crate::format::month_label(lang, period);
    let ctx = Ctx::new(&s.visitor);
    let commitments = commitments
        .into_iter()
        .map(|a| CommitmentRow {
            id: a.action_id,
            what: a.what,
            owner: a.owner_name,
            sector: ctx.tk("sector", a.owner_sector),
            desa: a.desa_name.unwrap_or(a.desa_code),
            status: ctx.tk("astatus", &a.status),
            due: a.due_on.map(|d| d.format("%d/%m/%Y").to_string()).unwrap_or_default(),
        })
        .collect();
    Ok(Some(PwsSection {
        more,
        tribulanan: quarter.is_some(),
        commitments,
        month: match quarter {
            Some(q) => crate::i18n::fill(
                lang,
                "mpws.quarter",
                &[
                    ("quarter", &q.to_string()),
                    ("year", &period.year().to_string()),
                    ("month", &month_label),
                ],
            ),
            None => month_label,
        },
        pws_link: format!(
            "/coverage/pws?year={}&month={}&puskesmas={}",
            period.year(),
            period.month(),
            puskesmas.id
        ),
        puskesmas: puskesmas.name,
        summary,
        proposals,
        dismissed: dismissed
            .into_iter()
            .map(|d| (d.indicator_code, d.desa_code, d.reason))
            .collect(),
        accepted: accepted.into_iter().map(|a| (a.problem_id, a.title)).collect(),
        can_edit,
    }))
}

#[derive(Deserialize, Default)]
pub struct ProposalForm {
    #[serde(default)]
    indicator: String,
    #[serde(default)]
    desa: String,
    #[serde(default)]
    reason: String,
}

/// Accepts a proposed problem into the meeting's problems.
pub async fn accept_proposal(
    State(st): State<AppState>,
    s: SignedIn,
    Path(id): Path<i64>,
    CsrfForm(f): CsrfForm<ProposalForm>,
) -> Result<Response, PageError> {
    let r = app::proposal::accept(&st.app, &s.actor, id, &f.indicator, &f.desa).await;
    let anchor = match &r {
        Ok(p) => format!("problem-{p}"),
        Err(_) => "pws".into(),
    };
    super::show::after(&st, &s, id, r, &anchor).await
}

/// Dismisses a proposed problem with a reason.
pub async fn dismiss_proposal(
    State(st): State<AppState>,
    s: SignedIn,
    Path(id): Path<i64>,
    CsrfForm(f): CsrfForm<ProposalForm>,
) -> Result<Response, PageError> {
    let r = app::proposal::dismiss(&st.app, &s.actor, id, &f.indicator, &f.desa, &f.reason).await;
    super::show::after(&st, &s, id, r, "pws").await
}
