//! Lane-wise integer arithmetic on a whole `v128` held as one `u128` ("SIMD within a register"),
//! for the SIMD operations that run in hot loops: add, sub, eq/ne and the 8-bit bitmask.
//!
//! Why not the lane arrays of `exec/simd.rs`: for 8- and 16-bit lanes LLVM turns
//! `u128` → `[u8; 16]` → `u128` into a long series of shifts, inserts and stack spills (about 200
//! machine instructions for an `i8x16.eq`, measured with callgrind on `byte_search` in
//! `docs/perf-log.md`), where the masked arithmetic below is 10-25 instructions for any lane
//! width. Each function is checked against the lane-by-lane definition in the tests below.

/// The top bit of every `bits`-wide lane.
pub(super) const fn high_bits(bits: u32) -> u128 {
    let mut mask = 0u128;
    let mut low = 0;
    while low < 128 {
        mask |= 1 << (low + bits - 1);
        low += bits;
    }
    mask
}

/// Lane-wise wrapping `a + b`: the low bits of each lane add without reaching the next lane
/// (their carry stops in the lane's top bit), then the top bits are added modulo 2 (xor).
#[inline(always)]
pub(super) fn add(a: u128, b: u128, bits: u32) -> u128 {
    let high = high_bits(bits);
    ((a & !high) + (b & !high)) ^ ((a ^ b) & high)
}

/// Lane-wise wrapping `a - b`: every lane of the minuend borrows from its own top bit (set
/// beforehand), never from the next lane; the top bits are then fixed up modulo 2.
#[inline(always)]
pub(super) fn sub(a: u128, b: u128, bits: u32) -> u128 {
    let high = high_bits(bits);
    ((a | high) - (b & !high)) ^ ((a ^ !b) & high)
}

/// All ones in the lanes where `a` and `b` are equal, zeros elsewhere.
#[inline(always)]
pub(super) fn eq(a: u128, b: u128, bits: u32) -> u128 {
    let high = high_bits(bits);
    let x = a ^ b;
    // Top bit of a lane set iff the lane of `x` is nonzero: its low bits plus all-ones-but-top
    // carry into the top bit iff any of them is set; or'ed with the lane's own top bit.
    let nonzero = (((x & !high) + !high) | x) & high;
    let equal = !nonzero & high;
    // Top bit set → the whole lane: the top bit minus one fills the lane's low bits.
    equal | (equal - (equal >> (bits - 1)))
}

/// `i8x16.bitmask`: bit `i` of the result is the top bit of byte lane `i`.
#[inline(always)]
pub(super) fn bitmask_8(a: u128) -> u32 {
    // The top bits moved to bit 0 of each byte; a multiply then gathers the 8 bytes of one half
    // into its top byte (each byte's bit lands at a distinct position, no carries).
    let ones = (a >> 7) & (high_bits(8) >> 7);
    let gather = |half: u64| (half.wrapping_mul(0x0102_0408_1020_4080) >> 56) as u32;
    gather(ones as u64) | gather((ones >> 64) as u64) << 8
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Lanes of `bits` width of `v`, lane 0 first.
    fn lanes(v: u128, bits: u32) -> Vec<u128> {
        let mask = u128::MAX >> (128 - bits);
        (0..128 / bits).map(|i| (v >> (i * bits)) & mask).collect()
    }

    fn join(lanes: &[u128], bits: u32) -> u128 {
        lanes.iter().enumerate().fold(0, |v, (i, &x)| v | x << (i as u32 * bits))
    }

    /// Operands with every interesting lane value: 0, 1, top bit, all ones, near equals.
    fn operands() -> Vec<u128> {
        let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let mut all = vec![0, u128::MAX, high_bits(8), high_bits(16), !high_bits(32), 1];
        for _ in 0..400 {
            let v = u128::from(next()) | u128::from(next()) << 64;
            // Copy some lanes so that equal lanes occur.
            all.push(v);
            all.push(v & 0xffff_0000_ffff_0000_00ff_ff00_ff00_00ff);
        }
        all
    }

    #[test]
    fn swar_matches_lane_by_lane() {
        let ops = operands();
        for &bits in &[8, 16, 32, 64] {
            let mask = u128::MAX >> (128 - bits);
            for (i, &a) in ops.iter().enumerate() {
                for b in ops.iter().copied().skip(i % 7).step_by(37).chain([a, a ^ 1]) {
                    let (la, lb) = (lanes(a, bits), lanes(b, bits));
                    let each = |f: &dyn Fn(u128, u128) -> u128| {
                        join(
                            &la.iter().zip(&lb).map(|(&x, &y)| f(x, y) & mask).collect::<Vec<_>>(),
                            bits,
                        )
                    };
                    assert_eq!(add(a, b, bits), each(&|x, y| x.wrapping_add(y)), "add{bits}");
                    assert_eq!(sub(a, b, bits), each(&|x, y| x.wrapping_sub(y)), "sub{bits}");
                    assert_eq!(
                        eq(a, b, bits),
                        each(&|x, y| if x == y { mask } else { 0 }),
                        "eq{bits}"
                    );
                }
                if bits == 8 {
                    let want = lanes(a, 8)
                        .iter()
                        .enumerate()
                        .fold(0, |m, (i, &x)| m | ((x >> 7) as u32) << i);
                    assert_eq!(bitmask_8(a), want);
                }
            }
        }
    }
}
