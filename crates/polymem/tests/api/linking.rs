//! Linking and instantiation of modules whose initialisation runs no function.

use super::{link_message, module};
use polymem::{
    Engine, ErrorKind, Extern, FuncType, Global, GlobalType, Instance, Linker, Memory, MemoryType,
    Mutability, RefType, Store, Table, TableType, TrapCode, Val, ValType,
};

// ---- linking ----

#[test]
fn linker_define_get_and_shadowing() {
    let engine = Engine::default();
    let mut store = Store::new(&engine, ());
    let mut linker = Linker::new(&engine);
    let mem = Memory::new(&mut store, MemoryType::new(1, None)).unwrap();
    linker.define("env", "mem", mem).unwrap();
    assert_eq!(linker.get(&mut store, "env", "mem"), Some(Extern::Memory(mem)));
    assert_eq!(linker.get(&mut store, "env", "nope"), None);
    let other = Memory::new(&mut store, MemoryType::new(1, None)).unwrap();
    assert!(linker.define("env", "mem", other).is_err(), "redefinition without shadowing");
    linker.allow_shadowing(true);
    linker.define("env", "mem", other).unwrap();
    assert_eq!(linker.get(&mut store, "env", "mem"), Some(Extern::Memory(other)));

    linker.func_wrap("env", "double", |x: i32| x * 2).unwrap();
    let f = linker.get(&mut store, "env", "double").unwrap().into_func().unwrap();
    assert_eq!(f.typed::<i32, i32>(&store).unwrap().call(&mut store, 21).unwrap(), 42);
}

#[test]
fn unknown_import_is_a_link_error() {
    let engine = Engine::default();
    let mut store = Store::new(&engine, ());
    let linker = Linker::<()>::new(&engine);
    let m = module(&engine, r#"(module (import "env" "missing" (memory 1)))"#);
    let err = linker.instantiate(&mut store, &m).unwrap_err();
    assert!(link_message(&err).contains("unknown import"), "{err}");
}

#[test]
fn incompatible_import_types_are_link_errors() {
    let engine = Engine::default();
    let mut store = Store::new(&engine, ());
    let mut linker = Linker::new(&engine);
    let small = Memory::new(&mut store, MemoryType::new(1, None)).unwrap();
    let g = Global::new(&mut store, GlobalType::new(ValType::I32, Mutability::Const), Val::I32(0))
        .unwrap();
    linker.define("env", "small", small).unwrap();
    linker.define("env", "g", g).unwrap();
    linker.func_wrap("env", "f", |_: i32| {}).unwrap();
    for wat in [
        r#"(module (import "env" "small" (memory 2)))"#,
        r#"(module (import "env" "small" (memory 1 4)))"#,
        r#"(module (import "env" "small" (table 1 funcref)))"#,
        r#"(module (import "env" "g" (global (mut i32))))"#,
        r#"(module (import "env" "g" (global i64)))"#,
        r#"(module (import "env" "f" (func (param i64))))"#,
        r#"(module (import "env" "f" (func (param i32) (result i32))))"#,
        r#"(module (import "env" "f" (global i32)))"#,
    ] {
        let err = linker.instantiate(&mut store, &module(&engine, wat)).unwrap_err();
        assert!(link_message(&err).contains("incompatible import type"), "{wat}: {err}");
    }
}

#[test]
fn import_subtyping_uses_the_current_size() {
    let engine = Engine::default();
    let mut store = Store::new(&engine, ());
    let mem = Memory::new(&mut store, MemoryType::new(1, Some(5))).unwrap();
    let table =
        Table::new(&mut store, TableType::new(RefType::FuncRef, 1, None), Val::FuncRef(None))
            .unwrap();
    let m = module(
        &engine,
        r#"(module (import "" "m" (memory 3 5)) (import "" "t" (table 2 funcref)))"#,
    );
    let imports = [Extern::Memory(mem), Extern::Table(table)];
    assert!(Instance::new(&mut store, &m, &imports).is_err());
    mem.grow(&mut store, 2).unwrap();
    table.grow(&mut store, 1, Val::FuncRef(None)).unwrap();
    Instance::new(&mut store, &m, &imports).unwrap();
}

#[test]
fn instance_new_checks_import_count_and_store() {
    let engine = Engine::default();
    let mut a = Store::new(&engine, ());
    let mut b = Store::new(&engine, ());
    let m = module(&engine, r#"(module (import "env" "m" (memory 1)))"#);
    let err = Instance::new(&mut a, &m, &[]).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Link(_)), "{err:?}");
    let foreign = Memory::new(&mut b, MemoryType::new(1, None)).unwrap();
    let err = Instance::new(&mut a, &m, &[foreign.into()]).unwrap_err();
    assert!(link_message(&err).contains("another store"), "{err}");
}

// ---- instantiation ----

#[test]
fn data_segments_go_to_their_own_memories() {
    let engine = Engine::default();
    let mut store = Store::new(&engine, ());
    let m = module(
        &engine,
        r#"(module
            (memory (export "m0") 1)
            (memory (export "m1") 1)
            (memory (export "m2") 2)
            (data (memory 1) (i32.const 10) "hello")
            (data (memory 2) (i32.const 65536) "world")
            (data (memory 0) (i32.const 0) "zero"))"#,
    );
    let inst = Instance::new(&mut store, &m, &[]).unwrap();
    let [m0, m1, m2] = ["m0", "m1", "m2"].map(|n| inst.get_memory(&store, n).unwrap());
    assert_eq!(&m0.data(&store)[..4], b"zero");
    assert_eq!(&m1.data(&store)[10..15], b"hello");
    assert_eq!(&m2.data(&store)[65536..65541], b"world");
    assert_eq!(m2.size(&store), 2);
    assert!(m0.data(&store)[10..15].iter().all(|&b| b == 0));
    let names: Vec<_> = inst.exports(&store).into_iter().map(|(n, _)| n).collect();
    assert_eq!(names, ["m0", "m1", "m2"]);
}

#[test]
fn imported_global_as_data_offset() {
    let engine = Engine::default();
    let mut store = Store::new(&engine, ());
    let off =
        Global::new(&mut store, GlobalType::new(ValType::I32, Mutability::Const), Val::I32(100))
            .unwrap();
    let m = module(
        &engine,
        r#"(module
            (import "env" "off" (global i32))
            (memory (export "mem") 1)
            (global (export "copy") i32 (global.get 0))
            (data (global.get 0) "abc"))"#,
    );
    let mut linker = Linker::new(&engine);
    linker.define("env", "off", off).unwrap();
    let inst = linker.instantiate(&mut store, &m).unwrap();
    let mem = inst.get_memory(&store, "mem").unwrap();
    assert_eq!(&mem.data(&store)[100..103], b"abc");
    assert_eq!(inst.get_global(&store, "copy").unwrap().get(&store), Val::I32(100));
}

#[test]
fn the_same_memory_imported_twice_aliases() {
    let engine = Engine::default();
    let mut store = Store::new(&engine, ());
    let mem = Memory::new(&mut store, MemoryType::new(1, None)).unwrap();
    let m = module(
        &engine,
        r#"(module
            (import "env" "mem" (memory 1))
            (import "env" "mem" (memory 1))
            (data (memory 0) (i32.const 0) "first")
            (data (memory 1) (i32.const 5) "second")
            (export "a" (memory 0))
            (export "b" (memory 1)))"#,
    );
    let mut linker = Linker::new(&engine);
    linker.define("env", "mem", mem).unwrap();
    let inst = linker.instantiate(&mut store, &m).unwrap();
    assert_eq!(&mem.data(&store)[..11], b"firstsecond");
    let (a, b) = (inst.get_memory(&store, "a").unwrap(), inst.get_memory(&store, "b").unwrap());
    assert_eq!(a, mem);
    assert_eq!(b, mem);
    a.grow(&mut store, 1).unwrap();
    assert_eq!(b.size(&store), 2, "growth through one index is seen through the other");
}

#[test]
fn out_of_bounds_data_segment_traps_and_keeps_earlier_ones() {
    let engine = Engine::default();
    let mut store = Store::new(&engine, ());
    let mem = Memory::new(&mut store, MemoryType::new(1, None)).unwrap();
    let m = module(
        &engine,
        r#"(module
            (import "env" "mem" (memory 1))
            (data (i32.const 0) "kept")
            (data (i32.const 65534) "too long")
            (data (i32.const 10) "never"))"#,
    );
    let err = Instance::new(&mut store, &m, &[mem.into()]).unwrap_err();
    assert_eq!(err.as_trap(), Some(TrapCode::MemoryOutOfBounds));
    assert_eq!(err.to_string(), "out of bounds memory access");
    let data = mem.data(&store);
    assert_eq!(&data[..4], b"kept");
    assert!(data[10..15].iter().all(|&b| b == 0), "later segments are not written");
    assert!(data[65534..].iter().all(|&b| b == 0), "the failing segment writes nothing");
}

#[test]
fn empty_data_segment_past_the_end_traps() {
    let engine = Engine::default();
    let mut store = Store::new(&engine, ());
    let m = module(&engine, r#"(module (memory 1) (data (i32.const 65537) ""))"#);
    let err = Instance::new(&mut store, &m, &[]).unwrap_err();
    assert_eq!(err.as_trap(), Some(TrapCode::MemoryOutOfBounds));
    let m = module(&engine, r#"(module (memory 1) (data (i32.const 65536) ""))"#);
    Instance::new(&mut store, &m, &[]).unwrap();
}

#[test]
fn element_segments_fill_tables() {
    let engine = Engine::default();
    let mut store = Store::new(&engine, ());
    let m = module(
        &engine,
        r#"(module
            (type $t (func (param i32) (result i32)))
            (func $f (type $t) local.get 0)
            (func $g)
            (table (export "t") 4 funcref)
            (elem (i32.const 1) $f $g)
            (elem declare func $g)
            (elem funcref (ref.func $f))
            (export "f" (func $f)))"#,
    );
    let inst = Instance::new(&mut store, &m, &[]).unwrap();
    let table = inst.get_table(&store, "t").unwrap();
    let f = inst.get_func(&store, "f").unwrap();
    assert_eq!(table.get(&store, 0), Some(Val::FuncRef(None)));
    assert_eq!(table.get(&store, 1), Some(Val::FuncRef(Some(f))));
    let Some(Val::FuncRef(Some(g))) = table.get(&store, 2) else { panic!("expected $g") };
    assert_eq!(g.ty(&store), FuncType::new([], []));
    assert_eq!(f.ty(&store), FuncType::new([ValType::I32], [ValType::I32]));
    assert!(inst.get_typed_func::<i32, i32>(&store, "f").is_ok());
    assert!(inst.get_typed_func::<i32, i64>(&store, "f").is_err());
    assert!(inst.get_typed_func::<(), ()>(&store, "nope").is_err());
}

#[test]
fn out_of_bounds_element_segment_traps_and_keeps_earlier_ones() {
    let engine = Engine::default();
    let mut store = Store::new(&engine, ());
    let table =
        Table::new(&mut store, TableType::new(RefType::FuncRef, 3, None), Val::FuncRef(None))
            .unwrap();
    let m = module(
        &engine,
        r#"(module
            (import "env" "t" (table 3 funcref))
            (func $f (result i32) i32.const 7)
            (elem (i32.const 0) $f)
            (elem (i32.const 2) $f $f)
            (memory 1)
            (data (i32.const 0) "unreached"))"#,
    );
    let err = Instance::new(&mut store, &m, &[table.into()]).unwrap_err();
    assert_eq!(err.as_trap(), Some(TrapCode::TableOutOfBounds));
    let Some(Val::FuncRef(Some(f))) = table.get(&store, 0) else { panic!("segment 0 is kept") };
    assert_eq!(f.ty(&store), FuncType::new([], [ValType::I32]));
    assert_eq!(table.get(&store, 2), Some(Val::FuncRef(None)));
}

#[test]
fn globals_and_tables_initialise_from_expressions() {
    let engine = Engine::default();
    let mut store = Store::new(&engine, ());
    let base =
        Global::new(&mut store, GlobalType::new(ValType::I64, Mutability::Const), Val::I64(-5))
            .unwrap();
    let m = module(
        &engine,
        r#"(module
            (import "env" "base" (global i64))
            (func $f)
            (global $a (export "a") (mut i64) (global.get 0))
            (global $r (export "r") funcref (ref.func $f))
            (global (export "x") externref (ref.null extern))
            (global (export "pi") f32 (f32.const 3.5))
            (export "f" (func $f)))"#,
    );
    let inst = Instance::new(&mut store, &m, &[base.into()]).unwrap();
    let a = inst.get_global(&store, "a").unwrap();
    assert_eq!(a.get(&store), Val::I64(-5));
    a.set(&mut store, Val::I64(9)).unwrap();
    assert_eq!(base.get(&store), Val::I64(-5), "the defined global is a copy");
    let f = inst.get_func(&store, "f").unwrap();
    assert_eq!(inst.get_global(&store, "r").unwrap().get(&store), Val::FuncRef(Some(f)));
    assert_eq!(inst.get_global(&store, "x").unwrap().get(&store), Val::ExternRef(None));
    assert_eq!(inst.get_global(&store, "pi").unwrap().get(&store).as_f32(), Some(3.5));
    let ext = inst.get_export(&store, "a").unwrap();
    assert_eq!(
        ext.ty(&store),
        polymem::ExternType::Global(GlobalType::new(ValType::I64, Mutability::Var))
    );
}

#[test]
fn linker_instance_exports_feed_other_modules() {
    let engine = Engine::default();
    let mut store = Store::new(&engine, ());
    let lib = module(
        &engine,
        r#"(module (memory (export "mem") 1 2) (global (export "g") i32 (i32.const 8)))"#,
    );
    let user = module(
        &engine,
        r#"(module
            (import "lib" "mem" (memory 1))
            (import "lib" "g" (global i32))
            (data (global.get 0) "shared"))"#,
    );
    let mut linker = Linker::new(&engine);
    let lib_inst = linker.instantiate(&mut store, &lib).unwrap();
    linker.instance(&mut store, "lib", lib_inst).unwrap();
    linker.instantiate(&mut store, &user).unwrap();
    let mem = lib_inst.get_memory(&store, "mem").unwrap();
    assert_eq!(&mem.data(&store)[8..14], b"shared");
}

#[test]
fn passive_segments_are_not_applied() {
    let engine = Engine::default();
    let mut store = Store::new(&engine, ());
    let m = module(
        &engine,
        r#"(module (memory (export "m") 1) (data "passive") (table (export "t") 1 funcref)
            (func $f) (elem func $f))"#,
    );
    let inst = Instance::new(&mut store, &m, &[]).unwrap();
    assert!(inst.get_memory(&store, "m").unwrap().data(&store).iter().all(|&b| b == 0));
    assert_eq!(inst.get_table(&store, "t").unwrap().get(&store, 0), Some(Val::FuncRef(None)));
}

#[test]
fn modules_of_another_engine_are_rejected() {
    let mut store = Store::new(&Engine::default(), ());
    let m = module(&Engine::default(), "(module)");
    assert!(Instance::new(&mut store, &m, &[]).is_err());
}
