;; Checks removed by value ranges (crates/transform/src/ranges.rs) and by constant sizes: an
;; access whose address is provably below its memory's minimum size has no check, every other
;; one keeps it. Each removed check has its neighbour just past the end, which must still trap
;; with the engine's own out-of-bounds trap, after the earlier iterations' stores are done.

;; Private memories that nothing grows: constant sizes, bases and checks.
(module
  (memory $a 1)
  (memory $b 1)
  ;; the most used memory (loop depth weighs), so it goes on top: an access past the end of
  ;; $a or $b that lost its check would land in the memory above instead of trapping
  (memory $c 1)
  (func $heavy (param $n i32) (result i32)
    (loop $x (loop $y (loop $z
      (br_if $z (i32.load $c (local.get $n)))
      (br_if $y (i32.load $c offset=4 (local.get $n))))
      (br_if $x (i32.load $c offset=8 (local.get $n)))))
    (i32.const 0))
  (func (export "get_a") (param i32) (result i32) (i32.load $a (local.get 0)))
  (func (export "get_b") (param i32) (result i32) (i32.load $b (local.get 0)))
  (func (export "set_b") (param i32 i32) (i32.store8 $b (local.get 0) (local.get 1)))
  ;; stores 1..n/4 at 0, 4, ... below n (unknown bound: every store checked)
  (func (export "fill_to") (param $n i32)
    (local $i i32)
    (block $out (loop $l
      (br_if $out (i32.ge_u (local.get $i) (local.get $n)))
      (i32.store $b (local.get $i) (i32.add (i32.shr_u (local.get $i) (i32.const 2)) (i32.const 1)))
      (local.set $i (i32.add (local.get $i) (i32.const 4)))
      (br $l))))
  ;; the whole page: i < 0x10000 in steps of 4 from 0, proven (i <= 0xfffc)
  (func (export "fill_all")
    (local $i i32)
    (loop $l
      (i32.store $b (local.get $i) (i32.const 7))
      (local.set $i (i32.add (local.get $i) (i32.const 4)))
      (br_if $l (i32.lt_u (local.get $i) (i32.const 0x10000)))))
  ;; one step too far: i < 0x10001 lets i reach 0x10000, whose store traps last
  (func (export "fill_over")
    (local $i i32)
    (loop $l
      (i32.store $b (local.get $i) (i32.const 9))
      (local.set $i (i32.add (local.get $i) (i32.const 4)))
      (br_if $l (i32.lt_u (local.get $i) (i32.const 0x10001)))))
  ;; an offset on top of the index: i <= 0xfff8, +4 offset +4 bytes ends at 0x10000 exactly
  (func (export "off_fits")
    (local $i i32)
    (loop $l
      (i32.store $b offset=4 (local.get $i) (i32.const 3))
      (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 4))) (i32.const 0xfffc)))))
  (func (export "off_over")
    (local $i i32)
    (loop $l
      (i32.store $b offset=4 (local.get $i) (i32.const 5))
      (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 4))) (i32.const 0xfffd)))))
  ;; a byte-indexed table: (byte << 8) + 0xff + 4 bytes can end past the page
  (func (export "by_byte") (param $at i32) (result i32)
    (i32.load $b offset=0xff (i32.shl (i32.load8_u $a (local.get $at)) (i32.const 8))))
  (func (export "set_a") (param i32 i32) (i32.store8 $a (local.get 0) (local.get 1)))
  ;; a masked index is always inside: (v & 0xff) << 2 + 4 <= 0x400
  (func (export "masked") (param $v i32) (result i32)
    (i32.load $b (i32.shl (i32.and (local.get $v) (i32.const 0xff)) (i32.const 2))))
  ;; wrap-around: p + 0xfffffff0 is small only when p >= 0x10
  (func (export "wrap") (param $p i32) (result i32)
    (i32.load $b (i32.add (local.get $p) (i32.const 0xfffffff0))))
  ;; a signed bound says nothing about a negative index
  (func (export "signed") (param $i i32) (result i32)
    (if (result i32) (i32.lt_s (local.get $i) (i32.const 0x100))
      (then (i32.load $b (local.get $i)))
      (else (i32.const -1))))
  ;; each side of an if knows its own side of the bound
  (func (export "sides") (param $i i32) (result i32)
    (if (result i32) (i32.lt_u (local.get $i) (i32.const 0x100))
      (then (i32.load $b (local.get $i)))
      (else (i32.load $b (local.get $i)))))
  ;; the condition is about the old value of $i, which is rewritten before the branch
  (func (export "stale") (param $i i32) (param $p i32) (result i32)
    local.get $i
    i32.const 16
    i32.lt_u
    local.get $p
    local.set $i
    if (result i32)
      local.get $i
      i32.load $b
    else
      i32.const -1
    end)
  ;; eqz of a bound: leaving the loop when NOT (i < 0x100)
  (func (export "negated") (param $i i32) (result i32)
    (block $out
      (br_if $out (i32.eqz (i32.lt_u (local.get $i) (i32.const 0x100))))
      (return (i32.load $b (local.get $i))))
    (i32.load $b (local.get $i)))
  ;; a br_table joins what each target knows
  (func (export "table") (param $k i32) (param $i i32) (result i32)
    (block $big
      (block $small
        (br_if $small (i32.lt_u (local.get $i) (i32.const 0x10)))
        (br_table $small $big (local.get $k)))
      (return (i32.load $b (local.get $i))))
    (i32.load $b (local.get $i)))
  ;; counting down from the top: the index wraps below 0, so it stays checked
  (func (export "down") (param $i i32) (result i32)
    (local $sum i32)
    (loop $l
      (local.set $sum (i32.add (local.get $sum) (i32.load $b (local.get $i))))
      (local.set $i (i32.sub (local.get $i) (i32.const 4)))
      (br_if $l (i32.ne (local.get $i) (i32.const -4))))
    (local.get $sum))
  ;; a local written in a nested block inside the loop loses its range there
  (func (export "nested") (param $p i32) (result i32)
    (local $i i32) (local $sum i32)
    (loop $l
      (block $b
        (br_if $b (i32.ne (local.get $i) (i32.const 8)))
        (local.set $i (i32.add (local.get $p) (i32.const 12))))
      (local.set $sum (i32.add (local.get $sum) (i32.load $b (local.get $i))))
      (local.set $i (i32.add (local.get $i) (i32.const 4)))
      (br_if $l (i32.lt_u (local.get $i) (i32.const 0x40))))
    (local.get $sum)))

(invoke "fill_to" (i32.const 16))
(assert_return (invoke "get_b" (i32.const 12)) (i32.const 4))
(assert_trap (invoke "fill_to" (i32.const 0x10008)) "out of bounds memory access")
(assert_return (invoke "get_b" (i32.const 0xfffc)) (i32.const 0x4000))
(invoke "fill_all")
(assert_return (invoke "get_b" (i32.const 0xfffc)) (i32.const 7))
(assert_return (invoke "get_b" (i32.const 0)) (i32.const 7))
(assert_trap (invoke "fill_over") "out of bounds memory access")
(assert_return (invoke "get_b" (i32.const 0xfffc)) (i32.const 9))
(assert_trap (invoke "get_b" (i32.const 0xfffd)) "out of bounds memory access")
(assert_trap (invoke "get_a" (i32.const 0x10000)) "out of bounds memory access")
(invoke "off_fits")
(assert_return (invoke "get_b" (i32.const 0xfffc)) (i32.const 3))
(assert_trap (invoke "off_over") "out of bounds memory access")
(assert_return (invoke "get_b" (i32.const 0xfffc)) (i32.const 5))
(assert_return (invoke "get_b" (i32.const 4)) (i32.const 5))
(invoke "set_a" (i32.const 9) (i32.const 0xfe))
(assert_return (invoke "by_byte" (i32.const 9)) (i32.const 0x500))
(invoke "set_a" (i32.const 9) (i32.const 0xff))
(assert_trap (invoke "by_byte" (i32.const 9)) "out of bounds memory access")
(assert_return (invoke "masked" (i32.const -1)) (i32.const 5))
(assert_return (invoke "wrap" (i32.const 0x20)) (i32.const 5))
(assert_trap (invoke "wrap" (i32.const 0)) "out of bounds memory access")
(assert_return (invoke "wrap" (i32.const 0x1000c)) (i32.const 5))
(assert_trap (invoke "wrap" (i32.const 0x10010)) "out of bounds memory access")
(assert_return (invoke "signed" (i32.const 8)) (i32.const 5))
(assert_trap (invoke "signed" (i32.const -4)) "out of bounds memory access")
(assert_return (invoke "sides" (i32.const 8)) (i32.const 5))
(assert_return (invoke "sides" (i32.const 0xfffc)) (i32.const 5))
(assert_trap (invoke "sides" (i32.const 0xfffd)) "out of bounds memory access")
(assert_return (invoke "stale" (i32.const 0) (i32.const 8)) (i32.const 5))
(assert_trap (invoke "stale" (i32.const 0) (i32.const 0x10000)) "out of bounds memory access")
(assert_return (invoke "negated" (i32.const 8)) (i32.const 5))
(assert_trap (invoke "negated" (i32.const 0x10000)) "out of bounds memory access")
(assert_return (invoke "table" (i32.const 0) (i32.const 0xfffc)) (i32.const 5))
(assert_trap (invoke "table" (i32.const 0) (i32.const 0x10000)) "out of bounds memory access")
(assert_trap (invoke "table" (i32.const 1) (i32.const 0x10000)) "out of bounds memory access")
(assert_return (invoke "down" (i32.const 8)) (i32.const 19))
(assert_trap (invoke "down" (i32.const 0x10000)) "out of bounds memory access")
(assert_return (invoke "nested" (i32.const 0)) (i32.const 79))
(assert_trap (invoke "nested" (i32.const 0x10000)) "out of bounds memory access")

;; Growable memories: a range proven against the minimum stays proven after growth, a loop
;; past the minimum traps before growth (its earlier stores done) and runs after it. In place
;; (exported memory 0), a private one below the top, and the top one.
(module
  (memory $e (export "mem") 1 3)
  (memory $g 1 3)
  (memory $t 1 3)
  (func (export "grow_e") (param i32) (result i32) (memory.grow $e (local.get 0)))
  (func (export "grow_g") (param i32) (result i32) (memory.grow $g (local.get 0)))
  (func (export "grow_t") (param i32) (result i32) (memory.grow $t (local.get 0)))
  (func (export "get_e") (param i32) (result i32) (i32.load $e (local.get 0)))
  (func (export "get_g") (param i32) (result i32) (i32.load $g (local.get 0)))
  (func (export "get_t") (param i32) (result i32) (i32.load $t (local.get 0)))
  ;; fills i < 0x10000 (proven) then i < 0x10100 (past the minimum: checked)
  (func (export "fill_e") (param $v i32)
    (local $i i32)
    (loop $l
      (i32.store $e (local.get $i) (local.get $v))
      (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 4))) (i32.const 0x10000)))))
  (func (export "over_e") (param $v i32)
    (local $i i32)
    (loop $l
      (i32.store $e (local.get $i) (local.get $v))
      (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 4))) (i32.const 0x10100)))))
  (func (export "fill_g") (param $v i32)
    (local $i i32)
    (loop $l
      (i32.store $g (local.get $i) (local.get $v))
      (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 4))) (i32.const 0x10000)))))
  (func (export "over_g") (param $v i32)
    (local $i i32)
    (loop $l
      (i32.store $g (local.get $i) (local.get $v))
      (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 4))) (i32.const 0x10100)))))
  (func (export "fill_t") (param $v i32)
    (local $i i32)
    (loop $l
      (i32.store $t (local.get $i) (local.get $v))
      (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 4))) (i32.const 0x10000)))))
  (func (export "over_t") (param $v i32)
    (local $i i32)
    (loop $l
      (i32.store $t (local.get $i) (local.get $v))
      (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 4))) (i32.const 0x10100)))))
;; $t's base is a global (the memories below it grow): an access the analysis wrongly
  ;; proved would wrap below $t into $g instead of trapping
  (func (export "wrap_t") (param $v i32) (result i32)
    (i32.load $t (i32.add (i32.and (local.get $v) (i32.const 0xff)) (i32.const 0xffffff80))))
  (func (export "signed_t") (param $i i32) (result i32)
    (if (result i32) (i32.lt_s (local.get $i) (i32.const 0x100))
      (then (i32.load $t (local.get $i)))
      (else (i32.const -1))))
  ;; the inner loop leaves $i anywhere up to $p; the next outer iteration loads there
  (func (export "outer_t") (param $p i32) (result i32)
    (local $i i32) (local $j i32) (local $s i32)
    (loop $outer
      (local.set $s (i32.add (local.get $s) (i32.load $t (local.get $i))))
      (local.set $i (i32.const 0))
      (loop $inner
        (br_if $inner (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 4))) (local.get $p))))
      (br_if $outer (i32.lt_u (local.tee $j (i32.add (local.get $j) (i32.const 1))) (i32.const 2))))
    (local.get $s))
  (func (export "mixed") (param $v i32) (result i32)
    (local $i i32)
    (loop $l
      (i32.store $t (local.get $i) (local.get $v))
      (i32.store $e offset=0x100 (i32.and (local.get $v) (i32.const 0xfc)) (i32.const 1))
      (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 4))) (i32.const 0x10000))))
    (i32.load $g (i32.const 0xfffc))))

(invoke "fill_e" (i32.const 1))
(invoke "fill_g" (i32.const 2))
(invoke "fill_t" (i32.const 3))
(assert_trap (invoke "over_e" (i32.const 4)) "out of bounds memory access")
(assert_trap (invoke "over_g" (i32.const 5)) "out of bounds memory access")
(assert_trap (invoke "over_t" (i32.const 6)) "out of bounds memory access")
(assert_return (invoke "get_e" (i32.const 0xfffc)) (i32.const 4))
(assert_return (invoke "get_g" (i32.const 0xfffc)) (i32.const 5))
(assert_return (invoke "get_t" (i32.const 0xfffc)) (i32.const 6))
(assert_trap (invoke "get_e" (i32.const 0xfffd)) "out of bounds memory access")
(assert_return (invoke "wrap_t" (i32.const 0x84)) (i32.const 6))
(assert_trap (invoke "wrap_t" (i32.const 0x10)) "out of bounds memory access")
(assert_return (invoke "signed_t" (i32.const 4)) (i32.const 6))
(assert_trap (invoke "signed_t" (i32.const -4)) "out of bounds memory access")
(assert_return (invoke "outer_t" (i32.const 0xfffc)) (i32.const 12))
(assert_trap (invoke "outer_t" (i32.const 0x10004)) "out of bounds memory access")
(assert_trap (invoke "get_g" (i32.const 0xfffd)) "out of bounds memory access")
(assert_trap (invoke "get_t" (i32.const 0xfffd)) "out of bounds memory access")
(assert_return (invoke "grow_e" (i32.const 1)) (i32.const 1))
(assert_return (invoke "grow_g" (i32.const 1)) (i32.const 1))
(assert_return (invoke "grow_t" (i32.const 1)) (i32.const 1))
(invoke "over_e" (i32.const 7))
(invoke "over_g" (i32.const 8))
(invoke "over_t" (i32.const 9))
(assert_return (invoke "get_e" (i32.const 0x100fc)) (i32.const 7))
(assert_return (invoke "get_g" (i32.const 0x100fc)) (i32.const 8))
(assert_return (invoke "get_t" (i32.const 0x100fc)) (i32.const 9))
(assert_return (invoke "get_e" (i32.const 0x10100)) (i32.const 0))
(assert_trap (invoke "get_e" (i32.const 0x1fffd)) "out of bounds memory access")
(assert_trap (invoke "get_g" (i32.const 0x1fffd)) "out of bounds memory access")
(assert_trap (invoke "get_t" (i32.const 0x1fffd)) "out of bounds memory access")
(invoke "fill_t" (i32.const 10))
(assert_return (invoke "mixed" (i32.const 0xff)) (i32.const 8))
(assert_return (invoke "get_t" (i32.const 0xfffc)) (i32.const 0xff))
(assert_return (invoke "get_e" (i32.const 0x1fc)) (i32.const 1))

;; The top memory checked by the engine alone: nothing below it can grow (no memory.grow), the
;; most used memory ($y, in a loop) goes on top with its base folded into the offset.
(module
  (memory $x 1)
  (memory $y 2)
  (func (export "get_x") (param i32) (result i32) (i32.load $x (local.get 0)))
  (func (export "get_y") (param i32) (result i32) (i32.load $y (local.get 0)))
  (func (export "get_y_far") (param i32) (result i32) (i32.load $y offset=0xffffffff (local.get 0)))
  (func (export "set_y") (param i32 i32) (i32.store $y (local.get 0) (local.get 1)))
  (func (export "sum_y") (param $n i32) (result i32)
    (local $i i32) (local $s i32)
    (loop $l
      (local.set $s (i32.add (local.get $s) (i32.load $y (local.get $i))))
      (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 4))) (local.get $n))))
    (local.get $s)))

(invoke "set_y" (i32.const 0x1fffc) (i32.const 42))
(assert_return (invoke "get_y" (i32.const 0x1fffc)) (i32.const 42))
(assert_trap (invoke "get_y" (i32.const 0x1fffd)) "out of bounds memory access")
(assert_trap (invoke "set_y" (i32.const 0x20000) (i32.const 1)) "out of bounds memory access")
(assert_trap (invoke "get_y" (i32.const -1)) "out of bounds memory access")
(assert_trap (invoke "get_y_far" (i32.const 0)) "out of bounds memory access")
(assert_trap (invoke "get_x" (i32.const 0xfffd)) "out of bounds memory access")
(assert_return (invoke "get_x" (i32.const 0xfffc)) (i32.const 0))
(assert_return (invoke "sum_y" (i32.const 0x20000)) (i32.const 42))
(assert_trap (invoke "sum_y" (i32.const 0x20004)) "out of bounds memory access")
