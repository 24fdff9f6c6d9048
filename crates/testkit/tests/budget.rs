//! Page weight (issue 14): a kader on a weak signal gets every page of the Posyandu day in
//! under 100 KB transferred — the HTML, the stylesheet and scripts it references, the manifest
//! and icon, and what the offline script fetches on a first visit (the service worker, the
//! Posyandu's list, the offline page), all compressed as the phone asks for them — and the
//! service worker keeps under 200 KB (itself, what it precaches and the pages it keeps). SQLite
//! is enough for weights. A Posyandu of a realistic size: 80 children, each weighed.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use lintas_testkit::html::links;
use lintas_testkit::http::Client;
use lintas_testkit::{TestApp, TestDb};

/// Every page a kader works with during the Posyandu day: `{child}` is a child of the kader's
/// Posyandu, `{posyandu}` the Posyandu. Add a page with one line.
const KADER_PAGES: &[&str] = &[
    "/",
    "/offline",
    "/children/{child}/measure",
    "/children/{child}/measure?back=day",
    "/children/new",
    "/children/new?posyandu={posyandu}",
    "/children",
    "/children/{child}",
    "/followup",
    // the Posyandu day (issue 14)
    "/posyandu/{posyandu}/day",
    "/posyandu/{posyandu}/day?q=a",
    "/posyandu/{posyandu}/day/summary",
    // prints (for paper: no offline layer, the same budget)
    "/posyandu/{posyandu}/day/register",
    "/children/{child}/kms",
];

/// Pages made for printing: they carry no offline layer.
fn is_print(path: &str) -> bool {
    path.ends_with("/day/register") || path.ends_with("/kms")
}

/// Transferred per page, first visit included.
const PAGE_BUDGET: usize = 100 * 1024;
/// The service worker and everything it keeps.
const SW_BUDGET: usize = 200 * 1024;
/// What the offline script fetches on a kader's first visit besides the page's own assets.
const FIRST_VISIT: &[&str] = &["/sw.js", "/posyandu/{posyandu}/offline.json", "/offline"];

/// The bytes of `path` as they travel (compressed when the server compresses), and whether
/// they were compressed.
async fn transferred(c: &Client, path: &str) -> (usize, bool) {
    let r = c
        .http
        .get(format!("{}{path}", c.base))
        .header("accept-encoding", "br, gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "{path}");
    let compressed = r.headers().contains_key("content-encoding");
    (r.bytes().await.unwrap().len(), compressed)
}

/// The page as the browser reads it (uncompressed).
async fn plain(c: &Client, path: &str) -> String {
    let p = c.get(path).await;
    assert_eq!(p.status, 200, "{path}");
    p.body
}

/// The same-site assets a page references: stylesheets, scripts, the manifest.
fn assets(html: &str) -> Vec<String> {
    let mut out: Vec<String> = links(html, "/static/");
    out.extend(links(html, "/manifest.webmanifest"));
    out.extend(
        html.match_indices("src=\"/")
            .map(|(i, _)| html[i + 5..].split('"').next().unwrap_or("").to_string()),
    );
    out.sort();
    out.dedup();
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_kader_page_keeps_its_budget() {
    let t = TestApp::spawn_fixture(TestDb::sqlite().await).await;
    let fx = t.fx().clone();
    let dinkes = t.actor("dinkes").await;
    let today = fx.today;
    for i in 0..80 {
        let born = today - chrono::Duration::days(40 + i * 21);
        let sex = if i % 2 == 0 {
            domain::nutrition::Sex2::L
        } else {
            domain::nutrition::Sex2::P
        };
        let id = lintas_testkit::fixture::child(
            &t.app,
            &dinkes,
            fx.posyandu,
            &format!("Anak Timbang Nomor {i:02} Binti Sulaiman"),
            sex,
            born,
            &format!("15030301012{i:05}"),
        )
        .await;
        lintas_testkit::fixture::measure(
            &t.app,
            &dinkes,
            id,
            today - chrono::Duration::days(30),
            6.0 + i as f64 * 0.1,
            60.0 + i as f64 * 0.3,
        )
        .await;
    }
    let c = t.signed_in("kader").await;
    let fill = |p: &str| {
        p.replace("{child}", &fx.children[0].to_string())
            .replace("{posyandu}", &fx.posyandu.to_string())
    };
    let mut report = Vec::new();
    for page in KADER_PAGES {
        let path = fill(page);
        let html = plain(&c, &path).await;
        assert!(
            is_print(page) || html.contains("/static/offline.js"),
            "{path}: a kader page carries the offline layer"
        );
        let (mut total, compressed) = transferred(&c, &path).await;
        assert!(compressed, "{path} is sent compressed");
        let mut parts = vec![format!("{path} {total}")];
        let mut extra: Vec<String> = assets(&html);
        extra.push("/static/icon.svg".into());
        extra.extend(FIRST_VISIT.iter().map(|p| fill(p)));
        extra.sort();
        extra.dedup();
        for a in &extra {
            let (n, _) = transferred(&c, a).await;
            total += n;
            parts.push(format!("{a} {n}"));
        }
        report.push(format!("{path}: {total} B ({})", parts.join(", ")));
        assert!(
            total < PAGE_BUDGET,
            "{path} weighs {total} bytes on a first visit, over {PAGE_BUDGET}: {}",
            parts.join(", ")
        );
    }
    println!("{}", report.join("\n"));

    // The service worker and what it keeps: the precache list, and the pages kept for use
    // without a signal (the home page, the offline page, the day page when there is one).
    let sw = plain(&c, "/sw.js").await;
    let mut kept = sw.len();
    let mut parts = vec![format!("/sw.js {}", sw.len())];
    for path in web::pages::offline::PRECACHE {
        assert!(
            sw.contains(&format!("\"{path}\"")),
            "{path} is in the worker's precache list"
        );
        let n = t.client().download(path).await.bytes.len();
        kept += n;
        parts.push(format!("{path} {n}"));
    }
    for path in ["/", "/offline"] {
        let n = plain(&c, path).await.len();
        kept += n;
        parts.push(format!("{path} {n}"));
    }
    println!("service worker and its cache: {kept} B ({})", parts.join(", "));
    assert!(
        kept < SW_BUDGET,
        "the service worker keeps {kept} bytes, over {SW_BUDGET}: {}",
        parts.join(", ")
    );
    t.cleanup().await;
}
