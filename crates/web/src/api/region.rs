//! `GET /api/v1/regions…`: the Kemendagri tree.

use super::{ApiActor, ErrorBody};
use crate::AppState;
use crate::error::ApiError;
use app::region::RegionView;
use axum::Json;
use axum::extract::{Path, Query, State};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Serialize, ToSchema)]
pub struct RegionDto {
    /// Kemendagri code, e.g. `15.03.01.2001`.
    pub code: String,
    pub name: String,
    /// province, regency, district or village.
    pub level: String,
    /// provinsi, kabupaten, kota, kecamatan, desa, kelurahan, desa_adat.
    pub kind: String,
    pub parent_code: Option<String>,
    pub postal_code: Option<String>,
    /// Names from the province down to the parent.
    pub path: Vec<String>,
}

impl From<RegionView> for RegionDto {
    fn from(v: RegionView) -> Self {
        Self {
            code: v.region.code,
            name: v.region.name,
            level: v.level_name.into(),
            kind: v.region.kind.to_string(),
            parent_code: v.region.parent_code,
            postal_code: v.region.postal_code,
            path: v.ancestors.into_iter().map(|a| a.name).collect(),
        }
    }
}

fn plain(r: store::region::Region) -> RegionDto {
    RegionDto {
        level: domain::region::RegionLevel::from_i16(r.level)
            .map(|l| l.as_str())
            .unwrap_or("unknown")
            .into(),
        code: r.code,
        name: r.name,
        kind: r.kind.to_string(),
        parent_code: r.parent_code,
        postal_code: r.postal_code,
        path: Vec::new(),
    }
}

#[derive(Deserialize, IntoParams)]
pub struct SearchParams {
    /// Name (case, spaces and punctuation ignored) or code prefix.
    pub q: String,
    /// 1 province, 2 regency, 3 district, 4 village.
    pub level: Option<i16>,
    /// Only below this region code.
    pub within: Option<String>,
    /// At most this many (1–200, default 50).
    pub limit: Option<i64>,
}

/// Forgiving search: `pangkalpinang` finds `Kota Pangkal Pinang` (19.71).
#[utoipa::path(get, path = "/api/v1/regions", params(SearchParams),
    responses((status = 200, body = Vec<RegionDto>), (status = 401, body = ErrorBody)))]
pub async fn search(
    State(st): State<AppState>,
    ApiActor(a): ApiActor,
    Query(p): Query<SearchParams>,
) -> Result<Json<Vec<RegionDto>>, ApiError> {
    let hits = app::region::search(
        &st.app.store,
        &a,
        &p.q,
        p.level,
        p.within.as_deref(),
        p.limit.unwrap_or(50),
    )
    .await?;
    Ok(Json(hits.into_iter().map(Into::into).collect()))
}

/// One region by code (dotted or bare digits).
#[utoipa::path(get, path = "/api/v1/regions/{code}", params(("code" = String, Path)),
    responses((status = 200, body = RegionDto), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn get_one(
    State(st): State<AppState>,
    ApiActor(a): ApiActor,
    Path(code): Path<String>,
) -> Result<Json<RegionDto>, ApiError> {
    Ok(Json(app::region::get(&st.app.store, &a, &code).await?.into()))
}

/// The regions directly below one.
#[utoipa::path(get, path = "/api/v1/regions/{code}/children", params(("code" = String, Path)),
    responses((status = 200, body = Vec<RegionDto>)))]
pub async fn children(
    State(st): State<AppState>,
    ApiActor(a): ApiActor,
    Path(code): Path<String>,
) -> Result<Json<Vec<RegionDto>>, ApiError> {
    let parent = app::region::get(&st.app.store, &a, &code).await?;
    let kids = app::region::children(&st.app.store, &a, Some(&parent.region.code)).await?;
    Ok(Json(kids.into_iter().map(plain).collect()))
}
