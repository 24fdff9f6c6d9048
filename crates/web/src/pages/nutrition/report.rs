//! The stunting and SKDN report of a place and month: its breakdown, bar chart, the
//! visitor rule, the printable version and the CSV.

use super::*;
use crate::chart::{Trend, TrendPoint};
use domain::nutrition::{STUNTING_TARGET, is_weighing_month};

// --- the report ----------------------------------------------------------------------------

#[derive(Deserialize, Default, Clone)]
pub struct ReportQuery {
    #[serde(default)]
    pub(super) region: String,
    #[serde(default)]
    pub(super) puskesmas: String,
    #[serde(default)]
    pub(super) posyandu: String,
    /// `region:CODE`, `puskesmas:ID` or `posyandu:ID` (the place picker).
    #[serde(default)]
    pub(super) place: String,
    #[serde(default)]
    pub(super) month: String,
    /// `YYYY-MM`, or `none` for no comparison.
    #[serde(default)]
    pub(super) compare: String,
}

pub(super) fn where_param(w: &Where) -> String {
    match w {
        Where::Region(c) => format!("region={c}"),
        Where::Puskesmas(id) => format!("puskesmas={id}"),
        Where::Posyandu(id) => format!("posyandu={id}"),
    }
}

pub(super) fn where_value(w: &Where) -> String {
    where_param(w).replacen('=', ":", 1)
}

/// The place asked for, or the account's own: its region (dinkes, viewer), its Puskesmas,
/// its Posyandu (kader), its organisation's region (partner), the demo district (admin).
pub(super) async fn place_of(st: &AppState, s: &SignedIn, q: &ReportQuery) -> Result<Where, Invalid> {
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
    Ok(match domain::access::home(a) {
        Home::Region(c) => Where::Region(c.to_string()),
        Home::Puskesmas(o) => Where::Puskesmas(o),
        Home::Posyandu(o) => Where::Posyandu(o),
        Home::OrgRegion(o) => match app::org::get(&st.app, a, o).await {
            Ok(v) => Where::Region(v.org.region_code),
            Err(_) => Where::Region(app::demo::district::DISTRICT.into()),
        },
        Home::Unscoped => Where::Region(app::demo::district::DISTRICT.into()),
    })
}

/// One headline figure: a count out of a denominator, as a percentage with its 95% CI.
pub(super) struct Stat {
    pub(super) id: &'static str,
    pub(super) label: &'static str,
    pub(super) count: i64,
    pub(super) den: i64,
    pub(super) pct: String,
    pub(super) ci: String,
    pub(super) sub: String,
}

pub(super) fn prevalence(lang: Lang, id: &'static str, label: &'static str, n: i64, den: i64, sub: String) -> Stat {
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

pub(super) struct CompareView {
    pub(super) month: String,
    pub(super) stunted_before: i64,
    pub(super) stunted_now: i64,
    pub(super) stunted_delta: String,
    pub(super) pct_before: String,
    pub(super) pct_now: String,
    pub(super) pct_delta: String,
    pub(super) measured_before: i64,
    pub(super) measured_now: i64,
}

/// One month of the trend table.
pub(super) struct TrendRow {
    pub(super) key: String,
    pub(super) month: String,
    pub(super) weighing: bool,
    pub(super) current: bool,
    pub(super) t: Tally,
    pub(super) stunting: String,
    pub(super) over: bool,
}

/// The monthly trend of the place: the chart and its table.
pub(super) struct TrendView {
    pub(super) chart: Trend,
    pub(super) rows: Vec<TrendRow>,
}

pub(super) fn trend_of(lang: Lang, r: &Report) -> Option<TrendView> {
    if r.trend.iter().all(|(_, t)| t.measured == 0) {
        return None;
    }
    let points: Vec<TrendPoint> = r
        .trend
        .iter()
        .map(|(m, t)| TrendPoint {
            month: *m,
            pct: Tally::percent(t.stunted, t.haz_n),
            stunted: t.stunted,
            weighing: is_weighing_month(*m),
            current: *m == r.month,
        })
        .collect();
    let rows = points
        .iter()
        .zip(&r.trend)
        .rev()
        .map(|(p, (m, t))| TrendRow {
            key: m.format("%Y-%m").to_string(),
            month: month_label(lang, *m),
            weighing: p.weighing,
            current: p.current,
            t: *t,
            stunting: pct(lang, p.pct),
            over: p.pct.is_some_and(|v| v > STUNTING_TARGET),
        })
        .collect();
    Some(TrendView {
        chart: crate::chart::trend(lang, &points, STUNTING_TARGET),
        rows,
    })
}

pub(super) struct LineView {
    pub(super) key: String,
    pub(super) name: String,
    pub(super) link: String,
    pub(super) t: Tally,
    pub(super) stunting: String,
    pub(super) wasting: String,
    pub(super) underweight: String,
    pub(super) ds: String,
    pub(super) nd: String,
    /// Bar chart geometry (viewBox units).
    pub(super) y: i64,
    pub(super) bar: i64,
    pub(super) has_pct: bool,
    /// `over` the stunting target or `under` it (the bar's colour; the label says it too).
    pub(super) side: &'static str,
    /// The bar's value label ("18,2% ▲" over the target) and where it starts, clear of the
    /// target line.
    pub(super) value: String,
    pub(super) value_x: i64,
}

pub(super) fn lines_of(lang: Lang, r: &Report) -> (Vec<LineView>, Bars) {
    let bars = Bars::new(
        r.lines
            .iter()
            .filter_map(|l| Tally::percent(l.tally.stunted, l.tally.haz_n)),
    );
    let lines = r
        .lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let t = l.tally;
            let p = Tally::percent(t.stunted, t.haz_n);
            let over = p.is_some_and(|p| p > STUNTING_TARGET);
            let value = format!("{}{}", pct(lang, p), if over { " ▲" } else { "" });
            let bar = bars.len(p);
            LineView {
                side: if over { "over" } else { "under" },
                value_x: crate::chart::value_label_x(bar, value.chars().count(), bars.x(STUNTING_TARGET)),
                value,
                key: l.key.clone(),
                name: l.name.clone(),
                link: l.link.clone().unwrap_or_default(),
                stunting: pct(lang, p),
                wasting: pct(lang, Tally::percent(t.wasted, t.whz_n)),
                underweight: pct(lang, Tally::percent(t.underweight, t.waz_n)),
                ds: pct(lang, Tally::percent(t.d, t.s)),
                nd: pct(lang, Tally::percent(t.n, t.d)),
                y: Bars::y(i),
                bar,
                has_pct: p.is_some(),
                t,
            }
        })
        .collect();
    (lines, bars)
}

#[derive(Template)]
#[template(path = "nutrition/report.html")]
pub(super) struct ReportPage {
    pub(super) title: String,
    pub(super) ctx: Ctx,
    pub(super) errs: Errs,
    pub(super) r: Option<Report>,
    pub(super) month_label: String,
    pub(super) month_value: String,
    pub(super) compare_value: String,
    /// (value, label) of the place picker; `place` is the current value.
    pub(super) places: Vec<(String, String)>,
    pub(super) place: String,
    pub(super) query: String,
    pub(super) heads: Vec<Stat>,
    pub(super) skdn: Vec<(&'static str, &'static str, i64)>,
    pub(super) ratios: Vec<(&'static str, &'static str, String)>,
    pub(super) compare: Option<CompareView>,
    pub(super) trend: Option<TrendView>,
    /// No month was asked: the page opened on the last bulan penimbangan with data.
    pub(super) defaulted: bool,
    pub(super) lines: Vec<LineView>,
    pub(super) line_kind: &'static str,
    pub(super) chart_height: i64,
    /// The scale's top (percent) and where the 14% target line falls.
    pub(super) chart_max: String,
    pub(super) target_x: i64,
    pub(super) crumbs: Vec<(String, String)>,
    pub(super) reads_names: bool,
    /// Where children weighed away from home count (`at_home` or `where_weighed`), and
    /// whether the reader may change it.
    pub(super) visitor_rule: &'static str,
    pub(super) may_set_rule: bool,
}

/// Everything the report, its print and CSV versions need.
pub(super) struct Resolved {
    pub(super) place: Where,
    pub(super) month: NaiveDate,
    pub(super) report: Result<Report, Invalid>,
}

pub(super) async fn resolve(st: &AppState, s: &SignedIn, q: &ReportQuery) -> Result<Resolved, PageError> {
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
    // Asked for a month: compare a bulan penimbangan with the one before it. Not asked: the
    // last bulan penimbangan with data, compared with the one with data before it.
    let chosen = match month {
        Some(m) => Ok((m, previous_weighing_month(m))),
        None => app::nutrition::default_months(&st.app, &place)
            .await
            .map(|d| d.unwrap_or((domain::nutrition::month_of(today), None))),
    };
    let (month, default_compare) = match chosen {
        Ok(v) => v,
        Err(e) => {
            return Ok(Resolved {
                place,
                month: domain::nutrition::month_of(today),
                report: Err(split_invalid(e)?),
            });
        }
    };
    let compare = match q.compare.trim() {
        "none" => Ok(None),
        "" => Ok(default_compare),
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

/// The bulan penimbangan before a February (the August before) or an August (that year's
/// February); none for other months.
fn previous_weighing_month(m: NaiveDate) -> Option<NaiveDate> {
    match m.month() {
        8 => NaiveDate::from_ymd_opt(m.year(), 2, 1),
        2 => NaiveDate::from_ymd_opt(m.year() - 1, 8, 1),
        _ => None,
    }
}

pub(super) async fn place_options(st: &AppState, s: &SignedIn, current: &Where, title: &str) -> Vec<(String, String)> {
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
            push(
                format!("region:{}", k.code),
                crate::i18n::fill(s.visitor.lang, "report.kecamatan_of", &[("name", &k.name)]),
            );
        }
    }
    let f = OrgFilter {
        kind: Some(domain::org::OrgKind::Puskesmas),
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

pub(super) async fn crumbs(st: &AppState, s: &SignedIn, place: &Where, month: NaiveDate) -> Vec<(String, String)> {
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

pub(super) fn line_kind(place: &Where) -> &'static str {
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

pub(super) fn heads(lang: Lang, t: &Tally) -> Vec<Stat> {
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

pub(super) fn compare_view(lang: Lang, r: &Report) -> Option<CompareView> {
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
    let (lines, bars) = r
        .as_ref()
        .map(|r| lines_of(lang, r))
        .unwrap_or((Vec::new(), Bars::default()));
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
        skdn: {
            let mut v = skdn_lines(&t);
            v.push(("visitors", "nutrition.skdn_visitors", t.visitors));
            v
        },
        ratios: vec![
            ("ds", "D/S", pct(lang, Tally::percent(t.d, t.s))),
            ("nd", "N/D", pct(lang, Tally::percent(t.n, t.d))),
            ("ks", "K/S", pct(lang, Tally::percent(t.k, t.s))),
            ("bgmd", "BGM/D", pct(lang, Tally::percent(t.bgm, t.d))),
        ],
        compare: r.as_ref().and_then(|r| compare_view(lang, r)),
        trend: r.as_ref().and_then(|r| trend_of(lang, r)),
        defaulted: q.month.trim().is_empty() && is_weighing_month(res.month),
        chart_height: Bars::height(lines.len()),
        chart_max: num(lang, bars.max, 0),
        target_x: bars.x(STUNTING_TARGET),
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
    pub(super) rule: String,
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
pub(super) struct ReportPrint {
    pub(super) title: String,
    pub(super) ctx: Ctx,
    pub(super) r: Report,
    pub(super) place_title: String,
    pub(super) month_label: String,
    pub(super) back: String,
    pub(super) heads: Vec<Stat>,
    pub(super) skdn: Vec<(&'static str, i64)>,
    pub(super) ratios: Vec<(&'static str, String)>,
    pub(super) compare: Option<CompareView>,
    pub(super) trend: Option<TrendView>,
    pub(super) lines: Vec<LineView>,
    pub(super) line_kind: &'static str,
    pub(super) printed_on: String,
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
        trend: trend_of(lang, &r),
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
    let lang = s.visitor.lang;
    let header = [
        "gizicol.code",
        "gizicol.name",
        "gizicol.month",
        "gizicol.s",
        "gizicol.k",
        "gizicol.d",
        "gizicol.n",
        "gizicol.t",
        "gizicol.o",
        "gizicol.b",
        "gizicol.bgm",
        "gizicol.measured",
        "gizicol.haz_assessed",
        "gizicol.stunted_and_severely_stunted",
        "gizicol.severely_stunted",
        "gizicol.stunting_prevalence_percent",
        "gizicol.ci95_lower",
        "gizicol.ci95_upper",
        "gizicol.whz_assessed",
        "gizicol.wasted_and_severely_wasted",
        "gizicol.severely_wasted",
        "gizicol.waz_assessed",
        "gizicol.underweight_and_severely_underweight",
        "gizicol.d_s_percent",
        "gizicol.n_d_percent",
        "gizicol.k_s_percent",
        "gizicol.recheck",
        "gizicol.visitors",
    ]
    .map(|k| crate::i18n::text(lang, k).to_string());
    let month = r.month.format("%Y-%m").to_string();
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
            csv_decimal(prev.map(|p| p.0)),
            csv_decimal(prev.map(|p| p.1)),
            csv_decimal(prev.map(|p| p.2)),
            t.whz_n.to_string(),
            t.wasted.to_string(),
            t.severely_wasted.to_string(),
            t.waz_n.to_string(),
            t.underweight.to_string(),
            csv_decimal(Tally::percent(t.d, t.s)),
            csv_decimal(Tally::percent(t.n, t.d)),
            csv_decimal(Tally::percent(t.k, t.s)),
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
        &crate::i18n::fill(lang, "report.total_of", &[("place", &r.title)]),
        &r.total,
    )]);
    let bytes = interop::export::to_csv(header, rows).map_err(internal)?;
    let name = format!("status-gizi-{}-{month}.csv", total_key.replace('.', ""));
    Ok(download("text/csv; charset=utf-8", &name, bytes))
}

/// The SKDN lines of a tally as the report and the day's summary show them: (id, label key,
/// count).
pub(crate) fn skdn_lines(t: &Tally) -> Vec<(&'static str, &'static str, i64)> {
    vec![
        ("s", "nutrition.skdn_s", t.s),
        ("k", "nutrition.skdn_k", t.k),
        ("d", "nutrition.skdn_d", t.d),
        ("n", "nutrition.skdn_n", t.n),
        ("t", "nutrition.skdn_t", t.t),
        ("o", "nutrition.skdn_o", t.o),
        ("b", "nutrition.skdn_b", t.b),
        ("bgm", "nutrition.skdn_bgm", t.bgm),
    ]
}
