#![doc = include_str!("../README.md")]

pub mod agreement;
pub mod children;
pub mod coverage;
pub mod eppgbm;
pub mod export;
pub mod indicator;
pub mod rtl;
pub mod table;
pub mod zscore_csv;
