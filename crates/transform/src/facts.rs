//! What the placement rests on: each memory as declared (limits, imports, exports, whether
//! something grows it) and how much the code uses it (accesses weighted by loop depth).

use crate::LowerError;
use crate::access::Access;
use crate::bulk::BulkOp;
use crate::layout::MAX_PAGES;

/// One original memory, as declared.
#[derive(Debug, Clone)]
pub(crate) struct MemInfo {
    /// A 64-bit memory (memory64): i64 addresses, stored inside the 32-bit combined memory.
    pub is64: bool,
    pub min: u64,
    pub max: Option<u64>,
    pub import: Option<(String, String)>,
    /// Export names and their positions in the export section.
    pub exports: Vec<(String, u32)>,
    /// Loads, stores and bulk operations naming it, each weighted by `LOOP_WEIGHT` per
    /// enclosing loop.
    pub accesses: u64,
    /// Some `memory.grow` names it.
    pub grown: bool,
    /// An import named in [`crate::LowerOptions::bridge_imports`]: the host binds it to a
    /// memory kept in place by another lowered instance, so it is bridged (reached with the
    /// exporter's logical size) even where it could stay the module's own memory.
    pub bridge_always: bool,
}

impl MemInfo {
    pub fn external(&self) -> bool {
        self.import.is_some() || !self.exports.is_empty()
    }
    /// A memory nobody else can see whose maximum is 0: it is empty forever and needs no space.
    pub fn null(&self) -> bool {
        !self.external() && self.max == Some(0)
    }
    /// Its size never changes: its maximum is its minimum, or nobody can grow it (it is
    /// private and no `memory.grow` names it).
    pub fn fixed_size(&self) -> bool {
        self.max == Some(self.min) || (!self.external() && !self.grown)
    }
    pub fn max_pages(&self) -> u64 {
        self.max.unwrap_or(MAX_PAGES).min(MAX_PAGES)
    }
    /// Can be kept at byte 0 of the combined memory and exported as that memory.
    pub(crate) fn in_place_candidate(&self) -> bool {
        self.import.is_none() && !self.exports.is_empty() && !self.is64
    }
    /// Can be the lowered module's memory itself, unchanged.
    pub(crate) fn direct_candidate(&self) -> bool {
        !self.is64 && !self.bridge_always
    }
}

pub(crate) fn mem_info(
    index: usize,
    ty: wasmparser::MemoryType,
    import: Option<(String, String)>,
) -> Result<MemInfo, LowerError> {
    let reject = |why: &str| Err(LowerError::unsupported(Some(index as u32), why));
    if ty.shared {
        return reject("shared memories are not supported");
    }
    if ty.page_size_log2.is_some_and(|p| p != 16) {
        return reject("custom page sizes are not supported");
    }
    Ok(MemInfo {
        is64: ty.memory64,
        min: ty.initial,
        max: ty.maximum,
        import,
        exports: Vec::new(),
        accesses: 0,
        grown: false,
        bridge_always: false,
    })
}

/// 64-bit memories are lowered only when private: the host could not share one with a 32-bit
/// module. Their initial size must fit the 32-bit combined memory.
pub(crate) fn check_64bit(m: u32, info: &MemInfo) -> Result<(), LowerError> {
    if !info.is64 {
        return Ok(());
    }
    if info.external() {
        return Err(LowerError::unsupported(
            Some(m),
            "it is a 64-bit memory (memory64) that is imported or exported; only private 64-bit \
             memories can be stored in the 32-bit lowered memory",
        ));
    }
    if info.min > MAX_PAGES {
        return Err(LowerError::unsupported(
            Some(m),
            format!("its initial size of {} pages does not fit a 32-bit memory", info.min),
        ));
    }
    Ok(())
}

/// Each enclosing loop multiplies an access's weight by this (a loop runs many times).
const LOOP_WEIGHT: u64 = 8;

pub(crate) fn count_accesses(
    body: &wasmparser::FunctionBody<'_>,
    memories: &mut [MemInfo],
) -> Result<(), LowerError> {
    let mut reader = body.get_operators_reader()?;
    // Per open block: is it a loop.
    let mut blocks: Vec<bool> = Vec::new();
    let mut weight = 1u64;
    while !reader.eof() {
        let op = reader.read()?;
        match op {
            wasmparser::Operator::Block { .. }
            | wasmparser::Operator::If { .. }
            | wasmparser::Operator::Try { .. }
            | wasmparser::Operator::TryTable { .. } => blocks.push(false),
            wasmparser::Operator::Loop { .. } => {
                blocks.push(true);
                weight = weight.saturating_mul(LOOP_WEIGHT);
            }
            // (The guard pops at every end, whatever it finds.)
            wasmparser::Operator::End | wasmparser::Operator::Delegate { .. }
                if blocks.pop() == Some(true) =>
            {
                weight /= LOOP_WEIGHT;
            }
            _ => {}
        }
        let touched = match (Access::of(&op), BulkOp::of(&op)) {
            (Some(access), _) => [Some(access.memory), None],
            (None, Some(BulkOp::Grow(m))) => {
                memories[m as usize].grown = true;
                [Some(m), None]
            }
            (None, Some(bulk)) => bulk.memories(),
            (None, None) => [None, None],
        };
        for m in touched.into_iter().flatten() {
            memories[m as usize].accesses = memories[m as usize].accesses.saturating_add(weight);
        }
    }
    Ok(())
}
