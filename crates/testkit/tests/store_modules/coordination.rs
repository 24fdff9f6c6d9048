//! store::meeting, store::problem, store::action: meetings are visible through their host or
//! an invited organisation in the area; actions also to their owner. Attendance, agreements
//! reached, people invited by name, action supporters, progress updates and files.

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
    domain::meeting::MeetingInput {
        title: title.into(),
        kind: domain::meeting::ForumKind::LokminTribulanan,
        forum_id: forum,
        host_org_id: host,
        level: domain::meeting::MeetingLevel::Kecamatan,
        held_on: day(on),
        start_time: None,
        place: None,
        chair: None,
        first_of_year: false,
    }
    .check()
    .unwrap()
}

async fn meeting(db: &TestDb, title: &str, host: i64, forum: Option<i64>, on: &str) -> i64 {
    let mut tx = db.store.write().await.unwrap();
    let id = store::meeting::insert(
        &mut tx,
        &meeting_input(title, host, forum, on),
        "15.03.03",
        domain::meeting::MeetingStatus::Scheduled,
    )
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
        &domain::meeting::ForumInput {
            name: "Lokmin Kec. Sarolangun".into(),
            kind: domain::meeting::ForumKind::LokminTribulanan,
            org_id: f.pkm,
            level: domain::meeting::MeetingLevel::Kecamatan,
        }
        .check()
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
    store::meeting::set_status(&mut tx, q1, domain::meeting::MeetingStatus::Held)
        .await
        .unwrap();
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
            // `all`: the same rows without the pager's count.
            let bare = store::meeting::all(&mut tx, &a, &f).await.unwrap();
            assert_eq!(ids(&bare, |m| m.id), ids(&rows, |m| m.id));
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
        &domain::problem::ProblemInput {
            title: "Bidan kurang".into(),
            description: None,
            category: domain::problem::ProblemCategory::Staff,
            raised_by_org_id: None,
            raised_by: None,
            region_code: None,
            indicator: None,
            quantity: Some(2),
        }
        .check()
        .unwrap(),
    )
    .await
    .unwrap();
    store::problem::insert_cause(&mut tx, problem, domain::problem::CauseCategory::People, "mutasi")
        .await
        .unwrap();
    let p = store::problem::get(&mut tx, problem).await.unwrap().unwrap();
    assert_eq!((p.title.as_str(), p.quantity), ("Bidan kurang", Some(2)));
    assert_eq!(
        ids(&store::problem::of_meeting(&mut tx, m).await.unwrap(), |p| p.id),
        vec![problem]
    );
    assert_eq!(store::problem::causes(&mut tx, m).await.unwrap().len(), 1);

    let action = |what: &str, owner: i64, due: &str| domain::action::ActionInput {
        what: what.into(),
        problem_id: Some(problem),
        owner_org_id: owner,
        responsible: None,
        supporting_org_ids: Vec::new(),
        target: None,
        due_on: Some(day(due)),
        budget_source: domain::action::BudgetSource::None,
        private_note: None,
    };
    let by_polsek = store::action::insert(
        &mut tx,
        m,
        &action("Sweeping balita", f.polsek, "2024-02-01")
            .check(day("2024-01-10"))
            .unwrap(),
    )
    .await
    .unwrap();
    let by_pkm = store::action::insert(
        &mut tx,
        m,
        &action("Kunjungan rumah", f.pkm, "2024-03-01")
            .check(day("2024-01-10"))
            .unwrap(),
    )
    .await
    .unwrap();
    store::action::set_status(&mut tx, by_pkm, domain::action::ActionStatus::Done, Some("puskesmas"))
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
    // The other Puskesmas of the kecamatan reads the Polsek (a kecamatan partner it may
    // invite) but does not see the actions the Polsek took on in Puskesmas Sarolangun's
    // meeting: owner visibility follows the writable part of its area.
    let kota = store::action::list(&mut tx, &area(&app, "puskesmas-kota").await, &every)
        .await
        .unwrap();
    assert_eq!(seen(kota), Vec::<i64>::new());
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
    // Due within a month: both ends of the range count; a closed action does not.
    let due = |from: &str, to: &str| ActionFilter {
        due_within: Some((day(from), day(to))),
        ..Default::default()
    };
    for (from, to, want) in [
        ("2024-02-01", "2024-02-29", vec![by_polsek]),
        ("2024-01-01", "2024-02-01", vec![by_polsek]),
        ("2024-02-02", "2024-03-31", vec![]),
    ] {
        let rows = store::action::list(&mut tx, &Area::All, &due(from, to)).await.unwrap();
        assert_eq!(seen(rows), want, "{from}..{to}");
    }
});

both!(attendance_agreements_and_invited_people, async |db: &TestDb| {
    let (_app, f) = world(db).await;
    let m = meeting(db, "Lokmin I", f.pkm, None, "2024-01-10").await;
    let other = meeting(db, "Lokmin Kota", f.pkm_kota, None, "2024-01-11").await;
    let (kapus, camat, kapolsek) = (f.people[0], f.people[1], f.people[2]);
    let mut tx = db.store.write().await.unwrap();
    let row = |person: Option<i64>, name: &str, org: i64, org_name: &str, sector: domain::org::Sector| {
        (
            domain::meeting::AttendeeInput {
                person_id: person,
                name: name.into(),
                org_id: Some(org),
                org_name: None,
                position: Some("Peserta".into()),
            },
            org_name.to_string(),
            sector,
        )
    };
    use domain::org::Sector;
    store::meeting::insert_attendees(
        &mut tx,
        m,
        &[
            row(
                Some(kapolsek),
                "Iptu Hendra Saputra",
                f.polsek,
                "Polsek Sarolangun",
                Sector::Security,
            ),
            row(
                Some(kapus),
                "dr. Rina Marlina",
                f.pkm,
                "Puskesmas Sarolangun",
                Sector::Health,
            ),
            row(None, "Bidan Desa", f.pkm, "Puskesmas Sarolangun", Sector::Health),
        ],
    )
    .await
    .unwrap();
    let list = store::meeting::attendance(&mut tx, m).await.unwrap();
    let names: Vec<&str> = list.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(
        names,
        vec!["Bidan Desa", "dr. Rina Marlina", "Iptu Hendra Saputra"],
        "by sector, organisation, name"
    );
    assert!(list.iter().all(|a| a.meeting_id == m));
    assert!(store::meeting::attendance(&mut tx, other).await.unwrap().is_empty());
    // Deleting through another meeting's id removes nothing.
    let bidan = list[0].id;
    assert!(
        store::meeting::delete_attendee(&mut tx, other, bidan)
            .await
            .unwrap()
            .is_none()
    );
    let gone = store::meeting::delete_attendee(&mut tx, m, bidan)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(gone.name, "Bidan Desa");
    assert_eq!(store::meeting::attendance(&mut tx, m).await.unwrap().len(), 2);

    // Agreements reached are numbered per meeting, with their signatories.
    let a1 = store::meeting::insert_agreement(&mut tx, m, "Sweeping bersama", &[f.pkm, f.polsek, f.pkm])
        .await
        .unwrap();
    let a2 = store::meeting::insert_agreement(&mut tx, m, "Data dibagi bulanan", &[])
        .await
        .unwrap();
    let elsewhere = store::meeting::insert_agreement(&mut tx, other, "Lain", &[f.pkm_kota])
        .await
        .unwrap();
    let reached: Vec<(i64, i64, String)> = store::meeting::agreements(&mut tx, m)
        .await
        .unwrap()
        .into_iter()
        .map(|a| (a.id, a.position, a.text))
        .collect();
    assert_eq!(
        reached,
        vec![
            (a1, 1, "Sweeping bersama".into()),
            (a2, 2, "Data dibagi bulanan".into())
        ]
    );
    assert_eq!(store::meeting::agreements(&mut tx, other).await.unwrap()[0].position, 1);
    let signed = store::meeting::agreement_signatories(&mut tx, m).await.unwrap();
    assert_eq!(
        signed,
        vec![
            (a1, f.pkm, "Puskesmas Sarolangun".to_string()),
            (a1, f.polsek, "Polsek Sarolangun".to_string())
        ],
        "health before security, each once"
    );
    let _ = elsewhere;

    // People invited by name, with their organisation and whether they came.
    store::meeting::invite_person(&mut tx, m, kapolsek).await.unwrap();
    store::meeting::invite_person(&mut tx, m, camat).await.unwrap();
    store::meeting::invite_person(&mut tx, m, camat).await.unwrap();
    let invited: Vec<(i64, String, Option<String>, i64)> = store::meeting::invited_people(&mut tx, m)
        .await
        .unwrap()
        .into_iter()
        .map(|p| (p.person_id, p.name, p.org_name, p.present))
        .collect();
    assert_eq!(
        invited,
        vec![
            (camat, "Arief Budiman".into(), Some("Kantor Camat Sarolangun".into()), 0),
            (
                kapolsek,
                "Iptu Hendra Saputra".into(),
                Some("Polsek Sarolangun".into()),
                1
            ),
        ]
    );
    assert!(store::meeting::invited_people(&mut tx, other).await.unwrap().is_empty());
});

both!(action_updates_files_and_supporters, async |db: &TestDb| {
    let (_app, f) = world(db).await;
    let m = meeting(db, "Lokmin I", f.pkm, None, "2024-01-10").await;
    let mut tx = db.store.write().await.unwrap();
    let form = |what: &str, supporters: &[i64]| domain::action::ActionInput {
        what: what.into(),
        problem_id: None,
        owner_org_id: f.pkm,
        responsible: None,
        supporting_org_ids: supporters.to_vec(),
        target: None,
        due_on: Some(day("2024-02-01")),
        budget_source: domain::action::BudgetSource::None,
        private_note: None,
    };
    let a = store::action::insert(
        &mut tx,
        m,
        &form("Sweeping balita", &[f.polsek, f.camat])
            .check(day("2024-01-10"))
            .unwrap(),
    )
    .await
    .unwrap();
    let b = store::action::insert(
        &mut tx,
        m,
        &form("Kunjungan rumah", &[f.koramil]).check(day("2024-01-10")).unwrap(),
    )
    .await
    .unwrap();
    let sup = store::action::supporters(&mut tx, &[a, b]).await.unwrap();
    assert_eq!(
        sup,
        vec![
            (a, f.camat, "Kantor Camat Sarolangun".to_string()),
            (b, f.koramil, "Koramil Sarolangun".to_string()),
            (a, f.polsek, "Polsek Sarolangun".to_string()),
        ],
        "by organisation name"
    );
    // An update rewrites the supporters.
    store::action::update(
        &mut tx,
        a,
        &form("Sweeping balita", &[f.rsud]).check(day("2024-01-10")).unwrap(),
    )
    .await
    .unwrap();
    assert_eq!(
        store::action::supporters(&mut tx, &[a]).await.unwrap(),
        vec![(a, f.rsud, "RSUD Prof. Dr. H. M. Chatib Quzwain".to_string())]
    );

    // Progress updates, one with a file.
    let file = store::action::insert_file(
        &mut tx,
        "foto.jpg",
        "image/jpeg",
        "abc123",
        b"\xff\xd8jpeg",
        "puskesmas",
    )
    .await
    .unwrap();
    let u1 = store::action::insert_update(
        &mut tx,
        &store::action::NewUpdate {
            action_id: a,
            username: "puskesmas",
            org_id: Some(f.pkm),
            status_from: Some(domain::action::ActionStatus::Planned),
            status_to: Some(domain::action::ActionStatus::InProgress),
            note: Some("Mulai"),
            file_id: None,
        },
    )
    .await
    .unwrap();
    let u2 = store::action::insert_update(
        &mut tx,
        &store::action::NewUpdate {
            action_id: a,
            username: "puskesmas",
            org_id: None,
            status_from: None,
            status_to: None,
            note: Some("Foto kegiatan"),
            file_id: Some(file),
        },
    )
    .await
    .unwrap();
    let ups = store::action::updates(&mut tx, &[a, b]).await.unwrap();
    let got: Vec<_> = ups
        .iter()
        .map(|u| (u.id, u.action_id, u.status_to, u.org_name.clone(), u.filename.clone()))
        .collect();
    assert_eq!(
        got,
        vec![
            (
                u1,
                a,
                Some(domain::action::ActionStatus::InProgress),
                Some("Puskesmas Sarolangun".into()),
                None
            ),
            (u2, a, None, None, Some("foto.jpg".into())),
        ]
    );
    let stored = store::action::get_file(&mut tx, file).await.unwrap().unwrap();
    assert_eq!(
        (stored.filename.as_str(), stored.size, stored.data.as_slice()),
        ("foto.jpg", 6, &b"\xff\xd8jpeg"[..])
    );
    assert_eq!(store::action::file_owner(&mut tx, file).await.unwrap(), (None, Some(a)));
    let minutes = store::action::insert_file(
        &mut tx,
        "notulen.pdf",
        "application/pdf",
        "def456",
        b"%PDF",
        "puskesmas",
    )
    .await
    .unwrap();
    store::action::attach_to_meeting(&mut tx, m, minutes).await.unwrap();
    assert_eq!(
        store::action::file_owner(&mut tx, minutes).await.unwrap(),
        (Some(m), None)
    );
    let files: Vec<(i64, String, i64)> = store::action::meeting_files(&mut tx, m)
        .await
        .unwrap()
        .into_iter()
        .map(|f| (f.id, f.filename, f.size))
        .collect();
    assert_eq!(files, vec![(minutes, "notulen.pdf".to_string(), 4)]);
    assert!(store::action::get_file(&mut tx, 999_999).await.unwrap().is_none());
});

both!(a_meeting_held_today_is_past_not_upcoming, async |db: &TestDb| {
    let (_app, f) = world(db).await;
    let host = f.pkm;
    let today = day("2024-06-10");
    let before = meeting(db, "Kemarin", host, None, "2024-06-09").await;
    let held = meeting(db, "Hari ini, selesai", host, None, "2024-06-10").await;
    let later_today = meeting(db, "Hari ini, nanti sore", host, None, "2024-06-10").await;
    let after = meeting(db, "Besok", host, None, "2024-06-11").await;
    let mut tx = db.store.write().await.unwrap();
    store::meeting::set_status(&mut tx, held, domain::meeting::MeetingStatus::Held)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let side = |s: store::meeting::Side| async move {
        let mut tx = db.store.read().await.unwrap();
        let f = MeetingFilter {
            side: Some((s, today)),
            limit: 100,
            ..Default::default()
        };
        let (rows, n) = store::meeting::list(&mut tx, &Area::All, &f).await.unwrap();
        assert_eq!(n as usize, rows.len());
        ids(&rows, |m| m.id)
    };
    assert_eq!(side(store::meeting::Side::Upcoming).await, vec![later_today, after]);
    assert_eq!(side(store::meeting::Side::Past).await, vec![before, held]);
});
