//! The engine: configuration shared by modules and stores, and the registry of function types.

use crate::features::{Feature, FeatureSet};
use crate::limits::StoreLimits;
use crate::types::FuncType;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// When function bodies are translated to the internal IR.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Translation {
    /// Validate every body in `Module::new`, translate each on its first call (the default).
    #[default]
    Lazy,
    /// Validate and translate every body in one pass in `Module::new`.
    Eager,
    /// Validate and translate each body on its first call, in one pass (like wasmi's
    /// `CompilationMode::Lazy`): `Module::new` checks everything but the function bodies, so an
    /// invalid body is reported by the call that reaches it (or by
    /// [`Module::function_ir`](crate::Module::function_ir)), not by `Module::new`. For modules
    /// from a trusted toolchain whose functions mostly never run;
    /// [`Module::validate`](crate::Module::validate) still checks every body.
    Deferred,
}

/// Engine configuration.
#[derive(Debug, Clone)]
pub struct Config {
    pub(crate) features: FeatureSet,
    pub(crate) translation: Translation,
    pub(crate) max_call_depth: usize,
    pub(crate) max_value_stack: usize,
    pub(crate) consume_fuel: bool,
    pub(crate) interruptible: bool,
    pub(crate) limits: StoreLimits,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            features: FeatureSet::default(),
            translation: Translation::Lazy,
            max_call_depth: 20_000,
            max_value_stack: 4 * 1024 * 1024,
            consume_fuel: false,
            interruptible: false,
            limits: StoreLimits::default(),
        }
    }
}

impl Config {
    /// Whether modules may use more than one memory (on by default). With it off, a module with two
    /// memories is rejected, as by an engine without the multi-memory proposal.
    pub fn multi_memory(&mut self, enable: bool) -> &mut Self {
        self.wasm_feature(Feature::MultiMemory, enable)
    }

    /// Whether modules may use `feature` (see [`Feature::on_by_default`] for the defaults). A
    /// module using a feature that is off is rejected by validation, as by an engine without it.
    pub fn wasm_feature(&mut self, feature: Feature, enable: bool) -> &mut Self {
        self.features.set(feature, enable);
        self
    }

    /// Whether `feature` is on.
    pub fn feature_enabled(&self, feature: Feature) -> bool {
        self.features.contains(feature)
    }

    /// What validation accepts under this configuration, as wasmparser's validator spells it:
    /// Wasm 2.0 without SIMD, plus every enabled [`Feature`] (a differential test validates
    /// with the same set).
    pub fn wasm_features(&self) -> wasmparser::WasmFeatures {
        self.features.wasmparser()
    }

    /// When function bodies are translated.
    pub fn translation(&mut self, mode: Translation) -> &mut Self {
        self.translation = mode;
        self
    }

    /// The deepest call nesting before the trap `call stack exhausted`.
    pub fn max_call_depth(&mut self, depth: usize) -> &mut Self {
        self.max_call_depth = depth.max(1);
        self
    }

    /// The largest value stack, in 64-bit cells, before the trap `call stack exhausted`.
    pub fn max_value_stack(&mut self, cells: usize) -> &mut Self {
        self.max_value_stack = cells.max(1024);
        self
    }

    /// Whether running code consumes the store's fuel (off by default; see
    /// [`Store::set_fuel`](crate::Store::set_fuel)). When fuel runs out, execution traps with
    /// `all fuel consumed` ([`TrapCode::OutOfFuel`](crate::TrapCode::OutOfFuel)).
    ///
    /// What costs fuel: one unit per WebAssembly operator, charged up front for each
    /// straight-line region of code (from a function entry, a loop header, the end of a loop or
    /// a label where branches join, to the next); a branch that leaves a region early gets
    /// nothing back. Every call
    /// and every loop iteration therefore costs at least one unit, so no loop or recursion
    /// escapes fuel. `memory.fill`, `memory.copy` and `memory.init` cost one more unit per 64
    /// bytes, `table.fill`, `table.copy` and `table.init` one more per 8 elements, charged
    /// after their bounds check and before they run. Host functions cost only their call.
    ///
    /// With fuel off the translated code has no fuel instructions at all: it costs nothing.
    pub fn consume_fuel(&mut self, enable: bool) -> &mut Self {
        self.consume_fuel = enable;
        self
    }

    /// Whether running code can be stopped from another thread through
    /// [`Store::interrupt_handle`](crate::Store::interrupt_handle) (off by default). When on,
    /// every function entry and loop header checks the store's interrupt flag, and execution
    /// traps with `interrupted` ([`TrapCode::Interrupted`](crate::TrapCode::Interrupted)) at the
    /// first check after [`InterruptHandle::interrupt`](crate::InterruptHandle::interrupt).
    /// With it off the translated code has no checks at all: it costs nothing.
    pub fn interruptible(&mut self, enable: bool) -> &mut Self {
        self.interruptible = enable;
        self
    }

    /// The resource limits every new store of this engine starts with (see [`StoreLimits`] for
    /// the defaults; [`Store::set_limits`](crate::Store::set_limits) changes one store's).
    pub fn limits(&mut self, limits: StoreLimits) -> &mut Self {
        self.limits = limits;
        self
    }
}

/// Shared engine state: cheap to clone.
#[derive(Debug, Clone)]
pub struct Engine {
    inner: Arc<EngineInner>,
}

#[derive(Debug)]
struct EngineInner {
    config: Config,
    types: Mutex<TypeRegistry>,
}

/// Interns function types so that signature checks compare two integers.
#[derive(Debug, Default)]
struct TypeRegistry {
    ids: HashMap<FuncType, u32>,
    types: Vec<FuncType>,
}

impl Default for Engine {
    fn default() -> Self {
        Self::new(&Config::default())
    }
}

impl Engine {
    /// An engine with the given configuration.
    pub fn new(config: &Config) -> Self {
        Self { inner: Arc::new(EngineInner { config: config.clone(), types: Mutex::default() }) }
    }

    /// The configuration.
    pub fn config(&self) -> &Config {
        &self.inner.config
    }

    /// Whether two handles are the same engine.
    pub fn same(a: &Engine, b: &Engine) -> bool {
        Arc::ptr_eq(&a.inner, &b.inner)
    }

    /// The interned id of a function type: equal types get equal ids.
    pub(crate) fn intern_type(&self, ty: &FuncType) -> u32 {
        let mut reg = self.inner.types.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(&id) = reg.ids.get(ty) {
            return id;
        }
        let id = reg.types.len() as u32;
        reg.types.push(ty.clone());
        reg.ids.insert(ty.clone(), id);
        id
    }

    /// The function type of an interned id.
    pub(crate) fn resolve_type(&self, id: u32) -> FuncType {
        let reg = self.inner.types.lock().unwrap_or_else(|p| p.into_inner());
        reg.types[id as usize].clone()
    }
}
