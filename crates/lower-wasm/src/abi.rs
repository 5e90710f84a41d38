//! The exported-function ABI (see the crate docs): one input and one output buffer, owned here,
//! and the calls that fill them. The logic is plain safe Rust, tested on every target; only the
//! thin `extern "C"` exports at the bottom are wasm32-specific.

use crate::Status;
use std::sync::{Mutex, MutexGuard};

/// The buffers shared with the host between calls.
#[derive(Debug)]
pub(crate) struct Buffers {
    input: Vec<u8>,
    output: Vec<u8>,
}

/// What an operation gives: its output, or the status and message of its failure.
pub(crate) type Outcome = Result<Vec<u8>, (Status, String)>;

static BUFFERS: Mutex<Buffers> = Mutex::new(Buffers { input: Vec::new(), output: Vec::new() });

/// The shared buffers. A poisoned lock cannot happen (a panic aborts), but taking the data
/// anyway keeps this free of panics.
pub(crate) fn buffers() -> MutexGuard<'static, Buffers> {
    BUFFERS.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl Buffers {
    /// Makes the input exactly `len` zero bytes and returns where they start, or null when the
    /// memory cannot grow that far (a host error to report, not an abort).
    pub(crate) fn reserve_input(&mut self, len: usize) -> *mut u8 {
        self.input = Vec::new();
        self.output = Vec::new();
        if self.input.try_reserve_exact(len).is_err() {
            return std::ptr::null_mut();
        }
        self.input.resize(len, 0);
        self.input.as_mut_ptr()
    }

    /// Runs `op` on the first `len` input bytes and keeps its result (or error message) as the
    /// output. The input is released: every operation starts with `reserve_input`.
    pub(crate) fn run(&mut self, len: usize, op: impl FnOnce(&[u8]) -> Outcome) -> Status {
        let input = std::mem::take(&mut self.input);
        let Some(bytes) = input.get(..len) else {
            self.output = format!(
                "{len} input bytes given, but only {} were reserved with input()",
                input.len()
            )
            .into_bytes();
            return Status::BadCall;
        };
        let (status, output) = match op(bytes) {
            Ok(output) => (Status::Ok, output),
            Err((status, message)) => (status, message.into_bytes()),
        };
        self.output = output;
        status
    }

    /// Runs `op` on the whole input, which the host reserved for `module_len` module bytes and a
    /// document after them.
    pub(crate) fn run_split(
        &mut self,
        module_len: usize,
        op: fn(&[u8], &[u8]) -> Outcome,
    ) -> Status {
        let len = self.input.len();
        self.run(len, |input| match input.split_at_checked(module_len) {
            Some((module, rest)) => op(module, rest),
            None => Err((
                Status::BadCall,
                format!("a {module_len}-byte module given, but only {len} bytes were reserved"),
            )),
        })
    }

    pub(crate) fn output(&self) -> &[u8] {
        &self.output
    }
}

/// `lower(len)`: the lowered module, or the lowering error's message.
pub(crate) fn lower(bytes: &[u8]) -> Outcome {
    crate::lower(bytes).map_err(|e| (Status::of(&e), e.to_string()))
}

/// `lower_with(len)`: the lowered module, with the options in the UTF-8 JSON document that
/// follows the `len` module bytes in the input (see [`crate::LowerSettings`]).
pub(crate) fn lower_with(module: &[u8], settings: &[u8]) -> Outcome {
    let settings: crate::LowerSettings = serde_json::from_slice(settings)
        .map_err(|e| (Status::BadCall, format!("the lowering options are not valid: {e}")))?;
    crate::lower_with(module, &settings).map_err(|e| (Status::of(&e), e.to_string()))
}

/// `inspect(len)`: the module survey as JSON, or the validation error's message.
pub(crate) fn inspect(bytes: &[u8]) -> Outcome {
    let info = crate::inspect(bytes).map_err(|e| (Status::of(&e), e.to_string()))?;
    serde_json::to_vec(&info)
        .map_err(|e| (Status::Internal, format!("cannot write the module survey: {e}")))
}

/// The exports of `polymem-lower.wasm`. Addresses and lengths are `usize`, which is the
/// instance's 32-bit address space on wasm32.
#[cfg(target_arch = "wasm32")]
#[allow(unsafe_code)]
mod exports {
    use super::buffers;

    // SAFETY: the export names `input`, `lower`, `lower_with`, `inspect`, `output_ptr` and `output_len` are
    // defined once in this crate, and a cdylib for wasm32 links no other code that exports them.
    #[unsafe(no_mangle)]
    extern "C" fn input(len: usize) -> *mut u8 {
        buffers().reserve_input(len)
    }

    // SAFETY: see `input`.
    #[unsafe(no_mangle)]
    extern "C" fn lower(len: usize) -> u32 {
        buffers().run(len, super::lower) as u32
    }

    // SAFETY: see `input`.
    #[unsafe(no_mangle)]
    extern "C" fn lower_with(len: usize) -> u32 {
        buffers().run_split(len, super::lower_with) as u32
    }

    // SAFETY: see `input`.
    #[unsafe(no_mangle)]
    extern "C" fn inspect(len: usize) -> u32 {
        buffers().run(len, super::inspect) as u32
    }

    // SAFETY: see `input`.
    #[unsafe(no_mangle)]
    extern "C" fn output_ptr() -> *const u8 {
        buffers().output().as_ptr()
    }

    // SAFETY: see `input`.
    #[unsafe(no_mangle)]
    extern "C" fn output_len() -> usize {
        buffers().output().len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn call(bytes: &[u8], len: usize, op: fn(&[u8]) -> Outcome) -> (Status, Vec<u8>) {
        let mut b = Buffers { input: Vec::new(), output: Vec::new() };
        let ptr = b.reserve_input(bytes.len());
        assert!(!ptr.is_null());
        b.input.copy_from_slice(bytes);
        let status = b.run(len, op);
        (status, b.output().to_vec())
    }

    #[test]
    fn lowers_and_reports_errors_as_statuses() {
        let wasm = wat::parse_str(
            "(module (memory 1) (memory 1) (func (drop (i32.load 1 (i32.const 0)))))",
        )
        .unwrap();
        let (status, out) = call(&wasm, wasm.len(), lower);
        assert_eq!(status, Status::Ok);
        assert!(out.starts_with(b"\0asm"));

        let (status, out) = call(b"not wasm", 8, lower);
        assert_eq!(status, Status::Invalid);
        assert!(String::from_utf8(out).unwrap().starts_with("invalid module"));

        let (status, out) = call(&wasm, wasm.len() + 1, inspect);
        assert_eq!(status, Status::BadCall);
        assert!(String::from_utf8(out).unwrap().contains("reserved"));
    }

    #[test]
    fn lower_with_reads_the_options_after_the_module() {
        let wasm = wat::parse_str(
            r#"(module (memory (import "M" "memory") 0) (data (i32.const 0xffff) "a"))"#,
        )
        .unwrap();
        let run = |settings: &str, len: usize| {
            let mut input = wasm.clone();
            input.extend_from_slice(settings.as_bytes());
            let mut b = Buffers { input: Vec::new(), output: Vec::new() };
            b.reserve_input(input.len());
            b.input.copy_from_slice(&input);
            (b.run_split(len, lower_with), b.output().to_vec())
        };
        // Without the option a single-memory module comes back unchanged; with it, bridged.
        let (status, out) = run("{}", wasm.len());
        assert_eq!((status, &out[..]), (Status::Ok, &wasm[..]));
        let (status, out) = run(r#"{"bridge_imports":[["M","memory"]]}"#, wasm.len());
        assert_eq!(status, Status::Ok);
        let layout = polymem_transform::Layout::from_module(&out).unwrap().unwrap();
        assert!(layout.bridged());
        let (status, out) = run("{", wasm.len());
        assert_eq!(status, Status::BadCall);
        assert!(String::from_utf8(out).unwrap().contains("options"));
        let (status, _) = run("{}", wasm.len() + 3);
        assert_eq!(status, Status::BadCall);
    }

    #[test]
    fn unsupported_memories_are_named() {
        let wasm =
            wat::parse_str(r#"(module (memory 1) (memory (export "m") 1 1 shared))"#).unwrap();
        let (status, out) = call(&wasm, wasm.len(), lower);
        assert_eq!(status, Status::Unsupported);
        assert!(String::from_utf8(out).unwrap().contains("memory 1"));
    }

    #[test]
    fn inspect_writes_json() {
        let wasm =
            wat::parse_str(r#"(module (memory (export "memory") 2 5) (data (i32.const 8) "abc"))"#)
                .unwrap();
        let (status, out) = call(&wasm, wasm.len(), inspect);
        assert_eq!(status, Status::Ok);
        let json: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(json["memories"][0]["max"], 5);
        assert_eq!(json["memories"][0]["data"]["bytes"], 3);
    }

    #[test]
    fn impossible_reservations_return_null() {
        let mut b = Buffers { input: Vec::new(), output: Vec::new() };
        assert!(b.reserve_input(usize::MAX).is_null());
    }
}
