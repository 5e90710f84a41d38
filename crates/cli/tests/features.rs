//! The Wasm 3.0 proposals that are on by default: a module using each runs, and
//! `--disable FEATURE` rejects it with a one-line error naming the proposal.

mod common;

use common::{assert_clean_failure, polymem, scratch, stderr, stdout, write};

/// `(feature, module, function to invoke, its output)`.
const USES: &[(&str, &str, &str, &str)] = &[(
    "extended-const",
    r#"(module (memory 1)
         (data (i32.add (i32.const 8) (i32.mul (i32.const 2) (i32.const 3))) "\2a")
         (func (export "f") (result i32) (i32.load8_u (i32.const 14))))"#,
    "f",
    "42\n",
)];

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
