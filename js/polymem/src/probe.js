// Feature probes: does this engine run multi-memory, memory64 and a mix of both? Each probe
// compiles AND runs a tiny module doing what real modules do (JavaScriptCore shipped
// multi-memory in stages, so a module that only declares two memories can validate on an engine
// that cannot run one: wasm-feature-detect's declaration-only probe would say yes there).
// Results are cached per realm. No user-agent sniffing.

// The modules are assembled here from a few byte helpers rather than stored as opaque arrays,
// so that each one can be read next to the text format it stands for.

const uleb = (n) => {
  const out = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
};
const vec = (items) => [...uleb(items.length), ...items.flat()];
const section = (id, body) => [id, ...uleb(body.length), ...body];
const str = (s) => vec([...s].map((c) => c.charCodeAt(0)));

const I32 = 0x7f;
const I64 = 0x7e;
const END = 0x0b;
const i32 = (n) => [0x41, ...sleb32(n)];
const i64 = (n) => [0x42, ...sleb32(n)]; // small constants only
function sleb32(n) {
  const out = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}
// memarg naming a memory: flag bit 6 says a memory index follows the alignment.
const memarg = (align, memory, offset = 0) => [align | 0x40, ...uleb(memory), ...uleb(offset)];
const limits = (min, max, is64 = false) => (max === undefined ? [is64 ? 0x04 : 0x00, ...uleb(min)] : [is64 ? 0x05 : 0x01, ...uleb(min), ...uleb(max)]);

/**
 * A module with one function `f: [] -> [result]` whose body is `code`, the given memories
 * (`limits(...)` byte arrays) and active data segments `[memory, offsetExpr, bytes]`.
 */
function assemble({ memories, code, result, data = [] }) {
  const body = [0x00, ...code, END]; // no locals
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vec([[0x60, 0x00, 0x01, result]])),
    ...section(3, vec([[0x00]])),
    ...section(5, vec(memories)),
    ...section(7, vec([[...str("f"), 0x00, 0x00]])),
    ...section(10, vec([[...uleb(body.length), ...body]])),
    ...(data.length ? section(11, vec(data.map(([memory, offset, bytes]) => [0x02, ...uleb(memory), ...offset, END, ...vec(bytes)]))) : []),
  ]);
}

const I32_ADD = 0x6a;
const I32_SHL = 0x74;
const I64_ADD = 0x7c;
const DROP = 0x1a;
const load8u = (m, offset = 0) => [0x2d, ...memarg(0, m, offset)];
const store8 = (m) => [0x3a, ...memarg(0, m)];
const memorySize = (m) => [0x3f, ...uleb(m)];
const memoryGrow = (m) => [0x40, ...uleb(m)];
const memoryCopy = (dst, src) => [0xfc, 0x0a, ...uleb(dst), ...uleb(src)];
const shifted = (code, bits) => [...code, ...i32(bits), I32_SHL];

// (memory 1) (memory 1 2) (data (memory 1) (i32.const 16) "\2a")
// f: store 7 at mem1[0]; copy mem1[0..32) to mem0[0..); grow mem1 by 1 (returns 1); then
//    mem0[16] (42, from mem1's segment) + mem0[0] << 8 (7) + old size << 16 (1)
//    + memory.size 1 << 20 (2) + memory.size 0 << 24 (1, untouched) + mem1[65536 + 5] (0, new page)
const MULTI_MEMORY = assemble({
  memories: [limits(1), limits(1, 2)],
  data: [[1, i32(16), [42]]],
  result: I32,
  code: [
    ...i32(0), ...i32(7), ...store8(1),
    ...i32(0), ...i32(0), ...i32(32), ...memoryCopy(0, 1),
    ...i32(16), ...load8u(0),
    ...shifted([...i32(0), ...load8u(0)], 8), I32_ADD,
    ...shifted([...i32(1), ...memoryGrow(1)], 16), I32_ADD,
    ...shifted(memorySize(1), 20), I32_ADD,
    ...shifted(memorySize(0), 24), I32_ADD,
    ...i32(65536), ...load8u(1, 5), I32_ADD,
  ],
});
const MULTI_MEMORY_RESULT = 42 + (7 << 8) + (1 << 16) + (2 << 20) + (1 << 24);

// (memory i64 1 2) f: store 9 at 60000 (i64 address), grow by 1 (returns 1), then
//    the stored byte + old size + memory.size (2), all i64.
const MEMORY64 = assemble({
  memories: [limits(1, 2, true)],
  result: I64,
  code: [
    ...i64(60000), ...i32(9), 0x3a, 0x00, 0x00, // i32.store8 align=0 offset=0
    ...i64(60000), 0x31, 0x00, 0x00, // i64.load8_u
    ...i64(1), 0x40, 0x00, I64_ADD, // memory.grow 0
    0x3f, 0x00, I64_ADD, // memory.size 0
  ],
});
const MEMORY64_RESULT = 9n + 1n + 2n;

// (memory 1) (memory i64 1) (data (memory 1) (i64.const 40000) "\05")
// f: copy 8 bytes from mem1[40000] (i64 address) to mem0[8] (i32 address; i32 length, as the
//    spec says for mixed address types); mem0[8] + memory.size 1 (i64, wrapped) << 8.
const MIXED = assemble({
  memories: [limits(1), limits(1, undefined, true)],
  data: [[1, i64(40000), [5]]],
  result: I32,
  code: [
    ...i32(8), ...i64(40000), ...i32(8), ...memoryCopy(0, 1),
    ...i32(8), ...load8u(0),
    ...memorySize(1), 0xa7, ...i32(8), I32_SHL, I32_ADD, // i32.wrap_i64
  ],
});
const MIXED_RESULT = 5 + (1 << 8);

/** Whether `bytes` compiles and instantiates and its `f()` returns `expected`. */
async function runs(bytes, expected) {
  try {
    if (!WebAssembly.validate(bytes)) return false;
    const { instance } = await WebAssembly.instantiate(bytes, {});
    return instance.exports.f() === expected;
  } catch {
    return false;
  }
}

const cache = new Map();
function cached(name, bytes, expected) {
  return () => {
    if (!cache.has(name)) cache.set(name, runs(bytes, expected));
    return cache.get(name);
  };
}

/** Whether the engine runs modules with several memories: loads, stores, memory.copy, data, grow, size. */
export const multiMemory = cached("multiMemory", MULTI_MEMORY, MULTI_MEMORY_RESULT);
/** Whether the engine runs a 64-bit memory: i64 addresses, grow and size. */
export const memory64 = cached("memory64", MEMORY64, MEMORY64_RESULT);
/** Whether the engine runs a 32-bit and a 64-bit memory in one module, copying between them. */
export const mixedMemories = cached("mixedMemories", MIXED, MIXED_RESULT);

/** The probe modules, for tests that check them against a reference engine. */
export const probeModules = { multiMemory: MULTI_MEMORY, memory64: MEMORY64, mixedMemories: MIXED };
