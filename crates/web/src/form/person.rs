//! The person and position forms, read into [`PersonInput`] and [`PositionInput`]; the JSON
//! API reads NIK and position words with the same functions.

use super::Reader;
use domain::Invalid;
use domain::person::{Nik, PersonInput, PositionInput, PositionKind, is_masked_nik};

#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct PersonForm {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub nik: String,
}

/// A NIK field: empty, the masked text shown to a role that may not see NIK (kept), or 16
/// digits.
pub(crate) fn read_nik(r: &mut Reader, s: &str) -> (Option<Nik>, bool) {
    if is_masked_nik(s) {
        (None, true)
    } else {
        (r.opt_word("nik", s, Nik::parse), false)
    }
}

impl PersonForm {
    pub fn input(&self) -> Result<PersonInput, Invalid> {
        let mut r = Reader::new();
        let (nik, nik_masked) = read_nik(&mut r, &self.nik);
        let input = PersonInput {
            name: self.name.clone(),
            phone: Some(self.phone.clone()),
            email: Some(self.email.clone()),
            nik,
            nik_masked,
        };
        r.finish(input, PersonInput::check)
    }
}

#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct PositionForm {
    #[serde(default)]
    pub org_id: String,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub started_on: String,
    #[serde(default)]
    pub ended_on: String,
}

/// A position's kind; empty is `other` (a post named by its title).
pub(crate) fn read_position_kind(r: &mut Reader, s: &str) -> PositionKind {
    r.opt_word("kind", s, PositionKind::parse)
        .unwrap_or(PositionKind::Other)
}

impl PositionForm {
    pub fn input(&self) -> Result<PositionInput, Invalid> {
        let mut r = Reader::new();
        let input = PositionInput {
            org_id: r.id("org_id", &self.org_id),
            kind: read_position_kind(&mut r, &self.kind),
            title: Some(self.title.clone()),
            started_on: r.opt_date("started_on", &self.started_on),
            ended_on: r.opt_date("ended_on", &self.ended_on),
        };
        r.finish(input, PositionInput::check)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_either_spelling_and_their_order() {
        let f = PositionForm {
            org_id: "1".into(),
            kind: "kapolsek".into(),
            started_on: "01/02/2024".into(),
            ended_on: "2023-01-01".into(),
            ..Default::default()
        };
        assert_eq!(
            f.input().err().and_then(|e| e.code_for("ended_on")),
            Some("date.end_before_start")
        );
        let bad = PositionForm {
            org_id: "".into(),
            kind: "raja".into(),
            started_on: "kemarin".into(),
            ..f
        };
        let e = bad.input().err().unwrap_or_default();
        assert_eq!(
            [e.code_for("org_id"), e.code_for("kind"), e.code_for("started_on")],
            [Some("required"), Some("choice.unknown"), Some("date.format")]
        );
    }

    #[test]
    fn a_masked_nik_is_kept_a_bad_one_is_named() {
        let f = PersonForm {
            name: "Siti".into(),
            nik: "1503••••••••0001".into(),
            ..Default::default()
        };
        assert_eq!(f.input().map(|p| (p.nik, p.nik_masked)), Ok((None, true)));
        let bad = PersonForm {
            nik: "123".into(),
            name: String::new(),
            ..f
        };
        let e = bad.input().err().unwrap_or_default();
        assert_eq!(
            [e.code_for("nik"), e.code_for("name")],
            [Some("nik.length"), Some("required")]
        );
    }
}
