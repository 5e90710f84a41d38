// In-page lowering cost: loading polymem-lower.wasm once, then lower() per module (median of
// RUNS after one warm-up), in whatever engine runs this file (node, deno, bun):
//   node bench/lowering.mjs MODULE.wasm...
// prints a Markdown table (module, memories, bytes in and out, median ms).

import { readFileSync, statSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { inspect, lower } from "../index.js";

const RUNS = 20;
const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const lowererPath = join(root, "polymem-lower.wasm");
const now = () => performance.now();

const lowererBytes = readFileSync(lowererPath);
let started = now();
const lowerer = await WebAssembly.compile(lowererBytes);
const compileMs = now() - started;
const engine = typeof Deno === "object" ? `deno ${Deno.version.deno}` : process.versions.bun ? `bun ${process.versions.bun}` : `node ${process.version}`;
console.log(`${engine}: polymem-lower.wasm ${statSync(lowererPath).size} bytes, compiled in ${compileMs.toFixed(1)} ms`);

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log("\n| module | memories | bytes in | bytes out | first lower() (ms) | median lower() (ms) |");
console.log("| --- | --- | --- | --- | --- | --- |");
for (const file of process.argv.slice(2)) {
  const bytes = new Uint8Array(readFileSync(file));
  const memories = (await inspect(bytes, { lowerer })).memories.length;
  started = now();
  const out = await lower(bytes, { lowerer });
  const first = now() - started;
  const times = [];
  for (let i = 0; i < RUNS; i++) {
    started = now();
    await lower(bytes, { lowerer });
    times.push(now() - started);
  }
  console.log(`| ${basename(file)} | ${memories} | ${bytes.length} | ${out.length} | ${first.toFixed(2)} | ${median(times).toFixed(2)} |`);
}
