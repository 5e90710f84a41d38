//! `polymem wast`: run `.wast` specification scripts.

use crate::input::EngineOptions;
use anyhow::Result;
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
    /// The scripts to run.
    #[arg(required = true)]
    files: Vec<PathBuf>,
}

impl WastCommand {
    /// Prints one line per failing directive (`file:line: ...`), then `N passed, M failed`.
    /// Exits with 0 only if nothing failed.
    pub fn run(self) -> Result<ExitCode> {
        let runner = WastRunner::new().with_config(self.engine.config()).with_trace(self.trace);
        let mut total = Report::default();
        for file in &self.files {
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
