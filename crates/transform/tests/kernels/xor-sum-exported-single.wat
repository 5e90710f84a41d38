;; Single-memory equivalent of xor-sum-exported.wat (memory 0 at 0, memory 1 at 64 KiB).
(module
  (memory (export "memory") 17)
  (func (export "main") (result i32)
    (local $i i32) (local $pass i32) (local $acc i32) (local $slot i32) (local $v i32)
    ;; fill memory 1 with a hash of the word index
    (loop $fill
      (i32.store offset=65536 (i32.shl (local.get $i) (i32.const 2))
        (i32.mul (local.get $i) (i32.const 0x9e3779b1)))
      (br_if $fill (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (i32.const 262144))))
    (loop $passes
      (local.set $i (i32.const 0))
      (loop $words
        (local.set $v (i32.load offset=65536 (i32.shl (local.get $i) (i32.const 2))))
        (local.set $acc (i32.xor (i32.rotl (local.get $acc) (i32.const 5)) (local.get $v)))
        (local.set $slot (i32.shl (i32.and (local.get $i) (i32.const 1023)) (i32.const 2)))
        (i32.store (local.get $slot)
          (i32.add (i32.load (local.get $slot)) (i32.add (local.get $v) (local.get $acc))))
        (br_if $words (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (i32.const 262144))))
      (br_if $passes (i32.lt_u (local.tee $pass (i32.add (local.get $pass) (i32.const 1))) (i32.const 25))))
    ;; checksum: accumulator xor the sum of memory 0's table
    (local.set $i (i32.const 0))
    (loop $sum
      (local.set $acc (i32.add (local.get $acc) (i32.load (i32.shl (local.get $i) (i32.const 2)))))
      (br_if $sum (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (i32.const 1024))))
    (local.get $acc)))
