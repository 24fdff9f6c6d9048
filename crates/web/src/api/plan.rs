//! `/api/v1/puskesmas/{id}/plans…`: a Puskesmas's plans — the RUK (proposals for a year) and
//! the RPK/POA (a year's plan by month) — with their activities (replaced all at once, all or
//! nothing: a refused batch names each row as `rows[i].field` and stores nothing), the month
//! records of an RPK, and "results vs plan" for a month.

use super::{ApiActor, ApiJson, ErrorBody};
use crate::AppState;
use crate::error::ApiError;
use crate::form::Reader;
use app::plan::{PlanView, ResultsView};
use axum::Json;
use axum::extract::{Path, Query, State};
use chrono::Datelike;
use domain::coverage::Program;
use domain::plan::{ActivityInput, Fund, MonthInput, MonthStatus, PlanKind, PlanStatus, Tally};
use serde::{Deserialize, Serialize};
use store::plan::Activity;
use utoipa::{IntoParams, ToSchema};

#[derive(Serialize, ToSchema)]
pub struct PlanSummaryDto {
    pub id: i64,
    pub year: i64,
    /// ruk or rpk.
    pub kind: String,
    /// draft or final.
    pub status: String,
    pub activities: usize,
    /// Σ budget of the activities, Rupiah.
    pub budget: i64,
}

#[derive(Deserialize, IntoParams)]
pub struct PlansParams {
    /// Only this year's plans.
    pub year: Option<i32>,
}

/// The plans of a Puskesmas, newest year first.
#[utoipa::path(get, path = "/api/v1/puskesmas/{id}/plans", params(("id" = i64, Path), PlansParams),
    responses((status = 200, body = Vec<PlanSummaryDto>), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn list(
    State(st): State<AppState>,
    ApiActor(a): ApiActor,
    Path(id): Path<i64>,
    Query(p): Query<PlansParams>,
) -> Result<Json<Vec<PlanSummaryDto>>, ApiError> {
    let v = app::plan::list(&st.app, &a, id, p.year).await?;
    Ok(Json(
        v.plans
            .into_iter()
            .map(|l| PlanSummaryDto {
                id: l.plan.id,
                year: l.plan.year,
                kind: l.plan.kind.to_string(),
                status: l.plan.status.to_string(),
                activities: l.activities,
                budget: l.budget,
            })
            .collect(),
    ))
}

#[derive(Serialize, Deserialize, ToSchema, Clone)]
pub struct MonthDto {
    pub activity_id: i64,
    /// 1–12.
    pub month: u32,
    /// done, not_done or moved.
    pub status: String,
    /// The month it was moved to (moved only).
    pub moved_to: Option<u32>,
    /// Required for not_done and moved.
    pub reason: Option<String>,
}

#[derive(Serialize, Deserialize, ToSchema)]
pub struct ActivityDto {
    /// On reads; on a write, the activity of the plan this row changes (none: a new one).
    pub id: Option<i64>,
    /// The upaya: kia_kb, gizi, imunisasi, p2p, promkes, kesling, perkesmas, ukp, manajemen.
    pub program: Option<String>,
    /// ILP klaster 1–5.
    pub cluster: Option<u8>,
    pub kegiatan: String,
    #[serde(default)]
    pub tujuan: String,
    #[serde(default)]
    pub sasaran: String,
    /// Percent.
    pub target: Option<f64>,
    pub volume: Option<f64>,
    #[serde(default)]
    pub unit: String,
    /// Programmes inside the Puskesmas taking part (programme codes).
    #[serde(default)]
    pub partner_programs: Vec<String>,
    /// Organisations of other sectors taking part (ids).
    #[serde(default)]
    pub partner_orgs: Vec<i64>,
    /// Months scheduled, 1–12 (at least one in an RPK).
    #[serde(default)]
    pub months: Vec<u32>,
    /// Rupiah.
    pub budget: Option<i64>,
    /// bok, apbd, dana_desa, jkn_kapitasi, other (required with a budget).
    pub fund: Option<String>,
    /// A catalogue indicator code.
    pub indicator_code: Option<String>,
    /// On reads: what was recorded for its months (RPK).
    #[serde(default, skip_deserializing)]
    pub recorded: Vec<MonthDto>,
}

fn activity_dto(a: Activity) -> ActivityDto {
    ActivityDto {
        id: Some(a.id),
        program: a.program.map(|p| p.to_string()),
        cluster: a.cluster,
        kegiatan: a.kegiatan,
        tujuan: a.tujuan,
        sasaran: a.sasaran,
        target: a.target,
        volume: a.volume,
        unit: a.unit,
        partner_programs: a.partner_programs.iter().map(|p| p.to_string()).collect(),
        partner_orgs: a.partner_orgs.iter().map(|o| o.id).collect(),
        months: a.months.list(),
        budget: a.budget,
        fund: a.fund.map(|f| f.to_string()),
        indicator_code: a.indicator_code,
        recorded: a
            .recorded
            .into_iter()
            .map(|r| MonthDto {
                activity_id: r.activity_id,
                month: u32::try_from(r.month).unwrap_or(0),
                status: r.status.to_string(),
                moved_to: r.moved_to.and_then(|m| u32::try_from(m).ok()),
                reason: r.reason,
            })
            .collect(),
    }
}

#[derive(Serialize, ToSchema)]
pub struct PlanDto {
    pub id: i64,
    pub puskesmas_id: i64,
    pub year: i64,
    pub kind: String,
    pub status: String,
    pub activities: Vec<ActivityDto>,
}

fn plan_dto(v: PlanView) -> PlanDto {
    PlanDto {
        id: v.plan.id,
        puskesmas_id: v.puskesmas.id,
        year: v.plan.year,
        kind: v.plan.kind.to_string(),
        status: v.plan.status.to_string(),
        activities: v.activities.into_iter().map(activity_dto).collect(),
    }
}

fn kind_of(s: &str) -> Result<PlanKind, ApiError> {
    PlanKind::parse(s).map_err(|c| app::AppError::from(domain::Invalid::one("kind", c)).into())
}

/// A Puskesmas's plan of a year and kind (`ruk` or `rpk`), with its activities.
#[utoipa::path(get, path = "/api/v1/puskesmas/{id}/plans/{year}/{kind}",
    params(("id" = i64, Path), ("year" = i32, Path), ("kind" = String, Path, description = "ruk or rpk")),
    responses((status = 200, body = PlanDto), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn get_one(
    State(st): State<AppState>,
    ApiActor(a): ApiActor,
    Path((id, year, kind)): Path<(i64, i32, String)>,
) -> Result<Json<PlanDto>, ApiError> {
    let kind = kind_of(&kind)?;
    let v = app::plan::view_of(&st.app, &a, id, year, kind).await?;
    Ok(Json(plan_dto(v)))
}

#[derive(Deserialize, ToSchema)]
pub struct PlanBody {
    /// draft or final (unchanged when absent; a new plan is a draft).
    pub status: Option<String>,
    /// Every activity of the plan, in order: a row with an `id` changes that activity, one
    /// without adds one, an activity not named is removed.
    pub rows: Vec<ActivityDto>,
}

/// Replaces the activities of a Puskesmas's plan of a year and kind (created when missing),
/// all or none.
#[utoipa::path(put, path = "/api/v1/puskesmas/{id}/plans/{year}/{kind}",
    params(("id" = i64, Path), ("year" = i32, Path), ("kind" = String, Path, description = "ruk or rpk")),
    request_body = PlanBody,
    responses((status = 200, body = PlanDto), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn save(
    State(st): State<AppState>,
    ApiActor(a): ApiActor,
    Path((id, year, kind)): Path<(i64, i32, String)>,
    ApiJson(b): ApiJson<PlanBody>,
) -> Result<Json<PlanDto>, ApiError> {
    let kind = kind_of(&kind)?;
    let mut rd = Reader::new();
    let status = rd.opt_word("status", b.status.as_deref().unwrap_or(""), PlanStatus::parse);
    let rows: Vec<(Option<i64>, ActivityInput)> = b
        .rows
        .into_iter()
        .enumerate()
        .map(|(i, r)| {
            let program = rd.opt_word(
                &format!("rows[{i}].program"),
                r.program.as_deref().unwrap_or(""),
                Program::parse,
            );
            let partner_programs = r
                .partner_programs
                .iter()
                .filter_map(|p| rd.opt_word(&format!("rows[{i}].partner_programs"), p, Program::parse))
                .collect();
            let fund = rd.opt_word(&format!("rows[{i}].fund"), r.fund.as_deref().unwrap_or(""), Fund::parse);
            (
                r.id,
                ActivityInput {
                    program,
                    cluster: r.cluster,
                    kegiatan: r.kegiatan,
                    tujuan: r.tujuan,
                    sasaran: r.sasaran,
                    target: r.target,
                    volume: r.volume,
                    unit: r.unit,
                    partner_programs,
                    partner_orgs: r.partner_orgs,
                    months: r.months,
                    budget: r.budget,
                    fund,
                    indicator_code: r.indicator_code,
                },
            )
        })
        .collect();
    let rows = rd.finish(rows, Ok).map_err(app::AppError::from)?;
    app::plan::save_activities(&st.app, &a, id, year, kind, status, rows).await?;
    let v = app::plan::view_of(&st.app, &a, id, year, kind).await?;
    Ok(Json(plan_dto(v)))
}

/// The month records of a Puskesmas's RPK of a year.
#[utoipa::path(get, path = "/api/v1/puskesmas/{id}/plans/{year}/{kind}/months",
    params(("id" = i64, Path), ("year" = i32, Path), ("kind" = String, Path, description = "rpk")),
    responses((status = 200, body = Vec<MonthDto>), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn months(
    State(st): State<AppState>,
    ApiActor(a): ApiActor,
    Path((id, year, kind)): Path<(i64, i32, String)>,
) -> Result<Json<Vec<MonthDto>>, ApiError> {
    let kind = kind_of(&kind)?;
    let v = app::plan::view_of(&st.app, &a, id, year, kind).await?;
    Ok(Json(
        v.activities
            .into_iter()
            .flat_map(|a| activity_dto(a).recorded)
            .collect(),
    ))
}

#[derive(Deserialize, ToSchema)]
pub struct MonthKeyDto {
    pub activity_id: i64,
    pub month: u32,
}

#[derive(Deserialize, ToSchema)]
pub struct MonthsBody {
    pub rows: Vec<MonthDto>,
    /// Records to remove.
    #[serde(default)]
    pub cleared: Vec<MonthKeyDto>,
}

#[derive(Serialize, ToSchema)]
pub struct MonthsSaved {
    pub saved: usize,
}

/// Records what happened in months of an RPK's activities, all or none: a refused batch
/// answers 422 naming each bad row (`rows[i].field`) and stores nothing.
#[utoipa::path(put, path = "/api/v1/puskesmas/{id}/plans/{year}/{kind}/months",
    params(("id" = i64, Path), ("year" = i32, Path), ("kind" = String, Path, description = "rpk")),
    request_body = MonthsBody,
    responses((status = 200, body = MonthsSaved), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn save_months(
    State(st): State<AppState>,
    ApiActor(a): ApiActor,
    Path((id, year, kind)): Path<(i64, i32, String)>,
    ApiJson(b): ApiJson<MonthsBody>,
) -> Result<Json<MonthsSaved>, ApiError> {
    let kind = kind_of(&kind)?;
    let mut rd = Reader::new();
    let rows: Vec<MonthInput> = b
        .rows
        .into_iter()
        .enumerate()
        .map(|(i, r)| MonthInput {
            status: rd.word(
                &format!("rows[{i}].status"),
                &r.status,
                MonthStatus::parse,
                MonthStatus::Done,
            ),
            activity_id: r.activity_id,
            month: r.month,
            moved_to: r.moved_to,
            reason: r.reason,
        })
        .collect();
    let rows = rd.finish(rows, Ok).map_err(app::AppError::from)?;
    let v = app::plan::view_of(&st.app, &a, id, year, kind).await?;
    let cleared: Vec<(i64, u32)> = b.cleared.iter().map(|c| (c.activity_id, c.month)).collect();
    let saved = app::plan::save_months(&st.app, &a, v.plan.id, rows, &cleared).await?;
    Ok(Json(MonthsSaved { saved }))
}

#[derive(Serialize, ToSchema)]
pub struct TallyDto {
    pub planned: usize,
    pub done: usize,
    pub not_done: usize,
    pub moved: usize,
    pub pending: usize,
}

fn tally_dto(t: Tally) -> TallyDto {
    TallyDto {
        planned: t.planned,
        done: t.done,
        not_done: t.not_done,
        moved: t.moved,
        pending: t.pending,
    }
}

#[derive(Serialize, ToSchema)]
pub struct UpayaDto {
    /// The programme, when the activities are grouped by one.
    pub program: Option<String>,
    /// Else the ILP klaster.
    pub cluster: Option<u8>,
    pub month: TallyDto,
    pub to_date: TallyDto,
}

#[derive(Serialize, ToSchema)]
pub struct DueDto {
    pub activity_id: i64,
    pub kegiatan: String,
    /// done, not_done, moved; none when nothing is recorded yet.
    pub status: Option<String>,
    pub moved_to: Option<u32>,
    pub reason: Option<String>,
    /// Due because it was moved into this month.
    pub moved_in: bool,
}

#[derive(Serialize, ToSchema)]
pub struct IndicatorResultDto {
    pub code: String,
    /// The figure judged for the Puskesmas as a whole: cumulative against a sasaran, the
    /// month's rate otherwise.
    pub figure: Option<f64>,
    /// The target at the month (cumulative against a sasaran).
    pub target: Option<f64>,
    pub annual_target: Option<f64>,
    /// baik, kurang, cukup, jelek.
    pub status: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct ResultsDto {
    pub puskesmas_id: i64,
    pub year: i32,
    pub month: u32,
    /// The RPK of the year, when there is one.
    pub plan_id: Option<i64>,
    pub month_tally: TallyDto,
    pub to_date: TallyDto,
    pub by_upaya: Vec<UpayaDto>,
    pub due: Vec<DueDto>,
    pub indicators: Vec<IndicatorResultDto>,
}

#[derive(Deserialize, IntoParams)]
pub struct ResultsParams {
    /// Default: this year.
    pub year: Option<i32>,
    /// 1–12; default: this month.
    pub month: Option<u32>,
}

fn results_dto(v: ResultsView) -> ResultsDto {
    ResultsDto {
        puskesmas_id: v.puskesmas.id,
        year: v.year,
        month: v.month,
        plan_id: v.plan.map(|p| p.id),
        month_tally: tally_dto(v.month_tally),
        to_date: tally_dto(v.to_date),
        by_upaya: v
            .by_upaya
            .into_iter()
            .map(|u| UpayaDto {
                program: u.upaya.program().map(|p| p.to_string()),
                cluster: match u.upaya {
                    app::plan::Upaya::Cluster(c) => Some(c),
                    app::plan::Upaya::Program(_) => None,
                },
                month: tally_dto(u.month),
                to_date: tally_dto(u.to_date),
            })
            .collect(),
        due: v
            .due
            .into_iter()
            .map(|d| DueDto {
                activity_id: d.activity.id,
                kegiatan: d.activity.kegiatan,
                status: d.status.map(|s| s.to_string()),
                moved_to: d.moved_to,
                reason: d.reason,
                moved_in: d.moved_in,
            })
            .collect(),
        indicators: v
            .indicators
            .into_iter()
            .map(|i| IndicatorResultDto {
                code: i.indicator.code,
                figure: i.figure,
                target: i.at.filter(|_| i.annual_target.is_some()).map(|m| m.target),
                annual_target: i.annual_target,
                status: i.at.and_then(|m| m.status).map(|s| s.to_string()),
            })
            .collect(),
    }
}

/// Results vs plan of a Puskesmas for a month: activities planned and done (the month, and
/// January to it; per upaya; listed) and the linked indicators against their target.
#[utoipa::path(get, path = "/api/v1/puskesmas/{id}/plan-results", params(("id" = i64, Path), ResultsParams),
    responses((status = 200, body = ResultsDto), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn results(
    State(st): State<AppState>,
    ApiActor(a): ApiActor,
    Path(id): Path<i64>,
    Query(p): Query<ResultsParams>,
) -> Result<Json<ResultsDto>, ApiError> {
    let today = st.app.clock().today_for(&a);
    let v = app::plan::results(
        &st.app,
        &a,
        id,
        p.year.unwrap_or(today.year()),
        p.month.unwrap_or(today.month()),
    )
    .await?;
    Ok(Json(results_dto(v)))
}
