// node bench-node.mjs FILE.wasm [RUNS]: instantiates FILE (lowered modules through
// js/polymem/src/lowered.js), calls `main` RUNS times (default 20: V8 tiers up to TurboFan after the first calls) on fresh instances and
// prints the result and the best wall time in ms. Compilation is outside the timing.
import { readFileSync } from "node:fs";
import { instantiateLoweredSync } from "../../polymem/src/lowered.js";

const [file, runs = "20"] = process.argv.slice(2);
const module = new WebAssembly.Module(readFileSync(file));
let best = Infinity;
let result;
for (let r = 0; r < Number(runs); r++) {
  const { exports } = instantiateLoweredSync(module, {});
  const start = process.hrtime.bigint();
  result = exports.main();
  best = Math.min(best, Number(process.hrtime.bigint() - start) / 1e6);
}
console.log(`${file}: main() = ${result >>> 0}, best of ${runs}: ${best.toFixed(1)} ms`);
