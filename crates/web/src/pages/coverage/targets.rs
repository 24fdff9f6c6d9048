//! A Puskesmas's targets for a year (`/coverage/targets`, the SK target kinerja): every
//! indicator in force with the catalogue's default and the Puskesmas's own target. Once Dinkes
//! locks the year (`POST /coverage/lock`, also used by the sasaran page) the page is read-only
//! for the Puskesmas, and Dinkes changes it with a reason kept in the audit log.

use super::entry::{by_programme, cell_number, day, indicator_name, messages, picker, puskesmas_of, row_error};
use crate::AppState;
use crate::ctx::{Ctx, SignedIn};
use crate::error::PageError;
use crate::form::CsrfForm;
use crate::format::typed;
use crate::i18n::{Lang, fill, text};
use crate::pages::{Errs, render_status, split_invalid};
use app::AppError;
use app::coverage::{TargetsView, district_of, unit_suffix};
use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Datelike;
use domain::Invalid;
use domain::coverage::{TargetInput, YEARS};
use serde::Deserialize;
use std::collections::HashMap;

#[derive(Deserialize, Default)]
pub struct TargetsQuery {
    #[serde(default)]
    pub puskesmas: String,
    /// The current year when empty.
    #[serde(default)]
    pub year: String,
    #[serde(default)]
    pub saved: String,
    /// `locked` or `unlocked` after the lock buttons.
    #[serde(default)]
    pub lock: String,
}

/// The year asked for, else the current one.
pub(super) fn year_of(st: &AppState, s: &SignedIn, asked: &str) -> Result<i32, PageError> {
    let t = asked.trim();
    if t.is_empty() {
        return Ok(st.app.clock().today_for(&s.actor).year());
    }
    match t.parse::<i32>() {
        Ok(y) if YEARS.contains(&y) => Ok(y),
        _ => Err(AppError::from(Invalid::one("year", "year.range")).into()),
    }
}

/// The notice after the lock buttons.
pub(super) fn lock_notice(lang: Lang, asked: &str, year: i32) -> Option<String> {
    let y = year.to_string();
    match asked.trim() {
        "locked" => Some(fill(lang, "cov_lock.locked", &[("year", &y)])),
        "unlocked" => Some(fill(lang, "cov_lock.unlocked", &[("year", &y)])),
        _ => None,
    }
}

/// Who locked the year and when, for the note.
pub(super) struct LockNote {
    pub by: String,
    pub on: String,
}

pub(super) fn lock_note(l: &Option<store::coverage::LockRow>) -> Option<LockNote> {
    l.as_ref().map(|l| LockNote {
        by: l.locked_by.clone().unwrap_or_default(),
        on: day(l.locked_at.date_naive()),
    })
}

struct TLine {
    code: String,
    name: String,
    unit: &'static str,
    /// The catalogue's default, as text.
    default: String,
    field: String,
    value: String,
    error: Option<String>,
    derived: bool,
}

struct TGroup {
    label: String,
    lines: Vec<TLine>,
}

#[derive(Template)]
#[template(path = "coverage/targets.html")]
struct TargetsPage {
    title: String,
    ctx: Ctx,
    pkm_id: i64,
    pkm_name: String,
    year: i32,
    district: String,
    groups: Vec<TGroup>,
    can_edit: bool,
    can_approve: bool,
    lock: Option<LockNote>,
    /// Locked and editable: an approver's change needs a reason.
    needs_reason: bool,
    reason: String,
    reason_error: Option<String>,
    notice: Option<String>,
    summary: Vec<(String, String)>,
    general: Vec<String>,
}

fn targets_page(
    ctx: Ctx,
    v: TargetsView,
    form: Option<&HashMap<String, String>>,
    inv: Invalid,
    general: Vec<String>,
    notice: Option<String>,
) -> Response {
    let lang = ctx.lang;
    let errs = Errs::new(lang, inv.clone());
    let posted = |name: &str| form.and_then(|f| f.get(name)).cloned();
    let rows: Vec<store::coverage::IndicatorRow> = v.lines.iter().map(|l| l.indicator.clone()).collect();
    let own: HashMap<&str, Option<f64>> = v.lines.iter().map(|l| (l.indicator.code.as_str(), l.target)).collect();
    let mut summary = Vec::new();
    let mut groups = Vec::new();
    for (label, inds) in by_programme(&ctx, &rows) {
        let mut lines = Vec::new();
        for ind in inds {
            let field = format!("t.{}", ind.code);
            let unit = unit_suffix(ind.unit);
            let name = indicator_name(lang, ind);
            let error = errs.on(&field);
            if let Some(e) = &error {
                summary.push((field.clone(), format!("{} {}: {e}", ind.code, name)));
            }
            lines.push(TLine {
                value: posted(&field)
                    .or_else(|| own.get(ind.code.as_str()).copied().flatten().map(|t| typed(lang, t)))
                    .unwrap_or_default(),
                default: ind
                    .target
                    .map(|t| format!("{}{unit}", typed(lang, t)))
                    .unwrap_or_else(|| "—".into()),
                code: ind.code.clone(),
                name,
                unit,
                field,
                error,
                derived: ind.derived.is_some(),
            });
        }
        groups.push(TGroup { label, lines });
    }
    let reason_error = errs.on("reason");
    if let Some(e) = &reason_error {
        summary.push(("reason".into(), format!("{}: {e}", text(lang, "cov_lock.reason"))));
    }
    let status = if inv.is_empty() && general.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    render_status(
        status,
        &TargetsPage {
            title: format!("{} {} — {}", ctx.t("cov_targets.title"), v.year, v.puskesmas.name),
            pkm_id: v.puskesmas.id,
            pkm_name: v.puskesmas.name.clone(),
            year: v.year,
            district: district_of(&v.puskesmas.region_code),
            groups,
            can_edit: v.can_edit,
            can_approve: v.can_approve,
            needs_reason: v.lock.is_some() && v.can_edit,
            lock: lock_note(&v.lock),
            reason: posted("reason").unwrap_or_default(),
            reason_error,
            notice,
            summary,
            general,
            ctx,
        },
    )
}

pub async fn show(
    State(st): State<AppState>,
    s: SignedIn,
    Query(q): Query<TargetsQuery>,
) -> Result<Response, PageError> {
    let Some(pkm) = puskesmas_of(&s, &q.puskesmas) else {
        let rest = crate::pages::query(&[("year", q.year.trim())]);
        return picker(&st, &s, "cov_targets.title", "/coverage/targets", &rest).await;
    };
    let year = year_of(&st, &s, &q.year)?;
    let v = app::coverage::targets(&st.app, &s.actor, pkm, year).await?;
    let lang = s.visitor.lang;
    let notice = match q.saved.trim() {
        "" => lock_notice(lang, &q.lock, year),
        "0" => Some(text(lang, "cov_entry.unchanged").to_string()),
        n => Some(fill(lang, "cov_targets.saved", &[("n", n)])),
    };
    Ok(targets_page(
        Ctx::new(&s.visitor),
        v,
        None,
        Invalid::new(),
        Vec::new(),
        notice,
    ))
}

pub async fn save(
    State(st): State<AppState>,
    s: SignedIn,
    Query(q): Query<TargetsQuery>,
    CsrfForm(form): CsrfForm<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let pkm = puskesmas_of(&s, &q.puskesmas).ok_or(AppError::NotFound)?;
    let year = year_of(&st, &s, &q.year)?;
    let v = app::coverage::targets(&st.app, &s.actor, pkm, year).await?;
    let mut own = Invalid::new();
    let mut rows = Vec::new();
    let mut fields = Vec::new();
    for l in &v.lines {
        let field = format!("t.{}", l.indicator.code);
        let Some(raw) = form.get(&field) else {
            continue;
        };
        let target = match cell_number(raw) {
            Ok(Some(t)) if Some(t) == l.target => continue,
            Ok(Some(t)) => t,
            Ok(None) if l.target.is_none() => continue,
            // A target once set is changed, not removed.
            Ok(None) => {
                own.add(&field, "required");
                f64::NAN
            }
            Err(code) => {
                own.add(&field, code);
                f64::NAN
            }
        };
        rows.push(TargetInput {
            indicator_code: l.indicator.code.clone(),
            target,
        });
        fields.push(field);
    }
    let back =
        |n: usize| Redirect::to(&format!("/coverage/targets?puskesmas={pkm}&year={year}&saved={n}")).into_response();
    if rows.is_empty() && v.can_edit {
        return Ok(back(0));
    }
    let reason = form.get("reason").map(String::as_str);
    match app::coverage::save_targets(&st.app, &s.actor, pkm, year, rows, reason).await {
        Ok(n) => Ok(back(n)),
        Err(e) => {
            let inv = split_invalid(e)?;
            let mut mapped = Invalid::new();
            let mut general = Invalid::new();
            for e in inv.0 {
                match row_error(&e.field, "rows").and_then(|(i, _)| fields.get(i)) {
                    Some(f) => mapped.add(f.clone(), e.code),
                    None if e.field == "reason" => mapped.add("reason", e.code),
                    None => general.0.push(e),
                }
            }
            own.merge(mapped);
            let lang = s.visitor.lang;
            Ok(targets_page(
                Ctx::new(&s.visitor),
                v,
                Some(&form),
                own,
                messages(lang, &general),
                None,
            ))
        }
    }
}

// --- the lock -----------------------------------------------------------------------------------

#[derive(Deserialize, Default)]
pub struct LockForm {
    #[serde(default)]
    pub district: String,
    #[serde(default)]
    pub year: String,
    /// `1` locks, anything else unlocks.
    #[serde(default)]
    pub locked: String,
    /// Where to go back to: the Puskesmas and the page (`targets` or `sasaran`).
    #[serde(default)]
    pub puskesmas: String,
    #[serde(default)]
    pub back: String,
}

pub async fn lock(
    State(st): State<AppState>,
    s: SignedIn,
    CsrfForm(f): CsrfForm<LockForm>,
) -> Result<Response, PageError> {
    // A year that does not read is 0, which the use case refuses (after who may lock).
    let year = f.year.trim().parse::<i32>().unwrap_or(0);
    let locked = matches!(f.locked.trim(), "1" | "true" | "on");
    app::coverage::set_lock(&st.app, &s.actor, f.district.trim(), year, locked).await?;
    let page = if f.back == "sasaran" { "sasaran" } else { "targets" };
    let state = if locked { "locked" } else { "unlocked" };
    let to = match f.puskesmas.trim().parse::<i64>() {
        Ok(p) => format!("/coverage/{page}?puskesmas={p}&year={year}&lock={state}"),
        Err(_) => format!("/coverage/{page}?year={year}&lock={state}"),
    };
    Ok(Redirect::to(&to).into_response())
}
