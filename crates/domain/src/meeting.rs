//! Coordination meetings: forums (recurring meetings of an organisation), their yearly
//! schedules, meetings, agenda and minutes, attendance, and agreements reached (kesepakatan).

use crate::enums::str_enum;
use crate::error::{Invalid, optional_text, required_text};
use chrono::{Datelike, NaiveDate};

str_enum! {
    /// The kind of a recurring meeting (or of a one-off meeting).
    ForumKind {
        LokminBulanan = "lokmin_bulanan",
        LokminTribulanan = "lokmin_tribulanan",
        RakorKesehatan = "rakor_kesehatan",
        RakorPokjanal = "rakor_pokjanal",
        RembukStunting = "rembuk_stunting",
        AgreementTalks = "agreement_talks",
        Other = "other",
    }
}

str_enum! {
    /// Administrative level a meeting works at.
    MeetingLevel {
        Desa = "desa",
        Kecamatan = "kecamatan",
        District = "district",
        Province = "province",
    }
}

str_enum! {
    MeetingStatus {
        Scheduled = "scheduled",
        Held = "held",
        Cancelled = "cancelled",
    }
}

str_enum! {
    /// How an organisation takes part in a meeting (`meeting_orgs.role`).
    OrgRole {
        Host = "host",
        CoHost = "co_host",
        Invited = "invited",
        /// Not invited, but its people were recorded as present.
        WalkIn = "walk_in",
    }
}

impl OrgRole {
    /// Hosts and co-hosts run the meeting (edit it, file its RTL).
    pub fn hosts(self) -> bool {
        matches!(self, OrgRole::Host | OrgRole::CoHost)
    }
    /// Those asked to come: the invited and the co-hosts (the host is there by definition).
    pub fn is_guest(self) -> bool {
        matches!(self, OrgRole::Invited | OrgRole::CoHost)
    }
}

/// The choice of the invitation form: invite, make co-host, or remove (`none`).
pub fn parse_invitation(s: &str) -> Result<Option<OrgRole>, &'static str> {
    match s.trim() {
        "none" => Ok(None),
        "invited" => Ok(Some(OrgRole::Invited)),
        "co_host" => Ok(Some(OrgRole::CoHost)),
        _ => Err("choice.unknown"),
    }
}

str_enum! {
    /// An invited organisation's answer (RSVP).
    Rsvp {
        Yes = "yes",
        No = "no",
        Maybe = "maybe",
    }
}

impl ForumKind {
    /// Months in which the forum meets by default: Lokmin bulanan every month, Lokmin
    /// tribulanan in February, May, August and November (KMK 2015/2023), others once a year
    /// unless scheduled by hand.
    pub fn default_months(self) -> &'static [u32] {
        match self {
            ForumKind::LokminBulanan => &[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12],
            ForumKind::LokminTribulanan => &[2, 5, 8, 11],
            ForumKind::RakorPokjanal => &[3, 9],
            _ => &[],
        }
    }
    pub fn default_level(self) -> MeetingLevel {
        match self {
            ForumKind::LokminBulanan | ForumKind::LokminTribulanan => MeetingLevel::Kecamatan,
            _ => MeetingLevel::District,
        }
    }
    /// Whether the first meeting of a year is the penggalangan (team-building) Lokmin.
    pub fn has_penggalangan(self) -> bool {
        matches!(self, ForumKind::LokminBulanan | ForumKind::LokminTribulanan)
    }
}

/// The `n`-th `weekday` of a month (n from 1), or the last one if the month has fewer.
pub fn nth_weekday(year: i32, month: u32, weekday: chrono::Weekday, n: u32) -> Option<NaiveDate> {
    let first = NaiveDate::from_ymd_opt(year, month, 1)?;
    let offset = (7 + weekday.num_days_from_monday() as i64 - first.weekday().num_days_from_monday() as i64) % 7;
    let mut d = first + chrono::Duration::days(offset + 7 * (n.max(1) as i64 - 1));
    while d.month() != month {
        d -= chrono::Duration::days(7);
    }
    Some(d)
}

/// The dates of a year's schedule: in each of `months`, the `n`-th `weekday`.
pub fn schedule(year: i32, months: &[u32], weekday: chrono::Weekday, n: u32) -> Vec<NaiveDate> {
    months
        .iter()
        .filter_map(|m| nth_weekday(year, *m, weekday, n))
        .collect()
}

#[derive(Debug, Clone, PartialEq)]
pub struct ForumInput {
    pub name: String,
    pub kind: ForumKind,
    pub org_id: i64,
    pub level: MeetingLevel,
}

impl ForumInput {
    /// The forum rules: a name of at most 200 characters. Returns the name trimmed.
    pub fn check(self) -> Result<ForumInput, Invalid> {
        let name = required_text(&self.name, 200).map_err(|code| Invalid::one("name", code))?;
        Ok(ForumInput { name, ..self })
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct MeetingInput {
    pub title: String,
    pub kind: ForumKind,
    pub forum_id: Option<i64>,
    pub host_org_id: i64,
    pub level: MeetingLevel,
    pub held_on: NaiveDate,
    pub start_time: Option<String>,
    pub place: Option<String>,
    pub chair: Option<String>,
    pub first_of_year: bool,
}

fn parse_time(s: &str) -> Result<Option<String>, &'static str> {
    let t = s.trim();
    if t.is_empty() {
        return Ok(None);
    }
    let t = t.replace('.', ":");
    match chrono::NaiveTime::parse_from_str(&t, "%H:%M") {
        Ok(v) => Ok(Some(v.format("%H:%M").to_string())),
        Err(_) => Err("time.format"),
    }
}

fn opt_text(s: &Option<String>, max: usize) -> Result<Option<String>, &'static str> {
    optional_text(s.as_deref().unwrap_or_default(), max)
}

impl MeetingInput {
    /// The meeting rules: a title, a start time `HH:MM` (or `HH.MM`), texts within their
    /// lengths. Returns the input normalised (text trimmed, empty text `None`, the time as
    /// `HH:MM`).
    pub fn check(self) -> Result<MeetingInput, Invalid> {
        let mut inv = Invalid::new();
        let title = inv.check("title", required_text(&self.title, 300));
        let start_time = inv.check("start_time", parse_time(self.start_time.as_deref().unwrap_or_default()));
        let place = inv.check("place", opt_text(&self.place, 300));
        let chair = inv.check("chair", opt_text(&self.chair, 200));
        match (title, start_time, place, chair) {
            (Some(title), Some(start_time), Some(place), Some(chair)) if inv.is_empty() => Ok(MeetingInput {
                title,
                start_time,
                place,
                chair,
                ..self
            }),
            _ => Err(inv),
        }
    }
}

/// One attendee as typed at the door: a known person, or a walk-in by name.
#[derive(Debug, Clone, PartialEq)]
pub struct AttendeeInput {
    pub person_id: Option<i64>,
    pub name: String,
    pub org_id: Option<i64>,
    pub org_name: Option<String>,
    pub position: Option<String>,
}

impl AttendeeInput {
    /// The attendee rules: a known person or a name, a known organisation or its name, texts
    /// within their lengths. Returns the input normalised (text trimmed; the name is empty for
    /// a known person typed without one).
    pub fn check(self) -> Result<AttendeeInput, Invalid> {
        let mut inv = Invalid::new();
        let name = inv.check("name", optional_text(&self.name, 200));
        let org_name = inv.check("org_name", opt_text(&self.org_name, 200));
        let position = inv.check("position", opt_text(&self.position, 120));
        if self.person_id.is_none() && matches!(name, Some(None)) {
            inv.add("name", "required");
        }
        if self.org_id.is_none() && matches!(org_name, Some(None)) {
            inv.add("org_name", "attendance.org_required");
        }
        match (name, org_name, position) {
            (Some(name), Some(org_name), Some(position)) if inv.is_empty() => Ok(AttendeeInput {
                name: name.unwrap_or_default(),
                org_name,
                position,
                ..self
            }),
            _ => Err(inv),
        }
    }
}

/// Parses fast attendance entry: one attendee per line, `name; organisation; position`
/// (comma or tab also separate). Blank lines are skipped; line numbers are 1-based.
pub fn parse_attendance_lines(text: &str) -> Result<Vec<(String, String, Option<String>)>, Invalid> {
    let mut inv = Invalid::new();
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let sep = if line.contains(';') {
            ';'
        } else if line.contains('\t') {
            '\t'
        } else {
            ','
        };
        let parts: Vec<&str> = line.split(sep).map(str::trim).collect();
        let name = parts.first().copied().unwrap_or("");
        let org = parts.get(1).copied().unwrap_or("");
        if name.is_empty() || org.is_empty() {
            inv.add_detail("lines", "attendance.line_format", format!("{}: {line}", i + 1));
            continue;
        }
        if name.chars().count() > 200 || org.chars().count() > 200 {
            inv.add_detail("lines", "too_long", format!("{}", i + 1));
            continue;
        }
        let pos = parts.get(2).map(|p| p.to_string()).filter(|p| !p.is_empty());
        out.push((name.to_string(), org.to_string(), pos));
    }
    inv.into_result()?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Weekday;

    #[test]
    fn tribulanan_meets_in_feb_may_aug_nov() {
        let d = schedule(2024, ForumKind::LokminTribulanan.default_months(), Weekday::Tue, 2);
        let months: Vec<u32> = d.iter().map(|d| d.month()).collect();
        assert_eq!(months, vec![2, 5, 8, 11]);
        assert!(
            d.iter()
                .all(|d| d.weekday() == Weekday::Tue && (8..=14).contains(&d.day()))
        );
    }

    #[test]
    fn fifth_weekday_falls_back_to_the_last() {
        let d = nth_weekday(2024, 2, Weekday::Mon, 5).unwrap_or_default();
        assert_eq!(d, NaiveDate::from_ymd_opt(2024, 2, 26).unwrap_or_default());
    }

    fn meeting() -> MeetingInput {
        MeetingInput {
            title: " Lokmin Februari ".into(),
            kind: ForumKind::LokminBulanan,
            forum_id: None,
            host_org_id: 2,
            level: MeetingLevel::Kecamatan,
            held_on: NaiveDate::from_ymd_opt(2024, 2, 5).unwrap_or_default(),
            start_time: Some("9.30".into()),
            place: Some(" ".into()),
            chair: None,
            first_of_year: false,
        }
    }

    #[test]
    fn a_checked_meeting_is_normalised() {
        let Ok(m) = meeting().check() else { panic!("valid") };
        assert_eq!(m.title, "Lokmin Februari");
        assert_eq!((m.start_time.as_deref(), m.place), (Some("09:30"), None));
        let bad = MeetingInput {
            title: " ".into(),
            start_time: Some("25:00".into()),
            chair: Some("c".repeat(201)),
            ..meeting()
        };
        let Err(e) = bad.check() else { panic!("invalid") };
        let got: Vec<_> = e.0.iter().map(|f| (f.field.as_str(), f.code)).collect();
        assert_eq!(
            got,
            [
                ("title", "required"),
                ("start_time", "time.format"),
                ("chair", "too_long")
            ]
        );
    }

    #[test]
    fn a_forum_needs_a_name() {
        let f = ForumInput {
            name: "  ".into(),
            kind: ForumKind::Other,
            org_id: 1,
            level: MeetingLevel::District,
        };
        assert_eq!(
            f.clone().check().err().and_then(|e| e.code_for("name")),
            Some("required")
        );
        let named = ForumInput {
            name: " Rakor ".into(),
            ..f
        };
        assert_eq!(named.check().map(|f| f.name), Ok("Rakor".to_string()));
    }

    #[test]
    fn an_attendee_is_a_person_or_a_name_with_an_organisation() {
        let walk_in = AttendeeInput {
            person_id: None,
            name: " ".into(),
            org_id: None,
            org_name: None,
            position: None,
        };
        let Err(e) = walk_in.clone().check() else {
            panic!("invalid")
        };
        assert_eq!(
            (e.code_for("name"), e.code_for("org_name")),
            (Some("required"), Some("attendance.org_required"))
        );
        let known = AttendeeInput {
            person_id: Some(7),
            org_id: Some(3),
            position: Some(" Camat ".into()),
            ..walk_in
        };
        let Ok(a) = known.check() else { panic!("valid") };
        assert_eq!((a.name.as_str(), a.position.as_deref()), ("", Some("Camat")));
    }

    #[test]
    fn attendance_lines_name_the_bad_line() {
        let r = parse_attendance_lines("Budi; Polsek Kedurang; Kapolsek\n\nSiti\n");
        let e = r.err().unwrap_or_default();
        assert_eq!(e.0.len(), 1);
        assert!(e.0[0].detail.as_deref().unwrap_or("").starts_with("3:"));
        let ok = parse_attendance_lines("Budi, Koramil Kedurang\nAni\tSD 1 Kedurang\tGuru").unwrap_or_default();
        assert_eq!(ok.len(), 2);
        assert_eq!(ok[1].2.as_deref(), Some("Guru"));
    }
}
