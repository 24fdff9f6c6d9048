//! Children by name as CSV and XLSX: the follow-up list and the register of a Posyandu or an
//! area, one row per child. The caller picks the columns ([`FOLLOWUP`] or [`REGISTER`]),
//! names them in the reader's language and hands the NIK over already masked or in full:
//! this module only writes what it is given.
//!
//! Dates as DD/MM/YYYY. In CSV, numbers have a decimal point and text that a spreadsheet
//! would run as a formula (`=`, `+`, `-`, `@` first) is quoted with a leading apostrophe. In
//! XLSX, numbers are numbers and everything else is a text cell, so a full 16-digit NIK and an
//! RT such as `003` keep every digit.

use chrono::NaiveDate;

/// A column of a by-name export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    No,
    Name,
    Sex,
    BirthDate,
    AgeMonths,
    Nik,
    Mother,
    MotherNik,
    Address,
    Rt,
    Rw,
    Desa,
    Posyandu,
    Kia,
    Reasons,
    MeasuredOn,
    Weight,
    HeightOn,
    Height,
    Haz,
    FollowupBy,
    FollowupStatus,
}

impl Column {
    pub const ALL: [Column; 22] = [
        Column::No,
        Column::Name,
        Column::Sex,
        Column::BirthDate,
        Column::AgeMonths,
        Column::Nik,
        Column::Mother,
        Column::MotherNik,
        Column::Address,
        Column::Rt,
        Column::Rw,
        Column::Desa,
        Column::Posyandu,
        Column::Kia,
        Column::Reasons,
        Column::MeasuredOn,
        Column::Weight,
        Column::HeightOn,
        Column::Height,
        Column::Haz,
        Column::FollowupBy,
        Column::FollowupStatus,
    ];

    /// The stable name; the header a reader sees is the caller's label for it.
    pub fn key(self) -> &'static str {
        match self {
            Column::No => "no",
            Column::Name => "name",
            Column::Sex => "sex",
            Column::BirthDate => "birth_date",
            Column::AgeMonths => "age_months",
            Column::Nik => "nik",
            Column::Mother => "mother",
            Column::MotherNik => "mother_nik",
            Column::Address => "address",
            Column::Rt => "rt",
            Column::Rw => "rw",
            Column::Desa => "desa",
            Column::Posyandu => "posyandu",
            Column::Kia => "kia",
            Column::Reasons => "reasons",
            Column::MeasuredOn => "measured_on",
            Column::Weight => "weight",
            Column::HeightOn => "height_on",
            Column::Height => "height",
            Column::Haz => "haz",
            Column::FollowupBy => "followup_by",
            Column::FollowupStatus => "followup_status",
        }
    }

    /// Width in an XLSX sheet (characters).
    fn width(self) -> f64 {
        match self {
            Column::No | Column::Rt | Column::Rw => 5.0,
            Column::Sex | Column::AgeMonths | Column::Weight | Column::Height | Column::Haz | Column::Kia => 9.0,
            Column::BirthDate | Column::MeasuredOn | Column::HeightOn => 11.0,
            Column::Nik | Column::MotherNik => 19.0,
            Column::Name | Column::Mother | Column::Desa | Column::FollowupStatus => 22.0,
            Column::Address | Column::Posyandu | Column::Reasons => 26.0,
            Column::FollowupBy => 34.0,
        }
    }
}

/// The follow-up list: who, where, why, the latest measurement (the weight of the latest,
/// the length and its z-score of the latest with a length) and the follow-up assigned.
pub const FOLLOWUP: [Column; 21] = [
    Column::No,
    Column::Name,
    Column::Sex,
    Column::BirthDate,
    Column::AgeMonths,
    Column::Nik,
    Column::Mother,
    Column::MotherNik,
    Column::Address,
    Column::Rt,
    Column::Rw,
    Column::Desa,
    Column::Posyandu,
    Column::Reasons,
    Column::MeasuredOn,
    Column::Weight,
    Column::HeightOn,
    Column::Height,
    Column::Haz,
    Column::FollowupBy,
    Column::FollowupStatus,
];

/// The register of children: who, where, the KIA book and the latest measurement.
pub const REGISTER: [Column; 17] = [
    Column::No,
    Column::Name,
    Column::Sex,
    Column::BirthDate,
    Column::AgeMonths,
    Column::Nik,
    Column::Mother,
    Column::MotherNik,
    Column::Address,
    Column::Rt,
    Column::Rw,
    Column::Desa,
    Column::Posyandu,
    Column::Kia,
    Column::MeasuredOn,
    Column::Weight,
    Column::Height,
];

/// One child, already translated for the reader, NIK already masked or not.
#[derive(Debug, Clone, PartialEq)]
pub struct ChildLine {
    pub name: String,
    pub sex: String,
    pub birth_date: NaiveDate,
    pub age_months: u32,
    pub nik: String,
    pub mother_name: String,
    pub mother_nik: String,
    pub address: String,
    pub rt: String,
    pub rw: String,
    pub desa: String,
    pub posyandu: String,
    pub kia: String,
    pub reasons: String,
    /// The latest measurement's day and weight (kilograms).
    pub measured_on: Option<NaiveDate>,
    pub weight: Option<f64>,
    /// The day of the length/height (centimetres) and its z-score: in the follow-up list the
    /// latest measurement with a length, which is not always the latest.
    pub height_on: Option<NaiveDate>,
    pub height: Option<f64>,
    pub haz: Option<f64>,
    /// The organisation (and person) the follow-up is assigned to.
    pub followup_by: String,
    pub followup_status: String,
}

enum Cell {
    Text(String),
    /// A value and the most decimals it is written with.
    Number(f64, usize),
    Empty,
}

fn date(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

fn cell(c: Column, i: usize, l: &ChildLine) -> Cell {
    let text = |s: &str| {
        if s.is_empty() {
            Cell::Empty
        } else {
            Cell::Text(s.to_string())
        }
    };
    let number = |v: Option<f64>, digits: usize| v.map_or(Cell::Empty, |v| Cell::Number(v, digits));
    match c {
        Column::No => Cell::Number((i + 1) as f64, 0),
        Column::Name => text(&l.name),
        Column::Sex => text(&l.sex),
        Column::BirthDate => Cell::Text(date(l.birth_date)),
        Column::AgeMonths => Cell::Number(f64::from(l.age_months), 0),
        Column::Nik => text(&l.nik),
        Column::Mother => text(&l.mother_name),
        Column::MotherNik => text(&l.mother_nik),
        Column::Address => text(&l.address),
        Column::Rt => text(&l.rt),
        Column::Rw => text(&l.rw),
        Column::Desa => text(&l.desa),
        Column::Posyandu => text(&l.posyandu),
        Column::Kia => text(&l.kia),
        Column::Reasons => text(&l.reasons),
        Column::MeasuredOn => l.measured_on.map_or(Cell::Empty, |d| Cell::Text(date(d))),
        Column::Weight => number(l.weight, 2),
        Column::HeightOn => l.height_on.map_or(Cell::Empty, |d| Cell::Text(date(d))),
        Column::Height => number(l.height, 1),
        Column::Haz => number(l.haz, 2),
        Column::FollowupBy => text(&l.followup_by),
        Column::FollowupStatus => text(&l.followup_status),
    }
}

/// `v` with at most `digits` decimals, trailing zeros dropped: 9.80 → "9.8", 12.0 → "12".
fn decimal(v: f64, digits: usize) -> String {
    let s = format!("{v:.digits$}");
    let s = if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    };
    if s == "-0" { "0".into() } else { s }
}

/// CSV with a UTF-8 byte-order mark (spreadsheet programs then read the Indonesian text
/// right), a header row of `label`s and one row per child.
pub fn to_csv(
    columns: &[Column],
    label: &dyn Fn(Column) -> String,
    lines: &[ChildLine],
) -> Result<Vec<u8>, csv::Error> {
    crate::export::to_csv(
        columns.iter().map(|c| label(*c)),
        lines.iter().enumerate().map(|(i, l)| {
            columns.iter().map(move |c| match cell(*c, i, l) {
                Cell::Text(s) => s,
                Cell::Number(v, digits) => decimal(v, digits),
                Cell::Empty => String::new(),
            })
        }),
    )
}

/// An XLSX workbook of one sheet named `sheet`: the title, a subtitle (place, filter, how the
/// NIK is shown), the header on the fourth row, repeated on every printed page, and the rows.
pub fn to_xlsx(
    sheet: &str,
    title: &str,
    subtitle: &str,
    columns: &[Column],
    label: &dyn Fn(Column) -> String,
    lines: &[ChildLine],
) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::{Format, FormatAlign, FormatBorder};
    let mut wb = crate::export::workbook();
    let ws = wb.add_worksheet();
    ws.set_name(sheet)?;
    ws.set_landscape();
    ws.set_paper_size(9);
    ws.set_repeat_rows(3, 3)?;
    ws.set_freeze_panes(4, 2)?;
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
    ws.write_string_with_format(0, 0, title, &bold)?;
    ws.write_string(1, 0, subtitle)?;
    for (c, col) in columns.iter().enumerate() {
        let c = c as u16;
        ws.write_string_with_format(3, c, label(*col), &head)?;
        ws.set_column_width(c, col.width())?;
    }
    for (i, l) in lines.iter().enumerate() {
        let row = 4 + i as u32;
        for (c, col) in columns.iter().enumerate() {
            let c = c as u16;
            match cell(*col, i, l) {
                Cell::Text(s) => ws.write_string_with_format(row, c, s, &text)?,
                Cell::Number(v, d) => ws.write_number_with_format(row, c, v, &numbers[d.min(2)])?,
                Cell::Empty => ws.write_blank(row, c, &text)?,
            };
        }
    }
    wb.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
    }

    fn lines() -> Vec<ChildLine> {
        vec![
            ChildLine {
                name: "Gilang Pratama".into(),
                sex: "Laki-laki".into(),
                birth_date: d(2022, 3, 14),
                age_months: 23,
                nik: "1503••••••••0007".into(),
                mother_name: "Nur Aini, S.Pd".into(),
                mother_nik: "1503••••••••0002".into(),
                address: "Jl. Lintas Sumatera \"Km 5\"".into(),
                rt: "003".into(),
                rw: "001".into(),
                desa: "Dusun Sarolangun".into(),
                posyandu: "Posyandu Dusun Sarolangun".into(),
                kia: "Ya".into(),
                reasons: "Stunting; BGM".into(),
                measured_on: Some(d(2024, 2, 12)),
                weight: Some(9.8),
                height_on: Some(d(2024, 2, 12)),
                height: Some(79.0),
                haz: Some(-2.56),
                followup_by: "Polsek Sarolangun — Bripka Hendra (Bhabinkamtibmas)".into(),
                followup_status: "Direncanakan".into(),
            },
            ChildLine {
                name: "=HYPERLINK(\"x\")".into(),
                sex: "Perempuan".into(),
                birth_date: d(2023, 1, 2),
                age_months: 13,
                nik: String::new(),
                mother_name: String::new(),
                mother_nik: String::new(),
                address: String::new(),
                rt: String::new(),
                rw: String::new(),
                desa: "Dusun Sarolangun".into(),
                posyandu: "Posyandu Dusun Sarolangun".into(),
                kia: "Tidak".into(),
                reasons: "Periksa ulang".into(),
                measured_on: None,
                weight: None,
                height_on: None,
                height: None,
                haz: Some(-0.004),
                followup_by: String::new(),
                followup_status: String::new(),
            },
        ]
    }

    /// The column's key as its header (the web layer gives translated labels).
    fn key(c: Column) -> String {
        c.key().to_string()
    }

    #[test]
    fn follow_up_csv_snapshot() {
        let text = String::from_utf8(to_csv(&FOLLOWUP, &key, &lines()).unwrap_or_default()).unwrap_or_default();
        assert_eq!(
            text,
            "\u{feff}no,name,sex,birth_date,age_months,nik,mother,mother_nik,address,rt,rw,desa,posyandu,reasons,\
             measured_on,weight,height_on,height,haz,followup_by,followup_status\n\
             1,Gilang Pratama,Laki-laki,14/03/2022,23,1503••••••••0007,\"Nur Aini, S.Pd\",1503••••••••0002,\
             \"Jl. Lintas Sumatera \"\"Km 5\"\"\",003,001,Dusun Sarolangun,Posyandu Dusun Sarolangun,Stunting; BGM,\
             12/02/2024,9.8,12/02/2024,79,-2.56,Polsek Sarolangun — Bripka Hendra (Bhabinkamtibmas),Direncanakan\n\
             2,\"'=HYPERLINK(\"\"x\"\")\",Perempuan,02/01/2023,13,,,,,,,Dusun Sarolangun,Posyandu Dusun Sarolangun,\
             Periksa ulang,,,,,0,,\n"
        );
    }

    #[test]
    fn register_csv_snapshot() {
        let text = String::from_utf8(to_csv(&REGISTER, &key, &lines()[..1]).unwrap_or_default()).unwrap_or_default();
        assert_eq!(
            text,
            "\u{feff}no,name,sex,birth_date,age_months,nik,mother,mother_nik,address,rt,rw,desa,posyandu,kia,\
             measured_on,weight,height\n\
             1,Gilang Pratama,Laki-laki,14/03/2022,23,1503••••••••0007,\"Nur Aini, S.Pd\",1503••••••••0002,\
             \"Jl. Lintas Sumatera \"\"Km 5\"\"\",003,001,Dusun Sarolangun,Posyandu Dusun Sarolangun,Ya,\
             12/02/2024,9.8,79\n"
        );
    }

    #[test]
    fn xlsx_reads_back_with_the_same_cells() {
        let mut ls = lines();
        ls[0].nik = "1503031403220007".into();
        let bytes = to_xlsx(
            "Tindak lanjut",
            "Daftar tindak lanjut gizi",
            "Posyandu Dusun Sarolangun · NIK lengkap",
            &FOLLOWUP,
            &key,
            &ls,
        )
        .unwrap_or_default();
        use calamine::{Data, Reader, Xlsx};
        let mut wb: Xlsx<_> =
            calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap_or_else(|e| panic!("{e}"));
        let range = wb.worksheet_range("Tindak lanjut").unwrap_or_else(|e| panic!("{e}"));
        let rows: Vec<Vec<Data>> = range.rows().map(|r| r.to_vec()).collect();
        let cells: Vec<Vec<String>> = rows.iter().map(|r| r.iter().map(|c| c.to_string()).collect()).collect();
        assert_eq!(cells[0][0], "Daftar tindak lanjut gizi");
        assert_eq!(cells[1][0], "Posyandu Dusun Sarolangun · NIK lengkap");
        assert_eq!(cells[3], FOLLOWUP.iter().map(|c| key(*c)).collect::<Vec<_>>());
        let first = &rows[4];
        // The full NIK and the RT stay text, every digit kept.
        assert_eq!(first[5], Data::String("1503031403220007".into()));
        assert_eq!(first[9], Data::String("003".into()));
        assert_eq!(first[3], Data::String("14/03/2022".into()));
        assert_eq!(first[4], Data::Float(23.0));
        assert_eq!(first[15], Data::Float(9.8));
        assert_eq!(first[16], Data::String("12/02/2024".into()));
        assert_eq!(first[17], Data::Float(79.0));
        assert_eq!(first[18], Data::Float(-2.56));
        assert_eq!(cells[4][19], "Polsek Sarolangun — Bripka Hendra (Bhabinkamtibmas)");
        // No formula in a workbook: the text is text.
        assert_eq!(rows[5][1], Data::String("=HYPERLINK(\"x\")".into()));
        assert_eq!(cells[5][5], "");
        assert_eq!(rows.len(), 6);
    }

    #[test]
    fn every_column_is_in_all_and_keys_differ() {
        for c in FOLLOWUP.iter().chain(REGISTER.iter()) {
            assert!(Column::ALL.contains(c));
        }
        let mut keys: Vec<&str> = Column::ALL.iter().map(|c| c.key()).collect();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), Column::ALL.len());
        assert_eq!(decimal(-0.004, 2), "0");
        assert_eq!(decimal(12.0, 1), "12");
        assert_eq!(decimal(9.85, 2), "9.85");
        assert_eq!(crate::export::guard("-"), "-");
        assert_eq!(crate::export::guard("+62 812"), "'+62 812");
    }
}
