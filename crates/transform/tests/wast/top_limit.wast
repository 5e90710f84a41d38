;; Why the growable memory on top of an exported in-place memory 0 keeps its explicit limit
;; check (the `chase` shape of js/lowering-bench: wasm-bindgen's memory 0 has no maximum, so
;; memory 1 sits at a moving base). The engine's own bounds check is not exact there, for two
;; reasons each of these cases exercises:
;; - the base moves, so it is added with `i32.add`, which wraps: an address at or above
;;   2^32 - base lands in memory 0 (at `addr + base - 2^32`) instead of trapping;
;; - memory 1 reserves as much again as its size above its end (so that its first growths do
;;   not detach the exported memory's buffer), so the combined memory ends past memory 1.
(module
  (memory $m0 (export "memory") 1)
  (memory $m1 2)
  (data (memory $m0) (i32.const 0) "\01\02\03\04")
  (data (memory $m1) (i32.const 131068) "\aa\bb\cc\dd")
  (func (export "load0") (param i32) (result i32) (i32.load $m0 (local.get 0)))
  (func (export "load1") (param i32) (result i32) (i32.load $m1 (local.get 0)))
  (func (export "load1_8") (param i32) (result i32) (i32.load8_u $m1 (local.get 0)))
  (func (export "store1") (param i32 i32) (i32.store $m1 (local.get 0) (local.get 1)))
  (func (export "grow0") (param i32) (result i32) (memory.grow $m0 (local.get 0)))
  (func (export "grow1") (param i32) (result i32) (memory.grow $m1 (local.get 0)))
)
(assert_return (invoke "load1" (i32.const 131068)) (i32.const 0xddccbbaa))
(assert_trap (invoke "load1" (i32.const 131069)) "out of bounds memory access")
;; Memory 1's reserve (pages 2 and 3 above it) is not memory 1.
(assert_trap (invoke "load1_8" (i32.const 131072)) "out of bounds memory access")
(assert_trap (invoke "load1_8" (i32.const 262143)) "out of bounds memory access")
(assert_trap (invoke "store1" (i32.const 131072) (i32.const 7)) "out of bounds memory access")
;; Memory 1 starts at byte 65536 of the combined memory: -65536 + 65536 wraps to memory 0's
;; byte 0, and -65535 to byte 1.
(assert_trap (invoke "load1" (i32.const -65536)) "out of bounds memory access")
(assert_trap (invoke "load1_8" (i32.const -65535)) "out of bounds memory access")
(assert_trap (invoke "store1" (i32.const -65536) (i32.const 7)) "out of bounds memory access")
(assert_return (invoke "load0" (i32.const 0)) (i32.const 0x04030201))
;; Memory 0 grows past its room: memory 1 moves up by two pages (its base is now 196608).
(assert_return (invoke "grow0" (i32.const 2)) (i32.const 1))
(assert_return (invoke "load1" (i32.const 131068)) (i32.const 0xddccbbaa))
(assert_trap (invoke "load1" (i32.const 131069)) "out of bounds memory access")
(assert_trap (invoke "load1_8" (i32.const 131072)) "out of bounds memory access")
(assert_trap (invoke "load1" (i32.const -196608)) "out of bounds memory access")
(assert_trap (invoke "load1" (i32.const -131072)) "out of bounds memory access")
(assert_trap (invoke "load1" (i32.const -65536)) "out of bounds memory access")
(assert_trap (invoke "store1" (i32.const -196608) (i32.const 7)) "out of bounds memory access")
(assert_return (invoke "load0" (i32.const 0)) (i32.const 0x04030201))
(assert_return (invoke "load0" (i32.const 196604)) (i32.const 0))
(assert_trap (invoke "load0" (i32.const 196605)) "out of bounds memory access")
;; Memory 1 grows within its reserve, then past it.
(assert_return (invoke "grow1" (i32.const 1)) (i32.const 2))
(assert_return (invoke "load1" (i32.const 196604)) (i32.const 0))
(assert_trap (invoke "load1" (i32.const 196605)) "out of bounds memory access")
(assert_trap (invoke "load1_8" (i32.const 196608)) "out of bounds memory access")
(assert_trap (invoke "load1" (i32.const -196608)) "out of bounds memory access")
(assert_return (invoke "grow1" (i32.const 3)) (i32.const 3))
(assert_return (invoke "load1" (i32.const 393212)) (i32.const 0))
(assert_trap (invoke "load1" (i32.const 393213)) "out of bounds memory access")
(assert_trap (invoke "load1_8" (i32.const 393216)) "out of bounds memory access")
(assert_trap (invoke "load1" (i32.const -196608)) "out of bounds memory access")
(assert_return (invoke "load1" (i32.const 131068)) (i32.const 0xddccbbaa))
(assert_return (invoke "load0" (i32.const 0)) (i32.const 0x04030201))
(assert_trap (invoke "load0" (i32.const 196605)) "out of bounds memory access")
