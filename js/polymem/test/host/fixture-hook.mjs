// How the program fixtures (test/fixtures/: the wasm-bindgen program and the Emscripten example,
// each merged with a plugin that has its own memory) join every engine lane: when
// test/fixtures/fixture-host.mjs exists, each lane runs it in its engine as
// `fixture-host.mjs <mode>` and reads the `RESULT {"passed","failed","skipped"}` line it prints:
// suite `programs` (mode "auto") everywhere, and `programs-lowered` (mode "lowered") on engines
// with multi-memory. A fixture that was not built is reported as skipped by the host script.

import { existsSync } from "node:fs";
import { join } from "node:path";

// Each program runs in well under 5 s; a run that takes longer has hung (and fails).
const PROGRAMS_TIMEOUT_MS = 45_000;

/** `[{ name, script, args, timeoutMs }]` for a lane; `multiMemory`: whether its engine has the feature. */
export function hostSuites(ctx, multiMemory) {
  const script = join(ctx.root, "test", "fixtures", "fixture-host.mjs");
  if (!existsSync(script)) return [];
  const suites = [{ name: "programs", script, args: ["auto"], timeoutMs: PROGRAMS_TIMEOUT_MS }];
  if (multiMemory) suites.push({ name: "programs-lowered", script, args: ["lowered"], timeoutMs: PROGRAMS_TIMEOUT_MS });
  return suites;
}
