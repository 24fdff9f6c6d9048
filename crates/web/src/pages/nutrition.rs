//! Child growth pages: the stunting and SKDN report of a place and month (with its breakdown,
//! a bar chart, the printable version and CSV), children by name (search, registration with
//! duplicate detection, the child's page with its growth chart and history, edit, merge),
//! the kader's fast measurement form, the follow-up list with the assignment of a child's
//! follow-up as a coordination action, and the by-name exports (the follow-up list as
//! CSV/XLSX/print, the children register as CSV/XLSX; NIK masked unless asked for in full
//! by a role that may see it).

use super::{Errs, render, render_status, split_invalid};
use crate::AppState;
use crate::ctx::{Ctx, SignedIn};
use crate::error::PageError;
use crate::form::CsrfForm;
use crate::i18n::Lang;
use app::children::Format;
use app::followup::{AssignChoices, AssignForm, ChildFollowups, FollowupFilter, FollowupRow, Reason};
use app::nutrition::{ChildView, MeasurementRow, Registration, Report, Where};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{Datelike, NaiveDate};
use domain::Invalid;
use domain::access::{Area, area_contains};
use domain::nutrition::{ChildForm, MeasurementForm, Tally, Trend, completed_months, kbm_grams};
use domain::user::Role;
use interop::children::{ChildLine, Column};
use serde::Deserialize;
use store::children::RegisterFilter;
use store::nutrition::Child;
use store::org::{Org, OrgFilter};

// --- formatting ----------------------------------------------------------------------------

/// A number with `digits` decimals, with a decimal comma in Bahasa Indonesia and a real
/// minus sign.
fn num(lang: Lang, v: f64, digits: usize) -> String {
    let s = format!("{v:.digits$}");
    let s = if lang == Lang::Id { s.replace('.', ",") } else { s };
    match s.strip_prefix('-') {
        Some(rest) if rest.chars().any(|c| c.is_ascii_digit() && c != '0') => format!("−{rest}"),
        Some(rest) => rest.to_string(),
        None => s,
    }
}

fn pct(lang: Lang, v: Option<f64>) -> String {
    v.map(|v| format!("{}%", num(lang, v, 1))).unwrap_or_else(|| "—".into())
}

fn month_label(lang: Lang, m: NaiveDate) -> String {
    match lang {
        Lang::Id => app::meeting::month_name_id(m.month(), m.year()),
        Lang::En => m.format("%B %Y").to_string(),
    }
}

/// "2 th 3 bl" / "2 y 3 mo".
fn age_label(lang: Lang, days: i64) -> String {
    let months = completed_months(days);
    let (y, m) = (months / 12, months % 12);
    match (lang, y) {
        (Lang::Id, 0) => format!("{m} bl"),
        (Lang::Id, _) => format!("{y} th {m} bl"),
        (Lang::En, 0) => format!("{m} mo"),
        (Lang::En, _) => format!("{y} y {m} mo"),
    }
}

/// A Permenkes category in Indonesian (with the English name in English).
fn category(lang: Lang, id: &str, en: &str) -> String {
    match lang {
        Lang::Id => id.to_string(),
        Lang::En => format!("{id} ({en})"),
    }
}

fn parse_month(s: &str) -> Result<Option<NaiveDate>, &'static str> {
    let t = s.trim();
    if t.is_empty() {
        return Ok(None);
    }
    let full = if t.len() == 7 { format!("{t}-01") } else { t.to_string() };
    NaiveDate::parse_from_str(&full, "%Y-%m-%d")
        .map(|d| Some(domain::nutrition::month_of(d)))
        .map_err(|_| "date.format")
}

fn download(ct: &str, name: &str, bytes: Vec<u8>) -> Response {
    (
        [
            (header::CONTENT_TYPE, ct.to_string()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")),
        ],
        bytes,
    )
        .into_response()
}

// --- the report ----------------------------------------------------------------------------

#[derive(Deserialize, Default, Clone)]
pub struct ReportQuery {
    #[serde(default)]
    region: String,
    #[serde(default)]
    puskesmas: String,
    #[serde(default)]
    posyandu: String,
    /// `region:CODE`, `puskesmas:ID` or `posyandu:ID` (the place picker).
    #[serde(default)]
    place: String,
    #[serde(default)]
    month: String,
    /// `YYYY-MM`, or `none` for no comparison.
    #[serde(default)]
    compare: String,
}

fn where_param(w: &Where) -> String {
    match w {
        Where::Region(c) => format!("region={c}"),
        Where::Puskesmas(id) => format!("puskesmas={id}"),
        Where::Posyandu(id) => format!("posyandu={id}"),
    }
}

fn where_value(w: &Where) -> String {
    where_param(w).replacen('=', ":", 1)
}

/// The place asked for, or the account's own: its region (dinkes, viewer), its Puskesmas,
/// its Posyandu (kader), its organisation's region (partner), the demo district (admin).
async fn place_of(st: &AppState, s: &SignedIn, q: &ReportQuery) -> Result<Where, Invalid> {
    let id = |v: &str, field: &str| {
        v.trim()
            .parse::<i64>()
            .map_err(|_| Invalid::one(field, "number.format"))
    };
    let region = |v: &str| {
        domain::region::RegionCode::parse(v.trim())
            .map(|c| Where::Region(c.to_string()))
            .map_err(|c| Invalid::one("region", c))
    };
    if let Some((k, v)) = q.place.split_once(':') {
        return match k {
            "region" => region(v),
            "puskesmas" => id(v, "place").map(Where::Puskesmas),
            "posyandu" => id(v, "place").map(Where::Posyandu),
            _ => Err(Invalid::one("place", "region.unknown")),
        };
    }
    if !q.posyandu.trim().is_empty() {
        return id(&q.posyandu, "posyandu").map(Where::Posyandu);
    }
    if !q.puskesmas.trim().is_empty() {
        return id(&q.puskesmas, "puskesmas").map(Where::Puskesmas);
    }
    if !q.region.trim().is_empty() {
        return region(&q.region);
    }
    let a = &s.actor;
    Ok(match (&a.area, a.role, a.org_id) {
        (Area::Region(c), _, _) => Where::Region(c.to_string()),
        (_, Role::Puskesmas, Some(o)) => Where::Puskesmas(o),
        (_, Role::Kader, Some(o)) => Where::Posyandu(o),
        (_, _, Some(o)) => match app::org::get(&st.app, a, o).await {
            Ok(v) => Where::Region(v.org.region_code),
            Err(_) => Where::Region(app::demo::district::DISTRICT.into()),
        },
        _ => Where::Region(app::demo::district::DISTRICT.into()),
    })
}

/// One headline figure: a count out of a denominator, as a percentage with its 95% CI.
struct Stat {
    id: &'static str,
    label: &'static str,
    count: i64,
    den: i64,
    pct: String,
    ci: String,
    sub: String,
}

fn prevalence(lang: Lang, id: &'static str, label: &'static str, n: i64, den: i64, sub: String) -> Stat {
    let (pct_s, ci) = match Tally::prevalence(n, den) {
        Some((p, lo, hi)) => (
            format!("{}%", num(lang, p, 1)),
            format!("{}–{}%", num(lang, lo, 1), num(lang, hi, 1)),
        ),
        None => ("—".into(), String::new()),
    };
    Stat {
        id,
        label,
        count: n,
        den,
        pct: pct_s,
        ci,
        sub,
    }
}

struct CompareView {
    month: String,
    stunted_before: i64,
    stunted_now: i64,
    stunted_delta: String,
    pct_before: String,
    pct_now: String,
    pct_delta: String,
    measured_before: i64,
    measured_now: i64,
}

struct LineView {
    key: String,
    name: String,
    link: String,
    t: Tally,
    stunting: String,
    wasting: String,
    underweight: String,
    ds: String,
    nd: String,
    /// Bar chart geometry (viewBox units).
    y: i64,
    bar: i64,
    has_pct: bool,
}

/// The bar chart: one row per line, the name above its bar (readable on a phone).
const CHART_WIDTH: i64 = 260;
const CHART_ROW: i64 = 40;
const CHART_TOP: i64 = 20;

fn signed(lang: Lang, v: f64, digits: usize) -> String {
    if v > 0.0 {
        format!("+{}", num(lang, v, digits))
    } else {
        num(lang, v, digits)
    }
}

fn lines_of(lang: Lang, r: &Report) -> (Vec<LineView>, f64) {
    let max = r
        .lines
        .iter()
        .filter_map(|l| Tally::percent(l.tally.stunted, l.tally.haz_n))
        .fold(20.0_f64, f64::max);
    let lines = r
        .lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let t = l.tally;
            let p = Tally::percent(t.stunted, t.haz_n);
            LineView {
                key: l.key.clone(),
                name: l.name.clone(),
                link: l.link.clone().unwrap_or_default(),
                stunting: pct(lang, p),
                wasting: pct(lang, Tally::percent(t.wasted, t.whz_n)),
                underweight: pct(lang, Tally::percent(t.underweight, t.waz_n)),
                ds: pct(lang, Tally::percent(t.d, t.s)),
                nd: pct(lang, Tally::percent(t.n, t.d)),
                y: CHART_TOP + i as i64 * CHART_ROW,
                bar: p.map(|p| (p / max * CHART_WIDTH as f64).round() as i64).unwrap_or(0),
                has_pct: p.is_some(),
                t,
            }
        })
        .collect();
    (lines, max)
}

#[derive(Template)]
#[template(path = "nutrition/report.html")]
struct ReportPage {
    title: String,
    ctx: Ctx,
    errs: Errs,
    r: Option<Report>,
    month_label: String,
    month_value: String,
    compare_value: String,
    /// (value, label) of the place picker; `place` is the current value.
    places: Vec<(String, String)>,
    place: String,
    query: String,
    heads: Vec<Stat>,
    skdn: Vec<(&'static str, &'static str, i64)>,
    ratios: Vec<(&'static str, &'static str, String)>,
    compare: Option<CompareView>,
    lines: Vec<LineView>,
    line_kind: &'static str,
    chart_height: i64,
    /// The scale's top (percent) and where the 14% target line falls.
    chart_max: String,
    target_x: i64,
    crumbs: Vec<(String, String)>,
    reads_names: bool,
    /// Where children weighed away from home count (`at_home` or `where_weighed`), and
    /// whether the reader may change it.
    visitor_rule: &'static str,
    may_set_rule: bool,
}

/// Everything the report, its print and CSV versions need.
struct Resolved {
    place: Where,
    month: NaiveDate,
    report: Result<Report, Invalid>,
}

async fn resolve(st: &AppState, s: &SignedIn, q: &ReportQuery) -> Result<Resolved, PageError> {
    let today = st.app.clock().today_for(&s.actor);
    let place = place_of(st, s, q).await;
    let month = parse_month(&q.month);
    let (place, month) = match (place, month) {
        (Ok(p), Ok(m)) => (p, m),
        (p, m) => {
            let mut inv = Invalid::new();
            if let Err(e) = &p {
                inv.0.extend(e.0.iter().cloned());
            }
            if let Err(c) = m {
                inv.add("month", c);
            }
            return Ok(Resolved {
                place: p.unwrap_or(Where::Region(app::demo::district::DISTRICT.into())),
                month: domain::nutrition::month_of(today),
                report: Err(inv),
            });
        }
    };
    let month = match month {
        Some(m) => m,
        None => app::followup::latest_month(&st.app, &place)
            .await?
            .unwrap_or(domain::nutrition::month_of(today)),
    };
    let compare = match q.compare.trim() {
        "none" => Ok(None),
        "" if month.month() == 8 => Ok(NaiveDate::from_ymd_opt(month.year(), 2, 1)),
        c => parse_month(c),
    };
    let report = match compare {
        Ok(c) => match app::nutrition::report(&st.app, &place, month, c).await {
            Ok(r) => Ok(r),
            Err(e) => Err(split_invalid(e)?),
        },
        Err(code) => Err(Invalid::one("compare", code)),
    };
    Ok(Resolved { place, month, report })
}

async fn place_options(st: &AppState, s: &SignedIn, current: &Where, title: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = vec![(where_value(current), title.to_string())];
    let district = match (&s.actor.area, s.actor.org_id) {
        (Area::Region(c), _) => c.as_str().split('.').take(2).collect::<Vec<_>>().join("."),
        (_, Some(o)) => match app::org::get(&st.app, &s.actor, o).await {
            Ok(v) => v.org.region_code.split('.').take(2).collect::<Vec<_>>().join("."),
            Err(_) => app::demo::district::DISTRICT.into(),
        },
        _ => app::demo::district::DISTRICT.into(),
    };
    let mut push = |v: String, l: String| {
        if !out.iter().any(|o| o.0 == v) {
            out.push((v, l));
        }
    };
    if let Ok(d) = app::region::get(&st.app.store, &s.actor, &district).await {
        push(format!("region:{}", d.region.code), d.region.name.clone());
    }
    if let Ok(kec) = app::region::children(&st.app.store, &s.actor, Some(&district)).await {
        for k in kec {
            push(format!("region:{}", k.code), format!("Kec. {}", k.name));
        }
    }
    let f = OrgFilter {
        kind: Some("puskesmas".into()),
        within: Some(district.clone()),
        limit: 500,
        ..Default::default()
    };
    if let Ok((pkm, _)) = app::org::list(&st.app, &s.actor, &f).await {
        for p in pkm {
            push(format!("puskesmas:{}", p.id), p.name);
        }
    }
    out
}

async fn crumbs(st: &AppState, s: &SignedIn, place: &Where, month: NaiveDate) -> Vec<(String, String)> {
    let m = month.format("%Y-%m");
    match place {
        Where::Region(code) => match app::region::get(&st.app.store, &s.actor, code).await {
            Ok(v) => v
                .ancestors
                .iter()
                .filter(|a| a.level >= 2)
                .map(|a| (format!("/nutrition?region={}&month={m}", a.code), a.name.clone()))
                .collect(),
            Err(_) => Vec::new(),
        },
        Where::Posyandu(id) => match app::org::get(&st.app, &s.actor, *id).await {
            Ok(v) => {
                let code = v.org.region_code.clone();
                let mut out: Vec<(String, String)> = match app::region::get(&st.app.store, &s.actor, &code).await {
                    Ok(r) => r
                        .ancestors
                        .iter()
                        .filter(|a| a.level >= 2)
                        .map(|a| (format!("/nutrition?region={}&month={m}", a.code), a.name.clone()))
                        .collect(),
                    Err(_) => Vec::new(),
                };
                out.push((
                    format!("/nutrition?region={code}&month={m}"),
                    v.org.region_name.unwrap_or(code),
                ));
                out
            }
            Err(_) => Vec::new(),
        },
        Where::Puskesmas(_) => Vec::new(),
    }
}

fn line_kind(place: &Where) -> &'static str {
    match place {
        Where::Region(c) => match c.split('.').count() {
            0..=2 => "nutrition.line_kecamatan",
            3 => "nutrition.line_desa",
            _ => "nutrition.line_posyandu",
        },
        Where::Puskesmas(_) => "nutrition.line_desa",
        Where::Posyandu(_) => "nutrition.line_posyandu",
    }
}

fn heads(lang: Lang, t: &Tally) -> Vec<Stat> {
    let mut measured = prevalence(lang, "measured", "nutrition.measured", t.measured, t.s, String::new());
    // Coverage is a plain ratio of the registered children, not an estimate.
    measured.pct = pct(lang, Tally::percent(t.measured, t.s));
    measured.ci = String::new();
    vec![
        prevalence(
            lang,
            "stunted",
            "nutrition.stunted",
            t.stunted,
            t.haz_n,
            format!(
                "{} {}",
                t.severely_stunted,
                crate::i18n::text(lang, "nutrition.severely")
            ),
        ),
        prevalence(
            lang,
            "wasted",
            "nutrition.wasted",
            t.wasted,
            t.whz_n,
            format!(
                "{} {}",
                t.severely_wasted,
                crate::i18n::text(lang, "nutrition.severely_wasted")
            ),
        ),
        prevalence(
            lang,
            "underweight",
            "nutrition.underweight",
            t.underweight,
            t.waz_n,
            format!(
                "{} {}",
                t.severely_underweight,
                crate::i18n::text(lang, "nutrition.severely_underweight")
            ),
        ),
        measured,
    ]
}

fn compare_view(lang: Lang, r: &Report) -> Option<CompareView> {
    let (m, before) = r.compare?;
    let now = r.total;
    let p_now = Tally::percent(now.stunted, now.haz_n);
    let p_before = Tally::percent(before.stunted, before.haz_n);
    Some(CompareView {
        month: month_label(lang, m),
        stunted_before: before.stunted,
        stunted_now: now.stunted,
        pct_now: pct(lang, p_now),
        measured_now: now.measured,
        stunted_delta: signed(lang, (now.stunted - before.stunted) as f64, 0),
        pct_before: pct(lang, p_before),
        pct_delta: match (p_now, p_before) {
            (Some(a), Some(b)) => format!("{} {}", signed(lang, a - b, 1), crate::i18n::text(lang, "nutrition.pp")),
            _ => "—".into(),
        },
        measured_before: before.measured,
    })
}

pub async fn report(
    State(st): State<AppState>,
    s: SignedIn,
    Query(q): Query<ReportQuery>,
) -> Result<Response, PageError> {
    let res = resolve(&st, &s, &q).await?;
    let ctx = Ctx::new(&s.visitor);
    let lang = s.visitor.lang;
    let (r, errs) = match res.report {
        Ok(r) => (Some(r), Errs::none()),
        Err(inv) => (None, Errs::new(lang, inv)),
    };
    let title = r
        .as_ref()
        .map(|r| r.title.clone())
        .unwrap_or_else(|| ctx.t("nutrition.title").to_string());
    let places = place_options(&st, &s, &res.place, &title).await;
    let crumbs = crumbs(&st, &s, &res.place, res.month).await;
    let t = r.as_ref().map(|r| r.total).unwrap_or_default();
    let (lines, max) = r.as_ref().map(|r| lines_of(lang, r)).unwrap_or((Vec::new(), 20.0));
    let compare_value = match q.compare.trim() {
        "none" => String::new(),
        _ => r
            .as_ref()
            .and_then(|r| r.compare.map(|c| c.0.format("%Y-%m").to_string()))
            .unwrap_or_default(),
    };
    let month_value = res.month.format("%Y-%m").to_string();
    let mut query = format!("{}&month={month_value}", where_param(&res.place));
    if !compare_value.is_empty() {
        query.push_str(&format!("&compare={compare_value}"));
    }
    let page = ReportPage {
        title: format!("{} — {}", ctx.t("nutrition.title"), title),
        month_label: month_label(lang, res.month),
        month_value,
        compare_value,
        place: where_value(&res.place),
        places,
        query,
        heads: heads(lang, &t),
        skdn: vec![
            ("s", "nutrition.skdn_s", t.s),
            ("k", "nutrition.skdn_k", t.k),
            ("d", "nutrition.skdn_d", t.d),
            ("n", "nutrition.skdn_n", t.n),
            ("t", "nutrition.skdn_t", t.t),
            ("o", "nutrition.skdn_o", t.o),
            ("b", "nutrition.skdn_b", t.b),
            ("bgm", "nutrition.skdn_bgm", t.bgm),
            ("visitors", "nutrition.skdn_visitors", t.visitors),
        ],
        ratios: vec![
            ("ds", "D/S", pct(lang, Tally::percent(t.d, t.s))),
            ("nd", "N/D", pct(lang, Tally::percent(t.n, t.d))),
            ("ks", "K/S", pct(lang, Tally::percent(t.k, t.s))),
            ("bgmd", "BGM/D", pct(lang, Tally::percent(t.bgm, t.d))),
        ],
        compare: r.as_ref().and_then(|r| compare_view(lang, r)),
        chart_height: CHART_TOP + 6 + lines.len() as i64 * CHART_ROW,
        chart_max: num(lang, max, 0),
        target_x: (14.0 / max * CHART_WIDTH as f64).round() as i64,
        lines,
        line_kind: line_kind(&res.place),
        crumbs,
        reads_names: app::nutrition::reads_names(&s.actor),
        visitor_rule: app::nutrition::visitor_rule(&st.app).await?.as_str(),
        may_set_rule: domain::access::can(&s.actor, domain::access::Act::Write, domain::access::Target::Admin).is_ok(),
        errs,
        r,
        ctx,
    };
    Ok(render_status(page.errs.status(), &page))
}

#[derive(Deserialize, Default)]
pub struct RulePost {
    #[serde(default)]
    rule: String,
}

/// POST /nutrition/visitor-rule: where children weighed away from home count (administrators;
/// every tally is rebuilt).
pub async fn set_visitor_rule(
    State(st): State<AppState>,
    s: SignedIn,
    CsrfForm(p): CsrfForm<RulePost>,
) -> Result<Response, PageError> {
    let rule = match p.rule.as_str() {
        "at_home" | "where_weighed" => domain::nutrition::VisitorRule::parse(Some(p.rule.as_str())),
        _ => return Err(app::AppError::from(Invalid::one("rule", "choice.unknown")).into()),
    };
    app::nutrition::set_visitor_rule(&st.app, &s.actor, rule).await?;
    Ok(Redirect::to("/nutrition#skdn").into_response())
}

#[derive(Template)]
#[template(path = "nutrition/report_print.html")]
struct ReportPrint {
    title: String,
    ctx: Ctx,
    r: Report,
    place_title: String,
    month_label: String,
    back: String,
    heads: Vec<Stat>,
    skdn: Vec<(&'static str, i64)>,
    ratios: Vec<(&'static str, String)>,
    compare: Option<CompareView>,
    lines: Vec<LineView>,
    line_kind: &'static str,
    printed_on: String,
}

pub async fn report_print(
    State(st): State<AppState>,
    s: SignedIn,
    Query(q): Query<ReportQuery>,
) -> Result<Response, PageError> {
    let res = resolve(&st, &s, &q).await?;
    let r = res.report.map_err(|inv| PageError::App(inv.into()))?;
    let lang = s.visitor.lang;
    let ctx = Ctx::new(&s.visitor);
    let t = r.total;
    let (lines, _) = lines_of(lang, &r);
    let page = ReportPrint {
        title: format!("{} — {}", ctx.t("nutrition.title"), r.title),
        place_title: r.title.clone(),
        month_label: month_label(lang, res.month),
        back: format!(
            "/nutrition?{}&month={}",
            where_param(&res.place),
            res.month.format("%Y-%m")
        ),
        heads: heads(lang, &t),
        skdn: vec![
            ("S", t.s),
            ("K", t.k),
            ("D", t.d),
            ("N", t.n),
            ("T", t.t),
            ("O", t.o),
            ("B", t.b),
            ("BGM", t.bgm),
        ],
        ratios: vec![
            ("D/S", pct(lang, Tally::percent(t.d, t.s))),
            ("N/D", pct(lang, Tally::percent(t.n, t.d))),
            ("K/S", pct(lang, Tally::percent(t.k, t.s))),
            ("BGM/D", pct(lang, Tally::percent(t.bgm, t.d))),
        ],
        compare: compare_view(lang, &r),
        lines,
        line_kind: line_kind(&res.place),
        printed_on: st.app.clock().today_for(&s.actor).format("%d/%m/%Y").to_string(),
        r,
        ctx,
    };
    Ok(render(&page))
}

/// The breakdown as CSV (UTF-8 with a byte-order mark, decimals with a point), with the
/// place's total as the last row.
pub async fn report_csv(
    State(st): State<AppState>,
    s: SignedIn,
    Query(q): Query<ReportQuery>,
) -> Result<Response, PageError> {
    let res = resolve(&st, &s, &q).await?;
    let r = res.report.map_err(|inv| PageError::App(inv.into()))?;
    let header = [
        "kode",
        "nama",
        "bulan",
        "S",
        "K",
        "D",
        "N",
        "T",
        "O",
        "B",
        "BGM",
        "diukur",
        "tb_u_dinilai",
        "pendek_dan_sangat_pendek",
        "sangat_pendek",
        "prevalensi_stunting_persen",
        "ci95_bawah",
        "ci95_atas",
        "bb_tb_dinilai",
        "gizi_kurang_dan_buruk",
        "gizi_buruk",
        "bb_u_dinilai",
        "bb_kurang_dan_sangat_kurang",
        "D_S_persen",
        "N_D_persen",
        "K_S_persen",
        "periksa_ulang",
        "luar_wilayah",
    ];
    let month = r.month.format("%Y-%m").to_string();
    let f1 = |v: Option<f64>| v.map(|v| format!("{v:.1}")).unwrap_or_default();
    let row = |key: &str, name: &str, t: &Tally| -> Vec<String> {
        let prev = Tally::prevalence(t.stunted, t.haz_n);
        vec![
            key.to_string(),
            name.to_string(),
            month.clone(),
            t.s.to_string(),
            t.k.to_string(),
            t.d.to_string(),
            t.n.to_string(),
            t.t.to_string(),
            t.o.to_string(),
            t.b.to_string(),
            t.bgm.to_string(),
            t.measured.to_string(),
            t.haz_n.to_string(),
            t.stunted.to_string(),
            t.severely_stunted.to_string(),
            f1(prev.map(|p| p.0)),
            f1(prev.map(|p| p.1)),
            f1(prev.map(|p| p.2)),
            t.whz_n.to_string(),
            t.wasted.to_string(),
            t.severely_wasted.to_string(),
            t.waz_n.to_string(),
            t.underweight.to_string(),
            f1(Tally::percent(t.d, t.s)),
            f1(Tally::percent(t.n, t.d)),
            f1(Tally::percent(t.k, t.s)),
            t.flagged.to_string(),
            t.visitors.to_string(),
        ]
    };
    let total_key = match &res.place {
        Where::Region(c) => c.clone(),
        Where::Puskesmas(id) | Where::Posyandu(id) => id.to_string(),
    };
    let rows = r.lines.iter().map(|l| row(&l.key, &l.name, &l.tally)).chain([row(
        &total_key,
        &format!("Jumlah {}", r.title),
        &r.total,
    )]);
    let bytes = interop::export::to_csv(header.iter().map(|h| h.to_string()), rows).map_err(internal)?;
    let name = format!("status-gizi-{}-{month}.csv", total_key.replace('.', ""));
    Ok(download("text/csv; charset=utf-8", &name, bytes))
}

// --- measurements shown ----------------------------------------------------------------------

/// One measurement as the pages show it.
struct MRow {
    id: i64,
    date: String,
    age: String,
    weight: String,
    height: String,
    muac: String,
    head: String,
    haz: String,
    haz_cat: String,
    waz: String,
    waz_cat: String,
    whz: String,
    whz_cat: String,
    baz: String,
    trend: String,
    /// N/T in words with the gain against the KBM.
    trend_text: String,
    flagged: bool,
    /// Which scores are flagged (TB/U, BB/U, BB/TB).
    flags: String,
    stunted: bool,
    bgm: bool,
    oedema: bool,
    /// Weighed away from the child's Posyandu ("luar wilayah"): where.
    away: String,
}

fn z(lang: Lang, v: Option<f64>) -> String {
    v.map(|v| num(lang, v, 2)).unwrap_or_else(|| "—".into())
}

fn mrow(lang: Lang, r: &MeasurementRow) -> MRow {
    let m = &r.m;
    let s = r.scores();
    let t = |k: &str| crate::i18n::text(lang, k).to_string();
    let kbm = kbm_grams(completed_months(m.age_days));
    let trend_text = match (r.trend, r.gain_g) {
        (Some(Trend::N), Some(g)) => format!("{} {} g (KBM {kbm} g)", t("trend.n_long"), signed(lang, g as f64, 0)),
        (Some(Trend::T), Some(g)) => format!("{} {} g (KBM {kbm} g)", t("trend.t_long"), signed(lang, g as f64, 0)),
        (Some(Trend::O), _) => t("trend.o_long"),
        (Some(Trend::B), _) => t("trend.b_long"),
        (Some(x), _) => x.as_str().to_string(),
        (None, _) => String::new(),
    };
    let mut flags = Vec::new();
    if s.haz_flag {
        flags.push("TB/U");
    }
    if s.waz_flag {
        flags.push("BB/U");
    }
    if s.whz_flag {
        flags.push("BB/TB");
    }
    MRow {
        away: r.away_at.clone().unwrap_or_default(),
        id: m.id,
        date: m.measured_on.format("%d/%m/%Y").to_string(),
        age: age_label(lang, m.age_days),
        weight: m.weight.map(|w| format!("{} kg", num(lang, w, 1))).unwrap_or_default(),
        height: m
            .height
            .map(|h| {
                let p = match m.position.as_deref() {
                    Some("L") => " (PB)",
                    Some("H") => " (TB)",
                    _ => "",
                };
                format!("{} cm{p}", num(lang, h, 1))
            })
            .unwrap_or_default(),
        muac: m.muac.map(|v| format!("{} cm", num(lang, v, 1))).unwrap_or_default(),
        head: m.head.map(|v| format!("{} cm", num(lang, v, 1))).unwrap_or_default(),
        haz: z(lang, m.haz),
        haz_cat: s
            .haz_category()
            .map(|c| category(lang, c.indonesian(), c.english()))
            .unwrap_or_else(|| {
                if s.haz_flag {
                    t("measure.recheck").to_lowercase()
                } else {
                    String::new()
                }
            }),
        waz: z(lang, m.waz),
        waz_cat: s
            .waz_category()
            .map(|c| category(lang, c.indonesian(), c.english()))
            .unwrap_or_else(|| {
                if s.waz_flag {
                    t("measure.recheck").to_lowercase()
                } else {
                    String::new()
                }
            }),
        whz: z(lang, m.whz),
        whz_cat: s
            .whz_category()
            .map(|c| category(lang, c.indonesian(), c.english()))
            .unwrap_or_else(|| {
                if s.whz_flag {
                    t("measure.recheck").to_lowercase()
                } else {
                    String::new()
                }
            }),
        baz: z(lang, m.bmiz),
        trend: r.trend.map(|t| t.as_str().to_string()).unwrap_or_default(),
        trend_text,
        flagged: s.flagged(),
        flags: flags.join(", "),
        stunted: s.stunted(),
        bgm: s.bgm(),
        oedema: m.oedema,
    }
}

/// A growth chart of one measure over age (months), drawn on the server.
struct Chart {
    id: &'static str,
    title: &'static str,
    unit: &'static str,
    /// `x,y` pairs of the line.
    points: String,
    dots: Vec<(i64, i64, bool, String)>,
    x_ticks: Vec<(i64, String)>,
    y_ticks: Vec<(i64, String)>,
}

const CW: f64 = 320.0;
const CH: f64 = 160.0;
const CX0: f64 = 36.0;
const CY0: f64 = 10.0;

fn chart(
    lang: Lang,
    id: &'static str,
    title: &'static str,
    unit: &'static str,
    rows: &[MeasurementRow],
    value: impl Fn(&MeasurementRow) -> Option<(f64, bool)>,
) -> Option<Chart> {
    let pts: Vec<(f64, f64, bool)> = rows
        .iter()
        .filter_map(|r| value(r).map(|(v, bad)| (r.m.age_days as f64 / 30.4375, v, bad)))
        .collect();
    if pts.is_empty() {
        return None;
    }
    let max_age = pts.iter().map(|p| p.0).fold(0.0_f64, f64::max);
    let x_max = ((max_age / 6.0).ceil() * 6.0).max(12.0);
    let lo = pts.iter().map(|p| p.1).fold(f64::MAX, f64::min);
    let hi = pts.iter().map(|p| p.1).fold(f64::MIN, f64::max);
    let step = if hi - lo > 30.0 {
        10.0
    } else if hi - lo > 8.0 {
        5.0
    } else {
        1.0
    };
    let y_min = ((lo - step) / step).floor() * step;
    let y_max = ((hi + step) / step).ceil() * step;
    let x = |a: f64| (CX0 + a / x_max * CW).round() as i64;
    let y = |v: f64| (CY0 + CH - (v - y_min) / (y_max - y_min) * CH).round() as i64;
    let points = pts
        .iter()
        .map(|p| format!("{},{}", x(p.0), y(p.1)))
        .collect::<Vec<_>>()
        .join(" ");
    let dots = pts
        .iter()
        .map(|p| (x(p.0), y(p.1), p.2, format!("{} {unit}", num(lang, p.1, 1))))
        .collect();
    let x_ticks = (0..=(x_max as i64))
        .step_by(if x_max > 36.0 { 12 } else { 6 })
        .map(|m| (x(m as f64), m.to_string()))
        .collect();
    let mut y_ticks = Vec::new();
    let mut v = y_min;
    while v <= y_max + 1e-9 {
        y_ticks.push((y(v), num(lang, v, 0)));
        v += step;
    }
    Some(Chart {
        id,
        title,
        unit,
        points,
        dots,
        x_ticks,
        y_ticks,
    })
}

// --- children --------------------------------------------------------------------------------

#[derive(Deserialize, Default)]
pub struct ChildrenQuery {
    #[serde(default)]
    q: String,
    #[serde(default)]
    posyandu: String,
    /// `full` asks an export for the NIK in full (honoured for admin and dinkes only).
    #[serde(default)]
    nik: String,
    /// Back from moving a child away.
    #[serde(default)]
    moved: String,
}

#[derive(Template)]
#[template(path = "nutrition/children.html")]
struct ChildrenPage {
    title: String,
    ctx: Ctx,
    q: String,
    posyandu: String,
    posyandu_list: Vec<Org>,
    /// The child, its age, and whether it is past five (no longer weighed here).
    rows: Vec<(Child, String, bool)>,
    can_register: bool,
    /// Whether the export form offers the NIK in full.
    full_nik_offered: bool,
}

pub async fn children(
    State(st): State<AppState>,
    s: SignedIn,
    Query(q): Query<ChildrenQuery>,
) -> Result<Response, PageError> {
    let posyandu = q.posyandu.trim().parse::<i64>().ok();
    let list = app::nutrition::search(&st.app, &s.actor, &q.q, posyandu).await?;
    let posyandu_list = app::nutrition::posyandu_choices(&st.app, &s.actor).await?;
    let lang = s.visitor.lang;
    let today = st.app.clock().today_for(&s.actor);
    let mut ctx = Ctx::new(&s.visitor);
    if !q.moved.is_empty() {
        ctx = ctx.with_flash("children.moved");
    }
    let mut rows: Vec<(Child, String, bool)> = list
        .into_iter()
        .map(|c| {
            let days = (today - c.birth_date).num_days();
            (c, age_label(lang, days), days > domain::nutrition::MAX_AGE_DAYS)
        })
        .collect();
    // Children still weighed first; those past five after them.
    rows.sort_by_key(|r| r.2);
    Ok(render(&ChildrenPage {
        title: ctx.t("children.title").into(),
        can_register: !posyandu_list.is_empty(),
        full_nik_offered: app::children::may_show_full_nik(&s.actor),
        rows,
        q: q.q,
        posyandu: q.posyandu,
        posyandu_list,
        ctx,
    }))
}

/// A registered child that looks like the one being registered.
struct Duplicate {
    id: i64,
    /// Readable by the visitor (in its area); otherwise only the Posyandu is named.
    visible: bool,
    name: String,
    birth_date: String,
    mother: String,
    posyandu: String,
    place: String,
    same_nik: bool,
}

#[derive(Template)]
#[template(path = "nutrition/child_form.html")]
struct ChildFormPage {
    title: String,
    ctx: Ctx,
    action: String,
    cancel: String,
    form: ChildForm,
    errs: Errs,
    posyandu_list: Vec<Org>,
    duplicates: Vec<Duplicate>,
    /// Registering anyway is offered unless the same NIK is registered.
    may_confirm: bool,
    is_new: bool,
    nik_masked: bool,
}

impl ChildFormPage {
    fn field_class(&self, field: &str) -> &'static str {
        if self.errs.on(field).is_some() { "true" } else { "false" }
    }
}

#[allow(clippy::too_many_arguments)]
async fn child_form(
    st: &AppState,
    s: &SignedIn,
    id: Option<i64>,
    form: ChildForm,
    errs: Errs,
    duplicates: Vec<Duplicate>,
    status: Option<StatusCode>,
) -> Result<Response, PageError> {
    let ctx = Ctx::new(&s.visitor);
    let mut posyandu_list = app::nutrition::posyandu_choices(&st.app, &s.actor).await?;
    posyandu_list.sort_by(|a, b| a.name.cmp(&b.name));
    let (title, action, cancel) = match id {
        Some(id) => (
            ctx.t("children.edit").to_string(),
            format!("/children/{id}/edit"),
            format!("/children/{id}"),
        ),
        None => (
            ctx.t("children.new").to_string(),
            "/children".into(),
            "/children".into(),
        ),
    };
    let may_confirm = !duplicates.is_empty() && !duplicates.iter().any(|d| d.same_nik);
    let status = status.unwrap_or(errs.status());
    Ok(render_status(
        status,
        &ChildFormPage {
            title,
            ctx,
            action,
            cancel,
            nik_masked: form.nik.contains('•') || form.mother_nik.contains('•'),
            form,
            errs,
            posyandu_list,
            duplicates,
            may_confirm,
            is_new: id.is_none(),
        },
    ))
}

#[derive(Deserialize, Default)]
pub struct NewChildQuery {
    #[serde(default)]
    posyandu: String,
    #[serde(default)]
    name: String,
}

pub async fn new_child(
    State(st): State<AppState>,
    s: SignedIn,
    Query(q): Query<NewChildQuery>,
) -> Result<Response, PageError> {
    if !app::nutrition::reads_names(&s.actor) {
        return Err(app::AppError::Forbidden.into());
    }
    let choices = app::nutrition::posyandu_choices(&st.app, &s.actor).await?;
    let posyandu_id = if !q.posyandu.trim().is_empty() {
        q.posyandu.trim().to_string()
    } else if let Some(o) = s.actor.org_id.filter(|o| choices.iter().any(|c| c.id == *o)) {
        o.to_string()
    } else if choices.len() == 1 {
        choices[0].id.to_string()
    } else {
        String::new()
    };
    let form = ChildForm {
        posyandu_id,
        name: q.name,
        ..Default::default()
    };
    child_form(&st, &s, None, form, Errs::none(), Vec::new(), None).await
}

#[derive(Deserialize, Default)]
pub struct ChildPost {
    #[serde(flatten)]
    form: ChildForm,
    #[serde(default)]
    confirm_new: String,
}

pub async fn create_child(
    State(st): State<AppState>,
    s: SignedIn,
    CsrfForm(p): CsrfForm<ChildPost>,
) -> Result<Response, PageError> {
    let confirm = matches!(p.confirm_new.trim(), "1" | "on" | "true");
    match app::nutrition::register_child(&st.app, &s.actor, &p.form, confirm).await {
        Ok(Registration::Created(id)) => Ok(Redirect::to(&format!("/children/{id}?registered=1")).into_response()),
        Ok(Registration::Duplicates(list)) => {
            let nik = p.form.nik.trim().to_string();
            let duplicates = list
                .into_iter()
                .map(|d| {
                    let visible = area_contains(&s.actor.area, d.posyandu_id, &d.desa_code);
                    let same_nik = !nik.is_empty() && d.nik.as_deref() == Some(nik.as_str());
                    let place = [
                        d.desa_name.clone().unwrap_or_default(),
                        d.rt.clone().map(|r| format!("RT {r}")).unwrap_or_default(),
                    ]
                    .iter()
                    .filter(|x| !x.is_empty())
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(", ");
                    Duplicate {
                        id: d.id,
                        name: if visible { d.name.clone() } else { String::new() },
                        birth_date: d.birth_date.format("%d/%m/%Y").to_string(),
                        mother: if visible {
                            d.mother_name.clone().unwrap_or_default()
                        } else {
                            String::new()
                        },
                        posyandu: d.posyandu_name.clone(),
                        place: if visible { place } else { String::new() },
                        visible,
                        same_nik,
                    }
                })
                .collect();
            child_form(
                &st,
                &s,
                None,
                p.form,
                Errs::none(),
                duplicates,
                Some(StatusCode::CONFLICT),
            )
            .await
        }
        Ok(Registration::NikElsewhere) => {
            // Only that the NIK exists elsewhere, and what to do about it.
            let inv = domain::Invalid::one("nik", "children.nik_elsewhere");
            child_form(
                &st,
                &s,
                None,
                p.form,
                Errs::new(s.visitor.lang, inv),
                Vec::new(),
                Some(StatusCode::CONFLICT),
            )
            .await
        }
        Err(e) => {
            let inv = split_invalid(e)?;
            child_form(&st, &s, None, p.form, Errs::new(s.visitor.lang, inv), Vec::new(), None).await
        }
    }
}

fn form_of(v: &ChildView) -> ChildForm {
    let c = &v.child;
    let opt = |o: &Option<String>| o.clone().unwrap_or_default();
    let dec = |o: Option<f64>| o.map(|x| format!("{x}")).unwrap_or_default();
    ChildForm {
        name: c.name.clone(),
        sex: c.sex.clone(),
        birth_date: c.birth_date.to_string(),
        nik: opt(&v.nik),
        birth_weight: dec(c.birth_weight),
        birth_length: dec(c.birth_length),
        mother_name: opt(&c.mother_name),
        mother_nik: opt(&v.mother_nik),
        kk_number: opt(&c.kk_number),
        posyandu_id: c.posyandu_id.to_string(),
        rt: opt(&c.rt),
        rw: opt(&c.rw),
        address: opt(&c.address),
        has_kia: if c.has_kia { "on".into() } else { String::new() },
        ..Default::default()
    }
}

pub async fn edit_child(State(st): State<AppState>, s: SignedIn, Path(id): Path<i64>) -> Result<Response, PageError> {
    let v = app::nutrition::child(&st.app, &s.actor, id).await?;
    if !v.can_write {
        return Err(app::AppError::Forbidden.into());
    }
    child_form(&st, &s, Some(id), form_of(&v), Errs::none(), Vec::new(), None).await
}

pub async fn update_child(
    State(st): State<AppState>,
    s: SignedIn,
    Path(id): Path<i64>,
    CsrfForm(p): CsrfForm<ChildPost>,
) -> Result<Response, PageError> {
    match app::nutrition::update_child(&st.app, &s.actor, id, &p.form).await {
        Ok(()) => Ok(Redirect::to(&format!("/children/{id}")).into_response()),
        Err(e) => {
            let inv = split_invalid(e)?;
            child_form(
                &st,
                &s,
                Some(id),
                p.form,
                Errs::new(s.visitor.lang, inv),
                Vec::new(),
                None,
            )
            .await
        }
    }
}

// --- the child's page ------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "nutrition/child.html")]
struct ChildPage {
    title: String,
    ctx: Ctx,
    v: ChildView,
    age: String,
    rows: Vec<MRow>,
    /// The measurement just saved (or the latest), shown at the top.
    result: Option<MRow>,
    just_saved: bool,
    kbm: String,
    charts: Vec<Chart>,
    followups: ChildFollowups,
    assign: Option<AssignChoices>,
    assign_form: AssignForm,
    /// (label, [(value, label)]) of the owner picker: one group per organisation.
    owner_groups: Vec<(String, Vec<(String, String)>)>,
    meeting_options: Vec<(String, String)>,
    reason_options: Vec<(String, String)>,
    /// Posyandu the child may be moved to (those of its kabupaten), when the reader may move it.
    move_targets: Vec<(i64, String)>,
    errs: Errs,
}

#[derive(Deserialize, Default)]
pub struct ChildQuery {
    #[serde(default)]
    saved: String,
    #[serde(default)]
    registered: String,
}

async fn child_page(
    st: &AppState,
    s: &SignedIn,
    id: i64,
    q: &ChildQuery,
    errs: Errs,
    assign_form: Option<AssignForm>,
) -> Result<Response, PageError> {
    let v = app::nutrition::child(&st.app, &s.actor, id).await?;
    let lang = s.visitor.lang;
    let saved: Option<i64> = q.saved.trim().parse().ok();
    let mut ctx = Ctx::new(&s.visitor);
    if saved.is_some() {
        ctx = ctx.with_flash("measure.saved");
    } else if !q.registered.is_empty() {
        ctx = ctx.with_flash("children.registered");
    }
    let result_row = saved.and_then(|m| v.rows.iter().find(|r| r.m.id == m)).or(v.latest());
    let kbm = result_row
        .map(|r| format!("{} g", kbm_grams(completed_months(r.m.age_days))))
        .unwrap_or_default();
    let result = result_row.map(|r| mrow(lang, r));
    let mut charts = Vec::new();
    if let Some(c) = chart(lang, "chart-weight", "children.chart_weight", "kg", &v.rows, |r| {
        r.m.weight.map(|w| (w, r.scores().bgm()))
    }) {
        charts.push(c);
    }
    if let Some(c) = chart(lang, "chart-height", "children.chart_height", "cm", &v.rows, |r| {
        r.m.height.map(|h| (h, r.scores().stunted()))
    }) {
        charts.push(c);
    }
    let followups = app::followup::of_child(&st.app, &s.actor, id).await?;
    let assign = if v.can_write {
        Some(app::followup::assign_choices(&st.app, &s.actor, id).await?)
    } else {
        None
    };
    let assign_form = assign_form.unwrap_or_else(|| AssignForm {
        meeting_id: assign
            .as_ref()
            .and_then(|a| a.default_meeting)
            .map(|m| m.to_string())
            .unwrap_or_default(),
        what: assign.as_ref().map(|a| a.what.clone()).unwrap_or_default(),
        due_on: assign.as_ref().map(|a| a.due_on.to_string()).unwrap_or_default(),
        reason: assign
            .as_ref()
            .and_then(|a| a.reasons.first())
            .map(|r| r.as_str().to_string())
            .unwrap_or_default(),
        ..Default::default()
    });
    let t = |k: &str| crate::i18n::text(lang, k).to_string();
    let owner_groups = assign
        .as_ref()
        .map(|a| {
            a.owners
                .iter()
                .map(|o| {
                    let mut opts: Vec<(String, String)> = o
                        .people
                        .iter()
                        .map(|(pid, name, title)| {
                            let label = if title.is_empty() {
                                name.clone()
                            } else {
                                format!("{name} — {title}")
                            };
                            (format!("{}:{pid}", o.org.id), label)
                        })
                        .collect();
                    opts.push((
                        o.org.id.to_string(),
                        format!("{} ({})", o.org.name, t("followup.org_only")),
                    ));
                    (format!("{} — {}", t(&format!("owner.{}", o.role)), o.org.name), opts)
                })
                .collect()
        })
        .unwrap_or_default();
    let meeting_options = assign
        .as_ref()
        .map(|a| {
            a.meetings
                .iter()
                .map(|m| {
                    (
                        m.id.to_string(),
                        format!("{} ({}) — {}", m.title, m.held_on.format("%d/%m/%Y"), m.host_name),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    let reason_options = Reason::ALL
        .iter()
        .map(|r| (r.as_str().to_string(), t(&format!("reason.{}", r.as_str()))))
        .collect();
    let move_targets = if v.can_move {
        app::nutrition::move_targets(&st.app, &s.actor, id)
            .await?
            .into_iter()
            .map(|o| {
                let place = o.region_name.clone().unwrap_or_default();
                (o.id, format!("{} — {place}", o.name))
            })
            .collect()
    } else {
        Vec::new()
    };
    let today = st.app.clock().today_for(&s.actor);
    let status = errs.status();
    Ok(render_status(
        status,
        &ChildPage {
            move_targets,
            owner_groups,
            meeting_options,
            reason_options,
            title: v.child.name.clone(),
            age: age_label(lang, (today - v.child.birth_date).num_days()),
            rows: v.rows.iter().rev().map(|r| mrow(lang, r)).collect(),
            just_saved: saved.is_some() && result.is_some(),
            result,
            kbm,
            charts,
            followups,
            assign,
            assign_form,
            errs,
            ctx,
            v,
        },
    ))
}

pub async fn child(
    State(st): State<AppState>,
    s: SignedIn,
    Path(id): Path<i64>,
    Query(q): Query<ChildQuery>,
) -> Result<Response, PageError> {
    child_page(&st, &s, id, &q, Errs::none(), None).await
}

#[derive(Deserialize, Default)]
pub struct MovePost {
    #[serde(default)]
    to: String,
    /// A Posyandu of another kabupaten, by its code.
    #[serde(default)]
    to_code: String,
    #[serde(default)]
    reason: String,
}

/// POST /children/{id}/move: the child moves for good to another Posyandu.
pub async fn move_child(
    State(st): State<AppState>,
    s: SignedIn,
    Path(id): Path<i64>,
    CsrfForm(p): CsrfForm<MovePost>,
) -> Result<Response, PageError> {
    let r = match app::nutrition::move_target(&st.app, p.to.trim(), p.to_code.trim()).await {
        Ok(to) => app::nutrition::move_child(&st.app, &s.actor, id, to, &p.reason).await,
        Err(e) => Err(e),
    };
    // The child may now be outside the mover's reach: back to the children's list.
    let r = r.map(|()| "/children?moved=1".to_string());
    child_write_outcome(&st, &s, id, r).await
}

/// After a write from a child's page: on to `Ok(location)`, or the page again with the problems.
async fn child_write_outcome(
    st: &AppState,
    s: &SignedIn,
    id: i64,
    r: Result<String, app::AppError>,
) -> Result<Response, PageError> {
    match r {
        Ok(to) => Ok(Redirect::to(&to).into_response()),
        Err(e) => {
            let inv = split_invalid(e)?;
            child_page(st, s, id, &ChildQuery::default(), Errs::new(s.visitor.lang, inv), None).await
        }
    }
}

#[derive(Deserialize, Default)]
pub struct MergePost {
    #[serde(default)]
    into: String,
}

pub async fn merge(
    State(st): State<AppState>,
    s: SignedIn,
    Path(id): Path<i64>,
    CsrfForm(p): CsrfForm<MergePost>,
) -> Result<Response, PageError> {
    let r = match p.into.trim().trim_start_matches('#').parse::<i64>() {
        Ok(into) => app::nutrition::merge(&st.app, &s.actor, id, into).await.map(|_| into),
        Err(_) => Err(Invalid::one("into", "required").into()),
    };
    child_write_outcome(&st, &s, id, r.map(|into| format!("/children/{into}"))).await
}

pub async fn assign(
    State(st): State<AppState>,
    s: SignedIn,
    Path(id): Path<i64>,
    CsrfForm(f): CsrfForm<AssignForm>,
) -> Result<Response, PageError> {
    match app::followup::assign(&st.app, &s.actor, id, &f).await {
        Ok(_) => Ok(Redirect::to(&format!("/children/{id}#followup")).into_response()),
        Err(e) => {
            let inv = split_invalid(e)?;
            child_page(
                &st,
                &s,
                id,
                &ChildQuery::default(),
                Errs::new(s.visitor.lang, inv),
                Some(f),
            )
            .await
        }
    }
}

// --- the measurement form --------------------------------------------------------------------

#[derive(Template)]
#[template(path = "nutrition/measure.html")]
struct MeasurePage {
    title: String,
    ctx: Ctx,
    v: ChildView,
    age: String,
    last: Option<MRow>,
    form: MeasurementForm,
    errs: Errs,
    today: String,
    /// Lying (PB) is the default under two years.
    lying_default: bool,
}

impl MeasurePage {
    fn invalid(&self, field: &str) -> &'static str {
        if self.errs.on(field).is_some() { "true" } else { "false" }
    }
}

async fn measure_page(
    st: &AppState,
    s: &SignedIn,
    id: i64,
    form: MeasurementForm,
    errs: Errs,
) -> Result<Response, PageError> {
    let v = app::nutrition::child(&st.app, &s.actor, id).await?;
    if !v.can_write {
        return Err(app::AppError::Forbidden.into());
    }
    let lang = s.visitor.lang;
    let today = st.app.clock().today_for(&s.actor);
    let ctx = Ctx::new(&s.visitor);
    let status = errs.status();
    Ok(render_status(
        status,
        &MeasurePage {
            title: format!("{} — {}", ctx.t("measure.title"), v.child.name),
            age: age_label(lang, v.age_days),
            last: v.latest().map(|r| mrow(lang, r)),
            lying_default: v.age_days < 731,
            today: today.to_string(),
            form,
            errs,
            ctx,
            v,
        },
    ))
}

pub async fn measure(State(st): State<AppState>, s: SignedIn, Path(id): Path<i64>) -> Result<Response, PageError> {
    let form = MeasurementForm {
        measured_on: st.app.clock().today_for(&s.actor).to_string(),
        ..Default::default()
    };
    measure_page(&st, &s, id, form, Errs::none()).await
}

pub async fn record(
    State(st): State<AppState>,
    s: SignedIn,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<MeasurementForm>,
) -> Result<Response, PageError> {
    match app::nutrition::record(&st.app, &s.actor, id, &form).await {
        Ok(r) => Ok(Redirect::to(&format!("/children/{id}?saved={}#result", r.id)).into_response()),
        Err(e) => {
            let inv = split_invalid(e)?;
            measure_page(&st, &s, id, form, Errs::new(s.visitor.lang, inv)).await
        }
    }
}

// --- follow-up list --------------------------------------------------------------------------

#[derive(Deserialize, Default)]
pub struct FollowupQuery {
    #[serde(default)]
    posyandu: String,
    #[serde(default)]
    kind: String,
    /// `full` asks an export for the NIK in full (honoured for admin and dinkes only).
    #[serde(default)]
    nik: String,
}

impl FollowupQuery {
    fn filter(&self) -> FollowupFilter {
        FollowupFilter {
            posyandu_id: self.posyandu.trim().parse().ok(),
            reason: Reason::parse(&self.kind),
        }
    }
}

#[derive(Template)]
#[template(path = "nutrition/followup.html")]
struct FollowupPage {
    title: String,
    ctx: Ctx,
    rows: Vec<(FollowupRow, MRow, String)>,
    posyandu: String,
    kind: String,
    posyandu_list: Vec<Org>,
    reasons: &'static [Reason],
    /// Whether the export form offers the NIK in full.
    full_nik_offered: bool,
}

impl FollowupPage {
    fn reason_label(&self, r: &Reason) -> String {
        self.ctx.tk("reason", r.as_str())
    }
}

pub async fn followup(
    State(st): State<AppState>,
    s: SignedIn,
    Query(q): Query<FollowupQuery>,
) -> Result<Response, PageError> {
    let list = app::followup::list(&st.app, &s.actor, &q.filter()).await?;
    let mut posyandu_list = app::nutrition::posyandu_choices(&st.app, &s.actor).await?;
    posyandu_list.sort_by(|a, b| a.name.cmp(&b.name));
    let lang = s.visitor.lang;
    let today = st.app.clock().today_for(&s.actor);
    let ctx = Ctx::new(&s.visitor);
    let rows = list
        .into_iter()
        .map(|r| {
            let m = mrow(
                lang,
                &MeasurementRow {
                    m: r.latest.clone(),
                    trend: None,
                    gain_g: None,
                    away_at: None,
                },
            );
            let age = age_label(lang, (today - r.child.birth_date).num_days());
            (r, m, age)
        })
        .collect();
    Ok(render(&FollowupPage {
        title: ctx.t("followup.title").into(),
        rows,
        posyandu: q.posyandu,
        kind: q.kind,
        posyandu_list,
        reasons: Reason::ALL,
        full_nik_offered: app::children::may_show_full_nik(&s.actor),
        ctx,
    }))
}

// --- by-name exports -------------------------------------------------------------------------

/// `nik=full`: the NIK in full is asked for (the app decides whether it is given).
fn wants_full_nik(v: &str) -> bool {
    v.trim() == "full"
}

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// A by-name file: a download that no shared cache keeps.
fn private_download(ct: &str, name: &str, bytes: Vec<u8>) -> Response {
    let mut r = download(ct, name, bytes);
    r.headers_mut().insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static("private, no-store"),
    );
    r
}

fn internal(e: impl std::fmt::Display) -> PageError {
    PageError::App(app::AppError::Internal(e.to_string()))
}

/// A child as the exports write it (NIK as the app gave it: masked or in full), with the date
/// and weight of `m` and the length/height and its z-score of `length`.
fn child_line(
    ctx: &Ctx,
    today: NaiveDate,
    c: &Child,
    m: Option<&store::nutrition::StoredMeasurement>,
    length: Option<&store::nutrition::StoredMeasurement>,
) -> ChildLine {
    let length = length.filter(|l| l.height.is_some());
    ChildLine {
        name: c.name.clone(),
        sex: ctx.tk("sex", &c.sex),
        birth_date: c.birth_date,
        age_months: completed_months((today - c.birth_date).num_days()),
        nik: c.nik.clone().unwrap_or_default(),
        mother_name: c.mother_name.clone().unwrap_or_default(),
        mother_nik: c.mother_nik.clone().unwrap_or_default(),
        address: c.address.clone().unwrap_or_default(),
        rt: c.rt.clone().unwrap_or_default(),
        rw: c.rw.clone().unwrap_or_default(),
        desa: c.desa_name.clone().unwrap_or_else(|| c.desa_code.clone()),
        posyandu: c.posyandu_name.clone(),
        kia: ctx.t(if c.has_kia { "common.yes" } else { "common.no" }).to_string(),
        reasons: String::new(),
        measured_on: m.map(|m| m.measured_on),
        weight: m.and_then(|m| m.weight),
        height_on: length.map(|l| l.measured_on),
        height: length.and_then(|l| l.height),
        haz: length.and_then(|l| l.haz),
        followup_by: String::new(),
        followup_status: String::new(),
    }
}

fn followup_lines(ctx: &Ctx, x: &app::children::FollowupExport) -> Vec<ChildLine> {
    x.lines
        .iter()
        .map(|l| {
            let mut line = child_line(ctx, x.today, &l.row.child, Some(&l.row.latest), l.row.length.as_ref());
            line.reasons = l
                .row
                .reasons
                .iter()
                .map(|r| ctx.tk("reason", r.as_str()))
                .collect::<Vec<_>>()
                .join("; ");
            if let Some(a) = &l.assigned {
                line.followup_by = match &a.responsible {
                    Some(r) => format!("{} — {r}", a.owner),
                    None => a.owner.clone(),
                };
                line.followup_status = if a.overdue {
                    format!("{} ({})", ctx.tk("astatus", &a.status), ctx.t("actions.overdue"))
                } else {
                    ctx.tk("astatus", &a.status)
                };
            }
            line
        })
        .collect()
}

/// Place, filter, date and how the NIK is shown: the line under an export's title.
fn export_subtitle(
    ctx: &Ctx,
    posyandu: Option<&Org>,
    reason: Option<Reason>,
    today: NaiveDate,
    full_nik: bool,
) -> String {
    let mut parts: Vec<String> = vec![match posyandu {
        Some(p) => p.name.clone(),
        None => ctx.t("children.all_posyandu").to_string(),
    }];
    if let Some(r) = reason {
        parts.push(ctx.tk("reason", r.as_str()));
    }
    parts.push(today.format("%d/%m/%Y").to_string());
    parts.push(
        ctx.t(if full_nik {
            "export.nik_full"
        } else {
            "export.nik_masked"
        })
        .to_string(),
    );
    parts.join(" · ")
}

/// The Posyandu a filter names, when the reader has it among its choices.
async fn filtered_posyandu(st: &AppState, s: &SignedIn, id: Option<i64>) -> Result<Option<Org>, PageError> {
    let Some(id) = id else {
        return Ok(None);
    };
    let list = app::nutrition::posyandu_choices(&st.app, &s.actor).await?;
    Ok(list.into_iter().find(|p| p.id == id))
}

fn export_name(stem: &str, posyandu: Option<i64>, today: NaiveDate, ext: &str) -> String {
    match posyandu {
        Some(p) => format!("{stem}-posyandu-{p}-{today}.{ext}"),
        None => format!("{stem}-{today}.{ext}"),
    }
}

/// GET /followup.csv: the follow-up list as CSV (NIK masked unless asked and allowed).
pub async fn followup_csv(
    State(st): State<AppState>,
    s: SignedIn,
    Query(q): Query<FollowupQuery>,
) -> Result<Response, PageError> {
    let f = q.filter();
    let x = app::children::followup(&st.app, &s.actor, &f, Format::Csv, wants_full_nik(&q.nik)).await?;
    let ctx = Ctx::new(&s.visitor);
    let label = |c: Column| ctx.tk("export.col", c.key());
    let bytes =
        interop::children::to_csv(&interop::children::FOLLOWUP, &label, &followup_lines(&ctx, &x)).map_err(internal)?;
    Ok(private_download(
        "text/csv; charset=utf-8",
        &export_name("tindak-lanjut-gizi", f.posyandu_id, x.today, "csv"),
        bytes,
    ))
}

/// GET /followup.xlsx: the follow-up list as a workbook.
pub async fn followup_xlsx(
    State(st): State<AppState>,
    s: SignedIn,
    Query(q): Query<FollowupQuery>,
) -> Result<Response, PageError> {
    let f = q.filter();
    let x = app::children::followup(&st.app, &s.actor, &f, Format::Xlsx, wants_full_nik(&q.nik)).await?;
    let posyandu = filtered_posyandu(&st, &s, f.posyandu_id).await?;
    let ctx = Ctx::new(&s.visitor);
    let label = |c: Column| ctx.tk("export.col", c.key());
    let bytes = interop::children::to_xlsx(
        ctx.t("export.sheet_followup"),
        ctx.t("export.title_followup"),
        &export_subtitle(&ctx, posyandu.as_ref(), f.reason, x.today, x.full_nik),
        &interop::children::FOLLOWUP,
        &label,
        &followup_lines(&ctx, &x),
    )
    .map_err(internal)?;
    Ok(private_download(
        XLSX,
        &export_name("tindak-lanjut-gizi", f.posyandu_id, x.today, "xlsx"),
        bytes,
    ))
}

/// One child of the printed follow-up list, its latest measurement in words.
struct PrintLine {
    l: ChildLine,
    /// Day and weight of the latest measurement.
    weighed: String,
    /// The latest length/height, its z-score and (when earlier) its day.
    length: String,
}

#[derive(Template)]
#[template(path = "nutrition/followup_print.html")]
struct FollowupPrint {
    title: String,
    ctx: Ctx,
    back: String,
    subtitle: String,
    lines: Vec<PrintLine>,
    full_nik: bool,
}

impl FollowupPrint {
    fn col(&self, key: &str) -> String {
        self.ctx.tk("export.col", key)
    }
}

/// GET /followup/print: the follow-up list on paper for the field teams, with room to note
/// each visit.
pub async fn followup_print(
    State(st): State<AppState>,
    s: SignedIn,
    Query(q): Query<FollowupQuery>,
) -> Result<Response, PageError> {
    let f = q.filter();
    let x = app::children::followup(&st.app, &s.actor, &f, Format::Print, wants_full_nik(&q.nik)).await?;
    let posyandu = filtered_posyandu(&st, &s, f.posyandu_id).await?;
    let lang = s.visitor.lang;
    let ctx = Ctx::new(&s.visitor);
    let lines = followup_lines(&ctx, &x)
        .into_iter()
        .map(|l| {
            let mut weighed: Vec<String> = Vec::new();
            if let Some(d) = l.measured_on {
                weighed.push(d.format("%d/%m/%Y").to_string());
            }
            if let Some(w) = l.weight {
                weighed.push(format!("{} kg", num(lang, w, 1)));
            }
            let mut length: Vec<String> = Vec::new();
            if let Some(h) = l.height {
                length.push(format!("{} cm", num(lang, h, 1)));
            }
            if let Some(z) = l.haz {
                length.push(format!("TB/U {}", num(lang, z, 2)));
            }
            if let Some(d) = l.height_on.filter(|d| Some(*d) != l.measured_on) {
                length.push(format!("({})", d.format("%d/%m/%Y")));
            }
            PrintLine {
                weighed: weighed.join(" · "),
                length: length.join(" "),
                l,
            }
        })
        .collect();
    // Back to the list as filtered (from the parsed filter, never the raw query).
    let mut params: Vec<String> = Vec::new();
    if let Some(p) = f.posyandu_id {
        params.push(format!("posyandu={p}"));
    }
    if let Some(r) = f.reason {
        params.push(format!("kind={r}"));
    }
    let back = if params.is_empty() {
        "/followup".to_string()
    } else {
        format!("/followup?{}", params.join("&"))
    };
    Ok(render(&FollowupPrint {
        title: ctx.t("export.title_followup").to_string(),
        back,
        subtitle: export_subtitle(&ctx, posyandu.as_ref(), f.reason, x.today, x.full_nik),
        lines,
        full_nik: x.full_nik,
        ctx,
    }))
}

async fn register_export(
    st: &AppState,
    s: &SignedIn,
    q: &ChildrenQuery,
    format: Format,
) -> Result<(RegisterFilter, app::children::RegisterExport), PageError> {
    let f = RegisterFilter {
        q: Some(q.q.clone()),
        posyandu_id: q.posyandu.trim().parse().ok(),
    };
    let x = app::children::register(&st.app, &s.actor, &f, format, wants_full_nik(&q.nik)).await?;
    Ok((f, x))
}

fn register_lines(ctx: &Ctx, x: &app::children::RegisterExport) -> Vec<ChildLine> {
    x.lines
        .iter()
        .map(|l| child_line(ctx, x.today, &l.child, l.latest.as_ref(), l.latest.as_ref()))
        .collect()
}

/// GET /children.csv: the register of the children the list's filters select.
pub async fn children_csv(
    State(st): State<AppState>,
    s: SignedIn,
    Query(q): Query<ChildrenQuery>,
) -> Result<Response, PageError> {
    let (f, x) = register_export(&st, &s, &q, Format::Csv).await?;
    let ctx = Ctx::new(&s.visitor);
    let label = |c: Column| ctx.tk("export.col", c.key());
    let bytes =
        interop::children::to_csv(&interop::children::REGISTER, &label, &register_lines(&ctx, &x)).map_err(internal)?;
    Ok(private_download(
        "text/csv; charset=utf-8",
        &export_name("register-balita", f.posyandu_id, x.today, "csv"),
        bytes,
    ))
}

/// GET /children.xlsx: the register as a workbook.
pub async fn children_xlsx(
    State(st): State<AppState>,
    s: SignedIn,
    Query(q): Query<ChildrenQuery>,
) -> Result<Response, PageError> {
    let (f, x) = register_export(&st, &s, &q, Format::Xlsx).await?;
    let posyandu = filtered_posyandu(&st, &s, f.posyandu_id).await?;
    let ctx = Ctx::new(&s.visitor);
    let label = |c: Column| ctx.tk("export.col", c.key());
    let bytes = interop::children::to_xlsx(
        ctx.t("export.sheet_register"),
        ctx.t("export.title_register"),
        &export_subtitle(&ctx, posyandu.as_ref(), None, x.today, x.full_nik),
        &interop::children::REGISTER,
        &label,
        &register_lines(&ctx, &x),
    )
    .map_err(internal)?;
    Ok(private_download(
        XLSX,
        &export_name("register-balita", f.posyandu_id, x.today, "xlsx"),
        bytes,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_the_indonesian_way() {
        assert_eq!(num(Lang::Id, -2.456, 2), "−2,46");
        assert_eq!(num(Lang::En, 18.44, 1), "18.4");
        assert_eq!(num(Lang::Id, -0.001, 1), "0,0");
        assert_eq!(pct(Lang::Id, None), "—");
        assert_eq!(age_label(Lang::Id, 800), "2 th 2 bl");
        assert_eq!(parse_month("2023-08"), Ok(NaiveDate::from_ymd_opt(2023, 8, 1)));
        assert!(parse_month("Agustus").is_err());
    }

    #[test]
    fn every_export_column_has_a_label() {
        for c in Column::ALL {
            let key = format!("export.col.{}", c.key());
            assert!(crate::i18n::has(&key), "{key}");
        }
        assert!(wants_full_nik("full") && !wants_full_nik("") && !wants_full_nik("1"));
    }
}
