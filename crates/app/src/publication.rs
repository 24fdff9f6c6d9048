//! Public figures (`/publik`, no login): a region's stunting, wasting and underweight with
//! their 95% intervals, the bulan penimbangan, the monthly trend and the coverage a district
//! publishes, after small-cell suppression (`domain::publication`).
//!
//! **One tree per province.** Every public page is cut from the same computation: the monthly
//! tallies of every desa of the province over [`TREND_MONTHS`] months (one query,
//! `store::publication::desa_months`), summed up to kecamatan, district and province, each
//! district with its settings (and the places below it with their district's), then suppressed
//! over the whole tree per figure and month. A kecamatan hidden on its district's page is hidden
//! on its own page too, and no page's numbers subtract from another's to reveal a hidden cell.
//!
//! **Cache.** The tree of a province and the view of each code are kept in memory
//! ([`Cache`]): a crowd on publication day reads memory, not the database. An entry is valid
//! while the installation's publication generation is unchanged (bumped by every settings
//! change, so a district's choice shows at once) and for at most [`TTL`] (so a new weighing,
//! an import or a move shows within a minute without the many write paths of the nutrition
//! figures having to know about this cache). Concurrent first requests for one key wait for
//! one computation (a `tokio::sync::OnceCell` per key); at most [`CAPACITY`] keys are kept.

use crate::audit::Entry;
use crate::{App, AppError, Result};
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use domain::Invalid;
use domain::access::{Actor, Area, area_contains, sets_publication};
use domain::audit::AuditEvent;
use domain::nutrition::Tally;
use domain::publication::{
    Cell, Figure, Settings, SettingsInput, Thresholds, district_of, province_of, suppress, total_hidden,
};
use domain::region::{RegionCode, RegionLevel};
use serde::Serialize;
use std::collections::{BTreeSet, HashMap};
use std::future::Future;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};
use tokio::sync::OnceCell;

/// How many months the trend covers, up to the province's latest month with data.
pub const TREND_MONTHS: u32 = 24;
/// The longest an entry of the public cache is served.
pub const TTL: Duration = Duration::from_secs(60);
/// The most keys each cache keeps.
pub const CAPACITY: usize = 512;

// --- cache ------------------------------------------------------------------------------------

struct Slot<V> {
    generation: u64,
    born: Instant,
    cell: Arc<OnceCell<Arc<V>>>,
}

/// A bounded in-memory cache whose entries live for one generation and at most [`TTL`].
pub struct Cache<V> {
    slots: Mutex<HashMap<String, Slot<V>>>,
    computed: AtomicU64,
}

impl<V> Default for Cache<V> {
    fn default() -> Self {
        Self {
            slots: Mutex::new(HashMap::new()),
            computed: AtomicU64::new(0),
        }
    }
}

impl<V> Cache<V> {
    /// The value of `key`, computed by `make` once for all concurrent callers when missing,
    /// stale or of an older generation. An error is not kept: the next caller tries again.
    async fn get<F, Fut>(&self, key: &str, generation: u64, make: F) -> Result<Arc<V>>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<V>>,
    {
        self.get_at(key, generation, Instant::now(), make).await
    }

    /// [`Cache::get`] at the moment `now` (the tests move it past [`TTL`]).
    async fn get_at<F, Fut>(&self, key: &str, generation: u64, now: Instant, make: F) -> Result<Arc<V>>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<V>>,
    {
        let cell = {
            let mut slots = self.slots.lock().unwrap_or_else(PoisonError::into_inner);
            let fresh = |s: &Slot<V>| s.generation == generation && now.saturating_duration_since(s.born) < TTL;
            if !slots.get(key).is_some_and(fresh) {
                if slots.len() >= CAPACITY {
                    slots.retain(|_, s| fresh(s));
                }
                if slots.len() >= CAPACITY
                    && let Some(oldest) = slots.iter().min_by_key(|(_, s)| s.born).map(|(k, _)| k.clone())
                {
                    slots.remove(&oldest);
                }
                slots.insert(
                    key.to_string(),
                    Slot {
                        generation,
                        born: now,
                        cell: Arc::new(OnceCell::new()),
                    },
                );
            }
            slots.get(key).map(|s| s.cell.clone()).unwrap_or_default()
        };
        cell.get_or_try_init(|| async {
            self.computed.fetch_add(1, Ordering::Relaxed);
            make().await.map(Arc::new)
        })
        .await
        .cloned()
    }

    fn computed(&self) -> u64 {
        self.computed.load(Ordering::Relaxed)
    }
}

/// The public caches of an installation (held by [`App`]).
#[derive(Default)]
pub struct Caches {
    generation: AtomicU64,
    trees: Cache<Tree>,
    views: Cache<Option<View>>,
    index: Cache<Vec<Listed>>,
}

/// How many times the caches computed: (province trees, region views). A request answered
/// from memory adds nothing.
pub fn computed(app: &App) -> (u64, u64) {
    let c = app.publication();
    (c.trees.computed(), c.views.computed())
}

fn generation(app: &App) -> u64 {
    app.publication().generation.load(Ordering::SeqCst)
}

/// Marks every cached public figure as out of date (a settings change).
pub fn invalidate(app: &App) {
    app.publication().generation.fetch_add(1, Ordering::SeqCst);
}

// --- the tree ---------------------------------------------------------------------------------

/// One place of a province's tree.
#[derive(Debug, Clone)]
pub struct Place {
    pub code: String,
    pub name: String,
    pub parent: Option<usize>,
    /// The settings in force here: its district's (a province: every figure its districts
    /// all publish, the strictest thresholds).
    pub settings: Settings,
    /// One tally per month of [`Tree::months`].
    pub tallies: Vec<Tally>,
    /// Per figure (in `Figure::ALL` order) and month: shown as suppressed.
    pub hidden: Vec<Vec<bool>>,
}

/// A province's public figures, suppressed.
#[derive(Debug, Clone)]
pub struct Tree {
    pub months: Vec<NaiveDate>,
    pub places: Vec<Place>,
    index: HashMap<String, usize>,
    /// When the figures were read.
    pub as_of: DateTime<Utc>,
}

fn months_back(end: NaiveDate, n: u32) -> Vec<NaiveDate> {
    let start = end.checked_sub_months(chrono::Months::new(n - 1)).unwrap_or(end);
    let mut out = Vec::new();
    let mut m = start;
    while m <= end {
        out.push(m);
        match m.checked_add_months(chrono::Months::new(1)) {
            Some(n) => m = n,
            None => break,
        }
    }
    out
}

async fn build_tree(app: &App, province: &str) -> Result<Tree> {
    let as_of = app.clock().now();
    let mut tx = app.store.read().await?;
    let latest = store::followup::latest_month(&mut tx, &store::nutrition::Scope::Region(province.to_string())).await?;
    let months = latest.map(|l| months_back(l, TREND_MONTHS)).unwrap_or_default();
    let rows = match (months.first(), months.last()) {
        (Some(from), Some(to)) => store::publication::desa_months(&mut tx, province, *from, *to).await?,
        _ => Vec::new(),
    };
    let stored: HashMap<String, Settings> = store::publication::settings(&mut tx, province)
        .await?
        .into_iter()
        .collect();
    // The codes of the tree: the province, and every desa with data and its ancestors.
    let mut codes: BTreeSet<String> = BTreeSet::new();
    codes.insert(province.to_string());
    for (_, desa, _) in &rows {
        let parts: Vec<&str> = desa.split('.').collect();
        for n in 2..=parts.len() {
            codes.insert(parts[..n].join("."));
        }
    }
    let list: Vec<String> = codes.iter().cloned().collect();
    let names: HashMap<String, String> = store::region::get_many(&mut tx, &list)
        .await?
        .into_iter()
        .map(|r| (r.code, r.name))
        .collect();
    drop(tx);
    let index: HashMap<String, usize> = list.iter().enumerate().map(|(i, c)| (c.clone(), i)).collect();
    let month_index: HashMap<NaiveDate, usize> = months.iter().enumerate().map(|(i, m)| (*m, i)).collect();
    let settings_of = |code: &str| -> Settings {
        district_of(code)
            .and_then(|d| stored.get(&d).cloned())
            .unwrap_or_default()
    };
    let mut places: Vec<Place> = list
        .iter()
        .map(|c| Place {
            code: c.clone(),
            name: names.get(c).cloned().unwrap_or_else(|| c.clone()),
            parent: RegionCode::parse(c)
                .ok()
                .and_then(|r| r.parent())
                .and_then(|p| index.get(p.as_str()).copied()),
            settings: settings_of(c),
            tallies: vec![Tally::default(); months.len()],
            hidden: Vec::new(),
        })
        .collect();
    // Desa tallies, summed up the tree.
    for (m, desa, t) in &rows {
        let (Some(&mi), Some(&di)) = (month_index.get(m), index.get(desa)) else {
            continue;
        };
        let mut at = Some(di);
        while let Some(i) = at {
            places[i].tallies[mi] = places[i].tallies[mi].plus(t);
            at = places[i].parent;
        }
    }
    // The province publishes what every district with data publishes, at the strictest thresholds.
    let districts: Vec<&Place> = places.iter().filter(|p| p.code.split('.').count() == 2).collect();
    let mut root = Settings {
        indicators: Vec::new(),
        ..Settings::default()
    };
    if !districts.is_empty() {
        root.stunting = districts.iter().all(|d| d.settings.stunting);
        root.wasting = districts.iter().all(|d| d.settings.wasting);
        root.underweight = districts.iter().all(|d| d.settings.underweight);
        root.thresholds = districts
            .iter()
            .fold(Thresholds::default(), |t, d| t.max(d.settings.thresholds));
    }
    if let Some(&r) = index.get(province) {
        places[r].settings = root;
    }
    // Suppression per figure and month: each district's tree on its own (the district its
    // root), then the province total over its districts (`total_hidden`).
    let root = index.get(province).copied();
    let parents: Vec<Option<usize>> = places.iter().map(|p| p.parent.filter(|q| Some(*q) != root)).collect();
    let mut hidden: Vec<Vec<Vec<bool>>> = vec![vec![Vec::new(); Figure::ALL.len()]; places.len()];
    for (fi, f) in Figure::ALL.iter().enumerate() {
        for mi in 0..months.len() {
            let cells: Vec<Cell> = places.iter().map(|p| f.cell(&p.tallies[mi])).collect();
            let primary: Vec<bool> = places
                .iter()
                .zip(&cells)
                .map(|(p, c)| !p.settings.publishes(*f) || p.settings.thresholds.primary(*c))
                .collect();
            let mut h = suppress(&cells, &parents, &primary);
            if let Some(r) = root {
                let parts: Vec<(Cell, bool)> = (0..places.len())
                    .filter(|&i| places[i].parent == Some(r))
                    .map(|i| (cells[i], h[i]))
                    .collect();
                h[r] = total_hidden(primary[r], &parts);
            }
            for (i, x) in h.into_iter().enumerate() {
                hidden[i][fi].push(x);
            }
        }
    }
    for (p, h) in places.iter_mut().zip(hidden) {
        p.hidden = h;
    }
    Ok(Tree {
        months,
        places,
        index,
        as_of,
    })
}

// --- the view ---------------------------------------------------------------------------------

/// A figure as published.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum Value {
    /// Nobody measured for it.
    NoData,
    /// Too small to publish, or could reveal one that is.
    Suppressed,
    Shown {
        count: i64,
        measured: i64,
        /// Prevalence and its Wilson 95% interval, percent.
        pct: f64,
        lower: f64,
        upper: f64,
    },
}

impl Value {
    fn of(cell: Cell, hidden: bool) -> Value {
        if cell.measured == 0 {
            return Value::NoData;
        }
        if hidden {
            return Value::Suppressed;
        }
        match Tally::prevalence(cell.count, cell.measured) {
            Some((pct, lower, upper)) => Value::Shown {
                count: cell.count,
                measured: cell.measured,
                pct,
                lower,
                upper,
            },
            None => Value::NoData,
        }
    }

    pub fn shown(&self) -> bool {
        matches!(self, Value::Shown { .. })
    }
}

/// One figure of a place.
#[derive(Debug, Clone, Serialize)]
pub struct FigureView {
    pub figure: Figure,
    /// The place in [`View::month`].
    pub latest: Value,
    /// The bulan penimbangan (February, August) with data in the window, newest first.
    pub weighing: Vec<(NaiveDate, Value)>,
    /// Every month of the window, oldest first.
    pub trend: Vec<(NaiveDate, Value)>,
    /// The places one level down in [`View::month`], by code.
    pub lines: Vec<(String, String, Value)>,
}

/// A published coverage indicator: its aggregate capaian over the district.
#[derive(Debug, Clone, Serialize)]
pub struct CoverageLine {
    pub code: String,
    pub name_id: String,
    pub name_en: String,
    pub numerator: f64,
    pub denominator: Option<f64>,
    pub capaian: Option<f64>,
    pub year: i32,
    pub through: u32,
}

/// What the public page of one region shows.
#[derive(Debug, Clone, Serialize)]
pub struct View {
    pub code: String,
    pub name: String,
    pub level: RegionLevel,
    /// The regions above, province first: (code, name).
    pub crumbs: Vec<(String, String)>,
    /// The settings in force (the district's; a province's combined).
    pub settings: Settings,
    /// The month the figures open on: the last bulan penimbangan with data for this place
    /// (`domain::nutrition::default_months`), else its latest month with data.
    pub month: Option<NaiveDate>,
    pub figures: Vec<FigureView>,
    pub coverage: Vec<CoverageLine>,
    pub as_of: DateTime<Utc>,
}

impl View {
    pub fn publishes_anything(&self) -> bool {
        self.settings.publishes_anything()
    }
}

fn is_weighing(m: NaiveDate) -> bool {
    matches!(m.month(), 2 | 8)
}

/// The public view of a region by its code (`15`, `15.03`, `15.03.01`, `15.03.01.2001`, or
/// the same without dots). `NotFound` for a malformed or unknown code. Served from memory
/// after the first request (see the module documentation).
pub async fn view(app: &App, code: &str) -> Result<Arc<Option<View>>> {
    let code = RegionCode::parse(code).map_err(|_| AppError::NotFound)?;
    let key = code.as_str().to_string();
    let generation = generation(app);
    app.publication()
        .views
        .get(&key, generation, || build_view(app, code, generation))
        .await
}

async fn build_view(app: &App, code: RegionCode, generation: u64) -> Result<Option<View>> {
    let province = province_of(code.as_str());
    let tree = app
        .publication()
        .trees
        .get(&province, generation, || build_tree(app, &province))
        .await?;
    let mut ancestors: Vec<String> = Vec::new();
    let mut at = code.parent();
    while let Some(p) = at {
        ancestors.insert(0, p.as_str().to_string());
        at = p.parent();
    }
    let mut wanted = ancestors.clone();
    wanted.push(code.as_str().to_string());
    let (region, names, stored) = {
        let mut tx = app.store.read().await?;
        let names = store::region::get_many(&mut tx, &wanted).await?;
        let Some(region) = names.iter().find(|r| r.code == code.as_str()).cloned() else {
            return Ok(None);
        };
        let stored = match district_of(code.as_str()) {
            Some(d) => store::publication::settings(&mut tx, &d)
                .await?
                .into_iter()
                .find(|(c, _)| *c == d)
                .map(|(_, s)| s)
                .unwrap_or_default(),
            None => Settings::default(),
        };
        (region, names, stored)
    };
    let crumbs = ancestors
        .iter()
        .map(|a| {
            let name = names
                .iter()
                .find(|r| r.code == *a)
                .map(|r| r.name.clone())
                .unwrap_or_default();
            (a.clone(), name)
        })
        .collect();
    let place = tree.index.get(code.as_str()).map(|&i| (i, &tree.places[i]));
    let settings = match place {
        Some((_, p)) => p.settings.clone(),
        None if code.level() == RegionLevel::Province => Settings::default(),
        None => stored.clone(),
    };
    let mut month = None;
    let mut figures = Vec::new();
    if let Some((idx, p)) = place {
        // The last bulan penimbangan with data (else the latest month), as the report opens.
        let with_data: Vec<NaiveDate> = tree
            .months
            .iter()
            .zip(&p.tallies)
            .filter(|(_, t)| t.measured > 0)
            .map(|(m, _)| *m)
            .collect();
        month = domain::nutrition::default_months(&with_data).map(|d| d.0);
        let last = month.and_then(|m| tree.months.iter().position(|x| *x == m));
        let children: Vec<(usize, &Place)> = tree
            .places
            .iter()
            .enumerate()
            .filter(|(_, c)| c.parent == Some(idx))
            .collect();
        for (fi, f) in Figure::ALL.iter().enumerate() {
            if !settings.publishes(*f) {
                continue;
            }
            let value_at = |pl: &Place, mi: usize| Value::of(f.cell(&pl.tallies[mi]), pl.hidden[fi][mi]);
            let trend: Vec<(NaiveDate, Value)> = tree
                .months
                .iter()
                .enumerate()
                .map(|(mi, m)| (*m, value_at(p, mi)))
                .collect();
            let weighing = trend
                .iter()
                .rev()
                .filter(|(m, v)| is_weighing(*m) && *v != Value::NoData)
                .copied()
                .collect();
            let latest = last.map(|mi| value_at(p, mi)).unwrap_or(Value::NoData);
            let lines = last
                .map(|mi| {
                    children
                        .iter()
                        .map(|(_, c)| (c.code.clone(), c.name.clone(), value_at(c, mi)))
                        .collect()
                })
                .unwrap_or_default();
            figures.push(FigureView {
                figure: *f,
                latest,
                weighing,
                trend,
                lines,
            });
        }
    }
    let coverage = if code.level() == RegionLevel::Regency && !stored.indicators.is_empty() {
        coverage_lines(app, code.as_str(), &stored.indicators, month).await?
    } else {
        Vec::new()
    };
    Ok(Some(View {
        code: code.as_str().to_string(),
        name: region.name,
        level: code.level(),
        crumbs,
        settings,
        month,
        figures,
        coverage,
        as_of: tree.as_of,
    }))
}

/// The district's SPM capaian of the chosen indicators, January to the month of the figures
/// (or the whole of last year without figures), as a viewer of the district reads them.
async fn coverage_lines(
    app: &App,
    district: &str,
    codes: &[String],
    month: Option<NaiveDate>,
) -> Result<Vec<CoverageLine>> {
    let Ok(region) = RegionCode::parse(district) else {
        return Ok(Vec::new());
    };
    let (year, through) = match month {
        Some(m) => (m.year(), m.month()),
        None => (app.clock().today_in(district).year() - 1, 12),
    };
    let public = Actor {
        user_id: 0,
        username: "publik".into(),
        display_name: "publik".into(),
        role: domain::user::Role::Viewer,
        org_id: None,
        area: Area::Region(region),
    };
    let spm = match crate::coverage::spm(app, &public, year, through, None).await {
        Ok(s) => s,
        Err(AppError::Invalid(_)) => return Ok(Vec::new()),
        Err(e) => return Err(e),
    };
    Ok(spm
        .lines
        .into_iter()
        .filter(|l| codes.contains(&l.indicator.code))
        .map(|l| CoverageLine {
            code: l.indicator.code.clone(),
            name_id: l.indicator.name_id.clone(),
            name_en: l.indicator.name_en.clone(),
            numerator: l.numerator,
            denominator: l.denominator,
            capaian: l.capaian,
            year,
            through,
        })
        .collect())
}

// --- the index --------------------------------------------------------------------------------

/// A district on the public index.
#[derive(Debug, Clone, Serialize)]
pub struct Listed {
    pub province: (String, String),
    pub code: String,
    pub name: String,
    pub publishes: bool,
}

/// The districts with figures, by province (cached like the views).
pub async fn index(app: &App) -> Result<Arc<Vec<Listed>>> {
    let generation = generation(app);
    app.publication()
        .index
        .get("", generation, || async {
            let mut tx = app.store.read().await?;
            let districts = store::publication::districts_with_data(&mut tx).await?;
            let mut codes: Vec<String> = districts.iter().map(|d| province_of(d)).collect();
            codes.extend(districts.iter().cloned());
            codes.sort();
            codes.dedup();
            let names: HashMap<String, String> = store::region::get_many(&mut tx, &codes)
                .await?
                .into_iter()
                .map(|r| (r.code, r.name))
                .collect();
            let stored: HashMap<String, Settings> =
                store::publication::settings(&mut tx, "").await?.into_iter().collect();
            Ok(districts
                .into_iter()
                .map(|d| {
                    let p = province_of(&d);
                    Listed {
                        province: (p.clone(), names.get(&p).cloned().unwrap_or_default()),
                        name: names.get(&d).cloned().unwrap_or_default(),
                        publishes: stored.get(&d).cloned().unwrap_or_default().publishes_anything(),
                        code: d,
                    }
                })
                .collect())
        })
        .await
}

// --- settings ---------------------------------------------------------------------------------

/// The settings page of a district: what it publishes now and the coverage indicators it may
/// choose from (the SPM services in force).
#[derive(Debug, Clone, Serialize)]
pub struct SettingsView {
    pub district: String,
    pub name: String,
    pub settings: Settings,
    /// The districts the account may set, (code, name).
    pub choices: Vec<(String, String)>,
    /// (code, Indonesian name, English name).
    pub indicators: Vec<(String, String, String)>,
}

/// The districts an account may set: admin every district with figures or settings, dinkes
/// its own.
async fn districts_for(tx: &mut store::Tx, actor: &Actor) -> Result<Vec<String>> {
    let mut out = match &actor.area {
        Area::Region(code) => district_of(code.as_str()).into_iter().collect(),
        Area::All => {
            let mut v = store::publication::districts_with_data(tx).await?;
            v.extend(store::publication::settings(tx, "").await?.into_iter().map(|(d, _)| d));
            v
        }
        _ => Vec::new(),
    };
    out.retain(|d| area_contains(&actor.area, 0, d));
    out.sort();
    out.dedup();
    Ok(out)
}

/// The settings of `district` (or the account's first) for those who set them.
pub async fn settings(app: &App, actor: &Actor, district: Option<&str>) -> Result<SettingsView> {
    if !sets_publication(actor) {
        return Err(AppError::Forbidden);
    }
    let mut tx = app.store.read().await?;
    let mut codes = districts_for(&mut tx, actor).await?;
    let district = match district {
        Some(d) => {
            let d = RegionCode::parse(d)
                .ok()
                .filter(|c| c.level() == RegionLevel::Regency)
                .ok_or_else(|| Invalid::one("district", "publication.district"))?;
            if !area_contains(&actor.area, 0, d.as_str()) {
                return Err(AppError::Forbidden);
            }
            d.as_str().to_string()
        }
        None => codes.first().cloned().ok_or(AppError::Forbidden)?,
    };
    if !codes.contains(&district) {
        codes.push(district.clone());
        codes.sort();
    }
    let regions = store::region::get_many(&mut tx, &codes).await?;
    let name = regions
        .iter()
        .find(|r| r.code == district)
        .map(|r| r.name.clone())
        .ok_or(AppError::NotFound)?;
    let settings = store::publication::settings(&mut tx, &district)
        .await?
        .into_iter()
        .find(|(c, _)| *c == district)
        .map(|(_, s)| s)
        .unwrap_or_default();
    let all = store::coverage::indicators(&mut tx).await?;
    let today = app.clock().today_in(&district);
    let mut indicators: Vec<(String, String, String)> = crate::coverage::codes_in_force(&all, today)
        .into_iter()
        .filter(|r| r.spm.is_some())
        .map(|r| (r.code.clone(), r.name_id.clone(), r.name_en.clone()))
        .collect();
    indicators.sort();
    indicators.dedup_by(|a, b| a.0 == b.0);
    let choices = codes
        .iter()
        .map(|c| {
            let n = regions
                .iter()
                .find(|r| r.code == *c)
                .map(|r| r.name.clone())
                .unwrap_or_default();
            (c.clone(), n)
        })
        .collect();
    Ok(SettingsView {
        district,
        name,
        settings,
        choices,
        indicators,
    })
}

/// Stores what a district publishes: admin, or dinkes of that district; an audit row in the
/// same transaction; the public cache then reads again.
pub async fn save(app: &App, actor: &Actor, input: SettingsInput) -> Result<Settings> {
    if !sets_publication(actor) {
        return Err(AppError::Forbidden);
    }
    if let Ok(c) = RegionCode::parse(&input.district)
        && c.level() == RegionLevel::Regency
        && !area_contains(&actor.area, 0, c.as_str())
    {
        return Err(AppError::Forbidden);
    }
    let input = input.check()?;
    let district = input.district.clone();
    let s = input.settings();
    let mut tx = app.store.write().await?;
    store::region::get(&mut tx, &district)
        .await?
        .ok_or_else(|| Invalid::one("district", "publication.district"))?;
    if !s.indicators.is_empty() {
        let known: Vec<String> = store::coverage::indicators(&mut tx)
            .await?
            .into_iter()
            .filter(|r| r.spm.is_some())
            .map(|r| r.code)
            .collect();
        if s.indicators.iter().any(|c| !known.contains(c)) {
            return Err(Invalid::one("indicators", "choice.unknown").into());
        }
    }
    let before = store::publication::settings(&mut tx, &district)
        .await?
        .into_iter()
        .find(|(c, _)| *c == district)
        .map(|(_, s)| s);
    store::publication::save(&mut tx, &district, &s, &actor.username).await?;
    crate::audit::write(
        &mut tx,
        actor,
        Entry::new(
            AuditEvent::PublicationSaved,
            &district,
            format!(
                "public figures of {district}: {}",
                s.figures().iter().map(|f| f.as_str()).collect::<Vec<_>>().join(", ")
            ),
        )
        .before(before.and_then(|b| serde_json::to_value(b).ok()))
        .after(serde_json::to_value(&s).ok()),
    )
    .await?;
    tx.commit().await?;
    invalidate(app);
    Ok(s)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::{CAPACITY, Cache, TTL};
    use crate::AppError;
    use std::time::{Duration, Instant};

    async fn value(cache: &Cache<u64>, key: &str, generation: u64, at: Instant, v: u64) -> u64 {
        *cache
            .get_at(key, generation, at, || async move { Ok(v) })
            .await
            .unwrap()
    }

    /// A figure is served from memory for [`TTL`] and computed again after it, or at once when
    /// the settings changed (a new generation).
    #[tokio::test]
    async fn an_entry_lives_for_its_ttl_and_its_generation() {
        let cache = Cache::<u64>::default();
        let t0 = Instant::now();
        assert_eq!(value(&cache, "15", 0, t0, 1).await, 1);
        let just_before = t0 + TTL - Duration::from_millis(1);
        assert_eq!(value(&cache, "15", 0, just_before, 2).await, 1, "still fresh");
        assert_eq!(cache.computed(), 1);
        assert_eq!(value(&cache, "15", 0, t0 + TTL, 3).await, 3, "expired at the TTL");
        assert_eq!(cache.computed(), 2);
        assert_eq!(value(&cache, "15", 1, t0 + TTL, 4).await, 4, "a new generation");
        assert_eq!(value(&cache, "15.03", 1, t0 + TTL, 5).await, 5, "another key");
        assert_eq!(cache.computed(), 4);
    }

    /// A failed computation is not kept: the next request tries again.
    #[tokio::test]
    async fn an_error_is_not_kept() {
        let cache = Cache::<u64>::default();
        let t0 = Instant::now();
        let failed = cache
            .get_at("15", 0, t0, || async { Err::<u64, _>(AppError::NotFound) })
            .await;
        assert!(failed.is_err());
        assert_eq!(value(&cache, "15", 0, t0, 7).await, 7);
    }

    /// Many keys (a crawler asking for every desa) keep at most [`CAPACITY`] entries: the stale
    /// go first, then the oldest.
    #[tokio::test]
    async fn the_cache_keeps_at_most_its_capacity() {
        let cache = Cache::<u64>::default();
        let t0 = Instant::now();
        value(&cache, "a0", 0, t0, 0).await;
        for i in 1..CAPACITY as u64 {
            value(&cache, &format!("a{i}"), 0, t0 + Duration::from_millis(1), i).await;
        }
        let later = t0 + Duration::from_secs(1);
        value(&cache, "b", 0, later, 1).await;
        let len = cache.slots.lock().unwrap().len();
        assert_eq!(len, CAPACITY);
        assert!(!cache.slots.lock().unwrap().contains_key("a0"), "the oldest went");
        // After the TTL every old entry is stale and is dropped at once.
        value(&cache, "c", 0, t0 + TTL + Duration::from_secs(2), 1).await;
        let keys: Vec<String> = cache.slots.lock().unwrap().keys().cloned().collect();
        assert_eq!(keys, ["c"]);
    }
}
