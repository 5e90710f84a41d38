//! Globals.

use crate::store::Stored;

/// A global handle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Global(pub(crate) Stored);
