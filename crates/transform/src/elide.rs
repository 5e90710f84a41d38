//! Which bounds checks a function body needs: most accesses of compiled code go through one
//! address local with small constant offsets (`i32.load offset=0 (local.get $p)`,
//! `i32.load offset=4 (local.get $p)`, `i32.store offset=8 (local.get $p) ...`), and one check
//! can cover them all.
//!
//! # The plan
//!
//! A forward pass over the original operators models the top of the operand stack for the
//! instructions whose stack effect it knows exactly (locals, globals, constants, numeric
//! operators, `drop`, `select`, loads and stores), recording for each stack slot the local
//! whose current value it holds. Every other instruction (control flow, calls, `memory.grow`,
//! bulk operations, anything unlisted) is a *barrier*: it forgets the stack and all facts. So
//! between two barriers execution is straight-line: no branch lands inside, and the only way
//! out other than falling through is a trap.
//!
//! For an access of a checked memory `m` whose address is the current value of local `p`:
//!
//! - **covered**: when an earlier access in the same region checked `p + E <= bytes(m)` with
//!   `E >= offset + width`, the access needs no check. Exact because `p` has not been written
//!   (a `local.set`/`local.tee` of `p` drops its facts), `bytes(m)` has not changed (only
//!   `memory.grow`, or a call, which may grow it or let a host grow it, can change it, and both
//!   are barriers), and the earlier check ran (straight-line code since).
//! - **widened**: a *load* that is checked anyway checks the largest extent of the accesses
//!   through `p` on `m` that follow it with nothing observable in between: only instructions
//!   that neither trap nor have an effect a trapped run could observe (locals, constants,
//!   `global.get`, non-trapping numeric operators, `drop`, `select`), other loads through `p`
//!   on `m`, and at most one store through `p` on `m`, which ends the window. If the widened
//!   check fails, natively one of those accesses would trap with the same out-of-bounds trap,
//!   and everything between the two points (loads, local writes) is invisible after a trap;
//!   the trapping store itself traps before writing. A store never widens: its own effect
//!   would be lost.
//!
//! - **proven**: the caller's `proven` says the address is in bounds whatever the memory's
//!   size (`ranges`): no check, and no fact either (nothing was checked).
//!
//! Traps keep their kind: a window stops at any other trapping instruction (division, float
//! truncation, loads of other memories), so an out-of-bounds trap never replaces another one.

use crate::access::{Access, AccessKind};
use crate::scalar_ops::{access_effect, binary, trapping_unary, unary};
use wasmparser::Operator;

/// What an access's check does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Check {
    /// Check `addr + extent <= bytes` (at least the access's own `offset + width`).
    Extent(u64),
    /// Already proven in bounds: no check.
    Covered,
}

/// How an instruction is modelled.
#[derive(Debug, Clone, Copy)]
enum Class {
    /// Pops and pushes these counts; cannot trap and has no effect outside locals.
    Pure(u8, u8),
    /// Pops and pushes these counts; may trap or has an effect (`global.set`).
    Effect(u8, u8),
    LocalGet(u32),
    LocalSet(u32),
    LocalTee(u32),
    Access(Access),
    /// Anything else: ends the region.
    Barrier,
}

fn class(op: &Operator<'_>) -> Class {
    use Operator as O;
    if let Some(access) = Access::of(op) {
        return Class::Access(access);
    }
    match op {
        O::LocalGet { local_index } => Class::LocalGet(*local_index),
        O::LocalSet { local_index } => Class::LocalSet(*local_index),
        O::LocalTee { local_index } => Class::LocalTee(*local_index),
        O::Nop => Class::Pure(0, 0),
        O::Drop => Class::Pure(1, 0),
        O::Select | O::TypedSelect { .. } => Class::Pure(3, 1),
        O::GlobalGet { .. }
        | O::I32Const { .. }
        | O::I64Const { .. }
        | O::F32Const { .. }
        | O::F64Const { .. } => Class::Pure(0, 1),
        O::GlobalSet { .. } => Class::Effect(1, 0),
        O::I32DivS
        | O::I32DivU
        | O::I32RemS
        | O::I32RemU
        | O::I64DivS
        | O::I64DivU
        | O::I64RemS
        | O::I64RemU => Class::Effect(2, 1),
        _ if trapping_unary(op) => Class::Effect(1, 1),
        _ if unary(op) => Class::Pure(1, 1),
        _ if binary(op) => Class::Pure(2, 1),
        _ => Class::Barrier,
    }
}

fn is_store(kind: AccessKind) -> bool {
    matches!(kind, AccessKind::Store(_) | AccessKind::LaneStore)
}

/// The check of every access in `ops` (`None` for other instructions and for accesses of
/// memories `checked` rejects, which keep their usual check). `proven(i)`: the access at `i`
/// is in bounds whatever the memory's size (see `ranges`), so it needs no check.
pub(crate) fn plan(
    ops: &[Operator<'_>],
    checked: impl Fn(u32) -> bool,
    proven: impl Fn(usize) -> bool,
) -> Vec<Option<Check>> {
    let classes: Vec<Class> = ops.iter().map(class).collect();
    // The local whose current value each access's address is.
    let mut addr_local = vec![None; ops.len()];
    // Top of the operand stack: the local each slot's value came from, if still current.
    let mut stack: Vec<Option<u32>> = Vec::new();
    let pop = |stack: &mut Vec<Option<u32>>, n: u8| {
        for _ in 0..n {
            stack.pop();
        }
    };
    for (i, c) in classes.iter().enumerate() {
        match *c {
            Class::Pure(pops, pushes) | Class::Effect(pops, pushes) => {
                pop(&mut stack, pops);
                stack.extend((0..pushes).map(|_| None));
            }
            Class::LocalGet(l) => stack.push(Some(l)),
            Class::LocalSet(l) | Class::LocalTee(l) => {
                stack.pop();
                for slot in stack.iter_mut().filter(|s| **s == Some(l)) {
                    *slot = None;
                }
                if matches!(c, Class::LocalTee(_)) {
                    stack.push(Some(l));
                }
            }
            Class::Access(a) => {
                let (pops, pushes) = access_effect(a.kind);
                let depth = usize::from(pops);
                addr_local[i] = stack.len().checked_sub(depth).and_then(|at| stack[at]);
                pop(&mut stack, pops);
                stack.extend((0..pushes).map(|_| None));
            }
            Class::Barrier => stack.clear(),
        }
    }
    // Facts `(memory, local, extent)`: `local + extent <= bytes(memory)` was checked.
    let mut facts: Vec<(u32, u32, u64)> = Vec::new();
    let mut plans = vec![None; ops.len()];
    for (i, c) in classes.iter().enumerate() {
        match *c {
            Class::LocalSet(l) | Class::LocalTee(l) => facts.retain(|f| f.1 != l),
            Class::Barrier => facts.clear(),
            Class::Access(a) if checked(a.memory) && proven(i) => {
                plans[i] = Some(Check::Covered);
            }
            Class::Access(a) if checked(a.memory) => {
                let own = a.offset.saturating_add(a.width);
                let Some(p) = addr_local[i] else {
                    plans[i] = Some(Check::Extent(own));
                    continue;
                };
                let known = facts.iter().find(|f| f.0 == a.memory && f.1 == p).map(|f| f.2);
                if known.is_some_and(|e| e >= own) {
                    plans[i] = Some(Check::Covered);
                    continue;
                }
                let extent =
                    if is_store(a.kind) { own } else { window(&classes, &addr_local, i, a, p) };
                facts.retain(|f| !(f.0 == a.memory && f.1 == p));
                facts.push((a.memory, p, extent));
                plans[i] = Some(Check::Extent(extent));
            }
            _ => {}
        }
    }
    plans
}

/// The largest extent of the accesses through `p` on `a.memory` from the load at `i` on, up to
/// anything a trapped run could observe (see the module docs).
fn window(classes: &[Class], addr_local: &[Option<u32>], i: usize, a: Access, p: u32) -> u64 {
    let mut extent = a.offset.saturating_add(a.width);
    for (j, c) in classes.iter().enumerate().skip(i + 1) {
        match *c {
            Class::Pure(..) | Class::LocalGet(_) => {}
            Class::LocalSet(l) | Class::LocalTee(l) if l != p => {}
            Class::Access(b) if b.memory == a.memory && addr_local[j] == Some(p) => {
                extent = extent.max(b.offset.saturating_add(b.width));
                if is_store(b.kind) {
                    break;
                }
            }
            _ => break,
        }
    }
    extent
}

#[cfg(test)]
mod tests {
    use super::{Check, plan};
    use wasmparser::{Operator, Parser, Payload};

    /// The checks planned for the first function of `wat`, accesses only, in order.
    fn checks(wat: &str) -> Vec<Check> {
        let wasm = wat::parse_str(wat).expect("valid text");
        for payload in Parser::new(0).parse_all(&wasm) {
            if let Payload::CodeSectionEntry(body) = payload.expect("valid module") {
                let ops: Vec<Operator<'_>> = body
                    .get_operators_reader()
                    .expect("operators")
                    .into_iter()
                    .collect::<Result<_, _>>()
                    .expect("valid operators");
                return plan(&ops, |_| true, |_| false).into_iter().flatten().collect();
            }
        }
        panic!("no function")
    }

    fn func(body: &str) -> String {
        format!(
            "(module (memory 1) (memory 1) (global $g (mut i32) (i32.const 0))
               (func (param $p i32) (param $q i32) (local $x i32) {body}))"
        )
    }

    #[test]
    fn loads_widen_up_to_the_store_that_ends_the_window() {
        let wat = func(
            "(i32.store offset=8 (local.get $p)
               (i32.add (i32.load (local.get $p)) (i32.load offset=4 (local.get $p))))
             (i32.store offset=12 (local.get $p) (i32.const 0))",
        );
        use Check::*;
        assert_eq!(checks(&wat), [Extent(12), Covered, Covered, Extent(16)]);
    }

    #[test]
    fn stores_check_their_own_extent() {
        let wat = func(
            "(i32.store8 offset=1 (local.get $p) (i32.const 0))
             (i32.store8 offset=0 (local.get $p) (i32.const 0))
             (i32.store8 offset=3 (local.get $p) (i32.const 0))",
        );
        use Check::*;
        assert_eq!(checks(&wat), [Extent(2), Covered, Extent(4)]);
    }

    #[test]
    fn windows_stop_at_traps_effects_and_writes_of_the_address() {
        use Check::*;
        let div = func(
            "(drop (i32.load (local.get $p))) (drop (i32.div_u (local.get $q) (local.get $q)))
             (drop (i32.load offset=8 (local.get $p)))",
        );
        assert_eq!(checks(&div), [Extent(4), Extent(12)]);
        let global = func(
            "(drop (i32.load (local.get $p))) (global.set $g (i32.const 1))
             (drop (i32.load offset=8 (local.get $p)))",
        );
        assert_eq!(checks(&global), [Extent(4), Extent(12)]);
        let set = func(
            "(drop (i32.load (local.get $p))) (local.set $p (local.get $q))
             (drop (i32.load (local.get $p)))",
        );
        assert_eq!(checks(&set), [Extent(4), Extent(4)]);
        // Another local's writes are invisible after a trap: the window goes on.
        let other = func(
            "(drop (i32.load (local.get $p))) (local.set $x (i32.const 1))
             (drop (i32.load offset=8 (local.get $p)))",
        );
        assert_eq!(checks(&other), [Extent(12), Covered]);
    }

    #[test]
    fn barriers_and_other_memories_end_what_is_known() {
        use Check::*;
        let call = "(module (memory 1) (memory 1) (func $f)
            (func (param $p i32) (drop (i32.load (local.get $p))) (call $f)
              (drop (i32.load (local.get $p)))))";
        // The first function has no access; the planned checks are the second's.
        let wasm = wat::parse_str(call).expect("valid text");
        let bodies: Vec<_> = Parser::new(0)
            .parse_all(&wasm)
            .filter_map(|p| match p.expect("valid") {
                Payload::CodeSectionEntry(body) => Some(body),
                _ => None,
            })
            .collect();
        let ops: Vec<Operator<'_>> = bodies[1]
            .get_operators_reader()
            .expect("ops")
            .into_iter()
            .collect::<Result<_, _>>()
            .expect("ops");
        assert_eq!(
            plan(&ops, |_| true, |_| false).into_iter().flatten().collect::<Vec<_>>(),
            [Extent(4), Extent(4)]
        );
        let block =
            func("(drop (i32.load (local.get $p))) (block) (drop (i32.load (local.get $p)))");
        assert_eq!(checks(&block), [Extent(4), Extent(4)]);
        let other_memory = func(
            "(drop (i32.load (local.get $p))) (drop (i32.load 1 (local.get $p)))
             (drop (i32.load offset=8 (local.get $p)))",
        );
        assert_eq!(checks(&other_memory), [Extent(4), Extent(4), Extent(12)]);
        // The address of the store is `$q`, below a value computed from `$p`.
        let deep = func(
            "(drop (i32.load offset=4 (local.get $p)))
             (i32.store (local.get $q) (i32.load (local.get $p)))",
        );
        assert_eq!(checks(&deep), [Extent(8), Covered, Extent(4)]);
    }
}
