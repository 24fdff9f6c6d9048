//! People pages: list, view with positions, create (with a first position), edit, add and
//! end positions.

use super::{Errs, Pager, query, render, render_status, split_invalid};
use crate::AppState;
use crate::ctx::{Ctx, SignedIn};
use crate::error::PageError;
use crate::form::CsrfForm;
use crate::form::Reader;
use crate::form::person::{PersonForm, PositionForm};
use app::person::PersonRow;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use domain::person::PositionKind;
use serde::Deserialize;
use store::org::Org;
use store::person::PersonFilter;

#[derive(Deserialize, Default)]
pub struct ListQuery {
    #[serde(default)]
    q: String,
    #[serde(default)]
    page: Option<i64>,
}

#[derive(Template)]
#[template(path = "people/index.html")]
struct IndexPage {
    title: String,
    ctx: Ctx,
    q: String,
    rows: Vec<PersonRow>,
    total: i64,
    pager: Pager,
}

pub async fn index(State(st): State<AppState>, s: SignedIn, Query(q): Query<ListQuery>) -> Result<Response, PageError> {
    let page = q.page.unwrap_or(1).max(1);
    let f = PersonFilter {
        q: Some(q.q.clone()),
        org_id: None,
        limit: Pager::PER_PAGE,
        offset: Pager::offset(page),
    };
    let (rows, total) = app::person::list(&st.app, &s.actor, &f).await?;
    let pager = Pager::new(page, total, query(&[("q", &q.q)]));
    let ctx = Ctx::new(&s.visitor);
    Ok(render(&IndexPage {
        title: ctx.t("people.title").into(),
        ctx,
        q: q.q,
        rows,
        total,
        pager,
    }))
}

#[derive(Template)]
#[template(path = "people/show.html")]
struct ShowPage {
    title: String,
    ctx: Ctx,
    r: PersonRow,
    orgs: Vec<Org>,
    pos: PositionForm,
    position_kinds: &'static [PositionKind],
    errs: Errs,
    today: String,
}

async fn show_page(st: &AppState, s: &SignedIn, id: i64, pos: PositionForm, errs: Errs) -> Result<Response, PageError> {
    let r = app::person::get(&st.app, &s.actor, id).await?;
    let orgs = app::org::choices(&st.app, &s.actor).await?;
    let ctx = Ctx::new(&s.visitor);
    let today = st.app.clock().today_for(&s.actor).to_string();
    let status = errs.status();
    Ok(render_status(
        status,
        &ShowPage {
            title: r.person.name.clone(),
            ctx,
            r,
            orgs,
            pos,
            position_kinds: PositionKind::ALL,
            errs,
            today,
        },
    ))
}

pub async fn show(State(st): State<AppState>, s: SignedIn, Path(id): Path<i64>) -> Result<Response, PageError> {
    show_page(&st, &s, id, PositionForm::default(), Errs::none()).await
}

#[derive(Template)]
#[template(path = "people/form.html")]
struct FormPage {
    title: String,
    ctx: Ctx,
    action: String,
    cancel: String,
    form: PersonForm,
    with_position: bool,
    pos: PositionForm,
    orgs: Vec<Org>,
    position_kinds: &'static [PositionKind],
    errs: Errs,
}

async fn form_page(
    st: &AppState,
    s: &SignedIn,
    id: Option<i64>,
    form: PersonForm,
    pos: PositionForm,
    errs: Errs,
) -> Result<Response, PageError> {
    let ctx = Ctx::new(&s.visitor);
    let orgs = if id.is_none() {
        app::org::choices(&st.app, &s.actor).await?
    } else {
        Vec::new()
    };
    let (title, action, cancel) = super::form_target(&ctx, id, "/people", "people.new", "people.edit");
    let status = errs.status();
    Ok(render_status(
        status,
        &FormPage {
            title,
            ctx,
            action,
            cancel,
            form,
            with_position: id.is_none(),
            pos,
            orgs,
            position_kinds: PositionKind::ALL,
            errs,
        },
    ))
}

#[derive(Deserialize, Default)]
pub struct NewQuery {
    #[serde(default)]
    org_id: String,
}

pub async fn new(State(st): State<AppState>, s: SignedIn, Query(q): Query<NewQuery>) -> Result<Response, PageError> {
    form_page(
        &st,
        &s,
        None,
        PersonForm::default(),
        PositionForm {
            org_id: q.org_id,
            ..Default::default()
        },
        Errs::none(),
    )
    .await
}

#[derive(Deserialize, Default)]
pub struct NewPersonForm {
    #[serde(flatten)]
    person: PersonForm,
    #[serde(flatten)]
    position: PositionForm,
}

pub async fn create(
    State(st): State<AppState>,
    s: SignedIn,
    CsrfForm(f): CsrfForm<NewPersonForm>,
) -> Result<Response, PageError> {
    let with_pos = !f.position.org_id.trim().is_empty() || s.actor.area != domain::access::Area::All;
    let person = f.person.input();
    let position = with_pos.then(|| f.position.input()).transpose();
    let created = match (person, position) {
        (Ok(person), Ok(position)) => app::person::create(&st.app, &s.actor, &person, position.as_ref()).await,
        (person, position) => {
            let mut inv = person.err().unwrap_or_default();
            inv.merge(position.err().unwrap_or_default());
            Err(inv.into())
        }
    };
    match created {
        Ok(id) => Ok(Redirect::to(&format!("/people/{id}")).into_response()),
        Err(e) => {
            let inv = split_invalid(e)?;
            form_page(&st, &s, None, f.person, f.position, Errs::new(s.visitor.lang, inv)).await
        }
    }
}

pub async fn edit(State(st): State<AppState>, s: SignedIn, Path(id): Path<i64>) -> Result<Response, PageError> {
    let r = app::person::for_edit(&st.app, &s.actor, id).await?;
    let p = r.person;
    let form = PersonForm {
        name: p.name,
        phone: p.phone.unwrap_or_default(),
        email: p.email.unwrap_or_default(),
        nik: p.nik.unwrap_or_default(),
    };
    form_page(&st, &s, Some(id), form, PositionForm::default(), Errs::none()).await
}

pub async fn update(
    State(st): State<AppState>,
    s: SignedIn,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<PersonForm>,
) -> Result<Response, PageError> {
    let updated = match form.input() {
        Ok(input) => app::person::update(&st.app, &s.actor, id, &input).await,
        Err(inv) => Err(inv.into()),
    };
    match updated {
        Ok(()) => Ok(Redirect::to(&format!("/people/{id}")).into_response()),
        Err(e) => {
            let inv = split_invalid(e)?;
            form_page(
                &st,
                &s,
                Some(id),
                form,
                PositionForm::default(),
                Errs::new(s.visitor.lang, inv),
            )
            .await
        }
    }
}

pub async fn add_position(
    State(st): State<AppState>,
    s: SignedIn,
    Path(id): Path<i64>,
    CsrfForm(f): CsrfForm<PositionForm>,
) -> Result<Response, PageError> {
    let added = match f.input() {
        Ok(input) => app::person::add_position(&st.app, &s.actor, id, &input).await,
        Err(inv) => Err(inv.into()),
    };
    match added {
        Ok(_) => Ok(Redirect::to(&format!("/people/{id}")).into_response()),
        Err(e) => {
            let inv = split_invalid(e)?;
            show_page(&st, &s, id, f, Errs::new(s.visitor.lang, inv)).await
        }
    }
}

#[derive(Deserialize, Default)]
pub struct EndForm {
    #[serde(default)]
    ended_on: String,
}

pub async fn end_position(
    State(st): State<AppState>,
    s: SignedIn,
    Path(id): Path<i64>,
    CsrfForm(f): CsrfForm<EndForm>,
) -> Result<Response, PageError> {
    let mut r = Reader::new();
    let date = r.date("ended_on", &f.ended_on);
    let date = r.finish(date, Ok).map_err(app::AppError::from)?;
    let person_id = app::person::end_position(&st.app, &s.actor, id, date).await?;
    Ok(Redirect::to(&format!("/people/{person_id}")).into_response())
}
