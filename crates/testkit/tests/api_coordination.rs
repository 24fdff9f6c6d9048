//! The coordination JSON API on both databases: forums and schedules, meetings, attendance,
//! problems and priority scores, actions owned by other sectors and their follow-up by the
//! owner through a bearer token, agreements reached, shortages, overdue actions, and scope.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use lintas_testkit::http::Api;
use lintas_testkit::org_id;
use lintas_testkit::{TestApp, both_fixture};
use reqwest::Method;
use serde_json::{Value, json};

fn field_code(e: &Value, field: &str) -> Option<String> {
    e["error"]["fields"]
        .as_array()?
        .iter()
        .find(|f| f["field"] == field)
        .and_then(|f| f["code"].as_str())
        .map(str::to_string)
}

fn find(list: &Value, id: i64) -> Option<&Value> {
    list.as_array().unwrap().iter().find(|a| a["id"] == id)
}

/// Creates a meeting through the API and returns its id.
async fn meeting(api: &Api, body: Value) -> i64 {
    let (s, r) = api.send(Method::POST, "/api/v1/meetings", &body).await;
    assert_eq!(s, 201, "{r}");
    r["id"].as_i64().unwrap()
}

async fn post(api: &Api, path: &str, body: Value) -> (u16, Value) {
    api.send(Method::POST, path, &body).await
}

both_fixture!(a_lokmin_through_the_api, async |t: &TestApp| {
    let pkm_api = Api::new(t, Some(t.token("puskesmas").await));
    let pkm = org_id(t, "PKM-SRL-03").await;
    let polsek = org_id(t, "POLSEK-SRL-03").await;
    let koramil = org_id(t, "KORAMIL-SRL-03").await;
    let camat = org_id(t, "CAMAT-SRL-03").await;
    let desa = org_id(t, "DESA-1503032002").await;

    // Writes need a token; anonymous reads are refused as well.
    assert_eq!(Api::new(t, None).get("/api/v1/meetings").await.0, 401);

    let id = meeting(
        &pkm_api,
        json!({
            "title": "Lokmin Tribulanan Lintas Sektor (API)",
            "kind": "lokmin_tribulanan",
            "host_org_id": pkm,
            "held_on": "2024-04-30",
            "start_time": "09.00",
            "place": "Aula Puskesmas Sarolangun",
            "chair": "Camat Sarolangun",
            "invited": [camat, polsek, koramil, desa],
        }),
    )
    .await;
    let m = format!("/api/v1/meetings/{id}");
    let (s, v) = pkm_api.get(&m).await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(v["meeting"]["title"], "Lokmin Tribulanan Lintas Sektor (API)");
    assert_eq!(v["meeting"]["start_time"], "09:00");
    assert_eq!(v["meeting"]["status"], "scheduled");
    assert_eq!(v["editable"], true);
    assert!(
        v["orgs"]
            .as_array()
            .unwrap()
            .iter()
            .any(|o| o["org_id"] == polsek && o["role"] == "invited")
    );
    assert_eq!(v["absent"].as_array().unwrap().len(), 4, "nobody came yet");

    // Validation: a missing title names the field.
    let (s, e) = post(
        &pkm_api,
        "/api/v1/meetings",
        json!({"title": " ", "host_org_id": pkm, "held_on": "2024-04-30"}),
    )
    .await;
    assert_eq!(s, 422);
    assert_eq!(field_code(&e, "title").as_deref(), Some("required"));

    // The list filters by date and organisation.
    let (s, list) = pkm_api
        .get(&format!(
            "/api/v1/meetings?from=2024-04-30&to=2024-04-30&org_id={polsek}"
        ))
        .await;
    assert_eq!(s, 200);
    assert!(find(&list, id).is_some());
    let (_, list) = pkm_api.get("/api/v1/meetings?from=2024-05-01&per_page=500").await;
    assert!(find(&list, id).is_none());
    let (s, e) = pkm_api.get("/api/v1/meetings?from=kemarin").await;
    assert_eq!(s, 422);
    assert_eq!(field_code(&e, "from").as_deref(), Some("date.format"));

    // Attendance: four sectors in one go, then a walk-in; a bad line stores nothing.
    let lines = "Taufik Hidayat; Kantor Camat Sarolangun; Camat\n\
                 AKP Faisal; Polsek Sarolangun; Kapolsek\n\
                 Serka Budi; Koramil Sarolangun; Babinsa\n\
                 Emi Syafruddin; Puskesmas Sarolangun; Kepala Puskesmas";
    let (s, r) = post(&pkm_api, &format!("{m}/attendance"), json!({ "lines": lines })).await;
    assert_eq!(s, 201, "{r}");
    assert_eq!(r["added"], 4);
    let (s, r) = post(
        &pkm_api,
        &format!("{m}/attendance"),
        json!({"name": "Rahmat", "org_id": desa, "position": "Kepala Desa"}),
    )
    .await;
    assert_eq!((s, r["added"].as_i64()), (201, Some(1)), "{r}");
    let (s, e) = post(
        &pkm_api,
        &format!("{m}/attendance"),
        json!({"lines": "Ani; Posyandu X\nTanpa organisasi"}),
    )
    .await;
    assert_eq!(s, 422);
    assert_eq!(field_code(&e, "lines").as_deref(), Some("attendance.line_format"));
    assert!(e["error"]["fields"][0]["detail"].as_str().unwrap().starts_with("2:"));
    let (s, att) = pkm_api.get(&format!("{m}/attendance")).await;
    assert_eq!(s, 200);
    assert_eq!(att["count"], 5);
    for sector in ["security", "defence", "government", "health"] {
        assert!(
            att["by_sector"].as_array().unwrap().iter().any(|c| c["key"] == sector),
            "{sector}: {att}"
        );
    }
    let taufik = att["attendees"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["name"] == "Taufik Hidayat")
        .unwrap()["id"]
        .as_i64()
        .unwrap();
    let (s, _) = pkm_api
        .send(Method::DELETE, &format!("{m}/attendance/{taufik}"), &json!({}))
        .await;
    assert_eq!(s, 204);
    let (s, _) = pkm_api
        .send(Method::DELETE, &format!("{m}/attendance/{taufik}"), &json!({}))
        .await;
    assert_eq!(s, 404, "already removed");
    assert_eq!(pkm_api.get(&format!("{m}/attendance")).await.1["count"], 4);

    // Agenda and minutes.
    let (s, r) = post(&pkm_api, &format!("{m}/agenda"), json!({"title": "Capaian imunisasi"})).await;
    assert_eq!(s, 201);
    let item = r["id"].as_i64().unwrap();
    let (s, _) = pkm_api
        .send(
            Method::PUT,
            &format!("{m}/agenda/{item}"),
            &json!({"findings": "Cakupan 62%", "decisions": "Sweeping bersama Babinsa"}),
        )
        .await;
    assert_eq!(s, 204);

    // A problem, a cause, USG scores from two raters, and one out of range.
    let (s, r) = post(
        &pkm_api,
        &format!("{m}/problems"),
        json!({"title": "Cakupan imunisasi rendah di Desa Bernai", "category": "participation",
               "region_code": "15.03.03.2002", "raised_by_org_id": desa}),
    )
    .await;
    assert_eq!(s, 201, "{r}");
    let problem = r["id"].as_i64().unwrap();
    let (s, _) = post(
        &pkm_api,
        &format!("/api/v1/problems/{problem}/causes"),
        json!({"category": "people", "text": "Orang tua takut efek samping"}),
    )
    .await;
    assert_eq!(s, 201);
    for (rater, scores, total) in [("Kapus", [5.0, 4.0, 4.0], 13.0), ("Camat", [3.0, 4.0, 5.0], 12.0)] {
        let (s, r) = post(
            &pkm_api,
            &format!("/api/v1/problems/{problem}/scores"),
            json!({"method": "usg", "rater": rater, "scores": scores}),
        )
        .await;
        assert_eq!(s, 201, "{r}");
        assert_eq!(r["total"], total);
    }
    let (s, e) = post(
        &pkm_api,
        &format!("/api/v1/problems/{problem}/scores"),
        json!({"method": "usg", "rater": "X", "scores": [9, 1, 1]}),
    )
    .await;
    assert_eq!(s, 422);
    assert_eq!(e["error"]["code"], "invalid");
    assert_eq!(field_code(&e, "scores").as_deref(), Some("priority.range"));
    let (_, probs) = pkm_api.get(&format!("{m}/problems")).await;
    let p = find(&probs, problem).unwrap();
    assert_eq!(p["causes"][0]["category"], "people");
    assert_eq!(p["scores"].as_array().unwrap().len(), 2);
    assert_eq!(p["scores"][0]["scores"], json!([5.0, 4.0, 4.0]));
    assert_eq!(p["priority"][0], json!({"method": "usg", "mean": 12.5, "rank": 1}));

    // Actions: not due before the meeting, owned by an organisation that exists.
    let (s, e) = post(
        &pkm_api,
        &format!("{m}/actions"),
        json!({"what": "Pendampingan tim imunisasi", "owner_org_id": polsek, "due_on": "2024-04-01"}),
    )
    .await;
    assert_eq!(s, 422);
    assert_eq!(field_code(&e, "due_on").as_deref(), Some("action.due_before_meeting"));
    let (s, e) = post(
        &pkm_api,
        &format!("{m}/actions"),
        json!({"what": "Pendampingan tim imunisasi", "owner_org_id": 999_999, "due_on": "2024-06-01"}),
    )
    .await;
    assert_eq!(s, 422);
    assert_eq!(field_code(&e, "owner_org_id").as_deref(), Some("org.unknown"));
    let (s, r) = post(
        &pkm_api,
        &format!("{m}/actions"),
        json!({"what": "Pendampingan tim imunisasi", "problem_id": problem, "owner_org_id": polsek,
               "supporting_org_ids": [koramil], "due_on": "2024-06-15", "budget_source": "dana_desa",
               "private_note": "koordinasi internal Polsek"}),
    )
    .await;
    assert_eq!(s, 201, "{r}");
    let ours = r["id"].as_i64().unwrap();
    let (s, r) = post(
        &pkm_api,
        &format!("{m}/actions"),
        json!({"what": "Sosialisasi Posyandu di balai desa", "problem_id": problem, "owner_org_id": desa,
               "due_on": "2024-06-15", "private_note": "anggaran desa belum cair"}),
    )
    .await;
    assert_eq!(s, 201, "{r}");
    let theirs = r["id"].as_i64().unwrap();
    let (_, acts) = pkm_api.get(&format!("{m}/actions")).await;
    assert_eq!(acts.as_array().unwrap().len(), 2);
    assert_eq!(find(&acts, ours).unwrap()["supporters"][0], "Koramil Sarolangun");

    // Agreements reached, with signatories.
    let (s, _) = post(
        &pkm_api,
        &format!("{m}/agreements-reached"),
        json!({"text": "Sweeping imunisasi bersama lintas sektor", "org_ids": [pkm, polsek]}),
    )
    .await;
    assert_eq!(s, 201);
    let (_, agr) = pkm_api.get(&format!("{m}/agreements-reached")).await;
    assert_eq!(agr[0]["text"], "Sweeping imunisasi bersama lintas sektor");
    assert!(
        agr[0]["signatories"]
            .as_array()
            .unwrap()
            .contains(&json!("Polsek Sarolangun"))
    );

    // The whole view as the host sees it.
    let (_, v) = pkm_api.get(&m).await;
    assert_eq!(v["agenda"][0]["findings"], "Cakupan 62%");
    assert_eq!(v["attendance"]["count"], 4);
    assert_eq!(v["problems"][0]["id"], problem);
    assert_eq!(v["agreements_reached"].as_array().unwrap().len(), 1);
    assert_eq!(
        find(&v["actions"], theirs).unwrap()["private_note"],
        "anggaran desa belum cair",
        "the host sees every private note"
    );
    assert!(
        !v["absent"].as_array().unwrap().iter().any(|o| o["org_id"] == polsek),
        "the Polsek came"
    );
    let (s, _) = post(&pkm_api, &format!("{m}/status"), json!({"status": "held"})).await;
    assert_eq!(s, 204);
    let (s, e) = post(&pkm_api, &format!("{m}/status"), json!({"status": "postponed"})).await;
    assert_eq!(s, 422);
    assert_eq!(field_code(&e, "status").as_deref(), Some("choice.unknown"));

    // The Polsek partner: its commitment, not the village's private note.
    let polsek_api = Api::new(t, Some(t.token("polsek").await));
    let (s, mine) = polsek_api.get("/api/v1/commitments").await;
    assert_eq!(s, 200);
    let c = find(&mine, ours).expect("the Polsek's own commitment");
    assert_eq!(c["private_note"], "koordinasi internal Polsek", "its own private note");
    assert_eq!(c["can_update"], true);
    assert!(find(&mine, theirs).is_none(), "not another organisation's action");
    let (s, other) = polsek_api.get(&format!("/api/v1/actions/{theirs}")).await;
    assert_eq!(s, 200, "the invited Polsek may read the meeting's actions");
    assert!(other["private_note"].is_null());
    assert_eq!(other["can_update"], false);
    // The other Puskesmas of the kecamatan may invite the Polsek, but the Polsek's actions
    // from this meeting are not its business.
    let kota_api = Api::new(t, Some(t.token("puskesmas-kota").await));
    assert_eq!(kota_api.get(&format!("/api/v1/actions/{ours}")).await.0, 403);
    // Access is decided before the input's rules: someone who may not write gets 403 for an
    // empty text as for a good one, and learns nothing from the rules.
    let (s, _) = post(
        &polsek_api,
        &format!("/api/v1/problems/{problem}/causes"),
        json!({"category": "people", "text": ""}),
    )
    .await;
    assert_eq!(s, 403);
    let (s, _) = post(
        &polsek_api,
        &format!("/api/v1/problems/{problem}/scores"),
        json!({"method": "usg", "rater": "", "scores": [9]}),
    )
    .await;
    assert_eq!(s, 403);
    let (s, _) = post(
        &kota_api,
        &format!("/api/v1/actions/{ours}/updates"),
        json!({"note": "x".repeat(5000)}),
    )
    .await;
    assert_eq!(s, 403);
    let (s, overdue) = kota_api.get("/api/v1/actions/overdue").await;
    assert_eq!(s, 200);
    assert!(!overdue.to_string().contains("Pendampingan tim imunisasi"), "{overdue}");
    let (s, v) = polsek_api.get(&m).await;
    assert_eq!(s, 200);
    assert_eq!(v["editable"], false);
    assert!(find(&v["actions"], theirs).unwrap()["private_note"].is_null());
    assert!(!v.to_string().contains("anggaran desa belum cair"), "never leaked");
    let (s, _) = post(
        &polsek_api,
        &format!("/api/v1/actions/{theirs}/updates"),
        json!({"status": "done"}),
    )
    .await;
    assert_eq!(s, 403, "cannot change another organisation's action");

    // The partner cannot edit the meeting.
    let (s, e) = polsek_api
        .send(
            Method::PUT,
            &m,
            &json!({"title": "Diubah", "host_org_id": pkm, "held_on": "2024-04-30"}),
        )
        .await;
    assert_eq!(s, 403);
    assert_eq!(e["error"]["code"], "forbidden");
    let (s, _) = post(&polsek_api, &format!("{m}/agenda"), json!({"title": "Agenda tambahan"})).await;
    assert_eq!(s, 403);
    let (s, _) = polsek_api
        .send(
            Method::PUT,
            &format!("/api/v1/actions/{ours}"),
            &json!({"what": "Diubah", "owner_org_id": polsek}),
        )
        .await;
    assert_eq!(s, 403, "what was agreed is the host's to edit");

    // Progress, then done; done again changes nothing.
    let (s, _) = post(
        &polsek_api,
        &format!("/api/v1/actions/{ours}/updates"),
        json!({"note": "Tim didampingi Bhabinkamtibmas di 3 dusun", "status": "in_progress"}),
    )
    .await;
    assert_eq!(s, 204);
    let (s, _) = post(
        &polsek_api,
        &format!("/api/v1/actions/{ours}/updates"),
        json!({"status": "done"}),
    )
    .await;
    assert_eq!(s, 204);
    let (_, a1) = polsek_api.get(&format!("/api/v1/actions/{ours}")).await;
    assert_eq!(a1["status"], "done");
    assert_eq!(a1["closed_by"], "polsek");
    let (s, _) = post(
        &polsek_api,
        &format!("/api/v1/actions/{ours}/updates"),
        json!({"status": "done"}),
    )
    .await;
    assert_eq!(s, 204, "closing twice is not an error");
    let (_, a2) = polsek_api.get(&format!("/api/v1/actions/{ours}")).await;
    assert_eq!(a2["updates"], a1["updates"], "and records nothing");
    assert_eq!(a2["closed_at"], a1["closed_at"]);
    let history: Vec<&str> = a2["updates"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|u| u["status_to"].as_str())
        .collect();
    assert_eq!(history, ["planned", "in_progress", "done"]);
    let (s, e) = post(
        &polsek_api,
        &format!("/api/v1/actions/{ours}/updates"),
        json!({"status": "selesai"}),
    )
    .await;
    assert_eq!(s, 422);
    assert_eq!(field_code(&e, "status").as_deref(), Some("choice.unknown"));
    assert!(
        find(&polsek_api.get("/api/v1/commitments").await.1, ours).is_none(),
        "a closed action is no longer open"
    );

    // A district meeting that does not involve the Polsek is not the Polsek's to read.
    let dinkes_api = Api::new(t, Some(t.token("dinkes").await));
    let dinkes = org_id(t, "DINKES-SRL").await;
    let internal = meeting(
        &dinkes_api,
        json!({"title": "Rakor internal Dinkes (API)", "host_org_id": dinkes, "held_on": "2024-03-01"}),
    )
    .await;
    let (s, e) = polsek_api.get(&format!("/api/v1/meetings/{internal}")).await;
    assert_eq!(s, 403);
    assert_eq!(e["error"]["code"], "forbidden");
    assert_eq!(
        polsek_api.get(&format!("/api/v1/meetings/{internal}/actions")).await.0,
        403
    );
    let (_, list) = polsek_api.get("/api/v1/meetings?per_page=500").await;
    assert!(find(&list, internal).is_none() && find(&list, id).is_some());
    assert_eq!(dinkes_api.get("/api/v1/meetings/99999999").await.0, 404);
    // Once invited, the Polsek reads it and may answer for itself only.
    let (s, _) = post(
        &dinkes_api,
        &format!("/api/v1/meetings/{internal}/orgs"),
        json!({"role": "invited", "org_ids": [polsek]}),
    )
    .await;
    assert_eq!(s, 204);
    assert_eq!(polsek_api.get(&format!("/api/v1/meetings/{internal}")).await.0, 200);
    let rsvp = format!("/api/v1/meetings/{internal}/rsvp");
    assert_eq!(
        post(&polsek_api, &rsvp, json!({"org_id": polsek, "answer": "yes"}))
            .await
            .0,
        204
    );
    let s = post(&polsek_api, &rsvp, json!({"org_id": koramil, "answer": "yes"}))
        .await
        .0;
    assert!(s == 403 || s == 422, "not for another organisation: {s}");
    let (_, v) = dinkes_api.get(&format!("/api/v1/meetings/{internal}")).await;
    assert!(
        v["orgs"]
            .as_array()
            .unwrap()
            .iter()
            .any(|o| o["org_id"] == polsek && o["rsvp"] == "yes")
    );
    // The viewer reads but does not write.
    let bupati = Api::new(t, Some(t.token("bupati").await));
    assert_eq!(bupati.get(&m).await.0, 200);
    assert_eq!(
        post(&bupati, &format!("{m}/agenda"), json!({"title": "x"})).await.0,
        403
    );
});

both_fixture!(forums_schedules_and_the_review_through_the_api, async |t: &TestApp| {
    let api = Api::new(t, Some(t.token("puskesmas").await));
    let pkm = org_id(t, "PKM-SRL-03").await;
    let desa = org_id(t, "DESA-1503032002").await;
    let (s, r) = post(
        &api,
        "/api/v1/forums",
        json!({"name": "Lokmin Tribulanan Kec. Sarolangun (API)", "kind": "lokmin_tribulanan", "org_id": pkm}),
    )
    .await;
    assert_eq!(s, 201, "{r}");
    let forum = r["id"].as_i64().unwrap();
    let (s, e) = post(
        &api,
        "/api/v1/forums",
        json!({"name": "X", "kind": "arisan", "org_id": pkm}),
    )
    .await;
    assert_eq!(s, 422);
    assert_eq!(field_code(&e, "kind").as_deref(), Some("choice.unknown"));
    let (_, forums) = api.get("/api/v1/forums").await;
    assert!(find(&forums, forum).is_some());

    let sched = format!("/api/v1/forums/{forum}/schedule");
    let (s, e) = post(&api, &sched, json!({"year": 2025, "weekday": "sat", "nth": 7})).await;
    assert_eq!(s, 422);
    assert_eq!(field_code(&e, "weekday").as_deref(), Some("choice.unknown"));
    assert_eq!(field_code(&e, "nth").as_deref(), Some("choice.unknown"));
    let (s, r) = post(&api, &sched, json!({"year": 2025, "weekday": "tue", "nth": 2})).await;
    assert_eq!(s, 200, "{r}");
    assert_eq!(r["created"].as_array().unwrap().len(), 4, "Feb, May, Aug, Nov");
    let (_, again) = post(&api, &sched, json!({"year": 2025, "weekday": "tue", "nth": 2})).await;
    assert_eq!(again["created"], json!([]), "running it twice adds nothing");
    let (s, f) = api.get(&format!("/api/v1/forums/{forum}")).await;
    assert_eq!(s, 200);
    let meetings = f["meetings"].as_array().unwrap();
    assert_eq!(meetings.len(), 4);
    assert_eq!(meetings[0]["held_on"], "2025-02-11");
    assert_eq!(meetings[0]["first_of_year"], true);
    let first = meetings[0]["id"].as_i64().unwrap();
    let second = meetings[1]["id"].as_i64().unwrap();
    let partner = Api::new(t, Some(t.token("polsek").await));
    assert_eq!(partner.get(&format!("/api/v1/forums/{forum}")).await.0, 403);

    // An action of the first meeting is reviewed at the second, in its current state.
    let (s, r) = post(
        &api,
        &format!("/api/v1/meetings/{first}/actions"),
        json!({"what": "Pendataan balita tidak datang ke Posyandu", "owner_org_id": desa, "due_on": "2025-04-30"}),
    )
    .await;
    assert_eq!(s, 201, "{r}");
    let action = r["id"].as_i64().unwrap();
    let (_, v) = api.get(&format!("/api/v1/meetings/{second}")).await;
    assert_eq!(v["agenda"][0]["title"], "Tinjauan tindak lanjut pertemuan sebelumnya");
    assert_eq!(
        v["review"][0]["meeting_id"], first,
        "grouped by the meeting that agreed it"
    );
    assert_eq!(v["review"][0]["open"][0]["id"], action);
    assert_eq!(v["review"][0]["open"][0]["status"], "planned");
    assert_eq!(v["review"][0]["finished"], json!([]));
    assert_eq!(
        v["review"][0]["open"][0]["can_confirm"], true,
        "the host answers a done"
    );
    let (s, _) = post(
        &api,
        &format!("/api/v1/actions/{action}/updates"),
        json!({"status": "in_progress", "note": "Sudah 2 dusun"}),
    )
    .await;
    assert_eq!(s, 204);
    let (_, v) = api.get(&format!("/api/v1/meetings/{second}")).await;
    assert_eq!(
        v["review"][0]["open"][0]["status"], "in_progress",
        "computed, not copied"
    );

    // The host edits what was agreed; a due date before the meeting is still refused.
    let (s, _) = api
        .send(
            Method::PUT,
            &format!("/api/v1/actions/{action}"),
            &json!({"what": "Pendataan dan kunjungan rumah balita", "owner_org_id": desa, "due_on": "2025-05-31"}),
        )
        .await;
    assert_eq!(s, 204);
    let (s, e) = api
        .send(
            Method::PUT,
            &format!("/api/v1/actions/{action}"),
            &json!({"what": "x", "owner_org_id": desa, "due_on": "2025-01-01"}),
        )
        .await;
    assert_eq!(s, 422);
    assert_eq!(field_code(&e, "due_on").as_deref(), Some("action.due_before_meeting"));
    let (_, a) = api.get(&format!("/api/v1/actions/{action}")).await;
    assert_eq!(a["what"], "Pendataan dan kunjungan rumah balita");
    assert_eq!(a["due_on"], "2025-05-31");

    // The meeting itself can be edited by the host.
    let (s, _) = api
        .send(
            Method::PUT,
            &format!("/api/v1/meetings/{first}"),
            &json!({"title": "Lokmin Penggalangan 2025", "kind": "lokmin_tribulanan", "forum_id": forum,
                    "host_org_id": pkm, "held_on": "2025-02-12", "first_of_year": true}),
        )
        .await;
    assert_eq!(s, 204);
    let (_, v) = api.get(&format!("/api/v1/meetings/{first}")).await;
    assert_eq!(v["meeting"]["title"], "Lokmin Penggalangan 2025");
    assert_eq!(v["meeting"]["held_on"], "2025-02-12");
});

both_fixture!(shortages_and_overdue_through_the_api, async |t: &TestApp| {
    let api = Api::new(t, Some(t.token("dinkes").await));
    let dinkes = org_id(t, "DINKES-SRL").await;
    let rsud = org_id(t, "RSUD-SRL").await;
    let id = meeting(
        &api,
        json!({"title": "Rapat Koordinasi Bidang Kesehatan (API)", "kind": "rakor_kesehatan",
               "host_org_id": dinkes, "held_on": "2023-10-19", "chair": "Pj Bupati"}),
    )
    .await;
    let m = format!("/api/v1/meetings/{id}");
    let mut problems = Vec::new();
    for (title, cat, q) in [
        ("Kekurangan dokter spesialis anak (API)", "staff", Some(2)),
        ("Ambulans desa rusak (API)", "equipment", Some(3)),
    ] {
        let (s, r) = post(
            &api,
            &format!("{m}/problems"),
            json!({"title": title, "category": cat, "quantity": q, "raised_by_org_id": rsud}),
        )
        .await;
        assert_eq!(s, 201, "{r}");
        problems.push(r["id"].as_i64().unwrap());
    }
    let (s, e) = post(
        &api,
        &format!("{m}/problems"),
        json!({"title": "Terlalu banyak", "category": "staff", "quantity": 0}),
    )
    .await;
    assert_eq!(s, 422);
    assert_eq!(field_code(&e, "quantity").as_deref(), Some("quantity.range"));
    let (s, staff) = api.get("/api/v1/shortages?category=staff").await;
    assert_eq!(s, 200);
    let row = find(&staff, problems[0]).expect("staff shortage listed");
    assert_eq!(row["quantity"], 2);
    assert_eq!(row["meeting_id"], id);
    assert!(find(&staff, problems[1]).is_none(), "filtered by category");
    let (s, e) = api.get("/api/v1/shortages?category=snacks").await;
    assert_eq!(s, 422);
    assert_eq!(field_code(&e, "category").as_deref(), Some("choice.unknown"));
    let partner = Api::new(t, Some(t.token("polsek").await));
    assert!(
        find(&partner.get("/api/v1/shortages").await.1, problems[0]).is_none(),
        "not invited, not shown"
    );

    // An open action past its due date shows up under the owner's sector.
    let (s, r) = post(
        &api,
        &format!("{m}/actions"),
        json!({"what": "Perbaikan ambulans (API)", "problem_id": problems[1], "owner_org_id": rsud,
               "due_on": "2023-11-30"}),
    )
    .await;
    assert_eq!(s, 201, "{r}");
    let late = r["id"].as_i64().unwrap();
    let (s, r) = post(
        &api,
        &format!("{m}/actions"),
        json!({"what": "Usulan formasi dokter spesialis (API)", "owner_org_id": dinkes, "due_on": "2023-12-31"}),
    )
    .await;
    assert_eq!(s, 201);
    let closed = r["id"].as_i64().unwrap();
    let (s, _) = post(
        &api,
        &format!("/api/v1/actions/{closed}/updates"),
        json!({"status": "done"}),
    )
    .await;
    assert_eq!(s, 204);
    let (s, groups) = api.get("/api/v1/actions/overdue").await;
    assert_eq!(s, 200);
    let mut seen = Vec::new();
    for g in groups.as_array().unwrap() {
        for o in g["orgs"].as_array().unwrap() {
            for a in o["actions"].as_array().unwrap() {
                assert_eq!(a["overdue"], true);
                seen.push((g["sector"].clone(), o["name"].clone(), a["id"].as_i64().unwrap()));
            }
        }
    }
    let hit = seen.iter().find(|s| s.2 == late).expect("overdue action listed");
    assert_eq!(hit.0, "health");
    assert_eq!(hit.1, "RSUD Prof. Dr. H. M. Chatib Quzwain");
    assert!(!seen.iter().any(|s| s.2 == closed), "a done action is not overdue");
    // Due in a month: the open ones due that month, grouped the same way; a done one is not.
    let due_ids = async |month: &str| -> Vec<i64> {
        let (s, groups) = api.get(&format!("/api/v1/actions/due?month={month}")).await;
        assert_eq!(s, 200);
        groups
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|g| g["orgs"].as_array().unwrap().iter())
            .flat_map(|o| o["actions"].as_array().unwrap().iter())
            .map(|a| a["id"].as_i64().unwrap())
            .collect()
    };
    let november = due_ids("2023-11").await;
    assert!(november.contains(&late), "due 2023-11-30: {november:?}");
    let december = due_ids("2023-12").await;
    assert!(!december.contains(&closed), "done: not due");
    assert!(!december.contains(&late), "due in November");
    let (s, e) = api.get("/api/v1/actions/due?month=November").await;
    assert_eq!(s, 422);
    assert_eq!(field_code(&e, "month").as_deref(), Some("month.format"));
    let (_, sh) = api.get("/api/v1/shortages?category=equipment").await;
    assert_eq!(find(&sh, problems[1]).unwrap()["open_actions"], 1);
});

both_fixture!(openapi_documents_the_coordination_api, async |t: &TestApp| {
    let (s, doc) = Api::new(t, None).get("/api/v1/openapi.json").await;
    assert_eq!(s, 200);
    let paths = doc["paths"].as_object().unwrap();
    for p in [
        "/api/v1/forums",
        "/api/v1/forums/{id}",
        "/api/v1/forums/{id}/schedule",
        "/api/v1/meetings",
        "/api/v1/meetings/{id}",
        "/api/v1/meetings/{id}/status",
        "/api/v1/meetings/{id}/orgs",
        "/api/v1/meetings/{id}/rsvp",
        "/api/v1/meetings/{id}/attendance",
        "/api/v1/meetings/{id}/attendance/{attendee_id}",
        "/api/v1/meetings/{id}/agenda",
        "/api/v1/meetings/{id}/agenda/{item_id}",
        "/api/v1/meetings/{id}/agreements-reached",
        "/api/v1/meetings/{id}/problems",
        "/api/v1/meetings/{id}/actions",
        "/api/v1/problems/{id}/causes",
        "/api/v1/problems/{id}/scores",
        "/api/v1/shortages",
        "/api/v1/actions/{id}",
        "/api/v1/actions/{id}/updates",
        "/api/v1/actions/overdue",
        "/api/v1/actions/due",
        "/api/v1/commitments",
    ] {
        assert!(paths.contains_key(p), "{p} documented");
    }
    assert_eq!(
        paths["/api/v1/meetings/{id}/actions"]["post"]["operationId"],
        "action_create"
    );
    assert!(paths["/api/v1/meetings/{id}/attendance/{attendee_id}"]["delete"].is_object());
    let schemas = doc["components"]["schemas"].as_object().unwrap();
    for s in [
        "MeetingViewDto",
        "ActionDto",
        "ProblemDto",
        "AttendanceBody",
        "NewMeetingBody",
    ] {
        assert!(schemas.contains_key(s), "{s} schema");
    }
    assert!(
        schemas["ActionDto"]["properties"]["private_note"].is_object(),
        "private_note documented"
    );
});
