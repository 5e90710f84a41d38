//! Loads and stores: recognising them (the operator table below, larger than 400 lines would
//! allow only as a table) and rewriting each into an access of the memory's place in the
//! lowered module: nothing where the engine's own check is exact (`engine_checked`), else an
//! explicit check in one of the forms of the `checks` module unless the access is proven in
//! bounds, then the memory's base added to the address or folded into the static offset.
//!
//! `elide::plan` decides per access whether to check a wider extent (covering the accesses
//! that follow) or nothing at all (already covered); a covered load keeps its address on the
//! stack and only adds the base.

use crate::checks::{Extent, Operand};
use crate::elide::Check;
use crate::layout::Place;
use crate::rewrite::Lowerer;
use crate::temps::Temps;
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

impl Lowerer<'_> {
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
                if let Some(g) = slot.base_global() {
                    f.global_get(g).i32_add();
                }
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
    ///
    /// A growable memory on top of an in-place exported memory (wasm-bindgen's shape) keeps
    /// its explicit check even if every growth of the in-place memory went through its grow
    /// helper, for two reasons of its own (`tests/wast/top_limit.wast` has a case for each):
    /// its base moves, so it is added with `i32.add`, which wraps, and an address at or above
    /// `2^32 - base` would land in the memories below instead of trapping (only a constant
    /// base can go into the offset, where the engine adds it without wrapping); and it reserves
    /// as much again as its size above its end, so the combined memory ends past it. A host
    /// growing the combined memory directly (`WebAssembly.Memory.prototype.grow.call`, or a
    /// module importing it natively) only adds pages at the top, which the explicit checks and
    /// the grow helpers (they grow by what `memory.size` lacks) absorb.
    fn engine_checked(&self, m: u32, offset: u64) -> Option<u64> {
        let Place::Internal(slot) = &self.layout.places[m as usize] else { return None };
        // (`order` is empty in direct layouts, whose null memories are not stored at all.)
        let exact = self.layout.order.last() == Some(&m)
            && slot.last
            && slot.fixed_base
            && slot.above.is_empty()
            && (self.layout.in_place.is_none()
                || (slot.fixed_size && self.layout.combined_max == Some(self.layout.combined_min)))
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
            match slot.base_global() {
                None => f.i32_const(slot.base as u32 as i32).i32_add(),
                Some(g) => f.global_get(g).i32_add(),
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

/// Points `op`'s memory immediate at the lowered module's memory 0 with `offset`.
fn set_memarg(op: &mut Operator<'_>, offset: u64) {
    if let Some(memarg) = memarg_mut(op) {
        memarg.target = wasmparser::MemArgTarget::Memory(0);
        memarg.offset = offset;
    }
}
