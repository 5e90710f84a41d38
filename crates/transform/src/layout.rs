//! Where each original memory goes: the placement decision (the facts it rests on are
//! gathered by the `facts` module).

use crate::LowerError;
pub(crate) use crate::facts::MemInfo;
use crate::facts::{check_64bit, count_accesses, mem_info};
use wasmparser::{ExternalKind, Parser, Payload, TypeRef};

/// Bytes in a Wasm page (custom page sizes are rejected).
pub(crate) const PAGE: u64 = 65536;
/// Pages a 32-bit memory can have at most.
pub(crate) const MAX_PAGES: u64 = 65536;
/// Pages the combined memory can have at most when it is capped (`MemoryLayout::capped`).
pub(crate) const CAPPED_PAGES: u64 = MAX_PAGES - 1;
/// Bytes reserved at the start of the combined memory when some memory is host-bridged:
/// a staging area for bridged loads, stores and `memory.init`.
pub(crate) const SCRATCH_PAGES: u64 = 1;

/// A memory stored inside the lowered module's one memory.
#[derive(Debug, Clone)]
pub(crate) struct Slot {
    /// Byte address where the memory starts at instantiation.
    pub base: u64,
    /// Pages reserved at instantiation before the next memory's base (`min`): growing within
    /// the room moves nothing. The last memory's room is the rest of the combined memory.
    pub room: u64,
    /// No memory below this one can grow, so `base` never changes.
    pub fixed_base: bool,
    /// `min == max`: the size never changes.
    pub fixed_size: bool,
    /// First of four mutable globals: base (i32), pages (i32), bytes (i64), room (i32 pages);
    /// `None` when both the base and the size are constant.
    pub globals: Option<u32>,
    /// Memories stored above this one, in address order: they move when this one grows.
    pub above: Vec<u32>,
    /// Nothing (no memory, no scratch area) is stored above it: it grows the combined memory.
    pub last: bool,
}

/// Mutable globals per stored memory.
pub(crate) const SLOT_GLOBALS: u32 = 4;

impl Slot {
    /// The global holding the base address, for a memory whose base moves (`None`: the base is
    /// the constant `base`). The one place that relies on a moving memory having globals.
    pub fn base_global(&self) -> Option<u32> {
        self.globals.filter(|_| !self.fixed_base)
    }

    /// The global holding the size in bytes (i64), for a memory that can grow (`None`: the
    /// size is the constant `min` pages).
    pub fn bytes_global(&self) -> Option<u32> {
        self.globals.filter(|_| !self.fixed_size).map(|g| g + 2)
    }
}

/// Where bridged accesses stage their bytes.
#[derive(Debug, Clone)]
pub(crate) struct ScratchPlace {
    /// Initial byte address.
    pub base: u64,
    /// An i32 global holding the address when it moves (it sits above the in-place memory).
    pub global: Option<u32>,
}

/// How one original memory is represented in the lowered module.
#[derive(Debug, Clone)]
pub(crate) enum Place {
    /// The memory is the lowered module's memory 0 itself, unchanged (engine checks suffice).
    Direct,
    /// The memory lives at an offset inside the lowered module's memory.
    Internal(Slot),
    /// The memory is a separate host memory, reached through `polymem:bridge` imports.
    Bridged(u32),
}

/// The placement of every memory plus the index bookkeeping the rewrite needs.
#[derive(Debug, Clone)]
pub(crate) struct MemoryLayout {
    pub memories: Vec<MemInfo>,
    pub places: Vec<Place>,
    /// Memories inside the combined memory, in address order.
    pub order: Vec<u32>,
    /// Some memory is bridged: the combined memory is imported and has a scratch area.
    pub bridged: bool,
    pub scratch: Option<ScratchPlace>,
    /// The exported memory kept at byte 0 of the combined memory (see the crate docs).
    pub in_place: Option<u32>,
    /// Export names of the in-place memory's size and grow helpers.
    pub helper_exports: (String, String),
    /// Limits of the lowered module's memory, in pages.
    pub combined_min: u64,
    pub combined_max: Option<u64>,
    /// The combined memory can never reach 4 GiB (its maximum is at most [`CAPPED_PAGES`]), so
    /// an access at address `0xFFFFFFFF` always traps, whatever its offset and width: the
    /// branchless checks ([`crate::CheckForm::Select`]) rely on it.
    pub capped: bool,
    pub imported_funcs: u32,
    pub globals: u32,
    /// The first global index the layout leaves free: after the module's own globals, the
    /// slots' globals and the scratch area's.
    pub free_global: u32,
}

impl MemoryLayout {
    /// Collects facts about `wasm` (already validated) and places its memories.
    pub fn plan(wasm: &[u8], options: &crate::LowerOptions) -> Result<Self, LowerError> {
        let bridge_imports = &options.bridge_imports;
        let mut memories = Vec::new();
        let (mut imported_funcs, mut globals) = (0, 0);
        let mut export_names = Vec::new();
        for payload in Parser::new(0).parse_all(wasm) {
            match payload? {
                Payload::ImportSection(reader) => {
                    for import in reader.into_imports() {
                        let import = import?;
                        match import.ty {
                            TypeRef::Func(_) | TypeRef::FuncExact(_) => imported_funcs += 1,
                            TypeRef::Global(_) => globals += 1,
                            TypeRef::Memory(ty) => {
                                let name = (import.module.to_string(), import.name.to_string());
                                let mut info = mem_info(memories.len(), ty, Some(name.clone()))?;
                                // 64-bit memories are never kept in place: leave them be.
                                info.bridge_always = !info.is64 && bridge_imports.contains(&name);
                                memories.push(info);
                            }
                            _ => {}
                        }
                    }
                }
                Payload::MemorySection(reader) => {
                    for ty in reader {
                        memories.push(mem_info(memories.len(), ty?, None)?);
                    }
                }
                Payload::GlobalSection(reader) => globals += reader.count(),
                Payload::ExportSection(reader) => {
                    for (at, export) in reader.into_iter().enumerate() {
                        let export = export?;
                        export_names.push(export.name.to_string());
                        if export.kind == ExternalKind::Memory {
                            let name = export.name.to_string();
                            memories[export.index as usize].exports.push((name, at as u32));
                        }
                    }
                }
                Payload::CodeSectionEntry(body) => count_accesses(&body, &mut memories)?,
                _ => {}
            }
        }
        for (m, info) in memories.iter().enumerate() {
            check_64bit(m as u32, info)?;
        }
        let mut layout = Self {
            places: Vec::new(),
            order: Vec::new(),
            bridged: false,
            scratch: None,
            in_place: None,
            helper_exports: (
                unused_name("polymem.size", &export_names),
                unused_name("polymem.grow", &export_names),
            ),
            combined_min: 0,
            combined_max: None,
            capped: false,
            imported_funcs,
            globals,
            free_global: globals,
            memories,
        };
        if let Some(m) = options.top.filter(|&m| m as usize >= layout.memories.len()) {
            return Err(LowerError::unsupported(
                Some(m),
                format!(
                    "it cannot be put on top: the module has {} memories",
                    layout.memories.len()
                ),
            ));
        }
        let reserve = options.reserve_max.then_some(options.reserve_cap);
        layout.place(options.host_bridge, options.top, reserve)?;
        Ok(layout)
    }

    fn place(
        &mut self,
        allow_bridge: bool,
        top: Option<u32>,
        reserve_cap: Option<u64>,
    ) -> Result<(), LowerError> {
        let needs_space: Vec<u32> = (0..self.memories.len() as u32)
            .filter(|&m| !self.memories[m as usize].null())
            .collect();
        // The one memory that stores anything can stay the module's memory, unless it is 64-bit
        // or an import to bridge always.
        let direct = match needs_space[..] {
            [] => (0..self.memories.len() as u32)
                .find(|&m| self.memories[m as usize].direct_candidate()),
            [m] => Some(m).filter(|&m| self.memories[m as usize].direct_candidate()),
            _ => None,
        };
        if let Some(direct) = direct {
            // One memory does all the storing; the others are empty forever.
            for m in 0..self.memories.len() as u32 {
                self.places.push(if m == direct {
                    Place::Direct
                } else {
                    Place::Internal(constant_slot())
                });
            }
            let info = &self.memories[direct as usize];
            (self.combined_min, self.combined_max) = (info.min, info.max);
            return Ok(());
        }
        // One exported memory (memory 0 when it qualifies) stays at byte 0, in place.
        let in_place = (0..self.memories.len() as u32)
            .find(|&m| self.memories[m as usize].in_place_candidate());
        let stored = |m: u32| !self.memories[m as usize].external() || Some(m) == in_place;
        self.bridged = (0..self.memories.len() as u32).any(|m| !stored(m));
        if self.bridged && !allow_bridge {
            let m = (0..self.memories.len() as u32).find(|&m| !stored(m)).unwrap_or(0);
            return Err(LowerError::unsupported(
                Some(m),
                "it is imported or exported while other memories need storage too, so it cannot \
                 share the single memory; lowering it needs the host bridge \
                 (LowerOptions::host_bridge)",
            ));
        }
        // Fixed-size memories first (their bases never move), then the growable ones, each
        // group by (loop-weighted) use, the most used last: the top memory can be checked by
        // the engine itself when nothing below it grows (see `access::engine_checked`), and
        // growing it moves nothing. `top` overrides which memory goes last. The in-place
        // memory precedes them all, followed by the scratch area when there is one.
        let mut internal: Vec<u32> =
            (0..self.memories.len() as u32).filter(|&m| stored(m) && Some(m) != in_place).collect();
        let key = |m: &u32| {
            let info = &self.memories[*m as usize];
            (!info.fixed_size(), info.accesses)
        };
        internal.sort_by_key(key);
        if let Some(m) = top {
            let Some(at) = internal.iter().position(|&i| i == m) else {
                return Err(LowerError::unsupported(
                    Some(m),
                    "it cannot be put on top of the combined memory: it is kept in place at \
                     byte 0 or bridged to the host",
                ));
            };
            internal.remove(at);
            internal.push(m);
        }
        // With `reserve_max`, an in-place memory with a declared maximum of at most
        // `reserve_cap` pages reserves all of it when the memories above still fit under the
        // cap (counting each growable one twice: the last one's reserve): its growth then never
        // moves them, so their bases are constants, folded into the offsets of their accesses
        // (Emscripten declares a maximum, 2 GiB by default: above the default cap, since the
        // reserve is part of the initial memory; wasm-bindgen's memory 0 has none and keeps a
        // moving base above it).
        let pinned = in_place.zip(reserve_cap).filter(|&(m, cap)| {
            let Some(max) = self.memories[m as usize].max.filter(|&max| max <= cap) else {
                return false;
            };
            let above: u64 = internal
                .iter()
                .map(|&o| &self.memories[o as usize])
                .map(|o| if o.fixed_size() { o.min } else { 2 * o.min })
                .sum();
            max + above + if self.bridged { SCRATCH_PAGES } else { 0 } <= CAPPED_PAGES
        });
        let pinned = pinned.map(|(m, _)| m);
        internal.splice(0..0, in_place);
        let scratch_slot = usize::from(in_place.is_some());
        // Globals are numbered in address order, four per memory that can move or grow (a
        // memory whose base and size are both constant is all constants in the code).
        let mut next_global = self.globals;
        let mut scratch_moves = false;
        let mut base = 0;
        let mut fixed_base = true;
        let (mut min, mut max) = (0, Some(0));
        let mut slots = vec![None; self.memories.len()];
        for (i, &m) in internal.iter().enumerate() {
            if self.bridged && i == scratch_slot {
                // Its global, if it moves, follows the slots' globals (numbered below).
                scratch_moves = !fixed_base;
                self.scratch = Some(ScratchPlace { base, global: None });
                base += SCRATCH_PAGES * PAGE;
                (min, max) = (min + SCRATCH_PAGES, max.map(|max| max + SCRATCH_PAGES));
            }
            let info = &self.memories[m as usize];
            let fixed_size = info.fixed_size();
            let globals = (!(fixed_base && fixed_size)).then(|| {
                next_global += SLOT_GLOBALS;
                next_global - SLOT_GLOBALS
            });
            let above = internal[i + 1..].to_vec();
            let last = above.is_empty() && !(self.bridged && i < scratch_slot);
            // With an exported memory in place, JS holds views of the combined memory's buffer,
            // which growing it detaches (natively, growing a private memory never detaches the
            // exported one's buffer): the last memory reserves as much again as its size so
            // that its first growths stay inside the combined memory.
            let reserve = match in_place {
                Some(_) if last && !fixed_size => info.min.min(info.max_pages() - info.min),
                _ => 0,
            };
            let reserve = match pinned {
                Some(p) if p == m => info.max_pages() - info.min,
                _ => reserve.min(MAX_PAGES.saturating_sub(min + info.min)),
            };
            let room = info.min + reserve;
            slots[m as usize] =
                Some(Slot { base, room, fixed_base, fixed_size, globals, above, last });
            base += room * PAGE;
            fixed_base &= fixed_size || pinned == Some(m);
            min += room;
            // A memory that cannot grow, or whose whole maximum is reserved, never needs more
            // than it has: when all are so, the combined memory cannot grow at all (not even
            // by a host holding the in-place memory; see `access::engine_checked`).
            let most = if fixed_size { Some(info.min) } else { info.max };
            max = max.zip(most).map(|(a, b)| a + b);
        }
        if let Some(scratch) = self.scratch.as_mut().filter(|_| scratch_moves) {
            scratch.global = Some(next_global);
        }
        if self.bridged && self.scratch.is_none() {
            let global = (!fixed_base).then_some(next_global);
            self.scratch = Some(ScratchPlace { base, global });
            (min, max) = (min + SCRATCH_PAGES, max.map(|max| max + SCRATCH_PAGES));
        }
        if min > MAX_PAGES {
            return Err(LowerError::unsupported(
                None,
                format!(
                    "the memories' initial sizes add up to {min} pages, more than one memory can hold"
                ),
            ));
        }
        let mut bridge_id = 0;
        for slot in slots {
            self.places.push(match slot {
                Some(slot) => Place::Internal(slot),
                None => {
                    bridge_id += 1;
                    Place::Bridged(bridge_id - 1)
                }
            });
        }
        self.order = internal;
        self.in_place = in_place;
        let scratch_global = self.scratch.as_ref().is_some_and(|s| s.global.is_some());
        self.free_global = next_global + u32::from(scratch_global);
        self.combined_min = min;
        // Capped one page below 4 GiB (see `capped`) unless the memories need every page from
        // the start; growth past the cap fails, as the spec allows any growth to.
        self.capped = min <= CAPPED_PAGES;
        self.combined_max = match max.filter(|&max| max <= MAX_PAGES) {
            _ if self.capped => Some(max.unwrap_or(CAPPED_PAGES).min(CAPPED_PAGES)),
            max => max,
        };
        Ok(())
    }
}

impl MemoryLayout {
    /// Pushes the address of the scratch area (bridged layouts).
    pub(crate) fn push_scratch(&self, f: &mut wasm_encoder::InstructionSink<'_>) {
        match &self.scratch {
            Some(ScratchPlace { global: Some(g), .. }) => f.global_get(*g),
            Some(ScratchPlace { base, .. }) => f.i32_const(*base as u32 as i32),
            None => f.i32_const(0),
        };
    }
}

/// A memory that is empty forever (Direct mode): base 0, size 0, nothing to keep in globals.
fn constant_slot() -> Slot {
    Slot {
        base: 0,
        room: 0,
        fixed_base: true,
        fixed_size: true,
        globals: None,
        above: Vec::new(),
        last: true,
    }
}

/// `name`, or `name.N` for the first N that no export of the module uses.
fn unused_name(name: &str, taken: &[String]) -> String {
    let free = |candidate: &String| !taken.contains(candidate);
    std::iter::once(name.to_string())
        .chain((1..).map(|n| format!("{name}.{n}")))
        .find(free)
        .unwrap_or_default()
}
