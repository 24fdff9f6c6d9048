//! Lintas domain: the words of the product as types, and the rules that need no IO.
//!
//! Everything here is pure. Storage lives in `lintas-store`, use cases in `lintas-app`,
//! HTTP in `lintas-web`. CI checks that this crate never depends on sqlx or axum.

pub mod access;
pub mod action;
pub mod agreement;
pub mod error;
pub mod i18n;
pub mod meeting;
pub mod nutrition;
pub mod org;
pub mod person;
pub mod posyandu;
pub mod problem;
pub mod region;
pub mod user;

pub use error::{FieldError, Invalid};
