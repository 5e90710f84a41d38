//! What `polymem run` links a module against: WASI, modules given with `--preload`, and the
//! `polymem:bridge` host side of modules lowered by `polymem lower`.

use crate::input::read_module;
use anyhow::{Context as _, Result, bail};
use polymem::{Engine, Extern, Instance, Linker, Module, Store};
use polymem_wast::bridge;
use std::path::{Path, PathBuf};

/// `--preload NAME=FILE`: a module instantiated before the main one, whose exports satisfy
/// imports from module `NAME`.
#[derive(Debug, Clone)]
pub struct Preload {
    name: String,
    file: PathBuf,
}

impl std::str::FromStr for Preload {
    type Err = anyhow::Error;

    fn from_str(text: &str) -> Result<Self> {
        match text.split_once('=') {
            Some((name, file)) if !name.is_empty() && !file.is_empty() => {
                Ok(Self { name: name.to_string(), file: PathBuf::from(file) })
            }
            _ => bail!("`{text}` is not a preload; write NAME=FILE"),
        }
    }
}

/// Compiles the module in `bytes` (read from `file`).
pub fn compile(engine: &Engine, bytes: &[u8], file: &Path) -> Result<Module> {
    Module::new(engine, bytes).with_context(|| format!("cannot compile {}", file.display()))
}

/// Instantiates `module` against `linker`; a module lowered with bridged or in-place memories
/// (a `polymem.memory-layout` section that says so) gets the `polymem:bridge` host side too.
/// Returns the instance and its exports as the embedder sees them: its own plus the bridged
/// memories the original module exported.
pub fn instantiate<T: 'static>(
    store: &mut Store<T>,
    linker: &Linker<T>,
    module: &Module,
    bytes: &[u8],
) -> Result<(Instance, Vec<(String, Extern)>), polymem::Error> {
    let layout = bridge::read_layout(bytes)
        .map_err(|e| polymem::Error::host(format!("bad polymem.memory-layout section: {e}")))?;
    match layout.filter(bridge::needs_host) {
        Some(layout) => {
            let (instance, bridged) = bridge::instantiate(&mut *store, linker, module, &layout)?;
            let mut exports = instance.exports(&*store);
            exports.extend(bridged);
            Ok((instance, exports))
        }
        None => {
            let instance = linker.instantiate(&mut *store, module)?;
            Ok((instance, instance.exports(&*store)))
        }
    }
}

impl Preload {
    /// Instantiates the preloaded module and defines its exports in `linker` under its name.
    pub fn link<T: 'static>(&self, store: &mut Store<T>, linker: &mut Linker<T>) -> Result<()> {
        let bytes = read_module(&self.file)?;
        let module = compile(store.engine(), &bytes, &self.file)?;
        let what =
            || format!("cannot instantiate {} (--preload {})", self.file.display(), self.name);
        let (_, exports) = instantiate(store, linker, &module, &bytes)
            .map_err(|e| crate::run::with_context(e, what))?;
        for (export, item) in exports {
            linker
                .define(&self.name, &export, item)
                .with_context(|| format!("--preload {}", self.name))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn preloads_are_name_equals_file() {
        let preload: Preload = "env=lib.wasm".parse().unwrap();
        assert_eq!((preload.name.as_str(), preload.file.as_path()), ("env", Path::new("lib.wasm")));
        for bad in ["env", "=lib.wasm", "env=", ""] {
            assert!(bad.parse::<Preload>().is_err(), "{bad}");
        }
    }
}
