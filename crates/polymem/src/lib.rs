//! polymem: a WebAssembly interpreter built around multi-memory.
//!
//! Modules are decoded and validated by `wasmparser`, each function body is translated to a
//! register-based IR ([`polymem_ir`]) and run by an interpreter whose memory accesses resolve any
//! memory index as cheaply as memory 0. The API follows wasmtime and wasmi: an [`Engine`], a
//! [`Store`] that owns all runtime state, [`Module`]s, a [`Linker`] for imports, [`Instance`]s,
//! [`Func`]/[`TypedFunc`] to call in, and [`Memory`], [`Table`], [`Global`] handles.
//!
//! A host hands a module two memories of its own and reads a third one it exports:
//!
//! ```
//! use polymem::{Engine, Linker, Memory, MemoryType, Module, Store};
//!
//! # fn main() -> Result<(), polymem::Error> {
//! let wasm = wat::parse_str(r#"
//!     (module
//!       (import "host" "input" (memory $in 1))
//!       (import "host" "scratch" (memory $scratch 1 2))
//!       (memory $out (export "out") 1)
//!       ;; Copies `len` bytes from $in to $out through $scratch, adding 1 to each byte.
//!       (func (export "process") (param $len i32) (result i32)
//!         (local $i i32)
//!         (memory.copy $scratch $in (i32.const 0) (i32.const 0) (local.get $len))
//!         (block $done (loop $next
//!           (br_if $done (i32.ge_u (local.get $i) (local.get $len)))
//!           (i32.store8 $out (local.get $i)
//!             (i32.add (i32.load8_u $scratch (local.get $i)) (i32.const 1)))
//!           (local.set $i (i32.add (local.get $i) (i32.const 1)))
//!           (br $next)))
//!         (memory.grow $scratch (i32.const 1))))
//! "#).expect("valid text");
//!
//! let engine = Engine::default();
//! let module = Module::new(&engine, &wasm)?;
//! let mut store = Store::new(&engine, ());
//! let input = Memory::new(&mut store, MemoryType::new(1, None))?;
//! let scratch = Memory::new(&mut store, MemoryType::new(1, Some(2)))?;
//! input.write(&mut store, 0, b"HAL")?;
//!
//! let mut linker = Linker::new(&engine);
//! linker.define("host", "input", input)?;
//! linker.define("host", "scratch", scratch)?;
//! let instance = linker.instantiate(&mut store, &module)?;
//!
//! let process = instance.get_typed_func::<i32, i32>(&store, "process")?;
//! assert_eq!(process.call(&mut store, 3)?, 1); // memory.grow returned the old size
//! let out = instance.get_memory(&store, "out").expect("exported");
//! assert_eq!(&out.data(&store)[..3], b"IBM");
//! assert_eq!(scratch.size(&store), 2); // the host sees the growth
//! # Ok(())
//! # }
//! ```
//!
//! To run code the host does not trust, bound it: [`Config::consume_fuel`] with
//! [`Store::set_fuel`] stops it after a budget of operators (`all fuel consumed`), and
//! [`Config::interruptible`] with [`Store::interrupt_handle`] lets another thread stop it
//! (`interrupted`), for example after a wall-clock timeout; both pages have runnable examples.
//!
//! When WebAssembly traps, the error says where: [`Error::backtrace`] lists the Wasm frames that
//! were live, innermost first, with the function names of the module's `name` section:
//!
//! ```
//! use polymem::{Engine, Instance, Module, Store};
//!
//! let engine = Engine::default();
//! let wasm = wat::parse_str(
//!     r#"(module
//!          (func $divide (param i32 i32) (result i32) (i32.div_u (local.get 0) (local.get 1)))
//!          (func (export "average") (param i32 i32) (result i32)
//!            (call $divide (i32.add (local.get 0) (local.get 1)) (i32.const 0))))"#,
//! )
//! .unwrap();
//! let module = Module::new(&engine, wasm).unwrap();
//! let mut store = Store::new(&engine, ());
//! let instance = Instance::new(&mut store, &module, &[]).unwrap();
//! let average = instance.get_typed_func::<(i32, i32), i32>(&store, "average").unwrap();
//!
//! let error = average.call(&mut store, (1, 2)).unwrap_err();
//! assert_eq!(error.to_string(), "integer divide by zero");
//! let backtrace = error.backtrace().expect("raised while WebAssembly ran");
//! let names: Vec<_> = backtrace.frames().iter().map(|f| f.func_name()).collect();
//! assert_eq!(names, [Some("divide"), None]);
//! println!("error: {error}\nwasm backtrace:\n{backtrace}");
//! // Each frame: the offset of the function's body in the binary, the module's name (none
//! // here), the function's name or index.
//! assert_eq!(
//!     backtrace.to_string(),
//!     "    0: 0x27 - <unknown>!divide\n    1: 0x2f - <unknown>!func[1]\n"
//! );
//! ```
#![warn(missing_docs)]
// `unsafe` is confined to the interpreter's execution core.
#![deny(unsafe_code)]

mod backtrace;
mod engine;
mod error;
#[allow(unsafe_code)]
mod exec;
mod externals;
mod features;
mod fuel;
mod func;
mod global;
mod instance;
mod limits;
mod linker;
mod memory;
mod module;
mod store;
mod table;
mod translate;
mod typed_func;
mod types;
mod values;

pub use backtrace::{FrameInfo, WasmBacktrace};
pub use engine::{Config, Engine, Translation};
pub use error::{Error, ErrorKind, TrapCode};
/// With the `pair-stats` feature: the dynamic pairs of consecutive IR instructions run so far.
#[cfg(feature = "pair-stats")]
pub use exec::take_pair_counts;
pub use externals::Extern;
pub use features::Feature;
pub use fuel::InterruptHandle;
pub use func::{Caller, Func, IntoFunc, WasmRet};
pub use global::Global;
pub use instance::Instance;
pub use limits::StoreLimits;
pub use linker::Linker;
pub use memory::Memory;
pub use module::Module;
pub use store::{AsContext, AsContextMut, Store};
pub use table::Table;
pub use typed_func::{TypedFunc, WasmParams, WasmResults, WasmTy};
pub use types::{
    ExportType, ExternType, FuncType, GlobalType, ImportType, MemoryType, Mutability, RefType,
    TableType, ValType,
};
pub use values::{ExternRef, V128, Val};
