//! Bad input never crashes: truncated and bit-flipped versions of real modules either fail to
//! decode with an error or run to a result or a trap. Every call runs under fuel, since a
//! flipped bit may turn a loop into an endless one.

use polymem::{Config, Engine, Instance, Module, Store, Translation, Val};

const SOURCES: &[&str] = &[
    r#"(module
      (memory $a 1) (memory $b 1 3)
      (global $g (mut i32) (i32.const 7))
      (table 4 funcref) (elem (i32.const 0) $f $g2)
      (data (memory $b) (i32.const 16) "abcdef")
      (func $f (export "f") (param i32) (result i32)
        (local i64)
        (block (loop
          (br_if 1 (i32.eqz (local.get 0)))
          (i32.store $a (i32.const 0) (i32.add (i32.load $a (i32.const 0)) (local.get 0)))
          (memory.copy $a $b (i32.const 32) (i32.const 16) (i32.const 6))
          (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
          (br 0)))
        (i32.add (i32.load $a (i32.const 0)) (global.get $g)))
      (func $g2 (export "g") (param i32) (result i32)
        (call_indirect (param i32) (result i32) (local.get 0) (i32.const 0)))
      (func (export "grow") (param i32) (result i32) (memory.grow $b (local.get 0))))"#,
    r#"(module
      (func $fac (export "fac") (param i64) (result i64)
        (if (result i64) (i64.eqz (local.get 0))
          (then (i64.const 1))
          (else (i64.mul (local.get 0) (call $fac (i64.sub (local.get 0) (i64.const 1)))))))
      (func (export "conv") (param f64) (result i32) (i32.trunc_f64_s (local.get 0))))"#,
];

/// Fuel for each call (and for the start function): enough for the sources' loops, small
/// enough that the endless loops a flip can make end in a millisecond.
const FUEL: u64 = 20_000;

/// Instantiates and calls every exported function with small arguments; any outcome but a
/// panic is fine. Returns how many functions were called.
fn exercise(engine: &Engine, bytes: &[u8]) -> usize {
    let Ok(module) = Module::new(engine, bytes) else { return 0 };
    let mut store = Store::new(engine, ());
    store.set_fuel(FUEL).unwrap();
    let Ok(instance) = Instance::new(&mut store, &module, &[]) else { return 0 };
    let mut called = 0;
    for (_, export) in instance.exports(&store) {
        let Some(func) = export.into_func() else { continue };
        let ty = func.ty(&store);
        let params: Vec<Val> = ty
            .params()
            .iter()
            .map(|&t| match t {
                polymem::ValType::I32 => Val::I32(3),
                polymem::ValType::I64 => Val::I64(3),
                other => Val::default_for(other),
            })
            .collect();
        let mut results: Vec<Val> = ty.results().iter().map(|&t| Val::default_for(t)).collect();
        store.set_fuel(FUEL).unwrap();
        let _ = func.call(&mut store, &params, &mut results);
        called += 1;
    }
    called
}

/// Decodes, translates every function and instantiates; any outcome but a panic is fine.
fn translate_and_instantiate(engine: &Engine, bytes: &[u8]) {
    let Ok(module) = Module::new(engine, bytes) else { return };
    // The test modules have few functions; translation errors are fine, panics are not.
    for index in 0..16 {
        let _ = module.function_ir(index);
    }
    let mut store = Store::new(engine, ());
    let _ = Instance::new(&mut store, &module, &[]);
}

#[test]
fn truncated_and_bit_flipped_modules_do_not_panic() {
    for translation in [Translation::Lazy, Translation::Eager] {
        let mut config = Config::default();
        config.translation(translation).consume_fuel(true);
        let engine = Engine::new(&config);
        for source in SOURCES {
            let bytes = wat::parse_str(source).unwrap();
            assert!(exercise(&engine, &bytes) > 0);
            // A cut at a section boundary leaves a valid (smaller) module; any other cut is
            // malformed and must be reported as an error.
            let mut rejected = 0;
            for len in 0..bytes.len() {
                match Module::new(&engine, &bytes[..len]) {
                    Ok(_) => {
                        exercise(&engine, &bytes[..len]);
                    }
                    Err(err) => {
                        assert!(!err.to_string().is_empty());
                        rejected += 1;
                    }
                }
            }
            assert!(rejected > bytes.len() * 9 / 10, "{rejected} of {} cuts rejected", bytes.len());
            // Flipped modules are translated eagerly, instantiated and called.
            let mut called = 0;
            for at in 0..bytes.len() {
                for bit in 0..8 {
                    let mut flipped = bytes.clone();
                    flipped[at] ^= 1 << bit;
                    translate_and_instantiate(&engine, &flipped);
                    called += exercise(&engine, &flipped);
                }
            }
            // Most flips land in code or data and leave a valid module: they must be run.
            assert!(called > bytes.len(), "only {called} calls of flipped modules");
        }
    }
}

#[test]
fn decode_errors_carry_the_byte_offset() {
    let engine = Engine::default();
    let bytes = wat::parse_str(SOURCES[1]).unwrap();
    let err = Module::new(&engine, &bytes[..bytes.len() - 3]).unwrap_err();
    match err.kind() {
        polymem::ErrorKind::Parse { offset, .. } => assert!(*offset > 8, "offset {offset}"),
        other => panic!("expected a parse error, got {other:?}"),
    }
}
