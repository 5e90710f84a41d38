//! The scratch locals every rewritten function gets: where a checked access keeps its address
//! and stored value, and bulk operations their operands, while the checks run.

use wasm_encoder::ValType;

/// Scratch locals appended to every rewritten function.
#[derive(Debug, Clone)]
pub(crate) struct Temps {
    pub addr: u32,
    pub i32s: [u32; 4],
    pub i64: u32,
    /// Address, destination, source and length of 64-bit memories.
    pub a64: u32,
    pub d64: u32,
    pub s64: u32,
    pub n64: u32,
    pub f32: u32,
    pub f64: u32,
    pub v128: u32,
}

/// The scratch locals' types in declaration order, from [`Temps::addr`] on.
const TYPES: [ValType; 12] = {
    use ValType::{F32, F64, I32, I64, V128};
    [I32, I32, I32, I32, I64, I64, I64, I64, I64, F32, F64, V128]
};

impl Temps {
    /// The scratch locals placed after `first` existing locals (params included).
    pub(crate) fn at(first: u32) -> Self {
        Temps {
            addr: first,
            i32s: [first, first + 1, first + 2, first + 3],
            i64: first + 4,
            a64: first + 5,
            d64: first + 6,
            s64: first + 7,
            n64: first + 8,
            f32: first + 9,
            f64: first + 10,
            v128: first + 11,
        }
    }

    /// The declarations of the scratch locals after `first` up to local `highest`, the highest
    /// one the rewritten body uses (`None`: none): interpreters and baseline compilers zero
    /// every declared local on each call, which a small function called from a hot loop (one
    /// checked load) paid for eleven locals it never touched.
    pub(crate) fn declarations(first: u32, highest: Option<u32>) -> Vec<(u32, ValType)> {
        let count = highest.map_or(0, |h| (h + 1).saturating_sub(first) as usize);
        let mut out: Vec<(u32, ValType)> = Vec::new();
        for &ty in &TYPES[..count.min(TYPES.len())] {
            match out.last_mut() {
                Some((n, last)) if *last == ty => *n += 1,
                _ => out.push((1, ty)),
            }
        }
        out
    }

    /// Scratch locals of the synthesized start function, which has no other locals (no v128).
    pub fn declare_for_init() -> (Self, Vec<(u32, ValType)>) {
        (Self::at(0), Self::declarations(0, Some(10)))
    }

    /// The scratch local holding a stored value of type `ty`.
    pub fn of(&self, ty: wasmparser::ValType) -> u32 {
        match ty {
            wasmparser::ValType::I64 => self.i64,
            wasmparser::ValType::F32 => self.f32,
            wasmparser::ValType::F64 => self.f64,
            wasmparser::ValType::V128 => self.v128,
            _ => self.i32s[1],
        }
    }
}

/// The highest local index at or above `first` that `code` (whole instructions) reads or
/// writes; on code it cannot read, the last scratch local (all are declared).
pub(crate) fn highest_local(code: &[u8], first: u32) -> Option<u32> {
    let mut ops = wasmparser::OperatorsReader::new(wasmparser::BinaryReader::new(code, 0));
    let mut highest = None;
    while !ops.eof() {
        let index = match ops.read() {
            Ok(
                wasmparser::Operator::LocalGet { local_index }
                | wasmparser::Operator::LocalSet { local_index }
                | wasmparser::Operator::LocalTee { local_index },
            ) => local_index,
            Ok(_) => continue,
            Err(_) => return Some(first + TYPES.len() as u32 - 1),
        };
        if index >= first {
            highest = highest.max(Some(index));
        }
    }
    highest
}
