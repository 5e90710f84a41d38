// Browser lanes: Chromium (V8), Firefox ESR (SpiderMonkey) and WebKitGTK's MiniBrowser
// (JavaScriptCore, without multi-memory). Each lane serves the package and the spec data on
// 127.0.0.1, loads test/browser/suite.html, which runs the suites through the package and posts
// its counts, then drives the demo page through the bundled example and saves a screenshot to
// test/build/screenshots/<lane>.png.
//
// Suites per lane (counted by command):
// - `spec`: the 41 multi-memory spec scripts, mode "auto";
// - `spec-lowered`: the same in mode "lowered" (Chromium and Firefox; on WebKit auto mode
//   already lowers every module that has more than one memory);
// - `lowering-scripts`: crates/transform/tests/wast, mode "lowered";
// - `simd-accesses`: the SIMD spec files with memory accesses, an unused memory added to each
//   module so that lowering rewrites every v128 access, mode "lowered" (dump_spec);
// - `programs` / `programs-lowered`: test/fixtures' wasm-bindgen and Emscripten programs through
//   their unmodified glue, mode "auto" / "lowered" (the latter on Chromium and Firefox), one
//   command per program, as in the engine lanes;
// - `auto-choice`: the multiMemory() probe is true on Chromium/Firefox and false on WebKit, auto
//   mode takes the matching path for the demo's example given as a streamed Response, and lowers
//   exactly the spec modules the browser cannot run (autoChoiceCheck);
// - `demo`: the demo page lowers and runs its example and shows the expected result.

import { existsSync } from "node:fs";
import { mkdir, readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { startServer } from "../browser/server.mjs";
import { launchChromium, launchFirefox, launchWebKit } from "../browser/drivers.mjs";
import { checkDemo } from "../browser/demo-check.mjs";
import { checkServer } from "../browser/server-check.mjs";

// Where dump_spec (run by `npm run build`) puts each suite's scripts inside the spec data dir.
const SPEC_SUBDIR = "original";
const LOWERING_SCRIPTS_SUBDIR = "lowering-scripts";
const SIMD_ACCESSES_SUBDIR = "simd-accesses";
// Time limits that keep a lane whose page hangs near three minutes. The suite page's limit is
// for all its suites together (a normal run takes 10-40 s, most of it the program fixtures);
// the demo check normally takes a few seconds.
const SUITE_TIMEOUT_MS = 120_000;
const DEMO_TIMEOUT_MS = 45_000;

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
  const simd = await scriptsIn(join(specDir, SIMD_ACCESSES_SUBDIR));
  const suites = {};
  if (spec) {
    suites.spec = { base: `/spec/${SPEC_SUBDIR}/`, scripts: spec, mode: "auto" };
    suites["spec-lowered"] = { base: `/spec/${SPEC_SUBDIR}/`, scripts: spec, mode: "lowered" };
  }
  if (own) {
    suites["lowering-scripts"] = { base: `/spec/${LOWERING_SCRIPTS_SUBDIR}/`, scripts: own, mode: "lowered" };
  }
  if (simd) {
    suites["simd-accesses"] = { base: `/spec/${SIMD_ACCESSES_SUBDIR}/`, scripts: simd, mode: "lowered" };
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
        await browser.goto(`${server.origin}/test/browser/suite.html?key=${key}&suites=${suites.join(",")}`);
        const report = await collectReports(server, browser, key, Date.now() + SUITE_TIMEOUT_MS);
        if (!report.probes) throw new Error(`the suite page failed: ${report.error ?? report.stopped}`);

        const results = {};
        for (const suite of suites) {
          const r = report.suites[suite] ?? {
            passed: 0,
            failed: 1,
            failures: [`not reported: ${report.error ?? report.stopped}`],
          };
          results[suite] = { passed: r.passed, failed: r.failed, ...(r.expected ? { expected: r.expected } : {}) };
          const paths = Object.keys(r.paths ?? {}).length ? ` paths ${JSON.stringify(r.paths)}` : "";
          log(`  ${suite}: ${r.passed} passed, ${r.failed} failed in ${((r.ms ?? 0) / 1000).toFixed(1)} s${paths}`);
          for (const line of r.failures ?? []) log(`    FAIL ${line}`);
          for (const line of r.skipped ?? []) log(`    skipped ${line}`);
          // The engine lanes' rule: unbuilt fixtures are skipped, except under CI=true.
          if (r.skipped?.length && process.env.CI === "true") {
            throw new Error(`${name} ${suite}: fixtures not built (${r.skipped.join("; ")}) (CI=true: everything must run)`);
          }
          for (const line of r.expectedLines ?? []) log(`    expected failure ${line}`);
        }
        log(`  probes: ${JSON.stringify(report.probes)}`);
        results["auto-choice"] = autoChoiceCheck(native, report, log);

        // A page that never finished may still hold the browser's main thread: start afresh.
        if (report.stopped) {
          await browser.close().catch((e) => log(`  closing ${name}: ${e.message}`));
          browser = await launcher({ log });
        }

        const screenshots = join(ctx.root, "test", "build", "screenshots");
        await mkdir(screenshots, { recursive: true });
        // The demo's example.wasm is built from this file (demo/make-example.mjs).
        const wat = await readFile(join(ctx.root, "..", "..", "examples", "multi-memory.wat"), "utf8");
        const demo = checkDemo({
          browser,
          url: `${server.origin}/demo/index.html`,
          forceLowering: native,
          wat,
          screenshot: join(screenshots, `${name}.png`),
          log,
        });
        let timer;
        const demoTimeout = new Promise((ok) => {
          timer = setTimeout(() => {
            log(`    FAIL demo: no answer within ${DEMO_TIMEOUT_MS / 1000} s`);
            ok({ passed: 0, failed: 1 });
          }, DEMO_TIMEOUT_MS);
        });
        results.demo = await Promise.race([demo, demoTimeout]);
        clearTimeout(timer);
        log(`  ${name} lane: ${((Date.now() - started) / 1000).toFixed(1)} s`);
        return { engine, version: browser.version, suites: results };
      } finally {
        await browser?.close().catch((e) => log(`  closing ${name}: ${e.message}`));
        await server.close();
      }
    },
  };
}

// Reads the suite page's messages (test/browser/suite.js) until "done", an error, or the
// deadline; `stopped` says why a page did not finish.
async function collectReports(server, browser, key, deadline) {
  const report = { suites: {} };
  for (let n = 0; ; n++) {
    let message;
    try {
      message = await server.report(`${key}.${n}`, Math.max(deadline - Date.now(), 1));
    } catch (e) {
      report.stopped = `${e.message}; the page says: ${await pageState(browser)}`;
      return report;
    }
    if (message.type === "probes") Object.assign(report, message);
    else if (message.type === "suite") report.suites[message.name] = message.result;
    else if (message.type === "done") return report;
    else {
      report.error = message.error ?? `unexpected message ${JSON.stringify(message)}`;
      return report;
    }
  }
}

// The suite page's status line and the end of its log, for a page that never reported (its
// main thread may be stuck, so this gives up after a few seconds).
async function pageState(browser) {
  const expression = `document.getElementById("status").textContent + "\\n" + document.getElementById("log").textContent.slice(-1500)`;
  const timeout = new Promise((ok) => setTimeout(() => ok("(the page does not answer)"), 5000).unref());
  return Promise.race([browser.evaluate(expression).catch((e) => `(${e.message})`), timeout]);
}

// One check for the probe, one for the demo's example instantiated in auto mode from a streamed
// Response, and one per module of the auto-mode spec run: auto lowers exactly the modules this
// browser cannot run itself (none on Chromium/Firefox; on WebKit the multi-memory ones, while
// modules with at most one memory run as they are), as test/lanes/engines.mjs checks for the
// other engines.
function autoChoiceCheck(native, report, log) {
  let passed = 0;
  let failed = 0;
  const check = (ok, why) => {
    if (ok) passed++;
    else if (++failed <= 40) log(`    FAIL auto-choice: ${why}`);
  };
  check(report.probes.multiMemory === native, `multiMemory() is ${report.probes.multiMemory}, expected ${native}`);
  const example = native ? "native" : "lowered";
  check(report.autoPath === example, `the demo's example went ${report.autoPath}, expected ${example}`);
  const choices = report.suites.spec?.choices ?? [];
  check(choices.length > 0, "the spec suite reported no module choices");
  for (const c of choices) {
    // A module importing a lowered instance's in-place memory is lowered on any engine.
    const lowered = (!native && !c.nativeValid) || c.importsInPlace === true;
    check(c.lowered === lowered, `${c.script} line ${c.line}: ${c.lowered ? "lowered" : "native"}, expected ${lowered ? "lowered" : "native"}`);
  }
  if (!failed) log(`  auto-choice: ${passed} checks (probe, example ${example}, ${choices.length} spec modules)`);
  return { passed, failed };
}

const CHROMIUM = "/usr/bin/chromium";
const FIREFOX = "/usr/bin/firefox-esr";
const WEBKIT_DRIVER = "/usr/bin/WebKitWebDriver";
const MINIBROWSER = `${WEBKIT_DIR}/MiniBrowser`;

function whichXvfbRun() {
  return ["/usr/bin/xvfb-run", "/bin/xvfb-run"].some(existsSync);
}

export const lanes = [
  // The static server every browser lane relies on (MIME types, mounts, reports), in Node.
  {
    name: "browser-server",
    async run(ctx) {
      const server = await checkServer(ctx.log ?? console.log);
      return { engine: "node", version: `Node ${process.version}`, suites: { server } };
    },
  },
  browserLane({
    name: "chromium",
    engine: "chromium",
    native: true,
    suites: ["spec", "spec-lowered", "lowering-scripts", "simd-accesses", "programs", "programs-lowered"],
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
    suites: ["spec", "spec-lowered", "lowering-scripts", "simd-accesses", "programs", "programs-lowered"],
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
    suites: ["spec", "lowering-scripts", "simd-accesses", "programs"],
    requirements: () =>
      !existsSync(WEBKIT_DRIVER) ? `${WEBKIT_DRIVER} is not installed (Debian package webkit2gtk-driver)`
      : !existsSync(MINIBROWSER) ? `${MINIBROWSER} is not installed (Debian package libwebkit2gtk-4.1-0)`
      : !whichXvfbRun() && !process.env.DISPLAY ? "no X display and no xvfb-run (Debian package xvfb)"
      : null,
    launcher: ({ log }) =>
      launchWebKit({ driverPath: WEBKIT_DRIVER, browserPath: MINIBROWSER, useXvfb: whichXvfbRun(), log }),
  }),
];
