//! Child growth: children registered at a Posyandu, measurements scored by the WHO engine,
//! and the monthly tally (SKDN, stunting, wasting, underweight) of each Posyandu kept current
//! in the same transaction as every write — the figures are live, no batch job.
//!
//! Names, NIK and addresses of children are read only by the roles that work with them
//! (admin, dinkes, puskesmas, kader) inside their area; partners and viewers see the
//! aggregates. NIK is masked except for admin and dinkes. Every by-name read of a list is
//! audited.

use crate::meeting::today_for;
use crate::{App, AppError, Result};
use chrono::NaiveDate;
use domain::Invalid;
use domain::access::{Act, Actor, Area, Target, area_contains, can};
use domain::nutrition::{
    ChildForm, ChildInput, MeasurementForm, MeasurementInput, Scores, Sex2, Tally, Trend, Visit, child_months,
    month_of, months_between, previous_month, registered_in, same_child, trend,
};
use domain::user::Role;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};
use store::nutrition::{Child, MonthTally, Place, Scope, StoredMeasurement};
use store::org::Org;

/// Whether the role works with children by name.
pub fn reads_names(actor: &Actor) -> bool {
    matches!(actor.role, Role::Admin | Role::Dinkes | Role::Puskesmas | Role::Kader)
}

async fn posyandu(tx: &mut store::Tx, id: i64, field: &str) -> Result<Org> {
    match store::org::get(tx, id).await? {
        Some(o) if o.kind == "posyandu" => Ok(o),
        _ => Err(Invalid::one(field, "posyandu.unknown").into()),
    }
}

fn write_posyandu(actor: &Actor, p: &Org) -> Result<()> {
    Ok(can(
        actor,
        Act::Write,
        Target::Org {
            id: p.id,
            region: &p.region_code,
        },
    )?)
}

/// Loads a child the actor may read by name (404 otherwise: personal data does not confirm
/// that it exists).
async fn load_child(tx: &mut store::Tx, actor: &Actor, id: i64) -> Result<Child> {
    let c = store::nutrition::get_child(tx, id).await?.ok_or(AppError::NotFound)?;
    if !reads_names(actor) || !area_contains(&actor.area, c.posyandu_id, &c.desa_code) {
        return Err(AppError::NotFound);
    }
    Ok(c)
}

/// A child that may still be written to (not merged into another record).
async fn load_active_child(tx: &mut store::Tx, actor: &Actor, id: i64) -> Result<Child> {
    let c = load_child(tx, actor, id).await?;
    if c.merged_into.is_some() {
        return Err(Invalid::one("child", "child.merged").into());
    }
    Ok(c)
}

/// NIK as the actor may see it.
pub fn shown_nik(actor: &Actor, nik: &Option<String>) -> Option<String> {
    nik.as_ref().map(|n| {
        if actor.role.sees_nik() {
            n.clone()
        } else {
            domain::person::mask_nik(n)
        }
    })
}

/// The outcome of registering a child.
#[derive(Debug, Clone, Serialize)]
pub enum Registration {
    Created(i64),
    /// Children already registered that look like the same child; register again with
    /// `confirm_new` to add anyway, or merge.
    Duplicates(Vec<Child>),
}

pub async fn register_child(app: &App, actor: &Actor, form: &ChildForm, confirm_new: bool) -> Result<Registration> {
    let c = form.validate(today_for(actor))?;
    let mut tx = app.store.write().await?;
    let p = posyandu(&mut tx, c.posyandu_id, "posyandu_id").await?;
    write_posyandu(actor, &p)?;
    let dups: Vec<Child> = store::nutrition::possible_duplicates(&mut tx, &c, None)
        .await?
        .into_iter()
        .filter(|d| {
            same_child(
                (&c.nik, &c.name, c.birth_date, &c.mother_name),
                (&d.nik, &d.name, d.birth_date, &d.mother_name),
            ) || (c.mother_name.is_none() || d.mother_name.is_none())
        })
        .collect();
    let same_nik = dups.iter().any(|d| d.nik.is_some() && d.nik == c.nik);
    if !dups.is_empty() && (!confirm_new || same_nik) {
        return Ok(Registration::Duplicates(dups));
    }
    let id = store::nutrition::insert_child(&mut tx, &c, &p.region_code, &actor.username).await?;
    refresh(&mut tx, &[(p.id, c.birth_date)], today_for(actor)).await?;
    crate::audit::write(
        &mut tx,
        actor,
        "create",
        "child",
        &id.to_string(),
        format!("child registered at {}", p.name),
        None,
        Some(child_json(&c)),
    )
    .await?;
    tx.commit().await?;
    Ok(Registration::Created(id))
}

/// The audit trail keeps who changed what, without the NIK in clear.
fn child_json(c: &ChildInput) -> serde_json::Value {
    serde_json::json!({
        "name": c.name, "sex": c.sex.as_str(), "birth_date": c.birth_date,
        "nik": c.nik.as_deref().map(domain::person::mask_nik),
        "mother_name": c.mother_name, "posyandu_id": c.posyandu_id, "rt": c.rt, "rw": c.rw, "has_kia": c.has_kia,
    })
}

pub async fn update_child(app: &App, actor: &Actor, id: i64, form: &ChildForm) -> Result<()> {
    let mut tx = app.store.write().await?;
    let before = load_child(&mut tx, actor, id).await?;
    // A NIK shown masked comes back masked: it means "unchanged".
    let mut form = form.clone();
    if form.nik.contains('•') {
        form.nik = before.nik.clone().unwrap_or_default();
    }
    if form.mother_nik.contains('•') {
        form.mother_nik = before.mother_nik.clone().unwrap_or_default();
    }
    if form.kk_number.contains('•') {
        form.kk_number = before.kk_number.clone().unwrap_or_default();
    }
    let c = form.validate(today_for(actor))?;
    let old_p = posyandu(&mut tx, before.posyandu_id, "posyandu_id").await?;
    write_posyandu(actor, &old_p)?;
    let p = posyandu(&mut tx, c.posyandu_id, "posyandu_id").await?;
    write_posyandu(actor, &p)?;
    store::nutrition::update_child(&mut tx, id, &c, &p.region_code).await?;
    let born = before.birth_date.min(c.birth_date);
    refresh(&mut tx, &[(old_p.id, born), (p.id, born)], today_for(actor)).await?;
    crate::audit::write(
        &mut tx,
        actor,
        "update",
        "child",
        &id.to_string(),
        format!("child record updated ({})", p.name),
        Some(serde_json::json!({"posyandu_id": before.posyandu_id, "birth_date": before.birth_date})),
        Some(child_json(&c)),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Merges a duplicate registration into the record that stays.
pub async fn merge(app: &App, actor: &Actor, from: i64, into: i64) -> Result<()> {
    if from == into {
        return Err(Invalid::one("into", "child.merge_self").into());
    }
    let mut tx = app.store.write().await?;
    let a = load_active_child(&mut tx, actor, from).await?;
    let b = load_active_child(&mut tx, actor, into).await?;
    for c in [&a, &b] {
        let p = posyandu(&mut tx, c.posyandu_id, "posyandu_id").await?;
        write_posyandu(actor, &p)?;
    }
    let mut touched = store::nutrition::merge(&mut tx, from, into).await?;
    touched.push((a.posyandu_id, a.birth_date));
    refresh(&mut tx, &touched, today_for(actor)).await?;
    crate::audit::write(
        &mut tx,
        actor,
        "update",
        "child",
        &from.to_string(),
        format!("child #{from} merged into #{into}"),
        None,
        Some(serde_json::json!({"merged_into": into})),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// One measurement as the child's page shows it.
#[derive(Debug, Clone, Serialize)]
pub struct MeasurementRow {
    pub m: StoredMeasurement,
    pub trend: Option<Trend>,
    /// Kenaikan (grams) since the last weighing in the previous month, if any.
    pub gain_g: Option<i64>,
}

impl MeasurementRow {
    pub fn scores(&self) -> Scores {
        self.m.scores()
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct ChildView {
    pub child: Child,
    /// The NIK as the reader may see it.
    pub nik: Option<String>,
    pub mother_nik: Option<String>,
    pub rows: Vec<MeasurementRow>,
    pub can_write: bool,
    pub age_days: i64,
}

impl ChildView {
    pub fn latest(&self) -> Option<&MeasurementRow> {
        self.rows.last()
    }
}

/// N/T of each weighing in a child's history (oldest first).
fn with_trends(ms: Vec<StoredMeasurement>) -> Vec<MeasurementRow> {
    let mut out: Vec<MeasurementRow> = Vec::with_capacity(ms.len());
    for m in ms {
        let prev = out
            .iter()
            .rev()
            .find(|r| r.m.weight.is_some() && r.m.month < m.month)
            .map(|r| (r.m.month, r.m.weight.unwrap_or(0.0)));
        let last_month = prev.filter(|(mo, _)| *mo == domain::nutrition::previous_month(m.month));
        let t = m
            .weight
            .map(|w| trend(w, m.age_days, last_month.map(|p| p.1), prev.is_some()));
        let gain_g = match (m.weight, last_month) {
            (Some(w), Some((_, p))) => Some(((w - p) * 1000.0).round() as i64),
            _ => None,
        };
        out.push(MeasurementRow { m, trend: t, gain_g });
    }
    out
}

pub async fn child(app: &App, actor: &Actor, id: i64) -> Result<ChildView> {
    let mut tx = app.store.read().await?;
    let mut c = load_child(&mut tx, actor, id).await?;
    // The family card number identifies a household as the NIK identifies a person: masked
    // for the roles that see the NIK masked.
    c.kk_number = shown_nik(actor, &c.kk_number);
    let p = posyandu(&mut tx, c.posyandu_id, "posyandu_id").await?;
    let rows = with_trends(store::nutrition::measurements(&mut tx, id).await?);
    Ok(ChildView {
        nik: shown_nik(actor, &c.nik),
        mother_nik: shown_nik(actor, &c.mother_nik),
        can_write: write_posyandu(actor, &p).is_ok(),
        age_days: (today_for(actor) - c.birth_date).num_days(),
        child: c,
        rows,
    })
}

/// Children by name for the measurement form's search (the reader's area), audited.
pub async fn search(app: &App, actor: &Actor, q: &str, posyandu_id: Option<i64>) -> Result<Vec<Child>> {
    if !reads_names(actor) {
        return Err(AppError::Forbidden);
    }
    let mut tx = app.store.write().await?;
    let mut list = store::nutrition::children(
        &mut tx,
        &actor.area,
        &store::nutrition::ChildFilter {
            q: Some(q.to_string()).filter(|s| !s.trim().is_empty()),
            posyandu_id,
            ids: None,
            limit: 200,
        },
    )
    .await?;
    for c in &mut list {
        c.nik = shown_nik(actor, &c.nik);
        c.mother_nik = shown_nik(actor, &c.mother_nik);
        c.kk_number = shown_nik(actor, &c.kk_number);
    }
    crate::audit::write(
        &mut tx,
        actor,
        "read",
        "child_list",
        "",
        // The count and whether a name was searched, never the name typed: the audit trail
        // should not become a second register of children's names.
        format!(
            "children listed ({}){}",
            list.len(),
            if q.trim().is_empty() { "" } else { ", name search" }
        ),
        None,
        None,
    )
    .await?;
    tx.commit().await?;
    Ok(list)
}

/// What the kader sees at once after saving a measurement.
#[derive(Debug, Clone, Serialize)]
pub struct Recorded {
    pub id: i64,
    pub input: MeasurementInput,
    pub trend: Option<Trend>,
    pub gain_g: Option<i64>,
    /// Minimum gain for the age, grams.
    pub kbm_g: u32,
}

/// Records a measurement of a child at its Posyandu: checked, scored, stored, and the
/// tallies of that month and later ones (whose N/T looks back at it) rebuilt in the same
/// transaction. A second measurement the same day replaces the first.
pub async fn record(app: &App, actor: &Actor, child_id: i64, form: &MeasurementForm) -> Result<Recorded> {
    let today = today_for(actor);
    let mut tx = app.store.write().await?;
    let c = load_active_child(&mut tx, actor, child_id).await?;
    let p = posyandu(&mut tx, c.posyandu_id, "posyandu_id").await?;
    write_posyandu(actor, &p)?;
    let sex = Sex2::parse(&c.sex).unwrap_or(Sex2::L);
    let input = form.validate(c.birth_date, sex, today)?;
    let month = month_of(input.measured_on);
    // Where the child was measured from this month on (before this write: a same-day
    // measurement taken elsewhere moves here).
    let mut touched = vec![(p.id, month)];
    touched.extend(
        store::nutrition::months_of_child(&mut tx, child_id)
            .await?
            .into_iter()
            .filter(|(_, m)| *m >= month),
    );
    let (id, changed) = store::nutrition::upsert_measurement(
        &mut tx,
        child_id,
        &input,
        &Place {
            posyandu_id: p.id,
            desa_code: &p.region_code,
            source: "form",
            by: &actor.username,
        },
    )
    .await?;
    if changed {
        // This month and later ones: their N/T looks back at it, and a first weighing turns
        // later months' B into O, wherever the child was weighed since.
        refresh(&mut tx, &touched, today).await?;
        crate::audit::write(
            &mut tx,
            actor,
            "create",
            "measurement",
            &id.to_string(),
            format!("measurement of child #{child_id} on {}", input.measured_on),
            None,
            Some(serde_json::json!({
                "weight": input.weight, "height": input.height, "position": input.position,
                "oedema": input.oedema, "muac": input.muac, "head": input.head,
            })),
        )
        .await?;
    }
    let prev = store::nutrition::last_weight_before(&mut tx, child_id, month).await?;
    tx.commit().await?;
    let last_month = prev.filter(|(d, _)| month_of(*d) == domain::nutrition::previous_month(month));
    Ok(Recorded {
        id,
        trend: input
            .weight
            .map(|w| trend(w, input.age_days, last_month.map(|p| p.1), prev.is_some())),
        gain_g: match (input.weight, last_month) {
            (Some(w), Some((_, p))) => Some(((w - p) * 1000.0).round() as i64),
            _ => None,
        },
        kbm_g: domain::nutrition::kbm_grams(domain::nutrition::completed_months(input.age_days)),
        input,
    })
}

/// Rebuilds the monthly tallies of each `(Posyandu, month)` from that month to the month of
/// `to`, in the caller's transaction: S and K from the registered children, the rest from the
/// latest measurement of each child in each month (see `domain::nutrition::child_months`).
/// One read of the measurements and children concerned and one bulk write, however many
/// Posyandu and months — an import of a whole district costs a few statements, a kader's
/// weighing a few milliseconds.
pub(crate) async fn refresh(tx: &mut store::Tx, changes: &[(i64, NaiveDate)], to: NaiveDate) -> Result<()> {
    let mut from: BTreeMap<i64, NaiveDate> = BTreeMap::new();
    for (p, m) in changes {
        let m = month_of(*m);
        from.entry(*p).and_modify(|f| *f = (*f).min(m)).or_insert(m);
    }
    let Some(first) = from.values().min().copied() else {
        return Ok(());
    };
    let to = month_of(to);
    let ids: Vec<i64> = from.keys().copied().collect();
    let desa: HashMap<i64, String> = store::nutrition::posyandu_places(tx, &ids)
        .await?
        .into_iter()
        .map(|p| (p.id, p.region_code))
        .collect();
    let mut tallies: HashMap<(i64, NaiveDate), Tally> = HashMap::new();
    for (p, f) in &from {
        for m in months_between(*f, to) {
            tallies.insert((*p, m), Tally::default());
        }
    }
    for r in store::nutrition::registrations(tx, &ids, first).await? {
        let f = from.get(&r.posyandu_id).copied().unwrap_or(first);
        for m in months_between(f.max(month_of(r.birth_date)), to) {
            if !registered_in(r.birth_date, m) {
                break;
            }
            if let Some(t) = tallies.get_mut(&(r.posyandu_id, m)) {
                t.s += 1;
                t.k += i64::from(r.has_kia);
            }
        }
    }
    let (visits, weighed_before) = store::nutrition::visits_since(tx, &ids, previous_month(first)).await?;
    let weighed_before: HashSet<i64> = weighed_before.into_iter().collect();
    for child in visits.chunk_by(|a, b| a.child_id == b.child_id) {
        let v: Vec<Visit> = child.iter().map(|r| r.visit()).collect();
        for (p, m, row) in child_months(&v, weighed_before.contains(&child[0].child_id)) {
            if let Some(t) = tallies.get_mut(&(p, m)) {
                t.add(&row);
            }
        }
    }
    let mut rows: Vec<MonthTally> = tallies
        .into_iter()
        .map(|((p, m), tally)| MonthTally {
            posyandu_id: p,
            month: m,
            desa_code: desa.get(&p).cloned().unwrap_or_default(),
            tally,
        })
        .collect();
    // By month first: a month's rows then lie together on disk, and a rollup of one month
    // reads a few pages instead of every page of the table (measured on PostgreSQL: 63,000
    // pages for one month of 84,000 Posyandu when written Posyandu by Posyandu).
    rows.sort_by_key(|r| (r.month, r.posyandu_id));
    let from: Vec<(i64, NaiveDate)> = from.into_iter().collect();
    store::nutrition::replace_months(tx, &from, &rows).await?;
    Ok(())
}

/// Rebuilds the monthly tallies of `posyandu` from `from` to `to`, a few hundred Posyandu per
/// transaction, calling `progress(done, total)` after each: maintenance after a bulk load
/// (the benchmark's generated data); everyday writes keep the tallies current themselves.
pub async fn rebuild_tallies(
    app: &App,
    posyandu: &[i64],
    from: NaiveDate,
    to: NaiveDate,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<()> {
    let mut done = 0;
    for chunk in posyandu.chunks(500) {
        let mut tx = app.store.write().await?;
        let changes: Vec<(i64, NaiveDate)> = chunk.iter().map(|p| (*p, from)).collect();
        refresh(&mut tx, &changes, to).await?;
        tx.commit().await?;
        done += chunk.len();
        progress(done, posyandu.len());
    }
    Ok(())
}

/// A place the figures are asked for.
#[derive(Debug, Clone, PartialEq)]
pub enum Where {
    /// A region code (district, kecamatan or desa).
    Region(String),
    /// A Puskesmas (its wilayah kerja).
    Puskesmas(i64),
    /// One Posyandu.
    Posyandu(i64),
}

/// One line of a breakdown.
#[derive(Debug, Clone, Serialize)]
pub struct Line {
    pub key: String,
    pub name: String,
    /// Where the line leads (its own report).
    pub link: Option<String>,
    pub tally: Tally,
}

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub title: String,
    pub month: NaiveDate,
    pub total: Tally,
    pub lines: Vec<Line>,
    /// The same place in the comparison month (e.g. February for August).
    pub compare: Option<(NaiveDate, Tally)>,
}

fn region_link(code: &str, month: NaiveDate) -> String {
    format!("/nutrition?region={code}&month={}", month.format("%Y-%m"))
}

/// The figures of a place and month with their breakdown one level down (district →
/// kecamatan → desa → Posyandu). Aggregates: readable by every signed-in account.
pub async fn report(app: &App, place: &Where, month: NaiveDate, compare: Option<NaiveDate>) -> Result<Report> {
    let month = month_of(month);
    let mut tx = app.store.read().await?;
    let (scope, title, group) = match place {
        Where::Region(code) => {
            let r = store::region::get(&mut tx, code)
                .await?
                .ok_or_else(|| Invalid::one("region", "region.unknown"))?;
            let group = if r.level >= 4 { "posyandu" } else { "desa" };
            (Scope::Region(r.code.clone()), r.name, group)
        }
        Where::Puskesmas(id) => {
            let o = store::org::get(&mut tx, *id).await?.ok_or(AppError::NotFound)?;
            let wk: Vec<String> = store::org::wilayah_kerja(&mut tx, *id)
                .await?
                .into_iter()
                .map(|w| w.desa_code)
                .collect();
            (Scope::Desa(wk), o.name, "desa")
        }
        Where::Posyandu(id) => {
            let o = posyandu(&mut tx, *id, "posyandu").await?;
            (Scope::Posyandu(vec![*id]), o.name, "all")
        }
    };
    let total = store::nutrition::tallies(&mut tx, &scope, month, "all")
        .await?
        .into_iter()
        .next()
        .map(|x| x.1)
        .unwrap_or_default();
    let compare = match compare {
        Some(c) => Some((
            month_of(c),
            store::nutrition::tallies(&mut tx, &scope, month_of(c), "all")
                .await?
                .into_iter()
                .next()
                .map(|x| x.1)
                .unwrap_or_default(),
        )),
        None => None,
    };
    let mut lines: Vec<Line> = Vec::new();
    if group == "posyandu" {
        let tallies = store::nutrition::tallies(&mut tx, &scope, month, "posyandu").await?;
        let ids: Vec<i64> = tallies.iter().filter_map(|(k, _)| k.parse().ok()).collect();
        let names: HashMap<i64, String> = store::nutrition::posyandu_places(&mut tx, &ids)
            .await?
            .into_iter()
            .map(|p| (p.id, p.name))
            .collect();
        for (k, t) in tallies {
            let id: i64 = k.parse().unwrap_or(0);
            lines.push(Line {
                link: Some(format!("/nutrition?posyandu={id}&month={}", month.format("%Y-%m"))),
                name: names.get(&id).cloned().unwrap_or_else(|| k.clone()),
                key: k,
                tally: t,
            });
        }
    } else if group == "desa" {
        // One level down: a province by kabupaten, a kabupaten by kecamatan, a kecamatan
        // (or a Puskesmas' wilayah kerja) by desa.
        let by = match &scope {
            Scope::Region(c) => match c.split('.').count() {
                1 => "kabupaten",
                2 => "kecamatan",
                _ => "desa",
            },
            _ => "desa",
        };
        let grouped = store::nutrition::tallies(&mut tx, &scope, month, by).await?;
        let codes: Vec<String> = grouped.iter().map(|g| g.0.clone()).collect();
        let names = store::region::get_many(&mut tx, &codes).await?;
        for (code, t) in grouped {
            let name = names
                .iter()
                .find(|r| r.code == code)
                .map(|r| r.name.clone())
                .unwrap_or_else(|| code.clone());
            lines.push(Line {
                link: Some(region_link(&code, month)),
                key: code,
                name,
                tally: t,
            });
        }
    }
    Ok(Report {
        title,
        month,
        total,
        lines,
        compare,
    })
}

/// Posyandu the actor can record for (kader: its own; others: those in their area).
pub async fn posyandu_choices(app: &App, actor: &Actor) -> Result<Vec<Org>> {
    let mut tx = app.store.read().await?;
    let (list, _) = store::org::list(
        &mut tx,
        &actor.area,
        &store::org::OrgFilter {
            kind: Some("posyandu".into()),
            limit: 1000,
            ..Default::default()
        },
    )
    .await?;
    Ok(list.into_iter().filter(|o| write_posyandu(actor, o).is_ok()).collect())
}

/// The Puskesmas a region-wide reader may pick as a place.
pub fn area_has_all(actor: &Actor) -> bool {
    matches!(actor.area, Area::All | Area::Region(_))
}
