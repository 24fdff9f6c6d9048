//! The SPM report page and the catalogue's editing form, through HTTP on both databases.
//!
//! The SPM figures, worked out by hand (service 1, pregnant women, 2024):
//!
//! | desa | Puskesmas | sasaran bumil | served Jan–Sep | served Oct–Dec |
//! |---|---|---|---|---|
//! | Dusun Sarolangun | Sarolangun | 120 | 9 × 10 = 90 | 3 × 10 = 30 |
//! | Bernai | Sarolangun | 60 | 9 × 2 = 18 | — |
//! | Tambak Ratu | Batang Asai | 20 | 9 × 2 = 18 | — |
//! | Sungai Keradak | Batang Asai | 80 | 9 × 1 = 9 | — |
//!
//! January to September: Puskesmas Sarolangun 108 / 180 = 60,0 %, Puskesmas Batang Asai
//! 27 / 100 = 27,0 %, the district (135 / 280) = 48,2 % — not the 43,5 % a mean of the two
//! Puskesmas's percentages would give; the target to date is 100 % × 9 ÷ 12 = 75,0 %. The
//! whole year: Sarolangun 138 / 180 = 76,7 %, the district 165 / 280 = 58,9 %.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use calamine::{Data, Reader, Xlsx};
use chrono::NaiveDate;
use domain::coverage::{AchievementInput, AchievementSource, SasaranInput, SasaranKind, SasaranSource};
use lintas_testkit::fixture::{BATANG_ASAI_DESA, BERNAI, DUSUN_SAROLANGUN};
use lintas_testkit::html::{attr_at, field_value, has_id, plain, selected, text_at};
use lintas_testkit::http::{Client, Download as File};
use lintas_testkit::{TestApp, both_fixture};

const SEPT: &str = "year=2024&through=9";

fn served(desa: &str, m: u32, n: f64) -> AchievementInput {
    AchievementInput {
        indicator_code: "SPM-01".into(),
        desa_code: desa.into(),
        month: NaiveDate::from_ymd_opt(2024, m, 1).unwrap(),
        numerator: n,
        denominator: None,
    }
}

/// The figures of the table above, entered by Dinkes through the use cases.
async fn spm_year(t: &TestApp) {
    let app = &t.app;
    let dinkes = t.actor("dinkes").await;
    let fx = t.fx().clone();
    let [tambak, keradak] = BATANG_ASAI_DESA;
    for (pkm, desa) in [
        (fx.pkm, vec![(DUSUN_SAROLANGUN, 120.0), (BERNAI, 60.0)]),
        (fx.pkm_batang_asai, vec![(tambak, 20.0), (keradak, 80.0)]),
    ] {
        let rows = desa
            .into_iter()
            .map(|(d, v)| SasaranInput {
                desa_code: d.into(),
                year: 2024,
                kind: SasaranKind::Bumil,
                value: v,
            })
            .collect();
        app::coverage::save_sasaran(app, &dinkes, pkm, rows, SasaranSource::Entered, None)
            .await
            .unwrap();
    }
    let mut sarolangun = Vec::new();
    let mut batang_asai = Vec::new();
    for m in 1..=12 {
        sarolangun.push(served(DUSUN_SAROLANGUN, m, 10.0));
        if m <= 9 {
            sarolangun.push(served(BERNAI, m, 2.0));
            batang_asai.push(served(tambak, m, 2.0));
            batang_asai.push(served(keradak, m, 1.0));
        }
    }
    for (pkm, rows) in [(fx.pkm, sarolangun), (fx.pkm_batang_asai, batang_asai)] {
        app::coverage::save_achievements(app, &dinkes, pkm, rows, &[], AchievementSource::Entered)
            .await
            .unwrap();
    }
}

async fn fetch(_t: &TestApp, c: &Client, path: &str) -> File {
    c.download(path).await
}

/// The twelve services of the shipped catalogue (Permenkes 4/2019), by number.
const SERVICES: [&str; 12] = [
    "Pelayanan kesehatan ibu hamil",
    "Pelayanan kesehatan ibu bersalin",
    "Pelayanan kesehatan bayi baru lahir",
    "Pelayanan kesehatan balita",
    "Pelayanan kesehatan pada usia pendidikan dasar",
    "Pelayanan kesehatan usia produktif",
    "Pelayanan kesehatan usia lanjut",
    "Pelayanan kesehatan penderita hipertensi",
    "Pelayanan kesehatan penderita diabetes melitus",
    "Pelayanan kesehatan orang dengan gangguan jiwa berat",
    "Pelayanan kesehatan orang terduga tuberkulosis",
    "Pelayanan kesehatan orang dengan risiko terinfeksi HIV",
];

both_fixture!(the_district_sums_desa_counts_not_percentages, async |t: &TestApp| {
    spm_year(t).await;
    let fx = t.fx().clone();
    // The use case itself: counts summed, then divided.
    let dinkes = t.actor("dinkes").await;
    let v = app::coverage::spm(&t.app, &dinkes, 2024, 9, None).await.unwrap();
    let one = &v.lines[0];
    assert_eq!(
        (one.indicator.code.as_str(), one.numerator, one.denominator),
        ("SPM-01", 135.0, Some(280.0))
    );
    assert!((one.capaian.unwrap() - 135.0 / 280.0 * 100.0).abs() < 1e-9);
    let mean_of_percentages = (60.0 + 27.0) / 2.0;
    assert!((one.capaian.unwrap() - mean_of_percentages).abs() > 4.0);
    assert_eq!(v.lines.len(), 12, "the twelve services");

    // The page, as Dinkes opens it: the district.
    let c = t.signed_in("dinkes").await;
    let p = c.get(&format!("/coverage/spm?{SEPT}")).await;
    assert_eq!(p.status, 200, "{}", p.body);
    let b = &p.body;
    assert_eq!(
        text_at(b, "spm-place"),
        "Kabupaten/kota (semua Puskesmas) · Januari s.d. September 2024"
    );
    assert_eq!(selected(b, "through"), "9");
    assert_eq!(text_at(b, "num-SPM-01"), "135");
    assert!(
        text_at(b, "den-SPM-01").starts_with("280"),
        "{}",
        text_at(b, "den-SPM-01")
    );
    assert_eq!(text_at(b, "cap-SPM-01"), "48,2%");
    assert_eq!(text_at(b, "target-SPM-01"), "100,0%");
    assert_eq!(text_at(b, "todate-SPM-01"), "75,0%");
    assert_eq!(text_at(b, "state-SPM-01"), "Belum tercapai");
    // A service with no sasaran recorded has no capaian.
    assert_eq!(text_at(b, "num-SPM-12"), "0");
    assert_eq!(text_at(b, "cap-SPM-12"), "—");
    assert_eq!(text_at(b, "state-SPM-12"), "Belum ada angka");
    // Each Puskesmas in the table below, linked to its own report.
    assert_eq!(text_at(b, &format!("m-{}-SPM-01", fx.pkm)), "60,0%");
    assert_eq!(text_at(b, &format!("m-{}-SPM-01", fx.pkm_batang_asai)), "27,0%");
    assert_eq!(text_at(b, &format!("m-{}-SPM-01", fx.pkm_limun)), "—");
    assert_eq!(attr_at(b, &format!("m-{}-SPM-01", fx.pkm), "title"), "108 / 180");
    assert_eq!(
        attr_at(b, &format!("link-{}", fx.pkm), "href"),
        format!("/coverage/spm?year=2024&through=9&puskesmas={}", fx.pkm)
    );
    assert!(has_id(b, "ytd-note") && text_at(b, "summed-note").contains("bukan rata-rata persentase"));

    // One Puskesmas.
    let p = c.get(&format!("/coverage/spm?{SEPT}&puskesmas={}", fx.pkm)).await;
    assert_eq!(p.status, 200);
    assert_eq!(text_at(&p.body, "cap-SPM-01"), "60,0%");
    assert!(!has_id(&p.body, "spm-matrix"));

    // The whole year: no target to date, the year's figures.
    let p = c.get("/coverage/spm?year=2024&through=12").await;
    assert_eq!(p.status, 200);
    assert_eq!(
        text_at(&p.body, "spm-place"),
        "Kabupaten/kota (semua Puskesmas) · Tahun 2024"
    );
    assert_eq!(text_at(&p.body, "cap-SPM-01"), "58,9%");
    assert_eq!(text_at(&p.body, &format!("m-{}-SPM-01", fx.pkm)), "76,7%");
    assert!(!has_id(&p.body, "todate-SPM-01") && !has_id(&p.body, "ytd-note"));

    // A past year opens on its December; the Puskesmas account opens on its own Puskesmas.
    let own = t.signed_in("puskesmas").await;
    let p = own.get("/coverage/spm?year=2024").await;
    assert_eq!(p.status, 200);
    assert_eq!(text_at(&p.body, "spm-place"), "Puskesmas Sarolangun · Tahun 2024");
    assert_eq!(text_at(&p.body, "cap-SPM-01"), "76,7%");
    assert!(has_id(&p.body, "nav-spm"));

    // English.
    let en = c.post_form("/", "/lang", &[("lang", "en"), ("next", "/")]).await;
    assert_eq!(en.status, 303);
    let p = c.get(&format!("/coverage/spm?{SEPT}")).await;
    assert_eq!(
        text_at(&p.body, "spm-place"),
        "District (every Puskesmas) · January to September 2024"
    );
    assert_eq!(text_at(&p.body, "cap-SPM-01"), "48.2%");
    assert_eq!(text_at(&p.body, "state-SPM-01"), "Not met");
    assert!(plain(&p.body).contains("Antenatal care for pregnant women"));
});

both_fixture!(spm_exports_and_print, async |t: &TestApp| {
    spm_year(t).await;
    let fx = t.fx().clone();
    let c = t.signed_in("puskesmas").await;
    let f = fetch(t, &c, &format!("/coverage/spm.csv?{SEPT}&puskesmas={}", fx.pkm)).await;
    assert_eq!(f.status, 200);
    assert!(f.content_type.starts_with("text/csv"));
    assert_eq!(
        f.disposition,
        format!("attachment; filename=\"spm-pkm-{}-2024-09.csv\"", fx.pkm)
    );
    let mut want = String::from(
        "\u{feff}Puskesmas / wilayah,SPM,Kode,Layanan,Pembilang (dilayani),Penyebut (sasaran),Capaian,Target,\
         Target s.d. bulan ini,Keterangan\n\
         Puskesmas Sarolangun,1,SPM-01,Pelayanan kesehatan ibu hamil,108,180,60.0,100.0,75.0,Belum tercapai\n",
    );
    for (i, name) in SERVICES.iter().enumerate().skip(1) {
        want.push_str(&format!(
            "Puskesmas Sarolangun,{},SPM-{:02},{name},0,,,100.0,75.0,\n",
            i + 1,
            i + 1
        ));
    }
    assert_eq!(String::from_utf8(f.bytes).unwrap(), want);

    // The district's workbook: title, subtitle, the header on the fourth row, the district's
    // twelve rows then each Puskesmas's, numbers as numbers, the notes below.
    let d = t.signed_in("dinkes").await;
    let f = fetch(t, &d, &format!("/coverage/spm.xlsx?{SEPT}")).await;
    assert_eq!(f.status, 200);
    assert!(f.content_type.contains("spreadsheetml"));
    assert_eq!(f.disposition, "attachment; filename=\"spm-kabupaten-2024-09.xlsx\"");
    let mut wb: Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(f.bytes)).unwrap();
    let rows: Vec<Vec<Data>> = wb
        .worksheet_range_at(0)
        .unwrap()
        .unwrap()
        .rows()
        .map(|r| r.to_vec())
        .collect();
    assert_eq!(
        rows[0][0],
        Data::String("Laporan capaian Standar Pelayanan Minimal bidang kesehatan".into())
    );
    assert_eq!(
        rows[1][0],
        Data::String("Kabupaten/kota (semua Puskesmas) · Januari s.d. September 2024".into())
    );
    assert_eq!(rows[3][0], Data::String("Puskesmas / wilayah".into()));
    assert_eq!(rows[3][6], Data::String("Capaian".into()));
    let district = &rows[4];
    assert_eq!(district[0], Data::String("Kabupaten/kota (semua Puskesmas)".into()));
    assert_eq!(district[1], Data::Float(1.0));
    assert_eq!((&district[4], &district[5]), (&Data::Float(135.0), &Data::Float(280.0)));
    assert!(
        matches!(district[6], Data::Float(v) if (v - 48.214).abs() < 0.01),
        "{district:?}"
    );
    assert_eq!(district[8], Data::Float(75.0));
    // Four Puskesmas follow the district, twelve rows each, by name.
    let pkm_rows: Vec<&Vec<Data>> = rows
        .iter()
        .filter(|r| r.get(2) == Some(&Data::String("SPM-01".into())))
        .collect();
    let names: Vec<String> = pkm_rows.iter().map(|r| r[0].to_string()).collect();
    assert_eq!(
        names,
        [
            "Kabupaten/kota (semua Puskesmas)",
            "Puskesmas Batang Asai",
            "Puskesmas Limun",
            "Puskesmas Sarolangun",
            "Puskesmas Sarolangun Kota"
        ]
    );
    assert!(matches!(pkm_rows[1][6], Data::Float(v) if (v - 27.0).abs() < 1e-9));
    assert!(matches!(pkm_rows[3][6], Data::Float(v) if (v - 60.0).abs() < 1e-9));
    assert_eq!(pkm_rows[2][6], Data::Empty, "no sasaran, no capaian");
    assert!(
        rows.iter()
            .any(|r| r[0].to_string().contains("bukan rata-rata persentase"))
    );

    // The print: A4, landscape for the district with its Puskesmas table.
    let p = d.get(&format!("/coverage/spm/print?{SEPT}")).await;
    assert_eq!(p.status, 200);
    assert!(p.body.contains("/static/print.css") && p.body.contains("<body class=\"doc landscape\">"));
    assert!(has_id(&p.body, "spm-print-table") && has_id(&p.body, "spm-print-matrix"));
    assert!(p.body.contains("48,2%") && p.body.contains("27,0%"));
    assert!(plain(&p.body).contains("LAPORAN CAPAIAN STANDAR PELAYANAN MINIMAL BIDANG KESEHATAN"));
    let p = c.get(&format!("/coverage/spm/print?{SEPT}")).await;
    assert!(p.body.contains("<body class=\"doc\">") && !has_id(&p.body, "spm-print-matrix"));
    assert!(p.body.contains("60,0%"));
});

both_fixture!(who_reads_the_spm_report, async |t: &TestApp| {
    let fx = t.fx().clone();
    // The other Puskesmas of the kecamatan does not read Puskesmas Sarolangun's report.
    let kota = t.signed_in("puskesmas-kota").await;
    let theirs = format!("/coverage/spm?{SEPT}&puskesmas={}", fx.pkm);
    assert_eq!(kota.get(&theirs).await.status, 403);
    assert_eq!(fetch(t, &kota, &theirs.replace("/spm?", "/spm.csv?")).await.status, 403);
    assert_eq!(kota.get(&format!("/coverage/spm?{SEPT}")).await.status, 200, "its own");
    // Kader and partners: no report, no link.
    for who in ["kader", "polsek"] {
        let c = t.signed_in(who).await;
        for path in [
            "/coverage/spm".to_string(),
            theirs.clone(),
            format!("/coverage/spm.xlsx?{SEPT}"),
            format!("/coverage/spm/print?{SEPT}"),
        ] {
            assert_eq!(c.get(&path).await.status, 403, "{who} {path}");
        }
        assert!(!has_id(&c.get("/coverage/indicators").await.body, "nav-spm"), "{who}");
    }
    // The bupati (viewer) reads the district.
    let v = t.signed_in("bupati").await;
    assert_eq!(v.get(&format!("/coverage/spm?{SEPT}")).await.status, 200);
    // Not a Puskesmas.
    let d = t.signed_in("dinkes").await;
    assert_eq!(
        d.get(&format!("/coverage/spm?{SEPT}&puskesmas={}", fx.dinkes))
            .await
            .status,
        404
    );
    // Queries that do not read: the form again with a message.
    for (q, field, message) in [
        ("year=abc", "error-year", "Tahun: Harus berupa angka."),
        ("year=1999", "error-year", "Tahun: Tahun harus antara 2000 dan 2100."),
        ("through=13", "error-through", "Sampai bulan: Bulan harus 1 sampai 12."),
        ("puskesmas=semua", "error-puskesmas", "Puskesmas: Harus berupa angka."),
    ] {
        let p = d.get(&format!("/coverage/spm?{q}")).await;
        assert_eq!(p.status, 422, "{q}");
        assert_eq!(text_at(&p.body, field), message, "{q}");
        assert!(has_id(&p.body, "spm-filter") && !has_id(&p.body, "spm-table"), "{q}");
    }
    assert_eq!(d.get("/coverage/spm.csv?through=0").await.status, 422);
});

// --- the catalogue's editing ----------------------------------------------------------------------

async fn audit_of(t: &TestApp, entity: &str) -> Vec<store::audit::AuditEntry> {
    let mut tx = t.app.store.read().await.unwrap();
    let f = store::audit::AuditFilter {
        entity: Some(entity.into()),
        limit: 500,
        ..Default::default()
    };
    store::audit::list(&mut tx, &f).await.unwrap().0
}

/// A new version of SPM-01 under Permenkes 6/2024, from 2025: every field as the form posts it.
fn version_2024() -> Vec<(&'static str, &'static str)> {
    vec![
        ("base", "SPM-01"),
        ("code", "SPM-01"),
        ("version", "pmk-6-2024"),
        ("name_id", "Pelayanan kesehatan ibu hamil (6 kali kunjungan)"),
        ("name_en", "Antenatal care for pregnant women (6 visits)"),
        ("program", "kia_kb"),
        ("cluster", "2"),
        ("spm", "1"),
        (
            "numerator",
            "Ibu hamil yang mendapat pelayanan antenatal minimal 6 kali",
        ),
        ("denominator", "Estimasi ibu hamil di wilayah kerja"),
        ("unit", "percent"),
        ("direction", "higher"),
        ("sasaran", "bumil"),
        ("target", "100"),
        ("derived", ""),
        ("legal_basis", "Permenkes 6/2024"),
        ("valid_from", "2025-01-01"),
        ("valid_to", ""),
    ]
}

both_fixture!(approvers_add_a_version_of_an_indicator, async |t: &TestApp| {
    let c = t.signed_in("dinkes").await;
    let p = c.get("/coverage/indicators").await;
    assert!(has_id(&p.body, "add-indicator") && has_id(&p.body, "version-SPM-01"));
    // The form for a new version starts from the version in force; name and validity are new.
    let p = c.get("/coverage/indicators/new?code=spm-01").await;
    assert_eq!(p.status, 200, "{}", p.body);
    let b = &p.body;
    assert_eq!(text_at(b, "indicator-form-title"), "Versi baru indikator SPM-01");
    assert!(
        text_at(b, "prefilled").contains("pmk-4-2019"),
        "{}",
        text_at(b, "prefilled")
    );
    assert_eq!(field_value(b, "code"), "SPM-01");
    assert_eq!(field_value(b, "name_id"), "Pelayanan kesehatan ibu hamil");
    assert_eq!(field_value(b, "target"), "100");
    assert_eq!(field_value(b, "version"), "");
    assert_eq!(field_value(b, "valid_from"), "");
    for (id, value) in [
        ("program", "kia_kb"),
        ("cluster", "2"),
        ("spm", "1"),
        ("unit", "percent"),
        ("direction", "higher"),
        ("sasaran", "bumil"),
        ("derived", ""),
    ] {
        assert_eq!(selected(b, id), value, "{id}");
    }
    assert_eq!(field_value(b, "legal_basis"), "Permenkes 4/2019");

    // Saved: back to the catalogue with a notice, both versions listed, one audit row.
    let before = audit_of(t, "indicator").await.len();
    let saved = c
        .post_form(
            "/coverage/indicators/new?code=SPM-01",
            "/coverage/indicators/new",
            &version_2024(),
        )
        .await;
    assert_eq!(saved.status, 303, "{}", saved.body);
    assert_eq!(
        saved.location.as_deref(),
        Some("/coverage/indicators?saved=SPM-01&version=pmk-6-2024#ind-SPM-01")
    );
    let p = c.get("/coverage/indicators?saved=SPM-01&version=pmk-6-2024").await;
    assert_eq!(
        text_at(&p.body, "notice"),
        "Indikator SPM-01 versi pmk-6-2024 disimpan."
    );
    let row = lintas_testkit::html::element(&p.body, "id=\"ind-SPM-01\"", "</tr>").to_string();
    assert!(
        row.contains("pmk-4-2019: 01/01/2019") && row.contains("pmk-6-2024: 01/01/2025"),
        "{row}"
    );
    let log = audit_of(t, "indicator").await;
    assert_eq!(log.len(), before + 1);
    let last = log.iter().find(|r| r.summary.contains("pmk-6-2024")).unwrap();
    assert_eq!(last.action, "create");
    assert_eq!(last.username.as_deref(), Some("dinkes"));

    // The version applies from 2025: the SPM report names it then, and the old one before.
    let y2025 = c.get("/coverage/spm?year=2025&through=12").await;
    assert!(plain(&y2025.body).contains("(6 kali kunjungan)"));
    let y2024 = c.get("/coverage/spm?year=2024&through=12").await;
    assert!(!plain(&y2024.body).contains("(6 kali kunjungan)"));

    // The same version again is refused, not replaced: the form with what was typed.
    let again = c
        .post_form("/coverage/indicators/new", "/coverage/indicators/new", &version_2024())
        .await;
    assert_eq!(again.status, 422);
    assert_eq!(
        text_at(&again.body, "version-error"),
        "Versi ini sudah ada untuk indikator ini; beri nama versi lain."
    );
    assert_eq!(
        field_value(&again.body, "name_en"),
        "Antenatal care for pregnant women (6 visits)"
    );
    assert_eq!(audit_of(t, "indicator").await.len(), before + 1, "nothing stored");

    // A brand-new indicator from the empty form (admin).
    let a = t.signed_in("admin").await;
    let p = a.get("/coverage/indicators/new").await;
    assert_eq!(text_at(&p.body, "indicator-form-title"), "Indikator baru");
    assert_eq!(field_value(&p.body, "code"), "");
    let mut fields = version_2024();
    for (k, v) in [
        ("base", ""),
        ("code", "ANC-USG"),
        ("version", "kia-2025"),
        ("spm", ""),
        ("target", "80,5"),
        ("valid_to", "2029-12-31"),
    ] {
        fields.iter_mut().find(|f| f.0 == k).unwrap().1 = v;
    }
    let saved = a
        .post_form("/coverage/indicators/new", "/coverage/indicators/new", &fields)
        .await;
    assert_eq!(saved.status, 303, "{}", saved.body);
    let all = app::coverage::catalogue(&t.app, &t.actor("admin").await).await.unwrap();
    let usg = all.iter().find(|r| r.code == "ANC-USG").unwrap();
    assert_eq!((usg.spm, usg.target), (None, Some(80.5)));
    assert_eq!(usg.valid_to, NaiveDate::from_ymd_opt(2029, 12, 31));
});

both_fixture!(
    a_bad_form_names_each_field_and_keeps_what_was_typed,
    async |t: &TestApp| {
        let c = t.signed_in("dinkes").await;
        let before = audit_of(t, "indicator").await.len();
        let mut fields = version_2024();
        for (k, v) in [
            ("code", "SPM 01"),
            ("version", ""),
            ("name_en", ""),
            ("program", "lainnya"),
            ("cluster", "9"),
            ("spm", "13"),
            ("target", "120"),
            ("valid_from", "2025-02-30"),
            ("valid_to", "2020-01-01"),
        ] {
            fields.iter_mut().find(|f| f.0 == k).unwrap().1 = v;
        }
        let p = c
            .post_form("/coverage/indicators/new", "/coverage/indicators/new", &fields)
            .await;
        assert_eq!(p.status, 422);
        let b = &p.body;
        assert!(has_id(b, "error-summary"));
        for (field, message) in [
            ("code", "Kode: huruf, angka, - _ . / saja; paling panjang 30."),
            ("version", "Versi: huruf, angka, - _ . / saja; paling panjang 40."),
            ("name_en", "Wajib diisi."),
            ("program", "Pilihan tidak dikenal."),
            ("cluster", "Klaster ILP harus 1 sampai 5."),
            ("spm", "Nomor layanan SPM harus 1 sampai 12."),
            ("target", "Target harus angka 0 sampai 100 untuk persen."),
        ] {
            assert_eq!(text_at(b, &format!("{field}-error")), message, "{field}");
        }
        assert!(has_id(b, "valid_from-error"));
        // What was typed stays.
        assert_eq!(field_value(b, "code"), "SPM 01");
        assert_eq!(field_value(b, "target"), "120");
        assert_eq!(field_value(b, "valid_from"), "2025-02-30");
        assert_eq!(
            field_value(b, "name_id"),
            "Pelayanan kesehatan ibu hamil (6 kali kunjungan)"
        );
        assert_eq!(selected(b, "sasaran"), "bumil");
        assert_eq!(audit_of(t, "indicator").await.len(), before, "nothing stored");
        // The end before the start, alone.
        let mut fields = version_2024();
        fields.iter_mut().find(|f| f.0 == "valid_to").unwrap().1 = "2024-12-31";
        let p = c
            .post_form("/coverage/indicators/new", "/coverage/indicators/new", &fields)
            .await;
        assert_eq!(p.status, 422);
        assert!(has_id(&p.body, "valid_to-error"));
        // An indicator that does not exist has no version to start from.
        assert_eq!(c.get("/coverage/indicators/new?code=NOPE").await.status, 404);
    }
);

both_fixture!(only_approvers_edit_the_catalogue, async |t: &TestApp| {
    let before = audit_of(t, "indicator").await.len();
    for who in ["puskesmas", "kader", "polsek", "bupati"] {
        let c = t.signed_in(who).await;
        let p = c.get("/coverage/indicators").await;
        assert_eq!(p.status, 200, "{who} reads the catalogue");
        assert!(
            !has_id(&p.body, "add-indicator") && !has_id(&p.body, "version-SPM-01"),
            "{who}"
        );
        assert_eq!(c.get("/coverage/indicators/new").await.status, 403, "{who}");
        assert_eq!(c.get("/coverage/indicators/new?code=SPM-01").await.status, 403, "{who}");
        // A post is refused whatever it holds.
        let csrf = p.csrf();
        assert_eq!(
            c.post_raw("/coverage/indicators/new", &csrf, &version_2024())
                .await
                .status,
            403,
            "{who}"
        );
        assert_eq!(
            c.post_raw("/coverage/indicators/new", &csrf, &[("code", "x y")])
                .await
                .status,
            403,
            "{who}"
        );
    }
    assert_eq!(audit_of(t, "indicator").await.len(), before);
    // Signed out: to the login page.
    let anon = t.client();
    let p = anon.get("/coverage/indicators/new").await;
    assert!(
        p.location.as_deref().is_some_and(|l| l.starts_with("/login")),
        "{:?}",
        p.location
    );
});
