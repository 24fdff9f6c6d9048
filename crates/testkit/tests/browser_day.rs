//! The kader's Posyandu day in headless Chromium on a 360 × 640 phone, on SQLite and
//! PostgreSQL: sign in → the home page is the day's list → one tap on a child → weigh →
//! the result at once → back to the same place in the list (the row in view, now weighed);
//! nothing wider than the screen, every tap target at least 44 px tall.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::Duration;
use domain::nutrition::{ChildInput, Sex2};
use lintas_testkit::browser::Browser;
use lintas_testkit::{TestApp, both_fixture};

async fn number(b: &Browser, script: &str, args: Vec<serde_json::Value>) -> f64 {
    b.driver.execute(script, args).await.unwrap().convert::<f64>().unwrap()
}

async fn scroll_width(b: &Browser) -> f64 {
    number(b, "return document.documentElement.scrollWidth;", vec![]).await
}

/// The smallest height (CSS px) of the elements matching `css`.
async fn min_height(b: &Browser, css: &str) -> f64 {
    number(
        b,
        "var h = Infinity; document.querySelectorAll(arguments[0]).forEach(function (e) { h = Math.min(h, e.getBoundingClientRect().height); }); return h;",
        vec![serde_json::Value::String(css.into())],
    )
    .await
}

both_fixture!(a_kader_weighs_from_the_day_list_on_a_phone, async |t: &TestApp| {
    let today = domain::action::local_today("15.03", chrono::Utc::now());
    let kader = t.actor("kader").await;
    // A list longer than the screen, so "the same place" means something.
    let mut ids = Vec::new();
    for i in 0..12 {
        let input = ChildInput {
            mother_name: Some(format!("Ibu Peramban {i}")),
            ..ChildInput::new(
                &format!("Anak Peramban Nomor {i:02} Dengan Nama Yang Cukup Panjang"),
                if i % 2 == 0 { Sex2::L } else { Sex2::P },
                today - Duration::days(300 + 40 * i),
                t.fx().posyandu,
            )
        };
        match app::nutrition::register_child(&t.app, &kader, &input, true)
            .await
            .unwrap()
        {
            app::nutrition::Registration::Created(id) => ids.push(id),
            other => panic!("{other:?}"),
        }
    }
    let target = ids[9];

    let Some(m) = Browser::start(360, 640).await else {
        return;
    };
    m.login(&t.base, "kader").await;
    // The home page is the day's list.
    assert_eq!(m.current_path().await, "/");
    assert!(m.text("#day-title").await.contains("Posyandu Dusun Sarolangun"));
    m.find("#day-list").await;
    assert!(scroll_width(&m).await <= 360.0, "the day's list scrolls sideways");
    assert!(
        min_height(&m, ".day-link").await >= 44.0,
        "a child's row is a small target"
    );
    for css in ["#register-child", "#day-summary", "#day-search-go", "#q"] {
        assert!(min_height(&m, css).await >= 44.0, "{css} is under 44 px");
    }
    m.screenshot("day-list-360").await;

    // One tap on the child, then weigh.
    let before = m.text(&format!("#child-{target}")).await;
    assert!(before.contains("Belum"), "{before}");
    m.click_and_wait(&format!("#child-{target} a.day-link")).await;
    assert!(
        m.current_path()
            .await
            .starts_with(&format!("/children/{target}/measure?back=day"))
    );
    assert!(scroll_width(&m).await <= 360.0, "the form scrolls sideways");
    m.fill("#weight", "8,9").await;
    m.fill("#height", "74,5").await;
    m.click_and_wait("#measure-save").await;

    // The result at once, on one screen with the way back.
    let result = m.text("#result").await;
    assert!(result.contains("BB/U") && result.contains("8,9 kg"), "{result}");
    assert!(min_height(&m, "#back-to-day").await >= 44.0);
    assert!(scroll_width(&m).await <= 360.0, "the result scrolls sideways");
    m.screenshot("day-result-360").await;

    // Back to the same place in the list: the row in view, weighed now.
    m.click_and_wait("#back-to-day").await;
    let here = m.current_path().await;
    assert!(here.ends_with(&format!("#child-{target}")), "{here}");
    let row = m.find(&format!("#child-{target}")).await;
    assert_eq!(row.attr("data-status").await.unwrap().as_deref(), Some("weighed"));
    let top = number(
        &m,
        "return arguments[0].getBoundingClientRect().top;",
        vec![row.to_json().unwrap()],
    )
    .await;
    let height = number(&m, "return window.innerHeight;", vec![]).await;
    assert!(
        (0.0..height).contains(&top),
        "the row is out of view: top {top}, window {height}"
    );
    assert!(scroll_width(&m).await <= 360.0, "the day's list scrolls sideways");
    m.screenshot("day-back-360").await;

    // The end of the day on the phone too.
    m.click_and_wait("#day-summary").await;
    assert!(m.text("#counselling").await.contains("Anak Peramban Nomor 09"));
    assert!(scroll_width(&m).await <= 360.0, "the summary scrolls sideways");
    m.screenshot("day-summary-360").await;
    m.quit().await;

    // The papers of the day, as they print: the register (A4 landscape) and the child's KMS.
    let Some(d) = Browser::start(1100, 1500).await else {
        return;
    };
    d.login(&t.base, "kader").await;
    d.goto(&format!("{}/posyandu/{}/day/register", t.base, t.fx().posyandu))
        .await;
    assert!(d.text(&format!("#reg-{target}")).await.contains("8,9"));
    d.screenshot("day-register").await;
    d.print_pdf("day-register").await;
    d.goto(&format!("{}/children/{target}/kms", t.base)).await;
    d.find("#kms-chart").await;
    d.screenshot("day-kms").await;
    d.print_pdf("day-kms").await;
    d.quit().await;
});
