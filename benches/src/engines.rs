//! Running a workload on polymem or on wasmi behind one interface.
//!
//! Both engines get the same module bytes and the same size parameter; an [`Instantiated`] owns a
//! store with one instance and the typed export, so timing a call measures execution only.

use crate::BenchError;
use std::time::{Duration, Instant};

/// Which interpreter runs a workload.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EngineKind {
    /// This project's engine.
    Polymem,
    /// wasmi 2.0, the reference point.
    Wasmi,
}

impl EngineKind {
    /// Both engines, polymem first.
    pub const ALL: [EngineKind; 2] = [EngineKind::Polymem, EngineKind::Wasmi];

    /// The engine's name in reports.
    pub fn name(self) -> &'static str {
        match self {
            EngineKind::Polymem => "polymem",
            EngineKind::Wasmi => "wasmi",
        }
    }
}

/// When function bodies are translated: maps to polymem's `Translation` and wasmi's
/// `CompilationMode` (`Lazy` is `CompilationMode::LazyTranslation`: validate now, translate later;
/// `Deferred` is `CompilationMode::Lazy`: validate later too).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SetupMode {
    /// Validate in `Module::new`, translate each body on its first call.
    Lazy,
    /// Validate and translate everything in `Module::new`.
    Eager,
    /// Validate and translate each body on its first call (polymem's `Translation::Deferred`,
    /// wasmi's `CompilationMode::Lazy`).
    Deferred,
}

/// Which of polymem's optional checks a run turns on, from the environment variable
/// `POLYMEM_BENCH_CHECKS` (`fuel`, `interrupt` or `fuel,interrupt`; unset: none), to measure
/// what they cost. With `fuel`, wasmi consumes fuel too, so the ratio compares like with like;
/// both start with `u64::MAX` units.
fn checks() -> (bool, bool) {
    let value = std::env::var("POLYMEM_BENCH_CHECKS").unwrap_or_default();
    let has = |name: &str| value.split(',').any(|v| v.trim() == name);
    (has("fuel"), has("interrupt"))
}

/// A module instantiated on one engine, ready to call its `(i32) -> i64` export.
#[derive(Debug)]
pub enum Instantiated {
    /// A polymem instance (stores are large, so both are boxed).
    Polymem(Box<polymem::Store<()>>, polymem::TypedFunc<i32, i64>),
    /// A wasmi instance.
    Wasmi(Box<wasmi::Store<()>>, wasmi::TypedFunc<i32, i64>),
}

impl Instantiated {
    /// Compiles `wasm` on `engine`, instantiates it (running its start function) and looks up
    /// `export`. Multi-memory is enabled on both engines.
    pub fn new(
        engine: EngineKind,
        mode: SetupMode,
        wasm: &[u8],
        export: &str,
    ) -> Result<Self, BenchError> {
        let (fuel, interrupt) = checks();
        match engine {
            EngineKind::Polymem => {
                let engine = polymem_engine(mode, fuel, interrupt);
                let module = polymem::Module::new(&engine, wasm).map_err(text)?;
                let mut store = polymem::Store::new(&engine, ());
                if fuel {
                    store.set_fuel(u64::MAX).map_err(text)?;
                }
                let instance = polymem::Instance::new(&mut store, &module, &[]).map_err(text)?;
                let func = instance.get_typed_func::<i32, i64>(&store, export).map_err(text)?;
                Ok(Instantiated::Polymem(Box::new(store), func))
            }
            EngineKind::Wasmi => {
                let engine = wasmi_engine(mode, fuel);
                let module = wasmi::Module::new(&engine, wasm)?;
                let mut store = wasmi::Store::new(&engine, ());
                if fuel {
                    store.set_fuel(u64::MAX)?;
                }
                let linker = wasmi::Linker::<()>::new(&engine);
                let instance = linker.instantiate_and_start(&mut store, &module)?;
                let func = instance.get_typed_func::<i32, i64>(&store, export)?;
                Ok(Instantiated::Wasmi(Box::new(store), func))
            }
        }
    }

    /// Calls the export with `param`.
    pub fn call(&mut self, param: i32) -> Result<i64, BenchError> {
        match self {
            Instantiated::Polymem(store, func) => func.call(&mut **store, param).map_err(text),
            Instantiated::Wasmi(store, func) => Ok(func.call(&mut **store, param)?),
        }
    }

    /// Calls the export with `param` and measures the wall time of the call.
    pub fn timed_call(&mut self, param: i32) -> Result<(i64, Duration), BenchError> {
        let start = Instant::now();
        let result = self.call(param)?;
        Ok((result, start.elapsed()))
    }
}

/// A polymem engine with multi-memory on, translating as `mode` says.
fn polymem_engine(mode: SetupMode, fuel: bool, interrupt: bool) -> polymem::Engine {
    let mut config = polymem::Config::default();
    config.consume_fuel(fuel).interruptible(interrupt);
    config.multi_memory(true).translation(match mode {
        SetupMode::Lazy => polymem::Translation::Lazy,
        SetupMode::Eager => polymem::Translation::Eager,
        SetupMode::Deferred => polymem::Translation::Deferred,
    });
    polymem::Engine::new(&config)
}

/// A wasmi engine with multi-memory on, compiling as `mode` says.
fn wasmi_engine(mode: SetupMode, fuel: bool) -> wasmi::Engine {
    let mut config = wasmi::Config::default();
    config.consume_fuel(fuel);
    config.wasm_multi_memory(true).compilation_mode(match mode {
        SetupMode::Lazy => wasmi::CompilationMode::LazyTranslation,
        SetupMode::Eager => wasmi::CompilationMode::Eager,
        SetupMode::Deferred => wasmi::CompilationMode::Lazy,
    });
    wasmi::Engine::new(&config)
}

/// Compiles `wasm` on `engine` (`Module::new` only: no instantiation, imports allowed) and
/// returns the module's number of imports; for profiling translation (`compile_one`).
pub fn compile(engine: EngineKind, mode: SetupMode, wasm: &[u8]) -> Result<usize, BenchError> {
    match engine {
        EngineKind::Polymem => {
            let engine = polymem_engine(mode, false, false);
            Ok(polymem::Module::new(&engine, wasm).map_err(text)?.imports().count())
        }
        EngineKind::Wasmi => {
            let engine = wasmi_engine(mode, false);
            Ok(wasmi::Module::new(&engine, wasm)?.imports().count())
        }
    }
}

/// polymem's errors as text (they carry no `Send + Sync` promise the harness needs).
fn text(error: polymem::Error) -> BenchError {
    error.to_string().into()
}

/// Best-of-`runs` wall time of compiling and instantiating `wasm` (no call), with `export` looked
/// up so lazy engines are not flattered by skipping work every embedder does.
pub fn setup_time(
    engine: EngineKind,
    mode: SetupMode,
    wasm: &[u8],
    export: &str,
    runs: usize,
) -> Result<Duration, BenchError> {
    let mut best = Duration::MAX;
    for _ in 0..runs.max(1) {
        let start = Instant::now();
        let instance = Instantiated::new(engine, mode, wasm, export)?;
        best = best.min(start.elapsed());
        drop(instance);
    }
    Ok(best)
}

/// The result of running one workload on both engines.
#[derive(Debug, Clone, Copy)]
pub struct Comparison {
    /// The checksum both engines returned.
    pub result: i64,
    /// Best call time on polymem.
    pub polymem: Duration,
    /// Best call time on wasmi.
    pub wasmi: Duration,
}

impl Comparison {
    /// polymem time over wasmi time: below 1 means polymem is faster.
    pub fn ratio(&self) -> f64 {
        self.polymem.as_secs_f64() / self.wasmi.as_secs_f64()
    }
}

/// Instantiates `wasm` on both engines (lazy translation), then calls `export(param)` `runs` times
/// on each, alternating engines, and keeps the best time of each. Fails if any pair of results
/// differs.
pub fn compare(
    name: &str,
    wasm: &[u8],
    export: &str,
    param: i32,
    runs: usize,
) -> Result<Comparison, BenchError> {
    let mut on_polymem = Instantiated::new(EngineKind::Polymem, SetupMode::Lazy, wasm, export)?;
    let mut on_wasmi = Instantiated::new(EngineKind::Wasmi, SetupMode::Lazy, wasm, export)?;
    let (mut best_p, mut best_w, mut result) = (Duration::MAX, Duration::MAX, 0);
    for run in 0..runs.max(1) {
        let (p, tp) =
            on_polymem.timed_call(param).map_err(|e| format!("{name}: polymem failed: {e}"))?;
        let (w, tw) =
            on_wasmi.timed_call(param).map_err(|e| format!("{name}: wasmi failed: {e}"))?;
        if p != w {
            return Err(format!(
                "{name}({param}), run {run}: results differ: polymem {p:#x}, wasmi {w:#x}"
            )
            .into());
        }
        (best_p, best_w, result) = (best_p.min(tp), best_w.min(tw), p);
    }
    Ok(Comparison { result, polymem: best_p, wasmi: best_w })
}
