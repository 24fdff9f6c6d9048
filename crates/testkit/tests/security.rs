//! The holes of the security review (issue 11), each closed and held closed, on SQLite and
//! PostgreSQL, through HTTP as an attacker would try them: login throttling that no one can
//! turn into a lockout, the open redirect, credentials that end with a password change,
//! formula injection in every CSV export, attendance by another area's person id, and the
//! response headers.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use lintas_testkit::http::Api;
use lintas_testkit::org_id;
use lintas_testkit::{TestApp, TestDb, both_fixture};
use reqwest::Method;
use serde_json::json;

async fn audit_count(t: &TestApp, action: &str) -> i64 {
    let mut tx = t.app.store.read().await.unwrap();
    store::audit::list(
        &mut tx,
        &store::audit::AuditFilter {
            action: Some(action.into()),
            limit: 1,
            ..Default::default()
        },
    )
    .await
    .unwrap()
    .1
}

/// Posts the login form `n` times at once (one CSRF token, one cookie jar) and returns the
/// statuses.
async fn parallel_logins(t: &TestApp, username: &str, password: &str, n: usize, xff: Option<&str>) -> Vec<u16> {
    let c = t.client();
    let csrf = c.get("/login").await.csrf();
    let mut tasks = Vec::new();
    for _ in 0..n {
        let http = c.http.clone();
        let url = t.url("/login");
        let form = vec![
            ("_csrf".to_string(), csrf.clone()),
            ("username".to_string(), username.to_string()),
            ("password".to_string(), password.to_string()),
            ("next".to_string(), "/".to_string()),
        ];
        let xff = xff.map(str::to_string);
        tasks.push(tokio::spawn(async move {
            let mut rb = http.post(url).form(&form);
            if let Some(x) = xff {
                rb = rb.header("x-forwarded-for", x);
            }
            rb.send().await.unwrap().status().as_u16()
        }));
    }
    let mut out = Vec::new();
    for task in tasks {
        out.push(task.await.unwrap());
    }
    out
}

both_fixture!(
    fifty_parallel_guesses_are_not_all_evaluated_and_lock_out_nobody,
    async |t: &TestApp| {
        let before = audit_count(t, "login_failed").await;
        let statuses = parallel_logins(t, "puskesmas", "wrong-password", 50, None).await;
        let evaluated = statuses.iter().filter(|s| **s == 401).count();
        let refused = statuses.iter().filter(|s| **s == 429).count();
        assert_eq!(evaluated + refused, 50, "{statuses:?}");
        assert!(
            evaluated <= 3,
            "a burst is refused, not evaluated: {evaluated} evaluated"
        );
        assert_eq!(audit_count(t, "login_failed").await - before, evaluated as i64);
        // Another account from the same address is not affected.
        let c = t.client();
        assert_eq!(c.login("kader", app::demo::district::PASSWORD).await.status(), 303);
    }
);

both_fixture!(failed_logins_slow_down_instead_of_locking, async |t: &TestApp| {
    let c = t.client();
    for _ in 0..3 {
        let r = c.login("dinkes", "wrong-password").await;
        assert_eq!(r.status(), 401);
    }
    // The next attempt must wait (even with the right password) …
    let r = c.login("dinkes", app::demo::district::PASSWORD).await;
    assert_eq!(r.status(), 429);
    assert!(r.text().await.unwrap().contains("login-error"));
    // … but only a moment: the account is not locked.
    tokio::time::sleep(std::time::Duration::from_millis(1200)).await;
    assert_eq!(c.login("dinkes", app::demo::district::PASSWORD).await.status(), 303);
    // A success forgets the failures.
    let c = t.client();
    assert_eq!(c.login("dinkes", "wrong-password").await.status(), 401);
    assert_eq!(c.login("dinkes", app::demo::district::PASSWORD).await.status(), 303);
});

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forwarded_for_counts_only_behind_a_trusted_proxy() {
    for trusted in [false, true] {
        let db = TestDb::sqlite().await;
        let app = db.app().await;
        lintas_testkit::fixture::load(&app).await;
        let config = web::WebConfig {
            trusted_proxies: if trusted {
                vec![[127, 0, 0, 1].into()]
            } else {
                Vec::new()
            },
            ..Default::default()
        };
        let t = TestApp::spawn_with(db, app, config).await;
        for _ in 0..3 {
            let s = parallel_logins(&t, "dinkes", "wrong", 1, Some("203.0.113.7")).await;
            assert_eq!(s, [401]);
        }
        // The guesser's address waits; a colleague behind the same proxy does not, when the
        // proxy is trusted. Untrusted, the header is the client's own claim and ignored.
        let s = parallel_logins(&t, "dinkes", app::demo::district::PASSWORD, 1, Some("203.0.113.7")).await;
        assert_eq!(s, [429]);
        let s = parallel_logins(&t, "dinkes", app::demo::district::PASSWORD, 1, Some("198.51.100.20")).await;
        assert_eq!(s, [if trusted { 303 } else { 429 }], "trusted = {trusted}");
        t.cleanup().await;
    }
}

both_fixture!(login_follows_only_local_paths, async |t: &TestApp| {
    let c = t.signed_in("dinkes").await;
    for (next, to) in [
        ("/%09/evil.example", "/"),
        ("//evil.example", "/"),
        ("/%5Cevil.example", "/"),
        ("https://evil.example/", "/"),
        ("/meetings", "/meetings"),
    ] {
        let p = c.get(&format!("/login?next={next}")).await;
        assert_eq!(p.status, 303);
        assert_eq!(p.location.as_deref(), Some(to), "{next}");
    }
    let c = t.client();
    let csrf = c.get("/login").await.csrf();
    let r = c
        .http
        .post(t.url("/login"))
        .form(&[
            ("_csrf", csrf.as_str()),
            ("username", "kader"),
            ("password", app::demo::district::PASSWORD),
            ("next", "/\t/evil.example"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    assert_eq!(r.headers()["location"], "/");
});

both_fixture!(
    a_password_change_ends_other_sessions_and_may_revoke_tokens,
    async |t: &TestApp| {
        let me = t.signed_in("dinkes").await;
        let elsewhere = t.signed_in("dinkes").await;
        let token = t.token("dinkes").await;
        let api = Api::new(t, Some(token.clone()));
        assert_eq!(api.get("/api/v1/me").await.0, 200);
        let p = me
            .post_form(
                "/account",
                "/account/password",
                &[
                    ("current_password", app::demo::district::PASSWORD),
                    ("new_password", "kata-sandi-baru-2026"),
                ],
            )
            .await;
        assert_eq!(p.status, 200, "{}", p.body);
        assert_eq!(me.get("/").await.status, 200, "the session that changed it stays");
        let gone = elsewhere.get("/").await;
        assert_eq!(gone.status, 303, "the other session ended");
        assert!(gone.location.unwrap().starts_with("/login"));
        assert_eq!(api.get("/api/v1/me").await.0, 200, "tokens stay unless asked");
        let p = me
            .post_form(
                "/account",
                "/account/password",
                &[
                    ("current_password", "kata-sandi-baru-2026"),
                    ("new_password", "kata-sandi-lain-2026"),
                    ("revoke_tokens", "1"),
                ],
            )
            .await;
        assert_eq!(p.status, 200);
        assert_eq!(api.get("/api/v1/me").await.0, 401, "revoked with the change");
        assert!(me.get("/account").await.body.contains("dicabut"));
    }
);

both_fixture!(an_admin_reset_revokes_tokens_and_sessions, async |t: &TestApp| {
    let kader = t.signed_in("kader").await;
    let api = Api::new(t, Some(t.token("kader").await));
    assert_eq!(api.get("/api/v1/me").await.0, 200);
    let admin = t.actor("admin").await;
    let user = app::user::by_username(&t.app, "kader").await.unwrap();
    let form = domain::user::UserInput {
        username: "kader".into(),
        display_name: user.display_name.clone(),
        role: domain::user::Role::Kader,
        org_id: user.org_id,
        person_id: None,
        password: Some("reset-oleh-admin-2026".into()),
        active: true,
    };
    app::user::update(&t.app, &admin, user.id, &form).await.unwrap();
    assert_eq!(api.get("/api/v1/me").await.0, 401);
    assert_eq!(kader.get("/").await.status, 303);
});

both_fixture!(tokens_expire_and_show_their_term_and_last_use, async |t: &TestApp| {
    let c = t.signed_in("polsek").await;
    let page = c.get("/account").await;
    let csrf = page.csrf();
    let p = c
        .post_raw("/account/tokens", &csrf, &[("name", "skrip laporan"), ("days", "30")])
        .await;
    assert_eq!(p.status, 200);
    let key = "<pre id=\"new-token\">";
    let i = p.body.find(key).unwrap() + key.len();
    let token = p.body[i..].split('<').next().unwrap().to_string();
    let api = Api::new(t, Some(token.clone()));
    assert_eq!(api.get("/api/v1/me").await.0, 200);
    // The use is recorded once, then not again within the minute (reads stay reads).
    let first = {
        let mut tx = t.app.store.read().await.unwrap();
        let u = app::user::by_username(&t.app, "polsek").await.unwrap();
        store::user::tokens_of(&mut tx, u.id).await.unwrap()[0].clone()
    };
    let used = first.last_used_at.expect("use recorded");
    let term = first.expires_at.unwrap() - first.created_at - chrono::Duration::days(30);
    assert!(term.num_seconds().abs() < 5, "30 days: {term}");
    assert_eq!(api.get("/api/v1/me").await.0, 200);
    {
        let mut tx = t.app.store.read().await.unwrap();
        let again = store::user::tokens_of(&mut tx, first.user_id).await.unwrap()[0].clone();
        assert_eq!(again.last_used_at, Some(used));
    }
    let page = c.get("/account").await.body;
    assert!(
        page.contains("Berlaku sampai") && page.contains("Terakhir dipakai"),
        "{page}"
    );
    // A term that is not offered is refused.
    let p = c
        .post_raw("/account/tokens", &csrf, &[("name", "selamanya"), ("days", "100000")])
        .await;
    assert_eq!(p.status, 422);
    // Past its term, the token no longer opens anything.
    {
        let mut tx = t.app.store.write().await.unwrap();
        let past = store::now() - chrono::Duration::days(1);
        store::on_tx!(&mut tx, c => sqlx::query("UPDATE api_tokens SET expires_at = $1 WHERE id = $2")
            .bind(past)
            .bind(first.id)
            .execute(c)
            .await
            .unwrap()
            .rows_affected());
        tx.commit().await.unwrap();
    }
    let (s, e) = api.get("/api/v1/me").await;
    assert_eq!((s, e["error"]["code"].as_str()), (401, Some("unauthenticated")));
    assert!(c.get("/account").await.body.contains("kedaluwarsa"));
});

/// The body of a CSV download, with the byte-order mark.
async fn csv(c: &lintas_testkit::http::Client, path: &str) -> String {
    let p = c.get(path).await;
    assert_eq!(p.status, 200, "{path}: {}", p.body);
    assert!(p.body.starts_with('\u{feff}'), "{path}");
    p.body
}

both_fixture!(no_csv_export_carries_a_live_formula, async |t: &TestApp| {
    const EVIL: &str = "=HYPERLINK(\"http://evil.example\",\"klik\")";
    let dinkes = Api::new(t, Some(t.token("dinkes").await));
    let c = t.signed_in("dinkes").await;
    // RTL matrix: an action whose activity is a formula.
    let pkm = org_id(t, "PKM-SRL-03").await;
    let polsek = org_id(t, "POLSEK-SRL-03").await;
    let (s, m) = dinkes
        .send(
            Method::POST,
            "/api/v1/meetings",
            &json!({"title": "Rakor", "kind": "rakor_kesehatan", "host_org_id": org_id(t, "DINKES-SRL").await, "held_on": "2024-04-30"}),
        )
        .await;
    assert_eq!(s, 201, "{m}");
    let meeting = m["id"].as_i64().unwrap();
    let (s, a) = dinkes
        .send(
            Method::POST,
            &format!("/api/v1/meetings/{meeting}/actions"),
            &json!({"what": EVIL, "owner_org_id": polsek, "target": "@SUM(A1)"}),
        )
        .await;
    assert_eq!(s, 201, "{a}");
    let body = csv(&c, &format!("/meetings/{meeting}/rtl.csv")).await;
    assert!(body.contains("'=HYPERLINK") && body.contains("'@SUM(A1)"), "{body}");
    assert!(!body.contains(",=HYPERLINK") && !body.contains(",\"=HYPERLINK"));
    // Agreements register.
    let (s, v) = dinkes
        .send(
            Method::POST,
            "/api/v1/agreements",
            &json!({"kind": "pks", "title": EVIL, "start_on": "2025-01-01", "end_on": "2026-12-31",
                    "scope": ["berbagi_data"], "parties": [{"org_id": org_id(t, "DINKES-SRL").await}, {"org_id": pkm}]}),
        )
        .await;
    assert_eq!(s, 201, "{v}");
    let body = csv(&c, "/agreements.csv").await;
    assert!(body.contains("'=HYPERLINK"), "{body}");
    // Posyandu registry and the nutrition report: a Posyandu named like a formula.
    let (posyandu, desa) = t.add_posyandu("Posyandu Melati").await;
    {
        let mut tx = t.app.store.write().await.unwrap();
        store::on_tx!(&mut tx, c => sqlx::query("UPDATE organizations SET name = $1 WHERE id = $2")
            .bind("-1+cmd|' /C calc'!A0")
            .bind(posyandu)
            .execute(c)
            .await
            .unwrap()
            .rows_affected());
        tx.commit().await.unwrap();
    }
    let body = csv(&c, "/posyandu.csv").await;
    assert!(body.contains("'-1+cmd|"), "{body}");
    // A registered child gives the Posyandu its line in the month's report.
    let form = domain::nutrition::ChildInput::new(
        "Bayu",
        domain::nutrition::Sex2::L,
        chrono::NaiveDate::from_ymd_opt(2023, 6, 1).unwrap_or_default(),
        posyandu,
    );
    app::nutrition::register_child(&t.app, &t.actor("dinkes").await, &form, false)
        .await
        .unwrap();
    let body = csv(&c, &format!("/nutrition.csv?region={}&month=2024-02", desa.code)).await;
    assert!(body.contains("'-1+cmd|"), "{body}");
    // Numbers stay numbers.
    assert!(!body.contains(",'0") && !body.contains(",'-0"), "{body}");
});

both_fixture!(
    attendance_by_id_does_not_reveal_a_person_elsewhere,
    async |t: &TestApp| {
        let api = Api::new(t, Some(t.token("puskesmas").await));
        let pkm = org_id(t, "PKM-SRL-03").await;
        let (s, m) = api
        .send(
            Method::POST,
            "/api/v1/meetings",
            &json!({"title": "Lokmin Bulanan", "kind": "lokmin_bulanan", "host_org_id": pkm, "held_on": "2024-04-30"}),
        )
        .await;
        assert_eq!(s, 201, "{m}");
        let id = m["id"].as_i64().unwrap();
        // A person of another kecamatan: the head of Puskesmas Batang Asai.
        let stranger = {
            let other = org_id(t, "PKM-SRL-01").await;
            let mut tx = t.app.store.read().await.unwrap();
            store::person::positions_at(&mut tx, other).await.unwrap()[0].clone()
        };
        let (s, e) = api
            .send(
                Method::POST,
                &format!("/api/v1/meetings/{id}/attendance"),
                &json!({"person_id": stranger.person_id, "org_id": pkm}),
            )
            .await;
        assert_eq!(s, 422, "{e}");
        assert_eq!(e["error"]["fields"][0]["code"], "person.unknown");
        let (_, list) = api.get(&format!("/api/v1/meetings/{id}/attendance")).await;
        assert!(!list.to_string().contains(&stranger.person_name), "{list}");
        // The page's form answers the same.
        let c = t.signed_in("puskesmas").await;
        let p = c
            .post_form(
                &format!("/meetings/{id}"),
                &format!("/meetings/{id}/attendance"),
                &[
                    ("person_id", &stranger.person_id.to_string()),
                    ("org_id", &pkm.to_string()),
                ],
            )
            .await;
        assert_eq!(p.status, 422);
        assert!(!p.body.contains(&stranger.person_name));
    }
);

both_fixture!(responses_are_not_cached_and_health_says_little, async |t: &TestApp| {
    let c = t.signed_in("dinkes").await;
    let r = c.http.get(t.url("/children")).send().await.unwrap();
    assert_eq!(r.headers()["cache-control"], "no-store");
    assert!(
        r.headers().get("strict-transport-security").is_none(),
        "plain HTTP: no HSTS"
    );
    let r = c.http.get(t.url("/api/v1/organizations")).send().await.unwrap();
    assert_eq!(r.headers()["cache-control"], "no-store");
    let r = c.http.get(t.url("/static/style.css")).send().await.unwrap();
    assert!(r.headers()["cache-control"].to_str().unwrap().starts_with("public"));
    // With the database gone, /healthz says so and nothing more.
    t.app.store.close().await;
    let r = c.http.get(t.url("/healthz")).send().await.unwrap();
    assert_eq!(r.status(), 503);
    assert_eq!(r.text().await.unwrap(), "database unavailable");
});

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn behind_https_browsers_are_told_to_stay_there() {
    let db = TestDb::sqlite().await;
    let app = db.app().await;
    let config = web::WebConfig {
        secure_cookies: true,
        ..Default::default()
    };
    let t = TestApp::spawn_with(db, app, config).await;
    let r = reqwest::get(t.url("/login")).await.unwrap();
    assert_eq!(
        r.headers()["strict-transport-security"],
        "max-age=31536000; includeSubDomains"
    );
    assert!(r.headers()["set-cookie"].to_str().unwrap().contains("Secure"));
    t.cleanup().await;
}

both_fixture!(the_family_card_number_is_masked_like_the_nik, async |t: &TestApp| {
    let (posyandu, _) = t.add_posyandu("Posyandu Kenanga").await;
    let dinkes = t.actor("dinkes").await;
    let form = domain::nutrition::ChildInput {
        nik: Some("1503014105230001".into()),
        kk_number: Some("1503010101230009".into()),
        ..domain::nutrition::ChildInput::new(
            "Rara Anjani",
            domain::nutrition::Sex2::P,
            chrono::NaiveDate::from_ymd_opt(2023, 5, 1).unwrap_or_default(),
            posyandu,
        )
    };
    let id = match app::nutrition::register_child(&t.app, &dinkes, &form, false)
        .await
        .unwrap()
    {
        app::nutrition::Registration::Created(id) => id,
        other => panic!("{other:?}"),
    };
    let c = t.signed_in("dinkes").await;
    assert!(
        c.get(&format!("/children/{id}"))
            .await
            .body
            .contains("1503010101230009")
    );
    // A Puskesmas account sees it masked (PKM-SRL-01 holds the desa of this Posyandu).
    let pkm = t.actor("puskesmas").await;
    let mut pkm01 = pkm.clone();
    pkm01.org_id = Some(org_id(t, "PKM-SRL-01").await);
    {
        let mut tx = t.app.store.read().await.unwrap();
        pkm01.area = app::auth::area_of(&mut tx, pkm01.role, pkm01.org_id).await.unwrap();
    }
    let v = app::nutrition::child(&t.app, &pkm01, id).await.unwrap();
    assert_eq!(v.child.kk_number.as_deref(), Some("1503••••••••0009"));
});

both_fixture!(
    a_crafted_upload_is_refused_while_the_server_keeps_answering,
    async |t: &TestApp| {
        let bomb = lintas_testkit::xfd_bomb();
        let one_line = {
            let mut b = b"Nama;JK;Tgl Lahir;Posyandu;Tgl Ukur;".to_vec();
            b.resize(25 * 1024 * 1024 - 4096, b'x');
            b
        };
        let kader = t.signed_in("kader").await;
        let watcher = t.client();
        let base = t.base.clone();
        // Others keep being served while the uploads are read.
        let health = tokio::spawn(async move {
            let mut ok = 0;
            for _ in 0..20 {
                let r = watcher.http.get(format!("{base}/healthz")).send().await.unwrap();
                ok += usize::from(r.status() == 200);
                tokio::time::sleep(std::time::Duration::from_millis(20)).await;
            }
            ok
        });
        for (bytes, name, code) in [
            (&bomb, "bom.xlsx", "Berkas terlalu besar: barisnya melebihi batas"),
            (&one_line, "satu-baris.csv", "Ada baris yang terlalu panjang"),
        ] {
            let p = kader
                .post_multipart("/import", "/import", &[], (bytes.as_slice(), name))
                .await;
            assert_eq!(p.status, 422, "{name}");
            assert!(p.body.contains(code), "{name}: {}", p.body);
        }
        assert_eq!(health.await.unwrap(), 20);
        // The command line answers the same, with exit code 2 and no crash (see the CLI tests).
    }
);

/// The body of a PUT that keeps an organisation as it is, but for `parent_id`.
fn org_body(o: &serde_json::Value, parent: Option<i64>) -> serde_json::Value {
    json!({
        "name": o["name"], "code": o["code"], "kind": o["kind"], "sector": o["sector"],
        "parent_id": parent, "region_code": o["region_code"],
    })
}

both_fixture!(
    a_puskesmas_never_reaches_the_other_puskesmas_of_its_kecamatan,
    async |t: &TestApp| {
        let kota = org_id(t, app::demo::district::KOTA_PUSKESMAS).await;
        let own = org_id(t, "PKM-SRL-03").await;
        let kota_posyandu = org_id(t, "POSY-1503031015").await; // Sukasari, a kelurahan of the town
        let own_posyandu = org_id(t, "POSY-1503031001").await;
        let polsek = org_id(t, "POLSEK-SRL-03").await;
        let pkm = Api::new(t, Some(t.token("puskesmas").await));
        let dinkes = Api::new(t, Some(t.token("dinkes").await));
        // What the review tried: reading the other Puskesmas and putting it under oneself.
        let (s, other) = dinkes.get(&format!("/api/v1/organizations/{kota}")).await;
        assert_eq!(s, 200);
        assert_eq!(pkm.get(&format!("/api/v1/organizations/{kota}")).await.0, 403);
        let (s, _) = pkm
            .send(
                Method::PUT,
                &format!("/api/v1/organizations/{kota}"),
                &org_body(&other, Some(own)),
            )
            .await;
        assert_eq!(s, 403);
        assert_eq!(pkm.get(&format!("/api/v1/organizations/{kota_posyandu}")).await.0, 403);
        let (_, list) = pkm.get("/api/v1/organizations?kind=posyandu&per_page=500").await;
        let ids: Vec<i64> = list["items"]
            .as_array()
            .or(list.as_array())
            .unwrap()
            .iter()
            .filter_map(|o| o["id"].as_i64())
            .collect();
        assert!(ids.contains(&own_posyandu) && !ids.contains(&kota_posyandu), "{ids:?}");
        // Its own Posyandu may not be moved under another parent either; the district may.
        let (_, mine) = pkm.get(&format!("/api/v1/organizations/{own_posyandu}")).await;
        let (s, _) = pkm
            .send(
                Method::PUT,
                &format!("/api/v1/organizations/{own_posyandu}"),
                &org_body(&mine, Some(kota)),
            )
            .await;
        assert_eq!(s, 403);
        let (s, _) = pkm
            .send(
                Method::PUT,
                &format!("/api/v1/organizations/{own_posyandu}"),
                &org_body(&mine, Some(own)),
            )
            .await;
        assert_eq!(s, 204, "an edit that keeps the parent is fine");
        let (s, e) = dinkes
            .send(
                Method::PUT,
                &format!("/api/v1/organizations/{kota_posyandu}"),
                &org_body(
                    &dinkes.get(&format!("/api/v1/organizations/{kota_posyandu}")).await.1,
                    Some(kota),
                ),
            )
            .await;
        assert_eq!(s, 204, "{e}");
        // The kecamatan's partners are read (and invited), not written.
        let (s, p) = pkm.get(&format!("/api/v1/organizations/{polsek}")).await;
        assert_eq!(s, 200);
        let (s, _) = pkm
            .send(
                Method::PUT,
                &format!("/api/v1/organizations/{polsek}"),
                &org_body(&p, p["parent_id"].as_i64()),
            )
            .await;
        assert_eq!(s, 403);
        // The other Puskesmas's meeting with the camat, and its action with a private note.
        let kota_api = Api::new(t, Some(t.token("puskesmas-kota").await));
        let camat = org_id(t, "CAMAT-SRL-03").await;
        let (s, m) = kota_api
            .send(
                Method::POST,
                "/api/v1/meetings",
                &json!({"title": "Lokmin Kota", "kind": "lokmin_tribulanan", "host_org_id": kota,
                    "held_on": "2024-05-20", "invited": [camat, polsek]}),
            )
            .await;
        assert_eq!(s, 201, "{m}");
        let meeting = m["id"].as_i64().unwrap();
        let (s, a) = kota_api
        .send(
            Method::POST,
            &format!("/api/v1/meetings/{meeting}/actions"),
            &json!({"what": "Sweeping imunisasi", "owner_org_id": kota_posyandu, "private_note": "catatan internal"}),
        )
        .await;
        assert_eq!(s, 201, "{a}");
        let action = a["id"].as_i64().unwrap();
        assert_eq!(pkm.get(&format!("/api/v1/meetings/{meeting}")).await.0, 403);
        let (s, body) = pkm.get(&format!("/api/v1/actions/{action}")).await;
        assert!(matches!(s, 403 | 404), "{s} {body}");
        let (_, list) = pkm.get("/api/v1/meetings?per_page=500").await;
        assert!(!list.to_string().contains("Lokmin Kota"));
        // The camat (invited) and the host see it.
        assert_eq!(kota_api.get(&format!("/api/v1/meetings/{meeting}")).await.0, 200);
        // Pages answer the same.
        let c = t.signed_in("puskesmas").await;
        assert_eq!(c.get(&format!("/organizations/{kota}")).await.status, 403);
        assert_eq!(c.get(&format!("/posyandu/{kota_posyandu}")).await.status, 403);
        assert_eq!(c.get(&format!("/meetings/{meeting}")).await.status, 403);
        let page = c.get(&format!("/organizations/{own}/edit")).await;
        assert_eq!(page.status, 200);
        assert!(
            page.body.contains("Induk organisasi hanya dapat diubah"),
            "parent shown fixed"
        );
    }
);
