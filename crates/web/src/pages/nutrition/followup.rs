//! The follow-up list.

use super::*;
use crate::pages::Pager;

// --- follow-up list --------------------------------------------------------------------------

#[derive(Deserialize, Default)]
pub struct FollowupQuery {
    #[serde(default)]
    pub(super) posyandu: String,
    #[serde(default)]
    pub(super) kind: String,
    /// `full` asks an export for the NIK in full (honoured for admin and dinkes only).
    #[serde(default)]
    pub(super) nik: String,
    /// The page of the list (50 children each); the exports hold the whole list.
    #[serde(default)]
    pub(super) page: String,
}

impl FollowupQuery {
    pub(super) fn filter(&self) -> FollowupFilter {
        FollowupFilter {
            posyandu_id: self.posyandu.trim().parse().ok(),
            reason: Reason::parse(&self.kind).ok(),
        }
    }
}

#[derive(Template)]
#[template(path = "nutrition/followup.html")]
pub(super) struct FollowupPage {
    pub(super) title: String,
    pub(super) ctx: Ctx,
    pub(super) rows: Vec<(FollowupRow, MRow, String)>,
    pub(super) posyandu: String,
    pub(super) kind: String,
    pub(super) posyandu_list: Vec<Org>,
    pub(super) reasons: &'static [Reason],
    /// How many children the whole list holds.
    pub(super) total: usize,
    pub(super) pager: Pager,
    /// Whether the export form offers the NIK in full.
    pub(super) full_nik_offered: bool,
}

impl FollowupPage {
    pub(super) fn reason_label(&self, r: &Reason) -> String {
        self.ctx.tk("reason", r.as_str())
    }
}

pub async fn followup(
    State(st): State<AppState>,
    s: SignedIn,
    Query(q): Query<FollowupQuery>,
) -> Result<Response, PageError> {
    let page = q.page.trim().parse::<i64>().unwrap_or(1).max(1);
    let window = app::followup::Page {
        offset: usize::try_from(Pager::offset(page)).unwrap_or(0),
        limit: Pager::PER_PAGE as usize,
    };
    let list = app::followup::list(&st.app, &s.actor, &q.filter(), Some(window)).await?;
    // Back to this list, filtered as it is (from the parsed filter, never the raw query).
    let f = q.filter();
    let mut base: Vec<String> = Vec::new();
    if let Some(p) = f.posyandu_id {
        base.push(format!("posyandu={p}"));
    }
    if let Some(r) = f.reason {
        base.push(format!("kind={r}"));
    }
    let pager = Pager::new(page, list.total as i64, base.join("&"));
    let mut posyandu_list = app::nutrition::posyandu_choices(&st.app, &s.actor).await?;
    posyandu_list.sort_by(|a, b| a.name.cmp(&b.name));
    let lang = s.visitor.lang;
    let today = st.app.clock().today_for(&s.actor);
    let ctx = Ctx::new(&s.visitor);
    let rows = list
        .rows
        .into_iter()
        .map(|r| {
            let m = mrow(
                lang,
                &MeasurementRow {
                    m: r.latest.clone(),
                    trend: None,
                    gain_g: None,
                    away_at: None,
                },
            );
            let age = age_label(lang, (today - r.child.birth_date).num_days());
            (r, m, age)
        })
        .collect();
    Ok(render(&FollowupPage {
        title: ctx.t("followup.title").into(),
        rows,
        posyandu: q.posyandu,
        kind: q.kind,
        posyandu_list,
        reasons: Reason::ALL,
        total: list.total,
        pager,
        full_nik_offered: app::children::may_show_full_nik(&s.actor),
        ctx,
    }))
}
