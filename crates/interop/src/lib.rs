//! File and wire formats. No database, no network.

pub mod zscore_csv;
