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

/// A file that cannot be read as a table at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FileError {
    #[error("file.unreadable: {0}")]
    Unreadable(String),
    #[error("file.empty")]
    Empty,
    /// No sheet has a header row with the known columns.
    #[error("sheet.not_found")]
    NoSheet(Vec<String>),
    #[error("sheet.unknown: {0}")]
    UnknownSheet(String),
}

impl FileError {
    pub fn code(&self) -> &'static str {
        match self {
            FileError::Unreadable(_) => "import.unreadable",
            FileError::Empty => "import.empty",
            FileError::NoSheet(_) => "import.no_sheet",
            FileError::UnknownSheet(_) => "import.unknown_sheet",
        }
    }
}

/// Whether the bytes are an XLSX (zip) workbook.
pub fn is_xlsx(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04")
}

/// Reads a CSV or XLSX file. For a workbook, `sheet` picks the sheet; otherwise the first
/// sheet whose header row names at least three known columns.
pub fn read(bytes: &[u8], sheet: Option<&str>) -> Result<Table, FileError> {
    if is_xlsx(bytes) {
        read_xlsx(bytes, sheet)
    } else {
        read_csv(bytes)
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

fn read_csv(bytes: &[u8]) -> Result<Table, FileError> {
    let text = std::str::from_utf8(bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes))
        .map_err(|_| FileError::Unreadable("not UTF-8 text, CSV or XLSX".into()))?;
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
        let cells: Vec<String> = rec.iter().map(|c| c.trim().to_string()).collect();
        if cells.iter().all(|c| c.is_empty()) {
            continue;
        }
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

fn read_xlsx(bytes: &[u8], wanted: Option<&str>) -> Result<Table, FileError> {
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
        let range = wb
            .worksheet_range(&name)
            .map_err(|e| FileError::Unreadable(e.to_string()))?;
        let start_row = range.start().map(|s| s.0 as usize).unwrap_or(0);
        let mut table = Table {
            sheet: Some(name.clone()),
            sheets: sheets.clone(),
            ..Default::default()
        };
        for (i, row) in range.rows().enumerate() {
            let cells: Vec<String> = row.iter().map(cell_text).collect();
            if cells.iter().all(|c| c.is_empty()) {
                continue;
            }
            let line = start_row + i + 1;
            if table.headers.is_empty() {
                // A title row above the header is skipped: the header names known columns.
                if known_columns(&cells) >= 3 {
                    table.headers = cells;
                }
            } else {
                table.rows.push((line, cells));
            }
        }
        if !table.headers.is_empty() {
            return Ok(table);
        }
    }
    Err(FileError::NoSheet(sheets))
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
