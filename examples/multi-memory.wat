;; A small program over three memories:
;;
;;   $input  holds the text to process (a data segment),
;;   $work   starts empty and is grown to hold a copy that is transformed in place,
;;   $out    receives the result and statistics, and is exported for the host to read.
;;
;; `main` copies the text from $input to $work (memory.copy across memories), upper-cases its
;; letters and counts vowels in $work, copies the result to $out, writes the statistics there
;; and returns a checksum of the output text.
;;
;;   cargo run --release -p polymem-cli -- run examples/multi-memory.wat --invoke main
(module
  (memory $input 1)
  (memory $work 0 4)
  (memory $out (export "out") 1)

  (data (memory $input) (i32.const 0) "polymem runs many memories, each bounds-checked on its own.")
  (global $text_len i32 (i32.const 59))

  ;; Layout of $out: statistics first, then the text.
  (global $out_length i32 (i32.const 0))
  (global $out_changed i32 (i32.const 4))
  (global $out_vowels i32 (i32.const 8))
  (global $out_work_pages i32 (i32.const 12))
  (global $out_text i32 (i32.const 16))

  ;; Whether `c` is a lowercase ASCII letter.
  (func $is_lower (param $c i32) (result i32)
    (i32.le_u (i32.sub (local.get $c) (i32.const 0x61)) (i32.const 25)))

  ;; Whether the uppercase letter `c` is a vowel.
  (func $is_vowel (param $c i32) (result i32)
    (i32.or
      (i32.or (i32.eq (local.get $c) (i32.const 0x41)) (i32.eq (local.get $c) (i32.const 0x45)))
      (i32.or
        (i32.or (i32.eq (local.get $c) (i32.const 0x49)) (i32.eq (local.get $c) (i32.const 0x4f)))
        (i32.eq (local.get $c) (i32.const 0x55)))))

  ;; Upper-cases `len` bytes of $work in place; returns how many changed and stores the vowel
  ;; count in $out.
  (func $transform (param $len i32) (result i32)
    (local $i i32) (local $c i32) (local $changed i32) (local $vowels i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $len)))
        (local.set $c (i32.load8_u $work (local.get $i)))
        (if (call $is_lower (local.get $c))
          (then
            (local.set $c (i32.sub (local.get $c) (i32.const 0x20)))
            (i32.store8 $work (local.get $i) (local.get $c))
            (local.set $changed (i32.add (local.get $changed) (i32.const 1)))))
        (if (call $is_vowel (local.get $c))
          (then (local.set $vowels (i32.add (local.get $vowels) (i32.const 1)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (i32.store $out (global.get $out_vowels) (local.get $vowels))
    (local.get $changed))

  ;; The sum of the bytes of the text in $out, each weighted by its position (1-based).
  (func $checksum (param $len i32) (result i32)
    (local $i i32) (local $sum i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $len)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (local.set $sum
          (i32.add (local.get $sum)
            (i32.mul (local.get $i)
              (i32.load8_u $out offset=15 (local.get $i)))))
        (br $next)))
    (local.get $sum))

  (func (export "main") (result i32)
    (local $len i32)
    (local.set $len (global.get $text_len))
    ;; $work has no pages yet: grow it (memory.grow returns the old size, 0).
    (if (i32.ne (memory.grow $work (i32.const 1)) (i32.const 0))
      (then (unreachable)))
    (memory.copy $work $input (i32.const 0) (i32.const 0) (local.get $len))
    (i32.store $out (global.get $out_changed) (call $transform (local.get $len)))
    (memory.copy $out $work (global.get $out_text) (i32.const 0) (local.get $len))
    (i32.store $out (global.get $out_length) (local.get $len))
    (i32.store $out (global.get $out_work_pages) (memory.size $work))
    (call $checksum (local.get $len)))

  ;; The statistics main wrote, for a host or a test to read back.
  (func (export "stats") (result i32 i32 i32 i32)
    (i32.load $out (global.get $out_length))
    (i32.load $out (global.get $out_changed))
    (i32.load $out (global.get $out_vowels))
    (i32.load $out (global.get $out_work_pages)))
)
