// Runs the commands of one spec script (a commands.json written by the dump_spec example of
// polymem-transform) through the package's `instantiate`, in any host: browsers, Node, Deno,
// Bun, the jsc shell. The host supplies the module files (`loadFile(name) -> bytes`). What the
// commands mean (values, matching, accepted trap messages) is test/spec-commands.js, shared
// with js/lowered-runner/run.mjs; this file adds the instantiation path and its bookkeeping.
//
// runCommands(commands, { loadFile, mode, lowerer, log, script }) resolves to
// `{ passed, failed, expected, byType, paths: { native, lowered }, choices }`: `expected` lists
// the commands of EXPECTED_FAILURES (for `script`, the script's folder name) that failed as
// listed (counted in neither `passed` nor `failed`), `paths` counts the module
// instantiations that took each path, `choices` lists `{ lowered, nativeValid, importsInPlace }`
// per module (nativeValid: whether the engine itself validates the original bytes;
// importsInPlace: whether it imports a memory a lowered instance keeps in place, which
// `instantiate` lowers on any engine), so lanes can check that auto mode lowered exactly the
// modules the engine cannot run plus those.

import { instantiate } from "../index.js";
import { memoryImports } from "../src/lower.js";
import { inPlaceImports } from "../src/lowered.js";
import { runSpecCommands } from "./spec-commands.js";

// Commands known to fail, with the reason. Each must still fail: a listed command that passes
// counts as failed. `lowered`: the entry applies only once the script has lowered a module.
export const EXPECTED_FAILURES = [
];

/** Runs `commands` (the array, or the object with a `commands` array, of a commands.json). */
export async function runCommands(commands, { loadFile, mode = "auto", lowerer, log = () => {}, script } = {}) {
  const paths = { native: 0, lowered: 0 };
  const choices = [];

  async function instantiateCommand(cmd, imports) {
    if (cmd.error) throw new Error(`the module was not dumped: ${cmd.error}`);
    const bytes = await loadFile(cmd.file);
    // Whether the module imports a memory a lowered instance keeps in place (instantiate then
    // lowers it whatever the engine), looked up before instantiating.
    const inPlace = inPlaceImports(imports);
    const importsInPlace = memoryImports(bytes).some(([m, n]) => inPlace.some(([im, iname]) => im === m && iname === n));
    const result = await instantiate(bytes, imports, { mode, lowerer });
    paths[result.lowered ? "lowered" : "native"]++;
    choices.push({ line: cmd.line, lowered: result.lowered, nativeValid: WebAssembly.validate(bytes), importsInPlace });
    return result.instance.exports;
  }

  const r = await runSpecCommands(commands, {
    instantiate: instantiateCommand,
    log,
    expectedFailure: (cmd) =>
      EXPECTED_FAILURES.find((f) => f.script === script && f.line === cmd.line && (!f.lowered || paths.lowered > 0)),
  });
  const expected = r.expected.map(({ cmd, reason }) => `${script}:${cmd.line} ${cmd.type} (${reason})`);
  return { passed: r.passed, failed: r.failed, expected, byType: r.byType, paths, choices };
}
