//! Organisations of every sector: kinds, sectors, codes, external identifiers, and the rules
//! of their shape (a Posyandu sits in a desa under a Puskesmas; wilayah kerja are desa).

use crate::error::{Invalid, optional_text, required_text};
use crate::region::{RegionCode, RegionLevel};
use serde::{Deserialize, Serialize};

use crate::enums::str_enum;

str_enum! {
    /// The sector an organisation belongs to (lintas sektor is about crossing these).
    Sector {
        Health = "health",
        Government = "government",
        Security = "security",
        Defence = "defence",
        Education = "education",
        Social = "social",
        Economy = "economy",
        Community = "community",
        Professional = "professional",
        Insurance = "insurance",
        Other = "other",
        /// Not an organisation's: a meeting participant who comes for themselves (a tokoh
        /// agama, a tokoh masyarakat), counted apart from the organisations.
        Personal = "personal",
    }
}

/// The sectors an organisation may have (every one but [`Sector::Personal`]).
pub const ORG_SECTORS: &[Sector] = &[
    Sector::Health,
    Sector::Government,
    Sector::Security,
    Sector::Defence,
    Sector::Education,
    Sector::Social,
    Sector::Economy,
    Sector::Community,
    Sector::Professional,
    Sector::Insurance,
    Sector::Other,
];

str_enum! {
    /// What an organisation is. Each kind has a default sector.
    OrgKind {
        DinkesProvince = "dinkes_province",
        DinkesDistrict = "dinkes_district",
        Puskesmas = "puskesmas",
        Pustu = "pustu",
        Posyandu = "posyandu",
        Hospital = "hospital",
        KecamatanOffice = "kecamatan_office",
        VillageGovernment = "village_government",
        RegionalGovernment = "regional_government",
        Polda = "polda",
        Polres = "polres",
        Polsek = "polsek",
        Kodim = "kodim",
        Koramil = "koramil",
        Education = "education_office",
        School = "school",
        Dpmd = "dpmd",
        P2kb = "p2kb",
        Bappeda = "bappeda",
        SocialAffairs = "social_affairs",
        OtherOpd = "other_opd",
        Pkk = "pkk",
        ProfessionalBody = "professional_body",
        Bpjs = "bpjs",
        CommunityOrg = "community_org",
        Other = "other",
    }
}

impl OrgKind {
    pub fn default_sector(self) -> Sector {
        use OrgKind::*;
        match self {
            DinkesProvince | DinkesDistrict | Puskesmas | Pustu | Posyandu | Hospital => Sector::Health,
            KecamatanOffice | VillageGovernment | RegionalGovernment | Dpmd | Bappeda | OtherOpd => Sector::Government,
            Polda | Polres | Polsek => Sector::Security,
            Kodim | Koramil => Sector::Defence,
            Education | School => Sector::Education,
            P2kb | SocialAffairs => Sector::Social,
            Pkk | CommunityOrg => Sector::Community,
            ProfessionalBody => Sector::Professional,
            Bpjs => Sector::Insurance,
            Other => Sector::Other,
        }
    }
    /// The region level an organisation of this kind is located at, when the kind fixes it.
    pub fn region_level(self) -> Option<RegionLevel> {
        use OrgKind::*;
        match self {
            DinkesProvince | Polda => Some(RegionLevel::Province),
            DinkesDistrict | Polres | Kodim | Bappeda | Dpmd | P2kb | SocialAffairs | Education | Bpjs => {
                Some(RegionLevel::Regency)
            }
            KecamatanOffice | Polsek | Koramil | Puskesmas => Some(RegionLevel::District),
            Posyandu | VillageGovernment => Some(RegionLevel::Village),
            _ => None,
        }
    }
}

/// A short unique code chosen by the office, e.g. `PKM-SRL-01`: letters, digits, `-`, `_`, `.`.
pub fn parse_org_code(s: &str) -> Result<Option<String>, &'static str> {
    let t = s.trim();
    if t.is_empty() {
        return Ok(None);
    }
    if t.len() > 40 {
        return Err("too_long");
    }
    if !t
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
    {
        return Err("org_code.format");
    }
    Ok(Some(t.to_ascii_uppercase()))
}

/// An external identifier of an organisation, e.g. (`kemenkes-puskesmas`, `P1503010101`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExternalId {
    pub system: String,
    pub value: String,
}

impl ExternalId {
    pub fn parse(system: &str, value: &str) -> Result<Self, &'static str> {
        let system = system.trim().to_ascii_lowercase();
        let value = value.trim().to_string();
        if system.is_empty() || value.is_empty() {
            return Err("required");
        }
        if system.len() > 60 || value.len() > 120 {
            return Err("too_long");
        }
        if !system
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | ':' | '/'))
        {
            return Err("identifier.system");
        }
        Ok(Self { system, value })
    }
}

/// A validated organisation, ready to store. Checks that need the database (the region and
/// parent exist, the code is unique) are done by the app layer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OrgInput {
    pub name: String,
    pub code: Option<String>,
    pub kind: OrgKind,
    pub sector: Sector,
    pub parent_id: Option<i64>,
    pub region_code: RegionCode,
    pub address: Option<String>,
    pub phone: Option<String>,
    pub identifiers: Vec<ExternalId>,
}

impl OrgInput {
    /// An organisation of `kind` in `region_code`, of the kind's default sector, with nothing
    /// else set.
    pub fn new(name: impl Into<String>, kind: OrgKind, region_code: RegionCode) -> Self {
        OrgInput {
            name: name.into(),
            code: None,
            kind,
            sector: kind.default_sector(),
            parent_id: None,
            region_code,
            address: None,
            phone: None,
            identifiers: Vec::new(),
        }
    }

    /// The organisation's own rules: a name, a well-formed code, the region level its kind
    /// requires, the lengths of address and phone, well-formed identifiers with one value per
    /// system. Returns the input normalised (trimmed, code in upper case).
    pub fn check(self) -> Result<OrgInput, Invalid> {
        let mut inv = Invalid::new();
        let name = inv.check("name", required_text(&self.name, 200));
        let code = inv.check("code", parse_org_code(self.code.as_deref().unwrap_or("")));
        if self.sector == Sector::Personal {
            inv.add("sector", "choice.unknown");
        }
        if let Some(level) = self.kind.region_level()
            && self.region_code.level() != level
        {
            inv.add(
                "region_code",
                match level {
                    RegionLevel::Province => "org.region_level_province",
                    RegionLevel::Regency => "org.region_level_regency",
                    RegionLevel::District => "org.region_level_district",
                    RegionLevel::Village => "org.region_level_village",
                },
            );
        }
        let address = inv.check("address", optional_text(self.address.as_deref().unwrap_or(""), 300));
        let phone = inv.check("phone", crate::person::parse_phone(self.phone.as_deref().unwrap_or("")));
        let mut identifiers = Vec::new();
        for i in &self.identifiers {
            if let Some(id) = inv.check("identifiers", ExternalId::parse(&i.system, &i.value)) {
                identifiers.push(id);
            }
        }
        let mut seen = std::collections::HashSet::new();
        if !identifiers.iter().all(|i| seen.insert(i.system.clone())) {
            inv.add("identifiers_text", "identifier.duplicate_system");
        }
        match (name, code, address, phone) {
            (Some(name), Some(code), Some(address), Some(phone)) if inv.is_empty() => Ok(OrgInput {
                name,
                code,
                address,
                phone,
                identifiers,
                ..self
            }),
            _ => Err(inv),
        }
    }
}

/// Rules that relate an organisation to its parent, checked once the parent is loaded.
pub fn check_parent(kind: OrgKind, parent_kind: Option<OrgKind>) -> Result<(), &'static str> {
    match (kind, parent_kind) {
        (OrgKind::Posyandu, Some(OrgKind::Puskesmas)) => Ok(()),
        (OrgKind::Posyandu, _) => Err("org.posyandu_parent"),
        (OrgKind::Pustu, Some(OrgKind::Puskesmas)) => Ok(()),
        (OrgKind::Pustu, _) => Err("org.pustu_parent"),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(kind: OrgKind, region: &str) -> OrgInput {
        OrgInput {
            name: " X ".into(),
            code: Some("pkm-01".into()),
            kind,
            sector: kind.default_sector(),
            parent_id: None,
            region_code: RegionCode::parse(region).unwrap_or_else(|e| panic!("{e}")),
            address: Some("  ".into()),
            phone: None,
            identifiers: vec![],
        }
    }

    #[test]
    fn a_checked_organisation_is_normalised() {
        let o = input(OrgKind::Polsek, "15.03.01")
            .check()
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            (o.name.as_str(), o.code.as_deref(), o.address),
            ("X", Some("PKM-01"), None)
        );
    }

    #[test]
    fn posyandu_must_be_in_a_desa() {
        let e = input(OrgKind::Posyandu, "15.03.01").check().err().unwrap_or_default();
        assert_eq!(e.code_for("region_code"), Some("org.region_level_village"));
    }

    #[test]
    fn every_bad_field_is_named() {
        let o = OrgInput {
            name: "".into(),
            code: Some("a b".into()),
            phone: Some("telepon".into()),
            identifiers: vec![
                ExternalId {
                    system: "satusehat".into(),
                    value: "1".into(),
                },
                ExternalId {
                    system: "SATUSEHAT".into(),
                    value: "2".into(),
                },
                ExternalId {
                    system: "a b".into(),
                    value: "3".into(),
                },
            ],
            ..input(OrgKind::Puskesmas, "15")
        };
        let e = o.check().err().unwrap_or_default();
        for (field, code) in [
            ("name", "required"),
            ("code", "org_code.format"),
            ("region_code", "org.region_level_district"),
            ("identifiers", "identifier.system"),
            ("identifiers_text", "identifier.duplicate_system"),
        ] {
            assert_eq!(e.code_for(field), Some(code), "{field}");
        }
        assert!(e.code_for("phone").is_some());
    }
}
