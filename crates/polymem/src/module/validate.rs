//! Validation of a function body (`Translation::Lazy` validates every body in `Module::new`
//! without translating it; `Translation::Eager` runs the same loop with the translator behind
//! the validator, `translate::visit::Validating`): wasmparser's `FuncValidator` behind a
//! decoding loop of our own.
//!
//! wasmparser's `BinaryReader::visit_operator` is one large function over every opcode of
//! every proposal: per operator it saves and restores most registers, asks the visitor for the
//! innermost frame, and calls its immediate readers out of line (`docs/perf-log.md`, session
//! 11). The loop here decodes the common operators itself when their immediates take one byte
//! (local indices, small constants, branch depths, plain memory arguments, block types with no
//! parameters) and calls the validator's method for them directly; anything else, including
//! every encoding that could be malformed, goes to `visit_operator` at the same position, so
//! the errors and their offsets are wasmparser's either way.

use super::decode::{block_type, leb_signed, leb_u32, numeric};
use wasmparser::{
    BinaryReader, BinaryReaderError, FrameKind, FrameStack, FuncValidator, Ieee32, Ieee64, MemArg,
    MemArgTarget, ValidatorResources, VisitOperator, VisitSimdOperator, WasmFeatures,
};

/// Validates `body` as `FuncValidator::validate` does, with the same errors.
pub(crate) fn validate_body(
    validator: &mut FuncValidator<ValidatorResources>,
    body: &wasmparser::FunctionBody<'_>,
) -> Result<(), BinaryReaderError> {
    let mut reader = body.get_binary_reader();
    validator.read_locals(&mut reader)?;
    let features = *validator.features();
    let base = reader.original_position() - reader.current_position() as u64;
    let at = reader.current_position();
    visit_operators(&mut Checking { validator, offset: 0 }, body.as_bytes(), at, base, features)
}

/// A visitor of a body's operators that validates them (and may do more): told each
/// operator's offset before its method is called, it reports the frame it is in.
pub(crate) trait Visit<'a>:
    VisitOperator<'a, Output = Result<(), BinaryReaderError>> + FrameStack
{
    /// The offset in the module of the operator about to be visited.
    fn set_offset(&mut self, offset: u64);
}

/// Visits the operators of `code` from `code[at]` (the byte after the locals) to the end, as
/// wasmparser's `BinaryReader::visit_operator` and `finish_expression` would with the same
/// errors: the common operators decoded here, the rest by wasmparser. `code` is at byte `base`
/// of the module.
pub(crate) fn visit_operators<'a, V: Visit<'a>>(
    v: &mut V,
    code: &'a [u8],
    mut at: usize,
    base: u64,
    features: WasmFeatures,
) -> Result<(), BinaryReaderError> {
    while let Some(&op) = code.get(at) {
        v.set_offset(base + at as u64);
        let len = fast(v, op, code, at)?;
        if len != 0 {
            at += len;
            // The function's final `end` empties the control stack: an operator after it is
            // left to `visit_operator`, which reports it.
            if op != 0x0b || at == code.len() || v.current_frame().is_some() {
                continue;
            }
            v.set_offset(base + at as u64);
        }
        let rest = code.get(at..).unwrap_or_default();
        let mut reader = BinaryReader::new_features(rest, base + at as u64, features);
        reader.visit_operator(v)??;
        at += reader.current_position();
    }
    let rest = code.get(at..).unwrap_or_default();
    BinaryReader::new_features(rest, base + at as u64, features).finish_expression(v)
}

/// Visits the operator `op` at `code[at]` if it is one of the common ones and its immediates
/// are of the forms that always decode; returns its encoded length, or 0 to leave the operator
/// to wasmparser's decoder.
#[inline(always)]
fn fast<'a, V: Visit<'a>>(
    val: &mut V,
    op: u8,
    code: &[u8],
    at: usize,
) -> Result<usize, BinaryReaderError> {
    macro_rules! run {
        ($len:expr, $call:expr) => {{
            $call?;
            return Ok($len);
        }};
    }
    // An operator with one index immediate.
    macro_rules! index {
        ($val:ident.$visit:ident) => {{
            let Some((index, len)) = leb_u32(code, at + 1) else { return Ok(0) };
            run!(1 + len, $val.$visit(index))
        }};
    }
    match op {
        0x00 => run!(1, val.visit_unreachable()),
        0x01 => run!(1, val.visit_nop()),
        0x02..=0x04 => {
            let Some(ty) = code.get(at + 1).and_then(|&b| block_type(b)) else { return Ok(0) };
            match op {
                0x02 => run!(2, val.visit_block(ty)),
                0x03 => run!(2, val.visit_loop(ty)),
                _ => run!(2, val.visit_if(ty)),
            }
        }
        // `else` closes an `if` (anything else is an error that wasmparser's decoder reports).
        0x05 if val.current_frame() == Some(FrameKind::If) => run!(1, val.visit_else()),
        0x0b => run!(1, val.visit_end()),
        0x0c => index!(val.visit_br),
        0x0d => index!(val.visit_br_if),
        0x0f => run!(1, val.visit_return()),
        0x10 => index!(val.visit_call),
        0x11 => {
            // The table index as one zero byte decodes with or without reference types.
            let Some((ty, len)) = leb_u32(code, at + 1) else { return Ok(0) };
            if code.get(at + 1 + len) != Some(&0) {
                return Ok(0);
            }
            run!(2 + len, val.visit_call_indirect(ty, 0))
        }
        0x1a => run!(1, val.visit_drop()),
        0x1b => run!(1, val.visit_select()),
        0x20 => index!(val.visit_local_get),
        0x21 => index!(val.visit_local_set),
        0x22 => index!(val.visit_local_tee),
        0x23 => index!(val.visit_global_get),
        0x24 => index!(val.visit_global_set),
        0x28..=0x3e => {
            // An alignment below 16 sets no flag bit (memory index, ordering, array index).
            let Some(&align) = code.get(at + 1) else { return Ok(0) };
            let Some((offset, len)) = leb_u32(code, at + 2) else { return Ok(0) };
            if align >= 0x10 {
                return Ok(0);
            }
            let len = 2 + len;
            let arg = |max_align| MemArg {
                align,
                max_align,
                offset: u64::from(offset),
                target: MemArgTarget::Memory(0),
                ordering: None,
            };
            match op {
                0x28 => run!(len, val.visit_i32_load(arg(2))),
                0x29 => run!(len, val.visit_i64_load(arg(3))),
                0x2a => run!(len, val.visit_f32_load(arg(2))),
                0x2b => run!(len, val.visit_f64_load(arg(3))),
                0x2c => run!(len, val.visit_i32_load8_s(arg(0))),
                0x2d => run!(len, val.visit_i32_load8_u(arg(0))),
                0x2e => run!(len, val.visit_i32_load16_s(arg(1))),
                0x2f => run!(len, val.visit_i32_load16_u(arg(1))),
                0x30 => run!(len, val.visit_i64_load8_s(arg(0))),
                0x31 => run!(len, val.visit_i64_load8_u(arg(0))),
                0x32 => run!(len, val.visit_i64_load16_s(arg(1))),
                0x33 => run!(len, val.visit_i64_load16_u(arg(1))),
                0x34 => run!(len, val.visit_i64_load32_s(arg(2))),
                0x35 => run!(len, val.visit_i64_load32_u(arg(2))),
                0x36 => run!(len, val.visit_i32_store(arg(2))),
                0x37 => run!(len, val.visit_i64_store(arg(3))),
                0x38 => run!(len, val.visit_f32_store(arg(2))),
                0x39 => run!(len, val.visit_f64_store(arg(3))),
                0x3a => run!(len, val.visit_i32_store8(arg(0))),
                0x3b => run!(len, val.visit_i32_store16(arg(1))),
                0x3c => run!(len, val.visit_i64_store8(arg(0))),
                0x3d => run!(len, val.visit_i64_store16(arg(1))),
                _ => run!(len, val.visit_i64_store32(arg(2))),
            }
        }
        0x41 => {
            let Some((value, len)) = leb_signed(code, at + 1, 32) else { return Ok(0) };
            run!(1 + len, val.visit_i32_const(value as i32))
        }
        0x42 => {
            let Some((value, len)) = leb_signed(code, at + 1, 64) else { return Ok(0) };
            run!(1 + len, val.visit_i64_const(value))
        }
        0x43 => {
            let Some(bits) = code.get(at + 1..at + 5).and_then(|b| <[u8; 4]>::try_from(b).ok())
            else {
                return Ok(0);
            };
            run!(5, val.visit_f32_const(Ieee32::from(f32::from_bits(u32::from_le_bytes(bits)))))
        }
        0x44 => {
            let Some(bits) = code.get(at + 1..at + 9).and_then(|b| <[u8; 8]>::try_from(b).ok())
            else {
                return Ok(0);
            };
            run!(9, val.visit_f64_const(Ieee64::from(f64::from_bits(u64::from_le_bytes(bits)))))
        }
        0x45..=0xc4 => {
            if let Some(result) = numeric(val, op) {
                run!(1, result)
            }
        }
        // `memory.copy` and `memory.fill`: the sub-opcode in one byte.
        0xfc if code.get(at + 1) == Some(&0x0a) => {
            let Some((dst, len)) = leb_u32(code, at + 2) else { return Ok(0) };
            let Some((src, len2)) = leb_u32(code, at + 2 + len) else { return Ok(0) };
            run!(2 + len + len2, val.visit_memory_copy(dst, src))
        }
        0xfc if code.get(at + 1) == Some(&0x0b) => {
            let Some((mem, len)) = leb_u32(code, at + 2) else { return Ok(0) };
            run!(2 + len, val.visit_memory_fill(mem))
        }
        _ => {}
    }
    Ok(0)
}

/// wasmparser's function validator as a visitor for `visit_operator` (the operators the fast
/// path leaves to it).
struct Checking<'v> {
    validator: &'v mut FuncValidator<ValidatorResources>,
    /// The offset of the operator being visited (for validation errors).
    offset: u64,
}

/// A method per operator: validate it.
macro_rules! define_checking_visit {
    ($validator:ident; $( @$proposal:ident $op:ident $({ $($arg:ident: $argty:ty),* })? => $visit:ident ($($ann:tt)*) )*) => {
        $(
            #[inline(always)]
            fn $visit(&mut self $($(, $arg: $argty)*)?) -> Self::Output {
                self.validator.$validator(self.offset).$visit($($($arg),*)?)
            }
        )*
    };
}

macro_rules! define_checking_visit_core {
    ($($ops:tt)*) => { define_checking_visit!(visitor; $($ops)*); };
}

macro_rules! define_checking_visit_simd {
    ($($ops:tt)*) => { define_checking_visit!(simd_visitor; $($ops)*); };
}

impl<'a> VisitOperator<'a> for Checking<'_> {
    type Output = Result<(), BinaryReaderError>;

    fn simd_visitor(&mut self) -> Option<&mut dyn VisitSimdOperator<'a, Output = Self::Output>> {
        Some(self)
    }

    wasmparser::for_each_visit_operator!(define_checking_visit_core);
}

impl<'a> VisitSimdOperator<'a> for Checking<'_> {
    wasmparser::for_each_visit_simd_operator!(define_checking_visit_simd);
}

impl Visit<'_> for Checking<'_> {
    fn set_offset(&mut self, offset: u64) {
        self.offset = offset;
    }
}

impl FrameStack for Checking<'_> {
    fn current_frame(&self) -> Option<FrameKind> {
        self.validator.get_control_frame(0).map(|frame| frame.kind)
    }
}
