//! The explicit bounds checks against limits (see "How explicit checks look" in the crate docs):
//! an access of `extent` bytes (offset + width) at `addr` fits its memory when `addr < limit`,
//! with `limit` a constant for fixed-size memories and otherwise a mutable i32 global per
//! (memory, extent) that the memory's grow helper keeps up to date (`bulk::grow_helper`).
//!
//! Two forms use them. [`CheckForm::BrIf`] (the default): `br_if` to a block around the whole
//! function body, after which the function traps with the engine's own out-of-bounds trap; a
//! predicted branch, so the load does not wait for the comparison. [`CheckForm::Select`]:
//! branchless, the address becomes `select(addr + base, -1, addr < limit)` and the access
//! itself traps at `0xFFFFFFFF + offset`; smaller by a few bytes per function, but the load
//! then depends on the comparison, which made a pointer-chasing kernel 1.6-1.9x slower on
//! JavaScriptCore (V8: 1.1x).

use crate::CheckForm;
use crate::access::{Access, MAX_BYTES, trap_oob};
use crate::elide::Check;
use crate::layout::{PAGE, Place};
use crate::rewrite::Lowerer;
use wasm_encoder::{BlockType, InstructionSink};
use wasmparser::Operator;

/// The limit of an access of `extent` bytes in a memory of `bytes` bytes: the access fits when
/// `addr < limit` (unsigned); 0 when no address does.
pub(crate) fn limit(bytes: u64, extent: u64) -> u32 {
    // `bytes` is below 4 GiB in a capped combined memory (`MemoryLayout::capped`), so the
    // result fits.
    (bytes + 1).saturating_sub(extent) as u32
}

impl Lowerer<'_> {
    /// Checks the address on the stack (under the stored value, if any, which `value` holds
    /// meanwhile) against its limit in the form of [`CheckForm::BrIf`] or [`CheckForm::Select`]
    /// and leaves its address in the combined memory; returns the offset the access then uses.
    /// `None`, emitting nothing, where another form is used: by policy (or a function whose
    /// body cannot be wrapped in a block), for 64-bit, bridged and proven accesses, offsets or
    /// extents past 4 GiB (the access always traps), and combined memories that may reach
    /// 4 GiB (a limit must fit in 32 bits, and `0xFFFFFFFF` must be out of bounds).
    pub(crate) fn limit_check(
        &mut self,
        out: &mut Vec<u8>,
        access: Access,
        check: Option<Check>,
        value: Option<u32>,
        addr: u32,
    ) -> Option<u64> {
        let m = access.memory;
        let Place::Internal(slot) = &self.layout.places[m as usize] else { return None };
        let trap_label = match self.form {
            CheckForm::BrIf => Some(self.trap_label?),
            CheckForm::Select => None,
            CheckForm::Branch | CheckForm::HelpersOutsideLoops | CheckForm::Helpers => {
                return None;
            }
        };
        let applies = self.layout.capped
            && !self.layout.memories[m as usize].is64
            && access.offset <= u64::from(u32::MAX);
        let own = access.offset.saturating_add(access.width);
        let extent = match check {
            Some(Check::Covered) => return None,
            Some(Check::Extent(extent)) => extent.max(own),
            None => own,
        };
        if !applies || extent > MAX_BYTES {
            return None;
        }
        // A constant base goes into the offset (`0xFFFFFFFF + offset` still ends past 4 GiB).
        let folded = Some(slot.base + access.offset)
            .filter(|&o| slot.fixed_base && o <= u64::from(u32::MAX));
        let (base, base_global, fixed_size) = (slot.base, slot.globals, slot.fixed_size);
        let limit_of = |lw: &mut Self, f: &mut InstructionSink<'_>| {
            if fixed_size {
                let bytes = lw.layout.memories[m as usize].min * PAGE;
                f.i32_const(limit(bytes, extent) as i32);
            } else {
                let next = lw.first_limit + lw.limits.len() as u32;
                let limits = &mut lw.limits;
                let global = *lw.limit_index.entry((m, extent)).or_insert_with(|| {
                    limits.push((m, extent));
                    next
                });
                f.global_get(global);
            }
        };
        let add_base = |f: &mut InstructionSink<'_>| match base_global {
            _ if folded.is_some() => {}
            _ if slot.fixed_base => {
                f.i32_const(base as u32 as i32).i32_add();
            }
            g => {
                f.global_get(g.unwrap_or_default()).i32_add();
            }
        };
        let f = &mut InstructionSink::new(out);
        if let Some(v) = value {
            f.local_set(v);
        }
        f.local_tee(addr);
        match trap_label {
            Some(label) => {
                limit_of(self, f);
                f.i32_ge_u().br_if(label).local_get(addr);
                add_base(f);
                self.trap_used = true;
            }
            None => {
                add_base(f);
                f.i32_const(-1).local_get(addr);
                limit_of(self, f);
                f.i32_lt_u().select();
            }
        }
        if let Some(v) = value {
            f.local_get(v);
        }
        Some(folded.unwrap_or(access.offset))
    }
}

/// For each operator of a body, the number of blocks open around it (the function's own not
/// counted): a `br_if` to the trap block of [`wrap_in_trap_block`] from there names label
/// `depth + 1`.
pub(crate) fn depths(ops: &[Operator<'_>]) -> Vec<u32> {
    let mut depth = 0u32;
    ops.iter()
        .map(|op| {
            let at = depth;
            match op {
                Operator::Block { .. }
                | Operator::Loop { .. }
                | Operator::If { .. }
                | Operator::Try { .. }
                | Operator::TryTable { .. } => depth += 1,
                Operator::End | Operator::Delegate { .. } => depth = depth.saturating_sub(1),
                _ => {}
            }
            at
        })
        .collect()
}

/// Wraps `code` (a function's instructions, ending with its `end`) as
/// `block $trap (block $body (result ...) code) return end, trap`: the body's branches to the
/// function's label now reach `$body`, whose results are returned; a `br_if $trap` lands on
/// the out-of-bounds trap. `results` is the block type of the function's results.
pub(crate) fn wrap_in_trap_block(code: Vec<u8>, results: BlockType) -> Vec<u8> {
    let mut out = Vec::with_capacity(code.len() + 16);
    InstructionSink::new(&mut out).block(BlockType::Empty).block(results);
    out.extend_from_slice(&code);
    let f = &mut InstructionSink::new(&mut out);
    f.return_().end();
    trap_oob(f);
    // (The load traps; `unreachable` only makes the function's end valid.)
    f.unreachable().end();
    out
}
