// A module worker that runs one fixture program (test/fixtures) in one mode and posts
// `{ status, why }` as test/fixtures/expected-failures.js judges the run ("ok", "expected" or
// "fail"), or `{ skipped }`. The suite page starts one worker per
// program and mode and terminates it at its time limit: a program that never returns then costs
// only that limit, and the page keeps running its other suites.

import * as polymem from "../../index.js";
import * as bindgen from "../fixtures/bindgen-check.js";
import * as emscripten from "../fixtures/emscripten-check.js";
import { judge } from "../fixtures/expected-failures.js";

async function loadBytes(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`GET ${url}: ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

const PROGRAMS = {
  bindgen: {
    wasm: bindgen.fixtureUrl(bindgen.BUILD_DIR + bindgen.WASM),
    run: (mode) => bindgen.runBindgenApp({ polymem, mode, loadBytes }),
    expected: bindgen.EXPECTED_OUTPUT,
  },
  emscripten: {
    wasm: bindgen.fixtureUrl(`${emscripten.BUILD_DIR}app.wasm`),
    run: (mode) => emscripten.runEmscriptenApp({ polymem, mode, loadBytes }),
    expected: emscripten.EMSCRIPTEN_EXPECTED_OUTPUT,
  },
};

function describe(e) {
  const text = String(e);
  const stack = e?.stack ? String(e.stack) : "";
  return stack.startsWith(text) ? stack : `${text}${stack ? `\n${stack}` : ""}`;
}

self.onmessage = async ({ data: { program, mode } }) => {
  const entry = PROGRAMS[program];
  try {
    if (!entry) throw new Error(`no program "${program}"`);
    // The fixtures' own rule: a program whose build output is absent is skipped, not failed.
    if (!(await fetch(entry.wasm, { method: "HEAD" })).ok) {
      postMessage({ skipped: `${entry.wasm} was not built` });
      return;
    }
    let failure;
    try {
      const actual = await entry.run(mode);
      if (actual !== entry.expected) failure = `output differs\n--- expected\n${entry.expected}\n--- actual\n${actual}`;
    } catch (e) {
      failure = describe(e);
    }
    postMessage(await judge({ polymem, program, mode, failure }));
  } catch (e) {
    postMessage({ status: "fail", why: describe(e) });
  }
};
