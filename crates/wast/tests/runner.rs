//! The runner itself: pass/fail accounting, line numbers, the preprocessor hook, panics and
//! configuration.

use polymem::Config;
use polymem_wast::WastRunner;

const SCRIPT: &str = r#"(module
  (memory 1) (memory 2)
  (func (export "size1") (result i32) (memory.size 1))
  (func (export "f32nan") (result f32) (f32.div (f32.const 0) (f32.const 0)))
  (func (export "id") (param externref) (result externref) (local.get 0))
  (func (export "oob") (i32.store 1 (i32.const 131072) (i32.const 0))))
(assert_return (invoke "size1") (i32.const 2))
(assert_return (invoke "f32nan") (f32.const nan:canonical))
(assert_return (invoke "f32nan") (either (f32.const 1) (f32.const nan:arithmetic)))
(assert_return (invoke "id" (ref.extern 7)) (ref.extern 7))
(assert_return (invoke "id" (ref.null extern)) (ref.null extern))
(assert_trap (invoke "oob") "out of bounds memory access")
(assert_malformed (module quote "(func") "unexpected end")
(assert_invalid (module (func (result i32))) "type mismatch")
(assert_unlinkable (module (import "nowhere" "f" (func))) "unknown import")
(module (import "spectest" "print_i32" (func (param i32))) (import "spectest" "memory" (memory 1 2))
  (import "spectest" "global_f64" (global f64)) (import "spectest" "table" (table 10 20 funcref)))
"#;

#[test]
fn every_directive_of_a_good_script_passes() {
    let report = WastRunner::new().run_source("good.wast", SCRIPT);
    assert_eq!(report.failures, Vec::<String>::new());
    assert_eq!((report.passed, report.failed), (11, 0));
    assert_eq!(report.to_string(), "11 passed, 0 failed");
}

#[test]
fn failures_name_the_file_line_and_directive() {
    let script = "(module (func (export \"one\") (result i32) (i32.const 1)))\n\
                  (assert_return (invoke \"one\") (i32.const 1))\n\
                  (assert_return (invoke \"one\") (i32.const 2))\n\
                  (assert_trap (invoke \"one\") \"unreachable\")\n\
                  (assert_invalid (module) \"nothing wrong\")\n";
    let report = WastRunner::new().run_source("bad.wast", script);
    assert_eq!((report.passed, report.failed), (2, 3), "{:?}", report.failures);
    assert!(report.failures[0].starts_with("bad.wast:3: assert_return: "), "{:?}", report.failures);
    assert!(report.failures[1].starts_with("bad.wast:4: assert_trap: "), "{:?}", report.failures);
    assert!(
        report.failures[2].starts_with("bad.wast:5: assert_invalid: "),
        "{:?}",
        report.failures
    );
}

#[test]
fn a_script_that_does_not_parse_is_one_failure() {
    let report = WastRunner::new().run_source("broken.wast", "(module");
    assert_eq!((report.passed, report.failed), (0, 1));
    assert!(report.failures[0].starts_with("broken.wast: the script does not parse"));
}

#[test]
fn the_preprocessor_sees_every_module_and_its_errors_count_as_rejection() {
    let identity = WastRunner::new().with_preprocessor(|bytes| Ok(bytes.to_vec()));
    assert!(identity.run_source("id.wast", SCRIPT).is_success());

    let rejecting = WastRunner::new().with_preprocessor(|_| Err("cannot lower".to_string()));
    let report = rejecting.run_source("reject.wast", SCRIPT);
    assert!(report.failures[0].contains("the preprocessor failed: cannot lower"), "{report:?}");
    // assert_malformed and assert_invalid still pass: the module was rejected.
    assert_eq!(report.passed, 2, "{report:?}");
}

#[test]
fn a_panic_fails_only_its_directive() {
    let panicking = WastRunner::new().with_preprocessor(|bytes| {
        if bytes.len() > 8 { panic!("boom in the preprocessor") } else { Ok(bytes.to_vec()) }
    });
    let report = panicking.run_source("panic.wast", "(module (func))\n(module)\n");
    assert_eq!((report.passed, report.failed), (1, 1), "{report:?}");
    assert!(report.failures[0].contains("panicked: boom in the preprocessor"), "{report:?}");
}

#[test]
fn the_configuration_reaches_the_engine() {
    let mut config = Config::default();
    config.multi_memory(false);
    let script = "(assert_invalid (module (memory 1) (memory 1)) \"multiple memories\")";
    assert!(WastRunner::new().with_config(config).run_source("one.wast", script).is_success());
    assert!(!WastRunner::new().run_source("many.wast", script).is_success());
}

/// A module exporting a bridged memory, registered and imported (bridged again) by another.
const BRIDGED: &str = r#"(module $a
  (memory (export "m") 1 2) (memory 1)
  (func (export "store") (param i32 i32) (i32.store 0 (local.get 0) (local.get 1)))
  (func (export "grow") (param i32) (result i32) (memory.grow 0 (local.get 0))))
(register "a" $a)
(module
  (import "a" "m" (memory 1)) (memory 1)
  (func (export "load") (param i32) (result i32) (i32.load 0 (local.get 0)))
  (func (export "fill") (param i32 i32 i32) (memory.fill 0 (local.get 0) (local.get 1) (local.get 2)))
  (func (export "size") (result i32) (memory.size 0)))
(invoke $a "store" (i32.const 8) (i32.const 42))
(assert_return (invoke "load" (i32.const 8)) (i32.const 42))
(assert_return (invoke $a "grow" (i32.const 1)) (i32.const 1))
(assert_return (invoke "size") (i32.const 2))
(invoke "fill" (i32.const 65536) (i32.const 7) (i32.const 4))
(assert_return (invoke "load" (i32.const 65536)) (i32.const 0x07070707))
(assert_trap (invoke "load" (i32.const 131069)) "out of bounds memory access")
(assert_trap (invoke "fill" (i32.const 131070) (i32.const 0) (i32.const 3)) "out of bounds memory access")
(assert_return (invoke $a "grow" (i32.const 1)) (i32.const -1))
(assert_unlinkable (module (import "a" "m" (memory 3)) (memory 1)) "incompatible import type")
(assert_unlinkable (module (import "a" "nothing" (memory 1)) (memory 1)) "unknown import")
"#;

fn lowered_runner(bridge: bool) -> WastRunner {
    let mut config = Config::default();
    config.multi_memory(false);
    WastRunner::new().with_config(config).with_bridge(bridge).with_preprocessor(|bytes| {
        polymem_transform::lower_memories(bytes, &polymem_transform::LowerOptions::default())
            .map_err(|e| e.to_string())
    })
}

#[test]
fn the_bridge_links_lowered_modules_with_bridged_memories() {
    let report = lowered_runner(true).run_source("bridged.wast", BRIDGED);
    assert_eq!(report.failures, Vec::<String>::new());
    assert_eq!((report.passed, report.failed), (14, 0));
    assert!(WastRunner::new().with_bridge(true).run_source("bridged.wast", BRIDGED).is_success());

    let without = lowered_runner(false).run_source("bridged.wast", BRIDGED);
    assert!(without.failures[0].contains("`polymem:bridge`"), "{without:?}");
}

#[test]
fn the_layout_section_is_read() {
    let wasm = b"\0asm\x01\0\0\0";
    assert_eq!(polymem_wast::bridge::read_layout(wasm), Ok(None));
    let script = "(module (memory (export \"m\") 1) (memory 1))";
    let lowered = polymem_transform::lower_memories(
        &wast_bytes(script),
        &polymem_transform::LowerOptions::default(),
    )
    .expect("lowers");
    let layout = polymem_wast::bridge::read_layout(&lowered).expect("parses").expect("present");
    // The exported memory 0 stays in place: nothing is bridged.
    assert!(!layout.bridged());
    assert_eq!(layout.in_place.as_ref().map(|p| p.memory), Some(0));
    assert_eq!(layout.memories.len(), 2);
    assert_eq!(layout.memories[0].exports, ["m"]);
    assert_eq!(layout.memories[0].place, polymem_transform::Placement::InPlace);
    assert_eq!(layout.memories[1].bridge_id, None);
}

/// The binary of a one-module script.
fn wast_bytes(text: &str) -> Vec<u8> {
    let buffer = wast::parser::ParseBuffer::new(text).expect("lexes");
    let mut module: wast::Wat<'_> = wast::parser::parse(&buffer).expect("parses");
    module.encode().expect("encodes")
}
