//! `lintas import measurements FILE`: an e-PPGBM-style CSV or XLSX into the database, all
//! or nothing, with progress on a terminal and the row-level report on problems.
//!
//! Owns only the command line; the checks and the storing are `app::import`.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::time::Instant;

use anyhow::Context as _;
use clap::{Args, Subcommand};
use domain::i18n::{Lang, fill, text};

#[derive(Debug, Subcommand)]
pub enum ImportCmd {
    /// Import children and their measurements from an e-PPGBM-style CSV or XLSX file.
    ///
    /// Columns are recognised by their usual headers (NIK, Nama Anak, JK, Tgl Lahir, Nama Ibu,
    /// Desa, Posyandu, Tgl Ukur, BB, TB/PB, Cara Ukur, LiLA …); give `--map FIELD=HEADER` for
    /// others. Every row is checked first; with any problem nothing is stored, the problems
    /// are listed (row, column, value, reason) and the exit code is 2. Importing the same
    /// file twice changes nothing.
    Measurements(MeasurementsArgs),
}

#[derive(Debug, Args)]
pub struct MeasurementsArgs {
    /// The CSV or XLSX file.
    pub file: PathBuf,
    /// The sheet of a workbook (default: the first with known column headers).
    #[arg(long)]
    pub sheet: Option<String>,
    /// Column choice, repeatable: `--map tgl_ukur="Tanggal Timbang"`. Fields: nik, nama, jk,
    /// tgl_lahir, bb_lahir, pb_lahir, nama_ibu, nik_ibu, no_kk, desa, posyandu, rt, rw,
    /// alamat, tgl_ukur, bb, tb, cara_ukur, edema, lila, lingkar_kepala, buku_kia.
    #[arg(long = "map", value_name = "FIELD=HEADER")]
    pub map: Vec<String>,
    /// Check only; store nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Act as this account (its area limits the Posyandu the file may name); default: the
    /// operator, with the whole installation in reach.
    #[arg(long = "as", value_name = "USERNAME")]
    pub as_user: Option<String>,
    /// Write the row-level problem report to this CSV file.
    #[arg(long)]
    pub errors: Option<PathBuf>,
    /// Rows the file may have (default 300,000; the other limits on cells and unpacked
    /// workbook size grow with it). Files above the limit are refused before they are read.
    #[arg(long, value_name = "N")]
    pub max_rows: Option<usize>,
}

/// Runs the import; returns the process exit code (0 stored or clean dry run, 2 problems).
/// `lang` is the language chosen with `--lang`: without one, the messages are in English and
/// the report's rows (its reasons and CSV header) in Bahasa Indonesia.
pub async fn run(app: &app::App, cmd: ImportCmd, lang: Option<Lang>) -> anyhow::Result<i32> {
    let ImportCmd::Measurements(args) = cmd;
    let (ui, rows_lang) = (lang.unwrap_or(Lang::En), lang.unwrap_or(Lang::Id));
    let bytes = std::fs::read(&args.file)
        .with_context(|| fill(ui, "cli.reading", &[("file", &args.file.display().to_string())]))?;
    let mut mapping = Vec::new();
    for m in &args.map {
        let Some((k, v)) = m.split_once('=') else {
            anyhow::bail!("{}", fill(ui, "cli.map_form", &[("got", &format!("{m:?}"))]));
        };
        mapping.push((k.trim().to_string(), v.trim().to_string()));
    }
    let actor = match &args.as_user {
        Some(u) => {
            let user = app::user::by_username(app, u)
                .await
                .with_context(|| fill(ui, "cli.no_account_as", &[("name", &format!("{u:?}"))]))?;
            let mut tx = app.store.read().await?;
            app::auth::actor_of(&mut tx, &user).await?
        }
        None => domain::access::system_actor("cli", "lintas import"),
    };
    let tty = std::io::stderr().is_terminal();
    let started = Instant::now();
    let progress = move |done: usize, total: usize| {
        if tty && total > 0 {
            let width = 30;
            let filled = done * width / total;
            let count = fill(
                ui,
                "cli.import_progress",
                &[("done", &done.to_string()), ("total", &total.to_string())],
            );
            eprint!("\r[{}{}] {count}", "#".repeat(filled), " ".repeat(width - filled));
        }
    };
    let limits = interop::eppgbm::Limits::default();
    let opts = app::import::Options {
        sheet: args.sheet.clone(),
        mapping,
        dry_run: args.dry_run,
        limits: args.max_rows.map(|n| limits.with_rows(n)).unwrap_or(limits),
    };
    let report = match app::import::measurements(app, &actor, &bytes, &opts, &progress).await {
        Ok(r) => r,
        Err(app::AppError::Invalid(inv)) => {
            if tty {
                eprintln!();
            }
            for e in inv.0 {
                let msg = text(rows_lang, e.code);
                match e.detail {
                    Some(d) => eprintln!("{}: {msg} ({d})", e.field),
                    None => eprintln!("{}: {msg}", e.field),
                }
            }
            return Ok(2);
        }
        Err(e) => return Err(e.into()),
    };
    if tty {
        eprintln!();
    }
    let secs = started.elapsed().as_secs_f64();
    if let Some(s) = &report.sheet {
        println!("{}", fill(ui, "cli.import_sheet", &[("sheet", s)]));
    }
    let n = |v: usize| v.to_string();
    println!(
        "{}",
        fill(
            ui,
            "cli.import_done",
            &[
                ("rows", &n(report.rows)),
                ("secs", &format!("{secs:.2}")),
                ("children_new", &n(report.children_new)),
                ("children_known", &n(report.children_known)),
                ("new", &n(report.measurements_new)),
                ("changed", &n(report.measurements_changed)),
                ("same", &n(report.measurements_same)),
            ],
        )
    );
    if report.children_elsewhere > 0 {
        println!(
            "{}",
            fill(ui, "cli.import_elsewhere", &[("n", &n(report.children_elsewhere))])
        );
    }
    if !report.errors.is_empty() {
        let message = |c: &str| text(rows_lang, c).to_string();
        eprintln!("{}", fill(ui, "cli.import_problems", &[("n", &n(report.errors.len()))]));
        for e in report.errors.iter().take(30) {
            let reason = match &e.detail {
                Some(d) => format!("{}: {d}", message(e.code)),
                None => message(e.code),
            };
            eprintln!("  {:>6}  {:<16} {:<20} {reason}", e.line, e.column, e.value);
        }
        if let Some(path) = &args.errors {
            let shown = path.display().to_string();
            std::fs::write(path, app::import::report_csv(rows_lang, &report.errors))
                .with_context(|| fill(ui, "cli.writing", &[("file", &shown)]))?;
            eprintln!("{}", fill(ui, "cli.import_full_report", &[("file", &shown)]));
        }
        return Ok(2);
    }
    println!(
        "{}",
        text(
            ui,
            if report.stored {
                "cli.import_stored"
            } else {
                "cli.import_dry_run"
            }
        )
    );
    Ok(0)
}
