//! Byte-heavy kernels: a JSON tokenizer over generated text, and bulk memory copies and fills.

use crate::{Rng, arena, size};

/// Writes about `len` bytes of JSON (an array of small objects) into `out`; returns the length.
fn generate_json(out: &mut [u8], len: usize) -> usize {
    const KEYS: [&[u8]; 6] = [b"id", b"name", b"tags", b"score", b"active", b"note"];
    const WORDS: [&[u8]; 6] = [b"alpha", b"beta\\n", b"gamma \\\"q\\\"", b"delta", b"eps", b"zeta"];
    let mut rng = Rng::new(99);
    let mut at = 0;
    let mut put = |bytes: &[u8], at: &mut usize| {
        out[*at..*at + bytes.len()].copy_from_slice(bytes);
        *at += bytes.len();
    };
    put(b"[", &mut at);
    while at + 256 < len {
        put(b"{", &mut at);
        for (k, key) in KEYS.iter().enumerate() {
            put(if k == 0 { b"\"" } else { b", \"" }, &mut at);
            put(key, &mut at);
            put(b"\": ", &mut at);
            match rng.below(4) {
                0 => {
                    let mut digits = [0u8; 20];
                    let mut v = rng.below(1_000_000);
                    let mut d = digits.len();
                    loop {
                        d -= 1;
                        digits[d] = b'0' + (v % 10) as u8;
                        v /= 10;
                        if v == 0 {
                            break;
                        }
                    }
                    put(&digits[d..], &mut at);
                }
                1 => {
                    put(b"\"", &mut at);
                    put(WORDS[rng.below(6) as usize], &mut at);
                    put(b"\"", &mut at);
                }
                2 => put(if rng.below(2) == 0 { b"true" } else { b"null" }, &mut at),
                _ => put(b"[1, 2.5, \"x\"]", &mut at),
            }
        }
        put(b"},\n", &mut at);
    }
    put(b"{}]", &mut at);
    at
}

/// Tokenizes `n` KiB of generated JSON (a text of at most 1 MiB, scanned as often as needed);
/// returns a checksum of token kinds, depth and number values.
#[unsafe(no_mangle)]
pub extern "C" fn json_scan(n: i32) -> i64 {
    let kib = size(n).max(1);
    let buf: &mut [u8] = arena(0, kib.min(1024) * 1024);
    let len = generate_json(buf, buf.len());
    let mut sum = 0u64;
    for pass in 0..kib.div_ceil(1024) as u64 {
        sum = sum.rotate_left(9) ^ scan(&buf[..len]).wrapping_add(pass);
    }
    sum as i64
}

fn scan(text: &[u8]) -> u64 {
    let (mut strings, mut numbers, mut literals) = (0u64, 0u64, 0u64);
    let (mut depth, mut max_depth, mut number_sum) = (0i64, 0i64, 0u64);
    let mut i = 0;
    while i < text.len() {
        match text[i] {
            b' ' | b'\n' | b'\t' | b'\r' | b',' | b':' => i += 1,
            b'[' | b'{' => {
                depth += 1;
                max_depth = max_depth.max(depth);
                i += 1;
            }
            b']' | b'}' => {
                depth -= 1;
                i += 1;
            }
            b'"' => {
                i += 1;
                while i < text.len() && text[i] != b'"' {
                    i += if text[i] == b'\\' { 2 } else { 1 };
                }
                strings += 1;
                i += 1;
            }
            b'0'..=b'9' | b'-' => {
                let mut value = 0u64;
                while i < text.len() && matches!(text[i], b'0'..=b'9' | b'.' | b'-') {
                    if text[i].is_ascii_digit() {
                        value = value * 10 + (text[i] - b'0') as u64;
                    }
                    i += 1;
                }
                number_sum = number_sum.wrapping_add(value);
                numbers += 1;
            }
            _ => {
                while i < text.len() && text[i].is_ascii_alphabetic() {
                    i += 1;
                }
                literals += 1;
            }
        }
    }
    let counts = strings | numbers << 20 | literals << 40;
    counts ^ number_sum.rotate_left(17) ^ (max_depth as u64) << 60 ^ depth as u64
}

/// `n` rounds of `memory.copy` and `memory.fill` over a 4 MiB buffer (64 KiB blocks at moving,
/// overlapping offsets), sampling bytes as it goes.
#[unsafe(no_mangle)]
pub extern "C" fn bulk_memory(n: i32) -> i64 {
    const LEN: usize = 4 << 20;
    const BLOCK: usize = 64 << 10;
    let buf: &mut [u8] = arena(0, LEN);
    let mut rng = Rng::new(3);
    for chunk in buf.chunks_exact_mut(8).step_by(512) {
        chunk.copy_from_slice(&rng.next().to_le_bytes());
    }
    let mut sum = 0u64;
    for round in 0..size(n) {
        let src = rng.below((LEN - BLOCK) as u64) as usize;
        let dst = rng.below((LEN - BLOCK) as u64) as usize;
        let len = BLOCK - rng.below(4096) as usize;
        // SAFETY: both ranges are inside `buf`; `copy` allows overlap (memmove).
        unsafe { core::ptr::copy(buf.as_ptr().add(src), buf.as_mut_ptr().add(dst), len) };
        if round % 4 == 0 {
            let at = rng.below((LEN - BLOCK) as u64) as usize;
            // SAFETY: inside `buf`.
            unsafe { core::ptr::write_bytes(buf.as_mut_ptr().add(at), round as u8, BLOCK / 2) };
        }
        sum = sum.wrapping_mul(31).wrapping_add(buf[dst + len / 2] as u64 + buf[src] as u64);
    }
    sum as i64
}
