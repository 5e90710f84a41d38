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
//!   scalar operations and loads, never a call, a branch or a host call, which clobber it),
//! - nothing jumps to it (a branch target has other predecessors; the return address of a call
//!   follows the call, which produces nothing), and
//! - the accumulator classes match (`acc` for integers and `f32`, `facc` for `f64`): a
//!   reinterpretation emits no instruction, so the producer's result type can differ from the
//!   type its reader expects.
//!
//! The producer still writes its slot, so later readers of the value are unaffected.

use crate::exec::acc::{consumes, produces};
use polymem_ir::Instr;

/// Turns every instruction of `code` that may read its operand from the accumulator into its
/// `Acc` form.
pub(super) fn use_accumulators(code: &mut [Instr]) {
    let mut targets = vec![false; code.len() + 1];
    for instr in code.iter() {
        if let Some(t) = instr.branch_target().and_then(|t| targets.get_mut(t as usize)) {
            *t = true;
        }
    }
    for i in 1..code.len() {
        if targets[i] {
            continue;
        }
        let mut prev = code[i - 1];
        let Some(class) = produces(&prev) else { continue };
        let Some(&mut slot) = prev.result_slot_mut() else { continue };
        if let Some(acc) = as_compare(code[i]).into_acc(slot)
            && consumes(&acc) == Some(class)
        {
            code[i] = acc;
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
