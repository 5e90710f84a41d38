//! The fuzzer's bytes become a `wasm-smith` module that every engine must run alike (see
//! `polymem_difftest::compare`). The first byte's low bit picks the generator's configuration:
//! traps allowed (compared) or disallowed (`wasm-smith` guards them, so a trap is a finding on
//! its own). Without libFuzzer: `differential START END [--no-traps]` runs the seeds.
#![cfg_attr(feature = "libfuzzer", no_main)]

use polymem_difftest::{GeneratorConfig, compare, config, config_without_traps};

fn check(config: GeneratorConfig, data: &[u8], seed: u64) -> bool {
    let Some(wasm) = polymem_difftest::module_from_bytes_with(config, data) else { return false };
    let comparison = compare(&wasm, seed);
    let Some(report) = comparison.divergence else { return true };
    // With wasmtime on, it runs before wasmi: wasmi disagreeing first means that polymem and
    // wasmtime agree, so wasmi is wrong (its known bugs: `crates/difftest/tests/wasmi_bugs.rs`).
    // Kept for triage instead of ending a long run.
    if cfg!(feature = "wasmtime") && comparison.diverging == Some("wasmi") {
        let name = format!("wasmi-divergence-{:016x}.wasm", seed);
        std::fs::write(&name, &wasm).expect("write the module");
        eprintln!("wasmi alone diverges (module in {name}): {report}");
        return true;
    }
    std::fs::write("divergence.wasm", &wasm).expect("write the module");
    panic!("divergence (module in divergence.wasm): {report}");
}

/// Runs `f` on a thread with a 256 MiB stack (reserved, touched only as deep as it goes), as
/// the in-process tests do: wasmi's executor wants more than a main thread's 8 MiB on deep
/// generated code, more so under AddressSanitizer's larger frames.
fn on_big_stack<T: Send>(f: impl FnOnce() -> T + Send) -> T {
    std::thread::scope(|s| {
        let thread = std::thread::Builder::new().stack_size(256 << 20);
        let run = thread.spawn_scoped(s, f).expect("a thread");
        run.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    })
}

#[cfg(feature = "libfuzzer")]
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Some((&first, rest)) = data.split_first() else { return };
    let seed = rest.iter().fold(0u64, |h, &b| h.rotate_left(5) ^ u64::from(b));
    let config = if first & 1 == 0 { config() } else { config_without_traps() };
    on_big_stack(|| check(config, rest, seed));
});

#[cfg(not(feature = "libfuzzer"))]
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let no_traps = args.iter().any(|a| a == "--no-traps");
    let seeds: Vec<u64> =
        args.iter().filter(|a| *a != "--no-traps").map(|a| a.parse().expect("a seed")).collect();
    let (start, end) = match seeds[..] {
        [start, end] => (start, end),
        _ => (0, 1000),
    };
    let mut compared = 0;
    for seed in start..end {
        let data = polymem_difftest::bytes_for_seed(seed);
        let config = if no_traps { config_without_traps() } else { config() };
        compared += usize::from(on_big_stack(|| check(config, &data, seed)));
    }
    println!("seeds {start}..{end}: {compared} modules compared, no divergence");
}
