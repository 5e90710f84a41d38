//! `Caller`: what a host function sees of the WebAssembly code that called it.

use crate::engine::Engine;
use crate::externals::Extern;
use crate::store::{AsContext, AsContextMut, Store};

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
