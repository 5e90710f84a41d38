//! Runs the real `polymem` binary on real files.

mod common;

use common::*;
use std::path::Path;

const MATH: &str = r#"(module
  (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
  (func (export "div") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))
  (func (export "floats") (param f32 f64) (result f32 f64 i64)
    (local.get 0) (local.get 1) (i64.const -9000000000))
  (memory $a 1) (memory $b 2 3)
  (func (export "peek") (param i32) (result i32) (i32.load8_u $b (local.get 0)))
  (data (memory $b) (i32.const 7) "\2a"))"#;

#[test]
fn the_readme_example_prints_its_checksum() {
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/multi-memory.wat");
    let out = polymem(&["run", example.to_str().unwrap(), "--invoke", "main"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out), "118912\n");
}

#[test]
fn run_is_the_default_subcommand_and_parses_arguments_by_type() {
    let dir = scratch("default");
    let file = write(&dir, "math.wat", MATH);
    let file = file.to_str().unwrap();
    let out = polymem(&[file, "--invoke", "add", "2", "-3"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out), "-1\n");

    let out = polymem(&["run", "--invoke", "floats", file, "1.5", "-0.25"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out), "1.5\n-0.25\n-9000000000\n");

    let out = polymem(&["run", file, "--invoke", "peek", "7"]);
    assert_eq!(stdout(&out), "42\n");
}

#[test]
fn a_trap_is_reported_on_stderr_with_a_failing_exit_code() {
    let dir = scratch("trap");
    let file = write(&dir, "math.wat", MATH);
    let out = polymem(&["run", file.to_str().unwrap(), "--invoke", "div", "1", "0"]);
    assert_clean_failure(&out);
    assert_eq!(out.status.code(), Some(134));
    let err = stderr(&out);
    assert_eq!(err.lines().next(), Some("error: integer divide by zero"), "{err}");
    assert!(err.ends_with(" - <unknown>!func[1]\n"), "{err}");
    assert_eq!(stdout(&out), "");
}

#[test]
fn start_runs_when_exported_and_the_start_function_otherwise() {
    let dir = scratch("start");
    let traps = write(&dir, "start.wat", r#"(module (func (export "_start") unreachable))"#);
    let out = polymem(&[traps.to_str().unwrap()]);
    assert_clean_failure(&out);
    assert!(stderr(&out).contains("error: unreachable"), "{}", stderr(&out));

    let quiet = write(&dir, "quiet.wat", r#"(module (func $s) (start $s))"#);
    let out = polymem(&["run", quiet.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out), "");

    let start_traps = write(&dir, "bad-start.wat", r#"(module (func $s unreachable) (start $s))"#);
    let out = polymem(&["run", start_traps.to_str().unwrap()]);
    assert_clean_failure(&out);
    assert!(stderr(&out).contains("unreachable"), "{}", stderr(&out));
}

#[test]
fn bad_arguments_are_errors_not_panics() {
    let dir = scratch("args");
    let file = write(&dir, "math.wat", MATH);
    let file = file.to_str().unwrap();
    for args in [
        &["run", file, "--invoke", "add", "1"][..],
        &["run", file, "--invoke", "add", "1", "x"],
        &["run", file, "--invoke", "add", "1", "99999999999"],
        &["run", file, "--invoke", "missing"],
        &["run", file, "1"],
        &["run", "/nonexistent/file.wasm"],
        &["run"],
        &["validate"],
        &["inspect", "--bogus", file],
    ] {
        let out = polymem(args);
        assert_clean_failure(&out);
        assert!(!stderr(&out).is_empty(), "no message for {args:?}");
    }
    let out = polymem(&["run", file, "--invoke", "add", "1"]);
    assert!(stderr(&out).contains("takes 2 argument"), "{}", stderr(&out));
}

#[test]
fn validate_reports_the_byte_offset_of_a_truncated_binary() {
    let dir = scratch("validate");
    let wasm = wat::parse_str(MATH).unwrap();
    let good = write(&dir, "good.wasm", &wasm);
    let out = polymem(&["validate", good.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = polymem(&["validate", "--verbose", good.to_str().unwrap()]);
    assert_eq!(stdout(&out), "valid\n");

    let truncated = write(&dir, "truncated.wasm", &wasm[..wasm.len() - 5]);
    let out = polymem(&["validate", truncated.to_str().unwrap()]);
    assert_clean_failure(&out);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("offset"), "{}", stderr(&out));

    let two_memories = write(&dir, "two.wat", MATH);
    let out = polymem(&["validate", "--no-multi-memory", two_memories.to_str().unwrap()]);
    assert_clean_failure(&out);
}

#[test]
fn wast_prints_failures_with_lines_and_a_summary() {
    let dir = scratch("wast");
    let good = write(
        &dir,
        "good.wast",
        "(module (memory 1) (memory 1)\n  (func (export \"f\") (result i32) (i32.load 1 (i32.const 0))))\n\
         (assert_return (invoke \"f\") (i32.const 0))\n\
         (assert_trap (invoke \"f\" ) \"nothing\")\n",
    );
    let out = polymem(&["wast", good.to_str().unwrap()]);
    assert_clean_failure(&out);
    let text = stdout(&out);
    assert!(text.contains("good.wast:4: assert_trap"), "{text}");
    assert!(text.ends_with("2 passed, 1 failed\n"), "{text}");

    let own = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/wast/multi-memory-copy.wast");
    let out = polymem(&["wast", own.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stdout(&out));
    assert!(stdout(&out).ends_with(" passed, 0 failed\n"), "{}", stdout(&out));
}

#[test]
fn inspect_lists_memories_segments_and_uses() {
    let dir = scratch("inspect");
    let file = write(&dir, "math.wat", MATH);
    let out = polymem(&["inspect", file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("memories (2):"), "{text}");
    assert!(text.contains("memory 1: min 2 pages, max 3, 32-bit"), "{text}");
    assert!(text.contains("data: 1 active segment(s), 1 bytes"), "{text}");
    assert!(text.contains("instructions: 1"), "{text}");

    let out = polymem(&["inspect", "--ir", file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("func 0 (exported as [\"add\"]):"), "{}", stdout(&out));
}

const SPIN: &str = r#"(module
  (func (export "spin") (loop (br 0)))
  (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
  (func $forever (loop (br 0)))
  (func (export "_start") (call $forever)))"#;

/// Runs polymem and returns its output with the wall time it took.
fn timed(args: &[&str]) -> (std::process::Output, std::time::Duration) {
    let start = std::time::Instant::now();
    let out = polymem(args);
    (out, start.elapsed())
}

#[test]
fn fuel_ends_an_endless_loop_with_its_trap() {
    let dir = scratch("fuel");
    let file = write(&dir, "spin.wat", SPIN);
    let file = file.to_str().unwrap();
    let (out, took) = timed(&["run", "--fuel", "1000000", file, "--invoke", "spin"]);
    assert_clean_failure(&out);
    assert_eq!(out.status.code(), Some(134));
    assert_eq!(stderr(&out).lines().next(), Some("error: all fuel consumed"));
    assert!(took < std::time::Duration::from_secs(2), "{took:?}");

    // Enough fuel: the call finishes as without the flag.
    let out = polymem(&["run", "--fuel", "100", file, "--invoke", "add", "2", "3"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out), "5\n");
    // `_start` runs out too.
    let out = polymem(&["run", "--fuel", "5000", file]);
    assert_eq!(stderr(&out).lines().next(), Some("error: all fuel consumed"));

    let out = polymem(&["run", "--fuel", "lots", file, "--invoke", "spin"]);
    assert_clean_failure(&out);
}

#[test]
fn a_timeout_interrupts_an_endless_loop() {
    let dir = scratch("timeout");
    let file = write(&dir, "spin.wat", SPIN);
    let file = file.to_str().unwrap();
    for args in [&["--invoke", "spin"][..], &[]] {
        let mut all = vec!["run", "--timeout", "300ms", file];
        all.extend_from_slice(args);
        let (out, took) = timed(&all);
        assert_clean_failure(&out);
        assert_eq!(out.status.code(), Some(134));
        assert_eq!(stderr(&out).lines().next(), Some("error: interrupted"));
        assert!(took < std::time::Duration::from_secs(2), "{args:?}: {took:?}");
        assert!(took >= std::time::Duration::from_millis(300), "{args:?}: {took:?}");
    }
    // A call that finishes first is not disturbed, and does not wait for the timeout.
    let (out, took) = timed(&["run", "--timeout", "1m", file, "--invoke", "add", "1", "2"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out), "3\n");
    assert!(took < std::time::Duration::from_secs(30), "{took:?}");

    let out = polymem(&["run", "--timeout", "2", file, "--invoke", "spin"]);
    assert_clean_failure(&out);
    assert!(stderr(&out).contains("not a duration"), "{}", stderr(&out));
}
