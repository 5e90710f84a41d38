//! Runs exported functions on polymem and prints each outcome, for the tests that compare a
//! module with its lowering (`tail_wide.rs`, `memory64_single.rs`).

use polymem::{Config, Engine, Instance, Module, Store, Val};

/// Runs the calls in order on one instance of `wasm` and prints each outcome: the results
/// (`[I32(1)]`) or the trap message.
pub fn run(wasm: &[u8], config: &Config, calls: &[(&str, Vec<Val>)]) -> Vec<String> {
    let engine = Engine::new(config);
    let module = Module::new(&engine, wasm).expect("module compiles");
    let mut store = Store::new(&engine, ());
    let instance = Instance::new(&mut store, &module, &[]).expect("instantiates");
    calls
        .iter()
        .map(|(name, args)| {
            let func = instance.get_func(&store, name).expect("exported");
            let mut results = vec![Val::I32(0); func.ty(&store).results().len()];
            match func.call(&mut store, args, &mut results) {
                Ok(()) => format!("{results:?}"),
                Err(error) => error.to_string(),
            }
        })
        .collect()
}
