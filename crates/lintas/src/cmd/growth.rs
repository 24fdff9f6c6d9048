//! `lintas growth …`: the growth engine on files.
//!
//! Owns only the command line: opening files, progress on a terminal, and
//! exit codes. The format lives in `interop::zscore_csv`, the rules in
//! `growth`.
//!
//! [`run`] returns exit code 0 when done (rows with errors are marked in the
//! `error` column) and 2 when the data cannot be processed (missing column,
//! empty or UTF-16 input, or a bad row under `--strict`), after saying why on
//! stderr. System errors (file not found, disk full) come back as `Err`.

use std::cell::Cell;
use std::fs::File;
use std::io::{self, BufWriter, IsTerminal, Read, Write};
use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::Context as _;
use clap::{Args, Subcommand};
use interop::zscore_csv::{self, Options, Progress};

#[derive(Debug, Args)]
pub struct GrowthCmd {
    #[command(subcommand)]
    pub command: GrowthSub,
}

#[derive(Debug, Subcommand)]
pub enum GrowthSub {
    /// Compute WHO z-scores for every row of a CSV file.
    ///
    /// Input columns (any order, case-insensitive): sex, birth_date,
    /// measure_date (or age_days), weight_kg, height_cm, measured, oedema.
    /// Output: the input columns, then age_days, clenhei, haz, waz, whz, baz,
    /// their WHO flags, flag_c9mo, Permenkes categories and error.
    Zscore(ZscoreArgs),
}

#[derive(Debug, Args)]
pub struct ZscoreArgs {
    /// Input CSV (`-` for standard input).
    #[arg(long, short)]
    pub input: String,
    /// Output CSV (`-` for standard output).
    #[arg(long, short)]
    pub output: String,
    /// Stop at the first bad row with exit code 2.
    #[arg(long)]
    pub strict: bool,
    /// Worker threads (0: one per core). The output is identical for any value.
    #[arg(long, default_value_t = 0)]
    pub threads: usize,
}

/// Runs the subcommand; returns the process exit code.
pub fn run(cmd: GrowthCmd) -> anyhow::Result<i32> {
    match cmd.command {
        GrowthSub::Zscore(args) => zscore(&args),
    }
}

fn zscore(args: &ZscoreArgs) -> anyhow::Result<i32> {
    let stdin_input = args.input == "-";
    let stdout_output = args.output == "-";
    if !stdin_input && !stdout_output && same_file(&args.input, &args.output) {
        eprintln!(
            "error: --input and --output are the same file ({}); writing would destroy the input",
            args.input
        );
        return Ok(2);
    }
    let total = if stdin_input {
        None
    } else {
        std::fs::metadata(&args.input).ok().map(|m| m.len())
    };
    let input: Box<dyn Read> = if stdin_input {
        Box::new(io::stdin().lock())
    } else {
        Box::new(File::open(&args.input).with_context(|| format!("cannot open {}", args.input))?)
    };
    let output: Box<dyn Write> = if stdout_output {
        Box::new(BufWriter::with_capacity(1 << 20, io::stdout().lock()))
    } else {
        let file = File::create(&args.output).with_context(|| format!("cannot create {}", args.output))?;
        Box::new(BufWriter::with_capacity(1 << 20, file))
    };

    // Progress only for a person watching: never into logs or pipes.
    let terminal = io::stderr().is_terminal();
    let started = Instant::now();
    let last_shown = Cell::new(started);
    let show = |p: Progress| {
        let now = Instant::now();
        if now.duration_since(last_shown.get()) < Duration::from_millis(200) {
            return;
        }
        last_shown.set(now);
        let pct = total
            .filter(|&t| t > 0)
            .map(|t| format!("{:>3}%  ", p.bytes.saturating_mul(100) / t))
            .unwrap_or_default();
        eprint!("\r  {pct}{} rows", thousands(p.rows));
    };
    let options = Options {
        strict: args.strict,
        threads: args.threads,
        progress: terminal.then_some(&show as &dyn Fn(Progress)),
        ..Options::default()
    };

    let result = zscore_csv::process(input, output, &options);
    if terminal && last_shown.get() != started {
        eprint!("\r\x1b[K");
    }
    match result {
        Ok(summary) => {
            for warning in &summary.warnings {
                eprintln!("warning: {warning}");
            }
            if terminal || summary.rows_with_errors > 0 {
                eprintln!(
                    "{} rows in {:.2} s; {} with errors (see the error column)",
                    thousands(summary.rows),
                    started.elapsed().as_secs_f64(),
                    thousands(summary.rows_with_errors),
                );
            }
            Ok(0)
        }
        Err(e) if e.is_data_error() => {
            eprintln!("error: {e}");
            Ok(2)
        }
        Err(e) => Err(e).with_context(|| format!("{} → {}", args.input, args.output)),
    }
}

fn same_file(a: &str, b: &str) -> bool {
    match (Path::new(a).canonicalize(), Path::new(b).canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// 1234567 → "1,234,567".
fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    fn zscore_files(input: &str, strict: bool) -> (i32, String) {
        let dir = tempfile::tempdir().unwrap();
        let (i, o) = (dir.path().join("in.csv"), dir.path().join("out.csv"));
        std::fs::write(&i, input).unwrap();
        let args = ZscoreArgs {
            input: i.display().to_string(),
            output: o.display().to_string(),
            strict,
            threads: 0,
        };
        let code = run(GrowthCmd {
            command: GrowthSub::Zscore(args),
        })
        .unwrap();
        (code, std::fs::read_to_string(&o).unwrap_or_default())
    }

    #[test]
    fn exit_codes() {
        let good = "sex,age_days,weight_kg,height_cm,measured,oedema\nM,729,11.5,85,L,n\nM,x,1,85,L,n\n";
        let (code, out) = zscore_files(good, false);
        assert_eq!(code, 0, "bad rows are reported in the error column, not the exit code");
        assert!(out.lines().nth(1).unwrap().contains(",-0.91,"));
        assert!(out.lines().nth(2).unwrap().contains("age_days: 'x' is not a number"));
        let (code, out) = zscore_files(good, true);
        assert_eq!(code, 2);
        assert_eq!(out.lines().count(), 2, "rows before the bad one are kept");
        let (code, _) = zscore_files("sex,weight_kg\nM,3\n", false);
        assert_eq!(code, 2);
    }

    #[test]
    fn refuses_to_overwrite_its_input() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("same.csv");
        std::fs::write(&path, "sex,age_days,weight_kg,height_cm\n").unwrap();
        let p = path.display().to_string();
        let cmd = GrowthCmd {
            command: GrowthSub::Zscore(ZscoreArgs {
                input: p.clone(),
                output: p,
                strict: false,
                threads: 1,
            }),
        };
        assert_eq!(run(cmd).unwrap(), 2);
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            "sex,age_days,weight_kg,height_cm\n"
        );
        let missing = GrowthCmd {
            command: GrowthSub::Zscore(ZscoreArgs {
                input: dir.path().join("nope.csv").display().to_string(),
                output: "-".into(),
                strict: false,
                threads: 1,
            }),
        };
        assert!(run(missing).is_err(), "a missing file is a system error");
    }

    #[test]
    fn thousands_separators() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }
}
