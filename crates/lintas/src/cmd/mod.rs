pub mod growth;
pub mod restore;
