//! Echoes stdin upper-cased, then checks the clocks and the random source.
use std::io::Read as _;
use std::time::{Instant, SystemTime, UNIX_EPOCH};

fn main() {
    let mut input = String::new();
    std::io::stdin().read_to_string(&mut input).expect("read stdin");
    print!("{}", input.to_uppercase());

    let since_epoch = SystemTime::now().duration_since(UNIX_EPOCH).expect("after 1970");
    println!("wall clock after 2020: {}", since_epoch.as_secs() > 1_577_836_800);
    let start = Instant::now();
    std::thread::sleep(std::time::Duration::from_millis(20));
    println!("monotonic clock advanced by 20ms: {}", start.elapsed().as_millis() >= 20);

    // HashMap's random seed comes from `random_get`; read it directly too.
    let mut bytes = [0u8; 32];
    getrandom(&mut bytes);
    println!("random bytes not all zero: {}", bytes.iter().any(|&b| b != 0));
}

/// `random_get` through the raw import (std has no public API for it).
fn getrandom(buf: &mut [u8]) {
    #[link(wasm_import_module = "wasi_snapshot_preview1")]
    unsafe extern "C" {
        fn random_get(buf: *mut u8, len: usize) -> u16;
    }
    // SAFETY: the pointer and length describe `buf`, which the host fills.
    let errno = unsafe { random_get(buf.as_mut_ptr(), buf.len()) };
    assert_eq!(errno, 0, "random_get failed");
}
