//! The command line as an operator uses it: accounts, tokens, a server, backup and restore.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::Write;
use std::process::{Child, Command, Output, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_lintas");

fn lintas(data: &std::path::Path, db_url: &str, args: &[&str], stdin: Option<&str>) -> Output {
    let mut cmd = Command::new(BIN);
    cmd.args(args)
        .env("LINTAS_DATA_DIR", data)
        .env("LINTAS_DATABASE_URL", db_url)
        .env("LINTAS_LOG", "warn")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("run lintas");
    if let Some(s) = stdin {
        child.stdin.take().unwrap().write_all(s.as_bytes()).unwrap();
    } else {
        drop(child.stdin.take());
    }
    child.wait_with_output().unwrap()
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

struct Server(Child);
impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

async fn serve(data: &std::path::Path, db_url: &str) -> (Server, String) {
    let port = free_port();
    let child = Command::new(BIN)
        .args(["serve", "--addr", &format!("127.0.0.1:{port}")])
        .env("LINTAS_DATA_DIR", data)
        .env("LINTAS_DATABASE_URL", db_url)
        .env("LINTAS_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let base = format!("http://127.0.0.1:{port}");
    for _ in 0..200 {
        if reqwest::get(format!("{base}/healthz"))
            .await
            .map(|r| r.status() == 200)
            .unwrap_or(false)
        {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    (Server(child), base)
}

async fn me(base: &str, token: &str) -> serde_json::Value {
    reqwest::Client::new()
        .get(format!("{base}/api/v1/me"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

async fn accounts_tokens_and_server(db_url: &str, data: &std::path::Path) {
    let o = lintas(data, db_url, &["migrate"], None);
    assert!(o.status.success(), "{}", text(&o));
    assert!(
        text(&o).contains("38 provinces, 514 regencies, 7285 districts, 83762 villages"),
        "{}",
        text(&o)
    );

    let o = lintas(data, db_url, &["user", "add", "ops", "--role", "admin"], None);
    assert!(!o.status.success(), "refuses a password on no channel");
    let o = lintas(
        data,
        db_url,
        &["user", "add", "ops", "--role", "admin", "--password-stdin"],
        Some("short\n"),
    );
    assert!(!o.status.success());
    assert!(text(&o).contains("at least 10 characters"), "{}", text(&o));
    let o = lintas(
        data,
        db_url,
        &["user", "add", "ops", "--role", "admin", "--password-stdin"],
        Some("correct horse battery\n"),
    );
    assert!(o.status.success(), "{}", text(&o));
    let o = lintas(
        data,
        db_url,
        &["user", "add", "ops", "--role", "admin", "--password-stdin"],
        Some("correct horse battery\n"),
    );
    assert!(!o.status.success() && text(&o).contains("taken"), "{}", text(&o));
    let o = lintas(
        data,
        db_url,
        &["user", "add", "pkm", "--role", "puskesmas", "--password-stdin"],
        Some("correct horse battery\n"),
    );
    assert!(
        !o.status.success() && text(&o).contains("scope organisation"),
        "{}",
        text(&o)
    );

    let o = lintas(data, db_url, &["token", "create", "ops"], None);
    assert!(o.status.success(), "{}", text(&o));
    let token = String::from_utf8_lossy(&o.stdout).trim().to_string();
    assert!(token.starts_with("lintas_"));

    let (_server, base) = serve(data, db_url).await;
    assert_eq!(me(&base, &token).await["username"], "ops");
    let r = reqwest::get(format!("{base}/api/v1/organizations")).await.unwrap();
    assert_eq!(r.status(), 401);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cli_accounts_tokens_and_server_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    accounts_tokens_and_server("", dir.path()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cli_accounts_tokens_and_server_on_postgres() {
    let Some(db) = lintas_testkit::TestDb::postgres().await else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    accounts_tokens_and_server(&db.url, dir.path()).await;
    db.cleanup().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn backup_while_serving_and_restore_with_force() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let o = lintas(&data, "", &["demo"], None);
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("lintas-demo"));
    let (server, _) = serve(&data, "").await;
    let backup = dir.path().join("snapshot.db");
    let o = lintas(&data, "", &["backup", backup.to_str().unwrap()], None);
    assert!(o.status.success(), "{}", text(&o));
    let o = lintas(&data, "", &["backup", backup.to_str().unwrap()], None);
    assert!(!o.status.success(), "an existing backup file is never overwritten");
    drop(server);

    // Change the database after the backup, then restore.
    let o = lintas(
        &data,
        "",
        &["user", "add", "later", "--role", "admin", "--password-stdin"],
        Some("created after backup\n"),
    );
    assert!(o.status.success());
    let o = lintas(&data, "", &["restore", backup.to_str().unwrap()], None);
    assert!(!o.status.success() && text(&o).contains("--force"), "{}", text(&o));
    let o = lintas(&data, "", &["restore", backup.to_str().unwrap(), "--force"], None);
    assert!(o.status.success(), "{}", text(&o));
    let o = lintas(&data, "", &["token", "create", "later"], None);
    assert!(!o.status.success(), "the account made after the backup is gone");
    let o = lintas(&data, "", &["token", "create", "dinkes"], None);
    assert!(o.status.success(), "demo accounts are back");
    let token = String::from_utf8_lossy(&o.stdout).trim().to_string();
    let (_server, base2) = serve(&data, "").await;
    assert_eq!(me(&base2, &token).await["role"], "dinkes");

    let junk = dir.path().join("junk.db");
    std::fs::write(&junk, b"not a database").unwrap();
    let o = lintas(&data, "", &["restore", junk.to_str().unwrap(), "--force"], None);
    assert!(!o.status.success(), "a file that is not a Lintas backup is refused");
}

#[test]
fn first_start_without_users_prints_a_setup_link() {
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let mut child = Command::new(BIN)
        .args(["serve", "--addr", &format!("127.0.0.1:{port}")])
        .env("LINTAS_DATA_DIR", dir.path())
        .env("LINTAS_DATABASE_URL", "")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut out = child.stdout.take().unwrap();
    let mut buf = Vec::new();
    let mut chunk = [0u8; 512];
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while std::time::Instant::now() < deadline {
        use std::io::Read;
        let n = out.read(&mut chunk).unwrap_or(0);
        if n == 0 {
            break;
        }
        buf.extend_from_slice(&chunk[..n]);
        if String::from_utf8_lossy(&buf).contains("is running") {
            break;
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    let s = String::from_utf8_lossy(&buf);
    assert!(s.contains("/setup?token="), "{s}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn backup_and_restore_on_postgres() {
    let Some(src) = lintas_testkit::TestDb::postgres().await else {
        return;
    };
    let Some(dst) = lintas_testkit::TestDb::postgres().await else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let o = lintas(dir.path(), &src.url, &["demo"], None);
    assert!(o.status.success(), "{}", text(&o));
    let dump = dir.path().join("lintas.dump");
    let o = lintas(dir.path(), &src.url, &["backup", dump.to_str().unwrap()], None);
    assert!(o.status.success(), "{}", text(&o));
    // The target already has an account: refused without --force, replaced with it.
    let o = lintas(
        dir.path(),
        &dst.url,
        &["user", "add", "other", "--role", "admin", "--password-stdin"],
        Some("another password\n"),
    );
    assert!(o.status.success(), "{}", text(&o));
    let o = lintas(dir.path(), &dst.url, &["restore", dump.to_str().unwrap()], None);
    assert!(!o.status.success() && text(&o).contains("--force"), "{}", text(&o));
    let o = lintas(
        dir.path(),
        &dst.url,
        &["restore", dump.to_str().unwrap(), "--force"],
        None,
    );
    assert!(o.status.success(), "{}", text(&o));
    let o = lintas(dir.path(), &dst.url, &["token", "create", "dinkes"], None);
    assert!(
        o.status.success(),
        "the demo accounts came with the snapshot: {}",
        text(&o)
    );
    let o = lintas(dir.path(), &dst.url, &["token", "create", "other"], None);
    assert!(!o.status.success(), "the account made before the restore is gone");
    src.cleanup().await;
    dst.cleanup().await;
}
