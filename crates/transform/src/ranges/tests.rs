//! Tests of the value-range analysis.

use super::address_bounds;
use wasmparser::{Operator, Parser, Payload};

/// The address bounds of the accesses of the only function of `wat`, in order.
fn bounds(wat: &str) -> Vec<Option<u32>> {
    let wasm = wat::parse_str(wat).expect("valid text");
    for payload in Parser::new(0).parse_all(&wasm) {
        if let Payload::CodeSectionEntry(body) = payload.expect("valid module") {
            let locals: u32 = body
                .get_locals_reader()
                .expect("locals")
                .into_iter()
                .map(|l| l.expect("local").0)
                .sum();
            let ops: Vec<Operator<'_>> = body
                .get_operators_reader()
                .expect("operators")
                .into_iter()
                .collect::<Result<_, _>>()
                .expect("valid operators");
            let all = address_bounds(&ops, 1, 1 + locals);
            return ops
                .iter()
                .zip(all)
                .filter(|(op, _)| crate::access::Access::of(op).is_some())
                .map(|(_, b)| b)
                .collect();
        }
    }
    panic!("no function")
}

fn func(body: &str) -> String {
    format!("(module (memory 1) (func (param $p i32) (local $i i32) (local $j i32) {body}))")
}

#[test]
fn counted_loops_bound_their_index_with_its_stride() {
    let up = func(
        "(loop $l (drop (i32.load (local.get $i)))
           (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 4)))
                               (i32.const 0x100))))",
    );
    assert_eq!(bounds(&up), [Some(0xfc)]);
    // The exit edge knows the opposite bound: i = 0x40 after the loop.
    let guarded = func(
        "(block $out (loop $l
           (br_if $out (i32.ge_u (local.get $i) (i32.const 0x40)))
           (drop (i32.load offset=4 (i32.shl (local.get $i) (i32.const 2))))
           (local.set $i (i32.add (local.get $i) (i32.const 1)))
           (br $l)))
         (drop (i32.load (local.get $i)))",
    );
    assert_eq!(bounds(&guarded), [Some(0xfc), Some(0x40)]);
}

#[test]
fn unknown_wrapping_and_signed_values_stay_unbounded() {
    assert_eq!(bounds(&func("(drop (i32.load (local.get $p)))")), [Some(u32::MAX)]);
    let wrap = func("(drop (i32.load (i32.add (local.get $p) (i32.const 16))))");
    assert_eq!(bounds(&wrap), [Some(u32::MAX)]);
    let signed = func(
        "(if (i32.lt_s (local.get $p) (i32.const 16)) (then (drop (i32.load (local.get $p)))))",
    );
    assert_eq!(bounds(&signed), [Some(u32::MAX)]);
    let unsigned = func(
        "(if (i32.lt_u (local.get $p) (i32.const 16)) (then (drop (i32.load (local.get $p))))
           (else (drop (i32.load (local.get $p)))))",
    );
    assert_eq!(bounds(&unsigned), [Some(15), Some(u32::MAX)]);
}

#[test]
fn masks_shifts_and_narrow_loads_bound_a_value() {
    let table = func(
        "(drop (i32.load offset=0x100 (i32.shl (i32.and (local.get $p) (i32.const 0xff))
                                               (i32.const 2))))
         (drop (i32.load (i32.add (i32.const 0x1000) (i32.load8_u (local.get $p)))))",
    );
    assert_eq!(bounds(&table), [Some(0x3fc), Some(u32::MAX), Some(0x10ff)]);
}

#[test]
fn writes_and_unreachable_code_forget_facts() {
    // A local written in the loop after its test is no longer bounded by the test.
    let rewritten = func(
        "(loop $l
           (if (i32.lt_u (local.get $i) (i32.const 8))
             (then (local.set $i (local.get $p)) (drop (i32.load (local.get $i)))))
           (br_if $l (local.get $p)))",
    );
    assert_eq!(bounds(&rewritten), [Some(u32::MAX)]);
    // After `br`, nothing runs: no bound at all.
    let dead = func("(block (br 0) (drop (i32.load (local.get $i))))");
    assert_eq!(bounds(&dead), [None]);
}
