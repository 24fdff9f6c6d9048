//! Coverage figures for tests, through the use cases as a Puskesmas enters them: Puskesmas
//! Sarolangun's sasaran of pregnant women in its two desa, its targets, its monthly counts.

use crate::TestApp;
use crate::fixture::{BERNAI, DUSUN_SAROLANGUN};
use chrono::NaiveDate;
use domain::coverage::{AchievementInput, AchievementSource, SasaranInput, SasaranKind, SasaranSource, TargetInput};

/// One month's count of a desa (`den`: the monthly denominator, for D/S-like indicators).
pub fn count(code: &str, desa: &str, year: i32, month: u32, n: f64, den: Option<f64>) -> AchievementInput {
    AchievementInput {
        indicator_code: code.into(),
        desa_code: desa.into(),
        month: NaiveDate::from_ymd_opt(year, month, 1).expect("month"),
        numerator: n,
        denominator: den,
    }
}

/// The pregnant women (bumil) of Dusun Sarolangun and Bernai in `year`.
pub async fn bumil(t: &TestApp, year: i32, dusun: f64, bernai: f64) {
    let pkm = t.actor("puskesmas").await;
    let rows = [(DUSUN_SAROLANGUN, dusun), (BERNAI, bernai)]
        .map(|(d, v)| SasaranInput {
            desa_code: d.into(),
            year,
            kind: SasaranKind::Bumil,
            value: v,
        })
        .to_vec();
    app::coverage::save_sasaran(&t.app, &pkm, t.fx().pkm, rows, SasaranSource::Entered, None)
        .await
        .expect("sasaran");
}

/// Puskesmas Sarolangun's targets of `year` (indicator code, percent).
pub async fn targets(t: &TestApp, year: i32, targets: &[(&str, f64)]) {
    let pkm = t.actor("puskesmas").await;
    let rows = targets
        .iter()
        .map(|(c, v)| TargetInput {
            indicator_code: (*c).into(),
            target: *v,
        })
        .collect();
    app::coverage::save_targets(&t.app, &pkm, t.fx().pkm, year, rows, None)
        .await
        .expect("targets");
}

/// Puskesmas Sarolangun's monthly counts, typed.
pub async fn achievements(t: &TestApp, rows: Vec<AchievementInput>) {
    let pkm = t.actor("puskesmas").await;
    app::coverage::save_achievements(&t.app, &pkm, t.fx().pkm, rows, &[], AchievementSource::Entered)
        .await
        .expect("achievements");
}
