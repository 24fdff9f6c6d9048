//! Child growth through HTTP on both databases: registration with bad input and duplicates,
//! a kader's measurement and its result, grams and metres named, scope of the kader and of
//! the roles that see aggregates only, the district's stunting figures moving at once, the
//! report's comparison, CSV and print, and the follow-up list with its assignment to the
//! Polsek — the child's name only in the action's private note, every by-name list audited.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::{Datelike, NaiveDate};
use lintas_testkit::html::{number_at, option_value};
use lintas_testkit::http::{Client, Page};
use lintas_testkit::org_id;
use lintas_testkit::{TestApp, both_fixture};

/// What a report of the place opens on, from the months with children measured in the
/// last three years: (month, compared with).
async fn default_months(t: &TestApp, scope: store::nutrition::Scope) -> Option<(NaiveDate, Option<NaiveDate>)> {
    let mut tx = t.app.store.read().await.unwrap();
    let months: Vec<NaiveDate> =
        store::nutrition::monthly(&mut tx, &scope, today() - chrono::Duration::days(3 * 366), today())
            .await
            .unwrap()
            .into_iter()
            .filter(|(_, t)| t.measured > 0)
            .map(|(m, _)| m)
            .collect();
    domain::nutrition::default_months(&months)
}

fn today() -> NaiveDate {
    domain::action::local_today("15.03", chrono::Utc::now())
}

fn days_ago(n: i64) -> String {
    (today() - chrono::Duration::days(n)).to_string()
}

/// The 10th of the month `back` months before this one (always in the past or today).
fn month_day(back: u32) -> String {
    let first = domain::nutrition::month_of(today());
    let d = first.checked_sub_months(chrono::Months::new(back)).unwrap() + chrono::Duration::days(9);
    d.min(today()).to_string()
}

async fn children_count(t: &TestApp) -> usize {
    let mut tx = t.app.store.read().await.unwrap();
    store::nutrition::children(
        &mut tx,
        &domain::access::Area::All,
        &store::nutrition::ChildFilter {
            limit: 5000,
            ..Default::default()
        },
    )
    .await
    .unwrap()
    .len()
}

async fn measurement_count(t: &TestApp, child: i64) -> usize {
    let mut tx = t.app.store.read().await.unwrap();
    store::nutrition::measurements(&mut tx, child).await.unwrap().len()
}

async fn audit_summaries(t: &TestApp, entity: &str) -> Vec<(String, String)> {
    let mut tx = t.app.store.read().await.unwrap();
    store::audit::list(
        &mut tx,
        &store::audit::AuditFilter {
            entity: Some(entity.into()),
            limit: 1000,
            ..Default::default()
        },
    )
    .await
    .unwrap()
    .0
    .into_iter()
    .map(|e| (e.username.unwrap_or_default(), e.summary))
    .collect()
}

fn id_in(location: &str) -> i64 {
    location
        .trim_start_matches("/children/")
        .split(['/', '#', '?'])
        .next()
        .unwrap()
        .parse()
        .unwrap()
}

/// Registers a child at `posyandu` with the given fields over the defaults.
async fn register(c: &Client, posyandu: i64, extra: &[(&str, &str)]) -> Page {
    let p = posyandu.to_string();
    let mut fields: Vec<(&str, &str)> = vec![("posyandu_id", &p), ("rt", "3"), ("rw", "1")];
    for (k, v) in extra {
        fields.retain(|(x, _)| x != k);
        fields.push((k, v));
    }
    c.post_form("/children/new", "/children", &fields).await
}

async fn new_child(c: &Client, posyandu: i64, name: &str, sex: &str, born: &str, mother: &str) -> i64 {
    let p = register(
        c,
        posyandu,
        &[
            ("name", name),
            ("sex", sex),
            ("birth_date", born),
            ("mother_name", mother),
            ("address", "Jl. Lintas Sumatera"),
        ],
    )
    .await;
    assert_eq!(p.status, 303, "{}", p.body);
    id_in(&p.location.unwrap())
}

async fn measure(c: &Client, child: i64, fields: &[(&str, &str)]) -> Page {
    c.post_form(
        &format!("/children/{child}/measure"),
        &format!("/children/{child}/measurements"),
        fields,
    )
    .await
}

both_fixture!(registration_checks_input_and_finds_duplicates, async |t: &TestApp| {
    let kader = t.signed_in("kader").await;
    let posyandu = org_id(t, "POSY-1503031001").await;
    let page = kader.get("/children/new").await;
    assert_eq!(page.status, 200);
    assert!(
        page.body.contains(&format!("<option value=\"{posyandu}\" selected")),
        "the kader's Posyandu is chosen"
    );
    let before = children_count(t).await;

    // Bad input: a 15-digit NIK, born more than five years ago — named, kept, nothing stored.
    let p = register(
        &kader,
        posyandu,
        &[
            ("name", "Nadia Lintasari"),
            ("sex", "P"),
            ("birth_date", &days_ago(5 * 366 + 30)),
            ("nik", "150303120523000"),
        ],
    )
    .await;
    assert_eq!(p.status, 422, "{}", p.body);
    assert!(p.body.contains("NIK harus 16 digit"), "{}", p.body);
    assert!(p.body.contains("lebih dari 59 bulan"), "{}", p.body);
    assert!(p.body.contains("value=\"Nadia Lintasari\""), "typed name kept");
    assert_eq!(children_count(t).await, before, "nothing stored");

    // A future birth date, an unknown sex.
    let p = register(
        &kader,
        posyandu,
        &[("name", "Nadia Lintasari"), ("sex", "X"), ("birth_date", &days_ago(-3))],
    )
    .await;
    assert_eq!(p.status, 422);
    assert!(p.body.contains("Pilih L (laki-laki) atau P (perempuan)"), "{}", p.body);
    assert_eq!(children_count(t).await, before);

    // Registered.
    let born = days_ago(400);
    let p = register(
        &kader,
        posyandu,
        &[
            ("name", "Nadia Lintasari"),
            ("sex", "P"),
            ("birth_date", &born),
            ("nik", "1503035105250007"),
            ("mother_name", "Siti Aminah Lintas"),
            ("birth_weight", "3100"),
            ("has_kia", "on"),
        ],
    )
    .await;
    assert_eq!(p.status, 303, "{}", p.body);
    let first = id_in(&p.location.clone().unwrap());
    let page = kader.get(&p.location.unwrap()).await;
    assert!(page.body.contains("Balita berhasil didaftarkan"));
    assert!(page.body.contains("Nadia Lintasari") && page.body.contains("RT 003"));
    assert!(
        page.body.contains("3,1 kg"),
        "the birth weight (typed in grams) with a decimal comma"
    );
    assert!(
        page.body.contains("1503••••••••0007"),
        "a kader sees the NIK masked: {}",
        page.body
    );
    let dinkes = t.signed_in("dinkes").await;
    assert!(
        dinkes
            .get(&format!("/children/{first}"))
            .await
            .body
            .contains("1503035105250007")
    );

    // Same name, birth date and mother: candidates shown, nothing stored.
    let dup = [
        ("name", "nadia  LINTASARI"),
        ("sex", "P"),
        ("birth_date", born.as_str()),
        ("mother_name", "Siti Aminah Lintas"),
    ];
    let p = register(&kader, posyandu, &dup).await;
    assert_eq!(p.status, 409, "{}", p.body);
    assert!(p.body.contains("Mungkin sudah terdaftar"));
    assert!(
        p.body.contains(&format!("href=\"/children/{first}\"")),
        "the same child"
    );
    assert!(p.body.contains("name=\"confirm_new\""), "register anyway is offered");
    assert_eq!(children_count(t).await, before + 1);

    // The same NIK cannot be registered again, even when confirmed.
    let p = register(
        &kader,
        posyandu,
        &[
            ("name", "Nadia L."),
            ("sex", "P"),
            ("birth_date", &born),
            ("nik", "1503035105250007"),
            ("confirm_new", "1"),
        ],
    )
    .await;
    assert_eq!(p.status, 409);
    assert!(p.body.contains("NIK sama") && !p.body.contains("name=\"confirm_new\""));

    // Registered anyway, then merged into the first record.
    let mut confirmed = dup.to_vec();
    confirmed.push(("confirm_new", "1"));
    let p = register(&kader, posyandu, &confirmed).await;
    assert_eq!(p.status, 303, "{}", p.body);
    let second = id_in(&p.location.unwrap());
    assert_eq!(children_count(t).await, before + 2);
    let p = measure(&kader, second, &[("weight", "8,9"), ("height", "74")]).await;
    assert_eq!(p.status, 303, "{}", p.body);
    let p = kader
        .post_form(
            &format!("/children/{second}"),
            &format!("/children/{second}/merge"),
            &[("into", &second.to_string())],
        )
        .await;
    assert_eq!(p.status, 422);
    assert!(p.body.contains("tidak dapat digabung dengan dirinya sendiri"));
    let p = kader
        .post_form(
            &format!("/children/{second}"),
            &format!("/children/{second}/merge"),
            &[("into", &first.to_string())],
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    assert_eq!(p.location.as_deref(), Some(format!("/children/{first}").as_str()));
    assert_eq!(children_count(t).await, before + 1, "the duplicate is closed");
    assert_eq!(measurement_count(t, first).await, 1, "its measurement moved");
    assert!(
        kader
            .get(&format!("/children/{second}"))
            .await
            .body
            .contains("sudah digabung ke")
    );

    // Edit: the masked NIK must be typed again (never erased silently).
    let p = kader.get(&format!("/children/{first}/edit")).await;
    assert_eq!(p.status, 200);
    assert!(p.body.contains("tersamar"));
    let p = kader
        .post_form(
            &format!("/children/{first}/edit"),
            &format!("/children/{first}/edit"),
            &[
                ("name", "Nadia Lintasari"),
                ("sex", "P"),
                ("birth_date", &born),
                ("nik", "1503035105250007"),
                ("mother_name", "Siti Aminah Lintas"),
                ("posyandu_id", &posyandu.to_string()),
                ("rt", "4"),
            ],
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    assert!(kader.get(&format!("/children/{first}")).await.body.contains("RT 004"));
});

both_fixture!(kader_measures_and_the_district_figures_move, async |t: &TestApp| {
    let kader = t.signed_in("kader").await;
    let dinkes = t.signed_in("dinkes").await;
    let posyandu = org_id(t, "POSY-1503031001").await;
    let month = today().format("%Y-%m").to_string();
    let district = format!("/nutrition?region=15.03&month={month}");
    let page = dinkes.get(&district).await;
    assert_eq!(page.status, 200, "{}", page.body);
    let stunted_before = number_at(&page.body, "stunted-count");
    let measured_before = number_at(&page.body, "measured-count");

    // A boy of 23 months, 79 cm: pendek.
    let child = new_child(
        &kader,
        posyandu,
        "Bima Lintas Prakoso",
        "L",
        &days_ago(700),
        "Rahmawati Lintas",
    )
    .await;
    let form = kader.get(&format!("/children/{child}/measure")).await;
    assert_eq!(form.status, 200);
    assert!(form.body.contains("inputmode=\"decimal\"") && form.body.contains(&today().to_string()));

    // Grams for kilograms and metres for centimetres are named; the input is kept.
    let p = measure(&kader, child, &[("weight", "9800"), ("height", "0,79")]).await;
    assert_eq!(p.status, 422, "{}", p.body);
    assert!(p.body.contains("Sepertinya dalam gram"), "{}", p.body);
    assert!(p.body.contains("Sepertinya dalam meter"), "{}", p.body);
    assert!(p.body.contains("value=\"9800\"") && p.body.contains("value=\"0,79\""));
    assert_eq!(measurement_count(t, child).await, 0, "nothing stored");
    let p = measure(&kader, child, &[("measured_on", &days_ago(-1)), ("weight", "9,8")]).await;
    assert_eq!(p.status, 422);
    assert!(p.body.contains("measured_on-error"));

    let p = measure(
        &kader,
        child,
        &[
            ("measured_on", &today().to_string()),
            ("weight", "9,8"),
            ("height", "79"),
            ("position", ""),
            ("muac", "13,5"),
        ],
    )
    .await;
    assert_eq!(p.status, 303, "{}", p.body);
    let location = p.location.unwrap();
    assert!(location.contains("?saved="), "{location}");
    let page = kader.get(&location).await;
    assert!(page.body.contains("Pengukuran tersimpan"));
    assert!(page.body.contains("id=\"result\""));
    assert!(
        page.body.contains("TB/U") && page.body.contains("z −"),
        "z-scores shown"
    );
    assert!(page.body.contains("<b>pendek</b>"), "{}", page.body);
    assert!(page.body.contains("id=\"stunted-note\""));
    assert!(page.body.contains("79,0 cm (PB)"), "lying under two years");
    assert!(page.body.contains("Penimbangan pertama"), "B: first weighing");

    // Live: the district's figures of the month count the child at once.
    let page = dinkes.get(&district).await;
    assert_eq!(number_at(&page.body, "stunted-count"), stunted_before + 1);
    assert_eq!(number_at(&page.body, "measured-count"), measured_before + 1);
    assert!(
        page.body.contains("/nutrition?region=15.03.03"),
        "kecamatan lines link on"
    );
    // The default month for the district is the last bulan penimbangan with data (this one
    // when it is February or August), else the latest month with data.
    let opens_on = default_months(t, store::nutrition::Scope::Region("15.03".into()))
        .await
        .map(|d| d.0)
        .unwrap();
    let page = dinkes.get("/nutrition").await;
    assert!(page.body.contains(&format!("value=\"{}\"", opens_on.format("%Y-%m"))));
    if opens_on.format("%Y-%m").to_string() == month {
        assert_eq!(number_at(&page.body, "stunted-count"), stunted_before + 1);
    }

    // Next month is not reached yet; last month's weight makes this month's N/T.
    let other = new_child(
        &kader,
        posyandu,
        "Citra Lintas Ayu",
        "P",
        &days_ago(500),
        "Wulan Lintas",
    )
    .await;
    assert_eq!(
        measure(&kader, other, &[("measured_on", &month_day(1)), ("weight", "9,0")])
            .await
            .status,
        303
    );
    let p = measure(&kader, other, &[("weight", "9,1"), ("height", "60")]).await;
    assert_eq!(p.status, 303);
    let page = kader.get(&p.location.unwrap()).await;
    assert!(page.body.contains("Tidak naik +100 g (KBM 200 g)"), "{}", page.body);
    // 60 cm at 16 months is not plausible: re-check.
    assert!(page.body.contains("id=\"recheck\"") && page.body.contains("Periksa ulang"));

    // The kader's own Posyandu report by default.
    let page = kader.get("/nutrition").await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Posyandu Dusun Sarolangun"));
});

both_fixture!(scope_of_names_and_of_aggregates, async |t: &TestApp| {
    let kader = t.signed_in("kader").await;
    let dinkes = t.signed_in("dinkes").await;
    // A Posyandu of another Puskesmas (Batang Asai, kecamatan 15.03.01).
    let (elsewhere, _) = t.add_posyandu("Posyandu Tambak Ratu").await;
    let other = new_child(
        &dinkes,
        elsewhere,
        "Dewi Lintas Jauh",
        "P",
        &days_ago(300),
        "Ratna Lintas",
    )
    .await;
    assert_eq!(measure(&dinkes, other, &[("weight", "7,9")]).await.status, 303);

    // The kader neither reads nor writes a child of another Posyandu.
    assert_eq!(kader.get(&format!("/children/{other}")).await.status, 404);
    assert_eq!(kader.get(&format!("/children/{other}/measure")).await.status, 404);
    assert_eq!(kader.get(&format!("/children/{other}/edit")).await.status, 404);
    let csrf = kader.get("/children").await.csrf();
    let p = kader
        .post_raw(&format!("/children/{other}/measurements"), &csrf, &[("weight", "8")])
        .await;
    assert_eq!(p.status, 404);
    let p = kader
        .post_raw(&format!("/children/{other}/merge"), &csrf, &[("into", "1")])
        .await;
    assert_eq!(p.status, 404);
    assert_eq!(measurement_count(t, other).await, 1);
    let p = register(
        &kader,
        elsewhere,
        &[("name", "Eka Lintas"), ("sex", "L"), ("birth_date", &days_ago(200))],
    )
    .await;
    assert_eq!(p.status, 403, "registering at another Posyandu");
    let list = kader.get("/children?q=lintas+jauh").await;
    assert_eq!(list.status, 200);
    assert!(!list.body.contains("Dewi Lintas Jauh"));
    assert!(
        dinkes
            .get("/children?q=lintas+jauh")
            .await
            .body
            .contains("Dewi Lintas Jauh")
    );

    // Partners and viewers see the aggregates, never the names.
    for user in ["polsek", "bupati"] {
        let c = t.signed_in(user).await;
        assert_eq!(c.get("/children").await.status, 403, "{user}");
        assert_eq!(c.get("/children?q=dewi").await.status, 403, "{user}");
        assert_eq!(c.get("/followup").await.status, 403, "{user}");
        assert_eq!(c.get("/children/new").await.status, 403, "{user}");
        assert_eq!(c.get(&format!("/children/{other}")).await.status, 404, "{user}");
        let page = c.get("/nutrition").await;
        assert_eq!(page.status, 200, "{user}");
        assert!(page.body.contains("stunted-count"));
        assert!(!page.body.contains("href=\"/children\""), "no link to names");
        let page = c.get("/nutrition?region=15.03").await;
        assert_eq!(page.status, 200, "{user}");
        assert!(
            page.body.contains("Sarolangun") && page.body.contains("stunted-count"),
            "{user}"
        );
    }
    for user in ["admin", "puskesmas", "kader"] {
        let c = t.signed_in(user).await;
        assert_eq!(c.get("/nutrition").await.status, 200, "{user}");
    }
    // A bad place or month is named.
    let p = dinkes.get("/nutrition?region=99.99").await;
    assert_eq!(p.status, 422);
    let p = dinkes.get("/nutrition?region=15.03&month=Agustus").await;
    assert_eq!(p.status, 422);
});

both_fixture!(report_compares_months_and_exports, async |t: &TestApp| {
    let kader = t.signed_in("kader").await;
    let dinkes = t.signed_in("dinkes").await;
    let posyandu = org_id(t, "POSY-1503031001").await;
    // The last February and August both past and before the fixture's weighings (35 and 3
    // days ago), so the kader's Posyandu has only this child in those months.
    let fixture_weighed = today() - chrono::Duration::days(35);
    let Some(end_of_august) = NaiveDate::from_ymd_opt(today().year(), 8, 31) else {
        panic!("31 August {}", today().year())
    };
    let year = if fixture_weighed > end_of_august {
        today().year()
    } else {
        today().year() - 1
    };
    let feb = format!("{year}-02-12");
    let aug = format!("{year}-08-14");
    // Born about two years before February; stunted in February, not measured in length in
    // August (weight only): the comparison shows the change.
    let born = NaiveDate::from_ymd_opt(year - 2, 1, 20).unwrap().to_string();
    let child = new_child(&kader, posyandu, "Fajar Lintas Banding", "L", &born, "Yanti Lintas").await;
    assert_eq!(
        measure(
            &kader,
            child,
            &[("measured_on", &feb), ("weight", "10,2"), ("height", "80")]
        )
        .await
        .status,
        303
    );
    assert_eq!(
        measure(
            &kader,
            child,
            &[("measured_on", &aug), ("weight", "11,4"), ("height", "86")]
        )
        .await
        .status,
        303
    );
    let base = format!("/nutrition?posyandu={posyandu}&month={year}-08");
    let page = dinkes.get(&base).await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(
        page.body.contains("id=\"compare-stunted\""),
        "August compares with February"
    );
    assert!(page.body.contains(&format!("Februari {year}")));
    assert_eq!(number_at(&page.body, "stunted-count"), 0);
    assert!(page.body.contains("id=\"compare-stunted\">−1<"), "{}", page.body);
    let page = dinkes.get(&format!("{base}&compare=none")).await;
    assert!(!page.body.contains("id=\"compare-stunted\""));
    // The monthly trend marks both bulan penimbangan, with their counts and denominators.
    let page = dinkes.get(&base).await;
    let row = |key: &str| {
        let at = page
            .body
            .find(&format!("id=\"trend-{key}\""))
            .unwrap_or_else(|| panic!("trend-{key}"));
        page.body[at..].split("</tr>").next().unwrap().to_string()
    };
    let feb_row = row(&format!("{year}-02"));
    assert!(
        feb_row.contains("Bulan penimbangan") && feb_row.contains("100,0% ▲"),
        "{feb_row}"
    );
    let aug_row = row(&format!("{year}-08"));
    assert!(
        aug_row.contains("Bulan penimbangan") && aug_row.contains("bulan yang ditampilkan"),
        "{aug_row}"
    );
    assert!(page.body.contains("id=\"trend\"") && page.body.contains("class=\"bar over"));
    assert!(page.body.contains("Diukur TB/PB"), "the height denominator is a column");
    // Opened without a month: the last bulan penimbangan with data, compared with the one
    // before it.
    let (opens_on, compared) = default_months(t, store::nutrition::Scope::Posyandu(vec![posyandu]))
        .await
        .unwrap();
    let page = dinkes.get(&format!("/nutrition?posyandu={posyandu}")).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains(&format!(
        "name=\"month\" id=\"month\" value=\"{}\"",
        opens_on.format("%Y-%m")
    )));
    let fixture_months = [
        today() - chrono::Duration::days(35),
        today() - chrono::Duration::days(3),
    ];
    if !fixture_months.iter().any(|d| domain::nutrition::is_weighing_month(*d)) {
        assert_eq!(opens_on.format("%Y-%m").to_string(), format!("{year}-08"));
        assert_eq!(
            compared.map(|c| c.format("%Y-%m").to_string()),
            Some(format!("{year}-02"))
        );
        assert!(page.body.contains("id=\"compare-stunted\">−1<"), "{}", page.body);
        assert!(page.body.contains("id=\"opened-on\""));
    }
    assert!(
        page.body.contains(&format!("id=\"trend-{year}-02\""))
            && page.body.contains(&format!("id=\"trend-{year}-08\""))
    );
    let page = dinkes
        .get(&format!("/nutrition?posyandu={posyandu}&month={year}-02"))
        .await;
    assert_eq!(number_at(&page.body, "stunted-count"), 1);
    assert_eq!(number_at(&page.body, "skdn-d"), 1);

    // The district's breakdown as CSV and print.
    let csv = dinkes
        .http
        .get(t.url(&format!("/nutrition.csv?region=15.03&month={year}-02")))
        .send()
        .await
        .unwrap();
    assert_eq!(csv.status(), 200);
    assert!(
        csv.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .contains("status-gizi-1503")
    );
    let body = csv.text().await.unwrap();
    assert!(body.starts_with('\u{feff}'));
    assert!(body.contains("kode,nama,bulan,S,K,D,N,T,O,B,BGM"));
    let line = body.lines().find(|l| l.starts_with("15.03.03,")).unwrap();
    assert!(line.contains(&format!("{year}-02")), "{line}");
    assert!(body.lines().last().unwrap().contains("Jumlah"));
    // The same file for an English reader: headers and the total in English, same figures.
    let p = dinkes.post_form("/", "/lang", &[("lang", "en"), ("next", "/")]).await;
    assert_eq!(p.status, 303);
    let en = dinkes
        .http
        .get(t.url(&format!("/nutrition.csv?region=15.03&month={year}-02")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(en.contains("code,name,month,S,K,D,N,T,O,B,BGM,measured"), "{en}");
    assert!(en.lines().last().unwrap().starts_with("15.03,Total "), "{en}");
    assert_eq!(
        en.lines()
            .find(|l| l.starts_with("15.03.03,"))
            .map(|l| l.split(',').skip(2).collect::<Vec<_>>()),
        Some(line.split(',').skip(2).collect::<Vec<_>>())
    );
    let p = dinkes.post_form("/", "/lang", &[("lang", "id"), ("next", "/")]).await;
    assert_eq!(p.status, 303);
    let print = dinkes
        .get(&format!("/nutrition/print?region=15.03&month={year}-02"))
        .await;
    assert_eq!(print.status, 200);
    assert!(print.body.contains("LAPORAN STATUS GIZI BALITA"));
    assert!(print.body.contains("Tren bulanan") && print.body.contains("Diukur TB/PB"));
    assert!(print.body.contains("print.css"));
    // Kecamatan → desa → Posyandu links.
    let page = dinkes.get(&format!("/nutrition?region=15.03.03&month={year}-02")).await;
    assert!(page.body.contains("/nutrition?region=15.03.03.1001"), "desa lines");
    let page = dinkes
        .get(&format!("/nutrition?region=15.03.03.1001&month={year}-02"))
        .await;
    assert!(
        page.body.contains(&format!("/nutrition?posyandu={posyandu}")),
        "Posyandu lines"
    );
});

/// What the assignment form offers in the demo and the fixture lacks: a Bhabinkamtibmas of
/// Dusun Sarolangun at the Polsek, and the district's health Rakor hosted by the Dinkes.
async fn followup_owner_and_meeting(t: &TestApp) {
    let dinkes = t.actor("dinkes").await;
    lintas_testkit::fixture::person(
        &t.app,
        &dinkes,
        "Bripka Hendra Lintas",
        t.fx().polsek,
        "bhabinkamtibmas",
        "Bhabinkamtibmas Dusun Sarolangun",
    )
    .await;
    let rakor = domain::meeting::MeetingInput {
        title: "Rapat Koordinasi Bidang Kesehatan Kabupaten Sarolangun 2023".into(),
        kind: domain::meeting::ForumKind::RakorKesehatan,
        forum_id: None,
        host_org_id: t.fx().dinkes,
        level: domain::meeting::MeetingLevel::District,
        held_on: NaiveDate::from_ymd_opt(2023, 10, 19).unwrap_or_else(|| panic!("19 October 2023")),
        start_time: Some("08:30".into()),
        place: Some("Aula Kantor Bupati Sarolangun".into()),
        chair: None,
        first_of_year: false,
    };
    app::meeting::create(&t.app, &dinkes, &rakor, &[])
        .await
        .unwrap_or_else(|e| panic!("Rakor: {e:?}"));
}

both_fixture!(follow_up_list_and_assignment_to_the_polsek, async |t: &TestApp| {
    followup_owner_and_meeting(t).await;
    let kader = t.signed_in("kader").await;
    let dinkes = t.signed_in("dinkes").await;
    let posyandu = org_id(t, "POSY-1503031001").await;
    let polsek = org_id(t, "POLSEK-SRL-03").await;

    // Stunted; weight not gained two months running; below the red line.
    let stunted = new_child(
        &kader,
        posyandu,
        "Gilang Lintas Pendek",
        "L",
        &days_ago(700),
        "Nur Lintas",
    )
    .await;
    assert_eq!(
        measure(&kader, stunted, &[("weight", "10,1"), ("height", "79")])
            .await
            .status,
        303
    );
    let twice = new_child(&kader, posyandu, "Hana Lintas Tetap", "P", &days_ago(760), "Ani Lintas").await;
    for (d, w) in [
        (month_day(2), "11,0"),
        (month_day(1), "11,1"),
        (today().to_string(), "11,15"),
    ] {
        assert_eq!(
            measure(&kader, twice, &[("measured_on", &d), ("weight", w)])
                .await
                .status,
            303
        );
    }
    let bgm = new_child(
        &kader,
        posyandu,
        "Indra Lintas Kurus",
        "L",
        &days_ago(730),
        "Sari Lintas",
    )
    .await;
    assert_eq!(measure(&kader, bgm, &[("weight", "7,6")]).await.status, 303);

    let reads_before = audit_summaries(t, "child_list").await.len();
    let list = kader.get("/followup").await;
    assert_eq!(list.status, 200);
    for name in ["Gilang Lintas Pendek", "Hana Lintas Tetap", "Indra Lintas Kurus"] {
        assert!(list.body.contains(name), "{name}");
    }
    assert!(list.body.contains("RT 003"), "by address");
    let t2 = kader.get("/followup?kind=t2").await;
    assert!(t2.body.contains("Hana Lintas Tetap") && !t2.body.contains("Gilang Lintas Pendek"));
    let b = kader.get(&format!("/followup?kind=bgm&posyandu={posyandu}")).await;
    assert!(b.body.contains("Indra Lintas Kurus") && !b.body.contains("Hana Lintas Tetap"));
    let s = dinkes.get("/followup?kind=stunted").await;
    assert!(s.body.contains("Gilang Lintas Pendek") && !s.body.contains("Indra Lintas Kurus"));
    let reads = audit_summaries(t, "child_list").await;
    assert_eq!(reads.len(), reads_before + 4, "every by-name list is audited");
    assert!(
        reads
            .iter()
            .any(|(u, s)| u == "dinkes" && s.contains("follow-up list") && s.contains("stunted"))
    );
    assert!(
        reads.iter().all(|(_, s)| !s.contains("Gilang")),
        "no names in the audit summary"
    );
    // Nor the name a search typed.
    assert!(
        kader
            .get("/children?q=Gilang")
            .await
            .body
            .contains("Gilang Lintas Pendek")
    );
    let reads = audit_summaries(t, "child_list").await;
    assert!(reads.iter().any(|(_, s)| s.contains("name search")), "{reads:?}");
    assert!(reads.iter().all(|(_, s)| !s.contains("Gilang")), "{reads:?}");

    // The dinkes assigns the follow-up to the Bhabinkamtibmas of the child's desa.
    let page = dinkes.get(&format!("/children/{stunted}")).await;
    assert!(page.body.contains("id=\"assign-form\""));
    assert!(page.body.contains("Belum ada tindak lanjut"));
    let owner = option_value(&page.body, "Bhabinkamtibmas Dusun Sarolangun");
    assert!(owner.starts_with(&format!("{polsek}:")), "{owner}");
    let meeting = option_value(&page.body, "Rapat Koordinasi Bidang Kesehatan");
    // The child's name in the activity is refused.
    let p = dinkes
        .post_form(
            &format!("/children/{stunted}"),
            &format!("/children/{stunted}/followup"),
            &[
                ("owner", &owner),
                ("meeting_id", &meeting),
                ("reason", "stunted"),
                ("what", "Kunjungan rumah Gilang Lintas Pendek"),
                ("due_on", &days_ago(-30)),
            ],
        )
        .await;
    assert_eq!(p.status, 422, "{}", p.body);
    assert!(p.body.contains("Jangan tulis nama anak"));
    let p = dinkes
        .post_form(
            &format!("/children/{stunted}"),
            &format!("/children/{stunted}/followup"),
            &[
                ("owner", &owner),
                ("meeting_id", &meeting),
                ("reason", "stunted"),
                ("what", ""),
                ("due_on", &days_ago(-30)),
                ("note", "Ibu bekerja di kebun sampai sore"),
            ],
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    let action_id = {
        let mut tx = t.app.store.read().await.unwrap();
        *store::followup::actions_of_child(&mut tx, stunted)
            .await
            .unwrap()
            .last()
            .unwrap()
    };
    let a = {
        let mut tx = t.app.store.read().await.unwrap();
        store::action::get(&mut tx, action_id).await.unwrap().unwrap()
    };
    assert_eq!(a.owner_org_id, polsek);
    assert!(
        a.what
            .starts_with("Pendampingan balita stunting — Desa Dusun Sarolangun RT 003"),
        "{}",
        a.what
    );
    assert!(!a.what.contains("Gilang"));
    assert!(!a.target.clone().unwrap_or_default().contains("Gilang"));
    let note = a.private_note.clone().unwrap();
    assert!(note.contains("Gilang Lintas Pendek") && note.contains("RT 003") && note.contains("Nur Lintas"));
    assert!(note.contains("Ibu bekerja di kebun"));
    assert!(
        a.responsible
            .clone()
            .unwrap()
            .contains("Bhabinkamtibmas Dusun Sarolangun")
    );
    let page = dinkes.get(&format!("/children/{stunted}")).await;
    assert!(
        page.body.contains(&format!("/actions/{action_id}")),
        "open follow-up on the child's page"
    );
    let followups = audit_summaries(t, "child_followup").await;
    assert!(!followups.is_empty(), "the follow-up is audited");
    assert!(followups.iter().all(|(_, s)| !s.contains("Gilang")), "{followups:?}");

    // The owner sees it in its commitments with the name in the private note; the list marks it.
    let police = t.signed_in("polsek").await;
    assert!(
        police
            .get("/commitments")
            .await
            .body
            .contains("Pendampingan balita stunting")
    );
    let page = police.get(&format!("/actions/{action_id}")).await;
    assert_eq!(page.status, 200);
    assert!(
        page.body.contains("Gilang Lintas Pendek"),
        "the owner reads the private note"
    );
    let viewer = t.signed_in("bupati").await;
    let page = viewer.get(&format!("/actions/{action_id}")).await;
    assert_eq!(page.status, 200, "the meeting is the district's");
    assert!(!page.body.contains("Gilang"), "others never see the name");
    let list = dinkes.get("/followup?kind=stunted").await;
    assert!(list.body.contains("1 terbuka"));
});

/// The children of a follow-up page, in order.
fn followup_rows(body: &str) -> Vec<String> {
    body.split("<tr id=\"fu-")
        .skip(1)
        .map(|s| s.split('"').next().unwrap_or_default().to_string())
        .collect()
}

fn followup_total(body: &str) -> usize {
    body.split("id=\"followup-count\">")
        .nth(1)
        .and_then(|s| s.split('<').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no count on the page"))
}

both_fixture!(
    the_followup_list_is_paged_and_judged_again_from_scratch,
    async |t: &TestApp| {
        let kader = t.signed_in("kader").await;
        let posyandu = org_id(t, "POSY-1503031001").await;
        let before = followup_total(&kader.get("/followup").await.body);
        // 52 children below the red line.
        for i in 0..52 {
            let c = new_child(
                &kader,
                posyandu,
                &format!("Anak Lintas Kurus {i:02}"),
                "L",
                &days_ago(720 + i),
                &format!("Ibu Lintas {i:02}"),
            )
            .await;
            assert_eq!(measure(&kader, c, &[("weight", "7,6")]).await.status, 303, "{i}");
        }
        let total = before + 52;
        let first = kader.get("/followup").await;
        assert_eq!(first.status, 200);
        assert_eq!(followup_total(&first.body), total, "the count is the whole list's");
        assert_eq!(followup_rows(&first.body).len(), 50, "50 a page");
        assert!(first.body.contains("?page=2"), "a link to the next page");
        let pages = total.div_ceil(50);
        let mut seen: Vec<String> = Vec::new();
        for p in 1..=pages {
            let page = kader.get(&format!("/followup?page={p}")).await;
            assert_eq!(followup_total(&page.body), total);
            seen.extend(followup_rows(&page.body));
        }
        let mut distinct = seen.clone();
        distinct.sort();
        distinct.dedup();
        assert_eq!((seen.len(), distinct.len()), (total, total), "every child once");
        // The filters stay on the pager's links.
        let bgm = kader.get("/followup?kind=bgm").await;
        if followup_total(&bgm.body) > 50 {
            let links = bgm.body.replace("&#38;", "&").replace("&amp;", "&");
            assert!(links.contains("?kind=bgm&page=2"), "the filter on the next page's link");
        }
        // Ugly pages: past the end is empty, not an error; a word is the first page.
        let past = kader.get("/followup?page=999").await;
        assert_eq!((past.status, followup_rows(&past.body).len()), (200, 0));
        let huge = kader.get(&format!("/followup?page={}", i64::MAX)).await;
        assert_eq!((huge.status, followup_rows(&huge.body).len()), (200, 0), "no overflow");
        let word = kader.get("/followup?page=abc").await;
        assert_eq!(followup_rows(&word.body), followup_rows(&first.body));

        // Judged again from scratch, as at the first start after the migration that added the
        // stored states: the same list.
        let ids: Vec<i64> = distinct.iter().filter_map(|s| s.parse().ok()).collect();
        {
            let mut tx = t.app.store.write().await.unwrap();
            store::followup::replace_states(&mut tx, &ids, &[]).await.unwrap();
            store::setting::set(&mut tx, "child_states", "stale").await.unwrap();
            tx.commit().await.unwrap();
        }
        assert_eq!(followup_total(&kader.get("/followup").await.body), total - ids.len());
        app::followup::ensure_states(&t.app.store).await.unwrap();
        assert_eq!(followup_total(&kader.get("/followup").await.body), total);
        let mut tx = t.app.store.read().await.unwrap();
        assert_eq!(
            store::setting::get(&mut tx, "child_states").await.unwrap(),
            None,
            "done once"
        );
    }
);
