//! The z-score CSV end to end: WHO test vectors through the file format, ugly
//! spreadsheet exports, bad rows, strict mode, and identical output for any
//! thread count and block size.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use lintas_interop::zscore_csv::{Error, Options, process};
use std::collections::HashMap;

const VECTORS: &[u8] = include_bytes!("../../../fixtures/who-growth/test-vectors.csv");

fn run(input: &[u8], options: &Options) -> Result<(String, lintas_interop::zscore_csv::Summary), Error> {
    let mut out = Vec::new();
    let summary = process(input, &mut out, options)?;
    Ok((String::from_utf8(out).unwrap(), summary))
}

fn run_ok(input: &[u8]) -> String {
    run(input, &Options::default()).unwrap().0
}

/// Output rows as maps from column name to cell.
fn table(csv_text: &str) -> Vec<HashMap<String, String>> {
    let mut r = csv::Reader::from_reader(csv_text.as_bytes());
    let header: Vec<String> = r.headers().unwrap().iter().map(str::to_string).collect();
    let unique: std::collections::HashSet<&String> = header.iter().collect();
    assert_eq!(unique.len(), header.len(), "duplicate output columns: {header:?}");
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            assert_eq!(rec.len(), header.len(), "ragged output row {rec:?}");
            header.iter().cloned().zip(rec.iter().map(str::to_string)).collect()
        })
        .collect()
}

fn near(a: &str, b: &str, tol: f64) -> bool {
    match (a.is_empty(), b.is_empty()) {
        (true, true) => true,
        (false, false) => (a.parse::<f64>().unwrap() - b.parse::<f64>().unwrap()).abs() < tol,
        _ => false,
    }
}

#[test]
fn who_vectors_through_the_csv_format() {
    // The fixture carries the expected columns; they are replaced by the
    // computed ones, so compare against a parse of the fixture itself.
    let expected = table(std::str::from_utf8(VECTORS).unwrap());
    let (out, summary) = run(VECTORS, &Options::default()).unwrap();
    assert_eq!(summary.rows, 300);
    assert_eq!(summary.rows_with_errors, 0);
    let got = table(&out);
    assert_eq!(got.len(), 300);
    let mut failures = Vec::new();
    for (g, e) in got.iter().zip(&expected) {
        let id = &e["id"];
        assert_eq!(&g["id"], id, "rows stay in order");
        assert_eq!(g["case"], e["case"], "pass-through columns unchanged");
        assert_eq!(g["haz_raw"], e["haz_raw"]);
        for col in ["haz", "waz", "whz", "baz"] {
            if !near(&g[col], &e[col], 0.005) {
                failures.push(format!("{id} {col}: {} vs {}", g[col], e[col]));
            }
            // Two decimals, always.
            if let Some((_, frac)) = g[col].split_once('.') {
                assert_eq!(frac.len(), 2, "{}", g[col]);
            }
        }
        for col in ["flag_haz", "flag_waz", "flag_whz", "flag_baz", "flag_c9mo", "age_days"] {
            if g[col] != e[col] {
                failures.push(format!("{id} {col}: {:?} vs {:?}", g[col], e[col]));
            }
        }
        if !near(&g["clenhei"], &e["clenhei"], 0.005) {
            failures.push(format!("{id} clenhei {} vs {}", g["clenhei"], e["clenhei"]));
        }
        assert_eq!(g["error"], "");
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // Columns: pass-through first (minus replaced ones), then computed.
    let header = out.lines().next().unwrap();
    assert!(header.starts_with("id,sex,birth_date,measure_date,weight_kg,height_cm,measured,oedema,"));
    assert!(header.ends_with(
        "age_days,clenhei,haz,waz,whz,baz,flag_haz,flag_waz,flag_whz,flag_baz,flag_c9mo,\
         haz_category,waz_category,whz_category,baz_category,error"
    ));
    assert!(summary.warnings.iter().any(|w| w.contains("'haz' is replaced")));
}

#[test]
fn categories_follow_permenkes() {
    let input = b"sex,age_days,weight_kg,height_cm,measured,oedema\n\
        M,729,11.5,85,L,n\n\
        F,400,7.2,70.1,L,y\n\
        M,1700,17.7,140,H,n\n";
    let rows = table(&run_ok(input));
    assert_eq!(rows[0]["haz_category"], "normal");
    assert_eq!(rows[0]["waz_category"], "berat badan normal");
    assert_eq!(rows[0]["whz_category"], "normal");
    // HAZ −2.00 exactly is normal (the cut-off is "< −2"); oedema: no weight scores.
    assert_eq!(rows[1]["haz"], "-2.00");
    assert_eq!(rows[1]["haz_category"], "normal");
    assert_eq!(rows[1]["waz"], "");
    assert_eq!(rows[1]["waz_category"], "");
    assert_eq!(rows[1]["flag_waz"], "");
    // HAZ 7.21 is flagged: no category.
    assert_eq!(rows[2]["flag_haz"], "1");
    assert_eq!(rows[2]["haz_category"], "");
}

/// The same three children written cleanly, and as an Indonesian Excel
/// export would: BOM, CRLF, semicolons, decimal commas, day-first dates,
/// blank lines, a row of empty cells, shuffled and oddly spelled headers,
/// Indonesian codes, an extra column.
#[test]
fn ugly_export_gives_the_same_scores() {
    let clean = b"sex,birth_date,measure_date,weight_kg,height_cm,measured,oedema\n\
        M,2022-01-19,2024-01-18,11.5,85,L,n\n\
        F,2023-03-01,2024-03-01,8.6,72.4,L,n\n\
        M,2020-02-29,2022-03-01,11.2,84.6,L,n\n";
    let ugly = "\u{feff}Nama; Measured ;OEDEMA;Sex;Birth-Date;measure date;Weight_KG;height_cm\r\n\
        \r\n\
        Budi;telentang;tidak;L;19/01/2022;18-01-2024;11,5;85\r\n\
        ;;;;;;;\r\n\
        Siti;l;;P;1/3/2023;01/03/2024;8,6;72,4\r\n\
        Agus;L;0;laki-laki;29/02/2020;01.03.2022;11,2;84,6\r\n\
        \r\n";
    let want = table(&run_ok(clean));
    let (out, summary) = run(ugly.as_bytes(), &Options::default()).unwrap();
    assert_eq!(summary.delimiter, b';');
    assert_eq!(summary.rows, 3);
    let got = table(&out);
    assert_eq!(got.len(), 3);
    for (g, w) in got.iter().zip(&want) {
        for col in [
            "age_days",
            "clenhei",
            "haz",
            "waz",
            "whz",
            "baz",
            "flag_c9mo",
            "haz_category",
            "error",
        ] {
            assert_eq!(g[col], w[col], "{col}");
        }
    }
    assert_eq!(got[0]["Nama"], "Budi");
    // Pass-through cells are unchanged, decimal comma included.
    assert_eq!(got[0]["Weight_KG"], "11,5");
    // Header cells are copied as written, spaces and all.
    assert!(out.starts_with("Nama, Measured ,OEDEMA,Sex,Birth-Date,measure date,Weight_KG,height_cm,age_days"));
    assert!(!out.contains('\r'));
}

#[test]
fn tab_delimited_and_age_days_instead_of_dates() {
    let input = b"sex\tage_days\tweight_kg\theight_cm\tmeasured\toedema\nM\t729\t11.5\t85\tL\tn\n";
    let rows = table(&run_ok(input));
    assert_eq!(rows[0]["haz"], "-0.91");
    assert_eq!(rows[0]["age_days"], "729");
    let (_, summary) = run(input, &Options::default()).unwrap();
    assert!(
        summary.warnings.iter().all(|w| !w.contains("replaced")),
        "{:?}",
        summary.warnings
    );
}

#[test]
fn missing_column_is_named() {
    let input = b"sex,birth_date,weight_kg,height_cm\nM,2022-01-01,10,80\n";
    let err = run(input, &Options::default()).unwrap_err();
    assert!(err.is_data_error());
    let msg = err.to_string();
    assert!(msg.contains("measure_date"), "{msg}");
    assert!(!msg.contains("weight_kg;"), "{msg}");
    let err = run(b"birth_date,measure_date\n", &Options::default()).unwrap_err();
    let msg = err.to_string();
    for col in ["sex", "weight_kg", "height_cm"] {
        assert!(msg.contains(col), "{msg}");
    }
    let msg = run(b"sex,weight_kg,height_cm\n", &Options::default())
        .unwrap_err()
        .to_string();
    assert!(
        msg.contains("missing required column(s): birth_date and measure_date (or age_days)"),
        "{msg}"
    );
    assert!(matches!(run(b"", &Options::default()), Err(Error::Empty)));
    assert!(matches!(run(b"\n\r\n", &Options::default()), Err(Error::Empty)));
    assert!(matches!(
        run(b"\xff\xfes\x00e\x00x\x00", &Options::default()),
        Err(Error::Utf16)
    ));
    let dup = b"sex,jk,age_days,weight_kg,height_cm\n";
    let msg = run(dup, &Options::default()).unwrap_err().to_string();
    assert!(msg.contains("'sex' and 'jk'"), "{msg}");
}

#[test]
fn bad_rows_get_an_error_naming_the_field_and_the_file_goes_on() {
    let input = b"id,sex,birth_date,measure_date,weight_kg,height_cm,measured,oedema\n\
        1,M,2022-01-19,2024-01-18,11.5,85,L,n\n\
        2,X,2022-01-19,2024-01-18,11.5,85,L,n\n\
        3,M,2024-01-19,2024-01-18,11.5,85,L,n\n\
        4,M,2022-01-19,2024-01-18,-3,800,L,n\n\
        5,M,31/02/2022,2024-01-18,abc,85,Q,maybe\n\
        6,F,,2024-01-18,11.5,85,L,n\n\
        7,F,2022-01-19,2024-01-18,NaN,inf,,\n\
        8,M,2022-01-19,2024-01-18,11.5,85,L,n\n";
    let (out, summary) = run(input, &Options::default()).unwrap();
    assert_eq!(summary.rows, 8);
    assert_eq!(summary.rows_with_errors, 6);
    let rows = table(&out);
    let err = |i: usize| rows[i]["error"].clone();
    assert_eq!(err(0), "");
    assert_eq!(rows[0]["haz"], "-0.91");
    assert!(err(1).starts_with("sex: 'X' is not a sex code"), "{}", err(1));
    assert!(
        err(2).contains("measure_date: measurement is 1 day(s) before birth"),
        "{}",
        err(2)
    );
    assert!(err(3).contains("weight_kg: weight -3 kg is impossible"), "{}", err(3));
    assert!(
        err(3).contains("height_cm: length/height 800 cm is impossible"),
        "{}",
        err(3)
    );
    let e4 = err(4);
    for part in [
        "birth_date: 2022-02-31 is not a calendar date",
        "weight_kg: 'abc' is not a number",
        "measured: 'Q' is not a measurement position",
        "oedema: 'maybe' is not an oedema code",
    ] {
        assert!(e4.contains(part), "{e4} lacks {part}");
    }
    assert_eq!(err(5), "birth_date: missing value");
    assert!(err(6).contains("weight_kg: not a finite number"), "{}", err(6));
    assert!(err(6).contains("height_cm: not a finite number"), "{}", err(6));
    // A bad row has no computed values at all.
    for row in &rows[1..7] {
        assert_eq!(row["haz"], "");
        assert_eq!(row["age_days"], "");
        assert_eq!(row["flag_c9mo"], "");
    }
    assert_eq!(rows[7]["haz"], "-0.91", "the file goes on");
}

#[test]
fn strict_stops_at_the_first_bad_row() {
    let input = b"sex,age_days,weight_kg,height_cm\n\
        M,729,11.5,85\n\
        \n\
        M,abc,11.5,85\n\
        M,729,-1,85\n";
    let strict = Options {
        strict: true,
        ..Options::default()
    };
    let mut out = Vec::new();
    let err = process(&input[..], &mut out, &strict).unwrap_err();
    match &err {
        Error::BadRow { line, message } => {
            assert_eq!(*line, 4);
            assert_eq!(message, "age_days: 'abc' is not a number");
        }
        other => panic!("{other:?}"),
    }
    assert!(err.is_data_error());
    assert_eq!(err.to_string(), "line 4: age_days: 'abc' is not a number");
    let out = String::from_utf8(out).unwrap();
    assert_eq!(out.lines().count(), 2, "header and the good row only: {out}");
}

#[test]
fn quoted_cells_survive_and_switch_to_the_careful_reader() {
    let input = b"name,sex,age_days,weight_kg,height_cm,measured,oedema\n\
        \"Putri, \"\"Ani\"\"\",F,400,8.6,72.4,L,n\n\
        \"two\nlines\",M,729,11.5,85,L,n\n";
    let (out, summary) = run(input, &Options::default()).unwrap();
    assert_eq!(summary.rows, 2);
    let rows = table(&out);
    assert_eq!(rows[0]["name"], "Putri, \"Ani\"");
    assert_eq!(rows[1]["name"], "two\nlines");
    assert_eq!(rows[1]["haz"], "-0.91");
}

#[test]
fn short_rows_are_padded_and_long_rows_are_errors() {
    let input = b"sex,age_days,weight_kg,height_cm,note\n\
        M,729,11.5,85\n\
        M,729,11.5,85,a,b\n\
        M,729,11.5,85,a,,\n";
    let rows = table(&run_ok(input));
    assert_eq!(rows[0]["note"], "");
    assert_eq!(rows[0]["haz"], "-0.91");
    assert!(rows[1]["error"].contains("row: has 6 cells but the header has 5"));
    assert_eq!(rows[2]["error"], "", "trailing empty cells are harmless");
}

#[test]
fn head_and_arm_columns_appear_when_given() {
    let input = b"sex,age_days,weight_kg,height_cm,head_cm,muac_cm\nM,400,9.5,76,46,14.5\nM,60,5,58,39,\n";
    let (out, _) = run(input, &Options::default()).unwrap();
    assert!(
        out.lines()
            .next()
            .unwrap()
            .contains("flag_c9mo,hcz,flag_hcz,muacz,flag_muacz,haz_category")
    );
    let rows = table(&out);
    assert!(!rows[0]["hcz"].is_empty() && !rows[0]["muacz"].is_empty());
    assert_eq!(rows[1]["muacz"], "");
    assert_eq!(rows[1]["flag_muacz"], "");
}

/// A generated file, processed with every combination of thread count and
/// block size (tiny blocks put block edges everywhere): identical bytes.
#[test]
fn output_is_identical_for_any_threads_and_block_size() {
    let mut input = String::from("id,sex,birth_date,measure_date,weight_kg,height_cm,measured,oedema\r\n");
    let mut seed: u64 = 42;
    let mut next = || {
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (seed >> 33) as u32
    };
    for i in 0..20_000 {
        let days = next() % 1900;
        let (y, doy) = (2018 + days / 365, days % 365);
        let w = 2.0 + f64::from(next() % 250) / 10.0;
        let h = 45.0 + f64::from(next() % 800) / 10.0;
        let pos = ["L", "H", ""][(next() % 3) as usize];
        let oed = if next() % 50 == 0 { "y" } else { "n" };
        let bad = if next() % 200 == 0 { "x" } else { "" };
        input.push_str(&format!(
            "{i},{},2018-01-01,{y}-{:02}-{:02},{w}{bad},{h},{pos},{oed}\r\n",
            if next() % 2 == 0 { "M" } else { "F" },
            1 + doy / 31 % 12,
            1 + doy % 28,
        ));
        if i % 997 == 0 {
            input.push_str("\r\n");
        }
    }
    let reference = run(
        input.as_bytes(),
        &Options {
            threads: 1,
            ..Options::default()
        },
    )
    .unwrap();
    assert_eq!(reference.1.rows, 20_000);
    assert!(reference.1.rows_with_errors > 0);
    for threads in [2, 3, 7] {
        for block_bytes in [1024, 4099, 65_536, 1 << 20] {
            let got = run(
                input.as_bytes(),
                &Options {
                    threads,
                    block_bytes,
                    ..Options::default()
                },
            )
            .unwrap();
            assert!(got.0 == reference.0, "threads {threads}, block {block_bytes}");
            assert_eq!(got.1, reference.1);
        }
    }
    // Strict mode finds the same first bad row, on the right line, and
    // writes the same rows before it, however the work is split.
    let first_bad_line = input
        .lines()
        .position(|l| l.split(',').nth(4).is_some_and(|w| w.ends_with('x')))
        .map(|i| i as u64 + 1)
        .unwrap();
    let mut strict_outputs = Vec::new();
    for (threads, block_bytes) in [(1, 8 << 20), (2, 4099), (3, 65_536)] {
        let mut out = Vec::new();
        let err = process(
            input.as_bytes(),
            &mut out,
            &Options {
                strict: true,
                threads,
                block_bytes,
                ..Options::default()
            },
        )
        .unwrap_err();
        match err {
            Error::BadRow { line, message } => {
                assert_eq!(line, first_bad_line);
                assert!(message.starts_with("weight_kg: '"), "{message}");
            }
            other => panic!("{other:?}"),
        }
        strict_outputs.push(out);
    }
    assert!(strict_outputs.windows(2).all(|w| w[0] == w[1]));
    // Progress is reported and ends at the whole input.
    let last = std::cell::Cell::new(0u64);
    let progress = |p: lintas_interop::zscore_csv::Progress| last.set(p.bytes);
    run(
        input.as_bytes(),
        &Options {
            block_bytes: 65_536,
            progress: Some(&progress),
            ..Options::default()
        },
    )
    .unwrap();
    assert_eq!(last.get(), input.len() as u64);
}
