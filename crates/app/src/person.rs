//! People and positions. A person is visible to an account when they hold (or held) a
//! position in an organisation the account can see; NIK is masked for roles that do not
//! need it (see `domain::access::sees_nik`).

use crate::org::json;
use crate::{App, AppError, Result};
use domain::Invalid;
use domain::access::{Act, Actor, Area, Target, can};
use domain::audit::AuditEvent;
use domain::person::{PersonInput, PositionInput, mask_nik};
use serde::Serialize;
use store::person::{Person, PersonFilter, Position};

fn mask(actor: &Actor, mut p: Person) -> Person {
    if !domain::access::sees_nik(actor) {
        p.nik = p.nik.map(|n| mask_nik(&n));
    }
    p
}

#[derive(Debug, Serialize)]
pub struct PersonRow {
    #[serde(flatten)]
    pub person: Person,
    pub positions: Vec<Position>,
}

pub async fn list(app: &App, actor: &Actor, f: &PersonFilter) -> Result<(Vec<PersonRow>, i64)> {
    let mut tx = app.store.read().await?;
    let (people, total) = store::person::list(&mut tx, &actor.area, f).await?;
    let ids: Vec<i64> = people.iter().map(|p| p.id).collect();
    let positions = store::person::positions_of(&mut tx, &ids).await?;
    let rows = people
        .into_iter()
        .map(|p| {
            let pos = positions.iter().filter(|s| s.person_id == p.id).cloned().collect();
            PersonRow {
                person: mask(actor, p),
                positions: pos,
            }
        })
        .collect();
    Ok((rows, total))
}

async fn load(tx: &mut store::Tx, actor: &Actor, id: i64) -> Result<Person> {
    let p = store::person::get(tx, id).await?.ok_or(AppError::NotFound)?;
    if !store::person::visible(tx, &actor.area, id).await? {
        return Err(AppError::NotFound);
    }
    Ok(p)
}

pub async fn get(app: &App, actor: &Actor, id: i64) -> Result<PersonRow> {
    let mut tx = app.store.read().await?;
    let p = load(&mut tx, actor, id).await?;
    let positions = store::person::positions_of(&mut tx, &[id]).await?;
    Ok(PersonRow {
        person: mask(actor, p),
        positions,
    })
}

/// Whether the actor may write records of organisation `org_id` (an organisation it cannot
/// read is unknown, like in every other form).
async fn check_org_write(tx: &mut store::Tx, actor: &Actor, org_id: i64, field: &str) -> Result<()> {
    let o = crate::guard::load_org(tx, actor, org_id, field).await?;
    can(
        actor,
        Act::Write,
        Target::Org {
            id: o.id,
            region: &o.region_code,
        },
    )?;
    Ok(())
}

/// Creates a person, with a first position when given. Accounts other than admin must give
/// one in an organisation they may write, or the new person would be invisible to them.
pub async fn create(app: &App, actor: &Actor, person: &PersonInput, position: Option<&PositionInput>) -> Result<i64> {
    let mut inv = Invalid::new();
    if person.nik_masked {
        inv.add("nik", "nik.digits");
    }
    let person = person.clone().check().map_err(|e| inv.merge(e)).ok();
    let pos = match position {
        Some(p) => p.clone().check().map_err(|e| inv.merge(e)).ok(),
        None => {
            if actor.area != Area::All {
                inv.add("org_id", "required");
            }
            None
        }
    };
    inv.into_result()?;
    let person = person.ok_or(AppError::Internal("validated person missing".into()))?;
    let mut tx = app.store.write().await?;
    if let Some(p) = &pos {
        check_org_write(&mut tx, actor, p.org_id, "org_id").await?;
    }
    let id = store::person::insert(&mut tx, &person).await?;
    crate::audit::write(
        &mut tx,
        actor,
        crate::audit::Entry::new(AuditEvent::PersonCreated, id, format!("added {}", person.name))
            .after(Some(redact(json(&person)))),
    )
    .await?;
    if let Some(p) = &pos {
        let pid = store::person::insert_position(&mut tx, id, p).await?;
        crate::audit::write(
            &mut tx,
            actor,
            crate::audit::Entry::new(
                AuditEvent::PositionCreated,
                pid,
                format!("{} as {}", person.name, p.kind),
            )
            .after(Some(json(p))),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(id)
}

/// NIK never goes into the audit log in clear.
fn redact(mut v: serde_json::Value) -> serde_json::Value {
    if let Some(n) = v.get("nik").and_then(|n| n.as_str()).map(mask_nik) {
        v["nik"] = serde_json::Value::String(n);
    }
    v
}

/// Refuses unless the actor may edit person `id`: it writes for an organisation where the
/// person holds (or held) a position.
async fn check_writable(tx: &mut store::Tx, actor: &Actor, id: i64) -> Result<()> {
    let positions = store::person::positions_of(tx, &[id]).await?;
    let writable = actor.area == Area::All
        || positions.iter().any(|p| {
            can(
                actor,
                Act::Write,
                Target::Org {
                    id: p.org_id,
                    region: &p.org_region_code,
                },
            )
            .is_ok()
        });
    if writable { Ok(()) } else { Err(AppError::Forbidden) }
}

/// The person as its edit form shows it, for those who may edit it (403 for other readers,
/// 404 for those who cannot see it).
pub async fn for_edit(app: &App, actor: &Actor, id: i64) -> Result<PersonRow> {
    let row = get(app, actor, id).await?;
    let mut tx = app.store.read().await?;
    check_writable(&mut tx, actor, id).await?;
    Ok(row)
}

pub async fn update(app: &App, actor: &Actor, id: i64, input: &PersonInput) -> Result<()> {
    let mut tx = app.store.write().await?;
    let before = load(&mut tx, actor, id).await?;
    check_writable(&mut tx, actor, id).await?;
    let mut input = input.clone().check()?;
    // A masked NIK sent back unchanged by a role that cannot see it keeps the stored one; a
    // role that sees NIK was never shown a masked one.
    if input.nik_masked {
        if domain::access::sees_nik(actor) {
            return Err(Invalid::one("nik", "nik.digits").into());
        }
        input.nik = before.nik.as_deref().and_then(|n| domain::person::Nik::parse(n).ok());
    }
    store::person::update(&mut tx, id, &input).await?;
    crate::audit::write(
        &mut tx,
        actor,
        crate::audit::Entry::new(AuditEvent::PersonUpdated, id, format!("edited {}", input.name))
            .before(Some(redact(json(&before))))
            .after(Some(redact(json(&input)))),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

pub async fn add_position(app: &App, actor: &Actor, person_id: i64, position: &PositionInput) -> Result<i64> {
    let mut tx = app.store.write().await?;
    let person = store::person::get(&mut tx, person_id)
        .await?
        .ok_or(AppError::NotFound)?;
    if actor.area != Area::All && !store::person::visible(&mut tx, &actor.area, person_id).await? {
        return Err(AppError::NotFound);
    }
    let p = position.clone().check()?;
    check_org_write(&mut tx, actor, p.org_id, "org_id").await?;
    let id = store::person::insert_position(&mut tx, person_id, &p).await?;
    crate::audit::write(
        &mut tx,
        actor,
        crate::audit::Entry::new(
            AuditEvent::PositionCreated,
            id,
            format!("{} as {}", person.name, p.kind),
        )
        .after(Some(json(&p))),
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Ends a position on `ended_on` (the office stays; a new holder gets a new position).
pub async fn end_position(app: &App, actor: &Actor, position_id: i64, date: chrono::NaiveDate) -> Result<i64> {
    let mut tx = app.store.write().await?;
    let pos = store::person::get_position(&mut tx, position_id)
        .await?
        .ok_or(AppError::NotFound)?;
    can(
        actor,
        Act::Write,
        Target::Org {
            id: pos.org_id,
            region: &pos.org_region_code,
        },
    )
    .map_err(|_| AppError::NotFound)?;
    if pos.started_on.is_some_and(|s| date < s) {
        return Err(Invalid::one("ended_on", "date.end_before_start").into());
    }
    store::person::end_position(&mut tx, position_id, date).await?;
    crate::audit::write(
        &mut tx,
        actor,
        crate::audit::Entry::new(
            AuditEvent::PositionUpdated,
            position_id,
            format!("{} left {} on {date}", pos.person_name, pos.org_name),
        )
        .before(Some(json(&pos))),
    )
    .await?;
    tx.commit().await?;
    Ok(pos.person_id)
}
