//! The embedding API around executing WebAssembly: calls in both directions, `Caller`, start
//! functions, memories and tables shared between the host and Wasm.

use polymem::{
    Caller, Engine, Error, Extern, Func, FuncType, Instance, Linker, Memory, MemoryType, Module,
    RefType, Store, Table, TableType, TrapCode, Val, ValType,
};

fn module(engine: &Engine, wat: &str) -> Module {
    Module::new(engine, wat::parse_str(wat).expect("valid wat")).expect("valid module")
}

#[test]
fn exported_functions_untyped_and_typed() {
    let engine = Engine::default();
    let mut store = Store::new(&engine, ());
    let m = module(
        &engine,
        r#"(module (func (export "add") (param i32 i32) (result i32)
            (i32.add (local.get 0) (local.get 1))))"#,
    );
    let inst = Instance::new(&mut store, &m, &[]).unwrap();
    let add = inst.get_func(&store, "add").unwrap();
    let mut out = [Val::I32(0)];
    add.call(&mut store, &[Val::I32(40), Val::I32(2)], &mut out).unwrap();
    assert_eq!(out[0], Val::I32(42));
    assert!(add.call(&mut store, &[Val::I32(1)], &mut out).is_err());
    assert!(add.call(&mut store, &[Val::I32(1), Val::f32(1.0)], &mut out).is_err());
    let typed = inst.get_typed_func::<(i32, i32), i32>(&store, "add").unwrap();
    assert_eq!(typed.call(&mut store, (-1, 1)).unwrap(), 0);
}

#[test]
fn multi_value_results() {
    let engine = Engine::default();
    let mut store = Store::new(&engine, ());
    let m = module(
        &engine,
        r#"(module (func (export "swap") (param i64 f64) (result f64 i64)
            local.get 1 local.get 0))"#,
    );
    let inst = Instance::new(&mut store, &m, &[]).unwrap();
    let swap = inst.get_typed_func::<(i64, f64), (f64, i64)>(&store, "swap").unwrap();
    assert_eq!(swap.call(&mut store, (7, 0.5)).unwrap(), (0.5, 7));
}

#[test]
fn host_functions_see_the_calling_instance() {
    let engine = Engine::default();
    let mut store = Store::new(&engine, Vec::<String>::new());
    let mut linker = Linker::new(&engine);
    linker
        .func_wrap("env", "log", |mut caller: Caller<'_, Vec<String>>, ptr: i32, len: i32| {
            let mem = caller.get_export("mem").and_then(Extern::into_memory).unwrap();
            let mut buf = vec![0; len as usize];
            mem.read(&caller, ptr as usize, &mut buf)?;
            caller.data_mut().push(String::from_utf8(buf).unwrap());
            Ok::<(), Error>(())
        })
        .unwrap();
    for text in ["first", "second"] {
        let wat = format!(
            r#"(module
                (import "env" "log" (func $log (param i32 i32)))
                (memory (export "mem") 1)
                (data (i32.const 16) "{text}")
                (func (export "run") (call $log (i32.const 16) (i32.const {}))))"#,
            text.len()
        );
        let inst = linker.instantiate(&mut store, &module(&engine, &wat)).unwrap();
        inst.get_typed_func::<(), ()>(&store, "run").unwrap().call(&mut store, ()).unwrap();
    }
    assert_eq!(store.data(), &["first", "second"]);
}

#[test]
fn host_functions_can_call_back_into_wasm() {
    let engine = Engine::default();
    let mut store = Store::new(&engine, ());
    let mut linker = Linker::new(&engine);
    linker
        .func_wrap("env", "twice", |mut caller: Caller<'_, ()>, x: i32| -> Result<i32, Error> {
            let inc = caller.get_export("inc").and_then(Extern::into_func).unwrap();
            let inc = inc.typed::<i32, i32>(&caller)?;
            let once = inc.call(&mut caller, x)?;
            inc.call(&mut caller, once)
        })
        .unwrap();
    let m = module(
        &engine,
        r#"(module
            (import "env" "twice" (func $twice (param i32) (result i32)))
            (func (export "inc") (param i32) (result i32) (i32.add (local.get 0) (i32.const 1)))
            (func (export "run") (param i32) (result i32) (call $twice (local.get 0))))"#,
    );
    let inst = linker.instantiate(&mut store, &m).unwrap();
    let run = inst.get_typed_func::<i32, i32>(&store, "run").unwrap();
    assert_eq!(run.call(&mut store, 40).unwrap(), 42);
}

#[test]
fn start_function_runs_at_instantiation() {
    let engine = Engine::default();
    let mut store = Store::new(&engine, 0);
    let mut linker = Linker::new(&engine);
    linker.func_wrap("env", "hit", |mut caller: Caller<'_, i32>| *caller.data_mut() += 1).unwrap();
    let m = module(
        &engine,
        r#"(module
            (import "env" "hit" (func $hit))
            (global (export "g") (mut i32) (i32.const 0))
            (func $start (call $hit) (global.set 0 (i32.const 5)))
            (start $start))"#,
    );
    let inst = linker.instantiate(&mut store, &m).unwrap();
    assert_eq!(*store.data(), 1);
    assert_eq!(inst.get_global(&store, "g").unwrap().get(&store), Val::I32(5));
}

#[test]
fn trapping_start_function_fails_instantiation() {
    let engine = Engine::default();
    let mut store = Store::new(&engine, ());
    let m = module(&engine, r#"(module (func $s unreachable) (start $s))"#);
    let err = Instance::new(&mut store, &m, &[]).unwrap_err();
    assert_eq!(err.as_trap(), Some(TrapCode::Unreachable));
}

#[test]
fn traps_and_host_errors_propagate() {
    let engine = Engine::default();
    let mut store = Store::new(&engine, ());
    let mut linker = Linker::new(&engine);
    linker.func_wrap("env", "fail", || -> Result<(), Error> { Err(Error::host("boom")) }).unwrap();
    let m = module(
        &engine,
        r#"(module
            (import "env" "fail" (func $fail))
            (memory 1)
            (func (export "oob") (result i32) (i32.load (i32.const 65535)))
            (func (export "fail") (call $fail)))"#,
    );
    let inst = linker.instantiate(&mut store, &m).unwrap();
    let oob = inst.get_typed_func::<(), i32>(&store, "oob").unwrap();
    assert_eq!(oob.call(&mut store, ()).unwrap_err().as_trap(), Some(TrapCode::MemoryOutOfBounds));
    let fail = inst.get_typed_func::<(), ()>(&store, "fail").unwrap();
    assert_eq!(fail.call(&mut store, ()).unwrap_err().to_string(), "boom");
}

#[test]
fn memory_one_is_shared_with_the_host() {
    let engine = Engine::default();
    let mut store = Store::new(&engine, ());
    let m = module(
        &engine,
        r#"(module
            (memory 1)
            (memory (export "m1") 1 4)
            (func (export "load") (param i32) (result i32) (i32.load 1 (local.get 0)))
            (func (export "store") (param i32 i32) (i32.store 1 (local.get 0) (local.get 1)))
            (func (export "grow") (param i32) (result i32) (memory.grow 1 (local.get 0)))
            (func (export "size") (result i32) (memory.size 1)))"#,
    );
    let inst = Instance::new(&mut store, &m, &[]).unwrap();
    let m1 = inst.get_memory(&store, "m1").unwrap();
    let load = inst.get_typed_func::<i32, i32>(&store, "load").unwrap();
    let store_fn = inst.get_typed_func::<(i32, i32), ()>(&store, "store").unwrap();
    let grow = inst.get_typed_func::<i32, i32>(&store, "grow").unwrap();
    let size = inst.get_typed_func::<(), i32>(&store, "size").unwrap();

    m1.write(&mut store, 8, &0x1234_5678u32.to_le_bytes()).unwrap();
    assert_eq!(load.call(&mut store, 8).unwrap(), 0x1234_5678);
    store_fn.call(&mut store, (100, -1)).unwrap();
    assert_eq!(&m1.data(&store)[100..104], &[0xff; 4]);

    assert_eq!(grow.call(&mut store, 1).unwrap(), 1);
    assert_eq!(m1.size(&store), 2);
    m1.grow(&mut store, 1).unwrap();
    assert_eq!(size.call(&mut store, ()).unwrap(), 3, "host growth is seen by Wasm");
    m1.write(&mut store, 2 * 65536, &7i32.to_le_bytes()).unwrap();
    assert_eq!(load.call(&mut store, 2 * 65536).unwrap(), 7);
    assert_eq!(grow.call(&mut store, 2).unwrap(), -1, "past the maximum");
}

#[test]
fn the_same_memory_imported_twice_aliases_in_wasm() {
    let engine = Engine::default();
    let mut store = Store::new(&engine, ());
    let mem = Memory::new(&mut store, MemoryType::new(1, None)).unwrap();
    let m = module(
        &engine,
        r#"(module
            (import "env" "mem" (memory 1))
            (import "env" "mem" (memory 1))
            (func (export "roundtrip") (param i32) (result i32)
                (i32.store 0 (i32.const 4) (local.get 0))
                (i32.load 1 (i32.const 4)))
            (func (export "grow0") (result i32) (drop (memory.grow 0 (i32.const 1))) (memory.size 1)))"#,
    );
    let inst = Instance::new(&mut store, &m, &[mem.into(), mem.into()]).unwrap();
    let roundtrip = inst.get_typed_func::<i32, i32>(&store, "roundtrip").unwrap();
    assert_eq!(roundtrip.call(&mut store, 99).unwrap(), 99);
    let grow0 = inst.get_typed_func::<(), i32>(&store, "grow0").unwrap();
    assert_eq!(grow0.call(&mut store, ()).unwrap(), 2);
    assert_eq!(mem.size(&store), 2);
}

#[test]
fn call_indirect_reaches_host_functions_set_by_the_host() {
    let engine = Engine::default();
    let mut store = Store::new(&engine, ());
    let table =
        Table::new(&mut store, TableType::new(RefType::FuncRef, 2, None), Val::FuncRef(None))
            .unwrap();
    let m = module(
        &engine,
        r#"(module
            (import "env" "t" (table 2 funcref))
            (type $t (func (param i32) (result i32)))
            (func (export "call") (param i32 i32) (result i32)
                (call_indirect (type $t) (local.get 1) (local.get 0))))"#,
    );
    let inst = Instance::new(&mut store, &m, &[table.into()]).unwrap();
    let square = Func::wrap(&mut store, |x: i32| x * x);
    table.set(&mut store, 1, Val::FuncRef(Some(square))).unwrap();
    let call = inst.get_typed_func::<(i32, i32), i32>(&store, "call").unwrap();
    assert_eq!(call.call(&mut store, (1, 9)).unwrap(), 81);
    let err = call.call(&mut store, (0, 9)).unwrap_err();
    assert_eq!(err.to_string(), "uninitialized element");
    let wrong = Func::new(&mut store, FuncType::new([], []), |_, _, _| Ok(()));
    table.set(&mut store, 0, Val::FuncRef(Some(wrong))).unwrap();
    assert_eq!(call.call(&mut store, (0, 9)).unwrap_err().as_trap(), Some(TrapCode::BadSignature));
}

#[test]
fn funcrefs_returned_by_wasm_are_callable() {
    let engine = Engine::default();
    let mut store = Store::new(&engine, ());
    let m = module(
        &engine,
        r#"(module
            (func $seven (result i32) i32.const 7)
            (elem declare func $seven)
            (func (export "get") (result funcref) ref.func $seven))"#,
    );
    let inst = Instance::new(&mut store, &m, &[]).unwrap();
    let get = inst.get_typed_func::<(), Option<Func>>(&store, "get").unwrap();
    let seven = get.call(&mut store, ()).unwrap().expect("non-null");
    assert_eq!(seven.typed::<(), i32>(&store).unwrap().call(&mut store, ()).unwrap(), 7);
}

#[test]
fn functions_of_a_failed_instance_stay_callable() {
    let engine = Engine::default();
    let mut store = Store::new(&engine, ());
    let table =
        Table::new(&mut store, TableType::new(RefType::FuncRef, 1, None), Val::FuncRef(None))
            .unwrap();
    let m = module(
        &engine,
        r#"(module
            (import "env" "t" (table 1 funcref))
            (memory 0)
            (func $f (result i32) i32.const 11)
            (elem (i32.const 0) $f)
            (data (i32.const 0) "x"))"#,
    );
    let err = Instance::new(&mut store, &m, &[table.into()]).unwrap_err();
    assert_eq!(err.as_trap(), Some(TrapCode::MemoryOutOfBounds));
    let Some(Val::FuncRef(Some(f))) = table.get(&store, 0) else { panic!("element kept") };
    let mut out = [Val::I32(0)];
    f.call(&mut store, &[], &mut out).unwrap();
    assert_eq!(out[0], Val::I32(11));
}

#[test]
fn dynamic_host_function_signature_is_enforced_in_wasm() {
    let engine = Engine::default();
    let mut store = Store::new(&engine, ());
    let ty = FuncType::new([ValType::I32], [ValType::I64]);
    let f = Func::new(&mut store, ty, |_, params, results| {
        results[0] = Val::I64(i64::from(params[0].i32().unwrap()) << 32);
        Ok(())
    });
    let m = module(
        &engine,
        r#"(module
            (import "env" "f" (func $f (param i32) (result i64)))
            (func (export "run") (result i64) (call $f (i32.const 1))))"#,
    );
    let inst = Instance::new(&mut store, &m, &[f.into()]).unwrap();
    let run = inst.get_typed_func::<(), i64>(&store, "run").unwrap();
    assert_eq!(run.call(&mut store, ()).unwrap(), 1 << 32);
}
