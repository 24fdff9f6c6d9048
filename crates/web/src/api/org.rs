//! `/api/v1/organizations`: list, read, create, update, wilayah kerja.

use super::{ApiActor, ApiJson, ErrorBody, Paging};
use crate::AppState;
use crate::error::ApiError;
use crate::form::Reader;
use crate::form::org::Words;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use domain::org::{ExternalId, OrgInput, OrgKind, Sector};
use serde::{Deserialize, Serialize};
use store::org::{Org, OrgFilter};
use utoipa::{IntoParams, ToSchema};

#[derive(Serialize, ToSchema)]
pub struct IdentifierDto {
    pub system: String,
    pub value: String,
}

#[derive(Serialize, ToSchema)]
pub struct OrgDto {
    pub id: i64,
    pub code: Option<String>,
    pub name: String,
    pub kind: String,
    pub sector: String,
    pub parent_id: Option<i64>,
    pub region_code: String,
    pub region_name: Option<String>,
    pub address: Option<String>,
    pub phone: Option<String>,
    /// Present on single reads.
    pub identifiers: Option<Vec<IdentifierDto>>,
    /// Desa codes of a Puskesmas' wilayah kerja (single reads).
    pub wilayah_kerja: Option<Vec<String>>,
}

fn dto(o: Org) -> OrgDto {
    OrgDto {
        id: o.id,
        code: o.code,
        name: o.name,
        kind: o.kind.to_string(),
        sector: o.sector.to_string(),
        parent_id: o.parent_id,
        region_code: o.region_code,
        region_name: o.region_name,
        address: o.address,
        phone: o.phone,
        identifiers: None,
        wilayah_kerja: None,
    }
}

#[derive(Deserialize, IntoParams)]
pub struct ListParams {
    pub q: Option<String>,
    pub kind: Option<String>,
    pub sector: Option<String>,
    /// Region code: organisations located there or below.
    pub within: Option<String>,
    pub parent_id: Option<i64>,
    /// 1-based page number.
    pub page: Option<i64>,
    /// Rows per page (1–500, default 100).
    pub per_page: Option<i64>,
}

/// Organisations visible to the caller.
#[utoipa::path(get, path = "/api/v1/organizations", params(ListParams), responses((status = 200, body = Vec<OrgDto>)))]
pub async fn list(
    State(st): State<AppState>,
    ApiActor(a): ApiActor,
    Query(p): Query<ListParams>,
) -> Result<Json<Vec<OrgDto>>, ApiError> {
    let kind = match p.kind.as_deref().filter(|k| !k.is_empty()) {
        Some(k) => Some(OrgKind::parse(k).map_err(|c| app::AppError::Invalid(domain::Invalid::one("kind", c)))?),
        None => None,
    };
    let sector = match p.sector.as_deref().filter(|k| !k.is_empty()) {
        Some(k) => Some(Sector::parse(k).map_err(|c| app::AppError::Invalid(domain::Invalid::one("sector", c)))?),
        None => None,
    };
    let within = match p.within.as_deref().filter(|k| !k.is_empty()) {
        Some(w) => Some(
            domain::region::RegionCode::parse(w)
                .map_err(|c| app::AppError::Invalid(domain::Invalid::one("within", c)))?
                .to_string(),
        ),
        None => None,
    };
    let f = OrgFilter {
        q: p.q,
        kind,
        sector,
        within,
        parent_id: p.parent_id,
        limit: Paging::new(p.page, p.per_page).limit(),
        offset: Paging::new(p.page, p.per_page).offset(),
    };
    let (orgs, _) = app::org::list(&st.app, &a, &f).await?;
    Ok(Json(orgs.into_iter().map(dto).collect()))
}

/// One organisation with its identifiers and wilayah kerja.
#[utoipa::path(get, path = "/api/v1/organizations/{id}", params(("id" = i64, Path)),
    responses((status = 200, body = OrgDto), (status = 404, body = ErrorBody)))]
pub async fn get_one(
    State(st): State<AppState>,
    ApiActor(a): ApiActor,
    Path(id): Path<i64>,
) -> Result<Json<OrgDto>, ApiError> {
    let v = app::org::get(&st.app, &a, id).await?;
    let mut d = dto(v.org);
    d.identifiers = Some(
        v.identifiers
            .into_iter()
            .map(|i| IdentifierDto {
                system: i.system,
                value: i.value,
            })
            .collect(),
    );
    d.wilayah_kerja = Some(v.wilayah_kerja.into_iter().map(|w| w.desa_code).collect());
    Ok(Json(d))
}

#[derive(Deserialize, ToSchema, Default)]
pub struct OrgBody {
    pub name: String,
    pub code: Option<String>,
    /// One of the organisation kinds (puskesmas, posyandu, polsek, koramil, …).
    pub kind: String,
    /// Defaults from the kind.
    pub sector: Option<String>,
    pub parent_id: Option<i64>,
    pub region_code: String,
    pub address: Option<String>,
    pub phone: Option<String>,
    #[serde(default)]
    pub identifiers: Vec<IdentifierIn>,
}

#[derive(Deserialize, ToSchema, Default)]
pub struct IdentifierIn {
    pub system: String,
    pub value: String,
}

impl OrgBody {
    /// The typed input; a word that is not one of the choices is named like a form field.
    fn input(self) -> Result<OrgInput, domain::Invalid> {
        let mut r = Reader::new();
        let (kind, sector, region_code) = Words {
            kind: &self.kind,
            sector: self.sector.as_deref().unwrap_or(""),
            region_code: &self.region_code,
        }
        .read(&mut r);
        let input = OrgInput {
            name: self.name,
            code: self.code,
            kind,
            sector,
            parent_id: self.parent_id,
            region_code,
            address: self.address,
            phone: self.phone,
            identifiers: self
                .identifiers
                .into_iter()
                .map(|i| ExternalId {
                    system: i.system,
                    value: i.value,
                })
                .collect(),
        };
        r.finish(input, Ok)
    }
}

#[derive(Serialize, ToSchema)]
pub struct Created {
    pub id: i64,
}

/// Creates an organisation.
#[utoipa::path(post, path = "/api/v1/organizations", request_body = OrgBody,
    responses((status = 201, body = Created), (status = 422, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn create(
    State(st): State<AppState>,
    ApiActor(a): ApiActor,
    ApiJson(b): ApiJson<OrgBody>,
) -> Result<(StatusCode, Json<Created>), ApiError> {
    let id = app::org::create(&st.app, &a, &b.input().map_err(app::AppError::from)?).await?;
    Ok((StatusCode::CREATED, Json(Created { id })))
}

/// Replaces an organisation's fields.
#[utoipa::path(put, path = "/api/v1/organizations/{id}", params(("id" = i64, Path)), request_body = OrgBody,
    responses((status = 204), (status = 422, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn update(
    State(st): State<AppState>,
    ApiActor(a): ApiActor,
    Path(id): Path<i64>,
    ApiJson(b): ApiJson<OrgBody>,
) -> Result<StatusCode, ApiError> {
    app::org::update(&st.app, &a, id, &b.input().map_err(app::AppError::from)?).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, ToSchema)]
pub struct WilayahKerjaBody {
    /// Kemendagri desa/kelurahan codes. A desa held by another Puskesmas is refused.
    pub desa: Vec<String>,
}

/// Replaces a Puskesmas' wilayah kerja.
#[utoipa::path(put, path = "/api/v1/organizations/{id}/wilayah-kerja", params(("id" = i64, Path)), request_body = WilayahKerjaBody,
    responses((status = 204), (status = 422, body = ErrorBody)))]
pub async fn set_wilayah_kerja(
    State(st): State<AppState>,
    ApiActor(a): ApiActor,
    Path(id): Path<i64>,
    ApiJson(b): ApiJson<WilayahKerjaBody>,
) -> Result<StatusCode, ApiError> {
    app::org::set_wilayah_kerja(&st.app, &a, id, &b.desa).await?;
    Ok(StatusCode::NO_CONTENT)
}
