//! The form that assigns a child's follow-up, read into an [`AssignInput`].

use super::Reader;
use app::followup::{AssignInput, Reason};
use domain::Invalid;

/// The assignment form as posted.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct AssignForm {
    #[serde(default)]
    pub meeting_id: String,
    /// `ORG_ID` or `ORG_ID:PERSON_ID`.
    #[serde(default)]
    pub owner: String,
    #[serde(default)]
    pub what: String,
    #[serde(default)]
    pub due_on: String,
    #[serde(default)]
    pub reason: String,
    /// Added to the private note.
    #[serde(default)]
    pub note: String,
}

impl AssignForm {
    pub fn input(&self) -> Result<AssignInput, Invalid> {
        let mut r = Reader::new();
        let meeting_id = self.meeting_id.trim().parse::<i64>().unwrap_or_else(|_| {
            r.add("meeting_id", "followup.meeting_required");
            0
        });
        let (org, person) = match self.owner.trim().split_once(':') {
            Some((o, p)) => (o, p.trim()),
            None => (self.owner.trim(), ""),
        };
        let owner_org_id = org.trim().parse::<i64>().unwrap_or_else(|_| {
            r.add("owner", "followup.owner_required");
            0
        });
        let person_id = r.opt_id("owner", person);
        let input = AssignInput {
            meeting_id,
            owner_org_id,
            person_id,
            what: self.what.clone(),
            due_on: r.opt_date("due_on", &self.due_on),
            reason: r.opt_word("reason", &self.reason, |s| {
                Reason::parse(s).map_err(|_| "followup.reason_unknown")
            }),
            note: self.note.clone(),
        };
        r.finish(input, AssignInput::check)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_assignment_form_is_read() {
        let f = AssignForm {
            meeting_id: "7".into(),
            owner: "12:34".into(),
            what: " Kunjungan rumah ".into(),
            due_on: "2026-01-31".into(),
            reason: "t2".into(),
            ..Default::default()
        };
        let Ok(i) = f.input() else { panic!("valid") };
        assert_eq!((i.meeting_id, i.owner_org_id, i.person_id), (7, 12, Some(34)));
        assert_eq!((i.what.as_str(), i.reason), ("Kunjungan rumah", Some(Reason::TwiceT)));
        assert_eq!(i.due_on, chrono::NaiveDate::from_ymd_opt(2026, 1, 31));
        let bad = AssignForm {
            meeting_id: String::new(),
            owner: "x".into(),
            reason: "lapar".into(),
            due_on: "31/31/2026".into(),
            ..Default::default()
        };
        let Err(e) = bad.input() else { panic!("invalid") };
        let got: Vec<_> = e.0.iter().map(|e| (e.field.as_str(), e.code)).collect();
        assert_eq!(
            got,
            [
                ("meeting_id", "followup.meeting_required"),
                ("owner", "followup.owner_required"),
                ("due_on", "date.format"),
                ("reason", "followup.reason_unknown"),
            ]
        );
        let org_only = AssignForm {
            owner: "12".into(),
            ..f
        };
        assert_eq!(org_only.input().map(|i| i.person_id), Ok(None));
    }
}
