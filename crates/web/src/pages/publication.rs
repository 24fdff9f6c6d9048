//! Public figures without a login: `/publik` (the districts that publish), `/publik/{code}`
//! (a province, district, kecamatan or desa), its CSV and embeddable SVG, and the settings
//! page where admin and dinkes choose what their district publishes. The figures come
//! suppressed and cached from `app::publication`; these handlers only format them.

use super::{Errs, download, render, render_status};
use crate::AppState;
use crate::chart::{Trend, TrendPoint};
use crate::ctx::{Ctx, SignedIn, Visitor};
use crate::error::PageError;
use crate::form::CsrfForm;
use crate::format::{csv_decimal, local_time, month_label, num};
use crate::i18n::Lang;
use app::publication::{FigureView, Value, View};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Datelike;
use domain::Invalid;
use domain::nutrition::STUNTING_TARGET;
use domain::publication::{Figure, SettingsInput};
use domain::region::RegionCode;
use serde::Deserialize;
use std::sync::Arc;

/// Where every public figure comes from, as the page and the CSV say it.
pub const SOURCE: &str = "Data penimbangan Posyandu, Lintas";

fn figure_key(f: Figure) -> &'static str {
    match f {
        Figure::Stunting => "publication.stunting",
        Figure::Wasting => "publication.wasting",
        Figure::Underweight => "publication.underweight",
    }
}

fn definition_key(f: Figure) -> &'static str {
    match f {
        Figure::Stunting => "publication.def_stunting",
        Figure::Wasting => "publication.def_wasting",
        Figure::Underweight => "publication.def_underweight",
    }
}

/// A value as a cell shows it.
pub struct Shown {
    /// `shown`, `suppressed` or `nodata`.
    pub state: &'static str,
    pub count: String,
    pub measured: String,
    pub pct: String,
    pub ci: String,
}

fn shown(lang: Lang, v: &Value) -> Shown {
    match v {
        Value::Shown {
            count,
            measured,
            pct,
            lower,
            upper,
        } => Shown {
            state: "shown",
            count: count.to_string(),
            measured: measured.to_string(),
            pct: format!("{}%", num(lang, *pct, 1)),
            ci: format!("{}–{}%", num(lang, *lower, 1), num(lang, *upper, 1)),
        },
        Value::Suppressed => Shown {
            state: "suppressed",
            count: String::new(),
            measured: String::new(),
            pct: String::new(),
            ci: String::new(),
        },
        Value::NoData => Shown {
            state: "nodata",
            count: String::new(),
            measured: String::new(),
            pct: String::new(),
            ci: String::new(),
        },
    }
}

/// The code as it goes into an element id (`15.03.01` → `15-03-01`).
fn dom(code: &str) -> String {
    code.replace('.', "-")
}

/// A malformed code is answered before anything is read: 422 with a plain message.
fn parse_code(code: &str) -> Result<RegionCode, PageError> {
    RegionCode::parse(code).map_err(|e| PageError::App(app::AppError::Invalid(Invalid::one("code", e))))
}

async fn load(st: &AppState, code: &str) -> Result<Arc<Option<View>>, PageError> {
    let code = parse_code(code)?;
    let v = app::publication::view(&st.app, code.as_str()).await?;
    if v.is_none() {
        return Err(PageError::App(app::AppError::NotFound));
    }
    Ok(v)
}

// --- index ------------------------------------------------------------------------------------

/// A district on the index: (code, name, publishes anything).
type District = (String, String, bool);
/// A province on the index: (code, name, its districts).
type Province = (String, String, Vec<District>);
/// The February → August pair: (February, August, per figure (label, February, August)).
type Pair = (String, String, Vec<(&'static str, Shown, Shown)>);

#[derive(Template)]
#[template(path = "publication/index.html")]
struct IndexPage {
    title: String,
    ctx: Ctx,
    /// (province code, name, districts: (code, name, publishes)).
    provinces: Vec<Province>,
}

pub async fn index(State(st): State<AppState>, v: Visitor) -> Result<Response, PageError> {
    let listed = app::publication::index(&st.app).await?;
    let mut provinces: Vec<Province> = Vec::new();
    for l in listed.iter() {
        match provinces.last_mut() {
            Some(p) if p.0 == l.province.0 => p.2.push((l.code.clone(), l.name.clone(), l.publishes)),
            _ => provinces.push((
                l.province.0.clone(),
                l.province.1.clone(),
                vec![(l.code.clone(), l.name.clone(), l.publishes)],
            )),
        }
    }
    let ctx = Ctx::new(&v);
    Ok(render(&IndexPage {
        title: ctx.t("publication.title").into(),
        ctx,
        provinces,
    }))
}

// --- a region ---------------------------------------------------------------------------------

struct FigureHead {
    id: &'static str,
    label: &'static str,
    definition: &'static str,
    latest: Shown,
}

struct WeighingRow {
    key: String,
    month: String,
    cells: Vec<(&'static str, Shown)>,
}

struct LineRow {
    code: String,
    dom: String,
    name: String,
    cells: Vec<(&'static str, Shown)>,
}

/// The trend chart (the nutrition report's geometry, with suppressed months left empty).
pub struct Tr {
    pub chart: Trend,
}

#[derive(Template)]
#[template(path = "publication/show.html")]
struct ShowPage {
    title: String,
    ctx: Ctx,
    code: String,
    name: String,
    level_key: &'static str,
    crumbs: Vec<(String, String)>,
    publishes: bool,
    has_data: bool,
    month: String,
    heads: Vec<FigureHead>,
    /// (Feb label, Aug label, per figure: (label, Feb, Aug)), the latest pair with both.
    pair: Option<Pair>,
    weighing: Vec<WeighingRow>,
    figure_labels: Vec<(&'static str, &'static str)>,
    lines: Vec<LineRow>,
    line_level: &'static str,
    tr: Option<Tr>,
    coverage: Vec<(String, String, String, String)>,
    coverage_period: String,
    as_of: String,
    thresholds: (i64, i64),
    source: &'static str,
}

fn level_key(code: &str) -> &'static str {
    match code.split('.').count() {
        1 => "level.province",
        2 => "level.regency",
        3 => "level.district",
        _ => "level.village",
    }
}

fn trend_of(lang: Lang, f: &FigureView, month: Option<chrono::NaiveDate>) -> Option<Tr> {
    if f.trend.iter().all(|(_, v)| !v.shown()) {
        return None;
    }
    let points: Vec<TrendPoint> = f
        .trend
        .iter()
        .map(|(m, v)| {
            let (pct, count) = match v {
                Value::Shown { pct, count, .. } => (Some(*pct), *count),
                _ => (None, 0),
            };
            TrendPoint {
                month: *m,
                pct,
                stunted: count,
                weighing: matches!(m.month(), 2 | 8),
                current: Some(*m) == month,
            }
        })
        .collect();
    Some(Tr {
        chart: crate::chart::trend(lang, &points, STUNTING_TARGET),
    })
}

pub async fn show(State(st): State<AppState>, v: Visitor, Path(code): Path<String>) -> Result<Response, PageError> {
    let view = load(&st, &code).await?;
    let Some(view) = view.as_ref() else {
        return Err(PageError::App(app::AppError::NotFound));
    };
    let ctx = Ctx::new(&v);
    let lang = ctx.lang;
    let heads = view
        .figures
        .iter()
        .map(|f| FigureHead {
            id: f.figure.as_str(),
            label: figure_key(f.figure),
            definition: definition_key(f.figure),
            latest: shown(lang, &f.latest),
        })
        .collect();
    let figure_labels: Vec<(&'static str, &'static str)> = view
        .figures
        .iter()
        .map(|f| (f.figure.as_str(), figure_key(f.figure)))
        .collect();
    // Every bulan penimbangan with data, newest first, one column per figure.
    let mut months: Vec<chrono::NaiveDate> = view
        .figures
        .iter()
        .flat_map(|f| f.weighing.iter().map(|(m, _)| *m))
        .collect();
    months.sort();
    months.dedup();
    months.reverse();
    let value_in = |f: &FigureView, m: chrono::NaiveDate| {
        f.trend
            .iter()
            .find(|(x, _)| *x == m)
            .map(|(_, v)| *v)
            .unwrap_or(Value::NoData)
    };
    let weighing = months
        .iter()
        .map(|m| WeighingRow {
            key: m.format("%Y-%m").to_string(),
            month: month_label(lang, *m),
            cells: view
                .figures
                .iter()
                .map(|f| (f.figure.as_str(), shown(lang, &value_in(f, *m))))
                .collect(),
        })
        .collect();
    // The latest February → August of one year with data in both.
    let pair = months
        .iter()
        .filter(|m| m.month() == 8)
        .find_map(|aug| {
            let feb = chrono::NaiveDate::from_ymd_opt(aug.year(), 2, 1)?;
            months.contains(&feb).then_some((feb, *aug))
        })
        .map(|(feb, aug)| {
            (
                month_label(lang, feb),
                month_label(lang, aug),
                view.figures
                    .iter()
                    .map(|f| {
                        (
                            figure_key(f.figure),
                            shown(lang, &value_in(f, feb)),
                            shown(lang, &value_in(f, aug)),
                        )
                    })
                    .collect(),
            )
        });
    let mut lines: Vec<LineRow> = Vec::new();
    if let Some(first) = view.figures.first() {
        for (i, (code, name, _)) in first.lines.iter().enumerate() {
            lines.push(LineRow {
                code: code.clone(),
                dom: dom(code),
                name: name.clone(),
                cells: view
                    .figures
                    .iter()
                    .map(|f| {
                        let v = f.lines.get(i).map(|l| l.2).unwrap_or(Value::NoData);
                        (f.figure.as_str(), shown(lang, &v))
                    })
                    .collect(),
            });
        }
    }
    let tr = view
        .figures
        .iter()
        .find(|f| f.figure == Figure::Stunting)
        .and_then(|f| trend_of(lang, f, view.month));
    let coverage_period = view
        .coverage
        .first()
        .map(|c| {
            format!(
                "{} – {}",
                crate::i18n::month_year(lang, 1, c.year),
                crate::i18n::month_year(lang, c.through, c.year)
            )
        })
        .unwrap_or_default();
    let coverage = view
        .coverage
        .iter()
        .map(|c| {
            (
                c.code.clone(),
                match lang {
                    Lang::Id => c.name_id.clone(),
                    Lang::En => c.name_en.clone(),
                },
                crate::format::pct(lang, c.capaian),
                format!(
                    "{} / {}",
                    num(lang, c.numerator, 0),
                    c.denominator.map(|d| num(lang, d, 0)).unwrap_or_else(|| "—".into())
                ),
            )
        })
        .collect();
    let line_level = match view.code.split('.').count() {
        1 => "level.regency",
        2 => "level.district",
        _ => "level.village",
    };
    Ok(render(&ShowPage {
        title: format!("{} · {}", view.name, ctx.t("publication.title")),
        code: view.code.clone(),
        name: view.name.clone(),
        level_key: level_key(&view.code),
        crumbs: view.crumbs.clone(),
        publishes: view.publishes_anything(),
        has_data: view.month.is_some(),
        month: view.month.map(|m| month_label(lang, m)).unwrap_or_default(),
        heads,
        pair,
        weighing,
        figure_labels,
        lines,
        line_level,
        tr,
        coverage,
        coverage_period,
        as_of: local_time(view.as_of, &view.code),
        thresholds: (
            view.settings.thresholds.min_measured,
            view.settings.thresholds.min_cases,
        ),
        source: SOURCE,
        ctx,
    }))
}

/// Public answers that hold no per-visitor token may be kept a minute by browsers and proxies.
fn public_download(ct: &str, name: &str, bytes: Vec<u8>) -> Response {
    let mut r = download(ct, name, bytes);
    r.headers_mut().insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static("public, max-age=60"),
    );
    r
}

/// `/publik/{code}/data.csv`: the region's figures of every month of the trend and the places
/// one level down in its latest month, suppressed cells marked, with source, method and as-of.
pub async fn csv(State(st): State<AppState>, v: Visitor, Path(code): Path<String>) -> Result<Response, PageError> {
    let view = load(&st, &code).await?;
    let Some(view) = view.as_ref() else {
        return Err(PageError::App(app::AppError::NotFound));
    };
    let lang = v.lang;
    let t = |k: &str| crate::i18n::text(lang, k).to_string();
    let header = vec![
        t("publication.csv_code"),
        t("publication.csv_name"),
        t("publication.csv_figure"),
        t("publication.csv_month"),
        t("publication.csv_state"),
        t("publication.csv_count"),
        t("publication.csv_measured"),
        t("publication.csv_pct"),
        t("publication.csv_lower"),
        t("publication.csv_upper"),
        t("publication.csv_source"),
        t("publication.csv_method"),
        t("publication.csv_as_of"),
    ];
    let as_of = local_time(view.as_of, &view.code);
    let row = |code: &str, name: &str, f: Figure, m: chrono::NaiveDate, val: &Value| -> Vec<String> {
        let (state, count, measured, pct, lo, hi) = match val {
            Value::Shown {
                count,
                measured,
                pct,
                lower,
                upper,
            } => (
                "shown",
                count.to_string(),
                measured.to_string(),
                csv_decimal(Some(*pct)),
                csv_decimal(Some(*lower)),
                csv_decimal(Some(*upper)),
            ),
            Value::Suppressed => (
                "suppressed",
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
            ),
            Value::NoData => (
                "no_data",
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
            ),
        };
        vec![
            code.to_string(),
            name.to_string(),
            f.as_str().to_string(),
            m.format("%Y-%m").to_string(),
            state.to_string(),
            count,
            measured,
            pct,
            lo,
            hi,
            SOURCE.to_string(),
            t("publication.method_short"),
            as_of.clone(),
        ]
    };
    let mut rows: Vec<Vec<String>> = Vec::new();
    for f in &view.figures {
        for (m, val) in &f.trend {
            if *val != Value::NoData {
                rows.push(row(&view.code, &view.name, f.figure, *m, val));
            }
        }
        if let Some(m) = view.month {
            for (c, n, val) in &f.lines {
                rows.push(row(c, n, f.figure, m, val));
            }
        }
    }
    let bytes =
        interop::export::to_csv(header, rows).map_err(|e| PageError::App(app::AppError::Internal(e.to_string())))?;
    let name = format!("publik-{}.csv", view.code.replace('.', ""));
    Ok(public_download("text/csv; charset=utf-8", &name, bytes))
}

#[derive(Template)]
#[template(path = "publication/stunting.svg")]
struct StuntingSvg {
    title: String,
    desc: String,
    c: Trend,
    target: String,
    source: &'static str,
}

/// `/publik/{code}/stunting.svg`: the stunting trend as a standalone image to embed, with its
/// title and description for screen readers; 404 where stunting is not published.
pub async fn svg(State(st): State<AppState>, v: Visitor, Path(code): Path<String>) -> Result<Response, PageError> {
    let view = load(&st, &code).await?;
    let Some(view) = view.as_ref() else {
        return Err(PageError::App(app::AppError::NotFound));
    };
    let lang = v.lang;
    if !view.settings.publishes(Figure::Stunting) {
        return Err(PageError::App(app::AppError::NotFound));
    }
    // Stunting published: its chart, empty while the place has no data.
    let f = view.figures.iter().find(|f| f.figure == Figure::Stunting);
    let c = f
        .and_then(|f| trend_of(lang, f, view.month))
        .map(|t| t.chart)
        .unwrap_or_else(|| crate::chart::trend(lang, &[], STUNTING_TARGET));
    let latest = match f.map(|f| f.latest) {
        Some(Value::Shown { pct, lower, upper, .. }) => format!(
            "{}: {}% ({} {}–{}%)",
            view.month.map(|m| month_label(lang, m)).unwrap_or_default(),
            num(lang, pct, 1),
            crate::i18n::text(lang, "nutrition.ci"),
            num(lang, lower, 1),
            num(lang, upper, 1)
        ),
        Some(Value::Suppressed) => crate::i18n::text(lang, "publication.suppressed").to_string(),
        _ => crate::i18n::text(lang, "publication.no_data").to_string(),
    };
    let svg = StuntingSvg {
        title: format!("{} — {}", crate::i18n::text(lang, "publication.svg_title"), view.name),
        desc: format!(
            "{} {latest}. {}: {SOURCE}. {}",
            crate::i18n::text(lang, "publication.def_stunting"),
            crate::i18n::text(lang, "publication.source"),
            local_time(view.as_of, &view.code)
        ),
        c,
        target: format!("{}%", num(lang, STUNTING_TARGET, 0)),
        source: SOURCE,
    };
    let body = svg
        .render()
        .map_err(|e| PageError::App(app::AppError::Internal(e.to_string())))?;
    let mut r = ([(header::CONTENT_TYPE, "image/svg+xml; charset=utf-8")], body).into_response();
    r.headers_mut().insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static("public, max-age=60"),
    );
    Ok(r)
}

// --- settings ---------------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "publication/settings.html")]
struct SettingsPage {
    title: String,
    ctx: Ctx,
    s: app::publication::SettingsView,
    figures: Vec<(&'static str, &'static str, bool)>,
    min_measured: String,
    min_cases: String,
    errs: Errs,
}

#[derive(Deserialize, Default)]
pub struct SettingsQuery {
    #[serde(default)]
    district: String,
    #[serde(default)]
    saved: String,
}

fn settings_page(
    ctx: Ctx,
    s: app::publication::SettingsView,
    errs: Errs,
    typed: Option<&SettingsForm>,
) -> SettingsPage {
    let figures = Figure::ALL
        .iter()
        .map(|f| {
            let on = match typed {
                Some(t) => t.figures.iter().any(|x| x == f.as_str()),
                None => s.settings.publishes(*f),
            };
            (f.as_str(), figure_key(*f), on)
        })
        .collect();
    let (min_measured, min_cases) = match typed {
        Some(t) => (t.min_measured.clone(), t.min_cases.clone()),
        None => (
            s.settings.thresholds.min_measured.to_string(),
            s.settings.thresholds.min_cases.to_string(),
        ),
    };
    SettingsPage {
        title: ctx.t("publication.settings").into(),
        ctx,
        s,
        figures,
        min_measured,
        min_cases,
        errs,
    }
}

pub async fn settings(
    State(st): State<AppState>,
    s: SignedIn,
    Query(q): Query<SettingsQuery>,
) -> Result<Response, PageError> {
    let district = Some(q.district.trim()).filter(|d| !d.is_empty());
    let view = app::publication::settings(&st.app, &s.actor, district).await?;
    let mut ctx = Ctx::new(&s.visitor);
    if !q.saved.is_empty() {
        ctx = ctx.with_flash("publication.saved");
    }
    Ok(render(&settings_page(ctx, view, Errs::none(), None)))
}

#[derive(Deserialize, Default)]
pub struct SettingsForm {
    #[serde(default)]
    district: String,
    #[serde(default)]
    figures: Vec<String>,
    #[serde(default)]
    min_measured: String,
    #[serde(default)]
    min_cases: String,
    #[serde(default)]
    indicators: Vec<String>,
}

impl SettingsForm {
    /// The typed input, or every format error at once.
    fn input(&self) -> Result<SettingsInput, Invalid> {
        let mut r = crate::form::Reader::new();
        let mut figures = Vec::new();
        for f in &self.figures {
            if let Some(f) = r.opt_word("figures", f, Figure::parse) {
                figures.push(f);
            }
        }
        let mut number = |field: &str, s: &str| match s.trim().parse::<i64>() {
            Ok(n) => n,
            Err(_) => {
                r.add(
                    field,
                    if s.trim().is_empty() {
                        "required"
                    } else {
                        "number.format"
                    },
                );
                0
            }
        };
        let min_measured = number("min_measured", &self.min_measured);
        let min_cases = number("min_cases", &self.min_cases);
        r.finish(
            SettingsInput {
                district: self.district.clone(),
                figures,
                min_measured,
                min_cases,
                indicators: self.indicators.clone(),
            },
            SettingsInput::check,
        )
    }
}

pub async fn save(
    State(st): State<AppState>,
    s: SignedIn,
    CsrfForm(f): CsrfForm<SettingsForm>,
) -> Result<Response, PageError> {
    let result = match f.input() {
        Ok(input) => app::publication::save(&st.app, &s.actor, input).await.map(|_| ()),
        Err(inv) => Err(app::AppError::Invalid(inv)),
    };
    match result {
        Ok(()) => {
            let d = RegionCode::parse(&f.district)
                .map(|c| c.as_str().to_string())
                .unwrap_or_default();
            Ok(Redirect::to(&format!("/publik/settings?district={d}&saved=1")).into_response())
        }
        Err(app::AppError::Invalid(inv)) => {
            // Shown again with the errors, on the district asked (when the account may set it).
            let district = RegionCode::parse(&f.district).ok().map(|c| c.as_str().to_string());
            let view = app::publication::settings(&st.app, &s.actor, district.as_deref()).await;
            let view = match view {
                Ok(v) => v,
                Err(_) => app::publication::settings(&st.app, &s.actor, None).await?,
            };
            let ctx = Ctx::new(&s.visitor);
            let lang = ctx.lang;
            let page = settings_page(ctx, view, Errs::new(lang, inv), Some(&f));
            Ok(render_status(page.errs.status(), &page))
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize, Default)]
pub struct FindQuery {
    #[serde(default)]
    code: String,
}

/// `/publik/cari?code=…`: the index's box, sent on to the region's page.
pub async fn find(Query(q): Query<FindQuery>) -> Result<Response, PageError> {
    let code = parse_code(&q.code)?;
    Ok(Redirect::to(&format!("/publik/{}", code.as_str())).into_response())
}
