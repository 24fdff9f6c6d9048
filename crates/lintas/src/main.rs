//! The `lintas` binary: one program for the server and its administration.

mod cmd;

use anyhow::{Context, Result, bail};
use clap::{Args, Parser, Subcommand};
use domain::i18n::{Lang, fill, text};
use std::io::Read;
use std::net::SocketAddr;
use std::path::PathBuf;

#[derive(Parser)]
#[command(
    name = "lintas",
    version,
    about = "Lintas — cross-sector community health coordination for Indonesian districts"
)]
struct Cli {
    #[command(flatten)]
    db: DbArgs,
    /// Language of the messages: `id` (Bahasa Indonesia) or `en`. Default: English, except
    /// the rows of an import report, which default to Bahasa Indonesia.
    #[arg(long, env = "LINTAS_LANG", global = true)]
    lang: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Args, Clone)]
struct DbArgs {
    /// Database URL: `postgres://…` for PostgreSQL; empty for the embedded SQLite file in the data directory.
    #[arg(long, env = "LINTAS_DATABASE_URL", global = true, default_value = "")]
    database_url: String,
    /// Directory for the SQLite database (uploaded files are stored in the database itself).
    #[arg(long, env = "LINTAS_DATA_DIR", global = true, default_value = "./lintas-data")]
    data_dir: PathBuf,
}

impl DbArgs {
    fn is_postgres(&self) -> bool {
        self.database_url.starts_with("postgres://") || self.database_url.starts_with("postgresql://")
    }
    fn sqlite_path(&self) -> PathBuf {
        self.data_dir.join("lintas.db")
    }
    fn url(&self) -> String {
        if self.database_url.trim().is_empty() {
            format!("sqlite:{}", self.sqlite_path().display())
        } else {
            self.database_url.clone()
        }
    }
    async fn open(&self, lang: Lang) -> Result<app::App> {
        let store = app::Store::connect(&self.url())
            .await
            .with_context(|| fill(lang, "cli.opening_db", &[("db", &self.redacted())]))?;
        Ok(app::App::open(store).await?)
    }
    fn redacted(&self) -> String {
        let u = self.url();
        match (u.find("://"), u.rfind('@')) {
            (Some(s), Some(a)) if a > s => format!("{}://***{}", &u[..s], &u[a..]),
            _ => u,
        }
    }
}

#[derive(Subcommand)]
enum Command {
    /// Run the web server (migrates the database and loads the region tree on start).
    Serve(ServeArgs),
    /// Apply database migrations and load the region tree, then exit.
    Migrate,
    /// Manage accounts.
    User {
        #[command(subcommand)]
        command: UserCmd,
    },
    /// Manage personal API tokens.
    Token {
        #[command(subcommand)]
        command: TokenCmd,
    },
    /// Write a consistent snapshot of the database to FILE (safe while the server runs).
    Backup { file: PathBuf },
    /// Replace the database with a snapshot made by `lintas backup` (stop the server first).
    Restore {
        file: PathBuf,
        /// Overwrite an existing database.
        #[arg(long)]
        force: bool,
    },
    /// Load the demo district (Kabupaten Sarolangun) with one login per role.
    Demo,
    /// Check the database: storage integrity, and every monthly tally against a recount
    /// from scratch (changes nothing). Exit code 1 when anything is wrong.
    Check,
    /// The WHO growth engine on files.
    Growth(cmd::growth::GrowthCmd),
    /// Measure import and report speed on this database (use a throwaway one).
    Bench {
        #[command(subcommand)]
        command: cmd::bench::BenchCmd,
    },
    /// Import files (e-PPGBM-style children and measurements).
    Import {
        #[command(subcommand)]
        command: cmd::import::ImportCmd,
    },
}

#[derive(Args)]
struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "LINTAS_ADDR", default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
    /// Load the demo district and its logins before serving.
    #[arg(long)]
    demo: bool,
    /// Mark cookies Secure and send HSTS (when served behind HTTPS).
    #[arg(long, env = "LINTAS_SECURE_COOKIES")]
    secure_cookies: bool,
    /// Address of a reverse proxy whose X-Forwarded-For names the client (repeat, or
    /// comma-separated). Without it the header is ignored.
    #[arg(long, env = "LINTAS_TRUSTED_PROXY", value_delimiter = ',')]
    trusted_proxy: Vec<std::net::IpAddr>,
    /// Send notices (invitations, newly assigned actions) by e-mail through this SMTP relay:
    /// smtp://host[:port] (plain SMTP, port 25 by default). Off when not given.
    #[arg(long, env = "LINTAS_SMTP_URL")]
    smtp_url: Option<String>,
    /// The sender of those e-mails.
    #[arg(long, env = "LINTAS_SMTP_FROM", default_value = "Lintas <lintas@localhost>")]
    smtp_from: String,
    /// The address people reach Lintas at (https://lintas.example): e-mails and WhatsApp
    /// messages link to the meeting or action there. Without it they carry no link.
    #[arg(long, env = "LINTAS_PUBLIC_URL")]
    public_url: Option<String>,
}

#[derive(Subcommand)]
enum UserCmd {
    /// Create an account: `lintas user add NAME --role ROLE [--org ID|CODE] --password-stdin`.
    Add {
        /// Username (lower-case letters, digits, . _ -).
        name: String,
        /// admin, dinkes, puskesmas, kader, partner or viewer.
        #[arg(long, value_parser = parse_role)]
        role: domain::user::Role,
        /// Scope organisation, by id or code (every role but admin needs one).
        #[arg(long)]
        org: Option<String>,
        /// Display name (defaults to the username).
        #[arg(long)]
        display_name: Option<String>,
        /// Read the password from standard input (first line).
        #[arg(long)]
        password_stdin: bool,
    },
}

#[derive(Subcommand)]
enum TokenCmd {
    /// Create a bearer token for account NAME and print it.
    Create {
        /// Username the token acts as.
        name: String,
        /// A label for the token.
        #[arg(long, default_value = "cli")]
        label: String,
        /// Days the token lives: 30, 90, 180 or 365.
        #[arg(long, default_value_t = app::auth::TOKEN_DAYS_DEFAULT)]
        days: i64,
    },
}

/// mimalloc instead of glibc's allocator: the server's threads (tokio's workers, one per SQLite
/// connection) allocate rows on one thread and free them on another, and glibc's arenas kept
/// that memory: 360 MB after a 16-connection run, against 150 MB wanted (BENCHMARKS.md).
/// Its version 2 (the `v2` feature): it gives freed pages back to the system 10 ms after they
/// were freed (on its next call), where version 3 waits a second; after the bench's mixed run
/// version 3 held 25–35 MB more (BENCHMARKS.md, "Fifth round").
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    let lang = cli.lang.as_deref().map(Lang::parse).unwrap_or(Lang::En);
    let error = text(lang, "cli.error");
    if let Command::Growth(g) = cli.command {
        // The growth engine needs no database and no async runtime.
        return match cmd::growth::run(g) {
            Ok(code) => std::process::ExitCode::from(u8::try_from(code).unwrap_or(1)),
            Err(e) => {
                eprintln!("{error}: {e:#}");
                std::process::ExitCode::from(2)
            }
        };
    }
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("LINTAS_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=error,tower_http=warn")),
        )
        .with_writer(std::io::stderr)
        .init();
    let rt = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("{error}: {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    match rt.block_on(run(cli)) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{error}: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> Result<()> {
    let db = cli.db;
    // The import report's rows keep their own default (Bahasa Indonesia).
    let chosen = cli.lang.as_deref().map(Lang::parse);
    let lang = chosen.unwrap_or(Lang::En);
    match cli.command {
        Command::Serve(args) => serve(&db, args, lang).await,
        Command::Migrate => {
            let app = db.open(lang).await?;
            let (c, _) = app::region::summary(&app.store).await?;
            let [provinces, regencies, districts, villages] = [c[0], c[1], c[2], c[3]].map(|n| n.to_string());
            let db = db.redacted();
            println!(
                "{}",
                fill(
                    lang,
                    "cli.migrated",
                    &[
                        ("db", &db),
                        ("provinces", &provinces),
                        ("regencies", &regencies),
                        ("districts", &districts),
                        ("villages", &villages),
                    ],
                )
            );
            Ok(())
        }
        Command::Demo => {
            let app = db.open(lang).await?;
            load_demo(&app, lang).await
        }
        Command::User {
            command:
                UserCmd::Add {
                    name,
                    role,
                    org,
                    display_name,
                    password_stdin,
                },
        } => {
            if !password_stdin {
                bail!("{}", text(lang, "cli.password_stdin"));
            }
            let mut password = String::new();
            std::io::stdin().read_to_string(&mut password)?;
            let password = password.lines().next().unwrap_or("").to_string();
            let app = db.open(lang).await?;
            let org_id = match org {
                None => None,
                Some(o) => match o.parse::<i64>() {
                    Ok(id) => Some(id),
                    Err(_) => Some(
                        app::org::id_by_code(&app, &o)
                            .await?
                            .with_context(|| fill(lang, "cli.no_org_code", &[("code", &o)]))?,
                    ),
                },
            };
            let input = domain::user::UserInput {
                username: name.clone(),
                display_name: display_name.unwrap_or_else(|| name.clone()),
                role,
                org_id,
                person_id: None,
                password: Some(password),
                active: true,
            };
            match app::user::create(&app, None, &input).await {
                Ok(id) => {
                    println!(
                        "{}",
                        fill(lang, "cli.account_created", &[("name", &name), ("id", &id.to_string())])
                    );
                    Ok(())
                }
                Err(app::AppError::Invalid(inv)) => {
                    for f in &inv.0 {
                        eprintln!(
                            "{}: {}{}",
                            f.field,
                            text(lang, f.code),
                            f.detail.as_deref().map(|d| format!(" ({d})")).unwrap_or_default()
                        );
                    }
                    bail!("{}", text(lang, "cli.account_not_created"));
                }
                Err(e) => Err(e.into()),
            }
        }
        Command::Token {
            command: TokenCmd::Create { name, label, days },
        } => {
            let app = db.open(lang).await?;
            let user = app::user::by_username(&app, &name)
                .await
                .with_context(|| fill(lang, "cli.no_account", &[("name", &name)]))?;
            let token = app::auth::create_token(&app, user.id, &label, days).await?;
            println!("{token}");
            Ok(())
        }
        Command::Check => {
            let app = db.open(lang).await?;
            let c = app::nutrition::check(&app).await?;
            let n = |v: usize| v.to_string();
            println!(
                "{}",
                fill(
                    lang,
                    "cli.check_counts",
                    &[
                        ("children", &c.children.to_string()),
                        ("measurements", &c.measurements.to_string())
                    ],
                )
            );
            if c.integrity.is_empty() {
                println!("{}", text(lang, "cli.integrity_ok"));
            } else {
                println!(
                    "{}",
                    fill(lang, "cli.integrity_problems", &[("n", &n(c.integrity.len()))])
                );
                for p in c.integrity.iter().take(20) {
                    println!("  {p}");
                }
            }
            if c.tallies.is_empty() {
                println!(
                    "{}",
                    fill(lang, "cli.tallies_ok", &[("n", &c.tallies_compared.to_string())])
                );
            } else {
                println!(
                    "{}",
                    fill(
                        lang,
                        "cli.tallies_differ",
                        &[("n", &n(c.tallies.len())), ("total", &c.tallies_compared.to_string())],
                    )
                );
                for (k, a, b) in c.tallies.iter().take(20) {
                    let line = fill(
                        lang,
                        "cli.tally_line",
                        &[
                            ("s", &a.s.to_string()),
                            ("d", &a.d.to_string()),
                            ("stunted", &a.stunted.to_string()),
                            ("s2", &b.s.to_string()),
                            ("d2", &b.d.to_string()),
                            ("stunted2", &b.stunted.to_string()),
                        ],
                    );
                    println!("  {k}: {line}");
                }
            }
            if c.rollups.is_empty() {
                println!("{}", text(lang, "cli.rollups_ok"));
            } else {
                println!("{}", fill(lang, "cli.rollups_differ", &[("n", &n(c.rollups.len()))]));
                for line in c.rollups.iter().take(20) {
                    println!("  {line}");
                }
            }
            if c.ok() {
                Ok(())
            } else {
                bail!("{}", text(lang, "cli.needs_attention"))
            }
        }
        Command::Backup { file } => {
            let store = app::Store::connect(&db.url()).await?;
            store.backup(&file).await?;
            println!(
                "{}",
                fill(lang, "cli.backup_written", &[("file", &file.display().to_string())])
            );
            Ok(())
        }
        Command::Restore { file, force } => {
            cmd::restore::run(&db.url(), db.is_postgres(), &db.sqlite_path(), &file, force, lang).await
        }
        // The page benchmark talks HTTP to a server of its own: the server opens the database.
        Command::Bench {
            command: cmd::bench::BenchCmd::Pages(args),
        } => {
            let target = cmd::bench_pages::Target {
                database_url: db.database_url.clone(),
                data_dir: db.data_dir.clone(),
            };
            cmd::bench_pages::run(args, target).await
        }
        Command::Bench { command } => {
            let app = db.open(lang).await?;
            cmd::bench::run(&app, command).await
        }
        Command::Import { command } => {
            let app = db.open(lang).await?;
            let code = cmd::import::run(&app, command, chosen).await?;
            if code != 0 {
                std::process::exit(code);
            }
            Ok(())
        }
        Command::Growth(_) => unreachable!("handled before the runtime starts"),
    }
}

async fn load_demo(app: &app::App, lang: Lang) -> Result<()> {
    if app::demo::load_full(app, &|step| println!("  {step}")).await? {
        println!("{}", text(lang, "cli.demo_loaded"));
    } else {
        println!("{}", text(lang, "cli.demo_already"));
    }
    println!(
        "{}",
        fill(lang, "cli.demo_logins", &[("password", app::demo::district::PASSWORD)])
    );
    for (u, role, display, _) in app::demo::district::LOGINS {
        println!("  {u:<10} {role:<10} {display}");
    }
    Ok(())
}

async fn serve(db: &DbArgs, args: ServeArgs, lang: Lang) -> Result<()> {
    let started = std::time::Instant::now();
    let mut app = db.open(lang).await?;
    if let Some(url) = &args.smtp_url {
        let config = app::mail::MailConfig::parse(url, &args.smtp_from).map_err(|e| anyhow::anyhow!(e))?;
        tracing::info!(host = %config.host, port = config.port, "notices by e-mail");
        app = app.with_mail(config);
    }
    if let Some(url) = &args.public_url {
        app = app.with_public_url(url);
    }
    if args.demo {
        load_demo(&app, lang).await?;
    }
    let _mailer = app::mail::spawn(&app);
    if let Some(token) = app::auth::setup_token(&app).await? {
        println!("{}", text(lang, "cli.setup_link"));
        println!("  http://{}/setup?token={token}", args.addr);
        println!("{}", text(lang, "cli.setup_or"));
    }
    let router = web::router(
        app,
        web::WebConfig {
            secure_cookies: args.secure_cookies,
            trusted_proxies: args.trusted_proxy,
        },
    );
    let listener = tokio::net::TcpListener::bind(args.addr)
        .await
        .with_context(|| fill(lang, "cli.cannot_listen", &[("addr", &args.addr.to_string())]))?;
    println!(
        "{}",
        fill(
            lang,
            "cli.running",
            &[
                ("addr", &args.addr.to_string()),
                ("db", &db.redacted()),
                ("ms", &started.elapsed().as_millis().to_string()),
            ],
        )
    );
    axum::serve(listener, router.into_make_service_with_connect_info::<SocketAddr>())
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await?;
    Ok(())
}

/// `--role`: one of the account roles, spelled as stored.
fn parse_role(s: &str) -> Result<domain::user::Role, String> {
    domain::user::Role::parse(s).map_err(|_| {
        let all: Vec<&str> = domain::user::Role::ALL.iter().map(|r| r.as_str()).collect();
        format!("expected one of {}", all.join(", "))
    })
}
