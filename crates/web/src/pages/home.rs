//! The home page and `/healthz`. Each role's home answers its first question
//! (`domain::access::home_page`): the kader's Posyandu day; the district scorecard in brief
//! for dinkes and viewers; the wilayah kerja for a Puskesmas; commitments, invitations and
//! agreements for a partner; installation health for the administrator. Every tile links to
//! the page behind it and reads its number from the same use case that page calls.

use crate::AppState;
use crate::ctx::{Ctx, SignedIn};
use crate::error::PageError;
use crate::format::{month_label, num, pct};
use crate::i18n::Lang;
use crate::pages::scorecard::{CellView, cell_view};
use app::nutrition::Where;
use app::scorecard::{Query as ScQuery, Scorecard};
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::{Datelike, NaiveDate};
use domain::access::{Home, HomePage as Kind, home, home_page};
use domain::nutrition::{STUNTING_TARGET, Tally};
use store::meeting::Meeting;

/// A figure with its interval, formatted.
pub struct Figure {
    pub month: String,
    pub count: i64,
    pub den: i64,
    pub pct: String,
    pub ci: String,
}

fn figure(lang: Lang, month: NaiveDate, t: &Tally) -> Figure {
    let (pct_s, ci) = match Tally::prevalence(t.stunted, t.haz_n) {
        Some((p, lo, hi)) => (
            format!("{}%", num(lang, p, 1)),
            format!("{}–{}%", num(lang, lo, 1), num(lang, hi, 1)),
        ),
        None => ("—".into(), String::new()),
    };
    Figure {
        month: month_label(lang, month),
        count: t.stunted,
        den: t.haz_n,
        pct: pct_s,
        ci,
    }
}

/// One line of a tile's list: a name, where it leads, and a scorecard cell.
pub struct Line {
    pub name: String,
    pub link: String,
    pub cell: CellView,
}

/// The scorecard in brief: ranked stunting, Lokmin against the schedule, Jelek desa.
pub struct Brief {
    pub link: String,
    pub ranked: Vec<Line>,
    pub lokmin: Vec<Line>,
    pub lokmin_met: usize,
    pub jelek: Vec<Line>,
    pub jelek_total: String,
}

fn brief(lang: Lang, sc: &Scorecard, link: String) -> Brief {
    let lines = |key: &str, keep: &dyn Fn(&app::scorecard::Cell) -> bool| -> Vec<Line> {
        let Some(i) = sc.columns.iter().position(|c| c.key == key) else {
            return Vec::new();
        };
        sc.rows
            .iter()
            .filter(|r| keep(&r.cells[i]))
            .map(|r| Line {
                name: r.name.clone(),
                link: r.link.clone().unwrap_or_default(),
                cell: cell_view(lang, &r.key, &sc.columns[i], &r.cells[i]),
            })
            .collect()
    };
    let ranked = lines("stunting", &|c| c.value.is_some());
    let lokmin = lines("lokmin", &|c| c.value.is_some());
    let lokmin_met = sc
        .columns
        .iter()
        .position(|c| c.key == "lokmin")
        .map(|i| {
            sc.rows
                .iter()
                .filter(|r| r.cells[i].status == domain::scorecard::Status::Met)
                .count()
        })
        .unwrap_or(0);
    let jelek = lines("jelek", &|c| c.value.is_some_and(|v| v > 0.0));
    let jelek_total = sc
        .total
        .cell(&sc.columns, "jelek")
        .and_then(|c| c.value)
        .map(|v| num(lang, v, 0))
        .unwrap_or_default();
    Brief {
        link,
        ranked,
        lokmin,
        lokmin_met,
        jelek,
        jelek_total,
    }
}

pub struct DistrictTiles {
    pub stunting_link: String,
    pub now: Figure,
    pub before: Option<Figure>,
    pub target: String,
    pub brief: Option<Brief>,
    /// (sector, overdue actions) and their sum, as /overdue counts them.
    pub overdue: Vec<(String, usize)>,
    pub overdue_total: usize,
    pub shortages: usize,
    pub shortages_open: usize,
    pub expiring: usize,
    pub expired: usize,
    /// SPM services: (code, name, capaian, target to date) and the year and month.
    pub spm: Vec<(String, String, String, String)>,
    pub spm_link: String,
    pub spm_label: String,
}

pub struct PuskesmasTiles {
    pub id: i64,
    pub next_lokmin: Option<Meeting>,
    pub agenda: Vec<String>,
    pub overdue_total: usize,
    /// Open actions of every sector in the wilayah kerja due this month (/due), and the link.
    pub due_area: usize,
    pub due_link: String,
    /// The Puskesmas's own (its commitments): due this month and overdue.
    pub due_this_month: usize,
    pub own_overdue: usize,
    pub followup: usize,
    pub unreported: Vec<store::org::Org>,
    pub month_label: String,
    pub brief: Option<Brief>,
}

pub struct PartnerTiles {
    pub commitments: Vec<app::action::ActionView>,
    pub open: usize,
    pub overdue: usize,
    /// Upcoming meetings it is invited to, with its answer (`yes`, `no`, `maybe` or empty).
    pub invitations: Vec<(Meeting, String)>,
    pub agreements: Vec<app::agreement::AgreementRow>,
    pub agreements_total: i64,
    pub org_id: i64,
}

pub struct AdminTiles {
    pub h: app::audit::Health,
    pub size: String,
    pub since: String,
}

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    title: String,
    ctx: Ctx,
    org_name: Option<String>,
    upcoming: Vec<Meeting>,
    /// Agreements of the account's organisation ending within 90 days / expired unrenewed.
    agreements: app::agreement::Expiry,
    agreements_org: Option<i64>,
    district: Option<DistrictTiles>,
    puskesmas: Option<PuskesmasTiles>,
    partner: Option<PartnerTiles>,
    admin: Option<AdminTiles>,
}

/// The tiles of one role's home (only that role's are filled).
#[derive(Default)]
struct Tiles {
    upcoming: Vec<Meeting>,
    district: Option<DistrictTiles>,
    puskesmas: Option<PuskesmasTiles>,
    partner: Option<PartnerTiles>,
    admin: Option<AdminTiles>,
}

async fn district_tiles(st: &AppState, s: &SignedIn, lang: Lang) -> Result<DistrictTiles, PageError> {
    let a = &s.actor;
    let code = match home(a) {
        Home::Region(c) => app::coverage::district_of(c.as_str()),
        _ => app::demo::district::DISTRICT.to_string(),
    };
    let place = Where::Region(code.clone());
    // The nutrition report as it opens: the last bulan penimbangan and the one before it.
    let today = st.app.clock().today_for(a);
    let (month, compare) = app::nutrition::default_months(&st.app, &place)
        .await?
        .unwrap_or((domain::nutrition::month_of(today), None));
    // The tiles read independently of each other: each in its own read transaction, at once
    // (on SQLite each connection reads on its own thread; on PostgreSQL the round trips overlap).
    let sc_query = ScQuery {
        month: Some(month),
        ..ScQuery::default()
    };
    let (totals, sc, groups, shortages, expiry, spm) = tokio::join!(
        app::nutrition::totals(&st.app, &place, month, compare),
        app::scorecard::scorecard(&st.app, a, &sc_query),
        app::action::overdue_by_sector(&st.app, a),
        app::problem::shortages(&st.app, a, None, None),
        app::agreement::expiry(&st.app, a, None),
        app::coverage::spm(&st.app, a, month.year(), month.month(), None),
    );
    let (total, compare) = totals?;
    let brief = sc
        .ok()
        .map(|sc| brief(lang, &sc, format!("/scorecard?month={}", month.format("%Y-%m"))));
    let groups = groups?;
    let overdue: Vec<(String, usize)> = groups
        .iter()
        .map(|g| (g.sector.as_str().to_string(), g.orgs.iter().map(|o| o.1.len()).sum()))
        .collect();
    let shortages = shortages?;
    let expiry = expiry?;
    let spm = spm?;
    Ok(DistrictTiles {
        stunting_link: format!("/nutrition?region={code}&month={}", month.format("%Y-%m")),
        now: figure(lang, domain::nutrition::month_of(month), &total),
        before: compare.map(|(m, t)| figure(lang, m, &t)),
        target: pct(lang, Some(STUNTING_TARGET)),
        brief,
        overdue_total: overdue.iter().map(|x| x.1).sum(),
        overdue,
        shortages_open: shortages
            .iter()
            .filter(|x| x.actions == 0 || x.open_actions > 0)
            .count(),
        shortages: shortages.len(),
        expiring: expiry.expiring.len(),
        expired: expiry.expired.len(),
        spm: spm
            .lines
            .iter()
            .map(|l| {
                (
                    l.indicator.code.clone(),
                    if lang == Lang::Id {
                        l.indicator.name_id.clone()
                    } else {
                        l.indicator.name_en.clone()
                    },
                    pct(lang, l.capaian),
                    pct(lang, l.target_to_date),
                )
            })
            .collect(),
        spm_link: format!("/coverage/spm?year={}&through={}", spm.year, spm.through),
        spm_label: month_label(lang, month),
    })
}

async fn puskesmas_tiles(st: &AppState, s: &SignedIn, lang: Lang, id: i64) -> Result<PuskesmasTiles, PageError> {
    let a = &s.actor;
    let today = st.app.clock().today_for(a);
    let this_month = domain::nutrition::month_of(today);
    // The next Lokmin and its agenda, then the other tiles, read at once (see district_tiles).
    let lokmin = async {
        let upcoming = app::meeting::upcoming(&st.app, a, today, 50).await?;
        let next_lokmin = upcoming.into_iter().find(|m| {
            m.host_org_id == id
                && matches!(
                    m.kind,
                    domain::meeting::ForumKind::LokminBulanan | domain::meeting::ForumKind::LokminTribulanan
                )
        });
        let agenda: Vec<String> = match &next_lokmin {
            Some(m) => app::meeting::agenda(&st.app, a, m.id)
                .await
                .map(|items| items.into_iter().map(|i| i.title).collect())
                .unwrap_or_default(),
            None => Vec::new(),
        };
        Ok::<_, app::AppError>((next_lokmin, agenda))
    };
    let followup_filter = app::followup::FollowupFilter::default();
    let sc_query = ScQuery::default();
    let (lokmin, groups, due, commitments, followup, unreported, sc) = tokio::join!(
        lokmin,
        app::action::overdue_by_sector(&st.app, a),
        app::action::due_by_sector(&st.app, a, Some(this_month)),
        app::action::commitments(&st.app, a),
        app::followup::count(&st.app, a, &followup_filter),
        app::nutrition::unreported(&st.app, a, id, this_month),
        app::scorecard::scorecard(&st.app, a, &sc_query),
    );
    let (next_lokmin, agenda) = lokmin?;
    let overdue_total = groups?.iter().flat_map(|g| g.orgs.iter()).map(|o| o.1.len()).sum();
    let due_area = due?.1.iter().flat_map(|g| g.orgs.iter()).map(|o| o.1.len()).sum();
    let commitments = commitments?;
    let due_this_month = commitments
        .iter()
        .filter(|c| {
            c.action
                .due_on
                .is_some_and(|d| domain::nutrition::month_of(d) == this_month)
        })
        .count();
    let own_overdue = commitments.iter().filter(|c| c.overdue).count();
    let followup = followup?;
    let unreported = unreported?;
    let brief = sc.ok().map(|sc| {
        let link = format!("/scorecard?month={}", sc.month.format("%Y-%m"));
        brief(lang, &sc, link)
    });
    Ok(PuskesmasTiles {
        id,
        next_lokmin,
        agenda,
        overdue_total,
        due_area,
        due_link: format!("/due?month={}", this_month.format("%Y-%m")),
        due_this_month,
        own_overdue,
        followup,
        unreported,
        month_label: month_label(lang, this_month),
        brief,
    })
}

async fn partner_tiles(st: &AppState, s: &SignedIn) -> Result<Option<PartnerTiles>, PageError> {
    let a = &s.actor;
    let Some(org_id) = a.org_id else { return Ok(None) };
    let today = st.app.clock().today_for(a);
    // Its commitments, the next three meetings with its answer to each, and its agreements,
    // read at once (see district_tiles).
    let invitations = async {
        let next = app::meeting::upcoming(&st.app, a, today, 3).await?;
        let ids: Vec<i64> = next.iter().map(|m| m.id).collect();
        let answers = app::meeting::answers(&st.app, a, &ids).await?;
        Ok::<_, app::AppError>(
            next.into_iter()
                .zip(answers)
                .map(|(m, r)| (m, r.map(|r| r.as_str().to_string()).unwrap_or_default()))
                .collect::<Vec<_>>(),
        )
    };
    let find = app::agreement::Find {
        party_org_id: Some(org_id),
        page: 1,
        per_page: 5,
        ..Default::default()
    };
    let (commitments, invitations, agreements) = tokio::join!(
        app::action::commitments(&st.app, a),
        invitations,
        app::agreement::list(&st.app, a, &find),
    );
    let commitments = commitments?;
    let overdue = commitments.iter().filter(|c| c.overdue).count();
    let open = commitments.len();
    let invitations = invitations?;
    let (agreements, agreements_total) = agreements?;
    Ok(Some(PartnerTiles {
        commitments: commitments.into_iter().take(5).collect(),
        open,
        overdue,
        invitations,
        agreements,
        agreements_total,
        org_id,
    }))
}

pub async fn show(State(st): State<AppState>, s: SignedIn) -> Result<Response, PageError> {
    let kind = home_page(&s.actor);
    // A kader's home is the day of its Posyandu (the list it works from); should that page
    // fail (the Posyandu gone), the general home page still opens.
    if let Kind::Day(id) = kind
        && let Ok(page) = super::day::home(&st, &s, id).await
    {
        return Ok(page);
    }
    let lang = s.visitor.lang;
    let today = st.app.clock().today_for(&s.actor);
    // The role's tiles, read at the same time as the agreements (the organisation's name came
    // with the session).
    let tiles = async {
        let mut t = Tiles::default();
        match kind {
            Kind::District => t.district = Some(district_tiles(&st, &s, lang).await?),
            Kind::Puskesmas(id) => t.puskesmas = Some(puskesmas_tiles(&st, &s, lang, id).await?),
            Kind::Admin => {
                let (h, upcoming) = tokio::join!(
                    app::audit::health(&st.app, &s.actor),
                    app::meeting::upcoming(&st.app, &s.actor, today, 5),
                );
                let h = h?;
                t.admin = Some(AdminTiles {
                    size: format!("{} MB", num(lang, h.size_bytes as f64 / 1_048_576.0, 1)),
                    since: h.since.format("%Y-%m-%d").to_string(),
                    h,
                });
                t.upcoming = upcoming?;
            }
            Kind::Partner | Kind::Day(_) => {
                t.partner = partner_tiles(&st, &s).await?;
                if t.partner.is_none() {
                    t.upcoming = app::meeting::upcoming(&st.app, &s.actor, today, 5).await?;
                }
            }
        }
        Ok::<_, PageError>(t)
    };
    let (agreements, tiles) = tokio::join!(app::agreement::warnings(&st.app, &s.actor), tiles);
    let tiles = tiles?;
    let mut page = HomePage {
        title: String::new(),
        org_name: s.visitor.org_name.clone(),
        upcoming: tiles.upcoming,
        agreements: agreements?,
        agreements_org: s.actor.org_id,
        district: tiles.district,
        puskesmas: tiles.puskesmas,
        partner: tiles.partner,
        admin: tiles.admin,
        ctx: Ctx::new(&s.visitor),
    };
    page.title = page.ctx.t("home.title").into();
    Ok(super::render(&page))
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
