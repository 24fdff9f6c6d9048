//! Validation errors: which field, and a stable code that the web layer turns into a sentence
//! in the user's language (see `i18n`, the table of texts).

use serde::Serialize;

/// One field that failed validation. `code` is stable (e.g. `nik.length`) and is both the
/// JSON error detail and the key of the translated message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    pub field: String,
    pub code: &'static str,
    /// Names what the message is about when the code alone cannot (e.g. which desa, which
    /// Puskesmas already holds it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

/// A set of field errors; empty means valid.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("invalid input: {}", .0.iter().map(|e| format!("{} ({})", e.field, e.code)).collect::<Vec<_>>().join(", "))]
pub struct Invalid(pub Vec<FieldError>);

impl Invalid {
    pub fn new() -> Self {
        Self::default()
    }
    pub fn one(field: impl Into<String>, code: &'static str) -> Self {
        Self(vec![FieldError {
            field: field.into(),
            code,
            detail: None,
        }])
    }
    pub fn add(&mut self, field: impl Into<String>, code: &'static str) {
        self.0.push(FieldError {
            field: field.into(),
            code,
            detail: None,
        });
    }
    pub fn add_detail(&mut self, field: impl Into<String>, code: &'static str, detail: impl Into<String>) {
        self.0.push(FieldError {
            field: field.into(),
            code,
            detail: Some(detail.into()),
        });
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    /// Records the error of `r` under `field` and returns its value, if any.
    pub fn check<T>(&mut self, field: &str, r: Result<T, &'static str>) -> Option<T> {
        match r {
            Ok(v) => Some(v),
            Err(code) => {
                self.add(field, code);
                None
            }
        }
    }
    /// `Ok(())` when empty, else `Err(self)`.
    pub fn into_result(self) -> Result<(), Invalid> {
        if self.0.is_empty() { Ok(()) } else { Err(self) }
    }
    /// Adds the errors of `other` for fields that have none yet: a form's format errors come
    /// first, and the rules of the typed input then speak only of the fields that parsed. An
    /// error naming a row in its detail (a party of an agreement) counts for that row only.
    pub fn merge(&mut self, other: Invalid) {
        for e in other.0 {
            if !self.0.iter().any(|x| x.field == e.field && x.detail == e.detail) {
                self.0.push(e);
            }
        }
    }
    pub fn code_for(&self, field: &str) -> Option<&'static str> {
        self.0.iter().find(|e| e.field == field).map(|e| e.code)
    }
}

/// Trims and requires a non-empty text of at most `max` characters.
pub fn required_text(s: &str, max: usize) -> Result<String, &'static str> {
    let t = s.trim();
    if t.is_empty() {
        Err("required")
    } else if t.chars().count() > max {
        Err("too_long")
    } else {
        Ok(t.to_string())
    }
}

/// Trims an optional text; empty becomes `None`.
pub fn optional_text(s: &str, max: usize) -> Result<Option<String>, &'static str> {
    let t = s.trim();
    if t.is_empty() {
        Ok(None)
    } else if t.chars().count() > max {
        Err("too_long")
    } else {
        Ok(Some(t.to_string()))
    }
}
