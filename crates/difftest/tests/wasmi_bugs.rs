//! Divergences where wasmi 2.0 is wrong, kept as repros: each must still diverge (an upgrade
//! that fixes wasmi fails here, and the entry goes), and polymem must keep the value that
//! V8 (Node 26, native multi-memory) computes.

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
