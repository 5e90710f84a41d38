// Compares polymem's `lower_memories` with Binaryen's two multi-memory lowering passes on the
// 41 multi-memory spec scripts, on this Node (20 has no multi-memory). See README.md.
//
//   npm ci --prefix js/binaryen-compare && node js/binaryen-compare/compare.mjs [DUMP_DIR]
//
// Without DUMP_DIR it runs `cargo run -p polymem-transform --example dump_spec` into a
// temporary directory first. Every lowering's modules go through the same command lists and the
// same runner as crates/transform/tests/node_spec.rs (js/lowered-runner/run.mjs, whose command
// semantics are js/polymem/test/spec-commands.js, shared with the web package's lanes).

import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { runCommands } from "../lowered-runner/run.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "../..");
const version = createRequire(import.meta.url)("binaryen/package.json").version;
const wasmOpt = join(here, "node_modules/binaryen/bin/wasm-opt");
// A Binaryen abort (a failed assertion) leaves its instance unusable, so after any exception
// the next module gets a fresh instance (a new import of the same file).
const binaryenUrl = pathToFileURL(createRequire(import.meta.url).resolve("binaryen")).href;
let binaryen = null;
let instances = 0;
async function freshBinaryen() {
  binaryen = (await import(`${binaryenUrl}?instance=${++instances}`)).default;
}
// What Node 20 runs, plus multi-memory: Features.All would let Binaryen pick newer encodings
// (e.g. of imports) that Node 20 cannot decode, which is not what is being compared.
const NODE20 = () =>
  binaryen.Features.MVP |
  binaryen.Features.MutableGlobals |
  binaryen.Features.NontrappingFPToInt |
  binaryen.Features.SignExt |
  binaryen.Features.BulkMemory |
  binaryen.Features.BulkMemoryOpt |
  binaryen.Features.ReferenceTypes |
  binaryen.Features.Multivalue |
  binaryen.Features.SIMD128 |
  binaryen.Features.MultiMemory;
const ALL = process.env.BINARYEN_FEATURES === "all";
const FEATURES = ALL ? () => binaryen.Features.All : NODE20;
const CLI_FEATURES = ALL
  ? ["--all-features"]
  : ["mutable-globals", "nontrapping-float-to-int", "sign-ext", "bulk-memory", "bulk-memory-opt",
     "reference-types", "multivalue", "simd", "multimemory"].map((f) => `--enable-${f}`);

let dump = process.argv[2];
if (!dump) {
  dump = mkdtempSync(join(tmpdir(), "polymem-binaryen-"));
  const cargo = spawnSync(
    "cargo",
    ["run", "-q", "-p", "polymem-transform", "--example", "dump_spec", "--", dump],
    { cwd: root, stdio: "inherit" },
  );
  if (cargo.status !== 0) process.exit(1);
}
const scripts = readdirSync(join(dump, "original")).sort();

// Binaryen's Fatal() text is not reachable through the JS API (it throws an opaque C++
// exception), so a module the API fails on is lowered again by the same package's wasm-opt to
// read the message.
function fatalMessage(file, pass) {
  const r = spawnSync(process.execPath, [wasmOpt, ...CLI_FEATURES, `--${pass}`, file, "-o", "/dev/null"], {
    encoding: "utf8",
  });
  const text = `${r.stdout}\n${r.stderr}`;
  const fatal = text.match(/Fatal: (.*)/) ?? text.match(/(Assertion failed: [^,]*)/);
  if (fatal) return fatal[1].trim();
  return r.status === 0 ? "exception in binaryen.js (wasm-opt succeeds)" : `wasm-opt exit ${r.status}`;
}

async function lowerWithBinaryen(bytes, file, pass) {
  let module;
  try {
    module = binaryen.readBinary(bytes);
    module.setFeatures(FEATURES());
    module.runPasses([pass]);
    if (!module.validate()) return { error: "output fails Binaryen's validator" };
    return { bytes: module.emitBinary() };
  } catch {
    await freshBinaryen();
    return { error: fatalMessage(file, pass) };
  } finally {
    try {
      module?.dispose();
    } catch {}
  }
}

// How a FAIL line of the runner reads, for the breakdown.
function failureKind(line) {
  if (line.includes("lowering failed:")) return "module not lowered";
  if (line.includes("no instance")) return "command on a module that was not lowered";
  if (line.includes("CompileError")) return "lowered module rejected by Node 20";
  if (/expected trap ".*", got "/.test(line)) return "trap, but with another message";
  if (line.includes("but it succeeded")) return "missing trap";
  if (/assert_return: unexpected exception: RuntimeError/.test(line)) return "trap where a result was expected";
  if (/unexpected exception: LinkError/.test(line)) return "link error";
  if (line.includes("assert_return")) return "wrong result";
  return "other";
}

async function runMode(name, dirOf) {
  let passed = 0;
  let failed = 0;
  const kinds = {};
  const errors = {}; // Binaryen error message -> { modules, commands }
  for (const script of scripts) {
    const dir = dirOf(script);
    const lines = [];
    const result = await runCommands(dir, { log: (l) => lines.push(l), clearOnModuleFailure: true });
    passed += result.passed;
    failed += result.failed;
    let lastError = null;
    for (const line of lines) {
      const kind = failureKind(line);
      kinds[kind] = (kinds[kind] ?? 0) + 1;
      const m = line.match(/lowering failed: (.*)$/);
      if (m) {
        lastError = m[1];
        errors[lastError] ??= { modules: 0, commands: 0 };
        errors[lastError].modules++;
        errors[lastError].commands++;
      } else if (kind === "command on a module that was not lowered" && lastError) {
        errors[lastError].commands++;
      }
      if (process.env.VERBOSE) console.log(`  ${name} ${script}: ${line}`);
    }
  }
  return { name, passed, failed, total: passed + failed, kinds, errors };
}

await freshBinaryen();
const results = [];
for (const pass of ["multi-memory-lowering", "multi-memory-lowering-with-bounds-checks"]) {
  for (const script of scripts) {
    const from = join(dump, "original", script);
    const to = join(dump, pass, script);
    mkdirSync(to, { recursive: true });
    const { commands } = JSON.parse(readFileSync(join(from, "commands.json"), "utf8"));
    for (const cmd of commands) {
      if (!cmd.file) continue;
      const lowered = await lowerWithBinaryen(readFileSync(join(from, cmd.file)), join(from, cmd.file), pass);
      if (lowered.bytes) {
        writeFileSync(join(to, cmd.file), lowered.bytes);
      } else {
        delete cmd.file;
        cmd.error = `binaryen: ${lowered.error}`;
      }
    }
    writeFileSync(join(to, "commands.json"), JSON.stringify({ commands }));
  }
  results.push(await runMode(`Binaryen \`--${pass}\``, (s) => join(dump, pass, s)));
}
results.push(await runMode("polymem `lower_memories`", (s) => join(dump, "polymem", s)));

const pct = (r) => ((100 * r.passed) / r.total).toFixed(1);
console.log(`Binaryen ${version} (binaryen.js), Node ${process.versions.node}, ${scripts.length} scripts\n`);
console.log("| lowering | commands passed | % |");
console.log("| --- | --- | --- |");
for (const r of results) console.log(`| ${r.name} | ${r.passed} / ${r.total} | ${pct(r)} |`);
for (const r of results) {
  if (!r.failed) continue;
  console.log(`\n${r.name}: failures by kind`);
  for (const [k, n] of Object.entries(r.kinds).sort((a, b) => b[1] - a[1])) console.log(`- ${k}: ${n}`);
  const errs = Object.entries(r.errors).sort((a, b) => b[1].commands - a[1].commands);
  if (errs.length) console.log(`\n${r.name}: modules not lowered, by Binaryen error`);
  for (const [e, c] of errs) console.log(`- \`${e}\`: ${c.modules} modules, ${c.commands} commands`);
}
const ours = results.at(-1);
if (ours.failed) {
  console.error(`polymem failed ${ours.failed} commands`);
  process.exit(1);
}
