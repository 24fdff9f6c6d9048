//! One's own account: password and personal API tokens.

use super::{Errs, render_status, split_invalid};
use crate::AppState;
use crate::ctx::{Ctx, SignedIn};
use crate::error::PageError;
use crate::form::CsrfForm;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use store::user::ApiToken;

#[derive(Template)]
#[template(path = "account.html")]
struct AccountPage {
    title: String,
    ctx: Ctx,
    username: String,
    tokens: Vec<ApiToken>,
    new_token: Option<String>,
    errs: Errs,
    now: chrono::DateTime<chrono::Utc>,
    token_days: [i64; 4],
    default_days: i64,
}

async fn page(
    st: &AppState,
    s: &SignedIn,
    new_token: Option<String>,
    errs: Errs,
    flash: Option<&'static str>,
) -> Result<Response, PageError> {
    let tokens = app::auth::tokens(&st.app, &s.actor).await?;
    let mut ctx = Ctx::new(&s.visitor);
    if let Some(f) = flash {
        ctx = ctx.with_flash(f);
    }
    let status = errs.status();
    Ok(render_status(
        status,
        &AccountPage {
            title: ctx.t("account.title").into(),
            ctx,
            username: s.actor.username.clone(),
            tokens,
            new_token,
            errs,
            now: st.app.clock().now(),
            token_days: app::auth::TOKEN_DAYS,
            default_days: app::auth::TOKEN_DAYS_DEFAULT,
        },
    ))
}

pub async fn show(State(st): State<AppState>, s: SignedIn) -> Result<Response, PageError> {
    page(&st, &s, None, Errs::none(), None).await
}

#[derive(Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    current_password: String,
    #[serde(default)]
    new_password: String,
    /// Also revoke every API token of the account.
    #[serde(default)]
    revoke_tokens: String,
}

pub async fn password(
    State(st): State<AppState>,
    s: SignedIn,
    CsrfForm(f): CsrfForm<PasswordForm>,
) -> Result<Response, PageError> {
    let session = s.visitor.session_token.clone().unwrap_or_default();
    let revoke = !f.revoke_tokens.is_empty();
    match app::auth::change_password(
        &st.app,
        &s.actor,
        &session,
        &f.current_password,
        &f.new_password,
        revoke,
    )
    .await
    {
        Ok(()) => page(&st, &s, None, Errs::none(), Some("common.saved")).await,
        Err(e) => page(&st, &s, None, Errs::new(s.visitor.lang, split_invalid(e)?), None).await,
    }
}

#[derive(Deserialize)]
pub struct TokenForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    days: String,
}

pub async fn create_token(
    State(st): State<AppState>,
    s: SignedIn,
    CsrfForm(f): CsrfForm<TokenForm>,
) -> Result<Response, PageError> {
    let days = f.days.trim().parse().unwrap_or(app::auth::TOKEN_DAYS_DEFAULT);
    match app::auth::create_token(&st.app, s.actor.user_id, &f.name, days).await {
        Ok(t) => page(&st, &s, Some(t), Errs::none(), None).await,
        Err(e) => page(&st, &s, None, Errs::new(s.visitor.lang, split_invalid(e)?), None).await,
    }
}

pub async fn revoke_token(
    State(st): State<AppState>,
    s: SignedIn,
    Path(id): Path<i64>,
    CsrfForm(_): CsrfForm<super::session::Empty>,
) -> Result<Response, PageError> {
    app::auth::revoke_token(&st.app, &s.actor, id).await?;
    Ok(Redirect::to("/account").into_response())
}
