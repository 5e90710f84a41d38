;; The wasm-bindgen shape: memory 0 exported (the JS glue's heap), memory 1 private. The kernel
;; is memory-0 heavy: each round mixes 1 MiB of words in memory 0 in place, every word also
;; indexing a 1 KiB table in memory 0 (a data-dependent address, so no check can be proven away),
;; and only a per-round counter lives in memory 1 (3 memory-0 accesses per word, 2 per round in
;; memory 1).
(module
  (memory $heap (export "memory") 17)
  (memory $private 1)
  (global $seed (mut i32) (i32.const 99991))

  ;; Words [0, 1 MiB) of memory 0 get an LCG sequence; the 256-entry table at 1 MiB gets i*i.
  (func $init
    (local $i i32)
    (loop $fill
      (global.set $seed
        (i32.add (i32.mul (global.get $seed) (i32.const 1103515245)) (i32.const 12345)))
      (i32.store $heap (local.get $i) (global.get $seed))
      (local.set $i (i32.add (local.get $i) (i32.const 4)))
      (br_if $fill (i32.lt_u (local.get $i) (i32.const 0x100000))))
    (local.set $i (i32.const 0))
    (loop $table
      (i32.store $heap offset=0x100000 (i32.shl (local.get $i) (i32.const 2))
        (i32.mul (local.get $i) (local.get $i)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $table (i32.lt_u (local.get $i) (i32.const 256)))))
  (start $init)

  (func (export "run") (param $rounds i32) (result i64)
    (local $i i32) (local $v i32) (local $carry i32) (local $sum i64)
    (block $done (loop $round
      (br_if $done (i32.eqz (local.get $rounds)))
      (local.set $i (i32.const 0))
      (loop $mix
        (local.set $v (i32.load $heap (local.get $i)))
        (local.set $carry
          (i32.add (i32.rotl (local.get $carry) (i32.const 7))
            (i32.load $heap offset=0x100000
              (i32.shl (i32.and (local.get $v) (i32.const 255)) (i32.const 2)))))
        (local.set $v (i32.xor (local.get $v) (local.get $carry)))
        (i32.store $heap (local.get $i) (local.get $v))
        (local.set $sum (i64.add (local.get $sum) (i64.extend_i32_u (local.get $v))))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br_if $mix (i32.lt_u (local.get $i) (i32.const 0x100000))))
      ;; the private per-round counter
      (i32.store $private (i32.const 16)
        (i32.add (i32.load $private (i32.const 16)) (i32.const 1)))
      (local.set $rounds (i32.sub (local.get $rounds) (i32.const 1)))
      (br $round)))
    (i64.xor (local.get $sum) (i64.extend_i32_u (i32.load $private (i32.const 16))))))
