//! Binary-to-binary WebAssembly rewrites. The first is [`lower_memories`]: it turns a module
//! with several memories (the multi-memory feature) into one that uses at most one memory and
//! behaves exactly the same, for engines without multi-memory.
//!
//! ```
//! use polymem_transform::{LowerOptions, lower_memories};
//!
//! let wasm = wat::parse_str(
//!     r#"(module
//!          (memory $a 1) (memory $b 1 2)
//!          (func (export "f") (param i32) (result i32)
//!            (i32.store $b (local.get 0) (i32.const 7))
//!            (i32.load $b (local.get 0))))"#,
//! )?;
//! let lowered = lower_memories(&wasm, &LowerOptions::default())?;
//!
//! // Valid without multi-memory.
//! let features = wasmparser::WasmFeatures::WASM2 - wasmparser::WasmFeatures::MULTI_MEMORY;
//! wasmparser::Validator::new_with_features(features).validate_all(&lowered)?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # How memories are placed
//!
//! A memory is *external* when it is imported or exported, and *null* when it is neither and
//! its maximum is 0 pages (it is empty forever). Then:
//!
//! - **direct**: when at most one memory is external or non-null, that memory becomes the
//!   lowered module's memory 0, imported/exported as before, and its instructions are left as
//!   they are (the engine's own checks are exact). Null memories get base 0 and size 0: every
//!   access to them traps, `memory.grow` by 0 returns 0 and anything else -1.
//! - **combined**: otherwise, every non-external memory is stored in one combined memory at
//!   its own base: fixed-size memories (`min == max`) first, the most accessed lowest, then the
//!   growable ones, the most accessed last (growing the last memory moves nothing). Each stored
//!   memory has three mutable globals: base (i32 bytes), pages (i32), bytes (i64). A constant
//!   base is folded into the static offset and a constant size into an `i64.const`.
//!   Every access checks `addr + offset + width <= bytes` in i64 and, when that fails, traps
//!   with the engine's out-of-bounds trap by loading from an address past 8 GiB. `memory.grow`
//!   calls a helper that honours the memory's own maximum, grows the combined memory, moves
//!   the memories above up (`memory.copy`) and zeroes the gap (`memory.fill`).
//! - **bridged**: external memories in the combined case cannot share the one memory without
//!   being visible to others, so they stay separate host memories reached through imports of
//!   module `polymem:bridge`: `size(id) -> pages`, `grow(id, delta) -> old | -1`,
//!   `read(id, addr, offset, scratch, n) -> oob` and `write(id, addr, offset, scratch, n) -> oob`
//!   (copy `n` bytes between `addr + offset` of the bridged memory and the combined memory's
//!   scratch area, or return 1 without copying when that is out of bounds, computed without
//!   overflow), `fill(id, addr, value, n)` and
//!   `copy(dst_id, dst, src_id, src, n)` (id -1 names the combined memory; a memmove when both
//!   are the same memory object). The combined memory itself is imported as
//!   `polymem:bridge.combined` and starts with a one-page scratch area used to stage loads,
//!   stores and `memory.init`. Traps still happen in Wasm, so they keep their kind. The host
//!   (the JS loader, or `js/polymem/src/lowered.js`) resolves imported bridged memories
//!   (checking their limits), creates exported ones and adds them to the instance's exports.
//!   Set [`LowerOptions::host_bridge`] to `false` to reject such modules instead.
//!
//! When a memory other than the lowered memory is the target of an active data segment, all
//! active segments become passive and a synthesized start function applies them in order
//! (see the `segments` module), then calls the original start function.
//!
//! 64-bit memories (memory64) that are private are stored like any other: addresses are
//! checked in i64 without overflow (`extent > size || addr > size - extent`) and then wrapped to
//! the 32-bit combined memory; `memory.size`/`memory.grow` take and return i64 (growing past
//! what 32 bits can address returns -1, as a host limit may). `memory.copy` between memories of
//! different address types takes an i32 length, as the spec says.
//!
//! Rejected, with an error naming the memory: imported or exported 64-bit memories, shared and
//! custom-page-size memories, and atomic instructions on any memory. Modules with 0 or 1 memory
//! are returned unchanged.
//!
//! # The `polymem.memory-layout` custom section
//!
//! Appended to every lowered module; UTF-8 JSON:
//!
//! ```text
//! { "version": 1,
//!   "memory": { "kind": "direct" | "combined" | "imported-combined",
//!               "memory": <original index, direct only>, "min": <pages>, "max": <pages|null>,
//!               "import": ["polymem:bridge", "combined"]            (imported-combined only) },
//!   "scratch": { "base": 0, "bytes": 65536 }                          (bridged only),
//!   "bridge": { "module": "polymem:bridge", "functions": [...] }      (bridged only),
//!   "memories": [ { "index": <original index>, "address": "i32" | "i64",
//!                   "min": <pages>, "max": <pages|null>,
//!                   "import": [module, name] | null, "exports": [names],
//!                   "place": "direct" | "combined" | "bridged",
//!                   "base": <initial byte offset>                     (direct, combined),
//!                   "base_global", "pages_global", "bytes_global": <global indices>
//!                                                                     (combined, when dynamic),
//!                   "bridge_id": <id used in bridge calls>            (bridged) } ] }
//! ```

#![forbid(unsafe_code)]

mod access;
mod assemble;
mod bulk;
mod error;
mod layout;
mod rewrite;
mod section;
mod segments;

pub use error::LowerError;
pub use section::{LAYOUT_SECTION, LAYOUT_VERSION};

use wasmparser::{Validator, WasmFeatures};

/// Options of [`lower_memories`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct LowerOptions {
    /// Allow external memories to be bridged through `polymem:bridge` host imports (see the
    /// crate docs). When `false`, such modules are rejected. Default: `true`.
    pub host_bridge: bool,
    /// Validate the lowered module (without multi-memory) before returning it. Default: `true`.
    pub validate_output: bool,
}

impl Default for LowerOptions {
    fn default() -> Self {
        Self { host_bridge: true, validate_output: true }
    }
}

/// Features accepted in the input: everything wasmparser enables by default.
fn input_features() -> WasmFeatures {
    WasmFeatures::default()
}

/// Lowers every memory of `wasm` into at most one, preserving behaviour exactly.
///
/// Modules with 0 or 1 memory are returned byte for byte. Malformed or invalid input, and
/// modules that cannot be lowered faithfully, are errors.
pub fn lower_memories(wasm: &[u8], options: &LowerOptions) -> Result<Vec<u8>, LowerError> {
    let types = Validator::new_with_features(input_features()).validate_all(wasm)?;
    let types = types.as_ref();
    if types.memory_count() <= 1 {
        return Ok(wasm.to_vec());
    }
    let layout = layout::MemoryLayout::plan(wasm, options.host_bridge)?;
    let lowered = assemble::assemble(wasm, &layout, types)?;
    if options.validate_output {
        let features = input_features() - WasmFeatures::MULTI_MEMORY;
        if let Err(e) = Validator::new_with_features(features).validate_all(&lowered) {
            return Err(LowerError::internal(format!(
                "lowered module is invalid at offset {:#x}: {}",
                e.offset(),
                e.message()
            )));
        }
    }
    Ok(lowered)
}
