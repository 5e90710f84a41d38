//! Linear memories.

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
