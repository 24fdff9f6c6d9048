//! `GET /api/v1/audit` (administrators only).

use super::{ApiActor, ErrorBody};
use crate::AppState;
use crate::error::ApiError;
use crate::pages::audit::AuditQuery;
use axum::Json;
use axum::extract::{Query, State};
use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct AuditDto {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub username: Option<String>,
    pub action: String,
    pub entity: String,
    pub entity_id: Option<String>,
    pub summary: String,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
}

#[utoipa::path(get, path = "/api/v1/audit", params(("entity" = Option<String>, Query), ("username" = Option<String>, Query), ("action" = Option<String>, Query), ("from" = Option<String>, Query), ("to" = Option<String>, Query), ("page" = Option<i64>, Query)),
    responses((status = 200, body = Vec<AuditDto>), (status = 403, body = ErrorBody)))]
pub async fn list(
    State(st): State<AppState>,
    ApiActor(a): ApiActor,
    Query(q): Query<AuditQuery>,
) -> Result<Json<Vec<AuditDto>>, ApiError> {
    let page = q.page.unwrap_or(1).max(1);
    let (entries, _) = app::audit::list(&st.app, &a, &q.filter(100, (page - 1) * 100)).await?;
    let parse = |s: Option<String>| s.and_then(|s| serde_json::from_str(&s).ok());
    Ok(Json(
        entries
            .into_iter()
            .map(|e| AuditDto {
                id: e.id,
                at: e.at,
                username: e.username,
                action: e.action,
                entity: e.entity,
                entity_id: e.entity_id,
                summary: e.summary,
                before: parse(e.before_json),
                after: parse(e.after_json),
            })
            .collect(),
    ))
}
