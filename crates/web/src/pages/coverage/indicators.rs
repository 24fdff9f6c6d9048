//! The indicator catalogue, for every signed-in account: each indicator with its definition,
//! sasaran, default target, whether Lintas computes it from the nutrition data, its legal
//! basis and its versions. Approvers (admin, dinkes) add a new indicator or a new version of
//! one (`/coverage/indicators/new`, prefilled from the version in force).

use super::{by_programme, figure, name};
use crate::AppState;
use crate::ctx::{Ctx, SignedIn};
use crate::error::PageError;
use crate::form::CsrfForm;
use crate::form::indicator::IndicatorForm;
use crate::i18n::{Lang, fill, text};
use crate::pages::render;
use crate::pages::{Errs, render_status, split_invalid};
use askama::Template;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use domain::Invalid;
use domain::coverage::{Derived, Direction, Program, SasaranKind, Unit};
use serde::Deserialize;
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
    /// The reader adds indicators and versions (admin, dinkes).
    can_edit: bool,
    notice: Option<String>,
}

#[derive(Deserialize, Default)]
pub struct CatalogueQuery {
    /// After a save: the code and version saved.
    #[serde(default)]
    pub saved: String,
    #[serde(default)]
    pub version: String,
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
pub async fn page(
    State(st): State<AppState>,
    s: SignedIn,
    Query(q): Query<CatalogueQuery>,
) -> Result<Response, PageError> {
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
    let can_edit = domain::access::approves_targets(&s.actor);
    let notice = (!q.saved.trim().is_empty()).then(|| {
        fill(
            lang,
            "cov_ind.saved",
            &[("code", q.saved.trim()), ("version", q.version.trim())],
        )
    });
    Ok(render(&IndicatorsPage {
        title: ctx.t("coverage.catalogue.title").to_string(),
        count: shown.len(),
        groups,
        can_edit,
        notice,
        ctx,
    }))
}

// --- a new indicator or version -----------------------------------------------------------------

#[derive(Deserialize, Default)]
pub struct NewQuery {
    /// The indicator to add a version of; empty for a new indicator.
    #[serde(default)]
    pub code: String,
}

/// A text field of the form.
struct Field {
    name: &'static str,
    label: &'static str,
    hint: &'static str,
    value: String,
    error: Option<String>,
    max: usize,
    optional: bool,
    long: bool,
    date: bool,
    decimal: bool,
}

/// A choice of the form: (value, label, selected) options.
struct Choice {
    name: &'static str,
    label: &'static str,
    options: Vec<(String, String, bool)>,
    error: Option<String>,
}

#[derive(Template)]
#[template(path = "coverage/indicator_form.html")]
struct FormPage {
    title: String,
    ctx: Ctx,
    errs: Errs,
    base: String,
    prefilled: Option<String>,
    /// Code, version and names; then the choices; then the definitions, target and validity.
    head: Vec<Field>,
    choices: Vec<Choice>,
    tail: Vec<Field>,
}

fn field(name: &'static str, label: &'static str, value: &str, errs: &Errs, max: usize) -> Field {
    Field {
        name,
        label,
        hint: "",
        value: value.to_string(),
        error: errs.on(name),
        max,
        optional: false,
        long: false,
        date: false,
        decimal: false,
    }
}

/// The options of a choice: the words of `all`, each labelled by the key `prefix` + word (the
/// prefix ends with its dot), with an empty
/// first option labelled `none` when given.
fn options<T: std::fmt::Display>(
    lang: Lang,
    all: &[T],
    prefix: &str,
    none: Option<&str>,
    selected: &str,
) -> Vec<(String, String, bool)> {
    let mut out = Vec::with_capacity(all.len() + 1);
    if let Some(key) = none {
        out.push((String::new(), text(lang, key).to_string(), selected.trim().is_empty()));
    }
    for w in all {
        let v = w.to_string();
        let label = text(lang, &format!("{prefix}{v}")).to_string();
        out.push((v.clone(), label, v == selected.trim()));
    }
    out
}

fn form_page(ctx: Ctx, form: &IndicatorForm, inv: Invalid, prefilled: Option<String>) -> Response {
    let lang = ctx.lang;
    let errs = Errs::new(lang, inv);
    let title = match form.base.trim() {
        "" => ctx.t("cov_ind.title_new").to_string(),
        code => fill(lang, "cov_ind.title_version", &[("code", code)]),
    };
    let head = vec![
        Field {
            hint: "cov_ind.code_hint",
            ..field("code", "cov_ind.code", &form.code, &errs, 30)
        },
        Field {
            hint: "cov_ind.version_hint",
            ..field("version", "cov_ind.version", &form.version, &errs, 40)
        },
        field("name_id", "cov_ind.name_id", &form.name_id, &errs, 200),
        field("name_en", "cov_ind.name_en", &form.name_en, &errs, 200),
    ];
    let clusters: Vec<(String, String, bool)> = (1..=5u8)
        .map(|i| {
            let v = i.to_string();
            let label = text(lang, &format!("coverage.cluster.{v}")).to_string();
            (v.clone(), label, v == form.cluster.trim())
        })
        .collect();
    let mut spm = vec![(
        String::new(),
        text(lang, "cov_ind.not_spm").to_string(),
        form.spm.trim().is_empty(),
    )];
    spm.extend((1..=12u8).map(|i| {
        let v = i.to_string();
        (v.clone(), format!("SPM {v}"), v == form.spm.trim())
    }));
    let choice = |name: &'static str, label: &'static str, options| Choice {
        name,
        label,
        options,
        error: errs.on(name),
    };
    let choices = vec![
        choice(
            "program",
            "coverage.def.program",
            options(lang, Program::ALL, "coverage.program.", None, &form.program),
        ),
        choice("cluster", "coverage.catalogue.cluster", clusters),
        choice("spm", "cov_ind.spm", spm),
        choice(
            "unit",
            "coverage.def.unit",
            options(lang, Unit::ALL, "coverage.unit.", None, &form.unit),
        ),
        choice(
            "direction",
            "cov_ind.direction",
            options(lang, Direction::ALL, "coverage.direction.", None, &form.direction),
        ),
        choice(
            "sasaran",
            "coverage.def.sasaran",
            options(
                lang,
                SasaranKind::ALL,
                "coverage.sasaran_kind.",
                Some("coverage.def.monthly_denominator"),
                &form.sasaran,
            ),
        ),
        choice(
            "derived",
            "cov_ind.derived",
            options(
                lang,
                Derived::ALL,
                "cov_ind.derived_kind.",
                Some("cov_ind.not_derived"),
                &form.derived,
            ),
        ),
    ];
    let tail = vec![
        Field {
            long: true,
            ..field("numerator", "coverage.def.numerator", &form.numerator, &errs, 1000)
        },
        Field {
            long: true,
            ..field(
                "denominator",
                "coverage.def.denominator",
                &form.denominator,
                &errs,
                1000,
            )
        },
        Field {
            hint: "cov_ind.target_hint",
            optional: true,
            decimal: true,
            ..field("target", "coverage.catalogue.target", &form.target, &errs, 20)
        },
        Field {
            optional: true,
            ..field("legal_basis", "coverage.def.legal_basis", &form.legal_basis, &errs, 300)
        },
        Field {
            date: true,
            ..field("valid_from", "cov_ind.valid_from", &form.valid_from, &errs, 10)
        },
        Field {
            date: true,
            optional: true,
            hint: "cov_ind.valid_to_hint",
            ..field("valid_to", "cov_ind.valid_to", &form.valid_to, &errs, 10)
        },
    ];
    render_status(
        errs.status(),
        &FormPage {
            title,
            base: form.base.clone(),
            prefilled,
            head,
            choices,
            tail,
            errs,
            ctx,
        },
    )
}

/// GET /coverage/indicators/new: the form for a new indicator, or (`?code=`) a new version of
/// one, filled in from the version in force (admin and dinkes).
pub async fn new(State(st): State<AppState>, s: SignedIn, Query(q): Query<NewQuery>) -> Result<Response, PageError> {
    let lang = s.visitor.lang;
    let today = st.app.clock().today_for(&s.actor);
    let code = Some(q.code.as_str()).filter(|c| !c.trim().is_empty());
    let from = app::coverage::indicator_template(&st.app, &s.actor, code, today).await?;
    let (form, prefilled) = match &from {
        Some(r) => (
            IndicatorForm::of(r, lang),
            Some(fill(
                lang,
                "cov_ind.prefilled",
                &[
                    ("version", &r.version),
                    ("from", &r.valid_from.format("%d/%m/%Y").to_string()),
                ],
            )),
        ),
        None => (
            IndicatorForm {
                unit: Unit::Percent.to_string(),
                direction: Direction::Higher.to_string(),
                ..IndicatorForm::default()
            },
            None,
        ),
    };
    Ok(form_page(Ctx::new(&s.visitor), &form, Invalid::new(), prefilled))
}

/// POST /coverage/indicators/new: adds the version (admin and dinkes; audited); the form again
/// with each field's error (422) when it is refused, nothing stored.
pub async fn create(
    State(st): State<AppState>,
    s: SignedIn,
    CsrfForm(form): CsrfForm<IndicatorForm>,
) -> Result<Response, PageError> {
    // Who may add comes first: others are refused whatever they typed.
    let today = st.app.clock().today_for(&s.actor);
    app::coverage::indicator_template(&st.app, &s.actor, None, today).await?;
    let ctx = Ctx::new(&s.visitor);
    let def = match form.input() {
        Ok(d) => d,
        Err(inv) => return Ok(form_page(ctx, &form, inv, None)),
    };
    let (code, version) = (def.code.clone(), def.version.clone());
    match app::coverage::add_indicator(&st.app, &s.actor, def).await {
        Ok(_) => {
            let q = crate::pages::query(&[("saved", &code), ("version", &version)]);
            Ok(Redirect::to(&format!("/coverage/indicators?{q}#ind-{code}")).into_response())
        }
        Err(e) => Ok(form_page(ctx, &form, split_invalid(e)?, None)),
    }
}
