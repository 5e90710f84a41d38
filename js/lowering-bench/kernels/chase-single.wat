;; Single-memory twin of chase.wat, merged by hand: the exported memory at 0 (1 page), the
;; nodes at 1 page (65536, folded into the offset immediates). Same accesses and results.
(module
  (memory (export "memory") 9)

  (func $init
    (local $i i32)
    (loop $fill
      (i32.store offset=65536 (i32.shl (local.get $i) (i32.const 3))
        (i32.shl (i32.and (i32.add (i32.mul (local.get $i) (i32.const 40501)) (i32.const 1))
          (i32.const 0xfff)) (i32.const 3)))
      (i32.store offset=65540 (i32.shl (local.get $i) (i32.const 3))
        (i32.mul (local.get $i) (local.get $i)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $fill (i32.lt_u (local.get $i) (i32.const 0x1000))))
    (i32.store (i32.const 0) (i32.const 0)))
  (start $init)

  (func $next (param $p i32) (result i32) (i32.load offset=65536 (local.get $p)))
  (func $value (param $p i32) (result i32) (i32.load offset=65540 (local.get $p)))

  (func (export "run") (param $rounds i32) (result i64)
    (local $p i32) (local $n i32) (local $sum i32)
    (local.set $p (i32.load (i32.const 0)))
    (local.set $n (i32.shl (local.get $rounds) (i32.const 16)))
    (loop $walk
      (local.set $sum (i32.add (i32.rotl (local.get $sum) (i32.const 1)) (call $value (local.get $p))))
      (local.set $p (call $next (local.get $p)))
      (br_if $walk (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
    (i32.store (i32.const 0) (local.get $p))
    (i64.extend_i32_u (local.get $sum))))
