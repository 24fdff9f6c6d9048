//! The printable documents of a meeting: attendance list (daftar hadir), RTL (page, CSV,
//! XLSX) and the berita acara.

use super::*;

/// "Senin, 6 Mei 2024" / "Monday, 6 May 2024".
fn day_date(lang: Lang, d: chrono::NaiveDate) -> String {
    format!(
        "{}, {} {}",
        i18n::day_name(lang, d.weekday().number_from_monday()),
        d.day(),
        i18n::month_year(lang, d.month(), d.year())
    )
}

fn place_date(lang: Lang, v: &MeetingView) -> String {
    let place = v.meeting.place.clone().unwrap_or_default();
    let d = v.meeting.held_on;
    let date = format!("{} {}", d.day(), i18n::month_year(lang, d.month(), d.year()));
    if place.is_empty() {
        date
    } else {
        format!("{place}, {date}")
    }
}

#[derive(Template)]
#[template(path = "meetings/attendance_print.html")]
struct AttendancePrint {
    title: String,
    ctx: Ctx,
    v: MeetingView,
    day_date: String,
    place_date: String,
    tz: &'static str,
    blank_rows: Vec<usize>,
}

pub async fn attendance_print(
    State(st): State<AppState>,
    s: SignedIn,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let v = app::meeting::view(&st.app, &s.actor, id).await?;
    let n = v.attendance.len();
    // Room for walk-ins who sign on paper: at least ten blank lines, filling the page.
    let blanks = (n + 10).max(20);
    let ctx = Ctx::new(&s.visitor);
    Ok(render(&AttendancePrint {
        title: format!("{} — {}", ctx.t("attendance.title"), v.meeting.title),
        day_date: day_date(ctx.lang, v.meeting.held_on),
        place_date: place_date(ctx.lang, &v),
        tz: crate::format::zone(&v.meeting.region_code),
        blank_rows: (n + 1..=blanks).collect(),
        ctx,
        v,
    }))
}

fn rtl_rows(ctx: &Ctx, v: &MeetingView) -> Vec<interop::rtl::RtlRow> {
    v.actions
        .iter()
        .map(|a| {
            let problem = v.problems.iter().find(|p| Some(p.problem.id) == a.action.problem_id);
            interop::rtl::RtlRow {
                problem: problem.map(|p| p.problem.title.clone()).unwrap_or_default(),
                cause: problem
                    .map(|p| p.causes.iter().map(|c| c.text.clone()).collect::<Vec<_>>().join("; "))
                    .unwrap_or_default(),
                activity: a.action.what.clone(),
                owner: match &a.action.responsible {
                    Some(r) => format!("{} ({r})", a.action.owner_name),
                    None => a.action.owner_name.clone(),
                },
                target: a.action.target.clone().unwrap_or_default(),
                due_on: a.action.due_on,
                budget_source: ctx.tk("budget", a.action.budget_source),
                status: if a.overdue {
                    format!("{} ({})", ctx.tk("astatus", a.action.status), ctx.t("actions.overdue"))
                } else {
                    ctx.tk("astatus", a.action.status)
                },
            }
        })
        .collect()
}

#[derive(Template)]
#[template(path = "meetings/rtl.html")]
struct RtlPage {
    title: String,
    ctx: Ctx,
    v: MeetingView,
    day_date: String,
    place_date: String,
    headers: [&'static str; 9],
    rows: Vec<interop::rtl::RtlRow>,
}

pub async fn rtl(State(st): State<AppState>, s: SignedIn, Path(id): Path<i64>) -> Result<Response, PageError> {
    let v = app::meeting::view(&st.app, &s.actor, id).await?;
    let ctx = Ctx::new(&s.visitor);
    let rows = rtl_rows(&ctx, &v);
    Ok(render(&RtlPage {
        title: format!("RTL — {}", v.meeting.title),
        day_date: day_date(ctx.lang, v.meeting.held_on),
        place_date: place_date(ctx.lang, &v),
        headers: interop::rtl::headers(ctx.lang),
        rows,
        ctx,
        v,
    }))
}

fn download_name(v: &MeetingView, ext: &str) -> String {
    format!("RTL-{}-{}.{ext}", v.meeting.held_on, v.meeting.id)
}

/// `?sep=semicolon`: the CSV for a spreadsheet program set to Indonesian.
#[derive(Deserialize, Default)]
pub struct SepQuery {
    #[serde(default)]
    sep: String,
}

pub async fn rtl_csv(
    State(st): State<AppState>,
    s: SignedIn,
    Path(id): Path<i64>,
    Query(q): Query<SepQuery>,
) -> Result<Response, PageError> {
    let v = app::meeting::view(&st.app, &s.actor, id).await?;
    let ctx = Ctx::new(&s.visitor);
    let sep = interop::export::Sep::parse(&q.sep);
    let bytes =
        interop::rtl::to_csv(ctx.lang, &rtl_rows(&ctx, &v), sep).map_err(|e| app::AppError::Internal(e.to_string()))?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{}\"", download_name(&v, "csv")),
            ),
        ],
        bytes,
    )
        .into_response())
}

pub async fn rtl_xlsx(State(st): State<AppState>, s: SignedIn, Path(id): Path<i64>) -> Result<Response, PageError> {
    let v = app::meeting::view(&st.app, &s.actor, id).await?;
    let ctx = Ctx::new(&s.visitor);
    let subtitle = format!("{} · {}", v.meeting.host_name, day_date(ctx.lang, v.meeting.held_on));
    let bytes = interop::rtl::to_xlsx(
        ctx.lang,
        &format!("{} — {}", ctx.t("rtl.sheet_title"), v.meeting.title),
        &subtitle,
        &rtl_rows(&ctx, &v),
    )
    .map_err(|e| app::AppError::Internal(e.to_string()))?;
    Ok((
        [
            (
                header::CONTENT_TYPE,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_string(),
            ),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{}\"", download_name(&v, "xlsx")),
            ),
        ],
        bytes,
    )
        .into_response())
}

#[derive(Template)]
#[template(path = "meetings/berita_acara.html")]
struct BeritaAcara {
    title: String,
    ctx: Ctx,
    v: MeetingView,
    intro: String,
    place_date: String,
    signatories: Vec<String>,
    rpk: Option<super::plan::PlanSection>,
}

pub async fn berita_acara(State(st): State<AppState>, s: SignedIn, Path(id): Path<i64>) -> Result<Response, PageError> {
    let v = app::meeting::view(&st.app, &s.actor, id).await?;
    let mut signatories: Vec<String> = Vec::new();
    for (_, names) in &v.agreements {
        for n in names {
            if !signatories.contains(n) {
                signatories.push(n.clone());
            }
        }
    }
    if signatories.is_empty() {
        signatories.push(v.meeting.host_name.clone());
    }
    let ctx = Ctx::new(&s.visitor);
    let intro = i18n::fill(
        ctx.lang,
        "berita.intro",
        &[
            ("day", &day_date(ctx.lang, v.meeting.held_on)),
            ("place", v.meeting.place.as_deref().unwrap_or(&v.meeting.host_name)),
            ("forum", &ctx.tk("forum", v.meeting.kind)),
            ("people", &v.attendance.len().to_string()),
            ("orgs", &v.by_org.len().to_string()),
        ],
    );
    let rpk = super::plan::section(&st, &s, id).await?;
    Ok(render(&BeritaAcara {
        rpk,
        title: format!("{} — {}", ctx.t("berita.short"), v.meeting.title),
        intro,
        place_date: place_date(ctx.lang, &v),
        signatories,
        ctx,
        v,
    }))
}
