//! An application with its own memory that uses the `stats` library through imports: it fills
//! a buffer with pseudo-random bytes, builds a histogram in its memory, hands the counts to
//! `stats`, and combines both sides' results.
#![no_std]

use core::cell::UnsafeCell;

#[link(wasm_import_module = "stats")]
unsafe extern "C" {
    fn push(x: u32) -> u32;
    fn reset();
    fn sort();
    fn get(i: u32) -> u32;
    fn checksum() -> u32;
}

const BYTES: usize = 65536;

struct Buffer(UnsafeCell<([u8; BYTES], [u32; 256])>);
// SAFETY: wasm32-unknown-unknown runs one thread; nothing is shared.
unsafe impl Sync for Buffer {}

static BUFFER: Buffer = Buffer(UnsafeCell::new(([0; BYTES], [0; 256])));

fn buffer() -> &'static mut ([u8; BYTES], [u32; 256]) {
    // SAFETY: one thread, and no function keeps the reference across a call of another.
    unsafe { &mut *BUFFER.0.get() }
}

#[panic_handler]
fn panic(_: &core::panic::PanicInfo<'_>) -> ! {
    core::arch::wasm32::unreachable()
}

/// Fills `n` bytes from `seed`, histograms them, sorts the counts in `stats`; returns the
/// median count, the `stats` checksum and a digest of this module's own buffer.
#[unsafe(no_mangle)]
pub extern "C" fn run(seed: u32, n: u32) -> u64 {
    let (bytes, histogram) = buffer();
    let n = (n as usize).min(BYTES);
    let mut x = seed | 1;
    for b in &mut bytes[..n] {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        *b = (x >> 7) as u8;
    }
    histogram.fill(0);
    for &b in &bytes[..n] {
        histogram[b as usize] += 1;
    }
    let digest = bytes[..n].iter().fold(0u32, |h, &b| h.rotate_left(5) ^ u32::from(b));
    // SAFETY: plain calls of the imported library.
    unsafe {
        reset();
        for &count in histogram.iter() {
            push(count);
        }
        sort();
        let median = get(128);
        (u64::from(median) << 48) ^ (u64::from(checksum()) << 16) ^ u64::from(digest)
    }
}

/// A byte of this module's own buffer.
#[unsafe(no_mangle)]
pub extern "C" fn byte(i: u32) -> u32 {
    buffer().0.get(i as usize).map_or(u32::MAX, |&b| u32::from(b))
}
