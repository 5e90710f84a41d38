//! `polymem merge` on real files: the merged module runs like the linked inputs, `inspect`
//! names each memory's input, the merged module lowers and runs without multi-memory, and bad
//! command lines fail cleanly.

mod common;

use common::*;

/// A library with its own memory, exported, and an initializer.
const LIB: &str = r#"(module
  (memory (export "mem") 1)
  (data (i32.const 0) "\05")
  (func (export "get") (param i32) (result i32) (i32.load8_u (local.get 0)))
  (func (export "put") (param i32 i32) (i32.store8 (local.get 0) (local.get 1))))"#;

/// An application with its own memory that uses the library's memory through its functions and
/// directly through an imported memory.
const APP: &str = r#"(module
  (import "lib" "get" (func $get (param i32) (result i32)))
  (import "lib" "mem" (memory $lib 1))
  (memory $own 1)
  (data (memory $own) (i32.const 0) "\07")
  (func (export "main") (result i32)
    (i32.store8 $lib (i32.const 1) (i32.const 30))
    (i32.add (i32.add (call $get (i32.const 0)) (call $get (i32.const 1)))
      (i32.mul (i32.load8_u $own (i32.const 0)) (i32.const 100))))
  (func (export "get") (result i32) (i32.const -1)))"#;

#[test]
fn merge_inspect_run_and_lower() {
    let dir = scratch("merge");
    let lib = write(&dir, "lib.wat", LIB);
    let app = write(&dir, "app.wat", APP);
    let out = dir.join("merged.wasm");
    let (lib, app, out) = (lib.to_str().unwrap(), app.to_str().unwrap(), out.to_str().unwrap());

    // `get` is exported by both: an error naming both inputs, unless renaming is asked for.
    let failed = polymem(&["merge", lib, "lib", app, "app", "-o", out]);
    assert_clean_failure(&failed);
    assert!(
        stderr(&failed).contains("\"get\" of input \"app\"")
            && stderr(&failed).contains("input \"lib\"")
    );
    let merged =
        polymem(&["merge", lib, "lib", app, "app", "-o", out, "--rename-export-conflicts"]);
    assert!(merged.status.success(), "{}", stderr(&merged));
    assert!(stderr(&merged).contains("renamed export \"get\" of input \"app\" to \"app.get\""));
    assert!(stderr(&merged).contains("2 memories"), "{}", stderr(&merged));

    let run = polymem(&["run", out, "--invoke", "main"]);
    assert!(run.status.success(), "{}", stderr(&run));
    assert_eq!(stdout(&run), "735\n");
    assert_eq!(stdout(&polymem(&["run", out, "--invoke", "app.get"])), "-1\n");

    let inspect = polymem(&["inspect", out]);
    let text = stdout(&inspect);
    assert!(text.contains("memory 0: min 1 pages, max none, 32-bit, from input \"lib\""), "{text}");
    assert!(text.contains("memory 1: min 1 pages, max none, 32-bit, from input \"app\""), "{text}");
    assert!(text.contains("imports (0)"), "{text}");

    let lowered = dir.join("lowered.wasm");
    let lowered = lowered.to_str().unwrap();
    let lower = polymem(&["lower", out, "-o", lowered]);
    assert!(lower.status.success(), "{}", stderr(&lower));
    let run = polymem(&["run", "--no-multi-memory", lowered, "--invoke", "main"]);
    assert!(run.status.success(), "{}", stderr(&run));
    assert_eq!(stdout(&run), "735\n");
}

#[test]
fn bad_merge_command_lines_fail_cleanly() {
    let dir = scratch("merge-bad");
    let lib = write(&dir, "lib.wat", LIB);
    let app = write(&dir, "app.wat", APP);
    let junk = write(&dir, "junk.wasm", "\0asm\x01\0\0\0\x05");
    let out = dir.join("out.wasm");
    let (lib, app, junk, out) = (
        lib.to_str().unwrap(),
        app.to_str().unwrap(),
        junk.to_str().unwrap(),
        out.to_str().unwrap(),
    );
    for (args, message) in [
        (vec![lib, "lib", app, "-o", out], "has no name"),
        (vec![app, "app", lib, "lib", "-o", out], "comes later"),
        (vec![lib, "lib", junk, "junk", "-o", out], "input \"junk\" is invalid"),
        (vec![lib, "x", lib, "x", "-o", out], "two inputs are named \"x\""),
        (vec![lib, "lib", "missing.wasm", "m", "-o", out], "cannot read missing.wasm"),
    ] {
        let mut full = vec!["merge"];
        full.extend(args);
        let result = polymem(&full);
        assert_clean_failure(&result);
        assert!(stderr(&result).contains(message), "{full:?}: {}", stderr(&result));
    }
}
