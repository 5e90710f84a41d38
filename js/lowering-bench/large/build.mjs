// Builds the large multi-memory module of the lowering throughput benchmark into out/ beside
// this script (git-ignored): `node js/lowering-bench/large/build.mjs`.
//
// 1. app/ (this workspace's lowering, the `wat` text parser and wasmi, ~5.5 MB of real code at
//    opt-level 1) for wasm32-unknown-unknown: memory 0, exported as "memory".
// 2. the wasm-bindgen fixture's plugin (js/polymem/test/fixtures/bindgen-plugin), a separately
//    built module with its own memory and an active data segment.
// 3. the fixture linker (js/polymem/test/fixtures/link) merges the plugin into the app,
//    resolving the app's `plugin` imports: the plugin's memory becomes private memory 1.
//
// Output: out/large.wasm (and the unmerged parts). Cargo builds go to $CARGO_TARGET_DIR,
// default <repo>/target/lowering-bench. Needs the wasm32-unknown-unknown target.
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, "../../..");
const fixtures = join(repo, "js/polymem/test/fixtures");
const target = process.env.CARGO_TARGET_DIR ?? join(repo, "target/lowering-bench");
const out = join(here, "out");
const WASM = "wasm32-unknown-unknown";

function cargoBuild(manifest, wasm) {
  const args = ["build", "--quiet", "--release", "--locked", "--manifest-path", manifest];
  if (wasm) args.push("--target", WASM);
  console.log(`$ cargo ${args.join(" ")}`);
  execFileSync("cargo", args, { stdio: "inherit", env: { ...process.env, CARGO_TARGET_DIR: target } });
}

mkdirSync(out, { recursive: true });
const started = Date.now();
cargoBuild(join(here, "app/Cargo.toml"), true);
cargoBuild(join(fixtures, "bindgen-plugin/Cargo.toml"), true);
cargoBuild(join(fixtures, "link/Cargo.toml"), false);

const app = join(out, "app.wasm");
const plugin = join(out, "plugin.wasm");
copyFileSync(join(target, WASM, "release/polymem_large_app.wasm"), app);
copyFileSync(join(target, WASM, "release/polymem_fixture_plugin.wasm"), plugin);
const merged = join(out, "large.wasm");
const link = join(target, "release", "polymem-fixture-link");
execFileSync(link, ["merge", app, plugin, merged, "--module", "plugin"], { stdio: "inherit" });
const seconds = ((Date.now() - started) / 1000).toFixed(1);
console.log(`${merged}: ${statSync(merged).size} bytes (app ${statSync(app).size}, plugin ${statSync(plugin).size}; ${seconds} s)`);
