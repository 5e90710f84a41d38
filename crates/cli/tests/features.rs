//! The Wasm 3.0 proposals that are on by default: a module using each runs, and
//! `--disable FEATURE` rejects it with a one-line error naming the proposal.

mod common;

use common::{assert_clean_failure, polymem, scratch, stderr, stdout, write};

/// `(feature, module, function to invoke, its output)`.
const USES: &[(&str, &str, &str, &str)] = &[
    (
        "tail-call",
        r#"(module
             (func $sum (param i64 i64) (result i64)
               (if (result i64) (i64.eqz (local.get 0)) (then (local.get 1))
                 (else (return_call $sum (i64.sub (local.get 0) (i64.const 1))
                                         (i64.add (local.get 1) (local.get 0))))))
             (func (export "f") (result i64) (return_call $sum (i64.const 100000) (i64.const 0))))"#,
        "f",
        "5000050000\n",
    ),
    (
        "wide-arithmetic",
        r#"(module (func (export "f") (result i64 i64)
             (i64.mul_wide_u (i64.const -1) (i64.const 2))))"#,
        "f",
        "-2\n1\n",
    ),
    (
        "extended-const",
        r#"(module (memory 1)
         (data (i32.add (i32.const 8) (i32.mul (i32.const 2) (i32.const 3))) "\2a")
         (func (export "f") (result i32) (i32.load8_u (i32.const 14))))"#,
        "f",
        "42\n",
    ),
];

#[test]
fn default_features_run_and_disabled_ones_are_rejected() {
    let dir = scratch("features");
    for &(feature, wat, invoke, output) in USES {
        let file = write(&dir, &format!("{feature}.wat"), wat);
        let file = file.to_str().unwrap();
        let out = polymem(&["run", file, "--invoke", invoke]);
        assert!(out.status.success(), "{feature}: {}", stderr(&out));
        assert_eq!(stdout(&out), output, "{feature}");
        let out = polymem(&["run", "--disable", feature, file, "--invoke", invoke]);
        assert_clean_failure(&out);
        let message = stderr(&out);
        assert!(
            message.contains("not enabled") || message.contains("require"),
            "{feature}: {message}"
        );
    }
}

#[test]
fn wast_runs_every_script_of_a_directory() {
    let dir = scratch("wast-dir");
    write(
        &dir,
        "a.wast",
        "(module (func (export \"f\") (result i32) (i32.const 1)))\n(assert_return (invoke \"f\") (i32.const 1))",
    );
    write(
        &dir,
        "b.wast",
        "(assert_trap (module (func $s unreachable) (start $s)) \"unreachable\")",
    );
    write(&dir, "notes.txt", "not a script");
    let out = polymem(&["wast", dir.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out), "3 passed, 0 failed\n");
    let empty = scratch("wast-empty-dir");
    let out = polymem(&["wast", empty.to_str().unwrap()]);
    assert_clean_failure(&out);
    assert!(stderr(&out).contains("no .wast files"), "{}", stderr(&out));
}
