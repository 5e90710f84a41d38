//! The SIMD operations that run in line in their handlers: the ones hot loops use (integer add,
//! sub, mul, compare, the dot product, bitwise operations, bitmasks, splats, lane access, the
//! plain and lane loads and stores), each written on the whole `u128` (shifts, masks,
//! `exec/swar.rs`) so that no lane array, and no stack frame, appears in the handler.
//!
//! A row may add `sse2`: on x86-64 the operation then runs the function of the same name in
//! `sse2.rs` (SSE2 intrinsics, part of the x86-64 baseline) and keeps its portable body for every
//! other target; the test at the end runs both on random and edge-case operands and requires
//! the same result. Where the portable body needs lane arrays (`i32x4_dot_i16x8_s`,
//! `i16x8_mul`) it calls an out-of-line function of `exec/simd.rs`, so other targets keep the
//! out-of-line call they had before.

use super::*;

/// `$fast` on x86-64 (SSE2), `$portable` elsewhere. On x86-64 the portable body is still
/// type-checked (and its helpers count as used) in a branch that is never taken and compiles
/// to nothing; elsewhere `$fast` is dropped unresolved.
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
macro_rules! pick {
    ($fast:expr, $portable:expr) => {{
        if false {
            return $portable;
        }
        $fast
    }};
}
#[cfg(not(all(target_arch = "x86_64", target_feature = "sse2")))]
macro_rules! pick {
    ($fast:expr, $portable:expr) => {
        $portable
    };
}

/// Defines each `name(args) -> R { portable body } [sse2 [(nan: lane type)]];` as an
/// always-inlined function, its portable body again in `portable` (tests only), and the test
/// comparing the two: bit for bit, or with `(nan: f32)` any NaN lane matching any NaN lane (Wasm
/// leaves the payload of a float operation's NaN open, and x86 picks by operand order).
macro_rules! in_line {
    ($($name:ident($($x:ident: $t:ty),*) -> $r:ty { $($body:tt)* }
       $($sse2:ident $((nan: $nan:ty))?)?;)*) => {
        $(
            #[inline(always)]
            pub(crate) fn $name($($x: $t),*) -> $r {
                in_line!(@body [$($sse2)?] $name ($($x),*) { $($body)* })
            }
        )*

        /// The portable bodies, for the comparison below on targets where `sse2` rows differ.
        #[cfg(test)]
        mod portable {
            use super::*;
            $( pub(super) fn $name($($x: $t),*) -> $r { $($body)* } )*
        }

        #[cfg(test)]
        #[test]
        fn in_line_forms_match_their_portable_bodies() {
            let mut rng = check::Rng(0x2545_f491_4f6c_dd1d);
            for round in 0..3000 {
                $({
                    $( let $x: $t = check::Arbitrary::arbitrary(&mut rng, round); )*
                    let (fast, slow) = ($name($($x),*), portable::$name($($x),*));
                    assert!(
                        in_line!(@same [$($($nan)?)?] fast, slow),
                        "{}{:?}: {:?}, portable {:?}", stringify!($name), ($($x,)*), fast, slow,
                    );
                })*
            }
        }
    };
    (@same [] $fast:ident, $slow:ident) => { check::Same::same(&$fast, &$slow) };
    (@same [$nan:ty] $fast:ident, $slow:ident) => { check::same_but_nan::<$nan>($fast, $slow) };
    (@body [] $name:ident $args:tt { $($body:tt)* }) => { { $($body)* } };
    (@body [$sse2:ident] $name:ident ($($x:ident),*) { $($body:tt)* }) => {
        pick!($sse2::$name($($x),*), { $($body)* })
    };
}

/// The lane `lane` (already reduced modulo the lane count) of `bits` width of `a`, zero-extended.
#[inline(always)]
fn lane_bits(a: V128, bits: u32, lane: u8) -> u128 {
    (a >> (bits * lane as u32)) & (u128::MAX >> (128 - bits))
}

/// `a` with its `bits`-wide lane `lane` (reduced) replaced by the low bits of `x`.
#[inline(always)]
fn replace(a: V128, x: u128, bits: u32, lane: u8) -> V128 {
    let at = bits * lane as u32;
    let mask = u128::MAX >> (128 - bits);
    (a & !(mask << at)) | ((x & mask) << at)
}

/// Both halves of the `v128` set to `half`.
#[inline(always)]
fn twice(half: u64) -> V128 {
    u128::from(half) | u128::from(half) << 64
}

/// Bit `i` of the result is the top bit of lane `i` of `bits` width.
#[inline(always)]
fn sign_bits(a: V128, bits: u32) -> u32 {
    (0..128 / bits).fold(0, |m, i| m | (((a >> (bits * i + bits - 1)) & 1) as u32) << i)
}

/// `f` on both 64-bit halves.
#[inline(always)]
fn halves(a: V128, b: V128, f: impl Fn(u64, u64) -> u64) -> V128 {
    u128::from(f(a as u64, b as u64)) | u128::from(f((a >> 64) as u64, (b >> 64) as u64)) << 64
}

in_line! {
    i8x16_add(a: V128, b: V128) -> V128 { swar::add(a, b, 8) } sse2;
    i16x8_add(a: V128, b: V128) -> V128 { swar::add(a, b, 16) } sse2;
    i32x4_add(a: V128, b: V128) -> V128 { swar::add(a, b, 32) } sse2;
    i64x2_add(a: V128, b: V128) -> V128 { swar::add(a, b, 64) } sse2;
    i8x16_sub(a: V128, b: V128) -> V128 { swar::sub(a, b, 8) } sse2;
    i16x8_sub(a: V128, b: V128) -> V128 { swar::sub(a, b, 16) } sse2;
    i32x4_sub(a: V128, b: V128) -> V128 { swar::sub(a, b, 32) } sse2;
    i64x2_sub(a: V128, b: V128) -> V128 { swar::sub(a, b, 64) } sse2;
    i8x16_eq(a: V128, b: V128) -> V128 { swar::eq(a, b, 8) } sse2;
    i16x8_eq(a: V128, b: V128) -> V128 { swar::eq(a, b, 16) } sse2;
    i32x4_eq(a: V128, b: V128) -> V128 { swar::eq(a, b, 32) } sse2;
    i64x2_eq(a: V128, b: V128) -> V128 { swar::eq(a, b, 64) };
    i8x16_ne(a: V128, b: V128) -> V128 { !swar::eq(a, b, 8) } sse2;
    i16x8_ne(a: V128, b: V128) -> V128 { !swar::eq(a, b, 16) } sse2;
    i32x4_ne(a: V128, b: V128) -> V128 { !swar::eq(a, b, 32) } sse2;
    i64x2_ne(a: V128, b: V128) -> V128 { !swar::eq(a, b, 64) };
    i16x8_mul(a: V128, b: V128) -> V128 { i16x8_mul_lanes(a, b) } sse2;
    i32x4_mul(a: V128, b: V128) -> V128 {
        halves(a, b, |x, y| {
            let lo = (x as u32).wrapping_mul(y as u32);
            let hi = ((x >> 32) as u32).wrapping_mul((y >> 32) as u32);
            u64::from(lo) | u64::from(hi) << 32
        })
    } sse2;
    i64x2_mul(a: V128, b: V128) -> V128 { halves(a, b, u64::wrapping_mul) };
    i32x4_dot_i16x8_s(a: V128, b: V128) -> V128 { i32x4_dot_i16x8_s_lanes(a, b) } sse2;
    i8x16_bitmask(a: V128) -> u32 { swar::bitmask_8(a) } sse2;
    i16x8_bitmask(a: V128) -> u32 { sign_bits(a, 16) } sse2;
    i32x4_bitmask(a: V128) -> u32 { sign_bits(a, 32) } sse2;
    i64x2_bitmask(a: V128) -> u32 { sign_bits(a, 64) } sse2;

    // Float lane arithmetic (other targets: the lane arrays, out of line).
    f32x4_add(a: V128, b: V128) -> V128 { f32x4_add_lanes(a, b) } sse2 (nan: f32);
    f32x4_sub(a: V128, b: V128) -> V128 { f32x4_sub_lanes(a, b) } sse2 (nan: f32);
    f32x4_mul(a: V128, b: V128) -> V128 { f32x4_mul_lanes(a, b) } sse2 (nan: f32);
    f32x4_div(a: V128, b: V128) -> V128 { f32x4_div_lanes(a, b) } sse2 (nan: f32);
    f64x2_add(a: V128, b: V128) -> V128 { f64x2_add_lanes(a, b) } sse2 (nan: f64);
    f64x2_sub(a: V128, b: V128) -> V128 { f64x2_sub_lanes(a, b) } sse2 (nan: f64);
    f64x2_mul(a: V128, b: V128) -> V128 { f64x2_mul_lanes(a, b) } sse2 (nan: f64);
    f64x2_div(a: V128, b: V128) -> V128 { f64x2_div_lanes(a, b) } sse2 (nan: f64);

    // Bitwise operations: `u128` arithmetic, which LLVM keeps in whichever registers fit.
    v128_not(a: V128) -> V128 { !a };
    v128_and(a: V128, b: V128) -> V128 { a & b };
    v128_andnot(a: V128, b: V128) -> V128 { a & !b };
    v128_or(a: V128, b: V128) -> V128 { a | b };
    v128_xor(a: V128, b: V128) -> V128 { a ^ b };
    v128_bitselect(a: V128, b: V128, c: V128) -> V128 { (a & c) | (b & !c) };
    v128_any_true(a: V128) -> u32 { (a != 0) as u32 };

    // Splats: one multiplication spreads a lane over a 64-bit half.
    i8x16_splat(x: u64) -> V128 { twice(u64::from(x as u8) * 0x0101_0101_0101_0101) };
    i16x8_splat(x: u64) -> V128 { twice(u64::from(x as u16) * 0x0001_0001_0001_0001) };
    i32x4_splat(x: u64) -> V128 { twice(u64::from(x as u32) * 0x0000_0001_0000_0001) };
    i64x2_splat(x: u64) -> V128 { twice(x) };
    f32x4_splat(x: f32) -> V128 { twice(u64::from(x.to_bits()) * 0x0000_0001_0000_0001) };
    f64x2_splat(x: f64) -> V128 { twice(x.to_bits()) };

    // Lane access (the lane index is validated, the modulo only keeps the shift in range).
    i8x16_extract_lane_s(a: V128, lane: u8) -> i32 { lane_bits(a, 8, lane % 16) as i8 as i32 };
    i8x16_extract_lane_u(a: V128, lane: u8) -> u32 { lane_bits(a, 8, lane % 16) as u32 };
    i16x8_extract_lane_s(a: V128, lane: u8) -> i32 { lane_bits(a, 16, lane % 8) as i16 as i32 };
    i16x8_extract_lane_u(a: V128, lane: u8) -> u32 { lane_bits(a, 16, lane % 8) as u32 };
    i32x4_extract_lane(a: V128, lane: u8) -> u32 { lane_bits(a, 32, lane % 4) as u32 };
    i64x2_extract_lane(a: V128, lane: u8) -> u64 { lane_bits(a, 64, lane % 2) as u64 };
    f32x4_extract_lane(a: V128, lane: u8) -> f32 { f32::from_bits(lane_bits(a, 32, lane % 4) as u32) };
    f64x2_extract_lane(a: V128, lane: u8) -> f64 { f64::from_bits(lane_bits(a, 64, lane % 2) as u64) };
    i8x16_replace_lane(a: V128, x: i32, lane: u8) -> V128 { replace(a, x as u8 as u128, 8, lane % 16) };
    i16x8_replace_lane(a: V128, x: i32, lane: u8) -> V128 { replace(a, x as u16 as u128, 16, lane % 8) };
    i32x4_replace_lane(a: V128, x: u32, lane: u8) -> V128 { replace(a, x as u128, 32, lane % 4) };
    i64x2_replace_lane(a: V128, x: u64, lane: u8) -> V128 { replace(a, x as u128, 64, lane % 2) };
    f32x4_replace_lane(a: V128, x: f32, lane: u8) -> V128 { replace(a, x.to_bits() as u128, 32, lane % 4) };
    f64x2_replace_lane(a: V128, x: f64, lane: u8) -> V128 { replace(a, x.to_bits() as u128, 64, lane % 2) };

    // Memory: the bytes an access reads or writes, converted.
    v128_load(b: [u8; 16]) -> V128 { u128::from_le_bytes(b) };
    v128_store(v: V128) -> [u8; 16] { v.to_le_bytes() };
    v128_load8_splat(b: [u8; 1]) -> V128 { i8x16_splat(u64::from(b[0])) };
    v128_load16_splat(b: [u8; 2]) -> V128 { i16x8_splat(u64::from(u16::from_le_bytes(b))) };
    v128_load32_splat(b: [u8; 4]) -> V128 { i32x4_splat(u64::from(u32::from_le_bytes(b))) };
    v128_load64_splat(b: [u8; 8]) -> V128 { i64x2_splat(u64::from_le_bytes(b)) };
    v128_load32_zero(b: [u8; 4]) -> V128 { u128::from(u32::from_le_bytes(b)) };
    v128_load64_zero(b: [u8; 8]) -> V128 { u128::from(u64::from_le_bytes(b)) };
    v128_load8_lane(v: V128, b: [u8; 1], lane: u8) -> V128 { replace(v, b[0] as u128, 8, lane % 16) };
    v128_load16_lane(v: V128, b: [u8; 2], lane: u8) -> V128 {
        replace(v, u16::from_le_bytes(b) as u128, 16, lane % 8)
    };
    v128_load32_lane(v: V128, b: [u8; 4], lane: u8) -> V128 {
        replace(v, u32::from_le_bytes(b) as u128, 32, lane % 4)
    };
    v128_load64_lane(v: V128, b: [u8; 8], lane: u8) -> V128 {
        replace(v, u64::from_le_bytes(b) as u128, 64, lane % 2)
    };
    v128_store8_lane(v: V128, lane: u8) -> [u8; 1] { [lane_bits(v, 8, lane % 16) as u8] };
    v128_store16_lane(v: V128, lane: u8) -> [u8; 2] { (lane_bits(v, 16, lane % 8) as u16).to_le_bytes() };
    v128_store32_lane(v: V128, lane: u8) -> [u8; 4] { (lane_bits(v, 32, lane % 4) as u32).to_le_bytes() };
    v128_store64_lane(v: V128, lane: u8) -> [u8; 8] { (lane_bits(v, 64, lane % 2) as u64).to_le_bytes() };
}

/// Operands for the comparison test, and equality that tells NaN payloads apart.
#[cfg(test)]
mod check {
    /// xorshift64.
    pub struct Rng(pub u64);
    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }
    }

    pub trait Arbitrary {
        /// A random value; the first rounds give edge cases.
        fn arbitrary(rng: &mut Rng, round: usize) -> Self;
    }
    impl Arbitrary for u128 {
        fn arbitrary(rng: &mut Rng, round: usize) -> Self {
            const EDGES: [u128; 8] = [
                0,
                u128::MAX,
                1,
                0x8000_8000_8000_8000_8000_8000_8000_8000,
                0x8080_8080_8080_8080_8080_8080_8080_8080,
                0x8000_0000_8000_0000_8000_0000_8000_0000,
                0x7fff_7fff_7fff_7fff_7fff_7fff_7fff_7fff,
                0x0000_0000_ffff_ffff_0000_0000_ffff_ffff,
            ];
            let random = u128::from(rng.next()) | u128::from(rng.next()) << 64;
            match round {
                r if r < 64 => EDGES[rng.next() as usize % 8] ^ EDGES[rng.next() as usize % 8],
                // Some lanes copied across, so that equal lanes occur.
                r if r % 3 == 0 => random & 0xffff_0000_ffff_0000_00ff_ff00_ff00_00ff,
                _ => random,
            }
        }
    }
    macro_rules! arbitrary_bits {
        ($($t:ty => $from:expr),*) => {$(
            impl Arbitrary for $t {
                fn arbitrary(rng: &mut Rng, round: usize) -> Self {
                    let v = u128::arbitrary(rng, round);
                    ($from)(v)
                }
            }
        )*};
    }
    arbitrary_bits!(
        u64 => |v: u128| v as u64,
        u32 => |v: u128| v as u32,
        i32 => |v: u128| v as i32,
        u8 => |v: u128| v as u8,
        f32 => |v: u128| f32::from_bits(v as u32),
        f64 => |v: u128| f64::from_bits(v as u64)
    );
    impl<const N: usize> Arbitrary for [u8; N] {
        fn arbitrary(rng: &mut Rng, round: usize) -> Self {
            let bytes = u128::arbitrary(rng, round).to_le_bytes();
            std::array::from_fn(|i| bytes[i])
        }
    }

    /// Lane by lane: the same bits, or both lanes NaN.
    pub fn same_but_nan<T: super::Lane + PartialEq + Into<f64>>(a: u128, b: u128) -> bool {
        let (a, b) = (a.to_le_bytes(), b.to_le_bytes());
        (0..16 / T::SIZE).all(|i| {
            let (x, y) = (T::from_le(&a[i * T::SIZE..]), T::from_le(&b[i * T::SIZE..]));
            let (x, y): (f64, f64) = (x.into(), y.into());
            x.to_bits() == y.to_bits() || (x.is_nan() && y.is_nan())
        })
    }

    pub trait Same {
        fn same(&self, other: &Self) -> bool;
    }
    macro_rules! same_eq {
        ($($t:ty),*) => {$( impl Same for $t { fn same(&self, other: &Self) -> bool { self == other } } )*};
    }
    same_eq!(u128, u64, u32, i32);
    impl<const N: usize> Same for [u8; N] {
        fn same(&self, other: &Self) -> bool {
            self == other
        }
    }
    impl Same for f32 {
        fn same(&self, other: &Self) -> bool {
            self.to_bits() == other.to_bits()
        }
    }
    impl Same for f64 {
        fn same(&self, other: &Self) -> bool {
            self.to_bits() == other.to_bits()
        }
    }
}
