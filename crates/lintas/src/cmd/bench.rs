//! `lintas bench import`: measures the e-PPGBM import and the district report on the
//! configured database with a generated file (deterministic), and prints throughput and
//! latency. Meant for a throwaway data directory or database: it loads the demo district if
//! it is not there and adds the generated children. `lintas bench coverage` generates a
//! district's coverage figures (Puskesmas, desa, indicators, years of monthly achievements)
//! and times the PWS and SPM use cases; with `--national` (PostgreSQL) the SPM rollup of all
//! of Indonesia.

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
    /// Generate a district's coverage monitoring (Puskesmas, desa, indicators, sasaran,
    /// targets and years of monthly achievements) and time the PWS and SPM use cases; with
    /// `--national` (PostgreSQL), the SPM rollup of every desa of Indonesia instead.
    Coverage(CoverageArgs),
    /// Write the generated import file (the one `bench import` uses) to OUTPUT, for the
    /// crash test (`scripts/crash-import.sh`) and for trying imports by hand. Loads the demo
    /// district if it is not there (its Posyandu are the file's).
    File(FileArgs),
    /// Time every GET page and API route each demo role reaches, over HTTP against a
    /// `lintas serve --demo` started on this database, then a mixed run at many connections
    /// and the server's memory (issue 16's page budgets).
    Pages(super::bench_pages::PagesArgs),
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
pub struct CoverageArgs {
    /// Puskesmas of the generated district.
    #[arg(long, default_value_t = 30)]
    pub puskesmas: usize,
    /// Desa of the district (the first of a kabupaten that has this many), shared among the
    /// Puskesmas.
    #[arg(long, default_value_t = 400)]
    pub desa: usize,
    /// Indicators with monthly achievements (typed ones: the shipped catalogue's, then
    /// generated `BENCH-nn` ones).
    #[arg(long, default_value_t = 40)]
    pub indicators: usize,
    /// Years of monthly achievements, up to `--last-year`.
    #[arg(long, default_value_t = 5)]
    pub years: i32,
    #[arg(long, default_value_t = 2025)]
    pub last_year: i32,
    /// Times each use case is read for the latency figures.
    #[arg(long, default_value_t = 200)]
    pub reads: usize,
    /// PostgreSQL: one achievement per desa of Indonesia, SPM service and month of
    /// `--last-year`, then the national SPM rollup.
    #[arg(long)]
    pub national: bool,
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
        BenchCmd::Coverage(args) if args.national => coverage_national(app, args).await,
        BenchCmd::Coverage(args) => coverage(app, args).await,
        BenchCmd::Pages(_) => unreachable!("run by main before the database is opened"),
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

// --- coverage monitoring ----------------------------------------------------------------------

/// p50, p95 and the largest of timings in milliseconds.
fn spread(times: &[f64]) -> (f64, f64, f64) {
    let (p50, p95) = percentiles(times.to_vec());
    (p50, p95, times.iter().copied().fold(0.0, f64::max))
}

/// One line of the result table.
struct Timed {
    label: String,
    times: Vec<f64>,
}

fn print_table(rows: &[Timed]) {
    println!("\n| use case | reads | p50 ms | p95 ms | max ms |");
    println!("|---|---|---|---|---|");
    for r in rows {
        let (p50, p95, max) = spread(&r.times);
        println!("| {} | {} | {p50:.2} | {p95:.2} | {max:.2} |", r.label, r.times.len());
    }
}

/// The PKP worksheet of `puskesmas_id` for `year` through its use case (as the PKP page reads
/// it: the coverage worksheet computed from the achievements, the checklist, the steps), and
/// the label of its row in the table. Called `reads` times over the generated Puskesmas and
/// timed like the PWS and SPM rows.
async fn pkp_worksheet(
    app: &app::App,
    actor: &domain::access::Actor,
    puskesmas_id: i64,
    year: i32,
) -> anyhow::Result<Option<&'static str>> {
    let v = app::pkp::view(app, actor, puskesmas_id, year).await?;
    anyhow::ensure!(v.lines().next().is_some(), "an empty PKP worksheet");
    Ok(Some("PKP worksheet, one Puskesmas"))
}

/// The reader of the benchmark: a Dinkes account of the generated district.
fn district_reader(kab: &str) -> anyhow::Result<domain::access::Actor> {
    let code = domain::region::RegionCode::parse(kab).map_err(|e| anyhow::anyhow!("region {kab}: {e}"))?;
    Ok(domain::access::Actor {
        user_id: 0,
        username: "bench".into(),
        display_name: "lintas bench (Dinkes)".into(),
        role: domain::user::Role::Dinkes,
        org_id: None,
        area: domain::access::Area::Region(code),
    })
}

/// The generated district: (kabupaten code, Puskesmas ids, indicator codes with achievements).
async fn coverage_generate(app: &app::App, args: &CoverageArgs) -> anyhow::Result<(String, Vec<i64>, Vec<String>)> {
    use domain::coverage::{SasaranKind, TargetInput};
    use store::coverage::{AchievementRow, SasaranRow};
    let admin = domain::access::system_actor("bench", "lintas bench");
    let t = Instant::now();
    let (kab, desa) = {
        let mut tx = app.store.read().await?;
        store::bench::coverage_district(&mut tx, args.desa as i64)
            .await?
            .ok_or_else(|| anyhow::anyhow!("no kabupaten with {} desa in the region tree", args.desa))?
    };
    anyhow::ensure!(
        args.puskesmas >= 1 && args.puskesmas <= desa.len(),
        "1 to {} Puskesmas",
        desa.len()
    );
    // The Puskesmas, each with a contiguous share of the desa.
    let mut ids = Vec::with_capacity(args.puskesmas);
    for i in 0..args.puskesmas {
        let part: Vec<String> = desa[i * desa.len() / args.puskesmas..(i + 1) * desa.len() / args.puskesmas].to_vec();
        let kecamatan = part[0][..8].to_string();
        let region = domain::region::RegionCode::parse(&kecamatan).map_err(|e| anyhow::anyhow!("{kecamatan}: {e}"))?;
        let input = domain::org::OrgInput {
            code: Some(format!("BENCH-PKM-{:02}", i + 1)),
            ..domain::org::OrgInput::new(
                format!("Puskesmas Bench {:02}", i + 1),
                domain::org::OrgKind::Puskesmas,
                region,
            )
        };
        let id = app::org::create(app, &admin, &input).await?;
        app::org::set_wilayah_kerja(app, &admin, id, &part).await?;
        ids.push(id);
    }
    // The indicators: the typed ones in force, then generated ones up to the number asked.
    let day = chrono::NaiveDate::from_ymd_opt(args.last_year, 12, 1).unwrap_or_default();
    let all = app::coverage::catalogue(app, &admin).await?;
    let mut codes: Vec<String> = app::coverage::codes_in_force(&all, day)
        .into_iter()
        .filter(|r| r.derived.is_none())
        .map(|r| r.code.clone())
        .take(args.indicators)
        .collect();
    let kinds = SasaranKind::ALL;
    let mut n = 0;
    while codes.len() < args.indicators {
        n += 1;
        let code = format!("BENCH-{n:02}");
        let sasaran = (n % 4 != 0).then(|| kinds[1 + n % (kinds.len() - 1)]);
        app::coverage::save_indicator(
            app,
            &admin,
            domain::coverage::IndicatorDef {
                code: code.clone(),
                version: "bench".into(),
                name_id: format!("Indikator bench {n:02}"),
                name_en: format!("Bench indicator {n:02}"),
                program: domain::coverage::Program::ALL[n % domain::coverage::Program::ALL.len()],
                cluster: (n % 5 + 1) as u8,
                spm: None,
                numerator: "Dilayani".into(),
                denominator: if sasaran.is_some() {
                    "Sasaran"
                } else {
                    "Dicatat bulan itu"
                }
                .into(),
                unit: domain::coverage::Unit::Percent,
                direction: domain::coverage::Direction::Higher,
                sasaran,
                target: Some(80.0),
                derived: None,
                legal_basis: String::new(),
                valid_from: chrono::NaiveDate::from_ymd_opt(2000, 1, 1).unwrap_or_default(),
                valid_to: None,
            },
        )
        .await?;
        codes.push(code);
    }
    let all = app::coverage::catalogue(app, &admin).await?;
    let inds: Vec<store::coverage::IndicatorRow> = codes
        .iter()
        .filter_map(|c| app::coverage::in_force(&all, c, day).cloned())
        .collect();
    println!(
        "district {kab}: {} Puskesmas, {} desa, {} indicators ({:.1} s)",
        ids.len(),
        desa.len(),
        inds.len(),
        t.elapsed().as_secs_f64()
    );
    let owner: Vec<i64> = (0..desa.len()).map(|d| ids[d * args.puskesmas / desa.len()]).collect();
    let mut r = Mix(20_130_013);
    let first = args.last_year - args.years + 1;
    let mut total = 0usize;
    for year in first..=args.last_year {
        let t = Instant::now();
        // Sasaran of every kind in every desa.
        let mut sasaran = Vec::with_capacity(desa.len() * kinds.len());
        let mut of: std::collections::HashMap<(usize, SasaranKind), f64> = std::collections::HashMap::new();
        for (i, d) in desa.iter().enumerate() {
            for k in kinds {
                let v = (20.0 + r.unit() * 280.0).round();
                of.insert((i, *k), v);
                sasaran.push(SasaranRow {
                    desa_code: d.clone(),
                    year: i64::from(year),
                    kind: *k,
                    value: v,
                    source: domain::coverage::SasaranSource::Entered,
                });
            }
        }
        let mut tx = app.store.write().await?;
        store::coverage::put_sasaran(&mut tx, &sasaran, "bench").await?;
        tx.commit().await?;
        // The indicators in force that year (a version may start later than the first year).
        let end = chrono::NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or_default();
        let of_year: Vec<&store::coverage::IndicatorRow> = inds
            .iter()
            .filter(|i| app::coverage::in_force(&all, &i.code, end).is_some())
            .collect();
        // Each Puskesmas's targets, through the use case.
        for id in &ids {
            let rows = of_year
                .iter()
                .map(|i| TargetInput {
                    indicator_code: i.code.clone(),
                    target: (70.0 + r.unit() * 30.0).round(),
                })
                .collect();
            app::coverage::save_targets(app, &admin, *id, year, rows, None).await?;
        }
        // Twelve months of achievements, one transaction a month.
        for m in 1..=12 {
            let month = chrono::NaiveDate::from_ymd_opt(year, m, 1).unwrap_or_default();
            let mut rows = Vec::with_capacity(desa.len() * of_year.len());
            for (i, d) in desa.iter().enumerate() {
                for ind in &of_year {
                    let (numerator, denominator) = match ind.sasaran {
                        Some(k) => ((of[&(i, k)] / 12.0 * (0.4 + r.unit() * 0.9)).round(), None),
                        None => {
                            let den = (20.0 + r.unit() * 60.0).round();
                            ((den * (0.3 + r.unit() * 0.7)).round(), Some(den))
                        }
                    };
                    rows.push(AchievementRow {
                        indicator_code: ind.code.clone(),
                        desa_code: d.clone(),
                        month,
                        numerator,
                        denominator,
                        puskesmas_id: owner[i],
                        source: domain::coverage::AchievementSource::Entered,
                    });
                }
            }
            let mut tx = app.store.write().await?;
            store::coverage::put_achievements(&mut tx, &rows, "bench").await?;
            for id in &ids {
                store::coverage::touch_report(&mut tx, *id, month).await?;
            }
            tx.commit().await?;
            total += rows.len();
        }
        println!(
            "{year}: sasaran, targets and {} achievements ({:.1} s), {total} in all",
            desa.len() * of_year.len() * 12,
            t.elapsed().as_secs_f64()
        );
    }
    if app.store.backend() == store::Backend::Postgres {
        let mut tx = app.store.write().await?;
        store::bench::analyze_coverage(&mut tx).await?;
        tx.commit().await?;
    }
    Ok((kab, ids, codes))
}

/// The district an earlier run generated in this database, if any: (kabupaten code,
/// Puskesmas ids, indicator codes with achievements).
async fn coverage_generated(
    app: &app::App,
    args: &CoverageArgs,
) -> anyhow::Result<Option<(String, Vec<i64>, Vec<String>)>> {
    let admin = domain::access::system_actor("bench", "lintas bench");
    let mut list = {
        let mut tx = app.store.read().await?;
        store::org::list(
            &mut tx,
            &domain::access::Area::All,
            &store::org::OrgFilter {
                kind: Some(domain::org::OrgKind::Puskesmas),
                limit: 100_000,
                ..Default::default()
            },
        )
        .await?
        .0
    };
    list.retain(|o| o.code.as_deref().is_some_and(|c| c.starts_with("BENCH-PKM-")));
    list.sort_by(|a, b| a.code.cmp(&b.code));
    let Some(first) = list.first() else { return Ok(None) };
    let kab = first.region_code.chars().take(5).collect::<String>();
    let day = chrono::NaiveDate::from_ymd_opt(args.last_year, 12, 1).unwrap_or_default();
    let all = app::coverage::catalogue(app, &admin).await?;
    let codes = app::coverage::codes_in_force(&all, day)
        .into_iter()
        .filter(|r| r.derived.is_none())
        .map(|r| r.code.clone())
        .take(args.indicators)
        .collect();
    Ok(Some((kab, list.iter().map(|o| o.id).collect(), codes)))
}

async fn coverage(app: &app::App, args: CoverageArgs) -> anyhow::Result<()> {
    let stored: i64 = {
        let mut tx = app.store.read().await?;
        store::coverage::achievement_counts(&mut tx)
            .await?
            .iter()
            .map(|c| c.1)
            .sum()
    };
    let t = Instant::now();
    let (kab, ids, codes) = if stored == 0 {
        coverage_generate(app, &args).await?
    } else {
        let again = coverage_generated(app, &args).await?;
        anyhow::ensure!(
            again.is_some(),
            "{stored} achievements are already stored and none is the benchmark's: run it on a fresh data directory or database"
        );
        println!("{stored} achievements of an earlier run already stored: reading them again");
        again.unwrap_or_default()
    };
    let stored: i64 = {
        let mut tx = app.store.read().await?;
        store::coverage::achievement_counts(&mut tx)
            .await?
            .iter()
            .map(|c| c.1)
            .sum()
    };
    println!("{stored} achievement rows stored ({:.1} s)", t.elapsed().as_secs_f64());
    let reader = district_reader(&kab)?;
    let year = args.last_year;
    let n = args.reads.max(1);
    let mut table = Vec::new();
    // Every Puskesmas and indicator in turn, so no read is the same as the one before.
    let mut times = Vec::with_capacity(n);
    for i in 0..n {
        let q = app::coverage::PwsQuery {
            indicator: codes[i % codes.len()].clone(),
            year,
            month: 12,
            puskesmas_id: Some(ids[(i * 7) % ids.len()]),
        };
        let t = Instant::now();
        let v = app::coverage::pws_view(app, &reader, &q).await?;
        times.push(t.elapsed().as_secs_f64() * 1000.0);
        std::hint::black_box(v);
    }
    table.push(Timed {
        label: "PWS chart, one Puskesmas × one indicator (its desa, 13 months)".into(),
        times,
    });
    let mut times = Vec::with_capacity(n);
    for i in 0..n {
        let q = app::coverage::PwsQuery {
            indicator: codes[i % codes.len()].clone(),
            year,
            month: 12,
            puskesmas_id: None,
        };
        let t = Instant::now();
        let v = app::coverage::pws_view(app, &reader, &q).await?;
        times.push(t.elapsed().as_secs_f64() * 1000.0);
        std::hint::black_box(v);
    }
    table.push(Timed {
        label: format!("PWS chart, district × one indicator ({} Puskesmas)", ids.len()),
        times,
    });
    let mut times = Vec::with_capacity(n);
    for i in 0..n {
        let t = Instant::now();
        let v = app::coverage::spm(app, &reader, year, 12, Some(ids[(i * 7) % ids.len()])).await?;
        times.push(t.elapsed().as_secs_f64() * 1000.0);
        std::hint::black_box(v);
    }
    table.push(Timed {
        label: "SPM report, one Puskesmas (year)".into(),
        times,
    });
    let mut times = Vec::with_capacity(n);
    for i in 0..n {
        let through = 1 + (i % 12) as u32;
        let t = Instant::now();
        let v = app::coverage::spm(app, &reader, year, through, None).await?;
        times.push(t.elapsed().as_secs_f64() * 1000.0);
        std::hint::black_box(v);
    }
    table.push(Timed {
        label: format!(
            "SPM report, district and each of its {} Puskesmas (Jan..month)",
            ids.len()
        ),
        times,
    });
    let mut times = Vec::with_capacity(n);
    let mut label = None;
    for i in 0..n {
        let t = Instant::now();
        let l = pkp_worksheet(app, &reader, ids[(i * 7) % ids.len()], year).await?;
        times.push(t.elapsed().as_secs_f64() * 1000.0);
        label = l;
    }
    if let Some(label) = label {
        table.push(Timed {
            label: label.to_string(),
            times,
        });
    }
    print_table(&table);
    Ok(())
}

async fn coverage_national(app: &app::App, args: CoverageArgs) -> anyhow::Result<()> {
    anyhow::ensure!(
        (app.store.backend() == store::Backend::Postgres),
        "the national rollup runs on PostgreSQL (--database-url)"
    );
    let year = args.last_year;
    let t = Instant::now();
    let mut tx = app.store.write().await?;
    let desa = store::bench::coverage_national_base(&mut tx, year).await?;
    tx.commit().await?;
    println!(
        "{desa} desa with the sasaran of the SPM services for {year}, a Puskesmas in every kecamatan ({:.1} s)",
        t.elapsed().as_secs_f64()
    );
    let from = chrono::NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or_default();
    let to = chrono::NaiveDate::from_ymd_opt(year, 12, 1).unwrap_or_default();
    let all = app::coverage::catalogue(app, &domain::access::system_actor("bench", "lintas bench")).await?;
    let services: Vec<store::coverage::IndicatorRow> = app::coverage::codes_in_force(&all, to)
        .into_iter()
        .filter(|r| r.spm.is_some())
        .cloned()
        .collect();
    let codes: Vec<String> = services.iter().map(|r| r.code.clone()).collect();
    let mut stored: i64 = {
        let mut tx = app.store.read().await?;
        store::coverage::achievement_counts(&mut tx)
            .await?
            .iter()
            .map(|c| c.1)
            .sum()
    };
    if stored == 0 {
        for m in 1..=12 {
            let month = chrono::NaiveDate::from_ymd_opt(year, m, 1).unwrap_or_default();
            let t = Instant::now();
            let mut tx = app.store.write().await?;
            let n = store::bench::coverage_national_month(&mut tx, month).await?;
            tx.commit().await?;
            stored += n as i64;
            println!(
                "{}: {n} achievements ({:.1} s), {stored} in all",
                month.format("%Y-%m"),
                t.elapsed().as_secs_f64()
            );
        }
        // Written in SQL past put_achievements: the rollups are summed once at the end.
        let t = Instant::now();
        let mut tx = app.store.write().await?;
        store::coverage::rebuild_rollups(&mut tx).await?;
        store::bench::analyze_coverage(&mut tx).await?;
        tx.commit().await?;
        println!("rollups summed ({:.1} s)", t.elapsed().as_secs_f64());
    } else {
        println!("{stored} achievements already stored: reusing them");
    }
    // The rollup the SPM report of a region runs: Σ numerators per service over the desa of
    // the prefix, Σ sasaran per kind, then each capaian.
    let mut table = Vec::new();
    let mut national = Vec::new();
    for (label, prefix) in [
        (
            "national SPM rollup (every desa of Indonesia, 12 services, Jan–Dec)",
            "",
        ),
        ("provincial SPM rollup (Jambi, 15)", "15"),
    ] {
        let mut times = Vec::with_capacity(args.reads);
        for _ in 0..args.reads.max(1) {
            let t = Instant::now();
            let mut tx = app.store.read().await?;
            let sums = store::coverage::region_sums(&mut tx, prefix, &codes, from, to).await?;
            let sasaran = store::coverage::region_sasaran(&mut tx, prefix, year).await?;
            drop(tx);
            let lines: Vec<(String, f64, Option<f64>, Option<f64>)> = services
                .iter()
                .map(|s| {
                    let num = sums.iter().find(|x| x.0 == s.code).map_or(0.0, |x| x.1);
                    let den = match s.sasaran {
                        Some(k) => sasaran.iter().find(|x| x.0 == k).map(|x| x.1),
                        None => sums.iter().find(|x| x.0 == s.code).and_then(|x| x.2),
                    };
                    let cap = den.and_then(|d| domain::coverage::percent(num, d));
                    (s.code.clone(), num, den, cap)
                })
                .collect();
            times.push(t.elapsed().as_secs_f64() * 1000.0);
            if prefix.is_empty() {
                national = lines;
            }
        }
        table.push(Timed {
            label: label.to_string(),
            times,
        });
    }
    for (code, num, den, cap) in &national {
        println!(
            "{code}: {num:.0} / {} = {}",
            den.map_or("—".to_string(), |d| format!("{d:.0}")),
            cap.map_or("—".to_string(), |c| format!("{c:.1} %"))
        );
    }
    println!("{stored} achievement rows stored");
    print_table(&table);
    Ok(())
}
