//! Hostile modules against the store's limits (`StoreLimits`): each attack ends with a clear
//! error or a failed grow within the limits, and what held before still holds (deep nesting,
//! big bodies, 100 memories, endless recursion).

use polymem::{
    Config, Engine, ErrorKind, Instance, Memory, MemoryType, Module, Store, StoreLimits, Table,
    TableType, TrapCode, Val,
};

fn instantiate(engine: &Engine, wat: &str) -> Result<(Store<()>, Instance), polymem::Error> {
    let module = Module::new(engine, wat::parse_str(wat).expect("valid text"))?;
    let mut store = Store::new(engine, ());
    let instance = Instance::new(&mut store, &module, &[])?;
    Ok((store, instance))
}

fn limit_message(result: Result<(Store<()>, Instance), polymem::Error>) -> String {
    let Err(err) = result else { panic!("the limit must be hit") };
    assert!(matches!(err.kind(), ErrorKind::Limit(_)), "{err}");
    err.to_string()
}

/// 639 bytes that ask for 100 tables of 10^7 elements (8 GB of cells when allocated eagerly).
#[test]
fn a_hundred_huge_tables_hit_the_total_table_limit() {
    let wat = format!("(module {})", "(table 10000000 funcref)".repeat(100));
    let message = limit_message(instantiate(&Engine::default(), &wat));
    assert!(message.contains("above its limit of 100000000"), "{message}");
}

#[test]
fn tables_of_null_elements_cost_no_memory_until_written() {
    // With the total raised, all 100 tables exist: null cells come zeroed from the allocator,
    // so the 8 GB are address space, not memory (this test would not fit in CI otherwise).
    let mut config = Config::default();
    config.limits(StoreLimits { table_elements_total: 1 << 30, ..StoreLimits::default() });
    let wat = format!("(module {} (func (export \"size\") (result i32) (table.size 99)))", {
        "(table 10000000 funcref)".repeat(100)
    });
    let (mut store, instance) = instantiate(&Engine::new(&config), &wat).unwrap();
    let size = instance.get_typed_func::<(), i32>(&store, "size").unwrap();
    assert_eq!(size.call(&mut store, ()).unwrap(), 10_000_000);
}

#[test]
fn table_growth_counts_against_both_table_limits() {
    let engine = Engine::default();
    let mut store = Store::new(&engine, ());
    store.set_limits(StoreLimits {
        table_elements: 10,
        table_elements_total: 15,
        ..StoreLimits::default()
    });
    let ty = TableType::new(polymem::RefType::FuncRef, 8, None);
    assert!(
        Table::new(&mut store, TableType::new(ty.element(), 11, None), Val::FuncRef(None)).is_err()
    );
    let a = Table::new(&mut store, ty, Val::FuncRef(None)).unwrap();
    assert!(a.grow(&mut store, 3, Val::FuncRef(None)).is_err(), "11 > 10 per table");
    assert_eq!(a.grow(&mut store, 2, Val::FuncRef(None)).unwrap(), 8);
    let b = Table::new(&mut store, TableType::new(ty.element(), 5, None), Val::FuncRef(None));
    assert!(b.is_ok(), "10 + 5 = 15 in total");
    assert!(
        Table::new(&mut store, TableType::new(ty.element(), 1, None), Val::FuncRef(None)).is_err()
    );
}

/// `memory.grow` one page at a time up to the 4 GiB a 32-bit memory allows: quick, and no page
/// is touched (the buffer reserves the address space once; wasmtime: 0.12 s, 15 MB).
#[test]
fn memory_grows_page_by_page_to_4_gib() {
    let wat = r#"(module (memory 0)
      (func (export "grow") (result i32)
        (loop $l (br_if $l (i32.ne (memory.grow (i32.const 1)) (i32.const -1))))
        (memory.size))
      (func (export "poke") (param i32) (i32.store8 (local.get 0) (i32.const 7)))
      (func (export "peek") (param i32) (result i32) (i32.load8_u (local.get 0))))"#;
    let (mut store, instance) = instantiate(&Engine::default(), wat).unwrap();
    let grow = instance.get_typed_func::<(), i32>(&store, "grow").unwrap();
    assert_eq!(grow.call(&mut store, ()).unwrap(), 65536);
    let poke = instance.get_typed_func::<i32, ()>(&store, "poke").unwrap();
    let peek = instance.get_typed_func::<i32, i32>(&store, "peek").unwrap();
    poke.call(&mut store, -1).unwrap();
    assert_eq!(peek.call(&mut store, -1).unwrap(), 7, "the last byte of 4 GiB");
    assert_eq!(peek.call(&mut store, 1 << 31).unwrap(), 0, "grown pages are zero");
}

#[test]
fn memory_growth_stops_at_the_store_limit_with_minus_one() {
    let mut config = Config::default();
    config.limits(StoreLimits { memory_bytes: 10 << 16, ..StoreLimits::default() });
    let wat = r#"(module (memory $a 2) (memory $b 1)
      (func (export "grow") (param i32) (result i32) (memory.grow $b (local.get 0))))"#;
    let (mut store, instance) = instantiate(&Engine::new(&config), wat).unwrap();
    let grow = instance.get_typed_func::<i32, i32>(&store, "grow").unwrap();
    assert_eq!(grow.call(&mut store, 8).unwrap(), -1, "2 + 1 + 8 pages > 10");
    assert_eq!(grow.call(&mut store, 7).unwrap(), 1);
    assert_eq!(grow.call(&mut store, 1).unwrap(), -1);
}

#[test]
fn grown_memory_keeps_its_contents_when_the_buffer_moves() {
    // A limit raised after creation lets the memory outgrow the room it reserved.
    let mut store = Store::new(&Engine::default(), ());
    store.set_limits(StoreLimits { memory_bytes: 2 << 16, ..StoreLimits::default() });
    let mem = Memory::new(&mut store, MemoryType::new(1, None)).unwrap();
    mem.write(&mut store, 65535, b"x").unwrap();
    store.set_limits(StoreLimits::default());
    assert_eq!(mem.grow(&mut store, 40).unwrap(), 1);
    assert_eq!(mem.data(&store)[65535], b'x');
    assert!(mem.data(&store)[65536..].iter().all(|&b| b == 0));
}

#[test]
fn a_module_with_100_000_globals_is_valid_and_instantiates() {
    let globals = "(global i32 (i32.const 1))".repeat(100_000);
    let wat =
        format!("(module {globals} (func (export \"last\") (result i32) (global.get 99999)))");
    let (mut store, instance) = instantiate(&Engine::default(), &wat).unwrap();
    let last = instance.get_typed_func::<(), i32>(&store, "last").unwrap();
    assert_eq!(last.call(&mut store, ()).unwrap(), 1);
}

#[test]
fn each_count_has_its_own_limit() {
    let limited = |limits: StoreLimits, wat: &str| {
        let mut config = Config::default();
        config.limits(limits);
        limit_message(instantiate(&Engine::new(&config), wat))
    };
    let few = StoreLimits { globals: 10, ..StoreLimits::default() };
    let globals = format!("(module {})", "(global i32 (i32.const 1))".repeat(11));
    assert!(limited(few, &globals).contains("limit of 10 globals"));
    let few = StoreLimits { memories: 2, ..StoreLimits::default() };
    assert!(limited(few, "(module (memory 0) (memory 0) (memory 0))").contains("2 memories"));
    let few = StoreLimits { tables: 1, ..StoreLimits::default() };
    assert!(limited(few, "(module (table 0 funcref) (table 0 funcref))").contains("1 tables"));
    // The other counts are not affected by a low one.
    let few = StoreLimits { instances: 1, ..StoreLimits::default() };
    let mut config = Config::default();
    config.limits(few);
    let engine = Engine::new(&config);
    let module = Module::new(&engine, wat::parse_str(&globals).unwrap()).unwrap();
    let mut store = Store::new(&engine, ());
    Instance::new(&mut store, &module, &[]).unwrap();
    let err = Instance::new(&mut store, &module, &[]).unwrap_err();
    assert!(err.to_string().contains("limit of 1 instances"), "{err}");
}

#[test]
fn a_hundred_memories_work() {
    let memories = "(memory 1)".repeat(100);
    let wat = format!(
        "(module {memories} (func (export \"f\") (result i32)
           (i32.store 99 (i32.const 8) (i32.const 42)) (i32.load 99 (i32.const 8))))"
    );
    let (mut store, instance) = instantiate(&Engine::default(), &wat).unwrap();
    let f = instance.get_typed_func::<(), i32>(&store, "f").unwrap();
    assert_eq!(f.call(&mut store, ()).unwrap(), 42);
}

#[test]
fn a_hundred_thousand_nested_blocks_translate_and_run() {
    let depth = 100_000;
    let wat = format!(
        "(module (func (export \"f\") (result i32) {} i32.const 5 {}))",
        "block (result i32) ".repeat(depth),
        "end ".repeat(depth)
    );
    let (mut store, instance) = instantiate(&Engine::default(), &wat).unwrap();
    let f = instance.get_typed_func::<(), i32>(&store, "f").unwrap();
    assert_eq!(f.call(&mut store, ()).unwrap(), 5);
}

#[test]
fn a_body_of_7_6_mb_translates_and_runs() {
    // 1.9M times `local.get 0; i32.add` after one `i32.const 0`: 7.6 MB of code.
    let count = 1_900_000;
    let mut body = vec![0u8]; // no locals besides the parameter
    body.extend_from_slice(&[0x41, 0x00]);
    for _ in 0..count {
        body.extend_from_slice(&[0x20, 0x00, 0x6a, 0x01]); // local.get 0; i32.add; nop
    }
    body.push(0x0b);
    assert!(body.len() > 7_600_000);
    let module = one_function_module(&body);
    let engine = Engine::default();
    let module = Module::new(&engine, &module).unwrap();
    let mut store = Store::new(&engine, ());
    let instance = Instance::new(&mut store, &module, &[]).unwrap();
    let f = instance.get_typed_func::<i32, i32>(&store, "f").unwrap();
    assert_eq!(f.call(&mut store, 2).unwrap(), 2 * count);
}

#[test]
fn endless_recursion_ends_with_call_stack_exhausted() {
    let wat = r#"(module (func $f (export "f") (param i64) (result i64)
        (i64.add (call $f (local.get 0)) (i64.const 1))))"#;
    let (mut store, instance) = instantiate(&Engine::default(), wat).unwrap();
    let f = instance.get_typed_func::<i64, i64>(&store, "f").unwrap();
    let err = f.call(&mut store, 0).unwrap_err();
    assert_eq!(err.as_trap(), Some(TrapCode::StackOverflow), "{err}");
    assert_eq!(err.to_string(), "call stack exhausted");
}

/// A module with one exported function `f: [i32] -> [i32]` whose body (locals included) is
/// `body`, encoded by hand: the text parser would need seconds for 7.6 MB of instructions.
fn one_function_module(body: &[u8]) -> Vec<u8> {
    fn leb(mut n: usize, out: &mut Vec<u8>) {
        loop {
            let byte = (n & 0x7f) as u8;
            n >>= 7;
            out.push(if n == 0 { byte } else { byte | 0x80 });
            if n == 0 {
                break;
            }
        }
    }
    fn section(id: u8, content: &[u8], out: &mut Vec<u8>) {
        out.push(id);
        leb(content.len(), out);
        out.extend_from_slice(content);
    }
    let mut out = b"\0asm\x01\0\0\0".to_vec();
    section(1, &[1, 0x60, 1, 0x7f, 1, 0x7f], &mut out);
    section(3, &[1, 0], &mut out);
    section(7, &[1, 1, b'f', 0, 0], &mut out);
    let mut code = vec![1];
    leb(body.len(), &mut code);
    code.extend_from_slice(body);
    section(10, &code, &mut out);
    out
}
