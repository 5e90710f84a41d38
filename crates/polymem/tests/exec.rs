//! Execution of whole programs through the public API.

use polymem::{Config, Engine, Instance, Module, Store, Translation, TrapCode};

fn instantiate(wat: &str, translation: Translation) -> (Store<()>, Instance) {
    let mut config = Config::default();
    config.translation(translation);
    let engine = Engine::new(&config);
    let module = Module::new(&engine, wat::parse_str(wat).unwrap()).unwrap();
    let mut store = Store::new(&engine, ());
    let instance = Instance::new(&mut store, &module, &[]).unwrap();
    (store, instance)
}

const FIB: &str = r#"(module
  (func $fib (export "fib") (param i32) (result i32)
    (if (result i32) (i32.lt_u (local.get 0) (i32.const 2))
      (then (local.get 0))
      (else (i32.add (call $fib (i32.sub (local.get 0) (i32.const 1)))
                     (call $fib (i32.sub (local.get 0) (i32.const 2)))))))
  (func (export "sum") (param i32) (result i64) (local i64)
    (block (loop
      (br_if 1 (i32.eqz (local.get 0)))
      (local.set 1 (i64.add (local.get 1) (i64.extend_i32_u (local.get 0))))
      (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
      (br 0)))
    (local.get 1))
  (func $inf (export "inf") (call $inf)))"#;

#[test]
fn recursion_and_loops() {
    for mode in [Translation::Lazy, Translation::Eager, Translation::Deferred] {
        let (mut store, instance) = instantiate(FIB, mode);
        let fib = instance.get_typed_func::<i32, i32>(&store, "fib").unwrap();
        assert_eq!(fib.call(&mut store, 20).unwrap(), 6765);
        let sum = instance.get_typed_func::<i32, i64>(&store, "sum").unwrap();
        assert_eq!(sum.call(&mut store, 100_000).unwrap(), 5_000_050_000);
    }
}

#[test]
fn infinite_recursion_is_a_trap() {
    let (mut store, instance) = instantiate(FIB, Translation::Lazy);
    let inf = instance.get_typed_func::<(), ()>(&store, "inf").unwrap();
    let err = inf.call(&mut store, ()).unwrap_err();
    assert_eq!(err.as_trap(), Some(TrapCode::StackOverflow));
    // The store keeps working after the trap.
    let fib = instance.get_typed_func::<i32, i32>(&store, "fib").unwrap();
    assert_eq!(fib.call(&mut store, 10).unwrap(), 55);
}

const MEMS: &str = r#"(module
  (memory $a 1) (memory $b 1 2) (memory $c 0)
  (data (memory $b) (i32.const 8) "hello")
  (func (export "copy") (param i32 i32 i32) (memory.copy $a $b (local.get 0) (local.get 1) (local.get 2)))
  (func (export "load_a") (param i32) (result i32) (i32.load8_u $a (local.get 0)))
  (func (export "load_b") (param i32) (result i32) (i32.load8_u $b (local.get 0)))
  (func (export "grow_b") (param i32) (result i32) (memory.grow $b (local.get 0)))
  (func (export "size_c") (result i32) (memory.size $c))
  (func (export "store_c") (param i32 i32) (i32.store $c (local.get 0) (local.get 1))))"#;

#[test]
fn several_memories() {
    let (mut store, instance) = instantiate(MEMS, Translation::Eager);
    let copy = instance.get_typed_func::<(i32, i32, i32), ()>(&store, "copy").unwrap();
    let load_a = instance.get_typed_func::<i32, i32>(&store, "load_a").unwrap();
    let load_b = instance.get_typed_func::<i32, i32>(&store, "load_b").unwrap();
    let grow_b = instance.get_typed_func::<i32, i32>(&store, "grow_b").unwrap();
    let store_c = instance.get_typed_func::<(i32, i32), ()>(&store, "store_c").unwrap();
    copy.call(&mut store, (100, 8, 5)).unwrap();
    assert_eq!(load_a.call(&mut store, 100).unwrap(), b'h' as i32);
    assert_eq!(load_a.call(&mut store, 104).unwrap(), b'o' as i32);
    let oob = copy.call(&mut store, (0, 65535, 2)).unwrap_err();
    assert_eq!(oob.as_trap(), Some(TrapCode::MemoryOutOfBounds));
    assert_eq!(
        load_b.call(&mut store, 65536).unwrap_err().as_trap(),
        Some(TrapCode::MemoryOutOfBounds)
    );
    assert_eq!(grow_b.call(&mut store, 1).unwrap(), 1);
    assert_eq!(load_b.call(&mut store, 65536).unwrap(), 0);
    assert_eq!(grow_b.call(&mut store, 1).unwrap(), -1);
    let err = store_c.call(&mut store, (0, 1)).unwrap_err();
    assert_eq!(err.to_string(), "out of bounds memory access");
}

/// Each function keeps its most-used memory in registers; calls, returns and `memory.grow` in a
/// callee must leave every caller looking at the live buffer of its own hot memory.
const HOT_MEMORIES: &str = r#"(module
  (memory $a 1)
  (memory $b 1)
  ;; hot memory: $a; grows $b (which moves its buffer) and writes to it once
  (func $grow_b (param i32) (result i32)
    (i32.store $a (i32.const 0) (i32.const 11))
    (i32.store $a (i32.const 4) (i32.const 22))
    (drop (memory.grow $b (i32.const 64)))
    (i32.store $b (i32.const 65536) (local.get 0))
    (i32.load $a (i32.const 4)))
  ;; hot memory: $b; reads it before and after the call that grew it
  (func (export "run") (result i32)
    (i32.store $b (i32.const 8) (i32.const 5))
    (i32.store $b (i32.const 12) (i32.const 6))
    (i32.add
      (i32.add (call $grow_b (i32.const 1000)) (i32.load $b (i32.const 8)))
      (i32.add (i32.load $b (i32.const 65536)) (i32.load $b (i32.const 4194300))))))"#;

#[test]
fn hot_memories_follow_calls_returns_and_growth() {
    for mode in [Translation::Lazy, Translation::Eager] {
        let (mut store, instance) = instantiate(HOT_MEMORIES, mode);
        let run = instance.get_typed_func::<(), i32>(&store, "run").unwrap();
        // 22 (from $a in the callee) + 5 + 1000 + 0 (last word of the grown $b)
        assert_eq!(run.call(&mut store, ()).unwrap(), 1027);
        assert_eq!(run.call(&mut store, ()).unwrap(), 1027, "second call, $b already grown");
    }
}

/// Host functions run on one path whether WebAssembly or the embedder calls them: the same
/// result check, the same error. Activations reuse their stacks: calls after a trap, after a
/// nested host→Wasm call and after a deep recursion see fresh frames.
#[test]
fn one_host_call_path_and_reused_stacks() {
    use polymem::{FuncType, Linker, Val, ValType};
    let wat = r#"(module
      (import "env" "bad" (func $bad (result i32)))
      (import "env" "reenter" (func $reenter (param i32) (result i32)))
      (func (export "call_bad") (result i32) (call $bad))
      (func (export "inner") (param i32) (result i32) (local i64)
        (i32.add (local.get 0) (i32.wrap_i64 (local.get 1))))
      (func $deep (export "deep") (param i32) (result i32)
        (if (result i32) (local.get 0)
          (then (i32.add (i32.const 1) (call $deep (i32.sub (local.get 0) (i32.const 1)))))
          (else (i32.const 0))))
      (func (export "outer") (param i32) (result i32) (call $reenter (local.get 0))))"#;
    let engine = Engine::default();
    let module = Module::new(&engine, wat::parse_str(wat).unwrap()).unwrap();
    let mut store = Store::new(&engine, ());
    let mut linker = Linker::new(&engine);
    linker
        .func_new("env", "bad", FuncType::new([], [ValType::I32]), |_, _, results| {
            results[0] = Val::I64(1);
            Ok(())
        })
        .unwrap();
    linker
        .func_new(
            "env",
            "reenter",
            FuncType::new([ValType::I32], [ValType::I32]),
            |mut caller, params, results| {
                let inner = caller.get_export("inner").and_then(|e| e.into_func()).unwrap();
                inner.call(&mut caller, params, results)
            },
        )
        .unwrap();
    let instance = linker.instantiate(&mut store, &module).unwrap();
    let from_wasm = instance.get_typed_func::<(), i32>(&store, "call_bad").unwrap();
    let err = from_wasm.call(&mut store, ()).unwrap_err().to_string();
    let host = linker.get(&mut store, "env", "bad").and_then(|e| e.into_func()).unwrap();
    let direct = host.call(&mut store, &[], &mut [Val::I32(0)]).unwrap_err().to_string();
    assert_eq!(err, direct);
    assert!(err.contains("host function results"), "{err}");

    let deep = instance.get_typed_func::<i32, i32>(&store, "deep").unwrap();
    let outer = instance.get_typed_func::<i32, i32>(&store, "outer").unwrap();
    for round in 0..3 {
        assert_eq!(deep.call(&mut store, 5000).unwrap(), 5000, "round {round}");
        assert_eq!(outer.call(&mut store, 41).unwrap(), 41, "round {round}");
        assert!(from_wasm.call(&mut store, ()).is_err());
    }
}

/// `count[byte] += 1` over the bytes `[0, n)` of memory 0, counters at 4096; then
/// `dst[i] = rotl(src[i], 3) + k` from memory 1 into memory 0.
const HISTOGRAM: &str = r#"(module (memory 1) (memory 1)
  (data (memory 0) (i32.const 0) "\03\01\03\ff\03")
  (data (memory 1) (i32.const 0) "\01\00\00\00\02\00\00\00")
  (func (export "histogram") (param $n i32) (local $i i32) (local $p i32)
    (loop $l
      (local.set $p (i32.add (i32.const 4096) (i32.shl (i32.load8_u (local.get $i)) (i32.const 2))))
      (i32.store (local.get $p) (i32.add (i32.load (local.get $p)) (i32.const 1)))
      (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n)))))
  (func (export "count") (param i32) (result i32) (i32.load offset=4096 (i32.shl (local.get 0) (i32.const 2))))
  (func (export "stream") (param $k i32) (local $i i32)
    (loop $l
      (i32.store (local.get $i) (i32.add (i32.rotl (i32.load 1 (local.get $i)) (i32.const 3)) (local.get $k)))
      (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 4))) (i32.const 8)))))
  (func (export "word") (param i32) (result i32) (i32.load (local.get 0))))"#;

#[test]
fn histogram_and_stream_superinstructions() {
    for mode in [Translation::Lazy, Translation::Eager] {
        let (mut store, instance) = instantiate(HISTOGRAM, mode);
        let histogram = instance.get_typed_func::<i32, ()>(&store, "histogram").unwrap();
        let count = instance.get_typed_func::<i32, i32>(&store, "count").unwrap();
        histogram.call(&mut store, 5).unwrap();
        histogram.call(&mut store, 2).unwrap();
        let counts: Vec<i32> = [0, 1, 3, 0xff].map(|b| count.call(&mut store, b).unwrap()).into();
        assert_eq!(counts, [0, 2, 4, 1]);
        // Past the end of memory the byte load (a superinstruction's first half) traps.
        let err = histogram.call(&mut store, 65537).unwrap_err();
        assert_eq!(err.as_trap(), Some(TrapCode::MemoryOutOfBounds));
        let stream = instance.get_typed_func::<i32, ()>(&store, "stream").unwrap();
        stream.call(&mut store, 5).unwrap();
        let word = instance.get_typed_func::<i32, i32>(&store, "word").unwrap();
        assert_eq!([0, 4].map(|a| word.call(&mut store, a).unwrap()), [(1 << 3) + 5, (2 << 3) + 5]);
    }
    // The loops' bodies are the superinstructions (besides the back edges).
    let module = Module::new(&Engine::default(), wat::parse_str(HISTOGRAM).unwrap()).unwrap();
    let listing = |f| module.function_ir(f).unwrap().unwrap().to_string();
    for name in ["I32Load8UHotToAccShlImm", "I32AddImmAccLoadHot", "I32AddImmAccToAccStoreHot"] {
        assert!(listing(0).contains(name), "{name} in\n{}", listing(0));
    }
    assert!(listing(2).contains("I32AddAccToAccStoreHot"), "{}", listing(2));
}
