//! The one CSV writer of every export (RTL matrix, agreements register, Posyandu registry,
//! nutrition report, children and follow-up lists, import problem reports): a UTF-8 byte-order
//! mark so spreadsheet programs read Indonesian text right, quoting by the `csv` crate, and the formula guard — a cell that a spreadsheet would run as a formula (text
//! starting with `=`, `+`, `-`, `@`, a tab or a carriage return) is written with a leading
//! apostrophe, so a name typed as `=HYPERLINK(…)` stays text. Numbers (`-2.15`) and a lone
//! `-` (typed for "none") are left as they are.

use std::borrow::Cow;

/// The one way every XLSX export starts: a workbook compressed at level 3 — Excel's own
/// level — instead of the zip crate's 6. Deflate was a fifth of the time of a 15,000-line
/// register (perf); level 3 costs about 5 % in size (`rust_xlsxwriter`'s performance notes).
pub fn workbook() -> rust_xlsxwriter::Workbook {
    let mut wb = rust_xlsxwriter::Workbook::new();
    wb.set_zip_compression_level(3);
    wb
}

/// Whether `s` is a plain decimal number (a spreadsheet reads it as a number, not a formula).
fn is_number(s: &str) -> bool {
    s.bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b'+' | b'-' | b'.' | b'e' | b'E'))
        && s.bytes().any(|b| b.is_ascii_digit())
        && s.parse::<f64>().is_ok()
}

/// The cell as it is safe to write: prefixed with an apostrophe when a spreadsheet would
/// otherwise evaluate it.
pub fn guard(cell: &str) -> Cow<'_, str> {
    if cell.len() > 1 && cell.starts_with(['=', '+', '-', '@', '\t', '\r']) && !is_number(cell) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// The field separator of a CSV file. A comma by default; a semicolon for spreadsheet
/// programs set to Indonesian (their decimal sign is the comma, so they split on `;`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sep {
    #[default]
    Comma,
    Semicolon,
}

impl Sep {
    /// `semicolon` or `;` (a download link's `?sep=`); anything else is the comma.
    pub fn parse(s: &str) -> Sep {
        match s.trim() {
            "semicolon" | ";" => Sep::Semicolon,
            _ => Sep::Comma,
        }
    }

    fn byte(self) -> u8 {
        match self {
            Sep::Comma => b',',
            Sep::Semicolon => b';',
        }
    }
}

/// A CSV file being written: the byte-order mark first, every cell guarded.
pub struct Csv {
    w: csv::Writer<Vec<u8>>,
}

impl Default for Csv {
    fn default() -> Self {
        Self::new()
    }
}

impl Csv {
    pub fn new() -> Self {
        Self::with_sep(Sep::Comma)
    }

    pub fn with_sep(sep: Sep) -> Self {
        Csv {
            w: csv::WriterBuilder::new()
                .delimiter(sep.byte())
                .from_writer(Vec::from("\u{feff}".as_bytes())),
        }
    }

    /// Writes one row (the header is a row like any other).
    pub fn row<I, S>(&mut self, cells: I) -> Result<(), csv::Error>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        self.w
            .write_record(cells.into_iter().map(|c| guard(c.as_ref()).into_owned()))
    }

    /// The file's bytes.
    pub fn finish(self) -> Result<Vec<u8>, csv::Error> {
        self.w.into_inner().map_err(|e| csv::Error::from(e.into_error()))
    }
}

/// A whole file: the header, then the rows.
pub fn to_csv<H, R, C>(header: H, rows: impl IntoIterator<Item = R>) -> Result<Vec<u8>, csv::Error>
where
    H: IntoIterator<Item = C>,
    R: IntoIterator<Item = C>,
    C: AsRef<str>,
{
    to_csv_sep(Sep::Comma, header, rows)
}

/// A whole file with the separator `sep`.
pub fn to_csv_sep<H, R, C>(sep: Sep, header: H, rows: impl IntoIterator<Item = R>) -> Result<Vec<u8>, csv::Error>
where
    H: IntoIterator<Item = C>,
    R: IntoIterator<Item = C>,
    C: AsRef<str>,
{
    let mut out = Csv::with_sep(sep);
    out.row(header)?;
    for r in rows {
        out.row(r)?;
    }
    out.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_quoted_numbers_are_not() {
        for (cell, written) in [
            ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
            ("+62812", "+62812"),
            ("+SUM(A1)", "'+SUM(A1)"),
            ("-2+3", "'-2+3"),
            ("@cmd", "'@cmd"),
            ("\t=1", "'\t=1"),
            ("-2.15", "-2.15"),
            ("-", "-"),
            ("Aisyah", "Aisyah"),
            ("", ""),
            ("-inf", "'-inf"),
        ] {
            assert_eq!(guard(cell), written, "{cell:?}");
        }
    }

    #[test]
    fn file_has_a_bom_and_quoting() {
        let bytes = to_csv(["a", "b"], [["=1+1", "x,y"]]).unwrap_or_default();
        assert_eq!(
            String::from_utf8(bytes).unwrap_or_default(),
            "\u{feff}a,b\n'=1+1,\"x,y\"\n"
        );
    }

    #[test]
    fn semicolons_for_indonesian_spreadsheets() {
        let bytes = to_csv_sep(Sep::parse("semicolon"), ["a", "b"], [["2,5", "x;y"]]).unwrap_or_default();
        assert_eq!(
            String::from_utf8(bytes).unwrap_or_default(),
            "\u{feff}a;b\n2,5;\"x;y\"\n"
        );
        assert_eq!(Sep::parse(";"), Sep::Semicolon);
        assert_eq!(Sep::parse("tab"), Sep::Comma);
    }
}
