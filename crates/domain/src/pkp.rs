//! PKP (Penilaian Kinerja Puskesmas): the yearly performance assessment of a Puskesmas —
//! the coverage worksheet, the management checklist, the groups and the path from the
//! Puskesmas's self-assessment to the Dinkes's verification. Pure rules; the counts come from
//! the coverage monitoring and the meetings held in Lintas (the app's business).
//!
//! Sources (shared/domain.md §1.5): the PKP worksheets — coverage of a sub-variable
//! `riil ÷ (target % × sasaran) × 100` capped at 100, a variable the mean of its sub-variables,
//! the programme the mean of its variables; management items scored 0 / 4 / 7 / 10 with the
//! Lokmin counted per year (bulanan none / < 5 / 5–8 / 9–12, tribulanan none / 1 / 2–3 / 4);
//! groups I Baik (coverage ≥ 91 %, management ≥ 8.5), II Cukup (81–90 %, 5.5–8.4), III Kurang
//! (≤ 80 %, < 5.5). The management checklist below follows the common PKP manajemen instruments
//! (planning, Lokmin, monitoring, resources, finance, quality); the exact list differs between
//! provinces, so it is data here, with the wording of the criteria in both languages.
//!
//! Two readings that the sources leave open, stated where they are used: an indicator whose
//! lower value is better (BGM/D, stunting) scores `target ÷ realisasi × 100` capped at 100
//! ([`row_percent`]); an indicator with a monthly denominator (D/S, N/D) takes the year's summed
//! denominators as its sasaran.

pub use crate::coverage::mean;
use crate::coverage::{Direction, Program, Unit, percent};
use crate::enums::str_enum;
use crate::error::Invalid;

/// PKP coverage of one sub-variable: `riil ÷ (target % × sasaran) × 100`, capped at 100.
pub fn pkp_coverage(riil: f64, target_percent: f64, sasaran: f64) -> Option<f64> {
    percent(riil, target_percent / 100.0 * sasaran).map(|p| p.min(100.0))
}

/// The worksheet's percentage of one indicator (capped at 100): against `target` percent of
/// `base` (the sasaran, or the summed monthly denominators) for a higher-is-better rate;
/// `target ÷ realisasi × 100` when lower is better (at or under the ceiling scores 100); a
/// count against its target count. `None` when there is nothing to judge against.
pub fn row_percent(unit: Unit, direction: Direction, riil: f64, base: Option<f64>, target: f64) -> Option<f64> {
    if unit == Unit::Count {
        return match direction {
            Direction::Higher => percent(riil, target).map(|p| p.min(100.0)),
            Direction::Lower if riil <= target => Some(100.0),
            Direction::Lower => Some((target / riil * 100.0).min(100.0)),
        };
    }
    let base = base?;
    match direction {
        Direction::Higher => pkp_coverage(riil, target, base),
        Direction::Lower => {
            let scale = if unit == Unit::PerThousand { 1000.0 } else { 100.0 };
            if base <= 0.0 {
                return None;
            }
            let rate = riil / base * scale;
            if rate <= target {
                Some(100.0)
            } else {
                Some((target / rate * 100.0).min(100.0))
            }
        }
    }
}

/// Means per group, then the mean of the groups: the worksheet's sub-variable → variable →
/// programme (and the checklist's item → variable → management). Groups keep the order in
/// which they first appear; a group with no value is left out of the final mean.
pub fn mean_of_means<K: PartialEq + Copy, I: IntoIterator<Item = (K, Option<f64>)>>(
    values: I,
) -> (Vec<(K, Option<f64>)>, Option<f64>) {
    let mut groups: Vec<(K, Vec<Option<f64>>)> = Vec::new();
    for (k, v) in values {
        match groups.iter_mut().find(|g| g.0 == k) {
            Some(g) => g.1.push(v),
            None => groups.push((k, vec![v])),
        }
    }
    let means: Vec<(K, Option<f64>)> = groups.into_iter().map(|(k, vs)| (k, mean(vs))).collect();
    let total = mean(means.iter().map(|m| m.1));
    (means, total)
}

/// The coverage result: the mean of the programmes' means of their indicators.
pub fn coverage_score<I: IntoIterator<Item = (Program, Option<f64>)>>(
    rows: I,
) -> (Vec<(Program, Option<f64>)>, Option<f64>) {
    mean_of_means(rows)
}

/// The management result (0–10): the mean of the variables' means of their items' scores.
pub fn management_score<I: IntoIterator<Item = (ManagementVariable, Option<u8>)>>(
    scores: I,
) -> (Vec<(ManagementVariable, Option<f64>)>, Option<f64>) {
    mean_of_means(scores.into_iter().map(|(v, s)| (v, s.map(f64::from))))
}

/// PKP management score of the monthly Lokmin held in a year: none 0, fewer than 5 → 4,
/// 5–8 → 7, 9–12 → 10.
pub fn lokmin_bulanan_score(held: u32) -> u8 {
    match held {
        0 => 0,
        1..=4 => 4,
        5..=8 => 7,
        _ => 10,
    }
}

/// PKP management score of the quarterly Lokmin held in a year: none 0, one → 4, 2–3 → 7,
/// four → 10.
pub fn lokmin_tribulanan_score(held: u32) -> u8 {
    match held {
        0 => 0,
        1 => 4,
        2..=3 => 7,
        _ => 10,
    }
}

/// The score of "last year's PKP sent to the Dinkes and its feedback received", read from
/// last year's assessment in Lintas: not started 0, drafted 4, sent 7, verified (feedback
/// given) 10. `None` when last year has no assessment in Lintas (the Puskesmas scores it).
pub fn previous_pkp_score(previous: Option<PkpStatus>) -> Option<u8> {
    previous.map(|s| match s {
        PkpStatus::Draft => 4,
        PkpStatus::Returned | PkpStatus::Submitted => 7,
        PkpStatus::Verified => 10,
    })
}

str_enum! {
    /// The PKP group of a Puskesmas's coverage or management result.
    PkpGroup {
        /// I — Baik.
        Baik = "baik",
        /// II — Cukup.
        Cukup = "cukup",
        /// III — Kurang.
        Kurang = "kurang",
    }
}

impl PkpGroup {
    /// Coverage: I at 91 % or more, II above 80 %, III at 80 % or less (the sources write the
    /// bands 81–90 and "> 91"; the gaps between them fall to the lower group's upper bound).
    pub fn of_coverage(percent: f64) -> PkpGroup {
        if percent >= 91.0 {
            PkpGroup::Baik
        } else if percent > 80.0 {
            PkpGroup::Cukup
        } else {
            PkpGroup::Kurang
        }
    }

    /// Management (mean score 0–10): I at 8.5 or more, II at 5.5 or more, III below.
    pub fn of_management(score: f64) -> PkpGroup {
        if score >= 8.5 {
            PkpGroup::Baik
        } else if score >= 5.5 {
            PkpGroup::Cukup
        } else {
            PkpGroup::Kurang
        }
    }

    /// The roman numeral of the group.
    pub fn roman(self) -> &'static str {
        match self {
            PkpGroup::Baik => "I",
            PkpGroup::Cukup => "II",
            PkpGroup::Kurang => "III",
        }
    }
}

str_enum! {
    /// Where an assessment is on its way from the Puskesmas to the Dinkes.
    PkpStatus {
        /// The Puskesmas is filling it in.
        Draft = "draft",
        /// Sent to the Dinkes; the Puskesmas waits.
        Submitted = "submitted",
        /// The Dinkes checked it and gave its feedback; final.
        Verified = "verified",
        /// The Dinkes sent it back with feedback; the Puskesmas corrects and sends again.
        Returned = "returned",
    }
}

impl PkpStatus {
    /// The Puskesmas may change the self-assessment.
    pub fn editable(self) -> bool {
        matches!(self, PkpStatus::Draft | PkpStatus::Returned)
    }

    /// The step `to` is allowed from here: submit from draft or returned; verify or return
    /// what was submitted.
    pub fn may_become(self, to: PkpStatus) -> bool {
        match to {
            PkpStatus::Submitted => self.editable(),
            PkpStatus::Verified | PkpStatus::Returned => self == PkpStatus::Submitted,
            PkpStatus::Draft => false,
        }
    }
}

str_enum! {
    /// A variable of the management checklist.
    ManagementVariable {
        /// P1: planning.
        Perencanaan = "perencanaan",
        /// P2: moving and carrying out (the Lokmin).
        Penggerakan = "penggerakan",
        /// P3: monitoring, control and assessment.
        Pengawasan = "pengawasan",
        SumberDaya = "sumber_daya",
        Keuangan = "keuangan",
        Mutu = "mutu",
    }
}

str_enum! {
    /// Where an item's score comes from.
    ItemSource {
        /// Scored by the Puskesmas, checked by the Dinkes.
        Entered = "entered",
        /// Counted from the Lokmin bulanan held in Lintas that year.
        LokminBulanan = "lokmin_bulanan",
        /// Counted from the Lokmin tribulanan held in Lintas that year.
        LokminTribulanan = "lokmin_tribulanan",
        /// Read from last year's PKP in Lintas (scored by the Puskesmas when there is none).
        PreviousPkp = "previous_pkp",
    }
}

/// One item of the management checklist, with what earns 0, 4, 7 and 10.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct ManagementItem {
    pub code: &'static str,
    pub variable: ManagementVariable,
    pub source: ItemSource,
    pub text_id: &'static str,
    pub text_en: &'static str,
    /// What earns 0, 4, 7, 10 (Bahasa Indonesia).
    pub criteria_id: [&'static str; 4],
    pub criteria_en: [&'static str; 4],
}

/// The scores an item can have.
pub const SCORES: [u8; 4] = [0, 4, 7, 10];

/// The management checklist (common PKP manajemen practice; see the module's sources).
pub const MANAGEMENT: &[ManagementItem] = &[
    ManagementItem {
        code: "P1.1",
        variable: ManagementVariable::Perencanaan,
        source: ItemSource::Entered,
        text_id: "Rencana lima tahunan Puskesmas",
        text_en: "The Puskesmas's five-year plan",
        criteria_id: [
            "Tidak ada",
            "Ada, tidak berdasarkan analisis kebutuhan",
            "Ada, berdasarkan analisis kebutuhan",
            "Ada, berdasarkan analisis kebutuhan dan disosialisasikan ke lintas program dan lintas sektor",
        ],
        criteria_en: [
            "None",
            "Exists, not based on a needs analysis",
            "Exists, based on a needs analysis",
            "Exists, based on a needs analysis and shared with programmes and sectors",
        ],
    },
    ManagementItem {
        code: "P1.2",
        variable: ManagementVariable::Perencanaan,
        source: ItemSource::Entered,
        text_id: "Rencana Usulan Kegiatan (RUK) tahun berikutnya",
        text_en: "Next year's activity proposal (RUK)",
        criteria_id: [
            "Tidak ada",
            "Ada, tanpa analisis situasi",
            "Ada, berdasarkan analisis situasi dan capaian dua tahun terakhir",
            "Ada, berdasarkan analisis situasi, ditandatangani Kepala Puskesmas dan dikirim ke Dinas Kesehatan tepat waktu",
        ],
        criteria_en: [
            "None",
            "Exists, without a situation analysis",
            "Exists, based on a situation analysis and the last two years' results",
            "Exists, based on a situation analysis, signed by the head and sent to the Dinkes on time",
        ],
    },
    ManagementItem {
        code: "P1.3",
        variable: ManagementVariable::Perencanaan,
        source: ItemSource::Entered,
        text_id: "Rencana Pelaksanaan Kegiatan (RPK/POA) tahunan dan bulanan",
        text_en: "Yearly and monthly plan of activities (RPK/POA)",
        criteria_id: [
            "Tidak ada",
            "Ada RPK tahunan saja",
            "Ada RPK tahunan dan bulanan",
            "Ada RPK tahunan dan bulanan, jadwalnya dibahas dengan lintas program dan lintas sektor",
        ],
        criteria_en: [
            "None",
            "A yearly plan only",
            "Yearly and monthly plans",
            "Yearly and monthly plans, scheduled with the programmes and the other sectors",
        ],
    },
    ManagementItem {
        code: "P2.1",
        variable: ManagementVariable::Penggerakan,
        source: ItemSource::LokminBulanan,
        text_id: "Lokakarya mini bulanan (lintas program)",
        text_en: "Monthly Lokmin (across programmes)",
        criteria_id: [
            "Tidak dilaksanakan",
            "Kurang dari 5 kali setahun",
            "5–8 kali setahun",
            "9–12 kali setahun",
        ],
        criteria_en: ["None held", "Fewer than 5 a year", "5–8 a year", "9–12 a year"],
    },
    ManagementItem {
        code: "P2.2",
        variable: ManagementVariable::Penggerakan,
        source: ItemSource::LokminTribulanan,
        text_id: "Lokakarya mini tribulanan (lintas sektor)",
        text_en: "Quarterly Lokmin (across sectors)",
        criteria_id: [
            "Tidak dilaksanakan",
            "1 kali setahun",
            "2–3 kali setahun",
            "4 kali setahun",
        ],
        criteria_en: ["None held", "Once a year", "2–3 a year", "4 a year"],
    },
    ManagementItem {
        code: "P2.3",
        variable: ManagementVariable::Penggerakan,
        source: ItemSource::Entered,
        text_id: "Rencana tindak lanjut (RTL) Lokmin dipantau pada pertemuan berikutnya",
        text_en: "The Lokmin's follow-up actions (RTL) reviewed at the next meeting",
        criteria_id: [
            "Tidak ada RTL",
            "Ada RTL, tidak dipantau",
            "Ada RTL, dipantau sebagian",
            "Ada RTL, seluruhnya dipantau dan dilaporkan",
        ],
        criteria_en: [
            "No follow-up actions",
            "Actions agreed, not reviewed",
            "Actions agreed, partly reviewed",
            "Actions agreed, all reviewed and reported",
        ],
    },
    ManagementItem {
        code: "P3.1",
        variable: ManagementVariable::Pengawasan,
        source: ItemSource::Entered,
        text_id: "PWS dibuat dan dianalisis setiap bulan",
        text_en: "Local-area monitoring (PWS) made and analysed every month",
        criteria_id: [
            "Tidak dibuat",
            "Dibuat, tidak dianalisis",
            "Dibuat dan dianalisis, tidak ditindaklanjuti",
            "Dibuat, dianalisis dan ditindaklanjuti setiap bulan",
        ],
        criteria_en: [
            "Not made",
            "Made, not analysed",
            "Made and analysed, not followed up",
            "Made, analysed and followed up every month",
        ],
    },
    ManagementItem {
        code: "P3.2",
        variable: ManagementVariable::Pengawasan,
        source: ItemSource::Entered,
        text_id: "Laporan bulanan dikirim ke Dinas Kesehatan tepat waktu",
        text_en: "Monthly reports sent to the Dinkes on time",
        criteria_id: [
            "Tidak dikirim",
            "Dikirim, sering terlambat",
            "Dikirim, kadang terlambat",
            "Dikirim tepat waktu setiap bulan",
        ],
        criteria_en: [
            "Not sent",
            "Sent, often late",
            "Sent, sometimes late",
            "Sent on time every month",
        ],
    },
    ManagementItem {
        code: "P3.3",
        variable: ManagementVariable::Pengawasan,
        source: ItemSource::PreviousPkp,
        text_id: "PKP tahun lalu dikirim ke Dinas Kesehatan dan umpan balik diterima",
        text_en: "Last year's PKP sent to the Dinkes and its feedback received",
        criteria_id: [
            "Tidak dibuat",
            "Dibuat, tidak dikirim",
            "Dikirim, belum ada umpan balik",
            "Dikirim dan umpan balik diterima",
        ],
        criteria_en: [
            "Not made",
            "Made, not sent",
            "Sent, no feedback yet",
            "Sent and feedback received",
        ],
    },
    ManagementItem {
        code: "S.1",
        variable: ManagementVariable::SumberDaya,
        source: ItemSource::Entered,
        text_id: "Struktur organisasi, uraian tugas dan SK penanggung jawab program",
        text_en: "Organisation chart, job descriptions and programme appointments",
        criteria_id: [
            "Tidak ada",
            "Ada struktur organisasi saja",
            "Ada struktur dan uraian tugas",
            "Ada struktur, uraian tugas dan SK penanggung jawab yang mutakhir",
        ],
        criteria_en: [
            "None",
            "An organisation chart only",
            "A chart and job descriptions",
            "A chart, job descriptions and current appointments",
        ],
    },
    ManagementItem {
        code: "S.2",
        variable: ManagementVariable::SumberDaya,
        source: ItemSource::Entered,
        text_id: "Laporan pemakaian dan lembar permintaan obat (LPLPO) tepat waktu",
        text_en: "Medicine use and request report (LPLPO) on time",
        criteria_id: [
            "Tidak dibuat",
            "Dibuat, sering terlambat",
            "Dibuat, kadang terlambat",
            "Dibuat tepat waktu setiap bulan",
        ],
        criteria_en: [
            "Not made",
            "Made, often late",
            "Made, sometimes late",
            "Made on time every month",
        ],
    },
    ManagementItem {
        code: "S.3",
        variable: ManagementVariable::SumberDaya,
        source: ItemSource::Entered,
        text_id: "Inventaris sarana, prasarana dan alat kesehatan dimutakhirkan",
        text_en: "Inventory of buildings and equipment kept up to date",
        criteria_id: [
            "Tidak ada",
            "Ada, tidak mutakhir",
            "Ada, dimutakhirkan setahun sekali",
            "Ada, dimutakhirkan dan kebutuhan pemeliharaan direncanakan",
        ],
        criteria_en: [
            "None",
            "Exists, out of date",
            "Exists, updated once a year",
            "Exists, updated, with maintenance planned",
        ],
    },
    ManagementItem {
        code: "K.1",
        variable: ManagementVariable::Keuangan,
        source: ItemSource::Entered,
        text_id: "Laporan keuangan BOK dan kapitasi JKN tepat waktu",
        text_en: "BOK and JKN capitation accounts reported on time",
        criteria_id: [
            "Tidak dibuat",
            "Dibuat, sering terlambat",
            "Dibuat, kadang terlambat",
            "Dibuat tepat waktu dan tanpa temuan pemeriksaan",
        ],
        criteria_en: [
            "Not made",
            "Made, often late",
            "Made, sometimes late",
            "Made on time, no audit findings",
        ],
    },
    ManagementItem {
        code: "M.1",
        variable: ManagementVariable::Mutu,
        source: ItemSource::Entered,
        text_id: "Survei kepuasan masyarakat",
        text_en: "Community satisfaction survey",
        criteria_id: [
            "Tidak dilakukan",
            "Dilakukan, tidak dianalisis",
            "Dilakukan dan dianalisis",
            "Dilakukan, dianalisis dan ditindaklanjuti",
        ],
        criteria_en: [
            "Not done",
            "Done, not analysed",
            "Done and analysed",
            "Done, analysed and acted on",
        ],
    },
    ManagementItem {
        code: "M.2",
        variable: ManagementVariable::Mutu,
        source: ItemSource::Entered,
        text_id: "Audit internal dan rapat tinjauan manajemen",
        text_en: "Internal audit and management review",
        criteria_id: [
            "Tidak dilakukan",
            "Audit internal saja",
            "Audit internal dan rapat tinjauan manajemen",
            "Audit internal dan rapat tinjauan manajemen, hasilnya ditindaklanjuti",
        ],
        criteria_en: [
            "Not done",
            "Internal audit only",
            "Internal audit and management review",
            "Internal audit and management review, findings acted on",
        ],
    },
];

/// The checklist item of `code`.
pub fn item(code: &str) -> Option<&'static ManagementItem> {
    MANAGEMENT.iter().find(|i| i.code == code)
}

/// The score `n` from the choice typed or picked: empty is "not scored yet"; anything but
/// 0, 4, 7 or 10 is `pkp.score`.
pub fn parse_score(s: &str) -> Result<Option<u8>, &'static str> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    match s.parse::<u8>() {
        Ok(n) if SCORES.contains(&n) => Ok(Some(n)),
        _ => Err("pkp.score"),
    }
}

/// The words a Puskesmas writes per worksheet line.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RowNotes {
    pub indicator_code: String,
    pub masalah: String,
    pub penyebab: String,
    pub rtl: String,
}

/// The longest note a worksheet cell or the feedback takes.
pub const MAX_NOTE: usize = 2000;

impl RowNotes {
    /// Trims the notes; each at most [`MAX_NOTE`] characters (`too_long`, named by `prefix`).
    pub fn check(self, prefix: &str, inv: &mut Invalid) -> RowNotes {
        let mut keep = |field: &str, v: String| {
            let v = v.trim().to_string();
            if v.chars().count() > MAX_NOTE {
                inv.add(format!("{prefix}.{field}"), "too_long");
            }
            v
        };
        RowNotes {
            indicator_code: self.indicator_code.trim().to_ascii_uppercase(),
            masalah: keep("masalah", self.masalah),
            penyebab: keep("penyebab", self.penyebab),
            rtl: keep("rtl", self.rtl),
        }
    }
}

/// The Dinkes's feedback: required to send an assessment back, optional to verify it.
pub fn check_feedback(text: &str, required: bool) -> Result<String, Invalid> {
    let t = text.trim().to_string();
    if required && t.is_empty() {
        return Err(Invalid::one("feedback", "pkp.feedback_required"));
    }
    if t.chars().count() > MAX_NOTE {
        return Err(Invalid::one("feedback", "too_long"));
    }
    Ok(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: Option<f64>, b: f64) -> bool {
        a.is_some_and(|a| (a - b).abs() < 1e-9)
    }

    #[test]
    fn coverage_is_capped_and_averaged() {
        // Target 95 % of 200 sasaran = 190; 171 riil → 90 %; 200 riil → capped at 100.
        assert!(close(pkp_coverage(171.0, 95.0, 200.0), 90.0));
        assert!(close(pkp_coverage(200.0, 95.0, 200.0), 100.0));
        assert_eq!(pkp_coverage(5.0, 95.0, 0.0), None);
        assert!(close(mean([Some(90.0), Some(100.0), None, Some(80.0)]), 90.0));
        assert_eq!(mean([None, None]), None);
    }

    #[test]
    fn lower_is_better_scores_the_ceiling_over_the_rate() {
        // BGM/D ceiling 2 %: 10 of 1,000 weighed = 1 % → 100; 40 of 1,000 = 4 % → 2/4 = 50.
        let p = |riil, base| row_percent(Unit::Percent, Direction::Lower, riil, Some(base), 2.0);
        assert!(close(p(10.0, 1000.0), 100.0));
        assert!(close(p(40.0, 1000.0), 50.0));
        assert_eq!(p(1.0, 0.0), None);
        // A count: 45 of a target of 60 → 75; above the target, capped.
        assert!(close(
            row_percent(Unit::Count, Direction::Higher, 45.0, None, 60.0),
            75.0
        ));
        assert!(close(
            row_percent(Unit::Count, Direction::Higher, 75.0, None, 60.0),
            100.0
        ));
        // Higher-is-better with a base: the worksheet's formula.
        assert!(close(
            row_percent(Unit::Percent, Direction::Higher, 171.0, Some(200.0), 95.0),
            90.0
        ));
        assert_eq!(row_percent(Unit::Percent, Direction::Higher, 171.0, None, 95.0), None);
    }

    #[test]
    fn means_of_means_weigh_each_group_once() {
        // KIA: 90 and 100 → 95; gizi: 60 → 60; imunisasi: no figure. Programme = (95 + 60) / 2.
        let (by, total) = coverage_score([
            (Program::KiaKb, Some(90.0)),
            (Program::Gizi, Some(60.0)),
            (Program::KiaKb, Some(100.0)),
            (Program::Imunisasi, None),
        ]);
        assert_eq!(
            by,
            [
                (Program::KiaKb, Some(95.0)),
                (Program::Gizi, Some(60.0)),
                (Program::Imunisasi, None)
            ]
        );
        assert!(close(total, 77.5));
        let (_, m) = management_score([
            (ManagementVariable::Perencanaan, Some(10)),
            (ManagementVariable::Perencanaan, Some(7)),
            (ManagementVariable::Mutu, Some(4)),
            (ManagementVariable::Mutu, None),
        ]);
        // (8.5 + 4) / 2
        assert!(close(m, 6.25));
    }

    #[test]
    fn lokmin_counts_score_and_groups_classify() {
        let bulanan: Vec<u8> = [0, 1, 4, 5, 8, 9, 12].map(lokmin_bulanan_score).to_vec();
        assert_eq!(bulanan, [0, 4, 4, 7, 7, 10, 10]);
        let tribulanan: Vec<u8> = [0, 1, 2, 3, 4].map(lokmin_tribulanan_score).to_vec();
        assert_eq!(tribulanan, [0, 4, 7, 7, 10]);
        use PkpGroup::*;
        let cov: Vec<PkpGroup> = [95.0, 91.0, 90.5, 81.0, 80.5, 80.0, 10.0]
            .map(PkpGroup::of_coverage)
            .to_vec();
        assert_eq!(cov, [Baik, Baik, Cukup, Cukup, Cukup, Kurang, Kurang]);
        let man: Vec<PkpGroup> = [10.0, 8.5, 8.4, 5.5, 5.4, 0.0].map(PkpGroup::of_management).to_vec();
        assert_eq!(man, [Baik, Baik, Cukup, Cukup, Kurang, Kurang]);
    }

    #[test]
    fn the_way_from_draft_to_verified() {
        use PkpStatus::*;
        assert!(Draft.may_become(Submitted) && Returned.may_become(Submitted));
        assert!(Submitted.may_become(Verified) && Submitted.may_become(Returned));
        assert!(!Submitted.may_become(Submitted), "sent twice");
        assert!(!Draft.may_become(Verified), "verified before it was sent");
        assert!(!Verified.may_become(Returned) && !Verified.may_become(Submitted));
        assert!(!Submitted.editable() && !Verified.editable());
        assert_eq!(previous_pkp_score(None), None);
        assert_eq!(previous_pkp_score(Some(Verified)), Some(10));
        assert_eq!(previous_pkp_score(Some(Submitted)), Some(7));
    }

    #[test]
    fn scores_and_notes_are_checked() {
        assert_eq!(parse_score(" 7 "), Ok(Some(7)));
        assert_eq!(parse_score(""), Ok(None));
        assert_eq!(parse_score("5"), Err("pkp.score"));
        assert_eq!(parse_score("sepuluh"), Err("pkp.score"));
        let mut inv = Invalid::new();
        let n = RowNotes {
            indicator_code: " k1 ".into(),
            masalah: " ".repeat(3) + "Sasaran terlalu tinggi ",
            penyebab: "x".repeat(MAX_NOTE + 1),
            rtl: String::new(),
        }
        .check("rows[0]", &mut inv);
        assert_eq!(
            (n.indicator_code.as_str(), n.masalah.as_str()),
            ("K1", "Sasaran terlalu tinggi")
        );
        assert_eq!(inv.0.len(), 1);
        assert_eq!(
            (inv.0[0].field.as_str(), inv.0[0].code),
            ("rows[0].penyebab", "too_long")
        );
        assert!(check_feedback("  ", true).is_err());
        assert_eq!(check_feedback(" Baik ", false).ok().as_deref(), Some("Baik"));
    }

    #[test]
    fn the_checklist_is_whole() {
        let mut codes: Vec<&str> = MANAGEMENT.iter().map(|i| i.code).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), MANAGEMENT.len(), "codes are unique");
        for v in ManagementVariable::ALL {
            assert!(MANAGEMENT.iter().any(|i| i.variable == *v), "{v} has items");
        }
        for s in [
            ItemSource::LokminBulanan,
            ItemSource::LokminTribulanan,
            ItemSource::PreviousPkp,
        ] {
            assert_eq!(MANAGEMENT.iter().filter(|i| i.source == s).count(), 1, "{s}");
        }
        assert!(
            MANAGEMENT
                .iter()
                .all(|i| i.criteria_id.iter().chain(&i.criteria_en).all(|c| !c.is_empty()))
        );
        assert_eq!(item("P2.1").map(|i| i.source), Some(ItemSource::LokminBulanan));
    }
}
