//! Organisation pages: list and filter, view, create, edit, wilayah kerja.

use super::{Errs, Pager, query, render, render_status, split_invalid};
use crate::AppState;
use crate::ctx::{Ctx, SignedIn};
use crate::error::PageError;
use crate::form::CsrfForm;
use crate::form::org::OrgForm;
use app::org::{OrgView, WkCandidate};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use domain::access::{Act, Target, can};
use domain::org::{OrgKind, Sector};
use serde::Deserialize;
use store::org::{Org, OrgFilter};

#[derive(Deserialize, Default)]
pub struct ListQuery {
    #[serde(default)]
    pub q: String,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub sector: String,
    #[serde(default)]
    pub within: String,
    #[serde(default)]
    pub page: Option<i64>,
}

#[derive(Template)]
#[template(path = "orgs/index.html")]
struct IndexPage {
    title: String,
    ctx: Ctx,
    f: ListQuery,
    kinds: &'static [OrgKind],
    sectors: &'static [Sector],
    orgs: Vec<Org>,
    total: i64,
    pager: Pager,
    error: Option<String>,
    /// Organisations of the reader's area per sector, and the largest count (the bars' scale).
    by_sector: Vec<(String, i64)>,
    max_sector: i64,
}

pub async fn index(State(st): State<AppState>, s: SignedIn, Query(f): Query<ListQuery>) -> Result<Response, PageError> {
    let page = f.page.unwrap_or(1).max(1);
    let ctx = Ctx::new(&s.visitor);
    let within = f.within.trim();
    let (within, error) = match within {
        "" => (None, None),
        w => match domain::region::RegionCode::parse(w) {
            Ok(c) => (Some(c.to_string()), None),
            Err(code) => (None, Some(ctx.t(code).to_string())),
        },
    };
    let filter = OrgFilter {
        q: Some(f.q.clone()).filter(|q| !q.trim().is_empty()),
        kind: OrgKind::parse(&f.kind).ok(),
        sector: Sector::parse(&f.sector).ok(),
        within,
        parent_id: None,
        limit: Pager::PER_PAGE,
        offset: Pager::offset(page),
    };
    let (orgs, total) = app::org::list(&st.app, &s.actor, &filter).await?;
    let by_sector = app::org::counts_by_sector(&st.app, &s.actor).await?;
    let max_sector = by_sector.iter().map(|x| x.1).max().unwrap_or(1).max(1);
    let pager = Pager::new(
        page,
        total,
        query(&[
            ("q", &f.q),
            ("kind", &f.kind),
            ("sector", &f.sector),
            ("within", &f.within),
        ]),
    );
    Ok(render(&IndexPage {
        title: ctx.t("orgs.title").into(),
        ctx,
        f,
        kinds: OrgKind::ALL,
        sectors: domain::org::ORG_SECTORS,
        orgs,
        total,
        pager,
        error,
        by_sector,
        max_sector,
    }))
}

#[derive(Template)]
#[template(path = "orgs/show.html")]
struct ShowPage {
    title: String,
    ctx: Ctx,
    v: OrgView,
    writable: bool,
    wk_editable: bool,
    upcoming: Vec<store::meeting::Meeting>,
}

pub async fn show(State(st): State<AppState>, s: SignedIn, Path(id): Path<i64>) -> Result<Response, PageError> {
    let v = app::org::get(&st.app, &s.actor, id).await?;
    let writable = can(
        &s.actor,
        Act::Write,
        Target::Org {
            id,
            region: &v.org.region_code,
        },
    )
    .is_ok();
    let wk_editable = writable && domain::access::may_redraw_wilayah_kerja(&s.actor);
    let today = st.app.clock().today_in(&v.org.region_code);
    let upcoming = app::meeting::list(
        &st.app,
        &s.actor,
        &store::meeting::MeetingFilter {
            org_id: Some(id),
            side: Some((store::meeting::Side::Upcoming, today)),
            limit: 10,
            ..Default::default()
        },
    )
    .await?
    .0;
    let ctx = Ctx::new(&s.visitor);
    Ok(render(&ShowPage {
        title: v.org.name.clone(),
        ctx,
        v,
        writable,
        wk_editable,
        upcoming,
    }))
}

#[derive(Template)]
#[template(path = "orgs/form.html")]
struct FormPage {
    title: String,
    ctx: Ctx,
    action: String,
    cancel: String,
    form: OrgForm,
    errs: Errs,
    kinds: &'static [OrgKind],
    sectors: &'static [Sector],
    parents: Vec<Org>,
    /// The parent of an existing organisation is chosen by admin and dinkes only; others see
    /// it and keep it.
    parent_fixed: bool,
    /// Regions of the typed name to choose from: (code, label).
    region_choices: Vec<(String, String)>,
}

async fn form_page(
    st: &AppState,
    s: &SignedIn,
    id: Option<i64>,
    form: OrgForm,
    errs: Errs,
) -> Result<Response, PageError> {
    form_page_with(st, s, id, form, errs, Vec::new()).await
}

async fn form_page_with(
    st: &AppState,
    s: &SignedIn,
    id: Option<i64>,
    form: OrgForm,
    errs: Errs,
    region_choices: Vec<(String, String)>,
) -> Result<Response, PageError> {
    let ctx = Ctx::new(&s.visitor);
    let parents = app::org::choices(&st.app, &s.actor)
        .await?
        .into_iter()
        .filter(|o| Some(o.id) != id)
        .collect();
    let (title, action, cancel) = super::form_target(&ctx, id, "/organizations", "orgs.new", "orgs.edit");
    let status = errs.status();
    Ok(render_status(
        status,
        &FormPage {
            title,
            ctx,
            action,
            cancel,
            form,
            errs,
            kinds: OrgKind::ALL,
            sectors: domain::org::ORG_SECTORS,
            parents,
            parent_fixed: id.is_some() && !domain::access::may_reparent(&s.actor),
            region_choices,
        },
    ))
}

#[derive(Deserialize, Default)]
pub struct NewQuery {
    #[serde(default)]
    parent_id: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    region_code: String,
}

pub async fn new(State(st): State<AppState>, s: SignedIn, Query(q): Query<NewQuery>) -> Result<Response, PageError> {
    let form = OrgForm {
        parent_id: q.parent_id,
        kind: q.kind,
        region_code: q.region_code,
        ..Default::default()
    };
    form_page(&st, &s, None, form, Errs::none()).await
}

/// The region field read as a code or a name: the form with the code filled in, or the
/// field's error and the regions to choose from.
async fn region_of(st: &AppState, s: &SignedIn, mut form: OrgForm) -> Result<RegionRead, PageError> {
    if !form.region_pick.trim().is_empty() {
        form.region_code = form.region_pick.trim().to_string();
    }
    let text = form.region_code.trim().to_string();
    if text.is_empty() {
        return Ok(RegionRead::Form(form));
    }
    let level = OrgKind::parse(&form.kind)
        .ok()
        .and_then(|k| k.region_level())
        .map(|l| l as i16);
    Ok(match app::region::named(&st.app.store, &s.actor, &text, level).await? {
        app::region::Named::Code(c) => {
            form.region_code = c.to_string();
            RegionRead::Form(form)
        }
        app::region::Named::Many(found) => {
            let choices = found
                .iter()
                .map(|r| {
                    let kind = crate::i18n::text(s.visitor.lang, &format!("rkind.{}", r.region.kind)).to_string();
                    let label = format!("{} ({kind}) — {} · {}", r.region.name, r.path(), r.region.code);
                    (r.region.code.clone(), label)
                })
                .collect();
            RegionRead::Choose(form, choices)
        }
        app::region::Named::Unknown => RegionRead::Unknown(form),
    })
}

enum RegionRead {
    Form(OrgForm),
    Choose(OrgForm, Vec<(String, String)>),
    Unknown(OrgForm),
}

/// Saves the form once its region is known; otherwise the form again with the choices.
async fn save_org(st: &AppState, s: &SignedIn, id: Option<i64>, form: OrgForm) -> Result<Response, PageError> {
    let lang = s.visitor.lang;
    let form = match region_of(st, s, form).await? {
        RegionRead::Form(f) => f,
        RegionRead::Choose(f, choices) => {
            let errs = Errs::new(lang, domain::Invalid::one("region_code", "region.ambiguous"));
            return form_page_with(st, s, id, f, errs, choices).await;
        }
        RegionRead::Unknown(f) => {
            let errs = Errs::new(lang, domain::Invalid::one("region_code", "region.unknown_name"));
            return form_page(st, s, id, f, errs).await;
        }
    };
    let saved = match form.input() {
        Ok(input) => match id {
            Some(i) => app::org::update(&st.app, &s.actor, i, &input).await.map(|()| i),
            None => app::org::create(&st.app, &s.actor, &input).await,
        },
        Err(inv) => Err(inv.into()),
    };
    match saved {
        Ok(i) => Ok(Redirect::to(&format!("/organizations/{i}")).into_response()),
        Err(e) => {
            let inv = split_invalid(e)?;
            form_page(st, s, id, form, Errs::new(lang, inv)).await
        }
    }
}

pub async fn create(
    State(st): State<AppState>,
    s: SignedIn,
    CsrfForm(form): CsrfForm<OrgForm>,
) -> Result<Response, PageError> {
    save_org(&st, &s, None, form).await
}

pub async fn edit(State(st): State<AppState>, s: SignedIn, Path(id): Path<i64>) -> Result<Response, PageError> {
    let v = app::org::get(&st.app, &s.actor, id).await?;
    can(
        &s.actor,
        Act::Write,
        Target::Org {
            id,
            region: &v.org.region_code,
        },
    )
    .map_err(app::AppError::from)?;
    let form = OrgForm::of(&v.org, &v.identifiers);
    form_page(&st, &s, Some(id), form, Errs::none()).await
}

pub async fn update(
    State(st): State<AppState>,
    s: SignedIn,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<OrgForm>,
) -> Result<Response, PageError> {
    save_org(&st, &s, Some(id), form).await
}

#[derive(Template)]
#[template(path = "orgs/wk.html")]
struct WkPage {
    title: String,
    ctx: Ctx,
    org: Org,
    within: String,
    candidates: Vec<WkCandidate>,
    checked: Vec<String>,
    current_outside: Vec<String>,
    errs: Errs,
}

#[derive(Deserialize, Default)]
pub struct WkQuery {
    #[serde(default)]
    within: String,
}

async fn wk_render(
    st: &AppState,
    s: &SignedIn,
    id: i64,
    within: String,
    checked: Option<Vec<String>>,
    errs: Errs,
) -> Result<Response, PageError> {
    let v = app::org::get(&st.app, &s.actor, id).await?;
    let w = Some(within.trim()).filter(|w| !w.is_empty());
    let candidates = match app::org::wilayah_kerja_candidates(&st.app, &s.actor, id, w).await {
        Ok(c) => c,
        Err(e) => {
            split_invalid(e)?;
            Vec::new()
        }
    };
    let current: Vec<String> = v.wilayah_kerja.iter().map(|d| d.desa_code.clone()).collect();
    let checked = checked.unwrap_or_else(|| current.clone());
    // Desa already chosen but not listed under the current filter stay chosen.
    let current_outside = checked
        .iter()
        .filter(|c| !candidates.iter().any(|x| &x.code == *c))
        .cloned()
        .collect();
    let ctx = Ctx::new(&s.visitor);
    let status = errs.status();
    Ok(render_status(
        status,
        &WkPage {
            title: ctx.t("orgs.wk_edit").into(),
            ctx,
            org: v.org,
            within,
            candidates,
            checked,
            current_outside,
            errs,
        },
    ))
}

pub async fn wk_page(
    State(st): State<AppState>,
    s: SignedIn,
    Path(id): Path<i64>,
    Query(q): Query<WkQuery>,
) -> Result<Response, PageError> {
    if !domain::access::may_redraw_wilayah_kerja(&s.actor) {
        return Err(app::AppError::Forbidden.into());
    }
    wk_render(&st, &s, id, q.within, None, Errs::none()).await
}

#[derive(Deserialize, Default)]
pub struct WkForm {
    #[serde(default)]
    desa: Vec<String>,
}

pub async fn wk_save(
    State(st): State<AppState>,
    s: SignedIn,
    Path(id): Path<i64>,
    CsrfForm(f): CsrfForm<WkForm>,
) -> Result<Response, PageError> {
    match app::org::set_wilayah_kerja(&st.app, &s.actor, id, &f.desa).await {
        Ok(()) => Ok(Redirect::to(&format!("/organizations/{id}#wilayah-kerja")).into_response()),
        Err(e) => {
            let inv = split_invalid(e)?;
            wk_render(&st, &s, id, String::new(), Some(f.desa), Errs::new(s.visitor.lang, inv)).await
        }
    }
}
