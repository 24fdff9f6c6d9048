//! The kader's phone sending what it kept offline (issue 14), through HTTP on both databases:
//! `POST /sync` stores each entry exactly once under its idempotency key (a replay, fifty
//! copies in one request, fifty requests at once), answers each entry on its own (stored with
//! its result in words, refused naming the field in the reader's language, a decision for a
//! merged child or a possible duplicate), refuses a key reused by another account or with
//! another body; the Posyandu's list the phone keeps (`offline.json`), the manifest, the
//! service worker and the offline page.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::NaiveDate;
use lintas_testkit::http::Client;
use lintas_testkit::{TestApp, both_fixture};
use serde_json::{Value, json};

fn today() -> NaiveDate {
    domain::action::local_today("15.03", chrono::Utc::now())
}

fn key() -> String {
    format!("{:032x}", rand::random::<u128>())
}

fn weighing(key: &str, child: i64, weight: &str, height: &str) -> Value {
    json!({"key": key, "kind": "measurement", "child_id": child, "measured_on": today().to_string(),
           "weight": weight, "height": height, "position": "", "oedema": "", "muac": "", "head": ""})
}

fn registration(key: &str, posyandu: i64, name: &str, born: NaiveDate, mother: &str) -> Value {
    json!({"key": key, "kind": "child", "posyandu_id": posyandu.to_string(), "name": name, "sex": "P",
           "birth_date": born.to_string(), "nik": "", "mother_name": mother, "rt": "2", "rw": "",
           "address": "", "has_kia": "on", "confirm_new": ""})
}

async fn sync(c: &Client, csrf: &str, entries: Vec<Value>) -> Vec<Value> {
    let (s, body) = c.post_json("/sync", csrf, &json!({ "entries": entries })).await;
    assert_eq!(s, 200, "{body}");
    body["results"].as_array().unwrap().clone()
}

async fn measurements_of(t: &TestApp, child: i64) -> usize {
    let mut tx = t.app.store.read().await.unwrap();
    store::nutrition::measurements(&mut tx, child).await.unwrap().len()
}

async fn all_measurements(t: &TestApp) -> i64 {
    let mut tx = t.app.store.read().await.unwrap();
    store::nutrition::count_measurements(&mut tx).await.unwrap()
}

async fn all_children(t: &TestApp) -> i64 {
    let mut tx = t.app.store.read().await.unwrap();
    store::nutrition::count_children(&mut tx).await.unwrap()
}

async fn entries_of(t: &TestApp, username: &str) -> i64 {
    let u = app::user::by_username(&t.app, username).await.unwrap();
    let mut tx = t.app.store.read().await.unwrap();
    store::sync::count(&mut tx, u.id).await.unwrap()
}

/// A kader signed in and the token its pages carry.
async fn kader(t: &TestApp) -> (Client, String) {
    let c = t.signed_in("kader").await;
    let csrf = c.get("/offline").await.csrf();
    (c, csrf)
}

both_fixture!(a_replayed_entry_is_stored_once, async |t: &TestApp| {
    let (c, csrf) = kader(t).await;
    let [rafa, salsa] = [t.fx().children[0], t.fx().children[1]];
    let before = all_measurements(t).await;
    let k = key();
    let entry = weighing(&k, rafa, "10,9", "81,5");
    let first = sync(&c, &csrf, vec![entry.clone()]).await;
    let r = &first[0];
    assert_eq!(
        (r["key"].as_str(), r["status"].as_str()),
        (Some(k.as_str()), Some("stored")),
        "{r}"
    );
    assert_eq!(r["replay"], false);
    let result = &r["result"];
    assert_eq!(result["child_id"], rafa);
    assert_eq!(result["name"], "Rafa Uji Sehat");
    let lines: Vec<&str> = result["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l.as_str().unwrap())
        .collect();
    assert!(
        lines[0].contains("10,9 kg") && lines[0].contains("81,5 cm"),
        "{lines:?}"
    );
    assert!(lines.iter().any(|l| l.starts_with("TB/U: z ")), "{lines:?}");
    assert!(
        lines.iter().any(|l| l.starts_with("N/T: N")),
        "a gain since last month: {lines:?}"
    );
    // A child growing well: nothing to counsel or refer.
    assert_eq!(
        (result["refer"].as_bool(), result["advice"].as_str()),
        (Some(false), Some(""))
    );

    // Sent again (the answer was lost): nothing more, the first result.
    let again = sync(&c, &csrf, vec![entry.clone()]).await;
    assert_eq!(again[0]["status"], "stored");
    assert_eq!(again[0]["replay"], true);
    assert_eq!(again[0]["result"], *result);
    // Fifty copies in one request.
    let fifty = sync(&c, &csrf, vec![entry.clone(); 50]).await;
    assert_eq!(fifty.len(), 50);
    assert!(
        fifty
            .iter()
            .all(|a| a["status"] == "stored" && a["replay"] == true && a["result"] == *result)
    );
    assert_eq!(all_measurements(t).await, before + 1);

    // Fifty requests at once with a new entry: one stores it, the others answer its result.
    let k2 = key();
    let entry2 = weighing(&k2, salsa, "8,9", "75");
    let mut set = tokio::task::JoinSet::new();
    for _ in 0..50 {
        let c2 = Client {
            http: c.http.clone(),
            base: c.base.clone(),
        };
        let (csrf, body) = (csrf.clone(), json!({"entries": [entry2.clone()]}));
        set.spawn(async move { c2.post_json("/sync", &csrf, &body).await });
    }
    let mut fresh = 0;
    let mut results = Vec::new();
    while let Some(done) = set.join_next().await {
        let (s, body) = done.unwrap();
        assert_eq!(s, 200, "{body}");
        let a = &body["results"][0];
        assert_eq!(a["status"], "stored", "{a}");
        if a["replay"] == false {
            fresh += 1;
        }
        results.push(a["result"].clone());
    }
    assert_eq!(fresh, 1, "exactly one request stored the entry");
    assert!(
        results.windows(2).all(|w| w[0] == w[1]),
        "every answer is the first result"
    );
    assert_eq!(all_measurements(t).await, before + 2);
    assert_eq!(measurements_of(t, salsa).await, 3);
    // Salsa is stunted (74,5 cm at 23 months): the phone says rujuk, as the result screen does.
    assert_eq!(results[0]["refer"], true, "{}", results[0]);
    assert!(results[0]["concerns"].as_array().unwrap().contains(&json!("stunted")));
    let advice = results[0]["advice"].as_str().unwrap();
    assert!(advice.starts_with("Rujuk ke petugas kesehatan"), "{advice}");

    // A registration sent twice is one child.
    let children = all_children(t).await;
    let k3 = key();
    let born = today() - chrono::Duration::days(3);
    let reg = registration(&k3, t.fx().posyandu, "Bayi Uji Sinyal", born, "Ibu Uji Sinyal");
    let a = sync(&c, &csrf, vec![reg.clone(), reg.clone()]).await;
    assert_eq!(
        (a[0]["status"].as_str(), a[1]["status"].as_str()),
        (Some("stored"), Some("stored"))
    );
    assert_eq!(
        (a[0]["replay"].as_bool(), a[1]["replay"].as_bool()),
        (Some(false), Some(true))
    );
    assert_eq!(a[0]["result"]["kind"], "child");
    assert!(a[0]["result"]["lines"][0].as_str().unwrap().contains("Bayi Uji Sinyal"));
    assert_eq!(all_children(t).await, children + 1);
    assert_eq!(entries_of(t, "kader").await, 3);
});

both_fixture!(a_key_is_one_entry_of_one_account, async |t: &TestApp| {
    let (c, csrf) = kader(t).await;
    let rafa = t.fx().children[0];
    let k = key();
    assert_eq!(
        sync(&c, &csrf, vec![weighing(&k, rafa, "10,9", "")]).await[0]["status"],
        "stored"
    );
    // The same key with another body.
    let other = sync(&c, &csrf, vec![weighing(&k, rafa, "11,2", "")]).await;
    assert_eq!(other[0]["status"], "refused");
    assert_eq!(other[0]["errors"][0]["field"], "key");
    assert!(
        other[0]["message"].as_str().unwrap().contains("sudah dipakai"),
        "{}",
        other[0]
    );
    // The same key and body from another account.
    let p = t.signed_in("puskesmas").await;
    let p_csrf = p.get("/account").await.csrf();
    let theirs = sync(&p, &p_csrf, vec![weighing(&k, rafa, "10,9", "")]).await;
    assert_eq!(theirs[0]["status"], "refused");
    assert_eq!(theirs[0]["errors"][0]["field"], "key");
    // Keys too short to be random.
    let short = sync(&c, &csrf, vec![weighing("abc", rafa, "10,9", "")]).await;
    assert_eq!(
        (short[0]["status"].as_str(), short[0]["errors"][0]["field"].as_str()),
        (Some("refused"), Some("key"))
    );
    assert_eq!(measurements_of(t, rafa).await, 3);
});

both_fixture!(each_entry_gets_its_own_answer, async |t: &TestApp| {
    let (c, csrf) = kader(t).await;
    let fx = t.fx();
    let (rafa, away) = (fx.children[0], fx.children[3]);
    let before = all_measurements(t).await;
    let born = today() - chrono::Duration::days(10);
    let answers = sync(
        &c,
        &csrf,
        vec![
            weighing(&key(), rafa, "10900", "81"),
            weighing(&key(), fx.children[1], "8,9", "75"),
            json!({"key": key(), "kind": "meeting"}),
            weighing(&key(), away, "11", "86"),
            registration(&key(), fx.posyandu, "Nadia Uji Antre", born, "Ibu Nadia"),
            registration(&key(), fx.posyandu, "", born, "Ibu Tanpa Nama"),
        ],
    )
    .await;
    let statuses: Vec<&str> = answers.iter().map(|a| a["status"].as_str().unwrap()).collect();
    assert_eq!(
        statuses,
        ["refused", "stored", "refused", "refused", "stored", "refused"],
        "{answers:?}"
    );
    // Grams for kilograms: named beside the weight, in the reader's language.
    let e = &answers[0]["errors"][0];
    assert_eq!(
        (e["field"].as_str(), e["label"].as_str()),
        (Some("weight"), Some("Berat badan (kg)"))
    );
    assert!(e["message"].as_str().unwrap().contains("gram"), "{e}");
    assert_eq!(answers[2]["errors"][0]["field"], "kind");
    // Another Puskesmas's child: as if it did not exist.
    assert_eq!(answers[3]["errors"][0]["field"], "child_id");
    assert_eq!(answers[5]["errors"][0]["field"], "name");
    assert_eq!(all_measurements(t).await, before + 1);
    assert_eq!(measurements_of(t, away).await, 2);

    // In English for an English reader.
    let p = c.post_form("/account", "/lang", &[("lang", "en"), ("next", "/")]).await;
    assert_eq!(p.status, 303);
    let en = sync(&c, &csrf, vec![weighing(&key(), rafa, "10900", "81")]).await;
    assert_eq!(en[0]["errors"][0]["label"], "Weight (kg)");
    assert!(en[0]["message"].as_str().unwrap().contains("grams"), "{}", en[0]);
});

both_fixture!(a_merged_child_needs_a_decision, async |t: &TestApp| {
    let (c, csrf) = kader(t).await;
    let dinkes = t.actor("dinkes").await;
    let born = today() - chrono::Duration::days(300);
    let twice = lintas_testkit::fixture::child(
        &t.app,
        &dinkes,
        t.fx().posyandu,
        "Dimas Uji Ganda",
        domain::nutrition::Sex2::L,
        born,
        "",
    )
    .await;
    let stays = lintas_testkit::fixture::child(
        &t.app,
        &dinkes,
        t.fx().posyandu,
        "Dimas Uji Tetap",
        domain::nutrition::Sex2::L,
        born,
        "",
    )
    .await;
    // Merged by the Puskesmas while the kader's phone had no signal.
    let pkm = t.actor("puskesmas").await;
    app::nutrition::merge(&t.app, &pkm, twice, stays).await.unwrap();
    let k = key();
    let a = sync(&c, &csrf, vec![weighing(&k, twice, "8,1", "70")]).await;
    assert_eq!(
        (a[0]["status"].as_str(), a[0]["reason"].as_str()),
        (Some("decide"), Some("merged")),
        "{}",
        a[0]
    );
    assert_eq!(a[0]["into"]["id"], stays);
    assert_eq!(a[0]["into"]["name"], "Dimas Uji Tetap");
    assert!(a[0]["message"].as_str().unwrap().contains("Dimas Uji Tetap"));
    assert_eq!(
        measurements_of(t, stays).await,
        0,
        "nothing stored before the kader decides"
    );
    // The same key again: still a decision (nothing was kept under it).
    let a = sync(&c, &csrf, vec![weighing(&k, twice, "8,1", "70")]).await;
    assert_eq!(a[0]["status"], "decide");
    // The kader applies it to the record that stays: a new body, a new key.
    let a = sync(&c, &csrf, vec![weighing(&key(), stays, "8,1", "70")]).await;
    assert_eq!(a[0]["status"], "stored");
    assert_eq!(measurements_of(t, stays).await, 1);
});

both_fixture!(a_registration_like_another_needs_a_decision, async |t: &TestApp| {
    let (c, csrf) = kader(t).await;
    let fx = t.fx();
    let rafa = {
        let kader = t.actor("kader").await;
        app::nutrition::child(&t.app, &kader, fx.children[0])
            .await
            .unwrap()
            .child
    };
    let children = all_children(t).await;
    let same = registration(
        &key(),
        fx.posyandu,
        "Rafa Uji Sehat",
        rafa.birth_date,
        "Ibu Rafa Uji Sehat",
    );
    let a = sync(&c, &csrf, vec![same.clone()]).await;
    assert_eq!(
        (a[0]["status"].as_str(), a[0]["reason"].as_str()),
        (Some("decide"), Some("duplicate")),
        "{}",
        a[0]
    );
    assert_eq!(a[0]["may_register_anyway"], true);
    assert_eq!(a[0]["candidates"][0]["id"], rafa.id);
    assert!(a[0]["message"].as_str().unwrap().contains("Rafa Uji Sehat"));
    assert_eq!(all_children(t).await, children);
    // Registered anyway.
    let mut anyway = same.clone();
    anyway["key"] = json!(key());
    anyway["confirm_new"] = json!("1");
    assert_eq!(sync(&c, &csrf, vec![anyway]).await[0]["status"], "stored");
    assert_eq!(all_children(t).await, children + 1);
    // The same NIK cannot be registered anyway.
    let mut nik = same.clone();
    nik["key"] = json!(key());
    nik["nik"] = json!("1503030101230001");
    nik["confirm_new"] = json!("1");
    let a = sync(&c, &csrf, vec![nik]).await;
    assert_eq!(
        (a[0]["status"].as_str(), a[0]["may_register_anyway"].as_bool()),
        (Some("decide"), Some(false))
    );
    assert_eq!(all_children(t).await, children + 1);
});

both_fixture!(a_newborn_registered_and_weighed_offline, async |t: &TestApp| {
    let (c, csrf) = kader(t).await;
    let reg_key = key();
    let born = today() - chrono::Duration::days(2);
    let mut weigh = weighing(&key(), 0, "3,1", "49");
    weigh.as_object_mut().unwrap().remove("child_id");
    weigh["child_key"] = json!(reg_key);
    let pending = sync(&c, &csrf, vec![weigh.clone()]).await;
    assert_eq!(pending[0]["status"], "refused", "its registration is not stored yet");
    assert_eq!(pending[0]["errors"][0]["field"], "child_key");
    let a = sync(
        &c,
        &csrf,
        vec![
            registration(&reg_key, t.fx().posyandu, "Bayi Uji Baru", born, "Ibu Baru"),
            weigh,
        ],
    )
    .await;
    assert_eq!(
        (a[0]["status"].as_str(), a[1]["status"].as_str()),
        (Some("stored"), Some("stored")),
        "{a:?}"
    );
    let child = a[0]["result"]["id"].as_i64().unwrap();
    assert_eq!(a[1]["result"]["child_id"], child);
    assert_eq!(measurements_of(t, child).await, 1);
});

both_fixture!(the_sync_request_is_a_page_write, async |t: &TestApp| {
    let (c, csrf) = kader(t).await;
    let rafa = t.fx().children[0];
    let body = json!({"entries": [weighing(&key(), rafa, "10,9", "")]});
    // No token, a wrong one, or the token in the body.
    assert_eq!(c.post_json("/sync", "", &body).await.0, 403);
    assert_eq!(c.post_json("/sync", "0000", &body).await.0, 403);
    let mut with_field = body.clone();
    with_field["_csrf"] = json!(csrf);
    assert_eq!(c.post_json("/sync", "", &with_field).await.0, 200);
    // Signed out: to the login page.
    let anon = t.client();
    let r = anon.http.post(t.url("/sync")).json(&body).send().await.unwrap();
    assert_eq!(r.status(), 303);
    assert!(r.headers()["location"].to_str().unwrap().starts_with("/login"));
    // A partner records no children.
    let p = t.signed_in("polsek").await;
    let p_csrf = p.get("/account").await.csrf();
    assert_eq!(p.post_json("/sync", &p_csrf, &body).await.0, 403);
    // Too many entries, too large, not JSON.
    let many = json!({"entries": vec![weighing(&key(), rafa, "10,9", ""); 101]});
    assert_eq!(c.post_json("/sync", &csrf, &many).await.0, 413);
    let big = json!({"entries": [{"key": key(), "kind": "child", "name": "x".repeat(300 * 1024)}]});
    assert_eq!(c.post_json("/sync", &csrf, &big).await.0, 413);
    let r = c
        .http
        .post(t.url("/sync"))
        .header("x-csrf-token", &csrf)
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    assert_eq!(measurements_of(t, rafa).await, 3);
});

both_fixture!(the_phone_keeps_its_posyandus_list, async |t: &TestApp| {
    let fx = t.fx();
    let c = t.signed_in("kader").await;
    let r = c
        .http
        .get(t.url(&format!("/posyandu/{}/offline.json", fx.posyandu)))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["cache-control"], "no-store");
    let list: Value = r.json().await.unwrap();
    assert_eq!(list["user"], "kader");
    assert_eq!(list["posyandu"]["id"], fx.posyandu);
    assert!(!list["csrf"].as_str().unwrap().is_empty());
    let children = list["children"].as_array().unwrap();
    let names: Vec<&str> = children.iter().map(|c| c["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["Rafa Uji Sehat", "Salsa Uji Pendek"]);
    let rafa = &children[0];
    assert_eq!(rafa["nik"], "1503••••••••0001", "masked for a kader");
    assert_eq!(rafa["sex"], "L");
    assert_eq!(rafa["mother"], "Ibu Rafa Uji Sehat");
    assert_eq!(rafa["last"]["weight"], 10.7);
    assert_eq!(rafa["last"]["height"], 81.0);
    assert_eq!(rafa["last"]["date"], (today() - chrono::Duration::days(3)).to_string());
    // The phone's list is the day page's list, in the paper register's order.
    let day = c.get(&format!("/posyandu/{}/day", fx.posyandu)).await.body;
    let on_page = lintas_testkit::html::ids_of(&day, "child-");
    let in_json: Vec<i64> = children.iter().map(|c| c["id"].as_i64().unwrap()).collect();
    assert_eq!(on_page, in_json);
    // Another Posyandu, even of the same Puskesmas: refused.
    let other = c.get(&format!("/posyandu/{}/offline.json", fx.posyandu_bernai)).await;
    assert_eq!(other.status, 403);
    // The Dinkes sees the NIK in clear; a partner nothing.
    let d = t.signed_in("dinkes").await;
    let r: Value = d
        .http
        .get(t.url(&format!("/posyandu/{}/offline.json", fx.posyandu)))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(r["children"][0]["nik"], "1503030101230001");
    let p = t.signed_in("polsek").await;
    assert_eq!(
        p.get(&format!("/posyandu/{}/offline.json", fx.posyandu)).await.status,
        403
    );
    // Read by name: audited with the count.
    let rows = t.audit_of("child_list", None).await;
    assert!(
        rows.iter()
            .any(|r| r.summary.contains("offline") && r.summary.contains("(2)")),
        "{rows:?}"
    );
});

both_fixture!(lintas_installs_on_a_kaders_phone, async |t: &TestApp| {
    let anon = t.client();
    let r = anon.http.get(t.url("/manifest.webmanifest")).send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["content-type"], "application/manifest+json");
    let m: Value = r.json().await.unwrap();
    assert_eq!(
        (m["start_url"].as_str(), m["display"].as_str()),
        (Some("/"), Some("standalone"))
    );
    assert_eq!(m["theme_color"], web::pages::offline::THEME_COLOUR);
    assert!(
        include_str!("../../web/static/style.css")
            .contains(&format!("--brand: {};", web::pages::offline::THEME_COLOUR)),
        "the theme colour is the stylesheet's"
    );
    assert_eq!(m["icons"][0]["src"], "/static/icon.svg");
    let icon = anon.download("/static/icon.svg").await;
    assert_eq!(icon.content_type, "image/svg+xml");
    assert!(icon.text().starts_with("<svg"));
    // The service worker: from the root, always checked for a new version.
    let sw = anon.download("/sw.js").await;
    assert_eq!(sw.status, 200);
    assert_eq!(sw.cache, "no-cache");
    assert!(sw.content_type.starts_with("text/javascript"));
    let text = sw.text();
    assert!(!text.contains("__VERSION__") && !text.contains("__PRECACHE__"));
    for path in web::pages::offline::PRECACHE {
        assert!(text.contains(&format!("\"{path}\"")), "{path}");
        assert_eq!(anon.download(path).await.status, 200, "{path}");
    }
    // A kader's pages carry the offline script and the manifest; others' do not.
    let k = t.signed_in("kader").await;
    let home = k.get("/").await.body;
    assert!(home.contains("/static/offline.js") && home.contains("rel=\"manifest\""));
    assert!(home.contains("data-user=\"kader\""));
    let d = t.signed_in("dinkes").await;
    assert!(!d.get("/").await.body.contains("/static/offline.js"));
    // The offline page: its forms and the script's texts in the reader's language.
    let shell = k.get("/offline").await;
    assert_eq!(shell.status, 200);
    for id in [
        "offline-list",
        "offline-weigh",
        "offline-register",
        "queue-list",
        "measure-save",
        "child-save",
    ] {
        assert!(shell.body.contains(&format!("id=\"{id}\"")), "{id}");
    }
    assert!(shell.body.contains("menunggu dikirim"));
    assert_eq!(t.signed_in("polsek").await.get("/offline").await.status, 403);
    assert_eq!(anon.get("/offline").await.status, 303);
});

both_fixture!(synced_weighings_count_in_the_months_figures, async |t: &TestApp| {
    let (c, csrf) = kader(t).await;
    let fx = t.fx();
    let kader = t.actor("kader").await;
    let month = today();
    let before = app::nutrition::report(&t.app, &app::nutrition::Where::Posyandu(fx.posyandu), month, None)
        .await
        .unwrap()
        .total;
    let born = today() - chrono::Duration::days(5);
    let mut reg = registration(&key(), fx.posyandu, "Bayi Uji Hitung", born, "Ibu Hitung");
    let reg_key = reg["key"].as_str().unwrap().to_string();
    let mut weigh = weighing(&key(), 0, "3,4", "50");
    weigh.as_object_mut().unwrap().remove("child_id");
    weigh["child_key"] = json!(reg_key);
    reg["has_kia"] = json!("on");
    let a = sync(&c, &csrf, vec![reg, weigh]).await;
    assert!(a.iter().all(|x| x["status"] == "stored"), "{a:?}");
    let after = app::nutrition::report(&t.app, &app::nutrition::Where::Posyandu(fx.posyandu), month, None)
        .await
        .unwrap()
        .total;
    assert_eq!(after.s, before.s + 1);
    assert_eq!(after.d, before.d + 1);
    assert_eq!(after.b, before.b + 1, "a first weighing");
    let _ = kader;
    let check = app::nutrition::check(&t.app).await.unwrap();
    assert!(check.ok(), "{:?}", check.tallies);
});

both_fixture!(pages_travel_compressed_with_a_fresh_token_each, async |t: &TestApp| {
    let c = t.signed_in("kader").await;
    for (encoding, path) in [("gzip", "/"), ("br", "/offline"), ("gzip", "/static/style.css")] {
        let r = c
            .http
            .get(t.url(path))
            .header("accept-encoding", encoding)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        assert_eq!(r.headers()["content-encoding"], encoding, "{path}");
    }
    // Without asking, as before.
    let r = c.http.get(t.url("/")).send().await.unwrap();
    assert!(!r.headers().contains_key("content-encoding"));
    // A compressed page must not leak its token to guesses reflected beside it (BREACH): each
    // response masks it afresh, and every mask verifies.
    let (a, b) = (c.get("/offline").await.csrf(), c.get("/offline").await.csrf());
    assert_ne!(a, b);
    for token in [&a, &b] {
        assert_eq!(c.post_json("/sync", token, &json!({"entries": []})).await.0, 200);
    }
    let mut tampered = a.clone().into_bytes();
    tampered[45] = if tampered[45] == b'0' { b'1' } else { b'0' };
    let tampered = String::from_utf8(tampered).unwrap();
    assert_eq!(c.post_json("/sync", &tampered, &json!({"entries": []})).await.0, 403);
});

both_fixture!(phones_sending_at_once_are_all_counted, async |t: &TestApp| {
    // Twenty weighings at one Posyandu arriving together (two kader's phones finding the
    // signal at once): each stored, and the month's tally counts every one of them.
    let dinkes = t.actor("dinkes").await;
    let mut kids = Vec::new();
    for i in 0..20 {
        let born = today() - chrono::Duration::days(300 + i);
        kids.push(
            lintas_testkit::fixture::child(
                &t.app,
                &dinkes,
                t.fx().posyandu,
                &format!("Anak Uji Serentak {i}"),
                domain::nutrition::Sex2::L,
                born,
                "",
            )
            .await,
        );
    }
    let before = app::nutrition::report(&t.app, &app::nutrition::Where::Posyandu(t.fx().posyandu), today(), None)
        .await
        .unwrap()
        .total;
    let (c, csrf) = kader(t).await;
    let mut set = tokio::task::JoinSet::new();
    for k in kids {
        let c2 = Client {
            http: c.http.clone(),
            base: c.base.clone(),
        };
        let (csrf, body) = (csrf.clone(), json!({"entries": [weighing(&key(), k, "8,5", "70")]}));
        set.spawn(async move { c2.post_json("/sync", &csrf, &body).await });
    }
    while let Some(done) = set.join_next().await {
        let (s, body) = done.unwrap();
        assert_eq!(
            (s, body["results"][0]["status"].as_str()),
            (200, Some("stored")),
            "{body}"
        );
    }
    let after = app::nutrition::report(&t.app, &app::nutrition::Where::Posyandu(t.fx().posyandu), today(), None)
        .await
        .unwrap()
        .total;
    assert_eq!(after.d, before.d + 20);
    let check = app::nutrition::check(&t.app).await.unwrap();
    assert!(check.ok(), "{:?}", check.tallies);
});
