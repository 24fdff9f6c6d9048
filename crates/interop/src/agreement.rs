//! The agreement register as CSV and XLSX: one row per agreement with its parties, their
//! document numbers, scope, term, days left and derived status. Headers from the text table in
//! the reader's language; dates as DD/MM/YYYY.

use chrono::NaiveDate;
use domain::i18n::{Lang, text};

/// One agreement, already translated for the reader.
#[derive(Debug, Clone, PartialEq)]
pub struct RegisterRow {
    pub id: i64,
    pub kind: String,
    pub title: String,
    pub parties: String,
    pub sectors: String,
    pub numbers: String,
    pub scope: String,
    pub start_on: Option<NaiveDate>,
    pub end_on: Option<NaiveDate>,
    pub days_left: Option<i64>,
    pub status: String,
    pub parent: String,
    pub public: bool,
}

/// The text-table keys of the columns, in order.
pub const HEADER_KEYS: [&str; 14] = [
    "export.col.no",
    "agcol.id",
    "agcol.kind",
    "agcol.title",
    "agcol.parties",
    "agcol.sectors",
    "agcol.numbers",
    "agcol.scope",
    "agcol.start",
    "agcol.end",
    "agcol.days_left",
    "agcol.status",
    "agcol.parent",
    "agcol.public",
];

/// The column headers in `lang` (in Bahasa Indonesia: No, ID, Jenis, Judul, …).
pub fn headers(lang: Lang) -> [&'static str; 14] {
    HEADER_KEYS.map(|k| text(lang, k))
}

fn date(d: Option<NaiveDate>) -> String {
    d.map(|d| d.format("%d/%m/%Y").to_string()).unwrap_or_default()
}

fn cells(lang: Lang, i: usize, r: &RegisterRow) -> [String; 14] {
    [
        (i + 1).to_string(),
        r.id.to_string(),
        r.kind.clone(),
        r.title.clone(),
        r.parties.clone(),
        r.sectors.clone(),
        r.numbers.clone(),
        r.scope.clone(),
        date(r.start_on),
        date(r.end_on),
        r.days_left.map(|d| d.to_string()).unwrap_or_default(),
        r.status.clone(),
        r.parent.clone(),
        text(lang, if r.public { "common.yes" } else { "common.no" }).to_string(),
    ]
}

/// CSV through the one export writer (byte-order mark, formula guard).
pub fn to_csv(lang: Lang, rows: &[RegisterRow]) -> Result<Vec<u8>, csv::Error> {
    crate::export::to_csv(
        headers(lang).map(String::from),
        rows.iter().enumerate().map(|(i, r)| cells(lang, i, r)),
    )
}

/// An XLSX workbook with a title row, the header and the rows (days left as numbers).
pub fn to_xlsx(lang: Lang, title: &str, rows: &[RegisterRow]) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::{Format, FormatAlign, FormatBorder};
    let mut wb = crate::export::workbook();
    let ws = wb.add_worksheet();
    ws.set_name(text(lang, "agcol.sheet"))?;
    ws.set_landscape();
    ws.set_paper_size(9);
    ws.set_repeat_rows(2, 2)?;
    let bold = Format::new().set_bold().set_font_size(13);
    let head = Format::new()
        .set_bold()
        .set_border(FormatBorder::Thin)
        .set_background_color("D9EAD3")
        .set_text_wrap()
        .set_align(FormatAlign::Center);
    let cell = Format::new()
        .set_border(FormatBorder::Thin)
        .set_text_wrap()
        .set_align(FormatAlign::Top);
    ws.write_string_with_format(0, 0, title, &bold)?;
    for (c, h) in headers(lang).iter().enumerate() {
        ws.write_string_with_format(2, c as u16, *h, &head)?;
    }
    for (c, w) in [
        5.0, 6.0, 14.0, 34.0, 34.0, 14.0, 26.0, 24.0, 11.0, 11.0, 8.0, 13.0, 24.0, 7.0,
    ]
    .iter()
    .enumerate()
    {
        ws.set_column_width(c as u16, *w)?;
    }
    for (i, r) in rows.iter().enumerate() {
        let row = 3 + i as u32;
        for (c, v) in cells(lang, i, r).iter().enumerate() {
            match (c, v.parse::<f64>()) {
                (0 | 1 | 10, Ok(n)) => ws.write_number_with_format(row, c as u16, n, &cell)?,
                _ => ws.write_string_with_format(row, c as u16, v, &cell)?,
            };
        }
    }
    wb.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows() -> Vec<RegisterRow> {
        vec![RegisterRow {
            id: 7,
            kind: "Nota Kesepahaman (MOU)".into(),
            title: "Dukungan Polres dalam pelayanan kesehatan, \"imunisasi\"".into(),
            parties: "Dinas Kesehatan; Polres Sarolangun".into(),
            sectors: "Kesehatan; Keamanan".into(),
            numbers: "440/123/DINKES/2023; B/45/XI/2023".into(),
            scope: "Advokasi; Pengamanan".into(),
            start_on: NaiveDate::from_ymd_opt(2023, 11, 20),
            end_on: NaiveDate::from_ymd_opt(2028, 11, 19),
            days_left: Some(727),
            status: "Aktif".into(),
            parent: String::new(),
            public: true,
        }]
    }

    #[test]
    fn csv_snapshot() {
        let text = String::from_utf8(to_csv(Lang::Id, &rows()).unwrap_or_default()).unwrap_or_default();
        assert_eq!(
            text,
            "\u{feff}No,ID,Jenis,Judul,Para pihak,Sektor,Nomor dokumen,Ruang lingkup,Mulai,Berakhir,Sisa hari,Status,Induk,Publik\n\
             1,7,Nota Kesepahaman (MOU),\"Dukungan Polres dalam pelayanan kesehatan, \"\"imunisasi\"\"\",\
             Dinas Kesehatan; Polres Sarolangun,Kesehatan; Keamanan,440/123/DINKES/2023; B/45/XI/2023,\
             Advokasi; Pengamanan,20/11/2023,19/11/2028,727,Aktif,,Ya\n"
        );
    }

    #[test]
    fn csv_in_english() {
        let text = String::from_utf8(to_csv(Lang::En, &rows()).unwrap_or_default()).unwrap_or_default();
        assert!(
            text.starts_with(
                "\u{feff}No,ID,Kind,Title,Parties,Sectors,Document numbers,Scope,Start,End,Days left,Status,Parent,Public\n"
            ),
            "{text}"
        );
        assert!(text.ends_with(",Yes\n"), "{text}");
    }

    #[test]
    fn xlsx_reads_back_with_the_same_cells() {
        let bytes = to_xlsx(Lang::Id, "Register kerja sama", &rows()).unwrap_or_default();
        use calamine::{Reader, Xlsx};
        let mut wb: Xlsx<_> =
            calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap_or_else(|e| panic!("{e}"));
        let range = wb.worksheet_range("Kerja sama").unwrap_or_else(|e| panic!("{e}"));
        let cells: Vec<Vec<String>> = range
            .rows()
            .map(|r| r.iter().map(|c| c.to_string()).collect())
            .collect();
        assert_eq!(cells[0][0], "Register kerja sama");
        assert_eq!(
            cells[2],
            headers(Lang::Id).iter().map(|h| h.to_string()).collect::<Vec<_>>()
        );
        assert_eq!(cells[3][3], "Dukungan Polres dalam pelayanan kesehatan, \"imunisasi\"");
        assert_eq!(cells[3][10], "727");
        assert_eq!(cells[3][13], "Ya");
    }
}
