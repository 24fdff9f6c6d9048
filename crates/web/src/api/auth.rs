//! `POST /api/v1/auth/token` (username + password → a personal token) and `GET /api/v1/me`.

use super::{ApiActor, ApiJson, ErrorBody};
use crate::AppState;
use crate::ctx::ClientAddr;
use crate::error::ApiError;
use axum::Json;
use axum::extract::State;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Deserialize, ToSchema)]
pub struct TokenRequest {
    pub username: String,
    pub password: String,
    /// A name for the token, e.g. "import script".
    pub name: String,
    /// Days the token lives: 30, 90 (default), 180 or 365.
    #[serde(default)]
    pub days: Option<i64>,
}

#[derive(Serialize, ToSchema)]
pub struct TokenResponse {
    pub token: String,
}

/// Exchanges a username and password for a personal API token (rate-limited like the login page).
#[utoipa::path(post, path = "/api/v1/auth/token", request_body = TokenRequest, security(()),
    responses((status = 201, body = TokenResponse), (status = 422, body = ErrorBody), (status = 429, body = ErrorBody)))]
pub async fn create_token(
    State(st): State<AppState>,
    ClientAddr(client): ClientAddr,
    ApiJson(r): ApiJson<TokenRequest>,
) -> Result<(axum::http::StatusCode, Json<TokenResponse>), ApiError> {
    let days = r.days.unwrap_or(app::auth::TOKEN_DAYS_DEFAULT);
    if !app::auth::TOKEN_DAYS.contains(&days) {
        return Err(app::AppError::from(domain::Invalid::one("days", "choice.unknown")).into());
    }
    let (session, user) = app::auth::login(&st.app, &r.username, &r.password, &client).await?;
    app::auth::logout(&st.app, &session).await?;
    let token = app::auth::create_token(&st.app, user.id, &r.name, days).await?;
    Ok((axum::http::StatusCode::CREATED, Json(TokenResponse { token })))
}

#[derive(Serialize, ToSchema)]
pub struct Me {
    pub user_id: i64,
    pub username: String,
    pub display_name: String,
    pub role: String,
    pub org_id: Option<i64>,
}

/// Who the token belongs to.
#[utoipa::path(get, path = "/api/v1/me", responses((status = 200, body = Me), (status = 401, body = ErrorBody)))]
pub async fn me(ApiActor(a): ApiActor) -> Json<Me> {
    Json(Me {
        user_id: a.user_id,
        username: a.username,
        display_name: a.display_name,
        role: a.role.as_str().into(),
        org_id: a.org_id,
    })
}
