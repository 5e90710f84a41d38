//! Decoding and validation: one walk over the payloads with wasmparser's validator.

use super::validate;
use super::{
    ConstExpr, DataMode, DataSegment, ElemMode, ElemSegment, Export, ExternKind, FuncBody, Import,
    ImportDesc, ModuleInner,
};
use crate::engine::{Engine, Translation};
use crate::error::Error;
use crate::translate;
use crate::types::{FuncType, GlobalType, MemoryType, Mutability, RefType, TableType, ValType};
use polymem_ir::FuncIdx;
use std::sync::{Arc, OnceLock};
use wasmparser::{FuncValidatorAllocations, Parser, Payload, TypeRef, ValidPayload, Validator};

fn val_type(ty: wasmparser::ValType) -> Result<ValType, Error> {
    ValType::from_wasmparser(ty).ok_or_else(|| Error::unsupported(format!("value type {ty}")))
}

fn ref_type(ty: wasmparser::RefType) -> Result<RefType, Error> {
    RefType::from_wasmparser(ty).ok_or_else(|| Error::unsupported(format!("reference type {ty}")))
}

fn table_type(ty: &wasmparser::TableType) -> Result<TableType, Error> {
    if ty.shared {
        return Err(Error::unsupported("shared tables"));
    }
    TableType::from_wasmparser(ty).ok_or_else(|| Error::unsupported("table element type"))
}

fn memory_type(ty: &wasmparser::MemoryType) -> Result<MemoryType, Error> {
    if ty.shared {
        return Err(Error::unsupported("shared memories"));
    }
    Ok(MemoryType::from_wasmparser(ty))
}

fn global_type(ty: &wasmparser::GlobalType) -> Result<GlobalType, Error> {
    let m = if ty.mutable { Mutability::Var } else { Mutability::Const };
    Ok(GlobalType::new(val_type(ty.content_type)?, m))
}

/// Decodes and validates `bytes`; translates every body too in eager mode.
pub(super) fn parse(engine: &Engine, bytes: &[u8]) -> Result<ModuleInner, Error> {
    let config = engine.config();
    let eager = config.translation == Translation::Eager;
    let mut validator = Validator::new_with_features(config.features.wasmparser());
    let mut m = ModuleInner {
        engine: engine.clone(),
        bytes: Arc::from(bytes),
        types: Vec::new(),
        type_ids: Vec::new(),
        imports: Vec::new(),
        funcs: Vec::new(),
        num_imported_funcs: 0,
        tables: Vec::new(),
        table_inits: Vec::new(),
        num_imported_tables: 0,
        memories: Vec::new(),
        num_imported_memories: 0,
        globals: Vec::new(),
        global_inits: Vec::new(),
        num_imported_globals: 0,
        exports: Vec::new(),
        start: None,
        elems: Vec::new(),
        datas: Vec::new(),
        bodies: Vec::new(),
        name_section: None,
        names: OnceLock::new(),
        deferred: None,
    };
    let mut allocs = FuncValidatorAllocations::default();
    // Eager mode: the first translation error, reported once the whole module is known to be
    // valid (validation errors come first, as in lazy mode).
    let mut translation_error = None;
    let mut parser = Parser::new(0);
    // The parser decodes some encodings (e.g. 64-bit limits) only when their feature is on.
    parser.set_features(config.features.wasmparser());
    for payload in parser.parse_all(bytes) {
        let payload = payload?;
        if let ValidPayload::Func(func, body) = validator.payload(&payload)? {
            let range = body.range().start as usize..body.range().end as usize;
            if config.translation == Translation::Deferred {
                // Validated with its translation on first call (`ModuleInner::compiled`).
                m.deferred.get_or_insert(func.resources);
                m.bodies.push(FuncBody { range, compiled: OnceLock::new() });
                continue;
            }
            let mut v = func.into_validator(std::mem::take(&mut allocs));
            let compiled = OnceLock::new();
            if eager {
                // One decoding of the body: each operator is validated, then translated.
                let index = FuncIdx(m.num_imported_funcs + m.bodies.len() as u32);
                let translated = translate::translate(
                    &m,
                    index,
                    &bytes[range.clone()],
                    range.start,
                    Some(&mut v),
                );
                match translated? {
                    Ok(f) => drop(compiled.set(Ok(Arc::new(f)))),
                    Err(e) => drop(translation_error.get_or_insert(e)),
                }
            } else {
                validate::validate_body(&mut v, &body)?;
            }
            allocs = v.into_allocations();
            m.bodies.push(FuncBody { range, compiled });
            continue;
        }
        read_section(&mut m, payload)?;
    }
    match translation_error {
        Some(e) => Err(e),
        None => Ok(m),
    }
}

/// Records what one (already validated) section declares.
fn read_section(m: &mut ModuleInner, payload: Payload<'_>) -> Result<(), Error> {
    match payload {
        // Each section's count sizes its vectors once (no growth while reading).
        Payload::TypeSection(reader) => {
            m.types.reserve(reader.count() as usize);
            m.type_ids.reserve(reader.count() as usize);
            for ty in reader.into_iter_err_on_gc_types() {
                let ty = ty?;
                let params =
                    ty.params().iter().map(|&t| val_type(t)).collect::<Result<Vec<_>, _>>()?;
                let results =
                    ty.results().iter().map(|&t| val_type(t)).collect::<Result<Vec<_>, _>>()?;
                let ty = FuncType::new(params, results);
                m.type_ids.push(m.engine.intern_type(&ty));
                m.types.push(ty);
            }
        }
        Payload::ImportSection(reader) => {
            m.imports.reserve(reader.count() as usize);
            for import in reader.into_imports() {
                let import = import?;
                let desc = match import.ty {
                    TypeRef::Func(t) => {
                        m.funcs.push(t);
                        m.num_imported_funcs += 1;
                        ImportDesc::Func(t)
                    }
                    TypeRef::Table(t) => {
                        m.tables.push(table_type(&t)?);
                        m.num_imported_tables += 1;
                        ImportDesc::Table(table_type(&t)?)
                    }
                    TypeRef::Memory(t) => {
                        m.memories.push(memory_type(&t)?);
                        m.num_imported_memories += 1;
                        ImportDesc::Memory(memory_type(&t)?)
                    }
                    TypeRef::Global(t) => {
                        m.globals.push(global_type(&t)?);
                        m.num_imported_globals += 1;
                        ImportDesc::Global(global_type(&t)?)
                    }
                    other => return Err(Error::unsupported(format!("import of {other:?}"))),
                };
                m.imports.push(Import {
                    module: import.module.to_string(),
                    name: import.name.to_string(),
                    desc,
                });
            }
        }
        Payload::FunctionSection(reader) => {
            m.funcs.reserve(reader.count() as usize);
            for t in reader {
                m.funcs.push(t?);
            }
        }
        Payload::TableSection(reader) => {
            for table in reader {
                let table = table?;
                m.tables.push(table_type(&table.ty)?);
                m.table_inits.push(match table.init {
                    wasmparser::TableInit::RefNull => None,
                    wasmparser::TableInit::Expr(e) => Some(ConstExpr::parse(&e)?),
                });
            }
        }
        Payload::MemorySection(reader) => {
            for mem in reader {
                m.memories.push(memory_type(&mem?)?);
            }
        }
        Payload::GlobalSection(reader) => {
            for global in reader {
                let global = global?;
                m.globals.push(global_type(&global.ty)?);
                m.global_inits.push(ConstExpr::parse(&global.init_expr)?);
            }
        }
        Payload::ExportSection(reader) => {
            m.exports.reserve(reader.count() as usize);
            for export in reader {
                let export = export?;
                let kind = match export.kind {
                    wasmparser::ExternalKind::Func => ExternKind::Func,
                    wasmparser::ExternalKind::Table => ExternKind::Table,
                    wasmparser::ExternalKind::Memory => ExternKind::Memory,
                    wasmparser::ExternalKind::Global => ExternKind::Global,
                    other => return Err(Error::unsupported(format!("export of {other:?}"))),
                };
                m.exports.push(Export { name: export.name.to_string(), kind, index: export.index });
            }
        }
        Payload::StartSection { func, .. } => m.start = Some(func),
        Payload::CodeSectionStart { count, .. } => m.bodies.reserve(count as usize),
        Payload::ElementSection(reader) => {
            for elem in reader {
                m.elems.push(element(elem?)?);
            }
        }
        Payload::DataSection(reader) => {
            m.datas.reserve(reader.count() as usize);
            for data in reader {
                let data = data?;
                let mode = match data.kind {
                    wasmparser::DataKind::Passive => DataMode::Passive,
                    wasmparser::DataKind::Active { memory_index, offset_expr } => {
                        DataMode::Active {
                            memory: memory_index,
                            offset: ConstExpr::parse(&offset_expr)?,
                        }
                    }
                };
                m.datas.push(DataSegment { mode, bytes: Arc::from(data.data) });
            }
        }
        Payload::TagSection(_) => return Err(Error::unsupported("exception handling tags")),
        Payload::CustomSection(section) if section.name() == "name" => {
            // Decoded when a backtrace needs it (`ModuleInner::names`); the last one counts.
            let start = section.data_offset() as usize;
            m.name_section = Some(start..start + section.data().len());
        }
        _ => {}
    }
    Ok(())
}

fn element(elem: wasmparser::Element<'_>) -> Result<ElemSegment, Error> {
    let mode = match elem.kind {
        wasmparser::ElementKind::Passive => ElemMode::Passive,
        wasmparser::ElementKind::Declared => ElemMode::Declared,
        wasmparser::ElementKind::Active { table_index, offset_expr } => ElemMode::Active {
            table: table_index.unwrap_or(0),
            offset: ConstExpr::parse(&offset_expr)?,
        },
    };
    let items = match elem.items {
        wasmparser::ElementItems::Functions(funcs) => {
            let mut items = Vec::new();
            for f in funcs {
                items.push(ConstExpr::ref_func_of(f?));
            }
            items
        }
        wasmparser::ElementItems::Expressions(ty, exprs) => {
            ref_type(ty)?;
            let mut items = Vec::new();
            for e in exprs {
                items.push(ConstExpr::parse(&e?)?);
            }
            items
        }
    };
    Ok(ElemSegment { mode, items })
}
