//! Criterion benches grouped as translate / instantiate / execute, polymem beside wasmi:
//! `cargo bench -p polymem-bench --bench execute [-- FILTER]`.
//!
//! `translate` compiles the Rust workloads module (lazy and eager), `instantiate` instantiates a
//! compiled module, and `execute` calls each workload at its `--quick` size on a warm instance.

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use polymem_bench::{EngineKind, Instantiated, SetupMode, Size, WORKLOADS, workloads::RUST_WASM};
use std::hint::black_box;
use std::time::Duration;

fn translate(c: &mut Criterion) {
    let mut group = c.benchmark_group("translate");
    let modes =
        [(SetupMode::Lazy, "lazy"), (SetupMode::Eager, "eager"), (SetupMode::Deferred, "deferred")];
    for (mode, name) in modes {
        group.bench_function(BenchmarkId::new("polymem", name), |b| {
            let mut config = polymem::Config::default();
            config.translation(match mode {
                SetupMode::Lazy => polymem::Translation::Lazy,
                SetupMode::Eager => polymem::Translation::Eager,
                SetupMode::Deferred => polymem::Translation::Deferred,
            });
            let engine = polymem::Engine::new(&config);
            b.iter(|| polymem::Module::new(&engine, black_box(RUST_WASM)).expect("valid module"));
        });
        group.bench_function(BenchmarkId::new("wasmi", name), |b| {
            let mut config = wasmi::Config::default();
            config.compilation_mode(match mode {
                SetupMode::Lazy => wasmi::CompilationMode::LazyTranslation,
                SetupMode::Eager => wasmi::CompilationMode::Eager,
                SetupMode::Deferred => wasmi::CompilationMode::Lazy,
            });
            let engine = wasmi::Engine::new(&config);
            b.iter(|| wasmi::Module::new(&engine, black_box(RUST_WASM)).expect("valid module"));
        });
    }
    group.finish();
}

fn instantiate(c: &mut Criterion) {
    let mut group = c.benchmark_group("instantiate");
    group.bench_function("polymem", |b| {
        let engine = polymem::Engine::default();
        let module = polymem::Module::new(&engine, RUST_WASM).expect("valid module");
        b.iter(|| {
            let mut store = polymem::Store::new(&engine, ());
            polymem::Instance::new(&mut store, &module, &[]).expect("instantiates");
            store
        });
    });
    group.bench_function("wasmi", |b| {
        let engine = wasmi::Engine::default();
        let module = wasmi::Module::new(&engine, RUST_WASM).expect("valid module");
        let linker = wasmi::Linker::<()>::new(&engine);
        b.iter(|| {
            let mut store = wasmi::Store::new(&engine, ());
            linker.instantiate_and_start(&mut store, &module).expect("instantiates");
            store
        });
    });
    group.finish();
}

fn execute(c: &mut Criterion) {
    let mut group = c.benchmark_group("execute");
    group.sample_size(10).measurement_time(Duration::from_secs(3));
    for w in WORKLOADS {
        let wasm = w.wasm().expect("workload module");
        let param = w.param(Size::Quick);
        for engine in EngineKind::ALL {
            let mut instance = Instantiated::new(engine, SetupMode::Lazy, &wasm, w.export)
                .expect("workload instantiates");
            group.bench_function(BenchmarkId::new(w.name, engine.name()), |b| {
                b.iter(|| instance.call(black_box(param)).expect("workload runs"));
            });
        }
    }
    group.finish();
}

criterion_group!(benches, translate, instantiate, execute);
criterion_main!(benches);
