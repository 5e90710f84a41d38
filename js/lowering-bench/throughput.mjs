// node js/lowering-bench/throughput.mjs [--rounds=N] [--only=large]
//
// Issue 8 items 5 and 6: how fast `polymem lower` (the release CLI) lowers a module compared
// with Binaryen's `wasm-opt --multi-memory-lowering` (Binaryen 132 from npm), and how large
// both outputs are. Inputs: the benchmark kernels (workloads.mjs), the wasm-bindgen program
// fixture (js/polymem/test/build, when `npm run build --prefix js/polymem` has built it) and the
// large module (large/out/large.wasm, built by large/build.mjs). The two tools run in turn,
// input after input, round after round (one warm-up round first), so a load spike hits both;
// each figure is the best of the rounds: wall time and CPU time (user + sys), and the ratios wasm-opt / polymem (above 1: polymem is faster). Also the input
// size, polymem's output size and its ratio to the input (item 5's target: at most 1.5x), and
// Binaryen's output size for reference. Outputs go to out/throughput/ (git-ignored); the table
// is printed and written to out/throughput.md.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { WORKLOADS } from "./workloads.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../..");
const out = join(here, "out", "throughput");
const target = process.env.CARGO_TARGET_DIR ?? join(root, "target/lowering-bench");
const argv = process.argv.slice(2);
const rounds = Number(argv.find((a) => a.startsWith("--rounds="))?.slice(9) ?? 5);
const only = argv.find((a) => a.startsWith("--only="))?.slice(7);
const polymem = join(target, "release/polymem");
const wat2wasm = join(target, "debug/examples/wat2wasm");
const wasmOpt = join(root, "js/binaryen-compare/node_modules/.bin/wasm-opt");
// The features a Rust program for wasm32-unknown-unknown uses (Rust 1.95's defaults), beside
// the two the lowering needs; enabling them changes nothing in the kernels' lowering.
const BINARYEN_FLAGS = ["--enable-multimemory", "--enable-bulk-memory",
  "--enable-nontrapping-float-to-int", "--enable-sign-ext", "--enable-mutable-globals",
  "--enable-multivalue", "--enable-reference-types", "--multi-memory-lowering"];

for (const [tool, how] of [[polymem, "cargo build --release -p polymem-cli"], [wasmOpt, "npm ci --prefix js/binaryen-compare"]]) {
  if (!existsSync(tool)) {
    console.error(`missing ${tool}: ${how} (see README.md)`);
    process.exit(1);
  }
}

function inputs() {
  mkdirSync(out, { recursive: true });
  const list = [];
  if (existsSync(wat2wasm)) {
    const wats = [...new Set(WORKLOADS.map((w) => w.multi))];
    const r = spawnSync(wat2wasm, [...wats.map((w) => join(root, w)), out], { encoding: "utf8" });
    if (r.status !== 0) throw new Error(`wat2wasm: ${r.stderr}`);
    for (const w of wats) list.push({ name: basename(w, ".wat"), file: join(out, `${basename(w, ".wat")}.wasm`) });
  } else {
    console.log(`SKIP kernels: no ${wat2wasm} (cargo build -p polymem-lower-wasm --example wat2wasm)`);
  }
  const bindgen = join(root, "js/polymem/test/build/bindgen/polymem_fixture_app_bg.wasm");
  if (existsSync(bindgen)) list.push({ name: "bindgen fixture", file: bindgen });
  else console.log("SKIP bindgen fixture: not built (npm run build --prefix js/polymem)");
  const large = join(here, "large/out/large.wasm");
  if (existsSync(large)) list.push({ name: "large", file: large });
  else console.log("SKIP large: not built (node js/lowering-bench/large/build.mjs)");
  return only ? list.filter((i) => i.name === only) : list;
}

/** Runs `cmd`; returns wall milliseconds (around the spawn) and CPU milliseconds (user + sys of
 * the command and its children, from bash's `times`, to the millisecond). */
function timed(cmd, args) {
  const script = '"$@" >/dev/null || exit $?; times';
  const t = process.hrtime.bigint();
  const r = spawnSync("bash", ["-c", script, "bash", cmd, ...args], { encoding: "utf8", maxBuffer: 1 << 26 });
  const wall = Number(process.hrtime.bigint() - t) / 1e6;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} exited ${r.status}:\n${r.stderr.slice(-2000)}`);
  // `times` prints the shell's own user/sys, then its children's: "0m0.412s 0m0.031s".
  const seconds = (m) => Number(m[1]) * 60 + Number(m[2]);
  const children = [...r.stdout.trim().split("\n").pop().matchAll(/(\d+)m([\d.]+)s/g)];
  return { wall, cpu: (seconds(children[0]) + seconds(children[1])) * 1000 };
}

const tools = {
  polymem: (input, output) => [polymem, ["lower", input, "-o", output]],
  binaryen: (input, output) => [wasmOpt, [input, ...BINARYEN_FLAGS, "-o", output]],
};

const list = inputs();
const best = new Map();
const started = Date.now();
for (let round = 0; round <= rounds; round++) {
  for (const input of list) {
    for (const [tool, command] of Object.entries(tools)) {
      const output = join(out, `${input.name.replace(/ /g, "-")}.${tool}.wasm`);
      const t = timed(...command(input.file, output));
      if (round === 0) continue; // warm-up: page cache, Node's compile cache
      const key = `${input.name}/${tool}`;
      const b = best.get(key) ?? { wall: Infinity, cpu: Infinity, output };
      best.set(key, { wall: Math.min(b.wall, t.wall), cpu: Math.min(b.cpu, t.cpu), output });
    }
  }
}
// wasm-opt is a Node program (Binaryen compiled to Wasm): its fixed start-up cost, for scale.
let startup = Infinity;
for (let round = 0; round < rounds; round++) startup = Math.min(startup, timed(wasmOpt, ["--version"]).wall);

const kb = (bytes) => (bytes >= 1e6 ? `${(bytes / 1e6).toFixed(2)} MB` : `${(bytes / 1e3).toFixed(1)} KB`);
const ms = (x) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));
const lines = [
  `rounds: ${rounds} (+1 warm-up), best of each; ${new Date().toISOString()}; wasm-opt start-up (--version): ${ms(startup)} ms wall`,
  "",
  "| input | input size | polymem ms wall / cpu | wasm-opt ms wall / cpu | wasm-opt/polymem wall | cpu | polymem output | ratio | Binaryen output | ratio |",
  "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
];
for (const input of list) {
  const p = best.get(`${input.name}/polymem`);
  const b = best.get(`${input.name}/binaryen`);
  const size = statSync(input.file).size;
  const [ps, bs] = [statSync(p.output).size, statSync(b.output).size];
  lines.push(`| ${input.name} | ${kb(size)} | ${ms(p.wall)} / ${ms(p.cpu)} | ${ms(b.wall)} / ${ms(b.cpu)} | ` +
    `${(b.wall / p.wall).toFixed(1)}x | ${(b.cpu / p.cpu).toFixed(1)}x | ${kb(ps)} | ${(ps / size).toFixed(2)}x | ` +
    `${kb(bs)} | ${(bs / size).toFixed(2)}x |`);
}
lines.push("", `(${((Date.now() - started) / 1000).toFixed(0)} s; polymem: ${polymem}; ${spawnSync(wasmOpt, ["--version"], { encoding: "utf8" }).stdout.trim()})`);
console.log(lines.join("\n"));
writeFileSync(join(here, "out", "throughput.md"), `${lines.join("\n")}\n`);
