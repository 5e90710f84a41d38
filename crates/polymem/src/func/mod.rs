//! Functions: WebAssembly and host.
//!
//! A host function is stored in its dynamic form ([`HostFn`]): typed closures given to
//! [`Func::wrap`] are converted to it once, when they are registered (see `into_func`).

mod into_func;

pub use into_func::{IntoFunc, WasmRet};

use crate::engine::Engine;
use crate::error::Error;
use crate::externals::Extern;
use crate::store::{AsContext, AsContextMut, FuncEntity, HostFn, Store, Stored};
use crate::typed_func::{TypedFunc, WasmParams, WasmResults};
use crate::types::{FuncType, ValType};
use crate::values::Val;
use std::sync::Arc;

/// A function handle: a WebAssembly function of an instance or a host function.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Func(pub(crate) Stored);

impl Func {
    /// A host function of type `ty`, called with parameters checked against `ty`. It writes its
    /// results into the slice it is given (prefilled with zeros of the right types); results of
    /// the wrong type make the call fail.
    pub fn new<T>(
        mut store: impl AsContextMut<Data = T>,
        ty: FuncType,
        func: impl Fn(Caller<'_, T>, &[Val], &mut [Val]) -> Result<(), Error> + Send + Sync + 'static,
    ) -> Func {
        Self::from_host(store.as_context_mut(), &ty, Arc::new(func))
    }

    /// A host function from a typed closure, with or without a leading [`Caller`] parameter:
    /// `|a: i32, b: i64| -> i64`, `|caller: Caller<'_, T>, x: f32| -> Result<(), Error>`, ...
    /// The signature is derived from the closure's parameter and result types.
    pub fn wrap<T, Params, Results>(
        mut store: impl AsContextMut<Data = T>,
        func: impl IntoFunc<T, Params, Results>,
    ) -> Func {
        let (ty, host) = func.into_host();
        Self::from_host(store.as_context_mut(), &ty, host)
    }

    /// Registers a dynamic host function in `store`.
    pub(crate) fn from_host<T>(store: &mut Store<T>, ty: &FuncType, host: HostFn<T>) -> Func {
        let ty = store.inner.engine.intern_type(ty);
        store.hosts.push(host);
        let host = (store.hosts.len() - 1) as u32;
        store.inner.funcs.push(FuncEntity::Host { host, ty });
        Func(store.inner.stored(store.inner.funcs.len() - 1))
    }

    /// The function's signature.
    ///
    /// # Panics
    ///
    /// If the function belongs to another store (as for every handle method).
    pub fn ty(&self, store: impl AsContext) -> FuncType {
        let inner = &store.as_context().inner;
        let ty = inner.funcs[inner.check(self.0)].ty();
        inner.engine.resolve_type(ty)
    }

    /// Calls the function. `params` must match its parameter types and `results` must have one
    /// slot per result; otherwise an error is returned and nothing runs.
    pub fn call(
        &self,
        mut store: impl AsContextMut,
        params: &[Val],
        results: &mut [Val],
    ) -> Result<(), Error> {
        let store = store.as_context_mut();
        let ty = self.ty(&*store);
        check_vals(store.inner.id, ty.params(), params, "parameters")?;
        if results.len() != ty.results().len() {
            return Err(Error::host(format!(
                "the function {ty} has {} results but {} result slots were given",
                ty.results().len(),
                results.len()
            )));
        }
        self.call_unchecked(store, params, results)
    }

    /// Calls the function with parameters already checked and `results` of the right length.
    pub(crate) fn call_unchecked<T>(
        &self,
        store: &mut Store<T>,
        params: &[Val],
        results: &mut [Val],
    ) -> Result<(), Error> {
        let index = store.inner.check(self.0);
        crate::exec::call(store, index as u32, params, results)
    }

    /// A statically typed view of this function, failing if its signature is not `P -> R`.
    pub fn typed<P: WasmParams, R: WasmResults>(
        &self,
        store: impl AsContext,
    ) -> Result<TypedFunc<P, R>, Error> {
        let ty = self.ty(store);
        let wanted = FuncType::new(P::types(), R::types());
        if ty != wanted {
            return Err(Error::host(format!(
                "type mismatch: the function has type {ty}, not {wanted}"
            )));
        }
        Ok(TypedFunc::new_unchecked(*self))
    }
}

/// The context a host function runs in: the store and the calling instance.
#[derive(Debug)]
pub struct Caller<'a, T> {
    pub(crate) store: &'a mut Store<T>,
    /// Store index of the calling instance; `None` when the host called the function directly.
    pub(crate) instance: Option<u32>,
}

impl<T> Caller<'_, T> {
    /// The host data.
    pub fn data(&self) -> &T {
        self.store.data()
    }

    /// The host data, mutably.
    pub fn data_mut(&mut self) -> &mut T {
        self.store.data_mut()
    }

    /// The engine.
    pub fn engine(&self) -> &Engine {
        self.store.engine()
    }

    /// An export of the calling instance (such as its memory), or `None` if it has no export of
    /// that name or the function was called by the host rather than by an instance.
    pub fn get_export(&self, name: &str) -> Option<Extern> {
        let instance = &self.store.inner.instances[self.instance? as usize];
        instance.exports.iter().find(|(n, _)| n == name).map(|&(_, ext)| ext)
    }
}

impl<T> AsContext for Caller<'_, T> {
    type Data = T;
    fn as_context(&self) -> &Store<T> {
        self.store
    }
}

impl<T> AsContextMut for Caller<'_, T> {
    fn as_context_mut(&mut self) -> &mut Store<T> {
        self.store
    }
}

/// Checks that `vals` have the types `tys` and hold no handle of another store.
pub(crate) fn check_vals(
    store_id: u32,
    tys: &[ValType],
    vals: &[Val],
    what: &str,
) -> Result<(), Error> {
    if tys.len() != vals.len() {
        return Err(Error::host(format!(
            "{what}: expected {} values, got {}",
            tys.len(),
            vals.len()
        )));
    }
    for (i, (&ty, val)) in tys.iter().zip(vals).enumerate() {
        if val.ty() != ty {
            return Err(Error::host(format!(
                "{what}: value {i} has type {}, expected {ty}",
                val.ty()
            )));
        }
        if val.is_foreign(store_id) {
            return Err(Error::host(format!("{what}: value {i} is a reference of another store")));
        }
    }
    Ok(())
}
