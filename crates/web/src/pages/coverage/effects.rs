//! `/coverage/effects`: the actions a Puskesmas's Lokmin raised from the PWS in a year —
//! finished ones first — each with whether its indicator moved in its desa beside the
//! comparable desa (the difference in differences of the action's effect section), so the
//! Puskesmas and the Dinkes see which follow-ups worked.

use super::entry::{indicator_name, puskesmas_of};
use crate::AppState;
use crate::ctx::{Ctx, SignedIn};
use crate::error::PageError;
use crate::format::{month_label, pct, signed};
use crate::i18n::text;
use crate::pages::render;
use app::AppError;
use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use chrono::Datelike;
use serde::Deserialize;

#[derive(Deserialize, Default)]
pub struct EffectsQuery {
    #[serde(default)]
    pub puskesmas: String,
    /// Default: the current year.
    #[serde(default)]
    pub year: String,
}

struct Row {
    id: i64,
    what: String,
    owner: String,
    status: String,
    done: bool,
    meeting_id: i64,
    held_on: String,
    indicator: String,
    desa: String,
    before: String,
    after: String,
    comparison: String,
    did: String,
    /// `better`, `worse` or `unknown`.
    moved: &'static str,
}

#[derive(Template)]
#[template(path = "coverage/effects.html")]
struct EffectsPage {
    title: String,
    ctx: Ctx,
    pkm_id: i64,
    pkm_name: String,
    year: i32,
    rows: Vec<Row>,
    better: usize,
    worse: usize,
    finished: usize,
}

/// GET /coverage/effects.
pub async fn page(
    State(st): State<AppState>,
    s: SignedIn,
    Query(q): Query<EffectsQuery>,
) -> Result<Response, PageError> {
    let pkm = puskesmas_of(&s, &q.puskesmas).ok_or(AppError::NotFound)?;
    let year = if q.year.trim().is_empty() {
        st.app.clock().today_for(&s.actor).year()
    } else {
        super::targets::year_of(&st, &s, &q.year)?
    };
    let (org, list) = app::effect::of_puskesmas(&st.app, &s.actor, pkm, year).await?;
    let ctx = Ctx::new(&s.visitor);
    let lang = ctx.lang;
    let rows: Vec<Row> = list
        .iter()
        .map(|a| {
            let e = a.effect.as_ref();
            Row {
                id: a.action.action_id,
                what: a.action.what.clone(),
                owner: a.action.owner_name.clone(),
                status: ctx.tk("astatus", &a.action.status),
                done: a.action.status == "done",
                meeting_id: a.action.meeting_id,
                held_on: month_label(lang, a.action.held_on),
                indicator: e.map_or_else(
                    || a.action.indicator_code.clone(),
                    |e| format!("{} {}", e.indicator.code, indicator_name(lang, &e.indicator)),
                ),
                desa: e.map_or_else(|| a.action.desa_code.clone(), |e| e.desa_name.clone()),
                before: pct(lang, e.and_then(|e| e.effect.before)),
                after: pct(lang, e.and_then(|e| e.effect.after)),
                comparison: e.map_or_else(
                    || "—".into(),
                    |e| {
                        format!(
                            "{} → {}",
                            pct(lang, e.effect.comparison_before),
                            pct(lang, e.effect.comparison_after)
                        )
                    },
                ),
                did: e.and_then(|e| e.effect.did).map_or_else(
                    || "—".into(),
                    |d| format!("{} {}", signed(lang, d, 1), text(lang, "effect.points")),
                ),
                moved: match a.improved() {
                    Some(true) => "better",
                    Some(false) => "worse",
                    None => "unknown",
                },
            }
        })
        .collect();
    Ok(render(&EffectsPage {
        title: format!("{} {} — {}", ctx.t("effects.title"), year, org.name),
        better: rows.iter().filter(|r| r.done && r.moved == "better").count(),
        worse: rows.iter().filter(|r| r.done && r.moved == "worse").count(),
        finished: rows.iter().filter(|r| r.done).count(),
        pkm_id: org.id,
        pkm_name: org.name,
        year,
        rows,
        ctx,
    }))
}
