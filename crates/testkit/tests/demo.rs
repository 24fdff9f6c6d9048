//! The demo district's year of coordination, on both databases.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use lintas_testkit::{TestApp, both_http};

both_http!(the_demo_holds_a_living_year_of_coordination, async |t: &TestApp| {
    let dinkes = t.actor("dinkes").await;
    let (meetings, _) = app::meeting::list(
        &t.app,
        &dinkes,
        &store::meeting::MeetingFilter {
            kind: Some("rakor_kesehatan".into()),
            limit: 10,
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let rakor = meetings
        .iter()
        .find(|m| m.held_on.to_string() == "2023-10-19")
        .expect("the Rakor of 19 October 2023");
    let v = app::meeting::view(&t.app, &dinkes, rakor.id).await.unwrap();
    assert_eq!(v.attendance.len(), 155);
    assert_eq!(v.meeting.chair.as_deref(), Some("Pj Bupati Bachril Bakri"));
    assert!(
        v.agenda
            .iter()
            .any(|a| a.findings.as_deref().unwrap_or("").contains("740")
                && a.findings.as_deref().unwrap_or("").contains("679"))
    );
    let shortages = app::problem::shortages(&t.app, &dinkes, None, None).await.unwrap();
    for cat in ["staff", "equipment", "facilities"] {
        assert!(
            shortages.iter().any(|s| s.category == cat && s.meeting_id == rakor.id),
            "{cat}"
        );
    }

    // Quarterly Lokmin after the first open with a review of open actions.
    let pkm = t.actor("puskesmas").await;
    let (tri, _) = app::meeting::list(
        &t.app,
        &pkm,
        &store::meeting::MeetingFilter {
            kind: Some("lokmin_tribulanan".into()),
            limit: 10,
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(tri.len(), 4);
    for m in &tri[1..] {
        let v = app::meeting::view(&t.app, &pkm, m.id).await.unwrap();
        assert!(!v.review.is_empty(), "{} has a review", m.title);
        assert!(v.by_sector.len() >= 4, "attendance from several sectors");
        assert!(!v.absent.is_empty() || v.orgs.len() > 5);
    }
    let first = app::meeting::view(&t.app, &pkm, tri[0].id).await.unwrap();
    assert!(first.meeting.first_of_year);
    // The review reports what was finished, not only what is open.
    let last = app::meeting::view(&t.app, &pkm, tri[3].id).await.unwrap();
    assert!(
        last.review.iter().any(|g| !g.finished.is_empty()),
        "finished actions in the review"
    );
    // The tribulanan forum has standing members (camat, Polsek, Koramil, Dinas Pendidikan)
    // and every desa of the wilayah kerja: a new year's schedule invites them.
    let forum = first.meeting.forum_id.unwrap();
    let (members, editable) = app::meeting::forum_members(&t.app, &pkm, forum).await.unwrap();
    assert!(editable && members.len() == 4, "{members:?}");
    let ids = app::meeting::generate_schedule(&t.app, &pkm, forum, 2028, chrono::Weekday::Tue, 2, None)
        .await
        .unwrap();
    let scheduled = app::meeting::view(&t.app, &pkm, ids[0]).await.unwrap();
    let desa = scheduled
        .orgs
        .iter()
        .filter(|o| o.kind == domain::org::OrgKind::VillageGovernment)
        .count();
    assert!(
        scheduled.orgs.len() > 5 + desa.min(1) && desa >= 2,
        "{} invited, {desa} desa",
        scheduled.orgs.len()
    );

    // Actions in every state; some overdue, grouped by sector for the district.
    let mut tx = t.app.store.read().await.unwrap();
    let all = store::action::list(&mut tx, &domain::access::Area::All, &Default::default())
        .await
        .unwrap();
    drop(tx);
    for s in ["planned", "in_progress", "done", "cancelled"] {
        assert!(all.iter().any(|a| a.status == s), "{s}");
    }
    let overdue = app::action::overdue_by_sector(&t.app, &dinkes).await.unwrap();
    assert!(overdue.len() >= 3, "overdue actions in several sectors");
    let polsek = t.actor("polsek").await;
    let mine = app::action::commitments(&t.app, &polsek).await.unwrap();
    assert!(!mine.is_empty() && mine.iter().all(|a| a.action.owner_name == "Polsek Sarolangun"));
    assert!(mine[0].overdue, "overdue first");

    // Upcoming meetings exist (scheduled Lokmin from December 2026).
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    assert!(!app::meeting::upcoming(&t.app, &pkm, today, 5).await.unwrap().is_empty());
});

both_http!(the_demo_agreements_warn_their_parties, async |t: &TestApp| {
    // Dinkes is a party of the BPJS PKS that always ends in 45 days; the Puskesmas of the
    // expired Koramil PKS; the police partner of neither.
    let home = t.signed_in("dinkes").await.get("/").await.body;
    assert!(home.contains("id=\"agreement-warning\"") && home.contains("Pemanfaatan Data Kepesertaan JKN"));
    let home = t.signed_in("puskesmas").await.get("/").await.body;
    assert!(home.contains("Babinsa"), "expired without renewal");
    let home = t.signed_in("polsek").await.get("/").await.body;
    assert!(!home.contains("id=\"agreement-warning\""));
    // The Polres MOU with its derived juklak and juknis and the police's obligation.
    let page = t.signed_in("dinkes").await.get("/agreements/1").await.body;
    assert!(page.contains("Petunjuk Pelaksanaan (Juklak)") && page.contains("Petunjuk Teknis (Juknis)"));
    assert!(page.contains("Pengawalan dan pengamanan tim imunisasi"));
});

// The partners a Lokmin tribulanan invites are registered: schools under the UPTD
// Pendidikan of their kecamatan, a KUA per kecamatan, the TP PKK of every desa.
both_http!(the_demo_registers_schools_kua_and_village_pkk, async |t: &TestApp| {
    let mut tx = t.app.store.read().await.unwrap();
    for (code, name) in [
        ("UPTD-DIK-03", "UPTD Pendidikan Kecamatan Sarolangun"),
        ("SMP-SRL-03", "SMP Negeri Sarolangun"),
        ("SD-1503032004", "SD Negeri Panti"),
        ("KUA-SRL-03", "KUA Kecamatan Sarolangun"),
        ("PKK-1503032004", "TP PKK Desa Panti"),
        ("KEMENAG-SRL", "Kantor Kementerian Agama Kabupaten Sarolangun"),
    ] {
        let o = store::org::get_by_code(&mut tx, code).await.unwrap().expect(code);
        assert_eq!(o.name, name);
    }
    let pkk = store::org::get_by_code(&mut tx, "PKK-1503032004")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(pkk.parent_name.as_deref(), Some("Pemerintah Desa Panti"));
    drop(tx);
    // The Puskesmas of the kecamatan reaches them (to invite them to its Lokmin).
    let pkm = t.actor("puskesmas").await;
    let (orgs, _) = app::org::list(
        &t.app,
        &pkm,
        &store::org::OrgFilter {
            q: Some("Panti".into()),
            limit: 50,
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let names: Vec<&str> = orgs.iter().map(|o| o.name.as_str()).collect();
    assert!(
        names.contains(&"SD Negeri Panti") && names.contains(&"TP PKK Desa Panti"),
        "{names:?}"
    );
});
