// Runs one suite of spec scripts in the engine that runs this file, through the package:
//   <engine> spec-host.mjs <suite dir> <mode> <script,script,...>
// prints the first FAIL lines and a last line `RESULT {json}`: passed, failed, expected
// (expected failures that failed as listed in test/spec-runner.js), paths
// (instantiations per path), choices (per module: lowered, nativeValid), the probes, and ms.
// test/lanes/engines.mjs starts it once per lane and suite.

import { args, print, readBytes, readText } from "./io.js";
import { multiMemory, memory64, mixedMemories } from "../../index.js";
import { runCommands } from "../spec-runner.js";

const MAX_FAILURE_LINES = 40;
const [dir, mode, list] = args;
const scripts = (list ?? "").split(",").filter(Boolean);
const started = Date.now();
const probes = { multiMemory: await multiMemory(), memory64: await memory64(), mixedMemories: await mixedMemories() };
const total = { passed: 0, failed: 0, expected: [], paths: { native: 0, lowered: 0 }, choices: [] };
let shown = 0;
const log = (line) => {
  if (shown++ < MAX_FAILURE_LINES) print(line);
};
for (const script of scripts) {
  const base = `${dir}/${script}`;
  try {
    const commands = JSON.parse(readText(`${base}/commands.json`));
    const r = await runCommands(commands, {
      loadFile: (name) => readBytes(`${base}/${name}`),
      mode,
      script,
      log: (line) => log(`${script}: ${line}`),
    });
    total.expected.push(...r.expected);
    total.passed += r.passed;
    total.failed += r.failed;
    total.paths.native += r.paths.native;
    total.paths.lowered += r.paths.lowered;
    for (const c of r.choices) total.choices.push({ script, ...c });
  } catch (e) {
    // A script that cannot run at all is one failure, with its reason.
    total.failed++;
    log(`${script}: did not run: ${e?.stack ?? e}`);
  }
}
print(`RESULT ${JSON.stringify({ ...total, probes, ms: Date.now() - started })}`);
