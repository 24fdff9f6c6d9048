//! Uploaded files (meeting documents, action evidence, agreement documents, import
//! workbooks): the size limit, the type recognised from the first bytes, and the safe name.
//! Stored files live in the database (`files`), so a backup holds them too.

use crate::Result;
use domain::Invalid;
use domain::access::Actor;
use sha2::{Digest, Sha256};

/// Largest evidence or meeting document accepted.
pub const MAX_FILE_BYTES: usize = 10 * 1024 * 1024;

/// Largest workbook accepted for an import (e-PPGBM exports of a whole Puskesmas are large).
pub const MAX_IMPORT_BYTES: usize = 25 * 1024 * 1024;

/// An uploaded evidence file.
pub struct Upload {
    pub filename: String,
    pub data: Vec<u8>,
}

/// Recognises the allowed document types by their first bytes (not by the name or the
/// browser's claim): PDF, PNG, JPEG, and Office Open XML / OpenDocument (zip) files.
pub fn sniff(filename: &str, data: &[u8]) -> Option<&'static str> {
    let ext = filename.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
    if data.starts_with(b"%PDF-") {
        Some("application/pdf")
    } else if data.starts_with(&[0x89, b'P', b'N', b'G']) {
        Some("image/png")
    } else if data.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if data.starts_with(b"PK\x03\x04") {
        match ext.as_str() {
            "docx" => Some("application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
            "xlsx" => Some("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
            "pptx" => Some("application/vnd.openxmlformats-officedocument.presentationml.presentation"),
            "odt" => Some("application/vnd.oasis.opendocument.text"),
            "ods" => Some("application/vnd.oasis.opendocument.spreadsheet"),
            _ => None,
        }
    } else {
        None
    }
}

/// Keeps only the last path component and safe characters of an uploaded file's name.
pub fn safe_filename(name: &str) -> String {
    safe_filename_or(name, "berkas")
}

/// [`safe_filename`], with `fallback` when nothing safe is left of the name.
pub fn safe_filename_or(name: &str, fallback: &str) -> String {
    let last = name.rsplit(['/', '\\']).next().unwrap_or("");
    let cleaned: String = last
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '.' | '-' | '_' | ' ') {
                c
            } else {
                '_'
            }
        })
        .collect::<String>()
        .trim_start_matches('.')
        .trim()
        .chars()
        .take(120)
        .collect();
    if cleaned.is_empty() { fallback.into() } else { cleaned }
}

pub(crate) async fn store_file(tx: &mut store::Tx, actor: &Actor, up: &Upload, field: &str) -> Result<i64> {
    if up.data.is_empty() {
        return Err(Invalid::one(field, "file.empty").into());
    }
    if up.data.len() > MAX_FILE_BYTES {
        return Err(Invalid::one(field, "file.too_large").into());
    }
    let name = safe_filename(&up.filename);
    let ct = sniff(&name, &up.data).ok_or_else(|| Invalid::one(field, "file.type"))?;
    let sha = hex::encode(Sha256::digest(&up.data));
    Ok(store::action::insert_file(tx, &name, ct, &sha, &up.data, &actor.username).await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_keep_their_last_component_and_safe_characters() {
        assert_eq!(safe_filename("C:\\data\\Februari 2024.xlsx"), "Februari 2024.xlsx");
        assert_eq!(safe_filename("../../etc/<x>.csv"), "_x_.csv");
        assert_eq!(safe_filename("..hidden.pdf"), "hidden.pdf");
        assert_eq!(safe_filename("///"), "berkas");
        assert_eq!(safe_filename_or("///", "import"), "import");
        assert_eq!(safe_filename(&"a".repeat(300)).len(), 120);
    }

    #[test]
    fn types_come_from_the_first_bytes() {
        assert_eq!(sniff("x.pdf", b"%PDF-1.7"), Some("application/pdf"));
        assert_eq!(sniff("x.pdf", b"MZ\x90"), None);
        assert_eq!(sniff("x.zip", b"PK\x03\x04"), None);
        assert!(sniff("x.xlsx", b"PK\x03\x04").is_some_and(|t| t.contains("spreadsheetml")));
    }
}
