//! The demo's coverage figures on both databases: the small demo (what every test server
//! loads) holds Puskesmas Sarolangun's sasaran, targets, achievements and reports — 2023
//! locked, 2024 open, Tinting Jelek on K4 in September 2023 and not in September 2024, no
//! derived indicator typed; the full demo every desa of the district, with one Puskesmas
//! missing two months of 2024.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use app::coverage::{PwsQuery, PwsView, pws_view};
use chrono::NaiveDate;
use domain::access::Actor;
use domain::coverage::{PwsStatus, SasaranKind, SasaranSource};
use lintas_testkit::fixture::actor;
use lintas_testkit::{TestDb, both};
use std::collections::HashMap;

fn month(y: i32, m: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, 1).unwrap()
}

const DERIVED: [&str; 4] = ["DS", "ND", "BGMD", "STUNT"];
/// The typed indicators' rows per desa and year: 22 every month, vitamin A in February,
/// March, August and September, BIAS in August, September and November.
const ROWS_PER_DESA_YEAR: i64 = 22 * 12 + 4 + 3;
/// Puskesmas Sarolangun's desa: Dusun Sarolangun and the ten desa of the kecamatan.
const SAROLANGUN_DESA: i64 = 11;
const TINTING: &str = "15.03.03.2005";

async fn pws(app: &app::App, who: &Actor, code: &str, year: i32, m: u32, pkm: Option<i64>) -> PwsView {
    pws_view(
        app,
        who,
        &PwsQuery {
            indicator: code.into(),
            year,
            month: m,
            puskesmas_id: pkm,
        },
    )
    .await
    .unwrap()
}

fn status_of(v: &PwsView, key: &str, m: u32) -> Option<PwsStatus> {
    v.lines
        .iter()
        .find(|l| l.key == key)
        .and_then(|l| l.at(m))
        .and_then(|p| p.status)
}

async fn counts(app: &app::App) -> HashMap<String, i64> {
    let mut tx = app.store.read().await.unwrap();
    store::coverage::achievement_counts(&mut tx)
        .await
        .unwrap()
        .into_iter()
        .collect()
}

async fn pkm_id(app: &app::App, code: &str) -> i64 {
    let mut tx = app.store.read().await.unwrap();
    store::org::get_by_code(&mut tx, code).await.unwrap().unwrap().id
}

both!(
    the_small_demo_monitors_coverage_at_puskesmas_sarolangun,
    async |db: &TestDb| {
        let app = db.app().await;
        let started = std::time::Instant::now();
        assert!(app::demo::load(&app).await.unwrap());
        eprintln!("small demo loaded in {:.1} s", started.elapsed().as_secs_f64());
        let pkm = pkm_id(&app, "PKM-SRL-03").await;
        let puskesmas = actor(&app, "puskesmas").await;
        let dinkes = actor(&app, "dinkes").await;

        // Only Puskesmas Sarolangun's desa, every typed indicator, no derived one.
        let n = counts(&app).await;
        assert_eq!(
            n.values().sum::<i64>(),
            SAROLANGUN_DESA * ROWS_PER_DESA_YEAR * 2,
            "{n:?}"
        );
        assert_eq!(n.len(), 24, "{n:?}");
        assert!(DERIVED.iter().all(|d| !n.contains_key(*d)), "{n:?}");
        assert_eq!(n["K4"], SAROLANGUN_DESA * 24);
        assert_eq!(n["VITA"], SAROLANGUN_DESA * 8);
        assert_eq!(n["BIAS"], SAROLANGUN_DESA * 6);

        let mut tx = app.store.read().await.unwrap();
        let desa: Vec<String> = store::org::wilayah_kerja(&mut tx, pkm)
            .await
            .unwrap()
            .into_iter()
            .map(|w| w.desa_code)
            .collect();
        assert_eq!(desa.len() as i64, SAROLANGUN_DESA);
        let rows = store::coverage::achievements(&mut tx, &desa, &[], month(2023, 1), month(2024, 12))
            .await
            .unwrap();
        assert_eq!(rows.len() as i64, n.values().sum::<i64>());
        for r in &rows {
            assert_eq!(r.puskesmas_id, pkm);
            // Only ASI eksklusif has a monthly denominator, and never fewer than its numerator.
            assert_eq!(r.indicator_code == "ASIX", r.denominator.is_some(), "{r:?}");
            assert!(r.numerator >= 0.0 && r.denominator.is_none_or(|d| d >= r.numerator && d > 0.0));
        }

        // Sasaran for every desa both years: penduduk entered, every other kind derived.
        let ratios = store::coverage::ratios(&mut tx).await.unwrap();
        assert_eq!(ratios.len(), 15);
        for year in [2023, 2024] {
            let s = store::coverage::sasaran(&mut tx, &desa, year).await.unwrap();
            assert_eq!(s.len(), desa.len() * 16, "{year}");
            for d in &desa {
                let pop = s
                    .iter()
                    .find(|r| &r.desa_code == d && r.kind == SasaranKind::Penduduk)
                    .unwrap();
                assert_eq!(pop.source, SasaranSource::Entered);
                assert!((600.0..=4100.0).contains(&pop.value), "{d}: {}", pop.value);
                for r in &ratios {
                    let got = s.iter().find(|x| &x.desa_code == d && x.kind == r.kind).unwrap();
                    assert_eq!(got.source, SasaranSource::Derived);
                    assert_eq!(got.value, (pop.value * r.ratio).round(), "{d} {:?}", r.kind);
                }
            }
        }

        // 2023 approved and locked by Dinkes, 2024 open.
        let lock = store::coverage::lock(&mut tx, "15.03", 2023).await.unwrap().unwrap();
        assert_eq!(lock.locked_by.as_deref(), Some("dinkes"));
        assert_eq!(lock.locked_at.to_rfc3339(), "2023-02-06T03:00:00+00:00");
        assert!(store::coverage::lock(&mut tx, "15.03", 2024).await.unwrap().is_none());
        drop(tx);
        let t23 = app::coverage::targets(&app, &puskesmas, pkm, 2023).await.unwrap();
        assert!(t23.lock.is_some() && !t23.can_edit);
        let t24 = app::coverage::targets(&app, &puskesmas, pkm, 2024).await.unwrap();
        assert!(t24.lock.is_none() && t24.can_edit);
        for t in [&t23, &t24] {
            for l in &t.lines {
                let own = l.target.is_some();
                assert_eq!(own, l.indicator.spm.is_none(), "{} {}", t.year, l.indicator.code);
            }
            let k4 = t.lines.iter().find(|l| l.indicator.code == "K4").unwrap();
            assert!((80.0..=95.0).contains(&k4.target.unwrap()));
            let stunt = t.lines.iter().find(|l| l.indicator.code == "STUNT").unwrap();
            assert!(stunt.target.unwrap() <= 20.0);
        }

        // K4: Tinting (and perhaps others) Jelek in September 2023, none of them Jelek in
        // September 2024.
        let sep23 = pws(&app, &puskesmas, "K4", 2023, 9, Some(pkm)).await;
        let sep24 = pws(&app, &puskesmas, "K4", 2024, 9, Some(pkm)).await;
        let jelek: Vec<&str> = sep23
            .lines
            .iter()
            .filter(|l| l.at(9).and_then(|m| m.status) == Some(PwsStatus::Jelek))
            .map(|l| l.key.as_str())
            .collect();
        assert!(jelek.contains(&TINTING), "{jelek:?}");
        let better: Vec<&&str> = jelek
            .iter()
            .filter(|k| status_of(&sep24, k, 9).is_some_and(|s| s != PwsStatus::Jelek))
            .collect();
        assert!(better.contains(&&TINTING), "{jelek:?} → {better:?}");
        let tinting = sep23.lines.iter().find(|l| l.key == TINTING).unwrap();
        for m in 9..=12 {
            assert_eq!(tinting.at(m).unwrap().status, Some(PwsStatus::Jelek), "month {m}");
        }
        // Below 100 % on the year for most desa; K4 never above K1.
        let dec = pws(&app, &puskesmas, "K4", 2023, 12, Some(pkm)).await;
        let k1 = pws(&app, &puskesmas, "K1", 2023, 12, Some(pkm)).await;
        let cum = |v: &PwsView, k: &str| {
            v.lines
                .iter()
                .find(|l| l.key == k)
                .and_then(|l| l.at(12))
                .and_then(|m| m.cumulative)
                .unwrap()
        };
        let below = dec.lines.iter().filter(|l| cum(&dec, &l.key) < 100.0).count();
        assert!(below * 10 >= dec.lines.len() * 7, "{below} of {}", dec.lines.len());
        for l in &dec.lines {
            assert!(cum(&dec, &l.key) <= cum(&k1, &l.key) + 1e-9, "{}", l.key);
        }
        let asix = pws(&app, &puskesmas, "ASIX", 2024, 6, Some(pkm)).await;
        assert!(
            asix.lines
                .iter()
                .all(|l| l.sasaran.is_none() && l.at(6).unwrap().own.is_some())
        );

        // Every month reported, most by the 5th of the next month.
        for year in [2023, 2024] {
            let c = app::coverage::completeness(&app, &dinkes, year).await.unwrap();
            let line = c.lines.iter().find(|l| l.puskesmas.id == pkm).unwrap();
            assert!(line.months.iter().all(Option::is_some), "{year}");
            let on_time = line.months.iter().flatten().filter(|m| m.1).count();
            assert!(on_time >= 9, "{year}: {on_time} on time");
        }

        // Loading again changes nothing.
        assert!(!app::demo::load(&app).await.unwrap());
        assert_eq!(counts(&app).await, n);
    }
);

both!(the_full_demo_monitors_coverage_in_every_desa, async |db: &TestDb| {
    let app = db.app().await;
    let started = std::time::Instant::now();
    assert!(app::demo::load_full(&app, &|step| eprintln!("{step}")).await.unwrap());
    eprintln!("full demo loaded in {:.1} s", started.elapsed().as_secs_f64());
    let dinkes = actor(&app, "dinkes").await;

    // Every desa, but Puskesmas Air Hitam's 9 in June and July 2024 (22 rows a month).
    let n = counts(&app).await;
    assert_eq!(
        n.values().sum::<i64>(),
        158 * ROWS_PER_DESA_YEAR * 2 - 9 * 22 * 2,
        "{n:?}"
    );
    assert!(DERIVED.iter().all(|d| !n.contains_key(*d)), "{n:?}");
    let mut tx = app.store.read().await.unwrap();
    let (puskesmas, _) = store::org::list(
        &mut tx,
        &domain::access::Area::All,
        &store::org::OrgFilter {
            kind: Some(domain::org::OrgKind::Puskesmas),
            within: Some("15.03".into()),
            limit: 100,
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(puskesmas.len(), 12);
    let mut all_desa = Vec::new();
    for p in &puskesmas {
        let wk = store::org::wilayah_kerja(&mut tx, p.id).await.unwrap();
        all_desa.extend(wk.into_iter().map(|w| w.desa_code));
    }
    assert_eq!(all_desa.len(), 158);
    for year in [2023, 2024] {
        let s = store::coverage::sasaran(&mut tx, &all_desa, year).await.unwrap();
        assert_eq!(s.len(), 158 * 16, "{year}");
    }
    drop(tx);

    // Every Puskesmas reports; Air Hitam misses June and July 2024; some are late.
    let mut late = 0;
    let mut on_time = 0;
    for year in [2023, 2024] {
        let c = app::coverage::completeness(&app, &dinkes, year).await.unwrap();
        assert_eq!(c.lines.len(), 12);
        for l in &c.lines {
            let missing: Vec<usize> = (0..12).filter(|&i| l.months[i].is_none()).map(|i| i + 1).collect();
            if year == 2024 && l.puskesmas.code.as_deref() == Some("PKM-SRL-07") {
                assert_eq!(missing, vec![6, 7]);
            } else {
                assert!(missing.is_empty(), "{} {year}: {missing:?}", l.puskesmas.name);
            }
            late += l.months.iter().flatten().filter(|m| !m.1).count();
            on_time += l.months.iter().flatten().filter(|m| m.1).count();
        }
    }
    assert!(late >= 5 && on_time > 5 * late, "{on_time} on time, {late} late");

    // The chosen desa: Jelek on K4 and IDL from September 2023, above target in 2024.
    let owners: HashMap<String, i64> = {
        let mut tx = app.store.read().await.unwrap();
        let codes: Vec<String> = app::demo::coverage::JELEK_2023.iter().map(|s| s.to_string()).collect();
        store::org::wilayah_kerja_owners(&mut tx, &codes)
            .await
            .unwrap()
            .into_iter()
            .map(|(d, p, _)| (d, p))
            .collect()
    };
    assert_eq!(owners.len(), 6);
    for code in ["K4", "IDL"] {
        for (desa, p) in &owners {
            let y23 = pws(&app, &dinkes, code, 2023, 9, Some(*p)).await;
            let y24 = pws(&app, &dinkes, code, 2024, 9, Some(*p)).await;
            for m in 9..=12 {
                assert_eq!(
                    status_of(&y23, desa, m),
                    Some(PwsStatus::Jelek),
                    "{code} {desa} 2023-{m}"
                );
            }
            let line = y24.lines.iter().find(|l| &l.key == desa).unwrap();
            let sep = line.at(9).unwrap();
            assert!(sep.cumulative.unwrap() >= sep.target, "{code} {desa} 2024: {sep:?}");
        }
    }

    // Where its Puskesmas held a Lokmin bulanan in November 2023 (three of them do), each was
    // followed up there: a problem, an action of the desa government done in February 2024,
    // and its K4 moved beside the comparable desa.
    let mut followed = 0;
    for (desa, p) in &owners {
        let november = {
            let mut tx = app.store.read().await.unwrap();
            let (from, to) = (
                chrono::NaiveDate::from_ymd_opt(2023, 11, 1).unwrap(),
                chrono::NaiveDate::from_ymd_opt(2023, 11, 30).unwrap(),
            );
            store::pkp::lokmin_held(&mut tx, *p, from, to)
                .await
                .unwrap()
                .iter()
                .any(|m| m.kind == "lokmin_bulanan")
        };
        let (_, list) = app::effect::of_puskesmas(&app, &dinkes, *p, 2023).await.unwrap();
        let found = list.iter().find(|a| &a.action.desa_code == desa);
        assert_eq!(found.is_some(), november, "{desa}");
        let Some(a) = found else { continue };
        followed += 1;
        assert_eq!(a.action.status, "done", "{desa}");
        assert_eq!(a.action.indicator_code, "K4");
        let e = a.effect.as_ref().unwrap();
        assert!(
            e.effect.after.unwrap() > e.effect.before.unwrap(),
            "{desa}: {:?}",
            e.effect
        );
        assert_eq!(a.improved(), Some(true), "{desa}: {:?}", e.effect);
    }
    assert!(followed >= 1, "Tinting at least");

    // The transmigration desa pass 100 % of their (underestimated) sasaran, flagged.
    for desa in app::demo::coverage::CROWDED {
        let mut tx = app.store.read().await.unwrap();
        let owner = store::org::wilayah_kerja_owners(&mut tx, &[desa.to_string()])
            .await
            .unwrap()[0]
            .1;
        drop(tx);
        let v = pws(&app, &dinkes, "K1", 2023, 12, Some(owner)).await;
        let line = v.lines.iter().find(|l| l.key == desa).unwrap();
        assert!(line.at(12).unwrap().over_100, "{desa}: {:?}", line.at(12));
    }

    // SPM and KIA under 100 % on the year for most desa; the district view sums them up.
    for code in ["SPM-01", "SPM-04", "K4", "KNL", "IDL"] {
        let v = pws(&app, &dinkes, code, 2023, 12, None).await;
        assert_eq!(v.lines.len(), 12);
        let total = v.total.at(12).unwrap().cumulative.unwrap();
        assert!((40.0..100.0).contains(&total), "{code}: {total:.1}");
        let mut below = 0;
        let mut lines = 0;
        for p in &puskesmas {
            let per = pws(&app, &dinkes, code, 2023, 12, Some(p.id)).await;
            for l in &per.lines {
                lines += 1;
                below += usize::from(l.at(12).unwrap().cumulative.unwrap() < 100.0);
            }
        }
        assert_eq!(lines, 158);
        assert!(below * 10 >= lines * 7, "{code}: {below} of {lines} below 100 %");
    }

    // Loading again changes nothing.
    assert!(!app::demo::load_full(&app, &|_| {}).await.unwrap());
    assert_eq!(counts(&app).await, n);
});
