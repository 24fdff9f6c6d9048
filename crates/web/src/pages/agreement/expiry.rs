//! The lists of agreements about to expire.

use super::*;

// --- expiry --------------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "agreements/expiring.html")]
pub(super) struct ExpiringPage {
    pub(super) title: String,
    pub(super) ctx: Ctx,
    pub(super) e: Expiry,
    pub(super) org: String,
    pub(super) orgs: Vec<Org>,
    pub(super) days: i64,
}

#[derive(Deserialize, Default)]
pub struct ExpiringQuery {
    #[serde(default)]
    org: String,
}

pub async fn expiring(
    State(st): State<AppState>,
    s: SignedIn,
    Query(q): Query<ExpiringQuery>,
) -> Result<Response, PageError> {
    let e = app::agreement::expiry(&st.app, &s.actor, q.org.trim().parse().ok()).await?;
    let orgs = party_choices(&st, &s).await?;
    let ctx = Ctx::new(&s.visitor);
    Ok(render(&ExpiringPage {
        title: ctx.t("agreements.expiring_title").into(),
        ctx,
        e,
        org: q.org,
        orgs,
        days: app::agreement::EXPIRY_DAYS,
    }))
}
