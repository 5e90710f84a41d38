;; Rooms: a memory with memories above it grows within its room (the pages reserved before
;; the next base) without moving anything; past the room, the room grows to the larger of what
;; is needed and min(2 x room, max) and the memories above move up. New pages read as zero
;; although the moved memories used those bytes before; data survives every move.
(module
  (memory $a 1 10)     ;; fewest accesses: lowest of the growable memories
  (memory $c 1)        ;; in the middle
  (memory $b 1)        ;; most accessed: last
  (func (export "grow_a") (param i32) (result i32) (memory.grow $a (local.get 0)))
  (func (export "size_a") (result i32) (memory.size $a))
  (func (export "load_a") (param i32) (result i32) (i32.load $a (local.get 0)))
  (func (export "store_a") (param i32 i32) (i32.store $a (local.get 0) (local.get 1)))
  (func (export "grow_c") (param i32) (result i32) (memory.grow $c (local.get 0)))
  (func (export "load_c") (param i32) (result i32) (i32.load $c (local.get 0)))
  (func (export "store_c") (param i32 i32) (i32.store $c (local.get 0) (local.get 1)))
  (func (export "load_c2") (param i32) (result i32) (i32.load $c (local.get 0)))
  (func (export "load_b") (param i32) (result i32) (i32.load $b (local.get 0)))
  (func (export "store_b") (param i32 i32) (i32.store $b (local.get 0) (local.get 1)))
  (func (export "load_b2") (param i32) (result i32) (i32.load $b (local.get 0)))
  (func (export "load_b3") (param i32) (result i32) (i32.load $b (local.get 0)))
  (func (export "load_b4") (param i32) (result i32) (i32.load $b (local.get 0)))
  (func (export "grow_b") (param i32) (result i32) (memory.grow $b (local.get 0)))
)
(invoke "store_b" (i32.const 0) (i32.const 0xb0))
(invoke "store_b" (i32.const 65532) (i32.const 0xb1))
(invoke "store_c" (i32.const 0) (i32.const 0xc0))
(invoke "store_c" (i32.const 65532) (i32.const 0xc1))
(invoke "store_a" (i32.const 65532) (i32.const 0xa1))
;; Past the room (1 page): room 2, c and b move.
(assert_return (invoke "grow_a" (i32.const 1)) (i32.const 1))
(assert_return (invoke "size_a") (i32.const 2))
(assert_return (invoke "load_a" (i32.const 65532)) (i32.const 0xa1))
(assert_return (invoke "load_a" (i32.const 65536)) (i32.const 0))
(assert_return (invoke "load_a" (i32.const 131068)) (i32.const 0))
(assert_trap (invoke "load_a" (i32.const 131069)) "out of bounds memory access")
(assert_return (invoke "load_c" (i32.const 0)) (i32.const 0xc0))
(assert_return (invoke "load_c" (i32.const 65532)) (i32.const 0xc1))
(assert_trap (invoke "load_c" (i32.const 65533)) "out of bounds memory access")
(assert_return (invoke "load_b" (i32.const 0)) (i32.const 0xb0))
(assert_return (invoke "load_b" (i32.const 65532)) (i32.const 0xb1))
(invoke "store_a" (i32.const 131068) (i32.const 0xa2))
;; Past the room again: room 4.
(assert_return (invoke "grow_a" (i32.const 1)) (i32.const 2))
(assert_return (invoke "load_a" (i32.const 131072)) (i32.const 0))
(assert_return (invoke "load_a" (i32.const 196604)) (i32.const 0))
(assert_trap (invoke "load_a" (i32.const 196605)) "out of bounds memory access")
;; Within the room: the reserved page still traps until grown, then reads zero.
(assert_return (invoke "grow_a" (i32.const 1)) (i32.const 3))
(assert_return (invoke "load_a" (i32.const 196608)) (i32.const 0))
(assert_return (invoke "load_a" (i32.const 262140)) (i32.const 0))
(assert_trap (invoke "load_a" (i32.const 262141)) "out of bounds memory access")
;; The middle memory grows past its room: b moves, c's new page reads zero.
(assert_return (invoke "grow_c" (i32.const 1)) (i32.const 1))
(assert_return (invoke "load_c" (i32.const 65536)) (i32.const 0))
(assert_return (invoke "load_c" (i32.const 131068)) (i32.const 0))
(assert_trap (invoke "load_c" (i32.const 131069)) "out of bounds memory access")
(invoke "store_c" (i32.const 131068) (i32.const 0xc2))
;; The memory's own maximum (10): 4 + 7 fails, 4 + 6 succeeds (room min(8, 10) < 10 needed).
(assert_return (invoke "grow_a" (i32.const 7)) (i32.const -1))
(assert_return (invoke "grow_a" (i32.const 6)) (i32.const 4))
(assert_return (invoke "grow_a" (i32.const 1)) (i32.const -1))
(assert_return (invoke "grow_a" (i32.const 0)) (i32.const 10))
(assert_return (invoke "load_a" (i32.const 655356)) (i32.const 0))
(assert_trap (invoke "load_a" (i32.const 655357)) "out of bounds memory access")
;; Everything written survived the moves.
(assert_return (invoke "load_a" (i32.const 65532)) (i32.const 0xa1))
(assert_return (invoke "load_a" (i32.const 131068)) (i32.const 0xa2))
(assert_return (invoke "load_c" (i32.const 0)) (i32.const 0xc0))
(assert_return (invoke "load_c" (i32.const 65532)) (i32.const 0xc1))
(assert_return (invoke "load_c" (i32.const 131068)) (i32.const 0xc2))
(assert_return (invoke "load_b" (i32.const 0)) (i32.const 0xb0))
(assert_return (invoke "load_b" (i32.const 65532)) (i32.const 0xb1))
;; The last memory grows the lowered memory itself.
(assert_return (invoke "grow_b" (i32.const 2)) (i32.const 1))
(assert_return (invoke "load_b" (i32.const 196604)) (i32.const 0))
(assert_trap (invoke "load_b" (i32.const 196605)) "out of bounds memory access")

;; A loop of one-page growths (amortized: the room doubles) with a memory above.
(module
  (memory $a 0)
  (memory $b 1)
  (func (export "grow_a") (param i32) (result i32) (memory.grow $a (local.get 0)))
  (func (export "fill_a") (param i32 i32) (memory.fill $a (i32.const 0) (local.get 0) (local.get 1)))
  (func (export "load_a") (param i32) (result i32) (i32.load8_u $a (local.get 0)))
  (func (export "store_b") (param i32 i32) (i32.store8 $b (local.get 0) (local.get 1)))
  (func (export "load_b") (param i32) (result i32) (i32.load8_u $b (local.get 0)))
  (func (export "load_b2") (param i32) (result i32) (i32.load8_u $b (local.get 0)))
  (func (export "load_b3") (param i32) (result i32) (i32.load8_u $b (local.get 0)))
  ;; More accesses than $a, so $b is placed last and $a grows below it.
  (func (export "sum_b") (result i32)
    (i32.add (i32.add (i32.load8_u $b (i32.const 1)) (i32.load8_u $b (i32.const 2)))
      (i32.add (i32.load8_u $b (i32.const 3)) (i32.load8_u $b (i32.const 4)))))
  (func (export "grow_loop") (param $n i32) (result i32)
    (local $i i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (if (i32.ne (memory.grow $a (i32.const 1)) (local.get $i)) (then (return (i32.const -1))))
        ;; Each new page is zero, then dirtied so a stale copy would show.
        (if (i32.load8_u $a (i32.mul (local.get $i) (i32.const 65536))) (then (return (i32.const -2))))
        (memory.fill $a (i32.mul (local.get $i) (i32.const 65536)) (i32.const 0xff) (i32.const 65536))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (memory.size $a))
)
(invoke "store_b" (i32.const 7) (i32.const 0x42))
(assert_return (invoke "grow_loop" (i32.const 20)) (i32.const 20))
(assert_return (invoke "load_a" (i32.const 1310719)) (i32.const 0xff))
(assert_trap (invoke "load_a" (i32.const 1310720)) "out of bounds memory access")
(assert_return (invoke "load_b" (i32.const 7)) (i32.const 0x42))
(assert_return (invoke "load_b" (i32.const 0)) (i32.const 0))
