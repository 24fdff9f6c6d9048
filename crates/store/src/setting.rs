//! Installation settings as key/value text (secret key, setup token, region edition).

use crate::{Result, Tx, on_tx};

pub async fn get(tx: &mut Tx, key: &str) -> Result<Option<String>> {
    on_tx!(tx, c => Ok(sqlx::query_scalar("SELECT value FROM settings WHERE key = $1")
        .bind(key)
        .fetch_optional(c)
        .await?))
}

pub async fn set(tx: &mut Tx, key: &str, value: &str) -> Result<()> {
    on_tx!(tx, c => sqlx::query(
        "INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    )
    .bind(key)
    .bind(value)
    .execute(c)
    .await?
    .rows_affected());
    Ok(())
}

pub async fn delete(tx: &mut Tx, key: &str) -> Result<()> {
    on_tx!(tx, c => sqlx::query("DELETE FROM settings WHERE key = $1").bind(key).execute(c).await?.rows_affected());
    Ok(())
}
