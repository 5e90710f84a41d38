// Rebuilds demo/example.wasm (committed, so the page needs no build step) from the repository's
// examples/multi-memory.wat with the small wat2wasm crate next to this script:
//   node demo/make-example.mjs            (from js/polymem; needs cargo)

import { execFileSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const demo = dirname(fileURLToPath(import.meta.url));
const repo = join(demo, "..", "..", "..");
execFileSync(
  "cargo",
  ["run", "-q", "--manifest-path", join(demo, "wat2wasm", "Cargo.toml"), "--",
    join(repo, "examples", "multi-memory.wat"), join(demo, "example.wasm")],
  { stdio: "inherit", env: { ...process.env, CARGO_TARGET_DIR: process.env.CARGO_TARGET_DIR ?? join(repo, "target", "demo") } },
);
console.log(`wrote ${join(demo, "example.wasm")}`);
