// Runs a directory of lowered spec-test modules on Node: `node run.mjs <dir>` reads
// <dir>/commands.json (written by crates/transform/tests/node_spec.rs and
// node_differential.rs), executes every command against the pre-lowered .wasm files and prints
// `FAIL ...` lines, `TYPES {...}` (counts per command type) and a final
// `SUMMARY {"passed":N,"failed":M}`, which those tests parse.
// `runCommands(dir, options)` does the same for importers (js/binaryen-compare/compare.mjs)
// and resolves to the counts instead of printing them.
//
// What the commands mean (values, matching, accepted trap messages) is defined once in
// js/polymem/test/spec-commands.js, shared with the web package's lanes; this file only says
// how a module command becomes an instance: the file's bytes through `instantiateLowered`.

import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { instantiateLowered } from "../polymem/src/lowered.js";
import { runSpecCommands } from "../polymem/test/spec-commands.js";

// Options: `log(line)` receives the FAIL lines (default: console.log); `clearOnModuleFailure`
// (see runSpecCommands) is for lowerings that may reject modules.
export async function runCommands(dir, { log = console.log, clearOnModuleFailure = false } = {}) {
  const { commands } = JSON.parse(readFileSync(join(dir, "commands.json"), "utf8"));
  async function instantiate(cmd, imports) {
    // A module the lowering rejected has an error instead of a file (compare.mjs counts these).
    if (cmd.error) throw new Error(`lowering failed: ${cmd.error}`);
    const module = await WebAssembly.compile(await readFile(join(dir, cmd.file)));
    return (await instantiateLowered(module, imports)).exports;
  }
  const { passed, failed, byType } = await runSpecCommands(commands, { instantiate, log, clearOnModuleFailure });
  return { passed, failed, byType };
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const dir = process.argv[2];
  if (!dir) {
    console.error("usage: node run.mjs <dir>");
    process.exit(2);
  }
  const { passed, failed, byType } = await runCommands(dir);
  console.log(`TYPES ${JSON.stringify(byType)}`);
  console.log(`SUMMARY ${JSON.stringify({ passed, failed })}`);
}
