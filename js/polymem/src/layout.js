// Reads the `polymem.memory-layout` custom section of a lowered module: the document written by
// polymem-transform's `Layout` type in its binary form (version 3; `Layout::to_bytes` in
// crates/transform/src/section_bytes.rs, whose docs and the crate docs describe the format),
// decoded into the object its JSON form (`polymem lower --emit-layout`) would give: the same
// field names and enum strings, `null` for absent options. Runs in any host with WebAssembly,
// including the `jsc` shell, which has no TextDecoder: hence the small UTF-8 decoder below.

export const LAYOUT_SECTION = "polymem.memory-layout";
export const LAYOUT_VERSION = 3;

/**
 * Decodes UTF-8 bytes; malformed sequences become U+FFFD (as TextDecoder does by default, one
 * replacement per maximal invalid subpart is not attempted: a layout is valid UTF-8 anyway).
 */
export function decodeUtf8(bytes) {
  let out = "";
  const codes = [];
  const flush = () => {
    out += String.fromCharCode.apply(null, codes);
    codes.length = 0;
  };
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i];
    let cp = 0xfffd;
    let n = 1;
    if (b < 0x80) {
      cp = b;
    } else if (b >= 0xc2 && b < 0xe0) {
      [cp, n] = [b & 0x1f, 2];
    } else if (b >= 0xe0 && b < 0xf0) {
      [cp, n] = [b & 0x0f, 3];
    } else if (b >= 0xf0 && b < 0xf5) {
      [cp, n] = [b & 0x07, 4];
    }
    if (n > 1) {
      let ok = i + n <= bytes.length;
      for (let k = 1; ok && k < n; k++) {
        const c = bytes[i + k];
        if ((c & 0xc0) !== 0x80) ok = false;
        else cp = (cp << 6) | (c & 0x3f);
      }
      // Overlong forms, surrogates and code points past U+10FFFF are invalid.
      const least = n === 3 ? 0x800 : 0x10000;
      if (!ok || (n > 2 && cp < least) || (cp >= 0xd800 && cp < 0xe000) || cp > 0x10ffff) {
        [cp, n] = [0xfffd, 1];
      }
    }
    if (cp > 0xffff) {
      cp -= 0x10000;
      codes.push(0xd800 + (cp >> 10), 0xdc00 + (cp & 0x3ff));
    } else {
      codes.push(cp);
    }
    if (codes.length > 4096) flush();
    i += n;
  }
  flush();
  return out;
}

/** A reader of the binary form; each method throws a TypeError on malformed input. */
class Reader {
  constructor(bytes) {
    this.bytes = bytes;
    this.at = 1;
  }
  fail(what) {
    throw new TypeError(`${LAYOUT_SECTION}: malformed at byte ${this.at}: ${what}`);
  }
  byte() {
    if (this.at >= this.bytes.length) this.fail("unexpected end");
    return this.bytes[this.at++];
  }
  // LEB128; every integer of a layout (pages, byte addresses below 2^33, indices) is exact
  // in a double.
  uint() {
    let value = 0;
    for (let scale = 1; scale < 2 ** 64; scale *= 128) {
      const b = this.byte();
      value += (b & 0x7f) * scale;
      if ((b & 0x80) === 0) return value;
    }
    return this.fail("integer too large");
  }
  len() {
    const n = this.uint();
    if (n > this.bytes.length - this.at) this.fail("bad length");
    return n;
  }
  str() {
    const n = this.len();
    const s = decodeUtf8(this.bytes.subarray(this.at, this.at + n));
    this.at += n;
    return s;
  }
  pair() {
    return [this.str(), this.str()];
  }
  opt(read) {
    const flag = this.byte();
    if (flag > 1) this.fail("bad option flag");
    return flag === 1 ? read() : null;
  }
  list(read) {
    const n = this.len();
    const out = [];
    for (let i = 0; i < n; i++) out.push(read());
    return out;
  }
  pick(values) {
    const b = this.byte();
    if (b >= values.length) this.fail("bad enum value");
    return values[b];
  }
}

/** Decodes the binary form (see the file comment). */
export function decodeLayout(bytes) {
  if (bytes[0] === 0x7b) {
    throw new TypeError(
      `${LAYOUT_SECTION}: a JSON document (version 2, written by an older polymem) is not the ` +
        `supported binary version ${LAYOUT_VERSION}: lower the original module again`,
    );
  }
  if (bytes[0] !== LAYOUT_VERSION) {
    throw new TypeError(
      `${LAYOUT_SECTION}: version ${bytes[0] ?? "(missing)"} is not the supported version ${LAYOUT_VERSION}`,
    );
  }
  const r = new Reader(bytes);
  const uint = () => r.uint();
  const str = () => r.str();
  const pair = () => r.pair();
  const layout = { version: LAYOUT_VERSION };
  layout.memory = {
    kind: r.pick(["direct", "combined", "imported-combined"]),
    memory: r.opt(uint),
    min: r.uint(),
    max: r.opt(uint),
    import: r.opt(pair),
  };
  layout.scratch = r.opt(() => ({ base: r.uint(), base_global: r.opt(uint), bytes: r.uint() }));
  layout.bridge = r.opt(() => ({ module: r.str(), functions: r.list(str) }));
  layout.in_place = r.opt(() => ({ memory: r.uint(), size_export: r.str(), grow_export: r.str() }));
  layout.memories = r.list(() => ({
    index: r.uint(),
    address: r.pick(["i32", "i64"]),
    min: r.uint(),
    max: r.opt(uint),
    import: r.opt(pair),
    exports: r.list(str),
    export_positions: r.list(uint),
    place: r.pick(["direct", "combined", "in-place", "bridged"]),
    base: r.opt(uint),
    room: r.opt(uint),
    base_global: r.opt(uint),
    pages_global: r.opt(uint),
    bytes_global: r.opt(uint),
    room_global: r.opt(uint),
    bridge_id: r.opt(uint),
  }));
  if (r.at !== bytes.length) {
    throw new TypeError(`${LAYOUT_SECTION}: ${bytes.length - r.at} bytes after the document`);
  }
  return layout;
}

/**
 * The layout document of `module` (a WebAssembly.Module), or null when it has none (modules
 * with 0 or 1 memory are not rewritten). Throws a TypeError for a document of another version
 * (a version 2 JSON document included) or a malformed one.
 */
export function readLayout(module) {
  const sections = WebAssembly.Module.customSections(module, LAYOUT_SECTION);
  if (sections.length === 0) return null;
  return decodeLayout(new Uint8Array(sections[0]));
}
