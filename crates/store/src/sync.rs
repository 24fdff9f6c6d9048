//! Idempotency keys of entries sent from a phone (`sync_entries`, migration 0013): claimed in
//! the transaction that writes the entry's record, so the record and its key are stored
//! together or not at all.

use crate::{Result, Tx, now, on_tx};
use chrono::{DateTime, Utc};
use domain::sync::SyncKind;

/// An applied entry.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Applied {
    pub idempotency_key: String,
    pub user_id: i64,
    #[sqlx(try_from = "crate::decode::Checked<domain::sync::SyncKind>")]
    pub kind: SyncKind,
    /// Digest of the entry's body as first sent.
    pub body_hash: String,
    /// What the entry created: the measurement or the child.
    pub record_id: Option<i64>,
    /// The result as first answered (JSON).
    pub result: String,
    pub created_at: DateTime<Utc>,
}

/// Claims `key` for an entry being applied in this transaction: `true` when it was free. On
/// PostgreSQL a concurrent transaction that claimed the same key first makes this wait until
/// it ends (then `false` if it committed); on SQLite writers already take turns.
pub async fn claim(tx: &mut Tx, key: &str, user_id: i64, kind: SyncKind, body_hash: &str) -> Result<bool> {
    let t = now();
    let claimed: Option<String> = on_tx!(tx, c => sqlx::query_scalar(
        "INSERT INTO sync_entries (idempotency_key, user_id, kind, body_hash, record_id, result, created_at) \
         VALUES ($1, $2, $3, $4, NULL, '', $5) ON CONFLICT (idempotency_key) DO NOTHING RETURNING idempotency_key",
    )
    .bind(key)
    .bind(user_id)
    .bind(kind.as_str())
    .bind(body_hash)
    .bind(t)
    .fetch_optional(c)
    .await?);
    Ok(claimed.is_some())
}

/// The entry stored under `key`, if any.
pub async fn get(tx: &mut Tx, key: &str) -> Result<Option<Applied>> {
    on_tx!(tx, c => Ok(sqlx::query_as(
        "SELECT idempotency_key, user_id, kind, body_hash, record_id, result, created_at FROM sync_entries \
         WHERE idempotency_key = $1",
    )
    .bind(key)
    .fetch_optional(c)
    .await?))
}

/// Records what the claimed entry `key` created and the result it answered.
pub async fn finish(tx: &mut Tx, key: &str, record_id: i64, result: &str) -> Result<()> {
    on_tx!(tx, c => sqlx::query("UPDATE sync_entries SET record_id = $1, result = $2 WHERE idempotency_key = $3")
        .bind(record_id)
        .bind(result)
        .bind(key)
        .execute(c)
        .await?
        .rows_affected());
    Ok(())
}

/// Gives a claimed key back (the entry stored nothing, but the transaction commits other rows,
/// such as the audit row of a refused lookup).
pub async fn release(tx: &mut Tx, key: &str) -> Result<()> {
    on_tx!(tx, c => sqlx::query("DELETE FROM sync_entries WHERE idempotency_key = $1")
        .bind(key)
        .execute(c)
        .await?
        .rows_affected());
    Ok(())
}

/// How many entries `user_id` has had applied (tests, `lintas check`).
pub async fn count(tx: &mut Tx, user_id: i64) -> Result<i64> {
    on_tx!(tx, c => Ok(sqlx::query_scalar("SELECT COUNT(*) FROM sync_entries WHERE user_id = $1")
        .bind(user_id)
        .fetch_one(c)
        .await?))
}
