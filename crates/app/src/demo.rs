//! The demo district. Later capabilities extend it here, in one place.
#[path = "demo/agreement.rs"]
pub mod agreement;
#[path = "demo/coordination.rs"]
pub mod coordination;
#[path = "demo/district.rs"]
pub mod district;
pub use district::load;
