//! PKP (Penilaian Kinerja Puskesmas): one assessment per Puskesmas and year with its coverage
//! worksheet, its management scores and its steps; and what the checklist counts from the
//! meetings held in Lintas.

use crate::sql::{self, Sql};
use crate::{Result, Tx, now, on_tx};
use chrono::{DateTime, NaiveDate, Utc};
use domain::pkp::PkpStatus;
use serde::Serialize;

/// An assessment as stored.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct AssessmentRow {
    pub id: i64,
    pub puskesmas_id: i64,
    pub year: i64,
    #[sqlx(try_from = "crate::decode::Checked<PkpStatus>")]
    pub status: PkpStatus,
    /// The coverage result (0–100) as last saved.
    pub coverage_score: Option<f64>,
    /// The management result (0–10) as last saved (the Dinkes's scores once verified).
    pub management_score: Option<f64>,
    /// The last month the worksheet's figures count (1–12).
    pub through_month: i64,
    /// The Dinkes's last feedback.
    pub feedback: Option<String>,
    pub updated_by: Option<String>,
    pub updated_at: DateTime<Utc>,
}

const ASSESSMENT: &str = "SELECT id, puskesmas_id, year, status, coverage_score, management_score, through_month, \
    feedback, updated_by, updated_at FROM pkp_assessments";

/// The assessment of a Puskesmas's year, if one was started.
pub async fn assessment(tx: &mut Tx, puskesmas_id: i64, year: i32) -> Result<Option<AssessmentRow>> {
    let mut q = Sql::new(ASSESSMENT);
    q.push(" WHERE puskesmas_id = ")
        .int(puskesmas_id)
        .push(" AND year = ")
        .int(i64::from(year));
    Ok(sql::fetch_all(tx, q).await?.into_iter().next())
}

/// The assessments of `puskesmas` for `year`.
pub async fn assessments(tx: &mut Tx, puskesmas: &[i64], year: i32) -> Result<Vec<AssessmentRow>> {
    if puskesmas.is_empty() {
        return Ok(Vec::new());
    }
    let mut q = Sql::new(ASSESSMENT);
    q.push(" WHERE year = ")
        .int(i64::from(year))
        .push(" AND puskesmas_id IN ")
        .int_list(puskesmas);
    q.push(" ORDER BY puskesmas_id");
    sql::fetch_all(tx, q).await
}

/// What an assessment's header holds when it is saved.
#[derive(Debug, Clone, PartialEq)]
pub struct AssessmentPut {
    pub status: PkpStatus,
    pub coverage_score: Option<f64>,
    pub management_score: Option<f64>,
    pub through_month: i64,
    pub feedback: Option<String>,
}

/// Starts the assessment of a Puskesmas's year (a draft); its id.
pub async fn create(tx: &mut Tx, puskesmas_id: i64, year: i32, through_month: i64, by: &str) -> Result<i64> {
    let t = now();
    on_tx!(tx, c => Ok(sqlx::query_scalar(
        "INSERT INTO pkp_assessments (puskesmas_id, year, status, through_month, updated_by, created_at, updated_at) \
         VALUES ($1, $2, 'draft', $3, $4, $5, $5) RETURNING id",
    )
    .bind(puskesmas_id)
    .bind(i64::from(year))
    .bind(through_month)
    .bind(by)
    .bind(t)
    .fetch_one(c)
    .await?))
}

/// Saves an assessment's header if it still has the status `from` (another step did not
/// come first); whether it did.
pub async fn update(tx: &mut Tx, id: i64, from: PkpStatus, p: &AssessmentPut, by: &str) -> Result<bool> {
    let t = now();
    let n = on_tx!(tx, c => sqlx::query(
        "UPDATE pkp_assessments SET status = $1, coverage_score = $2, management_score = $3, through_month = $4, \
         feedback = $5, updated_by = $6, updated_at = $7 WHERE id = $8 AND status = $9",
    )
    .bind(p.status.as_str())
    .bind(p.coverage_score)
    .bind(p.management_score)
    .bind(p.through_month)
    .bind(&p.feedback)
    .bind(by)
    .bind(t)
    .bind(id)
    .bind(from.as_str())
    .execute(c)
    .await?
    .rows_affected());
    Ok(n == 1)
}

/// One line of the coverage worksheet as saved.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct PkpRow {
    pub indicator_code: String,
    pub target: Option<f64>,
    pub sasaran: Option<f64>,
    pub riil: f64,
    pub percent: Option<f64>,
    pub masalah: String,
    pub penyebab: String,
    pub rtl: String,
}

/// The worksheet of an assessment, by indicator code.
pub async fn rows(tx: &mut Tx, assessment_id: i64) -> Result<Vec<PkpRow>> {
    on_tx!(tx, c => Ok(sqlx::query_as(
        "SELECT indicator_code, target, sasaran, riil, percent, masalah, penyebab, rtl FROM pkp_rows \
         WHERE assessment_id = $1 ORDER BY indicator_code",
    )
    .bind(assessment_id)
    .fetch_all(c)
    .await?))
}

/// Replaces the worksheet of an assessment.
pub async fn put_rows(tx: &mut Tx, assessment_id: i64, rows: &[PkpRow]) -> Result<()> {
    on_tx!(tx, c => sqlx::query("DELETE FROM pkp_rows WHERE assessment_id = $1")
        .bind(assessment_id)
        .execute(c)
        .await?
        .rows_affected());
    for r in rows {
        on_tx!(tx, c => sqlx::query(
            "INSERT INTO pkp_rows (assessment_id, indicator_code, target, sasaran, riil, percent, masalah, penyebab, rtl) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(assessment_id)
        .bind(&r.indicator_code)
        .bind(r.target)
        .bind(r.sasaran)
        .bind(r.riil)
        .bind(r.percent)
        .bind(&r.masalah)
        .bind(&r.penyebab)
        .bind(&r.rtl)
        .execute(c)
        .await?
        .rows_affected());
    }
    Ok(())
}

/// One management item's scores.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct ScoreRow {
    pub item_code: String,
    /// The Puskesmas's score (or the one Lintas counted).
    pub self_score: Option<i64>,
    /// The Dinkes's score at verification.
    pub verified_score: Option<i64>,
    /// What the Puskesmas points to as evidence.
    pub evidence: String,
}

/// The management scores of an assessment, by item code.
pub async fn scores(tx: &mut Tx, assessment_id: i64) -> Result<Vec<ScoreRow>> {
    on_tx!(tx, c => Ok(sqlx::query_as(
        "SELECT item_code, self_score, verified_score, evidence FROM pkp_scores WHERE assessment_id = $1 ORDER BY item_code",
    )
    .bind(assessment_id)
    .fetch_all(c)
    .await?))
}

/// Replaces the management scores of an assessment.
pub async fn put_scores(tx: &mut Tx, assessment_id: i64, scores: &[ScoreRow]) -> Result<()> {
    on_tx!(tx, c => sqlx::query("DELETE FROM pkp_scores WHERE assessment_id = $1")
        .bind(assessment_id)
        .execute(c)
        .await?
        .rows_affected());
    for s in scores {
        on_tx!(tx, c => sqlx::query(
            "INSERT INTO pkp_scores (assessment_id, item_code, self_score, verified_score, evidence) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(assessment_id)
        .bind(&s.item_code)
        .bind(s.self_score)
        .bind(s.verified_score)
        .bind(&s.evidence)
        .execute(c)
        .await?
        .rows_affected());
    }
    Ok(())
}

/// A step of an assessment: sent, verified, returned (with the feedback).
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct StepRow {
    #[sqlx(try_from = "crate::decode::Checked<PkpStatus>")]
    pub status: PkpStatus,
    pub feedback: Option<String>,
    pub by_username: Option<String>,
    pub at: DateTime<Utc>,
}

/// The steps of an assessment, oldest first.
pub async fn steps(tx: &mut Tx, assessment_id: i64) -> Result<Vec<StepRow>> {
    on_tx!(tx, c => Ok(sqlx::query_as(
        "SELECT status, feedback, by_username, at FROM pkp_steps WHERE assessment_id = $1 ORDER BY at, id",
    )
    .bind(assessment_id)
    .fetch_all(c)
    .await?))
}

/// Records a step at `at`.
pub async fn add_step(
    tx: &mut Tx,
    assessment_id: i64,
    status: PkpStatus,
    feedback: Option<&str>,
    by: &str,
    at: DateTime<Utc>,
) -> Result<()> {
    on_tx!(tx, c => sqlx::query(
        "INSERT INTO pkp_steps (assessment_id, status, feedback, by_username, at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(assessment_id)
    .bind(status.as_str())
    .bind(feedback)
    .bind(by)
    .bind(at)
    .execute(c)
    .await?
    .rows_affected());
    Ok(())
}

/// A Lokmin held by a Puskesmas (as host or co-host).
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct HeldLokmin {
    pub id: i64,
    pub kind: String,
    pub title: String,
    pub held_on: NaiveDate,
}

/// The Lokmin bulanan and tribulanan held (status `held`) between `from` and `to` that the
/// organisation `org_id` hosted or co-hosted, by date.
pub async fn lokmin_held(tx: &mut Tx, org_id: i64, from: NaiveDate, to: NaiveDate) -> Result<Vec<HeldLokmin>> {
    let mut q = Sql::new(
        "SELECT m.id, m.kind, m.title, m.held_on FROM meetings m WHERE m.status = 'held' \
         AND m.kind IN ('lokmin_bulanan', 'lokmin_tribulanan') AND m.held_on >= ",
    );
    q.date(from).push(" AND m.held_on <= ").date(to);
    q.push(" AND (m.host_org_id = ").int(org_id);
    q.push(
        " OR EXISTS (SELECT 1 FROM meeting_orgs mo WHERE mo.meeting_id = m.id AND mo.role = 'co_host' AND mo.org_id = ",
    )
    .int(org_id)
    .push("))");
    q.push(" ORDER BY m.held_on, m.id");
    sql::fetch_all(tx, q).await
}

/// A problem raised from the PWS at a meeting the organisation hosted, with its actions.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct RaisedProblem {
    pub indicator_code: String,
    pub meeting_id: i64,
    pub problem_id: i64,
    pub title: String,
    /// The actions agreed on it, titles joined by "; " (empty when none).
    pub actions: Option<String>,
}

/// The problems raised from the PWS at the meetings `org_id` hosted between `from` and `to`:
/// what the worksheet's masalah and RTL are written from.
pub async fn raised_problems(tx: &mut Tx, org_id: i64, from: NaiveDate, to: NaiveDate) -> Result<Vec<RaisedProblem>> {
    #[derive(sqlx::FromRow)]
    struct P {
        indicator_code: String,
        meeting_id: i64,
        problem_id: i64,
        title: String,
    }
    let mut q = Sql::new(
        "SELECT p.indicator_code, p.meeting_id, p.id AS problem_id, p.title FROM problems p \
         JOIN meetings m ON m.id = p.meeting_id WHERE p.indicator_code IS NOT NULL AND m.host_org_id = ",
    );
    q.int(org_id)
        .push(" AND m.held_on >= ")
        .date(from)
        .push(" AND m.held_on <= ")
        .date(to);
    q.push(" ORDER BY p.indicator_code, m.held_on, p.id");
    let problems: Vec<P> = sql::fetch_all(tx, q).await?;
    if problems.is_empty() {
        return Ok(Vec::new());
    }
    #[derive(sqlx::FromRow)]
    struct A {
        problem_id: i64,
        title: String,
    }
    let ids: Vec<i64> = problems.iter().map(|p| p.problem_id).collect();
    let mut q = Sql::new("SELECT problem_id, what AS title FROM actions WHERE problem_id IN ");
    q.int_list(&ids).push(" ORDER BY problem_id, id");
    let actions: Vec<A> = sql::fetch_all(tx, q).await?;
    Ok(problems
        .into_iter()
        .map(|p| {
            let titles: Vec<&str> = actions
                .iter()
                .filter(|a| a.problem_id == p.problem_id)
                .map(|a| a.title.as_str())
                .collect();
            RaisedProblem {
                indicator_code: p.indicator_code,
                meeting_id: p.meeting_id,
                problem_id: p.problem_id,
                title: p.title,
                actions: (!titles.is_empty()).then(|| titles.join("; ")),
            }
        })
        .collect())
}

/// The Puskesmas with targets set for `year`.
pub async fn with_targets(tx: &mut Tx, year: i32) -> Result<Vec<i64>> {
    on_tx!(tx, c => Ok(sqlx::query_scalar(
        "SELECT DISTINCT puskesmas_id FROM coverage_targets WHERE year = $1 ORDER BY puskesmas_id",
    )
    .bind(i64::from(year))
    .fetch_all(c)
    .await?))
}
