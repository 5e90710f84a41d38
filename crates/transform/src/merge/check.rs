//! Whether an import is satisfied by the entity it resolves to: the declared type of every
//! output entity, compared as a linker compares an import with an export, and the words for
//! the error when it is not.

use wasm_encoder::{EntityType, GlobalType, MemoryType, TableType};

/// The declared type of every output entity, to check resolved imports against.
#[derive(Default)]
pub(crate) struct OutTypes {
    funcs: Vec<u32>,
    tables: Vec<TableType>,
    memories: Vec<MemoryType>,
    globals: Vec<GlobalType>,
    tags: Vec<u32>,
}

impl OutTypes {
    pub(crate) fn push(&mut self, ty: EntityType) {
        match ty {
            EntityType::Function(t) | EntityType::FunctionExact(t) => self.funcs.push(t),
            EntityType::Table(t) => self.tables.push(t),
            EntityType::Memory(t) => self.memories.push(t),
            EntityType::Global(t) => self.globals.push(t),
            EntityType::Tag(t) => self.tags.push(t.func_type_idx),
        }
    }

    /// Why `wanted` (an import's type) is not satisfied by output entity `index`, if it is not.
    pub(crate) fn mismatch(
        &self,
        wanted: EntityType,
        index: u32,
        types: &[String],
    ) -> Option<String> {
        let ty = |t: u32| types.get(t as usize).cloned().unwrap_or_else(|| format!("type {t}"));
        let i = index as usize;
        let limits = |kind: &str,
                      (min, max): (u64, Option<u64>),
                      (amin, amax): (u64, Option<u64>)| {
            let fits = amin >= min && max.is_none_or(|m| amax.is_some_and(|a| a <= m));
            (!fits).then(|| {
                let show = |max: Option<u64>| max.map_or("no maximum".to_string(), |m| format!("maximum {m}"));
                format!(
                    "the import needs a {kind} of at least {min} ({}), the export declares {amin} ({})",
                    show(max),
                    show(amax)
                )
            })
        };
        match wanted {
            EntityType::Function(t) | EntityType::FunctionExact(t) => (self.funcs[i] != t)
                .then(|| format!("{} imported, the export is {}", ty(t), ty(self.funcs[i]))),
            EntityType::Table(t) => {
                let a = self.tables[i];
                if (a.element_type, a.table64, a.shared) != (t.element_type, t.table64, t.shared) {
                    return Some(format!(
                        "a table of {} expected, the export holds {}",
                        reference(t.element_type),
                        reference(a.element_type)
                    ));
                }
                limits("table", (t.minimum, t.maximum), (a.minimum, a.maximum))
            }
            EntityType::Memory(t) => {
                let a = self.memories[i];
                if (a.memory64, a.shared, a.page_size_log2)
                    != (t.memory64, t.shared, t.page_size_log2)
                {
                    return Some(format!(
                        "memory {} expected, the export is {}",
                        memory_kind(&t),
                        memory_kind(&a)
                    ));
                }
                limits("memory", (t.minimum, t.maximum), (a.minimum, a.maximum))
            }
            EntityType::Global(t) => (self.globals[i] != t).then(|| {
                format!(
                    "global {} expected, the export is global {}",
                    global(&t),
                    global(&self.globals[i])
                )
            }),
            EntityType::Tag(t) => (self.tags[i] != t.func_type_idx).then(|| {
                format!("tag of type {} expected, the export has {}", t.func_type_idx, self.tags[i])
            }),
        }
    }
}

/// A type for error messages: `(func (param i32) (result i64))` for function types.
pub(crate) fn describe(ty: &wasmparser::SubType) -> String {
    match &ty.composite_type.inner {
        wasmparser::CompositeInnerType::Func(f) => {
            let list = |kind: &str, types: &[wasmparser::ValType]| {
                if types.is_empty() {
                    String::new()
                } else {
                    let names: Vec<String> = types.iter().map(|t| t.to_string()).collect();
                    format!(" ({kind} {})", names.join(" "))
                }
            };
            format!("(func{}{})", list("param", f.params()), list("result", f.results()))
        }
        other => format!("{other:?}"),
    }
}

fn reference(r: wasm_encoder::RefType) -> String {
    match r {
        wasm_encoder::RefType::FUNCREF => "funcref".into(),
        wasm_encoder::RefType::EXTERNREF => "externref".into(),
        other => format!("{other:?}"),
    }
}

fn global(g: &GlobalType) -> String {
    use wasm_encoder::ValType as V;
    let ty = match g.val_type {
        V::I32 => "i32".into(),
        V::I64 => "i64".into(),
        V::F32 => "f32".into(),
        V::F64 => "f64".into(),
        V::V128 => "v128".into(),
        V::Ref(r) => reference(r),
    };
    if g.mutable { format!("(mut {ty})") } else { ty }
}

fn memory_kind(m: &MemoryType) -> String {
    let bits = if m.memory64 { "64-bit" } else { "32-bit" };
    let shared = if m.shared { ", shared" } else { "" };
    let page = m.page_size_log2.map_or(String::new(), |p| format!(", page size 2^{p}"));
    format!("{bits}{shared}{page}")
}
