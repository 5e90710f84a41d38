//! Every kind of SIMD handler in a long loop. The threaded dispatch relies on each handler ending
//! in a sibling call; a handler whose locals' addresses escape (lane arrays passed to a helper by
//! reference) keeps its frame, and the host stack grows with every instruction until it
//! overflows. Debug builds check it (`dispatch!` panics past 64 KiB of growth), so these loops
//! fail there if any handler kind stops jumping on; release builds would crash instead.

use polymem::{Engine, Instance, Module, Store};

/// Runs `body` (which may use locals `$v`, `$w` of type v128 and `$i` of type i32, and memories
/// 0 and 1) 20,000 times and returns `$i`'s last value plus the first lane of `$v`.
fn run_loop(body: &str) -> i32 {
    let wat = format!(
        r#"(module
          (memory 1) (memory $m1 1) (global $g (mut v128) (v128.const i64x2 0 0))
          (func (export "run") (result i32) (local $v v128) (local $w v128) (local $i i32) (local $n i32)
            (local.set $n (i32.const 20000))
            (loop $l
              {body}
              (local.set $n (i32.sub (local.get $n) (i32.const 1)))
              (br_if $l (local.get $n)))
            (i32.add (local.get $i) (i32x4.extract_lane 0 (local.get $v)))))"#
    );
    let engine = Engine::default();
    let mut store = Store::new(&engine, ());
    let module = Module::new(&engine, wat::parse_str(&wat).expect("valid wat")).expect("valid");
    let instance = Instance::new(&mut store, &module, &[]).expect("instantiates");
    let run = instance.get_typed_func::<(), i32>(&store, "run").expect("export");
    run.call(&mut store, ()).expect("runs")
}

#[test]
fn lane_arithmetic_kinds_keep_the_host_stack_flat() {
    // unary, binary, ternary, shuffle, test, extract, replace, splat, shifts, conversions
    run_loop("(local.set $v (i32x4.add (local.get $v) (v128.const i32x4 1 2 3 4)))");
    run_loop("(local.set $v (i32x4.neg (local.get $v)))");
    run_loop("(local.set $v (f32x4.min (local.get $v) (local.get $w)))");
    run_loop("(local.set $v (f64x2.nearest (local.get $v)))");
    run_loop("(local.set $v (i8x16.swizzle (local.get $v) (local.get $w)))");
    run_loop("(local.set $v (i16x8.q15mulr_sat_s (local.get $v) (local.get $w)))");
    run_loop("(local.set $v (i32x4.dot_i16x8_s (local.get $v) (local.get $w)))");
    run_loop("(local.set $v (i8x16.narrow_i16x8_s (local.get $v) (local.get $w)))");
    run_loop("(local.set $v (i32x4.trunc_sat_f32x4_s (local.get $v)))");
    run_loop("(local.set $v (v128.bitselect (local.get $v) (local.get $w) (local.get $v)))");
    run_loop(
        "(local.set $v (i8x16.shuffle 0 17 2 19 4 21 6 23 8 25 10 27 12 29 14 31 \
         (local.get $v) (local.get $w)))",
    );
    run_loop("(local.set $i (i32.add (local.get $i) (v128.any_true (local.get $v))))");
    run_loop("(local.set $i (i32.add (local.get $i) (i8x16.bitmask (local.get $v))))");
    run_loop("(local.set $i (i32.add (local.get $i) (i32x4.extract_lane 3 (local.get $v))))");
    run_loop("(local.set $v (i32x4.replace_lane 2 (local.get $v) (local.get $i)))");
    run_loop("(local.set $v (i32x4.splat (local.get $n)))");
    run_loop("(local.set $v (i64x2.shl (local.get $v) (local.get $n)))");
    run_loop("(local.set $v (f32x4.relaxed_madd (local.get $v) (local.get $w) (local.get $v)))");
    run_loop("(local.set $v (i32x4.extmul_low_i16x8_u (local.get $v) (local.get $w)))");
    // the v128 moves: copy, select, globals
    run_loop("(local.set $w (local.get $v)) (local.set $v (local.get $w))");
    run_loop("(local.set $v (select (local.get $v) (local.get $w) (local.get $n)))");
    run_loop("(global.set $g (local.get $v)) (local.set $w (global.get $g))");
}

#[test]
fn memory_kinds_keep_the_host_stack_flat_on_hot_and_other_memories() {
    // Memory 0 is the function's hot memory (most accesses name it); memory 1 goes through the
    // indexed views. Each access kind runs on both.
    for mem in ["0", "$m1"] {
        let other = if mem == "0" { "$m1" } else { "0" };
        // Two accesses to `mem` and one to `other` make `mem` the hot one.
        let pad = format!(
            "(drop (i32.load {mem} (i32.const 0))) (drop (i32.load {other} (i32.const 0)))"
        );
        for access in [
            format!("(local.set $v (v128.load {mem} (i32.const 16)))"),
            format!("(local.set $v (v128.load8x8_s {mem} (i32.const 16)))"),
            format!("(local.set $v (v128.load32_zero {mem} (i32.const 16)))"),
            format!("(local.set $v (v128.load8_splat {mem} (i32.const 16)))"),
            format!("(v128.store {mem} (i32.const 32) (local.get $v))"),
            format!("(local.set $v (v128.load32_lane {mem} 1 (i32.const 16) (local.get $v)))"),
            format!("(v128.store16_lane {mem} 3 (i32.const 48) (local.get $v))"),
        ] {
            run_loop(&format!("{pad} {access}"));
        }
    }
}
