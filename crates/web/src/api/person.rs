//! `/api/v1/people`: people and their positions. NIK is masked for roles that may not see it.

use super::org::Created;
use super::{ApiActor, ApiJson, ErrorBody, Paging};
use crate::AppState;
use crate::error::ApiError;
use crate::form::Reader;
use crate::form::person::{read_nik, read_position_kind};
use app::person::PersonRow;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use chrono::NaiveDate;
use domain::person::{PersonInput, PositionInput};
use serde::{Deserialize, Serialize};
use store::person::{PersonFilter, Position};
use utoipa::{IntoParams, ToSchema};

#[derive(Serialize, ToSchema)]
pub struct PositionDto {
    pub id: i64,
    pub org_id: i64,
    pub org_name: String,
    pub kind: String,
    pub title: Option<String>,
    pub started_on: Option<NaiveDate>,
    pub ended_on: Option<NaiveDate>,
}

#[derive(Serialize, ToSchema)]
pub struct PersonDto {
    pub id: i64,
    pub name: String,
    pub phone: Option<String>,
    pub email: Option<String>,
    /// Masked (`1503••••••••0001`) unless the caller's role may see it.
    pub nik: Option<String>,
    pub positions: Vec<PositionDto>,
}

fn pos(p: Position) -> PositionDto {
    PositionDto {
        id: p.id,
        org_id: p.org_id,
        org_name: p.org_name,
        kind: p.kind.to_string(),
        title: p.title,
        started_on: p.started_on,
        ended_on: p.ended_on,
    }
}

fn dto(r: PersonRow) -> PersonDto {
    PersonDto {
        id: r.person.id,
        name: r.person.name,
        phone: r.person.phone,
        email: r.person.email,
        nik: r.person.nik,
        positions: r.positions.into_iter().map(pos).collect(),
    }
}

#[derive(Deserialize, IntoParams)]
pub struct ListParams {
    pub q: Option<String>,
    pub org_id: Option<i64>,
    /// 1-based page number.
    pub page: Option<i64>,
    /// Rows per page (1–500, default 100).
    pub per_page: Option<i64>,
}

/// People visible to the caller.
#[utoipa::path(get, path = "/api/v1/people", params(ListParams), responses((status = 200, body = Vec<PersonDto>)))]
pub async fn list(
    State(st): State<AppState>,
    ApiActor(a): ApiActor,
    Query(p): Query<ListParams>,
) -> Result<Json<Vec<PersonDto>>, ApiError> {
    let f = PersonFilter {
        q: p.q,
        org_id: p.org_id,
        limit: Paging::new(p.page, p.per_page).limit(),
        offset: Paging::new(p.page, p.per_page).offset(),
    };
    let (rows, _) = app::person::list(&st.app, &a, &f).await?;
    Ok(Json(rows.into_iter().map(dto).collect()))
}

#[utoipa::path(get, path = "/api/v1/people/{id}", params(("id" = i64, Path)), responses((status = 200, body = PersonDto), (status = 404, body = ErrorBody)))]
pub async fn get_one(
    State(st): State<AppState>,
    ApiActor(a): ApiActor,
    Path(id): Path<i64>,
) -> Result<Json<PersonDto>, ApiError> {
    Ok(Json(dto(app::person::get(&st.app, &a, id).await?)))
}

#[derive(Deserialize, ToSchema, Default)]
pub struct PositionBody {
    pub org_id: i64,
    /// head, camat, kepala_desa, kapolsek, bhabinkamtibmas, danramil, babinsa, bidan_desa, kader, …
    pub kind: String,
    pub title: Option<String>,
    /// YYYY-MM-DD
    pub started_on: Option<String>,
    pub ended_on: Option<String>,
}

impl PositionBody {
    fn read(&self, r: &mut Reader) -> PositionInput {
        PositionInput {
            org_id: self.org_id,
            kind: read_position_kind(r, &self.kind),
            title: self.title.clone(),
            started_on: r.opt_date("started_on", self.started_on.as_deref().unwrap_or("")),
            ended_on: r.opt_date("ended_on", self.ended_on.as_deref().unwrap_or("")),
        }
    }
    fn input(&self) -> Result<PositionInput, app::AppError> {
        let mut r = Reader::new();
        let input = self.read(&mut r);
        Ok(r.finish(input, Ok)?)
    }
}

#[derive(Deserialize, ToSchema, Default)]
pub struct PersonBody {
    pub name: String,
    pub phone: Option<String>,
    pub email: Option<String>,
    /// 16 digits.
    pub nik: Option<String>,
    /// Required for every role but admin: where this person works.
    pub position: Option<PositionBody>,
}

impl PersonBody {
    /// The person and, when given, its first position.
    fn input(&self) -> Result<(PersonInput, Option<PositionInput>), app::AppError> {
        let mut r = Reader::new();
        let (nik, nik_masked) = read_nik(&mut r, self.nik.as_deref().unwrap_or(""));
        let person = PersonInput {
            name: self.name.clone(),
            phone: self.phone.clone(),
            email: self.email.clone(),
            nik,
            nik_masked,
        };
        let position = self.position.as_ref().map(|p| p.read(&mut r));
        Ok(r.finish((person, position), Ok)?)
    }
}

#[utoipa::path(post, path = "/api/v1/people", request_body = PersonBody, responses((status = 201, body = Created), (status = 422, body = ErrorBody)))]
pub async fn create(
    State(st): State<AppState>,
    ApiActor(a): ApiActor,
    ApiJson(b): ApiJson<PersonBody>,
) -> Result<(StatusCode, Json<Created>), ApiError> {
    let (person, position) = b.input()?;
    let id = app::person::create(&st.app, &a, &person, position.as_ref()).await?;
    Ok((StatusCode::CREATED, Json(Created { id })))
}

#[utoipa::path(put, path = "/api/v1/people/{id}", params(("id" = i64, Path)), request_body = PersonBody, responses((status = 204), (status = 422, body = ErrorBody)))]
pub async fn update(
    State(st): State<AppState>,
    ApiActor(a): ApiActor,
    Path(id): Path<i64>,
    ApiJson(b): ApiJson<PersonBody>,
) -> Result<StatusCode, ApiError> {
    let (person, _) = b.input()?;
    app::person::update(&st.app, &a, id, &person).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(post, path = "/api/v1/people/{id}/positions", params(("id" = i64, Path)), request_body = PositionBody, responses((status = 201, body = Created), (status = 422, body = ErrorBody)))]
pub async fn add_position(
    State(st): State<AppState>,
    ApiActor(a): ApiActor,
    Path(id): Path<i64>,
    ApiJson(b): ApiJson<PositionBody>,
) -> Result<(StatusCode, Json<Created>), ApiError> {
    let pid = app::person::add_position(&st.app, &a, id, &b.input()?).await?;
    Ok((StatusCode::CREATED, Json(Created { id: pid })))
}
