//! Instances.

use crate::store::Stored;

/// A instance handle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Instance(pub(crate) Stored);
