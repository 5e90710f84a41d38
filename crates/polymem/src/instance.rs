//! Instances: modules instantiated in a store, and instantiation itself.

use crate::engine::Engine;
use crate::error::{Error, TrapCode};
use crate::externals::Extern;
use crate::limits::Counted;
use crate::module::{
    ConstExpr, DataMode, ElemMode, ExternKind, Import, ImportDesc, Module, ModuleInner,
};
use crate::store::{
    AsContext, AsContextMut, FuncEntity, InstanceEntity, Store, StoreInner, Stored,
};
use crate::typed_func::{TypedFunc, WasmParams, WasmResults};
use crate::types::limits_match;
use crate::{Func, Global, Memory, Table};
use std::sync::Arc;

/// An instance handle. Every method panics if the instance belongs to another store than the
/// one passed in (API misuse, as with wasmtime).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Instance(pub(crate) Stored);

impl Instance {
    /// Instantiates `module` with `imports` given in the order of [`Module::imports`], following
    /// the specification: imports are checked (`unknown import` / `incompatible import type`
    /// link errors), memories, functions, globals and tables are created, element and data
    /// segments are written in order, then the start function runs.
    ///
    /// A segment that does not fit traps (`out of bounds table access` / `out of bounds memory
    /// access`); what earlier segments wrote to imported tables and memories stays written.
    pub fn new(
        mut store: impl AsContextMut,
        module: &Module,
        imports: &[Extern],
    ) -> Result<Instance, Error> {
        instantiate(store.as_context_mut(), module, imports)
    }

    /// The export called `name`.
    pub fn get_export(&self, store: impl AsContext, name: &str) -> Option<Extern> {
        let inner = &store.as_context().inner;
        let instance = &inner.instances[inner.check(self.0)];
        instance.exports.iter().find(|(n, _)| n == name).map(|&(_, ext)| ext)
    }

    /// The exported function called `name`.
    pub fn get_func(&self, store: impl AsContext, name: &str) -> Option<Func> {
        self.get_export(store, name)?.into_func()
    }

    /// The exported memory called `name`.
    pub fn get_memory(&self, store: impl AsContext, name: &str) -> Option<Memory> {
        self.get_export(store, name)?.into_memory()
    }

    /// The exported table called `name`.
    pub fn get_table(&self, store: impl AsContext, name: &str) -> Option<Table> {
        self.get_export(store, name)?.into_table()
    }

    /// The exported global called `name`.
    pub fn get_global(&self, store: impl AsContext, name: &str) -> Option<Global> {
        self.get_export(store, name)?.into_global()
    }

    /// The exported function called `name` with the signature `P -> R`; fails if there is no
    /// such function or its signature differs.
    pub fn get_typed_func<P: WasmParams, R: WasmResults>(
        &self,
        store: impl AsContext,
        name: &str,
    ) -> Result<TypedFunc<P, R>, Error> {
        let func = self
            .get_func(&store, name)
            .ok_or_else(|| Error::host(format!("no exported function named `{name}`")))?;
        func.typed(&store)
    }

    /// All exports, in module order.
    pub fn exports(&self, store: impl AsContext) -> Vec<(String, Extern)> {
        let inner = &store.as_context().inner;
        inner.instances[inner.check(self.0)].exports.clone()
    }

    /// The module this instance was created from.
    pub fn module(&self, store: impl AsContext) -> Module {
        let inner = &store.as_context().inner;
        inner.instances[inner.check(self.0)].module.clone()
    }
}

/// Store indices of a module's index spaces, imports first.
#[derive(Debug, Default)]
struct IndexSpaces {
    funcs: Vec<u32>,
    tables: Vec<u32>,
    memories: Vec<u32>,
    globals: Vec<u32>,
}

impl IndexSpaces {
    /// Evaluates a constant expression of the module: `global.get` reads the store's globals,
    /// `ref.func` gives the funcref cell (store index + 1).
    fn eval(&self, inner: &StoreInner, expr: &ConstExpr) -> u64 {
        expr.eval(
            |g| inner.globals[self.globals[g as usize] as usize].value,
            |f| u64::from(self.funcs[f as usize]) + 1,
        )
    }

    /// [`IndexSpaces::eval`] for a global's initializer, which may be a `v128`.
    fn eval_wide(&self, inner: &StoreInner, expr: &ConstExpr) -> u128 {
        expr.eval_wide(
            |g| {
                let global = &inner.globals[self.globals[g as usize] as usize];
                u128::from(global.value) | u128::from(global.high) << 64
            },
            |f| u64::from(self.funcs[f as usize]) + 1,
        )
    }
}

/// Instantiation, in the order the specification gives: link imports, allocate, initialise
/// segments, run the start function.
fn instantiate<T>(
    store: &mut Store<T>,
    module: &Module,
    imports: &[Extern],
) -> Result<Instance, Error> {
    let m = &*module.inner;
    let inner = &mut store.inner;
    if !Engine::same(&m.engine, &inner.engine) {
        return Err(Error::link("the module was created with another engine than the store's"));
    }
    if imports.len() != m.imports.len() {
        return Err(Error::link(format!(
            "the module has {} imports but {} were given",
            m.imports.len(),
            imports.len()
        )));
    }
    let mut spaces = IndexSpaces::default();
    for (import, ext) in m.imports.iter().zip(imports) {
        link_import(inner, m, import, ext, &mut spaces)?;
    }
    inner.limits.check_count(Counted::Instances, inner.instances.len())?;
    let instance = inner.instances.len();
    allocate(inner, m, instance as u32, &mut spaces)?;

    let elems = m.elems.iter().map(|seg| seg.items.iter().map(|e| spaces.eval(inner, e)).collect());
    let elems: Vec<Arc<[u64]>> = elems.collect();
    let exports =
        m.exports.iter().map(|e| (e.name.clone(), export(inner, &spaces, e.kind, e.index)));
    let exports = exports.collect();
    inner.instances.push(InstanceEntity {
        module: module.clone(),
        funcs: spaces.funcs,
        tables: spaces.tables,
        memories: spaces.memories,
        globals: spaces.globals,
        datas: m.datas.iter().map(|d| d.bytes.clone()).collect(),
        elems,
        exports,
    });
    // From here on the instance is in the store even if a segment traps: functions of it may
    // already sit in imported tables, as the specification allows.
    init_elems(inner, m, instance)?;
    init_datas(inner, m, instance)?;
    if let Some(start) = m.start {
        let func = inner.instances[instance].funcs[start as usize] as usize;
        Func(inner.stored(func)).call_unchecked(store, &[], &mut [])?;
    }
    Ok(Instance(store.inner.stored(instance)))
}

/// Checks that `ext` can satisfy `import` and records its store index.
fn link_import(
    inner: &StoreInner,
    m: &ModuleInner,
    import: &Import,
    ext: &Extern,
    spaces: &mut IndexSpaces,
) -> Result<(), Error> {
    let name = || format!("`{}`.`{}`", import.module, import.name);
    let stored = ext.stored();
    if stored.store != inner.id {
        return Err(Error::link(format!(
            "import {} was given an item of another store; items cannot be shared between stores",
            name()
        )));
    }
    let index = stored.index;
    let i = index as usize;
    let incompatible = |expected: String, found: String| {
        Error::link(format!(
            "incompatible import type for {}: expected {expected}, found {found}",
            name()
        ))
    };
    match (&import.desc, ext) {
        (&ImportDesc::Func(t), Extern::Func(_)) => {
            let found = inner.funcs[i].ty();
            if found != m.type_ids[t as usize] {
                let found = inner.engine.resolve_type(found);
                return Err(incompatible(m.types[t as usize].to_string(), found.to_string()));
            }
            spaces.funcs.push(index);
        }
        (ImportDesc::Table(want), Extern::Table(_)) => {
            let table = &inner.tables[i];
            let size = table.elems.len() as u64;
            if table.ty.element() != want.element()
                || table.ty.is_64() != want.is_64()
                || !limits_match(size, table.ty.maximum(), want.minimum(), want.maximum())
            {
                let found = format!("{:?} of current size {size}", table.ty);
                return Err(incompatible(format!("{want:?}"), found));
            }
            spaces.tables.push(index);
        }
        (ImportDesc::Memory(want), Extern::Memory(_)) => {
            let mem = &inner.memories[i];
            let pages = mem.bytes.len() as u64 / mem.ty.page_size();
            if mem.ty.is_64() != want.is_64()
                || mem.ty.page_size() != want.page_size()
                || !limits_match(pages, mem.ty.maximum(), want.minimum(), want.maximum())
            {
                let found = format!("{:?} of current size {pages} pages", mem.ty);
                return Err(incompatible(format!("{want:?}"), found));
            }
            spaces.memories.push(index);
        }
        (ImportDesc::Global(want), Extern::Global(_)) => {
            let found = inner.globals[i].ty;
            if found != *want {
                return Err(incompatible(format!("{want:?}"), format!("{found:?}")));
            }
            spaces.globals.push(index);
        }
        (desc, ext) => {
            let wanted = match desc {
                ImportDesc::Func(_) => "a function",
                ImportDesc::Table(_) => "a table",
                ImportDesc::Memory(_) => "a memory",
                ImportDesc::Global(_) => "a global",
            };
            let found = match ext {
                Extern::Func(_) => "a function",
                Extern::Table(_) => "a table",
                Extern::Memory(_) => "a memory",
                Extern::Global(_) => "a global",
            };
            return Err(incompatible(wanted.into(), found.into()));
        }
    }
    Ok(())
}

/// Creates the module's own memories, functions, globals and tables, in an order that lets
/// global initialisers use `ref.func` and table initialisers use any global.
fn allocate(
    inner: &mut StoreInner,
    m: &ModuleInner,
    instance: u32,
    spaces: &mut IndexSpaces,
) -> Result<(), Error> {
    for &ty in &m.memories[m.num_imported_memories as usize..] {
        spaces.memories.push(inner.alloc_memory(ty)? as u32);
    }
    for func in m.num_imported_funcs..m.funcs.len() as u32 {
        let ty = m.type_ids[m.funcs[func as usize] as usize];
        let func = polymem_ir::DefinedFuncIdx(func - m.num_imported_funcs);
        inner.funcs.push(FuncEntity::Wasm { instance, func, ty });
        spaces.funcs.push(inner.funcs.len() as u32 - 1);
    }
    for (i, init) in m.global_inits.iter().enumerate() {
        let value = spaces.eval_wide(inner, init);
        let ty = m.globals[m.num_imported_globals as usize + i];
        spaces.globals.push(inner.alloc_global(ty, value)? as u32);
    }
    for (i, init) in m.table_inits.iter().enumerate() {
        let cell = init.as_ref().map_or(0, |e| spaces.eval(inner, e));
        let ty = m.tables[m.num_imported_tables as usize + i];
        spaces.tables.push(inner.alloc_table(ty, cell)? as u32);
    }
    Ok(())
}

/// The export of item `index` of index space `kind`.
fn export(inner: &StoreInner, spaces: &IndexSpaces, kind: ExternKind, index: u32) -> Extern {
    let i = index as usize;
    match kind {
        ExternKind::Func => Extern::Func(Func(inner.stored(spaces.funcs[i] as usize))),
        ExternKind::Table => Extern::Table(Table(inner.stored(spaces.tables[i] as usize))),
        ExternKind::Memory => Extern::Memory(Memory(inner.stored(spaces.memories[i] as usize))),
        ExternKind::Global => Extern::Global(Global(inner.stored(spaces.globals[i] as usize))),
    }
}

/// The index spaces of an instance already in the store, for evaluating its expressions.
fn spaces_of(inner: &StoreInner, instance: usize) -> IndexSpaces {
    let inst = &inner.instances[instance];
    IndexSpaces {
        funcs: inst.funcs.clone(),
        tables: inst.tables.clone(),
        memories: inst.memories.clone(),
        globals: inst.globals.clone(),
    }
}

/// `table.init` + `elem.drop` for each active segment, `elem.drop` for each declared one.
fn init_elems(inner: &mut StoreInner, m: &ModuleInner, instance: usize) -> Result<(), Error> {
    let spaces = spaces_of(inner, instance);
    for (i, seg) in m.elems.iter().enumerate() {
        match &seg.mode {
            ElemMode::Passive => continue,
            ElemMode::Declared => {}
            ElemMode::Active { table, offset } => {
                let t = spaces.tables[*table as usize] as usize;
                // An i32 offset (a zero-extended cell) or, for a 64-bit table, an i64 one.
                let offset = spaces.eval(inner, offset);
                let items = inner.instances[instance].elems[i].clone();
                let elems = &mut inner.tables[t].elems;
                let dst = usize::try_from(offset)
                    .ok()
                    .and_then(|o| elems.get_mut(o..o.checked_add(items.len())?))
                    .ok_or_else(|| Error::trap(TrapCode::TableOutOfBounds))?;
                dst.copy_from_slice(&items);
            }
        }
        inner.instances[instance].elems[i] = Arc::new([]);
    }
    Ok(())
}

/// `memory.init` + `data.drop` for each active data segment.
fn init_datas(inner: &mut StoreInner, m: &ModuleInner, instance: usize) -> Result<(), Error> {
    let spaces = spaces_of(inner, instance);
    for (i, seg) in m.datas.iter().enumerate() {
        let DataMode::Active { memory, offset } = &seg.mode else { continue };
        let mem = spaces.memories[*memory as usize] as usize;
        let offset = spaces.eval(inner, offset);
        let offset = if inner.memories[mem].ty.is_64() { offset } else { offset as u32 as u64 };
        let bytes = &mut inner.memories[mem].bytes;
        let dst = usize::try_from(offset)
            .ok()
            .and_then(|o| bytes.get_mut(o..o.checked_add(seg.bytes.len())?))
            .ok_or_else(|| Error::trap(TrapCode::MemoryOutOfBounds))?;
        dst.copy_from_slice(&seg.bytes);
        inner.instances[instance].datas[i] = Arc::new([]);
    }
    Ok(())
}
