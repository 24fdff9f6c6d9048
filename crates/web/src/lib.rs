//! HTTP for Lintas: server-rendered pages (askama, Bahasa Indonesia first, working without
//! JavaScript) and the JSON API under `/api/v1`. Handlers parse the request, call a use case
//! in `lintas-app`, and render; no rule and no SQL lives here.

pub mod api;
pub mod ctx;
pub mod error;
pub mod form;
pub mod i18n;
pub mod pages;

use app::App;
use axum::Router;
use axum::http::{HeaderName, HeaderValue, header};
use tower_http::set_header::SetResponseHeaderLayer;

/// Web settings.
#[derive(Clone, Debug, Default)]
pub struct WebConfig {
    /// Mark cookies `Secure` (serve behind HTTPS).
    pub secure_cookies: bool,
}

#[derive(Clone)]
pub struct AppState {
    pub app: App,
    pub config: WebConfig,
    /// Uploaded import files waiting for their steps (see `pages::import`).
    pub imports: pages::import::Jobs,
}

/// The whole HTTP surface: pages, static files, `/healthz` and `/api/v1`.
pub fn router(app: App, config: WebConfig) -> Router {
    let state = AppState {
        app,
        config,
        imports: pages::import::Jobs::default(),
    };
    Router::new()
        .merge(pages::router())
        .nest("/api/v1", api::router())
        .layer(axum::middleware::from_fn_with_state(state.clone(), ctx::visitor_layer))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'"),
        ))
        .layer(SetResponseHeaderLayer::overriding(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")))
        .layer(SetResponseHeaderLayer::overriding(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")))
        .layer(SetResponseHeaderLayer::overriding(HeaderName::from_static("referrer-policy"), HeaderValue::from_static("same-origin")))
        .layer(tower_http::trace::TraceLayer::new_for_http())
        .with_state(state)
}
