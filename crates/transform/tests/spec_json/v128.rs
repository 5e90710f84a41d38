//! Calls that JavaScript cannot make: a function whose signature has a `v128` cannot be called
//! from JS (the JS API throws a `TypeError`), so a spec command on such a function becomes a
//! small *wrapper* module (as the reference interpreter's JS converter does) that imports the
//! function from the instance under test, calls it with the command's constants and checks
//! every result in Wasm. The wrapper exports `run: [] -> [i32]`, which returns 0 when every
//! result matched and `i + 1` when result `i` did not; a trap in the call propagates out of
//! `run` unchanged. `js/polymem/test/spec-commands.js` runs such commands (`"wrapper"` field).

use std::collections::HashMap;
use wasm_encoder::{
    BlockType, CodeSection, EntityType, ExportKind, ExportSection, Function, FunctionSection,
    Ieee32, Ieee64, ImportSection, Instruction as I, Module, TypeSection, ValType,
};
use wasmparser::{Parser, Payload, TypeRef};
use wast::core::{NanPattern, V128Pattern, WastArgCore, WastRetCore};
use wast::{WastArg, WastRet};

/// The import module name under which the wrapper finds the instance under test.
pub const TARGET: &str = "target";

/// Every exported function's `(params, results)` by export name.
pub type ExportTypes = HashMap<String, (Vec<wasmparser::ValType>, Vec<wasmparser::ValType>)>;

/// The exported functions' types of a module (empty where it does not parse).
pub fn export_types(wasm: &[u8]) -> ExportTypes {
    let (mut types, mut funcs, mut exports) = (Vec::new(), Vec::new(), ExportTypes::new());
    for payload in Parser::new(0).parse_all(wasm) {
        let Ok(payload) = payload else { break };
        match payload {
            Payload::TypeSection(reader) => {
                // A GC type ends the list: later indices are unknown, so nothing is wrapped.
                for ty in reader.into_iter_err_on_gc_types() {
                    let Ok(ty) = ty else { return exports };
                    types.push((ty.params().to_vec(), ty.results().to_vec()));
                }
            }
            Payload::ImportSection(reader) => {
                for import in reader.into_imports().flatten() {
                    if let TypeRef::Func(t) = import.ty {
                        funcs.push(t);
                    }
                }
            }
            Payload::FunctionSection(reader) => funcs.extend(reader.into_iter().flatten()),
            Payload::ExportSection(reader) => {
                for export in reader.into_iter().flatten() {
                    if export.kind != wasmparser::ExternalKind::Func {
                        continue;
                    }
                    let ty = funcs.get(export.index as usize).and_then(|&t| types.get(t as usize));
                    if let Some(ty) = ty {
                        exports.insert(export.name.to_string(), ty.clone());
                    }
                }
            }
            _ => {}
        }
    }
    exports
}

/// Whether a call of a function of this type needs a wrapper.
pub fn needs_wrapper(params: &[wasmparser::ValType], results: &[wasmparser::ValType]) -> bool {
    params.iter().chain(results).any(|t| *t == wasmparser::ValType::V128)
}

/// The wrapper module calling `field` of type `(params, results)` with `args`, checking the
/// results against `expected` (none: results are dropped, for `assert_trap` and plain calls).
/// `None` when an argument or an expected value cannot be written in Wasm (e.g. an externref).
pub fn wrapper(
    field: &str,
    (params, results): &(Vec<wasmparser::ValType>, Vec<wasmparser::ValType>),
    args: &[WastArg<'_>],
    expected: Option<&[WastRet<'_>]>,
) -> Option<Vec<u8>> {
    let valtype = |t: &wasmparser::ValType| ValType::try_from(*t).ok();
    let params: Vec<ValType> = params.iter().map(valtype).collect::<Option<_>>()?;
    let results: Vec<ValType> = results.iter().map(valtype).collect::<Option<_>>()?;
    let mut module = Module::new();
    let mut types = TypeSection::new();
    types.ty().function(params.clone(), results.clone());
    types.ty().function([], [ValType::I32]);
    module.section(&types);
    let mut imports = ImportSection::new();
    imports.import(TARGET, field, EntityType::Function(0));
    module.section(&imports);
    let mut funcs = FunctionSection::new();
    funcs.function(1);
    module.section(&funcs);
    let mut exports = ExportSection::new();
    exports.export("run", ExportKind::Func, 1);
    module.section(&exports);

    // One local per result, in order.
    let mut body = Function::new_with_locals_types(results.iter().copied());
    for arg in args {
        body.instruction(&constant(arg)?);
    }
    body.instruction(&I::Call(0));
    for i in (0..results.len()).rev() {
        body.instruction(&I::LocalSet(i as u32));
    }
    if let Some(expected) = expected {
        if expected.len() != results.len() {
            return None;
        }
        for (i, ret) in expected.iter().enumerate() {
            let WastRet::Core(ret) = ret else { return None };
            let local = i as u32;
            let load = |body: &mut Function| {
                body.instruction(&I::LocalGet(local));
            };
            matches(ret, &load, &mut body)?;
            body.instruction(&I::I32Eqz);
            body.instruction(&I::If(BlockType::Empty));
            body.instruction(&I::I32Const(i as i32 + 1));
            body.instruction(&I::Return);
            body.instruction(&I::End);
        }
    }
    body.instruction(&I::I32Const(0));
    body.instruction(&I::End);
    let mut code = CodeSection::new();
    code.function(&body);
    module.section(&code);
    Some(module.finish())
}

/// The instruction pushing one argument.
fn constant(arg: &WastArg<'_>) -> Option<I<'static>> {
    let WastArg::Core(arg) = arg else { return None };
    Some(match arg {
        WastArgCore::I32(v) => I::I32Const(*v),
        WastArgCore::I64(v) => I::I64Const(*v),
        WastArgCore::F32(v) => I::F32Const(Ieee32::new(v.bits)),
        WastArgCore::F64(v) => I::F64Const(Ieee64::new(v.bits)),
        WastArgCore::V128(v) => I::V128Const(i128::from_le_bytes(v.to_le_bytes())),
        _ => return None,
    })
}

/// Pushes 1 when the value that `load` pushes matches `ret`, else 0 (Wasm has no `dup`, so
/// each lane check loads the value again).
fn matches(ret: &WastRetCore<'_>, load: &dyn Fn(&mut Function), body: &mut Function) -> Option<()> {
    match ret {
        WastRetCore::I32(v) => {
            load(body);
            body.instruction(&I::I32Const(*v));
            body.instruction(&I::I32Eq);
        }
        WastRetCore::I64(v) => {
            load(body);
            body.instruction(&I::I64Const(*v));
            body.instruction(&I::I64Eq);
        }
        WastRetCore::F32(pattern) => {
            load(body);
            body.instruction(&I::I32ReinterpretF32);
            f32_matches(bits(pattern, |v| v.bits), body);
        }
        WastRetCore::F64(pattern) => {
            load(body);
            body.instruction(&I::I64ReinterpretF64);
            f64_matches(bits(pattern, |v| v.bits), body);
        }
        WastRetCore::V128(V128Pattern::F32x4(lanes)) => {
            for (lane, pattern) in lanes.iter().enumerate() {
                load(body);
                body.instruction(&I::F32x4ExtractLane(lane as u8));
                body.instruction(&I::I32ReinterpretF32);
                f32_matches(bits(pattern, |v| v.bits), body);
                if lane > 0 {
                    body.instruction(&I::I32And);
                }
            }
        }
        WastRetCore::V128(V128Pattern::F64x2(lanes)) => {
            for (lane, pattern) in lanes.iter().enumerate() {
                load(body);
                body.instruction(&I::F64x2ExtractLane(lane as u8));
                body.instruction(&I::I64ReinterpretF64);
                f64_matches(bits(pattern, |v| v.bits), body);
                if lane > 0 {
                    body.instruction(&I::I32And);
                }
            }
        }
        WastRetCore::V128(pattern) => {
            // Integer lanes: equal exactly when no bit differs.
            load(body);
            body.instruction(&I::V128Const(i128::from_le_bytes(integer_bytes(pattern)?)));
            body.instruction(&I::V128Xor);
            body.instruction(&I::V128AnyTrue);
            body.instruction(&I::I32Eqz);
        }
        WastRetCore::RefNull(_) => {
            load(body);
            body.instruction(&I::RefIsNull);
        }
        WastRetCore::Either(all) => {
            for (i, one) in all.iter().enumerate() {
                matches(one, load, body)?;
                if i > 0 {
                    body.instruction(&I::I32Or);
                }
            }
            if all.is_empty() {
                return None;
            }
        }
        _ => return None,
    }
    Some(())
}

/// The 16 little-endian bytes of an integer-lane pattern.
fn integer_bytes(pattern: &V128Pattern) -> Option<[u8; 16]> {
    let mut bytes = [0u8; 16];
    match pattern {
        V128Pattern::I8x16(l) => l.iter().enumerate().for_each(|(i, v)| bytes[i] = *v as u8),
        V128Pattern::I16x8(l) => l.iter().enumerate().for_each(|(i, v)| {
            bytes[i * 2..i * 2 + 2].copy_from_slice(&v.to_le_bytes());
        }),
        V128Pattern::I32x4(l) => l.iter().enumerate().for_each(|(i, v)| {
            bytes[i * 4..i * 4 + 4].copy_from_slice(&v.to_le_bytes());
        }),
        V128Pattern::I64x2(l) => l.iter().enumerate().for_each(|(i, v)| {
            bytes[i * 8..i * 8 + 8].copy_from_slice(&v.to_le_bytes());
        }),
        V128Pattern::F32x4(_) | V128Pattern::F64x2(_) => return None,
    }
    Some(bytes)
}

/// A float pattern with the value as its bits.
fn bits<T, B>(pattern: &NanPattern<T>, to_bits: impl Fn(&T) -> B) -> NanPattern<B> {
    match pattern {
        NanPattern::CanonicalNan => NanPattern::CanonicalNan,
        NanPattern::ArithmeticNan => NanPattern::ArithmeticNan,
        NanPattern::Value(v) => NanPattern::Value(to_bits(v)),
    }
}

/// Consumes an f32's bits (i32) and pushes whether they match the pattern.
fn f32_matches(pattern: NanPattern<u32>, body: &mut Function) {
    let (mask, want) = match pattern {
        NanPattern::Value(bits) => (u32::MAX, bits),
        // Any sign, quiet bit set and no other payload bit.
        NanPattern::CanonicalNan => (0x7fff_ffff, 0x7fc0_0000),
        // Any sign and payload, with the quiet bit set.
        NanPattern::ArithmeticNan => (0x7fc0_0000, 0x7fc0_0000),
    };
    body.instruction(&I::I32Const(mask as i32));
    body.instruction(&I::I32And);
    body.instruction(&I::I32Const(want as i32));
    body.instruction(&I::I32Eq);
}

/// Consumes an f64's bits (i64) and pushes whether they match the pattern.
fn f64_matches(pattern: NanPattern<u64>, body: &mut Function) {
    let (mask, want) = match pattern {
        NanPattern::Value(bits) => (u64::MAX, bits),
        NanPattern::CanonicalNan => (0x7fff_ffff_ffff_ffff, 0x7ff8_0000_0000_0000),
        NanPattern::ArithmeticNan => (0x7ff8_0000_0000_0000, 0x7ff8_0000_0000_0000),
    };
    body.instruction(&I::I64Const(mask as i64));
    body.instruction(&I::I64And);
    body.instruction(&I::I64Const(want as i64));
    body.instruction(&I::I64Eq);
}
