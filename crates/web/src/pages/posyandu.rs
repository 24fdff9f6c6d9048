//! Posyandu registry pages: the list of the Posyandu in the reader's area (with the stratum of
//! the current year, filters, paging and CSV), the Posyandu page (place, profile, integrated
//! services, kader roster, the stratum of a year with its rule and inputs, the history per
//! year) and the profile form.

use super::{Errs, Pager, query, render, render_status, split_invalid};
use crate::AppState;
use crate::ctx::{Ctx, SignedIn};
use crate::error::PageError;
use crate::form::CsrfForm;
use crate::form::posyandu::ProfileForm;
use crate::format::{csv_decimal, pct};
use crate::i18n::Lang;
use app::posyandu::{ListRow, PosyanduView, YearView};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Datelike;
use domain::posyandu::Service;
use serde::Deserialize;
use store::posyandu::{PosyanduFilter, Row};

fn yes_no(lang: Lang, v: bool) -> String {
    crate::i18n::text(lang, if v { "common.yes" } else { "common.no" }).to_string()
}

/// RT/RW as one line: `RT 003 / RW 001`.
fn rt_rw(p: &Row) -> String {
    match (&p.rt, &p.rw) {
        (Some(rt), Some(rw)) => format!("RT {rt} / RW {rw}"),
        (Some(rt), None) => format!("RT {rt}"),
        (None, Some(rw)) => format!("RW {rw}"),
        (None, None) => String::new(),
    }
}

/// The inputs of a year, formatted for a page or a CSV.
struct YearLine {
    year: i32,
    stratum: &'static str,
    sessions: u32,
    kader: u32,
    coverage: String,
    extra: String,
    dana_sehat: String,
    /// The services declared for the year, in words.
    services: String,
    /// Of those, the additional programmes.
    extras: String,
}

fn words<'a>(lang: Lang, services: impl Iterator<Item = &'a Service>) -> String {
    services
        .map(|s| crate::i18n::text(lang, &format!("service.{s}")).to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

fn year_line(lang: Lang, y: &YearView) -> YearLine {
    YearLine {
        year: y.year,
        stratum: y.stratum.as_str(),
        sessions: y.inputs.sessions,
        kader: y.inputs.active_kader,
        coverage: pct(lang, y.inputs.coverage),
        extra: yes_no(lang, y.inputs.extra_programs),
        dana_sehat: pct(lang, y.inputs.dana_sehat),
        services: words(lang, y.services.iter()),
        extras: words(lang, y.services.iter().filter(|s| s.is_extra())),
    }
}

// --- the list --------------------------------------------------------------------------------

#[derive(Deserialize, Default)]
pub struct ListQuery {
    #[serde(default)]
    pub q: String,
    #[serde(default)]
    pub desa: String,
    #[serde(default)]
    pub puskesmas: String,
    /// The year whose stratum is listed (default: the current year).
    #[serde(default)]
    pub year: String,
    #[serde(default)]
    pub page: Option<i64>,
}

impl ListQuery {
    fn filter(&self, limit: i64, offset: i64) -> PosyanduFilter {
        PosyanduFilter {
            q: Some(self.q.trim().to_string()).filter(|q| !q.is_empty()),
            desa: Some(self.desa.trim().to_string()).filter(|d| !d.is_empty()),
            puskesmas_id: self.puskesmas.trim().parse().ok(),
            limit,
            offset,
        }
    }
    fn year(&self) -> Option<i32> {
        self.year.trim().parse().ok()
    }
    fn base(&self) -> String {
        query(&[
            ("q", &self.q),
            ("desa", &self.desa),
            ("puskesmas", &self.puskesmas),
            ("year", &self.year),
        ])
    }
}

struct ListLine {
    r: ListRow,
    rt_rw: String,
    y: YearLine,
}

#[derive(Template)]
#[template(path = "posyandu/index.html")]
struct IndexPage {
    title: String,
    ctx: Ctx,
    f: ListQuery,
    desa_options: Vec<(String, String)>,
    puskesmas_options: Vec<(i64, String)>,
    rows: Vec<ListLine>,
    total: i64,
    year: i32,
    years: Vec<i32>,
    pager: Pager,
    export: String,
}

pub async fn index(State(st): State<AppState>, s: SignedIn, Query(f): Query<ListQuery>) -> Result<Response, PageError> {
    let page = f.page.unwrap_or(1).max(1);
    let (rows, total) = app::posyandu::list(
        &st.app,
        &s.actor,
        &f.filter(Pager::PER_PAGE, Pager::offset(page)),
        f.year(),
    )
    .await?;
    let (desa_options, puskesmas_options) = app::posyandu::filter_choices(&st.app, &s.actor).await?;
    let lang = s.visitor.lang;
    let ctx = Ctx::new(&s.visitor);
    let base = f.base();
    let export = if base.is_empty() {
        "/posyandu.csv".to_string()
    } else {
        format!("/posyandu.csv?{base}")
    };
    let current = st.app.clock().today_for(&s.actor).year();
    let year = f
        .year()
        .filter(|y| (app::posyandu::FIRST_YEAR..=current).contains(y))
        .unwrap_or(current);
    let mut years: Vec<i32> = (current - 5..=current).rev().collect();
    if !years.contains(&year) {
        years.push(year);
    }
    Ok(render(&IndexPage {
        title: ctx.t("posyandu.title").into(),
        year,
        years,
        rows: rows
            .into_iter()
            .map(|r| ListLine {
                rt_rw: rt_rw(&r.posyandu),
                y: year_line(lang, &r.current),
                r,
            })
            .collect(),
        pager: Pager::new(page, total, base),
        total,
        desa_options,
        puskesmas_options,
        export,
        f,
        ctx,
    }))
}

/// The list as CSV (every matching Posyandu, UTF-8 with a byte-order mark, decimals with a
/// point), with the stratum of the current year and its inputs.
pub async fn export_csv(
    State(st): State<AppState>,
    s: SignedIn,
    Query(f): Query<ListQuery>,
) -> Result<Response, PageError> {
    let (rows, _) = app::posyandu::list(&st.app, &s.actor, &f.filter(10_000, 0), f.year()).await?;
    let lang = s.visitor.lang;
    let header = [
        "posycol.id",
        "posycol.code",
        "posycol.name",
        "posycol.desa_code",
        "posycol.desa",
        "posycol.kecamatan",
        "posycol.puskesmas",
        "posycol.address",
        "posycol.rt",
        "posycol.rw",
        "posycol.opening_day",
        "posycol.services",
        "posycol.kader",
        "posycol.year",
        "posycol.stratum",
        "posycol.weighing_months",
        "posycol.active_kader",
        "posycol.ds_coverage_percent",
        "posycol.extra_programs",
        "posycol.dana_sehat_percent",
    ]
    .map(|k| crate::i18n::text(lang, k).to_string());
    let opt = |o: &Option<String>| o.clone().unwrap_or_default();
    let lines = rows.iter().map(|r| {
        let p = &r.posyandu;
        let y = &r.current;
        vec![
            p.id.to_string(),
            opt(&p.code),
            p.name.clone(),
            p.region_code.clone(),
            opt(&p.desa_name),
            opt(&p.kecamatan_name),
            opt(&p.puskesmas_name),
            opt(&p.address),
            opt(&p.rt),
            opt(&p.rw),
            p.schedule_day.map(|d| d.to_string()).unwrap_or_default(),
            domain::posyandu::services_text(&r.services).replace(',', ";"),
            r.kader_now.to_string(),
            y.year.to_string(),
            y.stratum.as_str().to_string(),
            y.inputs.sessions.to_string(),
            y.inputs.active_kader.to_string(),
            csv_decimal(y.inputs.coverage),
            crate::i18n::text(
                lang,
                if y.inputs.extra_programs {
                    "common.yes"
                } else {
                    "common.no"
                },
            )
            .to_lowercase(),
            csv_decimal(y.inputs.dana_sehat),
        ]
    });
    let bytes = interop::export::to_csv(header, lines).map_err(|e| app::AppError::Internal(e.to_string()))?;
    Ok(super::download("text/csv; charset=utf-8", "posyandu.csv", bytes))
}

// --- the Posyandu page -----------------------------------------------------------------------

#[derive(Deserialize, Default)]
pub struct ShowQuery {
    #[serde(default)]
    year: String,
    #[serde(default)]
    saved: String,
}

/// One condition of the rule as the page shows it.
struct CriterionLine {
    key: &'static str,
    value: String,
    met: bool,
    needed_for: &'static str,
}

#[derive(Template)]
#[template(path = "posyandu/show.html")]
struct ShowPage {
    title: String,
    ctx: Ctx,
    v: PosyanduView,
    rt_rw: String,
    /// The profile's dana sehat share.
    dana_sehat: String,
    all_services: &'static [Service],
    selected: YearLine,
    criteria: Vec<CriterionLine>,
    history: Vec<YearLine>,
    /// The years of the year picker: those of the history and the one shown.
    year_options: Vec<i32>,
    current_year: i32,
    reads_names: bool,
}

impl ShowPage {
    fn offers(&self, s: &Service) -> bool {
        self.v.services.contains(s)
    }
}

pub async fn show(
    State(st): State<AppState>,
    s: SignedIn,
    Path(id): Path<i64>,
    Query(q): Query<ShowQuery>,
) -> Result<Response, PageError> {
    let year = q.year.trim().parse::<i32>().ok();
    let v = app::posyandu::get(&st.app, &s.actor, id, year).await?;
    let lang = s.visitor.lang;
    let mut ctx = Ctx::new(&s.visitor);
    if !q.saved.is_empty() {
        ctx = ctx.with_flash("posyandu.saved");
    }
    let i = &v.selected.inputs;
    let criteria = v
        .selected
        .criteria
        .iter()
        .map(|c| CriterionLine {
            key: c.key,
            value: match c.key {
                "sessions" => i.sessions.to_string(),
                "kader" => i.active_kader.to_string(),
                "coverage" => pct(lang, i.coverage),
                "extra" => yes_no(lang, i.extra_programs),
                _ => pct(lang, i.dana_sehat),
            },
            met: c.met,
            needed_for: c.needed_for.as_str(),
        })
        .collect();
    Ok(render(&ShowPage {
        title: v.posyandu.name.clone(),
        rt_rw: rt_rw(&v.posyandu),
        dana_sehat: pct(lang, v.posyandu.dana_sehat),
        all_services: Service::ALL,
        selected: year_line(lang, &v.selected),
        criteria,
        history: v.history.iter().map(|y| year_line(lang, y)).collect(),
        year_options: {
            let mut years: Vec<i32> = v.history.iter().map(|h| h.year).collect();
            years.push(v.selected.year);
            years.sort_unstable_by(|a, b| b.cmp(a));
            years.dedup();
            years
        },
        current_year: v.today.year(),
        reads_names: app::nutrition::reads_names(&s.actor),
        ctx,
        v,
    }))
}

// --- the profile form ------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "posyandu/form.html")]
struct FormPage {
    title: String,
    ctx: Ctx,
    p: Row,
    form: ProfileForm,
    errs: Errs,
    all_services: &'static [Service],
}

impl FormPage {
    fn invalid(&self, field: &str) -> &'static str {
        if self.errs.on(field).is_some() { "true" } else { "false" }
    }
    fn checked(&self, s: &Service) -> bool {
        self.form.services.iter().any(|x| x == s.as_str())
    }
}

fn form_page(s: &SignedIn, p: Row, form: ProfileForm, errs: Errs) -> Response {
    let ctx = Ctx::new(&s.visitor);
    let status = errs.status();
    render_status(
        status,
        &FormPage {
            title: format!("{} — {}", ctx.t("posyandu.edit"), p.name),
            ctx,
            p,
            form,
            errs,
            all_services: Service::ALL,
        },
    )
}

pub async fn edit(State(st): State<AppState>, s: SignedIn, Path(id): Path<i64>) -> Result<Response, PageError> {
    let p = app::posyandu::for_edit(&st.app, &s.actor, id).await?;
    let form = ProfileForm::of(&p, s.visitor.lang);
    Ok(form_page(&s, p, form, Errs::none()))
}

pub async fn update(
    State(st): State<AppState>,
    s: SignedIn,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<ProfileForm>,
) -> Result<Response, PageError> {
    let updated = match form.input() {
        Ok(input) => app::posyandu::update_profile(&st.app, &s.actor, id, &input).await,
        Err(inv) => Err(inv.into()),
    };
    match updated {
        Ok(()) => Ok(Redirect::to(&format!("/posyandu/{id}?saved=1")).into_response()),
        Err(e) => {
            let inv = split_invalid(e)?;
            let p = app::posyandu::for_edit(&st.app, &s.actor, id).await?;
            Ok(form_page(&s, p, form, Errs::new(s.visitor.lang, inv)))
        }
    }
}
