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
    ChildForm, ChildInput, MeasurementForm, MeasurementInput, MonthRow, Scores, Sex2, Tally, Trend, month_end,
    month_of, same_child, trend,
};
use domain::user::Role;
use serde::Serialize;
use store::nutrition::{Child, Place, Scope, StoredMeasurement};
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
    for m in months_since(c.birth_date, today_for(actor)) {
        recompute(&mut tx, p.id, m).await?;
    }
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

/// The months from `from` to `to` (first days), at most five years.
fn months_since(from: NaiveDate, to: NaiveDate) -> Vec<NaiveDate> {
    let mut out = Vec::new();
    let mut m = month_of(from);
    while m <= to && out.len() < 61 {
        out.push(m);
        m = match m.checked_add_months(chrono::Months::new(1)) {
            Some(n) => n,
            None => break,
        };
    }
    out
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
    let c = form.validate(today_for(actor))?;
    let old_p = posyandu(&mut tx, before.posyandu_id, "posyandu_id").await?;
    write_posyandu(actor, &old_p)?;
    let p = posyandu(&mut tx, c.posyandu_id, "posyandu_id").await?;
    write_posyandu(actor, &p)?;
    store::nutrition::update_child(&mut tx, id, &c, &p.region_code).await?;
    let today = today_for(actor);
    for m in months_since(before.birth_date.min(c.birth_date), today) {
        recompute(&mut tx, old_p.id, m).await?;
        if p.id != old_p.id {
            recompute(&mut tx, p.id, m).await?;
        }
    }
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
    let touched = store::nutrition::merge(&mut tx, from, into).await?;
    for (p, m) in touched {
        recompute_around(&mut tx, p, m).await?;
    }
    for m in months_since(a.birth_date, today_for(actor)) {
        recompute(&mut tx, a.posyandu_id, m).await?;
    }
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
    let c = load_child(&mut tx, actor, id).await?;
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
    }
    crate::audit::write(
        &mut tx,
        actor,
        "read",
        "child_list",
        "",
        format!("children listed ({}): “{}”", list.len(), q.trim()),
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
/// Posyandu's tallies of that month and the next (whose N/T depends on it) recomputed in the
/// same transaction. A second measurement the same day replaces the first.
pub async fn record(app: &App, actor: &Actor, child_id: i64, form: &MeasurementForm) -> Result<Recorded> {
    let today = today_for(actor);
    let mut tx = app.store.write().await?;
    let c = load_active_child(&mut tx, actor, child_id).await?;
    let p = posyandu(&mut tx, c.posyandu_id, "posyandu_id").await?;
    write_posyandu(actor, &p)?;
    let sex = Sex2::parse(&c.sex).unwrap_or(Sex2::L);
    let input = form.validate(c.birth_date, sex, today)?;
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
    let month = month_of(input.measured_on);
    if changed {
        recompute_around(&mut tx, p.id, month).await?;
        // A first weighing turns later months' B into O: recompute them too.
        for (other, m) in store::nutrition::months_of_child(&mut tx, child_id).await? {
            if m > month {
                recompute(&mut tx, other, m).await?;
            }
        }
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

/// Recomputes a month and the next (whose N/T looks back at it).
pub(crate) async fn recompute_around(tx: &mut store::Tx, posyandu_id: i64, month: NaiveDate) -> Result<()> {
    recompute(tx, posyandu_id, month).await?;
    if let Some(next) = month.checked_add_months(chrono::Months::new(1)) {
        recompute(tx, posyandu_id, next).await?;
    }
    Ok(())
}

/// The tally of one Posyandu and month from its children and measurements.
pub(crate) async fn recompute(tx: &mut store::Tx, posyandu_id: i64, month: NaiveDate) -> Result<Tally> {
    let Some(p) = store::org::get(tx, posyandu_id).await? else {
        return Err(AppError::NotFound);
    };
    let (s, k) = store::nutrition::registered(tx, posyandu_id, month_end(month)).await?;
    let mut t = Tally {
        s,
        k,
        ..Default::default()
    };
    let previous = domain::nutrition::previous_month(month);
    for r in store::nutrition::month_inputs(tx, posyandu_id, month).await? {
        let last_month = r.prev_on.filter(|d| month_of(*d) == previous).and(r.prev_weight);
        t.add(&MonthRow {
            weighed: r.weight.is_some(),
            trend: r.weight.map(|w| trend(w, r.age_days, last_month, r.prev_on.is_some())),
            scores: Scores {
                haz: r.haz,
                waz: r.waz,
                whz: r.whz,
                bmiz: None,
                haz_flag: r.haz_flag,
                waz_flag: r.waz_flag,
                whz_flag: r.whz_flag,
            },
        });
    }
    store::nutrition::save_month(tx, posyandu_id, month, &p.region_code, &t).await?;
    Ok(t)
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
        for (k, t) in store::nutrition::tallies(&mut tx, &scope, month, "posyandu").await? {
            let id: i64 = k.parse().unwrap_or(0);
            let name = store::org::get(&mut tx, id).await?.map(|o| o.name).unwrap_or(k.clone());
            lines.push(Line {
                link: Some(format!("/nutrition?posyandu={id}&month={}", month.format("%Y-%m"))),
                key: k,
                name,
                tally: t,
            });
        }
    } else if group == "desa" {
        let by_desa = store::nutrition::tallies(&mut tx, &scope, month, "desa").await?;
        // A district groups by kecamatan (the first three parts of the code).
        let district = matches!(&scope, Scope::Region(c) if c.split('.').count() <= 2);
        let mut grouped: Vec<(String, Tally)> = Vec::new();
        for (code, t) in by_desa {
            let key = if district {
                code.split('.').take(3).collect::<Vec<_>>().join(".")
            } else {
                code
            };
            match grouped.iter_mut().find(|g| g.0 == key) {
                Some(g) => g.1 = g.1.plus(&t),
                None => grouped.push((key, t)),
            }
        }
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
