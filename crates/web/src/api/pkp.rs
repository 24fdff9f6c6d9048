//! `/api/v1/pkp`, `/api/v1/puskesmas/{id}/pkp/{year}`: the PKP (Penilaian Kinerja Puskesmas)
//! — the district's ranking, a Puskesmas's worksheet and checklist, its self-assessment
//! (saved or sent, all or nothing: a refused body names each row as `rows[i].field` or
//! `scores[j].field` and stores nothing) and the Dinkes's review.

use super::{ApiActor, ApiJson, ErrorBody};
use crate::AppState;
use crate::error::ApiError;
use app::pkp::{Counted, PkpInput, PkpView, Ranking, Review, ScoreInput, Then};
use axum::Json;
use axum::extract::{Path, Query, State};
use chrono::{DateTime, Utc};
use domain::pkp::RowNotes;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Serialize, ToSchema)]
pub struct PkpLineDto {
    pub indicator_code: String,
    /// kia_kb, gizi, imunisasi, p2p … (the worksheet's variable).
    pub program: String,
    pub target: Option<f64>,
    /// The sasaran of the wilayah kerja, or the summed monthly denominators.
    pub sasaran: Option<f64>,
    pub target_sasaran: Option<f64>,
    /// Null when nothing was reported in the months counted.
    pub riil: Option<f64>,
    pub realisasi: Option<f64>,
    /// Capped at 100.
    pub percent: Option<f64>,
    pub masalah: String,
    pub penyebab: String,
    pub rtl: String,
}

#[derive(Serialize, ToSchema)]
pub struct PkpItemDto {
    pub item_code: String,
    /// perencanaan, penggerakan, pengawasan, sumber_daya, keuangan, mutu.
    pub variable: String,
    pub text_id: String,
    pub text_en: String,
    /// entered, lokmin_bulanan, lokmin_tribulanan, previous_pkp.
    pub source: String,
    pub self_score: Option<u8>,
    pub verified_score: Option<u8>,
    pub evidence: String,
    /// The Lokmin Lintas counted (distinct months or quarters), when it counts them.
    pub counted_held: Option<u32>,
}

#[derive(Serialize, ToSchema)]
pub struct PkpStepDto {
    /// submitted, verified, returned.
    pub status: String,
    pub feedback: Option<String>,
    pub by: Option<String>,
    pub at: DateTime<Utc>,
}

#[derive(Serialize, ToSchema)]
pub struct PkpDto {
    pub puskesmas_id: i64,
    pub year: i32,
    pub through: u32,
    /// draft, submitted, verified, returned.
    pub status: String,
    /// The figures were computed now (draft, returned), not as sent.
    pub live: bool,
    pub coverage: Option<f64>,
    /// baik, cukup, kurang (groups I, II, III).
    pub coverage_group: Option<String>,
    pub management: Option<f64>,
    pub management_group: Option<String>,
    pub feedback: Option<String>,
    pub lines: Vec<PkpLineDto>,
    pub items: Vec<PkpItemDto>,
    pub steps: Vec<PkpStepDto>,
}

fn pkp_dto(v: PkpView) -> PkpDto {
    PkpDto {
        puskesmas_id: v.puskesmas.id,
        year: v.year,
        through: v.through,
        status: v.status.to_string(),
        live: v.live,
        coverage: v.coverage,
        coverage_group: v.coverage_group.map(|g| g.to_string()),
        management: v.management,
        management_group: v.management_group.map(|g| g.to_string()),
        feedback: v.assessment.as_ref().and_then(|a| a.feedback.clone()),
        lines: v
            .lines()
            .map(|l| PkpLineDto {
                indicator_code: l.indicator.code.clone(),
                program: l.indicator.program.to_string(),
                target: l.target,
                sasaran: l.sasaran,
                target_sasaran: l.target_sasaran,
                riil: l.riil,
                realisasi: l.realisasi,
                percent: l.percent,
                masalah: l.masalah.clone(),
                penyebab: l.penyebab.clone(),
                rtl: l.rtl.clone(),
            })
            .collect(),
        items: v
            .items()
            .map(|i| PkpItemDto {
                item_code: i.item.code.into(),
                variable: i.item.variable.to_string(),
                text_id: i.item.text_id.into(),
                text_en: i.item.text_en.into(),
                source: i.item.source.to_string(),
                self_score: i.self_score,
                verified_score: i.verified_score,
                evidence: i.evidence.clone(),
                counted_held: match &i.counted {
                    Some(Counted::Lokmin { held, .. }) => Some(*held),
                    _ => None,
                },
            })
            .collect(),
        steps: v
            .steps
            .into_iter()
            .map(|s| PkpStepDto {
                status: s.status.to_string(),
                feedback: s.feedback,
                by: s.by_username,
                at: s.at,
            })
            .collect(),
    }
}

#[derive(Deserialize, IntoParams)]
pub struct PkpPath {
    /// The Puskesmas (organisation id).
    pub id: i64,
    pub year: i32,
}

/// A Puskesmas's PKP of a year: the worksheet (computed now while it is the Puskesmas's, as
/// sent afterwards), the checklist and the steps.
#[utoipa::path(get, path = "/api/v1/puskesmas/{id}/pkp/{year}", params(PkpPath),
    responses((status = 200, body = PkpDto), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn get_one(
    State(st): State<AppState>,
    ApiActor(a): ApiActor,
    Path(p): Path<PkpPath>,
) -> Result<Json<PkpDto>, ApiError> {
    Ok(Json(pkp_dto(app::pkp::view(&st.app, &a, p.id, p.year).await?)))
}

#[derive(Deserialize, ToSchema)]
pub struct PkpRowIn {
    pub indicator_code: String,
    #[serde(default)]
    pub masalah: String,
    #[serde(default)]
    pub penyebab: String,
    #[serde(default)]
    pub rtl: String,
}

#[derive(Deserialize, ToSchema)]
pub struct PkpScoreIn {
    pub item_code: String,
    /// 0, 4, 7 or 10; null or absent: not scored yet.
    #[serde(default)]
    pub score: Option<u8>,
    #[serde(default)]
    pub evidence: String,
}

#[derive(Deserialize, ToSchema)]
pub struct PkpBody {
    #[serde(default)]
    pub rows: Vec<PkpRowIn>,
    #[serde(default)]
    pub scores: Vec<PkpScoreIn>,
    /// Send it to the Dinkes after saving.
    #[serde(default)]
    pub submit: bool,
}

/// Saves the Puskesmas's self-assessment (rows and items left out keep what was saved) and
/// sends it with `submit`.
#[utoipa::path(put, path = "/api/v1/puskesmas/{id}/pkp/{year}", params(PkpPath), request_body = PkpBody,
    responses((status = 200, body = PkpDto), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn save(
    State(st): State<AppState>,
    ApiActor(a): ApiActor,
    Path(p): Path<PkpPath>,
    ApiJson(b): ApiJson<PkpBody>,
) -> Result<Json<PkpDto>, ApiError> {
    let input = PkpInput {
        rows: b
            .rows
            .into_iter()
            .map(|r| RowNotes {
                indicator_code: r.indicator_code,
                masalah: r.masalah,
                penyebab: r.penyebab,
                rtl: r.rtl,
            })
            .collect(),
        scores: b
            .scores
            .into_iter()
            .map(|s| ScoreInput {
                item_code: s.item_code,
                score: s.score.map(|n| n.to_string()).unwrap_or_default(),
                evidence: s.evidence,
            })
            .collect(),
    };
    let then = if b.submit { Then::Submit } else { Then::Keep };
    Ok(Json(pkp_dto(
        app::pkp::save(&st.app, &a, p.id, p.year, input, then).await?,
    )))
}

#[derive(Deserialize, ToSchema)]
pub struct ReviewScoreIn {
    pub item_code: String,
    pub score: u8,
}

#[derive(Deserialize, ToSchema)]
pub struct ReviewBody {
    /// verify or return.
    pub decision: String,
    /// Required to return.
    #[serde(default)]
    pub feedback: String,
    /// The Dinkes's scores (verify); items left out keep the Puskesmas's.
    #[serde(default)]
    pub scores: Vec<ReviewScoreIn>,
}

/// The Dinkes verifies or returns what a Puskesmas sent (admin, dinkes).
#[utoipa::path(post, path = "/api/v1/puskesmas/{id}/pkp/{year}/review", params(PkpPath), request_body = ReviewBody,
    responses((status = 200, body = PkpDto), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn review(
    State(st): State<AppState>,
    ApiActor(a): ApiActor,
    Path(p): Path<PkpPath>,
    ApiJson(b): ApiJson<ReviewBody>,
) -> Result<Json<PkpDto>, ApiError> {
    let decision = match b.decision.trim() {
        "verify" => Review::Verify {
            scores: b
                .scores
                .into_iter()
                .map(|s| (s.item_code, s.score.to_string()))
                .collect(),
            feedback: b.feedback,
        },
        "return" => Review::Return { feedback: b.feedback },
        _ => return Err(app::AppError::from(domain::Invalid::one("decision", "choice.unknown")).into()),
    };
    Ok(Json(pkp_dto(
        app::pkp::review(&st.app, &a, p.id, p.year, decision).await?,
    )))
}

#[derive(Deserialize, IntoParams)]
pub struct RankingParams {
    /// The year (default: the previous one, the last whole year).
    pub year: Option<i32>,
}

#[derive(Serialize, ToSchema)]
pub struct RankLineDto {
    pub rank: Option<usize>,
    pub puskesmas_id: i64,
    pub name: String,
    /// draft, submitted, verified, returned; null: not started.
    pub status: Option<String>,
    pub coverage: Option<f64>,
    pub coverage_group: Option<String>,
    pub management: Option<f64>,
    pub management_group: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct RankingDto {
    pub year: i32,
    pub lines: Vec<RankLineDto>,
}

fn ranking_dto(r: Ranking) -> RankingDto {
    RankingDto {
        year: r.year,
        lines: r
            .lines
            .into_iter()
            .map(|l| RankLineDto {
                rank: l.rank,
                puskesmas_id: l.puskesmas.id,
                name: l.puskesmas.name,
                status: l.status.map(|s| s.to_string()),
                coverage: l.coverage,
                coverage_group: l.coverage_group.map(|g| g.to_string()),
                management: l.management,
                management_group: l.management_group.map(|g| g.to_string()),
            })
            .collect(),
    }
}

/// The district's PKP ranking of a year (district views).
#[utoipa::path(get, path = "/api/v1/pkp", params(RankingParams),
    responses((status = 200, body = RankingDto), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn ranking(
    State(st): State<AppState>,
    ApiActor(a): ApiActor,
    Query(p): Query<RankingParams>,
) -> Result<Json<RankingDto>, ApiError> {
    use chrono::Datelike;
    let year = p.year.unwrap_or(st.app.clock().today_for(&a).year() - 1);
    Ok(Json(ranking_dto(app::pkp::ranking(&st.app, &a, year).await?)))
}
