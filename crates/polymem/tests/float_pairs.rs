//! The `f64` superinstructions (`isa.rs`, pair group, "`f64` kernels"): each kernel below is
//! translated into the pairs it was written for, and computes what the same arithmetic does in
//! Rust (`f64` operations are exact IEEE operations on both sides, so results compare bitwise).

use polymem::{Engine, Instance, Module, Store};

/// `c[j] += a * b[j]` over `n` elements (b at 0, c at 4096), as matmul's inner loop (c's
/// element loaded first, then b's, multiplied, added, stored); returns the sum of `c`. Then a
/// Newton square root (`y = 0.5 * (y + x / y)`), an escape test `zr * zr + zi * zi <= 4.0`
/// `v[k] -= d` (b's element at `j + 8` through an address computed by `i32.add`) and a
/// squared distance.
const KERNELS: &str = r#"(module
  (memory 1)
  (func (export "init") (param $n i32) (local $j i32)
    (loop $l
      (f64.store (i32.shl (local.get $j) (i32.const 3))
        (f64.add (f64.convert_i32_u (local.get $j)) (f64.const 0.25)))
      (f64.store offset=4096 (i32.shl (local.get $j) (i32.const 3))
        (f64.mul (f64.convert_i32_u (local.get $j)) (f64.const -1.5)))
      (br_if $l (i32.lt_u (local.tee $j (i32.add (local.get $j) (i32.const 1))) (local.get $n)))))
  (func (export "axpy") (param $a f64) (param $n i32) (result f64) (local $p i32) (local $s f64)
    (loop $l
      (f64.store offset=4096 (local.get $p)
        (f64.add (f64.load offset=4096 (local.get $p))
                 (f64.mul (f64.load (local.get $p)) (local.get $a))))
      (br_if $l (i32.ne (local.tee $p (i32.add (local.get $p) (i32.const 8)))
                        (i32.shl (local.get $n) (i32.const 3)))))
    (local.set $p (i32.const 0))
    (loop $sum
      (local.set $s (f64.add (local.get $s) (f64.load offset=4096 (local.get $p))))
      (br_if $sum (i32.ne (local.tee $p (i32.add (local.get $p) (i32.const 8)))
                          (i32.shl (local.get $n) (i32.const 3)))))
    (local.get $s))
  (func (export "sqrt") (param $x f64) (result f64) (local $y f64) (local $i i32)
    (local.set $y (local.get $x))
    (loop $l
      (local.set $y (f64.mul (f64.add (local.get $y) (f64.div (local.get $x) (local.get $y)))
                             (f64.const 0.5)))
      (br_if $l (i32.ne (local.tee $i (i32.add (local.get $i) (i32.const 1))) (i32.const 6))))
    (local.get $y))
  (func (export "escape") (param $cr f64) (param $ci f64) (result i32)
    (local $zr f64) (local $zi f64) (local $t f64) (local $n i32)
    (block $out (loop $l
      (br_if $out (i32.eqz (f64.le (f64.add (f64.mul (local.get $zr) (local.get $zr))
                                            (f64.mul (local.get $zi) (local.get $zi)))
                                   (f64.const 4.0))))
      (br_if $out (i32.eq (local.get $n) (i32.const 100)))
      (local.set $t (f64.add (f64.sub (f64.mul (local.get $zr) (local.get $zr))
                                      (f64.mul (local.get $zi) (local.get $zi))) (local.get $cr)))
      (local.set $zi (f64.add (f64.mul (f64.mul (f64.const 2.0) (local.get $zr)) (local.get $zi))
                              (local.get $ci)))
      (local.set $zr (local.get $t))
      (local.set $n (i32.add (local.get $n) (i32.const 1)))
      (br $l)))
    (local.get $n))
  (func (export "drift") (param $d f64) (param $n i32) (result f64) (local $p i32)
    (loop $l
      (f64.store offset=4096 (local.get $p)
        (f64.sub (f64.load offset=4096 (local.get $p))
                 (f64.mul (f64.load (i32.add (local.get $p) (i32.const 8))) (local.get $d))))
      (br_if $l (i32.ne (local.tee $p (i32.add (local.get $p) (i32.const 8)))
                        (i32.shl (local.get $n) (i32.const 3)))))
    (f64.load offset=4096 (i32.const 0)))
  (func (export "dist2") (param $x f64) (param $y f64) (result f64)
    (local $d f64) (local $e f64) (local $s f64)
    (local.set $d (f64.sub (local.get $x) (f64.load (i32.const 0))))
    (local.set $s (f64.mul (local.get $d) (local.get $d)))
    (local.set $e (f64.sub (local.get $y) (f64.load (i32.const 8))))
    (f64.add (local.get $s) (f64.mul (local.get $e) (local.get $e)))))"#;

fn listing(module: &Module, index: u32) -> String {
    module.function_ir(index).expect("a defined function").unwrap().to_string()
}

#[track_caller]
fn assert_has(listing: &str, names: &[&str]) {
    for name in names {
        assert!(listing.contains(&format!(" {name} ")), "no {name} in\n{listing}");
    }
}

#[test]
fn f64_kernels_fuse_into_their_pairs_and_compute_the_same() {
    let engine = Engine::default();
    let module = Module::new(&engine, wat::parse_str(KERNELS).unwrap()).unwrap();
    assert_has(&listing(&module, 1), &["F64LoadHotToAccMulToAcc", "F64AddAccToAccStoreHot"]);
    assert_has(&listing(&module, 2), &["F64AddAccToAccMul"]);
    assert_has(&listing(&module, 3), &["F64AddAccToAccBrNotLe", "F64MulAccToAccAdd"]);
    assert_has(
        &listing(&module, 4),
        &["I32AddImmToAccF64LoadHotToAcc", "F64SubRevAccToAccStoreHot"],
    );

    assert_has(&listing(&module, 5), &["F64SubRevAccSquare", "F64SubRevAccSquareToAcc"]);
    let mut store = Store::new(&engine, ());
    let instance = Instance::new(&mut store, &module, &[]).unwrap();
    let n = 37;
    let b = |j: usize| j as f64 + 0.25;
    let c = |j: usize| j as f64 * -1.5;
    let init = instance.get_typed_func::<i32, ()>(&store, "init").unwrap();
    init.call(&mut store, n as i32).unwrap();
    let axpy = instance.get_typed_func::<(f64, i32), f64>(&store, "axpy").unwrap();
    let want: f64 = (0..n).fold(0.0, |s, j| s + (c(j) + b(j) * 0.375));
    assert_eq!(axpy.call(&mut store, (0.375, n as i32)).unwrap().to_bits(), want.to_bits());

    let sqrt = instance.get_typed_func::<f64, f64>(&store, "sqrt").unwrap();
    let mut y = 2.0f64;
    for _ in 0..6 {
        y = (y + 2.0 / y) * 0.5;
    }
    assert_eq!(sqrt.call(&mut store, 2.0).unwrap().to_bits(), y.to_bits());

    let escape = instance.get_typed_func::<(f64, f64), i32>(&store, "escape").unwrap();
    for (cr, ci) in [(0.0, 0.0), (-0.75, 0.1), (0.3, 0.5), (1.0, 1.0), (-2.0, 0.0)] {
        let (mut zr, mut zi, mut n) = (0.0f64, 0.0f64, 0);
        while zr * zr + zi * zi <= 4.0 && n != 100 {
            let t = zr * zr - zi * zi + cr;
            zi = 2.0 * zr * zi + ci;
            zr = t;
            n += 1;
        }
        assert_eq!(escape.call(&mut store, (cr, ci)).unwrap(), n, "escape({cr}, {ci})");
    }

    // After `axpy`, `c[0]` is `c(0) + b(0) * 0.375`; `drift` subtracts `b(1) * d` from it.
    let drift = instance.get_typed_func::<(f64, i32), f64>(&store, "drift").unwrap();
    let want = (c(0) + b(0) * 0.375) - b(1) * 0.5;
    assert_eq!(drift.call(&mut store, (0.5, 4)).unwrap().to_bits(), want.to_bits());

    let dist2 = instance.get_typed_func::<(f64, f64), f64>(&store, "dist2").unwrap();
    let (d, e) = (3.5 - b(0), -2.0 - b(1));
    assert_eq!(dist2.call(&mut store, (3.5, -2.0)).unwrap().to_bits(), (e * e + d * d).to_bits());
}
