//! What several subcommands share: engine options and reading a module file.

use anyhow::{Context as _, Result};
use polymem::{Config, Translation};
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
        config
    }
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
