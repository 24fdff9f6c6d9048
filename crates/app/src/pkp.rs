//! PKP (Penilaian Kinerja Puskesmas): a Puskesmas's yearly self-assessment — the coverage
//! worksheet computed from its monthly achievements, sasaran and targets (never typed twice),
//! with the masalah, penyebab and RTL it writes per indicator; the management checklist where
//! the Lokmin are counted from the meetings held in Lintas — then sent to the Dinkes, which
//! verifies it (its own scores, feedback) or returns it with feedback; and the district's
//! ranking.
//!
//! Who may do what: whoever reads a Puskesmas reads its assessment; whoever writes the
//! Puskesmas (its own accounts, and the Dinkes and admin who help it) fills it in and sends
//! it while it is a draft or returned; [`approves_targets`] accounts of the district verify
//! or return what was sent. While it waits at the Dinkes, and once verified, it is read-only
//! and shows the figures as they stood when it was sent.

use crate::audit::Entry;
use crate::coverage::{codes_in_force, derived_pair, district_puskesmas, in_force, puskesmas, writes};
use crate::{App, AppError, Result};
use chrono::{Datelike, NaiveDate};
use domain::Invalid;
use domain::access::{Act, Actor, approves_targets, sees_district_views};
use domain::audit::AuditEvent;
use domain::coverage::{Direction, Program, SasaranKind, Unit, YEARS, percent};
use domain::pkp::{
    ItemSource, MANAGEMENT, MAX_NOTE, ManagementItem, ManagementVariable, PkpGroup, PkpStatus, RowNotes,
    check_feedback, coverage_score, lokmin_bulanan_score, lokmin_tribulanan_score, management_score, parse_score,
    previous_pkp_score, row_percent,
};
use serde::Serialize;
use std::collections::{BTreeSet, HashMap};
use store::coverage::IndicatorRow;
use store::org::{Org, WkDesa};
use store::pkp::{AssessmentPut, AssessmentRow, HeldLokmin, PkpRow, RaisedProblem, ScoreRow, StepRow};

/// One line of the coverage worksheet.
#[derive(Debug, Clone, Serialize)]
pub struct WorksheetLine {
    pub indicator: IndicatorRow,
    /// The target in force (the Puskesmas's own, else the catalogue's default).
    pub target: Option<f64>,
    /// The sasaran summed over the wilayah kerja, or for an indicator with a monthly
    /// denominator the denominators summed over the months.
    pub sasaran: Option<f64>,
    /// `target % × sasaran` (prorated to the months counted for a yearly sasaran).
    pub target_sasaran: Option<f64>,
    /// The numerators summed over the months counted; `None` when nothing was reported.
    pub riil: Option<f64>,
    /// The rate reached (riil ÷ sasaran, in the indicator's unit), before any cap.
    pub realisasi: Option<f64>,
    /// The worksheet's percentage, capped at 100.
    pub percent: Option<f64>,
    pub masalah: String,
    pub penyebab: String,
    pub rtl: String,
    /// Problems raised from the PWS of this indicator at the Puskesmas's meetings of the year.
    pub raised: Vec<RaisedProblem>,
}

impl WorksheetLine {
    /// Below what was asked: the Puskesmas writes the masalah before it sends.
    pub fn short(&self) -> bool {
        self.percent.is_some_and(|p| p < 100.0)
    }
}

/// A programme of the worksheet (a variable: the mean of its indicators).
#[derive(Debug, Clone, Serialize)]
pub struct ProgramBlock {
    pub program: Program,
    pub mean: Option<f64>,
    pub lines: Vec<WorksheetLine>,
}

/// What Lintas counted for an item.
#[derive(Debug, Clone, Serialize)]
pub enum Counted {
    /// The Lokmin held (distinct months for bulanan, distinct quarters for tribulanan).
    Lokmin {
        tribulanan: bool,
        held: u32,
        meetings: Vec<HeldLokmin>,
    },
    /// Last year's assessment in Lintas.
    PreviousPkp { status: PkpStatus },
}

/// One item of the management checklist.
#[derive(Debug, Clone, Serialize)]
pub struct ItemLine {
    pub item: &'static ManagementItem,
    /// The Puskesmas's score, or the one Lintas counted.
    pub self_score: Option<u8>,
    pub verified_score: Option<u8>,
    pub evidence: String,
    /// Lintas scored it: not typed.
    pub counted: Option<Counted>,
}

impl ItemLine {
    /// The score that counts: the Dinkes's once verified, else the Puskesmas's.
    pub fn score(&self) -> Option<u8> {
        self.verified_score.or(self.self_score)
    }
}

/// A variable of the checklist with its items.
#[derive(Debug, Clone, Serialize)]
pub struct VariableBlock {
    pub variable: ManagementVariable,
    pub mean: Option<f64>,
    pub items: Vec<ItemLine>,
}

/// A Puskesmas's PKP of a year.
#[derive(Debug, Clone, Serialize)]
pub struct PkpView {
    pub puskesmas: Org,
    pub year: i32,
    /// The last month the figures count (12 for a past year).
    pub through: u32,
    /// `None` before anything was saved (a draft to start).
    pub assessment: Option<AssessmentRow>,
    pub status: PkpStatus,
    /// The figures are computed now (a draft or a returned assessment), not as sent.
    pub live: bool,
    pub programs: Vec<ProgramBlock>,
    pub coverage: Option<f64>,
    pub coverage_group: Option<PkpGroup>,
    pub variables: Vec<VariableBlock>,
    pub management: Option<f64>,
    pub management_group: Option<PkpGroup>,
    pub steps: Vec<StepRow>,
    pub can_edit: bool,
    pub can_review: bool,
}

impl PkpView {
    /// The worksheet lines in order (the index the errors `rows[i]` name).
    pub fn lines(&self) -> impl Iterator<Item = &WorksheetLine> {
        self.programs.iter().flat_map(|p| p.lines.iter())
    }
    /// The checklist items in order (the index the errors `scores[j]` name).
    pub fn items(&self) -> impl Iterator<Item = &ItemLine> {
        self.variables.iter().flat_map(|v| v.items.iter())
    }
}

/// The last month a year's figures count on `today`: December for a past year, the last
/// month that has ended for the current one (January in its first month).
fn through_of(year: i32, today: NaiveDate) -> Result<u32> {
    if !YEARS.contains(&year) || year > today.year() {
        return Err(Invalid::one("year", "year.range").into());
    }
    Ok(if year < today.year() {
        12
    } else {
        today.month().saturating_sub(1).max(1)
    })
}

/// The worksheet computed now from the achievements, the nutrition tallies, the sasaran and
/// the targets of the Puskesmas's wilayah kerja: a fixed handful of queries.
async fn compute_lines(
    tx: &mut store::Tx,
    org: &Org,
    desa: &[WkDesa],
    year: i32,
    through: u32,
) -> Result<Vec<(IndicatorRow, Option<f64>, Option<f64>, Option<f64>)>> {
    let all = store::coverage::indicators(tx).await?;
    let day = NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or_default();
    let inds: Vec<IndicatorRow> = codes_in_force(&all, day).into_iter().cloned().collect();
    let codes: Vec<String> = desa.iter().map(|d| d.desa_code.clone()).collect();
    let from = NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or_default();
    let to = NaiveDate::from_ymd_opt(year, through, 1).unwrap_or_default();
    let typed: Vec<String> = inds
        .iter()
        .filter(|i| i.derived.is_none())
        .map(|i| i.code.clone())
        .collect();
    // Summed over the wilayah kerja by the rollup kept on write (one row per indicator).
    let sums: HashMap<String, (f64, Option<f64>)> = store::coverage::puskesmas_sums(tx, &[org.id], &typed, from, to)
        .await?
        .into_iter()
        .map(|(_, code, num, den)| (code, (num, den)))
        .collect();
    let tallies = if codes.is_empty() || inds.iter().all(|i| i.derived.is_none()) {
        Vec::new()
    } else {
        store::coverage::desa_tallies(tx, &codes, from, to).await?
    };
    let mut sasaran: HashMap<SasaranKind, f64> = HashMap::new();
    if !codes.is_empty() {
        for r in store::coverage::sasaran(tx, &codes, year).await? {
            *sasaran.entry(r.kind).or_insert(0.0) += r.value;
        }
    }
    let own: HashMap<String, f64> = store::coverage::targets(tx, &[org.id], year)
        .await?
        .into_iter()
        .map(|t| (t.indicator_code, t.target))
        .collect();
    let mut out = Vec::with_capacity(inds.len());
    for ind in inds {
        let target = own.get(&ind.code).copied().or(ind.target);
        // Nothing reported in the months counted: no figure (not 0 %), left out of the means.
        let (riil, monthly_den) = match ind.derived {
            Some(d) => {
                let (mut n, mut den) = (0i64, 0i64);
                for (_, _, t) in &tallies {
                    let (a, b) = derived_pair(d, t);
                    n += a;
                    den += b;
                }
                ((den > 0).then_some(n as f64), (den > 0).then_some(den as f64))
            }
            None => match sums.get(&ind.code) {
                Some((n, den)) => (Some(*n), *den),
                None => (None, None),
            },
        };
        let base = match ind.sasaran {
            Some(kind) => sasaran.get(&kind).copied(),
            None => monthly_den,
        };
        out.push((ind, target, base, riil));
    }
    Ok(out)
}

/// The figures of one line: (target sasaran, realisasi, percent).
fn figures(
    ind: &IndicatorRow,
    target: Option<f64>,
    base: Option<f64>,
    riil: Option<f64>,
    through: u32,
) -> (Option<f64>, Option<f64>, Option<f64>) {
    let Some(riil) = riil else {
        return (None, None, None);
    };
    let scale = if ind.unit == Unit::PerThousand { 10.0 } else { 1.0 };
    let realisasi = match ind.unit {
        Unit::Count => Some(riil),
        _ => base.and_then(|b| percent(riil, b)).map(|p| p * scale),
    };
    let Some(t) = target else {
        return (None, realisasi, None);
    };
    // A yearly sasaran read before December is asked for the months counted so far.
    let months = if ind.sasaran.is_some() {
        f64::from(through) / 12.0
    } else {
        1.0
    };
    match (ind.unit, ind.direction) {
        (Unit::Count, _) => (
            None,
            realisasi,
            row_percent(ind.unit, ind.direction, riil, None, t * months),
        ),
        (_, Direction::Higher) => {
            let asked = base.map(|b| t / (100.0 * scale) * b * months);
            let pct = asked.and_then(|a| percent(riil, a)).map(|p| p.min(100.0));
            (asked, realisasi, pct)
        }
        (_, Direction::Lower) => (None, realisasi, row_percent(ind.unit, ind.direction, riil, base, t)),
    }
}

/// The Lokmin of a year counted for the checklist: (bulanan, tribulanan) with the meetings.
async fn lokmin(tx: &mut store::Tx, org_id: i64, year: i32) -> Result<(Counted, Counted)> {
    let from = NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or_default();
    let to = NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or_default();
    let held = store::pkp::lokmin_held(tx, org_id, from, to).await?;
    let (b, t): (Vec<HeldLokmin>, Vec<HeldLokmin>) = held.into_iter().partition(|m| m.kind == "lokmin_bulanan");
    let months: BTreeSet<u32> = b.iter().map(|m| m.held_on.month()).collect();
    let quarters: BTreeSet<u32> = t.iter().map(|m| (m.held_on.month() - 1) / 3).collect();
    Ok((
        Counted::Lokmin {
            tribulanan: false,
            held: months.len() as u32,
            meetings: b,
        },
        Counted::Lokmin {
            tribulanan: true,
            held: quarters.len() as u32,
            meetings: t,
        },
    ))
}

struct Loaded {
    org: Org,
    desa: Vec<WkDesa>,
    through: u32,
    assessment: Option<AssessmentRow>,
    rows: Vec<PkpRow>,
    scores: Vec<ScoreRow>,
}

async fn load(tx: &mut store::Tx, app: &App, actor: &Actor, id: i64, year: i32, act: Act) -> Result<Loaded> {
    let (org, desa) = puskesmas(tx, actor, id, act).await?;
    let today = app.clock().today_in(&org.region_code);
    let through = through_of(year, today)?;
    let assessment = store::pkp::assessment(tx, org.id, year).await?;
    let (rows, scores) = match &assessment {
        Some(a) => (store::pkp::rows(tx, a.id).await?, store::pkp::scores(tx, a.id).await?),
        None => (Vec::new(), Vec::new()),
    };
    Ok(Loaded {
        org,
        desa,
        through,
        assessment,
        rows,
        scores,
    })
}

/// Builds the view from what is stored, computing the figures now when the assessment is
/// still the Puskesmas's (draft, returned) and reading them as sent otherwise.
async fn build(tx: &mut store::Tx, actor: &Actor, l: Loaded, year: i32) -> Result<PkpView> {
    let status = l.assessment.as_ref().map_or(PkpStatus::Draft, |a| a.status);
    let live = status.editable();
    let through = if live {
        l.through
    } else {
        l.assessment
            .as_ref()
            .map_or(l.through, |a| u32::try_from(a.through_month).unwrap_or(12))
    };
    let stored: HashMap<&str, &PkpRow> = l.rows.iter().map(|r| (r.indicator_code.as_str(), r)).collect();
    let from = NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or_default();
    let to = NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or_default();
    let raised = store::pkp::raised_problems(tx, l.org.id, from, to).await?;
    let mut lines: Vec<WorksheetLine> = Vec::new();
    if live {
        for (ind, target, base, riil) in compute_lines(tx, &l.org, &l.desa, year, through).await? {
            let (target_sasaran, realisasi, pct) = figures(&ind, target, base, riil, through);
            let s = stored.get(ind.code.as_str());
            lines.push(WorksheetLine {
                target,
                sasaran: base,
                target_sasaran,
                riil,
                realisasi,
                percent: pct,
                masalah: s.map(|r| r.masalah.clone()).unwrap_or_default(),
                penyebab: s.map(|r| r.penyebab.clone()).unwrap_or_default(),
                rtl: s.map(|r| r.rtl.clone()).unwrap_or_default(),
                raised: Vec::new(),
                indicator: ind,
            });
        }
    } else {
        let all = store::coverage::indicators(tx).await?;
        let day = NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or_default();
        for r in &l.rows {
            let Some(ind) = in_force(&all, &r.indicator_code, day) else {
                continue;
            };
            // Stored without a figure and with nothing counted: nothing was reported.
            let riil = (r.percent.is_some() || r.riil != 0.0).then_some(r.riil);
            let (target_sasaran, realisasi, _) = figures(ind, r.target, r.sasaran, riil, through);
            lines.push(WorksheetLine {
                indicator: ind.clone(),
                target: r.target,
                sasaran: r.sasaran,
                target_sasaran,
                riil,
                realisasi,
                percent: r.percent,
                masalah: r.masalah.clone(),
                penyebab: r.penyebab.clone(),
                rtl: r.rtl.clone(),
                raised: Vec::new(),
            });
        }
    }
    for line in &mut lines {
        line.raised = raised
            .iter()
            .filter(|p| p.indicator_code == line.indicator.code)
            .cloned()
            .collect();
    }
    let mut programs: Vec<ProgramBlock> = Vec::new();
    for p in Program::ALL {
        let in_p: Vec<WorksheetLine> = lines.iter().filter(|x| x.indicator.program == *p).cloned().collect();
        if !in_p.is_empty() {
            programs.push(ProgramBlock {
                program: *p,
                mean: domain::pkp::mean(in_p.iter().map(|x| x.percent)),
                lines: in_p,
            });
        }
    }
    let (_, coverage) = coverage_score(lines.iter().map(|x| (x.indicator.program, x.percent)));
    // The checklist.
    let (bulanan, tribulanan) = lokmin(tx, l.org.id, year).await?;
    let previous = store::pkp::assessment(tx, l.org.id, year - 1).await?.map(|a| a.status);
    let scored: HashMap<&str, &ScoreRow> = l.scores.iter().map(|s| (s.item_code.as_str(), s)).collect();
    let small = |v: Option<i64>| v.and_then(|n| u8::try_from(n).ok());
    let mut variables: Vec<VariableBlock> = Vec::new();
    for v in ManagementVariable::ALL {
        let mut items = Vec::new();
        for item in MANAGEMENT.iter().filter(|i| i.variable == *v) {
            let s = scored.get(item.code);
            let counted = match item.source {
                ItemSource::Entered => None,
                ItemSource::LokminBulanan => Some(bulanan.clone()),
                ItemSource::LokminTribulanan => Some(tribulanan.clone()),
                ItemSource::PreviousPkp => previous.map(|status| Counted::PreviousPkp { status }),
            };
            // A counted score is Lintas's while the Puskesmas still works on it; once sent it
            // is the one sent.
            let self_score = match (&counted, live) {
                (Some(c), true) => Some(counted_score(c)),
                _ => s.and_then(|s| small(s.self_score)),
            };
            items.push(ItemLine {
                item,
                self_score,
                verified_score: s.and_then(|s| small(s.verified_score)),
                evidence: s.map(|s| s.evidence.clone()).unwrap_or_default(),
                counted,
            });
        }
        let (_, mean) = management_score(items.iter().map(|i| (*v, i.score())));
        variables.push(VariableBlock {
            variable: *v,
            mean,
            items,
        });
    }
    let (_, management) = management_score(
        variables
            .iter()
            .flat_map(|b| b.items.iter().map(|i| (b.variable, i.score()))),
    );
    let steps = match &l.assessment {
        Some(a) => store::pkp::steps(tx, a.id).await?,
        None => Vec::new(),
    };
    let edit = writes(actor, &l.org) && live;
    Ok(PkpView {
        can_review: approves_targets(actor) && status == PkpStatus::Submitted,
        can_edit: edit,
        coverage_group: coverage.map(PkpGroup::of_coverage),
        management_group: management.map(PkpGroup::of_management),
        puskesmas: l.org,
        year,
        through,
        assessment: l.assessment,
        status,
        live,
        programs,
        coverage,
        variables,
        management,
        steps,
    })
}

fn counted_score(c: &Counted) -> u8 {
    match c {
        Counted::Lokmin {
            tribulanan: false,
            held,
            ..
        } => lokmin_bulanan_score(*held),
        Counted::Lokmin { held, .. } => lokmin_tribulanan_score(*held),
        Counted::PreviousPkp { status } => previous_pkp_score(Some(*status)).unwrap_or(0),
    }
}

/// A Puskesmas's PKP of `year`.
pub async fn view(app: &App, actor: &Actor, puskesmas_id: i64, year: i32) -> Result<PkpView> {
    let mut tx = app.store.read().await?;
    let l = load(&mut tx, app, actor, puskesmas_id, year, Act::Read).await?;
    build(&mut tx, actor, l, year).await
}

/// A management score as typed or picked, with its evidence.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ScoreInput {
    pub item_code: String,
    /// `0`, `4`, `7`, `10`, or empty (not scored yet).
    pub score: String,
    pub evidence: String,
}

/// What the Puskesmas writes: notes per worksheet line and its scores (lines and items left
/// out keep what was saved).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PkpInput {
    pub rows: Vec<RowNotes>,
    pub scores: Vec<ScoreInput>,
}

/// What happens after the save.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Then {
    /// Keep it as a draft.
    Keep,
    /// Send it to the Dinkes (every entered item scored, a masalah on every line short of
    /// its target).
    Submit,
}

/// Saves the Puskesmas's self-assessment of `year`, and sends it when `then` says so — all
/// or nothing, every error named (`rows[i].field`, `scores[j].field` in the order of the
/// input; when sending, in the order of the worksheet and the checklist). The figures are
/// stored as they stand now. Audited.
pub async fn save(
    app: &App,
    actor: &Actor,
    puskesmas_id: i64,
    year: i32,
    input: PkpInput,
    then: Then,
) -> Result<PkpView> {
    let mut tx = app.store.write().await?;
    let l = load(&mut tx, app, actor, puskesmas_id, year, Act::Write).await?;
    let status = l.assessment.as_ref().map_or(PkpStatus::Draft, |a| a.status);
    if !status.editable() {
        return Err(Invalid::one("status", "pkp.not_editable").into());
    }
    let lines = compute_lines(&mut tx, &l.org, &l.desa, year, l.through).await?;
    let mut inv = Invalid::new();
    // Notes.
    let mut notes: HashMap<String, RowNotes> = l
        .rows
        .iter()
        .map(|r| {
            (
                r.indicator_code.clone(),
                RowNotes {
                    indicator_code: r.indicator_code.clone(),
                    masalah: r.masalah.clone(),
                    penyebab: r.penyebab.clone(),
                    rtl: r.rtl.clone(),
                },
            )
        })
        .collect();
    let mut seen = BTreeSet::new();
    for (i, r) in input.rows.into_iter().enumerate() {
        let r = r.check(&format!("rows[{i}]"), &mut inv);
        if !lines.iter().any(|x| x.0.code == r.indicator_code) {
            inv.add(format!("rows[{i}].indicator_code"), "indicator.unknown");
        } else if !seen.insert(r.indicator_code.clone()) {
            inv.add(format!("rows[{i}].indicator_code"), "coverage.duplicate");
        } else {
            notes.insert(r.indicator_code.clone(), r);
        }
    }
    // Scores.
    let previous = store::pkp::assessment(&mut tx, l.org.id, year - 1)
        .await?
        .map(|a| a.status);
    let mut scores: HashMap<String, ScoreRow> = l.scores.iter().map(|s| (s.item_code.clone(), s.clone())).collect();
    let mut seen = BTreeSet::new();
    for (j, s) in input.scores.into_iter().enumerate() {
        let code = s.item_code.trim().to_string();
        let Some(item) = domain::pkp::item(&code) else {
            inv.add(format!("scores[{j}].item_code"), "pkp.item_unknown");
            continue;
        };
        if !seen.insert(code.clone()) {
            inv.add(format!("scores[{j}].item_code"), "coverage.duplicate");
            continue;
        }
        let typed =
            item.source == ItemSource::Entered || (item.source == ItemSource::PreviousPkp && previous.is_none());
        let score = match parse_score(&s.score) {
            Ok(v) => v,
            Err(code) => {
                inv.add(format!("scores[{j}].score"), code);
                None
            }
        };
        if !typed && score.is_some() {
            inv.add(format!("scores[{j}].score"), "pkp.item_counted");
        }
        let evidence = s.evidence.trim().to_string();
        if evidence.chars().count() > MAX_NOTE {
            inv.add(format!("scores[{j}].evidence"), "too_long");
        }
        scores.insert(
            code.clone(),
            ScoreRow {
                item_code: code,
                self_score: if typed { score.map(i64::from) } else { None },
                verified_score: None,
                evidence,
            },
        );
    }
    inv.into_result()?;
    // Counted items take Lintas's score.
    let (bulanan, tribulanan) = lokmin(&mut tx, l.org.id, year).await?;
    for item in MANAGEMENT {
        let counted = match item.source {
            ItemSource::Entered => None,
            ItemSource::LokminBulanan => Some(counted_score(&bulanan)),
            ItemSource::LokminTribulanan => Some(counted_score(&tribulanan)),
            ItemSource::PreviousPkp => previous_pkp_score(previous),
        };
        let e = scores.entry(item.code.to_string()).or_insert_with(|| ScoreRow {
            item_code: item.code.to_string(),
            self_score: None,
            verified_score: None,
            evidence: String::new(),
        });
        if counted.is_some() {
            e.self_score = counted.map(i64::from);
        }
        e.verified_score = None;
    }
    // The worksheet as it stands.
    let mut rows = Vec::with_capacity(lines.len());
    let mut ordered: Vec<(Program, Option<f64>)> = Vec::new();
    for (ind, target, base, riil) in &lines {
        let (_, _, pct) = figures(ind, *target, *base, *riil, l.through);
        let n = notes.remove(&ind.code).unwrap_or_default();
        ordered.push((ind.program, pct));
        rows.push(PkpRow {
            indicator_code: ind.code.clone(),
            target: *target,
            sasaran: *base,
            riil: riil.unwrap_or(0.0),
            percent: pct,
            masalah: n.masalah,
            penyebab: n.penyebab,
            rtl: n.rtl,
        });
    }
    let (_, coverage) = coverage_score(ordered);
    let (_, management) = management_score(MANAGEMENT.iter().map(|i| {
        (
            i.variable,
            scores
                .get(i.code)
                .and_then(|s| s.self_score)
                .and_then(|n| u8::try_from(n).ok()),
        )
    }));
    if then == Then::Submit {
        let mut inv = Invalid::new();
        // Named in the order the page shows them.
        let mut order: Vec<&PkpRow> = Vec::new();
        for p in Program::ALL {
            order.extend(
                rows.iter()
                    .zip(&lines)
                    .filter(|(_, l)| l.0.program == *p)
                    .map(|(r, _)| r),
            );
        }
        for (i, r) in order.iter().enumerate() {
            if r.percent.is_some_and(|p| p < 100.0) && r.masalah.is_empty() {
                inv.add(format!("rows[{i}].masalah"), "pkp.masalah_required");
            }
        }
        let items = ManagementVariable::ALL
            .iter()
            .flat_map(|v| MANAGEMENT.iter().filter(move |i| i.variable == *v));
        for (j, item) in items.enumerate() {
            if scores.get(item.code).and_then(|s| s.self_score).is_none() {
                inv.add(format!("scores[{j}].score"), "pkp.score_required");
            }
        }
        inv.into_result()?;
    }
    let new_status = match then {
        Then::Keep => status,
        Then::Submit => PkpStatus::Submitted,
    };
    let id = match &l.assessment {
        Some(a) => a.id,
        None => store::pkp::create(&mut tx, l.org.id, year, i64::from(l.through), &actor.username).await?,
    };
    let score_rows: Vec<ScoreRow> = scores.into_values().collect();
    store::pkp::put_rows(&mut tx, id, &rows).await?;
    store::pkp::put_scores(&mut tx, id, &score_rows).await?;
    let updated = store::pkp::update(
        &mut tx,
        id,
        status,
        &AssessmentPut {
            status: new_status,
            coverage_score: coverage,
            management_score: management,
            through_month: i64::from(l.through),
            feedback: l.assessment.as_ref().and_then(|a| a.feedback.clone()),
        },
        &actor.username,
    )
    .await?;
    if !updated {
        // Sent (or reviewed) by someone else meanwhile.
        return Err(Invalid::one("status", "pkp.not_editable").into());
    }
    let summary = |c: Option<f64>, m: Option<f64>| {
        format!(
            "coverage {} management {}",
            c.map_or("-".into(), |c| format!("{c:.1}")),
            m.map_or("-".into(), |m| format!("{m:.2}"))
        )
    };
    let before = l.assessment.as_ref().map(
        |a| serde_json::json!({"status": a.status, "coverage": a.coverage_score, "management": a.management_score}),
    );
    let after = serde_json::json!({"status": new_status, "coverage": coverage, "management": management});
    let (event, text) = match then {
        Then::Keep => (
            AuditEvent::PkpSaved,
            format!("PKP {year} of {} saved: {}", l.org.name, summary(coverage, management)),
        ),
        Then::Submit => {
            store::pkp::add_step(
                &mut tx,
                id,
                PkpStatus::Submitted,
                None,
                &actor.username,
                app.clock().now(),
            )
            .await?;
            (
                AuditEvent::PkpSubmitted,
                format!(
                    "PKP {year} of {} sent to the Dinkes: {}",
                    l.org.name,
                    summary(coverage, management)
                ),
            )
        }
    };
    crate::audit::write(
        &mut tx,
        actor,
        Entry::new(event, id, text).before(before).after(Some(after)),
    )
    .await?;
    let fresh = Loaded {
        assessment: store::pkp::assessment(&mut tx, l.org.id, year).await?,
        rows: store::pkp::rows(&mut tx, id).await?,
        scores: store::pkp::scores(&mut tx, id).await?,
        ..l
    };
    let v = build(&mut tx, actor, fresh, year).await?;
    tx.commit().await?;
    Ok(v)
}

/// The Dinkes's decision on what a Puskesmas sent.
#[derive(Debug, Clone, PartialEq)]
pub enum Review {
    /// Verified, with the Dinkes's score per item (`(item code, score)`; an item left out
    /// keeps the Puskesmas's) and optional feedback.
    Verify {
        scores: Vec<(String, String)>,
        feedback: String,
    },
    /// Sent back with feedback (required).
    Return { feedback: String },
}

/// Verifies or returns the PKP a Puskesmas sent ([`approves_targets`] accounts of its
/// district). Audited; the step and its feedback are kept.
pub async fn review(app: &App, actor: &Actor, puskesmas_id: i64, year: i32, decision: Review) -> Result<PkpView> {
    if !approves_targets(actor) {
        return Err(AppError::Forbidden);
    }
    let mut tx = app.store.write().await?;
    let l = load(&mut tx, app, actor, puskesmas_id, year, Act::Write).await?;
    let Some(a) = l.assessment.clone() else {
        return Err(Invalid::one("status", "pkp.not_submitted").into());
    };
    let to = match decision {
        Review::Verify { .. } => PkpStatus::Verified,
        Review::Return { .. } => PkpStatus::Returned,
    };
    if !a.status.may_become(to) {
        return Err(Invalid::one("status", "pkp.not_submitted").into());
    }
    let mut scores = l.scores.clone();
    let (feedback, event) = match decision {
        Review::Verify {
            scores: given,
            feedback,
        } => {
            let mut inv = Invalid::new();
            let feedback = inv.check("feedback", check_feedback(&feedback, false).map_err(first_code));
            for (j, (code, raw)) in given.iter().enumerate() {
                let code = code.trim();
                let Some(s) = scores.iter_mut().find(|s| s.item_code == code) else {
                    inv.add(format!("scores[{j}].item_code"), "pkp.item_unknown");
                    continue;
                };
                match parse_score(raw) {
                    Ok(v) => s.verified_score = v.map(i64::from),
                    Err(c) => inv.add(format!("scores[{j}].score"), c),
                }
            }
            inv.into_result()?;
            for s in &mut scores {
                if s.verified_score.is_none() {
                    s.verified_score = s.self_score;
                }
            }
            (feedback.unwrap_or_default(), AuditEvent::PkpVerified)
        }
        Review::Return { feedback } => (check_feedback(&feedback, true)?, AuditEvent::PkpReturned),
    };
    let management = if to == PkpStatus::Verified {
        let (_, m) = management_score(MANAGEMENT.iter().map(|i| {
            (
                i.variable,
                scores
                    .iter()
                    .find(|s| s.item_code == i.code)
                    .and_then(|s| s.verified_score)
                    .and_then(|n| u8::try_from(n).ok()),
            )
        }));
        m
    } else {
        a.management_score
    };
    store::pkp::put_scores(&mut tx, a.id, &scores).await?;
    let fb = (!feedback.is_empty()).then_some(feedback);
    let updated = store::pkp::update(
        &mut tx,
        a.id,
        a.status,
        &AssessmentPut {
            status: to,
            coverage_score: a.coverage_score,
            management_score: management,
            through_month: a.through_month,
            feedback: fb.clone().or(a.feedback.clone()),
        },
        &actor.username,
    )
    .await?;
    if !updated {
        // Another reviewer answered first.
        return Err(Invalid::one("status", "pkp.not_submitted").into());
    }
    store::pkp::add_step(&mut tx, a.id, to, fb.as_deref(), &actor.username, app.clock().now()).await?;
    crate::audit::write(
        &mut tx,
        actor,
        Entry::new(event, a.id, format!("PKP {year} of {} {}", l.org.name, to.as_str()))
            .before(Some(
                serde_json::json!({"status": a.status, "management": a.management_score}),
            ))
            .after(Some(
                serde_json::json!({"status": to, "management": management, "feedback": fb}),
            )),
    )
    .await?;
    let fresh = Loaded {
        assessment: store::pkp::assessment(&mut tx, l.org.id, year).await?,
        scores: store::pkp::scores(&mut tx, a.id).await?,
        ..l
    };
    let v = build(&mut tx, actor, fresh, year).await?;
    tx.commit().await?;
    Ok(v)
}

fn first_code(e: Invalid) -> &'static str {
    e.0.first().map_or("invalid", |f| f.code)
}

/// One Puskesmas in the district's ranking.
#[derive(Debug, Clone, Serialize)]
pub struct RankLine {
    /// 1 = best; `None` without figures.
    pub rank: Option<usize>,
    pub puskesmas: Org,
    /// `None`: not started.
    pub status: Option<PkpStatus>,
    pub coverage: Option<f64>,
    pub coverage_group: Option<PkpGroup>,
    pub management: Option<f64>,
    pub management_group: Option<PkpGroup>,
}

/// The district's PKP of a year: every Puskesmas of the actor's area, ranked by coverage and
/// then management (as last saved; the status says how final each is).
#[derive(Debug, Clone, Serialize)]
pub struct Ranking {
    pub year: i32,
    pub lines: Vec<RankLine>,
}

/// The ranking of `year` (district views).
pub async fn ranking(app: &App, actor: &Actor, year: i32) -> Result<Ranking> {
    if !sees_district_views(actor) {
        return Err(AppError::Forbidden);
    }
    if !YEARS.contains(&year) {
        return Err(Invalid::one("year", "year.range").into());
    }
    let mut tx = app.store.read().await?;
    let list = district_puskesmas(&mut tx, actor).await?;
    let ids: Vec<i64> = list.iter().map(|o| o.id).collect();
    let by: HashMap<i64, AssessmentRow> = store::pkp::assessments(&mut tx, &ids, year)
        .await?
        .into_iter()
        .map(|a| (a.puskesmas_id, a))
        .collect();
    let mut lines: Vec<RankLine> = list
        .into_iter()
        .map(|o| {
            let a = by.get(&o.id);
            let coverage = a.and_then(|a| a.coverage_score);
            let management = a.and_then(|a| a.management_score);
            RankLine {
                rank: None,
                status: a.map(|a| a.status),
                coverage_group: coverage.map(PkpGroup::of_coverage),
                management_group: management.map(PkpGroup::of_management),
                coverage,
                management,
                puskesmas: o,
            }
        })
        .collect();
    lines.sort_by(|a, b| {
        let key = |l: &RankLine| {
            (
                l.coverage.is_none(),
                -l.coverage.unwrap_or(0.0),
                -l.management.unwrap_or(0.0),
            )
        };
        let (x, y) = (key(a), key(b));
        x.0.cmp(&y.0)
            .then(x.1.total_cmp(&y.1))
            .then(x.2.total_cmp(&y.2))
            .then_with(|| a.puskesmas.name.cmp(&b.puskesmas.name))
    });
    let mut n = 0;
    for l in &mut lines {
        if l.coverage.is_some() {
            n += 1;
            l.rank = Some(n);
        }
    }
    Ok(Ranking { year, lines })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
    }

    #[test]
    fn a_year_counts_through_the_last_month_that_ended() {
        assert_eq!(through_of(2023, d(2024, 5, 1)).ok(), Some(12));
        assert_eq!(through_of(2024, d(2024, 5, 1)).ok(), Some(4));
        assert_eq!(through_of(2024, d(2024, 1, 10)).ok(), Some(1));
        assert!(through_of(2025, d(2024, 5, 1)).is_err(), "a year that has not begun");
    }
}
