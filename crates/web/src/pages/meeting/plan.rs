//! The meeting page's RPK section (a Lokmin of a Puskesmas): the activities of the RPK due in
//! the months under review — the month before the meeting, the three months before a
//! tribulanan — with what happened to each and the counts planned, done, not done, moved.
//! Also printed in the berita acara.

use super::*;
use crate::pages::coverage::plan::upaya_label;
use domain::plan::MonthStatus;

/// One activity due in a month under review.
pub(super) struct PlanLine {
    pub month: String,
    pub upaya: String,
    pub kegiatan: String,
    /// `done`, `not_done`, `moved` or `none`.
    pub status: &'static str,
    pub moved_to: String,
    pub reason: String,
}

/// The section as the page and the print show it.
pub(super) struct PlanSection {
    pub months: String,
    pub puskesmas: String,
    /// (label, link) of each RPK and of its month entry.
    pub links: Vec<(String, String)>,
    pub lines: Vec<PlanLine>,
    pub planned: usize,
    pub done: usize,
    pub not_done: usize,
    pub moved: usize,
    pub pending: usize,
    pub has_plan: bool,
}

pub(super) async fn section(st: &AppState, s: &SignedIn, id: i64) -> Result<Option<PlanSection>, PageError> {
    let Some(p) = app::plan::for_meeting(&st.app, &s.actor, id).await? else {
        return Ok(None);
    };
    let lang = s.visitor.lang;
    let label = |d: chrono::NaiveDate| i18n::month_year(lang, d.month(), d.year());
    let months = match (p.months.first(), p.months.last()) {
        (Some(a), Some(b)) if a != b => format!("{} – {}", label(*a), label(*b)),
        (Some(a), _) => label(*a),
        _ => String::new(),
    };
    let mut links = Vec::new();
    for (year, plan) in &p.plans {
        links.push((
            format!("{} {year}", i18n::text(lang, "plan.kind.rpk")),
            format!("/plans/{plan}"),
        ));
        if let Some(last) = p.months.iter().rev().find(|d| d.year() == *year) {
            links.push((
                format!("{} {}", i18n::text(lang, "plan.months_title"), label(*last)),
                format!("/plans/{plan}/months?month={}", last.month()),
            ));
        }
    }
    let lines = p
        .lines
        .iter()
        .map(|l| PlanLine {
            month: label(l.month),
            upaya: upaya_label(lang, l.due.upaya),
            kegiatan: l.due.activity.kegiatan.clone(),
            status: l.due.status.map_or("none", MonthStatus::as_str),
            moved_to: l
                .due
                .moved_to
                .map(|m| i18n::month_name(lang, m).to_string())
                .unwrap_or_default(),
            reason: l.due.reason.clone().unwrap_or_default(),
        })
        .collect();
    Ok(Some(PlanSection {
        months,
        puskesmas: p.puskesmas.name,
        has_plan: !p.plans.is_empty(),
        links,
        lines,
        planned: p.tally.planned,
        done: p.tally.done,
        not_done: p.tally.not_done,
        moved: p.tally.moved,
        pending: p.tally.pending,
    }))
}
