//! The meeting page and what is done on it: status, invitations and answers, people, agenda,
//! minutes, attendance, problems with causes and scores, actions, agreements reached, files.

use super::*;
use domain::meeting::{LineChoice, PersonalCategory};

#[derive(Template)]
#[template(path = "meetings/show.html")]
struct ShowPage {
    title: String,
    ctx: Ctx,
    v: MeetingView,
    errs: Errs,
    action_form: ActionForm,
    /// The quick-attendance text as typed, kept when a line is refused.
    lines: String,
    /// The quick attendance read but not stored: each line with the organisation it counts for.
    preview: Option<Vec<PreviewLine>>,
    owner_choices: Vec<(i64, String)>,
    invite: Vec<Org>,
    /// People who may be invited by name.
    people_to_invite: Vec<(i64, String, String)>,
    /// Invited organisations the visitor may answer for (RSVP).
    rsvp: Vec<store::meeting::MeetingOrg>,
    problem_categories: &'static [ProblemCategory],
    cause_categories: &'static [CauseCategory],
    budget_sources: &'static [BudgetSource],
    /// Cooperation agreements linked to this meeting.
    cooperation: Vec<app::agreement::AgreementRow>,
    /// A Lokmin of a Puskesmas: the PWS of the month under review and proposed problems.
    pws: Option<super::pws::PwsSection>,
    /// A Lokmin of a Puskesmas: its RPK activities of the months under review.
    rpk: Option<super::plan::PlanSection>,
    /// The problem whose scoring panel stays open (the next rater scores on), or 0.
    scoring: i64,
    /// "Kirim lewat WhatsApp" per invited organisation (for the host): (org id, link).
    wa: Vec<(i64, app::notice::WaLink)>,
}

/// What the meeting page shows besides the meeting itself: a refused form's errors and its
/// text as typed, the attendance preview, the scoring panel kept open for the next rater.
struct Shown {
    errs: Errs,
    action_form: ActionForm,
    lines: String,
    preview: Option<Vec<PreviewLine>>,
    scoring: i64,
}

impl Shown {
    fn plain() -> Shown {
        Shown {
            errs: Errs::none(),
            action_form: ActionForm::default(),
            lines: String::new(),
            preview: None,
            scoring: 0,
        }
    }

    /// The page after a refusal: the field errors (any other error is the error page).
    fn refused(s: &SignedIn, e: app::AppError) -> Result<Shown, PageError> {
        Ok(Shown {
            errs: Errs::new(s.visitor.lang, split_invalid(e)?),
            ..Shown::plain()
        })
    }
}

async fn show_page(
    st: &AppState,
    s: &SignedIn,
    id: i64,
    Shown {
        errs,
        action_form,
        lines,
        preview,
        scoring,
    }: Shown,
) -> Result<Response, PageError> {
    let v = app::meeting::view(&st.app, &s.actor, id).await?;
    let (owner_choices, invite) = if v.editable {
        // The owner may be any organisation the host works with: the meeting's own first,
        // then the others the account can see.
        let mut choices: Vec<(i64, String)> = v.orgs.iter().map(|o| (o.org_id, o.name.clone())).collect();
        for o in app::org::choices(&st.app, &s.actor).await? {
            if !choices.iter().any(|c| c.0 == o.id) && o.kind != domain::org::OrgKind::Posyandu {
                choices.push((o.id, o.name));
            }
        }
        let mut invite = invite_candidates(st, s, Some(&v.meeting.region_code)).await?;
        invite.retain(|o| !v.orgs.iter().any(|m| m.org_id == o.id));
        (choices, invite)
    } else {
        (Vec::new(), Vec::new())
    };
    let people_to_invite = if v.editable {
        app::meeting::people_to_invite(&st.app, &s.actor, id).await?
    } else {
        Vec::new()
    };
    let wa = if v.editable {
        app::notice::invitation_links(&st.app, &s.actor, id, s.visitor.lang).await?
    } else {
        Vec::new()
    };
    let rsvp = v
        .orgs
        .iter()
        .filter(|o| o.role.is_guest())
        .filter(|o| domain::access::answers_for(&s.actor, o.org_id))
        .cloned()
        .collect();
    let cooperation = app::agreement::of_meeting(&st.app, &s.actor, id).await?;
    let pws = super::pws::section(st, s, id).await?;
    let rpk = super::plan::section(st, s, id).await?;
    let ctx = Ctx::new(&s.visitor);
    let status = errs.status();
    Ok(render_status(
        status,
        &ShowPage {
            pws,
            rpk,
            cooperation,
            rsvp,
            people_to_invite,
            title: v.meeting.title.clone(),
            ctx,
            v,
            errs,
            action_form,
            lines,
            preview,
            owner_choices,
            invite,
            scoring,
            wa,
            problem_categories: ProblemCategory::ALL,
            cause_categories: CauseCategory::ALL,
            budget_sources: BudgetSource::ALL,
        },
    ))
}

/// `?scoring=<problem>`: after a rater's scores, that problem's panel stays open.
#[derive(Deserialize, Default)]
pub struct ShowQuery {
    #[serde(default)]
    scoring: String,
}

pub async fn show(
    State(st): State<AppState>,
    s: SignedIn,
    Path(id): Path<i64>,
    Query(q): Query<ShowQuery>,
) -> Result<Response, PageError> {
    let scoring = q.scoring.trim().parse().unwrap_or(0);
    show_page(
        &st,
        &s,
        id,
        Shown {
            scoring,
            ..Shown::plain()
        },
    )
    .await
}

/// After a write on the meeting page: back to the section, or the page again with the errors.
pub(super) async fn after(
    st: &AppState,
    s: &SignedIn,
    id: i64,
    r: app::Result<impl Sized>,
    anchor: &str,
) -> Result<Response, PageError> {
    match r {
        Ok(_) => Ok(Redirect::to(&format!("/meetings/{id}#{anchor}")).into_response()),
        Err(e) => show_page(st, s, id, Shown::refused(s, e)?).await,
    }
}

#[derive(Deserialize)]
pub struct StatusForm {
    #[serde(default)]
    status: String,
}

pub async fn set_status(
    State(st): State<AppState>,
    s: SignedIn,
    Path(id): Path<i64>,
    CsrfForm(f): CsrfForm<StatusForm>,
) -> Result<Response, PageError> {
    let r = match domain::meeting::MeetingStatus::parse(&f.status) {
        Ok(status) => app::meeting::set_status(&st.app, &s.actor, id, status).await,
        Err(code) => Err(domain::Invalid::one("status", code).into()),
    };
    after(&st, &s, id, r, "").await
}

#[derive(Deserialize, Default)]
pub struct OrgsForm {
    #[serde(default)]
    org_ids: Vec<String>,
    #[serde(default)]
    role: String,
}

pub async fn set_orgs(
    State(st): State<AppState>,
    s: SignedIn,
    Path(id): Path<i64>,
    CsrfForm(f): CsrfForm<OrgsForm>,
) -> Result<Response, PageError> {
    let ids: Vec<i64> = f.org_ids.iter().filter_map(|i| i.parse().ok()).collect();
    let r = match domain::meeting::parse_invitation(&f.role) {
        Ok(role) => app::meeting::set_orgs(&st.app, &s.actor, id, &ids, role).await,
        Err(code) => Err(domain::Invalid::one("role", code).into()),
    };
    after(&st, &s, id, r, "orgs").await
}

#[derive(Deserialize, Default)]
pub struct RsvpForm {
    #[serde(default)]
    org_id: String,
    #[serde(default)]
    answer: String,
}

pub async fn rsvp(
    State(st): State<AppState>,
    s: SignedIn,
    Path(id): Path<i64>,
    CsrfForm(f): CsrfForm<RsvpForm>,
) -> Result<Response, PageError> {
    let org = f.org_id.trim().parse::<i64>().map_err(|_| app::AppError::NotFound)?;
    let r = match domain::meeting::Rsvp::parse(&f.answer) {
        Ok(answer) => app::meeting::rsvp(&st.app, &s.actor, id, org, answer).await,
        Err(code) => Err(domain::Invalid::one("rsvp", code).into()),
    };
    after(&st, &s, id, r, "").await
}

#[derive(Deserialize, Default)]
pub struct PeopleForm {
    #[serde(default)]
    person_ids: Vec<String>,
}

pub async fn invite_people(
    State(st): State<AppState>,
    s: SignedIn,
    Path(id): Path<i64>,
    CsrfForm(f): CsrfForm<PeopleForm>,
) -> Result<Response, PageError> {
    let ids: Vec<i64> = f.person_ids.iter().filter_map(|i| i.parse().ok()).collect();
    let r = app::meeting::invite_people(&st.app, &s.actor, id, &ids).await;
    after(&st, &s, id, r, "orgs").await
}

#[derive(Deserialize)]
pub struct AgendaForm {
    #[serde(default)]
    title: String,
}

pub async fn add_agenda(
    State(st): State<AppState>,
    s: SignedIn,
    Path(id): Path<i64>,
    CsrfForm(f): CsrfForm<AgendaForm>,
) -> Result<Response, PageError> {
    let r = app::meeting::add_agenda_item(&st.app, &s.actor, id, &f.title).await;
    after(&st, &s, id, r, "agenda").await
}

#[derive(Deserialize)]
pub struct MinutesForm {
    #[serde(default)]
    findings: String,
    #[serde(default)]
    decisions: String,
}

pub async fn set_minutes(
    State(st): State<AppState>,
    s: SignedIn,
    Path((id, item)): Path<(i64, i64)>,
    CsrfForm(f): CsrfForm<MinutesForm>,
) -> Result<Response, PageError> {
    let r = app::meeting::set_minutes(&st.app, &s.actor, id, item, &f.findings, &f.decisions).await;
    after(&st, &s, id, r, "agenda").await
}

#[derive(Deserialize, Default)]
pub struct AttendancePost {
    #[serde(default)]
    lines: String,
    /// The preview's answers, one per line: `3|org:12`, `4|typed`, `5|personal:tokoh_agama`.
    #[serde(default)]
    choice: Vec<String>,
    #[serde(default)]
    person_id: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    org_id: String,
    #[serde(default)]
    org_name: String,
    #[serde(default)]
    position: String,
}

impl AttendancePost {
    fn single(&self) -> AttendeeForm {
        AttendeeForm {
            person_id: self.person_id.clone(),
            name: self.name.clone(),
            org_id: self.org_id.clone(),
            org_name: self.org_name.clone(),
            position: self.position.clone(),
        }
    }
    /// The preview's answers by line number; an empty or unreadable one is no answer (the
    /// line is matched again, and asks again if it is ambiguous).
    fn choices(&self) -> Vec<(usize, LineChoice)> {
        self.choice
            .iter()
            .filter_map(|c| {
                let (n, v) = c.split_once('|')?;
                Some((n.trim().parse().ok()?, LineChoice::parse(v).ok()?))
            })
            .collect()
    }
}

/// One line of the attendance preview as the page shows it.
pub(super) struct PreviewLine {
    line: usize,
    name: String,
    position: Option<String>,
    typed: String,
    /// The user must choose (the line fits several organisations).
    ask: bool,
    /// What the line is: matched, ambiguous, new, personal.
    state: &'static str,
    /// (value, label, selected)
    options: Vec<(String, String, bool)>,
}

fn preview_lines(ctx: &Ctx, p: &app::meeting::AttendancePreview, chosen: &[(usize, LineChoice)]) -> Vec<PreviewLine> {
    let label = |c: &app::meeting::OrgChoice| {
        if c.place.is_empty() || c.place == c.name {
            c.name.clone()
        } else {
            format!("{} — {}", c.name, c.place)
        }
    };
    p.lines
        .iter()
        .map(|l| {
            let n = l.line.line;
            let choice = chosen.iter().find(|c| c.0 == n).map(|c| c.1).or(l.choice);
            let mut options: Vec<(String, String, bool)> = Vec::new();
            let mut push = |c: LineChoice, text: String| {
                let v = format!("{n}|{}", c.value());
                if !options.iter().any(|o| o.0 == v) {
                    options.push((v, text, choice == Some(c)));
                }
            };
            if let Some(LineChoice::Org(o)) = choice
                && let Some(c) = p.name_of(o)
            {
                push(LineChoice::Org(o), label(c));
            }
            for c in &l.ambiguous {
                push(LineChoice::Org(c.id), label(c));
            }
            for c in &p.meeting_orgs {
                push(LineChoice::Org(c.id), label(c));
            }
            push(
                LineChoice::AsTyped,
                i18n::fill(ctx.lang, "attendance.as_typed", &[("org", &l.line.org)]),
            );
            for cat in PersonalCategory::ALL {
                push(
                    LineChoice::Personal(*cat),
                    format!("{}: {}", ctx.t("attendance.personal"), ctx.tk("personal", cat.as_str())),
                );
            }
            let ask = choice.is_none();
            if ask {
                options.insert(0, (String::new(), ctx.t("attendance.choose").to_string(), true));
            }
            PreviewLine {
                line: n,
                name: l.line.name.clone(),
                position: l.line.position.clone(),
                typed: l.line.org.clone(),
                ask,
                state: match choice {
                    None => "ambiguous",
                    Some(LineChoice::Org(_)) => "matched",
                    Some(LineChoice::Personal(_)) => "personal",
                    Some(LineChoice::AsTyped) => "new",
                },
                options,
            }
        })
        .collect()
}

/// Reads the quick attendance and shows each line with the organisation it will be counted
/// for, before anything is stored; an ambiguous line asks.
pub async fn preview_attendance(
    State(st): State<AppState>,
    s: SignedIn,
    Path(id): Path<i64>,
    CsrfForm(f): CsrfForm<AttendancePost>,
) -> Result<Response, PageError> {
    match app::meeting::preview_attendance(&st.app, &s.actor, id, &f.lines).await {
        Ok(p) => {
            let ctx = Ctx::new(&s.visitor);
            let lines = preview_lines(&ctx, &p, &f.choices());
            show_page(
                &st,
                &s,
                id,
                Shown {
                    lines: f.lines,
                    preview: Some(lines),
                    ..Shown::plain()
                },
            )
            .await
        }
        Err(e) => {
            show_page(
                &st,
                &s,
                id,
                Shown {
                    lines: f.lines,
                    ..Shown::refused(&s, e)?
                },
            )
            .await
        }
    }
}

pub async fn add_attendance(
    State(st): State<AppState>,
    s: SignedIn,
    Path(id): Path<i64>,
    CsrfForm(f): CsrfForm<AttendancePost>,
) -> Result<Response, PageError> {
    let lines = Some(f.lines.as_str()).filter(|l| !l.trim().is_empty());
    let single = f.single();
    let choices = f.choices();
    let r = match single.is_filled().then(|| single.input()).transpose() {
        Ok(single) => app::meeting::add_attendees(&st.app, &s.actor, id, single.as_ref(), lines, &choices).await,
        Err(inv) => Err(inv.into()),
    };
    match r {
        // Refused (nothing stored): the page again with every line as typed, the bad ones
        // named, and — when the lines read — the preview with what each line matched.
        Err(e) => {
            let errs = Errs::new(s.visitor.lang, split_invalid(e)?);
            let preview = match lines {
                Some(text) => app::meeting::preview_attendance(&st.app, &s.actor, id, text)
                    .await
                    .ok()
                    .map(|p| preview_lines(&Ctx::new(&s.visitor), &p, &choices)),
                None => None,
            };
            show_page(
                &st,
                &s,
                id,
                Shown {
                    errs,
                    lines: f.lines,
                    preview,
                    ..Shown::plain()
                },
            )
            .await
        }
        ok => after(&st, &s, id, ok, "attendance").await,
    }
}

pub async fn remove_attendance(
    State(st): State<AppState>,
    s: SignedIn,
    Path((id, a)): Path<(i64, i64)>,
    CsrfForm(_): CsrfForm<crate::pages::session::Empty>,
) -> Result<Response, PageError> {
    let r = app::meeting::remove_attendee(&st.app, &s.actor, id, a).await;
    after(&st, &s, id, r, "attendance").await
}

pub async fn add_problem(
    State(st): State<AppState>,
    s: SignedIn,
    Path(id): Path<i64>,
    CsrfForm(f): CsrfForm<ProblemForm>,
) -> Result<Response, PageError> {
    let r = match f.input() {
        Ok(input) => app::problem::add(&st.app, &s.actor, id, &input).await,
        Err(inv) => Err(inv.into()),
    };
    after(&st, &s, id, r, "problems").await
}

#[derive(Deserialize, Default)]
pub struct CauseForm {
    #[serde(default)]
    category: String,
    #[serde(default)]
    text: String,
}

/// The meeting a problem belongs to (the use cases check the actor's rights on it).
async fn meeting_of_problem(st: &AppState, problem_id: i64) -> Result<i64, PageError> {
    Ok(app::problem::meeting_of(&st.app, problem_id).await?)
}

pub async fn add_cause(
    State(st): State<AppState>,
    s: SignedIn,
    Path(pid): Path<i64>,
    CsrfForm(f): CsrfForm<CauseForm>,
) -> Result<Response, PageError> {
    let mid = meeting_of_problem(&st, pid).await?;
    let r = match domain::problem::CauseCategory::parse(&f.category) {
        Ok(category) => app::problem::add_cause(&st.app, &s.actor, pid, category, &f.text).await,
        Err(code) => Err(domain::Invalid::one("category", code).into()),
    };
    after(&st, &s, mid, r, &format!("problem-{pid}")).await
}

#[derive(Deserialize, Default)]
pub struct ScoreForm {
    #[serde(default)]
    method: String,
    #[serde(default)]
    rater: String,
    #[serde(default)]
    s: Vec<String>,
}

pub async fn add_score(
    State(st): State<AppState>,
    s: SignedIn,
    Path(pid): Path<i64>,
    CsrfForm(f): CsrfForm<ScoreForm>,
) -> Result<Response, PageError> {
    let mid = meeting_of_problem(&st, pid).await?;
    let scores: Result<Vec<f64>, _> = f.s.iter().map(|x| x.trim().replace(',', ".").parse::<f64>()).collect();
    let r = match (domain::problem::PriorityMethod::parse(&f.method), scores) {
        (Ok(method), Ok(v)) => app::problem::add_score(&st.app, &s.actor, pid, method, &f.rater, &v).await,
        (Err(code), _) => Err(domain::Invalid::one("method", code).into()),
        (_, Err(_)) => Err(domain::Invalid::one("scores", "priority.range").into()),
    };
    // The panel stays open for the next rater, stored or refused.
    match r {
        Ok(_) => Ok(Redirect::to(&format!("/meetings/{mid}?scoring={pid}#problem-{pid}")).into_response()),
        Err(e) => {
            show_page(
                &st,
                &s,
                mid,
                Shown {
                    scoring: pid,
                    ..Shown::refused(&s, e)?
                },
            )
            .await
        }
    }
}

pub async fn add_action(
    State(st): State<AppState>,
    s: SignedIn,
    Path(id): Path<i64>,
    CsrfForm(f): CsrfForm<ActionForm>,
) -> Result<Response, PageError> {
    let created = match f.input() {
        Ok(input) => app::action::create(&st.app, &s.actor, id, &input).await,
        Err(inv) => Err(inv.into()),
    };
    match created {
        Ok(_) => Ok(Redirect::to(&format!("/meetings/{id}#actions")).into_response()),
        Err(e) => {
            show_page(
                &st,
                &s,
                id,
                Shown {
                    action_form: f,
                    ..Shown::refused(&s, e)?
                },
            )
            .await
        }
    }
}

#[derive(Deserialize, Default)]
pub struct AgreementForm {
    #[serde(default)]
    text: String,
    #[serde(default)]
    org_ids: Vec<String>,
}

pub async fn add_agreement(
    State(st): State<AppState>,
    s: SignedIn,
    Path(id): Path<i64>,
    CsrfForm(f): CsrfForm<AgreementForm>,
) -> Result<Response, PageError> {
    let ids: Vec<i64> = f.org_ids.iter().filter_map(|i| i.parse().ok()).collect();
    let r = app::meeting::add_agreement(&st.app, &s.actor, id, &f.text, &ids).await;
    after(&st, &s, id, r, "agreements").await
}

pub async fn upload(
    State(st): State<AppState>,
    s: SignedIn,
    Path(id): Path<i64>,
    mp: CsrfMultipart,
) -> Result<Response, PageError> {
    let r = match mp.file {
        Some(f) => app::action::attach(&st.app, &s.actor, id, f).await,
        None => Err(domain::Invalid::one("file", "file.empty").into()),
    };
    after(&st, &s, id, r, "documents").await
}

/// Serves a stored file as an attachment with its detected type; never rendered inline.
pub async fn file(State(st): State<AppState>, s: SignedIn, Path(id): Path<i64>) -> Result<Response, PageError> {
    let f = app::action::file(&st.app, &s.actor, id).await?;
    let disposition = format!("attachment; filename=\"{}\"", f.filename.replace(['"', '\\'], "_"));
    Ok((
        [
            (header::CONTENT_TYPE, f.content_type),
            (header::CONTENT_DISPOSITION, disposition),
            (header::CACHE_CONTROL, "private, no-store".to_string()),
        ],
        f.data,
    )
        .into_response())
}
