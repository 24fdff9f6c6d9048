//! The Posyandu registry through HTTP on both databases: the Posyandu page with its place,
//! services, kader roster, stratum and history; the stratum of a small fixture worked out by
//! hand; a past year's stratum kept when this year's services change; the profile form with
//! a bad opening day (in both languages, nothing stored); who may edit; the list with its
//! filters and CSV; the links from the organisation page and the nutrition report.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use app::nutrition::Registration;
use chrono::{Datelike, NaiveDate};
use domain::nutrition::{ChildInput, MeasurementInput, Sex2};
use domain::person::{PersonInput, PositionInput, PositionKind};
use domain::posyandu::{ProfileInput, Service};
use lintas_testkit::fixture::{self, BATANG_ASAI_DESA};
use lintas_testkit::html::{attr_at, text_at};
use lintas_testkit::http::{Client, Page};
use lintas_testkit::org_id;
use lintas_testkit::{TestApp, both_fixture};
use store::posyandu::YearRecord;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn this_year() -> i32 {
    app::Clock::System.today_in("15.03").year()
}

async fn years(t: &TestApp, id: i64) -> Vec<YearRecord> {
    let mut tx = t.app.store.read().await.unwrap();
    store::posyandu::years(&mut tx, id).await.unwrap()
}

fn year_of(rows: &[YearRecord], y: i32) -> YearRecord {
    rows.iter()
        .find(|r| r.year == i64::from(y))
        .cloned()
        .unwrap_or_else(|| panic!("no record of {y}: {rows:?}"))
}

async fn profile(t: &TestApp, id: i64) -> Option<store::nutrition::Profile> {
    let mut tx = t.app.store.read().await.unwrap();
    store::nutrition::profile(&mut tx, id).await.unwrap()
}

async fn audit_rows(t: &TestApp, id: i64) -> Vec<(String, String)> {
    t.audit_of("posyandu", Some(id))
        .await
        .into_iter()
        .map(|e| (e.username.unwrap_or_default(), e.action))
        .collect()
}

async fn edit(c: &Client, id: i64, fields: &[(&str, &str)]) -> Page {
    c.post_form(&format!("/posyandu/{id}/edit"), &format!("/posyandu/{id}/edit"), fields)
        .await
}

/// A Posyandu outside Puskesmas Sarolangun's wilayah kerja (in kecamatan 15.03.01, under
/// Puskesmas Batang Asai).
async fn posyandu_elsewhere(t: &TestApp) -> i64 {
    t.add_posyandu("Posyandu Tambak Ratu").await.0
}

/// The profile of the kader's Posyandu as the dinkes saves it (the fixture has none): open on
/// the 14th, health and nutrition only. Recorded with an audit row by dinkes.
async fn with_profile(t: &TestApp, id: i64) {
    let dinkes = t.actor("dinkes").await;
    let input = ProfileInput {
        address: Some("Balai Kelurahan Dusun Sarolangun".into()),
        rt: None,
        rw: None,
        schedule_day: Some(14),
        services: vec![Service::KesehatanGizi],
        dana_sehat: None,
    };
    app::posyandu::update_profile(&t.app, &dinkes, id, &input)
        .await
        .unwrap_or_else(|e| panic!("profile of {id}: {e:?}"));
}

/// The kader's three kader, a child weighed there every month from November 2023 to
/// December 2024 (two weighing months in 2023, twelve in 2024), then the profile, whose save
/// records 2023, 2024 and the current year. Returns the kader's names.
async fn kader_weighings_and_profile(t: &TestApp, id: i64) -> Vec<String> {
    let dinkes = t.actor("dinkes").await;
    let names = ["Kader Uji Dahlia", "Kader Uji Kenanga", "Kader Uji Melati"];
    for name in names {
        fixture::person(&t.app, &dinkes, name, id, "kader", "Kader Posyandu").await;
    }
    let input = ChildInput {
        mother_name: Some("Ibu Dimas Timbang".into()),
        as_of: Some(d("2023-11-01")),
        ..ChildInput::new("Dimas Timbang Bulanan", Sex2::L, d("2022-11-20"), id)
    };
    let Ok(Registration::Created(child)) = app::nutrition::register_child(&t.app, &dinkes, &input, false).await else {
        panic!("child not registered")
    };
    let months = ["2023-11", "2023-12"]
        .map(String::from)
        .into_iter()
        .chain((1..=12).map(|m| format!("2024-{m:02}")));
    for (i, m) in months.enumerate() {
        let on = d(&format!("{m}-10"));
        let m = MeasurementInput {
            weight: Some(((9.0 + 0.2 * i as f64) * 10.0).round() / 10.0),
            ..MeasurementInput::on(on)
        };
        app::nutrition::record(&t.app, &dinkes, child, &m)
            .await
            .unwrap_or_else(|e| panic!("{on}: {e:?}"));
    }
    with_profile(t, id).await;
    names.map(String::from).to_vec()
}

/// `n` more Posyandu in kecamatan Batang Asai (under Puskesmas Batang Asai), so the
/// district's list runs over a page.
async fn more_posyandu(t: &TestApp, n: usize) {
    let dinkes = t.actor("dinkes").await;
    let pkm = t.fx().pkm_batang_asai;
    for i in 0..n {
        let desa = BATANG_ASAI_DESA[i % BATANG_ASAI_DESA.len()];
        let name = format!("Posyandu Uji Halaman {}", i + 1);
        app::org::create(
            &t.app,
            &dinkes,
            &lintas_testkit::org_input(&name, "", domain::org::OrgKind::Posyandu, Some(pkm), desa),
        )
        .await
        .unwrap_or_else(|e| panic!("{name}: {e:?}"));
    }
}

/// A new Posyandu in a desa of kecamatan 15.03.01 (Puskesmas PKM-SRL-01) with seven kader
/// terms and a staff member, two children, and weighings in 2023 and 2024:
///
/// | year | months weighed | D/S of those months                       | kader in the year |
/// |------|----------------|-------------------------------------------|-------------------|
/// | 2023 | Oct–Dec (3)    | 1/2 each → 50%                            | A, B, C, D, G = 5 |
/// | 2024 | Jan–Sep (9)    | Jan–Apr 2/2, May–Sep 1/2 → 650/9 = 72.2%  | A, B, C, D, E = 5 |
async fn fixture(t: &TestApp) -> (i64, i64, i64) {
    let dinkes = t.actor("dinkes").await;
    let (posyandu, _) = t.add_posyandu("Posyandu Uji Mawar").await;
    let mut tx = t.app.store.write().await.unwrap();
    let terms: [(&str, PositionKind, Option<&str>, Option<&str>); 8] = [
        ("Kader A", PositionKind::Kader, Some("2019-01-01"), None),
        ("Kader B", PositionKind::Kader, Some("2020-06-01"), None),
        ("Kader C", PositionKind::Kader, Some("2021-01-01"), Some("2024-03-31")),
        ("Kader D", PositionKind::Kader, None, None),
        ("Kader E", PositionKind::Kader, Some("2024-11-15"), None),
        ("Kader F", PositionKind::Kader, Some("2025-02-01"), None),
        ("Kader G", PositionKind::Kader, Some("2018-01-01"), Some("2023-12-31")),
        ("Staf H", PositionKind::Staff, Some("2019-01-01"), None),
    ];
    for (name, kind, from, to) in terms {
        let person = store::person::insert(
            &mut tx,
            &PersonInput {
                name: name.into(),
                phone: None,
                email: None,
                nik: None,
                nik_masked: false,
            },
        )
        .await
        .unwrap();
        store::person::insert_position(
            &mut tx,
            person,
            &PositionInput {
                org_id: posyandu,
                kind,
                title: None,
                started_on: from.map(d),
                ended_on: to.map(d),
            },
        )
        .await
        .unwrap();
    }
    tx.commit().await.unwrap();
    let mut kids = Vec::new();
    for (name, born) in [("Anisa Mawar", "2023-01-15"), ("Bagus Mawar", "2023-03-10")] {
        let r = app::nutrition::register_child(
            &t.app,
            &dinkes,
            &ChildInput {
                mother_name: Some(format!("Ibu {name}")),
                as_of: Some(d("2023-09-01")),
                ..ChildInput::new(name, Sex2::P, d(born), posyandu)
            },
            false,
        )
        .await
        .unwrap();
        let Registration::Created(id) = r else {
            panic!("{name}: {r:?}")
        };
        kids.push(id);
    }
    let (anisa, bagus) = (kids[0], kids[1]);
    let mut weighings: Vec<(i64, String, f64)> = Vec::new();
    for (i, m) in ["2023-10", "2023-11", "2023-12"].iter().enumerate() {
        weighings.push((anisa, format!("{m}-10"), 8.0 + 0.2 * i as f64));
    }
    for m in 1..=9 {
        weighings.push((anisa, format!("2024-{m:02}-10"), 8.6 + 0.2 * f64::from(m)));
    }
    for m in 1..=4 {
        weighings.push((bagus, format!("2024-{m:02}-12"), 8.0 + 0.2 * f64::from(m)));
    }
    for (child, on, kg) in weighings {
        app::nutrition::record(
            &t.app,
            &dinkes,
            child,
            &MeasurementInput {
                weight: Some((kg * 10.0).round() / 10.0),
                ..MeasurementInput::on(d(&on))
            },
        )
        .await
        .unwrap_or_else(|e| panic!("{on}: {e:?}"));
    }
    (posyandu, anisa, bagus)
}

both_fixture!(the_stratum_of_a_year_by_hand_and_its_history, async |t: &TestApp| {
    let (id, _, bagus) = fixture(t).await;
    let dinkes = t.signed_in("dinkes").await;

    // No profile yet: the page computes, nothing is recorded.
    let page = dinkes.get(&format!("/posyandu/{id}?year=2024")).await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains("id=\"no-profile\""));
    assert!(years(t, id).await.is_empty(), "nothing kept without a profile");
    assert_eq!(text_at(&page.body, "input-sessions"), "9");
    assert_eq!(text_at(&page.body, "input-kader"), "5");
    assert_eq!(text_at(&page.body, "input-coverage"), "72,2%");
    assert_eq!(
        attr_at(&page.body, "selected-stratum", "data-stratum"),
        "madya",
        "no services declared"
    );

    // The first profile: BKB/PAUD besides health and nutrition, dana sehat 40%.
    let p = edit(
        &dinkes,
        id,
        &[
            ("address", "Balai Dusun Mawar"),
            ("rt", "3"),
            ("rw", "1"),
            ("schedule_day", "12"),
            ("services", "kesehatan_gizi"),
            ("services", "pendidikan_bkb_paud"),
            ("dana_sehat", "40"),
        ],
    )
    .await;
    assert_eq!(p.status, 303, "{}", p.body);
    assert_eq!(p.location.as_deref(), Some(format!("/posyandu/{id}?saved=1").as_str()));
    let saved = profile(t, id).await.unwrap();
    assert_eq!(saved.services, "kesehatan_gizi,pendidikan_bkb_paud");
    assert_eq!((saved.schedule_day, saved.rt.as_deref()), (Some(12), Some("003")));

    // Recorded per year, as worked out by hand.
    let rows = years(t, id).await;
    let y2023 = year_of(&rows, 2023);
    assert_eq!((y2023.sessions, y2023.active_kader), (3, 5));
    assert!((y2023.coverage.unwrap() - 50.0).abs() < 1e-9);
    assert_eq!(y2023.stratum, "pratama", "three weighing months");
    let y2024 = year_of(&rows, 2024);
    assert_eq!((y2024.sessions, y2024.active_kader), (9, 5));
    assert!((y2024.coverage.unwrap() - 650.0 / 9.0).abs() < 1e-9, "{y2024:?}");
    assert_eq!(y2024.services, "kesehatan_gizi,pendidikan_bkb_paud");
    assert_eq!(y2024.dana_sehat, Some(40.0));
    assert_eq!(y2024.stratum, "purnama", "≥ 8, ≥ 5, ≥ 50%, BKB, dana sehat < 50%");
    let now = year_of(&rows, this_year());
    assert_eq!((now.sessions, now.stratum.as_str()), (0, "pratama"));

    let shown = dinkes.get(&format!("/posyandu/{id}?saved=1")).await;
    assert!(shown.body.contains("Profil Posyandu tersimpan."));
    assert!(!shown.body.contains("id=\"no-profile\""));

    // The page shows the rule's inputs for 2024.
    let page = dinkes.get(&format!("/posyandu/{id}?year=2024")).await;
    assert_eq!(page.status, 200);
    assert_eq!(attr_at(&page.body, "selected-stratum", "data-stratum"), "purnama");
    assert_eq!(text_at(&page.body, "input-sessions"), "9");
    assert_eq!(text_at(&page.body, "input-kader"), "5");
    assert_eq!(text_at(&page.body, "input-coverage"), "72,2%");
    assert_eq!(text_at(&page.body, "input-extra"), "Ya");
    assert_eq!(text_at(&page.body, "input-dana_sehat"), "40,0%");
    assert!(page.body.contains("id=\"crit-dana_sehat\" class=\"unmet\""));
    assert!(page.body.contains("id=\"year-2023\"") && page.body.contains("id=\"year-2024\""));
    assert!(page.body.contains(&format!("id=\"year-{}\"", this_year())));
    assert!(page.body.contains("Aturan strata:"), "the rule is shown");
    for k in ["Kader A", "Kader B", "Kader D", "Kader E", "Kader F"] {
        assert!(page.body.contains(k), "{k} on the roster");
    }
    assert!(page.body.contains("id=\"former-kader\""), "C and G left");
    assert!(page.body.contains("Setiap bulan, tanggal 12"));
    assert!(page.body.contains("Balai Dusun Mawar, RT 003 / RW 001"));

    // This year's services change: 2024 keeps its own, and so its stratum.
    let p = edit(
        &dinkes,
        id,
        &[
            ("address", "Balai Dusun Mawar"),
            ("schedule_day", "12"),
            ("services", "kesehatan_gizi"),
            ("dana_sehat", "60"),
        ],
    )
    .await;
    assert_eq!(p.status, 303, "{}", p.body);
    let rows = years(t, id).await;
    let after = year_of(&rows, 2024);
    assert_eq!(after.services, "kesehatan_gizi,pendidikan_bkb_paud");
    assert_eq!(after.dana_sehat, Some(40.0));
    assert_eq!(after.stratum, "purnama");
    assert_eq!(after.updated_at, y2024.updated_at, "2024 not rewritten");
    let now = year_of(&rows, this_year());
    assert_eq!((now.services.as_str(), now.dana_sehat), ("kesehatan_gizi", Some(60.0)));
    let page = dinkes.get(&format!("/posyandu/{id}?year=2024")).await;
    assert_eq!(attr_at(&page.body, "selected-stratum", "data-stratum"), "purnama");
    assert_eq!(text_at(&page.body, "input-extra"), "Ya");
    let page = dinkes.get(&format!("/posyandu/{id}")).await;
    assert_eq!(
        text_at(&page.body, "input-extra"),
        "Tidak",
        "the current year has none now"
    );
    assert_eq!(text_at(&page.body, "input-dana_sehat"), "60,0%");
    // The list judges 2024 the same way: with the services recorded for 2024.
    let list = dinkes.get("/posyandu?q=Uji+Mawar&year=2024").await;
    assert_eq!(text_at(&list.body, "posyandu-total"), "1");
    assert!(list.body.contains("class=\"tag stratum-purnama\""), "{}", list.body);
    assert!(list.body.contains("9 bln timbang · 5 kader · D/S 72,2%"));

    // A weighing of 2024 entered late counts in 2024 (its services still as recorded).
    let dinkes_actor = t.actor("dinkes").await;
    app::nutrition::record(
        &t.app,
        &dinkes_actor,
        bagus,
        &MeasurementInput {
            weight: Some(9.2),
            ..MeasurementInput::on(d("2024-10-12"))
        },
    )
    .await
    .unwrap();
    let page = dinkes.get(&format!("/posyandu/{id}?year=2024")).await;
    assert_eq!(text_at(&page.body, "input-sessions"), "10");
    assert_eq!(text_at(&page.body, "input-coverage"), "70,0%", "(650 + 50) / 10");
    // Viewing writes nothing: the record keeps 2024's declared services and the figures of
    // the last profile save.
    let late = year_of(&years(t, id).await, 2024);
    assert_eq!((late.sessions, late.stratum.as_str()), (9, "purnama"));
    assert_eq!(late.services, "kesehatan_gizi,pendidikan_bkb_paud");

    // Both saves audited, by dinkes.
    assert_eq!(
        audit_rows(t, id).await,
        vec![
            ("dinkes".to_string(), "update".to_string()),
            ("dinkes".to_string(), "create".to_string())
        ]
    );
});

both_fixture!(the_page_the_list_and_their_links, async |t: &TestApp| {
    let id = org_id(t, "POSY-1503031001").await;
    let pkm = org_id(t, "PKM-SRL-03").await;
    let roster = kader_weighings_and_profile(t, id).await;
    // Past a page of 50: the fixture's three and 48 more.
    more_posyandu(t, 48).await;
    let dinkes = t.signed_in("dinkes").await;

    let page = dinkes.get(&format!("/posyandu/{id}")).await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains("Posyandu Dusun Sarolangun"));
    assert!(
        page.body.contains(&format!("href=\"/organizations/{pkm}\"")),
        "its Puskesmas"
    );
    assert!(text_at(&page.body, "schedule-day").starts_with("Setiap bulan, tanggal"));
    assert!(page.body.contains("id=\"service-kesehatan_gizi\" class=\"offered\""));
    assert!(page.body.contains("id=\"edit-profile\""));
    // Its kader are on the roster.
    let mut kader: Vec<String> = {
        let mut tx = t.app.store.read().await.unwrap();
        store::person::positions_at(&mut tx, id)
            .await
            .unwrap()
            .into_iter()
            .filter(|s| s.kind == "kader" && s.ended_on.is_none())
            .map(|s| s.person_name)
            .collect()
    };
    kader.sort();
    assert_eq!(kader, roster);
    for k in &kader {
        assert!(page.body.contains(k.as_str()), "{k}");
    }
    // The two years weighed and the current one are kept (recorded when the profile was
    // saved), each with its stratum.
    for y in [2023, 2024, this_year()] {
        assert!(page.body.contains(&format!("id=\"year-{y}\"")), "{y}");
    }
    let rows = years(t, id).await;
    assert!(rows.iter().any(|r| r.year == 2023) && rows.iter().any(|r| r.year == 2024));
    assert_eq!(year_of(&rows, 2023).sessions, 2);
    assert_eq!(year_of(&rows, 2024).sessions, 12, "weighed every month");
    // A second view changes nothing.
    dinkes.get(&format!("/posyandu/{id}")).await;
    assert_eq!(years(t, id).await, rows);

    // Links: the organisation page and the nutrition report of its desa.
    let org = dinkes.get(&format!("/organizations/{id}")).await;
    assert!(org.body.contains(&format!("href=\"/posyandu/{id}\"")));
    let report = dinkes.get("/nutrition?region=15.03.03.1001&month=2024-08").await;
    assert_eq!(report.status, 200);
    assert!(
        report.body.contains(&format!("href=\"/posyandu/{id}\"")),
        "from its report line"
    );
    let single = dinkes.get(&format!("/nutrition?posyandu={id}&month=2024-08")).await;
    assert!(single.body.contains("id=\"posyandu-profile\""));

    // The list: the district, filtered by Puskesmas and by desa, paged, and as CSV.
    let list = dinkes.get("/posyandu").await;
    assert_eq!(list.status, 200);
    let total: i64 = text_at(&list.body, "posyandu-total").parse().unwrap();
    assert_eq!(total, 51, "the fixture's three and 48 more");
    assert!(list.body.contains("?page=2"), "paged");
    let by_pkm = dinkes.get(&format!("/posyandu?puskesmas={pkm}")).await;
    let n: i64 = text_at(&by_pkm.body, "posyandu-total").parse().unwrap();
    let wk = {
        let mut tx = t.app.store.read().await.unwrap();
        store::org::wilayah_kerja(&mut tx, pkm).await.unwrap().len() as i64
    };
    assert_eq!((n, wk), (2, 2), "Dusun Sarolangun and Bernai, one in each desa");
    assert!(by_pkm.body.contains(&format!("id=\"posyandu-{id}\"")));
    let by_desa = dinkes.get("/posyandu?desa=15.03.03.1001").await;
    assert_eq!(text_at(&by_desa.body, "posyandu-total"), "1");
    assert!(by_desa.body.contains(&format!("href=\"/posyandu/{id}\"")));
    let r = dinkes
        .http
        .get(format!("{}/posyandu.csv?desa=15.03.03.1001", dinkes.base))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert!(r.headers()["content-type"].to_str().unwrap().starts_with("text/csv"));
    let csv = r.text().await.unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 2, "{csv}");
    assert!(
        lines[0]
            .trim_start_matches('\u{feff}')
            .starts_with("id,kode,nama,kode_desa,desa")
    );
    assert!(lines[1].starts_with(&format!(
        "{id},POSY-1503031001,Posyandu Dusun Sarolangun,15.03.03.1001,"
    )));
    assert!(lines[1].contains(&format!(",{},", this_year())));
    let stratum_2024 = year_of(&years(t, id).await, 2024).stratum;
    let csv = dinkes
        .http
        .get(format!("{}/posyandu.csv?desa=15.03.03.1001&year=2024", dinkes.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(csv.contains(&format!(",2024,{stratum_2024},")), "{csv}");
    let list = dinkes.get("/posyandu?desa=15.03.03.1001&year=2024").await;
    assert!(list.body.contains(&format!("class=\"tag stratum-{stratum_2024}\"")));

    // A kader's list holds its own Posyandu only.
    let kader = t.signed_in("kader").await;
    let list = kader.get("/posyandu").await;
    assert_eq!(text_at(&list.body, "posyandu-total"), "1");
});

both_fixture!(the_profile_form_checks_input_and_writers, async |t: &TestApp| {
    let own = org_id(t, "POSY-1503031001").await;
    with_profile(t, own).await;
    let created = vec![("dinkes".to_string(), "create".to_string())];
    assert_eq!(audit_rows(t, own).await, created, "the profile set up above");
    let elsewhere = posyandu_elsewhere(t).await;
    let dinkes = t.signed_in("dinkes").await;
    let before = profile(t, own).await.unwrap();
    let years_before = {
        dinkes.get(&format!("/posyandu/{own}")).await;
        years(t, own).await
    };

    // A day 32: the form again with the message, nothing stored.
    let form = dinkes.get(&format!("/posyandu/{own}/edit")).await;
    assert_eq!(form.status, 200);
    assert!(form.body.contains("name=\"services\" value=\"kesehatan_gizi\" checked"));
    let bad = [
        ("address", "Balai Desa Baru"),
        ("schedule_day", "32"),
        ("services", "kesehatan_gizi"),
        ("services", "ketahanan_pangan"),
    ];
    let p = edit(&dinkes, own, &bad).await;
    assert_eq!(p.status, 422, "{}", p.body);
    assert!(p.body.contains("Hari buka harus tanggal 1 sampai 31."), "{}", p.body);
    assert!(p.body.contains("value=\"32\""), "typed value kept");
    assert!(p.body.contains("value=\"Balai Desa Baru\""));
    assert!(p.body.contains("name=\"services\" value=\"ketahanan_pangan\" checked"));
    let p = edit(&dinkes, own, &[("schedule_day", "dua belas")]).await;
    assert_eq!(p.status, 422);
    let after = profile(t, own).await.unwrap();
    assert_eq!(
        (after.address, after.schedule_day, after.services),
        (before.address.clone(), before.schedule_day, before.services.clone())
    );
    assert_eq!(years(t, own).await, years_before, "no yearly record written");
    assert_eq!(audit_rows(t, own).await, created, "no audit row");

    // In English.
    let en = dinkes.post_form("/", "/lang", &[("lang", "en"), ("next", "/")]).await;
    assert_eq!(en.status, 303);
    let p = edit(&dinkes, own, &bad).await;
    assert_eq!(p.status, 422);
    assert!(
        p.body
            .contains("The opening day must be a day of the month from 1 to 31."),
        "{}",
        p.body
    );

    // A forged token: refused, nothing stored.
    let p = dinkes
        .post_raw(
            &format!("/posyandu/{own}/edit"),
            "forged",
            &[("schedule_day", "5"), ("services", "kesehatan_gizi")],
        )
        .await;
    assert_eq!(p.status, 403);
    assert_eq!(profile(t, own).await.unwrap().schedule_day, before.schedule_day);

    // The Puskesmas whose wilayah kerja holds it may edit; it is audited.
    let puskesmas = t.signed_in("puskesmas").await;
    let p = edit(
        &puskesmas,
        own,
        &[("schedule_day", "7"), ("services", "kesehatan_gizi"), ("rt", "2")],
    )
    .await;
    assert_eq!(p.status, 303, "{}", p.body);
    assert_eq!(profile(t, own).await.unwrap().schedule_day, Some(7));
    assert_eq!(
        audit_rows(t, own).await,
        vec![("puskesmas".to_string(), "update".to_string()), created[0].clone()]
    );
    // … but not a Posyandu outside it: neither its page nor its form.
    assert_eq!(puskesmas.get(&format!("/posyandu/{elsewhere}")).await.status, 403);
    assert_eq!(puskesmas.get(&format!("/posyandu/{elsewhere}/edit")).await.status, 403);
    let csrf = puskesmas.get(&format!("/posyandu/{own}/edit")).await.csrf();
    let p = puskesmas
        .post_raw(&format!("/posyandu/{elsewhere}/edit"), &csrf, &[("schedule_day", "3")])
        .await;
    assert_eq!(p.status, 403);

    // A kader edits its own Posyandu (the access rule: kader write their Posyandu's records),
    // never another one.
    let kader = t.signed_in("kader").await;
    assert_eq!(kader.get(&format!("/posyandu/{own}/edit")).await.status, 200);
    assert_eq!(kader.get(&format!("/posyandu/{elsewhere}")).await.status, 403);
    assert_eq!(kader.get(&format!("/posyandu/{elsewhere}/edit")).await.status, 403);
    let csrf = kader.get(&format!("/posyandu/{own}")).await.csrf();
    let p = kader
        .post_raw(
            &format!("/posyandu/{elsewhere}/edit"),
            &csrf,
            &[("schedule_day", "3"), ("services", "kesehatan_gizi")],
        )
        .await;
    assert_eq!(p.status, 403);

    // A partner from elsewhere neither reads nor edits; a viewer reads without editing.
    let polsek = t.signed_in("polsek").await;
    assert_eq!(polsek.get(&format!("/posyandu/{own}")).await.status, 403);
    let csrf = polsek.get("/posyandu").await.csrf();
    let p = polsek
        .post_raw(
            &format!("/posyandu/{own}/edit"),
            &csrf,
            &[("schedule_day", "3"), ("services", "kesehatan_gizi")],
        )
        .await;
    assert_eq!(p.status, 403);
    let bupati = t.signed_in("bupati").await;
    let page = bupati.get(&format!("/posyandu/{own}")).await;
    assert_eq!(page.status, 200);
    assert!(!page.body.contains("id=\"edit-profile\""));
    assert_eq!(bupati.get(&format!("/posyandu/{own}/edit")).await.status, 403);
    assert_eq!(
        profile(t, own).await.unwrap().schedule_day,
        Some(7),
        "nothing else stored"
    );
    assert_eq!(audit_rows(t, own).await.len(), 2);

    // Not a Posyandu: 404.
    let pkm = org_id(t, "PKM-SRL-03").await;
    assert_eq!(dinkes.get(&format!("/posyandu/{pkm}")).await.status, 404);
});
