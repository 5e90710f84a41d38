;; The load-loop kernels of kernels.wat on 64-bit memories (i64 addresses), for the hot-memory
;; check of memory64: memory 1 must cost what memory 0 does (instruction counts):
;;   valgrind --tool=callgrind --callgrind-out-file=/dev/null target/release/polymem run benches/profile/kernels64.wat --invoke loop0 1000000
;;   ... --invoke loop1 1000000   (memory 1)
(module
  (memory i64 1) (memory i64 1)
  (func (export "loop0") (param $n i32) (result i32) (local $i i32) (local $s i32)
    (loop $l
      (local.set $s (i32.add (local.get $s)
        (i32.load (i64.extend_i32_u (i32.and (local.get $i) (i32.const 0xfffc))))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (local.get $n))))
    (local.get $s))
  (func (export "loop1") (param $n i32) (result i32) (local $i i32) (local $s i32)
    (loop $l
      (local.set $s (i32.add (local.get $s)
        (i32.load 1 (i64.extend_i32_u (i32.and (local.get $i) (i32.const 0xfffc))))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (local.get $n))))
    (local.get $s)))
