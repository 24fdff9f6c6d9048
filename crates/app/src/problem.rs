//! Problems raised at a meeting: record them, their root causes and priority scores; the
//! shortage register across meetings.

use crate::guard::{load, load_org};
use crate::org::json;
use crate::{App, AppError, Result};
use domain::Invalid;
use domain::access::Actor;
use domain::audit::AuditEvent;
use domain::problem::{CauseCategory, PriorityMethod, ProblemInput, Scores, rank};
use serde::Serialize;
use store::problem::{Cause, Problem, Score, Shortage};

/// A problem with its causes, priority scores and rank.
#[derive(Debug, Clone, Serialize)]
pub struct ProblemView {
    pub problem: Problem,
    pub causes: Vec<Cause>,
    pub scores: Vec<Score>,
    /// Per method used: (method, mean total, rank among the meeting's problems by that method).
    pub priority: Vec<(String, f64, usize)>,
}

pub(crate) async fn views(tx: &mut store::Tx, meeting_id: i64) -> Result<Vec<ProblemView>> {
    let problems = store::problem::of_meeting(tx, meeting_id).await?;
    let causes = store::problem::causes(tx, meeting_id).await?;
    let scores = store::problem::scores(tx, meeting_id).await?;
    let mut views: Vec<ProblemView> = problems
        .into_iter()
        .map(|p| ProblemView {
            causes: causes.iter().filter(|c| c.problem_id == p.id).cloned().collect(),
            scores: scores.iter().filter(|s| s.problem_id == p.id).cloned().collect(),
            priority: Vec::new(),
            problem: p,
        })
        .collect();
    for m in PriorityMethod::ALL {
        let means: Vec<Option<f64>> = views
            .iter()
            .map(|v| {
                let t: Vec<f64> = v
                    .scores
                    .iter()
                    .filter(|s| s.method == m.as_str())
                    .map(|s| s.total)
                    .collect();
                if t.is_empty() {
                    None
                } else {
                    Some(t.iter().sum::<f64>() / t.len() as f64)
                }
            })
            .collect();
        let scored: Vec<f64> = means.iter().flatten().copied().collect();
        let ranks = rank(&scored);
        let mut k = 0;
        for (v, mean) in views.iter_mut().zip(&means) {
            if let Some(x) = mean {
                v.priority.push((
                    m.as_str().to_string(),
                    (x * 100.0).round() / 100.0,
                    ranks.get(k).copied().unwrap_or(0),
                ));
                k += 1;
            }
        }
    }
    Ok(views)
}

pub async fn add(app: &App, actor: &Actor, meeting_id: i64, input: &ProblemInput) -> Result<i64> {
    let mut tx = app.store.write().await?;
    load(&mut tx, actor, meeting_id, true).await?;
    let p = input.clone().check()?;
    if let Some(o) = p.raised_by_org_id {
        load_org(&mut tx, actor, o, "raised_by_org_id").await?;
    }
    if let Some(r) = &p.region_code
        && store::region::get(&mut tx, r).await?.is_none()
    {
        return Err(Invalid::one("region_code", "region.unknown").into());
    }
    let id = store::problem::insert(&mut tx, meeting_id, &p).await?;
    crate::audit::write(
        &mut tx,
        actor,
        crate::audit::Entry::new(AuditEvent::ProblemCreated, id, format!("problem: {}", p.title)).after(Some(
            serde_json::json!({"title": p.title, "category": p.category.as_str()}),
        )),
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

async fn load_problem(tx: &mut store::Tx, actor: &Actor, problem_id: i64) -> Result<store::problem::Problem> {
    let p = store::problem::get(tx, problem_id).await?.ok_or(AppError::NotFound)?;
    load(tx, actor, p.meeting_id, true).await?;
    Ok(p)
}

pub async fn add_cause(app: &App, actor: &Actor, problem_id: i64, c: CauseCategory, text: &str) -> Result<i64> {
    let mut tx = app.store.write().await?;
    load_problem(&mut tx, actor, problem_id).await?;
    let t = domain::error::required_text(text, 1000).map_err(|code| Invalid::one("text", code))?;
    let id = store::problem::insert_cause(&mut tx, problem_id, c, &t).await?;
    crate::audit::write(
        &mut tx,
        actor,
        crate::audit::Entry::new(AuditEvent::ProblemCauseCreated, id, format!("cause ({c}): {t}")),
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Records one rater's scores for a problem by `method`; `scores` are given in the order of
/// `PriorityMethod::criteria`.
pub async fn add_score(
    app: &App,
    actor: &Actor,
    problem_id: i64,
    m: PriorityMethod,
    rater: &str,
    scores: &[f64],
) -> Result<f64> {
    let mut tx = app.store.write().await?;
    let p = load_problem(&mut tx, actor, problem_id).await?;
    let mut inv = Invalid::new();
    let r = inv.check("rater", domain::error::required_text(rater, 120));
    let s: Option<Scores> = inv.check("scores", m.check(scores));
    inv.into_result()?;
    let (Some(r), Some(s)) = (r, s) else {
        return Err(AppError::Internal("scores".into()));
    };
    let total = m.total(&s);
    let id = store::problem::insert_score(&mut tx, problem_id, m, &r, &json(&s.0).to_string(), total).await?;
    crate::audit::write(
        &mut tx,
        actor,
        crate::audit::Entry::new(
            AuditEvent::PriorityScoreCreated,
            id,
            format!("{} {m} by {r}: {total}", p.title),
        )
        .after(Some(json(&s.0))),
    )
    .await?;
    tx.commit().await?;
    Ok(total)
}

/// The shortage register for the leadership: facilities, staff, equipment and medicines
/// raised in any meeting the actor can see.
pub async fn shortages(
    app: &App,
    actor: &Actor,
    category: Option<&str>,
    within: Option<&str>,
) -> Result<Vec<Shortage>> {
    let category = match category.filter(|c| !c.is_empty()) {
        Some(c) => Some(domain::problem::ProblemCategory::parse(c).map_err(|e| Invalid::one("category", e))?),
        None => None,
    };
    let within = match within.filter(|w| !w.is_empty()) {
        Some(w) => Some(
            domain::region::RegionCode::parse(w)
                .map_err(|e| Invalid::one("within", e))?
                .to_string(),
        ),
        None => None,
    };
    let mut tx = app.store.read().await?;
    Ok(store::problem::shortages(&mut tx, &actor.area, category, within.as_deref()).await?)
}

/// The meeting a problem was raised in.
pub async fn meeting_of(app: &App, problem_id: i64) -> Result<i64> {
    let mut tx = app.store.read().await?;
    Ok(store::problem::get(&mut tx, problem_id)
        .await?
        .ok_or(AppError::NotFound)?
        .meeting_id)
}
