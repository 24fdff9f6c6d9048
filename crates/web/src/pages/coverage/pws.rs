//! PWS (Pemantauan Wilayah Setempat) pages: one indicator for the desa of a Puskesmas or for
//! the Puskesmas of the reader's district — its definition and target, the status summary, a
//! bar chart sorted by the judged figure with the target line, and the table with the total
//! from the summed counts — as a page, CSV, XLSX and an A4 print; and every indicator of one
//! desa at once.

use super::{by_programme, count, figure, month_options, name, status_word, trend, year_month};
use crate::AppState;
use crate::chart::Bars;
use crate::ctx::{Ctx, SignedIn};
use crate::error::PageError;
use crate::format::month_label;
use crate::i18n::{Lang, fill, text};
use crate::pages::{Errs, download, query, render, render_status, split_invalid};
use app::coverage::{DesaView, PwsLine, PwsQuery, PwsView, judged};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use chrono::NaiveDate;
use domain::Invalid;
use domain::access::Home;
use domain::coverage::{Program, PwsStatus, TetapRule, Trend};
use interop::table::{Cell, Sheet};
use serde::Deserialize;
use store::coverage::IndicatorRow;
use store::org::OrgFilter;

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// The query of the PWS page and its exports.
#[derive(Deserialize, Default, Clone)]
pub struct PwsParams {
    /// An indicator code (default: the first in force, by programme — K1).
    #[serde(default)]
    pub indicator: String,
    #[serde(default)]
    pub year: String,
    /// 1–12.
    #[serde(default)]
    pub month: String,
    /// A Puskesmas id, `all` for every Puskesmas of the reader's area, or empty for the
    /// reader's own place (a Puskesmas account its Puskesmas, others every Puskesmas).
    #[serde(default)]
    pub puskesmas: String,
}

/// The query of the desa page.
#[derive(Deserialize, Default, Clone)]
pub struct DesaParams {
    #[serde(default)]
    pub year: String,
    #[serde(default)]
    pub month: String,
}

/// The indicators in force on `day`, by programme, for a picker when the PWS itself could
/// not be read.
async fn in_force(st: &AppState, s: &SignedIn, day: NaiveDate) -> Result<Vec<IndicatorRow>, PageError> {
    let all = app::coverage::catalogue(&st.app, &s.actor).await?;
    let mut v: Vec<IndicatorRow> = app::coverage::codes_in_force(&all, day).into_iter().cloned().collect();
    by_programme(&mut v);
    Ok(v)
}

/// What the query asks for, with the defaults filled in; the fields that do not read are
/// named.
async fn asked(st: &AppState, s: &SignedIn, p: &PwsParams) -> Result<Result<PwsQuery, Invalid>, PageError> {
    let today = st.app.clock().today_for(&s.actor);
    let mut inv = Invalid::new();
    let (year, month) = match year_month(&p.year, &p.month, today) {
        Ok(ym) => ym,
        Err(e) => {
            inv.merge(e);
            super::last_complete_month(today)
        }
    };
    let puskesmas_id = match p.puskesmas.trim() {
        "" => match domain::access::home(&s.actor) {
            Home::Puskesmas(id) => Some(id),
            _ => None,
        },
        "all" => None,
        v => inv
            .check("puskesmas", v.parse::<i64>().map(Some).map_err(|_| "number.format"))
            .flatten(),
    };
    let indicator = match p.indicator.trim() {
        "" => {
            let day = NaiveDate::from_ymd_opt(year, month, 1).unwrap_or(today);
            in_force(st, s, day)
                .await?
                .first()
                .map(|i| i.code.clone())
                .unwrap_or_default()
        }
        code => code.to_string(),
    };
    Ok(inv.into_result().map(|()| PwsQuery {
        indicator,
        year,
        month,
        puskesmas_id,
    }))
}

/// The query string that asks for `q` again (the exports' and print's links).
fn query_of(q: &PwsQuery) -> String {
    let place = q.puskesmas_id.map_or("all".to_string(), |id| id.to_string());
    query(&[
        ("indicator", &q.indicator),
        ("year", &q.year.to_string()),
        ("month", &q.month.to_string()),
        ("puskesmas", &place),
    ])
}

/// A line's figures at the month, as numbers.
struct Figures {
    sasaran: Option<f64>,
    achieved: Option<f64>,
    /// The month's denominator (monthly-denominator indicators).
    denominator: Option<f64>,
    /// The achievements summed January to the month.
    cumulative_count: Option<f64>,
    own: Option<f64>,
    cumulative: Option<f64>,
    /// The (cumulative) target at the month; none when no target is set.
    target: Option<f64>,
    /// What the line is judged and sorted by.
    judged: Option<f64>,
    trend: Option<Trend>,
    status: Option<PwsStatus>,
    over_100: bool,
}

fn figures(ind: &IndicatorRow, l: &PwsLine, month: u32) -> Figures {
    let at = l.at(month);
    // The months that count: every report against a sasaran, those with a denominator
    // against a monthly one (as the cumulative coverage counts them).
    let counted: Vec<f64> = l
        .months
        .iter()
        .take(month as usize)
        .filter(|m| ind.sasaran.is_some() || m.own.is_some())
        .filter_map(|m| m.achieved)
        .collect();
    Figures {
        sasaran: l.sasaran,
        achieved: at.and_then(|m| m.achieved),
        denominator: at.and_then(|m| m.denominator),
        cumulative_count: (!counted.is_empty()).then(|| counted.iter().sum()),
        own: at.and_then(|m| m.own),
        cumulative: at.and_then(|m| m.cumulative),
        target: l.target.and(at.map(|m| m.target)),
        judged: at.and_then(|m| judged(ind, m)),
        trend: at.and_then(|m| m.trend),
        status: at.and_then(|m| m.status),
        over_100: at.is_some_and(|m| m.over_100),
    }
}

/// A line as the page and the print show it.
pub(super) struct Row {
    pub(super) key: String,
    pub(super) name: String,
    /// The line's own page: a Puskesmas's desa (district view), a desa's indicators.
    pub(super) link: String,
    pub(super) sasaran: String,
    /// This month's count (with its denominator when monthly).
    pub(super) month_count: String,
    pub(super) cumulative_count: String,
    pub(super) own: String,
    pub(super) cumulative: String,
    pub(super) target: String,
    pub(super) arrow: &'static str,
    pub(super) trend: &'static str,
    pub(super) status: &'static str,
    pub(super) over_100: bool,
    /// Chart geometry (viewBox units): the row's top, the bar's length, where the target falls.
    pub(super) y: i64,
    pub(super) bar: i64,
    pub(super) has_value: bool,
    pub(super) value: String,
    pub(super) target_x: Option<i64>,
}

fn row(lang: Lang, ind: &IndicatorRow, f: &Figures, key: String, name: String, link: String) -> Row {
    let month_count = match (f.achieved, f.denominator) {
        (Some(n), Some(d)) => format!("{} / {}", count(lang, Some(n)), count(lang, Some(d))),
        (n, _) => count(lang, n),
    };
    let (arrow, tr) = trend(f.trend);
    Row {
        key,
        name,
        link,
        sasaran: count(lang, f.sasaran),
        month_count,
        cumulative_count: count(lang, f.cumulative_count),
        own: figure(lang, f.own, ind.unit),
        cumulative: figure(lang, f.cumulative, ind.unit),
        target: figure(lang, f.target, ind.unit),
        arrow,
        trend: tr,
        status: status_word(f.status),
        over_100: f.over_100,
        y: 0,
        bar: 0,
        has_value: f.judged.is_some(),
        value: figure(lang, f.judged, ind.unit),
        target_x: None,
    }
}

/// The indicator's definition as the pages show it.
pub(super) struct Definition {
    pub(super) code: String,
    pub(super) program: &'static str,
    pub(super) numerator: String,
    pub(super) denominator: String,
    pub(super) unit: &'static str,
    pub(super) direction: &'static str,
    pub(super) sasaran: String,
    pub(super) derived: bool,
    pub(super) legal_basis: String,
    /// The annual target and where it comes from.
    pub(super) target: String,
    /// The target the month is judged against.
    pub(super) target_at: String,
}

/// The PWS of one indicator, ready for a page, the print or an export.
pub(super) struct Shown {
    pub(super) heading: String,
    pub(super) place: String,
    pub(super) month_label: String,
    /// Text key of the kind of line: desa or Puskesmas.
    pub(super) line_kind: &'static str,
    pub(super) district: bool,
    pub(super) def: Definition,
    /// (status, how many lines).
    pub(super) counts: Vec<(&'static str, usize)>,
    pub(super) no_status: usize,
    pub(super) rows: Vec<Row>,
    pub(super) total: Row,
    pub(super) chart_height: i64,
    pub(super) chart_max: String,
    /// Where the target line falls and its label, when every line has the same target.
    pub(super) target_mark: Option<(i64, String)>,
    pub(super) rule: &'static str,
    /// The query string of this PWS, for the export and print links.
    pub(super) query: String,
    /// The lines as numbers, in the same order as `rows`, then the total.
    figures: Vec<(String, String, Figures)>,
}

fn target_source(lang: Lang, ind: &IndicatorRow, own: Option<f64>, district: bool) -> String {
    let f = |key: &str, v: f64| fill(lang, key, &[("target", &figure(lang, Some(v), ind.unit))]);
    match (own, ind.target) {
        (Some(t), _) if !district => f("coverage.target.own", t),
        (_, Some(t)) if district => f("coverage.target.district", t),
        (_, Some(t)) => f("coverage.target.default", t),
        (_, None) if district => text(lang, "coverage.target.district_none").to_string(),
        (_, None) => text(lang, "coverage.target.none").to_string(),
    }
}

fn definition(lang: Lang, ind: &IndicatorRow, target: String, target_at: String) -> Definition {
    Definition {
        code: ind.code.clone(),
        program: ind.program.as_str(),
        numerator: ind.numerator.clone(),
        denominator: ind.denominator.clone(),
        unit: ind.unit.as_str(),
        direction: ind.direction.as_str(),
        sasaran: match ind.sasaran {
            Some(k) => text(lang, &format!("coverage.sasaran_kind.{k}")).to_string(),
            None => text(lang, "coverage.def.monthly_denominator").to_string(),
        },
        derived: ind.derived.is_some(),
        legal_basis: ind.legal_basis.clone(),
        target,
        target_at,
    }
}

fn rule_key(r: TetapRule) -> &'static str {
    match r {
        TetapRule::ByPosition => "coverage.rule.by_position",
        TetapRule::AsUp => "coverage.rule.as_up",
        TetapRule::AsDown => "coverage.rule.as_down",
    }
}

/// Lays the rows out as a chart: the scale fits the judged figures and the targets.
fn chart(rows: &mut [Row], figs: &[&Figures]) -> Bars {
    let bars = Bars::new(
        figs.iter()
            .flat_map(|f| [f.judged, f.target])
            .flatten()
            .filter(|v| v.is_finite()),
    );
    for (i, (r, f)) in rows.iter_mut().zip(figs).enumerate() {
        r.y = Bars::y(i);
        r.bar = bars.len(f.judged);
        r.target_x = f.target.map(|t| bars.x(t));
    }
    bars
}

fn shown(lang: Lang, v: &PwsView, own_target: Option<f64>) -> Shown {
    let ind = &v.indicator;
    let district = v.puskesmas.is_none();
    let month = v.month;
    let month_day = NaiveDate::from_ymd_opt(v.year, month, 1).unwrap_or_default();
    let ql = |extra: &str| format!("indicator={}&year={}&month={month}{extra}", ind.code, v.year);
    let mut figs = Vec::with_capacity(v.lines.len() + 1);
    let mut rows: Vec<Row> = v
        .lines
        .iter()
        .map(|l| {
            let f = figures(ind, l, month);
            let link = if district {
                format!("/coverage/pws?{}", ql(&format!("&puskesmas={}", l.key)))
            } else {
                format!("/coverage/desa/{}?year={}&month={month}", l.key, v.year)
            };
            let r = row(lang, ind, &f, l.key.clone(), l.name.clone(), link);
            figs.push((l.key.clone(), l.name.clone(), f));
            r
        })
        .collect();
    let place = match &v.puskesmas {
        Some(o) => o.name.clone(),
        None => text(lang, "coverage.pws.all_puskesmas").to_string(),
    };
    let total_name = fill(lang, "coverage.pws.total_of", &[("place", &place)]);
    let tf = figures(ind, &v.total, month);
    let total = row(lang, ind, &tf, String::new(), total_name.clone(), String::new());
    let bars = {
        let refs: Vec<&Figures> = figs.iter().map(|(_, _, f)| f).collect();
        chart(&mut rows, &refs)
    };
    let targets: Vec<Option<i64>> = rows.iter().map(|r| r.target_x).collect();
    let target_mark = match targets.first() {
        Some(Some(x)) if targets.iter().all(|t| *t == Some(*x)) => {
            figs.first().and_then(|(_, _, f)| f.target).map(|t| {
                (
                    *x,
                    fill(
                        lang,
                        "coverage.pws.target_mark",
                        &[("target", &figure(lang, Some(t), ind.unit))],
                    ),
                )
            })
        }
        _ => None,
    };
    let target_at = match (tf.target, ind.sasaran.is_some()) {
        (Some(t), true) => fill(
            lang,
            "coverage.target.cumulative",
            &[
                ("month", &month_label(lang, month_day)),
                ("target", &figure(lang, Some(t), ind.unit)),
            ],
        ),
        (Some(t), false) => fill(
            lang,
            "coverage.target.monthly",
            &[("target", &figure(lang, Some(t), ind.unit))],
        ),
        (None, _) => String::new(),
    };
    let counts: Vec<(&'static str, usize)> = v.counts.iter().map(|(s, n)| (s.as_str(), *n)).collect();
    let judged_lines: usize = counts.iter().map(|c| c.1).sum();
    figs.push((String::new(), total_name, tf));
    Shown {
        heading: format!("{} — {}", ind.code, name(lang, ind)),
        month_label: month_label(lang, month_day),
        line_kind: if district {
            "coverage.pws.line_puskesmas"
        } else {
            "coverage.pws.line_desa"
        },
        district,
        def: definition(lang, ind, target_source(lang, ind, own_target, district), target_at),
        no_status: v.lines.len().saturating_sub(judged_lines),
        counts,
        chart_height: Bars::height(rows.len()),
        chart_max: crate::format::num(lang, bars.max, 0),
        rows,
        total,
        target_mark,
        rule: rule_key(v.rule),
        query: String::new(),
        place,
        figures: figs,
    }
}

/// The PWS asked for, ready to show, with the query that asks for it again; the reader's
/// errors as `Err`.
async fn resolve(st: &AppState, s: &SignedIn, p: &PwsParams) -> Result<Result<(PwsView, Shown), Invalid>, PageError> {
    let q = match asked(st, s, p).await? {
        Ok(q) => q,
        Err(inv) => return Ok(Err(inv)),
    };
    let v = match app::coverage::pws_view(&st.app, &s.actor, &q).await {
        Ok(v) => v,
        Err(e) => return Ok(Err(split_invalid(e)?)),
    };
    // Whether the Puskesmas set its own target, or the catalogue's default applies.
    let own = match &v.puskesmas {
        Some(o) => app::coverage::targets(&st.app, &s.actor, o.id, v.year)
            .await?
            .lines
            .into_iter()
            .find(|l| l.indicator.code == v.indicator.code)
            .and_then(|l| l.target),
        None => None,
    };
    let mut shown = shown(s.visitor.lang, &v, own);
    shown.query = query_of(&PwsQuery {
        indicator: v.indicator.code.clone(),
        ..q
    });
    Ok(Ok((v, shown)))
}

// --- the page ---------------------------------------------------------------------------------

/// A programme's indicators in the picker: (label, [(code, label, selected)]).
type Group = (String, Vec<(String, String, bool)>);

fn groups(lang: Lang, indicators: &[IndicatorRow], selected: &str) -> Vec<Group> {
    let mut out: Vec<Group> = Vec::new();
    let mut last: Option<Program> = None;
    for i in indicators {
        if last != Some(i.program) {
            out.push((
                text(lang, &format!("coverage.program.{}", i.program)).to_string(),
                Vec::new(),
            ));
            last = Some(i.program);
        }
        if let Some(g) = out.last_mut() {
            g.1.push((
                i.code.clone(),
                format!("{} — {}", i.code, name(lang, i)),
                i.code.eq_ignore_ascii_case(selected.trim()),
            ));
        }
    }
    out
}

#[derive(Template)]
#[template(path = "coverage/pws.html")]
struct PwsPage {
    title: String,
    ctx: Ctx,
    errs: Errs,
    groups: Vec<Group>,
    year: String,
    months: Vec<(u32, &'static str, bool)>,
    /// (value, label, selected) of the Puskesmas picker.
    places: Vec<(String, String, bool)>,
    show: Option<Shown>,
}

/// The Puskesmas the reader may pick, with "every Puskesmas" first when there are several.
pub(super) async fn places(
    st: &AppState,
    s: &SignedIn,
    selected: Option<i64>,
) -> Result<Vec<(String, String, bool)>, PageError> {
    let f = OrgFilter {
        kind: Some(domain::org::OrgKind::Puskesmas),
        limit: 1000,
        ..OrgFilter::default()
    };
    let (list, _) = app::org::list(&st.app, &s.actor, &f).await?;
    let mut out = Vec::with_capacity(list.len() + 1);
    if list.len() > 1 {
        out.push((
            "all".to_string(),
            text(s.visitor.lang, "coverage.pws.all_puskesmas").to_string(),
            selected.is_none(),
        ));
    }
    out.extend(
        list.into_iter()
            .map(|o| (o.id.to_string(), o.name, Some(o.id) == selected)),
    );
    Ok(out)
}

/// GET /coverage/pws: the PWS of one indicator.
pub async fn page(State(st): State<AppState>, s: SignedIn, Query(p): Query<PwsParams>) -> Result<Response, PageError> {
    let lang = s.visitor.lang;
    let ctx = Ctx::new(&s.visitor);
    match resolve(&st, &s, &p).await? {
        Ok((v, show)) => {
            let mut indicators = v.indicators.clone();
            by_programme(&mut indicators);
            let page = PwsPage {
                title: format!("PWS {} · {} · {}", v.indicator.code, show.place, show.month_label),
                groups: groups(lang, &indicators, &v.indicator.code),
                year: v.year.to_string(),
                months: month_options(lang, v.month),
                places: places(&st, &s, v.puskesmas.as_ref().map(|o| o.id)).await?,
                errs: Errs::none(),
                show: Some(show),
                ctx,
            };
            Ok(render(&page))
        }
        Err(inv) => {
            // The form again, as asked, with what is wrong.
            let today = st.app.clock().today_for(&s.actor);
            let (dy, dm) = super::last_complete_month(today);
            let month: u32 = p
                .month
                .trim()
                .parse()
                .ok()
                .filter(|m| (1..=12).contains(m))
                .unwrap_or(dm);
            let indicators = in_force(&st, &s, today).await?;
            let page = PwsPage {
                title: ctx.t("coverage.pws.title").to_string(),
                groups: groups(lang, &indicators, &p.indicator),
                year: if p.year.trim().is_empty() {
                    dy.to_string()
                } else {
                    p.year.trim().to_string()
                },
                months: month_options(lang, month),
                places: places(&st, &s, p.puskesmas.trim().parse().ok()).await?,
                errs: Errs::new(lang, inv),
                show: None,
                ctx,
            };
            Ok(render_status(StatusCode::UNPROCESSABLE_ENTITY, &page))
        }
    }
}

// --- exports and print ------------------------------------------------------------------------

fn internal(e: impl std::fmt::Display) -> PageError {
    PageError::App(app::AppError::Internal(e.to_string()))
}

/// The PWS as asked, or the reader's error as a page.
async fn resolved(st: &AppState, s: &SignedIn, p: &PwsParams) -> Result<(PwsView, Shown), PageError> {
    resolve(st, s, p).await?.map_err(|inv| PageError::App(inv.into()))
}

/// The column headers of the exports, in `lang`.
fn headers(lang: Lang, line_kind: &str) -> Vec<String> {
    [
        "coverage.col.code",
        line_kind,
        "coverage.col.sasaran",
        "coverage.col.month_count",
        "coverage.col.month_denominator",
        "coverage.col.cumulative_count",
        "coverage.col.own",
        "coverage.col.cumulative",
        "coverage.col.target",
        "coverage.col.trend",
        "coverage.col.status",
        "coverage.col.note",
    ]
    .iter()
    .map(|k| text(lang, k).to_string())
    .collect()
}

fn cells(lang: Lang, rows: &[(String, String, Figures)]) -> Vec<Vec<Cell>> {
    rows.iter()
        .map(|(key, name, f)| {
            vec![
                Cell::Text(key.clone()),
                Cell::Text(name.clone()),
                Cell::count(f.sasaran),
                Cell::count(f.achieved),
                Cell::count(f.denominator),
                Cell::count(f.cumulative_count),
                Cell::number(f.own, 1),
                Cell::number(f.cumulative, 1),
                Cell::number(f.target, 1),
                match f.trend {
                    Some(_) => Cell::Text(text(lang, &format!("coverage.trend.{}", trend(f.trend).1)).to_string()),
                    None => Cell::Empty,
                },
                match f.status {
                    Some(st) => Cell::Text(text(lang, &format!("coverage.status.{st}")).to_string()),
                    None => Cell::Empty,
                },
                if f.over_100 {
                    Cell::Text(text(lang, "coverage.pws.over_100").to_string())
                } else {
                    Cell::Empty
                },
            ]
        })
        .collect()
}

fn file_name(v: &PwsView, ext: &str) -> String {
    let place = v
        .puskesmas
        .as_ref()
        .map_or("kabupaten".to_string(), |o| format!("pkm-{}", o.id));
    let code: String = v
        .indicator
        .code
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    format!("pws-{code}-{place}-{}-{:02}.{ext}", v.year, v.month)
}

/// The notes under an export: how an unchanged month counts, how totals are made.
fn notes(lang: Lang, show: &Shown) -> Vec<String> {
    vec![
        fill(lang, "coverage.pws.rule_note", &[("rule", text(lang, show.rule))]),
        text(lang, "coverage.pws.summed_note").to_string(),
    ]
}

/// GET /coverage/pws.csv: the table of the PWS page, with the total last.
pub async fn csv(State(st): State<AppState>, s: SignedIn, Query(p): Query<PwsParams>) -> Result<Response, PageError> {
    let (v, show) = resolved(&st, &s, &p).await?;
    let lang = s.visitor.lang;
    let bytes =
        interop::table::to_csv(&headers(lang, show.line_kind), &cells(lang, &show.figures)).map_err(internal)?;
    Ok(download("text/csv; charset=utf-8", &file_name(&v, "csv"), bytes))
}

/// GET /coverage/pws.xlsx: the same table as a workbook, with its title and notes.
pub async fn xlsx(State(st): State<AppState>, s: SignedIn, Query(p): Query<PwsParams>) -> Result<Response, PageError> {
    let (v, show) = resolved(&st, &s, &p).await?;
    let lang = s.visitor.lang;
    let sheet = Sheet {
        name: format!("PWS {}", v.indicator.code),
        title: format!("PWS {}", show.heading),
        subtitle: format!("{} · {} · {}", show.place, show.month_label, show.def.target),
        headers: headers(lang, show.line_kind),
        widths: vec![14.0, 28.0, 10.0, 12.0, 12.0, 12.0, 12.0, 12.0, 12.0, 10.0, 12.0, 30.0],
        rows: cells(lang, &show.figures),
        notes: notes(lang, &show),
    };
    let bytes = interop::table::to_xlsx(&sheet).map_err(internal)?;
    Ok(download(XLSX, &file_name(&v, "xlsx"), bytes))
}

#[derive(Template)]
#[template(path = "coverage/pws_print.html")]
struct PwsPrint {
    title: String,
    ctx: Ctx,
    show: Shown,
    printed_on: String,
}

/// GET /coverage/pws/print: the PWS on A4 — definition, chart, table, notes.
pub async fn print(State(st): State<AppState>, s: SignedIn, Query(p): Query<PwsParams>) -> Result<Response, PageError> {
    let (v, show) = resolved(&st, &s, &p).await?;
    let ctx = Ctx::new(&s.visitor);
    Ok(render(&PwsPrint {
        title: format!("PWS {} · {} · {}", v.indicator.code, show.place, show.month_label),
        printed_on: st.app.clock().today_for(&s.actor).format("%d/%m/%Y").to_string(),
        show,
        ctx,
    }))
}

// --- one desa, every indicator ----------------------------------------------------------------

/// One indicator of a desa's page.
struct DesaRow {
    code: String,
    name: String,
    /// The indicator's PWS for the desa's Puskesmas.
    link: String,
    derived: bool,
    sasaran: String,
    month_count: String,
    /// The judged figure: cumulative against a sasaran, the month's own rate otherwise.
    judged: String,
    /// Whether the judged figure is the cumulative one or the month's own (none: empty).
    judged_kind: &'static str,
    target: String,
    /// `own`, `default` or `none`.
    target_source: &'static str,
    arrow: &'static str,
    trend: &'static str,
    status: &'static str,
    over_100: bool,
}

#[derive(Template)]
#[template(path = "coverage/desa.html")]
struct DesaPage {
    title: String,
    ctx: Ctx,
    errs: Errs,
    code: String,
    year: String,
    months: Vec<(u32, &'static str, bool)>,
    v: Option<DesaView>,
    month_label: String,
    groups: Vec<DesaGroup>,
    counts: Vec<(&'static str, usize)>,
    rule: &'static str,
}

/// A programme's indicators on a desa's page.
type DesaGroup = (String, Vec<DesaRow>);

/// The desa's indicators by programme, and how many are in each status.
fn desa_groups(lang: Lang, v: &DesaView) -> (Vec<DesaGroup>, Vec<(&'static str, usize)>) {
    let mut lines: Vec<&app::coverage::DesaLine> = v.lines.iter().collect();
    let rank = |p: Program| Program::ALL.iter().position(|x| *x == p).unwrap_or(usize::MAX);
    lines.sort_by(|a, b| {
        rank(a.indicator.program)
            .cmp(&rank(b.indicator.program))
            .then_with(|| a.indicator.code.cmp(&b.indicator.code))
    });
    let mut counts: Vec<(&'static str, usize)> = PwsStatus::ALL.iter().map(|s| (s.as_str(), 0)).collect();
    let mut out: Vec<DesaGroup> = Vec::new();
    let mut last: Option<Program> = None;
    for l in lines {
        let ind = &l.indicator;
        let f = figures(ind, &l.line, v.month);
        if let Some(c) = f.status.and_then(|st| counts.iter_mut().find(|c| c.0 == st.as_str())) {
            c.1 += 1;
        }
        if last != Some(ind.program) {
            out.push((
                text(lang, &format!("coverage.program.{}", ind.program)).to_string(),
                Vec::new(),
            ));
            last = Some(ind.program);
        }
        let (arrow, tr) = trend(f.trend);
        let r = DesaRow {
            code: ind.code.clone(),
            name: name(lang, ind).to_string(),
            link: format!(
                "/coverage/pws?indicator={}&year={}&month={}&puskesmas={}",
                ind.code, v.year, v.month, v.puskesmas.id
            ),
            derived: ind.derived.is_some(),
            sasaran: count(lang, f.sasaran),
            month_count: match (f.achieved, f.denominator) {
                (Some(n), Some(d)) => format!("{} / {}", count(lang, Some(n)), count(lang, Some(d))),
                (n, _) => count(lang, n),
            },
            judged: figure(lang, f.judged, ind.unit),
            judged_kind: match (f.judged, ind.sasaran) {
                (None, _) => "",
                (Some(_), Some(_)) => "coverage.desa.cumulative",
                (Some(_), None) => "coverage.desa.own",
            },
            target: figure(lang, f.target, ind.unit),
            target_source: match (l.own_target, ind.target) {
                (Some(_), _) => "own",
                (None, Some(_)) => "default",
                (None, None) => "none",
            },
            arrow,
            trend: tr,
            status: status_word(f.status),
            over_100: f.over_100,
        };
        if let Some(g) = out.last_mut() {
            g.1.push(r);
        }
    }
    (out, counts)
}

/// GET /coverage/desa/{code}: every indicator in force for one desa, year to the month.
pub async fn desa(
    State(st): State<AppState>,
    s: SignedIn,
    Path(code): Path<String>,
    Query(p): Query<DesaParams>,
) -> Result<Response, PageError> {
    let lang = s.visitor.lang;
    let ctx = Ctx::new(&s.visitor);
    let today = st.app.clock().today_for(&s.actor);
    let asked = year_month(&p.year, &p.month, today);
    let result = match &asked {
        Ok((y, m)) => app::coverage::desa_view(&st.app, &s.actor, &code, *y, *m)
            .await
            .map_err(split_invalid),
        Err(inv) => Err(Ok(inv.clone())),
    };
    let (dy, dm) = super::last_complete_month(today);
    let (year, month) = asked.unwrap_or((dy, dm));
    match result {
        Ok(v) => {
            let (groups, counts) = desa_groups(lang, &v);
            let month_label = month_label(lang, NaiveDate::from_ymd_opt(v.year, v.month, 1).unwrap_or_default());
            Ok(render(&DesaPage {
                title: format!("{} · {}", v.desa.desa_name, month_label),
                errs: Errs::none(),
                code: v.desa.desa_code.clone(),
                year: v.year.to_string(),
                months: month_options(lang, v.month),
                rule: rule_key(v.rule),
                month_label,
                groups,
                counts,
                v: Some(v),
                ctx,
            }))
        }
        Err(Ok(inv)) => Ok(render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &DesaPage {
                title: ctx.t("coverage.desa.title").to_string(),
                errs: Errs::new(lang, inv),
                code,
                year: if p.year.trim().is_empty() {
                    year.to_string()
                } else {
                    p.year.trim().to_string()
                },
                months: month_options(lang, month),
                v: None,
                month_label: String::new(),
                groups: Vec::new(),
                counts: Vec::new(),
                rule: "",
                ctx,
            },
        )),
        Err(Err(e)) => Err(e),
    }
}
