// Browser lanes: Chromium (V8), Firefox ESR (SpiderMonkey) and WebKitGTK's MiniBrowser
// (JavaScriptCore, without multi-memory). Each lane serves the package and the spec data on
// 127.0.0.1, loads test/browser/suite.html, which runs the suites through the package and posts
// its counts, then drives the demo page through the bundled example and saves a screenshot to
// test/build/screenshots/<lane>.png.
//
// Suites per lane (counted by command): `spec` (the 41 multi-memory spec scripts, mode "auto"),
// `spec-lowered` (the same, mode "lowered"; native browsers only: on WebKit auto already lowers),
// `lowering-scripts` (crates/transform/tests/wast, mode "lowered"), `auto-path` (one check: the
// multiMemory() probe says native on Chromium/Firefox and not on WebKit, auto mode took that
// path for the demo's three-memory example given as a streamed Response, and for every spec
// instantiation the runner reports), `programs` (test/fixtures: the wasm-bindgen and Emscripten
// programs through their unmodified glue, in auto mode and, on native browsers, lowered;
// one command per program and mode), `demo` (the demo page's example gives the
// expected result, on the lowered path).

import { existsSync } from "node:fs";
import { mkdir, readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { startServer } from "../browser/server.mjs";
import { launchChromium, launchFirefox, launchWebKit } from "../browser/drivers.mjs";
import { checkDemo } from "../browser/demo-check.mjs";

// Where dump_spec (run by `npm run build`) puts each suite's scripts inside the spec data dir.
const SPEC_SUBDIR = "original";
const LOWERING_SCRIPTS_SUBDIR = "lowering-scripts";
// Generous for the slowest lane (WebKit lowers every module in the page); a hang ends here.
const SUITE_TIMEOUT_MS = 150_000;

const WEBKIT_DIR = "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1";

async function scriptsIn(dir) {
  if (!existsSync(dir)) return null;
  const entries = await readdir(dir, { withFileTypes: true });
  return entries.filter((e) => e.isDirectory()).map((e) => e.name).sort();
}

// What the page may run: every suite of the spec data dir, with its mode.
async function manifestFor(specDir) {
  const spec = await scriptsIn(join(specDir, SPEC_SUBDIR));
  const own = await scriptsIn(join(specDir, LOWERING_SCRIPTS_SUBDIR));
  const suites = {};
  if (spec) {
    suites.spec = { base: `/spec/${SPEC_SUBDIR}/`, scripts: spec, mode: "auto" };
    suites["spec-lowered"] = { base: `/spec/${SPEC_SUBDIR}/`, scripts: spec, mode: "lowered" };
  }
  if (own) {
    suites["lowering-scripts"] = { base: `/spec/${LOWERING_SCRIPTS_SUBDIR}/`, scripts: own, mode: "lowered" };
  }
  return { suites };
}

// A missing engine skips the lane, except under CI=true, where every lane must run.
function missing(name, engine, why) {
  if (process.env.CI === "true") throw new Error(`${name}: ${why} (CI=true: every lane must run)`);
  return { engine, version: "-", suites: {}, skipped: why };
}

function moduleInstalled(root, name) {
  return existsSync(join(root, "node_modules", name, "package.json"));
}

function browserLane({ name, engine, native, suites, launcher, requirements }) {
  return {
    name,
    async run(ctx) {
      const log = ctx.log ?? console.log;
      const why = requirements(ctx.root);
      if (why) return missing(name, engine, why);

      const manifest = await manifestFor(ctx.specDir);
      const server = await startServer({ mounts: { "/": ctx.root, "/spec/": ctx.specDir }, manifest });
      const started = Date.now();
      let browser;
      try {
        browser = await launcher({ log });
        log(`${name}: ${browser.version}`);
        const key = `${name}-${Date.now()}`;
        const programModes = native ? "auto,lowered" : "auto";
        await browser.goto(
          `${server.origin}/test/browser/suite.html?key=${key}&suites=${suites.join(",")}&programModes=${programModes}`,
        );
        const report = await server.report(key, SUITE_TIMEOUT_MS);
        if (report.error) throw new Error(`the suite page failed: ${report.error}`);

        const results = {};
        for (const suite of suites) {
          const r = report.suites?.[suite] ?? { passed: 0, failed: 1, failures: ["the page reported nothing"] };
          results[suite] = { passed: r.passed, failed: r.failed };
          const paths = Object.keys(r.paths ?? {}).length ? ` paths ${JSON.stringify(r.paths)}` : "";
          log(`  ${suite}: ${r.passed} passed, ${r.failed} failed in ${((r.ms ?? 0) / 1000).toFixed(1)} s${paths}`);
          for (const line of r.failures ?? []) log(`    FAIL ${line}`);
          for (const line of r.skipped ?? []) log(`    skipped ${line}`);
        }
        log(`  probes: ${JSON.stringify(report.probes)}`);
        results["auto-path"] = autoPathCheck(name, native, report, log);

        const screenshots = join(ctx.root, "test", "build", "screenshots");
        await mkdir(screenshots, { recursive: true });
        // The demo's example.wasm is built from this file (demo/make-example.mjs).
        const wat = await readFile(join(ctx.root, "..", "..", "examples", "multi-memory.wat"), "utf8");
        results.demo = await checkDemo({
          browser,
          url: `${server.origin}/demo/index.html`,
          forceLowering: native,
          wat,
          screenshot: join(screenshots, `${name}.png`),
          log,
        });
        log(`  ${name} lane: ${((Date.now() - started) / 1000).toFixed(1)} s`);
        return { engine, version: browser.version, suites: results };
      } finally {
        await browser?.close().catch((e) => log(`  closing ${name}: ${e.message}`));
        await server.close();
      }
    },
  };
}

// One command: the probe and the path auto mode took agree with what this browser is.
function autoPathCheck(name, native, report, log) {
  const expected = native ? "native" : "lowered";
  const problems = [];
  if (report.probes.multiMemory !== native) {
    problems.push(`multiMemory() is ${report.probes.multiMemory}, expected ${native}`);
  }
  if (report.autoPath !== expected) {
    problems.push(`auto mode instantiated the demo's example ${report.autoPath}, expected ${expected}`);
  }
  const paths = report.suites.spec?.paths ?? {};
  const other = native ? "lowered" : "native";
  if (paths[other]) problems.push(`auto mode took the ${other} path ${paths[other]} times`);
  for (const p of problems) log(`    FAIL auto-path (${name}): ${p}`);
  if (!problems.length) log(`  auto-path: ${expected}`);
  return { passed: problems.length ? 0 : 1, failed: problems.length ? 1 : 0 };
}

const CHROMIUM = "/usr/bin/chromium";
const FIREFOX = "/usr/bin/firefox-esr";
const WEBKIT_DRIVER = "/usr/bin/WebKitWebDriver";
const MINIBROWSER = `${WEBKIT_DIR}/MiniBrowser`;

function whichXvfbRun() {
  return ["/usr/bin/xvfb-run", "/bin/xvfb-run"].some(existsSync);
}

export const lanes = [
  browserLane({
    name: "chromium",
    engine: "chromium",
    native: true,
    suites: ["spec", "spec-lowered", "lowering-scripts", "programs"],
    requirements: (root) =>
      !existsSync(CHROMIUM) ? `${CHROMIUM} is not installed (Debian package chromium)`
      : !moduleInstalled(root, "playwright-core") ? "playwright-core is not installed (npm ci)"
      : null,
    launcher: ({ log }) => launchChromium({ executablePath: CHROMIUM, log }),
  }),
  browserLane({
    name: "firefox",
    engine: "firefox-esr",
    native: true,
    suites: ["spec", "spec-lowered", "lowering-scripts", "programs"],
    requirements: (root) =>
      !existsSync(FIREFOX) ? `${FIREFOX} is not installed (Debian package firefox-esr)`
      : !moduleInstalled(root, "puppeteer-core") ? "puppeteer-core is not installed (npm ci)"
      : null,
    launcher: ({ log }) => launchFirefox({ executablePath: FIREFOX, log }),
  }),
  browserLane({
    name: "webkit",
    engine: "webkitgtk-minibrowser",
    native: false,
    suites: ["spec", "lowering-scripts", "programs"],
    requirements: () =>
      !existsSync(WEBKIT_DRIVER) ? `${WEBKIT_DRIVER} is not installed (Debian package webkit2gtk-driver)`
      : !existsSync(MINIBROWSER) ? `${MINIBROWSER} is not installed (Debian package libwebkit2gtk-4.1-0)`
      : !whichXvfbRun() && !process.env.DISPLAY ? "no X display and no xvfb-run (Debian package xvfb)"
      : null,
    launcher: ({ log }) =>
      launchWebKit({ driverPath: WEBKIT_DRIVER, browserPath: MINIBROWSER, useXvfb: whichXvfbRun(), log }),
  }),
];
