//! By-name exports on both databases: the follow-up list as CSV, XLSX and print and the
//! children register as CSV and XLSX, each restricted like the list it copies (a kader gets
//! its Posyandu's children, partners and viewers nothing), the NIK — the child's and the
//! mother's — masked unless a role that may see it asks for it in full, headers in the
//! reader's language, and an audit row for every export with its count and NIK mode.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use app::nutrition::Registration;
use calamine::{Data, Reader, Xlsx};
use domain::nutrition::{ChildInput, MeasurementInput, Reason, Sex2};
use lintas_testkit::http::{Client, Download as File};
use lintas_testkit::org_id;
use lintas_testkit::{TestApp, both_fixture};

const NIK: &str = "1503035105250007";
const NIK_MASKED: &str = "1503••••••••0007";
const MOTHER_NIK: &str = "1503034101950002";
const MOTHER_NIK_MASKED: &str = "1503••••••••0002";
const OTHER_NIK: &str = "1503011203230005";
const OTHER_NIK_MASKED: &str = "1503••••••••0005";

const FOLLOWUP_HEADER: &str = "\u{feff}No,Nama anak,Jenis kelamin,Tanggal lahir,Umur (bulan),NIK anak,Nama ibu,NIK ibu,\
    Alamat,RT,RW,Desa/kelurahan,Posyandu,Alasan,Tanggal ukur terakhir,BB (kg),Tanggal ukur PB/TB,PB/TB (cm),Z-skor TB/U,\
    Tindak lanjut oleh,Status tindak lanjut";

fn day(n: i64) -> chrono::NaiveDate {
    domain::action::local_today("15.03", chrono::Utc::now()) - chrono::Duration::days(n)
}

/// `n` days ago as the exports write dates.
fn dmy(n: i64) -> String {
    day(n).format("%d/%m/%Y").to_string()
}

/// Registers a child at `posyandu` as `who` and measures it stunted twenty days ago (79 cm at
/// about 22 months).
async fn stunted_child(t: &TestApp, who: &str, posyandu: i64, name: &str, nik: &str, mother: (&str, &str)) -> i64 {
    let a = t.actor(who).await;
    let text = |s: &str| Some(s.to_string()).filter(|s| !s.is_empty());
    let form = ChildInput {
        nik: text(nik),
        mother_name: text(mother.0),
        mother_nik: text(mother.1),
        rt: text("003"),
        rw: text("001"),
        address: text("Jl. Lintas Sumatera"),
        has_kia: true,
        ..ChildInput::new(name, Sex2::L, day(700), posyandu)
    };
    let Registration::Created(id) = app::nutrition::register_child(&t.app, &a, &form, true).await.unwrap() else {
        panic!("not registered")
    };
    let m = MeasurementInput {
        weight: Some(10.1),
        height: Some(79.0),
        ..MeasurementInput::on(day(20))
    };
    app::nutrition::record(&t.app, &a, id, &m).await.unwrap();
    id
}

/// A Posyandu outside the Puskesmas Sarolangun's wilayah kerja (kecamatan 15.03.01, under
/// Puskesmas Batang Asai).
async fn posyandu_elsewhere(t: &TestApp) -> i64 {
    t.add_posyandu("Posyandu Tambak Ratu").await.0
}

/// A Rakor the dinkes held a week ago: the meeting a follow-up it assigns is added to.
async fn dinkes_rakor(t: &TestApp) -> i64 {
    let dinkes = t.actor("dinkes").await;
    let input = domain::meeting::MeetingInput {
        title: "Rakor Percepatan Penurunan Stunting".into(),
        kind: domain::meeting::ForumKind::RakorKesehatan,
        forum_id: None,
        host_org_id: t.fx().dinkes,
        level: domain::meeting::MeetingLevel::District,
        held_on: day(7),
        start_time: Some("09:00".into()),
        place: Some("Aula Dinas Kesehatan".into()),
        chair: None,
        first_of_year: false,
    };
    app::meeting::create(&t.app, &dinkes, &input, &[])
        .await
        .unwrap_or_else(|e| panic!("meeting: {e:?}"))
}

/// What the export tests read of a download.
trait Read {
    fn line(&self, name: &str) -> String;
    fn sheet(&self) -> Vec<Vec<Data>>;
}

impl Read for File {
    /// The CSV line that holds `name`.
    fn line(&self, name: &str) -> String {
        let text = self.text();
        text.lines()
            .find(|l| l.contains(name))
            .unwrap_or_else(|| panic!("no {name} in {text}"))
            .to_string()
    }
    /// The cells of the first sheet.
    fn sheet(&self) -> Vec<Vec<Data>> {
        let mut wb: Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(self.bytes.clone())).unwrap();
        let range = wb.worksheet_range_at(0).unwrap().unwrap();
        range.rows().map(|r| r.to_vec()).collect()
    }
}

async fn fetch(_t: &TestApp, c: &Client, path: &str) -> File {
    c.download(path).await
}

/// The export rows of the audit log: (username, summary, after).
async fn exports(t: &TestApp) -> Vec<(String, String, serde_json::Value)> {
    let mut tx = t.app.store.read().await.unwrap();
    store::audit::list(
        &mut tx,
        &store::audit::AuditFilter {
            entity: Some("child_list".into()),
            action: Some("export".into()),
            limit: 1000,
            ..Default::default()
        },
    )
    .await
    .unwrap()
    .0
    .into_iter()
    .map(|e| {
        let after = e
            .after_json
            .as_deref()
            .map(|j| serde_json::from_str(j).unwrap())
            .unwrap_or_default();
        (e.username.unwrap_or_default(), e.summary, after)
    })
    .collect()
}

both_fixture!(
    follow_up_exports_mask_the_nik_unless_asked_in_full,
    async |t: &TestApp| {
        let posyandu = org_id(t, "POSY-1503031001").await;
        let ours = stunted_child(
            t,
            "kader",
            posyandu,
            "Gilang Lintas Ekspor",
            NIK,
            ("Nur Aini", MOTHER_NIK),
        )
        .await;
        let elsewhere = posyandu_elsewhere(t).await;
        stunted_child(
            t,
            "dinkes",
            elsewhere,
            "Dewi Lintas Jauh",
            OTHER_NIK,
            ("Ratna Sari", ""),
        )
        .await;

        // The dinkes assigns Gilang's follow-up to the Polsek at its Rakor: the export names who
        // and how far.
        let rakor = dinkes_rakor(t).await;
        let dinkes_actor = t.actor("dinkes").await;
        let choices = app::followup::assign_choices(&t.app, &dinkes_actor, ours)
            .await
            .unwrap();
        assert_eq!(choices.default_meeting, Some(rakor));
        let polsek = choices.owners.iter().find(|o| o.org.kind == "polsek").unwrap();
        let action = app::followup::assign(
            &t.app,
            &dinkes_actor,
            ours,
            &app::followup::AssignInput {
                meeting_id: choices.default_meeting.unwrap(),
                owner_org_id: polsek.org.id,
                person_id: None,
                what: String::new(),
                due_on: Some(day(-30)),
                reason: Some(Reason::Stunted),
                note: String::new(),
            },
        )
        .await
        .unwrap();
        assert!(action > 0);
        // Weighed again today without a length: the list still shows the length it is judged on.
        let weighing = MeasurementInput {
            weight: Some(10.2),
            ..MeasurementInput::on(day(0))
        };
        app::nutrition::record(&t.app, &t.actor("kader").await, ours, &weighing)
            .await
            .unwrap();

        let dinkes = t.signed_in("dinkes").await;
        let before = exports(t).await.len();

        // Masked by default, even for the dinkes.
        let f = fetch(t, &dinkes, "/followup.csv").await;
        assert_eq!(f.status, 200, "{}", f.text());
        assert_eq!(f.content_type, "text/csv; charset=utf-8");
        assert!(
            f.disposition.starts_with("attachment; filename=\"tindak-lanjut-gizi-"),
            "{}",
            f.disposition
        );
        assert_eq!(f.cache, "private, no-store");
        assert_eq!(f.text().lines().next().unwrap(), FOLLOWUP_HEADER);
        let line = f.line("Gilang Lintas Ekspor");
        assert!(line.contains(NIK_MASKED) && line.contains(MOTHER_NIK_MASKED), "{line}");
        assert!(!f.text().contains(NIK) && !f.text().contains(MOTHER_NIK));
        for cell in [
            "Laki-laki",
            ",22,",
            "Nur Aini",
            "Jl. Lintas Sumatera,003,001",
            "Posyandu Dusun Sarolangun",
            ",Stunting",
            &format!(",{},10.2,{},79,", dmy(0), dmy(20)),
            &polsek.org.name,
            "Direncanakan",
        ] {
            assert!(line.contains(cell), "{cell} in {line}");
        }
        assert!(
            f.line("Dewi Lintas Jauh").contains(OTHER_NIK_MASKED),
            "the district's list"
        );

        // In full only when the dinkes or the admin asks for it.
        let f = fetch(t, &dinkes, "/followup.csv?nik=full").await;
        let line = f.line("Gilang Lintas Ekspor");
        assert!(line.contains(NIK) && line.contains(MOTHER_NIK), "{line}");
        let admin = t.signed_in("admin").await;
        let f = fetch(t, &admin, "/followup.csv?nik=full&kind=stunted").await;
        assert!(f.line("Gilang Lintas Ekspor").contains(NIK));
        assert!(f.line("Dewi Lintas Jauh").contains(OTHER_NIK));

        // Still masked for the Puskesmas and the kader, whatever they ask; the kader gets its
        // Posyandu only, the Puskesmas its wilayah kerja.
        for user in ["puskesmas", "kader"] {
            let c = t.signed_in(user).await;
            let f = fetch(t, &c, "/followup.csv?nik=full").await;
            assert_eq!(f.status, 200, "{user}");
            let line = f.line("Gilang Lintas Ekspor");
            assert!(
                line.contains(NIK_MASKED) && line.contains(MOTHER_NIK_MASKED),
                "{user}: {line}"
            );
            assert!(!f.text().contains(NIK), "{user}");
            assert!(!f.text().contains("Dewi Lintas Jauh"), "{user}: outside its area");
        }
        let kader = t.signed_in("kader").await;
        let f = fetch(t, &kader, &format!("/followup.csv?posyandu={elsewhere}")).await;
        assert_eq!(
            f.text().lines().count(),
            1,
            "another Posyandu's list is empty for the kader"
        );

        // XLSX: text cells, masked by default, in full when asked by the dinkes.
        let f = fetch(t, &dinkes, "/followup.xlsx?kind=stunted").await;
        assert_eq!(f.status, 200);
        assert_eq!(
            f.content_type,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        );
        assert_eq!(f.cache, "private, no-store");
        let rows = f.sheet();
        assert_eq!(rows[0][0], Data::String("Daftar tindak lanjut gizi balita".into()));
        let subtitle = rows[1][0].to_string();
        assert!(
            subtitle.contains("Stunting") && subtitle.contains("NIK disamarkan"),
            "{subtitle}"
        );
        assert_eq!(rows[3][1], Data::String("Nama anak".into()));
        let row = rows
            .iter()
            .find(|r| r[1] == Data::String("Gilang Lintas Ekspor".into()))
            .unwrap();
        assert_eq!(row[5], Data::String(NIK_MASKED.into()));
        assert_eq!(row[9], Data::String("003".into()));
        assert_eq!(row[17], Data::Float(79.0));
        let f = fetch(t, &dinkes, "/followup.xlsx?nik=full").await;
        let rows = f.sheet();
        assert!(rows[1][0].to_string().contains("NIK lengkap"));
        let row = rows
            .iter()
            .find(|r| r[1] == Data::String("Gilang Lintas Ekspor".into()))
            .unwrap();
        assert_eq!(row[5], Data::String(NIK.into()));
        assert_eq!(row[7], Data::String(MOTHER_NIK.into()));

        // Printable for the field team: masked for the kader, room for the visit notes.
        let p = kader
            .get(&format!("/followup/print?posyandu={posyandu}&nik=full"))
            .await;
        assert_eq!(p.status, 200);
        assert!(p.body.contains("print.css") && p.body.contains("DAFTAR TINDAK LANJUT GIZI BALITA"));
        assert!(p.body.contains("Gilang Lintas Ekspor") && p.body.contains(NIK_MASKED));
        assert!(!p.body.contains(NIK) && p.body.contains("Hasil kunjungan"));
        assert!(p.body.contains("Posyandu Dusun Sarolangun · "), "the Posyandu named");
        assert!(
            p.body.contains("79,0 cm TB/U −") && p.body.contains(&format!("({})", dmy(20))),
            "the length and its day"
        );
        let p = dinkes.get("/followup/print?nik=full").await;
        assert!(p.body.contains(NIK) && p.body.contains("NIK lengkap"));

        // Partners and viewers get no names in any form.
        for user in ["polsek", "bupati"] {
            let c = t.signed_in(user).await;
            for path in [
                "/followup.csv",
                "/followup.xlsx",
                "/followup/print",
                "/followup.csv?nik=full",
            ] {
                let f = fetch(t, &c, path).await;
                assert_eq!(f.status, 403, "{user} {path}");
                assert!(!f.text().contains("Gilang"));
            }
        }

        // One audit row per export, with the count and the NIK mode, never a name.
        let rows = exports(t).await;
        assert_eq!(rows.len(), before + 10, "{rows:#?}");
        assert!(
            rows.iter()
                .all(|(_, s, _)| !s.contains("Gilang") && !s.contains("Dewi"))
        );
        let mine: Vec<_> = rows.iter().filter(|(u, _, _)| u == "dinkes").collect();
        assert_eq!(mine.len(), 5);
        assert!(
            mine.iter()
                .any(|(_, s, a)| s.starts_with("follow-up list exported as csv (")
                    && s.contains("NIK masked")
                    && a["nik"] == "masked"
                    && a["format"] == "csv"
                    && a["count"].as_i64().unwrap() >= 2),
            "{mine:#?}"
        );
        assert!(
            mine.iter()
                .any(|(_, s, a)| s.contains("NIK in full") && a["nik"] == "full" && a["format"] == "xlsx")
        );
        let kader_rows: Vec<_> = rows.iter().filter(|(u, _, _)| u == "kader").collect();
        assert_eq!(kader_rows.len(), 3);
        assert!(
            kader_rows.iter().all(|(_, _, a)| a["nik"] == "masked"),
            "asked, not given"
        );
        assert!(
            kader_rows
                .iter()
                .any(|(_, _, a)| a["format"] == "print" && a["posyandu_id"] == posyandu)
        );
    }
);

both_fixture!(the_register_follows_the_list_filters_and_scope, async |t: &TestApp| {
    let posyandu = org_id(t, "POSY-1503031001").await;
    stunted_child(
        t,
        "kader",
        posyandu,
        "Gilang Lintas Ekspor",
        NIK,
        ("Nur Aini", MOTHER_NIK),
    )
    .await;
    let elsewhere = posyandu_elsewhere(t).await;
    stunted_child(
        t,
        "dinkes",
        elsewhere,
        "Dewi Lintas Jauh",
        OTHER_NIK,
        ("Ratna Sari", ""),
    )
    .await;
    let at_kaders = {
        let mut tx = t.app.store.read().await.unwrap();
        store::nutrition::children(
            &mut tx,
            &domain::access::Area::All,
            &store::nutrition::ChildFilter {
                posyandu_id: Some(posyandu),
                limit: 5000,
                ..Default::default()
            },
        )
        .await
        .unwrap()
        .len()
    };
    assert_eq!(at_kaders, 3, "the fixture's two children there and ours");
    let before = exports(t).await.len();

    // The kader: its Posyandu's children, every one of them, NIK masked.
    let kader = t.signed_in("kader").await;
    let f = fetch(t, &kader, "/children.csv?nik=full").await;
    assert_eq!(f.status, 200);
    assert!(f.disposition.contains("register-balita-"));
    let text = f.text();
    assert!(
        text.starts_with(
            "\u{feff}No,Nama anak,Jenis kelamin,Tanggal lahir,Umur (bulan),NIK anak,Nama ibu,NIK ibu,Alamat,RT,RW,\
             Desa/kelurahan,Posyandu,Buku KIA/KMS,Tanggal ukur terakhir,BB (kg),PB/TB (cm)\n"
        ),
        "{}",
        text.lines().next().unwrap()
    );
    assert_eq!(text.lines().count(), at_kaders + 1, "all of them, not a page");
    let line = f.line("Gilang Lintas Ekspor");
    assert!(
        line.contains(NIK_MASKED) && line.contains(MOTHER_NIK_MASKED) && line.contains(",Ya,"),
        "{line}"
    );
    assert!(line.contains(",10.1,79"), "the latest measurement: {line}");
    assert!(!text.contains(NIK) && !text.contains("Dewi Lintas Jauh"));
    assert!(text.lines().skip(1).all(|l| l.contains("Posyandu Dusun Sarolangun")));
    // The list's filters: name words, Posyandu.
    let f = fetch(t, &kader, "/children.csv?q=lintas+ekspor").await;
    assert_eq!(f.text().lines().count(), 2, "{}", f.text());
    let f = fetch(t, &kader, &format!("/children.csv?posyandu={elsewhere}")).await;
    assert_eq!(
        f.text().lines().count(),
        1,
        "another Posyandu's children are not the kader's"
    );

    // The dinkes: a Posyandu of the district; the NIK in full when asked for.
    let dinkes = t.signed_in("dinkes").await;
    let f = fetch(t, &dinkes, &format!("/children.csv?posyandu={elsewhere}")).await;
    assert!(f.line("Dewi Lintas Jauh").contains(OTHER_NIK_MASKED));
    assert!(!f.text().contains("Gilang"));
    let f = fetch(t, &dinkes, "/children.csv?q=ekspor&nik=full").await;
    assert!(f.line("Gilang Lintas Ekspor").contains(NIK));
    let f = fetch(t, &dinkes, "/children.xlsx?q=ekspor&nik=full").await;
    assert_eq!(f.status, 200);
    assert_eq!(f.cache, "private, no-store");
    let rows = f.sheet();
    assert_eq!(rows[0][0], Data::String("Register balita".into()));
    assert_eq!(rows.len(), 5, "title, subtitle, blank, header, one child");
    assert_eq!(rows[4][1], Data::String("Gilang Lintas Ekspor".into()));
    assert_eq!(rows[4][5], Data::String(NIK.into()));
    assert_eq!(rows[4][7], Data::String(MOTHER_NIK.into()));
    let puskesmas = t.signed_in("puskesmas").await;
    let f = fetch(t, &puskesmas, "/children.xlsx?q=ekspor&nik=full").await;
    let rows = f.sheet();
    assert_eq!(rows[4][5], Data::String(NIK_MASKED.into()));

    // Headers and words in the reader's language.
    let p = dinkes
        .post_form("/children", "/lang", &[("lang", "en"), ("next", "/children")])
        .await;
    assert_eq!(p.status, 303);
    let f = fetch(t, &dinkes, "/children.csv?q=ekspor").await;
    assert!(
        f.text().starts_with(
            "\u{feff}No,Child's name,Sex,Date of birth,Age (months),Child's NIK,Mother's name,Mother's NIK"
        ),
        "{}",
        f.text()
    );
    assert!(f.line("Gilang Lintas Ekspor").contains(",Boy,"));

    for user in ["polsek", "bupati"] {
        let c = t.signed_in(user).await;
        for path in ["/children.csv", "/children.xlsx", "/children.csv?nik=full"] {
            assert_eq!(fetch(t, &c, path).await.status, 403, "{user} {path}");
        }
    }

    // An audit row per export.
    let rows = exports(t).await;
    assert_eq!(rows.len(), before + 8, "{rows:#?}");
    assert!(
        rows.iter()
            .all(|(_, s, _)| !s.contains("Gilang") && !s.contains("ekspor"))
    );
    assert!(rows.iter().any(|(u, s, a)| u == "kader"
        && s == &format!("children register exported as csv ({at_kaders} children, NIK masked): area")
        && a["list"] == "register"));
    assert!(
        rows.iter()
            .any(|(u, s, _)| u == "dinkes" && s.contains("(1 child, NIK in full): area, name search"))
    );
});

both_fixture!(the_pages_offer_the_exports, async |t: &TestApp| {
    // The full NIK is offered only to the roles that may have it.
    for (user, offered) in [
        ("dinkes", true),
        ("admin", true),
        ("puskesmas", false),
        ("kader", false),
    ] {
        let c = t.signed_in(user).await;
        for page in ["/followup?kind=stunted", "/children?q=ani"] {
            let p = c.get(page).await;
            assert_eq!(p.status, 200, "{user} {page}");
            assert_eq!(p.body.contains("name=\"nik\" value=\"full\""), offered, "{user} {page}");
        }
        let p = c.get("/followup?kind=stunted").await;
        assert!(p.body.contains("id=\"followup-export\"") && p.body.contains("action=\"/followup.csv\""));
        assert!(p.body.contains("formaction=\"/followup.xlsx\"") && p.body.contains("formaction=\"/followup/print\""));
        assert!(
            p.body.contains("name=\"kind\" value=\"stunted\""),
            "the list's filter goes along"
        );
        let p = c.get("/children?q=ani").await;
        assert!(p.body.contains("id=\"children-export\"") && p.body.contains("formaction=\"/children.xlsx\""));
        assert!(p.body.contains("name=\"q\" value=\"ani\""));
    }
});
