//! Step 2: the column mapping (with the sheet choice for workbooks), the dry run and the import.

use super::*;

// --- step 2: column mapping --------------------------------------------------------------

pub(super) struct MapRow {
    pub(super) key: &'static str,
    pub(super) label: String,
    pub(super) usual: &'static str,
    pub(super) required: bool,
    pub(super) selected: String,
    /// A required field without a column.
    pub(super) missing: bool,
    /// The form field's name (`map.KEY`).
    pub(super) name: String,
}

#[derive(Template)]
#[template(path = "import/mapping.html")]
pub(super) struct MappingPage {
    pub(super) title: String,
    pub(super) ctx: Ctx,
    pub(super) errs: Errs,
    pub(super) token: String,
    pub(super) filename: String,
    pub(super) sheet: String,
    pub(super) sheets: Vec<String>,
    pub(super) rows: usize,
    /// (header, example value) of every column.
    pub(super) columns: Vec<(String, String)>,
    /// Headers a field may be mapped to (non-empty, each once).
    pub(super) headers: Vec<String>,
    pub(super) map: Vec<MapRow>,
    pub(super) missing: usize,
}

pub(super) fn mapping_page(v: &Visitor, token: &str, job: &JobView, status: StatusCode, errs: Errs) -> Response {
    let ctx = Ctx::new(v);
    let p = &job.preview;
    let mut headers: Vec<String> = Vec::new();
    for h in &p.headers {
        if !h.trim().is_empty() && !headers.contains(h) {
            headers.push(h.clone());
        }
    }
    let chosen: Vec<(String, String)> = match &job.choices {
        Some(c) => c.clone(),
        None => {
            let auto = Mapping::auto(&p.headers);
            Field::ALL
                .iter()
                .map(|f| {
                    let h = auto
                        .column(*f)
                        .and_then(|i| p.headers.get(i).cloned())
                        .unwrap_or_default();
                    (f.key().to_string(), h)
                })
                .collect()
        }
    };
    let map: Vec<MapRow> = Field::ALL
        .iter()
        .map(|f| {
            let selected = chosen
                .iter()
                .find(|(k, _)| k == f.key())
                .map(|(_, h)| h.clone())
                .unwrap_or_default();
            let required = Field::REQUIRED.contains(f);
            MapRow {
                key: f.key(),
                label: field_label(ctx.lang, *f),
                usual: usual_headers(*f),
                required,
                missing: required && selected.is_empty(),
                selected,
                name: format!("map.{}", f.key()),
            }
        })
        .collect();
    let missing = map.iter().filter(|m| m.missing).count();
    render_status(
        status,
        &MappingPage {
            title: ctx.t("import.mapping_title").into(),
            errs,
            token: token.to_string(),
            filename: job.filename.clone(),
            sheet: p.sheet.clone().unwrap_or_default(),
            sheets: p.sheets.clone(),
            rows: p.rows,
            columns: p.headers.iter().cloned().zip(p.sample.iter().cloned()).collect(),
            headers,
            map,
            missing,
            ctx,
        },
    )
}

#[derive(Template)]
#[template(path = "import/gone.html")]
pub(super) struct GonePage {
    pub(super) title: String,
    pub(super) ctx: Ctx,
}

/// The page for a token that is unknown, expired, or someone else's.
pub(super) fn gone(v: &Visitor) -> Response {
    let ctx = Ctx::new(v);
    render_status(
        StatusCode::NOT_FOUND,
        &GonePage {
            title: ctx.t("import.gone_title").into(),
            ctx,
        },
    )
}

/// GET /import/{token}/mapping
pub async fn mapping(
    State(st): State<AppState>,
    s: SignedIn,
    Path(token): Path<String>,
) -> Result<Response, PageError> {
    allowed(&s.actor)?;
    let Some(job) = st.imports.view(&token, &owner(&s)) else {
        return Ok(gone(&s.visitor));
    };
    Ok(mapping_page(&s.visitor, &token, &job, StatusCode::OK, Errs::none()))
}

#[derive(Deserialize)]
pub struct SheetForm {
    #[serde(default)]
    sheet: String,
}

/// POST /import/{token}/sheet: reads another sheet of the workbook.
pub async fn choose_sheet(
    State(st): State<AppState>,
    s: SignedIn,
    Path(token): Path<String>,
    CsrfForm(f): CsrfForm<SheetForm>,
) -> Result<Response, PageError> {
    allowed(&s.actor)?;
    let who = owner(&s);
    let Some(bytes) = st.imports.with(&token, &who, |j| j.bytes.clone()) else {
        return Ok(gone(&s.visitor));
    };
    let read = preview(&st.imports, bytes, Some(f.sheet.trim().to_string())).await;
    let changed = st.imports.with(&token, &who, |j| match read {
        Ok(p) if !j.running() => {
            j.preview = p;
            j.choices = None;
            j.run = None;
            Ok(())
        }
        Ok(_) => Ok(()),
        Err(inv) => Err(inv),
    });
    Ok(after_mapping(
        &st,
        &s,
        &token,
        &who,
        changed,
        &format!("/import/{token}/mapping"),
    ))
}

/// POST /import/{token}/check: the chosen columns, then the dry run in the background.
pub async fn check(
    State(st): State<AppState>,
    s: SignedIn,
    Path(token): Path<String>,
    CsrfForm(form): CsrfForm<HashMap<String, String>>,
) -> Result<Response, PageError> {
    allowed(&s.actor)?;
    let who = owner(&s);
    let actor = s.actor.clone();
    let outcome = st.imports.with(&token, &who, |j| {
        let choices: Vec<(String, String)> = Field::ALL
            .iter()
            .map(|f| {
                let h = form
                    .get(&format!("map.{}", f.key()))
                    .map(|h| h.trim().to_string())
                    .unwrap_or_default();
                (f.key().to_string(), h)
            })
            .collect();
        let mut inv = Invalid::new();
        for (i, (f, (key, h))) in Field::ALL.iter().zip(&choices).enumerate() {
            if h.is_empty() {
                if Field::REQUIRED.contains(f) {
                    inv.add(format!("map.{key}"), "import.column_required");
                }
            } else if !j.preview.headers.iter().any(|x| x.trim() == h) {
                inv.add_detail(format!("map.{key}"), "import.mapping_unknown", h.clone());
            } else if let Some((first, _)) = choices[..i].iter().find(|(_, x)| x == h) {
                // One column read as two fields is a slip of the hand.
                let other = Field::parse(first)
                    .map(|f| field_label(s.visitor.lang, f))
                    .unwrap_or_default();
                inv.add_detail(format!("map.{key}"), "import.column_twice", other);
            }
        }
        j.choices = Some(choices.clone());
        if !inv.is_empty() {
            return Err(inv);
        }
        let opts = Options {
            sheet: j.preview.sheet.clone(),
            mapping: choices,
            dry_run: true,
            ..Default::default()
        };
        start(&st.app, &st.imports, &token, j, actor, Kind::Check, opts);
        Ok(())
    });
    Ok(after_mapping(
        &st,
        &s,
        &token,
        &who,
        outcome,
        &format!("/import/{token}"),
    ))
}

/// Where a mapping step leads: on to `next`, back to the mapping with its problems (422), or
/// to "file no longer here" when the token has expired meanwhile.
pub(super) fn after_mapping(
    st: &AppState,
    s: &SignedIn,
    token: &str,
    who: &Owner,
    outcome: Option<Result<(), Invalid>>,
    next: &str,
) -> Response {
    match outcome {
        None => gone(&s.visitor),
        Some(Ok(())) => Redirect::to(next).into_response(),
        Some(Err(inv)) => match st.imports.view(token, who) {
            None => gone(&s.visitor),
            Some(job) => mapping_page(
                &s.visitor,
                token,
                &job,
                StatusCode::UNPROCESSABLE_ENTITY,
                Errs::new(s.visitor.lang, inv),
            ),
        },
    }
}

/// POST /import/{token}/run: stores the file exactly as its clean dry run checked it. A second
/// press (or a run without a clean dry run) starts nothing.
pub async fn run(
    State(st): State<AppState>,
    s: SignedIn,
    Path(token): Path<String>,
    CsrfForm(_): CsrfForm<HashMap<String, String>>,
) -> Result<Response, PageError> {
    allowed(&s.actor)?;
    let actor = s.actor.clone();
    let found = st.imports.with(&token, &owner(&s), |j| {
        let cleared = match &j.run {
            Some(Run {
                kind: Kind::Check,
                opts,
                outcome: Some(o),
                ..
            }) => match o.as_ref() {
                Outcome::Done(r) if r.errors.is_empty() => Some(opts.clone()),
                _ => None,
            },
            _ => None,
        };
        if let Some(opts) = cleared {
            let opts = Options { dry_run: false, ..opts };
            start(&st.app, &st.imports, &token, j, actor, Kind::Import, opts);
        }
    });
    match found {
        None => Ok(gone(&s.visitor)),
        Some(()) => Ok(Redirect::to(&format!("/import/{token}")).into_response()),
    }
}
