//! Extended-const offsets (`i32.add/sub/mul` in a data segment's offset) survive the lowering
//! and the merge: the segment lands on the same bytes, and a segment whose computed offset is out
//! of bounds still fails instantiation. Run on wasmi, the lowered module with multi-memory off.

use polymem_transform::{LowerOptions, MergeOptions, lower_memories, merge_modules};
use wasmi::{Config, Engine, Global, Linker, Module, Mutability, Store, Val};

/// Instantiates `wasm` with `env.base` = `base`; reads byte `addr` through export `peek` calls
/// (`(export, addr)` pairs), or gives the instantiation error.
fn peek(
    wasm: &[u8],
    multi_memory: bool,
    base: i32,
    reads: &[(&str, i32)],
) -> Result<Vec<i32>, String> {
    let mut config = Config::default();
    config.wasm_multi_memory(multi_memory);
    let engine = Engine::new(&config);
    let module = Module::new(&engine, wasm).map_err(|e| format!("compile: {e}"))?;
    let mut store = Store::new(&engine, ());
    let mut linker = Linker::<()>::new(&engine);
    let global = Global::new(&mut store, Val::I32(base), Mutability::Const);
    linker.define("env", "base", global).unwrap();
    let instance = linker
        .instantiate_and_start(&mut store, &module)
        .map_err(|e| format!("{:?}", e.as_trap_code()))?;
    let mut out = Vec::new();
    for &(name, addr) in reads {
        let f = instance.get_typed_func::<i32, i32>(&store, name).unwrap();
        out.push(f.call(&mut store, addr).unwrap());
    }
    Ok(out)
}

const TWO_MEMORIES: &str = r#"(module
  (import "env" "base" (global $base i32))
  (memory $a 1) (memory $b 1)
  (data (memory $b) (i32.add (global.get $base) (i32.const 3)) "\01\02")
  (data (memory $a) (i32.mul (i32.const 2) (i32.sub (i32.const 10) (i32.const 2))) "\03")
  (func (export "a") (param i32) (result i32) (i32.load8_u $a (local.get 0)))
  (func (export "b") (param i32) (result i32) (i32.load8_u $b (local.get 0))))"#;

#[test]
fn lowered_extended_const_offsets_place_segments_exactly() {
    let wasm = wat::parse_str(TWO_MEMORIES).unwrap();
    let lowered = lower_memories(&wasm, &LowerOptions::default()).unwrap();
    let reads = [("b", 102), ("b", 103), ("b", 104), ("b", 105), ("a", 15), ("a", 16), ("a", 17)];
    let expected = Ok(vec![0, 1, 2, 0, 0, 3, 0]);
    assert_eq!(peek(&wasm, true, 100, &reads), expected);
    assert_eq!(peek(&lowered, false, 100, &reads), expected);
    // The computed offset puts the segment past memory $b's end: both fail the same way.
    let past_end = 65535 - 3;
    let original = peek(&wasm, true, past_end, &reads);
    assert!(original.is_err(), "{original:?}");
    assert_eq!(peek(&lowered, false, past_end, &reads), original);
}

#[test]
fn merged_extended_const_offsets_read_the_resolved_global() {
    let lib = wat::parse_str(r#"(module (global (export "base") i32 (i32.const 40)))"#).unwrap();
    let app = wat::parse_str(
        r#"(module
          (import "lib" "base" (global $g i32))
          (memory 1)
          (data (i32.add (global.get $g) (i32.const 2)) "\07")
          (func (export "peek") (param i32) (result i32) (i32.load8_u (local.get 0))))"#,
    )
    .unwrap();
    let merged = merge_modules(&[("lib", &lib), ("app", &app)], &MergeOptions::default()).unwrap();
    assert_eq!(
        peek(&merged, true, 0, &[("peek", 41), ("peek", 42), ("peek", 43)]),
        Ok(vec![0, 7, 0])
    );
}
