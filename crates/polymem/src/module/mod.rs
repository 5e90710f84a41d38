//! Modules: decoded, validated WebAssembly binaries, ready to instantiate.

mod const_expr;
mod decode;
mod names;
mod parse;
mod validate;

pub(crate) use const_expr::ConstExpr;
pub(crate) use names::Names;
pub(crate) use validate::{Visit, visit_operators};

use crate::engine::{Engine, Translation};
use crate::error::Error;
use crate::exec::Runnable;
use crate::types::{
    ExportType, ExternType, FuncType, GlobalType, ImportType, MemoryType, TableType,
};
use polymem_ir::{CompiledFunc, DefinedFuncIdx, FuncIdx};
use std::sync::{Arc, OnceLock};
use wasmparser::{FuncToValidate, ValidatorResources};

/// A validated WebAssembly module. Cheap to clone; shareable across threads and stores.
#[derive(Debug, Clone)]
pub struct Module {
    pub(crate) inner: Arc<ModuleInner>,
}

/// Which index space an import or export refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ExternKind {
    Func,
    Table,
    Memory,
    Global,
}

/// What an import expects.
#[derive(Debug, Clone)]
pub(crate) enum ImportDesc {
    /// A function of the module type index given.
    Func(u32),
    Table(TableType),
    Memory(MemoryType),
    Global(GlobalType),
}

#[derive(Debug, Clone)]
pub(crate) struct Import {
    pub(crate) module: String,
    pub(crate) name: String,
    pub(crate) desc: ImportDesc,
}

#[derive(Debug, Clone)]
pub(crate) struct Export {
    pub(crate) name: String,
    pub(crate) kind: ExternKind,
    pub(crate) index: u32,
}

#[derive(Debug, Clone)]
pub(crate) enum ElemMode {
    Passive,
    Declared,
    Active { table: u32, offset: ConstExpr },
}

#[derive(Debug, Clone)]
pub(crate) struct ElemSegment {
    pub(crate) mode: ElemMode,
    pub(crate) items: Vec<ConstExpr>,
}

#[derive(Debug, Clone)]
pub(crate) enum DataMode {
    Passive,
    Active { memory: u32, offset: ConstExpr },
}

#[derive(Debug, Clone)]
pub(crate) struct DataSegment {
    pub(crate) mode: DataMode,
    pub(crate) bytes: Arc<[u8]>,
}

/// A function body kept for translation on first call.
#[derive(Debug)]
pub(crate) struct FuncBody {
    /// Byte range of the body (locals and code) inside `ModuleInner::bytes`.
    pub(crate) range: std::ops::Range<usize>,
    pub(crate) compiled: OnceLock<Result<Arc<Runnable>, Error>>,
}

/// Everything known about a module after decoding and validation.
#[derive(Debug)]
pub(crate) struct ModuleInner {
    pub(crate) engine: Engine,
    pub(crate) bytes: Arc<[u8]>,
    /// Function types by module type index, and their engine-interned ids.
    pub(crate) types: Vec<FuncType>,
    pub(crate) type_ids: Vec<u32>,
    pub(crate) imports: Vec<Import>,
    /// The type index of every function, imported ones first.
    pub(crate) funcs: Vec<u32>,
    pub(crate) num_imported_funcs: u32,
    pub(crate) tables: Vec<TableType>,
    /// Initializers of defined tables (index = table index - imported tables).
    pub(crate) table_inits: Vec<Option<ConstExpr>>,
    pub(crate) num_imported_tables: u32,
    pub(crate) memories: Vec<MemoryType>,
    pub(crate) num_imported_memories: u32,
    pub(crate) globals: Vec<GlobalType>,
    /// Initializers of defined globals (index = global index - imported globals).
    pub(crate) global_inits: Vec<ConstExpr>,
    pub(crate) num_imported_globals: u32,
    pub(crate) exports: Vec<Export>,
    pub(crate) start: Option<u32>,
    pub(crate) elems: Vec<ElemSegment>,
    pub(crate) datas: Vec<DataSegment>,
    /// Bodies of the defined functions (index = function index - imported functions).
    pub(crate) bodies: Vec<FuncBody>,
    /// Where the `name` section's contents lie in `bytes`, when the module has one: decoded
    /// into `names` by the first backtrace that needs them, not by `Module::new`.
    pub(crate) name_section: Option<std::ops::Range<usize>>,
    pub(crate) names: OnceLock<Option<Box<Names>>>,
    /// With [`Translation::Deferred`], what validating a body on its first call needs (the
    /// module's types, functions, tables... as wasmparser's validator knows them); `None` when
    /// every body was validated in `Module::new`.
    pub(crate) deferred: Option<ValidatorResources>,
}

impl Module {
    /// Decodes and validates a binary module (a `.wasm` file's bytes). Every function body is
    /// validated here (except with [`Translation::Deferred`]); translation happens here too with
    /// [`Translation::Eager`], else on first call.
    pub fn new(engine: &Engine, bytes: impl AsRef<[u8]>) -> Result<Self, Error> {
        let inner = parse::parse(engine, bytes.as_ref())?;
        Ok(Self { inner: Arc::new(inner) })
    }

    /// Checks that `bytes` is a valid module for `engine`'s configuration.
    pub fn validate(engine: &Engine, bytes: impl AsRef<[u8]>) -> Result<(), Error> {
        let mut config = engine.config().clone();
        config.translation(Translation::Lazy);
        parse::parse(&Engine::new(&config), bytes.as_ref()).map(drop)
    }

    /// The engine this module was built for.
    pub fn engine(&self) -> &Engine {
        &self.inner.engine
    }

    /// The module's imports in order.
    pub fn imports(&self) -> impl ExactSizeIterator<Item = ImportType<'_>> + '_ {
        self.inner.imports.iter().map(|i| ImportType {
            module: &i.module,
            name: &i.name,
            ty: match &i.desc {
                ImportDesc::Func(t) => ExternType::Func(self.inner.types[*t as usize].clone()),
                ImportDesc::Table(t) => ExternType::Table(*t),
                ImportDesc::Memory(m) => ExternType::Memory(*m),
                ImportDesc::Global(g) => ExternType::Global(*g),
            },
        })
    }

    /// The module's exports in order.
    pub fn exports(&self) -> impl ExactSizeIterator<Item = ExportType<'_>> + '_ {
        self.inner
            .exports
            .iter()
            .map(|e| ExportType { name: &e.name, ty: self.inner.extern_type(e.kind, e.index) })
    }

    /// The translated IR of defined or imported function `index` (`None` for an import), as
    /// `inspect --ir` prints it.
    pub fn function_ir(&self, index: u32) -> Option<Result<Arc<CompiledFunc>, Error>> {
        let defined = self.inner.defined(FuncIdx(index))?;
        (defined.0 < self.inner.bodies.len() as u32).then(|| {
            let compiled = self.inner.compiled(defined)?;
            Ok(Arc::new(compiled.map_code(|op| op.instr)))
        })
    }
}

impl ModuleInner {
    /// The module and function names of the `name` section, decoded on first use.
    pub(crate) fn names(&self) -> Option<&Names> {
        self.names
            .get_or_init(|| {
                let range = self.name_section.clone()?;
                Names::parse(&self.bytes[range.clone()], range.start as u64).map(Box::new)
            })
            .as_deref()
    }

    /// The type of item `index` in the index space `kind`.
    pub(crate) fn extern_type(&self, kind: ExternKind, index: u32) -> ExternType {
        let i = index as usize;
        match kind {
            ExternKind::Func => ExternType::Func(self.types[self.funcs[i] as usize].clone()),
            ExternKind::Table => ExternType::Table(self.tables[i]),
            ExternKind::Memory => ExternType::Memory(self.memories[i]),
            ExternKind::Global => ExternType::Global(self.globals[i]),
        }
    }

    /// The function type of function `index`.
    pub(crate) fn func_type(&self, index: FuncIdx) -> &FuncType {
        &self.types[self.funcs[index.0 as usize] as usize]
    }

    /// Function `index` as a defined function, or `None` for an import.
    #[inline(always)]
    pub(crate) fn defined(&self, index: FuncIdx) -> Option<DefinedFuncIdx> {
        index.0.checked_sub(self.num_imported_funcs).map(DefinedFuncIdx)
    }

    /// The compiled body of defined function `defined` if it has been translated (no
    /// translation, no `Arc` clone: the interpreter's fast path). `None` also for an index out of
    /// range or a failed translation, which [`ModuleInner::compiled`] reports.
    #[inline(always)]
    pub(crate) fn translated(&self, defined: DefinedFuncIdx) -> Option<&Runnable> {
        match self.bodies.get(defined.0 as usize)?.compiled.get() {
            Some(Ok(compiled)) => Some(compiled),
            _ => None,
        }
    }

    /// The compiled body of defined function `defined` (0-based past the imports), translating
    /// it now if that has not happened yet.
    pub(crate) fn compiled(&self, defined: DefinedFuncIdx) -> Result<Arc<Runnable>, Error> {
        let body = &self.bodies[defined.0 as usize];
        body.compiled
            .get_or_init(|| {
                let func_index = FuncIdx(defined.0 + self.num_imported_funcs);
                // Deferred validation: the body is validated while it is translated, in the one
                // pass eager translation makes.
                let mut validator = self.deferred.as_ref().map(|resources| {
                    let func = FuncToValidate {
                        resources: resources.clone(),
                        index: func_index.0,
                        ty: self.funcs[func_index.0 as usize],
                        features: self.engine.config().features.wasmparser(),
                    };
                    func.into_validator(Default::default())
                });
                crate::translate::translate(
                    self,
                    func_index,
                    &self.bytes[body.range.clone()],
                    body.range.start,
                    validator.as_mut(),
                )
                .and_then(|translated| translated)
                .map(Arc::new)
            })
            .clone()
    }
}
