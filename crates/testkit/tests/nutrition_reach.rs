//! Children across areas (issue 11, holes 2 and 9), on both databases: an import or a form
//! never reads, overwrites or probes a child of another area; a child weighed away from home
//! is still served and keeps one growth history (a visit, shown apart in the SKDN); a child
//! who moved for good is moved by the Puskesmas or Dinkes of its area, its history kept; and
//! through all of it the tallies kept on every write equal a recount from scratch.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use app::nutrition::Registration;
use chrono::NaiveDate;
use domain::nutrition::{ChildInput, MeasurementInput, Sex2, Tally, decimal};
use lintas_testkit::org_id;
use lintas_testkit::{TestApp, both_fixture};

/// Registers a child as the dinkes account; its id.
async fn register(t: &TestApp, form: ChildInput) -> i64 {
    let r = app::nutrition::register_child(&t.app, &t.actor("dinkes").await, &form, false)
        .await
        .unwrap();
    let Registration::Created(id) = r else { panic!("{r:?}") };
    id
}

/// Records a weighing as dinkes (height "" for none).
async fn weigh(t: &TestApp, child: i64, on: &str, weight: &str, height: &str) {
    let form = MeasurementInput {
        weight: decimal(weight).unwrap(),
        height: decimal(height).unwrap(),
        ..MeasurementInput::on(d(on))
    };
    app::nutrition::record(&t.app, &t.actor("dinkes").await, child, &form)
        .await
        .unwrap();
}

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// The kader login's Posyandu (Dusun Sarolangun, PKM-SRL-03) and one of another Puskesmas
/// (Tambak Ratu, 15.03.01.2001, PKM-SRL-01), which [`tambak_ratu`] adds to the fixture.
const KADER_POSYANDU: &str = "POSY-1503031001";
const OTHER_POSYANDU: &str = "POSY-1503012001";
const NIK: &str = "1503015506220004";

/// Posyandu Tambak Ratu under Puskesmas Batang Asai, as the demo has it (the fixture has no
/// Posyandu outside kecamatan Sarolangun); its id.
async fn tambak_ratu(t: &TestApp) -> i64 {
    let input = lintas_testkit::org_input(
        "Posyandu Tambak Ratu",
        OTHER_POSYANDU,
        domain::org::OrgKind::Posyandu,
        Some(t.fx().pkm_batang_asai),
        lintas_testkit::fixture::BATANG_ASAI_DESA[0],
    );
    app::org::create(&t.app, &t.actor("dinkes").await, &input)
        .await
        .unwrap_or_else(|e| panic!("Posyandu Tambak Ratu: {e:?}"))
}

/// A child registered (by dinkes) at Tambak Ratu, measured there on 10 February 2024.
async fn child_elsewhere(t: &TestApp) -> i64 {
    let other = tambak_ratu(t).await;
    let id = register(
        t,
        ChildInput {
            nik: Some(NIK.into()),
            mother_name: Some("Rahmawati".into()),
            address: Some("Jl. Tambak Ratu No. 7".into()),
            ..ChildInput::new("Nadia Putri", Sex2::P, d("2022-06-15"), other)
        },
    )
    .await;
    weigh(t, id, "2024-02-10", "10.2", "82").await;
    id
}

async fn tally(t: &TestApp, posyandu: i64, month: &str) -> Tally {
    let mut tx = t.app.store.read().await.unwrap();
    store::nutrition::tallies(
        &mut tx,
        &store::nutrition::Scope::Posyandu(vec![posyandu]),
        d(month),
        "all",
    )
    .await
    .unwrap()
    .into_iter()
    .next()
    .map(|x| x.1)
    .unwrap_or_default()
}

/// Every stored tally of these Posyandu, then the same after a recount from scratch.
async fn assert_tallies_equal_a_recount(t: &TestApp, posyandu: &[i64]) {
    let months: Vec<NaiveDate> = (0..30)
        .map(|i| d("2023-01-01").checked_add_months(chrono::Months::new(i)).unwrap())
        .collect();
    let snapshot = async || {
        let mut out = Vec::new();
        for p in posyandu {
            for m in &months {
                out.push((*p, *m, tally(t, *p, &m.to_string()).await));
            }
        }
        out
    };
    let kept = snapshot().await;
    app::nutrition::rebuild_tallies(
        &t.app,
        posyandu,
        d("2019-01-01"),
        chrono::Utc::now().date_naive(),
        &|_, _| {},
    )
    .await
    .unwrap();
    let rebuilt = snapshot().await;
    for (a, b) in kept.iter().zip(&rebuilt) {
        assert_eq!(a, b, "kept on every write vs recounted");
    }
}

fn row(nik: &str, born: &str, sex: &str, on: &str) -> String {
    format!(
        "NIK,Nama Anak,JK,Tgl Lahir,Nama Ibu,Desa,Posyandu,Tgl Ukur,BB,TB/PB\n\
         {nik},Nadia,{sex},{born},Rahma,15.03.03.1001,Dusun Sarolangun,{on},10.6,83\n"
    )
}

async fn import(t: &TestApp, who: &str, csv: &str, dry_run: bool) -> app::import::Report {
    let actor = t.actor(who).await;
    app::import::measurements(
        &t.app,
        &actor,
        csv.as_bytes(),
        &app::import::Options {
            dry_run,
            ..Default::default()
        },
        &|_, _| {},
    )
    .await
    .unwrap()
}

async fn audit(t: &TestApp, action: &str) -> Vec<store::audit::AuditEntry> {
    let mut tx = t.app.store.read().await.unwrap();
    store::audit::list(
        &mut tx,
        &store::audit::AuditFilter {
            action: Some(action.into()),
            limit: 100,
            ..Default::default()
        },
    )
    .await
    .unwrap()
    .0
}

both_fixture!(
    a_kader_weighs_a_visiting_child_without_reading_it,
    async |t: &TestApp| {
        let child = child_elsewhere(t).await;
        let home = org_id(t, OTHER_POSYANDU).await;
        let here = org_id(t, KADER_POSYANDU).await;
        let before = store::nutrition::measurements(&mut t.app.store.read().await.unwrap(), child)
            .await
            .unwrap();

        // What the review tried: the NIK of a child of Tambak Ratu at the kader's Posyandu, on the
        // day it was measured at home. Refused, nothing overwritten.
        let r = import(t, "kader", &row(NIK, "15/06/2022", "P", "10/02/2024"), false).await;
        assert!(!r.stored);
        assert_eq!(r.children_known, 0, "no 'known' count for a child of another area");
        assert_eq!(r.errors.len(), 1, "{:?}", r.errors);
        assert_eq!(r.errors[0].code, "import.visit_same_day");
        let after = store::nutrition::measurements(&mut t.app.store.read().await.unwrap(), child)
            .await
            .unwrap();
        assert_eq!(before.len(), after.len());
        assert_eq!(after[0].weight, Some(10.2), "the home's measurement stands");
        assert_eq!(after[0].posyandu_id, home);

        // The NIK with another birth date: refused, and nothing of the child is told.
        let r = import(t, "kader", &row(NIK, "01/01/2023", "P", "20/02/2024"), true).await;
        assert_eq!(r.errors[0].code, "import.nik_elsewhere");
        let told = format!("{r:?}");
        for secret in ["Nadia Putri", "Rahmawati", "Tambak Ratu", "2022-06-15"] {
            assert!(!told.contains(secret), "{secret} in {told}");
        }
        // The dry run is audited with the child it matched.
        let checks = audit(t, "import_check").await;
        assert!(checks[0].username.as_deref() == Some("kader"));

        // Another day, same birth date and sex: a visit, stored at the kader's Posyandu and linked
        // to the one child record.
        let r = import(t, "kader", &row(NIK, "15/06/2022", "P", "20/02/2024"), true).await;
        assert!(r.errors.is_empty(), "{:?}", r.errors);
        assert_eq!((r.children_known, r.children_elsewhere, r.children_new), (0, 1, 0));
        assert!(checks.len() < audit(t, "import_check").await.len());
        assert!(
            audit(t, "import_check").await[0]
                .after_json
                .as_deref()
                .unwrap()
                .contains(&child.to_string())
        );
        let r = import(t, "kader", &row(NIK, "15/06/2022", "P", "20/02/2024"), false).await;
        assert!(r.stored, "{:?}", r.errors);
        let ms = store::nutrition::measurements(&mut t.app.store.read().await.unwrap(), child)
            .await
            .unwrap();
        assert_eq!(ms.len(), 2);
        assert_eq!((ms[1].posyandu_id, ms[1].weight), (here, Some(10.6)));
        let visits = audit(t, "visit").await;
        assert_eq!(visits.len(), 1);
        assert_eq!(visits[0].entity_id.as_deref(), Some(child.to_string().as_str()));
        {
            let mut tx = t.app.store.read().await.unwrap();
            let c = store::nutrition::get_child(&mut tx, child).await.unwrap().unwrap();
            assert_eq!(c.posyandu_id, home, "still registered at home");
        }

        // SKDN: the kader's Posyandu shows a visitor apart, outside D and S; the child's own
        // Posyandu counts the child weighed in February.
        let at_visit = tally(t, here, "2024-02-01").await;
        let at_home = tally(t, home, "2024-02-01").await;
        assert_eq!(at_visit.visitors, 1);
        assert_eq!(at_home.visitors, 0);
        assert!(at_home.d >= 1 && at_home.s >= 1);
        assert_tallies_equal_a_recount(t, &[here, home]).await;

        // The kader does not read the child; the home area sees the visit in its history.
        let kader = t.signed_in("kader").await;
        assert_eq!(kader.get(&format!("/children/{child}")).await.status, 404);
        let page = kader.get("/children?q=Nadia").await.body;
        assert!(!page.contains("Nadia Putri"));
        let dinkes = t.signed_in("dinkes").await;
        let page = dinkes.get(&format!("/children/{child}")).await.body;
        assert!(page.contains("Luar wilayah: Posyandu Dusun Sarolangun"), "{page}");
        let report = dinkes
            .get(&format!("/nutrition?posyandu={here}&month=2024-02"))
            .await
            .body;
        assert!(report.contains("id=\"skdn-visitors\">1<"), "{report}");
    }
);

both_fixture!(
    nothing_of_another_posyandu_is_overwritten_by_a_child_of_ones_own,
    async |t: &TestApp| {
        // A child of the kader's Posyandu, weighed on a visit to Tambak Ratu (dinkes imports
        // that), then the kader's file names the same day at home: refused, the visit stands.
        let there = tambak_ratu(t).await;
        let here = org_id(t, KADER_POSYANDU).await;
        let id = register(
            t,
            ChildInput {
                nik: Some("1503032001230002".into()),
                ..ChildInput::new("Rafi", Sex2::L, d("2023-01-20"), here)
            },
        )
        .await;
        let visit = "NIK,Nama Anak,JK,Tgl Lahir,Desa,Posyandu,Tgl Ukur,BB\n\
                 1503032001230002,Rafi,L,20/01/2023,15.03.01.2001,Tambak Ratu,05/03/2024,9.9\n";
        let r = import(t, "dinkes", visit, false).await;
        assert!(r.stored, "{:?}", r.errors);
        assert_eq!(r.measurements_away, 1);
        let mine = "NIK,Nama Anak,JK,Tgl Lahir,Desa,Posyandu,Tgl Ukur,BB\n\
                1503032001230002,Rafi,L,20/01/2023,15.03.03.1001,Dusun Sarolangun,05/03/2024,10.1\n";
        let r = import(t, "kader", mine, false).await;
        assert!(!r.stored);
        assert_eq!(r.errors[0].code, "import.measured_elsewhere_same_day");
        let ms = store::nutrition::measurements(&mut t.app.store.read().await.unwrap(), id)
            .await
            .unwrap();
        assert_eq!(ms[0].weight, Some(9.9));
        assert_tallies_equal_a_recount(t, &[here, there]).await;
    }
);

both_fixture!(
    registering_a_nik_of_another_area_tells_only_that_it_exists,
    async |t: &TestApp| {
        child_elsewhere(t).await;
        let here = org_id(t, KADER_POSYANDU).await;
        let kader = t.signed_in("kader").await;
        let p = kader
            .post_form(
                "/children/new",
                "/children",
                &[
                    ("posyandu_id", &here.to_string()),
                    ("name", "Nadia"),
                    ("sex", "P"),
                    ("birth_date", "2022-06-15"),
                    ("nik", NIK),
                ],
            )
            .await;
        assert_eq!(p.status, 409);
        assert!(p.body.contains("sudah terdaftar di wilayah lain"), "{}", p.body);
        for secret in ["Nadia Putri", "Tambak Ratu", "15/06/2022", "Rahmawati"] {
            assert!(!p.body.contains(secret), "{secret} leaked");
        }
        let lookups = audit(t, "lookup").await;
        assert_eq!(lookups.len(), 1);
        assert!(!lookups[0].summary.contains(NIK), "the NIK is masked in the audit log");
        // A namesake of another area (no NIK) is not mentioned as a possible duplicate.
        let p = kader
            .post_form(
                "/children/new",
                "/children",
                &[
                    ("posyandu_id", &here.to_string()),
                    ("name", "Nadia Putri"),
                    ("sex", "P"),
                    ("birth_date", "2022-06-15"),
                ],
            )
            .await;
        assert_eq!(p.status, 303, "registered: {}", p.body);
    }
);

both_fixture!(
    a_child_who_moved_is_moved_by_its_area_and_keeps_its_history,
    async |t: &TestApp| {
        let there = tambak_ratu(t).await;
        let here = org_id(t, KADER_POSYANDU).await;
        let id = register(
            t,
            ChildInput {
                has_kia: true,
                ..ChildInput::new("Salsa", Sex2::P, d("2023-02-01"), here)
            },
        )
        .await;
        weigh(t, id, "2024-02-12", "9.0", "").await;
        let s_before = tally(t, here, "2024-02-01").await.s;
        // The kader may not move it (no form, and the route refuses).
        let kader = t.signed_in("kader").await;
        let page = kader.get(&format!("/children/{id}")).await.body;
        assert!(!page.contains("id=\"move-form\""));
        let p = kader
            .post_form(
                &format!("/children/{id}"),
                &format!("/children/{id}/move"),
                &[("to", &there.to_string())],
            )
            .await;
        assert_eq!(p.status, 403);
        // The Puskesmas of its area may.
        let pkm = t.signed_in("puskesmas").await;
        let page = pkm.get(&format!("/children/{id}")).await.body;
        assert!(page.contains("id=\"move-form\""), "{page}");
        let p = pkm
            .post_form(
                &format!("/children/{id}"),
                &format!("/children/{id}/move"),
                &[("to", &here.to_string()), ("reason", "salah pilih")],
            )
            .await;
        assert_eq!(p.status, 422, "not to where it is");
        let p = pkm
            .post_form(
                &format!("/children/{id}"),
                &format!("/children/{id}/move"),
                &[("to", &there.to_string()), ("reason", "Keluarga pindah ke Tambak Ratu")],
            )
            .await;
        assert_eq!(p.status, 303, "{}", p.body);
        // Now outside the Puskesmas's reach; the history is kept and shown to the new area.
        assert_eq!(pkm.get(&format!("/children/{id}")).await.status, 404);
        let c = t.signed_in("dinkes").await;
        let page = c.get(&format!("/children/{id}")).await.body;
        assert!(
            page.contains("Keluarga pindah ke Tambak Ratu") && page.contains("Posyandu Tambak Ratu"),
            "{page}"
        );
        let ms = store::nutrition::measurements(&mut t.app.store.read().await.unwrap(), id)
            .await
            .unwrap();
        assert_eq!(ms.len(), 1, "history kept");
        assert_eq!(audit(t, "move").await.len(), 1);
        // February (before the move) still counts the child where it lived then.
        assert_eq!(tally(t, here, "2024-02-01").await.s, s_before);
        assert_eq!(tally(t, here, "2024-02-01").await.visitors, 0);
        assert_tallies_equal_a_recount(t, &[here, there]).await;
        // A move to an unknown code is named.
        let p = c
            .post_form(
                &format!("/children/{id}"),
                &format!("/children/{id}/move"),
                &[("to_code", "POSY-TIDAK-ADA")],
            )
            .await;
        assert_eq!(p.status, 422);
    }
);

both_fixture!(
    the_visitor_rule_is_an_admin_setting_and_recounts,
    async |t: &TestApp| {
        let child = child_elsewhere(t).await;
        let home = org_id(t, OTHER_POSYANDU).await;
        let here = org_id(t, KADER_POSYANDU).await;
        let r = import(t, "kader", &row(NIK, "15/06/2022", "P", "20/02/2024"), false).await;
        assert!(r.stored, "{:?}", r.errors);
        let (here_d, here_s) = {
            let t0 = tally(t, here, "2024-02-01").await;
            (t0.d, t0.s)
        };
        let home_before = tally(t, home, "2024-02-01").await;
        let dinkes = t.signed_in("dinkes").await;
        let p = dinkes
            .post_form("/nutrition", "/nutrition/visitor-rule", &[("rule", "where_weighed")])
            .await;
        assert_eq!(p.status, 403, "an installation setting");
        let admin = t.signed_in("admin").await;
        assert!(admin.get("/nutrition").await.body.contains("id=\"visitor-rule-form\""));
        let p = admin
            .post_form("/nutrition", "/nutrition/visitor-rule", &[("rule", "where_weighed")])
            .await;
        assert_eq!(p.status, 303, "{}", p.body);
        let here_after = tally(t, here, "2024-02-01").await;
        let home_after = tally(t, home, "2024-02-01").await;
        assert_eq!((here_after.d, here_after.s), (here_d + 1, here_s + 1));
        assert_eq!((home_after.d, home_after.s), (home_before.d - 1, home_before.s - 1));
        assert_eq!(here_after.visitors, 1, "still shown apart");
        assert_tallies_equal_a_recount(t, &[here, home]).await;
        assert!(
            admin
                .get("/nutrition")
                .await
                .body
                .contains("Posyandu yang menimbangnya")
        );
        let _ = child;
    }
);
