//! The main journeys in a real headless Chromium, on SQLite and on PostgreSQL.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use lintas_testkit::browser::Browser;
use lintas_testkit::{TestApp, TestDb};
use thirtyfour::prelude::*;

async fn journeys(t: &TestApp, tag: &str) {
    let Some(b) = Browser::start(1280, 900).await else {
        return;
    };
    let base = &t.base;

    // Log in.
    b.login(base, "admin").await;
    assert!(b.text("h1").await.contains("Selamat datang"), "home after login");

    // Find a desa by a sloppy name.
    b.goto(&format!("{base}/regions")).await;
    b.fill("#q", "tambakratu").await;
    b.click_and_wait("form.search button[type=submit]").await;
    b.click_and_wait("#region-results li a").await;
    assert_eq!(b.text("#region-code").await, "15.03.01.2001");
    assert_eq!(b.text("h1").await, "Tambak Ratu");

    // A validation error appears beside the field, and nothing is saved.
    b.goto(&format!("{base}/organizations/new")).await;
    b.fill("#name", "Puskesmas Kedurang").await;
    b.driver
        .find(By::Css("#kind"))
        .await
        .unwrap()
        .send_keys("Puskesmas")
        .await
        .unwrap();
    b.fill("#region_code", "17.01.01.9999").await;
    b.fill("#code", "PKM KDR").await;
    b.click_and_wait("form.form button[type=submit]").await;
    let code_err = b.text("#code-error").await;
    assert!(code_err.contains("Kode hanya boleh"), "{code_err}");
    assert!(
        b.text("#region_code-error").await.contains("kecamatan"),
        "a Puskesmas sits in a kecamatan"
    );
    assert_eq!(
        b.driver
            .find(By::Css("#name"))
            .await
            .unwrap()
            .value()
            .await
            .unwrap()
            .as_deref(),
        Some("Puskesmas Kedurang"),
        "input kept"
    );

    // Correct it and create the organisation, then give it a wilayah kerja.
    b.fill("#region_code", "17.01.01").await;
    b.fill("#code", "PKM-KDR").await;
    b.click_and_wait("form.form button[type=submit]").await;
    assert_eq!(b.text("h1").await, "Puskesmas Kedurang");
    b.click_and_wait("#wilayah-kerja a.button").await;
    let boxes = b.driver.find_all(By::Css("input[name=desa]")).await.unwrap();
    assert!(
        boxes.len() >= 19,
        "Kecamatan Kedurang has 19 desa, found {}",
        boxes.len()
    );
    boxes[0].click().await.unwrap();
    boxes[1].click().await.unwrap();
    b.screenshot(&format!("{tag}-wilayah-kerja-1280")).await;
    b.click_and_wait("form.card button.primary").await;
    let wk = b.text("#wilayah-kerja h2").await;
    assert!(wk.contains("(2 "), "{wk}");

    // Sign out; a partner is refused a page outside its organisation.
    b.click_and_wait("form[action='/logout'] button").await;
    b.login(base, "polsek").await;
    let dinkes = {
        let mut tx = t.app.store.read().await.unwrap();
        store::org::get_by_code(&mut tx, "DINKES-SRL")
            .await
            .unwrap()
            .unwrap()
            .id
    };
    b.goto(&format!("{base}/organizations/{dinkes}")).await;
    assert!(b.source().await.contains("tidak berhak"), "partner sees a refusal");
    b.goto(&format!("{base}/users")).await;
    assert!(b.source().await.contains("tidak berhak"));
    b.quit().await;
}

/// Screenshots of the main pages at phone and desktop widths, in `target/screenshots/`.
async fn screenshots(t: &TestApp) {
    for (w, h) in [(360, 740), (1280, 900)] {
        let Some(b) = Browser::start(w, h).await else { return };
        b.goto(&format!("{}/login", t.base)).await;
        b.screenshot(&format!("login-{w}")).await;
        b.login(&t.base, "dinkes").await;
        let pkm = {
            let mut tx = t.app.store.read().await.unwrap();
            store::org::get_by_code(&mut tx, "PKM-SRL-03")
                .await
                .unwrap()
                .unwrap()
                .id
        };
        let rakor = {
            let mut tx = t.app.store.read().await.unwrap();
            let f = store::meeting::MeetingFilter {
                kind: Some("rakor_kesehatan".into()),
                limit: 5,
                ..Default::default()
            };
            store::meeting::list(&mut tx, &domain::access::Area::All, &f)
                .await
                .unwrap()
                .0[0]
                .id
        };
        // An action with its history (where every partner lands from "Komitmen kami").
        let action = {
            let mut tx = t.app.store.read().await.unwrap();
            let f = store::action::ActionFilter::default();
            store::action::list(&mut tx, &domain::access::Area::All, &f)
                .await
                .unwrap()
                .into_iter()
                .max_by_key(|a| a.what.len())
                .unwrap()
                .id
        };
        let mut sideways = Vec::new();
        for (name, path) in [
            ("action", format!("/actions/{action}")),
            ("home", "/".to_string()),
            ("regions-search", "/regions?q=sarolangun".to_string()),
            ("organizations", "/organizations".to_string()),
            ("organization", format!("/organizations/{pkm}")),
            ("organization-new", "/organizations/new".to_string()),
            ("people", "/people".to_string()),
            ("meetings", "/meetings".to_string()),
            ("rakor", format!("/meetings/{rakor}")),
            ("shortages", "/shortages".to_string()),
            ("overdue", "/overdue".to_string()),
            ("due", "/due".to_string()),
        ] {
            b.goto(&format!("{}{path}", t.base)).await;
            b.screenshot(&format!("{name}-{w}")).await;
            let width = b.scroll_width().await;
            if w == 360 && width > 361 {
                sideways.push(format!("{path}: {width} px"));
            }
        }
        // No page scrolls sideways on a phone.
        assert!(sideways.is_empty(), "pages wider than a 360 px phone: {sideways:?}");
        if w == 1280 {
            let tri = {
                let mut tx = t.app.store.read().await.unwrap();
                let f = store::meeting::MeetingFilter {
                    kind: Some("lokmin_tribulanan".into()),
                    limit: 5,
                    ..Default::default()
                };
                store::meeting::list(&mut tx, &domain::access::Area::All, &f)
                    .await
                    .unwrap()
                    .0[1]
                    .id
            };
            b.goto(&format!("{}/meetings/{tri}/berita-acara", t.base)).await;
            assert!(b.print_pdf("berita-acara").await.starts_with(b"%PDF"));
        }
        b.quit().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn browser_journeys_on_sqlite() {
    let t = TestApp::spawn(TestDb::sqlite().await).await;
    journeys(&t, "sqlite").await;
    screenshots(&t).await;
    t.cleanup().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn browser_journeys_on_postgres() {
    let Some(db) = TestDb::postgres().await else { return };
    let t = TestApp::spawn(db).await;
    journeys(&t, "postgres").await;
    t.cleanup().await;
}
