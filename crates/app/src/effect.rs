//! The effect of an action (no other system shows it): an action on a problem raised from
//! the PWS of an (indicator, desa) shows that desa's monthly own coverage for six months
//! before the action started and up to six months after, beside the mean of comparable desa
//! of the same Puskesmas — those with the same PWS status when the problem was raised and no
//! action on that indicator — and the difference-in-differences figure, with a plain caveat
//! on the page: an association, not proof.

use crate::coverage::compute;
use crate::{App, Result};
use chrono::{Datelike, Months, NaiveDate};
use domain::access::{Act, Actor, Target, can};
use domain::coverage::{Effect, PwsStatus, effect, first_of_month};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use store::coverage::IndicatorRow;
use store::org::WkDesa;

/// Months shown on each side of the start.
pub const WINDOW: u32 = 6;

#[derive(Debug, Clone, Serialize)]
pub struct EffectView {
    pub indicator: IndicatorRow,
    pub desa_code: String,
    pub desa_name: String,
    /// The PWS status of the desa when the problem was raised.
    pub status_then: Option<PwsStatus>,
    /// The month the action started (the month of its meeting).
    pub start: NaiveDate,
    /// The months shown, oldest first.
    pub months: Vec<NaiveDate>,
    /// The desa's own coverage per month.
    pub treated: Vec<Option<f64>>,
    /// The mean own coverage of the comparison desa per month.
    pub comparison: Vec<Option<f64>>,
    pub comparison_desa: Vec<String>,
    pub effect: Effect,
}

/// The effect view of an action, or `None` when its problem was not raised from the PWS or
/// the actor does not read the Puskesmas's figures. The action itself must be readable.
pub async fn of_action(app: &App, actor: &Actor, action_id: i64) -> Result<Option<EffectView>> {
    let action = crate::action::get(app, actor, action_id).await?;
    let mut tx = app.store.read().await?;
    let Some((code, desa_code, period)) = store::coverage::action_link(&mut tx, action_id).await? else {
        return Ok(None);
    };
    let owners = store::org::wilayah_kerja_owners(&mut tx, std::slice::from_ref(&desa_code)).await?;
    let Some(pkm_id) = owners.first().map(|o| o.1) else {
        return Ok(None);
    };
    let Some(pkm) = store::org::get(&mut tx, pkm_id).await? else {
        return Ok(None);
    };
    if can(
        actor,
        Act::Read,
        Target::Org {
            id: pkm.id,
            region: &pkm.region_code,
        },
    )
    .is_err()
    {
        return Ok(None);
    }
    let all = store::coverage::indicators(&mut tx).await?;
    let Some(ind) = crate::coverage::in_force(&all, &code, period).cloned() else {
        return Ok(None);
    };
    let tetap = crate::coverage::settings_of(&mut tx).await?.tetap;
    let desa = store::org::wilayah_kerja(&mut tx, pkm.id).await?;
    let units: Vec<(String, String, i64, Vec<WkDesa>)> = desa
        .iter()
        .map(|d| (d.desa_code.clone(), d.desa_name.clone(), pkm.id, vec![d.clone()]))
        .collect();
    let start = first_of_month(action.action.meeting_held_on);
    let today = app.clock().today_in(&pkm.region_code);
    let last = crate::coverage::last_complete_month(today).min(start + Months::new(WINDOW));
    let first = start - Months::new(WINDOW);
    let mut months = Vec::new();
    let mut m = first;
    while m <= last {
        months.push(m);
        m = m + Months::new(1);
    }
    // Own coverage per desa and month, and each desa's status when the problem was raised.
    let mut own: HashMap<(String, NaiveDate), f64> = HashMap::new();
    let mut status_at: HashMap<String, Option<PwsStatus>> = HashMap::new();
    let mut years: Vec<i32> = months.iter().map(|m| m.year()).collect();
    years.push(period.year());
    years.sort_unstable();
    years.dedup();
    for y in years {
        let (lines, _) = compute(&mut tx, &ind, &units, y, tetap, Some(pkm.id), String::new()).await?;
        for l in &lines {
            for pm in &l.months {
                let day = NaiveDate::from_ymd_opt(y, pm.month, 1).unwrap_or_default();
                if let Some(v) = pm.own {
                    own.insert((l.key.clone(), day), v);
                }
                if day == period {
                    status_at.insert(l.key.clone(), pm.status);
                }
            }
        }
    }
    let status_then = status_at.get(&desa_code).copied().flatten();
    let codes: Vec<String> = desa.iter().map(|d| d.desa_code.clone()).collect();
    let acted = store::coverage::desa_with_actions(&mut tx, &codes, &ind.code).await?;
    let comparison_desa: Vec<&WkDesa> = desa
        .iter()
        .filter(|d| d.desa_code != desa_code && !acted.contains(&d.desa_code))
        .filter(|d| status_then.is_some() && status_at.get(&d.desa_code).copied().flatten() == status_then)
        .collect();
    let treated: Vec<Option<f64>> = months
        .iter()
        .map(|m| own.get(&(desa_code.clone(), *m)).copied())
        .collect();
    let mut sums: BTreeMap<NaiveDate, (f64, u32)> = BTreeMap::new();
    for d in &comparison_desa {
        for m in &months {
            if let Some(v) = own.get(&(d.desa_code.clone(), *m)) {
                let e = sums.entry(*m).or_default();
                e.0 += v;
                e.1 += 1;
            }
        }
    }
    let comparison: Vec<Option<f64>> = months
        .iter()
        .map(|m| sums.get(m).map(|(s, n)| s / f64::from(*n)))
        .collect();
    let start_index = months.iter().position(|m| *m >= start).unwrap_or(months.len());
    Ok(Some(EffectView {
        effect: effect(&treated, &comparison, start_index),
        desa_name: desa
            .iter()
            .find(|d| d.desa_code == desa_code)
            .map(|d| d.desa_name.clone())
            .unwrap_or_default(),
        indicator: ind,
        desa_code,
        status_then,
        start,
        months,
        treated,
        comparison,
        comparison_desa: comparison_desa.iter().map(|d| d.desa_name.clone()).collect(),
    }))
}

/// One action raised from the PWS at a Puskesmas's meetings, with its effect when it can be
/// read.
#[derive(Debug, Clone, Serialize)]
pub struct ActionEffect {
    pub action: store::coverage::PwsAction,
    pub effect: Option<EffectView>,
}

impl ActionEffect {
    /// Whether the indicator moved the right way beside the comparison desa: `Some(true)`
    /// better, `Some(false)` worse or unchanged, `None` when it cannot be told yet.
    pub fn improved(&self) -> Option<bool> {
        let e = self.effect.as_ref()?;
        let did = e.effect.did?;
        Some(match e.indicator.direction {
            domain::coverage::Direction::Higher => did > 0.0,
            domain::coverage::Direction::Lower => did < 0.0,
        })
    }
}

/// The actions raised from the PWS at the meetings a Puskesmas hosted in `year`, finished
/// first, each with whether its indicator moved (read by whoever reads the Puskesmas).
pub async fn of_puskesmas(
    app: &App,
    actor: &Actor,
    puskesmas_id: i64,
    year: i32,
) -> Result<(store::org::Org, Vec<ActionEffect>)> {
    if !domain::coverage::YEARS.contains(&year) {
        return Err(domain::Invalid::one("year", "year.range").into());
    }
    let (org, actions) = {
        let mut tx = app.store.read().await?;
        let (org, _) = crate::coverage::puskesmas(&mut tx, actor, puskesmas_id, Act::Read).await?;
        let from = NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or_default();
        let to = NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or_default();
        let actions = store::coverage::pws_actions(&mut tx, org.id, from, to).await?;
        (org, actions)
    };
    let mut out = Vec::with_capacity(actions.len());
    for a in actions {
        let effect = of_action(app, actor, a.action_id).await?;
        out.push(ActionEffect { action: a, effect });
    }
    // Finished first, then by meeting date.
    out.sort_by_key(|e| (e.action.status != "done", e.action.held_on, e.action.action_id));
    Ok((org, out))
}
