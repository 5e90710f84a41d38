//! The choice of accumulator forms: an instruction whose first operand (or, for a commutative
//! operator, either operand) is the result of the instruction just before it reads that value
//! from the accumulator register its producer left it in (`Acc` forms of the ISA table), not
//! from the frame. The store-to-load round trip through the frame then leaves the dependency
//! chain (`docs/perf-log.md`).
//!
//! A pass over the finished code, after the hot-memory choice (before fusion, and before the
//! final walk moves constants and temporaries to their slots: it compares slots only with each
//! other), so that it sees the final instructions whichever way they were emitted. An
//! instruction takes an `Acc` form only when
//! - the instruction before it leaves its result in an accumulator (`exec::acc::produces`: the
//!   scalar operations and loads, and `global.get`, copies and `select`, which leave the cell
//!   they write in `acc`; never a call, a branch or a host call, which clobber it), or is an
//!   `Acc` store, which leaves the value it stored there (`mem[a] = x; s += x`); after a copy
//!   the accumulator holds its input's value too (`root = child; child = 2 * child + 1`),
//! - nothing jumps to it (a branch target has other predecessors; the return address of a call
//!   follows the call, which produces nothing), and
//! - the accumulator classes match (`acc` for integers and `f32`, `facc` for `f64`): a
//!   reinterpretation emits no instruction, so the producer's result type can differ from the
//!   type its reader expects.
//!
//! The producer also writes its slot, unless that store is dead, which the operand stack model
//! (`stack.rs`) says without looking at the code: the slot, when it is a temporary (not a local
//! or constant: slots in the temporaries' range), is the home of a stack value that the reader
//! reads, and every instruction with an `Acc` form (`ops.rs`: unary and binary operations,
//! loads, stores; `control.rs`: conditional branches, `br_table`) pops each stack value it
//! reads. Once popped, that home is read again only as the home of a value pushed later, on
//! every path: written by that value's producer, by the copies of the branches that
//! carry it, or by a callee (its results); copies that read a value staying on the stack
//! (`br_if`, `br_table` with values, block results that merge) have no `Acc` form. So the
//! producer before a reader takes its `to_acc` form, which leaves the value in the accumulator
//! alone (the fuse pass may still pick the storing form where only that one makes a
//! superinstruction: a dispatch saved is worth more than a store).

use crate::exec::acc::{consumes, produces};
use polymem_ir::Instr;
use std::ops::Range;

/// The buffers of the pass, kept between functions (eager translation runs it on every one).
#[derive(Default)]
pub(super) struct Pass {
    /// The positions jumped to, recorded while the branches are emitted and patched
    /// (`control.rs`), so that no pass scans the code for them; may repeat a position.
    pub(super) targets: Vec<u32>,
    /// Per instruction: [`TARGET`] and [`FED`] bits.
    pub(super) marks: Vec<u8>,
    /// The positions of the instructions turned into `Acc` forms, in order: the only places
    /// a superinstruction can start one before (`fuse.rs`: every pair's second half is an
    /// `Acc` form).
    pub(super) fed: Vec<u32>,
    /// The position and storing form of each producer turned into its `to_acc` form, in
    /// order: a superinstruction may exist for the storing form only (`fuse.rs`).
    pub(super) stored: Vec<(u32, Instr)>,
    /// The fuse pass's map from old to new positions.
    pub(super) moved: Vec<u32>,
}

/// A mark: a branch lands on the instruction.
pub(super) const TARGET: u8 = 1;
/// A mark: the instruction reads its operand from the accumulator.
const FED: u8 = 2;
/// A mark: the instruction is a `to_acc` form the pass chose ([`Pass::stored`]).
pub(super) const DROPPED: u8 = 4;

impl Pass {
    /// Forgets the function just translated; empties the buffers that grew past `max`
    /// entries, so that one huge function does not pin their memory.
    pub(super) fn reset(&mut self, max: usize) {
        if self.marks.capacity() > max || self.targets.capacity() > max {
            *self = Pass::default();
        }
        self.targets.clear();
        self.fed.clear();
    }
}

/// Turns every instruction of `code` that may read its operand from the accumulator into its
/// `Acc` form, and every producer whose stored result nobody reads into its `to_acc` form.
/// Slots in `temps` are temporaries (the others are locals and constants). Leaves the
/// jump targets in `pass.marks` and the `Acc` forms' positions in `pass.fed`.
pub(super) fn use_accumulators(code: &mut [Instr], temps: Range<usize>, pass: &mut Pass) {
    let marks = &mut pass.marks;
    marks.clear();
    marks.resize(code.len() + 1, 0);
    for &t in &pass.targets {
        if let Some(t) = marks.get_mut(t as usize) {
            *t = TARGET;
        }
    }
    let fed = &mut pass.fed;
    fed.clear();
    pass.stored.clear();
    for i in 1..code.len() {
        if marks[i] & TARGET != 0 {
            continue;
        }
        let mut prev = code[i - 1];
        let (class, slot) = match produces(&prev) {
            Some(class) => match prev.result_slot_mut() {
                Some(&mut slot) => (class, slot),
                None => continue,
            },
            // An `Acc` store keeps the value it stored in the accumulator.
            None => match consumes(&prev).map(|class| (class, prev.acc_kept())) {
                Some((class, Some(slot))) => (class, slot),
                _ => continue,
            },
        };
        // A copy leaves in `acc` the value of its input as well as of its result.
        let also = if let Instr::Copy { input, .. } = prev { Some(input) } else { None };
        let reader = as_compare(code[i]);
        let Some(acc) = reader.into_acc(slot).or_else(|| also.and_then(|s| reader.into_acc(s)))
        else {
            continue;
        };
        if consumes(&acc) != Some(class) {
            continue;
        }
        code[i] = acc;
        marks[i] |= FED;
        fed.push(i as u32);
        // The reader pops the temporary it reads (see the module docs): its store is dead.
        if temps.contains(&usize::from(slot.0))
            && let Some(only) = prev.into_acc_only()
        {
            code[i - 1] = only;
            marks[i - 1] |= DROPPED;
            pass.stored.push((i as u32 - 1, prev));
        }
    }
}

/// `br_if` on a value is a comparison with 0, which has an `Acc` form (`BrIfNez` reads its
/// condition from the frame, with no immediate to load: kept where no accumulator serves).
fn as_compare(instr: Instr) -> Instr {
    match instr {
        Instr::BrIfNez { cond, target } => Instr::BrI32NeImm { lhs: cond, rhs: 0, target },
        Instr::BrIfEqz { cond, target } => Instr::BrI32EqImm { lhs: cond, rhs: 0, target },
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use crate::{Engine, Instance, Module, Store};

    /// The instruction names of defined function 0 of `wat`, and the module.
    fn names(wat: &str) -> (Vec<String>, Module) {
        let module = Module::new(&Engine::default(), wat::parse_str(wat).unwrap()).unwrap();
        let listing = module.function_ir(0).unwrap().unwrap().to_string();
        let names = listing.lines().skip(1).filter_map(|l| l.split_whitespace().nth(1));
        let names = names.map(String::from);
        (names.collect(), module)
    }

    /// The sum read only by the load goes without its store, but `shl; add` is a
    /// superinstruction with the store only: the fuse pass takes the storing form.
    #[test]
    fn a_store_stays_where_it_keeps_a_pair() {
        let wat = r#"(module (memory 1) (func (param i32 i32) (result i32)
            (i32.load (i32.add (i32.shl (local.get 0) (i32.const 2)) (local.get 1)))))"#;
        let (names, _) = names(wat);
        assert_eq!(names[..2], ["I32ShlImmToAccAdd", "I32LoadHotAcc"], "{names:?}");
    }

    /// Values that stay on the stack when read (a `br_if`'s carried value, merged block
    /// results) keep their stores; the temporaries their readers pop do not: both paths of
    /// each branch give the results of the Wasm semantics.
    #[test]
    fn values_a_branch_leaves_on_the_stack_keep_their_stores() {
        let wat = r#"(module (func (export "f") (param i32 i32) (result i32)
            (block (result i32)
              (i32.add (local.get 0) (i32.const 1))
              (br_if 0 (i32.and (local.get 1) (i32.const 1)))
              (i32.mul (i32.const 3)))
            (block (param i32) (result i32)
              (i32.xor (i32.const 5))
              (br_if 0 (i32.and (local.get 1) (i32.const 2)))
              (i32.add (i32.const 7)))
            (i32.shl (i32.const 1))))"#;
        let (names, module) = names(wat);
        // The carried sum is stored; the condition, popped by its branch, is not.
        assert_eq!(names[..3], ["I32AddImm", "I32AndImmToAcc", "BrI32NeImmAcc"], "{names:?}");
        let mut store = Store::new(module.engine(), ());
        let instance = Instance::new(&mut store, &module, &[]).unwrap();
        let f = instance.get_typed_func::<(i32, i32), i32>(&store, "f").unwrap();
        for (x, flags) in [(4, 0), (4, 1), (4, 2), (4, 3), (-9, 0), (-9, 3)] {
            let mut v = x + 1;
            if flags & 1 == 0 {
                v *= 3;
            }
            v ^= 5;
            if flags & 2 == 0 {
                v += 7;
            }
            assert_eq!(f.call(&mut store, (x, flags)).unwrap(), v << 1, "f({x}, {flags})");
        }
    }

    /// A comparison whose right operand was just computed reads it from the accumulator as the
    /// mirrored comparison (`a < x` is `x > a`), compare-and-branch too; a `select` reads a
    /// condition just computed from there (after `i32.gt_u` in `Acc` form, fused with it:
    /// `I32GtUAccToAccSelect`); after a copy the accumulator serves the copy's input
    /// as well. Each gives the results of the Wasm semantics (NaN included).
    #[test]
    fn mirrored_comparisons_select_and_copies_read_the_accumulator() {
        let funcs = [
            (
                "lt",
                "(param i32 i32) (result i32) (i32.lt_u (local.get 0) (i32.add (local.get 1) (i32.const 1)))",
            ),
            (
                "br",
                "(param i32 i32) (result i32) (block (br_if 0 (i32.lt_s (local.get 0)
                (i32.mul (local.get 1) (i32.const 3)))) (return (i32.const 7))) (i32.const 9)",
            ),
            (
                "flt",
                "(param f64 f64) (result i32) (f64.lt (local.get 0) (f64.add (local.get 1) (f64.const 1)))",
            ),
            (
                "sel",
                "(param i32 i32 i32 i32) (result i32)
                (select (local.get 2) (local.get 3) (i32.lt_s (local.get 0) (local.get 1)))",
            ),
            (
                "selgt",
                "(param i32 i32 i32 i32) (result i32) (select (local.get 2) (local.get 3)
                (i32.lt_u (local.get 0) (i32.add (local.get 1) (i32.const 1))))",
            ),
            (
                "copy",
                "(param i32) (result i32) (local i32) (local.set 1 (local.get 0))
                (i32.or (i32.shl (local.get 0) (i32.const 1)) (local.get 1))",
            ),
        ];
        let expect = [
            ["I32AddImmToAcc", "I32GtUAcc"],
            ["I32MulImmToAcc", "BrI32GtSAcc"],
            ["F64AddToAcc", "F64GtAcc"],
            ["I32LtSToAcc", "SelectAcc"],
            ["I32AddImmToAcc", "I32GtUAccToAccSelect"],
            ["Copy", "I32ShlImmAccToAcc"],
        ];
        for ((name, func), expect) in funcs.iter().zip(expect) {
            let (names, _) = names(&format!("(module (func {func}))"));
            // The instructions, past the listing's constant lines (`const s2 = ..`).
            let names: Vec<_> =
                names.into_iter().filter(|n| n.starts_with(char::is_uppercase)).collect();
            assert_eq!(names[..2], expect, "{name}: {names:?}");
        }
        let body: String =
            funcs.iter().map(|(n, f)| format!("(func (export \"{n}\") {f})")).collect();
        let module =
            Module::new(&Engine::default(), wat::parse_str(format!("(module {body})")).unwrap());
        let module = module.unwrap();
        let mut store = Store::new(module.engine(), ());
        let instance = Instance::new(&mut store, &module, &[]).unwrap();
        let lt = instance.get_typed_func::<(i32, i32), i32>(&store, "lt").unwrap();
        for (a, b) in [(0, 0), (5, 3), (4, 3), (3, 3), (-1, -1), (-2, -2), (7, -1)] {
            let expected = ((a as u32) < (b as u32).wrapping_add(1)) as i32;
            assert_eq!(lt.call(&mut store, (a, b)).unwrap(), expected, "lt({a}, {b})");
        }
        let br = instance.get_typed_func::<(i32, i32), i32>(&store, "br").unwrap();
        for (a, b) in [(2, 1), (3, 1), (-4, -1), (-3, -1), (i32::MIN, 0_i32)] {
            let expected = if a < b.wrapping_mul(3) { 9 } else { 7 };
            assert_eq!(br.call(&mut store, (a, b)).unwrap(), expected, "br({a}, {b})");
        }
        let flt = instance.get_typed_func::<(f64, f64), i32>(&store, "flt").unwrap();
        for (a, b) in [(1.0, 0.5), (2.0, 0.5), (1.5, 0.5), (f64::NAN, 0.0), (0.0, f64::NAN)] {
            let expected = (a < b + 1.0) as i32;
            assert_eq!(flt.call(&mut store, (a, b)).unwrap(), expected, "flt({a}, {b})");
        }
        let sel = instance.get_typed_func::<(i32, i32, i32, i32), i32>(&store, "sel").unwrap();
        for (a, b) in [(1, 2), (2, 1), (-1, 0), (0, -1), (3, 3)] {
            let expected = if a < b { 10 } else { 20 };
            assert_eq!(sel.call(&mut store, (a, b, 10, 20)).unwrap(), expected, "sel({a}, {b})");
        }
        let selgt = instance.get_typed_func::<(i32, i32, i32, i32), i32>(&store, "selgt").unwrap();
        for (a, b) in [(1, 1), (2, 1), (-1, -1), (0, -1), (3, 3), (-2, -1)] {
            let expected = if (a as u32) < (b as u32).wrapping_add(1) { 10 } else { 20 };
            assert_eq!(
                selgt.call(&mut store, (a, b, 10, 20)).unwrap(),
                expected,
                "selgt({a}, {b})"
            );
        }
        let copy = instance.get_typed_func::<i32, i32>(&store, "copy").unwrap();
        for x in [0, 5, -1, 0x4000_0001] {
            assert_eq!(copy.call(&mut store, x).unwrap(), (x << 1) | x, "copy({x})");
        }
    }
}
