//! `/api/v1/indicators`, `/api/v1/puskesmas/{id}/…`, `/api/v1/pws`: coverage monitoring —
//! the indicator catalogue, a Puskesmas's sasaran, targets and monthly achievements (bulk,
//! all or nothing: a refused batch names each row as `rows[i].field` and stores nothing),
//! the district's lock, PWS and report completeness.

use super::org::Created;
use super::{ApiActor, ApiJson, ErrorBody};
use crate::AppState;
use crate::error::ApiError;
use crate::form::Reader;
use app::coverage::{PwsLine, PwsQuery};
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use chrono::{Datelike, NaiveDate};
use domain::coverage::{
    AchievementInput, AchievementSource, Derived, Direction, IndicatorDef, Program, PwsMonth, SasaranInput,
    SasaranKind, SasaranSource, TargetInput, Unit, parse_month,
};
use serde::{Deserialize, Serialize};
use store::coverage::IndicatorRow;
use utoipa::{IntoParams, ToSchema};

#[derive(Serialize, Deserialize, ToSchema)]
pub struct IndicatorDto {
    /// Present on reads.
    #[serde(default, skip_deserializing)]
    pub id: i64,
    /// Short stable code, e.g. `SPM-01`, `K1`, `DS`.
    pub code: String,
    /// The regulation or edition this version follows, e.g. `pmk-4-2019`.
    pub version: String,
    pub name_id: String,
    pub name_en: String,
    /// kia_kb, gizi, imunisasi, p2p, promkes, kesling, perkesmas, ukp, manajemen.
    pub program: String,
    /// ILP klaster 1–5.
    pub cluster: u8,
    /// SPM service number 1–12.
    pub spm: Option<u8>,
    pub numerator: String,
    pub denominator: String,
    /// percent, per_1000, count.
    pub unit: String,
    /// higher or lower (is better).
    pub direction: String,
    /// The sasaran kind of the denominator (bumil, bayi, balita …); none when the
    /// denominator is a monthly count.
    pub sasaran: Option<String>,
    /// Default annual target.
    pub target: Option<f64>,
    /// d_s, n_d, bgm_d, stunting: computed from Lintas's nutrition data, never entered.
    pub derived: Option<String>,
    #[serde(default)]
    pub legal_basis: String,
    pub valid_from: NaiveDate,
    pub valid_to: Option<NaiveDate>,
}

fn indicator_dto(r: IndicatorRow) -> IndicatorDto {
    IndicatorDto {
        id: r.id,
        code: r.code,
        version: r.version,
        name_id: r.name_id,
        name_en: r.name_en,
        program: r.program.to_string(),
        cluster: u8::try_from(r.cluster).unwrap_or(0),
        spm: r.spm.and_then(|n| u8::try_from(n).ok()),
        numerator: r.numerator,
        denominator: r.denominator,
        unit: r.unit.to_string(),
        direction: r.direction.to_string(),
        sasaran: r.sasaran.map(|s| s.to_string()),
        target: r.target,
        derived: r.derived.map(|d| d.to_string()),
        legal_basis: r.legal_basis,
        valid_from: r.valid_from,
        valid_to: r.valid_to,
    }
}

impl IndicatorDto {
    fn input(self) -> Result<IndicatorDef, domain::Invalid> {
        let mut rd = Reader::new();
        let program = rd.word("program", &self.program, Program::parse, Program::Gizi);
        let unit = rd.word("unit", &self.unit, Unit::parse, Unit::Percent);
        let direction = rd.word("direction", &self.direction, Direction::parse, Direction::Higher);
        let sasaran = rd.opt_word("sasaran", self.sasaran.as_deref().unwrap_or(""), SasaranKind::parse);
        let derived = rd.opt_word("derived", self.derived.as_deref().unwrap_or(""), Derived::parse);
        rd.finish(
            IndicatorDef {
                code: self.code,
                version: self.version,
                name_id: self.name_id,
                name_en: self.name_en,
                program,
                cluster: self.cluster,
                spm: self.spm,
                numerator: self.numerator,
                denominator: self.denominator,
                unit,
                direction,
                sasaran,
                target: self.target,
                derived,
                legal_basis: self.legal_basis,
                valid_from: self.valid_from,
                valid_to: self.valid_to,
            },
            IndicatorDef::check,
        )
    }
}

/// Every version of every indicator.
#[utoipa::path(get, path = "/api/v1/indicators", responses((status = 200, body = Vec<IndicatorDto>), (status = 401, body = ErrorBody)))]
pub async fn indicators(
    State(st): State<AppState>,
    ApiActor(a): ApiActor,
) -> Result<Json<Vec<IndicatorDto>>, ApiError> {
    let all = app::coverage::catalogue(&st.app, &a).await?;
    Ok(Json(all.into_iter().map(indicator_dto).collect()))
}

/// Adds a version of an indicator, or replaces the version with the same code and version
/// (admin and dinkes).
#[utoipa::path(post, path = "/api/v1/indicators", request_body = IndicatorDto,
    responses((status = 201, body = Created), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn save_indicator(
    State(st): State<AppState>,
    ApiActor(a): ApiActor,
    ApiJson(b): ApiJson<IndicatorDto>,
) -> Result<(StatusCode, Json<Created>), ApiError> {
    if !domain::access::approves_targets(&a) {
        return Err(app::AppError::Forbidden.into());
    }
    let def = b.input().map_err(app::AppError::from)?;
    let id = app::coverage::save_indicator(&st.app, &a, def).await?;
    Ok((StatusCode::CREATED, Json(Created { id })))
}

#[derive(Deserialize, IntoParams)]
pub struct YearParams {
    /// Default: the current year in the caller's region.
    pub year: Option<i32>,
}

fn this_year(st: &AppState, a: &domain::access::Actor) -> i32 {
    st.app.clock().today_for(a).year()
}

/// How many figures a write stored (or cleared).
#[derive(Serialize, ToSchema)]
pub struct Saved {
    pub saved: usize,
}

#[derive(Serialize, ToSchema)]
pub struct TargetDto {
    pub indicator_code: String,
    /// The Puskesmas's own target, when set.
    pub target: Option<f64>,
    /// The catalogue's default.
    pub default: Option<f64>,
}

#[derive(Serialize, ToSchema)]
pub struct TargetsDto {
    pub puskesmas_id: i64,
    pub year: i32,
    /// Locked by the district (changes need dinkes and a reason).
    pub locked: bool,
    pub targets: Vec<TargetDto>,
}

/// A Puskesmas's targets for a year, with the catalogue's defaults.
#[utoipa::path(get, path = "/api/v1/puskesmas/{id}/targets", params(("id" = i64, Path), YearParams),
    responses((status = 200, body = TargetsDto), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn targets(
    State(st): State<AppState>,
    ApiActor(a): ApiActor,
    Path(id): Path<i64>,
    Query(p): Query<YearParams>,
) -> Result<Json<TargetsDto>, ApiError> {
    let year = p.year.unwrap_or_else(|| this_year(&st, &a));
    let v = app::coverage::targets(&st.app, &a, id, year).await?;
    Ok(Json(TargetsDto {
        puskesmas_id: v.puskesmas.id,
        year: v.year,
        locked: v.lock.is_some(),
        targets: v
            .lines
            .into_iter()
            .map(|l| TargetDto {
                default: l.indicator.target,
                indicator_code: l.indicator.code,
                target: l.target,
            })
            .collect(),
    }))
}

#[derive(Deserialize, ToSchema)]
pub struct TargetIn {
    pub indicator_code: String,
    pub target: f64,
}

#[derive(Deserialize, ToSchema)]
pub struct TargetsBody {
    pub year: i32,
    /// Required once the district has locked the year.
    pub reason: Option<String>,
    pub targets: Vec<TargetIn>,
}

/// Sets targets of a Puskesmas for a year, all or none.
#[utoipa::path(put, path = "/api/v1/puskesmas/{id}/targets", params(("id" = i64, Path)), request_body = TargetsBody,
    responses((status = 200, body = Saved), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn save_targets(
    State(st): State<AppState>,
    ApiActor(a): ApiActor,
    Path(id): Path<i64>,
    ApiJson(b): ApiJson<TargetsBody>,
) -> Result<Json<Saved>, ApiError> {
    let rows = b
        .targets
        .into_iter()
        .map(|t| TargetInput {
            indicator_code: t.indicator_code,
            target: t.target,
        })
        .collect();
    let saved = app::coverage::save_targets(&st.app, &a, id, b.year, rows, b.reason.as_deref()).await?;
    Ok(Json(Saved { saved }))
}

#[derive(Serialize, Deserialize, ToSchema)]
pub struct SasaranDto {
    pub desa_code: String,
    pub year: i32,
    /// penduduk, bumil, bulin, bayi_baru_lahir, bayi, baduta, balita, …
    pub kind: String,
    pub value: f64,
    /// entered, imported or derived (on reads).
    #[serde(default, skip_deserializing)]
    pub source: String,
}

/// A Puskesmas's sasaran for a year, per desa and kind.
#[utoipa::path(get, path = "/api/v1/puskesmas/{id}/sasaran", params(("id" = i64, Path), YearParams),
    responses((status = 200, body = Vec<SasaranDto>), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn sasaran(
    State(st): State<AppState>,
    ApiActor(a): ApiActor,
    Path(id): Path<i64>,
    Query(p): Query<YearParams>,
) -> Result<Json<Vec<SasaranDto>>, ApiError> {
    let year = p.year.unwrap_or_else(|| this_year(&st, &a));
    let v = app::coverage::sasaran(&st.app, &a, id, year).await?;
    Ok(Json(
        v.rows
            .into_iter()
            .map(|r| SasaranDto {
                desa_code: r.desa_code,
                year: i32::try_from(r.year).unwrap_or_default(),
                kind: r.kind.to_string(),
                value: r.value,
                source: r.source.to_string(),
            })
            .collect(),
    ))
}

#[derive(Deserialize, ToSchema)]
pub struct SasaranBody {
    /// Required once the district has locked the year.
    pub reason: Option<String>,
    pub rows: Vec<SasaranDto>,
}

/// Stores sasaran figures of a Puskesmas's desa, all or none.
#[utoipa::path(put, path = "/api/v1/puskesmas/{id}/sasaran", params(("id" = i64, Path)), request_body = SasaranBody,
    responses((status = 200, body = Saved), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn save_sasaran(
    State(st): State<AppState>,
    ApiActor(a): ApiActor,
    Path(id): Path<i64>,
    ApiJson(b): ApiJson<SasaranBody>,
) -> Result<Json<Saved>, ApiError> {
    let mut rd = Reader::new();
    let rows: Vec<SasaranInput> = b
        .rows
        .into_iter()
        .enumerate()
        .map(|(i, r)| SasaranInput {
            kind: rd.word(
                &format!("rows[{i}].kind"),
                &r.kind,
                SasaranKind::parse,
                SasaranKind::Penduduk,
            ),
            desa_code: r.desa_code,
            year: r.year,
            value: r.value,
        })
        .collect();
    let rows = rd.finish(rows, Ok).map_err(app::AppError::from)?;
    let saved = app::coverage::save_sasaran(&st.app, &a, id, rows, SasaranSource::Entered, b.reason.as_deref()).await?;
    Ok(Json(Saved { saved }))
}

#[derive(Deserialize, IntoParams)]
pub struct RangeParams {
    /// First month, `YYYY-MM` (default: January of this year).
    pub from: Option<String>,
    /// Last month, `YYYY-MM` (default: this month).
    pub to: Option<String>,
}

#[derive(Serialize, Deserialize, ToSchema)]
pub struct AchievementDto {
    pub indicator_code: String,
    pub desa_code: String,
    /// `YYYY-MM`.
    pub month: String,
    pub numerator: f64,
    /// Only for an indicator divided by a monthly count (no sasaran).
    pub denominator: Option<f64>,
    /// entered or imported (on reads).
    #[serde(default, skip_deserializing)]
    pub source: String,
}

/// The monthly achievements of a Puskesmas's desa between two months.
#[utoipa::path(get, path = "/api/v1/puskesmas/{id}/achievements", params(("id" = i64, Path), RangeParams),
    responses((status = 200, body = Vec<AchievementDto>), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn achievements(
    State(st): State<AppState>,
    ApiActor(a): ApiActor,
    Path(id): Path<i64>,
    Query(p): Query<RangeParams>,
) -> Result<Json<Vec<AchievementDto>>, ApiError> {
    let mut rd = Reader::new();
    let today = st.app.clock().today_for(&a);
    let from = p
        .from
        .as_deref()
        .map_or_else(|| Ok(today.with_month(1).unwrap_or(today)), parse_month);
    let from = from.map_err(|c| rd.add("from", c)).unwrap_or_default();
    let to = p.to.as_deref().map_or(Ok(today), parse_month);
    let to = to.map_err(|c| rd.add("to", c)).unwrap_or_default();
    rd.finish((), Ok).map_err(app::AppError::from)?;
    let rows = app::coverage::achievements(&st.app, &a, id, from, to).await?;
    Ok(Json(
        rows.into_iter()
            .map(|r| AchievementDto {
                indicator_code: r.indicator_code,
                desa_code: r.desa_code,
                month: r.month.format("%Y-%m").to_string(),
                numerator: r.numerator,
                denominator: r.denominator,
                source: r.source.to_string(),
            })
            .collect(),
    ))
}

#[derive(Deserialize, ToSchema)]
pub struct CellDto {
    pub indicator_code: String,
    pub desa_code: String,
    /// `YYYY-MM`.
    pub month: String,
}

#[derive(Deserialize, ToSchema)]
pub struct AchievementsBody {
    pub rows: Vec<AchievementDto>,
    /// Figures to remove.
    #[serde(default)]
    pub cleared: Vec<CellDto>,
}

/// Stores monthly achievements of a Puskesmas's desa, all or none: a refused batch answers
/// 422 naming each bad row (`rows[i].field`) and stores nothing.
#[utoipa::path(post, path = "/api/v1/puskesmas/{id}/achievements", params(("id" = i64, Path)), request_body = AchievementsBody,
    responses((status = 200, body = Saved), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn save_achievements(
    State(st): State<AppState>,
    ApiActor(a): ApiActor,
    Path(id): Path<i64>,
    ApiJson(b): ApiJson<AchievementsBody>,
) -> Result<Json<Saved>, ApiError> {
    let mut rd = Reader::new();
    let mut month = |field: String, s: &str| parse_month(s).map_err(|c| rd.add(&field, c)).unwrap_or_default();
    let rows: Vec<AchievementInput> = b
        .rows
        .into_iter()
        .enumerate()
        .map(|(i, r)| AchievementInput {
            month: month(format!("rows[{i}].month"), &r.month),
            indicator_code: r.indicator_code,
            desa_code: r.desa_code,
            numerator: r.numerator,
            denominator: r.denominator,
        })
        .collect();
    let cleared: Vec<(String, String, NaiveDate)> = b
        .cleared
        .into_iter()
        .enumerate()
        .map(|(i, c)| {
            let m = month(format!("cleared[{i}].month"), &c.month);
            (
                c.indicator_code.trim().to_ascii_uppercase(),
                c.desa_code.trim().to_string(),
                m,
            )
        })
        .collect();
    rd.finish((), Ok).map_err(app::AppError::from)?;
    let saved = app::coverage::save_achievements(&st.app, &a, id, rows, &cleared, AchievementSource::Entered).await?;
    Ok(Json(Saved { saved }))
}

#[derive(Deserialize, ToSchema)]
pub struct LockBody {
    /// The kabupaten/kota code, e.g. `15.03`.
    pub district: String,
    pub year: i32,
    pub locked: bool,
}

#[derive(Serialize, ToSchema)]
pub struct LockResult {
    /// Whether the lock changed (locking a locked year changes nothing).
    pub changed: bool,
}

/// Locks (approves) or unlocks a year's targets and sasaran in a district (admin and dinkes
/// of the district).
#[utoipa::path(post, path = "/api/v1/target-locks", request_body = LockBody,
    responses((status = 200, body = LockResult), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn lock(
    State(st): State<AppState>,
    ApiActor(a): ApiActor,
    ApiJson(b): ApiJson<LockBody>,
) -> Result<Json<LockResult>, ApiError> {
    let changed = app::coverage::set_lock(&st.app, &a, b.district.trim(), b.year, b.locked).await?;
    Ok(Json(LockResult { changed }))
}

#[derive(Deserialize, IntoParams)]
pub struct PwsParams {
    /// Indicator code, e.g. `K1` (the default).
    pub indicator: Option<String>,
    /// Default: the year of the last complete month.
    pub year: Option<i32>,
    /// 1–12; default: the last complete month.
    pub month: Option<u32>,
    /// The Puskesmas whose desa are shown; without it, the Puskesmas of the caller's district.
    pub puskesmas: Option<i64>,
}

#[derive(Serialize, ToSchema)]
pub struct PwsMonthDto {
    pub month: u32,
    /// This month's count.
    pub achieved: Option<f64>,
    /// This month's denominator, for an indicator divided by a monthly count.
    pub denominator: Option<f64>,
    /// This month's own coverage, percent.
    pub own: Option<f64>,
    /// Cumulative coverage, percent (year to date for a monthly denominator).
    pub cumulative: Option<f64>,
    /// The (cumulative) target at this month, percent.
    pub target: f64,
    /// above or below (the good side of a ceiling counts as above).
    pub position: Option<String>,
    /// up, down, same: this month's own coverage against last month's.
    pub trend: Option<String>,
    /// baik, kurang, cukup, jelek.
    pub status: Option<String>,
    /// Cumulative coverage above 100 %: the sasaran is probably too low.
    pub over_100: bool,
}

fn month_dto(m: &PwsMonth) -> PwsMonthDto {
    PwsMonthDto {
        month: m.month,
        achieved: m.achieved,
        denominator: m.denominator,
        own: m.own,
        cumulative: m.cumulative,
        target: m.target,
        position: m.position.map(|p| p.to_string()),
        trend: m.trend.map(|t| t.to_string()),
        status: m.status.map(|s| s.to_string()),
        over_100: m.over_100,
    }
}

#[derive(Serialize, ToSchema)]
pub struct PwsLineDto {
    /// A desa code, or a Puskesmas id in the district view.
    pub key: String,
    pub name: String,
    pub sasaran: Option<f64>,
    /// The annual target, percent.
    pub target: Option<f64>,
    /// January to December.
    pub months: Vec<PwsMonthDto>,
}

fn line_dto(l: &PwsLine) -> PwsLineDto {
    PwsLineDto {
        key: l.key.clone(),
        name: l.name.clone(),
        sasaran: l.sasaran,
        target: l.target,
        months: l.months.iter().map(month_dto).collect(),
    }
}

#[derive(Serialize, ToSchema)]
pub struct PwsDto {
    pub indicator: IndicatorDto,
    pub year: i32,
    pub month: u32,
    pub puskesmas_id: Option<i64>,
    /// How an unchanged month counts: by_position, as_up, as_down.
    pub unchanged_rule: String,
    /// Best first at the month.
    pub lines: Vec<PwsLineDto>,
    /// The whole, from the summed counts.
    pub total: PwsLineDto,
}

/// PWS of one indicator: per desa of a Puskesmas, or per Puskesmas of the caller's district.
#[utoipa::path(get, path = "/api/v1/pws", params(PwsParams),
    responses((status = 200, body = PwsDto), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn pws(
    State(st): State<AppState>,
    ApiActor(a): ApiActor,
    Query(p): Query<PwsParams>,
) -> Result<Json<PwsDto>, ApiError> {
    let last = app::coverage::last_complete_month(st.app.clock().today_for(&a));
    let q = PwsQuery {
        indicator: p.indicator.unwrap_or_else(|| app::coverage::DEFAULT_INDICATOR.into()),
        year: p.year.unwrap_or(last.year()),
        month: p.month.unwrap_or(last.month()),
        puskesmas_id: p.puskesmas,
    };
    let v = app::coverage::pws_view(&st.app, &a, &q).await?;
    Ok(Json(PwsDto {
        year: v.year,
        month: v.month,
        puskesmas_id: v.puskesmas.as_ref().map(|o| o.id),
        unchanged_rule: v.rule.to_string(),
        lines: v.lines.iter().map(line_dto).collect(),
        total: line_dto(&v.total),
        indicator: indicator_dto(v.indicator),
    }))
}

#[derive(Serialize, ToSchema)]
pub struct ReportDto {
    pub month: u32,
    /// The day figures were first entered (local).
    pub first_entered: NaiveDate,
    pub on_time: bool,
}

#[derive(Serialize, ToSchema)]
pub struct CompletenessLineDto {
    pub puskesmas_id: i64,
    pub name: String,
    pub reports: Vec<ReportDto>,
}

#[derive(Serialize, ToSchema)]
pub struct CompletenessDto {
    pub year: i32,
    /// Months whose deadline has passed.
    pub due: u32,
    /// Reports are due by this day of the next month.
    pub deadline_day: u32,
    pub puskesmas: Vec<CompletenessLineDto>,
}

/// Which Puskesmas of the caller's area reported which month, and whether by the deadline.
#[utoipa::path(get, path = "/api/v1/coverage/completeness", params(YearParams),
    responses((status = 200, body = CompletenessDto), (status = 403, body = ErrorBody)))]
pub async fn completeness(
    State(st): State<AppState>,
    ApiActor(a): ApiActor,
    Query(p): Query<YearParams>,
) -> Result<Json<CompletenessDto>, ApiError> {
    let year = p.year.unwrap_or_else(|| this_year(&st, &a));
    let v = app::coverage::completeness(&st.app, &a, year).await?;
    Ok(Json(CompletenessDto {
        year: v.year,
        due: v.due,
        deadline_day: v.deadline_day,
        puskesmas: v
            .lines
            .into_iter()
            .map(|l| CompletenessLineDto {
                puskesmas_id: l.puskesmas.id,
                name: l.puskesmas.name,
                reports: l
                    .months
                    .iter()
                    .enumerate()
                    .filter_map(|(i, m)| {
                        m.map(|(first_entered, on_time)| ReportDto {
                            month: i as u32 + 1,
                            first_entered,
                            on_time,
                        })
                    })
                    .collect(),
            })
            .collect(),
    }))
}

#[derive(Deserialize, IntoParams)]
pub struct SpmParams {
    /// Default: the year of the last complete month.
    pub year: Option<i32>,
    /// Figures January to this month (default: the last complete month; 12 for the year).
    pub through: Option<u32>,
    /// One Puskesmas; without it, every Puskesmas of the caller's district and their sum.
    pub puskesmas: Option<i64>,
}

#[derive(Serialize, ToSchema)]
pub struct SpmLineDto {
    /// The service number, 1–12.
    pub spm: Option<u8>,
    pub indicator_code: String,
    pub name_id: String,
    pub name_en: String,
    pub numerator: f64,
    pub denominator: Option<f64>,
    /// Σ numerators ÷ Σ denominators × 100.
    pub capaian: Option<f64>,
    /// The annual target prorated to the month.
    pub target_to_date: Option<f64>,
}

fn spm_dto(l: app::coverage::SpmLine) -> SpmLineDto {
    SpmLineDto {
        spm: l.indicator.spm.and_then(|n| u8::try_from(n).ok()),
        indicator_code: l.indicator.code,
        name_id: l.indicator.name_id,
        name_en: l.indicator.name_en,
        numerator: l.numerator,
        denominator: l.denominator,
        capaian: l.capaian,
        target_to_date: l.target_to_date,
    }
}

#[derive(Serialize, ToSchema)]
pub struct SpmPuskesmasDto {
    pub puskesmas_id: i64,
    pub name: String,
    pub services: Vec<SpmLineDto>,
}

#[derive(Serialize, ToSchema)]
pub struct SpmDto {
    pub year: i32,
    pub through: u32,
    pub puskesmas_id: Option<i64>,
    /// The whole: the Puskesmas, or the district summed from desa counts.
    pub services: Vec<SpmLineDto>,
    /// District view: each Puskesmas.
    pub puskesmas: Vec<SpmPuskesmasDto>,
}

/// The SPM report: the 12 services with numerator, denominator and capaian.
#[utoipa::path(get, path = "/api/v1/spm", params(SpmParams),
    responses((status = 200, body = SpmDto), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn spm(
    State(st): State<AppState>,
    ApiActor(a): ApiActor,
    Query(p): Query<SpmParams>,
) -> Result<Json<SpmDto>, ApiError> {
    let last = app::coverage::last_complete_month(st.app.clock().today_for(&a));
    let year = p.year.unwrap_or(last.year());
    let through = p.through.unwrap_or(if year == last.year() { last.month() } else { 12 });
    let v = app::coverage::spm(&st.app, &a, year, through, p.puskesmas).await?;
    Ok(Json(SpmDto {
        year: v.year,
        through: v.through,
        puskesmas_id: v.puskesmas.as_ref().map(|o| o.id),
        services: v.lines.into_iter().map(spm_dto).collect(),
        puskesmas: v
            .by_puskesmas
            .into_iter()
            .map(|(o, lines)| SpmPuskesmasDto {
                puskesmas_id: o.id,
                name: o.name,
                services: lines.into_iter().map(spm_dto).collect(),
            })
            .collect(),
    }))
}
