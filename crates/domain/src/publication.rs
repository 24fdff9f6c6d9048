//! Public figures (`/publik`): what a district publishes, and the small-cell suppression that
//! keeps a published table from pointing at a child.
//!
//! A **cell** is one figure of one place and month: the children with the condition (`count`)
//! out of those measured for it (`measured`). It is suppressed
//!
//! 1. **primarily** when fewer than `min_measured` children were measured or fewer than
//!    `min_cases` have the condition (both settings of the district, at least 10 and 5), and
//! 2. **complementarily** when it could be recovered by subtraction: in every group of a
//!    parent and its children (a district and its kecamatan, a kecamatan and its desa), a
//!    published parent with exactly one suppressed child would give that child away
//!    (parent − the published children), so the next-smallest sibling is suppressed too (or,
//!    for an only child, the parent); a suppressed parent whose children are all published would
//!    be their sum, so its smallest child is suppressed. This runs over a district's whole
//!    tree until nothing changes ([`suppress`]). A province total over districts that each
//!    publish on their own is hidden instead when exactly one district is ([`total_hidden`]).
//!
//! Each figure (stunting, wasting, underweight) and each month is its own table: their
//! denominators differ and no published total adds across them.

use crate::Invalid;
use crate::enums::str_enum;
use crate::nutrition::Tally;
use serde::Serialize;

/// The least number of children measured for a cell to be published.
pub const MIN_MEASURED: i64 = 10;
/// The least number of cases for a cell to be published.
pub const MIN_CASES: i64 = 5;
/// The largest threshold a district may set.
pub const MAX_THRESHOLD: i64 = 1000;

str_enum! {
    /// A nutrition figure that may be published.
    Figure {
        /// Length/height-for-age below −2 SD (WHO 2006).
        Stunting = "stunting",
        /// Weight-for-length/height below −2 SD.
        Wasting = "wasting",
        /// Weight-for-age below −2 SD.
        Underweight = "underweight",
    }
}

impl Figure {
    /// This figure's cell in a month's tally.
    pub fn cell(self, t: &Tally) -> Cell {
        match self {
            Figure::Stunting => Cell {
                count: t.stunted,
                measured: t.haz_n,
            },
            Figure::Wasting => Cell {
                count: t.wasted,
                measured: t.whz_n,
            },
            Figure::Underweight => Cell {
                count: t.underweight,
                measured: t.waz_n,
            },
        }
    }
}

/// A count out of those measured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Cell {
    pub count: i64,
    pub measured: i64,
}

/// The small-cell thresholds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Thresholds {
    pub min_measured: i64,
    pub min_cases: i64,
}

impl Default for Thresholds {
    fn default() -> Self {
        Self {
            min_measured: MIN_MEASURED,
            min_cases: MIN_CASES,
        }
    }
}

impl Thresholds {
    /// The stricter of two (a province over districts with their own settings).
    pub fn max(self, o: Thresholds) -> Thresholds {
        Thresholds {
            min_measured: self.min_measured.max(o.min_measured),
            min_cases: self.min_cases.max(o.min_cases),
        }
    }

    /// Whether a cell is too small to publish on its own.
    pub fn primary(&self, c: Cell) -> bool {
        c.measured < self.min_measured || c.count < self.min_cases
    }
}

/// What a district publishes. With no settings stored: stunting only, default thresholds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Settings {
    pub stunting: bool,
    pub wasting: bool,
    pub underweight: bool,
    pub thresholds: Thresholds,
    /// Coverage indicator codes whose aggregate capaian is published.
    pub indicators: Vec<String>,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            stunting: true,
            wasting: false,
            underweight: false,
            thresholds: Thresholds::default(),
            indicators: Vec::new(),
        }
    }
}

impl Settings {
    pub fn publishes(&self, f: Figure) -> bool {
        match f {
            Figure::Stunting => self.stunting,
            Figure::Wasting => self.wasting,
            Figure::Underweight => self.underweight,
        }
    }

    /// The figures published, in the table's order.
    pub fn figures(&self) -> Vec<Figure> {
        Figure::ALL.iter().copied().filter(|f| self.publishes(*f)).collect()
    }

    /// Whether anything at all is published.
    pub fn publishes_anything(&self) -> bool {
        self.stunting || self.wasting || self.underweight || !self.indicators.is_empty()
    }
}

/// A district's choice as typed in the settings form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SettingsInput {
    pub district: String,
    pub figures: Vec<Figure>,
    pub min_measured: i64,
    pub min_cases: i64,
    pub indicators: Vec<String>,
}

impl SettingsInput {
    /// A district's code (two parts), thresholds no smaller than the defaults (a district may
    /// be stricter, never looser) and no larger than [`MAX_THRESHOLD`]; the result trimmed,
    /// each figure and indicator once.
    pub fn check(self) -> Result<SettingsInput, Invalid> {
        let mut inv = Invalid::default();
        let district = match crate::region::RegionCode::parse(&self.district) {
            Ok(c) if c.level() == crate::region::RegionLevel::Regency => c.as_str().to_string(),
            _ => {
                inv.add("district", "publication.district");
                self.district.trim().to_string()
            }
        };
        if !(MIN_MEASURED..=MAX_THRESHOLD).contains(&self.min_measured) {
            inv.add("min_measured", "publication.min_measured");
        }
        if !(MIN_CASES..=MAX_THRESHOLD).contains(&self.min_cases) {
            inv.add("min_cases", "publication.min_cases");
        }
        if self.indicators.iter().any(|c| c.trim().is_empty() || c.len() > 40) {
            inv.add("indicators", "choice.unknown");
        }
        inv.into_result()?;
        let mut indicators: Vec<String> = self.indicators.iter().map(|c| c.trim().to_string()).collect();
        indicators.sort();
        indicators.dedup();
        let figures = Figure::ALL
            .iter()
            .copied()
            .filter(|f| self.figures.contains(f))
            .collect();
        Ok(SettingsInput {
            district,
            figures,
            indicators,
            ..self
        })
    }

    /// The settings this input stores.
    pub fn settings(&self) -> Settings {
        Settings {
            stunting: self.figures.contains(&Figure::Stunting),
            wasting: self.figures.contains(&Figure::Wasting),
            underweight: self.figures.contains(&Figure::Underweight),
            thresholds: Thresholds {
                min_measured: self.min_measured,
                min_cases: self.min_cases,
            },
            indicators: self.indicators.clone(),
        }
    }
}

/// The district (`PP.KK`) a region code lies in, or `None` for a province.
pub fn district_of(code: &str) -> Option<String> {
    let parts: Vec<&str> = code.split('.').collect();
    (parts.len() >= 2).then(|| parts[..2].join("."))
}

/// The province (`PP`) of a region code.
pub fn province_of(code: &str) -> String {
    code.split('.').next().unwrap_or("").to_string()
}

/// Which cells of a tree to suppress. `cells[i]` has the parent `parents[i]` (an index into
/// the same slice, `None` for the root(s)); `primary[i]` says whether the cell is suppressed on
/// its own (see [`Thresholds::primary`]). Answers, for every cell, whether it is shown as
/// suppressed; no suppressed cell can then be recovered from its parent and siblings, nor a
/// suppressed parent from its children. Deterministic: the smallest cell (fewest measured,
/// then fewest cases, then the lowest index) is chosen each time.
pub fn suppress(cells: &[Cell], parents: &[Option<usize>], primary: &[bool]) -> Vec<bool> {
    let n = cells.len();
    let mut out: Vec<bool> = (0..n).map(|i| primary.get(i).copied().unwrap_or(true)).collect();
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (i, p) in parents.iter().enumerate().take(n) {
        if let Some(p) = p
            && *p < n
            && *p != i
        {
            children[*p].push(i);
        }
    }
    let smallest = |cands: &mut dyn Iterator<Item = usize>| -> Option<usize> {
        cands.min_by_key(|&i| (cells[i].measured, cells[i].count, i))
    };
    // Every step suppresses one more cell, so this ends after at most n rounds.
    loop {
        let mut changed = false;
        for p in 0..n {
            let ch = &children[p];
            if ch.is_empty() {
                continue;
            }
            // Children that hold something: an empty suppressed one hides nothing.
            let hidden = ch.iter().filter(|&&c| out[c] && cells[c].measured > 0).count();
            let shown: Vec<usize> = ch.iter().copied().filter(|&c| !out[c]).collect();
            if !out[p] {
                if hidden == 1 {
                    let pick = smallest(&mut shown.iter().copied().filter(|&c| cells[c].measured > 0))
                        .or_else(|| smallest(&mut shown.iter().copied()));
                    match pick {
                        Some(c) => out[c] = true,
                        None => out[p] = true,
                    }
                    changed = true;
                }
            } else if hidden == 0
                && let Some(c) = smallest(&mut shown.iter().copied().filter(|&c| cells[c].measured > 0))
            {
                out[c] = true;
                changed = true;
            }
        }
        if !changed {
            return out;
        }
    }
}

/// Whether a total over parts published on their own (a province over its districts, each
/// district with its own settings and its own tree) is hidden: when its own thresholds say so
/// (`primary`), or when exactly one part that holds something is hidden — the total minus the
/// published parts would give it away. The parts stay as their districts publish them: a
/// province total gives way before a district's figures do.
pub fn total_hidden(primary: bool, parts: &[(Cell, bool)]) -> bool {
    primary || parts.iter().filter(|(c, hidden)| *hidden && c.measured > 0).count() == 1
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn c(count: i64, measured: i64) -> Cell {
        Cell { count, measured }
    }

    fn primary(cells: &[Cell]) -> Vec<bool> {
        let t = Thresholds::default();
        cells.iter().map(|x| t.primary(*x)).collect()
    }

    /// What a reader can work out exactly: a suppressed cell whose value follows from a
    /// published parent minus its published siblings (with no other non-empty suppressed
    /// sibling), or a suppressed parent from all its children published.
    fn recoverable(cells: &[Cell], parents: &[Option<usize>], sup: &[bool]) -> Vec<usize> {
        let mut out = Vec::new();
        for p in 0..cells.len() {
            let ch: Vec<usize> = (0..cells.len()).filter(|&i| parents[i] == Some(p)).collect();
            if ch.is_empty() {
                continue;
            }
            let hidden: Vec<usize> = ch
                .iter()
                .copied()
                .filter(|&i| sup[i] && cells[i].measured > 0)
                .collect();
            if !sup[p] && hidden.len() == 1 {
                out.push(hidden[0]);
            }
            if sup[p] && ch.iter().all(|&i| !sup[i]) && cells[p].measured > 0 {
                out.push(p);
            }
        }
        out
    }

    fn check(cells: &[Cell], parents: &[Option<usize>]) -> Vec<bool> {
        let prim = primary(cells);
        let sup = suppress(cells, parents, &prim);
        // Every primary cell stays suppressed.
        for (i, p) in prim.iter().enumerate() {
            assert!(!p || sup[i], "cell {i} lost its primary suppression");
        }
        assert_eq!(recoverable(cells, parents, &sup), Vec::<usize>::new(), "{sup:?}");
        sup
    }

    #[test]
    fn primary_thresholds_are_measured_and_cases() {
        let t = Thresholds::default();
        assert!(t.primary(c(5, 9)), "9 measured");
        assert!(t.primary(c(4, 200)), "4 cases");
        assert!(!t.primary(c(5, 10)));
        // A desa with 4 children measured.
        assert!(t.primary(c(1, 4)));
    }

    #[test]
    fn one_small_desa_takes_the_next_smallest_with_it() {
        // kecamatan 0 with desa 1..=4; desa 2 is small.
        let cells = [c(60, 300), c(20, 100), c(1, 4), c(15, 80), c(24, 116)];
        let parents = [None, Some(0), Some(0), Some(0), Some(0)];
        let sup = check(&cells, &parents);
        assert_eq!(sup, vec![false, false, true, true, false]);
        // Without the second, 60 − 20 − 15 − 24 = 1 would give desa 2 away.
    }

    #[test]
    fn an_only_child_suppresses_its_parent_and_the_parent_its_sibling() {
        // district 0: kecamatan 1 (with one small desa 3) and kecamatan 2 (desa 4, 5).
        let cells = [c(40, 200), c(3, 8), c(37, 192), c(3, 8), c(20, 100), c(17, 92)];
        let parents = [None, Some(0), Some(0), Some(1), Some(2), Some(2)];
        let sup = check(&cells, &parents);
        // Kecamatan 1 (primary) forces kecamatan 2, whose own breakdown then keeps a desa hidden.
        assert!(sup[1] && sup[3] && sup[2]);
        assert!(!sup[0]);
        assert!(sup[4] || sup[5]);
    }

    #[test]
    fn a_suppressed_parent_is_not_the_sum_of_published_children() {
        // A parent below the threshold (thresholds raised for it) with children published.
        let cells = [c(12, 40), c(6, 20), c(6, 20)];
        let parents = [None, Some(0), Some(0)];
        let sup = suppress(&cells, &parents, &[true, false, false]);
        assert_eq!(recoverable(&cells, &parents, &sup), Vec::<usize>::new());
        assert!(sup[0] && (sup[1] || sup[2]), "the parent would be their sum: {sup:?}");
    }

    #[test]
    fn empty_suppressed_siblings_do_not_count_as_cover() {
        // Desa 2 is small, desa 3 has nobody measured: a reader knows it holds nothing.
        let cells = [c(45, 210), c(20, 100), c(2, 6), c(0, 0), c(23, 104)];
        let parents = [None, Some(0), Some(0), Some(0), Some(0)];
        let sup = check(&cells, &parents);
        assert!(sup[2] && (sup[1] || sup[4]), "{sup:?}");
    }

    #[test]
    fn constructed_trees_never_leave_a_cell_recoverable() {
        // A deterministic walk through many small trees: a root, 1–4 kecamatan, 1–5 desa each,
        // desa sizes from a simple generator including tiny ones.
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = |m: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % m
        };
        for _ in 0..2000 {
            let mut cells = vec![c(0, 0)];
            let mut parents = vec![None];
            for _ in 0..=next(4) {
                let k = cells.len();
                cells.push(c(0, 0));
                parents.push(Some(0));
                for _ in 0..=next(5) {
                    let measured = next(60) as i64;
                    let count = if measured == 0 {
                        0
                    } else {
                        next(measured as u64 / 2 + 1) as i64
                    };
                    cells.push(c(count, measured));
                    parents.push(Some(k));
                    cells[k].count += count;
                    cells[k].measured += measured;
                    cells[0].count += count;
                    cells[0].measured += measured;
                }
            }
            check(&cells, &parents);
        }
    }

    #[test]
    fn a_province_total_gives_way_to_one_hidden_district() {
        let big = (c(700, 4000), false);
        let small = (c(1, 4), true);
        // Sarolangun published, a district with 4 children hidden: the province would be their
        // difference, so it is hidden.
        assert!(total_hidden(false, &[big, small]));
        assert!(!total_hidden(false, &[big, big]));
        assert!(!total_hidden(false, &[big, small, small]));
        // A district with nobody measured hides nothing.
        assert!(!total_hidden(false, &[big, (c(0, 0), true)]));
        assert!(total_hidden(true, &[big]));
    }

    #[test]
    fn settings_are_checked_and_default_to_stunting_only() {
        let d = Settings::default();
        assert_eq!(d.figures(), vec![Figure::Stunting]);
        assert!(d.publishes_anything());
        let input = |mm: i64, mc: i64, district: &str| SettingsInput {
            district: district.into(),
            figures: vec![Figure::Wasting],
            min_measured: mm,
            min_cases: mc,
            indicators: vec![],
        };
        let s = input(20, 5, "1503").check().unwrap().settings();
        assert!(!s.stunting && s.wasting && !s.publishes(Figure::Underweight));
        assert_eq!(s.thresholds.min_measured, 20);
        let e = input(9, 4, "15.03.01").check().unwrap_err();
        let fields: Vec<&str> = e.0.iter().map(|x| x.field.as_str()).collect();
        assert_eq!(fields, vec!["district", "min_measured", "min_cases"]);
        assert_eq!(district_of("15.03.01.2001").as_deref(), Some("15.03"));
        assert_eq!(district_of("15"), None);
        assert_eq!(province_of("15.03.01"), "15");
    }
}
