pub mod bench;
pub mod growth;
pub mod import;
pub mod restore;
