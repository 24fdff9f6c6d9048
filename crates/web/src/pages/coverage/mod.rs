pub mod entry;
pub mod sasaran;
pub mod targets;
