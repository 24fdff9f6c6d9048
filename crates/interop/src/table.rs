//! A report table — headers, rows of text and number cells — as CSV through the one writer
//! ([`crate::export`]: byte-order mark, formula guard; decimals with a point) and as an XLSX
//! sheet with a title, a subtitle, the header repeated on every printed page (A4 landscape),
//! numbers stored as numbers, text as text cells (never formulas) and notes under the table. The coverage pages (PWS) export
//! through it; headers and words come translated from the caller.

/// One cell of a report table.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    /// A number shown with this many decimals.
    Number(f64, usize),
    Empty,
}

impl Cell {
    /// A number, or an empty cell.
    pub fn number(v: Option<f64>, digits: usize) -> Cell {
        v.filter(|v| v.is_finite())
            .map_or(Cell::Empty, |v| Cell::Number(v, digits))
    }

    /// A count: whole numbers without decimals, others with up to two.
    pub fn count(v: Option<f64>) -> Cell {
        Cell::number(v, v.map_or(0, |v| if v.fract() == 0.0 { 0 } else { 2 }))
    }

    fn csv(&self) -> String {
        match self {
            Cell::Text(s) => s.clone(),
            Cell::Number(v, d) => format!("{:.d$}", half_up(*v, *d)),
            Cell::Empty => String::new(),
        }
    }
}

/// `v` rounded to `digits` decimals with a half away from zero (86.25 → 86.3), as people and
/// spreadsheets round (Rust's formatting rounds an exact half to even).
pub fn half_up(v: f64, digits: usize) -> f64 {
    let scale = 10f64.powi(i32::try_from(digits).unwrap_or(0));
    let r = (v * scale).round() / scale;
    if r.is_finite() { r } else { v }
}

/// A table with its title, for a workbook.
#[derive(Debug, Clone, Default)]
pub struct Sheet {
    /// The sheet's tab name (at most 31 characters; longer is cut).
    pub name: String,
    pub title: String,
    pub subtitle: String,
    pub headers: Vec<String>,
    /// Column widths in characters (missing ones get 12).
    pub widths: Vec<f64>,
    pub rows: Vec<Vec<Cell>>,
    /// Lines written under the table (how figures are computed).
    pub notes: Vec<String>,
}

/// The table as CSV: the header, then the rows.
pub fn to_csv(headers: &[String], rows: &[Vec<Cell>]) -> Result<Vec<u8>, csv::Error> {
    crate::export::to_csv(
        headers.iter().cloned(),
        rows.iter().map(|r| r.iter().map(Cell::csv).collect::<Vec<_>>()),
    )
}

/// The table as a workbook of one sheet.
pub fn to_xlsx(sheet: &Sheet) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::{Format, FormatAlign, FormatBorder};
    let mut wb = crate::export::workbook();
    let ws = wb.add_worksheet();
    let name: String = sheet
        .name
        .chars()
        .filter(|c| !matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\'))
        .take(31)
        .collect();
    ws.set_name(if name.trim().is_empty() {
        "Sheet1"
    } else {
        name.as_str()
    })?;
    ws.set_landscape();
    ws.set_paper_size(9);
    ws.set_repeat_rows(3, 3)?;
    ws.set_freeze_panes(4, 0)?;
    let bold = Format::new().set_bold().set_font_size(13);
    let head = Format::new()
        .set_bold()
        .set_border(FormatBorder::Thin)
        .set_background_color("D9EAD3")
        .set_text_wrap()
        .set_align(FormatAlign::Center);
    let text = Format::new()
        .set_border(FormatBorder::Thin)
        .set_text_wrap()
        .set_align(FormatAlign::Top);
    let numbers = [0, 1, 2].map(|d| {
        Format::new()
            .set_border(FormatBorder::Thin)
            .set_align(FormatAlign::Top)
            .set_num_format(match d {
                0 => "0",
                1 => "0.0",
                _ => "0.00",
            })
    });
    ws.write_string_with_format(0, 0, &sheet.title, &bold)?;
    ws.write_string(1, 0, &sheet.subtitle)?;
    for (c, h) in sheet.headers.iter().enumerate() {
        let c = c as u16;
        ws.write_string_with_format(3, c, h, &head)?;
        ws.set_column_width(c, sheet.widths.get(usize::from(c)).copied().unwrap_or(12.0))?;
    }
    for (i, r) in sheet.rows.iter().enumerate() {
        let row = 4 + i as u32;
        for (c, cell) in r.iter().enumerate() {
            let c = c as u16;
            match cell {
                Cell::Text(s) => ws.write_string_with_format(row, c, s, &text)?,
                Cell::Number(v, d) => ws.write_number_with_format(row, c, *v, &numbers[(*d).min(2)])?,
                Cell::Empty => ws.write_blank(row, c, &text)?,
            };
        }
    }
    let below = 5 + sheet.rows.len() as u32;
    for (i, n) in sheet.notes.iter().enumerate() {
        ws.write_string(below + i as u32, 0, n)?;
    }
    wb.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows() -> Vec<Vec<Cell>> {
        vec![vec![
            Cell::Text("=Desa Melati".into()),
            Cell::count(Some(120.0)),
            Cell::count(Some(2.5)),
            Cell::number(Some(73.333), 1),
            Cell::number(None, 1),
        ]]
    }

    #[test]
    fn csv_guards_text_and_writes_decimals_with_a_point() {
        let headers: Vec<String> = ["Desa", "Sasaran", "n", "%", "x"].map(String::from).to_vec();
        let out = to_csv(&headers, &rows()).unwrap_or_default();
        assert_eq!(
            String::from_utf8(out).unwrap_or_default(),
            "\u{feff}Desa,Sasaran,n,%,x\n'=Desa Melati,120,2.50,73.3,\n"
        );
    }

    #[test]
    fn a_half_rounds_away_from_zero() {
        assert_eq!(Cell::Number(86.25, 1).csv(), "86.3");
        assert_eq!(Cell::Number(-0.125, 2).csv(), "-0.13");
        assert_eq!(Cell::Number(72.0 / 135.0 * 100.0, 1).csv(), "53.3");
        assert!((half_up(2.5, 0) - 3.0).abs() < 1e-12);
        assert!(half_up(f64::MAX, 3).is_finite());
    }

    #[test]
    fn a_workbook_is_written() {
        let sheet = Sheet {
            name: "PWS K1 [2024]".into(),
            title: "PWS".into(),
            headers: vec!["Desa".into()],
            rows: rows(),
            notes: vec!["catatan".into()],
            ..Sheet::default()
        };
        let bytes = to_xlsx(&sheet).unwrap_or_default();
        assert!(bytes.starts_with(b"PK"), "a zip");
    }
}
