//! The RTL matrix (rencana tindak lanjut) of a meeting as CSV and XLSX: No, problem, cause,
//! activity, owner, target, due date, budget source, status — the columns Indonesian offices
//! sign. Column headers come from the text table in the reader's language; dates as DD/MM/YYYY.

use chrono::NaiveDate;
use domain::i18n::{Lang, text};

/// One row of the matrix, already translated for the reader.
#[derive(Debug, Clone, PartialEq)]
pub struct RtlRow {
    pub problem: String,
    pub cause: String,
    pub activity: String,
    pub owner: String,
    pub target: String,
    pub due_on: Option<NaiveDate>,
    pub budget_source: String,
    pub status: String,
}

/// The text-table keys of the columns, in order.
pub const HEADER_KEYS: [&str; 9] = [
    "export.col.no",
    "rtl.col.problem",
    "rtl.col.cause",
    "rtl.col.activity",
    "rtl.col.owner",
    "rtl.col.target",
    "rtl.col.due",
    "rtl.col.budget",
    "rtl.col.status",
];

/// The column headers in `lang` (in Bahasa Indonesia: No, Masalah, Penyebab, …).
pub fn headers(lang: Lang) -> [&'static str; 9] {
    HEADER_KEYS.map(|k| text(lang, k))
}

fn date(d: Option<NaiveDate>) -> String {
    d.map(|d| d.format("%d/%m/%Y").to_string()).unwrap_or_default()
}

/// CSV through the one export writer (byte-order mark, formula guard), separated by `sep`.
pub fn to_csv(lang: Lang, rows: &[RtlRow], sep: crate::export::Sep) -> Result<Vec<u8>, csv::Error> {
    crate::export::to_csv_sep(
        sep,
        headers(lang).map(String::from),
        rows.iter().enumerate().map(|(i, r)| {
            [
                (i + 1).to_string(),
                r.problem.clone(),
                r.cause.clone(),
                r.activity.clone(),
                r.owner.clone(),
                r.target.clone(),
                date(r.due_on),
                r.budget_source.clone(),
                r.status.clone(),
            ]
        }),
    )
}

/// An XLSX workbook with a title row, the header and the rows, wrapped and sized for A4
/// landscape printing.
pub fn to_xlsx(
    lang: Lang,
    title: &str,
    subtitle: &str,
    rows: &[RtlRow],
) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::{Format, FormatAlign, FormatBorder};
    let mut wb = crate::export::workbook();
    let ws = wb.add_worksheet();
    ws.set_name("RTL")?;
    ws.set_landscape();
    ws.set_paper_size(9);
    ws.set_repeat_rows(3, 3)?;
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
    ws.write_string(1, 0, subtitle)?;
    for (c, h) in headers(lang).iter().enumerate() {
        ws.write_string_with_format(3, c as u16, *h, &head)?;
    }
    for (c, w) in [5.0, 28.0, 24.0, 34.0, 22.0, 20.0, 12.0, 14.0, 14.0].iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }
    for (i, r) in rows.iter().enumerate() {
        let row = 4 + i as u32;
        ws.write_number_with_format(row, 0, (i + 1) as f64, &cell)?;
        for (c, v) in [&r.problem, &r.cause, &r.activity, &r.owner, &r.target]
            .iter()
            .enumerate()
        {
            ws.write_string_with_format(row, 1 + c as u16, v.as_str(), &cell)?;
        }
        ws.write_string_with_format(row, 6, date(r.due_on), &cell)?;
        ws.write_string_with_format(row, 7, &r.budget_source, &cell)?;
        ws.write_string_with_format(row, 8, &r.status, &cell)?;
    }
    wb.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows() -> Vec<RtlRow> {
        vec![RtlRow {
            problem: "Cakupan imunisasi rendah di Desa Tambak Ratu".into(),
            cause: "Orang tua menolak; jarak jauh".into(),
            activity: "Pendampingan tim imunisasi, \"sweeping\" dari rumah ke rumah".into(),
            owner: "Polsek Batang Asai".into(),
            target: "Balita belum imunisasi".into(),
            due_on: NaiveDate::from_ymd_opt(2024, 5, 31),
            budget_source: "BOK".into(),
            status: "Direncanakan".into(),
        }]
    }

    #[test]
    fn csv_snapshot() {
        let out = to_csv(Lang::Id, &rows(), crate::export::Sep::Comma).unwrap_or_default();
        let text = String::from_utf8(out).unwrap_or_default();
        assert_eq!(
            text,
            "\u{feff}No,Masalah,Penyebab,Kegiatan,Penanggung jawab,Sasaran,Waktu,Sumber dana,Status\n\
             1,Cakupan imunisasi rendah di Desa Tambak Ratu,Orang tua menolak; jarak jauh,\
             \"Pendampingan tim imunisasi, \"\"sweeping\"\" dari rumah ke rumah\",Polsek Batang Asai,\
             Balita belum imunisasi,31/05/2024,BOK,Direncanakan\n"
        );
    }

    #[test]
    fn csv_headers_in_english() {
        let out = to_csv(Lang::En, &rows(), crate::export::Sep::Comma).unwrap_or_default();
        let text = String::from_utf8(out).unwrap_or_default();
        assert!(
            text.starts_with("\u{feff}No,Problem,Cause,Activity,Responsible,Target,Due,Budget source,Status\n"),
            "{text}"
        );
    }

    #[test]
    fn xlsx_reads_back_with_the_same_cells() {
        let bytes = to_xlsx(Lang::Id, "RTL Lokmin", "Puskesmas Batang Asai", &rows()).unwrap_or_default();
        use calamine::{Reader, Xlsx};
        let mut wb: Xlsx<_> =
            calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap_or_else(|e| panic!("{e}"));
        let range = wb.worksheet_range("RTL").unwrap_or_else(|e| panic!("{e}"));
        let cells: Vec<Vec<String>> = range
            .rows()
            .map(|r| r.iter().map(|c| c.to_string()).collect())
            .collect();
        assert_eq!(cells[0][0], "RTL Lokmin");
        assert_eq!(
            cells[3],
            headers(Lang::Id).iter().map(|h| h.to_string()).collect::<Vec<_>>()
        );
        assert_eq!(cells[4][1], "Cakupan imunisasi rendah di Desa Tambak Ratu");
        assert_eq!(cells[4][4], "Polsek Batang Asai");
        assert_eq!(cells[4][6], "31/05/2024");
    }
}
