// Runs the lane's suites inside a browser page and posts its results to the lane's server as
// they come, so that a suite that hangs the page loses only itself.
//
// Query: `key` (the reports' name on the server), `suites` (comma-separated names from the
// manifest the server publishes at /__manifest.json, or `programs` / `programs-lowered`: the
// fixture programs in mode "auto" / "lowered"). Each manifest suite is
// `{ base, scripts, mode }`: `base` + script + "/commands.json" and the module files next to it,
// run with `runCommands` of test/spec-runner.js in `mode` ("auto", "native" or "lowered").
// Messages, posted to /__report/<key>.<n> for n = 0, 1, 2, ...:
//   { type: "probes", userAgent, probes: { multiMemory, memory64, mixedMemories }, autoPath }
//     autoPath: "native" | "lowered" (what `instantiate` in auto mode did with a streamed
//     three-memory module) or "error: ...";
//   { type: "suite", name, result: { passed, failed, expected, expectedLines, paths, choices, ms,
//     failures, skipped? } } per suite: `expected` counts the runner's listed expected failures
//     that failed as listed (in neither passed nor failed), `paths` the instantiations that went
//     native and lowered, `choices` lists `{ script, line, lowered, nativeValid }` per module;
//   { type: "done" } or { type: "error", error }.

// The package and the runner are imported dynamically so that a page that cannot load them
// still reports why instead of leaving the lane waiting for its timeout.
let runCommands;

const params = new URLSearchParams(location.search);
const key = params.get("key") ?? "manual";
const wanted = (params.get("suites") ?? "").split(",").filter(Boolean);
// A lane reads only the first failures; the page still counts them all.
const MAX_FAILURE_LINES = 40;

const statusLine = document.getElementById("status");
const logBox = document.getElementById("log");
function show(line) {
  logBox.textContent += `${line}\n`;
}

// JavaScriptCore's `stack` lacks the message, V8's starts with it: give both, once.
function describe(e) {
  const text = String(e);
  const stack = e?.stack ? String(e.stack) : "";
  return stack.startsWith(text) ? stack : `${text}${stack ? `\n${stack}` : ""}`;
}

let sequence = 0;
async function post(body) {
  await fetch(`/__report/${encodeURIComponent(key)}.${sequence++}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
}

async function bytesOf(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`GET ${url}: ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

async function jsonOf(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`GET ${url}: ${response.status}`);
  return response.json();
}

// The runner's result is `{ passed, failed }`, possibly with more detail; lowered/native counts
// are taken from it when present.
function addCounts(total, result, script) {
  total.passed += result.passed ?? 0;
  total.failed += result.failed ?? 0;
  // Listed expected failures that failed as listed: counted apart, reported with their reason.
  for (const line of result.expected ?? []) total.expectedLines.push(line);
  total.expected = total.expectedLines.length;
  for (const choice of result.choices ?? []) total.choices.push({ script, ...choice });
  for (const [path, n] of Object.entries(result.paths ?? {})) {
    total.paths[path] = (total.paths[path] ?? 0) + n;
  }
}

async function runSuite(name, suite, lowerer) {
  const total = { passed: 0, failed: 0, expected: 0, expectedLines: [], paths: {}, choices: [], ms: 0, failures: [] };
  const started = performance.now();
  for (const script of suite.scripts) {
    const dir = `${suite.base}${script}/`;
    const log = (line) => {
      // The runner also logs the listed expected failures; they come back in `result.expected`.
      if (line.startsWith("expected failure")) return;
      if (total.failures.length < MAX_FAILURE_LINES) total.failures.push(`${script}: ${line}`);
    };
    try {
      const file = await jsonOf(`${dir}commands.json`);
      const result = await runCommands(file.commands ?? file, {
        loadFile: (name) => bytesOf(dir + name),
        mode: suite.mode,
        lowerer,
        log,
        script,
      });
      addCounts(total, result, script);
      show(`${name} ${script}: ${result.passed} passed, ${result.failed} failed`);
    } catch (e) {
      // A script that cannot run at all counts as one failure, with the reason.
      total.failed += 1;
      log(`the script did not run: ${describe(e)}`);
      show(`${name} ${script}: did not run (${e})`);
    }
  }
  total.ms = Math.round(performance.now() - started);
  return total;
}

// The real programs of test/fixtures (wasm-bindgen and Emscripten glue, unmodified) in one
// mode, each run in its own worker (program-worker.js) with a time limit; one command per
// program. A program whose build output is absent is listed in `skipped` (the fixtures'
// own rule: Emscripten is optional), not counted.
const PROGRAMS = ["bindgen", "emscripten"];
// The program suites and their mode, named as in the engine lanes (test/host/fixture-hook.mjs).
const PROGRAM_SUITES = { programs: "auto", "programs-lowered": "lowered" };
const PROGRAM_TIME_LIMIT_MS = 30_000;

function runInWorker(program, mode) {
  return new Promise((resolve) => {
    const worker = new Worker(new URL("./program-worker.js", import.meta.url), { type: "module" });
    const finish = (result) => {
      clearTimeout(timer);
      worker.terminate();
      resolve(result);
    };
    const timer = setTimeout(
      () => finish({ status: "fail", why: `did not finish within ${PROGRAM_TIME_LIMIT_MS / 1000} s (worker terminated)` }),
      PROGRAM_TIME_LIMIT_MS,
    );
    worker.onmessage = ({ data }) => finish(data);
    worker.onerror = (event) => finish({ status: "fail", why: `the worker failed: ${event.message ?? "a load error"}` });
    worker.postMessage({ program, mode });
  });
}

async function runPrograms(mode) {
  const total = { passed: 0, failed: 0, expected: 0, expectedLines: [], ms: 0, failures: [], skipped: [] };
  const started = performance.now();
  for (const program of PROGRAMS) {
    const result = await runInWorker(program, mode);
    if (result.skipped) {
      total.skipped.push(`${program}: ${result.skipped}`);
      continue;
    }
    // Listed runs that failed as listed count apart, as in the spec suites.
    if (result.status === "ok") total.passed++;
    else if (result.status === "expected") total.expectedLines.push(`${program} ${mode} (${result.why})`);
    else {
      total.failed++;
      total.failures.push(`${program} ${mode}: ${result.why ?? result.error}`);
    }
    total.expected = total.expectedLines.length;
    show(`programs ${program} ${mode}: ${result.status}`);
  }
  total.ms = Math.round(performance.now() - started);
  return total;
}

async function main() {
  const manifest = await jsonOf("/__manifest.json");
  const { multiMemory, memory64, mixedMemories, instantiate } = await import("../../index.js");
  ({ runCommands } = await import("../spec-runner.js"));
  const probes = {
    multiMemory: await multiMemory(),
    memory64: await memory64(),
    mixedMemories: await mixedMemories(),
  };
  show(`probes: ${JSON.stringify(probes)}`);
  // One copy of the lowering module for every suite, as a page would keep it.
  const lowerer = await bytesOf(new URL("../../polymem-lower.wasm", import.meta.url));
  // The path auto mode takes for a real three-memory module (the demo's example), streamed.
  let autoPath;
  try {
    const example = await instantiate(fetch(new URL("../../demo/example.wasm", import.meta.url)), {}, { lowerer });
    autoPath = example.lowered ? "lowered" : "native";
  } catch (e) {
    autoPath = `error: ${describe(e)}`;
  }
  show(`auto mode instantiated demo/example.wasm ${autoPath}`);
  await post({ type: "probes", userAgent: navigator.userAgent, probes, autoPath });
  for (const name of wanted) {
    statusLine.textContent = `running ${name}…`;
    let result;
    if (name in PROGRAM_SUITES) {
      result = await runPrograms(PROGRAM_SUITES[name]);
    } else if (manifest.suites?.[name]) {
      result = await runSuite(name, manifest.suites[name], lowerer);
    } else {
      result = { passed: 0, failed: 1, failures: [`no suite "${name}" in the manifest`] };
    }
    await post({ type: "suite", name, result });
  }
  statusLine.textContent = "done";
  await post({ type: "done" });
}

main().catch(async (e) => {
  statusLine.textContent = `error: ${e}`;
  await post({ type: "error", error: describe(e) });
});
