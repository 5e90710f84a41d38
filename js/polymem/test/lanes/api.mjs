// The API contract beyond the spec scripts, checked in the Node that runs the tests (in-process):
// every source kind (bytes, ArrayBuffer, Response, Promise<Response>, file URL, path), the
// streaming native path, `options.lowered` (a module lowered ahead of time), `options.lowerer`
// as bytes and as a Module, emscriptenHook, and the error messages users see. Suite `api`,
// one check per case.

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { compile, emscriptenHook, inspect, instantiate, lower, LowerError, multiMemory } from "../../index.js";
import { LAYOUT_SECTION, readLayout } from "../../src/layout.js";

// A module of one custom section named `name` holding `payload` (both short: one-byte sizes).
function customSectionModule(name, payload) {
  const body = [name.length, ...[...name].map((c) => c.charCodeAt(0)), ...payload];
  return new WebAssembly.Module(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 0, body.length, ...body]));
}

// The demo's three-memory example (examples/multi-memory.wat), whose main() returns 118912.
function example(root) {
  return new Uint8Array(readFileSync(join(root, "demo", "example.wasm")));
}

async function throwsWith(thunk, kind, text) {
  try {
    await thunk();
  } catch (e) {
    if (!(e instanceof kind)) return `expected ${kind.name}, got ${e?.constructor?.name}: ${e?.message}`;
    if (!e.message.includes(text)) return `expected a message with ${JSON.stringify(text)}, got ${JSON.stringify(e.message)}`;
    return null;
  }
  return `expected ${kind.name} (${text}), but it succeeded`;
}

function cases(root) {
  const bytes = example(root);
  const path = join(root, "demo", "example.wasm");
  const wasmResponse = () => new Response(bytes, { headers: { "content-type": "application/wasm" } });
  const main = async (source, options) => {
    const { instance, lowered } = await instantiate(source, {}, options);
    const result = instance.exports.main();
    return result === 118912 ? null : `main() = ${result}, lowered ${lowered}`;
  };
  return {
    "bytes, auto": () => main(bytes),
    "ArrayBuffer, lowered": () => main(bytes.slice().buffer, { mode: "lowered" }),
    "Response, auto (streams when native)": () => main(wasmResponse()),
    "Promise<Response>, lowered": () => main(Promise.resolve(wasmResponse()), { mode: "lowered" }),
    "Response without the wasm MIME type": () => main(new Response(bytes)),
    "file URL": () => main(pathToFileURL(path)),
    "path string, lowered": () => main(path, { mode: "lowered" }),
    "options.lowered (lowered ahead of time)": async () => {
      const ahead = await lower(bytes);
      const { lowered, module } = await compile(new Response(new Uint8Array([1, 2, 3])), { mode: "lowered", lowered: ahead });
      return lowered && module instanceof WebAssembly.Module ? null : "the given lowered module was not used";
    },
    "options.lowerer as bytes and as a Module": async () => {
      const lowererBytes = new Uint8Array(readFileSync(join(root, "polymem-lower.wasm")));
      const a = await main(bytes, { mode: "lowered", lowerer: lowererBytes });
      return a ?? (await main(bytes, { mode: "lowered", lowerer: await WebAssembly.compile(lowererBytes) }));
    },
    "layout section: the binary document decodes, a version 2 JSON one is refused": async () => {
      const layout = readLayout(new WebAssembly.Module(await lower(bytes)));
      const places = layout.memories.map((m) => m.place).join(",");
      if (layout.version !== 3 || layout.memory.kind !== "combined" || places !== "combined,combined,in-place") {
        return `unexpected layout ${JSON.stringify(layout)}`;
      }
      const json = [...'{"version":2}'].map((c) => c.charCodeAt(0));
      return throwsWith(() => readLayout(customSectionModule(LAYOUT_SECTION, json)), TypeError,
        "JSON document (version 2, written by an older polymem)");
    },
    "auto follows the probe": async () => {
      const { lowered } = await compile(bytes);
      return lowered === !(await multiMemory()) ? null : `lowered ${lowered} with multiMemory() ${await multiMemory()}`;
    },
    "emscriptenHook hands over the instance": () =>
      new Promise((resolve) => {
        const hook = emscriptenHook(bytes, { mode: "lowered", onError: (e) => resolve(`onError: ${e}`) });
        const returned = hook({}, (instance, module) => {
          const ok = instance.exports.main() === 118912 && module instanceof WebAssembly.Module;
          resolve(ok ? null : "wrong instance or module");
        });
        if (typeof returned !== "object") resolve("instantiateWasm must return an object");
      }),
    "a module importing an in-place memory is lowered on any engine": async () => {
      // crates/transform/tests/wast/import_in_place.wast: $M (two memories, memory 0 exported)
      // and $I, which imports it as its only memory.
      const dir = join(root, "test", "build", "spec", "lowering-scripts", "import_in_place");
      const file = (n) => new Uint8Array(readFileSync(join(dir, `${n}.wasm`)));
      const m = (await instantiate(file(1), {}, { mode: "lowered" })).instance.exports;
      const { instance, lowered } = await instantiate(file(2), { M: { memory: m.memory } });
      if (!lowered) return "the importer was not lowered";
      const i = instance.exports;
      const trap = await throwsWith(() => i.load(65536), WebAssembly.RuntimeError, "");
      if (trap) return `a load just past the logical end: ${trap}`;
      if (i.grow(1) !== 1 || m.size() !== 2 || i.size() !== 2) return "growth through the importer not seen by both";
      m.store(131071, 9);
      return i.load(131071) === 9 ? null : "the importer does not see the exporter's store";
    },
    "the in-place memory's grow takes Emscripten's byteLength-based requests": async () => {
      // crates/transform/tests/wast/const_bases.wast, first module: memory 0 exported with a
      // maximum of 4 pages (reserved by default), private memories above it.
      const file = join(root, "test", "build", "spec", "lowering-scripts", "const_bases", "1.wasm");
      const wasm = new Uint8Array(readFileSync(file));
      const { instance, module } = await instantiate(wasm, {}, { mode: "lowered" });
      const [e, layout] = [instance.exports, readLayout(module)];
      if (layout.memories[0].room !== 4) return `memory 0's maximum is not reserved: ${JSON.stringify(layout.memories[0])}`;
      const PAGE = 65536;
      // The three forms glue versions use to reach `size` bytes (src/lowered.js, growTargets).
      const forms = {
        ">>> 16": (size) => e.memory.grow((size - e.memory.buffer.byteLength + 65535) >>> 16),
        "/ 65536": (size) => e.memory.grow((size - e.memory.buffer.byteLength + 65535) / 65536),
        "/ 65536 | 0": (size) => e.memory.grow(((size - e.memory.buffer.byteLength + 65535) / 65536) | 0),
      };
      for (const [form, pages] of [[">>> 16", 2], ["/ 65536", 3], ["/ 65536 | 0", 4]]) {
        forms[form](pages * PAGE);
        if (e.size_heap() !== pages) return `${form} to ${pages} pages gave ${e.size_heap()}`;
      }
      const past = await throwsWith(() => forms[">>> 16"](5 * PAGE), RangeError, "");
      if (past) return `growth past the maximum: ${past}`;
      if (e.heap8(4 * PAGE - 1) !== 0) return "the last byte of memory 0 is not zero";
      const trap = await throwsWith(() => e.heap8(4 * PAGE), WebAssembly.RuntimeError, "");
      if (trap) return `a load just past memory 0's maximum: ${trap}`;
      const optOut = await instantiate(wasm, {}, { mode: "lowered", reserveMax: false });
      if (readLayout(optOut.module).memories[0].room !== 1) return "reserveMax: false still reserved the maximum";
      // Both sides of the cap: memory 0's maximum is 4 pages.
      const atCap = await instantiate(wasm, {}, { mode: "lowered", reserveCap: 4 });
      if (readLayout(atCap.module).memories[0].room !== 4) return "reserveCap: 4 did not reserve a maximum of 4";
      const underCap = await instantiate(wasm, {}, { mode: "lowered", reserveCap: 3 });
      if (readLayout(underCap.module).memories[0].room !== 1) return "reserveCap: 3 still reserved a maximum of 4";
      return await throwsWith(() => instantiate(wasm, {}, { mode: "lowered", reserveCap: -1 }), TypeError, "options.reserveCap");
    },
    "inspect lists the memories": async () => {
      const info = await inspect(bytes);
      return info.memories.length === 3 && info.exports.some((e) => e.name === "main") ? null : JSON.stringify(info).slice(0, 200);
    },
    "text format is a clear TypeError": () =>
      throwsWith(() => instantiate(new TextEncoder().encode("(module (memory 1))")), TypeError, "looks like the text format"),
    "HTML is a clear TypeError": () =>
      throwsWith(() => compile(new Response("<!doctype html><p>404"), { mode: "lowered" }), TypeError, "looks like HTML"),
    "unknown mode is a TypeError": () => throwsWith(() => compile(bytes, { mode: "fast" }), TypeError, 'options.mode must be "auto"'),
    "a lowering error names the memory": () => {
      // (module (memory 1) (memory 1 1 shared)): shared memories cannot be lowered.
      const shared = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 5, 6, 2, 0, 1, 3, 1, 1]);
      return throwsWith(() => lower(shared), LowerError, "memory 1");
    },
    "invalid modules are LowerError kind invalid": async () => {
      try {
        await lower(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 5]));
      } catch (e) {
        return e instanceof LowerError && e.kind === "invalid" && e.message.includes("offset") ? null : `${e}`;
      }
      return "no error";
    },
  };
}

export const lanes = [
  {
    name: "api",
    async run(ctx) {
      let passed = 0;
      let failed = 0;
      for (const [name, check] of Object.entries(cases(ctx.root))) {
        let failure;
        try {
          failure = await check();
        } catch (e) {
          failure = `unexpected exception: ${e?.stack ?? e}`;
        }
        if (failure) {
          failed++;
          ctx.log(`    FAIL api: ${name}: ${failure}`);
        } else {
          passed++;
        }
      }
      ctx.log(`  api: ${passed} passed, ${failed} failed`);
      return { engine: "node", version: process.version, suites: { api: { passed, failed } } };
    },
  },
];
