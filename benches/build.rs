//! Builds the Rust workloads (`workloads/`, a `#![no_std]` cdylib) for `wasm32-unknown-unknown` and
//! hands the module to the harness as `$OUT_DIR/workloads.wasm` (env `POLYMEM_WORKLOADS_WASM`).
//!
//! The nested `cargo build` gets its own target directory under `OUT_DIR` and a clean environment:
//! the outer build's flags and wrappers (clippy, coverage) are for the host, not for the workloads.

use std::env;
use std::path::{Path, PathBuf};
use std::process::Command;

const TARGET: &str = "wasm32-unknown-unknown";

fn main() {
    let manifest_dir = PathBuf::from(env::var_os("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let workloads = manifest_dir.join("workloads");
    println!("cargo:rerun-if-changed=workloads/src");
    println!("cargo:rerun-if-changed=workloads/Cargo.toml");
    println!("cargo:rerun-if-changed=build.rs");

    let rustc = env::var("RUSTC").unwrap_or_else(|_| "rustc".to_owned());
    check_target_installed(&rustc);

    let out_dir = PathBuf::from(env::var_os("OUT_DIR").expect("set by cargo"));
    let target_dir = out_dir.join("workloads-target");
    let cargo = env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let mut build = Command::new(cargo);
    build
        .current_dir(&workloads)
        .args(["build", "--release", "--target", TARGET, "--target-dir"])
        .arg(&target_dir)
        .arg("--manifest-path")
        .arg(workloads.join("Cargo.toml"));
    for var in [
        "RUSTFLAGS",
        "RUSTC_WRAPPER",
        "RUSTC_WORKSPACE_WRAPPER",
        "CARGO_TARGET_DIR",
        "CARGO_BUILD_TARGET",
        "CARGO_BUILD_RUSTFLAGS",
        "CARGO_ENCODED_RUSTFLAGS",
        "CARGO_LLVM_COV",
        "CARGO_LLVM_COV_TARGET_DIR",
        "RUSTDOCFLAGS",
    ] {
        build.env_remove(var);
    }
    // `memory.copy` / `memory.fill` for core::ptr::copy / write_bytes (recent rustc enables
    // bulk-memory for this target by default; saying so keeps it independent of that default).
    build.env("CARGO_ENCODED_RUSTFLAGS", "-Ctarget-feature=+bulk-memory");
    let status = build
        .status()
        .unwrap_or_else(|e| panic!("could not run cargo to build the workloads: {e}"));
    if !status.success() {
        panic!("building the wasm workloads in {} failed ({status})", workloads.display());
    }

    let built = target_dir.join(TARGET).join("release").join("polymem_workloads.wasm");
    let dest = out_dir.join("workloads.wasm");
    std::fs::copy(&built, &dest)
        .unwrap_or_else(|e| panic!("copying {} failed: {e}", built.display()));
    println!("cargo:rustc-env=POLYMEM_WORKLOADS_WASM={}", dest.display());
}

/// Makes sure the wasm standard library is installed: when it is missing and `rustup` is there,
/// installs it (so that `cargo test --workspace` works on a fresh machine, as the README says),
/// else fails the build with the fix spelled out.
fn check_target_installed(rustc: &str) {
    if target_installed(rustc) {
        return;
    }
    println!("cargo:warning=installing the {TARGET} target with rustup (needed by polymem-bench)");
    let added = Command::new("rustup").args(["target", "add", TARGET]).status();
    if added.is_ok_and(|s| s.success()) && target_installed(rustc) {
        return;
    }
    panic!(
        "\n\npolymem-bench needs the {TARGET} target to build its workloads.\n\
         Install it with:\n\n    rustup target add {TARGET}\n\n"
    );
}

/// Whether the wasm standard library is installed for `rustc`.
fn target_installed(rustc: &str) -> bool {
    let output =
        Command::new(rustc).args(["--print", "target-libdir", "--target", TARGET]).output();
    let libdir = match output {
        Ok(out) if out.status.success() => String::from_utf8_lossy(&out.stdout).trim().to_owned(),
        _ => String::new(),
    };
    !libdir.is_empty()
        && Path::new(&libdir)
            .read_dir()
            .is_ok_and(|mut entries| entries.any(|e| e.is_ok_and(|e| is_core_rlib(&e.path()))))
}

fn is_core_rlib(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with("libcore-") && n.ends_with(".rlib"))
}
