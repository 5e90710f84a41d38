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
  const bytes = (memory, start, length) => new Uint8Array(memory.buffer, start >>> 0, length >>> 0);
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
    read: (id, addr, scratch, n) => bytes(combined, scratch, n).set(bytes(memories[id], addr, n)),
    write: (id, addr, scratch, n) => bytes(memories[id], addr, n).set(bytes(combined, scratch, n)),
    fill: (id, addr, value, n) => bytes(memories[id], addr, n).fill(value & 0xff),
    copy: (dstId, dst, srcId, src, n) => {
      const to = memoryOf(dstId);
      const from = memoryOf(srcId);
      if (to === from) {
        // Same memory object (also when two imports alias one memory): memmove.
        new Uint8Array(to.buffer).copyWithin(dst >>> 0, src >>> 0, (src >>> 0) + (n >>> 0));
      } else {
        bytes(to, dst, n).set(bytes(from, src, n));
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
