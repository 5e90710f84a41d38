// Reads the `polymem.memory-layout` custom section of a lowered module: the JSON document
// written by polymem-transform's `Layout` type (its crate docs describe the format). Runs in
// any host with WebAssembly, including the `jsc` shell, which has no TextDecoder: hence the
// small UTF-8 decoder below.

export const LAYOUT_SECTION = "polymem.memory-layout";
export const LAYOUT_VERSION = 2;

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

/**
 * The layout document of `module` (a WebAssembly.Module), or null when it has none (modules
 * with 0 or 1 memory are not rewritten). Throws a TypeError for a document of another version
 * or one that is not JSON.
 */
export function readLayout(module) {
  const sections = WebAssembly.Module.customSections(module, LAYOUT_SECTION);
  if (sections.length === 0) return null;
  let layout;
  try {
    layout = JSON.parse(decodeUtf8(new Uint8Array(sections[0])));
  } catch (e) {
    throw new TypeError(`${LAYOUT_SECTION}: not a JSON document (${e.message})`);
  }
  if (layout === null || typeof layout !== "object" || layout.version !== LAYOUT_VERSION) {
    throw new TypeError(
      `${LAYOUT_SECTION}: version ${layout?.version} is not the supported version ${LAYOUT_VERSION}`,
    );
  }
  return layout;
}
