//! The dynamic pairs of consecutive IR instructions over the workloads, to choose
//! superinstructions:
//! `cargo run --release -p polymem-bench --features pair-stats --example pairs [-- FILTER...]`.
//!
//! Each workload runs once on polymem at its `--quick` size; the counts of all of them are
//! summed, and the 20 most frequent pairs are printed with their share of all instructions.

use polymem_bench::engines::Instantiated;
use polymem_bench::workloads::select;
use polymem_bench::{EngineKind, SetupMode, Size};

fn main() -> Result<(), polymem_bench::BenchError> {
    let filters: Vec<String> = std::env::args().skip(1).collect();
    for w in select(&filters) {
        let mut instance =
            Instantiated::new(EngineKind::Polymem, SetupMode::Lazy, &w.wasm()?, w.export)?;
        instance.call(w.param(Size::Quick))?;
    }
    let pairs = polymem::take_pair_counts();
    let total: u64 = pairs.iter().map(|p| p.2).sum();
    println!("| first | second | count | share |");
    println!("| --- | --- | ---: | ---: |");
    for (first, second, n) in pairs.iter().take(20) {
        println!("| {first} | {second} | {n} | {:.1}% |", *n as f64 * 100.0 / total as f64);
    }
    println!("\n{total} instructions in pairs");
    Ok(())
}
