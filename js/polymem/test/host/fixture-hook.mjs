// The hook through which the program fixtures (test/fixtures/, the wasm-bindgen program and the
// Emscripten example) join every engine lane: when test/fixtures/host-suites.mjs exists, its
// `hostSuites(ctx)` returns `[{ name, script, args }]`, and each engine lane runs `script` (an ES
// module that runs in Node, Deno, Bun and jsc, using test/host/io.js) with `args` and reads the
// `RESULT {"passed":N,"failed":M}` line it prints, as a suite called `name`.

import { existsSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

export async function hostSuites(ctx) {
  const file = join(ctx.root, "test", "fixtures", "host-suites.mjs");
  if (!existsSync(file)) return [];
  const { hostSuites: suites } = await import(pathToFileURL(file).href);
  return await suites(ctx);
}
