//! What a use case can answer besides success. The web layer maps each to a status and a
//! stable JSON code, and `Invalid` to messages beside the form fields.

use domain::Invalid;
use store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// Input failed validation; nothing was stored.
    #[error(transparent)]
    Invalid(#[from] Invalid),
    /// Not signed in, or the session or token is unknown or expired.
    #[error("not signed in")]
    Unauthenticated,
    /// Signed in, but not allowed.
    #[error("forbidden")]
    Forbidden,
    #[error("not found")]
    NotFound,
    /// Too many failed logins from this address or for this username.
    #[error("too many attempts; retry in {0} s")]
    RateLimited(u64),
    #[error("internal error: {0}")]
    Internal(String),
}

impl From<domain::access::Denied> for AppError {
    fn from(_: domain::access::Denied) -> Self {
        AppError::Forbidden
    }
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound => AppError::NotFound,
            StoreError::Conflict(what) => {
                let (field, code) = match what {
                    "organizations.code" => ("code", "org_code.taken"),
                    "org_identifiers.value" => ("identifiers_text", "identifier.taken"),
                    "org_identifiers.system" => ("identifiers_text", "identifier.duplicate_system"),
                    "wilayah_kerja.desa_code" => ("desa", "wilayah_kerja.taken"),
                    "people.nik" => ("nik", "nik.taken"),
                    "users.username" => ("username", "username.taken"),
                    "foreign_key" => ("_", "reference.missing"),
                    _ => ("_", "conflict"),
                };
                AppError::Invalid(Invalid::one(field, code))
            }
            other => AppError::Internal(other.to_string()),
        }
    }
}
