//! Functions: WebAssembly and host.

use crate::store::{Store, Stored};

/// A function handle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Func(pub(crate) Stored);

/// The context a host function runs in: the store and the calling instance.
#[derive(Debug)]
pub struct Caller<'a, T> {
    pub(crate) store: &'a mut Store<T>,
    pub(crate) instance: Option<u32>,
}
