//! The monthly tally of a Posyandu on both databases: SKDN and stunting counts of a small
//! fixture worked out by hand, kept current as measurements arrive in any order.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use app::nutrition::{Registration, Where};
use chrono::NaiveDate;
use domain::nutrition::{ChildInput, MeasurementInput, Sex2, Tally, decimal};
use lintas_testkit::{TestApp, both_fixture};

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

struct Fixture {
    posyandu: i64,
    desa: String,
    ids: std::collections::HashMap<&'static str, i64>,
}

async fn fixture(t: &TestApp) -> Fixture {
    let dinkes = t.actor("dinkes").await;
    let (posyandu, desa) = t.add_posyandu("Posyandu Uji Melati").await;
    let desa = desa.code;
    // name, sex, birth date, KIA book
    let children = [
        ("Aisyah", "P", "2022-02-10", true),
        ("Bunga", "P", "2022-02-10", true),
        ("Citra Dewa", "L", "2022-01-05", false),
        ("Dimas", "L", "2023-08-01", true),
        ("Eka", "P", "2021-06-01", false),
        ("Gilang", "L", "2024-03-05", true),
        ("Hasan", "L", "2022-03-01", true),
        ("Indah", "P", "2022-05-01", true),
    ];
    let mut ids = std::collections::HashMap::new();
    for (name, sex, born, kia) in children {
        let r = app::nutrition::register_child(
            &t.app,
            &dinkes,
            &ChildInput {
                mother_name: Some(format!("Ibu {name}")),
                has_kia: kia,
                as_of: Some(d("2023-12-01")),
                ..ChildInput::new(name, Sex2::parse(sex).unwrap(), d(born), posyandu)
            },
            false,
        )
        .await
        .unwrap();
        let Registration::Created(id) = r else {
            panic!("{name}: {r:?}")
        };
        ids.insert(name, id);
    }
    Fixture { posyandu, desa, ids }
}

async fn measure(t: &TestApp, f: &Fixture, who: &str, on: &str, weight: &str, height: &str) {
    let dinkes = t.actor("dinkes").await;
    app::nutrition::record(
        &t.app,
        &dinkes,
        f.ids[who],
        &MeasurementInput {
            weight: decimal(weight).unwrap(),
            height: decimal(height).unwrap(),
            ..MeasurementInput::on(d(on))
        },
    )
    .await
    .unwrap_or_else(|e| panic!("{who} {on}: {e:?}"));
}

async fn tally(t: &TestApp, place: Where, month: &str) -> Tally {
    app::nutrition::report(&t.app, &place, d(month), None)
        .await
        .unwrap()
        .total
}

both_fixture!(skdn_and_stunting_of_a_posyandu_by_hand, async |t: &TestApp| {
    let f = fixture(t).await;
    // February first, then January and December: the February N/T must follow.
    measure(t, &f, "Aisyah", "2024-02-15", "10,3", "85.5").await; // +300 g on January → N
    measure(t, &f, "Bunga", "2024-02-15", "9.1", "77").await; // +100 g < KBM 200 g → T; stunted
    measure(t, &f, "Citra Dewa", "2024-02-15", "11.5", "85").await; // weighed in December only → O
    measure(t, &f, "Dimas", "2024-02-15", "5.0", "68").await; // first weighing → B; BGM
    measure(t, &f, "Hasan", "2024-02-05", "12.0", "70").await; // replaced by the later one
    measure(t, &f, "Hasan", "2024-02-20", "12.1", "75").await; // +300 g → N; severely stunted
    measure(t, &f, "Indah", "2024-02-10", "", "84").await; // length only: measured, not weighed
    measure(t, &f, "Aisyah", "2024-01-15", "10.0", "85").await;
    measure(t, &f, "Bunga", "2024-01-15", "9.0", "78").await;
    measure(t, &f, "Hasan", "2024-01-20", "11.8", "").await;
    measure(t, &f, "Citra Dewa", "2023-12-10", "11.0", "84").await;

    let feb = tally(t, Where::Posyandu(f.posyandu), "2024-02-01").await;
    // S: born 1 March 2019 – 29 February 2024, Gilang (born in March) not yet; K: with a KIA book.
    assert_eq!((feb.s, feb.k), (7, 5), "{feb:?}");
    assert_eq!(
        (feb.d, feb.n, feb.t, feb.o, feb.b, feb.bgm),
        (5, 2, 1, 1, 1, 1),
        "{feb:?}"
    );
    assert_eq!(feb.measured, 6);
    assert_eq!((feb.haz_n, feb.stunted, feb.severely_stunted), (6, 2, 1), "{feb:?}");
    let (p, lo, hi) = Tally::prevalence(feb.stunted, feb.haz_n).unwrap();
    assert!((p - 100.0 / 3.0).abs() < 1e-9 && lo < p && p < hi);
    assert_eq!(
        Tally::percent(feb.d, feb.s).map(|x| (x * 10.0).round()),
        Some(714.0),
        "D/S 71.4%"
    );

    // January: three weighed for the first time (Citra's December weighing is before).
    let jan = tally(t, Where::Posyandu(f.posyandu), "2024-01-01").await;
    assert_eq!((jan.d, jan.b, jan.o, jan.n), (3, 3, 0, 0), "{jan:?}");
    let dec = tally(t, Where::Posyandu(f.posyandu), "2023-12-01").await;
    assert_eq!((dec.d, dec.b), (1, 1));

    // The same figures roll up to the desa, the kecamatan and the district (the fixture
    // district has no other weighing in February 2024).
    for place in [
        Where::Region(f.desa.clone()),
        Where::Region("15.03.01".into()),
        Where::Region("15.03".into()),
    ] {
        let up = tally(t, place.clone(), "2024-02-01").await;
        assert_eq!(up, feb, "{place:?}");
    }
    let kec = app::nutrition::report(&t.app, &Where::Region("15.03.01".into()), d("2024-02-01"), None)
        .await
        .unwrap();
    let line = kec.lines.iter().find(|l| l.key == f.desa).expect("the desa's line");
    assert_eq!(line.tally, feb);

    // Live: one more measurement changes the figures at once.
    measure(t, &f, "Aisyah", "2024-02-16", "10.3", "79").await;
    let feb2 = tally(t, Where::Posyandu(f.posyandu), "2024-02-01").await;
    assert_eq!((feb2.stunted, feb2.haz_n, feb2.d), (3, 6, 5), "{feb2:?}");
    // Recording the same measurement again changes nothing.
    measure(t, &f, "Aisyah", "2024-02-16", "10.3", "79").await;
    assert_eq!(tally(t, Where::Posyandu(f.posyandu), "2024-02-01").await, feb2);
});

both_fixture!(bad_measurements_are_named_and_not_stored, async |t: &TestApp| {
    let f = fixture(t).await;
    let dinkes = t.actor("dinkes").await;
    let child = f.ids["Bunga"];
    for (form, field, code) in [
        (("2024-02-15", "9100", "77"), "weight", "weight.grams"),
        (("2024-02-15", "9.1", "0,77"), "height", "height.metres"),
        (("2099-01-01", "9.1", "77"), "measured_on", "date.future"),
        (("2021-01-01", "9.1", "77"), "measured_on", "measurement.before_birth"),
        (("2024-02-15", "", ""), "weight", "measurement.empty"),
    ] {
        let e = app::nutrition::record(
            &t.app,
            &dinkes,
            child,
            &MeasurementInput {
                weight: decimal(form.1).unwrap(),
                height: decimal(form.2).unwrap(),
                ..MeasurementInput::on(d(form.0))
            },
        )
        .await
        .err()
        .unwrap_or_else(|| panic!("{form:?} accepted"));
        match e {
            app::AppError::Invalid(inv) => assert_eq!(inv.code_for(field), Some(code), "{form:?}"),
            other => panic!("{other:?}"),
        }
    }
    let mut tx = t.app.store.read().await.unwrap();
    assert!(store::nutrition::measurements(&mut tx, child).await.unwrap().is_empty());
    drop(tx);
    // A kader of another Posyandu cannot see or measure this child.
    let kader = t.actor("kader").await;
    assert!(matches!(
        app::nutrition::child(&t.app, &kader, child).await,
        Err(app::AppError::NotFound)
    ));
    // A duplicate registration is caught (same name, birth date and mother).
    let again = app::nutrition::register_child(
        &t.app,
        &dinkes,
        &ChildInput {
            mother_name: Some("ibu bunga".into()),
            as_of: Some(d("2024-01-01")),
            ..ChildInput::new("BUNGA", Sex2::P, d("2022-02-10"), f.posyandu)
        },
        false,
    )
    .await
    .unwrap();
    assert!(
        matches!(again, Registration::Duplicates(ref d) if d.len() == 1 && d[0].id == child),
        "{again:?}"
    );
});

/// Every stored tally of the Posyandu, month by month.
async fn stored_tallies(t: &TestApp, posyandu: i64) -> Vec<(NaiveDate, Tally)> {
    let mut out = Vec::new();
    let mut m = d("2021-06-01");
    let today = chrono::Utc::now().date_naive();
    let mut tx = t.app.store.read().await.unwrap();
    while m <= today {
        let rows = store::nutrition::tallies(&mut tx, &store::nutrition::Scope::Posyandu(vec![posyandu]), m, "all")
            .await
            .unwrap();
        out.push((m, rows.into_iter().next().map(|r| r.1).unwrap_or_default()));
        m = m.checked_add_months(chrono::Months::new(1)).unwrap();
    }
    out
}

both_fixture!(
    tallies_kept_on_every_write_equal_a_rebuild_from_scratch,
    async |t: &TestApp| {
        let f = fixture(t).await;
        // Out of order, a same-day replacement, a gap (O), a back-entered first weighing that
        // turns later B into O, and a merge of a duplicate registration.
        for (who, on, w, h) in [
            ("Aisyah", "2024-03-15", "10.9", "87"),
            ("Aisyah", "2024-01-15", "10.0", "85"),
            ("Aisyah", "2024-02-15", "10.3", "85.5"),
            ("Aisyah", "2024-02-15", "10.4", "85.6"),
            ("Bunga", "2024-02-15", "9.1", "77"),
            ("Bunga", "2023-11-15", "8.5", "74"),
            ("Dimas", "2024-02-15", "5.0", "68"),
            ("Dimas", "2024-04-15", "5.9", "70"),
            ("Eka", "2024-01-20", "12.0", "88"),
            ("Indah", "2024-02-10", "", "84"),
        ] {
            measure(t, &f, who, on, w, h).await;
        }
        let dinkes = t.actor("dinkes").await;
        app::nutrition::merge(&t.app, &dinkes, f.ids["Citra Dewa"], f.ids["Hasan"])
            .await
            .unwrap();
        let kept = stored_tallies(t, f.posyandu).await;
        assert!(
            kept.iter().any(|(_, t)| t.o > 0) && kept.iter().any(|(_, t)| t.n > 0),
            "{kept:?}"
        );
        app::nutrition::rebuild_tallies(
            &t.app,
            &[f.posyandu],
            d("2019-01-01"),
            chrono::Utc::now().date_naive(),
            &|_, _| {},
        )
        .await
        .unwrap();
        let rebuilt = stored_tallies(t, f.posyandu).await;
        for ((m, a), (_, b)) in kept.iter().zip(&rebuilt) {
            assert_eq!(a, b, "{m}: kept on every write vs rebuilt");
        }
    }
);

both_fixture!(a_place_breaks_down_one_level_down, async |t: &TestApp| {
    let f = fixture(t).await;
    measure(t, &f, "Bunga", "2024-02-15", "9.1", "77").await;
    let kecamatan: String = f.desa.split('.').take(3).collect::<Vec<_>>().join(".");
    for (place, parts) in [("15", 2), ("15.03", 3), (kecamatan.as_str(), 4)] {
        let r = app::nutrition::report(&t.app, &Where::Region(place.into()), d("2024-02-01"), None)
            .await
            .unwrap();
        assert!(!r.lines.is_empty(), "{place}");
        for l in &r.lines {
            assert_eq!(l.key.split('.').count(), parts, "{place}: {}", l.key);
            assert!(l.key.starts_with(place), "{place}: {}", l.key);
        }
        assert_eq!(
            r.total.measured,
            r.lines.iter().map(|l| l.tally.measured).sum::<i64>(),
            "{place}"
        );
        assert_eq!(
            r.total.stunted,
            r.lines.iter().map(|l| l.tally.stunted).sum::<i64>(),
            "{place}"
        );
        assert!(r.total.stunted >= 1, "{place}");
    }
    // A desa breaks down by Posyandu, named.
    let r = app::nutrition::report(&t.app, &Where::Region(f.desa.clone()), d("2024-02-01"), None)
        .await
        .unwrap();
    assert!(r.lines.iter().any(|l| l.name == "Posyandu Uji Melati"), "{:?}", r.lines);
});
