//! Agreement pages: the register (filters, CSV/XLSX), the form (also opened from a meeting or
//! under a parent), the agreement page with lifecycle, obligations and their actions, linked
//! meetings and documents, the printable one-page summary, the batch with village
//! governments, and the expiry lists.

mod batch;
mod expiry;
mod form;
mod list;
mod show;

pub use batch::*;
pub use expiry::*;
pub use form::*;
pub use list::*;
pub use show::*;

use super::{Errs, Pager, download, render, render_status, split_invalid};
use crate::AppState;
use crate::ctx::{Ctx, SignedIn};
use crate::error::PageError;
use crate::form::action::ActionForm;
use crate::form::agreement::{AgreementForm, BatchForm};
use crate::form::{CsrfForm, CsrfMultipart};
use app::agreement::{AgreementRow, AgreementView, Expiry, Find};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use domain::action::BudgetSource;
use domain::agreement::{AgreementKind, AgreementStatus, ScopeItem};
use domain::org::Sector;
use serde::Deserialize;
use store::meeting::{Meeting, MeetingFilter};
use store::org::Org;

#[cfg(test)]
mod tests {
    use super::*;

    /// Repeated and single values of the batch form's lists both arrive (the form is flat on
    /// purpose: lists inside a flattened struct lose single values).
    #[test]
    fn batch_form_parses_lists_inside_the_flattened_agreement() {
        let many: BatchForm = serde_html_form::from_str(
            "host_org_id=1&kind=pks&title=T&scope=advokasi&scope=pendanaan&village_org_id=3&village_org_id=4&village_pick=4",
        )
        .unwrap_or_default();
        assert_eq!(many.scope, vec!["advokasi", "pendanaan"]);
        assert_eq!(many.village_org_id, vec!["3", "4"]);
        assert_eq!(many.village_pick, vec!["4"]);
        assert_eq!(many.title, "T");
        let one: BatchForm =
            serde_html_form::from_str("host_org_id=1&title=T&scope=advokasi&village_pick=4").unwrap_or_default();
        assert_eq!(one.scope, vec!["advokasi"]);
    }
}
