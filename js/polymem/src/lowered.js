// Host side of polymem's lowered modules (see the crate docs of polymem-transform): reads the
// layout section, supplies the `polymem:bridge` imports when the module bridges memories, and
// rebuilds the original module's exports. Dependency-free ESM for any host with WebAssembly.
//
// The in-place exported memory. A lowered module keeps one exported memory (memory 0 when it
// is exported, as with wasm-bindgen and Emscripten) at byte 0 of its one real memory, the
// *combined* memory, and exports that real `WebAssembly.Memory` under the original names, so
// glue code indexes `memory.buffer` with the original addresses and Wasm accesses it with
// plain loads and stores. What a JS observer of that memory sees differently from native:
//
// - `memory.buffer.byteLength` is the combined memory's size: the memory's logical size, plus
//   its *room* (zeroed pages reserved for growth, up to as much again) and the private
//   memories stored above it (and, when other memories are bridged, a one-page scratch area).
//   Bytes past the logical size are readable and writable from JS without a RangeError;
//   writing there corrupts the private memories (native would throw or not have the bytes).
//   The logical size is `exports[polymemSize]()` pages, see `layout.in_place.size_export`.
// - `memory.grow(n)` is an own property added to the object. Since JS sees a memory of
//   `seen = byteLength / 65536` pages, it makes the logical size `seen + n` pages (Emscripten's
//   heap growth computes `n` from `byteLength`), or the logical size plus `n` when that would
//   pass the memory's maximum. When glue asks for a size below `seen` (always once memory 0's
//   maximum is reserved, see below), its request arrives wrapped past 2^16 pages (`>>> 16`) or
//   negative (`/ 65536 | 0`, `/ 65536`): `growTargets` recovers the size it wants from those
//   forms, which no native call can take (a native `grow` throws a TypeError on a negative
//   delta and a RangeError past 65,536 pages). It returns the old `seen` and throws a
//   RangeError past the memory's own maximum or the host's limit. So the logical size may grow
//   by more than `n` pages (by the room and the private memories' size). Growth within the
//   room does not change `buffer` (not detached); growth past it replaces the buffer
//   (detaching the old one, as native does) and moves the private memories. A plain
//   `WebAssembly.Memory.prototype.grow.call(memory, n)` grows the combined memory instead and
//   does not change the logical size: the pages land at the top of the combined memory, above
//   the private memories, whose explicit bounds checks (and grow helpers, which grow by what
//   `memory.size` lacks) absorb them; memory 0 cannot use them. The exact logical size and
//   growth by exactly `n` pages are the helper exports `layout.in_place.size_export` /
//   `grow_export` of `instance.exports`.
// - Memory 0's declared maximum is reserved (its room is all of it: the lowering's default
//   `reserve_max`) when it has one of at most `reserve_cap` pages (default 1 GiB, so not
//   Emscripten's default 2 GiB: the reserve is part of the initial memory, which iOS Safari
//   may refuse at 2 GiB): `byteLength` is then at least
//   that maximum from the start, and heap heuristics reading it see that size (Emscripten
//   over-grows by `min(20% of HEAPU8.length, 96 MiB)` past the requested size: 96 MiB
//   here). An `ArrayBuffer`'s length is fixed and `buffer` must be the memory's own buffer
//   for Wasm and JS to share bytes, so no object the package could return as `buffer` would
//   show the logical size: only the growth requests can be made exact, and are.
// - Growth of a private memory stored above it can grow the combined memory, which detaches
//   `buffer` (natively a private memory's growth never touches the exported one's buffer).
//   The memory on top reserves as much again as its size to make that rare. Glue that checks
//   `byteLength === 0` before using its cached views (wasm-bindgen) is unaffected; glue that
//   never refreshes views after growth it did not request itself (older Emscripten output) reads
//   a detached buffer after such a growth.
// - Growth from Wasm within the room does not detach `buffer` either (native always does on a
//   non-zero grow), so code that detects growth by detachment alone sees it late; code that
//   compares `byteLength` with its expected size, as Emscripten's does, still works.
// - A module importing it natively would see the whole combined memory (its maximum too).
//   `instantiate()` (src/instantiate.js) therefore lowers every module that imports such a
//   memory, even one with a single memory and even on engines with multi-memory, with the
//   import named in the lowering's `bridge_imports` (`inPlaceImports` below finds them): the
//   import is bridged, and this host checks and grows it with the exporter's logical size,
//   maximum and grow helper. That is exact, at a host call per access of that memory.
// - `instanceof WebAssembly.Memory` holds; `memory.grow !== WebAssembly.Memory.prototype.grow`.

import { readLayout } from "./layout.js";

const PAGE = 65536;

// Combined memories exported in place, to their logical size and growth (for other lowered
// modules importing them through this host).
const inPlace = new WeakMap();

function leb(n) {
  const out = [];
  do {
    let byte = n % 128;
    n = Math.floor(n / 128);
    if (n > 0) byte |= 0x80;
    out.push(byte);
  } while (n > 0);
  return out;
}

/** Throws the engine's own LinkError unless `memory` matches the import type (min, max). */
function checkMemoryType(memory, min, max, what) {
  const limits = max === null ? [0, ...leb(min)] : [1, ...leb(min), ...leb(max)];
  const entry = [1, 0x6d, 1, 0x6d, 2, ...limits];
  const section = [1, ...entry];
  const bytes = new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 2, ...leb(section.length), ...section]);
  try {
    new WebAssembly.Instance(new WebAssembly.Module(bytes), { m: { m: memory } });
  } catch (e) {
    if (e instanceof WebAssembly.LinkError) {
      throw new WebAssembly.LinkError(`${what}: ${e.message}`);
    }
    throw e;
  }
}

/** A host memory a bridged memory resolves to: `size()`, `grow(delta)`, `bytes()` (in bounds). */
function plainMemory(memory) {
  let view = null;
  const bytes = () => {
    if (view === null || view.buffer !== memory.buffer) view = new Uint8Array(memory.buffer);
    return view;
  };
  const grow = (delta) => {
    try {
      return memory.grow(delta);
    } catch {
      return -1;
    }
  };
  return { memory, size: () => memory.buffer.byteLength / PAGE, grow, bytes };
}

/** An in-place memory of another lowered instance: only its logical bytes are in bounds. */
function inPlaceMemory(memory, owner) {
  const bytes = () => new Uint8Array(memory.buffer, 0, owner.size() * PAGE);
  return { memory, size: owner.size, grow: owner.grow, bytes };
}

function resolveImport(imports, m) {
  const [module, name] = m.import;
  const what = `memory import ${JSON.stringify(module)} ${JSON.stringify(name)} (memory ${m.index})`;
  const namespace = imports?.[module];
  if (namespace === null || (typeof namespace !== "object" && typeof namespace !== "function")) {
    throw new TypeError(`${what}: module is not an object or function`);
  }
  const memory = namespace[name];
  if (!(memory instanceof WebAssembly.Memory)) {
    throw new WebAssembly.LinkError(`${what}: memory import must be a WebAssembly.Memory object`);
  }
  const owner = inPlace.get(memory);
  if (owner === undefined) {
    checkMemoryType(memory, m.min, m.max, what);
    return plainMemory(memory);
  }
  const size = owner.size();
  if (size < m.min || (m.max !== null && (owner.max === null || owner.max > m.max))) {
    throw new WebAssembly.LinkError(
      `${what}: incompatible import type: memory of ${size} pages, maximum ${owner.max}, ` +
        `imported with limits ${m.min}..${m.max}`,
    );
  }
  return inPlaceMemory(memory, owner);
}

function newMemory(min, max) {
  return new WebAssembly.Memory(max === null ? { initial: min } : { initial: min, maximum: max });
}

/** The `polymem:bridge` namespace over the bridged memories (by id) and the combined memory. */
function bridgeImports(memories, combined) {
  const whole = plainMemory(combined);
  const memoryOf = (id) => (id === -1 ? whole : memories[id]);
  // Loads and stores move at most 16 bytes; bulk operations were checked by the module.
  const move = (to, dst, from, src, n) => {
    if (n <= 16) {
      for (let i = 0; i < n; i++) to[dst + i] = from[src + i];
    } else {
      to.set(from.subarray(src, src + n), dst);
    }
  };
  return {
    combined,
    size: (id) => memories[id].size(),
    grow: (id, delta) => memories[id].grow(delta >>> 0),
    // Loads and stores: 1 (and nothing moved) when addr + offset + n is out of bounds.
    read: (id, addr, offset, scratch, n) => {
      const from = memories[id].bytes();
      const at = (addr >>> 0) + (offset >>> 0);
      if (at + (n >>> 0) > from.length) return 1;
      move(whole.bytes(), scratch >>> 0, from, at, n >>> 0);
      return 0;
    },
    write: (id, addr, offset, scratch, n) => {
      const to = memories[id].bytes();
      const at = (addr >>> 0) + (offset >>> 0);
      if (at + (n >>> 0) > to.length) return 1;
      move(to, at, whole.bytes(), scratch >>> 0, n >>> 0);
      return 0;
    },
    fill: (id, addr, value, n) =>
      memories[id].bytes().fill(value & 0xff, addr >>> 0, (addr >>> 0) + (n >>> 0)),
    copy: (dstId, dst, srcId, src, n) => {
      const to = memoryOf(dstId).bytes();
      const from = memoryOf(srcId).bytes();
      [dst, src, n] = [dst >>> 0, src >>> 0, n >>> 0];
      if (to.buffer === from.buffer) {
        // Same memory object (also when two imports alias one memory): memmove.
        to.copyWithin(dst, src, src + n);
      } else {
        to.set(from.subarray(src, src + n), dst);
      }
    },
  };
}

/** Everything needed before instantiation: the layout, the imports to pass, bridged exports. */
function prepare(module, imports) {
  const layout = readLayout(module);
  if (!layout || !layout.bridge) return { module, layout, imports, bridged: new Map() };
  const memories = [];
  const bridged = new Map();
  for (const m of layout.memories) {
    if (m.place !== "bridged") continue;
    const memory = m.import ? resolveImport(imports, m) : plainMemory(newMemory(m.min, m.max));
    memories[m.bridge_id] = memory;
    m.exports.forEach((name, i) => bridged.set(m.export_positions[i], [name, memory.memory]));
  }
  const combined = newMemory(layout.memory.min, layout.memory.max);
  const bridge = bridgeImports(memories, combined);
  const key = layout.bridge.module;
  const withBridge = new Proxy(imports, {
    get: (target, name) => (name === key ? bridge : target[name]),
  });
  return { module, layout, imports: withBridge, bridged };
}

/**
 * What a `grow(delta)` call on an in-place memory asks for, as page deltas of its logical size
 * (`logical` pages) to try in order; `null` entries are skipped. JS sees `seen` pages
 * (`buffer.byteLength`, which also counts the room and the private memories above), and glue
 * sizes its request from that: Emscripten grows by `(size - byteLength + 65535) >>> 16`
 * (3.1.6), `... / 65536 | 0` or `... / 65536` (later versions) to reach `size` bytes, so
 * `seen + delta` is the size it wants, in pages. When that `size` is below `seen` (always once
 * a lowering reserves memory 0's maximum) the request arrives wrapped modulo 2^16 pages (`>>>`),
 * negative and truncated toward zero (`| 0`: one page more than `size` when `size` is
 * page-aligned, as Emscripten's is), or negative and fractional. Each form is recognised by what
 * a native call could never be (past 65,536 pages in all; negative), so the target is exact for
 * all three. A plain request (`seen + delta` fits 2^16 pages) grows to `seen + delta` pages, and
 * when that passes the memory's maximum, by `delta` pages from its logical size. Throws the
 * TypeError native `grow` throws for a delta that is not a number in range.
 */
export function growTargets(delta, seen, logical) {
  const pages = Number(delta);
  if (!Number.isFinite(pages) || pages <= -(2 ** 32) || pages >= 2 ** 32) {
    throw new TypeError(`WebAssembly.Memory.grow(): invalid page count ${delta}`);
  }
  const to = (target) => (target >= logical ? target - logical : null);
  if (pages < 0) {
    // A byteLength-based request for a size below what JS sees (native throws a TypeError
    // for delta <= -1 and grows by 0 for -1 < delta < 0).
    const target = Math.floor(seen + pages);
    return Number.isInteger(pages) ? [to(target), to(target - 1)] : [to(target)];
  }
  const whole = Math.trunc(pages);
  if (seen + whole > 65536) return [to(seen + whole - 65536), whole];
  return [to(seen + whole), whole];
}

/** Gives the in-place memory its own `grow` and registers it for importers. */
function adoptInPlace(layout, instance) {
  const { memory: index, size_export: sizeName, grow_export: growName } = layout.in_place;
  const info = layout.memories[index];
  const memory = instance.exports[info.exports[0]];
  const size = instance.exports[sizeName];
  const growHelper = instance.exports[growName];
  const grow = (delta) => growHelper(delta | 0);
  Object.defineProperty(memory, "grow", {
    configurable: true,
    writable: true,
    enumerable: false,
    // Returns the old byteLength in pages, as native `grow` returns the old size the caller saw.
    value: function grow(delta) {
      const seen = Math.floor(memory.buffer.byteLength / PAGE);
      for (const target of growTargets(delta, seen, size())) {
        if (target !== null && growHelper(target) !== -1) return seen;
      }
      throw new RangeError("WebAssembly.Memory.grow(): Maximum memory size exceeded");
    },
  });
  inPlace.set(memory, { size, grow, max: info.max });
  return new Set([sizeName, growName]);
}

/**
 * The `[module, name]` pairs of `imports` (an import object) whose value is a memory kept in
 * place by a lowered instance: a module importing one of them must be lowered with it in
 * `bridgeImports` (see the header). Reads every namespace's own enumerable properties.
 */
export function inPlaceImports(imports) {
  const found = [];
  if (imports === null || typeof imports !== "object") return found;
  for (const module of Object.keys(imports)) {
    const namespace = imports[module];
    if (namespace === null || (typeof namespace !== "object" && typeof namespace !== "function")) continue;
    for (const name of Object.keys(namespace)) {
      if (inPlace.has(namespace[name])) found.push([module, name]);
    }
  }
  return found;
}

/**
 * The size in pages a native observer would see for `memory`: the logical size of an exported
 * memory kept in place by a lowered instance (instantiated through this module), else
 * `buffer.byteLength / 65536`.
 */
export function memoryPages(memory) {
  const owner = inPlace.get(memory);
  return owner === undefined ? memory.buffer.byteLength / PAGE : owner.size();
}

/** The original module's exports, in its order, over the lowered instance. */
function finish({ module, layout, bridged }, instance) {
  if (!layout) return { instance, exports: instance.exports, layout };
  const helpers = layout.in_place ? adoptInPlace(layout, instance) : new Set();
  const names = WebAssembly.Module.exports(module)
    .map((e) => e.name)
    .filter((name) => !helpers.has(name));
  const entries = names.map((name) => [name, instance.exports[name]]);
  for (const at of [...bridged.keys()].sort((a, b) => a - b)) entries.splice(at, 0, bridged.get(at));
  const exports = Object.create(null);
  for (const [name, value] of entries) exports[name] = value;
  return { instance, exports: Object.freeze(exports), layout };
}

/**
 * Instantiates a (possibly lowered) `WebAssembly.Module` with `imports`. Resolves to
 * `{ instance, exports, layout }`: `exports` has exactly the original module's exports in
 * their order (bridged memories included, the `polymem.*` helpers left out); `layout` is the
 * layout document or null. Uses the asynchronous `WebAssembly.instantiate`, which browsers
 * require for big modules on the main thread.
 */
export async function instantiateLowered(module, imports = {}) {
  const prepared = prepare(module, imports);
  const instance = await WebAssembly.instantiate(module, prepared.imports);
  return finish(prepared, instance);
}

/** The synchronous `instantiateLowered`, for hosts and tests that cannot wait. */
export function instantiateLoweredSync(module, imports = {}) {
  const prepared = prepare(module, imports);
  return finish(prepared, new WebAssembly.Instance(module, prepared.imports));
}
