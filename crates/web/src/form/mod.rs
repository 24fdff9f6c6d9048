//! Form posts: [`CsrfForm`] reads an `application/x-www-form-urlencoded` body (repeated keys
//! become lists), checks its `_csrf` field against the visitor's binding, then deserialises.

use crate::AppState;
use crate::ctx::Visitor;
use crate::error::PageError;
use axum::extract::{FromRequest, Request};
use axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;

pub mod action;
pub mod agreement;
pub mod followup;
pub mod indicator;
pub mod meeting;
pub mod nutrition;
pub mod org;
pub mod person;
pub mod plan;
pub mod posyandu;
pub mod problem;
pub mod user;

/// Largest form body accepted (forms carry text only; files come by multipart elsewhere).
pub const MAX_FORM_BYTES: usize = 256 * 1024;

pub struct CsrfForm<T>(pub T);

#[derive(serde::Deserialize)]
struct Token {
    #[serde(default, rename = "_csrf")]
    csrf: String,
}

impl<T: DeserializeOwned + Send> FromRequest<AppState> for CsrfForm<T> {
    type Rejection = Response;
    async fn from_request(req: Request, st: &AppState) -> Result<Self, Self::Rejection> {
        let visitor = req.extensions().get::<Visitor>().cloned();
        let bytes = axum::body::to_bytes(req.into_body(), MAX_FORM_BYTES)
            .await
            .map_err(|_| (axum::http::StatusCode::PAYLOAD_TOO_LARGE, "form too large").into_response())?;
        let token: Token = serde_html_form::from_bytes(&bytes).map_err(|_| PageError::Csrf.into_response())?;
        let ok = visitor.is_some_and(|v| app::auth::csrf_ok(&st.app, &v.binding, &token.csrf));
        if !ok {
            return Err(PageError::Csrf.into_response());
        }
        serde_html_form::from_bytes(&bytes)
            .map(CsrfForm)
            .map_err(|e| (axum::http::StatusCode::BAD_REQUEST, format!("malformed form: {e}")).into_response())
    }
}

/// A `multipart/form-data` post (forms with a file): text fields and at most one file,
/// checked against the CSRF token like [`CsrfForm`]. Bodies above the file limit plus room
/// for the text fields are refused before they are read in full.
pub struct CsrfMultipart {
    pub fields: Vec<(String, String)>,
    pub file: Option<app::files::Upload>,
}

impl CsrfMultipart {
    pub fn get(&self, name: &str) -> &str {
        self.fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .unwrap_or("")
    }
}

impl FromRequest<AppState> for CsrfMultipart {
    type Rejection = Response;
    async fn from_request(req: Request, st: &AppState) -> Result<Self, Self::Rejection> {
        use axum::extract::Multipart;
        let visitor = req.extensions().get::<Visitor>().cloned();
        let too_large = || {
            (
                axum::http::StatusCode::PAYLOAD_TOO_LARGE,
                "upload too large (10 MB at most)",
            )
                .into_response()
        };
        let mut mp = Multipart::from_request(req, st)
            .await
            .map_err(IntoResponse::into_response)?;
        let mut fields = Vec::new();
        let mut file = None;
        let mut total = 0usize;
        while let Some(field) = mp.next_field().await.map_err(|_| too_large())? {
            let name = field.name().unwrap_or("").to_string();
            match field.file_name().map(str::to_string) {
                Some(filename) => {
                    let data = field.bytes().await.map_err(|_| too_large())?;
                    total += data.len();
                    if total > app::files::MAX_FILE_BYTES + MAX_FORM_BYTES {
                        return Err(too_large());
                    }
                    if !filename.is_empty() && !data.is_empty() {
                        file = Some(app::files::Upload {
                            filename,
                            data: data.to_vec(),
                        });
                    }
                }
                None => {
                    let text = field.text().await.map_err(|_| too_large())?;
                    total += text.len();
                    if total > app::files::MAX_FILE_BYTES + MAX_FORM_BYTES {
                        return Err(too_large());
                    }
                    fields.push((name, text));
                }
            }
        }
        let out = CsrfMultipart { fields, file };
        let ok = visitor.is_some_and(|v| app::auth::csrf_ok(&st.app, &v.binding, out.get("_csrf")));
        if !ok {
            return Err(PageError::Csrf.into_response());
        }
        Ok(out)
    }
}

/// Reads the text fields of a posted form into the typed values of a domain input, collecting
/// format errors (not a number, not a date, not one of the choices). A field that does not
/// parse gets a placeholder, so that [`Reader::finish`] can still run the input's own rules
/// on every other field and the visitor sees all mistakes at once.
#[derive(Default)]
pub struct Reader {
    errors: domain::Invalid,
}

impl Reader {
    pub fn new() -> Self {
        Self::default()
    }

    fn take<T>(&mut self, field: &str, r: Result<T, &'static str>, placeholder: T) -> T {
        self.errors.check(field, r).unwrap_or(placeholder)
    }

    /// A required record id (a `<select>`): empty is `required`.
    pub fn id(&mut self, field: &str, s: &str) -> i64 {
        let r = match s.trim() {
            "" => Err("required"),
            t => t.parse().map_err(|_| "number.format"),
        };
        self.take(field, r, 0)
    }

    /// An optional record id: empty is `None`.
    pub fn opt_id(&mut self, field: &str, s: &str) -> Option<i64> {
        let r = match s.trim() {
            "" => Ok(None),
            t => t.parse().map(Some).map_err(|_| "number.format"),
        };
        self.take(field, r, None)
    }

    /// Several ids (checkboxes or a multiple select), empty entries skipped, each once.
    pub fn ids(&mut self, field: &str, list: &[String]) -> Vec<i64> {
        let mut out = Vec::new();
        for s in list.iter().map(|s| s.trim()).filter(|s| !s.is_empty()) {
            match s.parse::<i64>() {
                Ok(id) if !out.contains(&id) => out.push(id),
                Ok(_) => {}
                Err(_) => self.errors.add(field, "number.format"),
            }
        }
        out
    }

    /// An optional date (`<input type=date>`, or `DD/MM/YYYY`).
    pub fn opt_date(&mut self, field: &str, s: &str) -> Option<chrono::NaiveDate> {
        self.take(field, domain::person::parse_date(s), None)
    }

    /// A required date: empty is `required`.
    pub fn date(&mut self, field: &str, s: &str) -> chrono::NaiveDate {
        let r = domain::person::parse_date(s).and_then(|d| d.ok_or("required"));
        self.take(field, r, chrono::NaiveDate::default())
    }

    /// One of a closed set of words (a domain enum's `parse`); empty is `required`.
    pub fn word<E>(&mut self, field: &str, s: &str, parse: fn(&str) -> Result<E, &'static str>, placeholder: E) -> E {
        let r = if s.trim().is_empty() { Err("required") } else { parse(s) };
        self.take(field, r, placeholder)
    }

    /// One of a closed set of words, or nothing when empty.
    pub fn opt_word<E>(&mut self, field: &str, s: &str, parse: fn(&str) -> Result<E, &'static str>) -> Option<E> {
        let r = if s.trim().is_empty() {
            Ok(None)
        } else {
            parse(s).map(Some)
        };
        self.take(field, r, None)
    }

    /// Records an error of the form itself (e.g. two fields that contradict each other).
    pub fn add(&mut self, field: &str, code: &'static str) {
        self.errors.add(field, code);
    }

    /// Records an error of one row of a field (e.g. a party of an agreement), named in `detail`.
    pub fn add_detail(&mut self, field: &str, code: &'static str, detail: String) {
        self.errors.add_detail(field, code, detail);
    }

    /// Runs the input's own rules (`check`) and returns the checked input, or every format
    /// error together with the rule errors of the fields that parsed.
    pub fn finish<T>(
        self,
        input: T,
        check: impl FnOnce(T) -> Result<T, domain::Invalid>,
    ) -> Result<T, domain::Invalid> {
        let mut errors = self.errors;
        match check(input) {
            Ok(input) if errors.is_empty() => Ok(input),
            Ok(_) => Err(errors),
            Err(rules) => {
                errors.merge(rules);
                Err(errors)
            }
        }
    }
}

/// A checkbox: present (any value but `false`/`0`) is `true`.
pub fn checkbox(v: &Option<String>) -> bool {
    v.as_deref().is_some_and(|v| v != "false" && v != "0")
}
