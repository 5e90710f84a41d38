// Host side of polymem's lowered modules: reads the `polymem.memory-layout` custom section and,
// when the module bridges memories, supplies the `polymem:bridge` imports (see the crate docs
// of polymem-transform). Dependency-free ESM; Node 20 or any engine with WebAssembly.

const PAGE = 65536;
const LAYOUT_SECTION = "polymem.memory-layout";
const BRIDGE = "polymem:bridge";

/** The parsed layout document of a lowered module, or null when it has none. */
export function readLayout(module) {
  const sections = WebAssembly.Module.customSections(module, LAYOUT_SECTION);
  if (sections.length === 0) return null;
  return JSON.parse(new TextDecoder().decode(sections[0]));
}

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
  checkMemoryType(memory, m.min, m.max, what);
  return memory;
}

function newMemory(min, max) {
  return new WebAssembly.Memory(max === null ? { initial: min } : { initial: min, maximum: max });
}

/**
 * Instantiates a (possibly lowered) module. Returns `{ instance, exports, layout }`; `exports`
 * includes the bridged memories the original module exported.
 */
export function instantiateLowered(module, imports = {}) {
  const layout = readLayout(module);
  if (!layout || !layout.bridge) {
    const instance = new WebAssembly.Instance(module, imports);
    return { instance, exports: instance.exports, layout };
  }
  const memories = [];
  const bridgedExports = {};
  for (const m of layout.memories) {
    if (m.place !== "bridged") continue;
    const memory = m.import ? resolveImport(imports, m) : newMemory(m.min, m.max);
    memories[m.bridge_id] = memory;
    for (const name of m.exports) bridgedExports[name] = memory;
  }
  const combined = newMemory(layout.memory.min, layout.memory.max);
  const memoryOf = (id) => (id === -1 ? combined : memories[id]);
  // Byte views, renewed when a memory grows (growing replaces its ArrayBuffer).
  const views = new Map();
  const view = (memory) => {
    let v = views.get(memory);
    if (v === undefined || v.buffer !== memory.buffer) {
      v = new Uint8Array(memory.buffer);
      views.set(memory, v);
    }
    return v;
  };
  // Loads and stores move at most 16 bytes; bulk operations were checked by the module.
  const move = (to, dst, from, src, n) => {
    if (n <= 16) {
      for (let i = 0; i < n; i++) to[dst + i] = from[src + i];
    } else {
      to.set(from.subarray(src, src + n), dst);
    }
  };
  const bridge = {
    combined,
    size: (id) => memories[id].buffer.byteLength / PAGE,
    grow: (id, delta) => {
      try {
        return memories[id].grow(delta >>> 0);
      } catch {
        return -1;
      }
    },
    // Loads and stores: 1 (and nothing moved) when addr + offset + n is out of bounds.
    read: (id, addr, offset, scratch, n) => {
      const from = view(memories[id]);
      const at = (addr >>> 0) + (offset >>> 0);
      if (at + (n >>> 0) > from.length) return 1;
      move(view(combined), scratch >>> 0, from, at, n >>> 0);
      return 0;
    },
    write: (id, addr, offset, scratch, n) => {
      const to = view(memories[id]);
      const at = (addr >>> 0) + (offset >>> 0);
      if (at + (n >>> 0) > to.length) return 1;
      move(to, at, view(combined), scratch >>> 0, n >>> 0);
      return 0;
    },
    fill: (id, addr, value, n) => view(memories[id]).fill(value & 0xff, addr >>> 0, (addr >>> 0) + (n >>> 0)),
    copy: (dstId, dst, srcId, src, n) => {
      const to = view(memoryOf(dstId));
      const from = view(memoryOf(srcId));
      [dst, src, n] = [dst >>> 0, src >>> 0, n >>> 0];
      if (to.buffer === from.buffer) {
        // Same memory object (also when two imports alias one memory): memmove.
        to.copyWithin(dst, src, src + n);
      } else {
        to.set(from.subarray(src, src + n), dst);
      }
    },
  };
  const withBridge = new Proxy(imports, {
    get: (target, key) => (key === BRIDGE ? bridge : target[key]),
  });
  const instance = new WebAssembly.Instance(module, withBridge);
  const exports = Object.assign({}, instance.exports, bridgedExports);
  return { instance, exports, layout };
}
