//! Numeric semantics that are more than one Rust operator: float min/max/nearest, trapping
//! division and float-to-int truncation.

use crate::error::TrapCode;

/// `fN.min`: NaN if either is NaN, and -0 below +0.
macro_rules! float_min_max {
    ($min:ident, $max:ident, $f:ty) => {
        pub(super) fn $min(a: $f, b: $f) -> $f {
            if a.is_nan() || b.is_nan() {
                a + b
            } else if a == b {
                <$f>::from_bits(a.to_bits() | b.to_bits())
            } else {
                a.min(b)
            }
        }

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
float_min_max!(f32_min, f32_max, f32);
float_min_max!(f64_min, f64_max, f64);

/// The result of a rounding operation: a NaN input gives a quiet (arithmetic) NaN, as the spec
/// requires, whatever the platform's rounding routine does with signalling NaNs.
#[inline(always)]
pub(super) fn quiet_nan<F: std::ops::Add<Output = F> + Copy + PartialEq>(x: F, rounded: F) -> F {
    #[allow(clippy::eq_op)]
    if x != x { x + x } else { rounded }
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
}
