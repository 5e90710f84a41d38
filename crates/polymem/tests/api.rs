//! The embedding API without executing WebAssembly code: host items, linking and
//! instantiation of modules whose initialisation needs no function calls (those tests are in
//! `api/linking.rs`).

#[path = "api/linking.rs"]
mod linking;

use polymem::{
    Caller, Engine, Error, ErrorKind, ExternRef, Func, FuncType, Global, GlobalType, Memory,
    MemoryType, Module, Mutability, RefType, Store, StoreLimits, Table, TableType, TrapCode, Val,
    ValType,
};

const PAGE: usize = 65536;

fn module(engine: &Engine, wat: &str) -> Module {
    Module::new(engine, wat::parse_str(wat).expect("valid wat")).expect("valid module")
}

fn link_message(err: &Error) -> &str {
    match err.kind() {
        ErrorKind::Link(m) => m,
        other => panic!("expected a link error, got {other:?}"),
    }
}

// ---- memories ----

#[test]
fn memory_create_grow_and_limits() {
    let mut store = Store::new(&Engine::default(), ());
    let mem = Memory::new(&mut store, MemoryType::new(1, Some(3))).unwrap();
    assert_eq!(mem.size(&store), 1);
    assert_eq!(mem.data_size(&store), PAGE);
    assert_eq!(mem.ty(&store), MemoryType::new(1, Some(3)));
    assert_eq!(mem.grow(&mut store, 1).unwrap(), 1);
    assert_eq!(mem.size(&store), 2);
    assert!(mem.grow(&mut store, 2).is_err(), "growth past the maximum fails");
    assert_eq!(mem.size(&store), 2, "failed growth changes nothing");
    assert_eq!(mem.grow(&mut store, 1).unwrap(), 2);
    assert_eq!(mem.grow(&mut store, 0).unwrap(), 3, "growing by 0 at the maximum works");
    assert_eq!(mem.data(&store).len(), 3 * PAGE);
}

#[test]
fn memory_growth_is_zero_filled() {
    let mut store = Store::new(&Engine::default(), ());
    let mem = Memory::new(&mut store, MemoryType::new(1, None)).unwrap();
    mem.data_mut(&mut store).fill(0xAB);
    mem.grow(&mut store, 2).unwrap();
    let data = mem.data(&store);
    assert!(data[..PAGE].iter().all(|&b| b == 0xAB));
    assert!(data[PAGE..].iter().all(|&b| b == 0), "new pages are zero");
}

#[test]
fn memory_read_write_and_bounds() {
    let mut store = Store::new(&Engine::default(), ());
    let mem = Memory::new(&mut store, MemoryType::new(1, None)).unwrap();
    mem.write(&mut store, 100, b"hello").unwrap();
    let mut buf = [0u8; 5];
    mem.read(&store, 100, &mut buf).unwrap();
    assert_eq!(&buf, b"hello");
    mem.write(&mut store, PAGE - 2, b"ab").unwrap();

    let err = mem.write(&mut store, PAGE - 2, b"abc").unwrap_err();
    assert_eq!(err.as_trap(), Some(TrapCode::MemoryOutOfBounds));
    assert_eq!(&mem.data(&store)[PAGE - 2..], b"ab", "a failed write writes nothing");
    let err = mem.read(&store, PAGE, &mut buf).unwrap_err();
    assert_eq!(err.as_trap(), Some(TrapCode::MemoryOutOfBounds));
    assert!(mem.read(&store, usize::MAX, &mut buf).is_err(), "offset overflow is an error");
    assert!(mem.read(&store, PAGE, &mut []).is_ok(), "empty access at the end is in bounds");
}

#[test]
fn memory_new_rejects_bad_limits() {
    let mut store = Store::new(&Engine::default(), ());
    assert!(Memory::new(&mut store, MemoryType::new(2, Some(1))).is_err());
    assert!(Memory::new(&mut store, MemoryType::new(65537, None)).is_err());
    assert!(Memory::new(&mut store, MemoryType::new(0, Some(0))).is_ok());
}

#[test]
fn store_memory_limit_applies_to_new_and_grow() {
    let mut store = Store::new(&Engine::default(), ());
    store.set_limits(StoreLimits { memory_bytes: 3 * PAGE, ..StoreLimits::default() });
    assert!(Memory::new(&mut store, MemoryType::new(4, None)).is_err());
    let a = Memory::new(&mut store, MemoryType::new(2, None)).unwrap();
    let b = Memory::new(&mut store, MemoryType::new(1, None)).unwrap();
    assert!(a.grow(&mut store, 1).is_err(), "all memories count against the limit");
    assert!(b.grow(&mut store, 1).is_err());
    assert_eq!(a.grow(&mut store, 0).unwrap(), 2);
}

// ---- globals ----

#[test]
fn globals_get_set_and_mutability() {
    let mut store = Store::new(&Engine::default(), ());
    let c = Global::new(&mut store, GlobalType::new(ValType::I32, Mutability::Const), Val::I32(7))
        .unwrap();
    assert_eq!(c.get(&store), Val::I32(7));
    assert!(c.set(&mut store, Val::I32(8)).is_err(), "an immutable global cannot be set");
    assert_eq!(c.get(&store), Val::I32(7));

    let v = Global::new(&mut store, GlobalType::new(ValType::F64, Mutability::Var), Val::f64(1.5))
        .unwrap();
    v.set(&mut store, Val::f64(-2.25)).unwrap();
    assert_eq!(v.get(&store).as_f64(), Some(-2.25));
    assert!(v.set(&mut store, Val::I32(1)).is_err(), "type mismatch is an error");
    assert_eq!(v.ty(&store), GlobalType::new(ValType::F64, Mutability::Var));

    let bad = Global::new(&mut store, GlobalType::new(ValType::I64, Mutability::Var), Val::I32(0));
    assert!(bad.is_err());
}

#[test]
fn externref_globals_hold_host_data() {
    let mut store = Store::new(&Engine::default(), ());
    let r = ExternRef::new(&mut store, String::from("payload"));
    let ty = GlobalType::new(ValType::ExternRef, Mutability::Var);
    let g = Global::new(&mut store, ty, Val::ExternRef(None)).unwrap();
    g.set(&mut store, Val::ExternRef(Some(r))).unwrap();
    let Val::ExternRef(Some(got)) = g.get(&store) else { panic!("expected a reference") };
    assert_eq!(got.data(&store).downcast_ref::<String>().unwrap(), "payload");
}

#[test]
fn foreign_references_are_rejected() {
    let engine = Engine::default();
    let mut a = Store::new(&engine, ());
    let mut b = Store::new(&engine, ());
    let r = ExternRef::new(&mut a, 1u32);
    let ty = GlobalType::new(ValType::ExternRef, Mutability::Var);
    assert!(Global::new(&mut b, ty, Val::ExternRef(Some(r))).is_err());
    let table_ty = TableType::new(RefType::ExternRef, 1, None);
    let t = Table::new(&mut b, table_ty, Val::ExternRef(None)).unwrap();
    assert!(t.set(&mut b, 0, Val::ExternRef(Some(r))).is_err());
}

// ---- tables ----

#[test]
fn tables_grow_get_set() {
    let mut store = Store::new(&Engine::default(), ());
    let ty = TableType::new(RefType::FuncRef, 2, Some(4));
    let table = Table::new(&mut store, ty, Val::FuncRef(None)).unwrap();
    assert_eq!(table.size(&store), 2);
    assert_eq!(table.get(&store, 1), Some(Val::FuncRef(None)));
    assert_eq!(table.get(&store, 2), None);

    let f = Func::wrap(&mut store, || {});
    table.set(&mut store, 1, Val::FuncRef(Some(f))).unwrap();
    assert_eq!(table.get(&store, 1), Some(Val::FuncRef(Some(f))));
    let err = table.set(&mut store, 2, Val::FuncRef(None)).unwrap_err();
    assert_eq!(err.as_trap(), Some(TrapCode::TableOutOfBounds));
    assert!(table.set(&mut store, 0, Val::I32(0)).is_err(), "type mismatch is an error");

    assert_eq!(table.grow(&mut store, 2, Val::FuncRef(Some(f))).unwrap(), 2);
    assert_eq!(table.get(&store, 3), Some(Val::FuncRef(Some(f))));
    assert!(table.grow(&mut store, 1, Val::FuncRef(None)).is_err(), "past the maximum");
    assert!(table.grow(&mut store, 0, Val::ExternRef(None)).is_err(), "wrong init type");
    assert_eq!(table.size(&store), 4);
    assert!(Table::new(&mut store, ty, Val::I64(0)).is_err());
}

#[test]
fn externref_tables() {
    let mut store = Store::new(&Engine::default(), ());
    let r = ExternRef::new(&mut store, 42i64);
    let ty = TableType::new(RefType::ExternRef, 1, None);
    let table = Table::new(&mut store, ty, Val::ExternRef(Some(r))).unwrap();
    let Some(Val::ExternRef(Some(got))) = table.get(&store, 0) else { panic!() };
    assert_eq!(got.data(&store).downcast_ref::<i64>(), Some(&42));
}

// ---- host functions ----

#[test]
fn dynamic_host_functions_check_arguments() {
    let mut store = Store::new(&Engine::default(), 0u32);
    let ty = FuncType::new([ValType::I32, ValType::I32], [ValType::I32]);
    let add = Func::new(&mut store, ty.clone(), |mut caller: Caller<'_, u32>, params, results| {
        *caller.data_mut() += 1;
        results[0] = Val::I32(params[0].i32().unwrap() + params[1].i32().unwrap());
        Ok(())
    });
    assert_eq!(add.ty(&store), ty);
    let mut out = [Val::I32(0)];
    add.call(&mut store, &[Val::I32(2), Val::I32(3)], &mut out).unwrap();
    assert_eq!(out[0], Val::I32(5));
    assert_eq!(*store.data(), 1);

    assert!(add.call(&mut store, &[Val::I32(2)], &mut out).is_err(), "too few params");
    assert!(add.call(&mut store, &[Val::I32(2), Val::I64(3)], &mut out).is_err(), "wrong type");
    assert!(add.call(&mut store, &[Val::I32(2), Val::I32(3)], &mut []).is_err(), "no result slot");
    assert_eq!(*store.data(), 1, "nothing ran on bad arguments");
}

#[test]
fn host_results_of_the_wrong_type_are_an_error() {
    let mut store = Store::new(&Engine::default(), ());
    let ty = FuncType::new([], [ValType::I32]);
    let bad = Func::new(&mut store, ty, |_, _, results| {
        results[0] = Val::I64(1);
        Ok(())
    });
    assert!(bad.call(&mut store, &[], &mut [Val::I32(0)]).is_err());
}

#[test]
fn wrapped_closures_derive_their_signature() {
    let mut store = Store::new(&Engine::default(), String::new());
    let add = Func::wrap(&mut store, |a: i32, b: i64| -> i64 { i64::from(a) + b });
    assert_eq!(add.ty(&store), FuncType::new([ValType::I32, ValType::I64], [ValType::I64]));
    let typed = add.typed::<(i32, i64), i64>(&store).unwrap();
    assert_eq!(typed.call(&mut store, (2, 40)).unwrap(), 42);
    assert!(add.typed::<(i32, i32), i64>(&store).is_err());
    assert!(add.typed::<(i32, i64), ()>(&store).is_err());

    let log = Func::wrap(&mut store, |mut caller: Caller<'_, String>, x: f32| {
        caller.data_mut().push_str(&x.to_string());
    });
    assert_eq!(log.ty(&store), FuncType::new([ValType::F32], []));
    log.typed::<f32, ()>(&store).unwrap().call(&mut store, 1.5).unwrap();
    assert_eq!(store.data(), "1.5");

    let pair = Func::wrap(&mut store, |x: f64| (x, x as i32));
    let (a, b) = pair.typed::<f64, (f64, i32)>(&store).unwrap().call(&mut store, 2.5).unwrap();
    assert_eq!((a, b), (2.5, 2));

    let fails = Func::wrap(&mut store, |x: i32| -> Result<i32, Error> {
        if x < 0 { Err(Error::host("negative")) } else { Ok(x) }
    });
    let fails = fails.typed::<i32, i32>(&store).unwrap();
    assert_eq!(fails.call(&mut store, 3).unwrap(), 3);
    assert_eq!(fails.call(&mut store, -1).unwrap_err().to_string(), "negative");
}

#[test]
fn wrapped_closures_take_references_and_many_params() {
    let mut store = Store::new(&Engine::default(), ());
    let id = Func::wrap(&mut store, |f: Option<Func>, r: Option<ExternRef>| (r, f));
    assert_eq!(
        id.ty(&store),
        FuncType::new(
            [ValType::FuncRef, ValType::ExternRef],
            [ValType::ExternRef, ValType::FuncRef]
        )
    );
    let r = ExternRef::new(&mut store, ());
    let mut out = [Val::ExternRef(None), Val::FuncRef(None)];
    id.call(&mut store, &[Val::FuncRef(Some(id)), Val::ExternRef(Some(r))], &mut out).unwrap();
    assert_eq!(out, [Val::ExternRef(Some(r)), Val::FuncRef(Some(id))]);

    let sum =
        Func::wrap(&mut store, |a: i32, b: i32, c: i32, d: i32, e: i32, f: i32, g: i32, h: i32| {
            a + b + c + d + e + f + g + h
        });
    let sum = sum.typed::<(i32, i32, i32, i32, i32, i32, i32, i32), i32>(&store).unwrap();
    assert_eq!(sum.call(&mut store, (1, 2, 3, 4, 5, 6, 7, 8)).unwrap(), 36);
}

#[test]
fn caller_outside_wasm_has_no_exports() {
    let mut store = Store::new(&Engine::default(), ());
    let f = Func::wrap(&mut store, |caller: Caller<'_, ()>| {
        caller.get_export("memory").is_none() as i32
    });
    assert_eq!(f.typed::<(), i32>(&store).unwrap().call(&mut store, ()).unwrap(), 1);
}
