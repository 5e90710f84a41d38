//! Linear memories.
//!
//! A module may mix address types: a 64-bit memory (memory64) takes i64 addresses and its
//! `memory.size`/`memory.grow` speak i64, next to 32-bit memories that keep i32. `memory.copy`
//! between the two takes a length of the smaller type, i32. From the host, [`Memory::size`] and
//! [`Memory::grow`] count pages in u64 for both, and [`MemoryType::is_64`] tells them apart:
//!
//! ```
//! use polymem::{Engine, Linker, Memory, MemoryType, Module, Store};
//!
//! # fn main() -> Result<(), polymem::Error> {
//! let wasm = wat::parse_str(r#"
//!     (module
//!       (import "host" "wide" (memory $wide i64 1))
//!       (memory $narrow (export "narrow") 1)
//!       ;; Copies 5 bytes from a 64-bit address of $wide to $narrow, then grows $wide.
//!       (func (export "fetch") (param $at i64) (result i64)
//!         (memory.copy $narrow $wide (i32.const 0) (local.get $at) (i32.const 5))
//!         (memory.grow $wide (i64.const 1))))
//! "#).expect("valid text");
//!
//! let engine = Engine::default(); // memory64 is on by default
//! let mut store = Store::new(&engine, ());
//! let wide = Memory::new(&mut store, MemoryType::new64(1, Some(4)))?;
//! wide.write(&mut store, 0xfff0, b"hello")?;
//! let mut linker = Linker::new(&engine);
//! linker.define("host", "wide", wide)?;
//! let instance = linker.instantiate(&mut store, &Module::new(&engine, &wasm)?)?;
//!
//! let fetch = instance.get_typed_func::<i64, i64>(&store, "fetch")?;
//! assert_eq!(fetch.call(&mut store, 0xfff0)?, 1); // the old size, an i64
//! let narrow = instance.get_memory(&store, "narrow").expect("exported");
//! assert_eq!(&narrow.data(&store)[..5], b"hello");
//! assert!(wide.ty(&store).is_64() && !narrow.ty(&store).is_64());
//! assert_eq!((wide.size(&store), narrow.size(&store)), (2, 1));
//! // An address past the end traps, a 64-bit one is not cut to 32 bits.
//! assert!(fetch.call(&mut store, 0x1_0000_0000).is_err());
//! # Ok(())
//! # }
//! ```

use crate::error::{Error, TrapCode};
use crate::store::{AsContext, AsContextMut, Stored};
use crate::types::MemoryType;

/// A memory handle. Every method panics if the memory belongs to another store than the one
/// passed in (API misuse, as with wasmtime).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Memory(pub(crate) Stored);

impl Memory {
    /// A new memory of `ty.minimum()` zeroed pages.
    ///
    /// Fails if the limits are inconsistent (minimum above maximum or above what the address
    /// type allows) or the store's limits would be exceeded.
    pub fn new(mut store: impl AsContextMut, ty: MemoryType) -> Result<Memory, Error> {
        let inner = &mut store.as_context_mut().inner;
        if ty.page_size() != 1 && ty.page_size() != 1 << 16 {
            return Err(Error::host("memory page size must be 1 or 65536 bytes"));
        }
        let abs_max = ty.absolute_max_pages();
        if ty.minimum() > abs_max || ty.maximum().is_some_and(|max| max > abs_max) {
            return Err(Error::host(format!(
                "memory size must be at most {abs_max} pages for this address type"
            )));
        }
        if ty.maximum().is_some_and(|max| max < ty.minimum()) {
            return Err(Error::host("memory minimum must not be greater than its maximum"));
        }
        let index = inner.alloc_memory(ty)?;
        Ok(Memory(inner.stored(index)))
    }

    /// The memory's type as it was created (its minimum is not updated by growth; see
    /// [`Memory::size`]).
    pub fn ty(&self, store: impl AsContext) -> MemoryType {
        let inner = &store.as_context().inner;
        inner.memories[inner.check(self.0)].ty
    }

    /// The current size in pages.
    pub fn size(&self, store: impl AsContext) -> u64 {
        let inner = &store.as_context().inner;
        let mem = &inner.memories[inner.check(self.0)];
        mem.bytes.len() as u64 / mem.ty.page_size()
    }

    /// The current size in bytes.
    pub fn data_size(&self, store: impl AsContext) -> usize {
        self.data(&store).len()
    }

    /// Grows the memory by `delta` zeroed pages, returning the old size in pages. Fails (leaving
    /// the memory as it was) where the maximum, the address type or the store's limit forbids it.
    pub fn grow(&self, mut store: impl AsContextMut, delta: u64) -> Result<u64, Error> {
        let inner = &mut store.as_context_mut().inner;
        let index = inner.check(self.0);
        inner
            .grow_memory(index, delta)
            .ok_or_else(|| Error::limit(format!("failed to grow the memory by {delta} pages")))
    }

    /// The memory's bytes.
    pub fn data<'a, S: AsContext + 'a>(&self, store: &'a S) -> &'a [u8] {
        let inner = &store.as_context().inner;
        &inner.memories[inner.check(self.0)].bytes
    }

    /// The memory's bytes, mutably.
    pub fn data_mut<'a, S: AsContextMut + 'a>(&self, store: &'a mut S) -> &'a mut [u8] {
        let inner = &mut store.as_context_mut().inner;
        let index = inner.check(self.0);
        &mut inner.memories[index].bytes
    }

    /// The memory's bytes and the store's host data, both mutably: a host function that works
    /// on guest memory with state of its own (such as WASI's file table) needs both at once.
    pub fn data_and_store_mut<'a, T: 'a>(
        &self,
        store: &'a mut impl AsContextMut<Data = T>,
    ) -> (&'a mut [u8], &'a mut T) {
        let store = store.as_context_mut();
        let index = store.inner.check(self.0);
        (&mut store.inner.memories[index].bytes, &mut store.data)
    }

    /// Copies `buf.len()` bytes at `offset` into `buf`. Fails with the trap code
    /// [`TrapCode::MemoryOutOfBounds`] if the range is not inside the memory.
    pub fn read(&self, store: impl AsContext, offset: usize, buf: &mut [u8]) -> Result<(), Error> {
        let data = self.data(&store);
        let src = offset
            .checked_add(buf.len())
            .and_then(|end| data.get(offset..end))
            .ok_or_else(|| Error::trap(TrapCode::MemoryOutOfBounds))?;
        buf.copy_from_slice(src);
        Ok(())
    }

    /// Copies `data` into the memory at `offset`. Fails with the trap code
    /// [`TrapCode::MemoryOutOfBounds`] (writing nothing) if the range is not inside the memory.
    pub fn write(
        &self,
        mut store: impl AsContextMut,
        offset: usize,
        data: &[u8],
    ) -> Result<(), Error> {
        let bytes = self.data_mut(&mut store);
        let dst = offset
            .checked_add(data.len())
            .and_then(|end| bytes.get_mut(offset..end))
            .ok_or_else(|| Error::trap(TrapCode::MemoryOutOfBounds))?;
        dst.copy_from_slice(data);
        Ok(())
    }
}
