//! Accounts, login sessions and personal API tokens. Only hashes of secrets are stored.

use crate::sql::{self, Sql};
use crate::{Result, StoreError, Tx, now, on_tx};
use chrono::{DateTime, Utc};
use serde::Serialize;

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct User {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    #[serde(skip)]
    pub password_hash: String,
    #[sqlx(try_from = "crate::decode::Checked<domain::user::Role>")]
    pub role: domain::user::Role,
    pub org_id: Option<i64>,
    pub org_name: Option<String>,
    pub person_id: Option<i64>,
    pub active: bool,
    pub lang: String,
    pub created_at: DateTime<Utc>,
    pub last_login_at: Option<DateTime<Utc>>,
}

const SELECT: &str = "SELECT u.id, u.username, u.display_name, u.password_hash, u.role, u.org_id, o.name AS org_name, \
    u.person_id, u.active, u.lang, u.created_at, u.last_login_at FROM users u LEFT JOIN organizations o ON o.id = u.org_id";

pub struct NewUser<'a> {
    pub username: &'a str,
    pub display_name: &'a str,
    pub password_hash: &'a str,
    pub role: &'a str,
    pub org_id: Option<i64>,
    pub person_id: Option<i64>,
    pub active: bool,
}

pub async fn count(tx: &mut Tx) -> Result<i64> {
    sql::fetch_scalar_i64(tx, Sql::new("SELECT COUNT(*) FROM users")).await
}

pub async fn list(tx: &mut Tx) -> Result<Vec<User>> {
    sql::fetch_all(tx, Sql::new(&format!("{SELECT} ORDER BY u.username"))).await
}

pub async fn get(tx: &mut Tx, id: i64) -> Result<Option<User>> {
    let mut q = Sql::new(SELECT);
    q.push(" WHERE u.id = ").int(id);
    Ok(sql::fetch_all(tx, q).await?.into_iter().next())
}

pub async fn get_by_username(tx: &mut Tx, username: &str) -> Result<Option<User>> {
    let mut q = Sql::new(SELECT);
    q.push(" WHERE u.username = ").text(username.to_string());
    Ok(sql::fetch_all(tx, q).await?.into_iter().next())
}

pub async fn insert(tx: &mut Tx, u: &NewUser<'_>) -> Result<i64> {
    on_tx!(tx, c => Ok(sqlx::query_scalar(
        "INSERT INTO users (username, display_name, password_hash, role, org_id, person_id, active, lang, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, 'id', $8) RETURNING id",
    )
    .bind(u.username)
    .bind(u.display_name)
    .bind(u.password_hash)
    .bind(u.role)
    .bind(u.org_id)
    .bind(u.person_id)
    .bind(u.active)
    .bind(now())
    .fetch_one(c)
    .await?))
}

/// Updates everything but the password (and the password when `password_hash` is given).
pub async fn update(tx: &mut Tx, id: i64, u: &NewUser<'_>) -> Result<()> {
    let n = on_tx!(tx, c => sqlx::query(
        "UPDATE users SET username = $1, display_name = $2, role = $3, org_id = $4, person_id = $5, active = $6, \
         password_hash = CASE WHEN $7 = '' THEN password_hash ELSE $7 END WHERE id = $8",
    )
    .bind(u.username)
    .bind(u.display_name)
    .bind(u.role)
    .bind(u.org_id)
    .bind(u.person_id)
    .bind(u.active)
    .bind(u.password_hash)
    .bind(id)
    .execute(c)
    .await?
    .rows_affected());
    if n == 0 { Err(StoreError::NotFound) } else { Ok(()) }
}

pub async fn set_lang(tx: &mut Tx, id: i64, lang: &str) -> Result<()> {
    on_tx!(tx, c => sqlx::query("UPDATE users SET lang = $1 WHERE id = $2").bind(lang).bind(id).execute(c).await?.rows_affected());
    Ok(())
}

pub async fn touch_login(tx: &mut Tx, id: i64) -> Result<()> {
    on_tx!(tx, c => sqlx::query("UPDATE users SET last_login_at = $1 WHERE id = $2").bind(now()).bind(id).execute(c).await?.rows_affected());
    Ok(())
}

pub async fn insert_session(tx: &mut Tx, token_hash: &str, user_id: i64, expires_at: DateTime<Utc>) -> Result<()> {
    on_tx!(tx, c => sqlx::query("INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)")
        .bind(token_hash)
        .bind(user_id)
        .bind(now())
        .bind(expires_at)
        .execute(c)
        .await?
        .rows_affected());
    Ok(())
}

/// The user of a live session.
pub async fn session_user(tx: &mut Tx, token_hash: &str) -> Result<Option<User>> {
    let mut q = Sql::new(SELECT);
    q.push(" JOIN sessions s ON s.user_id = u.id WHERE s.token_hash = ")
        .text(token_hash.to_string());
    q.push(" AND s.expires_at > ").text(now().to_rfc3339());
    // The comparison above is on text in SQLite and on timestamptz in PostgreSQL; both order
    // ISO-8601 UTC values correctly, but PostgreSQL needs the cast spelled out.
    if tx.backend() == crate::Backend::Postgres {
        q.push("::timestamptz");
    }
    q.push(" AND u.active = TRUE");
    Ok(sql::fetch_all(tx, q).await?.into_iter().next())
}

pub async fn delete_session(tx: &mut Tx, token_hash: &str) -> Result<()> {
    on_tx!(tx, c => sqlx::query("DELETE FROM sessions WHERE token_hash = $1").bind(token_hash).execute(c).await?.rows_affected());
    Ok(())
}

pub async fn delete_expired_sessions(tx: &mut Tx) -> Result<u64> {
    on_tx!(tx, c => Ok(sqlx::query("DELETE FROM sessions WHERE expires_at < $1").bind(now()).execute(c).await?.rows_affected()))
}

pub async fn delete_sessions_of(tx: &mut Tx, user_id: i64) -> Result<()> {
    on_tx!(tx, c => sqlx::query("DELETE FROM sessions WHERE user_id = $1").bind(user_id).execute(c).await?.rows_affected());
    Ok(())
}

/// Ends every session of `user_id` but the one whose hash is `keep`; returns how many ended.
pub async fn delete_other_sessions(tx: &mut Tx, user_id: i64, keep: &str) -> Result<u64> {
    on_tx!(tx, c => Ok(sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2")
        .bind(user_id)
        .bind(keep)
        .execute(c)
        .await?
        .rows_affected()))
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct ApiToken {
    pub id: i64,
    pub user_id: i64,
    pub name: String,
    pub created_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
    pub expires_at: Option<DateTime<Utc>>,
}

impl ApiToken {
    /// Neither revoked nor past its term.
    pub fn live(&self, at: DateTime<Utc>) -> bool {
        self.revoked_at.is_none() && self.expires_at.is_some_and(|e| e > at)
    }
}

pub async fn insert_token(
    tx: &mut Tx,
    user_id: i64,
    name: &str,
    token_hash: &str,
    expires_at: DateTime<Utc>,
) -> Result<i64> {
    on_tx!(tx, c => Ok(sqlx::query_scalar(
        "INSERT INTO api_tokens (user_id, name, token_hash, created_at, expires_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(user_id)
    .bind(name)
    .bind(token_hash)
    .bind(now())
    .bind(expires_at)
    .fetch_one(c)
    .await?))
}

pub async fn tokens_of(tx: &mut Tx, user_id: i64) -> Result<Vec<ApiToken>> {
    on_tx!(tx, c => Ok(sqlx::query_as(
        "SELECT id, user_id, name, created_at, last_used_at, revoked_at, expires_at FROM api_tokens WHERE user_id = $1 ORDER BY id DESC",
    )
    .bind(user_id)
    .fetch_all(c)
    .await?))
}

pub async fn revoke_token(tx: &mut Tx, user_id: i64, id: i64) -> Result<bool> {
    on_tx!(tx, c => Ok(sqlx::query("UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND user_id = $3 AND revoked_at IS NULL")
        .bind(now())
        .bind(id)
        .bind(user_id)
        .execute(c)
        .await?
        .rows_affected() > 0))
}

/// Revokes every live token of `user_id` (an administrator set a new password); returns how
/// many.
pub async fn revoke_tokens_of(tx: &mut Tx, user_id: i64) -> Result<u64> {
    on_tx!(tx, c => Ok(sqlx::query("UPDATE api_tokens SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL")
        .bind(now())
        .bind(user_id)
        .execute(c)
        .await?
        .rows_affected()))
}

/// The user of a live token (not revoked, not expired, active account) and when the token
/// was last used. Reads only: see [`touch_token`].
pub async fn token_user(tx: &mut Tx, token_hash: &str) -> Result<Option<(User, Option<DateTime<Utc>>)>> {
    let id: Option<(i64, Option<DateTime<Utc>>)> = on_tx!(tx, c => sqlx::query_as(
        "SELECT t.user_id, t.last_used_at FROM api_tokens t WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND t.expires_at > $2",
    )
    .bind(token_hash)
    .bind(now())
    .fetch_optional(c)
    .await?);
    let Some((user_id, last_used)) = id else {
        return Ok(None);
    };
    Ok(get(tx, user_id).await?.filter(|u| u.active).map(|u| (u, last_used)))
}

/// Records that a token was used, unless that was recorded after `since` already.
pub async fn touch_token(tx: &mut Tx, token_hash: &str, since: DateTime<Utc>) -> Result<()> {
    on_tx!(tx, c => sqlx::query(
        "UPDATE api_tokens SET last_used_at = $1 WHERE token_hash = $2 AND (last_used_at IS NULL OR last_used_at < $3)",
    )
    .bind(now())
    .bind(token_hash)
    .bind(since)
    .execute(c)
    .await?
    .rows_affected());
    Ok(())
}
