//! The indicator catalogue as CSV (the seed Lintas ships in `data/indicators/catalogue.csv`,
//! and the file an office may bring): one row per indicator and version, read into
//! [`IndicatorDef`]s with every row's problems named.

use chrono::NaiveDate;
use domain::coverage::{Derived, Direction, IndicatorDef, Program, SasaranKind, Unit};

/// The catalogue Lintas ships (sources in `data/indicators/README.md`).
pub const SHIPPED: &str = include_str!("../../../data/indicators/catalogue.csv");

/// The columns, in any order.
pub const COLUMNS: [&str; 17] = [
    "code",
    "version",
    "name_id",
    "name_en",
    "program",
    "cluster",
    "spm",
    "numerator",
    "denominator",
    "unit",
    "direction",
    "sasaran",
    "target",
    "derived",
    "legal_basis",
    "valid_from",
    "valid_to",
];

/// A problem of one row (line numbers count the header as line 1), or of the file (line 0).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    pub line: u64,
    pub column: String,
    pub code: &'static str,
}

fn opt(s: &str) -> Option<&str> {
    (!s.is_empty()).then_some(s)
}

/// Reads a catalogue: every row checked ([`IndicatorDef::check`]), a (code, version) once.
/// All or nothing: any problem returns every problem found.
pub fn read(text: &str) -> Result<Vec<IndicatorDef>, Vec<RowError>> {
    let mut rd = csv::ReaderBuilder::new().flexible(false).from_reader(text.as_bytes());
    let file_error = |column: &str, code| {
        vec![RowError {
            line: 0,
            column: column.into(),
            code,
        }]
    };
    let headers = rd.headers().map_err(|_| file_error("", "csv.format"))?.clone();
    let at = |name: &str| headers.iter().position(|h| h.trim() == name);
    let mut index = [0usize; 17];
    for (i, c) in COLUMNS.iter().enumerate() {
        index[i] = at(c).ok_or_else(|| file_error(c, "import.column_missing"))?;
    }
    let mut out: Vec<IndicatorDef> = Vec::new();
    let mut errors = Vec::new();
    for (n, rec) in rd.records().enumerate() {
        let line = n as u64 + 2;
        let rec = match rec {
            Ok(r) => r,
            Err(_) => {
                errors.push(RowError {
                    line,
                    column: String::new(),
                    code: "csv.format",
                });
                continue;
            }
        };
        let cell = |name: &str| {
            let i = COLUMNS.iter().position(|c| *c == name).map_or(0, |i| index[i]);
            rec.get(i).unwrap_or("").trim()
        };
        let mut row = Vec::new();
        let mut take = |column: &str, r: Result<(), &'static str>| {
            if let Err(code) = r {
                row.push(RowError {
                    line,
                    column: column.into(),
                    code,
                });
            }
        };
        let program = Program::parse(cell("program"));
        take("program", program.map(|_| ()));
        let unit = Unit::parse(cell("unit"));
        take("unit", unit.map(|_| ()));
        let direction = Direction::parse(cell("direction"));
        take("direction", direction.map(|_| ()));
        let sasaran = opt(cell("sasaran")).map(SasaranKind::parse).transpose();
        take("sasaran", sasaran.map(|_| ()));
        let derived = opt(cell("derived")).map(Derived::parse).transpose();
        take("derived", derived.map(|_| ()));
        let cluster = cell("cluster").parse::<u8>().map_err(|_| "number.format");
        take("cluster", cluster.map(|_| ()));
        let spm = opt(cell("spm"))
            .map(|s| s.parse::<u8>().map_err(|_| "number.format"))
            .transpose();
        take("spm", spm.map(|_| ()));
        let target = opt(cell("target"))
            .map(|s| s.replace(',', ".").parse::<f64>().map_err(|_| "number.format"))
            .transpose();
        take("target", target.map(|_| ()));
        let date = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| "date.format");
        let valid_from = date(cell("valid_from"));
        take("valid_from", valid_from.map(|_| ()));
        let valid_to = opt(cell("valid_to")).map(date).transpose();
        take("valid_to", valid_to.map(|_| ()));
        let (
            Ok(program),
            Ok(unit),
            Ok(direction),
            Ok(sasaran),
            Ok(derived),
            Ok(cluster),
            Ok(spm),
            Ok(target),
            Ok(valid_from),
            Ok(valid_to),
        ) = (
            program, unit, direction, sasaran, derived, cluster, spm, target, valid_from, valid_to,
        )
        else {
            errors.extend(row);
            continue;
        };
        let def = IndicatorDef {
            code: cell("code").into(),
            version: cell("version").into(),
            name_id: cell("name_id").into(),
            name_en: cell("name_en").into(),
            program,
            cluster,
            spm,
            numerator: cell("numerator").into(),
            denominator: cell("denominator").into(),
            unit,
            direction,
            sasaran,
            target,
            derived,
            legal_basis: cell("legal_basis").into(),
            valid_from,
            valid_to,
        };
        match def.check() {
            Ok(d) if out.iter().any(|o| o.code == d.code && o.version == d.version) => {
                errors.push(RowError {
                    line,
                    column: "code".into(),
                    code: "indicator.duplicate",
                });
            }
            Ok(d) => out.push(d),
            Err(inv) => errors.extend(inv.0.into_iter().map(|e| RowError {
                line,
                column: e.field,
                code: e.code,
            })),
        }
    }
    if errors.is_empty() { Ok(out) } else { Err(errors) }
}

/// The sasaran ratios Lintas ships (common-practice estimates; sources in
/// `data/indicators/README.md`).
pub const SHIPPED_RATIOS: &str = include_str!("../../../data/indicators/sasaran_ratios.csv");

/// One sasaran ratio: `sasaran = penduduk × ratio`, and where the ratio comes from.
#[derive(Debug, Clone, PartialEq)]
pub struct Ratio {
    pub kind: SasaranKind,
    pub ratio: f64,
    pub basis: String,
}

/// Reads a ratio file (`kind,ratio,basis`): a known kind other than the population itself,
/// once; a ratio from 0 to 1. All or nothing.
pub fn read_ratios(text: &str) -> Result<Vec<Ratio>, Vec<RowError>> {
    let mut rd = csv::ReaderBuilder::new().flexible(false).from_reader(text.as_bytes());
    let headers = rd
        .headers()
        .map_err(|_| {
            vec![RowError {
                line: 0,
                column: String::new(),
                code: "csv.format",
            }]
        })?
        .clone();
    let mut index = [0usize; 3];
    for (i, c) in ["kind", "ratio", "basis"].iter().enumerate() {
        index[i] = headers.iter().position(|h| h.trim() == *c).ok_or_else(|| {
            vec![RowError {
                line: 0,
                column: (*c).into(),
                code: "import.column_missing",
            }]
        })?;
    }
    let (mut out, mut errors): (Vec<Ratio>, Vec<RowError>) = (Vec::new(), Vec::new());
    for (n, rec) in rd.records().enumerate() {
        let line = n as u64 + 2;
        let mut err = |column: &str, code| {
            errors.push(RowError {
                line,
                column: column.into(),
                code,
            })
        };
        let Ok(rec) = rec else {
            err("", "csv.format");
            continue;
        };
        let cell = |i: usize| rec.get(index[i]).unwrap_or("").trim();
        let kind = SasaranKind::parse(cell(0)).ok().filter(|k| *k != SasaranKind::Penduduk);
        let ratio = cell(1)
            .replace(',', ".")
            .parse::<f64>()
            .ok()
            .filter(|r| (0.0..=1.0).contains(r));
        match (kind, ratio) {
            (Some(kind), Some(_)) if out.iter().any(|r| r.kind == kind) => {
                err("kind", "indicator.duplicate");
            }
            (Some(kind), Some(ratio)) => out.push(Ratio {
                kind,
                ratio,
                basis: cell(2).to_string(),
            }),
            (k, r) => {
                if k.is_none() {
                    err("kind", "choice.unknown");
                }
                if r.is_none() {
                    err("ratio", "sasaran.ratio");
                }
            }
        }
    }
    if errors.is_empty() { Ok(out) } else { Err(errors) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_catalogue_reads_with_the_twelve_spm_services() {
        let all = read(SHIPPED).unwrap_or_else(|e| panic!("{e:?}"));
        let mut spm: Vec<u8> = all.iter().filter_map(|d| d.spm).collect();
        spm.sort_unstable();
        assert_eq!(spm, (1..=12).collect::<Vec<u8>>());
        assert!(
            all.iter()
                .filter(|d| d.spm.is_some())
                .all(|d| d.target == Some(100.0) && d.sasaran.is_some())
        );
        for code in [
            "K1", "K4", "K6", "PF", "KF", "KN1", "KNL", "IDL", "BIAS", "DS", "ND", "BGMD", "VITA", "TTD", "ASIX",
            "STUNT",
        ] {
            assert!(all.iter().any(|d| d.code == code), "{code}");
        }
        let derived: Vec<&str> = all
            .iter()
            .filter(|d| d.derived.is_some())
            .map(|d| d.code.as_str())
            .collect();
        assert_eq!(derived, ["DS", "ND", "BGMD", "STUNT"]);
        let stunting = all.iter().find(|d| d.code == "STUNT").map(|d| (d.direction, d.sasaran));
        assert_eq!(stunting, Some((Direction::Lower, None)));
    }

    #[test]
    fn the_shipped_ratios_cover_every_kind_but_the_population() {
        let r = read_ratios(SHIPPED_RATIOS).unwrap_or_else(|e| panic!("{e:?}"));
        for k in SasaranKind::ALL.iter().filter(|k| **k != SasaranKind::Penduduk) {
            assert!(r.iter().any(|x| x.kind == *k && !x.basis.is_empty()), "{k}");
        }
        let bad = read_ratios("kind,ratio,basis\npenduduk,1,x\nbumil,2,x\nbumil,0.02,x\nbumil,0.02,y\n")
            .err()
            .unwrap_or_default();
        let got: Vec<(u64, &str)> = bad.iter().map(|e| (e.line, e.code)).collect();
        assert_eq!(
            got,
            [(2, "choice.unknown"), (3, "sasaran.ratio"), (5, "indicator.duplicate")]
        );
    }

    #[test]
    fn every_bad_cell_is_named_and_nothing_is_returned() {
        let head = COLUMNS.join(",");
        let good = "X1,v1,Nama,Name,gizi,2,,Pembilang,Penyebut,percent,higher,balita,80,,Dasar,2020-01-01,";
        let text = format!(
            "{head}\n{good}\nX2,v1,Nama,Name,sihir,9,13,Pembilang,,percent,up,kucing,abc,,Dasar,2020-13-01,\n{good}\n"
        );
        let errs = read(&text).err().unwrap_or_default();
        let got: Vec<(u64, &str, &str)> = errs.iter().map(|e| (e.line, e.column.as_str(), e.code)).collect();
        assert_eq!(
            got,
            [
                (3, "program", "choice.unknown"),
                (3, "direction", "choice.unknown"),
                (3, "sasaran", "choice.unknown"),
                (3, "target", "number.format"),
                (3, "valid_from", "date.format"),
                (4, "code", "indicator.duplicate"),
            ]
        );
        let missing = read("code,version\nX,v\n").err().unwrap_or_default();
        assert_eq!(missing[0].code, "import.column_missing");
        // A row that parses but breaks the rules names the rule.
        let rules = format!("{head}\nX3,v1,Nama,Name,gizi,9,13,Pembilang,,percent,higher,,,,,2020-01-01,2019-01-01\n");
        let got: Vec<&str> = read(&rules).err().unwrap_or_default().iter().map(|e| e.code).collect();
        assert_eq!(
            got,
            [
                "required",
                "indicator.cluster",
                "indicator.spm",
                "date.end_before_start"
            ]
        );
    }
}
