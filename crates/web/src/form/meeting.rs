//! The forum, meeting and attendee forms, read into [`ForumInput`], [`MeetingInput`] and
//! [`AttendeeInput`].

use super::Reader;
use domain::Invalid;
use domain::meeting::{AttendeeInput, ForumInput, ForumKind, MeetingInput, MeetingLevel};

fn text(s: &str) -> Option<String> {
    Some(s.to_string()).filter(|s| !s.trim().is_empty())
}

#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct ForumForm {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub org_id: String,
    #[serde(default)]
    pub level: String,
}

impl ForumForm {
    /// An empty level is the kind's usual one.
    pub fn input(&self) -> Result<ForumInput, Invalid> {
        let mut r = Reader::new();
        let kind = r.word("kind", &self.kind, ForumKind::parse, ForumKind::Other);
        let org_id = r.id("org_id", &self.org_id);
        let level = r
            .opt_word("level", &self.level, MeetingLevel::parse)
            .unwrap_or(kind.default_level());
        let input = ForumInput {
            name: self.name.clone(),
            kind,
            org_id,
            level,
        };
        r.finish(input, ForumInput::check)
    }
}

#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct MeetingForm {
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub forum_id: String,
    #[serde(default)]
    pub host_org_id: String,
    #[serde(default)]
    pub level: String,
    #[serde(default)]
    pub held_on: String,
    #[serde(default)]
    pub start_time: String,
    #[serde(default)]
    pub place: String,
    #[serde(default)]
    pub chair: String,
    #[serde(default)]
    pub first_of_year: Option<String>,
}

impl MeetingForm {
    /// An empty kind is `other`; an empty level is the kind's usual one.
    pub fn input(&self) -> Result<MeetingInput, Invalid> {
        let mut r = Reader::new();
        let kind = r
            .opt_word("kind", &self.kind, ForumKind::parse)
            .unwrap_or(ForumKind::Other);
        let forum_id = r.opt_id("forum_id", &self.forum_id);
        let host_org_id = r.id("host_org_id", &self.host_org_id);
        let level = r
            .opt_word("level", &self.level, MeetingLevel::parse)
            .unwrap_or(kind.default_level());
        let held_on = r.date("held_on", &self.held_on);
        let input = MeetingInput {
            title: self.title.clone(),
            kind,
            forum_id,
            host_org_id,
            level,
            held_on,
            start_time: text(&self.start_time),
            place: text(&self.place),
            chair: text(&self.chair),
            first_of_year: super::checkbox(&self.first_of_year),
        };
        r.finish(input, MeetingInput::check)
    }

    /// The form of a stored meeting.
    pub fn of(m: &store::meeting::Meeting) -> Self {
        MeetingForm {
            title: m.title.clone(),
            kind: m.kind.to_string(),
            forum_id: m.forum_id.map(|f| f.to_string()).unwrap_or_default(),
            host_org_id: m.host_org_id.to_string(),
            level: m.level.to_string(),
            held_on: m.held_on.to_string(),
            start_time: m.start_time.clone().unwrap_or_default(),
            place: m.place.clone().unwrap_or_default(),
            chair: m.chair.clone().unwrap_or_default(),
            first_of_year: m.first_of_year.then(|| "true".to_string()),
        }
    }
}

/// One attendee as typed at the door: a known person, or a walk-in by name.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct AttendeeForm {
    #[serde(default)]
    pub person_id: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub org_id: String,
    #[serde(default)]
    pub org_name: String,
    #[serde(default)]
    pub position: String,
}

impl AttendeeForm {
    /// Whether the single-attendee part of the form was filled in at all.
    pub fn is_filled(&self) -> bool {
        !self.name.trim().is_empty() || !self.person_id.trim().is_empty()
    }

    pub fn input(&self) -> Result<AttendeeInput, Invalid> {
        let mut r = Reader::new();
        let person_id = r.opt_id("person_id", &self.person_id);
        let org_id = r.opt_id("org_id", &self.org_id);
        let input = AttendeeInput {
            person_id,
            name: self.name.clone(),
            org_id,
            org_name: text(&self.org_name),
            position: text(&self.position),
        };
        r.finish(input, AttendeeInput::check)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_and_rule_errors_come_together() {
        let f = MeetingForm {
            kind: "arisan".into(),
            host_org_id: "".into(),
            held_on: "kemarin".into(),
            start_time: "9 pagi".into(),
            ..Default::default()
        };
        let Err(e) = f.input() else { panic!("invalid") };
        let got: Vec<_> = e.0.iter().map(|e| (e.field.as_str(), e.code)).collect();
        assert_eq!(
            got,
            [
                ("kind", "choice.unknown"),
                ("host_org_id", "required"),
                ("held_on", "date.format"),
                ("title", "required"),
                ("start_time", "time.format")
            ]
        );
        let forum = ForumForm {
            org_id: "x".into(),
            ..Default::default()
        };
        let Err(e) = forum.input() else { panic!("invalid") };
        let got: Vec<_> = e.0.iter().map(|e| (e.field.as_str(), e.code)).collect();
        assert_eq!(
            got,
            [("kind", "required"), ("org_id", "number.format"), ("name", "required")]
        );
    }

    #[test]
    fn a_good_form_reads_into_the_typed_input() {
        let f = MeetingForm {
            title: " Lokmin Mei ".into(),
            kind: "lokmin_tribulanan".into(),
            host_org_id: "2".into(),
            held_on: "14/05/2024".into(),
            start_time: "08.30".into(),
            first_of_year: Some("on".into()),
            ..Default::default()
        };
        let Ok(m) = f.input() else { panic!("valid") };
        assert_eq!((m.title.as_str(), m.level), ("Lokmin Mei", MeetingLevel::Kecamatan));
        assert_eq!((m.start_time.as_deref(), m.first_of_year), (Some("08:30"), true));
        assert_eq!(
            m.held_on,
            chrono::NaiveDate::from_ymd_opt(2024, 5, 14).unwrap_or_default()
        );
        let forum = ForumForm {
            name: "Rakor".into(),
            kind: "rakor_kesehatan".into(),
            org_id: "1".into(),
            level: String::new(),
        };
        assert_eq!(forum.input().map(|f| f.level), Ok(MeetingLevel::District));
    }

    #[test]
    fn an_attendee_is_read_with_its_rules() {
        let walk_in = AttendeeForm {
            name: "Budi".into(),
            org_id: "polsek".into(),
            ..Default::default()
        };
        let Err(e) = walk_in.input() else { panic!("invalid") };
        let got: Vec<_> = e.0.iter().map(|e| (e.field.as_str(), e.code)).collect();
        assert_eq!(
            got,
            [("org_id", "number.format"), ("org_name", "attendance.org_required")]
        );
        let known = AttendeeForm {
            person_id: "7".into(),
            org_id: "3".into(),
            ..Default::default()
        };
        assert!(known.is_filled());
        assert_eq!(known.input().map(|a| (a.person_id, a.org_id)), Ok((Some(7), Some(3))));
    }
}
