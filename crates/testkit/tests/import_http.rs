//! The e-PPGBM import page on both databases: upload → column mapping (headers shown, selects
//! prefilled by the automatic mapping, required fields without a column highlighted) → dry run
//! in the background with its progress as JSON → row-level report (also as CSV) → import; a
//! file with other headers imported after choosing its columns; an ugly file reported row by
//! row with nothing stored; re-importing changes nothing and a double press imports once; a
//! kader imports for its own Posyandu only; the file is the uploader's alone.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use lintas_testkit::html::{self, element, number_at, plain, text_at};
use lintas_testkit::http::{Client, Page};
use lintas_testkit::{TestApp, both_fixture};
use web::i18n::{Lang, text};

/// A new Posyandu "Uji Melati" in the first desa of kecamatan 15.03.01 (another Puskesmas than
/// the fixture kader's); returns the desa's name.
async fn posyandu(t: &TestApp) -> String {
    t.add_posyandu("Posyandu Uji Melati").await.1.name
}

/// (children, measurements) stored in the whole installation.
async fn stored(t: &TestApp) -> (usize, usize) {
    let mut tx = t.app.store.read().await.unwrap();
    let children = store::nutrition::children(
        &mut tx,
        &domain::access::Area::All,
        &store::nutrition::ChildFilter {
            limit: 5000,
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let mut measurements = 0;
    for c in &children {
        measurements += store::nutrition::measurements(&mut tx, c.id).await.unwrap().len();
    }
    (children.len(), measurements)
}

/// Import rows in the audit log.
async fn imports_audited(t: &TestApp) -> usize {
    let mut tx = t.app.store.read().await.unwrap();
    store::audit::list(
        &mut tx,
        &store::audit::AuditFilter {
            entity: Some("measurement".into()),
            limit: 1000,
            ..Default::default()
        },
    )
    .await
    .unwrap()
    .0
    .iter()
    .filter(|e| e.summary.starts_with("import:"))
    .count()
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

fn bad_file(desa: &str) -> String {
    format!(
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
    )
}

/// The value selected in the mapping page's select for `key` ("" for none).
fn selected(html: &str, key: &str) -> String {
    html::selected(html, &format!("map-{key}"))
}

/// (row, column, value, reason) of every line of the page's problem table.
fn error_rows(html: &str) -> Vec<(String, String, String, String)> {
    let table = element(html, "id=\"error-table\"", "</table>");
    table
        .split("<tr class=\"import-error\">")
        .skip(1)
        .map(|tr| {
            let cells: Vec<String> = tr
                .split("<td")
                .skip(1)
                .map(|td| plain(td.split_once('>').map(|x| x.1).unwrap_or("")))
                .collect();
            (cells[0].clone(), cells[1].clone(), cells[2].clone(), cells[3].clone())
        })
        .collect()
}

const FIELDS: [&str; 22] = [
    "nik",
    "nama",
    "jk",
    "tgl_lahir",
    "bb_lahir",
    "pb_lahir",
    "nama_ibu",
    "nik_ibu",
    "no_kk",
    "desa",
    "posyandu",
    "rt",
    "rw",
    "alamat",
    "tgl_ukur",
    "bb",
    "tb",
    "cara_ukur",
    "edema",
    "lila",
    "lingkar_kepala",
    "buku_kia",
];

/// Uploads `file` through the form; returns the token of the kept file.
async fn upload(c: &Client, file: &[u8], name: &str) -> String {
    let p = c.post_multipart("/import", "/import", &[], (file, name)).await;
    assert_eq!(p.status, 303, "{}", p.body);
    let location = p.location.unwrap();
    location
        .strip_prefix("/import/")
        .and_then(|l| l.strip_suffix("/mapping"))
        .unwrap_or_else(|| panic!("{location}"))
        .to_string()
}

/// Posts the mapping form as the page shows it, with `choices` over its selections.
async fn check(c: &Client, token: &str, choices: &[(&str, &str)]) -> Page {
    let page = c.get(&format!("/import/{token}/mapping")).await;
    assert_eq!(page.status, 200, "{}", page.body);
    let mut fields: Vec<(String, String)> = FIELDS
        .iter()
        .map(|k| (format!("map.{k}"), selected(&page.body, k)))
        .collect();
    for (k, v) in choices {
        for f in fields.iter_mut() {
            if f.0 == format!("map.{k}") {
                f.1 = v.to_string();
            }
        }
    }
    let refs: Vec<(&str, &str)> = fields.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    c.post_raw(&format!("/import/{token}/check"), &page.csrf(), &refs).await
}

/// Polls the status until the run is over; returns the last status.
async fn wait(c: &Client, token: &str) -> serde_json::Value {
    for _ in 0..600 {
        let r = c
            .http
            .get(format!("{}/import/{token}/status", c.base))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        assert!(
            r.headers()["content-type"]
                .to_str()
                .unwrap()
                .starts_with("application/json")
        );
        let s: serde_json::Value = r.json().await.unwrap();
        let done = s["done"].as_u64().unwrap();
        let total = s["total"].as_u64().unwrap();
        assert!(done <= total, "{s}");
        assert!(s["label"].as_str().is_some_and(|l| !l.is_empty()), "{s}");
        if s["state"] != "running" {
            return s;
        }
        tokio::time::sleep(std::time::Duration::from_millis(25)).await;
    }
    panic!("the import of {token} did not finish");
}

/// Checks with `choices` and returns the report page.
async fn dry_run(c: &Client, token: &str, choices: &[(&str, &str)]) -> Page {
    let p = check(c, token, choices).await;
    assert_eq!(p.status, 303, "{}", p.body);
    assert_eq!(p.location.as_deref(), Some(format!("/import/{token}").as_str()));
    let s = wait(c, token).await;
    assert_eq!(
        (s["state"].as_str(), s["kind"].as_str()),
        (Some("done"), Some("check")),
        "{s}"
    );
    c.get(&format!("/import/{token}")).await
}

/// Presses Import and returns the result page.
async fn import(c: &Client, token: &str) -> Page {
    let report = c.get(&format!("/import/{token}")).await;
    let p = c.post_raw(&format!("/import/{token}/run"), &report.csrf(), &[]).await;
    assert_eq!(p.status, 303, "{}", p.body);
    wait(c, token).await;
    c.get(&format!("/import/{token}")).await
}

both_fixture!(
    upload_shows_the_columns_and_the_prefilled_mapping,
    async |t: &TestApp| {
        let desa = posyandu(t).await;
        let c = t.signed_in("dinkes").await;
        let form = c.get("/import").await;
        assert_eq!(form.status, 200);
        assert!(form.body.contains("enctype=\"multipart/form-data\"") && form.body.contains("Tgl Ukur"));
        assert!(c.get("/children").await.body.contains("href=\"/import\""));
        assert!(c.get("/nutrition").await.body.contains("id=\"import-link\""));

        let token = upload(&c, good_file(&desa).as_bytes(), "februari.csv").await;
        let page = c.get(&format!("/import/{token}/mapping")).await;
        assert_eq!(page.status, 200, "{}", page.body);
        let headers = plain(element(&page.body, "id=\"header-list\"", "</tbody>"));
        for h in [
            "NIK",
            "Nama Anak",
            "JK",
            "Tgl Lahir",
            "Nama Ibu",
            "Desa",
            "Posyandu",
            "Tgl Ukur",
            "BB",
            "TB/PB",
        ] {
            assert!(headers.contains(h), "{h} in {headers}");
        }
        // The first row is shown as an example.
        assert!(headers.contains("Aisyah"), "{headers}");
        assert_eq!(number_at(&page.body, "import-rows"), 4);
        for (key, header) in [
            ("nik", "NIK"),
            ("nama", "Nama Anak"),
            ("jk", "JK"),
            ("tgl_lahir", "Tgl Lahir"),
            ("nama_ibu", "Nama Ibu"),
            ("desa", "Desa"),
            ("posyandu", "Posyandu"),
            ("tgl_ukur", "Tgl Ukur"),
            ("bb", "BB"),
            ("tb", "TB/PB"),
            ("cara_ukur", ""),
            ("lila", ""),
        ] {
            assert_eq!(selected(&page.body, key), header, "{key}");
        }
        assert!(!page.body.contains("id=\"missing-note\""));
        assert!(!page.body.contains("map-row missing"));

        // No file, or not a table: said on the form.
        let p = c
            .post_multipart("/import", "/import", &[], (b"".as_slice(), "kosong.csv"))
            .await;
        assert_eq!(p.status, 422);
        assert!(p.body.contains("id=\"file-error\""), "{}", p.body);
        let p = c
            .post_multipart(
                "/import",
                "/import",
                &[],
                (b"PK\x03\x04 bukan buku kerja".as_slice(), "x.xlsx"),
            )
            .await;
        assert_eq!(p.status, 422);
        assert!(
            plain(&p.body).contains(text(Lang::Id, "import.unreadable")),
            "{}",
            p.body
        );
        // Without the CSRF token nothing is kept.
        let form = reqwest::multipart::Form::new().part(
            "file",
            reqwest::multipart::Part::bytes(good_file(&desa).into_bytes()).file_name("x.csv"),
        );
        let r = c
            .http
            .post(format!("{}/import", c.base))
            .multipart(form)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 403);

        // The file is the uploader's: another account (or a stranger) does not find it.
        let k = t.signed_in("kader").await;
        let other = k.get(&format!("/import/{token}/mapping")).await;
        assert_eq!(other.status, 404);
        assert!(other.body.contains("id=\"import-gone\""));
        let r = k
            .http
            .get(format!("{}/import/{token}/status", k.base))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 404);
        let again = t.signed_in("dinkes").await;
        assert_eq!(
            again.get(&format!("/import/{token}/mapping")).await.status,
            404,
            "another session"
        );
        assert_eq!(c.get("/import/abc/mapping").await.status, 404);

        // Roles that do not record measurements have no import.
        for who in ["polsek", "bupati"] {
            let u = t.signed_in(who).await;
            assert_eq!(u.get("/import").await.status, 403, "{who}");
            assert_eq!(
                u.post_multipart("/", "/import", &[], (good_file(&desa).as_bytes(), "f.csv"))
                    .await
                    .status,
                403,
                "{who}"
            );
        }
        assert_eq!(t.signed_in("kader").await.get("/import").await.status, 200);
        // Signed out: to the login page.
        let anon = t.client();
        let p = anon.get("/import").await;
        assert_eq!(p.status, 303);
        assert!(p.location.unwrap().starts_with("/login"));
    }
);

both_fixture!(a_file_too_large_is_refused_with_a_message, async |t: &TestApp| {
    let c = t.signed_in("dinkes").await;
    let csrf = c.get("/import").await.csrf();
    let mut big = String::from("Nama Anak,JK,Tgl Lahir,Posyandu,Tgl Ukur,BB,TB\n");
    let line = "Aisyah Lintas,P,2022-02-10,Uji Melati,2024-02-15,10.3,85.5\n";
    while big.len() <= web::pages::import::MAX_FILE_BYTES {
        big.push_str(line);
    }
    // The server stops reading at the limit and answers on the form.
    let form = reqwest::multipart::Form::new().text("_csrf", csrf).part(
        "file",
        reqwest::multipart::Part::bytes(big.into_bytes()).file_name("besar.csv"),
    );
    let r = c
        .http
        .post(format!("{}/import", c.base))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 413);
    let body = r.text().await.unwrap();
    assert!(plain(&body).contains(text(Lang::Id, "import.too_large")), "{body}");
    assert!(body.contains("25 MB"), "{body}");
});

both_fixture!(
    other_headers_are_imported_after_choosing_the_columns,
    async |t: &TestApp| {
        let desa = posyandu(t).await;
        let c = t.signed_in("dinkes").await;
        let before = stored(t).await;
        // Headers nobody guesses.
        let file = format!(
            "Anak,Kelamin,Lahir,Pos,Tanggal,Berat,Tinggi,Kampung\n\
         Aisyah,P,2022-02-10,Uji Melati,2024-02-15,10.3,85.5,{desa}\n"
        );
        let token = upload(&c, file.as_bytes(), "hand.csv").await;
        let page = c.get(&format!("/import/{token}/mapping")).await;
        assert!(page.body.contains("id=\"missing-note\""));
        for key in ["nama", "tgl_lahir", "posyandu", "tgl_ukur"] {
            assert!(
                page.body
                    .contains(&format!("class=\"map-row missing\" id=\"row-{key}\"")),
                "{key} highlighted"
            );
            assert_eq!(selected(&page.body, key), "");
        }
        assert!(!page.body.contains("class=\"map-row missing\" id=\"row-jk\""));
        assert_eq!(selected(&page.body, "jk"), "Kelamin");
        assert_eq!(selected(&page.body, "bb"), "Berat");
        assert_eq!(selected(&page.body, "tb"), "Tinggi");

        // Checking without the required columns is refused on the form; nothing runs.
        let p = check(&c, &token, &[]).await;
        assert_eq!(p.status, 422);
        assert!(p.body.contains("id=\"error-nama\""));
        let s: serde_json::Value = c
            .http
            .get(format!("{}/import/{token}/status", c.base))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(s["state"], "idle");
        // One column for two fields is refused too.
        let p = check(
            &c,
            &token,
            &[
                ("nama", "Anak"),
                ("nama_ibu", "Anak"),
                ("jk", "Kelamin"),
                ("tgl_lahir", "Lahir"),
                ("posyandu", "Pos"),
                ("tgl_ukur", "Tanggal"),
            ],
        )
        .await;
        assert_eq!(p.status, 422);
        assert!(p.body.contains("id=\"error-nama_ibu\""), "{}", p.body);
        // The choices are kept on the form.
        assert_eq!(selected(&p.body, "posyandu"), "Pos");

        let mapping = [
            ("nama", "Anak"),
            ("nama_ibu", ""),
            ("jk", "Kelamin"),
            ("tgl_lahir", "Lahir"),
            ("posyandu", "Pos"),
            ("tgl_ukur", "Tanggal"),
            ("desa", "Kampung"),
        ];
        let report = dry_run(&c, &token, &mapping).await;
        assert!(report.body.contains("id=\"import-clean\""), "{}", report.body);
        assert_eq!(number_at(&report.body, "count-rows"), 1);
        assert_eq!(number_at(&report.body, "count-children-new"), 1);
        assert_eq!(number_at(&report.body, "count-measurements-new"), 1);
        assert!(plain(element(&report.body, "id=\"columns-used\"", "</details>")).contains("Kampung"));
        assert!(report.body.contains("id=\"run-submit\""));
        assert_eq!(stored(t).await, before, "a dry run stores nothing");

        let done = import(&c, &token).await;
        assert!(done.body.contains("id=\"import-stored\""), "{}", done.body);
        assert!(!done.body.contains("id=\"run-submit\""));
        assert_eq!(stored(t).await, (before.0 + 1, before.1 + 1));
        let s: serde_json::Value = c
            .http
            .get(format!("{}/import/{token}/status", c.base))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(
            (s["state"].as_str(), s["kind"].as_str()),
            (Some("done"), Some("import"))
        );
        assert!(c.get("/children?q=Aisyah").await.body.contains("Aisyah"));
    }
);

both_fixture!(
    an_ugly_file_is_reported_row_by_row_and_nothing_is_stored,
    async |t: &TestApp| {
        let desa = posyandu(t).await;
        let c = t.signed_in("dinkes").await;
        let before = stored(t).await;
        let token = upload(&c, bad_file(&desa).as_bytes(), "jelek.csv").await;
        let report = dry_run(&c, &token, &[]).await;
        assert_eq!(report.status, 200);
        assert!(report.body.contains("id=\"import-has-errors\""), "{}", report.body);
        assert!(
            !report.body.contains("id=\"run-submit\""),
            "no import after a failed check"
        );
        let rows = error_rows(&report.body);
        let count = number_at(&report.body, "count-errors") as usize;
        assert_eq!(rows.len(), count);
        let has = |line: &str, column: &str, value: &str, code: &str| {
            let msg = text(Lang::Id, code);
            rows.iter()
                .any(|r| r.0 == line && r.1 == column && r.2 == value && r.3.starts_with(msg))
        };
        assert!(has("2", "BB", "10300", "weight.grams"), "{rows:#?}");
        assert!(has("3", "TB/PB", "0,77", "height.metres"), "{rows:#?}");
        assert!(has("5", "Tgl Ukur", "01/01/2099", "date.future"), "{rows:#?}");
        assert!(has("6", "Tgl Lahir", "31/02/2023", "date.format"), "{rows:#?}");
        assert!(
            has("7", "Posyandu", "Mawar Tak Ada", "import.posyandu_unknown"),
            "{rows:#?}"
        );
        assert!(has("9", "—", "", "import.duplicate_row"), "{rows:#?}");
        assert!(
            rows.iter().any(|r| r.0 == "9" && r.3.ends_with(": 8")),
            "names the first row"
        );
        assert!(has("10", "NIK", "123", "nik.length") && has("10", "JK", "X", "sex.unknown"));
        assert!(!rows.iter().any(|r| r.0 == "11"), "a good row among bad ones");

        // The report as CSV: the same rows, the reasons in the reader's language.
        let r = c
            .http
            .get(format!("{}/import/{token}/errors.csv", c.base))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        assert!(r.headers()["content-type"].to_str().unwrap().starts_with("text/csv"));
        let disposition = r.headers()["content-disposition"].to_str().unwrap().to_string();
        assert!(
            disposition.starts_with("attachment") && disposition.contains("jelek-masalah.csv"),
            "{disposition}"
        );
        let csv = r.text().await.unwrap();
        let lines: Vec<&str> = csv.trim_start_matches('\u{feff}').lines().collect();
        assert_eq!(lines[0], "baris,kolom,nilai,alasan");
        assert_eq!(lines.len() - 1, count, "{csv}");
        assert!(
            lines
                .iter()
                .any(|l| l.starts_with("2,BB,10300,") && l.contains(text(Lang::Id, "weight.grams"))),
            "{csv}"
        );
        assert!(
            lines
                .iter()
                .any(|l| l.starts_with("7,Posyandu,Mawar Tak Ada,")
                    && l.contains(text(Lang::Id, "import.posyandu_unknown"))),
            "{csv}"
        );
        // In English for a reader who reads English.
        let p = c
            .post_form("/import", "/lang", &[("lang", "en"), ("next", "/import")])
            .await;
        assert_eq!(p.status, 303);
        let en = c.get(&format!("/import/{token}/errors.csv")).await.body;
        assert!(en.contains(text(Lang::En, "weight.grams")), "{en}");
        let page = c.get(&format!("/import/{token}")).await;
        assert!(
            error_rows(&page.body)
                .iter()
                .any(|r| r.3.starts_with(text(Lang::En, "date.future")))
        );

        // Pressing Import anyway stores nothing.
        let p = c.post_raw(&format!("/import/{token}/run"), &page.csrf(), &[]).await;
        assert_eq!(p.status, 303);
        let s = wait(&c, &token).await;
        assert_eq!(s["kind"], "check");
        assert_eq!(stored(t).await, before, "nothing partial");
        assert_eq!(imports_audited(t).await, 0);
    }
);

both_fixture!(a_clean_file_is_imported_once, async |t: &TestApp| {
    let desa = posyandu(t).await;
    let c = t.signed_in("dinkes").await;
    let before = stored(t).await;
    let file = good_file(&desa);
    let token = upload(&c, file.as_bytes(), "februari.csv").await;
    let report = dry_run(&c, &token, &[]).await;
    assert!(report.body.contains("id=\"import-clean\""), "{}", report.body);
    assert_eq!(
        (
            number_at(&report.body, "count-rows"),
            number_at(&report.body, "count-children-new"),
            number_at(&report.body, "count-measurements-new"),
            number_at(&report.body, "count-errors"),
        ),
        (4, 2, 4, 0)
    );
    assert!(!report.body.contains("id=\"errors-csv\""));
    assert_eq!(c.get(&format!("/import/{token}/errors.csv")).await.status, 200);
    assert_eq!(stored(t).await, before);

    // A double press: the second finds the import under way or done, and starts nothing.
    let csrf = report.csrf();
    let first = c.post_raw(&format!("/import/{token}/run"), &csrf, &[]).await;
    let second = c.post_raw(&format!("/import/{token}/run"), &csrf, &[]).await;
    assert_eq!((first.status, second.status), (303, 303));
    let s = wait(&c, &token).await;
    assert_eq!(
        (s["state"].as_str(), s["kind"].as_str()),
        (Some("done"), Some("import")),
        "{s}"
    );
    let done = c.get(&format!("/import/{token}")).await;
    assert!(done.body.contains("id=\"import-stored\""), "{}", done.body);
    assert_eq!(number_at(&done.body, "count-measurements-new"), 4);
    let third = c.post_raw(&format!("/import/{token}/run"), &csrf, &[]).await;
    assert_eq!(third.status, 303);
    wait(&c, &token).await;
    assert_eq!(stored(t).await, (before.0 + 2, before.1 + 4));
    assert_eq!(imports_audited(t).await, 1, "imported once");

    // The same file again: everything is known; importing it changes nothing.
    let token2 = upload(&c, file.as_bytes(), "februari.csv").await;
    assert_ne!(token, token2);
    let again = dry_run(&c, &token2, &[]).await;
    assert_eq!(
        (
            number_at(&again.body, "count-children-new"),
            number_at(&again.body, "count-children-known"),
            number_at(&again.body, "count-measurements-new"),
            number_at(&again.body, "count-measurements-changed"),
            number_at(&again.body, "count-measurements-same"),
        ),
        (0, 2, 0, 0, 4)
    );
    let done = import(&c, &token2).await;
    assert!(done.body.contains("id=\"import-stored\""));
    assert_eq!(stored(t).await, (before.0 + 2, before.1 + 4));
});

both_fixture!(a_kader_imports_for_its_own_posyandu_only, async |t: &TestApp| {
    let desa = posyandu(t).await;
    let own_desa = {
        let mut tx = t.app.store.read().await.unwrap();
        let p = store::org::get_by_code(&mut tx, "POSY-1503031001")
            .await
            .unwrap()
            .unwrap();
        p.region_name.unwrap()
    };
    let k = t.signed_in("kader").await;
    let before = stored(t).await;
    let mixed = format!(
        "Nama Anak,JK,Tgl Lahir,Nama Ibu,Desa,Posyandu,Tgl Ukur,BB,TB\n\
         Rahmat Kader,L,2023-03-01,Wati,{own_desa},Dusun Sarolangun,2024-02-15,9.5,76\n\
         Sinta Lain,P,2023-03-01,Yuni,{desa},Uji Melati,2024-02-15,9.1,75\n"
    );
    let token = upload(&k, mixed.as_bytes(), "campur.csv").await;
    let report = dry_run(&k, &token, &[]).await;
    let rows = error_rows(&report.body);
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(
        (rows[0].0.as_str(), rows[0].1.as_str(), rows[0].2.as_str()),
        ("3", "Posyandu", "Uji Melati")
    );
    assert!(rows[0].3.starts_with(text(Lang::Id, "import.posyandu_unknown")));
    assert!(!report.body.contains("id=\"run-submit\""));
    let p = k.post_raw(&format!("/import/{token}/run"), &report.csrf(), &[]).await;
    assert_eq!(p.status, 303);
    wait(&k, &token).await;
    assert_eq!(stored(t).await, before, "nothing of another Posyandu, nothing at all");

    // The same rows are fine for the district.
    let d = t.signed_in("dinkes").await;
    let dt = upload(&d, mixed.as_bytes(), "campur.csv").await;
    assert!(dry_run(&d, &dt, &[]).await.body.contains("id=\"import-clean\""));

    // Its own rows only: imported, and the kader finds the child.
    let own = format!(
        "Nama Anak,JK,Tgl Lahir,Nama Ibu,Desa,Posyandu,Tgl Ukur,BB,TB\n\
         Rahmat Kader,L,2023-03-01,Wati,{own_desa},Posyandu Dusun Sarolangun,2024-02-15,9.5,76\n"
    );
    let token = upload(&k, own.as_bytes(), "sendiri.csv").await;
    assert!(dry_run(&k, &token, &[]).await.body.contains("id=\"import-clean\""));
    let done = import(&k, &token).await;
    assert!(done.body.contains("id=\"import-stored\""), "{}", done.body);
    assert_eq!(stored(t).await, (before.0 + 1, before.1 + 1));
    assert!(k.get("/children?q=Rahmat").await.body.contains("Rahmat Kader"));
});

/// A child's name from a number, in letters (names hold no digits).
fn letters(mut n: usize) -> String {
    let mut s = String::new();
    for _ in 0..3 {
        s.push((b'a' + (n % 26) as u8) as char);
        n /= 26;
    }
    s
}

both_fixture!(the_status_tells_the_progress_as_json, async |t: &TestApp| {
    let desa = posyandu(t).await;
    let c = t.signed_in("dinkes").await;
    let mut file = String::from("Nama Anak,JK,Tgl Lahir,Nama Ibu,Desa,Posyandu,Tgl Ukur,BB,TB\n");
    let rows = 3000;
    for i in 0..rows {
        let born = chrono::NaiveDate::from_ymd_opt(2022, 3, 1).unwrap() + chrono::Duration::days((i % 300) as i64);
        file.push_str(&format!(
            "Anak {},{},{born},Ibu {},{desa},Uji Melati,2024-02-15,10.5,82\n",
            letters(i),
            if i % 2 == 0 { "L" } else { "P" },
            letters(i + 7)
        ));
    }
    let token = upload(&c, file.as_bytes(), "besar.csv").await;
    let p = check(&c, &token, &[]).await;
    assert_eq!(p.status, 303);
    // While it runs, the page shows the progress and refreshes itself; the status says how far.
    let page = c.get(&format!("/import/{token}")).await;
    if page.body.contains("id=\"import-status\"") {
        assert!(page.body.contains("<meta http-equiv=\"refresh\" content=\"1\">"));
        assert!(page.body.contains("<progress id=\"import-progress\""));
        assert!(page.body.contains("src=\"/static/import.js\""));
        assert!(page.body.contains(&format!("data-status=\"/import/{token}/status\"")));
    }
    let s = wait(&c, &token).await;
    assert_eq!(s["state"], "done", "{s}");
    assert_eq!(s["kind"], "check");
    assert_eq!(s["phase"], "done");
    assert_eq!(
        (s["done"].as_u64(), s["total"].as_u64()),
        (Some(rows as u64), Some(rows as u64))
    );
    assert!(s["text"].as_str().unwrap().contains("3000"), "{s}");
    assert_eq!(s["page"], format!("/import/{token}"));
    let report = c.get(&format!("/import/{token}")).await;
    assert!(report.body.contains("id=\"import-clean\""), "{}", report.body);
    assert_eq!(number_at(&report.body, "count-children-new"), rows as i64);
    // The script is served from the site itself.
    let js = c.get("/static/import.js").await;
    assert_eq!(js.status, 200);
    assert!(js.body.contains("import-progress"));
});

/// A workbook: a sheet of notes, then February's and August's weighings.
fn workbook() -> Vec<u8> {
    use rust_xlsxwriter::Workbook;
    let mut wb = Workbook::new();
    let notes = wb.add_worksheet();
    notes.set_name("Petunjuk").unwrap();
    notes.write_string(0, 0, "Isi data di lembar berikut").unwrap();
    let sheets: [(&str, &[(&str, &str)]); 2] = [
        ("Februari", &[("Aisyah Buku", "2024-02-15")]),
        ("Agustus", &[("Bunga Buku", "2024-08-15"), ("Citra Buku", "2024-08-16")]),
    ];
    for (name, rows) in sheets {
        let ws = wb.add_worksheet();
        ws.set_name(name).unwrap();
        for (c, h) in ["Nama Anak", "JK", "Tgl Lahir", "Posyandu", "Tgl Ukur", "BB", "TB"]
            .iter()
            .enumerate()
        {
            ws.write_string(0, c as u16, *h).unwrap();
        }
        for (r, (child, day)) in rows.iter().enumerate() {
            let r = r as u32 + 1;
            ws.write_string(r, 0, *child).unwrap();
            ws.write_string(r, 1, "P").unwrap();
            ws.write_string(r, 2, "2022-02-10").unwrap();
            ws.write_string(r, 3, "Uji Melati").unwrap();
            ws.write_string(r, 4, *day).unwrap();
            ws.write_number(r, 5, 10.3).unwrap();
            ws.write_number(r, 6, 85.5).unwrap();
        }
    }
    wb.save_to_buffer().unwrap()
}

both_fixture!(a_workbook_sheet_can_be_chosen, async |t: &TestApp| {
    posyandu(t).await;
    let c = t.signed_in("puskesmas").await;
    let d = t.signed_in("dinkes").await;
    let before = stored(t).await;
    let book = workbook();
    // A sheet the workbook does not have is named on the form.
    let p = d
        .post_multipart("/import", "/import", &[("sheet", "Maret")], (&book, "2024.xlsx"))
        .await;
    assert_eq!(p.status, 422);
    assert!(
        p.body.contains("id=\"sheet-error\"") && p.body.contains("Maret"),
        "{}",
        p.body
    );

    // The first sheet with known headers is read; the others are offered.
    let token = upload(&d, &book, "2024.xlsx").await;
    let page = d.get(&format!("/import/{token}/mapping")).await;
    assert_eq!(text_at(&page.body, "import-sheet"), "Februari");
    assert_eq!(number_at(&page.body, "import-rows"), 1);
    let select = element(&page.body, "id=\"sheet-form\"", "</form>");
    for s in ["Petunjuk", "Februari", "Agustus"] {
        assert!(select.contains(&format!(">{s}</option>")), "{s}");
    }
    assert!(select.contains("value=\"Februari\" selected"));

    // Another sheet: its columns and rows.
    let p = d
        .post_raw(&format!("/import/{token}/sheet"), &page.csrf(), &[("sheet", "Agustus")])
        .await;
    assert_eq!(p.status, 303);
    let page = d.get(&format!("/import/{token}/mapping")).await;
    assert_eq!(text_at(&page.body, "import-sheet"), "Agustus");
    assert_eq!(number_at(&page.body, "import-rows"), 2);
    assert_eq!(selected(&page.body, "tgl_ukur"), "Tgl Ukur");
    // A sheet without a table is refused; the one chosen stays.
    let p = d
        .post_raw(
            &format!("/import/{token}/sheet"),
            &page.csrf(),
            &[("sheet", "Petunjuk")],
        )
        .await;
    assert_eq!(p.status, 422);
    assert!(p.body.contains("id=\"file-error\""), "{}", p.body);
    assert_eq!(text_at(&p.body, "import-sheet"), "Agustus");

    let report = dry_run(&d, &token, &[]).await;
    assert_eq!(number_at(&report.body, "count-rows"), 2);
    assert_eq!(number_at(&report.body, "count-children-new"), 2);
    let done = import(&d, &token).await;
    assert!(done.body.contains("id=\"import-stored\""), "{}", done.body);
    assert_eq!(stored(t).await, (before.0 + 2, before.1 + 2));

    // The Puskesmas of another wilayah kerja cannot store rows of Uji Melati.
    let token = upload(&c, &book, "2024.xlsx").await;
    let report = dry_run(&c, &token, &[]).await;
    let errors = error_rows(&report.body);
    assert!(!errors.is_empty(), "the rows of Uji Melati are refused");
    assert!(
        errors
            .iter()
            .all(|r| r.1 == "Posyandu" && r.3.starts_with(text(Lang::Id, "import.posyandu_unknown"))),
        "{errors:?}"
    );
    assert!(!report.body.contains("id=\"run-submit\""));
});
