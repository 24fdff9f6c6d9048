//! The district scorecard (issue 16) on SQLite and PostgreSQL over the demo district: its
//! figures equal the nutrition report's for the same month and place, the XLSX holds the
//! same values, the print view renders; who sees what (district, own desa, nothing); ugly
//! queries answer 422 with a clear message.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use calamine::{Data, Reader, Xlsx};
use lintas_testkit::html::{attr_at, has_id, number_at, text_at};
use lintas_testkit::{TestApp, both_http};

fn num_attr(html: &str, id: &str, attr: &str) -> i64 {
    attr_at(html, id, attr)
        .parse()
        .unwrap_or_else(|_| panic!("#{id} {attr} is not a number"))
}

both_http!(the_scorecard_agrees_with_the_nutrition_report, async |t: &TestApp| {
    let c = t.signed_in("dinkes").await;
    let p = c.get("/scorecard").await;
    assert_eq!(p.status, 200, "{}", p.body);
    let sc = p.body;
    assert!(has_id(&sc, "scorecard-table") && has_id(&sc, "opened-on"));
    // It opens on the month the nutrition report opens on.
    let report = c.get("/nutrition").await.body;
    assert_eq!(text_at(&sc, "scorecard-month"), text_at(&report, "report-month"));
    let month = attr_at(&report, "month", "value");
    assert_eq!(attr_at(&sc, "month", "value"), month);

    // The district total: stunting numerator and denominator are the report's.
    assert_eq!(
        num_attr(&sc, "cell-total-stunting", "data-num"),
        number_at(&report, "stunted-count")
    );
    assert_eq!(
        text_at(&sc, "cell-total-stunting-value"),
        text_at(&report, "stunted-pct")
    );
    assert_eq!(
        num_attr(&sc, "cell-total-wasting", "data-num"),
        number_at(&report, "wasted-count")
    );
    assert_eq!(
        num_attr(&sc, "cell-total-underweight", "data-num"),
        number_at(&report, "underweight-count")
    );
    assert_eq!(num_attr(&sc, "cell-total-ds", "data-num"), number_at(&report, "skdn-d"));
    assert_eq!(num_attr(&sc, "cell-total-ds", "data-den"), number_at(&report, "skdn-s"));

    // A Puskesmas's row is its wilayah kerja's report.
    let pkm = t.org_id("PKM-SRL-03").await;
    let row_cell = format!("cell-{pkm}-stunting");
    let pr = c.get(&format!("/nutrition?puskesmas={pkm}&month={month}")).await.body;
    assert_eq!(num_attr(&sc, &row_cell, "data-num"), number_at(&pr, "stunted-count"));
    assert!(
        number_at(&pr, "stunted-count") > 0,
        "the small demo measures Puskesmas Sarolangun"
    );
    // Every cell carries its status in words or symbols, not colour alone.
    assert!(sc.contains("class=\"sc-word\""));

    // By desa of that Puskesmas: the desa rows add up to the Puskesmas.
    let d = c
        .get(&format!(
            "/scorecard?by=desa&puskesmas={pkm}&month={month}&period=semester"
        ))
        .await;
    assert_eq!(d.status, 200, "{}", d.body);
    assert_eq!(
        num_attr(&d.body, "cell-total-stunting", "data-num"),
        number_at(&pr, "stunted-count")
    );
    // By kecamatan: the district total again.
    let k = c.get(&format!("/scorecard?by=kecamatan&month={month}")).await;
    assert_eq!(k.status, 200);
    assert_eq!(
        num_attr(&k.body, "cell-total-stunting", "data-num"),
        number_at(&report, "stunted-count")
    );
    // Another month and period.
    for q in ["?month=2023-08&period=year", "?period=month", "?period=quarter"] {
        assert_eq!(c.get(&format!("/scorecard{q}")).await.status, 200, "{q}");
    }

    // The XLSX: the same figures (the total row is the last).
    let x = c.download(&format!("/scorecard.xlsx?month={month}")).await;
    assert_eq!(x.status, 200);
    assert!(x.content_type.contains("spreadsheetml"), "{}", x.content_type);
    let mut wb: Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(x.bytes.clone())).unwrap();
    let range = wb.worksheet_range_at(0).unwrap().unwrap();
    let rows: Vec<Vec<Data>> = range.rows().map(|r| r.to_vec()).collect();
    let header = rows
        .iter()
        .position(|r| r.iter().any(|c| matches!(c, Data::String(s) if s == "Stunting")))
        .expect("a header row");
    let col = rows[header]
        .iter()
        .position(|c| matches!(c, Data::String(s) if s == "Stunting"))
        .unwrap();
    let district = text_at(&report, "report-title");
    let total = rows
        .iter()
        .find(|r| matches!(r.get(1), Some(Data::String(s)) if *s == district))
        .unwrap_or_else(|| panic!("no row {district}"));
    let stunted = number_at(&report, "stunted-count") as f64;
    let measured = attr_at(&sc, "cell-total-stunting", "data-den").parse::<f64>().unwrap();
    match &total[col] {
        Data::Float(v) => assert!((v - stunted * 100.0 / measured).abs() < 1e-9, "{v}"),
        other => panic!("stunting cell {other:?}"),
    }

    // The print view.
    let pr = c.get(&format!("/scorecard/print?month={month}")).await;
    assert_eq!(pr.status, 200);
    assert!(has_id(&pr.body, "scorecard-table") && pr.body.contains("print.css"));
});

both_http!(the_scorecard_is_scoped_and_refuses_ugly_queries, async |t: &TestApp| {
    let own = t.org_id("PKM-SRL-03").await;
    let other = t.org_id("PKM-SRL-01").await;
    // Kader and partners: none.
    for who in ["kader", "polsek"] {
        let c = t.signed_in(who).await;
        for path in ["/scorecard", "/scorecard.xlsx", "/scorecard/print"] {
            assert_eq!(c.get(path).await.status, 403, "{who} {path}");
        }
    }
    // The viewer and the admin see the district.
    for who in ["bupati", "admin"] {
        let c = t.signed_in(who).await;
        let p = c.get("/scorecard").await;
        assert_eq!(p.status, 200, "{who}");
        assert!(has_id(&p.body, &format!("row-{own}")), "{who}");
    }
    // A Puskesmas: its own desa only.
    let c = t.signed_in("puskesmas").await;
    let p = c.get("/scorecard").await;
    assert_eq!(p.status, 200);
    assert!(!has_id(&p.body, &format!("row-{own}")), "rows are desa");
    assert!(!has_id(&p.body, "by"), "no district picker");
    assert_eq!(c.get(&format!("/scorecard?puskesmas={own}")).await.status, 200);
    assert_eq!(c.get(&format!("/scorecard?puskesmas={other}")).await.status, 403);
    assert_eq!(c.get("/scorecard?by=puskesmas").await.status, 403);
    assert_eq!(c.get(&format!("/scorecard.xlsx?puskesmas={other}")).await.status, 403);
    let d = t.signed_in("dinkes").await;
    // Ugly queries: 422 with the field named.
    for (q, field, text) in [
        ("?by=village", "by", "Pilihan tidak dikenal"),
        ("?month=Agustus", "month", ""),
        ("?period=weekly", "period", "Pilihan tidak dikenal"),
        ("?puskesmas=abc", "puskesmas", "Harus berupa angka"),
        ("?by=desa", "puskesmas", "Pilih Puskesmas"),
    ] {
        let p = d.get(&format!("/scorecard{q}")).await;
        assert_eq!(p.status, 422, "{q}");
        assert!(has_id(&p.body, &format!("error-{field}")), "{q}: {}", p.body);
        assert!(p.body.contains(text), "{q}");
        assert!(!has_id(&p.body, "scorecard-table"), "{q}");
        assert_eq!(d.get(&format!("/scorecard.xlsx{q}")).await.status, 422, "{q}");
    }
    assert_eq!(d.get("/scorecard?by=desa&puskesmas=999999").await.status, 404);
});
