;; A module with ONE memory, imported from a lowered module that keeps it in place (at byte 0
;; of its combined memory, with a private memory above it). Natively the importer sees exactly
;; the exporter's memory; lowered with the import in `LowerOptions::bridge_imports` it is
;; bridged and checked against the exporter's logical size, so everything below holds there too.
(module $M
  (memory $m0 (export "memory") 1 4)
  (memory $m1 1)
  (data (memory $m1) (i32.const 0) "\aa")
  (func (export "load") (param i32) (result i32) (i32.load8_u $m0 (local.get 0)))
  (func (export "store") (param i32 i32) (i32.store8 $m0 (local.get 0) (local.get 1)))
  (func (export "size") (result i32) (memory.size $m0))
  (func (export "grow") (param i32) (result i32) (memory.grow $m0 (local.get 0)))
  (func (export "load1") (param i32) (result i32) (i32.load8_u $m1 (local.get 0)))
)
(register "M" $M)
(module $I
  (memory (import "M" "memory") 1 4)
  (func (export "load") (param i32) (result i32) (i32.load8_u (local.get 0)))
  (func (export "load32") (param i32) (result i32) (i32.load offset=4 (local.get 0)))
  (func (export "store") (param i32 i32) (i32.store8 (local.get 0) (local.get 1)))
  (func (export "size") (result i32) (memory.size))
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
  (func (export "fill") (param i32 i32 i32)
    (memory.fill (local.get 0) (local.get 1) (local.get 2)))
)
(assert_return (invoke $I "size") (i32.const 1))
(invoke $M "store" (i32.const 65535) (i32.const 7))
(assert_return (invoke $I "load" (i32.const 65535)) (i32.const 7))
;; Just past the logical end: the private memory's bytes are there in the combined memory.
(assert_trap (invoke $I "load" (i32.const 65536)) "out of bounds memory access")
(assert_return (invoke $I "load32" (i32.const 65528)) (i32.const 0x07000000))
(assert_trap (invoke $I "load32" (i32.const 65529)) "out of bounds memory access")
(assert_trap (invoke $I "store" (i32.const 65536) (i32.const 1)) "out of bounds memory access")
(assert_trap (invoke $I "fill" (i32.const 65535) (i32.const 1) (i32.const 2))
  "out of bounds memory access")
(assert_return (invoke $M "load1" (i32.const 0)) (i32.const 0xaa))
;; Growth through the importer is seen by the exporter, and back.
(assert_return (invoke $I "grow" (i32.const 1)) (i32.const 1))
(assert_return (invoke $M "size") (i32.const 2))
(invoke $I "store" (i32.const 131071) (i32.const 9))
(assert_return (invoke $M "load" (i32.const 131071)) (i32.const 9))
(assert_trap (invoke $I "load" (i32.const 131072)) "out of bounds memory access")
(assert_return (invoke $M "grow" (i32.const 1)) (i32.const 2))
(assert_return (invoke $I "size") (i32.const 3))
(assert_return (invoke $I "load" (i32.const 196607)) (i32.const 0))
(assert_trap (invoke $I "load" (i32.const 196608)) "out of bounds memory access")
(assert_return (invoke $M "load1" (i32.const 0)) (i32.const 0xaa))
;; The exporter's own maximum (4 pages).
(assert_return (invoke $I "grow" (i32.const 2)) (i32.const -1))
(assert_return (invoke $I "grow" (i32.const 1)) (i32.const 3))
(assert_return (invoke $M "size") (i32.const 4))
(assert_return (invoke $I "grow" (i32.const 0)) (i32.const 4))
;; A data segment just past the logical end traps at instantiation (linking1.wast line 50);
;; one ending at it is written where the exporter sees it.
(assert_trap
  (module (memory (import "M" "memory") 0) (data (i32.const 262144) "a"))
  "out of bounds memory access")
(module (memory (import "M" "memory") 0) (data (i32.const 262143) "b"))
(assert_return (invoke $M "load" (i32.const 262143)) (i32.const 0x62))
;; The import's limits are checked against the logical size and maximum.
(assert_unlinkable (module (memory (import "M" "memory") 5)) "incompatible import type")
(assert_unlinkable (module (memory (import "M" "memory") 1 3)) "incompatible import type")
