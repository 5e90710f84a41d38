//! Memorys.

use crate::store::Stored;

/// A memory handle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Memory(pub(crate) Stored);
