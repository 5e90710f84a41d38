;; Single-memory twin of checksum_mem2.wat, merged by hand: $state at 0, $scratch at 64 KiB,
;; $data at 128 KiB (constant bases folded into the offset immediates). Same accesses and results.
(module
  (memory 18)
  (global $seed (mut i32) (i32.const 4242))

  (func $init
    (local $i i32)
    (loop $fill
      (global.set $seed
        (i32.add (i32.mul (global.get $seed) (i32.const 22695477)) (i32.const 1)))
      (i32.store offset=0x20000 (local.get $i) (global.get $seed))
      (local.set $i (i32.add (local.get $i) (i32.const 4)))
      (br_if $fill (i32.lt_u (local.get $i) (i32.const 0x100000)))))
  (start $init)

  (func (export "run") (param $rounds i32) (result i64)
    (local $i i32) (local $a i64) (local $b i64)
    (local.set $a (i64.const 1))
    (block $done (loop $round
      (br_if $done (i32.eqz (local.get $rounds)))
      (local.set $i (i32.const 0))
      (loop $sum
        (local.set $a (i64.add (local.get $a) (i64.load32_u offset=0x20000 (local.get $i))))
        (local.set $b (i64.add (local.get $b) (local.get $a)))
        (local.set $a (i64.add (local.get $a) (i64.load32_u offset=0x20004 (local.get $i))))
        (local.set $b (i64.add (local.get $b) (local.get $a)))
        (local.set $i (i32.add (local.get $i) (i32.const 8)))
        (br_if $sum (i32.lt_u (local.get $i) (i32.const 0x100000))))
      ;; Park the running state in memories 0 and 1 between rounds.
      (i64.store (i32.const 0) (local.get $a))
      (i64.store offset=0x10000 (i32.const 0) (local.get $b))
      (local.set $rounds (i32.sub (local.get $rounds) (i32.const 1)))
      (br $round)))
    (i64.xor (i64.load (i32.const 0)) (i64.rotl (i64.load offset=0x10000 (i32.const 0)) (i64.const 32)))))
