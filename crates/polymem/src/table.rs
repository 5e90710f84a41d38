//! Tables.

use crate::error::{Error, TrapCode};
use crate::store::{AsContext, AsContextMut, Stored};
use crate::types::{TableType, ValType};
use crate::values::Val;

/// A table handle. Every method panics if the table belongs to another store than the one
/// passed in (API misuse, as with wasmtime).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Table(pub(crate) Stored);

/// Checks that `val` can be stored in a table of `ty` in store `store_id`, giving its cell.
fn element_cell(ty: &TableType, val: Val, store_id: u32) -> Result<u64, Error> {
    let wanted = ValType::from(ty.element());
    if val.ty() != wanted {
        return Err(Error::host(format!(
            "a table of {wanted} cannot hold a value of type {}",
            val.ty()
        )));
    }
    if val.is_foreign(store_id) {
        return Err(Error::host("a table cannot hold a reference of another store"));
    }
    Ok(val.to_cell())
}

impl Table {
    /// A new table of `ty.minimum()` elements, each set to `init`.
    ///
    /// Fails if `init` is not of the element type, the limits are inconsistent, or the store's
    /// limits would be exceeded.
    pub fn new(mut store: impl AsContextMut, ty: TableType, init: Val) -> Result<Table, Error> {
        let inner = &mut store.as_context_mut().inner;
        let cell = element_cell(&ty, init, inner.id)?;
        if ty.maximum().is_some_and(|max| max < ty.minimum()) {
            return Err(Error::host("table minimum must not be greater than its maximum"));
        }
        let index = inner.alloc_table(ty, cell)?;
        Ok(Table(inner.stored(index)))
    }

    /// The table's type as it was created (its minimum is not updated by growth; see
    /// [`Table::size`]).
    pub fn ty(&self, store: impl AsContext) -> TableType {
        let inner = &store.as_context().inner;
        inner.tables[inner.check(self.0)].ty
    }

    /// The current number of elements.
    pub fn size(&self, store: impl AsContext) -> u64 {
        let inner = &store.as_context().inner;
        inner.tables[inner.check(self.0)].elems.len() as u64
    }

    /// Element `index`, or `None` if it is out of bounds.
    pub fn get(&self, store: impl AsContext, index: u64) -> Option<Val> {
        let inner = &store.as_context().inner;
        let table = &inner.tables[inner.check(self.0)];
        let cell = *table.elems.get(usize::try_from(index).ok()?)?;
        Some(Val::from_cell(table.ty.element().into(), cell, inner.id))
    }

    /// Sets element `index` to `val`. Fails with the trap code [`TrapCode::TableOutOfBounds`] if
    /// `index` is out of bounds, and with a host error if `val` has the wrong type.
    pub fn set(&self, mut store: impl AsContextMut, index: u64, val: Val) -> Result<(), Error> {
        let inner = &mut store.as_context_mut().inner;
        let id = inner.id;
        let table_index = inner.check(self.0);
        let table = &mut inner.tables[table_index];
        let cell = element_cell(&table.ty, val, id)?;
        let slot = usize::try_from(index)
            .ok()
            .and_then(|i| table.elems.get_mut(i))
            .ok_or_else(|| Error::trap(TrapCode::TableOutOfBounds))?;
        *slot = cell;
        Ok(())
    }

    /// Grows the table by `delta` elements set to `init`, returning the old size. Fails (leaving
    /// the table as it was) where `init` has the wrong type or the maximum or the store's limit
    /// forbids the growth.
    pub fn grow(&self, mut store: impl AsContextMut, delta: u64, init: Val) -> Result<u64, Error> {
        let inner = &mut store.as_context_mut().inner;
        let index = inner.check(self.0);
        let cell = element_cell(&inner.tables[index].ty, init, inner.id)?;
        inner
            .grow_table(index, delta, cell)
            .ok_or_else(|| Error::limit(format!("failed to grow the table by {delta} elements")))
    }
}
