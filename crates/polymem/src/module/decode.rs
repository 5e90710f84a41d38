//! Decoding the immediates and opcodes that `validate.rs` handles itself: LEB128 integers in
//! the encodings that always decode (or are checked here as wasmparser checks them), block types
//! of one byte, and the table of numeric operators.

use wasmparser::{BinaryReaderError, BlockType, ValType, VisitOperator};

/// An unsigned 32-bit LEB128 immediate at `code[at..]`: its value and length, or `None` when
/// it is cut off or malformed (wasmparser's decoder then reports it).
#[inline(always)]
pub(super) fn leb_u32(code: &[u8], at: usize) -> Option<(u32, usize)> {
    let mut value = 0;
    for i in 0..5 {
        let byte = *code.get(at + i)?;
        if i == 4 {
            // The fifth byte holds the top four bits, with no continuation.
            return (byte < 0x10).then_some((value | u32::from(byte) << 28, 5));
        }
        value |= u32::from(byte & 0x7f) << (7 * i);
        if byte < 0x80 {
            return Some((value, i + 1));
        }
    }
    None
}

/// A signed LEB128 immediate of `bits` (32 or 64) at `code[at..]`: its value (an `i32`'s in
/// the low 32 bits) and length, or `None` when it is cut off or malformed.
#[inline(always)]
pub(super) fn leb_signed(code: &[u8], at: usize, bits: u32) -> Option<(i64, usize)> {
    let last = (bits as usize).div_ceil(7) - 1;
    let mut value = 0i64;
    for i in 0..=last {
        let byte = *code.get(at + i)?;
        let shift = 7 * i as u32;
        value |= i64::from(byte & 0x7f) << shift;
        if i == last {
            // No continuation, and the bits past `bits` repeat the sign bit.
            let excess = ((byte << 1) as i8) >> (bits - shift);
            return (byte < 0x80 && (excess == 0 || excess == -1)).then_some((value, i + 1));
        }
        if byte < 0x80 {
            let unused = 64 - shift - 7;
            return Some(((value << unused) >> unused, i + 1));
        }
    }
    None
}

/// A block type of one byte: none, or one result of a number type (no parameters, no type
/// index, no reference or vector type, whose validity depends on features).
pub(super) fn block_type(byte: u8) -> Option<BlockType> {
    Some(match byte {
        0x40 => BlockType::Empty,
        0x7f => BlockType::Type(ValType::I32),
        0x7e => BlockType::Type(ValType::I64),
        0x7d => BlockType::Type(ValType::F32),
        0x7c => BlockType::Type(ValType::F64),
        _ => return None,
    })
}

/// The numeric operators (`0x45..=0xc4`, no immediates), by opcode: `numeric` validates one,
/// `NUMERIC` lists them for the test that checks the table against wasmparser's decoder.
macro_rules! numeric_ops {
    ($($byte:literal $visit:ident)*) => {
        #[inline(always)]
        pub(super) fn numeric<'a, V>(v: &mut V, op: u8) -> Option<Result<(), BinaryReaderError>>
        where
            V: VisitOperator<'a, Output = Result<(), BinaryReaderError>>,
        {
            Some(match op {
                $($byte => v.$visit(),)*
                _ => return None,
            })
        }

        #[cfg(test)]
        const NUMERIC: &[(u8, &str)] = &[$(($byte, stringify!($visit))),*];
    };
}

numeric_ops! {
    0x45 visit_i32_eqz 0x46 visit_i32_eq 0x47 visit_i32_ne
    0x48 visit_i32_lt_s 0x49 visit_i32_lt_u 0x4a visit_i32_gt_s
    0x4b visit_i32_gt_u 0x4c visit_i32_le_s 0x4d visit_i32_le_u
    0x4e visit_i32_ge_s 0x4f visit_i32_ge_u 0x50 visit_i64_eqz
    0x51 visit_i64_eq 0x52 visit_i64_ne 0x53 visit_i64_lt_s
    0x54 visit_i64_lt_u 0x55 visit_i64_gt_s 0x56 visit_i64_gt_u
    0x57 visit_i64_le_s 0x58 visit_i64_le_u 0x59 visit_i64_ge_s
    0x5a visit_i64_ge_u 0x5b visit_f32_eq 0x5c visit_f32_ne
    0x5d visit_f32_lt 0x5e visit_f32_gt 0x5f visit_f32_le
    0x60 visit_f32_ge 0x61 visit_f64_eq 0x62 visit_f64_ne
    0x63 visit_f64_lt 0x64 visit_f64_gt 0x65 visit_f64_le
    0x66 visit_f64_ge 0x67 visit_i32_clz 0x68 visit_i32_ctz
    0x69 visit_i32_popcnt 0x6a visit_i32_add 0x6b visit_i32_sub
    0x6c visit_i32_mul 0x6d visit_i32_div_s 0x6e visit_i32_div_u
    0x6f visit_i32_rem_s 0x70 visit_i32_rem_u 0x71 visit_i32_and
    0x72 visit_i32_or 0x73 visit_i32_xor 0x74 visit_i32_shl
    0x75 visit_i32_shr_s 0x76 visit_i32_shr_u 0x77 visit_i32_rotl
    0x78 visit_i32_rotr 0x79 visit_i64_clz 0x7a visit_i64_ctz
    0x7b visit_i64_popcnt 0x7c visit_i64_add 0x7d visit_i64_sub
    0x7e visit_i64_mul 0x7f visit_i64_div_s 0x80 visit_i64_div_u
    0x81 visit_i64_rem_s 0x82 visit_i64_rem_u 0x83 visit_i64_and
    0x84 visit_i64_or 0x85 visit_i64_xor 0x86 visit_i64_shl
    0x87 visit_i64_shr_s 0x88 visit_i64_shr_u 0x89 visit_i64_rotl
    0x8a visit_i64_rotr 0x8b visit_f32_abs 0x8c visit_f32_neg
    0x8d visit_f32_ceil 0x8e visit_f32_floor 0x8f visit_f32_trunc
    0x90 visit_f32_nearest 0x91 visit_f32_sqrt 0x92 visit_f32_add
    0x93 visit_f32_sub 0x94 visit_f32_mul 0x95 visit_f32_div
    0x96 visit_f32_min 0x97 visit_f32_max 0x98 visit_f32_copysign
    0x99 visit_f64_abs 0x9a visit_f64_neg 0x9b visit_f64_ceil
    0x9c visit_f64_floor 0x9d visit_f64_trunc 0x9e visit_f64_nearest
    0x9f visit_f64_sqrt 0xa0 visit_f64_add 0xa1 visit_f64_sub
    0xa2 visit_f64_mul 0xa3 visit_f64_div 0xa4 visit_f64_min
    0xa5 visit_f64_max 0xa6 visit_f64_copysign 0xa7 visit_i32_wrap_i64
    0xa8 visit_i32_trunc_f32_s 0xa9 visit_i32_trunc_f32_u 0xaa visit_i32_trunc_f64_s
    0xab visit_i32_trunc_f64_u 0xac visit_i64_extend_i32_s 0xad visit_i64_extend_i32_u
    0xae visit_i64_trunc_f32_s 0xaf visit_i64_trunc_f32_u 0xb0 visit_i64_trunc_f64_s
    0xb1 visit_i64_trunc_f64_u 0xb2 visit_f32_convert_i32_s 0xb3 visit_f32_convert_i32_u
    0xb4 visit_f32_convert_i64_s 0xb5 visit_f32_convert_i64_u 0xb6 visit_f32_demote_f64
    0xb7 visit_f64_convert_i32_s 0xb8 visit_f64_convert_i32_u 0xb9 visit_f64_convert_i64_s
    0xba visit_f64_convert_i64_u 0xbb visit_f64_promote_f32 0xbc visit_i32_reinterpret_f32
    0xbd visit_i64_reinterpret_f64 0xbe visit_f32_reinterpret_i32 0xbf visit_f64_reinterpret_i64
    0xc0 visit_i32_extend8_s 0xc1 visit_i32_extend16_s 0xc2 visit_i64_extend8_s
    0xc3 visit_i64_extend16_s 0xc4 visit_i64_extend32_s
}

#[cfg(test)]
mod tests {
    use super::NUMERIC;
    use std::collections::HashMap;

    /// wasmparser's operator names and their visitor methods.
    macro_rules! visit_names {
        ($( @$proposal:ident $op:ident $({ $($arg:ident: $argty:ty),* })? => $visit:ident ($($ann:tt)*) )*) => {
            &[$((stringify!($op), stringify!($visit))),*]
        };
    }

    /// The immediates decoded here decode as wasmparser decodes them (when they decode here).
    #[test]
    fn lebs_match_wasmparser() {
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut checked = [0; 3];
        for _ in 0..200_000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let len = 1 + (seed % 11) as usize;
            // Mostly continuation bytes, then a last byte of any value.
            let code: Vec<u8> = (0..len)
                .map(|i| {
                    let b = (seed >> (8 + 5 * i)) as u8;
                    if i + 1 < len && b & 1 == 0 { b | 0x80 } else { b }
                })
                .collect();
            let reader = || wasmparser::BinaryReader::new(&code, 0);
            if let Some((v, n)) = super::leb_u32(&code, 0) {
                let mut r = reader();
                assert_eq!(r.read_var_u32().ok(), Some(v), "{code:02x?}");
                assert_eq!(r.current_position(), n);
                checked[0] += 1;
            }
            if let Some((v, n)) = super::leb_signed(&code, 0, 32) {
                let mut r = reader();
                assert_eq!(r.read_var_i32().ok(), Some(v as i32), "{code:02x?}");
                assert_eq!(r.current_position(), n);
                checked[1] += 1;
            }
            if let Some((v, n)) = super::leb_signed(&code, 0, 64) {
                let mut r = reader();
                assert_eq!(r.read_var_i64().ok(), Some(v), "{code:02x?}");
                assert_eq!(r.current_position(), n);
                checked[2] += 1;
            }
        }
        // Each reader saw encodings of every length it accepts.
        assert!(checked.iter().all(|&n| n > 10_000), "{checked:?}");
    }

    /// Every opcode of the numeric table calls the visitor method of the operator wasmparser
    /// decodes from that byte, and the table covers `0x45..=0xc4`.
    #[test]
    fn numeric_table_matches_the_decoder() {
        let names: &[(&str, &str)] = wasmparser::for_each_operator!(visit_names);
        let visit: HashMap<&str, &str> = names.iter().copied().collect();
        let bytes: Vec<u8> = NUMERIC.iter().map(|&(b, _)| b).collect();
        assert_eq!(bytes, (0x45..=0xc4).collect::<Vec<u8>>());
        for &(byte, method) in NUMERIC {
            let code = [byte];
            let mut reader =
                wasmparser::OperatorsReader::new(wasmparser::BinaryReader::new(&code, 0));
            let op = reader.read().expect("one-byte operator");
            let debug = format!("{op:?}");
            let name = debug.split([' ', '{', '(']).next().unwrap_or_default();
            assert_eq!(visit.get(name), Some(&method), "opcode {byte:#04x} decodes as {name}");
        }
    }
}
