//! IR snapshots: the translator's output for small functions, as the IR printer lists it. A
//! translation change shows up here; when it is intended, the expectation changes with it.

use polymem::{Engine, Module};

/// The listing of defined function `index` of `wat`.
fn ir(wat: &str, index: u32) -> String {
    let module = Module::new(&Engine::default(), wat::parse_str(wat).unwrap()).unwrap();
    module.function_ir(index).expect("a defined function").unwrap().to_string()
}

#[track_caller]
fn check(wat: &str, index: u32, expected: &str) {
    let got = ir(wat, index);
    assert_eq!(got.trim(), expected.trim(), "\n--- got ---\n{got}");
}

#[test]
fn comparison_fuses_into_its_branch() {
    // `i32.lt_s` + `br_if` becomes one compare-and-branch; `if` branches on the negation.
    check(
        r#"(module (func (param i32 i32) (result i32)
             (block (br_if 0 (i32.lt_s (local.get 0) (local.get 1))))
             (if (i32.eqz (local.get 0)) (then (return (i32.const 7))))
             (f64.lt (f64.const 1) (f64.const 2)) (if (then (nop)))
             (local.get 1)))"#,
        0,
        "
params=2 results=1 locals=0 slots=7 hot_mem=0
const s2 = 0x7
const s3 = 0x4000000000000000
const s4 = 0x3ff0000000000000
0: BrI32LtS lhs=s0 rhs=s1 target=1
1: BrI32NeImm lhs=s0 rhs=0 target=3
2: Return1 value=s2
3: BrF64NotLt lhs=s4 rhs=s3 target=4
4: Return1 value=s1
5: Unreachable
",
    );
}

#[test]
fn small_constants_become_immediates() {
    // `x - 5` is `x + -5`; a constant on the left of a commutative operator moves right; an
    // i64 constant beyond i32 stays in a constant slot.
    check(
        r#"(module (func (param i32 i64) (result i64)
             (drop (i32.mul (i32.const 3) (i32.sub (local.get 0) (i32.const 5))))
             (drop (i32.shl (i32.const 1) (local.get 0)))
             (i64.add (local.get 1) (i64.const 0x100000000))))"#,
        0,
        "
params=2 results=1 locals=0 slots=7 hot_mem=0
const s2 = 0x1
const s3 = 0x100000000
0: I32AddImmToAcc result=s5 lhs=s0 rhs=-5
1: I32MulImmAcc result=s4 lhs=s5 rhs=3
2: I32Shl result=s4 lhs=s2 rhs=s0
3: I64Add result=s4 lhs=s1 rhs=s3
4: Return1 value=s4
5: Unreachable
",
    );
}

#[test]
fn br_table_lists_its_targets() {
    check(
        r#"(module (func (param i32) (result i32)
             (block (block (br_table 0 1 0 (local.get 0))) (return (i32.const 10)))
             (i32.const 20)))"#,
        0,
        "
params=1 results=1 locals=0 slots=4 hot_mem=0
const s1 = 0xa
const s2 = 0x14
0: BrTable index=s0 len=3
1: Br target=4
2: Br target=5
3: Br target=4
4: Return1 value=s1
5: Return1 value=s2
6: Unreachable
",
    );
}

#[test]
fn the_busiest_memory_is_hot_even_when_it_is_memory_1() {
    // Two accesses to memory 1, one to memory 0: memory 1 is hot and its accesses use the
    // hot forms; memory 0's keeps the indexed view (and, its value read by the store alone,
    // from the accumulator, skips the store to its slot).
    check(
        r#"(module (memory 1) (memory 1)
           (func (param i32) (result i32)
             (i32.store 1 (local.get 0) (i32.load 0 (local.get 0)))
             (i32.load8_u 1 offset=4 (local.get 0))))"#,
        0,
        "
params=1 results=1 locals=0 slots=3 hot_mem=1
0: I32LoadToAcc result=s2 addr=s0 mem=0 offset=0
1: I32StoreHotAcc addr=s0 value=s2 mem=1 offset=0
2: I32Load8UHot result=s1 addr=s0 mem=1 offset=4
3: Return1 value=s1
4: Unreachable
",
    );
}

#[test]
fn accesses_of_a_64_bit_memory_use_the_mem64_forms_hot_or_not() {
    // Memory 1 (64-bit) is hot: its accesses become `Mem64Hot`; memory 2 (64-bit, cold) gets
    // `Mem64`; memory 0 (32-bit) keeps the plain form, which skips the overflow check. An
    // offset above 2^32 is added first by `AddrOffset64`.
    check(
        r#"(module (memory 1) (memory i64 1) (memory i64 1)
           (func (param i64 i32) (result i32)
             (i32.store 1 (local.get 0) (i32.load 0 (local.get 1)))
             (drop (i32.load8_u 1 offset=4 (local.get 0)))
             (i32.load 2 offset=0x100000000 (local.get 0))))"#,
        0,
        "
params=2 results=1 locals=0 slots=4 hot_mem=1
0: I32LoadToAcc result=s3 addr=s1 mem=0 offset=0
1: I32StoreMem64HotAcc addr=s0 value=s3 mem=1 offset=0
2: I32Load8UMem64Hot result=s2 addr=s0 mem=1 offset=4
3: AddrOffset64 result=s2 addr=s0 offset=4294967296
4: I32LoadMem64 result=s2 addr=s2 mem=2 offset=0
5: Return1 value=s2
6: Unreachable
",
    );
}

#[test]
fn calls_place_arguments_at_the_callee_frame() {
    // A call inside the module is `CallInternal`, an imported one `Call`; arguments are
    // computed straight into the slots where the callee's frame begins.
    check(
        r#"(module (import "env" "h" (func $h (param i32) (result i32)))
           (func $g (param i32 i32) (result i32) (local.get 0))
           (func (param i32) (result i32)
             (call $g (call $h (local.get 0)) (i32.add (local.get 0) (i32.const 1)))))"#,
        2,
        "
params=1 results=1 locals=0 slots=4 hot_mem=0
0: Copy result=s1 input=s0
1: Call base=s1 func=0
2: I32AddImm result=s2 lhs=s0 rhs=1
3: CallInternal base=s1 defined=0
4: Return1 value=s1
5: Unreachable
",
    );
}

#[test]
fn eqz_of_a_comparison_fuses_into_the_negated_branch() {
    // `f64.le; i32.eqz; br_if` (Rust's `!(a <= b)`) is one NaN-correct `BrF64NotLe`; an `if` on
    // `i32.eqz` of `i32.lt_s` jumps to its end when `lt_s` holds; an `i32.eqz` whose comparison
    // was computed earlier (here stored in a local first) is not fused with it.
    check(
        r#"(module (func (param f64 f64 i32 i32) (result i32) (local i32)
             (block (br_if 0 (i32.eqz (f64.le (local.get 0) (local.get 1)))))
             (if (i32.eqz (i32.lt_s (local.get 2) (local.get 3))) (then (return (i32.const 7))))
             (local.set 4 (i32.lt_s (local.get 2) (local.get 3)))
             (if (i32.eqz (local.get 4)) (then (return (i32.const 8))))
             (local.get 2)))"#,
        0,
        "
params=4 results=1 locals=1 slots=9 hot_mem=0
const s5 = 0x7
const s6 = 0x8
0: BrF64NotLe lhs=s0 rhs=s1 target=1
1: BrI32LtS lhs=s2 rhs=s3 target=3
2: Return1 value=s5
3: I32LtS result=s4 lhs=s2 rhs=s3
4: BrI32NeImmAcc lhs=s4 rhs=0 target=6
5: Return1 value=s6
6: Return1 value=s2
7: Unreachable
",
    );
}

/// The loop of [`a_counter_and_its_back_edge_fuse`]: `$l` fuses, `$b`'s end is a jump target
/// between the add and its test, `$m`'s step does not fit the superinstruction's 16-bit field.
const COUNTER_LOOPS: &str = r#"(module (func (export "run") (param i32) (result i32) (local i32)
    (loop $l
      (local.set 1 (i32.add (local.get 1) (i32.const 3)))
      (br_if $l (i32.lt_u (local.get 1) (i32.const 100))))
    (block $out
      (block $b
        (br_if $b (local.get 0))
        (local.set 1 (i32.add (local.get 1) (i32.const 2))))
      (br_if $out (i32.lt_u (local.get 1) (i32.const 200))))
    (loop $m
      (local.set 1 (i32.add (local.get 1) (i32.const 70000)))
      (br_if $m (i32.lt_u (local.get 1) (i32.const 1000000))))
    (local.get 1)))"#;

#[test]
fn a_counter_and_its_back_edge_fuse() {
    // `i += step; br_if (i <u bound)` is one `I32AddImmBrLtUImm`, unless the step needs more
    // than 16 bits. When a label lies between the two, the test stays after the pair for the
    // jumps that land on it (the pair's fall-through runs it again and falls through too).
    check(
        COUNTER_LOOPS,
        0,
        "
params=1 results=1 locals=1 slots=4 hot_mem=0
0: I32AddImmBrLtUImm result=s1 lhs=s1 step=3 rhs=100 target=0
1: BrIfNez cond=s0 target=3
2: I32AddImmBrLtUImm result=s1 lhs=s1 step=2 rhs=200 target=4
3: BrI32LtUImm lhs=s1 rhs=200 target=4
4: I32AddImm result=s1 lhs=s1 rhs=70000
5: BrI32LtUImmAcc lhs=s1 rhs=1000000 target=4
6: Return1 value=s1
7: Unreachable
",
    );
    let engine = Engine::default();
    let module = Module::new(&engine, wat::parse_str(COUNTER_LOOPS).unwrap()).unwrap();
    let mut store = polymem::Store::new(&engine, ());
    let instance = polymem::Instance::new(&mut store, &module, &[]).unwrap();
    let run = instance.get_typed_func::<i32, i32>(&store, "run").unwrap();
    // 102 after `$l`, + 2 unless skipped, then steps of 70000 up to 1000000 or more.
    assert_eq!(run.call(&mut store, 1).unwrap(), 1_050_102);
    assert_eq!(run.call(&mut store, 0).unwrap(), 1_050_104);
}

#[test]
fn a_result_read_right_after_comes_from_the_accumulator() {
    // `Acc` forms read the operand the instruction just before produced: the left one, or the
    // right one of a commutative operator (`f64.add` swaps them). A reinterpretation emits
    // nothing, and the `i64.xor` reads a value an `f64` operation left in the float
    // accumulator: it reads the frame. A loop header has another predecessor: no `Acc` form
    // there, nor after a call. A temporary read only from the accumulator is not stored
    // (`ToAcc` forms): `s4` and `s3` are written again before any other read, on both paths of
    // the `br_if`.
    check(
        r#"(module
             (func $f (param f64 f64 i64) (result i64)
               (f64.add (local.get 0) (f64.mul (local.get 0) (local.get 1)))
               (f64.sub (local.get 1))
               (i64.reinterpret_f64)
               (i64.xor (local.get 2))
               (loop (param i64) (result i64)
                 (i64.add (i64.const 1)) (br_if 0 (i32.wrap_i64 (local.get 2))))
               (call $f (local.get 0) (local.get 1) (local.get 2))
               (i64.add)))"#,
        0,
        "
params=3 results=1 locals=0 slots=7 hot_mem=0
 0: F64MulToAcc result=s4 lhs=s0 rhs=s1
 1: F64AddAccToAcc result=s3 lhs=s4 rhs=s0
 2: F64SubAcc result=s3 lhs=s3 rhs=s1
 3: I64Xor result=s3 lhs=s3 rhs=s2
 4: I64AddImm result=s3 lhs=s3 rhs=1
 5: I32WrapI64ToAcc result=s4 input=s2
 6: BrI32NeImmAcc lhs=s4 rhs=0 target=4
 7: Copy result=s4 input=s0
 8: Copy result=s5 input=s1
 9: Copy result=s6 input=s2
10: CallInternal base=s4 defined=0
11: I64Add result=s3 lhs=s3 rhs=s4
12: Return1 value=s3
13: Unreachable
",
    );
}

#[test]
fn accesses_take_address_or_value_from_the_accumulator() {
    // A load's address and a store's value come from the accumulator when computed just
    // before (here on the hot memory, memory 1); a branch on a result just computed (here the
    // `br_if` inverted around the function's end) becomes the comparison with 0 in its `Acc`
    // form. None of those temporaries is read again: their producers leave them in the
    // accumulator alone.
    check(
        r#"(module (memory 1) (memory 1)
             (func (param i32) (result i32)
               (i32.load 1 (i32.add (local.get 0) (i32.const 4)))
               (i32.store 1 (local.get 0) (i32.add (local.get 0) (i32.const 1)))
               (br_if 0 (i32.and (local.get 0) (i32.const 3)))))"#,
        0,
        "
params=1 results=1 locals=0 slots=5 hot_mem=1
0: I32AddImmToAcc result=s1 lhs=s0 rhs=4
1: I32LoadHotAcc result=s1 addr=s1 mem=1 offset=0
2: I32AddImmToAcc result=s3 lhs=s0 rhs=1
3: I32StoreHotAcc addr=s0 value=s3 mem=1 offset=0
4: I32AndImmToAcc result=s2 lhs=s0 rhs=3
5: BrI32EqImmAcc lhs=s2 rhs=0 target=7
6: Return1 value=s1
7: Return1 value=s1
8: Unreachable
",
    );
}

#[test]
fn a_temporary_popped_by_its_reader_is_not_stored() {
    // Every instruction that reads a value from the accumulator pops it from the operand
    // stack, so a temporary read that way is never read from the frame again: the masked
    // index, the loaded value and the sum the `br_table` reads are not stored, whatever code
    // follows (here a `v128` row past the second `br_table` entry, and the loop's back edge).
    // The back edge is one superinstruction, and the jumps after it move up by one.
    check(
        r#"(module (memory 1)
             (func (param $n i32) (result i32) (local $i i32) (local $s i32)
               (loop $l
                 (local.set $s (i32.add (local.get $s)
                   (i32.load (i32.and (local.get $i) (i32.const 0xfffc)))))
                 (local.set $i (i32.add (local.get $i) (i32.const 1)))
                 (br_if $l (i32.lt_u (local.get $i) (local.get $n))))
               (block (block (br_table 0 1 (i32.add (i32.load (local.get $s)) (local.get $n))))
                 (return (local.get $n)))
               (i32x4.extract_lane 0 (i32x4.splat (local.get $s)))))"#,
        0,
        "
params=1 results=1 locals=2 slots=6 hot_mem=0
 0: I32AndImmToAcc result=s4 lhs=s1 rhs=65532
 1: I32LoadHotAccToAcc result=s4 addr=s4 mem=0 offset=0
 2: I32AddAcc result=s2 lhs=s4 rhs=s2
 3: I32AddImmBrLtU result=s1 lhs=s1 step=1 rhs=s0 target=0
 4: I32LoadHotToAcc result=s3 addr=s2 mem=0 offset=0
 5: I32AddAccToAcc result=s3 lhs=s3 rhs=s0
 6: BrTableAcc index=s3 len=2
 7: Br target=9
 8: Br target=10
 9: Return1 value=s0
10: I32x4Splat result=s3 input=s2
11: I32x4ExtractLane result=s3 input=s3 lane=0
12: Return1 value=s3
13: Unreachable
",
    );
}

#[test]
fn an_f64_right_operand_or_square_comes_from_the_accumulator() {
    // A subtrahend or divisor just computed is read from `facc` by the swapped forms
    // (`F64SubRevAcc` computes `rhs - lhs` with `lhs` from the accumulator), and `x * x` of a
    // value just computed by the square form: no store-to-load round trip on the chain (the
    // difference and its square are one pair, `F64SubRevAccSquareToAcc`).
    const WAT: &str = r#"(module (func (export "f") (param f64 f64) (result f64) (local f64)
         (local.set 2 (f64.sub (local.get 0) (f64.add (local.get 1) (local.get 1))))
         (f64.mul (local.get 2) (local.get 2))
         (f64.div (local.get 1))
         (f64.div (local.get 0) (f64.mul (local.get 1) (local.get 0)))
         (f64.sub)))"#;
    check(
        WAT,
        0,
        "
params=2 results=1 locals=1 slots=7 hot_mem=0
0: F64AddToAcc result=s4 lhs=s1 rhs=s1
1: F64SubRevAccSquareToAcc diff=s2 lhs=s4 rhs=s0 result=s3
2: F64DivAcc result=s3 lhs=s3 rhs=s1
3: F64MulToAcc result=s5 lhs=s1 rhs=s0
4: F64DivRevAccToAcc result=s4 lhs=s5 rhs=s0
5: F64SubRevAcc result=s3 lhs=s4 rhs=s3
6: Return1 value=s3
7: Unreachable
",
    );
    let engine = Engine::default();
    let module = Module::new(&engine, wat::parse_str(WAT).unwrap()).unwrap();
    let mut store = polymem::Store::new(&engine, ());
    let instance = polymem::Instance::new(&mut store, &module, &[]).unwrap();
    let f = instance.get_typed_func::<(f64, f64), f64>(&store, "f").unwrap();
    let expected = |x: f64, y: f64| {
        let t = x - (y + y);
        t * t / y - x / (y * x)
    };
    for (x, y) in [(7.0, 2.0), (-0.5, 3.25), (1e300, 1e-300), (0.0, -0.0), (f64::INFINITY, 2.0)] {
        let got = f.call(&mut store, (x, y)).unwrap();
        let want = expected(x, y);
        assert!(got.to_bits() == want.to_bits() || (got.is_nan() && want.is_nan()), "{x} {y}");
    }
}

#[test]
fn a_stored_value_stays_in_the_accumulator() {
    // A store that took its value from the accumulator leaves it there: the sum after it reads
    // the stored local from the accumulator (the add is commutative: its operands swap), and
    // so does an `f64` product after an `f64.store` (from `facc`).
    check(
        r#"(module (memory 1)
             (func (param i32 i64 f64) (result i64) (local i32 f64)
               (local.set 3 (i32.add (local.get 0) (local.get 0)))
               (i32.store (local.get 0) (local.get 3))
               (local.set 1 (i64.add (local.get 1) (i64.extend_i32_u (local.get 3))))
               (local.set 4 (f64.add (local.get 2) (local.get 2)))
               (f64.store offset=8 (local.get 0) (local.get 4))
               (f64.store offset=16 (local.get 0) (f64.mul (local.get 4) (local.get 2)))
               (local.get 1)))"#,
        0,
        "
params=3 results=1 locals=2 slots=8 hot_mem=0
0: I32Add result=s3 lhs=s0 rhs=s0
1: I32StoreHotAcc addr=s0 value=s3 mem=0 offset=0
2: I64AddAcc result=s1 lhs=s3 rhs=s1
3: F64Add result=s4 lhs=s2 rhs=s2
4: F64StoreHotAcc addr=s0 value=s4 mem=0 offset=8
5: F64MulAccToAcc result=s6 lhs=s4 rhs=s2
6: F64StoreHotAcc addr=s0 value=s6 mem=0 offset=16
7: Return1 value=s1
8: Unreachable
",
    );
}
