;; Kernels for deterministic instruction counts (callgrind), see ARCHITECTURE.md:
;;   cargo build --release -p polymem-cli
;;   valgrind --tool=callgrind --callgrind-out-file=/dev/null target/release/polymem run benches/profile/kernels.wat --invoke fib 25
;;   ... --invoke loop0 1000000   (loads from memory 0)   ... --invoke loop1 1000000   (memory 1)
(module
  (func $fib (export "fib") (param i32) (result i32)
    (if (result i32) (i32.lt_u (local.get 0) (i32.const 2))
      (then (local.get 0))
      (else (i32.add (call $fib (i32.sub (local.get 0) (i32.const 1)))
                     (call $fib (i32.sub (local.get 0) (i32.const 2)))))))
  (memory 1) (memory 1)
  (func (export "loop0") (param $n i32) (result i32) (local $i i32) (local $s i32)
    (loop $l
      (local.set $s (i32.add (local.get $s) (i32.load (i32.and (local.get $i) (i32.const 0xfffc)))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (local.get $n))))
    (local.get $s))
  (func (export "loop1") (param $n i32) (result i32) (local $i i32) (local $s i32)
    (loop $l
      (local.set $s (i32.add (local.get $s) (i32.load 1 (i32.and (local.get $i) (i32.const 0xfffc)))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (local.get $n))))
    (local.get $s)))
