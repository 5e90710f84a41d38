//! Errors and traps.

use crate::backtrace::WasmBacktrace;
use std::fmt;

/// Why execution of WebAssembly stopped abnormally. `Display` gives the spec's message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
#[repr(u8)]
pub enum TrapCode {
    /// `unreachable` was executed.
    Unreachable = 0,
    /// A load, store or bulk memory operation left its memory's bounds.
    MemoryOutOfBounds = 1,
    /// A table access left the table's bounds.
    TableOutOfBounds = 2,
    /// `call_indirect` hit a null entry.
    IndirectCallToNull = 3,
    /// `call_indirect` found a function of another type.
    BadSignature = 4,
    /// Integer division or remainder by zero.
    IntegerDivisionByZero = 5,
    /// Signed division overflow, or a float-to-int truncation out of range.
    IntegerOverflow = 6,
    /// A float-to-int truncation of NaN.
    BadConversionToInteger = 7,
    /// The call depth or the value stack limit was exceeded.
    StackOverflow = 8,
    /// A host function reported a failure that is not a trap of its own.
    HostError = 9,
    /// Access to an uninitialized table element.
    UninitializedElement = 10,
    /// `ref.as_non_null` or a similar operation on null.
    NullReference = 11,
    /// `call_indirect` with an index past the end of the table.
    UndefinedElement = 12,
    /// The store's fuel ran out ([`Config::consume_fuel`](crate::Config::consume_fuel)).
    OutOfFuel = 13,
    /// The store's [`InterruptHandle`](crate::InterruptHandle) asked running code to stop.
    Interrupted = 14,
}

impl TrapCode {
    /// The message the specification's reference interpreter prints for this trap.
    pub fn message(self) -> &'static str {
        match self {
            Self::Unreachable => "unreachable",
            Self::MemoryOutOfBounds => "out of bounds memory access",
            Self::TableOutOfBounds => "out of bounds table access",
            Self::IndirectCallToNull => "uninitialized element",
            Self::BadSignature => "indirect call type mismatch",
            Self::IntegerDivisionByZero => "integer divide by zero",
            Self::IntegerOverflow => "integer overflow",
            Self::BadConversionToInteger => "invalid conversion to integer",
            Self::StackOverflow => "call stack exhausted",
            Self::HostError => "host function error",
            Self::UninitializedElement => "uninitialized element",
            Self::NullReference => "null reference",
            Self::UndefinedElement => "undefined element",
            Self::OutOfFuel => "all fuel consumed",
            Self::Interrupted => "interrupted",
        }
    }

    /// The trap code for a discriminant produced by [`TrapCode`]`as u8`.
    pub fn from_u8(code: u8) -> Option<Self> {
        Some(match code {
            0 => Self::Unreachable,
            1 => Self::MemoryOutOfBounds,
            2 => Self::TableOutOfBounds,
            3 => Self::IndirectCallToNull,
            4 => Self::BadSignature,
            5 => Self::IntegerDivisionByZero,
            6 => Self::IntegerOverflow,
            7 => Self::BadConversionToInteger,
            8 => Self::StackOverflow,
            9 => Self::HostError,
            10 => Self::UninitializedElement,
            11 => Self::NullReference,
            12 => Self::UndefinedElement,
            13 => Self::OutOfFuel,
            14 => Self::Interrupted,
            _ => return None,
        })
    }
}

impl fmt::Display for TrapCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.message())
    }
}

/// What kind of failure an [`Error`] is.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// WebAssembly execution trapped.
    Trap(TrapCode),
    /// The binary is malformed or invalid; `offset` is the byte offset wasmparser reported.
    Parse {
        /// wasmparser's message.
        message: String,
        /// Byte offset in the module.
        offset: usize,
    },
    /// The module uses something this engine does not support (yet).
    Unsupported(String),
    /// Imports did not match (`unknown import`, `incompatible import type`, ...).
    Link(String),
    /// A limit of the engine or store was exceeded outside of execution.
    Limit(String),
    /// A host function failed, or an API call was given bad arguments.
    Host(String),
    /// A host function ended the program with this exit status (WASI's `proc_exit`): how the
    /// program chose to stop, not a failure of the engine; a CLI makes it its exit code.
    Exit(i32),
}

/// The error type of every fallible polymem operation: one word wide.
///
/// An error raised while WebAssembly ran carries the Wasm frames live at that moment
/// ([`Error::backtrace`]). Equality compares kinds only: where an error happened is not part
/// of what it is. `Display` prints the message alone (the spec's message for a trap); print
/// the backtrace on its own lines (the crate docs show how).
#[derive(Clone)]
pub struct Error {
    inner: Box<Inner>,
}

#[derive(Clone)]
struct Inner {
    kind: ErrorKind,
    backtrace: Option<WasmBacktrace>,
}

impl Error {
    /// An error of the given kind.
    #[cold]
    pub fn new(kind: ErrorKind) -> Self {
        Self { inner: Box::new(Inner { kind, backtrace: None }) }
    }

    /// A trap error.
    #[cold]
    pub fn trap(code: TrapCode) -> Self {
        Self::new(ErrorKind::Trap(code))
    }

    /// A host error with a message, as returned by host functions.
    #[cold]
    pub fn host(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Host(message.into()))
    }

    /// The program asked to exit with `status` (see [`ErrorKind::Exit`]).
    #[cold]
    pub fn exit(status: i32) -> Self {
        Self::new(ErrorKind::Exit(status))
    }

    #[cold]
    pub(crate) fn link(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Link(message.into()))
    }

    #[cold]
    pub(crate) fn limit(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Limit(message.into()))
    }

    #[cold]
    pub(crate) fn unsupported(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Unsupported(message.into()))
    }

    /// The kind of this error.
    pub fn kind(&self) -> &ErrorKind {
        &self.inner.kind
    }

    /// The WebAssembly frames that were live when this error was raised, innermost first:
    /// `Some` for every error raised while WebAssembly ran (traps, host function errors, fuel,
    /// interruption), except a requested exit ([`ErrorKind::Exit`]); `None` for errors raised
    /// outside of execution (decoding, linking, bad arguments).
    pub fn backtrace(&self) -> Option<&WasmBacktrace> {
        self.inner.backtrace.as_ref()
    }

    /// The backtrace to which the executor appends frames, created empty on first use.
    #[cold]
    pub(crate) fn backtrace_mut(&mut self) -> &mut WasmBacktrace {
        self.inner.backtrace.get_or_insert_with(WasmBacktrace::default)
    }

    /// The trap code, if this error is a trap.
    pub fn as_trap(&self) -> Option<TrapCode> {
        match self.inner.kind {
            ErrorKind::Trap(code) => Some(code),
            _ => None,
        }
    }

    /// The exit status, if this error is a request to exit (see [`ErrorKind::Exit`]).
    pub fn exit_status(&self) -> Option<i32> {
        match self.inner.kind {
            ErrorKind::Exit(status) => Some(status),
            _ => None,
        }
    }
}

impl From<wasmparser::BinaryReaderError> for Error {
    #[cold]
    fn from(e: wasmparser::BinaryReaderError) -> Self {
        Self::new(ErrorKind::Parse {
            message: e.message().to_string(),
            offset: e.offset() as usize,
        })
    }
}

impl From<TrapCode> for Error {
    #[cold]
    fn from(code: TrapCode) -> Self {
        Self::trap(code)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.inner.kind {
            ErrorKind::Trap(code) => write!(f, "{code}"),
            ErrorKind::Parse { message, offset } => write!(f, "{message} (at offset 0x{offset:x})"),
            ErrorKind::Unsupported(m) => write!(f, "unsupported: {m}"),
            ErrorKind::Link(m) | ErrorKind::Limit(m) | ErrorKind::Host(m) => f.write_str(m),
            ErrorKind::Exit(status) => write!(f, "exited with status {status}"),
        }
    }
}

impl PartialEq for Error {
    fn eq(&self, other: &Self) -> bool {
        self.inner.kind == other.inner.kind
    }
}

impl Eq for Error {}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Error({:?})", self.inner.kind)
    }
}

impl std::error::Error for Error {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_is_one_word() {
        assert_eq!(std::mem::size_of::<Error>(), std::mem::size_of::<usize>());
    }

    #[test]
    fn trap_messages_match_the_spec() {
        assert_eq!(
            Error::trap(TrapCode::MemoryOutOfBounds).to_string(),
            "out of bounds memory access"
        );
        assert_eq!(TrapCode::StackOverflow.to_string(), "call stack exhausted");
        for code in 0..=14 {
            assert_eq!(TrapCode::from_u8(code).map(|c| c as u8), Some(code));
        }
    }
}
