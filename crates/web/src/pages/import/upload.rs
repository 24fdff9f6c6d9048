//! Step 1: the upload of a CSV or XLSX file.

use super::*;

// --- step 1: upload ----------------------------------------------------------------------

pub(super) struct FieldInfo {
    pub(super) label: String,
    pub(super) usual: &'static str,
    pub(super) required: bool,
}

#[derive(Template)]
#[template(path = "import/upload.html")]
pub(super) struct UploadPage {
    pub(super) title: String,
    pub(super) ctx: Ctx,
    pub(super) errs: Errs,
    pub(super) sheet: String,
    pub(super) fields: Vec<FieldInfo>,
    pub(super) max_mb: usize,
}

pub(super) fn upload_page(v: &Visitor, status: StatusCode, errs: Errs, sheet: String) -> Response {
    let ctx = Ctx::new(v);
    let fields = Field::ALL
        .iter()
        .map(|f| FieldInfo {
            label: field_label(ctx.lang, *f),
            usual: usual_headers(*f),
            required: Field::REQUIRED.contains(f),
        })
        .collect();
    render_status(
        status,
        &UploadPage {
            title: ctx.t("import.title").into(),
            errs,
            sheet,
            fields,
            max_mb: MAX_FILE_BYTES / (1024 * 1024),
            ctx,
        },
    )
}

/// GET /import: the upload form and what the file should hold.
pub async fn new(s: SignedIn) -> Result<Response, PageError> {
    allowed(&s.actor)?;
    Ok(upload_page(&s.visitor, StatusCode::OK, Errs::none(), String::new()))
}

/// The upload form's body: its text fields and the file — or only that it was too large.
pub struct UploadForm {
    fields: Vec<(String, String)>,
    file: Option<(String, Vec<u8>)>,
    too_large: bool,
}

impl UploadForm {
    fn get(&self, name: &str) -> &str {
        self.fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .unwrap_or("")
    }
}

impl FromRequest<AppState> for UploadForm {
    type Rejection = Response;
    async fn from_request(req: Request, st: &AppState) -> Result<Self, Self::Rejection> {
        let visitor = req.extensions().get::<Visitor>().cloned();
        let mut mp = Multipart::from_request(req, st)
            .await
            .map_err(IntoResponse::into_response)?;
        let mut out = UploadForm {
            fields: Vec::new(),
            file: None,
            too_large: false,
        };
        loop {
            let field = match mp.next_field().await {
                Ok(Some(f)) => f,
                Ok(None) => break,
                Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                    out.too_large = true;
                    break;
                }
                Err(e) => return Err(e.into_response()),
            };
            let name = field.name().unwrap_or("").to_string();
            let filename = field.file_name().map(str::to_string);
            let data = match field.bytes().await {
                Ok(d) => d,
                Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                    out.too_large = true;
                    break;
                }
                Err(e) => return Err(e.into_response()),
            };
            match filename {
                Some(_) if data.len() > MAX_FILE_BYTES => {
                    out.too_large = true;
                    break;
                }
                Some(f) if !data.is_empty() => out.file = Some((f, data.to_vec())),
                Some(_) => {}
                None => out.fields.push((name, String::from_utf8_lossy(&data).into_owned())),
            }
        }
        // A body cut short may lack its token; nothing is kept from it then.
        if !out.too_large {
            let ok = visitor.is_some_and(|v| app::auth::csrf_ok(&st.app, &v.binding, out.get("_csrf")));
            if !ok {
                return Err(PageError::Csrf.into_response());
            }
        }
        Ok(out)
    }
}

/// POST /import: keeps the file and goes to the column mapping.
pub async fn upload(State(st): State<AppState>, s: SignedIn, form: UploadForm) -> Result<Response, PageError> {
    allowed(&s.actor)?;
    let lang = s.visitor.lang;
    let sheet = form.get("sheet").trim().to_string();
    if form.too_large {
        let mut inv = Invalid::new();
        inv.add_detail(
            "file",
            "import.too_large",
            format!("{} MB", MAX_FILE_BYTES / (1024 * 1024)),
        );
        return Ok(upload_page(
            &s.visitor,
            StatusCode::PAYLOAD_TOO_LARGE,
            Errs::new(lang, inv),
            sheet,
        ));
    }
    let Some((filename, bytes)) = form.file else {
        let inv = Invalid::one("file", "import.no_file");
        return Ok(upload_page(
            &s.visitor,
            StatusCode::UNPROCESSABLE_ENTITY,
            Errs::new(lang, inv),
            sheet,
        ));
    };
    let bytes = Arc::new(bytes);
    let p = match preview(
        &st.imports,
        bytes.clone(),
        Some(sheet.clone()).filter(|s| !s.is_empty()),
    )
    .await
    {
        Ok(p) => p,
        Err(inv) => {
            return Ok(upload_page(
                &s.visitor,
                StatusCode::UNPROCESSABLE_ENTITY,
                Errs::new(lang, inv),
                sheet,
            ));
        }
    };
    match st
        .imports
        .insert(owner(&s), app::files::safe_filename_or(&filename, "import"), bytes, p)
    {
        Ok(token) => Ok(Redirect::to(&format!("/import/{token}/mapping")).into_response()),
        Err(code) => Ok(upload_page(
            &s.visitor,
            StatusCode::SERVICE_UNAVAILABLE,
            Errs::new(lang, Invalid::one("file", code)),
            sheet,
        )),
    }
}
