//! A Puskesmas's sasaran for a year (`/coverage/sasaran`): the desa of its wilayah kerja as
//! rows, the sasaran kinds as columns (penduduk first), where each figure came from (entered,
//! imported, derived), the derivation from the population (`POST /coverage/sasaran/derive`)
//! and the ratios it uses, which Dinkes may change (`POST /coverage/ratios`). A locked year
//! behaves as on the targets page.

use super::entry::{cell_number, messages, picker, puskesmas_of, row_error};
use super::targets::{LockNote, lock_note, lock_notice, year_of};
use crate::AppState;
use crate::ctx::{Ctx, SignedIn};
use crate::error::PageError;
use crate::form::CsrfForm;
use crate::format::{num, typed};
use crate::i18n::{fill, text};
use crate::pages::{Errs, render_status, split_invalid};
use app::AppError;
use app::coverage::{SasaranView, district_of};
use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use domain::Invalid;
use domain::coverage::{SasaranInput, SasaranKind, SasaranSource};
use serde::Deserialize;
use std::collections::HashMap;

#[derive(Deserialize, Default)]
pub struct SasaranQuery {
    #[serde(default)]
    pub puskesmas: String,
    #[serde(default)]
    pub year: String,
    #[serde(default)]
    pub saved: String,
    #[serde(default)]
    pub derived: String,
    /// The kind whose ratio was just saved.
    #[serde(default)]
    pub ratio: String,
    #[serde(default)]
    pub lock: String,
}

struct SCell {
    kind: &'static str,
    name: String,
    value: String,
    /// Where the stored figure came from.
    source: Option<&'static str>,
    error: Option<String>,
}

struct SRow {
    code: String,
    name: String,
    cells: Vec<SCell>,
}

struct RatioLine {
    kind: &'static str,
    ratio: String,
    /// The ratio as a share of the population, e.g. `1,98%`.
    share: String,
    basis: String,
    error: Option<String>,
}

#[derive(Template)]
#[template(path = "coverage/sasaran.html")]
struct SasaranPage {
    title: String,
    ctx: Ctx,
    pkm_id: i64,
    pkm_name: String,
    year: i32,
    district: String,
    kinds: Vec<&'static str>,
    rows: Vec<SRow>,
    ratios: Vec<RatioLine>,
    can_edit: bool,
    can_approve: bool,
    lock: Option<LockNote>,
    needs_reason: bool,
    reason: String,
    reason_error: Option<String>,
    notice: Option<String>,
    summary: Vec<(String, String)>,
    general: Vec<String>,
}

/// What the page shows of a post.
#[derive(Default)]
struct Shown<'a> {
    form: Option<&'a HashMap<String, String>>,
    ratio: Option<&'a RatioForm>,
    errs: Invalid,
    general: Vec<String>,
    notice: Option<String>,
}

fn sasaran_page(ctx: Ctx, v: SasaranView, shown: Shown<'_>) -> Response {
    let lang = ctx.lang;
    let errs = Errs::new(lang, shown.errs.clone());
    let posted = |name: &str| shown.form.and_then(|f| f.get(name)).cloned();
    let mut summary = Vec::new();
    let rows = v
        .desa
        .iter()
        .map(|d| SRow {
            code: d.desa_code.clone(),
            name: d.desa_name.clone(),
            cells: SasaranKind::ALL
                .iter()
                .map(|k| {
                    let name = format!("s.{k}.{}", d.desa_code);
                    let stored = v.get(&d.desa_code, *k);
                    let error = errs.on(&name);
                    if let Some(e) = &error {
                        summary.push((
                            name.clone(),
                            format!("{} — {}: {e}", d.desa_name, ctx.tk("cov_kind", k)),
                        ));
                    }
                    SCell {
                        kind: k.as_str(),
                        value: posted(&name)
                            .or_else(|| stored.map(|r| typed(lang, r.value)))
                            .unwrap_or_default(),
                        source: stored.map(|r| r.source.as_str()),
                        error,
                        name,
                    }
                })
                .collect(),
        })
        .collect();
    let mut by_kind: Vec<&store::coverage::RatioRow> = v.ratios.iter().collect();
    by_kind.sort_by_key(|r| SasaranKind::ALL.iter().position(|k| *k == r.kind));
    let ratios = by_kind
        .into_iter()
        .map(|r| {
            let mine = shown.ratio.filter(|f| f.kind.trim() == r.kind.as_str());
            let error = mine.and_then(|_| {
                let msgs: Vec<String> = ["kind", "ratio", "basis"]
                    .iter()
                    .filter_map(|f| errs.on(&format!("ratio_{f}")))
                    .collect();
                (!msgs.is_empty()).then(|| msgs.join(" · "))
            });
            if let Some(e) = &error {
                summary.push((
                    format!("ratio-{}", r.kind),
                    format!("{}: {e}", ctx.tk("cov_kind", r.kind)),
                ));
            }
            RatioLine {
                kind: r.kind.as_str(),
                ratio: mine.map(|f| f.ratio.clone()).unwrap_or_else(|| typed(lang, r.ratio)),
                share: format!("{}%", num(lang, r.ratio * 100.0, 2)),
                basis: mine.map(|f| f.basis.clone()).unwrap_or_else(|| r.basis.clone()),
                error,
            }
        })
        .collect();
    let reason_error = errs.on("reason");
    if let Some(e) = &reason_error {
        summary.push(("reason".into(), format!("{}: {e}", text(lang, "cov_lock.reason"))));
    }
    let status = if shown.errs.is_empty() && shown.general.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    render_status(
        status,
        &SasaranPage {
            title: format!("{} {} — {}", ctx.t("cov_sasaran.title"), v.year, v.puskesmas.name),
            pkm_id: v.puskesmas.id,
            pkm_name: v.puskesmas.name.clone(),
            year: v.year,
            district: district_of(&v.puskesmas.region_code),
            kinds: SasaranKind::ALL.iter().map(|k| k.as_str()).collect(),
            rows,
            ratios,
            can_edit: v.can_edit,
            can_approve: v.can_approve,
            needs_reason: v.lock.is_some() && v.can_edit,
            lock: lock_note(&v.lock),
            reason: posted("reason").unwrap_or_default(),
            reason_error,
            notice: shown.notice,
            summary,
            general: shown.general,
            ctx,
        },
    )
}

pub async fn show(
    State(st): State<AppState>,
    s: SignedIn,
    Query(q): Query<SasaranQuery>,
) -> Result<Response, PageError> {
    let Some(pkm) = puskesmas_of(&s, &q.puskesmas) else {
        let rest = crate::pages::query(&[("year", q.year.trim())]);
        return picker(&st, &s, "cov_sasaran.title", "/coverage/sasaran", &rest).await;
    };
    let year = year_of(&st, &s, &q.year)?;
    let v = app::coverage::sasaran(&st.app, &s.actor, pkm, year).await?;
    let lang = s.visitor.lang;
    let ctx = Ctx::new(&s.visitor);
    let notice = match (q.saved.trim(), q.derived.trim(), SasaranKind::parse(&q.ratio)) {
        ("0", _, _) => Some(text(lang, "cov_entry.unchanged").to_string()),
        ("", "", Ok(k)) => Some(fill(
            lang,
            "cov_sasaran.ratio_saved",
            &[("kind", &ctx.tk("cov_kind", k))],
        )),
        ("", "", _) => lock_notice(lang, &q.lock, year),
        ("", n, _) => Some(fill(lang, "cov_sasaran.derived_saved", &[("n", n)])),
        (n, _, _) => Some(fill(lang, "cov_sasaran.saved", &[("n", n)])),
    };
    Ok(sasaran_page(
        ctx,
        v,
        Shown {
            notice,
            ..Shown::default()
        },
    ))
}

fn back(pkm: i64, year: i32, what: &str) -> Response {
    Redirect::to(&format!("/coverage/sasaran?puskesmas={pkm}&year={year}&{what}")).into_response()
}

/// Maps a use case's errors onto the page: `rows[i]` to the cell of row `i`, the reason to
/// its field; the rest are the page's own.
fn on_page(inv: Invalid, fields: &[String]) -> (Invalid, Invalid) {
    let mut mapped = Invalid::new();
    let mut general = Invalid::new();
    for e in inv.0 {
        match row_error(&e.field, "rows").and_then(|(i, _)| fields.get(i)) {
            Some(f) => mapped.add(f.clone(), e.code),
            None if e.field == "reason" => mapped.add("reason", e.code),
            None => general.0.push(e),
        }
    }
    (mapped, general)
}

pub async fn save(
    State(st): State<AppState>,
    s: SignedIn,
    Query(q): Query<SasaranQuery>,
    CsrfForm(form): CsrfForm<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let pkm = puskesmas_of(&s, &q.puskesmas).ok_or(AppError::NotFound)?;
    let year = year_of(&st, &s, &q.year)?;
    let v = app::coverage::sasaran(&st.app, &s.actor, pkm, year).await?;
    let mut own = Invalid::new();
    let mut rows = Vec::new();
    let mut fields = Vec::new();
    for d in &v.desa {
        for k in SasaranKind::ALL {
            let field = format!("s.{k}.{}", d.desa_code);
            let Some(raw) = form.get(&field) else {
                continue;
            };
            let stored = v.get(&d.desa_code, *k).map(|r| r.value);
            let value = match cell_number(raw) {
                Ok(Some(x)) if Some(x) == stored => continue,
                Ok(Some(x)) => x,
                Ok(None) if stored.is_none() => continue,
                // A figure once recorded is changed, not removed.
                Ok(None) => {
                    own.add(&field, "required");
                    f64::NAN
                }
                Err(code) => {
                    own.add(&field, code);
                    f64::NAN
                }
            };
            rows.push(SasaranInput {
                desa_code: d.desa_code.clone(),
                year,
                kind: *k,
                value,
            });
            fields.push(field);
        }
    }
    let lang = s.visitor.lang;
    if rows.is_empty() {
        if v.can_edit {
            return Ok(back(pkm, year, "saved=0"));
        }
        if v.lock.is_none() {
            return Err(AppError::Forbidden.into());
        }
        // Locked for this account: say so rather than store nothing.
        return Ok(sasaran_page(
            Ctx::new(&s.visitor),
            v,
            Shown {
                general: vec![text(lang, "year.locked").to_string()],
                ..Shown::default()
            },
        ));
    }
    let reason = form.get("reason").map(String::as_str);
    match app::coverage::save_sasaran(&st.app, &s.actor, pkm, rows, SasaranSource::Entered, reason).await {
        Ok(n) => Ok(back(pkm, year, &format!("saved={n}"))),
        Err(e) => {
            let (mapped, general) = on_page(split_invalid(e)?, &fields);
            own.merge(mapped);
            Ok(sasaran_page(
                Ctx::new(&s.visitor),
                v,
                Shown {
                    form: Some(&form),
                    errs: own,
                    general: messages(lang, &general),
                    ..Shown::default()
                },
            ))
        }
    }
}

#[derive(Deserialize, Default)]
pub struct DeriveForm {
    #[serde(default)]
    pub reason: String,
}

pub async fn derive(
    State(st): State<AppState>,
    s: SignedIn,
    Query(q): Query<SasaranQuery>,
    CsrfForm(f): CsrfForm<DeriveForm>,
) -> Result<Response, PageError> {
    let pkm = puskesmas_of(&s, &q.puskesmas).ok_or(AppError::NotFound)?;
    let year = year_of(&st, &s, &q.year)?;
    match app::coverage::derive_sasaran(&st.app, &s.actor, pkm, year, Some(f.reason.as_str())).await {
        Ok(n) => Ok(back(pkm, year, &format!("derived={n}"))),
        Err(e) => {
            let (mapped, general) = on_page(split_invalid(e)?, &[]);
            let v = app::coverage::sasaran(&st.app, &s.actor, pkm, year).await?;
            let form: HashMap<String, String> = [("reason".to_string(), f.reason.clone())].into();
            Ok(sasaran_page(
                Ctx::new(&s.visitor),
                v,
                Shown {
                    form: Some(&form),
                    errs: mapped,
                    general: messages(s.visitor.lang, &general),
                    ..Shown::default()
                },
            ))
        }
    }
}

// --- ratios -------------------------------------------------------------------------------------

#[derive(Deserialize, Default)]
pub struct RatioForm {
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub ratio: String,
    #[serde(default)]
    pub basis: String,
    /// The sasaran page to go back to.
    #[serde(default)]
    pub puskesmas: String,
    #[serde(default)]
    pub year: String,
}

pub async fn save_ratio(
    State(st): State<AppState>,
    s: SignedIn,
    CsrfForm(f): CsrfForm<RatioForm>,
) -> Result<Response, PageError> {
    let mut own = Invalid::new();
    let kind = own.check("ratio_kind", SasaranKind::parse(&f.kind));
    let ratio = match cell_number(&f.ratio) {
        Ok(Some(r)) => r,
        Ok(None) => {
            own.add("ratio_ratio", "required");
            f64::NAN
        }
        Err(code) => {
            own.add("ratio_ratio", code);
            f64::NAN
        }
    };
    let saved = app::coverage::save_ratio(
        &st.app,
        &s.actor,
        kind.unwrap_or(SasaranKind::Penduduk),
        ratio,
        &f.basis,
    )
    .await;
    let pkm = f.puskesmas.trim().parse::<i64>().ok();
    let year = f.year.trim().parse::<i32>().ok();
    match saved {
        Ok(()) => {
            let k = kind.map(|k| k.as_str()).unwrap_or_default();
            let to = match (pkm, year) {
                (Some(p), Some(y)) => format!("/coverage/sasaran?puskesmas={p}&year={y}&ratio={k}"),
                _ => format!("/coverage/sasaran?ratio={k}"),
            };
            Ok(Redirect::to(&to).into_response())
        }
        Err(e) => {
            let inv = split_invalid(e)?;
            let (Some(pkm), Some(_)) = (pkm, kind) else {
                own.merge(inv);
                return Err(AppError::from(own).into());
            };
            let mut mapped = Invalid::new();
            for e in inv.0 {
                mapped.add(format!("ratio_{}", e.field), e.code);
            }
            own.merge(mapped);
            let year = year_of(&st, &s, &f.year)?;
            let v = app::coverage::sasaran(&st.app, &s.actor, pkm, year).await?;
            Ok(sasaran_page(
                Ctx::new(&s.visitor),
                v,
                Shown {
                    ratio: Some(&f),
                    errs: own,
                    ..Shown::default()
                },
            ))
        }
    }
}
