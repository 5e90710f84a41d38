//! The deterministic differential run: the modules of a fixed seed range on every engine (see
//! the crate docs). Sized to about two minutes on a 2-core machine in the test profile.

use polymem_difftest::{Totals, config, config_for_lowering, config_without_traps, run_seeds_with};

/// Seeds compared by `cargo test`; the fuzz targets in `fuzz/` go beyond, and so does
/// `POLYMEM_DIFFTEST_SEEDS=START..END` for a longer run.
const SEED_COUNT: u64 = 15_000;

fn seeds() -> std::ops::Range<u64> {
    let Ok(range) = std::env::var("POLYMEM_DIFFTEST_SEEDS") else { return 0..SEED_COUNT };
    let (start, end) = range.split_once("..").expect("POLYMEM_DIFFTEST_SEEDS=START..END");
    start.parse().expect("a seed")..end.parse().expect("a seed")
}

/// Seeds whose module diverges because another engine is wrong, with the reason. Each must
/// still diverge (a fix upstream shows up here as a failure to remove the entry).
const KNOWN_DIVERGENCES: &[(u64, &str)] = &[];

#[test]
fn generated_modules_agree_on_every_engine() {
    check(config, seeds(), KNOWN_DIVERGENCES, 200);
}

/// Seeds of modules without traps (the generator guards them) compared by `cargo test`.
const SEED_COUNT_WITHOUT_TRAPS: u64 = 3_000;

/// Seeds whose module without traps diverges because another engine is wrong (each also a
/// repro in `wasmi_bugs.rs`, kept as a file: a change of the generator's configuration draws
/// other modules from the same seeds, and this list is then made anew from the run's report).
const KNOWN_DIVERGENCES_WITHOUT_TRAPS: &[(u64, &str)] = &[
    (485, WASMI_DIVIDES_BY_ZERO),
    (1286, WASMI_DIVIDES_BY_ZERO),
    (2291, WASMI_DIVIDES_BY_ZERO),
    (2361, WASMI_DIVIDES_BY_ZERO),
    (2532, WASMI_DIVIDES_BY_ZERO),
    (2841, WASMI_DIVIDES_BY_ZERO),
];

/// The wasmi 2.0 bug behind all of them (checked with `--features wasmtime`, which runs
/// wasmtime before wasmi: each report names wasmi, so wasmtime agreed with polymem).
const WASMI_DIVIDES_BY_ZERO: &str =
    "wasmi 2.0 traps `integer divide by zero` where polymem and wasmtime 46 return";

#[test]
fn generated_modules_without_traps_agree_on_every_engine() {
    let seeds = 0..SEED_COUNT_WITHOUT_TRAPS;
    // Fewer calls per module than with traps: a guarded module's loops and tail-call cycles
    // have nothing that ends them but fuel (912 of the 3,000 have a call that runs out).
    check(config_without_traps, seeds, KNOWN_DIVERGENCES_WITHOUT_TRAPS, 140);
}

/// Seeds of modules made for the lowered run ([`config_for_lowering`]: 32-bit memories only,
/// which the lowering takes whether exported or not).
const SEED_COUNT_FOR_LOWERING: u64 = 3_000;

#[test]
fn generated_modules_for_the_lowering_agree_on_every_engine() {
    let totals = check(config_for_lowering, 0..SEED_COUNT_FOR_LOWERING, &[], 190);
    // The point of this lane: nearly every module also runs lowered.
    let lowered = totals.instantiated - totals.lowering_refused.min(totals.instantiated);
    assert!(
        lowered * 100 >= totals.instantiated * 95,
        "only {lowered} of {} modules were lowered",
        totals.instantiated
    );
}

fn check(
    config: fn() -> polymem_difftest::GeneratorConfig,
    seeds: std::ops::Range<u64>,
    known: &'static [(u64, &str)],
    least_calls_per_100_modules: usize,
) -> Totals {
    // wasmi's executor wants more stack than a test thread's default.
    let range = seeds.clone();
    let run = std::thread::Builder::new().stack_size(256 << 20);
    let totals: Totals = run.spawn(move || run_seeds_with(config, range)).unwrap().join().unwrap();
    println!(
        "{} modules ({} instantiated), {} calls compared, {} with a call out of fuel or stack ({} fresh instances after one), {} not lowered, {} diverged",
        totals.modules,
        totals.instantiated,
        totals.calls,
        totals.inconclusive,
        totals.restarts,
        totals.lowering_refused,
        totals.divergences.len()
    );
    let mut wrong = Vec::new();
    for (seed, report) in &totals.divergences {
        if !known.iter().any(|(k, _)| k == seed) {
            wrong.push(format!("seed {seed}: {report}"));
        }
    }
    for (seed, why) in known {
        if !totals.divergences.iter().any(|(s, _)| s == seed) {
            wrong.push(format!("seed {seed} no longer diverges ({why}): remove it from the list"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n\n"));
    assert!(totals.modules as u64 > (seeds.end - seeds.start) * 9 / 10, "too few modules");
    // Measured (restarts after calls out of fuel included): 224 calls per 100 instantiated
    // modules with traps (15,000 seeds), 160 without, 215 for the lowering (with traps and
    // without: 177 and 99 when a call out of fuel ended the module's comparison).
    let least = totals.instantiated * least_calls_per_100_modules / 100;
    assert!(totals.calls > least, "too few calls compared: {} for {least}", totals.calls);
    totals
}
