//! `polymem merge A.wasm NAME_A B.wasm NAME_B ... -o OUT.wasm [--hide-exports NAME]`: fuse modules into one
//! multi-memory module that behaves like them instantiated in order, each input's imports of
//! `NAME_X` satisfied by input X (see `polymem_transform::merge`). The argument order is the
//! one `wasm-merge` users know.

use crate::input::read_module;
use anyhow::{Context as _, Result, anyhow, bail};
use polymem_transform::merge::{MergeOptions, merge};
use std::path::PathBuf;
use std::process::ExitCode;

/// Options of `polymem merge`.
#[derive(Debug, clap::Args)]
pub struct MergeCommand {
    /// Where to write the merged module.
    #[arg(long, short, value_name = "OUT", required = true)]
    output: PathBuf,
    /// Export a clashing export `e` of a later input `X` as `X.e` (each rename is printed on
    /// stderr) instead of failing.
    #[arg(long)]
    rename_export_conflicts: bool,
    /// Do not export the exports of input NAME (they still satisfy later inputs' imports):
    /// merge a library in as a private part. Repeatable.
    #[arg(long, value_name = "NAME")]
    hide_exports: Vec<String>,
    /// Pairs of a module (`.wasm` or `.wat`) and the name later inputs import it by, in
    /// instantiation order.
    #[arg(value_name = "FILE NAME", num_args = 2.., required = true)]
    inputs: Vec<String>,
}

impl MergeCommand {
    /// Merges the inputs, writes the output and prints a summary line to stderr.
    pub fn run(self) -> Result<ExitCode> {
        if !self.inputs.len().is_multiple_of(2) {
            bail!(
                "expected pairs of FILE NAME, got {} argument(s): {:?} has no name",
                self.inputs.len(),
                self.inputs.last().map_or("", String::as_str)
            );
        }
        let mut modules = Vec::new();
        for pair in self.inputs.chunks(2) {
            let bytes = read_module(pair[0].as_ref())?;
            modules.push((pair[1].as_str(), bytes));
        }
        let refs: Vec<(&str, &[u8])> = modules.iter().map(|(n, b)| (*n, b.as_slice())).collect();
        let mut options = MergeOptions::default();
        options.rename_export_conflicts = self.rename_export_conflicts;
        options.hide_exports = self.hide_exports.clone();
        let merged = merge(&refs, &options).map_err(|e| anyhow!("{e}"))?;
        for rename in &merged.renames {
            eprintln!(
                "renamed export {:?} of input {:?} to {:?}",
                rename.from, rename.input, rename.to
            );
        }
        std::fs::write(&self.output, &merged.wasm)
            .with_context(|| format!("cannot write {}", self.output.display()))?;
        let memories = polymem_transform::survey::survey(&merged.wasm)
            .map(|info| info.memories.len())
            .unwrap_or(0);
        eprintln!(
            "merged {} module(s): {memories} memories, wrote {} ({} bytes)",
            modules.len(),
            self.output.display(),
            merged.wasm.len()
        );
        Ok(ExitCode::SUCCESS)
    }
}
