//! Plans (RUK, RPK/POA) through the API and the pages, on both databases: a Puskesmas writes
//! its RPK with the API, records its months, reads results vs plan (golden figures by hand),
//! exports them; bad input is refused by row and field with nothing stored; another
//! Puskesmas and a partner may not write it (nor read it); an RUK is copied into the RPK of
//! its year; a Lokmin of the Puskesmas shows the RPK of the month under review.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::{Datelike, NaiveDate};
use domain::plan::PlanKind;
use lintas_testkit::fixture::{BERNAI, DUSUN_SAROLANGUN};
use lintas_testkit::html::{has_id, number_at, plain, text_at};
use lintas_testkit::http::Api;
use lintas_testkit::{TestApp, both_fixture};
use reqwest::Method;
use serde_json::{Value, json};

/// The RPK 2024 of Puskesmas Sarolangun: three activities.
/// A (KIA-KB, K1, Jan–Mar, Rp 1.500.000 BOK, with the Camat), B (gizi, Feb–Mar), C (klaster 4,
/// Mar).
fn rpk_body(camat: i64) -> Value {
    json!({"status": "final", "rows": [
        {"program": "kia_kb", "kegiatan": "Kelas ibu hamil", "tujuan": "K1 naik", "sasaran": "Ibu hamil",
         "target": 80, "volume": 3, "unit": "kali", "partner_programs": ["gizi"], "partner_orgs": [camat],
         "months": [1, 2, 3], "budget": 1500000, "fund": "bok", "indicator_code": "k1"},
        {"program": "gizi", "kegiatan": "Sweeping balita", "months": [2, 3]},
        {"cluster": 4, "kegiatan": "Penyuluhan TB", "months": [3], "budget": 250000, "fund": "apbd"}
    ]})
}

/// K1 in 2024: 120 and 60 pregnant women, 12 and 3 first visits a month from January to
/// March, target 80 %.
async fn k1_figures(t: &TestApp) {
    use lintas_testkit::coverage::{achievements, bumil, count, targets};
    bumil(t, 2024, 120.0, 60.0).await;
    targets(t, 2024, &[("K1", 80.0)]).await;
    let mut rows = Vec::new();
    for m in 1..=3 {
        for (desa, n) in [(DUSUN_SAROLANGUN, 12.0), (BERNAI, 3.0)] {
            rows.push(count("K1", desa, 2024, m, n, None));
        }
    }
    achievements(t, rows).await;
}

/// The RPK written and its months recorded through the API; the activity ids A, B, C.
async fn rpk_with_months(t: &TestApp) -> (i64, [i64; 3]) {
    let f = t.fx();
    let api = Api::new(t, Some(t.token("puskesmas").await));
    let path = format!("/api/v1/puskesmas/{}/plans/2024/rpk", f.pkm);
    let (s, v) = api.send(Method::PUT, &path, &rpk_body(f.camat)).await;
    assert_eq!(s, 200, "{v}");
    let ids: Vec<i64> = v["activities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_i64().unwrap())
        .collect();
    let [a, b, c] = ids[..] else { panic!("{v}") };
    // A: January done, February moved to April, March not done; B: February done (March not
    // recorded); C: March done.
    let months = json!({"rows": [
        {"activity_id": a, "month": 1, "status": "done"},
        {"activity_id": a, "month": 2, "status": "moved", "moved_to": 4, "reason": "Bidan cuti"},
        {"activity_id": a, "month": 3, "status": "not_done", "reason": "Hujan deras"},
        {"activity_id": b, "month": 2, "status": "done"},
        {"activity_id": c, "month": 3, "status": "done"}
    ]});
    let (s, v) = api.send(Method::PUT, &format!("{path}/months"), &months).await;
    assert_eq!((s, v["saved"].as_i64()), (200, Some(5)), "{v}");
    (v["saved"].as_i64().unwrap(), [a, b, c])
}

both_fixture!(results_vs_plan_by_hand, async |t: &TestApp| {
    let f = t.fx();
    k1_figures(t).await;
    let (_, [a, _, _]) = rpk_with_months(t).await;
    let api = Api::new(t, Some(t.token("puskesmas").await));
    let (s, plan) = api.get(&format!("/api/v1/puskesmas/{}/plans/2024/rpk", f.pkm)).await;
    assert_eq!(s, 200);
    assert_eq!(plan["status"], "final");
    let first = &plan["activities"][0];
    assert_eq!(
        (
            first["indicator_code"].as_str(),
            first["months"].clone(),
            first["partner_orgs"].clone()
        ),
        (Some("K1"), json!([1, 2, 3]), json!([f.camat]))
    );
    assert_eq!(first["recorded"].as_array().unwrap().len(), 3);

    // March. Due: A (not done), B (nothing recorded), C (done) → 3 planned, 1 done, 1 not
    // done, 0 moved, 1 pending. January to March: A ×3, B ×2, C ×1 = 6 planned; done A-Jan,
    // B-Feb, C-Mar = 3 (50 %); not done 1; moved 1 (A-Feb); pending 1 (B-Mar).
    let (s, r) = api
        .get(&format!("/api/v1/puskesmas/{}/plan-results?year=2024&month=3", f.pkm))
        .await;
    assert_eq!(s, 200, "{r}");
    assert_eq!(
        r["month_tally"],
        json!({"planned": 3, "done": 1, "not_done": 1, "moved": 0, "pending": 1})
    );
    assert_eq!(
        r["to_date"],
        json!({"planned": 6, "done": 3, "not_done": 1, "moved": 1, "pending": 1})
    );
    // Per upaya, KIA-KB, gizi, then klaster 4.
    let upaya: Vec<(Value, Value, i64, i64)> = r["by_upaya"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| {
            (
                u["program"].clone(),
                u["cluster"].clone(),
                u["month"]["planned"].as_i64().unwrap(),
                u["month"]["done"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        upaya,
        [
            (json!("kia_kb"), Value::Null, 1, 0),
            (json!("gizi"), Value::Null, 1, 0),
            (Value::Null, json!(4), 1, 1)
        ]
    );
    // K1 for the Puskesmas as a whole: (3 × 12 + 3 × 3) ÷ (120 + 60) = 45 ÷ 180 = 25 %
    // against the cumulative target 3 × 80 ÷ 12 = 20 %; own coverage February and March both
    // 15 ÷ 180 = 8.33 % (unchanged, above the target: Baik).
    let k1 = &r["indicators"][0];
    assert_eq!(k1["code"], "K1");
    assert!((k1["figure"].as_f64().unwrap() - 25.0).abs() < 1e-9, "{k1}");
    assert!((k1["target"].as_f64().unwrap() - 20.0).abs() < 1e-9, "{k1}");
    assert_eq!(
        (k1["annual_target"].as_f64(), k1["status"].as_str()),
        (Some(80.0), Some("baik"))
    );
    // April: A moved in, nothing recorded.
    let (_, r) = api
        .get(&format!("/api/v1/puskesmas/{}/plan-results?year=2024&month=4", f.pkm))
        .await;
    assert_eq!(r["month_tally"]["planned"], 1);
    assert_eq!(
        (r["due"][0]["activity_id"].as_i64(), r["due"][0]["moved_in"].as_bool()),
        (Some(a), Some(true))
    );

    // The page shows the same figures, in both languages.
    let c = t.signed_in("puskesmas").await;
    let page = format!("/coverage/plan-results?puskesmas={}&year=2024&month=3", f.pkm);
    let p = c.get(&page).await;
    assert_eq!(p.status, 200);
    assert_eq!(
        [
            "total-planned",
            "total-done",
            "total-not-done",
            "total-moved",
            "total-pending"
        ]
        .map(|id| number_at(&p.body, id)),
        [3, 1, 1, 0, 1]
    );
    assert!(plain(&p.body).contains("Hujan deras"), "the reason is shown");
    assert!(plain(&p.body).contains("3/6 (50,0%)"));
    let c = t.signed_in("puskesmas").await;
    let csrf = c.get("/account").await.csrf();
    c.post_raw("/lang", &csrf, &[("lang", "en"), ("next", "/")]).await;
    let p = c.get(&page).await;
    assert!(plain(&p.body).contains("Activities planned vs done"), "English");
    assert!(plain(&p.body).contains("Not done"));
    // The print.
    let p = c
        .get(&format!(
            "/coverage/plan-results/print?puskesmas={}&year=2024&month=3",
            f.pkm
        ))
        .await;
    assert_eq!(p.status, 200);
    assert!(has_id(&p.body, "print-tally") && has_id(&p.body, "print-indicators"));
});

both_fixture!(the_export_is_the_table_of_the_page, async |t: &TestApp| {
    let f = t.fx();
    k1_figures(t).await;
    rpk_with_months(t).await;
    let c = t.signed_in("puskesmas").await;
    let r = c
        .http
        .get(t.url(&format!(
            "/coverage/plan-results.csv?puskesmas={}&year=2024&month=3",
            f.pkm
        )))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let disposition = r.headers()["content-disposition"].to_str().unwrap().to_string();
    assert!(
        disposition.contains(&format!("rpk-hasil-pkm-{}-2024-03.csv", f.pkm)),
        "{disposition}"
    );
    let body = r.text().await.unwrap();
    let expected = "\u{feff}Jenis,Upaya,Kegiatan,Pelaksanaan,Dipindah ke,Alasan,Cakupan,Target s.d. bulan ini,Status PWS\n\
        Kegiatan,KIA dan KB,Kelas ibu hamil,Tidak terlaksana,,Hujan deras,,,\n\
        Kegiatan,Gizi,Sweeping balita,Belum diisi,,,,,\n\
        Kegiatan,Klaster 4,Penyuluhan TB,Terlaksana,,,,,\n\
        Indikator,K1,Kunjungan pertama ibu hamil (K1),,,Kelas ibu hamil,\"25,0%\",\"20,0%\",Baik\n";
    assert_eq!(body.replace("\r\n", "\n"), expected);
    let r = c
        .http
        .get(t.url(&format!(
            "/coverage/plan-results.xlsx?puskesmas={}&year=2024&month=3",
            f.pkm
        )))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert!(r.bytes().await.unwrap().starts_with(b"PK"), "a workbook");
});

both_fixture!(
    bad_input_is_refused_by_row_and_nothing_is_stored,
    async |t: &TestApp| {
        let f = t.fx();
        let api = Api::new(t, Some(t.token("puskesmas").await));
        let path = format!("/api/v1/puskesmas/{}/plans/2024/rpk", f.pkm);
        // Row 0 is fine; row 1 has no kegiatan and a target above 100; row 2 no months and an
        // unknown indicator; row 3 an unknown fund word.
        let body = json!({"rows": [
            {"program": "gizi", "kegiatan": "Sweeping balita", "months": [2]},
            {"program": "gizi", "kegiatan": " ", "target": 120, "months": [3]},
            {"cluster": 2, "kegiatan": "Kelas ibu", "indicator_code": "TIDAK-ADA"},
            {"cluster": 2, "kegiatan": "Posyandu", "months": [5], "budget": 10, "fund": "hibah"}
        ]});
        let (s, v) = api.send(Method::PUT, &path, &body).await;
        assert_eq!(s, 422, "{v}");
        let fields: Vec<(String, String)> = v["error"]["fields"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                (
                    e["field"].as_str().unwrap().to_string(),
                    e["code"].as_str().unwrap().to_string(),
                )
            })
            .collect();
        assert_eq!(
            fields,
            [("rows[3].fund".to_string(), "choice.unknown".to_string())],
            "words that do not read are answered first"
        );
        let body = json!({"rows": [
            {"program": "gizi", "kegiatan": "Sweeping balita", "months": [2]},
            {"program": "gizi", "kegiatan": " ", "target": 120, "months": [3]},
            {"cluster": 2, "kegiatan": "Kelas ibu", "indicator_code": "TIDAK-ADA"}
        ]});
        let (s, v) = api.send(Method::PUT, &path, &body).await;
        assert_eq!(s, 422, "{v}");
        let fields: Vec<String> = v["error"]["fields"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| format!("{} {}", e["field"].as_str().unwrap(), e["code"].as_str().unwrap()))
            .collect();
        assert_eq!(
            fields,
            [
                "rows[1].kegiatan required",
                "rows[1].target plan.target",
                "rows[2].indicator_code indicator.unknown",
                "rows[2].months plan.months_required"
            ]
        );
        let (s, _) = api.get(&path).await;
        assert_eq!(s, 404, "no plan was created");
        let (s, list) = api.get(&format!("/api/v1/puskesmas/{}/plans", f.pkm)).await;
        assert_eq!((s, list), (200, json!([])));

        // A month record without a reason, one of a month not scheduled, one in the future: all
        // refused, nothing stored.
        let (s, v) = api
            .send(
                Method::PUT,
                &path,
                &json!({"rows": [{"program": "gizi", "kegiatan": "Sweeping", "months": [2]}]}),
            )
            .await;
        assert_eq!(s, 200, "{v}");
        let a = v["activities"][0]["id"].as_i64().unwrap();
        let months = json!({"rows": [
            {"activity_id": a, "month": 2, "status": "done"},
            {"activity_id": a, "month": 2, "status": "not_done"},
            {"activity_id": a, "month": 5, "status": "done"}
        ]});
        let (s, v) = api.send(Method::PUT, &format!("{path}/months"), &months).await;
        assert_eq!(s, 422, "{v}");
        let fields: Vec<String> = v["error"]["fields"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| format!("{} {}", e["field"].as_str().unwrap(), e["code"].as_str().unwrap()))
            .collect();
        assert_eq!(
            fields,
            [
                "rows[1].reason plan.reason_required",
                "rows[2].month plan.month_not_scheduled"
            ]
        );
        let (_, recorded) = api.get(&format!("{path}/months")).await;
        assert_eq!(recorded, json!([]), "nothing stored");
        let next = t.app.clock().today_in("15.03").year() + 1;
        let future = format!("/api/v1/puskesmas/{}/plans/{next}/rpk", f.pkm);
        let (_, v) = api
            .send(
                Method::PUT,
                &future,
                &json!({"rows": [{"program": "gizi", "kegiatan": "Sweeping", "months": [1]}]}),
            )
            .await;
        let b = v["activities"][0]["id"].as_i64().unwrap();
        let (s, v) = api
            .send(
                Method::PUT,
                &format!("{future}/months"),
                &json!({"rows": [{"activity_id": b, "month": 1, "status": "done"}]}),
            )
            .await;
        assert_eq!(
            (s, v["error"]["fields"][0]["code"].as_str()),
            (422, Some("plan.month_future")),
            "{v}"
        );

        // The page: an activity without a kegiatan and with a budget without its source is shown
        // again with what was typed, 422, nothing stored.
        let c = t.signed_in("puskesmas").await;
        let (_, plan) = api.get(&path).await;
        let id = plan["id"].as_i64().unwrap();
        let p = c
            .post_form(
                &format!("/plans/{id}"),
                &format!("/plans/{id}/activities"),
                &[
                    ("program", "promkes"),
                    ("kegiatan", ""),
                    ("sasaran", "Remaja putri"),
                    ("months", "4"),
                    ("months", "6"),
                    ("budget", "2.000.000"),
                ],
            )
            .await;
        assert_eq!(p.status, 422);
        assert!(p.body.contains("id=\"error-kegiatan\"") && p.body.contains("id=\"error-fund\""));
        assert!(p.body.contains("value=\"Remaja putri\"") && p.body.contains("value=\"2.000.000\""));
        assert!(p.body.contains("id=\"month-6\" checked"), "the months typed are kept");
        let (_, plan) = api.get(&path).await;
        assert_eq!(plan["activities"].as_array().unwrap().len(), 1, "nothing stored");
        // And a good one is added at the end, shown in the Gantt.
        let p = c
            .post_form(
                &format!("/plans/{id}"),
                &format!("/plans/{id}/activities"),
                &[
                    ("program", "promkes"),
                    ("kegiatan", "Penyuluhan remaja"),
                    ("months", "4"),
                    ("months", "6"),
                    ("budget", "2.000.000"),
                    ("fund", "dana_desa"),
                    ("partner_orgs", &f.desa_bernai.to_string()),
                ],
            )
            .await;
        assert_eq!(p.status, 303, "{}", p.body);
        let p = c.get(&format!("/plans/{id}")).await;
        let (_, plan) = api.get(&path).await;
        let added = plan["activities"][1]["id"].as_i64().unwrap();
        assert_eq!(plan["activities"][1]["budget"], 2_000_000);
        assert!(p.body.contains(&format!("id=\"g-{added}-6\"")));
        assert!(plain(&p.body).contains("Penyuluhan remaja"));
    }
);

both_fixture!(
    another_puskesmas_and_a_partner_may_not_write_nor_read,
    async |t: &TestApp| {
        let f = t.fx();
        rpk_with_months(t).await;
        let own = Api::new(t, Some(t.token("puskesmas").await));
        let (_, plan) = own.get(&format!("/api/v1/puskesmas/{}/plans/2024/rpk", f.pkm)).await;
        let id = plan["id"].as_i64().unwrap();
        let a = plan["activities"][0]["id"].as_i64().unwrap();
        let body = json!({"rows": []});
        for who in ["puskesmas-kota", "polsek", "kader"] {
            let api = Api::new(t, Some(t.token(who).await));
            let (s, _) = api
                .send(
                    Method::PUT,
                    &format!("/api/v1/puskesmas/{}/plans/2024/rpk", f.pkm),
                    &body,
                )
                .await;
            assert_eq!(s, 403, "{who} writes");
            let (s, _) = api.get(&format!("/api/v1/puskesmas/{}/plans/2024/rpk", f.pkm)).await;
            assert_eq!(s, 403, "{who} reads");
            let c = t.signed_in(who).await;
            let csrf = c.get("/account").await.csrf();
            assert_eq!(c.get(&format!("/plans/{id}")).await.status, 403, "{who}");
            let p = c
                .post_raw(&format!("/plans/{id}/activities/{a}/delete"), &csrf, &[])
                .await;
            assert_eq!(p.status, 403, "{who} deletes");
            let p = c
                .post_raw(
                    &format!("/plans/{id}/activities"),
                    &csrf,
                    &[("program", "gizi"), ("kegiatan", "Titipan"), ("months", "5")],
                )
                .await;
            assert_eq!(p.status, 403, "{who} adds");
        }
        // Another Puskesmas's plan id in one's own path is not found in its plan.
        let kota = Api::new(t, Some(t.token("puskesmas-kota").await));
        let (s, v) = kota
            .send(
                Method::PUT,
                &format!("/api/v1/puskesmas/{}/plans/2024/rpk", f.pkm_kota),
                &json!({"rows": [{"id": a, "program": "gizi", "kegiatan": "Curian", "months": [1]}]}),
            )
            .await;
        assert_eq!(
            (s, v["error"]["fields"][0]["field"].as_str()),
            (422, Some("rows[0].id")),
            "{v}"
        );
        let (_, plan) = own.get(&format!("/api/v1/puskesmas/{}/plans/2024/rpk", f.pkm)).await;
        assert_eq!(plan["activities"].as_array().unwrap().len(), 3, "unchanged");
        // Dinkes reads and writes; the viewer reads only.
        let dinkes = t.signed_in("dinkes").await;
        assert_eq!(dinkes.get(&format!("/plans/{id}")).await.status, 200);
        let viewer = t.signed_in("bupati").await;
        let p = viewer.get(&format!("/plans/{id}")).await;
        assert_eq!(p.status, 200);
        assert!(!has_id(&p.body, "activity-form"), "no form for a reader");
        // Every write left an audit row.
        let mut tx = t.app.store.read().await.unwrap();
        let n: i64 = match &mut tx {
            store::Tx::Sqlite(c) => sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE entity LIKE 'plan%'")
                .fetch_one(&mut **c)
                .await
                .unwrap(),
            store::Tx::Postgres(c) => sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE entity LIKE 'plan%'")
                .fetch_one(&mut **c)
                .await
                .unwrap(),
        };
        assert_eq!(n, 2, "the activities saved, the months saved");
    }
);

both_fixture!(an_ruk_is_copied_into_the_rpk_of_its_year, async |t: &TestApp| {
    let f = t.fx();
    let pkm = t.actor("puskesmas").await;
    let ruk = app::plan::create(&t.app, &pkm, f.pkm, 2025, PlanKind::Ruk)
        .await
        .unwrap();
    let c = t.signed_in("puskesmas").await;
    // An RUK row may leave the months open.
    let p = c
        .post_form(
            &format!("/plans/{ruk}"),
            &format!("/plans/{ruk}/activities"),
            &[
                ("cluster", "2"),
                ("kegiatan", "Pemeriksaan HB remaja"),
                ("budget", "750000"),
                ("fund", "bok"),
            ],
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    let p = c
        .post_form(&format!("/plans/{ruk}"), &format!("/plans/{ruk}/copy"), &[])
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    let to = p.location.unwrap();
    assert!(to.contains("done=copied&n=1"), "{to}");
    let v = app::plan::view_of(&t.app, &pkm, f.pkm, 2025, PlanKind::Rpk)
        .await
        .unwrap();
    assert_eq!(v.activities.len(), 1);
    assert_eq!(v.activities[0].kegiatan, "Pemeriksaan HB remaja");
    assert_eq!(
        v.activities[0].months.len(),
        12,
        "scheduled over the year, to be narrowed"
    );
    assert_eq!(v.activities[0].budget, Some(750_000));
    let p = c.get(&to).await;
    assert!(text_at(&p.body, "notice").contains('1'));
});

both_fixture!(a_lokmin_shows_the_rpk_of_the_month_under_review, async |t: &TestApp| {
    let f = t.fx();
    rpk_with_months(t).await;
    let pkm = t.actor("puskesmas").await;
    let meeting = |kind, held_on| domain::meeting::MeetingInput {
        title: "Lokmin April 2024".into(),
        kind,
        forum_id: None,
        host_org_id: f.pkm,
        level: domain::meeting::MeetingLevel::Kecamatan,
        held_on,
        start_time: None,
        place: None,
        chair: None,
        first_of_year: false,
    };
    let id = app::meeting::create(
        &t.app,
        &pkm,
        &meeting(
            domain::meeting::ForumKind::LokminBulanan,
            NaiveDate::from_ymd_opt(2024, 4, 8).unwrap(),
        ),
        &[f.polsek],
    )
    .await
    .unwrap();
    // March under review: 3 planned, 1 done, 1 not done (with its reason), 0 moved, 1 pending.
    let c = t.signed_in("puskesmas").await;
    let p = c.get(&format!("/meetings/{id}")).await;
    assert_eq!(p.status, 200);
    assert!(has_id(&p.body, "rpk"));
    assert_eq!(
        ["rpk-planned", "rpk-done", "rpk-not-done", "rpk-moved", "rpk-pending"].map(|i| number_at(&p.body, i)),
        [3, 1, 1, 0, 1]
    );
    let section = plain(&p.body[p.body.find("id=\"rpk\"").unwrap()..]);
    assert!(
        section.contains("Maret 2024") && section.contains("Hujan deras"),
        "{section}"
    );
    // The berita acara prints it too.
    let p = c.get(&format!("/meetings/{id}/berita-acara")).await;
    assert!(has_id(&p.body, "rpk-print") && plain(&p.body).contains("Hujan deras"));
    // A tribulanan in May reviews the first quarter, January to March (as its PWS section):
    // A ×3, B ×2, C ×1 → 6 planned; done A-Jan, B-Feb, C-Mar; A-Mar not done; A-Feb moved;
    // B-Mar pending.
    let tri = app::meeting::create(
        &t.app,
        &pkm,
        &meeting(
            domain::meeting::ForumKind::LokminTribulanan,
            NaiveDate::from_ymd_opt(2024, 5, 14).unwrap(),
        ),
        &[],
    )
    .await
    .unwrap();
    let s = app::plan::for_meeting(&t.app, &pkm, tri).await.unwrap().unwrap();
    assert_eq!(
        (
            s.tally.planned,
            s.tally.done,
            s.tally.not_done,
            s.tally.moved,
            s.tally.pending
        ),
        (6, 3, 1, 1, 1)
    );
    assert_eq!(s.months.len(), 3);
    // The partner invited to the bulanan reads the meeting but not the RPK.
    let polsek = t.signed_in("polsek").await;
    let p = polsek.get(&format!("/meetings/{id}")).await;
    assert_eq!(p.status, 200);
    assert!(!has_id(&p.body, "rpk"), "a partner sees no plan");
});
