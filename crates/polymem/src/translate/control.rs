//! Structured control flow: blocks, loops, `if`/`else`, branches and returns.

use super::Translator;
use super::stack::Operand;
use crate::error::Error;
use polymem_ir::{Instr, Slot};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Func,
    Block,
    Loop,
    /// An `if` whose `else` has not been seen; `else_fixup` is its conditional jump.
    If {
        else_fixup: usize,
    },
    Else,
}

/// The end of a chain of forward jumps ([`Control::fixups`]).
pub(super) const NO_FIXUP: u32 = u32::MAX;

/// One open control structure.
#[derive(Debug)]
pub(super) struct Control {
    pub(super) kind: Kind,
    /// The block type, whose value types say which values take two cells.
    pub(super) ty: wasmparser::BlockType,
    /// Stack height below the structure's parameters.
    pub(super) height: usize,
    pub(super) params: usize,
    pub(super) results: usize,
    /// The loop header, for `Kind::Loop`.
    pub(super) start: usize,
    /// The last forward jump to patch with the end label, or [`NO_FIXUP`]. The unpatched jumps
    /// form a chain through their target fields (each holds the previous one), so that a block
    /// allocates nothing for them.
    pub(super) fixups: u32,
    pub(super) reachable_at_entry: bool,
    pub(super) branched_to: bool,
    /// How many loops enclose the structure's body, itself included (the weight of a memory
    /// access for the choice of the hot memory): kept per structure, so that an access reads
    /// it from the innermost one instead of counting the whole nesting.
    pub(super) loops: u32,
}

impl Control {
    /// How many values a branch to this label carries.
    fn label_arity(&self) -> usize {
        if self.kind == Kind::Loop { self.params } else { self.results }
    }
}

impl Translator<'_> {
    fn open(&mut self, kind: Kind, ty: wasmparser::BlockType) {
        let (params, results) = self.block_arity(ty);
        let height = self.stack.len() - params;
        let enclosing = self.control.last().map_or(0, |c| c.loops);
        self.control.push(Control {
            kind,
            ty,
            height,
            params,
            results,
            start: self.code.len(),
            fixups: NO_FIXUP,
            reachable_at_entry: true,
            branched_to: false,
            loops: enclosing + u32::from(kind == Kind::Loop),
        });
    }

    /// Opens a block, loop or if in unreachable code: only its nesting is tracked.
    pub(super) fn open_dead(&mut self) {
        self.dead_depth += 1;
    }

    pub(super) fn block(&mut self, ty: wasmparser::BlockType) {
        self.materialize_locals();
        self.materialize_top(self.block_arity(ty).0);
        self.open(Kind::Block, ty);
    }

    pub(super) fn loop_(&mut self, ty: wasmparser::BlockType) {
        self.materialize_locals();
        self.materialize_top(self.block_arity(ty).0);
        self.open(Kind::Loop, ty);
        self.label_here();
        // Branches to the loop jump to its `start`: the checks placed here.
        self.start_region(true);
    }

    pub(super) fn if_(&mut self, ty: wasmparser::BlockType) {
        let cond = self.pop_slot();
        // The comparison's operands are not among the slots materializing writes.
        let compare = self.take_compare(cond);
        self.materialize_locals();
        self.materialize_top(self.block_arity(ty).0);
        let else_fixup = self.emit_cond_branch(compare, cond, true, u32::MAX);
        self.open(Kind::If { else_fixup }, ty);
    }

    /// Removes and returns the last instruction if it is a comparison that computed `cond` (and
    /// nothing else reads `cond`), so that a branch on `cond` can absorb it. An `i32.eqz` of a
    /// comparison computed just before it goes too: the branch then takes the comparison with
    /// the flag set, to be negated (`f64.le; i32.eqz; br_if`, as Rust emits for `!(a <= b)`,
    /// is one `BrF64NotLe`).
    fn take_compare(&mut self, cond: Slot) -> Option<(Instr, bool)> {
        let last = self.code.len().checked_sub(1)?;
        if self.last_result != Some(last) {
            return None;
        }
        let mut instr = self.code[last];
        if instr.result_slot_mut().map(|s| *s) != Some(cond)
            || instr.fuse_branch(false, 0).is_none()
        {
            return None;
        }
        self.code.pop();
        self.last_result = None;
        if let Instr::I32Eqz { result, input } = instr
            && self.eqz_of_compare == Some(last)
            && input == result
            && let Some(mut compare) = self.code.last().copied()
            && compare.result_slot_mut().map(|s| *s) == Some(input)
            && compare.fuse_branch(false, 0).is_some()
        {
            self.code.pop();
            return Some((compare, true));
        }
        Some((instr, false))
    }

    /// Emits a jump to `target` taken when `cond` is non-zero (or zero, if `negate`), fused with
    /// the comparison that computed it when there is one (itself negated if its flag is set).
    /// Returns the index of the instruction holding the jump.
    fn emit_cond_branch(
        &mut self,
        compare: Option<(Instr, bool)>,
        cond: Slot,
        negate: bool,
        target: u32,
    ) -> usize {
        let fused = compare.and_then(|(c, flip)| c.fuse_branch(negate != flip, target));
        let instr = match (fused, negate) {
            (Some(fused), _) => fused,
            (None, false) => Instr::BrIfNez { cond, target },
            (None, true) => Instr::BrIfEqz { cond, target },
        };
        self.emit(instr);
        self.code.len() - 1
    }

    pub(super) fn else_(&mut self) {
        let at = self.control.len() - 1;
        if self.reachable {
            let n = self.control[at].results;
            self.materialize_top(n);
            let fixup = self.code.len() as u32;
            self.emit(Instr::Br { target: self.control[at].fixups });
            self.control[at].fixups = fixup;
            self.control[at].branched_to = true;
        }
        let frame = &mut self.control[at];
        let Kind::If { else_fixup } = frame.kind else {
            return;
        };
        frame.kind = Kind::Else;
        let (height, ty, reachable) = (frame.height, frame.ty, frame.reachable_at_entry);
        self.patch(else_fixup);
        self.truncate(height);
        // The parameters were on the stack at the `if`: pushing them again cannot overflow.
        let _ = self.push_block_values(ty, false);
        self.reachable = reachable;
        if reachable {
            self.start_region(false);
        }
    }

    /// Closes the innermost structure. Returns `true` when it was the function body.
    pub(super) fn end(&mut self) -> bool {
        let Some(frame) = self.control.pop() else {
            return true;
        };
        if frame.kind == Kind::Func {
            if self.reachable {
                self.emit_return();
            }
            return true;
        }
        if self.reachable {
            self.materialize_top(frame.results);
        }
        // Branches join here, or a loop was left: the code after is a region of its own (after
        // a loop it would otherwise be charged with every iteration).
        let join = frame.fixups != NO_FIXUP || matches!(frame.kind, Kind::If { .. } | Kind::Loop);
        let mut fixup = frame.fixups;
        while fixup != NO_FIXUP {
            let next = self.code[fixup as usize].branch_target_mut().map_or(NO_FIXUP, |t| *t);
            self.patch(fixup as usize);
            fixup = next;
        }
        self.reachable = match frame.kind {
            Kind::Loop => self.reachable,
            Kind::If { else_fixup } => {
                self.patch(else_fixup);
                self.reachable || frame.branched_to || frame.reachable_at_entry
            }
            _ => self.reachable || frame.branched_to,
        };
        self.label_here();
        if join && self.reachable {
            self.start_region(false);
        }
        self.truncate(frame.height);
        // The results were on the stack (or a branch carried them): pushing them cannot overflow.
        let _ = self.push_block_values(frame.ty, true);
        false
    }

    /// Handles `else`/`end` reached in unreachable code. Returns `true` at the function's end.
    pub(super) fn dead_else_or_end(&mut self, is_else: bool) -> bool {
        if self.dead_depth > 0 {
            if !is_else {
                self.dead_depth -= 1;
            }
            return false;
        }
        if is_else {
            self.else_();
            false
        } else {
            self.end()
        }
    }

    /// Sets the forward jump at `fixup` to the current position, and records it as a jump
    /// target (the accumulator and fuse passes read them instead of scanning the code).
    fn patch(&mut self, fixup: usize) {
        let here = self.code.len() as u32;
        if let Some(target) = self.code[fixup].branch_target_mut() {
            *target = here;
            self.acc.targets.push(here);
        }
    }

    /// Marks the current position as a jump target: the value on top of the stack may come from
    /// another path.
    fn label_here(&mut self) {
        self.last_result = None;
    }

    fn frame(&self, depth: u32) -> &Control {
        &self.control[self.control.len() - 1 - depth as usize]
    }

    /// Emits the copies and jump of a taken branch to label `depth`.
    fn branch_to(&mut self, depth: u32) {
        let at = self.control.len() - 1 - depth as usize;
        let frame = &self.control[at];
        if frame.kind == Kind::Func {
            self.emit_return();
            return;
        }
        let (n, dst) = (frame.label_arity(), self.home(frame.height));
        self.copy_top_to(dst, n);
        self.jump_to(at);
    }

    /// Emits a jump to the label of control frame `at`.
    fn jump_to(&mut self, at: usize) {
        let frame = &mut self.control[at];
        frame.branched_to = true;
        if frame.kind == Kind::Loop {
            let target = frame.start as u32;
            self.acc.targets.push(target);
            self.emit(Instr::Br { target });
        } else {
            let previous = std::mem::replace(&mut frame.fixups, self.code.len() as u32);
            self.emit(Instr::Br { target: previous });
        }
    }

    pub(super) fn br(&mut self, depth: u32) {
        self.branch_to(depth);
        self.reachable = false;
    }

    pub(super) fn br_if(&mut self, depth: u32) {
        let cond = self.pop_slot();
        let compare = self.take_compare(cond);
        let frame = self.frame(depth);
        let at = self.control.len() - 1 - depth as usize;
        let in_place = frame.kind != Kind::Func
            && self.top_in_place(self.home(frame.height), frame.label_arity());
        if in_place {
            let frame = &mut self.control[at];
            frame.branched_to = true;
            if frame.kind == Kind::Loop {
                let target = frame.start as u32;
                self.acc.targets.push(target);
                self.emit_cond_branch(compare, cond, false, target);
            } else {
                let previous = self.control[at].fixups;
                let fixup = self.emit_cond_branch(compare, cond, false, previous);
                self.control[at].fixups = fixup as u32;
            }
        } else {
            let skip = self.emit_cond_branch(compare, cond, true, u32::MAX);
            self.branch_to(depth);
            // Only the taken path returned; the fall-through goes on.
            self.reachable = true;
            self.patch(skip);
        }
        self.label_here();
    }

    pub(super) fn br_table(&mut self, targets: &[u32]) -> Result<(), Error> {
        let index = self.pop_slot();
        let len = u32::try_from(targets.len()).map_err(|_| Error::limit("br_table too large"))?;
        self.emit(Instr::BrTable { index, len });
        let mut trampolines = Vec::new();
        for &depth in targets {
            let frame = self.frame(depth);
            let at = self.control.len() - 1 - depth as usize;
            if frame.kind != Kind::Func
                && self.top_in_place(self.home(frame.height), frame.label_arity())
            {
                self.jump_to(at);
            } else {
                trampolines.push((self.code.len(), depth));
                self.emit(Instr::Br { target: u32::MAX });
            }
        }
        for (entry, depth) in trampolines {
            self.patch(entry);
            self.branch_to(depth);
        }
        self.reachable = false;
        Ok(())
    }

    /// Emits the return of the function's results from the top of the stack. The operand model
    /// is left as it is: on a conditional path (`br_if`, `br_table`) it must stay valid for the
    /// code that follows.
    pub(super) fn emit_return(&mut self) {
        let n = self.results.len();
        let len = self.stack.len();
        match n {
            0 => self.emit(Instr::Return0 {}),
            1 if !self.is_wide(len - 1) => match self.op(len - 1) {
                Operand::Temp => self.emit(Instr::Return1 { value: self.home(len - 1) }),
                Operand::Local(value) => self.emit(Instr::Return1 { value }),
                Operand::Const(value) => {
                    // Slot numbers are renumbered once constants get their slots, so the
                    // constant is returned from a slot, never written to slot 0 directly.
                    let slot = match self.const_slot(value) {
                        Some(slot) => slot,
                        None => {
                            let home = self.home(len - 1);
                            self.emit(super::stack::const_instr(home, value));
                            home
                        }
                    };
                    self.emit(Instr::Return1 { value: slot });
                }
                Operand::V128(_) => unreachable!("a v128 value is wide"),
            },
            _ => {
                let values = self.home(len - n);
                self.copy_top_to(values, n);
                let len = self.top_cells(n) as u16;
                self.emit(Instr::ReturnSpan { values, len });
            }
        }
        self.reachable = false;
    }
}
