//! Arbitrary bytes through polymem's decoder and validator: no panic, and the verdict of
//! wasmparser's validator (see `polymem_difftest::decode`). Without libFuzzer: `decode START
//! END` checks random byte strings and mutated generated modules of those seeds.
#![cfg_attr(feature = "libfuzzer", no_main)]

use polymem_difftest::decode::check;

fn run(data: &[u8]) {
    if let Err(why) = check(data) {
        std::fs::write("disagreement.wasm", data).expect("write the bytes");
        panic!("{why} (bytes in disagreement.wasm)");
    }
}

#[cfg(feature = "libfuzzer")]
libfuzzer_sys::fuzz_target!(|data: &[u8]| run(data));

#[cfg(not(feature = "libfuzzer"))]
fn main() {
    let args: Vec<u64> = std::env::args().skip(1).map(|a| a.parse().expect("a seed")).collect();
    let (start, end) = match args[..] {
        [start, end] => (start, end),
        _ => (0, 1000),
    };
    for seed in start..end {
        let mut rng = polymem_difftest::Rng::new(seed);
        if let Some(mut wasm) = polymem_difftest::module_for_seed(seed) {
            run(&wasm);
            let at = (rng.next_u64() % wasm.len() as u64) as usize;
            wasm[at] = rng.next_u64() as u8;
            run(&wasm);
        }
        let mut bytes = b"\0asm\x01\0\0\0".to_vec();
        bytes.extend((0..rng.next_u64() % 256).map(|_| rng.next_u64() as u8));
        run(&bytes);
    }
    println!("seeds {start}..{end}: decoding agrees with wasmparser");
}
