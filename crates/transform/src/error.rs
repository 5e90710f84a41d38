//! The error type of the transforms.

use std::fmt;

/// Why [`lower_memories`](crate::lower_memories) refused or failed to lower a module.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum LowerError {
    /// The input is malformed or invalid; the message and byte offset are wasmparser's.
    Invalid {
        /// wasmparser's message.
        message: String,
        /// Byte offset into the input where the problem was found.
        offset: usize,
    },
    /// The module is valid but cannot be lowered faithfully.
    Unsupported {
        /// The original memory index the problem is about, when there is one.
        memory: Option<u32>,
        /// Why lowering would not preserve the module's behaviour.
        reason: String,
    },
    /// The lowered module failed validation: a bug in the transform.
    Internal {
        /// What went wrong.
        message: String,
    },
}

impl LowerError {
    #[cold]
    pub(crate) fn unsupported(memory: Option<u32>, reason: impl Into<String>) -> Self {
        Self::Unsupported { memory, reason: reason.into() }
    }

    #[cold]
    pub(crate) fn internal(message: impl Into<String>) -> Self {
        Self::Internal { message: message.into() }
    }
}

impl From<wasmparser::BinaryReaderError> for LowerError {
    #[cold]
    fn from(err: wasmparser::BinaryReaderError) -> Self {
        Self::Invalid { message: err.message().to_string(), offset: err.offset() as usize }
    }
}

impl From<wasm_encoder::reencode::Error<LowerError>> for LowerError {
    #[cold]
    fn from(err: wasm_encoder::reencode::Error<LowerError>) -> Self {
        use wasm_encoder::reencode::Error;
        match err {
            Error::UserError(e) => e,
            Error::ParseError(e) => e.into(),
            other => Self::internal(format!("re-encoding failed: {other}")),
        }
    }
}

impl fmt::Display for LowerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Invalid { message, offset } => {
                write!(f, "invalid module (at offset {offset:#x}): {message}")
            }
            Self::Unsupported { memory: Some(m), reason } => {
                write!(f, "cannot lower memory {m}: {reason}")
            }
            Self::Unsupported { memory: None, reason } => {
                write!(f, "cannot lower module: {reason}")
            }
            Self::Internal { message } => write!(f, "internal lowering error: {message}"),
        }
    }
}

impl std::error::Error for LowerError {}
