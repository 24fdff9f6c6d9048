//! Writing and reading the audit log. Every use case that writes calls [`write`] inside its
//! own transaction, so the record and its audit row are stored together or not at all. What
//! an entry records is an [`AuditEvent`]; the entry adds which record, a summary and the
//! record before and after.

use crate::{App, Result};
use domain::access::{Act, Actor, Target, can};
use domain::audit::AuditEvent;
use serde::Serialize;
use store::audit::{AuditEntry, AuditFilter, NewAudit};

/// One audit row before it is written.
#[derive(Debug, Clone)]
pub struct Entry {
    event: AuditEvent,
    entity_id: Option<String>,
    summary: String,
    before: Option<serde_json::Value>,
    after: Option<serde_json::Value>,
}

impl Entry {
    /// `event` on the record `entity_id`, described by `summary`.
    pub fn new(event: AuditEvent, entity_id: impl ToString, summary: impl Into<String>) -> Self {
        Entry {
            event,
            entity_id: Some(entity_id.to_string()),
            summary: summary.into(),
            before: None,
            after: None,
        }
    }
    /// An event on no single record (a sign-in).
    pub fn about_nothing(event: AuditEvent, summary: impl Into<String>) -> Self {
        Entry {
            entity_id: None,
            ..Entry::new(event, "", summary)
        }
    }
    /// The record as it was before the write.
    pub fn before(mut self, v: Option<serde_json::Value>) -> Self {
        self.before = v;
        self
    }
    /// The record as written.
    pub fn after(mut self, v: Option<serde_json::Value>) -> Self {
        self.after = v;
        self
    }
}

/// Writes `entry` as done by `actor`.
pub async fn write(tx: &mut store::Tx, actor: &Actor, entry: Entry) -> Result<()> {
    record(tx, Some((actor.user_id, &actor.username)), entry).await
}

/// Like [`write`] for writes without a signed-in actor (setup, CLI).
pub async fn record(tx: &mut store::Tx, who: Option<(i64, &str)>, entry: Entry) -> Result<()> {
    insert(tx, who.map(|w| w.0), who.map(|w| w.1), entry).await
}

/// A failed sign-in: the name typed, which may be no account at all.
pub async fn record_unverified(tx: &mut store::Tx, username: &str, entry: Entry) -> Result<()> {
    insert(tx, None, Some(username), entry).await
}

async fn insert(tx: &mut store::Tx, user_id: Option<i64>, username: Option<&str>, entry: Entry) -> Result<()> {
    store::audit::insert(
        tx,
        NewAudit {
            user_id,
            username,
            action: entry.event.action(),
            entity: entry.event.entity(),
            entity_id: entry.entity_id,
            summary: entry.summary,
            before: entry.before,
            after: entry.after,
        },
    )
    .await?;
    Ok(())
}

/// The audit log, for administrators only.
pub async fn list(app: &App, actor: &Actor, f: &AuditFilter) -> Result<(Vec<AuditEntry>, i64)> {
    can(actor, Act::Read, Target::Admin)?;
    let mut tx = app.store.read().await?;
    Ok(store::audit::list(&mut tx, f).await?)
}

/// The installation at a glance, for administrators: the database engine and its size, the
/// accounts, the failed logins of the last `days` days (as the audit log lists them).
#[derive(Debug, Clone, Serialize)]
pub struct Health {
    /// `sqlite` or `postgres`.
    pub engine: &'static str,
    pub size_bytes: i64,
    pub accounts: usize,
    pub active_accounts: usize,
    pub failed_logins: i64,
    /// The first day the failed logins are counted from.
    pub since: chrono::NaiveDate,
}

/// Days of failed logins the administrator's home counts.
pub const FAILED_LOGIN_DAYS: i64 = 7;

pub async fn health(app: &App, actor: &Actor) -> Result<Health> {
    can(actor, Act::Read, Target::Admin)?;
    let since = app.clock().today_for(actor) - chrono::Duration::days(FAILED_LOGIN_DAYS - 1);
    let mut tx = app.store.read().await?;
    let size_bytes = store::dialect::database_size(&mut tx).await?;
    let users = store::user::list(&mut tx).await?;
    let (_, failed_logins) = store::audit::list(
        &mut tx,
        &AuditFilter {
            action: Some(AuditEvent::LoginFailed.action().to_string()),
            from: Some(since),
            limit: 1,
            ..Default::default()
        },
    )
    .await?;
    Ok(Health {
        engine: match app.store.backend() {
            store::Backend::Sqlite => "sqlite",
            store::Backend::Postgres => "postgres",
        },
        size_bytes,
        accounts: users.len(),
        active_accounts: users.iter().filter(|u| u.active).count(),
        failed_logins,
        since,
    })
}
