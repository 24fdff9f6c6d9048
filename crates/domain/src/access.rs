//! The one authorisation rule. Every read and write of an organisation-owned record asks
//! [`can`]; lists are filtered by the same [`Area`] (the store turns it into SQL).
//!
//! | role      | area (what it may read)                                   | may write            |
//! |-----------|-----------------------------------------------------------|----------------------|
//! | admin     | everything                                                | everything           |
//! | dinkes    | records located in its organisation's region (district)   | same                 |
//! | puskesmas | its own subtree, the organisations of its wilayah kerja desa, | its subtree and its desa |
//! |           | the kecamatan-level partners (camat, Polsek, Koramil …) — never another health facility | |
//! | kader     | its Posyandu                                              | its Posyandu's data  |
//! | partner   | its organisation and that organisation's subtree          | its own records      |
//! | viewer    | records located in its organisation's region              | nothing              |
//!
//! Re-parenting an organisation (moving it under another) is for admin and dinkes only
//! ([`may_reparent`]): under a Puskesmas, an organisation and its records fall in that
//! Puskesmas's reach.

use crate::region::RegionCode;
use crate::user::Role;
use serde::Serialize;

/// The part of the world an account reaches, computed from its role and scope organisation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum Area {
    All,
    /// Everything located in this region or below it.
    Region(RegionCode),
    /// A Puskesmas: its own organisation subtree (itself, its Pustu and Posyandu), the
    /// organisations located in the desa of its wilayah kerja, and — to read and invite, not to
    /// write — those located at the kecamatan that contain them. Health facilities there that
    /// are not its own (a second Puskesmas of a town kecamatan, its Pustu and Posyandu) are
    /// `foreign`: never in reach.
    WilayahKerja {
        desa: Vec<String>,
        kecamatan: Vec<String>,
        orgs: Vec<i64>,
        foreign: Vec<i64>,
    },
    /// Only these organisations (a kader's Posyandu, a partner's organisation subtree).
    Orgs(Vec<i64>),
    /// Nothing (an account whose scope organisation is gone).
    Nothing,
}

/// Who is asking.
#[derive(Debug, Clone, Serialize)]
pub struct Actor {
    pub user_id: i64,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub org_id: Option<i64>,
    pub area: Area,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Act {
    Read,
    Write,
}

/// What is being touched.
#[derive(Debug, Clone, Copy)]
pub enum Target<'a> {
    /// An organisation (or a record owned by it), located at `region`.
    Org { id: i64, region: &'a str },
    /// Installation-wide records: users, audit log, settings.
    Admin,
    /// The Kemendagri reference tree: readable by every signed-in account, never written.
    Regions,
}

impl Area {
    /// The part of the area whose records the account may write, and whose invitation to a
    /// meeting makes the meeting visible: a Puskesmas without the kecamatan-level partners.
    /// Other areas are their own writable part.
    pub fn writable(&self) -> std::borrow::Cow<'_, Area> {
        match self {
            Area::WilayahKerja {
                desa, orgs, foreign, ..
            } => std::borrow::Cow::Owned(Area::WilayahKerja {
                desa: desa.clone(),
                kecamatan: Vec::new(),
                orgs: orgs.clone(),
                foreign: foreign.clone(),
            }),
            other => std::borrow::Cow::Borrowed(other),
        }
    }
}

/// `Ok` when `actor` may do `act` on `target`.
pub fn can(actor: &Actor, act: Act, target: Target<'_>) -> Result<(), Denied> {
    let allowed = match target {
        Target::Regions => act == Act::Read,
        Target::Admin => actor.role == Role::Admin,
        Target::Org { id, region } => match (actor.role, act) {
            (Role::Admin, _) => true,
            (Role::Viewer, Act::Write) => false,
            (_, Act::Write) => area_contains(&actor.area.writable(), id, region),
            (_, Act::Read) => area_contains(&actor.area, id, region),
        },
    };
    if allowed { Ok(()) } else { Err(Denied) }
}

/// Whether the actor may move an organisation under another parent: admin and dinkes only.
pub fn may_reparent(actor: &Actor) -> bool {
    matches!(actor.role, Role::Admin | Role::Dinkes)
}

/// Whether the role decides where a child lives (moves it for good to another Posyandu):
/// admin, dinkes and Puskesmas — for the children of Posyandu they write for. A kader records
/// weighings.
pub fn may_move_children(actor: &Actor) -> bool {
    matches!(actor.role, Role::Admin | Role::Dinkes | Role::Puskesmas)
}

/// Whether an organisation with this id, located at `region`, is inside `area`.
pub fn area_contains(area: &Area, id: i64, region: &str) -> bool {
    match area {
        Area::All => true,
        Area::Nothing => false,
        Area::Region(code) => RegionCode::parse(region).map(|r| r.is_within(code)).unwrap_or(false),
        Area::WilayahKerja {
            desa,
            kecamatan,
            orgs,
            foreign,
        } => {
            !foreign.contains(&id)
                && (orgs.contains(&id) || desa.iter().any(|d| d == region) || kecamatan.iter().any(|k| k == region))
        }
        Area::Orgs(ids) => ids.contains(&id),
    }
}

/// Refusal. Carries no detail on purpose: the caller learns nothing about what exists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("not allowed")]
pub struct Denied;

#[cfg(test)]
mod tests {
    use super::*;

    fn actor(role: Role, area: Area) -> Actor {
        Actor {
            user_id: 1,
            username: "u".into(),
            display_name: "U".into(),
            role,
            org_id: Some(1),
            area,
        }
    }

    fn code(s: &str) -> RegionCode {
        RegionCode::parse(s).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn dinkes_reaches_its_district_only() {
        let a = actor(Role::Dinkes, Area::Region(code("15.03")));
        assert!(
            can(
                &a,
                Act::Write,
                Target::Org {
                    id: 9,
                    region: "15.03.01.2001"
                }
            )
            .is_ok()
        );
        assert!(can(&a, Act::Read, Target::Org { id: 9, region: "15.04" }).is_err());
        assert!(
            can(
                &a,
                Act::Read,
                Target::Org {
                    id: 9,
                    region: "15.030"
                }
            )
            .is_err()
        );
        assert!(can(&a, Act::Read, Target::Admin).is_err());
    }

    #[test]
    fn viewer_never_writes() {
        let a = actor(Role::Viewer, Area::Region(code("15.03")));
        assert!(
            can(
                &a,
                Act::Read,
                Target::Org {
                    id: 9,
                    region: "15.03.01"
                }
            )
            .is_ok()
        );
        assert!(
            can(
                &a,
                Act::Write,
                Target::Org {
                    id: 9,
                    region: "15.03.01"
                }
            )
            .is_err()
        );
    }

    #[test]
    fn partner_sees_its_own_organisation_only() {
        let a = actor(Role::Partner, Area::Orgs(vec![7]));
        assert!(
            can(
                &a,
                Act::Read,
                Target::Org {
                    id: 7,
                    region: "15.03.01"
                }
            )
            .is_ok()
        );
        assert!(
            can(
                &a,
                Act::Read,
                Target::Org {
                    id: 8,
                    region: "15.03.01"
                }
            )
            .is_err()
        );
    }

    #[test]
    fn puskesmas_sees_its_wilayah_kerja_and_kecamatan() {
        let a = actor(
            Role::Puskesmas,
            Area::WilayahKerja {
                desa: vec!["15.03.01.2001".into()],
                kecamatan: vec!["15.03.01".into()],
                orgs: vec![3],
                foreign: vec![60, 61],
            },
        );
        assert!(
            can(
                &a,
                Act::Read,
                Target::Org {
                    id: 50,
                    region: "15.03.01.2001"
                }
            )
            .is_ok()
        );
        assert!(
            can(
                &a,
                Act::Read,
                Target::Org {
                    id: 51,
                    region: "15.03.01"
                }
            )
            .is_ok()
        );
        assert!(
            can(
                &a,
                Act::Read,
                Target::Org {
                    id: 52,
                    region: "15.03.01.2002"
                }
            )
            .is_err()
        );
        assert!(can(&a, Act::Read, Target::Regions).is_ok());
        assert!(can(&a, Act::Write, Target::Regions).is_err());
        // Kecamatan-level partners: read (and invite), not write.
        assert!(
            can(
                &a,
                Act::Write,
                Target::Org {
                    id: 51,
                    region: "15.03.01"
                }
            )
            .is_err()
        );
        assert!(
            can(
                &a,
                Act::Write,
                Target::Org {
                    id: 50,
                    region: "15.03.01.2001"
                }
            )
            .is_ok()
        );
        // Another Puskesmas of the kecamatan and its Posyandu in one of these desa: neither.
        for (id, region) in [(60, "15.03.01"), (61, "15.03.01.2001")] {
            assert!(can(&a, Act::Read, Target::Org { id, region }).is_err());
        }
        assert!(!may_reparent(&a));
    }
}
