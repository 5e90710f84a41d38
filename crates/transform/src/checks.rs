//! The explicit bounds checks (see "How explicit checks look" in the crate docs), for an
//! access of `extent` bytes (static offset + width) at `addr` of a stored memory `m`.
//!
//! The limit forms: the access fits when `addr < limit`, with `limit` a constant for
//! fixed-size memories and otherwise a mutable i32 global per (memory, extent) that the
//! memory's grow helper keeps up to date (`bulk::grow_helper`). [`CheckForm::BrIf`] (the
//! default): `br_if` to a block around the whole function body, after which the function traps
//! with the engine's own out-of-bounds trap; a predicted branch, so the load does not wait for
//! the comparison. [`CheckForm::Select`]: branchless, the address becomes `select(addr + base,
//! -1, addr < limit)` and the access itself traps at `0xFFFFFFFF + offset`; smaller by a few
//! bytes per function, but the load then depends on the comparison, which made a
//! pointer-chasing kernel 1.6-1.9x slower on JavaScriptCore (V8: 1.1x).
//!
//! The branching form ([`CheckForm::Branch`], and wherever a limit does not apply: 64-bit
//! memories, combined memories that may reach 4 GiB, functions with several results):
//!
//! ```text
//! local.set $a
//! local.get $a  i64.extend_i32_u  i64.const o+w  i64.add   ;; end of the access, no overflow
//! global.get $bytes_m                                       ;; or i64.const for a fixed size
//! i64.gt_u  if  <trap>  end
//! local.get $a  global.get $base_m  i32.add                 ;; or folded into the offset
//! <original instruction, memory 0, offset o>
//! ```
//!
//! A fixed-size memory (`min == max`, or private and never grown) compares once in i32 instead:
//! `local.get $a  i32.const size-o-w  i32.gt_u  if <trap> end`. A bridged memory checks against
//! the host's current size inside the same bridge call that stages the bytes through the
//! scratch area.
//!
//! The shared helpers ([`CheckForm::Helpers`], [`CheckForm::HelpersOutsideLoops`]): the check
//! and the base addition are a call to a helper shared by every access of the same memory and
//! extent (`Lowerer::shared_check`): `call $check_m_extent`, then the instruction with the
//! constant base, if any, in its offset.

use crate::CheckForm;
use crate::access::{Access, AccessKind, trap_oob};
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
        let (base, base_global, fixed_size) = (slot.base, slot.base_global(), slot.fixed_size);
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
            None => {
                f.i32_const(base as u32 as i32).i32_add();
            }
            Some(g) => {
                f.global_get(g).i32_add();
            }
        };
        let f = &mut InstructionSink::new(out);
        if let Some(v) = value {
            f.local_set(v);
        }
        // A load whose address was just pushed by `local.get x` reads `x` again (one copy less
        // in interpreters); otherwise the address goes to the scratch local.
        let addr = match self.pushed_local {
            Some(x) if access.kind == AccessKind::Load => x,
            _ => {
                f.local_tee(addr);
                addr
            }
        };
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

/// A local holding an address or length, and whether it is an i64 (64-bit memories).
#[derive(Debug, Clone, Copy)]
pub(crate) enum Operand {
    I32(u32),
    I64(u32),
}

impl Operand {
    pub fn new(is64: bool, i32_local: u32, i64_local: u32) -> Self {
        if is64 { Self::I64(i64_local) } else { Self::I32(i32_local) }
    }
    pub fn local(self) -> u32 {
        match self {
            Self::I32(l) | Self::I64(l) => l,
        }
    }
    /// Pushes the value as an i64 (zero-extended).
    fn push_u64(self, f: &mut InstructionSink<'_>) {
        match self {
            Self::I32(l) => f.local_get(l).i64_extend_i32_u(),
            Self::I64(l) => f.local_get(l),
        };
    }
}

/// The extent added to an address before comparing it with the memory's size.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Extent {
    Bytes(u64),
    Local(Operand),
}

/// Largest byte size of a memory in the lowered module.
pub(crate) const MAX_BYTES: u64 = 1 << 32;

impl Lowerer<'_> {
    /// Pushes memory `m`'s current size in bytes as an i64.
    pub(crate) fn push_bytes(&self, f: &mut InstructionSink<'_>, m: u32) {
        match &self.layout.places[m as usize] {
            Place::Internal(slot) => match slot.bytes_global() {
                None => {
                    f.i64_const((self.layout.memories[m as usize].min * PAGE) as i64);
                }
                Some(g) => {
                    f.global_get(g);
                }
            },
            Place::Bridged(id) => {
                f.i32_const(*id as i32).call(self.host.size).i64_extend_i32_u();
                f.i64_const(16).i64_shl();
            }
            Place::Direct => {
                f.memory_size(0).i64_extend_i32_u().i64_const(16).i64_shl();
            }
        }
    }

    /// Traps unless `addr + extent <= size of m` (unsigned, without overflow).
    pub(crate) fn check(&self, f: &mut InstructionSink<'_>, m: u32, addr: Operand, extent: Extent) {
        if let Extent::Bytes(n) = extent {
            if n > MAX_BYTES {
                // Larger than any memory can be: always out of bounds.
                trap_oob(f);
                return;
            }
            let size = self.layout.memories[m as usize].min * PAGE;
            if let Place::Internal(slot) = &self.layout.places[m as usize]
                && slot.fixed_size
                && n <= size
            {
                // Constant size: one comparison with `size - extent`.
                match addr {
                    Operand::I32(l) => {
                        f.local_get(l).i32_const((size - n) as u32 as i32).i32_gt_u()
                    }
                    Operand::I64(l) => f.local_get(l).i64_const((size - n) as i64).i64_gt_u(),
                };
                f.if_(BlockType::Empty);
                trap_oob(f);
                f.end();
                return;
            }
        }
        let wide =
            matches!(addr, Operand::I64(_)) || matches!(extent, Extent::Local(Operand::I64(_)));
        if wide {
            // 64-bit operands may overflow an add: `extent > size || addr > size - extent`.
            let push_extent = |f: &mut InstructionSink<'_>| match extent {
                Extent::Bytes(n) => {
                    f.i64_const(n as i64);
                }
                Extent::Local(l) => l.push_u64(f),
            };
            push_extent(f);
            self.push_bytes(f, m);
            f.i64_gt_u();
            addr.push_u64(f);
            self.push_bytes(f, m);
            push_extent(f);
            f.i64_sub().i64_gt_u().i32_or();
        } else {
            addr.push_u64(f);
            match extent {
                Extent::Bytes(0) => {}
                Extent::Bytes(n) => {
                    f.i64_const(n as i64).i64_add();
                }
                Extent::Local(l) => {
                    l.push_u64(f);
                    f.i64_add();
                }
            }
            self.push_bytes(f, m);
            f.i64_gt_u();
        }
        f.if_(BlockType::Empty);
        trap_oob(f);
        f.end();
    }
}

impl Lowerer<'_> {
    /// The shared check helper an access calls instead of an inline check, and the offset the
    /// access then uses; `None` when the check stays inline: by policy ([`CheckForm`]), or
    /// for accesses that need no check, 64-bit memories, bridged memories, and offsets too
    /// large to fold (accesses that always trap).
    pub(crate) fn shared_check(
        &mut self,
        access: Access,
        check: Option<Check>,
    ) -> Option<(u32, u64)> {
        let call = match self.form {
            CheckForm::BrIf | CheckForm::Select | CheckForm::Branch => false,
            CheckForm::HelpersOutsideLoops => !self.in_loop,
            CheckForm::Helpers => true,
        };
        let m = access.memory;
        let Place::Internal(slot) = &self.layout.places[m as usize] else { return None };
        if !call || self.layout.memories[m as usize].is64 || access.offset > u64::from(u32::MAX) {
            return None;
        }
        let own = access.offset.saturating_add(access.width);
        let extent = match check {
            Some(Check::Covered) => return None,
            Some(Check::Extent(extent)) => extent.max(own),
            None => own,
        };
        // A constant base goes into the offset, as with inline checks; a moving one is added
        // by the helper.
        let offset = match slot.fixed_base {
            true => Some(slot.base + access.offset).filter(|&o| o <= u64::from(u32::MAX))?,
            false => access.offset,
        };
        let next = self.first_check + self.check_helpers.len() as u32;
        let helpers = &mut self.check_helpers;
        let index = *self.check_index.entry((m, extent)).or_insert_with(|| {
            helpers.push((m, extent));
            next
        });
        Some((index, offset))
    }

    /// The bodies of the shared check helpers, `(i32 addr) -> (i32 address in the combined
    /// memory)`: the inline check of their memory and extent, then the base when it moves.
    pub(crate) fn check_helper_bodies(&self) -> Vec<wasm_encoder::Function> {
        self.check_helpers
            .iter()
            .map(|&(m, extent)| {
                let mut func = wasm_encoder::Function::new([]);
                let f = &mut func.instructions();
                let addr = Operand::I32(0);
                self.check(f, m, addr, Extent::Bytes(extent));
                f.local_get(0);
                if let Some(g) = match &self.layout.places[m as usize] {
                    Place::Internal(slot) => slot.base_global(),
                    _ => None,
                } {
                    f.global_get(g).i32_add();
                }
                f.end();
                func
            })
            .collect()
    }
}
