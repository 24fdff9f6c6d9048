pub mod growth;
