//! The agreement form: new (also from a meeting or under a parent), create, edit, update.

use super::*;
use axum::extract::RawQuery;

// --- form ----------------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "agreements/form.html")]
pub(super) struct FormPage {
    pub(super) title: String,
    pub(super) ctx: Ctx,
    pub(super) action: String,
    pub(super) cancel: String,
    pub(super) form: AgreementForm,
    /// Party rows to show (filled ones and blanks).
    pub(super) party_rows: Vec<PartyRow>,
    pub(super) meeting: Option<app::agreement::MeetingDraft>,
    pub(super) errs: Errs,
    pub(super) orgs: Vec<Org>,
    pub(super) parents: Vec<AgreementRow>,
    pub(super) is_new: bool,
    pub(super) kinds: &'static [AgreementKind],
    pub(super) statuses: Vec<AgreementStatus>,
    pub(super) scopes: &'static [ScopeItem],
    /// The party lists are long: they show the chosen parties, the meeting's organisations
    /// and the search's hits only, and the search box is offered.
    pub(super) long_list: bool,
    /// Where the search sends the form back (GET), with what it holds.
    pub(super) search_action: String,
    pub(super) meeting_id: Option<i64>,
}

/// Party lists longer than this are searched rather than scrolled.
const LONG_LIST: usize = 40;

/// "Pemerintah Desa Desa Baru — Kantor Camat Air Hitam": where it is tells two of one name
/// apart (the kecamatan of a desa, the region otherwise).
pub(super) fn org_label(o: &Org) -> String {
    let place = match (o.kind, &o.parent_name, &o.region_name) {
        (domain::org::OrgKind::VillageGovernment, Some(p), _) => Some(p.clone()),
        (_, _, Some(r)) => Some(r.clone()),
        _ => None,
    };
    match place {
        Some(p) if !o.name.contains(&p) => format!("{} — {p}", o.name),
        _ => o.name.clone(),
    }
}

pub(super) struct PartyRow {
    pub(super) org_id: String,
    pub(super) doc_number: String,
    pub(super) signatory: String,
    pub(super) signatory_position: String,
    pub(super) signed_on: String,
    pub(super) financing: String,
}

pub(super) fn party_rows(f: &AgreementForm) -> Vec<PartyRow> {
    let cell = |v: &Vec<String>, i: usize| v.get(i).cloned().unwrap_or_default();
    let mut rows: Vec<PartyRow> = (0..f.party_org_id.len())
        .filter(|i| !f.party_org_id[*i].trim().is_empty())
        .map(|i| PartyRow {
            org_id: cell(&f.party_org_id, i),
            doc_number: cell(&f.party_doc_number, i),
            signatory: cell(&f.party_signatory, i),
            signatory_position: cell(&f.party_signatory_position, i),
            signed_on: cell(&f.party_signed_on, i),
            financing: cell(&f.party_financing, i),
        })
        .collect();
    let blanks = if rows.len() < 2 { 3 - rows.len().min(1) } else { 2 };
    for _ in 0..blanks {
        rows.push(PartyRow {
            org_id: String::new(),
            doc_number: String::new(),
            signatory: String::new(),
            signatory_position: String::new(),
            signed_on: String::new(),
            financing: String::new(),
        });
    }
    rows
}

pub(super) async fn form_page(
    st: &AppState,
    s: &SignedIn,
    id: Option<i64>,
    form: AgreementForm,
    meeting: Option<app::agreement::MeetingDraft>,
    errs: Errs,
) -> Result<Response, PageError> {
    let ctx = Ctx::new(&s.visitor);
    let mut orgs = party_choices(st, s).await?;
    let long_list = orgs.len() > LONG_LIST;
    if long_list {
        // Only what is chosen, the meeting's organisations, the account's own, and the hits.
        let key = domain::region::name_key(&form.party_q);
        let chosen: Vec<i64> = form.party_org_id.iter().filter_map(|p| p.trim().parse().ok()).collect();
        let of_meeting: Vec<i64> = meeting.as_ref().map(|m| m.org_ids.clone()).unwrap_or_default();
        orgs.retain(|o| {
            chosen.contains(&o.id)
                || of_meeting.contains(&o.id)
                || Some(o.id) == s.actor.org_id
                || (!key.is_empty() && domain::region::name_key(&org_label(o)).contains(&key))
        });
    }
    // Parties outside the account's area (kept from the agreement) stay choosable.
    for p in &form.party_org_id {
        if let Ok(pid) = p.trim().parse::<i64>()
            && !orgs.iter().any(|o| o.id == pid)
            && let Ok(v) = app::org::get(&st.app, &s.actor, pid).await
        {
            orgs.push(v.org);
        }
    }
    let (parents, _) = app::agreement::list(
        &st.app,
        &s.actor,
        &Find {
            per_page: 500,
            ..Default::default()
        },
    )
    .await?;
    let parents = parents
        .into_iter()
        .filter(|p| Some(p.agreement.id) != id && p.agreement.parent_id.is_none())
        .collect();
    let (title, mut action, cancel) =
        crate::pages::form_target(&ctx, id, "/agreements", "agreements.new", "agreements.edit");
    if let (None, Some(m)) = (id, &meeting) {
        action = format!("/agreements?meeting_id={}", m.meeting_id);
    }
    // The meeting's organisations come first in every party list.
    if let Some(m) = &meeting {
        orgs.sort_by_key(|o| m.org_ids.iter().position(|x| *x == o.id).unwrap_or(usize::MAX));
    }
    let search_action = match id {
        Some(i) => format!("/agreements/{i}/edit"),
        None => "/agreements/new".to_string(),
    };
    let status = errs.status();
    Ok(render_status(
        status,
        &FormPage {
            long_list,
            search_action,
            meeting_id: meeting.as_ref().map(|m| m.meeting_id),
            title,
            ctx,
            action,
            cancel,
            party_rows: party_rows(&form),
            form,
            meeting,
            errs,
            orgs,
            parents,
            is_new: id.is_none(),
            kinds: AgreementKind::ALL,
            statuses: AgreementStatus::ALL
                .iter()
                .copied()
                .filter(|s| s.can_register())
                .collect(),
            scopes: ScopeItem::ALL,
        },
    ))
}

#[derive(Deserialize, Default)]
pub struct NewQuery {
    #[serde(default)]
    meeting_id: String,
    #[serde(default)]
    parent_id: String,
    #[serde(default)]
    kind: String,
}

/// The form sent back to itself by its party search (GET): everything it held, read again.
fn searched(raw: &Option<String>) -> Option<AgreementForm> {
    let q = raw.as_deref()?;
    let f: AgreementForm = serde_html_form::from_str(q).ok()?;
    q.split('&').any(|kv| kv.starts_with("party_q=")).then_some(f)
}

pub async fn new(
    State(st): State<AppState>,
    s: SignedIn,
    Query(q): Query<NewQuery>,
    RawQuery(raw): RawQuery,
) -> Result<Response, PageError> {
    // A read-only account is told at once, not after filling the form in.
    if !domain::access::writes_at_all(&s.actor) {
        return Err(app::AppError::Forbidden.into());
    }
    if let Some(form) = searched(&raw) {
        let meeting = match q.meeting_id.trim().parse::<i64>() {
            Ok(mid) => Some(app::agreement::draft_from_meeting(&st.app, &s.actor, mid).await?),
            Err(_) => None,
        };
        return form_page(&st, &s, None, form, meeting, Errs::none()).await;
    }
    let kind = AgreementKind::parse(q.kind.trim()).unwrap_or(AgreementKind::Mou);
    let mut form = AgreementForm {
        kind: kind.as_str().into(),
        status: "draft".into(),
        is_public: if kind.public_by_default() {
            "on".into()
        } else {
            String::new()
        },
        parent_id: q.parent_id.trim().to_string(),
        ..Default::default()
    };
    let mut meeting = None;
    if let Ok(mid) = q.meeting_id.trim().parse::<i64>() {
        let d = app::agreement::draft_from_meeting(&st.app, &s.actor, mid).await?;
        form.party_org_id = d.prefill().iter().map(|o| o.to_string()).collect();
        // A title written into the record: in the records' language, whoever drafts it.
        form.title = crate::i18n::fill(
            crate::i18n::RECORD_LANG,
            "agreements.rec.from_meeting",
            &[("meeting", &d.meeting_title)],
        );
        meeting = Some(d);
    } else if let Ok(pid) = form.parent_id.parse::<i64>() {
        // A derived document starts with its parent's parties and term.
        let p = app::agreement::get(&st.app, &s.actor, pid).await?;
        form.party_org_id = p.row.parties.iter().map(|x| x.org_id.to_string()).collect();
        form.start_on = p.row.agreement.start_on.map(|d| d.to_string()).unwrap_or_default();
        form.end_on = p.row.agreement.end_on.map(|d| d.to_string()).unwrap_or_default();
        form.is_public = if p.row.agreement.is_public {
            "on".into()
        } else {
            String::new()
        };
        form.title = format!(
            "{} — {}",
            Ctx::new(&s.visitor).tk("akind", kind.as_str()),
            p.row.agreement.title
        );
    } else if let Some(o) = s.actor.org_id {
        form.party_org_id = vec![o.to_string()];
    }
    form_page(&st, &s, None, form, meeting, Errs::none()).await
}

#[derive(Deserialize, Default)]
pub struct CreateQuery {
    #[serde(default)]
    meeting_id: String,
}

pub async fn create(
    State(st): State<AppState>,
    s: SignedIn,
    Query(q): Query<CreateQuery>,
    CsrfForm(form): CsrfForm<AgreementForm>,
) -> Result<Response, PageError> {
    let meeting = q.meeting_id.trim().parse::<i64>().ok();
    let created = match form.input() {
        Ok(input) => app::agreement::create(&st.app, &s.actor, &input, meeting).await,
        Err(inv) => Err(inv.into()),
    };
    match created {
        Ok(id) => Ok(Redirect::to(&format!("/agreements/{id}")).into_response()),
        Err(e) => {
            let inv = split_invalid(e)?;
            let m = match meeting {
                Some(mid) => app::agreement::draft_from_meeting(&st.app, &s.actor, mid).await.ok(),
                None => None,
            };
            form_page(&st, &s, None, form, m, Errs::new(s.visitor.lang, inv)).await
        }
    }
}

pub(super) fn form_of(v: &AgreementView) -> AgreementForm {
    let a = &v.row.agreement;
    let p = &v.row.parties;
    let opt = |o: &Option<String>| o.clone().unwrap_or_default();
    AgreementForm {
        kind: a.kind.to_string(),
        title: a.title.clone(),
        status: String::new(),
        parent_id: a.parent_id.map(|x| x.to_string()).unwrap_or_default(),
        legal_basis: opt(&a.legal_basis),
        purpose: opt(&a.purpose),
        summary: opt(&a.summary),
        start_on: a.start_on.map(|d| d.to_string()).unwrap_or_default(),
        end_on: a.end_on.map(|d| d.to_string()).unwrap_or_default(),
        is_public: if a.is_public { "on".into() } else { String::new() },
        scope: v.row.scope.iter().map(|s| s.as_str().to_string()).collect(),
        party_org_id: p.iter().map(|x| x.org_id.to_string()).collect(),
        party_doc_number: p.iter().map(|x| opt(&x.doc_number)).collect(),
        party_signatory: p.iter().map(|x| opt(&x.signatory)).collect(),
        party_signatory_position: p.iter().map(|x| opt(&x.signatory_position)).collect(),
        party_signed_on: p
            .iter()
            .map(|x| x.signed_on.map(|d| d.to_string()).unwrap_or_default())
            .collect(),
        party_financing: p.iter().map(|x| opt(&x.financing)).collect(),
        party_q: String::new(),
    }
}

pub async fn edit(
    State(st): State<AppState>,
    s: SignedIn,
    Path(id): Path<i64>,
    RawQuery(raw): RawQuery,
) -> Result<Response, PageError> {
    let v = app::agreement::get(&st.app, &s.actor, id).await?;
    if !v.can_edit {
        return Err(app::AppError::Forbidden.into());
    }
    let form = searched(&raw).unwrap_or_else(|| form_of(&v));
    form_page(&st, &s, Some(id), form, None, Errs::none()).await
}

pub async fn update(
    State(st): State<AppState>,
    s: SignedIn,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<AgreementForm>,
) -> Result<Response, PageError> {
    // The status moves only through its own step; an edit does not read it.
    let read = AgreementForm {
        status: String::new(),
        ..form.clone()
    }
    .input();
    let updated = match read {
        Ok(input) => app::agreement::update(&st.app, &s.actor, id, &input).await,
        Err(inv) => Err(inv.into()),
    };
    match updated {
        Ok(()) => Ok(Redirect::to(&format!("/agreements/{id}")).into_response()),
        Err(e) => {
            form_page(
                &st,
                &s,
                Some(id),
                form,
                None,
                Errs::new(s.visitor.lang, split_invalid(e)?),
            )
            .await
        }
    }
}
