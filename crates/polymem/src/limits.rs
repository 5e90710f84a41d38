//! What a store may hold: [`StoreLimits`], and the allocations that stay within them.
//!
//! Hostile modules are small: 639 bytes can declare 100 tables of 10^7 elements, a loop of
//! `memory.grow` can ask for 4 GiB. Every such request is checked against the limits before
//! anything is allocated, and what is allocated comes zeroed from the allocator (fresh pages
//! that cost nothing until written), so a module gets a clear error or a failed grow, never an
//! abort or gigabytes the host did not allow.

use crate::error::Error;

/// Resource limits of a store. Each entity created past a count limit fails with an error
/// naming the limit; a `memory.grow` or `table.grow` past a size limit returns -1 (and
/// [`Memory::grow`](crate::Memory::grow) / [`Table::grow`](crate::Table::grow) fail).
///
/// The defaults are at least those of wasmtime's and wasmi's `StoreLimits` (10,000 instances,
/// tables and memories; sizes there are unlimited, here bounded by what a machine can hold):
///
/// | limit | default |
/// | --- | --- |
/// | `memory_bytes` (all memories together) | 16 GiB (4 GiB on 32-bit hosts) |
/// | `table_elements` (one table) | 10,000,000 (the JS API's limit) |
/// | `table_elements_total` (all tables together) | 100,000,000 (800 MB of cells) |
/// | `instances`, `memories`, `tables` | 10,000 each |
/// | `globals` | 1,000,000 (the most one module may declare) |
///
/// Set them for every store of an engine with [`Config::limits`](crate::Config::limits), or for
/// one store with [`Store::set_limits`](crate::Store::set_limits).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StoreLimits {
    /// The most bytes all memories of the store may hold together; a `memory.grow` past it
    /// returns -1 and creating a memory past it fails.
    pub memory_bytes: usize,
    /// The most elements one table may hold; a `table.grow` past it returns -1.
    pub table_elements: u64,
    /// The most elements all tables of the store may hold together.
    pub table_elements_total: u64,
    /// The most instances the store may hold.
    pub instances: usize,
    /// The most memories the store may hold (imported ones are counted where they were made).
    pub memories: usize,
    /// The most tables the store may hold.
    pub tables: usize,
    /// The most globals the store may hold.
    pub globals: usize,
}

impl Default for StoreLimits {
    fn default() -> Self {
        let memory_bytes = if usize::BITS >= 64 { 16 << 30 } else { usize::MAX >> 1 };
        Self {
            memory_bytes,
            table_elements: 10_000_000,
            table_elements_total: 100_000_000,
            instances: 10_000,
            memories: 10_000,
            tables: 10_000,
            globals: 1_000_000,
        }
    }
}

/// The kinds of entities a store counts.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Counted {
    Instances,
    Memories,
    Tables,
    Globals,
}

impl StoreLimits {
    /// Fails when a store that holds `len` entities of kind `what` may not get one more.
    pub(crate) fn check_count(&self, what: Counted, len: usize) -> Result<(), Error> {
        let (limit, name) = match what {
            Counted::Instances => (self.instances, "instances"),
            Counted::Memories => (self.memories, "memories"),
            Counted::Tables => (self.tables, "tables"),
            Counted::Globals => (self.globals, "globals"),
        };
        if len >= limit {
            return Err(Error::limit(format!(
                "the store's limit of {limit} {name} was reached (see StoreLimits::{name})"
            )));
        }
        Ok(())
    }
}

/// Vectors above this many bytes are probed with a fallible reservation before the zeroed
/// allocation, since `vec!` aborts when the allocator fails (glibc serves blocks above its
/// largest mmap threshold, 32 MiB, by `mmap` anyway). Small ones are not: freeing the probe
/// would teach glibc to serve the next block from the heap, where `calloc` must clear it.
const PROBE_ABOVE: usize = 32 << 20;

/// `len` cells set to `init`, or `None` where the allocator refuses. Zero cells come from
/// `calloc` (fresh zero pages, no memset: 10^7 null table elements cost nothing until written).
pub(crate) fn cells<T: Copy + Default + PartialEq>(len: usize, init: T) -> Option<Vec<T>> {
    if len.saturating_mul(size_of::<T>()) > PROBE_ABOVE {
        Vec::<T>::new().try_reserve_exact(len).ok()?;
    }
    // `vec![x; n]` with a zero `x` of an integer type asks for zeroed memory; any other `x` is
    // written n times, which is the work the module asked for.
    Some(vec![init; len])
}

/// A linear memory's bytes: a zeroed reservation from the allocator of which the first `len`
/// bytes are the memory. Growing inside the reservation only moves `len`, so a `memory.grow`
/// touches no page (before: each grow zero-filled its new pages by hand, 12.5 s and 4.2 GB for
/// a loop up to 4 GiB). Bytes past `len` are never handed out, so they stay zero.
#[derive(Debug, Default)]
pub(crate) struct MemoryBytes {
    reserved: Vec<u8>,
    len: usize,
}

impl MemoryBytes {
    /// `len` zero bytes, with room to grow to `room` bytes in place where the allocator gives
    /// that much address space; `None` if it does not even give `len`.
    pub(crate) fn new(len: usize, room: usize) -> Option<Self> {
        // Without the full room, twice the size keeps a series of grows amortized.
        let reserved = cells(room.max(len), 0u8)
            .or_else(|| cells(len.saturating_mul(2).min(room).max(len), 0u8))
            .or_else(|| cells(len, 0u8))?;
        Some(Self { reserved, len })
    }

    /// Grows to `new_len` bytes (the new ones zero), moving to a new reservation of about
    /// `room` bytes if the current one is too small; `false` (nothing changed) if the
    /// allocator refuses.
    pub(crate) fn grow(&mut self, new_len: usize, room: usize) -> bool {
        if new_len > self.reserved.len() {
            let Some(mut moved) = Self::new(new_len, room) else { return false };
            moved.reserved[..self.len].copy_from_slice(&self.reserved[..self.len]);
            *self = moved;
        }
        self.len = self.len.max(new_len);
        true
    }
}

impl std::ops::Deref for MemoryBytes {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        &self.reserved[..self.len]
    }
}

impl std::ops::DerefMut for MemoryBytes {
    fn deref_mut(&mut self) -> &mut [u8] {
        &mut self.reserved[..self.len]
    }
}
