//! The printable documents of a meeting: invitation letter (surat undangan), attendance list
//! (daftar hadir), notulen, RTL (page, CSV, XLSX) and the berita acara.

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

/// A signature block: the organisation, the signer's position and name (none: a line to fill).
struct SigView {
    org: String,
    title: String,
    name: Option<String>,
}

/// The position a signer signs as: the title written, else the kind of the recorded position
/// ("Kepala Puskesmas Sarolangun" for a head, "Camat" …); empty when nothing is recorded.
fn signer_title(ctx: &Ctx, s: &app::meeting::Signer) -> String {
    match (&s.title, s.kind) {
        (Some(t), _) => t.clone(),
        (None, Some(domain::person::PositionKind::Head)) => {
            i18n::fill(ctx.lang, "letter.head_of", &[("org", &s.org_name)])
        }
        (None, Some(k)) => ctx.tk("pos", k.as_str()),
        (None, None) => String::new(),
    }
}

fn sig_view(ctx: &Ctx, s: &app::meeting::Signer) -> SigView {
    SigView {
        org: s.org_name.clone(),
        title: signer_title(ctx, s),
        name: s.name.clone(),
    }
}

/// "09:00 WIB – selesai" / "09:00 WIB – end".
fn time_line(ctx: &Ctx, v: &MeetingView) -> Option<String> {
    v.meeting.start_time.as_ref().map(|t| {
        format!(
            "{t} {} – {}",
            crate::format::zone(&v.meeting.region_code),
            ctx.t("letter.until_end")
        )
    })
}

#[derive(Template)]
#[template(path = "meetings/berita_acara.html")]
struct BeritaAcara {
    title: String,
    ctx: Ctx,
    v: MeetingView,
    intro: String,
    place_date: String,
    signers: Vec<SigView>,
    rpk: Option<super::plan::PlanSection>,
}

pub async fn berita_acara(State(st): State<AppState>, s: SignedIn, Path(id): Path<i64>) -> Result<Response, PageError> {
    let v = app::meeting::view(&st.app, &s.actor, id).await?;
    let who = app::meeting::signers(&st.app, &s.actor, id).await?;
    let ctx = Ctx::new(&s.visitor);
    // The organisations that signed the agreements, each with who signed for it; without
    // any, the host.
    let mut signers: Vec<SigView> = who.parties.iter().map(|p| sig_view(&ctx, p)).collect();
    if signers.is_empty() {
        signers.push(sig_view(&ctx, &who.host));
    }
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
        signers,
        ctx,
        v,
    }))
}

// --- the invitation letter (surat undangan) -----------------------------------------------

#[derive(Deserialize, Default)]
pub struct LetterQuery {
    /// The letter's number as the office's agenda book gives it.
    #[serde(default)]
    nomor: String,
    /// The letter's date (`YYYY-MM-DD`).
    #[serde(default)]
    tanggal: String,
}

const ROMAN: [&str; 12] = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"];

/// The number an invitation gets when none is typed: the archive classification of
/// invitations (005), a space for the office's agenda number (Lintas does not keep the
/// office's register of outgoing letters), the host's code, the month in Roman numerals and
/// the year: "005/…/PKM-SRL-03/IV/2024".
fn default_letter_number(host_code: Option<&str>, on: chrono::NaiveDate) -> String {
    let month = ROMAN.get(on.month0() as usize).copied().unwrap_or("");
    match host_code {
        Some(c) => format!("005/……/{c}/{month}/{}", on.year()),
        None => format!("005/……/{month}/{}", on.year()),
    }
}

/// The letter's date when none is typed: today while the meeting is ahead, else a week before
/// the meeting (a letter printed again for the archive).
fn default_letter_date(today: chrono::NaiveDate, held_on: chrono::NaiveDate) -> chrono::NaiveDate {
    if today < held_on {
        today
    } else {
        held_on - chrono::Duration::days(7)
    }
}

#[derive(Template)]
#[template(path = "meetings/invitation_print.html")]
struct InvitationPrint {
    title: String,
    ctx: Ctx,
    v: MeetingView,
    errs: Errs,
    number: String,
    date_value: String,
    letter_place_date: String,
    opening: String,
    day_date: String,
    time: Option<String>,
    tz: &'static str,
    invitees: Vec<String>,
    signer_title: String,
    signer_name: Option<String>,
}

pub async fn invitation_print(
    State(st): State<AppState>,
    s: SignedIn,
    Path(id): Path<i64>,
    Query(q): Query<LetterQuery>,
) -> Result<Response, PageError> {
    let v = app::meeting::view(&st.app, &s.actor, id).await?;
    let who = app::meeting::signers(&st.app, &s.actor, id).await?;
    let ctx = Ctx::new(&s.visitor);
    let mut inv = domain::Invalid::new();
    let today = st.app.clock().today_in(&v.meeting.region_code);
    let date = match q.tanggal.trim() {
        "" => default_letter_date(today, v.meeting.held_on),
        t => match chrono::NaiveDate::parse_from_str(t, "%Y-%m-%d") {
            Ok(d) => d,
            Err(_) => {
                inv.add("tanggal", "date.format");
                default_letter_date(today, v.meeting.held_on)
            }
        },
    };
    let number = match domain::error::optional_text(&q.nomor, 100) {
        Ok(Some(n)) => n,
        Ok(None) => default_letter_number(who.host_code.as_deref(), date),
        Err(code) => {
            inv.add("nomor", code);
            default_letter_number(who.host_code.as_deref(), date)
        }
    };
    // The town the letter is written in: the name of the meeting's region.
    let town = app::region::get(&st.app.store, &s.actor, &v.meeting.region_code)
        .await
        .map(|r| r.region.name)
        .unwrap_or_default();
    let date_text = format!(
        "{} {}",
        date.day(),
        i18n::month_year(ctx.lang, date.month(), date.year())
    );
    let letter_place_date = if town.is_empty() {
        date_text
    } else {
        format!("{town}, {date_text}")
    };
    let mut invitees: Vec<String> = v
        .orgs
        .iter()
        .filter(|o| o.role.is_guest())
        .map(|o| o.name.clone())
        .collect();
    invitees.extend(v.people.iter().map(|p| match &p.org_name {
        Some(o) => format!("{} ({o})", p.name),
        None => p.name.clone(),
    }));
    let opening = i18n::fill(
        ctx.lang,
        "letter.opening",
        &[("forum", &ctx.tk("forum", v.meeting.kind)), ("title", &v.meeting.title)],
    );
    let signer_title = match signer_title(&ctx, &who.host) {
        t if t.is_empty() => i18n::fill(ctx.lang, "letter.head_of", &[("org", &v.meeting.host_name)]),
        t => t,
    };
    let errs = Errs::new(ctx.lang, inv);
    let page = InvitationPrint {
        title: format!("{} — {}", ctx.t("letter.subject_invitation"), v.meeting.title),
        errs,
        number,
        date_value: date.to_string(),
        letter_place_date,
        opening,
        day_date: day_date(ctx.lang, v.meeting.held_on),
        time: time_line(&ctx, &v),
        tz: crate::format::zone(&v.meeting.region_code),
        invitees,
        signer_title,
        signer_name: who.host.name.clone(),
        ctx,
        v,
    };
    Ok(render_status(page.errs.status(), &page))
}

// --- the notulen (minutes) ----------------------------------------------------------------

/// A problem as the minutes list it.
struct ProblemLine {
    title: String,
    category: String,
    region: Option<String>,
    /// The best rank among the scoring methods used; none when unscored.
    rank: Option<usize>,
    /// "USG 12,5 (peringkat 1)" per method used.
    priority: String,
    causes: String,
}

#[derive(Template)]
#[template(path = "meetings/notulen_print.html")]
struct NotulenPrint {
    title: String,
    ctx: Ctx,
    v: MeetingView,
    day_date: String,
    time: Option<String>,
    place_date: String,
    attendance_line: String,
    problems: Vec<ProblemLine>,
    headers: [&'static str; 9],
    rows: Vec<interop::rtl::RtlRow>,
}

pub async fn notulen_print(
    State(st): State<AppState>,
    s: SignedIn,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let v = app::meeting::view(&st.app, &s.actor, id).await?;
    let ctx = Ctx::new(&s.visitor);
    let mut problems: Vec<ProblemLine> = v
        .problems
        .iter()
        .map(|p| ProblemLine {
            title: p.problem.title.clone(),
            category: ctx.tk("pcat", p.problem.category.as_str()),
            region: p.problem.region_name.clone(),
            rank: p.priority.iter().map(|x| x.2).min(),
            priority: p
                .priority
                .iter()
                .map(|(method, score, rank)| {
                    format!(
                        "{} {} ({} {rank})",
                        ctx.tk("method", method),
                        crate::format::num(ctx.lang, *score, 1),
                        ctx.t("meetings.rank")
                    )
                })
                .collect::<Vec<_>>()
                .join("; "),
            causes: p
                .causes
                .iter()
                .map(|c| format!("{}: {}", ctx.tk("cause", c.category.as_str()), c.text))
                .collect::<Vec<_>>()
                .join("; "),
        })
        .collect();
    // The ranked problems first, by rank; the unscored after them as raised.
    problems.sort_by_key(|p| p.rank.unwrap_or(usize::MAX));
    let attendance_line = i18n::fill(
        ctx.lang,
        "notulen.attendance_line",
        &[
            ("people", &v.attendance.len().to_string()),
            ("orgs", &v.by_org.len().to_string()),
            (
                "invited",
                &v.orgs.iter().filter(|o| o.role.is_guest()).count().to_string(),
            ),
        ],
    );
    Ok(render(&NotulenPrint {
        title: format!("{} — {}", ctx.t("notulen.title"), v.meeting.title),
        day_date: day_date(ctx.lang, v.meeting.held_on),
        time: time_line(&ctx, &v),
        place_date: place_date(ctx.lang, &v),
        attendance_line,
        problems,
        headers: interop::rtl::headers(ctx.lang),
        rows: rtl_rows(&ctx, &v),
        ctx,
        v,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_letter_number_leaves_the_agenda_number_to_the_office() {
        let d = chrono::NaiveDate::from_ymd_opt(2024, 4, 22).unwrap_or_default();
        assert_eq!(
            default_letter_number(Some("PKM-SRL-03"), d),
            "005/……/PKM-SRL-03/IV/2024"
        );
        assert_eq!(default_letter_number(None, d), "005/……/IV/2024");
        let held = chrono::NaiveDate::from_ymd_opt(2024, 4, 30).unwrap_or_default();
        assert_eq!(default_letter_date(d, held), d);
        assert_eq!(
            default_letter_date(held, held),
            chrono::NaiveDate::from_ymd_opt(2024, 4, 23).unwrap_or_default()
        );
    }
}
