//! `v128` through the embedding API: parameters and results mixed with scalars (two frame
//! cells each), host functions, globals, `TypedFunc`, and the `simd` switch.

use polymem::{
    Config, Engine, Feature, Func, FuncType, Global, GlobalType, Instance, Linker, Module,
    Mutability, Store, V128, Val, ValType,
};

fn module(engine: &Engine, wat: &str) -> Module {
    Module::new(engine, wat::parse_str(wat).expect("valid wat")).expect("valid module")
}

const LANES: u128 = 0x0f0e0d0c_0b0a0908_07060504_03020100;

#[test]
fn v128_params_and_results_sit_between_scalars() {
    let engine = Engine::default();
    let mut store = Store::new(&engine, ());
    let m = module(
        &engine,
        r#"(module
            (func $swap (param i32 v128 i64 v128) (result v128 i64 v128 i32)
              local.get 3 local.get 2 local.get 1 local.get 0)
            (func (export "f") (param i32 v128 i64 v128) (result v128 i64 v128 i32)
              (local v128 f32)
              (local.set 4 (i32x4.add (local.get 1) (local.get 3)))
              (call $swap (local.get 0) (local.get 4) (local.get 2) (local.get 1))))"#,
    );
    let inst = Instance::new(&mut store, &m, &[]).unwrap();
    let f = inst.get_func(&store, "f").unwrap();
    let args = [Val::I32(7), Val::V128(LANES), Val::I64(-1), Val::V128(1)];
    let mut out = [Val::I32(0); 4];
    f.call(&mut store, &args, &mut out).unwrap();
    assert_eq!(out, [Val::V128(LANES), Val::I64(-1), Val::V128(LANES + 1), Val::I32(7)]);
    let typed = inst.get_typed_func::<(i32, V128, i64, V128), (V128, i64, V128, i32)>(&store, "f");
    let (a, b, c, d) = typed.unwrap().call(&mut store, (1, V128(2), 3, V128(4))).unwrap();
    assert_eq!((a, b, c, d), (V128(2), 3, V128(6), 1));
}

#[test]
fn host_functions_take_and_return_v128() {
    let engine = Engine::default();
    let mut store = Store::new(&engine, ());
    let mut linker = Linker::new(&engine);
    let ty = FuncType::new([ValType::I32, ValType::V128], [ValType::V128, ValType::I32]);
    let host = Func::new(&mut store, ty, |_, params, results| {
        let Val::V128(v) = params[1] else { panic!("not a v128") };
        results[0] = Val::V128(v.rotate_left(8));
        results[1] = params[0];
        Ok(())
    });
    linker.define("env", "rot", host).unwrap();
    let m = module(
        &engine,
        r#"(module (import "env" "rot" (func $rot (param i32 v128) (result v128 i32)))
            (func (export "f") (param v128) (result i32 i32) (local $n i32)
              (call $rot (i32.const 5) (local.get 0))
              (local.set $n)
              (i8x16.extract_lane_u 1)
              (local.get $n)))"#,
    );
    let inst = linker.instantiate(&mut store, &m).unwrap();
    let f = inst.get_typed_func::<V128, (i32, i32)>(&store, "f").unwrap();
    // Lane 1 of the rotated vector is the original lane 0.
    assert_eq!(f.call(&mut store, V128(0xab)).unwrap(), (0xab, 5));
}

#[test]
fn v128_globals_hold_both_halves() {
    let engine = Engine::default();
    let mut store = Store::new(&engine, ());
    let imported =
        Global::new(&mut store, GlobalType::new(ValType::V128, Mutability::Var), Val::V128(LANES))
            .unwrap();
    let constant =
        Global::new(&mut store, GlobalType::new(ValType::V128, Mutability::Const), Val::V128(3))
            .unwrap();
    let mut linker = Linker::new(&engine);
    linker.define("env", "g", imported).unwrap();
    linker.define("env", "c", constant).unwrap();
    let m = module(
        &engine,
        r#"(module (import "env" "g" (global $g (mut v128)))
            (import "env" "c" (global $c v128))
            (global $h (export "h") (mut v128) (v128.const i64x2 1 2))
            (global $k (export "k") v128 (global.get $c))
            (func (export "bump")
              (global.set $g (i64x2.add (global.get $g) (global.get $h)))))"#,
    );
    let inst = linker.instantiate(&mut store, &m).unwrap();
    let k = inst.get_global(&store, "k").unwrap();
    assert_eq!(k.get(&store), Val::V128(3));
    inst.get_typed_func::<(), ()>(&store, "bump").unwrap().call(&mut store, ()).unwrap();
    assert_eq!(imported.get(&store), Val::V128(LANES + (2u128 << 64) + 1));
    let h = inst.get_global(&store, "h").unwrap();
    h.set(&mut store, Val::V128(u128::MAX)).unwrap();
    assert_eq!(h.get(&store), Val::V128(u128::MAX));
    assert!(h.set(&mut store, Val::I64(1)).is_err());
}

#[test]
fn disabling_simd_rejects_v128() {
    let mut config = Config::default();
    config.wasm_feature(Feature::Simd, false);
    let engine = Engine::new(&config);
    let wasm = wat::parse_str("(module (func (param v128)))").unwrap();
    assert!(Module::new(&engine, wasm).is_err());
    assert!(Feature::Simd.on_by_default() && Feature::RelaxedSimd.on_by_default());
}
