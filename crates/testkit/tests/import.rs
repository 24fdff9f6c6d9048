//! e-PPGBM-style imports on both databases: an ugly but correct file is stored and a second
//! import of it changes nothing; a file with bad rows is reported row by row (row, column,
//! value, reason) and nothing of it is stored; sheets and column mapping.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use app::import::{Options, Report};
use app::nutrition::Where;
use lintas_testkit::{TestApp, both_fixture};

/// A new Posyandu "Uji Melati" in the first desa of kecamatan 15.03.01; returns (id, desa name).
async fn posyandu(t: &TestApp) -> (i64, String) {
    let (id, desa) = t.add_posyandu("Posyandu Uji Melati").await;
    (id, desa.name)
}

async fn import(t: &TestApp, bytes: &[u8], opts: &Options) -> app::Result<Report> {
    let dinkes = t.actor("dinkes").await;
    app::import::measurements(&t.app, &dinkes, bytes, opts, &|_, _| {}).await
}

async fn children(t: &TestApp) -> usize {
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

fn good_file(desa: &str) -> String {
    // Semicolons, a byte-order mark, decimal commas, DD/MM/YYYY, an Excel serial date,
    // "Posyandu" written or not, CRLF line ends, a blank line.
    format!(
        "\u{feff}NIK;Nama Anak;JK;Tgl Lahir;Nama Ibu;Desa;Posyandu;Tgl Ukur;BB;TB/PB\r\n\
         1503010101220001;Aisyah;P;10/02/2022;Siti;{desa};Uji Melati;15/02/2024;10,3;85,5\r\n\
         ;Bunga;P;10/02/2022;Rina;{desa};Posyandu Uji Melati;15/02/2024;9,1;77\r\n\
         \r\n\
         ;Bunga;P;10/02/2022;Rina;{desa};Uji Melati;45306;9,0;78\r\n\
         1503010101220001;Aisyah;P;10/02/2022;Siti;{desa};uji melati;15-01-2024;10;85\r\n"
    )
}

both_fixture!(a_correct_file_is_stored_once, async |t: &TestApp| {
    let (p, desa) = posyandu(t).await;
    let before = children(t).await;
    let file = good_file(&desa);
    let dry = import(
        t,
        file.as_bytes(),
        &Options {
            dry_run: true,
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert!(dry.errors.is_empty(), "{:?}", dry.errors);
    assert_eq!((dry.children_new, dry.measurements_new, dry.stored), (2, 4, false));
    assert_eq!(children(t).await, before, "a dry run stores nothing");

    let r = import(t, file.as_bytes(), &Options::default()).await.unwrap();
    assert!(r.stored && r.errors.is_empty(), "{r:?}");
    assert_eq!(children(t).await, before + 2);
    let feb = app::nutrition::report(
        &t.app,
        &Where::Posyandu(p),
        chrono::NaiveDate::from_ymd_opt(2024, 2, 1).unwrap(),
        None,
    )
    .await
    .unwrap()
    .total;
    // Aisyah +300 g → N; Bunga +100 g → T and stunted (77 cm at two years).
    assert_eq!(
        (feb.d, feb.n, feb.t, feb.stunted, feb.haz_n),
        (2, 1, 1, 1, 2),
        "{feb:?}"
    );

    // The same file again: every measurement is already there; nothing changes.
    let again = import(t, file.as_bytes(), &Options::default()).await.unwrap();
    assert_eq!(
        (
            again.children_new,
            again.children_known,
            again.measurements_new,
            again.measurements_same
        ),
        (0, 2, 0, 4),
        "{again:?}"
    );
    assert_eq!(children(t).await, before + 2);
    let feb2 = app::nutrition::report(
        &t.app,
        &Where::Posyandu(p),
        chrono::NaiveDate::from_ymd_opt(2024, 2, 1).unwrap(),
        None,
    )
    .await
    .unwrap()
    .total;
    assert_eq!(feb2, feb);
});

both_fixture!(
    a_bad_file_is_reported_row_by_row_and_nothing_is_stored,
    async |t: &TestApp| {
        let (_, desa) = posyandu(t).await;
        let before = children(t).await;
        let file = format!(
            "NIK,Nama Anak,JK,Tgl Lahir,Nama Ibu,Desa,Posyandu,Tgl Ukur,BB,TB/PB\n\
         ,Aisyah,P,10/02/2022,Siti,{desa},Uji Melati,15/02/2024,10300,85\n\
         ,Bunga,P,10/02/2022,Rina,{desa},Uji Melati,15/02/2024,\"9,1\",\"0,77\"\n\
         ,Citra,P,01/01/2018,Ani,{desa},Uji Melati,15/02/2024,14,100\n\
         ,Dewi,P,01/01/2023,Ani,{desa},Uji Melati,01/01/2099,9,70\n\
         ,Eko,L,31/02/2023,Ani,{desa},Uji Melati,15/02/2024,9,70\n\
         ,Fajar,L,01/01/2023,Ani,{desa},Mawar Tak Ada,15/02/2024,9,70\n\
         1503010101230002,Gita,P,01/01/2023,Ani,{desa},Uji Melati,15/02/2024,9,70\n\
         1503010101230002,Gita,P,01/01/2023,Ani,{desa},Uji Melati,15/02/2024,9.2,70\n\
         123,Hana,X,01/01/2023,Ani,{desa},Uji Melati,15/02/2024,9,70\n\
         ,Indra,L,01/06/2023,Ani,{desa},Uji Melati,15/02/2024,6,65\n"
        );
        let r = import(t, file.as_bytes(), &Options::default()).await.unwrap();
        assert!(!r.stored);
        let has = |line: usize, column: &str, code: &str| {
            r.errors
                .iter()
                .any(|e| e.line == line && e.column == column && e.code == code)
        };
        assert!(has(2, "BB", "weight.grams"), "{:#?}", r.errors);
        assert!(has(3, "TB/PB", "height.metres"));
        assert!(has(4, "Tgl Lahir", "child.too_old") || has(4, "Tgl Ukur", "child.too_old"));
        assert!(has(5, "Tgl Ukur", "date.future"));
        assert!(has(6, "Tgl Lahir", "date.format"));
        assert!(has(7, "Posyandu", "import.posyandu_unknown"));
        assert!(has(9, "", "import.duplicate_row"));
        assert!(has(10, "NIK", "nik.length") && has(10, "JK", "sex.unknown"));
        assert!(!r.errors.iter().any(|e| e.line == 11), "a good row among bad ones");
        assert_eq!(
            r.errors.iter().find(|e| e.line == 2).map(|e| e.value.as_str()),
            Some("10300")
        );
        assert_eq!(children(t).await, before, "nothing partial");
        // The report reads as CSV too.
        let csv = String::from_utf8(app::import::report_csv(domain::i18n::Lang::Id, &r.errors)).unwrap();
        let reason = domain::i18n::text(domain::i18n::Lang::Id, "weight.grams");
        assert!(
            csv.starts_with(&format!("\u{feff}baris,kolom,nilai,alasan\n2,BB,10300,\"{reason}\"")),
            "{csv}"
        );
    }
);

both_fixture!(sheets_and_columns_can_be_chosen, async |t: &TestApp| {
    let (_, desa) = posyandu(t).await;
    // Headers nobody guesses: mapped by hand.
    let file = format!(
        "Anak,Kelamin,Lahir,Pos,Tanggal,Berat,Tinggi,Kampung\n\
         Aisyah,P,2022-02-10,Uji Melati,2024-02-15,10.3,85.5,{desa}\n"
    );
    let e = import(t, file.as_bytes(), &Options::default()).await.err().unwrap();
    let app::AppError::Invalid(inv) = e else {
        panic!("{e:?}")
    };
    assert_eq!(inv.code_for("mapping"), Some("import.missing_columns"));
    let mapping: Vec<(String, String)> = [
        ("nama", "Anak"),
        ("jk", "Kelamin"),
        ("tgl_lahir", "Lahir"),
        ("posyandu", "Pos"),
        ("tgl_ukur", "Tanggal"),
        ("bb", "Berat"),
        ("tb", "Tinggi"),
        ("desa", "Kampung"),
    ]
    .iter()
    .map(|(a, b)| (a.to_string(), b.to_string()))
    .collect();
    let r = import(
        t,
        file.as_bytes(),
        &Options {
            mapping,
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert!(r.stored, "{:?}", r.errors);
    // Not a table at all.
    let e = import(t, b"\x00\x01\x02 not a spreadsheet", &Options::default())
        .await
        .err()
        .unwrap();
    assert!(matches!(e, app::AppError::Invalid(_)), "{e:?}");
});
