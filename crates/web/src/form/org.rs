//! The organisation form, read into an [`OrgInput`]; the JSON API reads its body with the same
//! [`Reader`] so that both name every bad field at once.

use super::Reader;
use domain::Invalid;
use domain::org::{ExternalId, OrgInput, OrgKind, Sector};
use domain::region::RegionCode;

#[derive(Debug, Clone, Default, serde::Deserialize)]
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
    /// Lines of `system=value`.
    #[serde(default)]
    pub identifiers_text: String,
    /// The region chosen among several of the typed name (a button of the form).
    #[serde(default)]
    pub region_pick: String,
}

/// The parts of an organisation that arrive as words in both the form and the JSON body.
pub(crate) struct Words<'a> {
    pub kind: &'a str,
    pub sector: &'a str,
    pub region_code: &'a str,
}

impl Words<'_> {
    /// Kind, sector (from the kind when empty) and region code; a placeholder for each that
    /// does not parse.
    pub(crate) fn read(&self, r: &mut Reader) -> (OrgKind, Sector, RegionCode) {
        let kind = r.word("kind", self.kind, OrgKind::parse, OrgKind::Other);
        let sector = r
            .opt_word("sector", self.sector, Sector::parse)
            .unwrap_or(kind.default_sector());
        let region_code = r.word(
            "region_code",
            self.region_code,
            RegionCode::parse,
            RegionCode::placeholder(),
        );
        (kind, sector, region_code)
    }
}

impl OrgForm {
    pub fn input(&self) -> Result<OrgInput, Invalid> {
        let mut r = Reader::new();
        let (kind, sector, region_code) = Words {
            kind: &self.kind,
            sector: &self.sector,
            region_code: &self.region_code,
        }
        .read(&mut r);
        let mut identifiers = Vec::new();
        for line in self.identifiers_text.lines().filter(|l| !l.trim().is_empty()) {
            match line.split_once('=').map(|(s, v)| ExternalId::parse(s, v)) {
                Some(Ok(id)) => identifiers.push(id),
                Some(Err(code)) => r.add("identifiers_text", code),
                None => r.add("identifiers_text", "identifier.format"),
            }
        }
        let input = OrgInput {
            name: self.name.clone(),
            code: Some(self.code.clone()),
            kind,
            sector,
            parent_id: r.opt_id("parent_id", &self.parent_id),
            region_code,
            address: Some(self.address.clone()),
            phone: Some(self.phone.clone()),
            identifiers,
        };
        r.finish(input, OrgInput::check)
    }

    /// The form of a stored organisation and its identifiers.
    pub fn of(o: &store::org::Org, identifiers: &[ExternalId]) -> Self {
        OrgForm {
            name: o.name.clone(),
            code: o.code.clone().unwrap_or_default(),
            kind: o.kind.to_string(),
            sector: o.sector.to_string(),
            parent_id: o.parent_id.map(|p| p.to_string()).unwrap_or_default(),
            region_code: o.region_code.clone(),
            address: o.address.clone().unwrap_or_default(),
            phone: o.phone.clone().unwrap_or_default(),
            identifiers_text: identifiers
                .iter()
                .map(|i| format!("{}={}", i.system, i.value))
                .collect::<Vec<_>>()
                .join("\n"),
            region_pick: String::new(),
        }
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
        let o = form("polsek", "15.03.01").input().unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(o.sector, Sector::Security);
        assert_eq!(o.code, None);
    }

    #[test]
    fn every_bad_field_is_named() {
        let f = OrgForm {
            code: "a b".into(),
            kind: "castle".into(),
            region_code: "1".into(),
            parent_id: "x".into(),
            ..Default::default()
        };
        let e = f.input().err().unwrap_or_default();
        for field in ["name", "code", "kind", "region_code", "parent_id"] {
            assert!(e.code_for(field).is_some(), "{field}");
        }
    }

    #[test]
    fn identifiers_lines_parse() {
        let mut f = form("puskesmas", "15.03.01");
        f.identifiers_text = "kemenkes-puskesmas = P1503010101\nsatusehat=abc\n".into();
        let o = f.input().unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(o.identifiers.len(), 2);
        f.identifiers_text = "nonsense".into();
        assert_eq!(
            f.input().err().and_then(|e| e.code_for("identifiers_text")),
            Some("identifier.format")
        );
    }
}
