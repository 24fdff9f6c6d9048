//! The audit log: one row per write, with who, when, what, and the record before and after.

use crate::sql::{self, Sql};
use crate::{Result, Tx, now, on_tx};
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct AuditEntry {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub user_id: Option<i64>,
    pub username: Option<String>,
    pub action: String,
    pub entity: String,
    pub entity_id: Option<String>,
    pub summary: String,
    pub before_json: Option<String>,
    pub after_json: Option<String>,
}

pub struct NewAudit<'a> {
    pub user_id: Option<i64>,
    pub username: Option<&'a str>,
    pub action: &'a str,
    pub entity: &'a str,
    pub entity_id: Option<String>,
    pub summary: String,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
}

pub async fn insert(tx: &mut Tx, a: NewAudit<'_>) -> Result<()> {
    let before = a.before.map(|v| v.to_string());
    let after = a.after.map(|v| v.to_string());
    on_tx!(tx, c => sqlx::query(
        "INSERT INTO audit_log (at, user_id, username, action, entity, entity_id, summary, before_json, after_json) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(now())
    .bind(a.user_id)
    .bind(a.username)
    .bind(a.action)
    .bind(a.entity)
    .bind(&a.entity_id)
    .bind(&a.summary)
    .bind(&before)
    .bind(&after)
    .execute(c)
    .await?
    .rows_affected());
    Ok(())
}

#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub entity: Option<String>,
    pub entity_id: Option<String>,
    pub username: Option<String>,
    pub action: Option<String>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub limit: i64,
    pub offset: i64,
}

fn filter(q: &mut Sql, f: &AuditFilter, pg: bool) {
    q.push(" WHERE 1 = 1");
    if let Some(e) = &f.entity {
        q.push(" AND entity = ").text(e.clone());
    }
    if let Some(e) = &f.entity_id {
        q.push(" AND entity_id = ").text(e.clone());
    }
    if let Some(u) = &f.username {
        q.push(" AND username = ").text(u.clone());
    }
    if let Some(a) = &f.action {
        q.push(" AND action = ").text(a.clone());
    }
    let cast = if pg { "::timestamptz" } else { "" };
    if let Some(d) = f.from {
        q.push(" AND at >= ").text(format!("{d}T00:00:00+00:00")).push(cast);
    }
    if let Some(d) = f.to.and_then(|d| d.succ_opt()) {
        q.push(" AND at < ").text(format!("{d}T00:00:00+00:00")).push(cast);
    }
}

pub async fn list(tx: &mut Tx, f: &AuditFilter) -> Result<(Vec<AuditEntry>, i64)> {
    let pg = tx.backend() == crate::Backend::Postgres;
    let mut c = Sql::new("SELECT COUNT(*) FROM audit_log");
    filter(&mut c, f, pg);
    let total = sql::fetch_scalar_i64(tx, c).await?;
    let mut q = Sql::new(
        "SELECT id, at, user_id, username, action, entity, entity_id, summary, before_json, after_json FROM audit_log",
    );
    filter(&mut q, f, pg);
    q.push(" ORDER BY id DESC LIMIT ")
        .int(f.limit.clamp(1, 500))
        .push(" OFFSET ")
        .int(f.offset.max(0));
    Ok((sql::fetch_all(tx, q).await?, total))
}
