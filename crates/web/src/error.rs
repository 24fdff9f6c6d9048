//! Errors as the visitor sees them: pages get a short bilingual page (or the login page),
//! the API gets JSON `{"error": {"code", "message", "fields"}}` with a stable code.

use crate::i18n::{Lang, text};
use app::AppError;
use axum::Json;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};

/// A page handler's failure.
#[derive(Debug)]
pub enum PageError {
    App(AppError),
    Csrf,
}

impl From<AppError> for PageError {
    fn from(e: AppError) -> Self {
        PageError::App(e)
    }
}

fn page(status: StatusCode, key: &str) -> Response {
    let body = format!(
        "<!doctype html><html lang=id><meta charset=utf-8><meta name=viewport content=\"width=device-width,initial-scale=1\">\
         <title>Lintas — {id_title}</title><link rel=stylesheet href=/static/style.css>\
         <main class=\"narrow card\"><h1>{id_title}</h1><p>{id}</p><p lang=en class=muted>{en}</p>\
         <p><a class=button href=/>{home}</a></p></main>",
        id_title = text(Lang::Id, "error.title"),
        id = text(Lang::Id, key),
        en = text(Lang::En, key),
        home = text(Lang::Id, "error.back_home"),
    );
    (status, Html(body)).into_response()
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        match self {
            PageError::Csrf => page(StatusCode::FORBIDDEN, "csrf.invalid"),
            PageError::App(e) => match e {
                AppError::Unauthenticated => Redirect::to("/login?reason=required").into_response(),
                AppError::Forbidden => page(StatusCode::FORBIDDEN, "error.forbidden"),
                AppError::NotFound => page(StatusCode::NOT_FOUND, "error.not_found"),
                AppError::RateLimited(_) => page(StatusCode::TOO_MANY_REQUESTS, "login.rate_limited"),
                AppError::Invalid(inv) => {
                    let first = inv.0.first().map(|f| f.code).unwrap_or("conflict");
                    page(StatusCode::UNPROCESSABLE_ENTITY, first)
                }
                AppError::Internal(msg) => {
                    tracing::error!(%msg, "internal error");
                    page(StatusCode::INTERNAL_SERVER_ERROR, "error.internal")
                }
            },
        }
    }
}

/// An API failure.
#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
    pub fields: Vec<domain::FieldError>,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        Self {
            status,
            code,
            message: message.into(),
            fields: Vec::new(),
        }
    }
}

impl From<AppError> for ApiError {
    fn from(e: AppError) -> Self {
        match e {
            AppError::Unauthenticated => ApiError::new(
                StatusCode::UNAUTHORIZED,
                "unauthenticated",
                "sign in or send a bearer token",
            ),
            AppError::Forbidden => ApiError::new(StatusCode::FORBIDDEN, "forbidden", "not allowed"),
            AppError::NotFound => ApiError::new(StatusCode::NOT_FOUND, "not_found", "not found"),
            AppError::RateLimited(s) => ApiError::new(
                StatusCode::TOO_MANY_REQUESTS,
                "rate_limited",
                format!("too many attempts; retry in {s} s"),
            ),
            AppError::Invalid(inv) => {
                let message = inv
                    .0
                    .iter()
                    .map(|f| {
                        let m = text(Lang::En, f.code);
                        match &f.detail {
                            Some(d) => format!("{}: {m} ({d})", f.field),
                            None => format!("{}: {m}", f.field),
                        }
                    })
                    .collect::<Vec<_>>()
                    .join("; ");
                ApiError {
                    status: StatusCode::UNPROCESSABLE_ENTITY,
                    code: "invalid",
                    message,
                    fields: inv.0,
                }
            }
            AppError::Internal(msg) => {
                tracing::error!(%msg, "internal error");
                ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", "internal error")
            }
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut body = serde_json::json!({"error": {"code": self.code, "message": self.message}});
        if !self.fields.is_empty() {
            body["error"]["fields"] = serde_json::to_value(&self.fields).unwrap_or_default();
        }
        (self.status, Json(body)).into_response()
    }
}
