//! The coverage JSON API on both databases: the catalogue, a Puskesmas's sasaran, targets
//! and achievements in bulk (all or nothing, each bad row named), the district's lock, PWS
//! worked out by hand, completeness, imports through the use case from CSV, and who may do
//! what.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use lintas_testkit::fixture::{BERNAI, DUSUN_SAROLANGUN, LIMUN_DESA};
use lintas_testkit::http::Api;
use lintas_testkit::{TestApp, both_fixture};
use reqwest::Method;
use serde_json::{Value, json};

fn fields(e: &Value) -> Vec<(String, String)> {
    e["error"]["fields"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|f| {
                    (
                        f["field"].as_str().unwrap().to_string(),
                        f["code"].as_str().unwrap().to_string(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

fn k1(desa: &str, month: &str, n: f64) -> Value {
    json!({"indicator_code": "K1", "desa_code": desa, "month": month, "numerator": n})
}

both_fixture!(coverage_through_the_api, async |t: &TestApp| {
    let pkm = t.fx().pkm;
    let api = Api::new(t, Some(t.token("puskesmas").await));
    let dinkes = Api::new(t, Some(t.token("dinkes").await));

    // The catalogue: every signed-in account reads it; only dinkes adds a version.
    let (s, list) = api.get("/api/v1/indicators").await;
    assert_eq!(s, 200);
    let spm: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| !i["spm"].is_null())
        .map(|i| i["code"].as_str().unwrap())
        .collect();
    assert_eq!(spm.len(), 12);
    let mut next = list
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["code"] == "K1")
        .unwrap()
        .clone();
    next["version"] = json!("kia-2030");
    next["valid_from"] = json!("2030-01-01");
    assert_eq!(api.send(Method::POST, "/api/v1/indicators", &next).await.0, 403);
    let (s, r) = dinkes.send(Method::POST, "/api/v1/indicators", &next).await;
    assert_eq!(s, 201, "{r}");
    next["unit"] = json!("persen");
    next["cluster"] = json!(9);
    let (s, r) = dinkes.send(Method::POST, "/api/v1/indicators", &next).await;
    assert_eq!(s, 422);
    assert_eq!(
        fields(&r),
        [
            ("unit".to_string(), "choice.unknown".to_string()),
            ("cluster".to_string(), "indicator.cluster".to_string())
        ]
    );

    // Sasaran and target.
    let rows = json!({"rows": [
        {"desa_code": DUSUN_SAROLANGUN, "year": 2024, "kind": "bumil", "value": 120},
        {"desa_code": BERNAI, "year": 2024, "kind": "bumil", "value": 60},
    ]});
    let (s, r) = api
        .send(Method::PUT, &format!("/api/v1/puskesmas/{pkm}/sasaran"), &rows)
        .await;
    assert_eq!((s, r["saved"].as_i64()), (200, Some(2)), "{r}");
    let (s, r) = api
        .send(
            Method::PUT,
            &format!("/api/v1/puskesmas/{pkm}/targets"),
            &json!({"year": 2024, "targets": [{"indicator_code": "K1", "target": 80}]}),
        )
        .await;
    assert_eq!(s, 200, "{r}");

    // A bad batch names each row and stores nothing.
    let bad = json!({"rows": [k1(BERNAI, "2024-01", 2.0), k1(BERNAI, "Januari", 1.0), k1(LIMUN_DESA, "2024-01", 1.0), k1(BERNAI, "2024-02", -2.0)]});
    let path = format!("/api/v1/puskesmas/{pkm}/achievements");
    let (s, r) = api.send(Method::POST, &path, &bad).await;
    assert_eq!(
        (s, fields(&r)),
        (422, vec![("rows[1].month".to_string(), "date.format".to_string())]),
        "format first, at the boundary"
    );
    let bad =
        json!({"rows": [k1(BERNAI, "2024-01", 2.0), k1(LIMUN_DESA, "2024-01", 1.0), k1(BERNAI, "2024-02", -2.0)]});
    let (s, r) = api.send(Method::POST, &path, &bad).await;
    assert_eq!(s, 422);
    assert_eq!(
        fields(&r),
        [
            ("rows[1].desa_code".to_string(), "coverage.desa_outside".to_string()),
            ("rows[2].numerator".to_string(), "number.negative".to_string())
        ]
    );
    let (_, stored) = api.get(&format!("{path}?from=2024-01&to=2024-12")).await;
    assert_eq!(stored, json!([]), "nothing partial");

    let mut good = Vec::new();
    for m in 1..=9 {
        good.push(k1(
            DUSUN_SAROLANGUN,
            &format!("2024-{m:02}"),
            if m == 9 { 8.0 } else { 10.0 },
        ));
        good.push(k1(BERNAI, &format!("2024-{m:02}"), 2.0));
    }
    let (s, r) = api.send(Method::POST, &path, &json!({"rows": good})).await;
    assert_eq!((s, r["saved"].as_i64()), (200, Some(18)), "{r}");
    let (_, stored) = api.get(&format!("{path}?from=2024-09&to=2024-09")).await;
    assert_eq!(stored.as_array().unwrap().len(), 2);
    assert_eq!(stored[0]["month"], "2024-09");

    // PWS by hand: Dusun Sarolangun 88/120 = 73.3 % ≥ 60 %, falling → kurang; Bernai 30 % → jelek.
    let (s, p) = api
        .get(&format!("/api/v1/pws?indicator=K1&year=2024&month=9&puskesmas={pkm}"))
        .await;
    assert_eq!(s, 200, "{p}");
    assert_eq!(p["lines"][0]["key"], DUSUN_SAROLANGUN);
    let sept = &p["lines"][0]["months"][8];
    assert_eq!(
        (
            sept["status"].as_str(),
            sept["position"].as_str(),
            sept["trend"].as_str()
        ),
        (Some("kurang"), Some("above"), Some("down"))
    );
    assert!((sept["cumulative"].as_f64().unwrap() - 73.333).abs() < 0.01);
    assert_eq!(p["lines"][1]["months"][8]["status"], "jelek");
    assert!((p["total"]["months"][8]["cumulative"].as_f64().unwrap() - 58.889).abs() < 0.01);
    assert_eq!(p["unchanged_rule"], "by_position");

    // Reading: another Puskesmas may not; the district view is for district accounts.
    let kota = Api::new(t, Some(t.token("puskesmas-kota").await));
    assert_eq!(
        kota.get(&format!("/api/v1/pws?indicator=K1&year=2024&month=9&puskesmas={pkm}"))
            .await
            .0,
        403
    );
    assert_eq!(kota.get(&format!("{path}?from=2024-01&to=2024-12")).await.0, 403);
    assert_eq!(
        kota.send(Method::POST, &path, &json!({"rows": [k1(BERNAI, "2024-10", 1.0)]}))
            .await
            .0,
        403
    );
    let kader = Api::new(t, Some(t.token("kader").await));
    assert_eq!(kader.get("/api/v1/pws?indicator=K1&year=2024&month=9").await.0, 403);
    let (s, d) = dinkes.get("/api/v1/pws?indicator=K1&year=2024&month=9").await;
    assert_eq!(s, 200);
    assert!(
        d["lines"]
            .as_array()
            .unwrap()
            .iter()
            .any(|l| l["key"].as_str() == Some(pkm.to_string().as_str()))
    );
    let (s, c) = dinkes.get("/api/v1/coverage/completeness?year=2024").await;
    assert_eq!(s, 200);
    let line = c["puskesmas"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["puskesmas_id"] == pkm)
        .unwrap();
    assert_eq!(line["reports"].as_array().unwrap().len(), 9);

    // SPM: the 12 services, here without figures (only K1 was entered).
    let (s, spm) = api
        .get(&format!("/api/v1/spm?year=2024&through=9&puskesmas={pkm}"))
        .await;
    assert_eq!(s, 200, "{spm}");
    assert_eq!(spm["services"].as_array().unwrap().len(), 12);
    assert_eq!(
        (
            spm["services"][0]["numerator"].as_f64(),
            spm["services"][0]["denominator"].as_f64()
        ),
        (Some(0.0), Some(180.0))
    );
    assert_eq!(kader.get("/api/v1/spm").await.0, 403);
    let (s, d) = dinkes.get("/api/v1/spm?year=2024").await;
    assert_eq!((s, d["through"].as_u64()), (200, Some(12)));

    // The lock: dinkes only; then the Puskesmas is refused and dinkes needs a reason.
    let lock = json!({"district": "15.03", "year": 2024, "locked": true});
    assert_eq!(api.send(Method::POST, "/api/v1/target-locks", &lock).await.0, 403);
    let (s, r) = dinkes.send(Method::POST, "/api/v1/target-locks", &lock).await;
    assert_eq!((s, r["changed"].as_bool()), (200, Some(true)));
    let t2 = json!({"year": 2024, "targets": [{"indicator_code": "K1", "target": 75}]});
    let (s, r) = api
        .send(Method::PUT, &format!("/api/v1/puskesmas/{pkm}/targets"), &t2)
        .await;
    assert_eq!(
        (s, fields(&r)),
        (422, vec![("year".to_string(), "year.locked".to_string())])
    );
    let (s, r) = dinkes
        .send(Method::PUT, &format!("/api/v1/puskesmas/{pkm}/targets"), &t2)
        .await;
    assert_eq!(
        (s, fields(&r)),
        (422, vec![("reason".to_string(), "year.locked_reason".to_string())])
    );
    let t3 = json!({"year": 2024, "reason": "SK revisi", "targets": [{"indicator_code": "K1", "target": 75}]});
    assert_eq!(
        dinkes
            .send(Method::PUT, &format!("/api/v1/puskesmas/{pkm}/targets"), &t3)
            .await
            .0,
        200
    );
    let (_, tg) = api.get(&format!("/api/v1/puskesmas/{pkm}/targets?year=2024")).await;
    assert_eq!(tg["locked"], true);
    let k1t = tg["targets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["indicator_code"] == "K1")
        .unwrap();
    assert_eq!(k1t["target"], 75.0);

    // The OpenAPI document describes the routes.
    let (_, doc) = Api::new(t, None).get("/api/v1/openapi.json").await;
    for p in [
        "/api/v1/pws",
        "/api/v1/puskesmas/{id}/achievements",
        "/api/v1/indicators",
        "/api/v1/target-locks",
    ] {
        assert!(doc["paths"][p].is_object(), "{p}");
    }
});

both_fixture!(imports_are_all_or_nothing_with_lines_named, async |t: &TestApp| {
    let pkm = t.fx().pkm;
    let a = t.actor("puskesmas").await;
    let bad = format!(
        "kode_indikator,kode_desa,bulan,pembilang\nK1,{BERNAI},2024-01,3\nK1,{LIMUN_DESA},2024-01,2\nK1,{BERNAI},2024-02,dua\n"
    );
    let e = app::coverage::import_achievements(&t.app, &a, pkm, bad.into_bytes())
        .await
        .unwrap_err();
    let app::AppError::Invalid(inv) = e else {
        panic!("{e:?}")
    };
    let got: Vec<(&str, &str)> = inv.0.iter().map(|f| (f.field.as_str(), f.code)).collect();
    assert_eq!(got, [("4.numerator", "number.format")], "cells are read first");
    let bad = format!(
        "kode_indikator,kode_desa,bulan,pembilang\nK1,{BERNAI},2024-01,3\nK1,{LIMUN_DESA},2024-01,2\nDS,{BERNAI},2024-02,1\n"
    );
    let e = app::coverage::import_achievements(&t.app, &a, pkm, bad.into_bytes())
        .await
        .unwrap_err();
    let app::AppError::Invalid(inv) = e else {
        panic!("{e:?}")
    };
    let got: Vec<(&str, &str)> = inv.0.iter().map(|f| (f.field.as_str(), f.code)).collect();
    assert_eq!(
        got,
        [
            ("3.desa_code", "coverage.desa_outside"),
            ("4.indicator_code", "achievement.derived")
        ]
    );
    let api = Api::new(t, Some(t.token("puskesmas").await));
    let (_, stored) = api
        .get(&format!("/api/v1/puskesmas/{pkm}/achievements?from=2024-01&to=2024-12"))
        .await;
    assert_eq!(stored, json!([]));
    let good = format!("indicator,desa,month,numerator\nK1,{BERNAI},2024-01,3\nK1,{DUSUN_SAROLANGUN},2024-01,2\n");
    assert_eq!(
        app::coverage::import_achievements(&t.app, &a, pkm, good.into_bytes())
            .await
            .unwrap(),
        2
    );
    let (_, stored) = api
        .get(&format!("/api/v1/puskesmas/{pkm}/achievements?from=2024-01&to=2024-12"))
        .await;
    assert_eq!(
        stored
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["source"].as_str().unwrap())
            .collect::<Vec<_>>(),
        ["imported", "imported"]
    );
    // Sasaran, wide; an unreadable file is named as a whole.
    let s = format!("desa,tahun,penduduk,bumil\n{BERNAI},2024,1500,31\n{DUSUN_SAROLANGUN},2024,2100,\n");
    assert_eq!(
        app::coverage::import_sasaran(&t.app, &a, pkm, s.into_bytes(), None)
            .await
            .unwrap(),
        3
    );
    let e = app::coverage::import_sasaran(&t.app, &a, pkm, b"PK\x03\x04garbage".to_vec(), None)
        .await
        .unwrap_err();
    let app::AppError::Invalid(inv) = e else {
        panic!("{e:?}")
    };
    assert_eq!((inv.0[0].field.as_str(), inv.0[0].code), ("file", "import.unreadable"));
    // Many uploads at once wait for a parser in turn; each gets its own answer.
    let mut set = tokio::task::JoinSet::new();
    for _ in 0..20 {
        let (app, a) = (t.app.clone(), a.clone());
        set.spawn(async move { app::coverage::import_sasaran(&app, &a, pkm, b"desa,tahun\n".to_vec(), None).await });
    }
    let mut refused = 0;
    while let Some(r) = set.join_next().await {
        assert!(matches!(r.unwrap(), Err(app::AppError::Invalid(_))));
        refused += 1;
    }
    assert_eq!(refused, 20);
    // Another Puskesmas's import is refused before its file is read.
    let kota = t.actor("puskesmas-kota").await;
    let e = app::coverage::import_sasaran(&t.app, &kota, pkm, b"garbage".to_vec(), None)
        .await
        .unwrap_err();
    assert!(matches!(e, app::AppError::Forbidden));
});
