//! Who is visiting: resolved once per request from the session cookie (or not), with the
//! language and the CSRF binding, and handed to handlers and templates as [`Visitor`] and
//! [`Ctx`].

use crate::AppState;
use crate::i18n::{self, Lang};
use axum::extract::{FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use domain::access::{self, Actor};

pub const SESSION_COOKIE: &str = "lintas_session";
pub const PRE_COOKIE: &str = "lintas_pre";
pub const LANG_COOKIE: &str = "lintas_lang";

#[derive(Clone, Debug)]
pub struct Visitor {
    pub actor: Option<Actor>,
    pub lang: Lang,
    /// The value CSRF tokens are bound to: the session token when signed in, else a
    /// pre-login cookie.
    pub binding: String,
    /// A session cookie was sent but is no longer valid.
    pub session_expired: bool,
    pub session_token: Option<String>,
    pub path: String,
    pub csrf: String,
    /// How many notices the account has not read, for the page header (`None` when not
    /// signed in, not a page, or when counting failed: the page is shown without it).
    pub unread: Option<i64>,
    /// The name of the signed-in account's organisation (read with the session).
    pub org_name: Option<String>,
}

/// Whether a request is for a page that shows the header (not a file, an export or the API).
fn shows_header(method: &axum::http::Method, path: &str) -> bool {
    let p = path.split('?').next().unwrap_or(path);
    method == axum::http::Method::GET
        && ![
            "/static/",
            "/api/",
            "/healthz",
            "/sw.js",
            "/manifest.webmanifest",
            "/files/",
        ]
        .iter()
        .any(|x| p.starts_with(x))
        && ![".csv", ".xlsx", ".json", ".pdf"].iter().any(|x| p.ends_with(x))
}

pub fn cookie_value(parts: &axum::http::HeaderMap, name: &str) -> Option<String> {
    parts
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|s| {
            cookie::Cookie::split_parse(s.to_string())
                .filter_map(Result::ok)
                .collect::<Vec<_>>()
        })
        .find(|c| c.name() == name)
        .map(|c| c.value().to_string())
}

pub fn set_cookie(name: &str, value: &str, max_age_secs: i64, secure: bool) -> HeaderValue {
    let c = cookie::Cookie::build((name, value))
        .path("/")
        .http_only(true)
        .same_site(cookie::SameSite::Lax)
        .secure(secure)
        .max_age(cookie::time::Duration::seconds(max_age_secs))
        .build();
    HeaderValue::from_str(&c.to_string()).unwrap_or(HeaderValue::from_static(""))
}

/// Middleware: resolves the visitor and sets the pre-login cookie when missing.
pub async fn visitor_layer(State(st): State<AppState>, mut req: Request, next: Next) -> Response {
    let headers = req.headers();
    let session_token = cookie_value(headers, SESSION_COOKIE).filter(|t| !t.is_empty());
    let mut lang = cookie_value(headers, LANG_COOKIE)
        .map(|l| Lang::parse(&l))
        .unwrap_or(Lang::Id);
    let path = req
        .uri()
        .path_and_query()
        .map(|p| p.as_str().to_string())
        .unwrap_or_else(|| "/".into());
    let mut actor = None;
    let mut unread = None;
    let mut org_name = None;
    let mut session_expired = false;
    if let Some(t) = &session_token {
        match app::auth::session_actor(&st.app, t, shows_header(req.method(), &path)).await {
            Ok(v) => {
                actor = Some(v.actor);
                lang = Lang::parse(&v.lang);
                unread = v.unread;
                org_name = v.org_name;
            }
            Err(_) => session_expired = true,
        }
    }
    let pre = cookie_value(headers, PRE_COOKIE).filter(|p| p.len() == 64);
    let new_pre = if pre.is_none() {
        Some(app::auth::random_token())
    } else {
        None
    };
    let binding = match (&actor, &session_token) {
        (Some(_), Some(t)) => t.clone(),
        _ => pre.clone().or_else(|| new_pre.clone()).unwrap_or_default(),
    };
    let csrf = app::auth::csrf_token(&st.app, &binding);
    req.extensions_mut().insert(Visitor {
        actor,
        lang,
        binding,
        session_expired,
        session_token,
        path,
        csrf,
        unread,
        org_name,
    });
    let mut res = next.run(req).await;
    if let Some(p) = new_pre {
        res.headers_mut().append(
            header::SET_COOKIE,
            set_cookie(PRE_COOKIE, &p, 60 * 60 * 24 * 30, st.config.secure_cookies),
        );
    }
    res
}

impl<S: Send + Sync> FromRequestParts<S> for Visitor {
    type Rejection = Response;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<Visitor>()
            .cloned()
            .ok_or_else(|| (axum::http::StatusCode::INTERNAL_SERVER_ERROR, "visitor layer missing").into_response())
    }
}

/// The client's address as far as it can be trusted: the peer of the connection, or — when
/// that peer is a trusted reverse proxy — the nearest address in `X-Forwarded-For` that is not
/// itself a trusted proxy. Login throttling is keyed by it.
pub struct ClientAddr(pub String);

pub fn client_addr(
    peer: Option<std::net::IpAddr>,
    headers: &axum::http::HeaderMap,
    trusted: &[std::net::IpAddr],
) -> String {
    let Some(peer) = peer else {
        return "unknown".into();
    };
    if !trusted.contains(&peer) {
        return peer.to_string();
    }
    let forwarded: Vec<std::net::IpAddr> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(|a| a.trim().parse().ok())
        .collect();
    forwarded
        .iter()
        .rev()
        .find(|a| !trusted.contains(a))
        .copied()
        .unwrap_or(peer)
        .to_string()
}

impl FromRequestParts<AppState> for ClientAddr {
    type Rejection = std::convert::Infallible;
    async fn from_request_parts(parts: &mut Parts, st: &AppState) -> Result<Self, Self::Rejection> {
        let peer = parts
            .extensions
            .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
            .map(|c| c.0.ip());
        Ok(ClientAddr(client_addr(
            peer,
            &parts.headers,
            &st.config.trusted_proxies,
        )))
    }
}

/// A signed-in visitor of a page; anyone else is sent to the login page, which comes back here.
pub struct SignedIn {
    pub visitor: Visitor,
    pub actor: Actor,
}

impl<S: Send + Sync> FromRequestParts<S> for SignedIn {
    type Rejection = Response;
    async fn from_request_parts(parts: &mut Parts, s: &S) -> Result<Self, Self::Rejection> {
        let visitor = Visitor::from_request_parts(parts, s).await?;
        match visitor.actor.clone() {
            Some(actor) => Ok(SignedIn { visitor, actor }),
            None => {
                let reason = if visitor.session_expired { "expired" } else { "required" };
                let next = urlencode(&visitor.path);
                Err(Redirect::to(&format!("/login?reason={reason}&next={next}")).into_response())
            }
        }
    }
}

pub fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// What every page template gets.
pub struct Ctx {
    pub lang: Lang,
    pub actor: Option<Actor>,
    pub csrf: String,
    pub path: String,
    pub flash: Option<&'static str>,
    /// Unread notices (see [`Visitor::unread`]).
    pub unread: Option<i64>,
}

impl Ctx {
    pub fn new(v: &Visitor) -> Self {
        Self {
            lang: v.lang,
            actor: v.actor.clone(),
            csrf: v.csrf.clone(),
            path: v.path.clone(),
            flash: None,
            unread: v.unread,
        }
    }
    /// The header's count of unread notices, when there are any.
    pub fn unread_count(&self) -> Option<i64> {
        self.unread.filter(|n| *n > 0)
    }
    /// A text with one `{name}` filled in: `tf("wa.to", "to", "Polsek")`.
    pub fn tf(&self, key: &str, name: &str, value: &str) -> String {
        i18n::fill(self.lang, key, &[(name, value)])
    }
    /// "3 belum dibaca" / "3 unread".
    pub fn unread_label(&self, n: &i64) -> String {
        i18n::fill(self.lang, "notices.unread_count", &[("n", &n.to_string())])
    }
    pub fn with_flash(mut self, key: &'static str) -> Self {
        self.flash = Some(key);
        self
    }
    /// Translated text (the key itself if unknown).
    pub fn t<'a>(&self, key: &'a str) -> &'a str {
        i18n::text(self.lang, key)
    }
    /// Label of a choice: `tk("kind", "puskesmas")`.
    pub fn tk(&self, prefix: &str, value: impl AsRef<str>) -> String {
        let value = value.as_ref();
        let key = format!("{prefix}.{value}");
        if i18n::has(&key) {
            i18n::text(self.lang, &key).to_string()
        } else {
            value.to_string()
        }
    }
    /// A measured value in the language's way (decimal comma in Indonesian), as typed: "3,1".
    pub fn typed(&self, v: f64) -> String {
        crate::format::typed(self.lang, v)
    }
    pub fn lang_code(&self) -> &'static str {
        self.lang.code()
    }
    pub fn other_lang(&self) -> &'static str {
        match self.lang {
            Lang::Id => "en",
            Lang::En => "id",
        }
    }
    pub fn signed_in(&self) -> bool {
        self.actor.is_some()
    }
    pub fn is_admin(&self) -> bool {
        self.actor.as_ref().is_some_and(access::administers)
    }
    pub fn display_name(&self) -> &str {
        self.actor.as_ref().map(|a| a.display_name.as_str()).unwrap_or("")
    }
    pub fn role_label(&self) -> String {
        self.actor
            .as_ref()
            .map(|a| self.tk("role", a.role.as_str()))
            .unwrap_or_default()
    }
    /// District-wide views (overdue by sector, shortage register): [`access::sees_district_views`].
    pub fn sees_district(&self) -> bool {
        self.actor.as_ref().is_some_and(access::sees_district_views)
    }
    /// The district scorecard ([`access::scorecard_reach`]).
    pub fn sees_scorecard(&self) -> bool {
        self.actor
            .as_ref()
            .is_some_and(|a| access::scorecard_reach(a).is_some())
    }
    /// Coverage monitoring (PWS, report completeness): the accounts of the district views —
    /// admin, dinkes, viewers and Puskesmas ([`access::sees_district_views`]); kader and
    /// partners see the indicator catalogue only.
    pub fn sees_coverage(&self) -> bool {
        self.actor.as_ref().is_some_and(access::sees_district_views)
    }
    /// The offline layer (service worker, the Posyandu's list and a queue on the phone) for
    /// the accounts that work without a signal ([`access::works_offline`]).
    pub fn works_offline(&self) -> bool {
        self.actor.as_ref().is_some_and(access::works_offline)
    }
    /// The account's name, which the phone's queue keeps with each entry (so entries are sent
    /// by the account that made them), and its Posyandu (whose list the phone keeps).
    pub fn offline_user(&self) -> (&str, i64) {
        self.actor
            .as_ref()
            .map(|a| (a.username.as_str(), a.org_id.unwrap_or(0)))
            .unwrap_or(("", 0))
    }
    /// The texts the offline script shows on every kader page (the offline page hands it the
    /// rest): entries waiting (`{n}` left for it), the question before signing out with
    /// entries waiting, and the mark of a child already recorded on the phone.
    pub fn offline_texts(&self) -> [&'static str; 3] {
        [
            i18n::text(self.lang, "offline.waiting"),
            i18n::text(self.lang, "offline.logout_confirm"),
            i18n::text(self.lang, "offline.recorded"),
        ]
    }
    pub fn can_write(&self) -> bool {
        self.actor.as_ref().is_some_and(access::writes_at_all)
    }
    pub fn nav_class(&self, prefix: &str) -> &'static str {
        let p = self.path.split('?').next().unwrap_or("");
        if (prefix == "/" && p == "/") || (prefix != "/" && p.starts_with(prefix)) {
            "active"
        } else {
            ""
        }
    }
}

#[cfg(test)]
mod tests {
    use super::client_addr;
    use axum::http::{HeaderMap, HeaderValue};

    #[test]
    fn forwarded_for_counts_only_from_a_trusted_proxy() {
        let mut h = HeaderMap::new();
        h.insert("x-forwarded-for", HeaderValue::from_static("203.0.113.9, 10.0.0.5"));
        let proxy: std::net::IpAddr = [10, 0, 0, 5].into();
        let lb: std::net::IpAddr = [10, 0, 0, 1].into();
        // Not trusted: the header is the client's own claim.
        assert_eq!(client_addr(Some(lb), &h, &[]), "10.0.0.1");
        // Trusted load balancer in front of a trusted proxy: the first untrusted hop.
        assert_eq!(client_addr(Some(lb), &h, &[lb, proxy]), "203.0.113.9");
        // Only the balancer trusted: the proxy is the client as far as we know.
        assert_eq!(client_addr(Some(lb), &h, &[lb]), "10.0.0.5");
        // Garbage in the header is skipped.
        h.insert("x-forwarded-for", HeaderValue::from_static("evil, , 198.51.100.7"));
        assert_eq!(client_addr(Some(lb), &h, &[lb]), "198.51.100.7");
        assert_eq!(client_addr(None, &h, &[lb]), "unknown");
    }
}
