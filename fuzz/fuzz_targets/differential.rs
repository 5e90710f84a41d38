//! The fuzzer's bytes become a `wasm-smith` module that every engine must run alike (see
//! `polymem_difftest::compare`). Without libFuzzer: `differential START END` runs the seeds.
#![cfg_attr(feature = "libfuzzer", no_main)]

use polymem_difftest::{compare, module_from_bytes};

fn check(data: &[u8], seed: u64) -> bool {
    let Some(wasm) = module_from_bytes(data) else { return false };
    if let Some(report) = compare(&wasm, seed).divergence {
        std::fs::write("divergence.wasm", &wasm).expect("write the module");
        panic!("divergence (module in divergence.wasm): {report}");
    }
    true
}

#[cfg(feature = "libfuzzer")]
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let seed = data.iter().fold(0u64, |h, &b| h.rotate_left(5) ^ u64::from(b));
    check(data, seed);
});

#[cfg(not(feature = "libfuzzer"))]
fn main() {
    let (start, end) = seed_range();
    let mut compared = 0;
    for seed in start..end {
        let mut rng = polymem_difftest::Rng::new(seed);
        let data: Vec<u8> =
            (0..512 + rng.next_u64() % 8192).map(|_| rng.next_u64() as u8).collect();
        compared += usize::from(check(&data, seed));
    }
    println!("seeds {start}..{end}: {compared} modules compared, no divergence");
}

#[cfg(not(feature = "libfuzzer"))]
fn seed_range() -> (u64, u64) {
    let args: Vec<u64> = std::env::args().skip(1).map(|a| a.parse().expect("a seed")).collect();
    match args[..] {
        [start, end] => (start, end),
        _ => (0, 1000),
    }
}
