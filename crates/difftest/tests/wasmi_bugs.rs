//! Divergences where wasmi 2.0 is wrong, kept as repros: each must still diverge (an upgrade
//! that fixes wasmi fails here, and the entry goes), and polymem must keep the value that
//! V8 (Node 26, native multi-memory) computes.
//!
//! With the feature `wasmtime` (`cargo test -p polymem-difftest --features wasmtime --test
//! wasmi_bugs`), wasmtime 46 runs too, before wasmi: a report that names wasmi as the engine
//! that differs from polymem says that wasmtime agreed with polymem on every call, memory,
//! global and table. It does on all of these.

use polymem::{Engine, Instance, Module, Store, Val};
use polymem_difftest::compare;

/// Found by `fuzz/` (`differential 20000 60000`): after the six calls below, wasmi reports
/// global `Pߏ` as 1582821454; polymem and V8 say 1588072270 (the same module diverges under
/// the plan of seed 0 too).
const GLOBAL_AFTER_F32_CALLS: &[u8] = include_bytes!("wasmi-bugs/global-after-f32-calls.wasm");

#[test]
fn wasmi_computes_a_different_global_than_v8_and_polymem() {
    let report = std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(|| compare(GLOBAL_AFTER_F32_CALLS, 0).divergence)
        .unwrap()
        .join()
        .unwrap();
    let report = report.expect("wasmi still diverges on this module (fixed upstream?)");
    assert!(report.contains("globals differ: polymem lazy vs wasmi"), "{report}");

    // The calls V8 was given (see the divergence report), then the global.
    let engine = Engine::default();
    let module = Module::new(&engine, GLOBAL_AFTER_F32_CALLS).unwrap();
    let mut store = Store::new(&engine, ());
    let instance = Instance::new(&mut store, &module, &[]).unwrap();
    let calls: [(&str, u32); 6] = [
        ("", 1582250744),
        ("1", 1199570944),
        ("", 1325400064),
        ("1", 1199570688),
        ("", 1166360576),
        ("1", 0),
    ];
    for (name, arg) in calls {
        let func = instance.get_func(&store, name).unwrap();
        let mut out = [Val::I32(0)];
        func.call(&mut store, &[Val::F32(arg)], &mut out).unwrap();
    }
    let global = instance.get_global(&store, "Pߏ").unwrap();
    assert_eq!(global.get(&store), Val::I32(1588072270), "V8's value");
}

/// The generator's module of seed 1963 with traps guarded (`config_without_traps`, the
/// divergence the issue reported): wasmi 2.0 traps `integer divide by zero` on the first call,
/// `""(4208621507729143492, -2147483648, null)`; polymem and V8 (Node 26) return normally.
const DIVIDE_BY_ZERO_GUARDED: &[u8] = include_bytes!("wasmi-bugs/divide-by-zero-guarded.wasm");

#[test]
fn wasmi_traps_divide_by_zero_where_v8_and_polymem_do_not() {
    let report = diverges(DIVIDE_BY_ZERO_GUARDED, 1963);
    assert!(report.contains("call 0 (``) differs: polymem lazy vs wasmi"), "{report}");
    assert!(report.contains("DivideByZero"), "{report}");

    let engine = Engine::default();
    let module = Module::new(&engine, DIVIDE_BY_ZERO_GUARDED).unwrap();
    let mut store = Store::new(&engine, ());
    let instance = Instance::new(&mut store, &module, &[]).unwrap();
    let func = instance.get_func(&store, "").unwrap();
    let args = [Val::I64(4208621507729143492), Val::I32(-2147483648), Val::FuncRef(None)];
    func.call(&mut store, &args, &mut []).expect("V8 returns normally");
}

/// The module of seed 43 with traps guarded: after three calls of `""(null)`, wasmi 2.0 says
/// global `:` is 4342829035314470286; polymem and V8 (Node 26) say -4342829037156490416.
const I64_GLOBAL_GUARDED: &[u8] = include_bytes!("wasmi-bugs/i64-global-guarded.wasm");

#[test]
fn wasmi_computes_a_different_i64_global_than_v8_and_polymem() {
    let report = diverges(I64_GLOBAL_GUARDED, 43);
    assert!(report.contains("globals differ: polymem lazy vs wasmi"), "{report}");

    let engine = Engine::default();
    let module = Module::new(&engine, I64_GLOBAL_GUARDED).unwrap();
    let mut store = Store::new(&engine, ());
    let instance = Instance::new(&mut store, &module, &[]).unwrap();
    let func = instance.get_func(&store, "").unwrap();
    for _ in 0..3 {
        let mut out = [Val::I32(0), Val::I32(0), Val::I32(0)];
        func.call(&mut store, &[Val::ExternRef(None)], &mut out).unwrap();
    }
    let global = instance.get_global(&store, ":").unwrap();
    assert_eq!(global.get(&store), Val::I64(-4342829037156490416), "V8's value");
}

/// Two more modules of the generator with traps guarded (`config_without_traps` with SIMD, tail
/// calls, extended constants and wide arithmetic on; seeds 2319 and 2497 of that
/// configuration), on which wasmi 2.0 traps `integer divide by zero` where polymem and
/// wasmtime return: `""(null)` returns an `f64`, `""(1282756613728048775)` nothing.
const MORE_DIVIDE_BY_ZERO_GUARDED: [(&[u8], u64, Val, usize); 2] = [
    (include_bytes!("wasmi-bugs/divide-by-zero-guarded-f64.wasm"), 2319, Val::ExternRef(None), 1),
    (
        include_bytes!("wasmi-bugs/divide-by-zero-guarded-i64.wasm"),
        2497,
        Val::I64(1282756613728048775),
        0,
    ),
];

#[test]
fn wasmi_traps_divide_by_zero_on_more_guarded_modules() {
    for (wasm, seed, arg, results) in MORE_DIVIDE_BY_ZERO_GUARDED {
        let report = diverges(wasm, seed);
        assert!(report.contains("differs: polymem lazy vs wasmi"), "{report}");
        assert!(report.contains("DivideByZero"), "{report}");
        // The call wasmi traps on (guarded modules cannot trap): polymem returns.
        let engine = Engine::default();
        let module = Module::new(&engine, wasm).unwrap();
        let mut store = Store::new(&engine, ());
        let instance = Instance::new(&mut store, &module, &[]).unwrap();
        let func = instance.get_func(&store, "").unwrap();
        let mut out = vec![Val::I32(0); results];
        func.call(&mut store, &[arg], &mut out).expect("wasmtime returns");
    }
}

/// The divergence report of `wasm` under the plan of `seed` (wasmi wants a large stack).
fn diverges(wasm: &'static [u8], seed: u64) -> String {
    let run = std::thread::Builder::new().stack_size(256 << 20);
    let report = run.spawn(move || compare(wasm, seed).divergence).unwrap().join().unwrap();
    report.expect("wasmi still diverges on this module (fixed upstream?)")
}
