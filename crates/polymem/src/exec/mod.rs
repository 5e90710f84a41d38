//! The interpreter: runs translated functions on a value stack of 64-bit cells.
//!
//! Dispatch is threaded: every instruction kind has its own handler function ([`ops`]), and each
//! handler ends by calling the handler of the next instruction in tail position, so that an
//! optimizing build turns the call into a jump ([`dispatch`]). The hot state (instruction
//! pointer, frame pointer, the accumulators, the function's hot memory) travels in argument
//! registers. Builds that do not
//! optimize fall back to a loop that calls one handler at a time.
//!
//! Wasm-to-Wasm calls push a [`Frame`] on an explicit call stack instead of recursing in Rust, so
//! deep Wasm recursion cannot overflow the host stack; it ends with the trap
//! `call stack exhausted` at the configured depth.
//!
//! Memory accesses go through [`MemView`]s: a `(base, len)` pair per memory index of the running
//! instance, refreshed whenever the instance changes, a memory grows or the host ran. Any memory
//! index thus costs the same as memory 0: one indexed load of its view.
//!
//! The executor does not depend on the store's data type: it holds the store as a raw pointer
//! with a monomorphized trampoline for host calls, so the handlers are compiled once.

#[macro_use]
mod dispatch;
pub(crate) mod acc;
mod backtrace;
mod bulk;
mod calls;
mod entry;
mod numeric;
mod ops;
mod simd;
mod swar;

#[cfg(feature = "pair-stats")]
pub use dispatch::pair_stats::take_pair_counts;
pub(crate) use dispatch::{Op, Runnable};
pub(crate) use entry::{Stacks, call};

use crate::error::{Error, TrapCode};
use crate::module::ModuleInner;
use crate::store::{GlobalEntity, StoreInner};
use crate::values::Val;
use polymem_ir::DefinedFuncIdx;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// How many host→Wasm re-entries may nest before the trap `call stack exhausted`.
const MAX_NESTING: u32 = 64;

/// A memory of the running instance as the interpreter sees it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct MemView {
    pub(crate) base: *mut u8,
    pub(crate) len: usize,
}

/// The view of a memory that does not exist: every access is out of bounds.
const NO_MEMORY: MemView = MemView { base: std::ptr::null_mut(), len: 0 };

/// A suspended caller: where to resume and on which frame. 24 bytes, written by every call:
/// the caller's instance is not in it, as it is the callee's except after a call into
/// another instance, which marks the frame `cross` and pushes the caller's instance on
/// [`Executor::callers`] (a rarer record), so that the call handler's fast path has fewer
/// values to store and no register to save.
#[derive(Debug)]
struct Frame {
    code: *const Op,
    ip: *const Op,
    /// The index of the caller's frame base in the value stack (below `u32::MAX`: the stack's
    /// length is capped there, see `entry::call`).
    fp: u32,
    hot_mem: u16,
    /// The caller runs in another instance than the callee: it is the last of `callers`.
    cross: bool,
}

/// Runs host function `host` of type `ty` for instance `instance` on the store behind the erased
/// pointer; see [`entry::host_trampoline`].
type HostCall = unsafe fn(*mut (), u32, u32, u32, &[Val], &mut [Val]) -> Result<(), Error>;

/// The state of one activation of the interpreter.
pub(crate) struct Executor {
    /// The `Store<T>` this activation borrows mutably for its whole run, type-erased.
    store: *mut (),
    /// The store's non-generic part, derived from `store`.
    inner: *mut StoreInner,
    host_call: HostCall,
    stack: Vec<u64>,
    frames: Vec<Frame>,
    /// The instances of the callers of the `cross` frames, innermost last.
    callers: Vec<u32>,
    /// The running instance, its module and its memory views.
    instance: u32,
    module: *const ModuleInner,
    mems: Vec<MemView>,
    /// The running instance's globals, refreshed with the memory views (only the host adds
    /// globals to the store, and it runs between refreshes): its map from global index to
    /// store index, and the store's globals. `global.get` reads through them with no bounds
    /// check (the validator checked the index against the module).
    global_map: *const u32,
    globals: *mut GlobalEntity,
    /// The running function's code: branch targets index it.
    code: *const Op,
    /// The running function's hot memory and its view (which handlers keep in registers).
    hot_mem: u16,
    hot: MemView,
    /// How the activation ended, set by the handler that stops it.
    outcome: Result<(), Error>,
    /// Where the portable dispatch loop resumes.
    #[cfg(not(polymem_tail_calls))]
    resume: (*const Op, *mut u64, u64, f64),
    /// Debug builds with tail calls: the host stack address where dispatch began.
    #[cfg(all(polymem_tail_calls, debug_assertions))]
    stack_mark: usize,
    max_depth: usize,
    max_stack: usize,
    /// Whether the engine consumes fuel (the bulk operations charge per byte when it does).
    fuel: bool,
    /// The store's interrupt flag, read by `CheckInterrupt`; the store keeps it alive.
    interrupt: *const AtomicBool,
}

/// The translated body of defined function `defined` of `module`, translated now if that has
/// not happened yet. The pointee lives as long as the module, which the store keeps for as long
/// as any instance of it: the pointer outlives every activation using it.
#[inline]
fn body_ptr(module: &ModuleInner, defined: DefinedFuncIdx) -> Result<*const Runnable, Error> {
    match module.translated(defined) {
        Some(compiled) => Ok(compiled),
        // The module's `OnceLock` keeps the `Arc` that this clone points to.
        None => module.compiled(defined).map(|compiled| Arc::as_ptr(&compiled)),
    }
}

/// The translated body of defined function `defined` of store instance `instance`.
fn wasm_body_ptr(
    inner: &StoreInner,
    instance: u32,
    defined: DefinedFuncIdx,
) -> Result<*const Runnable, Error> {
    body_ptr(&inner.instances[instance as usize].module.inner, defined)
}

impl Executor {
    /// The store's non-generic part.
    fn inner(&self) -> &StoreInner {
        // SAFETY: `inner` points into the store this activation borrows mutably; no other
        // reference to it is live while the executor runs (host calls go through `store` and
        // end before `inner` is used again).
        unsafe { &*self.inner }
    }

    /// The store's non-generic part, mutably.
    fn inner_mut(&mut self) -> &mut StoreInner {
        // SAFETY: see `inner`.
        unsafe { &mut *self.inner }
    }

    /// Rebuilds the memory views and the global pointers of the running instance.
    fn refresh_memories(&mut self) {
        // SAFETY: see `inner`; `self.mems` is a separate field, not part of the store.
        let inner = unsafe { &mut *self.inner };
        let instance = &inner.instances[self.instance as usize];
        self.module = Arc::as_ptr(&instance.module.inner);
        self.global_map = instance.globals.as_ptr();
        self.globals = inner.globals.as_mut_ptr();
        self.mems.clear();
        for &m in &instance.memories {
            let bytes = &mut inner.memories[m as usize].bytes;
            self.mems.push(MemView { base: bytes.as_mut_ptr(), len: bytes.len() });
        }
        self.set_hot(self.hot_mem);
    }

    /// Makes memory `hot_mem` of the running instance the hot one, unless it already is (the
    /// view of the current hot memory is kept fresh by `refresh_memories`).
    #[inline(always)]
    fn switch_hot(&mut self, hot_mem: u16) {
        if hot_mem != self.hot_mem {
            self.set_hot(hot_mem);
        }
    }

    /// Makes memory `hot_mem` of the running instance the hot one.
    #[inline(always)]
    fn set_hot(&mut self, hot_mem: u16) {
        self.hot_mem = hot_mem;
        // A function without memory accesses may name a memory the instance lacks.
        self.hot = self.mems.get(hot_mem as usize).copied().unwrap_or(NO_MEMORY);
    }

    /// Zeroes the declared locals of a new frame of `f` at `fp` and copies in its constants. The
    /// frame `fp..fp + f.max_slots` has been reserved.
    #[inline(always)]
    fn init_frame(&mut self, f: &Runnable, fp: usize) {
        debug_assert!(fp + f.max_slots as usize <= self.stack.len());
        // SAFETY: the frame is reserved (above), and the translator places the locals and the
        // constants below `max_slots`; `consts` is a separate allocation.
        unsafe {
            let cells = self.stack.as_mut_ptr().add(fp);
            if f.num_locals > 0 {
                std::ptr::write_bytes(cells.add(f.num_params as usize), 0, f.num_locals as usize);
            }
            if !f.consts.is_empty() {
                let consts = cells.add(f.const_base as usize);
                std::ptr::copy_nonoverlapping(f.consts.as_ptr(), consts, f.consts.len());
            }
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

    /// Runs `entry`, whose arguments are in the cells at index 0, until it returns.
    fn run(&mut self, entry: *const Runnable) -> Result<(), Error> {
        // SAFETY: `entry` points into an `Arc<Runnable>` kept by the instance's module.
        let f = unsafe { &*entry };
        self.init_frame(f, 0);
        self.code = f.code.as_ptr();
        self.set_hot(f.hot_mem);
        let (ip, fp) = (self.code, self.stack.as_mut_ptr());
        dispatch::execute(self, ip, fp);
        // A stopped activation keeps its frames as they were when it stopped: the backtrace.
        std::mem::replace(&mut self.outcome, Ok(())).map_err(|e| self.with_backtrace(e))
    }

    /// Runs host function `host` of type `ty` with arguments in the cells at `fp`, writing
    /// results there (checked by [`entry::call_host`]).
    fn call_host(&mut self, host: u32, ty: u32, fp: usize) -> Result<(), Error> {
        let func_ty = self.inner().engine.resolve_type(ty);
        let (np, nr) = (func_ty.params().len(), func_ty.results().len());
        // A v128 takes two cells.
        self.reserve(fp, 2 * np.max(nr))?;
        let id = self.inner().id;
        let mut params = vec![Val::I32(0); np];
        crate::values::read_cells(func_ty.params(), &self.stack[fp..], id, &mut params);
        let mut results = vec![Val::I32(0); nr];
        // SAFETY: `store` is this activation's store and no reference from `inner` is live.
        let outcome =
            unsafe { (self.host_call)(self.store, host, ty, self.instance, &params, &mut results) };
        self.refresh_memories();
        outcome?;
        crate::values::write_cells(&results, &mut self.stack[fp..]);
        Ok(())
    }
}

impl Executor {
    /// Takes `amount` units of the store's fuel; `false` (taking nothing) when less is left.
    #[inline(always)]
    fn consume_fuel(&mut self, amount: u64) -> bool {
        let fuel = &mut self.inner_mut().fuel;
        match fuel.checked_sub(amount) {
            Some(left) => {
                *fuel = left;
                true
            }
            None => false,
        }
    }

    /// Charges a bulk operation on `len` bytes (or elements scaled to bytes) when fuel is on:
    /// one unit per 64 bytes.
    fn charge_bytes(&mut self, len: u64) -> Result<(), TrapCode> {
        if self.fuel && !self.consume_fuel(len / 64) {
            return Err(TrapCode::OutOfFuel);
        }
        Ok(())
    }

    /// Whether the store's interrupt handle asked running code to stop.
    #[inline(always)]
    fn interrupt_requested(&self) -> bool {
        // SAFETY: `interrupt` points into the `Arc` that the borrowed store holds.
        unsafe { (*self.interrupt).load(Ordering::Relaxed) }
    }

    /// Stops the activation with `interrupted`, withdrawing the request that caused it so that
    /// the store's next call runs.
    #[cold]
    #[inline(never)]
    fn interrupted(&mut self) -> dispatch::Next {
        // SAFETY: as in `interrupt_requested`.
        unsafe { (*self.interrupt).store(false, Ordering::Relaxed) };
        self.trap(TrapCode::Interrupted)
    }

    /// Stops the activation with trap `code`.
    #[cold]
    #[inline(never)]
    fn trap(&mut self, code: TrapCode) -> dispatch::Next {
        self.stop(Error::trap(code))
    }

    /// Stops the activation with `error`.
    #[cold]
    #[inline(never)]
    fn stop(&mut self, error: Error) -> dispatch::Next {
        self.outcome = Err(error);
        dispatch::Next::Stop
    }
}
