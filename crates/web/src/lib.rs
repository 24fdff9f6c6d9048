#![doc = include_str!("../README.md")]

pub mod api;
pub mod chart;
pub mod ctx;
pub mod error;
pub mod form;
pub mod format;
pub mod i18n;
pub mod pages;

use app::App;
use axum::Router;
use axum::http::{HeaderName, HeaderValue, header};
use tower_http::compression::CompressionLayer;
use tower_http::compression::predicate::{DefaultPredicate, NotForContentType, Predicate};
use tower_http::set_header::SetResponseHeaderLayer;

/// Web settings.
#[derive(Clone, Debug, Default)]
pub struct WebConfig {
    /// Mark cookies `Secure` (serve behind HTTPS) and send HSTS.
    pub secure_cookies: bool,
    /// Reverse proxies whose `X-Forwarded-For` names the client (`--trusted-proxy`); from any
    /// other peer the header is ignored, so a client cannot choose its own address.
    pub trusted_proxies: Vec<std::net::IpAddr>,
}

#[derive(Clone)]
pub struct AppState {
    pub app: App,
    pub config: WebConfig,
    /// Uploaded import files waiting for their steps (see `pages::import`).
    pub imports: app::import_jobs::Jobs,
}

/// The whole HTTP surface: pages, static files, `/healthz` and `/api/v1`.
pub fn router(app: App, config: WebConfig) -> Router {
    let hsts = config.secure_cookies;
    let state = AppState {
        app,
        config,
        imports: app::import_jobs::Jobs::default(),
    };
    let router = Router::new()
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
        // Pages and JSON carry personal data: no cache, shared or private, keeps a copy. Only
        // the static assets say otherwise (they set their own header).
        .layer(SetResponseHeaderLayer::if_not_present(header::CACHE_CONTROL, HeaderValue::from_static("no-store")));
    // Behind HTTPS, browsers are told to use nothing else for a year.
    let router = if hsts {
        router.layer(SetResponseHeaderLayer::overriding(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        ))
    } else {
        router
    };
    // Compressed for every client that accepts it (a kader's phone on a weak signal: pages,
    // the stylesheet and scripts shrink to a fifth), except files that are compressed already.
    let compress = DefaultPredicate::new()
        .and(NotForContentType::const_new("application/vnd.openxmlformats"))
        .and(NotForContentType::const_new("application/zip"))
        .and(NotForContentType::const_new("application/pdf"));
    router
        .layer(CompressionLayer::new().compress_when(compress))
        .layer(tower_http::trace::TraceLayer::new_for_http())
        .with_state(state)
}
