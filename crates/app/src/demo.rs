//! The demo district. Later capabilities extend it here, in one place.
#[path = "demo/agreement.rs"]
pub mod agreement;
#[path = "demo/coordination.rs"]
pub mod coordination;
#[path = "demo/coverage.rs"]
pub mod coverage;
#[path = "demo/district.rs"]
pub mod district;
#[path = "demo/nutrition.rs"]
pub mod nutrition;
#[path = "demo/pkp.rs"]
pub mod pkp;
#[path = "demo/plan.rs"]
pub mod plan;
#[path = "demo/pws_actions.rs"]
pub mod pws_actions;

use crate::{App, Result};

/// Loads the demo district with a small child-growth set (the Posyandu of Puskesmas
/// Sarolangun, about 150 children) and the coverage figures of that Puskesmas's desa: quick,
/// what every test server starts with. Returns whether it loaded anything.
pub async fn load(app: &App) -> Result<bool> {
    load_sized(app, nutrition::Size::Small, &|_| {}).await
}

/// Loads the whole demo district: about 15,000 children with two years of measurements, the
/// stunting counts of February and August 2023 reading 740 and 679, and the coverage figures
/// of 2023–2024 at every desa (`lintas demo`, `serve --demo`). Takes a few seconds;
/// `progress` hears each step.
pub async fn load_full(app: &App, progress: &(dyn Fn(&str) + Send + Sync)) -> Result<bool> {
    load_sized(app, nutrition::Size::Full, progress).await
}

async fn load_sized(app: &App, size: nutrition::Size, progress: &(dyn Fn(&str) + Send + Sync)) -> Result<bool> {
    let district = district::load(app).await?;
    let growth = nutrition::load(app, size, progress).await?;
    let coverage = coverage::load(app, size, progress).await?;
    let plans = plan::load(app, size, progress).await?;
    let followed = pws_actions::load(app).await?;
    if followed > 0 {
        progress(&format!("pws: {followed} follow-ups of Jelek desa"));
    }
    let started = std::time::Instant::now();
    let assessed = pkp::load(app, &pkp::puskesmas(app).await?).await?;
    if assessed > 0 {
        progress(&format!(
            "pkp: {assessed} assessments of {} ({:.1} s)",
            coverage::YEARS[0],
            started.elapsed().as_secs_f64()
        ));
    }
    let loaded = district || growth.is_some() || coverage.is_some() || plans.is_some() || assessed > 0 || followed > 0;
    if loaded && size == nutrition::Size::Full {
        // The planner's statistics, before the first visitor rather than when autovacuum
        // comes round: without them PostgreSQL scanned all 214,000 measurements for the
        // eight latest of 50 children (24 ms instead of 1).
        app.store.refresh_statistics().await?;
    }
    Ok(loaded)
}
