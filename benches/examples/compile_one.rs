//! Compiles one module on one engine and nothing else (no instantiation, no call), for
//! profiling translation: `cargo run --release -p polymem-bench --example compile_one --
//! polymem|wasmi FILE lazy|eager`.
//!
//! Unlike `run_one`, the module needs no export of a given signature and may have imports, so
//! any module serves (e.g. the lowering bench's 5 MB `js/lowering-bench/large/out/large.wasm`).
//! `valgrind --tool=callgrind target/release/examples/compile_one wasmi FILE eager` counts
//! wasmi's `CompilationMode::Eager`; `callgrind_annotate --inclusive=yes` gives `Module::new`.

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [engine, file, mode] = args.as_slice() else {
        eprintln!("usage: compile_one polymem|wasmi FILE lazy|eager");
        std::process::exit(2);
    };
    let eager = match mode.as_str() {
        "eager" => true,
        "lazy" => false,
        other => fail(&format!("unknown mode {other}: expected lazy or eager")),
    };
    let wasm = std::fs::read(file).unwrap_or_else(|e| fail(&format!("{file}: {e}")));
    let wasm = wat::parse_bytes(&wasm).unwrap_or_else(|e| fail(&e.to_string())).into_owned();
    match engine.as_str() {
        "polymem" => {
            let mut config = polymem::Config::default();
            config.multi_memory(true).translation(if eager {
                polymem::Translation::Eager
            } else {
                polymem::Translation::Lazy
            });
            let engine = polymem::Engine::new(&config);
            let module =
                polymem::Module::new(&engine, &wasm).unwrap_or_else(|e| fail(&e.to_string()));
            println!("polymem: {} imports", module.imports().count());
        }
        "wasmi" => {
            let mut config = wasmi::Config::default();
            config.wasm_multi_memory(true).compilation_mode(if eager {
                wasmi::CompilationMode::Eager
            } else {
                wasmi::CompilationMode::LazyTranslation
            });
            let engine = wasmi::Engine::new(&config);
            let module =
                wasmi::Module::new(&engine, &wasm).unwrap_or_else(|e| fail(&e.to_string()));
            println!("wasmi: {} imports", module.imports().count());
        }
        other => fail(&format!("unknown engine {other}: expected polymem or wasmi")),
    }
}

fn fail(message: &str) -> ! {
    eprintln!("error: {message}");
    std::process::exit(1);
}
