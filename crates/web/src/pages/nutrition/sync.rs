//! `POST /sync`: the entries a kader's phone kept while it had no signal (measurements and
//! registrations), each applied exactly once under its idempotency key by `app::sync`, each
//! with its own answer — stored (with the result in words, as the child's page shows it),
//! refused (the messages, naming the field, in the reader's language), needs a decision
//! (merged child, possible duplicate), or retry later. One entry's failure never loses the
//! others.
//!
//! A page route: the session cookie, and the CSRF token in an `X-CSRF-Token` header or a
//! `_csrf` field of the body. The body is JSON:
//!
//! ```text
//! {"entries": [
//!   {"key": "<uuid>", "kind": "measurement", "child_id": 12,          // or "child_key": "<key of a registration>"
//!    "measured_on": "2024-06-07", "weight": "9,1", "height": "74", "position": "L",
//!    "oedema": "", "muac": "", "head": ""},
//!   {"key": "<uuid>", "kind": "child", "posyandu_id": "5", "name": "…", "sex": "P",
//!    "birth_date": "2024-06-01", "nik": "", "mother_name": "…", "rt": "", "rw": "",
//!    "address": "", "has_kia": "on", "confirm_new": ""}
//! ]}
//! ```
//!
//! Field values are the form's (text as typed, a decimal comma or point). The answer is
//! `{"results": [...]}`, one per entry in order, each with its `key` and `status`: `stored`
//! (`replay`, `result`: `kind`, `id`, `child_id`, `name`, `lines`, `notes`, and for a
//! measurement `concerns`, `refer` and `advice` — counselling or rujuk, as the result screen
//! says it — …), `refused`
//! (`errors`: `field`, `label`, `message`; `message`), `decide` (`reason`: `merged` with
//! `into` {`id`, `name`}, or `duplicate` with `candidates` and `may_register_anyway`;
//! `message`) or `retry` (`message`).

use super::*;
use crate::ctx::Visitor;
use app::sync::{Decision, Done, Entry, Outcome};
use axum::Json;
use axum::body::Bytes;
use axum::http::HeaderMap;
use domain::sync::SyncKind;
use serde_json::{Value, json};
use std::collections::BTreeMap;

/// Largest body accepted (a batch of entries is a few kilobytes).
pub const MAX_SYNC_BYTES: usize = 256 * 1024;

#[derive(Deserialize)]
struct SyncBody {
    #[serde(default)]
    entries: Vec<Value>,
    #[serde(default, rename = "_csrf")]
    csrf: String,
}

fn whole(status: StatusCode, lang: Lang, code: &'static str, key: &str) -> Response {
    (
        status,
        Json(json!({"error": {"code": code, "message": crate::i18n::text(lang, key)}})),
    )
        .into_response()
}

/// POST /sync.
pub async fn sync(State(st): State<AppState>, s: SignedIn, headers: HeaderMap, body: Bytes) -> Response {
    let lang = s.visitor.lang;
    let Ok(parsed) = serde_json::from_slice::<SyncBody>(&body) else {
        // Judged before the token: a body that does not read says nothing about anyone.
        return whole(StatusCode::BAD_REQUEST, lang, "bad_request", "offline.bad_request");
    };
    let token = headers
        .get("x-csrf-token")
        .and_then(|v| v.to_str().ok())
        .filter(|v| !v.is_empty())
        .unwrap_or(parsed.csrf.as_str());
    if !app::auth::csrf_ok(&st.app, &s.visitor.binding, token) {
        return crate::error::PageError::Csrf.into_response();
    }
    if !app::nutrition::reads_names(&s.actor) {
        return crate::error::PageError::App(app::AppError::Forbidden).into_response();
    }
    if parsed.entries.len() > domain::sync::MAX_ENTRIES {
        return whole(StatusCode::PAYLOAD_TOO_LARGE, lang, "too_many", "offline.too_many");
    }
    let mut results = Vec::with_capacity(parsed.entries.len());
    for raw in &parsed.entries {
        results.push(one(&st, &s, raw).await);
    }
    Json(json!({ "results": results })).into_response()
}

/// The entry's fields as text, by name (numbers written as numbers are read as their text).
fn fields(raw: &Value) -> BTreeMap<String, Value> {
    raw.as_object()
        .map(|o| o.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
        .unwrap_or_default()
}

fn text_of(f: &BTreeMap<String, Value>, name: &str) -> String {
    match f.get(name) {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        Some(Value::Bool(true)) => "on".into(),
        _ => String::new(),
    }
}

/// One entry's answer; never an error for the whole request.
async fn one(st: &AppState, s: &SignedIn, raw: &Value) -> Value {
    let lang = s.visitor.lang;
    let mut f = fields(raw);
    let key = text_of(&f, "key");
    let answer = |status: &str, mut v: Value| {
        v["key"] = json!(key);
        v["status"] = json!(status);
        v
    };
    if let Err(code) = domain::sync::check_key(&key) {
        return answer("refused", refusal(lang, &Invalid::one("key", code)));
    }
    let kind = match SyncKind::parse(&text_of(&f, "kind")) {
        Ok(k) => k,
        Err(code) => return answer("refused", refusal(lang, &Invalid::one("kind", code))),
    };
    // The body as it identifies the entry: every field but the key, in a fixed order.
    f.remove("key");
    let hash = app::sync::body_hash(&Value::Object(f.clone().into_iter().collect()).to_string());
    match app::sync::replayed(&st.app, &s.actor, &key, kind, &hash).await {
        Ok(Some(result)) => return answer("stored", json!({"replay": true, "result": result})),
        Ok(None) => {}
        Err(e) => return answer_error(lang, e, answer),
    }
    match apply(st, s, &key, &hash, kind, &f).await {
        Ok(Outcome::Stored { result, replay }) => answer("stored", json!({"replay": replay, "result": result})),
        Ok(Outcome::Decide(d)) => answer("decide", decision(&s.visitor, d)),
        Err(e) => answer_error(lang, e, answer),
    }
}

fn answer_error(lang: Lang, e: app::AppError, answer: impl Fn(&str, Value) -> Value) -> Value {
    let t = |k: &str| crate::i18n::text(lang, k).to_string();
    match e {
        app::AppError::Invalid(inv) if inv.0.iter().any(|x| x.code == "conflict") => {
            // Two writers met (a unique row written at once): the phone tries again.
            answer("retry", json!({"message": t("offline.retry")}))
        }
        app::AppError::Invalid(inv) => answer("refused", refusal(lang, &inv)),
        app::AppError::NotFound => answer("refused", refusal(lang, &Invalid::one("child_id", "error.not_found"))),
        app::AppError::Forbidden => answer("refused", refusal(lang, &Invalid::one("child_id", "error.forbidden"))),
        other => {
            tracing::error!(error = %other, "sync entry");
            answer("retry", json!({"message": t("offline.retry")}))
        }
    }
}

/// Reads the entry as its form would and applies it.
async fn apply(
    st: &AppState,
    s: &SignedIn,
    key: &str,
    hash: &str,
    kind: SyncKind,
    f: &BTreeMap<String, Value>,
) -> Result<Outcome, app::AppError> {
    let lang = s.visitor.lang;
    let today = st.app.clock().today_for(&s.actor);
    match kind {
        SyncKind::Measurement => {
            let child_key = text_of(f, "child_key");
            let child_id = if child_key.is_empty() {
                text_of(f, "child_id")
                    .trim()
                    .parse::<i64>()
                    .map_err(|_| Invalid::one("child_id", "required"))?
            } else {
                app::sync::registered_child(&st.app, &s.actor, &child_key).await?
            };
            let birth = app::nutrition::birth_date(&st.app, &s.actor, child_id).await?;
            let form = MeasurementForm {
                measured_on: text_of(f, "measured_on"),
                weight: text_of(f, "weight"),
                height: text_of(f, "height"),
                position: text_of(f, "position"),
                oedema: text_of(f, "oedema"),
                muac: text_of(f, "muac"),
                head: text_of(f, "head"),
            };
            let input = form.input(birth, today)?;
            let entry = Entry::Measurement {
                child_id,
                input: &input,
            };
            app::sync::apply(&st.app, &s.actor, key, hash, entry, |d| words(lang, d)).await
        }
        SyncKind::Child => {
            let form = ChildForm {
                name: text_of(f, "name"),
                sex: text_of(f, "sex"),
                birth_date: text_of(f, "birth_date"),
                nik: text_of(f, "nik"),
                birth_weight: text_of(f, "birth_weight"),
                birth_length: text_of(f, "birth_length"),
                mother_name: text_of(f, "mother_name"),
                mother_nik: text_of(f, "mother_nik"),
                kk_number: text_of(f, "kk_number"),
                posyandu_id: text_of(f, "posyandu_id"),
                rt: text_of(f, "rt"),
                rw: text_of(f, "rw"),
                address: text_of(f, "address"),
                has_kia: text_of(f, "has_kia"),
                as_of: text_of(f, "as_of"),
            };
            let input = form.input(today)?;
            let confirm_new = matches!(text_of(f, "confirm_new").trim(), "1" | "on" | "true");
            let entry = Entry::Child {
                input: &input,
                confirm_new,
            };
            app::sync::apply(&st.app, &s.actor, key, hash, entry, |d| words(lang, d)).await
        }
    }
}

/// The result the phone shows, in words: for a measurement what the child's page shows after
/// saving (weight and length, N/T against the KBM, the z-scores in words, the notes to act on).
fn words(lang: Lang, d: &Done) -> Value {
    let t = |k: &str| crate::i18n::text(lang, k).to_string();
    match d {
        Done::Measurement { child, row, concerns } => {
            let r = mrow(lang, row);
            let or_dash = |v: &str| if v.is_empty() { "—".to_string() } else { v.to_string() };
            let mut lines = vec![format!(
                "{} {} · {} {}",
                t("measure.weight_short"),
                or_dash(&r.weight),
                t("measure.height_short"),
                or_dash(&r.height)
            )];
            if !r.trend.is_empty() {
                lines.push(format!("N/T: {} — {}", r.trend, r.trend_text));
            }
            lines.push(format!("TB/U: z {} {}", r.haz, r.haz_cat).trim_end().to_string());
            lines.push(format!("BB/U: z {} {}", r.waz, r.waz_cat).trim_end().to_string());
            lines.push(format!("BB/TB: z {} {}", r.whz, r.whz_cat).trim_end().to_string());
            let mut notes = Vec::new();
            if r.flagged {
                notes.push(format!(
                    "{}: {} ({})",
                    t("measure.recheck"),
                    t("measure.recheck_hint"),
                    r.flags
                ));
            }
            if r.oedema {
                notes.push(t("measure.oedema_present"));
            }
            if r.stunted {
                notes.push(t("measure.stunted_note"));
            }
            if r.bgm {
                notes.push(t("measure.bgm_note"));
            }
            // What the result screen advises: counselling at meja 4, or rujuk (2T, BGM,
            // stunting, wasting) to the health worker and the Puskesmas.
            let refer = concerns.iter().any(|c| c.refer());
            let advice = if concerns.is_empty() {
                String::new()
            } else {
                let head = t(if refer {
                    "day.refer_advice"
                } else {
                    "day.counsel_advice"
                });
                format!("{head} {}", crate::pages::day::concern_words(lang, concerns))
            };
            json!({
                "kind": "measurement",
                "id": r.id,
                "child_id": child.id,
                "name": child.name,
                "date": row.m.measured_on,
                "trend": r.trend,
                "stunted": r.stunted,
                "bgm": r.bgm,
                "flagged": r.flagged,
                "refer": refer,
                "concerns": concerns.iter().map(|c| c.key()).collect::<Vec<_>>(),
                "advice": advice,
                "lines": lines,
                "notes": notes,
            })
        }
        Done::Child { id, input } => json!({
            "kind": "child",
            "id": id,
            "child_id": id,
            "name": input.name,
            "lines": [crate::i18n::fill(lang, "offline.registered", &[("name", &input.name)])],
            "notes": [],
        }),
    }
}

/// A refusal: each message beside the field it names, in the reader's language.
fn refusal(lang: Lang, inv: &Invalid) -> Value {
    let errs = Errs::new(lang, inv.clone());
    let mut seen: Vec<&str> = Vec::new();
    let mut errors = Vec::new();
    for e in &inv.0 {
        if seen.contains(&e.field.as_str()) {
            continue;
        }
        seen.push(&e.field);
        let label = label(lang, &e.field);
        let message = errs.on(&e.field).unwrap_or_default();
        errors.push(json!({"field": e.field, "label": label, "message": message}));
    }
    let message = errors
        .iter()
        .map(|e| {
            format!(
                "{}: {}",
                e["label"].as_str().unwrap_or(""),
                e["message"].as_str().unwrap_or("")
            )
        })
        .collect::<Vec<_>>()
        .join(" · ");
    json!({"errors": errors, "message": message})
}

/// The label of a form field as the forms show it.
fn label(lang: Lang, field: &str) -> String {
    let key = match field {
        "measured_on" => "measure.date",
        "weight" => "measure.weight",
        "height" => "measure.height",
        "position" => "measure.position",
        "oedema" => "measure.oedema",
        "muac" => "measure.muac",
        "head" => "measure.head",
        "name" | "child" | "child_id" | "child_key" => "children.name",
        "sex" => "children.sex",
        "birth_date" => "children.birth_date",
        "nik" => "children.nik",
        "mother_name" => "children.mother_name",
        "mother_nik" => "children.mother_nik",
        "kk_number" => "children.kk",
        "birth_weight" => "children.birth_weight",
        "birth_length" => "children.birth_length",
        "address" => "common.address",
        "as_of" => "children.as_of",
        "key" => "offline.entry_key",
        "kind" => "offline.entry_kind",
        "rt" => return "RT".into(),
        "rw" => return "RW".into(),
        "posyandu_id" => return "Posyandu".into(),
        other => return other.to_string(),
    };
    crate::i18n::text(lang, key).to_string()
}

/// What the kader is asked to decide, in words.
fn decision(v: &Visitor, d: Decision) -> Value {
    let lang = v.lang;
    match d {
        Decision::Merged { child, into } => json!({
            "reason": "merged",
            "child_id": child.id,
            "into": {"id": into.id, "name": into.name},
            "message": crate::i18n::fill(lang, "offline.merged", &[
                ("name", &child.name),
                ("into", &into.name),
                ("id", &into.id.to_string()),
            ]),
        }),
        Decision::Duplicates {
            children,
            may_register_anyway,
        } => {
            let names = children
                .iter()
                .map(|c| {
                    format!(
                        "{} ({} {})",
                        c.name,
                        crate::i18n::text(lang, "children.born"),
                        c.birth_date.format("%d/%m/%Y")
                    )
                })
                .collect::<Vec<_>>()
                .join(", ");
            let key = if may_register_anyway {
                "offline.duplicate"
            } else {
                "offline.duplicate_same_nik"
            };
            json!({
                "reason": "duplicate",
                "may_register_anyway": may_register_anyway,
                "candidates": children.iter().map(|c| json!({
                    "id": c.id,
                    "name": c.name,
                    "birth_date": c.birth_date,
                    "mother": c.mother_name,
                    "posyandu": c.posyandu_name,
                })).collect::<Vec<_>>(),
                "message": crate::i18n::fill(lang, key, &[("names", &names)]),
            })
        }
    }
}
