//! A small statistics library with its own memory: values pushed by its user are kept in a
//! static buffer, sorted and summarized.
#![no_std]

use core::cell::UnsafeCell;

const CAPACITY: usize = 4096;

struct Values(UnsafeCell<([u32; CAPACITY], usize)>);
// SAFETY: wasm32-unknown-unknown runs one thread; nothing is shared.
unsafe impl Sync for Values {}

static VALUES: Values = Values(UnsafeCell::new(([0; CAPACITY], 0)));

fn values() -> &'static mut ([u32; CAPACITY], usize) {
    // SAFETY: one thread, and no function keeps the reference across a call of another.
    unsafe { &mut *VALUES.0.get() }
}

#[panic_handler]
fn panic(_: &core::panic::PanicInfo<'_>) -> ! {
    core::arch::wasm32::unreachable()
}

/// Appends `x`; returns the new count (the value is dropped when full).
#[unsafe(no_mangle)]
pub extern "C" fn push(x: u32) -> u32 {
    let (buf, len) = values();
    if *len < CAPACITY {
        buf[*len] = x;
        *len += 1;
    }
    *len as u32
}

#[unsafe(no_mangle)]
pub extern "C" fn reset() {
    values().1 = 0;
}

/// Sorts the values (heapsort: no allocation, no recursion).
#[unsafe(no_mangle)]
pub extern "C" fn sort() {
    let (buf, len) = values();
    let v = &mut buf[..*len];
    let n = v.len();
    for start in (0..n / 2).rev() {
        sift(v, start, n);
    }
    for end in (1..n).rev() {
        v.swap(0, end);
        sift(v, 0, end);
    }
}

fn sift(v: &mut [u32], mut root: usize, end: usize) {
    loop {
        let mut child = 2 * root + 1;
        if child >= end {
            return;
        }
        if child + 1 < end && v[child] < v[child + 1] {
            child += 1;
        }
        if v[root] >= v[child] {
            return;
        }
        v.swap(root, child);
        root = child;
    }
}

/// The `i`-th value, or `u32::MAX` past the end.
#[unsafe(no_mangle)]
pub extern "C" fn get(i: u32) -> u32 {
    let (buf, len) = values();
    if (i as usize) < *len { buf[i as usize] } else { u32::MAX }
}

/// FNV-1a over the values in order.
#[unsafe(no_mangle)]
pub extern "C" fn checksum() -> u32 {
    let (buf, len) = values();
    buf[..*len].iter().fold(0x811c_9dc5u32, |h, &x| (h ^ x).wrapping_mul(0x0100_0193))
}

/// A summary a user can print: count, sum and the checksum of the values, computed here.
#[unsafe(no_mangle)]
pub extern "C" fn summary() -> u64 {
    let (buf, len) = values();
    let sum: u64 = buf[..*len].iter().map(|&x| u64::from(x)).sum();
    ((*len as u64) << 48) ^ (sum << 16) ^ u64::from(checksum())
}
