//! The notices journey in headless Chromium on a 360 px phone, on SQLite and PostgreSQL: the
//! Puskesmas invites the Polsek to a Lokmin and an earlier Lokmin's action of the Polsek is
//! overdue; the Polsek signs in, sees the unread count in the header, opens its notices,
//! finds the invitation and the overdue action, follows the action (the count drops by one),
//! and marks the rest read (the count is gone).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::Duration;
use domain::action::{ActionInput, BudgetSource};
use domain::meeting::{ForumKind, MeetingInput, MeetingLevel};
use lintas_testkit::browser::Browser;
use lintas_testkit::{TestApp, both_fixture};

fn meeting(host: i64, title: &str, on: chrono::NaiveDate) -> MeetingInput {
    MeetingInput {
        title: title.into(),
        kind: ForumKind::LokminTribulanan,
        forum_id: None,
        host_org_id: host,
        level: MeetingLevel::Kecamatan,
        held_on: on,
        start_time: Some("09:00".into()),
        place: Some("Aula Puskesmas Sarolangun".into()),
        chair: None,
        first_of_year: false,
    }
}

async fn wide(b: &Browser) -> i64 {
    b.driver
        .execute("return document.documentElement.scrollWidth;", vec![])
        .await
        .unwrap()
        .convert()
        .unwrap()
}

both_fixture!(polsek_reads_its_notices_on_a_phone, async |t: &TestApp| {
    let app = &t.app;
    let f = t.fx();
    let pkm = t.actor("puskesmas").await;
    let today = app.clock().today_in("15.03");
    let invite = app::meeting::create(
        app,
        &pkm,
        &meeting(f.pkm, "Lokmin Tribulanan Desember", today + Duration::days(10)),
        &[f.polsek],
    )
    .await
    .unwrap();
    let past = app::meeting::create(
        app,
        &pkm,
        &meeting(f.pkm, "Lokmin Tribulanan September", today - Duration::days(90)),
        &[f.polsek],
    )
    .await
    .unwrap();
    let overdue = app::action::create(
        app,
        &pkm,
        past,
        &ActionInput {
            what: "Pendampingan sweeping balita yang tidak datang ke Posyandu".into(),
            problem_id: None,
            owner_org_id: f.polsek,
            responsible: Some("Bhabinkamtibmas".into()),
            supporting_org_ids: Vec::new(),
            target: None,
            due_on: Some(today - Duration::days(20)),
            budget_source: BudgetSource::None,
            private_note: None,
        },
    )
    .await
    .unwrap();

    let Some(b) = Browser::start(360, 740).await else {
        return;
    };
    b.login(&t.base, "polsek").await;
    assert_eq!(b.text("#unread-count").await, "2");
    assert!(wide(&b).await <= 360, "the header scrolls sideways");
    b.click_and_wait("#notices-link").await;
    assert_eq!(b.current_path().await, "/notices");
    let list = b.text("#notices").await;
    assert!(list.contains("Lokmin Tribulanan Desember"), "{list}");
    assert!(list.contains("Pendampingan sweeping balita"), "{list}");
    assert!(list.contains("Terlambat") && list.contains("Undangan"), "{list}");
    // The overdue action comes first.
    assert!(list.find("Pendampingan").unwrap() < list.find("Lokmin Tribulanan Desember").unwrap());
    let w = wide(&b).await;
    assert!(w <= 360, "the notices scroll sideways: {w}px");
    b.shot_at("#notices", "notices-360").await;

    // Following the action opens it and marks that notice read.
    b.click_and_wait(&format!("#notice-overdue-{overdue} button.open-notice"))
        .await;
    assert_eq!(b.current_path().await, format!("/actions/{overdue}"));
    assert_eq!(b.text("#unread-count").await, "1");

    // The invitation is still new; marking all read empties the count.
    b.click_and_wait("#notices-link").await;
    let row = b.find(&format!("#notice-invited-{invite}")).await;
    assert_eq!(row.class_name().await.unwrap().as_deref(), Some("unread"));
    b.click_and_wait("#mark-all").await;
    assert_eq!(b.current_path().await, "/notices");
    assert!(b.driver.find(thirtyfour::By::Id("unread-count")).await.is_err());
    assert!(b.driver.find(thirtyfour::By::Id("mark-all")).await.is_err());
    b.quit().await;
});
