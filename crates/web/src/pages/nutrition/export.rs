//! By-name exports: the follow-up list as CSV/XLSX/print, the children register as CSV/XLSX
//! (NIK masked unless asked for in full by a role that may see it).

use super::*;

// --- by-name exports -------------------------------------------------------------------------

/// `nik=full`: the NIK in full is asked for (the app decides whether it is given).
pub(super) fn wants_full_nik(v: &str) -> bool {
    v.trim() == "full"
}

pub(super) const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// A by-name file: a download that no shared cache keeps.
pub(super) fn private_download(ct: &str, name: &str, bytes: Vec<u8>) -> Response {
    let mut r = download(ct, name, bytes);
    r.headers_mut().insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static("private, no-store"),
    );
    r
}

pub(super) fn internal(e: impl std::fmt::Display) -> PageError {
    PageError::App(app::AppError::Internal(e.to_string()))
}

/// A child as the exports write it (NIK as the app gave it: masked or in full), with the date
/// and weight of `m` and the length/height and its z-score of `length`.
pub(super) fn child_line(
    ctx: &Ctx,
    today: NaiveDate,
    c: &Child,
    m: Option<&store::nutrition::StoredMeasurement>,
    length: Option<&store::nutrition::StoredMeasurement>,
) -> ChildLine {
    let length = length.filter(|l| l.height.is_some());
    ChildLine {
        name: c.name.clone(),
        sex: ctx.tk("sex", c.sex),
        birth_date: c.birth_date,
        age_months: completed_months((today - c.birth_date).num_days()),
        nik: c.nik.clone().unwrap_or_default(),
        mother_name: c.mother_name.clone().unwrap_or_default(),
        mother_nik: c.mother_nik.clone().unwrap_or_default(),
        address: c.address.clone().unwrap_or_default(),
        rt: c.rt.clone().unwrap_or_default(),
        rw: c.rw.clone().unwrap_or_default(),
        desa: c.desa_name.clone().unwrap_or_else(|| c.desa_code.clone()),
        posyandu: c.posyandu_name.clone(),
        kia: ctx.t(if c.has_kia { "common.yes" } else { "common.no" }).to_string(),
        reasons: String::new(),
        measured_on: m.map(|m| m.measured_on),
        weight: m.and_then(|m| m.weight),
        height_on: length.map(|l| l.measured_on),
        height: length.and_then(|l| l.height),
        haz: length.and_then(|l| l.haz),
        followup_by: String::new(),
        followup_status: String::new(),
    }
}

pub(super) fn followup_lines(ctx: &Ctx, x: &app::children::FollowupExport) -> Vec<ChildLine> {
    x.lines
        .iter()
        .map(|l| {
            let mut line = child_line(ctx, x.today, &l.row.child, Some(&l.row.latest), l.row.length.as_ref());
            line.reasons = l
                .row
                .reasons
                .iter()
                .map(|r| ctx.tk("reason", r.as_str()))
                .collect::<Vec<_>>()
                .join("; ");
            if let Some(a) = &l.assigned {
                line.followup_by = match &a.responsible {
                    Some(r) => format!("{} — {r}", a.owner),
                    None => a.owner.clone(),
                };
                line.followup_status = if a.overdue {
                    format!("{} ({})", ctx.tk("astatus", a.status), ctx.t("actions.overdue"))
                } else {
                    ctx.tk("astatus", a.status)
                };
            }
            line
        })
        .collect()
}

/// Place, filter, date and how the NIK is shown: the line under an export's title.
pub(super) fn export_subtitle(
    ctx: &Ctx,
    posyandu: Option<&Org>,
    reason: Option<Reason>,
    today: NaiveDate,
    full_nik: bool,
) -> String {
    let mut parts: Vec<String> = vec![match posyandu {
        Some(p) => p.name.clone(),
        None => ctx.t("children.all_posyandu").to_string(),
    }];
    if let Some(r) = reason {
        parts.push(ctx.tk("reason", r.as_str()));
    }
    parts.push(today.format("%d/%m/%Y").to_string());
    parts.push(
        ctx.t(if full_nik {
            "export.nik_full"
        } else {
            "export.nik_masked"
        })
        .to_string(),
    );
    parts.join(" · ")
}

/// The Posyandu a filter names, when the reader has it among its choices.
pub(super) async fn filtered_posyandu(st: &AppState, s: &SignedIn, id: Option<i64>) -> Result<Option<Org>, PageError> {
    let Some(id) = id else {
        return Ok(None);
    };
    let list = app::nutrition::posyandu_choices(&st.app, &s.actor).await?;
    Ok(list.into_iter().find(|p| p.id == id))
}

pub(super) fn export_name(stem: &str, posyandu: Option<i64>, today: NaiveDate, ext: &str) -> String {
    match posyandu {
        Some(p) => format!("{stem}-posyandu-{p}-{today}.{ext}"),
        None => format!("{stem}-{today}.{ext}"),
    }
}

/// GET /followup.csv: the follow-up list as CSV (NIK masked unless asked and allowed).
pub async fn followup_csv(
    State(st): State<AppState>,
    s: SignedIn,
    Query(q): Query<FollowupQuery>,
) -> Result<Response, PageError> {
    let f = q.filter();
    let x = app::children::followup(&st.app, &s.actor, &f, Format::Csv, wants_full_nik(&q.nik)).await?;
    let ctx = Ctx::new(&s.visitor);
    let label = |c: Column| ctx.tk("export.col", c.key());
    let bytes =
        interop::children::to_csv(&interop::children::FOLLOWUP, &label, &followup_lines(&ctx, &x)).map_err(internal)?;
    Ok(private_download(
        "text/csv; charset=utf-8",
        &export_name("tindak-lanjut-gizi", f.posyandu_id, x.today, "csv"),
        bytes,
    ))
}

/// GET /followup.xlsx: the follow-up list as a workbook.
pub async fn followup_xlsx(
    State(st): State<AppState>,
    s: SignedIn,
    Query(q): Query<FollowupQuery>,
) -> Result<Response, PageError> {
    let f = q.filter();
    let x = app::children::followup(&st.app, &s.actor, &f, Format::Xlsx, wants_full_nik(&q.nik)).await?;
    let posyandu = filtered_posyandu(&st, &s, f.posyandu_id).await?;
    let ctx = Ctx::new(&s.visitor);
    let label = |c: Column| ctx.tk("export.col", c.key());
    let bytes = interop::children::to_xlsx(
        ctx.t("export.sheet_followup"),
        ctx.t("export.title_followup"),
        &export_subtitle(&ctx, posyandu.as_ref(), f.reason, x.today, x.full_nik),
        &interop::children::FOLLOWUP,
        &label,
        &followup_lines(&ctx, &x),
    )
    .map_err(internal)?;
    Ok(private_download(
        XLSX,
        &export_name("tindak-lanjut-gizi", f.posyandu_id, x.today, "xlsx"),
        bytes,
    ))
}

/// One child of the printed follow-up list, its latest measurement in words.
pub(super) struct PrintLine {
    pub(super) l: ChildLine,
    /// Day and weight of the latest measurement.
    pub(super) weighed: String,
    /// The latest length/height, its z-score and (when earlier) its day.
    pub(super) length: String,
}

#[derive(Template)]
#[template(path = "nutrition/followup_print.html")]
pub(super) struct FollowupPrint {
    pub(super) title: String,
    pub(super) ctx: Ctx,
    pub(super) back: String,
    pub(super) subtitle: String,
    pub(super) lines: Vec<PrintLine>,
    pub(super) full_nik: bool,
}

impl FollowupPrint {
    pub(super) fn col(&self, key: &str) -> String {
        self.ctx.tk("export.col", key)
    }
}

/// GET /followup/print: the follow-up list on paper for the field teams, with room to note
/// each visit.
pub async fn followup_print(
    State(st): State<AppState>,
    s: SignedIn,
    Query(q): Query<FollowupQuery>,
) -> Result<Response, PageError> {
    let f = q.filter();
    let x = app::children::followup(&st.app, &s.actor, &f, Format::Print, wants_full_nik(&q.nik)).await?;
    let posyandu = filtered_posyandu(&st, &s, f.posyandu_id).await?;
    let lang = s.visitor.lang;
    let ctx = Ctx::new(&s.visitor);
    let lines = followup_lines(&ctx, &x)
        .into_iter()
        .map(|l| {
            let mut weighed: Vec<String> = Vec::new();
            if let Some(d) = l.measured_on {
                weighed.push(d.format("%d/%m/%Y").to_string());
            }
            if let Some(w) = l.weight {
                weighed.push(format!("{} kg", num(lang, w, 1)));
            }
            let mut length: Vec<String> = Vec::new();
            if let Some(h) = l.height {
                length.push(format!("{} cm", num(lang, h, 1)));
            }
            if let Some(z) = l.haz {
                length.push(format!("{} {}", Indicator::Haz.short(), num(lang, z, 2)));
            }
            if let Some(d) = l.height_on.filter(|d| Some(*d) != l.measured_on) {
                length.push(format!("({})", d.format("%d/%m/%Y")));
            }
            PrintLine {
                weighed: weighed.join(" · "),
                length: length.join(" "),
                l,
            }
        })
        .collect();
    // Back to the list as filtered (from the parsed filter, never the raw query).
    let mut params: Vec<String> = Vec::new();
    if let Some(p) = f.posyandu_id {
        params.push(format!("posyandu={p}"));
    }
    if let Some(r) = f.reason {
        params.push(format!("kind={r}"));
    }
    let back = if params.is_empty() {
        "/followup".to_string()
    } else {
        format!("/followup?{}", params.join("&"))
    };
    Ok(render(&FollowupPrint {
        title: ctx.t("export.title_followup").to_string(),
        back,
        subtitle: export_subtitle(&ctx, posyandu.as_ref(), f.reason, x.today, x.full_nik),
        lines,
        full_nik: x.full_nik,
        ctx,
    }))
}

pub(super) async fn register_export(
    st: &AppState,
    s: &SignedIn,
    q: &ChildrenQuery,
    format: Format,
) -> Result<(RegisterFilter, app::children::RegisterExport), PageError> {
    let f = RegisterFilter {
        q: Some(q.q.clone()),
        posyandu_id: q.posyandu.trim().parse().ok(),
    };
    let x = app::children::register(&st.app, &s.actor, &f, format, wants_full_nik(&q.nik)).await?;
    Ok((f, x))
}

pub(super) fn register_lines(ctx: &Ctx, x: &app::children::RegisterExport) -> Vec<ChildLine> {
    x.lines
        .iter()
        .map(|l| child_line(ctx, x.today, &l.child, l.latest.as_ref(), l.latest.as_ref()))
        .collect()
}

/// GET /children.csv: the register of the children the list's filters select.
pub async fn children_csv(
    State(st): State<AppState>,
    s: SignedIn,
    Query(q): Query<ChildrenQuery>,
) -> Result<Response, PageError> {
    let (f, x) = register_export(&st, &s, &q, Format::Csv).await?;
    let ctx = Ctx::new(&s.visitor);
    let label = |c: Column| ctx.tk("export.col", c.key());
    let bytes =
        interop::children::to_csv(&interop::children::REGISTER, &label, &register_lines(&ctx, &x)).map_err(internal)?;
    Ok(private_download(
        "text/csv; charset=utf-8",
        &export_name("register-balita", f.posyandu_id, x.today, "csv"),
        bytes,
    ))
}

/// GET /children.xlsx: the register as a workbook.
pub async fn children_xlsx(
    State(st): State<AppState>,
    s: SignedIn,
    Query(q): Query<ChildrenQuery>,
) -> Result<Response, PageError> {
    let (f, x) = register_export(&st, &s, &q, Format::Xlsx).await?;
    let posyandu = filtered_posyandu(&st, &s, f.posyandu_id).await?;
    let ctx = Ctx::new(&s.visitor);
    let label = |c: Column| ctx.tk("export.col", c.key());
    let bytes = interop::children::to_xlsx(
        ctx.t("export.sheet_register"),
        ctx.t("export.title_register"),
        &export_subtitle(&ctx, posyandu.as_ref(), None, x.today, x.full_nik),
        &interop::children::REGISTER,
        &label,
        &register_lines(&ctx, &x),
    )
    .map_err(internal)?;
    Ok(private_download(
        XLSX,
        &export_name("register-balita", f.posyandu_id, x.today, "xlsx"),
        bytes,
    ))
}
