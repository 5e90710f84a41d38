//! Makes test modules exercise the lowering: a module with at most one memory is returned
//! unchanged by `lower_memories`, so the SIMD and Wasm 3.0 spec files (one memory or none each)
//! would not test the lowering at all. [`with_extra_memory`] appends a second, unused one-page
//! memory (index 1; every instruction still names memory 0) and [`OPTIONS_TOP`] puts it on top
//! of the combined memory, so memory 0 is stored below it and every access to it is rebased
//! and explicitly bounds-checked by the lowering. A module without memories gets two unused
//! ones, so that it still goes through the lowering's rewriting (tail calls, wide arithmetic
//! and the like must come out unchanged).
//!
//! Used by `tests/node_spec.rs` (lowered on Node 20), `crates/wast/tests/lowered.rs` (lowered
//! on our engine with multi-memory off) and `examples/dump_spec.rs` (the `simd-accesses` suite of
//! the web package's lanes, lowered in every engine).

use wasm_encoder::reencode::{Reencode, RoundtripReencoder};
use wasm_encoder::{MemorySection, MemoryType, Module, RawSection};
use wasmparser::{Parser, Payload};

/// Whether a SIMD proposal file tests memory accesses (loads, stores, lanes, splats and zeros,
/// alignment, addresses, `simd_memory-multi`): the files these tests lower.
pub fn is_simd_access_file(name: &str) -> bool {
    ["load", "store", "memory", "address", "align"].iter().any(|k| name.contains(k))
}

/// The memory [`with_extra_memory`] appends is put on top (its original index).
pub const OPTIONS_TOP: u32 = 1;

/// `wasm` with a second memory appended to its memory section (two memories where it has
/// none); unchanged when it imports a memory, already has more than one, or does not parse
/// (the lowering then reports what the original would).
pub fn with_extra_memory(wasm: &[u8]) -> Vec<u8> {
    try_extra_memory(wasm).unwrap_or_else(|| wasm.to_vec())
}

fn try_extra_memory(wasm: &[u8]) -> Option<Vec<u8>> {
    let mut module = Module::new();
    let mut added = false;
    for payload in Parser::new(0).parse_all(wasm) {
        let payload = payload.ok()?;
        // A module without a memory section gets one before the first section that follows
        // the memory section's place (tag, global, export, start, element, data count, code,
        // data), or at the end.
        let after_memories = match payload.as_section() {
            Some((id, _)) => matches!(id, 6..=13),
            None => matches!(payload, Payload::End(_)),
        };
        if !added && after_memories && !matches!(payload, Payload::MemorySection(_)) {
            module.section(&memories(&[]));
            added = true;
        }
        match payload {
            Payload::Version { .. } | Payload::End(_) => {}
            Payload::ImportSection(ref reader) => {
                // An imported memory takes index 0: ours would not be index 1.
                let imports = reader.clone().into_imports().flatten();
                if imports.into_iter().any(|i| matches!(i.ty, wasmparser::TypeRef::Memory(_))) {
                    return None;
                }
                let (id, range) = payload.as_section()?;
                module.section(&raw(wasm, range, id));
            }
            Payload::MemorySection(reader) => {
                if reader.count() != 1 {
                    return None;
                }
                let memory = reader.into_iter().next()?.ok()?;
                module.section(&memories(&[RoundtripReencoder.memory_type(memory).ok()?]));
                added = true;
            }
            Payload::CodeSectionEntry(_) => {} // Copied with the code section.
            other => {
                let (id, range) = other.as_section()?;
                module.section(&raw(wasm, range, id));
            }
        }
    }
    added.then(|| module.finish())
}

/// A memory section: `existing`, then unused one-page memories up to two in all.
fn memories(existing: &[MemoryType]) -> MemorySection {
    let mut section = MemorySection::new();
    for memory in existing {
        section.memory(*memory);
    }
    for _ in existing.len()..2 {
        section.memory(MemoryType {
            minimum: 1,
            maximum: None,
            memory64: false,
            shared: false,
            page_size_log2: None,
        });
    }
    section
}

/// A section copied byte for byte.
fn raw(wasm: &[u8], range: std::ops::Range<u64>, id: u8) -> RawSection<'_> {
    RawSection { id, data: &wasm[range.start as usize..range.end as usize] }
}
