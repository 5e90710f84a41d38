//! Instructions that reach into the store: globals, `memory.grow`, bulk memory operations,
//! tables and indirect calls. Addresses, indices and lengths arrive as cells: an i32 operand is
//! zero-extended (the frame's invariant) and an i64 one of a 64-bit memory or table is full
//! width, so one body serves both address types; every range is checked without overflow.

use super::Executor;
use crate::error::{Error, TrapCode};
use crate::store::{FuncEntity, GlobalEntity};
use polymem_ir::DefinedFuncIdx;

/// `offset + len <= size`, computed without overflow.
fn in_bounds(offset: u64, len: u64, size: usize) -> bool {
    offset.checked_add(len).is_some_and(|end| end <= size as u64)
}

impl Executor {
    fn instance(&self) -> &crate::store::InstanceEntity {
        &self.inner().instances[self.instance as usize]
    }

    /// Global `global` of the running instance (an index the validator checked).
    #[inline(always)]
    pub(super) fn global(&mut self, global: u32) -> &mut GlobalEntity {
        // SAFETY: `global_map` is the running instance's map, one entry per global of its
        // module, and `global` is below that count (validated); the entry is an index of the
        // store's globals, which `globals` points to (both refreshed by `refresh_memories`
        // whenever the instance changes or the host ran, the only time globals are added).
        unsafe { &mut *self.globals.add(*self.global_map.add(global as usize) as usize) }
    }

    /// `memory.grow`: the old size in pages, or -1 of the memory's address type.
    pub(super) fn memory_grow(&mut self, mem: u16, delta: u64) -> u64 {
        let index = self.instance().memories[mem as usize] as usize;
        let is_64 = self.inner().memories[index].ty.is_64();
        let outcome = self.inner_mut().grow_memory(index, delta);
        self.refresh_memories();
        outcome.unwrap_or(if is_64 { u64::MAX } else { u32::MAX.into() })
    }

    pub(super) fn memory_fill(
        &mut self,
        mem: u16,
        dst: u64,
        value: u64,
        len: u64,
    ) -> Result<(), TrapCode> {
        let view = self.mems[mem as usize];
        if !in_bounds(dst, len, view.len) {
            return Err(TrapCode::MemoryOutOfBounds);
        }
        self.charge_bytes(len)?;
        // SAFETY: `dst + len <= view.len` and the view is the memory's live buffer.
        unsafe { std::ptr::write_bytes(view.base.add(dst as usize), value as u8, len as usize) };
        Ok(())
    }

    pub(super) fn memory_copy(
        &mut self,
        dst_mem: u16,
        src_mem: u16,
        dst: u64,
        src: u64,
        len: u64,
    ) -> Result<(), TrapCode> {
        let (to, from) = (self.mems[dst_mem as usize], self.mems[src_mem as usize]);
        if !in_bounds(src, len, from.len) || !in_bounds(dst, len, to.len) {
            return Err(TrapCode::MemoryOutOfBounds);
        }
        self.charge_bytes(len)?;
        // SAFETY: both ranges were checked against their memories' live buffers; `copy` is a
        // memmove, so overlap inside one memory (or two aliased indices) is fine.
        unsafe {
            std::ptr::copy(from.base.add(src as usize), to.base.add(dst as usize), len as usize)
        };
        Ok(())
    }

    pub(super) fn memory_init(
        &mut self,
        mem: u16,
        data: u32,
        dst: u64,
        src: u64,
        len: u64,
    ) -> Result<(), TrapCode> {
        let view = self.mems[mem as usize];
        if !in_bounds(src, len, self.instance().datas[data as usize].len())
            || !in_bounds(dst, len, view.len)
        {
            return Err(TrapCode::MemoryOutOfBounds);
        }
        self.charge_bytes(len)?;
        let segment = &self.instance().datas[data as usize];
        let bytes = &segment[src as usize..(src + len) as usize];
        // SAFETY: `dst + len <= view.len`; the segment is not memory, so no overlap.
        unsafe {
            std::ptr::copy_nonoverlapping(bytes.as_ptr(), view.base.add(dst as usize), bytes.len())
        };
        Ok(())
    }

    /// Charges a bulk table operation on `len` elements: 8 bytes each (see `charge_bytes`).
    fn charge_elements(&mut self, len: u64) -> Result<(), TrapCode> {
        self.charge_bytes(len * 8)
    }

    pub(super) fn data_drop(&mut self, data: u32) {
        let at = self.instance as usize;
        let instance = &mut self.inner_mut().instances[at];
        instance.datas[data as usize] = std::sync::Arc::from(&[][..]);
    }

    fn table_index(&self, table: u32) -> usize {
        self.instance().tables[table as usize] as usize
    }

    pub(super) fn table_get(&mut self, table: u32, index: u64) -> Result<u64, TrapCode> {
        let t = self.table_index(table);
        self.inner_mut().tables[t]
            .elems
            .get(usize::try_from(index).unwrap_or(usize::MAX))
            .copied()
            .ok_or(TrapCode::TableOutOfBounds)
    }

    pub(super) fn table_set(&mut self, table: u32, index: u64, value: u64) -> Result<(), TrapCode> {
        let t = self.table_index(table);
        let index = usize::try_from(index).unwrap_or(usize::MAX);
        let slot = self.inner_mut().tables[t].elems.get_mut(index);
        *slot.ok_or(TrapCode::TableOutOfBounds)? = value;
        Ok(())
    }

    pub(super) fn table_size(&mut self, table: u32) -> u64 {
        let t = self.table_index(table);
        self.inner_mut().tables[t].elems.len() as u64
    }

    pub(super) fn table_grow(&mut self, table: u32, delta: u64, init: u64) -> u64 {
        let t = self.table_index(table);
        let is_64 = self.inner().tables[t].ty.is_64();
        let outcome = self.inner_mut().grow_table(t, delta, init);
        outcome.unwrap_or(if is_64 { u64::MAX } else { u32::MAX.into() })
    }

    pub(super) fn table_fill(
        &mut self,
        table: u32,
        dst: u64,
        value: u64,
        len: u64,
    ) -> Result<(), TrapCode> {
        let t = self.table_index(table);
        if !in_bounds(dst, len, self.inner().tables[t].elems.len()) {
            return Err(TrapCode::TableOutOfBounds);
        }
        self.charge_elements(len)?;
        let elems = &mut self.inner_mut().tables[t].elems;
        elems[dst as usize..(dst + len) as usize].fill(value);
        Ok(())
    }

    pub(super) fn table_copy(
        &mut self,
        dst_table: u16,
        src_table: u16,
        dst: u64,
        src: u64,
        len: u64,
    ) -> Result<(), TrapCode> {
        let (to, from) = (self.table_index(dst_table.into()), self.table_index(src_table.into()));
        let tables = &self.inner().tables;
        if !in_bounds(src, len, tables[from].elems.len())
            || !in_bounds(dst, len, tables[to].elems.len())
        {
            return Err(TrapCode::TableOutOfBounds);
        }
        self.charge_elements(len)?;
        // In bounds of a table, so each fits a `usize`.
        let (dst, src, len) = (dst as usize, src as usize, len as usize);
        let tables = &mut self.inner_mut().tables;
        if to == from {
            tables[to].elems.copy_within(src..src + len, dst);
        } else {
            let values: Vec<u64> = tables[from].elems[src..src + len].to_vec();
            tables[to].elems[dst..dst + len].copy_from_slice(&values);
        }
        Ok(())
    }

    pub(super) fn table_init(
        &mut self,
        table: u16,
        elem: u32,
        dst: u64,
        src: u64,
        len: u64,
    ) -> Result<(), TrapCode> {
        let t = self.table_index(table.into());
        let segment = std::sync::Arc::clone(&self.instance().elems[elem as usize]);
        if !in_bounds(src, len, segment.len())
            || !in_bounds(dst, len, self.inner().tables[t].elems.len())
        {
            return Err(TrapCode::TableOutOfBounds);
        }
        self.charge_elements(len)?;
        // In bounds of the segment and the table, so each fits a `usize`.
        let (dst, src, len) = (dst as usize, src as usize, len as usize);
        let elems = &mut self.inner_mut().tables[t].elems;
        elems[dst..dst + len].copy_from_slice(&segment[src..src + len]);
        Ok(())
    }

    pub(super) fn elem_drop(&mut self, elem: u32) {
        let at = self.instance as usize;
        let instance = &mut self.inner_mut().instances[at];
        instance.elems[elem as usize] = std::sync::Arc::from(&[][..]);
    }

    /// The cell at `index` of the running instance's table `table` (an index the validator
    /// checked); `None` out of bounds.
    #[inline(always)]
    fn table_cell(&self, table: u32, index: u64) -> Option<u64> {
        let t = self.instance().tables[table as usize] as usize;
        let elems = &self.inner().tables[t].elems;
        elems.get(usize::try_from(index).ok()?).copied()
    }

    /// The engine-interned id of the running module's type `ty` (an index the validator
    /// checked).
    #[inline(always)]
    fn type_id(&self, ty: u32) -> u32 {
        // SAFETY: `module` is the running instance's module, which the store keeps alive.
        unsafe { &*self.module }.type_ids[ty as usize]
    }

    /// The common case of [`Executor::indirect_callee`], for the handler's fast path:
    /// `table[index]` is a function of the running instance of type `ty`; its defined index.
    /// `None` for everything else (a host function, another instance's function, a trap),
    /// which the general path sorts out.
    #[inline(always)]
    pub(super) fn local_callee(&self, index: u64, table: u32, ty: u32) -> Option<DefinedFuncIdx> {
        let callee = self.table_cell(table, index)?.checked_sub(1)?;
        let entity = self.inner().funcs.get(usize::try_from(callee).ok()?)?;
        match *entity {
            FuncEntity::Wasm { instance, func, ty: found }
                if instance == self.instance && found == self.type_id(ty) =>
            {
                Some(func)
            }
            FuncEntity::Wasm { .. } | FuncEntity::Host { .. } => None,
        }
    }

    /// The store function `call_indirect` reaches through `table[index]`, checked against
    /// module type `ty`.
    pub(super) fn indirect_callee(
        &mut self,
        index: u64,
        table: u32,
        ty: u32,
    ) -> Result<u32, Error> {
        let cell =
            self.table_cell(table, index).ok_or_else(|| Error::trap(TrapCode::UndefinedElement))?;
        if cell == 0 {
            return Err(Error::trap(TrapCode::IndirectCallToNull));
        }
        let callee = (cell - 1) as u32;
        if self.inner().funcs[callee as usize].ty() != self.type_id(ty) {
            return Err(Error::trap(TrapCode::BadSignature));
        }
        Ok(callee)
    }
}
