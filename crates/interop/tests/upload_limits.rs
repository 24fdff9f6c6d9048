//! Crafted uploads against the e-PPGBM reader: each one is refused with a clear error, never a
//! crash or an unbounded allocation. The whole test binary runs under an allocator capped at
//! 1.5 GiB (`cap`): an attempt to allocate what a crafted size asks for (the 4.9 KB workbook
//! that once asked for 512 GiB) aborts the binary, which fails the test run.
//!
//! Then property tests feed random and mutated CSV and XLSX bytes to the same reader: no
//! panic, and every failure is a file error (or, for rows, a table the import can check).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use lintas_interop::eppgbm::{FileError, Limits, Mapping, read, read_limited, records};
use proptest::prelude::*;
use std::io::Write;

#[global_allocator]
static ALLOC: cap::Cap<std::alloc::System> = cap::Cap::new(std::alloc::System, 1536 * 1024 * 1024);

const HEADER: &str = "Nama;JK;Tgl Lahir;Posyandu;Tgl Ukur;BB;TB";

/// A minimal workbook written part by part, so each part can be as crafted as a test needs.
fn workbook(sheet_xml: &str, shared: Option<&[u8]>) -> Vec<u8> {
    use zip::write::SimpleFileOptions;
    let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opt = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let mut part = |name: &str, body: &[u8]| {
        z.start_file(name, opt).unwrap();
        z.write_all(body).unwrap();
    };
    part(
        "[Content_Types].xml",
        br#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#,
    );
    part(
        "_rels/.rels",
        br#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#,
    );
    part(
        "xl/workbook.xml",
        br#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Data" sheetId="1" r:id="rId1"/></sheets></workbook>"#,
    );
    part(
        "xl/_rels/workbook.xml.rels",
        br#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#,
    );
    part("xl/worksheets/sheet1.xml", sheet_xml.as_bytes());
    if let Some(s) = shared {
        part("xl/sharedStrings.xml", s);
    }
    z.finish().unwrap().into_inner()
}

/// A sheet with the header row A1…G1 (inline strings) and `extra` cells after it.
fn sheet(dimension: Option<&str>, extra: &str) -> String {
    let header: String = HEADER
        .split(';')
        .enumerate()
        .map(|(i, h)| {
            format!(
                r#"<c r="{}1" t="inlineStr"><is><t>{h}</t></is></c>"#,
                (b'A' + i as u8) as char
            )
        })
        .collect();
    let dim = dimension
        .map(|d| format!(r#"<dimension ref="{d}"/>"#))
        .unwrap_or_default();
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{dim}<sheetData><row r="1">{header}</row>{extra}</sheetData></worksheet>"#
    )
}

fn too_large(r: Result<lintas_interop::eppgbm::Table, FileError>) -> (&'static str, String) {
    match r {
        Err(e @ FileError::TooLarge { .. }) => (e.code(), e.detail().unwrap_or_default()),
        other => panic!("expected a size error, got {other:?}"),
    }
}

#[test]
fn a_sane_handmade_workbook_reads() {
    let row = r#"<row r="2"><c r="A2" t="inlineStr"><is><t>Aisyah</t></is></c><c r="B2" t="inlineStr"><is><t>P</t></is></c><c r="D2" t="inlineStr"><is><t>Melati</t></is></c><c r="F2"><v>10.5</v></c></row>"#;
    let t = read(&workbook(&sheet(Some("A1:G2"), row), None), None).unwrap();
    assert_eq!(t.headers.len(), 7);
    assert_eq!(
        t.rows,
        vec![(
            2,
            vec![
                "Aisyah".into(),
                "P".into(),
                String::new(),
                "Melati".into(),
                String::new(),
                "10.5".into()
            ]
        )]
    );
}

#[test]
fn a_cell_at_xfd1048576_is_refused_before_anything_is_allocated() {
    // What the review tried: A1…G1 and one cell in the last row and column.
    let far = r#"<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>"#;
    let bytes = workbook(&sheet(Some("A1:XFD1048576"), far), None);
    assert!(bytes.len() < 10_000, "{} bytes", bytes.len());
    let (code, detail) = too_large(read(&bytes, None));
    assert_eq!(code, "import.too_many_rows");
    assert!(detail.contains("1048576"), "{detail}");
    // The same with the dimension lying (or missing): the cell's own position is checked.
    for dim in [Some("A1:G2"), None] {
        let (code, _) = too_large(read(&workbook(&sheet(dim, far), None), None));
        assert_eq!(code, "import.too_many_rows");
    }
    // A far column in a near row.
    let wide = r#"<row r="2"><c r="XFD2"><v>1</v></c></row>"#;
    let (code, _) = too_large(read(&workbook(&sheet(None, wide), None), None));
    assert_eq!(code, "import.too_many_columns");
    // The same file made with a spreadsheet library.
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (c, h) in HEADER.split(';').enumerate() {
        ws.write_string(0, c as u16, h).unwrap();
    }
    ws.write_number(1_048_575, 16_383, 1.0).unwrap();
    let (code, _) = too_large(read(&wb.save_to_buffer().unwrap(), None));
    assert_eq!(code, "import.too_many_rows");
}

#[test]
fn a_zip_bomb_in_the_shared_strings_is_refused() {
    // 200 MB of one letter compress to a few hundred kilobytes.
    let mut sst = Vec::with_capacity(200 * 1024 * 1024 + 100);
    sst.extend_from_slice(
        br#"<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>"#,
    );
    sst.resize(sst.len() + 200 * 1024 * 1024, b'A');
    sst.extend_from_slice(b"</t></si></sst>");
    let bytes = workbook(&sheet(None, ""), Some(&sst));
    drop(sst);
    assert!(bytes.len() < 2 * 1024 * 1024, "{} bytes", bytes.len());
    let (code, detail) = too_large(read(&bytes, None));
    assert_eq!(code, "import.zip_bomb");
    assert!(detail.contains("sharedStrings.xml"), "{detail}");
}

#[test]
fn a_declared_size_that_lies_does_not_help() {
    // The bomb again, with the sizes in the zip headers rewritten to 100 bytes: the reader
    // counts what it unpacks, not what the header says.
    let mut sst = br#"<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>"#.to_vec();
    sst.resize(sst.len() + 100 * 1024 * 1024, b'B');
    sst.extend_from_slice(b"</t></si></sst>");
    let mut bytes = workbook(&sheet(None, ""), Some(&sst));
    drop(sst);
    let real = 100 * 1024 * 1024 + 80;
    let mut patched = 0;
    for sig in [&b"PK\x03\x04"[..], &b"PK\x01\x02"[..]] {
        let size_at = if sig[2] == 3 { 22 } else { 24 };
        let mut i = 0;
        while let Some(p) = bytes[i..].windows(4).position(|w| w == sig) {
            let at = i + p + size_at;
            let size = u32::from_le_bytes(bytes[at..at + 4].try_into().unwrap()) as usize;
            if size.abs_diff(real) < 100 {
                bytes[at..at + 4].copy_from_slice(&100u32.to_le_bytes());
                patched += 1;
            }
            i += p + 4;
        }
    }
    assert!(patched >= 1, "the entry's declared size was found and rewritten");
    match read(&bytes, None) {
        Err(FileError::TooLarge { code, .. }) => assert_eq!(code, "import.zip_bomb"),
        Err(FileError::Unreadable(_)) => {}
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_huge_shared_string_count_is_refused_before_it_is_reserved() {
    let sst = br#"<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="99999999999" uniqueCount="99999999999"><si><t>a</t></si></sst>"#;
    let (code, detail) = too_large(read(&workbook(&sheet(None, ""), Some(sst)), None));
    assert_eq!(code, "import.too_many_strings");
    assert!(detail.contains("99999999999"), "{detail}");
    // Many real strings (each tiny) past the limit, too.
    let limits = Limits {
        max_shared_strings: 1000,
        ..Limits::default()
    };
    let mut sst = br#"<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"#.to_vec();
    for _ in 0..1001 {
        sst.extend_from_slice(b"<si><t>x</t></si>");
    }
    sst.extend_from_slice(b"</sst>");
    let (code, _) = too_large(read_limited(&workbook(&sheet(None, ""), Some(&sst)), None, &limits));
    assert_eq!(code, "import.too_many_strings");
}

#[test]
fn a_25_mb_csv_of_one_line_is_refused() {
    let mut one = HEADER.as_bytes().to_vec();
    one.push(b';');
    one.resize(25 * 1024 * 1024, b'x');
    let (code, detail) = too_large(read(&one, None));
    assert_eq!(code, "import.line_too_long");
    assert!(detail.starts_with("1:"), "names the line: {detail}");
    // The long line may also come later, or be one quoted cell spread over short lines.
    let mut late = format!("{HEADER}\nAisyah;P;2022-02-10;Melati;2024-02-15;10;85\n").into_bytes();
    late.extend(std::iter::repeat_n(b'y', 100_000));
    let (code, detail) = too_large(read(&late, None));
    assert_eq!(code, "import.line_too_long");
    assert!(detail.starts_with("3:"), "{detail}");
    let quoted = format!("{HEADER}\n\"{}\";P\n", "z\n".repeat(40_000));
    let (code, _) = too_large(read(quoted.as_bytes(), None));
    assert_eq!(code, "import.line_too_long");
}

#[test]
fn a_million_columns_are_refused() {
    // A million columns on one line is also a line too long …
    let million = "a;".repeat(1_000_000);
    let (code, _) = too_large(read(million.as_bytes(), None));
    assert_eq!(code, "import.line_too_long");
    // … and with the line limit raised, the column limit answers.
    let limits = Limits {
        max_line_bytes: usize::MAX,
        ..Limits::default()
    };
    let (code, detail) = too_large(read_limited(million.as_bytes(), None, &limits));
    assert_eq!(code, "import.too_many_columns");
    assert!(detail.contains("1000001") || detail.contains("1000000"), "{detail}");
    // Within the line limit: 30,000 short columns.
    let (code, _) = too_large(read("a;".repeat(30_000).as_bytes(), None));
    assert_eq!(code, "import.too_many_columns");
}

#[test]
fn too_many_rows_and_cells_are_refused() {
    let limits = Limits {
        max_rows: 1000,
        ..Limits::default()
    };
    let mut csv = format!("{HEADER}\n");
    for i in 0..1000 {
        csv.push_str(&format!("Anak {i};L;2022-01-01;Melati;2024-02-01;10;80\n"));
    }
    let (code, _) = too_large(read_limited(csv.as_bytes(), None, &limits));
    assert_eq!(code, "import.too_many_rows");
    assert!(read_limited(csv.as_bytes(), None, &Limits::default()).is_ok());
    let limits = Limits {
        max_cells: 500,
        ..Limits::default()
    };
    let (code, _) = too_large(read_limited(csv.as_bytes(), None, &limits));
    assert_eq!(code, "import.too_many_cells");
    // In a workbook, a row whose last cell is far right counts its whole width.
    let rows: String = (2..200)
        .map(|r| format!(r#"<row r="{r}"><c r="GR{r}"><v>1</v></c></row>"#))
        .collect();
    let limits = Limits {
        max_cells: 10_000,
        ..Limits::default()
    };
    let (code, _) = too_large(read_limited(&workbook(&sheet(None, &rows), None), None, &limits));
    assert_eq!(code, "import.too_many_cells");
}

#[test]
fn too_many_zip_entries_are_refused_before_the_directory_is_read() {
    use zip::write::SimpleFileOptions;
    let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..1500 {
        z.start_file(format!("x/{i}"), SimpleFileOptions::default()).unwrap();
    }
    let bytes = z.finish().unwrap().into_inner();
    let (code, detail) = too_large(read(&bytes, None));
    assert_eq!(code, "import.zip_entries");
    assert!(detail.contains("1500"), "{detail}");
}

/// Whatever the reader answers is an answer: a table whose rows the import can map, or a file
/// error with a code the messages know.
fn answers(bytes: &[u8]) {
    match read(bytes, None) {
        Ok(t) => {
            let m = Mapping::auto(&t.headers);
            let _ = records(&t, &m);
        }
        Err(e) => assert!(e.code().starts_with("import."), "{e:?}"),
    }
}

fn good_csv() -> Vec<u8> {
    format!(
        "{HEADER}\nAisyah;P;10/02/2022;Melati;15/02/2024;10,3;85,5\n\"Budi, S\";L;2022-03-01;Melati;2024-02-15;11;86\n"
    )
    .into_bytes()
}

fn good_xlsx() -> Vec<u8> {
    let row = r#"<row r="2"><c r="A2" t="inlineStr"><is><t>Aisyah</t></is></c><c r="B2" t="s"><v>0</v></c><c r="E2"><v>45337</v></c></row>"#;
    let sst = br#"<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>P</t></si></sst>"#;
    workbook(&sheet(Some("A1:G2"), row), Some(sst))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..4096)) {
        answers(&bytes);
    }

    #[test]
    fn random_bytes_behind_a_zip_signature_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..4096)) {
        let mut b = b"PK\x03\x04".to_vec();
        b.extend(bytes);
        answers(&b);
    }

    #[test]
    fn mutated_csv_never_panics(edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..40)) {
        let mut b = good_csv();
        for (i, v) in edits {
            let at = i.index(b.len());
            b[at] = v;
        }
        answers(&b);
    }

    #[test]
    fn mutated_xlsx_never_panics(
        edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..20),
        cut in any::<prop::sample::Index>(),
        truncate in any::<bool>(),
    ) {
        let mut b = good_xlsx();
        for (i, v) in edits {
            let at = i.index(b.len());
            b[at] = v;
        }
        if truncate {
            b.truncate(cut.index(b.len()).max(4));
        }
        answers(&b);
    }
}

#[test]
fn mutated_sheet_xml_inside_a_valid_zip_never_panics() {
    // Mutations of the XML itself (the zip stays valid, so the sheet reader sees them).
    let base = sheet(
        Some("A1:G3"),
        r#"<row r="2"><c r="A2" t="inlineStr"><is><t>Aisyah</t></is></c><c r="E2"><v>45337</v></c></row><row r="3"><c r="A3" t="s"><v>0</v></c></row>"#,
    );
    let sst = br#"<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>Budi</t></si></sst>"#;
    let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig {
        cases: 300,
        ..ProptestConfig::default()
    });
    let strategy = proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..12);
    runner
        .run(&strategy, |edits| {
            let mut x = base.clone().into_bytes();
            let mut s = sst.to_vec();
            for (n, (i, v)) in edits.into_iter().enumerate() {
                let target = if n % 3 == 2 { &mut s } else { &mut x };
                let at = i.index(target.len());
                target[at] = v;
            }
            let xml = String::from_utf8_lossy(&x).into_owned();
            answers(&workbook(&xml, Some(&s)));
            Ok(())
        })
        .unwrap();
    // Crafted numbers in positions and counts.
    for r in ["0", "-1", "4294967296", "A0", "XFE1", "ZZZZZZ1", "A99999999999", ""] {
        let x = sheet(None, &format!(r#"<row r="2"><c r="{r}"><v>1</v></c></row>"#));
        answers(&workbook(&x, None));
        let x = sheet(Some(&format!("A1:{r}")), "");
        answers(&workbook(&x, None));
    }
}
