//! The web package (`js/polymem`) as part of `cargo test`: installs its pinned dev dependencies
//! when `node_modules` is missing (`npm ci`), builds it (`npm run build`: this crate for wasm32,
//! plus the spec data), checks that the built lowering module needs neither multi-memory nor
//! memory64 (it must run on the engines that lack them), then runs every lane (`npm test`).
//! Needs `npm` on PATH; lanes whose engine is missing are skipped by the package itself
//! (except under CI=true).

use std::path::{Path, PathBuf};
use std::process::Command;
use wasmparser::{Parser, Payload, Validator, WasmFeatures};

fn package_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../js/polymem")
}

/// Runs `npm args` in the package; panics with its whole output when it fails.
fn npm(args: &[&str]) {
    let dir = package_dir();
    let output = Command::new("npm").args(args).current_dir(&dir).output().unwrap_or_else(|e| {
        panic!("cannot run `npm {}` (is Node.js installed?): {e}", args.join(" "))
    });
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    println!("$ npm {} (in {})\n{stdout}{stderr}", args.join(" "), dir.display());
    assert!(
        output.status.success(),
        "`npm {}` failed ({}):\n{stdout}\n{stderr}",
        args.join(" "),
        output.status
    );
}

/// The lowering module is plain Wasm 2.0 with one 32-bit memory.
fn check_lowerer(wasm: &[u8]) {
    Validator::new_with_features(WasmFeatures::WASM2)
        .validate_all(wasm)
        .unwrap_or_else(|e| panic!("polymem-lower.wasm needs more than Wasm 2.0: {e}"));
    let mut memories = Vec::new();
    for payload in Parser::new(0).parse_all(wasm) {
        match payload.expect("polymem-lower.wasm parses") {
            Payload::MemorySection(reader) => {
                memories.extend(reader.into_iter().map(|m| m.expect("memory type")))
            }
            Payload::ImportSection(reader) => {
                assert_eq!(reader.count(), 0, "polymem-lower.wasm must import nothing")
            }
            _ => {}
        }
    }
    assert_eq!(memories.len(), 1, "polymem-lower.wasm must have exactly one memory");
    assert!(!memories[0].memory64, "polymem-lower.wasm must use a 32-bit memory");
}

#[test]
fn web_package_builds_and_passes_every_lane() {
    let dir = package_dir();
    if !dir.join("node_modules").exists() {
        npm(&["ci", "--no-audit", "--no-fund"]);
    }
    npm(&["run", "build"]);
    let wasm = std::fs::read(dir.join("polymem-lower.wasm"))
        .expect("npm run build writes polymem-lower.wasm");
    check_lowerer(&wasm);
    npm(&["test"]);
}
