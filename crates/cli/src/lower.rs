//! `polymem lower`: rewrite a multi-memory module into one that uses at most one memory, for
//! engines without multi-memory (see `polymem_transform::lower_memories`).

use crate::input::read_module;
use anyhow::{Context as _, Result, anyhow};
use polymem_transform::{CheckForm, LAYOUT_SECTION, Layout, LowerOptions, lower_memories};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use wasmparser::{Parser, Payload};

/// Options of `polymem lower`.
#[derive(Debug, clap::Args)]
pub struct LowerCommand {
    /// Where to write the lowered module. Default: the input with `.lowered.wasm` in place of
    /// its extension.
    #[arg(long, short, value_name = "OUT")]
    output: Option<PathBuf>,
    /// Print the `polymem.memory-layout` custom section (its document, as JSON) to stdout.
    #[arg(long)]
    emit_layout: bool,
    /// Store memory N (original index) on top of the combined memory, where the engine's own
    /// bounds check can serve it. Default: the most used memory (accesses weighted by loop
    /// depth).
    #[arg(long, value_name = "N")]
    top: Option<u32>,
    /// How explicit bounds checks look: a compare with a limit and `br_if` to a trap at the
    /// function's end, branchless (the address is replaced by one that traps), an `if` around a
    /// trapping load, calls to a helper shared per memory and extent outside loops (branches
    /// inside), or calls everywhere.
    #[arg(long, value_enum, default_value_t = Checks::BrIf)]
    checks: Checks,
    /// Do not reserve the whole declared maximum of the exported memory kept in place (by
    /// default it is reserved, so the private memories above it get constant bases: faster
    /// accesses, a larger initial memory). For hosts that grow that memory by
    /// `buffer.byteLength` arithmetic without the web package's `grow` (Emscripten's glue on
    /// its own).
    #[arg(long)]
    no_reserve_max: bool,
    /// Reserve that maximum only when it is at most PAGES pages (the reserve is part of the
    /// initial memory; iOS Safari is reported to refuse 2 GiB memories): above it, the
    /// private memories keep moving bases.
    #[arg(long, value_name = "PAGES", default_value_t = polymem_transform::DEFAULT_RESERVE_CAP)]
    reserve_cap: u64,
    /// The module: binary (`.wasm`) or text (`.wat`).
    file: PathBuf,
}

/// `--checks` values (`polymem_transform::CheckForm`).
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum Checks {
    BrIf,
    Select,
    Branch,
    HelpersOutsideLoops,
    Helpers,
}

impl LowerCommand {
    /// Lowers the module, writes it and prints `memories: N -> M` to stderr.
    pub fn run(self) -> Result<ExitCode> {
        let bytes = read_module(&self.file)?;
        let mut options = LowerOptions::default();
        options.top = self.top;
        options.reserve_max = !self.no_reserve_max;
        options.reserve_cap = self.reserve_cap;
        options.check_form = match self.checks {
            Checks::BrIf => CheckForm::BrIf,
            Checks::Select => CheckForm::Select,
            Checks::Branch => CheckForm::Branch,
            Checks::HelpersOutsideLoops => CheckForm::HelpersOutsideLoops,
            Checks::Helpers => CheckForm::Helpers,
        };
        let lowered = lower_memories(&bytes, &options)
            .map_err(|e| anyhow!("{}: {e}", self.file.display()))?;
        let before = memory_count(&bytes)?;
        let after = memory_count(&lowered)?;
        let output = self.output.clone().unwrap_or_else(|| default_output(&self.file));
        std::fs::write(&output, &lowered)
            .with_context(|| format!("cannot write {}", output.display()))?;
        eprintln!(
            "{}: memories {before} -> {after}, wrote {} ({} bytes)",
            self.file.display(),
            output.display(),
            lowered.len()
        );
        if self.emit_layout {
            match Layout::from_module(&lowered)? {
                Some(layout) => println!("{}", layout.to_json()),
                None => eprintln!(
                    "note: no {LAYOUT_SECTION} section: a module with {before} memory(ies) is \
                     left unchanged"
                ),
            }
        }
        Ok(ExitCode::SUCCESS)
    }
}

/// `dir/name.wat` -> `dir/name.lowered.wasm`.
fn default_output(input: &Path) -> PathBuf {
    let stem = input.file_stem().unwrap_or(input.as_os_str());
    let mut name = stem.to_os_string();
    name.push(".lowered.wasm");
    input.with_file_name(name)
}

/// Imported plus defined memories.
fn memory_count(bytes: &[u8]) -> Result<u32> {
    let mut count = 0;
    for payload in Parser::new(0).parse_all(bytes) {
        match payload? {
            Payload::ImportSection(reader) => {
                for import in reader.into_imports() {
                    if matches!(import?.ty, wasmparser::TypeRef::Memory(_)) {
                        count += 1;
                    }
                }
            }
            Payload::MemorySection(reader) => count += reader.count(),
            _ => {}
        }
    }
    Ok(count)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_output_replaces_the_extension() {
        assert_eq!(default_output(Path::new("a/b.wat")), PathBuf::from("a/b.lowered.wasm"));
        assert_eq!(default_output(Path::new("b.wasm")), PathBuf::from("b.lowered.wasm"));
        assert_eq!(default_output(Path::new("noext")), PathBuf::from("noext.lowered.wasm"));
    }
}
