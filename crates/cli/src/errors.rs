//! How errors print and end the process: one line, whatever the libraries put in their
//! messages; a WebAssembly trap adds its Wasm backtrace on the following lines and exits with
//! [`TRAP_EXIT_CODE`].

use std::io::Write as _;
use std::process::ExitCode;

/// The exit code of a run that trapped: 134, as wasmtime's `run` (and a native program that
/// aborts: 128 + SIGABRT). A trap is thereby told apart from a program that exits 1 by choice
/// (WASI `proc_exit(1)`) and from errors of the command itself (bad file, link error), which
/// exit 1.
pub const TRAP_EXIT_CODE: u8 = 134;

/// Prints `error` on stderr and returns the process's exit code: `error: MESSAGE` on one line
/// (see [`one_line`]); for a trap, the Wasm frames that were live follow (innermost first,
/// named from the `name` section when the module has one) and the code is [`TRAP_EXIT_CODE`];
/// any other error exits 1.
pub fn report(error: &anyhow::Error) -> ExitCode {
    let mut text = format!("error: {}\n", one_line(error));
    let trap = error
        .chain()
        .find_map(|cause| cause.downcast_ref::<polymem::Error>())
        .filter(|e| e.as_trap().is_some());
    if let Some(backtrace) = trap.and_then(polymem::Error::backtrace).filter(|b| !b.is_empty()) {
        text.push_str("wasm backtrace:\n");
        text.push_str(&backtrace.to_string());
    }
    // One write, so that the lines of the report stay together.
    let _ = std::io::stderr().lock().write_all(text.as_bytes());
    match trap {
        Some(_) => ExitCode::from(TRAP_EXIT_CODE),
        None => ExitCode::FAILURE,
    }
}

/// The error and its causes (`outer: inner: ...`) on one line. Some messages span lines
/// (wasmparser prints the bytes it expected and found as pretty-printed lists, one byte a
/// line); each line is trimmed and the lines are joined with spaces, with a list's brackets
/// closed up: `expected=[0x0, 0x61, 0x73, 0x6d]`.
pub fn one_line(error: &anyhow::Error) -> String {
    fold(&format!("{error:#}"))
}

/// `text` with its lines trimmed and joined (see [`one_line`]).
fn fold(text: &str) -> String {
    let mut line = String::with_capacity(text.len());
    for part in text.lines().map(str::trim).filter(|part| !part.is_empty()) {
        let glue = !line.is_empty() && !line.ends_with(['[', '(', '{']);
        let closes = part.starts_with([']', ')', '}']);
        if closes && line.ends_with(',') {
            line.pop();
        }
        if glue && !closes {
            line.push(' ');
        }
        line.push_str(part);
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wasmparser_byte_dumps_fold_into_one_line() {
        let dump = "cannot compile x.wasm: magic header not detected: bad magic number - \
                    expected=[\n    0x0,\n    0x61,\n    0x73,\n    0x6d,\n] actual=[\n    0x68,\n    \
                    0x65,\n] (at offset 0x0)";
        assert_eq!(
            fold(dump),
            "cannot compile x.wasm: magic header not detected: bad magic number - \
             expected=[0x0, 0x61, 0x73, 0x6d] actual=[0x68, 0x65] (at offset 0x0)"
        );
    }

    #[test]
    fn one_line_messages_are_unchanged() {
        assert_eq!(fold("integer divide by zero"), "integer divide by zero");
        assert_eq!(fold("a: b (at offset 0x1f)"), "a: b (at offset 0x1f)");
    }

    #[test]
    fn causes_are_joined() {
        let error = anyhow::anyhow!("inner\nsecond line").context("outer");
        assert_eq!(one_line(&error), "outer: inner second line");
    }
}
