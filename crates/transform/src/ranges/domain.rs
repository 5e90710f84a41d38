//! The abstract domain of the value-range analysis (see the parent module): unsigned
//! intervals with known trailing zeros, the states of locals and operand stack, their joins,
//! and the transfer rules of comparisons and arithmetic.

use wasmparser::Operator;

/// An unsigned interval of i32 values, `lo <= hi`, all multiples of `2^tz`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Range {
    pub(super) lo: u32,
    pub(super) hi: u32,
    /// Known trailing zero bits (at most 31).
    pub(super) tz: u32,
}

pub(super) const TOP: Range = Range { lo: 0, hi: u32::MAX, tz: 0 };

impl Range {
    pub(super) fn new(lo: u64, hi: u64, tz: u32) -> Range {
        // A result past u32 wrapped: its range is unknown, its low bits are still right
        // (every rule giving `tz` holds modulo 2^32).
        if hi > u64::from(u32::MAX) {
            let tz = tz.min(31);
            Range { lo: 0, hi: !((1 << tz) - 1), tz }
        } else {
            Range { lo: lo as u32, hi: hi as u32, tz: tz.min(31) }
        }
    }
    pub(super) fn exact(v: u32) -> Range {
        Range { lo: v, hi: v, tz: v.trailing_zeros().min(31) }
    }
    pub(super) fn join(self, o: Range) -> Range {
        Range { lo: self.lo.min(o.lo), hi: self.hi.max(o.hi), tz: self.tz.min(o.tz) }
    }
    /// `self` joined with `o`, bounds that moved jumping to the end (loops converge).
    pub(super) fn widen(self, o: Range) -> Range {
        Range {
            lo: if o.lo < self.lo { 0 } else { self.lo },
            hi: if o.hi > self.hi { u32::MAX } else { self.hi },
            tz: self.tz.min(o.tz),
        }
    }
    /// The values of `self` within `lo..=hi`, or `None`.
    pub(super) fn within(self, lo: u32, hi: u32) -> Option<Range> {
        let mask = (1u32 << self.tz) - 1;
        let lo = lo.max(self.lo).checked_add(mask)? & !mask;
        let hi = hi.min(self.hi) & !mask;
        (lo <= hi).then_some(Range { lo, hi, tz: self.tz })
    }
    /// Everything up to `hi`'s highest bit set: bounds `or`, `xor`.
    pub(super) fn bits(hi: u32, tz: u32) -> Range {
        Range { lo: 0, hi: u32::MAX >> hi.leading_zeros().min(31) | hi, tz }
    }
}

/// Unsigned comparisons (signed ones are turned into these when both sides are non-negative).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Cmp {
    Lt,
    Le,
    Gt,
    Ge,
    Eq,
    Ne,
}

impl Cmp {
    pub(super) fn not(self) -> Cmp {
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
    pub(super) fn swap(self) -> Cmp {
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
pub(super) struct Cond {
    pub(super) local: u32,
    pub(super) op: Cmp,
    pub(super) k: u32,
}

/// One operand-stack value: its range, the local it is a current copy of, the condition it is.
#[derive(Debug, Clone, Copy)]
pub(super) struct Val {
    pub(super) range: Range,
    pub(super) local: Option<u32>,
    pub(super) cond: Option<Cond>,
}

impl Val {
    pub(super) fn of(range: Range) -> Val {
        Val { range, local: None, cond: None }
    }
}

/// Most locals with a known range kept per state; more are forgotten (unknown is always safe).
pub(super) const MAX_FACTS: usize = 128;

/// Widening rounds per loop before giving up on its header (each a pass over its body).
pub(super) const ROUNDS: usize = 6;

/// What is known at one program point. Locals absent from `locals` are unknown.
#[derive(Debug, Clone)]
pub(super) struct State {
    /// Sorted by local index.
    pub(super) locals: Vec<(u32, Range)>,
    pub(super) stack: Vec<Val>,
}

impl State {
    pub(super) fn get(&self, l: u32) -> Range {
        self.locals.binary_search_by_key(&l, |f| f.0).map_or(TOP, |at| self.locals[at].1)
    }
    pub(super) fn set(&mut self, l: u32, r: Range) {
        match self.locals.binary_search_by_key(&l, |f| f.0) {
            Ok(at) if r == TOP => {
                self.locals.remove(at);
            }
            Ok(at) => self.locals[at].1 = r,
            Err(_) if r == TOP || self.locals.len() >= MAX_FACTS => {}
            Err(at) => self.locals.insert(at, (l, r)),
        }
    }
    pub(super) fn pop(&mut self) -> Val {
        self.stack.pop().unwrap_or(Val::of(TOP))
    }
    pub(super) fn push(&mut self, r: Range) {
        self.stack.push(Val::of(r));
    }
    /// `local l` is written: stack values no longer copy it, conditions on it are stale.
    pub(super) fn forget(&mut self, l: u32) {
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
    pub(super) fn assume(mut self, cond: Option<Cond>, truth: bool) -> Option<State> {
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
pub(super) fn join(a: Option<State>, b: Option<State>) -> Option<State> {
    merge(a, b, Range::join)
}

/// `a` and `b` merged local by local with `f` (a local unknown in either is unknown).
pub(super) fn merge(
    a: Option<State>,
    b: Option<State>,
    f: fn(Range, Range) -> Range,
) -> Option<State> {
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

/// i32 comparisons as (unsigned op, signed).
pub(super) fn compare(op: &Operator<'_>) -> Option<(Cmp, bool)> {
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
pub(super) fn condition(op: &Operator<'_>, a: Val, b: Val) -> Option<Cond> {
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
pub(super) fn arith(op: &Operator<'_>, st: &mut State) -> Option<Range> {
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
pub(super) fn is_trapping_binary(op: &Operator<'_>) -> bool {
    use Operator as O;
    matches!(op, O::I32DivS | O::I32RemS | O::I64DivU | O::I64DivS | O::I64RemU | O::I64RemS)
}
