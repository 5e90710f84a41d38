//! Merging: several modules fused into one multi-memory module that behaves exactly like the
//! inputs instantiated in order by a linker ([`merge_modules`], `polymem merge`).
//!
//! ```
//! use polymem_transform::merge::{MergeOptions, merge_modules};
//!
//! let lib = wat::parse_str(r#"(module (memory (export "mem") 1)
//!     (func (export "get") (param i32) (result i32) (i32.load (local.get 0))))"#)?;
//! let app = wat::parse_str(r#"(module
//!     (import "lib" "get" (func $get (param i32) (result i32))) (memory 1)
//!     (func (export "main") (result i32) (call $get (i32.const 0))))"#)?;
//! let merged = merge_modules(&[("lib", &lib), ("app", &app)], &MergeOptions::default())?;
//! // Two memories, one per input; `app`'s import became a direct call.
//! let info = polymem_transform::survey::survey(&merged)?;
//! assert_eq!(info.memories.len(), 2);
//! assert!(info.imports.is_empty());
//! assert_eq!(info.memories[1].input.as_deref(), Some("app"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Semantics
//!
//! Input `X` is named by the name given with it; an import `(import "X" "e" ...)` of a *later*
//! input is satisfied by `X`'s export `e`, exactly as a linker that registered `X` under that
//! name would:
//!
//! - every function, table, memory, global and tag of every input is kept, in input order; an
//!   import resolved from another input *is* that entity (a memory imported from another input
//!   is the same memory, a function is called directly). Each input's own memories stay separate
//!   memories: nothing is shared that was not shared by linking;
//! - imports that no input provides stay imports of the output; identical ones (same module,
//!   name and type) become one;
//! - the type of an import must match the export that satisfies it (same function type, global
//!   type, tag type; table and memory limits that the exporter's declared limits satisfy), else
//!   [`MergeError::Mismatch`] names the import and both inputs;
//! - all exports are kept (except those of inputs named in [`MergeOptions::hide_exports`]);
//!   a name exported by two inputs is [`MergeError::ExportClash`], unless
//!   [`MergeOptions::rename_export_conflicts`]: then the later input `X` exports it as `X.e` and
//!   [`Merged::renames`] lists every rename;
//! - instantiation order: A's element and data segments, A's start function, then B's, and so on.
//!   When more than one input has segments or a start function, every active segment becomes
//!   passive and a synthesized start function applies them (`table.init`/`memory.init`, then
//!   `elem.drop`/`data.drop`, as instantiation does) and calls each start function in that order,
//!   so a trap in B's initialization happens after A's, with A's effects on imported memories and
//!   tables done, as linked instantiation leaves them;
//! - types are merged and deduplicated (identical recursion groups become one); the `name`
//!   section is kept with every name prefixed by its input (`A.f`); other custom sections are
//!   dropped; a `polymem.merge` section records provenance (see [`provenance`]).
//!
//! **Cycles are errors.** An import naming the importing input itself or a later input is
//! rejected ([`MergeError::Cycle`]): instantiation in order cannot satisfy it either (the later
//! instance does not exist yet), and accepting it would give the merged module a behaviour no
//! linked instantiation has. Reorder the inputs, or leave such imports to the host.
//!
//! Limits checked against the *declared* limits of an exporter: a memory or table grown before
//! the importer is instantiated (by a start function) would satisfy a larger minimum when
//! linked, but not here; and an export that is itself an unresolved import is checked against
//! that import's declared type, not the host's actual one. Global initializers that read a
//! global of another input get that global's initializer inlined (the same value: it is
//! immutable), so the output needs nothing beyond Wasm 2.0 and multi-memory.

mod check;
mod emit;
mod error;
mod inputs;
mod names;
pub mod provenance;
mod resolve;

pub use error::MergeError;

use wasmparser::{Validator, WasmFeatures};

/// Options of [`merge_modules`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct MergeOptions {
    /// Export a clashing export `e` of a later input `X` as `X.e` instead of failing (the
    /// renames are in [`Merged::renames`]). Default: `false`.
    pub rename_export_conflicts: bool,
    /// Inputs whose exports the merged module does not export (they still satisfy later
    /// inputs' imports): a library merged in as a private part, whose memory then is private
    /// too (`lower_memories` keeps a private memory in the combined memory, while a second
    /// exported one would need the host bridge). Names no input has are an error. Default: none.
    pub hide_exports: Vec<String>,
}

/// An export renamed because an earlier input already exported its name.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Rename {
    /// The input whose export was renamed.
    pub input: String,
    /// Its name in that input.
    pub from: String,
    /// Its name in the merged module (`input.from`).
    pub to: String,
}

/// The merged module and what was renamed.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Merged {
    /// The merged module's bytes.
    pub wasm: Vec<u8>,
    /// Every renamed export, in export order.
    pub renames: Vec<Rename>,
}

/// Features accepted in the inputs and required of the output: wasmparser's defaults, as
/// `lower_memories` accepts.
fn features() -> WasmFeatures {
    WasmFeatures::default()
}

/// Merges `inputs` (name, bytes), instantiated in that order, into one module; see the module
/// docs for the semantics.
pub fn merge_modules(
    inputs: &[(&str, &[u8])],
    options: &MergeOptions,
) -> Result<Vec<u8>, MergeError> {
    merge(inputs, options).map(|merged| merged.wasm)
}

/// [`merge_modules`], also returning the renamed exports.
pub fn merge(inputs: &[(&str, &[u8])], options: &MergeOptions) -> Result<Merged, MergeError> {
    if inputs.is_empty() {
        return Err(MergeError::NoInputs);
    }
    for (i, (name, _)) in inputs.iter().enumerate() {
        if inputs[..i].iter().any(|(other, _)| other == name) {
            return Err(MergeError::DuplicateName { name: name.to_string() });
        }
    }
    if let Some(name) = options.hide_exports.iter().find(|h| !inputs.iter().any(|(n, _)| n == h)) {
        return Err(MergeError::UnknownInput { name: name.clone() });
    }
    let mut parsed = Vec::with_capacity(inputs.len());
    for &(name, bytes) in inputs {
        let invalid = |e: wasmparser::BinaryReaderError| MergeError::Invalid {
            input: name.to_string(),
            message: e.message().to_string(),
            offset: e.offset() as usize,
        };
        Validator::new_with_features(features()).validate_all(bytes).map_err(invalid)?;
        parsed.push(inputs::Input::parse(name, bytes).map_err(invalid)?);
    }
    let plan = resolve::Plan::new(&parsed, options)?;
    let wasm = emit::emit(&parsed, &plan)?;
    if let Err(e) = Validator::new_with_features(features()).validate_all(&wasm) {
        return Err(MergeError::Internal {
            message: format!(
                "merged module is invalid at offset {:#x}: {}",
                e.offset(),
                e.message()
            ),
        });
    }
    Ok(Merged { wasm, renames: plan.renames })
}
