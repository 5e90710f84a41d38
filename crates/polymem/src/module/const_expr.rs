//! Constant expressions: global initializers, segment offsets and element items.

use crate::error::Error;
use wasmparser::Operator;

/// One operation of a constant expression, evaluated on a small stack of cells.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum ConstOp {
    Const(u64),
    /// `v128.const`
    V128(u128),
    RefNull,
    RefFunc(u32),
    GlobalGet(u32),
    I32Add,
    I32Sub,
    I32Mul,
    I64Add,
    I64Sub,
    I64Mul,
}

/// A validated constant expression.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ConstExpr {
    ops: Box<[ConstOp]>,
}

impl ConstExpr {
    /// Reads an expression that the validator has already accepted.
    pub(crate) fn parse(expr: &wasmparser::ConstExpr<'_>) -> Result<Self, Error> {
        let mut ops = Vec::new();
        let mut reader = expr.get_operators_reader();
        while !reader.eof() {
            let op = match reader.read()? {
                Operator::I32Const { value } => ConstOp::Const(value as u32 as u64),
                Operator::I64Const { value } => ConstOp::Const(value as u64),
                Operator::F32Const { value } => ConstOp::Const(value.bits() as u64),
                Operator::F64Const { value } => ConstOp::Const(value.bits()),
                Operator::V128Const { value } => ConstOp::V128(value.i128() as u128),
                Operator::RefNull { .. } => ConstOp::RefNull,
                Operator::RefFunc { function_index } => ConstOp::RefFunc(function_index),
                Operator::GlobalGet { global_index } => ConstOp::GlobalGet(global_index),
                Operator::I32Add => ConstOp::I32Add,
                Operator::I32Sub => ConstOp::I32Sub,
                Operator::I32Mul => ConstOp::I32Mul,
                Operator::I64Add => ConstOp::I64Add,
                Operator::I64Sub => ConstOp::I64Sub,
                Operator::I64Mul => ConstOp::I64Mul,
                Operator::End => continue,
                other => {
                    return Err(Error::unsupported(format!(
                        "constant expression operator {other:?}"
                    )));
                }
            };
            ops.push(op);
        }
        Ok(Self { ops: ops.into() })
    }

    /// The expression `ref.func f`.
    pub(crate) fn ref_func_of(f: u32) -> Self {
        Self { ops: Box::new([ConstOp::RefFunc(f)]) }
    }

    /// Evaluates to a cell. `global` reads global `i`'s cell; `func` gives the cell of a
    /// reference to function `i`.
    pub(crate) fn eval(&self, global: impl Fn(u32) -> u64, func: impl Fn(u32) -> u64) -> u64 {
        self.eval_wide(|g| u128::from(global(g)), func) as u64
    }

    /// Evaluates to a value of up to 128 bits (a `v128`; other types in the low 64 bits).
    /// `global` reads global `i`'s value.
    pub(crate) fn eval_wide(
        &self,
        global: impl Fn(u32) -> u128,
        func: impl Fn(u32) -> u64,
    ) -> u128 {
        let mut stack: Vec<u128> = Vec::with_capacity(2);
        for op in self.ops.iter() {
            let value = match *op {
                ConstOp::Const(c) => u128::from(c),
                ConstOp::V128(v) => v,
                ConstOp::RefNull => 0,
                ConstOp::RefFunc(f) => u128::from(func(f)),
                ConstOp::GlobalGet(g) => global(g),
                bin => {
                    let b = stack.pop().unwrap_or(0) as u64;
                    let a = stack.pop().unwrap_or(0) as u64;
                    let (a32, b32) = (a as u32, b as u32);
                    u128::from(match bin {
                        ConstOp::I32Add => a32.wrapping_add(b32) as u64,
                        ConstOp::I32Sub => a32.wrapping_sub(b32) as u64,
                        ConstOp::I32Mul => a32.wrapping_mul(b32) as u64,
                        ConstOp::I64Add => a.wrapping_add(b),
                        ConstOp::I64Sub => a.wrapping_sub(b),
                        _ => a.wrapping_mul(b),
                    })
                }
            };
            stack.push(value);
        }
        stack.pop().unwrap_or(0)
    }
}
