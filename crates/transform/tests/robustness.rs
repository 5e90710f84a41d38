//! Lowering never panics: byte-level mutations of multi-memory modules either fail to
//! validate (an `Invalid` error), are rejected clearly, or lower to a valid module.

mod common;

use common::{Rng, generate};
use polymem_transform::{LowerError, LowerOptions, lower_memories};

#[test]
fn mutated_modules_never_panic_or_produce_invalid_output() {
    let mut rng = Rng(0x0dd_ba11_5eed);
    let mut outcomes = [0u32; 3];
    for _ in 0..40 {
        let external = rng.chance(50);
        let wasm = wat::parse_str(generate(&mut rng, external).0).unwrap();
        for _ in 0..100 {
            let mut mutated = wasm.clone();
            for _ in 0..1 + rng.below(3) {
                let at = rng.below(mutated.len() as u64) as usize;
                match rng.below(3) {
                    0 => mutated[at] = rng.below(256) as u8,
                    1 => mutated[at] ^= 1 << rng.below(8),
                    _ => mutated.truncate(at.max(8)),
                }
            }
            match lower_memories(&mutated, &LowerOptions::default()) {
                Ok(_) => outcomes[0] += 1,
                Err(LowerError::Invalid { .. }) => outcomes[1] += 1,
                Err(LowerError::Unsupported { .. }) => outcomes[2] += 1,
                Err(e) => panic!("lowering a valid module failed: {e}"),
            }
        }
    }
    println!("lowered {}, invalid {}, unsupported {}", outcomes[0], outcomes[1], outcomes[2]);
    assert!(outcomes[0] > 0 && outcomes[1] > 0);
}
