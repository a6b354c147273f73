//! Parse and fingerprint benchmarks (filled in below).

fn main() {}
