//! A Lintas server on a random local port over a test database, and a cookie-keeping client
//! that signs in and posts forms the way a browser does (including the CSRF field).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::TestDb;
use reqwest::redirect::Policy;
use std::net::SocketAddr;

pub struct TestApp {
    pub db: TestDb,
    pub app: app::App,
    pub base: String,
    /// The ids of the small fixture district, when the server was spawned with it.
    pub fixture: Option<crate::fixture::Fixture>,
    server: tokio::task::JoinHandle<()>,
}

impl TestApp {
    /// Serves `db` with the demo district loaded.
    pub async fn spawn(db: TestDb) -> TestApp {
        let app = db.app().await;
        app::demo::load(&app).await.expect("demo");
        Self::spawn_app(db, app).await
    }

    /// Serves `db` with the small fixture district (`crate::fixture`): the demo's codes and
    /// logins for two Puskesmas, three Posyandu and four children, far quicker to build.
    pub async fn spawn_fixture(db: TestDb) -> TestApp {
        let app = db.app().await;
        let f = crate::fixture::load(&app).await;
        let mut t = Self::spawn_app(db, app).await;
        t.fixture = Some(f);
        t
    }

    /// The fixture district's ids (the server must come from [`TestApp::spawn_fixture`]).
    pub fn fx(&self) -> &crate::fixture::Fixture {
        self.fixture.as_ref().expect("spawned with the fixture district")
    }

    pub async fn spawn_app(db: TestDb, app: app::App) -> TestApp {
        Self::spawn_with(db, app, web::WebConfig::default()).await
    }

    /// Serves `app` with web settings of the test's choosing (HTTPS flags, trusted proxies).
    pub async fn spawn_with(db: TestDb, app: app::App, config: web::WebConfig) -> TestApp {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("addr");
        let router = web::router(app.clone(), config);
        let server = tokio::spawn(async move {
            let _ = axum::serve(listener, router.into_make_service_with_connect_info::<SocketAddr>()).await;
        });
        TestApp {
            db,
            app,
            base: format!("http://{addr}"),
            fixture: None,
            server,
        }
    }

    /// The id of the organisation with `code` (which must exist).
    pub async fn org_id(&self, code: &str) -> i64 {
        let mut tx = self.app.store.read().await.expect("read");
        store::org::get_by_code(&mut tx, code)
            .await
            .expect("organisation lookup")
            .unwrap_or_else(|| panic!("no organisation {code}"))
            .id
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    /// A client with its own cookie jar that does not follow redirects.
    pub fn client(&self) -> Client {
        Client {
            http: reqwest::Client::builder()
                .cookie_store(true)
                .redirect(Policy::none())
                .build()
                .expect("client"),
            base: self.base.clone(),
        }
    }

    /// A client signed in as `username` (demo password).
    pub async fn signed_in(&self, username: &str) -> Client {
        let c = self.client();
        let r = c.login(username, app::demo::district::PASSWORD).await;
        assert_eq!(r.status(), 303, "login as {username} failed");
        c
    }

    /// A bearer token for `username`.
    pub async fn token(&self, username: &str) -> String {
        let u = app::user::by_username(&self.app, username).await.expect("user");
        app::auth::create_token(&self.app, u.id, "test", app::auth::TOKEN_DAYS_DEFAULT)
            .await
            .expect("token")
    }

    /// The signed-in view of account `username`, for calling use cases directly.
    pub async fn actor(&self, username: &str) -> domain::access::Actor {
        let u = app::user::by_username(&self.app, username).await.expect("user");
        let mut tx = self.app.store.read().await.expect("read");
        app::auth::actor_of(&mut tx, &u).await.expect("actor")
    }

    /// A new Posyandu named `name`, created by the dinkes account under Puskesmas
    /// PKM-SRL-01 in the first desa of its kecamatan (15.03.01): its id and that desa.
    pub async fn add_posyandu(&self, name: &str) -> (i64, store::region::Region) {
        let dinkes = self.actor("dinkes").await;
        let (desa, pkm) = {
            let mut tx = self.app.store.read().await.expect("read");
            let desa = store::region::children(&mut tx, Some("15.03.01")).await.expect("desa")[0].clone();
            let pkm = store::org::get_by_code(&mut tx, "PKM-SRL-01")
                .await
                .expect("puskesmas")
                .expect("PKM-SRL-01");
            (desa, pkm.id)
        };
        let id = app::org::create(
            &self.app,
            &dinkes,
            &crate::org_input(name, "", domain::org::OrgKind::Posyandu, Some(pkm), &desa.code),
        )
        .await
        .expect("posyandu");
        (id, desa)
    }

    /// The audit rows of `entity` (and of the record `entity_id`, when given), newest first,
    /// at most 1,000.
    pub async fn audit_of(&self, entity: &str, entity_id: Option<i64>) -> Vec<store::audit::AuditEntry> {
        self.audit(store::audit::AuditFilter {
            entity: Some(entity.into()),
            entity_id: entity_id.map(|id| id.to_string()),
            ..Default::default()
        })
        .await
    }

    /// The audit rows `filter` selects (at most 1,000 when it sets no limit), newest first.
    pub async fn audit(&self, filter: store::audit::AuditFilter) -> Vec<store::audit::AuditEntry> {
        let filter = store::audit::AuditFilter {
            limit: if filter.limit == 0 { 1000 } else { filter.limit },
            ..filter
        };
        let mut tx = self.app.store.read().await.expect("read");
        store::audit::list(&mut tx, &filter).await.expect("audit").0
    }

    pub async fn cleanup(self) {
        self.server.abort();
        self.db.cleanup().await;
    }
}

pub struct Client {
    pub http: reqwest::Client,
    pub base: String,
}

pub struct Page {
    pub status: u16,
    pub body: String,
    pub location: Option<String>,
}

impl Page {
    pub fn csrf(&self) -> String {
        csrf_of(&self.body)
    }
}

pub fn csrf_of(html: &str) -> String {
    crate::html::csrf(html)
}

/// The id of the organisation with `code` (which must exist).
pub async fn org_id(t: &TestApp, code: &str) -> i64 {
    t.org_id(code).await
}

/// A download as the browser gets it: status, type, file name, caching and the bytes.
pub struct Download {
    pub status: u16,
    pub content_type: String,
    pub disposition: String,
    pub cache: String,
    pub bytes: Vec<u8>,
}

impl Download {
    fn with(mut self, bytes: Vec<u8>) -> Download {
        self.bytes = bytes;
        self
    }

    /// The bytes as UTF-8 text (a CSV).
    pub fn text(&self) -> String {
        String::from_utf8(self.bytes.clone()).expect("UTF-8")
    }
}

impl Client {
    /// GET `path` as a file download.
    pub async fn download(&self, path: &str) -> Download {
        let r = self.http.get(format!("{}{path}", self.base)).send().await.expect("GET");
        let h = |k: &str| {
            r.headers()
                .get(k)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("")
                .to_string()
        };
        Download {
            status: r.status().as_u16(),
            content_type: h("content-type"),
            disposition: h("content-disposition"),
            cache: h("cache-control"),
            bytes: Vec::new(),
        }
        .with(r.bytes().await.expect("bytes").to_vec())
    }

    pub async fn get(&self, path: &str) -> Page {
        let r = self.http.get(format!("{}{path}", self.base)).send().await.expect("GET");
        Self::page(r).await
    }

    async fn page(r: reqwest::Response) -> Page {
        let status = r.status().as_u16();
        let location = r
            .headers()
            .get("location")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        Page {
            status,
            body: r.text().await.unwrap_or_default(),
            location,
        }
    }

    /// Posts `fields` to `path` with the CSRF token taken from the page at `form_page`.
    pub async fn post_form(&self, form_page: &str, path: &str, fields: &[(&str, &str)]) -> Page {
        let csrf = self.get(form_page).await.csrf();
        self.post_raw(path, &csrf, fields).await
    }

    /// Posts the same form `n` times at once (one CSRF token from `form_page`, this client's
    /// session), as a double tap or a phone retrying would: the statuses, in request order.
    pub async fn post_many(&self, form_page: &str, path: &str, fields: &[(&str, &str)], n: usize) -> Vec<u16> {
        let csrf = self.get(form_page).await.csrf();
        let mut form = vec![("_csrf".to_string(), csrf)];
        form.extend(fields.iter().map(|(k, v)| (k.to_string(), v.to_string())));
        let tasks: Vec<_> = (0..n)
            .map(|_| {
                let (http, url, form) = (self.http.clone(), format!("{}{path}", self.base), form.clone());
                tokio::spawn(async move { http.post(url).form(&form).send().await.expect("POST").status().as_u16() })
            })
            .collect();
        let mut out = Vec::with_capacity(n);
        for task in tasks {
            out.push(task.await.expect("request task"));
        }
        out
    }

    pub async fn post_raw(&self, path: &str, csrf: &str, fields: &[(&str, &str)]) -> Page {
        let mut all: Vec<(&str, &str)> = vec![("_csrf", csrf)];
        all.extend_from_slice(fields);
        let r = self
            .http
            .post(format!("{}{path}", self.base))
            .form(&all)
            .send()
            .await
            .expect("POST");
        Self::page(r).await
    }

    /// Posts progress on an action the way its page does (multipart, with the CSRF token of
    /// the action page): a note, a status, and optionally an evidence file (bytes, name).
    /// Returns the response status.
    pub async fn post_update(&self, action: i64, note: &str, status: &str, file: Option<(&[u8], &str)>) -> u16 {
        let csrf = self.get(&format!("/actions/{action}")).await.csrf();
        let mut form = reqwest::multipart::Form::new()
            .text("_csrf", csrf)
            .text("note", note.to_string())
            .text("status", status.to_string());
        if let Some((bytes, name)) = file {
            form = form.part(
                "file",
                reqwest::multipart::Part::bytes(bytes.to_vec()).file_name(name.to_string()),
            );
        }
        let r = self
            .http
            .post(format!("{}/actions/{action}/updates", self.base))
            .multipart(form)
            .send()
            .await
            .expect("POST update");
        r.status().as_u16()
    }

    /// Posts a multipart form the way an upload form does: the CSRF token of `form_page`,
    /// text `fields`, and a file part `file` (bytes, name).
    pub async fn post_multipart(
        &self,
        form_page: &str,
        path: &str,
        fields: &[(&str, &str)],
        file: (&[u8], &str),
    ) -> Page {
        let csrf = self.get(form_page).await.csrf();
        let mut form = reqwest::multipart::Form::new().text("_csrf", csrf);
        for (k, v) in fields {
            form = form.text(k.to_string(), v.to_string());
        }
        form = form.part(
            "file",
            reqwest::multipart::Part::bytes(file.0.to_vec()).file_name(file.1.to_string()),
        );
        let r = self
            .http
            .post(format!("{}{path}", self.base))
            .multipart(form)
            .send()
            .await
            .expect("POST multipart");
        Self::page(r).await
    }

    /// Posts `body` as JSON to a page route (`POST /sync`) with the CSRF token in the
    /// `X-CSRF-Token` header, as the offline script does: the status and the JSON answer.
    pub async fn post_json(&self, path: &str, csrf: &str, body: &serde_json::Value) -> (u16, serde_json::Value) {
        let r = self
            .http
            .post(format!("{}{path}", self.base))
            .header("x-csrf-token", csrf)
            .json(body)
            .send()
            .await
            .expect("POST JSON");
        let s = r.status().as_u16();
        (s, r.json().await.unwrap_or(serde_json::Value::Null))
    }

    pub async fn login(&self, username: &str, password: &str) -> reqwest::Response {
        let csrf = self.get("/login").await.csrf();
        self.http
            .post(format!("{}/login", self.base))
            .form(&[
                ("_csrf", csrf.as_str()),
                ("username", username),
                ("password", password),
                ("next", "/"),
            ])
            .send()
            .await
            .expect("login POST")
    }
}

/// JSON API calls with a bearer token.
pub struct Api {
    pub http: reqwest::Client,
    pub base: String,
    pub token: Option<String>,
}

impl Api {
    pub fn new(t: &TestApp, token: Option<String>) -> Api {
        // No pooled connections: a server that refuses an oversized body closes the connection,
        // and reusing it would fail the next request for the wrong reason.
        let http = reqwest::Client::builder()
            .pool_max_idle_per_host(0)
            .build()
            .expect("client");
        Api {
            http,
            base: t.base.clone(),
            token,
        }
    }
    fn auth(&self, rb: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
        match &self.token {
            Some(t) => rb.bearer_auth(t),
            None => rb,
        }
    }
    pub async fn get(&self, path: &str) -> (u16, serde_json::Value) {
        let r = self
            .auth(self.http.get(format!("{}{path}", self.base)))
            .send()
            .await
            .expect("GET");
        let s = r.status().as_u16();
        (s, r.json().await.unwrap_or(serde_json::Value::Null))
    }
    pub async fn send(
        &self,
        method: reqwest::Method,
        path: &str,
        body: &serde_json::Value,
    ) -> (u16, serde_json::Value) {
        let r = self
            .auth(self.http.request(method, format!("{}{path}", self.base)))
            .json(body)
            .send()
            .await
            .expect("send");
        let s = r.status().as_u16();
        (s, r.json().await.unwrap_or(serde_json::Value::Null))
    }
    pub async fn raw(
        &self,
        method: reqwest::Method,
        path: &str,
        content_type: &str,
        body: Vec<u8>,
    ) -> (u16, serde_json::Value) {
        let r = self
            .auth(self.http.request(method, format!("{}{path}", self.base)))
            .header("content-type", content_type)
            .body(body)
            .send()
            .await
            .expect("send");
        let s = r.status().as_u16();
        (s, r.json().await.unwrap_or(serde_json::Value::Null))
    }
}

/// Runs an HTTP test once per backend with the small fixture district served
/// (`crate::fixture`): `both_fixture!(name, async |t: &TestApp| { … })`.
#[macro_export]
macro_rules! both_fixture {
    ($name:ident, $body:expr) => {
        $crate::both_served!($name, spawn_fixture, $body);
    };
}

/// Runs an HTTP test once per backend with a served demo district:
/// `both_http!(name, async |t: &TestApp| { … })`.
#[macro_export]
macro_rules! both_http {
    ($name:ident, $body:expr) => {
        $crate::both_served!($name, spawn, $body);
    };
}

/// The body of [`both_http!`] and [`both_fixture!`]: a served app made by `TestApp::$spawn`.
#[doc(hidden)]
#[macro_export]
macro_rules! both_served {
    ($name:ident, $spawn:ident, $body:expr) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                let t = $crate::TestApp::$spawn($crate::TestDb::sqlite().await).await;
                ($body)(&t).await;
                t.cleanup().await;
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                let Some(db) = $crate::TestDb::postgres().await else {
                    return;
                };
                let t = $crate::TestApp::$spawn(db).await;
                ($body)(&t).await;
                t.cleanup().await;
            }
        }
    };
}
