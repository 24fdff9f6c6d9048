//! Coverage files a Puskesmas brings (CSV or XLSX, read within [`Limits`]):
//!
//! - **achievements**, one row per indicator, desa and month — columns `indicator`, `desa`,
//!   `month` (`2024-03`), `numerator`, and `denominator` for an indicator divided by a monthly
//!   count (Indonesian headers too: `kode_indikator`, `kode_desa`, `bulan`, `pembilang`,
//!   `penyebut`);
//! - **sasaran**, one row per desa and year — `desa`, `year` (`tahun`) and one column per
//!   sasaran kind present (`penduduk`, `bumil`, `bayi` …).
//!
//! Cells are read as text and parsed here; what needs stored data (the wilayah kerja, the
//! catalogue, the lock) is the use case's. Every problem names its line and column.

use crate::eppgbm::{FileError, Limits, Table, fold_header, read_limited};
use crate::indicator::RowError;
use chrono::NaiveDate;
use domain::coverage::{SasaranKind, parse_count, parse_month};

/// The limits of a coverage file: a district's year of monthly figures with room to spare.
pub fn limits() -> Limits {
    Limits {
        max_rows: 200_000,
        max_columns: 60,
        max_cells: 2_000_000,
        ..Limits::default()
    }
}

/// One achievement row as read (line numbers count the header as line 1).
#[derive(Debug, Clone, PartialEq)]
pub struct AchievementLine {
    pub line: u64,
    pub indicator_code: String,
    pub desa_code: String,
    pub month: NaiveDate,
    pub numerator: f64,
    pub denominator: Option<f64>,
}

/// One sasaran figure as read.
#[derive(Debug, Clone, PartialEq)]
pub struct SasaranLine {
    pub line: u64,
    pub desa_code: String,
    pub year: i32,
    pub kind: SasaranKind,
    pub value: f64,
}

/// A file that cannot be read, or the problems of its rows.
#[derive(Debug, Clone, PartialEq)]
pub enum ReadError {
    File(FileError),
    Rows(Vec<RowError>),
}

const INDICATOR: &[&str] = &["indicator", "indicator_code", "indikator", "kode_indikator"];
const DESA: &[&str] = &["desa", "desa_code", "kode_desa", "kelurahan", "kode_wilayah"];
const MONTH: &[&str] = &["month", "bulan", "periode"];
const NUMERATOR: &[&str] = &["numerator", "pembilang", "capaian", "jumlah"];
const DENOMINATOR: &[&str] = &["denominator", "penyebut"];
const YEAR: &[&str] = &["year", "tahun"];

fn column(t: &Table, names: &[&str]) -> Option<usize> {
    t.headers
        .iter()
        .position(|h| names.iter().any(|n| fold_header(n) == fold_header(h)))
}

fn required(t: &Table, names: &[&str]) -> Result<usize, ReadError> {
    column(t, names).ok_or_else(|| {
        ReadError::Rows(vec![RowError {
            line: 1,
            column: names[0].into(),
            code: "import.column_missing",
        }])
    })
}

fn cell(row: &[String], i: usize) -> &str {
    row.get(i).map_or("", |s| s.trim())
}

fn table(bytes: &[u8]) -> Result<Table, ReadError> {
    let t = read_limited(bytes, None, &limits()).map_err(ReadError::File)?;
    if t.rows.is_empty() {
        return Err(ReadError::File(FileError::Empty));
    }
    Ok(t)
}

/// Reads an achievements file; all rows or every problem.
pub fn read_achievements(bytes: &[u8]) -> Result<Vec<AchievementLine>, ReadError> {
    let t = table(bytes)?;
    let (ci, cd, cm, cn) = (
        required(&t, INDICATOR)?,
        required(&t, DESA)?,
        required(&t, MONTH)?,
        required(&t, NUMERATOR)?,
    );
    let cden = column(&t, DENOMINATOR);
    let mut out = Vec::with_capacity(t.rows.len());
    let mut errors = Vec::new();
    for (n, row) in &t.rows {
        if row.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let line = *n as u64;
        let mut bad = |column: &str, code| {
            errors.push(RowError {
                line,
                column: column.into(),
                code,
            })
        };
        let code = cell(row, ci).to_ascii_uppercase();
        if code.is_empty() {
            bad("indicator", "required");
        }
        let desa = cell(row, cd).to_string();
        if desa.is_empty() {
            bad("desa", "required");
        }
        let month = parse_month(cell(row, cm)).map_err(|e| bad("month", e)).ok();
        let numerator = parse_count(cell(row, cn)).map_err(|e| bad("numerator", e)).ok();
        let denominator = match cden.map(|i| cell(row, i)).filter(|s| !s.is_empty()) {
            Some(s) => parse_count(s).map(Some).map_err(|e| bad("denominator", e)).ok(),
            None => Some(None),
        };
        if let (Some(month), Some(numerator), Some(denominator), false, false) =
            (month, numerator, denominator, code.is_empty(), desa.is_empty())
        {
            out.push(AchievementLine {
                line,
                indicator_code: code,
                desa_code: desa,
                month,
                numerator,
                denominator,
            });
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(ReadError::Rows(errors))
    }
}

/// Reads a sasaran file (one row per desa and year, one column per kind); all figures or
/// every problem. An empty cell is no figure.
pub fn read_sasaran(bytes: &[u8]) -> Result<Vec<SasaranLine>, ReadError> {
    let t = table(bytes)?;
    let (cd, cy) = (required(&t, DESA)?, required(&t, YEAR)?);
    let kinds: Vec<(usize, SasaranKind)> = t
        .headers
        .iter()
        .enumerate()
        .filter_map(|(i, h)| {
            SasaranKind::ALL
                .iter()
                .find(|k| fold_header(k.as_str()) == fold_header(h))
                .map(|k| (i, *k))
        })
        .collect();
    if kinds.is_empty() {
        return Err(ReadError::Rows(vec![RowError {
            line: 1,
            column: "penduduk".into(),
            code: "import.column_missing",
        }]));
    }
    let mut out = Vec::new();
    let mut errors = Vec::new();
    for (n, row) in &t.rows {
        if row.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let line = *n as u64;
        let mut bad = |column: &str, code| {
            errors.push(RowError {
                line,
                column: column.into(),
                code,
            })
        };
        let desa = cell(row, cd).to_string();
        if desa.is_empty() {
            bad("desa", "required");
        }
        let year = cell(row, cy)
            .trim_end_matches(".0")
            .parse::<i32>()
            .map_err(|_| bad("year", "number.format"))
            .ok();
        for (i, kind) in &kinds {
            let s = cell(row, *i);
            if s.is_empty() {
                continue;
            }
            match (parse_count(s), year, desa.is_empty()) {
                (Ok(value), Some(year), false) => out.push(SasaranLine {
                    line,
                    desa_code: desa.clone(),
                    year,
                    kind: *kind,
                    value,
                }),
                (Err(e), _, _) => bad(kind.as_str(), e),
                _ => {}
            }
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(ReadError::Rows(errors))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, 1).unwrap_or_default()
    }

    #[test]
    fn achievements_read_with_indonesian_headers_and_every_bad_cell_named() {
        let good = "Kode Indikator;Kode Desa;Bulan;Pembilang;Penyebut\nk1;15.03.03.2002;2024-03;12;\nASIX;15.03.03.2002;03/2024;4;9\n";
        let good = good.replace(';', ",");
        let rows = read_achievements(good.as_bytes()).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(rows.len(), 2);
        assert_eq!(
            (
                rows[0].indicator_code.as_str(),
                rows[0].month,
                rows[0].numerator,
                rows[0].denominator
            ),
            ("K1", day(2024, 3), 12.0, None)
        );
        assert_eq!((rows[1].line, rows[1].denominator), (3, Some(9.0)));
        let bad = "indicator,desa,month,numerator,denominator\nK1,,Maret,dua,\nK1,15.03.03.2002,2024-01,-4,x\n,,,,\n";
        let Err(ReadError::Rows(e)) = read_achievements(bad.as_bytes()) else {
            panic!("bad rows read")
        };
        let got: Vec<(u64, &str, &str)> = e.iter().map(|e| (e.line, e.column.as_str(), e.code)).collect();
        assert_eq!(
            got,
            [
                (2, "desa", "required"),
                (2, "month", "date.format"),
                (2, "numerator", "number.format"),
                (3, "numerator", "number.negative"),
                (3, "denominator", "number.format"),
            ]
        );
        let Err(ReadError::Rows(e)) = read_achievements(b"indicator,desa,numerator\nK1,x,1\n") else {
            panic!("a missing column read")
        };
        assert_eq!((e[0].column.as_str(), e[0].code), ("month", "import.column_missing"));
        assert!(matches!(
            read_achievements(b"indicator,desa,month,numerator\n"),
            Err(ReadError::File(FileError::Empty))
        ));
    }

    #[test]
    fn sasaran_read_one_column_per_kind() {
        let text =
            "desa,tahun,penduduk,bumil,bayi,catatan\n15.03.03.2002,2024,1200,25,,x\n15.03.03.1001,2024,abc,1.234,20,\n";
        let Err(ReadError::Rows(e)) = read_sasaran(text.as_bytes()) else {
            panic!("bad figure read")
        };
        assert_eq!(
            e.iter().map(|e| (e.line, e.column.as_str())).collect::<Vec<_>>(),
            [(3, "penduduk")]
        );
        let ok = text.replace("abc", "900");
        let rows = read_sasaran(ok.as_bytes()).unwrap_or_else(|e| panic!("{e:?}"));
        let got: Vec<(&str, SasaranKind, f64)> = rows.iter().map(|r| (r.desa_code.as_str(), r.kind, r.value)).collect();
        assert_eq!(
            got,
            [
                ("15.03.03.2002", SasaranKind::Penduduk, 1200.0),
                ("15.03.03.2002", SasaranKind::Bumil, 25.0),
                ("15.03.03.1001", SasaranKind::Penduduk, 900.0),
                ("15.03.03.1001", SasaranKind::Bumil, 1234.0),
                ("15.03.03.1001", SasaranKind::Bayi, 20.0),
            ]
        );
    }
}
