//! Black-box tests through HTTP, on SQLite and on PostgreSQL, against the small fixture district.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use lintas_testkit::http::Api;
use lintas_testkit::org_id;
use lintas_testkit::{TestApp, both_fixture};
use reqwest::Method;
use serde_json::json;

async fn org_count(t: &TestApp, code: &str) -> i64 {
    let mut tx = t.app.store.read().await.unwrap();
    i64::from(store::org::get_by_code(&mut tx, code).await.unwrap().is_some())
}

both_fixture!(health_answers_without_login, async |t: &TestApp| {
    let c = t.client();
    assert_eq!(c.get("/healthz").await.status, 200);
});

both_fixture!(api_refuses_anonymous_requests_with_json_401, async |t: &TestApp| {
    let api = Api::new(t, None);
    for path in [
        "/api/v1/regions/15.03",
        "/api/v1/organizations",
        "/api/v1/people",
        "/api/v1/users",
        "/api/v1/audit",
    ] {
        let (s, body) = api.get(path).await;
        assert_eq!(s, 401, "{path}");
        assert_eq!(body["error"]["code"], "unauthenticated", "{path}");
    }
    let (s, _) = api.get("/api/v1/openapi.json").await;
    assert_eq!(s, 200);
    let api = Api::new(t, Some("lintas_forged".into()));
    assert_eq!(api.get("/api/v1/regions/15.03").await.0, 401);
});

both_fixture!(region_lookup_and_sloppy_search_through_the_api, async |t: &TestApp| {
    let api = Api::new(t, Some(t.token("dinkes").await));
    let (s, r) = api.get("/api/v1/regions/15.03").await;
    assert_eq!(s, 200);
    assert_eq!(r["code"], "15.03");
    assert_eq!(r["name"], "Kabupaten Sarolangun");
    assert_eq!(r["level"], "regency");
    assert_eq!(r["parent_code"], "15");
    let (_, hits) = api.get("/api/v1/regions?q=pangkalpinang").await;
    assert_eq!(hits[0]["code"], "19.71");
    assert_eq!(hits[0]["name"], "Kota Pangkal Pinang");
    let (s, _) = api.get("/api/v1/regions/99.99").await;
    assert_eq!(s, 404);
    let (s, e) = api.get("/api/v1/regions/abc").await;
    assert_eq!((s, e["error"]["code"].as_str()), (422, Some("invalid")));
    let (s, hits) = api.get("/api/v1/regions?q=%27%3B%20DROP%20TABLE%20regions%3B--").await;
    assert_eq!(s, 200);
    // The words are searched for as words: no region is named like that, and nothing is dropped.
    assert_eq!(hits, serde_json::json!([]), "metacharacters match nothing");
    let (_, r) = api.get("/api/v1/regions/15.03").await;
    assert_eq!(r["code"], "15.03", "regions still there");
});

both_fixture!(
    login_with_wrong_password_fails_and_is_rate_limited,
    async |t: &TestApp| {
        let c = t.client();
        for _ in 0..3 {
            let r = c.login("dinkes", "wrong-password").await;
            assert_eq!(r.status(), 401);
            assert!(r.text().await.unwrap().contains("login-error"));
        }
        let r = c.login("dinkes", app::demo::district::PASSWORD).await;
        assert_eq!(
            r.status(),
            429,
            "the fourth attempt at once is refused even with the right password"
        );
    }
);

both_fixture!(forged_csrf_token_is_refused_and_nothing_saved, async |t: &TestApp| {
    let c = t.signed_in("dinkes").await;
    let p = c
        .post_raw(
            "/organizations",
            "0000000000000000000000000000000000000000",
            &[
                ("name", "Forged Org"),
                ("code", "FORGED"),
                ("kind", "school"),
                ("region_code", "15.03.01"),
            ],
        )
        .await;
    assert_eq!(p.status, 403);
    assert_eq!(org_count(t, "FORGED").await, 0);
    // A token from another visitor's page does not verify either.
    let other = t.signed_in("admin").await;
    let foreign = other.get("/organizations/new").await.csrf();
    let p = c
        .post_raw(
            "/organizations",
            &foreign,
            &[("name", "X"), ("kind", "school"), ("region_code", "15.03.01")],
        )
        .await;
    assert_eq!(p.status, 403);
});

both_fixture!(
    expired_or_unknown_session_goes_to_login_with_a_reason,
    async |t: &TestApp| {
        let c = t.client();
        let base = reqwest::Url::parse(&t.base).unwrap();
        let jar = reqwest::cookie::Jar::default();
        jar.add_cookie_str("lintas_session=deadbeef", &base);
        let http = reqwest::Client::builder()
            .cookie_provider(std::sync::Arc::new(jar))
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        let r = http.get(t.url("/organizations")).send().await.unwrap();
        assert_eq!(r.status(), 303);
        let loc = r.headers()["location"].to_str().unwrap().to_string();
        assert!(loc.starts_with("/login?reason=expired"), "{loc}");
        let p = c.get(&loc).await;
        assert!(p.body.contains("Sesi Anda telah berakhir"));
    }
);

both_fixture!(
    create_organization_with_field_errors_then_success,
    async |t: &TestApp| {
        let c = t.signed_in("dinkes").await;
        // Every bad field is named, in Bahasa Indonesia, and nothing is stored.
        let p = c
            .post_form(
                "/organizations/new",
                "/organizations",
                &[
                    ("name", ""),
                    ("code", "PKM SRL"),
                    ("kind", "puskesmas"),
                    ("region_code", "15.03.99"),
                    ("phone", "12"),
                ],
            )
            .await;
        assert_eq!(p.status, 422);
        assert!(p.body.contains("Wajib diisi."), "name required");
        assert!(p.body.contains("Kode hanya boleh huruf"), "code format");
        assert!(p.body.contains("Nomor telepon"), "phone");
        // Unknown region (well-formed but not in the data)
        let p = c
            .post_form(
                "/organizations/new",
                "/organizations",
                &[
                    ("name", "Puskesmas Baru"),
                    ("kind", "puskesmas"),
                    ("region_code", "15.03.99"),
                ],
            )
            .await;
        assert_eq!(p.status, 422);
        assert!(p.body.contains("tidak ada dalam data Kemendagri"));
        // Duplicate code
        let p = c
            .post_form(
                "/organizations/new",
                "/organizations",
                &[
                    ("name", "Puskesmas Kembar"),
                    ("code", "PKM-SRL-01"),
                    ("kind", "puskesmas"),
                    ("region_code", "15.03.01"),
                ],
            )
            .await;
        assert_eq!(p.status, 422);
        assert!(p.body.contains("sudah dipakai organisasi lain"));
        // A good one
        let p = c
            .post_form(
                "/organizations/new",
                "/organizations",
                &[
                    ("name", "Puskesmas Sungai Baung"),
                    ("code", "pkm-srl-12"),
                    ("kind", "puskesmas"),
                    ("region_code", "15.03.03"),
                    ("parent_id", &org_id(t, "DINKES-SRL").await.to_string()),
                    ("identifiers_text", "kemenkes-puskesmas=P1503030202"),
                ],
            )
            .await;
        assert_eq!(p.status, 303, "{}", p.body);
        let id = org_id(t, "PKM-SRL-12").await;
        let page = c.get(&format!("/organizations/{id}")).await;
        assert!(page.body.contains("Puskesmas Sungai Baung") && page.body.contains("P1503030202"));
        let api = Api::new(t, Some(t.token("admin").await));
        let (_, audit) = api.get("/api/v1/audit?entity=organization").await;
        assert!(
            audit
                .as_array()
                .unwrap()
                .iter()
                .any(|e| e["entity_id"].as_str() == Some(id.to_string().as_str()) && e["action"] == "create")
        );
    }
);

both_fixture!(
    desa_in_another_wilayah_kerja_is_refused_naming_the_holder,
    async |t: &TestApp| {
        let c = t.signed_in("dinkes").await;
        let pkm = org_id(t, "PKM-SRL-01").await;
        let other = org_id(t, "PKM-SRL-02").await;
        // 15.03.01.2001 belongs to Puskesmas Batang Asai (PKM-SRL-01) in the demo.
        let page = format!("/organizations/{other}/wilayah-kerja");
        let p = c
            .post_form(&page, &page, &[("desa", "15.03.02.2005"), ("desa", "15.03.01.2001")])
            .await;
        assert_eq!(p.status, 422);
        assert!(
            p.body.contains("Puskesmas Batang Asai"),
            "names the Puskesmas that holds the desa"
        );
        let v = app::org::get(&t.app, &app_admin(t).await, other).await.unwrap();
        assert!(
            v.wilayah_kerja.iter().any(|d| d.desa_code == "15.03.02.2005"),
            "nothing changed"
        );
        assert!(!v.wilayah_kerja.iter().any(|d| d.desa_code == "15.03.01.2001"));
        // The API says the same with a stable code.
        let api = Api::new(t, Some(t.token("dinkes").await));
        let (s, e) = api
            .send(
                Method::PUT,
                &format!("/api/v1/organizations/{other}/wilayah-kerja"),
                &json!({"desa": ["15.03.01.2001"]}),
            )
            .await;
        assert_eq!(s, 422);
        assert_eq!(e["error"]["fields"][0]["code"], "wilayah_kerja.taken");
        // Moving a desa works once it is released.
        let (s, _) = api
            .send(
                Method::PUT,
                &format!("/api/v1/organizations/{pkm}/wilayah-kerja"),
                &json!({"desa": ["15.03.01.2002"]}),
            )
            .await;
        assert_eq!(s, 204);
        let (s, _) = api
            .send(
                Method::PUT,
                &format!("/api/v1/organizations/{other}/wilayah-kerja"),
                &json!({"desa": ["15.03.01.2001"]}),
            )
            .await;
        assert_eq!(s, 204);
    }
);

async fn app_admin(t: &TestApp) -> domain::access::Actor {
    let u = app::user::by_username(&t.app, "admin").await.unwrap();
    let mut tx = t.app.store.read().await.unwrap();
    app::auth::actor_of(&mut tx, &u).await.unwrap()
}

both_fixture!(partner_is_refused_outside_its_organisation, async |t: &TestApp| {
    let c = t.signed_in("polsek").await;
    let own = org_id(t, "POLSEK-SRL-03").await;
    let dinkes = org_id(t, "DINKES-SRL").await;
    assert_eq!(c.get(&format!("/organizations/{own}")).await.status, 200);
    assert_eq!(c.get(&format!("/organizations/{dinkes}")).await.status, 403);
    assert_eq!(c.get("/users").await.status, 403);
    assert_eq!(c.get("/audit").await.status, 403);
    let list = c.get("/organizations").await;
    assert!(list.body.contains("Polsek Sarolangun") && !list.body.contains("Dinas Kesehatan Kabupaten Sarolangun"));
    let api = Api::new(t, Some(t.token("polsek").await));
    assert_eq!(api.get(&format!("/api/v1/organizations/{dinkes}")).await.0, 403);
    let (s, _) = api
        .send(
            Method::POST,
            "/api/v1/organizations",
            &json!({"name": "Sekolah X", "kind": "school", "region_code": "15.03.03"}),
        )
        .await;
    assert_eq!(s, 403);
});

both_fixture!(puskesmas_sees_its_wilayah_kerja_only, async |t: &TestApp| {
    let api = Api::new(t, Some(t.token("puskesmas").await));
    // A page past any row count is empty, not an overflow.
    let (s, past) = api.get(&format!("/api/v1/organizations?page={}", i64::MAX)).await;
    assert_eq!((s, past.as_array().map(Vec::len)), (200, Some(0)));
    let (_, orgs) = api.get("/api/v1/organizations?per_page=500").await;
    let regions: Vec<&str> = orgs
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["region_code"].as_str().unwrap())
        .collect();
    assert!(!regions.is_empty());
    assert!(regions.iter().all(|r| r.starts_with("15.03.03")), "{regions:?}");
    let other = org_id(t, "PKM-SRL-01").await;
    assert_eq!(api.get(&format!("/api/v1/organizations/{other}")).await.0, 403);
    let (s, _) = api
        .send(
            Method::PUT,
            &format!("/api/v1/organizations/{}/wilayah-kerja", org_id(t, "PKM-SRL-03").await),
            &json!({"desa": []}),
        )
        .await;
    assert_eq!(s, 403, "a Puskesmas cannot redraw its own reach");
});

both_fixture!(
    nik_is_validated_and_masked_for_roles_that_do_not_need_it,
    async |t: &TestApp| {
        let dinkes = Api::new(t, Some(t.token("dinkes").await));
        let posy = org_id(t, "POSY-1503031001").await;
        let (s, e) = dinkes
            .send(
                Method::POST,
                "/api/v1/people",
                &json!({"name": "Ani", "nik": "12345", "position": {"org_id": posy, "kind": "kader"}}),
            )
            .await;
        assert_eq!(s, 422);
        assert_eq!(e["error"]["fields"][0]["code"], "nik.length");
        let (s, created) = dinkes
        .send(
            Method::POST,
            "/api/v1/people",
            &json!({"name": "Ani Lestari", "nik": "1503014506900001", "position": {"org_id": posy, "kind": "kader"}}),
        )
        .await;
        assert_eq!(s, 201, "{created}");
        let id = created["id"].as_i64().unwrap();
        let (_, p) = dinkes.get(&format!("/api/v1/people/{id}")).await;
        assert_eq!(p["nik"], "1503014506900001");
        let kader = Api::new(t, Some(t.token("kader").await));
        let (s, p) = kader.get(&format!("/api/v1/people/{id}")).await;
        assert_eq!(s, 200);
        assert_eq!(p["nik"], "1503••••••••0001");
        let (s, e) = dinkes
            .send(
                Method::POST,
                "/api/v1/people",
                &json!({"name": "Dup", "nik": "1503014506900001", "position": {"org_id": posy, "kind": "kader"}}),
            )
            .await;
        assert_eq!((s, e["error"]["fields"][0]["code"].as_str()), (422, Some("nik.taken")));
        // A Puskesmas edits the person through the form that shows the NIK masked: the
        // masked text sent back keeps the stored NIK (over the API too); dinkes never sees a
        // masked NIK, so one from dinkes is a format error.
        let pkm = t.signed_in("puskesmas").await;
        let edit = pkm.get(&format!("/people/{id}/edit")).await;
        assert_eq!(edit.status, 200, "{}", edit.body);
        let shown = lintas_testkit::html::field_value(&edit.body, "nik");
        assert_eq!(shown, "1503••••••••0001");
        let p = pkm
            .post_form(
                &format!("/people/{id}/edit"),
                &format!("/people/{id}"),
                &[("name", "Ani Lestari Putri"), ("nik", &shown)],
            )
            .await;
        assert_eq!(p.status, 303, "{}", p.body);
        let (_, p) = dinkes.get(&format!("/api/v1/people/{id}")).await;
        assert_eq!(
            (p["name"].as_str(), p["nik"].as_str()),
            (Some("Ani Lestari Putri"), Some("1503014506900001"))
        );
        let pkm_api = Api::new(t, Some(t.token("puskesmas").await));
        let (s, _) = pkm_api
            .send(
                Method::PUT,
                &format!("/api/v1/people/{id}"),
                &json!({"name": "Ani Lestari", "nik": shown}),
            )
            .await;
        assert_eq!(s, 204);
        let (_, p) = dinkes.get(&format!("/api/v1/people/{id}")).await;
        assert_eq!(
            (p["name"].as_str(), p["nik"].as_str()),
            (Some("Ani Lestari"), Some("1503014506900001"))
        );
        let (s, e) = dinkes
            .send(
                Method::PUT,
                &format!("/api/v1/people/{id}"),
                &json!({"name": "Ani", "nik": shown}),
            )
            .await;
        assert_eq!((s, e["error"]["fields"][0]["code"].as_str()), (422, Some("nik.digits")));
        // The audit row never holds the NIK in clear.
        let admin = Api::new(t, Some(t.token("admin").await));
        let (_, audit) = admin.get("/api/v1/audit?entity=person").await;
        assert!(!audit.to_string().contains("1503014506900001"));
    }
);

both_fixture!(bad_json_gets_specific_errors_and_stores_nothing, async |t: &TestApp| {
    let api = Api::new(t, Some(t.token("dinkes").await));
    let (s, e) = api
        .raw(
            Method::POST,
            "/api/v1/organizations",
            "application/json",
            b"{\"name\": ".to_vec(),
        )
        .await;
    assert_eq!((s, e["error"]["code"].as_str()), (400, Some("malformed_json")));
    let (s, e) = api
        .raw(Method::POST, "/api/v1/organizations", "text/plain", b"{}".to_vec())
        .await;
    assert_eq!((s, e["error"]["code"].as_str()), (415, Some("unsupported_media_type")));
    let big = format!(
        "{{\"name\": \"{}\", \"kind\": \"school\", \"region_code\": \"15.03.01\"}}",
        "x".repeat(2 * 1024 * 1024)
    );
    let (s, e) = api
        .raw(
            Method::POST,
            "/api/v1/organizations",
            "application/json",
            big.into_bytes(),
        )
        .await;
    assert_eq!((s, e["error"]["code"].as_str()), (413, Some("payload_too_large")));
    let (s, e) = api
        .send(Method::POST, "/api/v1/organizations", &json!({"name": 5}))
        .await;
    assert_eq!((s, e["error"]["code"].as_str()), (422, Some("invalid")));
    let (s, e) = api
        .send(
            Method::POST,
            "/api/v1/organizations",
            &json!({"name": "A", "kind": "castle", "region_code": "15.03.01"}),
        )
        .await;
    assert_eq!((s, e["error"]["fields"][0]["field"].as_str()), (422, Some("kind")));
    let (s, _) = api.get("/api/v1/nothing-here").await;
    assert_eq!(s, 404);
});

both_fixture!(sessions_cannot_write_through_the_api, async |t: &TestApp| {
    let c = t.signed_in("dinkes").await;
    let r = c
        .http
        .post(format!("{}/api/v1/organizations", t.base))
        .json(&json!({"name": "Via cookie", "kind": "school", "region_code": "15.03.01"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    let r = c.http.get(format!("{}/api/v1/me", t.base)).send().await.unwrap();
    assert_eq!(r.status(), 200, "reads with the session are fine");
});

both_fixture!(token_from_credentials_and_language_switch, async |t: &TestApp| {
    let api = Api::new(t, None);
    let (s, body) = api
        .send(
            Method::POST,
            "/api/v1/auth/token",
            &json!({"username": "bupati", "password": "lintas-demo", "name": "script"}),
        )
        .await;
    assert_eq!(s, 201);
    let api = Api::new(t, body["token"].as_str().map(str::to_string));
    let (_, me) = api.get("/api/v1/me").await;
    assert_eq!(me["role"], "viewer");
    let (s, _) = api
        .send(
            Method::POST,
            "/api/v1/organizations",
            &json!({"name": "X", "kind": "school", "region_code": "15.03.01"}),
        )
        .await;
    assert_eq!(s, 403, "viewers never write");
    let c = t.signed_in("bupati").await;
    assert!(c.get("/").await.body.contains("Beranda"));
    let p = c.post_form("/", "/lang", &[("lang", "en"), ("next", "/")]).await;
    assert_eq!(p.status, 303);
    assert!(c.get("/").await.body.contains("Welcome"));
});

both_fixture!(people_and_positions_over_time, async |t: &TestApp| {
    let c = t.signed_in("dinkes").await;
    let polsek = org_id(t, "POLSEK-SRL-03").await.to_string();
    let p = c
        .post_form(
            "/people/new",
            "/people",
            &[
                ("name", "Iptu Ahmad Fauzi"),
                ("org_id", &polsek),
                ("kind", "kapolsek"),
                ("started_on", "01/02/2024"),
                ("ended_on", "2023-01-01"),
            ],
        )
        .await;
    assert_eq!(p.status, 422);
    assert!(p.body.contains("sebelum tanggal mulai"));
    let p = c
        .post_form(
            "/people/new",
            "/people",
            &[
                ("name", "Iptu Ahmad Fauzi"),
                ("org_id", &polsek),
                ("kind", "kapolsek"),
                ("started_on", "2024-02-01"),
            ],
        )
        .await;
    assert_eq!(p.status, 303);
    let person = p.location.unwrap();
    let page = c.get(&person).await;
    assert!(page.body.contains("Polsek Sarolangun"));
    let pos_id: String = page
        .body
        .split("/positions/")
        .nth(1)
        .unwrap()
        .chars()
        .take_while(|ch| ch.is_ascii_digit())
        .collect();
    let p = c
        .post_form(
            &person,
            &format!("/positions/{pos_id}/end"),
            &[("ended_on", "2025-06-30")],
        )
        .await;
    assert_eq!(p.status, 303);
    assert!(c.get(&person).await.body.contains("2025-06-30"));
});

both_fixture!(the_organisation_form_takes_a_region_by_name, async |t: &TestApp| {
    let c = t.signed_in("dinkes").await;
    let save =
        |name: &'static str, code: &'static str, kind: &'static str, region: &'static str, pick: &'static str| {
            let c = &c;
            async move {
                c.post_form(
                    "/organizations/new",
                    "/organizations",
                    &[
                        ("name", name),
                        ("code", code),
                        ("kind", kind),
                        ("region_code", region),
                        ("region_pick", pick),
                    ],
                )
                .await
            }
        };
    // A Polsek sits at a kecamatan: "Pelawan" is the kecamatan of that name.
    let p = save("Polsek Pelawan", "POLSEK-SRL-05", "polsek", "Pelawan", "").await;
    assert_eq!(p.status, 303, "{}", p.body);
    let page = c.get(&p.location.unwrap()).await.body;
    assert!(page.contains("15.03.05"), "{page}");
    // The level said in the name decides too.
    let p = save("SMP Negeri 1 Sarolangun", "SMP-SRL-03", "school", "Kec. Sarolangun", "").await;
    assert_eq!(p.status, 303, "{}", p.body);
    // Several of one name: the choices are listed, nothing stored, the form kept.
    let p = save("SD Negeri Pelawan", "SD-1503052002", "school", "Pelawan", "").await;
    assert_eq!(p.status, 422, "{}", p.body);
    assert!(p.body.contains("Ada beberapa wilayah dengan nama ini"));
    let choices = lintas_testkit::html::element(&p.body, "id=\"region-choices\"", "</ul>");
    for code in ["15.03.05\"", "15.03.05.2002\"", "64.08.05.2012\""] {
        assert!(choices.contains(code), "{code} in {choices}");
    }
    assert!(p.body.contains("value=\"SD Negeri Pelawan\""));
    assert_eq!(org_count(t, "SD-1503052002").await, 0);
    // The choice is a button of the same form.
    let p = save(
        "SD Negeri Pelawan",
        "SD-1503052002",
        "school",
        "Pelawan",
        "15.03.05.2002",
    )
    .await;
    assert_eq!(p.status, 303, "{}", p.body);
    // A name no region has.
    let p = save("SD Atlantis", "SD-ATL", "school", "Atlantis", "").await;
    assert_eq!(p.status, 422);
    assert!(p.body.contains("Tidak ada wilayah dengan nama atau kode ini"));
    // A code is still a code.
    let p = save("SD Negeri Bernai", "SD-1503032002", "school", "15.03.03.2002", "").await;
    assert_eq!(p.status, 303, "{}", p.body);
});
