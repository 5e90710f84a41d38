//! The store: owner of every runtime entity (functions, memories, tables, globals, instances).
//!
//! Handles such as [`Func`](crate::Func) or [`Memory`](crate::Memory) are a store id and an index
//! into one of the vectors here; the interpreter reads the vectors directly.

use crate::engine::Engine;
use crate::error::Error;
use crate::func::Caller;
use crate::limits::{Counted, MemoryBytes, StoreLimits, cells};
use crate::module::Module;
use crate::types::{GlobalType, MemoryType, TableType};
use crate::values::Val;
use std::any::Any;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};

/// A handle's identity: which store, and which entity in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct Stored {
    pub(crate) store: u32,
    pub(crate) index: u32,
}

/// A host function as the store keeps it: dynamically typed over [`Val`]s.
pub(crate) type HostFn<T> =
    Arc<dyn Fn(Caller<'_, T>, &[Val], &mut [Val]) -> Result<(), Error> + Send + Sync>;

/// All runtime state that WebAssembly code and the host share, with host data `T`.
pub struct Store<T> {
    pub(crate) inner: StoreInner,
    pub(crate) hosts: Vec<HostFn<T>>,
    pub(crate) data: T,
}

/// The non-generic part of a store.
#[derive(Debug)]
pub(crate) struct StoreInner {
    pub(crate) id: u32,
    pub(crate) engine: Engine,
    pub(crate) funcs: Vec<FuncEntity>,
    pub(crate) memories: Vec<MemoryEntity>,
    pub(crate) tables: Vec<TableEntity>,
    pub(crate) globals: Vec<GlobalEntity>,
    pub(crate) instances: Vec<InstanceEntity>,
    pub(crate) externrefs: Vec<Box<dyn Any + Send + Sync>>,
    pub(crate) limits: StoreLimits,
    /// Bytes held by all memories, checked against `limits.memory_bytes`.
    pub(crate) memory_bytes: usize,
    /// Elements held by all tables, checked against `limits.table_elements_total`.
    pub(crate) table_elements: u64,
    /// How many interpreter activations are nested (host functions calling back into Wasm).
    pub(crate) nesting: u32,
    /// Fuel left, when the engine consumes fuel (see `crate::fuel`).
    pub(crate) fuel: u64,
    /// Set by an [`InterruptHandle`](crate::InterruptHandle), cleared by the trap it causes.
    pub(crate) interrupt: Arc<std::sync::atomic::AtomicBool>,
    /// Value and frame stacks of finished activations, reused by the next calls.
    pub(crate) stacks: Vec<crate::exec::Stacks>,
}

/// A function in the store.
#[derive(Debug, Clone, Copy)]
pub(crate) enum FuncEntity {
    /// Function `func` (a defined function of its module) of instance `instance`.
    Wasm { instance: u32, func: polymem_ir::DefinedFuncIdx, ty: u32 },
    /// Host function number `host` in `Store::hosts`.
    Host { host: u32, ty: u32 },
}

impl FuncEntity {
    /// The engine-interned type id.
    pub(crate) fn ty(&self) -> u32 {
        match *self {
            Self::Wasm { ty, .. } | Self::Host { ty, .. } => ty,
        }
    }
}

/// A linear memory's bytes and type. Its size in pages is `bytes.len() / page_size`.
#[derive(Debug)]
pub(crate) struct MemoryEntity {
    pub(crate) bytes: MemoryBytes,
    pub(crate) ty: MemoryType,
}

/// A table's elements as cells (0 is null, else store index + 1).
#[derive(Debug)]
pub(crate) struct TableEntity {
    pub(crate) elems: Vec<u64>,
    pub(crate) ty: TableType,
}

/// A global's value as a cell, and for a `v128` global its high half in a second one.
#[derive(Debug)]
pub(crate) struct GlobalEntity {
    pub(crate) value: u64,
    pub(crate) high: u64,
    pub(crate) ty: GlobalType,
}

/// An instantiated module: its index spaces resolved to store indices.
#[derive(Debug)]
pub(crate) struct InstanceEntity {
    pub(crate) module: Module,
    pub(crate) funcs: Vec<u32>,
    pub(crate) tables: Vec<u32>,
    pub(crate) memories: Vec<u32>,
    pub(crate) globals: Vec<u32>,
    /// Data segments; a dropped one is empty.
    pub(crate) datas: Vec<Arc<[u8]>>,
    /// Element segments as cells; a dropped one is empty.
    pub(crate) elems: Vec<Arc<[u64]>>,
    /// Exports in module order.
    pub(crate) exports: Vec<(String, crate::Extern)>,
}

static NEXT_STORE_ID: AtomicU32 = AtomicU32::new(1);

/// The most address space a 64-bit memory reserves up front (see `StoreInner::memory_room`).
const ROOM_CAP_64: usize = if usize::BITS >= 64 { 4 << 30 } else { usize::MAX >> 1 };

impl<T> Store<T> {
    /// A new store for modules of `engine`, holding host data `data`.
    pub fn new(engine: &Engine, data: T) -> Self {
        Self {
            inner: StoreInner {
                id: NEXT_STORE_ID.fetch_add(1, Ordering::Relaxed),
                engine: engine.clone(),
                funcs: Vec::new(),
                memories: Vec::new(),
                tables: Vec::new(),
                globals: Vec::new(),
                instances: Vec::new(),
                externrefs: Vec::new(),
                limits: engine.config().limits,
                memory_bytes: 0,
                table_elements: 0,
                nesting: 0,
                fuel: 0,
                interrupt: Arc::default(),
                stacks: Vec::new(),
            },
            hosts: Vec::new(),
            data,
        }
    }

    /// The engine.
    pub fn engine(&self) -> &Engine {
        &self.inner.engine
    }

    /// The host data.
    pub fn data(&self) -> &T {
        &self.data
    }

    /// The host data, mutably.
    pub fn data_mut(&mut self) -> &mut T {
        &mut self.data
    }

    /// Consumes the store, returning the host data.
    pub fn into_data(self) -> T {
        self.data
    }

    /// Sets the resource limits (the engine's [`Config::limits`](crate::Config::limits) at
    /// first). Entities the store already holds stay; only new ones and growth are checked.
    pub fn set_limits(&mut self, limits: StoreLimits) {
        self.inner.limits = limits;
    }

    /// The resource limits.
    pub fn limits(&self) -> StoreLimits {
        self.inner.limits
    }
}

impl<T: std::fmt::Debug> std::fmt::Debug for Store<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("inner", &self.inner).field("data", &self.data).finish()
    }
}

impl StoreInner {
    /// Panics with a clear message when a handle from another store is used (API misuse, as in
    /// wasmtime), and returns the index otherwise.
    #[track_caller]
    pub(crate) fn check(&self, stored: Stored) -> usize {
        assert_eq!(stored.store, self.id, "a handle of one store was used with another store");
        stored.index as usize
    }

    /// A handle in this store.
    pub(crate) fn stored(&self, index: usize) -> Stored {
        Stored { store: self.id, index: index as u32 }
    }

    /// Creates a memory, counting it and its bytes against the limits.
    pub(crate) fn alloc_memory(&mut self, ty: MemoryType) -> Result<usize, Error> {
        self.limits.check_count(Counted::Memories, self.memories.len())?;
        let bytes = ty
            .minimum()
            .checked_mul(ty.page_size())
            .and_then(|b| usize::try_from(b).ok())
            .filter(|&b| self.memory_bytes.saturating_add(b) <= self.limits.memory_bytes)
            .ok_or_else(|| Error::limit("memory minimum size exceeds the store's memory limit"))?;
        let data = MemoryBytes::new(bytes, self.memory_room(&ty, bytes))
            .ok_or_else(|| Error::limit("could not allocate the memory's minimum size"))?;
        self.memory_bytes += bytes;
        self.memories.push(MemoryEntity { bytes: data, ty });
        Ok(self.memories.len() - 1)
    }

    /// The address space the buffer of a memory of type `ty` and `len` bytes reserves: the most
    /// bytes it can reach under the current limits, so that growing up to there moves nothing
    /// and touches no page. That is at most 4 GiB for a 32-bit memory; a 64-bit one may reach
    /// the whole store limit (16 GiB by default), more address space than a host without
    /// overcommit hands out per memory, so its reservation is capped at the larger of 4 GiB and
    /// twice its size: growing past it moves the bytes, doubling, which keeps grows amortized.
    fn memory_room(&self, ty: &MemoryType, len: usize) -> usize {
        let pages = ty.maximum().unwrap_or(u64::MAX).min(ty.absolute_max_pages());
        let bytes = pages.saturating_mul(ty.page_size());
        let room = usize::try_from(bytes).unwrap_or(usize::MAX).min(self.limits.memory_bytes);
        if ty.is_64() { room.min(ROOM_CAP_64.max(len.saturating_mul(2))) } else { room }
    }

    /// Grows memory `index` by `delta` pages: the old size in pages, or `None` where the memory's
    /// maximum, its address type, the store limit or the allocator forbids it. New pages are zero.
    pub(crate) fn grow_memory(&mut self, index: usize, delta: u64) -> Option<u64> {
        let ty = self.memories[index].ty;
        let page = ty.page_size();
        let old = self.memories[index].bytes.len() as u64 / page;
        let new = old.checked_add(delta)?;
        let max = ty.maximum().unwrap_or(u64::MAX).min(ty.absolute_max_pages());
        if new > max {
            return None;
        }
        let extra = usize::try_from(delta.checked_mul(page)?).ok()?;
        if self.memory_bytes.checked_add(extra)? > self.limits.memory_bytes {
            return None;
        }
        let room = self.memory_room(&ty, self.memories[index].bytes.len() + extra);
        let bytes = &mut self.memories[index].bytes;
        if !bytes.grow(bytes.len() + extra, room) {
            return None;
        }
        self.memory_bytes += extra;
        Some(old)
    }

    /// Creates a table of `ty.minimum()` elements set to `init`.
    pub(crate) fn alloc_table(&mut self, ty: TableType, init: u64) -> Result<usize, Error> {
        self.limits.check_count(Counted::Tables, self.tables.len())?;
        let len = ty.minimum();
        if len > self.limits.table_elements {
            return Err(Error::limit(format!(
                "a table of {len} elements exceeds the store's limit of {} per table",
                self.limits.table_elements
            )));
        }
        let total = self.table_elements.saturating_add(len);
        if total > self.limits.table_elements_total {
            return Err(Error::limit(format!(
                "the store's tables would hold {total} elements, above its limit of {}",
                self.limits.table_elements_total
            )));
        }
        let elems = usize::try_from(len)
            .ok()
            .and_then(|len| cells(len, init))
            .ok_or_else(|| Error::limit("could not allocate the table's minimum size"))?;
        self.table_elements = total;
        self.tables.push(TableEntity { elems, ty });
        Ok(self.tables.len() - 1)
    }

    /// Creates a global holding `value` (one cell, or the two halves of a `v128`).
    pub(crate) fn alloc_global(&mut self, ty: GlobalType, value: u128) -> Result<usize, Error> {
        self.limits.check_count(Counted::Globals, self.globals.len())?;
        self.globals.push(GlobalEntity { value: value as u64, high: (value >> 64) as u64, ty });
        Ok(self.globals.len() - 1)
    }

    /// Grows table `index` by `delta` elements set to `init`: the old size, or `None` where its
    /// maximum, the store's limits or the allocator forbids it.
    pub(crate) fn grow_table(&mut self, index: usize, delta: u64, init: u64) -> Option<u64> {
        let table = &mut self.tables[index];
        let old = table.elems.len() as u64;
        let new = old.checked_add(delta)?;
        let index_max = if table.ty.is_64() { u64::MAX } else { u32::MAX.into() };
        let max = table.ty.maximum().unwrap_or(index_max).min(self.limits.table_elements);
        let total = self.table_elements.checked_add(delta)?;
        if new > max || total > self.limits.table_elements_total {
            return None;
        }
        // Amortized: a loop of `table.grow 1` must not reallocate the whole table each time.
        table.elems.try_reserve(usize::try_from(delta).ok()?).ok()?;
        table.elems.resize(new as usize, init);
        self.table_elements = total;
        Some(old)
    }
}

/// Read access to a store: implemented by `Store<T>`, `Caller<'_, T>` and references to them.
pub trait AsContext {
    /// The host data type.
    type Data;
    /// The store.
    fn as_context(&self) -> &Store<Self::Data>;
}

/// Write access to a store.
pub trait AsContextMut: AsContext {
    /// The store, mutably.
    fn as_context_mut(&mut self) -> &mut Store<Self::Data>;
}

impl<T> AsContext for Store<T> {
    type Data = T;
    fn as_context(&self) -> &Store<T> {
        self
    }
}

impl<T> AsContextMut for Store<T> {
    fn as_context_mut(&mut self) -> &mut Store<T> {
        self
    }
}

impl<S: AsContext + ?Sized> AsContext for &S {
    type Data = S::Data;
    fn as_context(&self) -> &Store<S::Data> {
        (**self).as_context()
    }
}

impl<S: AsContext + ?Sized> AsContext for &mut S {
    type Data = S::Data;
    fn as_context(&self) -> &Store<S::Data> {
        (**self).as_context()
    }
}

impl<S: AsContextMut + ?Sized> AsContextMut for &mut S {
    fn as_context_mut(&mut self) -> &mut Store<S::Data> {
        (**self).as_context_mut()
    }
}
