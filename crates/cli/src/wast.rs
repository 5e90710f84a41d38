//! `polymem wast`: run `.wast` specification scripts.

use crate::input::EngineOptions;
use anyhow::{Context, Result};
use polymem_wast::{Report, WastRunner};
use std::path::PathBuf;
use std::process::ExitCode;

/// Options of `polymem wast`.
#[derive(Debug, clap::Args)]
pub struct WastCommand {
    #[command(flatten)]
    engine: EngineOptions,
    /// Print each directive to stderr before running it (to find one that hangs or crashes).
    #[arg(long)]
    trace: bool,
    /// Also print notes: expected rejections whose error message differs from the script's.
    #[arg(long)]
    notes: bool,
    /// Fuel for each directive, about one unit per WebAssembly operator: a directive that runs
    /// away fails with `all fuel consumed` and the script goes on.
    #[arg(long, value_name = "N", default_value_t = 1_000_000_000, conflicts_with = "unbounded")]
    fuel: u64,
    /// Run directives without fuel (and without the engine's fuel checks): a runaway
    /// directive then never ends.
    #[arg(long)]
    unbounded: bool,
    /// The scripts to run; a directory stands for its `.wast` files, in name order.
    #[arg(required = true)]
    files: Vec<PathBuf>,
}

impl WastCommand {
    /// Prints one line per failing directive (`file:line: ...`), then `N passed, M failed`.
    /// Exits with 0 only if nothing failed.
    pub fn run(self) -> Result<ExitCode> {
        let fuel = (!self.unbounded).then_some(self.fuel);
        let runner = WastRunner::new()
            .with_config(self.engine.config())
            .with_directive_fuel(fuel)
            .with_trace(self.trace);
        let mut total = Report::default();
        for file in &scripts(&self.files)? {
            let report = runner.run_file(file);
            for line in &report.failures {
                println!("{line}");
            }
            if self.notes {
                for line in &report.notes {
                    println!("note: {line}");
                }
            }
            total.merge(report);
        }
        println!("{total}");
        Ok(if total.is_success() { ExitCode::SUCCESS } else { ExitCode::FAILURE })
    }
}

/// `paths` with every directory replaced by its `.wast` files, sorted by name.
fn scripts(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for path in paths {
        if !path.is_dir() {
            out.push(path.clone());
            continue;
        }
        let mut files = Vec::new();
        for entry in
            std::fs::read_dir(path).with_context(|| format!("cannot list {}", path.display()))?
        {
            let file = entry.with_context(|| format!("cannot list {}", path.display()))?.path();
            if file.extension().is_some_and(|ext| ext == "wast") {
                files.push(file);
            }
        }
        anyhow::ensure!(!files.is_empty(), "{}: no .wast files in this directory", path.display());
        files.sort();
        out.extend(files);
    }
    Ok(out)
}
