//! Kemendagri region codes (`PP.KK.CC.DDDD`) and the forgiving name key used for search.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Level of a region in the Kemendagri tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RegionLevel {
    Province = 1,
    Regency = 2,
    District = 3,
    Village = 4,
}

impl RegionLevel {
    pub fn from_i16(v: i16) -> Option<Self> {
        match v {
            1 => Some(Self::Province),
            2 => Some(Self::Regency),
            3 => Some(Self::District),
            4 => Some(Self::Village),
            _ => None,
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Province => "province",
            Self::Regency => "regency",
            Self::District => "district",
            Self::Village => "village",
        }
    }
    /// The child level, if any.
    pub fn child(self) -> Option<Self> {
        Self::from_i16(self as i16 + 1)
    }
}

/// A validated Kemendagri code such as `15`, `15.03`, `15.03.01` or `15.03.01.2001`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct RegionCode(String);

impl RegionCode {
    /// Parses a code written with dots (`15.03.01.2001`) or as bare digits (`1503012001`).
    pub fn parse(s: &str) -> Result<Self, &'static str> {
        let s = s.trim();
        if s.contains('.') {
            let parts: Vec<&str> = s.split('.').collect();
            let widths = [2, 2, 2, 4];
            if parts.len() > 4
                || parts
                    .iter()
                    .zip(widths)
                    .any(|(p, w)| p.len() != w || !p.bytes().all(|b| b.is_ascii_digit()))
            {
                return Err("region_code.format");
            }
            Ok(Self(s.to_string()))
        } else {
            if !s.bytes().all(|b| b.is_ascii_digit()) {
                return Err("region_code.format");
            }
            let dotted = match s.len() {
                2 => s.to_string(),
                4 => format!("{}.{}", &s[..2], &s[2..]),
                6 => format!("{}.{}.{}", &s[..2], &s[2..4], &s[4..]),
                10 => format!("{}.{}.{}.{}", &s[..2], &s[2..4], &s[4..6], &s[6..]),
                _ => return Err("region_code.format"),
            };
            Ok(Self(dotted))
        }
    }
    /// A code that names no region (`00`), for a form field that did not parse: it lets the
    /// other fields be checked while the field itself reports its own error.
    pub fn placeholder() -> Self {
        Self("00".into())
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
    pub fn level(&self) -> RegionLevel {
        match self.0.matches('.').count() {
            0 => RegionLevel::Province,
            1 => RegionLevel::Regency,
            2 => RegionLevel::District,
            _ => RegionLevel::Village,
        }
    }
    pub fn parent(&self) -> Option<RegionCode> {
        self.0.rfind('.').map(|i| RegionCode(self.0[..i].to_string()))
    }
    /// True when `self` is `other` or lies below it in the tree.
    pub fn is_within(&self, other: &RegionCode) -> bool {
        self.0 == other.0 || (self.0.starts_with(&other.0) && self.0.as_bytes().get(other.0.len()) == Some(&b'.'))
    }
}

impl fmt::Display for RegionCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}
impl TryFrom<String> for RegionCode {
    type Error = &'static str;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}
impl From<RegionCode> for String {
    fn from(c: RegionCode) -> String {
        c.0
    }
}

pub use crate::text::name_key;

/// What a search query asks for: a code prefix (digits and dots) or a name fragment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RegionQuery {
    CodePrefix(String),
    Name(String),
    Empty,
}

impl RegionQuery {
    pub fn parse(q: &str) -> Self {
        let q = q.trim();
        if q.is_empty() {
            return Self::Empty;
        }
        if q.chars().all(|c| c.is_ascii_digit() || c == '.' || c == ' ') && q.chars().any(|c| c.is_ascii_digit()) {
            let digits: String = q.chars().filter(|c| c.is_ascii_digit()).collect();
            // Re-insert dots at Kemendagri segment boundaries so a prefix of digits matches.
            let mut dotted = String::new();
            for (i, ch) in digits.chars().enumerate() {
                if i == 2 || i == 4 || i == 6 {
                    dotted.push('.');
                }
                dotted.push(ch);
            }
            return Self::CodePrefix(dotted);
        }
        let key = name_key(q);
        if key.is_empty() { Self::Empty } else { Self::Name(key) }
    }
}

crate::enums::str_enum! {
    /// What a region is called in the Kemendagri data, by level: a province, a regency
    /// (kabupaten or kota), a kecamatan, a village (desa, kelurahan or desa adat).
    RegionKind {
        Provinsi = "provinsi",
        Kabupaten = "kabupaten",
        Kota = "kota",
        Kecamatan = "kecamatan",
        Desa = "desa",
        Kelurahan = "kelurahan",
        DesaAdat = "desa_adat",
    }
}

impl RegionKind {
    /// The kind of the region `code` at `level` (1 province … 4 village).
    pub fn of(level: i16, code: &str) -> RegionKind {
        match level {
            1 => RegionKind::Provinsi,
            2 => regency_kind(code),
            3 => RegionKind::Kecamatan,
            _ => village_kind(code),
        }
    }
}

/// Kind of a village row in the Kemendagri data (`1xxx` kelurahan, `2xxx` desa, `3xxx` desa adat).
fn village_kind(code: &str) -> RegionKind {
    match code.rsplit('.').next().and_then(|s| s.chars().next()) {
        Some('1') => RegionKind::Kelurahan,
        Some('3') => RegionKind::DesaAdat,
        _ => RegionKind::Desa,
    }
}

/// Kind of a regency (`01`–`69` kabupaten, `71`–`99` kota).
fn regency_kind(code: &str) -> RegionKind {
    match code.rsplit('.').next().and_then(|s| s.parse::<u8>().ok()) {
        Some(n) if n >= 71 => RegionKind::Kota,
        _ => RegionKind::Kabupaten,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_follow_level_and_code() {
        let kinds: Vec<RegionKind> = [
            (1, "15"),
            (2, "15.03"),
            (2, "15.71"),
            (3, "15.03.01"),
            (4, "15.03.01.1001"),
            (4, "15.03.01.2001"),
            (4, "91.01.01.3001"),
        ]
        .iter()
        .map(|(l, c)| RegionKind::of(*l, c))
        .collect();
        use RegionKind::*;
        assert_eq!(kinds, [Provinsi, Kabupaten, Kota, Kecamatan, Kelurahan, Desa, DesaAdat]);
    }

    #[test]
    fn codes_parse_with_or_without_dots() {
        assert_eq!(RegionCode::parse("1503012001").map(|c| c.0), Ok("15.03.01.2001".into()));
        assert_eq!(
            RegionCode::parse(" 15.03 ").map(|c| c.level()),
            Ok(RegionLevel::Regency)
        );
        assert!(RegionCode::parse("15.3").is_err());
        assert!(RegionCode::parse("15.03.01.2001.1").is_err());
        assert!(RegionCode::parse("abc").is_err());
        assert!(RegionCode::parse("").is_err());
    }

    #[test]
    fn within_respects_segment_boundaries() {
        let a = RegionCode::parse("15.03.01").unwrap_or_else(|_| unreachable!());
        let b = RegionCode::parse("15.03").unwrap_or_else(|_| unreachable!());
        let c = RegionCode::parse("15.0").map(|_| ()).is_err();
        assert!(a.is_within(&b));
        assert!(!b.is_within(&a));
        assert!(c);
    }

    #[test]
    fn sloppy_names_meet_on_the_key() {
        assert!(name_key("Kota Pangkal Pinang").contains(&name_key("pangkalpinang")));
        assert_eq!(name_key("Ra'as"), "raas");
        assert_eq!(RegionQuery::parse("1971"), RegionQuery::CodePrefix("19.71".into()));
        assert_eq!(RegionQuery::parse("19.71"), RegionQuery::CodePrefix("19.71".into()));
        assert_eq!(RegionQuery::parse("%_'"), RegionQuery::Empty);
    }
}
