//! The district scorecard (`/scorecard`): rows of Puskesmas, kecamatan or the desa of one
//! Puskesmas; columns of nutrition, coordination and coverage figures, each cell with its
//! status against the target (a symbol and a word, not colour alone) and a trend arrow
//! against the previous period; its A4 print and XLSX.

use crate::AppState;
use crate::ctx::{Ctx, SignedIn};
use crate::error::PageError;
use crate::format::{month_label, num, pct};
use crate::i18n::{Lang, text};
use crate::pages::nutrition::parse_month;
use crate::pages::{Errs, download, query, render, render_status, split_invalid};
use app::AppError;
use app::scorecard::{Cell as ScCell, Column, Query as ScQuery, Row, Scorecard};
use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use domain::Invalid;
use domain::scorecard::{By, Period};
use interop::table::{Cell, Sheet};
use serde::Deserialize;

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

#[derive(Deserialize, Default, Clone)]
pub struct Params {
    #[serde(default)]
    by: String,
    #[serde(default)]
    puskesmas: String,
    #[serde(default)]
    month: String,
    #[serde(default)]
    period: String,
}

/// Reads the query: every format error at once (422), nothing looked up yet.
pub fn query_of(p: &Params) -> Result<ScQuery, Invalid> {
    let mut inv = Invalid::new();
    let by = match p.by.trim() {
        "" => None,
        b => inv.check("by", By::parse(b)),
    };
    let puskesmas = match p.puskesmas.trim() {
        "" => None,
        v => inv.check("puskesmas", v.parse::<i64>().map_err(|_| "number.format")),
    };
    let month = inv.check("month", parse_month(&p.month)).flatten();
    let period = match p.period.trim() {
        "" => Some(Period::Semester),
        v => inv.check("period", Period::parse(v)),
    };
    inv.into_result()?;
    Ok(ScQuery {
        by,
        puskesmas,
        month,
        period: period.unwrap_or(Period::Semester),
    })
}

pub struct ColView {
    pub key: String,
    pub label: String,
    pub title: String,
    pub target: String,
}

pub struct CellView {
    pub id: String,
    pub text: String,
    /// `met`, `near`, `off`, `unjudged`, `empty`: the class and the status word's key.
    pub status: &'static str,
    pub symbol: &'static str,
    /// The status in words (a PWS word for a coverage cell).
    pub word: String,
    pub arrow: &'static str,
    pub trend: String,
    /// Numerator / denominator, and the previous period's figure.
    pub detail: String,
    pub num: String,
    pub den: String,
}

pub struct RowView {
    pub key: String,
    pub name: String,
    pub link: String,
    pub cells: Vec<CellView>,
}

/// The scorecard as shown (page, print, home tiles).
pub struct Shown {
    pub title: String,
    pub month_label: String,
    pub previous_label: String,
    pub from_label: String,
    pub row_kind: String,
    pub columns: Vec<ColView>,
    pub rows: Vec<RowView>,
    pub total: RowView,
    pub query: String,
}

fn col_view(lang: Lang, c: &Column) -> ColView {
    let (label, title) = match &c.indicator {
        Some(i) => (
            i.code.clone(),
            if lang == Lang::Id {
                i.name_id.clone()
            } else {
                i.name_en.clone()
            },
        ),
        None => (
            text(lang, &format!("scorecard.col.{}", c.key)).to_string(),
            text(lang, &format!("scorecard.hint.{}", c.key)).to_string(),
        ),
    };
    let target = match (c.target, c.count) {
        (None, _) => "—".to_string(),
        (Some(t), true) => num(lang, t, 0),
        (Some(t), false) => format!(
            "{} {}",
            if c.direction == domain::coverage::Direction::Lower {
                "≤"
            } else {
                "≥"
            },
            pct(lang, Some(t))
        ),
    };
    ColView {
        key: c.key.clone(),
        label,
        title,
        target,
    }
}

pub fn cell_view(lang: Lang, row_key: &str, c: &Column, x: &ScCell) -> CellView {
    let fmt = |v: Option<f64>| match (v, c.count) {
        (Some(v), true) => num(lang, v, 0),
        (v, _) => pct(lang, v),
    };
    let word = match x.pws {
        Some(p) => text(lang, &format!("coverage.status.{}", p.as_str())).to_string(),
        None => text(lang, &format!("scorecard.status.{}", x.status.word())).to_string(),
    };
    let mut detail = Vec::new();
    if let (Some(n), Some(d)) = (x.num, x.den) {
        detail.push(format!("{n}/{d}"));
    }
    if x.before.is_some() {
        detail.push(format!("{} {}", text(lang, "scorecard.before"), fmt(x.before)));
    }
    CellView {
        id: format!("cell-{}-{}", if row_key.is_empty() { "total" } else { row_key }, c.key),
        text: if x.value.is_none() { "—".into() } else { fmt(x.value) },
        status: x.status.word(),
        symbol: x.status.symbol(),
        word,
        arrow: x.arrow,
        trend: x
            .trend
            .map(|t| text(lang, &format!("scorecard.trend.{}", t.word())).to_string())
            .unwrap_or_default(),
        detail: detail.join(" · "),
        num: x.num.map(|n| n.to_string()).unwrap_or_default(),
        den: x.den.map(|n| n.to_string()).unwrap_or_default(),
    }
}

fn row_view(lang: Lang, cols: &[Column], r: &Row) -> RowView {
    RowView {
        key: r.key.clone(),
        name: r.name.clone(),
        link: r.link.clone().unwrap_or_default(),
        cells: cols
            .iter()
            .zip(&r.cells)
            .map(|(c, x)| cell_view(lang, &r.key, c, x))
            .collect(),
    }
}

pub fn shown(lang: Lang, sc: &Scorecard) -> Shown {
    let mut q = vec![("by", sc.by.as_str().to_string())];
    if let Some(p) = &sc.puskesmas {
        q.push(("puskesmas", p.id.to_string()));
    }
    q.push(("month", sc.month.format("%Y-%m").to_string()));
    q.push(("period", sc.period.as_str().to_string()));
    let pairs: Vec<(&str, &str)> = q.iter().map(|(k, v)| (*k, v.as_str())).collect();
    Shown {
        title: match &sc.puskesmas {
            Some(p) => format!("{} · {}", text(lang, "scorecard.title"), p.name),
            None => format!("{} · {}", text(lang, "scorecard.title"), sc.district_name),
        },
        month_label: month_label(lang, sc.month),
        previous_label: month_label(lang, sc.previous),
        from_label: month_label(lang, sc.from),
        row_kind: text(lang, &format!("scorecard.by.{}", sc.by.as_str())).to_string(),
        columns: sc.columns.iter().map(|c| col_view(lang, c)).collect(),
        rows: sc.rows.iter().map(|r| row_view(lang, &sc.columns, r)).collect(),
        total: row_view(lang, &sc.columns, &sc.total),
        query: query(&pairs),
    }
}

#[derive(Template)]
#[template(path = "scorecard/page.html")]
struct Page {
    title: String,
    ctx: Ctx,
    errs: Errs,
    show: Option<Shown>,
    by: String,
    puskesmas: String,
    month: String,
    period: String,
    /// (value, label) of the pickers.
    bys: Vec<(&'static str, String)>,
    periods: Vec<(&'static str, String)>,
    choices: Vec<(i64, String)>,
    district_view: bool,
    defaulted: bool,
}

/// GET /scorecard
pub async fn page(State(st): State<AppState>, s: SignedIn, Query(p): Query<Params>) -> Result<Response, PageError> {
    let lang = s.visitor.lang;
    let ctx = Ctx::new(&s.visitor);
    let district_view = domain::access::scorecard_reach(&s.actor) == Some(domain::access::ScorecardReach::District);
    if domain::access::scorecard_reach(&s.actor).is_none() {
        return Err(AppError::Forbidden.into());
    }
    let bys = By::ALL
        .iter()
        .map(|b| {
            (
                b.as_str(),
                text(lang, &format!("scorecard.by.{}", b.as_str())).to_string(),
            )
        })
        .collect();
    let periods = Period::ALL
        .iter()
        .map(|b| {
            (
                b.as_str(),
                text(lang, &format!("scorecard.period.{}", b.as_str())).to_string(),
            )
        })
        .collect();
    let result = match query_of(&p) {
        Ok(q) => match app::scorecard::scorecard(&st.app, &s.actor, &q).await {
            Ok(sc) => Ok(sc),
            Err(e) => Err(split_invalid(e)?),
        },
        Err(inv) => Err(inv),
    };
    let (errs, sc) = match result {
        Ok(sc) => (Errs::none(), Some(sc)),
        Err(inv) => (Errs::new(lang, inv), None),
    };
    let page = Page {
        title: text(lang, "scorecard.title").to_string(),
        by: sc.as_ref().map(|x| x.by.as_str().to_string()).unwrap_or(p.by.clone()),
        puskesmas: sc
            .as_ref()
            .and_then(|x| x.puskesmas.as_ref().map(|o| o.id.to_string()))
            .unwrap_or(p.puskesmas.clone()),
        month: sc
            .as_ref()
            .map(|x| x.month.format("%Y-%m").to_string())
            .unwrap_or(p.month.clone()),
        period: sc
            .as_ref()
            .map(|x| x.period.as_str().to_string())
            .unwrap_or(p.period.clone()),
        choices: sc.as_ref().map(|x| x.choices.clone()).unwrap_or_default(),
        defaulted: sc.as_ref().is_some_and(|x| x.defaulted),
        show: sc.as_ref().map(|x| shown(lang, x)),
        bys,
        periods,
        district_view,
        errs,
        ctx,
    };
    Ok(render_status(page.errs.status(), &page))
}

async fn resolved(st: &AppState, s: &SignedIn, p: &Params) -> Result<Scorecard, PageError> {
    let q = query_of(p).map_err(AppError::Invalid)?;
    Ok(app::scorecard::scorecard(&st.app, &s.actor, &q).await?)
}

#[derive(Template)]
#[template(path = "scorecard/print.html")]
struct Print {
    title: String,
    ctx: Ctx,
    show: Shown,
    printed_on: String,
}

/// GET /scorecard/print: the scorecard on A4 (landscape).
pub async fn print(State(st): State<AppState>, s: SignedIn, Query(p): Query<Params>) -> Result<Response, PageError> {
    let sc = resolved(&st, &s, &p).await?;
    let show = shown(s.visitor.lang, &sc);
    Ok(render(&Print {
        title: format!("{} · {}", show.title, show.month_label),
        printed_on: st.app.clock().today_for(&s.actor).format("%d/%m/%Y").to_string(),
        show,
        ctx: Ctx::new(&s.visitor),
    }))
}

/// The workbook: per column its figure (a number) and its status in words.
pub fn sheet(lang: Lang, sc: &Scorecard) -> Sheet {
    let show = shown(lang, sc);
    let mut headers = vec![text(lang, "export.col.no").to_string(), show.row_kind.clone()];
    for c in &show.columns {
        headers.push(c.label.clone());
        headers.push(format!("{} — {}", c.label, text(lang, "scorecard.status_col")));
    }
    let row = |no: Option<usize>, r: &Row| -> Vec<Cell> {
        let mut v = vec![
            no.map_or(Cell::Empty, |n| Cell::Number(n as f64, 0)),
            Cell::Text(r.name.clone()),
        ];
        for (c, x) in sc.columns.iter().zip(&r.cells) {
            v.push(Cell::number(x.value, if c.count { 0 } else { 1 }));
            let cv = cell_view(lang, &r.key, c, x);
            let mut st = format!("{} {}", cv.symbol, cv.word).trim().to_string();
            if !cv.arrow.is_empty() {
                st = format!("{st} {} {}", cv.arrow, cv.trend);
            }
            v.push(Cell::Text(st));
        }
        v
    };
    let mut rows: Vec<Vec<Cell>> = sc.rows.iter().enumerate().map(|(i, r)| row(Some(i + 1), r)).collect();
    rows.push(row(None, &sc.total));
    Sheet {
        name: text(lang, "scorecard.title").to_string(),
        title: show.title.clone(),
        subtitle: format!(
            "{} · {} {} · {} {}",
            show.month_label,
            text(lang, "scorecard.counted_from"),
            show.from_label,
            text(lang, "scorecard.compared_with"),
            show.previous_label
        ),
        widths: std::iter::once(5.0)
            .chain(std::iter::once(28.0))
            .chain(sc.columns.iter().flat_map(|_| [10.0, 16.0]))
            .collect(),
        headers,
        rows,
        notes: vec![text(lang, "scorecard.note").to_string()],
    }
}

/// GET /scorecard.xlsx
pub async fn xlsx(State(st): State<AppState>, s: SignedIn, Query(p): Query<Params>) -> Result<Response, PageError> {
    let sc = resolved(&st, &s, &p).await?;
    let bytes = interop::table::to_xlsx(&sheet(s.visitor.lang, &sc))
        .map_err(|e| PageError::from(AppError::Internal(e.to_string())))?;
    let name = format!(
        "scorecard-{}-{}.xlsx",
        sc.puskesmas.as_ref().map_or(sc.district.clone(), |o| o.id.to_string()),
        sc.month.format("%Y-%m")
    );
    Ok(download(XLSX, &name, bytes))
}
