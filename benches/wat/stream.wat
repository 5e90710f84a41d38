;; Streaming between two memories: each round copies 1 MiB from $a to $b with memory.copy, then
;; walks $b, mixing each i32 with the round number, and stores the result back into $a (a load
;; from one memory feeding a store to the other on every step).
(module
  (memory $a 16)
  (memory $b 16)
  (global $seed (mut i32) (i32.const 777))

  (func $init
    (local $i i32)
    (loop $fill
      (global.set $seed
        (i32.add (i32.mul (global.get $seed) (i32.const 1664525)) (i32.const 1013904223)))
      (i32.store $a (local.get $i) (global.get $seed))
      (local.set $i (i32.add (local.get $i) (i32.const 4)))
      (br_if $fill (i32.lt_u (local.get $i) (i32.const 0x100000)))))
  (start $init)

  (func (export "run") (param $rounds i32) (result i64)
    (local $i i32) (local $v i32) (local $r i32) (local $sum i64)
    (block $done (loop $round
      (br_if $done (i32.ge_u (local.get $r) (local.get $rounds)))
      (memory.copy $b $a (i32.const 0) (i32.const 0) (i32.const 0x100000))
      (local.set $i (i32.const 0))
      (loop $walk
        (local.set $v
          (i32.add (i32.rotl (i32.load $b (local.get $i)) (i32.const 3)) (local.get $r)))
        (i32.store $a (local.get $i) (local.get $v))
        (local.set $sum (i64.add (local.get $sum) (i64.extend_i32_u (local.get $v))))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br_if $walk (i32.lt_u (local.get $i) (i32.const 0x100000))))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br $round)))
    (i64.xor (local.get $sum) (i64.load $a (i32.const 4096)))))
