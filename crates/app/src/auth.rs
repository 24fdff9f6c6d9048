//! Signing in and knowing who is asking: argon2id password hashes, login sessions and API
//! tokens (only SHA-256 hashes of them are stored), login rate limiting, CSRF tokens, the
//! installation secret and the one-time setup link.

use crate::{App, AppError, Result};
use argon2::{Argon2, PasswordHasher, PasswordVerifier};
use chrono::Duration;
use domain::Invalid;
use domain::access::{Actor, Area};
use domain::region::RegionCode;
use domain::user::Role;
use rand::RngCore;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Instant;
use store::Store;
use store::user::User;

/// How long a login session lives.
pub const SESSION_HOURS: i64 = 12;
const MAX_FAILS_PER_USER: u32 = 5;
const MAX_FAILS_PER_IP: u32 = 20;
const FAIL_WINDOW_SECS: u64 = 15 * 60;

pub fn random_token() -> String {
    let mut b = [0u8; 32];
    rand::rng().fill_bytes(&mut b);
    hex::encode(b)
}

pub fn sha256_hex(s: &str) -> String {
    hex::encode(Sha256::digest(s.as_bytes()))
}

/// Hashes a password with argon2id (default parameters: m=19 MiB, t=2, p=1), off the async
/// threads.
pub async fn hash_password(password: &str) -> Result<String> {
    let pw = password.to_string();
    tokio::task::spawn_blocking(move || {
        Argon2::default()
            .hash_password(pw.as_bytes())
            .map(|h| h.to_string())
            .map_err(|e| AppError::Internal(format!("password hash: {e}")))
    })
    .await
    .map_err(|e| AppError::Internal(e.to_string()))?
}

pub async fn verify_password(password: &str, hash: &str) -> bool {
    let (pw, h) = (password.to_string(), hash.to_string());
    tokio::task::spawn_blocking(move || Argon2::default().verify_password(pw.as_bytes(), h.as_str()).is_ok())
        .await
        .unwrap_or(false)
}

/// Counts failed logins per username and per client address in a sliding window.
#[derive(Default)]
pub struct LoginLimiter {
    fails: Mutex<HashMap<String, (u32, Instant)>>,
}

impl LoginLimiter {
    fn retry_after(&self, key: &str, max: u32) -> Option<u64> {
        let map = self.fails.lock().ok()?;
        let (n, first) = map.get(key)?;
        let age = first.elapsed().as_secs();
        (*n >= max && age < FAIL_WINDOW_SECS).then(|| FAIL_WINDOW_SECS - age)
    }
    fn fail(&self, key: String) {
        if let Ok(mut map) = self.fails.lock() {
            let e = map.entry(key).or_insert((0, Instant::now()));
            if e.1.elapsed().as_secs() >= FAIL_WINDOW_SECS {
                *e = (0, Instant::now());
            }
            e.0 += 1;
            if map.len() > 100_000 {
                map.retain(|_, (_, t)| t.elapsed().as_secs() < FAIL_WINDOW_SECS);
            }
        }
    }
    fn clear(&self, key: &str) {
        if let Ok(mut map) = self.fails.lock() {
            map.remove(key);
        }
    }
}

/// Checks a username and password; on success opens a session and returns its token.
pub async fn login(app: &App, username: &str, password: &str, client: &str) -> Result<(String, User)> {
    let username = username.trim().to_ascii_lowercase();
    let (ukey, ikey) = (format!("u:{username}"), format!("ip:{client}"));
    let lim = app.limiter();
    if let Some(s) = lim
        .retry_after(&ukey, MAX_FAILS_PER_USER)
        .or_else(|| lim.retry_after(&ikey, MAX_FAILS_PER_IP))
    {
        return Err(AppError::RateLimited(s));
    }
    let mut tx = app.store.write().await?;
    let user = store::user::get_by_username(&mut tx, &username).await?;
    // Verify against a dummy hash when the user is unknown so timing does not tell.
    const DUMMY: &str =
        "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$l2EWtMbk3pbr3ZVHQ3h0Bf1/7mz5DPdM3b+2IN3h1dU";
    let ok = verify_password(
        password,
        user.as_ref().map(|u| u.password_hash.as_str()).unwrap_or(DUMMY),
    )
    .await;
    let user = match user {
        Some(u) if ok && u.active => u,
        _ => {
            lim.fail(ukey);
            lim.fail(ikey);
            store::audit::insert(
                &mut tx,
                store::audit::NewAudit {
                    user_id: None,
                    username: Some(&username),
                    action: "login_failed",
                    entity: "session",
                    entity_id: None,
                    summary: format!("failed login for {username} from {client}"),
                    before: None,
                    after: None,
                },
            )
            .await?;
            tx.commit().await?;
            return Err(AppError::Invalid(Invalid::one("password", "login.failed")));
        }
    };
    lim.clear(&ukey);
    let token = random_token();
    let expires = store::now() + Duration::hours(SESSION_HOURS);
    store::user::insert_session(&mut tx, &sha256_hex(&token), user.id, expires).await?;
    store::user::touch_login(&mut tx, user.id).await?;
    store::user::delete_expired_sessions(&mut tx).await?;
    store::audit::insert(
        &mut tx,
        store::audit::NewAudit {
            user_id: Some(user.id),
            username: Some(&user.username),
            action: "login",
            entity: "session",
            entity_id: None,
            summary: format!("{} signed in from {client}", user.username),
            before: None,
            after: None,
        },
    )
    .await?;
    tx.commit().await?;
    Ok((token, user))
}

pub async fn logout(app: &App, token: &str) -> Result<()> {
    let mut tx = app.store.write().await?;
    store::user::delete_session(&mut tx, &sha256_hex(token)).await?;
    tx.commit().await?;
    Ok(())
}

/// The reach of an account, from its role and scope organisation.
pub async fn area_of(tx: &mut store::Tx, role: Role, org_id: Option<i64>) -> Result<Area> {
    if role == Role::Admin {
        return Ok(Area::All);
    }
    let Some(org) = (match org_id {
        Some(id) => store::org::get(tx, id).await?,
        None => None,
    }) else {
        return Ok(Area::Nothing);
    };
    Ok(match role {
        Role::Admin => Area::All,
        Role::Dinkes | Role::Viewer => match RegionCode::parse(&org.region_code) {
            Ok(c) => Area::Region(c),
            Err(_) => Area::Nothing,
        },
        Role::Puskesmas => {
            let desa: Vec<String> = store::org::wilayah_kerja(tx, org.id)
                .await?
                .into_iter()
                .map(|d| d.desa_code)
                .collect();
            let mut kecamatan: Vec<String> = desa
                .iter()
                .filter_map(|d| {
                    RegionCode::parse(d)
                        .ok()
                        .and_then(|c| c.parent())
                        .map(|c| c.to_string())
                })
                .collect();
            kecamatan.sort();
            kecamatan.dedup();
            Area::WilayahKerja {
                desa,
                kecamatan,
                orgs: store::org::subtree_ids(tx, org.id).await?,
            }
        }
        Role::Kader | Role::Partner => Area::Orgs(store::org::subtree_ids(tx, org.id).await?),
    })
}

pub async fn actor_of(tx: &mut store::Tx, user: &User) -> Result<Actor> {
    let role = Role::parse(&user.role).map_err(|_| AppError::Internal(format!("unknown role {}", user.role)))?;
    Ok(Actor {
        user_id: user.id,
        username: user.username.clone(),
        display_name: user.display_name.clone(),
        role,
        org_id: user.org_id,
        area: area_of(tx, role, user.org_id).await?,
    })
}

/// The account behind a session cookie, with its language.
pub async fn session_actor(app: &App, token: &str) -> Result<(Actor, String)> {
    let mut tx = app.store.read().await?;
    let user = store::user::session_user(&mut tx, &sha256_hex(token))
        .await?
        .ok_or(AppError::Unauthenticated)?;
    Ok((actor_of(&mut tx, &user).await?, user.lang))
}

/// The account behind an API bearer token.
pub async fn token_actor(app: &App, token: &str) -> Result<Actor> {
    let mut tx = app.store.write().await?;
    let user = store::user::token_user(&mut tx, &sha256_hex(token))
        .await?
        .ok_or(AppError::Unauthenticated)?;
    let actor = actor_of(&mut tx, &user).await?;
    tx.commit().await?;
    Ok(actor)
}

/// Creates a personal API token for `user_id`; the plain token is shown once.
pub async fn create_token(app: &App, user_id: i64, name: &str) -> Result<String> {
    let name = domain::error::required_text(name, 100).map_err(|c| Invalid::one("name", c))?;
    let token = format!("lintas_{}", random_token());
    let mut tx = app.store.write().await?;
    let user = store::user::get(&mut tx, user_id).await?.ok_or(AppError::NotFound)?;
    let id = store::user::insert_token(&mut tx, user_id, &name, &sha256_hex(&token)).await?;
    crate::audit::record(
        &mut tx,
        Some((user.id, &user.username)),
        "create",
        "api_token",
        &id.to_string(),
        format!("token \"{name}\" for {}", user.username),
        None,
        None,
    )
    .await?;
    tx.commit().await?;
    Ok(token)
}

pub async fn revoke_token(app: &App, actor: &Actor, id: i64) -> Result<()> {
    let mut tx = app.store.write().await?;
    if !store::user::revoke_token(&mut tx, actor.user_id, id).await? {
        return Err(AppError::NotFound);
    }
    crate::audit::write(
        &mut tx,
        actor,
        "revoke",
        "api_token",
        &id.to_string(),
        "token revoked".into(),
        None,
        None,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

pub async fn tokens(app: &App, actor: &Actor) -> Result<Vec<store::user::ApiToken>> {
    let mut tx = app.store.read().await?;
    Ok(store::user::tokens_of(&mut tx, actor.user_id).await?)
}

/// A CSRF token bound to `binding` (the session token, or a pre-login cookie) by the
/// installation secret: forms carry it, and a forged or foreign one does not verify.
pub fn csrf_token(app: &App, binding: &str) -> String {
    sha256_hex(&format!("csrf:{}:{binding}", app.secret()))[..40].to_string()
}

pub fn csrf_ok(app: &App, binding: &str, presented: &str) -> bool {
    let expected = csrf_token(app, binding);
    expected.len() == presented.len()
        && expected
            .bytes()
            .zip(presented.bytes())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0
}

pub(crate) async fn ensure_secret(store: &Store) -> Result<String> {
    let mut tx = store.write().await?;
    let secret = match store::setting::get(&mut tx, "secret").await? {
        Some(s) => s,
        None => {
            let s = random_token();
            store::setting::set(&mut tx, "secret", &s).await?;
            s
        }
    };
    tx.commit().await?;
    Ok(secret)
}

/// When there is no account yet, makes a one-time setup token (stored hashed) and returns it
/// for the console; `None` once any account exists.
pub async fn setup_token(app: &App) -> Result<Option<String>> {
    let mut tx = app.store.write().await?;
    if store::user::count(&mut tx).await? > 0 {
        return Ok(None);
    }
    let token = random_token();
    store::setting::set(&mut tx, "setup_token_hash", &sha256_hex(&token)).await?;
    tx.commit().await?;
    Ok(Some(token))
}

pub async fn setup_pending(app: &App, token: &str) -> Result<bool> {
    let mut tx = app.store.read().await?;
    let stored = store::setting::get(&mut tx, "setup_token_hash").await?;
    Ok(store::user::count(&mut tx).await? == 0 && stored.as_deref() == Some(sha256_hex(token).as_str()))
}

/// Creates the first administrator with the one-time setup token.
pub async fn complete_setup(app: &App, token: &str, form: &domain::user::UserForm) -> Result<i64> {
    if !setup_pending(app, token).await? {
        return Err(AppError::Forbidden);
    }
    let mut f = form.clone();
    f.role = "admin".into();
    f.org_id.clear();
    let input = f.validate(true)?;
    let hash = hash_password(input.password.as_deref().unwrap_or_default()).await?;
    let mut tx = app.store.write().await?;
    let id = store::user::insert(
        &mut tx,
        &store::user::NewUser {
            username: &input.username,
            display_name: &input.display_name,
            password_hash: &hash,
            role: "admin",
            org_id: None,
            person_id: None,
            active: true,
        },
    )
    .await?;
    store::setting::delete(&mut tx, "setup_token_hash").await?;
    crate::audit::record(
        &mut tx,
        None,
        "create",
        "user",
        &id.to_string(),
        format!("first administrator {}", input.username),
        None,
        None,
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

pub async fn set_lang(app: &App, actor: &Actor, lang: &str) -> Result<()> {
    let lang = if lang == "en" { "en" } else { "id" };
    let mut tx = app.store.write().await?;
    store::user::set_lang(&mut tx, actor.user_id, lang).await?;
    crate::audit::write(
        &mut tx,
        actor,
        "update",
        "user",
        &actor.user_id.to_string(),
        format!("language set to {lang}"),
        None,
        None,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Changes one's own password after checking the current one.
pub async fn change_password(app: &App, actor: &Actor, current: &str, new: &str) -> Result<()> {
    let mut tx = app.store.write().await?;
    let user = store::user::get(&mut tx, actor.user_id)
        .await?
        .ok_or(AppError::NotFound)?;
    if !verify_password(current, &user.password_hash).await {
        return Err(Invalid::one("current_password", "login.failed").into());
    }
    domain::user::check_password(new).map_err(|c| Invalid::one("new_password", c))?;
    let hash = hash_password(new).await?;
    store::user::update(
        &mut tx,
        user.id,
        &store::user::NewUser {
            username: &user.username,
            display_name: &user.display_name,
            password_hash: &hash,
            role: &user.role,
            org_id: user.org_id,
            person_id: user.person_id,
            active: user.active,
        },
    )
    .await?;
    crate::audit::write(
        &mut tx,
        actor,
        "update",
        "user",
        &user.id.to_string(),
        "password changed".into(),
        None,
        None,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
