//! `polymem inspect`: a module's imports, exports and memories, with the data segments and the
//! instructions that touch each memory (read with wasmparser directly), and optionally the
//! engine's IR of every function.

use crate::input::{EngineOptions, read_module};
use anyhow::{Context as _, Result};
use polymem::{Engine, ExternType, Module, Mutability};
use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;
use wasmparser::{DataKind, ExternalKind, Operator, Parser, Payload, TypeRef};

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

/// One memory of the module and how the module uses it.
#[derive(Debug, Default)]
struct MemoryInfo {
    ty: Option<wasmparser::MemoryType>,
    import: Option<(String, String)>,
    exports: Vec<String>,
    segments: usize,
    segment_bytes: usize,
    uses: usize,
}

/// What the module says about memories, functions and passive data.
#[derive(Debug, Default)]
struct Survey {
    memories: Vec<MemoryInfo>,
    passive_segments: usize,
    passive_bytes: usize,
    imported_funcs: u32,
    defined_funcs: u32,
    func_exports: Vec<(u32, String)>,
}

impl InspectCommand {
    /// Prints the report; fails if the module is not valid.
    pub fn run(self) -> Result<ExitCode> {
        let bytes = read_module(&self.file)?;
        let engine = Engine::new(&self.engine.config());
        let module = Module::new(&engine, &bytes)
            .with_context(|| format!("{} is not valid", self.file.display()))?;
        let survey = survey(&bytes).context("cannot read the module")?;
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
            survey.imported_funcs + survey.defined_funcs,
            survey.imported_funcs
        );
        let _ = writeln!(out, "memories ({}):", survey.memories.len());
        for (index, memory) in survey.memories.iter().enumerate() {
            let _ = writeln!(out, "  memory {index}: {}", show_memory(memory));
            let _ = writeln!(
                out,
                "    data: {} active segment(s), {} bytes",
                memory.segments, memory.segment_bytes
            );
            let _ = writeln!(out, "    instructions: {}", memory.uses);
        }
        let _ = writeln!(
            out,
            "passive data: {} segment(s), {} bytes",
            survey.passive_segments, survey.passive_bytes
        );
        print!("{out}");

        if self.ir {
            for index in survey.imported_funcs..survey.imported_funcs + survey.defined_funcs {
                let names: Vec<&str> = survey
                    .func_exports
                    .iter()
                    .filter(|(i, _)| *i == index)
                    .map(|(_, n)| n.as_str())
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

/// Walks the sections once, collecting memories, data segments and per-memory instruction uses.
fn survey(bytes: &[u8]) -> wasmparser::Result<Survey> {
    let mut s = Survey::default();
    for payload in Parser::new(0).parse_all(bytes) {
        match payload? {
            Payload::ImportSection(reader) => {
                for import in reader.into_imports() {
                    let import = import?;
                    match import.ty {
                        TypeRef::Memory(ty) => s.memories.push(MemoryInfo {
                            ty: Some(ty),
                            import: Some((import.module.to_string(), import.name.to_string())),
                            ..MemoryInfo::default()
                        }),
                        TypeRef::Func(_) | TypeRef::FuncExact(_) => s.imported_funcs += 1,
                        _ => {}
                    }
                }
            }
            Payload::FunctionSection(reader) => s.defined_funcs = reader.count(),
            Payload::MemorySection(reader) => {
                for ty in reader {
                    s.memories.push(MemoryInfo { ty: Some(ty?), ..MemoryInfo::default() });
                }
            }
            Payload::ExportSection(reader) => {
                for export in reader {
                    let export = export?;
                    match export.kind {
                        ExternalKind::Memory => {
                            if let Some(m) = s.memories.get_mut(export.index as usize) {
                                m.exports.push(export.name.to_string());
                            }
                        }
                        ExternalKind::Func => {
                            s.func_exports.push((export.index, export.name.to_string()))
                        }
                        _ => {}
                    }
                }
            }
            Payload::DataSection(reader) => {
                for data in reader {
                    let data = data?;
                    match data.kind {
                        DataKind::Passive => {
                            s.passive_segments += 1;
                            s.passive_bytes += data.data.len();
                        }
                        DataKind::Active { memory_index, .. } => {
                            if let Some(m) = s.memories.get_mut(memory_index as usize) {
                                m.segments += 1;
                                m.segment_bytes += data.data.len();
                            }
                        }
                    }
                }
            }
            Payload::CodeSectionEntry(body) => {
                let mut used = Vec::new();
                let mut reader = body.get_operators_reader()?;
                while !reader.eof() {
                    used.clear();
                    memories_used(&reader.read()?, &mut used);
                    // `memory.copy` within one memory is one use of it.
                    used.dedup();
                    for &index in &used {
                        if let Some(m) = s.memories.get_mut(index as usize) {
                            m.uses += 1;
                        }
                    }
                }
            }
            _ => {}
        }
    }
    Ok(s)
}

/// Generates `memories_used`: for every operator, the memory indices among its immediates
/// (`memarg.memory`, `mem`, `dst_mem`, `src_mem`), from wasmparser's list of all operators.
macro_rules! define_memories_used {
    ($( @$proposal:ident $op:ident $({ $($arg:ident: $argty:ty),* })? => $visit:ident ($($ann:tt)*) )*) => {
        /// Pushes the memory indices `op` names onto `out`.
        fn memories_used(op: &Operator<'_>, out: &mut Vec<u32>) {
            #[allow(unreachable_patterns)]
            match op {
                $( Operator::$op $({ $($arg),* })? => { $($( memory_immediate!(out, $arg, $arg); )*)? } )*
                _ => {}
            }
        }
    };
}

/// One immediate of an operator: a memory index is pushed, anything else ignored. The name is
/// passed twice because literal names match regardless of hygiene, bindings do not.
macro_rules! memory_immediate {
    ($out:ident, memarg, $v:ident) => {
        if let wasmparser::MemArgTarget::Memory(index) = $v.target {
            $out.push(index)
        }
    };
    ($out:ident, mem, $v:ident) => {
        $out.push(*$v)
    };
    ($out:ident, dst_mem, $v:ident) => {
        $out.push(*$v)
    };
    ($out:ident, src_mem, $v:ident) => {
        $out.push(*$v)
    };
    ($out:ident, $other:ident, $v:ident) => {
        let _ = $v;
    };
}

wasmparser::for_each_operator!(define_memories_used);

/// A memory's limits, address type and where it comes from and goes to.
fn show_memory(memory: &MemoryInfo) -> String {
    let mut text = match &memory.ty {
        Some(ty) => {
            let max = ty.maximum.map_or("none".to_string(), |m| m.to_string());
            let bits = if ty.memory64 { "64-bit" } else { "32-bit" };
            let mut t = format!("min {} pages, max {max}, {bits}", ty.initial);
            if ty.shared {
                t.push_str(", shared");
            }
            if let Some(log2) = ty.page_size_log2 {
                let _ = write!(t, ", page size {}", 1u64 << log2);
            }
            t
        }
        None => "unknown type".to_string(),
    };
    if let Some((module, name)) = &memory.import {
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
