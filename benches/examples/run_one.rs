//! Runs one workload export on one engine, for profilers:
//! `cargo run --release -p polymem-bench --example run_one -- polymem|wasmi FILE EXPORT PARAM`.
//!
//! `valgrind --tool=callgrind target/release/examples/run_one wasmi m.wasm int_loop 100000`
//! counts the instructions of both engines on the same call. A fifth argument `eager` translates
//! every function in `Module::new` (polymem `Translation::Eager`, wasmi `CompilationMode::Eager`):
//! `run_one polymem m.wasm fib 1 eager` against `... fib 1` counts the eager translation.

use polymem_bench::engines::Instantiated;
use polymem_bench::{EngineKind, SetupMode};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (mode, args) = match args.split_last() {
        Some((last, rest)) if last == "eager" => (SetupMode::Eager, rest),
        _ => (SetupMode::Lazy, args.as_slice()),
    };
    let [engine, file, export, param] = args else {
        eprintln!("usage: run_one polymem|wasmi FILE EXPORT PARAM [eager]");
        std::process::exit(2);
    };
    let engine = match engine.as_str() {
        "polymem" => EngineKind::Polymem,
        "wasmi" => EngineKind::Wasmi,
        other => {
            eprintln!("unknown engine {other}: expected polymem or wasmi");
            std::process::exit(2);
        }
    };
    let outcome = std::fs::read(file).map_err(|e| format!("{file}: {e}").into()).and_then(|wasm| {
        let wasm = wat::parse_bytes(&wasm).map_err(|e| e.to_string())?.into_owned();
        let param: i32 = param.parse().map_err(|_| format!("not an i32: {param}"))?;
        Instantiated::new(engine, mode, &wasm, export)?.call(param)
    });
    match outcome {
        Ok(value) => println!("{value}"),
        Err(error) => {
            eprintln!("error: {error}");
            std::process::exit(1);
        }
    }
}
