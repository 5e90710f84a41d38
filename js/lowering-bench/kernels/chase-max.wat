;; chase.wat with a declared maximum for the exported memory 0: the shape of an Emscripten
;; program (which declares one: 2 GiB by default with ALLOW_MEMORY_GROWTH; 256 MiB here, since
;; the lowering reserves it all at instantiation and the speed does not depend on its size).
;; The lowering then gives the private memory a constant base above that maximum, folded into
;; the offsets; wasm-bindgen's memory 0 (chase.wat) has no maximum and keeps a moving base.
;; Single-memory twin: chase-single.wat. Otherwise the same kernel (see chase.wat):
;; Pointer chasing through small functions (the shape where V8 did not inline the lowering's
;; shared check helpers): memory 0 exported (the JS glue's heap, in place), memory 1 private and
;; growable, holding a linked list of 4 Ki nodes of 8 bytes (32 KiB: in the L1 cache, so the walk is not
;; bound by memory latency and the checks show), next pointer and value, visited in a
;; scrambled order. The hot loop calls `$next` and `$value`, each one load through an address
;; read from memory, so no check can be proven away and every access keeps its explicit check.
;; `run` returns an i64, as js/lowering-bench/timer expects.
(module
  (memory $heap (export "memory") 1 4096)
  (memory $nodes 8)
  (func (export "grow") (param i32) (result i32) (memory.grow $nodes (local.get 0)))

  ;; node i at 8 * i: next = node (i * 40501 + 1) mod 4096 (a full cycle: 40501 = 1 mod 4),
  ;; value = i * i.
  (func $init
    (local $i i32)
    (loop $fill
      (i32.store $nodes (i32.shl (local.get $i) (i32.const 3))
        (i32.shl (i32.and (i32.add (i32.mul (local.get $i) (i32.const 40501)) (i32.const 1))
          (i32.const 0xfff)) (i32.const 3)))
      (i32.store $nodes offset=4 (i32.shl (local.get $i) (i32.const 3))
        (i32.mul (local.get $i) (local.get $i)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $fill (i32.lt_u (local.get $i) (i32.const 0x1000))))
    (i32.store $heap (i32.const 0) (i32.const 0)))
  (start $init)

  (func $next (param $p i32) (result i32) (i32.load $nodes (local.get $p)))
  (func $value (param $p i32) (result i32) (i32.load $nodes offset=4 (local.get $p)))

  (func (export "run") (param $rounds i32) (result i64)
    (local $p i32) (local $n i32) (local $sum i32)
    (local.set $p (i32.load $heap (i32.const 0)))
    (local.set $n (i32.shl (local.get $rounds) (i32.const 16)))
    (loop $walk
      (local.set $sum (i32.add (i32.rotl (local.get $sum) (i32.const 1)) (call $value (local.get $p))))
      (local.set $p (call $next (local.get $p)))
      (br_if $walk (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
    ;; where the walk stopped, for the next call
    (i32.store $heap (i32.const 0) (local.get $p))
    (i64.extend_i32_u (local.get $sum))))
