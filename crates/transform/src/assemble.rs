//! Assembly of the lowered module: every section in canonical order, original content
//! re-encoded through [`Lowerer`] and the additions (types, bridge imports, grow helpers,
//! per-memory globals, start function, layout section) appended.

use crate::layout::{MemInfo, MemoryLayout, Place, ScratchPlace, Slot};
use crate::rewrite::{BRIDGE_FUNCS, BRIDGE_MODULE, Lowerer, param_counts};
use crate::section::{LAYOUT_SECTION, Layout};
use crate::segments::read_segments;
use crate::{CheckForm, LowerError};
use std::borrow::Cow;
use wasm_encoder::reencode::Reencode;
use wasm_encoder::{
    CodeSection, ConstExpr, CustomSection, DataCountSection, EntityType, ExportKind, ExportSection,
    FunctionSection, GlobalSection, GlobalType, ImportSection, MemorySection, MemoryType, Module,
    StartSection, TableSection, TagSection, TypeSection, ValType,
};
use wasmparser::types::TypesRef;
use wasmparser::{DataKind, ExternalKind, Parser, Payload, TypeRef};

/// The sections of the input, kept as readers; custom sections remember which section they
/// followed (0 = none; otherwise the rank used by [`assemble`]).
#[derive(Default)]
struct Parts<'a> {
    types: Option<wasmparser::TypeSectionReader<'a>>,
    imports: Option<wasmparser::ImportSectionReader<'a>>,
    functions: Option<wasmparser::FunctionSectionReader<'a>>,
    tables: Option<wasmparser::TableSectionReader<'a>>,
    tags: Option<wasmparser::TagSectionReader<'a>>,
    globals: Option<wasmparser::GlobalSectionReader<'a>>,
    exports: Option<wasmparser::ExportSectionReader<'a>>,
    start: Option<u32>,
    elements: Option<wasmparser::ElementSectionReader<'a>>,
    data_count: Option<bool>,
    code: Vec<wasmparser::FunctionBody<'a>>,
    data: Option<wasmparser::DataSectionReader<'a>>,
    customs: Vec<(u8, wasmparser::CustomSectionReader<'a>)>,
}

impl<'a> Parts<'a> {
    fn collect(wasm: &'a [u8]) -> Result<Self, LowerError> {
        let mut parts = Parts::default();
        let mut rank = 0;
        for payload in Parser::new(0).parse_all(wasm) {
            rank = match payload? {
                Payload::TypeSection(r) => set(&mut parts.types, r, 1),
                Payload::ImportSection(r) => set(&mut parts.imports, r, 2),
                Payload::FunctionSection(r) => set(&mut parts.functions, r, 3),
                Payload::TableSection(r) => set(&mut parts.tables, r, 4),
                Payload::MemorySection(_) => 5,
                Payload::TagSection(r) => set(&mut parts.tags, r, 6),
                Payload::GlobalSection(r) => set(&mut parts.globals, r, 7),
                Payload::ExportSection(r) => set(&mut parts.exports, r, 8),
                Payload::StartSection { func, .. } => set(&mut parts.start, func, 9),
                Payload::ElementSection(r) => set(&mut parts.elements, r, 10),
                Payload::DataCountSection { .. } => set(&mut parts.data_count, true, 11),
                Payload::CodeSectionStart { .. } => 12,
                Payload::CodeSectionEntry(body) => {
                    parts.code.push(body);
                    12
                }
                Payload::DataSection(r) => set(&mut parts.data, r, 13),
                Payload::CustomSection(r) => {
                    parts.customs.push((rank, r));
                    rank
                }
                _ => rank,
            };
        }
        Ok(parts)
    }
}

fn set<T>(slot: &mut Option<T>, value: T, rank: u8) -> u8 {
    *slot = Some(value);
    rank
}

/// Writes the lowered module.
pub(crate) fn assemble(
    wasm: &[u8],
    layout: &MemoryLayout,
    types: TypesRef<'_>,
    form: CheckForm,
) -> Result<(Vec<u8>, Vec<bool>), LowerError> {
    let parts = Parts::collect(wasm)?;
    let params = param_counts(types, layout.imported_funcs);
    let mut lw = Lowerer::new(layout, params.len() as u32, form);
    let data = read_segments(parts.data.clone())?;
    let convert = lw.converts_segments(&data);
    let needs_init = convert && data.iter().any(|d| matches!(d.kind, DataKind::Active { .. }));
    // The code goes first: the shared check helpers it calls (numbered after every other
    // function) are known only once every body is lowered.
    lw.first_check = lw.init_function() + u32::from(needs_init);
    let results = result_types(&mut lw, types)?;
    let (code, copied) = code_section(&mut lw, &parts, &params, &results, &data, needs_init)?;
    // The added function types, only those some added function or import has (a fixed cost
    // per module: the six bridge types alone were ~40 bytes).
    let mut added: Vec<(&[ValType], &[ValType])> = vec![(&[ValType::I32], &[ValType::I32])];
    let mut add = |ty: (&'static [ValType], &'static [ValType]), used: bool| {
        used.then(|| {
            added.push(ty);
            types.core_type_count_in_module() + added.len() as u32 - 1
        })
    };
    let grow_type = types.core_type_count_in_module();
    let init_type = add((&[], &[]), needs_init).unwrap_or_default();
    let bridge_types: Vec<u32> = BRIDGE_FUNCS
        .iter()
        .filter_map(|&(_, params, results)| add((params, results), layout.bridged))
        .collect();
    let grow64_type =
        add((&[ValType::I64], &[ValType::I64]), layout.memories.iter().any(|m| m.is64));
    let size_type = add((&[], &[ValType::I32]), layout.in_place.is_some());
    let mut module = Module::new();
    let mut customs = parts.customs.iter().peekable();
    for rank in 0..=13u8 {
        match rank {
            1 => {
                let mut s = TypeSection::new();
                if let Some(r) = parts.types.clone() {
                    lw.parse_type_section(&mut s, r)?;
                }
                for (params, results) in &added {
                    s.ty().function(params.iter().copied(), results.iter().copied());
                }
                module.section(&s);
            }
            2 => {
                let mut s = ImportSection::new();
                let mut memory = 0;
                if let Some(r) = parts.imports.clone() {
                    for import in r.into_imports() {
                        let import = import?;
                        let ty = match import.ty {
                            TypeRef::Memory(_) => {
                                memory += 1;
                                match layout.places[memory - 1] {
                                    Place::Direct => memory_type(&layout.memories[memory - 1]),
                                    _ => continue,
                                }
                            }
                            other => lw.entity_type(other)?,
                        };
                        s.import(import.module, import.name, ty);
                    }
                }
                if layout.bridged {
                    let combined = combined_type(layout);
                    s.import(BRIDGE_MODULE, "combined", EntityType::Memory(combined));
                    for ((name, ..), &ty) in BRIDGE_FUNCS.iter().zip(&bridge_types) {
                        s.import(BRIDGE_MODULE, name, EntityType::Function(ty));
                    }
                }
                if !s.is_empty() {
                    module.section(&s);
                }
            }
            3 => {
                let mut s = FunctionSection::new();
                if let Some(r) = parts.functions.clone() {
                    lw.parse_function_section(&mut s, r)?;
                }
                for _ in &layout.memories {
                    s.function(grow_type);
                }
                for _ in layout.memories.iter().filter(|info| info.is64) {
                    s.function(grow64_type.unwrap_or_default());
                }
                if let Some(size_type) = size_type {
                    s.function(size_type);
                }
                if needs_init {
                    s.function(init_type);
                }
                for _ in &lw.check_helpers {
                    // `(i32) -> i32`, the grow helpers' type.
                    s.function(grow_type);
                }
                module.section(&s);
            }
            4 => {
                if let Some(r) = parts.tables.clone() {
                    let mut s = TableSection::new();
                    lw.parse_table_section(&mut s, r)?;
                    module.section(&s);
                }
            }
            5 => {
                let own = layout.places.iter().zip(&layout.memories).find_map(|(p, info)| {
                    matches!(p, Place::Direct).then_some(info).filter(|i| i.import.is_none())
                });
                let mut s = MemorySection::new();
                match own {
                    Some(info) => {
                        s.memory(memory_type_of(info));
                    }
                    None if !layout.bridged
                        && layout.places.iter().all(|p| !matches!(p, Place::Direct)) =>
                    {
                        s.memory(combined_type(layout));
                    }
                    None => {}
                }
                if !s.is_empty() {
                    module.section(&s);
                }
            }
            6 => {
                if let Some(r) = parts.tags.clone() {
                    let mut s = TagSection::new();
                    lw.parse_tag_section(&mut s, r)?;
                    module.section(&s);
                }
            }
            7 => {
                let mut s = GlobalSection::new();
                if let Some(r) = parts.globals.clone() {
                    lw.parse_global_section(&mut s, r)?;
                }
                for &m in &layout.order {
                    if let Place::Internal(slot @ Slot { globals: Some(_), .. }) =
                        &layout.places[m as usize]
                    {
                        let min = layout.memories[m as usize].min;
                        let mutable =
                            |val_type| GlobalType { val_type, mutable: true, shared: false };
                        s.global(
                            mutable(ValType::I32),
                            &ConstExpr::i32_const(slot.base as u32 as i32),
                        );
                        s.global(mutable(ValType::I32), &ConstExpr::i32_const(min as i32));
                        s.global(mutable(ValType::I64), &ConstExpr::i64_const((min << 16) as i64));
                        s.global(mutable(ValType::I32), &ConstExpr::i32_const(slot.room as i32));
                    }
                }
                if let Some(ScratchPlace { base, global: Some(_) }) = &layout.scratch {
                    let ty = GlobalType { val_type: ValType::I32, mutable: true, shared: false };
                    s.global(ty, &ConstExpr::i32_const(*base as u32 as i32));
                }
                for &(m, extent) in &lw.limits {
                    let ty = GlobalType { val_type: ValType::I32, mutable: true, shared: false };
                    let bytes = layout.memories[m as usize].min * crate::layout::PAGE;
                    s.global(ty, &ConstExpr::i32_const(crate::checks::limit(bytes, extent) as i32));
                }
                if !s.is_empty() {
                    module.section(&s);
                }
            }
            8 => {
                let mut s = ExportSection::new();
                if let Some(r) = parts.exports.clone() {
                    for export in r {
                        let export = export?;
                        if export.kind != ExternalKind::Memory {
                            lw.parse_export(&mut s, export)?;
                        } else if matches!(layout.places[export.index as usize], Place::Direct)
                            || layout.in_place == Some(export.index)
                        {
                            s.export(export.name, ExportKind::Memory, 0);
                        }
                    }
                }
                if let (Some(m), Some(size)) = (layout.in_place, lw.size_helper) {
                    let (size_name, grow_name) = &layout.helper_exports;
                    s.export(size_name, ExportKind::Func, size);
                    s.export(grow_name, ExportKind::Func, lw.grow_helpers[m as usize]);
                }
                if !s.is_empty() {
                    module.section(&s);
                }
            }
            9 => {
                let start = match parts.start {
                    _ if needs_init => Some(lw.init_function()),
                    Some(f) => Some(lw.function_index(f)?),
                    None => None,
                };
                if let Some(function_index) = start {
                    module.section(&StartSection { function_index });
                }
            }
            10 => {
                if let Some(r) = parts.elements.clone() {
                    let mut s = wasm_encoder::ElementSection::new();
                    lw.parse_element_section(&mut s, r)?;
                    module.section(&s);
                }
            }
            11 if parts.data_count.is_some() || needs_init => {
                module.section(&DataCountSection { count: data.len() as u32 });
            }
            12 => {
                module.section(&code);
            }
            13 if parts.data.is_some() => {
                module.section(&lw.data_section(&data, convert)?);
            }
            _ => {}
        }
        while let Some((_, custom)) = customs.next_if(|(r, _)| *r == rank) {
            // A name section that no longer fits the renumbered functions is dropped.
            let mut scratch = Module::new();
            if lw.parse_custom_section(&mut scratch, custom.clone()).is_ok() {
                lw.parse_custom_section(&mut module, custom.clone())?;
            }
        }
    }
    module.section(&CustomSection {
        name: Cow::Borrowed(LAYOUT_SECTION),
        data: Cow::Owned(Layout::of(layout).to_bytes()),
    });
    Ok((module.finish(), copied))
}

/// The lowered bodies, then the added functions: grow helpers (and their wrappers, the size
/// helper), the synthesized start function, the shared check helpers; and for each original
/// body, whether it was copied unchanged.
fn code_section(
    lw: &mut Lowerer<'_>,
    parts: &Parts<'_>,
    params: &[u32],
    results: &[Option<wasm_encoder::BlockType>],
    data: &[wasmparser::Data<'_>],
    needs_init: bool,
) -> Result<(CodeSection, Vec<bool>), LowerError> {
    let mut s = CodeSection::new();
    let functions_move = lw.host_funcs != 0;
    let mut copied = Vec::with_capacity(parts.code.len());
    for ((body, &params), &results) in parts.code.iter().zip(params).zip(results) {
        copied.push(crate::copying::unchanged(body, functions_move)?);
        if copied[copied.len() - 1] {
            s.raw(body.as_bytes());
        } else {
            s.function(&lw.lower_body(body, params, results)?);
        }
    }
    for helper in lw.helper_bodies() {
        s.function(&helper);
    }
    if needs_init {
        s.function(&lw.init_body(data, parts.start)?);
    }
    for helper in lw.check_helper_bodies() {
        s.function(&helper);
    }
    Ok((s, copied))
}

/// The block type of each defined function's results, or `None` when it has several (a block
/// of that type would need a new type).
fn result_types(
    lw: &mut Lowerer<'_>,
    types: TypesRef<'_>,
) -> Result<Vec<Option<wasm_encoder::BlockType>>, LowerError> {
    (lw.layout.imported_funcs..types.function_count())
        .map(|f| {
            let ty = types[types.core_function_at(f)].unwrap_func();
            Ok(match ty.results() {
                [] => Some(wasm_encoder::BlockType::Empty),
                [one] => Some(wasm_encoder::BlockType::Result(lw.val_type(*one)?)),
                _ => None,
            })
        })
        .collect()
}

fn memory_type_of(info: &MemInfo) -> MemoryType {
    MemoryType {
        minimum: info.min,
        maximum: info.max,
        memory64: false,
        shared: false,
        page_size_log2: None,
    }
}

fn memory_type(info: &MemInfo) -> EntityType {
    EntityType::Memory(memory_type_of(info))
}

fn combined_type(layout: &MemoryLayout) -> MemoryType {
    MemoryType {
        minimum: layout.combined_min,
        maximum: layout.combined_max,
        memory64: false,
        shared: false,
        page_size_log2: None,
    }
}
