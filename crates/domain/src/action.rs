//! Actions (RTL, rencana tindak lanjut): what will be done, by which organisation of any
//! sector, by when, with what money — and their status over time. "Overdue" is derived from
//! the due date and the local date of the meeting's region, never stored.

use crate::enums::str_enum;
use crate::error::{Invalid, optional_text, required_text};
use crate::person::parse_date;
use chrono::NaiveDate;
use serde::Deserialize;

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

#[derive(Debug, Clone, Default, Deserialize)]
pub struct ActionForm {
    #[serde(default)]
    pub what: String,
    #[serde(default)]
    pub problem_id: String,
    #[serde(default)]
    pub owner_org_id: String,
    #[serde(default)]
    pub responsible: String,
    #[serde(default)]
    pub supporting_org_ids: Vec<String>,
    #[serde(default)]
    pub target: String,
    #[serde(default)]
    pub due_on: String,
    #[serde(default)]
    pub budget_source: String,
    #[serde(default)]
    pub private_note: String,
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

impl ActionForm {
    /// `meeting_date` is the date of the meeting that agrees the action: nothing can be due
    /// before it.
    pub fn validate(&self, meeting_date: NaiveDate) -> Result<ActionInput, Invalid> {
        let mut inv = Invalid::new();
        let what = inv.check("what", required_text(&self.what, 1000));
        let problem_id = inv.check(
            "problem_id",
            match self.problem_id.trim() {
                "" => Ok(None),
                s => s.parse().map(Some).map_err(|_| "number.format"),
            },
        );
        let owner_org_id = inv.check(
            "owner_org_id",
            self.owner_org_id.trim().parse::<i64>().map_err(|_| "required"),
        );
        let responsible = inv.check("responsible", optional_text(&self.responsible, 200));
        let mut supporting_org_ids = Vec::new();
        for s in self
            .supporting_org_ids
            .iter()
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
        {
            match s.parse::<i64>() {
                Ok(id) if !supporting_org_ids.contains(&id) => supporting_org_ids.push(id),
                Ok(_) => {}
                Err(_) => inv.add("supporting_org_ids", "number.format"),
            }
        }
        let target = inv.check("target", optional_text(&self.target, 500));
        let due_on = inv.check("due_on", parse_date(&self.due_on));
        if let Some(Some(d)) = due_on
            && d < meeting_date
        {
            inv.add("due_on", "action.due_before_meeting");
        }
        let budget_source = inv.check(
            "budget_source",
            if self.budget_source.trim().is_empty() {
                Ok(BudgetSource::None)
            } else {
                BudgetSource::parse(&self.budget_source)
            },
        );
        let private_note = inv.check("private_note", optional_text(&self.private_note, 4000));
        match (
            what,
            problem_id,
            owner_org_id,
            responsible,
            target,
            due_on,
            budget_source,
            private_note,
        ) {
            (
                Some(what),
                Some(problem_id),
                Some(owner_org_id),
                Some(responsible),
                Some(target),
                Some(due_on),
                Some(budget_source),
                Some(private_note),
            ) if inv.is_empty() => Ok(ActionInput {
                what,
                problem_id,
                owner_org_id,
                responsible,
                supporting_org_ids,
                target,
                due_on,
                budget_source,
                private_note,
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

    #[test]
    fn due_date_cannot_precede_the_meeting() {
        let f = ActionForm {
            what: "Sweeping imunisasi".into(),
            owner_org_id: "3".into(),
            due_on: "2024-04-29".into(),
            ..Default::default()
        };
        assert_eq!(
            f.validate(d(2024, 4, 30)).err().and_then(|e| e.code_for("due_on")),
            Some("action.due_before_meeting")
        );
        assert!(f.validate(d(2024, 4, 29)).is_ok());
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
