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
