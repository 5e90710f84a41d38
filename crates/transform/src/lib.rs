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
//!   they are (the engine's own checks are exact), unless it is an import named in
//!   [`LowerOptions::bridge_imports`] (then it is bridged, see below). Null memories get base 0 and size 0: every
//!   access to them traps, `memory.grow` by 0 returns 0 and anything else -1.
//! - **combined**: otherwise, every non-external memory is stored in one combined memory at
//!   its own base: fixed-size memories first, then the growable ones, each group in order of
//!   use (accesses weighted by loop depth), the most used last ([`LowerOptions::top`] picks
//!   another). A memory is *fixed-size* when its maximum is its minimum or when it is private
//!   and no `memory.grow` names it (nothing else can grow it). Each stored memory that can move
//!   or grow has four mutable globals: base (i32 bytes), pages (i32), bytes (i64) and room (i32
//!   pages); one whose base and size are both constant has none. A
//!   constant base is folded into the static offset and a constant size into an `i32.const`
//!   limit. An access checks `addr + offset + width <= bytes` (in i64 when the size can change)
//!   and, when that fails, traps with the engine's out-of-bounds trap by loading 4 bytes at
//!   address `2^32 - 1` (past any 32-bit memory). No check is emitted for:
//!   - the top memory when nothing below it can move it and nothing can grow the combined
//!     memory past its end (no host holds the combined memory, or the combined memory is at
//!     its maximum and the top memory fixed-size): the engine's own check is exact there (see
//!     `access::engine_checked`);
//!   - an access whose address is provably below the memory's minimum size minus its
//!     `offset + width` (value ranges through loops and branches, see the `ranges` module):
//!     memories never shrink;
//!   - an access covered by an earlier check of the same address local in one straight-line
//!     region (a load's check covers the loads and the first store through that local that
//!     follow it with nothing observable in between; the `elide` module argues why that is
//!     exact).
//! - **in place**: one exported, non-imported, 32-bit memory (memory 0 when it qualifies, else
//!   the lowest such index) is stored like the others but first, at base 0, so its loads and
//!   stores keep their addresses and offsets (still checked against its own size). The lowered
//!   module exports the combined memory under that memory's export names, at the same
//!   positions, plus two functions for hosts: `polymem.size () -> i32` (its pages) and
//!   `polymem.grow (i32) -> i32` (its `memory.grow`), renamed `polymem.size.1` etc. when the
//!   module already exports those names. Glue code indexing `memory.buffer` with the memory's
//!   addresses keeps working; what a JS observer sees differently is listed in
//!   `js/polymem/src/lowered.js`. With [`LowerOptions::reserve_max`] (the default), when it declares a
//!   maximum of at most [`LowerOptions::reserve_cap`] pages (default 1 GiB: iOS Safari is
//!   reported to refuse 2 GiB memories, Emscripten's default maximum, and to accept 1 GiB:
//!   godotengine/godot#70621, emscripten-core/emscripten#19144, o1-labs/o1js-bindings#26)
//!   and the other memories still fit above it under the 65,535-page cap, its whole
//!   maximum is reserved at instantiation (its room), so its growth never moves them: their
//!   bases are constants, folded into the static offsets of their accesses (the combined
//!   memory's initial size then includes that maximum; engines reserve address space for it,
//!   untouched pages cost no physical memory on 64-bit hosts). When every private memory is
//!   fixed-size and the in-place one is too or has its maximum reserved, the combined memory
//!   starts at its maximum, so not even a host holding it can grow it, and the top memory is
//!   checked by the engine itself.
//! - **growth**: every stored memory with something above it has a *room*, the pages reserved
//!   before the next base (initially its minimum). `memory.grow` within the room only updates
//!   the globals (the room past the size is all zeros: nothing writes past a memory's size).
//!   Beyond it, a helper honours the memory's own maximum, grows the combined memory so the
//!   room becomes the larger of what is needed and `min(2 x room, max)` (retrying with exactly
//!   what is needed when the engine refuses), moves the memories above up (`memory.copy`) and
//!   zeroes the bytes they left behind (`memory.fill`). The last memory grows the combined
//!   memory itself.
//! - **bridged**: the other external memories cannot share the one memory without being
//!   visible to others, so they stay separate host memories reached through imports of module
//!   `polymem:bridge`: `size(id) -> pages`, `grow(id, delta) -> old | -1`,
//!   `read(id, addr, offset, scratch, n) -> oob` and `write(id, addr, offset, scratch, n) -> oob`
//!   (copy `n` bytes between `addr + offset` of the bridged memory and the combined memory's
//!   scratch area, or return 1 without copying when that is out of bounds, computed without
//!   overflow), `fill(id, addr, value, n)` and
//!   `copy(dst_id, dst, src_id, src, n)` (id -1 names the combined memory; a memmove when both
//!   are the same memory object). The combined memory itself is imported as
//!   `polymem:bridge.combined` (and re-exported under the in-place memory's names) and holds a
//!   one-page scratch area used to stage loads, stores and `memory.init`: at byte 0, or right
//!   above the in-place memory, moving with it (its address is then a global). Traps still
//!   happen in Wasm, so they keep their kind. The host (`js/polymem/src/lowered.js`, or
//!   `polymem_wast::bridge`) resolves imported bridged memories (checking their limits),
//!   creates exported ones and adds them to the instance's exports.
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
//! custom-page-size memories, and atomic instructions on any memory. Modules with no memory or
//! one 32-bit memory are returned unchanged (but see the next section); a module whose one
//! memory is 64-bit is lowered to a 32-bit memory, since engines without memory64 (Node 20)
//! cannot run it.
//!
//! # How explicit checks look
//!
//! An access the engine cannot check exactly and the analysis cannot prove in bounds needs an
//! explicit check against a *limit*: the access of `extent` bytes (offset + width) at `addr`
//! fits when `addr < limit`, a constant for fixed-size memories and otherwise a mutable i32
//! global per (memory, extent) that the memory's grow helper updates. By default
//! ([`CheckForm::BrIf`]) the check is `local.tee; global.get $limit; i32.ge_u; br_if $trap`
//! (~9 bytes, plus the base add when the base moves), where `$trap` is a block around the whole
//! function body followed by the engine's own out-of-bounds trap (a load at `0xFFFFFFFF`).
//! [`CheckForm::Select`] is branchless instead: the address becomes `select(addr + base, -1,
//! addr < limit)` and the access's own load or store traps at `0xFFFFFFFF + offset`. Both are
//! exact because the combined memory is capped at 65,535 pages, so a limit fits in 32 bits and
//! `0xFFFFFFFF + offset + width` always ends past the memory (a growth that would pass the cap
//! fails, as the spec allows any growth to), and because `addr + base` is only used when `addr`
//! is in bounds, where it cannot wrap. A module whose memories need all 65,536 pages from the
//! start, and functions with several results (whose body cannot be a block without a new
//! type), get the older branching form, [`CheckForm::Branch`]: an `if` around the trapping load
//! and an i64 comparison with the memory's size (~20 bytes).
//!
//! Measured on a pointer-chasing kernel whose loads sit in small functions called from a hot
//! loop (`js/lowering-bench`, workload `chase`): `br_if` runs as fast as the unchecked
//! single-memory program on Node 20 and JavaScriptCore; `select` makes each load wait for the
//! comparison: 1.6-1.9x slower on JavaScriptCore (1.1x on V8). The shared helpers `(i32 addr) ->
//! (i32 address in the combined memory)`, one per memory and extent, called instead of the
//! check ([`CheckForm::HelpersOutsideLoops`]: calls outside loops, branches inside;
//! [`CheckForm::Helpers`]: calls everywhere; 4 bytes per load), were the smallest code, but V8
//! does not inline them: that kernel ran 1.8-2.1x slower on Node 20 with them. Helpers are
//! numbered after every other function and use the grow helpers' type; limit globals come after
//! every other global.
//!
//! # Importing an in-place memory
//!
//! The memory a lowered module exports in place *is* its combined memory: a module importing
//! it sees the private memories and free room above the logical end, where natively it would
//! trap (`linking1.wast` line 50: a data segment at `0xffff` of a 0-page memory 0 fits into the
//! scratch page). A host that knows which of a module's imports it will bind to such memories
//! (`js/polymem/src/lowered.js` and `polymem_wast::bridge` both keep a registry of them) names
//! them in [`LowerOptions::bridge_imports`]; those imports are then *bridged* like any other
//! external memory, even when the module has only that one memory, and the host answers the
//! bridge's `size`/`read`/`write`/`grow` with the exporter's logical size and its
//! `polymem.grow` helper. That is exact (every access past the logical end traps, growth on
//! either side is seen by both), at the bridge's cost: a host call per load or store of that
//! memory (bulk operations: one call each). The alternative, importing the combined memory
//! itself plus an exported `bytes` global of the exporter so that checks stay in Wasm, would
//! make such accesses nearly free but needs a second export protocol on every in-place
//! exporter and a second import kind on the host; importing another module's in-place memory
//! is rare (a program's glue and its one module share memory 0 through JS, not Wasm imports),
//! so the simple, already-tested bridge path was chosen.
//!
//! # The `polymem.memory-layout` custom section
//!
//! Appended to every lowered module: a [`Layout`] document, version [`LAYOUT_VERSION`], in a
//! compact binary form ([`Layout::to_bytes`], read with [`Layout::from_module`] or
//! [`Layout::from_bytes`]; 40-80 bytes where version 2's JSON took 500-700): the fields below
//! in this order, integers as LEB128, options as a flag byte, strings and lists with their
//! length first, enums as one byte (their position in the lists below). `polymem lower
//! --emit-layout` prints it as JSON ([`Layout::to_json`], read back with [`Layout::parse`]):
//!
//! ```text
//! { "version": 3,
//!   "memory": { "kind": "direct" | "combined" | "imported-combined",
//!               "memory": <original index>                            (direct only),
//!               "min": <pages>, "max": <pages|null>,
//!               "import": ["polymem:bridge", "combined"]            (imported-combined only) },
//!   "scratch": { "base": <initial byte address>, "bytes": 65536,
//!                "base_global": <i32 global, when it moves> }         (bridged only),
//!   "bridge": { "module": "polymem:bridge", "functions": [...] }      (bridged only),
//!   "in_place": { "memory": <original index>, "size_export": "polymem.size",
//!                 "grow_export": "polymem.grow" }                     (in place only),
//!   "memories": [ { "index": <original index>, "address": "i32" | "i64",
//!                   "min": <pages>, "max": <pages|null>,
//!                   "import": [module, name] | null, "exports": [names],
//!                   "export_positions": [position of each in the original export list],
//!                   "place": "direct" | "combined" | "in-place" | "bridged",
//!                   "base": <initial byte offset>       (direct, combined, in-place),
//!                   "room": <initial pages reserved>                 (combined, in-place),
//!                   "base_global", "pages_global", "bytes_global", "room_global":
//!                                   <global indices>     (combined, in-place; when dynamic),
//!                   "bridge_id": <id used in bridge calls>            (bridged) } ] }
//! ```
//!
//! A module lowered before version 3 holds a version 2 JSON document: reading it is an error
//! that says so (such a module has the older, slower checks: lower the original again).

#![forbid(unsafe_code)]

mod access;
mod assemble;
mod bulk;
mod checks;
mod copying;
mod elide;
mod error;
mod facts;
mod layout;
pub mod merge;
mod ranges;
mod rewrite;
mod scalar_ops;
mod section;
mod section_bytes;
mod segments;
pub mod survey;
mod temps;

pub use error::LowerError;
pub use merge::{MergeError, MergeOptions, merge_modules};
pub use section::{
    Address, BridgeImports, InPlace, Kind, LAYOUT_SECTION, LAYOUT_VERSION, Layout, LayoutError,
    LayoutMemory, LoweredMemory, Placement, Scratch,
};

use wasmparser::{FuncValidatorAllocations, Parser, ValidPayload, Validator, WasmFeatures};

/// Options of [`lower_memories`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct LowerOptions {
    /// Allow external memories to be bridged through `polymem:bridge` host imports (see the
    /// crate docs). When `false`, such modules are rejected. Default: `true`.
    pub host_bridge: bool,
    /// Validate the lowered module (without multi-memory) before returning it. Default: `true`.
    pub validate_output: bool,
    /// Memory imports `(module, name)` that the host binds to memories kept *in place* by
    /// other lowered instances (see "Importing an in-place memory" in the crate docs): each is
    /// bridged, even in a module with a single memory, which is then lowered instead of being
    /// returned unchanged. Names the module does not import are ignored. Default: empty.
    pub bridge_imports: Vec<(String, String)>,
    /// The memory to store on top of the combined memory (an original index). Default:
    /// `None`, the most used one by a static count (accesses weighted by loop depth). The top
    /// memory needs no explicit bounds check when nothing below it can grow, and growing it
    /// moves nothing. An index that is not stored in the combined memory (in place or
    /// bridged) is an error.
    pub top: Option<u32>,
    /// How the explicit bounds checks of 32-bit stored memories look. Default:
    /// [`CheckForm::BrIf`].
    pub check_form: CheckForm,
    /// Reserve the whole declared maximum of the memory kept in place (see "How memories are
    /// placed" in the crate docs) when the other memories still fit above it: their bases
    /// become constants, folded into their accesses' offsets (a pointer-chasing kernel on a
    /// private memory: no base add per load). Default: `true`. JS glue then sees a
    /// `memory.buffer` at least as large as that maximum; glue that sizes its growth requests
    /// from `buffer.byteLength` (Emscripten's `emscripten_resize_heap`) asks for less than it
    /// sees, which the web package's `grow` of the exported memory understands
    /// (`js/polymem/src/lowered.js`, `growTargets`). Set it to `false` for hosts that grow the
    /// exported memory by `buffer.byteLength` arithmetic without that `grow`, or to keep the
    /// initial memory small.
    pub reserve_max: bool,
    /// The largest declared maximum, in pages, that [`LowerOptions::reserve_max`] reserves:
    /// a larger one keeps moving bases above it, as without the reserve. The reserve is part
    /// of the combined memory's *initial* size, and iOS Safari is reported to refuse
    /// `WebAssembly.Memory` objects of 2 GiB (Emscripten's default maximum) while 1 GiB
    /// requests succeed (see "How memories are placed" in the crate docs). Default:
    /// [`DEFAULT_RESERVE_CAP`] (16,384 pages, 1 GiB).
    pub reserve_cap: u64,
}

/// The default of [`LowerOptions::reserve_cap`]: 16,384 pages (1 GiB).
pub const DEFAULT_RESERVE_CAP: u64 = 16384;

/// How an access that needs an explicit bounds check gets it (see "How explicit checks look"
/// in the crate docs).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum CheckForm {
    /// A compare with the limit and a `br_if` to a trap at the end of the function (~9 bytes
    /// per access, ~15 per function).
    #[default]
    BrIf,
    /// Branchless: the address is replaced by one that traps when it is out of bounds
    /// (~10 bytes per access, no call).
    Select,
    /// An `if` around a trapping load (~20 bytes per access).
    Branch,
    /// Inline branches in loops, a call to a shared helper elsewhere.
    HelpersOutsideLoops,
    /// A call to a shared helper everywhere.
    Helpers,
}

impl Default for LowerOptions {
    fn default() -> Self {
        Self {
            host_bridge: true,
            validate_output: true,
            bridge_imports: Vec::new(),
            top: None,
            check_form: CheckForm::default(),
            reserve_max: true,
            reserve_cap: DEFAULT_RESERVE_CAP,
        }
    }
}

/// Features accepted in the input: everything wasmparser enables by default, and custom page
/// sizes, so that such a memory gets the lowering's own error naming it rather than a
/// validation error.
fn input_features() -> WasmFeatures {
    WasmFeatures::default() | WasmFeatures::CUSTOM_PAGE_SIZES
}

/// Lowers every memory of `wasm` into at most one, preserving behaviour exactly.
///
/// Modules with no memory or one 32-bit memory are returned byte for byte, unless their memory
/// is an import named in [`LowerOptions::bridge_imports`]; one 64-bit memory is lowered to a
/// 32-bit one. Malformed or invalid input, and
/// modules that cannot be lowered faithfully, are errors.
pub fn lower_memories(wasm: &[u8], options: &LowerOptions) -> Result<Vec<u8>, LowerError> {
    let types = Validator::new_with_features(input_features()).validate_all(wasm)?;
    let types = types.as_ref();
    let bridge_imports = &options.bridge_imports;
    // One 32-bit memory (or none) runs anywhere as it is; one 64-bit memory needs an engine
    // with memory64 (Node 20 has none), so it is lowered into a 32-bit memory like any other.
    let as_is =
        types.memory_count() == 0 || (types.memory_count() == 1 && !types.memory_at(0).memory64);
    if as_is && bridge_imports.is_empty() {
        return Ok(wasm.to_vec());
    }
    let layout = layout::MemoryLayout::plan(wasm, options)?;
    if as_is && !layout.memories.iter().any(|m| m.bridge_always) {
        return Ok(wasm.to_vec());
    }
    let (lowered, copied) = assemble::assemble(wasm, &layout, types, options.check_form)?;
    if options.validate_output
        && let Err(e) = validate_lowered(&lowered, &copied)
    {
        return Err(LowerError::internal(format!(
            "lowered module is invalid at offset {:#x}: {}",
            e.offset(),
            e.message()
        )));
    }
    Ok(lowered)
}

/// Validates a lowered module without multi-memory, except the bodies of its first functions
/// whose `copied` entry is true: those were copied byte for byte from the validated input, and
/// a body without memory instructions (anything naming a memory is rewritten) means the same
/// in the lowered module, whose types, functions, tables and globals keep their indices (what
/// the lowering adds comes after them). Validating them again was most of the output's
/// validation time on large modules.
fn validate_lowered(wasm: &[u8], copied: &[bool]) -> Result<(), wasmparser::BinaryReaderError> {
    let mut validator = Validator::new_with_features(input_features() - WasmFeatures::MULTI_MEMORY);
    let mut allocations = FuncValidatorAllocations::default();
    let mut body = 0;
    for payload in Parser::new(0).parse_all(wasm) {
        if let ValidPayload::Func(func, reader) = validator.payload(&payload?)? {
            if !copied.get(body).copied().unwrap_or(false) {
                let mut func = func.into_validator(std::mem::take(&mut allocations));
                func.validate(&reader)?;
                allocations = func.into_allocations();
            }
            body += 1;
        }
    }
    Ok(())
}
