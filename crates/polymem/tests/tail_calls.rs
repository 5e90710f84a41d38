//! Tail calls (`return_call`, `return_call_indirect`): constant stack in a tail-recursive loop,
//! tail calls to host functions and to functions of other instances, and the indirect form's
//! type check and traps. The engine is built with a small `max_call_depth`, so any frame a tail
//! call kept would end the loops below with `call stack exhausted`.

use polymem::{Caller, Config, Engine, Linker, Module, Store, TrapCode};

fn engine() -> Engine {
    let mut config = Config::default();
    config.max_call_depth(16);
    Engine::new(&config)
}

fn module(engine: &Engine, wat: &str) -> Module {
    Module::new(engine, wat::parse_str(wat).expect("valid text")).expect("compiles")
}

const LOOPS: &str = r#"(module
  (type $step (func (param i64 i64) (result i64)))
  (table funcref (elem $count $even $odd))
  ;; count(n, acc): acc + n after n tail calls to itself
  (func $count (export "count") (param i64 i64) (result i64)
    (if (result i64) (i64.eqz (local.get 0))
      (then (local.get 1))
      (else (return_call $count (i64.sub (local.get 0) (i64.const 1))
                                (i64.add (local.get 1) (i64.const 1))))))
  ;; even/odd through the table: mutual tail recursion with more locals than parameters
  (func $even (export "even") (param i64 i64) (result i64) (local f64 i32)
    (if (result i64) (i64.eqz (local.get 0))
      (then (i64.const 1))
      (else (return_call_indirect (type $step)
              (i64.sub (local.get 0) (i64.const 1)) (local.get 1) (i32.const 2)))))
  (func $odd (param i64 i64) (result i64)
    (if (result i64) (i64.eqz (local.get 0))
      (then (i64.const 0))
      (else (return_call_indirect (type $step)
              (i64.sub (local.get 0) (i64.const 1)) (local.get 1) (i32.const 1)))))
  ;; a v128 parameter takes two cells: the arguments move down by cells, not by values
  (func $lanes (param i32 v128 i32) (result i32)
    (if (result i32) (i32.eqz (local.get 2))
      (then (i32.add (local.get 0) (i32x4.extract_lane 3 (local.get 1))))
      (else (return_call $lanes (i32.add (local.get 0) (i32.const 1)) (local.get 1)
              (i32.sub (local.get 2) (i32.const 1))))))
  (func (export "lanes") (param i32) (result i32)
    (return_call $lanes (i32.const 0) (v128.const i32x4 0 0 0 7) (local.get 0)))
  (func (export "wrong_type") (result i32)
    (return_call_indirect (result i32) (i32.const 0)))
  (func (export "out_of_table") (result i64)
    (return_call_indirect (type $step) (i64.const 0) (i64.const 0) (i32.const 9))))"#;

#[test]
fn ten_million_tail_calls_run_in_constant_stack() {
    let engine = engine();
    let mut store = Store::new(&engine, ());
    let inst = Linker::new(&engine).instantiate(&mut store, &module(&engine, LOOPS)).unwrap();
    let count = inst.get_typed_func::<(i64, i64), i64>(&store, "count").unwrap();
    assert_eq!(count.call(&mut store, (10_000_000, 5)).unwrap(), 10_000_005);
    let even = inst.get_typed_func::<(i64, i64), i64>(&store, "even").unwrap();
    assert_eq!(even.call(&mut store, (1_000_001, 0)).unwrap(), 0);
    assert_eq!(even.call(&mut store, (1_000_000, 0)).unwrap(), 1);
    let lanes = inst.get_typed_func::<i32, i32>(&store, "lanes").unwrap();
    assert_eq!(lanes.call(&mut store, 100_000).unwrap(), 100_007);
}

#[test]
fn return_call_indirect_checks_the_type_and_the_table_bounds() {
    let engine = engine();
    let mut store = Store::new(&engine, ());
    let inst = Linker::new(&engine).instantiate(&mut store, &module(&engine, LOOPS)).unwrap();
    let wrong = inst.get_typed_func::<(), i32>(&store, "wrong_type").unwrap();
    let err = wrong.call(&mut store, ()).unwrap_err();
    assert_eq!(err.as_trap(), Some(TrapCode::BadSignature), "{err}");
    let out = inst.get_typed_func::<(), i64>(&store, "out_of_table").unwrap();
    let err = out.call(&mut store, ()).unwrap_err();
    assert_eq!(err.as_trap(), Some(TrapCode::UndefinedElement), "{err}");
}

#[test]
fn tail_calls_reach_host_functions_and_other_instances() {
    let engine = engine();
    let mut store = Store::new(&engine, ());
    let mut linker = Linker::new(&engine);
    linker
        .func_wrap("env", "mix", |_: Caller<'_, ()>, a: i32, b: i64| -> (i64, i32) {
            (b * 10, a + 1)
        })
        .unwrap();
    let lib = module(
        &engine,
        r#"(module
          (memory 1) (data (i32.const 0) "\05")
          ;; reads its own memory, so the instance must switch
          (func (export "down") (param i32) (result i32)
            (if (result i32) (i32.eqz (local.get 0))
              (then (i32.load8_u (i32.const 0)))
              (else (return_call 0 (i32.sub (local.get 0) (i32.const 1)))))))"#,
    );
    let lib = linker.instantiate(&mut store, &lib).unwrap();
    linker.instance(&mut store, "lib", lib).unwrap();
    let app = module(
        &engine,
        r#"(module
          (import "env" "mix" (func $mix (param i32 i64) (result i64 i32)))
          (import "lib" "down" (func $down (param i32) (result i32)))
          (memory 1) (data (i32.const 0) "\63")
          (func (export "mix") (param i32 i64) (result i64 i32)
            (local i64 i64 i64)
            (return_call $mix (i32.add (local.get 0) (i32.const 1)) (local.get 1)))
          ;; the caller's memory is its own again after the other instance's tail call
          (func (export "down_then_own") (param i32) (result i32)
            (i32.add (call $down_tail (local.get 0)) (i32.load8_u (i32.const 0))))
          (func $down_tail (param i32) (result i32) (return_call $down (local.get 0))))"#,
    );
    let app = linker.instantiate(&mut store, &app).unwrap();
    let mix = app.get_typed_func::<(i32, i64), (i64, i32)>(&store, "mix").unwrap();
    assert_eq!(mix.call(&mut store, (1, 7)).unwrap(), (70, 3));
    let down = app.get_typed_func::<i32, i32>(&store, "down_then_own").unwrap();
    assert_eq!(down.call(&mut store, 1_000_000).unwrap(), 5 + 0x63);
}
