//! Step 3: the progress, the result with its problems, the JSON status and the problems as CSV.

use super::*;

// --- step 3: progress and result ---------------------------------------------------------

pub(super) fn phase_label(lang: Lang, phase: Phase) -> String {
    text(lang, &format!("import.phase.{}", phase.as_str())).to_string()
}

pub(super) fn count_text(lang: Lang, done: usize, total: usize) -> String {
    format!(
        "{done} {} {total} {}",
        text(lang, "common.of"),
        text(lang, "import.rows")
    )
}

#[derive(Template)]
#[template(path = "import/progress.html")]
pub(super) struct ProgressPage {
    pub(super) title: String,
    pub(super) ctx: Ctx,
    pub(super) token: String,
    pub(super) filename: String,
    pub(super) phase: String,
    pub(super) done: usize,
    pub(super) total: usize,
    pub(super) percent: usize,
    pub(super) count: String,
}

/// One problem as the page shows it.
pub(super) struct ErrorLine {
    pub(super) line: usize,
    pub(super) column: String,
    pub(super) value: String,
    pub(super) reason: String,
}

#[derive(Template)]
#[template(path = "import/report.html")]
pub(super) struct ReportPage {
    pub(super) title: String,
    pub(super) ctx: Ctx,
    pub(super) token: String,
    pub(super) filename: String,
    pub(super) sheet: String,
    pub(super) report: Option<Report>,
    pub(super) failed: Option<&'static str>,
    pub(super) stored: bool,
    pub(super) can_import: bool,
    pub(super) errors: Vec<ErrorLine>,
    pub(super) error_count: usize,
    /// (field label, header) of the columns read.
    pub(super) used: Vec<(String, String)>,
}

pub(super) fn reason(lang: Lang, code: &str, detail: &Option<String>) -> String {
    match detail {
        Some(d) => format!("{}: {d}", text(lang, code)),
        None => text(lang, code).to_string(),
    }
}

/// GET /import/{token}: the progress of a run, or its result (the mapping when none ran).
pub async fn show(State(st): State<AppState>, s: SignedIn, Path(token): Path<String>) -> Result<Response, PageError> {
    allowed(&s.actor)?;
    let Some(job) = st.imports.view(&token, &owner(&s)) else {
        return Ok(gone(&s.visitor));
    };
    let lang = s.visitor.lang;
    let Some(run) = &job.run else {
        return Ok(Redirect::to(&format!("/import/{token}/mapping")).into_response());
    };
    let ctx = Ctx::new(&s.visitor);
    let Some(outcome) = &run.outcome else {
        let title = match run.kind {
            Kind::Check => ctx.t("import.checking_title"),
            Kind::Import => ctx.t("import.storing_title"),
        };
        return Ok(render(&ProgressPage {
            title: title.into(),
            token,
            filename: job.filename.clone(),
            phase: phase_label(lang, run.phase),
            done: run.done,
            total: run.total,
            percent: (run.done * 100).checked_div(run.total).unwrap_or(0),
            count: count_text(lang, run.done, run.total),
            ctx,
        }));
    };
    let (report, failed) = match outcome.as_ref() {
        Outcome::Invalid(inv) => {
            return Ok(mapping_page(
                &s.visitor,
                &token,
                &job,
                StatusCode::UNPROCESSABLE_ENTITY,
                Errs::new(lang, inv.clone()),
            ));
        }
        Outcome::Done(r) => (Some(r.clone()), None),
        Outcome::Failed(key) => (None, Some(*key)),
    };
    let stored = report.as_ref().is_some_and(|r| r.stored);
    let errors: Vec<ErrorLine> = report
        .iter()
        .flat_map(|r| r.errors.iter().take(SHOWN_ERRORS))
        .map(|e| ErrorLine {
            line: e.line,
            column: e.column.clone(),
            value: e.value.clone(),
            reason: reason(lang, e.code, &e.detail),
        })
        .collect();
    let used = report
        .iter()
        .flat_map(|r| r.mapping.iter())
        .filter_map(|(k, h)| Field::parse(k).map(|f| (field_label(lang, f), h.clone())))
        .collect();
    let title = if stored {
        ctx.t("import.stored_title")
    } else {
        ctx.t("import.report_title")
    };
    Ok(render(&ReportPage {
        title: title.into(),
        token,
        filename: job.filename.clone(),
        sheet: job.preview.sheet.clone().unwrap_or_default(),
        can_import: run.kind == Kind::Check && report.as_ref().is_some_and(|r| r.errors.is_empty()),
        error_count: report.as_ref().map(|r| r.errors.len()).unwrap_or(0),
        stored,
        errors,
        used,
        failed,
        report,
        ctx,
    }))
}

/// GET /import/{token}/status: the run's progress as JSON (for the page's script).
pub async fn status(State(st): State<AppState>, s: SignedIn, Path(token): Path<String>) -> Response {
    let lang = s.visitor.lang;
    let Some(job) = st.imports.view(&token, &owner(&s)).filter(|_| may_import(&s.actor)) else {
        return (StatusCode::NOT_FOUND, Json(serde_json::json!({"state": "gone"}))).into_response();
    };
    let page = format!("/import/{token}");
    let body = match &job.run {
        None => serde_json::json!({"state": "idle", "page": page}),
        Some(r) => {
            let state = match r.outcome.as_deref() {
                None => "running",
                Some(Outcome::Done(_)) => "done",
                Some(Outcome::Invalid(_)) => "invalid",
                Some(Outcome::Failed(_)) => "failed",
            };
            let (done, total) = match r.outcome.as_deref() {
                Some(Outcome::Done(rep)) => (rep.rows, rep.rows),
                _ => (r.done, r.total),
            };
            serde_json::json!({
                "state": state,
                "kind": r.kind.as_str(),
                "phase": if r.outcome.is_some() { "done" } else { r.phase.as_str() },
                "done": done,
                "total": total,
                "label": phase_label(lang, r.phase),
                "text": count_text(lang, done, total),
                "page": page,
            })
        }
    };
    ([(header::CACHE_CONTROL, "no-store")], Json(body)).into_response()
}

/// GET /import/{token}/errors.csv: every problem of the last run (row, column, value, reason).
pub async fn errors_csv(
    State(st): State<AppState>,
    s: SignedIn,
    Path(token): Path<String>,
) -> Result<Response, PageError> {
    allowed(&s.actor)?;
    let Some(job) = st.imports.view(&token, &owner(&s)) else {
        return Ok(gone(&s.visitor));
    };
    let Some(Outcome::Done(report)) = job.run.as_ref().and_then(|r| r.outcome.as_deref()) else {
        return Err(AppError::NotFound.into());
    };
    let lang = s.visitor.lang;
    let bytes = app::import::report_csv(lang, &report.errors);
    let stem = job.filename.rsplit_once('.').map(|(a, _)| a).unwrap_or(&job.filename);
    let stem: String = stem
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!(
                    "attachment; filename=\"{stem}-{}.csv\"",
                    text(lang, "import.errors_file")
                ),
            ),
            (header::CACHE_CONTROL, "private, no-store".to_string()),
        ],
        bytes,
    )
        .into_response())
}
