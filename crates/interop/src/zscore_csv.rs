//! The z-score CSV format behind `lintas growth zscore`.
//!
//! Owns: reading a spreadsheet export of children's measurements, running
//! every row through [`growth::compute`], and writing the same rows back with
//! the z-scores, WHO flags and Permenkes categories appended. No database.
//!
//! # Input
//!
//! A header line naming the columns, in any order; names are matched
//! case-insensitively after trimming, with spaces and hyphens read as `_`:
//!
//! | column | required | accepted values |
//! |---|---|---|
//! | `sex` | yes | `M`/`F`, `L`/`P` (*laki-laki*/*perempuan*), `1`/`2`, `male`/`female` |
//! | `birth_date`, `measure_date` | yes, or `age_days` | `YYYY-MM-DD`, `DD/MM/YYYY`, `DD-MM-YYYY` (also `D/M/YYYY`, `DD.MM.YYYY`, a trailing time) |
//! | `age_days` | instead of the dates | whole days; used for a row whose dates are empty |
//! | `weight_kg` | yes (cells may be empty) | `12.5` or `12,5` |
//! | `height_cm` | yes (cells may be empty) | as measured, before the 0.7 cm rule |
//! | `measured` | no (unknown) | `L`/`H`, `telentang`/`berdiri`, `PB`/`TB`, empty = unknown |
//! | `oedema` | no (`n`) | `y`/`n`, `ya`/`tidak`, `1`/`0`, `true`/`false`, empty = `n` |
//! | `head_cm`, `muac_cm` | no | adds `hcz` / `muacz` columns when present |
//!
//! Beware `L`: in `sex` it is *laki-laki* (male); in `measured` it is
//! recumbent length. Dates are read day-first (`03/04/2024` is 3 April), as
//! Indonesian spreadsheets write them; there is no month-first form.
//!
//! Ugly files are expected: a UTF-8 byte-order mark, CRLF line ends, `;` or
//! tab delimiters (sniffed from the header line), decimal commas, blank lines
//! and rows of empty cells (skipped), short rows (missing cells are empty).
//!
//! # Output
//!
//! Always comma-separated UTF-8 with `.` decimals and `\n` line ends, so that
//! tools read it the same whatever the input looked like. Every input column
//! is copied unchanged, in order, then come
//! `age_days,clenhei,haz,waz,whz,baz,flag_haz,flag_waz,flag_whz,flag_baz,flag_c9mo`
//! (z and `clenhei` to 2 decimals, flags `0`/`1`, empty where not applicable),
//! `hcz,flag_hcz` and `muacz,flag_muacz` when the input has those
//! measurements, `haz_category,waz_category,whz_category,baz_category`
//! (Permenkes 2/2020 names; empty when flagged) and `error`.
//!
//! An input column with the same name as an output column (say a previous
//! run's `haz`) is not copied: the freshly computed column replaces it, so
//! every output column name is unique.
//!
//! A row that cannot be read gets its `error` cell (`field: reason`, several
//! joined by `; `) and empty computed cells, and the file goes on. With
//! [`Options::strict`] the first such row stops the run with
//! [`Error::BadRow`].
//!
//! # Speed
//!
//! The input is read in blocks; each block is cut at line ends into one part
//! per thread, the parts are processed in parallel (`std::thread::scope`)
//! into per-thread buffers, and the buffers are written in order, so output
//! is byte-identical for any thread count. While the workers run, the calling
//! thread writes the previous block's output and reads the next block. A block containing a `"` could hide
//! a line end inside a quoted cell, so from there on the file is read by one
//! CSV reader on one thread. Rows are `csv::ByteRecord`s reused across the
//! block; numbers are formatted from integers, not through `format!`.

use std::fmt::Write as _;
use std::io::{self, Read, Write};

use csv::{ByteRecord, ReaderBuilder};
use growth::zscore::round_half_away;
use growth::{
    AgeDays, CivilDate, HazCategory, HeadCircumferenceCm, InputError, LengthCm, Measurement, MuacCm, Oedema, Position,
    Score, Sex, WazCategory, WeightKg, WhzCategory, Zscores, compute,
};

/// How to run [`process`].
#[derive(Clone, Copy)]
pub struct Options<'a> {
    /// Stop at the first bad row with [`Error::BadRow`].
    pub strict: bool,
    /// Worker threads; 0 means one per available core.
    pub threads: usize,
    /// Bytes read per block (tests make it small to exercise block edges).
    pub block_bytes: usize,
    /// Called after each block with the bytes and rows done so far.
    pub progress: Option<&'a dyn Fn(Progress)>,
}

impl Default for Options<'_> {
    fn default() -> Self {
        Self {
            strict: false,
            threads: 0,
            block_bytes: 8 << 20,
            progress: None,
        }
    }
}

impl std::fmt::Debug for Options<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Options")
            .field("strict", &self.strict)
            .field("threads", &self.threads)
            .field("block_bytes", &self.block_bytes)
            .field("progress", &self.progress.is_some())
            .finish()
    }
}

/// Work done so far, for progress display.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    /// Input bytes consumed.
    pub bytes: u64,
    /// Data rows processed.
    pub rows: u64,
}

/// What a completed run did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    /// Data rows written (blank rows are not counted).
    pub rows: u64,
    /// Rows with an `error` cell.
    pub rows_with_errors: u64,
    /// The delimiter the header was read with.
    pub delimiter: u8,
    /// Things the user should know that are not errors (absent optional
    /// columns, replaced columns).
    pub warnings: Vec<String>,
}

/// Why a run failed as a whole.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// No header line.
    #[error("the input is empty: expected a header line naming the columns")]
    Empty,
    /// UTF-16 text, as Excel's "Unicode text" export writes.
    #[error("the input is UTF-16 text; save it as \"CSV UTF-8\" and try again")]
    Utf16,
    /// Required columns are absent.
    #[error("missing required column(s): {}; the header has: {found}", .missing.join(", "))]
    MissingColumns {
        /// Canonical names of the missing columns.
        missing: Vec<String>,
        /// The header as read.
        found: String,
    },
    /// Two header cells name the same input.
    #[error("columns '{first}' and '{second}' both give {field}; keep one")]
    AmbiguousColumn {
        /// Canonical name of the input.
        field: &'static str,
        /// First header cell.
        first: String,
        /// Second header cell.
        second: String,
    },
    /// A bad row in strict mode.
    #[error("line {line}: {message}")]
    BadRow {
        /// 1-based line number in the input (the header is line 1).
        line: u64,
        /// The row's error text.
        message: String,
    },
    /// Malformed CSV (e.g. an unclosed quote).
    #[error("CSV: {0}")]
    Csv(#[from] csv::Error),
    /// Reading or writing failed.
    #[error(transparent)]
    Io(#[from] io::Error),
}

impl Error {
    /// `true` for problems with the data (bad or missing columns, a bad row
    /// in strict mode), as opposed to the system (IO). The CLI exits 2 for
    /// these.
    pub fn is_data_error(&self) -> bool {
        !matches!(self, Self::Io(_))
    }
}

/// The inputs a column can carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Sex,
    BirthDate,
    MeasureDate,
    AgeDays,
    Weight,
    Height,
    Measured,
    Oedema,
    Head,
    Muac,
}

impl Field {
    const ALL: [Field; 10] = [
        Self::Sex,
        Self::BirthDate,
        Self::MeasureDate,
        Self::AgeDays,
        Self::Weight,
        Self::Height,
        Self::Measured,
        Self::Oedema,
        Self::Head,
        Self::Muac,
    ];

    /// Canonical name first, then Indonesian and common alternatives.
    fn names(self) -> &'static [&'static str] {
        match self {
            Self::Sex => &["sex", "jenis_kelamin", "jk", "gender"],
            Self::BirthDate => &["birth_date", "tanggal_lahir", "tgl_lahir", "dob"],
            Self::MeasureDate => &["measure_date", "tanggal_pengukuran", "tanggal_ukur", "tgl_ukur"],
            Self::AgeDays => &["age_days", "umur_hari", "usia_hari"],
            Self::Weight => &["weight_kg", "berat_badan", "bb"],
            Self::Height => &[
                "height_cm",
                "tinggi_badan",
                "panjang_badan",
                "lenhei",
                "tb_pb",
                "tb",
                "pb",
            ],
            Self::Measured => &["measured", "cara_ukur", "posisi_ukur"],
            Self::Oedema => &["oedema", "edema"],
            Self::Head => &["head_cm", "lingkar_kepala", "lika"],
            Self::Muac => &["muac_cm", "lila"],
        }
    }

    fn canonical(self) -> &'static str {
        self.names()[0]
    }
}

const COMPUTED: [&str; 11] = [
    "age_days",
    "clenhei",
    "haz",
    "waz",
    "whz",
    "baz",
    "flag_haz",
    "flag_waz",
    "flag_whz",
    "flag_baz",
    "flag_c9mo",
];
const HEAD_COLUMNS: [&str; 2] = ["hcz", "flag_hcz"];
const MUAC_COLUMNS: [&str; 2] = ["muacz", "flag_muacz"];
const CATEGORY_COLUMNS: [&str; 4] = ["haz_category", "waz_category", "whz_category", "baz_category"];
const ERROR_COLUMN: &str = "error";

/// A header cell that feeds an input.
#[derive(Debug, Clone)]
struct Column {
    index: usize,
    /// As written in the header, for error messages.
    name: String,
}

/// Where everything is, decided once from the header.
#[derive(Debug)]
struct Layout {
    width: usize,
    columns: [Option<Column>; Field::ALL.len()],
    /// Input column indices copied to the output, in order.
    passthrough: Vec<usize>,
    /// Header cells of the output, in order.
    header: Vec<Vec<u8>>,
}

impl Layout {
    fn column(&self, field: Field) -> Option<&Column> {
        self.columns[field as usize].as_ref()
    }
    fn has(&self, field: Field) -> bool {
        self.column(field).is_some()
    }
}

fn normalise(name: &[u8]) -> String {
    String::from_utf8_lossy(name)
        .trim()
        .to_ascii_lowercase()
        .replace([' ', '-'], "_")
}

fn layout(header: &ByteRecord, warnings: &mut Vec<String>) -> Result<Layout, Error> {
    let names: Vec<String> = header.iter().map(normalise).collect();
    let mut columns: [Option<Column>; Field::ALL.len()] = Default::default();
    for field in Field::ALL {
        let mut found: Option<Column> = None;
        for (index, name) in names.iter().enumerate() {
            if !field.names().contains(&name.as_str()) {
                continue;
            }
            let raw = String::from_utf8_lossy(&header[index]).trim().to_string();
            if let Some(first) = &found {
                return Err(Error::AmbiguousColumn {
                    field: field.canonical(),
                    first: first.name.clone(),
                    second: raw,
                });
            }
            found = Some(Column { index, name: raw });
        }
        columns[field as usize] = found;
    }
    let has = |f: Field| columns[f as usize].is_some();
    let mut missing = Vec::new();
    for f in [Field::Sex] {
        if !has(f) {
            missing.push(f.canonical().to_string());
        }
    }
    if !has(Field::AgeDays) {
        match (has(Field::BirthDate), has(Field::MeasureDate)) {
            (false, false) => missing.push("birth_date and measure_date (or age_days)".to_string()),
            (true, false) => missing.push("measure_date (or age_days)".to_string()),
            (false, true) => missing.push("birth_date (or age_days)".to_string()),
            (true, true) => {}
        }
    }
    for f in [Field::Weight, Field::Height] {
        if !has(f) {
            missing.push(f.canonical().to_string());
        }
    }
    if !missing.is_empty() {
        let found = header
            .iter()
            .map(|h| String::from_utf8_lossy(h).trim().to_string())
            .collect::<Vec<_>>()
            .join(", ");
        return Err(Error::MissingColumns { missing, found });
    }
    if !has(Field::Measured) {
        warnings.push(
            "no 'measured' column: positions are unknown, so no 0.7 cm length/height adjustment is made".to_string(),
        );
    }
    if !has(Field::Oedema) {
        warnings.push("no 'oedema' column: every child is taken as without oedema".to_string());
    }

    let mut out_names: Vec<&str> = COMPUTED.to_vec();
    if has(Field::Head) {
        out_names.extend(HEAD_COLUMNS);
    }
    if has(Field::Muac) {
        out_names.extend(MUAC_COLUMNS);
    }
    out_names.extend(CATEGORY_COLUMNS);
    out_names.push(ERROR_COLUMN);

    let mut passthrough = Vec::with_capacity(header.len());
    let mut out_header: Vec<Vec<u8>> = Vec::with_capacity(header.len() + out_names.len());
    for (index, name) in names.iter().enumerate() {
        if out_names.contains(&name.as_str()) {
            // An input age_days is read, then written back as computed: no
            // surprise there. Anything else (a previous run's haz…) is.
            let is_age_input = columns[Field::AgeDays as usize]
                .as_ref()
                .is_some_and(|c| c.index == index);
            if !is_age_input {
                warnings.push(format!(
                    "input column '{name}' is replaced by the computed column of the same name"
                ));
            }
        } else {
            passthrough.push(index);
            out_header.push(header[index].to_vec());
        }
    }
    out_header.extend(out_names.iter().map(|n| n.as_bytes().to_vec()));
    Ok(Layout {
        width: header.len(),
        columns,
        passthrough,
        header: out_header,
    })
}

/// Reads a date as Indonesian spreadsheets write it: `YYYY-MM-DD`,
/// `DD/MM/YYYY`, `DD-MM-YYYY`, `DD.MM.YYYY` (one- or two-digit day and
/// month), optionally followed by a time (`2024-01-05 00:00:00`), which is
/// ignored.
///
/// ```
/// use lintas_interop::zscore_csv::parse_date;
/// assert_eq!(parse_date("05/01/2024").unwrap().to_string(), "2024-01-05");
/// assert_eq!(parse_date("5-1-2024").unwrap().to_string(), "2024-01-05");
/// assert_eq!(parse_date("2024-01-05T08:00").unwrap().to_string(), "2024-01-05");
/// assert!(parse_date("01/05/24").is_err());
/// ```
pub fn parse_date(text: &str) -> Result<CivilDate, InputError> {
    let t = text.trim();
    if t.len() == 10 && t.as_bytes()[4] == b'-' {
        // The common case, ISO, without splitting.
        return CivilDate::parse_iso(t);
    }
    let bad = || InputError::DateFormat(t.to_string());
    let date = t.split([' ', 'T']).next().unwrap_or("");
    let sep = date.bytes().find(|b| matches!(b, b'-' | b'/' | b'.')).ok_or_else(bad)?;
    let mut parts = date.split(char::from(sep));
    let (Some(a), Some(b), Some(c), None) = (parts.next(), parts.next(), parts.next(), parts.next()) else {
        return Err(bad());
    };
    let num = |s: &str, max_len: usize| -> Result<u32, InputError> {
        if s.is_empty() || s.len() > max_len || !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        s.parse().map_err(|_| bad())
    };
    let (y, m, d) = if a.len() == 4 {
        (num(a, 4)?, num(b, 2)?, num(c, 2)?)
    } else if c.len() == 4 {
        (num(c, 4)?, num(b, 2)?, num(a, 2)?)
    } else {
        return Err(bad());
    };
    // A 4-digit year fits i32.
    CivilDate::new(y as i32, m, d)
}

/// Per-thread output for one part of a block.
#[derive(Default)]
struct PartOutput {
    bytes: Vec<u8>,
    rows: u64,
    rows_with_errors: u64,
    /// Strict mode: the first bad row, with its line number.
    stopped: Option<(u64, String)>,
    csv_error: Option<csv::Error>,
}

impl PartOutput {
    /// Empties it for the next block, keeping the allocation.
    fn reset(&mut self) {
        self.bytes.clear();
        self.rows = 0;
        self.rows_with_errors = 0;
        self.stopped = None;
        self.csv_error = None;
    }
}

/// The 1-based input line a record starts on. The CSV reader's own line
/// count skips blank lines, so count line ends in the bytes instead (only
/// done for the one row that stops a strict run).
fn line_of(data: &[u8], offset: usize, line_base: u64, record: &ByteRecord) -> u64 {
    let from = (offset + record.position().map_or(0, |p| p.byte() as usize)).min(data.len());
    // The reported start may sit before blank lines the reader skipped.
    let start = from + data[from..].iter().take_while(|b| matches!(b, b'\n' | b'\r')).count();
    line_base + 1 + count_lines(&data[..start])
}

/// Processes the complete records in `block[range]`. `line_base` is the
/// number of lines before `block` in the input (kept only in strict mode).
fn process_part(
    block: &[u8],
    range: std::ops::Range<usize>,
    line_base: u64,
    layout: &Layout,
    delimiter: u8,
    strict: bool,
    out: &mut PartOutput,
) {
    let offset = range.start;
    let mut reader = ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(&block[range]);
    let mut record = ByteRecord::new();
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                out.csv_error = Some(e);
                break;
            }
        }
        let start = out.bytes.len();
        match process_record(&record, layout, &mut out.bytes) {
            RowOutcome::Blank => continue,
            RowOutcome::Ok => out.rows += 1,
            RowOutcome::Bad(message) => {
                if strict {
                    // The bad row's own line is dropped; the rows before stay.
                    out.bytes.truncate(start);
                    let line = line_of(block, offset, line_base, &record);
                    out.stopped = Some((line, message));
                    break;
                }
                out.rows += 1;
                out.rows_with_errors += 1;
            }
        }
    }
}

enum RowOutcome {
    Blank,
    Ok,
    Bad(String),
}

/// One row: parse, compute, append the output line to `out`.
fn process_record(record: &ByteRecord, layout: &Layout, out: &mut Vec<u8>) -> RowOutcome {
    if record.iter().all(|f| f.trim_ascii().is_empty()) {
        return RowOutcome::Blank;
    }
    let mut errors = String::new();
    let measurement = parse_record(record, layout, &mut errors);
    for (n, &i) in layout.passthrough.iter().enumerate() {
        if n > 0 {
            out.push(b',');
        }
        write_field(out, record.get(i).unwrap_or(b""));
    }
    if !layout.passthrough.is_empty() {
        out.push(b',');
    }
    match measurement {
        Some(m) if errors.is_empty() => {
            write_results(out, layout, &compute(&m));
            out.push(b'\n');
            RowOutcome::Ok
        }
        _ => {
            let computed = COMPUTED.len()
                + if layout.has(Field::Head) { 2 } else { 0 }
                + if layout.has(Field::Muac) { 2 } else { 0 }
                + CATEGORY_COLUMNS.len();
            out.extend(std::iter::repeat_n(b',', computed));
            write_field(out, errors.as_bytes());
            out.push(b'\n');
            RowOutcome::Bad(errors)
        }
    }
}

fn note(errors: &mut String, column: &str, reason: impl std::fmt::Display) {
    if !errors.is_empty() {
        errors.push_str("; ");
    }
    // Writing to a String cannot fail.
    let _ = write!(errors, "{column}: {reason}");
}

/// The text of `field`'s cell: empty when the column is absent or the row is
/// short; `None` (with an error noted) when the bytes are not UTF-8.
fn cell<'r>(record: &'r ByteRecord, layout: &Layout, field: Field, errors: &mut String) -> Option<&'r str> {
    let Some(col) = layout.column(field) else {
        return Some("");
    };
    match std::str::from_utf8(record.get(col.index).unwrap_or(b"")) {
        Ok(s) => Some(s),
        Err(_) => {
            note(errors, &col.name, "not valid UTF-8 text");
            None
        }
    }
}

/// Parses one cell with `parse`, noting a failure under the column's name.
fn parse_cell<T>(
    record: &ByteRecord,
    layout: &Layout,
    field: Field,
    errors: &mut String,
    parse: impl FnOnce(&str) -> Result<T, InputError>,
) -> Option<T> {
    let text = cell(record, layout, field, errors)?;
    match parse(text) {
        Ok(v) => Some(v),
        Err(e) => {
            let name = layout.column(field).map_or(field.canonical(), |c| &c.name);
            note(errors, name, e);
            None
        }
    }
}

fn parse_record(record: &ByteRecord, layout: &Layout, errors: &mut String) -> Option<Measurement> {
    if record.len() > layout.width && record.iter().skip(layout.width).any(|f| !f.trim_ascii().is_empty()) {
        note(
            errors,
            "row",
            format_args!("has {} cells but the header has {}", record.len(), layout.width),
        );
    }
    let sex = parse_cell(record, layout, Field::Sex, errors, Sex::parse);
    let age = parse_age(record, layout, errors);
    let weight = parse_cell(record, layout, Field::Weight, errors, WeightKg::parse_optional);
    let length = parse_cell(record, layout, Field::Height, errors, LengthCm::parse_optional);
    let position = parse_cell(record, layout, Field::Measured, errors, Position::parse);
    let oedema = parse_cell(record, layout, Field::Oedema, errors, Oedema::parse);
    let head = parse_cell(record, layout, Field::Head, errors, HeadCircumferenceCm::parse_optional);
    let muac = parse_cell(record, layout, Field::Muac, errors, MuacCm::parse_optional);
    Some(Measurement {
        sex: sex?,
        age: age?,
        weight: weight?,
        length: length?,
        position: position?,
        oedema: oedema?,
        head: head?,
        muac: muac?,
    })
}

/// Age from the two dates when both are given, else from `age_days`.
fn parse_age(record: &ByteRecord, layout: &Layout, errors: &mut String) -> Option<AgeDays> {
    let birth = cell(record, layout, Field::BirthDate, errors)?;
    let measured = cell(record, layout, Field::MeasureDate, errors)?;
    let days = cell(record, layout, Field::AgeDays, errors)?;
    let (birth_blank, measured_blank) = (birth.trim().is_empty(), measured.trim().is_empty());
    if birth_blank || measured_blank {
        if !days.trim().is_empty() {
            return parse_cell(record, layout, Field::AgeDays, errors, AgeDays::parse);
        }
        let mut any = false;
        for (blank, field) in [(birth_blank, Field::BirthDate), (measured_blank, Field::MeasureDate)] {
            if let Some(col) = layout.column(field).filter(|_| blank) {
                note(errors, &col.name, InputError::Empty);
                any = true;
            }
        }
        if !any {
            let name = layout.column(Field::AgeDays).map_or("age_days", |c| &c.name);
            note(errors, name, InputError::Empty);
        }
        return None;
    }
    let b = parse_cell(record, layout, Field::BirthDate, errors, parse_date);
    let m = parse_cell(record, layout, Field::MeasureDate, errors, parse_date);
    let (b, m) = (b?, m?);
    match AgeDays::between(b, m) {
        Ok(age) => Some(age),
        Err(e) => {
            let name = layout.column(Field::MeasureDate).map_or("measure_date", |c| &c.name);
            note(errors, name, format_args!("{e} ({m} is before {b})"));
            None
        }
    }
}

/// Appends the computed cells (no leading comma, no newline).
fn write_results(out: &mut Vec<u8>, layout: &Layout, z: &Zscores) {
    write_uint(out, u64::from(z.age.days()));
    out.push(b',');
    if let Some(c) = z.clenhei {
        write_hundredths(out, round_half_away(c * 100.0));
    }
    let scores = [z.haz, z.waz, z.whz, z.baz];
    for s in scores {
        out.push(b',');
        if let Some(s) = s {
            write_hundredths(out, s.z.hundredths());
        }
    }
    for s in scores {
        out.push(b',');
        write_flag(out, s);
    }
    out.push(b',');
    out.push(if z.flag_c9mo { b'1' } else { b'0' });
    for (present, s) in [(layout.has(Field::Head), z.hcz), (layout.has(Field::Muac), z.muacz)] {
        if present {
            out.push(b',');
            if let Some(s) = s {
                write_hundredths(out, s.z.hundredths());
            }
            out.push(b',');
            write_flag(out, s);
        }
    }
    for name in [
        HazCategory::of(z.haz).map(HazCategory::indonesian),
        WazCategory::of(z.waz).map(WazCategory::indonesian),
        WhzCategory::of(z.whz).map(WhzCategory::indonesian),
        WhzCategory::of(z.baz).map(WhzCategory::indonesian),
    ] {
        out.push(b',');
        out.extend_from_slice(name.unwrap_or("").as_bytes());
    }
    // The error cell, empty.
    out.push(b',');
}

fn write_flag(out: &mut Vec<u8>, s: Option<Score>) {
    if let Some(s) = s {
        out.push(if s.flagged { b'1' } else { b'0' });
    }
}

/// Writes `v / 100` with exactly two decimals: −123 → `-1.23`, 5 → `0.05`.
fn write_hundredths(out: &mut Vec<u8>, v: i64) {
    if v < 0 {
        out.push(b'-');
    }
    let a = v.unsigned_abs();
    write_uint(out, a / 100);
    out.push(b'.');
    let frac = (a % 100) as u8;
    out.push(b'0' + frac / 10);
    out.push(b'0' + frac % 10);
}

fn write_uint(out: &mut Vec<u8>, mut v: u64) {
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (v % 10) as u8;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    out.extend_from_slice(&buf[i..]);
}

/// Writes one cell, quoting it if it holds a comma, quote or line break.
fn write_field(out: &mut Vec<u8>, field: &[u8]) {
    if field.iter().any(|&b| matches!(b, b',' | b'"' | b'\n' | b'\r')) {
        out.push(b'"');
        for &b in field {
            if b == b'"' {
                out.push(b'"');
            }
            out.push(b);
        }
        out.push(b'"');
    } else {
        out.extend_from_slice(field);
    }
}

fn write_header(out: &mut Vec<u8>, layout: &Layout) {
    for (n, h) in layout.header.iter().enumerate() {
        if n > 0 {
            out.push(b',');
        }
        write_field(out, h);
    }
    out.push(b'\n');
}

/// Reads until `buf` holds at least `want` bytes or the input ends; returns
/// `true` at end of input.
fn fill(input: &mut impl Read, buf: &mut Vec<u8>, want: usize) -> io::Result<bool> {
    while buf.len() < want {
        // Read straight into the buffer's tail: no intermediate copy.
        let old = buf.len();
        buf.resize(want.max(old + (1 << 16)), 0);
        let got = input.read(&mut buf[old..]);
        let n = *got.as_ref().unwrap_or(&0);
        buf.truncate(old + n);
        match got {
            Ok(0) => return Ok(true),
            Ok(_) => {}
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(false)
}

/// The most frequent of `,` `;` and tab in the header line (`,` on a tie).
fn sniff_delimiter(first_line: &[u8]) -> u8 {
    let count = |d: u8| first_line.iter().filter(|&&b| b == d).count();
    let mut best = (count(b','), b',');
    for d in [b';', b'\t'] {
        let c = count(d);
        if c > best.0 {
            best = (c, d);
        }
    }
    best.1
}

fn count_lines(data: &[u8]) -> u64 {
    data.iter().filter(|&&b| b == b'\n').count() as u64
}

/// Reads the CSV from `input`, writes the annotated CSV to `output`.
///
/// Errors that concern a single row go to its `error` cell (unless
/// [`Options::strict`]); errors that concern the whole file (no header,
/// missing columns, IO) are returned.
pub fn process<R: Read, W: Write>(mut input: R, mut output: W, options: &Options<'_>) -> Result<Summary, Error> {
    let threads = match options.threads {
        0 => std::thread::available_parallelism().map_or(1, |n| n.get()),
        n => n,
    };
    let block = options.block_bytes.max(1024);
    let mut buf: Vec<u8> = Vec::with_capacity(block + (1 << 16));
    let mut consumed: u64 = 0;

    // The header: read until its line ends (or the input does).
    let mut eof = false;
    while !eof && !buf.contains(&b'\n') {
        let want = buf.len() + 4096;
        eof = fill(&mut input, &mut buf, want)?;
    }
    if buf.starts_with(&[0xFF, 0xFE]) || buf.starts_with(&[0xFE, 0xFF]) {
        return Err(Error::Utf16);
    }
    if buf.starts_with(&[0xEF, 0xBB, 0xBF]) {
        buf.drain(..3);
        consumed += 3;
    }
    // Skip blank lines before the header.
    let lead = buf
        .iter()
        .position(|b| !matches!(b, b'\n' | b'\r' | b' ' | b'\t'))
        .unwrap_or(buf.len());
    let mut lines_done = count_lines(&buf[..lead]);
    buf.drain(..lead);
    consumed += lead as u64;
    if buf.is_empty() {
        return Err(Error::Empty);
    }
    let first_line_end = buf.iter().position(|&b| b == b'\n').unwrap_or(buf.len());
    let delimiter = sniff_delimiter(&buf[..first_line_end]);
    // Parse the header with a CSV reader (it may be quoted); if it spans past
    // what we have (a quoted line break), read more and parse again.
    let (header, header_len) = loop {
        let mut reader = ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(delimiter)
            .from_reader(&buf[..]);
        let mut header = ByteRecord::new();
        reader.read_byte_record(&mut header)?;
        let end = reader.position().byte() as usize;
        if end < buf.len() || eof {
            break (header, end);
        }
        let want = buf.len() + 4096;
        eof = fill(&mut input, &mut buf, want)?;
    };
    let mut summary = Summary {
        rows: 0,
        rows_with_errors: 0,
        delimiter,
        warnings: Vec::new(),
    };
    let layout = layout(&header, &mut summary.warnings)?;
    let mut head = Vec::new();
    write_header(&mut head, &layout);
    output.write_all(&head)?;
    lines_done += count_lines(&buf[..header_len]);
    buf.drain(..header_len);
    consumed += header_len as u64;

    // Double buffering: while the workers process block N, this thread
    // writes block N−1's output and reads block N+1, so IO overlaps the CPU.
    let strict = options.strict;
    let new_parts = || -> Vec<PartOutput> { (0..threads).map(|_| PartOutput::default()).collect() };
    let (mut work, mut done) = (new_parts(), new_parts());
    let mut done_count = 0;
    let mut next: Vec<u8> = Vec::with_capacity(block + (1 << 16));
    if !eof {
        eof = fill(&mut input, &mut buf, block)?;
    }
    loop {
        let quoted = buf.contains(&b'"');
        if quoted && !eof {
            // A quoted cell may hold a line break, so no line end is a safe
            // place to cut: read the rest and do it in one piece.
            input.read_to_end(&mut buf)?;
            eof = true;
        }
        let end = if eof {
            buf.len()
        } else {
            match buf.iter().rposition(|&b| b == b'\n') {
                Some(i) => i + 1,
                None => {
                    // A single line longer than the block: read on.
                    let want = buf.len() + block;
                    eof = fill(&mut input, &mut buf, want)?;
                    continue;
                }
            }
        };
        let data = &buf[..end];
        let cuts = cut_points(data, if quoted || data.len() < 256 << 10 { 1 } else { threads });
        let pieces = cuts.len() - 1;
        for p in work.iter_mut() {
            p.reset();
        }
        next.clear();
        next.extend_from_slice(&buf[end..]);
        let (written, read) = std::thread::scope(|s| {
            for (w, out) in cuts.windows(2).zip(work.iter_mut()) {
                let (layout, range) = (&layout, w[0]..w[1]);
                s.spawn(move || process_part(data, range, lines_done, layout, delimiter, strict, out));
            }
            let written = done[..done_count].iter().try_for_each(|p| output.write_all(&p.bytes));
            let read = if eof {
                Ok(true)
            } else {
                fill(&mut input, &mut next, block)
            };
            (written, read)
        });
        written?;
        eof = read?;
        for (i, p) in work.iter_mut().take(pieces).enumerate() {
            summary.rows += p.rows;
            summary.rows_with_errors += p.rows_with_errors;
            let failure = match (p.csv_error.take(), p.stopped.take()) {
                (Some(e), _) => Some(Error::Csv(e)),
                (None, Some((line, message))) => Some(Error::BadRow { line, message }),
                (None, None) => None,
            };
            if let Some(failure) = failure {
                // Everything before the failing row still goes out.
                for q in &work[..=i] {
                    output.write_all(&q.bytes)?;
                }
                output.flush()?;
                return Err(failure);
            }
        }
        if strict {
            // Line numbers are only reported in strict mode: skip the pass.
            lines_done += count_lines(data);
        }
        consumed += end as u64;
        if let Some(progress) = options.progress {
            progress(Progress {
                bytes: consumed,
                rows: summary.rows,
            });
        }
        std::mem::swap(&mut work, &mut done);
        done_count = pieces;
        std::mem::swap(&mut buf, &mut next);
        if eof && buf.is_empty() {
            break;
        }
    }
    for p in &done[..done_count] {
        output.write_all(&p.bytes)?;
    }
    output.flush()?;
    Ok(summary)
}

/// Offsets cutting `data` into at most `n` pieces at line starts.
fn cut_points(data: &[u8], n: usize) -> Vec<usize> {
    let mut cuts = vec![0];
    for i in 1..n {
        let target = (data.len() * i / n).max(*cuts.last().unwrap_or(&0));
        match data[target..].iter().position(|&b| b == b'\n') {
            Some(p) if target + p + 1 < data.len() => cuts.push(target + p + 1),
            _ => break,
        }
    }
    cuts.push(data.len());
    cuts.dedup();
    cuts
}
