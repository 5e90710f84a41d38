//! The embedding API of polymem-wasi on small hand-written modules: which memory WASI uses,
//! exits, arguments and environment, bad guest pointers.

use polymem::{Engine, Instance, Linker, Module, Store};
use polymem_wasi::{WasiCtx, WasiCtxBuilder, pipe::WritePipe};

/// Instantiates `wat` with WASI on guest memory `memory` and context `wasi`.
fn instantiate(wat: &str, memory: &str, wasi: WasiCtx) -> (Store<WasiCtx>, Instance) {
    let engine = Engine::default();
    let module = Module::new(&engine, wat::parse_str(wat).expect("valid text")).expect("valid");
    assert!(polymem_wasi::imports_wasi(&module));
    let mut store = Store::new(&engine, wasi);
    let mut linker = Linker::new(&engine);
    polymem_wasi::add_to_linker_with_memory(&mut linker, memory, |wasi| wasi).unwrap();
    let instance = linker.instantiate(&mut store, &module).unwrap();
    (store, instance)
}

/// `write(fd)` writes "hi\n" from memory `$io` (the second of two).
const TWO_MEMORIES: &str = r#"(module
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory $scratch (export "memory") 1)
  (memory $io (export "io") 1)
  (data (memory $io) (i32.const 16) "hi\n")
  (func (export "write") (param $fd i32) (result i32)
    (i32.store $io (i32.const 0) (i32.const 16))
    (i32.store $io (i32.const 4) (i32.const 3))
    (call $fd_write (local.get $fd) (i32.const 0) (i32.const 1) (i32.const 8)))
  (func (export "written") (result i32) (i32.load $io (i32.const 8))))"#;

#[test]
fn the_embedder_picks_the_guest_memory() {
    let stdout = WritePipe::new_in_memory();
    let wasi = WasiCtxBuilder::new().stdout(Box::new(stdout.clone())).build();
    let (mut store, instance) = instantiate(TWO_MEMORIES, "io", wasi);
    let write = instance.get_typed_func::<i32, i32>(&store, "write").unwrap();
    assert_eq!(write.call(&mut store, 1).unwrap(), 0, "errno");
    let written = instance.get_typed_func::<(), i32>(&store, "written").unwrap();
    assert_eq!(written.call(&mut store, ()).unwrap(), 3);
    // A closed descriptor is an errno (8, `badf`), not a failure of the call.
    assert_eq!(write.call(&mut store, 9).unwrap(), 8);
    drop(store);
    assert_eq!(stdout.try_into_inner().unwrap().into_inner(), b"hi\n");
}

#[test]
fn a_missing_guest_memory_is_a_clear_error() {
    for (memory, message) in [
        ("nowhere", "exports no memory named `nowhere`"),
        ("write", "the export `write` that WASI uses as guest memory is not a memory"),
    ] {
        let (mut store, instance) =
            instantiate(TWO_MEMORIES, memory, WasiCtxBuilder::new().build());
        let write = instance.get_typed_func::<i32, i32>(&store, "write").unwrap();
        let error = write.call(&mut store, 1).unwrap_err();
        assert!(error.to_string().contains(message), "{error}");
        assert!(error.to_string().starts_with("wasi_snapshot_preview1.fd_write: "), "{error}");
    }
}

const EXIT: &str = r#"(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory (export "memory") 1)
  (func (export "exit") (param i32) (call $exit (local.get 0)) unreachable))"#;

#[test]
fn proc_exit_ends_the_call_with_its_status() {
    let (mut store, instance) = instantiate(EXIT, "memory", WasiCtxBuilder::new().build());
    let exit = instance.get_typed_func::<i32, ()>(&store, "exit").unwrap();
    for status in [0, 1, 125] {
        let error = exit.call(&mut store, status).unwrap_err();
        assert_eq!(error.exit_status(), Some(status));
        assert_eq!(error.as_trap(), None);
    }
    // WASI allows 0..126; past that the call fails without an exit status.
    let error = exit.call(&mut store, 126).unwrap_err();
    assert_eq!(error.exit_status(), None);
    assert!(error.to_string().contains("invalid exit status"), "{error}");
}

/// `sizes()` stores `environ_sizes_get`'s two results at 0 and 4 and returns the errno; the
/// same for arguments at 8 and 12; `args(at)` runs `args_get` with its pointer array at `at`.
const SIZES: &str = r#"(module
  (import "wasi_snapshot_preview1" "environ_sizes_get"
    (func $env_sizes (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_sizes_get"
    (func $arg_sizes (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_get" (func $args (param i32 i32) (result i32)))
  (memory (export "memory") 1)
  (func (export "sizes") (result i32)
    (i32.or (call $env_sizes (i32.const 0) (i32.const 4))
      (call $arg_sizes (i32.const 8) (i32.const 12))))
  (func (export "args") (param i32) (result i32) (call $args (local.get 0) (i32.const 1024)))
  (func (export "load") (param i32) (result i32) (i32.load (local.get 0))))"#;

#[test]
fn arguments_environment_and_bad_pointers() {
    let mut builder = WasiCtxBuilder::new();
    builder.args(&["prog".into(), "one".into()]).unwrap();
    builder.env("KEY", "value").unwrap();
    let (mut store, instance) = instantiate(SIZES, "memory", builder.build());
    let sizes = instance.get_typed_func::<(), i32>(&store, "sizes").unwrap();
    let load = instance.get_typed_func::<i32, i32>(&store, "load").unwrap();
    assert_eq!(sizes.call(&mut store, ()).unwrap(), 0);
    let mut at = |offset| load.call(&mut store, offset).unwrap();
    // One variable, "KEY=value\0"; two arguments, "prog\0one\0".
    assert_eq!([at(0), at(4), at(8), at(12)], [1, 10, 2, 9]);

    let args = instance.get_typed_func::<i32, i32>(&store, "args").unwrap();
    assert_eq!(args.call(&mut store, 2048).unwrap(), 0);
    let memory = instance.get_memory(&store, "memory").unwrap();
    assert_eq!(&memory.data(&store)[1024..1033], b"prog\0one\0");
    // A pointer array past the end of memory ends the call with an error, as in wasmtime
    // (wasi-common makes a guest pointer fault a trap of the host function).
    let error = args.call(&mut store, 65536 - 4).unwrap_err();
    assert!(error.to_string().contains("out of bounds"), "{error}");
}
