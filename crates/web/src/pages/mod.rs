//! Server-rendered pages. One module per domain word; each handler parses, calls a use case
//! in `lintas-app`, and renders a template from `templates/<word>/`.

pub mod account;
pub mod action;
pub mod agreement;
pub mod audit;
pub mod coverage;
pub mod day;
pub mod forum;
pub mod home;
pub mod import;
pub mod meeting;
pub mod notice;
pub mod nutrition;
pub mod offline;
pub mod org;
pub mod person;
pub mod posyandu;
pub mod publication;
pub mod region;
pub mod scorecard;
pub mod session;
pub mod user;

use crate::AppState;
use crate::i18n::{Lang, text};
use askama::Template;
use axum::Router;
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{MethodRouter, get, post};
use domain::Invalid;

/// Every route of this part: (path, handlers by method). The router is built from this
/// list, and the authorization matrix test walks it, so a route added here without an entry
/// in the matrix fails that test.
pub fn routes() -> Vec<(&'static str, MethodRouter<AppState>)> {
    vec![
        ("/", get(home::show)),
        ("/healthz", get(home::healthz)),
        (
            "/static/style.css",
            get(|| async { asset("text/css; charset=utf-8", include_str!("../../static/style.css")) }),
        ),
        (
            "/static/print.css",
            get(|| async { asset("text/css; charset=utf-8", include_str!("../../static/print.css")) }),
        ),
        (
            "/static/app.js",
            get(|| async { asset("text/javascript; charset=utf-8", include_str!("../../static/app.js")) }),
        ),
        (
            "/static/import.js",
            get(|| async { asset("text/javascript; charset=utf-8", include_str!("../../static/import.js")) }),
        ),
        // offline: the installable app, its service worker and offline page, the phone's
        // copy of the Posyandu's list, and the queue sent back
        (
            "/static/offline.js",
            get(|| async { asset("text/javascript; charset=utf-8", offline::OFFLINE_JS) }),
        ),
        ("/static/icon.svg", get(offline::icon)),
        ("/manifest.webmanifest", get(offline::manifest)),
        ("/sw.js", get(offline::sw)),
        ("/offline", get(offline::shell)),
        ("/posyandu/{id}/offline.json", get(offline::list)),
        (
            "/sync",
            post(nutrition::sync).layer(axum::extract::DefaultBodyLimit::max(nutrition::MAX_SYNC_BYTES)),
        ),
        // public figures, no login (the settings page is for admin and dinkes)
        ("/publik", get(publication::index)),
        ("/publik/cari", get(publication::find)),
        ("/publik/settings", get(publication::settings).post(publication::save)),
        ("/publik/{code}", get(publication::show)),
        ("/publik/{code}/data.csv", get(publication::csv)),
        ("/publik/{code}/stunting.svg", get(publication::svg)),
        ("/login", get(session::login_page).post(session::login)),
        ("/logout", post(session::logout)),
        ("/lang", post(session::set_lang)),
        ("/setup", get(session::setup_page).post(session::setup)),
        ("/regions", get(region::index)),
        ("/regions/{code}", get(region::show)),
        ("/organizations", get(org::index).post(org::create)),
        ("/organizations/new", get(org::new)),
        ("/organizations/{id}", get(org::show).post(org::update)),
        ("/organizations/{id}/edit", get(org::edit)),
        (
            "/organizations/{id}/wilayah-kerja",
            get(org::wk_page).post(org::wk_save),
        ),
        ("/people", get(person::index).post(person::create)),
        ("/people/new", get(person::new)),
        ("/people/{id}", get(person::show).post(person::update)),
        ("/people/{id}/edit", get(person::edit)),
        ("/people/{id}/positions", post(person::add_position)),
        ("/positions/{id}/end", post(person::end_position)),
        ("/users", get(user::index).post(user::create)),
        ("/users/new", get(user::new)),
        ("/users/{id}", post(user::update)),
        ("/users/{id}/edit", get(user::edit)),
        ("/audit", get(audit::index)),
        ("/forums", get(forum::index).post(forum::create)),
        ("/forums/{id}", get(forum::show)),
        ("/forums/{id}/schedule", post(forum::schedule)),
        ("/forums/{id}/members", post(forum::members)),
        ("/meetings", get(meeting::index).post(meeting::create)),
        ("/meetings/new", get(meeting::new)),
        ("/meetings/{id}", get(meeting::show).post(meeting::update)),
        ("/meetings/{id}/edit", get(meeting::edit)),
        ("/meetings/{id}/status", post(meeting::set_status)),
        ("/meetings/{id}/orgs", post(meeting::set_orgs)),
        ("/meetings/{id}/rsvp", post(meeting::rsvp)),
        ("/meetings/{id}/people", post(meeting::invite_people)),
        ("/meetings/{id}/agenda", post(meeting::add_agenda)),
        ("/meetings/{id}/agenda/{item}", post(meeting::set_minutes)),
        ("/meetings/{id}/attendance", post(meeting::add_attendance)),
        ("/meetings/{id}/attendance/preview", post(meeting::preview_attendance)),
        ("/meetings/{id}/attendance/{a}/delete", post(meeting::remove_attendance)),
        ("/meetings/{id}/attendance/print", get(meeting::attendance_print)),
        ("/meetings/{id}/problems", post(meeting::add_problem)),
        ("/meetings/{id}/actions", post(meeting::add_action)),
        ("/meetings/{id}/agreements", post(meeting::add_agreement)),
        ("/meetings/{id}/rtl", get(meeting::rtl)),
        ("/meetings/{id}/rtl.csv", get(meeting::rtl_csv)),
        ("/meetings/{id}/rtl.xlsx", get(meeting::rtl_xlsx)),
        ("/meetings/{id}/berita-acara", get(meeting::berita_acara)),
        ("/meetings/{id}/invitation", get(meeting::invitation_print)),
        ("/meetings/{id}/notulen", get(meeting::notulen_print)),
        (
            "/meetings/{id}/files",
            post(meeting::upload).layer(axum::extract::DefaultBodyLimit::max(
                app::files::MAX_FILE_BYTES + 512 * 1024,
            )),
        ),
        ("/files/{id}", get(meeting::file)),
        ("/problems/{id}/causes", post(meeting::add_cause)),
        ("/problems/{id}/scores", post(meeting::add_score)),
        ("/actions/{id}", get(action::show)),
        (
            "/actions/{id}/updates",
            post(action::post_update).layer(axum::extract::DefaultBodyLimit::max(
                app::files::MAX_FILE_BYTES + 512 * 1024,
            )),
        ),
        ("/actions/{id}/confirm", post(action::confirm)),
        ("/actions/{id}/reopen", post(action::reopen)),
        ("/commitments", get(action::commitments)),
        ("/notices", get(notice::index)),
        ("/notices/read", post(notice::read)),
        ("/overdue", get(action::overdue)),
        ("/due", get(action::due)),
        ("/shortages", get(action::shortages)),
        ("/agreements", get(agreement::index).post(agreement::create)),
        ("/agreements.csv", get(agreement::export_csv)),
        ("/agreements.xlsx", get(agreement::export_xlsx)),
        ("/agreements/new", get(agreement::new)),
        ("/agreements/expiring", get(agreement::expiring)),
        (
            "/agreements/batch",
            get(agreement::batch_new).post(agreement::batch_create),
        ),
        ("/agreements/{id}", get(agreement::show).post(agreement::update)),
        ("/agreements/{id}/edit", get(agreement::edit)),
        ("/agreements/{id}/print", get(agreement::print)),
        ("/agreements/{id}/status", post(agreement::set_status)),
        ("/agreements/{id}/renew", post(agreement::renew)),
        ("/agreements/{id}/obligations", post(agreement::add_obligation)),
        ("/agreements/{id}/meetings", post(agreement::link_meeting)),
        ("/agreements/{id}/meetings/{m}/unlink", post(agreement::unlink_meeting)),
        (
            "/agreements/{id}/files",
            post(agreement::upload).layer(axum::extract::DefaultBodyLimit::max(
                app::files::MAX_FILE_BYTES + 512 * 1024,
            )),
        ),
        ("/obligations/{id}/delete", post(agreement::remove_obligation)),
        ("/obligations/{id}/actions", post(agreement::link_action)),
        ("/obligations/{id}/actions/new", post(agreement::create_action)),
        ("/obligations/{id}/actions/{a}/unlink", post(agreement::unlink_action)),
        // the district scorecard
        ("/scorecard", get(scorecard::page)),
        ("/scorecard.xlsx", get(scorecard::xlsx)),
        ("/scorecard/print", get(scorecard::print)),
        ("/nutrition", get(nutrition::report)),
        ("/nutrition.csv", get(nutrition::report_csv)),
        ("/nutrition/print", get(nutrition::report_print)),
        ("/nutrition/visitor-rule", post(nutrition::set_visitor_rule)),
        ("/meetings/{id}/proposals/accept", post(meeting::accept_proposal)),
        ("/meetings/{id}/proposals/dismiss", post(meeting::dismiss_proposal)),
        ("/children", get(nutrition::children).post(nutrition::create_child)),
        ("/children.csv", get(nutrition::children_csv)),
        ("/children.xlsx", get(nutrition::children_xlsx)),
        ("/children/new", get(nutrition::new_child)),
        ("/children/{id}", get(nutrition::child)),
        (
            "/children/{id}/edit",
            get(nutrition::edit_child).post(nutrition::update_child),
        ),
        ("/children/{id}/merge", post(nutrition::merge)),
        ("/children/{id}/move", post(nutrition::move_child)),
        ("/children/{id}/measure", get(nutrition::measure)),
        ("/children/{id}/measurements", post(nutrition::record)),
        ("/children/{id}/followup", post(nutrition::assign)),
        ("/followup", get(nutrition::followup)),
        ("/followup.csv", get(nutrition::followup_csv)),
        ("/followup.xlsx", get(nutrition::followup_xlsx)),
        ("/followup/print", get(nutrition::followup_print)),
        ("/posyandu", get(posyandu::index)),
        ("/posyandu.csv", get(posyandu::export_csv)),
        ("/posyandu/{id}", get(posyandu::show)),
        ("/posyandu/{id}/edit", get(posyandu::edit).post(posyandu::update)),
        // posyandu day (the kader's home; kept together)
        ("/posyandu/{id}/day", get(day::show)),
        ("/posyandu/{id}/day/summary", get(day::summary)),
        ("/posyandu/{id}/day/register", get(day::register)),
        ("/children/{id}/kms", get(day::kms)),
        // coverage: read pages
        ("/coverage/pws", get(coverage::pws::page)),
        ("/coverage/pws.csv", get(coverage::pws::csv)),
        ("/coverage/pws.xlsx", get(coverage::pws::xlsx)),
        ("/coverage/pws/print", get(coverage::pws::print)),
        ("/coverage/desa/{code}", get(coverage::pws::desa)),
        ("/coverage/completeness", get(coverage::completeness::page)),
        ("/coverage/indicators", get(coverage::indicators::page)),
        // coverage: write pages
        (
            "/coverage/entry",
            get(coverage::entry::show).post(coverage::entry::save),
        ),
        (
            "/coverage/targets",
            get(coverage::targets::show).post(coverage::targets::save),
        ),
        ("/coverage/entry/import", post(coverage::entry::import)),
        ("/coverage/lock", post(coverage::targets::lock)),
        (
            "/coverage/sasaran",
            get(coverage::sasaran::show).post(coverage::sasaran::save),
        ),
        ("/coverage/sasaran/derive", post(coverage::sasaran::derive)),
        ("/coverage/ratios", post(coverage::sasaran::save_ratio)),
        // pkp
        ("/coverage/pkp", get(coverage::pkp::show).post(coverage::pkp::save)),
        ("/coverage/pkp/review", post(coverage::pkp::review)),
        ("/coverage/pkp/print", get(coverage::pkp::print)),
        ("/coverage/pkp.xlsx", get(coverage::pkp::xlsx)),
        ("/coverage/pkp/ranking.csv", get(coverage::pkp::ranking_csv)),
        ("/coverage/effects", get(coverage::effects::page)),
        // plan: RUK and RPK/POA, results vs plan
        (
            "/coverage/plans",
            get(coverage::plan::index).post(coverage::plan::create),
        ),
        ("/plans/{id}", get(coverage::plan::show)),
        ("/plans/{id}/status", post(coverage::plan::set_status)),
        ("/plans/{id}/copy", post(coverage::plan::copy)),
        ("/plans/{id}/activities", post(coverage::plan::add)),
        (
            "/plans/{id}/activities/{activity}",
            get(coverage::plan::edit).post(coverage::plan::update),
        ),
        ("/plans/{id}/activities/{activity}/delete", post(coverage::plan::delete)),
        (
            "/plans/{id}/months",
            get(coverage::plan::months).post(coverage::plan::save_months),
        ),
        ("/coverage/plan-results", get(coverage::plan::results)),
        ("/coverage/plan-results.csv", get(coverage::plan::results_csv)),
        ("/coverage/plan-results.xlsx", get(coverage::plan::results_xlsx)),
        ("/coverage/plan-results/print", get(coverage::plan::results_print)),
        // coverage: SPM report and catalogue editing
        ("/coverage/spm", get(coverage::spm::page)),
        ("/coverage/spm.csv", get(coverage::spm::csv)),
        ("/coverage/spm.xlsx", get(coverage::spm::xlsx)),
        ("/coverage/spm/print", get(coverage::spm::print)),
        (
            "/coverage/indicators/new",
            get(coverage::indicators::new).post(coverage::indicators::create),
        ),
        (
            "/import",
            get(import::new)
                .post(import::upload)
                .layer(axum::extract::DefaultBodyLimit::max(
                    import::MAX_FILE_BYTES + 512 * 1024,
                )),
        ),
        ("/import/{token}", get(import::show)),
        ("/import/{token}/mapping", get(import::mapping)),
        ("/import/{token}/sheet", post(import::choose_sheet)),
        ("/import/{token}/check", post(import::check)),
        ("/import/{token}/run", post(import::run)),
        ("/import/{token}/status", get(import::status)),
        ("/import/{token}/errors.csv", get(import::errors_csv)),
        ("/account", get(account::show)),
        ("/account/password", post(account::password)),
        ("/account/tokens", post(account::create_token)),
        ("/account/tokens/{id}/revoke", post(account::revoke_token)),
    ]
}

pub fn router() -> Router<AppState> {
    routes()
        .into_iter()
        .fold(Router::new(), |r, (path, m)| r.route(path, m))
        .fallback(|| async { crate::error::PageError::App(app::AppError::NotFound) })
}

fn asset(ct: &'static str, body: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, ct),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        body,
    )
        .into_response()
}

/// Renders a template, or a plain 500 if the template itself fails.
/// A file to save (an export): its content type and the name the browser saves it under.
pub fn download(ct: &str, name: &str, bytes: Vec<u8>) -> Response {
    (
        [
            (header::CONTENT_TYPE, ct.to_string()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")),
        ],
        bytes,
    )
        .into_response()
}

pub fn render<T: Template>(t: &T) -> Response {
    render_status(StatusCode::OK, t)
}

pub fn render_status<T: Template>(status: StatusCode, t: &T) -> Response {
    match t.render() {
        Ok(html) => (status, Html(html)).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "template");
            (StatusCode::INTERNAL_SERVER_ERROR, "template error").into_response()
        }
    }
}

/// Field errors for a form, translated.
#[derive(Default)]
pub struct Errs {
    lang: Option<Lang>,
    inv: Invalid,
}

impl Errs {
    pub fn none() -> Self {
        Self::default()
    }
    pub fn new(lang: Lang, inv: Invalid) -> Self {
        Self { lang: Some(lang), inv }
    }
    pub fn any(&self) -> bool {
        !self.inv.is_empty()
    }
    /// 422 when the form is shown again with errors, 200 otherwise.
    pub fn status(&self) -> StatusCode {
        if self.any() {
            StatusCode::UNPROCESSABLE_ENTITY
        } else {
            StatusCode::OK
        }
    }
    /// The message(s) for `field`, if any.
    pub fn on(&self, field: &str) -> Option<String> {
        let lang = self.lang.unwrap_or(Lang::Id);
        let msgs: Vec<String> = self
            .inv
            .0
            .iter()
            .filter(|e| e.field == field)
            .map(|e| match &e.detail {
                Some(d) => format!("{}: {d}", text(lang, e.code)),
                None => text(lang, e.code).to_string(),
            })
            .collect();
        if msgs.is_empty() { None } else { Some(msgs.join(" · ")) }
    }
}

/// Page navigation for lists.
pub struct Pager {
    pub page: i64,
    pub pages: i64,
    base: String,
}

impl Pager {
    pub const PER_PAGE: i64 = 50;
    /// `base` is the current query string without `page`.
    pub fn new(page: i64, total: i64, base: String) -> Self {
        Self {
            page: page.max(1),
            pages: ((total + Self::PER_PAGE - 1) / Self::PER_PAGE).max(1),
            base,
        }
    }
    /// The first row of `page`; a page number too large for a row count (`?page=` followed
    /// by nineteen digits) gives the last offset there is, an empty page, not an overflow.
    pub fn offset(page: i64) -> i64 {
        (page.max(1) - 1).saturating_mul(Self::PER_PAGE)
    }
    pub fn link(&self, page: i64) -> String {
        if self.base.is_empty() {
            format!("?page={page}")
        } else {
            format!("?{}&page={page}", self.base)
        }
    }
}

/// Title, form action and cancel link of a create/edit form for the records under `base`.
pub fn form_target(
    ctx: &crate::ctx::Ctx,
    id: Option<i64>,
    base: &str,
    new_key: &str,
    edit_key: &str,
) -> (String, String, String) {
    match id {
        Some(id) => (
            ctx.t(edit_key).to_string(),
            format!("{base}/{id}"),
            format!("{base}/{id}"),
        ),
        None => (ctx.t(new_key).to_string(), base.to_string(), base.to_string()),
    }
}

/// Builds a query string from the non-empty pairs (for pager links).
pub fn query(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| format!("{k}={}", crate::ctx::urlencode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// Whether an `AppError` is a validation error (shown on the form) rather than a page error.
pub fn split_invalid(e: app::AppError) -> Result<Invalid, crate::error::PageError> {
    match e {
        app::AppError::Invalid(inv) => Ok(inv),
        other => Err(other.into()),
    }
}
