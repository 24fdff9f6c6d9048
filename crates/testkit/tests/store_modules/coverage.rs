//! store::coverage: the catalogue seeded at first start and versioned, sasaran and targets
//! replaced in place (the value before returned), the district's lock, achievements replaced
//! and cleared by (indicator, desa, month) with their rollups per Puskesmas and kecamatan kept
//! equal to a recount through every write and redraw, the nutrition tallies summed per desa and
//! month, and the first report time kept.

use super::common::world;
use chrono::NaiveDate;
use domain::coverage::{AchievementSource, SasaranKind, SasaranSource};
use lintas_testkit::fixture::{BERNAI, DISTRICT, DUSUN_SAROLANGUN, LIMUN_DESA, SUKASARI};
use lintas_testkit::{TestDb, both};
use store::coverage::{AchievementRow, SasaranRow, TargetRow};

fn month(y: i32, m: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, 1).unwrap()
}

/// An entered achievement of Puskesmas `pkm` in month `m` of 2024.
fn entered(pkm: i64, code: &str, desa: &str, m: u32, n: f64, d: Option<f64>) -> AchievementRow {
    AchievementRow {
        indicator_code: code.into(),
        desa_code: desa.into(),
        month: month(2024, m),
        numerator: n,
        denominator: d,
        puskesmas_id: pkm,
        source: AchievementSource::Entered,
    }
}

both!(catalogue_is_seeded_once_and_versions_stay_apart, async |db: &TestDb| {
    let _ = world(db).await;
    let mut tx = db.store.write().await.unwrap();
    let all = store::coverage::indicators(&mut tx).await.unwrap();
    let shipped = interop::indicator::read(interop::indicator::SHIPPED).unwrap();
    assert_eq!(all.len(), shipped.len());
    assert_eq!(all.iter().filter(|r| r.spm.is_some()).count(), 12);
    let k1 = all.iter().find(|r| r.code == "K1").unwrap().def();
    assert_eq!(Some(&k1), shipped.iter().find(|d| d.code == "K1"), "round trip");
    // A successor version is a second row of the same code; a second seed adds nothing.
    let next = domain::coverage::IndicatorDef {
        version: "kia-2026".into(),
        valid_from: month(2026, 1),
        ..k1.clone()
    };
    let (id, created) = store::coverage::put_indicator(&mut tx, &next).await.unwrap();
    assert!(created);
    let (again, created) = store::coverage::put_indicator(&mut tx, &next).await.unwrap();
    assert_eq!((again, created), (id, false));
    tx.commit().await.unwrap();
    assert!(!app::coverage::ensure_catalogue(&db.store).await.unwrap());
    let mut tx = db.store.read().await.unwrap();
    let all = store::coverage::indicators(&mut tx).await.unwrap();
    let versions: Vec<&str> = all
        .iter()
        .filter(|r| r.code == "K1")
        .map(|r| r.version.as_str())
        .collect();
    assert_eq!(versions, ["kia-2021", "kia-2026"], "oldest first");
    assert_eq!(
        app::coverage::in_force(&all, "K1", month(2025, 6)).unwrap().version,
        "kia-2021"
    );
    assert_eq!(
        app::coverage::in_force(&all, "K1", month(2026, 6)).unwrap().version,
        "kia-2026"
    );
    assert!(store::coverage::ratios(&mut tx).await.unwrap().len() >= 14);
});

both!(sasaran_targets_and_lock_replace_in_place, async |db: &TestDb| {
    let (_, f) = world(db).await;
    let mut tx = db.store.write().await.unwrap();
    let row = |desa: &str, kind, value| SasaranRow {
        desa_code: desa.into(),
        year: 2024,
        kind,
        value,
        source: SasaranSource::Entered,
    };
    store::coverage::put_sasaran(
        &mut tx,
        &[
            row(BERNAI, SasaranKind::Bumil, 60.0),
            row(DUSUN_SAROLANGUN, SasaranKind::Bumil, 120.0),
        ],
        "t",
    )
    .await
    .unwrap();
    store::coverage::put_sasaran(
        &mut tx,
        &[SasaranRow {
            source: SasaranSource::Imported,
            ..row(BERNAI, SasaranKind::Bumil, 61.0)
        }],
        "t",
    )
    .await
    .unwrap();
    let got = store::coverage::sasaran(&mut tx, &[BERNAI.into(), DUSUN_SAROLANGUN.into()], 2024)
        .await
        .unwrap();
    assert_eq!(got.len(), 2);
    assert_eq!(
        (got[0].desa_code.as_str(), got[0].value, got[0].source),
        (DUSUN_SAROLANGUN, 120.0, SasaranSource::Entered)
    );
    assert_eq!((got[1].value, got[1].source), (61.0, SasaranSource::Imported));
    assert!(
        store::coverage::sasaran(&mut tx, &[BERNAI.into()], 2023)
            .await
            .unwrap()
            .is_empty()
    );
    // The district read (one JSON document on SQLite, rows on PostgreSQL): the same rows,
    // kinds and sources decoded, a fractional value exact, other kinds and desa left out.
    store::coverage::put_sasaran(
        &mut tx,
        &[
            row(BERNAI, SasaranKind::Balita, 1.0 / 3.0),
            row(DUSUN_SAROLANGUN, SasaranKind::Bayi, 7.0),
        ],
        "t",
    )
    .await
    .unwrap();
    let mut got = store::coverage::sasaran_of_kinds(
        &mut tx,
        &[BERNAI.into(), DUSUN_SAROLANGUN.into()],
        2024,
        &[SasaranKind::Bumil, SasaranKind::Balita],
    )
    .await
    .unwrap();
    got.sort_by(|a, b| (&a.desa_code, a.kind.as_str()).cmp(&(&b.desa_code, b.kind.as_str())));
    assert_eq!(
        got,
        vec![
            row(DUSUN_SAROLANGUN, SasaranKind::Bumil, 120.0),
            row(BERNAI, SasaranKind::Balita, 1.0 / 3.0),
            SasaranRow {
                source: SasaranSource::Imported,
                ..row(BERNAI, SasaranKind::Bumil, 61.0)
            },
        ]
    );
    assert!(
        store::coverage::sasaran_of_kinds(&mut tx, &[BERNAI.into()], 2023, &[SasaranKind::Bumil])
            .await
            .unwrap()
            .is_empty()
    );

    let t = |target| TargetRow {
        puskesmas_id: f.pkm,
        year: 2024,
        indicator_code: "K1".into(),
        target,
    };
    assert_eq!(store::coverage::put_target(&mut tx, &t(80.0), "t").await.unwrap(), None);
    assert_eq!(
        store::coverage::put_target(&mut tx, &t(85.0), "t").await.unwrap(),
        Some(80.0)
    );
    let got = store::coverage::targets(&mut tx, &[f.pkm, f.pkm_kota], 2024)
        .await
        .unwrap();
    assert_eq!(got, [t(85.0)]);
    // An unknown indicator code is refused by the schema.
    let bad = TargetRow {
        indicator_code: "NOPE".into(),
        ..t(1.0)
    };
    assert!(store::coverage::put_target(&mut tx, &bad, "t").await.is_err());
    drop(tx);

    let mut tx = db.store.write().await.unwrap();
    assert!(store::coverage::lock(&mut tx, DISTRICT, 2024).await.unwrap().is_none());
    assert!(
        store::coverage::set_lock(&mut tx, DISTRICT, 2024, true, "dinkes")
            .await
            .unwrap()
    );
    assert!(
        !store::coverage::set_lock(&mut tx, DISTRICT, 2024, true, "dinkes")
            .await
            .unwrap(),
        "already locked"
    );
    let l = store::coverage::lock(&mut tx, DISTRICT, 2024).await.unwrap().unwrap();
    assert_eq!(l.locked_by.as_deref(), Some("dinkes"));
    assert!(store::coverage::lock(&mut tx, DISTRICT, 2025).await.unwrap().is_none());
    assert!(
        store::coverage::set_lock(&mut tx, DISTRICT, 2024, false, "dinkes")
            .await
            .unwrap()
    );
    assert!(store::coverage::lock(&mut tx, DISTRICT, 2024).await.unwrap().is_none());
    // A backfilled lock keeps its time.
    let at = chrono::DateTime::parse_from_rfc3339("2023-02-06T03:00:00Z")
        .unwrap()
        .to_utc();
    assert!(
        store::coverage::put_lock(&mut tx, DISTRICT, 2023, "dinkes", at)
            .await
            .unwrap()
    );
    assert!(
        !store::coverage::put_lock(&mut tx, DISTRICT, 2023, "admin", at)
            .await
            .unwrap()
    );
    let l = store::coverage::lock(&mut tx, DISTRICT, 2023).await.unwrap().unwrap();
    assert_eq!((l.locked_by.as_deref(), l.locked_at), (Some("dinkes"), at));
    tx.commit().await.unwrap();
});

both!(
    desa_monthly_read_as_one_json_document_equals_the_rows,
    async |db: &TestDb| {
        // `desa_monthly` reads through `sql::fetch_json` (on SQLite one JSON document the
        // engine builds, on PostgreSQL rows turned into the same arrays): the values must come
        // back exactly as stored — reals to the last bit, NULL denominators, dates —
        // and an empty read is empty.
        let (_, f) = world(db).await;
        let mut tx = db.store.write().await.unwrap();
        let a = |desa: &str, m: u32, n: f64, d: Option<f64>| entered(f.pkm, "K1", desa, m, n, d);
        let rows = [
            a(DUSUN_SAROLANGUN, 3, 0.1 + 0.2, Some(1.0 / 3.0)),
            a(BERNAI, 2, 123_456_789.123_456_79, None),
            a(BERNAI, 1, 1e-7, Some(2.5e10)),
            a(DUSUN_SAROLANGUN, 1, 0.0, Some(0.0)),
            a(DUSUN_SAROLANGUN, 2, 5e-324, Some(f64::MAX)),
            a(BERNAI, 3, 2.0 / 3.0 * 1e20, Some(-1.5e-300)),
            a(BERNAI, 4, 1e19, Some(-7.0)),
            a(BERNAI, 5, 9_007_199_254_740_992.0, Some(9_223_372_036_854_775_807.0)),
        ];
        store::coverage::put_achievements(&mut tx, &rows, "t").await.unwrap();
        let desa = [BERNAI.to_string(), DUSUN_SAROLANGUN.to_string()];
        let k1 = ["K1".to_string()];
        let mut got = store::coverage::desa_monthly(&mut tx, &desa, &k1, month(2024, 1), month(2024, 12))
            .await
            .unwrap();
        got.sort_by(|x, y| (&x.1, x.2).cmp(&(&y.1, y.2)));
        let mut want: Vec<(String, String, NaiveDate, f64, Option<f64>)> = rows
            .iter()
            .map(|r| {
                (
                    "K1".to_string(),
                    r.desa_code.clone(),
                    r.month,
                    r.numerator,
                    r.denominator,
                )
            })
            .collect();
        want.sort_by(|x, y| (&x.1, x.2).cmp(&(&y.1, y.2)));
        assert_eq!(got, want);
        let none = store::coverage::desa_monthly(&mut tx, &desa, &k1, month(2025, 1), month(2025, 12))
            .await
            .unwrap();
        assert!(none.is_empty());
        drop(tx);
    }
);

both!(achievements_replace_clear_and_report_times, async |db: &TestDb| {
    let (_, f) = world(db).await;
    let mut tx = db.store.write().await.unwrap();
    let a = |code: &str, desa: &str, m: u32, n: f64, d: Option<f64>| entered(f.pkm, code, desa, m, n, d);
    store::coverage::put_achievements(
        &mut tx,
        &[
            a("K1", BERNAI, 1, 2.0, None),
            a("K1", BERNAI, 2, 3.0, None),
            a("ASIX", BERNAI, 1, 4.0, Some(5.0)),
            a("K1", DUSUN_SAROLANGUN, 1, 9.0, None),
        ],
        "t",
    )
    .await
    .unwrap();
    store::coverage::put_achievements(&mut tx, &[a("K1", BERNAI, 2, 4.0, None)], "t")
        .await
        .unwrap();
    let got = store::coverage::achievements(
        &mut tx,
        &[BERNAI.into()],
        &["K1".into()],
        month(2024, 1),
        month(2024, 12),
    )
    .await
    .unwrap();
    assert_eq!(got, [a("K1", BERNAI, 1, 2.0, None), a("K1", BERNAI, 2, 4.0, None)]);
    assert_eq!(
        store::coverage::achievement_counts(&mut tx).await.unwrap(),
        [("ASIX".to_string(), 1), ("K1".to_string(), 3)]
    );
    let every = store::coverage::achievements(
        &mut tx,
        &[BERNAI.into(), DUSUN_SAROLANGUN.into()],
        &[],
        month(2024, 1),
        month(2024, 1),
    )
    .await
    .unwrap();
    let keys: Vec<(&str, &str)> = every
        .iter()
        .map(|r| (r.indicator_code.as_str(), r.desa_code.as_str()))
        .collect();
    assert_eq!(keys, [("ASIX", BERNAI), ("K1", DUSUN_SAROLANGUN), ("K1", BERNAI)]);
    assert!(
        store::coverage::delete_achievement(&mut tx, "K1", BERNAI, month(2024, 2))
            .await
            .unwrap()
    );
    assert!(
        !store::coverage::delete_achievement(&mut tx, "K1", BERNAI, month(2024, 2))
            .await
            .unwrap()
    );
    // A desa outside the region table is refused by the schema.
    assert!(
        store::coverage::put_achievements(&mut tx, &[a("K1", "99.99.99.9999", 1, 1.0, None)], "t")
            .await
            .is_err()
    );
    drop(tx);

    let mut tx = db.store.write().await.unwrap();
    store::coverage::touch_report(&mut tx, f.pkm, month(2024, 1))
        .await
        .unwrap();
    let first = store::coverage::reports(&mut tx, &[f.pkm], month(2024, 1), month(2024, 12))
        .await
        .unwrap();
    store::coverage::touch_report(&mut tx, f.pkm, month(2024, 1))
        .await
        .unwrap();
    let at = chrono::DateTime::parse_from_rfc3339("2024-03-04T02:00:00Z")
        .unwrap()
        .with_timezone(&chrono::Utc);
    store::coverage::put_report(&mut tx, f.pkm, month(2024, 2), at)
        .await
        .unwrap();
    let again = store::coverage::reports(&mut tx, &[f.pkm, f.pkm_kota], month(2024, 1), month(2024, 12))
        .await
        .unwrap();
    assert_eq!(again.len(), 2);
    assert_eq!(again[0].first_at, first[0].first_at, "the first entry time stays");
    assert!(again[0].last_at >= first[0].last_at);
    assert_eq!((again[1].month, again[1].first_at), (month(2024, 2), at));
    tx.commit().await.unwrap();
});

both!(rollups_follow_every_write_and_redraw, async |db: &TestDb| {
    let (_, f) = world(db).await;
    let a = |code: &str, desa: &str, m: u32, n: f64, d: Option<f64>| entered(f.pkm, code, desa, m, n, d);
    let codes = ["K1".to_string(), "ASIX".to_string()];
    // (Puskesmas, code, Σ numerator, Σ denominator) for January–March, and the district's.
    async fn read(
        db: &TestDb,
        ids: &[i64],
        codes: &[String],
    ) -> (Vec<(i64, String, f64, Option<f64>)>, Vec<(String, f64, Option<f64>)>) {
        let mut tx = db.store.read().await.unwrap();
        let p = store::coverage::puskesmas_sums(&mut tx, ids, codes, month(2024, 1), month(2024, 3))
            .await
            .unwrap();
        let r = store::coverage::region_sums(&mut tx, DISTRICT, codes, month(2024, 1), month(2024, 3))
            .await
            .unwrap();
        assert_eq!(
            store::coverage::rollup_drift(&mut tx).await.unwrap(),
            Vec::<String>::new()
        );
        (p, r)
    }
    let mut tx = db.store.write().await.unwrap();
    store::coverage::put_achievements(
        &mut tx,
        &[
            a("K1", BERNAI, 1, 2.0, None),
            a("K1", BERNAI, 2, 3.0, None),
            a("K1", DUSUN_SAROLANGUN, 1, 9.0, None),
            a("ASIX", BERNAI, 1, 4.0, Some(5.0)),
            a("ASIX", DUSUN_SAROLANGUN, 1, 1.0, None),
            a("K1", LIMUN_DESA, 3, 7.0, None),
            a("K1", BERNAI, 4, 100.0, None),
        ],
        "t",
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let ids = [f.pkm, f.pkm_limun, f.pkm_kota];
    let (p, r) = read(db, &ids, &codes).await;
    assert_eq!(
        p,
        [
            (f.pkm, "ASIX".into(), 5.0, Some(5.0)),
            (f.pkm, "K1".into(), 14.0, None),
            (f.pkm_limun, "K1".into(), 7.0, None),
        ],
        "April is outside; a denominator missing in one desa is left out of the sum"
    );
    assert_eq!(r, [("ASIX".into(), 5.0, Some(5.0)), ("K1".into(), 21.0, None)]);

    // Replaced and cleared: the sums follow, and a month with nothing left has no row.
    let mut tx = db.store.write().await.unwrap();
    store::coverage::put_achievements(&mut tx, &[a("K1", BERNAI, 2, 13.0, None)], "t")
        .await
        .unwrap();
    assert!(
        store::coverage::delete_achievement(&mut tx, "K1", LIMUN_DESA, month(2024, 3))
            .await
            .unwrap()
    );
    assert!(
        store::coverage::delete_achievement(&mut tx, "ASIX", DUSUN_SAROLANGUN, month(2024, 1))
            .await
            .unwrap()
    );
    tx.commit().await.unwrap();
    let (p, r) = read(db, &ids, &codes).await;
    assert_eq!(
        p,
        [(f.pkm, "ASIX".into(), 4.0, Some(5.0)), (f.pkm, "K1".into(), 24.0, None)]
    );
    assert_eq!(r, [("ASIX".into(), 4.0, Some(5.0)), ("K1".into(), 24.0, None)]);
    let mut tx = db.store.read().await.unwrap();
    let monthly = store::coverage::puskesmas_monthly(&mut tx, &ids, "K1", month(2024, 1), month(2024, 12))
        .await
        .unwrap();
    assert_eq!(
        monthly,
        [
            (f.pkm, month(2024, 1), 11.0, None),
            (f.pkm, month(2024, 2), 13.0, None),
            (f.pkm, month(2024, 4), 100.0, None),
        ]
    );
    // A kecamatan and a single desa as the region.
    let one = store::coverage::region_sums(&mut tx, "15.03.03", &codes, month(2024, 1), month(2024, 3))
        .await
        .unwrap();
    let desa = store::coverage::region_sums(&mut tx, BERNAI, &codes, month(2024, 1), month(2024, 3))
        .await
        .unwrap();
    assert_eq!(one, r);
    assert_eq!(desa, [("ASIX".into(), 4.0, Some(5.0)), ("K1".into(), 15.0, None)]);
    drop(tx);

    // Bernai leaves Puskesmas Sarolangun for the kota Puskesmas: the achievements stay with
    // the desa, the Puskesmas sums follow the wilayah kerja as it now is.
    let mut tx = db.store.write().await.unwrap();
    store::org::set_wilayah_kerja(&mut tx, f.pkm, &[DUSUN_SAROLANGUN.into()])
        .await
        .unwrap();
    store::org::set_wilayah_kerja(&mut tx, f.pkm_kota, &[SUKASARI.into(), BERNAI.into()])
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let (p, _) = read(db, &ids, &codes).await;
    assert_eq!(
        p,
        [
            (f.pkm, "K1".into(), 9.0, None),
            (f.pkm_kota, "ASIX".into(), 4.0, Some(5.0)),
            (f.pkm_kota, "K1".into(), 15.0, None),
        ]
    );

    // Rebuilt from scratch, nothing changes.
    let mut tx = db.store.write().await.unwrap();
    store::coverage::rebuild_rollups(&mut tx).await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(read(db, &ids, &codes).await.0, p);
});

both!(rollups_stay_right_with_writers_at_once, async |db: &TestDb| {
    let (_, f) = world(db).await;
    // Twenty writers at once into one kecamatan, Puskesmas and month (overlapping rollup rows):
    // every one stores, and the rollups equal a recount.
    let mut tasks = Vec::new();
    for i in 0..20u32 {
        let store = db.store.clone();
        let pkm = f.pkm;
        tasks.push(tokio::spawn(async move {
            let mut tx = store.write().await?;
            let row = AchievementRow {
                indicator_code: "K1".into(),
                desa_code: if i % 2 == 0 { BERNAI } else { DUSUN_SAROLANGUN }.into(),
                month: month(2024, 1 + i / 2 % 2),
                numerator: f64::from(i),
                denominator: None,
                puskesmas_id: pkm,
                source: AchievementSource::Entered,
            };
            store::coverage::put_achievements(&mut tx, &[row], "t").await?;
            tx.commit().await
        }));
    }
    for t in tasks {
        t.await.unwrap().unwrap();
    }
    let mut tx = db.store.read().await.unwrap();
    assert_eq!(
        store::coverage::rollup_drift(&mut tx).await.unwrap(),
        Vec::<String>::new()
    );
    let sums = store::coverage::puskesmas_sums(&mut tx, &[f.pkm], &["K1".into()], month(2024, 1), month(2024, 2))
        .await
        .unwrap();
    assert_eq!(sums.len(), 1);
    let kept: f64 = store::coverage::achievements(
        &mut tx,
        &[BERNAI.into(), DUSUN_SAROLANGUN.into()],
        &["K1".into()],
        month(2024, 1),
        month(2024, 2),
    )
    .await
    .unwrap()
    .iter()
    .map(|r| r.numerator)
    .sum();
    assert_eq!(sums[0].2, kept);
});

both!(desa_tallies_sum_the_posyandu_of_a_desa, async |db: &TestDb| {
    let (_, f) = world(db).await;
    let mut tx = db.store.read().await.unwrap();
    let m = domain::coverage::first_of_month(f.today);
    let from = m - chrono::Months::new(24);
    let got = store::coverage::desa_tallies(&mut tx, &[DUSUN_SAROLANGUN.into(), BERNAI.into()], from, m)
        .await
        .unwrap();
    assert!(!got.is_empty(), "the fixture weighs children");
    for (desa, month, t) in &got {
        let scope = store::nutrition::Scope::Desa(vec![desa.clone()]);
        let want = store::nutrition::tallies(&mut tx, &scope, *month, "all").await.unwrap();
        let w = &want[0].1;
        assert_eq!(
            (t.s, t.d, t.n, t.bgm, t.haz_n, t.stunted),
            (w.s, w.d, w.n, w.bgm, w.haz_n, w.stunted),
            "{desa} {month}"
        );
    }
});
