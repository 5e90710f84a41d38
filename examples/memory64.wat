;; Two memories with different address types: a 32-bit memory holding a text, and a 64-bit
;; memory (memory64: i64 addresses, sizes and growth) holding one 64-bit counter per byte value.
;;
;; `main` grows the 64-bit memory (memory.grow takes and returns an i64), copies the text into
;; it at an i64 address (memory.copy across address types: the length is an i32, the smaller
;; type), counts every byte of the copy into its i64-addressed counter, and returns
;; `distinct * 1000 + count('e')`, reading the count back through an offset of 0x10000.
;;
;;   cargo run --release -p polymem-cli -- run examples/memory64.wat --invoke main
;;   cargo run --release -p polymem-cli -- run --disable memory64 examples/memory64.wat --invoke main   # rejected
(module
  (memory $text 1)
  (memory $wide (export "wide") i64 1 4)

  (data (memory $text) (i32.const 0) "each memory keeps its own address type")
  (global $len i32 (i32.const 38))

  ;; Counters live in the second page of $wide: byte value b at 0x10000 + 8 * b.
  (func $counter (param $b i32) (result i64)
    (i64.add (i64.const 0x10000) (i64.shl (i64.extend_i32_u (local.get $b)) (i64.const 3))))

  (func (export "main") (result i32)
    (local $i i64) (local $end i64) (local $at i64) (local $b i32) (local $distinct i32)
    ;; One page so far; the counters need a second one.
    (if (i64.ne (memory.grow $wide (i64.const 1)) (i64.const 1)) (then (unreachable)))
    (local.set $end (i64.extend_i32_u (global.get $len)))
    (memory.copy $wide $text (i64.const 0) (i32.const 0) (global.get $len))
    (block $done
      (loop $next
        (br_if $done (i64.ge_u (local.get $i) (local.get $end)))
        (local.set $b (i32.load8_u $wide (local.get $i)))
        (local.set $at (call $counter (local.get $b)))
        (if (i64.eqz (i64.load $wide (local.get $at)))
          (then (local.set $distinct (i32.add (local.get $distinct) (i32.const 1)))))
        (i64.store $wide (local.get $at) (i64.add (i64.load $wide (local.get $at)) (i64.const 1)))
        (local.set $i (i64.add (local.get $i) (i64.const 1)))
        (br $next)))
    (i32.add
      (i32.mul (local.get $distinct) (i32.const 1000))
      ;; 'e' is 0x65: its counter is at 0x10000 + 0x328, read here with offset=0x10000.
      (i32.wrap_i64 (i64.load $wide offset=0x10000 (i64.const 0x328)))))

  ;; The 64-bit memory's size in pages, an i64.
  (func (export "pages") (result i64) (memory.size $wide))
)
