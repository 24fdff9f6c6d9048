//! Actions (RTL, rencana tindak lanjut): what will be done, by which organisation of any
//! sector, by when, with what money — and their status over time. "Overdue" is derived from
//! the due date and the local date of the meeting's region, never stored.

use crate::enums::str_enum;
use crate::error::{Invalid, optional_text, required_text};
use chrono::NaiveDate;

str_enum! {
    ActionStatus {
        Planned = "planned",
        InProgress = "in_progress",
        Done = "done",
        Cancelled = "cancelled",
    }
}

impl ActionStatus {
    pub fn is_open(self) -> bool {
        matches!(self, ActionStatus::Planned | ActionStatus::InProgress)
    }
    /// Status changes that make sense: open actions move freely between planned and in
    /// progress and may end done or cancelled; a closed action may be reopened.
    pub fn can_become(self, to: ActionStatus) -> bool {
        self != to || !self.is_open()
    }
}

str_enum! {
    BudgetSource {
        Apbd = "apbd",
        Apbn = "apbn",
        Bok = "bok",
        DanaDesa = "dana_desa",
        Jkn = "jkn",
        Csr = "csr",
        Swadaya = "swadaya",
        Other = "other",
        None = "none",
    }
}

/// Derived status shown to people: an open action past its due date is overdue.
pub fn is_overdue(status: ActionStatus, due_on: Option<NaiveDate>, today: NaiveDate) -> bool {
    status.is_open() && due_on.is_some_and(|d| d < today)
}

/// UTC offset in hours of a region's local time (WIB +7, WITA +8, WIT +9), from the province
/// part of its Kemendagri code (Permendagri-era zones: WITA for Bali, Nusa Tenggara, South,
/// East and North Kalimantan and Sulawesi; WIT for Maluku and Papua).
pub fn utc_offset_hours(region_code: &str) -> i32 {
    match region_code.get(..2).and_then(|p| p.parse::<u32>().ok()) {
        Some(51..=53) | Some(63..=65) | Some(71..=76) => 8,
        Some(81..=82) | Some(91..=96) => 9,
        _ => 7,
    }
}

/// Today's date in a region.
pub fn local_today(region_code: &str, now: chrono::DateTime<chrono::Utc>) -> NaiveDate {
    (now + chrono::Duration::hours(i64::from(utc_offset_hours(region_code)))).date_naive()
}

#[derive(Debug, Clone, PartialEq)]
pub struct ActionInput {
    pub what: String,
    pub problem_id: Option<i64>,
    pub owner_org_id: i64,
    pub responsible: Option<String>,
    pub supporting_org_ids: Vec<i64>,
    pub target: Option<String>,
    pub due_on: Option<NaiveDate>,
    pub budget_source: BudgetSource,
    pub private_note: Option<String>,
}

/// Trims an optional text of at most `max` characters; empty becomes `None`.
fn opt_text(s: &Option<String>, max: usize) -> Result<Option<String>, &'static str> {
    optional_text(s.as_deref().unwrap_or_default(), max)
}

impl ActionInput {
    /// The action rules: what is to be done, texts within their lengths, and nothing due
    /// before `meeting_date` (the date of the meeting that agrees the action). Returns the
    /// input normalised (text trimmed, empty text `None`, each supporting organisation once).
    pub fn check(self, meeting_date: NaiveDate) -> Result<ActionInput, Invalid> {
        let mut inv = Invalid::new();
        let what = inv.check("what", required_text(&self.what, 1000));
        let responsible = inv.check("responsible", opt_text(&self.responsible, 200));
        let target = inv.check("target", opt_text(&self.target, 500));
        if self.due_on.is_some_and(|d| d < meeting_date) {
            inv.add("due_on", "action.due_before_meeting");
        }
        let private_note = inv.check("private_note", opt_text(&self.private_note, 4000));
        let mut supporting_org_ids: Vec<i64> = Vec::new();
        for id in &self.supporting_org_ids {
            if !supporting_org_ids.contains(id) {
                supporting_org_ids.push(*id);
            }
        }
        match (what, responsible, target, private_note) {
            (Some(what), Some(responsible), Some(target), Some(private_note)) if inv.is_empty() => Ok(ActionInput {
                what,
                responsible,
                supporting_org_ids,
                target,
                private_note,
                ..self
            }),
            _ => Err(inv),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
    }

    fn input() -> ActionInput {
        ActionInput {
            what: " Sweeping imunisasi ".into(),
            problem_id: None,
            owner_org_id: 3,
            responsible: Some("  ".into()),
            supporting_org_ids: vec![5, 6, 5],
            target: Some(" 40 balita ".into()),
            due_on: Some(d(2024, 4, 29)),
            budget_source: BudgetSource::None,
            private_note: None,
        }
    }

    #[test]
    fn due_date_cannot_precede_the_meeting() {
        assert_eq!(
            input().check(d(2024, 4, 30)).err().and_then(|e| e.code_for("due_on")),
            Some("action.due_before_meeting")
        );
        assert!(input().check(d(2024, 4, 29)).is_ok());
    }

    #[test]
    fn a_checked_action_is_normalised() {
        let Ok(a) = input().check(d(2024, 4, 1)) else {
            panic!("valid")
        };
        assert_eq!(a.what, "Sweeping imunisasi");
        assert_eq!((a.responsible, a.target.as_deref()), (None, Some("40 balita")));
        assert_eq!(a.supporting_org_ids, vec![5, 6]);
    }

    #[test]
    fn every_rule_names_its_field() {
        let bad = ActionInput {
            what: " ".into(),
            target: Some("x".repeat(501)),
            private_note: Some("y".repeat(4001)),
            ..input()
        };
        let Err(e) = bad.check(d(2024, 5, 1)) else {
            panic!("invalid")
        };
        let got: Vec<_> = e.0.iter().map(|f| (f.field.as_str(), f.code)).collect();
        assert_eq!(
            got,
            [
                ("what", "required"),
                ("target", "too_long"),
                ("due_on", "action.due_before_meeting"),
                ("private_note", "too_long")
            ]
        );
    }

    #[test]
    fn overdue_is_derived_from_local_date() {
        assert!(is_overdue(ActionStatus::InProgress, Some(d(2024, 5, 1)), d(2024, 5, 2)));
        assert!(!is_overdue(ActionStatus::Done, Some(d(2024, 5, 1)), d(2024, 5, 2)));
        assert!(!is_overdue(ActionStatus::Planned, Some(d(2024, 5, 2)), d(2024, 5, 2)));
        // 23:30 UTC on 1 May is already 2 May in Papua (WIT) but still 2 May 06:30 in Jambi.
        let now = chrono::Utc
            .with_ymd_and_hms(2024, 5, 1, 17, 30, 0)
            .single()
            .unwrap_or_default();
        assert_eq!(local_today("15.03", now), d(2024, 5, 2));
        assert_eq!(local_today("91.01", now), d(2024, 5, 2));
        let now = chrono::Utc
            .with_ymd_and_hms(2024, 5, 1, 16, 30, 0)
            .single()
            .unwrap_or_default();
        assert_eq!(local_today("15.03", now), d(2024, 5, 1), "23:30 WIB");
        assert_eq!(local_today("73.71", now), d(2024, 5, 2), "00:30 WITA");
    }
}
