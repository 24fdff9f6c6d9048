//! The agreement page: lifecycle, obligations and their actions, linked meetings, documents, and the printable one-page summary.

use super::*;
use domain::agreement::{AgreementStatus, DocumentKind, MeetingRole};

// --- the agreement page ------------------------------------------------------------------

#[derive(Template)]
#[template(path = "agreements/show.html")]
pub(super) struct ShowPage {
    pub(super) title: String,
    pub(super) ctx: Ctx,
    pub(super) v: AgreementView,
    pub(super) errs: Errs,
    /// Meetings the reader can see that are not linked yet (newest first).
    pub(super) other_meetings: Vec<Meeting>,
    pub(super) today: String,
    pub(super) roles: &'static [MeetingRole],
    pub(super) doc_kinds: &'static [DocumentKind],
    pub(super) budget_sources: &'static [BudgetSource],
    pub(super) derived: [AgreementKind; 4],
    /// The parties' signing fields of the move to "signed" (empty when no next status needs
    /// them): as stored, or as posted when the move was refused.
    pub(super) signing: Vec<SigningRow>,
    /// "Active" may be chosen before the term starts: the confirmation box is shown.
    pub(super) before_term: bool,
    /// The agreement is active although its term has not started.
    pub(super) early: Option<String>,
}

pub(super) struct SigningRow {
    org_id: i64,
    org_name: String,
    signatory: String,
    signatory_position: String,
    signed_on: String,
    doc_number: String,
}

pub(super) async fn show_page(st: &AppState, s: &SignedIn, id: i64, errs: Errs) -> Result<Response, PageError> {
    show_page_with(st, s, id, errs, None).await
}

async fn show_page_with(
    st: &AppState,
    s: &SignedIn,
    id: i64,
    errs: Errs,
    posted: Option<&StatusPost>,
) -> Result<Response, PageError> {
    let v = app::agreement::get(&st.app, &s.actor, id).await?;
    let today = st.app.clock().today_for(&s.actor);
    let opt = |o: &Option<String>| o.clone().unwrap_or_default();
    let signing: Vec<SigningRow> = if v.next.iter().any(|n| n.requires_signatures()) {
        v.row
            .parties
            .iter()
            .map(|p| {
                let mut row = SigningRow {
                    org_id: p.org_id,
                    org_name: p.org_name.clone(),
                    signatory: opt(&p.signatory),
                    signatory_position: opt(&p.signatory_position),
                    signed_on: p.signed_on.map(|d| d.to_string()).unwrap_or_default(),
                    doc_number: opt(&p.doc_number),
                };
                if let Some(f) = posted
                    && let Some(i) = f.party_org_id.iter().position(|o| o.trim() == p.org_id.to_string())
                {
                    let cell = |v: &Vec<String>| v.get(i).cloned().unwrap_or_default();
                    row.signatory = cell(&f.party_signatory);
                    row.signatory_position = cell(&f.party_signatory_position);
                    row.signed_on = cell(&f.party_signed_on);
                    row.doc_number = cell(&f.party_doc_number);
                }
                row
            })
            .collect()
    } else {
        Vec::new()
    };
    let start = v.row.agreement.start_on;
    let before_term = v.next.contains(&AgreementStatus::Active) && start.is_some_and(|d| d > today);
    let lang = s.visitor.lang;
    let early = match start {
        Some(d) if v.row.status == AgreementStatus::Active && d > today => Some(crate::i18n::fill(
            lang,
            "agreements.before_term_notice",
            &[("date", &d.format("%d/%m/%Y").to_string())],
        )),
        _ => None,
    };
    let other_meetings: Vec<Meeting> = if v.can_edit {
        app::meeting::list(
            &st.app,
            &s.actor,
            &MeetingFilter {
                limit: 200,
                newest_first: true,
                ..Default::default()
            },
        )
        .await?
        .0
        .into_iter()
        .filter(|m| !v.meetings.iter().any(|x| x.meeting_id == m.id))
        .collect()
    } else {
        Vec::new()
    };
    let ctx = Ctx::new(&s.visitor);
    Ok(render_status(
        errs.status(),
        &ShowPage {
            title: v.row.agreement.title.clone(),
            ctx,
            v,
            errs,
            other_meetings,
            today: today.to_string(),
            roles: MeetingRole::ALL,
            doc_kinds: DocumentKind::ALL,
            budget_sources: BudgetSource::ALL,
            derived: [
                AgreementKind::Juklak,
                AgreementKind::Juknis,
                AgreementKind::Pks,
                AgreementKind::Addendum,
            ],
            signing,
            before_term,
            early,
        },
    ))
}

pub async fn show(State(st): State<AppState>, s: SignedIn, Path(id): Path<i64>) -> Result<Response, PageError> {
    show_page(&st, &s, id, Errs::none()).await
}

/// After a write on the agreement page: back to the section, or the page with the errors.
pub(super) async fn after(
    st: &AppState,
    s: &SignedIn,
    id: i64,
    r: app::Result<impl Sized>,
    anchor: &str,
) -> Result<Response, PageError> {
    match r {
        Ok(_) => Ok(Redirect::to(&format!("/agreements/{id}#{anchor}")).into_response()),
        Err(e) => show_page(st, s, id, Errs::new(s.visitor.lang, split_invalid(e)?)).await,
    }
}

#[derive(Deserialize, Default)]
pub struct StatusPost {
    #[serde(default)]
    status: String,
    #[serde(default)]
    on_date: String,
    #[serde(default)]
    note: String,
    /// "on": the user confirms "active" before the term starts.
    #[serde(default)]
    before_term: String,
    #[serde(default)]
    party_org_id: Vec<String>,
    #[serde(default)]
    party_signatory: Vec<String>,
    #[serde(default)]
    party_signatory_position: Vec<String>,
    #[serde(default)]
    party_signed_on: Vec<String>,
    #[serde(default)]
    party_doc_number: Vec<String>,
}

pub async fn set_status(
    State(st): State<AppState>,
    s: SignedIn,
    Path(id): Path<i64>,
    CsrfForm(p): CsrfForm<StatusPost>,
) -> Result<Response, PageError> {
    let mut f = crate::form::Reader::new();
    let text = |v: &Vec<String>, i: usize| {
        Some(v.get(i).map(|x| x.trim().to_string()).unwrap_or_default()).filter(|x| !x.is_empty())
    };
    let mut signing = Vec::new();
    for (i, org) in p.party_org_id.iter().enumerate() {
        let org_id = f.id("parties", org);
        let signed_on = f.opt_date(
            "party_signed_on",
            p.party_signed_on.get(i).map(String::as_str).unwrap_or(""),
        );
        signing.push(app::agreement::Signing {
            org_id,
            doc_number: text(&p.party_doc_number, i),
            signatory: text(&p.party_signatory, i),
            signatory_position: text(&p.party_signatory_position, i),
            signed_on,
        });
    }
    let read = (
        f.word("status", &p.status, AgreementStatus::parse, AgreementStatus::Draft),
        f.opt_date("on_date", &p.on_date),
    );
    let r = match f.finish(read, Ok) {
        Ok((to, on)) => {
            let mv = app::agreement::Move {
                note: Some(&p.note),
                signing: &signing,
                before_term_confirmed: p.before_term == "on",
            };
            app::agreement::transition_with(&st.app, &s.actor, id, to, on, &mv).await
        }
        Err(inv) => Err(inv.into()),
    };
    match r {
        Ok(()) => Ok(Redirect::to(&format!("/agreements/{id}#status")).into_response()),
        Err(e) => show_page_with(&st, &s, id, Errs::new(s.visitor.lang, split_invalid(e)?), Some(&p)).await,
    }
}

pub async fn renew(
    State(st): State<AppState>,
    s: SignedIn,
    Path(id): Path<i64>,
    CsrfForm(_): CsrfForm<StatusPost>,
) -> Result<Response, PageError> {
    match app::agreement::renew(&st.app, &s.actor, id).await {
        Ok(new_id) => Ok(Redirect::to(&format!("/agreements/{new_id}/edit")).into_response()),
        Err(e) => show_page(&st, &s, id, Errs::new(s.visitor.lang, split_invalid(e)?)).await,
    }
}

#[derive(Deserialize, Default)]
pub struct ObligationPost {
    #[serde(default)]
    org_id: String,
    #[serde(default)]
    text: String,
}

pub async fn add_obligation(
    State(st): State<AppState>,
    s: SignedIn,
    Path(id): Path<i64>,
    CsrfForm(p): CsrfForm<ObligationPost>,
) -> Result<Response, PageError> {
    let mut f = crate::form::Reader::new();
    let org_id = f.id("org_id", &p.org_id);
    let r = match f.finish(org_id, Ok) {
        Ok(org_id) => app::agreement::add_obligation(&st.app, &s.actor, id, org_id, &p.text).await,
        Err(inv) => Err(inv.into()),
    };
    after(&st, &s, id, r, "obligations").await
}

#[derive(Deserialize, Default)]
pub struct AgreementRef {
    #[serde(default)]
    agreement_id: String,
}

pub(super) fn agreement_of(p: &AgreementRef) -> Result<i64, PageError> {
    p.agreement_id
        .trim()
        .parse()
        .map_err(|_| PageError::App(app::AppError::NotFound))
}

pub async fn remove_obligation(
    State(st): State<AppState>,
    s: SignedIn,
    Path(id): Path<i64>,
    CsrfForm(p): CsrfForm<AgreementRef>,
) -> Result<Response, PageError> {
    let back = agreement_of(&p)?;
    let r = app::agreement::remove_obligation(&st.app, &s.actor, id).await;
    after(&st, &s, back, r, "obligations").await
}

#[derive(Deserialize, Default)]
pub struct LinkActionPost {
    #[serde(flatten)]
    back: AgreementRef,
    #[serde(default)]
    action_id: String,
}

pub async fn link_action(
    State(st): State<AppState>,
    s: SignedIn,
    Path(id): Path<i64>,
    CsrfForm(p): CsrfForm<LinkActionPost>,
) -> Result<Response, PageError> {
    let back = agreement_of(&p.back)?;
    // The action's number as the page shows it ("#12") or bare.
    let mut f = crate::form::Reader::new();
    let action_id = f.id("action_id", p.action_id.trim().trim_start_matches('#'));
    let r = match f.finish(action_id, Ok) {
        Ok(action_id) => app::agreement::link_action(&st.app, &s.actor, id, action_id).await,
        Err(inv) => Err(inv.into()),
    };
    after(&st, &s, back, r, &format!("obligation-{id}")).await
}

pub async fn unlink_action(
    State(st): State<AppState>,
    s: SignedIn,
    Path((id, action_id)): Path<(i64, i64)>,
    CsrfForm(p): CsrfForm<AgreementRef>,
) -> Result<Response, PageError> {
    let back = agreement_of(&p)?;
    let r = app::agreement::unlink_action(&st.app, &s.actor, id, action_id).await;
    after(&st, &s, back, r, &format!("obligation-{id}")).await
}

#[derive(Deserialize, Default)]
pub struct NewActionPost {
    #[serde(flatten)]
    back: AgreementRef,
    #[serde(default)]
    meeting_id: String,
    #[serde(flatten)]
    action: ActionForm,
}

pub async fn create_action(
    State(st): State<AppState>,
    s: SignedIn,
    Path(id): Path<i64>,
    CsrfForm(p): CsrfForm<NewActionPost>,
) -> Result<Response, PageError> {
    let back = agreement_of(&p.back)?;
    let meeting_id = p.meeting_id.trim().parse::<i64>().ok();
    let r = match p.action.obligation_input() {
        Ok(input) => app::agreement::create_action(&st.app, &s.actor, id, meeting_id, &input).await,
        Err(inv) => Err(inv.into()),
    };
    after(&st, &s, back, r, &format!("obligation-{id}")).await
}

#[derive(Deserialize, Default)]
pub struct MeetingPost {
    #[serde(default)]
    meeting_id: String,
    #[serde(default)]
    role: String,
}

pub async fn link_meeting(
    State(st): State<AppState>,
    s: SignedIn,
    Path(id): Path<i64>,
    CsrfForm(p): CsrfForm<MeetingPost>,
) -> Result<Response, PageError> {
    let mut f = crate::form::Reader::new();
    let read = (
        f.id("meeting_id", &p.meeting_id),
        f.opt_word("role", &p.role, MeetingRole::parse)
            .unwrap_or(MeetingRole::Discussed),
    );
    let r = match f.finish(read, Ok) {
        Ok((meeting_id, role)) => app::agreement::link_meeting(&st.app, &s.actor, id, meeting_id, role).await,
        Err(inv) => Err(inv.into()),
    };
    after(&st, &s, id, r, "meetings").await
}

pub async fn unlink_meeting(
    State(st): State<AppState>,
    s: SignedIn,
    Path((id, meeting_id)): Path<(i64, i64)>,
    CsrfForm(_): CsrfForm<MeetingPost>,
) -> Result<Response, PageError> {
    let r = app::agreement::unlink_meeting(&st.app, &s.actor, id, meeting_id).await;
    after(&st, &s, id, r, "meetings").await
}

pub async fn upload(
    State(st): State<AppState>,
    s: SignedIn,
    Path(id): Path<i64>,
    mp: CsrfMultipart,
) -> Result<Response, PageError> {
    let mut f = crate::form::Reader::new();
    let kind = f
        .opt_word("kind", mp.get("kind"), DocumentKind::parse)
        .unwrap_or(DocumentKind::Other);
    if mp.file.is_none() {
        f.add("file", "file.empty");
    }
    let r = match (f.finish(kind, Ok), mp.file) {
        (Ok(kind), Some(file)) => app::agreement::attach(&st.app, &s.actor, id, kind, file).await,
        (Err(inv), _) => Err(inv.into()),
        (Ok(_), None) => Err(domain::Invalid::one("file", "file.empty").into()),
    };
    after(&st, &s, id, r, "documents").await
}

#[derive(Template)]
#[template(path = "agreements/print.html")]
pub(super) struct PrintPage {
    pub(super) title: String,
    pub(super) ctx: Ctx,
    pub(super) v: AgreementView,
    pub(super) printed_on: String,
}

/// The printable one-page summary.
pub async fn print(State(st): State<AppState>, s: SignedIn, Path(id): Path<i64>) -> Result<Response, PageError> {
    let v = app::agreement::get(&st.app, &s.actor, id).await?;
    let ctx = Ctx::new(&s.visitor);
    Ok(render(&PrintPage {
        title: v.row.agreement.title.clone(),
        printed_on: st.app.clock().today_for(&s.actor).format("%d/%m/%Y").to_string(),
        ctx,
        v,
    }))
}
