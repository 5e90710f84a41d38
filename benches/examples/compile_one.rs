//! Compiles one module on one engine and nothing else (no instantiation, no call), for
//! profiling translation: `cargo run --release -p polymem-bench --example compile_one --
//! polymem|wasmi FILE lazy|eager|deferred` (`deferred`: bodies validated on first call, polymem's
//! `Translation::Deferred` against wasmi's `CompilationMode::Lazy`).
//!
//! Unlike `run_one`, the module needs no export of a given signature and may have imports, so
//! any module serves (e.g. the lowering bench's 5 MB `js/lowering-bench/large/out/large.wasm`).
//! `valgrind --tool=callgrind target/release/examples/compile_one wasmi FILE eager` counts
//! wasmi's `CompilationMode::Eager`; `callgrind_annotate --inclusive=yes` gives `Module::new`.
//!
//! `compile_one polymem FILE first-calls` splits what lazy translation costs: `lazy_module_new`
//! (validation of every body) and `translate_every_body` (each function's translation on its
//! first call, done here for all of them through `Module::function_ir`).

use polymem_bench::{EngineKind, SetupMode, engines};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [engine, file, mode] = args.as_slice() else {
        eprintln!("usage: compile_one polymem|wasmi FILE lazy|eager|deferred|first-calls");
        std::process::exit(2);
    };
    let mode = match mode.as_str() {
        "eager" => SetupMode::Eager,
        "lazy" => SetupMode::Lazy,
        "deferred" => SetupMode::Deferred,
        "first-calls" => SetupMode::Lazy,
        other => fail(&format!("unknown mode {other}: expected lazy, eager or deferred")),
    };
    let kind = match engine.as_str() {
        "polymem" => EngineKind::Polymem,
        "wasmi" => EngineKind::Wasmi,
        other => fail(&format!("unknown engine {other}: expected polymem or wasmi")),
    };
    let wasm = std::fs::read(file).unwrap_or_else(|e| fail(&format!("{file}: {e}")));
    let wasm = wat::parse_bytes(&wasm).unwrap_or_else(|e| fail(&e.to_string())).into_owned();
    if args[2] == "first-calls" {
        let module = lazy_module_new(&wasm);
        println!("{engine}: {} bodies translated", translate_every_body(&module));
        return;
    }
    match engines::compile(kind, mode, &wasm) {
        Ok(imports) => println!("{engine}: {imports} imports"),
        Err(error) => fail(&error.to_string()),
    }
}

/// `Module::new` with lazy translation (every body validated, none translated).
#[inline(never)]
fn lazy_module_new(wasm: &[u8]) -> polymem::Module {
    let mut config = polymem::Config::default();
    config.multi_memory(true).translation(polymem::Translation::Lazy);
    let engine = polymem::Engine::new(&config);
    polymem::Module::new(&engine, wasm).unwrap_or_else(|e| fail(&e.to_string()))
}

/// Translates every body of `module` as its first call would; returns how many.
#[inline(never)]
fn translate_every_body(module: &polymem::Module) -> usize {
    let mut count = 0;
    for index in 0.. {
        match module.function_ir(index) {
            Some(Ok(_)) => count += 1,
            Some(Err(e)) => fail(&e.to_string()),
            None if index < module.imports().count() as u32 => {}
            None => break,
        }
    }
    count
}

fn fail(message: &str) -> ! {
    eprintln!("error: {message}");
    std::process::exit(1);
}
