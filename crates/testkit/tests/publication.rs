//! Public figures (`/publik`, no login) on both databases: the full demo's Kabupaten Sarolangun
//! reads 740 and 679 with their intervals, a desa with four children measured shows as
//! suppressed (and the totals that would give it away with it), no public answer holds a NIK,
//! a child's name or a birth date, repeated requests are answered from memory, a district's
//! settings change what is published at once, and the settings page refuses the wrong people
//! and ugly input.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use lintas_testkit::browser::Browser;
use lintas_testkit::html::{has_id, text_at};
use lintas_testkit::{TestApp, TestDb, both_http};
use std::collections::HashSet;

/// A Puskesmas and a Posyandu in a desa of Kabupaten Kerinci (15.01, no demo data) with four
/// children measured on 15 August 2024 (one of them stunted): the desa's code.
async fn small_desa(t: &TestApp) -> String {
    let admin = t.signed_in("admin").await;
    let api = lintas_testkit::http::Api::new(t, Some(t.token("admin").await));
    let (_, pkm) = api
        .send(
            reqwest::Method::POST,
            "/api/v1/organizations",
            &serde_json::json!({"name": "Puskesmas Kecil", "code": "PKM-KECIL", "kind": "puskesmas", "region_code": "15.01.01"}),
        )
        .await;
    let desa = {
        let mut tx = t.app.store.read().await.unwrap();
        store::region::children(&mut tx, Some("15.01.01")).await.unwrap()[0]
            .code
            .clone()
    };
    let (s, posy) = api
        .send(
            reqwest::Method::POST,
            "/api/v1/organizations",
            &serde_json::json!({"name": "Posyandu Kecil", "code": "POSY-KECIL", "kind": "posyandu", "parent_id": pkm["id"], "region_code": desa}),
        )
        .await;
    assert_eq!(s, 201, "{posy}");
    let posyandu = posy["id"].as_i64().unwrap().to_string();
    for (i, height) in ["70", "86", "87", "88"].iter().enumerate() {
        let p = admin
            .post_form(
                "/children/new",
                "/children",
                &[
                    ("posyandu_id", &posyandu),
                    ("name", &format!("Rahasia Kecil {}", i + 1)),
                    ("sex", "P"),
                    ("birth_date", "2022-08-01"),
                    ("confirm_new", "1"),
                ],
            )
            .await;
        let loc = p.location.clone().unwrap_or_default();
        let id = loc
            .trim_start_matches("/children/")
            .split(['?', '#'])
            .next()
            .unwrap()
            .to_string();
        assert!(id.parse::<i64>().is_ok(), "{} {loc} {}", p.status, p.body);
        let m = admin
            .post_form(
                &format!("/children/{id}/measure"),
                &format!("/children/{id}/measurements"),
                &[("measured_on", "2024-08-15"), ("weight", "11.5"), ("height", height)],
            )
            .await;
        assert!(m.status < 400, "{} {}", m.status, m.body);
    }
    desa
}

/// The text of the table cell with `id`, tags removed.
fn cell(html: &str, id: &str) -> String {
    let td = lintas_testkit::html::element(html, &format!("id=\"{id}\""), "</td>");
    let inner = td.split_once('>').map(|x| x.1).unwrap_or("");
    lintas_testkit::html::plain(inner)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Every run of digits in `s` shorter than 16, and no `YYYY-MM-DD` or `DD/MM/YYYY` that is a
/// demo birth date.
fn assert_private(path: &str, body: &str, names: &HashSet<String>, births: &HashSet<String>) {
    // The language switch's CSRF token is 80 random hex characters (a run of 16 digits in it
    // happens by chance): it is the visitor's own, not data, and is left out of the scan.
    let mut scanned = String::with_capacity(body.len());
    let mut rest = body;
    while let Some(i) = rest.find("name=\"_csrf\" value=\"") {
        let start = i + "name=\"_csrf\" value=\"".len();
        scanned.push_str(&rest[..start]);
        let end = rest[start..].find('"').map(|e| start + e).unwrap_or(rest.len());
        assert!((40..=128).contains(&(end - start)) && rest[start..end].bytes().all(|b| b.is_ascii_hexdigit()));
        rest = &rest[end..];
    }
    scanned.push_str(rest);
    let body = scanned.as_str();
    let mut run = 0;
    for ch in body.chars() {
        if ch.is_ascii_digit() {
            run += 1;
            assert!(run < 16, "{path}: a 16-digit number");
        } else {
            run = 0;
        }
    }
    let b = body.as_bytes();
    for w in b.windows(10) {
        let digits = |r: &[usize]| r.iter().all(|&i| w[i].is_ascii_digit());
        let dash = w[4] == b'-' && w[7] == b'-' && digits(&[0, 1, 2, 3, 5, 6, 8, 9]);
        let slash = w[2] == b'/' && w[5] == b'/' && digits(&[0, 1, 3, 4, 6, 7, 8, 9]);
        if dash || slash {
            let w = std::str::from_utf8(w).unwrap();
            let iso = if slash {
                format!("{}-{}-{}", &w[6..10], &w[3..5], &w[0..2])
            } else {
                w.to_string()
            };
            assert!(!births.contains(&iso), "{path}: a birth date {w}");
        }
    }
    // Names: every text between tags or CSV separators, and a straight search for some.
    for piece in body.split(['<', '>', ',', '"', '\n']) {
        assert!(!names.contains(piece.trim()), "{path}: a child's name {piece:?}");
    }
    for n in names.iter().filter(|n| n.len() > 8).take(300) {
        assert!(!body.contains(n.as_str()), "{path}: a child's name {n}");
    }
    assert!(!body.contains("Rahasia Kecil"), "{path}: the small desa's child");
}

async fn demo_children(t: &TestApp) -> (HashSet<String>, HashSet<String>) {
    let mut tx = t.app.store.read().await.unwrap();
    let (posyandu, _) = store::org::list(
        &mut tx,
        &domain::access::Area::All,
        &store::org::OrgFilter {
            kind: Some(domain::org::OrgKind::Posyandu),
            limit: 100_000,
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let (mut names, mut births) = (HashSet::new(), HashSet::new());
    for p in posyandu {
        let kids = store::nutrition::children(
            &mut tx,
            &domain::access::Area::All,
            &store::nutrition::ChildFilter {
                posyandu_id: Some(p.id),
                limit: 5000,
                ..Default::default()
            },
        )
        .await
        .unwrap();
        for k in kids {
            names.insert(k.name.clone());
            births.insert(k.birth_date.to_string());
        }
    }
    (names, births)
}

async fn full(t: &TestApp) {
    let anon = t.client();
    let desa = small_desa(t).await;
    let kecamatan = desa[..8].to_string();

    // Sarolangun: February and August 2023 with their intervals, the trend, the kecamatan.
    let d = anon.get("/publik/15.03").await;
    assert_eq!(d.status, 200, "{}", d.body);
    let feb = cell(&d.body, "w-2023-02-stunting");
    let aug = cell(&d.body, "w-2023-08-stunting");
    assert!(feb.starts_with("740 /"), "{feb}");
    assert!(aug.starts_with("679 /"), "{aug}");
    for cell in [&feb, &aug] {
        assert!(cell.contains("IK 95%") && cell.contains('–'), "{cell}");
    }
    assert!(has_id(&d.body, "trend") && d.body.contains("<svg class=\"chart trend\""));
    assert!(has_id(&d.body, "stunting-ci"), "the headline's interval");
    assert!(d.body.contains("Data penimbangan Posyandu, Lintas"));
    assert!(d.body.contains("TB/U") && d.body.contains("Wilson"));
    assert!(text_at(&d.body, "as-of").ends_with("WIB"));
    assert!(has_id(&d.body, "line-15-03-01-stunting"), "kecamatan lines");
    assert!(!has_id(&d.body, "stat-wasting"), "wasting is off by default");

    // The desa with four children: suppressed on its kecamatan's page, its own page and its
    // district's; the province total, which Sarolangun would otherwise give away, too.
    let k = anon.get(&format!("/publik/{kecamatan}")).await;
    assert_eq!(k.status, 200);
    let line = format!("line-{}-stunting", desa.replace('.', "-"));
    assert!(
        lintas_testkit::html::attr_at(&k.body, &line, "class").contains("suppressed"),
        "{}",
        text_at(&k.body, &line)
    );
    let own = anon.get(&format!("/publik/{desa}")).await;
    assert!(has_id(&own.body, "stunting-suppressed"), "{}", own.body);
    assert!(has_id(&anon.get("/publik/15.01").await.body, "stunting-suppressed"));
    let p = anon.get("/publik/15").await;
    assert!(has_id(&p.body, "stunting-suppressed"));
    assert!(
        lintas_testkit::html::attr_at(&p.body, "line-15-03-stunting", "class").contains("shown"),
        "Sarolangun stays published on the province page"
    );

    // CSV and the embeddable SVG.
    let csv = anon.download("/publik/15.03/data.csv").await;
    assert_eq!(csv.status, 200);
    assert!(csv.content_type.starts_with("text/csv"));
    let text = csv.text();
    assert!(
        text.contains("15.03,Sarolangun") || text.contains("15.03,Kabupaten Sarolangun"),
        "{}",
        &text[..400.min(text.len())]
    );
    assert!(text.contains(",stunting,2023-02,shown,740,"), "{text}");
    let svg = anon.download("/publik/15.03/stunting.svg").await;
    assert_eq!(svg.status, 200);
    assert!(svg.content_type.starts_with("image/svg+xml"), "{}", svg.content_type);
    let body = svg.text();
    assert!(
        body.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\"")
            && body.contains("<title")
            && body.contains("<desc")
    );

    // Codes: malformed 422 with a plain message, unknown 404.
    assert_eq!(anon.get("/publik/15.3").await.status, 422);
    assert_eq!(anon.get("/publik/abc").await.status, 422);
    assert_eq!(anon.get("/publik/99.99").await.status, 404);
    assert_eq!(anon.get("/publik/15.03.01.9999/data.csv").await.status, 404);

    // Privacy: every public route at every level holds no NIK, name or birth date.
    let (names, births) = demo_children(t).await;
    assert!(
        names.len() > 1_000 && births.len() > 300 && names.contains("Rahasia Kecil 1"),
        "{} names",
        names.len()
    );
    let mut names = names;
    names.retain(|n| !n.is_empty());
    let desa_1503 = {
        let mut tx = t.app.store.read().await.unwrap();
        store::region::children(&mut tx, Some("15.03.01")).await.unwrap()[0]
            .code
            .clone()
    };
    let mut paths = vec!["/publik".to_string()];
    for code in [
        "15",
        "15.01",
        "15.03",
        "15.03.01",
        desa_1503.as_str(),
        kecamatan.as_str(),
        desa.as_str(),
    ] {
        paths.push(format!("/publik/{code}"));
        paths.push(format!("/publik/{code}/data.csv"));
        paths.push(format!("/publik/{code}/stunting.svg"));
    }
    for p in &paths {
        let r = anon.get(p).await;
        assert!(
            r.status == 200 || (r.status == 404 && p.ends_with(".svg")),
            "{p}: {}",
            r.status
        );
        assert_private(p, &r.body, &names, &births);
    }

    // Served from memory: the same pages again compute nothing.
    let before = app::publication::computed(&t.app);
    for p in &paths {
        anon.get(p).await;
    }
    assert_eq!(
        app::publication::computed(&t.app),
        before,
        "a repeated request reads the store"
    );

    // The same journey in Chromium; dinkes turns on wasting and it appears at once (and the
    // figures are read again once).
    journey(t, &kecamatan, &desa).await;
    let d = anon.get("/publik/15.03").await;
    assert!(has_id(&d.body, "stat-wasting") && has_id(&d.body, "w-2023-08-wasting"));
    assert!(app::publication::computed(&t.app).0 > before.0);
}

fn tag(t: &TestApp) -> &'static str {
    if t.db.url.starts_with("sqlite") {
        "sqlite"
    } else {
        "postgres"
    }
}

async fn wide(b: &Browser) -> i64 {
    b.driver
        .execute("return document.documentElement.scrollWidth;", vec![])
        .await
        .unwrap()
        .convert()
        .unwrap()
}

/// An anonymous visitor on a 360 px phone reads Sarolangun's February and August 2023 with
/// their intervals, the trend and a suppressed desa; a dinkes user then publishes wasting.
/// Without a browser (outside CI) the dinkes part is posted as a form.
async fn journey(t: &TestApp, kecamatan: &str, desa: &str) {
    let turn_on_wasting = [
        ("district", "15.03"),
        ("figures", "stunting"),
        ("figures", "wasting"),
        ("min_measured", "10"),
        ("min_cases", "5"),
    ];
    let Some(m) = Browser::start(360, 740).await else {
        let r = t
            .signed_in("dinkes")
            .await
            .post_form("/publik/settings", "/publik/settings", &turn_on_wasting)
            .await;
        assert_eq!(r.status, 303, "{}", r.body);
        return;
    };
    let tag = tag(t);
    m.goto(&format!("{}/publik", t.base)).await;
    m.click_and_wait("a[href='/publik/15.03']").await;
    assert_eq!(m.current_path().await, "/publik/15.03");
    let feb = m.text("#w-2023-02-stunting").await;
    let aug = m.text("#w-2023-08-stunting").await;
    assert!(feb.starts_with("740 /") && feb.contains("IK 95%"), "{feb}");
    assert!(aug.starts_with("679 /") && aug.contains("IK 95%"), "{aug}");
    m.find("#trend svg.chart").await;
    assert!(!m.text("#stunting-ci").await.is_empty());
    assert!(
        wide(&m).await <= 360,
        "the public page scrolls sideways: {}px",
        wide(&m).await
    );
    m.screenshot(&format!("{tag}-public-district-360")).await;
    m.shot_at("#trend", &format!("{tag}-public-trend-360")).await;
    // A desa of four children: suppressed on its kecamatan's page.
    m.goto(&format!("{}/publik/{kecamatan}", t.base)).await;
    let line = format!("#line-{}-stunting", desa.replace('.', "-"));
    assert!(m.text(&line).await.contains("Disembunyikan"), "{}", m.text(&line).await);
    assert!(wide(&m).await <= 360);
    m.shot_at(&line, &format!("{tag}-public-suppressed-360")).await;
    m.quit().await;

    // Dinkes publishes wasting.
    let d = Browser::start(1280, 900).await.expect("browser");
    d.login(&t.base, "dinkes").await;
    d.goto(&format!("{}/publik/settings", t.base)).await;
    assert!(d.find("#fig-stunting").await.is_selected().await.unwrap());
    assert!(!d.find("#fig-wasting").await.is_selected().await.unwrap());
    d.click("#fig-wasting").await;
    d.screenshot(&format!("{tag}-public-settings")).await;
    d.click_and_wait("#publication-save").await;
    assert!(d.source().await.contains("Pengaturan publikasi disimpan."));
    d.click_and_wait("#public-link").await;
    assert!(d.text("#stat-wasting").await.contains("Wasting"));
    d.quit().await;
}

async fn with_full_demo(db: TestDb) {
    let app = db.app().await;
    assert!(app::demo::load_full(&app, &|_| {}).await.unwrap());
    let t = TestApp::spawn_app(db, app).await;
    full(&t).await;
    t.cleanup().await;
}

mod sarolangun_publishes_740_and_679_and_hides_a_desa_of_four {
    use super::*;
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn sqlite() {
        with_full_demo(TestDb::sqlite().await).await;
    }
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn postgres() {
        let Some(db) = TestDb::postgres().await else {
            return;
        };
        with_full_demo(db).await;
    }
}

both_http!(
    settings_are_for_the_districts_own_office_and_change_the_page_at_once,
    async |t: &TestApp| {
        let anon = t.client();
        // Stunting only by default; a district with no settings publishes it.
        let d = anon.get("/publik/15.03").await;
        assert_eq!(d.status, 200);
        assert!(!d.body.contains("id=\"stat-underweight\""));

        // Who may open the settings.
        let r = anon.get("/publik/settings").await;
        assert!(
            r.location.as_deref().is_some_and(|l| l.starts_with("/login")),
            "{}",
            r.status
        );
        for who in ["kader", "bupati", "puskesmas", "polsek"] {
            let c = t.signed_in(who).await;
            assert_eq!(c.get("/publik/settings").await.status, 403, "{who}");
        }
        let dinkes = t.signed_in("dinkes").await;
        let page = dinkes.get("/publik/settings").await;
        assert_eq!(page.status, 200, "{}", page.body);
        assert!(page.body.contains("value=\"15.03\""));
        // Another district's settings: refused, nothing stored.
        assert_eq!(dinkes.get("/publik/settings?district=15.01").await.status, 403);
        let r = dinkes
            .post_form(
                "/publik/settings",
                "/publik/settings",
                &[
                    ("district", "15.01"),
                    ("figures", "wasting"),
                    ("min_measured", "10"),
                    ("min_cases", "5"),
                ],
            )
            .await;
        assert_eq!(r.status, 403);
        // A forged token.
        let r = dinkes
            .post_raw(
                "/publik/settings",
                "forged",
                &[
                    ("district", "15.03"),
                    ("figures", "wasting"),
                    ("min_measured", "10"),
                    ("min_cases", "5"),
                ],
            )
            .await;
        assert_eq!(r.status, 403);
        // Ugly input: every error named, nothing stored.
        let r = dinkes
            .post_form(
                "/publik/settings",
                "/publik/settings",
                &[
                    ("district", "15.03"),
                    ("figures", "semua"),
                    ("min_measured", "tiga"),
                    ("min_cases", "2"),
                ],
            )
            .await;
        assert_eq!(r.status, 422, "{}", r.body);
        assert!(r.body.contains("Minimal kasus harus antara 5 dan 1000."), "{}", r.body);
        {
            let mut tx = t.app.store.read().await.unwrap();
            assert!(store::publication::settings(&mut tx, "15").await.unwrap().is_empty());
        }

        // Concurrent first requests after a change compute once.
        let before = app::publication::computed(&t.app);
        let r = dinkes
            .post_form(
                "/publik/settings",
                "/publik/settings",
                &[
                    ("district", "15.03"),
                    ("figures", "stunting"),
                    ("figures", "underweight"),
                    ("min_measured", "20"),
                    ("min_cases", "5"),
                ],
            )
            .await;
        assert_eq!(r.status, 303, "{}", r.body);
        let mut set = tokio::task::JoinSet::new();
        for _ in 0..16 {
            let c = t.client();
            set.spawn(async move { c.get("/publik/15.03").await });
        }
        let pages: Vec<_> = set.join_all().await;
        for p in &pages {
            assert_eq!(p.status, 200);
            assert!(p.body.contains("id=\"stat-underweight\""), "the change shows at once");
            assert!(p.body.contains("(20 / 5)"), "the thresholds are named");
        }
        let after = app::publication::computed(&t.app);
        assert_eq!(
            after.0,
            before.0 + 1,
            "one computation of the province for sixteen requests"
        );
        assert_eq!(after.1, before.1 + 1, "one view");
        // Audited.
        let admin = t.signed_in("admin").await;
        let audit = admin.get("/audit").await;
        assert!(
            audit.body.contains("publication") && audit.body.contains("15.03"),
            "audit row"
        );

        // A coverage indicator: its district capaian on the district's page only.
        let r = dinkes
            .post_form(
                "/publik/settings",
                "/publik/settings",
                &[
                    ("district", "15.03"),
                    ("figures", "stunting"),
                    ("min_measured", "10"),
                    ("min_cases", "5"),
                    ("indicators", "SPM-04"),
                ],
            )
            .await;
        assert_eq!(r.status, 303, "{}", r.body);
        let d = anon.get("/publik/15.03").await;
        assert!(d.body.contains("id=\"cov-SPM-04\""), "published coverage");
        assert!(
            !anon
                .get("/publik/15.03.01")
                .await
                .body
                .contains("id=\"public-coverage\"")
        );
        let r = dinkes
            .post_form(
                "/publik/settings",
                "/publik/settings",
                &[
                    ("district", "15.03"),
                    ("min_measured", "10"),
                    ("min_cases", "5"),
                    ("indicators", "TIDAK-ADA"),
                ],
            )
            .await;
        assert_eq!(r.status, 422, "an unknown indicator");

        // Nothing published: a page that says so, with no figures.
        let r = dinkes
            .post_form(
                "/publik/settings",
                "/publik/settings",
                &[("district", "15.03"), ("min_measured", "10"), ("min_cases", "5")],
            )
            .await;
        assert_eq!(r.status, 303);
        let d = anon.get("/publik/15.03").await;
        assert!(d.body.contains("id=\"public-nothing\"") && !d.body.contains("id=\"headline\""));
        assert_eq!(anon.get("/publik/15.03/stunting.svg").await.status, 404);
        // The index lists the district, marked.
        let i = anon.get("/publik").await;
        assert_eq!(i.status, 200);
        assert!(i.body.contains("/publik/15.03"));
        assert_eq!(
            anon.get("/publik/cari?code=1503").await.location.as_deref(),
            Some("/publik/15.03")
        );
    }
);
