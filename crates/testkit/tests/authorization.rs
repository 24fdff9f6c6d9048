//! The authorization matrix: every route of the router (pages and API, every method it
//! answers), for every role and for anonymous visitors, on an object inside the role's area
//! and on one outside it, against the answer the access rule gives. A route added to the
//! router without an entry here fails the test. Both databases.
//!
//! Worlds (where the objects live):
//! - A: the kader login's Posyandu Dusun Sarolangun under Puskesmas Sarolangun (15.03.03)
//! - K: Posyandu Pasar Sarolangun under the other Puskesmas of that kecamatan (Sarolangun Kota)
//! - X: a Posyandu of another district (Kabupaten Kerinci, 15.01)
//! - P: Polsek Sarolangun (the partner login's organisation)
//!
//! What each role reaches: admin everything; dinkes and viewer the district (A, K, P; the
//! viewer reads only); puskesmas A, and reads (not writes) P, its kecamatan's partner; kader
//! A; partner P. Children are read by name by admin, dinkes, puskesmas and kader only.
//!
//! Answers are classed: `Ok` (2xx, a redirect elsewhere than the login page, or a 4xx that is
//! not a refusal — the request reached the rules and was judged on its content), `Denied`
//! (403 or 404) and `Login` (a redirect to the login page, or 401 from the API).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use lintas_testkit::http::{Api, Client};
use lintas_testkit::org_id;
use lintas_testkit::{TestApp, both_http};
use reqwest::Method;
use serde_json::{Value, json};
use std::collections::HashMap;

#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
enum W {
    A,
    K,
    X,
    P,
}

#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
enum Who {
    Anon,
    Admin,
    Dinkes,
    Puskesmas,
    Kader,
    Partner,
    Viewer,
}

const WHO: [Who; 7] = [
    Who::Anon,
    Who::Admin,
    Who::Dinkes,
    Who::Puskesmas,
    Who::Kader,
    Who::Partner,
    Who::Viewer,
];

impl Who {
    fn username(self) -> &'static str {
        match self {
            Who::Anon => "",
            Who::Admin => "admin",
            Who::Dinkes => "dinkes",
            Who::Puskesmas => "puskesmas",
            Who::Kader => "kader",
            Who::Partner => "polsek",
            Who::Viewer => "bupati",
        }
    }
    /// (inside, outside) worlds.
    fn worlds(self) -> (W, W) {
        match self {
            Who::Anon | Who::Admin | Who::Dinkes | Who::Viewer => (W::A, W::X),
            Who::Puskesmas | Who::Kader => (W::A, W::K),
            Who::Partner => (W::P, W::K),
        }
    }
    fn reads(self, w: W) -> bool {
        match self {
            Who::Anon => false,
            Who::Admin => true,
            Who::Dinkes | Who::Viewer => w != W::X,
            Who::Puskesmas => matches!(w, W::A | W::P),
            Who::Kader => w == W::A,
            Who::Partner => w == W::P,
        }
    }
    fn writes(self, w: W) -> bool {
        match self {
            Who::Anon | Who::Viewer => false,
            Who::Admin => true,
            Who::Dinkes => w != W::X,
            Who::Puskesmas | Who::Kader => w == W::A,
            Who::Partner => w == W::P,
        }
    }
    fn reads_names(self) -> bool {
        matches!(self, Who::Admin | Who::Dinkes | Who::Puskesmas | Who::Kader)
    }
    fn sees_district_views(self) -> bool {
        matches!(self, Who::Admin | Who::Dinkes | Who::Puskesmas | Who::Viewer)
    }
}

/// What a path's `{id}` names.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
enum Kind {
    Org,
    Person,
    Position,
    Forum,
    Meeting,
    Problem,
    Action,
    File,
    Agreement,
    Obligation,
    Child,
    Posyandu,
    User,
    Token,
    Import,
    /// A Puskesmas, for its coverage figures (the partner's world has none: it reads as the
    /// other Puskesmas's).
    Puskesmas,
    /// A desa (its Kemendagri code in the path): the one of the world's Posyandu.
    Desa,
    /// A plan (RPK 2030) of the world's Puskesmas, with one activity (`{activity}`).
    Plan,
}

/// The access rule a route follows.
#[derive(Clone, Copy, Debug)]
enum Rule {
    /// Everyone, signed in or not.
    Public,
    /// Every signed-in account (lists are filtered by area; one's own account).
    SignedIn,
    /// A username and password (wrong, here): 401 for everyone.
    Credentials,
    /// The one-time setup, done long ago: refused for everyone.
    SetupDone,
    /// Administrators only.
    Admin,
    /// Every account that writes at all (a form that creates something): viewers refused.
    Writers,
    /// Administrators and dinkes (redrawing a wilayah kerja).
    District,
    /// Accounts that record measurements (admin, dinkes, puskesmas, kader).
    Recorders,
    /// Accounts that record measurements, on their own object of this kind.
    RecordersOn(Kind),
    /// Reading the object.
    Read(Kind),
    /// Writing the object.
    Write(Kind),
    /// Reading a child by name.
    Names,
    /// Reading the children of this object by name (a Posyandu's day, its register).
    NamesOn(Kind),
    /// Writing a child (by name).
    NamesWrite,
    /// Moving a child: admin, dinkes, puskesmas of its area.
    Move,
    /// Creating an organisation: admin, dinkes, and a Puskesmas in its reach.
    CreateOrg,
    /// Answering an invitation: for one's own organisation only.
    Rsvp,
    /// Creating a record for the organisation named in the body (a meeting's host, a
    /// person's position, an agreement's party): done for those who write for it; refused
    /// for others — 403, or 422 naming the field, as for an organisation that does not exist
    /// (it does not confirm that it does).
    WriteRef(Kind),
    /// A batch of agreements for the host named in the body: judged on its content for those
    /// who write for the host, never done for others.
    BatchFor,
    /// One's own API token (another account's answers 404).
    OwnToken,
    /// Approving coverage targets and keeping the catalogue: admin and dinkes.
    Approvers,
    /// A Puskesmas's coverage figures: read (`false`) by admin, dinkes, viewers and the
    /// Puskesmas who read it; written (`true`) by admin, dinkes and the Puskesmas who write it.
    Coverage(bool),
    /// The district views of coverage monitoring (PWS, report completeness): admin, dinkes,
    /// viewer and Puskesmas, each within its area; kader and partners are refused.
    DistrictViews,
    /// A district view of one object: those accounts, on an object they read.
    DistrictViewsOn(Kind),
    /// The Dinkes's verification of a Puskesmas's PKP: admin and dinkes, on a Puskesmas they
    /// write.
    PkpReview,
    /// A plan of a Puskesmas: read (`false`) and written (`true`) as its coverage figures.
    PlanOf(bool),
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Answer {
    Ok,
    Denied,
    Login,
    /// Done: 2xx, or a redirect elsewhere than the login page.
    Success,
    /// Not done: refused (403/404) or judged invalid (400, 409, 422).
    Refused,
}

/// Whether the answer with `status` is what `want` asks for.
fn agrees(want: Answer, got: Answer, status: u16) -> bool {
    match want {
        Answer::Success => got == Answer::Ok && status < 400,
        Answer::Refused => got != Answer::Ok || status >= 400,
        _ => want == got,
    }
}

fn expected(who: Who, rule: Rule, w: W, api: bool, method: &Method) -> Answer {
    use Answer::*;
    if who == Who::Anon {
        return match rule {
            Rule::Public => Ok,
            Rule::Credentials => Refused,
            Rule::SetupDone => Denied,
            _ => Login,
        };
    }
    let _ = (api, method);
    let yes = |b: bool| if b { Ok } else { Denied };
    match rule {
        Rule::Credentials => Refused,
        Rule::SetupDone => Denied,
        Rule::Public | Rule::SignedIn => Ok,
        Rule::Admin => yes(who == Who::Admin),
        Rule::Writers => yes(who != Who::Viewer),
        Rule::District => yes(matches!(who, Who::Admin | Who::Dinkes) && who.writes(w)),
        Rule::Recorders => yes(who.reads_names()),
        Rule::RecordersOn(Kind::Import) => yes(who.reads_names() && w == who.worlds().0),
        Rule::RecordersOn(_) => yes(who.reads_names() && who.writes(w)),
        Rule::Read(_) => yes(who.reads(w)),
        Rule::Write(_) => yes(who.writes(w)),
        Rule::Names => yes(who.reads_names() && who.reads(w)),
        Rule::NamesOn(_) => yes(who.reads_names() && who.reads(w)),
        Rule::NamesWrite => yes(who.reads_names() && who.writes(w)),
        Rule::Move => yes(matches!(who, Who::Admin | Who::Dinkes | Who::Puskesmas) && who.writes(w)),
        Rule::CreateOrg => yes(matches!(who, Who::Admin | Who::Dinkes | Who::Puskesmas) && who.writes(w)),
        Rule::Rsvp => yes(matches!(who, Who::Kader | Who::Partner) && w == who.worlds().0),
        Rule::DistrictViews => yes(who.sees_district_views()),
        Rule::DistrictViewsOn(_) => yes(who.sees_district_views() && who.reads(w)),
        Rule::OwnToken => yes(w == who.worlds().0),
        Rule::WriteRef(_) if who.writes(w) => Success,
        Rule::WriteRef(_) => Refused,
        Rule::BatchFor if who.writes(w) => Ok,
        Rule::BatchFor => Refused,
        Rule::Approvers => yes(matches!(who, Who::Admin | Who::Dinkes)),
        Rule::PkpReview => {
            let w = if w == W::P { W::K } else { w };
            yes(matches!(who, Who::Admin | Who::Dinkes) && who.writes(w))
        }
        Rule::Coverage(write) | Rule::PlanOf(write) => {
            let w = if w == W::P { W::K } else { w };
            if write {
                yes(matches!(who, Who::Admin | Who::Dinkes | Who::Puskesmas) && who.writes(w))
            } else {
                yes(matches!(who, Who::Admin | Who::Dinkes | Who::Viewer | Who::Puskesmas) && who.reads(w))
            }
        }
    }
}

/// The rule of every (method, path) the router answers. `None`: the route is missing here.
fn rule(method: &Method, path: &str) -> Option<Rule> {
    use Kind::*;
    use Rule::*;
    let get = method == Method::GET;
    let r = match path {
        "/login" | "/api/v1/auth/token" if !get => Credentials,
        "/setup" if !get => SetupDone,
        "/healthz"
        | "/static/style.css"
        | "/static/print.css"
        | "/static/app.js"
        | "/static/import.js"
        | "/static/offline.js"
        | "/static/icon.svg"
        | "/manifest.webmanifest"
        | "/sw.js"
        | "/login"
        | "/lang"
        | "/setup"
        | "/api/v1/openapi.json" => Public,
        // public figures: anyone, signed in or not; their settings for admin and dinkes, each
        // district's by its own office
        "/publik" | "/publik/cari" | "/publik/{code}" | "/publik/{code}/data.csv" | "/publik/{code}/stunting.svg" => {
            Public
        }
        "/publik/settings" if get => Approvers,
        "/publik/settings" => District,
        "/logout" | "/" | "/regions" | "/regions/{code}" | "/account" | "/account/password" | "/account/tokens" => {
            SignedIn
        }
        "/account/tokens/{id}/revoke" => OwnToken,
        "/organizations" | "/api/v1/organizations" if !get => CreateOrg,
        "/people" | "/forums" | "/meetings" | "/agreements" | "/api/v1/people" | "/api/v1/forums"
        | "/api/v1/meetings" | "/api/v1/agreements"
            if !get =>
        {
            WriteRef(Org)
        }
        "/api/v1/agreements/batch" => BatchFor,
        "/children" if !get => NamesWrite,
        "/users" if !get => Admin,
        "/meetings/new" | "/agreements/new" => Writers,
        "/organizations"
        | "/organizations/new"
        | "/people"
        | "/people/new"
        | "/forums"
        | "/meetings"
        | "/commitments"
        | "/notices"
        | "/notices/read"
        | "/overdue"
        | "/due"
        | "/shortages"
        | "/agreements"
        | "/agreements.csv"
        | "/agreements.xlsx"
        | "/agreements/expiring"
        | "/agreements/batch"
        | "/nutrition"
        | "/nutrition.csv"
        | "/nutrition/print"
        | "/posyandu"
        | "/posyandu.csv"
        | "/coverage/indicators" => SignedIn,
        "/coverage/pws"
        | "/coverage/pws.csv"
        | "/coverage/pws.xlsx"
        | "/coverage/pws/print"
        | "/coverage/completeness" => DistrictViews,
        "/coverage/desa/{code}" => DistrictViewsOn(Desa),
        // the district scorecard: the district for admin, dinkes and viewers, its own desa
        // for a Puskesmas (domain::access::scorecard_reach), refused to kader and partners
        "/scorecard" | "/scorecard.xlsx" | "/scorecard/print" => DistrictViews,
        // coverage: SPM report (as /api/v1/spm) and catalogue editing
        "/coverage/spm" | "/coverage/spm.csv" | "/coverage/spm.xlsx" | "/coverage/spm/print" => DistrictViews,
        "/coverage/indicators/new" => Approvers,
        "/users" | "/users/new" | "/users/{id}" | "/users/{id}/edit" | "/audit" | "/nutrition/visitor-rule" => Admin,
        "/organizations/{id}" if get => Read(Org),
        "/organizations/{id}" | "/organizations/{id}/edit" => Write(Org),
        "/organizations/{id}/wilayah-kerja" => District,
        "/people/{id}" if get => Read(Person),
        "/people/{id}" | "/people/{id}/edit" | "/people/{id}/positions" => Write(Person),
        "/positions/{id}/end" => Write(Position),
        "/forums/{id}" => Read(Forum),
        "/forums/{id}/schedule" | "/forums/{id}/members" => Write(Forum),
        "/meetings/{id}"
        | "/meetings/{id}/attendance/print"
        | "/meetings/{id}/rtl"
        | "/meetings/{id}/rtl.csv"
        | "/meetings/{id}/rtl.xlsx"
        | "/meetings/{id}/berita-acara"
        | "/meetings/{id}/invitation"
        | "/meetings/{id}/notulen"
            if get =>
        {
            Read(Meeting)
        }
        "/meetings/{id}/rsvp" | "/api/v1/meetings/{id}/rsvp" => Rsvp,
        "/meetings/{id}"
        | "/meetings/{id}/edit"
        | "/meetings/{id}/status"
        | "/meetings/{id}/orgs"
        | "/meetings/{id}/people"
        | "/meetings/{id}/agenda"
        | "/meetings/{id}/agenda/{item}"
        | "/meetings/{id}/attendance"
        | "/meetings/{id}/attendance/preview"
        | "/meetings/{id}/attendance/{a}/delete"
        | "/meetings/{id}/problems"
        | "/meetings/{id}/actions"
        | "/meetings/{id}/agreements"
        | "/meetings/{id}/files"
        | "/meetings/{id}/proposals/accept"
        | "/meetings/{id}/proposals/dismiss" => Write(Meeting),
        "/files/{id}" => Read(File),
        "/problems/{id}/causes" | "/problems/{id}/scores" => Write(Problem),
        "/actions/{id}" if get => Read(Action),
        "/actions/{id}/updates" => Write(Action),
        // the host's answer to a "done" (each world's action is owned by its meeting's host)
        "/actions/{id}/confirm" | "/actions/{id}/reopen" => Write(Action),
        "/agreements/{id}" | "/agreements/{id}/print" if get => Read(Agreement),
        "/agreements/{id}"
        | "/agreements/{id}/edit"
        | "/agreements/{id}/status"
        | "/agreements/{id}/renew"
        | "/agreements/{id}/obligations"
        | "/agreements/{id}/meetings"
        | "/agreements/{id}/meetings/{m}/unlink"
        | "/agreements/{id}/files" => Write(Agreement),
        "/obligations/{id}/delete"
        | "/obligations/{id}/actions"
        | "/obligations/{id}/actions/new"
        | "/obligations/{id}/actions/{a}/unlink" => Write(Obligation),
        "/children" | "/children.csv" | "/children.xlsx" | "/children/new" | "/followup" | "/followup.csv"
        | "/followup.xlsx" | "/followup/print" | "/import" => Recorders,
        "/children/{id}" | "/children/{id}/measure" if get => Names,
        "/children/{id}/edit" if get => NamesWrite,
        "/children/{id}/move" => Move,
        "/children/{id}/edit" | "/children/{id}/merge" | "/children/{id}/measurements" | "/children/{id}/followup" => {
            NamesWrite
        }
        "/posyandu/{id}" => Read(Posyandu),
        // offline: the offline page and the queue sent back are for the accounts that record
        // measurements (each entry judged on its own inside the answer); the phone's copy of a
        // Posyandu's list for those who record there
        "/offline" | "/sync" => Recorders,
        "/posyandu/{id}/offline.json" => RecordersOn(Posyandu),
        "/posyandu/{id}/edit" => Write(Posyandu),
        // posyandu day (kept together): the Posyandu's children by name, a child's KMS
        "/posyandu/{id}/day" | "/posyandu/{id}/day/summary" | "/posyandu/{id}/day/register" => NamesOn(Posyandu),
        "/children/{id}/kms" => Names,
        // coverage: write pages (the Puskesmas named in the query, `?puskesmas=`)
        "/coverage/entry" | "/coverage/targets" | "/coverage/sasaran" | "/coverage/sasaran/derive" => Coverage(!get),
        "/coverage/entry/import" => Coverage(true),
        "/coverage/lock" => District,
        "/coverage/ratios" => Approvers,
        // pkp (the Puskesmas in the query, as the coverage pages)
        "/coverage/pkp" | "/coverage/pkp/print" | "/coverage/pkp.xlsx" => Coverage(!get),
        "/coverage/effects" => Coverage(false),
        "/coverage/pkp/review" => PkpReview,
        "/coverage/pkp/ranking.csv" => DistrictViews,
        // plan (the list and results name their Puskesmas in the query)
        "/coverage/plans" => Coverage(!get),
        "/coverage/plan-results"
        | "/coverage/plan-results.csv"
        | "/coverage/plan-results.xlsx"
        | "/coverage/plan-results/print" => Coverage(false),
        "/plans/{id}" | "/plans/{id}/months" | "/plans/{id}/activities/{activity}" if get => PlanOf(false),
        "/plans/{id}"
        | "/plans/{id}/status"
        | "/plans/{id}/copy"
        | "/plans/{id}/activities"
        | "/plans/{id}/activities/{activity}"
        | "/plans/{id}/activities/{activity}/delete"
        | "/plans/{id}/months" => PlanOf(true),
        "/import/{token}"
        | "/import/{token}/mapping"
        | "/import/{token}/sheet"
        | "/import/{token}/check"
        | "/import/{token}/run"
        | "/import/{token}/status"
        | "/import/{token}/errors.csv" => RecordersOn(Import),
        // The API.
        "/api/v1/me"
        | "/api/v1/regions"
        | "/api/v1/regions/{code}"
        | "/api/v1/regions/{code}/children"
        | "/api/v1/organizations"
        | "/api/v1/people"
        | "/api/v1/forums"
        | "/api/v1/meetings"
        | "/api/v1/shortages"
        | "/api/v1/actions/overdue"
        | "/api/v1/actions/due"
        | "/api/v1/commitments"
        | "/api/v1/notices"
        | "/api/v1/agreements"
        | "/api/v1/agreements/expiring" => SignedIn,
        "/api/v1/users" | "/api/v1/audit" => Admin,
        "/api/v1/organizations/{id}" if get => Read(Org),
        "/api/v1/organizations/{id}" => Write(Org),
        "/api/v1/organizations/{id}/wilayah-kerja" => District,
        "/api/v1/people/{id}" if get => Read(Person),
        "/api/v1/people/{id}" | "/api/v1/people/{id}/positions" => Write(Person),
        "/api/v1/forums/{id}" => Read(Forum),
        "/api/v1/forums/{id}/schedule" => Write(Forum),
        "/api/v1/meetings/{id}"
        | "/api/v1/meetings/{id}/attendance"
        | "/api/v1/meetings/{id}/agreements-reached"
        | "/api/v1/meetings/{id}/problems"
        | "/api/v1/meetings/{id}/actions"
            if get =>
        {
            Read(Meeting)
        }
        "/api/v1/meetings/{id}"
        | "/api/v1/meetings/{id}/status"
        | "/api/v1/meetings/{id}/orgs"
        | "/api/v1/meetings/{id}/agenda"
        | "/api/v1/meetings/{id}/agenda/{item_id}"
        | "/api/v1/meetings/{id}/attendance"
        | "/api/v1/meetings/{id}/attendance/{attendee_id}"
        | "/api/v1/meetings/{id}/agreements-reached"
        | "/api/v1/meetings/{id}/problems"
        | "/api/v1/meetings/{id}/actions" => Write(Meeting),
        "/api/v1/problems/{id}/causes" | "/api/v1/problems/{id}/scores" => Write(Problem),
        "/api/v1/actions/{id}" if get => Read(Action),
        "/api/v1/actions/{id}" | "/api/v1/actions/{id}/updates" => Write(Action),
        "/api/v1/agreements/{id}" if get => Read(Agreement),
        "/api/v1/agreements/{id}"
        | "/api/v1/agreements/{id}/status"
        | "/api/v1/agreements/{id}/renew"
        | "/api/v1/agreements/{id}/obligations"
        | "/api/v1/agreements/{id}/meetings" => Write(Agreement),
        "/api/v1/obligations/{id}/actions" | "/api/v1/obligations/{id}/actions/new" => Write(Obligation),
        "/api/v1/indicators" if get => SignedIn,
        "/api/v1/indicators" | "/api/v1/target-locks" => Approvers,
        "/api/v1/pws" | "/api/v1/coverage/completeness" | "/api/v1/spm" => DistrictViews,
        "/api/v1/puskesmas/{id}/targets" | "/api/v1/puskesmas/{id}/sasaran" | "/api/v1/puskesmas/{id}/achievements" => {
            Coverage(!get)
        }
        "/api/v1/pkp" => DistrictViews,
        "/api/v1/puskesmas/{id}/pkp/{year}" => Coverage(!get),
        "/api/v1/puskesmas/{id}/pkp/{year}/review" => PkpReview,
        "/api/v1/puskesmas/{id}/plans" | "/api/v1/puskesmas/{id}/plan-results" => Coverage(false),
        "/api/v1/puskesmas/{id}/plans/{year}/{kind}" | "/api/v1/puskesmas/{id}/plans/{year}/{kind}/months" => {
            Coverage(!get)
        }
        _ => return None,
    };
    Some(r)
}

/// What a write sends: a form (pages), a multipart form with a file, or JSON (the API), with
/// `{placeholders}` filled from the world (see [`Fixture::vars`]). Each is valid but for who
/// sends it, so the answer is the access rule's, not a complaint about the content.
enum Body {
    Form(&'static [(&'static str, &'static str)]),
    Multipart(&'static [(&'static str, &'static str)]),
    Json(&'static str),
    /// JSON to a page route, with the session cookie and the CSRF token in `X-CSRF-Token`.
    PageJson(&'static str),
}

const PDF: &[u8] = b"%PDF-1.4\n%matrix\n";

/// The column choices of the matrix's import file.
const IMPORT_MAP: &[(&str, &str)] = &[
    ("map.nama", "Nama"),
    ("map.jk", "JK"),
    ("map.tgl_lahir", "Tgl Lahir"),
    ("map.posyandu", "Posyandu"),
    ("map.tgl_ukur", "Tgl Ukur"),
];

fn body(method: &Method, path: &str) -> Body {
    use Body::*;
    if path == "/sync" {
        return PageJson(
            r#"{"entries": [{"key": "matrix-sync-entry-{n}", "kind": "child", "posyandu_id": "{posyandu}", "name": "Anak Sinkron {n}", "sex": "P", "birth_date": "2024-01-0{d}", "confirm_new": "1"}]}"#,
        );
    }
    if path.starts_with("/api/") {
        return Json(match (method.as_str(), path) {
            ("POST", "/api/v1/auth/token") => {
                r#"{"username": "tidak-ada-{n}", "password": "salah-sekali", "name": "skrip"}"#
            }
            ("POST", "/api/v1/organizations") => {
                r#"{"name": "Sekolah {w}", "kind": "school", "region_code": "{org_region}", "parent_id": null}"#
            }
            ("PUT", "/api/v1/organizations/{id}") => {
                r#"{"name": "{org_name}", "code": "{org_code}", "kind": "{org_kind}", "sector": "{org_sector}", "parent_id": {org_parent}, "region_code": "{org_region}"}"#
            }
            ("PUT", "/api/v1/organizations/{id}/wilayah-kerja") => r#"{"desa": []}"#,
            ("PUT", "/api/v1/puskesmas/{id}/targets") => {
                r#"{"year": 2030, "targets": [{"indicator_code": "K1", "target": 80}]}"#
            }
            ("PUT", "/api/v1/puskesmas/{id}/sasaran") | ("POST", "/api/v1/puskesmas/{id}/achievements") => {
                r#"{"rows": []}"#
            }
            ("PUT", "/api/v1/puskesmas/{id}/plans/{year}/{kind}") => {
                r#"{"rows": [{"program": "gizi", "kegiatan": "Matriks", "months": [1]}]}"#
            }
            ("PUT", "/api/v1/puskesmas/{id}/plans/{year}/{kind}/months") => r#"{"rows": []}"#,
            ("POST", "/api/v1/target-locks") => r#"{"district": "15.03", "year": 2031, "locked": true}"#,
            ("PUT", "/api/v1/puskesmas/{id}/pkp/{year}") => r#"{"rows": [], "scores": []}"#,
            ("POST", "/api/v1/puskesmas/{id}/pkp/{year}/review") => r#"{"decision": "return", "feedback": ""}"#,
            ("POST", "/api/v1/indicators") => {
                r#"{"code": "MTX", "version": "matrix-{n}", "name_id": "Matriks", "name_en": "Matrix", "program": "gizi", "cluster": 2, "spm": null, "numerator": "N", "denominator": "D", "unit": "percent", "direction": "higher", "sasaran": "balita", "target": null, "derived": null, "legal_basis": "", "valid_from": "2030-01-01", "valid_to": null}"#
            }
            ("POST", "/api/v1/people") => {
                r#"{"name": "Orang Baru", "position": {"org_id": {org}, "kind": "other", "title": "Anggota"}}"#
            }
            ("PUT", "/api/v1/people/{id}") => r#"{"name": "{person_name}"}"#,
            ("POST", "/api/v1/people/{id}/positions") => r#"{"org_id": {org}, "kind": "other", "title": "Anggota"}"#,
            ("POST", "/api/v1/users") => {
                r#"{"username": "baru{n}", "display_name": "Baru", "role": "viewer", "org_id": {org}, "password": "kata-sandi-panjang"}"#
            }
            ("POST", "/api/v1/forums") => r#"{"name": "Forum Baru", "kind": "lokmin_bulanan", "org_id": {org}}"#,
            ("POST", "/api/v1/forums/{id}/schedule") => r#"{"year": 2027, "weekday": "mon", "nth": 1, "months": [3]}"#,
            ("POST", "/api/v1/meetings") => {
                r#"{"title": "Rapat Baru", "kind": "lokmin_bulanan", "host_org_id": {org}, "held_on": "2024-06-03"}"#
            }
            ("PUT", "/api/v1/meetings/{id}") => {
                r#"{"title": "Rapat {w}", "kind": "lokmin_bulanan", "host_org_id": {org}, "held_on": "2024-05-06"}"#
            }
            ("POST", "/api/v1/meetings/{id}/status") => r#"{"status": "scheduled"}"#,
            ("POST", "/api/v1/meetings/{id}/orgs") => r#"{"role": "invited", "org_ids": [{org2}]}"#,
            ("POST", "/api/v1/meetings/{id}/rsvp") => r#"{"org_id": {org}, "answer": "yes"}"#,
            ("POST", "/api/v1/meetings/{id}/agenda") => r#"{"title": "Lain-lain"}"#,
            ("PUT", "/api/v1/meetings/{id}/agenda/{item_id}") => {
                r#"{"findings": "Cakupan naik", "decisions": "Lanjut"}"#
            }
            ("POST", "/api/v1/meetings/{id}/attendance") => r#"{"name": "Hadirin", "org_id": {org}}"#,
            ("POST", "/api/v1/meetings/{id}/agreements-reached") => r#"{"text": "Sepakat", "org_ids": [{org}]}"#,
            ("POST", "/api/v1/meetings/{id}/problems") => r#"{"title": "Masalah baru"}"#,
            ("POST", "/api/v1/meetings/{id}/actions") => r#"{"what": "Kunjungan rumah", "owner_org_id": {org}}"#,
            ("POST", "/api/v1/problems/{id}/causes") => r#"{"category": "people", "text": "Kurang kader"}"#,
            ("POST", "/api/v1/problems/{id}/scores") => r#"{"method": "usg", "rater": "Tim", "scores": [3, 4, 5]}"#,
            ("PUT", "/api/v1/actions/{id}") => {
                r#"{"what": "Sweeping", "owner_org_id": {org}, "problem_id": {problem}}"#
            }
            ("POST", "/api/v1/actions/{id}/updates") => r#"{"note": "Berjalan", "status": "in_progress"}"#,
            ("POST", "/api/v1/agreements") => {
                r#"{"kind": "pks", "title": "PKS Baru", "start_on": "2025-01-01", "end_on": "2026-12-31", "scope": ["berbagi_data"], "parties": [{"org_id": {org}}, {"org_id": {org2}}]}"#
            }
            ("PUT", "/api/v1/agreements/{id}") => {
                r#"{"kind": "pks", "title": "PKS {w}", "start_on": "2025-01-01", "end_on": "2026-12-31", "scope": ["berbagi_data"], "parties": [{"org_id": {org}}, {"org_id": {org2}}], "is_public": false}"#
            }
            ("POST", "/api/v1/agreements/{id}/status") => r#"{"status": "discussion", "on_date": "2025-01-02"}"#,
            ("POST", "/api/v1/agreements/{id}/renew") => "{}",
            ("POST", "/api/v1/agreements/{id}/obligations") => r#"{"org_id": {org}, "text": "Laporan bulanan"}"#,
            ("POST", "/api/v1/agreements/{id}/meetings") => r#"{"meeting_id": {meeting}}"#,
            ("POST", "/api/v1/agreements/batch") => {
                r#"{"host_org_id": {org}, "kind": "pks", "title": "PKS Desa", "start_on": "2025-01-01", "end_on": "2026-12-31", "scope": ["berbagi_data"], "villages": []}"#
            }
            ("POST", "/api/v1/obligations/{id}/actions") => r#"{"action_id": {action}}"#,
            ("POST", "/api/v1/obligations/{id}/actions/new") => {
                r#"{"meeting_id": {meeting}, "what": "Tindak lanjut", "owner_org_id": {org}}"#
            }
            ("DELETE", _) => "",
            _ => "{}",
        });
    }
    match (method.as_str(), path) {
        ("POST", "/meetings/{id}/files") | ("POST", "/agreements/{id}/files") => Multipart(&[("kind", "other")]),
        ("POST", "/actions/{id}/updates") => Multipart(&[("note", "Berjalan"), ("status", "in_progress")]),
        ("POST", "/import") | ("POST", "/coverage/entry/import") => Multipart(&[]),
        _ => Form(match (method.as_str(), path) {
            ("POST", "/login") => &[("username", "tidak-ada-{n}"), ("password", "salah-sekali")],
            ("POST", "/lang") => &[("lang", "id"), ("next", "/")],
            ("POST", "/organizations") => &[
                ("name", "Sekolah Baru"),
                ("kind", "school"),
                ("region_code", "{org_region}"),
            ],
            ("POST", "/organizations/{id}") => &[
                ("name", "{org_name}"),
                ("code", "{org_code}"),
                ("kind", "{org_kind}"),
                ("sector", "{org_sector}"),
                ("parent_id", "{org_parent}"),
                ("region_code", "{org_region}"),
            ],
            ("POST", "/people") => &[
                ("name", "Orang Baru"),
                ("org_id", "{org}"),
                ("kind", "other"),
                ("title", "Anggota"),
            ],
            ("POST", "/people/{id}") => &[("name", "{person_name}")],
            ("POST", "/people/{id}/positions") => &[("org_id", "{org}"), ("kind", "other"), ("title", "Anggota")],
            ("POST", "/positions/{id}/end") => &[("ended_on", "2026-12-01")],
            ("POST", "/users") => &[
                ("username", "baru{n}"),
                ("display_name", "Baru"),
                ("role", "viewer"),
                ("org_id", "{org}"),
                ("password", "kata-sandi-panjang"),
                ("active", "on"),
            ],
            ("POST", "/users/{id}") => &[
                ("username", "kader"),
                ("display_name", "Kader Posyandu Dusun Sarolangun"),
                ("role", "kader"),
                ("org_id", "{kader_org}"),
                ("active", "on"),
            ],
            ("POST", "/forums") => &[("name", "Forum Baru"), ("kind", "lokmin_bulanan"), ("org_id", "{org}")],
            ("POST", "/forums/{id}/schedule") => &[("year", "2027"), ("weekday", "mon"), ("nth", "1"), ("months", "3")],
            ("POST", "/meetings") => &[
                ("title", "Rapat Baru"),
                ("kind", "lokmin_bulanan"),
                ("host_org_id", "{org}"),
                ("held_on", "2024-06-03"),
            ],
            ("POST", "/meetings/{id}") => &[
                ("title", "Rapat {w}"),
                ("kind", "lokmin_bulanan"),
                ("host_org_id", "{org}"),
                ("held_on", "2024-05-06"),
            ],
            ("POST", "/meetings/{id}/status") => &[("status", "scheduled")],
            ("POST", "/meetings/{id}/orgs") => &[("role", "invited"), ("org_ids", "{org2}")],
            ("POST", "/meetings/{id}/rsvp") => &[("org_id", "{org}"), ("answer", "yes")],
            ("POST", "/meetings/{id}/people") => &[("person_ids", "{person}")],
            ("POST", "/meetings/{id}/agenda") => &[("title", "Lain-lain")],
            ("POST", "/meetings/{id}/agenda/{item}") => &[("findings", "Cakupan naik"), ("decisions", "Lanjut")],
            ("POST", "/meetings/{id}/attendance") => &[("name", "Hadirin"), ("org_id", "{org}")],
            ("POST", "/meetings/{id}/attendance/preview") => &[("lines", "Hadirin; Polsek; Kapolsek")],
            ("POST", "/meetings/{id}/problems") => &[("title", "Masalah baru")],
            ("POST", "/meetings/{id}/actions") => &[("what", "Kunjungan rumah"), ("owner_org_id", "{org}")],
            ("POST", "/meetings/{id}/agreements") => &[("text", "Sepakat"), ("org_ids", "{org}")],
            ("POST", "/problems/{id}/causes") => &[("category", "people"), ("text", "Kurang kader")],
            ("POST", "/problems/{id}/scores") => {
                &[("method", "usg"), ("rater", "Tim"), ("s", "3"), ("s", "4"), ("s", "5")]
            }
            ("POST", "/agreements") => &[
                ("kind", "pks"),
                ("title", "PKS Baru"),
                ("start_on", "2025-01-01"),
                ("end_on", "2026-12-31"),
                ("scope", "berbagi_data"),
                ("party_org_id", "{org}"),
                ("party_org_id", "{org2}"),
            ],
            ("POST", "/agreements/{id}") => &[
                ("kind", "pks"),
                ("title", "PKS {w}"),
                ("start_on", "2025-01-01"),
                ("end_on", "2026-12-31"),
                ("scope", "berbagi_data"),
                ("party_org_id", "{org}"),
                ("party_org_id", "{org2}"),
            ],
            ("POST", "/agreements/{id}/status") => &[("status", "discussion"), ("on_date", "2025-01-02")],
            ("POST", "/agreements/{id}/obligations") => &[("org_id", "{org}"), ("text", "Laporan bulanan")],
            ("POST", "/agreements/{id}/meetings") => &[("meeting_id", "{meeting}")],
            ("POST", "/obligations/{id}/delete") | ("POST", "/obligations/{id}/actions/{a}/unlink") => {
                &[("agreement_id", "{agreement}")]
            }
            ("POST", "/obligations/{id}/actions") => &[("agreement_id", "{agreement}"), ("action_id", "{action}")],
            ("POST", "/obligations/{id}/actions/new") => &[
                ("agreement_id", "{agreement}"),
                ("meeting_id", "{meeting}"),
                ("what", "Tindak lanjut"),
                ("owner_org_id", "{org}"),
            ],
            ("POST", "/nutrition/visitor-rule") => &[("rule", "at_home")],
            ("POST", "/publik/settings") => &[
                ("district", "{district}"),
                ("figures", "stunting"),
                ("min_measured", "10"),
                ("min_cases", "5"),
            ],
            ("POST", "/meetings/{id}/proposals/accept") | ("POST", "/meetings/{id}/proposals/dismiss") => &[
                ("indicator", "K1"),
                ("desa", "15.03.03.2002"),
                ("reason", "Data belum lengkap"),
            ],
            ("POST", "/children") => &[
                ("posyandu_id", "{posyandu}"),
                ("name", "Anak Baru {n}"),
                ("sex", "P"),
                ("birth_date", "2024-01-0{d}"),
                ("confirm_new", "1"),
            ],
            ("POST", "/children/{id}/edit") => &[
                ("posyandu_id", "{posyandu}"),
                ("name", "{child_name}"),
                ("sex", "L"),
                ("birth_date", "2023-03-03"),
            ],
            ("POST", "/children/{id}/merge") => &[("into", "{child2}")],
            ("POST", "/children/{id}/move") => &[("to", "{other_posyandu}")],
            ("POST", "/children/{id}/measurements") => &[("measured_on", "2024-05-06"), ("weight", "11.2")],
            ("POST", "/children/{id}/followup") => &[
                ("owner", "{org}"),
                ("meeting_id", "{meeting}"),
                ("reason", "stunting"),
                ("what", "Kunjungan"),
                ("due_on", "2027-01-31"),
            ],
            ("POST", "/posyandu/{id}/edit") => &[("schedule_day", "10"), ("address", "Balai Desa")],
            ("POST", "/coverage/targets") => &[("t.K1", "80")],
            ("POST", "/coverage/pkp/review") => &[("decision", "return"), ("feedback", "")],
            ("POST", "/coverage/plans") => &[("year", "2031"), ("kind", "ruk")],
            ("POST", "/plans/{id}/status") => &[("status", "final")],
            ("POST", "/plans/{id}/activities") | ("POST", "/plans/{id}/activities/{activity}") => {
                &[("program", "gizi"), ("kegiatan", "Matriks"), ("months", "1")]
            }
            ("POST", "/coverage/lock") => &[("district", "{district}"), ("year", "2031"), ("locked", "1")],
            ("POST", "/coverage/indicators/new") => &[
                ("code", "MATRIX"),
                ("version", "matrix-{n}"),
                ("name_id", "Indikator matriks"),
                ("name_en", "Matrix indicator"),
                ("program", "gizi"),
                ("cluster", "2"),
                ("numerator", "Pembilang"),
                ("denominator", "Penyebut"),
                ("unit", "percent"),
                ("direction", "higher"),
                ("sasaran", "balita"),
                ("valid_from", "2090-01-01"),
            ],
            ("POST", "/coverage/ratios") => &[
                ("kind", "bumil"),
                ("ratio", "0.0198"),
                ("basis", "1.10 × CBR × penduduk"),
            ],
            ("POST", "/import/{token}/sheet") => &[("sheet", "")],
            ("POST", "/import/{token}/check") | ("POST", "/import/{token}/run") => IMPORT_MAP,
            ("POST", "/account/password") => &[("current_password", "salah-sekali"), ("new_password", "x")],
            ("POST", "/account/tokens") => &[("name", "token matrix"), ("days", "30")],
            _ => &[],
        }),
    }
}

/// The kind a route's `{id}` names (for the substitution).
fn kind_of(rule: Rule, path: &str) -> Option<Kind> {
    match rule {
        Rule::Read(k) | Rule::Write(k) | Rule::RecordersOn(k) | Rule::DistrictViewsOn(k) | Rule::NamesOn(k) => Some(k),
        Rule::Names | Rule::NamesWrite | Rule::Move => Some(Kind::Child),
        Rule::OwnToken => Some(Kind::Token),
        Rule::Admin if path.contains("{id}") => Some(Kind::User),
        Rule::Rsvp => Some(Kind::Meeting),
        Rule::WriteRef(k) => Some(k),
        Rule::District | Rule::CreateOrg | Rule::BatchFor => Some(Kind::Org),
        Rule::Coverage(_) | Rule::PkpReview => Some(Kind::Puskesmas),
        Rule::PlanOf(_) => Some(Kind::Plan),
        _ => None,
    }
}

/// The objects of each world.
struct Fixture {
    ids: HashMap<(Kind, W), i64>,
    /// Sub-objects: agenda item and attendee of each world's meeting, linked meeting of its
    /// agreement, linked action of its obligation.
    item: HashMap<W, i64>,
    attendee: HashMap<W, i64>,
    linked_meeting: HashMap<W, i64>,
    linked_action: HashMap<W, i64>,
    /// Import tokens by uploader, and uploads whose dry run has finished (with problems).
    imports: HashMap<Who, String>,
    checked: HashMap<Who, String>,
    second: HashMap<W, i64>,
    /// The activity of each world's plan.
    plan_activity: HashMap<W, i64>,
    admin: Api,
    seq: std::sync::atomic::AtomicU32,
}

async fn post_json(api: &Api, path: &str, body: Value) -> Value {
    let (s, v) = api.send(Method::POST, path, &body).await;
    assert!(s == 201 || s == 200, "{path}: {s} {v}");
    v
}

impl Fixture {
    async fn build(t: &TestApp, clients: &HashMap<Who, Client>) -> Fixture {
        let admin = Api::new(t, Some(t.token("admin").await));
        let mut ids = HashMap::new();
        let mut item = HashMap::new();
        let mut attendee = HashMap::new();
        let mut linked_meeting = HashMap::new();
        let mut linked_action = HashMap::new();
        // World X: a Puskesmas and a Posyandu in Kabupaten Kerinci.
        let (_, pkm_x) = admin
            .send(
                Method::POST,
                "/api/v1/organizations",
                &json!({"name": "Puskesmas Luar", "code": "PKM-LUAR", "kind": "puskesmas", "region_code": "15.01.01"}),
            )
            .await;
        let pkm_x = pkm_x["id"].as_i64().unwrap();
        let desa_x = {
            let mut tx = t.app.store.read().await.unwrap();
            store::region::children(&mut tx, Some("15.01.01")).await.unwrap()[0]
                .code
                .clone()
        };
        let (s, posy_x) = admin
            .send(
                Method::POST,
                "/api/v1/organizations",
                &json!({"name": "Posyandu Luar", "code": "POSY-LUAR", "kind": "posyandu", "parent_id": pkm_x, "region_code": desa_x}),
            )
            .await;
        assert_eq!(s, 201, "{posy_x}");
        // Puskesmas Luar's wilayah kerja holds that desa (the coverage pages of world X).
        let (s, wk) = admin
            .send(
                Method::PUT,
                &format!("/api/v1/organizations/{pkm_x}/wilayah-kerja"),
                &json!({"desa": [desa_x]}),
            )
            .await;
        assert!(s < 300, "{s} {wk}");
        let orgs = [
            (W::A, org_id(t, "POSY-1503031001").await),
            (W::K, org_id(t, "POSY-1503031016").await),
            (W::X, posy_x["id"].as_i64().unwrap()),
            (W::P, org_id(t, "POLSEK-SRL-03").await),
        ];
        // The second party of each world's agreement.
        let second: HashMap<W, i64> = [
            (W::A, org_id(t, "PKM-SRL-03").await),
            (W::K, org_id(t, app::demo::district::KOTA_PUSKESMAS).await),
            (W::X, pkm_x),
            (W::P, org_id(t, "POLRES-SRL").await),
        ]
        .into();
        let dinkes_actor = t.actor("admin").await;
        for (w, org) in orgs {
            ids.insert((Kind::Org, w), org);
            let person = post_json(
                &admin,
                "/api/v1/people",
                json!({"name": format!("Orang {w:?}"), "position": {"org_id": org, "kind": "other", "title": "Anggota"}}),
            )
            .await["id"]
                .as_i64()
                .unwrap();
            ids.insert((Kind::Person, w), person);
            let position = {
                let mut tx = t.app.store.read().await.unwrap();
                store::person::positions_of(&mut tx, &[person]).await.unwrap()[0].id
            };
            ids.insert((Kind::Position, w), position);
            let forum = post_json(
                &admin,
                "/api/v1/forums",
                json!({"name": format!("Forum {w:?}"), "kind": "lokmin_bulanan", "org_id": org}),
            )
            .await["id"]
                .as_i64()
                .unwrap();
            ids.insert((Kind::Forum, w), forum);
            let meeting = post_json(
                &admin,
                "/api/v1/meetings",
                json!({"title": format!("Rapat {w:?}"), "kind": "lokmin_bulanan", "host_org_id": org, "held_on": "2024-05-06"}),
            )
            .await["id"]
                .as_i64()
                .unwrap();
            ids.insert((Kind::Meeting, w), meeting);
            let m = format!("/api/v1/meetings/{meeting}");
            // Invited, so its own organisation may answer.
            let (st, _) = admin
                .send(
                    Method::POST,
                    &format!("{m}/orgs"),
                    &json!({"role": "invited", "org_ids": [second[&w]]}),
                )
                .await;
            assert!(st < 300);
            item.insert(
                w,
                post_json(&admin, &format!("{m}/agenda"), json!({"title": "Evaluasi"})).await["id"]
                    .as_i64()
                    .unwrap(),
            );
            post_json(
                &admin,
                &format!("{m}/attendance"),
                json!({"name": "Peserta", "org_id": org}),
            )
            .await;
            let (_, att) = admin.get(&format!("{m}/attendance")).await;
            attendee.insert(w, att["attendees"][0]["id"].as_i64().unwrap_or_else(|| panic!("{att}")));
            let problem = post_json(&admin, &format!("{m}/problems"), json!({"title": "Cakupan rendah"})).await["id"]
                .as_i64()
                .unwrap();
            ids.insert((Kind::Problem, w), problem);
            let action = post_json(
                &admin,
                &format!("{m}/actions"),
                json!({"what": "Sweeping", "owner_org_id": org, "problem_id": problem}),
            )
            .await["id"]
                .as_i64()
                .unwrap();
            ids.insert((Kind::Action, w), action);
            let file = app::action::attach(
                &t.app,
                &dinkes_actor,
                meeting,
                app::files::Upload {
                    filename: "notulen.pdf".into(),
                    data: b"%PDF-1.4\n%test\n".to_vec(),
                },
            )
            .await
            .unwrap();
            ids.insert((Kind::File, w), file);
            let agreement = post_json(
                &admin,
                "/api/v1/agreements",
                json!({"kind": "pks", "title": format!("PKS {w:?}"), "start_on": "2025-01-01", "end_on": "2026-12-31",
                       "scope": ["berbagi_data"], "parties": [{"org_id": org}, {"org_id": second[&w]}], "is_public": false}),
            )
            .await["id"]
                .as_i64()
                .unwrap();
            ids.insert((Kind::Agreement, w), agreement);
            let a = format!("/api/v1/agreements/{agreement}");
            let (s, _) = admin
                .send(Method::POST, &format!("{a}/meetings"), &json!({"meeting_id": meeting}))
                .await;
            assert!(s < 300, "link meeting {s}");
            linked_meeting.insert(w, meeting);
            let obligation = post_json(
                &admin,
                &format!("{a}/obligations"),
                json!({"org_id": org, "text": "Berbagi data"}),
            )
            .await["id"]
                .as_i64()
                .unwrap();
            ids.insert((Kind::Obligation, w), obligation);
            let (s, v) = admin
                .send(
                    Method::POST,
                    &format!("/api/v1/obligations/{obligation}/actions"),
                    &json!({"action_id": action}),
                )
                .await;
            assert!(s < 300, "link action {s} {v}");
            linked_action.insert(w, action);
        }
        // Children and Posyandu pages: A, K, X (a Polsek has no Posyandu nor children).
        for (w, org) in orgs.iter().filter(|(w, _)| *w != W::P) {
            ids.insert((Kind::Posyandu, *w), *org);
            let r = app::nutrition::register_child(
                &t.app,
                &dinkes_actor,
                &domain::nutrition::ChildInput::new(
                    &format!("Anak {w:?}"),
                    domain::nutrition::Sex2::L,
                    chrono::NaiveDate::from_ymd_opt(2023, 3, 3).unwrap_or_default(),
                    *org,
                ),
                true,
            )
            .await
            .unwrap();
            let app::nutrition::Registration::Created(id) = r else {
                panic!("{r:?}")
            };
            ids.insert((Kind::Child, *w), id);
        }
        ids.insert((Kind::Posyandu, W::P), ids[&(Kind::Posyandu, W::A)]);
        for w in [W::A, W::K, W::X] {
            ids.insert((Kind::Puskesmas, w), second[&w]);
        }
        ids.insert((Kind::Puskesmas, W::P), second[&W::K]);
        // Plans: an RPK 2030 with one activity in each Puskesmas (the partner's reads as K's).
        let mut plan_activity = HashMap::new();
        for w in [W::A, W::K, W::X] {
            let plan = app::plan::save_activities(
                &t.app,
                &dinkes_actor,
                second[&w],
                2030,
                domain::plan::PlanKind::Rpk,
                None,
                vec![(None, plan_activity_input())],
            )
            .await
            .unwrap();
            ids.insert((Kind::Plan, w), plan);
            let v = app::plan::view(&t.app, &dinkes_actor, plan).await.unwrap();
            plan_activity.insert(w, v.activities[0].id);
        }
        ids.insert((Kind::Plan, W::P), ids[&(Kind::Plan, W::K)]);
        plan_activity.insert(W::P, plan_activity[&W::K]);
        ids.insert((Kind::Child, W::P), ids[&(Kind::Child, W::A)]);
        // Users, tokens and import uploads, per account.
        let mut imports = HashMap::new();
        let mut checked = HashMap::new();
        for who in WHO.iter().copied().filter(|w| w.reads_names()) {
            let c = &clients[&who];
            for map in [&mut imports, &mut checked] {
                let p = c
                    .post_multipart(
                        "/import",
                        "/import",
                        &[],
                        (
                            b"Nama;JK;Tgl Lahir;Posyandu;Tgl Ukur\nA;L;2023-01-01;X;2024-01-01\n",
                            "a.csv",
                        ),
                    )
                    .await;
                let token = p
                    .location
                    .unwrap_or_else(|| panic!("{who:?} upload: {} {}", p.status, p.body))
                    .split('/')
                    .nth(2)
                    .unwrap()
                    .to_string();
                map.insert(who, token);
            }
            // A finished dry run (the row names an unknown Posyandu: a report with a problem).
            let token = &checked[&who];
            let p = c
                .post_form(
                    &format!("/import/{token}/mapping"),
                    &format!("/import/{token}/check"),
                    IMPORT_MAP,
                )
                .await;
            assert!(p.status < 400, "{who:?} check: {}", p.status);
            for _ in 0..200 {
                let s = c.get(&format!("/import/{token}/status")).await.body;
                if s.contains("\"state\":\"done\"") {
                    break;
                }
                tokio::time::sleep(std::time::Duration::from_millis(50)).await;
            }
        }
        // Worlds for tokens, users and imports: A = the signed-in account's own, X/K = another's.
        let user_a = app::user::by_username(&t.app, "kader").await.unwrap().id;
        ids.insert((Kind::User, W::A), user_a);
        ids.insert((Kind::User, W::X), user_a);
        ids.insert((Kind::User, W::K), user_a);
        ids.insert((Kind::User, W::P), user_a);
        Fixture {
            ids,
            item,
            attendee,
            linked_meeting,
            linked_action,
            imports,
            checked,
            second,
            plan_activity,
            admin,
            seq: Default::default(),
        }
    }

    /// The placeholders of world `w`'s bodies.
    async fn vars(&self, t: &TestApp, w: W) -> HashMap<&'static str, String> {
        let id = |k: Kind| self.ids.get(&(k, w)).copied().unwrap_or(self.ids[&(k, W::A)]);
        let org = {
            let mut tx = t.app.store.read().await.unwrap();
            store::org::get(&mut tx, id(Kind::Org)).await.unwrap().unwrap()
        };
        let n = self.seq.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        let person = {
            let mut tx = t.app.store.read().await.unwrap();
            store::person::get(&mut tx, id(Kind::Person))
                .await
                .unwrap()
                .unwrap()
                .name
        };
        let other_posyandu = if w == W::K {
            self.ids[&(Kind::Posyandu, W::A)]
        } else {
            self.ids[&(Kind::Posyandu, W::K)]
        };
        [
            ("w", format!("{w:?}")),
            ("n", n.to_string()),
            ("d", (n % 9 + 1).to_string()),
            ("org", org.id.to_string()),
            ("org2", self.second[&w].to_string()),
            ("org_name", org.name.clone()),
            ("org_code", org.code.clone().unwrap_or_default()),
            ("org_kind", org.kind.to_string()),
            ("org_sector", org.sector.to_string()),
            (
                "org_parent",
                org.parent_id.map(|p| p.to_string()).unwrap_or_else(|| "null".into()),
            ),
            ("org_region", org.region_code.clone()),
            ("district", app::coverage::district_of(&org.region_code)),
            ("person", id(Kind::Person).to_string()),
            ("person_name", person),
            ("meeting", id(Kind::Meeting).to_string()),
            ("problem", id(Kind::Problem).to_string()),
            ("action", id(Kind::Action).to_string()),
            ("agreement", id(Kind::Agreement).to_string()),
            ("posyandu", id(Kind::Posyandu).to_string()),
            ("child_name", format!("Anak {w:?}")),
            ("other_posyandu", other_posyandu.to_string()),
            ("kader_org", self.ids[&(Kind::Org, W::A)].to_string()),
        ]
        .into()
    }

    /// A fresh object for a route that removes or moves what it names, so every request finds
    /// one: (placeholder, id) pairs to put in the path and body.
    async fn fresh(&self, t: &TestApp, path: &str, w: W) -> Vec<(&'static str, String)> {
        let id = |k: Kind| self.ids.get(&(k, w)).copied().unwrap_or(self.ids[&(k, W::A)]);
        let admin = t.actor("admin").await;
        match path {
            "/plans/{id}/activities/{activity}/delete" => {
                let plan = id(Kind::Plan);
                let a = app::plan::add_activity(&t.app, &admin, plan, plan_activity_input())
                    .await
                    .unwrap();
                vec![("{activity}", a.to_string())]
            }
            "/coverage/desa/{code}" => {
                let mut tx = t.app.store.read().await.unwrap();
                let posyandu = store::org::get(&mut tx, id(Kind::Posyandu)).await.unwrap().unwrap();
                vec![("{code}", posyandu.region_code)]
            }
            "/meetings/{id}/attendance/{a}/delete" | "/api/v1/meetings/{id}/attendance/{attendee_id}" => {
                let m = id(Kind::Meeting);
                post_json(
                    &self.admin,
                    &format!("/api/v1/meetings/{m}/attendance"),
                    json!({"name": "Sebentar", "org_id": id(Kind::Org)}),
                )
                .await;
                let (_, att) = self.admin.get(&format!("/api/v1/meetings/{m}/attendance")).await;
                let last = att["attendees"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .filter_map(|a| a["id"].as_i64())
                    .max()
                    .unwrap();
                vec![("{a}", last.to_string()), ("{attendee_id}", last.to_string())]
            }
            "/obligations/{id}/delete" => {
                let a = id(Kind::Agreement);
                let o = post_json(
                    &self.admin,
                    &format!("/api/v1/agreements/{a}/obligations"),
                    json!({"org_id": id(Kind::Org), "text": "Sementara"}),
                )
                .await["id"]
                    .as_i64()
                    .unwrap();
                vec![("{id}", o.to_string())]
            }
            "/obligations/{id}/actions/{a}/unlink" => {
                let (s, _) = self
                    .admin
                    .send(
                        Method::POST,
                        &format!("/api/v1/obligations/{}/actions", id(Kind::Obligation)),
                        &json!({"action_id": id(Kind::Action)}),
                    )
                    .await;
                assert!(s < 500);
                vec![]
            }
            "/agreements/{id}/meetings/{m}/unlink" => {
                let (s, _) = self
                    .admin
                    .send(
                        Method::POST,
                        &format!("/api/v1/agreements/{}/meetings", id(Kind::Agreement)),
                        &json!({"meeting_id": id(Kind::Meeting)}),
                    )
                    .await;
                assert!(s < 500);
                vec![]
            }
            "/children/{id}/merge" | "/children/{id}/move" => {
                let mut out = Vec::new();
                for (key, name) in [("{id}", "Anak Pindah"), ("{child2}", "Anak Tetap")] {
                    let r = app::nutrition::register_child(
                        &t.app,
                        &admin,
                        &domain::nutrition::ChildInput::new(
                            &format!("{name} {}", self.seq.fetch_add(1, std::sync::atomic::Ordering::SeqCst)),
                            domain::nutrition::Sex2::P,
                            chrono::NaiveDate::from_ymd_opt(2023, 4, 4).unwrap_or_default(),
                            id(Kind::Posyandu),
                        ),
                        true,
                    )
                    .await
                    .unwrap();
                    let app::nutrition::Registration::Created(c) = r else {
                        panic!("{r:?}")
                    };
                    out.push((key, c.to_string()));
                }
                out
            }
            _ => vec![],
        }
    }

    /// The path with its parameters filled for world `w`, as `who` asks for it.
    async fn fill(&self, t: &TestApp, path: &str, kind: Option<Kind>, w: W, who: Who) -> String {
        let mut p = path.to_string();
        let world_of_kind = |k: Kind| *self.ids.get(&(k, w)).unwrap_or_else(|| panic!("no {k:?} in {w:?}"));
        if let Some(k) = kind.filter(|_| path.contains("{id}")) {
            let id = match k {
                Kind::Token => {
                    // Inside: a token of one's own; outside: one of another account.
                    let other = if who == Who::Admin { "dinkes" } else { "admin" };
                    let owner = if w == who.worlds().0 && who != Who::Anon {
                        who.username()
                    } else {
                        other
                    };
                    let u = app::user::by_username(&t.app, owner).await.unwrap();
                    let _ = app::auth::create_token(&t.app, u.id, "matrix", 30).await.unwrap();
                    let mut tx = t.app.store.read().await.unwrap();
                    store::user::tokens_of(&mut tx, u.id).await.unwrap()[0].id
                }
                k => world_of_kind(k),
            };
            p = p.replace("{id}", &id.to_string());
        }
        // The coverage pages name their Puskesmas in the query.
        if kind == Some(Kind::Puskesmas) && !path.contains("{id}") {
            p = format!("{p}?puskesmas={}", world_of_kind(Kind::Puskesmas));
        }
        let meeting_w = if self.item.contains_key(&w) { w } else { W::A };
        p = p
            .replace("{item}", &self.item[&meeting_w].to_string())
            .replace("{item_id}", &self.item[&meeting_w].to_string())
            .replace(
                "{a}",
                &match kind {
                    Some(Kind::Obligation) => self.linked_action[&meeting_w],
                    _ => self.attendee[&meeting_w],
                }
                .to_string(),
            )
            .replace("{attendee_id}", &self.attendee[&meeting_w].to_string())
            .replace("{activity}", &self.plan_activity[&w].to_string())
            .replace("{year}", "2030")
            .replace("{kind}", "rpk")
            .replace("{m}", &self.linked_meeting[&meeting_w].to_string())
            .replace("{code}", if w == W::X { "15.01" } else { "15.03" });
        if p.contains("{token}") {
            // Inside: one's own upload; outside: another account's. The problem report is
            // asked of an upload whose dry run has finished.
            let imports = if p.ends_with("/errors.csv") {
                &self.checked
            } else {
                &self.imports
            };
            let own = imports.get(&who);
            let other = imports.get(&if who == Who::Admin { Who::Dinkes } else { Who::Admin });
            let token = if w == who.worlds().0 { own.or(other) } else { other };
            p = p.replace("{token}", token.map(String::as_str).unwrap_or("0"));
        }
        p
    }
}

/// The activity every world's plan starts with.
fn plan_activity_input() -> domain::plan::ActivityInput {
    domain::plan::ActivityInput {
        program: Some(domain::coverage::Program::Gizi),
        cluster: None,
        kegiatan: "Sweeping balita".into(),
        tujuan: String::new(),
        sasaran: String::new(),
        target: None,
        volume: None,
        unit: String::new(),
        partner_programs: vec![],
        partner_orgs: vec![],
        months: vec![1],
        budget: None,
        fund: None,
        indicator_code: None,
    }
}

/// Every (method, path) the router answers: the paths from the route tables, the methods by
/// asking (405 means the path does not take that method).
async fn routes(t: &TestApp) -> Vec<(Method, String)> {
    let paths: Vec<String> = web::pages::routes()
        .into_iter()
        .map(|(p, _)| p.to_string())
        .chain(web::api::routes().into_iter().map(|(p, _)| format!("/api/v1{p}")))
        .collect();
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let mut out = Vec::new();
    for p in paths {
        let probe = p
            .replace("{id}", "1")
            .replace("{item}", "1")
            .replace("{item_id}", "1")
            .replace("{a}", "1")
            .replace("{attendee_id}", "1")
            .replace("{m}", "1")
            .replace("{activity}", "1")
            .replace("{year}", "2030")
            .replace("{kind}", "rpk")
            .replace("{code}", "15")
            .replace("{token}", "0");
        for m in [Method::GET, Method::POST, Method::PUT, Method::DELETE] {
            let r = http.request(m.clone(), t.url(&probe)).send().await.unwrap();
            if r.status() != 405 {
                out.push((m, p.clone()));
            }
        }
    }
    out
}

fn classify(status: u16, location: Option<&str>) -> Answer {
    match status {
        401 => Answer::Login,
        303 | 302 if location.is_some_and(|l| l.starts_with("/login")) => Answer::Login,
        403 | 404 => Answer::Denied,
        _ => Answer::Ok,
    }
}

both_http!(
    every_route_answers_every_role_as_the_access_rule_says,
    async |t: &TestApp| {
        let mut clients: HashMap<Who, Client> = HashMap::new();
        let mut tokens: HashMap<Who, String> = HashMap::new();
        let mut csrf: HashMap<Who, String> = HashMap::new();
        for who in WHO {
            let c = if who == Who::Anon {
                t.client()
            } else {
                tokens.insert(who, t.token(who.username()).await);
                t.signed_in(who.username()).await
            };
            let page = if who == Who::Anon { "/login" } else { "/account" };
            csrf.insert(who, c.get(page).await.csrf());
            clients.insert(who, c);
        }
        let fx = Fixture::build(t, &clients).await;
        let routes = routes(t).await;
        assert!(routes.len() > 150, "{} routes", routes.len());
        let mut missing = Vec::new();
        let mut wrong = Vec::new();
        let mut asked = 0;
        for (method, path) in &routes {
            let Some(rule) = rule(method, path) else {
                missing.push(format!("{method} {path}"));
                continue;
            };
            // Signing out is asked last, by a session of its own.
            if path == "/logout" {
                continue;
            }
            let api = path.starts_with("/api/");
            let kind = kind_of(rule, path);
            for who in WHO {
                let (inside, outside) = who.worlds();
                let worlds: &[W] = if kind.is_some() { &[inside, outside] } else { &[inside] };
                for &w in worlds {
                    let fresh = fx.fresh(t, path, w).await;
                    let mut path_w = path.clone();
                    for (k, v) in &fresh {
                        path_w = path_w.replace(k, v);
                    }
                    let url = fx.fill(t, &path_w, kind, w, who).await;
                    let mut vars = fx.vars(t, w).await;
                    for (k, v) in &fresh {
                        vars.insert(k.trim_matches(['{', '}']), v.clone());
                    }
                    let fill_in = |text: &str| {
                        let mut out = text.to_string();
                        for (k, v) in &vars {
                            out = out.replace(&format!("{{{k}}}"), v);
                        }
                        out
                    };
                    let c = &clients[&who];
                    let mut detail = String::new();
                    let (status, location) = match (method.clone(), body(method, path)) {
                        (Method::GET, _) if api => {
                            let (s, _) = Api::new(t, tokens.get(&who).cloned()).get(&url).await;
                            (s, None)
                        }
                        (Method::GET, _) => {
                            let p = c.get(&url).await;
                            (p.status, p.location)
                        }
                        (m, Body::Json(template)) => {
                            let mut rb = c.http.request(m, t.url(&url));
                            if let Some(token) = tokens.get(&who) {
                                rb = rb.bearer_auth(token);
                            }
                            if !template.is_empty() {
                                rb = rb.header("content-type", "application/json").body(fill_in(template));
                            }
                            let r = rb.send().await.unwrap();
                            let s = r.status().as_u16();
                            detail = r.text().await.unwrap_or_default().chars().take(160).collect();
                            (s, None)
                        }
                        (m, Body::PageJson(template)) => {
                            let r = c
                                .http
                                .request(m, t.url(&url))
                                .header("x-csrf-token", &csrf[&who])
                                .header("content-type", "application/json")
                                .body(fill_in(template))
                                .send()
                                .await
                                .unwrap();
                            let loc = r
                                .headers()
                                .get("location")
                                .and_then(|v| v.to_str().ok())
                                .map(str::to_string);
                            let s = r.status().as_u16();
                            detail = r.text().await.unwrap_or_default().chars().take(160).collect();
                            (s, loc)
                        }
                        (_, Body::Form(fields)) => {
                            let fields: Vec<(String, String)> =
                                fields.iter().map(|(k, v)| (k.to_string(), fill_in(v))).collect();
                            let refs: Vec<(&str, &str)> =
                                fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
                            let p = c.post_raw(&url, &csrf[&who], &refs).await;
                            (p.status, p.location)
                        }
                        (_, Body::Multipart(fields)) => {
                            let mut form = reqwest::multipart::Form::new().text("_csrf", csrf[&who].clone());
                            for (k, v) in fields.iter() {
                                form = form.text(k.to_string(), fill_in(v));
                            }
                            let file: (&[u8], &str) = if path == "/import" {
                                (
                                    b"Nama;JK;Tgl Lahir;Posyandu;Tgl Ukur\nA;L;2023-01-01;X;2024-01-01\n",
                                    "a.csv",
                                )
                            } else {
                                (PDF, "notulen.pdf")
                            };
                            form = form.part(
                                "file",
                                reqwest::multipart::Part::bytes(file.0.to_vec()).file_name(file.1),
                            );
                            let r = c.http.post(t.url(&url)).multipart(form).send().await.unwrap();
                            let loc = r
                                .headers()
                                .get("location")
                                .and_then(|v| v.to_str().ok())
                                .map(str::to_string);
                            (r.status().as_u16(), loc)
                        }
                    };
                    asked += 1;
                    let got = classify(status, location.as_deref());
                    // The partner's world has no Posyandu nor children: its "inside" one is A's.
                    let w_real = if w == W::P && matches!(kind, Some(Kind::Child | Kind::Posyandu)) {
                        W::A
                    } else {
                        w
                    };
                    let want = expected(who, rule, w_real, api, method);
                    if !agrees(want, got, status) {
                        wrong.push(format!(
                        "{method} {path} as {who:?} on {w:?} ({url}): {status} = {got:?}, the rule ({rule:?}) says {want:?} {detail}"
                    ));
                    }
                }
            }
        }
        // Signing out: everyone may (anonymous visitors end nothing).
        for who in WHO {
            let c = if who == Who::Anon {
                t.client()
            } else {
                t.signed_in(who.username()).await
            };
            let token = c.get(if who == Who::Anon { "/login" } else { "/account" }).await.csrf();
            let p = c.post_raw("/logout", &token, &[]).await;
            assert_eq!(p.location.as_deref(), Some("/login"), "{who:?}");
            if who != Who::Anon {
                assert_eq!(
                    classify(c.get("/").await.status, c.get("/").await.location.as_deref()),
                    Answer::Login
                );
            }
        }
        assert!(
            missing.is_empty(),
            "routes without an entry in the matrix:\n{}",
            missing.join("\n")
        );
        assert!(
            wrong.is_empty(),
            "{} of {asked} answers differ from the access rule:\n{}",
            wrong.len(),
            wrong.join("\n")
        );
    }
);
