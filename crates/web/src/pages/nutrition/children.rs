//! Children by name: the list, registration with duplicate detection, edit.

use super::*;

// --- children --------------------------------------------------------------------------------

#[derive(Deserialize, Default)]
pub struct ChildrenQuery {
    #[serde(default)]
    pub(super) q: String,
    #[serde(default)]
    pub(super) posyandu: String,
    /// `full` asks an export for the NIK in full (honoured for admin and dinkes only).
    #[serde(default)]
    pub(super) nik: String,
    /// Back from moving a child away.
    #[serde(default)]
    pub(super) moved: String,
}

#[derive(Template)]
#[template(path = "nutrition/children.html")]
pub(super) struct ChildrenPage {
    pub(super) title: String,
    pub(super) ctx: Ctx,
    pub(super) q: String,
    pub(super) posyandu: String,
    pub(super) posyandu_list: Vec<Org>,
    /// The child, its age, and whether it is past five (no longer weighed here).
    pub(super) rows: Vec<(Child, String, bool)>,
    pub(super) can_register: bool,
    /// Whether the export form offers the NIK in full.
    pub(super) full_nik_offered: bool,
}

pub async fn children(
    State(st): State<AppState>,
    s: SignedIn,
    Query(q): Query<ChildrenQuery>,
) -> Result<Response, PageError> {
    let posyandu = q.posyandu.trim().parse::<i64>().ok();
    let list = app::nutrition::search(&st.app, &s.actor, &q.q, posyandu).await?;
    let posyandu_list = app::nutrition::posyandu_choices(&st.app, &s.actor).await?;
    let lang = s.visitor.lang;
    let today = st.app.clock().today_for(&s.actor);
    let mut ctx = Ctx::new(&s.visitor);
    if !q.moved.is_empty() {
        ctx = ctx.with_flash("children.moved");
    }
    let mut rows: Vec<(Child, String, bool)> = list
        .into_iter()
        .map(|c| {
            let days = (today - c.birth_date).num_days();
            (c, age_label(lang, days), days > domain::nutrition::MAX_AGE_DAYS)
        })
        .collect();
    // Children still weighed first; those past five after them.
    rows.sort_by_key(|r| r.2);
    Ok(render(&ChildrenPage {
        title: ctx.t("children.title").into(),
        can_register: !posyandu_list.is_empty(),
        full_nik_offered: app::children::may_show_full_nik(&s.actor),
        rows,
        q: q.q,
        posyandu: q.posyandu,
        posyandu_list,
        ctx,
    }))
}

/// A registered child that looks like the one being registered.
pub(super) struct Duplicate {
    pub(super) id: i64,
    /// Readable by the visitor (in its area); otherwise only the Posyandu is named.
    pub(super) visible: bool,
    pub(super) name: String,
    pub(super) birth_date: String,
    pub(super) mother: String,
    pub(super) posyandu: String,
    pub(super) place: String,
    pub(super) same_nik: bool,
}

#[derive(Template)]
#[template(path = "nutrition/child_form.html")]
pub(super) struct ChildFormPage {
    pub(super) title: String,
    pub(super) ctx: Ctx,
    pub(super) action: String,
    pub(super) cancel: String,
    pub(super) form: ChildForm,
    pub(super) errs: Errs,
    pub(super) posyandu_list: Vec<Org>,
    pub(super) duplicates: Vec<Duplicate>,
    /// Registering anyway is offered unless the same NIK is registered.
    pub(super) may_confirm: bool,
    pub(super) is_new: bool,
    pub(super) nik_masked: bool,
}

impl ChildFormPage {
    pub(super) fn field_class(&self, field: &str) -> &'static str {
        if self.errs.on(field).is_some() { "true" } else { "false" }
    }
}

/// Which child form: a registration (from the Posyandu day's list, `from_day`, it goes back
/// there), or the edit of child `id`.
#[derive(Clone, Copy)]
pub(super) enum FormFor {
    New { from_day: bool },
    Edit(i64),
}

impl FormFor {
    fn new(back: &str) -> FormFor {
        FormFor::New {
            from_day: back == "day",
        }
    }
}

/// `?back=day`: a registration started from the Posyandu day's list.
#[derive(Deserialize, Default)]
pub struct BackQuery {
    #[serde(default)]
    pub(super) back: String,
}

#[allow(clippy::too_many_arguments)]
pub(super) async fn child_form(
    st: &AppState,
    s: &SignedIn,
    target: FormFor,
    form: ChildForm,
    errs: Errs,
    duplicates: Vec<Duplicate>,
    status: Option<StatusCode>,
) -> Result<Response, PageError> {
    let ctx = Ctx::new(&s.visitor);
    let mut posyandu_list = app::nutrition::posyandu_choices(&st.app, &s.actor).await?;
    posyandu_list.sort_by(|a, b| a.name.cmp(&b.name));
    let (title, action, cancel) = match target {
        FormFor::Edit(id) => (
            ctx.t("children.edit").to_string(),
            format!("/children/{id}/edit"),
            format!("/children/{id}"),
        ),
        FormFor::New { from_day: true } => (
            ctx.t("children.new").to_string(),
            "/children?back=day".into(),
            match form.posyandu_id.trim().parse::<i64>() {
                Ok(p) => format!("/posyandu/{p}/day"),
                Err(_) => "/".into(),
            },
        ),
        FormFor::New { from_day: false } => (
            ctx.t("children.new").to_string(),
            "/children".into(),
            "/children".into(),
        ),
    };
    let id = match target {
        FormFor::Edit(id) => Some(id),
        FormFor::New { .. } => None,
    };
    let may_confirm = !duplicates.is_empty() && !duplicates.iter().any(|d| d.same_nik);
    let status = status.unwrap_or(errs.status());
    Ok(render_status(
        status,
        &ChildFormPage {
            title,
            ctx,
            action,
            cancel,
            nik_masked: domain::person::is_masked_nik(&form.nik) || domain::person::is_masked_nik(&form.mother_nik),
            form,
            errs,
            posyandu_list,
            duplicates,
            may_confirm,
            is_new: id.is_none(),
        },
    ))
}

#[derive(Deserialize, Default)]
pub struct NewChildQuery {
    #[serde(default)]
    pub(super) posyandu: String,
    #[serde(default)]
    pub(super) name: String,
    #[serde(default)]
    pub(super) back: String,
}

pub async fn new_child(
    State(st): State<AppState>,
    s: SignedIn,
    Query(q): Query<NewChildQuery>,
) -> Result<Response, PageError> {
    if !app::nutrition::reads_names(&s.actor) {
        return Err(app::AppError::Forbidden.into());
    }
    let choices = app::nutrition::posyandu_choices(&st.app, &s.actor).await?;
    let posyandu_id = if !q.posyandu.trim().is_empty() {
        q.posyandu.trim().to_string()
    } else if let Some(o) = s.actor.org_id.filter(|o| choices.iter().any(|c| c.id == *o)) {
        o.to_string()
    } else if choices.len() == 1 {
        choices[0].id.to_string()
    } else {
        String::new()
    };
    let form = ChildForm {
        posyandu_id,
        name: q.name,
        ..Default::default()
    };
    child_form(&st, &s, FormFor::new(&q.back), form, Errs::none(), Vec::new(), None).await
}

#[derive(Deserialize, Default)]
pub struct ChildPost {
    #[serde(flatten)]
    pub(super) form: ChildForm,
    #[serde(default)]
    pub(super) confirm_new: String,
}

pub async fn create_child(
    State(st): State<AppState>,
    s: SignedIn,
    Query(b): Query<BackQuery>,
    CsrfForm(p): CsrfForm<ChildPost>,
) -> Result<Response, PageError> {
    let target = FormFor::new(&b.back);
    let confirm = matches!(p.confirm_new.trim(), "1" | "on" | "true");
    let registered = match p.form.input(st.app.clock().today_for(&s.actor)) {
        Ok(input) => app::nutrition::register_child(&st.app, &s.actor, &input, confirm).await,
        Err(inv) => Err(inv.into()),
    };
    match registered {
        // From the day's list: back to it, at the new child's row (its weighing one tap away).
        Ok(Registration::Created(id)) => match (target, p.form.posyandu_id.trim().parse::<i64>()) {
            (FormFor::New { from_day: true }, Ok(posyandu)) => {
                Ok(Redirect::to(&format!("/posyandu/{posyandu}/day?registered={id}#child-{id}")).into_response())
            }
            _ => Ok(Redirect::to(&format!("/children/{id}?registered=1")).into_response()),
        },
        Ok(Registration::Duplicates(list)) => {
            let nik = p.form.nik.trim().to_string();
            let duplicates = list
                .into_iter()
                .map(|d| {
                    let visible = area_contains(&s.actor.area, d.posyandu_id, &d.desa_code);
                    let same_nik = !nik.is_empty() && d.nik.as_deref() == Some(nik.as_str());
                    let place = [
                        d.desa_name.clone().unwrap_or_default(),
                        d.rt.clone().map(|r| format!("RT {r}")).unwrap_or_default(),
                    ]
                    .iter()
                    .filter(|x| !x.is_empty())
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(", ");
                    Duplicate {
                        id: d.id,
                        name: if visible { d.name.clone() } else { String::new() },
                        birth_date: d.birth_date.format("%d/%m/%Y").to_string(),
                        mother: if visible {
                            d.mother_name.clone().unwrap_or_default()
                        } else {
                            String::new()
                        },
                        posyandu: d.posyandu_name.clone(),
                        place: if visible { place } else { String::new() },
                        visible,
                        same_nik,
                    }
                })
                .collect();
            child_form(
                &st,
                &s,
                target,
                p.form,
                Errs::none(),
                duplicates,
                Some(StatusCode::CONFLICT),
            )
            .await
        }
        Ok(Registration::NikElsewhere) => {
            // Only that the NIK exists elsewhere, and what to do about it.
            let inv = domain::Invalid::one("nik", "children.nik_elsewhere");
            child_form(
                &st,
                &s,
                target,
                p.form,
                Errs::new(s.visitor.lang, inv),
                Vec::new(),
                Some(StatusCode::CONFLICT),
            )
            .await
        }
        Err(e) => {
            let inv = split_invalid(e)?;
            child_form(
                &st,
                &s,
                target,
                p.form,
                Errs::new(s.visitor.lang, inv),
                Vec::new(),
                None,
            )
            .await
        }
    }
}

pub(super) fn form_of(v: &ChildView) -> ChildForm {
    let c = &v.child;
    let opt = |o: &Option<String>| o.clone().unwrap_or_default();
    let dec = |o: Option<f64>| o.map(|x| format!("{x}")).unwrap_or_default();
    ChildForm {
        name: c.name.clone(),
        sex: c.sex.to_string(),
        birth_date: c.birth_date.to_string(),
        nik: opt(&v.nik),
        birth_weight: dec(c.birth_weight),
        birth_length: dec(c.birth_length),
        mother_name: opt(&c.mother_name),
        mother_nik: opt(&v.mother_nik),
        kk_number: opt(&c.kk_number),
        posyandu_id: c.posyandu_id.to_string(),
        rt: opt(&c.rt),
        rw: opt(&c.rw),
        address: opt(&c.address),
        has_kia: if c.has_kia { "on".into() } else { String::new() },
        ..Default::default()
    }
}

pub async fn edit_child(State(st): State<AppState>, s: SignedIn, Path(id): Path<i64>) -> Result<Response, PageError> {
    let v = app::nutrition::child(&st.app, &s.actor, id).await?;
    if !v.can_write {
        return Err(app::AppError::Forbidden.into());
    }
    child_form(&st, &s, FormFor::Edit(id), form_of(&v), Errs::none(), Vec::new(), None).await
}

pub async fn update_child(
    State(st): State<AppState>,
    s: SignedIn,
    Path(id): Path<i64>,
    CsrfForm(p): CsrfForm<ChildPost>,
) -> Result<Response, PageError> {
    let updated = match p.form.input(st.app.clock().today_for(&s.actor)) {
        Ok(input) => app::nutrition::update_child(&st.app, &s.actor, id, &input).await,
        Err(inv) => Err(inv.into()),
    };
    match updated {
        Ok(()) => Ok(Redirect::to(&format!("/children/{id}")).into_response()),
        Err(e) => {
            let inv = split_invalid(e)?;
            child_form(
                &st,
                &s,
                FormFor::Edit(id),
                p.form,
                Errs::new(s.visitor.lang, inv),
                Vec::new(),
                None,
            )
            .await
        }
    }
}
