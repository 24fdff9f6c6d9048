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
