//! Homes on a 360 px phone in headless Chromium, on SQLite and PostgreSQL: dinkes, the
//! Puskesmas and the Polsek sign in and see their own home without horizontal scroll; dinkes
//! opens the district scorecard from its home tile.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use lintas_testkit::browser::Browser;
use lintas_testkit::{TestApp, both_http};

async fn width(b: &Browser, what: &str) -> f64 {
    b.driver
        .execute(&format!("return {what};"), vec![])
        .await
        .unwrap()
        .convert::<f64>()
        .unwrap()
}

async fn fits(b: &Browser, who: &str) {
    let scroll = width(b, "document.documentElement.scrollWidth").await;
    let client = width(b, "document.documentElement.clientWidth").await;
    assert!(
        scroll <= client + 0.5,
        "{who}: {scroll} px wide on a {client} px screen"
    );
}

both_http!(each_role_opens_its_home_on_a_phone, async |t: &TestApp| {
    for (who, tile) in [
        ("dinkes", "#tile-stunting"),
        ("puskesmas", "#tile-next-lokmin"),
        ("polsek", "#tile-commitments"),
    ] {
        let Some(b) = Browser::start(360, 740).await else {
            return;
        };
        b.login(&t.base, who).await;
        b.goto(&format!("{}/", t.base)).await;
        assert!(!b.text(tile).await.is_empty(), "{who}: {tile}");
        fits(&b, who).await;
        if who == "dinkes" {
            b.click_and_wait("#home-scorecard-link").await;
            let path = b.current_path().await;
            assert!(path.starts_with("/scorecard?month="), "{path}");
            assert!(!b.text("#scorecard-table").await.is_empty());
            // The wide table scrolls inside its box; the page itself does not.
            fits(&b, "dinkes on /scorecard").await;
        }
        b.quit().await;
    }
});
