//! What several subcommands share: engine options and reading a module file.

use anyhow::{Context as _, Result};
use polymem::{Config, Feature, Translation};
use std::path::Path;

/// Engine options shared by the subcommands that load modules.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct EngineOptions {
    /// Reject modules that use more than one memory, as an engine without multi-memory does.
    #[arg(long)]
    pub no_multi_memory: bool,
    /// Translate every function when the module is loaded instead of on its first call.
    #[arg(long)]
    pub eager: bool,
    /// Reject modules that use a WebAssembly proposal (repeatable), as an engine without it
    /// does: memory64, simd, relaxed-simd, tail-call, extended-const, custom-page-sizes,
    /// wide-arithmetic, multi-memory.
    #[arg(long, value_name = "FEATURE", value_parser = parse_feature)]
    pub disable: Vec<Feature>,
    /// Accept modules that use a proposal that is off by default (repeatable).
    #[arg(long, value_name = "FEATURE", value_parser = parse_feature)]
    pub enable: Vec<Feature>,
    #[command(flatten)]
    pub limits: crate::limits::LimitOptions,
}

impl EngineOptions {
    /// The engine configuration these options describe.
    pub fn config(&self) -> Config {
        let mut config = Config::default();
        config.multi_memory(!self.no_multi_memory).limits(self.limits.store_limits());
        if self.eager {
            config.translation(Translation::Eager);
        }
        for &feature in &self.enable {
            config.wasm_feature(feature, true);
        }
        for &feature in &self.disable {
            config.wasm_feature(feature, false);
        }
        config
    }
}

fn parse_feature(name: &str) -> Result<Feature, String> {
    Feature::from_name(name).ok_or_else(|| {
        let names: Vec<_> = Feature::ALL.iter().map(|f| f.name()).collect();
        format!("unknown feature `{name}` (known: {})", names.join(", "))
    })
}

/// Reads a module: the binary format, or the text format (converted to binary). A file is binary
/// if it starts with the Wasm magic number or is named `*.wasm` (so that a damaged binary is
/// reported by the decoder, with its byte offset, rather than as bad text).
pub fn read_module(path: &Path) -> Result<Vec<u8>> {
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    if bytes.starts_with(b"\0asm") || path.extension().is_some_and(|ext| ext == "wasm") {
        return Ok(bytes);
    }
    let binary = wat::Parser::new()
        .parse_bytes(Some(path), &bytes)
        .with_context(|| format!("{} is neither a binary module nor valid text", path.display()))?;
    Ok(binary.into_owned())
}
