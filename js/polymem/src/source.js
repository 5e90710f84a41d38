// Reading a module from whatever the caller has, in any host: bytes, a Response (or a promise of
// one), a URL or a URL string. Browsers fetch; Node, Deno and Bun read file: URLs from disk;
// the `jsc` shell (no fetch, no URL class) reads paths with read(path, "binary").
//
// `openSource` does not consume a Response body, so that the caller can still choose between
// WebAssembly.compileStreaming (native path) and reading the bytes (lowered path).

const WASM_MAGIC = [0x00, 0x61, 0x73, 0x6d];

const isResponse = (x) =>
  (typeof Response === "function" && x instanceof Response) ||
  (x !== null && typeof x === "object" && typeof x.arrayBuffer === "function" && "headers" in x && "ok" in x);

/** A byte view of an ArrayBuffer or any ArrayBufferView, or null for other values. */
export function asBytes(x) {
  if (x instanceof Uint8Array) return x;
  if (x instanceof ArrayBuffer) return new Uint8Array(x);
  if (ArrayBuffer.isView(x)) return new Uint8Array(x.buffer, x.byteOffset, x.byteLength);
  return null;
}

/**
 * Throws a TypeError that says what `bytes` look like when they are not a binary WebAssembly
 * module (`what` names where they came from).
 */
export function checkWasm(bytes, what) {
  if (bytes.length >= 4 && WASM_MAGIC.every((b, i) => bytes[i] === b)) return bytes;
  const start = String.fromCharCode(...bytes.subarray(0, 16)).replace(/[^\x20-\x7e]/g, ".");
  const hint = /^\s*\(module/.test(start) ? " (this looks like the text format: compile it to .wasm first)"
    : /^\s*</.test(start) ? " (this looks like HTML: is the URL right?)"
    : "";
  throw new TypeError(`${what} is not a WebAssembly module: it starts with ${JSON.stringify(start)}, not "\\0asm"${hint}`);
}

/** `relative` resolved against `base`, both URL strings; works without a URL class (jsc). */
export function resolveUrl(relative, base) {
  if (typeof URL === "function") return new URL(relative, base).href;
  if (/^[a-z][a-z0-9+.-]*:/i.test(relative)) return relative;
  const dir = base.slice(0, base.lastIndexOf("/") + 1);
  const parts = (dir + relative).split("/");
  const out = [];
  for (const part of parts) {
    if (part === "..") {
      if (out.length > 3) out.pop();
    } else if (part !== ".") {
      out.push(part);
    }
  }
  return out.join("/");
}

function filePath(url) {
  const path = decodeURIComponent(url.replace(/^file:\/\/[^/]*/, ""));
  // file:///C:/x -> C:/x on Windows.
  return /^\/[A-Za-z]:\//.test(path) ? path.slice(1) : path;
}

const isNodeLike = () => typeof globalThis.process === "object" && !!globalThis.process?.versions?.node;

/** Reads a file: URL or a plain path with whatever the host offers. */
async function readLocal(url) {
  const path = url.startsWith("file:") ? filePath(url) : url;
  if (typeof globalThis.Deno === "object" && typeof globalThis.Deno.readFile === "function") {
    return await globalThis.Deno.readFile(path);
  }
  if (isNodeLike()) {
    // Node and Bun; kept out of reach of browser bundlers.
    const fs = await import(/* webpackIgnore: true */ "node:fs/promises");
    return new Uint8Array(await fs.readFile(path));
  }
  if (typeof globalThis.read === "function") {
    // jsc shell: read(path, "binary") gives a Uint8Array.
    return asBytes(globalThis.read(path, "binary"));
  }
  throw new TypeError(`cannot read ${url}: this host has no file access (pass the bytes or a Response instead)`);
}

/** The bytes at `url` (a string), fetched or read from disk as the host allows. */
export async function readUrl(url) {
  const local = url.startsWith("file:") || !/^[a-z][a-z0-9+.-]*:/i.test(url);
  if (local && (typeof fetch !== "function" || isNodeLike() || typeof globalThis.Deno === "object")) {
    return await readLocal(url);
  }
  if (typeof fetch !== "function") throw new TypeError(`cannot fetch ${url}: this host has no fetch`);
  return await responseBytes(await fetch(url), url);
}

/** The whole body of `response`, after checking its status. */
export async function responseBytes(response, what = response.url || "the response") {
  if (!response.ok) throw new TypeError(`cannot load ${what}: HTTP ${response.status} ${response.statusText ?? ""}`.trim());
  return new Uint8Array(await response.arrayBuffer());
}

function urlString(source) {
  if (typeof source === "string") {
    // A relative string resolves against the page when there is one, else it is a path.
    const base = globalThis.location?.href;
    return base && typeof URL === "function" ? new URL(source, base).href : source;
  }
  if (typeof URL === "function" && source instanceof URL) return source.href;
  return null;
}

/**
 * Opens `source` without consuming it: `{ bytes }` for bytes and local files, `{ response }`
 * for responses (fetched URLs included), each with `what` (a name for error messages).
 */
export async function openSource(source) {
  source = await source;
  const bytes = asBytes(source);
  if (bytes) return { bytes, what: "the given bytes" };
  if (isResponse(source)) return { response: source, what: source.url || "the response" };
  const url = urlString(source);
  if (url === null) {
    throw new TypeError("polymem: the source must be bytes (Uint8Array, ArrayBuffer), a Response, a promise of a Response, a URL or a URL string");
  }
  const local = url.startsWith("file:") || !/^[a-z][a-z0-9+.-]*:/i.test(url);
  if (!local && typeof fetch === "function") {
    const response = await fetch(url);
    if (!response.ok) throw new TypeError(`cannot load ${url}: HTTP ${response.status}`);
    return { response, what: url };
  }
  return { bytes: await readUrl(url), what: url };
}

/** The bytes of an opened source (consuming a response), checked to be binary WebAssembly. */
export async function sourceBytes(opened) {
  const bytes = opened.bytes ?? (await responseBytes(opened.response, opened.what));
  return checkWasm(bytes, opened.what);
}
