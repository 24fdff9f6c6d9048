//! File and wire formats. No database, no network.

pub mod agreement;
pub mod children;
pub mod eppgbm;
pub mod export;
pub mod rtl;
pub mod zscore_csv;
