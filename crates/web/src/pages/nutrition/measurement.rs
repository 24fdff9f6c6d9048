//! Measurements as shown (rows with trends, the growth chart) and the kader's fast
//! measurement form.

use super::*;
use domain::nutrition::LengthPosition;

// --- measurements shown ----------------------------------------------------------------------

/// One measurement as the pages show it.
pub(super) struct MRow {
    pub(super) id: i64,
    pub(super) date: String,
    pub(super) age: String,
    pub(super) weight: String,
    pub(super) height: String,
    pub(super) muac: String,
    pub(super) head: String,
    pub(super) haz: String,
    pub(super) haz_cat: String,
    pub(super) waz: String,
    pub(super) waz_cat: String,
    pub(super) whz: String,
    pub(super) whz_cat: String,
    pub(super) baz: String,
    pub(super) trend: String,
    /// N/T in words with the gain against the KBM.
    pub(super) trend_text: String,
    pub(super) flagged: bool,
    /// Which scores are flagged (TB/U, BB/U, BB/TB).
    pub(super) flags: String,
    pub(super) stunted: bool,
    pub(super) bgm: bool,
    pub(super) oedema: bool,
    /// Weighed away from the child's Posyandu ("luar wilayah"): where.
    pub(super) away: String,
}

pub(super) fn z(lang: Lang, v: Option<f64>) -> String {
    v.map(|v| num(lang, v, 2)).unwrap_or_else(|| "—".into())
}

pub(super) fn mrow(lang: Lang, r: &MeasurementRow) -> MRow {
    let m = &r.m;
    let s = r.scores();
    let t = |k: &str| crate::i18n::text(lang, k).to_string();
    let kbm = kbm_grams(completed_months(m.age_days));
    let trend_text = match (r.trend, r.gain_g) {
        (Some(Trend::N), Some(g)) => format!("{} {} g (KBM {kbm} g)", t("trend.n_long"), signed(lang, g as f64, 0)),
        (Some(Trend::T), Some(g)) => format!("{} {} g (KBM {kbm} g)", t("trend.t_long"), signed(lang, g as f64, 0)),
        (Some(Trend::O), _) => t("trend.o_long"),
        (Some(Trend::B), _) => t("trend.b_long"),
        (Some(x), _) => x.as_str().to_string(),
        (None, _) => String::new(),
    };
    let flags: Vec<&str> = Indicator::ALL
        .into_iter()
        .filter(|&i| s.flag(i))
        .map(Indicator::short)
        .collect();
    // The category in words, or "re-check" when the score is implausible.
    let cat = |i: Indicator| match s.category_names(i) {
        Some((id, en)) => category(lang, id, en),
        None if s.flag(i) => t("measure.recheck").to_lowercase(),
        None => String::new(),
    };
    MRow {
        away: r.away_at.clone().unwrap_or_default(),
        id: m.id,
        date: m.measured_on.format("%d/%m/%Y").to_string(),
        age: age_label(lang, m.age_days),
        weight: m.weight.map(|w| format!("{} kg", num(lang, w, 1))).unwrap_or_default(),
        height: m
            .height
            .map(|h| {
                let p = match m.position {
                    Some(LengthPosition::Lying) => " (PB)",
                    Some(LengthPosition::Standing) => " (TB)",
                    None => "",
                };
                format!("{} cm{p}", num(lang, h, 1))
            })
            .unwrap_or_default(),
        muac: m.muac.map(|v| format!("{} cm", num(lang, v, 1))).unwrap_or_default(),
        head: m.head.map(|v| format!("{} cm", num(lang, v, 1))).unwrap_or_default(),
        haz: z(lang, m.haz),
        haz_cat: cat(Indicator::Haz),
        waz: z(lang, m.waz),
        waz_cat: cat(Indicator::Waz),
        whz: z(lang, m.whz),
        whz_cat: cat(Indicator::Whz),
        baz: z(lang, m.bmiz),
        trend: r.trend.map(|t| t.as_str().to_string()).unwrap_or_default(),
        trend_text,
        flagged: s.flagged(),
        flags: flags.join(", "),
        stunted: s.stunted(),
        bgm: s.bgm(),
        oedema: m.oedema,
    }
}

/// The growth chart of one measure (see [`crate::chart::growth`]); `value` gives a row's value
/// and whether it is flagged.
pub(super) fn chart(
    lang: Lang,
    id: &'static str,
    title: &'static str,
    unit: &'static str,
    rows: &[MeasurementRow],
    value: impl Fn(&MeasurementRow) -> Option<(f64, bool)>,
) -> Option<Growth> {
    let points = rows
        .iter()
        .filter_map(|r| value(r).map(|(v, bad)| (r.m.age_days, v, bad)));
    crate::chart::growth(lang, id, title, unit, points)
}

// --- the measurement form --------------------------------------------------------------------

/// Where a weighing was opened from: `day` is a round from the Posyandu day's list (the form
/// keeps the round's date and position, the result offers the list and the next child);
/// anything else is the child's page, as before.
fn from_day(back: &str) -> bool {
    back.trim() == "day"
}

#[derive(Template)]
#[template(path = "nutrition/measure.html")]
pub(super) struct MeasurePage {
    pub(super) title: String,
    pub(super) ctx: Ctx,
    pub(super) v: ChildView,
    pub(super) age: String,
    pub(super) last: Option<MRow>,
    pub(super) form: MeasurementForm,
    pub(super) errs: Errs,
    pub(super) today: String,
    /// Lying (PB) is the default under two years.
    pub(super) lying_default: bool,
    /// `day` in a round from the day's list (posted back with the form).
    pub(super) back: String,
    /// The day's list at this child (in a round), else empty.
    pub(super) day_link: String,
    /// Where "cancel" goes.
    pub(super) cancel: String,
    /// The position carried from the previous child is not the usual one for this age: say so.
    pub(super) carried_position: bool,
}

impl MeasurePage {
    pub(super) fn invalid(&self, field: &str) -> &'static str {
        if self.errs.on(field).is_some() { "true" } else { "false" }
    }
}

pub(super) async fn measure_page(
    st: &AppState,
    s: &SignedIn,
    id: i64,
    form: MeasurementForm,
    errs: Errs,
    back: &str,
) -> Result<Response, PageError> {
    let v = app::nutrition::child(&st.app, &s.actor, id).await?;
    if !v.can_write {
        return Err(app::AppError::Forbidden.into());
    }
    let lang = s.visitor.lang;
    let today = st.app.clock().today_for(&s.actor);
    let ctx = Ctx::new(&s.visitor);
    let status = errs.status();
    let round = from_day(back);
    let carry = crate::pages::day::Carry::read(&form.measured_on, &form.position);
    let day_link = if round {
        let month = carry
            .on
            .map(domain::nutrition::month_of)
            .filter(|m| *m != domain::nutrition::month_of(today));
        crate::pages::day::day_url(v.child.posyandu_id, month, &carry, Some(id))
    } else {
        String::new()
    };
    let by_age = LengthPosition::by_age(v.age_days);
    Ok(render_status(
        status,
        &MeasurePage {
            title: format!("{} — {}", ctx.t("measure.title"), v.child.name),
            age: age_label(lang, v.age_days),
            last: v.latest().map(|r| mrow(lang, r)),
            lying_default: v.age_days < 731,
            today: today.to_string(),
            carried_position: round && !carry.pos.is_empty() && carry.pos != by_age.as_str(),
            cancel: if round {
                day_link.clone()
            } else {
                format!("/children/{id}")
            },
            day_link,
            back: if round { "day".into() } else { String::new() },
            form,
            errs,
            ctx,
            v,
        },
    ))
}

#[derive(Deserialize, Default)]
pub struct MeasureQuery {
    /// `day`: opened from the Posyandu day's list.
    #[serde(default)]
    pub(super) back: String,
    /// The round's date and position (see `pages::day::Carry`).
    #[serde(default)]
    pub(super) on: String,
    #[serde(default)]
    pub(super) pos: String,
    /// The measurement just saved in a round: its result screen.
    #[serde(default)]
    pub(super) saved: String,
}

pub async fn measure(
    State(st): State<AppState>,
    s: SignedIn,
    Path(id): Path<i64>,
    Query(q): Query<MeasureQuery>,
) -> Result<Response, PageError> {
    let today = st.app.clock().today_for(&s.actor);
    if from_day(&q.back)
        && let Ok(saved) = q.saved.trim().parse::<i64>()
    {
        return result_page(&st, &s, id, saved, &q).await;
    }
    let carry = crate::pages::day::Carry::read(&q.on, &q.pos);
    let round = from_day(&q.back);
    let form = MeasurementForm {
        // A round keeps its date (never one still to come); otherwise today.
        measured_on: carry.on.filter(|d| round && *d <= today).unwrap_or(today).to_string(),
        position: if round { carry.pos } else { String::new() },
        ..Default::default()
    };
    measure_page(&st, &s, id, form, Errs::none(), &q.back).await
}

#[derive(Deserialize, Default)]
pub struct MeasurePost {
    #[serde(flatten)]
    pub(super) form: MeasurementForm,
    #[serde(default)]
    pub(super) back: String,
}

pub async fn record(
    State(st): State<AppState>,
    s: SignedIn,
    Path(id): Path<i64>,
    CsrfForm(p): CsrfForm<MeasurePost>,
) -> Result<Response, PageError> {
    let MeasurePost { form, back } = p;
    let today = st.app.clock().today_for(&s.actor);
    let birth = app::nutrition::birth_date(&st.app, &s.actor, id).await?;
    let recorded = match form.input(birth, today) {
        Ok(input) => app::nutrition::record(&st.app, &s.actor, id, &input).await,
        Err(inv) => Err(inv.into()),
    };
    match recorded {
        Ok(r) if from_day(&back) => {
            // The result screen of the round, carrying its date and position on.
            let carry = crate::pages::day::Carry::read(&r.input.measured_on.to_string(), &form.position);
            Ok(Redirect::to(&format!(
                "/children/{id}/measure?back=day&saved={}{}",
                r.id,
                carry.query()
            ))
            .into_response())
        }
        Ok(r) => Ok(Redirect::to(&format!("/children/{id}?saved={}#result", r.id)).into_response()),
        Err(e) => {
            let inv = split_invalid(e)?;
            measure_page(&st, &s, id, form, Errs::new(s.visitor.lang, inv), &back).await
        }
    }
}

// --- the result screen of a weighing round -------------------------------------------------

#[derive(Template)]
#[template(path = "nutrition/measure_result.html")]
pub(super) struct ResultPage {
    pub(super) title: String,
    pub(super) ctx: Ctx,
    pub(super) v: ChildView,
    pub(super) age: String,
    pub(super) r: MRow,
    pub(super) just_saved: bool,
    pub(super) kbm: String,
    pub(super) concern_text: String,
    pub(super) refer: bool,
    /// The day's list at this child.
    pub(super) back_url: String,
    /// The next child still to weigh (name) and its form in this round.
    pub(super) next: Option<(String, String)>,
    pub(super) left: usize,
    pub(super) summary_url: String,
}

async fn result_page(
    st: &AppState,
    s: &SignedIn,
    id: i64,
    saved: i64,
    q: &MeasureQuery,
) -> Result<Response, PageError> {
    let v = app::nutrition::child(&st.app, &s.actor, id).await?;
    let Some(row) = v.rows.iter().find(|r| r.m.id == saved) else {
        return Err(app::AppError::NotFound.into());
    };
    let after = app::day::after_weighing(&st.app, &s.actor, id, saved).await?;
    let lang = s.visitor.lang;
    let today = st.app.clock().today_for(&s.actor);
    let carry = crate::pages::day::Carry::read(&q.on, &q.pos);
    let month = Some(after.month).filter(|m| *m != domain::nutrition::month_of(today));
    let month_q = month
        .map(|m| format!("?month={}", m.format("%Y-%m")))
        .unwrap_or_default();
    let ctx = Ctx::new(&s.visitor).with_flash("measure.saved");
    Ok(render(&ResultPage {
        title: format!("{} — {}", ctx.t("measure.result"), v.child.name),
        age: age_label(lang, v.age_days),
        r: mrow(lang, row),
        just_saved: true,
        kbm: format!("{} g", kbm_grams(completed_months(row.m.age_days))),
        concern_text: crate::pages::day::concern_words(lang, &after.concerns),
        refer: after.refer(),
        back_url: crate::pages::day::day_url(after.posyandu_id, month, &carry, Some(id)),
        next: after
            .next
            .as_ref()
            .map(|(nid, name)| (name.clone(), crate::pages::day::measure_url(*nid, &carry))),
        left: after.left,
        summary_url: format!("/posyandu/{}/day/summary{month_q}", after.posyandu_id),
        ctx,
        v,
    }))
}
