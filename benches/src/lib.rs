//! Side-by-side benchmarks of polymem and wasmi 2.0.
//!
//! [`workloads`] lists the programs (our own Rust kernels compiled to `wasm32-unknown-unknown` by
//! the build script, and hand-written multi-memory `.wat` kernels); [`engines`] runs one of them on
//! either engine with the same input. The binary (`src/main.rs`) times them and prints the
//! comparison; `tests/smoke.rs` runs each once at a tiny size and checks the engines agree.

pub mod engines;
pub mod workloads;

pub use engines::{EngineKind, Instantiated, SetupMode};
pub use workloads::{Size, WORKLOADS, Workload};

/// Errors of either engine or of parsing a `.wat` file, as text: the harness only reports them.
pub type BenchError = Box<dyn std::error::Error + Send + Sync>;
