// `npm run build`: builds what the package and its tests need, from the Rust workspace.
//
// 1. polymem-lower.wasm: crates/lower-wasm for wasm32-unknown-unknown with the workspace's
//    `wasm-lowerer` profile (installing the target with rustup when it is missing), copied to
//    the package root (gitignored).
// 2. test/build/spec (gitignored): the spec data the lanes run, written by the
//    `dump_spec` example of polymem-transform (`original/` multi-memory spec scripts,
//    `lowering-scripts/` our own).
// 3. the program fixtures (test/fixtures/build.mjs: the wasm-bindgen and Emscripten programs
//    merged with a plugin that has its own memory) into test/build/.
//
// Every cargo command uses <repo>/target/web as its target dir: this script also runs from
// inside `cargo test` (crates/lower-wasm/tests/web_package.rs), which holds the lock of the
// default target dir.

import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, "..", "..");
const targetDir = join(repo, "target", "web");
const TARGET = "wasm32-unknown-unknown";
const PROFILE = "wasm-lowerer";

const env = { ...process.env, CARGO_TARGET_DIR: targetDir };

function run(cmd, args) {
  console.log(`$ ${cmd} ${args.join(" ")}`);
  execFileSync(cmd, args, { cwd: repo, env, stdio: "inherit" });
}

function installedTargets() {
  try {
    return execFileSync("rustup", ["target", "list", "--installed"], { encoding: "utf8" });
  } catch {
    // No rustup (a distribution toolchain): let cargo say whether the target is there.
    return TARGET;
  }
}

if (!installedTargets().split("\n").includes(TARGET)) run("rustup", ["target", "add", TARGET]);

let started = Date.now();
run("cargo", ["build", "--profile", PROFILE, "--target", TARGET, "-p", "polymem-lower-wasm"]);
const built = join(targetDir, TARGET, PROFILE, "polymem_lower_wasm.wasm");
const out = join(here, "polymem-lower.wasm");
copyFileSync(built, out);
console.log(`polymem-lower.wasm: ${statSync(out).size} bytes (${((Date.now() - started) / 1000).toFixed(1)} s)`);

started = Date.now();
run("cargo", ["run", "-q", "-p", "polymem-transform", "--example", "dump_spec", "--", join(here, "test", "build", "spec")]);
console.log(`test/build/spec written (${((Date.now() - started) / 1000).toFixed(1)} s)`);

const fixtures = join(here, "test", "fixtures", "build.mjs");
if (existsSync(fixtures)) {
  started = Date.now();
  run(process.execPath, [fixtures]);
  console.log(`fixtures built (${((Date.now() - started) / 1000).toFixed(1)} s)`);
}
