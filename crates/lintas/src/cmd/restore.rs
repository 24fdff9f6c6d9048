//! `lintas restore FILE`: puts a snapshot from `lintas backup` back in place. It refuses to
//! overwrite an existing database unless `--force` is given. Stop the server first.

use anyhow::{Context, Result, bail};
use domain::i18n::{Lang, fill, text};
use std::path::Path;

pub async fn run(url: &str, postgres: bool, sqlite_path: &Path, file: &Path, force: bool, lang: Lang) -> Result<()> {
    let shown = file.display().to_string();
    if !file.is_file() {
        bail!("{}", fill(lang, "cli.not_a_file", &[("file", &shown)]));
    }
    if postgres {
        let store = app::Store::connect(url).await?;
        let has_data = {
            let mut tx = store.read().await?;
            store::user::count(&mut tx).await.unwrap_or(0) > 0
        };
        store.close().await;
        if has_data && !force {
            bail!("{}", text(lang, "cli.restore_has_data"));
        }
        // The connection (password included) goes through the environment, not the command
        // line, where every user of the machine could read it.
        let mut cmd = tokio::process::Command::new("pg_restore");
        cmd.args(["--clean", "--if-exists", "--no-owner", "--single-transaction"]);
        let env = store::dialect::libpq_env(url)?;
        env.apply(&mut cmd);
        // pg_restore restores into a database only when one is named (else it prints SQL).
        let dbname = env.0.iter().find(|(k, _)| *k == "PGDATABASE").map(|(_, v)| v.as_str());
        let status = cmd
            .arg("--dbname")
            .arg(dbname.unwrap_or("postgres"))
            .arg(file)
            .status()
            .await
            .context("running pg_restore")?;
        if !status.success() {
            bail!("pg_restore failed ({status})");
        }
    } else {
        // Check the snapshot is a Lintas database before touching anything.
        let check = app::Store::connect(&format!("sqlite:{}", file.display())).await?;
        check.migrate().await.context(text(lang, "cli.not_a_backup"))?;
        check.close().await;
        if sqlite_path.exists() && !force {
            let existing = sqlite_path.display().to_string();
            bail!("{}", fill(lang, "cli.restore_exists", &[("file", &existing)]));
        }
        if let Some(dir) = sqlite_path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        for ext in ["-wal", "-shm"] {
            let side = sqlite_path.with_file_name(format!(
                "{}{ext}",
                sqlite_path.file_name().and_then(|n| n.to_str()).unwrap_or("lintas.db")
            ));
            let _ = std::fs::remove_file(side);
        }
        let tmp = sqlite_path.with_extension("restoring");
        std::fs::copy(file, &tmp).context("copying the snapshot")?;
        std::fs::rename(&tmp, sqlite_path).context("putting the snapshot in place")?;
    }
    println!("{}", fill(lang, "cli.restored", &[("file", &shown)]));
    Ok(())
}
