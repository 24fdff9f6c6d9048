//! Each demo account's home (issue 16) on SQLite and PostgreSQL: the tiles its role needs,
//! and the numbers on them equal to the pages they link to (the overdue list, the nutrition
//! report, the shortage register, the commitments, the scorecard). The region counts and the
//! organisations by sector have left the home for /regions and /organizations.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use lintas_testkit::html::{attr_at, element, has_id, number_at, text_at};
use lintas_testkit::http::Client;
use lintas_testkit::{TestApp, both_http};

async fn home(c: &Client) -> String {
    let p = c.get("/").await;
    assert_eq!(p.status, 200, "{}", p.body);
    p.body
}

/// Rows in the body of the table opened by `opening`.
fn body_rows(html: &str, opening: &str) -> usize {
    let t = element(html, opening, "</table>");
    let body = t.split("<tbody>").nth(1).unwrap_or("");
    body.matches("<tr").count()
}

both_http!(each_role_sees_its_own_home, async |t: &TestApp| {
    // Dinkes and the Bupati (viewer): the district scorecard in brief.
    for who in ["dinkes", "bupati"] {
        let c = t.signed_in(who).await;
        let h = home(&c).await;
        for tile in [
            "tile-stunting",
            "tile-ranked",
            "tile-lokmin",
            "tile-jelek",
            "tile-overdue",
            "tile-shortages",
            "tile-agreements",
            "tile-spm",
        ] {
            assert!(has_id(&h, tile), "{who}: no {tile}");
        }
        assert!(!has_id(&h, "tile-health") && !has_id(&h, "tile-commitments"), "{who}");
        // Region counts and sectors are not on the home any more.
        assert!(!h.contains("/organizations?sector="), "{who}: sectors on the home");

        // Overdue: the tile's number is /overdue's total.
        let overdue = c.get("/overdue").await.body;
        assert_eq!(
            number_at(&h, "home-overdue-total"),
            number_at(&overdue, "overdue-total"),
            "{who}"
        );

        // Stunting: the nutrition report as it opens (the last bulan penimbangan).
        let link = attr_at(&h, "home-stunting-pct", "href");
        let report = c.get(&link).await.body;
        assert_eq!(
            number_at(&h, "home-stunting-count"),
            number_at(&report, "stunted-count"),
            "{who}"
        );
        assert_eq!(
            text_at(&h, "home-stunting-pct"),
            text_at(&report, "stunted-pct"),
            "{who}"
        );
        let plain = c.get("/nutrition").await.body;
        assert_eq!(
            number_at(&h, "home-stunting-count"),
            number_at(&plain, "stunted-count"),
            "{who}"
        );
        if has_id(&report, "compare") {
            assert!(has_id(&h, "home-stunting-before"), "{who}: no comparison");
        }

        // Shortages: the register's rows.
        let shortages = c.get("/shortages").await.body;
        assert_eq!(
            number_at(&h, "home-shortages") as usize,
            body_rows(&shortages, "<table class=\"rows\" id=\"shortages\""),
            "{who}"
        );

        // The scorecard behind the brief: the same Jelek desa total.
        let sc_link = attr_at(&h, "home-scorecard-link", "href");
        let sc = c.get(&sc_link).await;
        assert_eq!(sc.status, 200, "{}", sc.body);
        assert_eq!(
            text_at(&h, "home-jelek-total"),
            text_at(&sc.body, "cell-total-jelek-value"),
            "{who}"
        );
    }

    // Puskesmas: its wilayah kerja.
    let c = t.signed_in("puskesmas").await;
    let h = home(&c).await;
    // The subtitle names the account's organisation (read with the session).
    assert!(
        h.contains("· Puskesmas Sarolangun</p>"),
        "no organisation in the subtitle"
    );
    for tile in [
        "tile-next-lokmin",
        "tile-actions",
        "tile-followup",
        "tile-unreported",
        "tile-jelek",
    ] {
        assert!(has_id(&h, tile), "puskesmas: no {tile}");
    }
    assert!(!has_id(&h, "tile-stunting") && !has_id(&h, "tile-health"));
    let overdue = c.get("/overdue").await.body;
    assert_eq!(
        number_at(&h, "home-overdue-total"),
        number_at(&overdue, "overdue-total")
    );
    // Due this month: every sector's open actions in the wilayah kerja, the partners' too, as
    // /due lists them; the Puskesmas's own stay apart (its commitments).
    let due_area = number_at(&h, "home-due-area");
    let own_due = number_at(&h, "home-due-month");
    let pkm = t.actor("puskesmas").await;
    let today = t.app.clock().today_for(&pkm);
    let polsek = t.org_id("POLSEK-SRL-03").await;
    let held = app::meeting::list(
        &t.app,
        &pkm,
        &store::meeting::MeetingFilter {
            org_id: pkm.org_id,
            to: Some(today),
            limit: 1,
            newest_first: true,
            ..Default::default()
        },
    )
    .await
    .unwrap()
    .0;
    let what = "Sweeping balita bersama Bhabinkamtibmas";
    app::action::create(
        &t.app,
        &pkm,
        held[0].id,
        &domain::action::ActionInput {
            what: what.into(),
            problem_id: None,
            owner_org_id: polsek,
            responsible: None,
            supporting_org_ids: Vec::new(),
            target: None,
            due_on: Some(today),
            budget_source: domain::action::BudgetSource::None,
            private_note: None,
        },
    )
    .await
    .unwrap();
    let h = home(&c).await;
    assert_eq!(
        number_at(&h, "home-due-area"),
        due_area + 1,
        "a partner's action due today"
    );
    assert_eq!(number_at(&h, "home-due-month"), own_due, "not the Puskesmas's own");
    let due = c.get(&attr_at(&h, "home-due-area", "href")).await;
    assert_eq!(due.status, 200);
    assert_eq!(number_at(&due.body, "due-total"), due_area + 1);
    assert!(due.body.contains(what) && has_id(&due.body, "sector-security"));
    // The other Puskesmas does not see it; a wrong month is named.
    let kota = t.signed_in("puskesmas-kota").await;
    assert!(!kota.get("/due").await.body.contains(what));
    let bad = c.get("/due?month=Desember").await;
    assert_eq!(bad.status, 422);
    assert!(has_id(&bad.body, "error-month"));

    let followup = c.get("/followup").await.body;
    assert_eq!(number_at(&h, "home-followup"), number_at(&followup, "followup-count"));
    assert!(
        number_at(&h, "home-followup") > 0,
        "the small demo has children to follow up"
    );
    let sc = c.get(&attr_at(&h, "home-scorecard-link", "href")).await;
    assert_eq!(sc.status, 200);
    assert_eq!(
        text_at(&h, "home-jelek-total"),
        text_at(&sc.body, "cell-total-jelek-value")
    );

    // A partner: its commitments first, invitations, agreements.
    let c = t.signed_in("polsek").await;
    let h = home(&c).await;
    for tile in ["tile-commitments", "tile-invitations", "tile-party"] {
        assert!(has_id(&h, tile), "polsek: no {tile}");
    }
    assert!(!has_id(&h, "tile-stunting") && !has_id(&h, "tile-followup"));
    let commitments = c.get("/commitments").await.body;
    assert_eq!(
        number_at(&h, "home-commitments") as usize,
        body_rows(&commitments, "<table class=\"rows\" id=\"commitments\"")
    );
    let party = c.get(&attr_at(&h, "home-agreements", "href")).await;
    assert_eq!(party.status, 200);

    // Admin: installation health.
    let c = t.signed_in("admin").await;
    let h = home(&c).await;
    assert!(has_id(&h, "tile-health"));
    let engine = text_at(&h, "home-engine");
    assert!(engine == "sqlite" || engine == "postgres", "{engine}");
    assert!(text_at(&h, "home-size").ends_with("MB"));
    // A failed login shows on the admin's home, as in the audit log it links to.
    let before = number_at(&h, "home-failed-logins");
    let r = t.client().login("bupati", "wrong password").await;
    assert_ne!(r.status(), 303);
    let h = home(&c).await;
    assert_eq!(number_at(&h, "home-failed-logins"), before + 1);

    // The kader's home stays the Posyandu day.
    let c = t.signed_in("kader").await;
    let h = home(&c).await;
    assert!(!has_id(&h, "home-tiles"), "the kader's home is its day");

    // Region counts and sectors live on their own pages now.
    let c = t.signed_in("dinkes").await;
    let regions = c.get("/regions").await.body;
    assert!(has_id(&regions, "region-counts"));
    assert_eq!(number_at(&regions, "count-province"), 38);
    let orgs = c.get("/organizations").await.body;
    assert!(has_id(&orgs, "orgs-by-sector") && orgs.contains("/organizations?sector="));
});

both_http!(many_homes_at_once_share_a_small_pool, async |t: &TestApp| {
    // A district home reads its tiles at once, each from its own pool connection (up to eight;
    // SQLite's pool has eight). Fifty homes and scorecards at once must all answer, with the
    // same figures as one alone: no request may hold a connection while it waits for another.
    let dinkes = t.signed_in("dinkes").await;
    let pkm = t.signed_in("puskesmas").await;
    let alone = home(&dinkes).await;
    let alone_pkm = home(&pkm).await;
    let mut set = tokio::task::JoinSet::new();
    for i in 0..50 {
        let c = if i % 5 == 4 { &pkm } else { &dinkes };
        let c = Client {
            http: c.http.clone(),
            base: c.base.clone(),
        };
        let path = if i % 5 == 3 { "/scorecard" } else { "/" };
        set.spawn(async move { (i, c.get(path).await) });
    }
    let mut answered = 0;
    while let Some(r) = set.join_next().await {
        let (i, p) = r.unwrap();
        assert_eq!(p.status, 200, "request {i}: {}", p.body);
        match i % 5 {
            4 => assert_eq!(
                number_at(&p.body, "home-followup"),
                number_at(&alone_pkm, "home-followup"),
                "request {i}"
            ),
            3 => assert!(has_id(&p.body, "cell-total-jelek-value"), "request {i}"),
            _ => {
                for id in ["home-stunting-count", "home-overdue-total", "home-shortages"] {
                    assert_eq!(number_at(&p.body, id), number_at(&alone, id), "request {i}: {id}");
                }
                assert_eq!(
                    text_at(&p.body, "home-jelek-total"),
                    text_at(&alone, "home-jelek-total"),
                    "request {i}"
                );
            }
        }
        answered += 1;
    }
    assert_eq!(answered, 50);
});
