//! The demo district. Later capabilities extend it here, in one place.
#[path = "demo/district.rs"]
pub mod district;
pub use district::load;
