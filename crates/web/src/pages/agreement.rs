//! Agreement pages: the register (filters, CSV/XLSX), the form (also opened from a meeting or
//! under a parent), the agreement page with lifecycle, obligations and their actions, linked
//! meetings and documents, the printable one-page summary, the batch with village
//! governments, and the expiry lists.

use super::{Errs, Pager, render, render_status, split_invalid};
use crate::AppState;
use crate::ctx::{Ctx, SignedIn};
use crate::error::PageError;
use crate::form::{CsrfForm, CsrfMultipart};
use app::agreement::{AgreementRow, AgreementView, BatchForm, Expiry, Find};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use domain::action::{ActionForm, BudgetSource};
use domain::agreement::{AgreementForm, AgreementKind, AgreementStatus, DocumentKind, MeetingRole, ScopeItem};
use domain::org::Sector;
use serde::Deserialize;
use store::meeting::{Meeting, MeetingFilter};
use store::org::Org;

// --- register ----------------------------------------------------------------------------

#[derive(Deserialize, Default, Clone)]
pub struct ListQuery {
    #[serde(default)]
    q: String,
    #[serde(default)]
    party: String,
    #[serde(default)]
    sector: String,
    #[serde(default)]
    scope: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    status: String,
    #[serde(default)]
    region: String,
    #[serde(default)]
    year: String,
    #[serde(default)]
    page: Option<i64>,
}

fn some(s: &str) -> Option<String> {
    Some(s.trim().to_string()).filter(|s| !s.is_empty())
}

impl ListQuery {
    fn find(&self) -> Find {
        Find {
            party_org_id: self.party.trim().parse().ok(),
            sector: some(&self.sector),
            scope: some(&self.scope),
            kind: some(&self.kind),
            status: some(&self.status),
            region_code: some(&self.region),
            year: self.year.trim().parse().ok(),
            text: some(&self.q),
            page: self.page.unwrap_or(1),
            per_page: Pager::PER_PAGE,
        }
    }
    fn base(&self) -> String {
        super::query(&[
            ("q", &self.q),
            ("party", &self.party),
            ("sector", &self.sector),
            ("scope", &self.scope),
            ("kind", &self.kind),
            ("status", &self.status),
            ("region", &self.region),
            ("year", &self.year),
        ])
    }
}

#[derive(Template)]
#[template(path = "agreements/index.html")]
struct IndexPage {
    title: String,
    ctx: Ctx,
    q: ListQuery,
    rows: Vec<AgreementRow>,
    total: i64,
    pager: Pager,
    export_query: String,
    orgs: Vec<Org>,
    errs: Errs,
    kinds: &'static [AgreementKind],
    statuses: &'static [AgreementStatus],
    scopes: &'static [ScopeItem],
    sectors: &'static [Sector],
}

/// Organisations that may be a party: any the account can see, except Posyandu.
async fn party_choices(st: &AppState, s: &SignedIn) -> Result<Vec<Org>, PageError> {
    let mut orgs = app::org::choices(&st.app, &s.actor).await?;
    orgs.retain(|o| o.kind != domain::org::OrgKind::Posyandu);
    orgs.sort_by(|a, b| a.sector.as_str().cmp(b.sector.as_str()).then(a.name.cmp(&b.name)));
    Ok(orgs)
}

pub async fn index(State(st): State<AppState>, s: SignedIn, Query(q): Query<ListQuery>) -> Result<Response, PageError> {
    let page = q.page.unwrap_or(1).max(1);
    let (rows, total, errs) = match app::agreement::list(&st.app, &s.actor, &q.find()).await {
        Ok((rows, total)) => (rows, total, Errs::none()),
        Err(e) => (Vec::new(), 0, Errs::new(s.visitor.lang, split_invalid(e)?)),
    };
    let orgs = party_choices(&st, &s).await?;
    let ctx = Ctx::new(&s.visitor);
    let base = q.base();
    Ok(render_status(
        errs.status(),
        &IndexPage {
            title: ctx.t("agreements.title").into(),
            ctx,
            pager: Pager::new(page, total, base.clone()),
            export_query: if base.is_empty() {
                String::new()
            } else {
                format!("?{base}")
            },
            q,
            rows,
            total,
            orgs,
            errs,
            kinds: AgreementKind::ALL,
            statuses: AgreementStatus::ALL,
            scopes: ScopeItem::ALL,
            sectors: Sector::ALL,
        },
    ))
}

fn register_rows(ctx: &Ctx, rows: &[AgreementRow]) -> Vec<interop::agreement::RegisterRow> {
    rows.iter()
        .map(|r| interop::agreement::RegisterRow {
            id: r.agreement.id,
            kind: ctx.tk("akind", r.agreement.kind),
            title: r.agreement.title.clone(),
            parties: r.party_names(),
            sectors: {
                let mut s: Vec<String> = r.parties.iter().map(|p| ctx.tk("sector", p.sector)).collect();
                s.dedup();
                s.join("; ")
            },
            numbers: r
                .parties
                .iter()
                .filter_map(|p| p.doc_number.clone())
                .collect::<Vec<_>>()
                .join("; "),
            scope: r
                .scope
                .iter()
                .map(|s| ctx.tk("scope", s.as_str()))
                .collect::<Vec<_>>()
                .join("; "),
            start_on: r.agreement.start_on,
            end_on: r.agreement.end_on,
            days_left: r.days_left,
            status: ctx.tk("agstatus", r.status.as_str()),
            parent: r.agreement.parent_title.clone().unwrap_or_default(),
            public: r.agreement.is_public,
        })
        .collect()
}

fn download(ct: &str, name: &str, bytes: Vec<u8>) -> Response {
    (
        [
            (header::CONTENT_TYPE, ct.to_string()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")),
        ],
        bytes,
    )
        .into_response()
}

pub async fn export_csv(
    State(st): State<AppState>,
    s: SignedIn,
    Query(q): Query<ListQuery>,
) -> Result<Response, PageError> {
    let rows = app::agreement::export(&st.app, &s.actor, &q.find()).await?;
    let ctx = Ctx::new(&s.visitor);
    let bytes =
        interop::agreement::to_csv(&register_rows(&ctx, &rows)).map_err(|e| app::AppError::Internal(e.to_string()))?;
    Ok(download("text/csv; charset=utf-8", "register-kerja-sama.csv", bytes))
}

pub async fn export_xlsx(
    State(st): State<AppState>,
    s: SignedIn,
    Query(q): Query<ListQuery>,
) -> Result<Response, PageError> {
    let rows = app::agreement::export(&st.app, &s.actor, &q.find()).await?;
    let ctx = Ctx::new(&s.visitor);
    let bytes = interop::agreement::to_xlsx(ctx.t("agreements.register"), &register_rows(&ctx, &rows))
        .map_err(|e| app::AppError::Internal(e.to_string()))?;
    Ok(download(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "register-kerja-sama.xlsx",
        bytes,
    ))
}

// --- form ----------------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "agreements/form.html")]
struct FormPage {
    title: String,
    ctx: Ctx,
    action: String,
    cancel: String,
    form: AgreementForm,
    /// Party rows to show (filled ones and blanks).
    party_rows: Vec<PartyRow>,
    meeting: Option<app::agreement::MeetingDraft>,
    errs: Errs,
    orgs: Vec<Org>,
    parents: Vec<AgreementRow>,
    is_new: bool,
    kinds: &'static [AgreementKind],
    statuses: Vec<AgreementStatus>,
    scopes: &'static [ScopeItem],
}

struct PartyRow {
    org_id: String,
    doc_number: String,
    signatory: String,
    signatory_position: String,
    signed_on: String,
    financing: String,
}

fn party_rows(f: &AgreementForm) -> Vec<PartyRow> {
    let cell = |v: &Vec<String>, i: usize| v.get(i).cloned().unwrap_or_default();
    let mut rows: Vec<PartyRow> = (0..f.party_org_id.len())
        .filter(|i| !f.party_org_id[*i].trim().is_empty())
        .map(|i| PartyRow {
            org_id: cell(&f.party_org_id, i),
            doc_number: cell(&f.party_doc_number, i),
            signatory: cell(&f.party_signatory, i),
            signatory_position: cell(&f.party_signatory_position, i),
            signed_on: cell(&f.party_signed_on, i),
            financing: cell(&f.party_financing, i),
        })
        .collect();
    let blanks = if rows.len() < 2 { 3 - rows.len().min(1) } else { 2 };
    for _ in 0..blanks {
        rows.push(PartyRow {
            org_id: String::new(),
            doc_number: String::new(),
            signatory: String::new(),
            signatory_position: String::new(),
            signed_on: String::new(),
            financing: String::new(),
        });
    }
    rows
}

async fn form_page(
    st: &AppState,
    s: &SignedIn,
    id: Option<i64>,
    form: AgreementForm,
    meeting: Option<app::agreement::MeetingDraft>,
    errs: Errs,
) -> Result<Response, PageError> {
    let ctx = Ctx::new(&s.visitor);
    let mut orgs = party_choices(st, s).await?;
    // Parties outside the account's area (kept from the agreement) stay choosable.
    for p in &form.party_org_id {
        if let Ok(pid) = p.trim().parse::<i64>()
            && !orgs.iter().any(|o| o.id == pid)
            && let Ok(v) = app::org::get(&st.app, &s.actor, pid).await
        {
            orgs.push(v.org);
        }
    }
    let (parents, _) = app::agreement::list(
        &st.app,
        &s.actor,
        &Find {
            per_page: 500,
            ..Default::default()
        },
    )
    .await?;
    let parents = parents
        .into_iter()
        .filter(|p| Some(p.agreement.id) != id && p.agreement.parent_id.is_none())
        .collect();
    let (title, mut action, cancel) = super::form_target(&ctx, id, "/agreements", "agreements.new", "agreements.edit");
    if let (None, Some(m)) = (id, &meeting) {
        action = format!("/agreements?meeting_id={}", m.meeting_id);
    }
    // The meeting's organisations come first in every party list.
    if let Some(m) = &meeting {
        orgs.sort_by_key(|o| m.org_ids.iter().position(|x| *x == o.id).unwrap_or(usize::MAX));
    }
    let status = errs.status();
    Ok(render_status(
        status,
        &FormPage {
            title,
            ctx,
            action,
            cancel,
            party_rows: party_rows(&form),
            form,
            meeting,
            errs,
            orgs,
            parents,
            is_new: id.is_none(),
            kinds: AgreementKind::ALL,
            statuses: AgreementStatus::ALL
                .iter()
                .copied()
                .filter(|s| s.can_register())
                .collect(),
            scopes: ScopeItem::ALL,
        },
    ))
}

#[derive(Deserialize, Default)]
pub struct NewQuery {
    #[serde(default)]
    meeting_id: String,
    #[serde(default)]
    parent_id: String,
    #[serde(default)]
    kind: String,
}

pub async fn new(State(st): State<AppState>, s: SignedIn, Query(q): Query<NewQuery>) -> Result<Response, PageError> {
    let kind = AgreementKind::parse(q.kind.trim()).unwrap_or(AgreementKind::Mou);
    let mut form = AgreementForm {
        kind: kind.as_str().into(),
        status: "draft".into(),
        is_public: if kind.public_by_default() {
            "on".into()
        } else {
            String::new()
        },
        parent_id: q.parent_id.trim().to_string(),
        ..Default::default()
    };
    let mut meeting = None;
    if let Ok(mid) = q.meeting_id.trim().parse::<i64>() {
        let d = app::agreement::draft_from_meeting(&st.app, &s.actor, mid).await?;
        form.party_org_id = d.prefill().iter().map(|o| o.to_string()).collect();
        form.title = format!("Kerja sama — {}", d.meeting_title);
        meeting = Some(d);
    } else if let Ok(pid) = form.parent_id.parse::<i64>() {
        // A derived document starts with its parent's parties and term.
        let p = app::agreement::get(&st.app, &s.actor, pid).await?;
        form.party_org_id = p.row.parties.iter().map(|x| x.org_id.to_string()).collect();
        form.start_on = p.row.agreement.start_on.map(|d| d.to_string()).unwrap_or_default();
        form.end_on = p.row.agreement.end_on.map(|d| d.to_string()).unwrap_or_default();
        form.is_public = if p.row.agreement.is_public {
            "on".into()
        } else {
            String::new()
        };
        form.title = format!(
            "{} — {}",
            Ctx::new(&s.visitor).tk("akind", kind.as_str()),
            p.row.agreement.title
        );
    } else if let Some(o) = s.actor.org_id {
        form.party_org_id = vec![o.to_string()];
    }
    form_page(&st, &s, None, form, meeting, Errs::none()).await
}

#[derive(Deserialize, Default)]
pub struct CreateQuery {
    #[serde(default)]
    meeting_id: String,
}

pub async fn create(
    State(st): State<AppState>,
    s: SignedIn,
    Query(q): Query<CreateQuery>,
    CsrfForm(form): CsrfForm<AgreementForm>,
) -> Result<Response, PageError> {
    let meeting = q.meeting_id.trim().parse::<i64>().ok();
    match app::agreement::create(&st.app, &s.actor, &form, meeting).await {
        Ok(id) => Ok(Redirect::to(&format!("/agreements/{id}")).into_response()),
        Err(e) => {
            let inv = split_invalid(e)?;
            let m = match meeting {
                Some(mid) => app::agreement::draft_from_meeting(&st.app, &s.actor, mid).await.ok(),
                None => None,
            };
            form_page(&st, &s, None, form, m, Errs::new(s.visitor.lang, inv)).await
        }
    }
}

fn form_of(v: &AgreementView) -> AgreementForm {
    let a = &v.row.agreement;
    let p = &v.row.parties;
    let opt = |o: &Option<String>| o.clone().unwrap_or_default();
    AgreementForm {
        kind: a.kind.to_string(),
        title: a.title.clone(),
        status: String::new(),
        parent_id: a.parent_id.map(|x| x.to_string()).unwrap_or_default(),
        legal_basis: opt(&a.legal_basis),
        purpose: opt(&a.purpose),
        summary: opt(&a.summary),
        start_on: a.start_on.map(|d| d.to_string()).unwrap_or_default(),
        end_on: a.end_on.map(|d| d.to_string()).unwrap_or_default(),
        is_public: if a.is_public { "on".into() } else { String::new() },
        scope: v.row.scope.iter().map(|s| s.as_str().to_string()).collect(),
        party_org_id: p.iter().map(|x| x.org_id.to_string()).collect(),
        party_doc_number: p.iter().map(|x| opt(&x.doc_number)).collect(),
        party_signatory: p.iter().map(|x| opt(&x.signatory)).collect(),
        party_signatory_position: p.iter().map(|x| opt(&x.signatory_position)).collect(),
        party_signed_on: p
            .iter()
            .map(|x| x.signed_on.map(|d| d.to_string()).unwrap_or_default())
            .collect(),
        party_financing: p.iter().map(|x| opt(&x.financing)).collect(),
    }
}

pub async fn edit(State(st): State<AppState>, s: SignedIn, Path(id): Path<i64>) -> Result<Response, PageError> {
    let v = app::agreement::get(&st.app, &s.actor, id).await?;
    if !v.can_edit {
        return Err(app::AppError::Forbidden.into());
    }
    form_page(&st, &s, Some(id), form_of(&v), None, Errs::none()).await
}

pub async fn update(
    State(st): State<AppState>,
    s: SignedIn,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<AgreementForm>,
) -> Result<Response, PageError> {
    match app::agreement::update(&st.app, &s.actor, id, &form).await {
        Ok(()) => Ok(Redirect::to(&format!("/agreements/{id}")).into_response()),
        Err(e) => {
            form_page(
                &st,
                &s,
                Some(id),
                form,
                None,
                Errs::new(s.visitor.lang, split_invalid(e)?),
            )
            .await
        }
    }
}

// --- the agreement page ------------------------------------------------------------------

#[derive(Template)]
#[template(path = "agreements/show.html")]
struct ShowPage {
    title: String,
    ctx: Ctx,
    v: AgreementView,
    errs: Errs,
    /// Meetings the reader can see that are not linked yet (newest first).
    other_meetings: Vec<Meeting>,
    today: String,
    roles: &'static [MeetingRole],
    doc_kinds: &'static [DocumentKind],
    budget_sources: &'static [BudgetSource],
    derived: [AgreementKind; 4],
}

async fn show_page(st: &AppState, s: &SignedIn, id: i64, errs: Errs) -> Result<Response, PageError> {
    let v = app::agreement::get(&st.app, &s.actor, id).await?;
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
            today: st.app.clock().today_for(&s.actor).to_string(),
            roles: MeetingRole::ALL,
            doc_kinds: DocumentKind::ALL,
            budget_sources: BudgetSource::ALL,
            derived: [
                AgreementKind::Juklak,
                AgreementKind::Juknis,
                AgreementKind::Pks,
                AgreementKind::Addendum,
            ],
        },
    ))
}

pub async fn show(State(st): State<AppState>, s: SignedIn, Path(id): Path<i64>) -> Result<Response, PageError> {
    show_page(&st, &s, id, Errs::none()).await
}

/// After a write on the agreement page: back to the section, or the page with the errors.
async fn after(
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
}

pub async fn set_status(
    State(st): State<AppState>,
    s: SignedIn,
    Path(id): Path<i64>,
    CsrfForm(p): CsrfForm<StatusPost>,
) -> Result<Response, PageError> {
    let r = match domain::person::parse_date(&p.on_date) {
        Ok(on) => app::agreement::transition(&st.app, &s.actor, id, &p.status, on, Some(&p.note)).await,
        Err(code) => Err(domain::Invalid::one("on_date", code).into()),
    };
    after(&st, &s, id, r, "status").await
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
    let r = app::agreement::add_obligation(&st.app, &s.actor, id, &p.org_id, &p.text).await;
    after(&st, &s, id, r, "obligations").await
}

#[derive(Deserialize, Default)]
pub struct AgreementRef {
    #[serde(default)]
    agreement_id: String,
}

fn agreement_of(p: &AgreementRef) -> Result<i64, PageError> {
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
    let r = app::agreement::link_action(&st.app, &s.actor, id, &p.action_id).await;
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
    let r = app::agreement::create_action(&st.app, &s.actor, id, &p.meeting_id, &p.action).await;
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
    let r = app::agreement::link_meeting(&st.app, &s.actor, id, &p.meeting_id, &p.role).await;
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
    let kind = mp.get("kind").to_string();
    let r = match mp.file {
        Some(f) => app::agreement::attach(&st.app, &s.actor, id, &kind, f).await,
        None => Err(domain::Invalid::one("file", "file.empty").into()),
    };
    after(&st, &s, id, r, "documents").await
}

#[derive(Template)]
#[template(path = "agreements/print.html")]
struct PrintPage {
    title: String,
    ctx: Ctx,
    v: AgreementView,
    printed_on: String,
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

// --- expiry --------------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "agreements/expiring.html")]
struct ExpiringPage {
    title: String,
    ctx: Ctx,
    e: Expiry,
    org: String,
    orgs: Vec<Org>,
    days: i64,
}

#[derive(Deserialize, Default)]
pub struct ExpiringQuery {
    #[serde(default)]
    org: String,
}

pub async fn expiring(
    State(st): State<AppState>,
    s: SignedIn,
    Query(q): Query<ExpiringQuery>,
) -> Result<Response, PageError> {
    let e = app::agreement::expiry(&st.app, &s.actor, q.org.trim().parse().ok()).await?;
    let orgs = party_choices(&st, &s).await?;
    let ctx = Ctx::new(&s.visitor);
    Ok(render(&ExpiringPage {
        title: ctx.t("agreements.expiring_title").into(),
        ctx,
        e,
        org: q.org,
        orgs,
        days: app::agreement::EXPIRY_DAYS,
    }))
}

// --- batch ---------------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "agreements/batch.html")]
struct BatchPage {
    title: String,
    ctx: Ctx,
    form: BatchForm,
    hosts: Vec<Org>,
    villages: Vec<Org>,
    errs: Errs,
    kinds: &'static [AgreementKind],
    scopes: &'static [ScopeItem],
}

impl BatchPage {
    /// What was typed in a village's row (kept when the form comes back with errors).
    fn village_cell(&self, list: &[String], org_id: &i64) -> String {
        let id = org_id.to_string();
        self.form
            .village_org_id
            .iter()
            .position(|v| v.trim() == id)
            .and_then(|i| list.get(i).cloned())
            .unwrap_or_default()
    }
}

#[derive(Deserialize, Default)]
pub struct BatchQuery {
    #[serde(default)]
    host_org_id: String,
}

async fn batch_page(st: &AppState, s: &SignedIn, mut form: BatchForm, errs: Errs) -> Result<Response, PageError> {
    let mut hosts = super::meeting::writable_orgs(st, s).await?;
    hosts.retain(|o| {
        !matches!(
            o.kind,
            domain::org::OrgKind::VillageGovernment | domain::org::OrgKind::Posyandu
        )
    });
    if form.host_org_id.is_empty() {
        form.host_org_id = s
            .actor
            .org_id
            .filter(|o| hosts.iter().any(|h| h.id == *o))
            .or(hosts
                .iter()
                .find(|h| h.kind == domain::org::OrgKind::Puskesmas)
                .map(|h| h.id))
            .map(|o| o.to_string())
            .unwrap_or_default();
    }
    let villages = match form.host_org_id.parse::<i64>() {
        Ok(h) => app::agreement::batch_villages(&st.app, &s.actor, h)
            .await
            .unwrap_or_default(),
        Err(_) => Vec::new(),
    };
    let ctx = Ctx::new(&s.visitor);
    Ok(render_status(
        errs.status(),
        &BatchPage {
            title: ctx.t("agreements.batch").into(),
            ctx,
            form,
            hosts,
            villages,
            errs,
            kinds: AgreementKind::ALL,
            scopes: ScopeItem::ALL,
        },
    ))
}

pub async fn batch_new(
    State(st): State<AppState>,
    s: SignedIn,
    Query(q): Query<BatchQuery>,
) -> Result<Response, PageError> {
    let form = BatchForm {
        host_org_id: q.host_org_id,
        kind: "pks".into(),
        mode: "per_village".into(),
        host_signatory_position: "Kepala Puskesmas".into(),
        ..Default::default()
    };
    batch_page(&st, &s, form, Errs::none()).await
}

pub async fn batch_create(
    State(st): State<AppState>,
    s: SignedIn,
    CsrfForm(form): CsrfForm<BatchForm>,
) -> Result<Response, PageError> {
    match app::agreement::batch(&st.app, &s.actor, &form).await {
        Ok(ids) if ids.len() == 1 => Ok(Redirect::to(&format!("/agreements/{}", ids[0])).into_response()),
        Ok(_) => {
            let host = form.host_org_id.trim();
            Ok(Redirect::to(&format!("/agreements?party={host}")).into_response())
        }
        Err(e) => batch_page(&st, &s, form, Errs::new(s.visitor.lang, split_invalid(e)?)).await,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Repeated and single values of the batch form's lists both arrive (the form is flat on
    /// purpose: lists inside a flattened struct lose single values).
    #[test]
    fn batch_form_parses_lists_inside_the_flattened_agreement() {
        let many: BatchForm = serde_html_form::from_str(
            "host_org_id=1&kind=pks&title=T&scope=advokasi&scope=pendanaan&village_org_id=3&village_org_id=4&village_pick=4",
        )
        .unwrap_or_default();
        assert_eq!(many.scope, vec!["advokasi", "pendanaan"]);
        assert_eq!(many.village_org_id, vec!["3", "4"]);
        assert_eq!(many.village_pick, vec!["4"]);
        assert_eq!(many.title, "T");
        let one: BatchForm =
            serde_html_form::from_str("host_org_id=1&title=T&scope=advokasi&village_pick=4").unwrap_or_default();
        assert_eq!(one.scope, vec!["advokasi"]);
    }
}
