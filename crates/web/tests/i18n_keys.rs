//! Every text key the product uses is in the table, in both languages, and every key in the
//! table is used. The sources are found by walking the tree, not listed by hand: every
//! template under `web/templates` and every `.rs` file under the `src` of `web`, `app`,
//! `lintas`, `domain` and `interop` (where validation codes are written).
//!
//! A key is used as a string literal (`ctx.t("nav.home")`, `Invalid::one("nik", "nik.length")`,
//! a `line_kind: "nutrition.posyandu"` later passed to `t`), or built from a prefix
//! (`ctx.tk("kind", k)`, `format!("month.{m}")`, `"agstatus."`), which then covers every key
//! under that prefix. In templates only the literals inside `{{ … }}` and `{% … %}` count.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use domain::i18n::{TEXTS, has};

/// Dotted literals that are not texts: store constraint names (mapped to codes by the app),
/// file names, and the like.
const NOT_KEYS: &[&str] = &[
    "organizations.code",
    "org_identifiers.value",
    "org_identifiers.system",
    "wilayah_kerja.desa_code",
    "people.nik",
    "users.username",
    "evil.example",
];

/// File names are dotted too.
const FILE_EXTENSIONS: &[&str] = &[
    "html", "csv", "xlsx", "db", "css", "js", "pdf", "png", "jpg", "txt", "json", "zip",
];

fn crates_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn walk(dir: &Path, ext: &str, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        panic!("cannot read {}", dir.display());
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            walk(&p, ext, out);
        } else if p.extension().is_some_and(|x| x == ext) {
            out.push(p);
        }
    }
}

/// The contents of the double-quoted string literals of `src` (escapes kept as written;
/// raw strings and `'"'` are rare enough in these sources to be read the same way).
fn literals(src: &str) -> Vec<&str> {
    let b = src.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'\'' if i + 2 < b.len() && b[i + 1] == b'"' && b[i + 2] == b'\'' => i += 3,
            b'/' if b.get(i + 1) == Some(&b'/') => {
                // A comment runs to the end of the line; its quotes are prose.
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
            }
            b'"' => {
                let start = i + 1;
                i += 1;
                while i < b.len() && b[i] != b'"' {
                    if b[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
                out.push(&src[start..i.min(b.len())]);
                i += 1;
            }
            _ => i += 1,
        }
    }
    out
}

/// The parts of a template inside `{{ … }}` and `{% … %}`.
fn template_code(src: &str) -> String {
    let mut out = String::new();
    let mut rest = src;
    while let Some(open) = rest.find(['{']) {
        let after = &rest[open..];
        let close = if after.starts_with("{{") {
            "}}"
        } else if after.starts_with("{%") {
            "%}"
        } else {
            rest = &rest[open + 1..];
            continue;
        };
        match after.find(close) {
            Some(end) => {
                out.push_str(&after[2..end]);
                out.push('\n');
                rest = &after[end + 2..];
            }
            None => break,
        }
    }
    out
}

fn key_like(s: &str) -> bool {
    let first = s.split('.').next().unwrap_or("");
    let last = s.rsplit('.').next().unwrap_or("");
    s.contains('.')
        && !FILE_EXTENSIONS.contains(&last)
        && first.starts_with(|c: char| c.is_ascii_lowercase())
        && s.split('.').all(|p| {
            !p.is_empty()
                && p.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        })
}

struct Uses {
    keys: BTreeSet<String>,
    prefixes: BTreeSet<String>,
    /// The prefixes given to `tk`, which must each name at least one key.
    tk_prefixes: BTreeSet<String>,
    files: usize,
}

fn uses() -> Uses {
    let root = crates_dir();
    let mut rs = Vec::new();
    for dir in ["web/src", "app/src", "lintas/src", "domain/src", "interop/src"] {
        walk(&root.join(dir), "rs", &mut rs);
    }
    // The table defines keys; only the functions after it use them (`month.{m}`).
    let table = root.join("domain/src/i18n.rs");
    rs.retain(|p| !p.ends_with("domain/src/i18n.rs"));
    let mut templates = Vec::new();
    walk(&root.join("web/templates"), "html", &mut templates);
    assert!(rs.len() > 50 && templates.len() > 40, "the walk found too few files");

    let mut code = Vec::new();
    let table = std::fs::read_to_string(&table).unwrap_or_else(|e| panic!("{}: {e}", table.display()));
    let after_table = table.find("\n];\n").map(|i| &table[i..]).unwrap_or_default();
    code.push(after_table.to_string());
    for p in &rs {
        code.push(std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display())));
    }
    for p in &templates {
        let src = std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
        code.push(template_code(&src));
    }
    let mut u = Uses {
        keys: BTreeSet::new(),
        prefixes: BTreeSet::new(),
        tk_prefixes: BTreeSet::new(),
        files: rs.len() + templates.len(),
    };
    for src in &code {
        // tk("kind", value) and the like: the first argument names a prefix, not a key.
        let mut tk_prefixes = BTreeSet::new();
        for (i, _) in src.match_indices("tk(") {
            if let Some(lit) = literals(&src[i + 3..]).first()
                && src[i + 3..].trim_start().starts_with('"')
            {
                tk_prefixes.insert(*lit);
                u.prefixes.insert(format!("{lit}."));
                u.tk_prefixes.insert(format!("{lit}."));
            }
        }
        for lit in literals(src) {
            if tk_prefixes.contains(lit) {
                continue;
            }
            if key_like(lit) || has(lit) {
                u.keys.insert(lit.to_string());
            } else if let Some((prefix, _)) = lit.split_once(".{")
                && key_like(&format!("{prefix}.x"))
            {
                // format!("month.{m}"), format!("kind.{k}")
                u.prefixes.insert(format!("{prefix}."));
            } else if let Some(prefix) = lit.strip_suffix('.')
                && key_like(&format!("{prefix}.x"))
            {
                u.prefixes.insert(lit.to_string());
            }
        }
    }
    u
}

#[test]
fn every_key_used_is_defined_in_both_languages() {
    let u = uses();
    assert!(u.files > 100, "{} files", u.files);
    let missing: Vec<&String> = u
        .keys
        .iter()
        .filter(|k| !has(k) && !NOT_KEYS.contains(&k.as_str()))
        .collect();
    assert!(missing.is_empty(), "keys used but not in the table: {missing:?}");
    // Codes without a dot that the app writes.
    for plain in ["required", "too_long", "conflict"] {
        assert!(has(plain), "{plain}");
    }
    for (key, id, en) in TEXTS {
        assert!(!id.trim().is_empty() && !en.trim().is_empty(), "{key} lacks a language");
    }
    for p in &u.tk_prefixes {
        assert!(
            TEXTS.iter().any(|(k, _, _)| k.starts_with(p.as_str())),
            "no key under the prefix {p}"
        );
    }
}

#[test]
fn every_defined_key_is_used() {
    let u = uses();
    let unused: Vec<&str> = TEXTS
        .iter()
        .map(|(k, _, _)| *k)
        .filter(|k| !u.keys.contains(*k) && !u.prefixes.iter().any(|p| k.starts_with(p.as_str())))
        .collect();
    assert!(unused.is_empty(), "keys in the table that nothing uses: {unused:?}");
}

#[test]
fn the_scanner_reads_literals_and_template_code() {
    assert_eq!(literals(r#"t("a.b") // "c.d""#), vec!["a.b"]);
    assert_eq!(literals(r#"x('"', "e.f")"#), vec!["e.f"]);
    assert_eq!(literals(r#""a\"b""#), vec![r#"a\"b"#]);
    assert_eq!(
        template_code(r#"<p class="x.y">{{ ctx.t("a.b") }}</p>"#).trim(),
        r#"ctx.t("a.b")"#
    );
    assert!(key_like("nav.home") && key_like("month.12") && !key_like("print.css/") && !key_like(".a"));
}
