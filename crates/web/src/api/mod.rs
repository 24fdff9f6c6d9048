//! The JSON API under `/api/v1`, described by the OpenAPI document at
//! `/api/v1/openapi.json`. Bearer tokens (`lintas token create`, or the account page)
//! authenticate scripts; a browser session may read (GET) but not write, so no cookie-borne
//! request can change data without a token. Errors are `{"error": {"code", "message"}}`.

pub mod action;
pub mod agreement;
pub mod audit;
pub mod auth;
pub mod coverage;
pub mod meeting;
pub mod notice;
pub mod org;
pub mod person;
pub mod pkp;
pub mod plan;
pub mod problem;
pub mod region;
pub mod user;

use crate::AppState;
use crate::ctx::Visitor;
use crate::error::ApiError;
use axum::Router;
use axum::extract::rejection::JsonRejection;
use axum::extract::{DefaultBodyLimit, FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{Method, StatusCode, header};
use axum::routing::{MethodRouter, delete, get, post, put};
use domain::access::Actor;
use serde::de::DeserializeOwned;
use utoipa::OpenApi;

/// Largest JSON body accepted.
pub const MAX_JSON_BYTES: usize = 1024 * 1024;

#[derive(OpenApi)]
#[openapi(
    info(title = "Lintas API", version = "1", description = "Cross-sector community health coordination. Authenticate with `Authorization: Bearer <token>`."),
    paths(
        auth::create_token, auth::me,
        region::search, region::get_one, region::children,
        org::list, org::get_one, org::create, org::update, org::set_wilayah_kerja,
        person::list, person::get_one, person::create, person::update, person::add_position,
        user::list, user::create,
        audit::list,
        meeting::forums, meeting::create_forum, meeting::forum, meeting::schedule,
        meeting::list, meeting::create, meeting::get_one, meeting::update, meeting::set_status,
        meeting::set_orgs, meeting::rsvp, meeting::add_agenda_item, meeting::set_minutes,
        meeting::attendance, meeting::add_attendance, meeting::remove_attendance,
        meeting::agreements, meeting::add_agreement,
        problem::list, problem::create, problem::add_cause, problem::add_score, problem::shortages,
        action::of_meeting, action::create, action::get_one, action::update, action::post_update,
        action::commitments, action::overdue, action::due, notice::list,
        agreement::list, agreement::create, agreement::get_one, agreement::update, agreement::set_status,
        agreement::renew, agreement::add_obligation, agreement::link_action, agreement::create_action,
        agreement::link_meeting, agreement::expiring, agreement::batch,
        coverage::indicators, coverage::save_indicator, coverage::targets, coverage::save_targets,
        coverage::sasaran, coverage::save_sasaran, coverage::achievements, coverage::save_achievements,
        coverage::lock, coverage::pws, coverage::completeness, coverage::spm,
        pkp::ranking, pkp::get_one, pkp::save, pkp::review,
        plan::list, plan::get_one, plan::save, plan::months, plan::save_months, plan::results,
    ),
    components(schemas(org::IdentifierIn,
        ErrorBody, ErrorDetail, auth::TokenRequest, auth::TokenResponse, auth::Me,
        region::RegionDto, org::OrgDto, org::OrgBody, org::IdentifierDto, org::WilayahKerjaBody, org::Created,
        person::PersonDto, person::PositionDto, person::PersonBody, person::PositionBody,
        user::UserDto, user::UserBody, audit::AuditDto,
        meeting::ForumDto, meeting::ForumMemberDto, meeting::ForumBody, meeting::ScheduleBody, meeting::ScheduleResult,
        meeting::MeetingDto, meeting::MeetingBody, meeting::NewMeetingBody, meeting::StatusBody,
        meeting::OrgsBody, meeting::RsvpBody, meeting::MeetingOrgDto, meeting::AgendaItemDto,
        meeting::AttendeeDto, meeting::CountDto, meeting::AttendanceDto, meeting::AgreementDto,
        meeting::FileDto, meeting::MeetingViewDto, meeting::ReviewGroupDto, meeting::AgendaBody, meeting::MinutesBody,
        meeting::AttendanceBody, meeting::AttendanceAdded, meeting::AgreementBody,
        problem::CauseDto, problem::ScoreDto, problem::PriorityDto, problem::ProblemDto,
        problem::ProblemBody, problem::CauseBody, problem::ScoreBody, problem::ScoreResult,
        problem::ShortageDto,
        action::UpdateDto, action::ActionDto, action::ActionBody, action::UpdateBody,
        action::OverdueOrgDto, action::OverdueGroupDto, notice::NoticeDto, notice::NoticesDto,
        agreement::PartyDto, agreement::AgreementEntryDto, agreement::AgreementList, agreement::PartyBody,
        agreement::AgreementInputBody, agreement::ObligationDto, agreement::LinkedMeetingDto, agreement::DocumentDto,
        agreement::TransitionDto, agreement::AgreementDetail, agreement::AgreementStatusBody, agreement::ObligationBody,
        agreement::LinkActionBody, agreement::NewActionBody, agreement::MeetingLinkBody, agreement::ExpiryDto,
        agreement::BatchVillage, agreement::BatchBody, agreement::BatchCreated,
        coverage::IndicatorDto, coverage::Saved, coverage::TargetDto, coverage::TargetsDto, coverage::TargetIn,
        coverage::TargetsBody, coverage::SasaranDto, coverage::SasaranBody, coverage::AchievementDto,
        coverage::CellDto, coverage::AchievementsBody, coverage::LockBody, coverage::LockResult,
        coverage::PwsMonthDto, coverage::PwsLineDto, coverage::PwsDto, coverage::ReportDto,
        coverage::CompletenessLineDto, coverage::CompletenessDto, coverage::SpmLineDto, coverage::SpmPuskesmasDto,
        coverage::SpmDto,
        pkp::PkpLineDto, pkp::PkpItemDto, pkp::PkpStepDto, pkp::PkpDto, pkp::PkpRowIn, pkp::PkpScoreIn,
        pkp::PkpBody, pkp::ReviewScoreIn, pkp::ReviewBody, pkp::RankLineDto, pkp::RankingDto,
        plan::PlanSummaryDto, plan::MonthDto, plan::ActivityDto, plan::PlanDto, plan::PlanBody, plan::MonthKeyDto,
        plan::MonthsBody, plan::MonthsSaved, plan::TallyDto, plan::UpayaDto, plan::DueDto, plan::IndicatorResultDto,
        plan::ResultsDto,
    )),
    modifiers(&Security),
)]
pub struct ApiDoc;

struct Security;
impl utoipa::Modify for Security {
    fn modify(&self, doc: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        if let Some(c) = doc.components.as_mut() {
            c.add_security_scheme(
                "bearer",
                SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
            );
        }
        doc.security = Some(vec![utoipa::openapi::security::SecurityRequirement::new(
            "bearer",
            Vec::<String>::new(),
        )]);
    }
}

/// The error body of every failure.
#[derive(utoipa::ToSchema, serde::Serialize)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}
#[derive(utoipa::ToSchema, serde::Serialize)]
pub struct ErrorDetail {
    /// Stable code: unauthenticated, forbidden, not_found, invalid, malformed_json,
    /// unsupported_media_type, payload_too_large, rate_limited, internal.
    pub code: String,
    pub message: String,
    /// For `invalid`: each field with its validation code.
    pub fields: Option<Vec<serde_json::Value>>,
}

/// Every route of this part: (path, handlers by method). The router is built from this
/// list, and the authorization matrix test walks it, so a route added here without an entry
/// in the matrix fails that test.
pub fn routes() -> Vec<(&'static str, MethodRouter<AppState>)> {
    vec![
        ("/openapi.json", get(|| async { axum::Json(ApiDoc::openapi()) })),
        ("/auth/token", post(auth::create_token)),
        ("/me", get(auth::me)),
        ("/regions", get(region::search)),
        ("/regions/{code}", get(region::get_one)),
        ("/regions/{code}/children", get(region::children)),
        ("/organizations", get(org::list).post(org::create)),
        ("/organizations/{id}", get(org::get_one).put(org::update)),
        ("/organizations/{id}/wilayah-kerja", put(org::set_wilayah_kerja)),
        ("/people", get(person::list).post(person::create)),
        ("/people/{id}", get(person::get_one).put(person::update)),
        ("/people/{id}/positions", post(person::add_position)),
        ("/users", get(user::list).post(user::create)),
        ("/audit", get(audit::list)),
        ("/forums", get(meeting::forums).post(meeting::create_forum)),
        ("/forums/{id}", get(meeting::forum)),
        ("/forums/{id}/schedule", post(meeting::schedule)),
        ("/meetings", get(meeting::list).post(meeting::create)),
        ("/meetings/{id}", get(meeting::get_one).put(meeting::update)),
        ("/meetings/{id}/status", post(meeting::set_status)),
        ("/meetings/{id}/orgs", post(meeting::set_orgs)),
        ("/meetings/{id}/rsvp", post(meeting::rsvp)),
        ("/meetings/{id}/agenda", post(meeting::add_agenda_item)),
        ("/meetings/{id}/agenda/{item_id}", put(meeting::set_minutes)),
        (
            "/meetings/{id}/attendance",
            get(meeting::attendance).post(meeting::add_attendance),
        ),
        (
            "/meetings/{id}/attendance/{attendee_id}",
            delete(meeting::remove_attendance),
        ),
        (
            "/meetings/{id}/agreements-reached",
            get(meeting::agreements).post(meeting::add_agreement),
        ),
        ("/meetings/{id}/problems", get(problem::list).post(problem::create)),
        ("/meetings/{id}/actions", get(action::of_meeting).post(action::create)),
        ("/problems/{id}/causes", post(problem::add_cause)),
        ("/problems/{id}/scores", post(problem::add_score)),
        ("/shortages", get(problem::shortages)),
        ("/actions/overdue", get(action::overdue)),
        ("/actions/due", get(action::due)),
        ("/actions/{id}", get(action::get_one).put(action::update)),
        ("/actions/{id}/updates", post(action::post_update)),
        ("/commitments", get(action::commitments)),
        ("/notices", get(notice::list)),
        ("/agreements", get(agreement::list).post(agreement::create)),
        ("/agreements/expiring", get(agreement::expiring)),
        ("/agreements/batch", post(agreement::batch)),
        ("/agreements/{id}", get(agreement::get_one).put(agreement::update)),
        ("/agreements/{id}/status", post(agreement::set_status)),
        ("/agreements/{id}/renew", post(agreement::renew)),
        ("/agreements/{id}/obligations", post(agreement::add_obligation)),
        ("/agreements/{id}/meetings", post(agreement::link_meeting)),
        ("/obligations/{id}/actions", post(agreement::link_action)),
        ("/obligations/{id}/actions/new", post(agreement::create_action)),
        ("/indicators", get(coverage::indicators).post(coverage::save_indicator)),
        (
            "/puskesmas/{id}/targets",
            get(coverage::targets).put(coverage::save_targets),
        ),
        (
            "/puskesmas/{id}/sasaran",
            get(coverage::sasaran).put(coverage::save_sasaran),
        ),
        (
            "/puskesmas/{id}/achievements",
            get(coverage::achievements).post(coverage::save_achievements),
        ),
        ("/target-locks", post(coverage::lock)),
        ("/pws", get(coverage::pws)),
        ("/coverage/completeness", get(coverage::completeness)),
        ("/spm", get(coverage::spm)),
        ("/pkp", get(pkp::ranking)),
        ("/puskesmas/{id}/pkp/{year}", get(pkp::get_one).put(pkp::save)),
        ("/puskesmas/{id}/pkp/{year}/review", post(pkp::review)),
        // plan
        ("/puskesmas/{id}/plans", get(plan::list)),
        (
            "/puskesmas/{id}/plans/{year}/{kind}",
            get(plan::get_one).put(plan::save),
        ),
        (
            "/puskesmas/{id}/plans/{year}/{kind}/months",
            get(plan::months).put(plan::save_months),
        ),
        ("/puskesmas/{id}/plan-results", get(plan::results)),
    ]
}

pub fn router() -> Router<AppState> {
    routes()
        .into_iter()
        .fold(Router::new(), |r, (path, m)| r.route(path, m))
        .fallback(|| async { ApiError::new(StatusCode::NOT_FOUND, "not_found", "no such API route") })
        .layer(DefaultBodyLimit::max(MAX_JSON_BYTES))
}

/// The caller of an API route: a bearer token, or (for reads only) a browser session.
pub struct ApiActor(pub Actor);

impl FromRequestParts<AppState> for ApiActor {
    type Rejection = ApiError;
    async fn from_request_parts(parts: &mut Parts, st: &AppState) -> Result<Self, Self::Rejection> {
        let bearer = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer ").or_else(|| v.strip_prefix("bearer ")))
            .map(|t| t.trim().to_string());
        if let Some(t) = bearer {
            return Ok(ApiActor(app::auth::token_actor(&st.app, &t).await?));
        }
        let visitor = parts.extensions.get::<Visitor>();
        match visitor.and_then(|v| v.actor.clone()) {
            Some(a) if parts.method == Method::GET || parts.method == Method::HEAD => Ok(ApiActor(a)),
            Some(_) => Err(ApiError::new(
                StatusCode::UNAUTHORIZED,
                "unauthenticated",
                "writes need a bearer token",
            )),
            None => Err(app::AppError::Unauthenticated.into()),
        }
    }
}

/// A JSON body with the failures named: wrong content type (415), malformed JSON (400),
/// wrong shape (422), too large (413).
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned> FromRequest<AppState> for ApiJson<T> {
    type Rejection = ApiError;
    async fn from_request(req: Request, st: &AppState) -> Result<Self, Self::Rejection> {
        match axum::Json::<T>::from_request(req, st).await {
            Ok(axum::Json(v)) => Ok(ApiJson(v)),
            Err(rej) => Err(match rej {
                JsonRejection::MissingJsonContentType(_) => ApiError::new(
                    StatusCode::UNSUPPORTED_MEDIA_TYPE,
                    "unsupported_media_type",
                    "send Content-Type: application/json",
                ),
                JsonRejection::JsonSyntaxError(e) => {
                    ApiError::new(StatusCode::BAD_REQUEST, "malformed_json", e.body_text())
                }
                JsonRejection::JsonDataError(e) => {
                    ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid", e.body_text())
                }
                JsonRejection::BytesRejection(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => ApiError::new(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    "payload_too_large",
                    format!("bodies are limited to {MAX_JSON_BYTES} bytes"),
                ),
                other => ApiError::new(other.status(), "bad_request", other.body_text()),
            }),
        }
    }
}

/// Paging parameters shared by list routes.
pub struct Paging {
    pub page: Option<i64>,
    pub per_page: Option<i64>,
}

impl Paging {
    pub fn new(page: Option<i64>, per_page: Option<i64>) -> Self {
        Self { page, per_page }
    }
    pub fn limit(&self) -> i64 {
        self.per_page.unwrap_or(100).clamp(1, 500)
    }
    pub fn offset(&self) -> i64 {
        (self.page.unwrap_or(1).max(1) - 1).saturating_mul(self.limit())
    }
}
