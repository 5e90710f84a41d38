//! The semantics of every SIMD operation, one named function each (`i8x16_add`,
//! `f32x4_pmin`, `v128_load8x8_s`), called by the handlers of the ISA table's `simd_*` rows.
//!
//! A `v128` is a `u128` whose least significant bits are lane 0 (the little-endian order of
//! its bytes in memory). Operations work on arrays of lanes ([`lanes`], [`pack`]) in portable,
//! safe Rust; float lanes reuse the scalar operations of [`super::numeric`], so NaN and rounding
//! behave exactly as the scalar instructions do.
//!
//! Relaxed SIMD: each relaxed instruction gives the result of its non-relaxed counterpart where
//! one exists (`relaxed_swizzle` = `swizzle`, `relaxed_trunc*` = `trunc_sat*`, `relaxed_min/max`
//! = `min/max`, `laneselect` = `bitselect`, `relaxed_q15mulr_s` = `q15mulr_sat_s`), `madd` and
//! `nmadd` round twice (multiply, then add: no fused multiply-add), and the `i8x16_i7x16` dot
//! products treat the second operand's lanes as signed and wrap, as an `i8 * i8` product summed in
//! the result's width does. The choice is deterministic: the same inputs always give the same
//! result, on every host.

use super::numeric::*;
use super::swar;

mod in_line;
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
mod sse2;
pub(super) use in_line::*;

/// A `v128` value.
pub(super) type V128 = u128;

/// A lane type: its width and its little-endian bytes.
pub(super) trait Lane: Copy {
    const SIZE: usize;
    fn from_le(bytes: &[u8]) -> Self;
    fn write_le(self, out: &mut [u8]);
    /// All ones (`true`) or all zeros, the result lane of a comparison.
    fn mask(set: bool) -> Self;
}

macro_rules! lane_types {
    ($($t:ty),*) => {$(
        impl Lane for $t {
            const SIZE: usize = size_of::<$t>();
            #[inline(always)]
            fn from_le(bytes: &[u8]) -> Self {
                let mut b = [0u8; size_of::<$t>()];
                b.copy_from_slice(&bytes[..size_of::<$t>()]);
                <$t>::from_le_bytes(b)
            }
            #[inline(always)]
            fn write_le(self, out: &mut [u8]) {
                out[..size_of::<$t>()].copy_from_slice(&self.to_le_bytes());
            }
            #[inline(always)]
            fn mask(set: bool) -> Self {
                <$t>::from_le_bytes([if set { 0xff } else { 0 }; size_of::<$t>()])
            }
        }
    )*};
}
lane_types!(i8, u8, i16, u16, i32, u32, i64, u64, f32, f64);

/// The `L` lanes of type `T` of `v`.
#[inline(always)]
pub(super) fn lanes<T: Lane, const L: usize>(v: V128) -> [T; L] {
    let bytes = v.to_le_bytes();
    std::array::from_fn(|i| T::from_le(&bytes[i * T::SIZE..]))
}

/// The `v128` made of `lanes`.
#[inline(always)]
pub(super) fn pack<T: Lane, const L: usize>(lanes: [T; L]) -> V128 {
    let mut bytes = [0u8; 16];
    for (i, lane) in lanes.into_iter().enumerate() {
        lane.write_le(&mut bytes[i * T::SIZE..]);
    }
    u128::from_le_bytes(bytes)
}

/// `f` on every lane.
#[inline(always)]
fn map<T: Lane, U: Lane, const L: usize>(v: V128, f: impl Fn(T) -> U) -> V128 {
    pack::<U, L>(lanes::<T, L>(v).map(f))
}

/// `f` on every pair of lanes.
#[inline(always)]
fn zip<T: Lane, U: Lane, const L: usize>(a: V128, b: V128, f: impl Fn(T, T) -> U) -> V128 {
    let (a, b) = (lanes::<T, L>(a), lanes::<T, L>(b));
    pack::<U, L>(std::array::from_fn(|i| f(a[i], b[i])))
}

/// Lanes of all ones where `f` holds, as wide as `T`'s (`M` an integer type of that width).
#[inline(always)]
fn compare<T: Lane, M: Lane, const L: usize>(a: V128, b: V128, f: impl Fn(T, T) -> bool) -> V128 {
    zip::<T, M, L>(a, b, |x, y| M::mask(f(x, y)))
}

/// `f` on the lanes `from..from + L` of `v` (an extension's low or high half), widened.
#[inline(always)]
fn half<T: Lane, const N: usize, const L: usize>(v: V128, from: usize) -> [T; L] {
    let all = lanes::<T, N>(v);
    std::array::from_fn(|i| all[from + i])
}

/// Defines `name(args) -> R { body }`, run out of line: lane arrays (`lanes`, `pack`, `map`) are
/// locals whose addresses go to helper calls, and in a handler such a local gives it a stack
/// frame, so that its jump to the next handler is no longer a sibling call and the host stack
/// grows with every instruction (`tests/simd_loops.rs`). Values cross the call in registers
/// (`u128`, byte arrays of up to 16 bytes). The hot operations run in line instead
/// ([`in_line!`]).
macro_rules! simd_ops {
    ($($name:ident($($x:ident: $t:ty),*) -> $r:ty { $($body:tt)* })*) => {$(
        #[inline(never)]
        pub(super) fn $name($($x: $t),*) -> $r { $($body)* }
    )*};
}

/// The lane-wise integer operations of one shape: `$s`/`$u` its signed/unsigned lane types,
/// `$l` the lane count, then the function names.
macro_rules! int_lanes {
    ($s:ty, $u:ty, $l:literal; $neg:ident $abs:ident $shl:ident $shr_s:ident $shr_u:ident
     $lt_s:ident $gt_s:ident $le_s:ident $ge_s:ident $all_true:ident) => {
        simd_ops! {
            $neg(a: V128) -> V128 { map::<$s, $s, $l>(a, <$s>::wrapping_neg) }
            $abs(a: V128) -> V128 { map::<$s, $s, $l>(a, <$s>::wrapping_abs) }
            $shl(a: V128, n: u32) -> V128 { map::<$u, $u, $l>(a, |x| x.wrapping_shl(n)) }
            $shr_s(a: V128, n: u32) -> V128 { map::<$s, $s, $l>(a, |x| x.wrapping_shr(n)) }
            $shr_u(a: V128, n: u32) -> V128 { map::<$u, $u, $l>(a, |x| x.wrapping_shr(n)) }
            $lt_s(a: V128, b: V128) -> V128 { compare::<$s, $u, $l>(a, b, |x, y| x < y) }
            $gt_s(a: V128, b: V128) -> V128 { compare::<$s, $u, $l>(a, b, |x, y| x > y) }
            $le_s(a: V128, b: V128) -> V128 { compare::<$s, $u, $l>(a, b, |x, y| x <= y) }
            $ge_s(a: V128, b: V128) -> V128 { compare::<$s, $u, $l>(a, b, |x, y| x >= y) }
            $all_true(a: V128) -> u32 { lanes::<$u, $l>(a).iter().all(|&x| x != 0) as u32 }
        }
    };
}
int_lanes!(i8, u8, 16; i8x16_neg i8x16_abs i8x16_shl i8x16_shr_s i8x16_shr_u i8x16_lt_s
    i8x16_gt_s i8x16_le_s i8x16_ge_s i8x16_all_true);
int_lanes!(i16, u16, 8; i16x8_neg i16x8_abs i16x8_shl i16x8_shr_s i16x8_shr_u i16x8_lt_s
    i16x8_gt_s i16x8_le_s i16x8_ge_s i16x8_all_true);
int_lanes!(i32, u32, 4; i32x4_neg i32x4_abs i32x4_shl i32x4_shr_s i32x4_shr_u i32x4_lt_s
    i32x4_gt_s i32x4_le_s i32x4_ge_s i32x4_all_true);
int_lanes!(i64, u64, 2; i64x2_neg i64x2_abs i64x2_shl i64x2_shr_s i64x2_shr_u i64x2_lt_s
    i64x2_gt_s i64x2_le_s i64x2_ge_s i64x2_all_true);

/// The operations of the 8-, 16- and 32-bit shapes only (unsigned comparisons, min/max).
macro_rules! small_int_lanes {
    ($s:ty, $u:ty, $l:literal; $lt_u:ident $gt_u:ident $le_u:ident $ge_u:ident $min_s:ident
     $min_u:ident $max_s:ident $max_u:ident) => {
        simd_ops! {
            $lt_u(a: V128, b: V128) -> V128 { compare::<$u, $u, $l>(a, b, |x, y| x < y) }
            $gt_u(a: V128, b: V128) -> V128 { compare::<$u, $u, $l>(a, b, |x, y| x > y) }
            $le_u(a: V128, b: V128) -> V128 { compare::<$u, $u, $l>(a, b, |x, y| x <= y) }
            $ge_u(a: V128, b: V128) -> V128 { compare::<$u, $u, $l>(a, b, |x, y| x >= y) }
            $min_s(a: V128, b: V128) -> V128 { zip::<$s, $s, $l>(a, b, <$s>::min) }
            $min_u(a: V128, b: V128) -> V128 { zip::<$u, $u, $l>(a, b, <$u>::min) }
            $max_s(a: V128, b: V128) -> V128 { zip::<$s, $s, $l>(a, b, <$s>::max) }
            $max_u(a: V128, b: V128) -> V128 { zip::<$u, $u, $l>(a, b, <$u>::max) }
        }
    };
}
small_int_lanes!(i8, u8, 16; i8x16_lt_u i8x16_gt_u i8x16_le_u i8x16_ge_u i8x16_min_s i8x16_min_u
    i8x16_max_s i8x16_max_u);
small_int_lanes!(i16, u16, 8; i16x8_lt_u i16x8_gt_u i16x8_le_u i16x8_ge_u i16x8_min_s i16x8_min_u
    i16x8_max_s i16x8_max_u);
small_int_lanes!(i32, u32, 4; i32x4_lt_u i32x4_gt_u i32x4_le_u i32x4_ge_u i32x4_min_s i32x4_min_u
    i32x4_max_s i32x4_max_u);

/// Saturating arithmetic and rounding average of the 8- and 16-bit shapes.
macro_rules! sat_lanes {
    ($s:ty, $u:ty, $l:literal; $add_s:ident $add_u:ident $sub_s:ident $sub_u:ident $avgr:ident) => {
        simd_ops! {
            $add_s(a: V128, b: V128) -> V128 { zip::<$s, $s, $l>(a, b, <$s>::saturating_add) }
            $add_u(a: V128, b: V128) -> V128 { zip::<$u, $u, $l>(a, b, <$u>::saturating_add) }
            $sub_s(a: V128, b: V128) -> V128 { zip::<$s, $s, $l>(a, b, <$s>::saturating_sub) }
            $sub_u(a: V128, b: V128) -> V128 { zip::<$u, $u, $l>(a, b, <$u>::saturating_sub) }
            $avgr(a: V128, b: V128) -> V128 {
                zip::<$u, $u, $l>(a, b, |x, y| (x as u32 + y as u32).div_ceil(2) as $u)
            }
        }
    };
}
sat_lanes!(i8, u8, 16; i8x16_add_sat_s i8x16_add_sat_u i8x16_sub_sat_s i8x16_sub_sat_u
    i8x16_avgr_u);
sat_lanes!(i16, u16, 8; i16x8_add_sat_s i16x8_add_sat_u i16x8_sub_sat_s i16x8_sub_sat_u
    i16x8_avgr_u);

simd_ops! {
    i16x8_mul_lanes(a: V128, b: V128) -> V128 { zip::<u16, u16, 8>(a, b, u16::wrapping_mul) }
    i8x16_popcnt(a: V128) -> V128 { map::<u8, u8, 16>(a, |x| x.count_ones() as u8) }
    i16x8_q15mulr_sat_s(a: V128, b: V128) -> V128 { zip::<i16, i16, 8>(a, b, q15mulr) }
    i32x4_dot_i16x8_s_lanes(a: V128, b: V128) -> V128 {
        let (a, b) = (lanes::<i16, 8>(a), lanes::<i16, 8>(b));
        pack::<i32, 4>(std::array::from_fn(|i| {
            (a[2 * i] as i32 * b[2 * i] as i32).wrapping_add(a[2 * i + 1] as i32 * b[2 * i + 1] as i32)
        }))
    }
}

/// `(x * y + 2^14) >> 15`, saturated: the Q15 rounding multiplication.
#[inline(always)]
fn q15mulr(x: i16, y: i16) -> i16 {
    ((x as i32 * y as i32 + 0x4000) >> 15).clamp(i16::MIN as i32, i16::MAX as i32) as i16
}

/// Narrowing, extension, extended multiplication and pairwise addition between a shape and the
/// one twice as wide (`$n`/`$nu` the narrow lane types, `$w`/`$wu` the wide ones).
macro_rules! widening {
    ($n:ty, $nu:ty, $w:ty, $wu:ty, $nl:literal, $wl:literal; $narrow_s:ident $narrow_u:ident
     $low_s:ident $high_s:ident $low_u:ident $high_u:ident $mul_low_s:ident $mul_high_s:ident
     $mul_low_u:ident $mul_high_u:ident) => {
        simd_ops! {
            $low_s(a: V128) -> V128 { pack::<$w, $wl>(half::<$n, $nl, $wl>(a, 0).map(|x| x as $w)) }
            $high_s(a: V128) -> V128 {
                pack::<$w, $wl>(half::<$n, $nl, $wl>(a, $wl).map(|x| x as $w))
            }
            $low_u(a: V128) -> V128 {
                pack::<$wu, $wl>(half::<$nu, $nl, $wl>(a, 0).map(|x| x as $wu))
            }
            $high_u(a: V128) -> V128 {
                pack::<$wu, $wl>(half::<$nu, $nl, $wl>(a, $wl).map(|x| x as $wu))
            }
            $mul_low_s(a: V128, b: V128) -> V128 {
                zip::<$w, $w, $wl>($low_s(a), $low_s(b), <$w>::wrapping_mul)
            }
            $mul_high_s(a: V128, b: V128) -> V128 {
                zip::<$w, $w, $wl>($high_s(a), $high_s(b), <$w>::wrapping_mul)
            }
            $mul_low_u(a: V128, b: V128) -> V128 {
                zip::<$wu, $wu, $wl>($low_u(a), $low_u(b), <$wu>::wrapping_mul)
            }
            $mul_high_u(a: V128, b: V128) -> V128 {
                zip::<$wu, $wu, $wl>($high_u(a), $high_u(b), <$wu>::wrapping_mul)
            }
        }
        narrowing!($n, $nu, $w, $nl, $wl; $narrow_s $narrow_u);
    };
}

/// `narrow_s`/`narrow_u`: the lanes of `a` then of `b`, saturated to the narrow type.
macro_rules! narrowing {
    ($n:ty, $nu:ty, $w:ty, $nl:literal, $wl:literal; ) => {};
    ($n:ty, $nu:ty, $w:ty, $nl:literal, $wl:literal; $narrow_s:ident $narrow_u:ident) => {
        simd_ops! {
            $narrow_s(a: V128, b: V128) -> V128 {
                let (a, b) = (lanes::<$w, $wl>(a), lanes::<$w, $wl>(b));
                pack::<$n, $nl>(std::array::from_fn(|i| {
                    let x = if i < $wl { a[i] } else { b[i - $wl] };
                    x.clamp(<$n>::MIN as $w, <$n>::MAX as $w) as $n
                }))
            }
            $narrow_u(a: V128, b: V128) -> V128 {
                let (a, b) = (lanes::<$w, $wl>(a), lanes::<$w, $wl>(b));
                pack::<$nu, $nl>(std::array::from_fn(|i| {
                    let x = if i < $wl { a[i] } else { b[i - $wl] };
                    x.clamp(0, <$nu>::MAX as $w) as $nu
                }))
            }
        }
    };
}
widening!(i8, u8, i16, u16, 16, 8; i8x16_narrow_i16x8_s i8x16_narrow_i16x8_u
    i16x8_extend_low_i8x16_s i16x8_extend_high_i8x16_s i16x8_extend_low_i8x16_u
    i16x8_extend_high_i8x16_u i16x8_extmul_low_i8x16_s i16x8_extmul_high_i8x16_s
    i16x8_extmul_low_i8x16_u i16x8_extmul_high_i8x16_u);
widening!(i16, u16, i32, u32, 8, 4; i16x8_narrow_i32x4_s i16x8_narrow_i32x4_u
    i32x4_extend_low_i16x8_s i32x4_extend_high_i16x8_s i32x4_extend_low_i16x8_u
    i32x4_extend_high_i16x8_u i32x4_extmul_low_i16x8_s i32x4_extmul_high_i16x8_s
    i32x4_extmul_low_i16x8_u i32x4_extmul_high_i16x8_u);
// There is no i32x4.narrow_i64x2: the 64-bit shape has extensions and multiplications only.
macro_rules! widening_64 {
    () => {
        simd_ops! {
            i64x2_extend_low_i32x4_s(a: V128) -> V128 {
                pack::<i64, 2>(half::<i32, 4, 2>(a, 0).map(|x| x as i64))
            }
            i64x2_extend_high_i32x4_s(a: V128) -> V128 {
                pack::<i64, 2>(half::<i32, 4, 2>(a, 2).map(|x| x as i64))
            }
            i64x2_extend_low_i32x4_u(a: V128) -> V128 {
                pack::<u64, 2>(half::<u32, 4, 2>(a, 0).map(|x| x as u64))
            }
            i64x2_extend_high_i32x4_u(a: V128) -> V128 {
                pack::<u64, 2>(half::<u32, 4, 2>(a, 2).map(|x| x as u64))
            }
            i64x2_extmul_low_i32x4_s(a: V128, b: V128) -> V128 {
                zip::<i64, i64, 2>(i64x2_extend_low_i32x4_s(a), i64x2_extend_low_i32x4_s(b), i64::wrapping_mul)
            }
            i64x2_extmul_high_i32x4_s(a: V128, b: V128) -> V128 {
                zip::<i64, i64, 2>(i64x2_extend_high_i32x4_s(a), i64x2_extend_high_i32x4_s(b), i64::wrapping_mul)
            }
            i64x2_extmul_low_i32x4_u(a: V128, b: V128) -> V128 {
                zip::<u64, u64, 2>(i64x2_extend_low_i32x4_u(a), i64x2_extend_low_i32x4_u(b), u64::wrapping_mul)
            }
            i64x2_extmul_high_i32x4_u(a: V128, b: V128) -> V128 {
                zip::<u64, u64, 2>(i64x2_extend_high_i32x4_u(a), i64x2_extend_high_i32x4_u(b), u64::wrapping_mul)
            }
        }
    };
}
widening_64!();

simd_ops! {
    i16x8_extadd_pairwise_i8x16_s(a: V128) -> V128 {
        let a = lanes::<i8, 16>(a);
        pack::<i16, 8>(std::array::from_fn(|i| a[2 * i] as i16 + a[2 * i + 1] as i16))
    }
    i16x8_extadd_pairwise_i8x16_u(a: V128) -> V128 {
        let a = lanes::<u8, 16>(a);
        pack::<u16, 8>(std::array::from_fn(|i| a[2 * i] as u16 + a[2 * i + 1] as u16))
    }
    i32x4_extadd_pairwise_i16x8_s(a: V128) -> V128 {
        let a = lanes::<i16, 8>(a);
        pack::<i32, 4>(std::array::from_fn(|i| a[2 * i] as i32 + a[2 * i + 1] as i32))
    }
    i32x4_extadd_pairwise_i16x8_u(a: V128) -> V128 {
        let a = lanes::<u16, 8>(a);
        pack::<u32, 4>(std::array::from_fn(|i| a[2 * i] as u32 + a[2 * i + 1] as u32))
    }
}

// Swizzle and shuffle.
simd_ops! {
    i8x16_swizzle(a: V128, s: V128) -> V128 {
        let (a, s) = (lanes::<u8, 16>(a), lanes::<u8, 16>(s));
        pack::<u8, 16>(s.map(|i| if i < 16 { a[i as usize] } else { 0 }))
    }
    i8x16_shuffle(a: V128, b: V128, s: V128) -> V128 {
        let (a, b, s) = (lanes::<u8, 16>(a), lanes::<u8, 16>(b), lanes::<u8, 16>(s));
        // The validator keeps every lane index below 32.
        pack::<u8, 16>(s.map(|i| if i < 16 { a[i as usize] } else { b[(i & 15) as usize] }))
    }
}

/// The float operations of one shape, lane by lane through the scalar operations.
macro_rules! float_lanes {
    ($f:ty, $bits:ty, $l:literal; $add:ident $sub:ident $mul:ident $div:ident $min:ident
     $max:ident $pmin:ident $pmax:ident $eq:ident $ne:ident $lt:ident $gt:ident $le:ident
     $ge:ident $abs:ident $neg:ident $sqrt:ident $ceil:ident $floor:ident $trunc:ident
     $nearest:ident; $s_add:ident $s_sub:ident $s_mul:ident $s_div:ident $s_min:ident
     $s_max:ident $s_abs:ident $s_neg:ident $s_sqrt:ident $s_ceil:ident $s_floor:ident
     $s_trunc:ident $s_nearest:ident) => {
        simd_ops! {
            $add(a: V128, b: V128) -> V128 { zip::<$f, $f, $l>(a, b, $s_add) }
            $sub(a: V128, b: V128) -> V128 { zip::<$f, $f, $l>(a, b, $s_sub) }
            $mul(a: V128, b: V128) -> V128 { zip::<$f, $f, $l>(a, b, $s_mul) }
            $div(a: V128, b: V128) -> V128 { zip::<$f, $f, $l>(a, b, $s_div) }
            $min(a: V128, b: V128) -> V128 { zip::<$f, $f, $l>(a, b, $s_min) }
            $max(a: V128, b: V128) -> V128 { zip::<$f, $f, $l>(a, b, $s_max) }
            $pmin(a: V128, b: V128) -> V128 {
                // Bits, not values: the chosen operand is returned unchanged (NaN payloads too).
                let (x, y) = (lanes::<$bits, $l>(a), lanes::<$bits, $l>(b));
                pack::<$bits, $l>(std::array::from_fn(|i| {
                    if <$f>::from_bits(y[i]) < <$f>::from_bits(x[i]) { y[i] } else { x[i] }
                }))
            }
            $pmax(a: V128, b: V128) -> V128 {
                let (x, y) = (lanes::<$bits, $l>(a), lanes::<$bits, $l>(b));
                pack::<$bits, $l>(std::array::from_fn(|i| {
                    if <$f>::from_bits(x[i]) < <$f>::from_bits(y[i]) { y[i] } else { x[i] }
                }))
            }
            $eq(a: V128, b: V128) -> V128 { compare::<$f, $bits, $l>(a, b, |x, y| x == y) }
            $ne(a: V128, b: V128) -> V128 { compare::<$f, $bits, $l>(a, b, |x, y| x != y) }
            $lt(a: V128, b: V128) -> V128 { compare::<$f, $bits, $l>(a, b, |x, y| x < y) }
            $gt(a: V128, b: V128) -> V128 { compare::<$f, $bits, $l>(a, b, |x, y| x > y) }
            $le(a: V128, b: V128) -> V128 { compare::<$f, $bits, $l>(a, b, |x, y| x <= y) }
            $ge(a: V128, b: V128) -> V128 { compare::<$f, $bits, $l>(a, b, |x, y| x >= y) }
            $abs(a: V128) -> V128 { map::<$bits, $bits, $l>(a, $s_abs) }
            $neg(a: V128) -> V128 { map::<$bits, $bits, $l>(a, $s_neg) }
            $sqrt(a: V128) -> V128 { map::<$f, $f, $l>(a, $s_sqrt) }
            $ceil(a: V128) -> V128 { map::<$f, $f, $l>(a, $s_ceil) }
            $floor(a: V128) -> V128 { map::<$f, $f, $l>(a, $s_floor) }
            $trunc(a: V128) -> V128 { map::<$f, $f, $l>(a, $s_trunc) }
            $nearest(a: V128) -> V128 { map::<$f, $f, $l>(a, $s_nearest) }
        }
    };
}
float_lanes!(f32, u32, 4; f32x4_add_lanes f32x4_sub_lanes f32x4_mul_lanes f32x4_div_lanes f32x4_min f32x4_max f32x4_pmin
    f32x4_pmax f32x4_eq f32x4_ne f32x4_lt f32x4_gt f32x4_le f32x4_ge f32x4_abs f32x4_neg
    f32x4_sqrt f32x4_ceil f32x4_floor f32x4_trunc f32x4_nearest; f32_add f32_sub f32_mul f32_div
    f32_min f32_max f32_abs f32_neg f32_sqrt f32_ceil f32_floor f32_trunc f32_nearest);
float_lanes!(f64, u64, 2; f64x2_add_lanes f64x2_sub_lanes f64x2_mul_lanes f64x2_div_lanes f64x2_min f64x2_max f64x2_pmin
    f64x2_pmax f64x2_eq f64x2_ne f64x2_lt f64x2_gt f64x2_le f64x2_ge f64x2_abs f64x2_neg
    f64x2_sqrt f64x2_ceil f64x2_floor f64x2_trunc f64x2_nearest; f64_add f64_sub f64_mul f64_div
    f64_min f64_max f64_abs f64_neg f64_sqrt f64_ceil f64_floor f64_trunc f64_nearest);

// Conversions between float and integer shapes.
simd_ops! {
    i32x4_trunc_sat_f32x4_s(a: V128) -> V128 { map::<f32, i32, 4>(a, i32_trunc_sat_f32_s) }
    i32x4_trunc_sat_f32x4_u(a: V128) -> V128 { map::<f32, u32, 4>(a, i32_trunc_sat_f32_u) }
    f32x4_convert_i32x4_s(a: V128) -> V128 { map::<i32, f32, 4>(a, f32_convert_i32_s) }
    f32x4_convert_i32x4_u(a: V128) -> V128 { map::<u32, f32, 4>(a, f32_convert_i32_u) }
    i32x4_trunc_sat_f64x2_s_zero(a: V128) -> V128 {
        let a = lanes::<f64, 2>(a);
        pack::<i32, 4>([i32_trunc_sat_f64_s(a[0]), i32_trunc_sat_f64_s(a[1]), 0, 0])
    }
    i32x4_trunc_sat_f64x2_u_zero(a: V128) -> V128 {
        let a = lanes::<f64, 2>(a);
        pack::<u32, 4>([i32_trunc_sat_f64_u(a[0]), i32_trunc_sat_f64_u(a[1]), 0, 0])
    }
    f64x2_convert_low_i32x4_s(a: V128) -> V128 {
        pack::<f64, 2>(half::<i32, 4, 2>(a, 0).map(f64_convert_i32_s))
    }
    f64x2_convert_low_i32x4_u(a: V128) -> V128 {
        pack::<f64, 2>(half::<u32, 4, 2>(a, 0).map(f64_convert_i32_u))
    }
    f32x4_demote_f64x2_zero(a: V128) -> V128 {
        let a = lanes::<f64, 2>(a);
        pack::<f32, 4>([f32_demote_f64(a[0]), f32_demote_f64(a[1]), 0.0, 0.0])
    }
    f64x2_promote_low_f32x4(a: V128) -> V128 {
        pack::<f64, 2>(half::<f32, 4, 2>(a, 0).map(f64_promote_f32))
    }
}

// Relaxed SIMD: the deterministic choices of the module docs.
simd_ops! {
    i8x16_relaxed_swizzle(a: V128, s: V128) -> V128 { i8x16_swizzle(a, s) }
    i32x4_relaxed_trunc_f32x4_s(a: V128) -> V128 { i32x4_trunc_sat_f32x4_s(a) }
    i32x4_relaxed_trunc_f32x4_u(a: V128) -> V128 { i32x4_trunc_sat_f32x4_u(a) }
    i32x4_relaxed_trunc_f64x2_s_zero(a: V128) -> V128 { i32x4_trunc_sat_f64x2_s_zero(a) }
    i32x4_relaxed_trunc_f64x2_u_zero(a: V128) -> V128 { i32x4_trunc_sat_f64x2_u_zero(a) }
    f32x4_relaxed_madd(a: V128, b: V128, c: V128) -> V128 { f32x4_add(f32x4_mul(a, b), c) }
    f32x4_relaxed_nmadd(a: V128, b: V128, c: V128) -> V128 {
        f32x4_add(f32x4_mul(f32x4_neg(a), b), c)
    }
    f64x2_relaxed_madd(a: V128, b: V128, c: V128) -> V128 { f64x2_add(f64x2_mul(a, b), c) }
    f64x2_relaxed_nmadd(a: V128, b: V128, c: V128) -> V128 {
        f64x2_add(f64x2_mul(f64x2_neg(a), b), c)
    }
    i8x16_relaxed_laneselect(a: V128, b: V128, m: V128) -> V128 { v128_bitselect(a, b, m) }
    i16x8_relaxed_laneselect(a: V128, b: V128, m: V128) -> V128 { v128_bitselect(a, b, m) }
    i32x4_relaxed_laneselect(a: V128, b: V128, m: V128) -> V128 { v128_bitselect(a, b, m) }
    i64x2_relaxed_laneselect(a: V128, b: V128, m: V128) -> V128 { v128_bitselect(a, b, m) }
    f32x4_relaxed_min(a: V128, b: V128) -> V128 { f32x4_min(a, b) }
    f32x4_relaxed_max(a: V128, b: V128) -> V128 { f32x4_max(a, b) }
    f64x2_relaxed_min(a: V128, b: V128) -> V128 { f64x2_min(a, b) }
    f64x2_relaxed_max(a: V128, b: V128) -> V128 { f64x2_max(a, b) }
    i16x8_relaxed_q15mulr_s(a: V128, b: V128) -> V128 { i16x8_q15mulr_sat_s(a, b) }
    i16x8_relaxed_dot_i8x16_i7x16_s(a: V128, b: V128) -> V128 {
        let (a, b) = (lanes::<i8, 16>(a), lanes::<i8, 16>(b));
        pack::<i16, 8>(std::array::from_fn(|i| {
            (a[2 * i] as i16 * b[2 * i] as i16).wrapping_add(a[2 * i + 1] as i16 * b[2 * i + 1] as i16)
        }))
    }
    i32x4_relaxed_dot_i8x16_i7x16_add_s(a: V128, b: V128, c: V128) -> V128 {
        let pairs = lanes::<i16, 8>(i16x8_relaxed_dot_i8x16_i7x16_s(a, b));
        let c = lanes::<i32, 4>(c);
        pack::<i32, 4>(std::array::from_fn(|i| {
            (pairs[2 * i] as i32 + pairs[2 * i + 1] as i32).wrapping_add(c[i])
        }))
    }
}

// Memory: the bytes an access reads or writes, converted.
simd_ops! {
    v128_load8x8_s(b: [u8; 8]) -> V128 { pack::<i16, 8>(b.map(|x| x as i8 as i16)) }
    v128_load8x8_u(b: [u8; 8]) -> V128 { pack::<u16, 8>(b.map(|x| x as u16)) }
    v128_load16x4_s(b: [u8; 8]) -> V128 { pack::<i32, 4>(lanes8::<i16, 4>(b).map(|x| x as i32)) }
    v128_load16x4_u(b: [u8; 8]) -> V128 { pack::<u32, 4>(lanes8::<u16, 4>(b).map(|x| x as u32)) }
    v128_load32x2_s(b: [u8; 8]) -> V128 { pack::<i64, 2>(lanes8::<i32, 2>(b).map(|x| x as i64)) }
    v128_load32x2_u(b: [u8; 8]) -> V128 { pack::<u64, 2>(lanes8::<u32, 2>(b).map(|x| x as u64)) }
}

/// The `L` lanes of type `T` in 8 bytes (the half-width loads).
#[inline(always)]
fn lanes8<T: Lane, const L: usize>(b: [u8; 8]) -> [T; L] {
    std::array::from_fn(|i| T::from_le(&b[i * T::SIZE..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lanes_are_little_endian() {
        let v = pack::<u32, 4>([1, 2, 3, 4]);
        assert_eq!(v as u32, 1);
        assert_eq!(lanes::<u32, 4>(v), [1, 2, 3, 4]);
        assert_eq!(i32x4_extract_lane(v, 3), 4);
    }

    #[test]
    fn narrowing_saturates_and_q15_rounds() {
        let a = pack::<i16, 8>([300, -300, 5, 0, 0, 0, 0, 0]);
        assert_eq!(lanes::<u8, 16>(i8x16_narrow_i16x8_u(a, 0))[..3], [255, 0, 5]);
        assert_eq!(lanes::<i8, 16>(i8x16_narrow_i16x8_s(a, 0))[..3], [127, -128, 5]);
        assert_eq!(q15mulr(i16::MIN, i16::MIN), i16::MAX);
    }

    #[test]
    fn pmin_keeps_the_first_operand_on_nan() {
        let nan = pack::<f32, 4>([f32::NAN; 4]);
        let one = pack::<f32, 4>([1.0; 4]);
        assert_eq!(f32x4_pmin(nan, one), nan);
        assert_eq!(f32x4_pmin(one, nan), one);
    }
}
