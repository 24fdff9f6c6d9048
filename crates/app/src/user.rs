//! Accounts: administrators manage them in the web UI; `lintas user add` creates them from
//! the command line (the only way in besides the one-time setup link).

use crate::auth::hash_password;
use crate::{App, AppError, Result};
use domain::Invalid;
use domain::access::{Act, Actor, Target, can};
use domain::audit::AuditEvent;
use domain::user::UserInput;
use store::user::{NewUser, User};

pub async fn list(app: &App, actor: &Actor) -> Result<Vec<User>> {
    can(actor, Act::Read, Target::Admin)?;
    let mut tx = app.store.read().await?;
    Ok(store::user::list(&mut tx).await?)
}

pub async fn get(app: &App, actor: &Actor, id: i64) -> Result<User> {
    can(actor, Act::Read, Target::Admin)?;
    let mut tx = app.store.read().await?;
    store::user::get(&mut tx, id).await?.ok_or(AppError::NotFound)
}

async fn check_refs(tx: &mut store::Tx, u: &UserInput) -> Result<()> {
    let mut inv = Invalid::new();
    if let Some(o) = u.org_id
        && store::org::get(tx, o).await?.is_none()
    {
        inv.add("org_id", "org.unknown");
    }
    if let Some(p) = u.person_id
        && store::person::get(tx, p).await?.is_none()
    {
        inv.add("person_id", "person.unknown");
    }
    Ok(inv.into_result()?)
}

fn audit_view(u: &UserInput) -> serde_json::Value {
    serde_json::json!({
        "username": u.username, "display_name": u.display_name, "role": u.role.as_str(),
        "org_id": u.org_id, "person_id": u.person_id, "active": u.active,
        "password_changed": u.password.is_some(),
    })
}

/// Creates an account. `actor` is `None` from the command line (whoever runs the binary on
/// the server is trusted as its operator).
pub async fn create(app: &App, actor: Option<&Actor>, input: &UserInput) -> Result<i64> {
    if let Some(a) = actor {
        can(a, Act::Write, Target::Admin)?;
    }
    let u = input.clone().check(true)?;
    let hash = hash_password(u.password.as_deref().unwrap_or_default()).await?;
    let mut tx = app.store.write().await?;
    check_refs(&mut tx, &u).await?;
    let id = store::user::insert(
        &mut tx,
        &NewUser {
            username: &u.username,
            display_name: &u.display_name,
            password_hash: &hash,
            role: u.role.as_str(),
            org_id: u.org_id,
            person_id: u.person_id,
            active: u.active,
        },
    )
    .await?;
    let who = actor.map(|a| (a.user_id, a.username.as_str()));
    crate::audit::record(
        &mut tx,
        who,
        crate::audit::Entry::new(
            AuditEvent::UserCreated,
            id,
            format!("account {} ({})", u.username, u.role),
        )
        .after(Some(audit_view(&u))),
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

pub async fn update(app: &App, actor: &Actor, id: i64, input: &UserInput) -> Result<()> {
    can(actor, Act::Write, Target::Admin)?;
    let u = input.clone().check(false)?;
    if id == actor.user_id && !domain::access::keeps_own_administration(u.role, u.active) {
        return Err(Invalid::one("role", "user.self_lockout").into());
    }
    let hash = match &u.password {
        Some(p) => hash_password(p).await?,
        None => String::new(),
    };
    let mut tx = app.store.write().await?;
    let before = store::user::get(&mut tx, id).await?.ok_or(AppError::NotFound)?;
    check_refs(&mut tx, &u).await?;
    store::user::update(
        &mut tx,
        id,
        &NewUser {
            username: &u.username,
            display_name: &u.display_name,
            password_hash: &hash,
            role: u.role.as_str(),
            org_id: u.org_id,
            person_id: u.person_id,
            active: u.active,
        },
    )
    .await?;
    // A new password set by an administrator (a reset: the old one may be known to someone
    // else) or a disabled account ends every session and revokes every token.
    if !u.active || u.password.is_some() {
        store::user::delete_sessions_of(&mut tx, id).await?;
        store::user::revoke_tokens_of(&mut tx, id).await?;
    }
    crate::audit::write(
        &mut tx,
        actor,
        crate::audit::Entry::new(AuditEvent::UserUpdated, id, format!("account {}", u.username))
            .before(Some(crate::org::json(&before)))
            .after(Some(audit_view(&u))),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Looks an account up by name (CLI `token create`).
pub async fn by_username(app: &App, username: &str) -> Result<User> {
    let mut tx = app.store.read().await?;
    store::user::get_by_username(&mut tx, &username.trim().to_ascii_lowercase())
        .await?
        .ok_or(AppError::NotFound)
}
