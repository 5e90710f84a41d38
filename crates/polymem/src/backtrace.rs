//! Wasm backtraces: the WebAssembly frames that were live when execution failed.
//!
//! An [`Error`](crate::Error) raised while WebAssembly runs (a trap, a host function's error,
//! `call stack exhausted`, fuel, interruption) carries the Wasm frames of every activation it
//! passed through, innermost first; [`Error::backtrace`](crate::Error::backtrace) gives them.
//! Host frames are not listed: after a host function called back into WebAssembly, the frames
//! of that inner call come first, then those of the Wasm code that called the host function.
//!
//! A backtrace keeps at most [`WasmBacktrace::MAX_FRAMES`] frames: the innermost ones (where it
//! failed) and the outermost ones (how the program got there), with the number left out in
//! between, so that a runaway recursion 100,000 calls deep costs no more to report than a
//! shallow one.

use std::fmt;

/// One WebAssembly function activation in a [`WasmBacktrace`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrameInfo {
    func_index: u32,
    func_name: Option<Box<str>>,
    module_name: Option<Box<str>>,
    func_offset: usize,
}

impl FrameInfo {
    pub(crate) fn new(
        func_index: u32,
        func_name: Option<&str>,
        module_name: Option<&str>,
        func_offset: usize,
    ) -> Self {
        FrameInfo {
            func_index,
            func_name: func_name.map(Box::from),
            module_name: module_name.map(Box::from),
            func_offset,
        }
    }

    /// The function's index in its module's function index space (imports first).
    pub fn func_index(&self) -> u32 {
        self.func_index
    }

    /// The function's name from its module's `name` section, if it has one.
    pub fn func_name(&self) -> Option<&str> {
        self.func_name.as_deref()
    }

    /// The module's name from its `name` section, if it has one.
    pub fn module_name(&self) -> Option<&str> {
        self.module_name.as_deref()
    }

    /// The byte offset of the function's body (its locals, then its code) in the module binary.
    pub fn func_offset(&self) -> usize {
        self.func_offset
    }
}

/// The WebAssembly frames live when an error was raised, innermost first
/// ([`Error::backtrace`](crate::Error::backtrace)): those of the activation that raised it,
/// then, when a host function called into WebAssembly, those of the Wasm code that called the
/// host function. Host frames are not listed. At most [`MAX_FRAMES`](Self::MAX_FRAMES) are kept.
///
/// `Display` prints one frame a line in the form wasmtime uses, with the function's name
/// (Rust names demangled, without hashes) or `func[INDEX]` when the module does not name it:
///
/// ```text
///     0: 0x4c - <unknown>!divide
///     1: 0x57 - <unknown>!func[2]
/// ```
///
/// The hexadecimal number is the offset of the function's body in the module
/// ([`FrameInfo::func_offset`]); wasmtime prints the trapping instruction's offset there, which
/// this interpreter does not keep.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WasmBacktrace {
    /// The kept frames; when some were left out, they belong between `frames[..INNERMOST]` and
    /// the rest.
    frames: Vec<FrameInfo>,
    omitted: usize,
}

impl WasmBacktrace {
    /// The most frames a backtrace keeps: the innermost 80 and the outermost 20.
    pub const MAX_FRAMES: usize = INNERMOST + OUTERMOST;

    /// The kept frames, innermost first (all of them unless [`omitted`](Self::omitted) > 0).
    pub fn frames(&self) -> &[FrameInfo] {
        &self.frames
    }

    /// How many frames were left out between the innermost and the outermost ones.
    pub fn omitted(&self) -> usize {
        self.omitted
    }

    /// The number of frames that were live, kept or not.
    pub fn len(&self) -> usize {
        self.frames.len() + self.omitted
    }

    /// Whether no WebAssembly frame was live (an error raised outside of any call).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Appends `count` frames further out than those already kept, `frame(i)` giving the `i`-th
    /// of them (innermost first). Only the frames that stay are built.
    pub(crate) fn extend_outward(
        &mut self,
        count: usize,
        mut frame: impl FnMut(usize) -> FrameInfo,
    ) {
        let old_len = self.len();
        let total = old_len + count;
        let keep = |position: usize| {
            total <= Self::MAX_FRAMES || position < INNERMOST || position >= total - OUTERMOST
        };
        let (old, omitted) = (std::mem::take(&mut self.frames), self.omitted);
        let mut kept = Vec::with_capacity(total.min(Self::MAX_FRAMES));
        for (k, f) in old.into_iter().enumerate() {
            // Frames past the gap sit `omitted` positions further out than their index.
            let position = if omitted > 0 && k >= INNERMOST { k + omitted } else { k };
            if keep(position) {
                kept.push(f);
            }
        }
        // The new frames that stay: those up to the innermost cap, and the outermost ones.
        let (head, tail) = if total <= Self::MAX_FRAMES {
            (count, count)
        } else {
            let head = INNERMOST.saturating_sub(old_len).min(count);
            (head, (total - OUTERMOST).saturating_sub(old_len).max(head))
        };
        kept.extend((0..head).map(&mut frame));
        kept.extend((tail..count).map(&mut frame));
        self.omitted = total - kept.len();
        self.frames = kept;
    }
}

/// How many of the innermost and of the outermost frames a long backtrace keeps.
const INNERMOST: usize = 80;
const OUTERMOST: usize = 20;

impl fmt::Display for WasmBacktrace {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Offsets are right-aligned to the widest one, as wasmtime does.
        let width = self.frames.iter().map(|fr| format!("{:#x}", fr.func_offset).len()).max();
        let width = width.unwrap_or(0);
        for (k, frame) in self.frames.iter().enumerate() {
            let number = if self.omitted > 0 && k >= INNERMOST {
                if k == INNERMOST {
                    writeln!(f, "          ... {} frames omitted ...", self.omitted)?;
                }
                k + self.omitted
            } else {
                k
            };
            let offset = format!("{:#x}", frame.func_offset);
            let module = frame.module_name().unwrap_or("<unknown>");
            write!(f, "{number:>5}: {offset:>width$} - {module}!")?;
            match frame.func_name() {
                // Rust's mangled names (legacy `_ZN...E` and v0 `_R...`) print demangled
                // without their hashes and crate disambiguators (`core::panicking::panic_fmt`);
                // other names as they are.
                Some(name) => writeln!(f, "{:#}", rustc_demangle::demangle(name))?,
                None => writeln!(f, "func[{}]", frame.func_index)?,
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(i: usize) -> FrameInfo {
        FrameInfo::new(i as u32, None, None, i)
    }

    fn indices(bt: &WasmBacktrace) -> Vec<u32> {
        bt.frames().iter().map(FrameInfo::func_index).collect()
    }

    #[test]
    fn short_backtraces_keep_every_frame() {
        let mut bt = WasmBacktrace::default();
        bt.extend_outward(3, frame);
        bt.extend_outward(2, |i| frame(10 + i));
        assert_eq!(indices(&bt), [0, 1, 2, 10, 11]);
        assert_eq!(bt.omitted(), 0);
    }

    #[test]
    fn long_backtraces_keep_both_ends() {
        let mut built = 0;
        let mut bt = WasmBacktrace::default();
        bt.extend_outward(20_000, |i| {
            built += 1;
            frame(i)
        });
        assert_eq!(built, WasmBacktrace::MAX_FRAMES, "only kept frames are built");
        assert_eq!(bt.len(), 20_000);
        assert_eq!(bt.omitted(), 20_000 - WasmBacktrace::MAX_FRAMES);
        let kept = indices(&bt);
        assert_eq!(kept[..INNERMOST], (0..80).collect::<Vec<u32>>()[..]);
        assert_eq!(kept[INNERMOST..], (19_980..20_000).collect::<Vec<u32>>()[..]);
        // Frames of an outer activation push the outermost ones further out.
        bt.extend_outward(5, |i| frame(100_000 + i));
        let kept = indices(&bt);
        assert_eq!(bt.len(), 20_005);
        assert_eq!(kept[INNERMOST], 19_985);
        assert_eq!(kept[WasmBacktrace::MAX_FRAMES - 1], 100_004);
    }

    #[test]
    fn growing_past_the_cap_in_steps_matches_one_step() {
        for split in [0, 1, 50, 80, 99, 100, 101, 150] {
            let mut steps = WasmBacktrace::default();
            steps.extend_outward(split, frame);
            steps.extend_outward(160 - split, |i| frame(split + i));
            let mut once = WasmBacktrace::default();
            once.extend_outward(160, frame);
            assert_eq!(steps, once, "split at {split}");
        }
    }

    #[test]
    fn display_names_frames_like_wasmtime() {
        let mut bt = WasmBacktrace::default();
        bt.extend_outward(2, |i| {
            if i == 0 {
                FrameInfo::new(3, Some("divide"), None, 0x4c)
            } else {
                FrameInfo::new(2, None, Some("math"), 0x157)
            }
        });
        assert_eq!(
            bt.to_string(),
            "    0:  0x4c - <unknown>!divide\n    1: 0x157 - math!func[2]\n"
        );
        let mut rust = WasmBacktrace::default();
        let mangled = "_ZN5panic4deep17h3087b91036ebbae3E";
        rust.extend_outward(1, |_| FrameInfo::new(0, Some(mangled), None, 1));
        assert_eq!(rust.to_string(), "    0: 0x1 - <unknown>!panic::deep\n");
    }
}
