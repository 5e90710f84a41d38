//! Tail calls and wide arithmetic survive the lowering: a two-memory module whose loops run as
//! `return_call` / `return_call_indirect` recursion and whose sums use `i64.add128` and
//! `i64.mul_wide_u` gives the same results and traps lowered (on our engine with multi-memory
//! off) as it does unlowered (multi-memory on).

mod run_calls;

use polymem::{Config, Val};
use polymem_transform::{LowerOptions, lower_memories};

const TWO_MEMORIES: &str = r#"(module
  (type $step (func (param i32 i32 i64 i64) (result i64 i64)))
  (memory $a 1) (memory $b 1 2)
  (table 1 funcref) (elem (i32.const 0) $sum_b)
  (data (memory $a) (i32.const 0) "\ff\ff\ff\ff\ff\ff\ff\ff\02")
  ;; Fills $b[0..n*8) with i64s i * 0x1_0000_0001, by tail recursion.
  (func $fill (param $i i32) (param $n i32)
    (if (i32.ge_u (local.get $i) (local.get $n)) (then (return)))
    (i64.store $b (i32.shl (local.get $i) (i32.const 3))
      (i64.mul (i64.extend_i32_u (local.get $i)) (i64.const 0x100000001)))
    (return_call $fill (i32.add (local.get $i) (i32.const 1)) (local.get $n)))
  ;; 128-bit sum of $b's first n i64s, each times $a's i64 at 0 (widened to 128 bits), by
  ;; tail recursion through the table.
  (func $sum_b (type $step)
    (local $lo i64) (local $hi i64)
    (if (i32.ge_u (local.get 0) (local.get 1))
      (then (return (local.get 2) (local.get 3))))
    (i64.mul_wide_u (i64.load $b (i32.shl (local.get 0) (i32.const 3))) (i64.load $a (i32.const 0)))
    (local.set $hi) (local.set $lo)
    (i64.add128 (local.get 2) (local.get 3) (local.get $lo) (local.get $hi))
    (local.set $hi) (local.set $lo)
    (return_call_indirect (type $step)
      (i32.add (local.get 0) (i32.const 1)) (local.get 1) (local.get $lo) (local.get $hi)
      (i32.const 0)))
  (func (export "run") (param $n i32) (result i64 i64)
    (call $fill (i32.const 0) (local.get $n))
    (return_call $sum_b (i32.const 0) (local.get $n) (i64.const 0) (i64.const 0)))
  ;; Traps reached through the tail calls: n = 8193 stores past $b's first page, n = 20000 past
  ;; its maximum of 2 (inside the lowered combined memory, so the lowering's own check traps).
  (func (export "grow_b") (result i32) (memory.grow $b (i32.const 1)))
  (func (export "byte_a") (param i32) (result i32) (i32.load8_u $a (local.get 0))))"#;

/// Runs the calls with multi-memory on or off.
fn run(wasm: &[u8], multi_memory: bool, calls: &[(&str, Vec<Val>)]) -> Vec<String> {
    let mut config = Config::default();
    config.multi_memory(multi_memory);
    run_calls::run(wasm, &config, calls)
}

#[test]
fn lowered_tail_calls_and_wide_arithmetic_behave_as_the_original() {
    let wasm = wat::parse_str(TWO_MEMORIES).unwrap();
    let lowered = lower_memories(&wasm, &LowerOptions::default()).unwrap();
    let calls = [
        ("run", vec![Val::I32(100)]),
        ("run", vec![Val::I32(8192)]),
        ("run", vec![Val::I32(8193)]),
        ("grow_b", vec![]),
        ("run", vec![Val::I32(16384)]),
        ("run", vec![Val::I32(20000)]),
        ("byte_a", vec![Val::I32(8)]),
        ("byte_a", vec![Val::I32(65536)]),
    ];
    let original = run(&wasm, true, &calls);
    // The 128-bit sum of (i * 0x1_0000_0001) * (2^64 - 1) for i < 100 carries into the high
    // half.
    let sum: u128 = (0..100u128).map(|i| i * 0x1_0000_0001 * u128::from(u64::MAX)).sum();
    let (lo, hi) = (sum as u64 as i64, (sum >> 64) as u64 as i64);
    assert_eq!(original[0], format!("[I64({lo}), I64({hi})]"), "{original:?}");
    assert_eq!(original[2], "out of bounds memory access");
    assert_eq!(original[3], "[I32(1)]");
    assert_eq!(original[5], "out of bounds memory access");
    assert_eq!(original[7], "out of bounds memory access");
    assert_eq!(run(&lowered, false, &calls), original);
}
