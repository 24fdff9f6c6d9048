//! `lintas growth …`: the growth engine on files.
use clap::{Args, Subcommand};

#[derive(Debug, Args)]
pub struct GrowthCmd {
    #[command(subcommand)]
    pub command: GrowthSub,
}

#[derive(Debug, Subcommand)]
pub enum GrowthSub {
    /// Compute WHO z-scores for every row of a CSV file.
    Zscore(ZscoreArgs),
}

#[derive(Debug, Args)]
pub struct ZscoreArgs {
    /// Input CSV (`-` for standard input).
    #[arg(long, short)]
    pub input: String,
    /// Output CSV (`-` for standard output).
    #[arg(long, short)]
    pub output: String,
    /// Stop at the first bad row with exit code 2.
    #[arg(long)]
    pub strict: bool,
}

/// Runs the subcommand; returns the process exit code.
pub fn run(cmd: GrowthCmd) -> anyhow::Result<i32> {
    match cmd.command {
        GrowthSub::Zscore(_args) => anyhow::bail!("not yet implemented"),
    }
}
