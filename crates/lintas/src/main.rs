//! The `lintas` binary.
mod cmd;
fn main() {}
