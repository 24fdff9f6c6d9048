//! The child's page (growth chart and history), moving a child, merging two registrations
//! and assigning a follow-up.

use super::*;

// --- the child's page ------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "nutrition/child.html")]
pub(super) struct ChildPage {
    pub(super) title: String,
    pub(super) ctx: Ctx,
    pub(super) v: ChildView,
    pub(super) age: String,
    pub(super) rows: Vec<MRow>,
    /// The measurement just saved (or the latest), shown at the top.
    pub(super) result: Option<MRow>,
    pub(super) just_saved: bool,
    pub(super) kbm: String,
    /// What the result calls for (counselling, referral), in words.
    pub(super) concern_text: String,
    pub(super) refer: bool,
    pub(super) charts: Vec<Growth>,
    pub(super) followups: ChildFollowups,
    pub(super) assign: Option<AssignChoices>,
    pub(super) assign_form: AssignForm,
    /// (label, [(value, label)]) of the owner picker: one group per organisation.
    pub(super) owner_groups: Vec<(String, Vec<(String, String)>)>,
    pub(super) meeting_options: Vec<(String, String)>,
    pub(super) reason_options: Vec<(String, String)>,
    /// Posyandu the child may be moved to (those of its kabupaten), when the reader may move it.
    pub(super) move_targets: Vec<(i64, String)>,
    pub(super) errs: Errs,
}

#[derive(Deserialize, Default)]
pub struct ChildQuery {
    #[serde(default)]
    pub(super) saved: String,
    #[serde(default)]
    pub(super) registered: String,
}

pub(super) async fn child_page(
    st: &AppState,
    s: &SignedIn,
    id: i64,
    q: &ChildQuery,
    errs: Errs,
    assign_form: Option<AssignForm>,
) -> Result<Response, PageError> {
    let v = app::nutrition::child(&st.app, &s.actor, id).await?;
    let lang = s.visitor.lang;
    let saved: Option<i64> = q.saved.trim().parse().ok();
    let mut ctx = Ctx::new(&s.visitor);
    if saved.is_some() {
        ctx = ctx.with_flash("measure.saved");
    } else if !q.registered.is_empty() {
        ctx = ctx.with_flash("children.registered");
    }
    let result_row = saved.and_then(|m| v.rows.iter().find(|r| r.m.id == m)).or(v.latest());
    let kbm = result_row
        .map(|r| format!("{} g", kbm_grams(completed_months(r.m.age_days))))
        .unwrap_or_default();
    let result = result_row.map(|r| mrow(lang, r));
    let concerns = result_row
        .and_then(|r| v.rows.iter().position(|x| x.m.id == r.m.id))
        .map(|at| {
            let ms: Vec<store::nutrition::StoredMeasurement> = v.rows.iter().map(|x| x.m.clone()).collect();
            app::day::concerns_at(&v.child, &ms, at)
        })
        .unwrap_or_default();
    let mut charts = Vec::new();
    if let Some(c) = chart(lang, "chart-weight", "children.chart_weight", "kg", &v.rows, |r| {
        r.m.weight.map(|w| (w, r.scores().bgm()))
    }) {
        charts.push(c);
    }
    if let Some(c) = chart(lang, "chart-height", "children.chart_height", "cm", &v.rows, |r| {
        r.m.height.map(|h| (h, r.scores().stunted()))
    }) {
        charts.push(c);
    }
    let followups = app::followup::of_child(&st.app, &s.actor, id).await?;
    let assign = if v.can_write {
        Some(app::followup::assign_choices(&st.app, &s.actor, id).await?)
    } else {
        None
    };
    let assign_form = assign_form.unwrap_or_else(|| AssignForm {
        meeting_id: assign
            .as_ref()
            .and_then(|a| a.default_meeting)
            .map(|m| m.to_string())
            .unwrap_or_default(),
        what: assign.as_ref().map(|a| a.what.clone()).unwrap_or_default(),
        due_on: assign.as_ref().map(|a| a.due_on.to_string()).unwrap_or_default(),
        reason: assign
            .as_ref()
            .and_then(|a| a.reasons.first())
            .map(|r| r.as_str().to_string())
            .unwrap_or_default(),
        ..Default::default()
    });
    let t = |k: &str| crate::i18n::text(lang, k).to_string();
    let owner_groups = assign
        .as_ref()
        .map(|a| {
            a.owners
                .iter()
                .map(|o| {
                    let mut opts: Vec<(String, String)> = o
                        .people
                        .iter()
                        .map(|(pid, name, title)| {
                            let label = if title.is_empty() {
                                name.clone()
                            } else {
                                format!("{name} — {title}")
                            };
                            (format!("{}:{pid}", o.org.id), label)
                        })
                        .collect();
                    opts.push((
                        o.org.id.to_string(),
                        format!("{} ({})", o.org.name, t("followup.org_only")),
                    ));
                    (format!("{} — {}", t(&format!("owner.{}", o.role)), o.org.name), opts)
                })
                .collect()
        })
        .unwrap_or_default();
    let meeting_options = assign
        .as_ref()
        .map(|a| {
            a.meetings
                .iter()
                .map(|m| {
                    (
                        m.id.to_string(),
                        format!("{} ({}) — {}", m.title, m.held_on.format("%d/%m/%Y"), m.host_name),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    let reason_options = Reason::ALL
        .iter()
        .map(|r| (r.as_str().to_string(), t(&format!("reason.{}", r.as_str()))))
        .collect();
    let move_targets = if v.can_move {
        app::nutrition::move_targets(&st.app, &s.actor, id)
            .await?
            .into_iter()
            .map(|o| {
                let place = o.region_name.clone().unwrap_or_default();
                (o.id, format!("{} — {place}", o.name))
            })
            .collect()
    } else {
        Vec::new()
    };
    let today = st.app.clock().today_for(&s.actor);
    let status = errs.status();
    Ok(render_status(
        status,
        &ChildPage {
            move_targets,
            owner_groups,
            meeting_options,
            reason_options,
            title: v.child.name.clone(),
            age: age_label(lang, (today - v.child.birth_date).num_days()),
            rows: v.rows.iter().rev().map(|r| mrow(lang, r)).collect(),
            just_saved: saved.is_some() && result.is_some(),
            result,
            kbm,
            concern_text: crate::pages::day::concern_words(lang, &concerns),
            refer: concerns.iter().any(|c| c.refer()),
            charts,
            followups,
            assign,
            assign_form,
            errs,
            ctx,
            v,
        },
    ))
}

pub async fn child(
    State(st): State<AppState>,
    s: SignedIn,
    Path(id): Path<i64>,
    Query(q): Query<ChildQuery>,
) -> Result<Response, PageError> {
    child_page(&st, &s, id, &q, Errs::none(), None).await
}

#[derive(Deserialize, Default)]
pub struct MovePost {
    #[serde(default)]
    pub(super) to: String,
    /// A Posyandu of another kabupaten, by its code.
    #[serde(default)]
    pub(super) to_code: String,
    #[serde(default)]
    pub(super) reason: String,
}

/// POST /children/{id}/move: the child moves for good to another Posyandu.
pub async fn move_child(
    State(st): State<AppState>,
    s: SignedIn,
    Path(id): Path<i64>,
    CsrfForm(p): CsrfForm<MovePost>,
) -> Result<Response, PageError> {
    let r = match app::nutrition::move_target(&st.app, p.to.trim(), p.to_code.trim()).await {
        Ok(to) => app::nutrition::move_child(&st.app, &s.actor, id, to, &p.reason).await,
        Err(e) => Err(e),
    };
    // The child may now be outside the mover's reach: back to the children's list.
    let r = r.map(|()| "/children?moved=1".to_string());
    child_write_outcome(&st, &s, id, r).await
}

/// After a write from a child's page: on to `Ok(location)`, or the page again with the problems.
pub(super) async fn child_write_outcome(
    st: &AppState,
    s: &SignedIn,
    id: i64,
    r: Result<String, app::AppError>,
) -> Result<Response, PageError> {
    match r {
        Ok(to) => Ok(Redirect::to(&to).into_response()),
        Err(e) => {
            let inv = split_invalid(e)?;
            child_page(st, s, id, &ChildQuery::default(), Errs::new(s.visitor.lang, inv), None).await
        }
    }
}

#[derive(Deserialize, Default)]
pub struct MergePost {
    #[serde(default)]
    pub(super) into: String,
}

pub async fn merge(
    State(st): State<AppState>,
    s: SignedIn,
    Path(id): Path<i64>,
    CsrfForm(p): CsrfForm<MergePost>,
) -> Result<Response, PageError> {
    let r = match p.into.trim().trim_start_matches('#').parse::<i64>() {
        Ok(into) => app::nutrition::merge(&st.app, &s.actor, id, into).await.map(|_| into),
        Err(_) => Err(Invalid::one("into", "required").into()),
    };
    child_write_outcome(&st, &s, id, r.map(|into| format!("/children/{into}"))).await
}

pub async fn assign(
    State(st): State<AppState>,
    s: SignedIn,
    Path(id): Path<i64>,
    CsrfForm(f): CsrfForm<AssignForm>,
) -> Result<Response, PageError> {
    let assigned = match f.input() {
        Ok(input) => app::followup::assign(&st.app, &s.actor, id, &input).await,
        Err(inv) => Err(inv.into()),
    };
    match assigned {
        Ok(_) => Ok(Redirect::to(&format!("/children/{id}#followup")).into_response()),
        Err(e) => {
            let inv = split_invalid(e)?;
            child_page(
                &st,
                &s,
                id,
                &ChildQuery::default(),
                Errs::new(s.visitor.lang, inv),
                Some(f),
            )
            .await
        }
    }
}
