//! Tables.

use crate::store::Stored;

/// A table handle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Table(pub(crate) Stored);
