//! One function per Wasm operator, named as wasmparser names the operator (`I32Add`,
//! `I64Load8S`), which the visitor of [`super::visit`] calls directly: no `Operator` value is
//! built or matched.
//!
//! The functions come from three places, and a name defined twice or missing for an operator of
//! a proposal we support is a compile error:
//! - the ISA table (`for_each_instr!`): rows of kind `unary`, `binary`, `load`, `store`,
//!   `wide128`, `binary_wide` and the SIMD kinds translate the operator of the same name;
//! - the hand-written operators below (control, variables, constants, calls, bulk, tables);
//! - [`unsupported`]: the operators of proposals this engine does not implement, generated from
//!   wasmparser's `for_each_operator!`, each an `unsupported` error.
#![allow(non_snake_case)]

use super::Translator;
use super::stack::Operand;
use crate::error::Error;
use crate::types::ValType;
use polymem_ir::{FuncIdx, Instr};
use wasmparser::{BlockType, BrTable, HeapType, Ieee32, Ieee64, MemArg, V128};

pub(super) use super::bulk::*;
pub(super) use unsupported::*;

/// The immediate form of a binary operator (an `imm(Name, width, commutative)` marker).
#[derive(Clone, Copy)]
pub(super) struct ImmForm {
    pub(super) make: fn(polymem_ir::Slot, polymem_ir::Slot, i32) -> Instr,
    /// The constant is an i64: it fits when its value is in `i32`'s range.
    pub(super) wide: bool,
    /// Also takes a constant on the left.
    pub(super) commutative: bool,
}

/// The meaning of an `imm` marker's width (`i64`: wide) and commutativity words.
macro_rules! flag {
    (i32) => {
        false
    };
    (i64) => {
        true
    };
    (ordered) => {
        false
    };
    (commutative) => {
        true
    };
}

/// The `ImmForm` of a row's markers, if it has an `imm` marker.
macro_rules! imm_form {
    ([imm($Imm:ident, $w:ident, $c:ident) $($rest:tt)*]) => {
        Some(ImmForm {
            make: |result, lhs, rhs| Instr::$Imm { result, lhs, rhs },
            wide: flag!($w),
            commutative: flag!($c),
        })
    };
    ([$m:ident $args:tt $($rest:tt)*]) => { imm_form!([$($rest)*]) };
    ([]) => { None };
}

/// The function of one table row, by its kind; kinds that are not Wasm operators define none.
macro_rules! row_operator {
    (unary, $V:ident, $markers:tt) => {
        pub(super) fn $V(t: &mut Translator<'_>) -> Result<(), Error> {
            t.unary(|result, input| Instr::$V { result, input })
        }
    };
    // `x - c` is `x + (-c)`, whose immediate form the subtractions lack.
    (binary, I32Sub, $markers:tt) => {
        #[inline]
        pub(super) fn I32Sub(t: &mut Translator<'_>) -> Result<(), Error> {
            match t.sub_as_add(false) {
                Some(done) => done,
                None => t.binary(|result, lhs, rhs| Instr::I32Sub { result, lhs, rhs }, None),
            }
        }
    };
    (binary, I64Sub, $markers:tt) => {
        #[inline]
        pub(super) fn I64Sub(t: &mut Translator<'_>) -> Result<(), Error> {
            match t.sub_as_add(true) {
                Some(done) => done,
                None => t.binary(|result, lhs, rhs| Instr::I64Sub { result, lhs, rhs }, None),
            }
        }
    };
    (binary, $V:ident, $markers:tt) => {
        pub(super) fn $V(t: &mut Translator<'_>) -> Result<(), Error> {
            t.binary(|result, lhs, rhs| Instr::$V { result, lhs, rhs }, imm_form!($markers))
        }
    };
    (load, $V:ident, $markers:tt) => {
        pub(super) fn $V(t: &mut Translator<'_>, memarg: MemArg) -> Result<(), Error> {
            t.load(&memarg, |result, addr, mem, offset| Instr::$V { result, addr, mem, offset })
        }
    };
    (store, $V:ident, $markers:tt) => {
        pub(super) fn $V(t: &mut Translator<'_>, memarg: MemArg) -> Result<(), Error> {
            t.store(&memarg, |addr, value, mem, offset| Instr::$V { addr, value, mem, offset })
        }
    };
    (simd_unary, $V:ident, $markers:tt) => {
        pub(super) fn $V(t: &mut Translator<'_>) -> Result<(), Error> {
            t.simd::<1>(|r, s| Instr::$V { result: r, input: s[0] })
        }
    };
    // A lane test has a scalar result: translated as any unary operator.
    (simd_test, $V:ident, $markers:tt) => {
        row_operator!(unary, $V, $markers);
    };
    (simd_binary, $V:ident, $markers:tt) => {
        pub(super) fn $V(t: &mut Translator<'_>) -> Result<(), Error> {
            t.simd::<2>(|r, s| Instr::$V { result: r, lhs: s[0], rhs: s[1] })
        }
    };
    (simd_ternary, $V:ident, $markers:tt) => {
        pub(super) fn $V(t: &mut Translator<'_>) -> Result<(), Error> {
            t.simd::<3>(|r, s| Instr::$V { result: r, a: s[0], b: s[1], c: s[2] })
        }
    };
    (simd_extract, $V:ident, $markers:tt) => {
        pub(super) fn $V(t: &mut Translator<'_>, lane: u8) -> Result<(), Error> {
            t.unary(|result, input| Instr::$V { result, input, lane })
        }
    };
    (simd_replace, $V:ident, $markers:tt) => {
        pub(super) fn $V(t: &mut Translator<'_>, lane: u8) -> Result<(), Error> {
            t.simd::<2>(|r, s| Instr::$V { result: r, lhs: s[0], rhs: s[1], lane })
        }
    };
    (simd_load, $V:ident, $markers:tt) => {
        pub(super) fn $V(t: &mut Translator<'_>, memarg: MemArg) -> Result<(), Error> {
            t.load_v128(&memarg, |result, addr, mem, offset| Instr::$V {
                result,
                addr,
                mem,
                offset,
            })
        }
    };
    // A v128 store takes its operands as a scalar store does (the value slot names two cells).
    (simd_store, $V:ident, $markers:tt) => {
        row_operator!(store, $V, $markers);
    };
    (simd_load_lane, $V:ident, $markers:tt) => {
        pub(super) fn $V(t: &mut Translator<'_>, memarg: MemArg, lane: u8) -> Result<(), Error> {
            t.load_lane_v128(&memarg, |result, addr, input, mem, offset| Instr::$V {
                result,
                addr,
                input,
                offset,
                mem,
                lane,
            })
        }
    };
    (simd_store_lane, $V:ident, $markers:tt) => {
        pub(super) fn $V(t: &mut Translator<'_>, memarg: MemArg, lane: u8) -> Result<(), Error> {
            t.store(&memarg, |addr, value, mem, offset| Instr::$V {
                addr,
                value,
                offset,
                mem,
                lane,
            })
        }
    };
    (wide128, $V:ident, $markers:tt) => {
        pub(super) fn $V(t: &mut Translator<'_>) -> Result<(), Error> {
            t.wide128(|results, lhs_lo, lhs_hi, rhs_lo, rhs_hi| Instr::$V {
                results,
                lhs_lo,
                lhs_hi,
                rhs_lo,
                rhs_hi,
            })
        }
    };
    (binary_wide, $V:ident, $markers:tt) => {
        pub(super) fn $V(t: &mut Translator<'_>) -> Result<(), Error> {
            t.binary_wide(|results, lhs, rhs| Instr::$V { results, lhs, rhs })
        }
    };
    // Not Wasm operators (or written by hand below: `special`, `select`, `simd_shuffle`).
    (special, $V:ident, $markers:tt) => {};
    (table, $V:ident, $markers:tt) => {};
    (select, $V:ident, $markers:tt) => {};
    // Superinstructions, formed from the finished code (`fuse`).
    (pair, $V:ident, $markers:tt) => {};
    (simd_shuffle, $V:ident, $markers:tt) => {};
    (binary_imm, $V:ident, $markers:tt) => {};
    (branch, $V:ident, $markers:tt) => {};
    (branch_imm, $V:ident, $markers:tt) => {};
    (hot, $V:ident, $markers:tt) => {};
    (mem64, $V:ident, $markers:tt) => {};
    (mem64_hot, $V:ident, $markers:tt) => {};
    // The accumulator forms, chosen by a pass over the finished code (`acc`).
    (acc, $V:ident, $markers:tt) => {};
    // The forms without the result's store, chosen by the same pass.
    (to_acc, $V:ident, $markers:tt) => {};
}

macro_rules! define_row_operators {
    ($(
        $(#[$meta:meta])*
        $V:ident { $($f:ident: $T:ident),* } => $kind:ident $(($($arg:tt)*))? $(, $marker:ident $margs:tt)* ;
    )*) => {
        $( row_operator!($kind, $V, [$($marker $margs)*]); )*
    };
}
polymem_ir::for_each_instr!(define_row_operators);

/// The operators of the proposals this engine does not implement: one function each, an
/// `unsupported` error. The proposals it does implement are listed, so that an operator of
/// theirs without a function above is a compile error rather than an error at run time.
mod unsupported {
    use super::Translator;
    use crate::error::Error;

    macro_rules! unsupported_operator {
        (@mvp $($rest:tt)*) => {};
        (@sign_extension $($rest:tt)*) => {};
        (@saturating_float_to_int $($rest:tt)*) => {};
        (@bulk_memory $($rest:tt)*) => {};
        (@reference_types $($rest:tt)*) => {};
        (@tail_call $($rest:tt)*) => {};
        (@simd $($rest:tt)*) => {};
        (@relaxed_simd $($rest:tt)*) => {};
        (@wide_arithmetic $($rest:tt)*) => {};
        (@$proposal:ident $op:ident $({ $($arg:ident: $argty:ty),* })? => $visit:ident) => {
            #[allow(unused_variables, clippy::extra_unused_lifetimes)]
            pub(in super::super) fn $op<'a>(
                t: &mut Translator<'_>
                $($(, $arg: $argty)*)?
            ) -> Result<(), Error> {
                Err(Error::unsupported(format!(
                    "operator {} ({})",
                    stringify!($op),
                    stringify!($proposal),
                )))
            }
        };
    }

    macro_rules! define_unsupported {
        ($( @$proposal:ident $op:ident $({ $($arg:ident: $argty:ty),* })? => $visit:ident ($($ann:tt)*) )*) => {
            $( unsupported_operator!(@$proposal $op $({ $($arg: $argty),* })? => $visit); )*
        };
    }
    wasmparser::for_each_operator!(define_unsupported);
}

// The operators written by hand.

#[inline]
pub(super) fn Nop(_: &mut Translator<'_>) -> Result<(), Error> {
    Ok(())
}

#[inline]
pub(super) fn Unreachable(t: &mut Translator<'_>) -> Result<(), Error> {
    t.emit(Instr::Unreachable {});
    t.reachable = false;
    Ok(())
}

#[inline]
pub(super) fn Block(t: &mut Translator<'_>, blockty: BlockType) -> Result<(), Error> {
    t.block(blockty);
    Ok(())
}

#[inline]
pub(super) fn Loop(t: &mut Translator<'_>, blockty: BlockType) -> Result<(), Error> {
    t.loop_(blockty);
    Ok(())
}

#[inline]
pub(super) fn If(t: &mut Translator<'_>, blockty: BlockType) -> Result<(), Error> {
    t.if_(blockty);
    Ok(())
}

#[inline]
pub(super) fn Else(t: &mut Translator<'_>) -> Result<(), Error> {
    t.else_();
    Ok(())
}

#[inline]
pub(super) fn End(t: &mut Translator<'_>) -> Result<(), Error> {
    t.end();
    Ok(())
}

#[inline]
pub(super) fn Br(t: &mut Translator<'_>, relative_depth: u32) -> Result<(), Error> {
    t.br(relative_depth);
    Ok(())
}

#[inline]
pub(super) fn BrIf(t: &mut Translator<'_>, relative_depth: u32) -> Result<(), Error> {
    t.br_if(relative_depth);
    Ok(())
}

#[inline]
pub(super) fn BrTable(t: &mut Translator<'_>, targets: BrTable<'_>) -> Result<(), Error> {
    let mut all = std::mem::take(&mut t.br_targets);
    all.clear();
    for target in targets.targets() {
        all.push(target?);
    }
    all.push(targets.default());
    let done = t.br_table(&all);
    t.br_targets = all;
    done
}

#[inline]
pub(super) fn Return(t: &mut Translator<'_>) -> Result<(), Error> {
    t.emit_return();
    Ok(())
}

#[inline]
pub(super) fn Call(t: &mut Translator<'_>, function_index: u32) -> Result<(), Error> {
    let func = FuncIdx(function_index);
    let module = t.module;
    let ty = module.func_type(func);
    match module.defined(func) {
        Some(defined) => t.call(|base| Instr::CallInternal { base, defined }, ty),
        None => t.call(|base| Instr::Call { base, func }, ty),
    }
}

#[inline]
pub(super) fn CallIndirect(
    t: &mut Translator<'_>,
    type_index: u32,
    table_index: u32,
) -> Result<(), Error> {
    let module = t.module;
    let ty = &module.types[type_index as usize];
    let index = t.pop_slot();
    t.call(|base| Instr::CallIndirect { base, index, table: table_index, ty: type_index }, ty)
}

#[inline]
pub(super) fn ReturnCall(t: &mut Translator<'_>, function_index: u32) -> Result<(), Error> {
    let func = FuncIdx(function_index);
    let p = t.module.func_type(func).params().len();
    match t.module.defined(func) {
        Some(defined) => t.return_call(|base| Instr::ReturnCallInternal { base, defined }, p),
        None => t.return_call(|base| Instr::ReturnCall { base, func }, p),
    }
    Ok(())
}

#[inline]
pub(super) fn ReturnCallIndirect(
    t: &mut Translator<'_>,
    type_index: u32,
    table_index: u32,
) -> Result<(), Error> {
    let p = t.module.types[type_index as usize].params().len();
    let index = t.pop_slot();
    let table = table_index;
    t.return_call(|base| Instr::ReturnCallIndirect { base, index, table, ty: type_index }, p);
    Ok(())
}

#[inline]
pub(super) fn Drop(t: &mut Translator<'_>) -> Result<(), Error> {
    t.pop_operand();
    Ok(())
}

#[inline]
pub(super) fn Select(t: &mut Translator<'_>) -> Result<(), Error> {
    let cond = t.pop_slot();
    let wide = t.is_wide(t.stack.len() - 1);
    let if_false = t.pop_slot();
    let if_true = t.pop_slot();
    if wide {
        let result = t.push_temp_v128()?;
        t.emit_result(Instr::SelectV128 { result, cond, if_true, if_false });
    } else {
        let result = t.push_temp()?;
        t.emit_result(Instr::Select { result, cond, if_true, if_false });
    }
    Ok(())
}

#[inline]
pub(super) fn TypedSelect(t: &mut Translator<'_>, _: wasmparser::ValType) -> Result<(), Error> {
    Select(t)
}

#[inline]
pub(super) fn TypedSelectMulti(
    _: &mut Translator<'_>,
    _: Vec<wasmparser::ValType>,
) -> Result<(), Error> {
    // Never valid (the validator rejects it first); decoded only so that it can be printed.
    Err(Error::unsupported("select with several results"))
}

#[inline]
pub(super) fn LocalGet(t: &mut Translator<'_>, local_index: u32) -> Result<(), Error> {
    t.local_get(local_index)
}

#[inline]
pub(super) fn LocalSet(t: &mut Translator<'_>, local_index: u32) -> Result<(), Error> {
    t.local_set(local_index, false);
    Ok(())
}

#[inline]
pub(super) fn LocalTee(t: &mut Translator<'_>, local_index: u32) -> Result<(), Error> {
    t.local_set(local_index, true);
    Ok(())
}

#[inline]
pub(super) fn GlobalGet(t: &mut Translator<'_>, global: u32) -> Result<(), Error> {
    if t.module.globals[global as usize].content() == ValType::V128 {
        let result = t.push_temp_v128()?;
        t.emit_result(Instr::GlobalGetV128 { result, global });
    } else {
        let result = t.push_temp()?;
        t.emit_result(Instr::GlobalGet { result, global });
    }
    Ok(())
}

#[inline]
pub(super) fn GlobalSet(t: &mut Translator<'_>, global: u32) -> Result<(), Error> {
    let wide = t.is_wide(t.stack.len() - 1);
    let value = t.pop_slot();
    t.emit(if wide {
        Instr::GlobalSetV128 { value, global }
    } else {
        Instr::GlobalSet { value, global }
    });
    Ok(())
}

#[inline]
pub(super) fn RefNull(t: &mut Translator<'_>, _: HeapType) -> Result<(), Error> {
    t.push(Operand::Const(0))
}

#[inline]
pub(super) fn RefIsNull(t: &mut Translator<'_>) -> Result<(), Error> {
    t.unary(|result, input| Instr::I64Eqz { result, input })
}

#[inline]
pub(super) fn RefFunc(t: &mut Translator<'_>, function_index: u32) -> Result<(), Error> {
    let result = t.push_temp()?;
    t.emit_result(Instr::RefFunc { result, func: FuncIdx(function_index) });
    Ok(())
}

#[inline]
pub(super) fn I32Const(t: &mut Translator<'_>, value: i32) -> Result<(), Error> {
    t.push(Operand::Const(value as u32 as u64))
}

#[inline]
pub(super) fn I64Const(t: &mut Translator<'_>, value: i64) -> Result<(), Error> {
    t.push(Operand::Const(value as u64))
}

#[inline]
pub(super) fn F32Const(t: &mut Translator<'_>, value: Ieee32) -> Result<(), Error> {
    t.push(Operand::Const(value.bits() as u64))
}

#[inline]
pub(super) fn F64Const(t: &mut Translator<'_>, value: Ieee64) -> Result<(), Error> {
    t.push(Operand::Const(value.bits()))
}

#[inline]
pub(super) fn V128Const(t: &mut Translator<'_>, value: V128) -> Result<(), Error> {
    let index = t.v128_values.len() as u32;
    t.v128_values.push(value.i128() as u128);
    t.push(Operand::V128(index))
}

#[inline]
pub(super) fn I8x16Shuffle(t: &mut Translator<'_>, lanes: [u8; 16]) -> Result<(), Error> {
    let lanes = t
        .const_slot_v128(u128::from_le_bytes(lanes))
        .ok_or_else(|| Error::limit("function has more than 1024 constants and shuffles"))?;
    t.simd::<2>(|result, s| Instr::I8x16Shuffle { result, lhs: s[0], rhs: s[1], lanes })
}

// Same bits in the same cell: nothing to do.

#[inline]
pub(super) fn I32ReinterpretF32(_: &mut Translator<'_>) -> Result<(), Error> {
    Ok(())
}

#[inline]
pub(super) fn F32ReinterpretI32(_: &mut Translator<'_>) -> Result<(), Error> {
    Ok(())
}

#[inline]
pub(super) fn I64ReinterpretF64(_: &mut Translator<'_>) -> Result<(), Error> {
    Ok(())
}

#[inline]
pub(super) fn F64ReinterpretI64(_: &mut Translator<'_>) -> Result<(), Error> {
    Ok(())
}

#[inline]
pub(super) fn I64ExtendI32U(_: &mut Translator<'_>) -> Result<(), Error> {
    Ok(())
}
