//! API-level tests of `lower_memories`: validity without multi-memory, identity for 0/1
//! memory, errors for malformed, invalid and unsupported input, exported non-zero memories.

use polymem_transform::{
    DEFAULT_RESERVE_CAP, Kind, LAYOUT_SECTION, Layout, LowerError, LowerOptions, Placement,
    lower_memories,
};
use wasmparser::{Parser, Payload, Validator, WasmFeatures};

fn wat(src: &str) -> Vec<u8> {
    wat::parse_str(src).expect("test module parses")
}

fn lower(src: &str) -> Result<Vec<u8>, LowerError> {
    lower_memories(&wat(src), &LowerOptions::default())
}

/// Validates with Wasm 2.0 features minus multi-memory, as an engine without it would.
fn assert_valid_without_multi_memory(wasm: &[u8]) {
    let features = WasmFeatures::WASM2 - WasmFeatures::MULTI_MEMORY;
    if let Err(e) = Validator::new_with_features(features).validate_all(wasm) {
        panic!("lowered module invalid without multi-memory: {e}");
    }
}

/// The layout section's bytes (the binary document, version 3).
fn layout(wasm: &[u8]) -> Vec<u8> {
    for payload in Parser::new(0).parse_all(wasm) {
        if let Payload::CustomSection(c) = payload.unwrap()
            && c.name() == LAYOUT_SECTION
        {
            return c.data().to_vec();
        }
    }
    panic!("no {LAYOUT_SECTION} section");
}

/// The layout document as JSON, read from the section's binary form.
fn layout_json(wasm: &[u8]) -> String {
    Layout::from_module(wasm).unwrap().expect("a layout section").to_json()
}

const TWO_MEMORIES: &str = r#"(module
  (memory $a 1) (memory $b 2 4)
  (data (memory $b) (i32.const 8) "hi")
  (func (export "f") (param i32) (result i32)
    (i32.store8 $b (local.get 0) (i32.const 1))
    (drop (memory.grow $a (i32.const 1)))
    (memory.copy $a $b (i32.const 0) (local.get 0) (i32.const 4))
    (memory.fill $b (i32.const 0) (i32.const 0) (memory.size $b))
    (i64.load32_s $a offset=12 (local.get 0))
    (i32.wrap_i64)))"#;

#[test]
fn lowered_modules_validate_without_multi_memory() {
    let sources = [
        TWO_MEMORIES,
        r#"(module (memory 0 0) (memory 1) (memory 0)
             (func (export "g") (result i32) (i32.load 2 (i32.const 0))))"#,
        r#"(module (import "m" "x" (memory 1)) (memory 0 0)
             (func (result i32) (memory.size 1)))"#,
        r#"(module (memory (export "a") 1) (memory 1)
             (data (memory 1) (i32.const 0) "x")
             (func (param i32) (result v128) (v128.load 1 (local.get 0))))"#,
    ];
    for src in sources {
        let lowered = lower(src).unwrap_or_else(|e| panic!("{e}\n{src}"));
        assert_valid_without_multi_memory(&lowered);
        let bytes = layout(&lowered);
        assert_eq!(bytes[0], 3, "the binary document, version 3");
        // Compact: a handful of bytes per memory.
        assert!(bytes.len() < 100, "{} bytes", bytes.len());
    }
}

#[test]
fn zero_and_one_memory_modules_come_back_unchanged() {
    for src in [
        "(module)",
        r#"(module (func (export "f") (result i32) (i32.const 1)))"#,
        r#"(module (memory 1) (data (i32.const 0) "x") (func (result i32) (i32.load (i32.const 0))))"#,
        r#"(module (import "a" "b" (memory 1 2)) (@custom "keep" "me"))"#,
    ] {
        let wasm = wat(src);
        assert_eq!(lower_memories(&wasm, &LowerOptions::default()).unwrap(), wasm, "{src}");
    }
}

#[test]
fn malformed_and_invalid_input_is_an_error() {
    let mut truncated = wat(TWO_MEMORIES);
    truncated.truncate(truncated.len() - 3);
    let cases: Vec<Vec<u8>> = vec![
        vec![],
        b"not wasm".to_vec(),
        b"\0asm\x01\0\0\0\x05\xff".to_vec(),
        truncated,
        // Invalid: the store names memory 2 of two.
        b"\0asm\x01\0\0\0\x01\x04\x01\x60\0\0\x03\x02\x01\0\x05\x05\x02\0\x01\0\x01\
          \x0a\x0c\x01\x0a\0\x41\0\x41\0\x36\x42\x02\0\x0b"
            .to_vec(),
    ];
    for wasm in cases {
        match lower_memories(&wasm, &LowerOptions::default()) {
            Err(e @ LowerError::Invalid { .. }) => assert!(e.to_string().contains("offset 0x")),
            other => panic!("expected an invalid-module error, got {other:?}"),
        }
    }
}

#[test]
fn an_exported_memory_stays_in_place_and_other_external_memories_are_bridged() {
    let src = r#"(module
      (memory $m0 1) (memory $m1 (export "mem1") 1 3) (memory $m2 2)
      (func (export "poke") (param i32 i32) (i32.store8 $m1 (local.get 0) (local.get 1)))
      (func (export "peek") (param i32) (result i32) (i32.load8_u $m2 (local.get 0))))"#;
    let lowered = lower(src).unwrap();
    assert_valid_without_multi_memory(&lowered);
    let doc = Layout::from_module(&lowered).unwrap().unwrap();
    assert_eq!(doc.memory.kind, Kind::Combined);
    let in_place = doc.in_place.as_ref().expect("memory 1 in place");
    assert_eq!((in_place.memory, &in_place.size_export[..]), (1, "polymem.size"));
    let m1 = &doc.memories[1];
    assert_eq!(
        (m1.place, m1.base, &m1.exports[..], &m1.export_positions[..]),
        (Placement::InPlace, Some(0), &["mem1".to_string()][..], &[0][..])
    );
    let exports: Vec<(String, wasmparser::ExternalKind)> = Parser::new(0)
        .parse_all(&lowered)
        .filter_map(|p| match p.unwrap() {
            Payload::ExportSection(r) => {
                Some(r.into_iter().map(|e| e.unwrap()).map(|e| (e.name.to_string(), e.kind)))
            }
            _ => None,
        })
        .flatten()
        .collect();
    use wasmparser::ExternalKind::{Func, Memory};
    let names: Vec<_> = exports.iter().map(|(n, k)| (n.as_str(), *k)).collect();
    assert_eq!(
        names,
        [
            ("mem1", Memory),
            ("poke", Func),
            ("peek", Func),
            ("polymem.size", Func),
            ("polymem.grow", Func)
        ]
    );

    // Memory 0 is imported: it is bridged, and the scratch area moves with memory 1 (which
    // has no maximum to reserve; see `in_place_maximum_is_reserved_below_constant_bases`).
    let src = r#"(module
      (import "env" "m" (memory $m0 1)) (memory $m1 (export "polymem.size") 1)
      (func (export "f") (param i32) (result i32)
        (i32.add (i32.load8_u $m0 (local.get 0)) (i32.load8_u $m1 (local.get 0)))))"#;
    let lowered = lower(src).unwrap();
    assert_valid_without_multi_memory(&lowered);
    let doc = Layout::from_module(&lowered).unwrap().unwrap();
    assert_eq!(doc.memory.kind, Kind::ImportedCombined);
    assert_eq!(doc.memories[0].place, Placement::Bridged);
    assert_eq!(doc.memories[1].place, Placement::InPlace);
    let scratch = doc.scratch.as_ref().unwrap();
    assert_eq!(scratch.base, 65536);
    assert!(scratch.base_global.is_some());
    // The helper's name does not clash with the module's own exports.
    assert_eq!(doc.in_place.as_ref().unwrap().size_export, "polymem.size.1");

    let mut options = LowerOptions::default();
    options.host_bridge = false;
    let err = lower_memories(&wat(src), &options).unwrap_err();
    assert!(matches!(err, LowerError::Unsupported { memory: Some(0), .. }), "{err:?}");
    assert!(
        err.to_string().starts_with("cannot lower memory 0: it is imported or exported"),
        "{err}"
    );
}

#[test]
fn in_place_maximum_is_reserved_below_constant_bases() {
    // Memory 0 in place with a maximum of 4 pages: with `reserve_max` (the default), the
    // private memories start above it at constant bases (no base global read by their
    // accesses), the fixed-size one first.
    let options = LowerOptions::default();
    assert!(options.reserve_max);
    let lower = |src: &str| lower_memories(&wat(src), &options);
    let src = r#"(module
      (memory $heap (export "memory") 1 4) (memory $fixed 1) (memory $nodes 2 3)
      (func (export "grow") (param i32) (result i32) (memory.grow $nodes (local.get 0)))
      (func (export "f") (param i32) (result i32)
        (i32.add (i32.load $fixed (local.get 0)) (i32.load $nodes (local.get 0)))))"#;
    let lowered = lower(src).unwrap();
    assert_valid_without_multi_memory(&lowered);
    let doc = Layout::from_module(&lowered).unwrap().unwrap();
    let bases: Vec<_> = doc.memories.iter().map(|m| (m.base, m.room)).collect();
    // The top memory reserves min(size, max - size) pages: 1.
    assert_eq!(bases, [(Some(0), Some(4)), (Some(4 << 16), Some(1)), (Some(5 << 16), Some(3))]);
    assert_eq!((doc.memory.min, doc.memory.max), (8, Some(8)));
    let globals: Vec<u32> = doc.memories.iter().filter_map(|m| m.base_global).collect();
    // The module's own two functions (the grow helpers that follow them keep the globals).
    let reads_a_base = operators(&lowered, 2).iter().any(|op| {
        matches!(op, wasmparser::Operator::GlobalGet { global_index } if globals.contains(global_index))
    });
    assert!(!reads_a_base, "an access still reads a base global");

    // Without a maximum, with one that leaves no space for the memories above, with one above
    // `reserve_cap`, or without `reserve_max`, the private memory's base moves.
    let cases = [
        ("1", true, DEFAULT_RESERVE_CAP),
        ("1 65530", true, 65535),
        ("1 16385", true, DEFAULT_RESERVE_CAP),
        ("1 32768", true, DEFAULT_RESERVE_CAP),
        ("1 4", true, 3),
        ("1 4", false, DEFAULT_RESERVE_CAP),
    ];
    for (heap, reserve, cap) in cases {
        assert_eq!(placement(heap, reserve, cap), (1, 1 << 16, 17), "{heap} {reserve} {cap}");
    }
    // At the cap and under a raised one, the whole maximum is reserved (Emscripten's default
    // 2 GiB with `reserve_cap` 32768).
    assert_eq!(DEFAULT_RESERVE_CAP, 16384);
    assert_eq!(placement("1 16384", true, DEFAULT_RESERVE_CAP), (16384, 16384 << 16, 16400));
    assert_eq!(placement("1 32768", true, 32768), (32768, 32768 << 16, 32784));
    assert_eq!(placement("1 4", true, 4), (4, 4 << 16, 20));
}

/// Memory 0's room, memory 1's base and the combined memory's initial pages when an exported
/// memory 0 with limits `heap` is lowered above a growable private memory of 8 pages.
fn placement(heap: &str, reserve_max: bool, reserve_cap: u64) -> (u64, u64, u64) {
    let src = format!(
        r#"(module (memory (export "memory") {heap}) (memory $p 8)
             (func (export "grow") (param i32) (result i32) (memory.grow $p (local.get 0))))"#
    );
    let mut options = LowerOptions::default();
    (options.reserve_max, options.reserve_cap) = (reserve_max, reserve_cap);
    let doc = Layout::from_module(&lower_memories(&wat(&src), &options).unwrap());
    let doc = doc.unwrap().unwrap();
    let room = doc.memories[0].room.unwrap();
    (room, doc.memories[1].base.unwrap(), doc.memory.min)
}

/// Every operator of the first `bodies` function bodies of `wasm`.
fn operators(wasm: &[u8], bodies: usize) -> Vec<wasmparser::Operator<'_>> {
    let mut ops = Vec::new();
    let payloads = Parser::new(0).parse_all(wasm).map(Result::unwrap);
    let entries = payloads.filter_map(|p| match p {
        Payload::CodeSectionEntry(body) => Some(body),
        _ => None,
    });
    for body in entries.take(bodies) {
        let mut reader = body.get_operators_reader().unwrap();
        while !reader.eof() {
            ops.push(reader.read().unwrap());
        }
    }
    ops
}

#[test]
fn unsupported_memories_are_rejected_by_index() {
    let exported64 = r#"(module (memory 1) (memory (export "m") i64 1))"#;
    let err = lower(exported64).unwrap_err();
    assert!(matches!(err, LowerError::Unsupported { memory: Some(1), .. }), "{err}");
    assert!(err.to_string().contains("64-bit memory"), "{err}");

    let atomics = r#"(module (memory 1) (memory 1)
      (func (result i32) (i32.atomic.load 1 (i32.const 0))))"#;
    let err = lower(atomics).unwrap_err();
    assert!(matches!(err, LowerError::Unsupported { memory: Some(1), .. }), "{err}");
}

#[test]
fn private_64_bit_memories_are_stored_in_the_32_bit_memory() {
    let src = r#"(module (memory $a 1) (memory $b i64 1 2)
      (data (memory $b) (i64.const 8) "x")
      (func (export "f") (param i64) (result i64)
        (i64.store $b offset=0x100000000 (local.get 0) (i64.const 1))
        (memory.copy $a $b (i32.const 0) (local.get 0) (i32.const 4))
        (memory.fill $b (local.get 0) (i32.const 0) (i64.const 3))
        (drop (memory.grow $b (i64.const 1)))
        (i64.add (memory.size $b) (i64.load $b (local.get 0)))))"#;
    let lowered = lower(src).unwrap();
    assert_valid_without_multi_memory(&lowered);
    assert!(layout_json(&lowered).contains(r#""index":1,"address":"i64""#));
}

#[test]
fn direct_layout_keeps_the_one_memory_that_holds_data() {
    let src = r#"(module (import "env" "mem" (memory 1 5)) (memory 0 0)
      (func (export "f") (result i32) (i32.add (i32.load (i32.const 0)) (memory.size 1))))"#;
    let lowered = lower(src).unwrap();
    assert_valid_without_multi_memory(&lowered);
    let json = layout_json(&lowered);
    assert!(json.contains(r#""kind":"direct","memory":0"#), "{json}");
    let imports: Vec<_> = Parser::new(0)
        .parse_all(&lowered)
        .filter_map(|p| match p.unwrap() {
            Payload::ImportSection(r) => {
                Some(r.into_imports().map(|i| i.unwrap().name.to_string()).collect::<Vec<_>>())
            }
            _ => None,
        })
        .flatten()
        .collect();
    assert_eq!(imports, ["mem"]);
}

#[test]
fn lowering_is_deterministic() {
    assert_eq!(lower(TWO_MEMORIES).unwrap(), lower(TWO_MEMORIES).unwrap());
}

#[test]
fn error_type_is_std_error() {
    fn takes(_: &dyn std::error::Error) {}
    takes(&lower(r#"(module (memory 1) (memory (export "m") i64 1))"#).unwrap_err());
}

#[test]
fn function_names_follow_renumbered_functions() {
    let src = r#"(module
      (import "env" "f" (func $imported))
      (import "env" "m" (memory $m0 1)) (memory $m1 (export "m1") 1)
      (func $named (export "g") (call $imported)))"#;
    let lowered = lower(src).unwrap();
    let mut names = Vec::new();
    for payload in Parser::new(0).parse_all(&lowered) {
        if let Payload::CustomSection(c) = payload.unwrap()
            && let wasmparser::KnownCustom::Name(reader) = c.as_known()
        {
            for name in reader {
                if let wasmparser::Name::Function(map) = name.unwrap() {
                    names.extend(
                        map.into_iter().map(|n| n.unwrap()).map(|n| (n.index, n.name.to_string())),
                    );
                }
            }
        }
    }
    // Six bridge imports (for the imported memory 0) come after the one original function
    // import.
    assert_eq!(names, [(0, "imported".to_string()), (7, "named".to_string())]);
}

#[test]
fn bridge_imports_bridge_a_single_imported_memory() {
    let wasm = wat(r#"(module
      (import "M" "f" (func))
      (memory (import "M" "memory") 0)
      (data (i32.const 0xffff) "a")
      (func (export "load") (param i32) (result i32) (i32.load8_u (local.get 0))))"#);
    let with = |imports: &[(&str, &str)]| {
        let mut options = LowerOptions::default();
        options.bridge_imports =
            imports.iter().map(|&(m, n)| (m.to_string(), n.to_string())).collect();
        lower_memories(&wasm, &options).unwrap()
    };
    // Names the module does not import change nothing.
    assert_eq!(with(&[]), wasm);
    assert_eq!(with(&[("M", "f"), ("N", "memory")]), wasm);
    // The named import is bridged: the combined memory is imported, the data segment applied
    // by the start function through the bridge.
    let lowered = with(&[("M", "memory")]);
    assert_valid_without_multi_memory(&lowered);
    let doc = Layout::from_module(&lowered).unwrap().unwrap();
    assert_eq!(doc.memory.kind, Kind::ImportedCombined);
    assert_eq!(doc.memories[0].place, Placement::Bridged);
    assert_eq!(doc.memories[0].import, Some(("M".into(), "memory".into())));
    assert!(doc.scratch.is_some() && doc.in_place.is_none());
    // With the host bridge off, such a module is rejected, naming the memory.
    let mut options = LowerOptions::default();
    options.bridge_imports = vec![("M".into(), "memory".into())];
    options.host_bridge = false;
    let err = lower_memories(&wasm, &options).unwrap_err();
    assert!(err.to_string().contains("memory 0"), "{err}");
}

#[test]
fn bridge_imports_bridge_the_import_beside_a_null_memory() {
    // Two memories of which only the import stores anything: normally direct.
    let src = r#"(module (memory (import "M" "memory") 1) (memory $n 0 0)
      (func (export "size") (result i32) (memory.size $n)))"#;
    let direct = Layout::from_module(&lower(src).unwrap()).unwrap().unwrap();
    assert_eq!(direct.memory.kind, Kind::Direct);
    let mut options = LowerOptions::default();
    options.bridge_imports = vec![("M".into(), "memory".into())];
    let lowered = lower_memories(&wat(src), &options).unwrap();
    assert_valid_without_multi_memory(&lowered);
    let doc = Layout::from_module(&lowered).unwrap().unwrap();
    assert_eq!(doc.memory.kind, Kind::ImportedCombined);
    assert_eq!(doc.memories[0].place, Placement::Bridged);
}

#[test]
fn custom_page_size_memories_are_rejected_by_index() {
    // The combined memory has 64 KiB pages: a memory of 1-byte pages is not expressible there.
    let bytes = r#"(module (memory 1) (memory 16 (pagesize 1))
      (func (result i32) (memory.size 1)))"#;
    let err = lower(bytes).unwrap_err();
    assert!(matches!(err, LowerError::Unsupported { memory: Some(1), .. }), "{err:?}");
    assert_eq!(err.to_string(), "cannot lower memory 1: custom page sizes are not supported");
}
