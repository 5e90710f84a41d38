//! The linker: resolves a module's imports by name.

use crate::engine::Engine;
use crate::error::Error;
use crate::externals::Extern;
use crate::func::{Caller, Func, IntoFunc};
use crate::instance::Instance;
use crate::module::Module;
use crate::store::{AsContextMut, HostFn, Store};
use crate::types::FuncType;
use crate::values::Val;
use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;

/// What a name is defined as.
enum Definition<T> {
    /// An item of a store.
    Extern(Extern),
    /// A host function not bound to any store: each store it is used with gets its own [`Func`].
    HostFunc { ty: FuncType, func: HostFn<T> },
}

impl<T> Clone for Definition<T> {
    fn clone(&self) -> Self {
        match self {
            Self::Extern(ext) => Self::Extern(*ext),
            Self::HostFunc { ty, func } => Self::HostFunc { ty: ty.clone(), func: func.clone() },
        }
    }
}

/// Defines host items and instances by name and instantiates modules against them.
///
/// Host functions defined with [`Linker::func_new`] or [`Linker::func_wrap`] belong to no store;
/// every [`Linker::instantiate`] or [`Linker::get`] creates a [`Func`] for them in the given
/// store. Items given with [`Linker::define`] belong to their store and can only be used with it.
pub struct Linker<T> {
    engine: Engine,
    defs: HashMap<(String, String), Definition<T>>,
    allow_shadowing: bool,
}

impl<T> Clone for Linker<T> {
    fn clone(&self) -> Self {
        Self {
            engine: self.engine.clone(),
            defs: self.defs.clone(),
            allow_shadowing: self.allow_shadowing,
        }
    }
}

impl<T> fmt::Debug for Linker<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut names: Vec<_> = self.defs.keys().map(|(m, n)| format!("{m}.{n}")).collect();
        names.sort();
        f.debug_struct("Linker")
            .field("definitions", &names)
            .field("allow_shadowing", &self.allow_shadowing)
            .finish()
    }
}

impl<T> Linker<T> {
    /// An empty linker for modules of `engine`.
    pub fn new(engine: &Engine) -> Self {
        Self { engine: engine.clone(), defs: HashMap::new(), allow_shadowing: false }
    }

    /// The engine.
    pub fn engine(&self) -> &Engine {
        &self.engine
    }

    /// Whether defining a name twice replaces the first definition (`true`) or is an error
    /// (`false`, the default).
    pub fn allow_shadowing(&mut self, allow: bool) -> &mut Self {
        self.allow_shadowing = allow;
        self
    }

    fn insert(&mut self, module: &str, name: &str, def: Definition<T>) -> Result<&mut Self, Error> {
        let key = (module.to_string(), name.to_string());
        if !self.allow_shadowing && self.defs.contains_key(&key) {
            return Err(Error::link(format!("`{module}`.`{name}` is already defined")));
        }
        self.defs.insert(key, def);
        Ok(self)
    }

    /// Defines `module`.`name` as `item`. Fails if the name is taken and shadowing is off.
    pub fn define(
        &mut self,
        module: &str,
        name: &str,
        item: impl Into<Extern>,
    ) -> Result<&mut Self, Error> {
        self.insert(module, name, Definition::Extern(item.into()))
    }

    /// Defines `module`.`name` as a dynamically typed host function (see [`Func::new`]).
    pub fn func_new(
        &mut self,
        module: &str,
        name: &str,
        ty: FuncType,
        func: impl Fn(Caller<'_, T>, &[Val], &mut [Val]) -> Result<(), Error> + Send + Sync + 'static,
    ) -> Result<&mut Self, Error> {
        self.insert(module, name, Definition::HostFunc { ty, func: Arc::new(func) })
    }

    /// Defines `module`.`name` as a typed host closure (see [`Func::wrap`]).
    pub fn func_wrap<Params, Results>(
        &mut self,
        module: &str,
        name: &str,
        func: impl IntoFunc<T, Params, Results>,
    ) -> Result<&mut Self, Error> {
        let (ty, func) = func.into_host();
        self.insert(module, name, Definition::HostFunc { ty, func })
    }

    /// Defines every export of `instance` under the module name `module`.
    pub fn instance(
        &mut self,
        store: impl AsContextMut<Data = T>,
        module: &str,
        instance: Instance,
    ) -> Result<&mut Self, Error> {
        for (name, ext) in instance.exports(&store) {
            self.define(module, &name, ext)?;
        }
        Ok(self)
    }

    /// The item defined as `module`.`name`, if any (host functions are created in `store`).
    pub fn get(
        &self,
        mut store: impl AsContextMut<Data = T>,
        module: &str,
        name: &str,
    ) -> Option<Extern> {
        let def = self.defs.get(&(module.to_string(), name.to_string()))?;
        Some(Self::resolve(store.as_context_mut(), def))
    }

    fn resolve(store: &mut Store<T>, def: &Definition<T>) -> Extern {
        match def {
            Definition::Extern(ext) => *ext,
            Definition::HostFunc { ty, func } => {
                Extern::Func(Func::from_host(store, ty, func.clone()))
            }
        }
    }

    /// Instantiates `module`, resolving each import by its module and field name. Fails with
    /// an `unknown import` link error for a name that is not defined, and as
    /// [`Instance::new`] does otherwise.
    pub fn instantiate(
        &self,
        mut store: impl AsContextMut<Data = T>,
        module: &Module,
    ) -> Result<Instance, Error> {
        let store = store.as_context_mut();
        let mut defs = Vec::with_capacity(module.imports().len());
        for import in module.imports() {
            let key = (import.module().to_string(), import.name().to_string());
            let def = self.defs.get(&key).ok_or_else(|| {
                Error::link(format!(
                    "unknown import: `{}`.`{}` has not been defined",
                    import.module(),
                    import.name()
                ))
            })?;
            defs.push(def);
        }
        let imports: Vec<Extern> = defs.into_iter().map(|def| Self::resolve(store, def)).collect();
        Instance::new(store, module, &imports)
    }
}
