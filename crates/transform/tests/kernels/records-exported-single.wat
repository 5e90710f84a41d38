;; Single-memory equivalent of records-exported.wat (memory 0 at 0, memory 1 at 1 MiB).
(module
  (memory (export "memory") 17)
  (func (export "main") (result i32)
    (local $p i32) (local $pass i32) (local $acc i32) (local $i i32)
    (loop $table
      (i32.store offset=1048576 (i32.shl (local.get $i) (i32.const 2)) (i32.mul (local.get $i) (i32.const 0x9e3779b1)))
      (br_if $table (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (i32.const 256))))
    (loop $passes
      (local.set $p (i32.const 0))
      (loop $records
        (i32.store offset=12 (local.get $p)
          (i32.xor
            (i32.add (i32.load offset=0 (local.get $p)) (i32.load offset=4 (local.get $p)))
            (i32.add
              (i32.load offset=8 (local.get $p))
              (i32.load offset=1048576 (i32.shl (i32.and (i32.add (local.get $p) (local.get $pass)) (i32.const 255)) (i32.const 2))))))
        (i32.store offset=0 (local.get $p) (i32.add (i32.load offset=12 (local.get $p)) (i32.const 1)))
        (br_if $records (i32.lt_u (local.tee $p (i32.add (local.get $p) (i32.const 16))) (i32.const 1048576))))
      (br_if $passes (i32.lt_u (local.tee $pass (i32.add (local.get $pass) (i32.const 1))) (i32.const 40))))
    (local.set $p (i32.const 0))
    (loop $sum
      (local.set $acc (i32.add (local.get $acc) (i32.load offset=12 (local.get $p))))
      (br_if $sum (i32.lt_u (local.tee $p (i32.add (local.get $p) (i32.const 16))) (i32.const 1048576))))
    (local.get $acc)))
