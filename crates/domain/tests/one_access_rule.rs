//! "One access rule": every decision that depends on an account's role is a named function
//! of `domain::access`. This test reads the source of every crate and fails on a role
//! comparison anywhere else — outside `domain::access` and the definition of `Role` itself,
//! and outside tests. Giving a role (`role: Role::Kader` in the demo) is not deciding on one.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};

const ALLOWED: &[&str] = &["crates/domain/src/access.rs", "crates/domain/src/user.rs"];

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        if p.is_dir() {
            if !matches!(name, "tests" | "target" | "testkit" | "migrations" | "static") {
                sources(&p, out);
            }
        } else if name.ends_with(".rs") || name.ends_with(".html") {
            out.push(p);
        }
    }
}

/// Whether a line decides something on a role (the user's `Role`, not a meeting's `OrgRole`).
fn compares_role(line: &str) -> bool {
    let code = line.split("//").next().unwrap_or_default();
    let variants = ["Admin", "Dinkes", "Puskesmas", "Kader", "Partner", "Viewer"];
    let mut names_role = false;
    let mut decides = false;
    for v in variants {
        let pat = format!("Role::{v}");
        for (i, m) in code.match_indices(&pat) {
            let boundary = code[..i]
                .chars()
                .last()
                .is_none_or(|c| !(c.is_alphanumeric() || c == '_'));
            if !boundary {
                continue;
            }
            names_role = true;
            let before = code[..i].trim_end();
            let after = code[i + m.len()..].trim_start();
            if before.ends_with("==")
                || before.ends_with("!=")
                || after.starts_with("==")
                || after.starts_with("!=")
                || after.starts_with('|')
                || after.starts_with("=>")
            {
                decides = true;
            }
        }
    }
    let literal = variants
        .iter()
        .any(|v| code.contains(&format!("\"{}\"", v.to_lowercase())));
    let on_field = [".role ==", ".role !=", "role.as_str() ==", "role.as_str() !="]
        .iter()
        .any(|p| code.contains(p));
    let in_matches = code.contains("matches!(") && code.contains(".role");
    let arm = code.contains("=>") && names_role;
    decides || arm || ((on_field || in_matches) && (names_role || literal))
}

#[test]
fn nothing_outside_domain_access_compares_roles() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut files = Vec::new();
    sources(&root.join("crates"), &mut files);
    assert!(files.len() > 100, "only {} source files found", files.len());
    let mut found = Vec::new();
    for f in &files {
        let rel = f.strip_prefix(&root).unwrap().to_string_lossy().replace('\\', "/");
        if ALLOWED.contains(&rel.as_str()) {
            continue;
        }
        let text = std::fs::read_to_string(f).unwrap();
        // Unit tests at the end of a file may build actors of any role.
        let text = text.split("#[cfg(test)]").next().unwrap_or_default();
        for (n, line) in text.lines().enumerate() {
            if rel.ends_with(".html") {
                if line.contains("actor.role") || line.contains("a.role ==") {
                    found.push(format!("{rel}:{}: {}", n + 1, line.trim()));
                }
            } else if compares_role(line) {
                found.push(format!("{rel}:{}: {}", n + 1, line.trim()));
            }
        }
    }
    assert!(
        found.is_empty(),
        "role decisions outside domain::access (add a named function there):\n{}",
        found.join("\n")
    );
}

#[test]
fn the_check_sees_the_usual_shapes() {
    for bad in [
        "if actor.role == Role::Admin {",
        "    if s.actor.role != Role::Admin {",
        "matches!(actor.role, Role::Admin | Role::Dinkes)",
        "        (_, Role::Kader, Some(o)) => Where::Posyandu(o),",
        "        Role::Dinkes | Role::Viewer => x,",
        "if u.role.as_str() == \"admin\" {",
    ] {
        assert!(compares_role(bad), "{bad}");
    }
    for ok in [
        "    role: Role::Kader,",
        "        role: domain::user::Role::Admin,",
        "for r in Role::ALL {",
        "let role = Role::parse(&s)?;",
        "user(tx, \"kader\", Role::Kader, Some(id)).await?;",
        ".filter(|o| o.role != OrgRole::Invited || o.present > 0)",
    ] {
        assert!(!compares_role(ok), "{ok}");
    }
}
