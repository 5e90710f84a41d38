;; memory.copy between two memories of different sizes and within one memory: overlap in both
;; directions, zero-length copies at the very end, and traps when only the source or only the
;; destination is out of bounds (nothing may be written then).

(module
  (memory $small 1 1)
  (memory $big 2 2)
  (data (memory $small) (i32.const 0) "\01\02\03\04\05\06\07\08\09\0a")
  (data (memory $small) (i32.const 65530) "\f1\f2\f3\f4\f5\f6")
  (data (memory $big) (i32.const 0) "\a1\a2\a3\a4")
  (data (memory $big) (i32.const 131068) "\b1\b2\b3\b4")

  (func (export "small_to_big") (param i32 i32 i32)
    (memory.copy $big $small (local.get 0) (local.get 1) (local.get 2)))
  (func (export "big_to_small") (param i32 i32 i32)
    (memory.copy $small $big (local.get 0) (local.get 1) (local.get 2)))
  (func (export "within_big") (param i32 i32 i32)
    (memory.copy $big $big (local.get 0) (local.get 1) (local.get 2)))
  (func (export "within_small") (param i32 i32 i32)
    (memory.copy $small $small (local.get 0) (local.get 1) (local.get 2)))
  (func (export "small8") (param i32) (result i32) (i32.load8_u $small (local.get 0)))
  (func (export "big8") (param i32) (result i32) (i32.load8_u $big (local.get 0)))
  (func (export "small32") (param i32) (result i32) (i32.load $small (local.get 0)))
  (func (export "big32") (param i32) (result i32) (i32.load $big (local.get 0)))
)

;; Across memories: the source memory is unchanged, the destination gets the bytes.
(assert_return (invoke "small_to_big" (i32.const 1000) (i32.const 0) (i32.const 10)))
(assert_return (invoke "big32" (i32.const 1000)) (i32.const 0x04030201))
(assert_return (invoke "big8" (i32.const 1009)) (i32.const 0x0a))
(assert_return (invoke "big8" (i32.const 1010)) (i32.const 0))
(assert_return (invoke "small32" (i32.const 1000)) (i32.const 0))
(assert_return (invoke "big_to_small" (i32.const 20) (i32.const 131068) (i32.const 4)))
(assert_return (invoke "small32" (i32.const 20)) (i32.const 0xb4b3b2b1))

;; The same addresses in two memories never overlap: copying 0..4 of $big onto 0..4 of $small.
(assert_return (invoke "big_to_small" (i32.const 0) (i32.const 0) (i32.const 4)))
(assert_return (invoke "small32" (i32.const 0)) (i32.const 0xa4a3a2a1))
(assert_return (invoke "big32" (i32.const 0)) (i32.const 0xa4a3a2a1))
(assert_return (invoke "small32" (i32.const 4)) (i32.const 0x08070605))

;; Within one memory, overlapping forward (dst > src) and backward (dst < src).
(assert_return (invoke "within_big" (i32.const 1002) (i32.const 1000) (i32.const 8)))
(assert_return (invoke "big32" (i32.const 1000)) (i32.const 0x02010201))
(assert_return (invoke "big32" (i32.const 1004)) (i32.const 0x06050403))
(assert_return (invoke "big32" (i32.const 1008)) (i32.const 0x00000807))
(assert_return (invoke "within_big" (i32.const 1000) (i32.const 1003) (i32.const 6)))
(assert_return (invoke "big32" (i32.const 1000)) (i32.const 0x05040302))
(assert_return (invoke "big32" (i32.const 1004)) (i32.const 0x06050706))

;; Copies that end exactly at the end of either memory are fine, also with length 0.
(assert_return (invoke "small_to_big" (i32.const 131066) (i32.const 65534) (i32.const 2)))
(assert_return (invoke "big8" (i32.const 131066)) (i32.const 0xf5))
(assert_return (invoke "big8" (i32.const 131067)) (i32.const 0xf6))
(assert_return (invoke "small_to_big" (i32.const 131072) (i32.const 65536) (i32.const 0)))
(assert_return (invoke "big_to_small" (i32.const 65536) (i32.const 131072) (i32.const 0)))
(assert_return (invoke "within_small" (i32.const 65536) (i32.const 0) (i32.const 0)))

;; Zero-length copies one past the end of either memory trap.
(assert_trap (invoke "small_to_big" (i32.const 0) (i32.const 65537) (i32.const 0))
  "out of bounds memory access")
(assert_trap (invoke "small_to_big" (i32.const 131073) (i32.const 0) (i32.const 0))
  "out of bounds memory access")

;; Only the source is out of bounds: $small has 1 page, the destination range in $big is fine.
(assert_trap (invoke "small_to_big" (i32.const 5000) (i32.const 65530) (i32.const 7))
  "out of bounds memory access")
(assert_return (invoke "big8" (i32.const 5000)) (i32.const 0))
(assert_return (invoke "big32" (i32.const 5002)) (i32.const 0))
;; The same range is fine from $big, whose size is larger.
(assert_return (invoke "within_big" (i32.const 5000) (i32.const 65530) (i32.const 7)))
(assert_return (invoke "big8" (i32.const 5000)) (i32.const 0))

;; Only the destination is out of bounds: the source range in $big is fine.
(assert_trap (invoke "big_to_small" (i32.const 65533) (i32.const 0) (i32.const 4))
  "out of bounds memory access")
(assert_return (invoke "small8" (i32.const 65533)) (i32.const 0xf4))
(assert_return (invoke "small8" (i32.const 65535)) (i32.const 0xf6))
(assert_trap (invoke "big_to_small" (i32.const 65000) (i32.const 0) (i32.const 70000))
  "out of bounds memory access")
(assert_return (invoke "small32" (i32.const 65000)) (i32.const 0))

;; Address arithmetic must not wrap: huge lengths and addresses trap.
(assert_trap (invoke "small_to_big" (i32.const 0) (i32.const 0) (i32.const -1))
  "out of bounds memory access")
(assert_trap (invoke "big_to_small" (i32.const -4) (i32.const 0) (i32.const 4))
  "out of bounds memory access")
(assert_trap (invoke "within_small" (i32.const 1) (i32.const -1) (i32.const 2))
  "out of bounds memory access")
(assert_return (invoke "small32" (i32.const 0)) (i32.const 0xa4a3a2a1))
