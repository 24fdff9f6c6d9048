//! Loads that check access first: a meeting the actor may read (or edit), an organisation
//! the actor may read. Shared by the meeting, problem, action and agreement use cases.

use crate::{AppError, Result};
use domain::Invalid;
use domain::access::{Act, Actor, Target, can};
use store::meeting::Meeting;
use store::org::Org;

pub(crate) async fn load_org(tx: &mut store::Tx, actor: &Actor, id: i64, field: &str) -> Result<Org> {
    match store::org::get(tx, id).await? {
        Some(o)
            if can(
                actor,
                Act::Read,
                Target::Org {
                    id: o.id,
                    region: &o.region_code,
                },
            )
            .is_ok() =>
        {
            Ok(o)
        }
        _ => Err(Invalid::one(field, "org.unknown").into()),
    }
}

/// The meeting, checked readable; `write` also checks that the actor may edit it (host or
/// co-host organisation writer).
pub(crate) async fn load(tx: &mut store::Tx, actor: &Actor, id: i64, write: bool) -> Result<Meeting> {
    let m = store::meeting::get(tx, id).await?.ok_or(AppError::NotFound)?;
    if !store::meeting::visible(tx, &actor.area, id).await? {
        return Err(AppError::Forbidden);
    }
    if write && !may_edit(tx, actor, &m).await? {
        return Err(AppError::Forbidden);
    }
    Ok(m)
}

pub(crate) async fn may_edit(tx: &mut store::Tx, actor: &Actor, m: &Meeting) -> Result<bool> {
    Ok(editable(tx, actor, &[m.id]).await?.contains(&m.id))
}

/// Which of `meeting_ids` the actor may edit (writes for a host or co-host organisation),
/// in one read however many meetings.
pub(crate) async fn editable(
    tx: &mut store::Tx,
    actor: &Actor,
    meeting_ids: &[i64],
) -> Result<std::collections::HashSet<i64>> {
    let mut ids = meeting_ids.to_vec();
    ids.sort_unstable();
    ids.dedup();
    Ok(store::meeting::hosts_of(tx, &ids)
        .await?
        .into_iter()
        .filter(|(_, org, region)| {
            can(
                actor,
                Act::Write,
                Target::Org {
                    id: *org,
                    region: region.as_str(),
                },
            )
            .is_ok()
        })
        .map(|(m, _, _)| m)
        .collect())
}
