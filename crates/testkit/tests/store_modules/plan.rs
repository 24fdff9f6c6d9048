//! store::plan: a plan per Puskesmas, year and kind (a second one is a conflict); activities
//! in order with their partner programmes and organisations (by name) and their months as a
//! mask; an update replaces the partners and keeps the month records; month records replaced
//! by (activity, month) and cleared; removing an activity removes what hangs off it.

use super::common::world;
use domain::coverage::Program;
use domain::plan::{ActivityInput, Fund, MonthStatus, Months, PlanKind, PlanStatus};
use lintas_testkit::{TestDb, both};
use store::plan::MonthRow;

fn activity(kegiatan: &str, months: Vec<u32>, orgs: Vec<i64>) -> ActivityInput {
    ActivityInput {
        program: Some(Program::Gizi),
        cluster: Some(2),
        kegiatan: kegiatan.into(),
        tujuan: "Meningkatkan D/S".into(),
        sasaran: "Balita".into(),
        target: Some(85.0),
        volume: Some(12.0),
        unit: "kali".into(),
        partner_programs: vec![Program::KiaKb, Program::Promkes],
        partner_orgs: orgs,
        months,
        budget: Some(1_500_000),
        fund: Some(Fund::Bok),
        indicator_code: Some("DS".into()),
    }
}

both!(plans_activities_and_months_round_trip, async |db: &TestDb| {
    let (_, f) = world(db).await;
    let mut tx = db.store.write().await.unwrap();
    let rpk = store::plan::create_plan(&mut tx, f.pkm, 2024, PlanKind::Rpk, PlanStatus::Draft, "t")
        .await
        .unwrap();
    let ruk = store::plan::create_plan(&mut tx, f.pkm, 2025, PlanKind::Ruk, PlanStatus::Final, "t")
        .await
        .unwrap();
    store::plan::create_plan(&mut tx, f.pkm_kota, 2024, PlanKind::Rpk, PlanStatus::Draft, "t")
        .await
        .unwrap();
    let a = store::plan::insert_activity(
        &mut tx,
        rpk,
        None,
        &activity("Sweeping balita", vec![2, 8], vec![f.polsek, f.camat]),
        "t",
    )
    .await
    .unwrap();
    let b = store::plan::insert_activity(&mut tx, rpk, None, &activity("Kelas ibu", vec![12], vec![]), "t")
        .await
        .unwrap();
    tx.commit().await.unwrap();

    let mut tx = db.store.write().await.unwrap();
    // A second RPK 2024 of the same Puskesmas is refused by the schema.
    assert!(
        store::plan::create_plan(&mut tx, f.pkm, 2024, PlanKind::Rpk, PlanStatus::Draft, "t")
            .await
            .is_err()
    );
    drop(tx);

    let mut tx = db.store.write().await.unwrap();
    let plans = store::plan::plans(&mut tx, &[f.pkm], None).await.unwrap();
    let got: Vec<(i64, PlanKind, PlanStatus)> = plans.iter().map(|p| (p.year, p.kind, p.status)).collect();
    assert_eq!(
        got,
        [
            (2025, PlanKind::Ruk, PlanStatus::Final),
            (2024, PlanKind::Rpk, PlanStatus::Draft)
        ],
        "newest year first, only this Puskesmas"
    );
    assert_eq!(
        store::plan::plans(&mut tx, &[f.pkm], Some(2025)).await.unwrap()[0].id,
        ruk
    );
    assert_eq!(
        store::plan::plan_of(&mut tx, f.pkm, 2024, PlanKind::Rpk)
            .await
            .unwrap()
            .map(|p| p.id),
        Some(rpk)
    );
    assert!(
        store::plan::plan_of(&mut tx, f.pkm, 2024, PlanKind::Ruk)
            .await
            .unwrap()
            .is_none()
    );

    let acts = store::plan::activities(&mut tx, &[rpk]).await.unwrap();
    assert_eq!(
        acts.iter().map(|x| x.id).collect::<Vec<_>>(),
        [a, b],
        "in position order"
    );
    let first = &acts[0];
    assert_eq!(first.months, Months::of(&[2, 8]));
    assert_eq!(first.partner_programs, [Program::KiaKb, Program::Promkes]);
    let names: Vec<&str> = first.partner_orgs.iter().map(|o| o.name.as_str()).collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted, "partners by name");
    assert_eq!(first.partner_orgs.len(), 2);
    assert_eq!(
        (first.budget, first.fund, first.cluster),
        (Some(1_500_000), Some(Fund::Bok), Some(2))
    );
    assert_eq!(
        first.input(),
        activity("Sweeping balita", vec![2, 8], {
            let mut v = vec![f.polsek, f.camat];
            v.sort_by_key(|id| first.partner_orgs.iter().position(|o| o.id == *id));
            v
        })
    );

    // Months recorded, then replaced and cleared.
    let m = |month, status, moved_to: Option<i64>, reason: Option<&str>| MonthRow {
        activity_id: a,
        month,
        status,
        moved_to,
        reason: reason.map(String::from),
    };
    store::plan::put_months(
        &mut tx,
        &[
            m(2, MonthStatus::Moved, Some(3), Some("Hujan")),
            m(8, MonthStatus::Done, None, None),
        ],
        "t",
    )
    .await
    .unwrap();
    store::plan::put_months(&mut tx, &[m(2, MonthStatus::NotDone, None, Some("Banjir"))], "t")
        .await
        .unwrap();
    assert!(store::plan::clear_month(&mut tx, a, 8).await.unwrap());
    assert!(!store::plan::clear_month(&mut tx, a, 8).await.unwrap());
    // An update replaces the partners and keeps the month records.
    store::plan::update_activity(
        &mut tx,
        a,
        &activity("Sweeping balita (revisi)", vec![2, 9], vec![f.camat]),
        "t",
    )
    .await
    .unwrap();
    let got = store::plan::activity(&mut tx, a).await.unwrap().unwrap();
    assert_eq!(got.kegiatan, "Sweeping balita (revisi)");
    assert_eq!(got.months.list(), [2, 9]);
    assert_eq!(got.partner_orgs.iter().map(|o| o.id).collect::<Vec<_>>(), [f.camat]);
    assert_eq!(got.recorded, [m(2, MonthStatus::NotDone, None, Some("Banjir"))]);

    // Removing an activity removes its partners and months; the other stays.
    assert!(store::plan::delete_activity(&mut tx, a).await.unwrap());
    assert!(store::plan::activity(&mut tx, a).await.unwrap().is_none());
    let left = store::plan::activities(&mut tx, &[rpk]).await.unwrap();
    assert_eq!(left.iter().map(|x| x.id).collect::<Vec<_>>(), [b]);
    store::plan::set_status(&mut tx, rpk, PlanStatus::Final, "kepala")
        .await
        .unwrap();
    let p = store::plan::plan(&mut tx, rpk).await.unwrap().unwrap();
    assert_eq!((p.status, p.updated_by.as_deref()), (PlanStatus::Final, Some("kepala")));
    tx.commit().await.unwrap();
});
