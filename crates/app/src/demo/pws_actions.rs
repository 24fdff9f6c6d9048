//! The demo's follow-ups of the PWS: at the November 2023 Lokmin bulanan of each Puskesmas
//! with a desa of [`JELEK_2023`], the host accepts that desa's K4 proposal (Jelek in October)
//! as a problem — through the same use cases as the meeting page — and gives the action to the
//! desa's government ("kelas ibu hamil dan pendataan ulang bumil bersama kader"), due at the
//! end of February 2024; the Kepala Desa reports it done on 26 February 2024. Those desa are
//! above target in 2024, so each action's effect section (and the Puskesmas's list of PWS
//! follow-ups) shows its K4 moving beside the comparable desa.

use super::coverage::JELEK_2023;
use crate::clock::Clock;
use crate::{App, Result};
use chrono::{Datelike, NaiveDate};
use domain::access::Actor;
use domain::action::{ActionInput, ActionStatus, BudgetSource};

const INDICATOR: &str = "K4";

async fn actor(app: &App, username: &str) -> Result<Option<Actor>> {
    let mut tx = app.store.read().await?;
    let Some(user) = store::user::get_by_username(&mut tx, username).await? else {
        return Ok(None);
    };
    Ok(Some(crate::auth::actor_of(&mut tx, &user).await?))
}

fn at(y: i32, m: u32, d: u32, hour: u32) -> chrono::DateTime<chrono::Utc> {
    NaiveDate::from_ymd_opt(y, m, d)
        .and_then(|d| d.and_hms_opt(hour, 0, 0))
        .unwrap_or_default()
        .and_utc()
}

/// Loads the follow-ups unless one is there; how many actions were made.
pub async fn load(app: &App) -> Result<usize> {
    let Some(dinkes) = actor(app, "dinkes").await? else {
        return Ok(0);
    };
    let own = actor(app, "puskesmas").await?;
    let codes: Vec<String> = JELEK_2023.iter().map(|c| (*c).to_string()).collect();
    let plan = {
        let mut tx = app.store.read().await?;
        let mut out = Vec::new();
        for (desa, puskesmas, _) in store::org::wilayah_kerja_owners(&mut tx, &codes).await? {
            let from = NaiveDate::from_ymd_opt(2023, 11, 1).unwrap_or_default();
            let to = NaiveDate::from_ymd_opt(2023, 11, 30).unwrap_or_default();
            let Some(m) = store::pkp::lokmin_held(&mut tx, puskesmas, from, to)
                .await?
                .into_iter()
                .find(|m| m.kind == "lokmin_bulanan")
            else {
                continue;
            };
            let gov = format!("DESA-{}", desa.replace('.', ""));
            let Some(owner) = store::org::get_by_code(&mut tx, &gov).await? else {
                continue;
            };
            out.push((desa, puskesmas, m, owner.id));
        }
        out
    };
    let mut made = 0;
    for (desa, puskesmas, meeting, owner) in plan {
        let host = match &own {
            Some(a) if a.org_id == Some(puskesmas) => a,
            _ => &dinkes,
        };
        let on_day = app
            .clone()
            .with_clock(Clock::fixed(at(2023, 11, meeting.held_on.day(), 3)));
        // Already followed up (a second load): the proposal is gone. Any other error is the
        // demo's own fault and stops the load.
        let problem = match crate::proposal::accept(&on_day, host, meeting.id, INDICATOR, &desa).await {
            Ok(p) => p,
            Err(crate::AppError::Invalid(inv)) if inv.code_for("proposal") == Some("proposal.gone") => continue,
            Err(e) => return Err(e),
        };
        let action = ActionInput {
            what: "Kelas ibu hamil dan pendataan ulang bumil bersama kader".into(),
            problem_id: Some(problem),
            owner_org_id: owner,
            responsible: Some("Kepala Desa".into()),
            supporting_org_ids: vec![puskesmas],
            target: Some("Semua ibu hamil di desa mendapat K4".into()),
            due_on: NaiveDate::from_ymd_opt(2024, 2, 29),
            budget_source: BudgetSource::DanaDesa,
            private_note: None,
        };
        let id = crate::action::create(&on_day, host, meeting.id, &action).await?;
        let done = app.clone().with_clock(Clock::fixed(at(2024, 2, 26, 3)));
        crate::action::post_update(
            &done,
            host,
            id,
            "Kelas ibu hamil berjalan tiga kali; 14 ibu hamil baru terdata dan dirujuk ke bidan desa.",
            Some(ActionStatus::Done),
            None,
        )
        .await?;
        made += 1;
    }
    Ok(made)
}
