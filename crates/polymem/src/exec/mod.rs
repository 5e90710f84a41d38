//! The interpreter: runs translated functions on a value stack of 64-bit cells.
//!
//! One [`Executor`] serves one call from the host. Wasm-to-Wasm calls push a [`Frame`] on an
//! explicit call stack instead of recursing in Rust, so deep Wasm recursion cannot overflow the
//! host stack; it ends with the trap `call stack exhausted` at the configured depth.
//!
//! Memory accesses go through [`MemView`]s: a `(base, len)` pair per memory index of the running
//! instance, refreshed whenever the instance changes, a memory grows or the host ran. Any memory
//! index thus costs the same as memory 0: one indexed load of its view.

mod bulk;
mod numeric;
mod run;

use crate::error::{Error, TrapCode};
use crate::module::ModuleInner;
use crate::store::{FuncEntity, Store};
use crate::values::Val;
use polymem_ir::{CompiledFunc, Instr};
use std::sync::Arc;

/// How many host→Wasm re-entries may nest before the trap `call stack exhausted`.
const MAX_NESTING: u32 = 64;

/// A memory of the running instance as the interpreter sees it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct MemView {
    pub(crate) base: *mut u8,
    pub(crate) len: usize,
}

/// A suspended caller.
#[derive(Debug)]
struct Frame {
    func: *const CompiledFunc,
    ip: *const Instr,
    fp: usize,
    instance: u32,
}

/// The state of one activation of the interpreter.
pub(crate) struct Executor<'s, T> {
    store: &'s mut Store<T>,
    stack: Vec<u64>,
    frames: Vec<Frame>,
    /// The running instance, its module and its memory views.
    instance: u32,
    module: *const ModuleInner,
    mems: Vec<MemView>,
    max_depth: usize,
    max_stack: usize,
}

/// Calls store function `func` with `params`, which the caller has checked against the
/// function's type, and writes its results into `results` (of the right length).
pub(crate) fn call<T>(
    store: &mut Store<T>,
    func: u32,
    params: &[Val],
    results: &mut [Val],
) -> Result<(), Error> {
    let entity = store.inner.funcs[func as usize];
    let ty = store.inner.engine.resolve_type(entity.ty());
    let (instance, index) = match entity {
        FuncEntity::Host { host, .. } => {
            let host = Arc::clone(&store.hosts[host as usize]);
            return host(crate::func::Caller { store, instance: None }, params, results);
        }
        FuncEntity::Wasm { instance, func, .. } => (instance, func),
    };
    if store.inner.nesting >= MAX_NESTING {
        return Err(Error::trap(TrapCode::StackOverflow));
    }
    let compiled = wasm_body_ptr(store, instance, index)?;
    // SAFETY: see `body_ptr`.
    let max_slots = unsafe { (*compiled).max_slots };
    let config = store.inner.engine.config();
    let (max_depth, max_stack) = (config.max_call_depth, config.max_value_stack);
    let needed = (max_slots as usize).max(results.len()) + 16;
    if needed > max_stack {
        return Err(Error::trap(TrapCode::StackOverflow));
    }
    let mut stack = vec![0u64; needed.max(1024).min(max_stack)];
    for (cell, param) in stack.iter_mut().zip(params) {
        *cell = param.to_cell();
    }
    store.inner.nesting += 1;
    let mut exec = Executor {
        store,
        stack,
        frames: Vec::new(),
        instance,
        module: std::ptr::null(),
        mems: Vec::new(),
        max_depth,
        max_stack,
    };
    exec.refresh_memories();
    let outcome = exec.run(compiled);
    let Executor { store, stack, .. } = exec;
    store.inner.nesting -= 1;
    outcome?;
    let id = store.inner.id;
    for ((out, &cell), &ty) in results.iter_mut().zip(&stack).zip(ty.results()) {
        *out = Val::from_cell(ty, cell, id);
    }
    Ok(())
}

/// The translated body of function `defined` (counted past the imports) of `module`, translated
/// now if that has not happened yet. The pointee lives as long as the module, which the store
/// keeps for as long as any instance of it: the pointer outlives every activation using it.
#[inline]
fn body_ptr(module: &ModuleInner, defined: u32) -> Result<*const CompiledFunc, Error> {
    match module.bodies[defined as usize].compiled.get() {
        Some(Ok(compiled)) => Ok(Arc::as_ptr(compiled)),
        // The module's `OnceLock` keeps the `Arc` that this clone points to.
        _ => module.compiled(defined).map(|compiled| Arc::as_ptr(&compiled)),
    }
}

/// The translated body of function `index` (module-level, imports included) of `instance`.
fn wasm_body_ptr<T>(
    store: &Store<T>,
    instance: u32,
    index: u32,
) -> Result<*const CompiledFunc, Error> {
    let module = &store.inner.instances[instance as usize].module.inner;
    body_ptr(module, index - module.num_imported_funcs)
}

impl<T> Executor<'_, T> {
    /// Rebuilds the memory views of the running instance.
    fn refresh_memories(&mut self) {
        let inner = &mut self.store.inner;
        let instance = &inner.instances[self.instance as usize];
        self.module = Arc::as_ptr(&instance.module.inner);
        self.mems.clear();
        for &m in &instance.memories {
            let bytes = &mut inner.memories[m as usize].bytes;
            self.mems.push(MemView { base: bytes.as_mut_ptr(), len: bytes.len() });
        }
    }

    /// Zeroes the declared locals of a new frame of `f` at `fp` and copies in its constants. The
    /// frame has been reserved.
    #[inline(always)]
    fn init_frame(&mut self, f: &CompiledFunc, fp: usize) {
        if f.num_locals > 0 {
            let start = fp + f.num_params as usize;
            self.stack[start..start + f.num_locals as usize].fill(0);
        }
        if !f.consts.is_empty() {
            let start = fp + f.const_base as usize;
            self.stack[start..start + f.consts.len()].copy_from_slice(&f.consts);
        }
    }

    /// Makes room for a frame of `slots` cells at `fp`.
    fn reserve(&mut self, fp: usize, slots: usize) -> Result<(), TrapCode> {
        let needed = fp + slots;
        if needed > self.stack.len() {
            if needed > self.max_stack {
                return Err(TrapCode::StackOverflow);
            }
            let new_len = needed.max(self.stack.len() * 2).min(self.max_stack);
            self.stack.resize(new_len, 0);
        }
        Ok(())
    }

    /// Enters function `defined` of the running instance's module: the fast path of direct
    /// calls. Returns the callee's body.
    #[inline(always)]
    fn enter_internal(
        &mut self,
        defined: u32,
        fp: usize,
        ret: Frame,
    ) -> Result<*const CompiledFunc, Error> {
        // SAFETY: `module` is the running instance's module, which the store keeps alive.
        let compiled = body_ptr(unsafe { &*self.module }, defined)?;
        self.push_frame(compiled, fp, ret)?;
        Ok(compiled)
    }

    /// Checks the call depth, reserves and initialises the frame of `compiled` at `fp` and saves
    /// the caller's `ret`.
    #[inline(always)]
    fn push_frame(
        &mut self,
        compiled: *const CompiledFunc,
        fp: usize,
        ret: Frame,
    ) -> Result<(), Error> {
        if self.frames.len() >= self.max_depth {
            return Err(Error::trap(TrapCode::StackOverflow));
        }
        // SAFETY: see `body_ptr`.
        let f: &CompiledFunc = unsafe { &*compiled };
        self.reserve(fp, f.max_slots as usize)?;
        self.init_frame(f, fp);
        self.frames.push(ret);
        Ok(())
    }

    /// Enters store function `callee` whose arguments are at `fp`. Returns the new frame's
    /// function for a Wasm callee, `None` after a host callee ran to completion.
    fn enter(
        &mut self,
        callee: u32,
        fp: usize,
        ret: Frame,
    ) -> Result<Option<*const CompiledFunc>, Error> {
        match self.store.inner.funcs[callee as usize] {
            FuncEntity::Wasm { instance, func, .. } => {
                let compiled = wasm_body_ptr(self.store, instance, func)?;
                self.push_frame(compiled, fp, ret)?;
                if instance != self.instance {
                    self.instance = instance;
                    self.refresh_memories();
                }
                Ok(Some(compiled))
            }
            FuncEntity::Host { host, ty } => {
                self.call_host(host, ty, fp)?;
                Ok(None)
            }
        }
    }

    /// Runs host function `host` with arguments in the cells at `fp`, writing results there.
    fn call_host(&mut self, host: u32, ty: u32, fp: usize) -> Result<(), Error> {
        let ty = self.store.inner.engine.resolve_type(ty);
        let (np, nr) = (ty.params().len(), ty.results().len());
        self.reserve(fp, np.max(nr))?;
        let id = self.store.inner.id;
        let params: Vec<Val> = ty
            .params()
            .iter()
            .zip(&self.stack[fp..])
            .map(|(&t, &c)| Val::from_cell(t, c, id))
            .collect();
        let mut results: Vec<Val> = ty.results().iter().map(|&t| Val::default_for(t)).collect();
        let f = Arc::clone(&self.store.hosts[host as usize]);
        let outcome = f(
            crate::func::Caller { store: self.store, instance: Some(self.instance) },
            &params,
            &mut results,
        );
        self.refresh_memories();
        outcome?;
        for ((cell, val), &want) in self.stack[fp..].iter_mut().zip(&results).zip(ty.results()) {
            if val.ty() != want || val.is_foreign(id) {
                return Err(Error::host("host function returned a value of the wrong type"));
            }
            *cell = val.to_cell();
        }
        Ok(())
    }
}

/// The target of a jump-table entry; entries are always `Br` instructions.
fn br_table_target(instr: &Instr) -> Result<usize, TrapCode> {
    match instr {
        Instr::Br { target } => Ok(*target as usize),
        _ => Err(TrapCode::Unreachable),
    }
}
