// node bench.mjs A.wasm B.wasm ... [--runs N] [--rounds R]: instantiates each module (lowered
// ones through js/polymem/src/lowered.js), calls `main` N times on fresh instances (V8 tiers up
// after the first calls) and prints the result and the best wall time in ms. The files are
// interleaved over R rounds so that machine noise hits every file alike; compilation is outside
// the timing.
import { readFileSync } from "node:fs";
import { instantiateLoweredSync } from "../../../../js/polymem/src/lowered.js";

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(name);
  if (at < 0) return fallback;
  const [, value] = args.splice(at, 2);
  return Number(value);
};
const runs = option("--runs", 10);
const rounds = option("--rounds", 3);
const modules = args.map((file) => [file, new WebAssembly.Module(readFileSync(file))]);
const best = new Map();
const results = new Map();
for (let round = 0; round < rounds; round++) {
  for (const [file, module] of modules) {
    for (let r = 0; r < runs; r++) {
      const { exports } = instantiateLoweredSync(module, {});
      const start = process.hrtime.bigint();
      results.set(file, exports.main() >>> 0);
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      best.set(file, Math.min(best.get(file) ?? Infinity, ms));
    }
  }
}
for (const [file] of modules) {
  console.log(`${file}: main() = ${results.get(file)}, best: ${best.get(file).toFixed(1)} ms`);
}
