//! Script values: `invoke` arguments, expected results (NaN patterns, references, `either`)
//! and the printing of both for failure messages.

use crate::context::Context;
use polymem::{Store, Val};
use wast::core::{AbstractHeapType, HeapType, NanPattern, V128Pattern, WastArgCore, WastRetCore};
use wast::token::{F32, F64};

/// The value an `invoke` argument stands for.
pub(crate) fn arg(context: &mut Context, arg: &WastArgCore<'_>) -> Result<Val, String> {
    Ok(match arg {
        WastArgCore::I32(v) => Val::I32(*v),
        WastArgCore::I64(v) => Val::I64(*v),
        WastArgCore::F32(v) => Val::F32(v.bits),
        WastArgCore::F64(v) => Val::F64(v.bits),
        WastArgCore::V128(v) => Val::V128(u128::from_le_bytes(v.to_le_bytes())),
        WastArgCore::RefNull(heap) => match heap_kind(heap) {
            Some(RefKind::Func) => Val::FuncRef(None),
            Some(RefKind::Extern) => Val::ExternRef(None),
            None => return Err(format!("unsupported null reference type {heap:?}")),
        },
        WastArgCore::RefExtern(n) => Val::ExternRef(Some(context.externref(*n))),
        WastArgCore::RefHost(_) => return Err("ref.host arguments are not supported".to_string()),
    })
}

/// The two reference hierarchies this engine has.
#[derive(Clone, Copy, PartialEq, Eq)]
enum RefKind {
    Func,
    Extern,
}

fn heap_kind(heap: &HeapType<'_>) -> Option<RefKind> {
    match heap {
        HeapType::Abstract {
            shared: false,
            ty: AbstractHeapType::Func | AbstractHeapType::NoFunc,
        } => Some(RefKind::Func),
        HeapType::Abstract {
            shared: false,
            ty: AbstractHeapType::Extern | AbstractHeapType::NoExtern,
        } => Some(RefKind::Extern),
        _ => None,
    }
}

/// Whether `actual` is a value the pattern `expected` allows.
pub(crate) fn matches(store: &Store<()>, actual: &Val, expected: &WastRetCore<'_>) -> bool {
    match (expected, actual) {
        (WastRetCore::I32(e), Val::I32(a)) => e == a,
        (WastRetCore::I64(e), Val::I64(a)) => e == a,
        (WastRetCore::F32(e), Val::F32(a)) => f32_matches(e, *a),
        (WastRetCore::F64(e), Val::F64(a)) => f64_matches(e, *a),
        (WastRetCore::V128(e), Val::V128(a)) => v128_matches(e, *a),
        (WastRetCore::RefNull(ty), Val::FuncRef(None)) => {
            ty.as_ref().is_none_or(|t| heap_kind(t) == Some(RefKind::Func))
        }
        (WastRetCore::RefNull(ty), Val::ExternRef(None)) => {
            ty.as_ref().is_none_or(|t| heap_kind(t) == Some(RefKind::Extern))
        }
        (WastRetCore::RefExtern(None), Val::ExternRef(Some(_))) => true,
        (WastRetCore::RefExtern(Some(n)), Val::ExternRef(Some(r))) => {
            r.data(store).downcast_ref::<u32>() == Some(n)
        }
        // Like wasmtime's runner: which function is not checked, only that it is one.
        (WastRetCore::RefFunc(_), Val::FuncRef(Some(_))) => true,
        (WastRetCore::Either(cases), _) => cases.iter().any(|case| matches(store, actual, case)),
        _ => false,
    }
}

fn f32_matches(expected: &NanPattern<F32>, bits: u32) -> bool {
    let is_nan = f32::from_bits(bits).is_nan();
    match expected {
        NanPattern::CanonicalNan => bits & 0x7fff_ffff == 0x7fc0_0000,
        NanPattern::ArithmeticNan => is_nan && bits & 0x0040_0000 != 0,
        NanPattern::Value(v) => v.bits == bits,
    }
}

fn f64_matches(expected: &NanPattern<F64>, bits: u64) -> bool {
    let is_nan = f64::from_bits(bits).is_nan();
    match expected {
        NanPattern::CanonicalNan => bits & 0x7fff_ffff_ffff_ffff == 0x7ff8_0000_0000_0000,
        NanPattern::ArithmeticNan => is_nan && bits & 0x0008_0000_0000_0000 != 0,
        NanPattern::Value(v) => v.bits == bits,
    }
}

fn v128_matches(expected: &V128Pattern, actual: u128) -> bool {
    let bytes = actual.to_le_bytes();
    let lane = |i: usize, width: usize| -> u64 {
        let mut buf = [0u8; 8];
        buf[..width].copy_from_slice(&bytes[i * width..(i + 1) * width]);
        u64::from_le_bytes(buf)
    };
    match expected {
        V128Pattern::I8x16(l) => {
            l.iter().enumerate().all(|(i, v)| lane(i, 1) == u64::from(*v as u8))
        }
        V128Pattern::I16x8(l) => {
            l.iter().enumerate().all(|(i, v)| lane(i, 2) == u64::from(*v as u16))
        }
        V128Pattern::I32x4(l) => {
            l.iter().enumerate().all(|(i, v)| lane(i, 4) == u64::from(*v as u32))
        }
        V128Pattern::I64x2(l) => l.iter().enumerate().all(|(i, v)| lane(i, 8) == *v as u64),
        V128Pattern::F32x4(l) => {
            l.iter().enumerate().all(|(i, v)| f32_matches(v, lane(i, 4) as u32))
        }
        V128Pattern::F64x2(l) => l.iter().enumerate().all(|(i, v)| f64_matches(v, lane(i, 8))),
    }
}

/// A value as the script would write it, e.g. `i32.const 7` or `f32.const 1.5 (0x3fc00000)`.
pub(crate) fn show(store: &Store<()>, val: &Val) -> String {
    match val {
        Val::I32(v) => format!("i32.const {v}"),
        Val::I64(v) => format!("i64.const {v}"),
        Val::F32(b) => format!("f32.const {} (0x{b:08x})", f32::from_bits(*b)),
        Val::F64(b) => format!("f64.const {} (0x{b:016x})", f64::from_bits(*b)),
        Val::V128(v) => {
            format!("v128.const i64x2 0x{:016x} 0x{:016x}", *v as u64, (*v >> 64) as u64)
        }
        Val::FuncRef(None) => "ref.null func".to_string(),
        Val::FuncRef(Some(_)) => "ref.func".to_string(),
        Val::ExternRef(None) => "ref.null extern".to_string(),
        Val::ExternRef(Some(r)) => match r.data(store).downcast_ref::<u32>() {
            Some(n) => format!("ref.extern {n}"),
            None => "ref.extern (host data)".to_string(),
        },
    }
}

/// An expected result as the script wrote it.
pub(crate) fn show_expected(expected: &WastRetCore<'_>) -> String {
    let nan = |p: &NanPattern<u64>, ty: &str, bits: fn(u64) -> String| match p {
        NanPattern::CanonicalNan => format!("{ty}.const nan:canonical"),
        NanPattern::ArithmeticNan => format!("{ty}.const nan:arithmetic"),
        NanPattern::Value(v) => format!("{ty}.const {}", bits(*v)),
    };
    match expected {
        WastRetCore::I32(v) => format!("i32.const {v}"),
        WastRetCore::I64(v) => format!("i64.const {v}"),
        WastRetCore::F32(p) => nan(&widen(p, |f| u64::from(f.bits)), "f32", |b| {
            format!("{} (0x{b:08x})", f32::from_bits(b as u32))
        }),
        WastRetCore::F64(p) => {
            nan(&widen(p, |f| f.bits), "f64", |b| format!("{} (0x{b:016x})", f64::from_bits(b)))
        }
        WastRetCore::V128(p) => format!("v128.const {p:?}"),
        WastRetCore::RefNull(Some(t)) => format!("ref.null {t:?}"),
        WastRetCore::RefNull(None) => "ref.null".to_string(),
        WastRetCore::RefExtern(Some(n)) => format!("ref.extern {n}"),
        WastRetCore::RefExtern(None) => "ref.extern".to_string(),
        WastRetCore::RefFunc(_) => "ref.func".to_string(),
        WastRetCore::Either(cases) => {
            let cases: Vec<String> = cases.iter().map(show_expected).collect();
            format!("either({})", cases.join(" | "))
        }
        other => format!("{other:?}"),
    }
}

fn widen<T: Copy>(p: &NanPattern<T>, bits: impl Fn(T) -> u64) -> NanPattern<u64> {
    match *p {
        NanPattern::CanonicalNan => NanPattern::CanonicalNan,
        NanPattern::ArithmeticNan => NanPattern::ArithmeticNan,
        NanPattern::Value(v) => NanPattern::Value(bits(v)),
    }
}

/// Whether a trap's message satisfies the message a script expects. Like wasmtime's runner this
/// is a substring match, plus the spellings where the reference interpreter says more than an
/// engine can.
pub(crate) fn trap_message_matches(actual: &str, expected: &str) -> bool {
    if actual.contains(expected) {
        return true;
    }
    // The reference interpreter numbers the element: "uninitialized element 2".
    if expected.starts_with("uninitialized element") && actual.contains("uninitialized element") {
        return true;
    }
    // `call_indirect` past the end of the table: the spec says "undefined element".
    expected.starts_with("undefined element") && actual.contains("out of bounds table access")
}
