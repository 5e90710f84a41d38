//! Tail calls (`return_call`, `return_call_indirect`): the callee takes over the running
//! function's frame, its arguments moved down to the frame's first slots, and the return frame
//! stays the caller's, so that a tail-recursive loop runs in constant stack.

use super::Resume;
use crate::error::Error;
use crate::exec::{Executor, Op, Runnable, body_ptr, wasm_body_ptr};
use crate::store::FuncEntity;
use polymem_ir::{DefinedFuncIdx, FuncIdx, Slot};

impl Executor {
    /// Moves the `n` arguments of a tail call at `fp + base` down to the frame's first slots.
    #[inline(always)]
    fn move_args_down(&mut self, fp: usize, base: Slot, n: usize) {
        let from = fp + base.0 as usize;
        self.stack.copy_within(from..from + n, fp);
    }

    /// Makes `compiled` the running function in the frame at `fp` (a tail call): the arguments
    /// at `fp + base` become its parameters and the return frame stays the caller's.
    fn replace_frame(
        &mut self,
        compiled: *const Runnable,
        fp: usize,
        base: Slot,
    ) -> Result<*const Op, Error> {
        // SAFETY: see `body_ptr`.
        let f: &Runnable = unsafe { &*compiled };
        self.move_args_down(fp, base, f.num_params as usize);
        self.reserve(fp, f.max_slots as usize)?;
        self.init_frame(f, fp);
        self.code = f.code.as_ptr();
        self.switch_hot(f.hot_mem);
        Ok(self.code)
    }

    /// `return_call` of function `defined` of the running instance's module.
    #[inline(never)]
    pub(in crate::exec) fn return_call_internal(
        &mut self,
        defined: DefinedFuncIdx,
        base: Slot,
        fp: *mut u64,
    ) -> Resume {
        let fp_idx = self.fp_index(fp);
        // SAFETY: `module` is the running instance's module, which the store keeps alive.
        let entered = body_ptr(unsafe { &*self.module }, defined)
            .and_then(|compiled| self.replace_frame(compiled, fp_idx, base));
        match entered {
            Ok(code) => (code, self.cell_ptr(fp_idx)),
            Err(error) => self.stop_resume(error),
        }
    }

    /// Tail call of store function `callee`. A WebAssembly callee takes over the frame (and
    /// the instance switches if it belongs to another); a host function runs with the
    /// arguments moved down, and its results return straight to the caller.
    #[inline(never)]
    pub(in crate::exec) fn return_call_func(
        &mut self,
        callee: u32,
        base: Slot,
        fp: *mut u64,
    ) -> Resume {
        let fp_idx = self.fp_index(fp);
        let outcome = match self.inner().funcs[callee as usize] {
            FuncEntity::Wasm { instance, func, .. } => wasm_body_ptr(self.inner(), instance, func)
                .and_then(|compiled| self.replace_frame(compiled, fp_idx, base))
                .map(|code| {
                    if instance != self.instance {
                        // The return frame stays the caller's: it now returns across instances.
                        if let Some(frame) = self.frames.last_mut()
                            && !frame.cross
                        {
                            frame.cross = true;
                            self.callers.push(self.instance);
                        }
                        self.instance = instance;
                        self.refresh_memories();
                    }
                    (code, self.cell_ptr(fp_idx))
                }),
            FuncEntity::Host { host, ty } => {
                let func_ty = self.inner().engine.resolve_type(ty);
                let params = func_ty.params().iter().map(|t| t.cells()).sum();
                self.move_args_down(fp_idx, base, params);
                self.call_host(host, ty, fp_idx).map(|()| self.pop_frame())
            }
        };
        match outcome {
            Ok(resume) => resume,
            Err(error) => self.stop_resume(error),
        }
    }

    /// `return_call` of function `func` (module-level index) of the running instance.
    #[inline(never)]
    pub(in crate::exec) fn return_call_module_func(
        &mut self,
        func: FuncIdx,
        base: Slot,
        fp: *mut u64,
    ) -> Resume {
        let callee = self.inner().instances[self.instance as usize].funcs[func.0 as usize];
        self.return_call_func(callee, base, fp)
    }

    /// `return_call_indirect` through `table[index]`, checking module type `ty`. A function of
    /// the running instance of that type (`local_callee`) is entered as `return_call_internal`
    /// enters it, without `return_call_func`'s store and instance lookups.
    #[inline(never)]
    pub(in crate::exec) fn return_call_indirect(
        &mut self,
        index: u64,
        table: u32,
        ty: u32,
        base: Slot,
        fp: *mut u64,
    ) -> Resume {
        if let Some(defined) = self.local_callee(index, table, ty) {
            return self.return_call_internal(defined, base, fp);
        }
        match self.indirect_callee(index, table, ty) {
            Ok(callee) => self.return_call_func(callee, base, fp),
            Err(error) => self.stop_resume(error),
        }
    }
}
