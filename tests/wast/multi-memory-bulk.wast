;; Data segments into several memories, memory.init into memory 3, memory.fill on memory 2,
;; and an out-of-bounds active segment in one memory after a good one in another.

(module $M
  (memory (export "shared") 1)
  (global (export "base") i32 (i32.const 300))
  (func (export "load8") (param i32) (result i32) (i32.load8_u (local.get 0)))
)
(register "M" $M)

(module
  (import "M" "base" (global $base i32))
  (memory $m0 1)
  (memory $m1 1)
  (memory $m2 1 1)
  (memory $m3 2)
  ;; Active segments into every memory; the offsets differ so a mix-up shows.
  (data (memory $m0) (i32.const 10) "m0")
  (data (memory $m1) (i32.const 20) "m1")
  (data (memory $m2) (i32.const 30) "m2")
  (data (memory $m3) (global.get $base) "m3")
  (data (memory $m3) (i32.const 65535) "\ee\ff")
  (data $passive "passive!")

  (func (export "load16") (param $m i32) (param $addr i32) (result i32)
    (block $is3
      (block $is2
        (block $is1
          (block $is0
            (br_table $is0 $is1 $is2 $is3 (local.get $m)))
          (return (i32.load16_u $m0 (local.get $addr))))
        (return (i32.load16_u $m1 (local.get $addr))))
      (return (i32.load16_u $m2 (local.get $addr))))
    (i32.load16_u $m3 (local.get $addr)))
  (func (export "load8_m3") (param i32) (result i32) (i32.load8_u $m3 (local.get 0)))
  (func (export "load8_m2") (param i32) (result i32) (i32.load8_u $m2 (local.get 0)))
  (func (export "init_m3") (param $dst i32) (param $src i32) (param $len i32)
    (memory.init $m3 $passive (local.get $dst) (local.get $src) (local.get $len)))
  (func (export "drop") (data.drop $passive))
  (func (export "fill_m2") (param i32 i32 i32)
    (memory.fill $m2 (local.get 0) (local.get 1) (local.get 2)))
)

;; "m0" = 0x306d, "m1" = 0x316d, ...: each segment landed in its own memory only.
(assert_return (invoke "load16" (i32.const 0) (i32.const 10)) (i32.const 0x306d))
(assert_return (invoke "load16" (i32.const 1) (i32.const 20)) (i32.const 0x316d))
(assert_return (invoke "load16" (i32.const 2) (i32.const 30)) (i32.const 0x326d))
(assert_return (invoke "load16" (i32.const 3) (i32.const 300)) (i32.const 0x336d))
(assert_return (invoke "load16" (i32.const 0) (i32.const 20)) (i32.const 0))
(assert_return (invoke "load16" (i32.const 1) (i32.const 10)) (i32.const 0))
(assert_return (invoke "load16" (i32.const 3) (i32.const 30)) (i32.const 0))
(assert_return (invoke "load16" (i32.const 2) (i32.const 300)) (i32.const 0))
;; A segment straddling the first page boundary of the two-page memory 3.
(assert_return (invoke "load16" (i32.const 3) (i32.const 65535)) (i32.const 0xffee))

;; memory.init into memory 3 (including its second page) and nowhere else.
(assert_return (invoke "init_m3" (i32.const 70000) (i32.const 0) (i32.const 8)))
(assert_return (invoke "load8_m3" (i32.const 70000)) (i32.const 0x70))
(assert_return (invoke "load8_m3" (i32.const 70007)) (i32.const 0x21))
(assert_return (invoke "load8_m3" (i32.const 70008)) (i32.const 0))
(assert_return (invoke "init_m3" (i32.const 131070) (i32.const 6) (i32.const 2)))
(assert_return (invoke "load16" (i32.const 3) (i32.const 131070)) (i32.const 0x2165))
(assert_return (invoke "load16" (i32.const 0) (i32.const 0)) (i32.const 0))
;; Out of bounds in the destination memory or in the segment: trap, nothing written.
(assert_trap (invoke "init_m3" (i32.const 131068) (i32.const 0) (i32.const 8))
  "out of bounds memory access")
(assert_return (invoke "load16" (i32.const 3) (i32.const 131068)) (i32.const 0))
(assert_trap (invoke "init_m3" (i32.const 100) (i32.const 4) (i32.const 5))
  "out of bounds memory access")
(assert_return (invoke "load8_m3" (i32.const 100)) (i32.const 0))
;; Memory 3 has two pages: an address valid there but not in memory 0 works.
(assert_return (invoke "init_m3" (i32.const 65536) (i32.const 0) (i32.const 1)))
(assert_return (invoke "load8_m3" (i32.const 65536)) (i32.const 0x70))
;; After data.drop only empty inits at in-bounds addresses succeed.
(assert_return (invoke "drop"))
(assert_return (invoke "init_m3" (i32.const 0) (i32.const 0) (i32.const 0)))
(assert_trap (invoke "init_m3" (i32.const 0) (i32.const 0) (i32.const 1))
  "out of bounds memory access")

;; memory.fill on memory 2: in bounds up to its end, out of bounds writes nothing.
(assert_return (invoke "fill_m2" (i32.const 65530) (i32.const 0x5a) (i32.const 6)))
(assert_return (invoke "load8_m2" (i32.const 65535)) (i32.const 0x5a))
(assert_return (invoke "load8_m2" (i32.const 65529)) (i32.const 0))
(assert_trap (invoke "fill_m2" (i32.const 65000) (i32.const 0x77) (i32.const 537))
  "out of bounds memory access")
(assert_return (invoke "load8_m2" (i32.const 65000)) (i32.const 0))
(assert_return (invoke "load8_m2" (i32.const 65535)) (i32.const 0x5a))
(assert_trap (invoke "fill_m2" (i32.const 65537) (i32.const 0x77) (i32.const 0))
  "out of bounds memory access")
(assert_return (invoke "fill_m2" (i32.const 65536) (i32.const 0x77) (i32.const 0)))
;; The same range is fine in memory 3 (two pages), and memory 2 stays untouched.
(assert_return (invoke "load8_m3" (i32.const 65000)) (i32.const 0))
(assert_return (invoke "load16" (i32.const 2) (i32.const 30)) (i32.const 0x326d))

;; Instantiation: a segment into the imported memory (index 0) succeeds, the next one, out of
;; bounds in memory 1, traps. The first stays written in the shared memory.
(assert_trap
  (module
    (import "M" "shared" (memory $imported 1))
    (memory $own 1)
    (data (memory $imported) (i32.const 500) "ok")
    (data (memory $own) (i32.const 65535) "no"))
  "out of bounds memory access")
(assert_return (invoke $M "load8" (i32.const 500)) (i32.const 0x6f))
(assert_return (invoke $M "load8" (i32.const 501)) (i32.const 0x6b))
