//! Form posts: [`CsrfForm`] reads an `application/x-www-form-urlencoded` body (repeated keys
//! become lists), checks its `_csrf` field against the visitor's binding, then deserialises.

use crate::AppState;
use crate::ctx::Visitor;
use crate::error::PageError;
use axum::extract::{FromRequest, Request};
use axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;

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
