//! `memory.size`, `memory.grow`, `memory.fill`, `memory.copy` and `memory.init`, and the
//! per-memory grow helpers that move the memories above a growing one.

use crate::LowerError;
use crate::access::trap_oob;
use crate::checks::{Extent, Operand};
use crate::layout::{MemoryLayout, Place, Slot};
use crate::rewrite::Lowerer;
use crate::temps::Temps;
use wasm_encoder::{BlockType, Function, InstructionSink, ValType};
use wasmparser::Operator;

/// A bulk or size instruction and the memories it names.
#[derive(Debug, Clone, Copy)]
pub(crate) enum BulkOp {
    Size(u32),
    Grow(u32),
    Fill(u32),
    Copy { dst: u32, src: u32 },
    Init { mem: u32, data: u32 },
}

impl BulkOp {
    pub fn of(op: &Operator<'_>) -> Option<Self> {
        Some(match *op {
            Operator::MemorySize { mem } => Self::Size(mem),
            Operator::MemoryGrow { mem } => Self::Grow(mem),
            Operator::MemoryFill { mem } => Self::Fill(mem),
            Operator::MemoryCopy { dst_mem, src_mem } => Self::Copy { dst: dst_mem, src: src_mem },
            Operator::MemoryInit { mem, data_index } => Self::Init { mem, data: data_index },
            _ => return None,
        })
    }

    pub fn memories(self) -> [Option<u32>; 2] {
        match self {
            Self::Size(m) | Self::Grow(m) | Self::Fill(m) | Self::Init { mem: m, .. } => {
                [Some(m), None]
            }
            Self::Copy { dst, src } => [Some(dst), Some(src)],
        }
    }
}

impl Lowerer<'_> {
    fn place(&self, m: u32) -> &Place {
        &self.layout.places[m as usize]
    }

    /// Pushes the combined-memory address of checked address `addr` of memory `m`, or, for a
    /// bridged memory, the address itself.
    fn push_base_addr(&self, f: &mut InstructionSink<'_>, m: u32, addr: Operand) {
        let offset = self.push_addr(f, m, addr, 0);
        if offset != 0 {
            f.i32_const(offset as u32 as i32).i32_add();
        }
    }

    /// Pushes a checked length as the i32 the combined memory's instructions take. Known gap: a
    /// 64-bit length of exactly 4 GiB (a 64-bit memory of 65536 pages, the whole combined
    /// memory, filled or copied at once) wraps to 0.
    fn push_len(f: &mut InstructionSink<'_>, n: Operand) {
        f.local_get(n.local());
        if let Operand::I64(_) = n {
            f.i32_wrap_i64();
        }
    }

    /// Pushes the bridge's name for memory `m`: its id, or -1 for the combined memory.
    fn push_bridge_id(&self, f: &mut InstructionSink<'_>, m: u32) {
        let id = match self.place(m) {
            Place::Bridged(id) => *id as i32,
            _ => -1,
        };
        f.i32_const(id);
    }

    fn is64(&self, m: u32) -> bool {
        self.layout.memories[m as usize].is64
    }

    pub(crate) fn lower_bulk(
        &mut self,
        f: &mut InstructionSink<'_>,
        t: &Temps,
        op: BulkOp,
    ) -> Result<(), LowerError> {
        let [d32, s32, n32] = [t.i32s[0], t.i32s[1], t.i32s[2]];
        let operand = |is64: bool, l32: u32, l64: u32| Operand::new(is64, l32, l64);
        let direct = |m: u32| matches!(self.place(m), Place::Direct);
        let bridged = |m: u32| matches!(self.place(m), Place::Bridged(_));
        match op {
            BulkOp::Size(m) => {
                match self.place(m) {
                    Place::Direct => {
                        f.memory_size(0);
                    }
                    Place::Internal(slot) => match slot.globals {
                        Some(g) if !slot.fixed_size => {
                            f.global_get(g + 1);
                        }
                        _ => {
                            f.i32_const(self.layout.memories[m as usize].min as i32);
                        }
                    },
                    Place::Bridged(id) => {
                        f.i32_const(*id as i32).call(self.host.size);
                    }
                }
                if self.is64(m) {
                    f.i64_extend_i32_u();
                }
            }
            BulkOp::Grow(m) => match self.place(m) {
                Place::Direct => {
                    f.memory_grow(0);
                }
                Place::Internal(_) => match self.grow64_helpers[m as usize] {
                    Some(wrapper) => {
                        f.call(wrapper);
                    }
                    None => {
                        f.call(self.grow_helpers[m as usize]);
                    }
                },
                Place::Bridged(id) => {
                    f.local_set(d32).i32_const(*id as i32).local_get(d32).call(self.host.grow);
                }
            },
            BulkOp::Fill(m) if direct(m) => {
                f.memory_fill(0);
            }
            BulkOp::Fill(m) => {
                let (d, n) = (operand(self.is64(m), d32, t.d64), operand(self.is64(m), n32, t.n64));
                f.local_set(n.local()).local_set(s32).local_set(d.local());
                self.check(f, m, d, Extent::Local(n));
                if let Place::Bridged(id) = *self.place(m) {
                    f.i32_const(id as i32).local_get(d32).local_get(s32).local_get(n32);
                    f.call(self.host.fill);
                } else {
                    self.push_base_addr(f, m, d);
                    f.local_get(s32);
                    Self::push_len(f, n);
                    f.memory_fill(0);
                }
            }
            BulkOp::Copy { dst, src } if direct(dst) && direct(src) => {
                f.memory_copy(0, 0);
            }
            BulkOp::Copy { dst, src } => {
                let d = operand(self.is64(dst), d32, t.d64);
                let s = operand(self.is64(src), s32, t.s64);
                let n = operand(self.is64(dst) && self.is64(src), n32, t.n64);
                f.local_set(n.local()).local_set(s.local()).local_set(d.local());
                for (m, addr) in [(dst, d), (src, s)] {
                    if !direct(m) {
                        self.check(f, m, addr, Extent::Local(n));
                    }
                }
                if bridged(dst) || bridged(src) {
                    self.push_bridge_id(f, dst);
                    self.push_base_addr(f, dst, d);
                    self.push_bridge_id(f, src);
                    self.push_base_addr(f, src, s);
                    Self::push_len(f, n);
                    f.call(self.host.copy);
                } else {
                    self.push_base_addr(f, dst, d);
                    self.push_base_addr(f, src, s);
                    Self::push_len(f, n);
                    f.memory_copy(0, 0);
                }
            }
            BulkOp::Init { mem, data } if direct(mem) => {
                f.memory_init(0, data);
            }
            BulkOp::Init { mem, data } => {
                let d = operand(self.is64(mem), d32, t.d64);
                f.local_set(n32).local_set(s32).local_set(d.local());
                self.check(f, mem, d, Extent::Local(Operand::I32(n32)));
                match *self.place(mem) {
                    Place::Bridged(id) => self.bridged_init(f, t, id, data),
                    _ => {
                        self.push_base_addr(f, mem, d);
                        f.local_get(s32).local_get(n32).memory_init(0, data);
                    }
                }
            }
        }
        Ok(())
    }

    /// `memory.init` into a bridged memory: check the segment range, then stage it through the
    /// scratch page in chunks. `d` is already checked against the bridged memory.
    fn bridged_init(&self, f: &mut InstructionSink<'_>, t: &Temps, id: u32, data: u32) {
        let [d, s, n, c] = [t.i32s[0], t.i32s[1], t.i32s[2], t.i32s[3]];
        let chunk = crate::layout::SCRATCH_PAGES as i32 * 65536;
        // s + n must fit the segment: a zero-length init at s + n performs exactly that check.
        f.local_get(s).i64_extend_i32_u().local_get(n).i64_extend_i32_u().i64_add();
        f.i64_const(i64::from(u32::MAX)).i64_gt_u().if_(BlockType::Empty);
        trap_oob(f);
        f.end();
        f.i32_const(0).local_get(s).local_get(n).i32_add().i32_const(0).memory_init(0, data);
        f.block(BlockType::Empty).loop_(BlockType::Empty);
        f.local_get(n).i32_eqz().br_if(1);
        f.local_get(n).i32_const(chunk).local_get(n).i32_const(chunk).i32_lt_u().select();
        f.local_set(c);
        self.layout.push_scratch(f);
        f.local_get(s).local_get(c).memory_init(0, data);
        f.i32_const(id as i32).local_get(d).i32_const(0);
        self.layout.push_scratch(f);
        f.local_get(c);
        f.call(self.host.write).drop();
        for (l, sign) in [(d, 1), (s, 1), (n, -1)] {
            f.local_get(l).local_get(c);
            if sign > 0 {
                f.i32_add()
            } else {
                f.i32_sub()
            };
            f.local_set(l);
        }
        f.br(0).end().end();
    }
}

/// The body of `grow_m (delta: i32) -> i32` for a memory stored in the combined memory.
///
/// A memory with something above it grows within its *room* (the pages reserved before the
/// next base) by updating its globals: the room past its size is all zeros, because nothing
/// can write past a memory's size. Beyond the room, the room grows to the larger of what is
/// needed and `min(2 x room, max)` (amortized: a loop of `memory.grow 1` moves the memories
/// above O(log n) times), or exactly what is needed when the engine refuses that much; the
/// memories above move up and the bytes they leave behind are zeroed. The last memory grows
/// the combined memory itself (only when it is not big enough already). Then the limit globals
/// of the memory's branchless checks (`limits`: global index and extent) follow the new size.
pub(crate) fn grow_helper(
    layout: &MemoryLayout,
    m: u32,
    slot: &Slot,
    limits: &[(u32, u64)],
) -> Function {
    let info = &layout.memories[m as usize];
    let mut func = Function::new([(8, ValType::I32)]);
    let mut f = func.instructions();
    let (delta, old, new, room, new_room, shift, src, len, total) = (0, 1, 2, 3, 4, 5, 6, 7, 8);
    let globals = match slot.globals {
        Some(g) if !slot.fixed_size => g,
        _ => {
            // The size never changes: growing by 0 succeeds, anything else fails.
            f.local_get(delta).i32_eqz().if_(BlockType::Result(ValType::I32));
            f.i32_const(info.min as i32).else_().i32_const(-1).end().end();
            return func;
        }
    };
    let (base_g, pages_g, bytes_g, room_g) = (globals, globals + 1, globals + 2, globals + 3);
    let fail = |f: &mut InstructionSink<'_>| {
        f.i32_const(-1).i32_eq().if_(BlockType::Empty).i32_const(-1).return_().end();
    };
    f.global_get(pages_g).local_set(old);
    f.local_get(delta).i32_eqz().if_(BlockType::Empty).local_get(old).return_().end();
    f.local_get(old).i64_extend_i32_u().local_get(delta).i64_extend_i32_u().i64_add();
    f.i64_const(info.max_pages() as i64).i64_gt_u();
    f.if_(BlockType::Empty).i32_const(-1).return_().end();
    f.local_get(old).local_get(delta).i32_add().local_set(new);
    if slot.last {
        // Pages the combined memory needs beyond its current size (bases are page-aligned).
        f.global_get(base_g).i32_const(16).i32_shr_u().local_get(new).i32_add();
        f.memory_size(0).i32_sub().local_tee(shift).i32_const(0).i32_gt_s();
        f.if_(BlockType::Empty);
        if layout.in_place.is_some() {
            // Amortized like the rooms below (each growth detaches the exported buffer): also
            // reserve min(new, max - new) pages, or only what is needed if the engine refuses.
            let max = info.max_pages() as i32;
            f.local_get(shift).local_get(new).i32_const(max).local_get(new).i32_sub();
            f.local_get(new).i32_const(max).local_get(new).i32_sub().i32_lt_u().select();
            f.i32_add().memory_grow(0).i32_const(-1).i32_eq();
            f.if_(BlockType::Empty).local_get(shift).memory_grow(0);
            fail(&mut f);
            f.end();
        } else {
            f.local_get(shift).memory_grow(0);
            fail(&mut f);
        }
        f.end();
    } else {
        f.global_get(room_g).local_set(room);
        f.local_get(new).local_get(room).i32_gt_u().if_(BlockType::Empty);
        // new_room = max(new, min(2 * room, max))
        let max = info.max_pages() as i32;
        f.local_get(room).i32_const(1).i32_shl().local_tee(new_room);
        f.i32_const(max).local_get(new_room).i32_const(max).i32_lt_u().select();
        f.local_tee(new_room).local_get(new).local_get(new_room).local_get(new).i32_gt_u();
        f.select().local_set(new_room);
        f.global_get(base_g).local_get(room).i32_const(16).i32_shl().i32_add().local_set(src);
        f.memory_size(0).local_set(total);
        f.local_get(new_room).local_get(room).i32_sub().memory_grow(0).i32_const(-1).i32_eq();
        f.if_(BlockType::Empty);
        // The engine refused the amortized amount: ask for exactly what is needed.
        f.local_get(new).local_set(new_room);
        f.local_get(new_room).local_get(room).i32_sub().memory_grow(0);
        fail(&mut f);
        f.end();
        f.local_get(new_room).local_get(room).i32_sub().i32_const(16).i32_shl().local_set(shift);
        f.local_get(total).i32_const(16).i32_shl().local_get(src).i32_sub().local_set(len);
        // Move everything above up, then zero what the move left behind (the new pages at
        // the end came zeroed from the engine).
        f.local_get(src).local_get(shift).i32_add().local_get(src).local_get(len);
        f.memory_copy(0, 0);
        f.local_get(src).i32_const(0);
        f.local_get(len).local_get(shift).local_get(len).local_get(shift).i32_lt_u().select();
        f.memory_fill(0);
        let mut moved: Vec<u32> = slot
            .above
            .iter()
            .filter_map(|&above| match &layout.places[above as usize] {
                Place::Internal(Slot { globals: Some(g), .. }) => Some(*g),
                _ => None,
            })
            .collect();
        if layout.in_place == Some(m) {
            moved.extend(layout.scratch.as_ref().and_then(|s| s.global));
        }
        for g in moved {
            f.global_get(g).local_get(shift).i32_add().global_set(g);
        }
        f.local_get(new_room).global_set(room_g);
        f.end();
    }
    f.local_get(new).global_set(pages_g);
    f.local_get(new).i64_extend_i32_u().i64_const(16).i64_shl().global_set(bytes_g);
    if !limits.is_empty() {
        // The new size in bytes fits in 32 bits: limits exist only in capped combined memories.
        f.local_get(new).i32_const(16).i32_shl().local_set(len);
    }
    for &(global, extent) in limits {
        // limit = bytes - (extent - 1), or 0 when even address 0 does not fit (see
        // `assemble::limit`).
        let less = (extent - 1) as u32 as i32;
        f.local_get(len).i32_const(less).i32_sub().i32_const(0);
        f.local_get(len).i32_const(less).i32_ge_u().select().global_set(global);
    }
    f.local_get(old).end();
    func
}

/// The body of `grow64_m (delta: i64) -> i64` for a 64-bit memory: deltas beyond 32 bits
/// cannot succeed in a 32-bit memory; the rest goes to the memory's i32 helper.
pub(crate) fn grow64_wrapper(helper: u32) -> Function {
    let mut func = Function::new([]);
    let mut f = func.instructions();
    f.local_get(0).i64_const(i64::from(u32::MAX)).i64_gt_u();
    f.if_(BlockType::Empty).i64_const(-1).return_().end();
    f.local_get(0).i32_wrap_i64().call(helper).i64_extend_i32_s().end();
    func
}
