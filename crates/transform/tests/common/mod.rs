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
    /// Which memories are 64-bit (memory64).
    pub is64: Vec<bool>,
}

/// A module with 2–4 memories and exports to drive each; some are 64-bit (always private);
/// with `external`, some are imports of `spectest.memory` (1..2 pages) or exported.
pub fn generate(rng: &mut Rng, external: bool) -> (String, Shape) {
    let memories = 2 + rng.below(3) as usize;
    let segments = 2;
    let mut m = String::from("(module\n");
    let imported = if external { rng.below(3) as usize } else { 0 };
    let mut is64 = Vec::new();
    for i in 0..memories {
        if i < imported {
            let limits = ["1", "1 2", "0 3"][rng.below(3) as usize];
            writeln!(m, "  (memory $m{i} (import \"spectest\" \"memory\") {limits})").unwrap();
            is64.push(false);
            continue;
        }
        let wide = rng.chance(30);
        is64.push(wide);
        let min = rng.below(3);
        let max = match rng.below(4) {
            0 => String::new(),
            1 => min.to_string(),
            _ => (min + rng.below(4)).to_string(),
        };
        let export = if external && !wide && rng.chance(40) {
            format!("(export \"mem{i}\")")
        } else {
            String::new()
        };
        let ty = if wide { "i64" } else { "" };
        writeln!(m, "  (memory $m{i} {export} {ty} {min} {max})").unwrap();
    }
    for d in 0..segments {
        let bytes: String =
            (0..rng.below(12) + 1).map(|_| format!("\\{:02x}", rng.below(256))).collect();
        writeln!(m, "  (data $d{d} \"{bytes}\")").unwrap();
    }
    for _ in 0..rng.below(4) {
        let mem = rng.below(memories as u64) as usize;
        let offset = [0, 7, 65530, 65536, 131070][rng.below(5) as usize];
        let ty = if is64[mem] { "i64" } else { "i32" };
        writeln!(m, "  (data (memory $m{mem}) ({ty}.const {offset}) \"\\01\\02\\03\")").unwrap();
    }
    for i in 0..memories {
        let a = if is64[i] { "i64" } else { "i32" };
        let size32 = if is64[i] {
            format!("(i32.wrap_i64 (memory.size $m{i}))")
        } else {
            format!("(memory.size $m{i})")
        };
        let p = if is64[i] { "(i64.extend_i32_u (local.get $p))" } else { "(local.get $p)" };
        writeln!(
            m,
            r#"  (func (export "l8_{i}") (param {a}) (result i32) (i32.load8_u $m{i} (local.get 0)))
  (func (export "l32_{i}") (param {a}) (result i32) (i32.load $m{i} offset=3 (local.get 0)))
  (func (export "l64_{i}") (param {a}) (result i64) (i64.load16_s $m{i} offset=65535 (local.get 0)))
  (func (export "s8_{i}") (param {a} i32) (i32.store8 $m{i} (local.get 0) (local.get 1)))
  (func (export "s64_{i}") (param {a} i32) (i64.store $m{i} offset=5 (local.get 0) (i64.extend_i32_s (local.get 1))))
  (func (export "size_{i}") (result {a}) (memory.size $m{i}))
  (func (export "grow_{i}") (param {a}) (result {a}) (memory.grow $m{i} (local.get 0)))
  (func (export "fill_{i}") (param {a} i32 {a}) (memory.fill $m{i} (local.get 0) (local.get 1) (local.get 2)))
  (func (export "init_{i}") (param {a} i32 i32) (memory.init $m{i} $d0 (local.get 0) (local.get 1) (local.get 2)))
  (func (export "sum_{i}") (result i64) (local $p i32) (local $h i64)
    (block (loop
      (br_if 1 (i32.ge_u (local.get $p) (i32.shl {size32} (i32.const 16))))
      (local.set $h (i64.add (i64.mul (local.get $h) (i64.const 31)) (i64.load $m{i} {p})))
      (local.set $p (i32.add (local.get $p) (i32.const 8)))
      (br 0)))
    (local.get $h))"#
        )
        .unwrap();
        if is64[i] {
            writeln!(
                m,
                r#"  (func (export "lbig_{i}") (param i64) (result i32) (i32.load8_u $m{i} offset=0x100000000 (local.get 0)))"#
            )
            .unwrap();
        }
        for j in 0..memories {
            let b = if is64[j] { "i64" } else { "i32" };
            let n = if is64[i] && is64[j] { "i64" } else { "i32" };
            writeln!(
                m,
                r#"  (func (export "copy_{i}_{j}") (param {a} {b} {n}) (memory.copy $m{i} $m{j} (local.get 0) (local.get 1) (local.get 2)))"#
            )
            .unwrap();
        }
    }
    m.push_str("  (func (export \"drop\") (data.drop $d0))\n)\n");
    (m, Shape { memories, is64 })
}

/// An address near something interesting: 0, a page boundary, the memory's end, or (for a
/// 64-bit memory) 4 GiB and the top of the 64-bit range.
pub fn address(rng: &mut Rng, wide: bool) -> Val {
    let bases: &[i64] = if wide {
        &[0, 65536, 131072, 196608, 262144, 1 << 32, -1]
    } else {
        &[0, 65536, 131072, 196608, 262144, -1]
    };
    let at = bases[rng.below(bases.len() as u64) as usize].wrapping_add(rng.below(20) as i64 - 10);
    if wide { Val::I64(at) } else { Val::I32(at as i32) }
}

fn int(wide: bool, value: i64) -> Val {
    if wide { Val::I64(value) } else { Val::I32(value as i32) }
}

pub fn call(rng: &mut Rng, shape: &Shape) -> (String, Vec<Val>, usize) {
    let i = rng.below(shape.memories as u64) as usize;
    let wide = shape.is64[i];
    let v = |rng: &mut Rng| Val::I32(rng.below(1 << 16) as i32);
    let len = |rng: &mut Rng, wide: bool| {
        let n = match rng.below(10) {
            0 => 70000,
            1 if wide => -4,
            _ => rng.below(40) as i64,
        };
        int(wide, n)
    };
    match rng.below(12) {
        0 => (format!("l8_{i}"), vec![address(rng, wide)], 1),
        1 => (format!("l32_{i}"), vec![address(rng, wide)], 1),
        2 => {
            let at = match address(rng, wide) {
                Val::I64(a) => Val::I64(a.wrapping_sub(65535)),
                Val::I32(a) => Val::I32(a.wrapping_sub(65535)),
                other => other,
            };
            (format!("l64_{i}"), vec![at], 1)
        }
        3 => (format!("s8_{i}"), vec![address(rng, wide), v(rng)], 0),
        4 => (format!("s64_{i}"), vec![address(rng, wide), v(rng)], 0),
        5 => (format!("size_{i}"), vec![], 1),
        6 => {
            let delta = [0, 1, 2, 5, -1, 1 << 32][rng.below(if wide { 6 } else { 5 }) as usize];
            (format!("grow_{i}"), vec![int(wide, delta)], 1)
        }
        7 => (format!("fill_{i}"), vec![address(rng, wide), v(rng), len(rng, wide)], 0),
        8 => (
            format!("init_{i}"),
            vec![address(rng, wide), Val::I32(rng.below(14) as i32), len(rng, false)],
            0,
        ),
        9 => {
            let j = rng.below(shape.memories as u64) as usize;
            let n = len(rng, wide && shape.is64[j]);
            (format!("copy_{i}_{j}"), vec![address(rng, wide), address(rng, shape.is64[j]), n], 0)
        }
        10 if wide => (format!("lbig_{i}"), vec![address(rng, true)], 1),
        _ if rng.chance(10) => ("drop".into(), vec![], 0),
        _ => (format!("sum_{i}"), vec![], 1),
    }
}
