//! The PKP (Penilaian Kinerja Puskesmas) through HTTP on both databases, over a year worked
//! out by hand — Puskesmas Sarolangun, 2025, desa Dusun Sarolangun (sasaran bumil 120) and
//! Bernai (60):
//!
//! - K1, target 80 %: 10 a month in Dusun Sarolangun and 1 in Bernai → riil 132 of a target
//!   sasaran 0.8 × 180 = 144 → 91.7 %.
//! - K4, target 75 %: 6 a month in Dusun Sarolangun → 72 of 135 → 53.3 %.
//! - ASI eksklusif (monthly denominator), target 60 %: 10 of 20 in January, 15 of 20 in
//!   February → 25 of 0.6 × 40 = 24 → 104 %, capped at 100.
//! - Every other indicator has no report in 2025: no figure, left out of the means.
//! - KIA = (91.67 + 53.33) / 2 = 72.5 %; gizi = 100 %; coverage = 86.25 % → group II.
//! - Management: P1.1 scored 10, every other typed item 7 (P3.3 too: no PKP 2024 in Lintas);
//!   P2.1 counted from two Lokmin bulanan held in 2025 → 4; P2.2 none held → 0. Variables:
//!   perencanaan 8, penggerakan 11/3, the four others 7 → (8 + 3.667 + 28) / 6 = 6.61 → II.
//!   After the Dinkes verifies P1.1 at 4: perencanaan 6 → 37.667 / 6 = 6.28.
//!
//! And the way: sending without the scores or a masalah is refused naming each and stores
//! nothing; sent, the Puskesmas cannot change it; the Dinkes returns it with feedback (none
//! refused), the Puskesmas corrects and sends again, the Dinkes verifies; every step audited;
//! the ranking, the print, the XLSX and the API.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use calamine::{Reader, Xlsx};
use chrono::NaiveDate;
use domain::meeting::{ForumKind, MeetingInput, MeetingLevel, MeetingStatus};
use domain::pkp::{ItemSource, MANAGEMENT};
use lintas_testkit::fixture::{BERNAI, DUSUN_SAROLANGUN};
use lintas_testkit::html::{element, has_id, plain, text_at};
use lintas_testkit::http::{Api, Client};
use lintas_testkit::{TestApp, both_fixture};

const YEAR: i32 = 2025;

fn count(code: &str, desa: &str, m: u32, n: f64, den: Option<f64>) -> domain::coverage::AchievementInput {
    lintas_testkit::coverage::count(code, desa, YEAR, m, n, den)
}

/// The year worked out in the module's comment.
async fn year(t: &TestApp) {
    let app = &t.app;
    let pkm = t.actor("puskesmas").await;
    let id = t.fx().pkm;
    lintas_testkit::coverage::bumil(t, YEAR, 120.0, 60.0).await;
    lintas_testkit::coverage::targets(t, YEAR, &[("K1", 80.0), ("K4", 75.0), ("ASIX", 60.0)]).await;
    let mut rows = Vec::new();
    for m in 1..=12 {
        rows.push(count("K1", DUSUN_SAROLANGUN, m, 10.0, None));
        rows.push(count("K1", BERNAI, m, 1.0, None));
        rows.push(count("K4", DUSUN_SAROLANGUN, m, 6.0, None));
    }
    rows.push(count("ASIX", DUSUN_SAROLANGUN, 1, 10.0, Some(20.0)));
    rows.push(count("ASIX", DUSUN_SAROLANGUN, 2, 15.0, Some(20.0)));
    lintas_testkit::coverage::achievements(t, rows).await;
    // Two Lokmin bulanan held, one scheduled (not counted).
    for (m, held) in [(2, true), (3, true), (4, false)] {
        let input = MeetingInput {
            title: format!("Lokmin Bulanan {m}/{YEAR}"),
            kind: ForumKind::LokminBulanan,
            forum_id: None,
            host_org_id: id,
            level: MeetingLevel::Kecamatan,
            held_on: NaiveDate::from_ymd_opt(YEAR, m, 6).unwrap(),
            start_time: None,
            place: None,
            chair: None,
            first_of_year: false,
        };
        let mid = app::meeting::create(app, &pkm, &input, &[]).await.unwrap();
        if held {
            app::meeting::set_status(app, &pkm, mid, MeetingStatus::Held)
                .await
                .unwrap();
        }
    }
}

/// The form a Puskesmas sends: P1.1 at 10, every other typed item at 7, a masalah on K1 and
/// K4 (both under 100 %).
fn filled(masalah: bool) -> Vec<(String, String)> {
    let mut f: Vec<(String, String)> = MANAGEMENT
        .iter()
        .filter(|i| matches!(i.source, ItemSource::Entered | ItemSource::PreviousPkp))
        .map(|i| {
            (
                format!("s.{}", i.code),
                if i.code == "P1.1" { "10" } else { "7" }.into(),
            )
        })
        .collect();
    if masalah {
        f.push(("m.K1".into(), "K1 Bernai satu sebulan".into()));
        f.push(("m.K4".into(), "K4 rendah di Bernai".into()));
        f.push(("p.K4".into(), "Ibu hamil periksa di luar wilayah".into()));
        f.push(("r.K4".into(), "Kunjungan rumah oleh bidan desa".into()));
    }
    f
}

async fn post(c: &Client, page: &str, path: &str, fields: &[(String, String)]) -> lintas_testkit::http::Page {
    let f: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    c.post_form(page, path, &f).await
}

/// The text inside the element with `id`, up to `closing`, tags dropped.
fn inner(html: &str, id: &str, closing: &str) -> String {
    let e = element(html, &format!("id=\"{id}\""), closing);
    plain(e.split_once('>').map_or("", |x| x.1))
}

async fn status_of(t: &TestApp) -> Option<String> {
    let mut tx = t.app.store.read().await.unwrap();
    store::pkp::assessment(&mut tx, t.fx().pkm, YEAR)
        .await
        .unwrap()
        .map(|a| a.status.to_string())
}

both_fixture!(a_pkp_from_the_worksheet_to_verified, async |t: &TestApp| {
    year(t).await;
    let id = t.fx().pkm;
    let page = format!("/coverage/pkp?puskesmas={id}&year={YEAR}");
    let c = t.signed_in("puskesmas").await;
    let p = c.get(&page).await;
    assert_eq!(p.status, 200, "{}", p.body);
    let b = &p.body;
    // The worksheet worked out by hand.
    assert_eq!(text_at(b, "pct-K1"), "91,7%");
    assert_eq!(text_at(b, "pct-K4"), "53,3%");
    assert_eq!(text_at(b, "pct-ASIX"), "100,0%");
    assert_eq!(text_at(b, "pct-K6"), "—", "nothing reported: no figure");
    assert_eq!(text_at(b, "pkp-coverage"), "86,3%");
    assert!(text_at(b, "pkp-coverage-group").contains("II — Cukup"));
    // The Lokmin counted from the meetings held, not the scheduled one.
    assert!(
        text_at(b, "counted-P2.1").contains("2 kali"),
        "{}",
        text_at(b, "counted-P2.1")
    );
    assert!(text_at(b, "counted-P2.2").contains("0 kali"));
    assert_eq!(text_at(b, "pkp-status"), "Draf");

    // Sending with nothing scored and no masalah: refused, each named, nothing stored.
    let mut send = vec![("then".to_string(), "submit".to_string())];
    let p = post(&c, &page, &page, &send).await;
    assert_eq!(p.status, 422, "{}", p.body);
    let summary = inner(&p.body, "error-summary", "</div>");
    assert!(
        summary.contains("K4") && summary.contains("tuliskan masalahnya"),
        "{summary}"
    );
    assert!(summary.contains("K1 "), "K1 is under 100 % too: {summary}");
    assert!(summary.contains("P1.1") && summary.contains("Beri nilai"), "{summary}");
    assert!(!summary.contains("ASIX"), "ASI eksklusif reached its target: {summary}");
    assert!(!summary.contains("P2.1"), "counted by Lintas: {summary}");
    assert_eq!(status_of(t).await, None, "nothing stored");
    // A score that is not 0/4/7/10 is named too, and what was typed stays.
    let mut bad = filled(true);
    bad[0].1 = "5".into();
    let p = post(&c, &page, &page, &bad).await;
    assert_eq!(p.status, 422);
    assert!(inner(&p.body, "error-summary", "</div>").contains("0, 4, 7 atau 10"));
    assert!(p.body.contains("Ibu hamil periksa di luar wilayah"), "typed text kept");
    assert_eq!(status_of(t).await, None);

    // Saved as a draft, then sent.
    let p = post(&c, &page, &page, &filled(false)).await;
    assert_eq!(p.status, 303, "{}", p.body);
    assert_eq!(status_of(t).await.as_deref(), Some("draft"));
    send.extend(filled(true));
    let p = post(&c, &page, &page, &send).await;
    assert_eq!(p.status, 303, "{}", p.body);
    assert_eq!(status_of(t).await.as_deref(), Some("submitted"));
    let p = c.get(&page).await;
    assert_eq!(text_at(&p.body, "pkp-management"), "6,61");
    assert!(text_at(&p.body, "pkp-management-group").contains("II"));
    assert!(!has_id(&p.body, "pkp-form"), "read-only once sent");
    assert!(plain(&p.body).contains("Ibu hamil periksa di luar wilayah"));
    // Sent: the Puskesmas cannot change it, nor verify it.
    let p = post(&c, &page, &page, &filled(true)).await;
    assert_eq!(p.status, 422);
    assert!(plain(&p.body).contains("tidak dapat diubah"));
    let review = format!("/coverage/pkp/review?puskesmas={id}&year={YEAR}");
    let p = c
        .post_form(&page, &review, &[("decision", "verify"), ("feedback", "")])
        .await;
    assert_eq!(p.status, 403);

    // The Dinkes returns it: feedback is required.
    let d = t.signed_in("dinkes").await;
    let p = d.get(&page).await;
    assert!(has_id(&p.body, "pkp-review-form"));
    let p = d
        .post_form(&page, &review, &[("decision", "return"), ("feedback", " ")])
        .await;
    assert_eq!(p.status, 422);
    assert!(text_at(&p.body, "feedback-error").contains("umpan balik"));
    assert_eq!(status_of(t).await.as_deref(), Some("submitted"));
    let p = d
        .post_form(
            &page,
            &review,
            &[("decision", "return"), ("feedback", "RTL K4 belum menyebut desa")],
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    assert_eq!(status_of(t).await.as_deref(), Some("returned"));

    // The Puskesmas sees why, corrects and sends again.
    let p = c.get(&page).await;
    assert!(inner(&p.body, "pkp-feedback", "</div>").contains("RTL K4 belum menyebut desa"));
    assert!(has_id(&p.body, "pkp-form"));
    let mut again = send.clone();
    again.retain(|(k, _)| k != "r.K4");
    again.push(("r.K4".into(), "Kunjungan rumah bidan desa di Bernai".into()));
    let p = post(&c, &page, &page, &again).await;
    assert_eq!(p.status, 303, "{}", p.body);
    assert_eq!(status_of(t).await.as_deref(), Some("submitted"));

    // The Dinkes verifies, lowering P1.1 to 4.
    let p = d
        .post_form(
            &page,
            &review,
            &[("decision", "verify"), ("v.P1.1", "4"), ("feedback", "Baik")],
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    assert_eq!(status_of(t).await.as_deref(), Some("verified"));
    let p = c.get(&page).await;
    let b = &p.body;
    assert_eq!(text_at(b, "pkp-management"), "6,28");
    assert_eq!(text_at(b, "self-P1.1"), "10");
    assert_eq!(text_at(b, "verified-P1.1"), "4");
    assert_eq!(text_at(b, "pkp-coverage"), "86,3%", "the figures as sent");
    let steps = inner(b, "pkp-steps", "</ol>");
    for s in ["Dikirim", "Dikembalikan", "Diverifikasi", "RTL K4 belum menyebut desa"] {
        assert!(steps.contains(s), "{s}: {steps}");
    }
    assert!(plain(b).contains("Kunjungan rumah bidan desa di Bernai"));

    // Every step audited.
    let mut tx = t.app.store.read().await.unwrap();
    let (rows, _) = store::audit::list(
        &mut tx,
        &store::audit::AuditFilter {
            limit: 1000,
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let actions: Vec<String> = rows
        .iter()
        .filter(|r| r.entity == "pkp")
        .map(|r| r.action.clone())
        .collect();
    for a in ["update", "submit", "return", "verify"] {
        assert!(actions.iter().any(|x| x == a), "{a}: {actions:?}");
    }
    assert_eq!(actions.iter().filter(|a| *a == "submit").count(), 2);
    drop(tx);

    // The ranking: Puskesmas Sarolangun first (the only one with figures), its groups.
    let p = d.get(&format!("/coverage/pkp?year={YEAR}")).await;
    assert_eq!(p.status, 200, "{}", p.body);
    let row = inner(&p.body, &format!("rank-{id}"), "</tr>");
    assert!(
        row.starts_with('1') && row.contains("86,3%") && row.contains("6,28"),
        "{row}"
    );
    let csv = d.get(&format!("/coverage/pkp/ranking.csv?year={YEAR}")).await;
    assert_eq!(csv.status, 200);
    assert!(
        csv.body.contains("Puskesmas Sarolangun,Diverifikasi,86.3,II,6.28,II"),
        "{}",
        csv.body
    );

    // The print and the workbook.
    let p = c.get(&format!("/coverage/pkp/print?puskesmas={id}&year={YEAR}")).await;
    assert_eq!(p.status, 200);
    assert!(inner(&p.body, "pkp-print-worksheet", "</table>").contains("91,7%"));
    let r = c
        .http
        .get(t.url(&format!("/coverage/pkp.xlsx?puskesmas={id}&year={YEAR}")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    let bytes = r.bytes().await.unwrap().to_vec();
    let mut wb: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
    let sheet = wb.worksheet_range(&format!("PKP {YEAR}")).unwrap();
    let k4 = sheet
        .rows()
        .find(|r| r.first().map(|c| c.to_string()) == Some("K4".into()))
        .unwrap();
    assert_eq!(k4[9].to_string(), format!("{}", 72.0 / 135.0 * 100.0));
    assert_eq!(k4[12].to_string(), "Kunjungan rumah bidan desa di Bernai");
});

both_fixture!(who_reads_and_who_writes_a_pkp, async |t: &TestApp| {
    year(t).await;
    let id = t.fx().pkm;
    let page = format!("/coverage/pkp?puskesmas={id}&year={YEAR}");
    // The other Puskesmas of the kecamatan and a partner do not read it; the Bupati reads
    // it but does not write it.
    for who in ["puskesmas-kota", "polsek", "kader"] {
        let c = t.signed_in(who).await;
        let p = c.get(&page).await;
        assert!(p.status == 403 || p.status == 404, "{who}: {}", p.status);
    }
    let v = t.signed_in("bupati").await;
    let p = v.get(&page).await;
    assert_eq!(p.status, 200);
    assert!(!has_id(&p.body, "pkp-form") && !has_id(&p.body, "pkp-review-form"));
    let p = post(&v, &page, &page, &filled(true)).await;
    assert_eq!(p.status, 403);
    assert_eq!(status_of(t).await, None);
    // A year that has not begun.
    let c = t.signed_in("puskesmas").await;
    let p = c.get(&format!("/coverage/pkp?puskesmas={id}&year=2031")).await;
    assert_eq!(p.status, 422);

    // The API: all or nothing, each row named.
    let api = Api::new(t, Some(t.token("puskesmas").await));
    let path = format!("/api/v1/puskesmas/{id}/pkp/{YEAR}");
    let (s, body) = api.get(&path).await;
    assert_eq!(s, 200, "{body}");
    assert_eq!(body["status"], "draft");
    let k1 = body["lines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["indicator_code"] == "K1")
        .unwrap();
    assert_eq!(k1["riil"], 132.0);
    assert_eq!(k1["target_sasaran"], 144.0);
    let (s, body) = api
        .send(
            reqwest::Method::PUT,
            &path,
            &serde_json::json!({
                "rows": [{"indicator_code": "K4", "masalah": "Rendah"}, {"indicator_code": "XX"}],
                "scores": [{"item_code": "P1.1", "score": 5}, {"item_code": "P2.1", "score": 10}],
            }),
        )
        .await;
    assert_eq!(s, 422, "{body}");
    let fields: Vec<&str> = body["error"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["field"].as_str().unwrap())
        .collect();
    assert_eq!(
        fields,
        ["rows[1].indicator_code", "scores[0].score", "scores[1].score"],
        "{body}"
    );
    assert_eq!(status_of(t).await, None);
    let (s, body) = api
        .send(reqwest::Method::PUT, &path, &serde_json::json!({"rows": [{"indicator_code": "K4", "masalah": "Rendah"}], "scores": [{"item_code": "P1.1", "score": 10}]}),
        )
        .await;
    assert_eq!(s, 200, "{body}");
    assert_eq!(body["status"], "draft");
    // Only the Dinkes reviews, and only what was sent.
    let dinkes = Api::new(t, Some(t.token("dinkes").await));
    let (s, _) = api
        .send(
            reqwest::Method::POST,
            &format!("{path}/review"),
            &serde_json::json!({"decision": "verify"}),
        )
        .await;
    assert_eq!(s, 403);
    let (s, body) = dinkes
        .send(
            reqwest::Method::POST,
            &format!("{path}/review"),
            &serde_json::json!({"decision": "verify"}),
        )
        .await;
    assert_eq!(s, 422, "a draft is not verified: {body}");
    let (s, body) = dinkes.get(&format!("/api/v1/pkp?year={YEAR}")).await;
    assert_eq!(s, 200);
    assert!(
        body["lines"]
            .as_array()
            .unwrap()
            .iter()
            .any(|l| l["puskesmas_id"] == id)
    );
});

both_fixture!(
    the_dinkes_returns_a_pkp_and_verifies_it_corrected_in_a_browser,
    async |t: &TestApp| {
        year(t).await;
        let id = t.fx().pkm;
        let Some(b) = lintas_testkit::browser::Browser::start(1280, 1000).await else {
            return;
        };
        let page = format!("{}/coverage/pkp?puskesmas={id}&year={YEAR}", t.base);
        let logout = "form[action='/logout'] button";
        // The Puskesmas scores every item, writes the masalah of K4 and sends it.
        b.login(&t.base, "puskesmas").await;
        b.goto(&page).await;
        for (field, value) in filled(false) {
            b.click(&format!("input[name='{field}'][value='{value}']")).await;
        }
        b.fill("textarea[name='m.K1']", "K1 Bernai satu sebulan").await;
        b.fill("textarea[name='m.K4']", "K4 rendah di Bernai").await;
        b.screenshot("pkp-self-assessment").await;
        b.click_and_wait("#pkp-submit").await;
        assert_eq!(b.text("#pkp-status").await, "Dikirim ke Dinas Kesehatan");
        b.click_and_wait(logout).await;
        // The Dinkes sends it back with feedback.
        b.login(&t.base, "dinkes").await;
        b.goto(&page).await;
        b.fill("#feedback", "RTL K4 belum menyebut desa").await;
        b.click_and_wait("#pkp-return").await;
        assert_eq!(b.text("#pkp-status").await, "Dikembalikan untuk perbaikan");
        b.click_and_wait(logout).await;
        // The Puskesmas reads why, corrects and sends again.
        b.login(&t.base, "puskesmas").await;
        b.goto(&page).await;
        assert!(b.text("#pkp-feedback").await.contains("RTL K4 belum menyebut desa"));
        b.fill("textarea[name='r.K4']", "Kunjungan rumah bidan desa di Bernai")
            .await;
        b.click_and_wait("#pkp-submit").await;
        assert_eq!(b.text("#pkp-status").await, "Dikirim ke Dinas Kesehatan");
        b.click_and_wait(logout).await;
        // The Dinkes verifies, lowering P1.1 to 4.
        b.login(&t.base, "dinkes").await;
        b.goto(&page).await;
        b.click("select[name='v.P1.1'] option[value='4']").await;
        b.click_and_wait("#pkp-verify").await;
        assert_eq!(b.text("#pkp-status").await, "Diverifikasi");
        assert_eq!(b.text("#pkp-management").await, "6,28");
        assert!(b.text("#pkp-steps").await.contains("Dikembalikan"));
        b.screenshot("pkp-verified").await;
        b.quit().await;
        assert_eq!(status_of(t).await.as_deref(), Some("verified"));
    }
);

both_fixture!(sent_once_when_sent_many_times_at_once, async |t: &TestApp| {
    year(t).await;
    let id = t.fx().pkm;
    let path = format!("/api/v1/puskesmas/{id}/pkp/{YEAR}");
    let api = Api::new(t, Some(t.token("puskesmas").await));
    let scores: Vec<serde_json::Value> = filled(false)
        .into_iter()
        .map(|(k, v)| serde_json::json!({"item_code": k.trim_start_matches("s."), "score": v.parse::<u8>().unwrap()}))
        .collect();
    let rows = serde_json::json!([
        {"indicator_code": "K1", "masalah": "K1 Bernai satu sebulan"},
        {"indicator_code": "K4", "masalah": "K4 rendah di Bernai"}
    ]);
    let (s, body) = api
        .send(
            reqwest::Method::PUT,
            &path,
            &serde_json::json!({"rows": rows, "scores": scores}),
        )
        .await;
    assert_eq!(s, 200, "{body}");
    // Twelve "send" at once: one is sent, the others are told it no longer changes.
    let mut set = tokio::task::JoinSet::new();
    for _ in 0..12 {
        let (api, path) = (Api::new(t, api.token.clone()), path.clone());
        set.spawn(async move {
            api.send(reqwest::Method::PUT, &path, &serde_json::json!({"submit": true}))
                .await
                .0
        });
    }
    let mut answers = Vec::new();
    while let Some(r) = set.join_next().await {
        answers.push(r.unwrap());
    }
    assert_eq!(answers.iter().filter(|s| **s == 200).count(), 1, "{answers:?}");
    assert!(
        answers.iter().all(|s| *s == 200 || *s == 422 || *s == 409),
        "{answers:?}"
    );
    let mut tx = t.app.store.read().await.unwrap();
    let a = store::pkp::assessment(&mut tx, id, YEAR).await.unwrap().unwrap();
    assert_eq!(a.status.as_str(), "submitted");
    assert_eq!(store::pkp::steps(&mut tx, a.id).await.unwrap().len(), 1);
});
