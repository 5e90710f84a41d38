//! Wasm backtraces on errors raised while WebAssembly runs: which frames, in which order, with
//! which names, across host calls, and capped for deep recursion.

use polymem::{
    Caller, Config, Engine, Error, Extern, Instance, Linker, Module, Store, TrapCode, WasmBacktrace,
};

/// Named functions calling each other down to three different traps (memory 1 for the bounds
/// trap), and `recurse`, which never stops.
const NAMED: &str = r#"(module $calc
  (import "host" "call_back" (func $call_back (param i32) (result i32)))
  (import "host" "fail" (func $fail))
  (memory $m0 1)
  (memory $m1 1)
  (func $crash (param $how i32) (result i32)
    (if (i32.eq (local.get $how) (i32.const 0)) (then unreachable))
    (if (i32.eq (local.get $how) (i32.const 1))
      (then (return (i32.div_s (i32.const 1) (i32.sub (local.get $how) (i32.const 1))))))
    (if (i32.eq (local.get $how) (i32.const 2)) (then (return (i32.load $m1 (i32.const 65536)))))
    (if (i32.eq (local.get $how) (i32.const 3)) (then (call $fail)))
    (call $call_back (local.get $how)))
  (func $middle (param i32) (result i32) (i32.add (call $crash (local.get 0)) (i32.const 1)))
  (func $outer (export "outer") (param i32) (result i32) (call $middle (local.get 0)))
  (func $recurse (export "recurse") (param i32) (result i32)
    (call $recurse (i32.add (local.get 0) (i32.const 1))))
  (func $spin (export "spin") (loop $l (br $l)))
)"#;

fn setup(config: &Config) -> (Store<()>, Instance) {
    let engine = Engine::new(config);
    let module = Module::new(&engine, wat::parse_str(NAMED).unwrap()).unwrap();
    let mut store = Store::new(&engine, ());
    let mut linker = Linker::new(&engine);
    // Calls the export `outer` again with its argument minus 5: host → Wasm re-entry.
    linker
        .func_wrap(
            "host",
            "call_back",
            |mut caller: Caller<'_, ()>, how: i32| -> Result<i32, Error> {
                let outer = caller.get_export("outer").and_then(Extern::into_func).unwrap();
                outer.typed::<i32, i32>(&caller)?.call(&mut caller, how - 5)
            },
        )
        .unwrap();
    linker
        .func_wrap("host", "fail", || -> Result<(), Error> { Err(Error::host("no luck")) })
        .unwrap();
    let instance = linker.instantiate(&mut store, &module).unwrap();
    (store, instance)
}

/// The function names of the backtrace, innermost first (`?` for an unnamed function).
fn names(backtrace: &WasmBacktrace) -> Vec<&str> {
    backtrace.frames().iter().map(|f| f.func_name().unwrap_or("?")).collect()
}

fn outer_fails(store: &mut Store<()>, instance: &Instance, how: i32) -> Error {
    let outer = instance.get_typed_func::<i32, i32>(&*store, "outer").unwrap();
    outer.call(&mut *store, how).unwrap_err()
}

#[test]
fn traps_name_the_frames_innermost_first() {
    let (mut store, instance) = setup(&Config::default());
    for (how, code) in [
        (0, TrapCode::Unreachable),
        (1, TrapCode::IntegerDivisionByZero),
        (2, TrapCode::MemoryOutOfBounds),
    ] {
        let error = outer_fails(&mut store, &instance, how);
        assert_eq!(error.as_trap(), Some(code));
        let backtrace = error.backtrace().expect("a trap in Wasm has a backtrace");
        assert_eq!(names(backtrace), ["crash", "middle", "outer"], "{code}");
        let frame = &backtrace.frames()[0];
        assert_eq!((frame.func_index(), frame.module_name()), (2, Some("calc")));
        assert_eq!(backtrace.omitted(), 0);
    }
    // The store runs again normally, and equality ignores the backtrace.
    assert_eq!(outer_fails(&mut store, &instance, 0), Error::trap(TrapCode::Unreachable));
}

#[test]
fn a_host_function_error_has_the_frames_of_its_callers() {
    let (mut store, instance) = setup(&Config::default());
    let error = outer_fails(&mut store, &instance, 3);
    assert_eq!(error.to_string(), "no luck");
    assert_eq!(names(error.backtrace().unwrap()), ["crash", "middle", "outer"]);
}

#[test]
fn frames_of_a_host_to_wasm_reentry_come_first() {
    let (mut store, instance) = setup(&Config::default());
    // outer(5) → ... → crash(5) → host call_back → outer(0) → ... → crash(0): unreachable.
    let error = outer_fails(&mut store, &instance, 5);
    assert_eq!(error.as_trap(), Some(TrapCode::Unreachable));
    let backtrace = error.backtrace().unwrap();
    assert_eq!(names(backtrace), ["crash", "middle", "outer", "crash", "middle", "outer"]);
    // Twice re-entered.
    let error = outer_fails(&mut store, &instance, 12);
    assert_eq!(error.as_trap(), Some(TrapCode::MemoryOutOfBounds));
    assert_eq!(error.backtrace().unwrap().len(), 9);
}

#[test]
fn deep_recursion_keeps_both_ends_of_the_stack() {
    let mut config = Config::default();
    config.max_call_depth(20_000);
    let (mut store, instance) = setup(&config);
    let recurse = instance.get_typed_func::<i32, i32>(&store, "recurse").unwrap();
    let error = recurse.call(&mut store, 0).unwrap_err();
    assert_eq!(error.as_trap(), Some(TrapCode::StackOverflow));
    let backtrace = error.backtrace().unwrap();
    assert_eq!(backtrace.frames().len(), WasmBacktrace::MAX_FRAMES);
    assert_eq!(backtrace.len(), 20_001, "the entry frame and 20,000 pushed ones");
    assert!(names(backtrace).iter().all(|&n| n == "recurse"));
    assert!(backtrace.to_string().contains("... 19901 frames omitted ..."), "{backtrace}");
}

#[test]
fn fuel_and_interruption_traps_have_backtraces() {
    let mut config = Config::default();
    config.consume_fuel(true).interruptible(true);
    let (mut store, instance) = setup(&config);
    let spin = instance.get_typed_func::<(), ()>(&store, "spin").unwrap();
    store.set_fuel(1000).unwrap();
    let error = spin.call(&mut store, ()).unwrap_err();
    assert_eq!(error.as_trap(), Some(TrapCode::OutOfFuel));
    assert_eq!(names(error.backtrace().unwrap()), ["spin"]);

    store.set_fuel(u64::MAX).unwrap();
    store.interrupt_handle().unwrap().interrupt();
    let error = spin.call(&mut store, ()).unwrap_err();
    assert_eq!(error.as_trap(), Some(TrapCode::Interrupted));
    assert_eq!(names(error.backtrace().unwrap()), ["spin"]);
}

#[test]
fn without_a_name_section_frames_show_indices() {
    let engine = Engine::default();
    let wasm = wat::parse_str(NAMED).unwrap();
    // The same module with its custom sections stripped.
    let mut stripped = wasm[..8].to_vec();
    for payload in wasmparser::Parser::new(0).parse_all(&wasm) {
        let payload = payload.unwrap();
        if let Some((id, range)) = payload.as_section()
            && !matches!(payload, wasmparser::Payload::CustomSection(_))
        {
            stripped.push(id);
            let range = range.start as usize..range.end as usize;
            let mut size = range.len();
            loop {
                let byte = (size & 0x7f) as u8;
                size >>= 7;
                stripped.push(if size == 0 { byte } else { byte | 0x80 });
                if size == 0 {
                    break;
                }
            }
            stripped.extend_from_slice(&wasm[range]);
        }
    }
    let module = Module::new(&engine, &stripped).unwrap();
    let mut store = Store::new(&engine, ());
    let mut linker = Linker::new(&engine);
    linker.func_wrap("host", "call_back", |x: i32| x).unwrap();
    linker.func_wrap("host", "fail", || {}).unwrap();
    let instance = linker.instantiate(&mut store, &module).unwrap();
    let error = outer_fails(&mut store, &instance, 1);
    let backtrace = error.backtrace().unwrap();
    let indices: Vec<u32> = backtrace.frames().iter().map(|f| f.func_index()).collect();
    assert_eq!(indices, [2, 3, 4]);
    assert!(
        backtrace.frames().iter().all(|f| f.func_name().is_none() && f.module_name().is_none())
    );
    let text = backtrace.to_string();
    assert!(text.contains("<unknown>!func[2]\n"), "{text}");
    assert!(text.contains("<unknown>!func[4]\n"), "{text}");
}

#[test]
fn a_malformed_name_section_does_not_fail_the_module() {
    let engine = Engine::default();
    let mut wasm = wat::parse_str(r#"(module (func (export "f") unreachable))"#).unwrap();
    // A custom section `name` whose function subsection is cut short.
    wasm.extend_from_slice(&[0, 10, 4, b'n', b'a', b'm', b'e', 1, 3, 3, 0, 1]);
    let module = Module::new(&engine, &wasm).expect("custom sections are not validated");
    let mut store = Store::new(&engine, ());
    let instance = Instance::new(&mut store, &module, &[]).unwrap();
    let f = instance.get_typed_func::<(), ()>(&store, "f").unwrap();
    let error = f.call(&mut store, ()).unwrap_err();
    assert_eq!(error.backtrace().unwrap().frames()[0].func_index(), 0);
}

#[test]
fn errors_outside_execution_and_exits_have_none() {
    let engine = Engine::default();
    assert!(Module::new(&engine, b"\0asm").unwrap_err().backtrace().is_none());
    let module = Module::new(
        &engine,
        wat::parse_str(
            r#"(module (import "host" "exit" (func $exit)) (func (export "f") (call $exit)))"#,
        )
        .unwrap(),
    )
    .unwrap();
    let mut store = Store::new(&engine, ());
    let mut linker = Linker::new(&engine);
    linker.func_wrap("host", "exit", || -> Result<(), Error> { Err(Error::exit(3)) }).unwrap();
    let instance = linker.instantiate(&mut store, &module).unwrap();
    let f = instance.get_typed_func::<(), ()>(&store, "f").unwrap();
    let error = f.call(&mut store, ()).unwrap_err();
    assert_eq!(error.exit_status(), Some(3));
    assert!(error.backtrace().is_none());
}
