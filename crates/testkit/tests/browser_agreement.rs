//! The agreement journey in headless Chromium, on SQLite and PostgreSQL: from a meeting of
//! Dinkes with the police, start a draft MOU → scope items and obligations → signatures and
//! signing → an action for the police's obligation → seen on the agreement page → the
//! agreement in the 90-day expiry list because its end is near.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use lintas_testkit::browser::Browser;
use lintas_testkit::org_id;
use lintas_testkit::{TestApp, TestDb};
use thirtyfour::prelude::*;

async fn set_value(b: &Browser, css: &str, value: &str) {
    // Dates typed into <input type=date> follow the browser's locale; set the value directly.
    let el = b.find(css).await;
    b.driver
        .execute(
            "arguments[0].value = arguments[1];",
            vec![el.to_json().unwrap(), serde_json::Value::String(value.into())],
        )
        .await
        .unwrap();
}

async fn select_value(b: &Browser, css: &str, value: &str) {
    let sel = b.find(css).await;
    sel.find(By::Css(format!("option[value='{value}']")))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
}

async fn move_to(b: &Browser, status: &str) {
    select_value(b, "#next-status", status).await;
    b.click_and_wait("#status-submit").await;
}

async fn journey(t: &TestApp, tag: &str) {
    // The meeting where Dinkes and the police discuss the draft (set up over HTTP).
    let c = t.signed_in("dinkes").await;
    let dinkes = org_id(t, "DINKES-SRL").await.to_string();
    let polres = org_id(t, "POLRES-SRL").await.to_string();
    let p = c
        .post_form(
            "/meetings/new",
            "/meetings",
            &[
                ("title", "Pembahasan draf MOU Dinkes dan Polres"),
                ("kind", "other"),
                ("host_org_id", &dinkes),
                ("held_on", "2026-11-02"),
                ("start_time", "09:00"),
                ("invited", &polres),
            ],
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    let meeting = p.location.unwrap();
    // A meeting of Dinkes the police were not invited to: no place for the police's action.
    let p = c
        .post_form(
            "/meetings/new",
            "/meetings",
            &[
                ("title", "Rapat internal bidang Kesmas"),
                ("kind", "other"),
                ("host_org_id", &dinkes),
                ("held_on", "2026-11-03"),
            ],
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.body);

    let Some(b) = Browser::start(1280, 1000).await else {
        return;
    };
    let base = &t.base;
    b.login(base, "dinkes").await;
    b.goto(&format!("{base}{meeting}")).await;
    b.click_and_wait("#start-agreement").await;
    // Both organisations of the meeting are already parties.
    let rows = b.driver.find_all(By::Css("select.party-org")).await.unwrap();
    assert_eq!(rows[0].value().await.unwrap().unwrap(), dinkes);
    assert_eq!(rows[1].value().await.unwrap().unwrap(), polres);
    b.fill("#title", "Dukungan Polres dalam imunisasi dan KIE kesehatan")
        .await;
    for scope in ["advokasi", "komunikasi", "informasi", "edukasi", "pengamanan"] {
        b.click(&format!("input[name=scope][value={scope}]")).await;
    }
    let today = domain::action::local_today("15.03", chrono::Utc::now());
    let start = (today - chrono::Duration::days(300)).to_string();
    let end = (today + chrono::Duration::days(60)).to_string();
    set_value(&b, "#start_on", &start).await;
    set_value(&b, "#end_on", &end).await;
    b.click_and_wait("#agreement-form button.primary").await;
    assert_eq!(b.text("h1").await, "Dukungan Polres dalam imunisasi dan KIE kesehatan");
    assert_eq!(b.text("#agreement-status").await, "Draf");
    assert!(
        b.text("#meetings")
            .await
            .contains("Pembahasan draf MOU Dinkes dan Polres")
    );
    assert!(
        b.text("#scope")
            .await
            .contains("Dukungan pengamanan kegiatan kesehatan")
    );
    let page = b.current_path().await;

    // Obligations of each party.
    select_value(&b, "#obligation-org", &polres).await;
    b.fill("#obligation-text", "Pengawalan tim imunisasi di daerah sulit")
        .await;
    b.click_and_wait("#obligation-form button").await;
    select_value(&b, "#obligation-org", &dinkes).await;
    b.fill("#obligation-text", "Melatih Bhabinkamtibmas tentang promosi kesehatan")
        .await;
    b.click_and_wait("#obligation-form button").await;
    assert!(
        b.text("#obligations")
            .await
            .contains("Pengawalan tim imunisasi di daerah sulit")
    );

    // Talks, signatures, signing, in force.
    move_to(&b, "discussion").await;
    move_to(&b, "agreed").await;
    // Signed in the same form as the move: each party's signatory and date, no "Ubah" first.
    select_value(&b, "#next-status", "signed").await;
    let signatories = b
        .driver
        .find_all(By::Css("#signing input[name=party_signatory]"))
        .await
        .unwrap();
    signatories[0].send_keys("dr. Bambang Hermanto").await.unwrap();
    signatories[1].send_keys("AKBP Fauzi Siregar").await.unwrap();
    let dates = b
        .driver
        .find_all(By::Css("#signing input[name=party_signed_on]"))
        .await
        .unwrap();
    for d in dates.iter().take(2) {
        b.driver
            .execute(
                "arguments[0].value = arguments[1];",
                vec![d.to_json().unwrap(), serde_json::Value::String(start.clone())],
            )
            .await
            .unwrap();
    }
    b.screenshot(&format!("{tag}-agreement-signing-1280")).await;
    b.click_and_wait("#status-submit").await;
    assert_eq!(b.text("#agreement-status").await, "Ditandatangani");
    assert!(b.text("#parties").await.contains("AKBP Fauzi Siregar"));
    move_to(&b, "active").await;
    assert_eq!(b.text("#agreement-status").await, "Berlaku");
    assert!(b.source().await.contains("id=\"expiry-warning\""), "ends in 60 days");

    // An action for the police's obligation, agreed at the meeting.
    let police = b
        .driver
        .find(By::XPath(
            "//article[contains(@class,'obligation')][.//h3[contains(., 'Pengawalan tim imunisasi')]]",
        ))
        .await
        .unwrap();
    police.find(By::Css("summary")).await.unwrap().click().await.unwrap();
    // The meetings offered for it are those the police were invited to.
    let offered = police
        .find(By::Css("select.action-meeting"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(offered.contains("Pembahasan draf MOU"), "{offered}");
    assert!(!offered.contains("Rapat internal bidang Kesmas"), "{offered}");
    let what = police.find(By::Css("input[name=what]")).await.unwrap();
    what.clear().await.unwrap();
    what.send_keys("Pengawalan tim imunisasi ke Dusun Sungai Lalang")
        .await
        .unwrap();
    police
        .find(By::Css("input[name=responsible]"))
        .await
        .unwrap()
        .send_keys("Kasat Binmas")
        .await
        .unwrap();
    police
        .find(By::Css("button.primary"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    b.driver
        .query(By::XPath("//td[contains(., 'Dusun Sungai Lalang')]"))
        .first()
        .await
        .unwrap();
    let obligations = b.text("#obligations").await;
    assert!(obligations.contains("Pengawalan tim imunisasi ke Dusun Sungai Lalang"));
    assert!(obligations.contains("Polres Sarolangun") && obligations.contains("Direncanakan"));
    b.screenshot(&format!("{tag}-agreement-1280")).await;

    // In the 90-day expiry list.
    b.goto(&format!("{base}/agreements/expiring")).await;
    assert!(
        b.text("#expiring")
            .await
            .contains("Dukungan Polres dalam imunisasi dan KIE kesehatan")
    );
    b.goto(&format!("{base}{page}/print")).await;
    assert!(
        b.print_pdf(&format!("{tag}-agreement-summary"))
            .await
            .starts_with(b"%PDF")
    );
    b.quit().await;

    // The same page on a phone.
    let Some(m) = Browser::start(360, 760).await else {
        return;
    };
    m.login(base, "dinkes").await;
    m.goto(&format!("{base}{page}")).await;
    assert_eq!(m.text("#agreement-status").await, "Berlaku");
    m.screenshot(&format!("{tag}-agreement-360")).await;
    m.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn agreement_journey_on_sqlite() {
    let t = TestApp::spawn(TestDb::sqlite().await).await;
    journey(&t, "sqlite").await;
    t.cleanup().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn agreement_journey_on_postgres() {
    let Some(db) = TestDb::postgres().await else { return };
    let t = TestApp::spawn(db).await;
    journey(&t, "postgres").await;
    t.cleanup().await;
}
