//! Problems raised at meetings, their root causes, priority scores, and the shortage register.

use crate::sql::{self, Sql};
use crate::{Result, Tx, now, on_tx};
use domain::access::Area;
use domain::problem::{CauseCategory, PriorityMethod, ProblemCategory, ProblemInput};
use serde::Serialize;

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Problem {
    pub id: i64,
    pub meeting_id: i64,
    pub title: String,
    pub description: Option<String>,
    #[sqlx(try_from = "crate::decode::Checked<domain::problem::ProblemCategory>")]
    pub category: domain::problem::ProblemCategory,
    pub raised_by_org_id: Option<i64>,
    pub raised_by_org_name: Option<String>,
    pub raised_by: Option<String>,
    pub region_code: Option<String>,
    pub region_name: Option<String>,
    pub indicator: Option<String>,
    pub quantity: Option<i64>,
}

const SELECT: &str = "SELECT p.id, p.meeting_id, p.title, p.description, p.category, p.raised_by_org_id, \
    o.name AS raised_by_org_name, p.raised_by, p.region_code, r.name AS region_name, p.indicator, p.quantity \
    FROM problems p LEFT JOIN organizations o ON o.id = p.raised_by_org_id LEFT JOIN regions r ON r.code = p.region_code";

pub async fn of_meeting(tx: &mut Tx, meeting_id: i64) -> Result<Vec<Problem>> {
    let mut q = Sql::new(SELECT);
    q.push(" WHERE p.meeting_id = ").int(meeting_id).push(" ORDER BY p.id");
    sql::fetch_all(tx, q).await
}

pub async fn get(tx: &mut Tx, id: i64) -> Result<Option<Problem>> {
    let mut q = Sql::new(SELECT);
    q.push(" WHERE p.id = ").int(id);
    Ok(sql::fetch_all(tx, q).await?.into_iter().next())
}

pub async fn insert(tx: &mut Tx, meeting_id: i64, p: &ProblemInput) -> Result<i64> {
    on_tx!(tx, c => Ok(sqlx::query_scalar(
        "INSERT INTO problems (meeting_id, title, description, category, raised_by_org_id, raised_by, region_code, indicator, quantity, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
    )
    .bind(meeting_id)
    .bind(&p.title)
    .bind(&p.description)
    .bind(p.category.as_str())
    .bind(p.raised_by_org_id)
    .bind(&p.raised_by)
    .bind(&p.region_code)
    .bind(&p.indicator)
    .bind(p.quantity)
    .bind(now())
    .fetch_one(c)
    .await?))
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Cause {
    pub id: i64,
    pub problem_id: i64,
    #[sqlx(try_from = "crate::decode::Checked<domain::problem::CauseCategory>")]
    pub category: domain::problem::CauseCategory,
    pub text: String,
}

pub async fn causes(tx: &mut Tx, meeting_id: i64) -> Result<Vec<Cause>> {
    on_tx!(tx, c => Ok(sqlx::query_as(
        "SELECT c.id, c.problem_id, c.category, c.text FROM problem_causes c JOIN problems p ON p.id = c.problem_id \
         WHERE p.meeting_id = $1 ORDER BY c.problem_id, c.category, c.id",
    )
    .bind(meeting_id)
    .fetch_all(c)
    .await?))
}

pub async fn insert_cause(tx: &mut Tx, problem_id: i64, category: CauseCategory, text: &str) -> Result<i64> {
    on_tx!(tx, c => Ok(sqlx::query_scalar("INSERT INTO problem_causes (problem_id, category, text) VALUES ($1, $2, $3) RETURNING id")
        .bind(problem_id)
        .bind(category.as_str())
        .bind(text)
        .fetch_one(c)
        .await?))
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Score {
    pub id: i64,
    pub problem_id: i64,
    #[sqlx(try_from = "crate::decode::Checked<domain::problem::PriorityMethod>")]
    pub method: domain::problem::PriorityMethod,
    pub rater: String,
    pub scores: String,
    pub total: f64,
}

pub async fn scores(tx: &mut Tx, meeting_id: i64) -> Result<Vec<Score>> {
    on_tx!(tx, c => Ok(sqlx::query_as(
        "SELECT s.id, s.problem_id, s.method, s.rater, s.scores, s.total FROM priority_scores s \
         JOIN problems p ON p.id = s.problem_id WHERE p.meeting_id = $1 ORDER BY s.problem_id, s.method, s.id",
    )
    .bind(meeting_id)
    .fetch_all(c)
    .await?))
}

pub async fn insert_score(
    tx: &mut Tx,
    problem_id: i64,
    method: PriorityMethod,
    rater: &str,
    scores: &str,
    total: f64,
) -> Result<i64> {
    on_tx!(tx, c => Ok(sqlx::query_scalar(
        "INSERT INTO priority_scores (problem_id, method, rater, scores, total, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(problem_id)
    .bind(method.as_str())
    .bind(rater)
    .bind(scores)
    .bind(total)
    .bind(now())
    .fetch_one(c)
    .await?))
}

/// A shortage raised in a meeting, with where it was raised and the actions answering it.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Shortage {
    pub id: i64,
    pub meeting_id: i64,
    pub meeting_title: String,
    pub held_on: chrono::NaiveDate,
    pub title: String,
    #[sqlx(try_from = "crate::decode::Checked<domain::problem::ProblemCategory>")]
    pub category: domain::problem::ProblemCategory,
    pub quantity: Option<i64>,
    pub region_code: Option<String>,
    pub region_name: Option<String>,
    pub raised_by_org_name: Option<String>,
    pub actions: i64,
    pub open_actions: i64,
}

/// The shortage register: facilities, staff, equipment and medicines raised in visible
/// meetings, newest first.
pub async fn shortages(
    tx: &mut Tx,
    area: &Area,
    category: Option<ProblemCategory>,
    within: Option<&str>,
) -> Result<Vec<Shortage>> {
    let mut q = Sql::new(
        "SELECT p.id, p.meeting_id, m.title AS meeting_title, m.held_on, p.title, p.category, p.quantity, p.region_code, \
         r.name AS region_name, o.name AS raised_by_org_name, \
         (SELECT COUNT(*) FROM actions a WHERE a.problem_id = p.id) AS actions, \
         (SELECT COUNT(*) FROM actions a WHERE a.problem_id = p.id AND a.status IN ('planned', 'in_progress')) AS open_actions \
         FROM problems p JOIN meetings m ON m.id = p.meeting_id LEFT JOIN regions r ON r.code = p.region_code \
         LEFT JOIN organizations o ON o.id = p.raised_by_org_id \
         WHERE p.category IN ('facilities', 'staff', 'equipment', 'medicines') AND ",
    );
    crate::meeting::push_visible(&mut q, area);
    if let Some(c) = category {
        q.push(" AND p.category = ").text(c.as_str().to_string());
    }
    if let Some(w) = within {
        q.push(" AND (COALESCE(p.region_code, m.region_code) = ")
            .text(w.to_string());
        q.push(" OR COALESCE(p.region_code, m.region_code) LIKE ")
            .text(format!("{w}.%"))
            .push(")");
    }
    q.push(" ORDER BY m.held_on DESC, p.id");
    sql::fetch_all(tx, q).await
}
