//! `/api/v1/actions`: follow-up actions (RTL) agreed at a meeting and owned by an organisation
//! of any sector; their progress updates, the caller's commitments and overdue actions by
//! sector. Private notes are included only where the app says the caller may see them.

use super::org::Created;
use super::{ApiActor, ApiJson, ErrorBody};
use crate::AppState;
use crate::error::ApiError;
use crate::form::Reader;
use app::action::ActionView;
use app::action::SectorGroup;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use chrono::{DateTime, NaiveDate, Utc};
use domain::action::{ActionInput, BudgetSource};
use serde::{Deserialize, Serialize};
use store::action::Update;
use utoipa::ToSchema;

/// One entry of an action's status history: a progress note, a status change, or both.
#[derive(Serialize, ToSchema)]
pub struct UpdateDto {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub username: Option<String>,
    pub org_name: Option<String>,
    pub status_from: Option<String>,
    pub status_to: Option<String>,
    pub note: Option<String>,
    /// Evidence file, downloadable at `/files/{file_id}` with a session.
    pub file_id: Option<i64>,
    pub filename: Option<String>,
}

fn update_dto(u: Update) -> UpdateDto {
    UpdateDto {
        id: u.id,
        at: u.at,
        username: u.username,
        org_name: u.org_name,
        status_from: u.status_from.map(|v| v.to_string()),
        status_to: u.status_to.map(|v| v.to_string()),
        note: u.note,
        file_id: u.file_id,
        filename: u.filename,
    }
}

#[derive(Serialize, ToSchema)]
pub struct ActionDto {
    pub id: i64,
    pub meeting_id: i64,
    pub meeting_title: String,
    pub meeting_held_on: NaiveDate,
    pub forum_id: Option<i64>,
    pub host_org_id: i64,
    pub problem_id: Option<i64>,
    pub problem_title: Option<String>,
    pub what: String,
    pub owner_org_id: i64,
    pub owner_name: String,
    pub owner_sector: String,
    pub responsible: Option<String>,
    pub target: Option<String>,
    pub due_on: Option<NaiveDate>,
    /// apbd, apbn, bok, dana_desa, jkn, csr, swadaya, other, none.
    pub budget_source: String,
    /// planned, in_progress, done, cancelled.
    pub status: String,
    /// Derived: open and past its due date in the meeting's local time.
    pub overdue: bool,
    /// Only for the writers of the host and of the owner organisation; otherwise null.
    pub private_note: Option<String>,
    /// Whether the caller may post progress on this action.
    pub can_update: bool,
    pub closed_at: Option<DateTime<Utc>>,
    pub closed_by: Option<String>,
    /// When the host of the meeting accepted a "done" (null: not confirmed; a partner's
    /// "done" is a claim until then).
    pub confirmed_at: Option<DateTime<Utc>>,
    pub confirmed_by: Option<String>,
    /// Whether the caller may confirm or reopen a "done" (the host's writers).
    pub can_confirm: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Names of the supporting organisations.
    pub supporters: Vec<String>,
    /// Status history, oldest first.
    pub updates: Vec<UpdateDto>,
}

pub(crate) fn dto(v: ActionView) -> ActionDto {
    let a = v.action;
    ActionDto {
        id: a.id,
        meeting_id: a.meeting_id,
        meeting_title: a.meeting_title,
        meeting_held_on: a.meeting_held_on,
        forum_id: a.forum_id,
        host_org_id: a.host_org_id,
        problem_id: a.problem_id,
        problem_title: a.problem_title,
        what: a.what,
        owner_org_id: a.owner_org_id,
        owner_name: a.owner_name,
        owner_sector: a.owner_sector.to_string(),
        responsible: a.responsible,
        target: a.target,
        due_on: a.due_on,
        budget_source: a.budget_source.to_string(),
        status: a.status.to_string(),
        overdue: v.overdue,
        // The app already blanks it; this keeps the API from ever depending on that alone.
        private_note: if v.show_private { a.private_note } else { None },
        can_update: v.can_update,
        closed_at: a.closed_at,
        closed_by: a.closed_by,
        confirmed_at: a.confirmed_at,
        confirmed_by: a.confirmed_by,
        can_confirm: v.is_host,
        created_at: a.created_at,
        updated_at: a.updated_at,
        supporters: v.supporters,
        updates: v.updates.into_iter().map(update_dto).collect(),
    }
}

/// What was agreed: the fields of an action.
#[derive(Deserialize, ToSchema, Default)]
pub struct ActionBody {
    pub what: String,
    /// A problem of the same meeting.
    pub problem_id: Option<i64>,
    /// Any existing organisation, of any sector.
    pub owner_org_id: i64,
    pub responsible: Option<String>,
    #[serde(default)]
    pub supporting_org_ids: Vec<i64>,
    pub target: Option<String>,
    /// YYYY-MM-DD, not before the meeting.
    pub due_on: Option<String>,
    /// apbd, apbn, bok, dana_desa, jkn, csr, swadaya, other, none (default).
    pub budget_source: Option<String>,
    /// Seen only by the host's and the owner's writers.
    pub private_note: Option<String>,
}

impl ActionBody {
    /// The typed action; the rule against the meeting's date is the use case's.
    fn input(self) -> Result<ActionInput, app::AppError> {
        let mut r = Reader::new();
        let due_on = r.opt_date("due_on", self.due_on.as_deref().unwrap_or_default());
        let budget_source = r
            .opt_word(
                "budget_source",
                self.budget_source.as_deref().unwrap_or_default(),
                BudgetSource::parse,
            )
            .unwrap_or(BudgetSource::None);
        let input = ActionInput {
            what: self.what,
            problem_id: self.problem_id,
            owner_org_id: self.owner_org_id,
            responsible: self.responsible,
            supporting_org_ids: self.supporting_org_ids,
            target: self.target,
            due_on,
            budget_source,
            private_note: self.private_note,
        };
        Ok(r.finish(input, |i| i.check(NaiveDate::MIN))?)
    }
}

/// Adds an action to a meeting (host and co-host writers).
#[utoipa::path(post, operation_id = "action_create", path = "/api/v1/meetings/{id}/actions", params(("id" = i64, Path)), request_body = ActionBody,
    responses((status = 201, body = Created), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody, description = "e.g. due_on: action.due_before_meeting, owner_org_id: org.unknown")))]
pub async fn create(
    State(st): State<AppState>,
    ApiActor(a): ApiActor,
    Path(id): Path<i64>,
    ApiJson(b): ApiJson<ActionBody>,
) -> Result<(StatusCode, Json<Created>), ApiError> {
    let aid = app::action::create(&st.app, &a, id, &b.input()?).await?;
    Ok((StatusCode::CREATED, Json(Created { id: aid })))
}

/// The actions agreed at a meeting (the RTL matrix).
#[utoipa::path(get, operation_id = "action_of_meeting", path = "/api/v1/meetings/{id}/actions", params(("id" = i64, Path)),
    responses((status = 200, body = Vec<ActionDto>), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn of_meeting(
    State(st): State<AppState>,
    ApiActor(a): ApiActor,
    Path(id): Path<i64>,
) -> Result<Json<Vec<ActionDto>>, ApiError> {
    let v = app::meeting::view(&st.app, &a, id).await?;
    Ok(Json(v.actions.into_iter().map(dto).collect()))
}

/// One action with its status history.
#[utoipa::path(get, operation_id = "action_get_one", path = "/api/v1/actions/{id}", params(("id" = i64, Path)),
    responses((status = 200, body = ActionDto), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn get_one(
    State(st): State<AppState>,
    ApiActor(a): ApiActor,
    Path(id): Path<i64>,
) -> Result<Json<ActionDto>, ApiError> {
    Ok(Json(dto(app::action::get(&st.app, &a, id).await?)))
}

/// Replaces what was agreed (host side only; progress goes through `/updates`).
#[utoipa::path(put, operation_id = "action_update", path = "/api/v1/actions/{id}", params(("id" = i64, Path)), request_body = ActionBody,
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update(
    State(st): State<AppState>,
    ApiActor(a): ApiActor,
    Path(id): Path<i64>,
    ApiJson(b): ApiJson<ActionBody>,
) -> Result<StatusCode, ApiError> {
    app::action::update(&st.app, &a, id, &b.input()?).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Progress on an action. Evidence files are uploaded through the page, not the API.
#[derive(Deserialize, ToSchema, Default)]
pub struct UpdateBody {
    pub note: Option<String>,
    /// planned, in_progress, done, cancelled. Closing an already closed action changes nothing.
    pub status: Option<String>,
}

/// Posts progress or a new status (the owner organisation's writers and the host).
#[utoipa::path(post, operation_id = "action_post_update", path = "/api/v1/actions/{id}/updates", params(("id" = i64, Path)), request_body = UpdateBody,
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody, description = "e.g. status: action.transition")))]
pub async fn post_update(
    State(st): State<AppState>,
    ApiActor(a): ApiActor,
    Path(id): Path<i64>,
    ApiJson(b): ApiJson<UpdateBody>,
) -> Result<StatusCode, ApiError> {
    let note = b.note.unwrap_or_default();
    let mut r = crate::form::Reader::new();
    let status = r.opt_word(
        "status",
        b.status.as_deref().unwrap_or(""),
        domain::action::ActionStatus::parse,
    );
    let status = r.finish(status, Ok).map_err(app::AppError::from)?;
    app::action::post_update(&st.app, &a, id, &note, status, None).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// "Our commitments": open actions owned by the caller's organisation (and its subtree),
/// across all meetings, overdue first.
#[utoipa::path(get, operation_id = "action_commitments", path = "/api/v1/commitments", responses((status = 200, body = Vec<ActionDto>)))]
pub async fn commitments(State(st): State<AppState>, ApiActor(a): ApiActor) -> Result<Json<Vec<ActionDto>>, ApiError> {
    let rows = app::action::commitments(&st.app, &a).await?;
    Ok(Json(rows.into_iter().map(dto).collect()))
}

#[derive(Serialize, ToSchema)]
pub struct OverdueOrgDto {
    /// Owner organisation's name.
    pub name: String,
    pub actions: Vec<ActionDto>,
}

#[derive(Serialize, ToSchema)]
pub struct OverdueGroupDto {
    pub sector: String,
    /// Organisations with the most overdue actions first.
    pub orgs: Vec<OverdueOrgDto>,
}

fn overdue_dto(g: SectorGroup) -> OverdueGroupDto {
    OverdueGroupDto {
        sector: g.sector.to_string(),
        orgs: g
            .orgs
            .into_iter()
            .map(|(name, actions)| OverdueOrgDto {
                name,
                actions: actions.into_iter().map(dto).collect(),
            })
            .collect(),
    }
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct DueParams {
    /// `YYYY-MM`. Default: the current month in the caller's region.
    pub month: Option<String>,
}

/// Open actions in the caller's area due in one month, grouped by sector and organisation as
/// the overdue ones are: what every sector still has to finish this month.
#[utoipa::path(get, operation_id = "action_due", path = "/api/v1/actions/due", params(DueParams),
    responses((status = 200, body = Vec<OverdueGroupDto>), (status = 422, body = ErrorBody)))]
pub async fn due(
    State(st): State<AppState>,
    ApiActor(a): ApiActor,
    Query(p): Query<DueParams>,
) -> Result<Json<Vec<OverdueGroupDto>>, ApiError> {
    // The month picker's reading, as the page's (`month.format` when it is not a month).
    let month = crate::pages::nutrition::parse_month(p.month.as_deref().unwrap_or_default())
        .map_err(|c| app::AppError::from(domain::Invalid::one("month", c)))?;
    let (_, groups) = app::action::due_by_sector(&st.app, &a, month).await?;
    Ok(Json(groups.into_iter().map(overdue_dto).collect()))
}

/// Overdue actions in the caller's area, grouped by sector and organisation.
#[utoipa::path(get, operation_id = "action_overdue", path = "/api/v1/actions/overdue", responses((status = 200, body = Vec<OverdueGroupDto>)))]
pub async fn overdue(
    State(st): State<AppState>,
    ApiActor(a): ApiActor,
) -> Result<Json<Vec<OverdueGroupDto>>, ApiError> {
    let groups = app::action::overdue_by_sector(&st.app, &a).await?;
    Ok(Json(groups.into_iter().map(overdue_dto).collect()))
}
