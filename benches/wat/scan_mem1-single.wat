;; Single-memory twin of scan_mem1.wat, merged by hand: $other (unused) at 0, $data at 64 KiB
;; (the base folded into the offset immediates). Same accesses and results.
(module
  (memory 18)
  (global $seed (mut i32) (i32.const 12345))

  ;; Fills bytes [0, 1 MiB) of $data with an LCG sequence.
  (func $init
    (local $i i32)
    (loop $fill
      (global.set $seed
        (i32.add (i32.mul (global.get $seed) (i32.const 1103515245)) (i32.const 12345)))
      (i32.store offset=0x10000 (local.get $i) (global.get $seed))
      (local.set $i (i32.add (local.get $i) (i32.const 4)))
      (br_if $fill (i32.lt_u (local.get $i) (i32.const 0x100000)))))
  (start $init)

  ;; `rounds` passes of sum and rotate-xor over the 1 MiB, four i64 loads per iteration.
  (func (export "sum_xor") (param $rounds i32) (result i64)
    (local $i i32) (local $sum i64) (local $x i64) (local $v i64)
    (block $done (loop $round
      (br_if $done (i32.eqz (local.get $rounds)))
      (local.set $i (i32.const 0))
      (loop $scan
        (local.set $v (i64.load offset=0x10000 (local.get $i)))
        (local.set $sum (i64.add (local.get $sum) (local.get $v)))
        (local.set $x (i64.xor (i64.rotl (local.get $x) (i64.const 5)) (local.get $v)))
        (local.set $v (i64.load offset=0x10008 (local.get $i)))
        (local.set $sum (i64.add (local.get $sum) (local.get $v)))
        (local.set $x (i64.xor (i64.rotl (local.get $x) (i64.const 5)) (local.get $v)))
        (local.set $v (i64.load offset=0x10010 (local.get $i)))
        (local.set $sum (i64.add (local.get $sum) (local.get $v)))
        (local.set $x (i64.xor (i64.rotl (local.get $x) (i64.const 5)) (local.get $v)))
        (local.set $v (i64.load offset=0x10018 (local.get $i)))
        (local.set $sum (i64.add (local.get $sum) (local.get $v)))
        (local.set $x (i64.xor (i64.rotl (local.get $x) (i64.const 5)) (local.get $v)))
        (local.set $i (i32.add (local.get $i) (i32.const 32)))
        (br_if $scan (i32.lt_u (local.get $i) (i32.const 0x100000))))
      (local.set $rounds (i32.sub (local.get $rounds) (i32.const 1)))
      (br $round)))
    (i64.xor (local.get $sum) (local.get $x)))

  ;; `rounds` byte histograms of the 1 MiB; the 256 i32 counters live in $data at 1 MiB.
  ;; Returns the sum of count * (byte + 1) over the last histogram.
  (func (export "histogram") (param $rounds i32) (result i64)
    (local $i i32) (local $slot i32) (local $sum i64)
    (block $done (loop $round
      (br_if $done (i32.eqz (local.get $rounds)))
      (memory.fill (i32.const 0x110000) (i32.const 0) (i32.const 1024))
      (local.set $i (i32.const 0))
      (loop $count
        (local.set $slot
          (i32.add (i32.const 0x100000) (i32.shl (i32.load8_u offset=0x10000 (local.get $i)) (i32.const 2))))
        (i32.store offset=0x10000 (local.get $slot)
          (i32.add (i32.load offset=0x10000 (local.get $slot)) (i32.const 1)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br_if $count (i32.lt_u (local.get $i) (i32.const 0x100000))))
      (local.set $rounds (i32.sub (local.get $rounds) (i32.const 1)))
      (br $round)))
    (local.set $i (i32.const 0))
    (loop $fold
      (local.set $sum (i64.add (local.get $sum)
        (i64.mul
          (i64.extend_i32_u (i32.load offset=0x110000 (i32.shl (local.get $i) (i32.const 2))))
          (i64.extend_i32_u (i32.add (local.get $i) (i32.const 1))))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $fold (i32.lt_u (local.get $i) (i32.const 256))))
    (local.get $sum)))
