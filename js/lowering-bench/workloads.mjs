// The benchmark's workloads: each multi-memory kernel, its hand-merged single-memory twin, the
// export it times and that export's argument (full run and --quick), and extra `polymem lower`
// arguments (`lower`, for every lowering of run.mjs). Paths are relative
// to the repository root.
export const WORKLOADS = [
  { name: "xor-sum", multi: "js/binaryen-compare/kernels/xor-sum.wat",
    single: "js/binaryen-compare/kernels/xor-sum-single.wat", export: "main", arg: null, quickArg: null },
  { name: "stream", multi: "benches/wat/stream.wat", single: "benches/wat/stream-single.wat",
    export: "run", arg: 40, quickArg: 8 },
  { name: "checksum_mem2", multi: "benches/wat/checksum_mem2.wat",
    single: "benches/wat/checksum_mem2-single.wat", export: "run", arg: 150, quickArg: 30 },
  { name: "scan_mem0.sum_xor", multi: "benches/wat/scan_mem0.wat",
    single: "benches/wat/scan_mem0-single.wat", export: "sum_xor", arg: 400, quickArg: 80 },
  { name: "scan_mem1.sum_xor", multi: "benches/wat/scan_mem1.wat",
    single: "benches/wat/scan_mem1-single.wat", export: "sum_xor", arg: 400, quickArg: 80 },
  { name: "scan_mem1.histogram", multi: "benches/wat/scan_mem1.wat",
    single: "benches/wat/scan_mem1-single.wat", export: "histogram", arg: 8, quickArg: 2 },
  { name: "export-mem0", multi: "js/lowering-bench/kernels/export-mem0.wat",
    single: "js/lowering-bench/kernels/export-mem0-single.wat", export: "run", arg: 40, quickArg: 8 },
  { name: "chase", multi: "js/lowering-bench/kernels/chase.wat",
    single: "js/lowering-bench/kernels/chase-single.wat", export: "run", arg: 64, quickArg: 16 },
  { name: "chase-max", multi: "js/lowering-bench/kernels/chase-max.wat",
    single: "js/lowering-bench/kernels/chase-single.wat", export: "run", arg: 64, quickArg: 16 },
];

// The four forms, in table order. `native` is the multi-memory module itself.
export const FORMS = ["native", "lowered", "single", "binaryen"];
