// lower() and inspect() in JS: the Rust lowering (crates/lower-wasm) built for wasm32 as
// polymem-lower.wasm, loaded on first use only (the native path never loads it). Its ABI:
// input(len) -> ptr, lower(len) / inspect(len) -> status, output_ptr(), output_len(), and
// lower_with(len): lower the first len input bytes with the JSON options that follow them.

import { asBytes, checkWasm, readUrl, resolveUrl } from "./source.js";

/** Where `npm run build` puts the lowering module: the package root, next to index.js. */
const DEFAULT_LOWERER = "../polymem-lower.wasm";

// The statuses of crates/lower-wasm (`Status`), as the names LowerError.kind carries.
const STATUS = ["ok", "invalid", "unsupported", "internal", "bad-call"];

/** A module that cannot be lowered (`kind` "unsupported"; the message names the memory) or is not valid wasm ("invalid"). */
export class LowerError extends Error {
  constructor(kind, message) {
    super(message);
    this.name = "LowerError";
    this.kind = kind;
  }
}

/** UTF-8 to string without TextDecoder (the jsc shell has none). */
export function utf8(bytes) {
  if (typeof TextDecoder === "function") return new TextDecoder().decode(bytes);
  let out = "";
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i++];
    let cp;
    if (b < 0x80) cp = b;
    else if (b < 0xe0) cp = ((b & 0x1f) << 6) | (bytes[i++] & 0x3f);
    else if (b < 0xf0) cp = ((b & 0x0f) << 12) | ((bytes[i++] & 0x3f) << 6) | (bytes[i++] & 0x3f);
    else cp = ((b & 0x07) << 18) | ((bytes[i++] & 0x3f) << 12) | ((bytes[i++] & 0x3f) << 6) | (bytes[i++] & 0x3f);
    out += String.fromCodePoint(cp);
  }
  return out;
}

async function loadLowerer(lowerer) {
  if (lowerer instanceof WebAssembly.Module) return await WebAssembly.instantiate(lowerer, {});
  const bytes = asBytes(lowerer);
  if (bytes) {
    const { instance } = await WebAssembly.instantiate(checkWasm(bytes, "options.lowerer"), {});
    return instance;
  }
  const url = lowerer === undefined ? resolveUrl(DEFAULT_LOWERER, import.meta.url) : String(lowerer);
  let fileBytes;
  try {
    fileBytes = await readUrl(url);
  } catch (e) {
    throw new Error(`polymem: cannot load the lowering module ${url} (${e.message}); run \`npm run build\` in the package, or pass options.lowerer (its bytes or a WebAssembly.Module)`);
  }
  const { instance } = await WebAssembly.instantiate(checkWasm(fileBytes, url), {});
  return instance;
}

// One lowering instance per lowerer source: the default one, each URL string, and each Module
// or bytes object a caller passes (a WeakMap, so that passing the same bytes again reuses it).
// A failed load is forgotten, so that a later call can try again.
const byUrl = new Map();
const byObject = new WeakMap();

function cacheFor(lowerer) {
  const isUrl = typeof URL === "function" && lowerer instanceof URL;
  return lowerer !== null && typeof lowerer === "object" && !isUrl ? byObject : byUrl;
}

function keyOf(lowerer) {
  return cacheFor(lowerer) === byObject ? lowerer : lowerer === undefined ? "" : String(lowerer);
}

function lowererFor(lowerer) {
  const cache = cacheFor(lowerer);
  const key = keyOf(lowerer);
  if (!cache.has(key)) {
    cache.set(key, loadLowerer(lowerer).catch((e) => {
      cache.delete(key);
      throw e;
    }));
  }
  return cache.get(key);
}

function forget(lowerer) {
  cacheFor(lowerer).delete(keyOf(lowerer));
}

/** String to UTF-8 without TextEncoder (the jsc shell has none). */
function utf8Bytes(text) {
  const out = [];
  for (const ch of text) {
    const cp = ch.codePointAt(0);
    if (cp < 0x80) out.push(cp);
    else if (cp < 0x800) out.push(0xc0 | (cp >> 6), 0x80 | (cp & 0x3f));
    else if (cp < 0x10000) out.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
    else out.push(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 0x3f), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
  }
  return new Uint8Array(out);
}

/**
 * Runs `op` ("lower", "lower_with" or "inspect") on `bytes` (followed in the input by `extra`,
 * the options of "lower_with"); returns the output bytes or throws LowerError.
 */
async function call(op, bytes, lowerer, extra = new Uint8Array(0)) {
  const instance = await lowererFor(lowerer);
  const abi = instance.exports;
  let status;
  let output;
  try {
    const total = bytes.length + extra.length;
    const ptr = abi.input(total) >>> 0;
    if (ptr === 0 && total > 0) throw new RangeError(`polymem: no memory for a ${bytes.length}-byte module in the lowerer`);
    // Every call may grow the lowerer's memory, which replaces memory.buffer: fresh views.
    new Uint8Array(abi.memory.buffer, ptr, bytes.length).set(bytes);
    new Uint8Array(abi.memory.buffer, ptr + bytes.length, extra.length).set(extra);
    status = abi[op](bytes.length);
    output = new Uint8Array(abi.memory.buffer, abi.output_ptr() >>> 0, abi.output_len() >>> 0).slice();
  } catch (e) {
    if (e instanceof WebAssembly.RuntimeError) {
      // An abort inside the lowerer (out of memory) leaves the instance unusable: drop it.
      forget(lowerer);
      throw new Error(`polymem: the lowering module failed on this input (${e.message})`);
    }
    throw e;
  }
  if (status !== 0) throw new LowerError(STATUS[status] ?? `status ${status}`, `polymem: ${utf8(output)}`);
  return output;
}

function inputBytes(bytes, fn) {
  const view = asBytes(bytes);
  if (!view) throw new TypeError(`polymem: ${fn}() takes the module's bytes (Uint8Array or ArrayBuffer)`);
  return checkWasm(view, `the module given to ${fn}()`);
}

/**
 * Lowers a multi-memory module to one memory with the Rust transform built for wasm32.
 * `options.lowerer`: bytes, WebAssembly.Module or URL of polymem-lower.wasm.
 * `options.bridgeImports`: `[module, name]` memory imports that will be bound to memories a
 * lowered instance keeps in place (src/lowered.js): they are bridged and checked against that
 * memory's logical size, and a single-memory module importing one is lowered too.
 * `options.reserveMax`: `false` keeps the exported in-place memory's declared maximum
 * unreserved (default `true`: constant bases for the private memories above it; see
 * src/lowered.js for what JS then sees).
 * `options.reserveCap`: the largest declared maximum, in pages, that is reserved (default
 * 16384, 1 GiB: the reserve is part of the initial memory, and iOS Safari is reported to
 * refuse 2 GiB memories, Emscripten's default maximum); above it, moving bases.
 */
export async function lower(bytes, options = {}) {
  const input = inputBytes(bytes, "lower");
  const bridge = options.bridgeImports ?? [];
  const reserve = options.reserveMax;
  if (reserve !== undefined && typeof reserve !== "boolean") {
    throw new TypeError("polymem: options.reserveMax must be a boolean");
  }
  const cap = options.reserveCap;
  if (cap !== undefined && !(Number.isSafeInteger(cap) && cap >= 0)) {
    throw new TypeError("polymem: options.reserveCap must be a non-negative integer (pages)");
  }
  if (bridge.length === 0 && reserve === undefined && cap === undefined) {
    return await call("lower", input, options.lowerer);
  }
  const pairs = Array.from(bridge, (pair) => {
    if (!Array.isArray(pair) || pair.length !== 2 || pair.some((s) => typeof s !== "string")) {
      throw new TypeError("polymem: options.bridgeImports must be [module, name] string pairs");
    }
    return pair;
  });
  const settings = utf8Bytes(JSON.stringify({ bridge_imports: pairs, reserve_max: reserve, reserve_cap: cap }));
  return await call("lower_with", input, options.lowerer, settings);
}

/** Describes a module's memories, imports and exports (see ModuleInfo in index.d.ts). */
export async function inspect(bytes, options = {}) {
  return JSON.parse(utf8(await call("inspect", inputBytes(bytes, "inspect"), options.lowerer)));
}

/**
 * The number of memories `bytes` declares and imports, read from the section headers, or -1
 * when the module is too malformed to tell (then the engine or the lowerer reports why).
 */
export function countMemories(bytes) {
  return scanMemories(bytes)?.count ?? -1;
}

/** The `[module, name]` of each memory import of `bytes` ([] when malformed). */
export function memoryImports(bytes) {
  return scanMemories(bytes)?.imports ?? [];
}

/** `{ count, imports }` of the module's memories, or null when it is too malformed to tell. */
function scanMemories(bytes) {
  let at = 8;
  const u32 = () => {
    let result = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      if (at >= bytes.length) throw new RangeError("truncated");
      const b = bytes[at++];
      result += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) return result;
    }
    throw new RangeError("bad LEB128");
  };
  const readName = () => {
    const length = u32(); // read before `at` is: `at += u32()` would add to the old position
    at += length;
    return utf8(bytes.subarray(at - length, at));
  };
  try {
    let count = 0;
    const imports = [];
    while (at < bytes.length) {
      const id = bytes[at++];
      const size = u32();
      const end = at + size;
      if (end > bytes.length) return null;
      if (id === 5) count += u32();
      if (id === 2) {
        // Imports: module, name, kind byte; only memory imports (kind 2) are counted, the other
        // descriptors are skipped only as far as needed to reach the next entry.
        for (let n = u32(); n > 0; n--) {
          const module = readName();
          const name = readName();
          const kind = bytes[at++];
          if (kind === 0x02) {
            count++;
            imports.push([module, name]);
          }
          if (kind === 0x00) u32();
          else if (kind === 0x01) { skipValType(); skipLimits(); }
          else if (kind === 0x02) skipLimits();
          else if (kind === 0x03) { skipValType(); at++; }
          else if (kind === 0x04) { at++; u32(); }
          else return null;
        }
      }
      at = end;
    }
    return { count, imports };
    function skipLeb() {
      while (at < bytes.length && bytes[at] & 0x80) at++;
      at++;
    }
    function skipValType() {
      // Reference types with a heap type: 0x63/0x64 then an s33.
      const t = bytes[at++];
      if (t === 0x63 || t === 0x64) skipLeb();
    }
    function skipLimits() {
      const flags = bytes[at++];
      skipLeb();
      if (flags & 1) skipLeb();
      if (flags & 8) skipLeb(); // custom page size
    }
  } catch {
    return null;
  }
}
