//! Benchmark kernels for polymem and wasmi, compiled to `wasm32-unknown-unknown`.
//!
//! Every export has the signature `(size: i32) -> i64`: the size scales the work and the result is
//! a checksum the harness compares across engines, so both must compute the same thing. Float
//! kernels return the bits of their result. Inputs are generated in the module from a fixed seed,
//! so no host setup is needed and a run is one call.
#![no_std]

mod bytes;
mod compute;
mod numeric;
mod simd;

#[panic_handler]
fn panic(_: &core::panic::PanicInfo<'_>) -> ! {
    core::arch::wasm32::unreachable()
}

/// 16 MiB of scratch memory (zero-initialised, so it costs no data segment).
const ARENA_BYTES: usize = 16 << 20;
static mut ARENA: [u64; ARENA_BYTES / 8] = [0; ARENA_BYTES / 8];

/// `count` values of `T` starting `offset` bytes into the arena.
///
/// Kernels run one at a time and take disjoint regions, so no two live slices overlap.
fn arena<T: Copy>(offset: usize, count: usize) -> &'static mut [T] {
    let bytes = count * core::mem::size_of::<T>();
    assert!(offset % core::mem::align_of::<T>() == 0 && offset + bytes <= ARENA_BYTES);
    // SAFETY: in bounds and aligned (checked above); callers use disjoint regions and `T` is a
    // plain number type, for which every bit pattern is valid.
    unsafe {
        core::slice::from_raw_parts_mut((&raw mut ARENA).cast::<u8>().add(offset).cast(), count)
    }
}

/// A xorshift64* generator: cheap, deterministic test data.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        Rng(seed | 1)
    }

    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// A size parameter as a count; negative sizes mean zero work.
fn size(n: i32) -> usize {
    n.max(0) as usize
}
