// compile() and instantiate(): the native module where the engine runs multi-memory (or where
// the caller asks for it), else the module lowered to one memory, with the host side of
// lowered modules (src/lowered.js) supplying bridged memories and the original's exports.
// emscriptenHook() adapts instantiate() to Emscripten's Module.instantiateWasm.

import { multiMemory } from "./probe.js";
import { countMemories, lower, memoryImports } from "./lower.js";
import { asBytes, checkWasm, openSource, sourceBytes } from "./source.js";
import { inPlaceImports, instantiateLowered } from "./lowered.js";

const MODES = ["auto", "native", "lowered"];

function modeOf(options) {
  const mode = options.mode ?? "auto";
  if (!MODES.includes(mode)) throw new TypeError(`polymem: options.mode must be "auto", "native" or "lowered", not ${JSON.stringify(mode)}`);
  return mode;
}

/** compileStreaming insists on the wasm MIME type; anything else is compiled from its bytes. */
function streamable(response) {
  const type = response.headers?.get?.("content-type") ?? "";
  return typeof WebAssembly.compileStreaming === "function" && /^application\/wasm\b/i.test(type);
}

/** The module lowered ahead of time (`options.lowered`: bytes, a Response or a URL). */
async function prelowered(lowered) {
  const bytes = asBytes(lowered);
  if (bytes) return checkWasm(bytes, "options.lowered");
  const opened = await openSource(lowered);
  return await sourceBytes({ ...opened, what: `options.lowered (${opened.what})` });
}

/**
 * Compiles `source` natively when `options.mode` allows it and the engine passes the
 * multi-memory probe, else compiles the module lowered to one memory. In "auto" mode a module
 * with at most one memory needs no lowering and is compiled as it is (`lowered: false`), without
 * loading the lowering module.
 */
export async function compile(source, options = {}) {
  const mode = modeOf(options);
  // Decided before the body of a Response is read, so the native path can stream.
  const native = mode === "native" || (mode === "auto" && (await multiMemory()));
  const opened = await openSource(source);
  if (native) {
    if (opened.response && streamable(opened.response)) {
      return { module: await WebAssembly.compileStreaming(opened.response), lowered: false };
    }
    return { module: await WebAssembly.compile(await sourceBytes(opened)), lowered: false };
  }
  if (options.lowered !== undefined) {
    return { module: await WebAssembly.compile(await prelowered(options.lowered)), lowered: true };
  }
  const bytes = await sourceBytes(opened);
  if (mode === "auto") {
    const memories = countMemories(bytes);
    if (memories === 0 || memories === 1) return { module: await WebAssembly.compile(bytes), lowered: false };
  }
  return { module: await WebAssembly.compile(await lower(bytes, options)), lowered: true };
}

/**
 * Compiles (see `compile`) and instantiates `source` with `imports`. On the lowered path the
 * instance is `{ exports }` with exactly the original module's exports, memories included.
 */
export async function instantiate(source, imports = {}, options = {}) {
  const mode = modeOf(options);
  const candidates = mode === "native" || options.lowered !== undefined ? [] : inPlaceImports(imports);
  if (candidates.length > 0) {
    // Some import is a memory a lowered instance keeps in place (src/lowered.js): a module
    // importing it natively would see the whole combined memory, so such a module is lowered
    // with those imports bridged, whatever its memory count and the engine.
    const bytes = await sourceBytes(await openSource(source));
    const wanted = memoryImports(bytes).filter(([m, n]) => candidates.some(([cm, cn]) => cm === m && cn === n));
    if (wanted.length > 0) {
      const module = await WebAssembly.compile(await lower(bytes, { ...options, bridgeImports: wanted }));
      const { exports } = await instantiateLowered(module, imports);
      return { module, instance: { exports }, lowered: true };
    }
    source = bytes;
  }
  const { module, lowered } = await compile(source, options);
  if (!lowered) {
    const instance = await WebAssembly.instantiate(module, imports);
    return { module, instance, lowered };
  }
  const { exports } = await instantiateLowered(module, imports);
  return { module, instance: { exports }, lowered };
}

/**
 * A function for Emscripten's `Module.instantiateWasm(imports, receiveInstance)`: it
 * instantiates `source` with Emscripten's imports through `instantiate` and hands the instance
 * (a `{ exports }` object on the lowered path) and module to `receiveInstance`. Errors go to
 * `options.onError` when given, else they reject (an unhandled rejection the host reports).
 * `options.onInstance({ module, instance, lowered })` sees the result first.
 */
export function emscriptenHook(source, options = {}) {
  modeOf(options);
  return (imports, receiveInstance) => {
    instantiate(source, imports, options).then(
      (result) => {
        options.onInstance?.(result);
        receiveInstance(result.instance, result.module);
      },
      (error) => {
        if (options.onError) options.onError(error);
        else throw error;
      },
    );
    // Emscripten: an empty object means "instantiating asynchronously; exports come later".
    return {};
  };
}
