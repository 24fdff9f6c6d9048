//! The arrows of ARCHITECTURE.md, checked: which Lintas crate may depend on which, and what
//! crosses a boundary. `web` uses the store's row and filter types as read models (what a
//! page shows) but never calls the store: every read and write goes through a use case in
//! `app`. The binary is the composition root: it opens the store, migrates, backs up, and
//! `lintas bench` measures the store itself.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The workspace crates each crate may depend on (normal dependencies).
const ARROWS: &[(&str, &[&str])] = &[
    ("growth", &[]),
    ("domain", &["growth"]),
    ("interop", &["growth", "domain"]),
    ("store", &["domain"]),
    ("app", &["domain", "growth", "store", "interop"]),
    ("web", &["domain", "app", "store", "interop"]),
    ("lintas", &["growth", "interop", "domain", "store", "app", "web"]),
];
const CRATES: &[&str] = &[
    "growth", "domain", "interop", "store", "app", "web", "lintas", "testkit",
];

fn dependencies(krate: &str) -> Vec<String> {
    let text = std::fs::read_to_string(root().join(format!("crates/{krate}/Cargo.toml"))).unwrap();
    let mut out = Vec::new();
    let mut in_deps = false;
    for line in text.lines() {
        let t = line.trim();
        if t.starts_with('[') {
            in_deps = t == "[dependencies]";
            continue;
        }
        if in_deps {
            let name = t.split(['.', '=', ' ']).next().unwrap_or_default();
            if CRATES.contains(&name) {
                out.push(name.to_string());
            }
        }
    }
    out
}

#[test]
fn crates_depend_only_along_the_arrows() {
    for (krate, allowed) in ARROWS {
        for dep in dependencies(krate) {
            assert!(
                allowed.contains(&dep.as_str()),
                "{krate} depends on {dep}, which ARCHITECTURE.md does not allow"
            );
        }
    }
    assert!(
        dependencies("app").contains(&"store".to_string()),
        "the manifest was not read"
    );
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// `store::module::function(` — a call into the store, as opposed to naming one of its types.
fn calls_store(line: &str) -> bool {
    let code = line.split("//").next().unwrap_or_default();
    code.match_indices("store::").any(|(i, m)| {
        let rest = &code[i + m.len()..];
        let mut parts = rest.splitn(3, "::");
        let (Some(module), Some(item)) = (parts.next(), parts.next()) else {
            return false;
        };
        let name: String = item.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
        module.chars().all(|c| c.is_ascii_lowercase() || c == '_')
            && name.starts_with(|c: char| c.is_ascii_lowercase())
            && item[name.len()..].starts_with('(')
    })
}

#[test]
fn web_never_calls_the_store() {
    let mut files = Vec::new();
    rust_files(&root().join("crates/web/src"), &mut files);
    assert!(files.len() > 20);
    let mut found = Vec::new();
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        for (n, line) in text.lines().enumerate() {
            if calls_store(line) || line.contains("on_tx!") || line.contains("store::Tx") || line.contains("sqlx::") {
                found.push(format!("{}:{}: {}", f.display(), n + 1, line.trim()));
            }
        }
    }
    assert!(
        found.is_empty(),
        "web reaches into the store (use a use case of app):\n{}",
        found.join("\n")
    );
    assert!(calls_store("    let o = store::org::get(&mut tx, id).await?;"));
    assert!(!calls_store("    filter: &store::meeting::MeetingFilter {"));
    assert!(!calls_store("use store::org::Org;"));
}

#[test]
fn the_binary_calls_the_store_only_to_run_it() {
    // Opening, migrating, backing up and restoring the database, and the benchmark of the
    // store itself; everything else goes through app.
    const ALLOWED: &[&str] = &["cmd/bench.rs", "cmd/restore.rs"];
    let mut files = Vec::new();
    rust_files(&root().join("crates/lintas/src"), &mut files);
    let mut found = Vec::new();
    for f in files {
        let rel = f.to_string_lossy().replace('\\', "/");
        if ALLOWED.iter().any(|a| rel.ends_with(a)) {
            continue;
        }
        let text = std::fs::read_to_string(&f).unwrap();
        for (n, line) in text.lines().enumerate() {
            if calls_store(line) {
                found.push(format!("{rel}:{}: {}", n + 1, line.trim()));
            }
        }
    }
    assert!(found.is_empty(), "the binary calls the store:\n{}", found.join("\n"));
}
