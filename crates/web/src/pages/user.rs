//! Account administration (administrators only).

use super::{Errs, render, render_status, split_invalid};
use crate::AppState;
use crate::ctx::{Ctx, SignedIn};
use crate::error::PageError;
use crate::form::CsrfForm;
use crate::form::user::UserForm;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use domain::user::Role;
use store::org::Org;
use store::user::User;

#[derive(Template)]
#[template(path = "users/index.html")]
struct IndexPage {
    title: String,
    ctx: Ctx,
    users: Vec<User>,
}

pub async fn index(State(st): State<AppState>, s: SignedIn) -> Result<Response, PageError> {
    let users = app::user::list(&st.app, &s.actor).await?;
    let ctx = Ctx::new(&s.visitor);
    Ok(render(&IndexPage {
        title: ctx.t("users.title").into(),
        ctx,
        users,
    }))
}

#[derive(Template)]
#[template(path = "users/form.html")]
struct FormPage {
    title: String,
    ctx: Ctx,
    action: String,
    form: UserForm,
    active: bool,
    is_new: bool,
    roles: &'static [Role],
    orgs: Vec<Org>,
    errs: Errs,
}

async fn form_page(
    st: &AppState,
    s: &SignedIn,
    id: Option<i64>,
    form: UserForm,
    errs: Errs,
) -> Result<Response, PageError> {
    if !domain::access::administers(&s.actor) {
        return Err(app::AppError::Forbidden.into());
    }
    let ctx = Ctx::new(&s.visitor);
    let orgs = app::org::choices(&st.app, &s.actor).await?;
    let (title, action) = match id {
        Some(id) => (ctx.t("users.edit").to_string(), format!("/users/{id}")),
        None => (ctx.t("users.new").to_string(), "/users".to_string()),
    };
    let active = form.active.as_deref().map(|a| a == "true").unwrap_or(true);
    let status = errs.status();
    Ok(render_status(
        status,
        &FormPage {
            title,
            ctx,
            action,
            form,
            active,
            is_new: id.is_none(),
            roles: Role::ALL,
            orgs,
            errs,
        },
    ))
}

pub async fn new(State(st): State<AppState>, s: SignedIn) -> Result<Response, PageError> {
    form_page(
        &st,
        &s,
        None,
        UserForm {
            role: "partner".into(),
            ..Default::default()
        },
        Errs::none(),
    )
    .await
}

/// Checkbox pairs send `active=false&active=true`; the last value wins.
fn last_active(form: &mut UserForm, raw: &[String]) {
    form.active = raw.last().cloned();
}

#[derive(serde::Deserialize, Default)]
pub struct UserPost {
    #[serde(default)]
    username: String,
    #[serde(default)]
    display_name: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    org_id: String,
    #[serde(default)]
    person_id: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    active: Vec<String>,
}

impl UserPost {
    fn into_form(self) -> UserForm {
        let mut f = UserForm {
            username: self.username,
            display_name: self.display_name,
            role: self.role,
            org_id: self.org_id,
            person_id: self.person_id,
            password: self.password,
            active: None,
        };
        last_active(&mut f, &self.active);
        f
    }
}

pub async fn create(
    State(st): State<AppState>,
    s: SignedIn,
    CsrfForm(p): CsrfForm<UserPost>,
) -> Result<Response, PageError> {
    let form = p.into_form();
    let created = match form.input(true) {
        Ok(input) => app::user::create(&st.app, Some(&s.actor), &input).await.map(|_| ()),
        Err(inv) => Err(inv.into()),
    };
    match created {
        Ok(()) => Ok(Redirect::to("/users").into_response()),
        Err(e) => {
            let inv = split_invalid(e)?;
            form_page(
                &st,
                &s,
                None,
                UserForm {
                    password: String::new(),
                    ..form
                },
                Errs::new(s.visitor.lang, inv),
            )
            .await
        }
    }
}

pub async fn edit(State(st): State<AppState>, s: SignedIn, Path(id): Path<i64>) -> Result<Response, PageError> {
    let u = app::user::get(&st.app, &s.actor, id).await?;
    form_page(&st, &s, Some(id), UserForm::of(&u), Errs::none()).await
}

pub async fn update(
    State(st): State<AppState>,
    s: SignedIn,
    Path(id): Path<i64>,
    CsrfForm(p): CsrfForm<UserPost>,
) -> Result<Response, PageError> {
    let form = p.into_form();
    let updated = match form.input(false) {
        Ok(input) => app::user::update(&st.app, &s.actor, id, &input).await,
        Err(inv) => Err(inv.into()),
    };
    match updated {
        Ok(()) => Ok(Redirect::to("/users").into_response()),
        Err(e) => {
            let inv = split_invalid(e)?;
            form_page(
                &st,
                &s,
                Some(id),
                UserForm {
                    password: String::new(),
                    ..form
                },
                Errs::new(s.visitor.lang, inv),
            )
            .await
        }
    }
}
