//! The x86-64 forms of the hot SIMD operations, with SSE2 intrinsics (`core::arch::x86_64`).
//!
//! SSE2 is part of every x86-64 target's baseline (the module is compiled only where
//! `target_feature = "sse2"` holds), so no run-time detection is needed. Each function here is
//! the body that the operation of the same name in `exec/simd.rs` picks on x86-64; that
//! operation keeps its portable body for other targets, and a test there compares the two on
//! random and edge-case lanes. Why intrinsics: one SSE2 instruction per lane-wise operation
//! runs in line in the handler (no call that saves and restores the handler's registers), and a
//! `u128` read from two frame cells goes straight into a vector register.
//!
//! Only SSE2: `_mm_mullo_epi32`, `_mm_cmpeq_epi64` and byte shuffles (`pshufb`) are SSE4.1 or
//! SSSE3, which the baseline lacks; those operations keep their portable forms or build the
//! result from SSE2 steps (`i32x4_mul`).

use core::arch::x86_64::*;

/// A `v128` as a vector register.
#[inline(always)]
fn v(x: u128) -> __m128i {
    // SAFETY: both types are 16 bytes of plain data, every bit pattern valid in either.
    unsafe { core::mem::transmute::<u128, __m128i>(x) }
}

/// A vector register as a `v128` (lane 0 in the low bits on both sides: x86 is little-endian).
#[inline(always)]
fn u(x: __m128i) -> u128 {
    // SAFETY: as in `v`.
    unsafe { core::mem::transmute::<__m128i, u128>(x) }
}

/// Binary operations that are one SSE2 intrinsic.
macro_rules! binary {
    ($($name:ident = $intrinsic:ident;)*) => {$(
        #[inline(always)]
        pub(super) fn $name(a: u128, b: u128) -> u128 {
            // SAFETY: SSE2 is enabled for this target (see the module docs); the intrinsic
            // only reads its register operands.
            u(unsafe { $intrinsic(v(a), v(b)) })
        }
    )*};
}
binary! {
    i8x16_add = _mm_add_epi8;
    i16x8_add = _mm_add_epi16;
    i32x4_add = _mm_add_epi32;
    i64x2_add = _mm_add_epi64;
    i8x16_sub = _mm_sub_epi8;
    i16x8_sub = _mm_sub_epi16;
    i32x4_sub = _mm_sub_epi32;
    i64x2_sub = _mm_sub_epi64;
    i8x16_eq = _mm_cmpeq_epi8;
    i16x8_eq = _mm_cmpeq_epi16;
    i32x4_eq = _mm_cmpeq_epi32;
    i16x8_mul = _mm_mullo_epi16;
    // `pmaddwd`: products of signed 16-bit pairs, adjacent pairs summed into 32 bits, wrapping
    // (only -32768 * -32768 twice overflows, to i32::MIN) — exactly `i32x4.dot_i16x8_s`.
    i32x4_dot_i16x8_s = _mm_madd_epi16;
}

/// `!eq`: the comparison, then every bit flipped.
macro_rules! not_equal {
    ($($name:ident = $intrinsic:ident;)*) => {$(
        #[inline(always)]
        pub(super) fn $name(a: u128, b: u128) -> u128 {
            // SAFETY: as in `binary!`.
            u(unsafe { _mm_xor_si128($intrinsic(v(a), v(b)), _mm_set1_epi32(-1)) })
        }
    )*};
}
not_equal! {
    i8x16_ne = _mm_cmpeq_epi8;
    i16x8_ne = _mm_cmpeq_epi16;
    i32x4_ne = _mm_cmpeq_epi32;
}

/// `i32x4.mul` without SSE4.1's `pmulld`: `pmuludq` multiplies lanes 0 and 2 into 64-bit
/// products, and lanes 1 and 3 after a shift; the low halves of the four products are then
/// gathered in order.
#[inline(always)]
pub(super) fn i32x4_mul(a: u128, b: u128) -> u128 {
    // SAFETY: as in `binary!`.
    u(unsafe {
        let (a, b) = (v(a), v(b));
        let even = _mm_mul_epu32(a, b);
        let odd = _mm_mul_epu32(_mm_srli_epi64::<32>(a), _mm_srli_epi64::<32>(b));
        // Low 32 bits of each product into lanes 0 and 1, then interleaved: e0 o0 e2 o2.
        let (even, odd) = (_mm_shuffle_epi32::<0b10_00>(even), _mm_shuffle_epi32::<0b10_00>(odd));
        _mm_unpacklo_epi32(even, odd)
    })
}

/// The sign bits of the 16 byte lanes (`pmovmskb`).
#[inline(always)]
pub(super) fn i8x16_bitmask(a: u128) -> u32 {
    // SAFETY: as in `binary!`.
    unsafe { _mm_movemask_epi8(v(a)) as u32 }
}

/// The sign bits of the 8 16-bit lanes: narrowing with signed saturation keeps each sign, then
/// `pmovmskb` of the low 8 bytes.
#[inline(always)]
pub(super) fn i16x8_bitmask(a: u128) -> u32 {
    // SAFETY: as in `binary!`.
    unsafe { (_mm_movemask_epi8(_mm_packs_epi16(v(a), _mm_setzero_si128())) & 0xff) as u32 }
}

/// The sign bits of the 4 32-bit lanes (`movmskps` on the same bits).
#[inline(always)]
pub(super) fn i32x4_bitmask(a: u128) -> u32 {
    // SAFETY: as in `binary!`.
    unsafe { _mm_movemask_ps(_mm_castsi128_ps(v(a))) as u32 }
}

/// The sign bits of the 2 64-bit lanes (`movmskpd`).
#[inline(always)]
pub(super) fn i64x2_bitmask(a: u128) -> u32 {
    // SAFETY: as in `binary!`.
    unsafe { _mm_movemask_pd(_mm_castsi128_pd(v(a))) as u32 }
}

/// Float lane arithmetic: one instruction per shape. A NaN result follows x86's rule (the first
/// NaN operand, quieted; a new NaN is the default one), which the scalar operations of
/// `exec/numeric.rs` compile to as well; Wasm allows any such NaN for these operations.
macro_rules! float_binary {
    ($($name:ident = $intrinsic:ident, $cast:ident, $back:ident;)*) => {$(
        #[inline(always)]
        pub(super) fn $name(a: u128, b: u128) -> u128 {
            // SAFETY: as in `binary!`.
            u(unsafe { $back($intrinsic($cast(v(a)), $cast(v(b)))) })
        }
    )*};
}
float_binary! {
    f32x4_add = _mm_add_ps, _mm_castsi128_ps, _mm_castps_si128;
    f32x4_sub = _mm_sub_ps, _mm_castsi128_ps, _mm_castps_si128;
    f32x4_mul = _mm_mul_ps, _mm_castsi128_ps, _mm_castps_si128;
    f32x4_div = _mm_div_ps, _mm_castsi128_ps, _mm_castps_si128;
    f64x2_add = _mm_add_pd, _mm_castsi128_pd, _mm_castpd_si128;
    f64x2_sub = _mm_sub_pd, _mm_castsi128_pd, _mm_castpd_si128;
    f64x2_mul = _mm_mul_pd, _mm_castsi128_pd, _mm_castpd_si128;
    f64x2_div = _mm_div_pd, _mm_castsi128_pd, _mm_castpd_si128;
}
