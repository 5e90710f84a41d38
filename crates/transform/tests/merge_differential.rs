//! Two Rust programs built separately for `wasm32-unknown-unknown` (`tests/merge/programs`:
//! `app` imports functions of `stats`, each has its own memory with its stack and statics at the
//! same addresses) run linked (two instances, `stats` registered for `app`) and merged, on
//! polymem and on wasmi 2.0: the same results. Then the merged module, lowered to one memory,
//! runs on polymem with multi-memory off and on Node.js (the system Node 20 has no
//! multi-memory: the fallback engine the lowering is for): the same results again.

use polymem_transform::merge::{MergeOptions, merge};
use polymem_transform::{LowerOptions, lower_memories};
use std::path::PathBuf;
use std::process::Command;

/// The calls made in every configuration: `run(seed, n)` of `app` (which calls into `stats`),
/// then a few bytes of `app`'s own buffer; `stats` functions where they are exported.
const RUNS: &[(i32, i32)] =
    &[(1, 0), (7, 100), (12345, 5000), (-559038737, 65536), (99, 70000), (7, 100)];
const BYTES: &[i32] = &[0, 1, 99, 4999, 65535, 65536];

/// Builds both programs (release, `panic = abort`), with the outer build's flags removed.
fn build_programs() -> (Vec<u8>, Vec<u8>) {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/merge/programs");
    let target = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("merge-programs");
    let mut build = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    build
        .args(["build", "--release", "--target", "wasm32-unknown-unknown", "--target-dir"])
        .arg(&target)
        .arg("--manifest-path")
        .arg(dir.join("Cargo.toml"));
    for var in [
        "RUSTFLAGS",
        "RUSTC_WRAPPER",
        "RUSTC_WORKSPACE_WRAPPER",
        "CARGO_TARGET_DIR",
        "CARGO_BUILD_TARGET",
        "CARGO_BUILD_RUSTFLAGS",
        "CARGO_ENCODED_RUSTFLAGS",
        "CARGO_LLVM_COV",
    ] {
        build.env_remove(var);
    }
    let status = build.status().expect("cannot run cargo");
    assert!(
        status.success(),
        "building {} failed (is wasm32-unknown-unknown installed?)",
        dir.display()
    );
    let out = target.join("wasm32-unknown-unknown/release");
    let read = |name: &str| std::fs::read(out.join(name)).unwrap();
    (read("merge_stats.wasm"), read("merge_app.wasm"))
}

/// The calls on one engine: polymem's and wasmi's embedding APIs have the same shape
/// (`get_typed_func`, `call`), so one body serves both (`polymem_calls`, `wasmi_calls`).
/// `stats` is the instance with `stats`' exports, if they are exported.
macro_rules! engine_calls {
    ($name:ident, $engine:ident) => {
        fn $name(
            store: &mut $engine::Store<()>,
            app: $engine::Instance,
            stats: Option<$engine::Instance>,
        ) -> Vec<String> {
            let mut out = Vec::new();
            for &(seed, n) in RUNS {
                let run = app.get_typed_func::<(i32, i32), i64>(&*store, "run").unwrap();
                out.push(format!(
                    "run({seed}, {n}) = {:?}",
                    run.call(&mut *store, (seed, n)).map_err(|e| e.to_string())
                ));
                if let Some(stats) = stats {
                    let summary = stats.get_typed_func::<(), i64>(&*store, "summary").unwrap();
                    out.push(format!(
                        "summary = {:?}",
                        summary.call(&mut *store, ()).map_err(|e| e.to_string())
                    ));
                }
            }
            for &i in BYTES {
                let byte = app.get_typed_func::<i32, i32>(&*store, "byte").unwrap();
                let result = byte.call(&mut *store, i).map_err(|e| e.to_string());
                out.push(format!("byte({i}) = {result:?}"));
            }
            out
        }
    };
}
engine_calls!(polymem_calls, polymem);
engine_calls!(wasmi_calls, wasmi);

fn polymem_engine(multi_memory: bool) -> polymem::Engine {
    let mut config = polymem::Config::default();
    config.multi_memory(multi_memory);
    polymem::Engine::new(&config)
}

#[test]
fn separately_built_programs_give_the_same_results_linked_merged_and_lowered() {
    // wasmi's executor wants more stack than a test thread's default.
    let run = std::thread::Builder::new().stack_size(256 << 20).spawn(compare).unwrap();
    run.join().unwrap();
}

fn compare() {
    let (stats, app) = build_programs();
    let mut options = MergeOptions::default();
    options.rename_export_conflicts = true;
    let merged = merge(&[("stats", &stats), ("app", &app)], &options).unwrap();
    // Both programs export `memory`, `__data_end` and `__heap_base`: app's are renamed.
    let renamed: Vec<&str> = merged.renames.iter().map(|r| r.to.as_str()).collect();
    assert_eq!(renamed, ["app.memory", "app.__data_end", "app.__heap_base"]);

    // polymem, linked.
    let engine = polymem_engine(true);
    let mut store = polymem::Store::new(&engine, ());
    let mut linker = polymem::Linker::new(&engine);
    let s =
        linker.instantiate(&mut store, &polymem::Module::new(&engine, &stats).unwrap()).unwrap();
    linker.instance(&mut store, "stats", s).unwrap();
    let a = linker.instantiate(&mut store, &polymem::Module::new(&engine, &app).unwrap()).unwrap();
    let expected = polymem_calls(&mut store, a, Some(s));

    // polymem, merged: one instance has both programs' exports.
    let mut store = polymem::Store::new(&engine, ());
    let module = polymem::Module::new(&engine, &merged.wasm).unwrap();
    let m = polymem::Linker::new(&engine).instantiate(&mut store, &module).unwrap();
    assert_eq!(polymem_calls(&mut store, m, Some(m)), expected, "polymem merged");

    // wasmi, linked and merged.
    let engine = wasmi::Engine::default();
    let mut store = wasmi::Store::new(&engine, ());
    let mut linker = wasmi::Linker::new(&engine);
    let s = linker
        .instantiate_and_start(&mut store, &wasmi::Module::new(&engine, &stats).unwrap())
        .unwrap();
    linker.instance(&mut store, "stats", s).unwrap();
    let a = linker
        .instantiate_and_start(&mut store, &wasmi::Module::new(&engine, &app).unwrap())
        .unwrap();
    assert_eq!(wasmi_calls(&mut store, a, Some(s)), expected, "wasmi linked");
    let mut store = wasmi::Store::new(&engine, ());
    let module = wasmi::Module::new(&engine, &merged.wasm).unwrap();
    let m = wasmi::Linker::new(&engine).instantiate_and_start(&mut store, &module).unwrap();
    assert_eq!(wasmi_calls(&mut store, m, Some(m)), expected, "wasmi merged");

    // Lowered: `stats` merged in as a private part (its exports hidden), so its memory is
    // private and only app's exported memory stays, in place at byte 0 of the one memory.
    let mut options = MergeOptions::default();
    options.hide_exports = vec!["stats".into()];
    let private = merge(&[("stats", &stats), ("app", &app)], &options).unwrap().wasm;
    let lowered = lower_memories(&private, &LowerOptions::default()).unwrap();
    let engine = polymem_engine(false);
    let mut store = polymem::Store::new(&engine, ());
    let module = polymem::Module::new(&engine, &lowered).unwrap();
    let l = polymem::Linker::new(&engine).instantiate(&mut store, &module).unwrap();
    let without_stats: Vec<String> =
        expected.iter().filter(|line| !line.starts_with("summary")).cloned().collect();
    assert_eq!(polymem_calls(&mut store, l, None), without_stats, "lowered, multi-memory off");
    assert_eq!(node_calls(&lowered), without_stats, "lowered, on Node.js");
    eprintln!(
        "stats {} bytes + app {} bytes -> merged {} bytes -> lowered {} bytes; {} calls equal",
        stats.len(),
        app.len(),
        merged.wasm.len(),
        lowered.len(),
        expected.len()
    );
}

/// The same calls (without `stats`' own exports) on Node.js, printed in the format of
/// [`polymem_calls`]. A trap's message differs between engines; none of these calls traps.
fn node_calls(lowered: &[u8]) -> Vec<String> {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("merge-node");
    std::fs::create_dir_all(&dir).unwrap();
    let wasm = dir.join("merged-lowered.wasm");
    std::fs::write(&wasm, lowered).unwrap();
    let runs: Vec<String> = RUNS.iter().map(|(seed, n)| format!("[{seed}, {n}]")).collect();
    let bytes: Vec<String> = BYTES.iter().map(i32::to_string).collect();
    let script = format!(
        "const bytes = require('fs').readFileSync(process.argv[1]);
const {{ exports }} = new WebAssembly.Instance(new WebAssembly.Module(bytes), {{}});
for (const [seed, n] of [{}]) console.log(`run(${{seed}}, ${{n}}) = Ok(${{exports.run(seed, n)}})`);
for (const i of [{}]) console.log(`byte(${{i}}) = Ok(${{exports.byte(i)}})`);",
        runs.join(", "),
        bytes.join(", ")
    );
    let node = std::env::var("NODE").unwrap_or_else(|_| "node".into());
    let out =
        Command::new(&node).arg("-e").arg(&script).arg(&wasm).output().unwrap_or_else(|e| {
            panic!("cannot run `{node}` (Node.js is required for this test): {e}")
        });
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "node failed: {}{stdout}", String::from_utf8_lossy(&out.stderr));
    stdout.lines().map(str::to_owned).collect()
}
