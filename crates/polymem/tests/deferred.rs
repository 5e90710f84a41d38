//! `Translation::Deferred`: function bodies validated on their first call, every other check
//! still made by `Module::new`, and the same errors as the validating modes.

use polymem::{Config, Engine, Instance, Module, Store, Translation};

fn engine(translation: Translation) -> Engine {
    let mut config = Config::default();
    config.translation(translation);
    Engine::new(&config)
}

/// A valid function and one whose body is invalid (it leaves an `i64` where an `i32` is due).
const ONE_INVALID_BODY: &str = r#"(module
  (func (export "good") (result i32) (i32.const 7))
  (func (export "bad") (result i32) (i64.const 1)))"#;

#[test]
fn an_invalid_body_is_reported_by_its_first_call() {
    let wasm = wat::parse_str(ONE_INVALID_BODY).unwrap();
    let at_new = Module::new(&engine(Translation::Lazy), &wasm).unwrap_err().to_string();
    let eager = Module::new(&engine(Translation::Eager), &wasm).unwrap_err().to_string();
    assert_eq!(at_new, eager);
    assert!(at_new.contains("type mismatch"), "{at_new}");

    let engine = engine(Translation::Deferred);
    let module = Module::new(&engine, &wasm).expect("bodies are not validated yet");
    // `Module::validate` keeps checking every body whatever the engine's translation mode.
    assert_eq!(Module::validate(&engine, &wasm).unwrap_err().to_string(), at_new);
    let mut store = Store::new(&engine, ());
    let instance = Instance::new(&mut store, &module, &[]).unwrap();
    let good = instance.get_typed_func::<(), i32>(&store, "good").unwrap();
    assert_eq!(good.call(&mut store, ()).unwrap(), 7);
    let bad = instance.get_typed_func::<(), i32>(&store, "bad").unwrap();
    let error = bad.call(&mut store, ()).unwrap_err().to_string();
    assert!(error.contains(&at_new), "{error} does not report {at_new}");
    // The failure is remembered: a second call reports it again, the store keeps working.
    assert_eq!(bad.call(&mut store, ()).unwrap_err().to_string(), error);
    assert_eq!(good.call(&mut store, ()).unwrap(), 7);
    assert!(module.function_ir(1).unwrap().is_err());
}

#[test]
fn everything_but_the_bodies_is_still_checked_by_module_new() {
    // An export of a missing function, and a body count that does not match the functions.
    for wat in [
        r#"(module (func) (export "f" (func 3)))"#,
        r#"(module (memory 1) (data (memory 1) (i32.const 0) "x") (func))"#,
    ] {
        let wasm = wat::parse_str(wat).unwrap();
        let lazy = Module::new(&engine(Translation::Lazy), &wasm).unwrap_err().to_string();
        let deferred = Module::new(&engine(Translation::Deferred), &wasm).unwrap_err().to_string();
        assert_eq!(lazy, deferred);
    }
}
