//! Helpers shared by the CLI tests: scratch files and running the real binary.
#![allow(dead_code)] // each test file uses its own subset

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A fresh scratch directory for one test.
pub fn scratch(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("polymem-cli-{}-{test}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("cannot create a scratch directory");
    dir
}

/// Writes `contents` to `dir/name` and returns the path.
pub fn write(dir: &Path, name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, contents).expect("cannot write a test file");
    path
}

pub fn polymem(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_polymem")).args(args).output().expect("cannot run polymem")
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Asserts the process failed cleanly: non-zero exit and no panic.
pub fn assert_clean_failure(out: &Output) {
    assert!(!out.status.success(), "expected a failure, got {out:?}");
    assert!(!stderr(out).contains("panicked"), "polymem panicked: {}", stderr(out));
}
