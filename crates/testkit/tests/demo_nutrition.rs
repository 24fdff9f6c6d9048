//! The full demo district's child growth on both databases: the district's stunting counts of
//! February and August 2023 read the published 740 and 679, prevalence is realistic and
//! differs between desa, and a second load changes nothing.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use app::nutrition::Where;
use chrono::NaiveDate;
use domain::nutrition::Tally;
use lintas_testkit::{TestDb, both};

fn month(y: i32, m: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, 1).unwrap()
}

both!(
    the_full_demo_reads_the_published_stunting_counts,
    async |db: &TestDb| {
        let app = db.app().await;
        let started = std::time::Instant::now();
        assert!(app::demo::load_full(&app, &|step| eprintln!("{step}")).await.unwrap());
        eprintln!("full demo loaded in {:.1} s", started.elapsed().as_secs_f64());

        let district = Where::Region("15.03".into());
        let feb = app::nutrition::report(&app, &district, month(2023, 2), None)
            .await
            .unwrap();
        let aug = app::nutrition::report(&app, &district, month(2023, 8), Some(month(2023, 2)))
            .await
            .unwrap();
        assert_eq!(feb.total.stunted, 740, "{:?}", feb.total);
        assert_eq!(aug.total.stunted, 679, "{:?}", aug.total);
        assert_eq!(aug.compare.map(|c| c.1.stunted), Some(740));
        // The report opens on the last bulan penimbangan, August 2024 compared with February
        // 2024, and its trend still shows both 2023 weighing months.
        assert_eq!(
            app::nutrition::default_months(&app, &district).await.unwrap(),
            Some((month(2024, 8), Some(month(2024, 2))))
        );
        let opened = app::nutrition::report(&app, &district, month(2024, 8), Some(month(2024, 2)))
            .await
            .unwrap();
        let in_trend = |m: NaiveDate| opened.trend.iter().find(|t| t.0 == m).map(|t| t.1.stunted);
        assert_eq!(in_trend(month(2023, 2)), Some(740));
        assert_eq!(in_trend(month(2023, 8)), Some(679));
        assert_eq!(opened.trend.len(), 24);
        // The breakdown by kecamatan adds up to the district.
        assert_eq!(feb.lines.iter().map(|l| l.tally.stunted).sum::<i64>(), 740);

        for m in [month(2023, 2), month(2023, 8), month(2024, 2), month(2024, 8)] {
            let t = app::nutrition::report(&app, &district, m, None).await.unwrap().total;
            let (p, _, _) = Tally::prevalence(t.stunted, t.haz_n).unwrap();
            assert!((15.0..=25.0).contains(&p), "{m}: prevalence {p:.1}% ({t:?})");
            let ds = Tally::percent(t.d, t.s).unwrap();
            assert!((70.0..=92.0).contains(&ds), "{m}: D/S {ds:.1}%");
            assert!(t.s > 9_000 && t.s < 13_000, "{m}: S {}", t.s);
            assert!(t.n > 0 && t.t > 0 && t.flagged > 0 && t.wasted > 0, "{m}: {t:?}");
        }

        // Desa differ: among desa with enough children measured, stunting ranges widely.
        let mut tx = app.store.read().await.unwrap();
        let by_desa = store::nutrition::tallies(
            &mut tx,
            &store::nutrition::Scope::Region("15.03".into()),
            month(2024, 2),
            "desa",
        )
        .await
        .unwrap();
        assert_eq!(by_desa.len(), 158, "every desa has children");
        let prevalences: Vec<f64> = by_desa
            .iter()
            .filter(|(_, t)| t.haz_n >= 30)
            .filter_map(|(_, t)| Tally::percent(t.stunted, t.haz_n))
            .collect();
        assert!(prevalences.len() >= 100, "{} desa measured", prevalences.len());
        let lo = prevalences.iter().copied().fold(f64::INFINITY, f64::min);
        let hi = prevalences.iter().copied().fold(0.0, f64::max);
        assert!(lo < 12.0 && hi > 28.0, "desa prevalence from {lo:.1}% to {hi:.1}%");

        // Every Posyandu with a profile and 3–7 kader.
        let (posyandu, n) = store::org::list(
            &mut tx,
            &domain::access::Area::All,
            &store::org::OrgFilter {
                kind: Some(domain::org::OrgKind::Posyandu),
                within: Some("15.03".into()),
                limit: 1000,
                ..Default::default()
            },
        )
        .await
        .unwrap();
        assert!(n >= 158);
        for p in &posyandu {
            let profile = store::nutrition::profile(&mut tx, p.id)
                .await
                .unwrap()
                .expect("a profile");
            assert!(profile.services.split(',').any(|s| s == "kesehatan_gizi"));
            let kader = store::person::positions_at(&mut tx, p.id)
                .await
                .unwrap()
                .into_iter()
                .filter(|s| s.kind == "kader" && s.ended_on.is_none())
                .count();
            assert!((3..=7).contains(&kader), "{}: {kader} kader", p.name);
        }
        drop(tx);

        // Loading again changes nothing.
        assert!(!app::demo::load_full(&app, &|_| {}).await.unwrap());
        let again = app::nutrition::report(&app, &district, month(2023, 2), None)
            .await
            .unwrap();
        assert_eq!(again.total, feb.total);
    }
);
