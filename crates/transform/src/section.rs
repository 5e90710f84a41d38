//! The `polymem.memory-layout` custom section: the [`Layout`] document telling tools and hosts
//! (the Rust bridge host, `polymem lower --emit-layout`, `js/polymem/src/layout.js`) where each
//! original memory lives. Written and read by this one type: in the section in its binary form
//! (`section_bytes`), printed and parsed as JSON for people and tools (`--emit-layout`); the
//! fields are described in the crate docs.

use crate::layout::{MemoryLayout, PAGE, Place};
use crate::rewrite::{BRIDGE_FUNCS, BRIDGE_MODULE};
use serde::{Deserialize, Serialize};
use std::fmt;

/// Name of the custom section.
pub const LAYOUT_SECTION: &str = "polymem.memory-layout";
/// Version of the document in [`LAYOUT_SECTION`]. Version 2 added the in-place exported
/// memory, rooms and the export positions; version 3 stores the document in a binary form
/// instead of JSON (same fields).
pub const LAYOUT_VERSION: u32 = 3;

/// The layout document of a lowered module.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Layout {
    /// Always [`LAYOUT_VERSION`] for documents this crate accepts.
    pub version: u32,
    /// The lowered module's one memory.
    pub memory: LoweredMemory,
    /// Where bridged loads, stores and `memory.init` stage their bytes (bridged layouts only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scratch: Option<Scratch>,
    /// The `polymem:bridge` imports (bridged layouts only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bridge: Option<BridgeImports>,
    /// The exported memory stored at byte 0 of the combined memory, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub in_place: Option<InPlace>,
    /// Every original memory, in index order.
    pub memories: Vec<LayoutMemory>,
}

/// How the lowered module's memory relates to the original memories.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// One original memory is the lowered memory, unchanged.
    Direct,
    /// A memory defined by the lowered module holds the stored memories.
    Combined,
    /// The combined memory is imported from `polymem:bridge` (some memory is bridged).
    ImportedCombined,
}

/// The lowered module's memory.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoweredMemory {
    pub kind: Kind,
    /// The original index of the direct memory.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub memory: Option<u32>,
    /// Initial pages.
    pub min: u64,
    /// Maximum pages.
    pub max: Option<u64>,
    /// `(module, name)` of the import (imported-combined only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub import: Option<(String, String)>,
}

/// The staging area of bridge calls inside the combined memory.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scratch {
    /// Initial byte address.
    pub base: u64,
    /// The i32 global holding its current address, when it moves (above an in-place memory).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base_global: Option<u32>,
    pub bytes: u64,
}

/// The bridge's import module and function names, in import order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BridgeImports {
    pub module: String,
    pub functions: Vec<String>,
}

/// The exported memory kept at byte 0 of the combined memory, which the lowered module exports
/// under that memory's names, and the helper exports giving its logical size.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InPlace {
    /// Its original index.
    pub memory: u32,
    /// Export name of `() -> i32`: its current size in pages.
    pub size_export: String,
    /// Export name of `(i32 delta) -> i32`: `memory.grow` on it (old pages or -1).
    pub grow_export: String,
}

/// Address type of an original memory.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Address {
    I32,
    I64,
}

/// Where an original memory lives in the lowered module.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Placement {
    /// It is the lowered memory.
    Direct,
    /// Stored inside the combined memory at `base`.
    Combined,
    /// Stored at byte 0 of the combined memory, which is exported under its names.
    InPlace,
    /// A separate host memory reached through the bridge.
    Bridged,
}

/// One original memory.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LayoutMemory {
    pub index: u32,
    pub address: Address,
    pub min: u64,
    pub max: Option<u64>,
    /// `(module, name)` when the original module imported it.
    pub import: Option<(String, String)>,
    /// Names the original module exported it as.
    pub exports: Vec<String>,
    /// Position of each of those exports in the original module's export list.
    #[serde(default)]
    pub export_positions: Vec<u32>,
    pub place: Placement,
    /// Initial byte address inside the lowered memory (direct, combined, in-place).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base: Option<u64>,
    /// Initial pages reserved for it before the next memory (stored memories).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub room: Option<u64>,
    /// Mutable globals of a stored memory: base (i32 bytes), pages (i32), bytes (i64) and
    /// room (i32 pages).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base_global: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pages_global: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bytes_global: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub room_global: Option<u32>,
    /// The id bridge calls use for it (bridged only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bridge_id: Option<u32>,
}

/// A layout document that cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LayoutError(pub(crate) String);

impl fmt::Display for LayoutError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for LayoutError {}

impl Layout {
    /// Parses a layout document printed as JSON ([`Self::to_json`]); other versions are an
    /// error.
    pub fn parse(json: &str) -> Result<Self, LayoutError> {
        let err = |e: serde_json::Error| LayoutError(format!("{LAYOUT_SECTION}: {e}"));
        let value: serde_json::Value = serde_json::from_str(json).map_err(err)?;
        match value.get("version").and_then(serde_json::Value::as_u64) {
            Some(v) if v == u64::from(LAYOUT_VERSION) => {}
            v => {
                return Err(LayoutError(format!(
                    "{LAYOUT_SECTION}: version {} is not the supported version {LAYOUT_VERSION}",
                    v.map_or_else(|| "(missing)".to_string(), |v| v.to_string())
                )));
            }
        }
        serde_json::from_value(value).map_err(err)
    }

    /// The layout section of a (possibly lowered) module, `None` when it has none.
    pub fn from_module(wasm: &[u8]) -> Result<Option<Self>, LayoutError> {
        for payload in wasmparser::Parser::new(0).parse_all(wasm) {
            let payload =
                payload.map_err(|e| LayoutError(format!("the module does not parse: {e}")))?;
            if let wasmparser::Payload::CustomSection(section) = payload
                && section.name() == LAYOUT_SECTION
            {
                return Self::from_bytes(section.data()).map(Some);
            }
        }
        Ok(None)
    }

    /// The document as compact JSON (for people and tools; the section holds
    /// [`Self::to_bytes`]).
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("a layout always serializes")
    }

    /// Whether the module imports `polymem:bridge`.
    pub fn bridged(&self) -> bool {
        self.bridge.is_some()
    }

    /// The document describing `plan`.
    pub(crate) fn of(plan: &MemoryLayout) -> Self {
        let direct = plan.places.iter().position(|p| matches!(p, Place::Direct));
        let kind = match (direct, plan.bridged) {
            (Some(_), _) => Kind::Direct,
            (None, true) => Kind::ImportedCombined,
            (None, false) => Kind::Combined,
        };
        let bridge = plan.bridged.then(|| BridgeImports {
            module: BRIDGE_MODULE.to_string(),
            functions: BRIDGE_FUNCS.iter().map(|(name, ..)| name.to_string()).collect(),
        });
        let memories = plan
            .memories
            .iter()
            .zip(&plan.places)
            .enumerate()
            .map(|(m, (info, place))| {
                let mut doc = LayoutMemory {
                    index: m as u32,
                    address: if info.is64 { Address::I64 } else { Address::I32 },
                    min: info.min,
                    max: info.max,
                    import: info.import.clone(),
                    exports: info.exports.iter().map(|(name, _)| name.clone()).collect(),
                    export_positions: info.exports.iter().map(|&(_, at)| at).collect(),
                    place: Placement::Bridged,
                    base: None,
                    room: None,
                    base_global: None,
                    pages_global: None,
                    bytes_global: None,
                    room_global: None,
                    bridge_id: None,
                };
                match place {
                    Place::Direct => {
                        doc.place = Placement::Direct;
                        doc.base = Some(0);
                    }
                    Place::Internal(slot) => {
                        doc.place = if plan.in_place == Some(m as u32) {
                            Placement::InPlace
                        } else {
                            Placement::Combined
                        };
                        doc.base = Some(slot.base);
                        doc.room = Some(slot.room);
                        if let Some(g) = slot.globals {
                            doc.base_global = Some(g);
                            doc.pages_global = Some(g + 1);
                            doc.bytes_global = Some(g + 2);
                            doc.room_global = Some(g + 3);
                        }
                    }
                    Place::Bridged(id) => doc.bridge_id = Some(*id),
                }
                doc
            })
            .collect();
        Layout {
            version: LAYOUT_VERSION,
            memory: LoweredMemory {
                kind,
                memory: direct.map(|d| d as u32),
                min: plan.combined_min,
                max: plan.combined_max,
                import: plan.bridged.then(|| (BRIDGE_MODULE.to_string(), "combined".to_string())),
            },
            scratch: plan.scratch.as_ref().map(|s| Scratch {
                base: s.base,
                base_global: s.global,
                bytes: crate::layout::SCRATCH_PAGES * PAGE,
            }),
            bridge,
            in_place: plan.in_place.map(|memory| InPlace {
                memory,
                size_export: plan.helper_exports.0.clone(),
                grow_export: plan.helper_exports.1.clone(),
            }),
            memories,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn other_versions_and_bad_documents_are_errors() {
        let err = Layout::parse(r#"{"version":2,"memory":{}}"#).unwrap_err();
        assert!(err.to_string().contains("version 2 is not the supported version 3"), "{err}");
        assert!(Layout::parse("{").is_err());
        assert!(Layout::parse(r#"{"version":3}"#).unwrap_err().to_string().contains("memory"));
        // The section's binary form: a version 2 JSON document, other versions, truncation and
        // trailing bytes.
        let err = Layout::from_bytes(br#"{"version":2}"#).unwrap_err().to_string();
        assert!(err.contains("JSON document (version 2") && err.contains("lower the original"));
        let err = Layout::from_bytes(&[4]).unwrap_err().to_string();
        assert!(err.contains("version 4 is not the supported version 3"), "{err}");
        assert!(Layout::from_bytes(&[]).unwrap_err().to_string().contains("(missing)"));
        let bytes = Layout::parse(&example()).unwrap().to_bytes();
        for end in 1..bytes.len() {
            let err = Layout::from_bytes(&bytes[..end]).unwrap_err().to_string();
            assert!(err.contains("malformed") || err.contains("bad length"), "{end}: {err}");
        }
        let mut longer = bytes.clone();
        longer.push(0);
        let err = Layout::from_bytes(&longer).unwrap_err().to_string();
        assert!(err.contains("1 bytes after the document"), "{err}");
    }

    fn example() -> String {
        r#"{"version":3,"memory":{"kind":"combined","min":2,"max":65535},
            "in_place":{"memory":0,"size_export":"polymem.size","grow_export":"polymem.grow"},
            "memories":[{"index":0,"address":"i32","min":1,"max":null,"import":null,
              "exports":["memory"],"export_positions":[0],"place":"in-place","base":0,"room":1,
              "base_global":0,"pages_global":1,"bytes_global":2,"room_global":3},
              {"index":1,"address":"i64","min":300,"max":70000,"import":["mé","n"],
              "exports":[],"export_positions":[],"place":"bridged","bridge_id":7}],
            "scratch":{"base":65536,"base_global":9,"bytes":65536},
            "bridge":{"module":"polymem:bridge","functions":["size","grow"]}}"#
            .to_string()
    }

    #[test]
    fn documents_round_trip() {
        let layout = Layout::parse(&example()).unwrap();
        assert_eq!(layout.memories[0].place, Placement::InPlace);
        assert_eq!(Layout::parse(&layout.to_json()).unwrap(), layout);
        let bytes = layout.to_bytes();
        assert_eq!(Layout::from_bytes(&bytes).unwrap(), layout);
        assert!(bytes.len() < layout.to_json().len() / 4, "{} bytes", bytes.len());
    }
}
