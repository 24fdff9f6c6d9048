//! Notices (issue 15), over HTTP on SQLite and PostgreSQL: the list and the header's unread
//! count derived for the account's organisation, marking one or all read (only one's own;
//! ugly references answered 422 and nothing stored; fifty at once), the host's "done" to
//! confirm, the WhatsApp links on the meeting and action pages, and e-mail through a local
//! SMTP stub when configured — nothing sent, nothing broken when not.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::{Duration, NaiveDate};
use domain::action::{ActionInput, BudgetSource};
use domain::meeting::{ForumKind, MeetingInput, MeetingLevel};
use domain::notice::MailStatus;
use domain::person::{PersonInput, PositionInput, PositionKind};
use lintas_testkit::smtp::SmtpStub;
use lintas_testkit::{TestApp, TestDb, both_fixture};

struct Scene {
    invite: i64,
    overdue: i64,
    soon: i64,
    later: i64,
}

fn meeting(host: i64, title: &str, on: NaiveDate) -> MeetingInput {
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

fn action(owner: i64, what: &str, due: NaiveDate) -> ActionInput {
    ActionInput {
        what: what.into(),
        problem_id: None,
        owner_org_id: owner,
        responsible: None,
        supporting_org_ids: Vec::new(),
        target: None,
        due_on: Some(due),
        budget_source: BudgetSource::None,
        private_note: None,
    }
}

/// The Puskesmas invites the Polsek to a Lokmin in ten days and gives it three actions from
/// an earlier Lokmin: overdue, due in three days, due in two months.
async fn scene(t: &TestApp) -> Scene {
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
        &meeting(f.pkm, "Lokmin Tribulanan Lalu", today - Duration::days(40)),
        &[f.polsek],
    )
    .await
    .unwrap();
    let a = |what: &'static str, days: i64| action(f.polsek, what, today + Duration::days(days));
    let overdue = app::action::create(app, &pkm, past, &a("Patroli sweeping balita", -5))
        .await
        .unwrap();
    let soon = app::action::create(app, &pkm, past, &a("Sosialisasi di masjid", 3))
        .await
        .unwrap();
    let later = app::action::create(app, &pkm, past, &a("Pendataan ulang", 60))
        .await
        .unwrap();
    Scene {
        invite,
        overdue,
        soon,
        later,
    }
}

/// The header's unread count on a page ("" when no badge).
fn unread(body: &str) -> String {
    match body.find("id=\"unread-count\"") {
        Some(i) => {
            let rest = &body[i..];
            let start = rest.find('>').unwrap() + 1;
            let end = rest.find("</span>").unwrap();
            rest[start..end].trim().to_string()
        }
        None => String::new(),
    }
}

both_fixture!(
    notices_are_the_accounts_own_and_marking_them_read_lowers_the_count,
    async |t: &TestApp| {
        let s = scene(t).await;
        let polsek = t.signed_in("polsek").await;
        let home = polsek.get("/").await;
        assert_eq!(home.status, 200);
        assert_eq!(unread(&home.body), "4", "invitation, overdue, due soon, newly assigned");

        let page = polsek.get("/notices").await;
        assert_eq!(page.status, 200);
        let b = &page.body;
        for id in [
            format!("notice-invited-{}", s.invite),
            format!("notice-overdue-{}", s.overdue),
            format!("notice-due_soon-{}", s.soon),
            format!("notice-assigned-{}", s.later),
        ] {
            assert!(b.contains(&id), "{id} missing");
        }
        // The most urgent first: overdue, due soon, the invitation, newly assigned.
        let at = |k: &str, id: i64| b.find(&format!("notice-{k}-{id}")).unwrap();
        assert!(at("overdue", s.overdue) < at("due_soon", s.soon));
        assert!(at("due_soon", s.soon) < at("invited", s.invite));
        assert!(at("invited", s.invite) < at("assigned", s.later));
        assert!(b.contains(&format!("href=\"/meetings/{}\"", s.invite)));
        assert!(b.contains(&format!("href=\"/actions/{}\"", s.overdue)));
        assert!(b.contains("Lokmin Tribulanan Desember") && b.contains("Patroli sweeping balita"));

        // The same through the API.
        let api = lintas_testkit::http::Api::new(t, Some(t.token("polsek").await));
        let (status, json) = api.get("/api/v1/notices").await;
        assert_eq!(status, 200);
        assert_eq!(json["unread"], 4);
        assert_eq!(json["notices"][0]["kind"], "overdue");
        assert_eq!(json["notices"][0]["path"], format!("/actions/{}", s.overdue));
        let (status, json) = lintas_testkit::http::Api::new(t, Some(t.token("kader").await))
            .get("/api/v1/notices")
            .await;
        assert_eq!((status, json["unread"].as_i64()), (200, Some(0)));

        // Others see none of them: the other Puskesmas, the kader, the viewer.
        for who in ["puskesmas-kota", "kader", "bupati"] {
            let c = t.signed_in(who).await;
            let p = c.get("/notices").await;
            assert_eq!(p.status, 200, "{who}");
            assert!(
                !p.body.contains("Patroli sweeping balita"),
                "{who} sees the Polsek's action"
            );
            assert!(!p.body.contains(&format!("notice-invited-{}", s.invite)), "{who}");
        }

        // Reading one (and opening it): the count drops by one.
        let r = polsek
            .post_form(
                "/notices",
                "/notices/read",
                &[("kind", "overdue"), ("id", &s.overdue.to_string()), ("open", "1")],
            )
            .await;
        assert_eq!(r.status, 303);
        assert_eq!(r.location.as_deref(), Some(format!("/actions/{}", s.overdue).as_str()));
        assert_eq!(unread(&polsek.get("/").await.body), "3");
        let p = polsek.get("/notices").await;
        assert!(
            p.body
                .contains(&format!("<li class=\"\" id=\"notice-overdue-{}\"", s.overdue))
        );

        // Ugly references: 422 with a message, nothing stored.
        for (kind, id) in [
            ("overdue", "abc"),
            ("overdue", "-3"),
            ("bogus", "1"),
            ("", "7"),
            ("due_soon", ""),
        ] {
            let r = polsek
                .post_form("/notices", "/notices/read", &[("kind", kind), ("id", id)])
                .await;
            assert_eq!(r.status, 422, "{kind} {id}");
            assert!(r.body.contains("id=\"notice-error\""), "{kind} {id}");
        }
        // Another account's notice, or one that does not exist: not found, nothing stored.
        let r = polsek
            .post_form("/notices", "/notices/read", &[("kind", "overdue"), ("id", "999999")])
            .await;
        assert_eq!(r.status, 404);
        let kader = t.signed_in("kader").await;
        let r = kader
            .post_form(
                "/notices",
                "/notices/read",
                &[("kind", "due_soon"), ("id", &s.soon.to_string())],
            )
            .await;
        assert_eq!(r.status, 404);
        // An action's id under the kind of an invitation is not a notice of the Polsek's
        // either (ids of meetings and actions are counted apart: take one that is no
        // invitation's).
        let other = [s.overdue, s.soon, s.later]
            .into_iter()
            .find(|a| *a != s.invite)
            .unwrap();
        let r = polsek
            .post_form(
                "/notices",
                "/notices/read",
                &[("kind", "invited"), ("id", &other.to_string())],
            )
            .await;
        assert_eq!(r.status, 404);
        assert_eq!(unread(&polsek.get("/").await.body), "3");
        // Without the form's token: refused.
        let r = polsek.post_raw("/notices/read", "forged", &[]).await;
        assert_eq!(r.status, 403);
        assert_eq!(unread(&polsek.get("/").await.body), "3");

        // All at once.
        let r = polsek.post_form("/notices", "/notices/read", &[]).await;
        assert_eq!(r.status, 303);
        let home = polsek.get("/").await;
        assert_eq!(unread(&home.body), "");
        assert!(home.body.contains("id=\"notices-link\""));
        // Read marks are per account: another Polsek account still has them unread? There is
        // one Polsek login; the Puskesmas has none of these.
        assert_eq!(unread(&t.signed_in("puskesmas").await.get("/").await.body), "");

        // The Polsek reports one done: the host gets a "done" to confirm, gone once confirmed.
        assert_eq!(
            polsek.post_update(s.soon, "Sudah disosialisasikan", "done", None).await,
            303
        );
        let pkm = t.signed_in("puskesmas").await;
        let p = pkm.get("/notices").await;
        assert!(
            p.body.contains(&format!("notice-confirm-{}", s.soon)),
            "host's confirm notice"
        );
        assert_eq!(unread(&p.body), "1");
        let r = pkm
            .post_form(
                &format!("/actions/{}", s.soon),
                &format!("/actions/{}/confirm", s.soon),
                &[],
            )
            .await;
        assert_eq!(r.status, 303);
        assert!(
            !pkm.get("/notices")
                .await
                .body
                .contains(&format!("notice-confirm-{}", s.soon))
        );
        // A partner does not confirm: no such notice for the Polsek.
        assert!(!polsek.get("/notices").await.body.contains("notice-confirm-"));

        // The administrator belongs to no organisation: a page that says so.
        let admin = t.signed_in("admin").await;
        let p = admin.get("/notices").await;
        assert_eq!(p.status, 200);
        assert!(p.body.contains("tidak terikat pada organisasi"));
    }
);

both_fixture!(fifty_concurrent_mark_reads_are_fine, async |t: &TestApp| {
    let s = scene(t).await;
    let polsek = t.signed_in("polsek").await;
    let csrf = polsek.get("/notices").await.csrf();
    let ids = [
        ("overdue", s.overdue),
        ("due_soon", s.soon),
        ("assigned", s.later),
        ("invited", s.invite),
    ];
    let mut tasks = Vec::new();
    for i in 0..50 {
        let c = lintas_testkit::http::Client {
            http: polsek.http.clone(),
            base: polsek.base.clone(),
        };
        let csrf = csrf.clone();
        let (k, id) = ids[i % 4];
        tasks.push(tokio::spawn(async move {
            if i % 5 == 0 {
                c.post_raw("/notices/read", &csrf, &[]).await.status
            } else {
                c.post_raw("/notices/read", &csrf, &[("kind", k), ("id", &id.to_string())])
                    .await
                    .status
            }
        }));
    }
    for task in tasks {
        assert_eq!(task.await.unwrap(), 303);
    }
    assert_eq!(unread(&polsek.get("/").await.body), "");
});

/// A Kapolsek with a mobile number and an e-mail address, holding the post today.
async fn kapolsek(t: &TestApp) -> i64 {
    let admin = t.actor("admin").await;
    let person = PersonInput {
        name: "AKP Faisal Rahman".into(),
        phone: Some("0812-3456-7890".into()),
        email: Some("kapolsek.sarolangun@polri.example".into()),
        nik: None,
        nik_masked: false,
    };
    let position = PositionInput {
        org_id: t.fx().polsek,
        kind: PositionKind::Kapolsek,
        title: Some("Kapolsek".into()),
        started_on: NaiveDate::from_ymd_opt(2024, 1, 1),
        ended_on: None,
    };
    app::person::create(&t.app, &admin, &person, Some(&position))
        .await
        .unwrap()
}

both_fixture!(whatsapp_links_for_the_host, async |t: &TestApp| {
    kapolsek(t).await;
    let s = scene(t).await;
    let pkm = t.signed_in("puskesmas").await;
    let m = pkm.get(&format!("/meetings/{}", s.invite)).await;
    assert_eq!(m.status, 200);
    assert!(
        m.body
            .contains("href=\"https://wa.me/6281234567890?text=Yth.%20Polsek%20Sarolangun"),
        "invitation link with the Kapolsek's number"
    );
    assert!(m.body.contains("target=\"_blank\" rel=\"noopener noreferrer\""));
    assert!(m.body.contains("Kirim lewat WhatsApp"));
    let a = pkm.get(&format!("/actions/{}", s.overdue)).await;
    assert!(
        a.body.contains("href=\"https://wa.me/6281234567890?text="),
        "action link"
    );
    assert!(a.body.contains("Patroli%20sweeping%20balita"));
    // The partner does not send the host's reminders to itself.
    let polsek = t.signed_in("polsek").await;
    assert!(
        !polsek
            .get(&format!("/actions/{}", s.overdue))
            .await
            .body
            .contains("wa.me")
    );
    assert!(
        !polsek
            .get(&format!("/meetings/{}", s.invite))
            .await
            .body
            .contains("wa.me")
    );
});

both_fixture!(
    whatsapp_link_without_a_number_lets_the_sender_choose,
    async |t: &TestApp| {
        let s = scene(t).await;
        let pkm = t.signed_in("puskesmas").await;
        let m = pkm.get(&format!("/meetings/{}", s.invite)).await;
        assert!(m.body.contains("href=\"https://wa.me/?text="));
        assert!(m.body.contains("pilih kontaknya di WhatsApp"));
    }
);

both_fixture!(
    with_smtp_off_nothing_is_queued_and_nothing_breaks,
    async |t: &TestApp| {
        kapolsek(t).await;
        scene(t).await;
        let admin = t.actor("admin").await;
        assert!(app::notice::outbox(&t.app, &admin).await.unwrap().is_empty());
        assert_eq!(app::mail::send_due(&t.app).await.unwrap(), 0);
    }
);

/// A server over the fixture district that sends e-mail through `smtp_url`.
async fn spawn_mailing(db: TestDb, smtp_url: &str) -> TestApp {
    let app = db.app().await;
    let f = lintas_testkit::fixture::load(&app).await;
    let mut config = app::mail::MailConfig::parse(smtp_url, "Lintas Sarolangun <lintas@dinkes-srl.example>").unwrap();
    config.poll = std::time::Duration::from_millis(200);
    let app = app.with_mail(config).with_public_url("https://lintas.example/");
    let mut t = TestApp::spawn_app(db, app).await;
    t.fixture = Some(f);
    t
}

macro_rules! both_db {
    ($name:ident, $body:expr) => {
        mod $name {
            use super::*;
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                ($body)(TestDb::sqlite().await).await;
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                let Some(db) = TestDb::postgres().await else {
                    return;
                };
                ($body)(db).await;
            }
        }
    };
}

both_db!(invitations_and_actions_are_mailed_through_smtp, async |db: TestDb| {
    let stub = SmtpStub::start().await;
    let t = spawn_mailing(db, &stub.url).await;
    let sender = app::mail::spawn(&t.app).unwrap();
    kapolsek(&t).await;
    let s = scene(&t).await;
    // The invitation to the coming Lokmin (not to the one recorded after the fact) and the
    // three actions.
    let mails = stub.wait_for(4, 20).await;
    tokio::time::sleep(std::time::Duration::from_millis(400)).await;
    let mails = if mails.len() == 4 { stub.mails() } else { mails };
    assert_eq!(mails.len(), 4, "{mails:#?}");
    assert!(
        !mails
            .iter()
            .any(|m| m.header("Subject").is_some_and(|s| s.contains("Lalu")))
    );
    for m in &mails {
        assert_eq!(m.to, vec!["kapolsek.sarolangun@polri.example".to_string()]);
        assert_eq!(m.from, "lintas@dinkes-srl.example");
    }
    let inv = mails
        .iter()
        .find(|m| {
            m.header("Subject")
                .is_some_and(|s| s.contains("Lokmin Tribulanan Desember"))
        })
        .expect("the invitation");
    assert!(inv.header("Subject").unwrap().starts_with("Undangan: "), "{inv:?}");
    assert!(inv.body.contains("Yth. Polsek Sarolangun"), "{}", inv.body);
    assert!(
        inv.body.contains("Puskesmas Sarolangun mengundang Bapak/Ibu"),
        "{}",
        inv.body
    );
    assert!(inv.body.contains("pukul 09:00 WIB"), "{}", inv.body);
    assert!(inv.body.contains("Aula Puskesmas Sarolangun"), "{}", inv.body);
    assert!(
        inv.body
            .contains(&format!("https://lintas.example/meetings/{}", s.invite)),
        "{}",
        inv.body
    );
    let act = mails
        .iter()
        .find(|m| {
            m.header("Subject")
                .is_some_and(|s| s.contains("Patroli sweeping balita"))
        })
        .expect("the action");
    assert!(act.header("Subject").unwrap().starts_with("Tindak lanjut untuk Anda: "));
    assert!(act.body.contains("Batas waktu:"), "{}", act.body);
    assert!(
        act.body
            .contains(&format!("https://lintas.example/actions/{}", s.overdue))
    );
    // Recorded as sent.
    let admin = t.actor("admin").await;
    let mut outbox = Vec::new();
    for _ in 0..40 {
        outbox = app::notice::outbox(&t.app, &admin).await.unwrap();
        if outbox.iter().all(|m| m.status == MailStatus::Sent) {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(outbox.len(), 4);
    assert!(
        outbox
            .iter()
            .all(|m| m.status == MailStatus::Sent && m.sent_at.is_some())
    );
    // Inviting the Polsek again changes nothing: no second e-mail.
    let pkm = t.signed_in("puskesmas").await;
    let r = pkm
        .post_form(
            &format!("/meetings/{}", s.invite),
            &format!("/meetings/{}/orgs", s.invite),
            &[("role", "invited"), ("org_ids", &t.fx().polsek.to_string())],
        )
        .await;
    assert_eq!(r.status, 303);
    tokio::time::sleep(std::time::Duration::from_millis(600)).await;
    assert_eq!(stub.mails().len(), 4);
    sender.abort();
    t.cleanup().await;
});

both_db!(
    a_mail_server_that_does_not_answer_is_recorded_and_tried_later,
    async |db: TestDb| {
        // A port nobody listens on.
        let port = {
            let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
            l.local_addr().unwrap().port()
        };
        let t = spawn_mailing(db, &format!("smtp://127.0.0.1:{port}")).await;
        kapolsek(&t).await;
        let s = scene(&t).await;
        // The requests succeeded; the e-mails wait in the outbox.
        let polsek = t.signed_in("polsek").await;
        assert!(
            polsek
                .get("/notices")
                .await
                .body
                .contains(&format!("notice-overdue-{}", s.overdue))
        );
        assert_eq!(app::mail::send_due(&t.app).await.unwrap(), 0);
        let admin = t.actor("admin").await;
        let outbox = app::notice::outbox(&t.app, &admin).await.unwrap();
        assert_eq!(outbox.len(), 4);
        for m in &outbox {
            assert_eq!(m.status, MailStatus::Pending);
            assert_eq!(m.attempts, 1);
            assert!(m.last_error.is_some());
            assert!(m.next_attempt_at > t.app.clock().now());
        }
        // Not due again yet: nothing is tried.
        assert_eq!(app::mail::send_due(&t.app).await.unwrap(), 0);
        let again = app::notice::outbox(&t.app, &admin).await.unwrap();
        assert!(again.iter().all(|m| m.attempts == 1));
        t.cleanup().await;
    }
);

both_fixture!(
    an_action_the_host_gives_itself_is_no_news_until_due,
    async |t: &TestApp| {
        let s = scene(t).await;
        let pkm = t.actor("puskesmas").await;
        let today = t.app.clock().today_in("15.03");
        let own = app::action::create(
            &t.app,
            &pkm,
            s.invite,
            &action(t.fx().pkm, "Siapkan data PWS", today + Duration::days(30)),
        )
        .await
        .unwrap();
        let soon = app::action::create(
            &t.app,
            &pkm,
            s.invite,
            &action(t.fx().pkm, "Kirim undangan", today + Duration::days(12)),
        )
        .await
        .unwrap();
        let c = t.signed_in("puskesmas").await;
        let p = c.get("/notices").await;
        assert!(!p.body.contains(&format!("notice-assigned-{own}")));
        assert!(!p.body.contains(&format!("notice-assigned-{soon}")));
        assert_eq!(unread(&p.body), "");
    }
);
