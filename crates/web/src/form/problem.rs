//! The problem form (masalah/hambatan raised at a meeting), read into a [`ProblemInput`].

use super::Reader;
use domain::Invalid;
use domain::problem::{ProblemCategory, ProblemInput};

#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct ProblemForm {
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub category: String,
    #[serde(default)]
    pub raised_by_org_id: String,
    #[serde(default)]
    pub raised_by: String,
    #[serde(default)]
    pub region_code: String,
    #[serde(default)]
    pub indicator: String,
    #[serde(default)]
    pub quantity: String,
}

fn text(s: &str) -> Option<String> {
    Some(s.to_string()).filter(|s| !s.trim().is_empty())
}

impl ProblemForm {
    /// An empty category is `other`; a quantity that is not a whole number is out of range.
    pub fn input(&self) -> Result<ProblemInput, Invalid> {
        let mut r = Reader::new();
        let category = r
            .opt_word("category", &self.category, ProblemCategory::parse)
            .unwrap_or(ProblemCategory::Other);
        let raised_by_org_id = r.opt_id("raised_by_org_id", &self.raised_by_org_id);
        let quantity = match self.quantity.trim() {
            "" => None,
            q => q.parse::<i64>().map_or_else(
                |_| {
                    r.add("quantity", "quantity.range");
                    None
                },
                Some,
            ),
        };
        let input = ProblemInput {
            title: self.title.clone(),
            description: text(&self.description),
            category,
            raised_by_org_id,
            raised_by: text(&self.raised_by),
            region_code: text(&self.region_code),
            indicator: text(&self.indicator),
            quantity,
        };
        r.finish(input, ProblemInput::check)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_and_rule_errors_come_together() {
        let f = ProblemForm {
            category: "weather".into(),
            raised_by_org_id: "polsek".into(),
            region_code: "15.3".into(),
            quantity: "tiga".into(),
            ..Default::default()
        };
        let Err(e) = f.input() else { panic!("invalid") };
        let got: Vec<_> = e.0.iter().map(|e| (e.field.as_str(), e.code)).collect();
        assert_eq!(
            got,
            [
                ("category", "choice.unknown"),
                ("raised_by_org_id", "number.format"),
                ("quantity", "quantity.range"),
                ("title", "required"),
                ("region_code", "region_code.format")
            ]
        );
    }

    #[test]
    fn a_good_form_reads_into_the_typed_input() {
        let f = ProblemForm {
            title: " Kekurangan bidan ".into(),
            quantity: " 3 ".into(),
            raised_by_org_id: "4".into(),
            ..Default::default()
        };
        let Ok(p) = f.input() else { panic!("valid") };
        assert_eq!(
            (p.title.as_str(), p.category),
            ("Kekurangan bidan", ProblemCategory::Other)
        );
        assert_eq!(
            (p.raised_by_org_id, p.quantity, p.description),
            (Some(4), Some(3), None)
        );
    }
}
