//! `polymem inspect`: a module's imports, exports and memories, with the data segments and the
//! instructions that touch each memory (`polymem_transform::survey`, the same facts the web
//! package's `inspect()` gives), and optionally the engine's IR of every function.

use crate::input::{EngineOptions, read_module};
use anyhow::{Context as _, Result};
use polymem::{Engine, ExternType, Module, Mutability};
use polymem_transform::survey::{MemoryInfo, survey};
use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

/// Options of `polymem inspect`.
#[derive(Debug, clap::Args)]
pub struct InspectCommand {
    #[command(flatten)]
    engine: EngineOptions,
    /// Also print the engine's IR of every defined function.
    #[arg(long)]
    ir: bool,
    /// The module: binary (`.wasm`) or text (`.wat`).
    file: PathBuf,
}

impl InspectCommand {
    /// Prints the report; fails if the module is not valid.
    pub fn run(self) -> Result<ExitCode> {
        let bytes = read_module(&self.file)?;
        let engine = Engine::new(&self.engine.config());
        let module = Module::new(&engine, &bytes)
            .with_context(|| format!("{} is not valid", self.file.display()))?;
        let survey = survey(&bytes).context("cannot read the module")?;
        let functions = survey.functions;
        let mut out = String::new();

        let _ = writeln!(out, "imports ({}):", module.imports().len());
        for import in module.imports() {
            let _ = writeln!(
                out,
                "  {:?}.{:?}: {}",
                import.module(),
                import.name(),
                show_type(import.ty())
            );
        }
        let _ = writeln!(out, "exports ({}):", module.exports().len());
        for export in module.exports() {
            let _ = writeln!(out, "  {:?}: {}", export.name(), show_type(export.ty()));
        }
        let _ = writeln!(
            out,
            "functions: {} ({} imported)",
            functions.imported + functions.defined,
            functions.imported
        );
        let _ = writeln!(out, "memories ({}):", survey.memories.len());
        for memory in &survey.memories {
            let _ = writeln!(out, "  memory {}: {}", memory.index, show_memory(memory));
            let _ = writeln!(
                out,
                "    data: {} active segment(s), {} bytes",
                memory.data.segments, memory.data.bytes
            );
            let _ = writeln!(out, "    instructions: {}", memory.instructions);
        }
        let _ = writeln!(
            out,
            "passive data: {} segment(s), {} bytes",
            survey.passive_data.segments, survey.passive_data.bytes
        );
        print!("{out}");

        if self.ir {
            for index in functions.imported..functions.imported + functions.defined {
                let names: Vec<&str> = survey
                    .exports
                    .iter()
                    .filter(|e| e.kind == "function" && e.index == Some(index))
                    .map(|e| e.name.as_str())
                    .collect();
                let label = if names.is_empty() {
                    String::new()
                } else {
                    format!(" (exported as {names:?})")
                };
                println!("\nfunc {index}{label}:");
                match module.function_ir(index) {
                    Some(Ok(ir)) => print!("{ir}"),
                    Some(Err(e)) => println!("  cannot translate: {e}"),
                    None => println!("  no body"),
                }
            }
        }
        Ok(ExitCode::SUCCESS)
    }
}

/// A memory's limits, address type and where it comes from and goes to.
fn show_memory(memory: &MemoryInfo) -> String {
    let max = memory.max.map_or("none".to_string(), |m| m.to_string());
    let bits = if memory.address == "i64" { "64-bit" } else { "32-bit" };
    let mut text = format!("min {} pages, max {max}, {bits}", memory.min);
    if memory.shared {
        text.push_str(", shared");
    }
    if memory.page_size != 65536 {
        let _ = write!(text, ", page size {}", memory.page_size);
    }
    if let Some(input) = &memory.input {
        let _ = write!(text, ", from input {input:?}");
    }
    if let Some([module, name]) = &memory.import {
        let _ = write!(text, ", imported from {module:?}.{name:?}");
    }
    for name in &memory.exports {
        let _ = write!(text, ", exported as {name:?}");
    }
    text
}

/// An import's or export's type in a compact form.
fn show_type(ty: &ExternType) -> String {
    match ty {
        ExternType::Func(f) => f.to_string(),
        ExternType::Table(t) => {
            let max = t.maximum().map_or("none".to_string(), |m| m.to_string());
            format!("table {:?} min {} max {max}", t.element(), t.minimum())
        }
        ExternType::Memory(m) => {
            let max = m.maximum().map_or("none".to_string(), |m| m.to_string());
            let bits = if m.is_64() { "64-bit" } else { "32-bit" };
            format!("memory min {} pages, max {max}, {bits}", m.minimum())
        }
        ExternType::Global(g) => {
            let mutability = if g.mutability() == Mutability::Var { "mut " } else { "" };
            format!("global {mutability}{}", g.content())
        }
    }
}
