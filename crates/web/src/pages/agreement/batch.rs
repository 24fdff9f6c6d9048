//! The batch: one agreement with many village governments.

use super::*;

// --- batch ---------------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "agreements/batch.html")]
pub(super) struct BatchPage {
    pub(super) title: String,
    pub(super) ctx: Ctx,
    pub(super) form: BatchForm,
    pub(super) hosts: Vec<Org>,
    pub(super) villages: Vec<Org>,
    pub(super) errs: Errs,
    pub(super) kinds: &'static [AgreementKind],
    pub(super) scopes: &'static [ScopeItem],
}

impl BatchPage {
    /// What was typed in a village's row (kept when the form comes back with errors).
    fn village_cell(&self, list: &[String], org_id: &i64) -> String {
        let id = org_id.to_string();
        self.form
            .village_org_id
            .iter()
            .position(|v| v.trim() == id)
            .and_then(|i| list.get(i).cloned())
            .unwrap_or_default()
    }
}

#[derive(Deserialize, Default)]
pub struct BatchQuery {
    #[serde(default)]
    host_org_id: String,
}

pub(super) async fn batch_page(
    st: &AppState,
    s: &SignedIn,
    mut form: BatchForm,
    errs: Errs,
) -> Result<Response, PageError> {
    let mut hosts = crate::pages::meeting::writable_orgs(st, s).await?;
    hosts.retain(|o| {
        !matches!(
            o.kind,
            domain::org::OrgKind::VillageGovernment | domain::org::OrgKind::Posyandu
        )
    });
    if form.host_org_id.is_empty() {
        form.host_org_id = s
            .actor
            .org_id
            .filter(|o| hosts.iter().any(|h| h.id == *o))
            .or(hosts
                .iter()
                .find(|h| h.kind == domain::org::OrgKind::Puskesmas)
                .map(|h| h.id))
            .map(|o| o.to_string())
            .unwrap_or_default();
    }
    let villages = match form.host_org_id.parse::<i64>() {
        Ok(h) => app::agreement::batch_villages(&st.app, &s.actor, h)
            .await
            .unwrap_or_default(),
        Err(_) => Vec::new(),
    };
    let ctx = Ctx::new(&s.visitor);
    Ok(render_status(
        errs.status(),
        &BatchPage {
            title: ctx.t("agreements.batch").into(),
            ctx,
            form,
            hosts,
            villages,
            errs,
            kinds: AgreementKind::ALL,
            scopes: ScopeItem::ALL,
        },
    ))
}

pub async fn batch_new(
    State(st): State<AppState>,
    s: SignedIn,
    Query(q): Query<BatchQuery>,
) -> Result<Response, PageError> {
    let form = BatchForm {
        host_org_id: q.host_org_id,
        kind: "pks".into(),
        mode: "per_village".into(),
        host_signatory_position: "Kepala Puskesmas".into(),
        ..Default::default()
    };
    batch_page(&st, &s, form, Errs::none()).await
}

pub async fn batch_create(
    State(st): State<AppState>,
    s: SignedIn,
    CsrfForm(form): CsrfForm<BatchForm>,
) -> Result<Response, PageError> {
    let created = match form.input() {
        Ok(input) => app::agreement::batch(&st.app, &s.actor, &input).await,
        Err(inv) => Err(inv.into()),
    };
    match created {
        Ok(ids) if ids.len() == 1 => Ok(Redirect::to(&format!("/agreements/{}", ids[0])).into_response()),
        Ok(_) => {
            let host = form.host_org_id.trim();
            Ok(Redirect::to(&format!("/agreements?party={host}")).into_response())
        }
        Err(e) => batch_page(&st, &s, form, Errs::new(s.visitor.lang, split_invalid(e)?)).await,
    }
}
