// The parameter and result types of a module's exported functions, which the page needs to
// read typed arguments (`inspect()` lists exports by kind only, and JS reflection has no types).
// Reads just the type, import, function and export sections of a module the engine or
// `inspect()` has already validated; anything it does not understand throws a clear Error.

const VALUE_TYPES = {
  0x7f: "i32",
  0x7e: "i64",
  0x7d: "f32",
  0x7c: "f64",
  0x7b: "v128",
  0x70: "funcref",
  0x6f: "externref",
};

class Reader {
  constructor(bytes, start = 0, end = bytes.length) {
    this.bytes = bytes;
    this.at = start;
    this.end = end;
  }
  byte() {
    if (this.at >= this.end) throw new Error("unexpected end of section");
    return this.bytes[this.at++];
  }
  // Unsigned LEB128 up to 32 bits: counts, indices and lengths.
  u32() {
    let result = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      const b = this.byte();
      result += (b & 0x7f) * 2 ** shift;
      if (!(b & 0x80)) return result;
    }
    throw new Error("LEB128 number too long");
  }
  // Signed LEB128 (a heap type index in a reference type); only skipped here.
  skipLeb() {
    while (this.byte() & 0x80);
  }
  name() {
    const length = this.u32();
    const start = this.at;
    this.at += length;
    if (this.at > this.end) throw new Error("name runs past its section");
    return decodeUtf8(this.bytes.subarray(start, this.at));
  }
  valueType() {
    const code = this.byte();
    if (code in VALUE_TYPES) return VALUE_TYPES[code];
    // (ref null? heaptype): the page can only pass null for it.
    if (code === 0x63 || code === 0x64) {
      this.skipLeb();
      return "ref";
    }
    throw new Error(`value type 0x${code.toString(16)} is not supported by the demo`);
  }
  limits() {
    const flags = this.byte();
    this.u32();
    if (flags & 1) this.u32();
  }
}

function decodeUtf8(bytes) {
  return new TextDecoder().decode(bytes);
}

function readImport(r) {
  r.name();
  r.name();
  const kind = r.byte();
  switch (kind) {
    case 0x00: return { kind: "function", type: r.u32() };
    case 0x01: r.valueType(); r.limits(); return { kind: "table" };
    case 0x02: r.limits(); return { kind: "memory" };
    case 0x03: r.valueType(); r.byte(); return { kind: "global" };
    case 0x04: r.byte(); r.u32(); return { kind: "tag" };
    default: throw new Error(`import kind 0x${kind.toString(16)} is not supported by the demo`);
  }
}

// Returns Map(export name -> { params: [type], results: [type] }) for the exported functions.
export function exportedFunctionTypes(bytes) {
  const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  const types = [];
  const functionTypes = []; // type index per function, imported functions first
  const exported = new Map();
  const r = new Reader(view, 8);
  while (r.at < view.length) {
    const id = r.byte();
    const size = r.u32();
    const s = new Reader(view, r.at, r.at + size);
    r.at += size;
    if (id === 1) {
      for (let n = s.u32(); n > 0; n--) {
        const form = s.byte();
        // Only plain function types (0x60); the GC proposal's rec groups are out of scope.
        if (form !== 0x60) throw new Error(`type form 0x${form.toString(16)} is not supported by the demo`);
        const params = Array.from({ length: s.u32() }, () => s.valueType());
        const results = Array.from({ length: s.u32() }, () => s.valueType());
        types.push({ params, results });
      }
    } else if (id === 2) {
      for (let n = s.u32(); n > 0; n--) {
        const entry = readImport(s);
        if (entry.kind === "function") functionTypes.push(entry.type);
      }
    } else if (id === 3) {
      for (let n = s.u32(); n > 0; n--) functionTypes.push(s.u32());
    } else if (id === 7) {
      for (let n = s.u32(); n > 0; n--) {
        const name = s.name();
        const kind = s.byte();
        const index = s.u32();
        if (kind === 0x00) exported.set(name, types[functionTypes[index]] ?? { params: [], results: [] });
      }
    }
  }
  return exported;
}
