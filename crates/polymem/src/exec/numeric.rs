//! The semantics of every numeric operation, written once as a named function (`i32_add`,
//! `i32_lt_s`, trapping `i32_div_s`) that the plain, immediate and compare-and-branch
//! instructions of the ISA table (`polymem_ir::for_each_instr!`) all call; and how values sit
//! in frame cells ([`FromCell`], [`IntoCell`]).

// The `not_*` float comparisons negate a comparison on purpose: they must hold on NaN.
#![allow(clippy::neg_cmp_op_on_partial_ord)]

use crate::error::TrapCode;

/// A value read from a 64-bit frame cell: `i32`/`f32` as their low 32 bits.
pub(super) trait FromCell {
    fn from_cell(cell: u64) -> Self;
}
/// A value written to a 64-bit frame cell: `i32`/`f32` zero-extended, `bool` as 0 or 1.
pub(super) trait IntoCell {
    fn into_cell(self) -> u64;
}
/// The value of an `i32` immediate operand at the operation's type (sign-extended for i64).
pub(super) trait FromImm {
    fn from_imm(imm: i32) -> Self;
}
/// An operation's outcome: a value, or for trapping operations a `Result`.
pub(super) trait Checked {
    type Value: IntoCell;
    fn checked(self) -> Result<Self::Value, TrapCode>;
}

macro_rules! cell_types {
    ($($t:ty: |$c:ident| $from:expr, |$v:ident| $into:expr;)*) => {$(
        impl FromCell for $t {
            #[inline(always)]
            fn from_cell($c: u64) -> Self { $from }
        }
        impl IntoCell for $t {
            #[inline(always)]
            fn into_cell(self) -> u64 { let $v = self; $into }
        }
        impl FromImm for $t {
            #[inline(always)]
            fn from_imm(imm: i32) -> Self { <$t>::from_cell(imm as i64 as u64) }
        }
        impl Checked for $t {
            type Value = $t;
            #[inline(always)]
            fn checked(self) -> Result<$t, TrapCode> { Ok(self) }
        }
    )*};
}
cell_types! {
    u32: |c| c as u32, |v| v as u64;
    i32: |c| c as i32, |v| v as u32 as u64;
    u64: |c| c, |v| v;
    i64: |c| c as i64, |v| v as u64;
    f32: |c| f32::from_bits(c as u32), |v| v.to_bits() as u64;
    f64: |c| f64::from_bits(c), |v| v.to_bits();
}
impl IntoCell for bool {
    #[inline(always)]
    fn into_cell(self) -> u64 {
        self as u64
    }
}
impl Checked for bool {
    type Value = bool;
    #[inline(always)]
    fn checked(self) -> Result<bool, TrapCode> {
        Ok(self)
    }
}
impl<T: IntoCell> Checked for Result<T, TrapCode> {
    type Value = T;
    #[inline(always)]
    fn checked(self) -> Result<T, TrapCode> {
        self
    }
}

/// Which accumulator register holds a value: `acc` (integers, and `f32` as its bits, which an
/// `f32` operation moves to a float register itself) or `facc` (`f64`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AccClass {
    Int,
    Float,
}

/// A value an instruction leaves in its accumulator besides writing its result slot.
pub(super) trait IntoAcc: IntoCell + Copy {
    const CLASS: AccClass;
    /// The accumulators `(acc, facc)` after this value was produced.
    fn into_acc(self, acc: u64, facc: f64) -> (u64, f64);
}
/// A first operand an `Acc` form reads from its accumulator.
pub(super) trait FromAcc: FromCell {
    const CLASS: AccClass;
    fn from_acc(acc: u64, facc: f64) -> Self;
}
macro_rules! int_acc {
    ($($t:ty),*) => {$(
        impl IntoAcc for $t {
            const CLASS: AccClass = AccClass::Int;
            #[inline(always)]
            fn into_acc(self, _acc: u64, facc: f64) -> (u64, f64) { (self.into_cell(), facc) }
        }
    )*};
}
int_acc!(u32, i32, u64, i64, f32, bool);
macro_rules! int_from_acc {
    ($($t:ty),*) => {$(
        impl FromAcc for $t {
            const CLASS: AccClass = AccClass::Int;
            #[inline(always)]
            fn from_acc(acc: u64, _facc: f64) -> Self { <$t>::from_cell(acc) }
        }
    )*};
}
int_from_acc!(u32, i32, u64, i64, f32);
impl IntoAcc for f64 {
    const CLASS: AccClass = AccClass::Float;
    #[inline(always)]
    fn into_acc(self, acc: u64, _facc: f64) -> (u64, f64) {
        (acc, self)
    }
}
impl FromAcc for f64 {
    const CLASS: AccClass = AccClass::Float;
    #[inline(always)]
    fn from_acc(_acc: u64, facc: f64) -> Self {
        facc
    }
}

/// The accumulator class of a unary operation's result, from its signature (for the
/// translator's choice of `Acc` forms, `translate/acc.rs`).
pub(super) const fn result_class1<A, R: Checked>(_: fn(A) -> R) -> AccClass
where
    R::Value: IntoAcc,
{
    <R::Value as IntoAcc>::CLASS
}
/// The accumulator class of a binary operation's result.
pub(super) const fn result_class2<A, B, R: Checked>(_: fn(A, B) -> R) -> AccClass
where
    R::Value: IntoAcc,
{
    <R::Value as IntoAcc>::CLASS
}
/// The accumulator class of a unary operation's operand.
pub(super) const fn operand_class1<A: FromAcc, R>(_: fn(A) -> R) -> AccClass {
    A::CLASS
}
/// The accumulator class of a binary operation's first operand.
pub(super) const fn operand_class2<A: FromAcc, B, R>(_: fn(A, B) -> R) -> AccClass {
    A::CLASS
}

/// The value a load of `Self` from memory yields at type `U`: extended (`as`, which
/// sign-extends signed types), or for float loads the same bits.
pub(super) trait LoadAs<U> {
    fn load_as(self) -> U;
}
macro_rules! load_as {
    ($($t:ty => $u:ty),*) => {$(
        impl LoadAs<$u> for $t {
            #[inline(always)]
            fn load_as(self) -> $u { self as $u }
        }
    )*};
}
load_as!(u32 => u32, i8 => i32, u8 => u32, i16 => i32, u16 => u32, u64 => u64, i8 => i64,
    u8 => u64, i16 => i64, u16 => u64, i32 => i64, u32 => u64);
impl LoadAs<f32> for u32 {
    #[inline(always)]
    fn load_as(self) -> f32 {
        f32::from_bits(self)
    }
}
impl LoadAs<f64> for u64 {
    #[inline(always)]
    fn load_as(self) -> f64 {
        f64::from_bits(self)
    }
}

/// The value a store of `Self` writes, from its operand: an integer cell truncated to `Self`
/// (`f32` bits too), or for `f64` the float itself, so that `F64StoreAcc` reads it from `facc`
/// where the float operation before it left it (no move through a general register).
pub(super) trait StoreOf {
    type Operand: FromCell + FromAcc;
    fn store_of(v: Self::Operand) -> Self;
}
macro_rules! store_of {
    ($($t:ty),*) => {$(
        impl StoreOf for $t {
            type Operand = u64;
            #[inline(always)]
            fn store_of(v: u64) -> $t { v as $t }
        }
    )*};
}
store_of!(u8, u16, u32, u64);
impl StoreOf for f64 {
    type Operand = f64;
    #[inline(always)]
    fn store_of(v: f64) -> f64 {
        v
    }
}

/// Defines `name(x: T, ...) -> R { body }` functions, inlined into their handlers.
macro_rules! ops {
    ($($(#[$m:meta])* $name:ident($($x:ident: $t:ty),*) -> $r:ty { $e:expr })*) => {$(
        $(#[$m])*
        #[inline(always)]
        pub(super) fn $name($($x: $t),*) -> $r { $e }
    )*};
}

/// The integer operations of one width: `$u`/`$s` its unsigned/signed types, `$bits` its width.
macro_rules! int_ops {
    ($u:ty, $s:ty, $bits:literal; $add:ident $sub:ident $mul:ident $and:ident $or:ident
     $xor:ident $shl:ident $shr_s:ident $shr_u:ident $rotl:ident $rotr:ident $eq:ident $ne:ident
     $lt_s:ident $lt_u:ident $gt_s:ident $gt_u:ident $le_s:ident $le_u:ident $ge_s:ident
     $ge_u:ident $clz:ident $ctz:ident $popcnt:ident $eqz:ident) => {
        ops! {
            $add(x: $u, y: $u) -> $u { x.wrapping_add(y) }
            $sub(x: $u, y: $u) -> $u { x.wrapping_sub(y) }
            $mul(x: $u, y: $u) -> $u { x.wrapping_mul(y) }
            $and(x: $u, y: $u) -> $u { x & y }
            $or(x: $u, y: $u) -> $u { x | y }
            $xor(x: $u, y: $u) -> $u { x ^ y }
            $shl(x: $u, y: $u) -> $u { x.wrapping_shl(y as u32) }
            $shr_s(x: $s, y: $u) -> $s { x.wrapping_shr(y as u32) }
            $shr_u(x: $u, y: $u) -> $u { x.wrapping_shr(y as u32) }
            $rotl(x: $u, y: $u) -> $u { x.rotate_left((y % $bits) as u32) }
            $rotr(x: $u, y: $u) -> $u { x.rotate_right((y % $bits) as u32) }
            $eq(x: $u, y: $u) -> bool { x == y }
            $ne(x: $u, y: $u) -> bool { x != y }
            $lt_s(x: $s, y: $s) -> bool { x < y }
            $lt_u(x: $u, y: $u) -> bool { x < y }
            $gt_s(x: $s, y: $s) -> bool { x > y }
            $gt_u(x: $u, y: $u) -> bool { x > y }
            $le_s(x: $s, y: $s) -> bool { x <= y }
            $le_u(x: $u, y: $u) -> bool { x <= y }
            $ge_s(x: $s, y: $s) -> bool { x >= y }
            $ge_u(x: $u, y: $u) -> bool { x >= y }
            $clz(x: $u) -> $u { x.leading_zeros() as $u }
            $ctz(x: $u) -> $u { x.trailing_zeros() as $u }
            $popcnt(x: $u) -> $u { x.count_ones() as $u }
            $eqz(x: $u) -> bool { x == 0 }
        }
    };
}
int_ops!(u32, i32, 32; i32_add i32_sub i32_mul i32_and i32_or i32_xor i32_shl i32_shr_s i32_shr_u
    i32_rotl i32_rotr i32_eq i32_ne i32_lt_s i32_lt_u i32_gt_s i32_gt_u i32_le_s i32_le_u
    i32_ge_s i32_ge_u i32_clz i32_ctz i32_popcnt i32_eqz);
int_ops!(u64, i64, 64; i64_add i64_sub i64_mul i64_and i64_or i64_xor i64_shl i64_shr_s i64_shr_u
    i64_rotl i64_rotr i64_eq i64_ne i64_lt_s i64_lt_u i64_gt_s i64_gt_u i64_le_s i64_le_u
    i64_ge_s i64_ge_u i64_clz i64_ctz i64_popcnt i64_eqz);

// Wide arithmetic: 128-bit values as `(low, high)` i64 halves.
ops! {
    i64_add128(a_lo: u64, a_hi: u64, b_lo: u64, b_hi: u64) -> (u64, u64) {
        halves(join(a_lo, a_hi).wrapping_add(join(b_lo, b_hi)))
    }
    i64_sub128(a_lo: u64, a_hi: u64, b_lo: u64, b_hi: u64) -> (u64, u64) {
        halves(join(a_lo, a_hi).wrapping_sub(join(b_lo, b_hi)))
    }
    i64_mul_wide_s(x: i64, y: i64) -> (u64, u64) { halves((x as i128 * y as i128) as u128) }
    i64_mul_wide_u(x: u64, y: u64) -> (u64, u64) { halves(x as u128 * y as u128) }
}

#[inline(always)]
fn join(lo: u64, hi: u64) -> u128 {
    (hi as u128) << 64 | lo as u128
}

#[inline(always)]
fn halves(v: u128) -> (u64, u64) {
    (v as u64, (v >> 64) as u64)
}

/// The float operations of one width; `$bits` is its bit pattern's type. `abs`/`neg` work on
/// the bits so that NaN payloads survive; the `not_*` comparisons hold on NaN.
macro_rules! float_ops {
    ($f:ty, $bits:ty; $add:ident $sub:ident $mul:ident $div:ident $min:ident $max:ident
     $copysign:ident $eq:ident $ne:ident $lt:ident $gt:ident $le:ident $ge:ident $not_lt:ident
     $not_gt:ident $not_le:ident $not_ge:ident $abs:ident $neg:ident $ceil:ident $floor:ident
     $trunc:ident $nearest:ident $sqrt:ident) => {
        ops! {
            $add(x: $f, y: $f) -> $f { x + y }
            $sub(x: $f, y: $f) -> $f { x - y }
            $mul(x: $f, y: $f) -> $f { x * y }
            $div(x: $f, y: $f) -> $f { x / y }
            $copysign(x: $f, y: $f) -> $f { x.copysign(y) }
            $eq(x: $f, y: $f) -> bool { x == y }
            $ne(x: $f, y: $f) -> bool { x != y }
            $lt(x: $f, y: $f) -> bool { x < y }
            $gt(x: $f, y: $f) -> bool { x > y }
            $le(x: $f, y: $f) -> bool { x <= y }
            $ge(x: $f, y: $f) -> bool { x >= y }
            $not_lt(x: $f, y: $f) -> bool { !(x < y) }
            $not_gt(x: $f, y: $f) -> bool { !(x > y) }
            $not_le(x: $f, y: $f) -> bool { !(x <= y) }
            $not_ge(x: $f, y: $f) -> bool { !(x >= y) }
            $abs(x: $bits) -> $bits { x & !(1 << (<$bits>::BITS - 1)) }
            $neg(x: $bits) -> $bits { x ^ (1 << (<$bits>::BITS - 1)) }
            $ceil(x: $f) -> $f { quiet_nan(x, x.ceil()) }
            $floor(x: $f) -> $f { quiet_nan(x, x.floor()) }
            $trunc(x: $f) -> $f { quiet_nan(x, x.trunc()) }
            $nearest(x: $f) -> $f { quiet_nan(x, x.round_ties_even()) }
            $sqrt(x: $f) -> $f { quiet_nan(x, x.sqrt()) }
        }

        /// `fN.min`: NaN if either is NaN, and -0 below +0.
        pub(super) fn $min(a: $f, b: $f) -> $f {
            if a.is_nan() || b.is_nan() {
                a + b
            } else if a == b {
                <$f>::from_bits(a.to_bits() | b.to_bits())
            } else {
                a.min(b)
            }
        }

        /// `fN.max`: NaN if either is NaN, and +0 above -0.
        pub(super) fn $max(a: $f, b: $f) -> $f {
            if a.is_nan() || b.is_nan() {
                a + b
            } else if a == b {
                <$f>::from_bits(a.to_bits() & b.to_bits())
            } else {
                a.max(b)
            }
        }
    };
}
float_ops!(f32, u32; f32_add f32_sub f32_mul f32_div f32_min f32_max f32_copysign f32_eq f32_ne
    f32_lt f32_gt f32_le f32_ge f32_not_lt f32_not_gt f32_not_le f32_not_ge f32_abs f32_neg
    f32_ceil f32_floor f32_trunc f32_nearest f32_sqrt);
float_ops!(f64, u64; f64_add f64_sub f64_mul f64_div f64_min f64_max f64_copysign f64_eq f64_ne
    f64_lt f64_gt f64_le f64_ge f64_not_lt f64_not_gt f64_not_le f64_not_ge f64_abs f64_neg
    f64_ceil f64_floor f64_trunc f64_nearest f64_sqrt);

// The forms that read an `f64` operation's right operand (or both, for a square) from `facc`,
// where the value just computed is (`docs/perf-log.md`, session 9): the same IEEE operations
// on the same operands in the same order, only named by which operand comes first.
ops! {
    /// `f64.sub` of `y - x`: `F64SubRevAcc` reads `x`, the subtrahend, from the accumulator.
    f64_sub_rev(x: f64, y: f64) -> f64 { y - x }
    /// `f64.div` of `y / x`: `F64DivRevAcc` reads `x`, the divisor, from the accumulator.
    f64_div_rev(x: f64, y: f64) -> f64 { y / x }
    /// `f64.mul` of a value by itself.
    f64_square(x: f64) -> f64 { x * x }
}

/// The result of a rounding operation: a NaN input gives a quiet (arithmetic) NaN, as the spec
/// requires, whatever the platform's rounding routine does with signalling NaNs.
#[inline(always)]
fn quiet_nan<F: std::ops::Add<Output = F> + Copy + PartialEq>(x: F, rounded: F) -> F {
    #[allow(clippy::eq_op)]
    if x != x { x + x } else { rounded }
}

// Conversions that are Rust `as` casts: sign/zero extension, wrapping, saturating truncation
// (Rust's float-to-int `as` saturates and maps NaN to 0, as the spec's `trunc_sat`), rounding.
ops! {
    i32_extend8_s(x: i32) -> i32 { x as i8 as i32 }
    i32_extend16_s(x: i32) -> i32 { x as i16 as i32 }
    i64_extend8_s(x: i64) -> i64 { x as i8 as i64 }
    i64_extend16_s(x: i64) -> i64 { x as i16 as i64 }
    i64_extend32_s(x: i64) -> i64 { x as i32 as i64 }
    i32_wrap_i64(x: u64) -> u32 { x as u32 }
    i64_extend_i32_s(x: i32) -> i64 { x as i64 }
    i32_trunc_sat_f32_s(x: f32) -> i32 { x as i32 }
    i32_trunc_sat_f32_u(x: f32) -> u32 { x as u32 }
    i32_trunc_sat_f64_s(x: f64) -> i32 { x as i32 }
    i32_trunc_sat_f64_u(x: f64) -> u32 { x as u32 }
    i64_trunc_sat_f32_s(x: f32) -> i64 { x as i64 }
    i64_trunc_sat_f32_u(x: f32) -> u64 { x as u64 }
    i64_trunc_sat_f64_s(x: f64) -> i64 { x as i64 }
    i64_trunc_sat_f64_u(x: f64) -> u64 { x as u64 }
    f32_convert_i32_s(x: i32) -> f32 { x as f32 }
    f32_convert_i32_u(x: u32) -> f32 { x as f32 }
    f32_convert_i64_s(x: i64) -> f32 { x as f32 }
    f32_convert_i64_u(x: u64) -> f32 { x as f32 }
    f32_demote_f64(x: f64) -> f32 { x as f32 }
    f64_convert_i32_s(x: i32) -> f64 { x as f64 }
    f64_convert_i32_u(x: u32) -> f64 { x as f64 }
    f64_convert_i64_s(x: i64) -> f64 { x as f64 }
    f64_convert_i64_u(x: u64) -> f64 { x as f64 }
    f64_promote_f32(x: f32) -> f64 { x as f64 }
}

/// Float-to-int truncation that traps: NaN is an invalid conversion, out of range an overflow.
/// `lo` and `hi` bound the truncated value: `lo <= trunc(x) < hi`.
macro_rules! trunc {
    ($name:ident, $f:ty, $i:ty, $lo:expr, $hi:expr) => {
        pub(super) fn $name(x: $f) -> Result<$i, TrapCode> {
            if x.is_nan() {
                return Err(TrapCode::BadConversionToInteger);
            }
            let t = x.trunc();
            if ($lo..$hi).contains(&t) { Ok(t as $i) } else { Err(TrapCode::IntegerOverflow) }
        }
    };
}
trunc!(i32_trunc_f32_s, f32, i32, -2147483648.0, 2147483648.0);
trunc!(i32_trunc_f32_u, f32, u32, 0.0, 4294967296.0);
trunc!(i32_trunc_f64_s, f64, i32, -2147483648.0, 2147483648.0);
trunc!(i32_trunc_f64_u, f64, u32, 0.0, 4294967296.0);
trunc!(i64_trunc_f32_s, f32, i64, -9223372036854775808.0, 9223372036854775808.0);
trunc!(i64_trunc_f32_u, f32, u64, 0.0, 18446744073709551616.0);
trunc!(i64_trunc_f64_s, f64, i64, -9223372036854775808.0, 9223372036854775808.0);
trunc!(i64_trunc_f64_u, f64, u64, 0.0, 18446744073709551616.0);

/// Signed and unsigned division and remainder with the spec's traps.
macro_rules! div_rem {
    ($div_s:ident, $div_u:ident, $rem_s:ident, $rem_u:ident, $s:ty, $u:ty) => {
        pub(super) fn $div_s(a: $s, b: $s) -> Result<$s, TrapCode> {
            if b == 0 {
                return Err(TrapCode::IntegerDivisionByZero);
            }
            a.checked_div(b).ok_or(TrapCode::IntegerOverflow)
        }

        pub(super) fn $div_u(a: $u, b: $u) -> Result<$u, TrapCode> {
            a.checked_div(b).ok_or(TrapCode::IntegerDivisionByZero)
        }

        pub(super) fn $rem_s(a: $s, b: $s) -> Result<$s, TrapCode> {
            if b == 0 {
                return Err(TrapCode::IntegerDivisionByZero);
            }
            Ok(a.wrapping_rem(b))
        }

        pub(super) fn $rem_u(a: $u, b: $u) -> Result<$u, TrapCode> {
            a.checked_rem(b).ok_or(TrapCode::IntegerDivisionByZero)
        }
    };
}
div_rem!(i32_div_s, i32_div_u, i32_rem_s, i32_rem_u, i32, u32);
div_rem!(i64_div_s, i64_div_u, i64_rem_s, i64_rem_u, i64, u64);

/// `select` on cells: both values are read before the condition chooses (a conditional
/// move), so the result waits for the condition and not for a load the condition chose
/// (heapsort's `if v[c] < v[c + 1] { c += 1 }`: `docs/perf-log.md`, session 13, stream).
#[inline(always)]
pub(super) fn select(cond: u32, if_true: u64, if_false: u64) -> u64 {
    std::hint::select_unpredictable(cond != 0, if_true, if_false)
}

/// The entry a `br_table` of `len` entries (`len >= 1`: the default is the last) jumps through
/// for `index`. The default is a cold path, so that the in-range index goes to the entry's
/// address through a predicted branch rather than a `cmp; cmov` on the path from the index to
/// the next instruction (a bytecode loop's dispatch: `docs/perf-log.md`, session 12).
#[inline(always)]
pub(super) fn br_table_entry(index: u32, len: u32) -> usize {
    if index < len {
        index as usize
    } else {
        std::hint::cold_path();
        len as usize - 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn min_max_order_signed_zeros() {
        assert!(f32_min(0.0, -0.0).is_sign_negative());
        assert!(f32_max(-0.0, 0.0).is_sign_positive());
        assert!(f64_min(f64::NAN, 1.0).is_nan());
    }

    #[test]
    fn truncation_traps_like_the_spec() {
        assert_eq!(i32_trunc_f32_s(-2147483648.0), Ok(i32::MIN));
        assert_eq!(i32_trunc_f32_s(2147483648.0), Err(TrapCode::IntegerOverflow));
        assert_eq!(i32_trunc_f64_u(-0.9), Ok(0));
        assert_eq!(i32_trunc_f64_u(-1.0), Err(TrapCode::IntegerOverflow));
        assert_eq!(i64_trunc_f64_s(f64::NAN), Err(TrapCode::BadConversionToInteger));
        assert_eq!(i32_div_s(i32::MIN, -1), Err(TrapCode::IntegerOverflow));
        assert_eq!(i32_rem_s(i32::MIN, -1), Ok(0));
    }

    #[test]
    fn cells_and_immediates() {
        assert_eq!((-1i32).into_cell(), 0xffff_ffff);
        assert_eq!(u64::from_imm(-1), u64::MAX);
        assert_eq!(u32::from_imm(-1), u32::MAX);
        assert_eq!(f32_abs(0xffff_ffff), 0x7fff_ffff);
        assert!(f64_not_lt(f64::NAN, 1.0) && !f64_lt(f64::NAN, 1.0));
    }
}
