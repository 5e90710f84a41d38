//! Superinstructions: pairs of instructions that run one after the other often enough (the
//! dynamic pair counts of the bench workloads, `docs/perf-log.md`) to be worth one handler.
//! They are rows of the ISA table's `pair` group, each naming its two halves; the interpreter's
//! handler for one is generated from the halves' bodies, and [`Instr::fuse_pair`] recognizes
//! them.
//!
//! A pass over the finished code, after the accumulator pass (`acc.rs`), so that the halves are
//! the final forms: the second half reads the first one's result from the accumulator, and the
//! first stores it or not as that pass decided (a `to_acc` form). A pair fuses only when nothing
//! jumps to its second half; jumps to the first land on the fused instruction, which does both.

use polymem_ir::Instr;

/// Replaces every pair of `code` that has a superinstruction with it, and moves the branch
/// targets to the shortened code.
pub(super) fn fuse_pairs(code: &mut Vec<Instr>) {
    // Most functions have none: find the first pair before allocating anything.
    let Some(first) = code.windows(2).position(|w| Instr::fuse_pair(w[0], w[1]).is_some()) else {
        return;
    };
    let len = code.len();
    // Old position → new position; `TARGET` marks the positions something jumps to.
    const TARGET: u32 = 1 << 31;
    let mut at = vec![0u32; len + 1];
    for instr in code.iter() {
        if let Some(t) = instr.branch_target() {
            at[t as usize] = TARGET;
        }
    }
    let mut write = first;
    let mut read = first;
    for (k, slot) in at.iter_mut().enumerate().take(first) {
        *slot = k as u32;
    }
    while read < len {
        let fused = match code.get(read + 1) {
            Some(&second) if at[read + 1] & TARGET == 0 => Instr::fuse_pair(code[read], second),
            _ => None,
        };
        at[read] = write as u32;
        if let Some(fused) = fused {
            at[read + 1] = write as u32;
            code[write] = fused;
            read += 2;
        } else {
            code[write] = code[read];
            read += 1;
        }
        write += 1;
    }
    at[len] = write as u32;
    code.truncate(write);
    for instr in code.iter_mut() {
        if let Some(t) = instr.branch_target_mut() {
            *t = at[*t as usize];
        }
    }
}
