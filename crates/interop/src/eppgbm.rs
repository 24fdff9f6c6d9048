//! e-PPGBM-style exports of children and their measurements, as CSV or XLSX: reading the
//! table (the first sheet whose header names known columns, or a named sheet), recognising
//! the columns by their usual Indonesian headers (or by a mapping the user gives), and
//! turning cells into text the domain validates — Excel date serials and date cells become
//! ISO dates, numbers lose a spurious `.0`. No database here; rows keep their line numbers
//! so every message names the row and the column.

use calamine::{Data, Reader};

/// The columns Lintas reads from an e-PPGBM-style file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    Nik,
    Name,
    Sex,
    BirthDate,
    BirthWeight,
    BirthLength,
    MotherName,
    MotherNik,
    KkNumber,
    Desa,
    Posyandu,
    Rt,
    Rw,
    Address,
    MeasuredOn,
    Weight,
    Height,
    Position,
    Oedema,
    Muac,
    Head,
    HasKia,
}

impl Field {
    pub const ALL: [Field; 22] = [
        Field::Nik,
        Field::Name,
        Field::Sex,
        Field::BirthDate,
        Field::BirthWeight,
        Field::BirthLength,
        Field::MotherName,
        Field::MotherNik,
        Field::KkNumber,
        Field::Desa,
        Field::Posyandu,
        Field::Rt,
        Field::Rw,
        Field::Address,
        Field::MeasuredOn,
        Field::Weight,
        Field::Height,
        Field::Position,
        Field::Oedema,
        Field::Muac,
        Field::Head,
        Field::HasKia,
    ];

    /// Columns without which no row can be read.
    pub const REQUIRED: [Field; 5] = [
        Field::Name,
        Field::Sex,
        Field::BirthDate,
        Field::Posyandu,
        Field::MeasuredOn,
    ];

    /// The stable name (mapping forms, messages, the CLI's `--map`).
    pub fn key(self) -> &'static str {
        match self {
            Field::Nik => "nik",
            Field::Name => "nama",
            Field::Sex => "jk",
            Field::BirthDate => "tgl_lahir",
            Field::BirthWeight => "bb_lahir",
            Field::BirthLength => "pb_lahir",
            Field::MotherName => "nama_ibu",
            Field::MotherNik => "nik_ibu",
            Field::KkNumber => "no_kk",
            Field::Desa => "desa",
            Field::Posyandu => "posyandu",
            Field::Rt => "rt",
            Field::Rw => "rw",
            Field::Address => "alamat",
            Field::MeasuredOn => "tgl_ukur",
            Field::Weight => "bb",
            Field::Height => "tb",
            Field::Position => "cara_ukur",
            Field::Oedema => "edema",
            Field::Muac => "lila",
            Field::Head => "lingkar_kepala",
            Field::HasKia => "buku_kia",
        }
    }

    pub fn parse(key: &str) -> Option<Field> {
        Field::ALL.iter().copied().find(|f| f.key() == key.trim())
    }

    /// Header spellings seen in e-PPGBM/ASIK exports and hand-made sheets (folded: lower
    /// case, letters and digits only).
    fn aliases(self) -> &'static [&'static str] {
        match self {
            Field::Nik => &["nik", "nikanak", "nikbalita", "nomorindukkependudukan"],
            Field::Name => &["nama", "namaanak", "namabalita", "nama anak"],
            Field::Sex => &["jk", "jeniskelamin", "sex", "lp", "kelamin"],
            Field::BirthDate => &["tgllahir", "tanggallahir", "tanggallahiranak", "tgl lahir", "dob"],
            Field::BirthWeight => &["bblahir", "beratlahir", "beratbadanlahir", "bbl"],
            Field::BirthLength => &["pblahir", "panjanglahir", "panjangbadanlahir", "tblahir"],
            Field::MotherName => &["namaibu", "namaortu", "namaorangtua", "ibu", "namaibukandung"],
            Field::MotherNik => &["nikibu", "nikortu"],
            Field::KkNumber => &["nokk", "nomorkk", "kk", "nomorkartukeluarga"],
            Field::Desa => &["desa", "kelurahan", "desakelurahan", "desakel", "namadesa"],
            Field::Posyandu => &["posyandu", "namaposyandu"],
            Field::Rt => &["rt"],
            Field::Rw => &["rw"],
            Field::Address => &["alamat", "alamatlengkap"],
            Field::MeasuredOn => &[
                "tglukur",
                "tanggalukur",
                "tanggalpengukuran",
                "tglpengukuran",
                "tglpenimbangan",
                "tanggalpenimbangan",
                "tglkunjungan",
            ],
            Field::Weight => &["bb", "berat", "beratbadan", "bbkg", "beratbadankg", "weight"],
            Field::Height => &[
                "tb",
                "pb",
                "tbpb",
                "pbtb",
                "tinggi",
                "tinggibadan",
                "panjangbadan",
                "tbcm",
                "pbcm",
                "tinggibadancm",
                "height",
            ],
            Field::Position => &["caraukur", "posisi", "posisiukur", "measure"],
            Field::Oedema => &["edema", "oedema"],
            Field::Muac => &["lila", "lingkarlenganatas", "muac"],
            Field::Head => &["lingkarkepala", "lk", "hc"],
            Field::HasKia => &["bukukia", "kia", "kms", "punyabukukia"],
        }
    }
}

/// Lower case, letters and digits only.
pub fn fold_header(h: &str) -> String {
    h.trim_start_matches('\u{feff}')
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect()
}

/// A file read into text cells.
#[derive(Debug, Clone, Default)]
pub struct Table {
    /// The sheet read (XLSX), if any.
    pub sheet: Option<String>,
    /// All sheets of the workbook (to offer another one).
    pub sheets: Vec<String>,
    pub headers: Vec<String>,
    /// (line number in the file, 1-based; cells).
    pub rows: Vec<(usize, Vec<String>)>,
}

/// How much of a file a reader may take in. Every limit is checked before the part it guards
/// is read (the sheet's declared size, the zip directory, each zip entry's real decompressed
/// size, the shared-strings count) and again while reading, so a crafted file is refused with
/// a clear error instead of exhausting memory: a 5 KB workbook that declares a cell at
/// `XFD1048576`, a zip bomb in `sharedStrings.xml`, a 25 MB CSV of one line, a million columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Rows of a sheet or CSV file, the header included.
    pub max_rows: usize,
    /// Columns of a row.
    pub max_columns: usize,
    /// Cells kept in all (rows × their width).
    pub max_cells: usize,
    /// Bytes of one CSV line (one record).
    pub max_line_bytes: usize,
    /// Entries of a workbook's zip.
    pub max_zip_entries: usize,
    /// Decompressed bytes of one worksheet part (streamed, never held whole).
    pub max_sheet_bytes: u64,
    /// Decompressed bytes of any other part (shared strings, styles, workbook …), which the
    /// workbook reader holds in memory.
    pub max_part_bytes: u64,
    /// Decompressed bytes of all entries together.
    pub max_total_bytes: u64,
    /// Strings of the shared-strings table.
    pub max_shared_strings: usize,
}

impl Default for Limits {
    /// Enough for a district's e-PPGBM export (about 100,000 rows of 30–40 columns) with
    /// room to spare; a few hundred megabytes of memory at the worst.
    fn default() -> Self {
        Limits {
            max_rows: 300_000,
            max_columns: 200,
            max_cells: 8_000_000,
            max_line_bytes: 64 * 1024,
            max_zip_entries: 1_000,
            max_sheet_bytes: 512 * 1024 * 1024,
            max_part_bytes: 64 * 1024 * 1024,
            max_total_bytes: 1024 * 1024 * 1024,
            max_shared_strings: 3_000_000,
        }
    }
}

impl Limits {
    /// The same limits for files of up to `rows` rows (the CLI and benchmarks on one's own
    /// files); the limits on cells and unpacked size grow with a larger number.
    pub fn with_rows(self, rows: usize) -> Limits {
        let cells = self.max_cells.max(rows.saturating_mul(40));
        Limits {
            max_rows: rows,
            max_cells: cells,
            max_sheet_bytes: self.max_sheet_bytes.max(rows as u64 * 4096),
            max_total_bytes: self.max_total_bytes.max(rows as u64 * 4096),
            max_shared_strings: self.max_shared_strings.max(rows.saturating_mul(10)),
            ..self
        }
    }
}

/// A file that cannot be read as a table at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FileError {
    #[error("unreadable: {0}")]
    Unreadable(String),
    #[error("empty file")]
    Empty,
    /// No sheet has a header row with the known columns.
    #[error("no sheet with known column headers: {0:?}")]
    NoSheet(Vec<String>),
    #[error("no sheet named {0}")]
    UnknownSheet(String),
    /// A limit of [`Limits`] was passed: the message code and what was found.
    #[error("{code}: {detail}")]
    TooLarge { code: &'static str, detail: String },
}

impl FileError {
    pub fn code(&self) -> &'static str {
        match self {
            FileError::Unreadable(_) => "import.unreadable",
            FileError::Empty => "import.empty",
            FileError::NoSheet(_) => "import.no_sheet",
            FileError::UnknownSheet(_) => "import.unknown_sheet",
            FileError::TooLarge { code, .. } => code,
        }
    }

    /// What goes after the message: the sheets, the reason, what was too large.
    pub fn detail(&self) -> Option<String> {
        match self {
            FileError::NoSheet(sheets) => Some(sheets.join(", ")),
            FileError::Unreadable(why) => Some(why.clone()),
            FileError::UnknownSheet(s) => Some(s.clone()),
            FileError::TooLarge { detail, .. } => Some(detail.clone()),
            FileError::Empty => None,
        }
    }

    fn too_large(code: &'static str, detail: String) -> FileError {
        FileError::TooLarge { code, detail }
    }
}

/// Whether the bytes are an XLSX (zip) workbook.
pub fn is_xlsx(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04")
}

/// Reads a CSV or XLSX file within the default [`Limits`]. For a workbook, `sheet` picks the
/// sheet; otherwise the first sheet whose header row names at least three known columns.
pub fn read(bytes: &[u8], sheet: Option<&str>) -> Result<Table, FileError> {
    read_limited(bytes, sheet, &Limits::default())
}

/// [`read`] within `limits`.
pub fn read_limited(bytes: &[u8], sheet: Option<&str>, limits: &Limits) -> Result<Table, FileError> {
    if is_xlsx(bytes) {
        read_xlsx(bytes, sheet, limits)
    } else {
        read_csv(bytes, limits)
    }
}

fn known_columns(headers: &[String]) -> usize {
    headers
        .iter()
        .filter(|h| {
            let f = fold_header(h);
            Field::ALL
                .iter()
                .any(|x| x.aliases().iter().any(|a| fold_header(a) == f))
        })
        .count()
}

/// Counts kept cells against [`Limits::max_cells`].
struct CellBudget {
    used: usize,
    max: usize,
}

impl CellBudget {
    fn take(&mut self, n: usize) -> Result<(), FileError> {
        self.used = self.used.saturating_add(n);
        if self.used > self.max {
            return Err(FileError::too_large("import.too_many_cells", format!("> {}", self.max)));
        }
        Ok(())
    }
}

fn read_csv(bytes: &[u8], limits: &Limits) -> Result<Table, FileError> {
    let text = std::str::from_utf8(bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes))
        .map_err(|_| FileError::Unreadable("not UTF-8 text, CSV or XLSX".into()))?;
    // A line longer than the limit is refused before the CSV reader buffers it (a line break
    // inside a quoted cell only makes lines shorter; the record check below catches those).
    for (line_no, line) in (1usize..).zip(text.as_bytes().split(|b| *b == b'\n')) {
        if line.len() > limits.max_line_bytes {
            return Err(FileError::too_large(
                "import.line_too_long",
                format!("{line_no}: {} > {}", line.len(), limits.max_line_bytes),
            ));
        }
    }
    let first = text.lines().find(|l| !l.trim().is_empty()).ok_or(FileError::Empty)?;
    let delimiter = [b';', b'\t', b',']
        .into_iter()
        .max_by_key(|d| first.bytes().filter(|b| b == d).count())
        .unwrap_or(b',');
    let mut r = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut table = Table::default();
    let mut rec = csv::StringRecord::new();
    let bytes = text.as_bytes();
    let mut budget = CellBudget {
        used: 0,
        max: limits.max_cells,
    };
    // Line numbers are counted on from the last record, not from the start each time.
    let (mut counted_to, mut lines_before) = (0usize, 0usize);
    loop {
        let start = (r.position().byte() as usize).min(bytes.len());
        if !r
            .read_record(&mut rec)
            .map_err(|e| FileError::Unreadable(e.to_string()))?
        {
            break;
        }
        // The record starts after any blank lines the reader skipped; count line ends up to it.
        let first = start + bytes[start..].iter().take_while(|b| matches!(b, b'\n' | b'\r')).count();
        let first = first.max(counted_to);
        lines_before += bytes[counted_to..first].iter().filter(|b| **b == b'\n').count();
        counted_to = first;
        let line = 1 + lines_before;
        let end = (r.position().byte() as usize).min(bytes.len());
        if end.saturating_sub(first) > limits.max_line_bytes {
            return Err(FileError::too_large(
                "import.line_too_long",
                format!("{line}: {} > {}", end - first, limits.max_line_bytes),
            ));
        }
        if rec.len() > limits.max_columns {
            return Err(FileError::too_large(
                "import.too_many_columns",
                format!("{line}: {} > {}", rec.len(), limits.max_columns),
            ));
        }
        if rec.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let kept = table.rows.len() + usize::from(!table.headers.is_empty());
        if kept >= limits.max_rows {
            return Err(FileError::too_large(
                "import.too_many_rows",
                format!("> {}", limits.max_rows),
            ));
        }
        budget.take(rec.len())?;
        let cells: Vec<String> = rec.iter().map(|c| c.trim().to_string()).collect();
        if table.headers.is_empty() {
            table.headers = cells;
        } else {
            table.rows.push((line, cells));
        }
    }
    if table.headers.is_empty() {
        return Err(FileError::Empty);
    }
    Ok(table)
}

/// A cell as text: whole numbers without `.0`, dates as ISO.
fn cell_text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.trim().to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => format!("{f}"),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => if *b { "ya" } else { "tidak" }.to_string(),
        Data::DateTime(dt) => serial_date(dt.as_f64().floor() as i64).unwrap_or_else(|| dt.as_f64().to_string()),
        Data::DateTimeIso(s) => s.split('T').next().unwrap_or(s).to_string(),
        Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("#{e:?}"),
    }
}

/// Checks a workbook's zip before any workbook reader looks inside: the number of entries
/// (from the end-of-directory record, before the directory is parsed), then each entry's real
/// decompressed size, read through a counting sink with a cap (a declared size can lie), and
/// the shared-strings table's count.
fn check_zip(bytes: &[u8], limits: &Limits) -> Result<(), FileError> {
    // End of central directory: "PK\5\6", the entry count at offset 10 (u16, little-endian).
    let tail_from = bytes.len().saturating_sub(22 + 65_535);
    let eocd = bytes[tail_from..]
        .windows(4)
        .rposition(|w| w == b"PK\x05\x06")
        .map(|i| tail_from + i)
        .ok_or_else(|| FileError::Unreadable("not a complete XLSX (zip) file".into()))?;
    let entries = bytes
        .get(eocd + 10..eocd + 12)
        .map(|b| u16::from_le_bytes([b[0], b[1]]) as usize)
        .unwrap_or(0);
    if entries > limits.max_zip_entries {
        return Err(FileError::too_large(
            "import.zip_entries",
            format!("{entries} > {}", limits.max_zip_entries),
        ));
    }
    let mut zip =
        zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| FileError::Unreadable(e.to_string()))?;
    if zip.len() > limits.max_zip_entries {
        return Err(FileError::too_large(
            "import.zip_entries",
            format!("{} > {}", zip.len(), limits.max_zip_entries),
        ));
    }
    let mut total = 0u64;
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).map_err(|e| FileError::Unreadable(e.to_string()))?;
        let name = entry.name().map(|n| n.to_string()).unwrap_or_default();
        let lower = name.to_ascii_lowercase();
        let cap = if lower.contains("worksheets/") {
            limits.max_sheet_bytes
        } else {
            limits.max_part_bytes
        };
        let too_big = |n: u64| FileError::too_large("import.zip_bomb", format!("{name}: > {n} bytes"));
        if entry.size() > cap {
            return Err(too_big(cap));
        }
        let shared = name
            .rsplit('/')
            .next()
            .is_some_and(|f| f.eq_ignore_ascii_case("sharedStrings.xml"));
        let size = if shared {
            count_shared_strings(&mut entry, cap, limits.max_shared_strings, &name)?
        } else {
            std::io::copy(&mut std::io::Read::take(&mut entry, cap + 1), &mut std::io::sink())
                .map_err(|e| FileError::Unreadable(format!("{name}: {e}")))?
        };
        if size > cap {
            return Err(too_big(cap));
        }
        total += size;
        if total > limits.max_total_bytes {
            return Err(FileError::too_large(
                "import.zip_bomb",
                format!("> {} bytes in all", limits.max_total_bytes),
            ));
        }
    }
    Ok(())
}

/// Streams a shared-strings part (at most `cap` + 1 bytes) counting its strings; refuses a
/// declared `uniqueCount` or an actual count over `max` (the workbook reader reserves and
/// holds one string each). Returns the decompressed size read.
fn count_shared_strings(entry: &mut impl std::io::Read, cap: u64, max: usize, name: &str) -> Result<u64, FileError> {
    use quick_xml::events::Event;
    struct Counting<R> {
        inner: R,
        n: u64,
    }
    impl<R: std::io::Read> std::io::Read for Counting<R> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let k = self.inner.read(buf)?;
            self.n += k as u64;
            Ok(k)
        }
    }
    let mut src = std::io::BufReader::new(Counting {
        inner: std::io::Read::take(entry, cap + 1),
        n: 0,
    });
    let mut xml = quick_xml::Reader::from_reader(&mut src);
    let mut buf = Vec::new();
    let mut strings = 0usize;
    let too_many = |n: String| FileError::too_large("import.too_many_strings", format!("{name}: {n} > {max}"));
    loop {
        buf.clear();
        match xml.read_event_into(&mut buf) {
            Ok(Event::Start(e)) | Ok(Event::Empty(e)) => match e.local_name().as_ref() {
                "sst" => {
                    for a in e.attributes().flatten() {
                        if a.key.local_name().as_ref() == "uniqueCount" {
                            let v = a.value.to_string();
                            if v.trim().parse::<u64>().map_or(true, |n| n > max as u64) {
                                return Err(too_many(v));
                            }
                        }
                    }
                }
                "si" => {
                    strings += 1;
                    if strings > max {
                        return Err(too_many(strings.to_string()));
                    }
                }
                _ => {}
            },
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(e) => return Err(FileError::Unreadable(format!("{name}: {e}"))),
        }
    }
    drop(xml);
    // Whatever follows the XML still counts towards the size.
    std::io::copy(&mut src, &mut std::io::sink()).map_err(|e| FileError::Unreadable(format!("{name}: {e}")))?;
    Ok(src.get_ref().n)
}

fn read_xlsx(bytes: &[u8], wanted: Option<&str>, limits: &Limits) -> Result<Table, FileError> {
    check_zip(bytes, limits)?;
    // The workbook reader has been seen to panic on crafted input (an arithmetic overflow on a
    // cell reference such as `A99999999999` in builds with overflow checks): a panic there is
    // a file we cannot read, not a crash.
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| read_workbook(bytes, wanted, limits)))
        .unwrap_or_else(|_| Err(FileError::Unreadable("the workbook could not be read".into())))
}

fn read_workbook(bytes: &[u8], wanted: Option<&str>, limits: &Limits) -> Result<Table, FileError> {
    let mut wb: calamine::Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(bytes))
        .map_err(|e: calamine::XlsxError| FileError::Unreadable(e.to_string()))?;
    let sheets = wb.sheet_names().to_vec();
    if let Some(w) = wanted
        && !sheets.iter().any(|s| s == w)
    {
        return Err(FileError::UnknownSheet(w.to_string()));
    }
    let candidates: Vec<String> = match wanted {
        Some(w) => vec![w.to_string()],
        None => sheets.clone(),
    };
    for name in candidates {
        let mut table = read_sheet(&mut wb, &name, limits)?;
        if !table.headers.is_empty() {
            table.sheet = Some(name.clone());
            table.sheets = sheets.clone();
            return Ok(table);
        }
    }
    Err(FileError::NoSheet(sheets))
}

/// One sheet as a table, cell by cell (a sheet's whole declared range is never allocated):
/// its declared dimension is checked first, then every non-empty cell's position.
fn read_sheet<RS: std::io::Read + std::io::Seek>(
    wb: &mut calamine::Xlsx<RS>,
    name: &str,
    limits: &Limits,
) -> Result<Table, FileError> {
    let mut cells = wb
        .worksheet_cells_reader(name)
        .map_err(|e| FileError::Unreadable(e.to_string()))?;
    let dim = cells.dimensions();
    let rows = (dim.end.0 as usize).saturating_sub(dim.start.0 as usize) + 1;
    let cols = (dim.end.1 as usize).saturating_sub(dim.start.1 as usize) + 1;
    let oversized = |rows: usize, cols: usize| {
        if rows > limits.max_rows {
            Some(FileError::too_large(
                "import.too_many_rows",
                format!("{name}: {rows} > {}", limits.max_rows),
            ))
        } else if cols > limits.max_columns {
            Some(FileError::too_large(
                "import.too_many_columns",
                format!("{name}: {cols} > {}", limits.max_columns),
            ))
        } else {
            None
        }
    };
    if let Some(e) = oversized(rows, cols) {
        return Err(e);
    }
    // Non-empty cells by position; a cell beyond the limits is refused whatever the
    // dimension said.
    let mut found: Vec<(u32, u32, String)> = Vec::new();
    let mut budget = CellBudget {
        used: 0,
        max: limits.max_cells,
    };
    let mut sorted = true;
    while let Some(cell) = cells.next_cell().map_err(|e| FileError::Unreadable(e.to_string()))? {
        let (r, c) = cell.get_position();
        let text = cell_text(&Data::from(cell.get_value().clone()));
        if text.is_empty() {
            continue;
        }
        if let Some(e) = oversized(r as usize + 1, c as usize + 1) {
            return Err(e);
        }
        budget.take(1)?;
        if let Some(last) = found.last() {
            sorted &= (last.0, last.1) < (r, c);
        }
        found.push((r, c, text));
    }
    drop(cells);
    if !sorted {
        found.sort_by_key(|(r, c, _)| (*r, *c));
        found.dedup_by_key(|(r, c, _)| (*r, *c));
    }
    // Rows, each as wide as its last cell; the dense width counts against the same budget.
    let mut budget = CellBudget {
        used: 0,
        max: limits.max_cells,
    };
    let mut table = Table::default();
    let mut cells = found.into_iter().peekable();
    while let Some((r, c, text)) = cells.next() {
        let mut row = vec![(c, text)];
        while let Some((_, c, text)) = cells.next_if(|x| x.0 == r) {
            row.push((c, text));
        }
        let width = row.last().map(|x| x.0 as usize + 1).unwrap_or(0);
        budget.take(width)?;
        let mut dense = vec![String::new(); width];
        for (c, text) in row {
            dense[c as usize] = text;
        }
        let line = r as usize + 1;
        if table.headers.is_empty() {
            // A title row above the header is skipped: the header names known columns.
            if known_columns(&dense) >= 3 {
                table.headers = dense;
            }
        } else {
            table.rows.push((line, dense));
        }
    }
    Ok(table)
}

/// Which column holds each field (column index).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Mapping(pub Vec<(Field, usize)>);

impl Mapping {
    /// Recognises the columns by their headers; the first matching column wins.
    pub fn auto(headers: &[String]) -> Mapping {
        let folded: Vec<String> = headers.iter().map(|h| fold_header(h)).collect();
        let mut out = Vec::new();
        for f in Field::ALL {
            let aliases: Vec<String> = f.aliases().iter().map(|a| fold_header(a)).collect();
            if let Some(i) = folded.iter().position(|h| aliases.contains(h))
                && !out.iter().any(|(_, j)| *j == i)
            {
                out.push((f, i));
            }
        }
        Mapping(out)
    }

    /// Applies user choices `field key → header` over the automatic mapping. Unknown
    /// fields or headers are returned as errors (field key, header).
    pub fn with(mut self, headers: &[String], choices: &[(String, String)]) -> Result<Mapping, Vec<(String, String)>> {
        let mut bad = Vec::new();
        for (k, h) in choices {
            let Some(f) = Field::parse(k) else {
                bad.push((k.clone(), h.clone()));
                continue;
            };
            self.0.retain(|(x, _)| *x != f);
            if h.trim().is_empty() {
                continue;
            }
            match headers
                .iter()
                .position(|x| x.trim() == h.trim() || fold_header(x) == fold_header(h))
            {
                Some(i) => {
                    // A column chosen by hand is read as that field only, not also as the
                    // field the automatic mapping gave it.
                    self.0.retain(|(_, c)| *c != i);
                    self.0.push((f, i))
                }
                None => bad.push((k.clone(), h.clone())),
            }
        }
        if bad.is_empty() { Ok(self) } else { Err(bad) }
    }

    pub fn column(&self, f: Field) -> Option<usize> {
        self.0.iter().find(|(x, _)| *x == f).map(|(_, i)| *i)
    }

    /// Required fields without a column.
    pub fn missing(&self) -> Vec<Field> {
        Field::REQUIRED
            .iter()
            .copied()
            .filter(|f| self.column(*f).is_none())
            .collect()
    }
}

/// One data row: its line and the text of each mapped field.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    pub line: usize,
    cells: Vec<(Field, String)>,
}

impl Record {
    pub fn get(&self, f: Field) -> &str {
        self.cells
            .iter()
            .find(|(x, _)| *x == f)
            .map(|(_, v)| v.as_str())
            .unwrap_or("")
    }
}

pub fn records(t: &Table, m: &Mapping) -> Vec<Record> {
    t.rows
        .iter()
        .map(|(line, cells)| Record {
            line: *line,
            cells: m
                .0
                .iter()
                .map(|(f, i)| (*f, cells.get(*i).cloned().unwrap_or_default()))
                .collect(),
        })
        .collect()
}

/// An Excel serial day number (1900 date system) as an ISO date.
fn serial_date(n: i64) -> Option<String> {
    if !(1..=80_000).contains(&n) {
        return None;
    }
    let base = chrono::NaiveDate::from_ymd_opt(1899, 12, 30)?;
    Some((base + chrono::Duration::days(n)).format("%Y-%m-%d").to_string())
}

/// A date cell as ISO text: ISO, `DD/MM/YYYY`, `DD-MM-YYYY`, `DD.MM.YYYY`, with or
/// without a time, or an Excel serial day number (days since 1899-12-30) typed as text.
pub fn date_cell(s: &str) -> Result<String, &'static str> {
    let t = s.trim();
    if t.is_empty() {
        return Ok(String::new());
    }
    if !t.is_empty() && t.len() <= 6 && t.bytes().all(|b| b.is_ascii_digit()) {
        let n: i64 = t.parse().map_err(|_| "date.format")?;
        return serial_date(n).ok_or("date.format");
    }
    let d = crate::zscore_csv::parse_date(t).map_err(|_| "date.format")?;
    Ok(d.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_with_semicolons_bom_and_indonesian_headers() {
        let data = "\u{feff}NIK;Nama Anak;JK;Tgl Lahir;Nama Ibu;Desa;Posyandu;Tgl Ukur;BB;TB/PB;Cara Ukur\r\n\
                    1503030101220001;Aisyah;P;10/02/2022;Siti;Bernai;Melati;15/02/2024;10,3;85,5;berdiri\r\n\
                    \r\n\
                    ;Bunga;P;45332;Rina;Bernai;Melati;45337;9,1;77;\r\n";
        let t = read(data.as_bytes(), None).unwrap_or_default();
        assert_eq!(t.rows.len(), 2);
        let m = Mapping::auto(&t.headers);
        assert!(m.missing().is_empty(), "{m:?}");
        let r = records(&t, &m);
        assert_eq!(r[0].get(Field::Weight), "10,3");
        assert_eq!(r[0].get(Field::Position), "berdiri");
        assert_eq!(r[1].line, 4, "blank lines still count");
        assert_eq!(date_cell(r[1].get(Field::BirthDate)), Ok("2024-02-10".into()));
        assert_eq!(date_cell("15/02/2024 00:00"), Ok("2024-02-15".into()));
        assert_eq!(date_cell("31/02/2024"), Err("date.format"));
    }

    #[test]
    fn line_numbers_count_blank_lines_and_line_breaks_inside_cells() {
        let data = "Nama,Alamat,Posyandu\n\nA,\"Jl. Mawar\nRT 02\",Melati\nB,Jl. Kenanga,Melati\n\n\nC,,Melati\n";
        let t = read(data.as_bytes(), None).unwrap_or_default();
        let lines: Vec<usize> = t.rows.iter().map(|r| r.0).collect();
        assert_eq!(lines, vec![3, 5, 8]);
    }

    #[test]
    fn mapping_by_hand_when_headers_differ() {
        let headers: Vec<String> = ["Nama", "Kelamin", "Lahir", "Pos", "Tanggal", "Berat"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let m = Mapping::auto(&headers);
        assert!(m.missing().contains(&Field::BirthDate) && m.missing().contains(&Field::Posyandu));
        let m = m
            .with(
                &headers,
                &[
                    ("tgl_lahir".into(), "Lahir".into()),
                    ("posyandu".into(), "Pos".into()),
                    ("tgl_ukur".into(), "Tanggal".into()),
                ],
            )
            .unwrap_or_default();
        assert!(m.missing().is_empty(), "{m:?}");
        assert_eq!(
            Mapping::auto(&headers).with(&headers, &[("tgl_lahir".into(), "Nope".into())]),
            Err(vec![("tgl_lahir".to_string(), "Nope".to_string())])
        );
        // A column chosen by hand leaves the field the automatic mapping gave it.
        let headers: Vec<String> = ["Nama", "JK", "Posyandu", "Tgl Ukur", "BB"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(Mapping::auto(&headers).column(Field::MeasuredOn), Some(3));
        let m = Mapping::auto(&headers)
            .with(&headers, &[("tgl_lahir".into(), "Tgl Ukur".into())])
            .unwrap_or_default();
        assert_eq!(
            (m.column(Field::BirthDate), m.column(Field::MeasuredOn)),
            (Some(3), None)
        );
    }

    #[test]
    fn xlsx_with_a_title_row_dates_and_the_right_sheet() {
        use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
        let mut wb = Workbook::new();
        let notes = wb.add_worksheet();
        notes.set_name("Petunjuk").unwrap_or_else(|e| panic!("{e}"));
        notes
            .write_string(0, 0, "Isi data di lembar berikut")
            .unwrap_or_else(|e| panic!("{e}"));
        let ws = wb.add_worksheet();
        ws.set_name("Data").unwrap_or_else(|e| panic!("{e}"));
        ws.write_string(0, 0, "DATA PENGUKURAN BALITA FEBRUARI 2024")
            .unwrap_or_else(|e| panic!("{e}"));
        for (c, h) in [
            "Nama",
            "JK",
            "Tanggal Lahir",
            "Posyandu",
            "Tanggal Pengukuran",
            "Berat",
            "Tinggi",
        ]
        .iter()
        .enumerate()
        {
            ws.write_string(2, c as u16, *h).unwrap_or_else(|e| panic!("{e}"));
        }
        let date = Format::new().set_num_format("dd/mm/yyyy");
        ws.write_string(3, 0, "Aisyah").unwrap_or_else(|e| panic!("{e}"));
        ws.write_string(3, 1, "P").unwrap_or_else(|e| panic!("{e}"));
        let birth = ExcelDateTime::from_ymd(2022, 2, 10).unwrap_or_else(|e| panic!("{e}"));
        ws.write_datetime_with_format(3, 2, &birth, &date)
            .unwrap_or_else(|e| panic!("{e}"));
        ws.write_string(3, 3, "Melati").unwrap_or_else(|e| panic!("{e}"));
        ws.write_string(3, 4, "15/02/2024").unwrap_or_else(|e| panic!("{e}"));
        ws.write_number(3, 5, 10.3).unwrap_or_else(|e| panic!("{e}"));
        ws.write_number(3, 6, 85.0).unwrap_or_else(|e| panic!("{e}"));
        let bytes = wb.save_to_buffer().unwrap_or_default();
        let t = read(&bytes, None).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(t.sheet.as_deref(), Some("Data"));
        let r = records(&t, &Mapping::auto(&t.headers));
        assert_eq!(r[0].line, 4);
        assert_eq!(r[0].get(Field::BirthDate), "2022-02-10");
        assert_eq!(r[0].get(Field::Weight), "10.3");
        assert_eq!(r[0].get(Field::Height), "85");
        assert_eq!(
            read(&bytes, Some("Lain")).err(),
            Some(FileError::UnknownSheet("Lain".into()))
        );
        assert!(matches!(read(&bytes, Some("Petunjuk")), Err(FileError::NoSheet(_))));
    }
}
