//! `/api/v1/problems`: problems and obstacles raised at a meeting, their root causes and
//! priority scores (USG, CARL, Hanlon), and the shortage register across meetings.

use super::org::Created;
use super::{ApiActor, ApiJson, ErrorBody};
use crate::AppState;
use crate::error::ApiError;
use crate::form::Reader;
use app::problem::ProblemView;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use chrono::NaiveDate;
use domain::problem::{ProblemCategory, ProblemInput};
use serde::{Deserialize, Serialize};
use store::problem::{Cause, Score, Shortage};
use utoipa::{IntoParams, ToSchema};

#[derive(Serialize, ToSchema)]
pub struct CauseDto {
    pub id: i64,
    /// people, method, materials, money, machines, environment.
    pub category: String,
    pub text: String,
}

fn cause(c: Cause) -> CauseDto {
    CauseDto {
        id: c.id,
        category: c.category.to_string(),
        text: c.text,
    }
}

#[derive(Serialize, ToSchema)]
pub struct ScoreDto {
    pub id: i64,
    /// usg, carl, hanlon.
    pub method: String,
    pub rater: String,
    /// In the order of the method's criteria (USG: U, S, G; CARL: C, A, R, L;
    /// Hanlon: A, B, C, P, E, A, R, L).
    pub scores: Vec<f64>,
    pub total: f64,
}

fn score(s: Score) -> ScoreDto {
    ScoreDto {
        id: s.id,
        scores: serde_json::from_str(&s.scores).unwrap_or_default(),
        method: s.method.to_string(),
        rater: s.rater,
        total: s.total,
    }
}

/// The priority of a problem by one method: its raters' mean total and its rank among the
/// meeting's problems scored by that method (1 = highest).
#[derive(Serialize, ToSchema)]
pub struct PriorityDto {
    pub method: String,
    pub mean: f64,
    pub rank: usize,
}

#[derive(Serialize, ToSchema)]
pub struct ProblemDto {
    pub id: i64,
    pub meeting_id: i64,
    pub title: String,
    pub description: Option<String>,
    /// facilities, staff, equipment, medicines, budget, data, participation, access,
    /// regulation, other.
    pub category: String,
    pub raised_by_org_id: Option<i64>,
    pub raised_by_org_name: Option<String>,
    pub raised_by: Option<String>,
    pub region_code: Option<String>,
    pub region_name: Option<String>,
    pub indicator: Option<String>,
    pub quantity: Option<i64>,
    pub causes: Vec<CauseDto>,
    pub scores: Vec<ScoreDto>,
    pub priority: Vec<PriorityDto>,
}

pub(crate) fn dto(v: ProblemView) -> ProblemDto {
    let p = v.problem;
    ProblemDto {
        id: p.id,
        meeting_id: p.meeting_id,
        title: p.title,
        description: p.description,
        category: p.category.to_string(),
        raised_by_org_id: p.raised_by_org_id,
        raised_by_org_name: p.raised_by_org_name,
        raised_by: p.raised_by,
        region_code: p.region_code,
        region_name: p.region_name,
        indicator: p.indicator,
        quantity: p.quantity,
        causes: v.causes.into_iter().map(cause).collect(),
        scores: v.scores.into_iter().map(score).collect(),
        priority: v
            .priority
            .into_iter()
            .map(|(method, mean, rank)| PriorityDto { method, mean, rank })
            .collect(),
    }
}

/// The problems raised at a meeting, with causes, scores and priority.
#[utoipa::path(get, operation_id = "problem_list", path = "/api/v1/meetings/{id}/problems", params(("id" = i64, Path)),
    responses((status = 200, body = Vec<ProblemDto>), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn list(
    State(st): State<AppState>,
    ApiActor(a): ApiActor,
    Path(id): Path<i64>,
) -> Result<Json<Vec<ProblemDto>>, ApiError> {
    let v = app::meeting::view(&st.app, &a, id).await?;
    Ok(Json(v.problems.into_iter().map(dto).collect()))
}

#[derive(Deserialize, ToSchema, Default)]
pub struct ProblemBody {
    pub title: String,
    pub description: Option<String>,
    /// facilities, staff, equipment, medicines, budget, data, participation, access,
    /// regulation, other (default).
    pub category: Option<String>,
    pub raised_by_org_id: Option<i64>,
    /// Who raised it, when not (only) an organisation.
    pub raised_by: Option<String>,
    /// Kemendagri code of the desa or region it concerns.
    pub region_code: Option<String>,
    pub indicator: Option<String>,
    /// For shortages: how many are missing (1–100000).
    pub quantity: Option<i64>,
}

impl ProblemBody {
    fn input(self) -> Result<ProblemInput, app::AppError> {
        let mut r = Reader::new();
        let category = r
            .opt_word(
                "category",
                self.category.as_deref().unwrap_or_default(),
                ProblemCategory::parse,
            )
            .unwrap_or(ProblemCategory::Other);
        let input = ProblemInput {
            title: self.title,
            description: self.description,
            category,
            raised_by_org_id: self.raised_by_org_id,
            raised_by: self.raised_by,
            region_code: self.region_code,
            indicator: self.indicator,
            quantity: self.quantity,
        };
        Ok(r.finish(input, ProblemInput::check)?)
    }
}

/// Records a problem raised at a meeting (host and co-host writers).
#[utoipa::path(post, operation_id = "problem_create", path = "/api/v1/meetings/{id}/problems", params(("id" = i64, Path)), request_body = ProblemBody,
    responses((status = 201, body = Created), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create(
    State(st): State<AppState>,
    ApiActor(a): ApiActor,
    Path(id): Path<i64>,
    ApiJson(b): ApiJson<ProblemBody>,
) -> Result<(StatusCode, Json<Created>), ApiError> {
    let pid = app::problem::add(&st.app, &a, id, &b.input()?).await?;
    Ok((StatusCode::CREATED, Json(Created { id: pid })))
}

#[derive(Deserialize, ToSchema, Default)]
pub struct CauseBody {
    /// people, method, materials, money, machines, environment.
    pub category: String,
    pub text: String,
}

/// Adds a root cause to a problem.
#[utoipa::path(post, operation_id = "problem_add_cause", path = "/api/v1/problems/{id}/causes", params(("id" = i64, Path)), request_body = CauseBody,
    responses((status = 201, body = Created), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn add_cause(
    State(st): State<AppState>,
    ApiActor(a): ApiActor,
    Path(id): Path<i64>,
    ApiJson(b): ApiJson<CauseBody>,
) -> Result<(StatusCode, Json<Created>), ApiError> {
    let category = domain::problem::CauseCategory::parse(&b.category)
        .map_err(|code| app::AppError::from(domain::Invalid::one("category", code)))?;
    let cid = app::problem::add_cause(&st.app, &a, id, category, &b.text).await?;
    Ok((StatusCode::CREATED, Json(Created { id: cid })))
}

#[derive(Deserialize, ToSchema, Default)]
pub struct ScoreBody {
    /// usg, carl, hanlon.
    pub method: String,
    pub rater: String,
    /// In the order of the method's criteria: USG U, S, G (1–5 each); CARL C, A, R, L
    /// (1–5); Hanlon A (0–10), B (0–20), C (0–10), then PEARL P, E, A, R, L (0 or 1).
    pub scores: Vec<f64>,
}

#[derive(Serialize, ToSchema)]
pub struct ScoreResult {
    /// This rater's total by the method's formula.
    pub total: f64,
}

/// Records one rater's priority scores for a problem.
#[utoipa::path(post, operation_id = "problem_add_score", path = "/api/v1/problems/{id}/scores", params(("id" = i64, Path)), request_body = ScoreBody,
    responses((status = 201, body = ScoreResult), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody, description = "scores: priority.count, priority.range or priority.pearl")))]
pub async fn add_score(
    State(st): State<AppState>,
    ApiActor(a): ApiActor,
    Path(id): Path<i64>,
    ApiJson(b): ApiJson<ScoreBody>,
) -> Result<(StatusCode, Json<ScoreResult>), ApiError> {
    let method = domain::problem::PriorityMethod::parse(&b.method)
        .map_err(|code| app::AppError::from(domain::Invalid::one("method", code)))?;
    let total = app::problem::add_score(&st.app, &a, id, method, &b.rater, &b.scores).await?;
    Ok((StatusCode::CREATED, Json(ScoreResult { total })))
}

#[derive(Serialize, ToSchema)]
pub struct ShortageDto {
    /// The problem's id.
    pub id: i64,
    pub meeting_id: i64,
    pub meeting_title: String,
    pub held_on: NaiveDate,
    pub title: String,
    pub category: String,
    pub quantity: Option<i64>,
    pub region_code: Option<String>,
    pub region_name: Option<String>,
    pub raised_by_org_name: Option<String>,
    /// Actions answering this shortage, and how many of them are still open.
    pub actions: i64,
    pub open_actions: i64,
}

fn shortage(s: Shortage) -> ShortageDto {
    ShortageDto {
        id: s.id,
        meeting_id: s.meeting_id,
        meeting_title: s.meeting_title,
        held_on: s.held_on,
        title: s.title,
        category: s.category.to_string(),
        quantity: s.quantity,
        region_code: s.region_code,
        region_name: s.region_name,
        raised_by_org_name: s.raised_by_org_name,
        actions: s.actions,
        open_actions: s.open_actions,
    }
}

#[derive(Deserialize, IntoParams)]
pub struct ShortageParams {
    /// facilities, staff, equipment or medicines.
    pub category: Option<String>,
    /// Region code: shortages located there or below.
    pub within: Option<String>,
}

/// The shortage register: facilities, staff, equipment and medicines raised in any meeting
/// the caller can see.
#[utoipa::path(get, operation_id = "problem_shortages", path = "/api/v1/shortages", params(ShortageParams),
    responses((status = 200, body = Vec<ShortageDto>), (status = 422, body = ErrorBody)))]
pub async fn shortages(
    State(st): State<AppState>,
    ApiActor(a): ApiActor,
    Query(p): Query<ShortageParams>,
) -> Result<Json<Vec<ShortageDto>>, ApiError> {
    let rows = app::problem::shortages(&st.app, &a, p.category.as_deref(), p.within.as_deref().map(str::trim)).await?;
    Ok(Json(rows.into_iter().map(shortage).collect()))
}
