//! The shapes of operators: unary, binary (with immediate forms), memory accesses, SIMD,
//! 128-bit arithmetic; the functions of [`super::operators`] pick one per operator.

use super::Translator;
use super::operators::ImmForm;
use super::stack::Operand;
use crate::error::Error;
use polymem_ir::{Instr, Slot};
use wasmparser::{MemArg, MemArgTarget};

pub(super) fn mem_index(memarg: &MemArg) -> Result<u16, Error> {
    let MemArgTarget::Memory(mem) = memarg.target else {
        return Err(Error::unsupported("GC array memory operations"));
    };
    u16::try_from(mem).map_err(|_| Error::limit("memory index above 65535"))
}

pub(super) fn small_index(index: u32) -> Result<u16, Error> {
    u16::try_from(index).map_err(|_| Error::limit("memory or table index above 65535"))
}

impl Translator<'_> {
    pub(super) fn unary(&mut self, make: impl FnOnce(Slot, Slot) -> Instr) -> Result<(), Error> {
        let top = self.stack.len() - 1;
        let of_last_result = self.op(top) == Operand::Temp
            && self.last_result.is_some()
            && self.last_result == self.code.len().checked_sub(1)
            && self.code.last_mut().and_then(|i| i.result_slot_mut()).map(|s| *s)
                == Some(self.home(top));
        let input = self.pop_slot();
        let result = self.push_temp()?;
        let instr = make(result, input);
        // An `i32.eqz` of the comparison just emitted: a branch on it takes both (`control`).
        let negates_compare = of_last_result
            && matches!(instr, Instr::I32Eqz { .. })
            && self.code.last().is_some_and(|c| c.fuse_branch(false, 0).is_some());
        self.emit_result(instr);
        self.eqz_of_compare = negates_compare.then(|| self.code.len() - 1);
        Ok(())
    }

    pub(super) fn binary(
        &mut self,
        make: fn(Slot, Slot, Slot) -> Instr,
        imm: Option<ImmForm>,
    ) -> Result<(), Error> {
        let len = self.stack.len();
        if let Some(form) = imm {
            let as_imm = |op: Operand| match op {
                Operand::Const(c) if form.wide => i32::try_from(c as i64).ok(),
                Operand::Const(c) => Some(c as u32 as i32),
                _ => None,
            };
            let (a, b) = (self.op(len - 2), self.op(len - 1));
            let pick = match (as_imm(a), as_imm(b)) {
                (_, Some(c)) => Some((len - 2, c)),
                (Some(c), None) if form.commutative => Some((len - 1, c)),
                _ => None,
            };
            if let Some((pos, c)) = pick {
                let lhs = self.slot_of(pos);
                self.truncate(len - 2);
                let result = self.push_temp()?;
                self.emit_result((form.make)(result, lhs, c));
                return Ok(());
            }
        }
        let rhs = self.pop_slot();
        let lhs = self.pop_slot();
        let result = self.push_temp()?;
        self.emit_result(make(result, lhs, rhs));
        Ok(())
    }

    /// `x - c` becomes `x + (-c)` when `-c` has an immediate form; `None` otherwise.
    pub(super) fn sub_as_add(&mut self, wide: bool) -> Option<Result<(), Error>> {
        let len = self.stack.len();
        let rhs = match self.op(len - 1) {
            Operand::Const(c) if wide => {
                (c as i64).checked_neg().and_then(|n| i32::try_from(n).ok())
            }
            Operand::Const(c) => Some((c as u32 as i32).wrapping_neg()),
            _ => None,
        }?;
        let lhs = self.slot_of(len - 2);
        self.truncate(len - 2);
        Some(self.push_temp().map(|result| {
            self.emit_result(if wide {
                Instr::I64AddImm { result, lhs, rhs }
            } else {
                Instr::I32AddImm { result, lhs, rhs }
            })
        }))
    }

    /// An operation on `n` operands (`v128`s or scalars) with a `v128` result.
    pub(super) fn simd<const N: usize>(
        &mut self,
        make: impl FnOnce(Slot, [Slot; N]) -> Instr,
    ) -> Result<(), Error> {
        let mut slots = [Slot(0); N];
        for slot in slots.iter_mut().rev() {
            *slot = self.pop_slot();
        }
        let result = self.push_temp_v128()?;
        self.emit_result(make(result, slots));
        Ok(())
    }

    /// A load whose result is a `v128`.
    pub(super) fn load_v128(
        &mut self,
        memarg: &MemArg,
        make: fn(Slot, Slot, u16, u32) -> Instr,
    ) -> Result<(), Error> {
        let mem = mem_index(memarg)?;
        let (addr, offset) = self.pop_address(memarg)?;
        let result = self.push_temp_v128()?;
        let access = self.access(make(result, addr, mem, offset), mem);
        self.emit_result(access);
        Ok(())
    }

    /// A load into one lane of a `v128` operand (above the address on the stack).
    pub(super) fn load_lane_v128(
        &mut self,
        memarg: &MemArg,
        make: impl FnOnce(Slot, Slot, Slot, u16, u32) -> Instr,
    ) -> Result<(), Error> {
        let mem = mem_index(memarg)?;
        // As in `store`: the operand's slot is above the address's, which `AddrOffset64` reuses.
        let input = self.pop_slot();
        let (addr, offset) = self.pop_address(memarg)?;
        let result = self.push_temp_v128()?;
        let access = self.access(make(result, addr, input, mem, offset), mem);
        self.emit_result(access);
        Ok(())
    }

    /// Access `instr` of memory `mem`, about to be appended: in its `Mem64` form on a 64-bit
    /// memory (only those accesses pay for the overflow check of a 64-bit address), and
    /// counted for the choice of the hot memory ([`super::assign_hot_memory`]): 16 times more
    /// per enclosing loop, so that the memory a loop reads wins over one touched once around
    /// it (a checksum over memory 2 that parks its state in memories 0 and 1).
    fn access(&mut self, instr: Instr, mem: u16) -> Instr {
        let m = mem as usize;
        if self.mem_accesses.len() <= m {
            self.mem_accesses.resize(m + 1, 0);
        }
        let loops = self.control.last().map_or(0, |c| c.loops);
        let weight = 1u32 << (4 * loops).min(24);
        self.mem_accesses[m] = self.mem_accesses[m].saturating_add(weight);
        self.access_at.push(self.code.len() as u32);
        if self.module.memories[m].is_64() { instr.into_mem64() } else { instr }
    }

    /// Pops an access's address: its slot and the offset for the access's 32-bit field. An
    /// offset above that (memory64 only) is added first by `AddrOffset64`, which traps where
    /// the sum overflows, so the access itself runs with offset 0 and no instruction grows.
    fn pop_address(&mut self, memarg: &MemArg) -> Result<(Slot, u32), Error> {
        let addr = self.pop_slot();
        match u32::try_from(memarg.offset) {
            Ok(offset) => Ok((addr, offset)),
            Err(_) => {
                let result = self.push_temp()?;
                self.emit_result(Instr::AddrOffset64 { result, addr, offset: memarg.offset });
                Ok((self.pop_slot(), 0))
            }
        }
    }

    pub(super) fn load(
        &mut self,
        memarg: &MemArg,
        make: fn(Slot, Slot, u16, u32) -> Instr,
    ) -> Result<(), Error> {
        let mem = mem_index(memarg)?;
        let (addr, offset) = self.pop_address(memarg)?;
        let result = self.push_temp()?;
        let access = self.access(make(result, addr, mem, offset), mem);
        self.emit_result(access);
        Ok(())
    }

    pub(super) fn store(
        &mut self,
        memarg: &MemArg,
        make: impl FnOnce(Slot, Slot, u16, u32) -> Instr,
    ) -> Result<(), Error> {
        let mem = mem_index(memarg)?;
        // The value's slot is above the address's: `AddrOffset64` (in the address's home)
        // leaves it alone.
        let value = self.pop_slot();
        let (addr, offset) = self.pop_address(memarg)?;
        let access = self.access(make(addr, value, mem, offset), mem);
        self.emit(access);
        Ok(())
    }

    /// A 128-bit operation on two `(low, high)` pairs: two results in consecutive home slots.
    pub(super) fn wide128(
        &mut self,
        make: fn(Slot, Slot, Slot, Slot, Slot) -> Instr,
    ) -> Result<(), Error> {
        let (rhs_hi, rhs_lo) = (self.pop_slot(), self.pop_slot());
        let (lhs_hi, lhs_lo) = (self.pop_slot(), self.pop_slot());
        let results = self.push_temp()?;
        self.push_temp()?;
        self.emit(make(results, lhs_lo, lhs_hi, rhs_lo, rhs_hi));
        Ok(())
    }

    /// A widening multiplication: two results (low, high) in consecutive home slots.
    pub(super) fn binary_wide(&mut self, make: fn(Slot, Slot, Slot) -> Instr) -> Result<(), Error> {
        let rhs = self.pop_slot();
        let lhs = self.pop_slot();
        let results = self.push_temp()?;
        self.push_temp()?;
        self.emit(make(results, lhs, rhs));
        Ok(())
    }

    /// Pops three operands (the usual `dst, src/value, len` of bulk operations).
    pub(super) fn pop3(&mut self) -> (Slot, Slot, Slot) {
        let c = self.pop_slot();
        let b = self.pop_slot();
        let a = self.pop_slot();
        (a, b, c)
    }
}
