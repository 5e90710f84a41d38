//! A module whose only memory is 64-bit cannot run on an engine without memory64 (Node 20), so
//! `lower_memories` lowers it to a 32-bit memory instead of returning it unchanged: the lowered
//! module validates without memory64 and gives the same results and traps on our engine with
//! memory64 switched off as the original with it on. An imported or exported one is rejected,
//! naming the memory (a host sharing it would see the 32-bit memory).

mod run_calls;

use polymem::{Config, Feature, Val};
use polymem_transform::{LowerError, LowerOptions, lower_memories};
use wasmparser::{Validator, WasmFeatures};

const ONE_64_BIT_MEMORY: &str = r#"(module
  (memory $m i64 1 3)
  (data (i64.const 65532) "\01\02\03\04")
  (func (export "load") (param i64) (result i32) (i32.load $m (local.get 0)))
  (func (export "store") (param i64 i32) (i32.store8 $m offset=1 (local.get 0) (local.get 1)))
  (func (export "grow") (param i64) (result i64) (memory.grow $m (local.get 0)))
  (func (export "size") (result i64) (memory.size $m))
  (func (export "fill") (param i64 i64) (memory.fill $m (local.get 0) (i32.const 7) (local.get 1))))"#;

/// Runs the calls with memory64 on or off.
fn run(wasm: &[u8], memory64: bool, calls: &[(&str, Vec<Val>)]) -> Vec<String> {
    let mut config = Config::default();
    config.wasm_feature(Feature::Memory64, memory64);
    run_calls::run(wasm, &config, calls)
}

#[test]
fn a_single_64_bit_memory_is_lowered_to_32_bits() {
    let wasm = wat::parse_str(ONE_64_BIT_MEMORY).unwrap();
    let lowered = lower_memories(&wasm, &LowerOptions::default()).unwrap();
    assert_ne!(lowered, wasm, "a 64-bit memory must not come back unchanged");
    let without_memory64 = WasmFeatures::WASM2 - WasmFeatures::MULTI_MEMORY;
    Validator::new_with_features(without_memory64).validate_all(&lowered).unwrap();

    let (i32_, i64_) = (Val::I32, Val::I64);
    let calls = [
        ("load", vec![i64_(65532)]),
        ("load", vec![i64_(65533)]),
        ("load", vec![i64_(1 << 32)]),
        ("load", vec![i64_(-1)]),
        ("store", vec![i64_(65534), i32_(9)]),
        ("store", vec![i64_(65535), i32_(9)]),
        ("size", vec![]),
        ("grow", vec![i64_(1)]),
        ("load", vec![i64_(65533)]),
        ("store", vec![i64_(131070), i32_(5)]),
        ("load", vec![i64_(131068)]),
        ("grow", vec![i64_(2)]),
        ("grow", vec![i64_(1 << 40)]),
        ("size", vec![]),
        ("fill", vec![i64_(131000), i64_(72)]),
        ("fill", vec![i64_(131000), i64_(73)]),
        ("load", vec![i64_(131068)]),
    ];
    let original = run(&wasm, true, &calls);
    assert_eq!(run(&lowered, false, &calls), original);
    // The trace checks what it should: traps past the end, before and after growth.
    assert_eq!(original[1], "out of bounds memory access");
    assert_eq!(original[9], "[]", "{original:?}");
    assert_eq!(original[12], "[I64(-1)]", "{original:?}");
    assert_eq!(original[15], "out of bounds memory access");
}

#[test]
fn an_exported_or_imported_single_64_bit_memory_is_rejected_by_index() {
    for src in [
        r#"(module (memory (export "m") i64 1))"#,
        r#"(module (import "host" "m" (memory i64 1)))"#,
    ] {
        let err =
            lower_memories(&wat::parse_str(src).unwrap(), &LowerOptions::default()).unwrap_err();
        assert!(matches!(err, LowerError::Unsupported { memory: Some(0), .. }), "{src}: {err}");
        assert!(err.to_string().contains("64-bit memory"), "{err}");
    }
}
