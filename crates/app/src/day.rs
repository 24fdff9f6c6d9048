//! The Posyandu day: what a kader works from on the day of the session. The month's list of
//! the Posyandu's children under five in the order of the paper register (registration
//! order), each weighed this month or not yet, whether it was missed last month (O), its last
//! weight; the day's count (D so far of S, the nutrition report's own figures); the next
//! session from the Posyandu's schedule; after a weighing, what the result calls for and the
//! next child still to weigh; and the end of the day: the children still to visit and those
//! for counselling (meja 4) and referral (meja 5, the Puskesmas).
//!
//! Read by whoever reads the Posyandu's children by name (its kader, its Puskesmas, the
//! Dinkes …); refused (403) for a Posyandu outside the reader's area, like the Posyandu's own
//! page. Every list read leaves an audit row with its count, never a name.

use crate::nutrition::{reads_names, shown_nik};
use crate::{App, AppError, Result};
use chrono::NaiveDate;
use domain::access::{Act, Actor, Target, can};
use domain::audit::AuditEvent;
use domain::nutrition::{
    Concern, Tally, Trend, concerns, fold_name, month_end, month_of, previous_month, registered_in, trend,
};
use serde::Serialize;
use std::collections::HashMap;
use store::nutrition::{Child, Scope, StoredMeasurement};
use store::posyandu::Row;

/// Measurements read per child: this month's and last month's, the weighings before them for
/// N/T and 2T, and a length taken a few months back (as the follow-up list reads them).
const PER_CHILD: i64 = 8;

/// Digits of a NIK ending that the search accepts as one (fewer could be a house number).
pub const NIK_ENDING_MIN: usize = 4;

/// One child of the day's list.
#[derive(Debug, Clone, Serialize)]
pub struct DayRow {
    /// Its number in the register: the place in registration order in the whole month's
    /// list (kept when a search shows only some).
    pub no: usize,
    /// The child, NIK, mother's NIK and family card number as the reader may see them.
    pub child: Child,
    /// Age on the day the list is for (today, or the month's last day for an earlier month).
    pub age_days: i64,
    /// Its latest measurement of the month (the one the month's tally counts).
    pub measured: Option<StoredMeasurement>,
    /// Weighed this month (the latest measurement of the month has a weight: D counts it).
    pub weighed: bool,
    /// N/T/O/B of this month's weighing.
    pub trend: Option<Trend>,
    /// Weighed last month.
    pub weighed_last_month: bool,
    /// Weighed at all before this month.
    pub weighed_before: bool,
    /// The latest weighing up to the month's end: date and kg.
    pub last_weight: Option<(NaiveDate, f64)>,
    /// The latest measurement up to the month's end (weighed or measured only).
    pub latest: Option<StoredMeasurement>,
    /// What this month's result calls for (none when not measured this month).
    pub concerns: Vec<Concern>,
}

impl DayRow {
    /// Missed last month (O): weighed before, but not last month.
    pub fn absent_last_month(&self) -> bool {
        self.weighed_before && !self.weighed_last_month
    }
    /// Never weighed before this month (a newborn or a child who moved in).
    pub fn first_time(&self) -> bool {
        !self.weighed_before
    }
    /// This month's result calls for a referral.
    pub fn refer(&self) -> bool {
        self.concerns.iter().any(|c| c.refer())
    }
}

/// The day of a Posyandu for a month.
#[derive(Debug, Clone, Serialize)]
pub struct Day {
    pub posyandu: Row,
    /// First day of the month shown.
    pub month: NaiveDate,
    /// Today in the reader's time zone.
    pub today: NaiveDate,
    /// The month shown is this month.
    pub current: bool,
    /// The month's list in register order; with a search, the children it found.
    pub rows: Vec<DayRow>,
    /// Children in the month's list (before a search).
    pub listed: usize,
    /// The month's S, K, D, N … as the nutrition report has them (the stored tally of the
    /// Posyandu); counted from the list when no tally is stored for the month yet.
    pub tally: Tally,
    /// The tally was counted from the list (nothing stored for the month yet).
    pub counted: bool,
    /// The next session from the Posyandu's schedule (its day of the month), if it has one.
    pub next_session: Option<NaiveDate>,
    /// The reader may set the schedule (writes for the Posyandu).
    pub can_edit: bool,
}

impl Day {
    /// The children not weighed this month, in register order (to visit at home).
    pub fn not_weighed(&self) -> impl Iterator<Item = &DayRow> {
        self.rows.iter().filter(|r| !r.weighed)
    }
    /// The children whose result this month calls for counselling or referral.
    pub fn with_concerns(&self) -> impl Iterator<Item = &DayRow> {
        self.rows.iter().filter(|r| !r.concerns.is_empty())
    }
}

/// What a search typed on the day's list finds: a NIK ending (at least
/// [`NIK_ENDING_MIN`] digits) of the child or its mother, or else every word of the child's
/// or the mother's name (as the children list searches).
pub fn matches(q: &str, c: &Child) -> bool {
    let q = q.trim();
    if q.is_empty() {
        return true;
    }
    let digits: String = q.chars().filter(|ch| !ch.is_whitespace()).collect();
    if digits.len() >= NIK_ENDING_MIN && digits.chars().all(|ch| ch.is_ascii_digit()) {
        let ends = |n: &Option<String>| n.as_deref().is_some_and(|n| n.ends_with(&digits));
        return ends(&c.nik) || ends(&c.mother_nik);
    }
    let words = fold_name(q);
    if words.is_empty() {
        // Only signs (an emoji, "%", "_"): nothing is named by them.
        return false;
    }
    let name = fold_name(&c.name);
    let mother = c.mother_name.as_deref().map(fold_name).unwrap_or_default();
    words
        .split_whitespace()
        .take(5)
        .all(|w| name.contains(w) || mother.contains(w))
}

/// Loads a Posyandu whose children the actor reads by name: 404 when there is no such
/// Posyandu, 403 outside the actor's area or for a role that sees figures only.
async fn readable(tx: &mut store::Tx, actor: &Actor, id: i64) -> Result<Row> {
    let p = store::posyandu::get(tx, id).await?.ok_or(AppError::NotFound)?;
    can(
        actor,
        Act::Read,
        Target::Org {
            id: p.id,
            region: &p.region_code,
        },
    )?;
    if !reads_names(actor) {
        return Err(AppError::Forbidden);
    }
    Ok(p)
}

/// What a child's measurements up to the month's end (oldest first) say about the month.
/// `window_full`: as many were read as [`PER_CHILD`], so older ones exist (weighed before).
fn judge(
    no: usize,
    child: Child,
    ms: &[StoredMeasurement],
    month: NaiveDate,
    on: NaiveDate,
    window_full: bool,
) -> DayRow {
    let prev = previous_month(month);
    let measured = ms.iter().rev().find(|m| m.month == month).cloned();
    let weighed = measured.as_ref().is_some_and(|m| m.weight.is_some());
    let before = ms.iter().rev().find(|m| m.month < month && m.weight.is_some());
    let weighed_before = before.is_some() || window_full;
    let last_month_kg = before.filter(|m| m.month == prev).and_then(|m| m.weight);
    // As the tally decides it (domain::nutrition::child_months): the month's latest
    // measurement against the last weighing before the month.
    let month_trend = measured
        .as_ref()
        .and_then(|m| m.weight.map(|w| trend(w, m.age_days, last_month_kg, weighed_before)));
    let last_weight = ms
        .iter()
        .rev()
        .find(|m| m.weight.is_some())
        .map(|m| (m.measured_on, m.weight.unwrap_or_default()));
    let found = match &measured {
        Some(m) => {
            let twice = crate::followup::twice_t(ms)
                && ms
                    .iter()
                    .rev()
                    .find(|x| x.weight.is_some())
                    .is_some_and(|x| x.month == month);
            let stunted = ms
                .iter()
                .rev()
                .find(|x| x.haz.is_some())
                .is_some_and(|x| x.scores().stunted());
            concerns(month_trend, twice, &m.scores(), stunted)
        }
        None => Vec::new(),
    };
    DayRow {
        no,
        age_days: (on - child.birth_date).num_days(),
        weighed_last_month: ms.iter().any(|m| m.month == prev && m.weight.is_some()),
        child,
        measured,
        weighed,
        trend: month_trend,
        weighed_before,
        last_weight,
        latest: ms.last().cloned(),
        concerns: found,
    }
}

/// The month's list of Posyandu `p` (every child, register order, NIK as stored) and its
/// tally, read in `tx`; the phone's offline copy is the current month's list
/// (`sync::offline_list`).
pub(crate) async fn list(
    tx: &mut store::Tx,
    actor: &Actor,
    p: &Row,
    month: NaiveDate,
    today: NaiveDate,
) -> Result<(Vec<DayRow>, Tally, bool)> {
    let end = month_end(month);
    let on = if month_of(today) == month { today } else { end };
    let mut children = store::nutrition::children(
        tx,
        &actor.area,
        &store::nutrition::ChildFilter {
            posyandu_id: Some(p.id),
            limit: 5000,
            ..Default::default()
        },
    )
    .await?;
    children.retain(|c| registered_in(c.birth_date, month));
    // The paper register's order: as the children were registered here, earliest first.
    children.sort_by_key(|c| (c.created_at, c.id));
    let born_after = end.checked_sub_months(chrono::Months::new(61)).unwrap_or(end);
    let ms = store::nutrition::recent_at_posyandu(tx, p.id, born_after, end, PER_CHILD).await?;
    let mut by_child: HashMap<i64, Vec<StoredMeasurement>> = HashMap::new();
    for m in ms {
        by_child.entry(m.child_id).or_default().push(m);
    }
    let rows: Vec<DayRow> = children
        .into_iter()
        .enumerate()
        .map(|(i, c)| {
            let ms = by_child.remove(&c.id).unwrap_or_default();
            let full = ms.len() as i64 >= PER_CHILD;
            judge(i + 1, c, &ms, month, on, full)
        })
        .collect();
    // The nutrition report's figures: the Posyandu's stored tally of the month.
    let stored = store::nutrition::tallies(tx, &Scope::Posyandu(vec![p.id]), month, "all")
        .await?
        .into_iter()
        .next()
        .map(|x| x.1)
        .unwrap_or_default();
    if stored.s == 0 && !rows.is_empty() {
        // Nothing written for the month yet (its first weighing creates the tally): count.
        let counted = Tally {
            s: rows.len() as i64,
            k: rows.iter().filter(|r| r.child.has_kia).count() as i64,
            d: rows.iter().filter(|r| r.weighed).count() as i64,
            ..Tally::default()
        };
        return Ok((rows, counted, true));
    }
    Ok((rows, stored, false))
}

fn mask(actor: &Actor, rows: &mut [DayRow]) {
    for r in rows {
        r.child.nik = shown_nik(actor, &r.child.nik);
        r.child.mother_nik = shown_nik(actor, &r.child.mother_nik);
        r.child.kk_number = shown_nik(actor, &r.child.kk_number);
    }
}

/// What a page of the day is for (the audit row says which).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// The day's list (with a search, when one is typed).
    List,
    /// The end of the day: SKDN, children to visit, counselling and referral.
    Summary,
    /// The printable register of the month.
    Register,
}

impl Purpose {
    fn words(self) -> &'static str {
        match self {
            Purpose::List => "posyandu day list",
            Purpose::Summary => "posyandu day summary",
            Purpose::Register => "posyandu register",
        }
    }
}

/// The day of Posyandu `id` for `month` (default: this month in the reader's time zone),
/// its list narrowed to what `q` finds ([`matches`]). Audited: the count, and whether a
/// search was typed — never the words.
pub async fn day(
    app: &App,
    actor: &Actor,
    id: i64,
    month: Option<NaiveDate>,
    q: &str,
    purpose: Purpose,
) -> Result<Day> {
    let today = app.clock().today_for(actor);
    let month = month_of(month.unwrap_or(today));
    let mut tx = app.store.write().await?;
    let p = readable(&mut tx, actor, id).await?;
    let (mut rows, tally, counted) = list(&mut tx, actor, &p, month, today).await?;
    let listed = rows.len();
    rows.retain(|r| matches(q, &r.child));
    mask(actor, &mut rows);
    crate::audit::write(
        &mut tx,
        actor,
        crate::audit::Entry::new(
            AuditEvent::ChildListRead,
            "",
            format!(
                "{} of {} for {} ({}){}",
                purpose.words(),
                p.name,
                month.format("%Y-%m"),
                rows.len(),
                if q.trim().is_empty() { "" } else { ", search" }
            ),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(Day {
        next_session: p
            .schedule_day
            .and_then(|d| u32::try_from(d).ok())
            .and_then(|d| domain::posyandu::next_session(d, today)),
        can_edit: can(
            actor,
            Act::Write,
            Target::Org {
                id: p.id,
                region: &p.region_code,
            },
        )
        .is_ok(),
        current: month == month_of(today),
        posyandu: p,
        month,
        today,
        rows,
        listed,
        tally,
        counted,
    })
}

/// What measurement `at` of a child's history (`ms`, oldest first) calls for, judged as the
/// day's list judges a month's latest measurement (the page of a child shows it too).
pub fn concerns_at(c: &Child, ms: &[StoredMeasurement], at: usize) -> Vec<Concern> {
    let Some(m) = ms.get(at) else {
        return Vec::new();
    };
    let upto = &ms[..=at];
    let window = upto.len().saturating_sub(PER_CHILD as usize);
    judge(0, c.clone(), &upto[window..], m.month, m.measured_on, window > 0).concerns
}

/// What the result screen of a weighing shows beside the scores: what it calls for, where
/// the list is, and the next child still to weigh.
#[derive(Debug, Clone, Serialize)]
pub struct After {
    /// The child's Posyandu (its day list).
    pub posyandu_id: i64,
    /// The month of the measurement (the list it belongs to).
    pub month: NaiveDate,
    pub concerns: Vec<Concern>,
    /// The next child of the month's list not yet weighed (after this one in register order,
    /// else from the top): id and name.
    pub next: Option<(i64, String)>,
    /// Children of the list still to weigh, this one left out.
    pub left: usize,
}

impl After {
    pub fn refer(&self) -> bool {
        self.concerns.iter().any(|c| c.refer())
    }
}

/// After measurement `measurement` of child `child_id` was saved: what it calls for (as the
/// day's list judges the month) and the next child of its Posyandu's list to weigh.
pub async fn after_weighing(app: &App, actor: &Actor, child_id: i64, measurement: i64) -> Result<After> {
    let today = app.clock().today_for(actor);
    let mut tx = app.store.read().await?;
    let c = crate::nutrition::load_child(&mut tx, actor, child_id).await?;
    let all = store::nutrition::measurements(&mut tx, child_id).await?;
    let at = all.iter().position(|m| m.id == measurement).ok_or(AppError::NotFound)?;
    let month = all[at].month;
    let found = concerns_at(&c, &all, at);
    let p = readable(&mut tx, actor, c.posyandu_id).await?;
    let (rows, _, _) = list(&mut tx, actor, &p, month, today).await?;
    let here = rows.iter().position(|r| r.child.id == child_id);
    let waiting = |r: &&DayRow| !r.weighed && r.child.id != child_id;
    let next = match here {
        Some(i) => rows[i + 1..]
            .iter()
            .find(waiting)
            .or_else(|| rows[..i].iter().find(waiting)),
        None => rows.iter().find(waiting),
    };
    Ok(After {
        posyandu_id: c.posyandu_id,
        month,
        concerns: found,
        next: next.map(|r| (r.child.id, r.child.name.clone())),
        left: rows.iter().filter(waiting).count(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn child(name: &str, mother: Option<&str>, nik: Option<&str>) -> Child {
        Child {
            id: 1,
            nik: nik.map(String::from),
            name: name.into(),
            sex: domain::nutrition::Sex2::P,
            birth_date: NaiveDate::from_ymd_opt(2023, 1, 1).unwrap_or_default(),
            birth_weight: None,
            birth_length: None,
            mother_name: mother.map(String::from),
            mother_nik: None,
            kk_number: None,
            posyandu_id: 1,
            posyandu_name: "P".into(),
            desa_code: "15.03.03.1001".into(),
            desa_name: None,
            rt: None,
            rw: None,
            address: None,
            has_kia: false,
            merged_into: None,
            created_at: chrono::DateTime::default(),
        }
    }

    #[test]
    fn search_finds_names_mothers_and_nik_endings() {
        let c = child("Salsa Putri", Some("Siti Aminah"), Some("1503034202230002"));
        assert!(matches("", &c));
        assert!(matches("salsa", &c) && matches("PUTRI salsa", &c));
        assert!(matches("aminah", &c) && matches("salsa siti", &c));
        assert!(!matches("rafa", &c));
        assert!(matches("0002", &c) && matches("230002", &c) && matches("1503034202230002", &c));
        assert!(!matches("1503", &c), "the NIK's start is not its ending");
        // Three digits are too few to be a NIK ending; they are read as words.
        assert!(!matches("002", &c));
        assert!(!matches("0002", &child("Tanpa NIK", None, None)));
        assert!(
            !matches("👶", &c) && !matches("_", &c) && !matches("%", &c),
            "signs name nobody"
        );
    }
}
