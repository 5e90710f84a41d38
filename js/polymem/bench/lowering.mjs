// In-page lowering cost: loading polymem-lower.wasm once, then lower() per module (median of
// RUNS after a first call), in whatever engine runs this file:
//   node bench/lowering.mjs MODULE.wasm...        (also bun, `deno run --allow-read`)
//   jsc -m bench/lowering.mjs -- MODULE.wasm...
// prints a Markdown table (module, memories, bytes in and out, first and median ms).

import { args, print, readBytes } from "../test/host/io.js";
import { inspect, lower } from "../index.js";

const RUNS = 20;
const here = import.meta.url.replace(/^file:\/\//, "").replace(/\/[^/]*$/, "");
const now = () => performance.now();
const engine = typeof Deno === "object" ? `deno ${Deno.version.deno}`
  : globalThis.process?.versions?.bun ? `bun ${globalThis.process.versions.bun}`
  : globalThis.process?.version ? `node ${globalThis.process.version}`
  : "jsc";

const lowererBytes = readBytes(`${decodeURIComponent(here)}/../polymem-lower.wasm`);
let started = now();
const lowerer = await WebAssembly.compile(lowererBytes);
print(`${engine}: polymem-lower.wasm ${lowererBytes.length} bytes, compiled in ${(now() - started).toFixed(1)} ms`);

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
print("\n| module | memories | bytes in | bytes out | first lower() (ms) | median lower() (ms) |");
print("| --- | --- | --- | --- | --- | --- |");
for (const file of args) {
  const bytes = readBytes(file);
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
  print(`| ${file.replace(/.*\//, "")} | ${memories} | ${bytes.length} | ${out.length} | ${first.toFixed(2)} | ${median(times).toFixed(2)} |`);
}
