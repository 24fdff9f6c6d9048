//! Signing in and knowing who is asking: argon2id password hashes, login sessions and API
//! tokens (only SHA-256 hashes of them are stored), login rate limiting, CSRF tokens, the
//! installation secret and the one-time setup link.

use crate::{App, AppError, Result};
use argon2::{Argon2, PasswordHasher, PasswordVerifier};
use chrono::Duration;
use domain::Invalid;
use domain::access::{Actor, Area, Reach};
use domain::audit::AuditEvent;
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
/// How long a personal API token lives unless another term is chosen.
pub const TOKEN_DAYS_DEFAULT: i64 = 90;
/// The terms a token may be given (days).
pub const TOKEN_DAYS: [i64; 4] = [30, 90, 180, 365];
/// Failed attempts for one account from one address before delays start (typing slips).
const FREE_FAILS: u32 = 3;
/// The longest delay between two attempts.
const MAX_DELAY_SECS: u64 = 15 * 60;
/// A pair's failures are forgotten after this long without one.
const FORGET_SECS: u64 = 24 * 60 * 60;
/// A token's last use is written at most this often (reads need no write transaction).
const TOKEN_TOUCH_SECS: i64 = 60;

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

/// The wait before attempt number `fails + 1` of a pair: none for the first few, then
/// 1 s, 2 s, 4 s … doubling up to [`MAX_DELAY_SECS`].
pub fn delay_after(fails: u32) -> Duration {
    if fails < FREE_FAILS {
        return Duration::zero();
    }
    let secs = 1u64
        .checked_shl(fails - FREE_FAILS)
        .unwrap_or(MAX_DELAY_SECS)
        .min(MAX_DELAY_SECS);
    Duration::seconds(secs as i64)
}

/// Throttles password guessing per (account name, client address) with growing delays
/// instead of a lockout: a guesser elsewhere cannot lock anyone out, and a shared address (a
/// proxy, an office NAT) does not tie one account's failures to another's. An attempt is
/// reserved before the password is checked, so a burst of parallel guesses is refused
/// (429) instead of all evaluated.
#[derive(Default)]
pub struct LoginLimiter {
    pairs: Mutex<HashMap<(String, String), Pair>>,
}

struct Pair {
    fails: u32,
    /// No attempt before this.
    next: Instant,
    /// An attempt is being checked now.
    busy: bool,
    last: Instant,
}

/// The reservation of one attempt; ends as a failure, a success, or (dropped) neither.
pub struct Attempt<'a> {
    limiter: &'a LoginLimiter,
    key: (String, String),
    done: bool,
}

impl LoginLimiter {
    /// Reserves an attempt for (`username`, `client`), or says how many seconds to wait.
    pub fn begin(&self, username: &str, client: &str) -> std::result::Result<Attempt<'_>, u64> {
        let key = (username.to_string(), client.to_string());
        let mut map = self.pairs.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let now = Instant::now();
        if map.len() > 100_000 {
            map.retain(|_, p| p.busy || now.duration_since(p.last).as_secs() < 3600);
        }
        let p = map.entry(key.clone()).or_insert(Pair {
            fails: 0,
            next: now,
            busy: false,
            last: now,
        });
        if now.duration_since(p.last).as_secs() > FORGET_SECS && !p.busy {
            p.fails = 0;
            p.next = now;
        }
        if p.busy {
            return Err(1);
        }
        if p.next > now {
            return Err(p.next.duration_since(now).as_secs().max(1));
        }
        p.busy = true;
        Ok(Attempt {
            limiter: self,
            key,
            done: false,
        })
    }

    fn end(&self, key: &(String, String), failed: bool) {
        let mut map = self.pairs.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if !failed {
            map.remove(key);
            return;
        }
        if let Some(p) = map.get_mut(key) {
            let now = Instant::now();
            p.busy = false;
            p.fails = p.fails.saturating_add(1);
            p.last = now;
            p.next = now + delay_after(p.fails).to_std().unwrap_or_default();
        }
    }
}

impl Attempt<'_> {
    pub fn failed(mut self) {
        self.done = true;
        self.limiter.end(&self.key, true);
    }
    pub fn succeeded(mut self) {
        self.done = true;
        self.limiter.end(&self.key, false);
    }
}

impl Drop for Attempt<'_> {
    fn drop(&mut self) {
        // An attempt that ended in an error of ours counts neither way, but frees the pair.
        if !self.done {
            let mut map = self
                .limiter
                .pairs
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            if let Some(p) = map.get_mut(&self.key) {
                p.busy = false;
            }
        }
    }
}

/// Checks a username and password; on success opens a session and returns its token. The
/// password is checked outside any write transaction (argon2 takes tens of milliseconds and
/// SQLite has one writer), and `client` is the address the web layer trusts (see
/// `--trusted-proxy`).
pub async fn login(app: &App, username: &str, password: &str, client: &str) -> Result<(String, User)> {
    let username = username.trim().to_ascii_lowercase();
    let attempt = app.limiter().begin(&username, client).map_err(AppError::RateLimited)?;
    let user = {
        let mut tx = app.store.read().await?;
        store::user::get_by_username(&mut tx, &username).await?
    };
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
            attempt.failed();
            let mut tx = app.store.write().await?;
            crate::audit::record_unverified(
                &mut tx,
                &username,
                crate::audit::Entry::about_nothing(
                    AuditEvent::LoginFailed,
                    format!("failed login for {username} from {client}"),
                ),
            )
            .await?;
            tx.commit().await?;
            return Err(AppError::Invalid(Invalid::one("password", "login.failed")));
        }
    };
    attempt.succeeded();
    let token = random_token();
    let expires = store::now() + Duration::hours(SESSION_HOURS);
    let mut tx = app.store.write().await?;
    store::user::insert_session(&mut tx, &sha256_hex(&token), user.id, expires).await?;
    store::user::touch_login(&mut tx, user.id).await?;
    store::user::delete_expired_sessions(&mut tx).await?;
    crate::audit::record(
        &mut tx,
        Some((user.id, &user.username)),
        crate::audit::Entry::about_nothing(
            AuditEvent::LoggedIn,
            format!("{} signed in from {client}", user.username),
        ),
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
    let reach = domain::access::reach(role);
    if reach == Reach::All {
        return Ok(Area::All);
    }
    let Some(org) = (match org_id {
        Some(id) => store::org::get(tx, id).await?,
        None => None,
    }) else {
        return Ok(Area::Nothing);
    };
    Ok(match reach {
        Reach::All => Area::All,
        Reach::Region => match RegionCode::parse(&org.region_code) {
            Ok(c) => Area::Region(c),
            Err(_) => Area::Nothing,
        },
        Reach::WilayahKerja => {
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
            let orgs = store::org::subtree_ids(tx, org.id).await?;
            // Health facilities in those desa and kecamatan that are not this Puskesmas's own:
            // a second Puskesmas of the kecamatan, its Pustu and Posyandu.
            let regions: Vec<String> = desa.iter().chain(&kecamatan).cloned().collect();
            let health: Vec<&str> = domain::org::OrgKind::ALL
                .iter()
                .filter(|k| k.default_sector() == domain::org::Sector::Health)
                .map(|k| k.as_str())
                .collect();
            let foreign = store::org::health_facilities_in(tx, &regions, &health)
                .await?
                .into_iter()
                .filter(|id| !orgs.contains(id))
                .collect();
            Area::WilayahKerja {
                desa,
                kecamatan,
                orgs,
                foreign,
            }
        }
        Reach::Subtree => Area::Orgs(store::org::subtree_ids(tx, org.id).await?),
    })
}

pub async fn actor_of(tx: &mut store::Tx, user: &User) -> Result<Actor> {
    let role = user.role;
    Ok(Actor {
        user_id: user.id,
        username: user.username.clone(),
        display_name: user.display_name.clone(),
        role,
        org_id: user.org_id,
        area: area_of(tx, role, user.org_id).await?,
    })
}

/// The visitor behind a session cookie, as [`session_actor`] reads it.
#[derive(Debug, Clone)]
pub struct Session {
    pub actor: Actor,
    /// The account's language (`id`, `en`).
    pub lang: String,
    /// The name of the account's organisation, read with the account (the home page's
    /// subtitle needs no read of its own).
    pub org_name: Option<String>,
    /// Unread notices, when counted.
    pub unread: Option<i64>,
}

/// The account behind a session cookie, with its language and organisation's name, and its
/// unread notices when `count_unread` (a page with the header): one read transaction for
/// all, so a page takes the pool once for its visitor. A failed count is logged and left
/// out: the page still answers without the header's badge.
pub async fn session_actor(app: &App, token: &str, count_unread: bool) -> Result<Session> {
    let mut tx = app.store.read().await?;
    let user = store::user::session_user(&mut tx, &sha256_hex(token))
        .await?
        .ok_or(AppError::Unauthenticated)?;
    let actor = actor_of(&mut tx, &user).await?;
    let unread = if count_unread {
        match crate::notice::unread(&mut tx, app, &actor).await {
            Ok(n) => Some(n),
            Err(e) => {
                tracing::warn!("unread notices not counted: {e}");
                None
            }
        }
    } else {
        None
    };
    Ok(Session {
        actor,
        lang: user.lang,
        org_name: user.org_name,
        unread,
    })
}

/// The account behind an API bearer token. A read: the token's last use is written at most
/// once a minute, in its own short transaction, so API requests do not queue on the write
/// lock.
pub async fn token_actor(app: &App, token: &str) -> Result<Actor> {
    let hash = sha256_hex(token);
    let (actor, last_used) = {
        let mut tx = app.store.read().await?;
        let (user, last_used) = store::user::token_user(&mut tx, &hash)
            .await?
            .ok_or(AppError::Unauthenticated)?;
        (actor_of(&mut tx, &user).await?, last_used)
    };
    let since = store::now() - Duration::seconds(TOKEN_TOUCH_SECS);
    if last_used.is_none_or(|t| t < since) {
        let mut tx = app.store.write().await?;
        store::user::touch_token(&mut tx, &hash, since).await?;
        tx.commit().await?;
    }
    Ok(actor)
}

/// Creates a personal API token for `user_id` that lives `days` days (one of [`TOKEN_DAYS`]);
/// the plain token is shown once.
pub async fn create_token(app: &App, user_id: i64, name: &str, days: i64) -> Result<String> {
    let name = domain::error::required_text(name, 100).map_err(|c| Invalid::one("name", c))?;
    if !TOKEN_DAYS.contains(&days) {
        return Err(Invalid::one("days", "choice.unknown").into());
    }
    let token = format!("lintas_{}", random_token());
    let expires = store::now() + Duration::days(days);
    let mut tx = app.store.write().await?;
    let user = store::user::get(&mut tx, user_id).await?.ok_or(AppError::NotFound)?;
    let id = store::user::insert_token(&mut tx, user_id, &name, &sha256_hex(&token), expires).await?;
    crate::audit::record(
        &mut tx,
        Some((user.id, &user.username)),
        crate::audit::Entry::new(
            AuditEvent::ApiTokenCreated,
            id,
            format!("token \"{name}\" for {}, {days} days", user.username),
        ),
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
        crate::audit::Entry::new(AuditEvent::ApiTokenRevoked, id, "token revoked"),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

pub async fn tokens(app: &App, actor: &Actor) -> Result<Vec<store::user::ApiToken>> {
    let mut tx = app.store.read().await?;
    Ok(store::user::tokens_of(&mut tx, actor.user_id).await?)
}

/// The CSRF secret of `binding` (the session token, or a pre-login cookie): derived from it
/// and the installation secret.
fn csrf_secret(app: &App, binding: &str) -> [u8; 20] {
    let d = Sha256::digest(format!("csrf:{}:{binding}", app.secret()).as_bytes());
    let mut out = [0u8; 20];
    out.copy_from_slice(&d[..20]);
    out
}

/// A CSRF token bound to `binding` by the installation secret: forms carry it, and a forged
/// or foreign one does not verify. Each call masks the secret with a fresh random pad (the
/// token is the pad and the secret XOR the pad), so no two responses carry the same bytes
/// and a compressed page cannot leak it to someone who makes the page reflect guesses
/// (BREACH).
pub fn csrf_token(app: &App, binding: &str) -> String {
    let secret = csrf_secret(app, binding);
    let mut pad = [0u8; 20];
    rand::rng().fill_bytes(&mut pad);
    let masked: Vec<u8> = secret.iter().zip(pad).map(|(s, p)| s ^ p).collect();
    format!("{}{}", hex::encode(pad), hex::encode(masked))
}

/// Whether `presented` is a token of `binding` (masked, or the bare secret of tokens written
/// before they were masked).
pub fn csrf_ok(app: &App, binding: &str, presented: &str) -> bool {
    let secret = csrf_secret(app, binding);
    let Ok(bytes) = hex::decode(presented) else {
        return false;
    };
    let got: Vec<u8> = match bytes.len() {
        40 => bytes[..20].iter().zip(&bytes[20..]).map(|(p, m)| p ^ m).collect(),
        20 => bytes,
        _ => return false,
    };
    secret.iter().zip(&got).fold(0u8, |acc, (a, b)| acc | (a ^ b)) == 0
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
pub async fn complete_setup(app: &App, token: &str, input: &domain::user::UserInput) -> Result<i64> {
    if !setup_pending(app, token).await? {
        return Err(AppError::Forbidden);
    }
    let input = domain::user::UserInput {
        role: domain::user::Role::Admin,
        org_id: None,
        person_id: None,
        active: true,
        ..input.clone()
    }
    .check(true)?;
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
        crate::audit::Entry::new(
            AuditEvent::UserCreated,
            id,
            format!("first administrator {}", input.username),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

pub async fn set_lang(app: &App, actor: &Actor, lang: domain::i18n::Lang) -> Result<()> {
    let lang = lang.code();
    let mut tx = app.store.write().await?;
    store::user::set_lang(&mut tx, actor.user_id, lang).await?;
    crate::audit::write(
        &mut tx,
        actor,
        crate::audit::Entry::new(
            AuditEvent::UserUpdated,
            actor.user_id,
            format!("language set to {lang}"),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Changes one's own password after checking the current one. Every other session of the
/// account ends (whoever else held one is signed out); with `revoke_tokens` its API tokens
/// are revoked too. `session` is the token of the session making the change, which stays.
pub async fn change_password(
    app: &App,
    actor: &Actor,
    session: &str,
    current: &str,
    new: &str,
    revoke_tokens: bool,
) -> Result<()> {
    let user = {
        let mut tx = app.store.read().await?;
        store::user::get(&mut tx, actor.user_id)
            .await?
            .ok_or(AppError::NotFound)?
    };
    // Guessing the current password here is throttled like the login page.
    let attempt = app
        .limiter()
        .begin(&user.username, "account-page")
        .map_err(AppError::RateLimited)?;
    if !verify_password(current, &user.password_hash).await {
        attempt.failed();
        return Err(Invalid::one("current_password", "login.failed").into());
    }
    attempt.succeeded();
    domain::user::check_password(new).map_err(|c| Invalid::one("new_password", c))?;
    let hash = hash_password(new).await?;
    let mut tx = app.store.write().await?;
    store::user::update(
        &mut tx,
        user.id,
        &store::user::NewUser {
            username: &user.username,
            display_name: &user.display_name,
            password_hash: &hash,
            role: user.role.as_str(),
            org_id: user.org_id,
            person_id: user.person_id,
            active: user.active,
        },
    )
    .await?;
    let ended = store::user::delete_other_sessions(&mut tx, user.id, &sha256_hex(session)).await?;
    let revoked = if revoke_tokens {
        store::user::revoke_tokens_of(&mut tx, user.id).await?
    } else {
        0
    };
    crate::audit::write(
        &mut tx,
        actor,
        crate::audit::Entry::new(
            AuditEvent::UserUpdated,
            user.id,
            format!("password changed; {ended} other sessions ended, {revoked} tokens revoked"),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
