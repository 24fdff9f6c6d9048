//! store::nutrition, store::children, store::posyandu, store::followup over the fixture's
//! children: the area filter of every list, the order of measurements, the kept tallies, the
//! unique NIK and the one-measurement-a-day rule; bulk inserts, merges, moves and the keys an
//! import matches on.

use super::common::{area, ids, world};
use chrono::Duration;
use domain::access::Area;
use domain::nutrition::{MeasurementSource, Reason};
use lintas_testkit::{TestDb, both};
use store::nutrition::ChildFilter;

fn sorted(mut v: Vec<i64>) -> Vec<i64> {
    v.sort();
    v
}

both!(children_keep_to_the_area, async |db: &TestDb| {
    let (app, f) = world(db).await;
    let c = &f.children;
    let mut tx = db.store.read().await.unwrap();
    let every = ChildFilter {
        limit: 100,
        ..Default::default()
    };
    let of = |rows: Vec<store::nutrition::Child>| sorted(ids(&rows, |c| c.id));
    let kader = store::nutrition::children(&mut tx, &area(&app, "kader").await, &every)
        .await
        .unwrap();
    assert_eq!(of(kader), sorted(vec![c[0], c[1]]));
    let pkm = store::nutrition::children(&mut tx, &area(&app, "puskesmas").await, &every)
        .await
        .unwrap();
    assert_eq!(of(pkm), sorted(vec![c[0], c[1], c[2]]));
    let kota = store::nutrition::children(&mut tx, &area(&app, "puskesmas-kota").await, &every)
        .await
        .unwrap();
    assert_eq!(of(kota), vec![c[3]]);
    assert!(
        store::nutrition::children(&mut tx, &area(&app, "polsek").await, &every)
            .await
            .unwrap()
            .is_empty()
    );
    let all = store::nutrition::children(&mut tx, &Area::All, &every).await.unwrap();
    let names: Vec<&str> = all.iter().map(|c| c.name.as_str()).collect();
    let mut by_name = names.clone();
    by_name.sort();
    assert_eq!((names.len(), &names), (4, &by_name), "by name");
    let found = store::nutrition::children(
        &mut tx,
        &Area::All,
        &ChildFilter {
            q: Some("uji pendek".into()),
            limit: 10,
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(of(found), vec![c[1]]);

    // The register: the same area rule, by Posyandu, each child with its latest measurement.
    let reg = store::children::register(&mut tx, &area(&app, "kader").await, &Default::default(), 100)
        .await
        .unwrap();
    assert_eq!(
        sorted(reg.iter().map(|(c, _)| c.id).collect()),
        sorted(vec![c[0], c[1]])
    );
    let reg = store::children::register(&mut tx, &Area::All, &Default::default(), 2)
        .await
        .unwrap();
    assert_eq!(reg.len(), 2, "at most the limit");
    let reg = store::children::register(&mut tx, &Area::All, &Default::default(), 100)
        .await
        .unwrap();
    assert_eq!(sorted(reg.iter().map(|(c, _)| c.id).collect()), sorted(c.to_vec()));
    let order: Vec<(String, String)> = reg
        .iter()
        .map(|(c, _)| (c.posyandu_name.clone(), c.name.clone()))
        .collect();
    let mut by_posyandu = order.clone();
    by_posyandu.sort();
    assert_eq!(order, by_posyandu, "by Posyandu, then name");
    for (child, latest) in &reg {
        // The line holds what the child's own reads hold, to the last bit: the child, and the
        // last of its measurements (booleans, reals, dates, the time it was registered).
        let alone = store::nutrition::get_child(&mut tx, child.id).await.unwrap().unwrap();
        assert_eq!(format!("{child:?}"), format!("{alone:?}"));
        let all = store::nutrition::measurements(&mut tx, child.id).await.unwrap();
        assert_eq!(format!("{latest:?}"), format!("{:?}", all.last()));
        assert_eq!(
            latest.as_ref().map(|m| m.measured_on),
            Some(f.today - Duration::days(3))
        );
    }
    let latest = store::followup::recent_of(&mut tx, c, 1).await.unwrap();
    assert_eq!(latest.len(), 4, "one per child: {latest:?}");
    assert!(latest.iter().all(|m| m.measured_on == f.today - Duration::days(3)));
    assert_eq!(store::nutrition::count_children(&mut tx).await.unwrap(), 4);
    assert_eq!(store::nutrition::count_measurements(&mut tx).await.unwrap(), 8);
    // Fewer measurements than asked: all of them (two each), oldest first.
    let recent = store::followup::recent_of(&mut tx, &c[..1], 5).await.unwrap();
    assert_eq!(recent.len(), 2, "{recent:?}");
    assert!(recent[0].measured_on < recent[1].measured_on);
    drop(tx);

    // A child never measured is on the register without a measurement.
    let admin = lintas_testkit::fixture::actor(&app, "admin").await;
    let born = f.today - Duration::days(40);
    let new = lintas_testkit::fixture::child(
        &app,
        &admin,
        f.posyandu,
        "Bayi Baru",
        domain::nutrition::Sex2::P,
        born,
        "",
    )
    .await;
    let mut tx = db.store.read().await.unwrap();
    let reg = store::children::register(&mut tx, &Area::All, &Default::default(), 100)
        .await
        .unwrap();
    let line = reg.iter().find(|(c, _)| c.id == new).expect("the new child");
    assert!(line.1.is_none(), "{line:?}");
    assert_eq!((line.0.birth_date, line.0.nik.as_deref()), (born, None));
    assert!(store::followup::recent_of(&mut tx, &[new], 1).await.unwrap().is_empty());
    assert!(
        store::followup::latest_and_length(&mut tx, &[new], 8)
            .await
            .unwrap()
            .is_empty()
    );
    drop(tx);

    // The follow-up list's two measurements a child: the latest, and the latest with a length
    // among the last `window` — here the length of four weeks ago, then none within two.
    let weigh = |days: i64, height: Option<f64>| domain::nutrition::MeasurementInput {
        weight: Some(4.0 + days as f64 / 100.0),
        height,
        ..domain::nutrition::MeasurementInput::on(f.today - Duration::days(days))
    };
    for (days, height) in [(35, Some(55.0)), (28, Some(56.5)), (14, None), (7, None)] {
        app::nutrition::record(&app, &admin, new, &weigh(days, height))
            .await
            .unwrap();
    }
    let mut tx = db.store.read().await.unwrap();
    let recent = store::followup::recent_of(&mut tx, &[new], 8).await.unwrap();
    let two = store::followup::latest_and_length(&mut tx, &[new], 8).await.unwrap();
    let days: Vec<_> = two.iter().map(|m| (f.today - m.measured_on).num_days()).collect();
    assert_eq!(days, [28, 7], "the length, then the latest: {two:?}");
    assert_eq!(format!("{:?}", two.last()), format!("{:?}", recent.last()));
    assert_eq!(
        format!("{:?}", two.iter().rev().find(|m| m.height.is_some())),
        format!("{:?}", recent.iter().rev().find(|m| m.height.is_some()))
    );
    let two = store::followup::latest_and_length(&mut tx, &[new], 2).await.unwrap();
    assert_eq!(two.len(), 1, "no length within the last two: {two:?}");
    // Every fixture child: the latest has its length, one row.
    let one = store::followup::latest_and_length(&mut tx, c, 8).await.unwrap();
    assert_eq!(format!("{one:?}"), format!("{latest:?}"));
});

both!(measurements_are_one_a_day_in_date_order, async |db: &TestDb| {
    let (_app, f) = world(db).await;
    let child = f.children[0];
    let mut tx = db.store.read().await.unwrap();
    let ms = store::nutrition::measurements(&mut tx, child).await.unwrap();
    assert_eq!(ms.len(), 2);
    assert!(ms[0].measured_on < ms[1].measured_on, "oldest first: {ms:?}");
    assert_eq!((ms[1].weight, ms[1].height), (Some(10.7), Some(81.0)));
    assert_eq!(ms[1].posyandu_id, f.posyandu);
    let before = store::nutrition::last_weight_before(&mut tx, child, f.today)
        .await
        .unwrap();
    assert_eq!(before, Some((f.today - Duration::days(3), 10.7)));
    let c = store::nutrition::get_child(&mut tx, child).await.unwrap().unwrap();
    assert_eq!(
        (c.name.as_str(), c.posyandu_id, c.nik.as_deref()),
        ("Rafa Uji Sehat", f.posyandu, Some("1503030101230001"))
    );
    drop(tx);

    // A second registration with the same NIK is refused by the database too.
    let mut tx = db.store.write().await.unwrap();
    let input = domain::nutrition::ChildInput {
        nik: Some("1503030101230001".into()),
        ..domain::nutrition::ChildInput::new("Rafa Kembar", domain::nutrition::Sex2::L, c.birth_date, f.posyandu)
    }
    .check(f.today)
    .unwrap();
    let err = store::nutrition::insert_child(&mut tx, &input, &c.desa_code, "test")
        .await
        .unwrap_err();
    assert!(matches!(err, store::StoreError::Conflict(_)), "{err:?}");
});

both!(tallies_are_kept_per_posyandu_and_month, async |db: &TestDb| {
    let (_app, f) = world(db).await;
    let month = domain::nutrition::month_of(f.today - Duration::days(3));
    let mut tx = db.store.read().await.unwrap();
    let per = store::nutrition::tallies(
        &mut tx,
        &store::nutrition::Scope::Posyandu(vec![f.posyandu, f.posyandu_bernai, f.posyandu_kota]),
        month,
        "posyandu",
    )
    .await
    .unwrap();
    let d_of = |id: i64| per.iter().find(|(k, _)| *k == id.to_string()).map(|(_, t)| t.d);
    assert_eq!(
        (d_of(f.posyandu), d_of(f.posyandu_bernai), d_of(f.posyandu_kota)),
        (Some(2), Some(1), Some(1)),
        "{per:?}"
    );
    let kec = store::nutrition::tallies(
        &mut tx,
        &store::nutrition::Scope::Region("15.03.03".into()),
        month,
        "kecamatan",
    )
    .await
    .unwrap();
    assert_eq!(kec.len(), 1);
    assert_eq!((kec[0].0.as_str(), kec[0].1.d), ("15.03.03", 4));
});

both!(
    posyandu_list_and_followup_states_keep_to_the_area,
    async |db: &TestDb| {
        let (app, f) = world(db).await;
        let mut tx = db.store.read().await.unwrap();
        let list = |rows: Vec<store::posyandu::Row>| sorted(ids(&rows, |r| r.id));
        let filter = store::posyandu::PosyanduFilter {
            limit: 100,
            ..Default::default()
        };
        let (rows, n) = store::posyandu::list(&mut tx, &area(&app, "puskesmas").await, &filter)
            .await
            .unwrap();
        assert_eq!((n, list(rows)), (2, sorted(vec![f.posyandu, f.posyandu_bernai])));
        let (rows, n) = store::posyandu::list(&mut tx, &area(&app, "puskesmas-kota").await, &filter)
            .await
            .unwrap();
        assert_eq!((n, list(rows)), (1, vec![f.posyandu_kota]));
        let (rows, _) = store::posyandu::list(
            &mut tx,
            &Area::All,
            &store::posyandu::PosyanduFilter {
                puskesmas_id: Some(f.pkm_kota),
                limit: 100,
                ..Default::default()
            },
        )
        .await
        .unwrap();
        assert_eq!(list(rows), vec![f.posyandu_kota]);
        let row = store::posyandu::get(&mut tx, f.posyandu).await.unwrap().unwrap();
        assert_eq!(
            (row.name.as_str(), row.puskesmas_id),
            ("Posyandu Dusun Sarolangun", Some(f.pkm))
        );

        assert!(store::followup::latest_month_anywhere(&mut tx).await.unwrap().is_some());
        drop(tx);

        // The stored follow-up states: the latest measurements they are judged on, and the
        // list read from them keeps to the area, the Posyandu, the reason and the window.
        let mut tx = db.store.write().await.unwrap();
        let recent = store::followup::recent_of(&mut tx, &[f.children[1], f.children[0]], 1)
            .await
            .unwrap();
        assert_eq!(
            ids(&recent, |m| m.child_id),
            sorted(vec![f.children[0], f.children[1]]),
            "by child, one each"
        );
        let state = |i: usize, r: Vec<Reason>, days: i64| store::followup::ChildState {
            child_id: f.children[i],
            reasons: r,
            latest_on: f.today - Duration::days(days),
        };
        let states = vec![
            state(0, vec![Reason::Stunted, Reason::TwiceT], 10),
            state(1, vec![], 10),
            state(2, vec![Reason::Bgm], 400),
            state(3, vec![Reason::TwiceT], 10),
        ];
        store::followup::replace_states(&mut tx, &f.children, &states)
            .await
            .unwrap();
        let filter = |posyandu_id: Option<i64>, reason: Option<Reason>| store::followup::ListFilter {
            posyandu_id,
            reason,
            since: f.today - Duration::days(60),
            born_after: f.today - Duration::days(5 * 366),
        };
        let listed = async |tx: &mut store::Tx, a: &Area, fl: store::followup::ListFilter| {
            let all = store::followup::listed(tx, a, &fl).await.unwrap();
            // Counted as listed, and paged in the list's order.
            let n = store::followup::count_listed(tx, a, &fl).await.unwrap();
            assert_eq!(n, all.len() as i64);
            let mut paged = Vec::new();
            for o in 0..=n {
                // A page with the whole list's count, also past the end.
                let (page, total) = store::followup::listed_page(tx, a, &fl, o, 1).await.unwrap();
                assert_eq!(total, n, "offset {o}");
                assert_eq!(page.len(), usize::from(o < n), "offset {o}");
                paged.extend(page);
            }
            assert_eq!(ids(&paged, |l| l.child_id), ids(&all, |l| l.child_id));
            let (page, total) = store::followup::listed_page(tx, a, &fl, 0, 100).await.unwrap();
            assert_eq!((ids(&page, |l| l.child_id), total), (ids(&all, |l| l.child_id), n));
            sorted(ids(&all, |l| l.child_id))
        };
        let kota = area(&app, "puskesmas-kota").await;
        assert_eq!(listed(&mut tx, &kota, filter(None, None)).await, vec![f.children[3]]);
        assert_eq!(
            listed(&mut tx, &Area::All, filter(None, None)).await,
            sorted(vec![f.children[0], f.children[3]]),
            "no reason, or measured before the window: not listed"
        );
        assert_eq!(
            listed(&mut tx, &Area::All, filter(Some(f.posyandu), None)).await,
            vec![f.children[0]]
        );
        assert_eq!(
            listed(&mut tx, &Area::All, filter(None, Some(Reason::TwiceT))).await,
            sorted(vec![f.children[0], f.children[3]])
        );
        assert!(
            listed(&mut tx, &Area::All, filter(None, Some(Reason::Flagged)))
                .await
                .is_empty()
        );
        // Replaced, not added to.
        store::followup::replace_states(&mut tx, &f.children[..1], &[])
            .await
            .unwrap();
        assert_eq!(
            listed(&mut tx, &Area::All, filter(None, None)).await,
            vec![f.children[3]]
        );
    }
);

fn weighing(on: chrono::NaiveDate, kg: f64) -> domain::nutrition::Measured {
    domain::nutrition::Measured {
        measured_on: on,
        age_days: 500,
        weight: Some(kg),
        height: None,
        position: None,
        oedema: false,
        muac: None,
        head: None,
        scores: domain::nutrition::Scores::default(),
    }
}

both!(bulk_measurements_merge_and_moves, async |db: &TestDb| {
    let (_app, f) = world(db).await;
    let (a, b) = (f.children[0], f.children[1]);
    let t = f.today;
    let mut tx = db.store.write().await.unwrap();
    // Bulk insert: more rows than one SQLite statement holds, all kept with their source.
    let rows: Vec<store::nutrition::NewMeasurement> = (0..150)
        .map(|i| store::nutrition::NewMeasurement {
            child_id: b,
            posyandu_id: f.posyandu,
            desa_code: lintas_testkit::fixture::DUSUN_SAROLANGUN.into(),
            input: weighing(t - Duration::days(400 + i), 7.0 + i as f64 / 100.0),
        })
        .collect();
    let before = store::nutrition::count_measurements(&mut tx).await.unwrap();
    store::nutrition::insert_measurements(&mut tx, &rows, MeasurementSource::Import, "dinkes")
        .await
        .unwrap();
    assert_eq!(
        store::nutrition::count_measurements(&mut tx).await.unwrap(),
        before + 150
    );
    let stored = store::nutrition::existing(&mut tx, &[b]).await.unwrap();
    assert_eq!(stored.len(), 152, "the fixture's two and the 150");
    let oldest = stored.iter().min_by_key(|m| m.measured_on).unwrap();
    assert_eq!(
        (
            oldest.measured_on,
            oldest.weight,
            oldest.source,
            oldest.created_by.as_deref()
        ),
        (
            t - Duration::days(549),
            Some(8.49),
            MeasurementSource::Import,
            Some("dinkes")
        )
    );

    // Merging b into a: a day both have keeps a's, the rest move, b is merged away.
    let months_b = store::nutrition::months_of_child(&mut tx, b).await.unwrap();
    let touched = store::nutrition::merge(&mut tx, b, a).await.unwrap();
    assert!(months_b.iter().all(|m| touched.contains(m)));
    let of_a = store::nutrition::measurements(&mut tx, a).await.unwrap();
    assert_eq!(of_a.len(), 152, "a's two days and b's 150 others");
    let day3 = of_a.iter().find(|m| m.measured_on == t - Duration::days(3)).unwrap();
    assert_eq!(day3.weight, Some(10.7), "a's own weighing on the shared day");
    assert!(store::nutrition::measurements(&mut tx, b).await.unwrap().is_empty());
    let merged = store::nutrition::get_child(&mut tx, b).await.unwrap().unwrap();
    assert_eq!((merged.merged_into, merged.nik.clone()), (Some(a), None));
    assert_eq!(store::nutrition::count_children(&mut tx).await.unwrap(), 3);

    // child_keys: by Posyandu and by NIK, never a merged child, each once.
    let keys = store::nutrition::child_keys(&mut tx, &[f.posyandu], &["1503030101230001".into()])
        .await
        .unwrap();
    assert_eq!(ids(&keys, |k| k.id), vec![a]);
    let keys = store::nutrition::child_keys(&mut tx, &[f.posyandu_kota], &["1503030101230001".into()])
        .await
        .unwrap();
    assert_eq!(sorted(ids(&keys, |k| k.id)), sorted(vec![a, f.children[3]]));
    let k = keys.iter().find(|k| k.id == a).unwrap();
    assert_eq!((k.posyandu_id, k.sex), (f.posyandu, domain::nutrition::Sex2::L));

    // A move re-registers the child at its new Posyandu and is listed oldest first.
    let c = f.children[2];
    for (from, to, desa, on) in [
        (
            f.posyandu_bernai,
            f.posyandu_kota,
            lintas_testkit::fixture::SUKASARI,
            "2024-03-01",
        ),
        (
            f.posyandu_kota,
            f.posyandu_bernai,
            lintas_testkit::fixture::BERNAI,
            "2024-06-01",
        ),
    ] {
        store::nutrition::insert_move(
            &mut tx,
            &store::nutrition::NewMove {
                child: c,
                from,
                to,
                to_desa: desa,
                on: on.parse().unwrap(),
                reason: Some("pindah rumah"),
                by: "dinkes",
            },
        )
        .await
        .unwrap();
    }
    let moves = store::nutrition::moves_of(&mut tx, &[c, a]).await.unwrap();
    let got: Vec<(i64, String, String)> = moves
        .iter()
        .map(|m| (m.child_id, m.to_name.clone(), m.moved_on.to_string()))
        .collect();
    assert_eq!(
        got,
        vec![
            (c, "Posyandu Sukasari".into(), "2024-03-01".into()),
            (c, "Posyandu Bernai".into(), "2024-06-01".into())
        ]
    );
    let child = store::nutrition::get_child(&mut tx, c).await.unwrap().unwrap();
    assert_eq!(
        (child.posyandu_id, child.desa_code.as_str()),
        (f.posyandu_bernai, lintas_testkit::fixture::BERNAI)
    );
});

both!(replace_months_rewrites_from_the_first_month_on, async |db: &TestDb| {
    let (_app, f) = world(db).await;
    let month = |s: &str| -> chrono::NaiveDate { s.parse().unwrap() };
    let row = |posyandu: i64, m: &str, d: i64| store::nutrition::MonthTally {
        posyandu_id: posyandu,
        month: month(m),
        desa_code: lintas_testkit::fixture::DUSUN_SAROLANGUN.into(),
        tally: domain::nutrition::Tally {
            s: 10,
            d,
            ..Default::default()
        },
    };
    let mut tx = db.store.write().await.unwrap();
    // Start from nothing for the two Posyandu, then write three months of one and one of the other.
    store::nutrition::replace_months(
        &mut tx,
        &[
            (f.posyandu, month("2000-01-01")),
            (f.posyandu_bernai, month("2000-01-01")),
        ],
        &[
            row(f.posyandu, "2024-01-01", 5),
            row(f.posyandu, "2024-02-01", 6),
            row(f.posyandu, "2024-03-01", 7),
            row(f.posyandu_bernai, "2024-02-01", 3),
        ],
    )
    .await
    .unwrap();
    // From February on, the first Posyandu's months are replaced; January and the other stay.
    store::nutrition::replace_months(
        &mut tx,
        &[(f.posyandu, month("2024-02-01"))],
        &[row(f.posyandu, "2024-02-01", 9)],
    )
    .await
    .unwrap();
    let kept: Vec<(String, i64)> = store::nutrition::all_tallies(&mut tx)
        .await
        .unwrap()
        .into_iter()
        .filter(|(k, _)| {
            k.starts_with(&format!("{}|", f.posyandu)) || k.starts_with(&format!("{}|", f.posyandu_bernai))
        })
        .map(|(k, t)| (k, t.d))
        .collect();
    let mut want = vec![
        (format!("{}|2024-01-01", f.posyandu), 5),
        (format!("{}|2024-02-01", f.posyandu), 9),
        (format!("{}|2024-02-01", f.posyandu_bernai), 3),
    ];
    want.sort();
    assert_eq!(kept, want);
});

both!(an_unknown_word_in_a_nutrition_column_is_corrupt, async |db: &TestDb| {
    let (_app, f) = world(db).await;
    let child = f.children[0];
    let mut tx = db.store.write().await.unwrap();
    // What this version writes reads back as its type.
    let c = store::nutrition::get_child(&mut tx, child).await.unwrap().unwrap();
    assert_eq!(c.sex, domain::nutrition::Sex2::L);
    let ms = store::nutrition::measurements(&mut tx, child).await.unwrap();
    assert!(
        ms.iter().all(
            |m| m.source == MeasurementSource::Form && m.position == Some(domain::nutrition::LengthPosition::Lying)
        ),
        "{ms:?}"
    );
    store::posyandu::save_year(
        &mut tx,
        &store::posyandu::YearRecord {
            org_id: f.posyandu,
            year: 2024,
            services: "kesehatan_gizi".into(),
            dana_sehat: None,
            sessions: 9,
            active_kader: 5,
            coverage: Some(60.0),
            stratum: domain::nutrition::Stratum::Madya,
            updated_at: chrono::Utc::now(),
        },
    )
    .await
    .unwrap();
    // A value this version does not know (a corrupt row, or one written by a newer Lintas) is
    // an error naming table, column and value, never another state.
    let corrupt = |e: store::StoreError, at: &str, of: &str, was: &str| {
        assert!(
            matches!(&e, store::StoreError::Corrupt { column, kind, value }
                if column == at && *kind == of && value == was),
            "{e:?}"
        );
    };
    // (the corruption, where, type, value, and the repair before the next one)
    for (update, at, of, was, repair) in [
        (
            "UPDATE children SET sex = 'X' WHERE id = $1",
            "children.sex",
            "Sex2",
            "X",
            "UPDATE children SET sex = 'L' WHERE id = $1",
        ),
        (
            "UPDATE measurements SET position = 'S' WHERE child_id = $1",
            "measurements.position",
            "LengthPosition",
            "S",
            "UPDATE measurements SET position = 'L' WHERE child_id = $1",
        ),
        (
            "UPDATE measurements SET source = 'sms' WHERE child_id = $1",
            "measurements.source",
            "MeasurementSource",
            "sms",
            "UPDATE measurements SET source = 'form' WHERE child_id = $1",
        ),
    ] {
        store::on_tx!(&mut tx, c => sqlx::query(update).bind(child).execute(c).await.unwrap().rows_affected());
        let err = if at.starts_with("children") {
            store::nutrition::get_child(&mut tx, child).await.err()
        } else {
            store::nutrition::measurements(&mut tx, child).await.err()
        };
        corrupt(err.unwrap(), at, of, was);
        store::on_tx!(&mut tx, c => sqlx::query(repair).bind(child).execute(c).await.unwrap().rows_affected());
    }
    store::on_tx!(&mut tx, c => sqlx::query("UPDATE posyandu_years SET stratum = 'emas' WHERE org_id = $1")
        .bind(f.posyandu)
        .execute(c)
        .await
        .unwrap()
        .rows_affected());
    let err = store::posyandu::years(&mut tx, f.posyandu).await.err();
    corrupt(err.unwrap(), "posyandu_years.stratum", "Stratum", "emas");
});
