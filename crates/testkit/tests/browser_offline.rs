//! The Posyandu day without a signal (issue 14), in headless Chromium on a 360 × 640 phone, on
//! SQLite and PostgreSQL. Chromium's offline emulation does not reach a service worker's own
//! requests, so the browser talks to the server through a small proxy in the test that can
//! refuse connections: "offline" is the proxy refusing and the page's network emulated
//! offline.
//!
//! The kader signs in and opens the home page (the service worker installs, the Posyandu's
//! list is kept), goes offline, weighs 20 children — ten from their weighing links, ten found
//! with the offline page's search — and registers 2 newborns, reloads and restarts the
//! browser while offline (22 waiting, on the offline page and on the kept home page), comes
//! back online: all 22 stored
//! exactly once (rows counted), the month's S and D moved, the tallies equal a recount, each
//! entry's result shown; the same requests replayed store nothing. A child merged while the
//! kader was offline comes back as "needs a decision" and is recorded for the record that
//! stays; a real form posted as the signal drops is kept in the queue and sent; signing out
//! with an entry waiting asks first.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use lintas_testkit::browser::Browser;
use lintas_testkit::{TestApp, both_fixture};
use serde_json::{Value, json};
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use thirtyfour::cdp::domains::network::NetworkConditions;
use tokio::net::{TcpListener, TcpStream};

/// A TCP proxy between the browser and the test server that can be switched to refuse
/// connections (and cut those open).
struct Proxy {
    addr: SocketAddr,
    online: Arc<AtomicBool>,
    open: Arc<Mutex<Vec<tokio::task::AbortHandle>>>,
    task: tokio::task::JoinHandle<()>,
}

impl Proxy {
    async fn start(target: SocketAddr) -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let online = Arc::new(AtomicBool::new(true));
        let open: Arc<Mutex<Vec<tokio::task::AbortHandle>>> = Arc::default();
        let (on, conns) = (online.clone(), open.clone());
        let task = tokio::spawn(async move {
            loop {
                let Ok((mut inbound, _)) = listener.accept().await else {
                    continue;
                };
                if !on.load(Ordering::SeqCst) {
                    // Refused: closed at once, nothing read.
                    drop(inbound);
                    continue;
                }
                let h = tokio::spawn(async move {
                    if let Ok(mut out) = TcpStream::connect(target).await {
                        let _ = tokio::io::copy_bidirectional(&mut inbound, &mut out).await;
                    }
                });
                conns.lock().unwrap().push(h.abort_handle());
            }
        });
        Proxy {
            addr,
            online,
            open,
            task,
        }
    }
    fn base(&self) -> String {
        format!("http://{}", self.addr)
    }
    fn set_online(&self, on: bool) {
        self.online.store(on, Ordering::SeqCst);
        if !on {
            for h in self.open.lock().unwrap().drain(..) {
                h.abort();
            }
        }
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn network(b: &Browser, p: &Proxy, online: bool) {
    p.set_online(online);
    b.driver
        .cdp()
        .network()
        .emulate_network_conditions(NetworkConditions {
            offline: !online,
            ..NetworkConditions::new()
        })
        .await
        .unwrap();
}

/// Waits (up to `secs`) until the script expression `cond` is true in the page.
async fn until(b: &Browser, cond: &str, secs: u64) {
    let script = format!("try {{ return !!({cond}); }} catch (e) {{ return false; }}");
    for _ in 0..secs * 10 {
        if let Ok(r) = b.driver.execute(&script, vec![]).await
            && r.json() == &Value::Bool(true)
        {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let worker = b
        .driver
        .execute_async(
            "var done = arguments[arguments.length - 1];
             navigator.serviceWorker.getRegistration().then(function (r) {
               done(JSON.stringify({ registered: !!r, installing: !!(r && r.installing), waiting: !!(r && r.waiting),
                 active: r && r.active ? r.active.state : null, controller: !!navigator.serviceWorker.controller,
                 online: navigator.onLine, path: location.pathname }));
             }, function (e) { done(String(e)); });",
            vec![],
        )
        .await
        .map(|r| r.json().to_string())
        .unwrap_or_default();
    let src = b.source().await;
    b.screenshot("offline-timeout").await;
    panic!(
        "timed out waiting for {cond}\nworker: {worker}\n{}",
        &src[..src.len().min(1500)]
    );
}

/// Waits (up to `secs`) until `f` holds on the database.
async fn until_db<F, Fut>(secs: u64, what: &str, f: F)
where
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    for _ in 0..secs * 10 {
        if f().await {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("timed out waiting for {what}");
}

async fn counts(t: &TestApp) -> (i64, i64) {
    let mut tx = t.app.store.read().await.unwrap();
    (
        store::nutrition::count_measurements(&mut tx).await.unwrap(),
        store::nutrition::count_children(&mut tx).await.unwrap(),
    )
}

async fn measurements_of(t: &TestApp, child: i64) -> Vec<store::nutrition::StoredMeasurement> {
    let mut tx = t.app.store.read().await.unwrap();
    store::nutrition::measurements(&mut tx, child).await.unwrap()
}

async fn tally(t: &TestApp) -> domain::nutrition::Tally {
    let month = domain::action::local_today("15.03", chrono::Utc::now());
    app::nutrition::report(&t.app, &app::nutrition::Where::Posyandu(t.fx().posyandu), month, None)
        .await
        .unwrap()
        .total
}

/// The queue as the phone keeps it, as `POST /sync` entries.
async fn queued(b: &Browser) -> Vec<Value> {
    let r = b
        .driver
        .execute_async(
            "var done = arguments[arguments.length - 1];
             var r = indexedDB.open('lintas-offline');
             r.onsuccess = function () {
               var q = r.result.transaction('queue').objectStore('queue').getAll();
               q.onsuccess = function () {
                 done(q.result.map(function (e) {
                   var o = { key: e.key, kind: e.kind };
                   Object.keys(e.fields).forEach(function (k) { o[k] = e.fields[k]; });
                   return o;
                 }));
               };
             };",
            vec![],
        )
        .await
        .unwrap();
    r.json().as_array().unwrap().clone()
}

async fn journey(t: &TestApp, tag: &str) {
    let fx = t.fx().clone();
    let dinkes = t.actor("dinkes").await;
    let today = fx.today;
    let child = |name: String, days: i64| {
        let dinkes = dinkes.clone();
        async move {
            let sex = if days % 2 == 0 {
                domain::nutrition::Sex2::L
            } else {
                domain::nutrition::Sex2::P
            };
            let born = today - chrono::Duration::days(days);
            let id = lintas_testkit::fixture::child(&t.app, &dinkes, fx.posyandu, &name, sex, born, "").await;
            (id, name)
        }
    };
    // The Posyandu's children this month: twenty to weigh, each weighed last month (on the
    // 10th), so today's weighing is N or T.
    let last_month = domain::nutrition::previous_month(domain::nutrition::month_of(today)) + chrono::Duration::days(9);
    let mut kids = Vec::new();
    for i in 0..20 {
        let (id, name) = child(format!("Anak Luring {:02} Pratama", i + 1), 200 + i * 60).await;
        lintas_testkit::fixture::measure(&t.app, &dinkes, id, last_month, 7.0 + i as f64 * 0.3, 65.0 + i as f64).await;
        kids.push((id, name));
    }
    // Two registrations of one child, merged by the Puskesmas while the kader is offline.
    let (twice, _) = child("Dimas Uji Ganda".into(), 400).await;
    let (stays, _) = child("Dimas Uji Tetap".into(), 400).await;

    let target: SocketAddr = t.base.trim_start_matches("http://").parse().unwrap();
    let proxy = Proxy::start(target).await;
    let base = proxy.base();
    let Some(b) = Browser::start(360, 640).await else {
        return;
    };
    // The phone's clock is the district's (WIB): the dates it puts on entries are its own.
    b.driver
        .cdp()
        .emulation()
        .set_timezone_override("Asia/Jakarta")
        .await
        .unwrap();
    b.login(&base, "kader").await;
    b.goto(&format!("{base}/")).await;
    // The worker is installed (it answers the next navigation: this page, loaded before it,
    // need not be under it), the list and the pages are kept.
    until(
        &b,
        "document.documentElement.getAttribute('data-offline-ready') === '1'",
        30,
    )
    .await;
    b.screenshot(&format!("{tag}-offline-home-online-360")).await;
    let (m0, c0) = counts(t).await;
    let t0 = tally(t).await;

    // --- offline: 20 weighings and 2 registrations -----------------------------------------
    network(&b, &proxy, false).await;
    for (i, (id, name)) in kids.iter().enumerate() {
        if i < 10 {
            // The weighing link of the day list, opened without a signal: the offline page.
            b.goto(&format!("{base}/children/{id}/measure?back=day")).await;
        } else {
            // Found on the offline page's list.
            b.fill("#offline-q", &name[12..14]).await;
            b.click(&format!("#child-{id} a")).await;
        }
        until(
            &b,
            &format!("document.getElementById('weigh-name').textContent === {}", json!(name)),
            10,
        )
        .await;
        if i == 0 {
            b.screenshot(&format!("{tag}-offline-weigh-360")).await;
        }
        b.fill("#weight", &format!("{},{}", 7 + i / 3, i % 10)).await;
        b.fill("#height", &format!("{}", 66 + i)).await;
        b.click("#measure-save").await;
        until(&b, "!document.getElementById('list-view').hidden", 10).await;
        until(
            &b,
            &format!("document.querySelectorAll('#queue-list li.entry').length === {}", i + 1),
            10,
        )
        .await;
    }
    b.screenshot(&format!("{tag}-offline-list-360")).await;
    for (n, name) in ["Bayi Luring Satu", "Bayi Luring Dua"].iter().enumerate() {
        b.click("#offline-new").await;
        until(&b, "!document.getElementById('register-view').hidden", 10).await;
        b.fill("#name", name).await;
        b.click("input[name=sex][value=P]").await;
        b.set_value(
            "#birth_date",
            &(today - chrono::Duration::days(2 + n as i64)).to_string(),
        )
        .await;
        b.fill("#mother_name", &format!("Ibu {name}")).await;
        if n == 0 {
            b.screenshot(&format!("{tag}-offline-register-360")).await;
        }
        b.click("#child-save").await;
        until(&b, "!document.getElementById('list-view').hidden", 10).await;
    }
    until(
        &b,
        "document.querySelectorAll('#queue-list li.entry').length === 22",
        10,
    )
    .await;

    // Reloaded without a signal: the queue is still there, on every page.
    b.driver.refresh().await.unwrap();
    until(
        &b,
        "document.querySelectorAll('#queue-list li.entry').length === 22",
        10,
    )
    .await;
    until(
        &b,
        "document.getElementById('queue-count').textContent === '22 menunggu dikirim'",
        10,
    )
    .await;
    b.screenshot(&format!("{tag}-offline-reloaded-360")).await;
    b.shot_at("#queue", &format!("{tag}-offline-queue-360")).await;
    // The browser closed and opened again, still without a signal: the same 22 wait.
    let b = b.restart().await;
    b.driver
        .cdp()
        .emulation()
        .set_timezone_override("Asia/Jakarta")
        .await
        .unwrap();
    network(&b, &proxy, false).await;
    b.goto(&format!("{base}/offline")).await;
    until(
        &b,
        "document.getElementById('queue-count').textContent === '22 menunggu dikirim'",
        20,
    )
    .await;
    b.goto(&format!("{base}/")).await;
    until(
        &b,
        "document.getElementById('queue-count').textContent === '22 menunggu dikirim'",
        10,
    )
    .await;
    b.screenshot(&format!("{tag}-offline-home-kept-360")).await;
    let wide = b.scroll_width().await;
    assert!(wide <= 360, "the kept home page scrolls sideways: {wide}px");
    assert_eq!(counts(t).await, (m0, c0), "nothing reached the server while offline");
    let sent = queued(&b).await;
    assert_eq!(sent.len(), 22);

    // --- back online: everything stored once --------------------------------------------------
    b.goto(&format!("{base}/offline")).await;
    network(&b, &proxy, true).await;
    until_db(60, "22 entries stored", || async {
        counts(t).await == (m0 + 20, c0 + 2)
    })
    .await;
    until(&b, "document.getElementById('queue-strip').hidden", 30).await;
    until(&b, "document.querySelectorAll('#sent-list li').length === 22", 30).await;
    let page = b.text("#sent-list").await;
    assert!(
        page.contains("TB/U") && page.contains("Anak Luring 01 Pratama"),
        "{page}"
    );
    b.shot_at("#queue", &format!("{tag}-offline-sent-360")).await;
    for (id, name) in &kids {
        let ms = measurements_of(t, *id).await;
        assert_eq!(ms.len(), 2, "{name}: last month's and today's");
        assert_eq!(ms[1].measured_on, today);
    }
    let kader = t.actor("kader").await;
    let newborns = app::nutrition::search(&t.app, &kader, "Bayi Luring", None)
        .await
        .unwrap();
    assert_eq!(newborns.len(), 2);
    let after = tally(t).await;
    assert_eq!(after.s, t0.s + 2, "S: the two newborns");
    assert_eq!(after.d, t0.d + 20, "D: twenty weighed today");
    assert_eq!(
        after.n + after.t,
        t0.n + t0.t + 20,
        "N or T: each was weighed last month"
    );
    assert_eq!(
        (after.o, after.b),
        (t0.o, t0.b),
        "none unweighed last month, none weighed first"
    );
    let check = app::nutrition::check(&t.app).await.unwrap();
    assert!(check.ok(), "the tallies kept equal a recount: {:?}", check.tallies);

    // The same requests again (a phone that never heard the answers): nothing more stored.
    let replay = b
        .driver
        .execute_async(
            "var done = arguments[arguments.length - 1];
             fetch('/sync', { method: 'POST', credentials: 'same-origin',
               headers: { 'Content-Type': 'application/json',
                          'X-CSRF-Token': document.querySelector('input[name=_csrf]').value },
               body: JSON.stringify({ entries: arguments[0] }) })
               .then(function (r) { return r.json(); }).then(done, function (e) { done(String(e)); });",
            vec![Value::Array(sent.clone())],
        )
        .await
        .unwrap();
    let results = replay.json()["results"].as_array().cloned().unwrap_or_default();
    assert_eq!(results.len(), 22, "{:?}", replay.json());
    assert!(
        results.iter().all(|r| r["status"] == "stored" && r["replay"] == true),
        "{results:?}"
    );
    assert_eq!(counts(t).await, (m0 + 20, c0 + 2));

    // --- a child merged while the kader was offline -------------------------------------------
    network(&b, &proxy, false).await;
    b.goto(&format!("{base}/children/{twice}/measure?back=day")).await;
    until(
        &b,
        "document.getElementById('weigh-name').textContent === 'Dimas Uji Ganda'",
        10,
    )
    .await;
    b.fill("#weight", "9,4").await;
    b.fill("#height", "76").await;
    b.click("#measure-save").await;
    until(&b, "!document.getElementById('list-view').hidden", 10).await;
    let pkm = t.actor("puskesmas").await;
    app::nutrition::merge(&t.app, &pkm, twice, stays).await.unwrap();
    network(&b, &proxy, true).await;
    until(&b, "document.querySelector('#queue-list li.decide .apply-to')", 30).await;
    let decide = b.text("#queue-list li.decide").await;
    assert!(decide.contains("Dimas Uji Tetap"), "{decide}");
    b.shot_at("#queue", &format!("{tag}-offline-decide-360")).await;
    assert!(
        measurements_of(t, stays).await.is_empty(),
        "nothing stored before the kader decides"
    );
    b.click("#queue-list li.decide .apply-to").await;
    until_db(30, "the weighing stored for the record that stays", || async {
        measurements_of(t, stays).await.len() == 1
    })
    .await;
    until(&b, "document.getElementById('queue-strip').hidden", 30).await;
    assert_eq!(measurements_of(t, stays).await[0].weight, Some(9.4));

    // --- a real form posted as the signal drops ------------------------------------------------
    let salsa = fx.children[1];
    b.goto(&format!("{base}/children/{salsa}/measure")).await;
    b.find("#measure-form").await;
    network(&b, &proxy, false).await;
    b.fill("#weight", "9,1").await;
    b.fill("#height", "76").await;
    b.click("#measure-save").await;
    until(&b, "document.querySelectorAll('#queue-list li.entry').length === 1", 15).await;
    assert_eq!(measurements_of(t, salsa).await.len(), 2);

    // --- signing out with an entry waiting asks first -----------------------------------------
    b.click("form[action='/logout'] button").await;
    let question = b.driver.get_alert_text().await.unwrap();
    assert!(question.contains("1 data"), "{question}");
    b.driver.dismiss_alert().await.unwrap();
    assert!(b.current_path().await.starts_with("/offline"), "still signed in");
    network(&b, &proxy, true).await;
    until_db(30, "the kept form sent", || async {
        measurements_of(t, salsa).await.len() == 3
    })
    .await;
    until(&b, "document.getElementById('queue-strip').hidden", 30).await;
    b.click_and_wait("form[action='/logout'] button").await;
    assert!(
        b.current_path().await.starts_with("/login"),
        "{}",
        b.current_path().await
    );
    b.quit().await;
}

both_fixture!(the_posyandu_day_without_a_signal, async |t: &TestApp| {
    let tag = match t.app.store.backend() {
        store::Backend::Sqlite => "sqlite",
        store::Backend::Postgres => "postgres",
    };
    journey(t, tag).await
});
