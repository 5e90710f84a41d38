//! `polymem lower` on real files, checked with the real binary's `validate` and `run`.

mod common;

use common::*;

/// Three private memories with data segments, cross-memory copies, a grow and a bounds trap.
const THREE: &str = r#"(module
  (memory $a 1)
  (memory $b 1 4)
  (memory $c 2 2)
  (data (memory $a) (i32.const 0) "\01\02\03\04")
  (data (memory $b) (i32.const 16) "\10\20\30\40")
  (data (memory $c) (i32.const 65536) "\ff")
  (func (export "main") (result i32)
    (local $sum i32)
    ;; a[100..104] = b[16..20]; c[8] = a[1] + b[17]
    (memory.copy $a $b (i32.const 100) (i32.const 16) (i32.const 4))
    (i32.store8 $c (i32.const 8)
      (i32.add (i32.load8_u $a (i32.const 1)) (i32.load8_u $b (i32.const 17))))
    ;; grow b by 2 pages: old size 1
    (local.set $sum (memory.grow $b (i32.const 2)))
    (i32.store $b (i32.const 131072) (i32.const 1000))
    (local.set $sum (i32.add (local.get $sum) (i32.load $a (i32.const 0))))
    (local.set $sum (i32.add (local.get $sum) (i32.load $a (i32.const 100))))
    (local.set $sum (i32.add (local.get $sum) (i32.load8_u $c (i32.const 8))))
    (local.set $sum (i32.add (local.get $sum) (i32.load8_u $c (i32.const 65536))))
    (local.set $sum (i32.add (local.get $sum) (i32.load $b (i32.const 131072))))
    (i32.add (local.get $sum)
      (i32.add (memory.size $a)
        (i32.add (i32.mul (memory.size $b) (i32.const 10)) (i32.mul (memory.size $c) (i32.const 100))))))
  (func (export "oob") (result i32) (i32.load $c (i32.const 131070))))"#;

#[test]
fn a_lowered_three_memory_module_validates_without_multi_memory_and_runs_the_same() {
    let dir = scratch("three");
    let original = write(&dir, "three.wat", THREE);
    let original = original.to_str().unwrap();

    // The original needs multi-memory.
    assert_clean_failure(&polymem(&["validate", "--no-multi-memory", original]));

    let lowered = dir.join("out.wasm");
    let lowered = lowered.to_str().unwrap();
    let out = polymem(&["lower", original, "-o", lowered]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out), "");
    assert!(stderr(&out).contains("memories 3 -> 1"), "{}", stderr(&out));
    assert_eq!(stderr(&out).lines().count(), 1, "{}", stderr(&out));

    let out = polymem(&["validate", "--no-multi-memory", "--verbose", lowered]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out), "valid\n");

    let expected = polymem(&["run", original, "--invoke", "main"]);
    assert!(expected.status.success(), "{}", stderr(&expected));
    assert_eq!(
        stdout(&expected),
        format!("{}\n", 1 + 0x0403_0201 + 0x4030_2010 + 0x22 + 0xff + 1000 + 1 + 30 + 200)
    );
    let actual = polymem(&["run", "--no-multi-memory", lowered, "--invoke", "main"]);
    assert!(actual.status.success(), "{}", stderr(&actual));
    assert_eq!(stdout(&actual), stdout(&expected));

    // The same trap, with the engine's message (the backtraces that follow differ: the lowered
    // module's functions sit at other offsets).
    let expected = polymem(&["run", original, "--invoke", "oob"]);
    let actual = polymem(&["run", "--no-multi-memory", lowered, "--invoke", "oob"]);
    assert_clean_failure(&expected);
    assert_clean_failure(&actual);
    assert_eq!(stderr(&actual).lines().next(), Some("error: out of bounds memory access"));
    assert_eq!(stderr(&actual).lines().next(), stderr(&expected).lines().next());
    assert_eq!(actual.status.code(), expected.status.code());
}

#[test]
fn the_default_output_and_the_layout_section() {
    let dir = scratch("layout");
    let original = write(&dir, "three.wat", THREE);
    let out = polymem(&["lower", "--emit-layout", original.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let json = stdout(&out);
    let version = polymem_transform::LAYOUT_VERSION;
    assert!(json.starts_with(&format!("{{\"version\":{version},")), "{json}");
    // The same document the transform's own reader accepts.
    let layout = polymem_transform::Layout::parse(json.trim()).expect("a layout document");
    assert_eq!(layout.memories.len(), 3);
    assert!(json.contains("\"kind\":\"combined\""), "{json}");
    assert_eq!(json.matches("\"place\":\"combined\"").count(), 3, "{json}");
    assert_eq!(json.lines().count(), 1, "{json}");

    let lowered = dir.join("three.lowered.wasm");
    assert!(lowered.exists(), "no default output: {}", stderr(&out));
    let out = polymem(&["validate", "--no-multi-memory", lowered.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));

    // A binary input works the same way.
    let binary = write(&dir, "bin.wasm", std::fs::read(&lowered).unwrap());
    let out = polymem(&["lower", binary.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("memories 1 -> 1"), "{}", stderr(&out));
    assert!(dir.join("bin.lowered.wasm").exists());
}

#[test]
fn malformed_and_invalid_input_is_an_error_not_a_panic() {
    let dir = scratch("bad");
    let wasm = wat::parse_str(THREE).unwrap();
    let truncated = write(&dir, "truncated.wasm", &wasm[..wasm.len() - 5]);
    let bad_text = write(&dir, "bad.wat", "(module (func (i32.bogus)))");
    let invalid = write(&dir, "invalid.wat", "(module (memory 1) (memory 1) (func (result i32)))");
    for (file, message) in
        [(&truncated, "offset"), (&bad_text, "i32.bogus"), (&invalid, "type mismatch")]
    {
        let out_path = dir.join("never.wasm");
        let out = polymem(&["lower", file.to_str().unwrap(), "-o", out_path.to_str().unwrap()]);
        assert_clean_failure(&out);
        assert!(stderr(&out).contains("error:"), "{}", stderr(&out));
        assert!(stderr(&out).contains(message), "{message:?} not in {}", stderr(&out));
        assert!(!out_path.exists(), "an output was written for {}", file.display());
    }
    assert_clean_failure(&polymem(&["lower", "/nonexistent/file.wasm"]));
    assert_clean_failure(&polymem(&["lower"]));
}

/// `--top N` puts memory N last in the combined memory (its base is the highest), runs the same,
/// and names a memory that does not exist in a clear error.
#[test]
fn top_picks_the_memory_stored_last() {
    let dir = scratch("top");
    let original = write(&dir, "three.wat", THREE);
    let original = original.to_str().unwrap();
    let lowered = dir.join("top0.wasm");
    let lowered = lowered.to_str().unwrap();
    let out = polymem(&["lower", "--top", "0", "--emit-layout", original, "-o", lowered]);
    assert!(out.status.success(), "{}", stderr(&out));
    let layout = polymem_transform::Layout::parse(stdout(&out).trim()).unwrap();
    let bases: Vec<(Option<u64>, u32)> =
        layout.memories.iter().map(|m| (m.base, m.index)).collect();
    assert_eq!(bases.iter().max().map(|b| b.1), Some(0), "{bases:?}");
    let expected = polymem(&["run", original, "--invoke", "main"]);
    let actual = polymem(&["run", "--no-multi-memory", lowered, "--invoke", "main"]);
    assert_eq!(stdout(&actual), stdout(&expected));

    let out = polymem(&["lower", "--top", "3", original, "-o", lowered]);
    assert_clean_failure(&out);
    assert!(stderr(&out).contains("memory 3"), "{}", stderr(&out));
}
