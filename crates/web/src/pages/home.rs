//! The home page and `/healthz`.

use crate::AppState;
use crate::ctx::{Ctx, SignedIn};
use crate::error::PageError;
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    title: String,
    ctx: Ctx,
    org_name: Option<String>,
    sectors: Vec<(String, i64)>,
    max_sector: i64,
    counts: [i64; 4],
    edition: Option<String>,
    upcoming: Vec<store::meeting::Meeting>,
    open_commitments: usize,
    overdue_commitments: usize,
    /// Agreements of the account's organisation ending within 90 days / expired unrenewed.
    agreements: app::agreement::Expiry,
    agreements_org: Option<i64>,
}

pub async fn show(State(st): State<AppState>, s: SignedIn) -> Result<Response, PageError> {
    // A kader's home is the day of its Posyandu (the list it works from); should that page
    // fail (the Posyandu gone), the general home page still opens.
    if let domain::access::Home::Posyandu(id) = domain::access::home(&s.actor)
        && let Ok(page) = super::day::home(&st, &s, id).await
    {
        return Ok(page);
    }
    let sectors = app::org::counts_by_sector(&st.app, &s.actor).await?;
    let max_sector = sectors.iter().map(|x| x.1).max().unwrap_or(1).max(1);
    let org_name = match s.actor.org_id {
        Some(id) => app::org::get(&st.app, &s.actor, id).await.ok().map(|v| v.org.name),
        None => None,
    };
    let counts = app::region::counts(&st.app.store).await?;
    let edition = app::region::edition(&st.app.store).await?.map(|e| e.decree);
    let today = st.app.clock().today_for(&s.actor);
    let upcoming = app::meeting::upcoming(&st.app, &s.actor, today, 5).await?;
    let commitments = if s.actor.org_id.is_some() {
        app::action::commitments(&st.app, &s.actor).await?
    } else {
        Vec::new()
    };
    let open_commitments = commitments.len();
    let overdue_commitments = commitments.iter().filter(|c| c.overdue).count();
    let agreements = app::agreement::warnings(&st.app, &s.actor).await?;
    let ctx = Ctx::new(&s.visitor);
    Ok(super::render(&HomePage {
        agreements,
        agreements_org: s.actor.org_id,
        upcoming,
        open_commitments,
        overdue_commitments,
        title: ctx.t("home.title").into(),
        ctx,
        org_name,
        sectors,
        max_sector,
        counts,
        edition,
    }))
}

/// 200 when the database answers, 503 otherwise.
pub async fn healthz(State(st): State<AppState>) -> Response {
    match st.app.store.ping().await {
        Ok(()) => (StatusCode::OK, "ok").into_response(),
        // The cause goes to the log; the answer (public) says nothing about the database.
        Err(e) => {
            tracing::error!(error = %e, "health check: database unavailable");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable").into_response()
        }
    }
}
