//! `lintas bench pages`: every GET page and API route each demo role may reach, timed over
//! HTTP against a `lintas serve --demo` started for the run (a child process of this one, on
//! the database the command is given), then a mixed run at many connections, and the
//! server's resident memory after the demo load and after the mixed run.
//!
//! Which routes exist comes from the router's route tables (`web::pages::routes()`,
//! `web::api::routes()`); which ids to ask for comes from the demo as each role sees it: the
//! pages are crawled from the home page (the first link found for each route), the API's
//! `{id}` from the list route above it. A route no role reaches is listed as such.

use anyhow::{Context, Result, bail};
use clap::Args;
use std::collections::{BTreeMap, HashSet, VecDeque};
use std::path::PathBuf;
use std::time::{Duration, Instant};

#[derive(Debug, Args)]
pub struct PagesArgs {
    /// Timed requests per route and role, one client, after two warm-up requests.
    #[arg(long, default_value_t = 40)]
    pub requests: usize,
    /// Connections of the mixed run (every measured non-bulk route of every role, in turn).
    #[arg(long, default_value_t = 16)]
    pub connections: usize,
    /// Seconds the mixed run lasts.
    #[arg(long, default_value_t = 15)]
    pub seconds: u64,
    /// Pages fetched per role while looking for routes (the crawl stops there).
    #[arg(long, default_value_t = 800)]
    pub crawl_limit: usize,
    /// Demo accounts to sign in as (password `lintas-demo`).
    #[arg(
        long,
        value_delimiter = ',',
        default_value = "admin,dinkes,puskesmas,kader,polsek,bupati"
    )]
    pub roles: Vec<String>,
}

/// Where the server under test keeps its data (the command's own database options).
pub struct Target {
    pub database_url: String,
    pub data_dir: PathBuf,
}

const PASSWORD: &str = "lintas-demo";
/// The role shown for the pages fetched without signing in.
const VISITOR: &str = "(visitor)";
/// Goals of issue 16, printed beside the results.
const P95_GOAL_MS: f64 = 20.0;

/// One (role, URL) to time.
#[derive(Clone)]
struct Probe {
    role: String,
    url: String,
    api: bool,
}

struct Timed {
    probe: Probe,
    status: u16,
    bytes: usize,
    /// Rows of a bulk download (CSV lines, table rows of a print), when it is one.
    rows: Option<usize>,
    ms: Vec<f64>,
}

pub async fn run(args: PagesArgs, target: Target) -> Result<()> {
    let exe = std::env::current_exe()?;
    let port = free_port()?;
    let base = format!("http://127.0.0.1:{port}");
    eprintln!("starting {} serve --demo on {base} …", exe.display());
    let started = Instant::now();
    let mut server = tokio::process::Command::new(&exe)
        .arg("serve")
        .arg("--demo")
        .arg("--addr")
        .arg(format!("127.0.0.1:{port}"))
        .arg("--database-url")
        .arg(&target.database_url)
        .arg("--data-dir")
        .arg(&target.data_dir)
        .env("RUST_LOG", "warn")
        .stdout(std::process::Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .context("starting the server")?;
    let pid = server.id().context("server pid")?;
    wait_ready(&base, &mut server).await?;
    let rss_loaded = rss_mb(pid);
    eprintln!(
        "server ready with the demo in {:.1} s, RSS {}",
        started.elapsed().as_secs_f64(),
        show_mb(rss_loaded)
    );

    let (page_routes, api_routes) = route_tables();
    let mut probes = Vec::new();
    let mut sessions = Vec::new();
    let mut reached: HashSet<String> = HashSet::new();
    for role in &args.roles {
        let web = signed_in(&base, role).await?;
        let found = crawl(&web, &base, "/", &page_routes, args.crawl_limit).await;
        let token = api_token(&base, role).await?;
        let api = api_client(&token)?;
        let api_found = api_urls(&api, &base, &api_routes).await;
        eprintln!(
            "{role}: {} page routes, {} API routes found",
            found.len(),
            api_found.len()
        );
        for (route, url) in found {
            reached.insert(route.clone());
            probes.push((
                Probe {
                    role: role.clone(),
                    url,
                    api: false,
                },
                web.clone(),
            ));
        }
        for (route, url) in api_found {
            reached.insert(route.clone());
            probes.push((
                Probe {
                    role: role.clone(),
                    url,
                    api: true,
                },
                api.clone(),
            ));
        }
        sessions.push((web, api));
    }

    // The public figures, as a visitor who has not signed in sees them.
    let visitor = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()?;
    let public = crawl(&visitor, &base, "/publik", &page_routes, args.crawl_limit).await;
    eprintln!("{VISITOR}: {} public page routes found", public.len());
    for (route, url) in public {
        if route.starts_with("/publik") {
            reached.insert(route);
            probes.push((
                Probe {
                    role: VISITOR.into(),
                    url,
                    api: false,
                },
                visitor.clone(),
            ));
        }
    }

    // --- every route, one client ------------------------------------------------------------
    let mut timed = Vec::new();
    for (probe, client) in &probes {
        let mut ms = Vec::with_capacity(args.requests);
        let mut last = (0u16, Vec::new(), String::new());
        for i in 0..args.requests + 2 {
            let t0 = Instant::now();
            let r = client.get(format!("{base}{}", probe.url)).send().await?;
            let status = r.status().as_u16();
            let kind = r
                .headers()
                .get("content-type")
                .and_then(|v| v.to_str().ok())
                .unwrap_or("")
                .to_string();
            let body = r.bytes().await?.to_vec();
            if i >= 2 {
                ms.push(t0.elapsed().as_secs_f64() * 1000.0);
            }
            last = (status, body, kind);
        }
        let (status, body, kind) = last;
        let rows = bulk_rows(&probe.url, &kind, &body);
        timed.push(Timed {
            probe: probe.clone(),
            status,
            bytes: body.len(),
            rows,
            ms,
        });
    }

    // --- mixed run --------------------------------------------------------------------------
    let mixed: Vec<(String, reqwest::Client)> = probes
        .iter()
        .zip(&timed)
        .filter(|(_, t)| t.status == 200 && t.rows.is_none())
        .map(|((p, c), _)| (format!("{base}{}", p.url), c.clone()))
        .collect();
    let (done, errors, lat) = mixed_run(&mixed, args.connections, Duration::from_secs(args.seconds)).await;
    let rss_after = rss_mb(pid);
    let _ = server.start_kill();

    // --- report -------------------------------------------------------------------------------
    report(&timed, &page_routes, &api_routes, &reached);
    let secs = args.seconds as f64;
    println!();
    println!(
        "mixed run: {} connections, {} s, {} routes × roles: **{:.0} req/s**, p50 {:.1} ms, p99 {:.1} ms, {} errors",
        args.connections,
        args.seconds,
        mixed.len(),
        done as f64 / secs,
        pct(&lat, 50.0),
        pct(&lat, 99.0),
        errors
    );
    println!(
        "server RSS: {} after the demo load, {} after the mixed run",
        show_mb(rss_loaded),
        show_mb(rss_after)
    );
    Ok(())
}

fn free_port() -> Result<u16> {
    Ok(std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

async fn wait_ready(base: &str, server: &mut tokio::process::Child) -> Result<()> {
    let http = reqwest::Client::new();
    for _ in 0..1200 {
        if let Some(status) = server.try_wait()? {
            bail!("the server stopped before it was ready ({status})");
        }
        if let Ok(r) = http.get(format!("{base}/healthz")).send().await
            && r.status().is_success()
        {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    bail!("the server did not answer /healthz within 5 minutes")
}

/// Resident memory of process `pid` in MB (Linux), if it can be read.
fn rss_mb(pid: u32) -> Option<f64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let kb: f64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))?
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()?;
    Some(kb / 1024.0)
}

fn show_mb(mb: Option<f64>) -> String {
    mb.map_or("unknown".into(), |m| format!("{m:.0} MB"))
}

/// The GET-able route patterns of both tables (the API's under `/api/v1`).
fn route_tables() -> (Vec<String>, Vec<String>) {
    let pages = web::pages::routes().into_iter().map(|(p, _)| p.to_string()).collect();
    let api = web::api::routes()
        .into_iter()
        .map(|(p, _)| format!("/api/v1{p}"))
        .collect();
    (pages, api)
}

/// The route pattern `path` (no query) belongs to: literal segments equal, `{…}` any one.
fn route_of<'a>(routes: &'a [String], path: &str) -> Option<&'a String> {
    let segs: Vec<&str> = path.split('/').collect();
    routes.iter().find(|r| {
        let rs: Vec<&str> = r.split('/').collect();
        rs.len() == segs.len()
            && rs
                .iter()
                .zip(&segs)
                .all(|(a, b)| (a.starts_with('{') && a.ends_with('}') && !b.is_empty()) || a == b)
    })
}

/// Links a GET would follow: same-site paths, not signing out or switching language.
fn links(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for part in html.split("href=\"").skip(1) {
        let Some(end) = part.find('"') else { continue };
        let href = part[..end].replace("&amp;", "&");
        let path = href.split('#').next().unwrap_or("");
        if path.starts_with('/')
            && !path.starts_with("//")
            && !path.starts_with("/logout")
            && !path.starts_with("/lang")
            && !path.starts_with("/static/")
        {
            out.push(path.to_string());
        }
    }
    out
}

fn client(builder: reqwest::ClientBuilder) -> Result<reqwest::Client> {
    Ok(builder
        .redirect(reqwest::redirect::Policy::none())
        .pool_max_idle_per_host(64)
        .build()?)
}

async fn signed_in(base: &str, username: &str) -> Result<reqwest::Client> {
    let c = client(reqwest::Client::builder().cookie_store(true))?;
    let login = c.get(format!("{base}/login")).send().await?.text().await?;
    let csrf = login
        .split("name=\"_csrf\" value=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .context("no CSRF token on /login")?
        .to_string();
    let r = c
        .post(format!("{base}/login"))
        .form(&[
            ("_csrf", csrf.as_str()),
            ("username", username),
            ("password", PASSWORD),
            ("next", "/"),
        ])
        .send()
        .await?;
    if r.status().as_u16() != 303 {
        bail!("signing in as {username} answered {}", r.status());
    }
    Ok(c)
}

async fn api_token(base: &str, username: &str) -> Result<String> {
    let r = reqwest::Client::new()
        .post(format!("{base}/api/v1/auth/token"))
        .json(&serde_json::json!({"username": username, "password": PASSWORD, "name": "bench pages"}))
        .send()
        .await?;
    let v: serde_json::Value = r.json().await?;
    v["token"]
        .as_str()
        .map(str::to_string)
        .with_context(|| format!("no API token for {username}: {v}"))
}

fn api_client(token: &str) -> Result<reqwest::Client> {
    let mut h = reqwest::header::HeaderMap::new();
    h.insert(reqwest::header::AUTHORIZATION, format!("Bearer {token}").parse()?);
    client(reqwest::Client::builder().default_headers(h))
}

/// Breadth-first from `start`: the first URL answered 200 for each page route.
async fn crawl(
    c: &reqwest::Client,
    base: &str,
    start: &str,
    routes: &[String],
    limit: usize,
) -> BTreeMap<String, String> {
    let mut found = BTreeMap::new();
    let mut seen_route_query: HashSet<(String, bool)> = HashSet::new();
    let mut queue = VecDeque::from([start.to_string()]);
    let mut fetched = 0;
    while let Some(url) = queue.pop_front() {
        if fetched >= limit {
            break;
        }
        fetched += 1;
        let Ok(r) = c.get(format!("{base}{url}")).send().await else {
            continue;
        };
        if r.status().as_u16() != 200 {
            continue;
        }
        let html = r
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|t| t.starts_with("text/html"));
        let path = url.split('?').next().unwrap_or("").to_string();
        if let Some(route) = route_of(routes, &path) {
            found.entry(route.clone()).or_insert_with(|| url.clone());
        }
        if !html {
            continue;
        }
        let Ok(body) = r.text().await else { continue };
        for link in links(&body) {
            let lpath = link.split('?').next().unwrap_or("");
            let Some(route) = route_of(routes, lpath) else { continue };
            // One URL per route (and one more with a query), so the crawl stays small.
            if seen_route_query.insert((route.clone(), link.contains('?'))) {
                queue.push_back(link);
            }
        }
    }
    // Routes no link led to (the service worker, the phone's list, downloads offered by a
    // form): asked with their parameters taken from the URLs found.
    for route in routes {
        if found.contains_key(route) || route.starts_with("/logout") || route.starts_with("/lang") {
            continue;
        }
        let Some(url) = filled(route, found.values()) else {
            continue;
        };
        if let Ok(r) = c.get(format!("{base}{url}")).send().await
            && r.status().as_u16() == 200
        {
            found.insert(route.clone(), url);
        }
    }
    found
}

/// `route` with each `{…}` taken from a found URL that agrees with it up to there.
fn filled<'a>(route: &str, found: impl Iterator<Item = &'a String> + Clone) -> Option<String> {
    let mut out: Vec<String> = Vec::new();
    for (i, seg) in route.split('/').enumerate() {
        if seg.starts_with('{') {
            let value = found.clone().find_map(|u| {
                let segs: Vec<&str> = u.split('?').next().unwrap_or("").split('/').collect();
                // A number or a code ("59", "15.03"), not a word such as "new".
                (segs.len() > i
                    && segs[..i].iter().zip(&out).all(|(a, b)| a == b)
                    && segs[i].starts_with(|c: char| c.is_ascii_digit()))
                .then(|| segs[i].to_string())
            })?;
            out.push(value);
        } else {
            out.push(seg.to_string());
        }
    }
    Some(out.join("/"))
}

/// The API's GET routes with their parameters filled from the list routes above them.
async fn api_urls(c: &reqwest::Client, base: &str, routes: &[String]) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let me: serde_json::Value = match c.get(format!("{base}/api/v1/me")).send().await {
        Ok(r) => r.json().await.unwrap_or_default(),
        Err(_) => serde_json::Value::Null,
    };
    let own_org = me["org_id"].as_i64().or_else(|| me["org"]["id"].as_i64());
    for route in routes {
        let mut url = String::new();
        let mut ok = true;
        for seg in route.split('/').skip(1) {
            url.push('/');
            match seg {
                "{code}" => url.push_str("15.03"),
                "{year}" => url.push_str("2023"),
                "{id}" if url.ends_with("/puskesmas/") => match own_org {
                    Some(id) => url.push_str(&id.to_string()),
                    None => ok = false,
                },
                "{id}" => match first_id(c, base, url.trim_end_matches('/')).await {
                    Some(id) => url.push_str(&id.to_string()),
                    None => ok = false,
                },
                s if s.starts_with('{') => ok = false,
                s => url.push_str(s),
            }
            if !ok {
                break;
            }
        }
        if !ok || url.ends_with("/auth/token") {
            continue;
        }
        if let Ok(r) = c.get(format!("{base}{url}")).send().await
            && r.status().as_u16() == 200
        {
            out.insert(route.clone(), url);
        }
    }
    out
}

/// The first `id` in the JSON answer of `list` (an array, or an object holding one).
async fn first_id(c: &reqwest::Client, base: &str, list: &str) -> Option<i64> {
    let v: serde_json::Value = c.get(format!("{base}{list}")).send().await.ok()?.json().await.ok()?;
    fn find(v: &serde_json::Value) -> Option<i64> {
        match v {
            serde_json::Value::Array(a) => a.iter().find_map(|x| x["id"].as_i64().or_else(|| find(x))),
            serde_json::Value::Object(o) => o.values().find_map(find),
            _ => None,
        }
    }
    find(&v)
}

/// A whole-register download (CSV, XLSX, a print): its rows when they can be counted.
fn bulk_rows(url: &str, kind: &str, body: &[u8]) -> Option<usize> {
    let path = url.split('?').next().unwrap_or("");
    if kind.starts_with("text/csv") || path.ends_with(".csv") {
        return Some(body.iter().filter(|b| **b == b'\n').count().saturating_sub(1));
    }
    if kind.contains("spreadsheetml") || path.ends_with(".xlsx") {
        return Some(0);
    }
    if path.ends_with("/print") || path.ends_with("/register") {
        let html = String::from_utf8_lossy(body);
        return Some(html.matches("<tr").count());
    }
    None
}

fn pct(sorted_or_not: &[f64], p: f64) -> f64 {
    if sorted_or_not.is_empty() {
        return f64::NAN;
    }
    let mut v = sorted_or_not.to_vec();
    v.sort_by(f64::total_cmp);
    let i = ((p / 100.0) * (v.len() - 1) as f64).round() as usize;
    v[i.min(v.len() - 1)]
}

async fn mixed_run(
    targets: &[(String, reqwest::Client)],
    connections: usize,
    length: Duration,
) -> (usize, usize, Vec<f64>) {
    if targets.is_empty() {
        return (0, 0, Vec::new());
    }
    let until = Instant::now() + length;
    let mut tasks = Vec::new();
    for n in 0..connections {
        let targets = targets.to_vec();
        tasks.push(tokio::spawn(async move {
            let (mut done, mut errors, mut lat) = (0usize, 0usize, Vec::new());
            let mut i = n * 7919 % targets.len();
            while Instant::now() < until {
                let (url, c) = &targets[i];
                i = (i + 1) % targets.len();
                let t0 = Instant::now();
                match c.get(url).send().await {
                    Ok(r) if r.status().as_u16() == 200 => {
                        let _ = r.bytes().await;
                        done += 1;
                        lat.push(t0.elapsed().as_secs_f64() * 1000.0);
                    }
                    _ => errors += 1,
                }
            }
            (done, errors, lat)
        }));
    }
    let (mut done, mut errors, mut lat) = (0, 0, Vec::new());
    for t in tasks {
        if let Ok((d, e, l)) = t.await {
            done += d;
            errors += e;
            lat.extend(l);
        }
    }
    (done, errors, lat)
}

fn report(timed: &[Timed], pages: &[String], api: &[String], reached: &HashSet<String>) {
    let (bulk, routes): (Vec<&Timed>, Vec<&Timed>) = timed.iter().partition(|t| t.rows.is_some());
    let mut routes = routes;
    routes.sort_by(|a, b| pct(&b.ms, 95.0).total_cmp(&pct(&a.ms, 95.0)));
    println!("## Every route, one client (slowest first)");
    println!();
    println!("| route | role | status | KB | p50 ms | p95 ms | p99 ms |");
    println!("|---|---|---|---|---|---|---|");
    for t in &routes {
        let p95 = pct(&t.ms, 95.0);
        println!(
            "| `{}`{} | {} | {} | {:.1} | {:.1} | {}{:.1}{} | {:.1} |",
            t.probe.url,
            if t.probe.api { " (API)" } else { "" },
            t.probe.role,
            t.status,
            t.bytes as f64 / 1024.0,
            pct(&t.ms, 50.0),
            if p95 >= P95_GOAL_MS { "**" } else { "" },
            p95,
            if p95 >= P95_GOAL_MS { "**" } else { "" },
            pct(&t.ms, 99.0),
        );
    }
    let over = routes.iter().filter(|t| pct(&t.ms, 95.0) >= P95_GOAL_MS).count();
    let not_ok = routes.iter().filter(|t| t.status != 200).count();
    println!();
    println!(
        "{} (route, role) pairs timed; {} with p95 ≥ {P95_GOAL_MS} ms; {} not answered 200",
        routes.len(),
        over,
        not_ok
    );
    if !bulk.is_empty() {
        println!();
        println!("## Bulk downloads (whole registers)");
        println!();
        println!("| download | role | KB | rows | p50 ms | rows/s |");
        println!("|---|---|---|---|---|---|");
        for t in &bulk {
            let p50 = pct(&t.ms, 50.0);
            let rows = t.rows.unwrap_or(0);
            let rate = if rows > 0 {
                format!("{:.0}", rows as f64 / (p50 / 1000.0))
            } else {
                "—".into()
            };
            println!(
                "| `{}` | {} | {:.1} | {} | {:.1} | {} |",
                t.probe.url,
                t.probe.role,
                t.bytes as f64 / 1024.0,
                rows,
                p50,
                rate
            );
        }
    }
    let missing: Vec<&String> = pages.iter().chain(api).filter(|r| !reached.contains(*r)).collect();
    println!();
    println!(
        "Routes not reached by a GET of any role ({}; forms' POST targets, or ids the crawl did not find): {}",
        missing.len(),
        missing.iter().map(|r| format!("`{r}`")).collect::<Vec<_>>().join(", ")
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_find_their_route() {
        let routes: Vec<String> = ["/meetings", "/meetings/{id}", "/meetings/{id}/rtl.csv", "/meetings/new"]
            .map(String::from)
            .to_vec();
        assert_eq!(
            route_of(&routes, "/meetings/59").map(String::as_str),
            Some("/meetings/{id}")
        );
        assert_eq!(
            route_of(&routes, "/meetings/59/rtl.csv").map(String::as_str),
            Some("/meetings/{id}/rtl.csv")
        );
        assert_eq!(route_of(&routes, "/meetings/").map(String::as_str), None);
        assert_eq!(route_of(&routes, "/nowhere"), None);
    }

    #[test]
    fn links_are_same_site_and_safe() {
        let html = r#"<a href="/meetings/1?x=1&amp;y=2#top">a</a><a href="https://x.org/">b</a>
            <a href="/logout">c</a><link href="/static/style.css"><a href="//evil">d</a>"#;
        assert_eq!(links(html), ["/meetings/1?x=1&y=2"]);
    }

    #[test]
    fn parameters_come_from_found_urls() {
        let found = [
            "/posyandu/new".to_string(),
            "/posyandu/111/day".to_string(),
            "/meetings/59?x=1".to_string(),
        ];
        assert_eq!(
            filled("/posyandu/{id}/offline.json", found.iter()).as_deref(),
            Some("/posyandu/111/offline.json")
        );
        assert_eq!(filled("/children.csv", found.iter()).as_deref(), Some("/children.csv"));
        assert_eq!(filled("/plans/{id}", found.iter()), None);
    }

    #[test]
    fn percentiles() {
        let v: Vec<f64> = (1..=100).map(f64::from).collect();
        assert_eq!(pct(&v, 50.0), 51.0);
        assert_eq!(pct(&v, 95.0), 95.0);
        assert!(pct(&[], 50.0).is_nan());
    }
}
