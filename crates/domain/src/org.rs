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
    }
}

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

/// The raw form of an organisation as typed by a user or sent in JSON.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct OrgForm {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub code: String,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub sector: String,
    #[serde(default)]
    pub parent_id: String,
    #[serde(default)]
    pub region_code: String,
    #[serde(default)]
    pub address: String,
    #[serde(default)]
    pub phone: String,
    /// Lines of `system=value` (web form) — the API sends `identifiers` instead.
    #[serde(default)]
    pub identifiers_text: String,
    #[serde(default)]
    pub identifiers: Vec<ExternalIdForm>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct ExternalIdForm {
    pub system: String,
    pub value: String,
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

impl OrgForm {
    pub fn validate(&self) -> Result<OrgInput, Invalid> {
        let mut inv = Invalid::new();
        let name = inv.check("name", required_text(&self.name, 200));
        let code = inv.check("code", parse_org_code(&self.code));
        let kind = inv.check(
            "kind",
            if self.kind.trim().is_empty() {
                Err("required")
            } else {
                OrgKind::parse(&self.kind)
            },
        );
        let sector = if self.sector.trim().is_empty() {
            kind.map(OrgKind::default_sector)
        } else {
            inv.check("sector", Sector::parse(&self.sector))
        };
        let parent_id = inv.check(
            "parent_id",
            match self.parent_id.trim() {
                "" => Ok(None),
                s => s.parse::<i64>().map(Some).map_err(|_| "number.format"),
            },
        );
        let region_code = inv.check(
            "region_code",
            if self.region_code.trim().is_empty() {
                Err("required")
            } else {
                RegionCode::parse(&self.region_code)
            },
        );
        if let (Some(k), Some(rc)) = (kind, region_code.as_ref())
            && let Some(level) = k.region_level()
            && rc.level() != level
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
        let address = inv.check("address", optional_text(&self.address, 300));
        let phone = inv.check("phone", crate::person::parse_phone(&self.phone));
        let mut identifiers = Vec::new();
        for line in self.identifiers_text.lines().filter(|l| !l.trim().is_empty()) {
            match line.split_once('=') {
                Some((s, v)) => {
                    if let Some(id) = inv.check("identifiers_text", ExternalId::parse(s, v)) {
                        identifiers.push(id);
                    }
                }
                None => inv.add("identifiers_text", "identifier.format"),
            }
        }
        for f in &self.identifiers {
            if let Some(id) = inv.check("identifiers", ExternalId::parse(&f.system, &f.value)) {
                identifiers.push(id);
            }
        }
        let mut seen = std::collections::HashSet::new();
        if !identifiers.iter().all(|i| seen.insert(i.system.clone())) {
            inv.add("identifiers_text", "identifier.duplicate_system");
        }
        inv.clone().into_result()?;
        match (name, code, kind, sector, parent_id, region_code, address, phone) {
            (
                Some(name),
                Some(code),
                Some(kind),
                Some(sector),
                Some(parent_id),
                Some(region_code),
                Some(address),
                Some(phone),
            ) => Ok(OrgInput {
                name,
                code,
                kind,
                sector,
                parent_id,
                region_code,
                address,
                phone,
                identifiers,
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

    fn form(kind: &str, region: &str) -> OrgForm {
        OrgForm {
            name: "X".into(),
            kind: kind.into(),
            region_code: region.into(),
            ..Default::default()
        }
    }

    #[test]
    fn sector_defaults_from_kind() {
        let o = form("polsek", "15.03.01").validate().unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(o.sector, Sector::Security);
    }

    #[test]
    fn posyandu_must_be_in_a_desa() {
        let e = form("posyandu", "15.03.01").validate().err().unwrap_or_default();
        assert_eq!(e.code_for("region_code"), Some("org.region_level_village"));
    }

    #[test]
    fn every_bad_field_is_named() {
        let f = OrgForm {
            code: "a b".into(),
            kind: "castle".into(),
            region_code: "1".into(),
            ..Default::default()
        };
        let e = f.validate().err().unwrap_or_default();
        for field in ["name", "code", "kind", "region_code"] {
            assert!(e.code_for(field).is_some(), "{field}");
        }
    }

    #[test]
    fn identifiers_lines_parse() {
        let mut f = form("puskesmas", "15.03.01");
        f.identifiers_text = "kemenkes-puskesmas = P1503010101\nsatusehat=abc\n".into();
        let o = f.validate().unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(o.identifiers.len(), 2);
        f.identifiers_text = "nonsense".into();
        assert!(f.validate().is_err());
    }
}
