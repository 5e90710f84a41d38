//! polymem's lowering ([`polymem_transform::lower_memories`]) and a module survey
//! ([`inspect`]) for JavaScript hosts: built for `wasm32-unknown-unknown`, this crate is the
//! `polymem-lower.wasm` that the `polymem` npm package (`js/polymem`) loads when an engine lacks
//! multi-memory, so that a page can lower a module itself.
//!
//! On the Rust side (the rlib) the same two operations are plain functions:
//!
//! ```
//! let wasm = wat::parse_str(
//!     r#"(module (memory 1) (memory (export "b") 1 2)
//!          (func (export "f") (param i32) (result i32) (i32.load 1 (local.get 0))))"#,
//! )?;
//! let info = polymem_lower_wasm::inspect(&wasm)?;
//! assert_eq!(info.memories.len(), 2);
//! assert_eq!(info.memories[1].exports, ["b"]);
//! assert_eq!(info.memories[1].instructions, 1);
//!
//! let lowered = polymem_lower_wasm::lower(&wasm)?;
//! assert_eq!(polymem_lower_wasm::inspect(&lowered)?.memories.len(), 1);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # The exported-function ABI (wasm32 only)
//!
//! No bindings generator: five functions on plain integers, so that any host with
//! `WebAssembly` (the `jsc` shell included) can drive it with a few lines.
//!
//! | export | meaning |
//! | --- | --- |
//! | `input(len) -> ptr` | reserve `len` bytes for the input and return where JS writes them (0: out of memory) |
//! | `lower(len) -> status` | lower the `len` input bytes; the output is the lowered module |
//! | `lower_with(len) -> status` | lower the first `len` input bytes with the options in the UTF-8 JSON [`LowerSettings`] that fills the rest of the input |
//! | `inspect(len) -> status` | survey the `len` input bytes; the output is [`ModuleInfo`] as UTF-8 JSON |
//! | `output_ptr() -> ptr`, `output_len() -> len` | the last output: the result, or the error message (UTF-8) |
//!
//! Statuses are [`Status`] values: 0 is success, anything else leaves an error message as the
//! output. Any allocation may grow the instance's memory, so hosts must take a fresh view of
//! `memory.buffer` after each call.
//!
//! # Why there is `unsafe` here, and why only there
//!
//! Exporting a function under a fixed symbol name is `#[unsafe(no_mangle)]` in Rust 2024: the
//! compiler cannot check that the name clashes with no other symbol. Those attributes (wasm32
//! only, in the private `abi` module) are the only `unsafe` in the crate. The buffers are owned
//! `Vec`s behind a `Mutex` and handed to the host as addresses (integers); the host writes and
//! reads the instance's memory itself, so Rust never dereferences a host-provided pointer.
//!
//! # Never panic
//!
//! A panic in the wasm build aborts (the `wasm-lowerer` profile has `panic = "abort"`) and kills
//! the instance, so every failure here is a status and a message. The transform and wasmparser
//! report bad input as errors; the remaining abort is running out of memory while lowering.

#![deny(unsafe_code)]

// The ABI's buffers and calls are only reachable through the wasm32 exports (and the tests).
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
mod abi;

pub use polymem_transform::survey::{DataInfo, ExternInfo, FunctionCounts, MemoryInfo, ModuleInfo};

use polymem_transform::{LowerError, LowerOptions, lower_memories};

/// The outcome of an ABI call, as the number the host receives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u32)]
pub enum Status {
    /// The output holds the result.
    Ok = 0,
    /// The input is not a valid WebAssembly module (the output says where and why).
    Invalid = 1,
    /// The module is valid but cannot be lowered faithfully (the output names the memory).
    Unsupported = 2,
    /// The lowering produced an invalid module: a bug in polymem.
    Internal = 3,
    /// The call itself was wrong: `len` exceeds the bytes reserved with `input`.
    BadCall = 4,
}

impl Status {
    /// The status that reports `err`.
    pub fn of(err: &LowerError) -> Self {
        match err {
            LowerError::Invalid { .. } => Self::Invalid,
            LowerError::Unsupported { .. } => Self::Unsupported,
            _ => Self::Internal,
        }
    }
}

/// Lowers `wasm` to a module with at most one memory, with the default [`LowerOptions`]
/// (external memories bridged through host imports, output validated).
pub fn lower(wasm: &[u8]) -> Result<Vec<u8>, LowerError> {
    lower_memories(wasm, &LowerOptions::default())
}

/// The options `lower_with` reads (JSON), all optional.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LowerSettings {
    /// `[[module, name], ...]`: memory imports the host binds to memories kept in place by
    /// other lowered instances ([`LowerOptions::bridge_imports`]).
    #[serde(default)]
    pub bridge_imports: Vec<(String, String)>,
    /// `false`: do not reserve the in-place memory's declared maximum
    /// ([`LowerOptions::reserve_max`]; default `true`).
    #[serde(default)]
    pub reserve_max: Option<bool>,
    /// The largest maximum, in pages, that is reserved ([`LowerOptions::reserve_cap`];
    /// default 16384, 1 GiB).
    #[serde(default)]
    pub reserve_cap: Option<u64>,
}

/// [`lower`] with `settings`.
pub fn lower_with(wasm: &[u8], settings: &LowerSettings) -> Result<Vec<u8>, LowerError> {
    let mut options = LowerOptions::default();
    options.bridge_imports = settings.bridge_imports.clone();
    if let Some(reserve_max) = settings.reserve_max {
        options.reserve_max = reserve_max;
    }
    if let Some(reserve_cap) = settings.reserve_cap {
        options.reserve_cap = reserve_cap;
    }
    lower_memories(wasm, &options)
}

/// Validates `wasm` and describes its memories, imports and exports.
pub fn inspect(wasm: &[u8]) -> Result<ModuleInfo, LowerError> {
    polymem_transform::survey::survey(wasm)
}
