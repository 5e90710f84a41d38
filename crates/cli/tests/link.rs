//! What `polymem run` links: `--preload`, the `polymem:bridge` host side of lowered modules,
//! WASI for hand-written modules (`--invoke`, `--wasi-memory`), and one-line errors.

mod common;

use common::*;

/// A library: a counter in its own memory, and an exported memory with a greeting.
const LIB: &str = r#"(module
  (memory $state 1)
  (memory (export "mem") 1 4)
  (data (memory 1) (i32.const 0) "\2a")
  (func (export "bump") (param i32) (result i32)
    (i32.store $state (i32.const 0) (i32.add (i32.load $state (i32.const 0)) (local.get 0)))
    (i32.load $state (i32.const 0))))"#;

/// Uses the library's function and memory, with a private memory of its own.
const APP: &str = r#"(module
  (import "lib" "bump" (func $bump (param i32) (result i32)))
  (import "lib" "mem" (memory $shared 1))
  (memory $own 1)
  (func (export "main") (result i32)
    (drop (call $bump (i32.const 5)))
    (i32.store8 $own (i32.const 9) (i32.load8_u $shared (i32.const 0)))
    (i32.store8 $shared (i32.const 1) (i32.const 7))
    (i32.add (call $bump (i32.const 10))
      (i32.add (i32.load8_u $own (i32.const 9)) (i32.load8_u $shared (i32.const 1))))))"#;

#[test]
fn preload_satisfies_imports_from_another_module() {
    let dir = scratch("preload");
    let lib = write(&dir, "lib.wat", LIB);
    let app = write(&dir, "app.wat", APP);
    let preload = format!("lib={}", lib.display());
    let out = polymem(&["run", "--preload", &preload, app.to_str().unwrap(), "--invoke", "main"]);
    assert!(out.status.success(), "{}", stderr(&out));
    // bump: 5 then 15; 42 copied from the library's memory; 7 written back to it.
    assert_eq!(stdout(&out), "64\n");

    // Without it, the import is unknown; a bad flag value or file fails on one line.
    let out = polymem(&["run", app.to_str().unwrap(), "--invoke", "main"]);
    assert_clean_failure(&out);
    assert!(stderr(&out).contains("unknown import: `lib`.`bump`"), "{}", stderr(&out));
    for bad in ["lib", "=x.wat"] {
        let out = polymem(&["run", "--preload", bad, app.to_str().unwrap(), "--invoke", "main"]);
        assert_clean_failure(&out);
        // A usage error: clap's line, then its hint about `--help`.
        let first = stderr(&out).lines().next().unwrap_or_default().to_string();
        assert!(first.ends_with("is not a preload; write NAME=FILE"), "{bad}: {first}");
    }
    let missing = "lib=/nonexistent/lib.wat";
    let out = polymem(&["run", "--preload", missing, app.to_str().unwrap(), "--invoke", "main"]);
    assert_clean_failure(&out);
    assert_eq!(
        stderr(&out),
        "error: cannot read /nonexistent/lib.wat: No such file or directory (os error 2)\n"
    );
}

#[test]
fn lowered_modules_that_bridge_memories_run_from_the_cli() {
    let dir = scratch("bridged");
    let lib = write(&dir, "lib.wat", LIB);
    let app = write(&dir, "app.wat", APP);
    let (lib_low, app_low) = (dir.join("lib.low.wasm"), dir.join("app.low.wasm"));
    for (from, to) in [(&lib, &lib_low), (&app, &app_low)] {
        let out = polymem(&["lower", from.to_str().unwrap(), "-o", to.to_str().unwrap()]);
        assert!(out.status.success(), "{}", stderr(&out));
    }
    // The library keeps its exported `mem` in place (at byte 0 of its one memory, with
    // `polymem.size`/`polymem.grow` exports); the application bridges its import of it.
    let has = |file: &std::path::Path, what: &[u8]| {
        std::fs::read(file).unwrap().windows(what.len()).any(|w| w == what)
    };
    assert!(has(&lib_low, b"polymem.grow") && !has(&lib_low, b"polymem:bridge"));
    assert!(has(&app_low, b"polymem:bridge"));
    let preload = format!("lib={}", lib_low.display());
    let out = polymem(&[
        "run",
        "--no-multi-memory",
        "--preload",
        &preload,
        app_low.to_str().unwrap(),
        "--invoke",
        "main",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out), "64\n");

    // The lowered library alone, called directly: its bridged memory starts with the data.
    let peek = write(
        &dir,
        "two-exports.wat",
        r#"(module
          (memory (export "a") 1) (memory (export "b") 1 2)
          (data (memory 1) (i32.const 3) "\63")
          (func (export "f") (result i32)
            (drop (memory.grow 1 (i32.const 1)))
            (i32.add (i32.load8_u 1 (i32.const 3)) (memory.size 1))))"#,
    );
    let lowered = dir.join("two-exports.low.wasm");
    let out = polymem(&["lower", peek.to_str().unwrap(), "-o", lowered.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = polymem(&["run", "--no-multi-memory", lowered.to_str().unwrap(), "--invoke", "f"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out), "101\n");
}

/// Writes "hi\n" with `fd_write` from the memory exported as `io`, and adds two numbers.
const WASI_TWO_MEMORIES: &str = r#"(module
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory $scratch 1)
  (memory $io (export "io") 1)
  (data (memory $io) (i32.const 16) "hi\n")
  (func (export "_start")
    (i32.store $io (i32.const 0) (i32.const 16))
    (i32.store $io (i32.const 4) (i32.const 3))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))
  (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1))))"#;

#[test]
fn wasi_memory_picks_the_exported_memory_wasi_uses() {
    let dir = scratch("wasi-memory");
    let file = write(&dir, "two.wat", WASI_TWO_MEMORIES);
    let file = file.to_str().unwrap();
    let out = polymem(&["run", "--wasi-memory", "io", file]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out), "hi\n");

    let out = polymem(&["run", file]);
    assert_clean_failure(&out);
    assert!(stderr(&out).contains("exports no memory named `memory`"), "{}", stderr(&out));

    // `--invoke` calls an export of a WASI module with typed arguments, as for any module.
    let out = polymem(&["run", file, "--invoke", "add", "40", "2"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out), "42\n");
}

#[test]
fn errors_print_on_one_line() {
    let dir = scratch("one-line");
    let not_wasm = write(&dir, "text.wasm", "hello world, not a module");
    let out = polymem(&["run", not_wasm.to_str().unwrap()]);
    assert_clean_failure(&out);
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.starts_with("error: cannot compile "), "{err}");
    assert!(err.contains("bad magic number"), "{err}");
    assert!(err.contains("expected=[0x0, 0x61, 0x73, 0x6d]"), "{err}");

    let bad_text = write(&dir, "bad.wat", "(module (func (result i32) (i32.const)))");
    let out = polymem(&["run", bad_text.to_str().unwrap()]);
    assert_clean_failure(&out);
    assert_eq!(stderr(&out).lines().count(), 1, "{}", stderr(&out));

    let out = polymem(&["validate", not_wasm.to_str().unwrap()]);
    assert_clean_failure(&out);
    assert_eq!(stderr(&out).lines().count(), 1, "{}", stderr(&out));
}
