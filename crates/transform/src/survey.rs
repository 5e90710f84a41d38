//! What a module says about its memories: limits, address type, import and export names, active
//! data, the instructions that use each, plus imports, exports and function counts. Read with
//! wasmparser after validation, in one pass over the sections. One definition behind
//! `polymem inspect` and the web package's `inspect()` (JSON through `polymem-lower-wasm`). In a
//! merged module, each memory also names the input it came from.
//!
//! ```
//! let wasm = wat::parse_str(r#"(module (memory 1) (memory (export "m") 2 3)
//!     (func (i32.store 1 (i32.const 0) (i32.load 0 (i32.const 0)))))"#)?;
//! let info = polymem_transform::survey::survey(&wasm)?;
//! assert_eq!(info.memories[1].exports, ["m"]);
//! assert_eq!((info.memories[0].instructions, info.memories[1].instructions), (1, 1));
//! assert_eq!(info.functions.defined, 1);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use crate::LowerError;
use crate::merge::provenance::Provenance;
use serde::Serialize;
use wasmparser::{
    DataKind, ExternalKind, MemoryType, Operator, Parser, Payload, TypeRef, Validator, WasmFeatures,
};

/// What `inspect` reports about a module (serialized as the JSON the JS `inspect()` returns).
#[derive(Debug, Clone, Default, Serialize)]
#[non_exhaustive]
pub struct ModuleInfo {
    /// Every memory, imported ones first, in index order.
    pub memories: Vec<MemoryInfo>,
    /// Every import, in order.
    pub imports: Vec<ExternInfo>,
    /// Every export, in order.
    pub exports: Vec<ExternInfo>,
    /// Passive data segments (not tied to a memory until `memory.init`).
    pub passive_data: DataInfo,
    /// How many functions are imported and defined.
    pub functions: FunctionCounts,
}

/// Function counts: imported functions come first in the index space.
#[derive(Debug, Clone, Copy, Default, Serialize)]
#[non_exhaustive]
pub struct FunctionCounts {
    /// Imported functions.
    pub imported: u32,
    /// Functions defined in the module.
    pub defined: u32,
}

/// One memory of the module.
#[derive(Debug, Clone, Default, Serialize)]
#[non_exhaustive]
pub struct MemoryInfo {
    /// The memory index.
    pub index: u32,
    /// `"i32"`, or `"i64"` for a memory64 memory.
    pub address: &'static str,
    /// Minimum size in pages.
    pub min: u64,
    /// Maximum size in pages, if any.
    pub max: Option<u64>,
    /// Whether the memory is shared (threads).
    pub shared: bool,
    /// Page size in bytes (65536 unless the custom-page-sizes proposal says otherwise).
    pub page_size: u64,
    /// `[module, name]` when the memory is imported.
    pub import: Option<[String; 2]>,
    /// The names it is exported under.
    pub exports: Vec<String>,
    /// Active data segments that initialize it.
    pub data: DataInfo,
    /// Instructions that name this memory (a `memory.copy` within it counts once).
    pub instructions: u64,
    /// In a merged module, the input it came from (the `polymem.merge` section).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub input: Option<String>,
}

/// A count of data segments and their total size.
#[derive(Debug, Clone, Copy, Default, Serialize)]
#[non_exhaustive]
pub struct DataInfo {
    /// Number of segments.
    pub segments: u32,
    /// Their bytes, added up.
    pub bytes: u64,
}

/// An import or export: `module` is empty for exports, `index` is set for exports.
#[derive(Debug, Clone, Default, Serialize)]
#[non_exhaustive]
pub struct ExternInfo {
    /// The import's module name (`""` for exports).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub module: String,
    /// The import or export name.
    pub name: String,
    /// `"function"`, `"table"`, `"memory"`, `"global"`, `"tag"`.
    pub kind: &'static str,
    /// The exported entity's index in its index space (exports only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub index: Option<u32>,
}

fn memory_info(index: usize, ty: MemoryType) -> MemoryInfo {
    MemoryInfo {
        index: index as u32,
        address: if ty.memory64 { "i64" } else { "i32" },
        min: ty.initial,
        max: ty.maximum,
        shared: ty.shared,
        page_size: ty.page_size_log2.map_or(65536, |log2| 1u64 << log2.min(63)),
        ..MemoryInfo::default()
    }
}

fn import_kind(ty: &TypeRef) -> &'static str {
    match ty {
        TypeRef::Func(_) | TypeRef::FuncExact(_) => "function",
        TypeRef::Table(_) => "table",
        TypeRef::Memory(_) => "memory",
        TypeRef::Global(_) => "global",
        TypeRef::Tag(_) => "tag",
    }
}

fn export_kind(kind: ExternalKind) -> &'static str {
    match kind {
        ExternalKind::Func | ExternalKind::FuncExact => "function",
        ExternalKind::Table => "table",
        ExternalKind::Memory => "memory",
        ExternalKind::Global => "global",
        ExternalKind::Tag => "tag",
    }
}

/// Validates `wasm` (every feature wasmparser enables by default, as `lower` accepts) and
/// collects its [`ModuleInfo`].
pub fn survey(wasm: &[u8]) -> Result<ModuleInfo, LowerError> {
    Validator::new_with_features(WasmFeatures::default()).validate_all(wasm)?;
    let mut info = ModuleInfo::default();
    let mut used = Vec::new();
    for payload in Parser::new(0).parse_all(wasm) {
        match payload? {
            Payload::ImportSection(reader) => {
                for import in reader.into_imports() {
                    let import = import?;
                    if let TypeRef::Memory(ty) = import.ty {
                        let mut memory = memory_info(info.memories.len(), ty);
                        memory.import = Some([import.module.into(), import.name.into()]);
                        info.memories.push(memory);
                    }
                    if let TypeRef::Func(_) | TypeRef::FuncExact(_) = import.ty {
                        info.functions.imported += 1;
                    }
                    info.imports.push(ExternInfo {
                        module: import.module.into(),
                        name: import.name.into(),
                        kind: import_kind(&import.ty),
                        index: None,
                    });
                }
            }
            Payload::FunctionSection(reader) => info.functions.defined = reader.count(),
            Payload::MemorySection(reader) => {
                for ty in reader {
                    info.memories.push(memory_info(info.memories.len(), ty?));
                }
            }
            Payload::ExportSection(reader) => {
                for export in reader {
                    let export = export?;
                    if export.kind == ExternalKind::Memory
                        && let Some(m) = info.memories.get_mut(export.index as usize)
                    {
                        m.exports.push(export.name.into());
                    }
                    info.exports.push(ExternInfo {
                        module: String::new(),
                        name: export.name.into(),
                        kind: export_kind(export.kind),
                        index: Some(export.index),
                    });
                }
            }
            Payload::DataSection(reader) => {
                for data in reader {
                    let data = data?;
                    let target = match data.kind {
                        DataKind::Passive => Some(&mut info.passive_data),
                        DataKind::Active { memory_index, .. } => {
                            info.memories.get_mut(memory_index as usize).map(|m| &mut m.data)
                        }
                    };
                    if let Some(target) = target {
                        target.segments += 1;
                        target.bytes += data.data.len() as u64;
                    }
                }
            }
            Payload::CodeSectionEntry(body) => {
                let mut reader = body.get_operators_reader()?;
                while !reader.eof() {
                    used.clear();
                    memories_used(&reader.read()?, &mut used);
                    used.dedup();
                    for &index in &used {
                        if let Some(m) = info.memories.get_mut(index as usize) {
                            m.instructions += 1;
                        }
                    }
                }
            }
            _ => {}
        }
    }
    if let Some(provenance) = Provenance::from_module(wasm) {
        for memory in &mut info.memories {
            memory.input = provenance.memory_input(memory.index).map(|m| m.input.clone());
        }
    }
    Ok(info)
}

/// Generates `memories_used`, which pushes every memory index among an operator's immediates
/// (`memarg`, `mem`, `dst_mem`, `src_mem`), from wasmparser's table of all operators so that
/// no memory instruction is forgotten.
macro_rules! define_memories_used {
    ($( @$proposal:ident $op:ident $({ $($arg:ident: $argty:ty),* })? => $visit:ident ($($ann:tt)*) )*) => {
        fn memories_used(op: &Operator<'_>, out: &mut Vec<u32>) {
            #[allow(unreachable_patterns)]
            match op {
                $( Operator::$op $({ $($arg),* })? => { $($( memory_index!(out, $arg, $arg); )*)? } )*
                _ => {}
            }
        }
    };
}

/// One immediate: memory indices are pushed, others ignored. The name comes twice because a
/// literal name matches across macro hygiene while the binding must be the caller's.
macro_rules! memory_index {
    ($out:ident, memarg, $v:ident) => {
        if let wasmparser::MemArgTarget::Memory(index) = $v.target {
            $out.push(index)
        }
    };
    ($out:ident, mem, $v:ident) => {
        $out.push(*$v)
    };
    ($out:ident, dst_mem, $v:ident) => {
        $out.push(*$v)
    };
    ($out:ident, src_mem, $v:ident) => {
        $out.push(*$v)
    };
    ($out:ident, $other:ident, $v:ident) => {
        let _ = $v;
    };
}

wasmparser::for_each_operator!(define_memories_used);
