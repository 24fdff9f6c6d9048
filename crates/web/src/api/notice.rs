//! `/api/v1/notices`: what concerns the caller's organisation (as the `/notices` page lists
//! it), with the unread ones first. Marking read is the page's (a write, and the API takes
//! no writes from a session).

use super::ApiActor;
use crate::AppState;
use crate::error::ApiError;
use axum::Json;
use axum::extract::State;
use chrono::NaiveDate;
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct NoticeDto {
    /// invited, assigned, due_soon, overdue or confirm.
    pub kind: String,
    /// The meeting's id (invited) or the action's (every other kind).
    pub id: i64,
    /// The meeting's title or what the action is.
    pub title: String,
    /// The meeting's day, or the action's due date.
    pub date: Option<NaiveDate>,
    pub meeting_id: i64,
    pub meeting_title: String,
    pub host: String,
    pub read: bool,
    /// The page it leads to: `/meetings/{id}` or `/actions/{id}`.
    pub path: String,
}

#[derive(Serialize, ToSchema)]
pub struct NoticesDto {
    pub unread: i64,
    pub notices: Vec<NoticeDto>,
}

/// The caller's notices: unread first, then the most urgent (overdue, a "done" to confirm,
/// due within 7 days, invitations, newly assigned).
#[utoipa::path(get, operation_id = "notice_list", path = "/api/v1/notices", responses((status = 200, body = NoticesDto)))]
pub async fn list(State(st): State<AppState>, ApiActor(a): ApiActor) -> Result<Json<NoticesDto>, ApiError> {
    let rows = app::notice::list(&st.app, &a).await?;
    let notices: Vec<NoticeDto> = rows
        .into_iter()
        .map(|n| NoticeDto {
            kind: n.kind.to_string(),
            id: n.entity_id,
            path: if n.kind.is_meeting() {
                format!("/meetings/{}", n.entity_id)
            } else {
                format!("/actions/{}", n.entity_id)
            },
            title: n.title,
            date: n.on_date,
            meeting_id: n.meeting_id,
            meeting_title: n.meeting_title,
            host: n.host_name,
            read: n.is_read != 0,
        })
        .collect();
    Ok(Json(NoticesDto {
        unread: notices.iter().filter(|n| !n.read).count() as i64,
        notices,
    }))
}
