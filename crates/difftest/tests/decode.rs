//! Arbitrary bytes and mutated generated modules through polymem's decoder: no panic, and the
//! same verdict as wasmparser's validator.

use polymem_difftest::decode::check;
use polymem_difftest::{Rng, module_for_seed};

#[test]
fn decoding_agrees_with_wasmparser_and_never_panics() {
    let mut counts = [0usize; 3];
    let mut disagreements = Vec::new();
    let mut record = |bytes: &[u8], what: String| match check(bytes) {
        Ok(verdict) => counts[verdict as usize] += 1,
        Err(why) => disagreements.push(format!("{what}: {why}")),
    };
    let mut rng = Rng::new(11);
    for seed in 0..300 {
        let Some(wasm) = module_for_seed(seed) else { continue };
        record(&wasm, format!("seed {seed}"));
        // Random byte changes: most make the module malformed or invalid, some keep it valid.
        for flip in 0..20 {
            let mut mutated = wasm.clone();
            for _ in 0..1 + rng.next_u64() % 3 {
                let at = (rng.next_u64() % mutated.len() as u64) as usize;
                mutated[at] = rng.next_u64() as u8;
            }
            record(&mutated, format!("seed {seed} mutation {flip}"));
        }
    }
    // Random bytes behind a valid header.
    for case in 0..2000 {
        let mut bytes = b"\0asm\x01\0\0\0".to_vec();
        bytes.extend((0..rng.next_u64() % 64).map(|_| rng.next_u64() as u8));
        record(&bytes, format!("random case {case}"));
    }
    let [accept, reject, unsupported] = counts;
    println!("{accept} accepted by both, {reject} rejected by both, {unsupported} unsupported");
    assert!(disagreements.is_empty(), "{}", disagreements.join("\n"));
    assert!(accept > 300 && reject > 1000, "{counts:?}");
}
