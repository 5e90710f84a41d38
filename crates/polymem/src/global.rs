//! Globals.

use crate::error::Error;
use crate::store::{AsContext, AsContextMut, Stored};
use crate::types::{GlobalType, Mutability};
use crate::values::Val;

/// A global handle. Every method panics if the global belongs to another store than the one
/// passed in (API misuse, as with wasmtime).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Global(pub(crate) Stored);

/// Checks that `val` can be stored in a global of type `ty` in store `store_id`.
fn value_cell(ty: &GlobalType, val: Val, store_id: u32) -> Result<u128, Error> {
    if val.ty() != ty.content() {
        return Err(Error::host(format!(
            "a global of type {} cannot hold a value of type {}",
            ty.content(),
            val.ty()
        )));
    }
    if val.is_foreign(store_id) {
        return Err(Error::host("a global cannot hold a reference of another store"));
    }
    let ([low, high], _) = val.to_cells();
    Ok(u128::from(low) | u128::from(high) << 64)
}

impl Global {
    /// A new global of type `ty` holding `val`. Fails if `val` does not have the content type.
    pub fn new(mut store: impl AsContextMut, ty: GlobalType, val: Val) -> Result<Global, Error> {
        let inner = &mut store.as_context_mut().inner;
        let cell = value_cell(&ty, val, inner.id)?;
        let index = inner.alloc_global(ty, cell)?;
        Ok(Global(inner.stored(index)))
    }

    /// The global's type.
    pub fn ty(&self, store: impl AsContext) -> GlobalType {
        let inner = &store.as_context().inner;
        inner.globals[inner.check(self.0)].ty
    }

    /// The current value.
    pub fn get(&self, store: impl AsContext) -> Val {
        let inner = &store.as_context().inner;
        let global = &inner.globals[inner.check(self.0)];
        let mut val = [Val::I32(0)];
        let ty = [global.ty.content()];
        crate::values::read_cells(&ty, &[global.value, global.high], inner.id, &mut val);
        val[0]
    }

    /// Sets the value. Fails if the global is immutable or `val` has the wrong type.
    pub fn set(&self, mut store: impl AsContextMut, val: Val) -> Result<(), Error> {
        let inner = &mut store.as_context_mut().inner;
        let id = inner.id;
        let index = inner.check(self.0);
        let global = &mut inner.globals[index];
        if global.ty.mutability() == Mutability::Const {
            return Err(Error::host("cannot set an immutable global"));
        }
        let value = value_cell(&global.ty, val, id)?;
        (global.value, global.high) = (value as u64, (value >> 64) as u64);
        Ok(())
    }
}
