;; memory.grow on one memory never affects another: sizes, contents, maxima and -1 results are
;; per memory, and new pages are zero.

(module
  (memory $a 1 2)
  (memory $b 0)
  (memory $c 1 1)
  (memory $d 2 5)
  (data (memory $a) (i32.const 65532) "\a1\a2\a3\a4")
  (data (memory $c) (i32.const 0) "\c1\c2\c3\c4")
  (data (memory $d) (i32.const 131068) "\d1\d2\d3\d4")

  (func (export "grow") (param $m i32) (param $delta i32) (result i32)
    (block $is_d
      (block $is_c
        (block $is_b
          (block $is_a
            (br_table $is_a $is_b $is_c $is_d (local.get $m)))
          (return (memory.grow $a (local.get $delta))))
        (return (memory.grow $b (local.get $delta))))
      (return (memory.grow $c (local.get $delta))))
    (memory.grow $d (local.get $delta)))
  (func (export "sizes") (result i32 i32 i32 i32)
    (memory.size $a) (memory.size $b) (memory.size $c) (memory.size $d))
  (func (export "load_a") (param i32) (result i32) (i32.load $a (local.get 0)))
  (func (export "load_b") (param i32) (result i32) (i32.load $b (local.get 0)))
  (func (export "load_c") (param i32) (result i32) (i32.load $c (local.get 0)))
  (func (export "load_d") (param i32) (result i32) (i32.load $d (local.get 0)))
  (func (export "store_b") (param i32 i32) (i32.store $b (local.get 0) (local.get 1)))
  (func (export "store_d") (param i32 i32) (i32.store $d (local.get 0) (local.get 1)))
)

(assert_return (invoke "sizes") (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 2))
(assert_trap (invoke "load_b" (i32.const 0)) "out of bounds memory access")

;; Growing $b leaves the others' sizes and contents alone.
(assert_return (invoke "grow" (i32.const 1) (i32.const 3)) (i32.const 0))
(assert_return (invoke "sizes") (i32.const 1) (i32.const 3) (i32.const 1) (i32.const 2))
(assert_return (invoke "load_a" (i32.const 65532)) (i32.const 0xa4a3a2a1))
(assert_return (invoke "load_c" (i32.const 0)) (i32.const 0xc4c3c2c1))
(assert_return (invoke "load_d" (i32.const 131068)) (i32.const 0xd4d3d2d1))
(assert_trap (invoke "load_a" (i32.const 65533)) "out of bounds memory access")

;; The new pages of $b are zero from the first to the last byte.
(assert_return (invoke "load_b" (i32.const 0)) (i32.const 0))
(assert_return (invoke "load_b" (i32.const 131072)) (i32.const 0))
(assert_return (invoke "load_b" (i32.const 196604)) (i32.const 0))
(assert_trap (invoke "load_b" (i32.const 196605)) "out of bounds memory access")

;; Write at the end, grow again: the old bytes stay, the next page is zero.
(assert_return (invoke "store_b" (i32.const 196604) (i32.const 0x11223344)))
(assert_return (invoke "grow" (i32.const 1) (i32.const 1)) (i32.const 3))
(assert_return (invoke "load_b" (i32.const 196604)) (i32.const 0x11223344))
(assert_return (invoke "load_b" (i32.const 196608)) (i32.const 0))
(assert_return (invoke "load_b" (i32.const 262140)) (i32.const 0))

;; $d: grow to its max of 5, then -1, while $b still grows.
(assert_return (invoke "store_d" (i32.const 131068) (i32.const 7)))
(assert_return (invoke "grow" (i32.const 3) (i32.const 3)) (i32.const 2))
(assert_return (invoke "load_d" (i32.const 131068)) (i32.const 7))
(assert_return (invoke "load_d" (i32.const 131072)) (i32.const 0))
(assert_return (invoke "load_d" (i32.const 327676)) (i32.const 0))
(assert_return (invoke "grow" (i32.const 3) (i32.const 1)) (i32.const -1))
(assert_return (invoke "grow" (i32.const 1) (i32.const 1)) (i32.const 4))
(assert_return (invoke "grow" (i32.const 3) (i32.const 0)) (i32.const 5))
(assert_return (invoke "sizes") (i32.const 1) (i32.const 5) (i32.const 1) (i32.const 5))

;; $a: one page of room, then its own max; $c: already at its max.
(assert_return (invoke "grow" (i32.const 0) (i32.const 2)) (i32.const -1))
(assert_return (invoke "grow" (i32.const 0) (i32.const 1)) (i32.const 1))
(assert_return (invoke "grow" (i32.const 0) (i32.const 1)) (i32.const -1))
(assert_return (invoke "grow" (i32.const 2) (i32.const 0)) (i32.const 1))
(assert_return (invoke "grow" (i32.const 2) (i32.const 1)) (i32.const -1))
(assert_return (invoke "load_a" (i32.const 65532)) (i32.const 0xa4a3a2a1))
(assert_return (invoke "load_a" (i32.const 131068)) (i32.const 0))

;; memory.grow -1 (a delta of 2^32 - 1 pages) fails on every memory without changing it.
(assert_return (invoke "grow" (i32.const 0) (i32.const -1)) (i32.const -1))
(assert_return (invoke "grow" (i32.const 1) (i32.const -1)) (i32.const -1))
(assert_return (invoke "grow" (i32.const 2) (i32.const -1)) (i32.const -1))
(assert_return (invoke "grow" (i32.const 3) (i32.const -1)) (i32.const -1))
;; $b has no maximum but cannot pass 65536 pages either.
(assert_return (invoke "grow" (i32.const 1) (i32.const 65532)) (i32.const -1))
(assert_return (invoke "sizes") (i32.const 2) (i32.const 5) (i32.const 1) (i32.const 5))
(assert_return (invoke "grow" (i32.const 1) (i32.const 1)) (i32.const 5))
(assert_return (invoke "load_c" (i32.const 0)) (i32.const 0xc4c3c2c1))
