//! The offline layer of a kader's phone (issue 14): Lintas installs (the web app manifest and
//! its icon), a service worker served from the root (`/sw.js`, scope `/`) keeps the static
//! assets and the pages of the day, `/offline` is the shell it opens without a signal (the
//! list, the weighing and registration forms and the queue, drawn by `/static/offline.js`
//! from the browser's storage), and `/posyandu/{id}/offline.json` is the Posyandu's list the
//! phone keeps. Entries made offline come back through `POST /sync`
//! (`pages::nutrition::sync`). Every page works without any of this.

use crate::AppState;
use crate::ctx::{Ctx, SignedIn, Visitor};
use crate::error::PageError;
use askama::Template;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde_json::json;
use std::hash::{Hash, Hasher};
use std::sync::LazyLock;

/// The colour of the bar of the installed app: `--brand` of style.css.
pub const THEME_COLOUR: &str = "#0b6e4f";
/// The page background of style.css (`--bg`), shown while the app starts.
const BACKGROUND: &str = "#f4f7f8";

pub const STYLE_CSS: &str = include_str!("../../static/style.css");
pub const APP_JS: &str = include_str!("../../static/app.js");
pub const OFFLINE_JS: &str = include_str!("../../static/offline.js");
pub const ICON_SVG: &str = include_str!("../../static/icon.svg");
const SW_JS: &str = include_str!("../../static/sw.js");

/// What the service worker keeps when it installs: the assets every kader page uses. The pages
/// themselves (`/`, the day page, the `/offline` shell) are kept as they are visited.
pub const PRECACHE: &[&str] = &[
    "/static/style.css",
    "/static/app.js",
    "/static/offline.js",
    "/static/icon.svg",
    "/manifest.webmanifest",
];

/// The service worker's text: its version (a digest of what it keeps, so a changed asset
/// installs a new worker and a fresh cache) and its precache list filled in.
static SERVICE_WORKER: LazyLock<String> = LazyLock::new(|| {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    for part in [STYLE_CSS, APP_JS, OFFLINE_JS, ICON_SVG, SW_JS] {
        part.hash(&mut h);
    }
    let list = serde_json::to_string(PRECACHE).unwrap_or_else(|_| "[]".into());
    SW_JS
        .replace("__VERSION__", &format!("{:016x}", h.finish()))
        .replace("__PRECACHE__", &list)
});

/// The service worker as served.
pub fn service_worker() -> &'static str {
    &SERVICE_WORKER
}

/// GET /sw.js: from the root, so its scope is the whole site; checked for a new version on
/// every visit (`no-cache`).
pub async fn sw() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        service_worker(),
    )
        .into_response()
}

/// GET /static/icon.svg.
pub async fn icon() -> Response {
    (
        [
            (header::CONTENT_TYPE, "image/svg+xml"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        ICON_SVG,
    )
        .into_response()
}

/// GET /manifest.webmanifest: what the phone installs (public: a browser asks for it without
/// cookies).
pub async fn manifest(v: Visitor) -> Response {
    let body = json!({
        "name": "Lintas",
        "short_name": "Lintas",
        "description": crate::i18n::text(v.lang, "app.tagline"),
        "lang": v.lang.code(),
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "orientation": "portrait",
        "theme_color": THEME_COLOUR,
        "background_color": BACKGROUND,
        "icons": [
            {"src": "/static/icon.svg", "sizes": "any", "type": "image/svg+xml", "purpose": "any"},
            {"src": "/static/icon.svg", "sizes": "any", "type": "image/svg+xml", "purpose": "maskable"},
        ],
    });
    (
        [
            (header::CONTENT_TYPE, "application/manifest+json"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        body.to_string(),
    )
        .into_response()
}

/// The texts `/static/offline.js` shows, handed to it by the shell page in the reader's
/// language (it has none of its own).
const SCRIPT_TEXTS: &[&str] = &[
    "offline.waiting",
    "offline.status_offline",
    "offline.status_online",
    "offline.kept",
    "offline.list_from",
    "offline.no_list",
    "offline.unknown_child",
    "offline.pending_child",
    "offline.recorded",
    "offline.queue_empty",
    "offline.state_waiting",
    "offline.state_stored",
    "offline.state_refused",
    "offline.state_decide",
    "offline.state_signin",
    "offline.discard",
    "offline.discard_confirm",
    "offline.correct",
    "offline.apply_to",
    "offline.retry",
    "children.register_anyway",
    "measure.title",
    "measure.last",
    "children.born",
    "children.mother",
    "sex.L",
    "sex.P",
    "required",
    "measurement.empty",
];

#[derive(Template)]
#[template(path = "offline/shell.html")]
struct ShellPage {
    title: String,
    ctx: Ctx,
    /// The Posyandu whose list the phone keeps (the kader's).
    posyandu: i64,
    /// `{key: text}` for the script.
    texts: String,
    today: String,
}

/// GET /offline: the shell the service worker opens without a signal — the list, the
/// weighing and registration forms and the queue, filled from the phone's storage by the
/// script. For the accounts that record measurements.
pub async fn shell(State(st): State<AppState>, s: SignedIn) -> Result<Response, PageError> {
    if !app::nutrition::reads_names(&s.actor) {
        return Err(app::AppError::Forbidden.into());
    }
    let ctx = Ctx::new(&s.visitor);
    let texts: serde_json::Map<String, serde_json::Value> =
        SCRIPT_TEXTS.iter().map(|k| (k.to_string(), json!(ctx.t(k)))).collect();
    Ok(super::render(&ShellPage {
        title: ctx.t("offline.title").into(),
        posyandu: s.actor.org_id.unwrap_or(0),
        texts: serde_json::Value::Object(texts).to_string(),
        today: st.app.clock().today_for(&s.actor).to_string(),
        ctx,
    }))
}

/// GET /posyandu/{id}/offline.json: the Posyandu's children under five as the phone keeps
/// them (`app::sync::offline_list`: NIK as the reader may see it, the latest measurement),
/// with the account and a fresh CSRF token for sending the queue.
pub async fn list(State(st): State<AppState>, s: SignedIn, Path(id): Path<i64>) -> Result<Response, PageError> {
    let list = app::sync::offline_list(&st.app, &s.actor, id).await?;
    Ok(Json(json!({
        "user": s.actor.username,
        "csrf": s.visitor.csrf,
        "posyandu": {"id": list.posyandu_id, "name": list.posyandu_name},
        "today": list.today,
        "children": list.children,
    }))
    .into_response())
}
