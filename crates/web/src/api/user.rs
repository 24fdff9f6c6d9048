//! `/api/v1/users` (administrators only).

use super::org::Created;
use super::{ApiActor, ApiJson, ErrorBody};
use crate::AppState;
use crate::error::ApiError;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use domain::user::{Role, UserInput};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct UserDto {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub role: String,
    pub org_id: Option<i64>,
    pub person_id: Option<i64>,
    pub active: bool,
}

#[utoipa::path(get, path = "/api/v1/users", responses((status = 200, body = Vec<UserDto>), (status = 403, body = ErrorBody)))]
pub async fn list(State(st): State<AppState>, ApiActor(a): ApiActor) -> Result<Json<Vec<UserDto>>, ApiError> {
    let users = app::user::list(&st.app, &a).await?;
    Ok(Json(
        users
            .into_iter()
            .map(|u| UserDto {
                id: u.id,
                username: u.username,
                display_name: u.display_name,
                role: u.role.to_string(),
                org_id: u.org_id,
                person_id: u.person_id,
                active: u.active,
            })
            .collect(),
    ))
}

#[derive(Deserialize, ToSchema)]
pub struct UserBody {
    pub username: String,
    pub display_name: String,
    /// admin, dinkes, puskesmas, kader, partner, viewer
    pub role: String,
    pub org_id: Option<i64>,
    pub person_id: Option<i64>,
    /// At least 10 characters.
    pub password: String,
}

#[utoipa::path(post, path = "/api/v1/users", request_body = UserBody, responses((status = 201, body = Created), (status = 422, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn create(
    State(st): State<AppState>,
    ApiActor(a): ApiActor,
    ApiJson(b): ApiJson<UserBody>,
) -> Result<(StatusCode, Json<Created>), ApiError> {
    let role = match b.role.trim() {
        "" => Err("required"),
        r => Role::parse(r),
    }
    .map_err(|code| app::AppError::Invalid(domain::Invalid::one("role", code)))?;
    let input = UserInput {
        username: b.username,
        display_name: b.display_name,
        role,
        org_id: b.org_id,
        person_id: b.person_id,
        password: Some(b.password),
        active: true,
    };
    let id = app::user::create(&st.app, Some(&a), &input).await?;
    Ok((StatusCode::CREATED, Json(Created { id })))
}
