//! The district scorecard: rows of Puskesmas (or kecamatan, or the desa of one Puskesmas),
//! columns of stunting, wasting, underweight, D/S, N/D, Lokmin held, actions closed on time,
//! the coverage indicators of [`domain::scorecard::COVERAGE`] and the desa in Jelek status;
//! each cell judged against its target and compared with the previous period.
//!
//! Figures come from where their own pages read them, so they agree: the nutrition tallies
//! (`nutrition_months`, the nutrition report's source), the PWS (`coverage::compute`), the
//! meetings and actions (`store::scorecard`). Every figure family is read for all rows at
//! once — no query per row.

use crate::coverage::{PwsLine, Reads, district_of, district_puskesmas, in_force, judged, puskesmas, settings_of};
use crate::nutrition::Where;
use crate::{App, AppError, Result};
use chrono::{Datelike, NaiveDate};
use domain::Invalid;
use domain::access::{Act, Actor, Area, ScorecardReach, scorecard_reach};
use domain::coverage::{Direction, PwsStatus};
use domain::nutrition::{STUNTING_TARGET, Tally, month_of};
use domain::scorecard::{
    By, COVERAGE, LOKMIN_TARGET, ON_TIME_TARGET, Period, Status, Trend, WASTING_TARGET, arrow, closed_on_time, judge,
    lokmin_expected, of_pws, trend,
};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use store::coverage::IndicatorRow;
use store::nutrition::Scope;
use store::org::{Org, WkDesa};

/// What is asked. `month: None` opens on the last bulan penimbangan with data.
#[derive(Debug, Clone)]
pub struct Query {
    pub by: Option<By>,
    pub puskesmas: Option<i64>,
    pub month: Option<NaiveDate>,
    pub period: Period,
}

impl Default for Query {
    fn default() -> Self {
        Query {
            by: None,
            puskesmas: None,
            month: None,
            period: Period::Semester,
        }
    }
}

/// A column: its key (`stunting`, …, or an indicator code), direction and target.
#[derive(Debug, Clone, Serialize)]
pub struct Column {
    pub key: String,
    /// The coverage indicator behind the column, if it is one.
    pub indicator: Option<IndicatorRow>,
    pub direction: Direction,
    pub target: Option<f64>,
    /// A count (the Jelek desa), not a percentage.
    pub count: bool,
}

/// One cell.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Cell {
    pub value: Option<f64>,
    /// Numerator and denominator where the figure is a ratio of counts.
    pub num: Option<i64>,
    pub den: Option<i64>,
    /// The figure of the previous period.
    pub before: Option<f64>,
    pub status: Status,
    /// The PWS word of a coverage cell.
    pub pws: Option<PwsStatus>,
    pub trend: Option<Trend>,
    /// ▲ ▼ ▶: which way the number moved.
    pub arrow: &'static str,
}

impl Cell {
    fn empty() -> Cell {
        Cell {
            value: None,
            num: None,
            den: None,
            before: None,
            status: Status::Empty,
            pws: None,
            trend: None,
            arrow: "",
        }
    }

    fn judged(col: &Column, value: Option<f64>, before: Option<f64>) -> Cell {
        Cell {
            value,
            before,
            status: judge(value, col.target, col.direction),
            trend: trend(value, before, col.direction),
            arrow: arrow(value, before),
            ..Cell::empty()
        }
    }

    fn ratio(col: &Column, num: i64, den: i64, before: Option<f64>) -> Cell {
        let value = Tally::percent(num, den);
        Cell {
            num: Some(num),
            den: Some(den),
            ..Cell::judged(col, value, before)
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Row {
    /// Puskesmas id, kecamatan or desa code; empty for the total.
    pub key: String,
    pub name: String,
    /// Where the row leads.
    pub link: Option<String>,
    pub cells: Vec<Cell>,
    /// The row's nutrition tally of the month (stunting with its interval is read from it).
    pub tally: Tally,
}

impl Row {
    pub fn cell(&self, columns: &[Column], key: &str) -> Option<&Cell> {
        columns
            .iter()
            .position(|c| c.key == key)
            .and_then(|i| self.cells.get(i))
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Scorecard {
    pub by: By,
    pub period: Period,
    pub month: NaiveDate,
    /// The month the previous period ends with.
    pub previous: NaiveDate,
    /// The first month the counted figures cover.
    pub from: NaiveDate,
    /// The month was not asked for: the last bulan penimbangan with data.
    pub defaulted: bool,
    /// The district (kabupaten code).
    pub district: String,
    pub district_name: String,
    /// The Puskesmas whose desa are shown.
    pub puskesmas: Option<Org>,
    pub columns: Vec<Column>,
    /// Ranked: the highest stunting first, rows without a figure last.
    pub rows: Vec<Row>,
    pub total: Row,
    /// The Puskesmas the reader may open by desa.
    pub choices: Vec<(i64, String)>,
}

/// The fixed columns, then the coverage indicators in force at `month`, then the Jelek desa.
fn columns(all: &[IndicatorRow], month: NaiveDate) -> Vec<Column> {
    let target = |code: &str| in_force(all, code, month).and_then(|i| i.target);
    let fixed = |key: &str, direction, target| Column {
        key: key.to_string(),
        indicator: None,
        direction,
        target,
        count: false,
    };
    let mut v = vec![
        fixed("stunting", Direction::Lower, Some(STUNTING_TARGET)),
        fixed("wasting", Direction::Lower, Some(WASTING_TARGET)),
        fixed("underweight", Direction::Lower, None),
        fixed("ds", Direction::Higher, target("DS")),
        fixed("nd", Direction::Higher, target("ND")),
        fixed("lokmin", Direction::Higher, Some(LOKMIN_TARGET)),
        fixed("on_time", Direction::Higher, Some(ON_TIME_TARGET)),
    ];
    for code in COVERAGE {
        if let Some(ind) = in_force(all, code, month) {
            v.push(Column {
                key: ind.code.clone(),
                direction: ind.direction,
                target: ind.target,
                indicator: Some(ind.clone()),
                count: false,
            });
        }
    }
    v.push(Column {
        key: "jelek".into(),
        indicator: None,
        direction: Direction::Lower,
        target: Some(0.0),
        count: true,
    });
    v
}

/// One coverage column's PWS: its column index, the rows' lines and the whole, now and in
/// the previous period's year.
type CoverageLines = (usize, Vec<PwsLine>, PwsLine, Vec<PwsLine>, PwsLine);

/// A row being built: its desa (for the nutrition and coverage figures) and the Puskesmas
/// whose meetings count for it (none for a desa).
struct Unit {
    key: String,
    name: String,
    link: Option<String>,
    desa: Vec<WkDesa>,
    /// Puskesmas id for the PWS targets (0: the catalogue's).
    target_of: i64,
    hosts: Vec<i64>,
}

/// The scorecard for `q` (see the module). 403 for accounts without a scorecard
/// ([`scorecard_reach`]), or asking for another Puskesmas's desa or the district as a
/// Puskesmas; 422 for a Puskesmas id that is missing where rows are desa.
pub async fn scorecard(app: &App, actor: &Actor, q: &Query) -> Result<Scorecard> {
    let reach = scorecard_reach(actor).ok_or(AppError::Forbidden)?;
    let (by, pusk_id) = match reach {
        ScorecardReach::OwnDesa(own) => {
            if q.by.is_some_and(|b| b != By::Desa) || q.puskesmas.is_some_and(|p| p != own) {
                return Err(AppError::Forbidden);
            }
            (By::Desa, Some(own))
        }
        ScorecardReach::District => {
            let by =
                q.by.unwrap_or(if q.puskesmas.is_some() { By::Desa } else { By::Puskesmas });
            if by == By::Desa && q.puskesmas.is_none() {
                return Err(Invalid::one("puskesmas", "scorecard.puskesmas_required").into());
            }
            (by, if by == By::Desa { q.puskesmas } else { None })
        }
    };
    let today = app.clock().today_for(actor);
    // The district: the reader's region, the Puskesmas's, or (an unscoped admin) the demo's.
    let (shown, district) = {
        let mut tx = app.store.read().await?;
        let shown = match pusk_id {
            Some(id) => Some(puskesmas(&mut tx, actor, id, Act::Read).await?),
            None => None,
        };
        let district = match (&shown, &actor.area) {
            (Some((o, _)), _) => district_of(&o.region_code),
            (None, Area::Region(c)) => district_of(c.as_str()),
            _ => crate::demo::district::DISTRICT.to_string(),
        };
        (shown, district)
    };
    let (month, defaulted) = match q.month {
        Some(m) => (month_of(m), false),
        None => {
            let place = match &shown {
                Some((o, _)) => Where::Puskesmas(o.id),
                None => Where::Region(district.clone()),
            };
            match crate::nutrition::default_months(app, &place).await? {
                Some((m, _)) => (m, true),
                None => (crate::coverage::last_complete_month(today), true),
            }
        }
    };
    let period = q.period;
    let previous = period.previous(month);
    let from = period.start(month);

    let mut tx = app.store.read().await?;
    let district_name = store::region::get(&mut tx, &district)
        .await?
        .map(|r| r.name)
        .unwrap_or_else(|| district.clone());
    let list: Vec<Org> = district_puskesmas(&mut tx, actor)
        .await?
        .into_iter()
        .filter(|o| o.region_code.starts_with(&format!("{district}.")))
        .collect();
    let choices: Vec<(i64, String)> = list.iter().map(|o| (o.id, o.name.clone())).collect();
    let month_q = month.format("%Y-%m");
    let tail = format!("month={month_q}&period={}", period.as_str());
    // The rows.
    let mut units: Vec<Unit> = Vec::new();
    match (&shown, by) {
        (Some((o, desa)), _) => {
            for d in desa {
                units.push(Unit {
                    key: d.desa_code.clone(),
                    name: d.desa_name.clone(),
                    link: Some(format!(
                        "/coverage/desa/{}?year={}&month={}",
                        d.desa_code,
                        month.year(),
                        month.month()
                    )),
                    desa: vec![d.clone()],
                    target_of: o.id,
                    hosts: Vec::new(),
                });
            }
        }
        (None, By::Kecamatan) => {
            let ids: Vec<i64> = list.iter().map(|o| o.id).collect();
            let mut by_kec: BTreeMap<String, Vec<WkDesa>> = BTreeMap::new();
            for (_, d) in store::org::wilayah_kerja_of(&mut tx, &ids).await? {
                by_kec
                    .entry(d.desa_code.get(..8).unwrap_or("").to_string())
                    .or_default()
                    .push(d);
            }
            for k in store::region::children(&mut tx, Some(&district)).await? {
                let hosts = list
                    .iter()
                    .filter(|o| o.region_code == k.code || o.region_code.starts_with(&format!("{}.", k.code)))
                    .map(|o| o.id)
                    .collect();
                units.push(Unit {
                    link: Some(format!("/nutrition?region={}&month={month_q}", k.code)),
                    desa: by_kec.remove(&k.code).unwrap_or_default(),
                    key: k.code,
                    name: k.name,
                    target_of: 0,
                    hosts,
                });
            }
        }
        (None, _) => {
            let ids: Vec<i64> = list.iter().map(|o| o.id).collect();
            let mut wk: HashMap<i64, Vec<WkDesa>> = HashMap::new();
            for (p, d) in store::org::wilayah_kerja_of(&mut tx, &ids).await? {
                wk.entry(p).or_default().push(d);
            }
            for o in &list {
                units.push(Unit {
                    key: o.id.to_string(),
                    name: o.name.clone(),
                    link: Some(format!("/scorecard?by=desa&puskesmas={}&{tail}", o.id)),
                    desa: wk.remove(&o.id).unwrap_or_default(),
                    target_of: o.id,
                    hosts: vec![o.id],
                });
            }
        }
    }
    let all_ind = store::coverage::indicators(&mut tx).await?;
    let cols = columns(&all_ind, month);

    let tetap = settings_of(&mut tx).await?.tetap;
    // The figures are read in two transactions at once (below); neither waits for a
    // connection while holding another, so a full pool cannot deadlock on them.
    drop(tx);

    // Coverage: each indicator's PWS of the rows, and of every desa (for the Jelek count),
    // in the month's year and — when the previous period lies in another year — in that one.
    let row_units: Vec<(String, String, i64, Vec<WkDesa>)> = units
        .iter()
        .map(|u| (u.key.clone(), u.name.clone(), u.target_of, u.desa.clone()))
        .collect();
    let desa_units: Vec<(String, String, i64, Vec<WkDesa>)> = units
        .iter()
        .flat_map(|u| {
            u.desa
                .iter()
                .map(|d| (d.desa_code.clone(), d.desa_name.clone(), u.target_of, vec![d.clone()]))
        })
        .collect();
    let whole_of = shown.as_ref().map(|(o, _)| o.id);
    // Every coverage column's counts, sasaran and targets in one read each, for the rows and
    // each desa alone (for the Jelek count). They are read at the same time as the nutrition
    // and coordination figures below (on SQLite each connection reads on its own thread; on
    // PostgreSQL the round trips overlap).
    let inds: Vec<&IndicatorRow> = cols.iter().filter_map(|c| c.indicator.as_ref()).collect();
    let all_desa: Vec<String> = desa_units.iter().map(|u| u.0.clone()).collect();
    let mut pusk: Vec<i64> = units.iter().map(|u| u.target_of).collect();
    pusk.sort_unstable();
    pusk.dedup();
    let coverage_reads = async {
        let mut tx = app.store.read().await?;
        let reads = Reads::load(&mut tx, &inds, &all_desa, &pusk, month.year(), month.month()).await?;
        let before = if previous.year() != month.year() {
            Some(Reads::load(&mut tx, &inds, &all_desa, &pusk, previous.year(), previous.month()).await?)
        } else {
            None
        };
        Ok::<_, AppError>((reads, before))
    };

    // Nutrition: the month's and the previous period's tallies per desa, once each.
    let scope = match &shown {
        Some((_, desa)) => Scope::Desa(desa.iter().map(|d| d.desa_code.clone()).collect()),
        None => Scope::Region(district.clone()),
    };
    // Lokmin and actions: this period and the previous, for every host at once.
    let hosts: Vec<i64> = match &shown {
        Some((o, _)) => vec![o.id],
        None => list.iter().map(|o| o.id).collect(),
    };
    let prev_from = period.start(previous);
    let others = async {
        let mut tx = app.store.read().await?;
        let now_t = store::nutrition::tallies(&mut tx, &scope, month, "desa").await?;
        let before_t = store::nutrition::tallies(&mut tx, &scope, previous, "desa").await?;
        let held_now =
            store::scorecard::lokmin_held(&mut tx, &hosts, from, domain::nutrition::month_end(month)).await?;
        let held_before =
            store::scorecard::lokmin_held(&mut tx, &hosts, prev_from, domain::nutrition::month_end(previous)).await?;
        let acts_now =
            store::scorecard::due_actions(&mut tx, &hosts, from, domain::nutrition::month_end(month)).await?;
        let acts_before =
            store::scorecard::due_actions(&mut tx, &hosts, prev_from, domain::nutrition::month_end(previous)).await?;
        Ok::<_, AppError>((now_t, before_t, held_now, held_before, acts_now, acts_before))
    };
    let (coverage_reads, others) = tokio::join!(coverage_reads, others);
    let (reads, before) = coverage_reads?;
    let (now_t, before_t, held_now, held_before, acts_now, acts_before) = others?;

    let per_desa = |rows: Vec<(String, Tally)>| rows.into_iter().collect::<HashMap<String, Tally>>();
    let now_t = per_desa(now_t);
    let before_t = per_desa(before_t);
    let sum = |m: &HashMap<String, Tally>, desa: Option<&[WkDesa]>| -> Tally {
        match desa {
            Some(ds) => ds
                .iter()
                .filter_map(|d| m.get(&d.desa_code))
                .fold(Tally::default(), |a, t| a.plus(t)),
            None => m.values().fold(Tally::default(), |a, t| a.plus(t)),
        }
    };
    let held_now: HashMap<i64, i64> = held_now.into_iter().collect();
    let held_before: HashMap<i64, i64> = held_before.into_iter().collect();
    let expected_now = lokmin_expected(from, month, today);
    let expected_before = lokmin_expected(prev_from, previous, today);
    let on_time = |acts: Vec<store::scorecard::DueAction>| {
        let mut m: HashMap<i64, (i64, i64)> = HashMap::new();
        for a in acts {
            if a.due_on > today {
                continue;
            }
            let offset = chrono::Duration::hours(domain::action::utc_offset_hours(&a.region_code).into());
            let closed_on = a.closed_at.map(|c| (c + offset).date_naive());
            let e = m.entry(a.host_org_id).or_default();
            e.1 += 1;
            if closed_on_time(a.status == domain::action::ActionStatus::Done, closed_on, a.due_on) {
                e.0 += 1;
            }
        }
        m
    };
    let acts_now = on_time(acts_now);
    let acts_before = on_time(acts_before);

    let mut coverage: Vec<CoverageLines> = Vec::new();
    let mut jelek: HashMap<String, bool> = HashMap::new();
    for (i, col) in cols.iter().enumerate() {
        let Some(ind) = &col.indicator else { continue };
        let (lines, total) = reads.compute(ind, &row_units, tetap, whole_of, String::new());
        let desa_lines = if by == By::Desa {
            lines.clone()
        } else {
            reads.compute(ind, &desa_units, tetap, whole_of, String::new()).0
        };
        let (lines_b, total_b) = match &before {
            Some(b) => b.compute(ind, &row_units, tetap, whole_of, String::new()),
            None => (lines.clone(), total.clone()),
        };
        for l in desa_lines {
            let bad = l.at(month.month()).and_then(|m| m.status) == Some(PwsStatus::Jelek);
            *jelek.entry(l.key).or_default() |= bad;
        }
        coverage.push((i, lines, total, lines_b, total_b));
    }

    let coverage_cell = |ind: &IndicatorRow, now: Option<&PwsLine>, before: Option<&PwsLine>| -> Cell {
        let at = now.and_then(|l| l.at(month.month()));
        let value = at.and_then(|m| judged(ind, m));
        let before_v = before.and_then(|l| l.at(previous.month())).and_then(|m| judged(ind, m));
        let (num, den) = match at {
            Some(m) if ind.sasaran.is_none() => (m.achieved.map(|v| v as i64), m.denominator.map(|v| v as i64)),
            _ => (None, None),
        };
        Cell {
            value,
            num,
            den,
            before: before_v,
            // A figure without a PWS status (no target for it) is shown, not judged.
            status: match (value, at.and_then(|m| m.status)) {
                (Some(_), None) => Status::Unjudged,
                (_, s) => of_pws(s),
            },
            pws: at.and_then(|m| m.status),
            trend: trend(value, before_v, ind.direction),
            arrow: arrow(value, before_v),
        }
    };
    let make_row = |key: String,
                    name: String,
                    link: Option<String>,
                    desa: Option<&[WkDesa]>,
                    hosts: Option<&[i64]>,
                    line_of: &dyn Fn(&[PwsLine]) -> Option<usize>,
                    whole: bool|
     -> Row {
        let t = sum(&now_t, desa);
        let b = sum(&before_t, desa);
        let mut cells = Vec::with_capacity(cols.len());
        for (i, col) in cols.iter().enumerate() {
            let cell = match col.key.as_str() {
                "stunting" => Cell::ratio(col, t.stunted, t.haz_n, Tally::percent(b.stunted, b.haz_n)),
                "wasting" => Cell::ratio(col, t.wasted, t.whz_n, Tally::percent(b.wasted, b.whz_n)),
                "underweight" => Cell::ratio(col, t.underweight, t.waz_n, Tally::percent(b.underweight, b.waz_n)),
                "ds" => Cell::ratio(col, t.d, t.s, Tally::percent(b.d, b.s)),
                "nd" => Cell::ratio(col, t.n, t.d, Tally::percent(b.n, b.d)),
                "lokmin" | "on_time" => match hosts {
                    Some(hs) if !hs.is_empty() => {
                        let (n, d, bn, bd) = if col.key == "lokmin" {
                            let n: i64 = hs.iter().map(|h| held_now.get(h).copied().unwrap_or(0)).sum();
                            let bn: i64 = hs.iter().map(|h| held_before.get(h).copied().unwrap_or(0)).sum();
                            let k = hs.len() as i64;
                            (n, expected_now * k, bn, expected_before * k)
                        } else {
                            let f = |m: &HashMap<i64, (i64, i64)>| {
                                hs.iter()
                                    .filter_map(|h| m.get(h))
                                    .fold((0, 0), |a, x| (a.0 + x.0, a.1 + x.1))
                            };
                            let (n, d) = f(&acts_now);
                            let (bn, bd) = f(&acts_before);
                            (n, d, bn, bd)
                        };
                        Cell::ratio(col, n, d, Tally::percent(bn, bd))
                    }
                    _ => Cell::empty(),
                },
                "jelek" => {
                    let n = match desa {
                        Some(ds) => ds.iter().filter(|d| jelek.get(&d.desa_code) == Some(&true)).count(),
                        None => jelek.values().filter(|b| **b).count(),
                    };
                    Cell {
                        num: Some(n as i64),
                        ..Cell::judged(col, Some(n as f64), None)
                    }
                }
                _ => match (&col.indicator, coverage.iter().find(|c| c.0 == i)) {
                    (Some(ind), Some((_, lines, total, lines_b, total_b))) => {
                        if whole {
                            coverage_cell(ind, Some(total), Some(total_b))
                        } else {
                            let now = line_of(lines).map(|j| &lines[j]);
                            let before = line_of(lines_b).map(|j| &lines_b[j]);
                            coverage_cell(ind, now, before)
                        }
                    }
                    _ => Cell::empty(),
                },
            };
            cells.push(cell);
        }
        Row {
            key,
            name,
            link,
            cells,
            tally: t,
        }
    };
    let mut rows: Vec<Row> = units
        .iter()
        .map(|u| {
            let key = u.key.clone();
            make_row(
                u.key.clone(),
                u.name.clone(),
                u.link.clone(),
                Some(&u.desa),
                if by == By::Desa { None } else { Some(&u.hosts) },
                &|ls: &[PwsLine]| ls.iter().position(|l| l.key == key),
                false,
            )
        })
        .collect();
    let stunting = |r: &Row| Tally::percent(r.tally.stunted, r.tally.haz_n);
    rows.sort_by(|a, b| match (stunting(a), stunting(b)) {
        (Some(x), Some(y)) => y.total_cmp(&x).then_with(|| a.name.cmp(&b.name)),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => a.name.cmp(&b.name),
    });
    let (total_name, total_link) = match &shown {
        Some((o, _)) => (
            o.name.clone(),
            Some(format!("/nutrition?puskesmas={}&month={month_q}", o.id)),
        ),
        None => (
            district_name.clone(),
            Some(format!("/nutrition?region={district}&month={month_q}")),
        ),
    };
    let total = make_row(
        String::new(),
        total_name,
        total_link,
        None,
        Some(&hosts),
        &|_: &[PwsLine]| None,
        true,
    );
    Ok(Scorecard {
        by,
        period,
        month,
        previous,
        from,
        defaulted,
        district,
        district_name,
        puskesmas: shown.map(|(o, _)| o),
        columns: cols,
        rows,
        total,
        choices,
    })
}
