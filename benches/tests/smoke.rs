//! Every workload once at its tiny size on polymem and on wasmi: the results must be equal. Keeps
//! the harness and the workloads honest without timing anything.
//!
//! Each test runs on a thread with a 1 GiB stack (reserved, touched only as needed): wasmi 2.0's
//! dispatch relies on tail calls, which the test profile (debug assertions on) does not always
//! get, so its handlers grow the native stack with the work done; a default 2 MiB test thread
//! overflows on `fib(20)`. Release builds are not affected.

use polymem_bench::engines::compare;
use polymem_bench::workloads::{MEMORY_PAIRS, WORKLOADS, Workload};
use polymem_bench::{EngineKind, Instantiated, SetupMode, Size};

fn on_big_stack(test: impl FnOnce() + Send + 'static) {
    let thread = std::thread::Builder::new().stack_size(1 << 30).spawn(test).expect("spawns");
    if let Err(panic) = thread.join() {
        std::panic::resume_unwind(panic);
    }
}

fn workload(name: &str) -> &'static Workload {
    WORKLOADS.iter().find(|w| w.name == name).expect("listed")
}

fn call(engine: EngineKind, w: &Workload, param: i32) -> i64 {
    let wasm = w.wasm().expect("workload module");
    let mut instance =
        Instantiated::new(engine, SetupMode::Eager, &wasm, w.export).expect("instantiates");
    instance.call(param).unwrap_or_else(|e| panic!("{} on {}: {e}", w.name, engine.name()))
}

#[test]
fn every_workload_agrees_on_both_engines() {
    on_big_stack(|| {
        for w in WORKLOADS {
            let wasm = w.wasm().expect("workload module");
            let c = compare(w.name, &wasm, w.export, w.param(Size::Tiny), 1)
                .unwrap_or_else(|e| panic!("{e}"));
            assert_ne!(c.result, -1, "{}: the kernel's self-check failed", w.name);
        }
    });
}

#[test]
fn memory_0_and_memory_1_variants_compute_the_same() {
    on_big_stack(|| {
        for (mem0, mem1) in MEMORY_PAIRS {
            let (w0, w1) = (workload(mem0), workload(mem1));
            for engine in EngineKind::ALL {
                let r0 = call(engine, w0, w0.param(Size::Tiny));
                let r1 = call(engine, w1, w1.param(Size::Tiny));
                assert_eq!(r0, r1, "{mem0} vs {mem1} on {}", engine.name());
            }
        }
    });
}

#[test]
fn known_answers() {
    on_big_stack(|| {
        for engine in EngineKind::ALL {
            assert_eq!(call(engine, workload("fib"), 20), 6765, "fib(20) on {}", engine.name());
            // sha256(0) hashes the empty message: e3b0c442 98fc1c14 ...
            let empty = call(engine, workload("sha256"), 0) as u64;
            assert_eq!(empty, 0xe3b0_c442_98fc_1c14, "sha256 on {}", engine.name());
        }
    });
}
