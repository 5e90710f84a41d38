//! The translator's model of the operand stack: where each value currently lives.
//!
//! Every stack position `h` has a home slot `locals + h`. A value may instead still live in a
//! local (a deferred `local.get`) or be a known constant; it is moved to its home slot
//! ("materialized") only when an instruction needs it there.

use super::Translator;
use crate::error::Error;
use crate::types::ValType;
use polymem_ir::{Instr, MAX_FRAME_SLOTS, Slot};

/// Where a stack value is. A value takes one cell, or two for a `v128` (see
/// [`Translator::home`]): `Temp` and `Local` are either, `Const` one cell, `V128` two.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Operand {
    /// In its home slot.
    Temp,
    /// Still in this local's slot (its first cell).
    Local(Slot),
    /// A constant cell.
    Const(u64),
    /// A `v128` constant: its index in `Translator::v128_values` (kept out of line, so that an
    /// operand takes 16 bytes rather than 32).
    V128(u32),
}

/// A stack position: where its value is and the first of its cells, counted from the first
/// temporary (a `v128` takes two). One vector of these is the whole model, so a push is one
/// vector push.
#[derive(Debug, Clone, Copy)]
pub(super) struct Entry {
    pub(super) op: Operand,
    cell: u32,
    wide: bool,
}

impl Translator<'_> {
    /// The home slot of stack position `pos` (up to the stack's length): the values below it
    /// are packed, one cell each and two for a `v128`, so a call's arguments are already laid
    /// out as the callee's parameters.
    #[inline]
    pub(super) fn home(&self, pos: usize) -> Slot {
        Slot((self.num_locals + self.cell(pos) as usize) as u16)
    }

    /// The first cell of stack position `pos`, or the end of the stack's cells at its length.
    #[inline]
    fn cell(&self, pos: usize) -> u32 {
        match self.stack.get(pos) {
            Some(entry) => entry.cell,
            None => self.top_cell,
        }
    }

    /// Where the value at `pos` is.
    #[inline]
    pub(super) fn op(&self, pos: usize) -> Operand {
        self.stack[pos].op
    }

    /// Whether the value at `pos` is a `v128` (two cells).
    pub(super) fn is_wide(&self, pos: usize) -> bool {
        self.stack[pos].wide
    }

    /// Pushes a value of one cell and tracks the frame's size.
    pub(super) fn push(&mut self, op: Operand) -> Result<(), Error> {
        self.push_value(op, matches!(op, Operand::V128(_)))
    }

    /// Pushes a value, of two cells if `wide`, and tracks the frame's size.
    #[inline]
    pub(super) fn push_value(&mut self, op: Operand, wide: bool) -> Result<(), Error> {
        let cell = self.top_cell;
        let top = cell + 1 + wide as u32;
        if self.num_locals + top as usize > MAX_FRAME_SLOTS {
            return Err(too_many_slots());
        }
        self.stack.push(Entry { op, cell, wide });
        self.top_cell = top;
        self.max_height = self.max_height.max(top as usize);
        Ok(())
    }

    /// Pushes temporaries of types `tys` (call and block results).
    pub(super) fn push_types(&mut self, tys: &[ValType]) -> Result<(), Error> {
        for &ty in tys {
            self.push_value(Operand::Temp, ty == ValType::V128)?;
        }
        Ok(())
    }

    /// Drops the stack down to `height` values.
    #[inline]
    pub(super) fn truncate(&mut self, height: usize) {
        if let Some(entry) = self.stack.get(height) {
            self.top_cell = entry.cell;
            self.stack.truncate(height);
        }
    }

    /// Pushes a value computed into its home slot and returns that slot.
    #[inline]
    pub(super) fn push_temp(&mut self) -> Result<Slot, Error> {
        self.push(Operand::Temp)?;
        Ok(self.home(self.stack.len() - 1))
    }

    /// Pushes a `v128` computed into its home slots and returns the first.
    pub(super) fn push_temp_v128(&mut self) -> Result<Slot, Error> {
        self.push_value(Operand::Temp, true)?;
        Ok(self.home(self.stack.len() - 1))
    }

    /// Pops a value, returning the slot it can be read from (constants are materialized).
    #[inline]
    pub(super) fn pop_slot(&mut self) -> Slot {
        let pos = self.stack.len() - 1;
        let slot = self.slot_of(pos);
        self.truncate(pos);
        slot
    }

    /// Pops a value without reading it.
    pub(super) fn pop_operand(&mut self) -> Operand {
        let op = self.stack.last().map_or(Operand::Temp, |e| e.op);
        self.truncate(self.stack.len().saturating_sub(1));
        op
    }

    /// The slot the value at `pos` can be read from, materializing a constant to its home.
    /// Inlined for temporaries and locals (most operands); constants take a call.
    #[inline]
    pub(super) fn slot_of(&mut self, pos: usize) -> Slot {
        match self.stack[pos].op {
            Operand::Temp => self.home(pos),
            Operand::Local(slot) => slot,
            _ => self.const_slot_of(pos),
        }
    }

    /// [`Self::slot_of`] for a constant.
    #[inline(never)]
    fn const_slot_of(&mut self, pos: usize) -> Slot {
        match self.stack[pos].op {
            Operand::Temp => self.home(pos),
            Operand::Local(slot) => slot,
            Operand::Const(value) => match self.const_slot(value) {
                Some(slot) => slot,
                None => {
                    self.materialize(pos);
                    self.home(pos)
                }
            },
            Operand::V128(index) => match self.const_slot_v128(self.v128_values[index as usize]) {
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
        match self.stack[pos].op {
            Operand::Temp => return,
            input => self.emit_copy(dst, input, self.is_wide(pos)),
        }
        self.stack[pos].op = Operand::Temp;
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
            if matches!(self.stack[pos].op, Operand::Local(_)) {
                self.materialize(pos);
            }
        }
    }

    /// Materializes the values that still live in local `slot` before it is overwritten.
    pub(super) fn preserve_local(&mut self, slot: Slot) {
        for pos in 0..self.stack.len() {
            if self.stack[pos].op == Operand::Local(slot) {
                self.materialize(pos);
            }
        }
    }

    /// Emits copies of the top `n` values into `dst..dst+n` (for branches and returns).
    pub(super) fn copy_top_to(&mut self, dst: Slot, n: usize) {
        let len = self.stack.len();
        let first = self.cell(len - n);
        for pos in len - n..len {
            let to = Slot(dst.0 + (self.stack[pos].cell - first) as u16);
            match self.stack[pos].op {
                Operand::Temp if self.home(pos) == to => {}
                Operand::Temp => {
                    self.emit_copy(to, Operand::Local(self.home(pos)), self.is_wide(pos))
                }
                input => self.emit_copy(to, input, self.is_wide(pos)),
            }
        }
    }

    /// Emits the copy of `input` (not a temporary) into `to`, two cells if `wide`.
    pub(super) fn emit_copy(&mut self, to: Slot, input: Operand, wide: bool) {
        match input {
            Operand::Temp => {}
            Operand::Local(input) if wide => self.emit(Instr::CopyV128 { result: to, input }),
            Operand::Local(input) => self.emit(Instr::Copy { result: to, input }),
            Operand::Const(value) => self.emit(const_instr(to, value)),
            Operand::V128(index) => {
                let value = self.v128_values[index as usize];
                self.emit(const_instr(to, value as u64));
                self.emit(const_instr(Slot(to.0 + 1), (value >> 64) as u64));
            }
        }
    }

    /// Whether [`Self::copy_top_to`] would emit nothing.
    pub(super) fn top_in_place(&self, dst: Slot, n: usize) -> bool {
        let len = self.stack.len();
        let first = self.cell(len - n);
        (len - n..len).all(|pos| {
            self.stack[pos].op == Operand::Temp
                && self.home(pos).0 == dst.0 + (self.stack[pos].cell - first) as u16
        })
    }

    /// The number of cells of the top `n` values.
    pub(super) fn top_cells(&self, n: usize) -> usize {
        let len = self.stack.len();
        (self.top_cell - self.cell(len - n)) as usize
    }
}

#[cold]
fn too_many_slots() -> Error {
    Error::limit("function needs more than 65535 value slots")
}

/// The instruction that stores constant cell `value` into `result`.
pub(super) fn const_instr(result: Slot, value: u64) -> Instr {
    match u32::try_from(value) {
        Ok(value) => Instr::Const32 { result, value },
        Err(_) => Instr::Const64 { result, value },
    }
}
