//! `polymem run` of real WASI programs: Rust programs of ours (`crates/wasi/tests/programs`)
//! built for `wasm32-wasip1` by this test, run by the real binary.
//!
//! Optional lane: where `wasmtime` is on `PATH`, the same runs are compared with
//! `wasmtime run` (stdout and exit code). It is not installed here and no registry this project
//! uses ships it, so a missing `wasmtime` prints `SKIP` and is not a failure, even with CI=true.

mod common;

use common::*;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::OnceLock;

const TARGET: &str = "wasm32-wasip1";

/// The built program `name` (`<name>.wasm`).
fn program(name: &str) -> String {
    static BUILT: OnceLock<PathBuf> = OnceLock::new();
    let dir = BUILT.get_or_init(build_programs);
    dir.join(format!("{name}.wasm")).to_str().expect("UTF-8 path").to_string()
}

/// Builds the programs with `cargo build --release --target wasm32-wasip1` into this test's
/// temporary target directory; fails with the command that installs the target when it is
/// missing.
fn build_programs() -> PathBuf {
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".to_string());
    let libdir = Command::new(&rustc)
        .args(["--print", "target-libdir", "--target", TARGET])
        .output()
        .map(|out| String::from_utf8_lossy(&out.stdout).trim().to_string())
        .unwrap_or_default();
    let installed = Path::new(&libdir).read_dir().is_ok_and(|entries| {
        entries.flatten().any(|e| e.file_name().to_string_lossy().starts_with("libstd-"))
    });
    assert!(
        installed,
        "the WASI tests build Rust programs for {TARGET}, whose standard library is not \
         installed. Install it with:\n\n    rustup target add {TARGET}\n"
    );
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR")).join("../wasi/tests/programs/Cargo.toml");
    let target_dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("wasi-programs");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    let mut build = Command::new(cargo);
    build
        .args(["build", "--release", "--locked", "--target", TARGET, "--manifest-path"])
        .arg(&manifest)
        .arg("--target-dir")
        .arg(&target_dir);
    // The outer build's flags and wrappers are for the host, not for these programs.
    for var in ["RUSTFLAGS", "CARGO_ENCODED_RUSTFLAGS", "RUSTC_WRAPPER", "CARGO_BUILD_TARGET"] {
        build.env_remove(var);
    }
    let status = build.status().expect("cannot run cargo to build the WASI programs");
    assert!(status.success(), "building the WASI programs ({}) failed", manifest.display());
    target_dir.join(TARGET).join("release")
}

/// Runs polymem with `stdin` as standard input.
fn polymem_with_input(args: &[&str], stdin: &str) -> Output {
    use std::io::Write as _;
    let mut child = Command::new(env!("CARGO_BIN_EXE_polymem"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("cannot run polymem");
    child.stdin.take().expect("piped").write_all(stdin.as_bytes()).expect("write stdin");
    child.wait_with_output().expect("wait for polymem")
}

/// Asserts polymem itself did not panic (a guest's Rust panic message names its own file).
fn assert_no_host_panic(out: &Output) {
    let err = stderr(out);
    assert!(!err.contains("panicked at crates/"), "polymem panicked: {err}");
}

#[test]
fn hello_world_prints_and_exits_zero() {
    let out = polymem(&["run", &program("hello")]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out), "Hello, world!\n");
    assert_eq!(stderr(&out), "");
    // `run` is the default subcommand for WASI programs too.
    assert_eq!(stdout(&polymem(&[&program("hello")])), "Hello, world!\n");
}

#[test]
fn arguments_and_environment_reach_the_program() {
    let hello = program("args_env");
    let out = Command::new(env!("CARGO_BIN_EXE_polymem"))
        .args(["run", "--env", "A=1", "--env", "B=two words", "--env", "FROM_HOST"])
        .args(["--env", "UNSET_ON_HOST", &hello, "x", "y z", "--flag", "-v"])
        .env("FROM_HOST", "inherited")
        .env_remove("UNSET_ON_HOST")
        .output()
        .expect("cannot run polymem");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let expected = format!(
        "arg 0: {hello}\narg 1: x\narg 2: y z\narg 3: --flag\narg 4: -v\n\
         env A=1\nenv B=two words\nenv FROM_HOST=inherited\n"
    );
    // Only the variables asked for: nothing of the host's environment leaks in.
    assert_eq!(stdout(&out), expected);
}

#[test]
fn files_in_a_preopened_directory_and_nothing_outside() {
    let dir = scratch("wasi-files");
    let sandbox = dir.join("box");
    std::fs::create_dir(&sandbox).unwrap();
    write(&sandbox, "input.txt", "polymem reads this\n");
    write(&dir, "outside.txt", "secret");
    let mapping = format!("{}::/data", sandbox.display());
    let out = polymem(&["run", "--dir", &mapping, &program("files"), "/data"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "read 19 bytes\nwrote 19 bytes\nentries: input.txt output.txt sub\n\
         refused /data/../outside.txt: PermissionDenied\nrefused /etc/passwd: NotFound\n\
         refused to create outside: PermissionDenied\n"
    );
    let written = std::fs::read_to_string(sandbox.join("output.txt")).unwrap();
    assert_eq!(written, "POLYMEM READS THIS\n");
    assert!(sandbox.join("sub").is_dir() && !sandbox.join("sub/deeper").exists());
    assert!(!dir.join("created-outside.txt").exists());

    // Under its own host path, too.
    let same = sandbox.to_str().unwrap();
    let out = polymem(&["run", "--dir", same, &program("files"), same]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("refused to create outside"), "{}", stdout(&out));

    // Without a directory, nothing is reachable: the program's own `expect` panics (a trap).
    let out = polymem(&["run", &program("files"), "/data"]);
    assert_eq!(out.status.code(), Some(134));
    assert!(stderr(&out).contains("read input.txt"), "{}", stderr(&out));
    assert_no_host_panic(&out);

    let out = polymem(&["run", "--dir", "/nonexistent/dir", &program("files"), "/data"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stderr(&out).lines().count(), 1, "{}", stderr(&out));
    assert!(stderr(&out).contains("cannot open the directory /nonexistent/dir"));
}

#[test]
fn positioned_io_and_symbolic_links() {
    let dir = scratch("wasi-seek-links");
    write(&dir, "outside.txt", "secret");
    let sandbox = dir.join("box");
    std::fs::create_dir(&sandbox).unwrap();
    let mapping = format!("{}::/data", sandbox.display());
    let out = polymem(&["run", "--dir", &mapping, &program("seek_links"), "/data"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "tell after writing: 16\nseek to 6, read \"wasi\", tell 10\nseek from the end: 11\n\
         pwrite 5 bytes at 0\npread at 11: \"world\"\npread at 0: \"HELLO wasi\", tell 11\n\
         contents: \"HELLO wasi world\"\npath_symlink: errno 0\nread_link: \"data.txt\"\n\
         through the link: \"HELLO wasi world\"\nescaping link: errno 0, read: Err(PermissionDenied)\n"
    );
    let link = std::fs::read_link(sandbox.join("link.txt")).unwrap();
    assert_eq!(link, std::path::Path::new("data.txt"));
}

#[test]
fn proc_exit_is_the_exit_code() {
    for status in [0, 1, 3, 42, 125] {
        let out = polymem(&["run", &program("exit_code"), &status.to_string()]);
        assert_eq!(out.status.code(), Some(status), "{}", stderr(&out));
        assert_eq!(stdout(&out), format!("exiting with {status}\n"));
        assert_eq!(stderr(&out), "on stderr\n");
    }
}

#[test]
fn a_panic_traps_with_its_message_a_backtrace_and_exit_code_134() {
    let out = polymem(&["run", &program("panic"), "1", "2"]);
    assert_eq!(out.status.code(), Some(134), "{}", stderr(&out));
    assert_eq!(stdout(&out), "before the panic\n");
    let err = stderr(&out);
    assert!(err.contains("panicked at src/bin/panic.rs"), "{err}");
    assert!(err.contains("the sum is too small: 3"), "{err}");
    let (_, report) = err.split_once("error: unreachable\nwasm backtrace:\n").expect(&err);
    // The Rust function names from the `name` section, innermost first: the abort, the panic
    // machinery, the program's `deep` and `main`, the runtime's `_start`.
    let frames: Vec<&str> = report.lines().map(|l| l.rsplit_once('!').expect(l).1).collect();
    let position = |name: &str| {
        frames.iter().position(|f| f.contains(name)).unwrap_or_else(|| panic!("{name}: {report}"))
    };
    assert!(position("abort") < position("panic"), "{report}");
    assert!(position("panic") < position("panic::deep"), "{report}");
    assert!(position("rust_panic") < position("core::panicking::panic_fmt"), "{report}");
    assert!(position("panic::deep") < position("panic::main"), "{report}");
    assert_eq!(frames.last(), Some(&"_start"), "{report}");
    assert_no_host_panic(&out);

    let out = polymem(&["run", &program("panic"), "60", "70"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn stdin_clocks_and_randomness() {
    let out = polymem_with_input(&["run", &program("stdio_clock_random")], "hello stdin\n");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "HELLO STDIN\nwall clock after 2020: true\nmonotonic clock advanced by 20ms: true\n\
         random bytes not all zero: true\n"
    );
}

#[test]
fn fuel_and_timeout_stop_wasi_programs() {
    let out = polymem(&["run", "--fuel", "1000", &program("hello")]);
    assert_eq!(out.status.code(), Some(134));
    assert!(stderr(&out).starts_with("error: all fuel consumed\nwasm backtrace:\n"));
    let out = polymem(&["run", "--fuel", "100000000", &program("hello")]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out), "Hello, world!\n");

    let start = std::time::Instant::now();
    let out = polymem(&["run", "--timeout", "300ms", &program("spin")]);
    assert_eq!(out.status.code(), Some(134));
    assert_eq!(stdout(&out), "spinning\n");
    assert!(stderr(&out).starts_with("error: interrupted\nwasm backtrace:\n"));
    assert!(start.elapsed() < std::time::Duration::from_secs(5), "{:?}", start.elapsed());
}

/// The optional lane: the same runs on `wasmtime run`, where it is installed.
#[test]
fn the_same_as_wasmtime_where_installed() {
    let found =
        Command::new("wasmtime").arg("--version").output().is_ok_and(|o| o.status.success());
    if !found {
        eprintln!("SKIP wasmtime: `wasmtime` is not on PATH (optional lane)");
        return;
    }
    let dir = scratch("wasi-wasmtime");
    let cases: Vec<(Vec<String>, Vec<String>)> = vec![
        (vec![], vec![program("hello")]),
        (vec!["--env".into(), "A=1".into()], vec![program("args_env"), "x".into(), "y z".into()]),
        (vec![], vec![program("exit_code"), "7".into()]),
        (vec![], vec![program("panic"), "1".into()]),
        (vec!["--dir".into(), format!("{}::/data", dir.display())], {
            write(&dir, "input.txt", "abc\n");
            vec![program("files"), "/data".into()]
        }),
    ];
    for (options, command) in cases {
        let mut ours: Vec<&str> = vec!["run"];
        ours.extend(options.iter().map(String::as_str));
        ours.extend(command.iter().map(String::as_str));
        let out = polymem(&ours);
        let theirs = Command::new("wasmtime").args(&ours).output().expect("run wasmtime");
        assert_eq!(stdout(&out), stdout(&theirs), "{ours:?}");
        // A trap exits 134 on both.
        assert_eq!(out.status.code(), theirs.status.code(), "{ours:?}");
    }
}
