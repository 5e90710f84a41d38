;; Single-memory twin of stream.wat, merged by hand: $a at 0, $b at 1 MiB (constant bases folded
;; into the offset immediates). Same accesses and results.
(module
  (memory 32)
  (global $seed (mut i32) (i32.const 777))

  (func $init
    (local $i i32)
    (loop $fill
      (global.set $seed
        (i32.add (i32.mul (global.get $seed) (i32.const 1664525)) (i32.const 1013904223)))
      (i32.store (local.get $i) (global.get $seed))
      (local.set $i (i32.add (local.get $i) (i32.const 4)))
      (br_if $fill (i32.lt_u (local.get $i) (i32.const 0x100000)))))
  (start $init)

  (func (export "run") (param $rounds i32) (result i64)
    (local $i i32) (local $v i32) (local $r i32) (local $sum i64)
    (block $done (loop $round
      (br_if $done (i32.ge_u (local.get $r) (local.get $rounds)))
      (memory.copy (i32.const 0x100000) (i32.const 0) (i32.const 0x100000))
      (local.set $i (i32.const 0))
      (loop $walk
        (local.set $v
          (i32.add (i32.rotl (i32.load offset=0x100000 (local.get $i)) (i32.const 3)) (local.get $r)))
        (i32.store (local.get $i) (local.get $v))
        (local.set $sum (i64.add (local.get $sum) (i64.extend_i32_u (local.get $v))))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br_if $walk (i32.lt_u (local.get $i) (i32.const 0x100000))))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br $round)))
    (i64.xor (local.get $sum) (i64.load (i32.const 4096)))))
