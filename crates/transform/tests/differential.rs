//! Differential test against wasmi (which has multi-memory): random modules with 2–4 private
//! memories and random call sequences must give the same results and traps before and after
//! lowering, with the lowered module run with multi-memory switched off. Each module is lowered
//! with the default form of the explicit checks (`CheckForm::BrIf`: a `br_if` to a trap block
//! around the body) and every fourth module also with the checks branchless (`Select`: the
//! address replaced by one that traps), as `if`s (`Branch`), with shared helpers outside loops
//! (`HelpersOutsideLoops`: these straight-line functions call them) or with helpers everywhere
//! (`Helpers`); each form gets the same calls.

mod common;

use common::{Rng, call, generate};
use polymem_transform::{CheckForm, LowerOptions, lower_memories};
use std::fmt::Write as _;
use wasmi::{Config, Engine, Instance, Linker, Module, Store, Val};

fn instantiate(wasm: &[u8], multi_memory: bool) -> (Store<()>, Result<Instance, String>) {
    let mut config = Config::default();
    config.wasm_multi_memory(multi_memory);
    config.wasm_memory64(multi_memory);
    let engine = Engine::new(&config);
    let module = Module::new(&engine, wasm).expect("compiles");
    let mut store = Store::new(&engine, ());
    let instance = Linker::<()>::new(&engine).instantiate_and_start(&mut store, &module);
    (store, instance.map_err(|e| format!("{:?}", e.as_trap_code())))
}

fn outcome(
    store: &mut Store<()>,
    instance: &Instance,
    name: &str,
    args: &[Val],
    results: usize,
) -> String {
    let func = instance.get_func(&*store, name).expect("export");
    let mut out = vec![Val::I32(0); results];
    match func.call(&mut *store, args, &mut out) {
        Ok(()) => format!("{out:?}"),
        Err(e) => format!("trap {:?}", e.as_trap_code()),
    }
}

#[test]
fn lowering_matches_wasmi_on_random_programs() {
    // wasmi's executor wants more stack than a test thread's default.
    std::thread::Builder::new().stack_size(256 << 20).spawn(run_cases).unwrap().join().unwrap();
}

fn run_cases() {
    // (steps on 64-bit memories that returned, that trapped), modules with a 64-bit memory.
    let (mut wide_ok, mut wide_trap, mut wide_modules) = (0, 0, 0);
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    for case in 0..60 {
        let (src, shape) = generate(&mut rng, false);
        wide_modules += u32::from(shape.is64.iter().any(|&w| w));
        // The same calls for every form: the generator's state after `generate`.
        let calls = rng.0;
        // The default form on every module, each other one on a third of them (time).
        let other = [
            CheckForm::Select,
            CheckForm::Branch,
            CheckForm::HelpersOutsideLoops,
            CheckForm::Helpers,
        ][case as usize % 4];
        for form in [CheckForm::BrIf, other] {
            rng = Rng(calls);
            let (ok, trapped) = compare(case, &src, &shape, form, &mut rng);
            (wide_ok, wide_trap) = (wide_ok + ok, wide_trap + trapped);
        }
    }
    println!(
        "64-bit memories: {wide_modules} modules, {wide_ok} accesses returned, {wide_trap} trapped"
    );
    assert!(wide_ok > 0 && wide_trap > 0);
}

/// Runs one module and its lowering (checks placed by `form`) on 300 random calls and compares
/// every result and the memories' contents; returns the calls on 64-bit memories that
/// returned and that trapped.
fn compare(
    case: u32,
    src: &str,
    shape: &common::Shape,
    form: CheckForm,
    rng: &mut Rng,
) -> (u32, u32) {
    let (mut wide_ok, mut wide_trap) = (0, 0);
    let wasm = wat::parse_str(src).unwrap();
    let mut options = LowerOptions::default();
    options.check_form = form;
    let lowered = lower_memories(&wasm, &options).unwrap();
    let (mut store_a, original) = instantiate(&wasm, true);
    let (mut store_b, lowered) = instantiate(&lowered, false);
    let (original, lowered) = match (original, lowered) {
        (Ok(a), Ok(b)) => (a, b),
        (Err(a), Err(b)) => {
            assert_eq!(a, b, "case {case} ({form:?}): instantiation traps differ\n{src}");
            return (0, 0);
        }
        (a, b) => panic!(
            "case {case} ({form:?}): instantiation differs: {:?} vs {:?}\n{src}",
            a.err(),
            b.err()
        ),
    };
    let mut log = String::new();
    for step in 0..300 {
        let (name, args, results) = call(rng, shape);
        let a = outcome(&mut store_a, &original, &name, &args, results);
        let b = outcome(&mut store_b, &lowered, &name, &args, results);
        writeln!(log, "{name}{args:?} -> {a}").unwrap();
        if matches!(args.first(), Some(Val::I64(_))) {
            if a.starts_with("trap") { wide_trap += 1 } else { wide_ok += 1 }
        }
        assert_eq!(a, b, "case {case} ({form:?}) step {step}: {name}{args:?}\n{log}\n{src}");
    }
    for i in 0..shape.memories {
        let name = format!("sum_{i}");
        let a = outcome(&mut store_a, &original, &name, &[], 1);
        let b = outcome(&mut store_b, &lowered, &name, &[], 1);
        assert_eq!(a, b, "case {case} ({form:?}): memory {i} contents differ\n{log}\n{src}");
    }
    (wide_ok, wide_trap)
}
