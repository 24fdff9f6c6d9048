//! `/api/v1/forums` and `/api/v1/meetings`: recurring forums and their schedules, meetings
//! with invitations, agenda and minutes, attendance, and agreements reached (kesepakatan).
//! `GET /meetings/{id}` returns everything the meeting page shows.

use super::action::ActionDto;
use super::org::Created;
use super::problem::ProblemDto;
use super::{ApiActor, ApiJson, ErrorBody, Paging};
use crate::AppState;
use crate::error::ApiError;
use crate::form::Reader;
use app::meeting::{Count, MeetingView};
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use chrono::{DateTime, NaiveDate, Utc};
use domain::meeting::{AttendeeInput, ForumInput, ForumKind, MeetingInput, MeetingLevel};
use serde::{Deserialize, Serialize};
use store::action::FileInfo;
use store::meeting::{AgendaItem, AgreementReached, Attendee, Forum, Meeting, MeetingFilter, MeetingOrg};
use utoipa::{IntoParams, ToSchema};

fn invalid(field: &str, code: &'static str) -> ApiError {
    app::AppError::Invalid(domain::Invalid::one(field, code)).into()
}

// --- forums ------------------------------------------------------------------------------

#[derive(Serialize, ToSchema)]
pub struct ForumDto {
    pub id: i64,
    pub org_id: i64,
    pub org_name: String,
    /// lokmin_bulanan, lokmin_tribulanan, rakor_kesehatan, rakor_pokjanal, rembuk_stunting,
    /// agreement_talks, other.
    pub kind: String,
    pub name: String,
    /// desa, kecamatan, district, province.
    pub level: String,
    pub active: bool,
    /// Every scheduled meeting invites every desa (village government) of the host's
    /// wilayah kerja, as it is when the schedule is made.
    pub all_desa: bool,
    /// Standing members: organisations every scheduled meeting invites (single reads).
    pub members: Option<Vec<ForumMemberDto>>,
    /// The forum's meetings (single reads).
    pub meetings: Option<Vec<MeetingDto>>,
}

#[derive(Serialize, ToSchema)]
pub struct ForumMemberDto {
    pub org_id: i64,
    pub name: String,
    pub sector: String,
}

fn forum_dto(f: Forum) -> ForumDto {
    ForumDto {
        id: f.id,
        org_id: f.org_id,
        org_name: f.org_name,
        kind: f.kind.to_string(),
        name: f.name,
        level: f.level.to_string(),
        active: f.active,
        all_desa: f.all_desa,
        members: None,
        meetings: None,
    }
}

/// Forums of the organisations visible to the caller.
#[utoipa::path(get, operation_id = "meeting_forums", path = "/api/v1/forums", responses((status = 200, body = Vec<ForumDto>)))]
pub async fn forums(State(st): State<AppState>, ApiActor(a): ApiActor) -> Result<Json<Vec<ForumDto>>, ApiError> {
    let rows = app::meeting::forums(&st.app, &a).await?;
    Ok(Json(rows.into_iter().map(forum_dto).collect()))
}

/// One forum with its meetings.
#[utoipa::path(get, operation_id = "meeting_forum", path = "/api/v1/forums/{id}", params(("id" = i64, Path)),
    responses((status = 200, body = ForumDto), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn forum(
    State(st): State<AppState>,
    ApiActor(a): ApiActor,
    Path(id): Path<i64>,
) -> Result<Json<ForumDto>, ApiError> {
    let (f, meetings) = app::meeting::forum(&st.app, &a, id).await?;
    let (members, _) = app::meeting::forum_members(&st.app, &a, id).await?;
    let mut d = forum_dto(f);
    d.members = Some(
        members
            .into_iter()
            .map(|m| ForumMemberDto {
                org_id: m.org_id,
                name: m.name,
                sector: m.sector.to_string(),
            })
            .collect(),
    );
    d.meetings = Some(meetings.into_iter().map(meeting_dto).collect());
    Ok(Json(d))
}

#[derive(Deserialize, ToSchema, Default)]
pub struct ForumBody {
    pub name: String,
    /// lokmin_bulanan, lokmin_tribulanan, rakor_kesehatan, rakor_pokjanal, rembuk_stunting,
    /// agreement_talks, other.
    pub kind: String,
    /// The organisation whose recurring meeting this is.
    pub org_id: i64,
    /// desa, kecamatan, district, province; defaults from the kind.
    pub level: Option<String>,
}

/// Creates a forum (writers of its organisation).
#[utoipa::path(post, operation_id = "meeting_create_forum", path = "/api/v1/forums", request_body = ForumBody,
    responses((status = 201, body = Created), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_forum(
    State(st): State<AppState>,
    ApiActor(a): ApiActor,
    ApiJson(b): ApiJson<ForumBody>,
) -> Result<(StatusCode, Json<Created>), ApiError> {
    let mut r = Reader::new();
    let kind = r.word("kind", &b.kind, ForumKind::parse, ForumKind::Other);
    let level = r
        .opt_word("level", b.level.as_deref().unwrap_or_default(), MeetingLevel::parse)
        .unwrap_or(kind.default_level());
    let input = ForumInput {
        name: b.name,
        kind,
        org_id: b.org_id,
        level,
    };
    let input = r.finish(input, ForumInput::check).map_err(app::AppError::from)?;
    let id = app::meeting::create_forum(&st.app, &a, &input).await?;
    Ok((StatusCode::CREATED, Json(Created { id })))
}

#[derive(Deserialize, ToSchema, Default)]
pub struct ScheduleBody {
    pub year: i32,
    /// mon, tue, wed, thu or fri.
    pub weekday: String,
    /// Which occurrence of the weekday in the month, 1–5 (5 = the last).
    pub nth: u32,
    /// Months to meet in (1–12); defaults from the forum's kind (Lokmin bulanan every month,
    /// tribulanan February, May, August, November).
    pub months: Option<Vec<u32>>,
}

#[derive(Serialize, ToSchema)]
pub struct ScheduleResult {
    /// Ids of the meetings created; months that already have a meeting are skipped.
    pub created: Vec<i64>,
}

/// Generates a year of meetings for a forum. Running it twice adds nothing.
#[utoipa::path(post, operation_id = "meeting_schedule", path = "/api/v1/forums/{id}/schedule", params(("id" = i64, Path)), request_body = ScheduleBody,
    responses((status = 200, body = ScheduleResult), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn schedule(
    State(st): State<AppState>,
    ApiActor(a): ApiActor,
    Path(id): Path<i64>,
    ApiJson(b): ApiJson<ScheduleBody>,
) -> Result<Json<ScheduleResult>, ApiError> {
    let created = app::meeting::schedule_year(&st.app, &a, id, b.year, &b.weekday, b.nth, b.months).await?;
    Ok(Json(ScheduleResult { created }))
}

// --- meetings ----------------------------------------------------------------------------

#[derive(Serialize, ToSchema)]
pub struct MeetingDto {
    pub id: i64,
    pub forum_id: Option<i64>,
    pub forum_name: Option<String>,
    pub kind: String,
    pub title: String,
    pub level: String,
    pub host_org_id: i64,
    pub host_name: String,
    pub region_code: String,
    pub held_on: NaiveDate,
    /// HH:MM, local time of the meeting's region.
    pub start_time: Option<String>,
    pub place: Option<String>,
    pub chair: Option<String>,
    /// The first Lokmin of the year (penggalangan).
    pub first_of_year: bool,
    /// scheduled, held, cancelled.
    pub status: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

pub(crate) fn meeting_dto(m: Meeting) -> MeetingDto {
    MeetingDto {
        id: m.id,
        forum_id: m.forum_id,
        forum_name: m.forum_name,
        kind: m.kind.to_string(),
        title: m.title,
        level: m.level.to_string(),
        host_org_id: m.host_org_id,
        host_name: m.host_name,
        region_code: m.region_code,
        held_on: m.held_on,
        start_time: m.start_time,
        place: m.place,
        chair: m.chair,
        first_of_year: m.first_of_year,
        status: m.status.to_string(),
        created_at: m.created_at,
        updated_at: m.updated_at,
    }
}

#[derive(Deserialize, IntoParams)]
pub struct MeetingParams {
    /// YYYY-MM-DD: held on or after.
    pub from: Option<String>,
    /// YYYY-MM-DD: held on or before.
    pub to: Option<String>,
    pub forum_id: Option<i64>,
    /// Meetings this organisation hosts, co-hosts, is invited to or attended.
    pub org_id: Option<i64>,
    /// Meeting kind (lokmin_bulanan, …).
    pub kind: Option<String>,
    /// 1-based page number.
    pub page: Option<i64>,
    /// Rows per page (1–500, default 100).
    pub per_page: Option<i64>,
}

fn date_param(field: &str, v: Option<&str>) -> Result<Option<NaiveDate>, ApiError> {
    match v {
        Some(s) => domain::person::parse_date(s).map_err(|c| invalid(field, c)),
        None => Ok(None),
    }
}

/// Meetings visible to the caller (hosted by or involving an organisation in its area),
/// oldest first.
#[utoipa::path(get, operation_id = "meeting_list", path = "/api/v1/meetings", params(MeetingParams),
    responses((status = 200, body = Vec<MeetingDto>), (status = 422, body = ErrorBody)))]
pub async fn list(
    State(st): State<AppState>,
    ApiActor(a): ApiActor,
    Query(p): Query<MeetingParams>,
) -> Result<Json<Vec<MeetingDto>>, ApiError> {
    let kind = match p.kind.as_deref().filter(|k| !k.is_empty()) {
        Some(k) => Some(
            ForumKind::parse(k)
                .map_err(|c| invalid("kind", c))?
                .as_str()
                .to_string(),
        ),
        None => None,
    };
    let paging = Paging::new(p.page, p.per_page);
    let f = MeetingFilter {
        forum_id: p.forum_id,
        org_id: p.org_id,
        from: date_param("from", p.from.as_deref())?,
        to: date_param("to", p.to.as_deref())?,
        kind,
        side: None,
        limit: paging.limit(),
        offset: paging.offset(),
        newest_first: false,
    };
    let (rows, _) = app::meeting::list(&st.app, &a, &f).await?;
    Ok(Json(rows.into_iter().map(meeting_dto).collect()))
}

#[derive(Deserialize, ToSchema, Default)]
pub struct MeetingBody {
    pub title: String,
    /// Meeting kind; defaults to other.
    pub kind: Option<String>,
    pub forum_id: Option<i64>,
    pub host_org_id: i64,
    /// desa, kecamatan, district, province; defaults from the kind.
    pub level: Option<String>,
    /// YYYY-MM-DD, a local date of the host's region.
    pub held_on: String,
    /// HH:MM.
    pub start_time: Option<String>,
    pub place: Option<String>,
    pub chair: Option<String>,
    /// The first Lokmin of the year (penggalangan).
    #[serde(default)]
    pub first_of_year: bool,
}

impl MeetingBody {
    fn input(self) -> Result<MeetingInput, app::AppError> {
        let mut r = Reader::new();
        let kind = r
            .opt_word("kind", self.kind.as_deref().unwrap_or_default(), ForumKind::parse)
            .unwrap_or(ForumKind::Other);
        let level = r
            .opt_word("level", self.level.as_deref().unwrap_or_default(), MeetingLevel::parse)
            .unwrap_or(kind.default_level());
        let held_on = r.date("held_on", &self.held_on);
        let input = MeetingInput {
            title: self.title,
            kind,
            forum_id: self.forum_id,
            host_org_id: self.host_org_id,
            level,
            held_on,
            start_time: self.start_time,
            place: self.place,
            chair: self.chair,
            first_of_year: self.first_of_year,
        };
        Ok(r.finish(input, MeetingInput::check)?)
    }
}

#[derive(Deserialize, ToSchema, Default)]
pub struct NewMeetingBody {
    #[serde(flatten)]
    pub meeting: MeetingBody,
    /// Organisations invited.
    #[serde(default)]
    pub invited: Vec<i64>,
}

/// Creates a meeting (writers of the host organisation). When its forum has earlier meetings,
/// the agenda opens with the review of previous actions.
#[utoipa::path(post, operation_id = "meeting_create", path = "/api/v1/meetings", request_body = NewMeetingBody,
    responses((status = 201, body = Created), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create(
    State(st): State<AppState>,
    ApiActor(a): ApiActor,
    ApiJson(b): ApiJson<NewMeetingBody>,
) -> Result<(StatusCode, Json<Created>), ApiError> {
    let id = app::meeting::create(&st.app, &a, &b.meeting.input()?, &b.invited).await?;
    Ok((StatusCode::CREATED, Json(Created { id })))
}

/// Replaces a meeting's fields (host and co-host writers). Invitations go through `/orgs`.
#[utoipa::path(put, operation_id = "meeting_update", path = "/api/v1/meetings/{id}", params(("id" = i64, Path)), request_body = MeetingBody,
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update(
    State(st): State<AppState>,
    ApiActor(a): ApiActor,
    Path(id): Path<i64>,
    ApiJson(b): ApiJson<MeetingBody>,
) -> Result<StatusCode, ApiError> {
    app::meeting::update(&st.app, &a, id, &b.input()?).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, ToSchema, Default)]
pub struct StatusBody {
    /// scheduled, held, cancelled.
    pub status: String,
}

/// Sets a meeting's status.
#[utoipa::path(post, operation_id = "meeting_set_status", path = "/api/v1/meetings/{id}/status", params(("id" = i64, Path)), request_body = StatusBody,
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn set_status(
    State(st): State<AppState>,
    ApiActor(a): ApiActor,
    Path(id): Path<i64>,
    ApiJson(b): ApiJson<StatusBody>,
) -> Result<StatusCode, ApiError> {
    let status = domain::meeting::MeetingStatus::parse(&b.status)
        .map_err(|code| app::AppError::from(domain::Invalid::one("status", code)))?;
    app::meeting::set_status(&st.app, &a, id, status).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, ToSchema, Default)]
pub struct OrgsBody {
    /// invited, co_host, or none (removes them from the meeting).
    pub role: String,
    pub org_ids: Vec<i64>,
}

/// Invites organisations, makes them co-hosts, or removes them.
#[utoipa::path(post, operation_id = "meeting_set_orgs", path = "/api/v1/meetings/{id}/orgs", params(("id" = i64, Path)), request_body = OrgsBody,
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn set_orgs(
    State(st): State<AppState>,
    ApiActor(a): ApiActor,
    Path(id): Path<i64>,
    ApiJson(b): ApiJson<OrgsBody>,
) -> Result<StatusCode, ApiError> {
    let role =
        domain::meeting::parse_invitation(&b.role).map_err(|c| app::AppError::from(domain::Invalid::one("role", c)))?;
    app::meeting::set_orgs(&st.app, &a, id, &b.org_ids, role).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, ToSchema, Default)]
pub struct RsvpBody {
    /// The invited organisation answering (the caller must write for it).
    pub org_id: i64,
    /// yes, no, maybe.
    pub answer: String,
}

/// An invited organisation answers the invitation.
#[utoipa::path(post, operation_id = "meeting_rsvp", path = "/api/v1/meetings/{id}/rsvp", params(("id" = i64, Path)), request_body = RsvpBody,
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn rsvp(
    State(st): State<AppState>,
    ApiActor(a): ApiActor,
    Path(id): Path<i64>,
    ApiJson(b): ApiJson<RsvpBody>,
) -> Result<StatusCode, ApiError> {
    let answer =
        domain::meeting::Rsvp::parse(&b.answer).map_err(|c| app::AppError::from(domain::Invalid::one("rsvp", c)))?;
    app::meeting::rsvp(&st.app, &a, id, b.org_id, answer).await?;
    Ok(StatusCode::NO_CONTENT)
}

// --- the whole meeting ------------------------------------------------------------------

#[derive(Serialize, ToSchema)]
pub struct MeetingOrgDto {
    pub org_id: i64,
    pub name: String,
    pub sector: String,
    pub kind: String,
    /// host, co_host, invited, walk_in.
    pub role: String,
    /// yes, no, maybe, or null when not answered.
    pub rsvp: Option<String>,
    pub region_code: String,
    /// People of this organisation recorded as present.
    pub present: i64,
}

fn org_dto(o: MeetingOrg) -> MeetingOrgDto {
    MeetingOrgDto {
        org_id: o.org_id,
        name: o.name,
        sector: o.sector.to_string(),
        kind: o.kind.to_string(),
        role: o.role.to_string(),
        rsvp: o.rsvp.map(|v| v.to_string()),
        region_code: o.region_code,
        present: o.present,
    }
}

#[derive(Serialize, ToSchema)]
pub struct AgendaItemDto {
    pub id: i64,
    pub position: i64,
    pub title: String,
    pub findings: Option<String>,
    pub decisions: Option<String>,
}

fn agenda_dto(i: AgendaItem) -> AgendaItemDto {
    AgendaItemDto {
        id: i.id,
        position: i.position,
        title: i.title,
        findings: i.findings,
        decisions: i.decisions,
    }
}

#[derive(Serialize, ToSchema)]
pub struct AttendeeDto {
    pub id: i64,
    pub person_id: Option<i64>,
    pub name: String,
    /// Null for an organisation typed in that is not in the records.
    pub org_id: Option<i64>,
    pub org_name: String,
    pub sector: String,
    pub position: Option<String>,
}

fn attendee_dto(a: Attendee) -> AttendeeDto {
    AttendeeDto {
        id: a.id,
        person_id: a.person_id,
        name: a.name,
        org_id: a.org_id,
        org_name: a.org_name,
        sector: a.sector.to_string(),
        position: a.position,
    }
}

#[derive(Serialize, ToSchema)]
pub struct CountDto {
    /// Organisation name or sector.
    pub key: String,
    pub n: usize,
}

fn count_dto(c: Count) -> CountDto {
    CountDto { key: c.key, n: c.n }
}

/// Who came, with counts by organisation and by sector (largest first).
#[derive(Serialize, ToSchema)]
pub struct AttendanceDto {
    pub count: usize,
    pub attendees: Vec<AttendeeDto>,
    pub by_org: Vec<CountDto>,
    pub by_sector: Vec<CountDto>,
}

fn attendance_dto(attendees: Vec<Attendee>, by_org: Vec<Count>, by_sector: Vec<Count>) -> AttendanceDto {
    AttendanceDto {
        count: attendees.len(),
        attendees: attendees.into_iter().map(attendee_dto).collect(),
        by_org: by_org.into_iter().map(count_dto).collect(),
        by_sector: by_sector.into_iter().map(count_dto).collect(),
    }
}

/// An agreement reached (kesepakatan) and the organisations that signed it.
#[derive(Serialize, ToSchema)]
pub struct AgreementDto {
    pub id: i64,
    pub position: i64,
    pub text: String,
    /// Names of the signatory organisations.
    pub signatories: Vec<String>,
}

fn agreement_dto((a, signatories): (AgreementReached, Vec<String>)) -> AgreementDto {
    AgreementDto {
        id: a.id,
        position: a.position,
        text: a.text,
        signatories,
    }
}

/// A document attached to the meeting (metadata; the bytes are served at `url` to a signed-in
/// browser).
#[derive(Serialize, ToSchema)]
pub struct FileDto {
    pub id: i64,
    pub filename: String,
    pub content_type: String,
    pub size: i64,
    pub url: String,
}

fn file_dto(f: FileInfo) -> FileDto {
    FileDto {
        url: format!("/files/{}", f.id),
        id: f.id,
        filename: f.filename,
        content_type: f.content_type,
        size: f.size,
    }
}

/// The actions of one earlier meeting of the forum, in the review of a later one.
#[derive(Serialize, ToSchema)]
pub struct ReviewGroupDto {
    pub meeting_id: i64,
    pub title: String,
    pub held_on: NaiveDate,
    /// Done since the previous meeting, or done and not yet confirmed by the host
    /// (`confirmed_at` null).
    pub finished: Vec<ActionDto>,
    /// Planned or in progress, overdue first.
    pub open: Vec<ActionDto>,
    /// Cancelled since the previous meeting.
    pub dropped: Vec<ActionDto>,
}

fn review_dto(g: app::meeting::ReviewGroup) -> ReviewGroupDto {
    let list = |l: Vec<app::action::ActionView>| l.into_iter().map(super::action::dto).collect();
    ReviewGroupDto {
        meeting_id: g.meeting_id,
        title: g.title,
        held_on: g.held_on,
        finished: list(g.finished),
        open: list(g.open),
        dropped: list(g.dropped),
    }
}

/// Everything the meeting page shows.
#[derive(Serialize, ToSchema)]
pub struct MeetingViewDto {
    pub meeting: MeetingDto,
    /// Whether the caller may edit the meeting (host or co-host writer).
    pub editable: bool,
    pub orgs: Vec<MeetingOrgDto>,
    /// Invited organisations (and co-hosts) with nobody present.
    pub absent: Vec<MeetingOrgDto>,
    pub agenda: Vec<AgendaItemDto>,
    pub attendance: AttendanceDto,
    pub problems: Vec<ProblemDto>,
    pub actions: Vec<ActionDto>,
    /// The actions of earlier meetings of the same forum in their current state, per meeting
    /// (newest first): finished since the previous meeting (or not yet confirmed by the host),
    /// still open (overdue first), dropped since the previous meeting.
    pub review: Vec<ReviewGroupDto>,
    pub agreements_reached: Vec<AgreementDto>,
    pub files: Vec<FileDto>,
}

fn view_dto(v: MeetingView) -> MeetingViewDto {
    MeetingViewDto {
        meeting: meeting_dto(v.meeting),
        editable: v.editable,
        orgs: v.orgs.into_iter().map(org_dto).collect(),
        absent: v.absent.into_iter().map(org_dto).collect(),
        agenda: v.agenda.into_iter().map(agenda_dto).collect(),
        attendance: attendance_dto(v.attendance, v.by_org, v.by_sector),
        problems: v.problems.into_iter().map(super::problem::dto).collect(),
        actions: v.actions.into_iter().map(super::action::dto).collect(),
        review: v.review.into_iter().map(review_dto).collect(),
        agreements_reached: v.agreements.into_iter().map(agreement_dto).collect(),
        files: v.files.into_iter().map(file_dto).collect(),
    }
}

/// One meeting with its organisations, agenda and minutes, attendance, problems, actions,
/// review of previous actions, agreements reached and documents.
#[utoipa::path(get, operation_id = "meeting_get_one", path = "/api/v1/meetings/{id}", params(("id" = i64, Path)),
    responses((status = 200, body = MeetingViewDto), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn get_one(
    State(st): State<AppState>,
    ApiActor(a): ApiActor,
    Path(id): Path<i64>,
) -> Result<Json<MeetingViewDto>, ApiError> {
    Ok(Json(view_dto(app::meeting::view(&st.app, &a, id).await?)))
}

// --- agenda and minutes ------------------------------------------------------------------

#[derive(Deserialize, ToSchema, Default)]
pub struct AgendaBody {
    pub title: String,
}

/// Adds an agenda item.
#[utoipa::path(post, operation_id = "meeting_add_agenda_item", path = "/api/v1/meetings/{id}/agenda", params(("id" = i64, Path)), request_body = AgendaBody,
    responses((status = 201, body = Created), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn add_agenda_item(
    State(st): State<AppState>,
    ApiActor(a): ApiActor,
    Path(id): Path<i64>,
    ApiJson(b): ApiJson<AgendaBody>,
) -> Result<(StatusCode, Json<Created>), ApiError> {
    let item = app::meeting::add_agenda_item(&st.app, &a, id, &b.title).await?;
    Ok((StatusCode::CREATED, Json(Created { id: item })))
}

#[derive(Deserialize, ToSchema, Default)]
pub struct MinutesBody {
    pub findings: Option<String>,
    pub decisions: Option<String>,
}

/// Records the minutes of an agenda item (replaces findings and decisions).
#[utoipa::path(put, operation_id = "meeting_set_minutes", path = "/api/v1/meetings/{id}/agenda/{item_id}",
    params(("id" = i64, Path), ("item_id" = i64, Path)), request_body = MinutesBody,
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn set_minutes(
    State(st): State<AppState>,
    ApiActor(a): ApiActor,
    Path((id, item)): Path<(i64, i64)>,
    ApiJson(b): ApiJson<MinutesBody>,
) -> Result<StatusCode, ApiError> {
    let findings = b.findings.unwrap_or_default();
    let decisions = b.decisions.unwrap_or_default();
    app::meeting::set_minutes(&st.app, &a, id, item, &findings, &decisions).await?;
    Ok(StatusCode::NO_CONTENT)
}

// --- attendance --------------------------------------------------------------------------

/// The attendance of a meeting.
#[utoipa::path(get, operation_id = "meeting_attendance", path = "/api/v1/meetings/{id}/attendance", params(("id" = i64, Path)),
    responses((status = 200, body = AttendanceDto), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn attendance(
    State(st): State<AppState>,
    ApiActor(a): ApiActor,
    Path(id): Path<i64>,
) -> Result<Json<AttendanceDto>, ApiError> {
    let v = app::meeting::view(&st.app, &a, id).await?;
    Ok(Json(attendance_dto(v.attendance, v.by_org, v.by_sector)))
}

/// One attendee (a known person, or a walk-in by name with an organisation), or many at
/// once in `lines`, one per line: `name; organisation; position`.
#[derive(Deserialize, ToSchema, Default)]
pub struct AttendanceBody {
    /// Fast entry: `name; organisation; position` per line (comma or tab also separate).
    /// Organisations are matched by name among the meeting's and the caller's. All or nothing.
    pub lines: Option<String>,
    pub person_id: Option<i64>,
    pub name: Option<String>,
    pub org_id: Option<i64>,
    /// For an organisation not in the records.
    pub org_name: Option<String>,
    pub position: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct AttendanceAdded {
    pub added: usize,
}

/// Records attendees.
#[utoipa::path(post, operation_id = "meeting_add_attendance", path = "/api/v1/meetings/{id}/attendance", params(("id" = i64, Path)), request_body = AttendanceBody,
    responses((status = 201, body = AttendanceAdded), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody, description = "e.g. lines: attendance.line_format or attendance.ambiguous (an organisation that fits several), naming the line")))]
pub async fn add_attendance(
    State(st): State<AppState>,
    ApiActor(a): ApiActor,
    Path(id): Path<i64>,
    ApiJson(b): ApiJson<AttendanceBody>,
) -> Result<(StatusCode, Json<AttendanceAdded>), ApiError> {
    let name = b.name.unwrap_or_default();
    let single = (!name.trim().is_empty() || b.person_id.is_some()).then_some(AttendeeInput {
        person_id: b.person_id,
        name,
        org_id: b.org_id,
        org_name: b.org_name,
        position: b.position,
    });
    let lines = b.lines.as_deref().filter(|l| !l.trim().is_empty());
    let added = app::meeting::add_attendees(&st.app, &a, id, single.as_ref(), lines, &[]).await?;
    Ok((StatusCode::CREATED, Json(AttendanceAdded { added })))
}

/// Removes an attendee (audited, like every change to a held meeting's attendance).
#[utoipa::path(delete, operation_id = "meeting_remove_attendance", path = "/api/v1/meetings/{id}/attendance/{attendee_id}",
    params(("id" = i64, Path), ("attendee_id" = i64, Path)),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn remove_attendance(
    State(st): State<AppState>,
    ApiActor(a): ApiActor,
    Path((id, attendee)): Path<(i64, i64)>,
) -> Result<StatusCode, ApiError> {
    app::meeting::remove_attendee(&st.app, &a, id, attendee).await?;
    Ok(StatusCode::NO_CONTENT)
}

// --- agreements reached ------------------------------------------------------------------

/// The agreements reached at a meeting, with their signatories.
#[utoipa::path(get, operation_id = "meeting_agreements", path = "/api/v1/meetings/{id}/agreements-reached", params(("id" = i64, Path)),
    responses((status = 200, body = Vec<AgreementDto>), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn agreements(
    State(st): State<AppState>,
    ApiActor(a): ApiActor,
    Path(id): Path<i64>,
) -> Result<Json<Vec<AgreementDto>>, ApiError> {
    let v = app::meeting::view(&st.app, &a, id).await?;
    Ok(Json(v.agreements.into_iter().map(agreement_dto).collect()))
}

#[derive(Deserialize, ToSchema, Default)]
pub struct AgreementBody {
    pub text: String,
    /// Signatory organisations.
    #[serde(default)]
    pub org_ids: Vec<i64>,
}

/// Records an agreement reached and the organisations that signed it.
#[utoipa::path(post, operation_id = "meeting_add_agreement", path = "/api/v1/meetings/{id}/agreements-reached", params(("id" = i64, Path)), request_body = AgreementBody,
    responses((status = 201, body = Created), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn add_agreement(
    State(st): State<AppState>,
    ApiActor(a): ApiActor,
    Path(id): Path<i64>,
    ApiJson(b): ApiJson<AgreementBody>,
) -> Result<(StatusCode, Json<Created>), ApiError> {
    let aid = app::meeting::add_agreement(&st.app, &a, id, &b.text, &b.org_ids).await?;
    Ok((StatusCode::CREATED, Json(Created { id: aid })))
}
