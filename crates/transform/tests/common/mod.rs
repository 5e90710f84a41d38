//! Random multi-memory programs shared by the differential tests.

#![allow(dead_code)]

use std::fmt::Write as _;
use wasmi::Val;

/// xorshift64*: deterministic, no dependency.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

pub struct Shape {
    pub memories: usize,
}

/// A module with 2–4 memories and exports to drive each; with `external`, some memories are
/// imports of `spectest.memory` (1..2 pages) or exported.
pub fn generate(rng: &mut Rng, external: bool) -> (String, Shape) {
    let memories = 2 + rng.below(3) as usize;
    let segments = 2;
    let mut m = String::from("(module\n");
    let imported = if external { rng.below(3) as usize } else { 0 };
    for i in 0..memories {
        if i < imported {
            let limits = ["1", "1 2", "0 3"][rng.below(3) as usize];
            writeln!(m, "  (memory $m{i} (import \"spectest\" \"memory\") {limits})").unwrap();
            continue;
        }
        let min = rng.below(3);
        let max = match rng.below(4) {
            0 => String::new(),
            1 => min.to_string(),
            _ => (min + rng.below(4)).to_string(),
        };
        let export =
            if external && rng.chance(40) { format!("(export \"mem{i}\")") } else { String::new() };
        writeln!(m, "  (memory $m{i} {export} {min} {max})").unwrap();
    }
    for d in 0..segments {
        let bytes: String =
            (0..rng.below(12) + 1).map(|_| format!("\\{:02x}", rng.below(256))).collect();
        writeln!(m, "  (data $d{d} \"{bytes}\")").unwrap();
    }
    for _ in 0..rng.below(4) {
        let mem = rng.below(memories as u64);
        let offset = [0, 7, 65530, 65536, 131070][rng.below(5) as usize];
        writeln!(m, "  (data (memory $m{mem}) (i32.const {offset}) \"\\01\\02\\03\")").unwrap();
    }
    for i in 0..memories {
        writeln!(
            m,
            r#"  (func (export "l8_{i}") (param i32) (result i32) (i32.load8_u $m{i} (local.get 0)))
  (func (export "l32_{i}") (param i32) (result i32) (i32.load $m{i} offset=3 (local.get 0)))
  (func (export "l64_{i}") (param i32) (result i64) (i64.load16_s $m{i} offset=65535 (local.get 0)))
  (func (export "s8_{i}") (param i32 i32) (i32.store8 $m{i} (local.get 0) (local.get 1)))
  (func (export "s64_{i}") (param i32 i32) (i64.store $m{i} offset=5 (local.get 0) (i64.extend_i32_s (local.get 1))))
  (func (export "size_{i}") (result i32) (memory.size $m{i}))
  (func (export "grow_{i}") (param i32) (result i32) (memory.grow $m{i} (local.get 0)))
  (func (export "fill_{i}") (param i32 i32 i32) (memory.fill $m{i} (local.get 0) (local.get 1) (local.get 2)))
  (func (export "init_{i}") (param i32 i32 i32) (memory.init $m{i} $d0 (local.get 0) (local.get 1) (local.get 2)))
  (func (export "sum_{i}") (result i64) (local $p i32) (local $h i64)
    (block (loop
      (br_if 1 (i32.ge_u (local.get $p) (i32.shl (memory.size $m{i}) (i32.const 16))))
      (local.set $h (i64.add (i64.mul (local.get $h) (i64.const 31)) (i64.load $m{i} (local.get $p))))
      (local.set $p (i32.add (local.get $p) (i32.const 8)))
      (br 0)))
    (local.get $h))"#
        )
        .unwrap();
        for j in 0..memories {
            writeln!(
                m,
                r#"  (func (export "copy_{i}_{j}") (param i32 i32 i32) (memory.copy $m{i} $m{j} (local.get 0) (local.get 1) (local.get 2)))"#
            )
            .unwrap();
        }
    }
    m.push_str("  (func (export \"drop\") (data.drop $d0))\n)\n");
    (m, Shape { memories })
}

/// An address near something interesting: 0, a page boundary, or the memory's end.
pub fn address(rng: &mut Rng) -> i32 {
    let base: i64 = [0, 65536, 131072, 196608, 262144, -1][rng.below(6) as usize];
    (base + rng.below(20) as i64 - 10) as i32
}

pub fn call(rng: &mut Rng, shape: &Shape) -> (String, Vec<Val>, usize) {
    let i = rng.below(shape.memories as u64);
    let v = |rng: &mut Rng| Val::I32(rng.below(1 << 16) as i32);
    let len = |rng: &mut Rng| Val::I32(if rng.chance(80) { rng.below(40) as i32 } else { 70000 });
    match rng.below(11) {
        0 => (format!("l8_{i}"), vec![Val::I32(address(rng))], 1),
        1 => (format!("l32_{i}"), vec![Val::I32(address(rng))], 1),
        2 => (format!("l64_{i}"), vec![Val::I32(address(rng).wrapping_sub(65535))], 1),
        3 => (format!("s8_{i}"), vec![Val::I32(address(rng)), v(rng)], 0),
        4 => (format!("s64_{i}"), vec![Val::I32(address(rng)), v(rng)], 0),
        5 => (format!("size_{i}"), vec![], 1),
        6 => (format!("grow_{i}"), vec![Val::I32([0, 1, 2, 5, -1][rng.below(5) as usize])], 1),
        7 => (format!("fill_{i}"), vec![Val::I32(address(rng)), v(rng), len(rng)], 0),
        8 => (
            format!("init_{i}"),
            vec![Val::I32(address(rng)), Val::I32(rng.below(14) as i32), len(rng)],
            0,
        ),
        9 => {
            let j = rng.below(shape.memories as u64);
            (
                format!("copy_{i}_{j}"),
                vec![Val::I32(address(rng)), Val::I32(address(rng)), len(rng)],
                0,
            )
        }
        _ if rng.chance(10) => ("drop".into(), vec![], 0),
        _ => (format!("sum_{i}"), vec![], 1),
    }
}
