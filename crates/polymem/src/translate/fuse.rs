//! Superinstructions: pairs of instructions that run one after the other often enough (the
//! dynamic pair counts of the bench workloads, `docs/perf-log.md`) to be worth one handler.
//!
//! A pair is fused only when nothing can jump between its two halves: the second one must not
//! be a label (a loop header, a block's end, a patched forward jump), which [`Translator::label_at`]
//! records. Jumps to the first half stay correct, as the fused instruction does both.

use super::Translator;
use polymem_ir::Instr;

impl Translator<'_> {
    /// Appends `branch`, fused with the instruction before it when the pair has a
    /// superinstruction. Returns the index of the instruction that holds the branch (for
    /// patching its target).
    pub(super) fn emit_branch(&mut self, branch: Instr) -> usize {
        if let Some(fused) = self.fuse_with_last(branch) {
            let at = self.code.len() - 1;
            self.code[at] = fused;
            self.last_result = None;
            return at;
        }
        self.emit(branch);
        self.code.len() - 1
    }

    /// The superinstruction doing the last instruction and then `next`, if there is one and
    /// no jump lands between them.
    fn fuse_with_last(&self, next: Instr) -> Option<Instr> {
        let last = *self.code.last()?;
        if self.label_at == self.code.len() {
            return None;
        }
        // A loop counter's increment and back-edge test, `i += step; if i < bound`.
        if let (
            Instr::I32AddImm { result, lhs, rhs: step },
            Instr::BrI32LtUImm { lhs: tested, rhs, target },
        ) = (last, next)
            && tested == result
        {
            let step = i16::try_from(step).ok()?;
            return Some(Instr::I32AddImmBrLtUImm { result, lhs, step, rhs, target });
        }
        None
    }
}
