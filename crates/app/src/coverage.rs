//! Coverage monitoring: the indicator catalogue, each desa's sasaran, each Puskesmas's
//! targets (locked by the district), the monthly achievements and what is computed from
//! them — PWS per indicator, desa and month, and which Puskesmas reported which month.
//!
//! Who may do what: every signed-in account reads the catalogue; a Puskesmas's figures are
//! read by whoever reads the Puskesmas (its own accounts, Dinkes and viewers of the
//! district, admin) and written by whoever writes it (its own accounts, Dinkes, admin).
//! Once Dinkes locks a year ([`set_lock`]), its targets and sasaran change only by
//! [`approves_targets`] accounts, with a reason kept in the audit row.

use crate::audit::Entry;
use crate::{App, AppError, Result, Store};
use chrono::{Datelike, Months, NaiveDate};
use domain::Invalid;
use domain::access::{Act, Actor, Target, approves_targets, area_contains, can, sees_district_views};
use domain::audit::AuditEvent;
use domain::coverage::{
    AchievementInput, AchievementSource, Denominator, Derived, Direction, IndicatorDef, PwsMonth, PwsStatus,
    SasaranInput, SasaranKind, SasaranSource, TargetInput, TetapRule, Unit, YEARS, first_of_month, pws,
    report_deadline,
};
use domain::org::OrgKind;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};
use store::coverage::{AchievementRow, DesaTally, IndicatorRow, LockRow, RatioRow, ReportRow, SasaranRow, TargetRow};
use store::org::{Org, OrgFilter, WkDesa};

/// The setting for how an unchanged month counts ([`TetapRule`]).
pub const TETAP_RULE: &str = "coverage_tetap_rule";
/// The setting for the day of the next month a report is due by (default 5).
pub const DEADLINE_DAY: &str = "coverage_deadline_day";
/// The day of the next month a month's report is due by, unless set.
pub const DEFAULT_DEADLINE_DAY: u32 = 5;

/// The installation's coverage settings.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Settings {
    pub tetap: TetapRule,
    pub deadline_day: u32,
}

pub(crate) async fn settings_of(tx: &mut store::Tx) -> Result<Settings> {
    let tetap = store::setting::get(tx, TETAP_RULE)
        .await?
        .and_then(|s| TetapRule::parse(&s).ok())
        .unwrap_or_default();
    let deadline_day = store::setting::get(tx, DEADLINE_DAY)
        .await?
        .and_then(|s| s.parse::<u32>().ok())
        .filter(|d| (1..=28).contains(d))
        .unwrap_or(DEFAULT_DEADLINE_DAY);
    Ok(Settings { tetap, deadline_day })
}

/// The coverage settings in force.
pub async fn settings(app: &App) -> Result<Settings> {
    let mut tx = app.store.read().await?;
    settings_of(&mut tx).await
}

/// Changes the coverage settings (administrators; audited). The deadline day is 1–28.
pub async fn set_settings(app: &App, actor: &Actor, s: Settings) -> Result<()> {
    can(actor, Act::Write, Target::Admin)?;
    if !(1..=28).contains(&s.deadline_day) {
        return Err(Invalid::one("deadline_day", "coverage.deadline_day").into());
    }
    let mut tx = app.store.write().await?;
    let before = settings_of(&mut tx).await?;
    store::setting::set(&mut tx, TETAP_RULE, s.tetap.as_str()).await?;
    store::setting::set(&mut tx, DEADLINE_DAY, &s.deadline_day.to_string()).await?;
    crate::audit::write(
        &mut tx,
        actor,
        Entry::new(AuditEvent::SettingUpdated, TETAP_RULE, "coverage settings changed")
            .before(Some(
                serde_json::json!({"tetap": before.tetap, "deadline_day": before.deadline_day}),
            ))
            .after(Some(
                serde_json::json!({"tetap": s.tetap, "deadline_day": s.deadline_day}),
            )),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

// --- the catalogue ----------------------------------------------------------------------------

/// Loads the catalogue and the sasaran ratios Lintas ships into an installation that has
/// none (first start); whether it loaded anything. Recorded in the audit log.
pub async fn ensure_catalogue(store: &Store) -> Result<bool> {
    let mut tx = store.write().await?;
    if !store::coverage::indicators(&mut tx).await?.is_empty() {
        return Ok(false);
    }
    let defs = interop::indicator::read(interop::indicator::SHIPPED)
        .map_err(|e| AppError::Internal(format!("shipped indicator catalogue: {e:?}")))?;
    for d in &defs {
        store::coverage::put_indicator(&mut tx, d).await?;
    }
    if store::coverage::ratios(&mut tx).await?.is_empty() {
        let ratios = interop::indicator::read_ratios(interop::indicator::SHIPPED_RATIOS)
            .map_err(|e| AppError::Internal(format!("shipped sasaran ratios: {e:?}")))?;
        for r in ratios {
            store::coverage::put_ratio(
                &mut tx,
                &RatioRow {
                    kind: r.kind,
                    ratio: r.ratio,
                    basis: r.basis,
                },
            )
            .await?;
        }
    }
    crate::audit::record(
        &mut tx,
        None,
        Entry::about_nothing(
            AuditEvent::IndicatorCreated,
            format!("indicator catalogue loaded: {} indicators", defs.len()),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(true)
}

/// Every version of every indicator (any signed-in account).
pub async fn catalogue(app: &App, _actor: &Actor) -> Result<Vec<IndicatorRow>> {
    let mut tx = app.store.read().await?;
    Ok(store::coverage::indicators(&mut tx).await?)
}

/// The version of `code` in force on `day`: the one valid then, else the newest that started
/// before it.
pub fn in_force<'a>(all: &'a [IndicatorRow], code: &str, day: NaiveDate) -> Option<&'a IndicatorRow> {
    let versions = all.iter().filter(|r| r.code == code);
    versions
        .clone()
        .filter(|r| r.valid_from <= day && r.valid_to.is_none_or(|to| day <= to))
        .max_by_key(|r| r.valid_from)
        .or_else(|| versions.filter(|r| r.valid_from <= day).max_by_key(|r| r.valid_from))
}

/// The codes of the indicators in force on `day`, each once, in catalogue order.
pub fn codes_in_force(all: &[IndicatorRow], day: NaiveDate) -> Vec<&IndicatorRow> {
    let mut seen = HashSet::new();
    all.iter()
        .filter(|r| seen.insert(r.code.as_str()))
        .filter_map(|r| in_force(all, &r.code, day))
        .collect()
}

/// Adds or changes one version of an indicator (admin and dinkes; audited with the version
/// before).
pub async fn save_indicator(app: &App, actor: &Actor, def: IndicatorDef) -> Result<i64> {
    put_indicator(app, actor, def, true).await
}

/// Adds a version of an indicator — a new indicator, or a new version of one (admin and
/// dinkes; audited): a version the indicator already has is refused (`version`,
/// `indicator.version_taken`) rather than replaced.
pub async fn add_indicator(app: &App, actor: &Actor, def: IndicatorDef) -> Result<i64> {
    put_indicator(app, actor, def, false).await
}

/// What the form for a new indicator version starts from (admin and dinkes): with `code`, the
/// version of that indicator in force on `day` (else its newest; an unknown code is not
/// found); without, nothing.
pub async fn indicator_template(
    app: &App,
    actor: &Actor,
    code: Option<&str>,
    day: NaiveDate,
) -> Result<Option<IndicatorRow>> {
    if !approves_targets(actor) {
        return Err(AppError::Forbidden);
    }
    let Some(code) = code.map(|c| c.trim().to_ascii_uppercase()).filter(|c| !c.is_empty()) else {
        return Ok(None);
    };
    let mut tx = app.store.read().await?;
    let all = store::coverage::indicators(&mut tx).await?;
    let newest = all.iter().filter(|r| r.code == code).max_by_key(|r| r.valid_from);
    in_force(&all, &code, day)
        .or(newest)
        .cloned()
        .map(Some)
        .ok_or(AppError::NotFound)
}

async fn put_indicator(app: &App, actor: &Actor, def: IndicatorDef, replace: bool) -> Result<i64> {
    if !approves_targets(actor) {
        return Err(AppError::Forbidden);
    }
    let def = def.check()?;
    let mut tx = app.store.write().await?;
    let all = store::coverage::indicators(&mut tx).await?;
    let before = all.iter().find(|r| r.code == def.code && r.version == def.version);
    if before.is_some() && !replace {
        return Err(Invalid::one("version", "indicator.version_taken").into());
    }
    let before_json = before.map(|b| indicator_json(&b.def()));
    let (id, created) = store::coverage::put_indicator(&mut tx, &def).await?;
    crate::audit::write(
        &mut tx,
        actor,
        Entry::new(
            if created {
                AuditEvent::IndicatorCreated
            } else {
                AuditEvent::IndicatorUpdated
            },
            id,
            format!("indicator {} ({}) saved", def.code, def.version),
        )
        .before(before_json)
        .after(Some(indicator_json(&def))),
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

fn indicator_json(d: &IndicatorDef) -> serde_json::Value {
    serde_json::json!({
        "code": d.code, "version": d.version, "name_id": d.name_id, "name_en": d.name_en,
        "program": d.program, "cluster": d.cluster, "spm": d.spm, "unit": d.unit,
        "direction": d.direction, "sasaran": d.sasaran, "target": d.target, "derived": d.derived,
        "numerator": d.numerator, "denominator": d.denominator, "legal_basis": d.legal_basis,
        "valid_from": d.valid_from, "valid_to": d.valid_to,
    })
}

// --- a Puskesmas and its year -----------------------------------------------------------------

/// A Puskesmas the actor may `act` on, with the desa of its wilayah kerja.
pub(crate) async fn puskesmas(tx: &mut store::Tx, actor: &Actor, id: i64, act: Act) -> Result<(Org, Vec<WkDesa>)> {
    let org = store::org::get(tx, id).await?.ok_or(AppError::NotFound)?;
    if org.kind != OrgKind::Puskesmas {
        return Err(AppError::NotFound);
    }
    can(
        actor,
        act,
        Target::Org {
            id: org.id,
            region: &org.region_code,
        },
    )?;
    let desa = store::org::wilayah_kerja(tx, id).await?;
    Ok((org, desa))
}

/// Whether the actor writes the Puskesmas's figures.
pub(crate) fn writes(actor: &Actor, org: &Org) -> bool {
    can(
        actor,
        Act::Write,
        Target::Org {
            id: org.id,
            region: &org.region_code,
        },
    )
    .is_ok()
}

/// The kabupaten/kota code of a region code (`15.03.01.2001` → `15.03`).
pub fn district_of(region_code: &str) -> String {
    region_code.split('.').take(2).collect::<Vec<_>>().join(".")
}

/// `Ok(reason)` when the Puskesmas's year may change: open, or locked and changed by an
/// approver who gives a reason.
async fn check_open(
    tx: &mut store::Tx,
    actor: &Actor,
    org: &Org,
    year: i32,
    reason: Option<&str>,
) -> Result<Option<String>> {
    if !YEARS.contains(&year) {
        return Err(Invalid::one("year", "year.range").into());
    }
    if store::coverage::lock(tx, &district_of(&org.region_code), year)
        .await?
        .is_none()
    {
        return Ok(None);
    }
    if !approves_targets(actor) {
        return Err(Invalid::one("year", "year.locked").into());
    }
    match reason.map(str::trim).filter(|r| !r.is_empty()) {
        Some(r) if r.chars().count() <= 500 => Ok(Some(r.to_string())),
        Some(_) => Err(Invalid::one("reason", "too_long").into()),
        None => Err(Invalid::one("reason", "year.locked_reason").into()),
    }
}

fn summary_with(reason: &Option<String>, text: String) -> String {
    match reason {
        Some(r) => format!("{text} (after lock: {r})"),
        None => text,
    }
}

// --- sasaran ----------------------------------------------------------------------------------

/// A Puskesmas's sasaran for a year: per desa, per kind.
#[derive(Debug, Clone, Serialize)]
pub struct SasaranView {
    pub puskesmas: Org,
    pub year: i32,
    pub desa: Vec<WkDesa>,
    /// (desa code, kind) → the figure.
    #[serde(skip)]
    pub values: HashMap<(String, SasaranKind), SasaranRow>,
    pub rows: Vec<SasaranRow>,
    pub ratios: Vec<RatioRow>,
    pub lock: Option<LockRow>,
    pub can_edit: bool,
    pub can_approve: bool,
}

impl SasaranView {
    pub fn get(&self, desa: &str, kind: SasaranKind) -> Option<&SasaranRow> {
        self.values.get(&(desa.to_string(), kind))
    }
}

pub async fn sasaran(app: &App, actor: &Actor, puskesmas_id: i64, year: i32) -> Result<SasaranView> {
    let mut tx = app.store.read().await?;
    let (org, desa) = puskesmas(&mut tx, actor, puskesmas_id, Act::Read).await?;
    let codes: Vec<String> = desa.iter().map(|d| d.desa_code.clone()).collect();
    let rows = store::coverage::sasaran(&mut tx, &codes, year).await?;
    let lock = store::coverage::lock(&mut tx, &district_of(&org.region_code), year).await?;
    let writable = writes(actor, &org);
    Ok(SasaranView {
        can_edit: writable && (lock.is_none() || approves_targets(actor)),
        can_approve: approves_targets(actor),
        values: rows
            .iter()
            .map(|r| ((r.desa_code.clone(), r.kind), r.clone()))
            .collect(),
        rows,
        ratios: store::coverage::ratios(&mut tx).await?,
        puskesmas: org,
        year,
        desa,
        lock,
    })
}

/// Stores a Puskesmas's sasaran figures, all or none: each checked (errors named
/// `rows[i].field`), each desa in its wilayah kerja, the year open (or a reason after the
/// lock). Audited with the figures before.
pub async fn save_sasaran(
    app: &App,
    actor: &Actor,
    puskesmas_id: i64,
    rows: Vec<SasaranInput>,
    source: SasaranSource,
    reason: Option<&str>,
) -> Result<usize> {
    let mut tx = app.store.write().await?;
    let (org, desa) = puskesmas(&mut tx, actor, puskesmas_id, Act::Write).await?;
    let ours: HashSet<&str> = desa.iter().map(|d| d.desa_code.as_str()).collect();
    let mut inv = Invalid::new();
    let mut checked = Vec::with_capacity(rows.len());
    let mut seen = HashSet::new();
    for (i, r) in rows.into_iter().enumerate() {
        match r.check() {
            Ok(r) => {
                if !ours.contains(r.desa_code.as_str()) {
                    inv.add(format!("rows[{i}].desa_code"), "coverage.desa_outside");
                } else if !seen.insert((r.desa_code.clone(), r.year, r.kind)) {
                    inv.add(format!("rows[{i}].kind"), "coverage.duplicate");
                }
                checked.push(r);
            }
            Err(e) => {
                for f in e.0 {
                    inv.add(format!("rows[{i}].{}", f.field), f.code);
                }
            }
        }
    }
    inv.into_result()?;
    let mut years: Vec<i32> = checked.iter().map(|r| r.year).collect();
    years.sort_unstable();
    years.dedup();
    let mut reasons = Vec::new();
    for y in &years {
        reasons.push(check_open(&mut tx, actor, &org, *y, reason).await?);
    }
    let reason = reasons.into_iter().flatten().next();
    let mut before = Vec::new();
    for y in &years {
        let codes: Vec<String> = ours.iter().map(|s| s.to_string()).collect();
        before.extend(store::coverage::sasaran(&mut tx, &codes, *y).await?);
    }
    let stored: Vec<SasaranRow> = checked
        .iter()
        .map(|r| SasaranRow {
            desa_code: r.desa_code.clone(),
            year: i64::from(r.year),
            kind: r.kind,
            value: r.value,
            source,
        })
        .collect();
    store::coverage::put_sasaran(&mut tx, &stored, &actor.username).await?;
    let touched: HashSet<(String, i64, SasaranKind)> =
        stored.iter().map(|r| (r.desa_code.clone(), r.year, r.kind)).collect();
    let before: Vec<&SasaranRow> = before
        .iter()
        .filter(|b| touched.contains(&(b.desa_code.clone(), b.year, b.kind)))
        .collect();
    crate::audit::write(
        &mut tx,
        actor,
        Entry::new(
            AuditEvent::SasaranSaved,
            org.id,
            summary_with(
                &reason,
                format!("{} sasaran figures of {} saved", stored.len(), org.name),
            ),
        )
        .before(Some(serde_json::json!(before)))
        .after(Some(serde_json::json!(stored))),
    )
    .await?;
    tx.commit().await?;
    Ok(stored.len())
}

/// Derives the sasaran of every desa of the Puskesmas that has a population figure for
/// `year`: each kind with a ratio, `penduduk × ratio` rounded, except the kinds counted
/// (entered or imported) for that desa, which stay. How many figures were derived.
pub async fn derive_sasaran(
    app: &App,
    actor: &Actor,
    puskesmas_id: i64,
    year: i32,
    reason: Option<&str>,
) -> Result<usize> {
    let rows = {
        let mut tx = app.store.read().await?;
        let (_, desa) = puskesmas(&mut tx, actor, puskesmas_id, Act::Write).await?;
        let codes: Vec<String> = desa.iter().map(|d| d.desa_code.clone()).collect();
        let have = store::coverage::sasaran(&mut tx, &codes, year).await?;
        let ratios = store::coverage::ratios(&mut tx).await?;
        derived_sasaran(&have, &ratios)
    };
    if rows.is_empty() {
        return Err(Invalid::one("penduduk", "sasaran.no_population").into());
    }
    let inputs = rows
        .into_iter()
        .map(|(desa_code, kind, value)| SasaranInput {
            desa_code,
            year,
            kind,
            value,
        })
        .collect();
    save_sasaran(app, actor, puskesmas_id, inputs, SasaranSource::Derived, reason).await
}

/// The figures a derivation writes: for each desa with a population, each kind with a ratio
/// that is not counted there.
pub(crate) fn derived_sasaran(have: &[SasaranRow], ratios: &[RatioRow]) -> Vec<(String, SasaranKind, f64)> {
    let counted: HashSet<(&str, SasaranKind)> = have
        .iter()
        .filter(|r| r.source != SasaranSource::Derived)
        .map(|r| (r.desa_code.as_str(), r.kind))
        .collect();
    let mut out = Vec::new();
    for p in have.iter().filter(|r| r.kind == SasaranKind::Penduduk) {
        for r in ratios {
            if !counted.contains(&(p.desa_code.as_str(), r.kind)) {
                out.push((p.desa_code.clone(), r.kind, (p.value * r.ratio).round()));
            }
        }
    }
    out
}

/// Sets the ratio of a sasaran kind (admin and dinkes; audited).
pub async fn save_ratio(app: &App, actor: &Actor, kind: SasaranKind, ratio: f64, basis: &str) -> Result<()> {
    if !approves_targets(actor) {
        return Err(AppError::Forbidden);
    }
    let mut inv = Invalid::new();
    if kind == SasaranKind::Penduduk {
        inv.add("kind", "choice.unknown");
    }
    if !(ratio.is_finite() && (0.0..=1.0).contains(&ratio)) {
        inv.add("ratio", "sasaran.ratio");
    }
    let basis = inv.check("basis", domain::error::required_text(basis, 300));
    inv.into_result()?;
    let row = RatioRow {
        kind,
        ratio,
        basis: basis.unwrap_or_default(),
    };
    let mut tx = app.store.write().await?;
    let before = store::coverage::put_ratio(&mut tx, &row).await?;
    crate::audit::write(
        &mut tx,
        actor,
        Entry::new(
            AuditEvent::SasaranRatioUpdated,
            kind,
            format!("ratio of {kind} set to {ratio}"),
        )
        .before(before.map(|b| serde_json::json!(b)))
        .after(Some(serde_json::json!(row))),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

// --- targets ----------------------------------------------------------------------------------

/// One indicator's target line for a Puskesmas and year.
#[derive(Debug, Clone, Serialize)]
pub struct TargetLine {
    pub indicator: IndicatorRow,
    /// The Puskesmas's own target, when set.
    pub target: Option<f64>,
}

impl TargetLine {
    /// The target in force: the Puskesmas's own, else the catalogue's default.
    pub fn effective(&self) -> Option<f64> {
        self.target.or(self.indicator.target)
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct TargetsView {
    pub puskesmas: Org,
    pub year: i32,
    pub lines: Vec<TargetLine>,
    pub lock: Option<LockRow>,
    pub can_edit: bool,
    pub can_approve: bool,
}

pub async fn targets(app: &App, actor: &Actor, puskesmas_id: i64, year: i32) -> Result<TargetsView> {
    let mut tx = app.store.read().await?;
    let (org, _) = puskesmas(&mut tx, actor, puskesmas_id, Act::Read).await?;
    let all = store::coverage::indicators(&mut tx).await?;
    let set: HashMap<String, f64> = store::coverage::targets(&mut tx, &[org.id], year)
        .await?
        .into_iter()
        .map(|t| (t.indicator_code, t.target))
        .collect();
    let day = NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or_default();
    let lines = codes_in_force(&all, day)
        .into_iter()
        .map(|r| TargetLine {
            target: set.get(&r.code).copied(),
            indicator: r.clone(),
        })
        .collect();
    let lock = store::coverage::lock(&mut tx, &district_of(&org.region_code), year).await?;
    let writable = writes(actor, &org);
    Ok(TargetsView {
        can_edit: writable && (lock.is_none() || approves_targets(actor)),
        can_approve: approves_targets(actor),
        puskesmas: org,
        year,
        lines,
        lock,
    })
}

/// Sets a Puskesmas's targets for `year`, all or none (errors named `rows[i].field`): known
/// indicators, 0–100 for a percentage, the year open or a reason after the lock. Audited.
pub async fn save_targets(
    app: &App,
    actor: &Actor,
    puskesmas_id: i64,
    year: i32,
    rows: Vec<TargetInput>,
    reason: Option<&str>,
) -> Result<usize> {
    let mut tx = app.store.write().await?;
    let (org, _) = puskesmas(&mut tx, actor, puskesmas_id, Act::Write).await?;
    let reason = check_open(&mut tx, actor, &org, year, reason).await?;
    let all = store::coverage::indicators(&mut tx).await?;
    let day = NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or_default();
    let mut inv = Invalid::new();
    let mut checked = Vec::new();
    for (i, r) in rows.into_iter().enumerate() {
        let code = r.indicator_code.trim().to_ascii_uppercase();
        let Some(ind) = in_force(&all, &code, day) else {
            inv.add(format!("rows[{i}].indicator_code"), "indicator.unknown");
            continue;
        };
        match r.check(ind.unit) {
            Ok(t)
                if checked
                    .iter()
                    .any(|c: &TargetInput| c.indicator_code == t.indicator_code) =>
            {
                inv.add(format!("rows[{i}].indicator_code"), "coverage.duplicate");
            }
            Ok(t) => checked.push(t),
            Err(e) => {
                for f in e.0 {
                    inv.add(format!("rows[{i}].{}", f.field), f.code);
                }
            }
        }
    }
    inv.into_result()?;
    let mut before = BTreeMap::new();
    for t in &checked {
        let b = store::coverage::put_target(
            &mut tx,
            &TargetRow {
                puskesmas_id: org.id,
                year: i64::from(year),
                indicator_code: t.indicator_code.clone(),
                target: t.target,
            },
            &actor.username,
        )
        .await?;
        before.insert(t.indicator_code.clone(), b);
    }
    let after: BTreeMap<&str, f64> = checked.iter().map(|t| (t.indicator_code.as_str(), t.target)).collect();
    crate::audit::write(
        &mut tx,
        actor,
        Entry::new(
            AuditEvent::TargetsSaved,
            org.id,
            summary_with(
                &reason,
                format!("{} targets {year} of {} saved", checked.len(), org.name),
            ),
        )
        .before(Some(serde_json::json!(before)))
        .after(Some(serde_json::json!(after))),
    )
    .await?;
    tx.commit().await?;
    Ok(checked.len())
}

/// Locks (approves) or unlocks the targets and sasaran of `year` in the district
/// `district_code` (admin, and dinkes of that district; audited).
pub async fn set_lock(app: &App, actor: &Actor, district_code: &str, year: i32, locked: bool) -> Result<bool> {
    if !approves_targets(actor) || !area_contains(&actor.area, 0, district_code) {
        return Err(AppError::Forbidden);
    }
    if !YEARS.contains(&year) {
        return Err(Invalid::one("year", "year.range").into());
    }
    let mut tx = app.store.write().await?;
    store::region::get(&mut tx, district_code)
        .await?
        .ok_or(AppError::NotFound)?;
    let changed = store::coverage::set_lock(&mut tx, district_code, year, locked, &actor.username).await?;
    if changed {
        crate::audit::write(
            &mut tx,
            actor,
            Entry::new(
                if locked {
                    AuditEvent::TargetsLocked
                } else {
                    AuditEvent::TargetsUnlocked
                },
                format!("{district_code}/{year}"),
                format!(
                    "targets and sasaran {year} of {district_code} {}",
                    if locked { "locked" } else { "unlocked" }
                ),
            ),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(changed)
}

// --- achievements -----------------------------------------------------------------------------

/// A cell to clear: (indicator code, desa code, month).
pub type CellKey = (String, String, NaiveDate);

/// Stores a Puskesmas's monthly achievements, all or none, and records when it reported
/// those months. Each row is checked (errors named `rows[i].field`): a known indicator in
/// force that month and not derived from Lintas's own data, a desa of the wilayah kerja, a
/// month not in the future, counts not negative, a numerator not above a monthly
/// denominator, the monthly denominator given exactly when the indicator has no sasaran, a
/// cell once. `cleared` cells are removed. Audited with the figures before.
pub async fn save_achievements(
    app: &App,
    actor: &Actor,
    puskesmas_id: i64,
    rows: Vec<AchievementInput>,
    cleared: &[CellKey],
    source: AchievementSource,
) -> Result<usize> {
    let mut tx = app.store.write().await?;
    let (org, desa) = puskesmas(&mut tx, actor, puskesmas_id, Act::Write).await?;
    let ours: HashSet<&str> = desa.iter().map(|d| d.desa_code.as_str()).collect();
    let today = app.clock().today_in(&org.region_code);
    let this_month = first_of_month(today);
    let all = store::coverage::indicators(&mut tx).await?;
    let mut inv = Invalid::new();
    let mut checked: Vec<AchievementRow> = Vec::with_capacity(rows.len());
    let mut seen = HashSet::new();
    for (i, r) in rows.into_iter().enumerate() {
        let at = |f: &str| format!("rows[{i}].{f}");
        let month = first_of_month(r.month);
        let code = r.indicator_code.trim().to_ascii_uppercase();
        let Some(ind) = in_force(&all, &code, month) else {
            inv.add(at("indicator_code"), "indicator.unknown");
            continue;
        };
        if ind.derived.is_some() {
            inv.add(at("indicator_code"), "achievement.derived");
            continue;
        }
        let before = inv.0.len();
        if month > this_month {
            inv.add(at("month"), "achievement.future");
        }
        if !YEARS.contains(&month.year()) {
            inv.add(at("month"), "year.range");
        }
        if !ours.contains(r.desa_code.trim()) {
            inv.add(at("desa_code"), "coverage.desa_outside");
        }
        match (ind.sasaran.is_some(), r.denominator.is_some()) {
            (true, true) => inv.add(at("denominator"), "achievement.no_denominator"),
            (false, false) => inv.add(at("denominator"), "required"),
            _ => {}
        }
        match r.check(ind.unit) {
            Ok(r) => {
                if inv.0.len() == before {
                    if !seen.insert((r.indicator_code.clone(), r.desa_code.clone(), r.month)) {
                        inv.add(at("indicator_code"), "coverage.duplicate");
                    }
                    checked.push(AchievementRow {
                        indicator_code: r.indicator_code,
                        desa_code: r.desa_code,
                        month: r.month,
                        numerator: r.numerator,
                        denominator: r.denominator,
                        puskesmas_id: org.id,
                        source,
                    });
                }
            }
            Err(e) => {
                for f in e.0 {
                    inv.add(at(&f.field), f.code);
                }
            }
        }
    }
    for (i, (code, d, _)) in cleared.iter().enumerate() {
        if !ours.contains(d.as_str()) {
            inv.add(format!("cleared[{i}].desa_code"), "coverage.desa_outside");
        } else if !all.iter().any(|r| &r.code == code) {
            inv.add(format!("cleared[{i}].indicator_code"), "indicator.unknown");
        }
    }
    inv.into_result()?;
    let mut months: Vec<NaiveDate> = checked.iter().map(|r| r.month).collect();
    months.extend(cleared.iter().map(|c| first_of_month(c.2)));
    months.sort_unstable();
    months.dedup();
    let before = match (months.first(), months.last()) {
        (Some(from), Some(to)) => {
            let codes: Vec<String> = ours.iter().map(|s| s.to_string()).collect();
            let keys: HashSet<(&str, &str, NaiveDate)> = checked
                .iter()
                .map(|r| (r.indicator_code.as_str(), r.desa_code.as_str(), r.month))
                .chain(
                    cleared
                        .iter()
                        .map(|c| (c.0.as_str(), c.1.as_str(), first_of_month(c.2))),
                )
                .collect();
            store::coverage::achievements(&mut tx, &codes, &[], *from, *to)
                .await?
                .into_iter()
                .filter(|b| keys.contains(&(b.indicator_code.as_str(), b.desa_code.as_str(), b.month)))
                .collect::<Vec<_>>()
        }
        _ => Vec::new(),
    };
    store::coverage::put_achievements(&mut tx, &checked, &actor.username).await?;
    let mut removed = 0;
    for (code, d, m) in cleared {
        removed += usize::from(store::coverage::delete_achievement(&mut tx, code, d, first_of_month(*m)).await?);
    }
    for m in &months {
        store::coverage::touch_report(&mut tx, org.id, *m).await?;
    }
    crate::audit::write(
        &mut tx,
        actor,
        Entry::new(
            match source {
                AchievementSource::Entered => AuditEvent::AchievementsSaved,
                AchievementSource::Imported => AuditEvent::AchievementsImported,
            },
            org.id,
            format!(
                "{} achievements of {} saved, {removed} cleared",
                checked.len(),
                org.name
            ),
        )
        .before(Some(serde_json::json!(before)))
        .after(Some(serde_json::json!(checked))),
    )
    .await?;
    tx.commit().await?;
    Ok(checked.len() + removed)
}

/// The entry grid of a Puskesmas for a month: the indicators typed in (in force that month,
/// not derived) × the desa of its wilayah kerja, with what is stored, and the derived ones
/// shown beside (never typed).
#[derive(Debug, Clone, Serialize)]
pub struct GridView {
    pub puskesmas: Org,
    pub month: NaiveDate,
    pub desa: Vec<WkDesa>,
    pub indicators: Vec<IndicatorRow>,
    pub derived: Vec<IndicatorRow>,
    /// (indicator code, desa code) → (numerator, monthly denominator).
    #[serde(skip)]
    pub values: HashMap<(String, String), (f64, Option<f64>)>,
    pub report: Option<ReportRow>,
    pub deadline: NaiveDate,
    pub can_edit: bool,
    /// The month is after this month (nothing may be entered yet).
    pub future: bool,
}

impl GridView {
    pub fn value(&self, code: &str, desa: &str) -> Option<(f64, Option<f64>)> {
        self.values.get(&(code.to_string(), desa.to_string())).copied()
    }
}

pub async fn grid(app: &App, actor: &Actor, puskesmas_id: i64, month: NaiveDate) -> Result<GridView> {
    let month = first_of_month(month);
    if !YEARS.contains(&month.year()) {
        return Err(Invalid::one("month", "year.range").into());
    }
    let mut tx = app.store.read().await?;
    let (org, desa) = puskesmas(&mut tx, actor, puskesmas_id, Act::Read).await?;
    let all = store::coverage::indicators(&mut tx).await?;
    let (derived, typed): (Vec<IndicatorRow>, Vec<IndicatorRow>) = codes_in_force(&all, month)
        .into_iter()
        .cloned()
        .partition(|r| r.derived.is_some());
    let codes: Vec<String> = desa.iter().map(|d| d.desa_code.clone()).collect();
    let values = store::coverage::achievements(&mut tx, &codes, &[], month, month)
        .await?
        .into_iter()
        .map(|a| ((a.indicator_code, a.desa_code), (a.numerator, a.denominator)))
        .collect();
    let report = store::coverage::reports(&mut tx, &[org.id], month, month)
        .await?
        .into_iter()
        .next();
    let s = settings_of(&mut tx).await?;
    let today = app.clock().today_in(&org.region_code);
    let can_edit = writes(actor, &org);
    Ok(GridView {
        deadline: report_deadline(month, s.deadline_day),
        future: month > first_of_month(today),
        puskesmas: org,
        month,
        desa,
        indicators: typed,
        derived,
        values,
        report,
        can_edit,
    })
}

// --- PWS --------------------------------------------------------------------------------------

/// What a PWS page asks for: one indicator in one year up to one month, for a Puskesmas's
/// desa or — without a Puskesmas — for the Puskesmas of the actor's district.
#[derive(Debug, Clone)]
pub struct PwsQuery {
    pub indicator: String,
    pub year: i32,
    /// 1–12.
    pub month: u32,
    pub puskesmas_id: Option<i64>,
}

/// One line of a PWS: a desa (or a Puskesmas in the district view) and its year.
#[derive(Debug, Clone, Serialize)]
pub struct PwsLine {
    /// The desa code, or the Puskesmas id.
    pub key: String,
    pub name: String,
    /// The sasaran summed over the line's desa (`None` for a monthly denominator or when
    /// not recorded).
    pub sasaran: Option<f64>,
    pub target: Option<f64>,
    pub months: Vec<PwsMonth>,
}

impl PwsLine {
    /// The selected month's figures.
    pub fn at(&self, month: u32) -> Option<&PwsMonth> {
        self.months.get(month.saturating_sub(1) as usize)
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct PwsView {
    pub indicator: IndicatorRow,
    pub year: i32,
    pub month: u32,
    /// The Puskesmas shown, or `None` for the district view.
    pub puskesmas: Option<Org>,
    /// Lines sorted by the selected month's figure, best first.
    pub lines: Vec<PwsLine>,
    /// The whole (Puskesmas or district), from the summed counts.
    pub total: PwsLine,
    pub rule: TetapRule,
    /// How many lines are in each status at the month.
    pub counts: Vec<(PwsStatus, usize)>,
    /// The indicators in force, for the picker.
    pub indicators: Vec<IndicatorRow>,
    /// Puskesmas the actor may pick (district view).
    pub choices: Vec<(i64, String)>,
}

/// One place's counts per month: `[0]` is the previous December, `[m]` month `m`.
#[derive(Debug, Clone, Copy, Default)]
struct Counts {
    num: [Option<f64>; 13],
    den: [Option<f64>; 13],
}

fn add(a: Option<f64>, b: Option<f64>) -> Option<f64> {
    match (a, b) {
        (None, None) => None,
        (a, b) => Some(a.unwrap_or(0.0) + b.unwrap_or(0.0)),
    }
}

impl Counts {
    fn merge(&mut self, o: &Counts) {
        for i in 0..13 {
            self.num[i] = add(self.num[i], o.num[i]);
            self.den[i] = add(self.den[i], o.den[i]);
        }
    }
}

/// The months a year's PWS counts: the December before (for the first month's change) to the
/// year's December.
fn counted_months(year: i32) -> (NaiveDate, NaiveDate) {
    (
        NaiveDate::from_ymd_opt(year - 1, 12, 1).unwrap_or_default(),
        NaiveDate::from_ymd_opt(year, 12, 1).unwrap_or_default(),
    )
}

/// A month's place in [`Counts`]: 0 for the December before `year`, else the month.
fn slot(m: NaiveDate, year: i32) -> usize {
    if m.year() < year { 0 } else { m.month() as usize }
}

/// The counts of a derived indicator per desa from the desa's tallies.
fn derived_counts(d: Derived, tallies: &[(String, NaiveDate, DesaTally)], year: i32) -> HashMap<String, Counts> {
    let mut out: HashMap<String, Counts> = HashMap::new();
    for (desa, m, t) in tallies {
        let (num, den) = derived_pair(d, t);
        if den > 0 {
            let c = out.entry(desa.clone()).or_default();
            c.num[slot(*m, year)] = Some(num as f64);
            c.den[slot(*m, year)] = Some(den as f64);
        }
    }
    out
}

/// The counts of typed indicators per indicator and desa from their achievements.
#[allow(clippy::type_complexity)]
fn achieved_counts(
    rows: Vec<(String, String, NaiveDate, f64, Option<f64>)>,
    year: i32,
) -> HashMap<String, HashMap<String, Counts>> {
    let mut out: HashMap<String, HashMap<String, Counts>> = HashMap::new();
    for (code, desa, m, num, den) in rows {
        let c = out.entry(code).or_default().entry(desa).or_default();
        c.num[slot(m, year)] = Some(num);
        c.den[slot(m, year)] = den;
    }
    out
}

/// What the PWS of many indicators over the same desa, Puskesmas and year reads, each read
/// once: the typed indicators' achievements, the desa's tallies (when a derived indicator is
/// asked), every sasaran of the desa and every target of the Puskesmas. A Lokmin's proposals
/// judge about 24 indicators: three queries an indicator before (75 on the page), four now.
pub(crate) struct Reads {
    year: i32,
    achieved: HashMap<String, HashMap<String, Counts>>,
    tallies: Vec<(String, NaiveDate, DesaTally)>,
    sasaran: HashMap<(SasaranKind, String), f64>,
    targets: HashMap<(String, i64), f64>,
}

impl Reads {
    pub(crate) async fn load(
        tx: &mut store::Tx,
        inds: &[&IndicatorRow],
        desa: &[String],
        puskesmas: &[i64],
        year: i32,
        through: u32,
    ) -> Result<Reads> {
        // A month's PWS depends on the months before it only (`domain::coverage::pws`), so a
        // caller that shows no month after `through` need not read them.
        let (from, to) = counted_months(year);
        let to = NaiveDate::from_ymd_opt(year, through.clamp(1, 12), 1).map_or(to, |t| t.min(to));
        let typed: Vec<String> = inds
            .iter()
            .filter(|i| i.derived.is_none())
            .map(|i| i.code.clone())
            .collect();
        let achieved = achieved_counts(store::coverage::desa_monthly(tx, desa, &typed, from, to).await?, year);
        let tallies = if inds.iter().any(|i| i.derived.is_some()) {
            store::coverage::desa_tallies(tx, desa, from, to).await?
        } else {
            Vec::new()
        };
        let mut kinds: Vec<SasaranKind> = inds.iter().filter_map(|i| i.sasaran).collect();
        kinds.sort_by_key(|k| k.as_str());
        kinds.dedup();
        let sasaran = store::coverage::sasaran_of_kinds(tx, desa, year, &kinds)
            .await?
            .into_iter()
            .map(|r| ((r.kind, r.desa_code), r.value))
            .collect();
        let targets = if puskesmas.is_empty() {
            HashMap::new()
        } else {
            store::coverage::targets(tx, puskesmas, year)
                .await?
                .into_iter()
                .map(|t| ((t.indicator_code, t.puskesmas_id), t.target))
                .collect()
        };
        Ok(Reads {
            year,
            achieved,
            tallies,
            sasaran,
            targets,
        })
    }

    fn desa_counts(&self, ind: &IndicatorRow) -> DesaCounts {
        let by_desa = match ind.derived {
            Some(d) => derived_counts(d, &self.tallies, self.year),
            None => self.achieved.get(&ind.code).cloned().unwrap_or_default(),
        };
        let sasaran = match ind.sasaran {
            Some(kind) => self
                .sasaran
                .iter()
                .filter(|((k, _), _)| *k == kind)
                .map(|((_, d), v)| (d.clone(), *v))
                .collect(),
            None => HashMap::new(),
        };
        (by_desa, sasaran)
    }

    /// The PWS of `ind` over `units` (whose desa and Puskesmas were read), as [`compute`].
    pub(crate) fn compute(
        &self,
        ind: &IndicatorRow,
        units: &[(String, String, i64, Vec<WkDesa>)],
        tetap: TetapRule,
        whole_of: Option<i64>,
        total_name: String,
    ) -> (Vec<PwsLine>, PwsLine) {
        let per_unit = merged(units, &self.desa_counts(ind));
        let targets: HashMap<i64, f64> = self
            .targets
            .iter()
            .filter(|((code, _), _)| *code == ind.code)
            .map(|((_, p), t)| (*p, *t))
            .collect();
        lines_from(ind, units, per_unit, &targets, tetap, whole_of, total_name)
    }
}

fn pws_line(
    key: String,
    name: String,
    c: &Counts,
    sasaran: Option<f64>,
    ind: &IndicatorRow,
    target: Option<f64>,
    rule: TetapRule,
) -> PwsLine {
    let mut num = [None; 12];
    num.copy_from_slice(&c.num[1..]);
    let mut den = [None; 12];
    den.copy_from_slice(&c.den[1..]);
    let monthly = ind.sasaran.is_none();
    let denominator = if monthly {
        Denominator::Monthly(den)
    } else {
        Denominator::Sasaran(sasaran.unwrap_or(0.0))
    };
    let last_dec = c.num[0].map(|n| (n, c.den[0]));
    let mut months = pws(&num, &denominator, target.unwrap_or(0.0), ind.direction, last_dec, rule);
    if target.is_none() {
        for m in &mut months {
            m.position = None;
            m.status = None;
        }
    }
    PwsLine {
        key,
        name,
        sasaran: if monthly { None } else { sasaran },
        target,
        months,
    }
}

/// The PWS lines of `units` (key, name, Puskesmas id, desa) for one indicator and year, and
/// their whole (named `total_name`, with the target of the Puskesmas `whole_of` or else the
/// catalogue default).
pub(crate) async fn compute(
    tx: &mut store::Tx,
    ind: &IndicatorRow,
    units: &[(String, String, i64, Vec<WkDesa>)],
    year: i32,
    tetap: TetapRule,
    whole_of: Option<i64>,
    total_name: String,
) -> Result<(Vec<PwsLine>, PwsLine)> {
    let mut pusk: Vec<i64> = units.iter().map(|u| u.2).collect();
    pusk.sort_unstable();
    pusk.dedup();
    let reads = Reads::load(tx, &[ind], &desa_of(units), &pusk, year, 12).await?;
    Ok(reads.compute(ind, units, tetap, whole_of, total_name))
}

/// Every desa of `units`, each once.
fn desa_of(units: &[(String, String, i64, Vec<WkDesa>)]) -> Vec<String> {
    let mut desa: Vec<String> = units
        .iter()
        .flat_map(|u| u.3.iter().map(|d| d.desa_code.clone()))
        .collect();
    desa.sort_unstable();
    desa.dedup();
    desa
}

/// Each unit's counts and sasaran, merged from its desa.
async fn unit_counts(
    tx: &mut store::Tx,
    ind: &IndicatorRow,
    units: &[(String, String, i64, Vec<WkDesa>)],
    year: i32,
) -> Result<Vec<(Counts, Option<f64>)>> {
    let reads = Reads::load(tx, &[ind], &desa_of(units), &[], year, 12).await?;
    Ok(merged(units, &reads.desa_counts(ind)))
}

/// The counts and sasaran of each of `desa` (as read for [`merged`]).
type DesaCounts = (HashMap<String, Counts>, HashMap<String, f64>);

/// Each unit's counts and sasaran, merged from its desa's.
fn merged(units: &[(String, String, i64, Vec<WkDesa>)], read: &DesaCounts) -> Vec<(Counts, Option<f64>)> {
    let (by_desa, sasaran) = read;
    units
        .iter()
        .map(|(_, _, _, ds)| {
            let mut c = Counts::default();
            let mut sas: Option<f64> = None;
            for d in ds {
                if let Some(x) = by_desa.get(&d.desa_code) {
                    c.merge(x);
                }
                sas = add(sas, sasaran.get(&d.desa_code).copied());
            }
            (c, sas)
        })
        .collect()
}

/// Each Puskesmas's counts and sasaran over its whole wilayah kerja, summed in the database
/// (a typed indicator; a derived one is merged from its desa like [`unit_counts`]): the
/// same figures as merging its desa, in one row per Puskesmas and month.
async fn puskesmas_counts(
    tx: &mut store::Tx,
    ind: &IndicatorRow,
    units: &[(String, String, i64, Vec<WkDesa>)],
    year: i32,
) -> Result<Vec<(Counts, Option<f64>)>> {
    if ind.derived.is_some() {
        return unit_counts(tx, ind, units, year).await;
    }
    let ids: Vec<i64> = units.iter().map(|u| u.2).collect();
    let from = NaiveDate::from_ymd_opt(year - 1, 12, 1).unwrap_or_default();
    let to = NaiveDate::from_ymd_opt(year, 12, 1).unwrap_or_default();
    let slot = |m: NaiveDate| if m.year() < year { 0 } else { m.month() as usize };
    let mut by: HashMap<i64, Counts> = HashMap::new();
    for (p, m, n, d) in store::coverage::puskesmas_monthly(tx, &ids, &ind.code, from, to).await? {
        let c = by.entry(p).or_default();
        c.num[slot(m)] = Some(n);
        c.den[slot(m)] = d;
    }
    let sasaran: HashMap<i64, f64> = match ind.sasaran {
        Some(kind) => store::coverage::puskesmas_sasaran(tx, &ids, year, &[kind])
            .await?
            .into_iter()
            .map(|(p, _, v)| (p, v))
            .collect(),
        None => HashMap::new(),
    };
    Ok(units
        .iter()
        .map(|u| (by.get(&u.2).copied().unwrap_or_default(), sasaran.get(&u.2).copied()))
        .collect())
}

/// The PWS lines of `units` from their counts, and their whole.
#[allow(clippy::too_many_arguments)]
async fn lines_of(
    tx: &mut store::Tx,
    ind: &IndicatorRow,
    units: &[(String, String, i64, Vec<WkDesa>)],
    per_unit: Vec<(Counts, Option<f64>)>,
    year: i32,
    tetap: TetapRule,
    whole_of: Option<i64>,
    total_name: String,
) -> Result<(Vec<PwsLine>, PwsLine)> {
    let pusk_ids: Vec<i64> = {
        let mut v: Vec<i64> = units.iter().map(|u| u.2).collect();
        v.sort_unstable();
        v.dedup();
        v
    };
    let own_targets: HashMap<i64, f64> = if pusk_ids.is_empty() {
        HashMap::new()
    } else {
        store::coverage::targets_for(tx, &pusk_ids, year, &ind.code)
            .await?
            .into_iter()
            .map(|t| (t.puskesmas_id, t.target))
            .collect()
    };
    Ok(lines_from(
        ind,
        units,
        per_unit,
        &own_targets,
        tetap,
        whole_of,
        total_name,
    ))
}

/// The PWS lines of `units` from their counts and their Puskesmas's own targets (the
/// indicator's own where none is set), and their whole.
fn lines_from(
    ind: &IndicatorRow,
    units: &[(String, String, i64, Vec<WkDesa>)],
    per_unit: Vec<(Counts, Option<f64>)>,
    own_targets: &HashMap<i64, f64>,
    tetap: TetapRule,
    whole_of: Option<i64>,
    total_name: String,
) -> (Vec<PwsLine>, PwsLine) {
    let target_of = |p: i64| own_targets.get(&p).copied().or(ind.target);
    let mut total = Counts::default();
    let mut total_sasaran: Option<f64> = None;
    let mut lines = Vec::with_capacity(units.len());
    for ((key, name, p, _), (c, sas)) in units.iter().zip(per_unit) {
        total.merge(&c);
        total_sasaran = add(total_sasaran, sas);
        lines.push(pws_line(key.clone(), name.clone(), &c, sas, ind, target_of(*p), tetap));
    }
    let total_target = match whole_of {
        Some(id) => target_of(id),
        None => ind.target,
    };
    let total = pws_line(
        String::new(),
        total_name,
        &total,
        total_sasaran,
        ind,
        total_target,
        tetap,
    );
    (lines, total)
}

/// The PWS of one indicator: per desa of a Puskesmas (with `puskesmas_id`), or per
/// Puskesmas of the actor's area (district view, for [`sees_district_views`] accounts).
pub async fn pws_view(app: &App, actor: &Actor, q: &PwsQuery) -> Result<PwsView> {
    if !YEARS.contains(&q.year) {
        return Err(Invalid::one("year", "year.range").into());
    }
    let month = q.month.clamp(1, 12);
    let mut tx = app.store.read().await?;
    let all = store::coverage::indicators(&mut tx).await?;
    let day = NaiveDate::from_ymd_opt(q.year, month, 1).unwrap_or_default();
    let code = q.indicator.trim().to_ascii_uppercase();
    let ind = in_force(&all, &code, day)
        .cloned()
        .ok_or_else(|| AppError::from(Invalid::one("indicator", "indicator.unknown")))?;
    let s = settings_of(&mut tx).await?;
    // Units: (key, name, puskesmas id, desa).
    let mut units: Vec<(String, String, i64, Vec<WkDesa>)> = Vec::new();
    let mut shown = None;
    let mut choices = Vec::new();
    match q.puskesmas_id {
        Some(id) => {
            let (org, desa) = puskesmas(&mut tx, actor, id, Act::Read).await?;
            for d in desa {
                units.push((d.desa_code.clone(), d.desa_name.clone(), org.id, vec![d]));
            }
            shown = Some(org);
        }
        None => {
            if !sees_district_views(actor) {
                return Err(AppError::Forbidden);
            }
            let list = district_puskesmas(&mut tx, actor).await?;
            let ids: Vec<i64> = list.iter().map(|o| o.id).collect();
            // Every wilayah kerja in one query.
            let mut wk: HashMap<i64, Vec<WkDesa>> = HashMap::new();
            for (p, d) in store::org::wilayah_kerja_of(&mut tx, &ids).await? {
                wk.entry(p).or_default().push(d);
            }
            for o in list {
                choices.push((o.id, o.name.clone()));
                let desa = wk.remove(&o.id).unwrap_or_default();
                units.push((o.id.to_string(), o.name, o.id, desa));
            }
        }
    }
    let whole_target_of = shown.as_ref().map(|o| o.id);
    let total_name = shown.as_ref().map(|o| o.name.clone()).unwrap_or_default();
    // The district's lines are whole Puskesmas: summed in the database.
    let per_unit = if shown.is_some() {
        unit_counts(&mut tx, &ind, &units, q.year).await?
    } else {
        puskesmas_counts(&mut tx, &ind, &units, q.year).await?
    };
    let (mut lines, total) = lines_of(
        &mut tx,
        &ind,
        &units,
        per_unit,
        q.year,
        s.tetap,
        whole_target_of,
        total_name,
    )
    .await?;
    let figure = |l: &PwsLine| {
        l.at(month)
            .and_then(|m| if ind.sasaran.is_some() { m.cumulative } else { m.own })
    };
    lines.sort_by(|a, b| {
        // Best first; lines without a figure last.
        let ord = match (figure(a), figure(b)) {
            (Some(x), Some(y)) if ind.direction == Direction::Higher => y.total_cmp(&x),
            (Some(x), Some(y)) => x.total_cmp(&y),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => std::cmp::Ordering::Equal,
        };
        ord.then_with(|| a.name.cmp(&b.name))
    });
    let counts = [PwsStatus::Baik, PwsStatus::Kurang, PwsStatus::Cukup, PwsStatus::Jelek]
        .into_iter()
        .map(|st| {
            (
                st,
                lines
                    .iter()
                    .filter(|l| l.at(month).and_then(|m| m.status) == Some(st))
                    .count(),
            )
        })
        .collect();
    Ok(PwsView {
        indicators: codes_in_force(&all, day).into_iter().cloned().collect(),
        indicator: ind,
        year: q.year,
        month,
        puskesmas: shown,
        lines,
        total,
        rule: s.tetap,
        counts,
        choices,
    })
}

/// The figure a PWS line is judged and sorted by at `month`: the cumulative coverage
/// against a sasaran, the month's own rate against a monthly denominator.
pub fn judged(ind: &IndicatorRow, m: &PwsMonth) -> Option<f64> {
    if ind.sasaran.is_some() { m.cumulative } else { m.own }
}

/// The numerator and denominator of a derived indicator in a desa's month of nutrition
/// tallies.
pub(crate) fn derived_pair(d: Derived, t: &DesaTally) -> (i64, i64) {
    match d {
        Derived::DS => (t.d, t.s),
        Derived::ND => (t.n, t.d),
        Derived::BgmD => (t.bgm, t.d),
        Derived::Stunting => (t.stunted, t.haz_n),
    }
}

// --- one desa, every indicator ----------------------------------------------------------------

/// One indicator of a desa's year.
#[derive(Debug, Clone, Serialize)]
pub struct DesaLine {
    pub indicator: IndicatorRow,
    /// The Puskesmas's own target for the year, when set; otherwise the line's target is the
    /// catalogue's default (or none).
    pub own_target: Option<f64>,
    pub line: PwsLine,
}

/// Every indicator of one desa up to a month: the PWS of the desa at once.
#[derive(Debug, Clone, Serialize)]
pub struct DesaView {
    pub desa: WkDesa,
    /// The Puskesmas whose wilayah kerja holds the desa.
    pub puskesmas: Org,
    pub year: i32,
    /// 1–12.
    pub month: u32,
    pub rule: TetapRule,
    /// The indicators in force at the month, in catalogue order.
    pub lines: Vec<DesaLine>,
}

/// The PWS of every indicator in force for one desa, `year` up to `month`: read by whoever
/// reads the Puskesmas whose wilayah kerja holds the desa (a desa in none is not found). A
/// fixed handful of queries, however many indicators.
pub async fn desa_view(app: &App, actor: &Actor, desa_code: &str, year: i32, month: u32) -> Result<DesaView> {
    if !YEARS.contains(&year) {
        return Err(Invalid::one("year", "year.range").into());
    }
    let month = month.clamp(1, 12);
    let code = desa_code.trim().to_string();
    let codes = std::slice::from_ref(&code);
    let mut tx = app.store.read().await?;
    let (_, owner, _) = store::org::wilayah_kerja_owners(&mut tx, codes)
        .await?
        .into_iter()
        .next()
        .ok_or(AppError::NotFound)?;
    let (org, wk) = puskesmas(&mut tx, actor, owner, Act::Read).await?;
    let desa = wk.into_iter().find(|d| d.desa_code == code).ok_or(AppError::NotFound)?;
    let all = store::coverage::indicators(&mut tx).await?;
    let day = NaiveDate::from_ymd_opt(year, month, 1).unwrap_or_default();
    let indicators: Vec<IndicatorRow> = codes_in_force(&all, day).into_iter().cloned().collect();
    let from = NaiveDate::from_ymd_opt(year - 1, 12, 1).unwrap_or_default();
    let to = NaiveDate::from_ymd_opt(year, 12, 1).unwrap_or_default();
    let slot = |m: NaiveDate| if m.year() < year { 0 } else { m.month() as usize };
    let mut typed: HashMap<String, Counts> = HashMap::new();
    for a in store::coverage::achievements(&mut tx, codes, &[], from, to).await? {
        let c = typed.entry(a.indicator_code).or_default();
        c.num[slot(a.month)] = Some(a.numerator);
        c.den[slot(a.month)] = a.denominator;
    }
    let tallies = if indicators.iter().any(|i| i.derived.is_some()) {
        store::coverage::desa_tallies(&mut tx, codes, from, to).await?
    } else {
        Vec::new()
    };
    let sasaran: HashMap<SasaranKind, f64> = store::coverage::sasaran(&mut tx, codes, year)
        .await?
        .into_iter()
        .map(|r| (r.kind, r.value))
        .collect();
    let own: HashMap<String, f64> = store::coverage::targets(&mut tx, &[org.id], year)
        .await?
        .into_iter()
        .map(|t| (t.indicator_code, t.target))
        .collect();
    let s = settings_of(&mut tx).await?;
    let lines = indicators
        .into_iter()
        .map(|ind| {
            let c = match ind.derived {
                Some(d) => {
                    let mut c = Counts::default();
                    for (_, m, t) in &tallies {
                        let (num, den) = derived_pair(d, t);
                        if den > 0 {
                            c.num[slot(*m)] = Some(num as f64);
                            c.den[slot(*m)] = Some(den as f64);
                        }
                    }
                    c
                }
                None => typed.get(&ind.code).copied().unwrap_or_default(),
            };
            let own_target = own.get(&ind.code).copied();
            let line = pws_line(
                desa.desa_code.clone(),
                desa.desa_name.clone(),
                &c,
                ind.sasaran.and_then(|k| sasaran.get(&k).copied()),
                &ind,
                own_target.or(ind.target),
                s.tetap,
            );
            DesaLine {
                indicator: ind,
                own_target,
                line,
            }
        })
        .collect();
    Ok(DesaView {
        desa,
        puskesmas: org,
        year,
        month,
        rule: s.tetap,
        lines,
    })
}

// --- completeness -----------------------------------------------------------------------------

/// One Puskesmas's reports over a year.
#[derive(Debug, Clone, Serialize)]
pub struct CompletenessLine {
    pub puskesmas: Org,
    /// Per month 1–12: the day figures were first entered (local), and whether by the
    /// deadline.
    pub months: Vec<Option<(NaiveDate, bool)>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CompletenessView {
    pub year: i32,
    /// Months due so far (their deadline has passed or they are complete).
    pub due: u32,
    pub deadline_day: u32,
    pub lines: Vec<CompletenessLine>,
}

/// Which Puskesmas of the actor's area reported which month of `year`, and whether by the
/// deadline (district views).
pub async fn completeness(app: &App, actor: &Actor, year: i32) -> Result<CompletenessView> {
    if !sees_district_views(actor) {
        return Err(AppError::Forbidden);
    }
    if !YEARS.contains(&year) {
        return Err(Invalid::one("year", "year.range").into());
    }
    let mut tx = app.store.read().await?;
    let s = settings_of(&mut tx).await?;
    let list = district_puskesmas(&mut tx, actor).await?;
    let ids: Vec<i64> = list.iter().map(|o| o.id).collect();
    let from = NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or_default();
    let to = NaiveDate::from_ymd_opt(year, 12, 1).unwrap_or_default();
    let reports = if ids.is_empty() {
        Vec::new()
    } else {
        store::coverage::reports(&mut tx, &ids, from, to).await?
    };
    let today = app.clock().today_for(actor);
    let due = (1..=12u32)
        .filter(|m| NaiveDate::from_ymd_opt(year, *m, 1).is_some_and(|d| report_deadline(d, s.deadline_day) < today))
        .count() as u32;
    let lines = list
        .into_iter()
        .map(|o| {
            let months = (1..=12u32)
                .map(|m| {
                    let month = NaiveDate::from_ymd_opt(year, m, 1)?;
                    let r = reports.iter().find(|r| r.puskesmas_id == o.id && r.month == month)?;
                    let local = domain::action::local_today(&o.region_code, r.first_at);
                    Some((local, local <= report_deadline(month, s.deadline_day)))
                })
                .collect();
            CompletenessLine { puskesmas: o, months }
        })
        .collect();
    Ok(CompletenessView {
        year,
        due,
        deadline_day: s.deadline_day,
        lines,
    })
}

/// The indicator a PWS page opens with.
pub const DEFAULT_INDICATOR: &str = "K1";

/// The last complete month before `today` (its first day): what a PWS opens on.
pub fn last_complete_month(today: NaiveDate) -> NaiveDate {
    first_of_month(today) - Months::new(1)
}

/// The month after `m` (first days).
pub fn next_month(m: NaiveDate) -> NaiveDate {
    first_of_month(m) + Months::new(1)
}

/// Unit label key of an indicator's figures, for pages (`%`, `‰`, count).
pub fn unit_suffix(u: Unit) -> &'static str {
    match u {
        Unit::Percent => "%",
        Unit::PerThousand => "‰",
        Unit::Count => "",
    }
}

// --- imports ----------------------------------------------------------------------------------

/// A refused import as [`Invalid`]: a file that cannot be read is the field `file` with the
/// reader's code and detail; a row's problem is the field `{line}.{column}` (the header is
/// line 1).
fn refused(e: interop::coverage::ReadError) -> AppError {
    let mut inv = Invalid::new();
    match e {
        interop::coverage::ReadError::File(f) => match f.detail() {
            Some(d) => inv.add_detail("file", f.code(), d),
            None => inv.add("file", f.code()),
        },
        interop::coverage::ReadError::Rows(rows) => {
            for r in rows {
                inv.add(format!("{}.{}", r.line, r.column), r.code);
            }
        }
    }
    inv.into()
}

/// Renames `rows[i].field` errors of a use case to `{line}.{field}` of the file.
fn by_line(e: AppError, lines: &[u64]) -> AppError {
    match e {
        AppError::Invalid(inv) => {
            let mut out = Invalid::new();
            for f in inv.0 {
                let named = f
                    .field
                    .strip_prefix("rows[")
                    .and_then(|rest| rest.split_once("]."))
                    .and_then(|(i, field)| Some((lines.get(i.parse::<usize>().ok()?)?, field)))
                    .map(|(line, field)| format!("{line}.{field}"));
                let field = named.unwrap_or(f.field);
                match f.detail {
                    Some(d) => out.add_detail(field, f.code, d),
                    None => out.add(field, f.code),
                }
            }
            out.into()
        }
        other => other,
    }
}

async fn parse_off_thread<T: Send + 'static>(
    bytes: Vec<u8>,
    read: fn(&[u8]) -> Result<T, interop::coverage::ReadError>,
) -> Result<T> {
    // At most as many coverage files read at once as e-PPGBM files: fifty uploads wait in
    // turn instead of holding fifty parsers' memory.
    static PARSING: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(crate::import_jobs::PARSERS);
    let _permit = PARSING
        .acquire()
        .await
        .map_err(|e| AppError::Internal(format!("coverage import reader: {e}")))?;
    tokio::task::spawn_blocking(move || read(&bytes))
        .await
        .map_err(|e| AppError::Internal(format!("coverage import reader: {e}")))?
        .map_err(refused)
}

/// Imports a Puskesmas's achievements from a CSV or XLSX file: every row as
/// [`save_achievements`] would take it, all or nothing, problems named by line and column.
pub async fn import_achievements(app: &App, actor: &Actor, puskesmas_id: i64, bytes: Vec<u8>) -> Result<usize> {
    {
        let mut tx = app.store.read().await?;
        puskesmas(&mut tx, actor, puskesmas_id, Act::Write).await?;
    }
    let lines = parse_off_thread(bytes, interop::coverage::read_achievements).await?;
    let numbers: Vec<u64> = lines.iter().map(|l| l.line).collect();
    let rows = lines
        .into_iter()
        .map(|l| AchievementInput {
            indicator_code: l.indicator_code,
            desa_code: l.desa_code,
            month: l.month,
            numerator: l.numerator,
            denominator: l.denominator,
        })
        .collect();
    save_achievements(app, actor, puskesmas_id, rows, &[], AchievementSource::Imported)
        .await
        .map_err(|e| by_line(e, &numbers))
}

/// Imports a Puskesmas's sasaran from a CSV or XLSX file (one row per desa and year, a column
/// per kind), all or nothing; `reason` as for [`save_sasaran`] after the lock.
pub async fn import_sasaran(
    app: &App,
    actor: &Actor,
    puskesmas_id: i64,
    bytes: Vec<u8>,
    reason: Option<&str>,
) -> Result<usize> {
    {
        let mut tx = app.store.read().await?;
        puskesmas(&mut tx, actor, puskesmas_id, Act::Write).await?;
    }
    let lines = parse_off_thread(bytes, interop::coverage::read_sasaran).await?;
    let numbers: Vec<u64> = lines.iter().map(|l| l.line).collect();
    let rows = lines
        .into_iter()
        .map(|l| SasaranInput {
            desa_code: l.desa_code,
            year: l.year,
            kind: l.kind,
            value: l.value,
        })
        .collect();
    save_sasaran(app, actor, puskesmas_id, rows, SasaranSource::Imported, reason)
        .await
        .map_err(|e| by_line(e, &numbers))
}

/// The stored achievements of a Puskesmas's desa from `from` to `to` (months), for readers of
/// the Puskesmas.
pub async fn achievements(
    app: &App,
    actor: &Actor,
    puskesmas_id: i64,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<AchievementRow>> {
    let mut tx = app.store.read().await?;
    let (_, desa) = puskesmas(&mut tx, actor, puskesmas_id, Act::Read).await?;
    let codes: Vec<String> = desa.into_iter().map(|d| d.desa_code).collect();
    Ok(store::coverage::achievements(&mut tx, &codes, &[], first_of_month(from), first_of_month(to)).await?)
}

// --- SPM --------------------------------------------------------------------------------------

/// One SPM service's figures for a place: counts summed over its desa, then divided.
#[derive(Debug, Clone, Serialize)]
pub struct SpmLine {
    pub indicator: IndicatorRow,
    /// Σ achievements January..month.
    pub numerator: f64,
    /// The year's sasaran (or Σ monthly denominators), summed over the desa that have one.
    pub denominator: Option<f64>,
    /// numerator ÷ denominator × 100.
    pub capaian: Option<f64>,
    /// The SPM target (100 %) prorated to the month: `month × target ÷ 12`.
    pub target_to_date: Option<f64>,
}

/// The SPM report of a Puskesmas, or of the district (each of its Puskesmas and the whole).
#[derive(Debug, Clone, Serialize)]
pub struct SpmView {
    pub year: i32,
    /// Figures January to this month (12: the whole year).
    pub through: u32,
    pub puskesmas: Option<Org>,
    /// The whole (Puskesmas or district).
    pub lines: Vec<SpmLine>,
    /// District view: each Puskesmas's lines, in the order of the services.
    pub by_puskesmas: Vec<(Org, Vec<SpmLine>)>,
}

/// The SPM services (the catalogue's indicators with an SPM number) in force in `year`, by
/// service number.
fn spm_services(all: &[IndicatorRow], day: NaiveDate) -> Vec<IndicatorRow> {
    let mut v: Vec<IndicatorRow> = codes_in_force(all, day)
        .into_iter()
        .filter(|r| r.spm.is_some())
        .cloned()
        .collect();
    v.sort_by_key(|r| r.spm);
    v
}

/// The SPM report of `year` through `through` (1–12): for one Puskesmas (`puskesmas_id`, its
/// readers) or for every Puskesmas of the actor's area and their sum (district views).
/// Capaian is always Σ numerators ÷ Σ denominators, never a mean of percentages.
pub async fn spm(app: &App, actor: &Actor, year: i32, through: u32, puskesmas_id: Option<i64>) -> Result<SpmView> {
    if !YEARS.contains(&year) {
        return Err(Invalid::one("year", "year.range").into());
    }
    let through = through.clamp(1, 12);
    let mut tx = app.store.read().await?;
    let (shown, units) = match puskesmas_id {
        Some(id) => {
            let (org, _) = puskesmas(&mut tx, actor, id, Act::Read).await?;
            (Some(org.clone()), vec![org])
        }
        None => {
            if !sees_district_views(actor) {
                return Err(AppError::Forbidden);
            }
            (None, district_puskesmas(&mut tx, actor).await?)
        }
    };
    let all = store::coverage::indicators(&mut tx).await?;
    let services = spm_services(&all, NaiveDate::from_ymd_opt(year, through, 1).unwrap_or_default());
    let codes: Vec<String> = services.iter().map(|r| r.code.clone()).collect();
    let mut kinds: Vec<SasaranKind> = services.iter().filter_map(|r| r.sasaran).collect();
    kinds.sort_unstable_by_key(|k| k.as_str());
    kinds.dedup();
    let ids: Vec<i64> = units.iter().map(|o| o.id).collect();
    let from = NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or_default();
    let to = NaiveDate::from_ymd_opt(year, through, 1).unwrap_or_default();
    // Summed per Puskesmas over the desa of its wilayah kerja in the database (one grouped
    // query for the whole district), then per service here.
    let sums: HashMap<(i64, String), (f64, Option<f64>)> =
        store::coverage::puskesmas_sums(&mut tx, &ids, &codes, from, to)
            .await?
            .into_iter()
            .map(|(p, c, n, den)| ((p, c), (n, den)))
            .collect();
    let sasaran: HashMap<(i64, SasaranKind), f64> = store::coverage::puskesmas_sasaran(&mut tx, &ids, year, &kinds)
        .await?
        .into_iter()
        .map(|(p, k, v)| ((p, k), v))
        .collect();
    // (numerator, denominator) of each service for one Puskesmas.
    type Pair = (f64, Option<f64>);
    let counts_of = |id: i64| -> Vec<Pair> {
        services
            .iter()
            .map(|ind| {
                let got = sums.get(&(id, ind.code.clone()));
                let den = match ind.sasaran {
                    Some(kind) => sasaran.get(&(id, kind)).copied(),
                    None => got.and_then(|g| g.1),
                };
                (got.map_or(0.0, |g| g.0), den)
            })
            .collect()
    };
    let line = |ind: &IndicatorRow, (num, den): Pair| SpmLine {
        capaian: den.and_then(|d| domain::coverage::percent(num, d)),
        target_to_date: ind.target.map(|t| domain::coverage::cumulative_target(t, through)),
        indicator: ind.clone(),
        numerator: num,
        denominator: den,
    };
    let per: Vec<(Org, Vec<Pair>)> = units
        .into_iter()
        .map(|o| {
            let c = counts_of(o.id);
            (o, c)
        })
        .collect();
    // The whole: the counts of its Puskesmas summed, then divided.
    let lines = services
        .iter()
        .enumerate()
        .map(|(i, ind)| {
            let whole = per
                .iter()
                .fold((0.0, None), |(n, d), (_, c)| (n + c[i].0, add(d, c[i].1)));
            line(ind, whole)
        })
        .collect();
    let by_puskesmas = if shown.is_none() {
        per.into_iter()
            .map(|(o, c)| (o, services.iter().zip(c).map(|(ind, c)| line(ind, c)).collect()))
            .collect()
    } else {
        Vec::new()
    };
    Ok(SpmView {
        year,
        through,
        puskesmas: shown,
        lines,
        by_puskesmas,
    })
}

/// The Puskesmas of the actor's area, by name.
pub(crate) async fn district_puskesmas(tx: &mut store::Tx, actor: &Actor) -> Result<Vec<Org>> {
    let list = store::org::all(
        tx,
        &actor.area,
        &OrgFilter {
            kind: Some(OrgKind::Puskesmas),
            limit: 1000,
            ..OrgFilter::default()
        },
    )
    .await?;
    Ok(list)
}
