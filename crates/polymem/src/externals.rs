//! `Extern`: any importable or exportable item.

use crate::{Func, Global, Memory, Table};

/// A function, table, memory or global of a store.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Extern {
    /// A function.
    Func(Func),
    /// A table.
    Table(Table),
    /// A memory.
    Memory(Memory),
    /// A global.
    Global(Global),
}
