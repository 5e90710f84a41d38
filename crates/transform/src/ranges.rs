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

use crate::access::Access;
use crate::elide::{access_effect, binary, trapping_unary, unary};
use wasmparser::Operator;

/// An unsigned interval of i32 values, `lo <= hi`, all multiples of `2^tz`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Range {
    lo: u32,
    hi: u32,
    /// Known trailing zero bits (at most 31).
    tz: u32,
}

const TOP: Range = Range { lo: 0, hi: u32::MAX, tz: 0 };

impl Range {
    fn new(lo: u64, hi: u64, tz: u32) -> Range {
        // A result past u32 wrapped: its range is unknown, its low bits are still right
        // (every rule giving `tz` holds modulo 2^32).
        if hi > u64::from(u32::MAX) {
            let tz = tz.min(31);
            Range { lo: 0, hi: !((1 << tz) - 1), tz }
        } else {
            Range { lo: lo as u32, hi: hi as u32, tz: tz.min(31) }
        }
    }
    fn exact(v: u32) -> Range {
        Range { lo: v, hi: v, tz: v.trailing_zeros().min(31) }
    }
    fn join(self, o: Range) -> Range {
        Range { lo: self.lo.min(o.lo), hi: self.hi.max(o.hi), tz: self.tz.min(o.tz) }
    }
    /// `self` joined with `o`, bounds that moved jumping to the end (loops converge).
    fn widen(self, o: Range) -> Range {
        Range {
            lo: if o.lo < self.lo { 0 } else { self.lo },
            hi: if o.hi > self.hi { u32::MAX } else { self.hi },
            tz: self.tz.min(o.tz),
        }
    }
    /// The values of `self` within `lo..=hi`, or `None`.
    fn within(self, lo: u32, hi: u32) -> Option<Range> {
        let mask = (1u32 << self.tz) - 1;
        let lo = lo.max(self.lo).checked_add(mask)? & !mask;
        let hi = hi.min(self.hi) & !mask;
        (lo <= hi).then_some(Range { lo, hi, tz: self.tz })
    }
    /// Everything up to `hi`'s highest bit set: bounds `or`, `xor`.
    fn bits(hi: u32, tz: u32) -> Range {
        Range { lo: 0, hi: u32::MAX >> hi.leading_zeros().min(31) | hi, tz }
    }
}

/// Unsigned comparisons (signed ones are turned into these when both sides are non-negative).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cmp {
    Lt,
    Le,
    Gt,
    Ge,
    Eq,
    Ne,
}

impl Cmp {
    fn not(self) -> Cmp {
        match self {
            Cmp::Lt => Cmp::Ge,
            Cmp::Le => Cmp::Gt,
            Cmp::Gt => Cmp::Le,
            Cmp::Ge => Cmp::Lt,
            Cmp::Eq => Cmp::Ne,
            Cmp::Ne => Cmp::Eq,
        }
    }
    /// `k op x` as `x op' k`.
    fn swap(self) -> Cmp {
        match self {
            Cmp::Lt => Cmp::Gt,
            Cmp::Le => Cmp::Ge,
            Cmp::Gt => Cmp::Lt,
            Cmp::Ge => Cmp::Le,
            c => c,
        }
    }
}

/// The value is 1 exactly when `local op k` (with the local's value at the comparison).
#[derive(Debug, Clone, Copy)]
struct Cond {
    local: u32,
    op: Cmp,
    k: u32,
}

/// One operand-stack value: its range, the local it is a current copy of, the condition it is.
#[derive(Debug, Clone, Copy)]
struct Val {
    range: Range,
    local: Option<u32>,
    cond: Option<Cond>,
}

impl Val {
    fn of(range: Range) -> Val {
        Val { range, local: None, cond: None }
    }
}

/// Most locals with a known range kept per state; more are forgotten (unknown is always safe).
const MAX_FACTS: usize = 128;

/// Widening rounds per loop before giving up on its header (each a pass over its body).
const ROUNDS: usize = 6;

/// What is known at one program point. Locals absent from `locals` are unknown.
#[derive(Debug, Clone)]
struct State {
    /// Sorted by local index.
    locals: Vec<(u32, Range)>,
    stack: Vec<Val>,
}

impl State {
    fn get(&self, l: u32) -> Range {
        self.locals.binary_search_by_key(&l, |f| f.0).map_or(TOP, |at| self.locals[at].1)
    }
    fn set(&mut self, l: u32, r: Range) {
        match self.locals.binary_search_by_key(&l, |f| f.0) {
            Ok(at) if r == TOP => {
                self.locals.remove(at);
            }
            Ok(at) => self.locals[at].1 = r,
            Err(_) if r == TOP || self.locals.len() >= MAX_FACTS => {}
            Err(at) => self.locals.insert(at, (l, r)),
        }
    }
    fn pop(&mut self) -> Val {
        self.stack.pop().unwrap_or(Val::of(TOP))
    }
    fn push(&mut self, r: Range) {
        self.stack.push(Val::of(r));
    }
    /// `local l` is written: stack values no longer copy it, conditions on it are stale.
    fn forget(&mut self, l: u32) {
        for v in &mut self.stack {
            if v.local == Some(l) {
                v.local = None;
            }
            if v.cond.is_some_and(|c| c.local == l) {
                v.cond = None;
            }
        }
    }
    /// The state where `cond` is `truth`, or `None` when that cannot happen.
    fn assume(mut self, cond: Option<Cond>, truth: bool) -> Option<State> {
        let Some(c) = cond else { return Some(self) };
        let op = if truth { c.op } else { c.op.not() };
        let r = self.get(c.local);
        let r = match op {
            Cmp::Lt => r.within(0, c.k.checked_sub(1)?),
            Cmp::Le => r.within(0, c.k),
            Cmp::Gt => r.within(c.k.checked_add(1)?, u32::MAX),
            Cmp::Ge => r.within(c.k, u32::MAX),
            Cmp::Eq => r.within(c.k, c.k),
            Cmp::Ne if r.lo == c.k => r.within(c.k.checked_add(1)?, u32::MAX),
            Cmp::Ne if r.hi == c.k => r.within(0, c.k.checked_sub(1)?),
            Cmp::Ne => Some(r),
        }?;
        self.set(c.local, r);
        Some(self)
    }
}

/// Join of two program points; only locals survive (stack values are not carried across).
fn join(a: Option<State>, b: Option<State>) -> Option<State> {
    merge(a, b, Range::join)
}

/// `a` and `b` merged local by local with `f` (a local unknown in either is unknown).
fn merge(a: Option<State>, b: Option<State>, f: fn(Range, Range) -> Range) -> Option<State> {
    match (a, b) {
        (None, s) | (s, None) => s.map(|mut s| {
            s.stack.clear();
            s
        }),
        (Some(a), Some(b)) => {
            let locals = a
                .locals
                .iter()
                .filter_map(|&(l, r)| {
                    let o = b.locals.binary_search_by_key(&l, |f| f.0).ok()?;
                    Some((l, f(r, b.locals[o].1))).filter(|f| f.1 != TOP)
                })
                .collect();
            Some(State { locals, stack: Vec::new() })
        }
    }
}

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

/// i32 comparisons as (unsigned op, signed).
fn compare(op: &Operator<'_>) -> Option<(Cmp, bool)> {
    use Operator as O;
    Some(match op {
        O::I32Eq => (Cmp::Eq, false),
        O::I32Ne => (Cmp::Ne, false),
        O::I32LtU => (Cmp::Lt, false),
        O::I32LeU => (Cmp::Le, false),
        O::I32GtU => (Cmp::Gt, false),
        O::I32GeU => (Cmp::Ge, false),
        O::I32LtS => (Cmp::Lt, true),
        O::I32LeS => (Cmp::Le, true),
        O::I32GtS => (Cmp::Gt, true),
        O::I32GeS => (Cmp::Ge, true),
        _ => return None,
    })
}

/// The condition `a op b` states about a local, when one side is a local's current value and
/// the other a single known value. A signed comparison is the unsigned one when both sides are
/// known to be non-negative.
fn condition(op: &Operator<'_>, a: Val, b: Val) -> Option<Cond> {
    let (cmp, signed) = compare(op)?;
    let (local, k, cmp) = match (a.local, b.local) {
        (Some(l), _) if b.range.lo == b.range.hi => (l, b.range.lo, cmp),
        (_, Some(l)) if a.range.lo == a.range.hi => (l, a.range.lo, cmp.swap()),
        _ => return None,
    };
    let positive = |r: Range| r.hi <= i32::MAX as u32;
    if signed && !(positive(a.range) && positive(b.range)) {
        return None;
    }
    Some(Cond { local, op: cmp, k })
}

/// i32 arithmetic with a transfer rule: pops its operands and returns the result's range.
fn arith(op: &Operator<'_>, st: &mut State) -> Option<Range> {
    use Operator as O;
    let is_arith = matches!(
        op,
        O::I32Add
            | O::I32Sub
            | O::I32Mul
            | O::I32And
            | O::I32Or
            | O::I32Xor
            | O::I32Shl
            | O::I32ShrU
            | O::I32ShrS
            | O::I32RemU
            | O::I32DivU
    );
    if !is_arith {
        return None;
    }
    let (b, a) = (st.pop().range, st.pop().range);
    let (al, ah, bl, bh) = (u64::from(a.lo), u64::from(a.hi), u64::from(b.lo), u64::from(b.hi));
    let (ta, tb) = (a.tz, b.tz);
    let shift = (b.lo == b.hi).then_some(b.lo & 31);
    Some(match op {
        O::I32Add => Range::new(al + bl, ah + bh, ta.min(tb)),
        O::I32Sub if al >= bh => Range::new(al - bh, ah - bl, ta.min(tb)),
        O::I32Sub => Range::new(0, u64::MAX, ta.min(tb)),
        O::I32Mul => Range::new(al * bl, ah * bh, ta + tb),
        O::I32And => Range::new(0, ah.min(bh), ta.max(tb)),
        O::I32Or | O::I32Xor => Range::bits(a.hi.max(b.hi), ta.min(tb)),
        O::I32Shl => match shift {
            Some(k) => Range::new(al << k, ah << k, ta + k),
            None => TOP,
        },
        O::I32ShrU => match shift {
            Some(k) => Range::new(al >> k, ah >> k, ta.saturating_sub(k)),
            None => Range::new(0, ah, 0),
        },
        // Non-negative values shift like unsigned ones.
        O::I32ShrS if a.hi <= i32::MAX as u32 => match shift {
            Some(k) => Range::new(al >> k, ah >> k, ta.saturating_sub(k)),
            None => Range::new(0, ah, 0),
        },
        // Traps when the divisor is 0, so a result means `b >= 1`.
        O::I32RemU if bh >= 1 => Range::new(0, ah.min(bh - 1), 0),
        O::I32DivU => Range::new(al / bh.max(1), ah / bl.max(1), 0),
        _ => TOP,
    })
}

/// Trapping `[t t] -> [t]` operators (divisions and remainders).
fn is_trapping_binary(op: &Operator<'_>) -> bool {
    use Operator as O;
    matches!(op, O::I32DivS | O::I32RemS | O::I64DivU | O::I64DivS | O::I64RemU | O::I64RemS)
}

#[cfg(test)]
mod tests {
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
}
