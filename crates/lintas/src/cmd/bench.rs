//! `lintas bench import`: measures the e-PPGBM import and the district report on the
//! configured database with a generated file (deterministic), and prints throughput and
//! latency. Meant for a throwaway data directory or database: it loads the demo district if
//! it is not there and adds the generated children.

use std::fmt::Write as _;
use std::time::Instant;

use clap::{Args, Subcommand};

#[derive(Debug, Subcommand)]
pub enum BenchCmd {
    /// Import N generated measurement rows (children measured monthly through 2024 at the
    /// demo's Posyandu), import the same file again, then time the district report.
    Import(ImportArgs),
    /// PostgreSQL: generate national-scale data (one Posyandu in every desa, children measured
    /// monthly), rebuild the monthly tallies, then time the national rollup against counting
    /// the same month from the measurements themselves.
    Rollup(RollupArgs),
    /// Write the generated import file (the one `bench import` uses) to OUTPUT, for the
    /// crash test (`scripts/crash-import.sh`) and for trying imports by hand. Loads the demo
    /// district if it is not there (its Posyandu are the file's).
    File(FileArgs),
}

#[derive(Debug, Args)]
pub struct FileArgs {
    /// Rows in the file.
    #[arg(long, default_value_t = 100_000)]
    pub rows: usize,
    /// Where to write it.
    #[arg(long)]
    pub output: std::path::PathBuf,
}

#[derive(Debug, Args)]
pub struct RollupArgs {
    /// Children registered at each generated Posyandu.
    #[arg(long, default_value_t = 13)]
    pub children: i64,
    /// Months of measurements, from January 2023.
    #[arg(long, default_value_t = 24)]
    pub months: u32,
    /// Only the desa whose code starts with this (e.g. "15" for Jambi); all of Indonesia by default.
    #[arg(long, default_value = "")]
    pub province: String,
    /// Times the rollup is read for the latency figures.
    #[arg(long, default_value_t = 50)]
    pub reads: usize,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// Rows in the generated file.
    #[arg(long, default_value_t = 100_000)]
    pub rows: usize,
    /// Times the district report is read for the latency figures.
    #[arg(long, default_value_t = 200)]
    pub reads: usize,
}

/// A small deterministic generator (SplitMix64), so runs are comparable.
struct Mix(u64);

impl Mix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// The file: 12 monthly rows per child (January–December 2024).
fn generate(rows: usize, posyandu: &[(String, String)]) -> String {
    let mut r = Mix(20_240_201);
    let mut out = String::from("NIK;Nama Anak;JK;Tgl Lahir;Nama Ibu;Desa;Posyandu;Tgl Ukur;BB;TB/PB\n");
    let children = rows.div_ceil(12);
    let mut written = 0;
    for c in 0..children {
        let (desa, pos) = &posyandu[c % posyandu.len()];
        let girl = r.next().is_multiple_of(2);
        // Born between June 2020 and December 2023.
        let born = chrono::NaiveDate::from_ymd_opt(2020, 6, 1).unwrap_or_default()
            + chrono::Duration::days((r.unit() * 1300.0) as i64);
        let shortness = -1.2 + r.unit() * 2.0 - if r.unit() < 0.2 { 1.2 } else { 0.0 };
        let nik = format!("1503{:012}", 10_000_000 + c);
        for month in 1..=12u32 {
            if written == rows {
                break;
            }
            let on = chrono::NaiveDate::from_ymd_opt(2024, month, 10 + (r.next() % 10) as u32).unwrap_or_default();
            let months = ((on - born).num_days() as f64 / 30.4375).max(0.0);
            // Rough growth curves: length ~ 50 + 25·ln(1+m/4); weight ~ 3.3 + 9·ln(1+m/6).
            let height = 50.0 + 25.0 * (1.0 + months / 4.0).ln() + shortness * 3.0 + r.unit();
            let weight = 3.3 + 9.0 * (1.0 + months / 6.0).ln() + shortness * 0.4 + r.unit() * 0.3;
            let _ = writeln!(
                out,
                "{nik};Anak {c};{};{};Ibu {c};{desa};{pos};{};{:.1};{:.1}",
                if girl { "P" } else { "L" },
                born.format("%d/%m/%Y"),
                on.format("%d/%m/%Y"),
                weight,
                height
            );
            written += 1;
        }
    }
    out
}

pub async fn run(app: &app::App, cmd: BenchCmd) -> anyhow::Result<()> {
    match cmd {
        BenchCmd::Import(args) => import(app, args).await,
        BenchCmd::Rollup(args) => rollup(app, args).await,
        BenchCmd::File(args) => {
            app::demo::load(app).await?;
            let file = generate(args.rows, &demo_posyandu(app).await?);
            std::fs::write(&args.output, &file)?;
            println!(
                "wrote {} rows ({} bytes) to {}",
                args.rows,
                file.len(),
                args.output.display()
            );
            Ok(())
        }
    }
}

/// (desa code, name) of every Posyandu of the demo district.
async fn demo_posyandu(app: &app::App) -> anyhow::Result<Vec<(String, String)>> {
    let mut tx = app.store.read().await?;
    let list: Vec<(String, String)> = store::org::list(
        &mut tx,
        &domain::access::Area::All,
        &store::org::OrgFilter {
            kind: Some(domain::org::OrgKind::Posyandu),
            limit: 100_000,
            ..Default::default()
        },
    )
    .await?
    .0
    .into_iter()
    .map(|o| (o.region_code, o.name))
    .collect();
    anyhow::ensure!(!list.is_empty(), "no Posyandu in the database");
    Ok(list)
}

/// p50 and p95 of timings in milliseconds.
fn percentiles(mut times: Vec<f64>) -> (f64, f64) {
    times.sort_by(|a, b| a.total_cmp(b));
    let pct = |p: f64| times[((times.len() as f64 * p) as usize).min(times.len() - 1)];
    (pct(0.5), pct(0.95))
}

async fn rollup(app: &app::App, args: RollupArgs) -> anyhow::Result<()> {
    use store::nutrition::Scope;
    let first = chrono::NaiveDate::from_ymd_opt(2023, 1, 1).unwrap_or_default();
    let month = |i: u32| first.checked_add_months(chrono::Months::new(i)).unwrap_or(first);
    let last = month(args.months.saturating_sub(1));
    let t = Instant::now();
    let mut tx = app.store.write().await?;
    let posyandu = store::bench::posyandu(&mut tx, &args.province).await?;
    let children = store::bench::children(&mut tx, args.children, first).await?;
    tx.commit().await?;
    println!(
        "{posyandu} generated Posyandu, {children} children added ({:.1} s)",
        t.elapsed().as_secs_f64()
    );
    let mut total = {
        let mut tx = app.store.read().await?;
        store::nutrition::count_measurements(&mut tx).await?
    };
    if total == 0 {
        for i in 0..args.months {
            let t = Instant::now();
            let mut tx = app.store.write().await?;
            let n = store::bench::measurements(&mut tx, month(i)).await?;
            tx.commit().await?;
            total += n as i64;
            println!(
                "{}: {n} measurements ({:.1} s), {total} in all",
                month(i).format("%Y-%m"),
                t.elapsed().as_secs_f64()
            );
        }
    } else {
        println!("{total} measurements already stored: reusing them");
    }
    let ids = {
        let mut tx = app.store.write().await?;
        store::bench::analyze(&mut tx).await?;
        let ids = store::bench::posyandu_ids(&mut tx).await?;
        tx.commit().await?;
        ids
    };
    let t = Instant::now();
    app::nutrition::rebuild_tallies(app, &ids, first, last, &|done, all| {
        if done % 5000 < 500 || done == all {
            println!("tallies rebuilt for {done} of {all} Posyandu");
        }
    })
    .await?;
    let s = t.elapsed().as_secs_f64();
    println!(
        "monthly tallies of {} Posyandu × {} months from {total} measurements: {s:.1} s = {:.0} measurements/s",
        ids.len(),
        args.months,
        total as f64 / s
    );
    let mut tx = app.store.write().await?;
    store::bench::analyze(&mut tx).await?;
    tx.commit().await?;

    // The national rollup: Indonesia's total of a month and of its comparison month (August
    // against February) and the breakdown by province, from the monthly tallies.
    let aug = month(19.min(args.months.saturating_sub(1)));
    let feb = month(13.min(args.months.saturating_sub(1)));
    let mut times = Vec::with_capacity(args.reads);
    let mut stunted = 0;
    let mut provinces = 0;
    for _ in 0..args.reads {
        let t = Instant::now();
        let mut tx = app.store.read().await?;
        let now = store::nutrition::tallies(&mut tx, &Scope::All, aug, "all").await?;
        let before = store::nutrition::tallies(&mut tx, &Scope::All, feb, "all").await?;
        let by = store::nutrition::tallies(&mut tx, &Scope::All, aug, "province").await?;
        drop(tx);
        times.push(t.elapsed().as_secs_f64() * 1000.0);
        stunted = now.first().map(|x| x.1.stunted).unwrap_or(0);
        provinces = by.len();
        std::hint::black_box((now, before, by));
    }
    let (p50, p95) = percentiles(times);
    println!(
        "national rollup from the monthly tallies ({total} measurements, {}, {provinces} provinces): p50 {p50:.1} ms, p95 {p95:.1} ms over {} reads; {stunted} stunted",
        aug.format("%Y-%m"),
        args.reads
    );
    // Baseline: the same stunted counts straight from the measurements.
    let mut times = Vec::new();
    let mut counted = 0;
    for _ in 0..3 {
        let t = Instant::now();
        let mut tx = app.store.read().await?;
        let rows = store::bench::stunted_from_measurements(&mut tx, aug).await?;
        times.push(t.elapsed().as_secs_f64() * 1000.0);
        counted = rows.iter().map(|r| r.1).sum::<i64>();
    }
    let (p50, _) = percentiles(times);
    println!(
        "baseline, counted from the measurements: {p50:.0} ms ({counted} stunted{})",
        if counted == stunted {
            ", the same"
        } else {
            ", DIFFERENT"
        }
    );
    anyhow::ensure!(counted == stunted, "the tallies and the measurements disagree");
    Ok(())
}

async fn import(app: &app::App, args: ImportArgs) -> anyhow::Result<()> {
    app::demo::load(app).await?;
    let actor = domain::access::system_actor("bench", "lintas bench");
    let posyandu = demo_posyandu(app).await?;
    let file = generate(args.rows, &posyandu);
    println!(
        "generated {} rows for {} Posyandu ({} bytes)",
        args.rows,
        posyandu.len(),
        file.len()
    );
    for round in ["first import", "same file again"] {
        let t = Instant::now();
        let r = app::import::measurements(
            app,
            &actor,
            file.as_bytes(),
            &app::import::Options {
                limits: interop::eppgbm::Limits::default().with_rows(args.rows + 1),
                ..Default::default()
            },
            &|_, _| {},
        )
        .await?;
        let s = t.elapsed().as_secs_f64();
        anyhow::ensure!(
            r.errors.is_empty(),
            "generated rows rejected: {:?}",
            &r.errors[..r.errors.len().min(5)]
        );
        println!(
            "{round}: {} rows in {s:.2} s = {:.0} rows/s ({} new children, {} new / {} unchanged measurements)",
            r.rows,
            r.rows as f64 / s,
            r.children_new,
            r.measurements_new,
            r.measurements_same
        );
    }
    let month = chrono::NaiveDate::from_ymd_opt(2024, 2, 1).unwrap_or_default();
    let place = app::nutrition::Where::Region("15.03".into());
    let mut times = Vec::with_capacity(args.reads);
    for _ in 0..args.reads {
        let t = Instant::now();
        let rep = app::nutrition::report(app, &place, month, Some(month)).await?;
        times.push(t.elapsed().as_secs_f64() * 1000.0);
        std::hint::black_box(rep);
    }
    let (p50, p95) = percentiles(times);
    let measurements = {
        let mut tx = app.store.read().await?;
        store::nutrition::count_measurements(&mut tx).await?
    };
    println!(
        "district report (15.03, Feb 2024, {measurements} measurements stored): p50 {p50:.2} ms, p95 {p95:.2} ms over {} reads",
        args.reads
    );
    Ok(())
}
