// `npm test`: runs every lane of test/lanes/*.mjs, one after another, and prints a line per lane
// and suite, `<lane> <engine version> <suite>: N passed, M failed`, then the closing line
// `N passed, M failed, K skipped` (suites count by command, skipped lanes as one each).
// Exits 1 on any failure. Builds nothing: `npm run build` must have run first.
//
// Each lane module exports `lanes: [{ name, run(ctx) }]`; `run` resolves to
// `{ engine, version, suites: { [suite]: { passed, failed } }, skipped? }` with
// ctx = { root, specDir, log }; a suite may add `expected` (failures listed as expected, which
// failed as listed: reported, counted in neither total). A lane that throws counts as one failure.
// POLYMEM_LANES=node20,jsc (comma-separated lane names) runs only those lanes.

import { existsSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const specDir = join(root, "test", "build", "spec");

const needed = [join(root, "polymem-lower.wasm"), join(specDir, "original"), join(specDir, "lowering-scripts"), join(specDir, "simd-accesses")];
const missing = needed.filter((p) => !existsSync(p));
if (missing.length) {
  console.error(`missing ${missing.join(", ")}\nrun \`npm run build\` (in ${root}) before \`npm test\``);
  process.exit(1);
}

const only = process.env.POLYMEM_LANES?.split(",").filter(Boolean);
const log = (line) => console.log(line);
const lanesDir = join(root, "test", "lanes");
let passed = 0;
let failed = 0;
let skipped = 0;
let expectedFailures = 0;
const summary = [];
const started = Date.now();

for (const file of readdirSync(lanesDir).filter((f) => f.endsWith(".mjs")).sort()) {
  const { lanes } = await import(pathToFileURL(join(lanesDir, file)).href);
  for (const lane of lanes ?? []) {
    if (only && !only.includes(lane.name)) continue;
    log(`== ${lane.name} (${file})`);
    const laneStarted = Date.now();
    let result;
    try {
      result = await lane.run({ root, specDir, log });
    } catch (e) {
      failed++;
      summary.push(`${lane.name}: FAILED to run: ${e?.stack ?? e}`);
      log(`${lane.name}: FAILED to run: ${e?.stack ?? e}`);
      continue;
    }
    if (result.skipped) {
      skipped++;
      summary.push(`SKIP ${lane.name}: ${result.skipped}`);
      log(`SKIP ${lane.name}: ${result.skipped}`);
      continue;
    }
    for (const [suite, counts] of Object.entries(result.suites)) {
      passed += counts.passed;
      failed += counts.failed;
      expectedFailures += counts.expected ?? 0;
      const expected = counts.expected ? ` (+${counts.expected} expected failure${counts.expected > 1 ? "s" : ""})` : "";
      summary.push(`${lane.name} ${result.version} ${suite}: ${counts.passed} passed, ${counts.failed} failed${expected}`);
    }
    log(`   ${lane.name}: ${((Date.now() - laneStarted) / 1000).toFixed(1)} s`);
  }
}

log("");
for (const line of summary) log(line);
if (expectedFailures) log(`(${expectedFailures} expected failures, listed with their reasons in test/spec-runner.js and test/fixtures, failed as listed)`);
log(`all lanes: ${((Date.now() - started) / 1000).toFixed(1)} s`);
log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 ? 1 : 0);
