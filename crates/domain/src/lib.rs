#![doc = include_str!("../README.md")]

pub mod access;
pub mod action;
pub mod agreement;
pub mod audit;
pub mod coverage;
pub mod enums;
pub mod error;
pub mod i18n;
pub mod meeting;
pub mod notice;
pub mod nutrition;
pub mod org;
pub mod person;
pub mod pkp;
pub mod plan;
pub mod posyandu;
pub mod problem;
pub mod publication;
pub mod region;
pub mod scorecard;
pub mod sync;
pub mod text;
pub mod user;

pub use enums::UnknownValue;
pub use error::{FieldError, Invalid};
