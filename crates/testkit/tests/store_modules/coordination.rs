//! store::meeting, store::problem, store::action: meetings are visible through their host or
//! an invited organisation in the area; actions also to their owner.

use super::common::{area, ids, text, world};
use chrono::NaiveDate;
use domain::access::Area;
use lintas_testkit::{TestDb, both};
use store::action::ActionFilter;
use store::meeting::MeetingFilter;

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn meeting_input(title: &str, host: i64, forum: Option<i64>, on: &str) -> domain::meeting::MeetingInput {
    domain::meeting::MeetingForm {
        title: title.into(),
        kind: "lokmin_tribulanan".into(),
        forum_id: forum.map(|f| f.to_string()).unwrap_or_default(),
        host_org_id: host.to_string(),
        held_on: on.into(),
        ..Default::default()
    }
    .validate()
    .unwrap()
}

async fn meeting(db: &TestDb, title: &str, host: i64, forum: Option<i64>, on: &str) -> i64 {
    let mut tx = db.store.write().await.unwrap();
    let id = store::meeting::insert(&mut tx, &meeting_input(title, host, forum, on), "15.03.03", "scheduled")
        .await
        .unwrap();
    store::meeting::set_org(&mut tx, id, host, domain::meeting::OrgRole::Host)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    id
}

both!(meetings_keep_to_host_and_invitations, async |db: &TestDb| {
    let (app, f) = world(db).await;
    let mut tx = db.store.write().await.unwrap();
    let forum = store::meeting::insert_forum(
        &mut tx,
        &domain::meeting::ForumForm {
            name: "Lokmin Kec. Sarolangun".into(),
            kind: "lokmin_tribulanan".into(),
            org_id: f.pkm.to_string(),
            ..Default::default()
        }
        .validate()
        .unwrap(),
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let q1 = meeting(db, "Lokmin I", f.pkm, Some(forum), "2024-01-10").await;
    let q2 = meeting(db, "Lokmin II", f.pkm, Some(forum), "2024-04-10").await;
    let kota = meeting(db, "Lokmin Kota", f.pkm_kota, None, "2024-02-10").await;

    let mut tx = db.store.write().await.unwrap();
    store::meeting::set_org(&mut tx, q1, f.polsek, domain::meeting::OrgRole::Invited)
        .await
        .unwrap();
    store::meeting::set_org(&mut tx, kota, f.polsek, domain::meeting::OrgRole::Invited)
        .await
        .unwrap();
    store::meeting::set_rsvp(&mut tx, q1, f.polsek, domain::meeting::Rsvp::Yes)
        .await
        .unwrap();
    let orgs = store::meeting::orgs(&mut tx, q1).await.unwrap();
    assert_eq!(orgs.len(), 2);
    assert_eq!(orgs[0].org_id, f.pkm, "the host first");
    let i1 = store::meeting::insert_agenda_item(&mut tx, q1, "Cakupan D/S")
        .await
        .unwrap();
    let i2 = store::meeting::insert_agenda_item(&mut tx, q1, "Balita stunting")
        .await
        .unwrap();
    store::meeting::update_minutes(&mut tx, i2, Some("naik"), Some("kunjungan rumah"))
        .await
        .unwrap();
    let agenda = store::meeting::agenda(&mut tx, q1).await.unwrap();
    assert_eq!(ids(&agenda, |a| a.id), vec![i1, i2], "in the order added");
    assert_eq!(agenda[1].decisions.as_deref(), Some("kunjungan rumah"));
    assert_eq!(
        store::meeting::earlier_in_forum(&mut tx, forum, day("2024-04-10"), q2)
            .await
            .unwrap(),
        vec![q1]
    );
    store::meeting::set_status(&mut tx, q1, "held").await.unwrap();
    tx.commit().await.unwrap();

    let mut tx = db.store.read().await.unwrap();
    let all = MeetingFilter {
        limit: 100,
        ..Default::default()
    };
    let list = |a: Area| {
        let f = all.clone();
        async move {
            let mut tx = db.store.read().await.unwrap();
            let (rows, n) = store::meeting::list(&mut tx, &a, &f).await.unwrap();
            assert_eq!(n as usize, rows.len());
            ids(&rows, |m| m.id)
        }
    };
    assert_eq!(
        list(area(&app, "puskesmas").await).await,
        vec![q1, q2],
        "oldest first; not the other's"
    );
    assert_eq!(list(area(&app, "puskesmas-kota").await).await, vec![kota]);
    assert_eq!(
        list(area(&app, "polsek").await).await,
        vec![q1, kota],
        "invited to both"
    );
    assert_eq!(list(area(&app, "kader").await).await, Vec::<i64>::new());
    let (rows, _) = store::meeting::list(
        &mut tx,
        &Area::All,
        &MeetingFilter {
            newest_first: true,
            forum_id: Some(forum),
            limit: 100,
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(ids(&rows, |m| m.id), vec![q2, q1]);
    assert!(
        store::meeting::visible(&mut tx, &area(&app, "polsek").await, q1)
            .await
            .unwrap()
    );
    assert!(
        !store::meeting::visible(&mut tx, &area(&app, "puskesmas").await, kota)
            .await
            .unwrap()
    );
    let m = store::meeting::get(&mut tx, q1).await.unwrap().unwrap();
    assert_eq!(
        (m.title.as_str(), text(&m.status).as_str(), m.forum_id),
        ("Lokmin I", "held", Some(forum))
    );
    let forums = store::meeting::list_forums(&mut tx, &area(&app, "puskesmas-kota").await)
        .await
        .unwrap();
    assert!(forums.is_empty(), "the other Puskesmas's forum: {forums:?}");
    assert_eq!(
        store::meeting::list_forums(&mut tx, &area(&app, "puskesmas").await)
            .await
            .unwrap()
            .len(),
        1
    );
});

both!(problems_and_actions_follow_meeting_and_owner, async |db: &TestDb| {
    let (app, f) = world(db).await;
    let m = meeting(db, "Lokmin I", f.pkm, None, "2024-01-10").await;
    let mut tx = db.store.write().await.unwrap();
    let problem = store::problem::insert(
        &mut tx,
        m,
        &domain::problem::ProblemForm {
            title: "Bidan kurang".into(),
            category: "staff".into(),
            quantity: "2".into(),
            ..Default::default()
        }
        .validate()
        .unwrap(),
    )
    .await
    .unwrap();
    store::problem::insert_cause(&mut tx, problem, "people", "mutasi")
        .await
        .unwrap();
    let p = store::problem::get(&mut tx, problem).await.unwrap().unwrap();
    assert_eq!((p.title.as_str(), p.quantity), ("Bidan kurang", Some(2)));
    assert_eq!(
        ids(&store::problem::of_meeting(&mut tx, m).await.unwrap(), |p| p.id),
        vec![problem]
    );
    assert_eq!(store::problem::causes(&mut tx, m).await.unwrap().len(), 1);

    let action = |what: &str, owner: i64, due: &str| domain::action::ActionForm {
        what: what.into(),
        problem_id: problem.to_string(),
        owner_org_id: owner.to_string(),
        due_on: due.into(),
        ..Default::default()
    };
    let by_polsek = store::action::insert(
        &mut tx,
        m,
        &action("Sweeping balita", f.polsek, "2024-02-01")
            .validate(day("2024-01-10"))
            .unwrap(),
    )
    .await
    .unwrap();
    let by_pkm = store::action::insert(
        &mut tx,
        m,
        &action("Kunjungan rumah", f.pkm, "2024-03-01")
            .validate(day("2024-01-10"))
            .unwrap(),
    )
    .await
    .unwrap();
    store::action::set_status(&mut tx, by_pkm, "done", Some("puskesmas"))
        .await
        .unwrap();
    let a = store::action::get(&mut tx, by_pkm).await.unwrap().unwrap();
    assert_eq!(
        (text(&a.status).as_str(), a.closed_by.as_deref()),
        ("done", Some("puskesmas"))
    );
    tx.commit().await.unwrap();

    let mut tx = db.store.read().await.unwrap();
    let every = ActionFilter::default();
    let seen = |rows: Vec<store::action::Action>| {
        let mut v = ids(&rows, |a| a.id);
        v.sort();
        v
    };
    // The Polsek is neither host nor invited: it sees the action it owns, not the other.
    let polsek = store::action::list(&mut tx, &area(&app, "polsek").await, &every)
        .await
        .unwrap();
    assert_eq!(seen(polsek), vec![by_polsek]);
    let pkm = store::action::list(&mut tx, &area(&app, "puskesmas").await, &every)
        .await
        .unwrap();
    assert_eq!(seen(pkm), vec![by_polsek, by_pkm]);
    // The other Puskesmas of the kecamatan reads the Polsek (a kecamatan partner), so it sees
    // the action the Polsek owns, but not the one of Puskesmas Sarolangun.
    let kota = store::action::list(&mut tx, &area(&app, "puskesmas-kota").await, &every)
        .await
        .unwrap();
    assert_eq!(seen(kota), vec![by_polsek]);
    assert!(
        store::action::list(&mut tx, &area(&app, "kader").await, &every)
            .await
            .unwrap()
            .is_empty()
    );
    let open = store::action::list(
        &mut tx,
        &Area::All,
        &ActionFilter {
            open_only: true,
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(seen(open), vec![by_polsek]);
    let overdue = store::action::list(
        &mut tx,
        &Area::All,
        &ActionFilter {
            overdue_on: Some(day("2024-02-02")),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(seen(overdue), vec![by_polsek]);
});
