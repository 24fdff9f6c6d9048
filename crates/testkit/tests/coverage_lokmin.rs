//! A Lokmin's coverage section through the pages, on both databases: the PWS summary of
//! the month under review, a Jelek desa proposed, accepted into a problem from the page (the
//! problem then takes an action owned by the desa), another dismissed only with a reason, in
//! both languages; a partner invited to the meeting sees no figures and cannot accept.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::NaiveDate;
use domain::coverage::{AchievementInput, AchievementSource};
use lintas_testkit::fixture::{BERNAI, DUSUN_SAROLANGUN};
use lintas_testkit::html::{has_id, plain};
use lintas_testkit::{TestApp, both_fixture};

/// The text of the coverage section.
fn section(html: &str) -> String {
    let start = html.find("id=\"pws\"").unwrap_or(0);
    let rest = &html[start..];
    plain(&rest[..rest.find("</section>").unwrap_or(rest.len())])
}

fn entry(code: &str, desa: &str, m: u32, n: f64) -> AchievementInput {
    lintas_testkit::coverage::count(code, desa, 2024, m, n, None)
}

both_fixture!(a_lokmin_proposes_jelek_desa, async |t: &TestApp| {
    let f = t.fx();
    let pkm = t.actor("puskesmas").await;
    use lintas_testkit::coverage::{achievements, bumil, targets};
    bumil(t, 2024, 120.0, 60.0).await;
    targets(t, 2024, &[("K1", 80.0), ("K4", 80.0)]).await;
    let mut rows = Vec::new();
    for m in 1..=9 {
        rows.push(entry("K1", DUSUN_SAROLANGUN, m, if m == 9 { 8.0 } else { 10.0 }));
        rows.push(entry("K1", BERNAI, m, 2.0));
        rows.push(entry("K4", DUSUN_SAROLANGUN, m, 5.0));
    }
    achievements(t, rows).await;
    let input = domain::meeting::MeetingInput {
        title: "Lokmin Oktober 2024".into(),
        kind: domain::meeting::ForumKind::LokminBulanan,
        forum_id: None,
        host_org_id: f.pkm,
        level: domain::meeting::MeetingLevel::Kecamatan,
        held_on: NaiveDate::from_ymd_opt(2024, 10, 15).unwrap(),
        start_time: None,
        place: None,
        chair: None,
        first_of_year: false,
    };
    let id = app::meeting::create(&t.app, &pkm, &input, &[f.desa_bernai, f.polsek])
        .await
        .unwrap();
    let page = format!("/meetings/{id}");

    let c = t.signed_in("puskesmas").await;
    let p = c.get(&page).await;
    assert_eq!(p.status, 200);
    assert!(
        has_id(&p.body, "pws") && has_id(&p.body, "pws-summary"),
        "the section shows"
    );
    let text = section(&p.body);
    assert!(text.contains("September 2024"), "{text}");
    assert!(text.contains("58,9%"), "the Puskesmas's K1 coverage: {text}");
    assert!(has_id(&p.body, &format!("proposal-K1-{BERNAI}")));
    assert!(has_id(&p.body, &format!("proposal-K4-{DUSUN_SAROLANGUN}")));
    assert!(
        !has_id(&p.body, &format!("proposal-K1-{DUSUN_SAROLANGUN}")),
        "Kurang is not proposed"
    );

    // Accept from the page: back to the new problem; it is listed as accepted.
    let r = c
        .post_form(
            &page,
            &format!("{page}/proposals/accept"),
            &[("indicator", "K1"), ("desa", BERNAI)],
        )
        .await;
    assert_eq!(r.status, 303);
    assert!(
        r.location
            .as_deref()
            .unwrap_or_default()
            .starts_with(&format!("{page}#problem-"))
    );
    let p = c.get(&page).await;
    assert!(!has_id(&p.body, &format!("proposal-K1-{BERNAI}")));
    assert!(plain(&p.body).contains("Cakupan Kunjungan pertama ibu hamil (K1) di Bernai rendah (Jelek)"));

    // The problem takes an action owned by the desa; its page shows the effect section.
    let problem: i64 = r
        .location
        .as_deref()
        .and_then(|l| l.rsplit("#problem-").next())
        .and_then(|n| n.parse().ok())
        .unwrap();
    let action = domain::action::ActionInput {
        what: "Sweeping ibu hamil".into(),
        problem_id: Some(problem),
        owner_org_id: f.desa_bernai,
        responsible: None,
        supporting_org_ids: vec![],
        target: None,
        due_on: None,
        budget_source: domain::action::BudgetSource::DanaDesa,
        private_note: None,
    };
    let action = app::action::create(&t.app, &pkm, id, &action).await.unwrap();
    let p = c.get(&format!("/actions/{action}")).await;
    assert_eq!(p.status, 200);
    assert!(has_id(&p.body, "effect") && has_id(&p.body, "effect-figures"));
    assert!(plain(&p.body).contains("Desa pembanding"));
    // Finished, it is counted on the Puskesmas's list of PWS follow-ups with whether its
    // indicator moved (no month after October is reported yet: it cannot be told).
    app::action::post_update(
        &t.app,
        &pkm,
        action,
        "Sweeping selesai",
        Some(domain::action::ActionStatus::Done),
        None,
    )
    .await
    .unwrap();
    let p = c.get(&format!("/coverage/effects?puskesmas={}&year=2024", f.pkm)).await;
    assert_eq!(p.status, 200, "{}", p.body);
    assert!(has_id(&p.body, &format!("effect-{action}")));
    assert!(plain(&p.body).contains("Sweeping ibu hamil"));
    let finished = p.body.split("id=\"effects-finished\">").nth(1).unwrap_or("");
    assert!(finished.starts_with("1<"), "{finished}");
    let p = c.get(&format!("/coverage/effects?puskesmas={}&year=2023", f.pkm)).await;
    assert!(has_id(&p.body, "effects-none"));
    let other = t.signed_in("puskesmas-kota").await;
    let p = other
        .get(&format!("/coverage/effects?puskesmas={}&year=2024", f.pkm))
        .await;
    assert!(p.status == 403 || p.status == 404, "{}", p.status);

    // Dismissing needs a reason: 422 with the message, in English too; nothing dismissed.
    let r = c
        .post_form(
            &page,
            &format!("{page}/proposals/dismiss"),
            &[("indicator", "K4"), ("desa", DUSUN_SAROLANGUN), ("reason", "")],
        )
        .await;
    assert_eq!(r.status, 422);
    assert!(has_id(&r.body, "reason-error"));
    assert!(has_id(&r.body, &format!("proposal-K4-{DUSUN_SAROLANGUN}")));
    let r = c
        .post_form(
            &page,
            &format!("{page}/proposals/dismiss"),
            &[
                ("indicator", "K4"),
                ("desa", DUSUN_SAROLANGUN),
                ("reason", "Data K4 bidan belum masuk"),
            ],
        )
        .await;
    assert_eq!(r.status, 303);
    let p = c.get(&page).await;
    assert!(has_id(&p.body, "no-proposals"));
    assert!(plain(&p.body).contains("Data K4 bidan belum masuk"));
    // A proposal that is gone answers with a clear message, not an error page.
    let r = c
        .post_form(
            &page,
            &format!("{page}/proposals/accept"),
            &[("indicator", "K4"), ("desa", DUSUN_SAROLANGUN)],
        )
        .await;
    assert_eq!(r.status, 422);
    assert!(has_id(&r.body, "proposal-error"));

    // The invited Polsek reads the meeting but not the Puskesmas's figures, and cannot accept.
    let polsek = t.signed_in("polsek").await;
    let p = polsek.get(&page).await;
    assert_eq!(p.status, 200);
    assert!(!has_id(&p.body, "pws"));
    let r = polsek
        .post_form(
            &page,
            &format!("{page}/proposals/accept"),
            &[("indicator", "K1"), ("desa", BERNAI)],
        )
        .await;
    assert_eq!(r.status, 403);
    // Dinkes reads the section, in English.
    let dinkes = t.signed_in("dinkes").await;
    dinkes.post_form("/account", "/lang", &[("lang", "en")]).await;
    let p = dinkes.get(&page).await;
    assert!(section(&p.body).contains("Programme coverage (PWS)"));
});

both_fixture!(
    a_tribulanan_reviews_the_quarter_and_what_other_sectors_committed,
    async |t: &TestApp| {
        let f = t.fx();
        let pkm = t.actor("puskesmas").await;
        let rows = (1..=9).map(|m| entry("K1", BERNAI, m, 2.0)).collect();
        app::coverage::save_achievements(&t.app, &pkm, f.pkm, rows, &[], AchievementSource::Entered)
            .await
            .unwrap();
        // Held on 12 November: it reviews the third quarter, read at September.
        let input = domain::meeting::MeetingInput {
            title: "Lokmin Tribulanan November 2024".into(),
            kind: domain::meeting::ForumKind::LokminTribulanan,
            forum_id: None,
            host_org_id: f.pkm,
            level: domain::meeting::MeetingLevel::Kecamatan,
            held_on: NaiveDate::from_ymd_opt(2024, 11, 12).unwrap(),
            start_time: None,
            place: None,
            chair: None,
            first_of_year: false,
        };
        let id = app::meeting::create(&t.app, &pkm, &input, &[f.desa_bernai, f.polsek, f.camat])
            .await
            .unwrap();
        let c = app::proposal::for_meeting(&t.app, &pkm, id).await.unwrap().unwrap();
        assert_eq!(c.period, NaiveDate::from_ymd_opt(2024, 9, 1).unwrap());
        assert_eq!(c.quarter, Some(3));
        let agenda = app::meeting::view(&t.app, &pkm, id).await.unwrap().agenda;
        assert_eq!(
            agenda[0].title,
            "Capaian program triwulan 3 tahun 2024 menurut PWS dan usulan masalah"
        );
        // The quarters: a tribulanan in February reviews the last quarter of the year before.
        use domain::meeting::ForumKind::{LokminBulanan, LokminTribulanan};
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        assert_eq!(
            app::proposal::review_period_of(LokminTribulanan, d(2024, 2, 14)),
            d(2023, 12, 1)
        );
        assert_eq!(
            app::proposal::review_period_of(LokminTribulanan, d(2024, 5, 9)),
            d(2024, 3, 1)
        );
        assert_eq!(
            app::proposal::review_period_of(LokminTribulanan, d(2024, 3, 30)),
            d(2023, 12, 1)
        );
        assert_eq!(
            app::proposal::review_period_of(LokminBulanan, d(2024, 5, 9)),
            d(2024, 4, 1)
        );

        // What the desa government and the Puskesmas itself committed: only the other sector shows.
        let action = |what: &str, owner: i64| domain::action::ActionInput {
            what: what.into(),
            problem_id: None,
            owner_org_id: owner,
            responsible: None,
            supporting_org_ids: vec![],
            target: None,
            due_on: Some(NaiveDate::from_ymd_opt(2024, 12, 31).unwrap()),
            budget_source: domain::action::BudgetSource::DanaDesa,
            private_note: None,
        };
        let desa_action = app::action::create(
            &t.app,
            &pkm,
            id,
            &action("Kelas ibu hamil di balai desa", f.desa_bernai),
        )
        .await
        .unwrap();
        let own = app::action::create(&t.app, &pkm, id, &action("Pelatihan bidan desa", f.pkm))
            .await
            .unwrap();
        let c = t.signed_in("puskesmas").await;
        let p = c.get(&format!("/meetings/{id}")).await;
        assert_eq!(p.status, 200, "{}", plain(&p.body));
        let text = section(&p.body);
        assert!(text.contains("Triwulan 3 tahun 2024 (s.d. September 2024)"), "{text}");
        assert!(has_id(&p.body, &format!("commitment-{desa_action}")), "{text}");
        assert!(
            !has_id(&p.body, &format!("commitment-{own}")),
            "health is not another sector"
        );
        assert!(
            text.contains("Kelas ibu hamil di balai desa") && text.contains("Pemerintahan"),
            "{text}"
        );
    }
);
