//! The state one script runs in: a store, a linker with `spectest`, named instances and modules.

use crate::Preprocessor;
use crate::bridge::{self, Layout};
use crate::values;
use polymem::{Config, Engine, Error, Extern, ExternRef, Instance, Linker, Module, Store, Val};
use std::collections::HashMap;
use std::sync::Arc;
use wast::token::Id;
use wast::{QuoteWat, WastArg, WastInvoke};

/// Everything a script's directives share.
pub(crate) struct Context {
    engine: Engine,
    pub(crate) store: Store<()>,
    linker: Linker<()>,
    preprocess: Option<Preprocessor>,
    /// Whether modules with a `polymem.memory-layout` section get the `polymem:bridge` host side.
    bridge: bool,
    /// Exports an instance has beyond its own: the bridged memories of lowered modules.
    bridged_exports: HashMap<Instance, Vec<(String, Extern)>>,
    /// The most recently instantiated module: the target of `invoke` without a name.
    current: Option<Instance>,
    /// Instances by their `$id`.
    instances: HashMap<String, Instance>,
    /// `(module definition $id ...)` modules by their `$id`.
    definitions: HashMap<String, Compiled>,
    /// The most recent `module definition`, for `(module instance)` without a name.
    last_definition: Option<Compiled>,
    /// One externref per `ref.extern N`, so that equal numbers are the same reference.
    externrefs: HashMap<u32, ExternRef>,
    /// A diagnostic from the last directive that passed anyway (e.g. another error message).
    pub(crate) note: Option<String>,
}

impl Context {
    /// A fresh store and linker with the `spectest` module defined.
    pub(crate) fn new(
        config: &Config,
        preprocess: Option<Preprocessor>,
        bridge: bool,
    ) -> Result<Self, Error> {
        let engine = Engine::new(config);
        let mut store = Store::new(&engine, ());
        let mut linker = Linker::new(&engine);
        linker.allow_shadowing(true);
        crate::spectest::define(&mut linker, &mut store)?;
        Ok(Self {
            engine,
            store,
            linker,
            preprocess,
            bridge,
            bridged_exports: HashMap::new(),
            current: None,
            instances: HashMap::new(),
            definitions: HashMap::new(),
            last_definition: None,
            externrefs: HashMap::new(),
            note: None,
        })
    }

    /// Encodes a text, binary or quoted module to bytes; the `wast` crate's error if it does not
    /// parse.
    pub(crate) fn encode(module: &mut QuoteWat<'_>) -> Result<Vec<u8>, String> {
        module.encode().map_err(|e| format!("the module text does not parse: {e}"))
    }

    /// Runs the preprocessor (if any) and compiles the result; with the bridge on, also reads
    /// the layout section.
    pub(crate) fn compile(&mut self, bytes: &[u8]) -> Result<Compiled, String> {
        let rewritten;
        let bytes = match &self.preprocess {
            Some(preprocess) => {
                let in_place = match self.bridge {
                    true => bridge::in_place_imports(&mut self.store, &self.linker, bytes),
                    false => Vec::new(),
                };
                rewritten = preprocess(bytes, &in_place)
                    .map_err(|e| format!("the preprocessor failed: {e}"))?;
                &rewritten[..]
            }
            None => bytes,
        };
        let module = Module::new(&self.engine, bytes)
            .map_err(|e| format!("the module does not compile: {e}"))?;
        let layout = match self.bridge {
            true => bridge::read_layout(bytes)?.filter(bridge::needs_host).map(Arc::new),
            false => None,
        };
        Ok(Compiled { module, layout })
    }

    /// Instantiates `module` against the linker (which runs its start function), with the
    /// `polymem:bridge` host side when its layout needs one.
    pub(crate) fn instantiate(&mut self, module: &Compiled) -> Result<Instance, Error> {
        let Some(layout) = &module.layout else {
            return self.linker.instantiate(&mut self.store, &module.module);
        };
        let (instance, exports) =
            bridge::instantiate(&mut self.store, &self.linker, &module.module, layout)?;
        if !exports.is_empty() {
            self.bridged_exports.insert(instance, exports);
        }
        Ok(instance)
    }

    /// Gives the store `fuel` units for the next directive (the engine consumes fuel).
    pub(crate) fn refuel(&mut self, fuel: u64) {
        // Only fails when the engine does not consume fuel, which `with_directive_fuel` rules out.
        let _ = self.store.set_fuel(fuel);
    }

    /// Makes `instance` the current one and names it `id`, if given.
    pub(crate) fn set_current(&mut self, id: Option<Id<'_>>, instance: Instance) {
        self.current = Some(instance);
        if let Some(id) = id {
            self.instances.insert(id.name().to_string(), instance);
        }
    }

    /// Remembers a compiled but not instantiated module.
    pub(crate) fn define_module(&mut self, id: Option<Id<'_>>, module: Compiled) {
        if let Some(id) = id {
            self.definitions.insert(id.name().to_string(), module.clone());
        }
        self.last_definition = Some(module);
    }

    /// The module definition named `id`, or the most recent one.
    pub(crate) fn definition(&self, id: Option<Id<'_>>) -> Result<Compiled, String> {
        match id {
            Some(id) => self
                .definitions
                .get(id.name())
                .cloned()
                .ok_or_else(|| format!("no module definition named ${}", id.name())),
            None => {
                self.last_definition.clone().ok_or_else(|| "no module definition yet".to_string())
            }
        }
    }

    /// The instance named `id`, or the current one.
    pub(crate) fn instance(&self, id: Option<Id<'_>>) -> Result<Instance, String> {
        match id {
            Some(id) => self
                .instances
                .get(id.name())
                .copied()
                .ok_or_else(|| format!("no instance named ${}", id.name())),
            None => self.current.ok_or_else(|| "no module instantiated yet".to_string()),
        }
    }

    /// Makes the exports of `instance` (including the memories a bridge exports for it)
    /// importable under `name`.
    pub(crate) fn register(&mut self, name: &str, instance: Instance) -> Result<(), String> {
        let error = |e: Error| format!("cannot register the instance as {name:?}: {e}");
        self.linker.instance(&mut self.store, name, instance).map_err(error)?;
        for (export, item) in self.bridged_exports.get(&instance).into_iter().flatten() {
            self.linker.define(name, export, *item).map_err(error)?;
        }
        Ok(())
    }

    /// Calls an export. The outer `Err` is a problem of the script (unknown export, bad
    /// argument); the inner result is the engine's.
    pub(crate) fn invoke(
        &mut self,
        invoke: &WastInvoke<'_>,
    ) -> Result<Result<Vec<Val>, Error>, String> {
        let instance = self.instance(invoke.module)?;
        let func = instance
            .get_func(&self.store, invoke.name)
            .ok_or_else(|| format!("no exported function {:?}", invoke.name))?;
        let args = invoke.args.iter().map(|arg| self.arg(arg)).collect::<Result<Vec<_>, _>>()?;
        let ty = func.ty(&self.store);
        let mut results: Vec<Val> = ty.results().iter().map(|&t| Val::default_for(t)).collect();
        Ok(func.call(&mut self.store, &args, &mut results).map(|()| results))
    }

    /// Reads an exported global.
    pub(crate) fn get(&self, module: Option<Id<'_>>, name: &str) -> Result<Val, String> {
        let instance = self.instance(module)?;
        let global = instance
            .get_global(&self.store, name)
            .ok_or_else(|| format!("no exported global {name:?}"))?;
        Ok(global.get(&self.store))
    }

    /// The externref standing for `ref.extern n`: the same one every time.
    pub(crate) fn externref(&mut self, n: u32) -> ExternRef {
        if let Some(r) = self.externrefs.get(&n) {
            return *r;
        }
        let r = ExternRef::new(&mut self.store, n);
        self.externrefs.insert(n, r);
        r
    }

    /// An argument of `invoke` as a value.
    fn arg(&mut self, arg: &WastArg<'_>) -> Result<Val, String> {
        match arg {
            WastArg::Core(core) => values::arg(self, core),
            _ => Err("component-model arguments are not supported".to_string()),
        }
    }
}

/// A compiled module and, when it needs the `polymem:bridge` host side, its layout.
#[derive(Clone)]
pub(crate) struct Compiled {
    module: Module,
    layout: Option<Arc<Layout>>,
}
