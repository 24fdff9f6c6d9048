//! Puskesmas plans (P1 planning, shared/domain.md §1.2): the **RUK** (Rencana Usulan
//! Kegiatan, the proposals for year n+1) and the **RPK/POA** (Rencana Pelaksanaan Kegiatan,
//! this year's plan by month, a Gantt). A plan is one per Puskesmas, year and kind; its rows
//! are activities (upaya/klaster, kegiatan, tujuan, sasaran, target, volume, partners inside
//! and outside the Puskesmas, months scheduled, budget and its source, the indicator it
//! serves). Each scheduled month of an RPK activity is later marked done, not done or moved
//! (to another month), a reason required for the last two.
//!
//! The exact RUK columns are practice, not regulation (the sources list them as "practice;
//! unconfirmed exact columns"): the fields here are the common ones.
//!
//! Pure rules: the inputs' checks, the month set, and the count of planned and done
//! activities a month.

use crate::coverage::Program;
use crate::enums::str_enum;
use crate::error::{Invalid, optional_text, required_text};

str_enum! {
    /// Which plan.
    PlanKind {
        /// Rencana Usulan Kegiatan: proposals for the next year, sent up through Musrenbang.
        Ruk = "ruk",
        /// Rencana Pelaksanaan Kegiatan (POA): this year's plan by month.
        Rpk = "rpk",
    }
}

str_enum! {
    /// Where a plan stands: still being written, or signed off by the Kepala Puskesmas.
    PlanStatus {
        Draft = "draft",
        Final = "final",
    }
}

str_enum! {
    /// Where an activity's money comes from.
    Fund {
        /// Bantuan Operasional Kesehatan.
        Bok = "bok",
        Apbd = "apbd",
        DanaDesa = "dana_desa",
        /// JKN capitation.
        JknKapitasi = "jkn_kapitasi",
        Other = "other",
    }
}

str_enum! {
    /// What happened to an RPK activity in a scheduled month.
    MonthStatus {
        Done = "done",
        NotDone = "not_done",
        /// Moved to another month (named), with a reason.
        Moved = "moved",
    }
}

/// The largest budget accepted, in Rupiah (a Puskesmas activity is not bigger than this).
pub const MAX_BUDGET: i64 = 100_000_000_000;
/// The largest volume accepted.
pub const MAX_VOLUME: f64 = 10_000_000.0;

/// A set of months 1–12, stored as a 12-bit mask (bit `m − 1` is month `m`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct Months(pub u16);

impl Months {
    /// The months of `list` that are 1–12.
    pub fn of(list: &[u32]) -> Months {
        Months(
            list.iter()
                .filter(|m| (1..=12).contains(*m))
                .fold(0, |acc, m| acc | 1 << (m - 1)),
        )
    }

    /// The mask as stored, `None` when it has bits beyond December.
    pub fn from_mask(mask: i64) -> Option<Months> {
        u16::try_from(mask).ok().filter(|m| *m < 1 << 12).map(Months)
    }

    pub fn has(self, m: u32) -> bool {
        (1..=12).contains(&m) && self.0 & (1 << (m - 1)) != 0
    }

    /// The months in order.
    pub fn list(self) -> Vec<u32> {
        (1..=12).filter(|m| self.has(*m)).collect()
    }

    pub fn len(self) -> usize {
        self.0.count_ones() as usize
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }
}

/// One activity of a plan, as typed.
#[derive(Debug, Clone, PartialEq, serde::Deserialize, serde::Serialize)]
pub struct ActivityInput {
    /// The upaya (UKM esensial programme), when the Puskesmas plans by programme.
    pub program: Option<Program>,
    /// The ILP klaster 1–5, when it plans by klaster.
    pub cluster: Option<u8>,
    pub kegiatan: String,
    #[serde(default)]
    pub tujuan: String,
    #[serde(default)]
    pub sasaran: String,
    /// Target in percent.
    pub target: Option<f64>,
    pub volume: Option<f64>,
    /// The volume's unit (`kali`, `orang`, `paket` …).
    #[serde(default)]
    pub unit: String,
    /// Programmes inside the Puskesmas that take part (lintas program).
    #[serde(default)]
    pub partner_programs: Vec<Program>,
    /// Organisations of other sectors that take part (lintas sektor), by id.
    #[serde(default)]
    pub partner_orgs: Vec<i64>,
    /// The months it is scheduled in, 1–12.
    #[serde(default)]
    pub months: Vec<u32>,
    /// What it needs, in Rupiah.
    pub budget: Option<i64>,
    pub fund: Option<Fund>,
    /// The catalogue indicator it serves.
    pub indicator_code: Option<String>,
}

impl ActivityInput {
    /// An activity's own rules: an upaya or a klaster (1–5), a kegiatan, texts within their
    /// lengths, a target 0–100 %, a volume and a budget not negative, a source for a budget,
    /// months 1–12 and — in an RPK — at least one. The result is normalised: texts trimmed,
    /// partners and months each once and in order, the indicator code upper case.
    pub fn check(self, kind: PlanKind) -> Result<ActivityInput, Invalid> {
        let mut inv = Invalid::new();
        if self.program.is_none() && self.cluster.is_none() {
            inv.add("program", "plan.upaya_required");
        }
        if self.cluster.is_some_and(|c| !(1..=5).contains(&c)) {
            inv.add("cluster", "indicator.cluster");
        }
        let kegiatan = inv.check("kegiatan", required_text(&self.kegiatan, 300));
        let tujuan = inv.check("tujuan", optional_text(&self.tujuan, 1000));
        let sasaran = inv.check("sasaran", optional_text(&self.sasaran, 500));
        let unit = inv.check("unit", optional_text(&self.unit, 50));
        if let Some(t) = self.target
            && (!t.is_finite() || !(0.0..=100.0).contains(&t))
        {
            inv.add("target", "plan.target");
        }
        if let Some(v) = self.volume {
            if !v.is_finite() {
                inv.add("volume", "number.format");
            } else if v < 0.0 {
                inv.add("volume", "number.negative");
            } else if v > MAX_VOLUME {
                inv.add("volume", "number.too_large");
            }
        }
        match self.budget {
            Some(b) if b < 0 => inv.add("budget", "number.negative"),
            Some(b) if b > MAX_BUDGET => inv.add("budget", "number.too_large"),
            Some(b) if b > 0 && self.fund.is_none() => inv.add("fund", "plan.fund_required"),
            _ => {}
        }
        if self.months.iter().any(|m| !(1..=12).contains(m)) {
            inv.add("months", "coverage.month_range");
        } else if kind == PlanKind::Rpk && self.months.is_empty() {
            inv.add("months", "plan.months_required");
        }
        let indicator_code = self
            .indicator_code
            .as_deref()
            .map(|c| c.trim().to_ascii_uppercase())
            .filter(|c| !c.is_empty());
        if indicator_code.as_ref().is_some_and(|c| c.len() > 30) {
            inv.add("indicator_code", "indicator.unknown");
        }
        let (Some(kegiatan), Some(tujuan), Some(sasaran), Some(unit)) = (kegiatan, tujuan, sasaran, unit) else {
            return Err(inv);
        };
        inv.into_result()?;
        let mut partner_programs = Vec::new();
        for p in Program::ALL {
            if self.partner_programs.contains(p) {
                partner_programs.push(*p);
            }
        }
        let mut partner_orgs = self.partner_orgs;
        partner_orgs.sort_unstable();
        partner_orgs.dedup();
        Ok(ActivityInput {
            kegiatan,
            tujuan: tujuan.unwrap_or_default(),
            sasaran: sasaran.unwrap_or_default(),
            unit: unit.unwrap_or_default(),
            partner_programs,
            partner_orgs,
            months: Months::of(&self.months).list(),
            indicator_code,
            ..self
        })
    }
}

/// What happened in one month of an RPK activity, as typed.
#[derive(Debug, Clone, PartialEq, serde::Deserialize, serde::Serialize)]
pub struct MonthInput {
    pub activity_id: i64,
    /// 1–12.
    pub month: u32,
    pub status: MonthStatus,
    /// The month it was moved to (only when moved).
    pub moved_to: Option<u32>,
    pub reason: Option<String>,
}

impl MonthInput {
    /// A month 1–12; moved: to another month 1–12; not done or moved: a reason (at most 500
    /// characters); done: no month to move to (dropped). Trimmed, an empty reason `None`.
    pub fn check(self) -> Result<MonthInput, Invalid> {
        let mut inv = Invalid::new();
        if !(1..=12).contains(&self.month) {
            inv.add("month", "coverage.month_range");
        }
        let reason = inv.check("reason", optional_text(self.reason.as_deref().unwrap_or_default(), 500));
        let moved_to = match self.status {
            MonthStatus::Moved => match self.moved_to {
                None => {
                    inv.add("moved_to", "plan.moved_to_required");
                    None
                }
                Some(m) if !(1..=12).contains(&m) => {
                    inv.add("moved_to", "coverage.month_range");
                    None
                }
                Some(m) if m == self.month => {
                    inv.add("moved_to", "plan.moved_same");
                    None
                }
                m => m,
            },
            _ => None,
        };
        if matches!(self.status, MonthStatus::NotDone | MonthStatus::Moved)
            && reason.as_ref().is_some_and(Option::is_none)
        {
            inv.add("reason", "plan.reason_required");
        }
        inv.into_result()?;
        Ok(MonthInput {
            moved_to,
            reason: reason.flatten(),
            ..self
        })
    }
}

/// One activity as the count sees it: its months and what was recorded for them
/// (`(month, status, moved_to)`).
#[derive(Debug, Clone, Default)]
pub struct Schedule {
    pub months: Months,
    pub recorded: Vec<(u32, MonthStatus, Option<u32>)>,
}

impl Schedule {
    /// The months the activity is due in: its scheduled months and the months it was moved
    /// to.
    pub fn due(&self) -> Months {
        let moved: Vec<u32> = self.recorded.iter().filter_map(|r| r.2).collect();
        Months(self.months.0 | Months::of(&moved).0)
    }

    /// What was recorded for month `m`.
    pub fn status(&self, m: u32) -> Option<(MonthStatus, Option<u32>)> {
        self.recorded.iter().find(|r| r.0 == m).map(|r| (r.1, r.2))
    }
}

/// Planned against done over some months.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Tally {
    /// (activity, month) pairs due: scheduled or moved in.
    pub planned: usize,
    pub done: usize,
    pub not_done: usize,
    pub moved: usize,
    /// Due, nothing recorded yet.
    pub pending: usize,
}

impl Tally {
    /// Done as a share of planned, in percent; `None` with nothing planned.
    pub fn percent_done(&self) -> Option<f64> {
        (self.planned > 0).then(|| self.done as f64 / self.planned as f64 * 100.0)
    }

    pub fn add(&mut self, o: Tally) {
        self.planned += o.planned;
        self.done += o.done;
        self.not_done += o.not_done;
        self.moved += o.moved;
        self.pending += o.pending;
    }
}

/// The tally of the activities over the months `from..=to` (1–12): every month an activity is
/// due in counts once as planned, and once as what was recorded for it, or as pending.
pub fn tally<'a, I: IntoIterator<Item = &'a Schedule>>(activities: I, from: u32, to: u32) -> Tally {
    let mut t = Tally::default();
    for a in activities {
        let due = a.due();
        for m in from.max(1)..=to.min(12) {
            if !due.has(m) {
                continue;
            }
            t.planned += 1;
            match a.status(m) {
                Some((MonthStatus::Done, _)) => t.done += 1,
                Some((MonthStatus::NotDone, _)) => t.not_done += 1,
                Some((MonthStatus::Moved, _)) => t.moved += 1,
                None => t.pending += 1,
            }
        }
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    fn activity() -> ActivityInput {
        ActivityInput {
            program: Some(Program::Gizi),
            cluster: None,
            kegiatan: "  Sweeping balita tidak ditimbang ".into(),
            tujuan: "".into(),
            sasaran: "Balita".into(),
            target: Some(85.0),
            volume: Some(12.0),
            unit: "kali".into(),
            partner_programs: vec![Program::Promkes, Program::KiaKb, Program::Promkes],
            partner_orgs: vec![9, 3, 9],
            months: vec![8, 2, 2],
            budget: Some(1_500_000),
            fund: Some(Fund::Bok),
            indicator_code: Some(" ds ".into()),
        }
    }

    #[test]
    fn an_activity_is_normalised() {
        let a = activity().check(PlanKind::Rpk).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(a.kegiatan, "Sweeping balita tidak ditimbang");
        assert_eq!(
            a.partner_programs,
            [Program::KiaKb, Program::Promkes],
            "catalogue order, once"
        );
        assert_eq!(a.partner_orgs, [3, 9]);
        assert_eq!(a.months, [2, 8]);
        assert_eq!(a.indicator_code.as_deref(), Some("DS"));
    }

    #[test]
    fn an_activity_names_each_bad_field() {
        let bad = ActivityInput {
            program: None,
            cluster: Some(6),
            kegiatan: " ".into(),
            target: Some(120.0),
            volume: Some(-1.0),
            months: vec![13],
            budget: Some(5),
            fund: None,
            ..activity()
        };
        let e = bad.check(PlanKind::Rpk).err().unwrap_or_default();
        let got: Vec<_> = e.0.iter().map(|f| (f.field.as_str(), f.code)).collect();
        assert_eq!(
            got,
            [
                ("cluster", "indicator.cluster"),
                ("kegiatan", "required"),
                ("target", "plan.target"),
                ("volume", "number.negative"),
                ("fund", "plan.fund_required"),
                ("months", "coverage.month_range"),
            ]
        );
        // Neither upaya nor klaster; an RPK row without months; an RUK row may have none.
        let e = ActivityInput {
            program: None,
            months: vec![],
            ..activity()
        }
        .check(PlanKind::Rpk)
        .err()
        .unwrap_or_default();
        assert_eq!(e.code_for("program"), Some("plan.upaya_required"));
        assert_eq!(e.code_for("months"), Some("plan.months_required"));
        assert!(
            ActivityInput {
                months: vec![],
                cluster: Some(2),
                program: None,
                ..activity()
            }
            .check(PlanKind::Ruk)
            .is_ok()
        );
        // A budget of nothing needs no source.
        assert!(
            ActivityInput {
                budget: Some(0),
                fund: None,
                ..activity()
            }
            .check(PlanKind::Rpk)
            .is_ok()
        );
    }

    #[test]
    fn a_month_not_done_or_moved_needs_a_reason_and_a_move_a_month() {
        let m = |status, moved_to, reason: &str| MonthInput {
            activity_id: 1,
            month: 3,
            status,
            moved_to,
            reason: Some(reason.into()),
        };
        let done = m(MonthStatus::Done, Some(5), " ")
            .check()
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((done.moved_to, done.reason), (None, None), "a done month moves nowhere");
        let e = m(MonthStatus::NotDone, None, "  ").check().err().unwrap_or_default();
        assert_eq!(e.code_for("reason"), Some("plan.reason_required"));
        let e = m(MonthStatus::Moved, None, "Hujan").check().err().unwrap_or_default();
        assert_eq!(e.code_for("moved_to"), Some("plan.moved_to_required"));
        let e = m(MonthStatus::Moved, Some(3), "Hujan")
            .check()
            .err()
            .unwrap_or_default();
        assert_eq!(e.code_for("moved_to"), Some("plan.moved_same"));
        let e = m(MonthStatus::Moved, Some(13), "").check().err().unwrap_or_default();
        assert_eq!(
            (e.code_for("moved_to"), e.code_for("reason")),
            (Some("coverage.month_range"), Some("plan.reason_required"))
        );
        let ok = m(MonthStatus::Moved, Some(4), " Banjir ")
            .check()
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((ok.moved_to, ok.reason.as_deref()), (Some(4), Some("Banjir")));
    }

    #[test]
    fn months_are_a_mask() {
        let m = Months::of(&[1, 12, 12, 0, 13]);
        assert_eq!(m.0, 0b1000_0000_0001);
        assert_eq!((m.list(), m.len()), (vec![1, 12], 2));
        assert!(!m.has(0) && !m.has(13));
        assert_eq!(Months::from_mask(4095), Some(Months(4095)));
        assert_eq!(Months::from_mask(4096), None);
        assert_eq!(Months::from_mask(-1), None);
    }

    #[test]
    fn planned_and_done_by_hand() {
        // A: Jan–Mar; Jan done, Feb moved to Apr, Mar not done, Apr (moved in) done.
        // B: Feb and Mar; Feb done, Mar nothing yet.
        let a = Schedule {
            months: Months::of(&[1, 2, 3]),
            recorded: vec![
                (1, MonthStatus::Done, None),
                (2, MonthStatus::Moved, Some(4)),
                (3, MonthStatus::NotDone, None),
                (4, MonthStatus::Done, None),
            ],
        };
        let b = Schedule {
            months: Months::of(&[2, 3]),
            recorded: vec![(2, MonthStatus::Done, None)],
        };
        // February: A moved, B done → 2 planned, 1 done, 1 moved.
        let feb = tally([&a, &b], 2, 2);
        assert_eq!(
            feb,
            Tally {
                planned: 2,
                done: 1,
                not_done: 0,
                moved: 1,
                pending: 0
            }
        );
        // January to April: A 4 (Jan, Feb, Mar, Apr), B 2 → 6 planned; done Jan, Apr, B-Feb = 3.
        let ytd = tally([&a, &b], 1, 4);
        assert_eq!(
            (ytd.planned, ytd.done, ytd.not_done, ytd.moved, ytd.pending),
            (6, 3, 1, 1, 1)
        );
        assert_eq!(ytd.percent_done(), Some(50.0));
        assert_eq!(tally([&a, &b], 5, 12).percent_done(), None);
    }
}
