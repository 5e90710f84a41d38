//! WASI preview 1 (`wasi_snapshot_preview1`) for the polymem engine.
//!
//! The system interface itself is the field's engine-independent implementation:
//! [`wasi_common`] with its `sync` feature (files, directories, clocks, randomness and stdio
//! on `cap-std`, so a guest reaches only the directories it was given) and the glue that
//! [`wiggle`] generates from the WASI `.witx` description (argument decoding, guest pointers,
//! bounds checks, `errno` results). This crate only connects that glue to a
//! [`polymem::Linker`]: each of the 46 functions becomes a host function that finds the guest's
//! memory among the calling instance's exports, borrows it next to the [`WasiCtx`] kept in the
//! store's data, and runs the (never pending) call. Nothing here pulls in wasmtime.
//!
//! **Which memory.** WASI passes pointers into one memory. By default that is the memory the
//! module exports as `memory` (what `wasm32-wasip1` toolchains emit); a multi-memory module
//! may keep its WASI buffers in another exported memory and name it with
//! [`add_to_linker_with_memory`] (`polymem run --wasi-memory NAME`).
//!
//! **Exit.** `proc_exit(n)` ends the call into WebAssembly with an error whose
//! [`polymem::Error::exit_status`] is `Some(n)`; the embedder decides what that means (the
//! `polymem` CLI makes it its process exit code).
//!
//! A program that writes to stdout, captured in memory here:
//!
//! ```
//! use polymem::{Engine, Linker, Module, Store};
//! use polymem_wasi::{WasiCtx, WasiCtxBuilder, pipe::WritePipe};
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let wasm = wat::parse_str(r#"
//!     (module
//!       (import "wasi_snapshot_preview1" "fd_write"
//!         (func $fd_write (param i32 i32 i32 i32) (result i32)))
//!       (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
//!       (memory (export "memory") 1)
//!       (data (i32.const 16) "hello\n")
//!       (func (export "_start")
//!         ;; One iovec at 0: 6 bytes at address 16; the count written goes to 8.
//!         (i32.store (i32.const 0) (i32.const 16))
//!         (i32.store (i32.const 4) (i32.const 6))
//!         (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))
//!         (call $exit (i32.const 3))))
//! "#)?;
//!
//! let stdout = WritePipe::new_in_memory();
//! let wasi = WasiCtxBuilder::new().stdout(Box::new(stdout.clone())).build();
//!
//! let engine = Engine::default();
//! let module = Module::new(&engine, &wasm)?;
//! let mut store = Store::new(&engine, wasi);
//! let mut linker = Linker::<WasiCtx>::new(&engine);
//! polymem_wasi::add_to_linker(&mut linker, |wasi| wasi)?;
//! let instance = linker.instantiate(&mut store, &module)?;
//! let start = instance.get_typed_func::<(), ()>(&store, "_start")?;
//! let error = start.call(&mut store, ()).expect_err("proc_exit ends the call");
//! assert_eq!(error.exit_status(), Some(3));
//!
//! drop(store); // the context holds the other end of the pipe
//! let written = stdout.try_into_inner().expect("sole owner").into_inner();
//! assert_eq!(written, b"hello\n");
//! # Ok(())
//! # }
//! ```
#![warn(missing_docs)]
#![deny(unsafe_code)]

mod preview1;

/// The implementation underneath, for what this crate does not re-export.
pub use wasi_common;
pub use wasi_common::sync::{Dir, WasiCtxBuilder, ambient_authority};
pub use wasi_common::{WasiCtx, pipe};

use polymem::{Error, Linker};
use wasi_common::snapshots::preview_1::wasi_snapshot_preview1::WasiSnapshotPreview1;

/// The import module name of WASI preview 1.
pub const MODULE: &str = "wasi_snapshot_preview1";

/// The export name of the guest memory WASI uses unless told otherwise.
pub const DEFAULT_MEMORY: &str = "memory";

/// Defines every `wasi_snapshot_preview1` function in `linker`, working on the memory the
/// calling instance exports as `memory` and on the context `get_ctx` finds in the store data
/// (usually a [`WasiCtx`], or a field of the embedder's own data).
pub fn add_to_linker<T, U>(
    linker: &mut Linker<T>,
    get_ctx: impl Fn(&mut T) -> &mut U + Send + Sync + Copy + 'static,
) -> Result<(), Error>
where
    T: 'static,
    U: WasiSnapshotPreview1 + 'static,
{
    add_to_linker_with_memory(linker, DEFAULT_MEMORY, get_ctx)
}

/// As [`add_to_linker`], with the guest memory being the calling instance's export named
/// `memory` (for a multi-memory module that keeps its WASI buffers elsewhere than in the
/// memory exported as `memory`).
pub fn add_to_linker_with_memory<T, U>(
    linker: &mut Linker<T>,
    memory: &str,
    get_ctx: impl Fn(&mut T) -> &mut U + Send + Sync + Copy + 'static,
) -> Result<(), Error>
where
    T: 'static,
    U: WasiSnapshotPreview1 + 'static,
{
    preview1::define(linker, memory.into(), get_ctx)
}

/// Whether `module` imports anything from [`MODULE`], that is, is a WASI preview 1 program or
/// library.
pub fn imports_wasi(module: &polymem::Module) -> bool {
    module.imports().any(|import| import.module() == MODULE)
}
