//! Why a merge was refused: every variant names the inputs involved, like a linker's errors.

use std::fmt;

/// Why [`merge_modules`](super::merge_modules) refused or failed to merge its inputs.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum MergeError {
    /// No input was given.
    NoInputs,
    /// Two inputs have the same name, so imports naming it would be ambiguous.
    DuplicateName {
        /// The repeated name.
        name: String,
    },
    /// An option names an input that does not exist.
    UnknownInput {
        /// The name.
        name: String,
    },
    /// An input is malformed or invalid; the message and byte offset are wasmparser's.
    Invalid {
        /// The input's name.
        input: String,
        /// wasmparser's message.
        message: String,
        /// Byte offset into that input.
        offset: usize,
    },
    /// An import names an input that does not export that name.
    UnknownExport {
        /// The importing input.
        importer: String,
        /// The input named by the import's module.
        exporter: String,
        /// The import's name.
        name: String,
    },
    /// An import's type does not match the export that would satisfy it.
    Mismatch {
        /// The importing input.
        importer: String,
        /// The exporting input.
        exporter: String,
        /// The import's name.
        name: String,
        /// What differs.
        reason: String,
    },
    /// An import names the importing input itself or a later input.
    Cycle {
        /// The importing input.
        importer: String,
        /// The input named by the import's module.
        exporter: String,
        /// The import's name.
        name: String,
    },
    /// Two inputs export the same name (and renaming was not asked for, or the new name is
    /// taken too).
    ExportClash {
        /// The export name.
        name: String,
        /// The input that exported it first.
        first: String,
        /// The input that exports it again.
        second: String,
    },
    /// The merged module failed validation or could not be encoded: a bug in the merge.
    Internal {
        /// What went wrong.
        message: String,
    },
}

impl fmt::Display for MergeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NoInputs => write!(f, "nothing to merge: no input modules"),
            Self::DuplicateName { name } => {
                write!(f, "two inputs are named {name:?}: input names must be unique")
            }
            Self::UnknownInput { name } => write!(f, "no input is named {name:?}"),
            Self::Invalid { input, message, offset } => {
                write!(f, "input {input:?} is invalid (at offset {offset:#x}): {message}")
            }
            Self::UnknownExport { importer, exporter, name } => write!(
                f,
                "input {importer:?} imports {exporter:?}.{name:?}, but input {exporter:?} \
                 exports nothing named {name:?}"
            ),
            Self::Mismatch { importer, exporter, name, reason } => write!(
                f,
                "input {importer:?} imports {exporter:?}.{name:?} with an incompatible type: \
                 {reason} (exported by input {exporter:?})"
            ),
            Self::Cycle { importer, exporter, name } if importer == exporter => write!(
                f,
                "input {importer:?} imports {exporter:?}.{name:?} from itself: an input can only \
                 import from inputs before it"
            ),
            Self::Cycle { importer, exporter, name } => write!(
                f,
                "input {importer:?} imports {exporter:?}.{name:?}, but input {exporter:?} comes \
                 later: inputs are instantiated in order, so an input can only import from \
                 inputs before it (cycles are not supported)"
            ),
            Self::ExportClash { name, first, second } => write!(
                f,
                "export {name:?} of input {second:?} clashes with the export of input {first:?} \
                 (use --rename-export-conflicts to export the later one as {second}.{name})"
            ),
            Self::Internal { message } => write!(f, "internal merge error: {message}"),
        }
    }
}

impl std::error::Error for MergeError {}

impl From<wasm_encoder::reencode::Error<MergeError>> for MergeError {
    #[cold]
    fn from(err: wasm_encoder::reencode::Error<MergeError>) -> Self {
        use wasm_encoder::reencode::Error;
        match err {
            Error::UserError(e) => e,
            other => Self::Internal { message: format!("re-encoding failed: {other}") },
        }
    }
}

impl From<wasmparser::BinaryReaderError> for MergeError {
    #[cold]
    fn from(err: wasmparser::BinaryReaderError) -> Self {
        // Inputs are validated before anything is read twice, so this is not the user's fault.
        Self::Internal { message: format!("reading a validated input failed: {}", err.message()) }
    }
}
