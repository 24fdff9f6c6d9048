//! The child growth journey in headless Chromium, on SQLite and PostgreSQL: the kader on a
//! 360 px phone registers a child and enters a measurement → the child shows stunted → the
//! district's stunting page (dinkes) counts one more → the dinkes user assigns the follow-up
//! to the Bhabinkamtibmas of the child's desa (Polsek), which the Polsek sees in its
//! commitments.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use lintas_testkit::browser::Browser;
use lintas_testkit::{TestApp, both_http};
use thirtyfour::prelude::*;

fn count_in(text: &str) -> i64 {
    text.trim().parse().unwrap()
}

async fn journey(t: &TestApp, tag: &str) {
    let today = domain::action::local_today("15.03", chrono::Utc::now());
    let month = today.format("%Y-%m").to_string();
    let district = format!("{}/nutrition?region=15.03&month={month}", t.base);

    // The district's figure before.
    let Some(d) = Browser::start(1280, 1000).await else {
        return;
    };
    d.login(&t.base, "dinkes").await;
    d.goto(&district).await;
    let before = count_in(&d.text("#stunted-count").await);

    // The kader on a phone: register the child, weigh and measure.
    let Some(m) = Browser::start(360, 760).await else {
        return;
    };
    m.login(&t.base, "kader").await;
    m.goto(&format!("{}/children", t.base)).await;
    m.screenshot(&format!("{tag}-children-360")).await;
    m.click_and_wait("#new-child").await;
    m.fill("#name", "Rizky Lintas Pratama").await;
    m.click("input[name=sex][value=L]").await;
    m.set_value("#birth_date", &(today - chrono::Duration::days(700)).to_string())
        .await;
    m.fill("#mother_name", "Yuliana Lintas").await;
    m.fill("#rt", "5").await;
    m.fill("#address", "Jl. Lintas Sumatera Km 3").await;
    m.click("input[name=has_kia]").await;
    m.screenshot(&format!("{tag}-child-form-360")).await;
    m.click_and_wait("#child-save").await;
    assert!(m.text("#child-name").await.starts_with("Rizky Lintas Pratama"));
    let child_page = m.current_path().await;
    let child = child_page
        .trim_start_matches("/children/")
        .split(['?', '#'])
        .next()
        .unwrap()
        .to_string();

    m.click_and_wait("#measure-link").await;
    // Grams first: named beside the field, the input kept.
    m.fill("#weight", "9800").await;
    m.fill("#height", "79").await;
    m.click_and_wait("#measure-save").await;
    assert!(m.text("#weight-error").await.contains("gram"));
    assert_eq!(m.find("#weight").await.value().await.unwrap().unwrap(), "9800");
    m.screenshot(&format!("{tag}-measure-error-360")).await;
    m.fill("#weight", "9,8").await;
    m.fill("#muac", "13,8").await;
    m.shot_at("h1", &format!("{tag}-measure-top-360")).await;
    m.screenshot(&format!("{tag}-measure-360")).await;
    m.click_and_wait("#measure-save").await;
    let result = m.text("#result").await;
    assert!(result.contains("pendek"), "{result}");
    assert!(result.contains("TB/U") && result.contains("z −"), "{result}");
    assert!(m.text("#stunted-note").await.contains("pendek"));
    // Nothing on the phone is wider than the screen.
    let wide = m.scroll_width().await;
    assert!(wide <= 360, "the child page scrolls sideways: {wide}px");
    m.screenshot(&format!("{tag}-child-result-360")).await;
    m.shot_at("#growth", &format!("{tag}-child-growth-360")).await;
    m.shot_at("#history", &format!("{tag}-child-history-360")).await;
    m.goto(&format!("{}/children/{child}/measure", t.base)).await;
    let wide = m.scroll_width().await;
    assert!(wide <= 360, "the measurement form scrolls sideways: {wide}px");
    m.goto(&format!("{}/nutrition", t.base)).await;
    m.screenshot(&format!("{tag}-posyandu-report-360")).await;
    // The report with its trend chart fits a phone.
    m.goto(&format!("{}/nutrition?region=15.03.03", t.base)).await;
    let wide = m.scroll_width().await;
    assert!(wide <= 360, "the report scrolls sideways: {wide}px");
    if m.driver.find(By::Css("#trend")).await.is_ok() {
        m.shot_at("#trend", &format!("{tag}-trend-360")).await;
    }
    m.quit().await;

    // The district page counts the child at once.
    d.goto(&district).await;
    assert_eq!(count_in(&d.text("#stunted-count").await), before + 1);
    assert!(d.text("#lines").await.contains("Sarolangun"));
    d.screenshot(&format!("{tag}-district-1280")).await;
    d.shot_at("#lines", &format!("{tag}-district-lines-1280")).await;
    d.goto(&format!("{}/nutrition?region=15.03.03&month=2024-08", t.base))
        .await;
    d.shot_at("#compare", &format!("{tag}-kecamatan-1280")).await;
    d.shot_at("#trend", &format!("{tag}-kecamatan-trend-1280")).await;
    d.shot_at("#lines", &format!("{tag}-kecamatan-lines-1280")).await;

    // The dinkes user assigns the follow-up to the Bhabinkamtibmas.
    d.goto(&format!("{}/followup?kind=stunted", t.base)).await;
    let row = d.text(&format!("#fu-{child}")).await;
    assert!(row.contains("Rizky Lintas Pratama") && row.contains("RT 005"), "{row}");
    d.screenshot(&format!("{tag}-followup-1280")).await;
    d.click_and_wait(&format!("#fu-{child} a.button")).await;
    d.click("#assign summary").await;
    let owner = d
        .driver
        .find(By::XPath(
            "//select[@id='owner']/optgroup/option[contains(., 'Bhabinkamtibmas Dusun Sarolangun')]",
        ))
        .await
        .unwrap();
    owner.click().await.unwrap();
    d.fill("#note", "Rumah di belakang masjid").await;
    d.click_and_wait("#assign-submit").await;
    let followup = d.text("#followup-actions").await;
    assert!(followup.contains("Pendampingan balita stunting"), "{followup}");
    assert!(followup.contains("Polsek Sarolangun"), "{followup}");
    assert!(!followup.contains("Rizky"), "the activity does not name the child");
    d.shot_at("#followup", &format!("{tag}-child-followup-1280")).await;
    d.quit().await;

    // The district page on a phone, and the Polsek's commitment.
    let Some(p) = Browser::start(360, 760).await else {
        return;
    };
    p.login(&t.base, "dinkes").await;
    p.goto(&district).await;
    assert_eq!(count_in(&p.text("#stunted-count").await), before + 1);
    let wide = p.scroll_width().await;
    assert!(wide <= 360, "the district page scrolls sideways: {wide}px");
    p.screenshot(&format!("{tag}-district-360")).await;
    p.shot_at("#headline", &format!("{tag}-district-headline-360")).await;
    p.shot_at("#lines", &format!("{tag}-district-lines-360")).await;
    p.shot_at("#lines-table", &format!("{tag}-district-table-360")).await;
    // A kecamatan with the demo's desa in a weighing month.
    p.goto(&format!("{}/nutrition?region=15.03.03&month=2024-08", t.base))
        .await;
    p.shot_at("#lines", &format!("{tag}-kecamatan-lines-360")).await;
    p.quit().await;
    let Some(q) = Browser::start(360, 760).await else {
        return;
    };
    q.login(&t.base, "polsek").await;
    q.goto(&format!("{}/commitments", t.base)).await;
    assert!(q.source().await.contains("Pendampingan balita stunting"));
    q.screenshot(&format!("{tag}-polsek-commitments-360")).await;
    q.quit().await;
}

both_http!(nutrition_journey, async |t: &TestApp| journey(t, backend_tag(t)).await);

/// The kader on a phone imports an e-PPGBM-style CSV through the import page: upload, the
/// columns prefilled, the dry run (its progress followed by the page's script), the import,
/// and the child in the Posyandu's list.
async fn import_journey(t: &TestApp, tag: &str) {
    let desa = {
        let mut tx = t.app.store.read().await.unwrap();
        store::org::get_by_code(&mut tx, "POSY-1503031001")
            .await
            .unwrap()
            .unwrap()
            .region_name
            .unwrap()
    };
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("penimbangan-februari.csv");
    std::fs::write(
        &path,
        format!(
            "NIK;Nama Anak;JK;Tgl Lahir;Nama Ibu;Desa;Posyandu;Tgl Ukur;BB;TB/PB\n\
             ;Putri Impor Lintas;P;01/03/2023;Marlina;{desa};Dusun Sarolangun;15/02/2024;8,9;74,5\n"
        ),
    )
    .unwrap();

    let Some(m) = Browser::start(360, 760).await else {
        return;
    };
    m.login(&t.base, "kader").await;
    m.goto(&format!("{}/children", t.base)).await;
    m.click_and_wait("#import-link").await;
    m.find("#file").await.send_keys(path.to_str().unwrap()).await.unwrap();
    m.screenshot(&format!("{tag}-import-upload-360")).await;
    m.click_and_wait("#upload-submit").await;

    // The columns are recognised and prefilled.
    assert_eq!(
        m.find("#map-nama").await.value().await.unwrap().as_deref(),
        Some("Nama Anak")
    );
    assert_eq!(m.find("#map-tb").await.value().await.unwrap().as_deref(), Some("TB/PB"));
    assert_eq!(m.find("#map-lila").await.value().await.unwrap().as_deref(), Some(""));
    m.screenshot(&format!("{tag}-import-mapping-360")).await;
    let wide = m.scroll_width().await;
    assert!(wide <= 360, "the mapping page scrolls sideways: {wide}px");

    // The dry run: clean, nothing stored yet.
    m.click_and_wait("#check-submit").await;
    m.find("#import-clean").await;
    assert_eq!(m.text("#count-children-new").await.trim(), "1");
    assert_eq!(m.text("#count-measurements-new").await.trim(), "1");
    m.screenshot(&format!("{tag}-import-check-360")).await;

    // The import.
    m.click_and_wait("#run-submit").await;
    assert!(!m.text("#import-stored").await.is_empty());
    assert_eq!(m.text("#count-measurements-new").await.trim(), "1");
    let wide = m.scroll_width().await;
    assert!(wide <= 360, "the import result scrolls sideways: {wide}px");
    m.screenshot(&format!("{tag}-import-done-360")).await;
    m.click_and_wait("#to-children").await;
    assert!(m.text("#children").await.contains("Putri Impor Lintas"));
    m.quit().await;
}

both_http!(import_page_journey, async |t: &TestApp| import_journey(
    t,
    backend_tag(t)
)
.await);

/// "sqlite" or "postgres", for screenshot names.
fn backend_tag(t: &TestApp) -> &'static str {
    match t.app.store.backend() {
        store::Backend::Sqlite => "sqlite",
        store::Backend::Postgres => "postgres",
    }
}
