//! Server-rendered pages. One module per domain word; each handler parses, calls a use case
//! in `lintas-app`, and renders a template from `templates/<word>/`.

pub mod account;
pub mod action;
pub mod agreement;
pub mod audit;
pub mod forum;
pub mod home;
pub mod import;
pub mod meeting;
pub mod nutrition;
pub mod org;
pub mod person;
pub mod posyandu;
pub mod region;
pub mod session;
pub mod user;

use crate::AppState;
use crate::i18n::{Lang, text};
use askama::Template;
use axum::Router;
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use domain::Invalid;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(home::show))
        .route("/healthz", get(home::healthz))
        .route(
            "/static/style.css",
            get(|| async { asset("text/css; charset=utf-8", include_str!("../../static/style.css")) }),
        )
        .route(
            "/static/print.css",
            get(|| async { asset("text/css; charset=utf-8", include_str!("../../static/print.css")) }),
        )
        .route(
            "/static/app.js",
            get(|| async { asset("text/javascript; charset=utf-8", include_str!("../../static/app.js")) }),
        )
        .route(
            "/static/import.js",
            get(|| async { asset("text/javascript; charset=utf-8", include_str!("../../static/import.js")) }),
        )
        .route("/login", get(session::login_page).post(session::login))
        .route("/logout", post(session::logout))
        .route("/lang", post(session::set_lang))
        .route("/setup", get(session::setup_page).post(session::setup))
        .route("/regions", get(region::index))
        .route("/regions/{code}", get(region::show))
        .route("/organizations", get(org::index).post(org::create))
        .route("/organizations/new", get(org::new))
        .route("/organizations/{id}", get(org::show).post(org::update))
        .route("/organizations/{id}/edit", get(org::edit))
        .route(
            "/organizations/{id}/wilayah-kerja",
            get(org::wk_page).post(org::wk_save),
        )
        .route("/people", get(person::index).post(person::create))
        .route("/people/new", get(person::new))
        .route("/people/{id}", get(person::show).post(person::update))
        .route("/people/{id}/edit", get(person::edit))
        .route("/people/{id}/positions", post(person::add_position))
        .route("/positions/{id}/end", post(person::end_position))
        .route("/users", get(user::index).post(user::create))
        .route("/users/new", get(user::new))
        .route("/users/{id}", post(user::update))
        .route("/users/{id}/edit", get(user::edit))
        .route("/audit", get(audit::index))
        .route("/forums", get(forum::index).post(forum::create))
        .route("/forums/{id}", get(forum::show))
        .route("/forums/{id}/schedule", post(forum::schedule))
        .route("/meetings", get(meeting::index).post(meeting::create))
        .route("/meetings/new", get(meeting::new))
        .route("/meetings/{id}", get(meeting::show).post(meeting::update))
        .route("/meetings/{id}/edit", get(meeting::edit))
        .route("/meetings/{id}/status", post(meeting::set_status))
        .route("/meetings/{id}/orgs", post(meeting::set_orgs))
        .route("/meetings/{id}/rsvp", post(meeting::rsvp))
        .route("/meetings/{id}/people", post(meeting::invite_people))
        .route("/meetings/{id}/agenda", post(meeting::add_agenda))
        .route("/meetings/{id}/agenda/{item}", post(meeting::set_minutes))
        .route("/meetings/{id}/attendance", post(meeting::add_attendance))
        .route("/meetings/{id}/attendance/{a}/delete", post(meeting::remove_attendance))
        .route("/meetings/{id}/attendance/print", get(meeting::attendance_print))
        .route("/meetings/{id}/problems", post(meeting::add_problem))
        .route("/meetings/{id}/actions", post(meeting::add_action))
        .route("/meetings/{id}/agreements", post(meeting::add_agreement))
        .route("/meetings/{id}/rtl", get(meeting::rtl))
        .route("/meetings/{id}/rtl.csv", get(meeting::rtl_csv))
        .route("/meetings/{id}/rtl.xlsx", get(meeting::rtl_xlsx))
        .route("/meetings/{id}/berita-acara", get(meeting::berita_acara))
        .route(
            "/meetings/{id}/files",
            post(meeting::upload).layer(axum::extract::DefaultBodyLimit::max(
                app::action::MAX_FILE_BYTES + 512 * 1024,
            )),
        )
        .route("/files/{id}", get(meeting::file))
        .route("/problems/{id}/causes", post(meeting::add_cause))
        .route("/problems/{id}/scores", post(meeting::add_score))
        .route("/actions/{id}", get(action::show))
        .route(
            "/actions/{id}/updates",
            post(action::post_update).layer(axum::extract::DefaultBodyLimit::max(
                app::action::MAX_FILE_BYTES + 512 * 1024,
            )),
        )
        .route("/commitments", get(action::commitments))
        .route("/overdue", get(action::overdue))
        .route("/shortages", get(action::shortages))
        .route("/agreements", get(agreement::index).post(agreement::create))
        .route("/agreements.csv", get(agreement::export_csv))
        .route("/agreements.xlsx", get(agreement::export_xlsx))
        .route("/agreements/new", get(agreement::new))
        .route("/agreements/expiring", get(agreement::expiring))
        .route(
            "/agreements/batch",
            get(agreement::batch_new).post(agreement::batch_create),
        )
        .route("/agreements/{id}", get(agreement::show).post(agreement::update))
        .route("/agreements/{id}/edit", get(agreement::edit))
        .route("/agreements/{id}/print", get(agreement::print))
        .route("/agreements/{id}/status", post(agreement::set_status))
        .route("/agreements/{id}/renew", post(agreement::renew))
        .route("/agreements/{id}/obligations", post(agreement::add_obligation))
        .route("/agreements/{id}/meetings", post(agreement::link_meeting))
        .route("/agreements/{id}/meetings/{m}/unlink", post(agreement::unlink_meeting))
        .route(
            "/agreements/{id}/files",
            post(agreement::upload).layer(axum::extract::DefaultBodyLimit::max(
                app::action::MAX_FILE_BYTES + 512 * 1024,
            )),
        )
        .route("/obligations/{id}/delete", post(agreement::remove_obligation))
        .route("/obligations/{id}/actions", post(agreement::link_action))
        .route("/obligations/{id}/actions/new", post(agreement::create_action))
        .route("/obligations/{id}/actions/{a}/unlink", post(agreement::unlink_action))
        .route("/nutrition", get(nutrition::report))
        .route("/nutrition.csv", get(nutrition::report_csv))
        .route("/nutrition/print", get(nutrition::report_print))
        .route("/nutrition/visitor-rule", post(nutrition::set_visitor_rule))
        .route("/children", get(nutrition::children).post(nutrition::create_child))
        .route("/children.csv", get(nutrition::children_csv))
        .route("/children.xlsx", get(nutrition::children_xlsx))
        .route("/children/new", get(nutrition::new_child))
        .route("/children/{id}", get(nutrition::child))
        .route(
            "/children/{id}/edit",
            get(nutrition::edit_child).post(nutrition::update_child),
        )
        .route("/children/{id}/merge", post(nutrition::merge))
        .route("/children/{id}/move", post(nutrition::move_child))
        .route("/children/{id}/measure", get(nutrition::measure))
        .route("/children/{id}/measurements", post(nutrition::record))
        .route("/children/{id}/followup", post(nutrition::assign))
        .route("/followup", get(nutrition::followup))
        .route("/followup.csv", get(nutrition::followup_csv))
        .route("/followup.xlsx", get(nutrition::followup_xlsx))
        .route("/followup/print", get(nutrition::followup_print))
        .route("/posyandu", get(posyandu::index))
        .route("/posyandu.csv", get(posyandu::export_csv))
        .route("/posyandu/{id}", get(posyandu::show))
        .route("/posyandu/{id}/edit", get(posyandu::edit).post(posyandu::update))
        .route(
            "/import",
            get(import::new)
                .post(import::upload)
                .layer(axum::extract::DefaultBodyLimit::max(
                    import::MAX_FILE_BYTES + 512 * 1024,
                )),
        )
        .route("/import/{token}", get(import::show))
        .route("/import/{token}/mapping", get(import::mapping))
        .route("/import/{token}/sheet", post(import::choose_sheet))
        .route("/import/{token}/check", post(import::check))
        .route("/import/{token}/run", post(import::run))
        .route("/import/{token}/status", get(import::status))
        .route("/import/{token}/errors.csv", get(import::errors_csv))
        .route("/account", get(account::show))
        .route("/account/password", post(account::password))
        .route("/account/tokens", post(account::create_token))
        .route("/account/tokens/{id}/revoke", post(account::revoke_token))
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
    pub fn offset(page: i64) -> i64 {
        (page.max(1) - 1) * Self::PER_PAGE
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
