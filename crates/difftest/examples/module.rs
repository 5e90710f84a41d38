//! Writes the module of a seed, to replay a divergence elsewhere (another engine, Node):
//! `cargo run -p polymem-difftest --example module -- SEED [--no-traps] > seed.wasm`.

use std::io::Write;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let no_traps = args.iter().any(|a| a == "--no-traps");
    let seed: u64 =
        args.iter().find(|a| *a != "--no-traps").expect("a seed").parse().expect("a seed");
    let config = if no_traps {
        polymem_difftest::config_without_traps()
    } else {
        polymem_difftest::config()
    };
    let wasm = polymem_difftest::module_for_seed_with(config, seed).expect("the generator gave up");
    std::io::stdout().write_all(&wasm).expect("write the module");
}
