//! `merge_modules` against linking: the same inputs instantiated in order by wasmi's `Linker`
//! (each registered under its name) and merged into one module give the same results, traps
//! and memory contents; and every refusal is a clear error.

use polymem_transform::merge::{MergeError, MergeOptions, merge, merge_modules};
use wasmi::{Engine, Extern, Instance, Linker, Memory, MemoryType, Module, Store, Val};

fn engine() -> Engine {
    Engine::default()
}

/// A host memory `host.mem` (1 page) shared by both worlds' imports, so that effects of a failed
/// instantiation stay observable.
fn host(store: &mut Store<()>, linker: &mut Linker<()>) -> Memory {
    let memory = Memory::new(&mut *store, MemoryType::new(1, None)).unwrap();
    linker.define("host", "mem", memory).unwrap();
    memory
}

/// Instantiates `inputs` in order, each registered under its name. Returns the last instance
/// (or the first failure) and the host memory.
fn linked(inputs: &[(&str, &str)]) -> (Store<()>, Result<Vec<Instance>, String>, Memory) {
    let engine = engine();
    let mut store = Store::new(&engine, ());
    let mut linker = Linker::new(&engine);
    let memory = host(&mut store, &mut linker);
    let mut instances = Vec::new();
    for (name, wat) in inputs {
        let module = Module::new(&engine, wat::parse_str(wat).unwrap()).unwrap();
        match linker.instantiate_and_start(&mut store, &module) {
            Ok(instance) => {
                linker.instance(&mut store, name, instance).unwrap();
                instances.push(instance);
            }
            Err(e) => return (store, Err(format!("{:?}", e.as_trap_code())), memory),
        }
    }
    (store, Ok(instances), memory)
}

fn merged(
    inputs: &[(&str, &str)],
    options: &MergeOptions,
) -> (Store<()>, Result<Instance, String>, Memory) {
    let binaries: Vec<(&str, Vec<u8>)> =
        inputs.iter().map(|(n, w)| (*n, wat::parse_str(w).unwrap())).collect();
    let refs: Vec<(&str, &[u8])> = binaries.iter().map(|(n, b)| (*n, b.as_slice())).collect();
    let wasm = merge_modules(&refs, options).unwrap();
    let engine = engine();
    let mut store = Store::new(&engine, ());
    let mut linker = Linker::new(&engine);
    let memory = host(&mut store, &mut linker);
    let module = Module::new(&engine, &wasm).unwrap();
    let instance = linker.instantiate_and_start(&mut store, &module);
    (store, instance.map_err(|e| format!("{:?}", e.as_trap_code())), memory)
}

fn call(store: &mut Store<()>, instance: Instance, name: &str, args: &[Val]) -> String {
    let f = instance.get_func(&*store, name).unwrap_or_else(|| panic!("no export {name}"));
    let mut out = vec![Val::I32(0); f.ty(&*store).results().len()];
    match f.call(&mut *store, args, &mut out) {
        Ok(()) => format!("{out:?}"),
        Err(e) => format!("trap {:?}", e.as_trap_code()),
    }
}

const LIB: &str = r#"(module
  (memory (export "mem") 1)
  (global $counter (export "counter") (mut i32) (i32.const 0))
  (data (i32.const 0) "lib!")
  (func (export "bump") (result i32)
    (global.set $counter (i32.add (global.get $counter) (i32.const 1)))
    (global.get $counter))
  (func (export "peek") (param i32) (result i32) (i32.load8_u (local.get 0)))
  (func $start (i32.store8 (i32.const 4) (i32.const 7)))
  (start $start))"#;

const APP: &str = r#"(module
  (import "lib" "mem" (memory $shared 1))
  (import "lib" "bump" (func $bump (result i32)))
  (import "lib" "counter" (global $counter (mut i32)))
  (memory $own 1)
  (data (memory $own) (i32.const 0) "app?")
  (func $start
    ;; Runs after lib's data and start: sees "lib!" and the 7.
    (i32.store8 $own (i32.const 8) (i32.add (i32.load8_u $shared (i32.const 4)) (i32.load8_u $shared (i32.const 3))))
    (drop (call $bump)))
  (start $start)
  (func (export "run") (result i32)
    (i32.store8 $shared (i32.const 100) (i32.const 42))
    (i32.add (call $bump)
      (i32.add (i32.mul (global.get $counter) (i32.const 100))
        (i32.load8_u $own (i32.const 8)))))
  (func (export "own") (param i32) (result i32) (i32.load8_u $own (local.get 0))))"#;

#[test]
fn merged_inputs_behave_like_linked_instances() {
    let inputs = [("lib", LIB), ("app", APP)];
    let (mut ls, linked, _) = linked(&inputs);
    let linked = linked.unwrap();
    let (mut ms, merged, _) = merged(&inputs, &MergeOptions::default());
    let merged = merged.unwrap();
    let (lib, app) = (linked[0], linked[1]);
    assert_eq!(call(&mut ls, app, "run", &[]), call(&mut ms, merged, "run", &[]));
    for addr in [0, 3, 4, 8, 100] {
        // lib's memory (aliased by app) and app's own memory stay apart.
        let a = [Val::I32(addr)];
        assert_eq!(
            call(&mut ls, lib, "peek", &a),
            call(&mut ms, merged, "peek", &a),
            "peek {addr}"
        );
        assert_eq!(call(&mut ls, app, "own", &a), call(&mut ms, merged, "own", &a), "own {addr}");
    }
    assert_eq!(call(&mut ms, merged, "peek", &[Val::I32(100)]), "[I32(42)]");
    assert_eq!(call(&mut ms, merged, "own", &[Val::I32(8)]), format!("[I32({})]", 7 + b'!'));
    assert_eq!(call(&mut ls, lib, "bump", &[]), call(&mut ms, merged, "bump", &[]));
}

#[test]
fn a_trap_in_a_later_initialization_leaves_the_earlier_effects() {
    // Both write the host memory; B's second segment is out of bounds. Linked: A's write and
    // B's first segment stay; the merged module must leave exactly the same bytes.
    let a = r#"(module (import "host" "mem" (memory 1)) (data (i32.const 0) "\01")
        (func $s (i32.store8 (i32.const 1) (i32.const 2))) (start $s))"#;
    let b = r#"(module (import "host" "mem" (memory 1)) (memory 1)
        (data (i32.const 2) "\03") (data (memory 1) (i32.const 65535) "\04\05")
        (func $s (i32.store8 (i32.const 3) (i32.const 9))) (start $s))"#;
    let (ls, linked, lmem) = linked(&[("a", a), ("b", b)]);
    let (ms, merged, mmem) = merged(&[("a", a), ("b", b)], &MergeOptions::default());
    assert_eq!(linked.map(|_| ()), merged.map(|_| ()));
    assert_eq!(&lmem.data(&ls)[..8], &mmem.data(&ms)[..8]);
    assert_eq!(&mmem.data(&ms)[..4], &[1, 2, 3, 0]);
}

#[test]
fn export_clashes_are_errors_or_reported_renames() {
    let a = r#"(module (func (export "f") (result i32) (i32.const 1)))"#;
    let b = r#"(module (func (export "f") (result i32) (i32.const 2)) (func (export "g")))"#;
    let bin = |w: &str| wat::parse_str(w).unwrap();
    let (a, b) = (bin(a), bin(b));
    let inputs: [(&str, &[u8]); 2] = [("a", &a), ("b", &b)];
    let err = merge_modules(&inputs, &MergeOptions::default()).unwrap_err();
    assert!(
        matches!(&err, MergeError::ExportClash { name, first, second } if name == "f" && first == "a" && second == "b")
    );
    assert!(err.to_string().contains("--rename-export-conflicts"), "{err}");
    let mut options = MergeOptions::default();
    options.rename_export_conflicts = true;
    let out = merge(&inputs, &options).unwrap();
    assert_eq!(out.renames.len(), 1);
    assert_eq!((out.renames[0].from.as_str(), out.renames[0].to.as_str()), ("f", "b.f"));
    let engine = engine();
    let mut store = Store::new(&engine, ());
    let module = Module::new(&engine, &out.wasm).unwrap();
    let instance = Linker::new(&engine).instantiate_and_start(&mut store, &module).unwrap();
    assert_eq!(call(&mut store, instance, "f", &[]), "[I32(1)]");
    assert_eq!(call(&mut store, instance, "b.f", &[]), "[I32(2)]");
    assert!(matches!(instance.get_export(&store, "g"), Some(Extern::Func(_))));
}

#[test]
fn types_are_deduplicated_and_imports_kept_once() {
    let a = r#"(module (import "env" "log" (func $log (param i32)))
        (func (export "a") (param i32) (call $log (local.get 0))))"#;
    let b = r#"(module (import "env" "log" (func $log (param i32))) (import "env" "mem" (memory 1))
        (func (export "b") (param i32) (call $log (local.get 0))))"#;
    let (a, b) = (wat::parse_str(a).unwrap(), wat::parse_str(b).unwrap());
    let wasm = merge_modules(&[("a", &a), ("b", &b)], &MergeOptions::default()).unwrap();
    let info = polymem_transform::survey::survey(&wasm).unwrap();
    let imports: Vec<_> = info.imports.iter().map(|i| format!("{}.{}", i.module, i.name)).collect();
    assert_eq!(imports, ["env.log", "env.mem"]);
    let mut types = 0;
    for payload in wasmparser::Parser::new(0).parse_all(&wasm) {
        if let wasmparser::Payload::TypeSection(r) = payload.unwrap() {
            types = r.count();
        }
    }
    assert_eq!(types, 1, "one (param i32) type for all four functions");
    assert_eq!(info.memories[0].input.as_deref(), Some("b"));
}

#[test]
fn names_are_kept_with_the_input_as_prefix() {
    let a = r#"(module (func $helper) (memory $heap 1))"#;
    let b = r#"(module (func $main) (memory $heap 1))"#;
    let (a, b) = (wat::parse_str(a).unwrap(), wat::parse_str(b).unwrap());
    let wasm = merge_modules(&[("a", &a), ("b", &b)], &MergeOptions::default()).unwrap();
    let text = wasmprinter_like_names(&wasm);
    assert_eq!(text, ["func 0 a.helper", "func 1 b.main", "memory 0 a.heap", "memory 1 b.heap"]);
}

/// The function and memory names of a module's `name` section.
fn wasmprinter_like_names(wasm: &[u8]) -> Vec<String> {
    let mut out = Vec::new();
    for payload in wasmparser::Parser::new(0).parse_all(wasm) {
        if let wasmparser::Payload::CustomSection(r) = payload.unwrap()
            && let wasmparser::KnownCustom::Name(names) = r.as_known()
        {
            for sub in names {
                let (kind, map) = match sub.unwrap() {
                    wasmparser::Name::Function(m) => ("func", m),
                    wasmparser::Name::Memory(m) => ("memory", m),
                    _ => continue,
                };
                for n in map {
                    let n = n.unwrap();
                    out.push(format!("{kind} {} {}", n.index, n.name));
                }
            }
        }
    }
    out
}

#[test]
fn link_errors_name_the_import_and_both_inputs() {
    let lib = wat::parse_str(LIB).unwrap();
    let cases = [
        (r#"(module (import "lib" "nope" (func)))"#, "exports nothing named \"nope\""),
        (r#"(module (import "lib" "bump" (func (param i32))))"#, "incompatible type"),
        (r#"(module (import "lib" "mem" (memory 2)))"#, "at least 2"),
        (r#"(module (import "lib" "mem" (func)))"#, "the export is a memory"),
        (r#"(module (import "lib" "counter" (global i32)))"#, "incompatible type"),
        (r#"(module (import "app" "x" (func)))"#, "from itself"),
    ];
    for (wat, message) in cases {
        let app = wat::parse_str(wat).unwrap();
        let err =
            merge_modules(&[("lib", &lib), ("app", &app)], &MergeOptions::default()).unwrap_err();
        let text = err.to_string();
        assert!(text.contains(message) && text.contains("\"app\""), "{wat}: {text}");
    }
    // A cycle: lib imports from app, which comes later.
    let a = wat::parse_str(r#"(module (import "b" "f" (func)) (func (export "g")))"#).unwrap();
    let b = wat::parse_str(r#"(module (import "a" "g" (func)) (func (export "f")))"#).unwrap();
    let err = merge_modules(&[("a", &a), ("b", &b)], &MergeOptions::default()).unwrap_err();
    assert!(err.to_string().contains("comes later"), "{err}");
    let err = merge_modules(&[("a", &lib), ("a", &lib)], &MergeOptions::default()).unwrap_err();
    assert!(matches!(err, MergeError::DuplicateName { .. }));
    assert!(matches!(merge_modules(&[], &MergeOptions::default()), Err(MergeError::NoInputs)));
    let err = merge_modules(&[("lib", &lib), ("bad", b"\0asm\x01")], &MergeOptions::default())
        .unwrap_err();
    assert!(matches!(&err, MergeError::Invalid { input, .. } if input == "bad"), "{err}");
}

#[test]
fn hidden_exports_still_satisfy_later_imports() {
    let lib = wat::parse_str(LIB).unwrap();
    let app = wat::parse_str(APP).unwrap();
    let mut options = MergeOptions::default();
    options.hide_exports = vec!["lib".into()];
    let wasm = merge_modules(&[("lib", &lib), ("app", &app)], &options).unwrap();
    let info = polymem_transform::survey::survey(&wasm).unwrap();
    let exports: Vec<&str> = info.exports.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(exports, ["run", "own"]);
    assert!(info.memories.iter().all(|m| m.exports.is_empty()), "lib's memory is private now");
    options.hide_exports = vec!["nobody".into()];
    let err = merge_modules(&[("lib", &lib), ("app", &app)], &options).unwrap_err();
    assert_eq!(err.to_string(), "no input is named \"nobody\"");
}

#[test]
fn sixty_four_bit_memories_are_merged_like_any_other() {
    // The merge only renumbers: a 64-bit memory shared by two inputs stays one 64-bit memory
    // next to a 32-bit one, with i64 addresses, sizes and an i32 length across address types.
    let lib = r#"(module (memory (export "wide") i64 1 2)
        (data (i64.const 65535) "\2a")
        (func (export "grow") (param i64) (result i64) (memory.grow (local.get 0))))"#;
    let app = r#"(module (import "lib" "wide" (memory $wide i64 1 2)) (memory $narrow 1)
        (func (export "copy") (param i64) (result i32)
          (memory.copy $narrow $wide (i32.const 0) (local.get 0) (i32.const 1))
          (i32.load8_u $narrow (i32.const 0)))
        (func (export "load") (param i64) (result i32) (i32.load8_u $wide (local.get 0)))
        (func (export "size") (result i64) (memory.size $wide)))"#;
    let inputs = [("lib", lib), ("app", app)];
    let (mut ls, linked, _) = linked(&inputs);
    let linked = linked.unwrap();
    let (mut ms, merged, _) = merged(&inputs, &MergeOptions::default());
    let merged = merged.unwrap();
    let (lib, app) = (linked[0], linked[1]);
    let steps: [(Instance, &str, Val); 7] = [
        (app, "copy", Val::I64(65535)),
        (app, "load", Val::I64(0x1_0000_ffff)),
        (lib, "grow", Val::I64(1)),
        (lib, "grow", Val::I64(1)),
        (app, "load", Val::I64(0x1_ffff)),
        (app, "load", Val::I64(0x2_0000)),
        (app, "copy", Val::I64(-1)),
    ];
    for (instance, name, arg) in steps {
        let args = [arg];
        let want = call(&mut ls, instance, name, &args);
        assert_eq!(want, call(&mut ms, merged, name, &args), "{name}({:?})", args[0]);
    }
    assert_eq!(call(&mut ms, merged, "copy", &[Val::I64(65535)]), "[I32(42)]");
    assert_eq!(call(&mut ms, merged, "size", &[]), "[I64(2)]");
    let binaries: Vec<Vec<u8>> = inputs.iter().map(|(_, w)| wat::parse_str(w).unwrap()).collect();
    let refs = [("lib", binaries[0].as_slice()), ("app", binaries[1].as_slice())];
    let wasm = merge_modules(&refs, &MergeOptions::default()).unwrap();
    let mut kinds = Vec::new();
    for payload in wasmparser::Parser::new(0).parse_all(&wasm) {
        if let wasmparser::Payload::MemorySection(reader) = payload.unwrap() {
            kinds.extend(reader.into_iter().map(|m| m.unwrap().memory64));
        }
    }
    assert_eq!(kinds, [true, false], "the merged module's memories keep their address types");
}
