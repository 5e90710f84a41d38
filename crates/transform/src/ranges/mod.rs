//! Value ranges of addresses: which accesses are in bounds whatever the memory's current size.
//!
//! A memory never shrinks, so an access whose address is at most `hi` is in bounds forever when
//! `hi + offset + width <= minimum bytes` of its memory, and needs no check at all. This module
//! computes such an `hi` for the address of every access by abstract interpretation of the
//! function body over unsigned intervals of i32 values:
//!
//! - locals start at 0 (parameters unknown); `local.set`/`local.tee` record the value's range;
//! - constants, `add`/`sub`/`mul`/`shl` without wrap-around, `and`, `or`, `xor`, `shr_u`,
//!   `rem_u`, `div_u`, comparisons and narrow unsigned loads have exact transfer rules; any
//!   result that might wrap, and every other value, is unknown (`0..=u32::MAX`);
//! - `br_if` and `if` on `local op constant` (or its `i32.eqz`) narrow that local on each edge;
//! - a loop's header is the join of its entry and its back edges. The back edges are computed
//!   once from an entry where every local the loop writes is unknown (a state that contains
//!   every real header state, so what follows from it contains every real back-edge state);
//!   then the body is analysed for real from that join. Nested loops use the cheap header
//!   (written locals unknown) while an enclosing loop computes its back edges, so the cost is
//!   the body size times the nesting depth, never exponential.
//! - the operand stack is modelled exactly for the operators listed here; any other operator
//!   (calls, tables, vectors...) empties the model, and values below it are unknown. Values are
//!   not carried across block boundaries, only locals are.
//!
//! Functions with exception handlers, stack switching or GC branches are not analysed (every
//! address unknown): their extra edges are not modelled.

mod domain;

use crate::access::Access;
use crate::scalar_ops::{access_effect, binary, trapping_unary, unary};
use domain::{
    Cmp, Cond, MAX_FACTS, ROUNDS, Range, State, TOP, Val, arith, compare, condition,
    is_trapping_binary, join, merge,
};
use wasmparser::Operator;

struct Label {
    /// Join of the states that branch to it (for a loop: its back edges).
    joined: Option<State>,
}

struct Analysis<'a, 'o> {
    ops: &'a [Operator<'o>],
    /// For `block`, `loop` and `if`: the index of its `end`; for `if`: also of its `else`.
    end: Vec<u32>,
    else_at: Vec<Option<u32>>,
    labels: Vec<Label>,
    /// Per access: the largest value its address can have (`None`: unreachable or unknown).
    bounds: Vec<Option<u32>>,
    /// Something could not be read: no bound holds.
    failed: bool,
}

/// Per operator of a function body: for an access, the largest value its (i32) address can
/// have, when known. `params` is the number of parameters (the other locals start at 0) and
/// `locals` the number of all locals.
pub(crate) fn address_bounds(ops: &[Operator<'_>], params: u32, locals: u32) -> Vec<Option<u32>> {
    let none = vec![None; ops.len()];
    let Some((end, else_at)) = structure(ops) else { return none };
    let mut a = Analysis { ops, end, else_at, labels: Vec::new(), bounds: none, failed: false };
    let zeros = (params..locals).take(MAX_FACTS).map(|l| (l, Range::exact(0))).collect();
    let entry = State { locals: zeros, stack: Vec::new() };
    a.labels.push(Label { joined: None });
    // The body ends with the function's own `end`.
    a.run(0, ops.len().saturating_sub(1), Some(entry), true);
    if a.failed {
        a.bounds.iter_mut().for_each(|b| *b = None);
    }
    a.bounds
}

/// Matching `end`s and `else`s, or `None` when the body has control flow not modelled here.
#[allow(clippy::type_complexity)]
fn structure(ops: &[Operator<'_>]) -> Option<(Vec<u32>, Vec<Option<u32>>)> {
    use Operator as O;
    let mut end = vec![0; ops.len()];
    let mut else_at = vec![None; ops.len()];
    let mut open = Vec::new();
    for (i, op) in ops.iter().enumerate() {
        match op {
            O::Block { .. } | O::Loop { .. } | O::If { .. } => open.push(i),
            O::Else => else_at[*open.last()?] = Some(i as u32),
            O::End => {
                if let Some(at) = open.pop() {
                    end[at] = i as u32;
                }
            }
            O::Try { .. }
            | O::TryTable { .. }
            | O::Catch { .. }
            | O::CatchAll
            | O::Delegate { .. }
            | O::Rethrow { .. }
            | O::BrOnNull { .. }
            | O::BrOnNonNull { .. }
            | O::BrOnCast { .. }
            | O::BrOnCastFail { .. }
            | O::BrOnCastDescEq { .. }
            | O::BrOnCastDescEqFail { .. }
            | O::Resume { .. }
            | O::ResumeThrow { .. }
            | O::ResumeThrowRef { .. }
            | O::Suspend { .. }
            | O::Switch { .. } => return None,
            _ => {}
        }
    }
    Some((end, else_at))
}

impl Analysis<'_, '_> {
    /// Sends `st` to the label `depth` levels out.
    fn branch(&mut self, depth: u32, st: &State) {
        let at = self.labels.len().checked_sub(1 + depth as usize);
        if let Some(label) = at.and_then(|at| self.labels.get_mut(at)) {
            label.joined = join(label.joined.take(), Some(st.clone()));
        }
    }

    /// Interprets `ops[from..to)` (whole constructs) from `st`; returns the state at `to`.
    /// Records address bounds only when `record` (the final pass over this code).
    fn run(&mut self, from: usize, to: usize, st: Option<State>, record: bool) -> Option<State> {
        use Operator as O;
        let mut st = st?;
        let mut i = from;
        while i < to {
            let op = &self.ops[i];
            match op {
                O::Block { .. } | O::If { .. } | O::Loop { .. } => {
                    let end = self.end[i] as usize;
                    let cond = matches!(op, O::If { .. }).then(|| st.pop());
                    st.stack.clear();
                    let out = match cond {
                        Some(c) => {
                            let (then, other) =
                                (st.clone().assume(c.cond, true), st.assume(c.cond, false));
                            self.labels.push(Label { joined: None });
                            let then_to = self.else_at[i].map_or(end, |e| e as usize);
                            let then = self.run(i + 1, then_to, then, record);
                            let other = match self.else_at[i] {
                                Some(e) => self.run(e as usize + 1, end, other, record),
                                None => other,
                            };
                            let label = self.labels.pop().and_then(|l| l.joined);
                            join(join(then, other), label)
                        }
                        None if matches!(op, O::Loop { .. }) => self.run_loop(i, end, st, record),
                        None => {
                            self.labels.push(Label { joined: None });
                            let out = self.run(i + 1, end, Some(st), record);
                            join(out, self.labels.pop().and_then(|l| l.joined))
                        }
                    };
                    st = out?;
                    i = end + 1;
                    continue;
                }
                O::Br { relative_depth } => {
                    self.branch(*relative_depth, &st);
                    return None;
                }
                O::BrIf { relative_depth } => {
                    let c = st.pop();
                    if let Some(taken) = st.clone().assume(c.cond, true) {
                        self.branch(*relative_depth, &taken);
                    }
                    st = st.assume(c.cond, false)?;
                }
                O::BrTable { targets } => {
                    st.pop();
                    for depth in targets.targets() {
                        match depth {
                            Ok(depth) => self.branch(depth, &st),
                            Err(_) => self.failed = true,
                        }
                    }
                    self.branch(targets.default(), &st);
                    return None;
                }
                O::Return
                | O::Unreachable
                | O::ReturnCall { .. }
                | O::ReturnCallIndirect { .. }
                | O::ReturnCallRef { .. }
                | O::Throw { .. }
                | O::ThrowRef => return None,
                _ => self.step(i, op, &mut st, record),
            }
            i += 1;
        }
        Some(st)
    }

    /// The loop at `i` (ending at `end`) entered with `entry`; returns the state after it.
    fn run_loop(&mut self, i: usize, end: usize, entry: State, record: bool) -> Option<State> {
        let mut header = entry.clone();
        for op in &self.ops[i + 1..end] {
            if let Operator::LocalSet { local_index } | Operator::LocalTee { local_index } = op {
                header.set(*local_index, TOP);
            }
        }
        if record {
            // Ascending iterations with widening from the entry, then one narrowing step; a
            // loop that has not settled after `ROUNDS` keeps the cheap header. What the trial
            // runs send to other labels is sent again by the final run.
            let saved: Vec<Option<State>> = self.labels.iter().map(|l| l.joined.clone()).collect();
            let mut h = entry.clone();
            let mut settled = false;
            for _ in 0..ROUNDS {
                let next =
                    merge(Some(h.clone()), self.back_edges(i, end, &entry, &h), Range::widen);
                let Some(next) = next else { break };
                if next.locals == h.locals {
                    settled = true;
                    break;
                }
                h = next;
            }
            if settled {
                header = self.back_edges(i, end, &entry, &h).unwrap_or(h);
            }
            for (label, joined) in self.labels.iter_mut().zip(saved) {
                label.joined = joined;
            }
        }
        self.labels.push(Label { joined: None });
        let out = self.run(i + 1, end, Some(header), record);
        self.labels.pop();
        out.map(|mut s| {
            s.stack.clear();
            s
        })
    }

    /// `entry` joined with the back edges of the loop at `i` run (without recording) from
    /// `header`.
    fn back_edges(&mut self, i: usize, end: usize, entry: &State, header: &State) -> Option<State> {
        self.labels.push(Label { joined: None });
        self.run(i + 1, end, Some(header.clone()), false);
        let back = self.labels.pop().and_then(|l| l.joined);
        join(Some(entry.clone()), back)
    }

    /// One operator without control flow.
    fn step(&mut self, i: usize, op: &Operator<'_>, st: &mut State, record: bool) {
        use Operator as O;
        if let Some(access) = Access::of(op) {
            let (pops, pushes) = access_effect(access.kind);
            let addr = st.stack.len().checked_sub(usize::from(pops)).map(|at| st.stack[at]);
            if record {
                let hi = addr.map_or(u32::MAX, |v| v.range.hi);
                self.bounds[i] = Some(self.bounds[i].map_or(hi, |b| b.max(hi)));
            }
            for _ in 0..pops {
                st.pop();
            }
            let loaded = match op {
                O::I32Load8U { .. } => Range::new(0, 0xff, 0),
                O::I32Load16U { .. } => Range::new(0, 0xffff, 0),
                _ => TOP,
            };
            for _ in 0..pushes {
                st.push(loaded);
            }
            return;
        }
        match op {
            O::LocalGet { local_index: l } => {
                st.stack.push(Val { range: st.get(*l), local: Some(*l), cond: None })
            }
            O::LocalSet { local_index: l } | O::LocalTee { local_index: l } => {
                let v = st.pop();
                st.forget(*l);
                st.set(*l, v.range);
                if let O::LocalTee { .. } = op {
                    let cond = v.cond.filter(|c| c.local != *l);
                    st.stack.push(Val { range: v.range, local: Some(*l), cond });
                }
            }
            O::I32Const { value } => st.push(Range::exact(*value as u32)),
            O::Drop | O::GlobalSet { .. } => {
                st.pop();
            }
            O::Nop => {}
            O::Select | O::TypedSelect { .. } => {
                st.pop();
                let (b, a) = (st.pop(), st.pop());
                st.push(a.range.join(b.range));
            }
            O::I32Eqz => {
                let v = st.pop();
                let cond = match (v.cond, v.local) {
                    (Some(c), _) => Some(Cond { op: c.op.not(), ..c }),
                    (None, Some(local)) => Some(Cond { local, op: Cmp::Eq, k: 0 }),
                    _ => None,
                };
                st.stack.push(Val { range: Range::new(0, 1, 0), local: None, cond });
            }
            O::I32Clz | O::I32Ctz | O::I32Popcnt => {
                st.pop();
                st.push(Range::new(0, 32, 0));
            }
            O::GlobalGet { .. } | O::MemorySize { .. } => st.push(TOP),
            _ if compare(op).is_some() => {
                let (b, a) = (st.pop(), st.pop());
                let cond = condition(op, a, b);
                st.stack.push(Val { range: Range::new(0, 1, 0), local: None, cond });
            }
            _ => {
                if let Some(r) = arith(op, st) {
                    st.push(r);
                } else if unary(op) || trapping_unary(op) || matches!(op, O::MemoryGrow { .. }) {
                    st.pop();
                    st.push(TOP);
                } else if binary(op) || is_trapping_binary(op) {
                    st.pop();
                    st.pop();
                    st.push(TOP);
                } else {
                    // Not modelled: forget the whole operand stack (locals are unaffected).
                    st.stack.clear();
                }
            }
        }
    }
}

#[cfg(test)]
mod tests;
