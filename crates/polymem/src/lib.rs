//! polymem: a WebAssembly interpreter built around multi-memory.
//!
//! Modules are decoded and validated by `wasmparser`, each function body is translated to a
//! register-based IR ([`polymem_ir`]) and run by an interpreter whose memory accesses resolve any
//! memory index as cheaply as memory 0.
#![warn(missing_docs)]

mod engine;
mod error;
mod exec;
mod externals;
mod func;
mod global;
mod instance;
mod linker;
mod memory;
mod module;
mod store;
mod table;
mod translate;
mod typed_func;
mod types;
mod values;

pub use engine::{Config, Engine, Translation};
pub use error::{Error, ErrorKind, TrapCode};
pub use externals::Extern;
pub use func::{Caller, Func, IntoFunc, WasmRet};
pub use global::Global;
pub use instance::Instance;
pub use linker::Linker;
pub use memory::Memory;
pub use module::Module;
pub use store::{AsContext, AsContextMut, Store, StoreLimits};
pub use table::Table;
pub use typed_func::{TypedFunc, WasmParams, WasmResults, WasmTy};
pub use types::{
    ExportType, ExternType, FuncType, GlobalType, ImportType, MemoryType, Mutability, RefType,
    TableType, ValType,
};
pub use values::{ExternRef, Val};
