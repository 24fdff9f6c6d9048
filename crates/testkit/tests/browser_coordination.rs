//! The coordination journey in headless Chromium, on SQLite and PostgreSQL: a quarterly
//! cross-sector Lokmin → attendance from four sectors → a problem with a USG score → an
//! action owned by the Polsek → the Polsek partner posts progress and marks it done → the
//! next Lokmin opens with the review: the finished action (confirmed there by the host) and
//! what is still open.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use lintas_testkit::browser::Browser;
use lintas_testkit::{TestApp, TestDb, both_fixture};
use thirtyfour::prelude::*;

async fn select_by_text(b: &Browser, css: &str, text: &str) {
    let sel = b.find(css).await;
    let options = sel.find_all(By::Tag("option")).await.unwrap();
    for o in options {
        if o.text().await.unwrap().trim() == text {
            o.click().await.unwrap();
            return;
        }
    }
    panic!("no option {text} in {css}");
}

async fn new_lokmin(b: &Browser, base: &str, forum: &str, date: &str) {
    b.goto(&format!("{base}/meetings/new")).await;
    b.fill("#title", "Lokmin Tribulanan Lintas Sektor").await;
    select_by_text(b, "#kind", "Lokakarya Mini tribulanan (lintas sektor)").await;
    select_by_text(b, "#forum_id", &format!("{forum} — Puskesmas Sarolangun")).await;
    select_by_text(b, "#host_org_id", "Puskesmas Sarolangun").await;
    // Dates typed into <input type=date> follow the browser's locale; set the value directly.
    b.driver
        .execute(&format!("document.getElementById('held_on').value = '{date}';"), vec![])
        .await
        .unwrap();
    b.fill("#place", "Aula Puskesmas Sarolangun").await;
    for name in [
        "Kantor Camat Sarolangun",
        "Polsek Sarolangun",
        "Koramil Sarolangun",
        "Pemerintah Desa Bernai",
    ] {
        let boxes = b.driver.find_all(By::Css("input[name=invited]")).await.unwrap();
        for cb in boxes {
            let label = cb.find(By::XPath("..")).await.unwrap().text().await.unwrap();
            if label.starts_with(name) {
                cb.click().await.unwrap();
            }
        }
    }
    b.click_and_wait("form.form button[type=submit]").await;
}

async fn journey(t: &TestApp, tag: &str) {
    let Some(b) = Browser::start(1280, 1000).await else {
        return;
    };
    let base = &t.base;
    b.login(base, "puskesmas").await;

    // A forum for the quarterly cross-sector Lokmin.
    b.goto(&format!("{base}/forums")).await;
    b.fill("#name", "Lokmin Tribulanan Kec. Sarolangun").await;
    select_by_text(&b, "#kind", "Lokakarya Mini tribulanan (lintas sektor)").await;
    select_by_text(&b, "#org_id", "Puskesmas Sarolangun").await;
    b.click_and_wait("form.form button[type=submit]").await;
    assert_eq!(b.text("h1").await, "Lokmin Tribulanan Kec. Sarolangun");

    new_lokmin(&b, base, "Lokmin Tribulanan Kec. Sarolangun", "2024-04-30").await;
    assert_eq!(b.text("h1").await, "Lokmin Tribulanan Lintas Sektor");
    let first = b.current_path().await;

    // Attendance from four sectors.
    b.fill(
        "#lines",
        "Taufik Hidayat; Kantor Camat Sarolangun; Camat\nAKP Faisal; Polsek Sarolangun; Kapolsek\nSerka Budi; Koramil Sarolangun; Babinsa\nEmi Syafruddin; Puskesmas Sarolangun; Kepala Puskesmas",
    )
    .await;
    // The organisations are checked first: each line with the one it will count for.
    b.click_and_wait("#attendance-check").await;
    assert!(b.text("#line-2").await.contains("Polsek Sarolangun"));
    b.click_and_wait("#attendance-save").await;
    assert_eq!(b.text("#attendance-count").await, "4");
    let sectors = b.text("#by-sector").await;
    for s in ["Pemerintahan", "Keamanan (Polri)", "Pertahanan (TNI)", "Kesehatan"] {
        assert!(sectors.contains(s), "{s} in {sectors}");
    }

    // A problem with a USG score.
    b.click("#problems > details > summary").await;
    b.fill("#ptitle", "Cakupan imunisasi rendah di Desa Bernai").await;
    select_by_text(&b, "#pcat", "Peran serta masyarakat").await;
    b.click_and_wait("#problem-form button.primary").await;
    b.click(".problem details summary").await;
    let usg = b.find(".problem form.score-form").await;
    usg.find(By::Css("input[name=rater]"))
        .await
        .unwrap()
        .send_keys("Kepala Puskesmas")
        .await
        .unwrap();
    let inputs = usg.find_all(By::Css("input[name=s]")).await.unwrap();
    for (i, v) in inputs.iter().zip(["5", "4", "4"]) {
        i.send_keys(v).await.unwrap();
    }
    let old = b.find("html").await;
    usg.find(By::Css("button")).await.unwrap().click().await.unwrap();
    while old.tag_name().await.is_ok() {
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(b.text(".problem .score").await, "13");

    // Two actions: the Polsek's, and the village government's.
    for (what, owner) in [
        ("Pendampingan tim imunisasi oleh Bhabinkamtibmas", "Polsek Sarolangun"),
        ("Sosialisasi Posyandu di balai desa", "Pemerintah Desa Bernai"),
    ] {
        b.click("#actions > details > summary").await;
        b.fill("#what", what).await;
        select_by_text(&b, "#owner_org_id", owner).await;
        b.driver
            .execute("document.getElementById('due_on').value = '2024-06-30';", vec![])
            .await
            .unwrap();
        b.click_and_wait("#action-form button.primary").await;
    }
    assert!(b.text("#actions table").await.contains("Polsek Sarolangun"));
    b.screenshot(&format!("{tag}-meeting-1280")).await;

    // The Polsek partner posts progress and marks its action done.
    b.click_and_wait("form[action='/logout'] button").await;
    b.login(base, "polsek").await;
    b.goto(&format!("{base}/commitments")).await;
    let table = b.text("#commitments").await;
    assert!(table.contains("Pendampingan tim imunisasi") && !table.contains("Sosialisasi Posyandu"));
    let old = b.find("html").await;
    b.driver
        .find(By::XPath(
            "//table[@id='commitments']//a[normalize-space(text())='Pendampingan tim imunisasi oleh Bhabinkamtibmas']",
        ))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    while old.tag_name().await.is_ok() {
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    b.fill("#note", "Tim imunisasi didampingi di tiga dusun").await;
    select_by_text(&b, "#status", "Selesai").await;
    b.click_and_wait("#update-form button.primary").await;
    assert_eq!(b.text("#action-status").await, "Selesai");
    assert!(b.text("#history").await.contains("Tim imunisasi didampingi"));

    // Three months later the next Lokmin opens with the review of the first: the Polsek's
    // finished action with its last report, awaiting the host, and what is still open.
    b.click_and_wait("form[action='/logout'] button").await;
    b.login(base, "puskesmas").await;
    new_lokmin(&b, base, "Lokmin Tribulanan Kec. Sarolangun", "2024-07-30").await;
    assert_ne!(b.current_path().await, first);
    let second = b.current_path().await;
    let open = b.text("#review .review-open").await;
    assert!(open.contains("Sosialisasi Posyandu di balai desa"), "{open}");
    assert!(!open.contains("Pendampingan tim imunisasi"), "{open}");
    let finished = b.text("#review .review-finished").await;
    assert!(
        finished.contains("Pendampingan tim imunisasi oleh Bhabinkamtibmas")
            && finished.contains("Tim imunisasi didampingi di tiga dusun")
            && finished.contains("Menunggu konfirmasi tuan rumah"),
        "{finished}"
    );
    assert!(
        b.text("#agenda")
            .await
            .contains("Tinjauan tindak lanjut pertemuan sebelumnya")
    );
    b.screenshot(&format!("{tag}-next-lokmin-1280")).await;
    // The host accepts the Polsek's "done" from the review, and is back at it.
    b.click_and_wait("#review .review-finished button.confirm-done").await;
    assert_eq!(b.current_path().await.split('#').next(), Some(second.as_str()));
    let finished = b.text("#review .review-finished").await;
    assert!(
        finished.contains("Dikonfirmasi") && finished.contains("Dikonfirmasi oleh puskesmas"),
        "{finished}"
    );
    assert!(
        b.driver
            .find_all(By::Css("button.confirm-done"))
            .await
            .unwrap()
            .is_empty()
    );
    // The action's page says so too, for the Polsek as well.
    b.click_and_wait("form[action='/logout'] button").await;
    b.login(base, "polsek").await;
    b.goto(&format!("{base}{second}")).await;
    let finished = b.text("#review .review-finished").await;
    assert!(finished.contains("Dikonfirmasi oleh puskesmas"), "{finished}");
    assert!(
        b.driver.find_all(By::Css("#review form")).await.unwrap().is_empty(),
        "no host forms for a partner"
    );
    b.click_and_wait("#review .review-finished a").await;
    assert!(b.text("#confirmation").await.contains("Dikonfirmasi oleh puskesmas"));
    b.click_and_wait("form[action='/logout'] button").await;
    b.login(base, "puskesmas").await;

    // The printable documents open (look at them as PDF with the browser's print).
    b.goto(&format!("{base}{first}/attendance/print")).await;
    assert!(b.source().await.contains("DAFTAR HADIR"));
    assert!(b.print_pdf(&format!("{tag}-daftar-hadir")).await.starts_with(b"%PDF"));
    b.goto(&format!("{base}{first}/rtl")).await;
    assert!(b.text("#rtl").await.contains("Polsek Sarolangun"));
    assert!(b.print_pdf(&format!("{tag}-rtl")).await.starts_with(b"%PDF"));
    b.goto(&format!("{base}{first}/berita-acara")).await;
    assert!(b.source().await.contains("BERITA ACARA KESEPAKATAN"));
    b.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn coordination_journey_on_sqlite() {
    let t = TestApp::spawn(TestDb::sqlite().await).await;
    journey(&t, "sqlite").await;
    t.cleanup().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn coordination_journey_on_postgres() {
    let Some(db) = TestDb::postgres().await else { return };
    let t = TestApp::spawn(db).await;
    journey(&t, "postgres").await;
    t.cleanup().await;
}

// Quick attendance on a 360 px phone: "Desa Panti" is counted for Pemerintah Desa Panti,
// a bare "Desa" asks which, a tokoh agama comes for no organisation; the preview is no
// wider than the screen.
both_fixture!(
    quick_attendance_matches_the_organisations_on_a_phone,
    async |t: &TestApp| {
        let admin = lintas_testkit::fixture::actor(&t.app, "admin").await;
        let camat = t.org_id("CAMAT-SRL-03").await;
        let panti = app::org::create(
            &t.app,
            &admin,
            &lintas_testkit::org_input(
                "Pemerintah Desa Panti",
                "DESA-1503032004",
                domain::org::OrgKind::VillageGovernment,
                Some(camat),
                "15.03.03.2004",
            ),
        )
        .await
        .unwrap();
        let pkm = t.org_id("PKM-SRL-03").await;
        let wk: Vec<String> = ["15.03.03.1001", "15.03.03.2002", "15.03.03.2004"]
            .map(String::from)
            .to_vec();
        app::org::set_wilayah_kerja(&t.app, &admin, pkm, &wk).await.unwrap();
        let c = t.signed_in("puskesmas").await;
        let (polsek, panti_s) = (t.org_id("POLSEK-SRL-03").await.to_string(), panti.to_string());
        let p = c
            .post_form(
                "/meetings/new",
                "/meetings",
                &[
                    ("title", "Lokmin Tribulanan Mei"),
                    ("kind", "lokmin_tribulanan"),
                    ("host_org_id", &pkm.to_string()),
                    ("held_on", "2024-05-14"),
                    ("invited", &polsek),
                    ("invited", &panti_s),
                ],
            )
            .await;
        assert_eq!(p.status, 303, "{}", p.body);
        let m = p.location.unwrap();

        let Some(b) = Browser::start(360, 740).await else {
            return;
        };
        b.login(&t.base, "puskesmas").await;
        b.goto(&format!("{}{m}", t.base)).await;
        // A line the form cannot take (a name without an organisation) is named, nothing is
        // stored, and every line stays in the box as typed.
        let typed = "Rahmat Hidayat; Desa Panti; Kepala Desa\nPak Joko\nAKP Faisal; Polsek; Kapolsek";
        b.fill("#lines", typed).await;
        b.click_and_wait("#attendance-check").await;
        assert!(b.source().await.contains("2: Pak Joko"), "the bad line is named");
        assert_eq!(b.find("#lines").await.value().await.unwrap().as_deref(), Some(typed));
        assert_eq!(b.text("#attendance-count").await, "0");
        b.fill(
        "#lines",
        "Rahmat Hidayat; Desa Panti; Kepala Desa\nAKP Faisal; Polsek; Kapolsek\nUstadz Ahmad Syukri; tokoh agama\nWati; Desa; Sekdes",
    )
    .await;
        b.click_and_wait("#attendance-check").await;
        assert!(b.text("#line-1").await.contains("Pemerintah Desa Panti"));
        assert!(b.text("#line-2").await.contains("Polsek Sarolangun"));
        assert!(b.text("#line-3").await.contains("Tokoh agama"));
        // The bare "Desa" asks.
        assert_eq!(b.find("#choice-4").await.value().await.unwrap().unwrap_or_default(), "");
        let wide = b.scroll_width().await;
        assert!(wide <= 360, "the attendance preview scrolls sideways: {wide}px");
        b.shot_at("#attendance-preview", "attendance-preview-360").await;
        select_by_text(&b, "#choice-4", "Pemerintah Desa Panti — Kantor Camat Sarolangun").await;
        b.click_and_wait("#attendance-save").await;
        assert_eq!(b.text("#attendance-count").await, "4");
        // Panti came: it is not "invited but absent" (nobody is: the Polsek came too).
        assert!(b.driver.find(By::Id("absent")).await.is_err());
        let by_org = b.text("#by-org").await;
        assert!(by_org.contains("Pemerintah Desa Panti 2"), "{by_org}");
        assert!(!by_org.contains("Desa Panti 1"), "{by_org}");
        b.quit().await;
    }
);

both_fixture!(
    a_forums_members_are_invited_to_every_scheduled_meeting,
    async |t: &TestApp| {
        let c = t.signed_in("puskesmas").await;
        let pkm = t.org_id("PKM-SRL-03").await;
        let p = c
            .post_form(
                "/forums",
                "/forums",
                &[
                    ("name", "Lokmin Tribulanan Lintas Sektor Kec. Sarolangun"),
                    ("kind", "lokmin_tribulanan"),
                    ("org_id", &pkm.to_string()),
                ],
            )
            .await;
        assert_eq!(p.status, 303, "{}", p.body);
        let forum_page = p.location.unwrap();
        let forum: i64 = forum_page.trim_start_matches("/forums/").parse().unwrap();
        let (camat, polsek) = (t.org_id("CAMAT-SRL-03").await, t.org_id("POLSEK-SRL-03").await);

        let Some(b) = Browser::start(360, 740).await else {
            return;
        };
        b.login(&t.base, "puskesmas").await;
        b.goto(&format!("{}{forum_page}", t.base)).await;
        // The host ticks its standing members once, and every desa of its wilayah kerja.
        b.click("#members-form details summary").await;
        for o in [camat, polsek] {
            b.click(&format!("#members-form input[name=org_ids][value='{o}']"))
                .await;
        }
        b.click("#all_desa").await;
        b.click_and_wait("#members-form button[type=submit]").await;
        let members = b.text("#member-list").await;
        assert!(members.contains("Polsek Sarolangun"), "{members}");
        assert!(b.find("#all_desa").await.is_selected().await.unwrap());
        let wide = b.scroll_width().await;
        assert!(wide <= 360, "the forum page scrolls sideways: {wide}px");
        // A year of tribulanan meetings: each invites them, nothing ticked again.
        b.fill("input[name=year]", "2027").await;
        b.click_and_wait("form[action$='/schedule'] button[type=submit]").await;
        let meetings = {
            let mut tx = t.app.store.read().await.unwrap();
            let f = store::meeting::MeetingFilter {
                forum_id: Some(forum),
                limit: 10,
                ..Default::default()
            };
            store::meeting::list(&mut tx, &domain::access::Area::All, &f)
                .await
                .unwrap()
                .0
        };
        assert_eq!(meetings.len(), 4, "four tribulanan in 2027");
        for m in &meetings {
            b.goto(&format!("{}/meetings/{}", t.base, m.id)).await;
            let orgs = b.text("#orgs").await;
            for name in ["Polsek Sarolangun", "Camat", "Puskesmas Sarolangun"] {
                assert!(orgs.contains(name), "{} invites {name}: {orgs}", m.title);
            }
        }
        b.quit().await;
    }
);
