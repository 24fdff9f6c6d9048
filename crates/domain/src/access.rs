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
//! Every other decision that depends on the role is a named function here, and nothing
//! outside this module compares roles (a test in `domain/tests/one_access_rule.rs` holds
//! this):
//!
//! | function                     | who                                           |
//! |------------------------------|-----------------------------------------------|
//! | [`administers`]              | admin: accounts, audit log, settings          |
//! | [`writes_at_all`]            | everyone but viewers                          |
//! | [`sees_district_views`]      | admin, dinkes, viewer, Puskesmas (overdue by sector, shortages) |
//! | [`may_reparent`]             | admin, dinkes: move an organisation under another |
//! | [`may_redraw_wilayah_kerja`] | admin, dinkes                                 |
//! | [`works_with_children`]      | admin, dinkes, Puskesmas, kader: children by name, weighing, import |
//! | [`may_move_children`]        | admin, dinkes, Puskesmas: a child's move (pindah) |
//! | [`works_offline`]            | kader: the app installs on the phone, keeps the Posyandu's list and a queue of entries offline |
//! | [`sees_nik`]                 | admin, dinkes: NIK and KK in clear            |
//! | [`answers_for`]              | an organisation's own accounts: RSVP          |
//! | [`keeps_own_administration`] | an admin editing themself stays an active admin |
//! | [`approves_targets`]         | admin, dinkes: lock a year's targets and sasaran, change them after, edit the indicator catalogue |
//! | [`sets_publication`]         | admin, dinkes: what their district publishes on `/publik` and its small-cell thresholds |
//! | [`reach`]                    | the shape of the area a role reaches          |
//! | [`home`]                     | where an account's figures open by default    |
//! | [`home_page`]                | what the home page shows: the Posyandu day (kader), the district scorecard in brief (dinkes, viewer), the wilayah kerja (Puskesmas), commitments (partner), installation health (admin) |
//! | [`scorecard_reach`]          | the district scorecard: the district (admin, dinkes, viewer), its own desa (Puskesmas), none (kader, partner) |
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
    /// The part of the area whose records the account may write, whose invitation to a
    /// meeting makes the meeting visible, and whose ownership of an action makes the action
    /// visible: a Puskesmas without the kecamatan-level partners.
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

/// Installation administration: accounts, the audit log, installation settings.
pub fn administers(actor: &Actor) -> bool {
    actor.role == Role::Admin
}

/// Whether the account writes anything at all (viewers only read).
pub fn writes_at_all(actor: &Actor) -> bool {
    actor.role != Role::Viewer
}

/// District-wide views — overdue actions by sector, the shortage register — for the health
/// offices and leadership: admin, dinkes, viewers and Puskesmas, each within its area. Kader
/// and partners follow their own commitments instead.
pub fn sees_district_views(actor: &Actor) -> bool {
    matches!(actor.role, Role::Admin | Role::Dinkes | Role::Viewer | Role::Puskesmas)
}

/// Redrawing a Puskesmas's wilayah kerja: admin and dinkes only — for a Puskesmas account
/// the wilayah kerja *is* its reach.
pub fn may_redraw_wilayah_kerja(actor: &Actor) -> bool {
    matches!(actor.role, Role::Admin | Role::Dinkes)
}

/// Whether the role works with children by name — registers and weighs them, imports
/// measurements, reads the lists — within its area: admin, dinkes, Puskesmas and kader.
/// Partners and viewers see figures only.
pub fn works_with_children(actor: &Actor) -> bool {
    matches!(actor.role, Role::Admin | Role::Dinkes | Role::Puskesmas | Role::Kader)
}

/// Whether the account's pages install the offline layer on the phone (a service worker, the
/// Posyandu's list in the browser's storage, a queue of entries made without a connection):
/// kader, who weigh in village halls where the signal comes and goes. Other roles work online.
pub fn works_offline(actor: &Actor) -> bool {
    actor.role == Role::Kader
}

/// The district's health office: approves and locks each year's targets and sasaran (and
/// changes them afterwards, with a reason), and keeps the indicator catalogue: admin and
/// dinkes. Puskesmas propose their targets while the year is open.
pub fn approves_targets(actor: &Actor) -> bool {
    matches!(actor.role, Role::Admin | Role::Dinkes)
}

/// Whether the account chooses what a district publishes on the public pages (`/publik`) and
/// the small-cell thresholds: admin, and dinkes for its own district (the caller checks the
/// area with [`area_contains`]).
pub fn sets_publication(actor: &Actor) -> bool {
    matches!(actor.role, Role::Admin | Role::Dinkes)
}

/// Whether a NIK (and a KK number) is shown in clear: admin and dinkes; others see it masked.
pub fn sees_nik(actor: &Actor) -> bool {
    matches!(actor.role, Role::Admin | Role::Dinkes)
}

/// Whether the account answers invitations for `org_id`: its own organisation (or, for a
/// partner or kader, one of its organisation's subtree). District staff do not answer for
/// others.
pub fn answers_for(actor: &Actor, org_id: i64) -> bool {
    actor.org_id == Some(org_id) || matches!(&actor.area, Area::Orgs(ids) if ids.contains(&org_id))
}

/// An administrator editing their own account must stay an active administrator, so that an
/// installation is never left without one by mistake.
pub fn keeps_own_administration(role: Role, active: bool) -> bool {
    active && role == Role::Admin
}

/// The shape of an account's reach, from its role; `app::auth` fills it in from the
/// account's scope organisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reach {
    /// Everything (admin).
    All,
    /// The scope organisation's region and below (dinkes, viewer).
    Region,
    /// A Puskesmas's subtree and wilayah kerja ([`Area::WilayahKerja`]).
    WilayahKerja,
    /// The scope organisation's subtree (kader, partner).
    Subtree,
}

pub fn reach(role: Role) -> Reach {
    match role {
        Role::Admin => Reach::All,
        Role::Dinkes | Role::Viewer => Reach::Region,
        Role::Puskesmas => Reach::WilayahKerja,
        Role::Kader | Role::Partner => Reach::Subtree,
    }
}

/// Where an account's figures open when no place is asked for (the nutrition report, the
/// follow-up list): its region for district accounts and viewers, its Puskesmas or Posyandu,
/// or — for others — the region of its organisation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Home {
    Region(RegionCode),
    Puskesmas(i64),
    Posyandu(i64),
    /// The region where this organisation is located.
    OrgRegion(i64),
    /// No scope organisation: the caller's default place.
    Unscoped,
}

pub fn home(actor: &Actor) -> Home {
    match (&actor.area, actor.role, actor.org_id) {
        (Area::Region(c), _, _) => Home::Region(c.clone()),
        (_, Role::Puskesmas, Some(o)) => Home::Puskesmas(o),
        (_, Role::Kader, Some(o)) => Home::Posyandu(o),
        (_, _, Some(o)) => Home::OrgRegion(o),
        _ => Home::Unscoped,
    }
}

/// What an account's home page answers first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HomePage {
    /// The day of its Posyandu (kader).
    Day(i64),
    /// The district scorecard in brief (dinkes, viewers: Bupati, Sekda, Bappeda).
    District,
    /// Its wilayah kerja: the next Lokmin, actions, follow-up, reporting, coverage.
    Puskesmas(i64),
    /// Its commitments, invitations and agreements (partners; a kader without a Posyandu).
    Partner,
    /// Installation health (admin).
    Admin,
}

pub fn home_page(actor: &Actor) -> HomePage {
    match (actor.role, actor.org_id) {
        (Role::Admin, _) => HomePage::Admin,
        (Role::Dinkes | Role::Viewer, _) => HomePage::District,
        (Role::Puskesmas, Some(o)) => HomePage::Puskesmas(o),
        (Role::Kader, Some(o)) => HomePage::Day(o),
        _ => HomePage::Partner,
    }
}

/// What of the district scorecard an account sees.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScorecardReach {
    /// Every Puskesmas, kecamatan and desa of its area.
    District,
    /// The desa of this Puskesmas only.
    OwnDesa(i64),
}

/// The scorecard: admin, dinkes and viewers see the district; a Puskesmas the desa of its
/// own wilayah kerja; kader and partners none (`None`: 403).
pub fn scorecard_reach(actor: &Actor) -> Option<ScorecardReach> {
    match (actor.role, actor.org_id) {
        (Role::Admin | Role::Dinkes | Role::Viewer, _) => Some(ScorecardReach::District),
        (Role::Puskesmas, Some(o)) => Some(ScorecardReach::OwnDesa(o)),
        _ => None,
    }
}

/// An actor for work started by the installation itself (CLI imports without `--as`, the
/// benchmark): reaches everything, recorded in the audit log under `username`.
pub fn system_actor(username: &str, display_name: &str) -> Actor {
    Actor {
        user_id: 0,
        username: username.to_string(),
        display_name: display_name.to_string(),
        role: Role::Admin,
        org_id: None,
        area: Area::All,
    }
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
