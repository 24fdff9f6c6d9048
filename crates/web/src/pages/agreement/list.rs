//! The register: filters, paging and its CSV/XLSX exports.

use super::*;

// --- register ----------------------------------------------------------------------------

#[derive(Deserialize, Default, Clone)]
pub struct ListQuery {
    #[serde(default)]
    q: String,
    #[serde(default)]
    party: String,
    #[serde(default)]
    sector: String,
    #[serde(default)]
    scope: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    status: String,
    #[serde(default)]
    region: String,
    #[serde(default)]
    year: String,
    #[serde(default)]
    page: Option<i64>,
}

pub(super) fn some(s: &str) -> Option<String> {
    Some(s.trim().to_string()).filter(|s| !s.is_empty())
}

impl ListQuery {
    fn find(&self) -> Find {
        Find {
            party_org_id: self.party.trim().parse().ok(),
            sector: some(&self.sector),
            scope: some(&self.scope),
            kind: some(&self.kind),
            status: some(&self.status),
            region_code: some(&self.region),
            year: self.year.trim().parse().ok(),
            text: some(&self.q),
            page: self.page.unwrap_or(1),
            per_page: Pager::PER_PAGE,
        }
    }
    fn base(&self) -> String {
        crate::pages::query(&[
            ("q", &self.q),
            ("party", &self.party),
            ("sector", &self.sector),
            ("scope", &self.scope),
            ("kind", &self.kind),
            ("status", &self.status),
            ("region", &self.region),
            ("year", &self.year),
        ])
    }
}

#[derive(Template)]
#[template(path = "agreements/index.html")]
pub(super) struct IndexPage {
    pub(super) title: String,
    pub(super) ctx: Ctx,
    pub(super) q: ListQuery,
    pub(super) rows: Vec<AgreementRow>,
    pub(super) total: i64,
    pub(super) pager: Pager,
    pub(super) export_query: String,
    pub(super) orgs: Vec<Org>,
    pub(super) errs: Errs,
    pub(super) kinds: &'static [AgreementKind],
    pub(super) statuses: &'static [AgreementStatus],
    pub(super) scopes: &'static [ScopeItem],
    pub(super) sectors: &'static [Sector],
}

/// Organisations that may be a party: any the account can see, except Posyandu.
pub(super) async fn party_choices(st: &AppState, s: &SignedIn) -> Result<Vec<Org>, PageError> {
    let mut orgs = app::org::choices(&st.app, &s.actor).await?;
    orgs.retain(|o| o.kind != domain::org::OrgKind::Posyandu);
    orgs.sort_by(|a, b| a.sector.as_str().cmp(b.sector.as_str()).then(a.name.cmp(&b.name)));
    Ok(orgs)
}

pub async fn index(State(st): State<AppState>, s: SignedIn, Query(q): Query<ListQuery>) -> Result<Response, PageError> {
    let page = q.page.unwrap_or(1).max(1);
    let (rows, total, errs) = match app::agreement::list(&st.app, &s.actor, &q.find()).await {
        Ok((rows, total)) => (rows, total, Errs::none()),
        Err(e) => (Vec::new(), 0, Errs::new(s.visitor.lang, split_invalid(e)?)),
    };
    let orgs = party_choices(&st, &s).await?;
    let ctx = Ctx::new(&s.visitor);
    let base = q.base();
    Ok(render_status(
        errs.status(),
        &IndexPage {
            title: ctx.t("agreements.title").into(),
            ctx,
            pager: Pager::new(page, total, base.clone()),
            export_query: if base.is_empty() {
                String::new()
            } else {
                format!("?{base}")
            },
            q,
            rows,
            total,
            orgs,
            errs,
            kinds: AgreementKind::ALL,
            statuses: AgreementStatus::ALL,
            scopes: ScopeItem::ALL,
            sectors: domain::org::ORG_SECTORS,
        },
    ))
}

pub(super) fn register_rows(ctx: &Ctx, rows: &[AgreementRow]) -> Vec<interop::agreement::RegisterRow> {
    rows.iter()
        .map(|r| interop::agreement::RegisterRow {
            id: r.agreement.id,
            kind: ctx.tk("akind", r.agreement.kind),
            title: r.agreement.title.clone(),
            parties: r.party_names(),
            sectors: {
                let mut s: Vec<String> = r.parties.iter().map(|p| ctx.tk("sector", p.sector)).collect();
                s.dedup();
                s.join("; ")
            },
            numbers: r
                .parties
                .iter()
                .filter_map(|p| p.doc_number.clone())
                .collect::<Vec<_>>()
                .join("; "),
            scope: r
                .scope
                .iter()
                .map(|s| ctx.tk("scope", s.as_str()))
                .collect::<Vec<_>>()
                .join("; "),
            start_on: r.agreement.start_on,
            end_on: r.agreement.end_on,
            days_left: r.days_left,
            status: ctx.tk("agstatus", r.status.as_str()),
            parent: r.agreement.parent_title.clone().unwrap_or_default(),
            public: r.agreement.is_public,
        })
        .collect()
}

pub async fn export_csv(
    State(st): State<AppState>,
    s: SignedIn,
    Query(q): Query<ListQuery>,
) -> Result<Response, PageError> {
    let rows = app::agreement::export(&st.app, &s.actor, &q.find()).await?;
    let ctx = Ctx::new(&s.visitor);
    let bytes = interop::agreement::to_csv(ctx.lang, &register_rows(&ctx, &rows))
        .map_err(|e| app::AppError::Internal(e.to_string()))?;
    Ok(download("text/csv; charset=utf-8", "register-kerja-sama.csv", bytes))
}

pub async fn export_xlsx(
    State(st): State<AppState>,
    s: SignedIn,
    Query(q): Query<ListQuery>,
) -> Result<Response, PageError> {
    let rows = app::agreement::export(&st.app, &s.actor, &q.find()).await?;
    let ctx = Ctx::new(&s.visitor);
    let bytes = interop::agreement::to_xlsx(ctx.lang, ctx.t("agreements.register"), &register_rows(&ctx, &rows))
        .map_err(|e| app::AppError::Internal(e.to_string()))?;
    Ok(download(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "register-kerja-sama.xlsx",
        bytes,
    ))
}
