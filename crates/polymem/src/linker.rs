//! The linker: resolves a module's imports by name.

/// Defines host items and instances by name and instantiates modules against them.
#[derive(Debug)]
pub struct Linker<T> {
    _marker: std::marker::PhantomData<T>,
}
