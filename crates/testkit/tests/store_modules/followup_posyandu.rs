//! store::problem scores and the shortage register, store::followup links and assignments,
//! store::posyandu profiles and yearly records.

use super::common::{area, ids, world};
use domain::access::Area;
use domain::action::ActionStatus;
use domain::nutrition::{Reason, Stratum};
use domain::problem::{PriorityMethod, ProblemCategory, ProblemInput};
use lintas_testkit::fixture::{BERNAI, KECAMATAN, SUKASARI};
use lintas_testkit::{TestDb, both};

async fn meeting(db: &TestDb, title: &str, host: i64, on: &str) -> i64 {
    let input = domain::meeting::MeetingInput {
        title: title.into(),
        kind: domain::meeting::ForumKind::LokminBulanan,
        forum_id: None,
        host_org_id: host,
        level: domain::meeting::MeetingLevel::Kecamatan,
        held_on: on.parse().unwrap(),
        start_time: None,
        place: None,
        chair: None,
        first_of_year: false,
    }
    .check()
    .unwrap();
    let mut tx = db.store.write().await.unwrap();
    let id = store::meeting::insert(&mut tx, &input, KECAMATAN, domain::meeting::MeetingStatus::Held)
        .await
        .unwrap();
    store::meeting::set_org(&mut tx, id, host, domain::meeting::OrgRole::Host)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    id
}

fn problem(title: &str, category: ProblemCategory, region: &str, by: i64) -> ProblemInput {
    ProblemInput {
        title: title.into(),
        description: None,
        category,
        raised_by_org_id: Some(by),
        raised_by: None,
        region_code: Some(region.into()),
        indicator: None,
        quantity: Some(2),
    }
}

both!(scores_and_the_shortage_register, async |db: &TestDb| {
    let (app, f) = world(db).await;
    let own = meeting(db, "Lokmin Januari", f.pkm, "2024-01-10").await;
    let kota = meeting(db, "Lokmin Kota", f.pkm_kota, "2024-02-10").await;
    let mut tx = db.store.write().await.unwrap();
    let midwives = store::problem::insert(
        &mut tx,
        own,
        &problem("Bidan kurang", ProblemCategory::Staff, BERNAI, f.pkm),
    )
    .await
    .unwrap();
    let data = store::problem::insert(
        &mut tx,
        own,
        &problem("Data terlambat", ProblemCategory::Data, BERNAI, f.pkm),
    )
    .await
    .unwrap();
    let scales = store::problem::insert(
        &mut tx,
        kota,
        &problem("Timbangan rusak", ProblemCategory::Equipment, SUKASARI, f.pkm_kota),
    )
    .await
    .unwrap();
    store::problem::insert_score(
        &mut tx,
        data,
        domain::problem::PriorityMethod::Usg,
        "Camat",
        "[3,3,3]",
        9.0,
    )
    .await
    .unwrap();
    store::problem::insert_score(
        &mut tx,
        midwives,
        domain::problem::PriorityMethod::Usg,
        "Kapus",
        "[5,4,4]",
        13.0,
    )
    .await
    .unwrap();
    store::problem::insert_score(
        &mut tx,
        midwives,
        domain::problem::PriorityMethod::Hanlon,
        "Kapus",
        "[4,3,2]",
        7.5,
    )
    .await
    .unwrap();
    let got: Vec<(i64, PriorityMethod, String, f64)> = store::problem::scores(&mut tx, own)
        .await
        .unwrap()
        .into_iter()
        .map(|s| (s.problem_id, s.method, s.rater, s.total))
        .collect();
    assert_eq!(
        got,
        vec![
            (midwives, PriorityMethod::Hanlon, "Kapus".into(), 7.5),
            (midwives, PriorityMethod::Usg, "Kapus".into(), 13.0),
            (data, PriorityMethod::Usg, "Camat".into(), 9.0),
        ],
        "by problem, then method"
    );
    assert!(store::problem::scores(&mut tx, kota).await.unwrap().is_empty());

    // The register: shortages only, of visible meetings, newest first; by category and place.
    let all = store::problem::shortages(&mut tx, &Area::All, None, None)
        .await
        .unwrap();
    assert_eq!(ids(&all, |s| s.id), vec![scales, midwives]);
    assert_eq!(
        (
            all[1].meeting_title.as_str(),
            all[1].quantity,
            all[1].raised_by_org_name.as_deref()
        ),
        ("Lokmin Januari", Some(2), Some("Puskesmas Sarolangun"))
    );
    assert_eq!(all[1].region_name.as_deref(), Some("Bernai"));
    let pkm = store::problem::shortages(&mut tx, &area(&app, "puskesmas").await, None, None)
        .await
        .unwrap();
    assert_eq!(ids(&pkm, |s| s.id), vec![midwives]);
    let staff = store::problem::shortages(&mut tx, &Area::All, Some(domain::problem::ProblemCategory::Staff), None)
        .await
        .unwrap();
    assert_eq!(ids(&staff, |s| s.id), vec![midwives]);
    let at = store::problem::shortages(&mut tx, &Area::All, None, Some(SUKASARI))
        .await
        .unwrap();
    assert_eq!(ids(&at, |s| s.id), vec![scales]);
});

both!(followups_link_actions_to_children, async |db: &TestDb| {
    let (_app, f) = world(db).await;
    let m = meeting(db, "Lokmin Januari", f.pkm, "2024-01-10").await;
    let (a, b) = (f.children[0], f.children[1]);
    let mut tx = db.store.write().await.unwrap();
    let action = |what: &str| {
        domain::action::ActionInput {
            what: what.into(),
            problem_id: None,
            owner_org_id: f.pkm,
            responsible: Some("Bidan Desa".into()),
            supporting_org_ids: Vec::new(),
            target: None,
            due_on: "2024-02-01".parse().ok(),
            budget_source: domain::action::BudgetSource::None,
            private_note: None,
        }
        .check("2024-01-10".parse().unwrap())
        .unwrap()
    };
    let visit = store::action::insert(&mut tx, m, &action("Kunjungan rumah"))
        .await
        .unwrap();
    let pmt = store::action::insert(&mut tx, m, &action("PMT lokal")).await.unwrap();
    store::followup::link(&mut tx, pmt, a, Some(Reason::Stunted), "puskesmas")
        .await
        .unwrap();
    store::followup::link(&mut tx, visit, a, Some(Reason::Stunted), "puskesmas")
        .await
        .unwrap();
    let weigh = store::action::insert(&mut tx, m, &action("Timbang ulang"))
        .await
        .unwrap();
    store::followup::link(&mut tx, weigh, b, Some(Reason::Bgm), "puskesmas")
        .await
        .unwrap();
    assert_eq!(
        store::followup::actions_of_child(&mut tx, a).await.unwrap(),
        vec![visit, pmt]
    );
    store::action::set_status(&mut tx, pmt, domain::action::ActionStatus::Done, Some("puskesmas"))
        .await
        .unwrap();
    let mut open = store::followup::open_counts(&mut tx, &[a, b, f.children[2]])
        .await
        .unwrap();
    open.sort();
    assert_eq!(
        open,
        vec![(a, 1), (b, 1)],
        "done actions are not open; a child without any is left out"
    );
    let got: Vec<(i64, i64, String, ActionStatus)> = store::followup::assignments(&mut tx, &[b, a])
        .await
        .unwrap()
        .into_iter()
        .map(|x| (x.child_id, x.action_id, x.owner_name, x.status))
        .collect();
    let name = "Puskesmas Sarolangun".to_string();
    assert_eq!(
        got,
        vec![
            (a, visit, name.clone(), ActionStatus::Planned),
            (a, pmt, name.clone(), ActionStatus::Done),
            (b, weigh, name, ActionStatus::Planned),
        ]
    );
    // A merged registration's follow-ups are its survivor's.
    store::nutrition::merge(&mut tx, b, a).await.unwrap();
    assert_eq!(
        store::followup::actions_of_child(&mut tx, a).await.unwrap(),
        vec![visit, pmt, weigh]
    );
    tx.commit().await.unwrap();
    // An action follows up one child (a new transaction: PostgreSQL aborts one after an error).
    let mut tx = db.store.write().await.unwrap();
    let err = store::followup::link(&mut tx, visit, f.children[3], Some(Reason::Bgm), "puskesmas")
        .await
        .unwrap_err();
    assert!(
        matches!(err, store::StoreError::Conflict("child_followups.action_id")),
        "{err:?}"
    );
});

both!(posyandu_profiles_and_years, async |db: &TestDb| {
    let (_app, f) = world(db).await;
    let mut tx = db.store.write().await.unwrap();
    assert!(store::nutrition::profile(&mut tx, f.posyandu).await.unwrap().is_none());
    let mut p = store::nutrition::Profile {
        org_id: f.posyandu,
        address: Some("Jl. Lintas".into()),
        rt: Some("01".into()),
        rw: Some("02".into()),
        schedule_day: Some(10),
        services: "kia,gizi".into(),
        dana_sehat: None,
    };
    store::nutrition::save_profile(&mut tx, &p).await.unwrap();
    p.schedule_day = Some(12);
    p.dana_sehat = Some(40.0);
    store::nutrition::save_profile(&mut tx, &p).await.unwrap();
    let got = store::nutrition::profile(&mut tx, f.posyandu).await.unwrap().unwrap();
    assert_eq!(
        (got.schedule_day, got.dana_sehat, got.services.as_str()),
        (Some(12), Some(40.0), "kia,gizi")
    );
    let profiles = store::posyandu::profiles(&mut tx, &[f.posyandu, f.posyandu_kota])
        .await
        .unwrap();
    assert_eq!(ids(&profiles, |p| p.org_id), vec![f.posyandu], "only those with one");

    let year = |org: i64, year: i64, stratum: Stratum| store::posyandu::YearRecord {
        org_id: org,
        year,
        services: "kia".into(),
        dana_sehat: None,
        sessions: 10,
        active_kader: 5,
        coverage: Some(55.5),
        stratum,
        updated_at: chrono::Utc::now(),
    };
    for r in [
        year(f.posyandu, 2024, Stratum::Madya),
        year(f.posyandu, 2023, Stratum::Pratama),
        year(f.posyandu_kota, 2024, Stratum::Purnama),
        year(f.posyandu, 2024, Stratum::Purnama),
    ] {
        store::posyandu::save_year(&mut tx, &r).await.unwrap();
    }
    let got: Vec<(i64, Stratum)> = store::posyandu::years(&mut tx, f.posyandu)
        .await
        .unwrap()
        .into_iter()
        .map(|r| (r.year, r.stratum))
        .collect();
    assert_eq!(
        got,
        vec![(2023, Stratum::Pratama), (2024, Stratum::Purnama)],
        "oldest first, rewritten in place"
    );
    let from_2024: Vec<(i64, i64)> = store::posyandu::years_of(&mut tx, &[f.posyandu_kota, f.posyandu], 2024)
        .await
        .unwrap()
        .into_iter()
        .map(|r| (r.org_id, r.year))
        .collect();
    let mut want = vec![(f.posyandu, 2024), (f.posyandu_kota, 2024)];
    want.sort();
    assert_eq!(from_2024, want, "by Posyandu, then year");
});
