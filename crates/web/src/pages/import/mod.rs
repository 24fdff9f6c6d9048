//! The e-PPGBM import on the web, in steps: upload a CSV or XLSX file, map its columns (the
//! automatic mapping prefilled, a sheet choice for workbooks), a dry run that reports every
//! problem row by row (also as CSV), and — only after a clean dry run — the import itself.
//!
//! The uploaded file is kept in memory ([`Jobs`] of `app::import_jobs`, in the web state) under a random token tied
//! to the account and its session, for an hour after its last use, with a size limit per
//! file, a few files per account and a bound on the whole store. Checking and storing run in
//! the background; the page shows their progress and refreshes itself (with JavaScript,
//! `/static/import.js` updates it from the JSON status instead). The checks, the scoping of
//! rows to the Posyandu the account may write, the all-or-nothing store and the audit row are
//! `app::import`.

mod mapping;
mod result;
mod upload;

pub use mapping::*;
pub use result::*;
pub use upload::*;

use super::{Errs, render, render_status};
use crate::AppState;
use crate::ctx::{Ctx, SignedIn, Visitor};
use crate::error::PageError;
use crate::form::CsrfForm;
use crate::i18n::{Lang, text};
use app::AppError;
use app::import::{Options, Report};
use app::import_jobs::{JobView, Kind, Outcome, Owner, Phase, Run, preview, start};
use askama::Template;
use axum::Json;
use axum::extract::{FromRequest, Multipart, Path, Request, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use domain::Invalid;
use domain::access::Actor;
use interop::eppgbm::{Field, Mapping};
use serde::Deserialize;
use std::collections::HashMap;
use std::sync::Arc;

/// Largest file accepted (an e-PPGBM export of about 100,000 rows fits).
pub const MAX_FILE_BYTES: usize = app::files::MAX_IMPORT_BYTES;
/// Problems listed on the page (all of them are in the CSV).
const SHOWN_ERRORS: usize = 200;

/// Whether the account records measurements (and so may import them): the rows it may store
/// are still limited to its area by the use case.
pub fn may_import(actor: &Actor) -> bool {
    domain::access::works_with_children(actor)
}

fn allowed(actor: &Actor) -> Result<(), PageError> {
    if may_import(actor) {
        Ok(())
    } else {
        Err(AppError::Forbidden.into())
    }
}

/// Header spellings the file may use for a field, as people write them (the reader also
/// accepts other spellings; see `interop::eppgbm`).
fn usual_headers(f: Field) -> &'static str {
    match f {
        Field::Nik => "NIK, NIK Anak",
        Field::Name => "Nama, Nama Anak, Nama Balita",
        Field::Sex => "JK, Jenis Kelamin, L/P",
        Field::BirthDate => "Tgl Lahir, Tanggal Lahir",
        Field::BirthWeight => "BB Lahir, Berat Lahir",
        Field::BirthLength => "PB Lahir, Panjang Lahir",
        Field::MotherName => "Nama Ibu, Nama Ortu",
        Field::MotherNik => "NIK Ibu",
        Field::KkNumber => "No KK, Nomor KK",
        Field::Desa => "Desa, Kelurahan, Desa/Kel",
        Field::Posyandu => "Posyandu, Nama Posyandu",
        Field::Rt => "RT",
        Field::Rw => "RW",
        Field::Address => "Alamat",
        Field::MeasuredOn => "Tgl Ukur, Tanggal Pengukuran, Tgl Penimbangan",
        Field::Weight => "BB, Berat, Berat Badan",
        Field::Height => "TB, PB, TB/PB, Tinggi Badan",
        Field::Position => "Cara Ukur, Posisi",
        Field::Oedema => "Edema",
        Field::Muac => "LiLA",
        Field::Head => "Lingkar Kepala, LK",
        Field::HasKia => "Buku KIA, KMS",
    }
}

fn field_label(lang: Lang, f: Field) -> String {
    text(lang, &format!("import.field.{}", f.key())).to_string()
}

// --- the kept files ----------------------------------------------------------------------
/// The owner of the files this visitor uploads: its account and session.
fn owner(s: &SignedIn) -> Owner {
    Owner {
        user_id: s.actor.user_id,
        session: app::auth::sha256_hex(&s.visitor.binding),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The header spellings the upload page names are the ones the reader recognises.
    #[test]
    fn usual_headers_are_recognised() {
        for f in Field::ALL {
            for h in usual_headers(f).split(", ") {
                let headers = vec![h.to_string()];
                assert_eq!(Mapping::auto(&headers).column(f), Some(0), "{h} for {}", f.key());
            }
        }
    }

    #[test]
    fn every_field_has_a_label() {
        for f in Field::ALL {
            assert!(crate::i18n::has(&format!("import.field.{}", f.key())), "{}", f.key());
        }
        for p in [Phase::Read, Phase::Check, Phase::Store] {
            assert!(crate::i18n::has(&format!("import.phase.{}", p.as_str())));
        }
    }

    /// The progress page refreshes itself without JavaScript and carries what the script needs.
    #[test]
    fn the_progress_page_refreshes_itself() {
        let ctx = Ctx {
            lang: Lang::Id,
            actor: None,
            csrf: String::new(),
            path: "/import/t0k3n".into(),
            flash: None,
            unread: None,
        };
        let page = ProgressPage {
            title: ctx.t("import.checking_title").into(),
            token: "t0k3n".into(),
            filename: "februari.csv".into(),
            phase: phase_label(Lang::Id, Phase::Check),
            done: 2000,
            total: 5000,
            percent: 40,
            count: count_text(Lang::Id, 2000, 5000),
            ctx,
        }
        .render()
        .unwrap_or_default();
        let head = page.split("</head>").next().unwrap_or("");
        assert!(
            head.contains("<noscript><meta http-equiv=\"refresh\" content=\"1\"></noscript>"),
            "{head}"
        );
        assert!(head.contains("<script src=\"/static/import.js\" defer></script>"));
        assert!(
            page.contains(
                "<progress id=\"import-progress\" class=\"import-progress\" max=\"5000\" value=\"2000\">40%</progress>"
            ),
            "{page}"
        );
        assert!(page.contains("data-status=\"/import/t0k3n/status\" data-page=\"/import/t0k3n\""));
        assert!(page.contains("2000 dari 5000 baris"));
    }
}
