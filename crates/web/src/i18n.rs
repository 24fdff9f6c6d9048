//! The text table lives in `domain::i18n` so that `app` and the binary can use it too; this
//! module keeps `crate::i18n::…` working in the web layer. `tests/i18n_keys.rs` checks that
//! every key used anywhere is in the table and every key in the table is used.

pub use domain::i18n::*;
