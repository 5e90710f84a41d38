//! How errors print: one line, whatever the libraries put in their messages.

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
