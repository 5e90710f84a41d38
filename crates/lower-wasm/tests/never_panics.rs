//! A panic in the wasm build aborts the instance the page relies on, so `lower` and `inspect`
//! must answer every input with a result or an error. Deterministic mutations (byte flips,
//! truncations, insertions) of valid multi-memory modules, plus inputs that are not wasm at all.

fn seeds() -> Vec<Vec<u8>> {
    let texts = [
        r#"(module (memory 1) (memory (export "b") 1 2)
             (data (memory 1) (i32.const 3) "xyz")
             (func (export "f") (param i32) (result i32)
               (i32.store 1 (local.get 0) (i32.const 7))
               (memory.copy 0 1 (i32.const 0) (i32.const 0) (i32.const 8))
               (drop (memory.grow 1 (i32.const 1)))
               (i32.add (i32.load 0 (local.get 0)) (memory.size 1))))"#,
        r#"(module (import "m" "mem" (memory 1)) (memory 0 4) (memory i64 1)
             (func (export "g") (param i64) (result i32)
               (i32.load8_u 2 (local.get 0))))"#,
        r#"(module (memory 1) (memory 1) (data "passive")
             (func (export "h") (memory.init 1 0 (i32.const 0) (i32.const 0) (i32.const 3))
               (memory.fill 1 (i32.const 0) (i32.const 1) (i32.const 2))))"#,
    ];
    texts.iter().map(|t| wat::parse_str(t).expect("seed parses")).collect()
}

/// A small xorshift generator: the same mutations on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn mutate(seed: &[u8], rng: &mut Rng) -> Vec<u8> {
    let mut bytes = seed.to_vec();
    for _ in 0..1 + rng.below(4) {
        match rng.below(4) {
            0 => {
                let at = rng.below(bytes.len());
                bytes[at] ^= 1 << rng.below(8);
            }
            1 => {
                let at = rng.below(bytes.len());
                bytes[at] = rng.next() as u8;
            }
            2 => bytes.truncate(8 + rng.below(bytes.len().saturating_sub(8))),
            _ => {
                let at = rng.below(bytes.len());
                bytes.insert(at, rng.next() as u8);
            }
        }
        if bytes.is_empty() {
            break;
        }
    }
    bytes
}

#[test]
fn mutated_modules_give_results_or_errors() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let (mut lowered, mut rejected) = (0, 0);
    for seed in seeds() {
        assert!(polymem_lower_wasm::lower(&seed).is_ok());
        for _ in 0..1500 {
            let input = mutate(&seed, &mut rng);
            match polymem_lower_wasm::lower(&input) {
                Ok(_) => lowered += 1,
                Err(e) => {
                    assert!(!e.to_string().is_empty());
                    rejected += 1;
                }
            }
            let _ = polymem_lower_wasm::inspect(&input);
        }
    }
    // Both outcomes must occur, or the mutations test nothing.
    assert!(lowered > 0 && rejected > 0, "{lowered} lowered, {rejected} rejected");
}

#[test]
fn non_wasm_inputs_are_errors() {
    for input in
        [&b""[..], b"\0asm", b"\0asm\x01\0\0\0\x05\xff\xff\xff\xff\x0f", b"(module)", &[0xff; 64]]
    {
        assert!(polymem_lower_wasm::lower(input).is_err());
        assert!(polymem_lower_wasm::inspect(input).is_err());
    }
}
