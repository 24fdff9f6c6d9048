//! The indicator catalogue, for every signed-in account: each indicator with its definition,
//! sasaran, default target, whether Lintas computes it from the nutrition data, its legal
//! basis and its versions.

use super::{by_programme, figure, name};
use crate::AppState;
use crate::ctx::{Ctx, SignedIn};
use crate::error::PageError;
use crate::i18n::{Lang, fill, text};
use crate::pages::render;
use askama::Template;
use axum::extract::State;
use axum::response::Response;
use store::coverage::IndicatorRow;

/// An indicator as the catalogue shows it: the version in force today.
struct Line {
    code: String,
    name: String,
    cluster: i64,
    spm: Option<i64>,
    numerator: String,
    denominator: String,
    unit: &'static str,
    direction: &'static str,
    sasaran: String,
    target: String,
    derived: bool,
    legal_basis: String,
    /// Each version: "pmk-4-2019: 01/01/2019 – …".
    versions: Vec<String>,
}

#[derive(Template)]
#[template(path = "coverage/indicators.html")]
struct IndicatorsPage {
    title: String,
    ctx: Ctx,
    /// (programme, its indicators).
    groups: Vec<(&'static str, Vec<Line>)>,
    count: usize,
}

fn version(lang: Lang, r: &IndicatorRow) -> String {
    let to = r.valid_to.map_or_else(
        || text(lang, "coverage.catalogue.open_end").to_string(),
        |d| d.format("%d/%m/%Y").to_string(),
    );
    fill(
        lang,
        "coverage.catalogue.version",
        &[
            ("version", &r.version),
            ("from", &r.valid_from.format("%d/%m/%Y").to_string()),
            ("to", &to),
        ],
    )
}

/// GET /coverage/indicators: the catalogue, by programme.
pub async fn page(State(st): State<AppState>, s: SignedIn) -> Result<Response, PageError> {
    let lang = s.visitor.lang;
    let ctx = Ctx::new(&s.visitor);
    let all = app::coverage::catalogue(&st.app, &s.actor).await?;
    let today = st.app.clock().today_for(&s.actor);
    // One line per code: the version in force today (else the oldest), all versions listed.
    let mut shown: Vec<IndicatorRow> = Vec::new();
    for r in &all {
        if !shown.iter().any(|x| x.code == r.code) {
            shown.push(app::coverage::in_force(&all, &r.code, today).unwrap_or(r).clone());
        }
    }
    by_programme(&mut shown);
    let mut groups: Vec<(&'static str, Vec<Line>)> = Vec::new();
    for r in &shown {
        let line = Line {
            code: r.code.clone(),
            name: name(lang, r).to_string(),
            cluster: r.cluster,
            spm: r.spm,
            numerator: r.numerator.clone(),
            denominator: r.denominator.clone(),
            unit: r.unit.as_str(),
            direction: r.direction.as_str(),
            sasaran: match r.sasaran {
                Some(k) => text(lang, &format!("coverage.sasaran_kind.{k}")).to_string(),
                None => text(lang, "coverage.def.monthly_denominator").to_string(),
            },
            target: match r.target {
                Some(t) => figure(lang, Some(t), r.unit),
                None => text(lang, "coverage.catalogue.no_target").to_string(),
            },
            derived: r.derived.is_some(),
            legal_basis: r.legal_basis.clone(),
            versions: all
                .iter()
                .filter(|v| v.code == r.code)
                .map(|v| version(lang, v))
                .collect(),
        };
        match groups.last_mut() {
            Some((p, lines)) if *p == r.program.as_str() => lines.push(line),
            _ => groups.push((r.program.as_str(), vec![line])),
        }
    }
    Ok(render(&IndicatorsPage {
        title: ctx.t("coverage.catalogue.title").to_string(),
        count: shown.len(),
        groups,
        ctx,
    }))
}
