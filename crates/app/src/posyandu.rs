//! The Posyandu registry: the Posyandu page (desa, Puskesmas, profile, kader roster, the
//! stratum of a year with its rule and inputs, and the history per year), the profile edit,
//! and the list of the Posyandu in the reader's area.
//!
//! Each year has a record in `posyandu_years` (once the Posyandu has a profile): the services
//! and dana sehat it is judged with, the sessions, active kader and coverage of that year, and
//! the stratum. The declared values are kept per year — the current year takes the profile's,
//! an earlier year keeps its own (see [`domain::posyandu::declared_for`]) — so editing this
//! year's services never changes an earlier year's stratum. The counted inputs follow that
//! year's records (a weighing entered late still counts); the records are brought up to date
//! when the profile is saved and when the page is shown, and written only when they change.

use crate::{App, AppError, Result};
use chrono::{Datelike, NaiveDate};
use domain::access::{Act, Actor, Target, can};
use domain::audit::AuditEvent;
use domain::nutrition::Stratum;
use domain::posyandu::{
    Criterion, Declared, KaderTerm, MonthCount, ProfileInput, Service, YearStratum, criteria, declared_for, holds_on,
    parse_services, services_text, weighing_years, year_stratum,
};
use serde::Serialize;
use std::collections::HashMap;
use store::nutrition::Profile;
use store::person::Position;
use store::posyandu::{PosyanduFilter, Row, YearRecord};

/// The earliest year the page computes (nothing in Lintas is older).
pub const FIRST_YEAR: i32 = 2000;

fn declared_of(services: Option<&str>, dana_sehat: Option<f64>) -> Declared {
    Declared {
        services: parse_services(services.unwrap_or("")),
        dana_sehat,
    }
}

fn profile_declared(p: Option<&Profile>) -> Declared {
    declared_of(p.map(|p| p.services.as_str()), p.and_then(|p| p.dana_sehat))
}

fn recorded(stored: &[YearRecord]) -> Vec<(i32, Declared)> {
    stored
        .iter()
        .map(|r| (r.year as i32, declared_of(Some(&r.services), r.dana_sehat)))
        .collect()
}

/// Loads a Posyandu the actor may read: 404 when there is no such Posyandu, 403 when it is
/// outside the actor's area (like every organisation).
async fn load(tx: &mut store::Tx, actor: &Actor, id: i64, act: Act) -> Result<Row> {
    let p = store::posyandu::get(tx, id).await?.ok_or(AppError::NotFound)?;
    can(
        actor,
        act,
        Target::Org {
            id: p.id,
            region: &p.region_code,
        },
    )?;
    Ok(p)
}

fn writable(actor: &Actor, p: &Row) -> bool {
    can(
        actor,
        Act::Write,
        Target::Org {
            id: p.id,
            region: &p.region_code,
        },
    )
    .is_ok()
}

/// What the stratum of a Posyandu's years is computed from.
struct Basis {
    months: Vec<MonthCount>,
    kader: Vec<KaderTerm>,
    stored: Vec<YearRecord>,
}

async fn basis(tx: &mut store::Tx, id: i64) -> Result<Basis> {
    Ok(Basis {
        months: store::posyandu::month_counts(tx, &[id], None, None)
            .await?
            .into_iter()
            .map(|m| m.1)
            .collect(),
        kader: store::posyandu::kader_terms(tx, &[id])
            .await?
            .into_iter()
            .map(|t| t.1)
            .collect(),
        stored: store::posyandu::years(tx, id).await?,
    })
}

impl Basis {
    /// The years the history shows: those with a weighing, those with a record, and the
    /// current year, newest first.
    fn years(&self, current: i32) -> Vec<i32> {
        let mut years = weighing_years(&self.months);
        years.extend(self.stored.iter().map(|r| r.year as i32));
        years.push(current);
        years.retain(|y| (FIRST_YEAR..=current).contains(y));
        years.sort_unstable_by(|a, b| b.cmp(a));
        years.dedup();
        years
    }

    fn year(&self, year: i32, today: NaiveDate, profile: Option<&Profile>) -> YearStratum {
        let declared = declared_for(year, today.year(), &recorded(&self.stored), &profile_declared(profile));
        year_stratum(year, today, &self.months, &self.kader, declared)
    }
}

fn record_of(org_id: i64, y: &YearStratum) -> YearRecord {
    YearRecord {
        org_id,
        year: i64::from(y.year),
        services: services_text(&y.declared.services),
        dana_sehat: y.declared.dana_sehat,
        sessions: i64::from(y.inputs.sessions),
        active_kader: i64::from(y.inputs.active_kader),
        coverage: y.inputs.coverage,
        stratum: y.stratum,
        updated_at: chrono::DateTime::default(),
    }
}

fn close(a: Option<f64>, b: Option<f64>) -> bool {
    match (a, b) {
        (Some(x), Some(y)) => (x - y).abs() < 1e-9,
        (None, None) => true,
        _ => false,
    }
}

/// Whether the stored record says something else than the computed one.
fn differs(stored: Option<&YearRecord>, new: &YearRecord) -> bool {
    match stored {
        None => true,
        Some(s) => {
            s.services != new.services
                || !close(s.dana_sehat, new.dana_sehat)
                || s.sessions != new.sessions
                || s.active_kader != new.active_kader
                || !close(s.coverage, new.coverage)
                || s.stratum != new.stratum
        }
    }
}

/// The records of every year the history shows that are missing or out of date. Nothing
/// without a profile: until the Posyandu has declared its services there is nothing to keep.
fn stale(id: i64, b: &Basis, today: NaiveDate, profile: Option<&Profile>) -> Vec<YearRecord> {
    if profile.is_none() {
        return Vec::new();
    }
    b.years(today.year())
        .into_iter()
        .map(|y| record_of(id, &b.year(y, today, profile)))
        .filter(|r| differs(b.stored.iter().find(|s| s.year == r.year), r))
        .collect()
}

/// Records the years of a Posyandu loaded in bulk (the demo), as a profile save would.
pub(crate) async fn keep_years(tx: &mut store::Tx, id: i64, today: NaiveDate) -> Result<usize> {
    let profile = store::nutrition::profile(tx, id).await?;
    refresh(tx, id, today, profile.as_ref()).await
}

/// Brings the yearly records of a Posyandu up to date inside `tx`. Returns how many changed.
async fn refresh(tx: &mut store::Tx, id: i64, today: NaiveDate, profile: Option<&Profile>) -> Result<usize> {
    let b = basis(tx, id).await?;
    let changed = stale(id, &b, today, profile);
    for r in &changed {
        store::posyandu::save_year(tx, r).await?;
    }
    Ok(changed.len())
}

/// One year as the page shows it.
#[derive(Debug, Clone, Serialize)]
pub struct YearView {
    pub year: i32,
    pub services: Vec<Service>,
    pub dana_sehat: Option<f64>,
    pub inputs: domain::nutrition::StratumInputs,
    pub stratum: Stratum,
    pub criteria: [Criterion; 5],
}

impl From<YearStratum> for YearView {
    fn from(y: YearStratum) -> Self {
        YearView {
            year: y.year,
            criteria: criteria(&y.inputs),
            services: y.declared.services,
            dana_sehat: y.declared.dana_sehat,
            inputs: y.inputs,
            stratum: y.stratum,
        }
    }
}

/// Everything the Posyandu page shows.
#[derive(Debug, Clone, Serialize)]
pub struct PosyanduView {
    pub posyandu: Row,
    /// The services the profile declares now.
    pub services: Vec<Service>,
    /// Kader holding their position today, and those who held one before.
    pub kader: Vec<Position>,
    pub former_kader: Vec<Position>,
    pub today: NaiveDate,
    pub selected: YearView,
    /// Every year with data, newest first (the current year always).
    pub history: Vec<YearView>,
    pub can_edit: bool,
}

/// The Posyandu page for `year` (default: the current year at the Posyandu). Reading writes
/// nothing: counted inputs are computed from the data, declared ones come from the yearly
/// records the profile saves keep (see `update_profile`).
pub async fn get(app: &App, actor: &Actor, id: i64, year: Option<i32>) -> Result<PosyanduView> {
    let mut tx = app.store.read().await?;
    let p = load(&mut tx, actor, id, Act::Read).await?;
    let today = app.clock().today_in(&p.region_code);
    let profile = store::nutrition::profile(&mut tx, id).await?;
    let b = basis(&mut tx, id).await?;
    let current = today.year();
    let year = year.filter(|y| (FIRST_YEAR..=current).contains(y)).unwrap_or(current);
    let history: Vec<YearView> = b
        .years(current)
        .into_iter()
        .map(|y| b.year(y, today, profile.as_ref()).into())
        .collect();
    let selected = history
        .iter()
        .find(|h| h.year == year)
        .cloned()
        .unwrap_or_else(|| b.year(year, today, profile.as_ref()).into());
    let (kader, former_kader): (Vec<Position>, Vec<Position>) = store::person::positions_at(&mut tx, id)
        .await?
        .into_iter()
        .filter(|s| s.kind == domain::person::PositionKind::Kader)
        .partition(|s| {
            holds_on(
                &KaderTerm {
                    person_id: s.person_id,
                    started_on: s.started_on,
                    ended_on: s.ended_on,
                },
                today,
            )
        });
    Ok(PosyanduView {
        services: parse_services(p.services.as_deref().unwrap_or("")),
        can_edit: writable(actor, &p),
        posyandu: p,
        kader,
        former_kader,
        today,
        selected,
        history,
    })
}

/// The Posyandu and its profile as the edit form starts from (writers only).
pub async fn for_edit(app: &App, actor: &Actor, id: i64) -> Result<Row> {
    let mut tx = app.store.read().await?;
    load(&mut tx, actor, id, Act::Write).await
}

fn profile_json(p: &Profile) -> serde_json::Value {
    serde_json::json!({
        "address": p.address, "rt": p.rt, "rw": p.rw, "schedule_day": p.schedule_day,
        "services": p.services, "dana_sehat": p.dana_sehat,
    })
}

/// Saves the profile of a Posyandu: authorised like any write to the organisation (admin,
/// dinkes of the district, the Puskesmas whose wilayah kerja holds it, its own kader), checked,
/// stored with the yearly records and an audit row in one transaction. Earlier years are
/// recorded with the values in force before the change, the current year with the new ones.
pub async fn update_profile(app: &App, actor: &Actor, id: i64, input: &ProfileInput) -> Result<()> {
    let mut tx = app.store.write().await?;
    let p = load(&mut tx, actor, id, Act::Write).await?;
    let input = input.clone().check()?;
    let today = app.clock().today_in(&p.region_code);
    let before = store::nutrition::profile(&mut tx, id).await?;
    refresh(&mut tx, id, today, before.as_ref()).await?;
    let after = Profile {
        org_id: id,
        address: input.address,
        rt: input.rt,
        rw: input.rw,
        schedule_day: input.schedule_day.map(i64::from),
        services: services_text(&input.services),
        dana_sehat: input.dana_sehat,
    };
    store::nutrition::save_profile(&mut tx, &after).await?;
    refresh(&mut tx, id, today, Some(&after)).await?;
    crate::audit::write(
        &mut tx,
        actor,
        crate::audit::Entry::new(
            if before.is_some() {
                AuditEvent::PosyanduProfileUpdated
            } else {
                AuditEvent::PosyanduProfileCreated
            },
            id.to_string(),
            format!("profile of {} saved", p.name),
        )
        .before(before.as_ref().map(profile_json))
        .after(Some(profile_json(&after))),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// One line of the Posyandu list.
#[derive(Debug, Clone, Serialize)]
pub struct ListRow {
    pub posyandu: Row,
    pub services: Vec<Service>,
    /// Kader holding their position today.
    pub kader_now: u32,
    /// The stratum of the year asked for (the current year by default) with its inputs.
    pub current: YearView,
}

/// The Posyandu in the actor's area matching `f`, each with its kader and the stratum of
/// `year` (default: the current year) computed as the page computes it — an earlier year
/// judged with the services and dana sehat recorded for it — and the total count.
pub async fn list(app: &App, actor: &Actor, f: &PosyanduFilter, year: Option<i32>) -> Result<(Vec<ListRow>, i64)> {
    let current = app.clock().today_for(actor).year();
    let year = year.filter(|y| (FIRST_YEAR..=current).contains(y)).unwrap_or(current);
    let mut tx = app.store.read().await?;
    let (rows, total) = store::posyandu::list(&mut tx, &actor.area, f).await?;
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let first = NaiveDate::from_ymd_opt(year - 1, 1, 1);
    let last = NaiveDate::from_ymd_opt(year, 12, 1);
    let mut months: HashMap<i64, Vec<MonthCount>> = HashMap::new();
    let mut terms: HashMap<i64, Vec<KaderTerm>> = HashMap::new();
    let mut stored: HashMap<i64, Vec<YearRecord>> = HashMap::new();
    for chunk in ids.chunks(1000) {
        for (id, m) in store::posyandu::month_counts(&mut tx, chunk, first, last).await? {
            months.entry(id).or_default().push(m);
        }
        for (id, k) in store::posyandu::kader_terms(&mut tx, chunk).await? {
            terms.entry(id).or_default().push(k);
        }
        for r in store::posyandu::years_of(&mut tx, chunk, i64::from(year)).await? {
            stored.entry(r.org_id).or_default().push(r);
        }
    }
    let out = rows
        .into_iter()
        .map(|r| {
            let today = app.clock().today_in(&r.region_code);
            let y = year.min(today.year());
            let m = months.get(&r.id).map(Vec::as_slice).unwrap_or_default();
            let k = terms.get(&r.id).map(Vec::as_slice).unwrap_or_default();
            let mine = stored.get(&r.id).map(Vec::as_slice).unwrap_or_default();
            let mut people: Vec<i64> = k.iter().filter(|t| holds_on(t, today)).map(|t| t.person_id).collect();
            people.sort_unstable();
            people.dedup();
            let now = declared_of(r.services.as_deref(), r.dana_sehat);
            let declared = declared_for(y, today.year(), &recorded(mine), &now);
            ListRow {
                services: now.services,
                kader_now: people.len() as u32,
                current: year_stratum(y, today, m, k, declared).into(),
                posyandu: r,
            }
        })
        .collect();
    Ok((out, total))
}

/// The choices of the list's filters: desa with a Posyandu in the area, and the Puskesmas
/// in the area.
pub async fn filter_choices(app: &App, actor: &Actor) -> Result<(Vec<(String, String)>, Vec<(i64, String)>)> {
    let mut tx = app.store.read().await?;
    let desa = store::posyandu::desa_options(&mut tx, &actor.area).await?;
    let pkm = store::org::all(
        &mut tx,
        &actor.area,
        &store::org::OrgFilter {
            kind: Some(domain::org::OrgKind::Puskesmas),
            limit: 1000,
            ..Default::default()
        },
    )
    .await?;
    Ok((desa, pkm.into_iter().map(|o| (o.id, o.name)).collect()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
    }

    fn profile(services: &str, dana: Option<f64>) -> Profile {
        Profile {
            org_id: 1,
            address: None,
            rt: None,
            rw: None,
            schedule_day: None,
            services: services.into(),
            dana_sehat: dana,
        }
    }

    fn basis_2024() -> Basis {
        Basis {
            months: (1..=9)
                .map(|m| MonthCount {
                    month: d(2024, m, 1),
                    s: 4,
                    d: 3,
                })
                .collect(),
            kader: (1..=5)
                .map(|p| KaderTerm {
                    person_id: p,
                    started_on: Some(d(2020, 1, 1)),
                    ended_on: None,
                })
                .collect(),
            stored: Vec::new(),
        }
    }

    #[test]
    fn records_are_written_only_with_a_profile_and_when_they_change() {
        let today = d(2026, 3, 1);
        let mut b = basis_2024();
        assert_eq!(b.years(2026), vec![2026, 2024]);
        assert!(stale(1, &b, today, None).is_empty(), "no profile, nothing kept");
        let old = profile("kesehatan_gizi,pendidikan_bkb_paud", Some(40.0));
        let fresh = stale(1, &b, today, Some(&old));
        assert_eq!(fresh.len(), 2);
        let Some(y2024) = fresh.iter().find(|r| r.year == 2024) else {
            panic!("2024 is recorded: {fresh:?}");
        };
        assert_eq!((y2024.sessions, y2024.active_kader), (9, 5));
        assert_eq!(y2024.coverage, Some(75.0));
        assert_eq!(y2024.stratum, Stratum::Purnama);
        b.stored = fresh.clone();
        assert!(
            stale(1, &b, today, Some(&old)).is_empty(),
            "nothing changed, nothing written"
        );
        // The profile changes: only the current year is rewritten; 2024 keeps its services.
        let new = profile("kesehatan_gizi", None);
        let changed = stale(1, &b, today, Some(&new));
        assert_eq!(changed.iter().map(|r| r.year).collect::<Vec<_>>(), vec![2026]);
        assert_eq!(b.year(2024, today, Some(&new)).stratum, Stratum::Purnama);
    }
}
