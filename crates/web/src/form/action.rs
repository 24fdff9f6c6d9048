//! The action form (RTL row): what a host types, read into an [`ActionInput`].

use super::Reader;
use chrono::NaiveDate;
use domain::Invalid;
use domain::action::{ActionInput, BudgetSource};

#[derive(Debug, Clone, Default, serde::Deserialize)]
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

/// An optional text field: empty stays `None`.
fn text(s: &str) -> Option<String> {
    Some(s.to_string()).filter(|s| !s.trim().is_empty())
}

impl ActionForm {
    fn read(&self, r: &mut Reader, owner_org_id: i64) -> ActionInput {
        ActionInput {
            what: self.what.clone(),
            problem_id: r.opt_id("problem_id", &self.problem_id),
            owner_org_id,
            responsible: text(&self.responsible),
            supporting_org_ids: r.ids("supporting_org_ids", &self.supporting_org_ids),
            target: text(&self.target),
            due_on: r.opt_date("due_on", &self.due_on),
            budget_source: r
                .opt_word("budget_source", &self.budget_source, BudgetSource::parse)
                .unwrap_or(BudgetSource::None),
            private_note: text(&self.private_note),
        }
    }

    /// Reads an action agreed at a meeting. The rule that nothing is due before the meeting is
    /// the use case's: it knows the meeting's date.
    pub fn input(&self) -> Result<ActionInput, Invalid> {
        let mut r = Reader::new();
        let owner = r.id("owner_org_id", &self.owner_org_id);
        let input = self.read(&mut r, owner);
        r.finish(input, |i| i.check(NaiveDate::MIN))
    }

    /// Reads an action for an agreement's obligation: the use case sets the owner (the
    /// obligation's party) and, when `what` is empty, the obligation's text; so only the
    /// format of the fields is read here.
    pub fn obligation_input(&self) -> Result<ActionInput, Invalid> {
        let mut r = Reader::new();
        let input = self.read(&mut r, 0);
        r.finish(input, Ok)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_and_rule_errors_come_together() {
        let f = ActionForm {
            owner_org_id: "".into(),
            problem_id: "x".into(),
            supporting_org_ids: vec!["4".into(), "empat".into()],
            due_on: "31/02/2024".into(),
            budget_source: "hibah".into(),
            target: "t".repeat(501),
            ..Default::default()
        };
        let Err(e) = f.input() else { panic!("invalid") };
        let got: Vec<_> = e.0.iter().map(|e| (e.field.as_str(), e.code)).collect();
        assert_eq!(
            got,
            [
                ("owner_org_id", "required"),
                ("problem_id", "number.format"),
                ("supporting_org_ids", "number.format"),
                ("due_on", "date.format"),
                ("budget_source", "choice.unknown"),
                ("what", "required"),
                ("target", "too_long")
            ]
        );
    }

    #[test]
    fn a_good_form_reads_into_the_typed_input() {
        let f = ActionForm {
            what: " Sweeping imunisasi ".into(),
            owner_org_id: "3".into(),
            supporting_org_ids: vec!["5".into(), "".into(), "5".into(), "6".into()],
            due_on: "30/04/2024".into(),
            responsible: " ".into(),
            ..Default::default()
        };
        let Ok(a) = f.input() else { panic!("valid") };
        assert_eq!(
            (a.what.as_str(), a.owner_org_id, a.responsible),
            ("Sweeping imunisasi", 3, None)
        );
        assert_eq!(a.supporting_org_ids, vec![5, 6]);
        assert_eq!(a.due_on, NaiveDate::from_ymd_opt(2024, 4, 30));
        assert_eq!(a.budget_source, BudgetSource::None);
        let for_obligation = ActionForm {
            what: String::new(),
            owner_org_id: String::new(),
            ..f
        };
        assert_eq!(for_obligation.obligation_input().map(|a| a.owner_org_id), Ok(0));
    }
}
