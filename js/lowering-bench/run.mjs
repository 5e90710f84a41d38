// node js/lowering-bench/run.mjs [--quick] [--engines=node20,jsc,chromium,firefox,webkit,node26,polymem]
//   [--check-forms=branch,helpers-outside-loops,helpers] [--workloads=chase,stream]
//   [--baseline=/path/to/an/older/polymem] [--rounds=N]
//
// Times every workload of workloads.mjs in four forms (native multi-memory, lowered by polymem,
// the hand-merged single-memory twin, Binaryen's --multi-memory-lowering) on each engine, checks
// the forms' results equal call by call, and prints a markdown table per engine with the ratios
// and their geometric means. Artifacts and results.json go to js/lowering-bench/out/.
// --check-forms adds, per listed `polymem lower --checks` value, a form lowered with it (timed in
// the same interleaved rounds) and a table of their times against the default lowering's;
// --baseline adds a form lowered by another `polymem` binary (e.g. built from the commit before
// a change: before and after side by side; with the workload's own `lower` arguments) to that
// table.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { WORKLOADS as ALL_WORKLOADS, FORMS } from "./workloads.mjs";
import { ENGINES } from "./engines.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../..");
const out = join(here, "out");
const target = process.env.CARGO_TARGET_DIR ?? join(root, "target/lowering-bench");
const argv = process.argv.slice(2);
const quick = argv.includes("--quick");
const rounds = Number(argv.find((a) => a.startsWith("--rounds="))?.slice("--rounds=".length)) || undefined;
const only = argv.find((a) => a.startsWith("--engines="))?.slice("--engines=".length).split(",");
const pick = argv.find((a) => a.startsWith("--workloads="))?.slice("--workloads=".length).split(",");
const WORKLOADS = ALL_WORKLOADS.filter((w) => !pick || pick.includes(w.name));
const checkForms = argv.find((a) => a.startsWith("--check-forms="))?.slice("--check-forms=".length)
  .split(",") ?? [];
const baseline = argv.find((a) => a.startsWith("--baseline="))?.slice("--baseline=".length);
// The forms compared with the default lowering in the second table (lowered the same way).
const extraForms = [...checkForms.map((c) => `lowered-${c}`), ...(baseline ? ["baseline"] : [])];

function sh(cmd, args, options = {}) {
  const r = spawnSync(cmd, args, { cwd: root, encoding: "utf8", maxBuffer: 1 << 28, ...options });
  if (r.error) throw new Error(`${cmd}: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} exited ${r.status}:\n${r.stderr}`);
  return r.stdout;
}

// Compiles the kernels, lowers them with polymem and with Binaryen; returns the forms' files.
function build() {
  mkdirSync(out, { recursive: true });
  const wat2wasm = join(target, "debug/examples/wat2wasm");
  const polymem = join(target, "release/polymem");
  for (const tool of [wat2wasm, polymem]) {
    if (!existsSync(tool)) throw new Error(`missing ${tool}: see README.md (Build)`);
  }
  const wats = [...new Set(WORKLOADS.flatMap((w) => [w.multi, w.single]))];
  sh(wat2wasm, [...wats, out]);
  const wasmOpt = join(root, "js/binaryen-compare/node_modules/.bin/wasm-opt");
  const files = {};
  for (const w of WORKLOADS) {
    const stem = (p) => join(out, basename(p, ".wat"));
    const native = `${stem(w.multi)}.wasm`;
    files[w.name] = { native, single: `${stem(w.single)}.wasm`, lowered: `${stem(w.multi)}.lowered.wasm` };
    const args = w.lower ?? [];
    sh(polymem, ["lower", native, ...args, "-o", files[w.name].lowered]);
    for (const c of checkForms) {
      files[w.name][`lowered-${c}`] = `${stem(w.multi)}.lowered-${c}.wasm`;
      sh(polymem, ["lower", native, ...args, "--checks", c, "-o", files[w.name][`lowered-${c}`]]);
    }
    if (baseline) {
      files[w.name].baseline = `${stem(w.multi)}.baseline.wasm`;
      sh(resolve(baseline), ["lower", native, ...args, "-o", files[w.name].baseline]);
    }
    if (existsSync(wasmOpt)) {
      files[w.name].binaryen = `${stem(w.multi)}.binaryen.wasm`;
      sh(wasmOpt, [native, "--enable-multimemory", "--enable-bulk-memory", "--multi-memory-lowering",
        "-o", files[w.name].binaryen]);
    }
  }
  return { files, polymem, binaryen: existsSync(wasmOpt) };
}

function geomean(values) {
  const v = values.filter((x) => Number.isFinite(x));
  return v.length ? Math.exp(v.reduce((s, x) => s + Math.log(x), 0) / v.length) : NaN;
}

const fmt = (x, digits = 2) => (Number.isFinite(x) ? x.toFixed(digits) : "n/a");

function table(engine, rows) {
  const lines = [`#### ${engine.label}`, "",
    "| workload | native ms | lowered ms | single ms | binaryen ms | lowered/single | lowered/native | binaryen/single | results |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |"];
  const ratios = { ls: [], ln: [], bs: [] };
  for (const w of WORKLOADS) {
    const r = Object.fromEntries(rows.filter((x) => x.workload === w.name).map((x) => [x.form, x]));
    const ms = (f) => (r[f] && Number.isFinite(r[f].ms) ? r[f].ms : NaN);
    const ls = ms("lowered") / ms("single");
    const ln = ms("lowered") / ms("native");
    const bs = ms("binaryen") / ms("single");
    ratios.ls.push(ls); ratios.ln.push(ln); ratios.bs.push(bs);
    const ran = [...FORMS, ...extraForms].filter((f) => r[f]?.results);
    const same = ran.every((f) => JSON.stringify(r[f].results) === JSON.stringify(r[ran[0]].results));
    const errors = FORMS.filter((f) => r[f]?.error).map((f) => `${f}: ${r[f].error}`);
    const check = errors.length ? errors.join("; ") : same ? `equal (${ran.length} forms)` : "DIFFER";
    if (errors.length || !same) failures.push(`${engine.name} ${w.name}: ${check}`);
    lines.push(`| ${w.name} | ${fmt(ms("native"), 1)} | ${fmt(ms("lowered"), 1)} | ${fmt(ms("single"), 1)} | ${fmt(ms("binaryen"), 1)} | ${fmt(ls)} | ${fmt(ln)} | ${fmt(bs)} | ${check} |`);
  }
  lines.push(`| **geometric mean** | | | | | **${fmt(geomean(ratios.ls))}** | **${fmt(geomean(ratios.ln))}** | **${fmt(geomean(ratios.bs))}** | |`);
  if (extraForms.length) lines.push("", ...checkFormTable(rows));
  return lines.join("\n");
}

// The default lowering's times against those of the --check-forms and --baseline lowerings,
// same rounds.
function checkFormTable(rows) {
  const lines = [`| workload | lowered ms | ${extraForms.map((c) => `${c} ms`).join(" | ")} | ${extraForms.map((c) => `${c}/lowered`).join(" | ")} |`,
    `| --- | ---: |${" ---: |".repeat(2 * extraForms.length)}`];
  const ratios = extraForms.map(() => []);
  for (const w of WORKLOADS) {
    const ms = (f) => rows.find((x) => x.workload === w.name && x.form === f)?.ms ?? NaN;
    const base = ms("lowered");
    const each = extraForms.map((f) => ms(f));
    each.forEach((x, i) => ratios[i].push(x / base));
    lines.push(`| ${w.name} | ${fmt(base, 1)} | ${each.map((x) => fmt(x, 1)).join(" | ")} | ${each.map((x) => fmt(x / base)).join(" | ")} |`);
  }
  lines.push(`| **geometric mean** | |${" |".repeat(extraForms.length)} ${ratios.map((r) => `**${fmt(geomean(r))}**`).join(" | ")} |`);
  return lines;
}

// Forms whose results differ or that failed: the run exits 1 after printing everything.
const failures = [];
const built = build();
// The lowering measured is the one in the polymem binary: name its commit when it was built elsewhere.
const commit = process.env.LOWERING_COMMIT ?? sh("git", ["rev-parse", "--short", "HEAD"]).trim();
const report = [`polymem (the lowering) built from commit ${commit}${quick ? ", --quick" : ""}, ${new Date().toISOString()}`];
const all = {};
for (const engine of ENGINES) {
  if (only && !only.includes(engine.name)) continue;
  const why = engine.missing();
  if (why) {
    console.log(`SKIP ${engine.name}: ${why}`);
    report.push(`SKIP ${engine.name}: ${why}`);
    continue;
  }
  const started = Date.now();
  let rows;
  try {
    rows = await engine.run(built, { quick, rounds, WORKLOADS, FORMS, root, out });
  } catch (error) {
    console.log(`FAIL ${engine.name}: ${error.message}`);
    failures.push(`${engine.name}: ${error.message.split("\n")[0]}`);
    report.push(`FAIL ${engine.name}: ${error.message.split("\n")[0]}`);
    continue;
  }
  all[engine.name] = rows;
  const text = `${table(engine, rows)}\n\n(${engine.name}: ${((Date.now() - started) / 1000).toFixed(0)} s, ${engine.version()})`;
  console.log(`${text}\n`);
  report.push(text);
}
writeFileSync(join(out, "results.json"), JSON.stringify({ commit, quick, all }, null, 1));
writeFileSync(join(out, "report.md"), `${report.join("\n\n")}\n`);
if (failures.length) {
  console.log(`FAILED:\n${failures.join("\n")}`);
  process.exitCode = 1;
}
