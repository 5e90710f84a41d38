//! Capturing the Wasm frames of an activation when it fails ([`crate::WasmBacktrace`]).
//!
//! Design choice: frames do not record their function index. A call pushes `(code, ip, fp,
//! hot_mem)` and nothing more (and the caller's instance, on a call into another instance), and a trap maps each frame's `code` (the start of a
//! translated body, unique to it) back to its function by a search of the instance's module.
//! Recording the index would cost a store on every call, the hottest path of call-heavy
//! code, for the benefit of the rare failing run; the search costs the failing run a scan of
//! the module's bodies per kept frame (at most `WasmBacktrace::MAX_FRAMES` of them), which is
//! microseconds next to printing the error.

use super::{Executor, Op};
use crate::backtrace::FrameInfo;
use crate::error::Error;
use crate::store::StoreInner;

impl Executor {
    /// `error` with this activation's frames appended to its backtrace, innermost (the running
    /// function) first; a requested exit is no failure and gets none. Frames of an inner
    /// activation (a host function that called WebAssembly) are already there, so the order
    /// is innermost first across activations.
    #[cold]
    #[inline(never)]
    pub(super) fn with_backtrace(&self, mut error: Error) -> Error {
        if error.exit_status().is_some() || self.code.is_null() {
            return error;
        }
        let inner = self.inner();
        let count = self.frames.len() + 1;
        // The instance of each frame's caller, outward from the running function: that of the
        // frame above it, except across a `cross` frame, whose caller's instance is recorded.
        let mut instance = self.instance;
        let mut callers = self.callers.iter().rev();
        let instances: Vec<u32> = (self.frames.iter().rev())
            .map(|frame| {
                if frame.cross {
                    instance = callers.next().copied().unwrap_or(instance);
                }
                instance
            })
            .collect();
        error.backtrace_mut().extend_outward(count, |i| match i {
            0 => frame_info(inner, self.instance, self.code),
            _ => frame_info(inner, instances[i - 1], self.frames[count - 1 - i].code),
        });
        error
    }
}

/// The frame of the function of instance `instance` whose translated code starts at `code`.
fn frame_info(inner: &StoreInner, instance: u32, code: *const Op) -> FrameInfo {
    let module = &inner.instances[instance as usize].module.inner;
    let body = module.bodies.iter().position(
        |body| matches!(body.compiled.get(), Some(Ok(compiled)) if compiled.code.as_ptr() == code),
    );
    // Every code pointer the executor runs is a translated body of the instance's module.
    debug_assert!(body.is_some(), "a frame's code belongs to no body of its module");
    let Some(body) = body else {
        return FrameInfo::new(u32::MAX, None, None, 0);
    };
    let index = module.num_imported_funcs + body as u32;
    let names = module.names();
    FrameInfo::new(
        index,
        names.and_then(|n| n.func(index)),
        names.and_then(|n| n.module()),
        module.bodies[body].range.start,
    )
}
