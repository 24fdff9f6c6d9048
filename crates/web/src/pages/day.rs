//! The Posyandu day (the kader's home): the month's list in the order of the paper register
//! with the day's count and the next session, a search that works without JavaScript, one
//! tap to the weighing form; the end of the day (SKDN, children to visit, counselling and
//! referral); the printable register of the month and a child's KMS for the Buku KIA.
//!
//! A weighing round carries its date and measuring position from one child to the next in
//! the links themselves (`?on=…&pos=…`, see [`Carry`]), not in the session: a link holds
//! exactly what it was made with, so two phones or two tabs never mix their rounds, a round
//! left yesterday does not date today's weighings, and the pages work the same without
//! JavaScript, after a restart of the server, and from a cached copy.

use super::render;
use crate::AppState;
use crate::chart::Kms;
use crate::ctx::{Ctx, SignedIn};
use crate::error::PageError;
use crate::format::{age_label, category, month_label, num, pct};
use crate::i18n::Lang;
use app::day::{Day, DayRow, Purpose};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use chrono::{Datelike, NaiveDate};
use domain::Invalid;
use domain::nutrition::{Concern, LengthPosition, Tally, Trend};
use serde::Deserialize;

/// The date and measuring position a weighing round carries from one child to the next.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Carry {
    /// The date being entered (a session entered from the paper register later keeps its day).
    pub on: Option<NaiveDate>,
    /// `L` (lying), `H` (standing) or empty (by age).
    pub pos: String,
}

impl Carry {
    /// Reads what a link carries; anything unreadable is dropped (a link is not a form).
    pub fn read(on: &str, pos: &str) -> Carry {
        Carry {
            on: NaiveDate::parse_from_str(on.trim(), "%Y-%m-%d").ok(),
            pos: LengthPosition::read(pos)
                .map(|p| p.as_str().to_string())
                .unwrap_or_default(),
        }
    }

    /// `&on=…&pos=…` for a link (empty parts left out).
    pub fn query(&self) -> String {
        let mut out = String::new();
        if let Some(d) = self.on {
            out.push_str(&format!("&on={d}"));
        }
        if !self.pos.is_empty() {
            out.push_str(&format!("&pos={}", self.pos));
        }
        out
    }
}

/// The day's list of Posyandu `posyandu`, at the row of `child` when given: the month is in
/// the link only when it is not the current one.
pub fn day_url(posyandu: i64, month: Option<NaiveDate>, carry: &Carry, child: Option<i64>) -> String {
    let mut q = String::new();
    if let Some(m) = month {
        q.push_str(&format!("&month={}", m.format("%Y-%m")));
    }
    q.push_str(&carry.query());
    let q = q.strip_prefix('&').map(|s| format!("?{s}")).unwrap_or_default();
    let anchor = child.map(|c| format!("#child-{c}")).unwrap_or_default();
    format!("/posyandu/{posyandu}/day{q}{anchor}")
}

/// The weighing form of `child` in a round from the day's list.
pub fn measure_url(child: i64, carry: &Carry) -> String {
    format!("/children/{child}/measure?back=day{}", carry.query())
}

/// "Senin, 10 Juni 2024" / "Monday, 10 June 2024".
pub fn day_date(lang: Lang, d: NaiveDate) -> String {
    format!(
        "{}, {} {}",
        crate::i18n::day_name(lang, d.weekday().number_from_monday()),
        d.day(),
        crate::i18n::month_year(lang, d.month(), d.year())
    )
}

fn trend_word(lang: Lang, t: Option<Trend>) -> String {
    let key = match t {
        Some(Trend::N) => "trend.n_long",
        Some(Trend::T) => "trend.t_long",
        Some(Trend::O) => "trend.o_long",
        Some(Trend::B) => "trend.b_long",
        None => return String::new(),
    };
    crate::i18n::text(lang, key).to_string()
}

/// The concerns in words, joined.
pub fn concern_words(lang: Lang, cs: &[Concern]) -> String {
    cs.iter()
        .map(|c| crate::i18n::text(lang, &format!("day.concern.{}", c.key())).to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// An address as one line: street, RT/RW, desa.
fn address(c: &store::nutrition::Child) -> String {
    let mut parts: Vec<String> = Vec::new();
    if let Some(a) = &c.address {
        parts.push(a.clone());
    }
    match (&c.rt, &c.rw) {
        (Some(rt), Some(rw)) => parts.push(format!("RT {rt}/RW {rw}")),
        (Some(rt), None) => parts.push(format!("RT {rt}")),
        (None, Some(rw)) => parts.push(format!("RW {rw}")),
        (None, None) => {}
    }
    if let Some(d) = &c.desa_name {
        parts.push(d.clone());
    }
    parts.join(", ")
}

/// One child of the list as the pages show it.
pub struct RowView {
    pub id: i64,
    pub no: usize,
    pub name: String,
    pub sex: String,
    pub birth: String,
    pub age: String,
    pub mother: String,
    pub nik: String,
    pub address: String,
    pub weighed: bool,
    /// N/T/O/B of this month's weighing, and in words.
    pub trend: String,
    pub trend_text: String,
    /// Missed last month (O), never weighed before.
    pub absent: bool,
    pub first_time: bool,
    /// "9,8 kg · 06/05/2024" (the latest weighing up to the month's end).
    pub last: String,
    /// This month's weight and length as the register writes them.
    pub weight: String,
    pub length: String,
    pub refer: bool,
    pub concerns: String,
    /// The weighing form in this round.
    pub link: String,
}

fn row_view(lang: Lang, r: &DayRow, carry: &Carry) -> RowView {
    let c = &r.child;
    let m = r.measured.as_ref();
    RowView {
        id: c.id,
        no: r.no,
        name: c.name.clone(),
        sex: c.sex.as_str().to_string(),
        birth: c.birth_date.format("%d/%m/%Y").to_string(),
        age: age_label(lang, r.age_days),
        mother: c.mother_name.clone().unwrap_or_default(),
        nik: c.nik.clone().unwrap_or_default(),
        address: address(c),
        weighed: r.weighed,
        trend: r.trend.map(|t| t.as_str().to_string()).unwrap_or_default(),
        trend_text: trend_word(lang, r.trend),
        absent: r.absent_last_month(),
        first_time: r.first_time(),
        last: r
            .last_weight
            .map(|(d, w)| format!("{} kg · {}", num(lang, w, 1), d.format("%d/%m/%Y")))
            .unwrap_or_default(),
        weight: m.and_then(|m| m.weight).map(|w| num(lang, w, 1)).unwrap_or_default(),
        length: m
            .and_then(|m| m.height.map(|h| (h, m.position)))
            .map(|(h, p)| {
                let how = match p {
                    Some(LengthPosition::Lying) => " (PB)",
                    Some(LengthPosition::Standing) => " (TB)",
                    None => "",
                };
                format!("{}{how}", num(lang, h, 1))
            })
            .unwrap_or_default(),
        refer: r.refer(),
        concerns: concern_words(lang, &r.concerns),
        link: measure_url(c.id, carry),
    }
}

#[derive(Deserialize, Default)]
pub struct DayQuery {
    #[serde(default)]
    pub month: String,
    #[serde(default)]
    pub q: String,
    #[serde(default)]
    pub on: String,
    #[serde(default)]
    pub pos: String,
    /// A child just registered from this list (its id): the list says so at its row.
    #[serde(default)]
    pub registered: String,
}

impl DayQuery {
    fn month(&self) -> Result<Option<NaiveDate>, PageError> {
        super::nutrition::parse_month(&self.month).map_err(|c| app::AppError::from(Invalid::one("month", c)).into())
    }
}

#[derive(Template)]
#[template(path = "day/day.html")]
struct DayPage {
    title: String,
    ctx: Ctx,
    d: Day,
    rows: Vec<RowView>,
    month_label: String,
    /// `YYYY-MM` of the month shown, when it is not the current one (kept in links).
    month_param: String,
    q: String,
    carry: Carry,
    next_session: String,
    session_today: bool,
    /// Shown as the kader's home page.
    is_home: bool,
    summary_url: String,
    register_url: String,
    all_url: String,
}

async fn day_page(st: &AppState, s: &SignedIn, id: i64, q: &DayQuery, is_home: bool) -> Result<Response, PageError> {
    let month = q.month()?;
    let d = app::day::day(&st.app, &s.actor, id, month, &q.q, Purpose::List).await?;
    let lang = s.visitor.lang;
    let mut ctx = Ctx::new(&s.visitor);
    if q.registered
        .trim()
        .parse::<i64>()
        .is_ok_and(|c| d.rows.iter().any(|r| r.child.id == c))
    {
        ctx = ctx.with_flash("children.registered");
    }
    let carry = Carry::read(&q.on, &q.pos);
    let month_param = if d.current {
        String::new()
    } else {
        d.month.format("%Y-%m").to_string()
    };
    let shown = (!d.current).then_some(d.month);
    let month_q = if month_param.is_empty() {
        String::new()
    } else {
        format!("?month={month_param}")
    };
    Ok(render(&DayPage {
        title: format!("{} — {}", ctx.t("day.title"), d.posyandu.name),
        rows: d.rows.iter().map(|r| row_view(lang, r, &carry)).collect(),
        month_label: month_label(lang, d.month),
        next_session: d.next_session.map(|n| day_date(lang, n)).unwrap_or_default(),
        session_today: d.next_session == Some(d.today),
        summary_url: format!("/posyandu/{id}/day/summary{month_q}"),
        register_url: format!("/posyandu/{id}/day/register{month_q}"),
        all_url: day_url(id, shown, &carry, None),
        month_param,
        q: q.q.trim().to_string(),
        carry,
        is_home,
        ctx,
        d,
    }))
}

/// GET /posyandu/{id}/day
pub async fn show(
    State(st): State<AppState>,
    s: SignedIn,
    Path(id): Path<i64>,
    Query(q): Query<DayQuery>,
) -> Result<Response, PageError> {
    day_page(&st, &s, id, &q, false).await
}

/// The kader's home page: the day of its Posyandu.
pub async fn home(st: &AppState, s: &SignedIn, posyandu: i64) -> Result<Response, PageError> {
    day_page(st, s, posyandu, &DayQuery::default(), true).await
}

// --- the end of the day --------------------------------------------------------------------

#[derive(Template)]
#[template(path = "day/summary.html")]
struct SummaryPage {
    title: String,
    ctx: Ctx,
    d: Day,
    month_label: String,
    month_value: String,
    skdn: Vec<(&'static str, &'static str, i64)>,
    ratios: Vec<(&'static str, &'static str, String)>,
    to_visit: Vec<RowView>,
    concerns: Vec<RowView>,
    day_url: String,
    register_url: String,
}

/// GET /posyandu/{id}/day/summary
pub async fn summary(
    State(st): State<AppState>,
    s: SignedIn,
    Path(id): Path<i64>,
    Query(q): Query<DayQuery>,
) -> Result<Response, PageError> {
    let d = app::day::day(&st.app, &s.actor, id, q.month()?, "", Purpose::Summary).await?;
    let lang = s.visitor.lang;
    let ctx = Ctx::new(&s.visitor);
    let t: Tally = d.tally;
    let carry = Carry::default();
    let month_q = if d.current {
        String::new()
    } else {
        format!("?month={}", d.month.format("%Y-%m"))
    };
    Ok(render(&SummaryPage {
        title: format!("{} — {}", ctx.t("day.summary_title"), d.posyandu.name),
        month_label: month_label(lang, d.month),
        month_value: d.month.format("%Y-%m").to_string(),
        // The nutrition report's SKDN lines and ratios, from the same tally.
        skdn: super::nutrition::skdn_lines(&t),
        ratios: vec![
            ("ds", "D/S", pct(lang, Tally::percent(t.d, t.s))),
            ("nd", "N/D", pct(lang, Tally::percent(t.n, t.d))),
        ],
        to_visit: d.not_weighed().map(|r| row_view(lang, r, &carry)).collect(),
        concerns: d.with_concerns().map(|r| row_view(lang, r, &carry)).collect(),
        day_url: format!("/posyandu/{id}/day{month_q}"),
        register_url: format!("/posyandu/{id}/day/register{month_q}"),
        ctx,
        d,
    }))
}

// --- the printable register ----------------------------------------------------------------

#[derive(Template)]
#[template(path = "day/register_print.html")]
struct RegisterPrint {
    title: String,
    ctx: Ctx,
    d: Day,
    month_label: String,
    rows: Vec<RowView>,
    back: String,
}

/// GET /posyandu/{id}/day/register: the month's register on A4 landscape.
pub async fn register(
    State(st): State<AppState>,
    s: SignedIn,
    Path(id): Path<i64>,
    Query(q): Query<DayQuery>,
) -> Result<Response, PageError> {
    let d = app::day::day(&st.app, &s.actor, id, q.month()?, "", Purpose::Register).await?;
    let lang = s.visitor.lang;
    let ctx = Ctx::new(&s.visitor);
    let carry = Carry::default();
    let back = if d.current {
        format!("/posyandu/{id}/day")
    } else {
        format!("/posyandu/{id}/day?month={}", d.month.format("%Y-%m"))
    };
    Ok(render(&RegisterPrint {
        title: format!("{} — {}", ctx.t("day.register_title"), d.posyandu.name),
        month_label: month_label(lang, d.month),
        rows: d.rows.iter().map(|r| row_view(lang, r, &carry)).collect(),
        back,
        ctx,
        d,
    }))
}

// --- the KMS -------------------------------------------------------------------------------

/// One weighing of the KMS's table.
struct KmsLineView {
    date: String,
    age: String,
    weight: String,
    trend: String,
    status: String,
    bgm: bool,
}

#[derive(Template)]
#[template(path = "day/kms.html")]
struct KmsPrint {
    title: String,
    ctx: Ctx,
    v: app::nutrition::ChildView,
    age: String,
    chart: Kms,
    lines: Vec<KmsLineView>,
    months: i64,
}

/// The z-scores the KMS draws: −3 (the red line, BGM) to +3.
const KMS_LINES: [f64; 7] = [-3.0, -2.0, -1.0, 0.0, 1.0, 2.0, 3.0];

/// GET /children/{id}/kms: the child's weight-for-age chart on A4 portrait, for the Buku KIA.
pub async fn kms(State(st): State<AppState>, s: SignedIn, Path(id): Path<i64>) -> Result<Response, PageError> {
    let v = app::nutrition::child(&st.app, &s.actor, id).await?;
    let lang = s.visitor.lang;
    let ctx = Ctx::new(&s.visitor);
    let weighed: Vec<&app::nutrition::MeasurementRow> = v.rows.iter().filter(|r| r.m.weight.is_some()).collect();
    let oldest = weighed
        .iter()
        .map(|r| r.m.age_days)
        .chain([v.age_days])
        .max()
        .unwrap_or(0);
    // The first two years on their own page as the Buku KIA has them; past them, five years.
    let months: i64 = if oldest < 731 { 24 } else { 60 };
    let to_days = (months as f64 * 30.4375).round() as i64;
    let curves: Vec<(f64, Vec<(i64, f64)>)> = KMS_LINES
        .iter()
        .map(|z| {
            (
                *z,
                domain::nutrition::weight_for_age_curve(v.child.sex, *z, to_days, 15),
            )
        })
        .collect();
    let chart = crate::chart::kms(
        lang,
        months,
        &curves,
        weighed
            .iter()
            .map(|r| (r.m.age_days, r.m.weight.unwrap_or_default(), r.scores().bgm())),
    );
    let lines = weighed
        .iter()
        .map(|r| {
            let s = r.scores();
            KmsLineView {
                date: r.m.measured_on.format("%d/%m/%Y").to_string(),
                age: age_label(lang, r.m.age_days),
                weight: format!("{} kg", num(lang, r.m.weight.unwrap_or_default(), 1)),
                trend: r.trend.map(|t| t.as_str().to_string()).unwrap_or_default(),
                status: s
                    .category_names(domain::nutrition::Indicator::Waz)
                    .map(|(i, e)| category(lang, i, e))
                    .unwrap_or_default(),
                bgm: s.bgm(),
            }
        })
        .collect();
    Ok(render(&KmsPrint {
        title: format!("KMS — {}", v.child.name),
        age: age_label(lang, v.age_days),
        chart,
        lines,
        months,
        ctx,
        v,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_round_carries_its_date_and_position_in_the_links() {
        let c = Carry::read("2024-05-06", "tb");
        assert_eq!(c.on, NaiveDate::from_ymd_opt(2024, 5, 6));
        assert_eq!(c.pos, "H");
        assert_eq!(c.query(), "&on=2024-05-06&pos=H");
        assert_eq!(Carry::read("kemarin", "miring"), Carry::default());
        assert_eq!(measure_url(7, &c), "/children/7/measure?back=day&on=2024-05-06&pos=H");
        assert_eq!(day_url(3, None, &Carry::default(), Some(7)), "/posyandu/3/day#child-7");
        assert_eq!(
            day_url(3, NaiveDate::from_ymd_opt(2024, 4, 1), &c, Some(7)),
            "/posyandu/3/day?month=2024-04&on=2024-05-06&pos=H#child-7"
        );
    }
}
