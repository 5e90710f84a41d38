//! SIMD kernels written with `core::arch::wasm32` intrinsics: a byte search and an integer dot
//! product. Only these functions are compiled with `simd128` (`#[target_feature]`), so the
//! other workloads stay scalar code and keep their meaning across engines.

use crate::{Rng, arena, size};
use core::arch::wasm32::*;

/// The haystack and vector length: 256 KiB, scanned as often as the size asks.
const BYTES: usize = 256 * 1024;

/// Counts, over `n` passes, the bytes of a pseudo-random 256 KiB buffer equal to the pass's
/// needle, 16 bytes at a time (`i8x16.eq`, `i8x16.bitmask`, popcount); returns the total.
#[unsafe(no_mangle)]
pub extern "C" fn byte_search(n: i32) -> i64 {
    let buf: &mut [u8] = arena(0, BYTES);
    let mut rng = Rng::new(5);
    for chunk in buf.chunks_exact_mut(8) {
        chunk.copy_from_slice(&rng.next().to_le_bytes());
    }
    let mut total = 0u64;
    for pass in 0..size(n) {
        total += count_byte(buf, (pass * 37) as u8);
    }
    total as i64
}

#[target_feature(enable = "simd128")]
fn count_byte(buf: &[u8], needle: u8) -> u64 {
    let needle = u8x16_splat(needle);
    let mut count = 0u32;
    for chunk in buf.chunks_exact(16) {
        // SAFETY: `chunk` holds 16 readable bytes; `v128_load` has no alignment requirement.
        let v = unsafe { v128_load(chunk.as_ptr().cast()) };
        count += u8x16_bitmask(u8x16_eq(v, needle)).count_ones();
    }
    count as u64
}

/// `n` dot products of two pseudo-random vectors of 128 Ki `i16`s (`i32x4.dot_i16x8_s`,
/// accumulated in `i32x4` lanes and folded into an i64 per pass); returns the sum.
#[unsafe(no_mangle)]
pub extern "C" fn dot_i16(n: i32) -> i64 {
    let len = BYTES / 2;
    let all: &mut [i16] = arena(0, 2 * len);
    let (a, b) = all.split_at_mut(len);
    let mut rng = Rng::new(11);
    for (x, y) in a.iter_mut().zip(b.iter_mut()) {
        let r = rng.next();
        (*x, *y) = (r as i16, (r >> 16) as i16);
    }
    let mut total = 0i64;
    for pass in 0..size(n) {
        total = total.wrapping_add(dot(a, b, pass as i16));
    }
    total
}

#[target_feature(enable = "simd128")]
fn dot(a: &[i16], b: &[i16], bias: i16) -> i64 {
    let bias = i16x8_splat(bias);
    let mut acc = i32x4_splat(0);
    for (x, y) in a.chunks_exact(8).zip(b.chunks_exact(8)) {
        // SAFETY: each chunk holds 8 readable `i16`s (16 bytes).
        let (x, y) = unsafe { (v128_load(x.as_ptr().cast()), v128_load(y.as_ptr().cast())) };
        acc = i32x4_add(acc, i32x4_dot_i16x8(i16x8_add(x, bias), y));
    }
    (0..4).fold(0i64, |sum, lane| {
        let lanes = [
            i32x4_extract_lane::<0>(acc),
            i32x4_extract_lane::<1>(acc),
            i32x4_extract_lane::<2>(acc),
            i32x4_extract_lane::<3>(acc),
        ];
        sum + lanes[lane] as i64
    })
}
