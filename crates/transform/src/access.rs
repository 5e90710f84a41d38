//! Loads and stores: recognising them and rewriting each into a bounds-checked access of the
//! memory's place in the lowered module.
//!
//! The check form for a stored memory `m`, static offset `o` and access width `w`:
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
//! Outside loops, the check and the base addition are a call to a helper shared by every
//! access of the same memory and extent (`shared_check`; see "Shared checks" in the crate docs):
//! `call $check_m_extent` then the instruction with the constant base, if any, in its offset.
//!
//! `elide::plan` decides per access whether to check a wider extent (covering the accesses
//! that follow) or nothing at all (already covered); a covered load keeps its address on the
//! stack and only adds the base.

use crate::CheckForm;
use crate::elide::Check;
use crate::layout::{PAGE, Place};
use crate::rewrite::{Lowerer, Temps};
use wasm_encoder::{BlockType, InstructionSink, MemArgTarget};
use wasmparser::{MemArg, Operator, ValType};

/// What an access does with the operand stack besides the address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AccessKind {
    /// `[addr] -> [value]`
    Load,
    /// `[addr, value] -> []`
    Store(ValType),
    /// `[addr, v128] -> [v128]` (`v128.loadN_lane`)
    LaneLoad,
    /// `[addr, v128] -> []` (`v128.storeN_lane`)
    LaneStore,
}

/// One load or store and the bytes it touches.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Access {
    pub memory: u32,
    pub offset: u64,
    pub width: u64,
    pub kind: AccessKind,
}

macro_rules! accesses {
    ($($kind:expr, $width:expr => $($op:ident)*;)*) => {
        impl Access {
            /// The access `op` performs, if it is a plain (non-atomic) load or store.
            pub fn of(op: &Operator<'_>) -> Option<Access> {
                match op {
                    $($(Operator::$op { memarg, .. } => Access::new(memarg, $width, $kind),)*)*
                    _ => None,
                }
            }
        }

        /// The memory immediate of a plain load or store, for patching.
        pub(crate) fn memarg_mut<'a>(op: &'a mut Operator<'_>) -> Option<&'a mut MemArg> {
            match op {
                $($(Operator::$op { memarg, .. } => Some(memarg),)*)*
                _ => None,
            }
        }
    };
}

use AccessKind::{LaneLoad, LaneStore, Load, Store};
const I32: ValType = ValType::I32;
const I64: ValType = ValType::I64;
const F32: ValType = ValType::F32;
const F64: ValType = ValType::F64;
const V128: ValType = ValType::V128;

accesses! {
    Load, 1 => I32Load8S I32Load8U I64Load8S I64Load8U V128Load8Splat;
    Load, 2 => I32Load16S I32Load16U I64Load16S I64Load16U V128Load16Splat;
    Load, 4 => I32Load F32Load I64Load32S I64Load32U V128Load32Splat V128Load32Zero;
    Load, 8 => I64Load F64Load V128Load8x8S V128Load8x8U V128Load16x4S V128Load16x4U
        V128Load32x2S V128Load32x2U V128Load64Splat V128Load64Zero;
    Load, 16 => V128Load;
    Store(I32), 1 => I32Store8;
    Store(I32), 2 => I32Store16;
    Store(I32), 4 => I32Store;
    Store(I64), 1 => I64Store8;
    Store(I64), 2 => I64Store16;
    Store(I64), 4 => I64Store32;
    Store(I64), 8 => I64Store;
    Store(F32), 4 => F32Store;
    Store(F64), 8 => F64Store;
    Store(V128), 16 => V128Store;
    LaneLoad, 1 => V128Load8Lane;
    LaneLoad, 2 => V128Load16Lane;
    LaneLoad, 4 => V128Load32Lane;
    LaneLoad, 8 => V128Load64Lane;
    LaneStore, 1 => V128Store8Lane;
    LaneStore, 2 => V128Store16Lane;
    LaneStore, 4 => V128Store32Lane;
    LaneStore, 8 => V128Store64Lane;
}

impl Access {
    /// `None` for accesses to GC arrays: they do not touch any memory and pass through.
    fn new(memarg: &MemArg, width: u64, kind: AccessKind) -> Option<Self> {
        match memarg.target {
            wasmparser::MemArgTarget::Memory(memory) => {
                Some(Self { memory, offset: memarg.offset, width, kind })
            }
            wasmparser::MemArgTarget::Array(_) => None,
        }
    }
}

/// Traps with "out of bounds memory access" by loading 4 bytes at address `2^32 - 1`: they end
/// past 4 GiB, the largest a 32-bit memory can be (6 bytes of code; the immediates are short).
pub(crate) fn trap_oob(f: &mut InstructionSink<'_>) {
    let memarg = wasm_encoder::MemArg {
        offset: 0,
        align: 0,
        target: MemArgTarget::Memory(0),
        ordering: None,
    };
    f.i32_const(-1).i32_load(memarg).drop();
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
            Place::Internal(slot) if slot.fixed_size => {
                f.i64_const((self.layout.memories[m as usize].min * PAGE) as i64);
            }
            Place::Internal(slot) => {
                f.global_get(slot.globals.unwrap_or_default() + 2);
            }
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

    /// Pushes the combined-memory address (i32) of `addr` (a checked address of memory `m`),
    /// folding a constant base into `offset` when it fits; returns the offset to use.
    pub(crate) fn push_addr(
        &self,
        f: &mut InstructionSink<'_>,
        m: u32,
        addr: Operand,
        offset: u64,
    ) -> u64 {
        f.local_get(addr.local());
        if let Operand::I64(_) = addr {
            // Checked against a size of at most 4 GiB, so the address fits in 32 bits.
            f.i32_wrap_i64();
        }
        // An offset this large only appears on an access already known to trap.
        let offset = if offset > u64::from(u32::MAX) { 0 } else { offset };
        match &self.layout.places[m as usize] {
            Place::Internal(slot) if slot.fixed_base => {
                if slot.base + offset <= u64::from(u32::MAX) {
                    return slot.base + offset;
                }
                if slot.base != 0 {
                    f.i32_const(slot.base as i32).i32_add();
                }
            }
            Place::Internal(slot) => {
                f.global_get(slot.globals.unwrap_or_default()).i32_add();
            }
            Place::Direct | Place::Bridged(_) => {}
        }
        offset
    }

    /// The offset that makes the engine's own bounds check exact for an access of `m` with
    /// static offset `offset`, if there is one: `m` is on top of the combined memory at a
    /// constant base and nothing can make the combined memory larger than `base + bytes(m)`
    /// (no memory below grows, its growth grows the combined memory by exactly its delta, and
    /// no host can grow the combined memory: no bridge, and no in-place memory unless `m` is
    /// fixed-size (no reserve above it) and the combined memory is already at its maximum, as
    /// when every memory is fixed-size or, for the in-place one, has its whole maximum
    /// reserved: see `MemoryLayout::place`). Then the engine
    /// computes `addr + base + offset + width` without wrapping and compares it with
    /// `base + bytes(m)`, which traps exactly when `addr + offset + width > bytes(m)`.
    fn engine_checked(&self, m: u32, offset: u64) -> Option<u64> {
        let Place::Internal(slot) = &self.layout.places[m as usize] else { return None };
        // (`order` is empty in direct layouts, whose null memories are not stored at all.)
        let exact = self.layout.order.last() == Some(&m)
            && slot.last
            && slot.fixed_base
            && slot.above.is_empty()
            && (self.layout.in_place.is_none()
                || (slot.fixed_size
                    && self.layout.combined_max == Some(self.layout.combined_min)))
            && !self.layout.bridged
            && !self.layout.memories[m as usize].is64;
        let folded = slot.base.checked_add(offset)?;
        (exact && folded <= u64::from(u32::MAX)).then_some(folded)
    }

    /// Rewrites one load or store; `op` is the original instruction.
    pub(crate) fn lower_access(
        &mut self,
        out: &mut Vec<u8>,
        t: &Temps,
        access: Access,
        mut op: Operator<'_>,
        check: Option<Check>,
    ) -> Result<(), crate::LowerError> {
        let m = access.memory;
        let place = self.layout.places[m as usize].clone();
        let addr = Operand::new(self.layout.memories[m as usize].is64, t.addr, t.a64);
        let value = match access.kind {
            Load => None,
            Store(ty) => Some(t.of(ty)),
            LaneLoad | LaneStore => Some(t.of(V128)),
        };
        set_memarg(&mut op, access.offset);
        if let Place::Direct = place {
            return self.emit(out, &op);
        }
        if let Some(offset) = self.engine_checked(m, access.offset) {
            // The engine's own check is exact here (see `engine_checked`).
            set_memarg(&mut op, offset);
            return self.emit(out, &op);
        }
        if let (Some(Check::Covered), Place::Internal(slot)) = (check, &place)
            && !self.layout.memories[m as usize].is64
        {
            // Proven in bounds (see `elide` and `ranges`): the address only needs its base,
            // folded into the offset when it is constant.
            let f = &mut InstructionSink::new(out);
            let folded = slot.base + access.offset;
            if slot.fixed_base && folded <= u64::from(u32::MAX) {
                set_memarg(&mut op, folded);
                return self.emit(out, &op);
            }
            // The address is under the stored value, if any.
            if let Some(v) = value {
                f.local_set(v);
            }
            match slot.globals {
                _ if slot.fixed_base => f.i32_const(slot.base as u32 as i32).i32_add(),
                g => f.global_get(g.unwrap_or_default()).i32_add(),
            };
            if let Some(v) = value {
                f.local_get(v);
            }
            return self.emit(out, &op);
        }
        if let Some(offset) = self.limit_check(out, access, check, value, t.addr) {
            set_memarg(&mut op, offset);
            return self.emit(out, &op);
        }
        if let Some((helper, offset)) = self.shared_check(access, check) {
            // `call $check_m_extent` traps or turns the address into its combined-memory
            // address (the base is in the offset when it is constant).
            let f = &mut InstructionSink::new(out);
            if let Some(v) = value {
                f.local_set(v);
            }
            f.call(helper);
            if let Some(v) = value {
                f.local_get(v);
            }
            set_memarg(&mut op, offset);
            return self.emit(out, &op);
        }
        {
            let f = &mut InstructionSink::new(out);
            if let Some(v) = value {
                f.local_set(v);
            }
            f.local_set(addr.local());
            let own = access.offset.saturating_add(access.width);
            match (&place, check) {
                (Place::Bridged(_), _) | (_, Some(Check::Covered)) => {}
                (_, Some(Check::Extent(extent))) => {
                    self.check(f, m, addr, Extent::Bytes(extent.max(own)))
                }
                (_, None) => self.check(f, m, addr, Extent::Bytes(own)),
            }
        }
        if let Place::Bridged(id) = place {
            // Stage the bytes in the combined memory's scratch area. The host
            // checks `addr + offset + width` against the memory's size in the same call and
            // answers 1, moving nothing, when it is out of bounds. (Bridged memories are 32-bit.)
            set_memarg(&mut op, 0);
            let (host, layout) = (self.host, self.layout);
            let transfer = |out: &mut Vec<u8>, func: u32| {
                let f = &mut InstructionSink::new(out);
                f.i32_const(id as i32).local_get(t.addr);
                f.i32_const(access.offset as u32 as i32);
                layout.push_scratch(f);
                f.i32_const(access.width as i32).call(func);
                f.if_(BlockType::Empty);
                trap_oob(f);
                f.end();
            };
            if matches!(access.kind, Load | LaneLoad) {
                transfer(out, host.read);
            }
            let f = &mut InstructionSink::new(out);
            self.layout.push_scratch(f);
            if let Some(v) = value {
                f.local_get(v);
            }
            self.emit(out, &op)?;
            if matches!(access.kind, Store(_) | LaneStore) {
                transfer(out, host.write);
            }
            return Ok(());
        }
        let f = &mut InstructionSink::new(out);
        let offset = self.push_addr(f, m, addr, access.offset);
        if let Some(v) = value {
            f.local_get(v);
        }
        set_memarg(&mut op, offset);
        self.emit(out, &op)
    }
}

impl Lowerer<'_> {
    /// The shared check helper an access calls instead of an inline check, and the offset the
    /// access then uses; `None` when the check stays inline: by policy ([`CheckForm`]), or
    /// for accesses that need no check, 64-bit memories, bridged memories, and offsets too
    /// large to fold (accesses that always trap).
    fn shared_check(&mut self, access: Access, check: Option<Check>) -> Option<(u32, u64)> {
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
                if let Place::Internal(slot) = &self.layout.places[m as usize]
                    && !slot.fixed_base
                {
                    f.global_get(slot.globals.unwrap_or_default()).i32_add();
                }
                f.end();
                func
            })
            .collect()
    }
}

/// Points `op`'s memory immediate at the lowered module's memory 0 with `offset`.
fn set_memarg(op: &mut Operator<'_>, offset: u64) {
    if let Some(memarg) = memarg_mut(op) {
        memarg.target = wasmparser::MemArgTarget::Memory(0);
        memarg.offset = offset;
    }
}
