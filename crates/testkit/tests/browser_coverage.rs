//! The coverage journey in headless Chromium, on SQLite and PostgreSQL: the Puskesmas enters
//! September in the grid, Desa Bernai turns Jelek on the PWS page, the October Lokmin proposes
//! it, the host makes it a problem and gives the action to the Kepala Desa — whose action then
//! shows its effect section.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::NaiveDate;
use lintas_testkit::browser::Browser;
use lintas_testkit::fixture::{BERNAI, DUSUN_SAROLANGUN};
use lintas_testkit::{TestApp, both_fixture};

both_fixture!(
    a_jelek_desa_becomes_an_action_of_the_kepala_desa,
    async |t: &TestApp| {
        let f = t.fx();
        let pkm = t.actor("puskesmas").await;
        // January–August: Bernai 4 a month (53,3 % by August, on the target), Dusun Sarolangun 10.
        use lintas_testkit::coverage::{achievements, bumil, count, targets};
        bumil(t, 2024, 120.0, 60.0).await;
        targets(t, 2024, &[("K1", 80.0)]).await;
        let mut rows = Vec::new();
        for m in 1..=8 {
            for (desa, n) in [(BERNAI, 4.0), (DUSUN_SAROLANGUN, 10.0)] {
                rows.push(count("K1", desa, 2024, m, n, None));
            }
        }
        achievements(t, rows).await;

        let Some(b) = Browser::start(1280, 1000).await else {
            return;
        };
        b.login(&t.base, "puskesmas").await;
        // September in the grid: nobody in Bernai, ten in Dusun Sarolangun.
        b.goto(&format!("{}/coverage/entry?puskesmas={}&month=2024-09", t.base, f.pkm))
            .await;
        b.fill(&format!("input[name='v.K1.{BERNAI}']"), "0").await;
        b.fill(&format!("input[name='v.K1.{DUSUN_SAROLANGUN}']"), "10").await;
        b.screenshot("coverage-entry").await;
        b.click_and_wait("#entry-save").await;
        assert!(b.source().await.contains("2 angka disimpan"), "saved");

        // The PWS: Bernai is now Jelek (53,3 % against 60 %, falling).
        b.goto(&format!(
            "{}/coverage/pws?indicator=K1&year=2024&month=9&puskesmas={}",
            t.base, f.pkm
        ))
        .await;
        let page = b.source().await;
        b.screenshot("coverage-pws").await;
        let bernai_row = &page[page.find("Bernai").unwrap()..];
        let bernai_row = &bernai_row[..bernai_row.find("</tr>").unwrap()];
        assert!(bernai_row.contains("Jelek"), "{bernai_row}");
        assert!(bernai_row.contains("53,3%"), "{bernai_row}");

        // The October Lokmin proposes it; the host makes it a problem.
        let input = domain::meeting::MeetingInput {
            title: "Lokmin Bulanan Oktober 2024".into(),
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
        let meeting = app::meeting::create(&t.app, &pkm, &input, &[f.desa_bernai])
            .await
            .unwrap();
        b.goto(&format!("{}/meetings/{meeting}", t.base)).await;
        let proposal = format!("li[id='proposal-K1-{BERNAI}']");
        b.find(&proposal).await;
        b.screenshot("coverage-lokmin-proposals").await;
        b.click_and_wait(&format!("{proposal} form[action$='/accept'] button"))
            .await;
        assert!(b.current_path().await.starts_with(&format!("/meetings/{meeting}")));
        assert!(!b.source().await.contains(&format!("id=\"proposal-K1-{BERNAI}\"")));
        let view = app::meeting::view(&t.app, &pkm, meeting).await.unwrap();
        let problem = view.problems[0].problem.id;

        // The action goes to the Kepala Desa (the desa's government).
        b.click("#actions details summary").await;
        b.fill("#what", "Pendataan dan kunjungan rumah ibu hamil bersama kader")
            .await;
        b.click(&format!("#aproblem option[value='{problem}']")).await;
        b.click(&format!("#owner_org_id option[value='{}']", f.desa_bernai))
            .await;
        b.fill("#responsible", "Kepala Desa Bernai").await;
        b.click_and_wait("#action-form button[type=submit]").await;
        let view = app::meeting::view(&t.app, &pkm, meeting).await.unwrap();
        assert_eq!(view.actions.len(), 1);
        let action = &view.actions[0].action;
        assert_eq!((action.owner_org_id, action.problem_id), (f.desa_bernai, Some(problem)));
        b.goto(&format!("{}/actions/{}", t.base, action.id)).await;
        b.find("#effect").await;
        b.screenshot("coverage-action-effect").await;
        b.quit().await;
    }
);
