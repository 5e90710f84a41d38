//! The deterministic differential run: the modules of a fixed seed range on every engine (see
//! the crate docs). Sized to about two minutes on a 2-core machine in the test profile.

use polymem_difftest::{Totals, run_seeds};

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
    // wasmi's executor wants more stack than a test thread's default.
    let run = std::thread::Builder::new().stack_size(256 << 20).spawn(|| run_seeds(seeds()));
    let totals: Totals = run.unwrap().join().unwrap();
    println!(
        "{} modules ({} instantiated), {} calls compared, {} ended early (fuel or stack), {} not lowered, {} diverged",
        totals.modules,
        totals.instantiated,
        totals.calls,
        totals.inconclusive,
        totals.lowering_refused,
        totals.divergences.len()
    );
    let mut unexpected = Vec::new();
    for (seed, report) in &totals.divergences {
        if !KNOWN_DIVERGENCES.iter().any(|(known, _)| known == seed) {
            unexpected.push(format!("seed {seed}: {report}"));
        }
    }
    for (seed, why) in KNOWN_DIVERGENCES {
        let listed = totals.divergences.iter().any(|(s, _)| s == seed);
        assert!(listed, "seed {seed} no longer diverges ({why}): remove it from the list");
    }
    assert!(unexpected.is_empty(), "{}", unexpected.join("\n\n"));
    let range = seeds();
    assert!(totals.modules as u64 > (range.end - range.start) * 9 / 10, "too few modules");
    assert!(totals.calls > totals.instantiated, "too few calls compared");
}
