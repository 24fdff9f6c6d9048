//! The e-PPGBM import on the web, in steps: upload a CSV or XLSX file, map its columns (the
//! automatic mapping prefilled, a sheet choice for workbooks), a dry run that reports every
//! problem row by row (also as CSV), and — only after a clean dry run — the import itself.
//!
//! The uploaded file is kept in memory ([`Jobs`] of `app::import_jobs`, in the web state) under a random token tied
//! to the account and its session, for an hour after its last use, with a size limit per
//! file, a few files per account and a bound on the whole store. Checking and storing run in
//! the background; the page shows their progress and refreshes itself (with JavaScript,
//! `/static/import.js` updates it from the JSON status instead). The checks, the scoping of
//! rows to the Posyandu the account may write, the all-or-nothing store and the audit row are
//! `app::import`.

use super::{Errs, render, render_status};
use crate::AppState;
use crate::ctx::{Ctx, SignedIn, Visitor};
use crate::error::PageError;
use crate::form::CsrfForm;
use crate::i18n::{Lang, text};
use app::AppError;
use app::import::{Options, Report};
use app::import_jobs::{JobView, Kind, Outcome, Owner, Phase, Run, preview, start};
use askama::Template;
use axum::Json;
use axum::extract::{FromRequest, Multipart, Path, Request, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use domain::Invalid;
use domain::access::Actor;
use interop::eppgbm::{Field, Mapping};
use serde::Deserialize;
use std::collections::HashMap;
use std::sync::Arc;

/// Largest file accepted (an e-PPGBM export of about 100,000 rows fits).
pub const MAX_FILE_BYTES: usize = app::files::MAX_IMPORT_BYTES;
/// Problems listed on the page (all of them are in the CSV).
const SHOWN_ERRORS: usize = 200;

/// Whether the account records measurements (and so may import them): the rows it may store
/// are still limited to its area by the use case.
pub fn may_import(actor: &Actor) -> bool {
    domain::access::works_with_children(actor)
}

fn allowed(actor: &Actor) -> Result<(), PageError> {
    if may_import(actor) {
        Ok(())
    } else {
        Err(AppError::Forbidden.into())
    }
}

/// Header spellings the file may use for a field, as people write them (the reader also
/// accepts other spellings; see `interop::eppgbm`).
fn usual_headers(f: Field) -> &'static str {
    match f {
        Field::Nik => "NIK, NIK Anak",
        Field::Name => "Nama, Nama Anak, Nama Balita",
        Field::Sex => "JK, Jenis Kelamin, L/P",
        Field::BirthDate => "Tgl Lahir, Tanggal Lahir",
        Field::BirthWeight => "BB Lahir, Berat Lahir",
        Field::BirthLength => "PB Lahir, Panjang Lahir",
        Field::MotherName => "Nama Ibu, Nama Ortu",
        Field::MotherNik => "NIK Ibu",
        Field::KkNumber => "No KK, Nomor KK",
        Field::Desa => "Desa, Kelurahan, Desa/Kel",
        Field::Posyandu => "Posyandu, Nama Posyandu",
        Field::Rt => "RT",
        Field::Rw => "RW",
        Field::Address => "Alamat",
        Field::MeasuredOn => "Tgl Ukur, Tanggal Pengukuran, Tgl Penimbangan",
        Field::Weight => "BB, Berat, Berat Badan",
        Field::Height => "TB, PB, TB/PB, Tinggi Badan",
        Field::Position => "Cara Ukur, Posisi",
        Field::Oedema => "Edema",
        Field::Muac => "LiLA",
        Field::Head => "Lingkar Kepala, LK",
        Field::HasKia => "Buku KIA, KMS",
    }
}

fn field_label(lang: Lang, f: Field) -> String {
    text(lang, &format!("import.field.{}", f.key())).to_string()
}

// --- the kept files ----------------------------------------------------------------------
/// The owner of the files this visitor uploads: its account and session.
fn owner(s: &SignedIn) -> Owner {
    Owner {
        user_id: s.actor.user_id,
        session: app::auth::sha256_hex(&s.visitor.binding),
    }
}

// --- step 1: upload ----------------------------------------------------------------------

struct FieldInfo {
    label: String,
    usual: &'static str,
    required: bool,
}

#[derive(Template)]
#[template(path = "import/upload.html")]
struct UploadPage {
    title: String,
    ctx: Ctx,
    errs: Errs,
    sheet: String,
    fields: Vec<FieldInfo>,
    max_mb: usize,
}

fn upload_page(v: &Visitor, status: StatusCode, errs: Errs, sheet: String) -> Response {
    let ctx = Ctx::new(v);
    let fields = Field::ALL
        .iter()
        .map(|f| FieldInfo {
            label: field_label(ctx.lang, *f),
            usual: usual_headers(*f),
            required: Field::REQUIRED.contains(f),
        })
        .collect();
    render_status(
        status,
        &UploadPage {
            title: ctx.t("import.title").into(),
            errs,
            sheet,
            fields,
            max_mb: MAX_FILE_BYTES / (1024 * 1024),
            ctx,
        },
    )
}

/// GET /import: the upload form and what the file should hold.
pub async fn new(s: SignedIn) -> Result<Response, PageError> {
    allowed(&s.actor)?;
    Ok(upload_page(&s.visitor, StatusCode::OK, Errs::none(), String::new()))
}

/// The upload form's body: its text fields and the file — or only that it was too large.
pub struct UploadForm {
    fields: Vec<(String, String)>,
    file: Option<(String, Vec<u8>)>,
    too_large: bool,
}

impl UploadForm {
    fn get(&self, name: &str) -> &str {
        self.fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .unwrap_or("")
    }
}

impl FromRequest<AppState> for UploadForm {
    type Rejection = Response;
    async fn from_request(req: Request, st: &AppState) -> Result<Self, Self::Rejection> {
        let visitor = req.extensions().get::<Visitor>().cloned();
        let mut mp = Multipart::from_request(req, st)
            .await
            .map_err(IntoResponse::into_response)?;
        let mut out = UploadForm {
            fields: Vec::new(),
            file: None,
            too_large: false,
        };
        loop {
            let field = match mp.next_field().await {
                Ok(Some(f)) => f,
                Ok(None) => break,
                Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                    out.too_large = true;
                    break;
                }
                Err(e) => return Err(e.into_response()),
            };
            let name = field.name().unwrap_or("").to_string();
            let filename = field.file_name().map(str::to_string);
            let data = match field.bytes().await {
                Ok(d) => d,
                Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                    out.too_large = true;
                    break;
                }
                Err(e) => return Err(e.into_response()),
            };
            match filename {
                Some(_) if data.len() > MAX_FILE_BYTES => {
                    out.too_large = true;
                    break;
                }
                Some(f) if !data.is_empty() => out.file = Some((f, data.to_vec())),
                Some(_) => {}
                None => out.fields.push((name, String::from_utf8_lossy(&data).into_owned())),
            }
        }
        // A body cut short may lack its token; nothing is kept from it then.
        if !out.too_large {
            let ok = visitor.is_some_and(|v| app::auth::csrf_ok(&st.app, &v.binding, out.get("_csrf")));
            if !ok {
                return Err(PageError::Csrf.into_response());
            }
        }
        Ok(out)
    }
}

/// POST /import: keeps the file and goes to the column mapping.
pub async fn upload(State(st): State<AppState>, s: SignedIn, form: UploadForm) -> Result<Response, PageError> {
    allowed(&s.actor)?;
    let lang = s.visitor.lang;
    let sheet = form.get("sheet").trim().to_string();
    if form.too_large {
        let mut inv = Invalid::new();
        inv.add_detail(
            "file",
            "import.too_large",
            format!("{} MB", MAX_FILE_BYTES / (1024 * 1024)),
        );
        return Ok(upload_page(
            &s.visitor,
            StatusCode::PAYLOAD_TOO_LARGE,
            Errs::new(lang, inv),
            sheet,
        ));
    }
    let Some((filename, bytes)) = form.file else {
        let inv = Invalid::one("file", "import.no_file");
        return Ok(upload_page(
            &s.visitor,
            StatusCode::UNPROCESSABLE_ENTITY,
            Errs::new(lang, inv),
            sheet,
        ));
    };
    let bytes = Arc::new(bytes);
    let p = match preview(
        &st.imports,
        bytes.clone(),
        Some(sheet.clone()).filter(|s| !s.is_empty()),
    )
    .await
    {
        Ok(p) => p,
        Err(inv) => {
            return Ok(upload_page(
                &s.visitor,
                StatusCode::UNPROCESSABLE_ENTITY,
                Errs::new(lang, inv),
                sheet,
            ));
        }
    };
    match st
        .imports
        .insert(owner(&s), app::files::safe_filename_or(&filename, "import"), bytes, p)
    {
        Ok(token) => Ok(Redirect::to(&format!("/import/{token}/mapping")).into_response()),
        Err(code) => Ok(upload_page(
            &s.visitor,
            StatusCode::SERVICE_UNAVAILABLE,
            Errs::new(lang, Invalid::one("file", code)),
            sheet,
        )),
    }
}

// --- step 2: column mapping --------------------------------------------------------------

struct MapRow {
    key: &'static str,
    label: String,
    usual: &'static str,
    required: bool,
    selected: String,
    /// A required field without a column.
    missing: bool,
    /// The form field's name (`map.KEY`).
    name: String,
}

#[derive(Template)]
#[template(path = "import/mapping.html")]
struct MappingPage {
    title: String,
    ctx: Ctx,
    errs: Errs,
    token: String,
    filename: String,
    sheet: String,
    sheets: Vec<String>,
    rows: usize,
    /// (header, example value) of every column.
    columns: Vec<(String, String)>,
    /// Headers a field may be mapped to (non-empty, each once).
    headers: Vec<String>,
    map: Vec<MapRow>,
    missing: usize,
}

fn mapping_page(v: &Visitor, token: &str, job: &JobView, status: StatusCode, errs: Errs) -> Response {
    let ctx = Ctx::new(v);
    let p = &job.preview;
    let mut headers: Vec<String> = Vec::new();
    for h in &p.headers {
        if !h.trim().is_empty() && !headers.contains(h) {
            headers.push(h.clone());
        }
    }
    let chosen: Vec<(String, String)> = match &job.choices {
        Some(c) => c.clone(),
        None => {
            let auto = Mapping::auto(&p.headers);
            Field::ALL
                .iter()
                .map(|f| {
                    let h = auto
                        .column(*f)
                        .and_then(|i| p.headers.get(i).cloned())
                        .unwrap_or_default();
                    (f.key().to_string(), h)
                })
                .collect()
        }
    };
    let map: Vec<MapRow> = Field::ALL
        .iter()
        .map(|f| {
            let selected = chosen
                .iter()
                .find(|(k, _)| k == f.key())
                .map(|(_, h)| h.clone())
                .unwrap_or_default();
            let required = Field::REQUIRED.contains(f);
            MapRow {
                key: f.key(),
                label: field_label(ctx.lang, *f),
                usual: usual_headers(*f),
                required,
                missing: required && selected.is_empty(),
                selected,
                name: format!("map.{}", f.key()),
            }
        })
        .collect();
    let missing = map.iter().filter(|m| m.missing).count();
    render_status(
        status,
        &MappingPage {
            title: ctx.t("import.mapping_title").into(),
            errs,
            token: token.to_string(),
            filename: job.filename.clone(),
            sheet: p.sheet.clone().unwrap_or_default(),
            sheets: p.sheets.clone(),
            rows: p.rows,
            columns: p.headers.iter().cloned().zip(p.sample.iter().cloned()).collect(),
            headers,
            map,
            missing,
            ctx,
        },
    )
}

#[derive(Template)]
#[template(path = "import/gone.html")]
struct GonePage {
    title: String,
    ctx: Ctx,
}

/// The page for a token that is unknown, expired, or someone else's.
fn gone(v: &Visitor) -> Response {
    let ctx = Ctx::new(v);
    render_status(
        StatusCode::NOT_FOUND,
        &GonePage {
            title: ctx.t("import.gone_title").into(),
            ctx,
        },
    )
}

/// GET /import/{token}/mapping
pub async fn mapping(
    State(st): State<AppState>,
    s: SignedIn,
    Path(token): Path<String>,
) -> Result<Response, PageError> {
    allowed(&s.actor)?;
    let Some(job) = st.imports.view(&token, &owner(&s)) else {
        return Ok(gone(&s.visitor));
    };
    Ok(mapping_page(&s.visitor, &token, &job, StatusCode::OK, Errs::none()))
}

#[derive(Deserialize)]
pub struct SheetForm {
    #[serde(default)]
    sheet: String,
}

/// POST /import/{token}/sheet: reads another sheet of the workbook.
pub async fn choose_sheet(
    State(st): State<AppState>,
    s: SignedIn,
    Path(token): Path<String>,
    CsrfForm(f): CsrfForm<SheetForm>,
) -> Result<Response, PageError> {
    allowed(&s.actor)?;
    let who = owner(&s);
    let Some(bytes) = st.imports.with(&token, &who, |j| j.bytes.clone()) else {
        return Ok(gone(&s.visitor));
    };
    let read = preview(&st.imports, bytes, Some(f.sheet.trim().to_string())).await;
    let changed = st.imports.with(&token, &who, |j| match read {
        Ok(p) if !j.running() => {
            j.preview = p;
            j.choices = None;
            j.run = None;
            Ok(())
        }
        Ok(_) => Ok(()),
        Err(inv) => Err(inv),
    });
    Ok(after_mapping(
        &st,
        &s,
        &token,
        &who,
        changed,
        &format!("/import/{token}/mapping"),
    ))
}

/// POST /import/{token}/check: the chosen columns, then the dry run in the background.
pub async fn check(
    State(st): State<AppState>,
    s: SignedIn,
    Path(token): Path<String>,
    CsrfForm(form): CsrfForm<HashMap<String, String>>,
) -> Result<Response, PageError> {
    allowed(&s.actor)?;
    let who = owner(&s);
    let actor = s.actor.clone();
    let outcome = st.imports.with(&token, &who, |j| {
        let choices: Vec<(String, String)> = Field::ALL
            .iter()
            .map(|f| {
                let h = form
                    .get(&format!("map.{}", f.key()))
                    .map(|h| h.trim().to_string())
                    .unwrap_or_default();
                (f.key().to_string(), h)
            })
            .collect();
        let mut inv = Invalid::new();
        for (i, (f, (key, h))) in Field::ALL.iter().zip(&choices).enumerate() {
            if h.is_empty() {
                if Field::REQUIRED.contains(f) {
                    inv.add(format!("map.{key}"), "import.column_required");
                }
            } else if !j.preview.headers.iter().any(|x| x.trim() == h) {
                inv.add_detail(format!("map.{key}"), "import.mapping_unknown", h.clone());
            } else if let Some((first, _)) = choices[..i].iter().find(|(_, x)| x == h) {
                // One column read as two fields is a slip of the hand.
                let other = Field::parse(first)
                    .map(|f| field_label(s.visitor.lang, f))
                    .unwrap_or_default();
                inv.add_detail(format!("map.{key}"), "import.column_twice", other);
            }
        }
        j.choices = Some(choices.clone());
        if !inv.is_empty() {
            return Err(inv);
        }
        let opts = Options {
            sheet: j.preview.sheet.clone(),
            mapping: choices,
            dry_run: true,
            ..Default::default()
        };
        start(&st.app, &st.imports, &token, j, actor, Kind::Check, opts);
        Ok(())
    });
    Ok(after_mapping(
        &st,
        &s,
        &token,
        &who,
        outcome,
        &format!("/import/{token}"),
    ))
}

/// Where a mapping step leads: on to `next`, back to the mapping with its problems (422), or
/// to "file no longer here" when the token has expired meanwhile.
fn after_mapping(
    st: &AppState,
    s: &SignedIn,
    token: &str,
    who: &Owner,
    outcome: Option<Result<(), Invalid>>,
    next: &str,
) -> Response {
    match outcome {
        None => gone(&s.visitor),
        Some(Ok(())) => Redirect::to(next).into_response(),
        Some(Err(inv)) => match st.imports.view(token, who) {
            None => gone(&s.visitor),
            Some(job) => mapping_page(
                &s.visitor,
                token,
                &job,
                StatusCode::UNPROCESSABLE_ENTITY,
                Errs::new(s.visitor.lang, inv),
            ),
        },
    }
}

/// POST /import/{token}/run: stores the file exactly as its clean dry run checked it. A second
/// press (or a run without a clean dry run) starts nothing.
pub async fn run(
    State(st): State<AppState>,
    s: SignedIn,
    Path(token): Path<String>,
    CsrfForm(_): CsrfForm<HashMap<String, String>>,
) -> Result<Response, PageError> {
    allowed(&s.actor)?;
    let actor = s.actor.clone();
    let found = st.imports.with(&token, &owner(&s), |j| {
        let cleared = match &j.run {
            Some(Run {
                kind: Kind::Check,
                opts,
                outcome: Some(o),
                ..
            }) => match o.as_ref() {
                Outcome::Done(r) if r.errors.is_empty() => Some(opts.clone()),
                _ => None,
            },
            _ => None,
        };
        if let Some(opts) = cleared {
            let opts = Options { dry_run: false, ..opts };
            start(&st.app, &st.imports, &token, j, actor, Kind::Import, opts);
        }
    });
    match found {
        None => Ok(gone(&s.visitor)),
        Some(()) => Ok(Redirect::to(&format!("/import/{token}")).into_response()),
    }
}

// --- step 3: progress and result ---------------------------------------------------------

fn phase_label(lang: Lang, phase: Phase) -> String {
    text(lang, &format!("import.phase.{}", phase.as_str())).to_string()
}

fn count_text(lang: Lang, done: usize, total: usize) -> String {
    format!(
        "{done} {} {total} {}",
        text(lang, "common.of"),
        text(lang, "import.rows")
    )
}

#[derive(Template)]
#[template(path = "import/progress.html")]
struct ProgressPage {
    title: String,
    ctx: Ctx,
    token: String,
    filename: String,
    phase: String,
    done: usize,
    total: usize,
    percent: usize,
    count: String,
}

/// One problem as the page shows it.
struct ErrorLine {
    line: usize,
    column: String,
    value: String,
    reason: String,
}

#[derive(Template)]
#[template(path = "import/report.html")]
struct ReportPage {
    title: String,
    ctx: Ctx,
    token: String,
    filename: String,
    sheet: String,
    report: Option<Report>,
    failed: Option<&'static str>,
    stored: bool,
    can_import: bool,
    errors: Vec<ErrorLine>,
    error_count: usize,
    /// (field label, header) of the columns read.
    used: Vec<(String, String)>,
}

fn reason(lang: Lang, code: &str, detail: &Option<String>) -> String {
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
    let bytes = app::import::errors_csv(&report.errors, &|c| text(lang, c).to_string());
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The header spellings the upload page names are the ones the reader recognises.
    #[test]
    fn usual_headers_are_recognised() {
        for f in Field::ALL {
            for h in usual_headers(f).split(", ") {
                let headers = vec![h.to_string()];
                assert_eq!(Mapping::auto(&headers).column(f), Some(0), "{h} for {}", f.key());
            }
        }
    }

    #[test]
    fn every_field_has_a_label() {
        for f in Field::ALL {
            assert!(crate::i18n::has(&format!("import.field.{}", f.key())), "{}", f.key());
        }
        for p in [Phase::Read, Phase::Check, Phase::Store] {
            assert!(crate::i18n::has(&format!("import.phase.{}", p.as_str())));
        }
    }

    /// The progress page refreshes itself without JavaScript and carries what the script needs.
    #[test]
    fn the_progress_page_refreshes_itself() {
        let ctx = Ctx {
            lang: Lang::Id,
            actor: None,
            csrf: String::new(),
            path: "/import/t0k3n".into(),
            flash: None,
        };
        let page = ProgressPage {
            title: ctx.t("import.checking_title").into(),
            token: "t0k3n".into(),
            filename: "februari.csv".into(),
            phase: phase_label(Lang::Id, Phase::Check),
            done: 2000,
            total: 5000,
            percent: 40,
            count: count_text(Lang::Id, 2000, 5000),
            ctx,
        }
        .render()
        .unwrap_or_default();
        let head = page.split("</head>").next().unwrap_or("");
        assert!(
            head.contains("<noscript><meta http-equiv=\"refresh\" content=\"1\"></noscript>"),
            "{head}"
        );
        assert!(head.contains("<script src=\"/static/import.js\" defer></script>"));
        assert!(
            page.contains(
                "<progress id=\"import-progress\" class=\"import-progress\" max=\"5000\" value=\"2000\">40%</progress>"
            ),
            "{page}"
        );
        assert!(page.contains("data-status=\"/import/t0k3n/status\" data-page=\"/import/t0k3n\""));
        assert!(page.contains("2000 dari 5000 baris"));
    }
}
