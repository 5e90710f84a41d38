//! Fuel (`Config::consume_fuel`) and interruption (`Config::interruptible`): endless loops,
//! endless recursion and bulk memory operations end with their traps, and the store stays
//! usable afterwards.

use polymem::{
    Config, Engine, ErrorKind, Func, Instance, Linker, Module, Store, Translation, TrapCode,
};
use std::time::{Duration, Instant};

/// Endless and finite code that every test below draws from.
const WAT: &str = r#"(module
  (memory 1)
  (global $count (export "count") (mut i32) (i32.const 0))
  (func (export "spin") (loop (br 0)))
  (func $recurse (export "recurse") (call $recurse))
  (func $fib (export "fib") (param i64) (result i64)
    (if (result i64) (i64.lt_u (local.get 0) (i64.const 2))
      (then (local.get 0))
      (else (i64.add (call $fib (i64.sub (local.get 0) (i64.const 1)))
                     (call $fib (i64.sub (local.get 0) (i64.const 2)))))))
  (func (export "fill") (param $len i32)
    (loop $l
      (memory.fill (i32.const 0) (i32.const 7) (local.get $len))
      (global.set $count (i32.add (global.get $count) (i32.const 1)))
      (br $l)))
  (func (export "three") (result i32) (i32.add (i32.const 1) (i32.const 2)))
  (func (export "sum") (param $n i32) (result i32) (local $s i32)
    (block $done (loop $l
      (br_if $done (i32.eqz (local.get $n)))
      (local.set $s (i32.add (local.get $s) (local.get $n)))
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (br $l)))
    (local.get $s)))"#;

fn engine(fuel: bool, interruptible: bool, translation: Translation) -> Engine {
    let mut config = Config::default();
    config.consume_fuel(fuel).interruptible(interruptible).translation(translation);
    Engine::new(&config)
}

fn instantiate(engine: &Engine) -> (Store<()>, Instance) {
    let module = Module::new(engine, wat::parse_str(WAT).expect("valid wat")).expect("valid");
    let mut store = Store::new(engine, ());
    let instance = Instance::new(&mut store, &module, &[]).expect("instantiates");
    (store, instance)
}

fn trap_of(result: Result<impl std::fmt::Debug, polymem::Error>) -> TrapCode {
    result.expect_err("should trap").as_trap().expect("a trap")
}

#[test]
fn fuel_and_interruption_are_off_by_default_and_say_so() {
    let (mut store, _) = instantiate(&Engine::default());
    for err in [store.get_fuel().unwrap_err(), store.set_fuel(1).unwrap_err()] {
        assert!(matches!(err.kind(), ErrorKind::Host(_)));
        assert!(err.to_string().contains("Config::consume_fuel"), "{err}");
    }
    let err = store.interrupt_handle().unwrap_err();
    assert!(err.to_string().contains("Config::interruptible"), "{err}");
    assert_eq!(TrapCode::OutOfFuel.to_string(), "all fuel consumed");
    assert_eq!(TrapCode::Interrupted.to_string(), "interrupted");
}

#[test]
fn an_endless_loop_and_an_endless_recursion_run_out_of_fuel() {
    for translation in [Translation::Lazy, Translation::Eager] {
        let (mut store, instance) = instantiate(&engine(true, false, translation));
        store.set_fuel(100_000).unwrap();
        let spin = instance.get_typed_func::<(), ()>(&store, "spin").unwrap();
        assert_eq!(trap_of(spin.call(&mut store, ())), TrapCode::OutOfFuel);
        // Fuel, not the call depth (20,000 by default), ends this recursion.
        store.set_fuel(1_000).unwrap();
        let recurse = instance.get_typed_func::<(), ()>(&store, "recurse").unwrap();
        assert_eq!(trap_of(recurse.call(&mut store, ())), TrapCode::OutOfFuel);
        // A recursion that never gets deep: fib(60) makes ~10^12 calls.
        store.set_fuel(1_000_000).unwrap();
        let fib = instance.get_typed_func::<i64, i64>(&store, "fib").unwrap();
        assert_eq!(trap_of(fib.call(&mut store, 60)), TrapCode::OutOfFuel);
        assert!(store.get_fuel().unwrap() < 100, "fib left {}", store.get_fuel().unwrap());
    }
}

#[test]
fn a_store_starts_without_fuel() {
    let (mut store, instance) = instantiate(&engine(true, false, Translation::Lazy));
    assert_eq!(store.get_fuel().unwrap(), 0);
    let three = instance.get_typed_func::<(), i32>(&store, "three").unwrap();
    assert_eq!(trap_of(three.call(&mut store, ())), TrapCode::OutOfFuel);
}

#[test]
fn fuel_counts_operators_and_refilling_lets_code_continue() {
    let (mut store, instance) = instantiate(&engine(true, false, Translation::Lazy));
    store.set_fuel(1_000).unwrap();
    let three = instance.get_typed_func::<(), i32>(&store, "three").unwrap();
    assert_eq!(three.call(&mut store, ()).unwrap(), 3);
    // i32.const, i32.const, i32.add, end.
    assert_eq!(store.get_fuel().unwrap(), 996);

    let sum = instance.get_typed_func::<i32, i32>(&store, "sum").unwrap();
    let cost = |store: &mut Store<()>, n: i32| {
        store.set_fuel(1_000_000).unwrap();
        assert_eq!(sum.call(&mut *store, n).unwrap(), n * (n + 1) / 2);
        1_000_000 - store.get_fuel().unwrap()
    };
    let (c0, c10, c20) = (cost(&mut store, 0), cost(&mut store, 10), cost(&mut store, 20));
    // Each iteration costs the same, and about one unit per operator of the loop body (11).
    assert_eq!(c20 - c10, c10 - c0);
    assert!((11..=16).contains(&((c10 - c0) / 10)), "{c0} {c10} {c20}");

    // Not enough for 1000 iterations; after the trap, more fuel lets the same call finish.
    store.set_fuel(1_000).unwrap();
    assert_eq!(trap_of(sum.call(&mut store, 1000)), TrapCode::OutOfFuel);
    store.set_fuel(1_000_000).unwrap();
    assert_eq!(sum.call(&mut store, 1000).unwrap(), 500_500);
}

#[test]
fn bulk_memory_costs_fuel_per_byte() {
    let (mut store, instance) = instantiate(&engine(true, false, Translation::Lazy));
    let fill = instance.get_typed_func::<i32, ()>(&store, "fill").unwrap();
    let count = instance.get_global(&store, "count").unwrap();
    let iterations = |store: &mut Store<()>, len: i32| {
        count.set(&mut *store, polymem::Val::I32(0)).unwrap();
        store.set_fuel(1_000_000).unwrap();
        assert_eq!(trap_of(fill.call(&mut *store, len)), TrapCode::OutOfFuel);
        count.get(&*store).i32().unwrap()
    };
    let small = iterations(&mut store, 1);
    let page = iterations(&mut store, 65536);
    // A 64 KiB fill costs 1024 units on top of the loop's operators.
    assert!(small > 50_000, "{small}");
    assert!((900..1000).contains(&page), "{page}");
}

/// Calls `name` (an endless function) and interrupts it from another thread after `after`;
/// returns the trap and the time between the interrupt and the call's return.
fn interrupt_after(
    store: &mut Store<()>,
    func: Func,
    args: &[polymem::Val],
    after: Duration,
) -> (TrapCode, Duration) {
    let handle = store.interrupt_handle().unwrap();
    let watchdog = std::thread::spawn(move || {
        std::thread::sleep(after);
        let at = Instant::now();
        handle.interrupt();
        at
    });
    let mut results = vec![polymem::Val::I64(0); func.ty(&*store).results().len()];
    let outcome = func.call(&mut *store, args, &mut results);
    let returned = Instant::now();
    let asked = watchdog.join().unwrap();
    (trap_of(outcome), returned.saturating_duration_since(asked))
}

#[test]
fn an_interrupt_ends_an_endless_loop_and_recursion_within_milliseconds() {
    for fuel in [false, true] {
        let (mut store, instance) = instantiate(&engine(fuel, true, Translation::Lazy));
        if fuel {
            store.set_fuel(u64::MAX).unwrap();
        }
        let cases = [
            ("spin", vec![]),
            ("fib", vec![polymem::Val::I64(60)]),
            ("fill", vec![polymem::Val::I32(16)]),
        ];
        for (name, args) in cases {
            let func = instance.get_func(&store, name).unwrap();
            let (trap, latency) =
                interrupt_after(&mut store, func, &args, Duration::from_millis(30));
            assert_eq!(trap, TrapCode::Interrupted, "{name}");
            // Typically well under a millisecond; generous for a loaded shared machine.
            assert!(latency < Duration::from_millis(250), "{name}: {latency:?}");
            // The store is usable right away: the trap withdrew the request.
            let three = instance.get_typed_func::<(), i32>(&store, "three").unwrap();
            assert_eq!(three.call(&mut store, ()).unwrap(), 3, "{name}");
        }
    }
}

#[test]
fn the_interrupt_handle_can_go_to_any_thread() {
    fn shareable<T: Send + Sync + Clone + 'static>() {}
    shareable::<polymem::InterruptHandle>();
}

#[test]
fn a_pending_interrupt_stops_the_next_call_unless_cancelled() {
    let (mut store, instance) = instantiate(&engine(false, true, Translation::Eager));
    let three = instance.get_typed_func::<(), i32>(&store, "three").unwrap();
    let handle = store.interrupt_handle().unwrap();
    handle.interrupt();
    assert_eq!(trap_of(three.call(&mut store, ())), TrapCode::Interrupted);
    assert_eq!(three.call(&mut store, ()).unwrap(), 3);
    handle.interrupt();
    handle.clone().cancel();
    assert_eq!(three.call(&mut store, ()).unwrap(), 3);
}

#[test]
fn an_interrupt_reaches_wasm_called_back_from_the_host() {
    let engine = engine(true, true, Translation::Lazy);
    let module = Module::new(
        &engine,
        wat::parse_str(
            r#"(module (import "host" "call_back" (func $cb))
                 (func (export "outer") (call $cb))
                 (func (export "spin") (loop (br 0))))"#,
        )
        .unwrap(),
    )
    .unwrap();
    let mut store = Store::new(&engine, None::<Func>);
    store.set_fuel(u64::MAX).unwrap();
    let mut linker = Linker::new(&engine);
    linker
        .func_wrap("host", "call_back", |mut caller: polymem::Caller<'_, Option<Func>>| {
            let spin = caller.data().expect("set before the call");
            spin.call(&mut caller, &[], &mut [])
        })
        .unwrap();
    let instance = linker.instantiate(&mut store, &module).unwrap();
    *store.data_mut() = instance.get_func(&store, "spin");
    let handle = store.interrupt_handle().unwrap();
    let watchdog = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(30));
        handle.interrupt();
    });
    let outer = instance.get_typed_func::<(), ()>(&store, "outer").unwrap();
    assert_eq!(trap_of(outer.call(&mut store, ())), TrapCode::Interrupted);
    watchdog.join().unwrap();
    // Fuel is the store's: the nested activation consumed from it too.
    assert!(store.get_fuel().unwrap() < u64::MAX - 1000);
}

/// Control flow of every shape (joins after `if`/`else`, `br_table`, blocks with parameters and
/// results, loops with parameters, early returns): the checks the translator inserts at region
/// starts must not change any result.
const SHAPES: &str = r#"(module
  (func (export "collatz") (param $n i32) (result i32) (local $steps i32)
    (block $done (loop $l
      (br_if $done (i32.le_u (local.get $n) (i32.const 1)))
      (if (i32.and (local.get $n) (i32.const 1))
        (then (local.set $n (i32.add (i32.mul (local.get $n) (i32.const 3)) (i32.const 1))))
        (else (local.set $n (i32.shr_u (local.get $n) (i32.const 1)))))
      (local.set $steps (i32.add (local.get $steps) (i32.const 1)))
      (br $l)))
    (local.get $steps))
  (func (export "switch") (param $n i32) (result i32) (local $acc i32)
    (loop $l
      (block $d (block $c (block $b (block $a
        (br_table $a $b $c $d (i32.rem_u (local.get $n) (i32.const 5))))
        (local.set $acc (i32.add (local.get $acc) (i32.const 1))) (br $d))
        (local.set $acc (i32.mul (local.get $acc) (i32.const 3))) (br $d))
        (local.set $acc (i32.xor (local.get $acc) (local.get $n))))
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (br_if $l (i32.gt_s (local.get $n) (i32.const 0))))
    (local.get $acc))
  (func (export "values") (param $n i32) (result i32)
    (i32.const 10) (local.get $n)
    (block (param i32 i32) (result i32 i32)
      (br_if 0 (i32.lt_u (local.get $n) (i32.const 7)))
      (i32.const 100) (i32.add))
    (loop (param i32 i32) (result i32)
      (i32.add)
      (br_if 1 (i32.gt_u (local.get $n) (i32.const 30)))
      (local.set $n (i32.add (local.get $n) (i32.const 2)))
      (local.get $n)
      (br_if 0 (i32.lt_u (local.get $n) (i32.const 40)))
      (i32.sub)))
  (func $early (export "early") (param $n i32) (result i32) (local $i i32)
    (loop $l
      (if (i32.eq (i32.mul (local.get $i) (local.get $i)) (local.get $n))
        (then (return (local.get $i))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.le_u (i32.mul (local.get $i) (local.get $i)) (local.get $n))))
    (select (i32.const -1) (call $early (i32.sub (local.get $n) (i32.const 1)))
      (i32.eqz (local.get $n)))))"#;

#[test]
fn checks_do_not_change_results() {
    let names = ["collatz", "switch", "values", "early"];
    let results = |fuel: bool, interrupt: bool, translation: Translation| {
        let engine = engine(fuel, interrupt, translation);
        let wasm = wat::parse_str(SHAPES).expect("valid wat");
        let module = Module::new(&engine, wasm).expect("valid");
        let mut store = Store::new(&engine, ());
        if fuel {
            store.set_fuel(u64::MAX).unwrap();
        }
        let instance = Instance::new(&mut store, &module, &[]).expect("instantiates");
        let mut out = Vec::new();
        for name in names {
            let f = instance.get_typed_func::<i32, i32>(&store, name).unwrap();
            out.extend((0..60).map(|n| f.call(&mut store, n).unwrap()));
        }
        out
    };
    let plain = results(false, false, Translation::Lazy);
    assert_eq!(plain[..10], [0, 0, 1, 7, 2, 5, 8, 16, 3, 19]);
    for translation in [Translation::Lazy, Translation::Eager] {
        for (fuel, interrupt) in [(true, false), (false, true), (true, true)] {
            assert_eq!(results(fuel, interrupt, translation), plain, "{fuel} {interrupt}");
        }
    }
}
