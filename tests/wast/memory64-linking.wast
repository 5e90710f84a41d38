;; memory64 linking (issue 10): imports and exports of 64-bit memories and tables. Kept apart
;; from memory64-mixed.wast because the lowering cannot lower an imported or exported 64-bit
;; memory (it rejects it, naming the memory): the lowered suite lists this file as an expected
;; failure with that message.
;; memory64 imports match on the address type
(module $exporter
  (memory (export "m64") i64 1)
  (table (export "t64") i64 1 funcref))
(register "exporter" $exporter)
(module (import "exporter" "m64" (memory i64 1)))
(assert_unlinkable (module (import "exporter" "m64" (memory 1))) "incompatible import type")
(module (import "exporter" "t64" (table i64 1 funcref)))
(assert_unlinkable (module (import "exporter" "t64" (table 1 funcref))) "incompatible import type")
