;; Active segments with global.get and extended-const offsets, applied in order; a failing
;; segment traps instantiation after the earlier ones were written.
(module $M
  (memory (export "shared") 1)
  (func (export "load8") (param i32) (result i32) (i32.load8_u (local.get 0)))
)
(register "M")
(module
  (global $g (import "spectest" "global_i32") i32)
  (memory $a 1)
  (memory $b 1)
  (data (memory $b) (i32.add (global.get $g) (i32.const 4)) "\2a")
  (data (memory $a) (i32.mul (i32.const 3) (i32.const 5)) "\07\08")
  (data (memory $b) (i32.sub (i32.const 65536) (i32.const 1)) "\09")
  (func (export "a") (param i32) (result i32) (i32.load8_u $a (local.get 0)))
  (func (export "b") (param i32) (result i32) (i32.load8_u $b (local.get 0)))
)
(assert_return (invoke "b" (i32.const 670)) (i32.const 0x2a))
(assert_return (invoke "a" (i32.const 15)) (i32.const 7))
(assert_return (invoke "a" (i32.const 16)) (i32.const 8))
(assert_return (invoke "b" (i32.const 65535)) (i32.const 9))
(assert_return (invoke "a" (i32.const 670)) (i32.const 0))

(assert_trap
  (module
    (memory $m (import "M" "shared") 1)
    (memory $priv 1)
    (data (memory $m) (i32.const 100) "\05")
    (data (memory $priv) (i32.const 65536) "\06")
    (data (memory $m) (i32.const 101) "\07")
  )
  "out of bounds memory access"
)
(assert_return (invoke $M "load8" (i32.const 100)) (i32.const 5))
(assert_return (invoke $M "load8" (i32.const 101)) (i32.const 0))

;; The start function runs after the segments.
(module
  (memory $a 1)
  (memory $b 1)
  (global $seen (mut i32) (i32.const 0))
  (data (memory $b) (i32.const 0) "\63")
  (func $start (global.set $seen (i32.load8_u $b (i32.const 0))))
  (start $start)
  (func (export "seen") (result i32) (global.get $seen))
)
(assert_return (invoke "seen") (i32.const 0x63))

;; Direct layout: one memory holds data, the other is empty forever.
(module
  (memory $real 1)
  (memory $null 0 0)
  (data (memory $null) (i32.const 0) "")
  (data (memory $real) (i32.const 0) "\01")
  (func (export "r") (result i32) (i32.load8_u $real (i32.const 0)))
  (func (export "size_null") (result i32) (memory.size $null))
  (func (export "grow_real") (param i32) (result i32) (memory.grow $real (local.get 0)))
)
(assert_return (invoke "r") (i32.const 1))
(assert_return (invoke "size_null") (i32.const 0))
(assert_return (invoke "grow_real" (i32.const 2)) (i32.const 1))
(assert_trap
  (module (memory $real 1) (memory $null 0 0) (data (memory $null) (i32.const 1) ""))
  "out of bounds memory access"
)
(assert_trap
  (module (memory $real 1) (memory $null 0 0) (data (memory $null) (i32.const 0) "x"))
  "out of bounds memory access"
)
