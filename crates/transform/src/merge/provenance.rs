//! The `polymem.merge` custom section: which input each memory and function of a merged module
//! came from, for `polymem inspect` and other tools. UTF-8 JSON, version [`VERSION`]:
//!
//! ```text
//! { "version": 1,
//!   "inputs": [<input name>, ...],
//!   "memories": [ { "index": <output memory>, "input": <name>, "input_index": <its index there>,
//!                   "imported": <still an import of the merged module> } ],
//!   "functions": [ { "input": <name>, "first": <output index>, "count": <n>,
//!                    "input_first": <index of the first in that input> } ],
//!   "init_function": <index of the synthesized start function> | null }
//! ```
//!
//! A memory that several inputs share (imported from another input, or the same unresolved
//! import) is listed once, under the first input that declares it. `functions` lists each
//! input's defined functions as one range; imported functions are not listed.

use super::inputs::{Input, Space};
use super::resolve::Plan;
use serde::{Deserialize, Serialize};
use wasm_encoder::CustomSection;
use wasmparser::{Parser, Payload};

/// The custom section's name.
pub const SECTION: &str = "polymem.merge";
/// The version written by this crate.
pub const VERSION: u32 = 1;

/// The provenance document of a merged module.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Provenance {
    /// [`VERSION`].
    pub version: u32,
    /// The input names, in merge order.
    pub inputs: Vec<String>,
    /// Every memory of the merged module, in index order.
    pub memories: Vec<MemoryOrigin>,
    /// Each input's defined functions.
    pub functions: Vec<FunctionRange>,
    /// The start function synthesized to replay instantiation in order, if there is one.
    pub init_function: Option<u32>,
}

/// Where one memory of a merged module came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct MemoryOrigin {
    /// Its index in the merged module.
    pub index: u32,
    /// The input that declared it first.
    pub input: String,
    /// Its index in that input.
    pub input_index: u32,
    /// Whether it is still an import of the merged module.
    pub imported: bool,
}

/// The defined functions of one input, a contiguous range of the merged module.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct FunctionRange {
    /// The input.
    pub input: String,
    /// Output index of its first defined function.
    pub first: u32,
    /// How many it defines.
    pub count: u32,
    /// The first one's index in the input.
    pub input_first: u32,
}

impl Provenance {
    /// Reads the `polymem.merge` section of `wasm`: `None` when there is none or it cannot be
    /// read (a damaged or newer section is not an error for a tool that only displays it).
    pub fn from_module(wasm: &[u8]) -> Option<Self> {
        for payload in Parser::new(0).parse_all(wasm) {
            if let Ok(Payload::CustomSection(reader)) = payload
                && reader.name() == SECTION
            {
                return serde_json::from_slice(reader.data()).ok();
            }
        }
        None
    }

    /// The input memory `index` of the merged module came from.
    pub fn memory_input(&self, index: u32) -> Option<&MemoryOrigin> {
        self.memories.iter().find(|m| m.index == index)
    }
}

/// The section for a merged module; `counts` are the output's entity counts per space.
pub(crate) fn section(
    inputs: &[Input<'_>],
    plan: &Plan,
    counts: [u32; 5],
    init_function: Option<u32>,
) -> CustomSection<'static> {
    let mem = Space::Memory as usize;
    let mut memories: Vec<Option<MemoryOrigin>> = vec![None; counts[mem] as usize];
    let mut functions = Vec::new();
    for (i, input) in inputs.iter().enumerate() {
        for (k, &out) in plan.maps[i][mem].iter().enumerate() {
            memories[out as usize].get_or_insert_with(|| MemoryOrigin {
                index: out,
                input: input.name.into(),
                input_index: k as u32,
                imported: out < plan.imported[mem],
            });
        }
        let func = Space::Func as usize;
        let imported = input.imported[func];
        let count = input.count(Space::Func) - imported;
        if count > 0 {
            functions.push(FunctionRange {
                input: input.name.into(),
                first: plan.maps[i][func][imported as usize],
                count,
                input_first: imported,
            });
        }
    }
    let provenance = Provenance {
        version: VERSION,
        inputs: inputs.iter().map(|x| x.name.to_string()).collect(),
        memories: memories.into_iter().flatten().collect(),
        functions,
        init_function,
    };
    let json = serde_json::to_vec(&provenance).unwrap_or_default();
    CustomSection { name: SECTION.into(), data: json.into() }
}
