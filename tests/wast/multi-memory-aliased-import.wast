;; One memory imported twice: memory 0 and memory 1 of the importer are the same memory.
;; Writes through one index are visible through the other and to the exporter; growth through
;; one is seen by both; memory.copy between the two indices is a copy within one memory and
;; must handle overlap like memmove.

(module $M
  (memory (export "mem") 1 4)
  (data (i32.const 0) "\01\02\03\04\05\06\07\08")
  (func (export "size") (result i32) (memory.size))
  (func (export "load8") (param i32) (result i32) (i32.load8_u (local.get 0)))
)
(register "M" $M)

(module $A
  (import "M" "mem" (memory $a 1 4))
  (import "M" "mem" (memory $b 1 4))
  (func (export "store_a") (param i32 i32) (i32.store $a (local.get 0) (local.get 1)))
  (func (export "store_b") (param i32 i32) (i32.store $b (local.get 0) (local.get 1)))
  (func (export "load_a") (param i32) (result i32) (i32.load $a (local.get 0)))
  (func (export "load_b") (param i32) (result i32) (i32.load $b (local.get 0)))
  (func (export "load8_a") (param i32) (result i32) (i32.load8_u $a (local.get 0)))
  (func (export "load8_b") (param i32) (result i32) (i32.load8_u $b (local.get 0)))
  (func (export "grow_a") (param i32) (result i32) (memory.grow $a (local.get 0)))
  (func (export "grow_b") (param i32) (result i32) (memory.grow $b (local.get 0)))
  (func (export "size_a") (result i32) (memory.size $a))
  (func (export "size_b") (result i32) (memory.size $b))
  ;; Copies from index $a to index $b: the same memory, so the ranges may overlap.
  (func (export "copy_a_to_b") (param $dst i32) (param $src i32) (param $len i32)
    (memory.copy $b $a (local.get $dst) (local.get $src) (local.get $len)))
  (func (export "fill_b") (param i32 i32 i32)
    (memory.fill $b (local.get 0) (local.get 1) (local.get 2)))
)

;; The exporter's data segment is visible through both indices.
(assert_return (invoke "load_a" (i32.const 0)) (i32.const 0x04030201))
(assert_return (invoke "load_b" (i32.const 4)) (i32.const 0x08070605))

;; Write through one index, read through the other and through the exporter.
(assert_return (invoke "store_a" (i32.const 100) (i32.const 0x12345678)))
(assert_return (invoke "load_b" (i32.const 100)) (i32.const 0x12345678))
(assert_return (invoke $M "load8" (i32.const 100)) (i32.const 0x78))
(assert_return (invoke "store_b" (i32.const 100) (i32.const -1)))
(assert_return (invoke "load_a" (i32.const 100)) (i32.const -1))

;; Overlapping copy forward (dst > src) between the aliased indices: memmove semantics.
(assert_return (invoke "copy_a_to_b" (i32.const 4) (i32.const 0) (i32.const 8)))
(assert_return (invoke "load_a" (i32.const 0)) (i32.const 0x04030201))
(assert_return (invoke "load_a" (i32.const 4)) (i32.const 0x04030201))
(assert_return (invoke "load_b" (i32.const 8)) (i32.const 0x08070605))
(assert_return (invoke "load8_a" (i32.const 12)) (i32.const 0))

;; Overlapping copy backward (dst < src).
(assert_return (invoke "copy_a_to_b" (i32.const 2) (i32.const 4) (i32.const 8)))
(assert_return (invoke "load_b" (i32.const 0)) (i32.const 0x02010201))
(assert_return (invoke "load_b" (i32.const 4)) (i32.const 0x06050403))
(assert_return (invoke "load_b" (i32.const 8)) (i32.const 0x08070807))

;; Out of bounds through one alias traps for both, nothing written.
(assert_trap (invoke "copy_a_to_b" (i32.const 65530) (i32.const 0) (i32.const 8))
  "out of bounds memory access")
(assert_return (invoke "load8_a" (i32.const 65535)) (i32.const 0))
(assert_trap (invoke "fill_b" (i32.const 65535) (i32.const 0xaa) (i32.const 2))
  "out of bounds memory access")
(assert_return (invoke "load8_a" (i32.const 65535)) (i32.const 0))
(assert_trap (invoke "load_b" (i32.const 65533)) "out of bounds memory access")

;; Growth through one index is seen by the other and by the exporter.
(assert_return (invoke "size_a") (i32.const 1))
(assert_return (invoke "size_b") (i32.const 1))
(assert_return (invoke "grow_a" (i32.const 2)) (i32.const 1))
(assert_return (invoke "size_a") (i32.const 3))
(assert_return (invoke "size_b") (i32.const 3))
(assert_return (invoke $M "size") (i32.const 3))

;; The new pages are zero and reachable through both indices.
(assert_return (invoke "load_b" (i32.const 65536)) (i32.const 0))
(assert_return (invoke "load_a" (i32.const 196604)) (i32.const 0))
(assert_return (invoke "store_b" (i32.const 196604) (i32.const 42)))
(assert_return (invoke "load_a" (i32.const 196604)) (i32.const 42))
(assert_trap (invoke "load_a" (i32.const 196605)) "out of bounds memory access")

;; The shared maximum (4) applies through either index.
(assert_return (invoke "grow_b" (i32.const 2)) (i32.const -1))
(assert_return (invoke "grow_b" (i32.const 1)) (i32.const 3))
(assert_return (invoke "grow_a" (i32.const 1)) (i32.const -1))
(assert_return (invoke "grow_a" (i32.const 0)) (i32.const 4))
(assert_return (invoke "size_a") (i32.const 4))
(assert_return (invoke "size_b") (i32.const 4))
(assert_return (invoke $M "size") (i32.const 4))

;; A module importing the grown memory must accept its current size as the minimum.
(module
  (import "M" "mem" (memory 4 4))
  (import "M" "mem" (memory 2))
  (func (export "last") (result i32) (i32.load 1 (i32.const 196604)))
)
(assert_return (invoke "last") (i32.const 42))
(assert_unlinkable
  (module (import "M" "mem" (memory 5)) (import "M" "mem" (memory 1)))
  "incompatible import type")
