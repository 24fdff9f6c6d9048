//! Organisations: list, view, create, edit, and the wilayah kerja of a Puskesmas.
//!
//! A desa belongs to at most one Puskesmas' wilayah kerja: assigning a desa that another
//! Puskesmas already holds is refused, naming that Puskesmas (a district decides; Lintas does
//! not silently double-count children and coverage).

use crate::{App, AppError, Result};
use domain::Invalid;
use domain::access::{Act, Actor, Target, can};
use domain::audit::AuditEvent;
use domain::org::{OrgInput, OrgKind, check_parent};
use domain::region::{RegionCode, RegionLevel};
use serde::Serialize;
use store::org::{Org, OrgFilter, WkDesa};
use store::person::Position;

pub async fn list(app: &App, actor: &Actor, f: &OrgFilter) -> Result<(Vec<Org>, i64)> {
    let mut tx = app.store.read().await?;
    Ok(store::org::list(&mut tx, &actor.area, f).await?)
}

/// Everything the organisation page and `GET /organizations/{id}` show.
#[derive(Debug, Serialize)]
pub struct OrgView {
    #[serde(flatten)]
    pub org: Org,
    pub identifiers: Vec<domain::org::ExternalId>,
    pub wilayah_kerja: Vec<WkDesa>,
    pub children: Vec<Org>,
    pub positions: Vec<Position>,
}

async fn load_readable(tx: &mut store::Tx, actor: &Actor, id: i64) -> Result<Org> {
    let org = store::org::get(tx, id).await?.ok_or(AppError::NotFound)?;
    can(
        actor,
        Act::Read,
        Target::Org {
            id: org.id,
            region: &org.region_code,
        },
    )?;
    Ok(org)
}

/// The id of the organisation with this code (any case), for the operator at the command line
/// (`lintas user add --org CODE`): whoever runs the binary on the server is trusted.
pub async fn id_by_code(app: &App, code: &str) -> Result<Option<i64>> {
    let mut tx = app.store.read().await?;
    Ok(store::org::get_by_code(&mut tx, &code.to_ascii_uppercase())
        .await?
        .map(|o| o.id))
}

pub async fn get(app: &App, actor: &Actor, id: i64) -> Result<OrgView> {
    let mut tx = app.store.read().await?;
    let org = load_readable(&mut tx, actor, id).await?;
    let identifiers = store::org::identifiers(&mut tx, id).await?;
    let wilayah_kerja = store::org::wilayah_kerja(&mut tx, id).await?;
    let children = store::org::all(
        &mut tx,
        &actor.area,
        &OrgFilter {
            parent_id: Some(id),
            limit: 500,
            ..Default::default()
        },
    )
    .await?;
    let positions = store::person::positions_at(&mut tx, id).await?;
    Ok(OrgView {
        org,
        identifiers,
        wilayah_kerja,
        children,
        positions,
    })
}

/// Checks that need the database: the region exists, the parent exists and is visible,
/// and the parent fits the kind.
async fn check_refs(tx: &mut store::Tx, actor: &Actor, o: &OrgInput, self_id: Option<i64>) -> Result<()> {
    let mut inv = Invalid::new();
    if store::region::get(tx, o.region_code.as_str()).await?.is_none() {
        inv.add("region_code", "region.unknown");
    }
    let parent_kind = match o.parent_id {
        Some(pid) if Some(pid) == self_id => {
            inv.add("parent_id", "org.parent_self");
            None
        }
        Some(pid) => match store::org::get(tx, pid).await? {
            Some(p)
                if can(
                    actor,
                    Act::Read,
                    Target::Org {
                        id: p.id,
                        region: &p.region_code,
                    },
                )
                .is_ok() =>
            {
                if let Some(sid) = self_id
                    && store::org::ancestor_ids(tx, pid).await?.contains(&sid)
                {
                    inv.add("parent_id", "org.parent_cycle");
                }
                Some(p.kind)
            }
            _ => {
                inv.add("parent_id", "org.parent_unknown");
                None
            }
        },
        None => None,
    };
    if inv.code_for("parent_id").is_none()
        && let Err(code) = check_parent(o.kind, parent_kind)
    {
        inv.add("parent_id", code);
    }
    inv.into_result()?;
    Ok(())
}

pub async fn create(app: &App, actor: &Actor, input: &OrgInput) -> Result<i64> {
    can(
        actor,
        Act::Write,
        Target::Org {
            id: -1,
            region: input.region_code.as_str(),
        },
    )?;
    let input = input.clone().check()?;
    let mut tx = app.store.write().await?;
    check_refs(&mut tx, actor, &input, None).await?;
    let id = store::org::insert(&mut tx, &input).await?;
    crate::audit::write(
        &mut tx,
        actor,
        crate::audit::Entry::new(AuditEvent::OrganizationCreated, id, format!("created {}", input.name))
            .after(Some(json(&input))),
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

pub async fn update(app: &App, actor: &Actor, id: i64, input: &OrgInput) -> Result<()> {
    let mut tx = app.store.write().await?;
    let before = load_readable(&mut tx, actor, id).await?;
    can(
        actor,
        Act::Write,
        Target::Org {
            id,
            region: &before.region_code,
        },
    )?;
    if input.region_code.as_str() != before.region_code {
        can(
            actor,
            Act::Write,
            Target::Org {
                id: -1,
                region: input.region_code.as_str(),
            },
        )?;
    }
    // Moving an organisation under another parent moves it (and its records) into that
    // parent's reach: the district decides that, not a Puskesmas.
    if input.parent_id != before.parent_id && !domain::access::may_reparent(actor) {
        return Err(AppError::Forbidden);
    }
    let input = input.clone().check()?;
    check_refs(&mut tx, actor, &input, Some(id)).await?;
    let before_ids = store::org::identifiers(&mut tx, id).await?;
    store::org::update(&mut tx, id, &input).await?;
    let mut b = json(&before);
    b["identifiers"] = json(&before_ids);
    crate::audit::write(
        &mut tx,
        actor,
        crate::audit::Entry::new(AuditEvent::OrganizationUpdated, id, format!("edited {}", input.name))
            .before(Some(b))
            .after(Some(json(&input))),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Replaces the wilayah kerja of a Puskesmas with `desa` (Kemendagri village codes). Only
/// administrators and district health office staff may do this: for a Puskesmas account the
/// wilayah kerja *is* its reach.
pub async fn set_wilayah_kerja(app: &App, actor: &Actor, id: i64, desa: &[String]) -> Result<()> {
    let mut tx = app.store.write().await?;
    let org = load_readable(&mut tx, actor, id).await?;
    if !domain::access::may_redraw_wilayah_kerja(actor) {
        return Err(AppError::Forbidden);
    }
    can(
        actor,
        Act::Write,
        Target::Org {
            id,
            region: &org.region_code,
        },
    )?;
    let mut inv = Invalid::new();
    if org.kind != OrgKind::Puskesmas.as_str() {
        inv.add("desa", "wilayah_kerja.not_puskesmas");
        return Err(inv.into());
    }
    let mut codes = Vec::new();
    for raw in desa.iter().map(|s| s.trim()).filter(|s| !s.is_empty()) {
        match RegionCode::parse(raw) {
            Ok(c) if c.level() == RegionLevel::Village => codes.push(c.to_string()),
            Ok(_) => inv.add_detail("desa", "wilayah_kerja.not_desa", raw),
            Err(_) => inv.add_detail("desa", "region.unknown", raw),
        }
    }
    codes.sort();
    codes.dedup();
    let found = store::region::get_many(&mut tx, &codes).await?;
    for c in &codes {
        match found.iter().find(|r| &r.code == c) {
            None => inv.add_detail("desa", "region.unknown", c.clone()),
            Some(r) if can(actor, Act::Write, Target::Org { id, region: &r.code }).is_err() => {
                inv.add_detail("desa", "wilayah_kerja.outside_area", format!("{} {}", r.code, r.name))
            }
            _ => {}
        }
    }
    for (code, owner, owner_name) in store::org::wilayah_kerja_owners(&mut tx, &codes).await? {
        if owner != id {
            let name = found
                .iter()
                .find(|r| r.code == code)
                .map(|r| r.name.clone())
                .unwrap_or_default();
            inv.add_detail("desa", "wilayah_kerja.taken", format!("{code} {name} → {owner_name}"));
        }
    }
    inv.into_result()?;
    let before: Vec<String> = store::org::wilayah_kerja(&mut tx, id)
        .await?
        .into_iter()
        .map(|d| d.desa_code)
        .collect();
    store::org::set_wilayah_kerja(&mut tx, id, &codes).await?;
    crate::audit::write(
        &mut tx,
        actor,
        crate::audit::Entry::new(
            AuditEvent::WilayahKerjaUpdated,
            id,
            format!("wilayah kerja of {}: {} desa", org.name, codes.len()),
        )
        .before(Some(json(&before)))
        .after(Some(json(&codes))),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Candidate desa for a Puskesmas' wilayah kerja: the desa of its kecamatan (or of the
/// region it sits in), with who holds each one now.
#[derive(Debug, Serialize)]
pub struct WkCandidate {
    pub code: String,
    pub name: String,
    pub kecamatan: String,
    pub held_by: Option<String>,
    pub mine: bool,
}

pub async fn wilayah_kerja_candidates(
    app: &App,
    actor: &Actor,
    id: i64,
    within: Option<&str>,
) -> Result<Vec<WkCandidate>> {
    let mut tx = app.store.read().await?;
    let org = load_readable(&mut tx, actor, id).await?;
    let base = within.map(str::to_string).unwrap_or_else(|| {
        let c = RegionCode::parse(&org.region_code).ok();
        match c {
            Some(c) if c.level() == RegionLevel::Village => c.parent().map(|p| p.to_string()).unwrap_or_default(),
            Some(c) => c.to_string(),
            None => String::new(),
        }
    });
    let base = RegionCode::parse(&base).map_err(|c| Invalid::one("within", c))?;
    let kecamatan: Vec<store::region::Region> = match base.level() {
        RegionLevel::District => store::region::get(&mut tx, base.as_str()).await?.into_iter().collect(),
        RegionLevel::Regency => store::region::children(&mut tx, Some(base.as_str())).await?,
        _ => Vec::new(),
    };
    let mut out = Vec::new();
    for k in kecamatan.iter().take(60) {
        let desa = store::region::children(&mut tx, Some(&k.code)).await?;
        let codes: Vec<String> = desa.iter().map(|d| d.code.clone()).collect();
        let owners = store::org::wilayah_kerja_owners(&mut tx, &codes).await?;
        for d in desa {
            let owner = owners.iter().find(|o| o.0 == d.code);
            out.push(WkCandidate {
                mine: owner.map(|o| o.1 == id).unwrap_or(false),
                held_by: owner.filter(|o| o.1 != id).map(|o| o.2.clone()),
                code: d.code,
                name: d.name,
                kecamatan: k.name.clone(),
            });
        }
    }
    Ok(out)
}

/// Organisations an actor may choose as a parent or a position's organisation.
/// The village governments of a host's desa: those located in its wilayah kerja (a
/// Puskesmas), or, for a host without one, in its region.
pub(crate) async fn villages_of(tx: &mut store::Tx, host: &Org) -> Result<Vec<Org>> {
    let wk = store::org::wilayah_kerja(tx, host.id).await?;
    let orgs = store::org::all(
        tx,
        &domain::access::Area::All,
        &OrgFilter {
            kind: Some(OrgKind::VillageGovernment),
            within: wk.is_empty().then(|| host.region_code.clone()),
            limit: 1000,
            ..Default::default()
        },
    )
    .await?;
    Ok(orgs
        .into_iter()
        .filter(|o| {
            if wk.is_empty() {
                o.region_code.starts_with(&format!("{}.", host.region_code))
            } else {
                wk.iter().any(|d| d.desa_code == o.region_code)
            }
        })
        .collect())
}

pub async fn choices(app: &App, actor: &Actor) -> Result<Vec<Org>> {
    let mut tx = app.store.read().await?;
    Ok(store::org::all(
        &mut tx,
        &actor.area,
        &OrgFilter {
            limit: 1000,
            ..Default::default()
        },
    )
    .await?)
}

pub async fn counts_by_sector(app: &App, actor: &Actor) -> Result<Vec<(String, i64)>> {
    let mut tx = app.store.read().await?;
    Ok(store::org::count_by_sector(&mut tx, &actor.area).await?)
}

pub(crate) fn json<T: Serialize>(v: &T) -> serde_json::Value {
    serde_json::to_value(v).unwrap_or(serde_json::Value::Null)
}
