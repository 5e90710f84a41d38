//! `Extern`: any importable or exportable item.

use crate::store::{AsContext, Stored};
use crate::types::ExternType;
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

impl Extern {
    /// The function, if this is one.
    pub fn into_func(self) -> Option<Func> {
        if let Self::Func(f) = self { Some(f) } else { None }
    }

    /// The table, if this is one.
    pub fn into_table(self) -> Option<Table> {
        if let Self::Table(t) = self { Some(t) } else { None }
    }

    /// The memory, if this is one.
    pub fn into_memory(self) -> Option<Memory> {
        if let Self::Memory(m) = self { Some(m) } else { None }
    }

    /// The global, if this is one.
    pub fn into_global(self) -> Option<Global> {
        if let Self::Global(g) = self { Some(g) } else { None }
    }

    /// The item's type (for tables and memories, as created; see `Memory::ty`).
    pub fn ty(&self, store: impl AsContext) -> ExternType {
        match self {
            Self::Func(f) => ExternType::Func(f.ty(store)),
            Self::Table(t) => ExternType::Table(t.ty(store)),
            Self::Memory(m) => ExternType::Memory(m.ty(store)),
            Self::Global(g) => ExternType::Global(g.ty(store)),
        }
    }

    /// The handle's identity.
    pub(crate) fn stored(&self) -> Stored {
        match self {
            Self::Func(f) => f.0,
            Self::Table(t) => t.0,
            Self::Memory(m) => m.0,
            Self::Global(g) => g.0,
        }
    }
}

impl From<Func> for Extern {
    fn from(f: Func) -> Self {
        Self::Func(f)
    }
}

impl From<Table> for Extern {
    fn from(t: Table) -> Self {
        Self::Table(t)
    }
}

impl From<Memory> for Extern {
    fn from(m: Memory) -> Self {
        Self::Memory(m)
    }
}

impl From<Global> for Extern {
    fn from(g: Global) -> Self {
        Self::Global(g)
    }
}
