// What a test script needs from its host, for every engine a lane runs: Node, Deno, Bun and
// the jsc shell (which has print/read/arguments instead of console/fs/argv).

const isDeno = typeof globalThis.Deno === "object";
const isNodeLike = !isDeno && typeof globalThis.process === "object" && !!globalThis.process.versions;

/** The script's command-line arguments. */
export const args = isDeno ? [...globalThis.Deno.args]
  : isNodeLike ? globalThis.process.argv.slice(2)
  : [...(globalThis.arguments ?? globalThis.scriptArgs ?? [])];

/** Prints one line to standard output. */
export const print = typeof globalThis.console?.log === "function"
  ? (line) => globalThis.console.log(line)
  : (line) => globalThis.print(line);

const fs = isNodeLike ? await import("node:fs") : null;

/** A file's bytes. */
export function readBytes(path) {
  if (isDeno) return globalThis.Deno.readFileSync(path);
  if (fs) return new Uint8Array(fs.readFileSync(path));
  return globalThis.read(path, "binary");
}

/** A UTF-8 text file's contents. */
export function readText(path) {
  if (isDeno) return globalThis.Deno.readTextFileSync(path);
  if (fs) return fs.readFileSync(path, "utf8");
  return globalThis.read(path);
}
