//! `merge_modules` on damaged input: byte mutations of valid inputs, truncations and random
//! input names never panic; every refusal is an error, and every output is valid.

use polymem_transform::merge::{MergeOptions, merge_modules};
use std::panic::{AssertUnwindSafe, catch_unwind};

/// xorshift64*: deterministic, no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

const LIB: &str = r#"(module $lib
  (type $t (func (param i32) (result i32)))
  (memory (export "mem") 1 4)
  (table (export "tab") 4 funcref)
  (global (export "g") (mut i32) (i32.const 3))
  (global $k (export "k") i32 (i32.const 16))
  (elem (i32.const 0) $get)
  (data (i32.const 8) "lib")
  (func $get (export "get") (type $t) (i32.load8_u (local.get 0)))
  (func $s (global.set 0 (i32.const 5)))
  (start $s))"#;

const APP: &str = r#"(module $app
  (import "lib" "get" (func $get (param i32) (result i32)))
  (import "lib" "mem" (memory 1))
  (import "lib" "tab" (table 4 funcref))
  (import "lib" "g" (global $g (mut i32)))
  (import "lib" "k" (global $k i32))
  (import "env" "log" (func $log (param i32)))
  (memory 2)
  (data (memory 1) (global.get $k) "app")
  (elem (i32.const 1) $main)
  (func $main (export "main") (result i32)
    (call $log (global.get $g))
    (i32.add (call $get (i32.const 8)) (call_indirect (param i32) (result i32) (i32.const 9) (i32.const 0)))))"#;

fn try_merge(inputs: &[(&str, &[u8])], options: &MergeOptions) -> Result<(), String> {
    match catch_unwind(AssertUnwindSafe(|| merge_modules(inputs, options))) {
        Err(_) => Err("panicked".into()),
        Ok(Err(e)) => {
            assert!(!e.to_string().is_empty());
            Ok(())
        }
        Ok(Ok(out)) => wasmparser::Validator::new()
            .validate_all(&out)
            .map(drop)
            .map_err(|e| format!("invalid output: {e}")),
    }
}

#[test]
fn mutated_and_truncated_inputs_never_panic() {
    let lib = wat::parse_str(LIB).unwrap();
    let app = wat::parse_str(APP).unwrap();
    let options = MergeOptions::default();
    assert_eq!(try_merge(&[("lib", &lib), ("app", &app)], &options), Ok(()));
    let mut rng = Rng(0x5eed_1234_abcd_0001);
    let (mut merged, mut refused) = (0, 0);
    for case in 0..3000 {
        let (mut a, mut b) = (lib.clone(), app.clone());
        let target = if rng.below(2) == 0 { &mut a } else { &mut b };
        match rng.below(4) {
            0 => target.truncate(rng.below(target.len())),
            _ => {
                for _ in 0..1 + rng.below(3) {
                    let i = rng.below(target.len());
                    target[i] = rng.next() as u8;
                }
            }
        }
        let inputs: [(&str, &[u8]); 2] = [("lib", &a), ("app", &b)];
        if let Err(e) = try_merge(&inputs, &options) {
            panic!("case {case}: {e}");
        }
        match merge_modules(&inputs, &options) {
            Ok(_) => merged += 1,
            Err(_) => refused += 1,
        }
    }
    // Both outcomes happen: the mutations reach past the decoder.
    assert!(merged > 100 && refused > 100, "merged {merged}, refused {refused}");
}

#[test]
fn any_input_names_and_orders_are_errors_or_valid_merges() {
    let lib = wat::parse_str(LIB).unwrap();
    let app = wat::parse_str(APP).unwrap();
    let names = ["lib", "app", "env", "", "lib.x", "\u{0}"];
    let mut rng = Rng(42);
    for _ in 0..300 {
        let count = 1 + rng.below(4);
        let inputs: Vec<(&str, &[u8])> = (0..count)
            .map(|_| {
                let bytes: &[u8] = if rng.below(2) == 0 { &lib } else { &app };
                (names[rng.below(names.len())], bytes)
            })
            .collect();
        let mut options = MergeOptions::default();
        options.rename_export_conflicts = rng.below(2) == 0;
        if rng.below(4) == 0 {
            options.hide_exports = vec![names[rng.below(names.len())].to_string()];
        }
        let names: Vec<&str> = inputs.iter().map(|(n, _)| *n).collect();
        if let Err(e) = try_merge(&inputs, &options) {
            panic!("{names:?}: {e}");
        }
    }
}
