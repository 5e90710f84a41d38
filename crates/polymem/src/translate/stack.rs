//! The translator's model of the operand stack: where each value currently lives.
//!
//! Every stack position `h` has a home slot `locals + h`. A value may instead still live in a
//! local (a deferred `local.get`) or be a known constant; it is moved to its home slot
//! ("materialized") only when an instruction needs it there.

use super::Translator;
use crate::error::Error;
use polymem_ir::{Instr, MAX_FRAME_SLOTS, Slot};

/// Where a stack value is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Operand {
    /// In its home slot.
    Temp,
    /// Still in this local's slot.
    Local(Slot),
    /// A constant cell.
    Const(u64),
}

impl Translator<'_> {
    /// The home slot of stack position `pos`.
    pub(super) fn home(&self, pos: usize) -> Slot {
        Slot((self.num_locals + pos) as u16)
    }

    /// Pushes a value and tracks the frame's size.
    pub(super) fn push(&mut self, op: Operand) -> Result<(), Error> {
        self.stack.push(op);
        let needed = self.num_locals + self.stack.len();
        if needed > MAX_FRAME_SLOTS {
            return Err(Error::limit("function needs more than 65535 value slots"));
        }
        self.max_height = self.max_height.max(self.stack.len());
        Ok(())
    }

    /// Pushes a value computed into its home slot and returns that slot.
    pub(super) fn push_temp(&mut self) -> Result<Slot, Error> {
        self.push(Operand::Temp)?;
        Ok(self.home(self.stack.len() - 1))
    }

    /// Pops a value, returning the slot it can be read from (constants are materialized).
    pub(super) fn pop_slot(&mut self) -> Slot {
        let pos = self.stack.len() - 1;
        let slot = self.slot_of(pos);
        self.stack.pop();
        slot
    }

    /// Pops a value without reading it.
    pub(super) fn pop_operand(&mut self) -> Operand {
        self.stack.pop().unwrap_or(Operand::Temp)
    }

    /// The slot the value at `pos` can be read from, materializing a constant to its home.
    pub(super) fn slot_of(&mut self, pos: usize) -> Slot {
        match self.stack[pos] {
            Operand::Temp => self.home(pos),
            Operand::Local(slot) => slot,
            Operand::Const(value) => match self.const_slot(value) {
                Some(slot) => slot,
                None => {
                    self.materialize(pos);
                    self.home(pos)
                }
            },
        }
    }

    /// Moves the value at `pos` into its home slot.
    pub(super) fn materialize(&mut self, pos: usize) {
        let dst = self.home(pos);
        match self.stack[pos] {
            Operand::Temp => return,
            Operand::Local(input) => self.emit(Instr::Copy { result: dst, input }),
            Operand::Const(value) => self.emit(const_instr(dst, value)),
        }
        self.stack[pos] = Operand::Temp;
    }

    /// Materializes the top `n` values.
    pub(super) fn materialize_top(&mut self, n: usize) {
        let len = self.stack.len();
        for pos in len - n..len {
            self.materialize(pos);
        }
    }

    /// Materializes every value that still lives in a local: needed before control flow splits,
    /// so that a `local.set` on one path cannot change a value pushed before the split.
    pub(super) fn materialize_locals(&mut self) {
        for pos in 0..self.stack.len() {
            if matches!(self.stack[pos], Operand::Local(_)) {
                self.materialize(pos);
            }
        }
    }

    /// Materializes the values that still live in local `slot` before it is overwritten.
    pub(super) fn preserve_local(&mut self, slot: Slot) {
        for pos in 0..self.stack.len() {
            if self.stack[pos] == Operand::Local(slot) {
                self.materialize(pos);
            }
        }
    }

    /// Emits copies of the top `n` values into `dst..dst+n` (for branches and returns).
    pub(super) fn copy_top_to(&mut self, dst: Slot, n: usize) {
        let len = self.stack.len();
        for i in 0..n {
            let pos = len - n + i;
            let to = Slot(dst.0 + i as u16);
            match self.stack[pos] {
                Operand::Temp if self.home(pos) == to => {}
                Operand::Temp => self.emit(Instr::Copy { result: to, input: self.home(pos) }),
                Operand::Local(input) => self.emit(Instr::Copy { result: to, input }),
                Operand::Const(value) => self.emit(const_instr(to, value)),
            }
        }
    }

    /// Whether [`Self::copy_top_to`] would emit nothing.
    pub(super) fn top_in_place(&self, dst: Slot, n: usize) -> bool {
        let len = self.stack.len();
        (0..n).all(|i| {
            let pos = len - n + i;
            self.stack[pos] == Operand::Temp && self.home(pos).0 == dst.0 + i as u16
        })
    }
}

/// The instruction that stores constant cell `value` into `result`.
pub(super) fn const_instr(result: Slot, value: u64) -> Instr {
    match u32::try_from(value) {
        Ok(value) => Instr::Const32 { result, value },
        Err(_) => Instr::Const64 { result, value },
    }
}
