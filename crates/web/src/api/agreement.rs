//! `/api/v1/agreements`: the cooperation agreement register (MOU/PKS and derived juklak,
//! juknis, addendum), lifecycle transitions, obligations and the actions that fulfil them,
//! linked meetings, renewal, batches with village governments, and expiry lists.

use super::org::Created;
use super::{ApiActor, ApiJson, ErrorBody};
use crate::AppState;
use crate::error::ApiError;
use crate::form::Reader;
use app::agreement::{AgreementRow, AgreementView, Find};
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use chrono::{DateTime, NaiveDate, Utc};
use domain::action::{ActionInput, BudgetSource};
use domain::agreement::{
    AgreementInput, AgreementKind, AgreementStatus, BatchInput, MeetingRole, PartyInput, ScopeItem,
};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Serialize, ToSchema)]
pub struct PartyDto {
    pub org_id: i64,
    pub org_name: String,
    pub sector: String,
    pub doc_number: Option<String>,
    pub signatory: Option<String>,
    pub signatory_position: Option<String>,
    pub signed_on: Option<NaiveDate>,
    pub financing: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct AgreementEntryDto {
    pub id: i64,
    /// mou, pks, nota_kesepakatan, kesepakatan_bersama, addendum, juklak, juknis.
    pub kind: String,
    pub title: String,
    /// Derived: an active agreement past its end date is `expired`.
    pub status: String,
    /// Date of the last status change.
    pub status_on: NaiveDate,
    pub parent_id: Option<i64>,
    pub renewed_from_id: Option<i64>,
    pub renewed_by_id: Option<i64>,
    /// The organisation that registered it.
    pub owner_org_id: i64,
    pub start_on: Option<NaiveDate>,
    pub end_on: Option<NaiveDate>,
    pub days_left: Option<i64>,
    /// Active and ending within 90 days.
    pub expiring: bool,
    pub is_public: bool,
    pub legal_basis: Option<String>,
    pub purpose: Option<String>,
    pub summary: Option<String>,
    pub scope: Vec<String>,
    pub parties: Vec<PartyDto>,
    pub created_at: DateTime<Utc>,
}

pub(crate) fn dto(r: AgreementRow) -> AgreementEntryDto {
    let a = r.agreement;
    AgreementEntryDto {
        id: a.id,
        kind: a.kind.to_string(),
        title: a.title,
        status: r.status.as_str().to_string(),
        status_on: a.status_on,
        parent_id: a.parent_id,
        renewed_from_id: a.renewed_from_id,
        renewed_by_id: a.renewed_by_id,
        owner_org_id: a.owner_org_id,
        start_on: a.start_on,
        end_on: a.end_on,
        days_left: r.days_left,
        expiring: r.expiring,
        is_public: a.is_public,
        legal_basis: a.legal_basis,
        purpose: a.purpose,
        summary: a.summary,
        scope: r.scope.iter().map(|s| s.as_str().to_string()).collect(),
        parties: r
            .parties
            .into_iter()
            .map(|p| PartyDto {
                org_id: p.org_id,
                org_name: p.org_name,
                sector: p.sector.to_string(),
                doc_number: p.doc_number,
                signatory: p.signatory,
                signatory_position: p.signatory_position,
                signed_on: p.signed_on,
                financing: p.financing,
            })
            .collect(),
        created_at: a.created_at,
    }
}

#[derive(Serialize, ToSchema)]
pub struct AgreementList {
    pub total: i64,
    pub items: Vec<AgreementEntryDto>,
}

#[derive(Deserialize, IntoParams, Default)]
pub struct ListParams {
    /// Words that must all appear in the title or summary.
    pub q: Option<String>,
    /// A party organisation (organisations under it count too).
    pub party_org_id: Option<i64>,
    pub sector: Option<String>,
    pub scope: Option<String>,
    pub kind: Option<String>,
    /// A status, or `expiring` (within 90 days) or `expired_unrenewed`.
    pub status: Option<String>,
    /// A party located in this region (Kemendagri code) or below.
    pub region: Option<String>,
    /// In force during this year.
    pub year: Option<i32>,
    pub page: Option<i64>,
    pub per_page: Option<i64>,
}

/// The register, filtered; public agreements and those of the caller's parties.
#[utoipa::path(get, operation_id = "agreement_list", path = "/api/v1/agreements", params(ListParams),
    responses((status = 200, body = AgreementList), (status = 422, body = ErrorBody)))]
pub async fn list(
    State(st): State<AppState>,
    ApiActor(a): ApiActor,
    Query(p): Query<ListParams>,
) -> Result<Json<AgreementList>, ApiError> {
    let (rows, total) = app::agreement::list(
        &st.app,
        &a,
        &Find {
            party_org_id: p.party_org_id,
            sector: p.sector,
            scope: p.scope,
            kind: p.kind,
            status: p.status,
            region_code: p.region,
            year: p.year,
            text: p.q,
            page: p.page.unwrap_or(1),
            per_page: p.per_page.unwrap_or(100).clamp(1, 500),
        },
    )
    .await?;
    Ok(Json(AgreementList {
        total,
        items: rows.into_iter().map(dto).collect(),
    }))
}

#[derive(Deserialize, ToSchema, Default)]
pub struct PartyBody {
    pub org_id: i64,
    pub doc_number: Option<String>,
    pub signatory: Option<String>,
    pub signatory_position: Option<String>,
    /// YYYY-MM-DD.
    pub signed_on: Option<String>,
    pub financing: Option<String>,
}

#[derive(Deserialize, ToSchema, Default)]
pub struct AgreementInputBody {
    /// mou, pks, nota_kesepakatan, kesepakatan_bersama, addendum, juklak, juknis.
    pub kind: String,
    pub title: String,
    /// Initial status on create (default draft); ignored on update.
    pub status: Option<String>,
    /// Required for addendum, juklak and juknis.
    pub parent_id: Option<i64>,
    pub legal_basis: Option<String>,
    pub purpose: Option<String>,
    pub summary: Option<String>,
    pub start_on: Option<String>,
    pub end_on: Option<String>,
    /// Default: true for mou and kesepakatan_bersama, false otherwise.
    pub is_public: Option<bool>,
    /// advokasi, komunikasi, informasi, edukasi, pengamanan, pelatihan, pendampingan,
    /// berbagi_data, pendanaan, rujukan, other.
    #[serde(default)]
    pub scope: Vec<String>,
    /// Two or more; one must be an organisation the caller writes for.
    #[serde(default)]
    pub parties: Vec<PartyBody>,
    /// On create: the meeting it was started from (linked as "discussed").
    pub meeting_id: Option<i64>,
}

/// A kind of agreement; empty is no known choice.
fn kind(r: &mut Reader, s: &str) -> AgreementKind {
    AgreementKind::parse(s).unwrap_or_else(|code| {
        r.add("kind", code);
        AgreementKind::Mou
    })
}

fn scope(r: &mut Reader, list: &[String]) -> Vec<ScopeItem> {
    list.iter()
        .filter(|s| !s.trim().is_empty())
        .filter_map(|s| r.opt_word("scope", s, ScopeItem::parse))
        .collect()
}

impl AgreementInputBody {
    /// The typed agreement. On update (`registering` false) the status is not read: it moves
    /// only through its own endpoint.
    fn input(&self, registering: bool) -> Result<AgreementInput, app::AppError> {
        let mut r = Reader::new();
        let kind = kind(&mut r, &self.kind);
        let status = match self.status.as_deref().map(str::trim) {
            Some(s) if registering && !s.is_empty() => {
                r.word("status", s, AgreementStatus::parse, AgreementStatus::Draft)
            }
            _ => AgreementStatus::Draft,
        };
        let start_on = r.opt_date("start_on", self.start_on.as_deref().unwrap_or_default());
        let end_on = r.opt_date("end_on", self.end_on.as_deref().unwrap_or_default());
        let scope = scope(&mut r, &self.scope);
        let mut parties = Vec::new();
        for (i, p) in self.parties.iter().enumerate() {
            let signed_on =
                domain::person::parse_date(p.signed_on.as_deref().unwrap_or_default()).unwrap_or_else(|code| {
                    r.add_detail("parties", code, (i + 1).to_string());
                    None
                });
            parties.push(PartyInput {
                org_id: p.org_id,
                doc_number: p.doc_number.clone(),
                signatory: p.signatory.clone(),
                signatory_position: p.signatory_position.clone(),
                signed_on,
                financing: p.financing.clone(),
            });
        }
        let input = AgreementInput {
            kind,
            title: self.title.clone(),
            status,
            parent_id: self.parent_id,
            legal_basis: self.legal_basis.clone(),
            purpose: self.purpose.clone(),
            summary: self.summary.clone(),
            start_on,
            end_on,
            is_public: self.is_public.unwrap_or(kind.public_by_default()),
            scope,
            parties,
        };
        Ok(r.finish(input, AgreementInput::check)?)
    }
}

/// Registers an agreement.
#[utoipa::path(post, operation_id = "agreement_create", path = "/api/v1/agreements", request_body = AgreementInputBody,
    responses((status = 201, body = Created), (status = 403, body = ErrorBody),
        (status = 422, body = ErrorBody, description = "e.g. parties: agreement.two_parties, end_on: agreement.end_before_start")))]
pub async fn create(
    State(st): State<AppState>,
    ApiActor(a): ApiActor,
    ApiJson(b): ApiJson<AgreementInputBody>,
) -> Result<(StatusCode, Json<Created>), ApiError> {
    let id = app::agreement::create(&st.app, &a, &b.input(true)?, b.meeting_id).await?;
    Ok((StatusCode::CREATED, Json(Created { id })))
}

#[derive(Serialize, ToSchema)]
pub struct ObligationDto {
    pub id: i64,
    pub org_id: i64,
    pub org_name: String,
    pub text: String,
    /// The actions fulfilling it that the caller may see.
    pub actions: Vec<super::action::ActionDto>,
}

#[derive(Serialize, ToSchema)]
pub struct LinkedMeetingDto {
    pub meeting_id: i64,
    pub title: String,
    pub held_on: NaiveDate,
    /// explored, discussed, signed, evaluated.
    pub role: String,
}

#[derive(Serialize, ToSchema)]
pub struct DocumentDto {
    /// Download at `/files/{id}` with a session.
    pub id: i64,
    pub filename: String,
    pub content_type: String,
    pub size: i64,
    /// signed, draft, other.
    pub kind: String,
}

#[derive(Serialize, ToSchema)]
pub struct TransitionDto {
    pub status_from: Option<String>,
    pub status_to: String,
    pub on_date: NaiveDate,
    pub note: Option<String>,
    pub username: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct AgreementDetail {
    pub agreement: AgreementEntryDto,
    pub obligations: Vec<ObligationDto>,
    pub meetings: Vec<LinkedMeetingDto>,
    pub documents: Vec<DocumentDto>,
    pub history: Vec<TransitionDto>,
    /// Derived documents (juklak, juknis, PKS, addendum).
    pub children: Vec<AgreementEntryDto>,
    pub can_edit: bool,
    /// Statuses it may move to now.
    pub next: Vec<String>,
}

fn detail(v: AgreementView) -> AgreementDetail {
    AgreementDetail {
        obligations: v
            .obligations
            .into_iter()
            .map(|o| ObligationDto {
                id: o.obligation.id,
                org_id: o.obligation.org_id,
                org_name: o.obligation.org_name,
                text: o.obligation.text,
                actions: o.actions.into_iter().map(super::action::dto).collect(),
            })
            .collect(),
        meetings: v
            .meetings
            .into_iter()
            .map(|m| LinkedMeetingDto {
                meeting_id: m.meeting_id,
                title: m.title,
                held_on: m.held_on,
                role: m.role.to_string(),
            })
            .collect(),
        documents: v
            .files
            .into_iter()
            .map(|f| DocumentDto {
                id: f.id,
                filename: f.filename,
                content_type: f.content_type,
                size: f.size,
                kind: f.kind.to_string(),
            })
            .collect(),
        history: v
            .transitions
            .into_iter()
            .map(|t| TransitionDto {
                status_from: t.status_from.map(|v| v.to_string()),
                status_to: t.status_to.to_string(),
                on_date: t.on_date,
                note: t.note,
                username: t.username,
            })
            .collect(),
        children: v.children.into_iter().map(dto).collect(),
        can_edit: v.can_edit,
        next: v.next.iter().map(|s| s.as_str().to_string()).collect(),
        agreement: dto(v.row),
    }
}

/// One agreement with its obligations and their actions, meetings, documents and history.
#[utoipa::path(get, operation_id = "agreement_get_one", path = "/api/v1/agreements/{id}", params(("id" = i64, Path)),
    responses((status = 200, body = AgreementDetail), (status = 404, body = ErrorBody)))]
pub async fn get_one(
    State(st): State<AppState>,
    ApiActor(a): ApiActor,
    Path(id): Path<i64>,
) -> Result<Json<AgreementDetail>, ApiError> {
    Ok(Json(detail(app::agreement::get(&st.app, &a, id).await?)))
}

/// Replaces the agreement's fields (not its status).
#[utoipa::path(put, operation_id = "agreement_update", path = "/api/v1/agreements/{id}", params(("id" = i64, Path)), request_body = AgreementInputBody,
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update(
    State(st): State<AppState>,
    ApiActor(a): ApiActor,
    Path(id): Path<i64>,
    ApiJson(b): ApiJson<AgreementInputBody>,
) -> Result<StatusCode, ApiError> {
    app::agreement::update(&st.app, &a, id, &b.input(false)?).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, ToSchema, Default)]
pub struct AgreementStatusBody {
    /// The new status (renewal has its own route).
    pub status: String,
    /// YYYY-MM-DD, default today; not in the future.
    pub on_date: Option<NaiveDate>,
    pub note: Option<String>,
}

/// Moves an agreement through its lifecycle.
#[utoipa::path(post, operation_id = "agreement_set_status", path = "/api/v1/agreements/{id}/status", params(("id" = i64, Path)), request_body = AgreementStatusBody,
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody, description = "status: agreement.transition, parties: agreement.signatures_missing")))]
pub async fn set_status(
    State(st): State<AppState>,
    ApiActor(a): ApiActor,
    Path(id): Path<i64>,
    ApiJson(b): ApiJson<AgreementStatusBody>,
) -> Result<StatusCode, ApiError> {
    let to =
        AgreementStatus::parse(&b.status).map_err(|code| app::AppError::from(domain::Invalid::one("status", code)))?;
    app::agreement::transition(&st.app, &a, id, to, b.on_date, b.note.as_deref()).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Renews an active or expired agreement: a linked draft; the old one becomes `renewed`.
#[utoipa::path(post, operation_id = "agreement_renew", path = "/api/v1/agreements/{id}/renew", params(("id" = i64, Path)),
    responses((status = 201, body = Created), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn renew(
    State(st): State<AppState>,
    ApiActor(a): ApiActor,
    Path(id): Path<i64>,
) -> Result<(StatusCode, Json<Created>), ApiError> {
    let new_id = app::agreement::renew(&st.app, &a, id).await?;
    Ok((StatusCode::CREATED, Json(Created { id: new_id })))
}

#[derive(Deserialize, ToSchema, Default)]
pub struct ObligationBody {
    /// One of the parties.
    pub org_id: i64,
    pub text: String,
}

/// Adds an obligation of one party.
#[utoipa::path(post, operation_id = "agreement_add_obligation", path = "/api/v1/agreements/{id}/obligations", params(("id" = i64, Path)), request_body = ObligationBody,
    responses((status = 201, body = Created), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn add_obligation(
    State(st): State<AppState>,
    ApiActor(a): ApiActor,
    Path(id): Path<i64>,
    ApiJson(b): ApiJson<ObligationBody>,
) -> Result<(StatusCode, Json<Created>), ApiError> {
    let oid = app::agreement::add_obligation(&st.app, &a, id, b.org_id, &b.text).await?;
    Ok((StatusCode::CREATED, Json(Created { id: oid })))
}

#[derive(Deserialize, ToSchema, Default)]
pub struct LinkActionBody {
    /// An existing action owned by the obligation's party.
    pub action_id: i64,
}

/// Links an existing action to an obligation.
#[utoipa::path(post, operation_id = "agreement_link_action", path = "/api/v1/obligations/{id}/actions", params(("id" = i64, Path)), request_body = LinkActionBody,
    responses((status = 204), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody, description = "action_id: agreement.action_owner")))]
pub async fn link_action(
    State(st): State<AppState>,
    ApiActor(a): ApiActor,
    Path(id): Path<i64>,
    ApiJson(b): ApiJson<LinkActionBody>,
) -> Result<StatusCode, ApiError> {
    app::agreement::link_action(&st.app, &a, id, b.action_id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, ToSchema, Default)]
pub struct NewActionBody {
    /// A meeting the caller hosts; linked to the agreement if it was not.
    pub meeting_id: i64,
    /// Default: the obligation's text.
    pub what: Option<String>,
    pub responsible: Option<String>,
    pub target: Option<String>,
    pub due_on: Option<String>,
    pub budget_source: Option<String>,
}

/// Creates an action for an obligation, owned by the obligation's party.
#[utoipa::path(post, operation_id = "agreement_create_action", path = "/api/v1/obligations/{id}/actions/new", params(("id" = i64, Path)), request_body = NewActionBody,
    responses((status = 201, body = Created), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_action(
    State(st): State<AppState>,
    ApiActor(a): ApiActor,
    Path(id): Path<i64>,
    ApiJson(b): ApiJson<NewActionBody>,
) -> Result<(StatusCode, Json<Created>), ApiError> {
    let mut r = Reader::new();
    let due_on = r.opt_date("due_on", b.due_on.as_deref().unwrap_or_default());
    let budget_source = r
        .opt_word(
            "budget_source",
            b.budget_source.as_deref().unwrap_or_default(),
            BudgetSource::parse,
        )
        .unwrap_or(BudgetSource::None);
    // The owner is the obligation's party, and an empty `what` its text: the use case's.
    let input = ActionInput {
        what: b.what.unwrap_or_default(),
        problem_id: None,
        owner_org_id: 0,
        responsible: b.responsible,
        supporting_org_ids: Vec::new(),
        target: b.target,
        due_on,
        budget_source,
        private_note: None,
    };
    let input = r.finish(input, Ok).map_err(app::AppError::from)?;
    let (_, action_id) = app::agreement::create_action(&st.app, &a, id, Some(b.meeting_id), &input).await?;
    Ok((StatusCode::CREATED, Json(Created { id: action_id })))
}

#[derive(Deserialize, ToSchema, Default)]
pub struct MeetingLinkBody {
    pub meeting_id: i64,
    /// explored, discussed (default), signed, evaluated.
    pub role: Option<String>,
}

/// Links a meeting where the agreement was explored, discussed, signed or evaluated.
#[utoipa::path(post, operation_id = "agreement_link_meeting", path = "/api/v1/agreements/{id}/meetings", params(("id" = i64, Path)), request_body = MeetingLinkBody,
    responses((status = 204), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn link_meeting(
    State(st): State<AppState>,
    ApiActor(a): ApiActor,
    Path(id): Path<i64>,
    ApiJson(b): ApiJson<MeetingLinkBody>,
) -> Result<StatusCode, ApiError> {
    let mut r = crate::form::Reader::new();
    let role = r
        .opt_word("role", b.role.as_deref().unwrap_or(""), MeetingRole::parse)
        .unwrap_or(MeetingRole::Discussed);
    let role = r.finish(role, Ok).map_err(app::AppError::from)?;
    app::agreement::link_meeting(&st.app, &a, id, b.meeting_id, role).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Serialize, ToSchema)]
pub struct ExpiryDto {
    /// Active and ending within 90 days.
    pub expiring: Vec<AgreementEntryDto>,
    /// Expired (by date or status) and not renewed.
    pub expired: Vec<AgreementEntryDto>,
}

#[derive(Deserialize, IntoParams, Default)]
pub struct ExpiryParams {
    /// A party organisation (and those under it); default: the caller's whole area.
    pub org_id: Option<i64>,
}

/// Agreements ending within 90 days and expired without renewal.
#[utoipa::path(get, operation_id = "agreement_expiring", path = "/api/v1/agreements/expiring", params(ExpiryParams),
    responses((status = 200, body = ExpiryDto)))]
pub async fn expiring(
    State(st): State<AppState>,
    ApiActor(a): ApiActor,
    Query(p): Query<ExpiryParams>,
) -> Result<Json<ExpiryDto>, ApiError> {
    let e = app::agreement::expiry(&st.app, &a, p.org_id).await?;
    Ok(Json(ExpiryDto {
        expiring: e.expiring.into_iter().map(dto).collect(),
        expired: e.expired.into_iter().map(dto).collect(),
    }))
}

#[derive(Deserialize, ToSchema, Default)]
pub struct BatchVillage {
    pub org_id: i64,
    pub doc_number: Option<String>,
    pub signatory: Option<String>,
}

#[derive(Deserialize, ToSchema, Default)]
pub struct BatchBody {
    /// The first party (e.g. a Puskesmas) the caller writes for.
    pub host_org_id: i64,
    pub kind: String,
    pub title: String,
    pub purpose: Option<String>,
    pub summary: Option<String>,
    pub start_on: Option<String>,
    pub end_on: Option<String>,
    #[serde(default)]
    pub scope: Vec<String>,
    pub host_doc_number: Option<String>,
    pub host_signatory: Option<String>,
    pub host_signatory_position: Option<String>,
    /// per_village (default) or multi_party.
    pub mode: Option<String>,
    /// Used where a village has no number: `{n}` sequence, `{kode}` desa code.
    pub number_pattern: Option<String>,
    pub villages: Vec<BatchVillage>,
}

#[derive(Serialize, ToSchema)]
pub struct BatchCreated {
    pub ids: Vec<i64>,
}

/// The same agreement between one organisation and many village governments, in one
/// transaction: one agreement per village, or one multi-party agreement.
#[utoipa::path(post, operation_id = "agreement_batch", path = "/api/v1/agreements/batch", request_body = BatchBody,
    responses((status = 201, body = BatchCreated), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn batch(
    State(st): State<AppState>,
    ApiActor(a): ApiActor,
    ApiJson(b): ApiJson<BatchBody>,
) -> Result<(StatusCode, Json<BatchCreated>), ApiError> {
    let mut r = Reader::new();
    let kind = kind(&mut r, &b.kind);
    let start_on = r.opt_date("start_on", b.start_on.as_deref().unwrap_or_default());
    let end_on = r.opt_date("end_on", b.end_on.as_deref().unwrap_or_default());
    let scope = scope(&mut r, &b.scope);
    let per_village = match b.mode.as_deref().map(str::trim).unwrap_or_default() {
        "" | "per_village" => true,
        "multi_party" => false,
        _ => {
            r.add("mode", "agreement.batch_mode");
            true
        }
    };
    let input = BatchInput {
        kind,
        title: b.title,
        legal_basis: None,
        purpose: b.purpose,
        summary: b.summary,
        start_on,
        end_on,
        is_public: false,
        scope,
        host_org_id: b.host_org_id,
        host_doc_number: b.host_doc_number,
        host_signatory: b.host_signatory,
        host_signatory_position: b.host_signatory_position,
        per_village,
        number_pattern: b.number_pattern,
        villages: b
            .villages
            .into_iter()
            .map(|v| domain::agreement::BatchVillage {
                org_id: v.org_id,
                doc_number: v.doc_number,
                signatory: v.signatory,
            })
            .collect(),
    };
    let input = r.finish(input, BatchInput::check).map_err(app::AppError::from)?;
    let ids = app::agreement::batch(&st.app, &a, &input).await?;
    Ok((StatusCode::CREATED, Json(BatchCreated { ids })))
}
