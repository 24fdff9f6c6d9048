//! Sign in, sign out, language switch and the one-time setup page.

use super::{Errs, render, render_status};
use crate::AppState;
use crate::ctx::{ClientAddr, Ctx, LANG_COOKIE, SESSION_COOKIE, Visitor, set_cookie};
use crate::error::PageError;
use crate::form::CsrfForm;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    title: String,
    ctx: Ctx,
    message: Option<&'static str>,
    error: Option<&'static str>,
    username: String,
    next: String,
    demo: bool,
}

#[derive(Deserialize, Default)]
pub struct LoginQuery {
    #[serde(default)]
    reason: String,
    #[serde(default)]
    next: String,
}

/// Only a local path is followed after login (no open redirect): one leading `/`, not
/// followed by another `/` or `\`, no backslash or control character anywhere (browsers
/// drop tabs and line breaks from a URL, so `/\t/evil.example` would become
/// `//evil.example`). Anything else goes to the home page.
pub fn safe_next(next: &str) -> String {
    let mut chars = next.chars();
    let local = chars.next() == Some('/')
        && !matches!(chars.next(), Some('/' | '\\'))
        && !next.chars().any(|c| c == '\\' || c.is_control() || c.is_whitespace());
    if local { next.to_string() } else { "/".into() }
}

pub async fn login_page(State(st): State<AppState>, v: Visitor, Query(q): Query<LoginQuery>) -> Response {
    if v.actor.is_some() {
        return Redirect::to(&safe_next(&q.next)).into_response();
    }
    let message = match q.reason.as_str() {
        "expired" => Some("login.expired"),
        "required" => Some("login.required"),
        _ => None,
    };
    let ctx = Ctx::new(&v);
    let demo = app::user::by_username(&st.app, "dinkes").await.is_ok();
    render(&LoginPage {
        title: ctx.t("login.title").into(),
        ctx,
        message,
        error: None,
        username: String::new(),
        next: safe_next(&q.next),
        demo,
    })
}

#[derive(Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    next: String,
}

pub async fn login(
    State(st): State<AppState>,
    v: Visitor,
    ClientAddr(client): ClientAddr,
    CsrfForm(f): CsrfForm<LoginForm>,
) -> Response {
    match app::auth::login(&st.app, &f.username, &f.password, &client).await {
        Ok((token, user)) => {
            let mut res = Redirect::to(&safe_next(&f.next)).into_response();
            let h = res.headers_mut();
            h.append(
                header::SET_COOKIE,
                set_cookie(
                    SESSION_COOKIE,
                    &token,
                    app::auth::SESSION_HOURS * 3600,
                    st.config.secure_cookies,
                ),
            );
            h.append(
                header::SET_COOKIE,
                set_cookie(LANG_COOKIE, &user.lang, 60 * 60 * 24 * 365, st.config.secure_cookies),
            );
            res
        }
        Err(e) => {
            let (status, error) = match e {
                app::AppError::RateLimited(_) => (StatusCode::TOO_MANY_REQUESTS, "login.rate_limited"),
                app::AppError::Invalid(_) => (StatusCode::UNAUTHORIZED, "login.failed"),
                other => return PageError::from(other).into_response(),
            };
            let ctx = Ctx::new(&v);
            render_status(
                status,
                &LoginPage {
                    title: ctx.t("login.title").into(),
                    ctx,
                    message: None,
                    error: Some(error),
                    username: f.username,
                    next: safe_next(&f.next),
                    demo: false,
                },
            )
        }
    }
}

#[derive(Deserialize)]
pub struct Empty {}

pub async fn logout(State(st): State<AppState>, v: Visitor, CsrfForm(_): CsrfForm<Empty>) -> Response {
    if let Some(t) = &v.session_token
        && let Err(e) = app::auth::logout(&st.app, t).await
    {
        return PageError::from(e).into_response();
    }
    let mut res = Redirect::to("/login").into_response();
    res.headers_mut().append(
        header::SET_COOKIE,
        set_cookie(SESSION_COOKIE, "", 0, st.config.secure_cookies),
    );
    res
}

#[derive(Deserialize)]
pub struct LangForm {
    #[serde(default)]
    lang: String,
    #[serde(default)]
    next: String,
}

pub async fn set_lang(State(st): State<AppState>, v: Visitor, CsrfForm(f): CsrfForm<LangForm>) -> Response {
    let lang = crate::i18n::Lang::parse(&f.lang);
    if let Some(a) = &v.actor
        && let Err(e) = app::auth::set_lang(&st.app, a, lang).await
    {
        return PageError::from(e).into_response();
    }
    let mut res = Redirect::to(&safe_next(&f.next)).into_response();
    res.headers_mut().append(
        header::SET_COOKIE,
        set_cookie(LANG_COOKIE, lang.code(), 60 * 60 * 24 * 365, st.config.secure_cookies),
    );
    res
}

#[derive(Template)]
#[template(path = "setup.html")]
struct SetupPage {
    title: String,
    ctx: Ctx,
    valid: bool,
    token: String,
    form: crate::form::user::UserForm,
    errs: Errs,
}

#[derive(Deserialize, Default)]
pub struct SetupQuery {
    #[serde(default)]
    token: String,
}

pub async fn setup_page(
    State(st): State<AppState>,
    v: Visitor,
    Query(q): Query<SetupQuery>,
) -> Result<Response, PageError> {
    let valid = app::auth::setup_pending(&st.app, &q.token).await?;
    let ctx = Ctx::new(&v);
    Ok(render(&SetupPage {
        title: ctx.t("setup.title").into(),
        ctx,
        valid,
        token: q.token,
        form: Default::default(),
        errs: Errs::none(),
    }))
}

#[derive(Deserialize)]
pub struct SetupForm {
    #[serde(default)]
    token: String,
    #[serde(flatten)]
    user: crate::form::user::UserForm,
}

pub async fn setup(
    State(st): State<AppState>,
    v: Visitor,
    CsrfForm(f): CsrfForm<SetupForm>,
) -> Result<Response, PageError> {
    let input = domain::user::UserInput {
        username: f.user.username.clone(),
        display_name: f.user.display_name.clone(),
        role: domain::user::Role::Admin,
        org_id: None,
        person_id: None,
        password: Some(f.user.password.clone()),
        active: true,
    };
    match app::auth::complete_setup(&st.app, &f.token, &input).await {
        Ok(_) => Ok(Redirect::to("/login").into_response()),
        Err(app::AppError::Invalid(inv)) => {
            let ctx = Ctx::new(&v);
            let errs = Errs::new(ctx.lang, inv);
            Ok(render_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                &SetupPage {
                    title: ctx.t("setup.title").into(),
                    ctx,
                    valid: true,
                    token: f.token,
                    form: f.user,
                    errs,
                },
            ))
        }
        Err(e) => Err(e.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn only_local_paths_are_followed() {
        for ok in ["/", "/meetings/3?tab=rtl", "/children?q=a%20b"] {
            assert_eq!(safe_next(ok), ok);
        }
        for bad in [
            "//evil.example",
            "/\\evil.example",
            "/\t/evil.example",
            "/\n/evil.example",
            "/%09/x\u{7f}",
            "https://evil.example",
            "evil.example",
            "",
            "/ /evil.example",
            "/\u{a0}/x",
        ] {
            assert_eq!(safe_next(bad), "/", "{bad:?}");
        }
    }
}
