//! The coverage read pages through HTTP on both databases, over the PWS worked out by hand in
//! `coverage.rs` (K1 at Puskesmas Sarolangun in 2024, September: Dusun Sarolangun 88/120 =
//! 73,3 % against a cumulative target of 60 % and falling — Kurang; Bernai 18/60 = 30,0 %,
//! below and unchanged — Jelek; the Puskesmas 106/180 = 58,9 %, Jelek): the page with its
//! statuses, chart (one bar per desa, best first) and table; the district view; who is
//! refused; the CSV exactly, the XLSX read back, the print; one desa's indicators; the
//! completeness of the reports; the catalogue in both languages; bad queries answered with a
//! message.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use calamine::{Data, Reader, Xlsx};
use chrono::NaiveDate;
use domain::coverage::{AchievementInput, AchievementSource, SasaranInput, SasaranKind, SasaranSource, TargetInput};
use lintas_testkit::fixture::{BERNAI, DUSUN_SAROLANGUN};
use lintas_testkit::html::{attr_at, element, has_id, plain, selected, text_at};
use lintas_testkit::http::{Client, Download as File};
use lintas_testkit::{TestApp, both_fixture};

const SEPT: &str = "indicator=K1&year=2024&month=9";

fn month(y: i32, m: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, 1).unwrap()
}

fn k1(desa: &str, m: u32, n: f64) -> AchievementInput {
    AchievementInput {
        indicator_code: "K1".into(),
        desa_code: desa.into(),
        month: month(2024, m),
        numerator: n,
        denominator: None,
    }
}

/// Sasaran bumil 120 and 60, target K1 80 %, 10 K1 a month in Dusun Sarolangun to August and
/// 8 in September, 2 a month in Bernai (as in `coverage.rs`); and 70 K4 visits in Bernai in
/// January, more than its 60 pregnant women.
async fn k1_year(t: &TestApp) {
    let app = &t.app;
    let pkm = t.actor("puskesmas").await;
    let id = t.fx().pkm;
    let sasaran = [(DUSUN_SAROLANGUN, 120.0), (BERNAI, 60.0)]
        .map(|(d, v)| SasaranInput {
            desa_code: d.into(),
            year: 2024,
            kind: SasaranKind::Bumil,
            value: v,
        })
        .to_vec();
    app::coverage::save_sasaran(app, &pkm, id, sasaran, SasaranSource::Entered, None)
        .await
        .unwrap();
    let target = vec![TargetInput {
        indicator_code: "K1".into(),
        target: 80.0,
    }];
    app::coverage::save_targets(app, &pkm, id, 2024, target, None)
        .await
        .unwrap();
    let mut rows = Vec::new();
    for m in 1..=9 {
        rows.push(k1(DUSUN_SAROLANGUN, m, if m == 9 { 8.0 } else { 10.0 }));
        rows.push(k1(BERNAI, m, 2.0));
    }
    rows.push(AchievementInput {
        indicator_code: "K4".into(),
        ..k1(BERNAI, 1, 70.0)
    });
    app::coverage::save_achievements(app, &pkm, id, rows, &[], AchievementSource::Entered)
        .await
        .unwrap();
}

async fn fetch(_t: &TestApp, c: &Client, path: &str) -> File {
    c.download(path).await
}

/// The text inside the element with `id`, up to `closing`, tags dropped.
fn inner(html: &str, id: &str, closing: &str) -> String {
    let e = element(html, &format!("id=\"{id}\""), closing);
    plain(e.split_once('>').map_or("", |x| x.1))
}

/// The region name of a desa, as the pages write it.
async fn desa_name(t: &TestApp, code: &str) -> String {
    let mut tx = t.app.store.read().await.unwrap();
    store::region::get(&mut tx, code).await.unwrap().unwrap().name
}

both_fixture!(the_pws_page_shows_the_worked_example, async |t: &TestApp| {
    k1_year(t).await;
    let c = t.signed_in("puskesmas").await;
    let p = c.get(&format!("/coverage/pws?{SEPT}")).await;
    assert_eq!(p.status, 200, "{}", p.body);
    let b = &p.body;
    assert!(
        text_at(b, "pws-place").contains("Puskesmas Sarolangun"),
        "{}",
        text_at(b, "pws-place")
    );
    assert_eq!(selected(b, "indicator"), "K1");
    // The statuses and numbers worked out by hand.
    let (dusun, bernai) = (DUSUN_SAROLANGUN, BERNAI);
    assert_eq!(text_at(b, &format!("cum-{dusun}")), "73,3%");
    assert_eq!(text_at(b, &format!("status-{dusun}")), "Kurang");
    assert_eq!(inner(b, &format!("trend-{dusun}"), "</td>"), "▼ turun");
    assert_eq!(text_at(b, &format!("month-{dusun}")), "8");
    assert_eq!(text_at(b, &format!("own-{dusun}")), "6,7%");
    assert_eq!(text_at(b, &format!("cum-{bernai}")), "30,0%");
    assert_eq!(text_at(b, &format!("status-{bernai}")), "Jelek");
    assert_eq!(text_at(b, "total-cum"), "58,9%");
    assert_eq!(text_at(b, "total-status"), "Jelek");
    assert_eq!(text_at(b, "total-sasaran"), "180");
    assert_eq!(text_at(b, "total-count"), "106");
    assert_eq!(text_at(b, "total-target"), "60,0%");
    // The status summary, Jelek emphasised.
    for (s, n) in [("baik", "0"), ("kurang", "1"), ("cukup", "0"), ("jelek", "1")] {
        assert_eq!(text_at(b, &format!("count-{s}-n")), n, "{s}");
    }
    assert!(attr_at(b, "count-jelek", "class").contains("st-card-jelek"));
    // The target is the Puskesmas's own, and the cumulative one for September.
    let target = inner(b, "target-source", "</dd>");
    assert!(
        target.contains("80,0%") && target.contains("SK target kinerja"),
        "{target}"
    );
    assert!(text_at(b, "target-at").contains("60,0%"), "{}", text_at(b, "target-at"));
    // The chart: one bar per desa, best first, coloured and labelled by status, the target
    // line, and its legend in words.
    let svg = element(b, "<svg", "</svg>");
    assert_eq!(svg.matches("<rect").count(), 2, "{svg}");
    let (i, j) = (
        svg.find(&format!("id=\"bar-{dusun}\"")).unwrap(),
        svg.find(&format!("id=\"bar-{bernai}\"")).unwrap(),
    );
    assert!(i < j, "sorted by cumulative coverage, best first");
    assert!(svg.contains("class=\"bar st-kurang\"") && svg.contains("class=\"bar st-jelek\""));
    assert!(svg.contains("73,3% · Kurang ▼"), "{svg}");
    assert_eq!(svg.matches("class=\"target\"").count(), 2);
    assert!(svg.contains("Target 60,0%"));
    assert!(inner(b, "pws-legend", "</figcaption>").contains("Jelek"));
    // Each desa links to its own page; over 100 % is not flagged for K1.
    assert_eq!(
        attr_at(b, &format!("link-{bernai}"), "href"),
        format!("/coverage/desa/{bernai}?year=2024&month=9")
    );
    assert!(!has_id(b, &format!("over-{bernai}")));
    // How an unchanged month counts, and that totals are summed counts.
    assert!(text_at(b, "rule-note").contains("dihitung"));
    assert!(plain(b).contains("turun bila belum"));
    assert!(text_at(b, "summed-note").contains("bukan rata-rata"));
    // The navigation and the links to the exports.
    assert!(has_id(b, "nav-coverage") && has_id(b, "nav-completeness") && has_id(b, "nav-indicators"));
    assert!(
        attr_at(b, "export-csv", "href").starts_with("/coverage/pws.csv?indicator=K1&year=2024&month=9&puskesmas=")
    );

    // K4 in Bernai: 70 of 60 pregnant women in January — flagged, with no target set.
    let p = c.get("/coverage/pws?indicator=K4&year=2024&month=1").await;
    assert_eq!(p.status, 200);
    assert!(text_at(&p.body, &format!("over-{bernai}")).contains("sasaran mungkin terlalu rendah"));
    assert_eq!(text_at(&p.body, &format!("cum-{bernai}")), "116,7%");
    assert!(text_at(&p.body, "target-source").contains("belum ditetapkan"));

    // Without a query: the Puskesmas's own, K1, the last month that has ended.
    let p = c.get("/coverage/pws").await;
    assert_eq!(p.status, 200, "{}", p.body);
    assert_eq!(selected(&p.body, "indicator"), "K1");
    assert!(text_at(&p.body, "pws-place").contains("Puskesmas Sarolangun"));

    // In English, numbers with a decimal point.
    let en = c.post_form("/", "/lang", &[("lang", "en"), ("next", "/")]).await;
    assert_eq!(en.status, 303);
    let p = c.get(&format!("/coverage/pws?{SEPT}")).await;
    assert_eq!(text_at(&p.body, &format!("cum-{dusun}")), "73.3%");
    assert_eq!(text_at(&p.body, "total-status"), "Jelek (poor)");
});

both_fixture!(the_district_view_and_who_is_refused, async |t: &TestApp| {
    k1_year(t).await;
    let fx = t.fx().clone();
    let dinkes = t.signed_in("dinkes").await;
    // Dinkes opens at the district: one line per Puskesmas, each linking to its desa.
    let p = dinkes.get(&format!("/coverage/pws?{SEPT}")).await;
    assert_eq!(p.status, 200, "{}", p.body);
    let b = &p.body;
    assert_eq!(text_at(b, &format!("cum-{}", fx.pkm)), "58,9%");
    assert_eq!(text_at(b, &format!("status-{}", fx.pkm)), "Jelek");
    assert_eq!(
        attr_at(b, &format!("link-{}", fx.pkm), "href"),
        format!("/coverage/pws?indicator=K1&year=2024&month=9&puskesmas={}", fx.pkm)
    );
    for other in [fx.pkm_kota, fx.pkm_batang_asai, fx.pkm_limun] {
        assert_eq!(text_at(b, &format!("cum-{other}")), "—", "{other}");
    }
    assert_eq!(selected(b, "puskesmas"), "all");
    assert_eq!(
        text_at(b, "total-cum"),
        "58,9%",
        "the district summed from the desa counts"
    );
    assert!(attr_at(b, "export-csv", "href").ends_with("&puskesmas=all"));
    // Then one Puskesmas, by desa.
    let p = dinkes.get(&format!("/coverage/pws?{SEPT}&puskesmas={}", fx.pkm)).await;
    assert_eq!(p.status, 200);
    assert_eq!(text_at(&p.body, &format!("status-{DUSUN_SAROLANGUN}")), "Kurang");
    assert_eq!(selected(&p.body, "puskesmas"), fx.pkm.to_string());
    // A viewer of the district reads it too.
    let bupati = t.signed_in("bupati").await;
    assert_eq!(bupati.get(&format!("/coverage/pws?{SEPT}")).await.status, 200);
    assert_eq!(
        bupati
            .get(&format!("/coverage/desa/{BERNAI}?year=2024&month=9"))
            .await
            .status,
        200
    );

    // The other Puskesmas of the kecamatan may not read Puskesmas Sarolangun's figures.
    let kota = t.signed_in("puskesmas-kota").await;
    let pkm_q = format!("/coverage/pws?{SEPT}&puskesmas={}", fx.pkm);
    assert_eq!(kota.get(&pkm_q).await.status, 403);
    assert_eq!(kota.get(&format!("/coverage/desa/{BERNAI}")).await.status, 403);
    assert_eq!(fetch(t, &kota, &pkm_q.replace("/pws?", "/pws.csv?")).await.status, 403);
    assert_eq!(kota.get(&format!("/coverage/pws?{SEPT}")).await.status, 200, "its own");
    // Kader and partners follow their own work: no PWS, no completeness, no menu entry.
    for who in ["kader", "polsek"] {
        let c = t.signed_in(who).await;
        for path in [
            "/coverage/pws".to_string(),
            pkm_q.clone(),
            format!("/coverage/pws/print?{SEPT}"),
            format!("/coverage/pws.xlsx?{SEPT}"),
            format!("/coverage/desa/{DUSUN_SAROLANGUN}"),
            "/coverage/completeness".to_string(),
        ] {
            assert_eq!(c.get(&path).await.status, 403, "{who} {path}");
        }
        let home = c.get("/").await;
        assert!(!has_id(&home.body, "nav-coverage"), "{who}");
    }
    // Not a desa of any wilayah kerja, not a Puskesmas.
    assert_eq!(dinkes.get("/coverage/desa/15.03").await.status, 404);
    assert_eq!(
        dinkes
            .get(&format!("/coverage/pws?{SEPT}&puskesmas={}", fx.dinkes))
            .await
            .status,
        404
    );
});

both_fixture!(exports_and_print, async |t: &TestApp| {
    k1_year(t).await;
    let fx = t.fx().clone();
    let c = t.signed_in("puskesmas").await;
    let q = format!("{SEPT}&puskesmas={}", fx.pkm);
    let dusun = desa_name(t, DUSUN_SAROLANGUN).await;
    let bernai = desa_name(t, BERNAI).await;
    let f = fetch(t, &c, &format!("/coverage/pws.csv?{q}")).await;
    assert_eq!(f.status, 200);
    assert!(f.content_type.starts_with("text/csv"));
    assert_eq!(
        f.disposition,
        format!("attachment; filename=\"pws-k1-pkm-{}-2024-09.csv\"", fx.pkm)
    );
    let want = format!(
        "\u{feff}Kode,Desa,Sasaran,Capaian bulan ini,Penyebut bulan ini,Capaian kumulatif,Cakupan bulan ini,\
         Cakupan kumulatif,Target,Tren,Status,Catatan\n\
         {DUSUN_SAROLANGUN},{dusun},120,8,,88,6.7,73.3,60.0,turun,Kurang,\n\
         {BERNAI},{bernai},60,2,,18,3.3,30.0,60.0,tetap,Jelek,\n\
         ,Total Puskesmas Sarolangun,180,10,,106,5.6,58.9,60.0,turun,Jelek,\n"
    );
    assert_eq!(String::from_utf8(f.bytes).unwrap(), want);

    // The district's CSV: a line per Puskesmas.
    let d = t.signed_in("dinkes").await;
    let f = fetch(t, &d, &format!("/coverage/pws.csv?{SEPT}&puskesmas=all")).await;
    let csv = String::from_utf8(f.bytes).unwrap();
    assert!(csv.starts_with("\u{feff}Kode,Puskesmas,"), "{csv}");
    assert!(
        csv.contains(&format!(
            "\n{},Puskesmas Sarolangun,180,10,,106,5.6,58.9,60.0,turun,Jelek,\n",
            fx.pkm
        )),
        "{csv}"
    );

    // The workbook: title, header on the fourth row, numbers as numbers, notes below.
    let f = fetch(t, &c, &format!("/coverage/pws.xlsx?{q}")).await;
    assert_eq!(f.status, 200);
    assert!(f.content_type.contains("spreadsheetml"));
    let mut wb: Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(f.bytes)).unwrap();
    let rows: Vec<Vec<Data>> = wb
        .worksheet_range_at(0)
        .unwrap()
        .unwrap()
        .rows()
        .map(|r| r.to_vec())
        .collect();
    assert!(rows[0][0].to_string().contains("K1"), "{:?}", rows[0]);
    assert_eq!(rows[3][1], Data::String("Desa".into()));
    assert_eq!(rows[4][0], Data::String(DUSUN_SAROLANGUN.into()));
    assert_eq!(rows[4][2], Data::Float(120.0));
    assert!(
        matches!(rows[4][7], Data::Float(v) if (v - 73.333).abs() < 0.01),
        "{:?}",
        rows[4]
    );
    assert_eq!(rows[4][10], Data::String("Kurang".into()));
    assert_eq!(rows[6][1], Data::String("Total Puskesmas Sarolangun".into()));
    assert!(rows.iter().any(|r| r[0].to_string().contains("bukan rata-rata")));

    // The print: A4, the chart and the table.
    let p = c.get(&format!("/coverage/pws/print?{q}")).await;
    assert_eq!(p.status, 200);
    assert!(p.body.contains("/static/print.css") && has_id(&p.body, "pws-chart") && has_id(&p.body, "pws-print-table"));
    assert!(p.body.contains("73,3%") && p.body.contains("58,9%"));
});

both_fixture!(one_desa_shows_every_indicator, async |t: &TestApp| {
    k1_year(t).await;
    let c = t.signed_in("puskesmas").await;
    let p = c
        .get(&format!("/coverage/desa/{DUSUN_SAROLANGUN}?year=2024&month=9"))
        .await;
    assert_eq!(p.status, 200, "{}", p.body);
    let b = &p.body;
    assert_eq!(text_at(b, "status-K1"), "Kurang");
    assert_eq!(text_at(b, "fig-K1"), "73,3%");
    // Every indicator in force, derived ones marked; K4 has no report in this desa.
    for code in ["K4", "DS", "STUNT", "SPM-01"] {
        assert!(has_id(b, &format!("ind-{code}")), "{code}");
    }
    assert!(inner(b, "ind-DS", "</tr>").contains("dihitung otomatis dari data gizi"));
    assert_eq!(text_at(b, "status-K4"), "Belum ada status");
    assert_eq!(text_at(b, "count-kurang-n"), "1");
    // A bad year is answered with the form and a message.
    let p = c.get(&format!("/coverage/desa/{DUSUN_SAROLANGUN}?year=abc")).await;
    assert_eq!(p.status, 422);
    assert_eq!(text_at(&p.body, "error-year"), "Tahun: Harus berupa angka.");
});

both_fixture!(completeness_of_the_reports, async |t: &TestApp| {
    k1_year(t).await;
    let fx = t.fx().clone();
    // Puskesmas Batang Asai reported March 2024 on 3 April (on time), April on 9 May (late).
    {
        let mut tx = t.app.store.write().await.unwrap();
        let at = |s: &str| {
            chrono::DateTime::parse_from_rfc3339(s)
                .unwrap()
                .with_timezone(&chrono::Utc)
        };
        store::coverage::put_report(&mut tx, fx.pkm_batang_asai, month(2024, 3), at("2024-04-03T03:00:00Z"))
            .await
            .unwrap();
        store::coverage::put_report(&mut tx, fx.pkm_batang_asai, month(2024, 4), at("2024-05-09T03:00:00Z"))
            .await
            .unwrap();
        tx.commit().await.unwrap();
    }
    let c = t.signed_in("dinkes").await;
    let p = c.get("/coverage/completeness?year=2024").await;
    assert_eq!(p.status, 200, "{}", p.body);
    let b = &p.body;
    assert!(text_at(b, "deadline-rule").contains("tanggal 5 bulan berikutnya"));
    let ba = fx.pkm_batang_asai;
    assert!(attr_at(b, &format!("cm-{ba}-3"), "class").contains("cm-ok"));
    assert!(attr_at(b, &format!("cm-{ba}-3"), "title").contains("tepat waktu, dilaporkan 03/04/2024"));
    assert!(attr_at(b, &format!("cm-{ba}-4"), "class").contains("cm-late"));
    assert!(inner(b, &format!("cm-{ba}-4"), "</td>").contains("terlambat 09/05/2024"));
    assert!(
        attr_at(b, &format!("cm-{ba}-5"), "class").contains("cm-missing"),
        "2024 is all due"
    );
    // Puskesmas Sarolangun entered January to September today: late, October on missing.
    let pkm = fx.pkm;
    assert!(attr_at(b, &format!("cm-{pkm}-1"), "class").contains("cm-late"));
    assert!(attr_at(b, &format!("cm-{pkm}-10"), "class").contains("cm-missing"));
    assert!(text_at(b, &format!("reported-{pkm}")).starts_with("9/12"));
    // A Puskesmas sees its own line only.
    let own = t
        .signed_in("puskesmas")
        .await
        .get("/coverage/completeness?year=2024")
        .await;
    assert_eq!(own.status, 200);
    assert!(has_id(&own.body, &format!("pkm-{pkm}")) && !has_id(&own.body, &format!("pkm-{ba}")));
    // A year that is not one.
    let p = c.get("/coverage/completeness?year=20x4").await;
    assert_eq!(p.status, 422);
    assert_eq!(text_at(&p.body, "error-year"), "Tahun: Harus berupa angka.");
    // A year not begun: nothing due.
    let p = c.get("/coverage/completeness?year=2100").await;
    assert_eq!(p.status, 200);
    assert!(attr_at(&p.body, &format!("cm-{pkm}-1"), "class").contains("cm-open"));
});

both_fixture!(the_catalogue_in_both_languages, async |t: &TestApp| {
    let c = t.signed_in("kader").await;
    let p = c.get("/coverage/indicators").await;
    assert_eq!(p.status, 200, "{}", p.body);
    let b = &p.body;
    let k1 = inner(b, "ind-K1", "</tr>");
    assert!(
        k1.contains("Kunjungan pertama ibu hamil (K1)") && k1.contains("Ibu hamil"),
        "{k1}"
    );
    assert!(k1.contains("kia-2021: 01/01/2021"), "{k1}");
    assert_eq!(text_at(b, "derived-DS"), "dihitung otomatis dari data gizi");
    let spm = inner(b, "ind-SPM-01", "</tr>");
    assert!(
        spm.contains("SPM 1") && spm.contains("100,0%") && spm.contains("Permenkes 4/2019"),
        "{spm}"
    );
    assert!(has_id(b, "program-gizi"));
    // A kader reads the catalogue, not the PWS.
    assert!(!has_id(b, "pws-K1") && !has_id(b, "nav-pws") && !has_id(b, "nav-coverage"));
    let en = c.post_form("/", "/lang", &[("lang", "en"), ("next", "/")]).await;
    assert_eq!(en.status, 303);
    let p = c.get("/coverage/indicators").await;
    let k1 = inner(&p.body, "ind-K1", "</tr>");
    assert!(k1.contains("First antenatal visit (K1)"), "{k1}");
    assert_eq!(
        text_at(&p.body, "derived-DS"),
        "computed automatically from the nutrition data"
    );
    assert!(plain(&p.body).contains("Indicator catalogue"));
});

both_fixture!(bad_queries_get_a_message, async |t: &TestApp| {
    let c = t.signed_in("puskesmas").await;
    for (q, field, message) in [
        ("year=abc", "error-year", "Tahun: Harus berupa angka."),
        ("year=1999", "error-year", "Tahun: Tahun harus antara 2000 dan 2100."),
        (
            "indicator=NOPE&year=2024&month=9",
            "error-indicator",
            "Indikator: Indikator tidak dikenal.",
        ),
        ("month=13", "error-month", "Bulan: Bulan harus 1 sampai 12."),
        ("puskesmas=semua", "error-puskesmas", "Puskesmas: Harus berupa angka."),
    ] {
        let p = c.get(&format!("/coverage/pws?{q}")).await;
        assert_eq!(p.status, 422, "{q}");
        assert_eq!(text_at(&p.body, field), message, "{q}");
        assert!(has_id(&p.body, "pws-filter") && !has_id(&p.body, "pws-chart"), "{q}");
    }
    // The exports answer the same way, with the message on a page.
    for path in [
        "/coverage/pws.csv?indicator=NOPE",
        "/coverage/pws.xlsx?year=abc",
        "/coverage/pws/print?month=0",
    ] {
        let p = c.get(path).await;
        assert_eq!(p.status, 422, "{path}");
        assert!(p.body.contains("<h1>"), "{path}");
    }
});
