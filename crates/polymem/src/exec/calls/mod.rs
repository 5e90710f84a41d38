//! Entering and leaving functions: frame push and pop, direct, internal, indirect and host
//! calls; tail calls, which reuse the running function's frame and return address, are in
//! [`tail`].
//!
//! The helpers return the new `(ip, fp)` pair in registers (a null `ip` after storing the error
//! in `outcome`) rather than a `Result`: a `Result` that big is returned through a stack slot of
//! the calling handler, and a handler whose stack slot escapes cannot jump to the next handler.

use super::{Executor, Frame, Op, Runnable, body_ptr, wasm_body_ptr};
use crate::error::{Error, TrapCode};
use crate::store::FuncEntity;
use polymem_ir::{DefinedFuncIdx, FuncIdx, Instr, Slot};
use std::sync::atomic::{Ordering, compiler_fence};

mod tail;

/// Where execution goes next: `(ip, fp)`, with a null `ip` when the activation stops.
pub(super) type Resume = (*const Op, *mut u64);

const STOP: Resume = (std::ptr::null(), std::ptr::null_mut());

impl Executor {
    /// The index of frame pointer `fp` in the value stack.
    #[inline(always)]
    fn fp_index(&self, fp: *mut u64) -> usize {
        // SAFETY: frame pointers are always derived from the current `stack` buffer.
        unsafe { fp.offset_from(self.stack.as_ptr()) as usize }
    }

    /// A pointer to cell `index` of the value stack.
    #[inline(always)]
    fn cell_ptr(&mut self, index: usize) -> *mut u64 {
        // SAFETY: `index` is a reserved frame base, inside the stack.
        unsafe { self.stack.as_mut_ptr().add(index) }
    }

    /// The frame that resumes the running function at `ip` on frame `fp` (`cross`: from a
    /// callee in another instance; the caller then pushes its instance on `callers`).
    #[inline(always)]
    fn return_frame(&self, ip: *const Op, fp: usize, cross: bool) -> Frame {
        // `fp < stack.len() <= u32::MAX` (see `entry::call`).
        Frame { code: self.code, ip, fp: fp as u32, hot_mem: self.hot_mem, cross }
    }

    /// Records `error` as the outcome and stops.
    #[cold]
    #[inline(never)]
    fn stop_resume(&mut self, error: Error) -> Resume {
        self.outcome = Err(error);
        STOP
    }

    /// Checks the call depth, reserves and initialises the frame of `compiled` at `fp`, saves
    /// the caller's `ret` and makes `compiled` the running code.
    #[inline(always)]
    fn push_frame(
        &mut self,
        compiled: *const Runnable,
        fp: usize,
        ret: Frame,
    ) -> Result<*const Op, Error> {
        if self.frames.len() >= self.max_depth {
            return Err(Error::trap(TrapCode::StackOverflow));
        }
        // SAFETY: see `body_ptr`.
        let f: &Runnable = unsafe { &*compiled };
        self.reserve(fp, f.max_slots as usize)?;
        self.init_frame(f, fp);
        self.frames.push(ret);
        self.code = f.code.as_ptr();
        self.switch_hot(f.hot_mem);
        Ok(self.code)
    }

    /// The common case of [`Executor::call_internal`], inlined into its handler: the callee is
    /// translated, its frame fits in the stack, the call stack has room and spare capacity, and
    /// its frame needs at most [`SMALL`] zeroed locals and copied constants. `None` sends the
    /// call down the general path, which handles every other case. Nothing here calls a
    /// function (`memset`/`memcpy`, `Vec::push`'s growth and the general path were calls, and
    /// made the handler save five registers), and the return frame is written first (see
    /// [`Executor::stage_return_frame`]): the handler saves no register. `ret_ip` follows the
    /// `CallInternal` instruction, whose fields are read only after the frame is written.
    #[inline(always)]
    pub(super) fn try_call_internal(&mut self, ret_ip: *const Op, fp: *mut u64) -> Option<Resume> {
        if !self.stage_return_frame(ret_ip, fp) {
            return None;
        }
        // SAFETY: only the `CallInternal` handler calls this, with its successor as `ret_ip`.
        let Instr::CallInternal { base, defined } = (unsafe { (*ret_ip.sub(1)).instr }) else {
            unsafe { std::hint::unreachable_unchecked() }
        };
        self.enter_small(defined, base, fp)
    }

    /// The common case of [`Executor::call_indirect`], inlined into its handler as
    /// [`Executor::try_call_internal`] is: the table cell holds a function of the running
    /// instance with the expected type (see [`Executor::local_callee`]), and its frame is small.
    /// `None` sends the call down the general path (another instance, a host function, a trap,
    /// or what `try_call_internal` leaves to it). Callgrind, indirect workload: 180
    /// instructions per call through `call_indirect` and `indirect_callee` before, two calls
    /// that saved six registers each.
    #[inline(always)]
    pub(super) fn try_call_indirect(&mut self, ret_ip: *const Op, fp: *mut u64) -> Option<Resume> {
        if !self.stage_return_frame(ret_ip, fp) {
            return None;
        }
        // SAFETY: only the `CallIndirect` handler calls this, with its successor as `ret_ip`.
        let Instr::CallIndirect { base, index, table, ty } = (unsafe { (*ret_ip.sub(1)).instr })
        else {
            unsafe { std::hint::unreachable_unchecked() }
        };
        // SAFETY: `index` is a slot of the running frame (see the handlers' `get!`).
        let index = unsafe { *fp.add(index.0 as usize) };
        let defined = self.local_callee(index, table, ty)?;
        self.enter_small(defined, base, fp)
    }

    /// Writes the frame that resumes the caller at `ret_ip` on `fp` into the frame stack's
    /// spare capacity, where [`Executor::enter_small`] makes it the top frame. `false` (nothing
    /// written) if the call stack is at its depth limit or has no spare capacity.
    #[inline(always)]
    fn stage_return_frame(&mut self, ret_ip: *const Op, fp: *mut u64) -> bool {
        let depth = self.frames.len();
        if depth >= self.max_depth || depth == self.frames.capacity() {
            return false;
        }
        let ret = self.return_frame(ret_ip, self.fp_index(fp), false);
        // SAFETY: `depth < capacity` (checked above): the slot past the last frame is spare
        // capacity, and the frame becomes part of the stack only by `set_len` in `enter_small`
        // (a call that takes the general path leaves it there, unused). Not `push`: its growth
        // path is a call, which would give the handler a stack frame.
        unsafe { self.frames.as_mut_ptr().add(depth).write(ret) };
        // Without the fence LLVM loads the call's fields first and holds them across the
        // frame's stores: 12 values live, three callee-saved registers pushed and popped.
        // After it, the depth and the frame index are computed again from memory rather than
        // kept in registers: only `vm`, `ret_ip` and `fp` live across it.
        compiler_fence(Ordering::SeqCst);
        true
    }

    /// Enters function `defined` of the running instance's module with arguments at
    /// `fp + base`, after [`Executor::stage_return_frame`], if it is translated, its frame fits
    /// in the stack and it has at most [`SMALL`] locals and constants; `None` changes nothing.
    #[inline(always)]
    fn enter_small(&mut self, defined: DefinedFuncIdx, base: Slot, fp: *mut u64) -> Option<Resume> {
        // SAFETY: `module` is the running instance's module, which the store keeps alive.
        let module = unsafe { &*self.module };
        let f = module.translated(defined)?;
        let new_fp = self.fp_index(fp) + base.0 as usize;
        if new_fp + f.max_slots as usize > self.stack.len()
            || f.num_locals as usize > SMALL
            || f.consts.len() > SMALL
        {
            return None;
        }
        // SAFETY: the frame past the last one was written by `stage_return_frame`.
        unsafe { self.frames.set_len(self.frames.len() + 1) };
        let cells = self.cell_ptr(new_fp);
        // SAFETY: the frame `new_fp..new_fp + max_slots` lies in the stack, and `f` has at
        // most `SMALL` locals and constants (both checked above).
        unsafe { init_small_frame(f, cells) };
        self.code = f.code.as_ptr();
        self.switch_hot(f.hot_mem);
        Some((self.code, cells))
    }

    /// Calls function `defined` of the running instance's module with arguments at
    /// `fp + base`; the caller resumes at `ret_ip`.
    #[inline(never)]
    pub(super) fn call_internal(
        &mut self,
        defined: DefinedFuncIdx,
        base: Slot,
        ret_ip: *const Op,
        fp: *mut u64,
    ) -> Resume {
        let fp_idx = self.fp_index(fp);
        let new_fp = fp_idx + base.0 as usize;
        let ret = self.return_frame(ret_ip, fp_idx, false);
        // SAFETY: `module` is the running instance's module, which the store keeps alive.
        let entered = body_ptr(unsafe { &*self.module }, defined)
            .and_then(|compiled| self.push_frame(compiled, new_fp, ret));
        match entered {
            Ok(code) => (code, self.cell_ptr(new_fp)),
            Err(error) => self.stop_resume(error),
        }
    }

    /// Calls store function `callee` with arguments at `fp + base`; the caller resumes at
    /// `ret_ip`.
    #[inline(never)]
    pub(super) fn call_func(
        &mut self,
        callee: u32,
        base: Slot,
        ret_ip: *const Op,
        fp: *mut u64,
    ) -> Resume {
        let fp_idx = self.fp_index(fp);
        let new_fp = fp_idx + base.0 as usize;
        let outcome = match self.inner().funcs[callee as usize] {
            FuncEntity::Wasm { instance, func, .. } => {
                let cross = instance != self.instance;
                // The small-frame path of `CallInternal`, for a callee of the running instance
                // (a `call` of an import that is one, `call_indirect`'s general path): no
                // `memset`/`memcpy` for the frame, no growth path for the frame stack.
                if !cross
                    && self.stage_return_frame(ret_ip, fp)
                    && let Some(to) = self.enter_small(func, base, fp)
                {
                    return to;
                }
                let ret = self.return_frame(ret_ip, fp_idx, cross);
                wasm_body_ptr(self.inner(), instance, func)
                    .and_then(|compiled| self.push_frame(compiled, new_fp, ret))
                    .map(|code| {
                        if cross {
                            self.callers.push(self.instance);
                            self.instance = instance;
                            self.refresh_memories();
                        }
                        (code, new_fp)
                    })
            }
            FuncEntity::Host { host, ty } => {
                self.call_host(host, ty, new_fp).map(|()| (ret_ip, fp_idx))
            }
        };
        match outcome {
            Ok((ip, fp)) => (ip, self.cell_ptr(fp)),
            Err(error) => self.stop_resume(error),
        }
    }

    /// Calls function `func` (module-level index) of the running instance.
    #[inline(never)]
    pub(super) fn call_module_func(
        &mut self,
        func: FuncIdx,
        base: Slot,
        ret_ip: *const Op,
        fp: *mut u64,
    ) -> Resume {
        let callee = self.inner().instances[self.instance as usize].funcs[func.0 as usize];
        self.call_func(callee, base, ret_ip, fp)
    }

    /// `call_indirect` through `table[index]`, checking module type `ty`: the general path of
    /// [`Executor::try_call_indirect`].
    #[inline(never)]
    pub(super) fn call_indirect(
        &mut self,
        index: u64,
        table: u32,
        ty: u32,
        base: Slot,
        ret_ip: *const Op,
        fp: *mut u64,
    ) -> Resume {
        match self.indirect_callee(index, table, ty) {
            Ok(callee) => self.call_func(callee, base, ret_ip, fp),
            Err(error) => self.stop_resume(error),
        }
    }

    /// The common case of [`Executor::pop_frame`], inlined into the return handlers: there is
    /// a caller and it runs in the same instance (the frame is not `cross`). `None` (nothing popped) sends the return down
    /// the general path. Nothing here calls a function, so the return handlers need no stack
    /// frame of their own.
    #[inline(always)]
    pub(super) fn try_pop_frame(&mut self) -> Option<Resume> {
        let frame = self.frames.last()?;
        if frame.cross {
            return None;
        }
        let (code, ip, fp, hot_mem) = (frame.code, frame.ip, frame.fp, frame.hot_mem);
        self.frames.pop();
        self.code = code;
        self.switch_hot(hot_mem);
        Some((ip, self.cell_ptr(fp as usize)))
    }

    /// Returns to the caller: its `(ip, fp)`, or a null `ip` with an `Ok` outcome when the
    /// activation's entry function returned.
    #[inline(always)]
    pub(super) fn pop_frame(&mut self) -> Resume {
        match self.frames.pop() {
            None => STOP,
            Some(frame) => {
                self.code = frame.code;
                match frame.cross.then(|| self.callers.pop()).flatten() {
                    Some(instance) => {
                        self.instance = instance;
                        self.hot_mem = frame.hot_mem;
                        self.refresh_memories();
                    }
                    None => self.switch_hot(frame.hot_mem),
                }
                (frame.ip, self.cell_ptr(frame.fp as usize))
            }
        }
    }
}

/// Most frames zero at most this many locals and copy at most this many constants.
const SMALL: usize = 4;

/// Initialises the frame of `f` at `cells` as [`Executor::init_frame`] does, with stores in
/// line (no call to `memset`/`memcpy`).
///
/// # Safety
///
/// `cells..cells + f.max_slots` must lie in the value stack, and `f` have at most [`SMALL`]
/// locals and constants.
#[inline(always)]
unsafe fn init_small_frame(f: &Runnable, cells: *mut u64) {
    let (locals, consts) = (f.num_locals as usize, f.consts.len());
    // SAFETY: the translator places the locals and the constants below `max_slots`. Each
    // store is conditional on a loop of constant length, so LLVM unrolls it into compares and
    // stores instead of calling `memset`/`memcpy`.
    unsafe {
        let zeroed = cells.add(f.num_params as usize);
        let copied = cells.add(f.const_base as usize);
        for i in 0..SMALL {
            if i < locals {
                zeroed.add(i).write(0);
            }
        }
        for i in 0..SMALL {
            if i < consts {
                copied.add(i).write(*f.consts.as_ptr().add(i));
            }
        }
    }
}
