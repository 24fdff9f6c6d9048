//! A small district for tests, built through the app's use cases (so every record has its
//! audit row and the nutrition tallies are kept as on any write), in a fraction of the time
//! the demo district takes.
//!
//! It follows the demo's names and codes, so a test written against the demo can switch to it
//! when it only needs what is here: Kabupaten Sarolangun (15.03) with its government
//! (`PEMKAB-SRL`), Dinkes (`DINKES-SRL`) and Polres (`POLRES-SRL`); kecamatan Sarolangun
//! (15.03.03) holding two Puskesmas, `PKM-SRL-03` (the desa and the kelurahan Dusun
//! Sarolangun) and `PKM-SRL-03K` (the other kelurahan); the camat (`CAMAT-SRL-03`), the Polsek
//! (`POLSEK-SRL-03`) and the government of desa Bernai (`DESA-1503032002`); three Posyandu,
//! Dusun Sarolangun (`POSY-1503031001`, the kader's) and Bernai (`POSY-1503032002`) under
//! Puskesmas Sarolangun, Sukasari (`POSY-1503031015`) under Puskesmas Sarolangun Kota; four
//! children, each weighed 35 and 3 days ago; and the demo's logins with the demo
//! password: admin, dinkes, puskesmas, puskesmas-kota, kader, polsek (partner), bupati
//! (viewer). Around them, for tests that need someone else: the RSUD (`RSUD-SRL`), the Kodim
//! (`KODIM-0420`) with its Koramil in kecamatan Sarolangun (`KORAMIL-SRL-03`), and the
//! Puskesmas of two other kecamatan, Batang Asai (`PKM-SRL-01`, desa Tambak Ratu and Sungai
//! Keradak) and Limun (`PKM-SRL-02`, desa Pulau Pandan). Five people hold a post: the
//! Kepala Puskesmas Sarolangun, the Camat, the Kapolsek, the Danramil and the Kepala
//! Puskesmas Batang Asai.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use app::App;
use app::nutrition::Registration;
use chrono::{Duration, NaiveDate};
use domain::access::Actor;
use domain::nutrition::{ChildInput, MeasurementInput, Sex2};
use domain::person::{PersonInput, PositionInput, PositionKind};
use domain::user::{Role, UserInput};

pub const DISTRICT: &str = "15.03";
pub const KECAMATAN: &str = "15.03.03";
/// The kelurahan of the kader's Posyandu, in Puskesmas Sarolangun's wilayah kerja.
pub const DUSUN_SAROLANGUN: &str = "15.03.03.1001";
/// A desa of Puskesmas Sarolangun.
pub const BERNAI: &str = "15.03.03.2002";
/// A kelurahan of Puskesmas Sarolangun Kota.
pub const SUKASARI: &str = "15.03.03.1015";
/// Kecamatan Batang Asai, Puskesmas Batang Asai's.
pub const BATANG_ASAI: &str = "15.03.01";
/// The desa of Puskesmas Batang Asai (Tambak Ratu, Sungai Keradak).
pub const BATANG_ASAI_DESA: [&str; 2] = ["15.03.01.2001", "15.03.01.2002"];
/// Kecamatan Limun, Puskesmas Limun's.
pub const LIMUN: &str = "15.03.02";
/// The desa of Puskesmas Limun (Pulau Pandan).
pub const LIMUN_DESA: &str = "15.03.02.2005";
/// Password of every fixture login (the demo's, so `TestApp::signed_in` works on both).
pub const PASSWORD: &str = app::demo::district::PASSWORD;

/// The ids of what the fixture made.
#[derive(Debug, Clone)]
pub struct Fixture {
    pub pemkab: i64,
    pub dinkes: i64,
    pub polres: i64,
    pub camat: i64,
    pub polsek: i64,
    pub desa_bernai: i64,
    /// RSUD Prof. Dr. H. M. Chatib Quzwain (`RSUD-SRL`), under the Pemkab.
    pub rsud: i64,
    /// Kodim 0420/Sarko (`KODIM-0420`).
    pub kodim: i64,
    /// Koramil Sarolangun (`KORAMIL-SRL-03`), under the Kodim.
    pub koramil: i64,
    /// Puskesmas Batang Asai (`PKM-SRL-01`), in another kecamatan.
    pub pkm_batang_asai: i64,
    /// Puskesmas Limun (`PKM-SRL-02`), in a third kecamatan.
    pub pkm_limun: i64,
    /// Puskesmas Sarolangun (`PKM-SRL-03`).
    pub pkm: i64,
    /// Puskesmas Sarolangun Kota (`PKM-SRL-03K`), in the same kecamatan.
    pub pkm_kota: i64,
    /// Posyandu Dusun Sarolangun, the kader's (under `pkm`).
    pub posyandu: i64,
    /// Posyandu Bernai (under `pkm`).
    pub posyandu_bernai: i64,
    /// Posyandu Sukasari (under `pkm_kota`).
    pub posyandu_kota: i64,
    /// Children by Posyandu: two at `posyandu`, one at `posyandu_bernai`, one at
    /// `posyandu_kota`, in that order.
    pub children: Vec<i64>,
    /// People holding a post, in order: the Kepala Puskesmas Sarolangun, the Camat, the
    /// Kapolsek and the Danramil of Sarolangun, and the Kepala Puskesmas Batang Asai.
    pub people: Vec<i64>,
    /// User ids of the logins, in the order of [`LOGINS`].
    pub users: Vec<i64>,
    /// The date the measurements are relative to (today in the district).
    pub today: NaiveDate,
}

/// (username, role, display name, organisation code) of each login.
pub const LOGINS: &[(&str, &str, &str, &str)] = &[
    ("admin", "admin", "Administrator Lintas", ""),
    ("dinkes", "dinkes", "Bambang Hermanto", "DINKES-SRL"),
    ("puskesmas", "puskesmas", "Kepala Puskesmas Sarolangun", "PKM-SRL-03"),
    (
        "puskesmas-kota",
        "puskesmas",
        "Kepala Puskesmas Sarolangun Kota",
        "PKM-SRL-03K",
    ),
    ("kader", "kader", "Kader Posyandu Dusun Sarolangun", "POSY-1503031001"),
    ("polsek", "partner", "Kapolsek Sarolangun", "POLSEK-SRL-03"),
    ("bupati", "viewer", "Bachril Bakri", "PEMKAB-SRL"),
];

/// The signed-in view of `username`, for calling use cases directly.
pub async fn actor(app: &App, username: &str) -> Actor {
    let u = app::user::by_username(app, username).await.expect("user");
    let mut tx = app.store.read().await.expect("read");
    app::auth::actor_of(&mut tx, &u).await.expect("actor")
}

async fn org(app: &App, by: &Actor, name: &str, code: &str, kind: &str, parent: Option<i64>, region: &str) -> i64 {
    let kind = domain::org::OrgKind::parse(kind).unwrap_or_else(|_| panic!("kind {kind}"));
    app::org::create(app, by, &crate::org_input(name, code, kind, parent, region))
        .await
        .unwrap_or_else(|e| panic!("organisation {code}: {e:?}"))
}

async fn user(app: &App, by: Option<&Actor>, login: &(&str, &str, &str, &str), org_id: Option<i64>) -> i64 {
    app::user::create(
        app,
        by,
        &UserInput {
            username: login.0.into(),
            display_name: login.2.into(),
            role: Role::parse(login.1).unwrap_or_else(|_| panic!("role {}", login.1)),
            org_id,
            person_id: None,
            password: Some(PASSWORD.into()),
            active: true,
        },
    )
    .await
    .unwrap_or_else(|e| panic!("login {}: {e:?}", login.0))
}

/// A person holding the post `kind` (with `title`) at `org` since 2024-01-01.
pub async fn person(app: &App, by: &Actor, name: &str, org: i64, kind: &str, title: &str) -> i64 {
    let position = PositionInput {
        org_id: org,
        kind: PositionKind::parse(kind).unwrap_or_else(|_| panic!("position kind {kind}")),
        title: Some(title.into()),
        started_on: NaiveDate::from_ymd_opt(2024, 1, 1),
        ended_on: None,
    };
    let form = PersonInput {
        name: name.into(),
        phone: None,
        email: None,
        nik: None,
        nik_masked: false,
    };
    app::person::create(app, by, &form, Some(&position))
        .await
        .unwrap_or_else(|e| panic!("person {name}: {e:?}"))
}

/// A child registered by `by` at `posyandu`, born on `born` (`nik` may be empty).
pub async fn child(app: &App, by: &Actor, posyandu: i64, name: &str, sex: Sex2, born: NaiveDate, nik: &str) -> i64 {
    let input = ChildInput {
        nik: Some(nik.to_string()).filter(|n| !n.is_empty()),
        mother_name: Some(format!("Ibu {name}")),
        ..ChildInput::new(name, sex, born, posyandu)
    };
    match app::nutrition::register_child(app, by, &input, true).await {
        Ok(Registration::Created(id)) => id,
        other => panic!("child {name}: {other:?}"),
    }
}

/// A weighing (kg) and length/height (cm) of `child` on `on`.
pub async fn measure(app: &App, by: &Actor, child: i64, on: NaiveDate, weight: f64, height: f64) {
    let input = MeasurementInput {
        weight: Some(weight),
        height: Some(height),
        ..MeasurementInput::on(on)
    };
    app::nutrition::record(app, by, child, &input)
        .await
        .unwrap_or_else(|e| panic!("measurement of {child} on {on}: {e:?}"));
}

/// A fixture child: (Posyandu, name, sex, age in days, NIK, two weighings (kg, cm)).
type ChildSpec<'a> = (i64, &'a str, Sex2, i64, &'a str, [(f64, f64); 2]);

/// Builds the fixture district on a migrated, empty database.
pub async fn load(app: &App) -> Fixture {
    let mut users = Vec::new();
    users.push(user(app, None, &LOGINS[0], None).await);
    let admin = actor(app, "admin").await;
    let a = &admin;
    let pemkab = org(
        app,
        a,
        "Pemerintah Kabupaten Sarolangun",
        "PEMKAB-SRL",
        "regional_government",
        None,
        DISTRICT,
    )
    .await;
    let dinkes = org(
        app,
        a,
        "Dinas Kesehatan Kabupaten Sarolangun",
        "DINKES-SRL",
        "dinkes_district",
        Some(pemkab),
        DISTRICT,
    )
    .await;
    let polres = org(app, a, "Polres Sarolangun", "POLRES-SRL", "polres", None, DISTRICT).await;
    let camat = org(
        app,
        a,
        "Kantor Camat Sarolangun",
        "CAMAT-SRL-03",
        "kecamatan_office",
        Some(pemkab),
        KECAMATAN,
    )
    .await;
    let polsek = org(
        app,
        a,
        "Polsek Sarolangun",
        "POLSEK-SRL-03",
        "polsek",
        Some(polres),
        KECAMATAN,
    )
    .await;
    let desa_bernai = org(
        app,
        a,
        "Pemerintah Desa Bernai",
        "DESA-1503032002",
        "village_government",
        Some(camat),
        BERNAI,
    )
    .await;
    let pkm = org(
        app,
        a,
        "Puskesmas Sarolangun",
        "PKM-SRL-03",
        "puskesmas",
        Some(dinkes),
        KECAMATAN,
    )
    .await;
    let pkm_kota = org(
        app,
        a,
        "Puskesmas Sarolangun Kota",
        "PKM-SRL-03K",
        "puskesmas",
        Some(dinkes),
        KECAMATAN,
    )
    .await;
    let rsud = org(
        app,
        a,
        "RSUD Prof. Dr. H. M. Chatib Quzwain",
        "RSUD-SRL",
        "hospital",
        Some(pemkab),
        DISTRICT,
    )
    .await;
    let kodim = org(app, a, "Kodim 0420/Sarko", "KODIM-0420", "kodim", None, DISTRICT).await;
    let koramil = org(
        app,
        a,
        "Koramil Sarolangun",
        "KORAMIL-SRL-03",
        "koramil",
        Some(kodim),
        KECAMATAN,
    )
    .await;
    let pkm_batang_asai = org(
        app,
        a,
        "Puskesmas Batang Asai",
        "PKM-SRL-01",
        "puskesmas",
        Some(dinkes),
        BATANG_ASAI,
    )
    .await;
    let pkm_limun = org(
        app,
        a,
        "Puskesmas Limun",
        "PKM-SRL-02",
        "puskesmas",
        Some(dinkes),
        LIMUN,
    )
    .await;
    app::org::set_wilayah_kerja(app, a, pkm_batang_asai, &BATANG_ASAI_DESA.map(String::from))
        .await
        .expect("wilayah kerja of PKM-SRL-01");
    app::org::set_wilayah_kerja(app, a, pkm_limun, &[LIMUN_DESA.into()])
        .await
        .expect("wilayah kerja of PKM-SRL-02");
    app::org::set_wilayah_kerja(app, a, pkm, &[DUSUN_SAROLANGUN.into(), BERNAI.into()])
        .await
        .expect("wilayah kerja of PKM-SRL-03");
    app::org::set_wilayah_kerja(app, a, pkm_kota, &[SUKASARI.into()])
        .await
        .expect("wilayah kerja of PKM-SRL-03K");
    let posyandu = org(
        app,
        a,
        "Posyandu Dusun Sarolangun",
        "POSY-1503031001",
        "posyandu",
        Some(pkm),
        DUSUN_SAROLANGUN,
    )
    .await;
    let posyandu_bernai = org(
        app,
        a,
        "Posyandu Bernai",
        "POSY-1503032002",
        "posyandu",
        Some(pkm),
        BERNAI,
    )
    .await;
    let posyandu_kota = org(
        app,
        a,
        "Posyandu Sukasari",
        "POSY-1503031015",
        "posyandu",
        Some(pkm_kota),
        SUKASARI,
    )
    .await;

    let mut people = Vec::new();
    for (name, at, kind, title) in [
        ("dr. Rina Marlina", pkm, "head", "Kepala Puskesmas"),
        ("Arief Budiman", camat, "camat", "Camat"),
        ("Iptu Hendra Saputra", polsek, "kapolsek", "Kapolsek"),
        ("Kapten Inf. Joko Susilo", koramil, "danramil", "Danramil"),
        ("dr. Yusuf Hakim", pkm_batang_asai, "head", "Kepala Puskesmas"),
    ] {
        people.push(person(app, a, name, at, kind, title).await);
    }

    let by_code = [
        ("DINKES-SRL", dinkes),
        ("PKM-SRL-03", pkm),
        ("PKM-SRL-03K", pkm_kota),
        ("POSY-1503031001", posyandu),
        ("POLSEK-SRL-03", polsek),
        ("PEMKAB-SRL", pemkab),
    ];
    for login in &LOGINS[1..] {
        let org_id = by_code.iter().find(|(c, _)| *c == login.3).map(|(_, id)| *id);
        users.push(user(app, Some(a), login, org_id).await);
    }

    // Children weighed 35 and 3 days ago (dates relative to today in the district, so every
    // child stays under five and no date is in the future).
    let today = domain::action::local_today(DISTRICT, chrono::Utc::now());
    let dinkes_actor = actor(app, "dinkes").await;
    let d = &dinkes_actor;
    let born = |days: i64| today - Duration::days(days);
    let spec: [ChildSpec; 4] = [
        (
            posyandu,
            "Rafa Uji Sehat",
            Sex2::L,
            600,
            "1503030101230001",
            [(10.4, 80.0), (10.7, 81.0)],
        ),
        (
            posyandu,
            "Salsa Uji Pendek",
            Sex2::P,
            700,
            "1503034202230002",
            [(8.6, 74.0), (8.7, 74.5)],
        ),
        (
            posyandu_bernai,
            "Bima Uji Bernai",
            Sex2::L,
            400,
            "",
            [(8.9, 73.0), (9.1, 74.0)],
        ),
        (
            posyandu_kota,
            "Citra Uji Kota",
            Sex2::P,
            900,
            "",
            [(10.9, 84.0), (11.1, 85.0)],
        ),
    ];
    let mut children = Vec::new();
    for (at, name, sex, age, nik, weighings) in spec {
        let id = child(app, d, at, name, sex, born(age), nik).await;
        measure(app, d, id, today - Duration::days(35), weighings[0].0, weighings[0].1).await;
        measure(app, d, id, today - Duration::days(3), weighings[1].0, weighings[1].1).await;
        children.push(id);
    }

    Fixture {
        pemkab,
        dinkes,
        polres,
        camat,
        polsek,
        desa_bernai,
        rsud,
        kodim,
        koramil,
        pkm_batang_asai,
        pkm_limun,
        pkm,
        pkm_kota,
        posyandu,
        posyandu_bernai,
        posyandu_kota,
        children,
        people,
        users,
        today,
    }
}
