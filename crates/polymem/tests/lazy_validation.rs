//! `Module::new` validates every body with a decoding loop of its own (common operators with
//! short immediates decoded there, the rest by wasmparser), lazy translation with the validator
//! alone, eager translation with the translator behind it: both must accept and reject exactly
//! what wasmparser's own `Validator::validate_all` (its decoder throughout) does, with the same
//! messages and offsets. Bodies with every kind of immediate the loop decodes, in their
//! longest, overlong, malformed and cut-off encodings.

use polymem::{Config, Engine, Module, Translation};
use wasm_encoder::Encode;

/// Section `id` with `content`, its length first (`[u8]`'s `Encode` writes the LEB128 length).
fn section(id: u8, content: &[u8], out: &mut Vec<u8>) {
    out.push(id);
    content.encode(out);
}

/// A module of one function `[] -> []` with one `i32` local, a table and a memory, whose code
/// is `ops` (the body's bytes after its locals).
fn module(ops: &[u8]) -> Vec<u8> {
    let mut wasm = b"\0asm\x01\0\0\0".to_vec();
    section(1, &[1, 0x60, 0, 0], &mut wasm);
    section(3, &[1, 0], &mut wasm);
    section(4, &[1, 0x70, 0, 1], &mut wasm);
    section(5, &[1, 0, 1], &mut wasm);
    let mut body = vec![1, 1, 0x7f];
    body.extend_from_slice(ops);
    let mut code = vec![1];
    body.encode(&mut code);
    section(10, &code, &mut wasm);
    wasm
}

/// `Module::new`'s verdict in `translation` mode: `Ok` or the error's message.
fn verdict(translation: Translation, wasm: &[u8]) -> Result<(), String> {
    let mut config = Config::default();
    config.translation(translation);
    Module::new(&Engine::new(&config), wasm).map(drop).map_err(|e| e.to_string())
}

/// wasmparser's verdict under polymem's default features, its error as polymem prints it.
fn reference(wasm: &[u8]) -> Result<(), String> {
    let features = Config::default().wasm_features();
    match wasmparser::Validator::new_with_features(features).validate_all(wasm) {
        Ok(_) => Ok(()),
        Err(e) => Err(format!("{} (at offset 0x{:x})", e.message(), e.offset())),
    }
}

/// Checks that lazy and eager agree on `ops` with each other and with wasmparser (where
/// wasmparser accepts, polymem may report something unsupported), and that the body is valid
/// when `valid` says so.
fn check(what: &str, ops: &[u8], valid: Option<bool>) {
    let wasm = module(ops);
    let lazy = verdict(Translation::Lazy, &wasm);
    let eager = verdict(Translation::Eager, &wasm);
    assert_eq!(lazy, eager, "{what}: lazy and eager disagree");
    match reference(&wasm) {
        Err(theirs) => assert_eq!(lazy, Err(theirs), "{what}: polymem and wasmparser disagree"),
        Ok(()) => assert!(
            lazy.as_ref().map_or_else(|e| e.starts_with("unsupported: "), |()| true),
            "{what}: wasmparser accepts, polymem says {lazy:?}"
        ),
    }
    if let Some(valid) = valid {
        assert_eq!(lazy.is_ok(), valid, "{what}: {lazy:?}");
    }
}

const NOP: u8 = 0x01;
const DROP: u8 = 0x1a;
const END: u8 = 0x0b;

#[test]
fn integer_immediates_in_every_length() {
    let ff = 0xff;
    let c = 0x80;
    check("i32.const -1 in 5 bytes", &[0x41, ff, ff, ff, ff, 0x7f, DROP, END], Some(true));
    check("i32.const in 5 bytes, too large", &[0x41, c, c, c, c, 0x08, DROP, END], Some(false));
    check("i32.const in 6 bytes", &[0x41, c, c, c, c, c, 0, DROP, END], Some(false));
    check("i32.const in 4 bytes", &[0x41, c, c, c, 0x40, DROP, END], Some(true));
    check("i32.const -64", &[0x41, 0x40, DROP, END], Some(true));
    check("i32.const 64", &[0x41, 0xc0, 0x00, DROP, END], Some(true));
    let mut i64_ops = vec![0x42];
    i64_ops.extend([ff; 9]);
    check("i64.const -1 in 10 bytes", &[&i64_ops[..], &[0x7f, DROP, END]].concat(), Some(true));
    check("i64.const, bad 10th byte", &[&i64_ops[..], &[0x01, DROP, END]].concat(), Some(false));
    check("i64.const in 11 bytes", &[&i64_ops[..], &[c, 0, DROP, END]].concat(), Some(false));
    check("i64.const in 9 bytes", &[&i64_ops[..9], &[0x3f, DROP, END]].concat(), Some(true));
    check("local.get 0 in 5 bytes", &[0x20, c, c, c, c, 0, DROP, END], Some(true));
    check("local.get, bad 5th byte", &[0x20, c, c, c, c, 0x10, DROP, END], Some(false));
    check("local.get out of range", &[0x20, 5, DROP, END], Some(false));
    check("local.tee, local.set", &[0x41, 1, 0x22, 0, 0x21, 0, END], Some(true));
    check("global.get, no globals", &[0x23, 0, DROP, END], Some(false));
    check("global.set, no globals", &[0x41, 0, 0x24, 0, END], Some(false));
    check("call 0", &[0x10, 0, END], Some(true));
    check("call out of range", &[0x10, c, 1, END], Some(false));
    check("br_if 0", &[0x41, 0, 0x0d, 0, END], Some(true));
    check("br too deep", &[0x0c, 5, END], Some(false));
    check("br 0 in 2 bytes", &[0x0c, c, 0, END], Some(true));
}

#[test]
fn cut_off_bodies() {
    check("i32.const cut off", &[0x41, 0x80], Some(false));
    check("i64.const cut off", &[0x42, 0x80, 0x80], Some(false));
    check("f32.const cut off", &[0x43, 0, 0], Some(false));
    check("f64.const cut off", &[0x44, 0, 0, 0], Some(false));
    check("memarg cut off", &[0x41, 0, 0x28, 2], Some(false));
    check("block type cut off", &[0x02], Some(false));
    check("no end", &[NOP], Some(false));
    check("block left open", &[0x02, 0x40, END], Some(false));
    check("empty body", &[], Some(false));
}

#[test]
fn control_structure() {
    check("operator after the final end", &[END, NOP], Some(false));
    check("second end after the final end", &[END, END], Some(false));
    check("else outside if", &[0x05, END], Some(false));
    check("else in a block", &[0x02, 0x40, 0x05, END, END], Some(false));
    check("if else end", &[0x41, 1, 0x04, 0x40, 0x05, END, END], Some(true));
    check("block with a result", &[0x02, 0x7f, 0x41, 1, END, DROP, END], Some(true));
    check("block with a type index", &[0x02, 0, END, END], Some(true));
    check(
        "loop with an f64 result",
        &[0x03, 0x7c, 0x44, 0, 0, 0, 0, 0, 0, 0, 0, END, DROP, END],
        Some(true),
    );
    check("block of a missing type", &[0x02, 5, END, END], Some(false));
    check("block typed v128", &[0x02, 0x7b, 0x00, END, END], None);
    check("unreachable code", &[0x00, 0x6a, DROP, END], Some(true));
    check("return", &[0x0f, END], Some(true));
    check("select", &[0x41, 1, 0x41, 2, 0x41, 0, 0x1b, DROP, END], Some(true));
    check("f32.const", &[0x43, 0, 0, 0x80, 0x3f, DROP, END], Some(true));
}

#[test]
fn memory_and_table_immediates() {
    let c = 0x80;
    check("i32.load", &[0x41, 0, 0x28, 2, 0, DROP, END], Some(true));
    check(
        "i32.load, offset in 5 bytes",
        &[0x41, 0, 0x28, 2, c, c, c, c, 0x0f, DROP, END],
        Some(true),
    );
    check("i32.load, bad offset", &[0x41, 0, 0x28, 2, c, c, c, c, 0x10, DROP, END], Some(false));
    check("i32.load, alignment too large", &[0x41, 0, 0x28, 3, 0, DROP, END], Some(false));
    check("i32.load, memory 0 named", &[0x41, 0, 0x28, 0x42, 0, 0, DROP, END], None);
    check("i32.load, memory 1 named", &[0x41, 0, 0x28, 0x42, 1, 0, DROP, END], Some(false));
    check("i32.load, ordering flag", &[0x41, 0, 0x28, 0x12, 0, DROP, END], Some(false));
    check("i64.store of an i32", &[0x41, 0, 0x41, 0, 0x37, 3, 0, END], Some(false));
    check("i32.store8", &[0x41, 0, 0x41, 0, 0x3a, 0, 0, END], Some(true));
    check("call_indirect", &[0x41, 0, 0x11, 0, 0, END], Some(true));
    check("call_indirect, overlong table", &[0x41, 0, 0x11, 0, c, 0, END], None);
    check("call_indirect, table 1", &[0x41, 0, 0x11, 0, 1, END], Some(false));
    check("call_indirect, missing type", &[0x41, 0, 0x11, 3, 0, END], Some(false));
    let three = [0x41, 0, 0x41, 0, 0x41, 0];
    check("memory.copy", &[&three[..], &[0xfc, 0x0a, 0, 0, END]].concat(), Some(true));
    check("memory.copy, memory 1", &[&three[..], &[0xfc, 0x0a, 1, 0, END]].concat(), Some(false));
    check("memory.fill", &[&three[..], &[0xfc, 0x0b, 0, END]].concat(), Some(true));
    check("memory.fill, cut off", &[&three[..], &[0xfc, 0x0b]].concat(), Some(false));
    check("memory.fill, overlong index", &[&three[..], &[0xfc, 0x0b, c, 0, END]].concat(), None);
}

#[test]
fn every_numeric_operator() {
    for op in 0x45..=0xc4u8 {
        // Each pops at least one operand: an empty stack is an error naming the operator's
        // expected type, two i64 operands suit some of them.
        check(&format!("{op:#04x} on nothing"), &[op, DROP, END], Some(false));
        check(&format!("{op:#04x} on i64s"), &[0x42, 0, 0x42, 0, op, DROP, DROP, END], None);
        check(&format!("{op:#04x} on f64s"), &[0x44, 0, 0, 0, 0, 0, 0, 0, 0, op, DROP, END], None);
    }
    check("i32.add of i32s", &[0x41, 1, 0x41, 2, 0x6a, DROP, END], Some(true));
    check("i32.add of i64s", &[0x42, 1, 0x42, 2, 0x6a, DROP, END], Some(false));
}
