//! `--max-*` options set the store's limits for `run` (and every subcommand that instantiates).

mod common;

use common::*;

const GROW: &str = r#"(module (memory 0)
  (global i32 (i32.const 1)) (global i32 (i32.const 2)) (global i32 (i32.const 3))
  ;; Grows one page at a time until memory.grow fails, returns the pages reached.
  (func (export "grow") (result i32)
    (loop $l (br_if $l (i32.ne (memory.grow (i32.const 1)) (i32.const -1))))
    (memory.size)))"#;

#[test]
fn max_memory_bytes_stops_memory_grow() {
    let dir = scratch("limits-memory");
    let file = write(&dir, "grow.wat", GROW);
    let file = file.to_str().unwrap();
    let out = polymem(&["run", "--max-memory-bytes", "1MiB", file, "--invoke", "grow"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out), "16\n");
    // Without the option the 32-bit memory reaches its 4 GiB.
    let out = polymem(&["run", file, "--invoke", "grow"]);
    assert_eq!(stdout(&out), "65536\n");
}

#[test]
fn max_globals_rejects_the_instance_with_a_clear_error() {
    let dir = scratch("limits-globals");
    let file = write(&dir, "grow.wat", GROW);
    let out = polymem(&["run", "--max-globals", "2", file.to_str().unwrap()]);
    assert_clean_failure(&out);
    assert!(
        stderr(&out).contains("the store's limit of 2 globals was reached"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_bad_size_is_a_usage_error() {
    let out = polymem(&["run", "--max-memory-bytes", "4GB", "x.wasm"]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("unknown size suffix `GB`"), "{}", stderr(&out));
}
