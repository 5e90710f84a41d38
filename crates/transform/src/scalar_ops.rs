//! The stack effects of the scalar operators and of memory accesses, shared by the check
//! planner (`elide`) and the value-range analysis (`ranges`): which operators cannot trap
//! and touch nothing but the operand stack, which only trap (float truncations), and what an
//! access pops and pushes.

use crate::access::AccessKind;
use wasmparser::Operator;

/// Non-trapping scalar operators `[t] -> [t']`.
pub(crate) fn unary(op: &Operator<'_>) -> bool {
    use Operator as O;
    matches!(
        op,
        O::I32Eqz
            | O::I32Clz
            | O::I32Ctz
            | O::I32Popcnt
            | O::I32Extend8S
            | O::I32Extend16S
            | O::I32WrapI64
            | O::I64Eqz
            | O::I64Clz
            | O::I64Ctz
            | O::I64Popcnt
            | O::I64Extend8S
            | O::I64Extend16S
            | O::I64Extend32S
            | O::I64ExtendI32S
            | O::I64ExtendI32U
            | O::F32Abs
            | O::F32Neg
            | O::F32Ceil
            | O::F32Floor
            | O::F32Trunc
            | O::F32Nearest
            | O::F32Sqrt
            | O::F64Abs
            | O::F64Neg
            | O::F64Ceil
            | O::F64Floor
            | O::F64Trunc
            | O::F64Nearest
            | O::F64Sqrt
            | O::F32ConvertI32S
            | O::F32ConvertI32U
            | O::F32ConvertI64S
            | O::F32ConvertI64U
            | O::F32DemoteF64
            | O::F64ConvertI32S
            | O::F64ConvertI32U
            | O::F64ConvertI64S
            | O::F64ConvertI64U
            | O::F64PromoteF32
            | O::I32ReinterpretF32
            | O::I64ReinterpretF64
            | O::F32ReinterpretI32
            | O::F64ReinterpretI64
            | O::I32TruncSatF32S
            | O::I32TruncSatF32U
            | O::I32TruncSatF64S
            | O::I32TruncSatF64U
            | O::I64TruncSatF32S
            | O::I64TruncSatF32U
            | O::I64TruncSatF64S
            | O::I64TruncSatF64U
    )
}

/// Non-trapping scalar operators `[t t] -> [t']`.
pub(crate) fn binary(op: &Operator<'_>) -> bool {
    use Operator as O;
    matches!(
        op,
        O::I32Eq
            | O::I32Ne
            | O::I32LtS
            | O::I32LtU
            | O::I32GtS
            | O::I32GtU
            | O::I32LeS
            | O::I32LeU
            | O::I32GeS
            | O::I32GeU
            | O::I64Eq
            | O::I64Ne
            | O::I64LtS
            | O::I64LtU
            | O::I64GtS
            | O::I64GtU
            | O::I64LeS
            | O::I64LeU
            | O::I64GeS
            | O::I64GeU
            | O::F32Eq
            | O::F32Ne
            | O::F32Lt
            | O::F32Gt
            | O::F32Le
            | O::F32Ge
            | O::F64Eq
            | O::F64Ne
            | O::F64Lt
            | O::F64Gt
            | O::F64Le
            | O::F64Ge
            | O::I32Add
            | O::I32Sub
            | O::I32Mul
            | O::I32And
            | O::I32Or
            | O::I32Xor
            | O::I32Shl
            | O::I32ShrS
            | O::I32ShrU
            | O::I32Rotl
            | O::I32Rotr
            | O::I64Add
            | O::I64Sub
            | O::I64Mul
            | O::I64And
            | O::I64Or
            | O::I64Xor
            | O::I64Shl
            | O::I64ShrS
            | O::I64ShrU
            | O::I64Rotl
            | O::I64Rotr
            | O::F32Add
            | O::F32Sub
            | O::F32Mul
            | O::F32Div
            | O::F32Min
            | O::F32Max
            | O::F32Copysign
            | O::F64Add
            | O::F64Sub
            | O::F64Mul
            | O::F64Div
            | O::F64Min
            | O::F64Max
            | O::F64Copysign
    )
}

/// Stack effect of an access: pops (the address is the deepest), pushes.
pub(crate) fn access_effect(kind: AccessKind) -> (u8, u8) {
    match kind {
        AccessKind::Load => (1, 1),
        AccessKind::Store(_) => (2, 0),
        AccessKind::LaneLoad => (2, 1),
        AccessKind::LaneStore => (2, 0),
    }
}

/// Trapping `[t] -> [t']` operators (float-to-int truncations).
pub(crate) fn trapping_unary(op: &Operator<'_>) -> bool {
    use Operator as O;
    matches!(
        op,
        O::I32TruncF32S
            | O::I32TruncF32U
            | O::I32TruncF64S
            | O::I32TruncF64U
            | O::I64TruncF32S
            | O::I64TruncF32U
            | O::I64TruncF64S
            | O::I64TruncF64U
    )
}
