//! The call boundary between the host and the interpreter: [`call`] runs any store function
//! for the embedding API (`Func::call`, `TypedFunc::call`, start functions), and [`call_host`]
//! is the one path on which a host function runs, whether the embedder or WebAssembly calls it:
//! results are prefilled and checked in one place. Value and frame stacks come from a pool in
//! the store ([`Stacks`]), so a call allocates nothing once the store has run a call as deep.

use super::{Executor, Frame, MAX_NESTING, NO_MEMORY, wasm_body_ptr};
use crate::error::{Error, TrapCode};
use crate::func::{Caller, check_vals};
use crate::store::{FuncEntity, Store};
use crate::values::Val;
use std::sync::Arc;

/// The stacks of one activation, kept by the store between calls (one per nesting level).
#[derive(Debug, Default)]
pub(crate) struct Stacks {
    values: Vec<u64>,
    /// Always empty while pooled: only its capacity is reused.
    frames: Vec<Frame>,
}

/// The most value cells and frames a pooled `Stacks` keeps: a call that ran deep (up to the
/// engine's `max_value_stack`, 32 MiB by default) does not leave the store holding it all.
const POOLED_CELLS: usize = 1 << 16;
const POOLED_FRAMES: usize = 1 << 12;

impl Stacks {
    /// The stacks of a finished activation, trimmed for the pool.
    fn for_pool(mut values: Vec<u64>, mut frames: Vec<Frame>) -> Self {
        frames.clear();
        frames.shrink_to(POOLED_FRAMES);
        values.truncate(POOLED_CELLS);
        values.shrink_to(POOLED_CELLS);
        Stacks { values, frames }
    }
}

// SAFETY: `Frame` holds raw pointers into translated code, but a pooled `Stacks` has no frames
// (`Stacks::for_pool` clears them before the store keeps them), and `values` is plain data.
unsafe impl Send for Stacks {}
// SAFETY: as above; a shared `Stacks` is never read.
unsafe impl Sync for Stacks {}

/// Calls store function `func` with `params`, which the caller has checked against the
/// function's type, and writes its results into `results` (of the right length).
pub(crate) fn call<T>(
    store: &mut Store<T>,
    func: u32,
    params: &[Val],
    results: &mut [Val],
) -> Result<(), Error> {
    let (instance, index, ty) = match store.inner.funcs[func as usize] {
        FuncEntity::Host { host, ty } => return call_host(store, host, ty, None, params, results),
        FuncEntity::Wasm { instance, func, ty } => (instance, func, ty),
    };
    if store.inner.nesting >= MAX_NESTING {
        return Err(Error::trap(TrapCode::StackOverflow));
    }
    let compiled = wasm_body_ptr(&store.inner, instance, index)?;
    // SAFETY: see `body_ptr`.
    let max_slots = unsafe { (*compiled).max_slots };
    let config = store.inner.engine.config();
    let (max_depth, max_stack, fuel) =
        (config.max_call_depth, config.max_value_stack, config.consume_fuel);
    // A return frame keeps its frame base as a `u32` index.
    let max_stack = max_stack.min(u32::MAX as usize);
    // A v128 takes two cells: twice the number of values bounds the cells of params and results.
    let needed = (max_slots as usize).max(2 * params.len().max(results.len())) + 16;
    if needed > max_stack {
        return Err(Error::trap(TrapCode::StackOverflow));
    }
    // Frames are initialised on entry (locals zeroed, constants copied), so a reused stack
    // needs no clearing.
    let Stacks { values: mut stack, frames } = store.inner.stacks.pop().unwrap_or_default();
    let len = needed.max(1024).min(max_stack);
    if stack.len() < len {
        stack.resize(len, 0);
    }
    crate::values::write_cells(params, &mut stack);
    store.inner.nesting += 1;
    let id = store.inner.id;
    let store_ptr: *mut Store<T> = store;
    let mut exec = Executor {
        store: store_ptr.cast(),
        // SAFETY: `store_ptr` comes from the live `&mut Store<T>` borrowed for this whole call.
        inner: unsafe { &raw mut (*store_ptr).inner },
        host_call: host_trampoline::<T>,
        stack,
        frames,
        callers: Vec::new(),
        instance,
        module: std::ptr::null(),
        mems: Vec::new(),
        global_map: std::ptr::null(),
        globals: std::ptr::null_mut(),
        code: std::ptr::null(),
        hot_mem: 0,
        hot: NO_MEMORY,
        outcome: Ok(()),
        #[cfg(not(polymem_tail_calls))]
        resume: (std::ptr::null(), std::ptr::null_mut(), 0, 0.0),
        #[cfg(all(polymem_tail_calls, debug_assertions))]
        stack_mark: 0,
        max_depth,
        max_stack,
        fuel,
        interrupt: Arc::as_ptr(&store.inner.interrupt),
    };
    exec.refresh_memories();
    let outcome = exec.run(compiled);
    let Executor { stack, frames, .. } = exec;
    store.inner.nesting -= 1;
    let ty = store.inner.engine.resolve_type(ty);
    if outcome.is_ok() {
        crate::values::read_cells(ty.results(), &stack, id, results);
    }
    store.inner.stacks.push(Stacks::for_pool(stack, frames));
    outcome
}

/// Runs host function `host` (of interned type `ty`) as called from `instance` (`None`: by the
/// embedder): prefills `results` with zeros of the result types and checks what the host wrote
/// there, so that a host function can never hand a badly typed value (or a handle of another
/// store) to WebAssembly or to its caller.
pub(crate) fn call_host<T>(
    store: &mut Store<T>,
    host: u32,
    ty: u32,
    instance: Option<u32>,
    params: &[Val],
    results: &mut [Val],
) -> Result<(), Error> {
    let ty = store.inner.engine.resolve_type(ty);
    for (slot, &t) in results.iter_mut().zip(ty.results()) {
        *slot = Val::default_for(t);
    }
    let func = Arc::clone(&store.hosts[host as usize]);
    func(Caller { store: &mut *store, instance }, params, results)?;
    check_vals(store.inner.id, ty.results(), results, "host function results")
}

/// [`call_host`] on the `Store<T>` that `store` points to, for the type-erased executor.
///
/// # Safety
///
/// `store` must be the pointer an [`Executor`] made from its live `&mut Store<T>`, with no
/// reference derived from it (such as the executor's `inner`) in use during the call.
pub(super) unsafe fn host_trampoline<T>(
    store: *mut (),
    host: u32,
    ty: u32,
    instance: u32,
    params: &[Val],
    results: &mut [Val],
) -> Result<(), Error> {
    // SAFETY: guaranteed by the caller.
    let store = unsafe { &mut *store.cast::<Store<T>>() };
    call_host(store, host, ty, Some(instance), params, results)
}
