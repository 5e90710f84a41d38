//! Differential test of the host bridge on Node: random modules whose memories are imported
//! (`spectest.memory`, possibly several times) or exported run on wasmi as they are; the
//! lowered modules, with the same calls and wasmi's results as expectations, run on Node 20
//! through `js/lowered-runner/run.mjs`.

mod common;

use common::{Rng, call, generate};
use polymem_transform::{LowerOptions, lower_memories};
use std::path::Path;
use std::process::Command;
use wasmi::{Config, Engine, Linker, Memory, MemoryType, Module, Store, Val};

fn value_json(v: &Val) -> String {
    match v {
        Val::I32(x) => format!(r#"{{"type":"i32","value":"{}"}}"#, *x as u32),
        Val::I64(x) => format!(r#"{{"type":"i64","value":"{}"}}"#, *x as u64),
        other => panic!("unexpected value {other:?}"),
    }
}

fn trap_text(e: &wasmi::Error) -> String {
    match e.as_trap_code() {
        Some(code) => code.trap_message().to_string(),
        None => panic!("not a trap: {e}"),
    }
}

#[test]
fn bridged_lowering_matches_wasmi_on_node() {
    std::thread::Builder::new().stack_size(256 << 20).spawn(run).unwrap().join().unwrap();
}

fn run() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("node-differential");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let mut config = Config::default();
    config.wasm_multi_memory(true);
    config.wasm_memory64(true);
    let engine = Engine::new(&config);
    let mut store = Store::new(&engine, ());
    let mut linker = Linker::<()>::new(&engine);
    let memory = Memory::new(&mut store, MemoryType::new(1, Some(2))).unwrap();
    linker.define("spectest", "memory", memory).unwrap();
    let mut rng = Rng(0x51f1_5eed_0bad_cafe);
    let mut commands = Vec::new();
    let mut kinds = std::collections::BTreeMap::<String, u32>::new();
    for case in 0..40 {
        let (src, shape) = generate(&mut rng, true);
        let wasm = wat::parse_str(&src).unwrap();
        let lowered = lower_memories(&wasm, &LowerOptions::default()).unwrap();
        let json = String::from_utf8_lossy(&lowered).contains("\"kind\":\"imported-combined\"");
        *kinds.entry(if json { "bridged" } else { "other" }.into()).or_default() += 1;
        let file = format!("{case}.wasm");
        std::fs::write(dir.join(&file), &lowered).unwrap();
        std::fs::write(dir.join(format!("{case}.wat")), &src).unwrap();
        let line = case * 1000;
        let module = Module::new(&engine, &wasm).unwrap();
        let instance = match linker.instantiate_and_start(&mut store, &module) {
            Ok(instance) => instance,
            Err(e) => {
                commands.push(format!(
                    r#"{{"type":"assert_uninstantiable","line":{line},"file":"{file}","text":"{}"}}"#,
                    trap_text(&e)
                ));
                continue;
            }
        };
        commands.push(format!(r#"{{"type":"module","line":{line},"name":null,"file":"{file}"}}"#));
        let mut steps: Vec<_> = (0..150).map(|_| call(&mut rng, &shape)).collect();
        steps.extend((0..shape.memories).map(|i| (format!("sum_{i}"), vec![], 1)));
        for (step, (name, args, results)) in steps.into_iter().enumerate() {
            let func = instance.get_func(&store, &name).unwrap();
            let mut out = vec![Val::I32(0); results];
            let args_json: Vec<String> = args.iter().map(value_json).collect();
            let action = format!(
                r#"{{"type":"invoke","module":null,"field":"{name}","args":[{}]}}"#,
                args_json.join(",")
            );
            let line = line + step + 1;
            commands.push(match func.call(&mut store, &args, &mut out) {
                Ok(()) => {
                    let expected: Vec<String> = out.iter().map(value_json).collect();
                    format!(
                        r#"{{"type":"assert_return","line":{line},"action":{action},"expected":[{}]}}"#,
                        expected.join(",")
                    )
                }
                Err(e) => format!(
                    r#"{{"type":"assert_trap","line":{line},"action":{action},"text":"{}"}}"#,
                    trap_text(&e)
                ),
            });
        }
    }
    let json = format!("{{\"commands\":[\n{}\n]}}\n", commands.join(",\n"));
    std::fs::write(dir.join("commands.json"), json).unwrap();
    let runner = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../js/lowered-runner/run.mjs");
    let node = std::env::var("NODE").unwrap_or_else(|_| "node".into());
    let output =
        Command::new(&node).arg(runner).arg(&dir).output().unwrap_or_else(|e| {
            panic!("cannot run `{node}` (Node.js is required for this test): {e}")
        });
    let stdout = String::from_utf8_lossy(&output.stdout);
    let summary = stdout.lines().find(|l| l.starts_with("SUMMARY ")).unwrap_or_else(|| {
        panic!("no summary:\n{stdout}\n{}", String::from_utf8_lossy(&output.stderr))
    });
    println!("modules: {kinds:?}");
    println!("bridge differential on Node: {summary}");
    for failure in stdout.lines().filter(|l| l.starts_with("FAIL")).take(20) {
        println!("    {failure}");
    }
    assert!(summary.contains("\"failed\":0"), "{summary} (see {})", dir.display());
}
