// Rebuilds demo/example.wasm (committed, so the page needs no build step) from the repository's
// examples/multi-memory.wat with the wat2wasm example of crates/lower-wasm:
//   node demo/make-example.mjs            (from js/polymem; needs cargo)

import { execFileSync } from "node:child_process";
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const demo = dirname(fileURLToPath(import.meta.url));
const repo = join(demo, "..", "..", "..");
const out = mkdtempSync(join(tmpdir(), "polymem-demo-"));
try {
  execFileSync(
    "cargo",
    ["run", "-q", "-p", "polymem-lower-wasm", "--example", "wat2wasm", "--",
      join(repo, "examples", "multi-memory.wat"), out],
    { cwd: repo, stdio: "inherit", env: { ...process.env, CARGO_TARGET_DIR: process.env.CARGO_TARGET_DIR ?? join(repo, "target", "web") } },
  );
  copyFileSync(join(out, "multi-memory.wasm"), join(demo, "example.wasm"));
} finally {
  rmSync(out, { recursive: true, force: true });
}
console.log(`wrote ${join(demo, "example.wasm")}`);
