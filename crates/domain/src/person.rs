//! People and the positions they hold in organisations over time. The office stays when the
//! holder changes: a position is (person, organisation, kind, title, start, end).

use crate::enums::str_enum;
use crate::error::{Invalid, optional_text, required_text};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Nomor Induk Kependudukan: exactly 16 digits (spaces and dots typed by users are dropped).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Nik(String);

impl Nik {
    pub fn parse(s: &str) -> Result<Self, &'static str> {
        let digits: String = s.chars().filter(|c| !matches!(c, ' ' | '.' | '-')).collect();
        if !digits.chars().all(|c| c.is_ascii_digit()) {
            return Err("nik.digits");
        }
        if digits.len() != 16 {
            return Err("nik.length");
        }
        if digits.chars().all(|c| c == '0') {
            return Err("nik.digits");
        }
        Ok(Self(digits))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
    /// `1503••••••••0001`: the first four (province and regency) and last four digits only.
    pub fn masked(&self) -> String {
        mask_nik(&self.0)
    }
}

/// Masks any stored NIK text the same way as [`Nik::masked`].
pub fn mask_nik(s: &str) -> String {
    let n = s.chars().count();
    if n <= 8 {
        return "•".repeat(n);
    }
    s.chars()
        .enumerate()
        .map(|(i, c)| if i < 4 || i >= n - 4 { c } else { '•' })
        .collect()
}

/// An Indonesian phone number: digits, optional leading `+`, 8–15 digits; stored as typed
/// without spaces or dashes.
pub fn parse_phone(s: &str) -> Result<Option<String>, &'static str> {
    let t: String = s
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '(' | ')' | '.'))
        .collect();
    if t.is_empty() {
        return Ok(None);
    }
    let digits = t.strip_prefix('+').unwrap_or(&t);
    if !digits.chars().all(|c| c.is_ascii_digit()) || !(8..=15).contains(&digits.len()) {
        return Err("phone.format");
    }
    Ok(Some(t))
}

str_enum! {
    /// Kinds of position that the product knows by name; anything else is `other` + title.
    PositionKind {
        Head = "head",
        Camat = "camat",
        KepalaDesa = "kepala_desa",
        Kapolsek = "kapolsek",
        Bhabinkamtibmas = "bhabinkamtibmas",
        Danramil = "danramil",
        Babinsa = "babinsa",
        BidanDesa = "bidan_desa",
        Kader = "kader",
        ProgramHolder = "program_holder",
        Staff = "staff",
        Chair = "chair",
        Member = "member",
        Other = "other",
    }
}

impl PositionKind {
    /// The one who leads the organisation (its head, camat, kepala desa, Kapolsek, Danramil,
    /// chair): the first to write to on its behalf.
    pub fn leads(self) -> bool {
        matches!(
            self,
            PositionKind::Head
                | PositionKind::Camat
                | PositionKind::KepalaDesa
                | PositionKind::Kapolsek
                | PositionKind::Danramil
                | PositionKind::Chair
        )
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PersonInput {
    pub name: String,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub nik: Option<Nik>,
    /// The NIK field came back as the masked text a role that may not see NIK was shown
    /// (see [`is_masked_nik`]): the stored NIK stays as it is.
    #[serde(skip)]
    pub nik_masked: bool,
}

/// Whether a NIK text is the masked form shown to roles that may not see NIK.
pub fn is_masked_nik(s: &str) -> bool {
    s.contains('•')
}

fn parse_email(s: &str) -> Result<Option<String>, &'static str> {
    let t = s.trim();
    if t.is_empty() {
        return Ok(None);
    }
    match t.split_once('@') {
        Some((a, b)) if !a.is_empty() && b.contains('.') && !t.contains(' ') && t.len() <= 200 => {
            Ok(Some(t.to_string()))
        }
        _ => Err("email.format"),
    }
}

impl PersonInput {
    /// A person's own rules: a name, a well-formed phone number and e-mail address. Returns
    /// the input normalised.
    pub fn check(self) -> Result<PersonInput, Invalid> {
        let mut inv = Invalid::new();
        let name = inv.check("name", required_text(&self.name, 200));
        let phone = inv.check("phone", parse_phone(self.phone.as_deref().unwrap_or("")));
        let email = inv.check("email", parse_email(self.email.as_deref().unwrap_or("")));
        match (name, phone, email) {
            (Some(name), Some(phone), Some(email)) if inv.is_empty() => Ok(PersonInput {
                name,
                phone,
                email,
                ..self
            }),
            _ => Err(inv),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PositionInput {
    pub org_id: i64,
    pub kind: PositionKind,
    pub title: Option<String>,
    pub started_on: Option<NaiveDate>,
    pub ended_on: Option<NaiveDate>,
}

/// Parses `YYYY-MM-DD` (what `<input type=date>` sends) or `DD/MM/YYYY` / `DD-MM-YYYY`.
pub fn parse_date(s: &str) -> Result<Option<NaiveDate>, &'static str> {
    let t = s.trim();
    if t.is_empty() {
        return Ok(None);
    }
    for fmt in ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"] {
        if let Ok(d) = NaiveDate::parse_from_str(t, fmt) {
            if (1900..=2200).contains(&chrono::Datelike::year(&d)) {
                return Ok(Some(d));
            }
            return Err("date.range");
        }
    }
    Err("date.format")
}

impl PositionInput {
    /// A position's own rules: a title of reasonable length, required for `other`, and an
    /// end not before its start.
    pub fn check(self) -> Result<PositionInput, Invalid> {
        let mut inv = Invalid::new();
        let title = inv.check("title", optional_text(self.title.as_deref().unwrap_or(""), 120));
        if let (Some(s), Some(e)) = (self.started_on, self.ended_on)
            && e < s
        {
            inv.add("ended_on", "date.end_before_start");
        }
        if self.kind == PositionKind::Other && matches!(title, Some(None)) {
            inv.add("title", "position.title_required");
        }
        match title {
            Some(title) if inv.is_empty() => Ok(PositionInput { title, ..self }),
            _ => Err(inv),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nik_is_sixteen_digits() {
        assert!(Nik::parse("1503 0112 3456 0001").is_ok());
        assert_eq!(Nik::parse("150301123456000"), Err("nik.length"));
        assert_eq!(Nik::parse("15030112345600x1"), Err("nik.digits"));
        assert_eq!(Nik::parse("' OR 1=1 --"), Err("nik.digits"));
    }

    #[test]
    fn nik_masks_the_middle() {
        let n = Nik::parse("1503011234560001").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(n.masked(), "1503••••••••0001");
    }

    fn position(kind: PositionKind, title: &str) -> PositionInput {
        PositionInput {
            org_id: 1,
            kind,
            title: Some(title.into()),
            started_on: NaiveDate::from_ymd_opt(2024, 2, 1),
            ended_on: NaiveDate::from_ymd_opt(2023, 1, 1),
        }
    }

    #[test]
    fn position_end_after_start() {
        assert_eq!(
            position(PositionKind::Kapolsek, "")
                .check()
                .err()
                .and_then(|e| e.code_for("ended_on")),
            Some("date.end_before_start")
        );
        let ok = PositionInput {
            ended_on: None,
            ..position(PositionKind::Kapolsek, "  ")
        };
        assert_eq!(ok.check().map(|p| p.title), Ok(None));
    }

    #[test]
    fn another_post_needs_a_title() {
        let p = PositionInput {
            ended_on: None,
            ..position(PositionKind::Other, " ")
        };
        assert_eq!(
            p.check().err().and_then(|e| e.code_for("title")),
            Some("position.title_required")
        );
    }

    #[test]
    fn person_text_is_checked_and_trimmed() {
        let p = PersonInput {
            name: " Siti ".into(),
            phone: Some("0812-3456-7890".into()),
            email: Some("bukan email".into()),
            nik: None,
            nik_masked: false,
        };
        assert_eq!(
            p.clone().check().err().and_then(|e| e.code_for("email")),
            Some("email.format")
        );
        let p = PersonInput { email: None, ..p }.check();
        assert_eq!(
            p.map(|p| (p.name, p.phone)),
            Ok(("Siti".to_string(), Some("081234567890".to_string())))
        );
    }
}
