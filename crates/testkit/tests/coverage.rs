//! Coverage monitoring through the use cases on both databases: a PWS worked out by hand
//! (K1 at Puskesmas Sarolangun in 2024: Desa Dusun Sarolangun above target and falling —
//! Kurang — and Bernai below and flat — Jelek — the Puskesmas total from the summed counts),
//! D/S derived from the nutrition tallies, the district view, bad rows refused all together
//! with nothing stored, the lock with its reason, and who may read and write.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use app::AppError;
use app::coverage::{PwsQuery, pws_view};
use chrono::NaiveDate;
use domain::coverage::{
    AchievementInput, AchievementSource, PwsStatus, SasaranInput, SasaranKind, SasaranSource, TargetInput,
};
use lintas_testkit::fixture::{self, BERNAI, DISTRICT, DUSUN_SAROLANGUN, LIMUN_DESA};
use lintas_testkit::{TestDb, both};

fn month(y: i32, m: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, 1).unwrap()
}

fn close(a: Option<f64>, b: f64) -> bool {
    a.is_some_and(|a| (a - b).abs() < 0.005)
}

fn k1(desa: &str, m: u32, n: f64) -> AchievementInput {
    AchievementInput {
        indicator_code: "K1".into(),
        desa_code: desa.into(),
        month: month(2024, m),
        numerator: n,
        denominator: None,
    }
}

fn codes(e: &AppError) -> Vec<(String, &'static str)> {
    match e {
        AppError::Invalid(inv) => inv.0.iter().map(|f| (f.field.clone(), f.code)).collect(),
        other => panic!("not invalid: {other:?}"),
    }
}

async fn achievements(app: &app::App) -> usize {
    let mut tx = app.store.read().await.unwrap();
    store::coverage::achievements(
        &mut tx,
        &[DUSUN_SAROLANGUN.into(), BERNAI.into()],
        &[],
        month(2000, 1),
        month(2100, 12),
    )
    .await
    .unwrap()
    .len()
}

/// Sasaran bumil 120 and 60, target K1 80 %, 10 K1 a month in Dusun Sarolangun to August and
/// 8 in September, 2 a month in Bernai.
async fn k1_year(app: &app::App, f: &fixture::Fixture) {
    let pkm = fixture::actor(app, "puskesmas").await;
    let sasaran = [(DUSUN_SAROLANGUN, 120.0), (BERNAI, 60.0)]
        .map(|(d, v)| SasaranInput {
            desa_code: d.into(),
            year: 2024,
            kind: SasaranKind::Bumil,
            value: v,
        })
        .to_vec();
    app::coverage::save_sasaran(app, &pkm, f.pkm, sasaran, SasaranSource::Entered, None)
        .await
        .unwrap();
    let t = vec![TargetInput {
        indicator_code: "k1".into(),
        target: 80.0,
    }];
    app::coverage::save_targets(app, &pkm, f.pkm, 2024, t, None)
        .await
        .unwrap();
    let mut rows = Vec::new();
    for m in 1..=9 {
        rows.push(k1(DUSUN_SAROLANGUN, m, if m == 9 { 8.0 } else { 10.0 }));
        rows.push(k1(BERNAI, m, 2.0));
    }
    assert_eq!(
        app::coverage::save_achievements(app, &pkm, f.pkm, rows, &[], AchievementSource::Entered)
            .await
            .unwrap(),
        18
    );
}

both!(pws_by_hand, async |db: &TestDb| {
    let app = db.app().await;
    let f = fixture::load(&app).await;
    k1_year(&app, &f).await;
    let pkm = fixture::actor(&app, "puskesmas").await;
    let q = PwsQuery {
        indicator: "K1".into(),
        year: 2024,
        month: 9,
        puskesmas_id: Some(f.pkm),
    };
    let v = pws_view(&app, &pkm, &q).await.unwrap();
    let names: Vec<&str> = v.lines.iter().map(|l| l.key.as_str()).collect();
    assert_eq!(names, [DUSUN_SAROLANGUN, BERNAI], "best first");
    let dusun = v.lines[0].at(9).unwrap();
    assert!(
        close(dusun.cumulative, 73.33) && close(Some(dusun.target), 60.0),
        "{dusun:?}"
    );
    assert_eq!(dusun.status, Some(PwsStatus::Kurang));
    let bernai = v.lines[1].at(9).unwrap();
    assert!(close(bernai.cumulative, 30.0));
    assert_eq!(
        bernai.status,
        Some(PwsStatus::Jelek),
        "below and unchanged counts as falling"
    );
    // The whole Puskesmas: 106 / 180 = 58.89 % < 60 %; own 10/180 after 12/180 → Jelek.
    let total = v.total.at(9).unwrap();
    assert!(close(total.cumulative, 58.89), "{total:?}");
    assert_eq!(total.status, Some(PwsStatus::Jelek));
    assert_eq!(v.total.sasaran, Some(180.0));
    let counts: Vec<(PwsStatus, usize)> = v.counts.clone();
    assert_eq!(
        counts,
        [
            (PwsStatus::Baik, 0),
            (PwsStatus::Kurang, 1),
            (PwsStatus::Cukup, 0),
            (PwsStatus::Jelek, 1)
        ]
    );
    // August: Dusun 80/120 = 66.67 % ≥ 53.33 %, unchanged → Baik.
    assert_eq!(v.lines[0].at(8).unwrap().status, Some(PwsStatus::Baik));

    // The district view sums the Puskesmas's desa; Puskesmas without figures have none.
    let dinkes = fixture::actor(&app, "dinkes").await;
    let d = pws_view(
        &app,
        &dinkes,
        &PwsQuery {
            puskesmas_id: None,
            ..q.clone()
        },
    )
    .await
    .unwrap();
    let line = d.lines.iter().find(|l| l.key == f.pkm.to_string()).unwrap();
    assert!(close(line.at(9).unwrap().cumulative, 58.89));
    assert!(d.lines.len() >= 4);
    assert!(
        d.lines
            .iter()
            .filter(|l| l.key != f.pkm.to_string())
            .all(|l| l.at(9).unwrap().cumulative.is_none())
    );

    // Who reads: the other Puskesmas of the kecamatan, the kader and a partner may not; a
    // viewer of the district may.
    for who in ["puskesmas-kota", "kader", "polsek"] {
        let a = fixture::actor(&app, who).await;
        assert!(
            matches!(pws_view(&app, &a, &q).await, Err(AppError::Forbidden)),
            "{who}"
        );
    }
    let kader = fixture::actor(&app, "kader").await;
    assert!(matches!(
        pws_view(
            &app,
            &kader,
            &PwsQuery {
                puskesmas_id: None,
                ..q.clone()
            }
        )
        .await,
        Err(AppError::Forbidden)
    ));
    let bupati = fixture::actor(&app, "bupati").await;
    assert!(pws_view(&app, &bupati, &q).await.is_ok());
});

both!(derived_ds_comes_from_the_tallies, async |db: &TestDb| {
    let app = db.app().await;
    let f = fixture::load(&app).await;
    let m = domain::coverage::first_of_month(f.today);
    let pkm = fixture::actor(&app, "puskesmas").await;
    let q = PwsQuery {
        indicator: "DS".into(),
        year: chrono::Datelike::year(&m),
        month: chrono::Datelike::month(&m),
        puskesmas_id: Some(f.pkm),
    };
    let v = pws_view(&app, &pkm, &q).await.unwrap();
    let mut tx = app.store.read().await.unwrap();
    for desa in [DUSUN_SAROLANGUN, BERNAI] {
        let scope = store::nutrition::Scope::Desa(vec![desa.into()]);
        let t = store::nutrition::tallies(&mut tx, &scope, m, "all").await.unwrap();
        let line = v.lines.iter().find(|l| l.key == desa).unwrap();
        let at = line.at(q.month).unwrap();
        let want = t.first().map(|(_, t)| t).filter(|t| t.s > 0);
        match want {
            Some(t) => {
                assert_eq!(
                    (at.achieved, at.denominator),
                    (Some(t.d as f64), Some(t.s as f64)),
                    "{desa}"
                );
                assert!(close(at.own, t.d as f64 / t.s as f64 * 100.0));
            }
            None => assert_eq!(at.achieved, None),
        }
        assert_eq!(line.sasaran, None, "D/S has no yearly sasaran");
    }
    assert!(
        v.lines.iter().any(|l| l.at(q.month).unwrap().achieved.is_some()),
        "the fixture weighed someone this month"
    );
    // Derived figures are never typed.
    let typed = AchievementInput {
        indicator_code: "DS".into(),
        desa_code: BERNAI.into(),
        month: month(2024, 1),
        numerator: 1.0,
        denominator: Some(2.0),
    };
    let e = app::coverage::save_achievements(&app, &pkm, f.pkm, vec![typed], &[], AchievementSource::Entered)
        .await
        .unwrap_err();
    assert_eq!(
        codes(&e),
        [("rows[0].indicator_code".to_string(), "achievement.derived")]
    );
});

both!(bad_rows_are_named_and_nothing_is_stored, async |db: &TestDb| {
    let app = db.app().await;
    let f = fixture::load(&app).await;
    let pkm = fixture::actor(&app, "puskesmas").await;
    let future = domain::coverage::first_of_month(f.today) + chrono::Months::new(1);
    let rows = vec![
        k1(BERNAI, 1, 3.0),
        k1(BERNAI, 2, -1.0),
        AchievementInput {
            month: future,
            ..k1(BERNAI, 1, 1.0)
        },
        k1(LIMUN_DESA, 1, 1.0),
        AchievementInput {
            indicator_code: "NOPE".into(),
            ..k1(BERNAI, 1, 1.0)
        },
        k1(BERNAI, 1, 4.0),
        AchievementInput {
            denominator: Some(5.0),
            ..k1(BERNAI, 3, 1.0)
        },
        AchievementInput {
            indicator_code: "ASIX".into(),
            numerator: 6.0,
            denominator: Some(5.0),
            ..k1(BERNAI, 3, 1.0)
        },
        AchievementInput {
            indicator_code: "ASIX".into(),
            ..k1(BERNAI, 4, 1.0)
        },
        k1(BERNAI, 5, f64::NAN),
    ];
    let e = app::coverage::save_achievements(&app, &pkm, f.pkm, rows, &[], AchievementSource::Entered)
        .await
        .unwrap_err();
    let got: Vec<(String, &str)> = codes(&e);
    let want: Vec<(String, &str)> = [
        ("rows[1].numerator", "number.negative"),
        ("rows[2].month", "achievement.future"),
        ("rows[3].desa_code", "coverage.desa_outside"),
        ("rows[4].indicator_code", "indicator.unknown"),
        ("rows[5].indicator_code", "coverage.duplicate"),
        ("rows[6].denominator", "achievement.no_denominator"),
        ("rows[7].numerator", "achievement.above_denominator"),
        ("rows[8].denominator", "required"),
        ("rows[9].numerator", "number.format"),
    ]
    .map(|(a, b)| (a.to_string(), b))
    .to_vec();
    assert_eq!(got, want);
    assert_eq!(achievements(&app).await, 0, "nothing partial");
    // A Puskesmas writes only its own figures.
    let kota = fixture::actor(&app, "puskesmas-kota").await;
    let e = app::coverage::save_achievements(
        &app,
        &kota,
        f.pkm,
        vec![k1(BERNAI, 1, 1.0)],
        &[],
        AchievementSource::Entered,
    )
    .await;
    assert!(matches!(e, Err(AppError::Forbidden)));
    let bupati = fixture::actor(&app, "bupati").await;
    let e = app::coverage::save_achievements(
        &app,
        &bupati,
        f.pkm,
        vec![k1(BERNAI, 1, 1.0)],
        &[],
        AchievementSource::Entered,
    )
    .await;
    assert!(matches!(e, Err(AppError::Forbidden)));
    // Saving a month records the report; clearing a cell removes it.
    app::coverage::save_achievements(
        &app,
        &pkm,
        f.pkm,
        vec![k1(BERNAI, 1, 1.0)],
        &[],
        AchievementSource::Entered,
    )
    .await
    .unwrap();
    assert_eq!(achievements(&app).await, 1);
    let cleared = [("K1".to_string(), BERNAI.to_string(), month(2024, 1))];
    app::coverage::save_achievements(&app, &pkm, f.pkm, vec![], &cleared, AchievementSource::Entered)
        .await
        .unwrap();
    assert_eq!(achievements(&app).await, 0);
    let dinkes = fixture::actor(&app, "dinkes").await;
    let c = app::coverage::completeness(&app, &dinkes, 2024).await.unwrap();
    let line = c.lines.iter().find(|l| l.puskesmas.id == f.pkm).unwrap();
    assert!(
        line.months[0].is_some_and(|(_, on_time)| !on_time),
        "January 2024 reported late"
    );
    assert!(line.months[1].is_none());
});

both!(a_locked_year_needs_dinkes_and_a_reason, async |db: &TestDb| {
    let app = db.app().await;
    let f = fixture::load(&app).await;
    let pkm = fixture::actor(&app, "puskesmas").await;
    let dinkes = fixture::actor(&app, "dinkes").await;
    let t = |v| {
        vec![TargetInput {
            indicator_code: "K4".into(),
            target: v,
        }]
    };
    app::coverage::save_targets(&app, &pkm, f.pkm, 2024, t(70.0), None)
        .await
        .unwrap();
    // Only Dinkes locks, and only its district.
    assert!(matches!(
        app::coverage::set_lock(&app, &pkm, DISTRICT, 2024, true).await,
        Err(AppError::Forbidden)
    ));
    assert!(matches!(
        app::coverage::set_lock(&app, &dinkes, "15.02", 2024, true).await,
        Err(AppError::Forbidden)
    ));
    assert!(
        app::coverage::set_lock(&app, &dinkes, DISTRICT, 2024, true)
            .await
            .unwrap()
    );
    let e = app::coverage::save_targets(&app, &pkm, f.pkm, 2024, t(60.0), Some("ingin turun"))
        .await
        .unwrap_err();
    assert_eq!(codes(&e), [("year".to_string(), "year.locked")]);
    let e = app::coverage::save_targets(&app, &dinkes, f.pkm, 2024, t(60.0), Some("  "))
        .await
        .unwrap_err();
    assert_eq!(codes(&e), [("reason".to_string(), "year.locked_reason")]);
    let bad = vec![
        TargetInput {
            indicator_code: "K4".into(),
            target: 120.0,
        },
        TargetInput {
            indicator_code: "X".into(),
            target: 1.0,
        },
    ];
    let e = app::coverage::save_targets(&app, &dinkes, f.pkm, 2024, bad, Some("revisi SK"))
        .await
        .unwrap_err();
    assert_eq!(
        codes(&e),
        [
            ("rows[0].target".to_string(), "indicator.target"),
            ("rows[1].indicator_code".to_string(), "indicator.unknown")
        ]
    );
    app::coverage::save_targets(&app, &dinkes, f.pkm, 2024, t(60.0), Some("revisi SK target kinerja"))
        .await
        .unwrap();
    let v = app::coverage::targets(&app, &pkm, f.pkm, 2024).await.unwrap();
    let k4 = v.lines.iter().find(|l| l.indicator.code == "K4").unwrap();
    assert_eq!(k4.target, Some(60.0));
    assert!(v.lock.is_some() && !v.can_edit);
    // Sasaran of a locked year too; another year stays open.
    let s = |y| {
        vec![SasaranInput {
            desa_code: BERNAI.into(),
            year: y,
            kind: SasaranKind::Penduduk,
            value: 1000.0,
        }]
    };
    let e = app::coverage::save_sasaran(&app, &pkm, f.pkm, s(2024), SasaranSource::Entered, None)
        .await
        .unwrap_err();
    assert_eq!(codes(&e), [("year".to_string(), "year.locked")]);
    app::coverage::save_sasaran(&app, &pkm, f.pkm, s(2025), SasaranSource::Entered, None)
        .await
        .unwrap();
    // Derivation: population × ratio for every kind, the counted ones kept.
    let counted = vec![SasaranInput {
        desa_code: BERNAI.into(),
        year: 2025,
        kind: SasaranKind::Bumil,
        value: 33.0,
    }];
    app::coverage::save_sasaran(&app, &pkm, f.pkm, counted, SasaranSource::Entered, None)
        .await
        .unwrap();
    let n = app::coverage::derive_sasaran(&app, &pkm, f.pkm, 2025, None)
        .await
        .unwrap();
    let v = app::coverage::sasaran(&app, &pkm, f.pkm, 2025).await.unwrap();
    assert_eq!(n, v.ratios.len() - 1, "every ratio but the counted bumil");
    assert_eq!(v.get(BERNAI, SasaranKind::Bumil).map(|r| r.value), Some(33.0));
    let bayi = v.ratios.iter().find(|r| r.kind == SasaranKind::Bayi).unwrap().ratio;
    assert_eq!(
        v.get(BERNAI, SasaranKind::Bayi).map(|r| (r.value, r.source)),
        Some(((1000.0 * bayi).round(), SasaranSource::Derived))
    );
    let e = app::coverage::derive_sasaran(&app, &pkm, f.pkm, 2026, None)
        .await
        .unwrap_err();
    assert_eq!(codes(&e), [("penduduk".to_string(), "sasaran.no_population")]);
    // The audit log keeps the reason given after the lock.
    let mut tx = app.store.read().await.unwrap();
    let filter = store::audit::AuditFilter {
        limit: 500,
        ..store::audit::AuditFilter::default()
    };
    let (log, _) = store::audit::list(&mut tx, &filter).await.unwrap();
    assert!(
        log.iter()
            .any(|e| e.summary.contains("after lock: revisi SK target kinerja"))
    );
    assert!(log.iter().any(|e| e.action == "lock" && e.entity == "coverage_target"));
});

both!(spm_sums_counts_before_dividing, async |db: &TestDb| {
    let app = db.app().await;
    let f = fixture::load(&app).await;
    let pkm = fixture::actor(&app, "puskesmas").await;
    let sasaran = [(DUSUN_SAROLANGUN, 120.0), (BERNAI, 60.0)]
        .map(|(d, v)| SasaranInput {
            desa_code: d.into(),
            year: 2024,
            kind: SasaranKind::Bumil,
            value: v,
        })
        .to_vec();
    app::coverage::save_sasaran(&app, &pkm, f.pkm, sasaran, SasaranSource::Entered, None)
        .await
        .unwrap();
    let mut rows = Vec::new();
    for m in 1..=4 {
        for (desa, n) in [(DUSUN_SAROLANGUN, 10.0), (BERNAI, 1.0)] {
            rows.push(AchievementInput {
                indicator_code: "SPM-01".into(),
                ..k1(desa, m, n)
            });
        }
    }
    app::coverage::save_achievements(&app, &pkm, f.pkm, rows, &[], AchievementSource::Entered)
        .await
        .unwrap();
    // Through March: (30 + 3) / 180 = 18.33 % — not the mean of 25 % and 5 %.
    let v = app::coverage::spm(&app, &pkm, 2024, 3, Some(f.pkm)).await.unwrap();
    let services: Vec<i64> = v.lines.iter().map(|l| l.indicator.spm.unwrap()).collect();
    assert_eq!(services, (1..=12).collect::<Vec<i64>>());
    let s1 = &v.lines[0];
    assert_eq!((s1.numerator, s1.denominator), (33.0, Some(180.0)));
    assert!(close(s1.capaian, 18.33) && close(s1.target_to_date, 25.0));
    assert_eq!(
        (v.lines[1].numerator, v.lines[1].denominator, v.lines[1].capaian),
        (0.0, None, None)
    );
    assert!(v.by_puskesmas.is_empty());
    // The district: each Puskesmas and the sum of counts.
    let dinkes = fixture::actor(&app, "dinkes").await;
    let d = app::coverage::spm(&app, &dinkes, 2024, 12, None).await.unwrap();
    assert!(close(d.lines[0].capaian, 44.0 / 180.0 * 100.0));
    let mine = d.by_puskesmas.iter().find(|(o, _)| o.id == f.pkm).unwrap();
    assert_eq!(mine.1[0].numerator, 44.0);
    assert!(d.by_puskesmas.len() >= 4);
    let kota = fixture::actor(&app, "puskesmas-kota").await;
    assert!(matches!(
        app::coverage::spm(&app, &kota, 2024, 3, Some(f.pkm)).await,
        Err(AppError::Forbidden)
    ));
    let polsek = fixture::actor(&app, "polsek").await;
    assert!(matches!(
        app::coverage::spm(&app, &polsek, 2024, 3, None).await,
        Err(AppError::Forbidden)
    ));
});

async fn lokmin(app: &app::App, f: &fixture::Fixture, held_on: NaiveDate) -> i64 {
    let pkm = fixture::actor(app, "puskesmas").await;
    let input = domain::meeting::MeetingInput {
        title: format!("Lokmin bulanan {held_on}"),
        kind: domain::meeting::ForumKind::LokminBulanan,
        forum_id: None,
        host_org_id: f.pkm,
        level: domain::meeting::MeetingLevel::Kecamatan,
        held_on,
        start_time: None,
        place: None,
        chair: None,
        first_of_year: false,
    };
    app::meeting::create(app, &pkm, &input, &[f.desa_bernai]).await.unwrap()
}

both!(
    a_jelek_desa_becomes_a_proposal_then_a_problem_with_an_owner,
    async |db: &TestDb| {
        let app = db.app().await;
        let f = fixture::load(&app).await;
        k1_year(&app, &f).await;
        let pkm = fixture::actor(&app, "puskesmas").await;
        // K4 in Dusun Sarolangun: 5 a month → 45/120 = 37.5 % in September against 60 %, unchanged → Jelek.
        let t = vec![TargetInput {
            indicator_code: "K4".into(),
            target: 80.0,
        }];
        app::coverage::save_targets(&app, &pkm, f.pkm, 2024, t, None)
            .await
            .unwrap();
        let rows = (1..=9)
            .map(|m| AchievementInput {
                indicator_code: "K4".into(),
                ..k1(DUSUN_SAROLANGUN, m, 5.0)
            })
            .collect();
        app::coverage::save_achievements(&app, &pkm, f.pkm, rows, &[], AchievementSource::Entered)
            .await
            .unwrap();

        let october = lokmin(&app, &f, NaiveDate::from_ymd_opt(2024, 10, 15).unwrap()).await;
        let c = app::proposal::for_meeting(&app, &pkm, october).await.unwrap().unwrap();
        assert_eq!(c.period, month(2024, 9));
        let agenda = app::meeting::view(&app, &pkm, october).await.unwrap().agenda;
        assert_eq!(
            agenda[0].title,
            "Capaian program September 2024 menurut PWS dan usulan masalah"
        );
        let got: Vec<(&str, &str)> = c
            .proposals
            .iter()
            .map(|p| (p.indicator.code.as_str(), p.desa_code.as_str()))
            .collect();
        assert_eq!(
            got,
            [("K1", BERNAI), ("K4", DUSUN_SAROLANGUN)],
            "Jelek only; Dusun's K1 is Kurang"
        );
        let k1s = c.summary.iter().find(|s| s.indicator.code == "K1").unwrap();
        assert_eq!(k1s.counts, [0, 1, 0, 1]);
        assert!(close(k1s.total.cumulative, 58.89));
        assert_eq!(c.summary[0].counts[3], 1, "indicators with Jelek desa first");
        assert!(c.can_edit);

        // Accepted: a problem of the meeting for Bernai, linked, with its numbers.
        let problem = app::proposal::accept(&app, &pkm, october, "k1", BERNAI).await.unwrap();
        let c = app::proposal::for_meeting(&app, &pkm, october).await.unwrap().unwrap();
        assert_eq!(c.proposals.len(), 1);
        assert_eq!(
            (
                c.accepted[0].problem_id,
                c.accepted[0].indicator_code.as_str(),
                c.accepted[0].desa_code.as_str()
            ),
            (problem, "K1", BERNAI)
        );
        assert_eq!(c.accepted[0].period, Some(month(2024, 9)));
        let view = app::meeting::view(&app, &pkm, october).await.unwrap();
        let p = view.problems.iter().find(|p| p.problem.id == problem).unwrap();
        assert_eq!(p.problem.category, domain::problem::ProblemCategory::Coverage);
        let text = p.problem.description.clone().unwrap();
        assert!(text.contains("30,0%") && text.contains("60,0%"), "{text}");
        let e = app::proposal::accept(&app, &pkm, october, "K1", BERNAI)
            .await
            .unwrap_err();
        assert_eq!(codes(&e), [("proposal".to_string(), "proposal.gone")]);

        // Dismissed with a reason; not proposed again at this meeting.
        let e = app::proposal::dismiss(&app, &pkm, october, "K4", DUSUN_SAROLANGUN, " ")
            .await
            .unwrap_err();
        assert_eq!(codes(&e), [("reason".to_string(), "required")]);
        app::proposal::dismiss(
            &app,
            &pkm,
            october,
            "K4",
            DUSUN_SAROLANGUN,
            "Data K4 belum lengkap dari bidan desa",
        )
        .await
        .unwrap();
        let c = app::proposal::for_meeting(&app, &pkm, october).await.unwrap().unwrap();
        assert!(c.proposals.is_empty());
        assert_eq!(c.dismissed[0].reason, "Data K4 belum lengkap dari bidan desa");

        // The action goes to the kepala desa; the next Lokmin does not propose Bernai's K1 while it is open.
        let action = domain::action::ActionInput {
            what: "Sweeping ibu hamil bersama kader dan bidan desa".into(),
            problem_id: Some(problem),
            owner_org_id: f.desa_bernai,
            responsible: Some("Kepala Desa Bernai".into()),
            supporting_org_ids: vec![],
            target: Some("Semua ibu hamil terdata".into()),
            due_on: NaiveDate::from_ymd_opt(2024, 11, 30),
            budget_source: domain::action::BudgetSource::DanaDesa,
            private_note: None,
        };
        app::action::create(&app, &pkm, october, &action).await.unwrap();
        let oct = vec![
            k1(BERNAI, 10, 2.0),
            k1(DUSUN_SAROLANGUN, 10, 10.0),
            AchievementInput {
                indicator_code: "K4".into(),
                ..k1(DUSUN_SAROLANGUN, 10, 3.0)
            },
        ];
        app::coverage::save_achievements(&app, &pkm, f.pkm, oct, &[], AchievementSource::Entered)
            .await
            .unwrap();
        let november = lokmin(&app, &f, NaiveDate::from_ymd_opt(2024, 11, 12).unwrap()).await;
        let c = app::proposal::for_meeting(&app, &pkm, november).await.unwrap().unwrap();
        let got: Vec<(&str, &str)> = c
            .proposals
            .iter()
            .map(|p| (p.indicator.code.as_str(), p.desa_code.as_str()))
            .collect();
        assert_eq!(got, [("K4", DUSUN_SAROLANGUN)], "dismissed at another meeting only");

        // Who: the other Puskesmas cannot read the meeting; the invited desa reads the meeting but not the figures.
        let kota = fixture::actor(&app, "puskesmas-kota").await;
        assert!(app::proposal::for_meeting(&app, &kota, october).await.is_err());
        let dinkes = fixture::actor(&app, "dinkes").await;
        assert!(
            app::proposal::for_meeting(&app, &dinkes, october)
                .await
                .unwrap()
                .is_some()
        );
        let polsek = fixture::actor(&app, "polsek").await;
        assert!(
            app::proposal::accept(&app, &polsek, november, "K4", DUSUN_SAROLANGUN)
                .await
                .is_err()
        );
    }
);

both!(an_actions_effect_against_comparable_desa, async |db: &TestDb| {
    let app = db.app().await;
    let f = fixture::load(&app).await;
    let pkm = fixture::actor(&app, "puskesmas").await;
    let sasaran = [(DUSUN_SAROLANGUN, 120.0), (BERNAI, 60.0)]
        .map(|(d, v)| SasaranInput {
            desa_code: d.into(),
            year: 2024,
            kind: SasaranKind::Bumil,
            value: v,
        })
        .to_vec();
    app::coverage::save_sasaran(&app, &pkm, f.pkm, sasaran, SasaranSource::Entered, None)
        .await
        .unwrap();
    let t = vec![TargetInput {
        indicator_code: "K6".into(),
        target: 80.0,
    }];
    app::coverage::save_targets(&app, &pkm, f.pkm, 2024, t, None)
        .await
        .unwrap();
    let k6 = |desa: &str, m: u32, n: f64| AchievementInput {
        indicator_code: "K6".into(),
        ..k1(desa, m, n)
    };
    // Both desa Jelek in September (2 a month); Bernai acts in October and rises to 8 a
    // month, Dusun Sarolangun goes to 4.
    let mut rows = Vec::new();
    for m in 1..=9 {
        rows.push(k6(BERNAI, m, 2.0));
        rows.push(k6(DUSUN_SAROLANGUN, m, 2.0));
    }
    for m in 10..=12 {
        rows.push(k6(BERNAI, m, 8.0));
        rows.push(k6(DUSUN_SAROLANGUN, m, 4.0));
    }
    app::coverage::save_achievements(&app, &pkm, f.pkm, rows, &[], AchievementSource::Entered)
        .await
        .unwrap();
    let october = lokmin(&app, &f, NaiveDate::from_ymd_opt(2024, 10, 15).unwrap()).await;
    let problem = app::proposal::accept(&app, &pkm, october, "K6", BERNAI).await.unwrap();
    let action = domain::action::ActionInput {
        what: "Kelas ibu hamil di balai desa".into(),
        problem_id: Some(problem),
        owner_org_id: f.desa_bernai,
        responsible: None,
        supporting_org_ids: vec![],
        target: None,
        due_on: None,
        budget_source: domain::action::BudgetSource::DanaDesa,
        private_note: None,
    };
    let id = app::action::create(&app, &pkm, october, &action).await.unwrap();
    let e = app::effect::of_action(&app, &pkm, id).await.unwrap().unwrap();
    assert_eq!(
        (e.start, e.months[0], e.status_then),
        (month(2024, 10), month(2024, 4), Some(PwsStatus::Jelek))
    );
    assert_eq!(e.comparison_desa, ["Dusun Sarolangun"]);
    // Before: 3.33 % vs 1.67 %; after: 13.33 % vs 3.33 % → (13.33 − 3.33) − (3.33 − 1.67) = 8.33.
    assert!(close(e.effect.before, 3.33) && close(e.effect.after, 13.33));
    assert!(close(e.effect.comparison_before, 1.67) && close(e.effect.comparison_after, 3.33));
    assert!(close(e.effect.did, 8.33), "{:?}", e.effect);
    // An action not raised from the PWS has none; the owner (a desa account) sees none either.
    let plain = domain::action::ActionInput {
        problem_id: None,
        ..action
    };
    let other = app::action::create(&app, &pkm, october, &plain).await.unwrap();
    assert!(app::effect::of_action(&app, &pkm, other).await.unwrap().is_none());
    let kota = fixture::actor(&app, "puskesmas-kota").await;
    assert!(app::effect::of_action(&app, &kota, id).await.is_err());
});
