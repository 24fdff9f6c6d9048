//! The command line as an operator uses it: accounts, tokens, a server, backup and restore,
//! and the import of e-PPGBM-style measurement files.
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

// --- lintas import measurements ---------------------------------------------------------------

/// Children named "… Impor" and their measurements, as stored.
async fn imported(db: &lintas_testkit::TestDb) -> (usize, usize) {
    let mut tx = db.store.read().await.unwrap();
    let children = store::nutrition::children(
        &mut tx,
        &domain::access::Area::All,
        &store::nutrition::ChildFilter {
            q: Some("impor".into()),
            limit: 5000,
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let mut measurements = 0;
    for c in &children {
        measurements += store::nutrition::measurements(&mut tx, c.id).await.unwrap().len();
    }
    (children.len(), measurements)
}

fn code(o: &Output) -> i32 {
    o.status.code().unwrap_or(-1)
}

/// The Posyandu of the kader login (desa Dusun Sarolangun, 15.03.03.1001), by name and desa
/// code; a child measured twice, another once.
const CLEAN: &str = "NIK,Nama Anak,JK,Tgl Lahir,Nama Ibu,Desa,Posyandu,Tgl Ukur,BB,TB/PB\n\
    1503030101220001,Aisyah Impor,P,10/02/2022,Siti Rahma,15.03.03.1001,Dusun Sarolangun,15/01/2024,10.0,85\n\
    1503030101220001,Aisyah Impor,P,10/02/2022,Siti Rahma,15.03.03.1001,Dusun Sarolangun,15/02/2024,10.3,85.5\n\
    ,Bunga Impor,P,10/02/2022,Rina Wati,15.03.03.1001,Posyandu Dusun Sarolangun,15/02/2024,9.1,77\n";

async fn import_measurements(db: &lintas_testkit::TestDb) {
    let app = db.app().await;
    app::demo::load(&app).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let url = db.url.as_str();
    let file = |name: &str, text: &str| {
        let p = dir.path().join(name);
        std::fs::write(&p, text).unwrap();
        p.to_str().unwrap().to_string()
    };
    let clean = file("februari.csv", CLEAN);
    assert_eq!(imported(db).await, (0, 0));

    // A dry run checks everything and stores nothing.
    let o = lintas(&data, url, &["import", "measurements", &clean, "--dry-run"], None);
    assert_eq!(code(&o), 0, "{}", text(&o));
    assert!(
        text(&o).contains("3 rows in ")
            && text(&o).contains("children 2 new, 0 known; measurements 3 new, 0 changed, 0 unchanged"),
        "{}",
        text(&o)
    );
    assert!(text(&o).contains("dry run: nothing stored."), "{}", text(&o));
    assert_eq!(imported(db).await, (0, 0), "a dry run stores nothing");

    // The clean file is stored; the same file again changes nothing.
    let o = lintas(&data, url, &["import", "measurements", &clean], None);
    assert_eq!(code(&o), 0, "{}", text(&o));
    assert!(
        text(&o).contains("children 2 new, 0 known; measurements 3 new, 0 changed, 0 unchanged"),
        "{}",
        text(&o)
    );
    assert!(text(&o).contains("stored."));
    assert_eq!(imported(db).await, (2, 3));
    let o = lintas(&data, url, &["import", "measurements", &clean], None);
    assert_eq!(code(&o), 0, "{}", text(&o));
    assert!(
        text(&o).contains("children 0 new, 2 known; measurements 0 new, 0 changed, 3 unchanged"),
        "{}",
        text(&o)
    );
    assert_eq!(imported(db).await, (2, 3), "re-importing changes nothing");

    // An ugly file: every problem by row, column, value and reason, exit code 2, the report
    // written, nothing stored — not even its good row.
    let ugly = file(
        "ugly.csv",
        "NIK,Nama Anak,JK,Tgl Lahir,Nama Ibu,Desa,Posyandu,Tgl Ukur,BB,TB/PB\n\
         ,Citra Impor,P,10/02/2022,Ani,15.03.03.1001,Dusun Sarolangun,15/02/2024,10300,85\n\
         ,Dewi Impor,P,10/02/2022,Ani,15.03.03.1001,Dusun Sarolangun,15/02/2024,9.1,0.77\n\
         123,Eko Impor,X,01/01/2023,Ani,15.03.03.1001,Dusun Sarolangun,01/01/2099,9,70\n\
         ,Fajar Impor,L,01/01/2023,Ani,15.03.03.1001,Mawar Tak Ada,15/02/2024,9,70\n\
         ,Gita Impor,P,01/06/2023,Ani,15.03.03.1001,Dusun Sarolangun,15/02/2024,6,65\n",
    );
    let report = dir.path().join("problems.csv");
    let o = lintas(
        &data,
        url,
        &["import", "measurements", &ugly, "--errors", report.to_str().unwrap()],
        None,
    );
    assert_eq!(code(&o), 2, "{}", text(&o));
    assert!(text(&o).contains("nothing was stored"), "{}", text(&o));
    assert!(text(&o).contains("full report: "), "{}", text(&o));
    let csv = std::fs::read_to_string(&report).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[0], "\u{feff}baris,kolom,nilai,alasan", "{csv}");
    // The reason of the problem at (row, column, value).
    let reason = |row: &str, column: &str, value: &str| -> String {
        let head = format!("{row},{column},{value},");
        lines
            .iter()
            .find_map(|l| l.strip_prefix(head.as_str()))
            .unwrap_or_else(|| panic!("no {head} in {csv}"))
            .to_string()
    };
    assert!(reason("2", "BB", "10300").contains("dalam gram"));
    assert!(reason("3", "TB/PB", "0.77").contains("dalam meter"));
    assert!(reason("4", "NIK", "123").contains("16 digit"));
    assert!(reason("4", "JK", "X").contains("Pilih L"));
    assert!(reason("4", "Tgl Ukur", "01/01/2099").contains("masa depan"));
    assert!(reason("5", "Posyandu", "Mawar Tak Ada").contains("tidak ditemukan"));
    assert!(
        !lines.iter().any(|l| l.starts_with("6,")),
        "the good row has no problem: {csv}"
    );
    assert_eq!(lines.len(), 7, "{csv}");
    assert_eq!(imported(db).await, (2, 3), "nothing of the ugly file");

    // Headers nobody guesses: refused until mapped, then stored.
    let odd = file(
        "odd.csv",
        "Anak,Kelamin,Lahir,Pos,Tanggal Timbang,Berat,Tinggi,Kampung\n\
         Hana Impor,P,2022-03-01,Dusun Sarolangun,2024-02-15,10.1,84,15.03.03.1001\n",
    );
    let o = lintas(&data, url, &["import", "measurements", &odd], None);
    assert_eq!(code(&o), 2, "{}", text(&o));
    assert!(
        text(&o).contains("mapping: Kolom wajib tidak ditemukan"),
        "{}",
        text(&o)
    );
    assert_eq!(imported(db).await, (2, 3));
    let mut args = vec!["import", "measurements", odd.as_str()];
    for m in [
        "nama=Anak",
        "jk=Kelamin",
        "tgl_lahir=Lahir",
        "posyandu=Pos",
        "tgl_ukur=Tanggal Timbang",
        "bb=Berat",
        "tb=Tinggi",
        "desa=Kampung",
    ] {
        args.extend(["--map", m]);
    }
    let o = lintas(&data, url, &args, None);
    assert_eq!(code(&o), 0, "{}", text(&o));
    assert!(text(&o).contains("children 1 new"), "{}", text(&o));
    assert_eq!(imported(db).await, (3, 4));
    let o = lintas(&data, url, &["import", "measurements", &odd, "--map", "Anak"], None);
    assert_ne!(code(&o), 0);
    assert!(text(&o).contains("--map wants FIELD=HEADER"), "{}", text(&o));

    // --as: an unknown account is named; a kader imports for its own Posyandu only.
    let o = lintas(&data, url, &["import", "measurements", &clean, "--as", "nobody"], None);
    assert_eq!(code(&o), 1, "{}", text(&o));
    assert!(text(&o).contains("no account \"nobody\""), "{}", text(&o));
    let (desa, posyandu) = {
        let mut tx = db.store.read().await.unwrap();
        let d = store::region::children(&mut tx, Some("15.03.01")).await.unwrap()[0]
            .code
            .clone();
        let p = store::org::get_by_code(&mut tx, &format!("POSY-{}", d.replace('.', "")))
            .await
            .unwrap()
            .unwrap();
        (d, p.name)
    };
    let elsewhere = file(
        "elsewhere.csv",
        &format!(
            "Nama Anak,JK,Tgl Lahir,Nama Ibu,Desa,Posyandu,Tgl Ukur,BB\n\
             Indra Impor,L,2022-05-01,Sari,15.03.03.1001,Dusun Sarolangun,2024-02-15,10.4\n\
             Joko Impor,L,2022-05-01,Sari,{desa},{posyandu},2024-02-15,10.4\n"
        ),
    );
    let o = lintas(&data, url, &["import", "measurements", &elsewhere, "--dry-run"], None);
    assert_eq!(code(&o), 0, "the operator reaches every Posyandu: {}", text(&o));
    let o = lintas(
        &data,
        url,
        &["import", "measurements", &elsewhere, "--as", "kader"],
        None,
    );
    assert_eq!(code(&o), 2, "{}", text(&o));
    assert!(
        text(&o).lines().any(|l| {
            let cells: Vec<&str> = l.split_whitespace().collect();
            cells.len() > 2 && cells[0] == "3" && cells[1] == "Posyandu" && l.contains(&posyandu)
        }),
        "another Posyandu is outside the kader's reach: {}",
        text(&o)
    );
    assert_eq!(imported(db).await, (3, 4));
    let o = lintas(&data, url, &["import", "measurements", &clean, "--as", "kader"], None);
    assert_eq!(code(&o), 0, "{}", text(&o));
    assert!(text(&o).contains("children 0 new, 2 known"), "{}", text(&o));
    assert_eq!(imported(db).await, (3, 4));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn import_measurements_on_sqlite() {
    let db = lintas_testkit::TestDb::sqlite().await;
    import_measurements(&db).await;
    db.cleanup().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn import_measurements_on_postgres() {
    let Some(db) = lintas_testkit::TestDb::postgres().await else {
        return;
    };
    import_measurements(&db).await;
    db.cleanup().await;
}

/// The 4.9 KB workbook of the security review (headers A1…G1 and a cell at XFD1048576) once
/// made the import abort on a 512 GiB allocation; now it is a clear error with exit code 2,
/// and so are the other crafted files.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn crafted_files_are_refused_with_a_clear_error() {
    let db = lintas_testkit::TestDb::sqlite().await;
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let bomb = dir.path().join("bomb.xlsx");
    std::fs::write(&bomb, lintas_testkit::xfd_bomb()).unwrap();
    let o = lintas(
        &data,
        &db.url,
        &["import", "measurements", bomb.to_str().unwrap(), "--dry-run"],
        None,
    );
    assert_eq!(code(&o), 2, "{}", text(&o));
    assert!(
        text(&o).contains("Berkas terlalu besar: barisnya melebihi batas"),
        "{}",
        text(&o)
    );
    assert!(text(&o).contains("1048576 > 300000"), "{}", text(&o));
    let wide = dir.path().join("lebar.csv");
    std::fs::write(&wide, "a;".repeat(1_000_000)).unwrap();
    let o = lintas(
        &data,
        &db.url,
        &["import", "measurements", wide.to_str().unwrap()],
        None,
    );
    assert_eq!(code(&o), 2, "{}", text(&o));
    assert!(text(&o).contains("Ada baris yang terlalu panjang"), "{}", text(&o));
    // A file larger than the default row limit can be let through on purpose.
    let mut many = String::from("Nama,JK,Tgl Lahir,Posyandu,Tgl Ukur\n");
    for _ in 0..10 {
        many.push_str("Anak,L,2022-01-01,Tidak Ada,2024-01-01\n");
    }
    let path = dir.path().join("banyak.csv");
    std::fs::write(&path, &many).unwrap();
    let o = lintas(
        &data,
        &db.url,
        &[
            "import",
            "measurements",
            path.to_str().unwrap(),
            "--dry-run",
            "--max-rows",
            "5",
        ],
        None,
    );
    assert_eq!(code(&o), 2);
    assert!(text(&o).contains("barisnya melebihi batas"), "{}", text(&o));
    db.cleanup().await;
}

/// Messages follow `--lang` (or `LINTAS_LANG`); without either they stay in English.
#[test]
fn messages_in_the_chosen_language() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing.backup");
    let missing = missing.to_str().unwrap();
    let o = lintas(dir.path(), "", &["restore", missing], None);
    assert!(
        !o.status.success() && text(&o).contains("error: ") && text(&o).contains("is not a file"),
        "{}",
        text(&o)
    );
    let o = lintas(dir.path(), "", &["--lang", "id", "restore", missing], None);
    assert!(
        !o.status.success() && text(&o).contains("kesalahan: ") && text(&o).contains("bukan berkas"),
        "{}",
        text(&o)
    );
}
