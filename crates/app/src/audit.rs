//! Writing and reading the audit log. Every use case that writes calls [`write`] inside its
//! own transaction, so the record and its audit row are stored together or not at all. What
//! an entry records is an [`AuditEvent`]; the entry adds which record, a summary and the
//! record before and after.

use crate::{App, Result};
use domain::access::{Act, Actor, Target, can};
use domain::audit::AuditEvent;
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
