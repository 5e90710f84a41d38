// `npm run demo`: serves the package folder on http://127.0.0.1:8080 (PORT overrides it) for
// demo/index.html, with the MIME types the page needs. Stop it with Ctrl-C.

import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { startServer } from "../test/browser/server.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
if (!existsSync(join(root, "polymem-lower.wasm"))) {
  console.warn("note: polymem-lower.wasm is missing, so the page cannot lower: run `npm run build` first");
}
const port = Number(process.env.PORT ?? 8080);
const server = await startServer({ mounts: { "/": root }, port, maxLifetimeMs: Infinity });
console.log(`polymem demo: ${server.origin}/demo/`);
process.on("SIGINT", () => server.close().then(() => process.exit(0)));
