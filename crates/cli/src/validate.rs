//! `polymem validate`: check that a module is valid for the engine's configuration.

use crate::input::{EngineOptions, read_module};
use anyhow::{Result, anyhow};
use polymem::{Engine, ErrorKind, Module};
use std::path::PathBuf;
use std::process::ExitCode;

/// Options of `polymem validate`.
#[derive(Debug, clap::Args)]
pub struct ValidateCommand {
    #[command(flatten)]
    engine: EngineOptions,
    /// Print `valid` for a valid module instead of nothing.
    #[arg(long, short)]
    verbose: bool,
    /// The module: binary (`.wasm`) or text (`.wat`).
    file: PathBuf,
}

impl ValidateCommand {
    /// Exits with 0 for a valid module; otherwise reports the error with its byte offset.
    pub fn run(self) -> Result<ExitCode> {
        let bytes = read_module(&self.file)?;
        let engine = Engine::new(&self.engine.config());
        match Module::validate(&engine, &bytes) {
            Ok(()) => {
                if self.verbose {
                    println!("valid");
                }
                Ok(ExitCode::SUCCESS)
            }
            Err(e) => Err(match e.kind() {
                ErrorKind::Parse { message, offset } => {
                    anyhow!(
                        "{}: invalid module at byte offset {offset} (0x{offset:x}): {message}",
                        self.file.display()
                    )
                }
                _ => anyhow!("{}: invalid module: {e}", self.file.display()),
            }),
        }
    }
}
