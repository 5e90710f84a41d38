//! The choice of accumulator forms: an instruction whose first operand (or, for a commutative
//! operator, either operand) is the result of the instruction just before it reads that value
//! from the accumulator register its producer left it in (`Acc` forms of the ISA table), not
//! from the frame. The store-to-load round trip through the frame then leaves the dependency
//! chain (`docs/perf-log.md`).
//!
//! A pass over the finished code, after fusion, constant placement and the hot-memory choice,
//! so that it sees the final instructions and slots whichever way they were emitted. An
//! instruction takes an `Acc` form only when
//! - the instruction before it leaves its result in an accumulator (`exec::acc::produces`: the
//!   scalar operations and loads, and `global.get`, copies and `select`, which leave the cell
//!   they write in `acc`; never a call, a branch or a host call, which clobber it), or is an
//!   `Acc` store, which leaves the value it stored there (`mem[a] = x; s += x`),
//! - nothing jumps to it (a branch target has other predecessors; the return address of a call
//!   follows the call, which produces nothing), and
//! - the accumulator classes match (`acc` for integers and `f32`, `facc` for `f64`): a
//!   reinterpretation emits no instruction, so the producer's result type can differ from the
//!   type its reader expects.
//!
//! The producer also writes its slot, unless that store is dead: when the value is a
//! temporary (not a local: slots at or above `first_temp`) that no instruction reads from the
//! frame before the slot is written again, on every path from its reader, the producer takes
//! its `to_acc` form, which leaves the value in the accumulator alone. The scan that decides it
//! ([`dead_after`]) is local and conservative: it follows at most [`SCAN_BUDGET`] instructions
//! through branches, `br_table`s and loops, understands the generated scalar rows from their fields and the
//! hand-written rows it names, and keeps the store on anything else (a `v128` row, a span
//! holding the slot, a call whose frame could hold it).

use crate::exec::acc::{consumes, produces, scalar_operands};
use polymem_ir::{Instr, Slot, SlotUse};

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
    /// The fuse pass's map from old to new positions.
    pub(super) moved: Vec<u32>,
    scan: Scan,
}

/// A mark: a branch lands on the instruction.
pub(super) const TARGET: u8 = 1;
/// A mark: the instruction reads its operand from the accumulator.
const FED: u8 = 2;

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
/// Slots from `first_temp` up are temporaries (below are locals and constants). Leaves the
/// jump targets in `pass.marks` and the `Acc` forms' positions in `pass.fed`.
pub(super) fn use_accumulators(code: &mut [Instr], first_temp: usize, pass: &mut Pass) {
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
            None => match (consumes(&prev), prev.acc_kept()) {
                (Some(class), Some(slot)) => (class, slot),
                _ => continue,
            },
        };
        if let Some(acc) = as_compare(code[i]).into_acc(slot)
            && consumes(&acc) == Some(class)
        {
            code[i] = acc;
            marks[i] |= FED;
            fed.push(i as u32);
        }
    }
    let scan = &mut pass.scan;
    scan.start(code.len());
    for &i in fed.iter() {
        let i = i as usize;
        let mut producer = code[i - 1];
        let Some(&mut slot) = producer.result_slot_mut() else { continue };
        if usize::from(slot.0) < first_temp {
            continue;
        }
        if let Some(only) = producer.into_acc_only()
            && scan.dead_after(code, i, slot)
        {
            code[i - 1] = only;
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

/// How many instructions the liveness scan visits, over all paths, before it gives up and
/// keeps the store: enough for a loop body of straight-line code, and a bound on the cost of
/// the pass (eager translation runs it on every function).
const SCAN_BUDGET: usize = 32;

/// What an instruction does with the slot being followed.
enum Step {
    /// It may read the slot from the frame (or the scan cannot tell).
    Live,
    /// It writes the slot before reading it, or ends the function without reading it.
    Dead,
    /// Neither: continue with the next instruction and, if it may jump, at the target.
    Next(Option<u32>),
    /// Neither, and it jumps to the target.
    Goto(u32),
    /// A `br_table` not reading it: continue at each of the `len` jumps that follow.
    Table(u32),
}

/// The buffers of the liveness scan, kept across the producers of a function and between
/// functions.
#[derive(Default)]
struct Scan {
    /// Positions still to visit (a depth-first walk: the last pushed is visited first).
    work: Vec<usize>,
    /// Per instruction: the number of the scan that visited it last ([`Self::visit`]), so that
    /// "seen in this scan" is one comparison.
    seen: Vec<u32>,
    /// The number of the current scan.
    visit: u32,
}

impl Scan {
    /// Prepares the scans of a function of `len` instructions. The stamps of earlier
    /// functions stay (all below the next scan's number), so nothing is cleared per function;
    /// only when the numbers could run out (a function has fewer scans than instructions).
    fn start(&mut self, len: usize) {
        if self.visit as usize >= u32::MAX as usize - len {
            self.seen.clear();
            self.visit = 0;
        }
        if self.seen.len() < len {
            self.seen.resize(len, 0);
        }
    }

    /// Whether no path from instruction `at` (the reader of `slot` from the accumulator) reads
    /// `slot` from the frame before it is written again.
    fn dead_after(&mut self, code: &[Instr], at: usize, slot: Slot) -> bool {
        self.work.clear();
        self.visit += 1;
        let visit = self.visit;
        let mut visited = 0;
        // The next position to visit when it is known at once (the jump just judged or the
        // instruction after it): the same order as pushing it and popping it again.
        // The reader takes its operand from the accumulator: one use of `slot` that is not a read.
        let first = match code[at] {
            Instr::BrTableAcc { len, .. } => Step::Table(len),
            reader => scalar_step(reader, slot, 1),
        };
        let mut next = match first {
            Step::Live => return false,
            Step::Dead => return true,
            Step::Next(target) => self.follow(at + 1, target),
            Step::Goto(target) => Some(target as usize),
            Step::Table(len) => self.entries(at, len),
        };
        loop {
            let p = match next.take() {
                Some(p) => p,
                None => match self.work.pop() {
                    Some(p) => p,
                    None => return true,
                },
            };
            // A position seen before is judged on the first visit: the slot's fate from there on
            // does not depend on the path that came to it.
            if self.seen.get(p) == Some(&visit) {
                continue;
            }
            if visited == SCAN_BUDGET {
                return false;
            }
            visited += 1;
            let Some(&instr) = code.get(p) else { return false };
            self.seen[p] = visit;
            next = match step(instr, slot) {
                Step::Live => return false,
                Step::Dead => None,
                Step::Next(target) => self.follow(p + 1, target),
                Step::Goto(target) => Some(target as usize),
                Step::Table(len) => self.entries(p, len),
            };
        }
    }

    /// Continues at each of the `len` jump-table entries after position `at`.
    fn entries(&mut self, at: usize, len: u32) -> Option<usize> {
        if len == 0 {
            return None;
        }
        self.work.extend((1..len as usize).map(|k| at + k));
        Some(at + len as usize)
    }

    /// Continues at `next` and, if the instruction may jump, at `target` first.
    fn follow(&mut self, next: usize, target: Option<u32>) -> Option<usize> {
        match target {
            None => Some(next),
            Some(t) => {
                self.work.push(next);
                Some(t as usize)
            }
        }
    }
}

/// A generated scalar row (or a hand-written one with scalar operands): reads of `slot` among
/// its fields, past `uses` of them that are not reads, make it live; a `result` of `slot` kills
/// it (the operands are read before the result is written).
fn scalar_step(instr: Instr, slot: Slot, uses: u32) -> Step {
    // `hits` counts `result` too; one match answers all three questions.
    let SlotUse { hits, writes, target } = instr.slot_use(slot);
    if hits > uses + u32::from(writes) {
        Step::Live
    } else if writes {
        Step::Dead
    } else {
        Step::Next(target)
    }
}

/// What `instr` does with `slot`, for [`Scan::dead_after`].
fn step(instr: Instr, slot: Slot) -> Step {
    if scalar_operands(&instr) {
        return scalar_step(instr, slot, 0);
    }
    let within = |first: Slot, len: u16| (first.0..first.0.saturating_add(len)).contains(&slot.0);
    // A callee's frame starts at its `base`: it reads its arguments there and may overwrite
    // every slot above, but none below.
    let in_callee = |base: Slot| base.0 <= slot.0;
    match instr {
        Instr::Unreachable {} | Instr::Trap { .. } | Instr::Return0 {} => Step::Dead,
        Instr::Return1 { value } if value != slot => Step::Dead,
        Instr::ReturnSpan { values, len } if !within(values, len) => Step::Dead,
        Instr::ConsumeFuel { .. }
        | Instr::CheckInterrupt {}
        | Instr::DataDrop { .. }
        | Instr::ElemDrop { .. } => Step::Next(None),
        Instr::Br { target } => Step::Goto(target),
        Instr::BrTable { index, len } if index != slot => Step::Table(len),
        // Its index comes from the accumulator, not the frame.
        Instr::BrTableAcc { len, .. } => Step::Table(len),
        Instr::BrIfNez { cond, target } | Instr::BrIfEqz { cond, target } if cond != slot => {
            Step::Next(Some(target))
        }
        Instr::Copy { .. }
        | Instr::Select { .. }
        | Instr::Const32 { .. }
        | Instr::Const64 { .. }
        | Instr::GlobalGet { .. }
        | Instr::GlobalSet { .. }
        | Instr::MemorySize { .. }
        | Instr::MemoryGrow { .. }
        | Instr::MemoryFill { .. }
        | Instr::MemoryCopy { .. }
        | Instr::MemoryInit { .. }
        | Instr::TableGet { .. }
        | Instr::TableSet { .. }
        | Instr::TableSize { .. }
        | Instr::TableGrow { .. }
        | Instr::TableFill { .. }
        | Instr::TableCopy { .. }
        | Instr::TableInit { .. }
        | Instr::RefFunc { .. }
        | Instr::AddrOffset64 { .. } => scalar_step(instr, slot, 0),
        Instr::Call { base, .. } | Instr::CallInternal { base, .. } if !in_callee(base) => {
            Step::Next(None)
        }
        Instr::CallIndirect { base, index, .. } if !in_callee(base) && index != slot => {
            Step::Next(None)
        }
        Instr::ReturnCall { base, .. } | Instr::ReturnCallInternal { base, .. }
            if !in_callee(base) =>
        {
            Step::Dead
        }
        Instr::ReturnCallIndirect { base, index, .. } if !in_callee(base) && index != slot => {
            Step::Dead
        }
        Instr::CopySpan { to, from, len } if !within(from, len) => {
            if within(to, len) {
                Step::Dead
            } else {
                Step::Next(None)
            }
        }
        // Anything else (`v128` rows, a read of the slot): keep the store.
        _ => Step::Live,
    }
}
