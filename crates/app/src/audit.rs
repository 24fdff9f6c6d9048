//! Writing and reading the audit log. Every use case that writes calls [`write`] inside its
//! own transaction, so the record and its audit row are stored together or not at all.

use crate::{App, Result};
use domain::access::{Act, Actor, Target, can};
use store::audit::{AuditEntry, AuditFilter, NewAudit};

#[allow(clippy::too_many_arguments)]
pub async fn write(
    tx: &mut store::Tx,
    actor: &Actor,
    action: &str,
    entity: &str,
    entity_id: &str,
    summary: String,
    before: Option<serde_json::Value>,
    after: Option<serde_json::Value>,
) -> Result<()> {
    record(
        tx,
        Some((actor.user_id, &actor.username)),
        action,
        entity,
        entity_id,
        summary,
        before,
        after,
    )
    .await
}

/// Like [`write`] for writes without a signed-in actor (setup, CLI).
#[allow(clippy::too_many_arguments)]
pub async fn record(
    tx: &mut store::Tx,
    who: Option<(i64, &str)>,
    action: &str,
    entity: &str,
    entity_id: &str,
    summary: String,
    before: Option<serde_json::Value>,
    after: Option<serde_json::Value>,
) -> Result<()> {
    store::audit::insert(
        tx,
        NewAudit {
            user_id: who.map(|w| w.0),
            username: who.map(|w| w.1),
            action,
            entity,
            entity_id: Some(entity_id.to_string()),
            summary,
            before,
            after,
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
