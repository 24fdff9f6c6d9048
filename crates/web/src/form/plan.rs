//! The plan activity form (a row of an RUK or RPK) and the month status form, read into
//! [`ActivityInput`] and [`MonthInput`].

use super::Reader;
use domain::Invalid;
use domain::coverage::Program;
use domain::plan::{ActivityInput, Fund, PlanKind};

#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct ActivityForm {
    #[serde(default)]
    pub program: String,
    #[serde(default)]
    pub cluster: String,
    #[serde(default)]
    pub kegiatan: String,
    #[serde(default)]
    pub tujuan: String,
    #[serde(default)]
    pub sasaran: String,
    #[serde(default)]
    pub target: String,
    #[serde(default)]
    pub volume: String,
    #[serde(default)]
    pub unit: String,
    #[serde(default)]
    pub partner_programs: Vec<String>,
    #[serde(default)]
    pub partner_orgs: Vec<String>,
    #[serde(default)]
    pub months: Vec<String>,
    #[serde(default)]
    pub budget: String,
    #[serde(default)]
    pub fund: String,
    #[serde(default)]
    pub indicator_code: String,
}

/// Rupiah as people type them: `1.500.000`, `1,500,000`, `Rp 1 500 000`; empty is `None`.
pub fn rupiah(s: &str) -> Result<Option<i64>, &'static str> {
    let t = s.trim();
    let t = t.strip_prefix("Rp").or_else(|| t.strip_prefix("rp")).unwrap_or(t);
    let digits: String = t.chars().filter(|c| !matches!(c, '.' | ',' | ' ' | '\u{a0}')).collect();
    if digits.is_empty() {
        return if t.trim().is_empty() {
            Ok(None)
        } else {
            Err("number.format")
        };
    }
    if let Some(rest) = digits.strip_prefix('-')
        && rest.chars().all(|c| c.is_ascii_digit())
    {
        return Err("number.negative");
    }
    if !digits.chars().all(|c| c.is_ascii_digit()) {
        return Err("number.format");
    }
    digits.parse::<i64>().map(Some).map_err(|_| "number.too_large")
}

impl ActivityForm {
    /// The form of a stored activity (what the edit form starts from).
    pub fn of(a: &ActivityInput) -> ActivityForm {
        let num = |v: Option<f64>| v.map(|v| v.to_string().replace('.', ",")).unwrap_or_default();
        ActivityForm {
            program: a.program.map(|p| p.to_string()).unwrap_or_default(),
            cluster: a.cluster.map(|c| c.to_string()).unwrap_or_default(),
            kegiatan: a.kegiatan.clone(),
            tujuan: a.tujuan.clone(),
            sasaran: a.sasaran.clone(),
            target: num(a.target),
            volume: num(a.volume),
            unit: a.unit.clone(),
            partner_programs: a.partner_programs.iter().map(|p| p.to_string()).collect(),
            partner_orgs: a.partner_orgs.iter().map(|o| o.to_string()).collect(),
            months: a.months.iter().map(|m| m.to_string()).collect(),
            budget: a.budget.map(|b| b.to_string()).unwrap_or_default(),
            fund: a.fund.map(|f| f.to_string()).unwrap_or_default(),
            indicator_code: a.indicator_code.clone().unwrap_or_default(),
        }
    }

    /// Every format error with the activity's own rules for a plan of `kind`.
    pub fn input(&self, kind: PlanKind) -> Result<ActivityInput, Invalid> {
        let mut r = Reader::new();
        let program = r.opt_word("program", &self.program, Program::parse);
        let cluster = match self.cluster.trim() {
            "" => None,
            c => match c.parse::<u8>() {
                Ok(c) => Some(c),
                Err(_) => {
                    r.add("cluster", "indicator.cluster");
                    None
                }
            },
        };
        let mut number = |field: &str, s: &str| match domain::nutrition::decimal(s) {
            Ok(v) => v,
            Err(code) => {
                r.add(field, code);
                None
            }
        };
        let target = number("target", &self.target);
        let volume = number("volume", &self.volume);
        let mut partner_programs = Vec::new();
        for p in &self.partner_programs {
            if let Some(p) = r.opt_word("partner_programs", p, Program::parse) {
                partner_programs.push(p);
            }
        }
        let partner_orgs = r.ids("partner_orgs", &self.partner_orgs);
        let mut months = Vec::new();
        for m in self.months.iter().map(|m| m.trim()).filter(|m| !m.is_empty()) {
            match m.parse::<u32>() {
                Ok(m) => months.push(m),
                Err(_) => r.add("months", "coverage.month_range"),
            }
        }
        let budget = match rupiah(&self.budget) {
            Ok(b) => b,
            Err(code) => {
                r.add("budget", code);
                None
            }
        };
        let fund = r.opt_word("fund", &self.fund, Fund::parse);
        let input = ActivityInput {
            program,
            cluster,
            kegiatan: self.kegiatan.clone(),
            tujuan: self.tujuan.clone(),
            sasaran: self.sasaran.clone(),
            target,
            volume,
            unit: self.unit.clone(),
            partner_programs,
            partner_orgs,
            months,
            budget,
            fund,
            indicator_code: Some(self.indicator_code.clone()).filter(|c| !c.trim().is_empty()),
        };
        r.finish(input, |a| a.check(kind))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rupiah_reads_the_ways_people_write_it() {
        assert_eq!(rupiah("1.500.000"), Ok(Some(1_500_000)));
        assert_eq!(rupiah("Rp 1 500 000"), Ok(Some(1_500_000)));
        assert_eq!(rupiah("1,500,000"), Ok(Some(1_500_000)));
        assert_eq!(rupiah(" "), Ok(None));
        assert_eq!(rupiah("satu juta"), Err("number.format"));
        assert_eq!(rupiah("-5"), Err("number.negative"));
    }

    #[test]
    fn a_form_names_format_and_rule_errors_together() {
        let f = ActivityForm {
            program: "gizi".into(),
            kegiatan: "".into(),
            target: "delapan".into(),
            months: vec!["3".into(), "x".into()],
            budget: "1.000".into(),
            ..Default::default()
        };
        let e = f.input(PlanKind::Rpk).err().unwrap_or_default();
        assert_eq!(e.code_for("target"), Some("number.format"));
        assert_eq!(e.code_for("months"), Some("coverage.month_range"));
        assert_eq!(e.code_for("kegiatan"), Some("required"));
        assert_eq!(e.code_for("fund"), Some("plan.fund_required"));
    }
}
