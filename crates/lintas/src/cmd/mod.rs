pub mod bench;
pub mod bench_pages;
pub mod growth;
pub mod import;
pub mod restore;
