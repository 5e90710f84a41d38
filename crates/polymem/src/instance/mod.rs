//! Instances: modules instantiated in a store.

mod instantiate;

use crate::error::Error;
use crate::externals::Extern;
use crate::module::Module;
use crate::store::{AsContext, AsContextMut, Stored};
use crate::typed_func::{TypedFunc, WasmParams, WasmResults};
use crate::{Func, Global, Memory, Table};

/// An instance handle. Every method panics if the instance belongs to another store than the
/// one passed in (API misuse, as with wasmtime).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Instance(pub(crate) Stored);

impl Instance {
    /// Instantiates `module` with `imports` given in the order of [`Module::imports`], following
    /// the specification: imports are checked (`unknown import` / `incompatible import type`
    /// link errors), memories, functions, globals and tables are created, element and data
    /// segments are written in order, then the start function runs.
    ///
    /// A segment that does not fit traps (`out of bounds table access` / `out of bounds memory
    /// access`); what earlier segments wrote to imported tables and memories stays written.
    pub fn new(
        mut store: impl AsContextMut,
        module: &Module,
        imports: &[Extern],
    ) -> Result<Instance, Error> {
        instantiate::instantiate(store.as_context_mut(), module, imports)
    }

    /// The export called `name`.
    pub fn get_export(&self, store: impl AsContext, name: &str) -> Option<Extern> {
        let inner = &store.as_context().inner;
        let instance = &inner.instances[inner.check(self.0)];
        instance.exports.iter().find(|(n, _)| n == name).map(|&(_, ext)| ext)
    }

    /// The exported function called `name`.
    pub fn get_func(&self, store: impl AsContext, name: &str) -> Option<Func> {
        self.get_export(store, name)?.into_func()
    }

    /// The exported memory called `name`.
    pub fn get_memory(&self, store: impl AsContext, name: &str) -> Option<Memory> {
        self.get_export(store, name)?.into_memory()
    }

    /// The exported table called `name`.
    pub fn get_table(&self, store: impl AsContext, name: &str) -> Option<Table> {
        self.get_export(store, name)?.into_table()
    }

    /// The exported global called `name`.
    pub fn get_global(&self, store: impl AsContext, name: &str) -> Option<Global> {
        self.get_export(store, name)?.into_global()
    }

    /// The exported function called `name` with the signature `P -> R`; fails if there is no
    /// such function or its signature differs.
    pub fn get_typed_func<P: WasmParams, R: WasmResults>(
        &self,
        store: impl AsContext,
        name: &str,
    ) -> Result<TypedFunc<P, R>, Error> {
        let func = self
            .get_func(&store, name)
            .ok_or_else(|| Error::host(format!("no exported function named `{name}`")))?;
        func.typed(&store)
    }

    /// All exports, in module order.
    pub fn exports(&self, store: impl AsContext) -> Vec<(String, Extern)> {
        let inner = &store.as_context().inner;
        inner.instances[inner.check(self.0)].exports.clone()
    }

    /// The module this instance was created from.
    pub fn module(&self, store: impl AsContext) -> Module {
        let inner = &store.as_context().inner;
        inner.instances[inner.check(self.0)].module.clone()
    }
}
