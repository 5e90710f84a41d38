//! `polymem run` on a trap: the message, then the Wasm backtrace (stderr), exit code 134;
//! other errors stay on one line and exit 1.

mod common;

use common::*;

/// Named functions calling each other down to three traps; `$calc` names the module.
const NAMED: &str = r#"(module $calc
  (memory $m0 1)
  (memory $m1 1)
  (func $crash (param $how i32) (result i32)
    (if (i32.eqz (local.get $how)) (then unreachable))
    (if (i32.eq (local.get $how) (i32.const 1))
      (then (return (i32.div_u (i32.const 1) (i32.const 0)))))
    (i32.load $m1 (i32.const 65536)))
  (func $middle (param i32) (result i32) (call $crash (local.get 0)))
  (func $outer (export "outer") (param i32) (result i32) (call $middle (local.get 0)))
  (func $recurse (export "recurse") (param i32) (result i32)
    (call $recurse (local.get 0)))
  (func $main (export "_start") (drop (call $outer (i32.const 1)))))"#;

/// The lines of the report after `error: MESSAGE` and `wasm backtrace:`.
fn frames(err: &str, message: &str) -> Vec<String> {
    let header = format!("error: {message}\nwasm backtrace:\n");
    let report = err.strip_prefix(&header).unwrap_or_else(|| panic!("{err}"));
    report.lines().map(str::to_string).collect()
}

#[test]
fn a_trap_prints_its_message_then_the_named_frames() {
    let dir = scratch("backtrace-named");
    let file = write(&dir, "calc.wat", NAMED);
    let file = file.to_str().unwrap();
    for (how, message) in [
        ("0", "unreachable"),
        ("1", "integer divide by zero"),
        ("2", "out of bounds memory access"),
    ] {
        let out = polymem(&["run", file, "--invoke", "outer", how]);
        assert_clean_failure(&out);
        assert_eq!(out.status.code(), Some(134), "{}", stderr(&out));
        let frames = frames(&stderr(&out), message);
        let names: Vec<&str> = frames.iter().map(|l| l.rsplit_once(" - ").unwrap().1).collect();
        assert_eq!(names, ["calc!crash", "calc!middle", "calc!outer"]);
        assert!(frames[0].starts_with("    0: 0x"), "{frames:?}");
    }
    // `_start` too.
    let out = polymem(&["run", file]);
    assert_eq!(out.status.code(), Some(134));
    let frames = frames(&stderr(&out), "integer divide by zero");
    assert!(frames.last().unwrap().ends_with(" - calc!main"), "{frames:?}");
}

#[test]
fn without_names_frames_show_function_indices() {
    let dir = scratch("backtrace-unnamed");
    let wat = r#"(module
      (func (param i32) (result i32) (i32.div_s (i32.const 7) (local.get 0)))
      (func (export "f") (param i32) (result i32) (call 0 (local.get 0))))"#;
    let file = write(&dir, "plain.wat", wat);
    let out = polymem(&["run", file.to_str().unwrap(), "--invoke", "f", "0"]);
    assert_eq!(out.status.code(), Some(134));
    let frames = frames(&stderr(&out), "integer divide by zero");
    assert_eq!(frames.len(), 2, "{frames:?}");
    assert!(frames[0].ends_with(" - <unknown>!func[0]"), "{frames:?}");
    assert!(frames[1].ends_with(" - <unknown>!func[1]"), "{frames:?}");
}

#[test]
fn a_runaway_recursion_prints_a_capped_backtrace() {
    let dir = scratch("backtrace-deep");
    let file = write(&dir, "calc.wat", NAMED);
    let out = polymem(&["run", file.to_str().unwrap(), "--invoke", "recurse", "1"]);
    assert_eq!(out.status.code(), Some(134));
    let frames = frames(&stderr(&out), "call stack exhausted");
    assert_eq!(frames.len(), 101, "100 frames and the omission line");
    assert!(frames.iter().any(|l| l.contains("frames omitted")), "{frames:?}");
}

#[test]
fn a_trapping_start_function_has_a_backtrace_and_other_errors_one_line() {
    let dir = scratch("backtrace-start");
    let file = write(&dir, "start.wat", r#"(module (func $init unreachable) (start $init))"#);
    let out = polymem(&["run", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(134));
    assert_eq!(frames(&stderr(&out), "unreachable"), ["    0: 0x19 - <unknown>!init"]);

    // Not traps: one line, exit 1.
    let file = write(&dir, "import.wat", r#"(module (import "nowhere" "f" (func)))"#);
    let out = polymem(&["run", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stderr(&out).lines().count(), 1, "{}", stderr(&out));
    let out = polymem(&["run", &dir.join("missing.wasm").to_string_lossy()]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stderr(&out).lines().count(), 1, "{}", stderr(&out));
}
