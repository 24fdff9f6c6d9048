//! `lintas bench coverage` on a tiny district (SQLite): it generates the figures, reads every
//! use case of its table, and reads them again on a second run. Not a timed
//! test: the timings are the benchmark's business (BENCHMARKS.md).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_lintas");

fn bench(data: &std::path::Path) -> Output {
    Command::new(BIN)
        .args([
            "bench",
            "coverage",
            "--puskesmas",
            "2",
            "--desa",
            "10",
            "--years",
            "1",
            "--reads",
            "3",
        ])
        .env("LINTAS_DATA_DIR", data)
        .env("LINTAS_DATABASE_URL", "")
        .env("LINTAS_LOG", "warn")
        .output()
        .expect("run lintas")
}

#[test]
fn a_small_district_is_generated_and_read() {
    let dir = tempfile::tempdir().unwrap();
    let out = bench(dir.path());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}{}", String::from_utf8_lossy(&out.stderr));
    // 10 desa × 40 indicators × 12 months.
    assert!(stdout.contains("4800 achievement rows stored"), "{stdout}");
    for row in [
        "| PWS chart, one Puskesmas × one indicator",
        "| PWS chart, district × one indicator (2 Puskesmas) | 3 |",
        "| SPM report, one Puskesmas (year) | 3 |",
        "| SPM report, district and each of its 2 Puskesmas",
    ] {
        assert!(stdout.contains(row), "{row}\n{stdout}");
    }
    // Generated once: a second run reads the same figures again.
    let again = bench(dir.path());
    let stdout = String::from_utf8_lossy(&again.stdout);
    assert!(again.status.success(), "{stdout}");
    assert!(
        stdout.contains("4800 achievements of an earlier run already stored"),
        "{stdout}"
    );
    assert!(stdout.contains("| SPM report, one Puskesmas (year) | 3 |"), "{stdout}");
}
